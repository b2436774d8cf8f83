/*
 * crt_calls.c: the C runtime's own string and format calls and strsafe.h's, which Windows
 * programs make around their Winsock calls: sprintf_s, _snprintf, _snprintf_s, _scprintf,
 * fprintf_s, fopen_s, strcpy_s, strncpy_s, strcat_s, memcpy_s, memmove_s, strtok_s, _stricmp,
 * _strnicmp, _strdup, gmtime_s, localtime_s, the invalid parameter handler, and StringCchCopyA,
 * StringCchCatA, StringCchPrintfA, StringCchLengthA, StringCbCopyA.
 *
 * Why: a service formats the addresses it logs and copies the names it resolves with these
 * calls; where a stack's runtime reads a format otherwise (a DWORD by `%lu`, a 64-bit count by
 * `%I64u`, a UTF-16 name by `%S`) or cuts a string otherwise, the service's text and its
 * decisions differ before any redirect IOCTL is made.  The model provides them (glibc has none),
 * so they are checked here against what the pages fix, on the model and on Windows alike.
 * Pages on learn.microsoft.com: "sprintf_s", "_snprintf", "_snprintf_s", "_scprintf", "Format
 * specification syntax", "Size prefixes for printf and wprintf format-type specifiers",
 * "strcpy_s", "strncpy_s", "strcat_s", "memcpy_s", "memmove_s", "strtok_s", "_stricmp", "_strdup",
 * "fopen_s", "fprintf_s", "gmtime_s", "localtime_s", "_set_invalid_parameter_handler", "Parameter
 * validation", "StringCchCopyA", "StringCchCatA", "StringCchPrintfA", "StringCchLengthA",
 * "StringCbCopyA".
 */
#include "cases.h"

#include <wfpcert/crt.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int handler_calls;
static void counting_handler(const wchar_t *expression, const wchar_t *function, const wchar_t *file, unsigned int line,
                             uintptr_t reserved) {
    (void)expression, (void)function, (void)file, (void)line, (void)reserved;
    handler_calls++;
}

static void format_rules(wc_ctx *c) {
    char buf[160];
    DWORD dw = 4000000000u;
    LONG neg = -5;
    unsigned long long big = 12345678901234ull;
    size_t z = 77;
    int n = sprintf_s(buf, sizeof buf, "%lu %ld %I64u %I64d %Iu %I32d", dw, neg, big, -(long long)big, z, 9);
    const char *want = "4000000000 -5 12345678901234 -12345678901234 77 9";
    wc_check(c, n == (int)strlen(want) && strcmp(buf, want) == 0,
             "sprintf_s with Microsoft's size prefixes (l is 32 bits, I64, I, I32): %d \"%s\"; expected %d \"%s\"", n,
             buf, (int)strlen(want), want);
    static const WCHAR wide[] = {'h', 'o', 's', 't', 0};
    n = sprintf_s(buf, sizeof buf, "[%S|%ws|%ls|%.2S|%6S|%-6S|%C]", wide, wide, wide, wide, wide, wide, (int)'x');
    want = "[host|host|host|ho|  host|host  |x]";
    wc_check(
        c, n == (int)strlen(want) && strcmp(buf, want) == 0,
        "sprintf_s of a UTF-16 string by %%S, %%ws, %%ls (with precision and width) and %%C: \"%s\"; expected \"%s\"",
        buf, want);
    static const WCHAR empty[] = {0}; /* an empty UTF-16 string prints nothing (mutant 203-2) */
    n = sprintf_s(buf, sizeof buf, "[%S|%4ls]", empty, empty);
    wc_check(c, n == 7 && strcmp(buf, "[|    ]") == 0,
             "sprintf_s of an empty UTF-16 string by %%S and %%4ls: %d \"%s\"; expected 7 \"[|    ]\"", n, buf);
    n = sprintf_s(buf, sizeof buf, "%p|%s|%5.1f|%-3d|%03x|%%|%c", (void *)(uintptr_t)0x1234abcd, (const char *)NULL,
                  2.25, 7, 10, 'z');
    want = "000000001234ABCD|(null)|  2.2|7  |00a|%|z";
    const char *also = "000000001234ABCD|(null)|  2.3|7  |00a|%|z"; /* 2.25 rounds either way by the page */
    wc_check(
        c, n == (int)strlen(want) && (strcmp(buf, want) == 0 || strcmp(buf, also) == 0),
        "sprintf_s of %%p (16 upper-case digits), a NULL %%s, %%5.1f, %%-3d, %%03x, %%%%, %%c: \"%s\"; expected \"%s\"",
        buf, want);
    n = _scprintf("%s-%d", "proxy", 42);
    wc_check(c, n == 8, "_scprintf(\"%%s-%%d\", \"proxy\", 42) = %d; expected 8 (the length, without the NUL)", n);
    n = sprintf_s(buf, sizeof buf, "%hhd|%hd|%12s|%-12s|%10.3d", 300, 70000, "right", "left", 7);
    want = "44|4464|       right|left        |       007";
    wc_check(c, n == (int)strlen(want) && strcmp(buf, want) == 0,
             "sprintf_s of %%hhd, %%hd and two-digit widths: \"%s\"; expected \"%s\"", buf, want);
    n = sprintf_s(buf, sizeof buf, "%*d|%-*s|%.*s|%*d|", 5, 42, 6, "ab", 2, "xyz", -4, 7);
    want = "   42|ab    |xy|7   |";
    wc_check(c, n == (int)strlen(want) && strcmp(buf, want) == 0,
             "sprintf_s with widths and precisions from the arguments (a negative width left-aligns): \"%s\"; "
             "expected \"%s\"",
             buf, want);
    n = sprintf_s(buf, sizeof buf, "%jd|%zu|%td", (intmax_t)-7, (size_t)77, (ptrdiff_t)-3);
    want = "-7|77|-3";
    wc_check(c, n == (int)strlen(want) && strcmp(buf, want) == 0,
             "sprintf_s of the C99 prefixes j, z, t: \"%s\"; expected \"%s\"", buf, want);
    /* pieces longer than any small buffer a runtime might format them in */
    static char longtext[301];
    static WCHAR longwide[301];
    for (int i = 0; i < 300; i++) longtext[i] = (char)('a' + i % 26), longwide[i] = (WCHAR)('A' + i % 26);
    static char big_out[1024];
    n = sprintf_s(big_out, sizeof big_out, "[%s|%S|%305d]", longtext, longwide, 5);
    int ok = n == 1 + 300 + 1 + 300 + 1 + 305 + 1 && big_out[0] == '[' && memcmp(big_out + 1, longtext, 300) == 0 &&
             big_out[301] == '|' && big_out[302] == 'A' && big_out[601] == 'N' && big_out[602] == '|' &&
             big_out[603] == ' ' && big_out[907] == '5' && big_out[908] == ']' && big_out[909] == '\0';
    wc_check(c, ok,
             "sprintf_s of a 300-character %%s, a 300-character %%S and %%305d: %d characters; expected 909, "
             "each piece whole",
             n);
}

