/*
 * progress.c: console output of a run (modes described in progress.h).
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>

void wc_progress_begin(wc_progress *p, FILE *out, int tty, const wr_case *cases, size_t n)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->tty = tty;
    p->cases = cases;
    p->n = n;
    p->finished = wr_xrealloc(NULL, n ? n : 1);
    memset(p->finished, 0, n ? n : 1);
}

static int noteworthy(const wr_case *c)
{
    return c->outcome != WC_PASS && c->outcome != WC_INFORMATIONAL;
}

void wc_progress_print_case(FILE *out, const wr_case *c)
{
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

static void status_line(wc_progress *p)
{
    fprintf(p->out, "\r\033[K[%zu/%zu]", p->done, p->n);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (p->counts[o]) fprintf(p->out, " %s %zu", wr_outcome_name((wc_outcome)o), p->counts[o]);
    fflush(p->out);
}

void wc_progress_case_done(wc_progress *p, size_t i)
{
    p->finished[i] = 1;
    p->done++;
    p->counts[p->cases[i].outcome]++;
    if (p->tty) {
        if (noteworthy(&p->cases[i])) {
            fputs("\r\033[K", p->out);
            wc_progress_print_case(p->out, &p->cases[i]);
        }
        status_line(p);
        return;
    }
    while (p->next_to_print < p->n && p->finished[p->next_to_print])
        wc_progress_print_case(p->out, &p->cases[p->next_to_print++]);
    fflush(p->out);
}

void wc_progress_end(wc_progress *p, const wr_run *r)
{
    if (p->tty) fputs("\r\033[K", p->out);
    fprintf(p->out, "%zu case%s:", r->ncases, r->ncases == 1 ? "" : "s");
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (r->counts[o]) fprintf(p->out, " %s %zu", wr_outcome_name((wc_outcome)o), r->counts[o]);
    fprintf(p->out, "; %s\n", r->exit_status == 0 ? "conforming (every MUST case passed)" : "NOT conforming");
    free(p->finished);
    p->finished = NULL;
}
