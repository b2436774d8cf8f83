/*
 * config.c: the parser of the native target's vendor configuration (see config.h).
 *
 * Why so strict: a certification run is evidence.  A typo in a key or a port must stop the
 * run with the file and line, not silently test something else, so unknown keys, repeated
 * keys, bad numbers and bad addresses are all errors; the keys form one table, so the
 * parser and its messages cannot drift apart.
 */
#include "config.h"
#include "wsys.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ addresses */

int nt_parse_ipv4(const char *s, unsigned char out[4]) {
    for (int i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)*s)) return -1;
        unsigned v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*s)) {
            v = v * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || v > 255) return -1;
        }
        out[i] = (unsigned char)v;
        if (i < 3 && *s++ != '.') return -1;
    }
    return *s ? -1 : 0;
}

int nt_parse_ipv6(const char *s, unsigned char out[16]) {
    unsigned char b[16] = {0};
    int n = 0, gap = -1; /* bytes written; where "::" was */
    if (s[0] == ':' && s[1] == ':') {
        gap = 0;
        s += 2;
    } else if (s[0] == ':') {
        return -1;
    }
    while (*s) {
        const char *start = s;
        unsigned v = 0;
        int digits = 0;
        while (isxdigit((unsigned char)*s) && digits < 5) {
            int c = tolower((unsigned char)*s++);
            v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
            digits++;
        }
        if (*s == '.') { /* an IPv4 tail fills the last 4 bytes */
            if (n > 12 || nt_parse_ipv4(start, b + n) != 0) return -1;
            n += 4;
            break;
        }
        if (digits == 0 || digits > 4 || n > 14) return -1;
        b[n++] = (unsigned char)(v >> 8);
        b[n++] = (unsigned char)v;
        if (!*s) break;
        if (*s++ != ':') return -1;
        if (*s == ':') {
            if (gap >= 0) return -1;
            gap = n;
            s++;
        } else if (!*s) {
            return -1; /* a trailing single ':' */
        }
    }
    if (gap < 0 && n != 16) return -1;
    if (gap >= 0 && n > 14) return -1;
    memset(out, 0, 16);
    if (gap < 0) {
        memcpy(out, b, 16);
    } else {
        memcpy(out, b, (size_t)gap);
        memcpy(out + 16 - (n - gap), b + gap, (size_t)(n - gap));
    }
    return 0;
}

/* ------------------------------------------------------------ the keys */

struct key;
/* Reads v into the key's field of c; -1 with the reason in why. */
typedef int (*value_fn)(nt_config *c, const struct key *k, const char *v, char *why, size_t cap);

struct key {
    const char *name;
    value_fn fn;
    size_t off, size; /* the field in nt_config */
    int required;
    unsigned long lo, hi; /* v_number: the range ... */
    const char *what; /* ... and what the number is */
};

static void *field(nt_config *c, const struct key *k) { return (char *)c + k->off; }

static int v_number(nt_config *c, const struct key *k, const char *v, char *why, size_t cap) {
    char *end = NULL;
    errno = 0;
    unsigned long n = isdigit((unsigned char)*v) ? strtoul(v, &end, 10) : 0;
    if (!end || errno || *end || n < k->lo || n > k->hi) {
        snprintf(why, cap, "'%s' is not %s (%lu to %lu)", v, k->what, k->lo, k->hi);
        return -1;
    }
    if (k->size == sizeof(unsigned short))
        *(unsigned short *)field(c, k) = (unsigned short)n;
    else
        *(unsigned long *)field(c, k) = n;
    return 0;
}

static int v_text(nt_config *c, const struct key *k, const char *v, char *why, size_t cap) {
    if (strlen(v) >= k->size) {
        snprintf(why, cap, "longer than %zu characters", k->size - 1);
        return -1;
    }
    strcpy(field(c, k), v);
    return 0;
}

static int v_addr(nt_config *c, const struct key *k, const char *v, char *why, size_t cap) {
    int v6 = k->size == 16;
    if ((v6 ? nt_parse_ipv6(v, field(c, k)) : nt_parse_ipv4(v, field(c, k))) == 0) return 0;
    snprintf(why, cap, "'%s' is not an %s address such as %s", v, v6 ? "IPv6" : "IPv4",
             v6 ? "2001:db8::10" : "192.0.2.10");
    return -1;
}

