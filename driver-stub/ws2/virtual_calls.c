/*
 * virtual_calls.c: VirtualAlloc, VirtualFree and VirtualProtect, the page-level memory calls a
 * service makes for its buffer pools (memoryapi.h).
 *
 * Why: high-throughput Windows servers take their I/O buffers from VirtualAlloc (page-aligned,
 * zeroed, reserved large and committed as needed), and some fence a buffer with a PAGE_NOACCESS
 * page; without these names such a program does not link against the model.  Pages of the
 * host's memory are mapped for real, so a write to a page that is not committed or not writable
 * faults as it would on Windows, and the model's own checks of user pointers see the same
 * protection.
 *
 * Behaviour, from learn.microsoft.com ("VirtualAlloc function", "VirtualFree function",
 * "VirtualProtect function", "Memory Protection Constants", "GetSystemInfo"):
 *   VirtualAlloc  MEM_RESERVE, MEM_COMMIT or both; a new region starts on the allocation
 *       granularity (64 KiB) and spans whole pages (4 KiB); committed memory reads as zero.
 *       MEM_COMMIT of pages inside a region reserved before commits them at their page
 *       boundaries and returns the first page's address.  A size of 0, another type, or a
 *       protection other than PAGE_NOACCESS, PAGE_READONLY, PAGE_READWRITE, PAGE_EXECUTE,
 *       PAGE_EXECUTE_READ or PAGE_EXECUTE_READWRITE: NULL and ERROR_INVALID_PARAMETER (the
 *       modifiers PAGE_GUARD, PAGE_NOCACHE and PAGE_WRITECOMBINE are not modelled and are
 *       refused the same way).  An address outside every region that cannot be had:
 *       ERROR_INVALID_ADDRESS.
 *   VirtualFree  MEM_RELEASE takes a region's base address and a size of 0 (another size:
 *       ERROR_INVALID_PARAMETER; an address that is no region's base: ERROR_INVALID_ADDRESS);
 *       MEM_DECOMMIT gives back the pages of a range (size 0: from the address to the region's
 *       end), which read as zero when committed again.  Both flags, or neither:
 *       ERROR_INVALID_PARAMETER.
 *   VirtualProtect  changes committed pages of one region and writes the first page's old
 *       protection to lpflOldProtect, which must be writable (else ERROR_NOACCESS and nothing
 *       changes); a page not committed: ERROR_INVALID_ADDRESS.
 * Regions are the process's, not a world's, as on Windows.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE */
#endif
#include "../net/net.h"
#include "../kernel/mutex.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE 4096u
#define GRAIN 65536u
#define NOT_COMMITTED 0 /* a page's protection byte: reserved only */

typedef struct region {
    uintptr_t base;
    size_t size;
    uint8_t *prot; /* one byte per page: its PAGE_* constant (low byte), or NOT_COMMITTED */
} region;

static pthread_mutex_t mu = MS_MUTEX_INITIALIZER;
static region *regions;
static size_t nregions, cap;

static LPVOID fail_null(DWORD e) {
    ms_set_last_error(e);
    return NULL;
}

static BOOL fail(DWORD e) {
    ms_set_last_error(e);
    return FALSE;
}

static int host_prot(DWORD p) {
    switch (p) {
    case PAGE_NOACCESS:
        return PROT_NONE;
    case PAGE_READONLY:
        return PROT_READ;
    case PAGE_READWRITE:
        return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
        return PROT_EXEC;
    case PAGE_EXECUTE_READ:
        return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
        return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:
        return -1;
    }
}

/* The region holding addr, or NULL (under mu). */
static region *region_of(uintptr_t addr) {
    for (size_t i = 0; i < nregions; i++)
        if (addr >= regions[i].base && addr - regions[i].base < regions[i].size) return &regions[i];
    return NULL;
}

