/*
 * certify.c: `wfpcert certify`, the main job.  It runs the whole conformance catalogue
 * against the target (the model unless --target says otherwise), replays the fuzz corpus
 * when the harness is built, and prints a short summary with the path of the HTML report.
 * It exits 0 only when every MUST clause holds and every corpus file replays clean.
 */
#include "commands.h"
#include "runner.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifdef WFPCERT_HAVE_HARNESS
int wf_replay_corpus_main(int argc, char **argv);
#endif

static void summary(const wr_run *run, int conform_rc, int replay_rc) {
    printf("\nwfpcert certify: target %s, profile %s\n", run->target ? run->target : "model",
           run->profile ? run->profile : "default");
    printf("  cases %zu:", run->ncases);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (run->counts[o]) printf(" %s %zu", wr_outcome_name((wc_outcome)o), run->counts[o]);
    printf("\n  conformance: %s\n", conform_rc == 0 ? "every MUST holds" : "FAILED");
    if (replay_rc >= 0) printf("  corpus replay: %s\n", replay_rc == 0 ? "clean" : "FAILED");
    struct stat st;
    if (stat("reports/latest/report.html", &st) == 0) printf("  HTML report: reports/latest/report.html\n");
}

int wf_certify_main(int argc, char **argv) {
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wfpcert certify [CONFORM OPTIONS]\n\n"
               "Runs every conformance case (the options are those of `wfpcert conform`), then\n"
               "replays corpus/ when the fuzz harness is built, writes the reports and prints\n"
               "a summary.  Exit status: 0 every MUST holds and the corpus replays clean;\n"
               "1 otherwise; 2 bad usage.\n");
        return 0;
    }
    wr_run run;
    memset(&run, 0, sizeof run);
    int rc = wc_conform(argc, argv, stdout, stderr, &run);
    if (rc == 2) return 2;
    int replay = -1;
#ifdef WFPCERT_HAVE_HARNESS
    char *rargv[] = {"replay", "corpus", NULL};
    replay = wf_replay_corpus_main(2, rargv);
#endif
    summary(&run, rc, replay);
    wr_run_free(&run);
    return rc != 0 || replay > 0 ? 1 : 0;
}

int wf_conform_main(int argc, char **argv) { return wc_conform_main(argc, argv); }
