/*
 * html_trace.c: the two report.html sections that relate a run to the specification.
 *
 * Traceability matrix: each seed-page anchor, SEMANTICS assertion and contradiction
 * (spec_ids.c) with the cases that name it and their outcomes; an id no case names is shown
 * as a gap, and an id a case names that the specification lacks is listed too (a typo in
 * the catalogue would otherwise hide coverage).
 *
 * Fingerprint: observations whose key is a contradiction id, optionally followed by
 * ".mode" ("C1.sync" = "b"), say which documented alternative the target showed.  One row
 * per contradiction, one column per call mode; cases that disagree are highlighted.
 */
#include "html.h"
#include "spec_ids.h"
#include "writer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct token_query {
    const char *want;
    int found;
} token_query;

static void match_token(const char *tok, size_t n, void *ud) {
    token_query *q = ud;
    if (strlen(q->want) == n && strncmp(q->want, tok, n) == 0) q->found = 1;
}

static int names(const char *list, const char *id) {
    token_query q = {id, 0};
    wr_list_tokens(list, match_token, &q);
    return q.found;
}

/* Which list of a case a matrix looks at. */
typedef enum { BY_ANCHOR, BY_CLAUSE } trace_by;

static const char *case_list(const wr_case *c, trace_by by) { return by == BY_ANCHOR ? c->anchor : c->clause; }

/* One row: id, optional title, the cases naming it (or a gap).  Returns 1 when covered. */
static int trace_row(const wr_run *r, FILE *f, trace_by by, const char *id, const char *title) {
    int covered = 0;
    if (by == BY_ANCHOR) {
        fputs("<tr><td>#", f);
        wr_escape(f, WR_MARKUP, id);
        fputs("</td>", f);
        wr_html_td(f, title);
    } else {
        fputs("<tr>", f);
        wr_html_td(f, id);
    }
    fputs("<td>", f);
    for (size_t i = 0; i < r->ncases; i++)
        if (names(case_list(&r->cases[i], by), id)) {
            wr_html_case_badge(f, r, &r->cases[i]);
            covered = 1;
        }
    if (!covered && wr_html_unselected(r, id))
        fputs("<span class=\"unsel\">not selected by this run's filter</span>", f);
    else if (!covered)
        fputs("<span class=\"gap\">gap: no case</span>", f);
    fputs("</td></tr>\n", f);
    return covered;
}

typedef struct unknown_acc {
    trace_by by;
    char **ids;
    size_t n;
} unknown_acc;

static int known(trace_by by, const char *id) {
    if (by == BY_ANCHOR) {
        for (size_t i = 0; i < wr_seed_anchor_count; i++)
            if (strcmp(wr_seed_anchors[i].anchor, id) == 0) return 1;
        return 0;
    }
    for (size_t i = 0; i < wr_assertion_count(); i++)
        if (strcmp(wr_assertion_id(i), id) == 0) return 1;
    for (size_t i = 0; i < wr_contradiction_count(); i++)
        if (strcmp(wr_contradiction_id(i), id) == 0) return 1;
    return 0;
}

static void collect_unknown(const char *tok, size_t n, void *ud) {
    unknown_acc *a = ud;
    char *id = wr_strfmt("%.*s", (int)n, tok);
    int seen = known(a->by, id);
    for (size_t i = 0; i < a->n && !seen; i++) seen = strcmp(a->ids[i], id) == 0;
    if (seen) {
        free(id);
        return;
    }
    a->ids = wr_xrealloc(a->ids, (a->n + 1) * sizeof *a->ids);
    a->ids[a->n++] = id;
}

