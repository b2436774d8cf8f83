/*
 * memory.c: memory that is not valid user memory, for the EFAULT cases: a buffer whose end
 * touches a guard page, a read-only page, and an address that is certainly unmapped.  Kept
 * apart from the Winsock names so that it can use the system's mmap headers directly.
 *
 * Released regions are kept (up to POOL of them) and handed out again for the same kind and
 * size: a fuzz input asks for a few of them, and an mmap, an mprotect and a munmap each time
 * cost more than the call under test; they also made the user-memory probe forget every page
 * it knew.  A reused buffer is zeroed first, so it reads as a new mapping would.
 */
#include "memory.h"
#include "../kernel/mutex.h"

#include "../kernel/heap.h"
#include "../kernel/probe.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096u
#define POOL 32

static pthread_mutex_t pool_mu = MS_MUTEX_INITIALIZER;
static ms_target_region pool[POOL];
static int npool;

MS_NO_COV static int take(ms_target_kind kind, size_t size, ms_target_region *r) {
    int found = 0;
    ms_mutex_lock(&pool_mu);
    for (int i = npool - 1; i >= 0 && !found; i--)
        if (pool[i].kind == kind && pool[i].size == size) {
            *r = pool[i];
            pool[i] = pool[--npool];
            found = 1;
        }
    ms_mutex_unlock(&pool_mu);
    return found;
}

MS_NO_COV static void *map(size_t size, int prot, ms_target_kind kind, ms_target_region *r) {
    if (take(kind, size, r)) return r->base;
    char *p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | (prot == PROT_NONE ? MAP_NORESERVE : 0), -1, 0);
    if (p == MAP_FAILED) return NULL;
    ms_probe_invalidate();
    r->base = p;
    r->size = size;
    r->kind = kind;
    return p;
}

MS_NO_COV void *ms_target_guarded(size_t len, ms_target_region *r) {
    size_t body = (len + PAGE - 1) / PAGE * PAGE;
    if (body == 0) body = PAGE;
    ms_target_region fresh = {0};
    if (take(MS_TARGET_GUARDED, body + PAGE, r)) {
        memset(r->base, 0, body);
    } else {
        char *p = map(body + PAGE, PROT_READ | PROT_WRITE, MS_TARGET_GUARDED, &fresh);
        if (!p) return NULL;
        mprotect(p + body, PAGE, PROT_NONE);
        ms_probe_invalidate();
        *r = fresh;
    }
    return (char *)r->base + body - len; /* the byte after the buffer is on the guard page */
}

void *ms_target_readonly(ms_target_region *r) { return map(PAGE, PROT_READ, MS_TARGET_READONLY, r); }

void *ms_target_unmapped(ms_target_region *r) {
    /* A page reserved with PROT_NONE: nothing else will be mapped there while it is held
     * (or kept in the pool). */
    char *p = map(PAGE, PROT_NONE, MS_TARGET_UNMAPPED, r);
    return p ? p + 16 : NULL;
}

MS_NO_COV void ms_target_release(ms_target_region *r) {
    if (!r->base) return;
    int kept = 0;
    ms_mutex_lock(&pool_mu);
    if (npool < POOL) {
        pool[npool++] = *r;
        kept = 1;
    }
    ms_mutex_unlock(&pool_mu);
    if (!kept) {
        munmap(r->base, r->size);
        ms_probe_invalidate();
    }
    r->base = NULL;
    r->size = 0;
}
