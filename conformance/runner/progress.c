/*
 * progress.c: console output of a run (modes described in progress.h).
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>

void wc_progress_begin(wc_progress *p, FILE *out, int tty, const wr_case *cases, size_t n) {
    memset(p, 0, sizeof *p);
    p->out = out;
    p->tty = tty;
    p->cases = cases;
    p->n = n;
    p->finished = wr_xrealloc(NULL, n ? n : 1);
    memset(p->finished, 0, n ? n : 1);
}

static int noteworthy(const wr_case *c) { return c->outcome != WC_PASS && c->outcome != WC_INFORMATIONAL; }

void wc_progress_print_case(FILE *out, const wr_case *c) {
    fprintf(out, "%-13s %s  (%.1f ms)\n", wr_outcome_name(c->outcome), c->id, (double)c->duration_us / 1000.0);
    if (!noteworthy(c)) return;
    char *detail = wr_case_detail(c);
    for (char *line = detail; *line;) {
        size_t len = strcspn(line, "\n");
        fprintf(out, "    %.*s\n", (int)len, line);
        line += len + (line[len] == '\n');
    }
    free(detail);
    if (c->outcome != WC_UNSUPPORTED && c->outcome != WC_XFAIL) fprintf(out, "    reproduce: %s\n", c->repro);
}

static void status_line(wc_progress *p) {
    fprintf(p->out, "\r\033[K[%zu/%zu]", p->done, p->n);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (p->counts[o]) fprintf(p->out, " %s %zu", wr_outcome_name((wc_outcome)o), p->counts[o]);
    fflush(p->out);
}

void wc_progress_case_done(wc_progress *p, size_t i) {
    p->finished[i] = 1;
    if (p->on_final) p->on_final(p->ud, i);
    p->done++;
    p->counts[p->cases[i].outcome]++;
    if (p->tty) {
        /* the noteworthy lines in catalogue order, as in the plain log (parallel cases finish
         * out of order); the status line below them shows the progress meanwhile */
        int cleared = 0;
        while (p->next_to_print < p->n && p->finished[p->next_to_print]) {
            const wr_case *c = &p->cases[p->next_to_print++];
            if (!noteworthy(c)) continue;
            if (!cleared) fputs("\r\033[K", p->out), cleared = 1;
            wc_progress_print_case(p->out, c);
        }
        status_line(p);
        return;
    }
    while (p->next_to_print < p->n && p->finished[p->next_to_print])
        wc_progress_print_case(p->out, &p->cases[p->next_to_print++]);
    fflush(p->out);
}

static int failing(const wr_run *r, const wr_case *c) {
    return wr_outcome_fails_run(c->outcome, r->xpass_ok) || (r->strict && c->outcome == WC_NONSTRICT);
}

/* The failing ids grouped by clause, last: after a long run, what to look at (or pass to
 * --id, or rerun with --rerun-failed) without scrolling back through the log. */
static void print_failing(FILE *out, const wr_run *r) {
    size_t nfail = 0;
    for (size_t i = 0; i < r->ncases; i++) nfail += failing(r, &r->cases[i]);
    if (!nfail) return;
    fprintf(out, "failing cases by clause (%zu):\n", nfail);
    unsigned char *done = wr_xrealloc(NULL, r->ncases);
    memset(done, 0, r->ncases);
    for (size_t i = 0; i < r->ncases; i++) {
        if (done[i] || !failing(r, &r->cases[i])) continue;
        const char *clause = r->cases[i].clause ? r->cases[i].clause : "?";
        size_t col = (size_t)fprintf(out, "  %s:", clause);
        for (size_t j = i; j < r->ncases; j++) {
            const char *cj = r->cases[j].clause ? r->cases[j].clause : "?";
            if (done[j] || !failing(r, &r->cases[j]) || strcmp(cj, clause) != 0) continue;
            done[j] = 1;
            size_t w = strlen(r->cases[j].id) + 1;
            if (col + w > 100 && col > strlen(clause) + 3) { /* wrap long groups, indented under the first id */
                fprintf(out, "\n%*s", (int)strlen(clause) + 3, "");
                col = strlen(clause) + 3;
            }
            col += (size_t)fprintf(out, " %s", r->cases[j].id);
        }
        fputc('\n', out);
    }
    free(done);
}

void wc_progress_end(wc_progress *p, const wr_run *r) {
    if (p->tty) fputs("\r\033[K", p->out);
    fprintf(p->out, "%zu case%s:", r->ncases, r->ncases == 1 ? "" : "s");
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (r->counts[o]) fprintf(p->out, " %s %zu", wr_outcome_name((wc_outcome)o), r->counts[o]);
    if (r->interrupted)
        fprintf(p->out, "; INTERRUPTED after %zu of %zu cases: no verdict\n", r->ncases, r->planned);
    else
        fprintf(p->out, "; %s\n", r->exit_status == 0 ? "conforming (every MUST case passed)" : "NOT conforming");
    print_failing(p->out, r);
    free(p->finished);
    p->finished = NULL;
}
