/*
 * pool.h: the memory behind the harness's buffers (wh_alloc), kept from one input to the next
 * by size class.  Each input used to calloc its buffers (up to 1 MiB) and free them at its
 * end: zeroing and page faults on fresh memory were a tenth of a fuzz_ioctl input.
 */
#ifndef WFPCERT_HARNESS_POOL_H
#define WFPCERT_HARNESS_POOL_H

#include <stddef.h>

/* n bytes (n may be 0), 16-byte aligned, NULL when out of memory; *cls is what wh_pool_put
 * needs back.  Under AddressSanitizer exactly n bytes are addressable: a write past the end is
 * a report, as it was with calloc (named use-after-poison, not heap-buffer-overflow), and so is
 * any use after the input ended.  The contents are whatever the last user left: callers set
 * them. */
void *wh_pool_get(size_t n, int *cls);
void wh_pool_put(void *p, int cls);
/* n zeroed bytes kept for the process: mapped, not malloc()ed, so libFuzzer's leak heuristic
 * never counts them (the pool's slots, the scene cache's tables); calloc on Windows. */
void *wh_pool_map(size_t n);

#endif
