/*
 * optional.c: the sub-commands whose components a build may lack.  When harness/ is not
 * built (no fuzz engine, or a platform without it) `wfpcert fuzz` and `wfpcert repro` say so
 * and exit 2 instead of pretending; the same for the benchmarks.
 */
#include "commands.h"

#include <stdio.h>

#ifdef WFPCERT_HAVE_HARNESS
int wf_fuzz_campaign_main(int argc, char **argv);
int wf_repro_file_main(int argc, char **argv);
int wf_fuzz_main(int argc, char **argv) { return wf_fuzz_campaign_main(argc, argv); }
int wf_repro_main(int argc, char **argv) { return wf_repro_file_main(argc, argv); }
#else
int wf_fuzz_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "wfpcert fuzz: this build has no fuzz harness (harness/ was not built)\n");
    return 2;
}
int wf_repro_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "wfpcert repro: this build has no fuzz harness (harness/ was not built)\n");
    return 2;
}
#endif

#ifdef WFPCERT_HAVE_BENCH
int wf_bench_model_main(int argc, char **argv);
int wf_bench_main(int argc, char **argv) { return wf_bench_model_main(argc, argv); }
#else
int wf_bench_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "wfpcert bench: this build has no benchmarks\n");
    return 2;
}
#endif
