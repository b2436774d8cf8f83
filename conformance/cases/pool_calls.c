/*
 * pool_calls.c: the calls a service sets up its buffer pool and its lazily built tables with:
 * VirtualAlloc, VirtualFree and VirtualProtect, and InitOnceExecuteOnce.
 *
 * Why: a high-throughput relay takes its I/O buffers from VirtualAlloc (reserved large, committed
 * as it grows, zeroed, page-aligned) and fetches its extension pointers once, from whichever
 * thread comes first, with InitOnceExecuteOnce.  A stack or model that answers these otherwise
 * hands the service a buffer it cannot use or runs its initialization twice.  The buffers are
 * also handed to recv, which must see their protection as the memory manager set it (a page
 * made read-only, or reserved and not committed, is WSAEFAULT: recv page, "not completely
 * contained in a valid part of the user address space").  Pages on learn.microsoft.com:
 * "VirtualAlloc function" (the granularity, zeroed memory, committing reserved pages),
 * "VirtualFree function" (MEM_RELEASE: the base address and a size of 0; MEM_DECOMMIT leaves
 * the pages reserved), "VirtualProtect function" (the old protection), "GetSystemInfo function"
 * (dwAllocationGranularity), "InitOnceExecuteOnce function", "PINIT_ONCE_FN callback function".
 */
#include "cases.h"

#include <string.h>

/* recv of one byte into p: what WSAGetLastError says, 0 when the byte came. */
static int recv_into(wc_ctx *c, SOCKET cl, SOCKET sv, char *p) {
    if (!wc_check(c, send(cl, "z", 1, 0) == 1, "set-up: send: %d", WSAGetLastError())) return -1;
    int r = recv(sv, p, 1, 0);
    if (r == 1) return 0;
    int e = WSAGetLastError();
    char drain;
    recv(sv, &drain, 1, 0); /* the byte stays queued after a refused receive */
    return e;
}

