/*
 * k32_calls.c: the kernel32 calls a completion-port service makes about the machine, the
 * calendar and its memory: GetSystemInfo, GetCurrentProcess, SwitchToThread, GetSystemTime,
 * GetLocalTime, GetSystemTimePreciseAsFileTime and the heap calls (GetProcessHeap, HeapCreate,
 * HeapDestroy, HeapAlloc, HeapReAlloc, HeapFree, HeapSize).
 *
 * Why: a service sizes its worker threads from dwNumberOfProcessors, keeps its per-connection
 * contexts in HEAP_ZERO_MEMORY blocks and stamps its log with a SYSTEMTIME; a stack where
 * these answer otherwise than Windows documents changes what the service does before any
 * redirect IOCTL is called.  Only what the pages fix is checked (not this host's processor
 * count or time zone).  Pages on learn.microsoft.com: "GetSystemInfo function", "SYSTEM_INFO
 * structure", "GetCurrentProcess function", "SwitchToThread function", "GetSystemTime
 * function", "GetLocalTime function", "SYSTEMTIME structure", "GetSystemTimePreciseAsFileTime
 * function", "HeapAlloc function", "HeapReAlloc function", "HeapFree function", "HeapSize
 * function", "HeapCreate function", "HeapDestroy function".
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L /* setenv, unsetenv, tzset */
#endif
#include "cases.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "SYSTEM_INFO": the page size, the allocation granularity ("typically 64 KB") and the
 * processors of the current group, which dwActiveProcessorMask shows one bit each; x64 pages are
 * 4 KB.  The user address range is non-empty and starts above the first 64 KB. */
static void system_info(wc_ctx *c) {
    SYSTEM_INFO si;
    memset(&si, 0xA5, sizeof si);
    GetSystemInfo(&si);
    wc_expect_int(c, si.dwPageSize, 4096);
    wc_expect_int(c, si.dwAllocationGranularity, 65536);
    DWORD bits = 0;
    for (DWORD_PTR m = si.dwActiveProcessorMask; m; m >>= 1) bits += (DWORD)(m & 1);
    wc_check(c, si.dwNumberOfProcessors >= 1 && si.dwNumberOfProcessors <= 64 && bits == si.dwNumberOfProcessors,
             "dwNumberOfProcessors %lu with %lu bits in dwActiveProcessorMask; expected 1..64, one bit each",
             (unsigned long)si.dwNumberOfProcessors, (unsigned long)bits);
    wc_check(c,
             (uintptr_t)si.lpMinimumApplicationAddress >= 0x10000u &&
                 (uintptr_t)si.lpMaximumApplicationAddress > (uintptr_t)si.lpMinimumApplicationAddress,
             "application addresses %p..%p", si.lpMinimumApplicationAddress, si.lpMaximumApplicationAddress);
    /* a 64-bit process: what GetNativeSystemInfo gives is the same */
    SYSTEM_INFO native;
    memset(&native, 0x5A, sizeof native);
    GetNativeSystemInfo(&native);
    wc_check(c,
             native.wProcessorArchitecture == si.wProcessorArchitecture && native.dwPageSize == si.dwPageSize &&
                 native.dwNumberOfProcessors == si.dwNumberOfProcessors,
             "GetNativeSystemInfo: architecture %u, page %lu, processors %lu; GetSystemInfo %u, %lu, %lu",
             (unsigned)native.wProcessorArchitecture, (unsigned long)native.dwPageSize,
             (unsigned long)native.dwNumberOfProcessors, (unsigned)si.wProcessorArchitecture,
             (unsigned long)si.dwPageSize, (unsigned long)si.dwNumberOfProcessors);
}

/* "GetCurrentProcess": "The pseudo handle is currently (HANDLE)-1"; "Calling the CloseHandle
 * function with a pseudo handle has no effect" (the same handle is there after it).
 * "SwitchToThread" returns, nonzero or zero. */
