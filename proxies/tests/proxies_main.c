/*
 * proxies_main.c: the ctest driver of proxies/: every scenario test is `wfpcert chain` with
 * flags (CMakeLists.txt lists them), so a failing test is reproduced by pasting its command
 * line; "unit" runs the proxy-level checks of test_units.c instead, "html-check FILE" checks a
 * page `--html` wrote (chain_html_check.c) and "bench" is `wfpcert bench chain`.
 */
#include "commands.h"
#include "proxies_tests.h"

#include <string.h>

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "unit") == 0) return px_unit_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "bench") == 0) return wf_bench_chain_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "html-check") == 0) return px_html_check_main(argc - 1, argv + 1);
    return wf_chain_main(argc, argv);
}
