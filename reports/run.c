/*
 * run.c: names of outcomes and levels, and the small constructors and destructor of the
 * result model (run.h).  Kept apart from the writers so that every writer and the runner use
 * the same names and the same ownership rules.
 */
#include "run.h"
#include "errnames.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[WC_OUTCOME_COUNT] = {
    "PASS", "FAIL", "NON-STRICT", "INFORMATIONAL", "UNSUPPORTED", "XFAIL", "XPASS", "CRASH", "TIMEOUT",
};
static const char *const level_names[] = {"MUST", "SHOULD", "MAY", "IMPL"};

const char *wr_outcome_name(wc_outcome o) { return (unsigned)o < WC_OUTCOME_COUNT ? outcome_names[o] : "?"; }

const char *wr_level_name(wc_level l) {
    return (unsigned)l < sizeof level_names / sizeof level_names[0] ? level_names[l] : "?";
}

int wr_level_parse(const char *s) {
    for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++) {
        const char *n = level_names[i];
        size_t k = 0;
        while (n[k] && s[k] && (s[k] | 0x20) == (n[k] | 0x20)) k++;
        if (!n[k] && !s[k]) return (int)i;
    }
    return -1;
}

/* The exit-status rule in one place: a run fails on a MUST failure, on any crash or hang
 * (never acceptable, whatever the level), and on a waived case that passed unless the
 * caller said XPASS is fine (a stale waiver hides nothing, but should be removed). */
int wr_outcome_fails_run(wc_outcome o, int xpass_ok) {
    switch (o) {
    case WC_FAIL:
    case WC_CRASH:
    case WC_TIMEOUT:
        return 1;
    case WC_XPASS:
        return !xpass_ok;
    default:
        return 0;
    }
}

void *wr_xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("wfpcert: out of memory\n", stderr);
        abort();
    }
    return q;
}

char *wr_strdup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    return memcpy(wr_xrealloc(NULL, n), s, n);
}

char *wr_strfmt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = wr_xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return s;
}

void wr_case_observe(wr_case *c, const char *key, const char *value) {
    for (size_t i = 0; i < c->nobs; i++)
        if (strcmp(c->obs[i].key, key) == 0) {
            free(c->obs[i].value);
            c->obs[i].value = wr_strdup(value);
            return;
        }
    c->obs = wr_xrealloc(c->obs, (c->nobs + 1) * sizeof *c->obs);
    c->obs[c->nobs].key = wr_strdup(key);
    c->obs[c->nobs].value = wr_strdup(value);
    c->nobs++;
}

void wr_case_log(wr_case *c, const char *text) {
    c->logs = wr_xrealloc(c->logs, (c->nlogs + 1) * sizeof *c->logs);
    c->logs[c->nlogs++] = wr_strdup(text);
}

void wr_case_msg(wr_case *c, const char *file, int line, const char *text, const char *expected, const char *actual) {
    c->msgs = wr_xrealloc(c->msgs, (c->nmsgs + 1) * sizeof *c->msgs);
    wr_msg *m = &c->msgs[c->nmsgs++];
    m->file = wr_strdup(file);
    m->line = line;
    m->text = wr_strdup(text);
    m->expected = wr_strdup(expected);
    m->actual = wr_strdup(actual);
}

static void free_kvs(wr_kv *kv, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].value);
    }
    free(kv);
}

static void free_strs(char **s, size_t n) {
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void wr_case_free(wr_case *c) {
    for (size_t i = 0; i < c->nmsgs; i++) {
        free(c->msgs[i].file);
        free(c->msgs[i].text);
        free(c->msgs[i].expected);
        free(c->msgs[i].actual);
    }
    free_kvs(c->obs, c->nobs);
    free_strs(c->logs, c->nlogs);
    free(c->msgs);
    free(c->reason);
    free(c->waiver);
    free(c->output);
    free(c->repro);
    memset(c, 0, sizeof *c);
}

wr_case *wr_run_add_case(wr_run *r) {
    r->cases = wr_xrealloc(r->cases, (r->ncases + 1) * sizeof *r->cases);
    wr_case *c = &r->cases[r->ncases++];
    memset(c, 0, sizeof *c);
    return c;
}

void wr_run_count(wr_run *r) {
    memset(r->counts, 0, sizeof r->counts);
    for (size_t i = 0; i < r->ncases; i++)
        if ((unsigned)r->cases[i].outcome < WC_OUTCOME_COUNT) r->counts[r->cases[i].outcome]++;
}

static void free_sysinfo(wr_sysinfo *s) {
    char **strs[] = {&s->version,
                     &s->commit,
                     &s->tool_build,
                     &s->host_os,
                     &s->host_build,
                     &s->config,
                     &s->config_sha256,
                     &s->expectations_file,
                     &s->expectations_sha256,
                     &s->vendor,
                     &s->driver,
                     &s->driver_version,
                     &s->driver_file,
                     &s->driver_sha256,
                     &s->selection};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) free(*strs[i]);
    free_strs(s->unselected, s->nunselected);
}

