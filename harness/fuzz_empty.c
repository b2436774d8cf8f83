/*
 * fuzz_empty.c: a fuzz target that does nothing with its input.
 *
 * Why: the executions per second of the real targets only mean something against the
 * engine's own overhead on this machine; docs/PERFORMANCE.md gives ratios to this target.
 */
#include "wh.h"

int wh_fuzz_empty(const uint8_t *data, size_t size) {
    wh_sink += size ? data[0] : 0; /* observable, so the call is not optimised away */
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return wh_fuzz_empty(data, size); }
#endif
