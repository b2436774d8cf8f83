/*
 * commands.h: the sub-commands of the wfpcert CLI.  Each takes argc/argv with argv[0] the
 * sub-command's name and returns the process exit status (0 ok, 1 the target failed, 2 bad
 * usage or environment).  Every entry point is declared here once; the code behind it lives in
 * the component it belongs to (harness/ for fuzz and repro, proxies/ for chain, conformance/
 * for conform) and main.c only dispatches.
 */
#ifndef WFPCERT_TOOLS_COMMANDS_H
#define WFPCERT_TOOLS_COMMANDS_H

typedef struct wf_command {
    const char *name;
    const char *doc;
    int (*fn)(int argc, char **argv);
} wf_command;

int wf_certify_main(int argc, char **argv);
int wf_conform_main(int argc, char **argv);
int wf_fuzz_main(int argc, char **argv);
int wf_repro_main(int argc, char **argv);
int wf_bench_main(int argc, char **argv);
int wf_list_main(int argc, char **argv);
int wf_chain_main(int argc, char **argv);
int wf_selftest_main(int argc, char **argv);
int wf_check_config_main(int argc, char **argv); /* check_config.c */
int wf_compare_main(int argc, char **argv); /* compare.c */
int wf_pack_main(int argc, char **argv);
int wf_verify_pack_main(int argc, char **argv);
/* The benchmarks behind `wfpcert bench NAME` (optional.c dispatches): model (driver-stub/bench),
 * chain (proxies/chain_bench.c), fuzz, certify and detect (bench_*.c here: they run programs,
 * nothing is linked). */
int wf_bench_model_main(int argc, char **argv);
int wf_bench_chain_main(int argc, char **argv);
int wf_bench_fuzz_main(int argc, char **argv);
/* bench_wine.c: `bench fuzz --against wine`, the model against the native target under wine. */
int wf_bench_fuzz_wine_main(int argc, char **argv);
int wf_bench_certify_main(int argc, char **argv);
int wf_bench_detect_main(int argc, char **argv);
/* harness/replay_corpus.c: the corpus replay step of certify (not a sub-command of its own):
 * every file of root's targets in a child process killed after timeout_ms; the number of files
 * that failed, or -1 when root cannot be read. */
int wf_replay_corpus(const char *root, long timeout_ms);
/* selftest_isolation.c: `selftest --isolation`, worker processes against one process per case. */
int wf_selftest_isolation(const char *jobs, int quick);
/* callout.c: takes --callout MODULE out of argv and loads the vendor driver into the model;
 * 0, or the exit status of the error it printed. */
int wf_take_callout(int *argc, char **argv);
/* --proxy MODULE|NAME: a vendor's redirect service as the chains' TCP proxy (proxy.c). */
int wf_take_proxy(int *argc, char **argv);
/* optional.c: "wfpcert CMD: this build has no WHAT" on stderr; returns 2.  A sub-command whose
 * component the build lacks (harness/, proxies/, the benchmarks) answers with it. */
int wf_missing(const char *cmd, const char *what);
/* args.c: argv with every "--opt=value" (before a bare "--") split into "--opt" "value"; the
 * count in *argc.  One block for free(); NULL when out of memory. */
char **wf_args_split(int *argc, char **argv);
/* Takes `FLAG VALUE` or `FLAG=VALUE` out of argv wherever it is (the options every command
 * takes: --callout, --proxy), the last one winning; *value NULL when absent.  0, or 2 with a
 * message naming what FLAG needs. */
int wf_take_global(int *argc, char **argv, const char *flag, const char *what, const char **value);

#endif
