/*
 * campaign.h: what a fuzz campaign found, for its SARIF and HTML writers (sarif.c).
 */
#ifndef WFPCERT_CAMPAIGN_H
#define WFPCERT_CAMPAIGN_H

#include <stddef.h>
#include <stdio.h>

typedef struct wh_finding {
    char target[32];
    char rule[64]; /* the oracle clause ("A34") or the sanitizer's kind ("heap-buffer-overflow") */
    char signature[512]; /* what deduplicates it: the clause and message, or the top stack frames */
    char file[512]; /* the minimised input, as filed */
    char frame_file[256]; /* the source file of the top frame, when known */
    int frame_line;
} wh_finding;

typedef struct wh_target_run {
    char target[32];
    int seconds;
    long long runs; /* executions the engine reported */
    int exit_code; /* the engine's */
    int new_inputs; /* corpus files gained after merging */
    int crashes, unique;
    long long fast_runs; /* executions of the fast lane (libFuzzer without ASan), when it ran */
    int fast_unconfirmed; /* fast-lane crash files the ASan build ran clean (not filed) */
} wh_target_run;

/* Runs argv (argv[0] a path) with stdout and stderr into log; the exit status, 128 + signal
 * when killed, -1 when it could not fork (campaign.c). */
int wh_run_logged(char *const argv[], const char *log);
/* Executions an engine's log reports: libFuzzer's stats (summed over fork-mode jobs), else its
 * "Done N runs", else the last status line; AFL++'s execs_done (campaign.c). */
long long wh_fuzz_log_executions(const char *log);
/* The folder of the fuzz binaries of engine ("libfuzzer" or "afl") seen from this program
 * (campaign.c); 0 when found, -1 otherwise (out: this program's folder). */
int wh_fuzz_bin_dir(const char *engine, const char *argv0, char *out, size_t cap);

int wh_write_sarif(const char *path, const wh_finding *f, int n);
int wh_write_fuzz_html(const char *path, const char *title, const wh_target_run *runs, int nruns, const wh_finding *f,
                       int n);
/* Escapers shared by both writers (and tested through them). */
void wh_put_json_string(FILE *out, const char *s);
void wh_put_html_text(FILE *out, const char *s);

#endif /* WFPCERT_CAMPAIGN_H */