/* A new region of size bytes (whole pages) at want (0: anywhere), its pages reserved only. */
static region *region_new(uintptr_t want, size_t size) {
    if (nregions == cap) {
        size_t ncap = cap ? 2 * cap : 16;
        region *r = realloc(regions, ncap * sizeof *r);
        if (!r) return NULL;
        regions = r;
        cap = ncap;
    }
    uint8_t *prot = calloc(size / PAGE, 1);
    if (!prot) return NULL;
    void *p;
    if (want) {
        p = mmap((void *)want, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1,
                 0);
        if (p != MAP_FAILED && (uintptr_t)p != want) { /* a kernel without MAP_FIXED_NOREPLACE */
            munmap(p, size);
            p = MAP_FAILED;
        }
    } else { /* over-map, then trim to the allocation granularity */
        uint8_t *q = mmap(NULL, size + GRAIN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        p = MAP_FAILED;
        if (q != MAP_FAILED) {
            uintptr_t at = ((uintptr_t)q + GRAIN - 1) & ~(uintptr_t)(GRAIN - 1);
            if (at > (uintptr_t)q) munmap(q, at - (uintptr_t)q);
            uintptr_t end = (uintptr_t)q + size + GRAIN;
            if (end > at + size) munmap((void *)(at + size), end - (at + size));
            p = (void *)at;
        }
    }
    if (p == MAP_FAILED) {
        free(prot);
        return NULL;
    }
    regions[nregions] = (region){(uintptr_t)p, size, prot};
    return &regions[nregions++];
}

/* Commits pages [first, first + n) of r with protection p.  A page not committed reads as zero
 * once committed: it was never touched, or its decommit dropped it (MADV_DONTNEED). */
static bool commit(region *r, size_t first, size_t n, DWORD p) {
    uintptr_t at = r->base + first * PAGE;
    if (mprotect((void *)at, n * PAGE, host_prot(p)) != 0) return false;
    memset(r->prot + first, (int)p, n);
    return true;
}

LPVOID VirtualAlloc(LPVOID addr, SIZE_T size, DWORD type, DWORD protect) {
    DWORD kind = type & ~(DWORD)MEM_TOP_DOWN;
    if (!size || !kind || (kind & ~(DWORD)(MEM_COMMIT | MEM_RESERVE)) || host_prot(protect) < 0)
        return fail_null(ERROR_INVALID_PARAMETER);
    uintptr_t a = (uintptr_t)addr;
    if (size > SIZE_MAX - PAGE - a % PAGE) return fail_null(ERROR_NOT_ENOUGH_MEMORY);
    ms_mutex_lock(&mu);
    region *r = a ? region_of(a) : NULL;
    LPVOID out = NULL;
    DWORD e = 0;
    if (r) { /* pages of a region reserved before: MEM_COMMIT commits them; reserving again fails */
        uintptr_t from = a & ~(uintptr_t)(PAGE - 1), to = (a + size + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
        if (!(kind & MEM_COMMIT) || to - r->base > r->size)
            e = ERROR_INVALID_ADDRESS;
        else if (!commit(r, (from - r->base) / PAGE, (to - from) / PAGE, protect))
            e = ERROR_NOT_ENOUGH_MEMORY;
        else
            out = (LPVOID)from;
    } else {
        /* at an address, the reservation starts on the granularity below it and covers every page
         * from there to the last byte asked for */
        uintptr_t base = a & ~(uintptr_t)(GRAIN - 1);
        size_t span =
            a ? ((a + size + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - base : (size + PAGE - 1) & ~(size_t)(PAGE - 1);
        if (a && !(kind & MEM_RESERVE))
            e = ERROR_INVALID_ADDRESS; /* committing what was never reserved */
        else if (!(r = region_new(base, span)))
            e = a ? ERROR_INVALID_ADDRESS : ERROR_NOT_ENOUGH_MEMORY;
        else if ((kind & MEM_COMMIT) && !commit(r, 0, span / PAGE, protect))
            e = ERROR_NOT_ENOUGH_MEMORY;
        else
            out = (LPVOID)r->base;
    }
    ms_mutex_unlock(&mu);
    return out ? out : fail_null(e);
}

BOOL VirtualFree(LPVOID addr, SIZE_T size, DWORD type) {
    if (type != MEM_RELEASE && type != MEM_DECOMMIT) return fail(ERROR_INVALID_PARAMETER);
    if (type == MEM_RELEASE && size) return fail(ERROR_INVALID_PARAMETER);
    uintptr_t a = (uintptr_t)addr;
    ms_mutex_lock(&mu);
    region *r = region_of(a);
    DWORD e = 0;
    if (!r || (type == MEM_RELEASE && a != r->base)) {
        e = ERROR_INVALID_ADDRESS;
    } else if (type == MEM_RELEASE) {
        munmap((void *)r->base, r->size);
        free(r->prot);
        *r = regions[--nregions];
    } else {
        uintptr_t from = a & ~(uintptr_t)(PAGE - 1);
        uintptr_t to = size ? (a + size + PAGE - 1) & ~(uintptr_t)(PAGE - 1) : r->base + r->size;
        if (to < from || to - r->base > r->size) {
            e = ERROR_INVALID_ADDRESS;
        } else {
            mprotect((void *)from, to - from, PROT_NONE);
            madvise((void *)from, to - from, MADV_DONTNEED);
            memset(r->prot + (from - r->base) / PAGE, NOT_COMMITTED, (to - from) / PAGE);
        }
    }
    ms_mutex_unlock(&mu);
    return e ? fail(e) : TRUE;
}

BOOL VirtualProtect(LPVOID addr, SIZE_T size, DWORD protect, PDWORD old) {
    if (!size || host_prot(protect) < 0) return fail(ERROR_INVALID_PARAMETER);
    if (!old || !ms_probe_write(old, sizeof *old)) return fail(ERROR_NOACCESS);
    uintptr_t a = (uintptr_t)addr;
    ms_mutex_lock(&mu);
    region *r = region_of(a);
    uintptr_t from = a & ~(uintptr_t)(PAGE - 1), to = (a + size + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    DWORD e = 0;
    if (!r || to < from || to - r->base > r->size) {
        e = ERROR_INVALID_ADDRESS;
    } else {
        size_t first = (from - r->base) / PAGE, n = (to - from) / PAGE;
        for (size_t i = first; i < first + n && !e; i++)
            if (r->prot[i] == NOT_COMMITTED) e = ERROR_INVALID_ADDRESS;
        if (!e) {
            DWORD was = r->prot[first];
            if (mprotect((void *)from, to - from, host_prot(protect)) != 0) {
                e = ERROR_INVALID_PARAMETER;
            } else {
                memset(r->prot + first, (int)protect, n);
                *old = was;
            }
        }
    }
    ms_mutex_unlock(&mu);
    return e ? fail(e) : TRUE;
}
