/*
 * certify.c: `wfpcert certify`, the main job.  It runs the whole conformance catalogue
 * against the target (the model unless --target says otherwise), replays the fuzz corpus
 * when the harness is built, optionally runs a short fuzz smoke (--fuzz-seconds N: every
 * libFuzzer target for N seconds through the campaign, `wfpcert fuzz`), and prints a short
 * summary with the path of the HTML report.  It exits 0 only when every MUST clause holds,
 * every corpus file replays clean and the smoke, when run, found nothing.
 */
#include "commands.h"
#include "runner.h"
#include "settings.h" /* WC_DEFAULT_TARGET */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef WFPCERT_HAVE_HARNESS
int wh_fuzz_bin_dir(const char *engine, const char *argv0, char *out, size_t cap);
#endif

/* The fuzz smoke: -1 not asked, -2 asked but no libFuzzer binaries, else the campaign's exit status. */
static int fuzz_smoke(const char *argv0, int seconds, char *why, size_t cap) {
    if (seconds <= 0) return -1;
#ifdef WFPCERT_HAVE_HARNESS
    char dir[1024], secs[32];
    if (wh_fuzz_bin_dir("libfuzzer", argv0, dir, sizeof dir)) {
        snprintf(why, cap,
                 "no libFuzzer binaries next to wfpcert (build the libfuzzer preset: "
                 "cmake --preset libfuzzer && cmake --build build/libfuzzer)");
        return -2;
    }
    snprintf(secs, sizeof secs, "%d", seconds);
    /* Findings go to the run's SARIF/HTML (reports/runs/fuzz-*), not into corpus/regressions:
     * certify does not change the source tree. */
    char *fargv[] = {"fuzz", "--seconds", secs, "--bin-dir", dir, "--no-file", NULL};
    printf("\nwfpcert certify: fuzz smoke, %d s per target\n", seconds);
    fflush(stdout);
    return wf_fuzz_main(6, fargv);
#else
    (void)argv0;
    snprintf(why, cap, "this build has no fuzz harness");
    return -2;
#endif
}

static void summary(const wr_run *run, int conform_rc, int replay_rc, int smoke_rc, const char *smoke_why) {
    printf("\nwfpcert certify: target %s, profile %s, reference %s\n", run->target ? run->target : WC_DEFAULT_TARGET,
           run->profile ? run->profile : "default", run->reference ? run->reference : "windows");
    /* The catalogue's cases alone, as the conform line above counted them; the replay is a
     * row of the report but has its own line here. */
    size_t counts[WC_OUTCOME_COUNT] = {0}, ncases = 0;
    int conform_ok = 1;
    for (size_t i = 0; i < run->ncases; i++) {
        if (!strcmp(run->cases[i].id, "corpus.replay")) continue;
        ncases++;
        counts[run->cases[i].outcome]++;
        if (wr_outcome_fails_run(run->cases[i].outcome, run->xpass_ok)) conform_ok = 0;
    }
    printf("  cases %zu:", ncases);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (counts[o]) printf(" %s %zu", wr_outcome_name((wc_outcome)o), counts[o]);
    (void)conform_rc;
    printf("\n  conformance: %s\n", conform_ok ? "every MUST holds" : "FAILED");
    for (size_t i = 0; i < run->nfaults; i++) printf("  fault: %s\n", run->faults[i]);
    if (replay_rc >= 0) printf("  corpus replay: %s\n", replay_rc == 0 ? "clean" : "FAILED");
    if (smoke_rc == -2)
        printf("  fuzz smoke: not run: %s\n", smoke_why);
    else if (smoke_rc >= 0)
        printf("  fuzz smoke: %s\n", smoke_rc == 0   ? "nothing found"
                                     : smoke_rc == 1 ? "FINDINGS (see the fuzz report above)"
                                                     : "FAILED to run (see the message above)");
    /* the folder this run wrote, never a fixed path that may hold an older run's report */
    if (run->run_dir)
        printf("  HTML report: %s/report.html\n", run->run_dir);
    else
        printf("  HTML report: none written (--no-report)\n");
}

#ifdef WFPCERT_HAVE_HARNESS /* only the replay needs it; Windows builds have no harness */
/* The corpus folder: $WFPCERT_CORPUS, the source tree's, or the install's share/wfpcert/corpus
 * next to bin/.  0 when one was found (a folder that exists). */
static int find_corpus(const char *argv0, char *out, size_t cap) {
    struct stat st;
    const char *env = getenv("WFPCERT_CORPUS");
    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return stat(out, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
    }
    snprintf(out, cap, "%s/corpus", WFPCERT_SOURCE_DIR);
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    const char *slash = strrchr(argv0, '/');
    if (slash) {
        snprintf(out, cap, "%.*s/../share/wfpcert/corpus", (int)(slash - argv0), argv0);
        if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    }
    return -1;
}
#endif

/* Takes --fuzz-seconds N (or =N) out of argv; returns N (0 when absent), -1 on a bad value. */
static int take_fuzz_seconds(int *argc, char **argv) {
    int seconds = 0, out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *v = NULL;
        if (!strcmp(argv[i], "--fuzz-seconds"))
            v = i + 1 < *argc ? argv[++i] : "";
        else if (!strncmp(argv[i], "--fuzz-seconds=", 15))
            v = argv[i] + 15;
        else {
            argv[out++] = argv[i];
            continue;
        }
        char *end;
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < 0 || n > 86400) {
            fprintf(stderr, "wfpcert certify: --fuzz-seconds wants a number of seconds (0-86400), not '%s'\n", v);
            return -1;
        }
        seconds = (int)n;
    }
    *argc = out;
    argv[out] = NULL;
    return seconds;
}

