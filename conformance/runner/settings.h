/*
 * settings.h: what a `wfpcert conform` invocation asked for, parsed once from argv and then
 * read by every part of the runner (selection, target set-up, scheduling, reports, repro
 * commands).  No Winsock or POSIX types here, so any runner file can include it.
 */
#ifndef WFPCERT_CONFORMANCE_SETTINGS_H
#define WFPCERT_CONFORMANCE_SETTINGS_H

#include <stddef.h>
#include <stdio.h>

/* How case processes are used (spawn.h): one per case, or workers that run many. */
enum { WC_ISOLATE_REUSE = 0, WC_ISOLATE_FORK = 1 };

/* The target a run uses without --target: the model, except in the Windows build, which has the
 * real stack only (native/CMakeLists.txt); help, reports and folder names all say this name. */
#if defined(_WIN32)
#define WC_DEFAULT_TARGET "native"
#else
#define WC_DEFAULT_TARGET "model"
#endif

typedef struct wc_settings {
    const char *target; /* "model", "native", "native:CONFIG"; default WC_DEFAULT_TARGET */
    const char *profile; /* NULL: the target's default profile */
    const char *reference; /* --reference: what is expected (wc_oracle_reference_names; default "windows") */
    char **knob_names, **knob_values; /* --knob k=v, in order; a repeated k keeps the last v */
    size_t nknobs;
    const char **faults; /* --fault NAME */
    size_t nfaults;
    const char **ids; /* --id ID (exact) */
    size_t nids;
    const char **globs; /* --match GLOB (fnmatch on the id) */
    size_t nglobs;
    const char **excludes; /* --exclude GLOB: left out whatever else selects it */
    size_t nexcludes;
    const char **clauses; /* --clause C (a token of the case's clause list; globs allowed) */
    size_t nclauses;
    unsigned levels; /* --level: bit (1 << wc_level); 0 = every level */
    int jobs; /* --jobs N; default: the number of online CPUs */
    long timeout_ms; /* --timeout SECONDS per case; default 30 s */
    int isolation; /* --isolation: WC_ISOLATE_REUSE (default where supported) or WC_ISOLATE_FORK */
    int worker_cases; /* --worker-cases N: cases a worker runs before it retires (default 250) */
    const char *expect_file; /* --expect FILE */
    int xpass_ok; /* --xpass-ok */
    int strict; /* --strict: a missed SHOULD (NON-STRICT) fails the run too */
    const char *out_dir; /* --out DIR */
    const char *reports_root; /* --reports DIR (default "reports") */
    int no_report; /* --no-report */
    int force; /* --force: --out may name a folder that already holds files */
    const char *resume; /* --resume RUN: continue that interrupted run */
    const char *run_one; /* --run-one ID */
    int protocol; /* --protocol: with --run-one, speak the child line protocol on stdout */
    int list; /* --list */
    int list_long; /* --long: --list prints what each case accepts */
    int plain; /* --plain, or CI=true, or not a TTY: one line per case */
    int help;
    char *command; /* the invocation, for the report */
    char **rerun; /* --rerun-failed RUN: the ids it read (owned; also in ids) */
    size_t nrerun;
    int rerun_nothing; /* --rerun-failed named a run without failures: nothing to run */
} wc_settings;

/* argv[0] is the command name (ignored).  Returns 0, or 2 after writing an error that names the
 * offending input to err. */
int wc_settings_parse(wc_settings *s, int argc, char **argv, FILE *err);
void wc_settings_free(wc_settings *s);
/* "wfpcert conform", or "wfpcert certify" when argv[0] was "certify": the prefix of errors. */
const char *wc_cmd_name(void);
void wc_settings_help(FILE *f);
/* The profile the run uses, for case applicability, reports and folder names: the target's
 * default (its first, wt_profile_name(0)) when none was chosen. */
const char *wc_settings_profile(const wc_settings *s);
/* The references a run can be judged against (NULL-terminated), and the one it uses. */
const char *wc_settings_reference(const wc_settings *s);
/* `wfpcert conform --target ... --run-one ID`, shell-quoted; malloc'd. */
char *wc_settings_repro(const wc_settings *s, const char *id);

#endif /* WFPCERT_CONFORMANCE_SETTINGS_H */
