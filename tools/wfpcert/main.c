/*
 * main.c: the wfpcert command line.  One binary, one sub-command per job, so that CI, a
 * driver vendor certifying on Windows and a developer holding a crash file all type the
 * same thing.  Each sub-command lives in the component that owns it; this file only
 * dispatches and explains.
 */
#include "commands.h"
#include "sysinfo.h" /* wc_tool_commit */

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const wf_command commands[] = {
    {"certify", "the main job: conformance, corpus replay and a fuzz smoke; reports; exit 0 when every MUST holds",
     wf_certify_main},
    {"conform", "run the conformance catalogue alone (see: wfpcert conform --help)", wf_conform_main},
    {"fuzz", "the fuzzing campaign (see: wfpcert fuzz --help)", wf_fuzz_main},
    {"repro", "replay one corpus or crash file and explain it (see: wfpcert repro --help)", wf_repro_main},
    {"bench", "benchmarks of the model (see: wfpcert bench --help)", wf_bench_main},
    {"chain", "run a proxy-chain topology and show each flow's path (see: wfpcert chain --help)", wf_chain_main},
    {"list", "list profiles, knobs or faults: wfpcert list profiles|knobs|faults", wf_list_main},
    {"check-config", "check a vendor configuration for --target native:FILE, every error with its line",
     wf_check_config_main},
    {"compare", "compare two runs: new failures, fixed and still failing cases (exit 1 on new failures)",
     wf_compare_main},
    {"pack", "write the submission bundle of one or more run folders (see: wfpcert pack --help)", wf_pack_main},
    {"verify-pack", "check a submission bundle against its manifest (see: wfpcert verify-pack --help)",
     wf_verify_pack_main},
    {"selftest", "prove the suite's strength: every fault caught, fingerprint follows the profile", wf_selftest_main},
};

static void usage(FILE *f) {
    fprintf(f, "usage: wfpcert COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].doc);
    fprintf(f, "\nEvery command takes --callout MODULE: the model runs a vendor's callout driver built with\n"
               "wfpcert_add_callout() instead of its test callout, and --proxy MODULE: the chains run a vendor's\n"
               "redirect service built with wfpcert_add_proxy() instead of the sample proxy (docs/VENDOR-DRIVER.md).\n"
               "wfpcert --version prints the version.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("wfpcert %s (commit %s)\n", WFPCERT_VERSION, wc_tool_commit());
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            /* --callout MODULE: any command runs with a vendor's driver in the model. */
            int n = argc - 1, rc = wf_take_callout(&n, argv + 1);
            if (rc) return rc;
            /* --proxy MODULE: the chains run a vendor's redirect service. */
            if ((rc = wf_take_proxy(&n, argv + 1))) return rc;
            char **args = argv + 1;
            /* --opt=value is --opt value for every command (args.c); conform and certify parse
             * it themselves to tell switches from options */
            if (strcmp(commands[i].name, "conform") != 0 && strcmp(commands[i].name, "certify") != 0 &&
                !(args = wf_args_split(&n, argv + 1))) {
                fprintf(stderr, "wfpcert %s: out of memory\n", commands[i].name);
                return 3;
            }
            rc = commands[i].fn(n, args);
            if (args != argv + 1) free(args);
            return rc;
        }
    fprintf(stderr, "wfpcert: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
