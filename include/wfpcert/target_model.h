/*
 * target_model.h: hooks only the embedded model has, for the suite's own harness and never
 * for the code under test.  A proxy or a conformance case includes winsock.h and target.h;
 * nothing here is reachable through them.
 *
 * Why a separate header: what a hook here controls (the kernel's sealing secret) is exactly
 * what a user-mode program must not be able to influence on Windows.  Keeping it out of the
 * headers a vendor's code includes makes that visible at the include line.
 */
#ifndef WFPCERT_TARGET_MODEL_H
#define WFPCERT_TARGET_MODEL_H

#include "target.h"

/* Makes the WFP sealing keys of every model world created from now on in this process a
 * function of seed (each world still gets its own key), so that a fuzz input or a replay
 * produces the same bytes in every run.  Without it each world draws its key from the
 * operating system.  WT_EUNSUPPORTED on a native target (the real kernel keeps its own). */
int wt_model_seal_seed(unsigned long long seed);

#endif /* WFPCERT_TARGET_MODEL_H */
