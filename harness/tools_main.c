/*
 * tools_main.c: a main() for wfpcert-repro and wfpcert-fuzz, which stand in for
 * `wfpcert repro` and `wfpcert fuzz` until the CLI (tools/) calls the entry points itself.
 * WH_MAIN is wf_repro_main or wf_fuzz_main (set by harness/CMakeLists.txt).
 */
int WH_MAIN(int argc, char **argv);

int main(int argc, char **argv) { return WH_MAIN(argc, argv); }
