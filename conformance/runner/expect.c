/*
 * expect.c: reading the expectations file (format and rules in expect.h).  The file is read
 * whole, so that a NUL byte anywhere (a UTF-16 file, a binary picked by mistake) is found
 * before any line is believed: fgets would end a line at the NUL and waive on the rest.
 */
#include "expect.h"
#include "os.h"
#include "run.h"
#include "settings.h" /* wc_cmd_name */
#include "wsys.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *token(char **p) {
    while (isspace((unsigned char)**p)) (*p)++;
    char *start = *p;
    while (**p && !isspace((unsigned char)**p)) (*p)++;
    if (**p) *(*p)++ = 0;
    return start;
}

static void rtrim(char *s) {
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
}

/* A real calendar day "YYYY-MM-DD" (so a typo cannot make a waiver last for ever). */
static int valid_day(const char *d) {
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i])) return 0;
    int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || day < 1 || day > days[m - 1]) return 0;
    return !(m == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

static void free_matches(wc_waiver *w) {
    for (size_t i = 0; i < w->nmatch; i++) free(w->match[i]);
    free(w->match);
    w->match = NULL;
    w->nmatch = 0;
}

/* The pins between the word and the reason (match=, expires=); *p moves past them. */
static int pins(wc_waiver *w, char **p, const char *path, int lineno, const char *today, FILE *err) {
    for (;;) {
        while (isspace((unsigned char)**p)) (*p)++;
        if (!strncmp(*p, "match=", 6)) {
            char *v = *p + 6, *end;
            if (*v == '"') {
                end = strchr(++v, '"');
                if (!end) {
                    fprintf(err, "%s:%d: match=\"%s: no closing double quote\n", path, lineno, v);
                    return 2;
                }
            } else {
                end = v + strcspn(v, " \t\r\n");
            }
            if (end == v) {
                fprintf(err, "%s:%d: match= needs a text to look for in the case's report\n", path, lineno);
                return 2;
            }
            w->match = wr_xrealloc(w->match, (w->nmatch + 1) * sizeof *w->match);
            w->match[w->nmatch++] = wr_strfmt("%.*s", (int)(end - v), v);
            *p = end + (*end == '"');
        } else if (!strncmp(*p, "expires=", 8)) {
            char *v = *p + 8;
            size_t n = strcspn(v, " \t\r\n");
            char day[32];
            snprintf(day, sizeof day, "%.*s", (int)(n < 31 ? n : 31), v);
            if (!valid_day(day)) {
                fprintf(err, "%s:%d: expires=%s: not a day; write expires=YYYY-MM-DD\n", path, lineno, day);
                return 2;
            }
            memcpy(w->expires, day, sizeof w->expires);
            w->expired = strcmp(today, day) > 0;
            *p = v + n;
        } else {
            return 0;
        }
    }
}

static int entry(wc_expectations *e, const char *path, int lineno, char *text, int (*known)(const char *),
                 const char *today, FILE *err) {
    char *p = text;
    char *id = token(&p), *word = token(&p);
    if (!*word) {
        fprintf(err, "%s:%d: expected `ID XFAIL reason`, got only `%s`\n", path, lineno, id);
        return 2;
    }
    wc_outcome covers;
    if (strcmp(word, "XFAIL") == 0)
        covers = WC_FAIL;
    else if (strcmp(word, "XCRASH") == 0)
        covers = WC_CRASH;
    else if (strcmp(word, "XTIMEOUT") == 0)
        covers = WC_TIMEOUT;
    else {
        fprintf(err, "%s:%d: unknown expectation `%s` for %s; XFAIL (a failed check), XCRASH or XTIMEOUT\n", path,
                lineno, word, id);
        return 2;
    }
    wc_waiver w = {.file = e->path, .line = lineno, .covers = covers};
    int rc = pins(&w, &p, path, lineno, today, err);
    while (isspace((unsigned char)*p)) p++;
    rtrim(p);
    if (!rc && !*p) {
        fprintf(err, "%s:%d: the %s entry for %s has no reason; say why it is waived\n", path, lineno, word, id);
        rc = 2;
    }
    if (!rc && !known(id)) {
        fprintf(err, "%s:%d: no case with id `%s` in the catalogue\n", path, lineno, id);
        rc = 2;
    }
    for (size_t i = 0; !rc && i < e->n; i++)
        if (strcmp(e->w[i].id, id) == 0) {
            fprintf(err, "%s:%d: %s is already waived on line %d\n", path, lineno, id, e->w[i].line);
            rc = 2;
        }
    if (rc) {
        free_matches(&w);
        return rc;
    }
    w.id = wr_strdup(id);
    w.reason = wr_strdup(p);
    /* the word travels with the reason into the reports, so a reader sees what was waived */
    w.text = wr_strfmt("%s%s", word, w.nmatch || w.expires[0] ? " (" : "");
    for (size_t i = 0; i < w.nmatch; i++) {
        char *t = wr_strfmt("%s%smatch \"%s\"", w.text, i ? ", " : "", w.match[i]);
        free(w.text);
        w.text = t;
    }
    char *t = wr_strfmt("%s%s%s%s%s: %s", w.text, w.nmatch && w.expires[0] ? ", " : "", w.expires[0] ? "expires " : "",
                        w.expires, w.nmatch || w.expires[0] ? ")" : "", p);
    free(w.text);
    w.text = t;
    e->w = wr_xrealloc(e->w, (e->n + 1) * sizeof *e->w);
    e->w[e->n++] = w;
    return 0;
}

/* The whole file, NUL-terminated; *len its length.  NULL after an error on err. */
static char *slurp(const char *path, size_t *len, FILE *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "%s: --expect %s: %s\n", wc_cmd_name(), path, strerror(errno));
        return NULL;
    }
    /* A folder opens for reading on POSIX and reads as empty: that is not a waiver list. */
    enum wsys_kind kind = wsys_kind(path);
    if (kind != WSYS_NONE && kind != WSYS_FILE) {
        fprintf(err, "%s: --expect %s: not a regular file (a waiver list is a text file)\n", wc_cmd_name(), path);
        fclose(f);
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 + 1 > cap) buf = wr_xrealloc(buf, cap = 2 * cap + 4096 + 1);
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(err, "%s: --expect %s: cannot read it\n", wc_cmd_name(), path);
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

