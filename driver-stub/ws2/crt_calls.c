/*
 * crt_calls.c: the Microsoft C runtime's own calls that Windows programs make beside Winsock:
 * the _s string and format functions, _snprintf, _scprintf, _stricmp, _strdup, strtok_s, fopen_s,
 * localtime_s, _strtoi64, the _itoa family, user32's wsprintfA on the same formatter, and the
 * invalid parameter handler behind them
 * (wfpcert/crt.h has the rules and their pages).
 *
 * Why: a service formats its log lines with sprintf_s and copies names with strcpy_s; glibc has
 * none of these, so without them such a program does not build against the model.  And what the
 * CRT does with a bad call is part of what a certification run must show: a sprintf_s whose text
 * does not fit ends a Windows process, so here it ends the test with a crash, naming the call.
 */
#include "crt_format.h"

#include "../net/net.h"

#include <wfpcert/crt.h>

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static _Atomic(_invalid_parameter_handler) handler;

_invalid_parameter_handler _set_invalid_parameter_handler(_invalid_parameter_handler h) {
    return atomic_exchange(&handler, h);
}

_invalid_parameter_handler _get_invalid_parameter_handler(void) { return atomic_load(&handler); }

void ms_crt_invalid(const char *call, const char *why, int err) {
    _invalid_parameter_handler h = atomic_load(&handler);
    if (!h) {
        fprintf(stderr,
                "wfpcert model: invalid parameter to %s: %s (no _set_invalid_parameter_handler: the C runtime "
                "ends the process here, as on Windows)\n",
                call, why);
        fflush(NULL);
        abort();
    }
    h(NULL, NULL, NULL, 0, 0); /* the release CRT passes no expression, function or file */
    errno = err;
}

/* ---------------------------------------------------------------- formatted output */

/* Formats into s; false (after the invalid parameter path) for a format the CRT refuses. */
static bool format(const char *call, ms_crt_sink *s, const char *fmt, va_list args) {
    if (!fmt) {
        ms_crt_invalid(call, "format is NULL", EINVAL);
        return false;
    }
    if (ms_crt_format(s, fmt, args)) {
        ms_crt_invalid(call, "the format has %n or a conversion the C runtime does not know", EINVAL);
        return false;
    }
    return true;
}

static int length(size_t n) { return n > INT_MAX ? INT_MAX : (int)n; }

int _vscprintf(const char *fmt, va_list args) {
    ms_crt_sink s = {NULL, 0, 0};
    return format("_vscprintf", &s, fmt, args) ? length(s.len) : -1;
}

int _vsnprintf(char *buffer, size_t count, const char *fmt, va_list args) {
    if (!buffer && count) {
        ms_crt_invalid("_vsnprintf", "buffer is NULL", EINVAL);
        return -1;
    }
    ms_crt_sink s = {buffer, count, 0};
    if (!format("_vsnprintf", &s, fmt, args)) return -1;
    if (!buffer) return length(s.len); /* NULL and 0: the length the text needs */
    if (s.len < count) buffer[s.len] = '\0';
    return s.len <= count ? length(s.len) : -1; /* exactly count: stored without the NUL */
}

int vsprintf_s(char *buffer, size_t size, const char *fmt, va_list args) {
    if (!buffer || !size) {
        ms_crt_invalid("vsprintf_s", !buffer ? "buffer is NULL" : "size is 0", EINVAL);
        return -1;
    }
    ms_crt_sink s = {buffer, size, 0};
    if (!format("vsprintf_s", &s, fmt, args)) {
        buffer[0] = '\0';
        return -1;
    }
    if (s.len >= size) {
        buffer[0] = '\0';
        ms_crt_invalid("vsprintf_s", "the text and its NUL do not fit the buffer", ERANGE);
        return -1;
    }
    buffer[s.len] = '\0';
    return length(s.len);
}

int _vsnprintf_s(char *buffer, size_t size, size_t count, const char *fmt, va_list args) {
    if (!buffer && !size && !count) return 0;
    if (!buffer || !size) {
        ms_crt_invalid("_vsnprintf_s", !buffer ? "buffer is NULL" : "size is 0", EINVAL);
        return -1;
    }
    bool truncate = count == _TRUNCATE;
    size_t limit = truncate || count >= size ? size - 1 : count;
    ms_crt_sink s = {buffer, limit, 0};
    if (!format("_vsnprintf_s", &s, fmt, args)) {
        buffer[0] = '\0';
        return -1;
    }
    if (s.len <= limit) {
        buffer[s.len] = '\0';
        return length(s.len);
    }
    if (truncate || count < size) { /* cut where the caller asked: not an error of the call */
        buffer[limit] = '\0';
        return -1;
    }
    buffer[0] = '\0';
    ms_crt_invalid("_vsnprintf_s", "the text and its NUL do not fit the buffer", ERANGE);
    return -1;
}