static void trace_unknown(const wr_run *r, FILE *f, trace_by by) {
    unknown_acc a = {by, NULL, 0};
    for (size_t i = 0; i < r->ncases; i++) wr_list_tokens(case_list(&r->cases[i], by), collect_unknown, &a);
    for (size_t i = 0; i < a.n; i++) {
        fprintf(f, "<tr><td%s class=\"gap\">not in the specification: ", by == BY_ANCHOR ? " colspan=\"2\"" : "");
        wr_escape(f, WR_MARKUP, a.ids[i]);
        fputs("</td><td>", f);
        for (size_t k = 0; k < r->ncases; k++)
            if (names(case_list(&r->cases[k], by), a.ids[i])) wr_html_case_badge(f, r, &r->cases[k]);
        fputs("</td></tr>\n", f);
        free(a.ids[i]);
    }
    free(a.ids);
}

typedef const char *(*id_at)(size_t i);

static void trace_ids(const wr_run *r, FILE *f, const char *what, size_t count, id_at at) {
    fprintf(f, "<h3>%s</h3>\n<table><tr><th>Id</th><th>Cases</th></tr>\n", what);
    size_t covered = 0;
    for (size_t i = 0; i < count; i++) covered += (size_t)trace_row(r, f, BY_CLAUSE, at(i), NULL);
    fprintf(f, "</table><p>%zu of %zu covered.</p>\n", covered, count);
}

void wr_html_traceability(const wr_run *r, FILE *f) {
    fputs("<h2 id=\"traceability\">Traceability</h2>\n", f);
    if (r->sys.selection) {
        fputs("<p id=\"unselected\">A filtered run (<code>", f);
        wr_escape(f, WR_MARKUP, r->sys.selection);
        fprintf(f,
                "</code>): the catalogue has cases for these %zu clauses and sections that this run did "
                "not select; they are not gaps: ",
                r->sys.nunselected);
        for (size_t i = 0; i < r->sys.nunselected; i++)
            wr_escapef(f, WR_MARKUP, "%s%s", i ? ", " : "", r->sys.unselected[i]);
        fputs(".</p>\n", f);
    }
    fputs("<h3>Seed page sections "
          "(sio-query-wfp-connection-redirect-records)</h3>\n"
          "<table><tr><th>Anchor</th><th>Section</th><th>Cases</th></tr>\n",
          f);
    size_t covered = 0;
    for (size_t i = 0; i < wr_seed_anchor_count; i++)
        covered += (size_t)trace_row(r, f, BY_ANCHOR, wr_seed_anchors[i].anchor, wr_seed_anchors[i].title);
    trace_unknown(r, f, BY_ANCHOR);
    fprintf(f, "</table><p>%zu of %zu covered.</p>\n", covered, wr_seed_anchor_count);
    trace_ids(r, f, "SEMANTICS assertions", wr_assertion_count(), wr_assertion_id);
    trace_ids(r, f, "SEMANTICS contradictions", wr_contradiction_count(), wr_contradiction_id);
    fputs("<h3>Clauses named by cases but not in the specification</h3>\n<table>", f);
    trace_unknown(r, f, BY_CLAUSE);
    fputs("</table>\n", f);
}

/* ---- fingerprint ---- */

typedef struct fp_entry {
    unsigned long contradiction;
    char *mode, *value;
    size_t cases;
} fp_entry;

typedef struct fp_table {
    fp_entry *e;
    size_t n;
    char **modes;
    size_t nmodes;
} fp_table;

/* "C12.sync" -> 12 and "sync"; "C3" -> 3 and "-".  0 when the key is not a contradiction. */
static unsigned long fp_key(const char *key, const char **mode) {
    if (key[0] != 'C' || !isdigit((unsigned char)key[1])) return 0;
    char *end;
    unsigned long n = strtoul(key + 1, &end, 10);
    if (*end == '.' && end[1])
        *mode = end + 1;
    else if (!*end)
        *mode = "-";
    else
        return 0;
    return n;
}

