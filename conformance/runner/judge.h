/*
 * judge.h: how a case's events and the way its process ended become one outcome.
 * The rules live in judge.c alone, so the report, the exit status and --run-one agree.
 */
#ifndef WFPCERT_CONFORMANCE_JUDGE_H
#define WFPCERT_CONFORMANCE_JUDGE_H

#include <stdio.h>
#include "expect.h"
#include "protocol.h"

/* How the case process ended. */
typedef struct wc_exit {
    enum { WC_EXITED, WC_SIGNALED, WC_TIMED_OUT, WC_IN_PROCESS, WC_SPAWN_FAILED } how;
    int code; /* exit status, or signal number */
} wc_exit;

/* Sets c->raw_outcome, c->outcome and c->reason from the parsed events (p), how the process
 * ended (x) and the waiver (NULL when the case is not waived). */
void wc_judge(wr_case *c, const wc_proto *p, const wc_exit *x, long timeout_ms, const wc_waiver *waiver);

/* Applies a waiver to an already judged case (used for cases decided without running). */
void wc_judge_waive(wr_case *c, const wc_waiver *waiver);

/* After the run: fails every case whose observed alternative of a contradiction (C<n>.*)
 * disagrees with the one most cases showed; prints those to out (may be NULL).  Returns how
 * many cases it failed. */
size_t wc_judge_consistency(wr_run *r, FILE *out);

/* Whether two observed alternatives agree ("bc", a port that cannot tell C1 (b) from (c),
 * agrees with either). */
int wc_alternatives_agree(const char *a, const char *b);

/* n for an observation key "C<n>" or "C<n>.<mode>", 0 for any other key. */
unsigned long wc_contradiction_of(const char *key);

/* "SIGSEGV", ... or "signal N" (buf holds the latter). */
const char *wc_signal_name(int sig, char *buf, size_t cap);

#endif /* WFPCERT_CONFORMANCE_JUDGE_H */
