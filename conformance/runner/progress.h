/*
 * progress.h: what the runner prints while it runs.
 *
 * Plain mode (not a TTY, CI=true, or --plain): one line per case in catalogue order, whatever
 * --jobs is, so two logs of the same run diff cleanly; a case that did not pass gets its
 * reason, failed checks and repro command indented below it.
 * TTY mode: one live status line rewritten with \r, and only the cases that did not pass
 * printed above it as they finish.
 */
#ifndef WFPCERT_CONFORMANCE_PROGRESS_H
#define WFPCERT_CONFORMANCE_PROGRESS_H

#include <stdio.h>
#include "run.h"

typedef struct wc_progress {
    FILE *out;
    int tty;
    const wr_case *cases;
    unsigned char *finished;
    size_t n, done, next_to_print;
    size_t counts[WC_OUTCOME_COUNT];
    /* Called with each case as its result becomes final, to stream it (results.jsonl); set
     * after wc_progress_begin, may stay NULL. */
    void (*on_final)(void *ud, size_t i);
    void *ud;
} wc_progress;

void wc_progress_begin(wc_progress *p, FILE *out, int tty, const wr_case *cases, size_t n);
/* Case i (an index into cases) has its final outcome. */
void wc_progress_case_done(wc_progress *p, size_t i);
/* Clears the live line and prints the totals and the verdict (or that the run was interrupted). */
void wc_progress_end(wc_progress *p, const wr_run *r);
/* The detailed lines of a case that did not pass (also used by --run-one). */
void wc_progress_print_case(FILE *out, const wr_case *c);

#endif /* WFPCERT_CONFORMANCE_PROGRESS_H */
