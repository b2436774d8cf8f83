/*
 * json_check.c: a strict JSON (RFC 8259) validator, so the tests can prove results.json
 * parses without pulling in Python or node.  Stricter than most parsers on purpose: valid
 * UTF-8 only, no raw control characters in strings, no lone surrogate escapes, no leading
 * zeros, no trailing commas or garbage, and no duplicate keys in an object (a consumer would
 * silently keep one of them).
 *
 *   wfpcert_json_check FILE...     exit 0 when every file is valid, else 1 with the offset
 *   wfpcert_json_check --self-test good and bad documents, to prove the checker rejects
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const unsigned char *s;
    size_t n, i;
    const char *err;
    int depth;
} parser;

static int fail(parser *p, const char *why) {
    if (!p->err) p->err = why;
    return 0;
}

static void ws(parser *p) {
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r')) p->i++;
}

static int lit(parser *p, const char *w) {
    size_t k = strlen(w);
    if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0) return fail(p, "unknown literal");
    p->i += k;
    return 1;
}

static int hex4(parser *p, unsigned *v) {
    *v = 0;
    for (int k = 0; k < 4; k++, p->i++) {
        if (p->i >= p->n) return fail(p, "short \\u escape");
        unsigned char c = p->s[p->i];
        unsigned d = c >= '0' && c <= '9'   ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : 99;
        if (d == 99) return fail(p, "bad hex digit in \\u escape");
        *v = *v * 16 + d;
    }
    return 1;
}

/* One UTF-8 character starting at p->i (>= 0x80): strict, like the writer's decoder. */
static int utf8(parser *p) {
    unsigned char b = p->s[p->i];
    size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || p->i + len > p->n) return fail(p, "invalid UTF-8");
    unsigned v = b & (0x7F >> len);
    for (size_t k = 1; k < len; k++) {
        if ((p->s[p->i + k] & 0xC0) != 0x80) return fail(p, "invalid UTF-8");
        v = (v << 6) | (p->s[p->i + k] & 0x3F);
    }
    static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return fail(p, "invalid UTF-8");
    p->i += len;
    return 1;
}

static int string(parser *p) {
    if (p->i >= p->n || p->s[p->i] != '"') return fail(p, "expected a string");
    p->i++;
    while (p->i < p->n) {
        unsigned char c = p->s[p->i];
        if (c == '"') {
            p->i++;
            return 1;
        }
        if (c < 0x20) return fail(p, "raw control character in a string");
        if (c >= 0x80) {
            if (!utf8(p)) return 0;
            continue;
        }
        p->i++;
        if (c != '\\') continue;
        if (p->i >= p->n) break;
        c = p->s[p->i++];
        if (c == 'u') {
            unsigned v, lo;
            if (!hex4(p, &v)) return 0;
            if (v >= 0xDC00 && v <= 0xDFFF) return fail(p, "lone low surrogate escape");
            if (v >= 0xD800 && v <= 0xDBFF) {
                if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                    return fail(p, "high surrogate escape without its pair");
                p->i += 2;
                if (!hex4(p, &lo)) return 0;
                if (lo < 0xDC00 || lo > 0xDFFF) return fail(p, "high surrogate escape without its pair");
            }
        } else if (!strchr("\"\\/bfnrt", c) || !c) {
            return fail(p, "bad escape");
        }
    }
    return fail(p, "unterminated string");
}

static int digits(parser *p) {
    size_t start = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    return p->i > start ? 1 : fail(p, "expected a digit");
}

