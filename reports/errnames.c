/*
 * errnames.c: the error-code name table (errnames.h) and the annotation that every report
 * writer applies to the texts a case produced.  Cases and oracles print codes as numbers
 * (they compare numbers); readers of a report want names, so the names are added when a
 * report is written, in one place, instead of in hundreds of format strings.
 *
 * The values are those of winerror.h, ntstatus.h and fwpmu.h (as include/wfpcert/winsock.h
 * declares them for the model); this file keeps its own copy because the reports library
 * must not depend on a Winsock header.
 */
#include "errnames.h"
#include "run.h" /* wr_xrealloc */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { WSA, W32, NT } err_kind; /* decimal >= 10000, decimal small, hexadecimal */

typedef struct err_entry {
    unsigned long code;
    err_kind kind;
    const char *name;
} err_entry;

static const err_entry table[] = {
    {10004, WSA, "WSAEINTR"},
    {10009, WSA, "WSAEBADF"},
    {10013, WSA, "WSAEACCES"},
    {10014, WSA, "WSAEFAULT"},
    {10022, WSA, "WSAEINVAL"},
    {10024, WSA, "WSAEMFILE"},
    {10035, WSA, "WSAEWOULDBLOCK"},
    {10036, WSA, "WSAEINPROGRESS"},
    {10037, WSA, "WSAEALREADY"},
    {10038, WSA, "WSAENOTSOCK"},
    {10039, WSA, "WSAEDESTADDRREQ"},
    {10040, WSA, "WSAEMSGSIZE"},
    {10041, WSA, "WSAEPROTOTYPE"},
    {10042, WSA, "WSAENOPROTOOPT"},
    {10043, WSA, "WSAEPROTONOSUPPORT"},
    {10044, WSA, "WSAESOCKTNOSUPPORT"},
    {10045, WSA, "WSAEOPNOTSUPP"},
    {10046, WSA, "WSAEPFNOSUPPORT"},
    {10047, WSA, "WSAEAFNOSUPPORT"},
    {10048, WSA, "WSAEADDRINUSE"},
    {10049, WSA, "WSAEADDRNOTAVAIL"},
    {10050, WSA, "WSAENETDOWN"},
    {10051, WSA, "WSAENETUNREACH"},
    {10052, WSA, "WSAENETRESET"},
    {10053, WSA, "WSAECONNABORTED"},
    {10054, WSA, "WSAECONNRESET"},
    {10055, WSA, "WSAENOBUFS"},
    {10056, WSA, "WSAEISCONN"},
    {10057, WSA, "WSAENOTCONN"},
    {10058, WSA, "WSAESHUTDOWN"},
    {10060, WSA, "WSAETIMEDOUT"},
    {10061, WSA, "WSAECONNREFUSED"},
    {10064, WSA, "WSAEHOSTDOWN"},
    {10065, WSA, "WSAEHOSTUNREACH"},
    {10091, WSA, "WSASYSNOTREADY"},
    {10092, WSA, "WSAVERNOTSUPPORTED"},
    {10093, WSA, "WSANOTINITIALISED"},
    {10101, WSA, "WSAEDISCON"},
    {10108, WSA, "WSASERVICE_NOT_FOUND"},
    {1, W32, "ERROR_INVALID_FUNCTION"},
    {5, W32, "ERROR_ACCESS_DENIED"},
    {6, W32, "ERROR_INVALID_HANDLE"},
    {8, W32, "ERROR_NOT_ENOUGH_MEMORY"},
    {50, W32, "ERROR_NOT_SUPPORTED"},
    {64, W32, "ERROR_NETNAME_DELETED"},
    {87, W32, "ERROR_INVALID_PARAMETER"},
    {122, W32, "ERROR_INSUFFICIENT_BUFFER"},
    {234, W32, "ERROR_MORE_DATA"},
    {317, W32, "ERROR_MR_MID_NOT_FOUND"},
    {534, W32, "ERROR_ARITHMETIC_OVERFLOW"},
    {995, W32, "ERROR_OPERATION_ABORTED"},
    {996, W32, "ERROR_IO_INCOMPLETE"},
    {997, W32, "ERROR_IO_PENDING"},
    {998, W32, "ERROR_NOACCESS"},
    {1168, W32, "ERROR_NOT_FOUND"},
    {1225, W32, "ERROR_CONNECTION_REFUSED"},
    {1229, W32, "ERROR_CONNECTION_INVALID"},
    {1450, W32, "ERROR_NO_SYSTEM_RESOURCES"},
    {0x00000103, NT, "STATUS_PENDING"},
    {0x80000005, NT, "STATUS_BUFFER_OVERFLOW"},
    {0xC0000005, NT, "STATUS_ACCESS_VIOLATION"},
    {0xC0000008, NT, "STATUS_INVALID_HANDLE"},
    {0xC000000D, NT, "STATUS_INVALID_PARAMETER"},
    {0xC0000010, NT, "STATUS_INVALID_DEVICE_REQUEST"},
    {0xC0000022, NT, "STATUS_ACCESS_DENIED"},
    {0xC0000023, NT, "STATUS_BUFFER_TOO_SMALL"},
    {0xC0000095, NT, "STATUS_INTEGER_OVERFLOW"},
    {0xC000009A, NT, "STATUS_INSUFFICIENT_RESOURCES"},
    {0xC00000A3, NT, "STATUS_DEVICE_NOT_READY"},
    {0xC00000BB, NT, "STATUS_NOT_SUPPORTED"},
    {0xC0000120, NT, "STATUS_CANCELLED"},
    {0xC000020C, NT, "STATUS_CONNECTION_DISCONNECTED"},
    {0xC000020D, NT, "STATUS_CONNECTION_RESET"},
    {0xC0000140, NT, "STATUS_INVALID_CONNECTION"},
    {0xC0000225, NT, "STATUS_NOT_FOUND"},
    {0xC0000236, NT, "STATUS_CONNECTION_REFUSED"},
    {0xC0220008, NT, "STATUS_FWP_NOT_FOUND"},
    {0xC0220103, NT, "STATUS_FWP_CANNOT_PEND"},
    {0x80320008, NT, "FWP_E_NOT_FOUND"},
};
enum { NTABLE = sizeof table / sizeof table[0] };

