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
 * them (the canary after the n bytes is the pool's: wh_pool_check). */
void *wh_pool_get(size_t n, int *cls);
void wh_pool_put(void *p, int cls);
/* Where there is no AddressSanitizer (AFL++, the fast lane, gcc builds), the WH_POOL_CANARY
 * bytes after a buffer and the red zone before it hold a canary: 1 when a write past either
 * end of the n bytes of p changed it (*where: the offset from p of the first changed byte,
 * negative before p), 0 when it is intact or ASan watches the memory instead. */
#define WH_POOL_CANARY 16
int wh_pool_check(const void *p, size_t n, long *where);
/* n zeroed bytes kept for the process: mapped, not malloc()ed, so libFuzzer's leak heuristic
 * never counts them (the pool's slots, the scene cache's tables); calloc on Windows. */
void *wh_pool_map(size_t n);

#endif
