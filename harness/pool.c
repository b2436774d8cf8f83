/*
 * pool.c: the harness's buffer pool (pool.h).  Slots come in powers of two from 64 bytes to
 * 4 MiB, each between two 16-byte red zones, carved from mapped memory and never returned:
 * memory held across inputs must not come from malloc, or libFuzzer takes the imbalance of
 * mallocs and frees for a leak, reruns the input and runs a whole LeakSanitizer check
 * (docs/FUZZING.md, the scene cache).
 *
 * Under AddressSanitizer a free slot is poisoned whole; a slot handed out has exactly the asked
 * bytes unpoisoned, the rest of it poisoned again (ASan's manual poisoning keeps a partial
 * 8-byte granule exact at the start of a poisoned range).  Without it (AFL++, the fast lane,
 * gcc) a write just past a buffer would land in the slot's slack and go unseen, so the 16 bytes
 * after the asked ones and the red zone before the slot hold a canary, which wh_pool_check
 * reads back: what calloc's neighbours and ASan gave the harness, an overrun is seen, in every
 * build.
 *
 * Plumbing, not behaviour under test: left out of the fuzzers' coverage (WFPCERT_NO_COVERAGE).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "pool.h"
#include "wfpcert/compat.h"

#include <stdint.h>
#include <stdlib.h>
#ifndef _WIN32
#include <sys/mman.h>
#endif

#define MIN_SHIFT 6
#define MAX_SHIFT 22
#define NCLASS (MAX_SHIFT - MIN_SHIFT + 1)
#define REDZONE 16 /* before every slot and after it: the canary always has room */
#define FREE_CAP 256 /* per class; an input holds at most WH_MAX_ALLOCS (128) buffers */
#define CHUNK (1u << 20)

#if defined(__linux__) && defined(WFPCERT_WEAK) /* as selftest.c: weak symbols where the sanitizer runtimes are */
/* Present only under AddressSanitizer (its runtime defines them); tested before use. */
extern void __asan_poison_memory_region(void const volatile *addr, size_t size) WFPCERT_WEAK;
extern void __asan_unpoison_memory_region(void const volatile *addr, size_t size) WFPCERT_WEAK;
WFPCERT_NO_COVERAGE static int asan(void) { return __asan_poison_memory_region != NULL; }
WFPCERT_NO_COVERAGE static void poison(void *p, size_t n) {
    if (__asan_poison_memory_region) __asan_poison_memory_region(p, n);
}
WFPCERT_NO_COVERAGE static void unpoison(void *p, size_t n) {
    if (__asan_unpoison_memory_region) __asan_unpoison_memory_region(p, n);
}
#else
static int asan(void) { return 0; }
static void poison(void *p, size_t n) { (void)p, (void)n; }
static void unpoison(void *p, size_t n) { (void)p, (void)n; }
#endif

/* The canary's byte at offset i from the start of the guarded range: it varies, so a model
 * that writes one constant (a terminator, a fill) over it cannot leave it looking intact. */
WFPCERT_NO_COVERAGE static unsigned char canary(size_t i) { return (unsigned char)(0xC3u ^ (i * 0x1Du)); }

WFPCERT_NO_COVERAGE static void canary_put(unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) p[i] = canary(i);
}

/* The offset of the first changed byte of p[0..n), or n when none changed. */
WFPCERT_NO_COVERAGE static size_t canary_changed(const unsigned char *p, size_t n) {
    size_t i = 0;
    while (i < n && p[i] == canary(i)) i++;
    return i;
}

static void *free_slots[NCLASS][FREE_CAP];
static int nfree[NCLASS];
static unsigned char *chunk_at;
static size_t chunk_left;

WFPCERT_NO_COVERAGE void *wh_pool_map(size_t n) {
#ifdef _WIN32
    return calloc(1, n); /* no LeakSanitizer there */
#else
    void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    /* The scene cache's entries (tens of megabytes, filled one by one): a page fault per 2 MiB
     * instead of one per entry, where each fault is a trap to the hypervisor. */
    if (n >= ((size_t)4 << 20)) madvise(m, n, MADV_HUGEPAGE);
#endif
    return m;
#endif
}

/* A new slot of 2^shift bytes between its red zones, poisoned whole (the canary before it set
 * where there is no ASan). */
WFPCERT_NO_COVERAGE static unsigned char *carve(int shift) {
    size_t need = REDZONE + ((size_t)1 << shift) + REDZONE;
    unsigned char *base;
    if (need > CHUNK / 4) {
        /* A mapping of its own, poisoned to its last page: a full slot's next byte is a report. */
        size_t len = (need + 4095) & ~(size_t)4095;
        base = wh_pool_map(len);
        if (base) poison(base, len);
    } else {
        if (chunk_left < need) {
            chunk_at = wh_pool_map(CHUNK);
            chunk_left = chunk_at ? CHUNK : 0;
            if (chunk_at) poison(chunk_at, CHUNK); /* the slots not carved yet guard the last one */
        }
        if (!chunk_at) return NULL;
        base = chunk_at;
        chunk_at += need;
        chunk_left -= need;
    }
    if (base && !asan()) canary_put(base, REDZONE);
    return base ? base + REDZONE : NULL;
}

WFPCERT_NO_COVERAGE void *wh_pool_get(size_t n, int *cls) {
    int shift = MIN_SHIFT;
    while (shift <= MAX_SHIFT && ((size_t)1 << shift) < n) shift++;
    if (shift > MAX_SHIFT) return NULL;
    int c = shift - MIN_SHIFT;
    unsigned char *p = nfree[c] ? free_slots[c][--nfree[c]] : carve(shift);
    if (!p) return NULL;
    unpoison(p, n);
    if (!asan()) canary_put(p + n, WH_POOL_CANARY); /* the trailing red zone leaves room for it */
    *cls = c;
    return p;
}

WFPCERT_NO_COVERAGE int wh_pool_check(const void *p, size_t n, long *where) {
    if (!p || asan()) return 0; /* ASan reported the write itself */
    const unsigned char *b = p;
    size_t before = canary_changed(b - REDZONE, REDZONE), after = canary_changed(b + n, WH_POOL_CANARY);
    if (before == REDZONE && after == WH_POOL_CANARY) return 0;
    if (where) *where = before < REDZONE ? (long)before - REDZONE : (long)(n + after);
    return 1;
}

WFPCERT_NO_COVERAGE void wh_pool_put(void *p, int cls) {
    if (!p) return;
    poison(p, (size_t)1 << (cls + MIN_SHIFT)); /* a use after the input's end is a report */
    if (nfree[cls] < FREE_CAP) free_slots[cls][nfree[cls]++] = p;
}