int vfprintf_s(FILE *stream, const char *fmt, va_list args) {
    if (!stream) {
        ms_crt_invalid("vfprintf_s", "stream is NULL", EINVAL);
        return -1;
    }
    va_list again;
    va_copy(again, args);
    ms_crt_sink count = {NULL, 0, 0};
    int r = -1;
    char *text = NULL;
    if (format("vfprintf_s", &count, fmt, args) && (text = malloc(count.len + 1))) {
        ms_crt_sink s = {text, count.len, 0};
        ms_crt_format(&s, fmt, again);
        r = fwrite(text, 1, s.len, stream) == s.len ? length(s.len) : -1;
    }
    va_end(again);
    free(text);
    return r;
}

int vprintf_s(const char *fmt, va_list args) { return vfprintf_s(stdout, fmt, args); }

#define VARIADIC(call, last, ...)                                                                                      \
    va_list args;                                                                                                      \
    va_start(args, last);                                                                                              \
    int r = call(__VA_ARGS__, args);                                                                                   \
    va_end(args);                                                                                                      \
    return r

int sprintf_s(char *buffer, size_t size, const char *fmt, ...) { VARIADIC(vsprintf_s, fmt, buffer, size, fmt); }
int _snprintf(char *buffer, size_t count, const char *fmt, ...) { VARIADIC(_vsnprintf, fmt, buffer, count, fmt); }
int _snprintf_s(char *buffer, size_t size, size_t count, const char *fmt, ...) {
    VARIADIC(_vsnprintf_s, fmt, buffer, size, count, fmt);
}
int _scprintf(const char *fmt, ...) { VARIADIC(_vscprintf, fmt, fmt); }
int printf_s(const char *fmt, ...) { VARIADIC(vprintf_s, fmt, fmt); }
int fprintf_s(FILE *stream, const char *fmt, ...) { VARIADIC(vfprintf_s, fmt, stream, fmt); }

/* ---------------------------------------------------------------- strings and memory */

/* The shared failure of the copying calls: dest emptied where it may be written. */
static errno_t refuse(const char *call, char *dest, size_t size, const char *why, int err) {
    if (dest && size) dest[0] = '\0';
    ms_crt_invalid(call, why, err);
    return err;
}

errno_t strcpy_s(char *dest, rsize_t size, const char *src) {
    if (!dest || !size) return refuse("strcpy_s", NULL, 0, !dest ? "dest is NULL" : "size is 0", EINVAL);
    if (!src) return refuse("strcpy_s", dest, size, "src is NULL", EINVAL);
    size_t n = strnlen(src, size);
    if (n == size) return refuse("strcpy_s", dest, size, "src and its NUL do not fit dest", ERANGE);
    memcpy(dest, src, n + 1);
    return 0;
}

errno_t strncpy_s(char *dest, rsize_t size, const char *src, rsize_t count) {
    if (!dest && !size && !count) return 0;
    if (!dest || !size) return refuse("strncpy_s", NULL, 0, !dest ? "dest is NULL" : "size is 0", EINVAL);
    if (!src) {
        dest[0] = '\0';
        return count ? refuse("strncpy_s", dest, size, "src is NULL", EINVAL) : 0;
    }
    if (count == _TRUNCATE) {
        size_t n = strnlen(src, size);
        if (n == size) {
            memcpy(dest, src, size - 1);
            dest[size - 1] = '\0';
            return STRUNCATE;
        }
        memcpy(dest, src, n + 1);
        return 0;
    }
    size_t n = strnlen(src, count);
    if (n >= size) return refuse("strncpy_s", dest, size, "the characters to copy and a NUL do not fit dest", ERANGE);
    memcpy(dest, src, n);
    dest[n] = '\0';
    return 0;
}

