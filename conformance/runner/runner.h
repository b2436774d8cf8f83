/*
 * runner.h: the entry points of the conformance runner for the wfpcert CLI.
 *
 * `wfpcert conform [OPTIONS]` calls wc_conform_main(argc, argv) with argv[0] the command
 * name; the options are documented by `wfpcert conform --help` (settings.c).  The library
 * wfpcert_conformance_runner needs, at link time, a catalogue (wc_catalogue_size/get) and a
 * target implementation (wt_*): the real binary links the case catalogue and wfpcert_model.
 */
#ifndef WFPCERT_CONFORMANCE_RUNNER_H
#define WFPCERT_CONFORMANCE_RUNNER_H

#include <stdio.h>
#include "run.h"

/* Exit status: 0 conforming, 1 not, 2 usage or environment error. */
int wc_conform_main(int argc, char **argv);

/* The same with explicit streams; when run is non-NULL and cases ran, the run model is
 * handed over (free it with wr_run_free), for tests and for tools built on the runner. */
int wc_conform(int argc, char **argv, FILE *out, FILE *err, wr_run *run);

/* Called once the cases have run and before the run folder is written, so that a command
 * built on the runner (certify) puts the other parts of its verdict (the corpus replay) into
 * the same run record: the exit status, junit.xml, results.json and report.html then agree.
 * It may append cases to run (wr_run_add_case); the runner recounts afterwards. */
typedef void (*wc_run_extra)(wr_run *run, void *ud);
void wc_conform_set_extra(wc_run_extra fn, void *ud);

#endif /* WFPCERT_CONFORMANCE_RUNNER_H */