static int v_protocols(nt_config *c, const struct key *k, const char *v, char *why, size_t cap) {
    (void)k;
    c->tcp = c->udp = 0;
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, ", \t");
        if (n == 3 && strncmp(p, "tcp", 3) == 0)
            c->tcp = 1;
        else if (n == 3 && strncmp(p, "udp", 3) == 0)
            c->udp = 1;
        else if (n) {
            snprintf(why, cap, "'%.*s' is not a protocol (tcp, udp)", (int)n, p);
            return -1;
        }
        p += n;
        p += strspn(p, ", \t");
    }
    if (!c->tcp && !c->udp) {
        snprintf(why, cap, "name at least one of tcp, udp");
        return -1;
    }
    return 0;
}

/* ASCII case-insensitive equality (strcasecmp is POSIX, _stricmp Windows: neither is C11). */
static int same_word(const char *a, const char *b) {
    while (*a && tolower((unsigned char)*a) == tolower((unsigned char)*b)) a++, b++;
    return tolower((unsigned char)*a) == tolower((unsigned char)*b);
}

static int v_yes_no(nt_config *c, const struct key *k, const char *v, char *why, size_t cap) {
    int *f = field(c, k);
    /* Yes, YES and True are what people type on Windows: the words are case-insensitive. */
    if (same_word(v, "yes") || same_word(v, "true") || !strcmp(v, "1"))
        *f = 1;
    else if (same_word(v, "no") || same_word(v, "false") || !strcmp(v, "0"))
        *f = 0;
    else {
        snprintf(why, cap, "'%s' is not yes or no", v);
        return -1;
    }
    return 0;
}

#define FIELD(f) offsetof(nt_config, f), sizeof(((nt_config *)0)->f)
static const struct key keys[] = {
    {"vendor", v_text, FIELD(vendor), 1, 0, 0, NULL},
    {"redirect_address", v_addr, FIELD(redirect4), 0, 0, 0, NULL},
    {"redirect_address6", v_addr, FIELD(redirect6), 0, 0, 0, NULL},
    {"redirect_port", v_number, FIELD(redirect_port), 1, 1, 65535, "a port number"},
    {"redirect_protocols", v_protocols, FIELD(tcp), 0, 0, 0, NULL},
    {"proxy_port", v_number, FIELD(proxy_port), 1, 1, 65535, "a port number"},
    {"proxy_address", v_addr, FIELD(proxy4), 0, 0, 0, NULL},
    {"proxy_address6", v_addr, FIELD(proxy6), 0, 0, 0, NULL},
    {"context", v_yes_no, FIELD(context), 1, 0, 0, NULL},
    {"context_size", v_number, FIELD(context_size), 0, 1, 1ul << 20, "a size in bytes"},
    {"timeout_ms", v_number, FIELD(timeout_ms), 0, 10, 600000, "a time in milliseconds"},
    {"pid_file", v_text, FIELD(pid_file), 0, 0, 0, NULL},
    {"driver", v_text, FIELD(driver), 0, 0, 0, NULL},
    {"driver_version", v_text, FIELD(driver_version), 0, 0, 0, NULL},
    {"driver_file", v_text, FIELD(driver_file), 0, 0, 0, NULL},
};
#undef FIELD
enum { NKEYS = sizeof keys / sizeof keys[0] };

static int key_index(const char *name) {
    int k = 0;
    while (k < NKEYS && strcmp(keys[k].name, name) != 0) k++;
    return k;
}

static void known_keys(char *buf, size_t cap) {
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < NKEYS && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", keys[i].name);
}

static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
    return s;
}

static void defaults(nt_config *c, const char *path) {
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    c->tcp = 1;
    c->proxy4[0] = 127, c->proxy4[3] = 1;
    c->proxy6[15] = 1;
    c->timeout_ms = 5000;
}

/* Appends one "FILE[:LINE]: what" line to err (lines separated by '\n'); a full buffer keeps
 * what fits and says that more followed, so the first errors are never the ones lost. */