static void current_process(wc_ctx *c) {
    HANDLE p = GetCurrentProcess();
    wc_check(c, p == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess: %p; expected (HANDLE)-1", p);
    BOOL ok = CloseHandle(p);
    wc_check(c, ok, "CloseHandle(GetCurrentProcess()): error %lu", (unsigned long)GetLastError());
    wc_check(c, GetCurrentProcess() == p, "GetCurrentProcess after CloseHandle: %p", GetCurrentProcess());
    for (int i = 0; i < 3; i++) (void)SwitchToThread();
}

/* 100-ns units since 1601-01-01 of a SYSTEMTIME (proleptic Gregorian, "SYSTEMTIME": wMonth
 * 1..12, wDayOfWeek 0 for Sunday). */
static ULONGLONG ticks_of(const SYSTEMTIME *s) {
    long y = s->wYear, m = s->wMonth;
    if (m <= 2) {
        y--;
        m += 12;
    }
    long days = 365L * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + s->wDay - 1;
    long base = 365L * 1600 + 1600 / 4 - 1600 / 100 + 1600 / 400 + (153 * 10 + 2) / 5; /* 1601-01-01 */
    ULONGLONG secs = (ULONGLONG)(days - base) * 86400u + s->wHour * 3600u + s->wMinute * 60u + s->wSecond;
    return secs * 10000000u + s->wMilliseconds * 10000u;
}

/* "GetSystemTime": the current date and time in UTC, the time GetSystemTimeAsFileTime and
 * GetSystemTimePreciseAsFileTime give in 100-ns units; the day of the week follows the date
 * (1601-01-01 was a Monday).  "GetLocalTime": a valid SYSTEMTIME within a day of UTC. */
static void calendar_now(wc_ctx *c) {
    FILETIME before, after;
    SYSTEMTIME st, lt;
    memset(&st, 0xFF, sizeof st);
    memset(&lt, 0xFF, sizeof lt);
    memset(&before, 0xFF, sizeof before); /* an unwritten FILETIME reads as the end of time */
    GetSystemTimePreciseAsFileTime(&before);
    GetSystemTime(&st);
    GetLocalTime(&lt);
    GetSystemTimeAsFileTime(&after);
    ULONGLONG b = ((ULONGLONG)before.dwHighDateTime << 32) | before.dwLowDateTime;
    ULONGLONG a = ((ULONGLONG)after.dwHighDateTime << 32) | after.dwLowDateTime;
    int valid = st.wMonth >= 1 && st.wMonth <= 12 && st.wDay >= 1 && st.wDay <= 31 && st.wDayOfWeek <= 6 &&
                st.wHour <= 23 && st.wMinute <= 59 && st.wSecond <= 59 && st.wMilliseconds <= 999;
    if (!wc_check(c, valid, "GetSystemTime: %u-%u-%u (day %u) %u:%u:%u.%u is no valid SYSTEMTIME", st.wYear, st.wMonth,
                  st.wDay, st.wDayOfWeek, st.wHour, st.wMinute, st.wSecond, st.wMilliseconds))
        return;
    ULONGLONG s = ticks_of(&st);
    /* the clock may be stepped between the reads by a second at most; the SYSTEMTIME is cut to ms */
    wc_check(c, a >= b && b + 10000000u >= a,
             "GetSystemTimePreciseAsFileTime %llu is not within a second before "
             "GetSystemTimeAsFileTime %llu, read after it",
             (unsigned long long)b, (unsigned long long)a);
    wc_check(c, a >= b && s + 10000u >= b && s <= a + 10000000u,
             "GetSystemTime is not between GetSystemTimePreciseAsFileTime (%llu) and GetSystemTimeAsFileTime (%llu): "
             "%llu",
             (unsigned long long)b, (unsigned long long)a, (unsigned long long)s);
    wc_expect_int(c, st.wDayOfWeek, (s / 10000000u / 86400u + 1) % 7);
    int lvalid = lt.wMonth >= 1 && lt.wMonth <= 12 && lt.wDay >= 1 && lt.wDay <= 31 && lt.wDayOfWeek <= 6 &&
                 lt.wHour <= 23 && lt.wMinute <= 59 && lt.wSecond <= 59 && lt.wMilliseconds <= 999;
    ULONGLONG l = ticks_of(&lt);
    wc_check(c, lvalid && l + 864000000000ull > s && l < s + 864000000000ull,
             "GetLocalTime: %u-%u-%u %u:%u:%u is not a time within a day of UTC", lt.wYear, lt.wMonth, lt.wDay,
             lt.wHour, lt.wMinute, lt.wSecond);
    if (lvalid) wc_expect_int(c, lt.wDayOfWeek, (l / 10000000u / 86400u + 1) % 7);
}

/* Sets the C library's time zone (TZ; NULL: none), as a program may for its own log. */
static void set_zone(const char *tz) {
#ifdef _WIN32
    _putenv_s("TZ", tz ? tz : "");
    _tzset();
#else
    if (tz)
        setenv("TZ", tz, 1);
    else
        unsetenv("TZ");
    tzset();
#endif
}

/* The same again with the process's C time zone five hours east of UTC: GetSystemTime is UTC
 * whatever zone the program's C library was told.  (A stack that stamped local time there
 * would show nothing on a machine whose zone is UTC, as CI machines' are.)  The zone is put
 * back, as the process may run more cases. */
static void calendar(wc_ctx *c) {
    calendar_now(c);
    const char *was = getenv("TZ");
    char *old = was ? malloc(strlen(was) + 1) : NULL;
    if (old) strcpy(old, was);
    set_zone("WFC-05");
    calendar_now(c);
    set_zone(old);
    free(old);
}

/* "HeapAlloc": HEAP_ZERO_MEMORY zeroes the block, aligned to MEMORY_ALLOCATION_ALIGNMENT (16 on
 * 64-bit Windows).  "HeapSize": the size of the block.  "HeapFree": nonzero.  "HeapReAlloc":
 * contents kept up to the smaller size, HEAP_ZERO_MEMORY zeroes "the additional region of
 * memory beyond the original size"; "HeapDestroy": the whole heap goes at once. */
static void heap_blocks(wc_ctx *c) {
    HANDLE ph = GetProcessHeap();
    if (!wc_check(c, ph != NULL, "GetProcessHeap: NULL, error %lu", (unsigned long)GetLastError())) return;
    wc_check(c, GetProcessHeap() == ph, "GetProcessHeap gave two handles");
    BYTE *p = HeapAlloc(ph, HEAP_ZERO_MEMORY, 3000);
    if (!wc_check(c, p != NULL, "HeapAlloc(process heap, HEAP_ZERO_MEMORY, 3000): NULL")) return;
    int zero = 1;
    for (int i = 0; i < 3000; i++) zero &= p[i] == 0;
    wc_check(c, zero, "a HEAP_ZERO_MEMORY block is not zero");
    wc_expect_int(c, (uintptr_t)p % 16u, 0);
    wc_expect_int(c, HeapSize(ph, 0, p), 3000);
    for (int i = 0; i < 3000; i++) p[i] = (BYTE)i;
    BYTE *q = HeapReAlloc(ph, HEAP_ZERO_MEMORY, p, 9000);
    if (wc_check(c, q != NULL, "HeapReAlloc to 9000 bytes: NULL")) {
        int kept = 1, grown = 1;
        for (int i = 0; i < 3000; i++) kept &= q[i] == (BYTE)i;
        for (int i = 3000; i < 9000; i++) grown &= q[i] == 0;
        wc_check(c, kept && grown, "HeapReAlloc with HEAP_ZERO_MEMORY: contents %s, growth %s", kept ? "kept" : "lost",
                 grown ? "zero" : "not zero");
        wc_expect_int(c, HeapSize(ph, 0, q), 9000);
        p = q;
    }
    q = HeapReAlloc(ph, 0, p, 100);
    if (wc_check(c, q != NULL, "HeapReAlloc to 100 bytes: NULL")) {
        wc_check(c, q[0] == 0 && q[99] == 99, "HeapReAlloc to 100 bytes lost the contents");
        wc_expect_int(c, HeapSize(ph, 0, q), 100);
        p = q;
    }
    /* and past its first size: the whole of the new size is the caller's to write */
    q = HeapReAlloc(ph, 0, p, 9200);
    if (wc_check(c, q != NULL, "HeapReAlloc of the shrunk block to 9200 bytes: NULL")) {
        wc_check(c, q[0] == 0 && q[99] == 99, "HeapReAlloc to 9200 bytes lost the contents");
        memset(q + 100, 0x33, 9100);
        wc_expect_int(c, HeapSize(ph, 0, q), 9200);
        p = q;
    }
    /* Grown in place by one byte (HEAP_REALLOC_IN_PLACE_ONLY): a heap may have the slack or not,
     * but a block it says it grew is the caller's to write whole (the ASan build sees a stack
     * that claims room it does not have). */
    q = HeapReAlloc(ph, HEAP_REALLOC_IN_PLACE_ONLY, p, 9201);
    if (q) {
        wc_check(c, q == p, "HeapReAlloc with HEAP_REALLOC_IN_PLACE_ONLY moved the block");
        memset(q, 0x44, 9201);
        wc_expect_int(c, HeapSize(ph, 0, q), 9201);
    }
    wc_check(c, HeapFree(ph, 0, p), "HeapFree: error %lu", (unsigned long)GetLastError());

    HANDLE h = HeapCreate(0, 0, 0);
    if (!wc_check(c, h != NULL && h != ph, "HeapCreate(0, 0, 0): %p, error %lu", h, (unsigned long)GetLastError()))
        return;
    void *blocks[64];
    int made = 0;
    for (; made < 64; made++)
        if (!(blocks[made] = HeapAlloc(h, 0, 100u * (unsigned)made + 1u))) break;
    wc_expect_int(c, made, 64);
    if (made > 1) wc_expect_int(c, HeapSize(h, 0, blocks[1]), 101);
    wc_check(c, HeapDestroy(h), "HeapDestroy with %d blocks left: error %lu", made, (unsigned long)GetLastError());
}

/* "HeapAlloc": "If the function fails, it does not call SetLastError"; a heap made with a
 * maximum size is not growable and "dwBytes must be less than 0x7FFF8".  "HeapReAlloc":
 * HEAP_REALLOC_IN_PLACE_ONLY that cannot be met fails "leaving the original memory block
 * unchanged". */
static void heap_limits(wc_ctx *c) {
    HANDLE h = HeapCreate(0, 0, 1u << 20);
    if (!wc_check(c, h != NULL, "HeapCreate(0, 0, 1 MB): error %lu", (unsigned long)GetLastError())) return;
    SetLastError(0x1234);
    void *big = HeapAlloc(h, 0, 0x7FFF8);
    wc_check(c, big == NULL, "HeapAlloc of 0x7FFF8 bytes from a non-growable heap: %p; expected NULL", big);
    wc_expect_int(c, GetLastError(), 0x1234);
    void *small = HeapAlloc(h, 0, 0x1000);
    if (wc_check(c, small != NULL, "HeapAlloc of 4096 bytes from a 1 MB heap: NULL")) {
        memset(small, 0x77, 0x1000);
        void *r = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, small, 0x7FFF0);
        wc_check(c, r == NULL || r == small, "HeapReAlloc in place only moved the block (%p from %p)", r, small);
        if (r == NULL) { /* the page does not say whether HeapReAlloc sets the last error */
            wc_expect_int(c, HeapSize(h, 0, small), 0x1000);
            wc_check(c, ((BYTE *)small)[0xFFF] == 0x77, "a failed HeapReAlloc changed the block");
        }
        wc_check(c, HeapFree(h, 0, small), "HeapFree: error %lu", (unsigned long)GetLastError());
    }
    wc_check(c, HeapDestroy(h), "HeapDestroy: error %lu", (unsigned long)GetLastError());
    /* A heap with a maximum counts a block HeapReAlloc grew at its new size: in 64 KB, a block of
     * 100 bytes grown to 30,000 leaves room for 20,000 more. */
    h = HeapCreate(0, 0, 0x10000);
    if (!wc_check(c, h != NULL, "HeapCreate(0, 0, 64 KB): error %lu", (unsigned long)GetLastError())) return;
    void *grown = HeapAlloc(h, 0, 100);
    grown = grown ? HeapReAlloc(h, 0, grown, 30000) : NULL;
    void *more = grown ? HeapAlloc(h, 0, 20000) : NULL;
    wc_check(c, grown != NULL && more != NULL,
             "a 64 KB heap: a 100-byte block grown to 30,000 by HeapReAlloc %p, then 20,000 more %p; expected both",
             grown, more);
    wc_check(c, HeapDestroy(h), "HeapDestroy: error %lu", (unsigned long)GetLastError());
    /* "HeapCreate", dwInitialSize: "must be smaller than dwMaximumSize"; what an equal one gets,
     * no page says: the model's own answer */
    h = HeapCreate(0, 0x1000, 0x1000);
    wc_model_answer(c, "HeapCreate.initial-equals-maximum", "%s", h ? "made" : "refused");
    if (h) HeapDestroy(h);
}