errno_t strcat_s(char *dest, rsize_t size, const char *src) {
    if (!dest || !size) return refuse("strcat_s", NULL, 0, !dest ? "dest is NULL" : "size is 0", EINVAL);
    if (!src) return refuse("strcat_s", dest, size, "src is NULL", EINVAL);
    size_t d = strnlen(dest, size);
    if (d == size) return refuse("strcat_s", dest, size, "dest has no NUL within size", EINVAL);
    size_t n = strnlen(src, size - d);
    if (n == size - d) return refuse("strcat_s", dest, size, "the result and its NUL do not fit dest", ERANGE);
    memcpy(dest + d, src, n + 1);
    return 0;
}

errno_t memcpy_s(void *dest, rsize_t size, const void *src, rsize_t count) {
    if (!count) return 0;
    if (!dest) return refuse("memcpy_s", NULL, 0, "dest is NULL", EINVAL);
    if (!src || size < count) {
        memset(dest, 0, size); /* the page: dest is zeroed when src is NULL or too long */
        ms_crt_invalid("memcpy_s", !src ? "src is NULL" : "count exceeds size", !src ? EINVAL : ERANGE);
        return !src ? EINVAL : ERANGE;
    }
    memcpy(dest, src, count);
    return 0;
}

errno_t memmove_s(void *dest, rsize_t size, const void *src, rsize_t count) {
    if (!count) return 0;
    if (!dest || !src) return refuse("memmove_s", NULL, 0, !dest ? "dest is NULL" : "src is NULL", EINVAL);
    if (size < count) return refuse("memmove_s", NULL, 0, "count exceeds size", ERANGE); /* dest untouched */
    memmove(dest, src, count);
    return 0;
}

char *strtok_s(char *str, const char *delimiters, char **context) {
    if (!delimiters || !context || (!str && !*context)) {
        ms_crt_invalid("strtok_s", "delimiters or context is NULL, or no string to go on with", EINVAL);
        return NULL;
    }
    return strtok_r(str, delimiters, context);
}

/* _NLSCMPERROR: what the comparisons answer for a NULL string */
#define NLSCMPERROR INT_MAX

int _stricmp(const char *a, const char *b) {
    if (!a || !b) return ms_crt_invalid("_stricmp", "a string is NULL", EINVAL), NLSCMPERROR;
    return strcasecmp(a, b);
}

int _strnicmp(const char *a, const char *b, size_t count) {
    if (!a || !b) return ms_crt_invalid("_strnicmp", "a string is NULL", EINVAL), NLSCMPERROR;
    return strncasecmp(a, b, count);
}

char *_strdup(const char *s) { return s ? strdup(s) : NULL; }

errno_t fopen_s(FILE **file, const char *name, const char *mode) {
    /* "fopen_s, _wfopen_s", Error conditions: *pFile "unchanged" for each NULL argument */
    if (!file) return refuse("fopen_s", NULL, 0, "the FILE ** is NULL", EINVAL);
    if (!name || !mode) return refuse("fopen_s", NULL, 0, !name ? "name is NULL" : "mode is NULL", EINVAL);
    *file = fopen(name, mode);
    return *file ? 0 : errno;
}

static errno_t broken_down(const char *call, struct tm *out, const time_t *t, bool local) {
    if (!out) return refuse(call, NULL, 0, "the struct tm * is NULL", EINVAL);
    if (!t || *t < 0 || !(local ? localtime_r(t, out) : gmtime_r(t, out))) {
        memset(out, 0, sizeof *out); /* every field of the page's struct tm -1, as it says */
        out->tm_sec = out->tm_min = out->tm_hour = out->tm_mday = out->tm_mon = out->tm_year = -1;
        out->tm_wday = out->tm_yday = out->tm_isdst = -1;
        return refuse(call, NULL, 0, !t ? "the time_t * is NULL" : "the time is out of range", EINVAL);
    }
    return 0;
}

errno_t localtime_s(struct tm *out, const time_t *t) { return broken_down("localtime_s", out, t, true); }
errno_t gmtime_s(struct tm *out, const time_t *t) { return broken_down("gmtime_s", out, t, false); }

long long _strtoi64(const char *s, char **end, int base) {
    if (!s) return ms_crt_invalid("_strtoi64", "the string is NULL", EINVAL), 0;
    return strtoll(s, end, base);
}

unsigned long long _strtoui64(const char *s, char **end, int base) {
    if (!s) return ms_crt_invalid("_strtoui64", "the string is NULL", EINVAL), 0;
    return strtoull(s, end, base);
}

long long _atoi64(const char *s) { return _strtoi64(s, NULL, 10); }