static void add_error(char *err, size_t cap, int *nerr, const char *path, int lineno, const char *fmt, ...) {
    size_t o = strlen(err);
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char line[1024];
    if (lineno)
        snprintf(line, sizeof line, "%s%s:%d: %s", *nerr ? "\n" : "", path, lineno, what);
    else
        snprintf(line, sizeof line, "%s%s: %s", *nerr ? "\n" : "", path, what);
    (*nerr)++;
    if (o + strlen(line) + 1 <= cap) {
        memcpy(err + o, line, strlen(line) + 1);
    } else if (o + 16 < cap && !strstr(err, "\n(more errors)")) {
        memcpy(err + o, "\n(more errors)", 15);
    }
}

/* Cuts a comment: '#' at the start of the line or after white space.  A '#' inside a value
 * (C:\temp\#1\proxy.pid) is part of it: cutting there would silently change the value. */
static void cut_comment(char *line) {
    for (char *h = line; (h = strchr(h, '#')) != NULL; h++)
        if (h == line || isspace((unsigned char)h[-1])) {
            *h = 0;
            return;
        }
}

int nt_config_parse(nt_config *c, const char *path, const char *text, char *err, size_t cap) {
    int seen[NKEYS] = {0};
    int nerr = 0;
    if (cap) err[0] = 0;
    defaults(c, path);
    int lineno = 0;
    /* Every line is checked and every error reported: a vendor fixing the file wants the whole
     * list at once, not one error per attempt. */
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        char line[1024];
        lineno++;
        const char *next = p + n + (p[n] == '\n');
        if (n >= sizeof line) {
            add_error(err, cap, &nerr, path, lineno, "line longer than %zu characters", sizeof line - 1);
            p = next;
            continue;
        }
        memcpy(line, p, n);
        line[n] = 0;
        p = next;
        cut_comment(line);
        char *s = trim(line);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            add_error(err, cap, &nerr, path, lineno, "expected 'key = value', got '%s'", s);
            continue;
        }
        *eq = 0;
        char *key = trim(s), *value = trim(eq + 1);
        int k = key_index(key);
        if (k == NKEYS) {
            char known[512];
            known_keys(known, sizeof known);
            add_error(err, cap, &nerr, path, lineno, "unknown key '%s' (known keys: %s)", key, known);
            continue;
        }
        if (seen[k]) {
            add_error(err, cap, &nerr, path, lineno, "%s is set twice (first on line %d)", key, seen[k]);
            continue;
        }
        seen[k] = lineno;
        char why[256];
        if (!*value) {
            add_error(err, cap, &nerr, path, lineno, "%s has no value", key);
            continue;
        }
        if (keys[k].fn(c, &keys[k], value, why, sizeof why) != 0)
            add_error(err, cap, &nerr, path, lineno, "%s: %s", key, why);
    }
    for (int k = 0; k < NKEYS; k++)
        if (keys[k].required && !seen[k])
            add_error(err, cap, &nerr, path, 0, "the required key '%s' is missing", keys[k].name);
    c->has_redirect4 = seen[key_index("redirect_address")] != 0;
    c->has_redirect6 = seen[key_index("redirect_address6")] != 0;
    if (!c->has_redirect4 && !c->has_redirect6)
        add_error(err, cap, &nerr, path, 0, "set redirect_address (IPv4) or redirect_address6 (IPv6), or both");
    if (c->context_size && !c->context)
        add_error(err, cap, &nerr, path, seen[key_index("context_size")], "context_size is set but context = no");
    /* The suite listens on the proxy address and connects to the redirect destination: if they
     * are one endpoint, the "redirected" connection reaches the suite without any redirect and
     * every case would pass or fail for the wrong reason. */
    if (c->redirect_port && c->redirect_port == c->proxy_port) {
        int line4 =
            seen[key_index("proxy_address")] ? seen[key_index("proxy_address")] : seen[key_index("redirect_address")];
        int line6 = seen[key_index("proxy_address6")] ? seen[key_index("proxy_address6")]
                                                      : seen[key_index("redirect_address6")];
        if (c->has_redirect4 && memcmp(c->redirect4, c->proxy4, 4) == 0)
            add_error(
                err, cap, &nerr, path, line4,
                "the proxy (proxy_address:proxy_port) is the redirect destination (redirect_address:redirect_port);"
                " a connection would reach it without being redirected");
        if (c->has_redirect6 && memcmp(c->redirect6, c->proxy6, 16) == 0)
            add_error(
                err, cap, &nerr, path, line6,
                "the proxy (proxy_address6:proxy_port) is the redirect destination (redirect_address6:redirect_port);"
                " a connection would reach it without being redirected");
    }
    return nerr ? -1 : 0;
}

