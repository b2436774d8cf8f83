/*
 * run.h: the result model of one conformance run, shared by the runner that fills it and the
 * writers that turn it into junit.xml, results.json and report.html.
 *
 * It lives in reports/ (below conformance/) so that the writers depend on data, not on the
 * runner; the runner and, later, the fuzz campaign depend on reports/, never the other way.
 * Strings that describe a case (id, clause, anchor, profiles, accepts) are borrowed from the
 * catalogue, which is static for the life of the process; everything a run produced is owned
 * here and freed by wr_run_free().
 */
#ifndef WFPCERT_REPORTS_RUN_H
#define WFPCERT_REPORTS_RUN_H

#include <stddef.h>
#include "wfpcert/outcome.h"
#include "wfpcert/compat.h" /* wc_level, wc_outcome (from conformance/) */

typedef struct wr_kv {
    char *key;
    char *value;
} wr_kv;

/* One failed check: where, what, and when the case said so, the expected and actual values. */
typedef struct wr_msg {
    char *file;
    int line;
    char *text;
    char *expected; /* NULL when the check gave none */
    char *actual;
} wr_msg;

typedef struct wr_case {
    const char *id, *clause, *anchor, *profiles, *accepts; /* borrowed from the catalogue */
    wc_level level;
    wc_outcome outcome; /* after the expectations file */
    wc_outcome raw_outcome; /* before it: equal to outcome unless waived */
    char *reason; /* why: unsupported reason, signal, timeout, set-up error */
    char *waiver; /* the expectations file's reason, NULL when not waived */
    int checks, failed_checks;
    int safety_failed; /* failed checks of the safety class (case.h wc_safety): FAIL at every level */
    wr_msg *msgs;
    size_t nmsgs;
    wr_kv *obs; /* observations, in first-seen order; a repeated key keeps the last value */
    size_t nobs;
    char **logs;
    size_t nlogs;
    char *output; /* what the case process wrote to stdout/stderr (capped), or NULL */
    long long duration_us;
    char *repro; /* the command line that reproduces this case alone */
    /* Bit i: the target looked at catalogued fault i during the case (wt_faults_consulted);
     * valid when faults_known.  For `wfpcert selftest --faults`; not in the reports. */
    unsigned long long faults_consulted;
    int faults_known;
} wr_case;

/* Where and with what a run was made: what a certification reviewer needs to trust and repeat
 * it.  Strings are owned (NULL: not known / not applicable); filled by the runner. */
typedef struct wr_sysinfo {
    char *version; /* "0.1.0" */
    char *commit; /* the source commit wfpcert was built from ("unknown" outside git) */
    char *tool_build; /* compiler and build type */
    char *host_os; /* "Linux 6.1.0-18-amd64 x86_64", "Windows 10.0 build 20348" */
    char *host_build; /* the OS build / kernel version string */
    int elevated; /* 1 administrator / root, 0 not, -1 unknown */
    char *config; /* the vendor configuration (native:FILE), its SHA-256 */
    char *config_sha256;
    char *expectations_file; /* the waivers file, as an absolute path (for wfpcert pack) */
    char *expectations_sha256; /* the waivers file's */
    size_t nwaivers; /* lines of the waivers file */
    char *vendor, *driver, *driver_version, *driver_file, *driver_sha256; /* from the configuration */
    char *selection; /* --id/--match/--clause/--level as given; NULL: the whole catalogue */
    char **unselected; /* clauses of the catalogue no selected case names (filtered runs) */
    size_t nunselected;
} wr_sysinfo;

typedef struct wr_run {
    char *tool; /* "wfpcert 0.1.0" */
    char *target; /* the --target spec as given */
    char *profile; /* "default" when none was chosen */
    wr_kv *knobs; /* --knob k=v, in order */
    size_t nknobs;
    char **faults; /* --fault NAME, in order */
    size_t nfaults;
    char *command; /* the whole command line of the run */
    char *expectations; /* path of the expectations file, or NULL */
    char *reference; /* --reference: what the target was held to ("windows", ...) */
    char *run_dir; /* the folder this run's reports went to; NULL when none was written */
    char started_utc[32]; /* "2025-01-31T12:00:00Z" */
    long long duration_us;
    int jobs;
    long timeout_ms;
    int xpass_ok;
    int strict; /* --strict: NON-STRICT fails the run too */
    int exit_status;
    /* Stopped by Ctrl-C or SIGTERM (the signal number): cases holds only the cases that
     * finished, planned how many were selected; such a run has no verdict and no COMPLETE. */
    int interrupted;
    size_t planned;
    wr_case *cases; /* in catalogue order */
    size_t ncases;
    size_t counts[WC_OUTCOME_COUNT];
    wr_sysinfo sys;
} wr_run;

const char *wr_outcome_name(wc_outcome o); /* "PASS", "NON-STRICT", ... */
const char *wr_level_name(wc_level l); /* "MUST", "SHOULD", "MAY", "IMPL" */
/* Parses a level name, case-insensitively; -1 when unknown. */
int wr_level_parse(const char *s);
/* Does this outcome make the run fail (exit status 1)?  See the runner's judge.c. */
int wr_outcome_fails_run(wc_outcome o, int xpass_ok);

/* Helpers for building the model; all abort on out-of-memory (a runner cannot go on). */
char *wr_strdup(const char *s); /* NULL stays NULL */
char *wr_strfmt(const char *fmt, ...) WFPCERT_PRINTF(1, 2);
void *wr_xrealloc(void *p, size_t n);
void wr_case_observe(wr_case *c, const char *key, const char *value);
void wr_case_log(wr_case *c, const char *text);
void wr_case_msg(wr_case *c, const char *file, int line, const char *text, const char *expected, const char *actual);
void wr_case_free(wr_case *c);
void wr_run_count(wr_run *r); /* fills counts[] from the cases */
/* Appends a zeroed case and returns it (ids and clauses must outlive the run: literals). */
wr_case *wr_run_add_case(wr_run *r);
void wr_run_free(wr_run *r);

/* Texts derived from a case (malloc'd, never NULL).  actual: what happened in one line, for
 * "expected vs actual" (the failed checks' actual values, else the reason, else the
 * observations, else how many checks passed).  detail: reason, waiver and every failed check
 * with its expected and actual value, one per line. */
/* Calls fn for each token of a clause or anchor list, "A34,C1" or "#remarks #lperrno"
 * (separators: comma and blanks; a leading '#' is dropped). */
void wr_list_tokens(const char *list, void (*fn)(const char *tok, size_t n, void *ud), void *ud);

char *wr_case_actual(const wr_case *c);
char *wr_case_detail(const wr_case *c);
/* Both are the case's own words (waivers match them); writers name the error codes in them
 * (errnames.h wr_err_annotate) as they show them. */

/* What groups failures that are probably one bug (malloc'd, never NULL): the first differing
 * value of a case, i.e. the actual value of its first failed check (else that check's text,
 * else the reason: a signal, a timeout), with error codes named; and the signature
 * "CLAUSE | OUTCOME | value" that report.html groups failing cases by. */
/* wr_case_actual and wr_case_detail with the error codes named, for the reports. */
char *wr_case_actual_named(const wr_case *c);
char *wr_case_detail_named(const wr_case *c);
char *wr_case_first_difference(const wr_case *c);
char *wr_case_signature(const wr_case *c);

#endif /* WFPCERT_REPORTS_RUN_H */
