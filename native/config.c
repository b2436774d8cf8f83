/*
 * config.c: the parser of the native target's vendor configuration (see config.h).
 *
 * Why so strict: a certification run is evidence.  A typo in a key or a port must stop the
 * run with the file and line, not silently test something else, so unknown keys, repeated
 * keys, bad numbers and bad addresses are all errors; the keys form one table, so the
 * parser and its messages cannot drift apart.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ addresses */

int nc_parse_ipv4(const char *s, unsigned char out[4])
{
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

int nc_parse_ipv6(const char *s, unsigned char out[16])
{
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
            if (n > 12 || nc_parse_ipv4(start, b + n) != 0) return -1;
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
typedef int (*value_fn)(nc_config *c, const struct key *k, const char *v, char *why, size_t cap);

struct key {
    const char *name;
    value_fn fn;
    size_t off, size;     /* the field in nc_config */
    int required;
    unsigned long lo, hi; /* v_number: the range ... */
    const char *what;     /* ... and what the number is */
};

static void *field(nc_config *c, const struct key *k) { return (char *)c + k->off; }

static int v_number(nc_config *c, const struct key *k, const char *v, char *why, size_t cap)
{
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

static int v_text(nc_config *c, const struct key *k, const char *v, char *why, size_t cap)
{
    if (strlen(v) >= k->size) {
        snprintf(why, cap, "longer than %zu characters", k->size - 1);
        return -1;
    }
    strcpy(field(c, k), v);
    return 0;
}

static int v_addr(nc_config *c, const struct key *k, const char *v, char *why, size_t cap)
{
    int v6 = k->size == 16;
    if ((v6 ? nc_parse_ipv6(v, field(c, k)) : nc_parse_ipv4(v, field(c, k))) == 0) return 0;
    snprintf(why, cap, "'%s' is not an %s address such as %s", v, v6 ? "IPv6" : "IPv4",
             v6 ? "2001:db8::10" : "192.0.2.10");
    return -1;
}

static int v_protocols(nc_config *c, const struct key *k, const char *v, char *why, size_t cap)
{
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

static int v_yes_no(nc_config *c, const struct key *k, const char *v, char *why, size_t cap)
{
    int *f = field(c, k);
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
        *f = 1;
    else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
        *f = 0;
    else {
        snprintf(why, cap, "'%s' is not yes or no", v);
        return -1;
    }
    return 0;
}

#define FIELD(f) offsetof(nc_config, f), sizeof(((nc_config *)0)->f)
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

static int key_index(const char *name)
{
    int k = 0;
    while (k < NKEYS && strcmp(keys[k].name, name) != 0) k++;
    return k;
}

static void known_keys(char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < NKEYS && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", keys[i].name);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
    return s;
}

static void defaults(nc_config *c, const char *path)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    c->tcp = 1;
    c->proxy4[0] = 127, c->proxy4[3] = 1;
    c->proxy6[15] = 1;
    c->timeout_ms = 5000;
}

int nc_config_parse(nc_config *c, const char *path, const char *text, char *err, size_t cap)
{
    int seen[NKEYS] = {0};
    defaults(c, path);
    int lineno = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        char line[1024];
        lineno++;
        if (n >= sizeof line) {
            snprintf(err, cap, "%s:%d: line longer than %zu characters", path, lineno, sizeof line - 1);
            return -1;
        }
        memcpy(line, p, n);
        line[n] = 0;
        p += n + (p[n] == '\n');
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *s = trim(line);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, cap, "%s:%d: expected 'key = value', got '%s'", path, lineno, s);
            return -1;
        }
        *eq = 0;
        char *key = trim(s), *value = trim(eq + 1);
        int k = key_index(key);
        if (k == NKEYS) {
            char known[512];
            known_keys(known, sizeof known);
            snprintf(err, cap, "%s:%d: unknown key '%s' (known keys: %s)", path, lineno, key, known);
            return -1;
        }
        if (seen[k]) {
            snprintf(err, cap, "%s:%d: %s is set twice (first on line %d)", path, lineno, key, seen[k]);
            return -1;
        }
        seen[k] = lineno;
        char why[256];
        if (!*value) {
            snprintf(err, cap, "%s:%d: %s has no value", path, lineno, key);
            return -1;
        }
        if (keys[k].fn(c, &keys[k], value, why, sizeof why) != 0) {
            snprintf(err, cap, "%s:%d: %s: %s", path, lineno, key, why);
            return -1;
        }
    }
    for (int k = 0; k < NKEYS; k++)
        if (keys[k].required && !seen[k]) {
            snprintf(err, cap, "%s: the required key '%s' is missing", path, keys[k].name);
            return -1;
        }
    c->has_redirect4 = seen[key_index("redirect_address")] != 0;
    c->has_redirect6 = seen[key_index("redirect_address6")] != 0;
    if (!c->has_redirect4 && !c->has_redirect6) {
        snprintf(err, cap, "%s: set redirect_address (IPv4) or redirect_address6 (IPv6), or both", path);
        return -1;
    }
    if (c->context_size && !c->context) {
        snprintf(err, cap, "%s:%d: context_size is set but context = no", path, seen[key_index("context_size")]);
        return -1;
    }
    return 0;
}

int nc_config_load(nc_config *c, const char *path, char *err, size_t cap)
{
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
    for (size_t i = 0; i < len; i++) /* Windows editors write CRLF */
        if (text[i] == '\r') text[i] = ' ';
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        memset(text, ' ', 3); /* a UTF-8 byte-order mark (Notepad) */
    int rc = nc_config_parse(c, path, text, err, cap);
    free(text);
    return rc;
}