static void virtual_memory(wc_ctx *c) {
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    SetLastError(0);
    char *p = VirtualAlloc(NULL, 10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!wc_check(c, p != NULL, "VirtualAlloc(10000, MEM_COMMIT | MEM_RESERVE): error %lu",
                  (unsigned long)GetLastError()))
        return;
    wc_check(c, (uintptr_t)p % si.dwAllocationGranularity == 0,
             "VirtualAlloc's region at %p; expected a multiple of the allocation granularity %lu", (void *)p,
             (unsigned long)si.dwAllocationGranularity);
    size_t nonzero = 0;
    for (size_t i = 0; i < 3 * 4096; i++) nonzero += p[i] != 0;
    wc_check(c, nonzero == 0, "%zu bytes of the three committed pages are not zero", nonzero);
    p[3 * 4096 - 1] = 1; /* the last byte of the last page the 10000 bytes reach */

    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    DWORD old = WC_SENTINEL;
    wc_check(c, VirtualProtect(p, 4096, PAGE_READONLY, &old) && old == PAGE_READWRITE,
             "VirtualProtect(PAGE_READONLY): error %lu, old 0x%lx; expected PAGE_READWRITE",
             (unsigned long)GetLastError(), (unsigned long)old);
    int e = recv_into(c, cl, sv, p);
    wc_check(c, e == WSAEFAULT, "recv into a page VirtualProtect made read-only: %d; expected WSAEFAULT", e);
    wc_check(c, VirtualProtect(p, 4096, PAGE_READWRITE, &old) && old == PAGE_READONLY,
             "VirtualProtect back to PAGE_READWRITE: error %lu, old 0x%lx; expected PAGE_READONLY",
             (unsigned long)GetLastError(), (unsigned long)old);
    e = recv_into(c, cl, sv, p);
    wc_check(c, e == 0 && p[0] == 'z', "recv into the page writable again: %d", e);
    wc_check(c, VirtualProtect(p, 4096, PAGE_EXECUTE_READWRITE, &old) && old == PAGE_READWRITE,
             "VirtualProtect(PAGE_EXECUTE_READWRITE): error %lu, old 0x%lx", (unsigned long)GetLastError(),
             (unsigned long)old);
    e = recv_into(c, cl, sv, p + 1);
    wc_check(c, e == 0 && p[1] == 'z', "recv into a PAGE_EXECUTE_READWRITE page: %d", e);

    BOOL ok = VirtualFree(p, 4096, MEM_RELEASE);
    wc_check(c, !ok && GetLastError() == ERROR_INVALID_PARAMETER,
             "VirtualFree(MEM_RELEASE) with a size: %s, error %lu; expected FALSE, ERROR_INVALID_PARAMETER",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
    ok = VirtualFree(p + 4096, 0, MEM_RELEASE);
    wc_check(c, !ok && GetLastError() == ERROR_INVALID_ADDRESS,
             "VirtualFree(MEM_RELEASE) of an address inside the region: %s, error %lu; expected FALSE, "
             "ERROR_INVALID_ADDRESS",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
    wc_check(c, VirtualFree(p, 0, MEM_RELEASE), "VirtualFree(MEM_RELEASE): error %lu", (unsigned long)GetLastError());

    /* reserved large, committed as the pool grows */
    char *r = VirtualAlloc(NULL, 1 << 20, MEM_RESERVE, PAGE_NOACCESS);
    if (wc_check(c, r != NULL, "VirtualAlloc(1 MiB, MEM_RESERVE): error %lu", (unsigned long)GetLastError())) {
        e = recv_into(c, cl, sv, r);
        wc_check(c, e == WSAEFAULT, "recv into a page reserved and not committed: %d; expected WSAEFAULT", e);
        SetLastError(0);
        char *twice = VirtualAlloc(r + 4096, 4096, MEM_RESERVE, PAGE_READWRITE);
        wc_check(c, twice == NULL && GetLastError() == ERROR_INVALID_ADDRESS,
                 "MEM_RESERVE of pages already reserved: %p, error %lu; expected NULL, ERROR_INVALID_ADDRESS",
                 (void *)twice, (unsigned long)GetLastError());
        char *q = VirtualAlloc(r + 8192 + 100, 5000, MEM_COMMIT, PAGE_READWRITE);
        wc_check(c, q == r + 8192, "MEM_COMMIT of 5000 bytes at 8292 into the reservation: %p; expected %p (its page)",
                 (void *)q, (void *)(r + 8192));
        if (q == r + 8192) {
            q[0] = 7;
            q[8191] = 7; /* both pages the range touches are committed */
            wc_check(c, VirtualFree(q, 4096, MEM_DECOMMIT), "VirtualFree(MEM_DECOMMIT) of a page: error %lu",
                     (unsigned long)GetLastError());
            e = recv_into(c, cl, sv, q);
            wc_check(c, e == WSAEFAULT, "recv into a page decommitted: %d; expected WSAEFAULT", e);
            char *again = VirtualAlloc(q, 1, MEM_COMMIT, PAGE_READWRITE);
            wc_check(c, again == q && q[0] == 0 && q[8191] == 7,
                     "the page committed again: %p, first byte %d, the next page's last byte %d; expected %p, 0 "
                     "(fresh), 7 (kept)",
                     (void *)again, again ? q[0] : -1, again ? q[8191] : -1, (void *)q);
        }
        /* MEM_DECOMMIT of the region's base with size 0: the whole region goes back to reserved */
        wc_check(c, VirtualFree(r, 0, MEM_DECOMMIT), "VirtualFree(MEM_DECOMMIT) of the whole region: error %lu",
                 (unsigned long)GetLastError());
        e = recv_into(c, cl, sv, r + 8192 + 4096);
        wc_check(c, e == WSAEFAULT, "recv into a page of a region decommitted whole: %d; expected WSAEFAULT", e);
        wc_check(c, VirtualFree(r, 0, MEM_RELEASE), "VirtualFree(MEM_RELEASE) of the reservation: error %lu",
                 (unsigned long)GetLastError());
        /* no page names the code: the NT status of memory not allocated is ERROR_INVALID_ADDRESS, and
         * wine 8.0 answers ERROR_INVALID_PARAMETER; either, but a failure */
        ok = VirtualFree(r, 0, MEM_RELEASE);
        DWORD e2 = ok ? 0 : GetLastError();
        wc_check(c, !ok && (e2 == ERROR_INVALID_ADDRESS || e2 == ERROR_INVALID_PARAMETER),
                 "VirtualFree(MEM_RELEASE) of a region already released: %s, error %lu; expected FALSE, "
                 "ERROR_INVALID_ADDRESS or ERROR_INVALID_PARAMETER",
                 ok ? "TRUE" : "FALSE", (unsigned long)e2);
    }
    closesocket(sv);
    closesocket(cl);
    SetLastError(0);
    p = VirtualAlloc(NULL, 0, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    wc_check(c, p == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
             "VirtualAlloc of 0 bytes: %p, error %lu; expected NULL, ERROR_INVALID_PARAMETER", (void *)p,
             (unsigned long)GetLastError());
    p = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, 0);
    wc_check(c, p == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
             "VirtualAlloc with protection 0: %p, error %lu; expected NULL, ERROR_INVALID_PARAMETER", (void *)p,
             (unsigned long)GetLastError());
}

static volatile LONG once_runs;
static BOOL WINAPI fails_first(PINIT_ONCE once, PVOID param, PVOID *ctx) {
    (void)once;
    if (InterlockedIncrement(&once_runs) == 1) {
        SetLastError(1234);
        return FALSE;
    }
    *ctx = param;
    return TRUE;
}

static BOOL WINAPI slow_init(PINIT_ONCE once, PVOID param, PVOID *ctx) {
    (void)once;
    InterlockedIncrement(&once_runs);
    Sleep(50);
    *ctx = param;
    return TRUE;
}

static INIT_ONCE shared_once;
static LPVOID seen_ctx[4];
static DWORD WINAPI race_once(LPVOID arg) {
    size_t i = (size_t)(uintptr_t)arg;
    LPVOID ctx = NULL;
    if (InitOnceExecuteOnce(&shared_once, slow_init, (PVOID)(uintptr_t)0x5000, &ctx)) seen_ctx[i] = ctx;
    return 0;
}

static void init_once(wc_ctx *c) {
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    LPVOID ctx = (LPVOID)(uintptr_t)0x9990; /* "receives data ... upon success": a failure leaves it */
    once_runs = 0;
    SetLastError(0);
    BOOL ok = InitOnceExecuteOnce(&once, fails_first, (PVOID)(uintptr_t)0x1000, &ctx);
    wc_check(c, !ok && GetLastError() == 1234 && once_runs == 1 && ctx == (LPVOID)(uintptr_t)0x9990,
             "InitOnceExecuteOnce whose InitFn fails: %s, error %lu, %ld runs, context %p; expected FALSE with "
             "InitFn's error 1234, the context untouched",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), (long)once_runs, ctx);
    ok = InitOnceExecuteOnce(&once, fails_first, (PVOID)(uintptr_t)0x1000, &ctx);
    wc_check(c, ok && ctx == (LPVOID)(uintptr_t)0x1000 && once_runs == 2,
             "InitOnceExecuteOnce after a failure: %s, context %p, %ld runs; expected TRUE, 0x1000, InitFn run again",
             ok ? "TRUE" : "FALSE", ctx, (long)once_runs);
    ctx = NULL;
    ok = InitOnceExecuteOnce(&once, fails_first, (PVOID)(uintptr_t)0x2000, &ctx);
    wc_check(c, ok && ctx == (LPVOID)(uintptr_t)0x1000 && once_runs == 2,
             "InitOnceExecuteOnce once done: %s, context %p, %ld runs; expected TRUE, the stored 0x1000, no run",
             ok ? "TRUE" : "FALSE", ctx, (long)once_runs);

    /* four threads at once: InitFn runs once, and every caller gets its context */
    InitOnceInitialize(&shared_once);
    once_runs = 0;
    HANDLE th[4];
    for (size_t i = 0; i < 4; i++) {
        seen_ctx[i] = NULL;
        th[i] = CreateThread(NULL, 0, race_once, (LPVOID)(uintptr_t)i, 0, NULL);
    }
    for (size_t i = 0; i < 4; i++)
        if (th[i]) {
            WaitForSingleObject(th[i], WC_WAIT_MS);
            CloseHandle(th[i]);
        }
    int right = 0;
    for (size_t i = 0; i < 4; i++) right += seen_ctx[i] == (LPVOID)(uintptr_t)0x5000;
    wc_check(c, once_runs == 1 && right == 4,
             "four threads on one block: InitFn ran %ld times, %d callers got its context; expected once, 4",
             (long)once_runs, right);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.virtual-memory", "S3", "#remarks", WC_MUST,
            "VirtualAlloc: granularity, zeroed pages, commit inside a reservation; VirtualProtect's old protection "
            "and recv's WSAEFAULT on read-only, reserved and decommitted pages; VirtualFree's refusals",
            virtual_memory),
    WC_CASE("S3.k32.init-once", "S3", "#remarks", WC_MUST,
            "InitOnceExecuteOnce: a failing InitFn fails only its caller and runs again; once done, never again, "
            "with the stored context; four racing threads run it once",
            init_once),
};

WC_TABLE(wc_pool_calls, cases);
