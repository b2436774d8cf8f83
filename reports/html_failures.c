/*
 * html_failures.c: the part of report.html a person reads right after the verdict: the
 * failing cases grouped by signature (clause, outcome, first differing value; run.h
 * wr_case_signature), largest group first.  A vendor with 40 failures usually has two or
 * three bugs; one group per bug, with its count, one expected-versus-actual example, the
 * command that reproduces it and a link to every case, says so at a glance, where a flat
 * list of 40 cases did not.
 */
#include "html.h"
#include "errnames.h"
#include "writer.h"

#include <stdlib.h>
#include <string.h>

typedef struct group {
    char *signature;
    size_t *cases; /* indices into r->cases, in catalogue order */
    size_t n;
} group;

typedef struct groups {
    group *g;
    size_t n;
} groups;

static void add(groups *gs, const wr_run *r, size_t i) {
    char *sig = wr_case_signature(&r->cases[i]);
    size_t k = 0;
    while (k < gs->n && strcmp(gs->g[k].signature, sig) != 0) k++;
    if (k == gs->n) {
        gs->g = wr_xrealloc(gs->g, (gs->n + 1) * sizeof *gs->g);
        gs->g[k] = (group){sig, NULL, 0};
        gs->n++;
    } else {
        free(sig);
    }
    gs->g[k].cases = wr_xrealloc(gs->g[k].cases, (gs->g[k].n + 1) * sizeof *gs->g[k].cases);
    gs->g[k].cases[gs->g[k].n++] = i;
}

/* Largest first; among equals, the one whose first case comes first in the catalogue. */
static int group_cmp(const void *x, const void *y) {
    const group *a = x, *b = y;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    return a->cases[0] < b->cases[0] ? -1 : a->cases[0] > b->cases[0];
}

int wr_html_case_fails(const wr_run *r, const wr_case *c) {
    return wr_outcome_fails_run(c->outcome, r->xpass_ok) || c->outcome == WC_XPASS ||
           (r->strict && c->outcome == WC_NONSTRICT);
}

static void write_group(const wr_run *r, FILE *f, const char *prefix, size_t k, const group *g) {
    const wr_case *c = &r->cases[g->cases[0]];
    char *value = wr_case_first_difference(c), *actual = wr_case_actual_named(c);
    fprintf(f, "<div class=\"group\" id=\"%s-%zu\"><h3><span class=\"count\">%zu &times;</span> ", prefix, k, g->n);
    wr_escape(f, WR_MARKUP, c->clause);
    fprintf(f, " <span style=\"color:%s\">%s</span> ", wr_html_outcome_colour(c->outcome), wr_outcome_name(c->outcome));
    wr_escape(f, WR_MARKUP, wr_level_name(c->level));
    fputs("</h3><table class=\"ex\"><tr><td>Expected</td><td>", f);
    wr_html_annotated(f, c->accepts);
    fputs("</td></tr><tr><td>Actual</td><td><code>", f);
    wr_escape(f, WR_MARKUP, value); /* the first difference: what the group has in common */
    fputs("</code></td></tr>", f);
    if (strcmp(actual, value) != 0) { /* the example's other failed checks */
        fputs("<tr><td>All checks</td><td>", f);
        wr_escape(f, WR_MARKUP, actual);
        fputs("</td></tr>", f);
    }
    fputs("<tr><td>Example</td><td>", f);
    wr_html_case_link(f, r, c);
    fputs("</td></tr><tr><td>Reproduce</td><td><code>", f);
    wr_escape(f, WR_MARKUP, c->repro);
    fprintf(f, "</code></td></tr></table><div class=\"cases\">%s: ", g->n == 1 ? "Case" : "Cases");
    for (size_t i = 0; i < g->n; i++) wr_html_case_link(f, r, &r->cases[g->cases[i]]);
    fputs("</div></div>\n", f);
    free(value);
    free(actual);
}

static void write_groups(const wr_run *r, FILE *f, const char *prefix, groups *gs) {
    if (gs->n) qsort(gs->g, gs->n, sizeof *gs->g, group_cmp);
    for (size_t k = 0; k < gs->n; k++) {
        write_group(r, f, prefix, k + 1, &gs->g[k]);
        free(gs->g[k].signature);
        free(gs->g[k].cases);
    }
    free(gs->g);
}

void wr_html_failure_groups(const wr_run *r, FILE *f) {
    groups fails = {0}, should = {0};
    size_t nf = 0, ns = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        if (wr_html_case_fails(r, &r->cases[i])) {
            add(&fails, r, i);
            nf++;
        } else if (r->cases[i].outcome == WC_NONSTRICT) {
            add(&should, r, i);
            ns++;
        }
    }
    if (!nf)
        fputs("<h2 id=\"failures\">Failures: none</h2>\n", f);
    else
        fprintf(f, "<h2 id=\"failures\">Failures: %zu case%s in %zu group%s</h2>\n", nf, nf == 1 ? "" : "s", fails.n,
                fails.n == 1 ? "" : "s");
    if (!nf)
        fputs("<p class=\"none\">No case failed the run.</p>\n", f);
    else
        fputs("<p>Grouped by clause, outcome and first differing value, largest group first; "
              "each case links to its details below.</p>\n",
              f);
    write_groups(r, f, "group", &fails);
    fprintf(f, "<h2 id=\"nonstrict\">Not strictly conforming: SHOULD clauses missed: %zu case%s in %zu group%s</h2>\n",
            ns, ns == 1 ? "" : "s", should.n, should.n == 1 ? "" : "s");
    if (!ns) fputs("<p class=\"none\">None.</p>\n", f);
    write_groups(r, f, "should", &should);
}