/* "HeapCreate", dwMaximumSize: the function "rounds dwMaximumSize up to a multiple of the
 * system page size" and reserves that much, and a heap made with a maximum cannot grow past it;
 * "GetSystemInfo": dwPageSize is that page size.  So a maximum one byte past a page boundary
 * leaves room for a block larger than the maximum as given (it fits in the page rounded up to),
 * and still none for a block two pages beyond it.  Checked with three maxima: one byte past 16
 * pages (a block of 16 pages and 64 bytes fits, 18 pages do not), one past 1 page (2 pages
 * reserved: a small block fits, 4 pages do not) and exactly 8 pages (no rounding: 10 pages do
 * not fit, 4 do).  A block of 16 pages and 64 bytes leaves the heap's own header and the block's
 * most of a page; Windows' fits in that. */
static void heap_maximum(wc_ctx *c) {
    SYSTEM_INFO si;
    memset(&si, 0, sizeof si);
    GetSystemInfo(&si);
    SIZE_T pg = si.dwPageSize;
    if (!wc_check(c, pg >= 4096 && (pg & (pg - 1)) == 0, "GetSystemInfo: dwPageSize %lu", (unsigned long)pg)) return;
    static const struct {
        SIZE_T max_pages, max_extra, fits_pages, fits_extra, over_pages;
    } t[] = {
        {16, 1, 16, 64, 18},
        {1, 1, 0, 64, 4},
        {8, 0, 4, 0, 10},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        SIZE_T max = t[i].max_pages * pg + t[i].max_extra;
        SIZE_T fits = t[i].fits_pages * pg + t[i].fits_extra, over = t[i].over_pages * pg;
        HANDLE h = HeapCreate(0, 0, max);
        if (!wc_check(c, h != NULL, "HeapCreate(0, 0, %lu): error %lu", (unsigned long)max,
                      (unsigned long)GetLastError()))
            continue;
        void *no = HeapAlloc(h, 0, over);
        wc_check(c, no == NULL,
                 "HeapAlloc of %lu bytes from a heap whose maximum is %lu (%lu pages rounded up): %p; "
                 "expected NULL",
                 (unsigned long)over, (unsigned long)max, (unsigned long)((max + pg - 1) / pg), no);
        BYTE *p = HeapAlloc(h, HEAP_ZERO_MEMORY, fits);
        if (wc_check(c, p != NULL,
                     "HeapAlloc of %lu bytes from a heap whose maximum is %lu (%lu pages rounded up): "
                     "NULL",
                     (unsigned long)fits, (unsigned long)max, (unsigned long)((max + pg - 1) / pg))) {
            wc_expect_int(c, HeapSize(h, 0, p), fits);
            p[0] = 0x5A;
            p[fits - 1] = 0xA5;
            wc_check(c, p[0] == 0x5A && p[fits - 1] == 0xA5 && p[fits / 2] == 0, "the block of %lu bytes is not usable",
                     (unsigned long)fits);
        }
        wc_check(c, HeapDestroy(h), "HeapDestroy: error %lu", (unsigned long)GetLastError());
    }
}

