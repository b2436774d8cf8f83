/*
 * memory.c: memory that is not valid user memory, for the EFAULT cases: a buffer whose end
 * touches a guard page, a read-only page, and an address that is certainly unmapped.  Kept
 * apart from the Winsock names so that it can use the system's mmap headers directly.
 */
#include "memory.h"

#include "../kernel/probe.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096u

void *tm_guarded(size_t len, tm_region *r) {
    size_t body = (len + PAGE - 1) / PAGE * PAGE;
    if (body == 0) body = PAGE;
    char *p = mmap(NULL, body + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    mprotect(p + body, PAGE, PROT_NONE);
    ms_probe_invalidate();
    r->base = p;
    r->size = body + PAGE;
    return p + body - len; /* the byte after the buffer is on the guard page */
}

void *tm_readonly(tm_region *r) {
    char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    ms_probe_invalidate();
    r->base = p;
    r->size = PAGE;
    return p;
}

void *tm_unmapped(tm_region *r) {
    /* Map and unmap a page: nothing else will be mapped there while the target holds the
     * region, because the region is reserved again with PROT_NONE. */
    char *p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    ms_probe_invalidate();
    r->base = p;
    r->size = PAGE;
    return p + 16;
}

void tm_release(tm_region *r) {
    if (r->base) munmap(r->base, r->size);
    ms_probe_invalidate();
    r->base = NULL;
    r->size = 0;
}
