/*
 * crt_format.c: printf formats as Microsoft's C runtime reads them, for the model's sprintf_s,
 * _snprintf, StringCchPrintfA and their kin.
 *
 * Why not glibc's vsnprintf as it is: Windows code is written for the CRT's rules, and glibc
 * reads several of them otherwise.  `%lu` of a DWORD is 32 bits on Windows (long is), `%I64d`
 * means a 64-bit integer where glibc takes the `I` for a flag, `%ws` and `%S` print UTF-16, and
 * `%n` is refused ("Format specification syntax", "Size prefixes for printf and wprintf format-type
 * specifiers", "printf type field characters", "_set_printf_count_output" on learn.microsoft.com).
 * So the format is read here, one conversion at a time: each argument is fetched at the size the
 * CRT would fetch, then formatted alone by glibc with a specification glibc reads the same way.
 */
#include "crt_format.h"

#include "../net/net.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum size { SZ_INT, SZ_CHAR, SZ_SHORT, SZ_64, SZ_PTR, SZ_MAX, SZ_LDOUBLE, SZ_WIDE, SZ_NARROW };

static void put(ms_crt_sink *s, const char *p, size_t n) {
    if (s->len < s->cap) {
        size_t room = s->cap - s->len;
        memcpy(s->dst + s->len, p, n < room ? n : room);
    }
    s->len += n;
}

/* One conversion, formatted by glibc: spec holds exactly one conversion of the kind named. */
typedef union value {
    int i;
    long long ll;
    size_t z;
    intmax_t j;
    double d;
    long double ld;
    const char *s;
} value;
enum kind { K_INT, K_LL, K_SIZE, K_MAX, K_DOUBLE, K_LDOUBLE, K_STR };

static int emit_as(char *buf, size_t n, const char *spec, enum kind k, value v) {
    switch (k) {
    case K_INT:
        return snprintf(buf, n, spec, v.i);
    case K_LL:
        return snprintf(buf, n, spec, v.ll);
    case K_SIZE:
        return snprintf(buf, n, spec, v.z);
    case K_MAX:
        return snprintf(buf, n, spec, v.j);
    case K_DOUBLE:
        return snprintf(buf, n, spec, v.d);
    case K_LDOUBLE:
        return snprintf(buf, n, spec, v.ld);
    case K_STR:
        return snprintf(buf, n, spec, v.s);
    }
    return -1;
}

static int emit(ms_crt_sink *s, const char *spec, enum kind k, value v) {
    char small[256];
    int n = emit_as(small, sizeof small, spec, k, v);
    if (n < 0) return -1;
    if ((size_t)n < sizeof small) {
        put(s, small, (size_t)n);
        return 0;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) return -1;
    emit_as(big, (size_t)n + 1, spec, k, v);
    put(s, big, (size_t)n);
    free(big);
    return 0;
}

/* UTF-16 (at most n units) as UTF-8, in a malloc'd string. */
static char *utf8_of(const WCHAR *w, int n) {
    int need = n ? WideCharToMultiByte(CP_UTF8, 0, w, n, NULL, 0, NULL, NULL) : 0;
    char *out = malloc((size_t)(need > 0 ? need : 0) + 1);
    if (!out) return NULL;
    int got = need > 0 ? WideCharToMultiByte(CP_UTF8, 0, w, n, out, need, NULL, NULL) : 0;
    out[got > 0 ? got : 0] = '\0';
    return out;
}

/* A string argument, already in UTF-8, with the conversion's flags and width (precision applied
 * by the caller where it counts characters). */
static int emit_text(ms_crt_sink *s, const char *flags, int width, const char *text) {
    char spec[32];
    snprintf(spec, sizeof spec, "%%%s%ds", strchr(flags, '-') ? "-" : "", width);
    return emit(s, spec, K_STR, (value){.s = text});
}

static enum size read_size(const char **pp) {
    const char *p = *pp;
    enum size z = SZ_INT;
    if (p[0] == 'h' && p[1] == 'h')
        z = SZ_CHAR, p += 2;
    else if (p[0] == 'h')
        z = SZ_NARROW, p++; /* narrow for c/s, short for integers */
    else if (p[0] == 'l' && p[1] == 'l')
        z = SZ_64, p += 2;
    else if (p[0] == 'l')
        z = SZ_WIDE, p++; /* 32 bits for integers, wide for c/s */
    else if (p[0] == 'I' && p[1] == '6' && p[2] == '4')
        z = SZ_64, p += 3;
    else if (p[0] == 'I' && p[1] == '3' && p[2] == '2')
        z = SZ_INT, p += 3;
    else if (p[0] == 'I' || p[0] == 'z' || p[0] == 't')
        z = SZ_PTR, p++;
    else if (p[0] == 'j')
        z = SZ_MAX, p++;
    else if (p[0] == 'L')
        z = SZ_LDOUBLE, p++;
    else if (p[0] == 'w')
        z = SZ_WIDE, p++;
    *pp = p;
    return z;
}

static int read_number(const char **pp) {
    long n = 0;
    while (**pp >= '0' && **pp <= '9') {
        if (n < INT_MAX / 10) n = n * 10 + (**pp - '0');
        (*pp)++;
    }
    return (int)n;
}

