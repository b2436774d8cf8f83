/*
 * selftest_isolation.c: `wfpcert selftest --isolation`: proves that worker processes
 * (--isolation reuse) decide exactly what one process per case (--isolation fork) decides.
 *
 * The whole catalogue runs both ways, without a fault and with faults that crash cases (so
 * that a crash inside a worker must still land on the case that caused it), and every case
 * must agree: outcome before and after waivers, reason, checks, failed checks with their
 * texts, observations and log lines.  Sanitizer reasons are compared without their numbers
 * (process ids and addresses differ from run to run).  The workers retire after a prime
 * number of cases so that batch boundaries fall everywhere.
 */
#include "commands.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s without digits and hexadecimal numbers: "==12==ERROR: ... 0x6020" -> "====ERROR: ... ". */
static char *denumber(const char *s) {
    char *o = malloc(strlen(s ? s : "") + 1), *w = o;
    if (!o) abort();
    for (const char *p = s ? s : ""; *p; p++) {
        if (p[0] == '0' && p[1] == 'x') {
            for (p += 2; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++) {
            }
            p--;
            continue;
        }
        if (*p < '0' || *p > '9') *w++ = *p;
    }
    *w = 0;
    return o;
}

static int same_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

/* Prints and counts what differs between a (fork) and b (reuse) for one case. */
static int compare_case(const wr_case *a, const wr_case *b) {
    int bad = 0;
#define DIFF(what, fmt, x, y)                                                                                          \
    do {                                                                                                               \
        bad++;                                                                                                         \
        printf("  %s: %s differs: fork " fmt ", reuse " fmt "\n", a->id, what, x, y);                                  \
    } while (0)
    if (a->outcome != b->outcome) DIFF("outcome", "%s", wr_outcome_name(a->outcome), wr_outcome_name(b->outcome));
    if (a->raw_outcome != b->raw_outcome)
        DIFF("raw outcome", "%s", wr_outcome_name(a->raw_outcome), wr_outcome_name(b->raw_outcome));
    char *ra = denumber(a->reason), *rb = denumber(b->reason);
    if (strcmp(ra, rb)) DIFF("reason", "'%s'", a->reason ? a->reason : "", b->reason ? b->reason : "");
    free(ra);
    free(rb);
    if (a->checks != b->checks || a->failed_checks != b->failed_checks)
        DIFF("checks (all/failed)", "%d", a->checks * 10000 + a->failed_checks, b->checks * 10000 + b->failed_checks);
    if (a->nmsgs != b->nmsgs) DIFF("failed-check messages", "%zu", a->nmsgs, b->nmsgs);
    for (size_t i = 0; i < a->nmsgs && i < b->nmsgs; i++)
        if (!same_str(a->msgs[i].text, b->msgs[i].text) || !same_str(a->msgs[i].expected, b->msgs[i].expected) ||
            !same_str(a->msgs[i].actual, b->msgs[i].actual) || a->msgs[i].line != b->msgs[i].line)
            DIFF("failed-check message", "'%s'", a->msgs[i].text, b->msgs[i].text);
    if (a->nobs != b->nobs) DIFF("observations", "%zu", a->nobs, b->nobs);
    for (size_t i = 0; i < a->nobs && i < b->nobs; i++)
        if (!same_str(a->obs[i].key, b->obs[i].key) || !same_str(a->obs[i].value, b->obs[i].value))
            DIFF("observation", "'%s'", a->obs[i].value, b->obs[i].value);
    if (a->nlogs != b->nlogs) DIFF("log lines", "%zu", a->nlogs, b->nlogs);
    for (size_t i = 0; i < a->nlogs && i < b->nlogs; i++)
        if (!same_str(a->logs[i], b->logs[i])) DIFF("log line", "'%s'", a->logs[i], b->logs[i]);
#undef DIFF
    return bad;
}

/* --quick: every hand-written case and the generated cells of two mode and entry-point pairs
 * (a few hundred of the catalogue's cases, with crashes of both faults among them), for the
 * default test run; the whole catalogue is the nightly label's. */
static const char *const quick_selection[] = {"--match", "[AC]*",      "--match", "S3*",
                                              "--match", "*.iocp.wsa", "--match", "*.apc.wsp"};

static int run(const char *isolation, const char *fault, const char *jobs, int quick, wr_run *r) {
    char *argv[24];
    int argc = 0;
    argv[argc++] = "conform";
    argv[argc++] = "--no-report";
    argv[argc++] = "--plain";
    argv[argc++] = "--timeout";
    argv[argc++] = "120"; /* a loaded machine under ASan; no case of the catalogue hangs */
    argv[argc++] = "--jobs";
    argv[argc++] = (char *)jobs;
    argv[argc++] = "--isolation";
    argv[argc++] = (char *)isolation;
    argv[argc++] = "--worker-cases";
    argv[argc++] = "37";
    if (fault) {
        argv[argc++] = "--fault";
        argv[argc++] = (char *)fault;
    }
    for (size_t i = 0; quick && i < sizeof quick_selection / sizeof quick_selection[0]; i++)
        argv[argc++] = (char *)quick_selection[i];
    argv[argc] = NULL;
    FILE *quiet = fopen("/dev/null", "w");
    memset(r, 0, sizeof *r);
    int rc = wc_conform(argc, argv, quiet ? quiet : stdout, stderr, r);
    if (quiet) fclose(quiet);
    return rc;
}

int wf_selftest_isolation(const char *jobs, int quick) {
    /* No fault; a buffer overrun in the stack (crashes under ASan; under gcc mostly a silent
     * heap corruption that a later case in the same worker may trip on) and a NULL
     * dereference (a SIGSEGV in every build).  Faults that crash most of the catalogue
     * (context_double_free) would add minutes under ASan, where every crash starts the
     * symbolizer, and prove nothing more. */
    const char *faults[] = {NULL, "output_overrun", "null_lpcb_deref"};
    int bad = 0;
    for (size_t f = 0; f < sizeof faults / sizeof faults[0]; f++) {
        wr_run a, b;
        int rca = run("fork", faults[f], jobs, quick, &a), rcb = run("reuse", faults[f], jobs, quick, &b);
        int diffs = 0;
        size_t crashes = 0;
        if (rca != rcb || rca == 2 || rca == 3) {
            printf("  exit status differs or is a usage error: fork %d, reuse %d\n", rca, rcb);
            diffs++;
        }
        if (a.ncases != b.ncases) {
            printf("  case counts differ: fork %zu, reuse %zu\n", a.ncases, b.ncases);
            diffs++;
        }
        for (size_t i = 0; i < a.ncases && i < b.ncases; i++) {
            diffs += compare_case(&a.cases[i], &b.cases[i]);
            crashes += a.cases[i].outcome == WC_CRASH;
        }
        printf("isolation %-20s %zu cases (%zu CRASH), fork %.2f s, reuse %.2f s: %s\n",
               faults[f] ? faults[f] : "(no fault)", a.ncases, crashes, (double)a.duration_us / 1e6,
               (double)b.duration_us / 1e6, diffs ? "DIFFERENT" : "identical");
        /* The fault runs are there for the crashes: without one the attribution went untested. */
        if (faults[f] && !crashes && !diffs) {
            printf("  %s crashed no case: the crash attribution was not exercised\n", faults[f]);
            diffs++;
        }
        bad += diffs;
        wr_run_free(&a);
        wr_run_free(&b);
    }
    return bad ? 1 : 0;
}