#ifdef WFPCERT_HAVE_HARNESS
typedef struct replay_part {
    const char *corpus;
    int result; /* wf_replay_corpus's: failures, or -1 */
} replay_part;

/* The corpus replay as a case of the run, so every report and the exit status carry it. */
static void add_replay(wr_run *run, void *ud) {
    replay_part *p = ud;
    printf("\nwfpcert certify: corpus replay of %s\n", p->corpus);
    fflush(stdout);
    p->result = wf_replay_corpus(p->corpus, run->timeout_ms > 0 ? run->timeout_ms : 30000);
    wr_case *c = wr_run_add_case(run);
    c->id = "corpus.replay";
    c->clause = "A57";
    c->anchor = "#remarks";
    c->level = WC_MUST;
    c->accepts = "every corpus input and regression replays through its fuzz target without a finding";
    c->checks = 1;
    c->failed_checks = p->result != 0;
    c->outcome = c->raw_outcome = p->result == 0 ? WC_PASS : WC_FAIL;
    if (p->result < 0)
        c->reason = wr_strfmt("the corpus %s could not be read", p->corpus);
    else if (p->result > 0)
        c->reason =
            wr_strfmt("%d corpus input(s) of %s failed (see the replay: FAIL lines of the run)", p->result, p->corpus);
    c->repro = wr_strfmt("wfpcert repro FILE (each failing file is named above)");
    /* the command that made this run, and the faults the replay ran with */
    if (run->command && !strncmp(run->command, "wfpcert conform", 15)) {
        char *cmd = wr_strfmt("wfpcert certify%s", run->command + 15);
        free(run->command);
        run->command = cmd;
    }
    const char *env = getenv("WFPCERT_FAULTS");
    if (env && *env) {
        run->faults = wr_xrealloc(run->faults, (run->nfaults + 1) * sizeof *run->faults);
        run->faults[run->nfaults++] = wr_strfmt("%s (WFPCERT_FAULTS, corpus replay)", env);
    }
}
#endif

int wf_certify_main(int argc, char **argv) {
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wfpcert certify [--fuzz-seconds N] [CONFORM OPTIONS]\n\n"
               "Runs every conformance case (the options are those of `wfpcert conform`), then\n"
               "replays corpus/ when the fuzz harness is built, writes the reports and prints\n"
               "a summary.  --fuzz-seconds N (default 0: off) then runs each libFuzzer target\n"
               "for N seconds through `wfpcert fuzz` (findings reported, not filed) when the\n"
               "libFuzzer binaries are built (libfuzzer preset); without them the summary says\n"
               "so.  Exit status: 0 every MUST holds, the corpus replays clean and the smoke\n"
               "found nothing; 1 otherwise; 2 bad usage; 3 environment (no corpus found, or\n"
               "--fuzz-seconds asked for without the libFuzzer binaries).  The corpus is the\n"
               "source tree's corpus/ (or the install's share/wfpcert/corpus, or $WFPCERT_CORPUS),\n"
               "wherever certify is run from.  Ctrl-C writes the finished cases as a run marked\n"
               "interrupted (exit 130); `wfpcert certify --resume RUN` continues it.\n");
        return 0;
    }
    int fuzz_seconds = take_fuzz_seconds(&argc, argv);
    if (fuzz_seconds < 0) return 2;
    wr_run run;
    memset(&run, 0, sizeof run);
    int replay = -1;
#ifdef WFPCERT_HAVE_HARNESS
    /* The corpus of this build's source tree (or of its install), never one that happens to
     * be in the working directory: certify run from elsewhere replays the same inputs.  It
     * is looked for before any case runs, and replayed as a case of the run. */
    char corpus[4096];
    if (find_corpus(argv[0], corpus, sizeof corpus) != 0) {
        fprintf(stderr,
                "wfpcert certify: no fuzz corpus found (looked for %s/corpus, the install's "
                "share/wfpcert/corpus and $WFPCERT_CORPUS); the replay is part of the verdict\n",
                WFPCERT_SOURCE_DIR);
        return 3;
    }
    replay_part part = {corpus, -1};
    wc_conform_set_extra(add_replay, &part);
#endif
    int rc = wc_conform(argc, argv, stdout, stderr, &run);
#ifdef WFPCERT_HAVE_HARNESS
    wc_conform_set_extra(NULL, NULL);
    replay = part.result;
#endif
    if (rc == 2 || rc == 3 || rc >= 128) { /* usage, input, environment, or Ctrl-C: no verdict to summarise */
        wr_run_free(&run);
        return rc;
    }
    char why[256] = "";
    int smoke = fuzz_smoke(argv[0], fuzz_seconds, why, sizeof why);
    summary(&run, rc, replay, smoke, why);
    wr_run_free(&run);
    if (rc == 0 && replay <= 0 && smoke == -2) return 3; /* asked for a fuzz smoke that could not run */
    return rc != 0 || replay > 0 || smoke > 0 ? 1 : 0;
}

int wf_conform_main(int argc, char **argv) { return wc_conform_main(argc, argv); }
