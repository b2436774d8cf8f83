/*
 * results_read.h: reads back the cases of a run folder's results.json, for the commands that
 * compare or repeat earlier runs (`wfpcert compare`, `conform --rerun-failed`).  Only what
 * they need is kept: each case's id, clause, outcome and signature, and the run's target,
 * profile and exit status.
 */
#ifndef WFPCERT_REPORTS_RESULTS_READ_H
#define WFPCERT_REPORTS_RESULTS_READ_H

#include <stddef.h>

typedef struct wr_prev_case {
    char *id, *clause, *outcome, *signature, *repro; /* signature and repro may be NULL */
} wr_prev_case;

typedef struct wr_prev_run {
    char *path; /* the results.json read */
    char *target, *profile;
    int strict; /* the run counted NON-STRICT as failing */
    int xpass_ok; /* ... and XPASS as not failing */
    wr_prev_case *cases;
    size_t ncases;
    /* Every string, number and boolean of the run object and of its "system" object (run.h
     * wr_sysinfo: version, commit, host_os, vendor, driver_sha256, ...), as text, for
     * `wfpcert pack`; a null is left out. */
    struct wr_kv *info;
    size_t ninfo;
} wr_prev_run;

/* RUN is a run folder (its results.json is read) or a results.json itself.  0, or -1 with a
 * message naming the path in err. */
int wr_prev_run_read(wr_prev_run *r, const char *run, char *err, size_t cap);
void wr_prev_run_free(wr_prev_run *r);
/* The info value of key, or NULL. */
const char *wr_prev_run_info(const wr_prev_run *r, const char *key);

/* The outcomes that fail a run (FAIL, CRASH, TIMEOUT; XPASS unless xpass_ok;
 * NON-STRICT when strict): what
 * compare calls failures and --rerun-failed runs again. */
int wr_prev_case_failed(const wr_prev_run *r, const wr_prev_case *c);

#endif