/* "HeapReAlloc": HEAP_ZERO_MEMORY on a request "for a larger size" initializes "the additional
 * region of memory beyond the original size" to zero, and the contents are kept up to the
 * smaller size; "HeapFree": lpMem "can be NULL" (nonzero returned), any block may be freed in
 * any order; "HeapDestroy" then frees what is left.  A block shrunk and grown back with
 * HEAP_ZERO_MEMORY reads zeros past its shrunken size although it held bytes there before; a
 * block freed from between two others, and one moved by a growth, leave the others intact. */
static void heap_regrow(wc_ctx *c) {
    HANDLE h = HeapCreate(0, 0, 0);
    if (!wc_check(c, h != NULL, "HeapCreate(0, 0, 0): error %lu", (unsigned long)GetLastError())) return;
    BYTE *p = HeapAlloc(h, 0, 256), *q1 = HeapAlloc(h, 0, 64), *q2 = HeapAlloc(h, 0, 64);
    if (!wc_check(c, p && q1 && q2, "HeapAlloc of 256, 64 and 64 bytes: %p %p %p", (void *)p, (void *)q1, (void *)q2))
        return;
    memset(p, 0x77, 256);
    memset(q1, 0x11, 64);
    memset(q2, 0x22, 64);
    BYTE *r = HeapReAlloc(h, 0, p, 100);
    if (wc_check(c, r != NULL, "HeapReAlloc of 256 bytes to 100: NULL")) {
        wc_expect_int(c, HeapSize(h, 0, r), 100);
        BYTE *g = HeapReAlloc(h, HEAP_ZERO_MEMORY, r, 200);
        if (wc_check(c, g != NULL, "HeapReAlloc of 100 bytes to 200 with HEAP_ZERO_MEMORY: NULL")) {
            int kept = 1, zero = 1;
            for (int i = 0; i < 100; i++) kept &= g[i] == 0x77;
            for (int i = 100; i < 200; i++) zero &= g[i] == 0;
            wc_check(c, kept && zero,
                     "a block shrunk to 100 bytes and grown to 200 with HEAP_ZERO_MEMORY: first 100 bytes %s, bytes "
                     "100..199 %s; expected kept, zero",
                     kept ? "kept" : "changed", zero ? "zero" : "not zero (the old contents came back)");
            wc_expect_int(c, HeapSize(h, 0, g), 200);
            r = g;
        }
    }
    BYTE *m = r ? HeapReAlloc(h, 0, r, 100000) : NULL;
    if (r) {
        if (wc_check(c, m != NULL, "HeapReAlloc to 100000 bytes: NULL")) {
            wc_check(c, m[0] == 0x77 && m[99] == 0x77 && m[100] == 0 && m[199] == 0,
                     "HeapReAlloc to 100000 bytes lost the contents");
            wc_expect_int(c, HeapSize(h, 0, m), 100000);
        }
    }
    /* a flag HeapFree does not name: taken, or refused as a failure is ("call GetLastError for
     * extended error information": an error is set) with the block still whole */
    SetLastError(0);
    BOOL odd = HeapFree(h, HEAP_ZERO_MEMORY, q1);
    DWORD oe = GetLastError();
    wc_check(c, odd || oe != 0, "HeapFree with HEAP_ZERO_MEMORY failed with no error set");
    if (!odd) {
        wc_expect_int(c, HeapSize(h, 0, q1), 64);
        wc_check(c, HeapFree(h, 0, q1), "HeapFree of the middle block: error %lu", (unsigned long)GetLastError());
    }
    wc_check(c, HeapFree(h, 0, NULL), "HeapFree(NULL): error %lu", (unsigned long)GetLastError());
    wc_expect_int(c, HeapSize(h, 0, q2), 64);
    BYTE *last = m ? m : r;
    if (last)
        wc_check(c, HeapFree(h, 0, last), "HeapFree of the moved block: error %lu", (unsigned long)GetLastError());
    int intact = 1;
    for (int i = 0; i < 64; i++) intact &= q2[i] == 0x22;
    wc_check(c, intact, "the last block's bytes changed while the others were freed and moved");
    wc_check(c, HeapDestroy(h), "HeapDestroy with one block left: error %lu", (unsigned long)GetLastError());
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.system-info", "S3", "#remarks", WC_MUST,
            "GetSystemInfo: pages of 4096, granularity 65536, one mask bit per processor; GetNativeSystemInfo alike",
            system_info),
    WC_CASE("S3.k32.current-process", "S3", "#remarks", WC_SHOULD,
            "GetCurrentProcess is (HANDLE)-1; CloseHandle on it succeeds and changes nothing; SwitchToThread returns",
            current_process),
    WC_CASE("S3.k32.calendar", "S3", "#remarks", WC_MUST,
            "GetSystemTime is the file time's UTC with its weekday; GetLocalTime a valid time within a day of it",
            calendar),
    WC_CASE("S3.k32.heap-blocks", "S3", "#remarks", WC_MUST,
            "HeapAlloc zeroes and aligns; HeapSize the size; HeapReAlloc keeps and zeroes growth; HeapDestroy frees",
            heap_blocks),
    WC_CASE("S3.k32.heap-limits", "S3", "#remarks", WC_MUST,
            "a fixed heap refuses 0x7FFF8 bytes without SetLastError; in-place-only HeapReAlloc fails, block unchanged",
            heap_limits),
    WC_CASE("S3.k32.heap-maximum", "S3", "#parameters", WC_MUST,
            "HeapCreate rounds dwMaximumSize up to pages: 16 pages + 1 holds a block of 16 pages + 64, not 18 pages; "
            "1 page + 1 not 4 pages; 8 pages holds 4, not 10",
            heap_maximum),
    WC_CASE("S3.k32.heap-regrow", "S3", "#remarks", WC_MUST,
            "HeapReAlloc shrink then HEAP_ZERO_MEMORY growth zeroes past the shrunken size; HeapFree of a middle "
            "block and of NULL; a moved block keeps its bytes; HeapDestroy frees the rest",
            heap_regrow),
};

WC_TABLE(wc_k32_calls, cases);
