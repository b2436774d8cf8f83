/*
 * writer.c: escaping for JSON and markup, and the JSON emitter (see writer.h for why this is
 * shared by all writers).
 */
#include "writer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence strictly (no overlongs, no surrogates, nothing above U+10FFFF).
 * Returns the bytes consumed (>= 1); an invalid sequence gives U+FFFD and consumes one byte so
 * that the next valid character is not lost. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned char b = s[0];
    size_t len;
    uint32_t v, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if ((b & 0xE0) == 0xC0) {
        len = 2, v = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3, v = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4, v = b & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

static void put_utf8(FILE *f, uint32_t cp) {
    if (cp < 0x80) {
        fputc((int)cp, f);
    } else if (cp < 0x800) {
        fputc((int)(0xC0 | (cp >> 6)), f);
        fputc((int)(0x80 | (cp & 0x3F)), f);
    } else if (cp < 0x10000) {
        fputc((int)(0xE0 | (cp >> 12)), f);
        fputc((int)(0x80 | ((cp >> 6) & 0x3F)), f);
        fputc((int)(0x80 | (cp & 0x3F)), f);
    } else {
        fputc((int)(0xF0 | (cp >> 18)), f);
        fputc((int)(0x80 | ((cp >> 12) & 0x3F)), f);
        fputc((int)(0x80 | ((cp >> 6) & 0x3F)), f);
        fputc((int)(0x80 | (cp & 0x3F)), f);
    }
}

static void esc_json(FILE *f, uint32_t cp) {
    switch (cp) {
    case '"':
        fputs("\\\"", f);
        return;
    case '\\':
        fputs("\\\\", f);
        return;
    case '\b':
        fputs("\\b", f);
        return;
    case '\f':
        fputs("\\f", f);
        return;
    case '\n':
        fputs("\\n", f);
        return;
    case '\r':
        fputs("\\r", f);
        return;
    case '\t':
        fputs("\\t", f);
        return;
    }
    if (cp < 0x20 || cp == 0x7F)
        fprintf(f, "\\u%04x", (unsigned)cp);
    else
        put_utf8(f, cp);
}

static void esc_markup(FILE *f, uint32_t cp) {
    switch (cp) {
    case '&':
        fputs("&amp;", f);
        return;
    case '<':
        fputs("&lt;", f);
        return;
    case '>':
        fputs("&gt;", f);
        return;
    case '"':
        fputs("&quot;", f);
        return;
    case '\'':
        fputs("&#39;", f);
        return;
    case '\t':
    case '\n':
    case '\r':
        fputc((int)cp, f);
        return;
    }
    /* XML 1.0 forbids C0 controls and U+FFFE/U+FFFF; HTML treats C0/C1 controls as parse
     * errors.  Replace them visibly rather than drop them. */
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) cp = 0xFFFD;
    put_utf8(f, cp);
}

void wr_escape_n(FILE *f, wr_esc mode, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    while (n) {
        uint32_t cp;
        size_t k = utf8_next(p, n, &cp);
        if (mode == WR_JSON)
            esc_json(f, cp);
        else
            esc_markup(f, cp);
        p += k;
        n -= k;
    }
}

void wr_escape(FILE *f, wr_esc mode, const char *s) {
    if (s) wr_escape_n(f, mode, s, strlen(s));
}

void wr_escapef(FILE *f, wr_esc mode, const char *fmt, ...) {
    char small[256], *buf = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof small) {
        buf = malloc((size_t)n + 1);
        if (!buf) return;
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    wr_escape_n(f, mode, buf, (size_t)n);
    if (buf != small) free(buf);
}

/* ---- JSON emitter ---- */

void wr_json_init(wr_json *j, FILE *f) {
    memset(j, 0, sizeof *j);
    j->f = f;
}

/* Starts a value: the comma before it, a newline and indentation, and "key": when in an
 * object. */
static void json_item(wr_json *j, const char *key) {
    if (j->depth > 0) {
        if (j->has_items[j->depth]) fputc(',', j->f);
        if (!j->compact) {
            fputc('\n', j->f);
            for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
        }
        j->has_items[j->depth] = 1;
    }
    if (key) {
        fputc('"', j->f);
        wr_escape(j->f, WR_JSON, key);
        fputs("\": ", j->f);
    }
}

static void json_open(wr_json *j, const char *key, char c) {
    json_item(j, key);
    fputc(c, j->f);
    if (j->depth + 1 < (int)sizeof j->has_items) j->depth++;
    j->has_items[j->depth] = 0;
}

static void json_close(wr_json *j, char c) {
    int had = j->has_items[j->depth];
    if (j->depth > 0) j->depth--;
    if (had && !j->compact) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
    }
    fputc(c, j->f);
}

void wr_json_obj_begin(wr_json *j, const char *key) { json_open(j, key, '{'); }
void wr_json_obj_end(wr_json *j) { json_close(j, '}'); }
void wr_json_arr_begin(wr_json *j, const char *key) { json_open(j, key, '['); }
void wr_json_arr_end(wr_json *j) { json_close(j, ']'); }

void wr_json_str(wr_json *j, const char *key, const char *value) {
    json_item(j, key);
    if (!value) {
        fputs("null", j->f);
        return;
    }
    fputc('"', j->f);
    wr_escape(j->f, WR_JSON, value);
    fputc('"', j->f);
}

void wr_json_int(wr_json *j, const char *key, long long value) {
    json_item(j, key);
    fprintf(j->f, "%lld", value);
}

void wr_json_bool(wr_json *j, const char *key, int value) {
    json_item(j, key);
    fputs(value ? "true" : "false", j->f);
}

void wr_json_finish(wr_json *j) { fputc('\n', j->f); }
