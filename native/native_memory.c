/*
 * native_memory.c: memory that is not valid user memory, for the WSAEFAULT cases (A37,
 * A38, A53), made with VirtualAlloc so that the kernel's probe of a user buffer fails the
 * way it would for a buggy proxy:
 *
 *   wt_guarded_buffer(len)  len read/write bytes that end exactly where a PAGE_NOACCESS
 *                           guard page begins (the byte after the buffer faults)
 *   wt_readonly_page()      one committed PAGE_READONLY page
 *   wt_unmapped_address()   an address inside a reserved, never committed region: nothing
 *                           else can be mapped there while the target holds it
 *
 * Every region is released by wt_close.
 */
#include "native_internal.h"

static SIZE_T page_size(void) {
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwPageSize ? si.dwPageSize : 4096;
}

static int remember(wt_target *t, void *base) {
    if (!base) return 0;
    if (t->nregions == NT_MAX_REGIONS) {
        VirtualFree(base, 0, MEM_RELEASE);
        return 0;
    }
    t->regions[t->nregions++].base = base;
    return 1;
}

void *wt_guarded_buffer(wt_target *t, size_t len) {
    if (!t) return NULL;
    SIZE_T page = page_size(), body = (len + page - 1) / page * page;
    if (!body) body = page;
    char *p = VirtualAlloc(NULL, body + page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;
    if (p && !VirtualProtect(p + body, page, PAGE_NOACCESS, &old)) {
        VirtualFree(p, 0, MEM_RELEASE);
        p = NULL;
    }
    return remember(t, p) ? p + body - len : NULL;
}

void *wt_readonly_page(wt_target *t) {
    if (!t) return NULL;
    void *p = VirtualAlloc(NULL, page_size(), MEM_RESERVE | MEM_COMMIT, PAGE_READONLY);
    return remember(t, p) ? p : NULL;
}

void *wt_unmapped_address(wt_target *t) {
    if (!t) return NULL;
    char *p = VirtualAlloc(NULL, page_size(), MEM_RESERVE, PAGE_NOACCESS);
    return remember(t, p) ? p + 16 : NULL;
}

void nt_memory_release(wt_target *t) {
    for (int i = 0; i < t->nregions; i++) VirtualFree(t->regions[i].base, 0, MEM_RELEASE);
    t->nregions = 0;
}