static int integer(ms_crt_sink *s, const char *head, char conv, enum size z, va_list *ap) {
    char spec[96];
    value v;
    enum kind k;
    const char *len = "";
    switch (z) {
    case SZ_CHAR:
        len = "hh", k = K_INT, v.i = va_arg(*ap, int);
        break;
    case SZ_NARROW:
        len = "h", k = K_INT, v.i = va_arg(*ap, int);
        break;
    case SZ_INT:
    case SZ_WIDE:
        k = K_INT, v.i = va_arg(*ap, int);
        break; /* `l`: Windows' long is 32 bits */
    case SZ_64:
        len = "ll", k = K_LL, v.ll = va_arg(*ap, long long);
        break;
    case SZ_PTR:
        len = "z", k = K_SIZE, v.z = va_arg(*ap, size_t);
        break;
    case SZ_MAX:
        len = "j", k = K_MAX, v.j = va_arg(*ap, intmax_t);
        break;
    default:
        return -1; /* L with an integer */
    }
    snprintf(spec, sizeof spec, "%s%s%c", head, len, conv);
    return emit(s, spec, k, v);
}

static int floating(ms_crt_sink *s, const char *head, char conv, enum size z, va_list *ap) {
    char spec[96];
    value v;
    if (z == SZ_LDOUBLE) {
        v.ld = va_arg(*ap, long double);
        snprintf(spec, sizeof spec, "%sL%c", head, conv);
        return emit(s, spec, K_LDOUBLE, v);
    }
    v.d = va_arg(*ap, double);
    snprintf(spec, sizeof spec, "%s%c", head, conv);
    return emit(s, spec, K_DOUBLE, v);
}

/* %s %S %c %C: wide when the conversion or its size says so (h makes %S and %C narrow). */
static int text(ms_crt_sink *s, const char *head, const char *flags, int width, int prec, char conv, enum size z,
                va_list *ap) {
    bool wide = z == SZ_WIDE || ((conv == 'S' || conv == 'C') && z != SZ_NARROW);
    if (z != SZ_INT && z != SZ_WIDE && z != SZ_NARROW) return -1;
    if (conv == 'c' || conv == 'C') {
        int c = va_arg(*ap, int);
        if (!wide) {
            char spec[96];
            snprintf(spec, sizeof spec, "%sc", head);
            return emit(s, spec, K_INT, (value){.i = c});
        }
        WCHAR w = (WCHAR)c;
        char *u = utf8_of(&w, 1);
        int r = u ? emit_text(s, flags, width, u) : -1;
        free(u);
        return r;
    }
    if (!wide) {
        const char *str = va_arg(*ap, const char *);
        char spec[96];
        snprintf(spec, sizeof spec, "%ss", head);
        return emit(s, spec, K_STR, (value){.s = str ? str : "(null)"});
    }
    const WCHAR *w = va_arg(*ap, const WCHAR *);
    static const WCHAR null_text[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
    if (!w) w = null_text;
    int n = 0;
    while ((prec < 0 || n < prec) && w[n] && n < INT_MAX) n++;
    char *u = utf8_of(w, n);
    int r = u ? emit_text(s, flags, width, u) : -1;
    free(u);
    return r;
}

/* %p: the pointer's 16 hex digits, upper case, zero-padded, as the x64 CRT prints it. */
static int pointer(ms_crt_sink *s, const char *flags, int width, va_list *ap) {
    char digits[32];
    snprintf(digits, sizeof digits, "%016llX", (unsigned long long)(uintptr_t)va_arg(*ap, void *));
    return emit_text(s, flags, width, digits);
}

int ms_crt_format(ms_crt_sink *s, const char *format, va_list args) {
    va_list ap;
    va_copy(ap, args);
    int rc = 0;
    for (const char *p = format; *p && !rc;) {
        if (*p != '%') {
            const char *q = strchr(p, '%');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            put(s, p, n);
            p += n;
            continue;
        }
        p++;
        if (*p == '%') {
            put(s, "%", 1);
            p++;
            continue;
        }
        char flags[8] = "";
        size_t nf = 0;
        for (; *p && strchr("-+ #0", *p); p++)
            if (nf < sizeof flags - 2 && !strchr(flags, *p)) flags[nf++] = *p, flags[nf] = '\0';
        int width = -1, prec = -1;
        if (*p == '*') {
            width = va_arg(ap, int);
            p++;
            if (width < 0) {
                if (width == INT_MIN) width = INT_MAX;
                width = width < 0 ? -width : width;
                if (!strchr(flags, '-') && nf < sizeof flags - 2) flags[nf++] = '-', flags[nf] = '\0';
            }
        } else if (*p >= '1' && *p <= '9') {
            width = read_number(&p);
        }
        if (*p == '.') {
            p++;
            if (*p == '*') {
                prec = va_arg(ap, int);
                p++;
                if (prec < 0) prec = -1; /* a negative precision is taken as if omitted */
            } else {
                prec = read_number(&p);
            }
        }
        enum size z = read_size(&p);
        char conv = *p;
        if (conv) p++;
        char head[64], *h = head;
        h += snprintf(h, 16, "%%%s", flags);
        if (width >= 0) h += snprintf(h, 16, "%d", width);
        if (prec >= 0) snprintf(h, 16, ".%d", prec);
        switch (conv) {
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
            rc = integer(s, head, conv, z, &ap);
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            rc = z == SZ_INT || z == SZ_LDOUBLE || z == SZ_WIDE ? floating(s, head, conv, z, &ap) : -1;
            break;
        case 'c':
        case 'C':
        case 's':
        case 'S':
            rc = text(s, head, flags, width < 0 ? 0 : width, prec, conv, z, &ap);
            break;
        case 'p':
            rc = z == SZ_INT ? pointer(s, flags, width < 0 ? 0 : width, &ap) : -1;
            break;
        default:
            rc = -1; /* %n (never enabled here), %Z, an unknown letter, or the format's end */
        }
    }
    va_end(ap);
    return rc;
}
