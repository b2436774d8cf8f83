/*
 * heap.h: where the model's memory comes from, and the restorable arena behind snapshots.
 *
 * Every allocation of the model goes through ms_malloc/ms_calloc/ms_realloc/ms_free.  By
 * default they are the C library's.  While the arena is on, new blocks come from one fixed
 * region of address space instead, whose bytes (allocator state included) can be saved and
 * put back: a world built in the arena can be restored to exactly the state it had, pointers
 * and all, without building it again.  That is what lets a fuzz input start from a prepared
 * scenario in microseconds and still behave as if it had built the scenario itself.
 *
 * One arena per process, holding at most one world at a time.  Under AddressSanitizer the
 * arena poisons block headers, red zones and freed blocks itself, so the model's own
 * overruns and uses after free are still reported; a double free aborts with a message.
 */
#ifndef WFPCERT_KERNEL_HEAP_H
#define WFPCERT_KERNEL_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Plumbing that stands in for the C library (this allocator, snapshots, pooled memory) is left
 * out of the fuzzers' coverage feedback, as the C library's malloc is: its branches say nothing
 * about the stack's behaviour, and a fuzzer that saw them would keep inputs that only took
 * another free list.  Source-based coverage (llvm-cov) still measures it. */
#if defined(__clang__)
#define MS_NO_COV __attribute__((no_sanitize("coverage"), noinline)) /* inlined, it would be instrumented */
#else
#define MS_NO_COV
#endif

void *ms_malloc(size_t n);
void *ms_calloc(size_t n, size_t size);
void *ms_realloc(void *p, size_t n);
void ms_free(void *p);
/* Allocation failure on demand (the model knob fail_alloc): the n-th allocation from now
 * fails once, returning NULL as a system out of memory would; 0 switches it off.  A stack
 * under memory pressure must answer with an error and stay whole (no crash, no leak), so the
 * catalogue walks n over every allocation of a scenario (conformance/cases/low_memory.c).
 * ms_heap_fail_state: 0 off, 1 armed and not reached yet, 2 the failure happened. */
void ms_heap_fail_after(unsigned long n);
int ms_heap_fail_state(void);
/* Blocks the model holds now, from the C library's heap and the arena together. */
size_t ms_heap_live_blocks(void);

/* Routes new allocations to an empty arena.  -1 when it is on already. */
int ms_heap_arena_begin(void);
/* Stops routing; returns how many arena blocks are still allocated (a leak when the world
 * that lived there has been destroyed).  The bytes stay until the next begin or load. */
size_t ms_heap_arena_end(void);

/* The arena's bytes at one moment. */
typedef struct ms_heap_image ms_heap_image;
/* NULL when the arena is off or memory is short.  The image also holds extra bytes for the
 * caller (ms_heap_image_extra, zeroed, 16-byte aligned), so that what describes a snapshot
 * needs no allocation of its own. */
ms_heap_image *ms_heap_save(size_t extra);
void *ms_heap_image_extra(ms_heap_image *img);
/* Puts the arena back as it was when img was saved and switches routing on; -1 when the
 * arena is on (its world must be destroyed first). */
int ms_heap_load(const ms_heap_image *img);
/* How many loads have succeeded in this process: what a thread's cached view of a world (its
 * thread record, world.c) checks, since a load puts back records made or gone since the save. */
uint64_t ms_heap_loads(void);
size_t ms_heap_image_size(const ms_heap_image *img);
void ms_heap_image_free(ms_heap_image *img);

#endif