void wr_run_free(wr_run *r) {
    free_sysinfo(&r->sys);
    for (size_t i = 0; i < r->ncases; i++) wr_case_free(&r->cases[i]);
    free_kvs(r->knobs, r->nknobs);
    free_strs(r->faults, r->nfaults);
    free(r->cases);
    free(r->tool);
    free(r->target);
    free(r->profile);
    free(r->command);
    free(r->expectations);
    free(r->reference);
    free(r->run_dir);
    memset(r, 0, sizeof *r);
}

/* ---- texts derived from a case, shared by the writers and the console ---- */

void wr_list_tokens(const char *list, void (*fn)(const char *tok, size_t n, void *ud), void *ud) {
    const char *p = list ? list : "";
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p)) p++;
        if (*p == '#') p++;
        size_t n = 0;
        while (p[n] && p[n] != ',' && !isspace((unsigned char)p[n])) n++;
        if (n) fn(p, n, ud);
        p += n;
    }
}

static void append(char **s, size_t *len, const char *add) {
    size_t n = strlen(add);
    *s = wr_xrealloc(*s, *len + n + 1);
    memcpy(*s + *len, add, n + 1);
    *len += n;
}

char *wr_case_actual(const wr_case *c) {
    char *s = NULL;
    size_t len = 0;
    append(&s, &len, "");
    for (size_t i = 0; i < c->nmsgs; i++) {
        if (i) append(&s, &len, "; ");
        append(&s, &len, c->msgs[i].actual ? c->msgs[i].actual : c->msgs[i].text);
    }
    if (!c->nmsgs && c->reason) append(&s, &len, c->reason);
    if (!len && c->nobs) {
        for (size_t i = 0; i < c->nobs; i++) {
            if (i) append(&s, &len, ", ");
            append(&s, &len, c->obs[i].key);
            append(&s, &len, "=");
            append(&s, &len, c->obs[i].value);
        }
    }
    if (!len) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%d check%s passed", c->checks, c->checks == 1 ? "" : "s");
        append(&s, &len, tmp);
    }
    return s;
}

char *wr_case_detail(const wr_case *c) {
    char *s = NULL, tmp[64];
    size_t len = 0;
    append(&s, &len, "");
    if (c->reason) {
        append(&s, &len, c->reason);
        append(&s, &len, "\n");
    }
    if (c->waiver) {
        append(&s, &len, "waived: ");
        append(&s, &len, c->waiver);
        if (c->raw_outcome != c->outcome) {
            append(&s, &len, " (was ");
            append(&s, &len, wr_outcome_name(c->raw_outcome));
            append(&s, &len, ")");
        }
        append(&s, &len, "\n");
    }
    for (size_t i = 0; i < c->nmsgs; i++) {
        const wr_msg *m = &c->msgs[i];
        snprintf(tmp, sizeof tmp, ":%d: ", m->line);
        append(&s, &len, m->file ? m->file : "?");
        append(&s, &len, tmp);
        append(&s, &len, m->text);
        append(&s, &len, "\n");
        if (m->expected) {
            append(&s, &len, "  expected: ");
            append(&s, &len, m->expected);
            append(&s, &len, "\n  actual:   ");
            append(&s, &len, m->actual ? m->actual : "");
            append(&s, &len, "\n");
        }
    }
    return s;
}

char *wr_case_first_difference(const wr_case *c) {
    const char *v = NULL;
    if (c->nmsgs)
        v = c->msgs[0].actual ? c->msgs[0].actual : c->msgs[0].text;
    else if (c->reason)
        v = c->reason;
    return wr_err_annotate(v ? v : wr_outcome_name(c->outcome));
}

char *wr_case_signature(const wr_case *c) {
    char *v = wr_case_first_difference(c);
    char *s = wr_strfmt("%s | %s | %s", c->clause ? c->clause : "?", wr_outcome_name(c->outcome), v);
    free(v);
    return s;
}

/* Takes s and gives it back with its error codes named. */
static char *named(char *s) {
    char *n = wr_err_annotate(s);
    free(s);
    return n;
}

char *wr_case_actual_named(const wr_case *c) { return named(wr_case_actual(c)); }
char *wr_case_detail_named(const wr_case *c) { return named(wr_case_detail(c)); }