int wc_expect_load_on(wc_expectations *e, const char *path, int (*known)(const char *id), const char *today,
                      FILE *err) {
    memset(e, 0, sizeof *e);
    char now[32];
    if (!today) {
        wc_os_utc_now(now, sizeof now);
        now[10] = 0; /* "YYYY-MM-DD" */
        today = now;
    }
    size_t len = 0;
    char *text = slurp(path, &len, err);
    if (!text) return 2;
    e->path = wr_strdup(path);
    int rc = 0;
    if (len && ((unsigned char)text[0] == 0xEF || (unsigned char)text[0] == 0xFF || (unsigned char)text[0] == 0xFE)) {
        fprintf(err, "%s:1: starts with a byte-order mark; save the waiver list as plain UTF-8 without one\n", path);
        rc = 2;
    }
    const char *nul = rc ? NULL : memchr(text, 0, len);
    if (nul) {
        int lineno = 1;
        for (const char *q = text; q < nul; q++) lineno += *q == '\n';
        fprintf(err, "%s:%d: a NUL byte (at byte %zu): a waiver list is plain text; save it as UTF-8\n", path, lineno,
                (size_t)(nul - text));
        rc = 2;
    }
    char *line = text;
    for (int lineno = 1; !rc && line < text + len; lineno++) {
        char *end = strchr(line, '\n');
        if (end) *end = 0;
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (*p && *p != '#') rc = entry(e, path, lineno, p, known, today, err);
        line = end ? end + 1 : text + len;
    }
    free(text);
    if (rc) wc_expect_free(e);
    return rc;
}

int wc_expect_load(wc_expectations *e, const char *path, int (*known)(const char *id), FILE *err) {
    return wc_expect_load_on(e, path, known, NULL, err);
}

const wc_waiver *wc_expect_find(const wc_expectations *e, const char *id) {
    for (size_t i = 0; e && i < e->n; i++)
        if (strcmp(e->w[i].id, id) == 0) return &e->w[i];
    return NULL;
}

void wc_expect_free(wc_expectations *e) {
    for (size_t i = 0; i < e->n; i++) {
        free(e->w[i].id);
        free(e->w[i].reason);
        free_matches(&e->w[i]);
        free(e->w[i].text);
    }
    free(e->w);
    free(e->path);
    memset(e, 0, sizeof *e);
}
