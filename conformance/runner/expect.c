/*
 * expect.c: reading the expectations file (format and rules in expect.h).
 */
#include "expect.h"
#include "run.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *token(char **p)
{
    while (isspace((unsigned char)**p)) (*p)++;
    char *start = *p;
    while (**p && !isspace((unsigned char)**p)) (*p)++;
    if (**p) *(*p)++ = 0;
    return start;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
}

static int entry(wc_expectations *e, const char *path, int lineno, char *text, int (*known)(const char *),
                 FILE *err)
{
    char *p = text;
    char *id = token(&p), *word = token(&p);
    while (isspace((unsigned char)*p)) p++;
    rtrim(p);
    if (!*word) {
        fprintf(err, "%s:%d: expected `ID XFAIL reason`, got only `%s`\n", path, lineno, id);
        return 2;
    }
    if (strcmp(word, "XFAIL") != 0 && strcmp(word, "XCRASH") != 0 && strcmp(word, "XTIMEOUT") != 0) {
        fprintf(err, "%s:%d: unknown expectation `%s` for %s; XFAIL (a failed check), XCRASH or XTIMEOUT\n", path,
                lineno, word, id);
        return 2;
    }
    if (!*p) {
        fprintf(err, "%s:%d: the XFAIL entry for %s has no reason; say why it is waived\n", path, lineno, id);
        return 2;
    }
    if (!known(id)) {
        fprintf(err, "%s:%d: no case with id `%s` in the catalogue\n", path, lineno, id);
        return 2;
    }
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->w[i].id, id) == 0) {
            fprintf(err, "%s:%d: %s is already waived on line %d\n", path, lineno, id, e->w[i].line);
            return 2;
        }
    e->w = wr_xrealloc(e->w, (e->n + 1) * sizeof *e->w);
    /* the word travels with the reason, so the judge knows which outcome the waiver covers */
    e->w[e->n++] = (wc_waiver){wr_strdup(id), wr_strfmt("%s: %s", word, p), lineno};
    return 0;
}

int wc_expect_load(wc_expectations *e, const char *path, int (*known)(const char *id), FILE *err)
{
    memset(e, 0, sizeof *e);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(err, "wfpcert conform: --expect %s: %s\n", path, strerror(errno));
        return 2;
    }
    /* A folder opens for reading on POSIX and reads as empty: that is not a waiver list. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        fprintf(err, "wfpcert conform: --expect %s: not a regular file (a waiver list is a text file)\n", path);
        fclose(f);
        return 2;
    }
    char buf[4096];
    int lineno = 0, rc = 0;
    while (!rc && fgets(buf, sizeof buf, f)) {
        lineno++;
        size_t got = strlen(buf);
        if (lineno == 1 && ((unsigned char)buf[0] == 0xEF || (unsigned char)buf[0] == 0xFF ||
                            (unsigned char)buf[0] == 0xFE)) {
            fprintf(err, "%s:1: starts with a byte-order mark; save the waiver list as plain UTF-8 without one\n",
                    path);
            rc = 2;
            break;
        }
        if (got + 1 < sizeof buf && !feof(f) && buf[got] == 0 && got > 0 && buf[got - 1] != '\n') {
            fprintf(err, "%s:%d: a NUL byte: a waiver list is text\n", path, lineno);
            rc = 2;
            break;
        }
        if (!strchr(buf, '\n') && !feof(f)) {
            fprintf(err, "%s:%d: line longer than %zu bytes\n", path, lineno, sizeof buf - 2);
            rc = 2;
            break;
        }
        char *p = buf;
        while (isspace((unsigned char)*p)) p++;
        if (*p && *p != '#') rc = entry(e, path, lineno, p, known, err);
    }
    fclose(f);
    if (rc) wc_expect_free(e);
    return rc;
}

const char *wc_expect_reason(const wc_expectations *e, const char *id)
{
    for (size_t i = 0; e && i < e->n; i++)
        if (strcmp(e->w[i].id, id) == 0) return e->w[i].reason;
    return NULL;
}

void wc_expect_free(wc_expectations *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->w[i].id);
        free(e->w[i].reason);
    }
    free(e->w);
    memset(e, 0, sizeof *e);
}