/* UTF-16 (what Windows PowerShell 5.1's `>` writes) b[0..len), after its byte-order mark, as
 * UTF-8.  be: big endian.  Returns the new text (malloc'd) or NULL with the reason in why. */
static char *from_utf16(const unsigned char *b, size_t len, int be, char *why, size_t cap) {
    char *out = malloc(len / 2 * 3 + 1), *o = out;
    if (!out) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i + 1 < len; i += 2) {
        unsigned long u = be ? (unsigned long)b[i] << 8 | b[i + 1] : (unsigned long)b[i + 1] << 8 | b[i];
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) { /* a surrogate pair */
            unsigned long lo = be ? (unsigned long)b[i + 2] << 8 | b[i + 3] : (unsigned long)b[i + 3] << 8 | b[i + 2];
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (u == 0) {
            free(out);
            snprintf(why, cap, "a NUL character at byte %zu of the UTF-16 text", i);
            return NULL;
        }
        if (u < 0x80) {
            *o++ = (char)u;
        } else if (u < 0x800) {
            *o++ = (char)(0xC0 | u >> 6), *o++ = (char)(0x80 | (u & 0x3F));
        } else if (u < 0x10000) {
            *o++ = (char)(0xE0 | u >> 12), *o++ = (char)(0x80 | (u >> 6 & 0x3F)), *o++ = (char)(0x80 | (u & 0x3F));
        } else {
            *o++ = (char)(0xF0 | u >> 18), *o++ = (char)(0x80 | (u >> 12 & 0x3F));
            *o++ = (char)(0x80 | (u >> 6 & 0x3F)), *o++ = (char)(0x80 | (u & 0x3F));
        }
    }
    *o = 0;
    return out;
}

int nt_config_load(nt_config *c, const char *path, char *err, size_t cap) {
    /* Windows refuses to open a folder with "Permission denied" and POSIX opens it as empty:
     * both hide the real mistake, so a folder is named as one before any open. */
    if (wsys_kind(path) == WSYS_DIR) {
        snprintf(err, cap, "%s: is a directory, not a configuration file", path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "%s: cannot open the configuration: %s", path, strerror(errno));
        return -1;
    }
    char *text = NULL;
    size_t len = 0, room = 0;
    for (;;) {
        if (len + 4096 + 1 > room) {
            room = (len + 4096 + 1) * 2;
            char *t = realloc(text, room);
            if (!t) {
                free(text);
                fclose(f);
                snprintf(err, cap, "%s: out of memory", path);
                return -1;
            }
            text = t;
        }
        size_t got = fread(text + len, 1, 4096, f);
        len += got;
        if (got < 4096) break;
        if (len > (1u << 20)) {
            free(text);
            fclose(f);
            snprintf(err, cap, "%s: larger than 1 MiB; is this the right file?", path);
            return -1;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        snprintf(err, cap, "%s: read error", path);
        return -1;
    }
    text[len] = 0;
    const unsigned char *b = (const unsigned char *)text;
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        /* UTF-16 with its byte-order mark: Windows PowerShell 5.1's `>` and Notepad's "Unicode" */
        char why[128];
        char *u8 = from_utf16(b + 2, len - 2, b[0] == 0xFE, why, sizeof why);
        free(text);
        if (!u8) {
            snprintf(err, cap, "%s: %s", path, why);
            return -1;
        }
        text = u8;
        len = strlen(text);
    } else if (memchr(text, 0, len)) {
        snprintf(err, cap, "%s: holds NUL bytes; save it as UTF-8, or as UTF-16 with a byte-order mark", path);
        free(text);
        return -1;
    }
    for (size_t i = 0; i < len; i++) /* Windows editors write CRLF */
        if (text[i] == '\r') text[i] = ' ';
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        memset(text, ' ', 3); /* a UTF-8 byte-order mark (Notepad) */
    int rc = nt_config_parse(c, path, text, err, cap);
    free(text);
    return rc;
}
