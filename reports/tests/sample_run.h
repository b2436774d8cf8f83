/* sample_run.h: a synthetic run with every outcome and hostile text, for the writer tests. */
#ifndef WFPCERT_REPORTS_SAMPLE_RUN_H
#define WFPCERT_REPORTS_SAMPLE_RUN_H
#include "run.h"
void sample_run_build(wr_run *r);
#endif