/* ---------------------------------------------------------------- _itoa and its kin */
/* The text of a value of `bits` bits ("_itoa, _ltoa, ..." page): a minus sign only in radix 10,
 * two's complement in another; into out (room for 65 digits, a sign and the NUL). */
static void number_text(long long value, int bits, bool is_signed, int radix, char *out) {
    unsigned long long mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    unsigned long long u = (unsigned long long)value & mask;
    bool neg = is_signed && radix == 10 && value < 0;
    if (neg) u = (0ull - (unsigned long long)value) & mask;
    char digits[66];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % (unsigned)radix];
        u /= (unsigned)radix;
    } while (u);
    size_t at = 0;
    if (neg) out[at++] = '-';
    while (n) out[at++] = digits[--n];
    out[at] = '\0';
}

static char *to_text(const char *call, long long value, int bits, bool is_signed, char *buffer, int radix) {
    if (!buffer || radix < 2 || radix > 36) {
        ms_crt_invalid(call, !buffer ? "buffer is NULL" : "radix is not 2 to 36", EINVAL);
        return buffer;
    }
    char text[68];
    number_text(value, bits, is_signed, radix, text);
    memcpy(buffer, text, strlen(text) + 1);
    return buffer;
}

static errno_t to_text_s(const char *call, long long value, int bits, bool is_signed, char *buffer, size_t size,
                         int radix) {
    if (!buffer || !size) return refuse(call, NULL, 0, !buffer ? "buffer is NULL" : "size is 0", EINVAL);
    if (radix < 2 || radix > 36) return refuse(call, buffer, size, "radix is not 2 to 36", EINVAL);
    char text[68];
    number_text(value, bits, is_signed, radix, text);
    size_t n = strlen(text);
    if (n + 1 > size) return refuse(call, buffer, size, "the digits and their NUL do not fit", ERANGE);
    memcpy(buffer, text, n + 1);
    return 0;
}

/* Windows' long is 32 bits (LLP64): _ltoa and _ultoa convert that many, whatever the host's. */
char *_itoa(int value, char *buffer, int radix) { return to_text("_itoa", value, 32, true, buffer, radix); }
char *_ltoa(long value, char *buffer, int radix) { return to_text("_ltoa", (int32_t)value, 32, true, buffer, radix); }
char *_ultoa(unsigned long value, char *buffer, int radix) {
    return to_text("_ultoa", (long long)(uint32_t)value, 32, false, buffer, radix);
}
char *_i64toa(long long value, char *buffer, int radix) { return to_text("_i64toa", value, 64, true, buffer, radix); }
char *_ui64toa(unsigned long long value, char *buffer, int radix) {
    return to_text("_ui64toa", (long long)value, 64, false, buffer, radix);
}
errno_t _itoa_s(int value, char *buffer, size_t size, int radix) {
    return to_text_s("_itoa_s", value, 32, true, buffer, size, radix);
}
errno_t _ltoa_s(long value, char *buffer, size_t size, int radix) {
    return to_text_s("_ltoa_s", (int32_t)value, 32, true, buffer, size, radix);
}
errno_t _ultoa_s(unsigned long value, char *buffer, size_t size, int radix) {
    return to_text_s("_ultoa_s", (long long)(uint32_t)value, 32, false, buffer, size, radix);
}
errno_t _i64toa_s(long long value, char *buffer, size_t size, int radix) {
    return to_text_s("_i64toa_s", value, 64, true, buffer, size, radix);
}
errno_t _ui64toa_s(unsigned long long value, char *buffer, size_t size, int radix) {
    return to_text_s("_ui64toa_s", (long long)value, 64, false, buffer, size, radix);
}

/* ---------------------------------------------------------------- wsprintfA */
#define WSPRINTF_MAX 1024 /* "The maximum size of the buffer is 1,024 bytes" */

int wvsprintfA(LPSTR out, LPCSTR fmt, va_list args) {
    if (!out || !fmt) return -1;
    char text[WSPRINTF_MAX];
    ms_crt_sink s = {text, sizeof text - 1, 0};
    if (ms_crt_format(&s, fmt, args) < 0) return -1;
    size_t n = s.len < sizeof text - 1 ? s.len : sizeof text - 1;
    if (!ms_probe_write(out, n + 1)) return -1;
    memcpy(out, text, n);
    out[n] = '\0';
    return (int)n;
}

int wsprintfA(LPSTR out, LPCSTR fmt, ...) { VARIADIC(wvsprintfA, fmt, out, fmt); }
