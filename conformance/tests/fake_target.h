/*
 * fake_target.h: the runner's self-tests run against this fake instead of the model, so they
 * test the runner alone.  It implements only what the runner calls (open, close, profile,
 * knobs, faults, errors) and lets the test catalogue see what was applied.
 */
#ifndef WFPCERT_FAKE_TARGET_H
#define WFPCERT_FAKE_TARGET_H

#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

/* 1 when --fault name was applied to t. */
int fake_fault_on(const wt_target *t, const char *name);

#endif
