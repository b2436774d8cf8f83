/*
 * entry.c: the entry points the brief names, wf_repro_main and wf_fuzz_main, for programs
 * that link wfpcert_harness (wfpcert-repro, wfpcert-fuzz).  The wfpcert CLI links
 * wfpcert_harness_cli instead, which lacks this file: tools/wfpcert/optional.c defines these
 * two names itself and calls wf_repro_file_main / wf_fuzz_campaign_main.
 */
int wf_repro_file_main(int argc, char **argv);
int wf_fuzz_campaign_main(int argc, char **argv);

int wf_repro_main(int argc, char **argv) { return wf_repro_file_main(argc, argv); }
int wf_fuzz_main(int argc, char **argv) { return wf_fuzz_campaign_main(argc, argv); }
