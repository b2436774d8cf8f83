/*
 * optional.c: the sub-commands whose components a build may lack.  When harness/ is not
 * built (no fuzz engine, or a platform without it) `wfpcert fuzz` and `wfpcert repro` say so
 * and exit 2 instead of pretending; the same for the chain runner and the benchmarks.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

/* Not static: which sub-commands call it depends on what the build has (commands.h). */
int wf_missing(const char *cmd, const char *what) {
    fprintf(stderr, "wfpcert %s: this build has no %s\n", cmd, what);
    return 2;
}

#ifndef WFPCERT_HAVE_HARNESS /* harness/ defines wf_fuzz_main (campaign.c) and wf_repro_main (repro.c) */
int wf_fuzz_main(int argc, char **argv) {
    return (void)argc, (void)argv, wf_missing("fuzz", "fuzz harness (harness/ was not built)");
}
int wf_repro_main(int argc, char **argv) {
    return (void)argc, (void)argv, wf_missing("repro", "fuzz harness (harness/ was not built)");
}
#endif

#ifndef WFPCERT_HAVE_PROXIES /* proxies/ defines wf_chain_main (chain_cli.c) */
int wf_chain_main(int argc, char **argv) { return (void)argc, (void)argv, wf_missing("chain", "sample proxies"); }
#endif

/* `wfpcert bench [model|chain|fuzz|certify|detect] [OPTIONS]`: model (the default), the proxy
 * chain, the fuzz targets' exec/s beside fuzz_empty, certify with worker processes against one
 * per case, or the time the fuzzers take to find each catalogued fault. */
int wf_bench_main(int argc, char **argv) {
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wfpcert bench [model|chain|fuzz|certify|detect] [OPTIONS]\n\n"
               "  model    world create/destroy, connect cycles, redirected set-ups (the default)\n"
               "  chain    relay throughput through a two-proxy chain\n"
               "  fuzz     exec/s of every fuzz target beside an empty one\n"
               "  certify  certify with worker processes against one process per case\n"
               "  detect   time for the fuzzers to find each catalogued fault\n\n"
               "wfpcert bench NAME --help gives each one's options (docs/PERFORMANCE.md).\n");
        return 0;
    }
    const char *which = argc > 1 && argv[1][0] != '-' ? argv[1] : "model";
    if (argc > 1 && argv[1][0] != '-') argc--, argv++;
    if (!strcmp(which, "model")) {
#ifdef WFPCERT_HAVE_BENCH
        return wf_bench_model_main(argc, argv);
#else
        return wf_missing("bench", "model benchmark");
#endif
    }
    if (!strcmp(which, "fuzz")) return wf_bench_fuzz_main(argc, argv);
    if (!strcmp(which, "certify")) return wf_bench_certify_main(argc, argv);
    if (!strcmp(which, "detect")) return wf_bench_detect_main(argc, argv);
    if (!strcmp(which, "chain")) {
#ifdef WFPCERT_HAVE_PROXIES
        return wf_bench_chain_main(argc, argv);
#else
        return wf_missing("bench", "chain benchmark");
#endif
    }
    fprintf(stderr, "wfpcert bench: unknown benchmark '%s' (model, chain, fuzz, certify or detect)\n", which);
    return 2;
}