static const err_entry *by_code(unsigned long code, int hex) {
    for (size_t i = 0; i < NTABLE; i++)
        if (table[i].code == code && (table[i].kind == NT) == hex) return &table[i];
    return NULL;
}

static const err_entry *by_name(const char *s, size_t n) {
    for (size_t i = 0; i < NTABLE; i++)
        if (strlen(table[i].name) == n && memcmp(table[i].name, s, n) == 0) return &table[i];
    return NULL;
}

const char *wr_err_name(unsigned long code) {
    const err_entry *e = by_code(code, 0);
    return e ? e->name : NULL;
}

const char *wr_status_name(unsigned long status) {
    const err_entry *e = by_code(status, 1);
    return e ? e->name : NULL;
}

/* ---- annotation ---- */

typedef struct sbuf {
    char *s;
    size_t len;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
    b->s = wr_xrealloc(b->s, b->len + n + 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

/* " (10014)" or " (0xC0000023)". */
static void put_number(sbuf *b, const err_entry *e) {
    char num[32];
    if (e->kind == NT)
        snprintf(num, sizeof num, " (0x%08lX)", e->code);
    else
        snprintf(num, sizeof num, " (%lu)", e->code);
    put(b, num, strlen(num));
}

static void put_entry(sbuf *b, const err_entry *e) {
    put(b, e->name, strlen(e->name));
    put_number(b, e);
}

static int ident(int ch) { return isalnum((unsigned char)ch) || ch == '_'; }

static int ends_with(const char *start, const char *at, const char *word) {
    size_t n = strlen(word);
    return (size_t)(at - start) >= n && memcmp(at - n, word, n) == 0;
}

/* Does the text say the small number at [at, end) is an error code? */
static int error_context(const char *start, const char *at, const char *end, unsigned long code) {
    static const char *const before[] = {"err=",   "error=", "win32=",    "Win32=",        "error ",
                                         "Win32 ", "shows ", "reported ", "GetLastError ", "or "};
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++)
        if (ends_with(start, at, before[i])) return 1;
    if (code < 50) return 0; /* 1, 5, 6, 8 in a list are counts more often than codes */
    if (at > start + 1 && at[-1] == '/' && ident(at[-2])) return 1;
    if (end[0] == '/' && isdigit((unsigned char)end[1])) return 1;
    return strncmp(end, " or WSA", 7) == 0 || strncmp(end, " or 1", 5) == 0;
}

char *wr_err_annotate(const char *text) {
    sbuf b = {NULL, 0};
    put(&b, "", 0);
    const char *p = text ? text : "", *start = p;
    while (*p) {
        int word_start = p == start || !ident(p[-1]);
        if (word_start && (isalpha((unsigned char)*p) || *p == '_')) {
            const char *q = p;
            while (ident(*q)) q++;
            const err_entry *e = by_name(p, (size_t)(q - p));
            put(&b, p, (size_t)(q - p));
            int annotated = strncmp(q, " (", 2) == 0 && isdigit((unsigned char)q[2]);
            if (e && !annotated) {
                put_number(&b, e);
            } else if (e) { /* "NAME (number)" already: copy through the parenthesis unchanged */
                const char *close = strchr(q, ')');
                const char *to = close ? close + 1 : q;
                put(&b, q, (size_t)(to - q));
                q = to;
            }
            p = q;
            continue;
        }
        if (word_start && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            const char *q = p + 2;
            while (isxdigit((unsigned char)*q)) q++;
            if (q - p == 10 && !ident(*q)) {
                const err_entry *e = by_code(strtoul(p + 2, NULL, 16), 1);
                if (e) {
                    put_entry(&b, e);
                    p = q;
                    continue;
                }
            }
            put(&b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (word_start && isdigit((unsigned char)*p) && !(p > start && p[-1] == '.')) {
            const char *q = p;
            while (isdigit((unsigned char)*q)) q++;
            if (!ident(*q) && !(*q == '.' && isdigit((unsigned char)q[1])) && q - p <= 5) {
                unsigned long v = strtoul(p, NULL, 10);
                const err_entry *e = by_code(v, 0);
                if (e && (e->kind == WSA || error_context(start, p, q, v))) {
                    /* wc_expect_int's "10022 (0x2726)" becomes "WSAEINVAL (10022, 0x2726)" */
                    const char *h = q + 4, *he = h;
                    if (strncmp(q, " (0x", 4) == 0)
                        while (isxdigit((unsigned char)*he)) he++;
                    int with_hex = he > h && *he == ')';
                    put(&b, e->name, strlen(e->name));
                    put(&b, " (", 2);
                    put(&b, p, (size_t)(q - p));
                    if (with_hex) {
                        put(&b, ", ", 2);
                        put(&b, q + 2, (size_t)(he - (q + 2)));
                        q = he + 1;
                    }
                    put(&b, ")", 1);
                    p = q;
                    continue;
                }
            }
            put(&b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        put(&b, p, 1);
        p++;
    }
    return b.s;
}