static int number(parser *p) {
    if (p->s[p->i] == '-') p->i++;
    if (p->i < p->n && p->s[p->i] == '0') {
        p->i++;
        if (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') return fail(p, "leading zero");
    } else if (!digits(p)) {
        return 0;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (!digits(p)) return 0;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
        if (!digits(p)) return 0;
    }
    return 1;
}

static int value(parser *p);

/* Keys of one object, as spans of the raw (escaped) text: equal raw text = duplicate.  Two
 * spellings of one key through escapes are not caught; our writer never makes them. */
typedef struct span {
    size_t at, len;
} span;

static int object(parser *p) {
    span *keys = NULL;
    size_t nkeys = 0;
    int ok = 0;
    p->i++;
    ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
        return 1;
    }
    for (;;) {
        ws(p);
        size_t at = p->i;
        if (!string(p)) break;
        span k = {at, p->i - at};
        int dup = 0;
        for (size_t j = 0; j < nkeys && !dup; j++)
            dup = keys[j].len == k.len && memcmp(p->s + keys[j].at, p->s + k.at, k.len) == 0;
        if (dup) {
            p->i = at;
            fail(p, "duplicate key");
            break;
        }
        span *grown = realloc(keys, (nkeys + 1) * sizeof *keys);
        if (!grown) break;
        keys = grown;
        keys[nkeys++] = k;
        ws(p);
        if (p->i >= p->n || p->s[p->i] != ':') {
            fail(p, "expected ':'");
            break;
        }
        p->i++;
        if (!value(p)) break;
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            ok = 1;
        } else {
            fail(p, "expected ',' or '}'");
        }
        break;
    }
    free(keys);
    return ok;
}

static int array(parser *p) {
    p->i++;
    ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
        p->i++;
        return 1;
    }
    for (;;) {
        if (!value(p)) return 0;
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            return 1;
        }
        return fail(p, "expected ',' or ']'");
    }
}

static int value(parser *p) {
    ws(p);
    if (p->i >= p->n) return fail(p, "unexpected end");
    if (++p->depth > 256) return fail(p, "nested too deeply");
    int ok;
    switch (p->s[p->i]) {
    case '{':
        ok = object(p);
        break;
    case '[':
        ok = array(p);
        break;
    case '"':
        ok = string(p);
        break;
    case 't':
        ok = lit(p, "true");
        break;
    case 'f':
        ok = lit(p, "false");
        break;
    case 'n':
        ok = lit(p, "null");
        break;
    default:
        ok =
            p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9') ? number(p) : fail(p, "unexpected character");
    }
    p->depth--;
    return ok;
}

/* NULL when s[0..n) is one valid JSON text, else the reason; *at is the offset. */
static const char *check(const char *s, size_t n, size_t *at) {
    parser p = {(const unsigned char *)s, n, 0, NULL, 0};
    if (value(&p)) {
        ws(&p);
        if (p.i != p.n) fail(&p, "trailing characters");
    }
    *at = p.i;
    return p.err;
}

static int self_test(void) {
    static const char *const good[] = {
        "{}",
        "[]",
        "0",
        "-0.5e+3",
        "\"\\u00e9\\ud83d\\udca5\\/\"",
        "{\"a\":[1,{\"b\":null}],\"c\":true}",
        " [ \"caf\xc3\xa9\" ] ",
        "{\"a\":1,\"b\":1}",
    };
    static const char *const bad[] = {
        "",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        "-",
        ".5",
        "\"\x01\"",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\xff\"",
        "\"\xc0\xaf\"",
        "[1] x",
        "{\"a\":1,\"a\":2}",
        "{'a':1}",
        "nul",
        "[1 2]",
        "\"abc",
        "{\"a\" 1}",
        "\"\xed\xa0\x80\"",
    };
    int bad_results = 0;
    size_t at;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *e = check(good[i], strlen(good[i]), &at);
        if (e) {
            fprintf(stderr, "rejected good document %zu [%s]: %s at %zu\n", i, good[i], e, at);
            bad_results++;
        }
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!check(bad[i], strlen(bad[i]), &at)) {
            fprintf(stderr, "accepted bad document %zu [%s]\n", i, bad[i]);
            bad_results++;
        }
    if (!bad_results) puts("json_check self-test: ok");
    return bad_results ? 1 : 0;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            char *g = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!g) break;
            buf = g;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--self-test") == 0) return self_test();
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE... | --self-test\n", argv[0]);
        return 2;
    }
    int rc = 0;
    for (int a = 1; a < argc; a++) {
        size_t n = 0, at;
        char *s = slurp(argv[a], &n);
        if (!s) {
            fprintf(stderr, "%s: cannot read\n", argv[a]);
            rc = 1;
            continue;
        }
        const char *e = check(s, n, &at);
        if (e) {
            fprintf(stderr, "%s: invalid JSON at byte %zu: %s\n", argv[a], at, e);
            rc = 1;
        } else {
            printf("%s: valid JSON (%zu bytes)\n", argv[a], n);
        }
        free(s);
    }
    return rc;
}