static void fp_add(fp_table *t, unsigned long cn, const char *mode, const char *value) {
    size_t m = 0;
    while (m < t->nmodes && strcmp(t->modes[m], mode) != 0) m++;
    if (m == t->nmodes) {
        t->modes = wr_xrealloc(t->modes, (t->nmodes + 1) * sizeof *t->modes);
        t->modes[t->nmodes++] = wr_strdup(mode);
    }
    for (size_t i = 0; i < t->n; i++)
        if (t->e[i].contradiction == cn && strcmp(t->e[i].mode, mode) == 0 && strcmp(t->e[i].value, value) == 0) {
            t->e[i].cases++;
            return;
        }
    t->e = wr_xrealloc(t->e, (t->n + 1) * sizeof *t->e);
    t->e[t->n++] = (fp_entry){cn, wr_strdup(mode), wr_strdup(value), 1};
}

/* Call modes in the order of case.h's wc_mode, then anything else alphabetically. */
static int mode_rank(const char *m) {
    static const char *const order[] = {"-", "sync", "ov_event", "ov_apc", "ov_iocp", "ov_gor"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (strcmp(order[i], m) == 0) return (int)i;
    return 100;
}

static int mode_cmp(const void *x, const void *y) {
    const char *a = *(char *const *)x, *b = *(char *const *)y;
    int ra = mode_rank(a), rb = mode_rank(b);
    return ra != rb ? ra - rb : strcmp(a, b);
}

static int entry_cmp(const void *x, const void *y) {
    const fp_entry *a = x, *b = y;
    if (a->contradiction != b->contradiction) return a->contradiction < b->contradiction ? -1 : 1;
    int m = strcmp(a->mode, b->mode);
    return m ? m : strcmp(a->value, b->value);
}

static void fp_cell(const fp_table *t, FILE *f, unsigned long cn, const char *mode) {
    size_t distinct = 0;
    for (size_t i = 0; i < t->n; i++) distinct += t->e[i].contradiction == cn && strcmp(t->e[i].mode, mode) == 0;
    fputs(distinct > 1 ? "<td class=\"mixed\" title=\"cases disagree\">" : "<td>", f);
    for (size_t i = 0, k = 0; i < t->n; i++) {
        const fp_entry *e = &t->e[i];
        if (e->contradiction != cn || strcmp(e->mode, mode) != 0) continue;
        wr_escapef(f, WR_MARKUP, "%s%s", k++ ? " / " : "", e->value);
        if (distinct > 1 || e->cases > 1) fprintf(f, " (%zu)", e->cases);
    }
    fputs("</td>", f);
}

void wr_html_fingerprint(const wr_run *r, FILE *f) {
    fp_table t = {0};
    for (size_t i = 0; i < r->ncases; i++)
        for (size_t k = 0; k < r->cases[i].nobs; k++) {
            const char *mode;
            unsigned long cn = fp_key(r->cases[i].obs[k].key, &mode);
            if (cn) fp_add(&t, cn, mode, r->cases[i].obs[k].value);
        }
    if (t.nmodes) qsort(t.modes, t.nmodes, sizeof *t.modes, mode_cmp);
    fputs("<h2 id=\"fingerprint\">Fingerprint: which documented alternative the target showed</h2>\n", f);
    if (!t.n)
        fputs("<p>No case observed a contradiction (no observation key C&lt;n&gt;).</p>\n", f);
    else {
        fputs("<table><tr><th>Contradiction</th>", f);
        for (size_t m = 0; m < t.nmodes; m++) {
            fputs("<th>", f);
            wr_escape(f, WR_MARKUP, t.modes[m]);
            fputs("</th>", f);
        }
        fputs("</tr>\n", f);
        qsort(t.e, t.n, sizeof *t.e, entry_cmp);
        for (size_t i = 0; i < t.n; i++) {
            unsigned long cn = t.e[i].contradiction;
            if (i && t.e[i - 1].contradiction == cn) continue;
            fprintf(f, "<tr><td>C%lu</td>", cn);
            for (size_t m = 0; m < t.nmodes; m++) fp_cell(&t, f, cn, t.modes[m]);
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
    }
    for (size_t i = 0; i < t.n; i++) {
        free(t.e[i].mode);
        free(t.e[i].value);
    }
    for (size_t m = 0; m < t.nmodes; m++) free(t.modes[m]);
    free(t.e);
    free(t.modes);
}