static void snprintf_cuts(wc_ctx *c) {
    char buf[16];
    memset(buf, '#', sizeof buf);
    int n = _snprintf(buf, 8, "%s", "abc");
    wc_check(c, n == 3 && strcmp(buf, "abc") == 0,
             "_snprintf(8, \"abc\") = %d \"%.8s\"; expected 3 \"abc\" with its NUL", n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 8, "%s", "abcdefgh");
    wc_check(c, n == 8 && memcmp(buf, "abcdefgh#", 9) == 0,
             "_snprintf(8, 8 characters) = %d, \"%.9s\"; expected 8 and the 8 characters without a NUL (\"abcdefgh#\")",
             n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 8, "%s", "abcdefghijk");
    wc_check(c, n < 0 && memcmp(buf, "abcdefgh#", 9) == 0,
             "_snprintf(8, 11 characters) = %d, \"%.9s\"; expected a negative value and 8 characters, no NUL", n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf_s(buf, 8, _TRUNCATE, "%s", "abcdefghijk");
    wc_check(c, n == -1 && strcmp(buf, "abcdefg") == 0,
             "_snprintf_s(size 8, _TRUNCATE, 11 characters) = %d \"%s\"; expected -1 and \"abcdefg\"", n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf_s(buf, 16, 4, "%s", "abcdefghijk");
    wc_check(c, n == -1 && strcmp(buf, "abcd") == 0,
             "_snprintf_s(size 16, count 4, 11 characters) = %d \"%s\"; expected -1 and \"abcd\"", n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf_s(buf, 16, 5, "%s", "12345");
    wc_check(c, n == 5 && strcmp(buf, "12345") == 0,
             "_snprintf_s(size 16, count 5, 5 characters) = %d \"%s\"; expected 5 and the text whole", n, buf);
    n = _snprintf_s(buf, 16, 10, "%d", 12345);
    wc_check(c, n == 5 && strcmp(buf, "12345") == 0, "_snprintf_s(size 16, count 10, 12345) = %d \"%s\"; expected 5", n,
             buf);
}

static void secure_copies(wc_ctx *c) {
    char buf[16];
    errno_t e = strcpy_s(buf, sizeof buf, "proxy");
    wc_check(c, e == 0 && strcmp(buf, "proxy") == 0, "strcpy_s(16, \"proxy\") = %d \"%s\"; expected 0", (int)e, buf);
    e = strcat_s(buf, sizeof buf, "-one");
    wc_check(c, e == 0 && strcmp(buf, "proxy-one") == 0, "strcat_s(16, \"-one\") = %d \"%s\"; expected 0 \"proxy-one\"",
             (int)e, buf);
    e = strncpy_s(buf, sizeof buf, "redirected", 5);
    wc_check(c, e == 0 && strcmp(buf, "redir") == 0,
             "strncpy_s(16, \"redirected\", 5) = %d \"%s\"; expected 0 \"redir\"", (int)e, buf);
    memset(buf, '#', sizeof buf);
    e = strncpy_s(buf, 6, "redirected", _TRUNCATE);
    wc_check(c, e == STRUNCATE && strcmp(buf, "redir") == 0,
             "strncpy_s(6, \"redirected\", _TRUNCATE) = %d \"%s\"; expected STRUNCATE (80) \"redir\"", (int)e, buf);
    unsigned char bytes[8] = {0};
    e = memcpy_s(bytes, sizeof bytes, "\x01\x02\x03", 3);
    wc_check(c, e == 0 && bytes[0] == 1 && bytes[2] == 3 && bytes[3] == 0, "memcpy_s(8, 3 bytes) = %d; expected 0",
             (int)e);
    unsigned char mv[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    e = memmove_s(mv + 2, 6, mv, 4);
    errno_t e0 = memmove_s(NULL, 0, NULL, 0);
    wc_check(c, e == 0 && mv[2] == 1 && mv[5] == 4 && mv[6] == 7 && e0 == 0,
             "memmove_s of 4 overlapping bytes 2 on = %d (%u %u %u), of nothing to NULL = %d; expected 0, 1 4 7, 0",
             (int)e, mv[2], mv[5], mv[6], (int)e0);
    char line[] = "GET /a HTTP/1.1";
    char *ctx = NULL;
    char *t1 = strtok_s(line, " ", &ctx), *t2 = strtok_s(NULL, " ", &ctx), *t3 = strtok_s(NULL, " ", &ctx);
    char *t4 = strtok_s(NULL, " ", &ctx);
    wc_check(c, t1 && t2 && t3 && !t4 && !strcmp(t1, "GET") && !strcmp(t2, "/a") && !strcmp(t3, "HTTP/1.1"),
             "strtok_s over \"GET /a HTTP/1.1\": expected GET, /a, HTTP/1.1, then NULL");
    wc_check(c,
             _stricmp("Proxy-A", "pROXY-a") == 0 && _stricmp("abc", "abd") < 0 && _strnicmp("HOSTx", "hosty", 4) == 0,
             "_stricmp and _strnicmp: expected equal without regard to case, and \"abc\" before \"abd\"");
    const char *name = "vendor";
    struct tm tm;
    time_t year = 365 * 86400;
    e = gmtime_s(&tm, &year);
    wc_check(c, e == 0 && tm.tm_year == 71 && tm.tm_mon == 0 && tm.tm_mday == 1 && tm.tm_hour == 0,
             "gmtime_s of 365 days: %d, %d-%d-%d %d h; expected 0, 1971-1-1 0 h", (int)e, tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
    e = localtime_s(&tm, &year);
    wc_check(c, e == 0 && tm.tm_year >= 70 && tm.tm_year <= 71, "localtime_s of 365 days: %d, year %d", (int)e,
             tm.tm_year + 1900);
    char *d = _strdup(name);
    wc_check(c, d && strcmp(d, name) == 0 && d != name, "_strdup(\"vendor\"): expected a new copy");
    free(d);
}

static void files(wc_ctx *c) {
    char name[64];
    snprintf(name, sizeof name, "wfpcert-crt-%lu.tmp", (unsigned long)GetCurrentProcessId());
    FILE *f = NULL;
    errno_t e = fopen_s(&f, name, "w+");
    if (!wc_check(c, e == 0 && f, "fopen_s(\"%s\", \"w+\") = %d; expected 0 and a stream", name, (int)e)) return;
    static const WCHAR wide[] = {'v', 'e', 'n', 'd', 'o', 'r', 0};
    int n = fprintf_s(f, "%I64u|%S|%lu", 12345678901234ull, wide, (DWORD)4000000000u);
    int none = fprintf_s(f, "%s", "");
    char got[64] = {0};
    rewind(f);
    size_t r = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    remove(name);
    const char *want = "12345678901234|vendor|4000000000";
    wc_check(c, n == (int)strlen(want) && none == 0 && r == strlen(want) && strcmp(got, want) == 0,
             "fprintf_s with Microsoft's formats = %d (and %d for nothing), the file \"%s\"; expected %d, 0, \"%s\"", n,
             none, got, (int)strlen(want), want);
    f = (FILE *)1;
    e = fopen_s(&f, "wfpcert-no-such-directory/x.tmp", "r");
    wc_check(c, e == ENOENT && f == NULL,
             "fopen_s of a name in a directory that does not exist = %d, stream %s; expected ENOENT (2) and NULL",
             (int)e, f ? "set" : "NULL");
}

/* vsprintf_s as a program's own logging wrapper calls it. */
static int vsprintf_s_of(char *buffer, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsprintf_s(buffer, size, fmt, ap);
    va_end(ap);
    return n;
}

/* With a handler set, the bad calls return their errors, empty what they must, and call it. */
static void invalid_parameters(wc_ctx *c) {
    _invalid_parameter_handler old = _set_invalid_parameter_handler(counting_handler);
    char buf[8];
    handler_calls = 0;
    errno = 0;
    memset(buf, '#', sizeof buf);
    int n = sprintf_s(buf, sizeof buf, "%s", "too long for it");
    wc_check(c, n == -1 && buf[0] == '\0' && handler_calls == 1,
             "sprintf_s of 15 characters into 8 = %d, buf[0] %d, handler called %d times; expected -1, the buffer "
             "emptied, the handler once",
             n, buf[0], handler_calls);
    /* "vsprintf_s": buffer NULL or sizeOfBuffer 0 is an invalid parameter, -1 and EINVAL */
    for (int i = 0; i < 2; i++) {
        handler_calls = 0;
        errno = 0;
        memset(buf, '#', sizeof buf);
        n = i == 0 ? vsprintf_s_of(NULL, sizeof buf, "%d", 7) : vsprintf_s_of(buf, 0, "%d", 7);
        int err = errno;
        wc_check(c, n == -1 && err == EINVAL && handler_calls == 1 && buf[0] == '#',
                 "vsprintf_s with %s = %d, errno %d, buf[0] %d, handler %d; expected -1, EINVAL, nothing written, once",
                 i == 0 ? "buffer NULL" : "size 0", n, err, buf[0], handler_calls);
    }
    /* "_vsnprintf": buffer NULL with a count is an invalid parameter, -1 (mutant 202-6) */
    handler_calls = 0;
    n = _snprintf(NULL, 5, "%d", 7);
    wc_check(c, n == -1 && handler_calls == 1,
             "_snprintf to a NULL buffer of count 5 = %d, handler %d; expected -1, once", n, handler_calls);
    /* "fprintf_s": a NULL stream is an invalid parameter, -1 and EINVAL (mutant 190-2: -2 passed) */
    handler_calls = 0;
    errno = 0;
    n = fprintf_s(NULL, "%d", 7);
    int err = errno;
    wc_check(c, n == -1 && err == EINVAL && handler_calls == 1,
             "fprintf_s to a NULL stream = %d, errno %d, handler %d; expected -1, EINVAL, once", n, err, handler_calls);
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    errno_t e = strcpy_s(buf, sizeof buf, "too long for it");
    wc_check(c, e == ERANGE && buf[0] == '\0' && handler_calls == 1,
             "strcpy_s of 15 characters into 8 = %d, buf[0] %d, handler %d; expected ERANGE, emptied, once", (int)e,
             buf[0], handler_calls);
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    e = strcpy_s(buf, sizeof buf, NULL);
    wc_check(c, e == EINVAL && buf[0] == '\0' && handler_calls == 1,
             "strcpy_s with src NULL = %d, buf[0] %d, handler %d; expected EINVAL, emptied, once", (int)e, buf[0],
             handler_calls);
    handler_calls = 0;
    strcpy_s(buf, sizeof buf, "abcd");
    e = strcat_s(buf, sizeof buf, "efgh");
    wc_check(c, e == ERANGE && buf[0] == '\0' && handler_calls == 1,
             "strcat_s of \"efgh\" onto \"abcd\" in 8 = %d, buf[0] %d, handler %d; expected ERANGE, emptied, once",
             (int)e, buf[0], handler_calls);
    /* a source longer than the room left, not only as long (mutant 202-3 measured it against the
     * whole buffer and copied past its end) */
    handler_calls = 0;
    strcpy_s(buf, sizeof buf, "abcd");
    e = strcat_s(buf, sizeof buf, "efghij");
    wc_check(c, e == ERANGE && buf[0] == '\0' && handler_calls == 1,
             "strcat_s of \"efghij\" onto \"abcd\" in 8 = %d, buf[0] %d, handler %d; expected ERANGE, emptied, once",
             (int)e, buf[0], handler_calls);
    handler_calls = 0;
    e = strncpy_s(buf, 4, "abcdef", 5);
    wc_check(c, e == ERANGE && buf[0] == '\0' && handler_calls == 1,
             "strncpy_s(4, \"abcdef\", 5) = %d, buf[0] %d, handler %d; expected ERANGE, emptied, once", (int)e, buf[0],
             handler_calls);
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    e = memcpy_s(buf, 4, "abcdef", 6);
    wc_check(c, e == ERANGE && !memcmp(buf, "\0\0\0\0####", 8) && handler_calls == 1,
             "memcpy_s(size 4, 6 bytes) = %d, handler %d; expected ERANGE, the 4 bytes zeroed and no more, once",
             (int)e, handler_calls);
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    e = strcpy_s(buf, 0, "a");
    wc_check(c, e != 0 && buf[0] == '#' && handler_calls == 1,
             "strcpy_s with size 0 = %d, buf[0] '%c', handler %d; expected an error, nothing written, once", (int)e,
             buf[0], handler_calls);
    if (wc_on_model(c)) { /* no buffer, no size, no count: the page does not say (wine's msvcrt counts the text) */
        handler_calls = 0;
        n = _snprintf_s(NULL, 0, 0, "%s", "text");
        wc_model_answer(c, "_snprintf_s.nothing", "%d, handler %d", n, handler_calls);
    }
    /* "strncpy_s": strDest NULL or numberOfElements 0 (with a count) is an invalid parameter, EINVAL
     * (mutant 191-1) */
    for (int i = 0; i < 2; i++) {
        handler_calls = 0;
        memset(buf, '#', sizeof buf);
        e = i == 0 ? strncpy_s(NULL, sizeof buf, "abc", 2) : strncpy_s(buf, 0, "abc", 2);
        wc_check(c, e == EINVAL && handler_calls == 1 && buf[0] == '#',
                 "strncpy_s with %s = %d, buf[0] %d, handler %d; expected EINVAL, nothing written, once",
                 i == 0 ? "strDest NULL" : "numberOfElements 0", (int)e, buf[0], handler_calls);
    }
    handler_calls = 0;
    e = strncpy_s(NULL, 0, "abc", 0);
    wc_check(c, e == 0 && handler_calls == 0,
             "strncpy_s of nothing (count 0) to no buffer of size 0 = %d, handler %d; expected 0, not called", (int)e,
             handler_calls);
    char *none = NULL;
    char *tok = strtok_s(NULL, " ", &none);
    wc_check(c, tok == NULL && handler_calls == 1,
             "strtok_s with no string and no context to go on with: %s, handler %d; expected NULL, once",
             tok ? "a token" : "NULL", handler_calls);
    /* "fopen_s, _wfopen_s", Error conditions: a NULL filename or mode is an invalid parameter,
     * EINVAL, the contents of pFile unchanged (mutant 199-6: a NULL mode reached fopen; the model
     * cleared *pFile first until wine 8.0 showed the table right) */
    for (int i = 0; i < 2; i++) {
        handler_calls = 0;
        FILE *fp = (FILE *)buf;
        e = i == 0 ? fopen_s(&fp, "wfpcert-never-made.txt", NULL) : fopen_s(&fp, NULL, "r");
        wc_check(c, e == EINVAL && fp == (FILE *)buf && handler_calls == 1,
                 "fopen_s with %s NULL = %d, *pFile %s, handler %d; expected EINVAL, *pFile unchanged, once",
                 i == 0 ? "the mode" : "the name", (int)e, fp == (FILE *)buf ? "unchanged" : "changed", handler_calls);
    }
    /* "_stricmp, _wcsicmp, ...": a NULL string is an invalid parameter; the comparison answers
     * _NLSCMPERROR (INT_MAX) with errno EINVAL (mutant 198-3) */
    for (int i = 0; i < 2; i++) {
        handler_calls = 0;
        errno = 0;
        int r = i == 0 ? _stricmp(NULL, "a") : _strnicmp("a", NULL, 1);
        err = errno;
        wc_check(c, r == INT_MAX && err == EINVAL && handler_calls == 1,
                 "%s with a NULL string = %d, errno %d, handler %d; expected _NLSCMPERROR (%d), EINVAL, once",
                 i == 0 ? "_stricmp" : "_strnicmp", r, err, handler_calls, INT_MAX);
    }
    /* "memcpy_s": a count of 0 copies nothing and succeeds, whatever the other arguments (mutant
     * 201-4) */
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    e = memcpy_s(buf, sizeof buf, NULL, 0);
    wc_check(c, e == 0 && handler_calls == 0 && buf[0] == '#',
             "memcpy_s of 0 bytes from NULL = %d, handler %d; expected 0, not called, nothing written", (int)e,
             handler_calls);
    handler_calls = 0;
    e = memcpy_s(NULL, 0, "a", 1);
    wc_check(c, e == EINVAL && handler_calls == 1, "memcpy_s to NULL = %d, handler %d; expected EINVAL, once", (int)e,
             handler_calls);
    handler_calls = 0;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    time_t before = -1;
    e = gmtime_s(&tm, &before);
    errno_t e2 = localtime_s(NULL, &before);
    wc_check(c,
             e == EINVAL && tm.tm_year == -1 && tm.tm_mday == -1 && tm.tm_isdst == -1 && e2 == EINVAL &&
                 handler_calls == 2,
             "gmtime_s of -1 = %d (year field %d, isdst %d), localtime_s into NULL = %d, handler %d; expected EINVAL "
             "with every field -1, EINVAL, twice",
             (int)e, tm.tm_year, tm.tm_isdst, (int)e2, handler_calls);
    if (wc_on_model(c)) { /* %n: refused by the UCRT's default; an old msvcrt.dll writes it */
        handler_calls = 0;
        int count = 0;
        n = sprintf_s(buf, sizeof buf, "ab%n", &count);
        wc_check(c, n == -1 && count == 0 && handler_calls == 1,
                 "sprintf_s with %%n = %d, count %d, handler %d; expected -1, nothing counted, the handler once", n,
                 count, handler_calls);
    }
    _set_invalid_parameter_handler(old);
}

static void strsafe_calls(wc_ctx *c) {
    char buf[8];
    HRESULT hr = StringCchCopyA(buf, sizeof buf, "abc");
    wc_check(c, hr == S_OK && strcmp(buf, "abc") == 0, "StringCchCopyA(8, \"abc\") = 0x%08lx \"%s\"; expected S_OK",
             (unsigned long)hr, buf);
    hr = StringCchCopyA(buf, sizeof buf, "abcdefghij");
    wc_check(
        c, hr == STRSAFE_E_INSUFFICIENT_BUFFER && strcmp(buf, "abcdefg") == 0,
        "StringCchCopyA(8, 10 characters) = 0x%08lx \"%s\"; expected STRSAFE_E_INSUFFICIENT_BUFFER and \"abcdefg\"",
        (unsigned long)hr, buf);
    memset(buf, '#', sizeof buf);
    hr = StringCchCopyA(buf, 0, "a");
    wc_check(c, hr == STRSAFE_E_INVALID_PARAMETER && buf[0] == '#',
             "StringCchCopyA with cchDest 0 = 0x%08lx, buf[0] '%c'; expected STRSAFE_E_INVALID_PARAMETER, untouched",
             (unsigned long)hr, buf[0]);
    StringCchCopyA(buf, sizeof buf, "abc");
    hr = StringCchCatA(buf, sizeof buf, "defgh");
    wc_check(c, hr == STRSAFE_E_INSUFFICIENT_BUFFER && strcmp(buf, "abcdefg") == 0,
             "StringCchCatA of \"defgh\" onto \"abc\" in 8 = 0x%08lx \"%s\"; expected STRSAFE_E_INSUFFICIENT_BUFFER "
             "\"abcdefg\"",
             (unsigned long)hr, buf);
    hr = StringCchPrintfA(buf, sizeof buf, "%s:%u", "10.0.0.1", 80u);
    wc_check(c, hr == STRSAFE_E_INSUFFICIENT_BUFFER && strcmp(buf, "10.0.0.") == 0,
             "StringCchPrintfA(8, \"%%s:%%u\") = 0x%08lx \"%s\"; expected STRSAFE_E_INSUFFICIENT_BUFFER \"10.0.0.\"",
             (unsigned long)hr, buf);
    hr = StringCchPrintfA(buf, sizeof buf, "%lu/%d", (DWORD)7, 8);
    wc_check(c, hr == S_OK && strcmp(buf, "7/8") == 0,
             "StringCchPrintfA(8, \"%%lu/%%d\") = 0x%08lx \"%s\"; expected S_OK", (unsigned long)hr, buf);
    /* the boundary: seven characters and the terminator fill eight exactly (mutation testing, seed 177) */
    hr = StringCchPrintfA(buf, sizeof buf, "%s%d", "123456", 7);
    wc_check(c, hr == S_OK && strcmp(buf, "1234567") == 0,
             "StringCchPrintfA(8) of 7 characters = 0x%08lx \"%s\"; expected S_OK \"1234567\"", (unsigned long)hr, buf);
    /* StringCchCopyNA's cchToCopy may be STRSAFE_MAX_CCH itself, not more (mutation testing, seed 179) */
    hr = StringCchCopyNA(buf, sizeof buf, "abc", STRSAFE_MAX_CCH);
    wc_check(c, hr == S_OK && strcmp(buf, "abc") == 0,
             "StringCchCopyNA(8, \"abc\", STRSAFE_MAX_CCH) = 0x%08lx \"%s\"; expected S_OK \"abc\"", (unsigned long)hr,
             buf);
    hr = StringCchCopyNA(buf, sizeof buf, "abc", (size_t)STRSAFE_MAX_CCH + 1);
    wc_check(c, hr == STRSAFE_E_INVALID_PARAMETER,
             "StringCchCopyNA with cchToCopy past STRSAFE_MAX_CCH = 0x%08lx; expected STRSAFE_E_INVALID_PARAMETER",
             (unsigned long)hr);
    size_t len = 99;
    hr = StringCchLengthA("abc", 8, &len);
    wc_check(c, hr == S_OK && len == 3, "StringCchLengthA(\"abc\", 8) = 0x%08lx, %zu; expected S_OK, 3",
             (unsigned long)hr, len);
    len = 99;
    hr = StringCchLengthA("abcdefgh", 8, &len);
    wc_check(c, hr == STRSAFE_E_INVALID_PARAMETER && len == 0,
             "StringCchLengthA of 8 characters with cchMax 8 = 0x%08lx, %zu; expected STRSAFE_E_INVALID_PARAMETER, 0",
             (unsigned long)hr, len);
    hr = StringCbCopyA(buf, 4, "abcdef");
    wc_check(c, hr == STRSAFE_E_INSUFFICIENT_BUFFER && strcmp(buf, "abc") == 0,
             "StringCbCopyA(4 bytes, \"abcdef\") = 0x%08lx \"%s\"; expected STRSAFE_E_INSUFFICIENT_BUFFER \"abc\"",
             (unsigned long)hr, buf);
    if (wc_on_model(c)) { /* the pages leave NULL strings undefined; the model refuses them */
        memset(buf, '#', sizeof buf);
        HRESULT a = StringCchCopyA(buf, sizeof buf, NULL), b = StringCchCatA(NULL, 8, "x");
        HRESULT p = StringCchPrintfA(buf, sizeof buf, NULL);
        wc_model_answer(c, "StringCch.null", "%s, buf %s",
                        a == STRSAFE_E_INVALID_PARAMETER && b == a && p == a ? "STRSAFE_E_INVALID_PARAMETER" : "other",
                        buf[0] == '#' ? "untouched" : "written");
    }
}

/* "_itoa, _ltoa, _ultoa, _i64toa, _ui64toa, ..." page: the digits in lower case in radix 2 to 36,
 * "if radix equals 10 and value is negative, the first character of the stored string is the
 * minus sign"; another radix writes the value as unsigned, the two's complement of its width;
 * "_itoa_s, _ltoa_s, ...": a size 0 is EINVAL, a buffer too small ERANGE with the buffer emptied,
 * each through the invalid parameter handler.  Older code builds its log lines and port texts
 * this way. */
static void integer_text(wc_ctx *c) {
    char buf[80];
    static const struct {
        const char *what, *want;
    } t[6] = {{"_itoa(-255, 10)", "-255"},
              {"_itoa(-255, 16)", "ffffff01"},
              {"_itoa(255, 2)", "11111111"},
              {"_ultoa(4000000000, 10)", "4000000000"},
              {"_i64toa(-1, 16)", "ffffffffffffffff"},
              {"_ui64toa(18446744073709551615, 36)", "3w5e11264sgsf"}};
    for (int i = 0; i < 6; i++) {
        memset(buf, '#', sizeof buf);
        char *r = i == 0   ? _itoa(-255, buf, 10)
                  : i == 1 ? _itoa(-255, buf, 16)
                  : i == 2 ? _itoa(255, buf, 2)
                  : i == 3 ? _ultoa(4000000000ul, buf, 10)
                  : i == 4 ? _i64toa(-1, buf, 16)
                           : _ui64toa(18446744073709551615ull, buf, 36);
        wc_check(c, r == buf && strcmp(buf, t[i].want) == 0, "%s: \"%.40s\"; expected \"%s\" in the buffer", t[i].what,
                 buf, t[i].want);
    }
    _invalid_parameter_handler old = _set_invalid_parameter_handler(counting_handler);
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    errno_t e = _itoa_s(12345, buf, 5, 10);
    wc_check(c, e == ERANGE && buf[0] == '\0' && handler_calls == 1,
             "_itoa_s(12345) into 5 bytes: %d, buf[0] %d, handler %d; expected ERANGE, emptied, once", (int)e, buf[0],
             handler_calls);
    handler_calls = 0;
    memset(buf, '#', sizeof buf);
    e = _itoa_s(12345, buf, 6, 10);
    wc_check(c, e == 0 && strcmp(buf, "12345") == 0 && handler_calls == 0,
             "_itoa_s(12345) into 6 bytes: %d \"%.8s\", handler %d; expected 0 \"12345\"", (int)e, buf, handler_calls);
    handler_calls = 0;
    e = _itoa_s(1, buf, 0, 10);
    wc_check(c, e == EINVAL && handler_calls == 1, "_itoa_s with size 0: %d, handler %d; expected EINVAL, once", (int)e,
             handler_calls);
    /* the unsigned one: the largest value is no negative number (mutant 204-4) */
    char big[24];
    handler_calls = 0;
    e = _ui64toa_s(18446744073709551615ull, big, sizeof big, 10);
    wc_check(c, e == 0 && strcmp(big, "18446744073709551615") == 0 && handler_calls == 0,
             "_ui64toa_s(18446744073709551615) in radix 10: %d \"%.22s\"; expected 0 \"18446744073709551615\"", (int)e,
             big);
    handler_calls = 0;
    e = _i64toa_s(1, buf, sizeof buf, 37);
    wc_check(c, e == EINVAL && buf[0] == '\0' && handler_calls == 1,
             "_i64toa_s in radix 37: %d, buf[0] %d, handler %d; expected EINVAL, emptied, once", (int)e, buf[0],
             handler_calls);
    _set_invalid_parameter_handler(old);
}

/* "wsprintfA function": Microsoft's format rules (a long is 32 bits, %lX of a DWORD), width,
 * precision, the '-', '0' and '#' flags, "(null)" for a NULL string; the answer is the characters
 * stored without the terminator; "The maximum size of the buffer is 1,024 bytes": nothing past
 * it is written, whatever the text's length.  Older code builds its log and status lines this way. */
static void wsprintf_rules(wc_ctx *c) {
    static char buf[2048];
    memset(buf, '#', sizeof buf);
    int n =
        wsprintfA(buf, "%d|%5u|%-4s|%x|%lX|%c|%03d|%#x|%.2s", -7, 42u, "ab", 255u, (DWORD)0xBEEFu, 'Z', 5, 255u, "xyz");
    static const char want[] = "-7|   42|ab  |ff|BEEF|Z|005|0xff|xy";
    wc_check(c, n == (int)sizeof want - 1 && strcmp(buf, want) == 0, "wsprintfA: %d \"%.60s\"; expected %d \"%s\"", n,
             buf, (int)sizeof want - 1, want);
    static char longtext[1500];
    memset(longtext, 'L', sizeof longtext - 1);
    memset(buf, '#', sizeof buf);
    n = wsprintfA(buf, "%s", longtext);
    size_t past = 1024;
    while (past < sizeof buf && buf[past] == '#') past++;
    wc_safety(c, past == sizeof buf, "wsprintfA of a %u-character text wrote byte %u, past its 1,024-byte buffer",
              (unsigned)sizeof longtext - 1, (unsigned)past);
    wc_check(c, n >= 0 && n <= 1024 && buf[0] == 'L',
             "wsprintfA of a %u-character text: %d; expected at most 1,024 characters stored",
             (unsigned)sizeof longtext - 1, n);
}

static const wc_case cases[] = {
    WC_CASE("S3.crt.format-rules", "S3", "#remarks", WC_MUST,
            "sprintf_s reads Microsoft's size prefixes (l 32 bits, I64, I, I32), prints UTF-16 by %S, %ws, %ls and %C, "
            "%p as 16 upper-case digits and a NULL %s as (null); _scprintf gives the length",
            format_rules),
    WC_CASE("S3.crt.snprintf-cuts", "S3", "#remarks", WC_MUST,
            "_snprintf stores the NUL only when it fits and is negative when cut; _snprintf_s cuts at _TRUNCATE or "
            "count and returns -1",
            snprintf_cuts),
    WC_CASE("S3.crt.secure-copies", "S3", "#remarks", WC_MUST,
            "strcpy_s, strcat_s, strncpy_s (STRUNCATE with _TRUNCATE), memcpy_s, memmove_s, strtok_s, _stricmp, "
            "_strnicmp, _strdup, gmtime_s and localtime_s as their pages say",
            secure_copies),
    WC_CASE("S3.crt.files", "S3", "#remarks", WC_MUST,
            "fopen_s opens and answers ENOENT with the stream NULL; fprintf_s writes by Microsoft's format rules",
            files),
    WC_CASE("S3.crt.invalid-parameter", "S3", "#remarks", WC_MUST,
            "with a handler set, a bad sprintf_s, strcpy_s, strcat_s, strncpy_s or memcpy_s calls it once, returns its "
            "error and empties (or zeroes) its destination",
            invalid_parameters),
    WC_CASE("S3.win32.wsprintf", "S3", "#remarks", WC_MUST,
            "wsprintfA: Microsoft's sizes, width, precision and flags, the count without the terminator; nothing "
            "written past 1,024 bytes for a longer text",
            wsprintf_rules),
    WC_CASE("S3.crt.integer-text", "S3", "#remarks", WC_MUST,
            "_itoa, _ultoa, _i64toa, _ui64toa: lower-case digits in radix 2 to 36, a minus sign only in radix 10, "
            "two's complement otherwise; _itoa_s: ERANGE for a short buffer (emptied), EINVAL for size 0 and radix 37",
            integer_text),
    WC_CASE("S3.crt.strsafe", "S3", "#remarks", WC_MUST,
            "StringCchCopyA, StringCchCatA, StringCchPrintfA, StringCbCopyA: S_OK, or "
            "STRSAFE_E_INSUFFICIENT_BUFFER with what fits; cchDest 0 refused untouched; StringCchLengthA",
            strsafe_calls),
};

WC_TABLE(wc_crt_calls, cases);
