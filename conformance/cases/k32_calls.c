/*
 * k32_calls.c: the kernel32 calls a completion-port service makes about the machine, the
 * calendar, its memory and its text: GetSystemInfo, GetCurrentProcess, SwitchToThread,
 * GetSystemTime, GetLocalTime, GetSystemTimePreciseAsFileTime, GetComputerNameA/W, the heap
 * calls (GetProcessHeap, HeapCreate, HeapDestroy, HeapAlloc, HeapReAlloc, HeapFree, HeapSize),
 * thread local storage (TlsAlloc, TlsFree, TlsGetValue, TlsSetValue), the UTF-8 conversions
 * (MultiByteToWideChar, WideCharToMultiByte) and the environment (Get/SetEnvironmentVariable,
 * lstrlen).
 *
 * Why: a service sizes its worker threads from dwNumberOfProcessors, keeps its per-connection
 * contexts in HEAP_ZERO_MEMORY blocks and stamps its log with a SYSTEMTIME; a stack where
 * these answer otherwise than Windows documents changes what the service does before any
 * redirect IOCTL is called.  Only what the pages fix is checked (not this host's processor
 * count or time zone).  Pages on learn.microsoft.com: "GetSystemInfo function", "SYSTEM_INFO
 * structure", "GetCurrentProcess function", "SwitchToThread function", "GetSystemTime
 * function", "GetLocalTime function", "SYSTEMTIME structure", "GetSystemTimePreciseAsFileTime
 * function", "HeapAlloc function", "HeapReAlloc function", "HeapFree function", "HeapSize
 * function", "HeapCreate function", "HeapDestroy function", "GetComputerNameA function",
 * "TlsAlloc function", "TlsGetValue function", "TlsFree function", "MultiByteToWideChar
 * function", "WideCharToMultiByte function".
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L /* setenv, unsetenv, tzset */
#endif
#include "cases.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if !defined(_WIN32)
#include <unistd.h> /* sysconf */
#endif

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
#if !defined(_WIN32)
    /* The model's processors are the machine's (sysinfo_calls.c): a program that sizes its pool
     * of workers by them must get as many as it can run at once, not a made-up count. */
    if (wc_on_model(c)) {
        long host = sysconf(_SC_NPROCESSORS_ONLN);
        host = host < 1 ? 1 : host > 64 ? 64 : host;
        wc_check(c, si.dwNumberOfProcessors == (DWORD)host,
                 "dwNumberOfProcessors %lu on the model; the machine has %ld processors online (at most 64 in a group)",
                 (unsigned long)si.dwNumberOfProcessors, host);
    }
#endif
    /* Which bits: processor 0 up, with no gap, on a machine whose processors are all active; the
     * page does not promise it for every machine, so the model's answer is pinned. */
    DWORD_PTR mask = si.dwActiveProcessorMask;
    wc_model_answer(c, "GetSystemInfo.processor-mask", "%s",
                    (mask & 1) && !(mask & (mask + 1)) ? "from bit 0, no gap" : "not the low bits");
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
    wc_check(c, p != NULL && GetCurrentProcess() == p, "GetCurrentProcess: %p, then %p; expected one non-NULL value", p,
             GetCurrentProcess());
    BOOL ok = CloseHandle(p);
    wc_check(c, ok, "CloseHandle(GetCurrentProcess()): error %lu", (unsigned long)GetLastError());
    wc_check(c, GetCurrentProcess() == p, "GetCurrentProcess after CloseHandle: %p", GetCurrentProcess());
    /* "currently (HANDLE)-1" (the GetCurrentProcess page) is no promise, so the value is not
     * held against a stack; the model's own value is pinned, with what its GetCurrentThread gives */
    HANDLE th = GetCurrentThread();
    wc_model_answer(c, "GetCurrentProcess", "%s, GetCurrentThread %s", p == (HANDLE)(LONG_PTR)-1 ? "-1" : "other",
                    th == (HANDLE)(LONG_PTR)-2 ? "-2"
                    : th == p                  ? "-1"
                    : th                       ? "a handle of its own"
                                               : "NULL");
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
    SetLastError(0);
    h = HeapCreate(0, 0x2000, 0x1000); /* larger than the maximum: against the page's "must" */
    wc_model_answer(c, "HeapCreate.initial-over-maximum", "%s %lu", h ? "made" : "NULL", h ? 0ul : GetLastError());
    if (h) HeapDestroy(h);
    /* the process heap destroyed, and a block freed on a heap it is not from: on Windows a
     * corruption (no page gives an answer), so asked of the model only */
    if (wc_on_model(c) && (h = HeapCreate(0, 0, 0)) != NULL) {
        SetLastError(0);
        BOOL gone = HeapDestroy(GetProcessHeap());
        wc_model_answer(c, "HeapDestroy.process-heap", "%d %lu", (int)gone, (unsigned long)GetLastError());
        void *other = HeapAlloc(GetProcessHeap(), 0, 16);
        SetLastError(0);
        BOOL freed = other ? HeapFree(h, 0, other) : FALSE;
        wc_model_answer(c, "HeapFree.other-heap", "%d %lu", (int)freed, (unsigned long)GetLastError());
        wc_check(c, !other || HeapFree(GetProcessHeap(), 0, other),
                 "a block HeapFree refused on another heap could not be freed on its own: error %lu",
                 (unsigned long)GetLastError());
        HeapDestroy(h);
    }
    /* a heap handle after HeapDestroy: Windows reads the heap through it (an access violation),
     * the model refuses it, and a failed call says why ("HeapFree": GetLastError) */
    if (wc_on_model(c) && (h = HeapCreate(0, 0, 0)) != NULL) {
        void *gone = HeapAlloc(h, 0, 16);
        HeapDestroy(h);
        SetLastError(0);
        BOOL freed = HeapFree(h, 0, gone);
        wc_model_answer(c, "HeapFree.destroyed-heap", "%d %lu", (int)freed, (unsigned long)GetLastError());
        void *moved = HeapReAlloc(h, 0, gone, 32);
        wc_model_answer(c, "HeapReAlloc.destroyed-heap", "%s", moved ? "a block" : "NULL");
        wc_model_answer(c, "HeapSize.destroyed-heap", "%s", HeapSize(h, 0, gone) == (SIZE_T)-1 ? "-1" : "a size");
        SetLastError(0);
        BOOL again = HeapDestroy(h);
        wc_model_answer(c, "HeapDestroy.destroyed-heap", "%d %lu", (int)again, (unsigned long)GetLastError());
    }
}

/* "HeapCreate", dwMaximumSize: the function "rounds dwMaximumSize up to a multiple of the
 * system page size" and reserves that much, and a heap made with a maximum cannot grow past it;
 * "GetSystemInfo": dwPageSize is that page size.  So a maximum one byte past a page boundary
 * leaves room for a block larger than the maximum as given (it fits in the page rounded up to),
 * and still none for a block two pages beyond it.  Checked with three maxima: one byte past 16
 * pages (a block of 16 pages and 64 bytes fits, 18 pages do not), one past 1 page (2 pages
 * reserved: a small block fits, 4 pages do not) and exactly 8 pages (no rounding: a block one
 * byte past 8 pages does not fit, 4 pages do).  A block of 16 pages and 64 bytes leaves the
 * heap's own header and the block's most of a page; Windows' fits in that. */
static void heap_maximum(wc_ctx *c) {
    SYSTEM_INFO si;
    memset(&si, 0, sizeof si);
    GetSystemInfo(&si);
    SIZE_T pg = si.dwPageSize;
    if (!wc_check(c, pg >= 4096 && (pg & (pg - 1)) == 0, "GetSystemInfo: dwPageSize %lu", (unsigned long)pg)) return;
    static const struct {
        SIZE_T max_pages, max_extra, fits_pages, fits_extra, over_pages, over_extra;
    } t[] = {
        {16, 1, 16, 64, 18, 0},
        {1, 1, 0, 64, 4, 0},
        {8, 0, 4, 0, 8, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        SIZE_T max = t[i].max_pages * pg + t[i].max_extra;
        SIZE_T fits = t[i].fits_pages * pg + t[i].fits_extra, over = t[i].over_pages * pg + t[i].over_extra;
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

/* ------------------------------------------------------------- code pages */
/* "MultiByteToWideChar", "WideCharToMultiByte" with CP_UTF8: a size of 0 asks for the size
 * needed; cbMultiByte -1 counts the terminator; a buffer too small is 0 with
 * ERROR_INSUFFICIENT_BUFFER; MB_ERR_INVALID_CHARS / WC_ERR_INVALID_CHARS make invalid input
 * ERROR_NO_UNICODE_TRANSLATION, and without them it becomes U+FFFD; a character past U+FFFF is
 * a surrogate pair; CP_UTF8 takes no lpDefaultChar (ERROR_INVALID_PARAMETER) and no flags but
 * those (ERROR_INVALID_FLAGS).  What a UNICODE program does with a host name from its command
 * line before GetAddrInfoW. */
static int text_failed(wc_ctx *c, int rc, DWORD want, const char *what) {
    DWORD e = GetLastError();
    return wc_check(c, rc == 0 && e == want, "%s: %d, error %lu; expected 0 and %lu", what, rc, (unsigned long)e,
                    (unsigned long)want);
}

static void code_pages(wc_ctx *c) {
    /* "a", e-acute (2 bytes), the euro sign (3), U+1F600 (4 bytes, a surrogate pair), NUL */
    static const char utf8[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    static const WCHAR wide[] = {'a', 0xE9, 0x20AC, 0xD83D, 0xDE00, 0};
    int need = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
    wc_check(c, need == 6,
             "MultiByteToWideChar(CP_UTF8, -1) asked for its size: %d; expected 6 (a surrogate pair and "
             "the terminator included)",
             need);
    WCHAR w[16];
    memset(w, 0x5A, sizeof w);
    int got = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, 16);
    wc_check(c, got == 6 && memcmp(w, wide, sizeof wide) == 0,
             "MultiByteToWideChar(CP_UTF8) of a, e-acute, euro, U+1F600: %d units, first %04x %04x %04x %04x %04x", got,
             w[0], w[1], w[2], w[3], w[4]);
    got = MultiByteToWideChar(CP_UTF8, 0, utf8, 3, w, 16); /* "a" and e-acute, no terminator */
    wc_check(c, got == 2 && w[0] == 'a' && w[1] == 0xE9, "MultiByteToWideChar of 3 bytes: %d units; expected 2", got);
    SetLastError(0);
    text_failed(c, MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, 5), ERROR_INSUFFICIENT_BUFFER,
                "MultiByteToWideChar into 5 WCHARs of 6 needed");
    SetLastError(0);
    text_failed(c, MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xC3", 2, w, 16), ERROR_NO_UNICODE_TRANSLATION,
                "MultiByteToWideChar(MB_ERR_INVALID_CHARS) of a lead byte without its continuation");
    got = MultiByteToWideChar(CP_UTF8, 0, "a\xC3", 2, w, 16);
    wc_check(c, got == 2 && w[0] == 'a' && w[1] == 0xFFFD,
             "MultiByteToWideChar of a lead byte without its continuation: %d units, second %04x; expected U+FFFD", got,
             got > 1 ? w[1] : 0);
    /* The length ends the string, not the bytes after it: an e-acute cut after its lead byte is
     * a lead without its continuation although the next byte in memory would complete it. */
    got = MultiByteToWideChar(CP_UTF8, 0, "a\xC3\xA9", 2, w, 16);
    wc_check(c, got == 2 && w[0] == 'a' && w[1] == 0xFFFD,
             "MultiByteToWideChar of 2 bytes of \"a\" and e-acute: %d units, second %04x; expected U+FFFD (the length "
             "cuts the e-acute)",
             got, got > 1 ? w[1] : 0);
    SetLastError(0);
    text_failed(c, MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xC3\xA9", 2, w, 16),
                ERROR_NO_UNICODE_TRANSLATION,
                "MultiByteToWideChar(MB_ERR_INVALID_CHARS) of an e-acute cut by the length");
    SetLastError(0);
    text_failed(c, MultiByteToWideChar(CP_UTF8, 0x1 /* MB_PRECOMPOSED */, "a", 1, w, 16), ERROR_INVALID_FLAGS,
                "MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED)");
    SetLastError(0);
    text_failed(c, MultiByteToWideChar(CP_UTF8, 0, NULL, 1, w, 16), ERROR_INVALID_PARAMETER,
                "MultiByteToWideChar of a NULL string");
    SetLastError(0);
    text_failed(c, MultiByteToWideChar(CP_UTF8, 0, "a", 0, w, 16), ERROR_INVALID_PARAMETER,
                "MultiByteToWideChar of 0 bytes");

    need = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    wc_check(c, need == (int)sizeof utf8, "WideCharToMultiByte(CP_UTF8, -1) asked for its size: %d; expected %d", need,
             (int)sizeof utf8);
    char b[32];
    memset(b, 0x5A, sizeof b);
    got = WideCharToMultiByte(CP_UTF8, 0, wide, -1, b, (int)sizeof b, NULL, NULL);
    wc_check(c, got == (int)sizeof utf8 && memcmp(b, utf8, sizeof utf8) == 0,
             "WideCharToMultiByte(CP_UTF8) of the same text: %d bytes, or other bytes", got);
    SetLastError(0);
    text_failed(c, WideCharToMultiByte(CP_UTF8, 0, wide, -1, b, (int)sizeof utf8 - 1, NULL, NULL),
                ERROR_INSUFFICIENT_BUFFER, "WideCharToMultiByte into one byte fewer than needed");
    /* each length's first and last code point (RFC 3629 section 3), both ways */
    static const char edges8[] = "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    static const WCHAR edges16[] = {0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0xD800, 0xDC00, 0xDBFF, 0xDFFF, 0};
    memset(b, 0x5A, sizeof b);
    got = WideCharToMultiByte(CP_UTF8, 0, edges16, -1, b, (int)sizeof b, NULL, NULL);
    wc_check(c, got == (int)sizeof edges8 && memcmp(b, edges8, sizeof edges8) == 0,
             "WideCharToMultiByte(CP_UTF8) of U+007F, U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF: %d bytes, "
             "or other bytes; expected %d",
             got, (int)sizeof edges8);
    memset(w, 0x5A, sizeof w);
    got = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, edges8, -1, w, 16);
    wc_check(c, got == 10 && memcmp(w, edges16, sizeof edges16) == 0,
             "MultiByteToWideChar(CP_UTF8) of U+007F, U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF: %d units, or "
             "other units; expected 10",
             got);
    static const WCHAR lone[] = {'x', 0xD800, 'y'};
    SetLastError(0);
    text_failed(c, WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, lone, 3, b, (int)sizeof b, NULL, NULL),
                ERROR_NO_UNICODE_TRANSLATION, "WideCharToMultiByte(WC_ERR_INVALID_CHARS) of a lone surrogate");
    got = WideCharToMultiByte(CP_UTF8, 0, lone, 3, b, (int)sizeof b, NULL, NULL);
    wc_check(c, got == 5 && memcmp(b, "x\xEF\xBF\xBDy", 5) == 0,
             "WideCharToMultiByte of a lone surrogate: %d bytes; expected x, U+FFFD (EF BF BD), y", got);
    SetLastError(0);
    memset(b, 0x5A, sizeof b);
    got = WideCharToMultiByte(CP_UTF8, 0x400 /* WC_NO_BEST_FIT_CHARS */, wide, -1, b, (int)sizeof b, NULL, NULL);
    text_failed(c, got, ERROR_INVALID_FLAGS, "WideCharToMultiByte(CP_UTF8, WC_NO_BEST_FIT_CHARS)");
    if (got == 0) wc_check(c, b[0] == 0x5A, "WideCharToMultiByte refused its flags yet wrote into the buffer");
    /* MB_ERR_INVALID_CHARS refuses every invalid UTF-8 form, not only a cut-off one: an overlong
     * '/' (C0 AF), the first and the last UTF-16 surrogate written in UTF-8 (ED A0 80, ED BF BF),
     * a code point past U+10FFFF (F4 90 80 80) */
    static const char *const invalid[4] = {"\xC0\xAF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80"};
    static const char *const invalid_name[4] = {"an overlong form", "the surrogate U+D800", "the surrogate U+DFFF",
                                                "a code point past U+10FFFF"};
    for (int i = 0; i < 4; i++) {
        SetLastError(0);
        char what[96];
        snprintf(what, sizeof what, "MultiByteToWideChar(MB_ERR_INVALID_CHARS) of %s", invalid_name[i]);
        text_failed(c, MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, invalid[i], (int)strlen(invalid[i]), w, 16),
                    ERROR_NO_UNICODE_TRANSLATION, what);
    }
    /* the first and the last surrogate pair, U+10000 (D800 DC00) and U+10FFFF (DBFF DFFF), are
     * characters like any other, both ways (the ends of each surrogate range) */
    static const WCHAR ends[] = {0xD800, 0xDC00, 0xDBFF, 0xDFFF};
    static const char ends8[] = "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    SetLastError(0);
    got = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, ends, 4, b, (int)sizeof b, NULL, NULL);
    wc_check(c, got == 8 && memcmp(b, ends8, 8) == 0,
             "WideCharToMultiByte of U+10000 and U+10FFFF: %d bytes (error %lu); expected F0 90 80 80 F4 8F BF BF", got,
             got ? 0ul : (unsigned long)GetLastError());
    WCHAR back[8];
    got = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, ends8, 8, back, 8);
    wc_check(c, got == 4 && memcmp(back, ends, sizeof ends) == 0,
             "MultiByteToWideChar of U+10000 and U+10FFFF: %d characters; expected the pairs D800 DC00 DBFF DFFF", got);
    /* "WideCharToMultiByte", cchWideChar: "If this parameter is set to 0, the function fails" */
    SetLastError(0);
    text_failed(c, WideCharToMultiByte(CP_UTF8, 0, wide, 0, b, (int)sizeof b, NULL, NULL), ERROR_INVALID_PARAMETER,
                "WideCharToMultiByte of 0 characters");
    /* the code page the process runs with is the host's: the model's is pinned */
    wc_model_answer(c, "code-pages.active", "GetACP %u, GetOEMCP %u", GetACP(), GetOEMCP());
    BOOL used = FALSE;
    SetLastError(0);
    text_failed(c, WideCharToMultiByte(CP_UTF8, 0, wide, -1, b, (int)sizeof b, NULL, &used), ERROR_INVALID_PARAMETER,
                "WideCharToMultiByte(CP_UTF8) with lpUsedDefaultChar");
}

/* ------------------------------------------------------------ thread local storage */
/* "TlsAlloc": the slots of a new index are NULL in every thread; "TlsGetValue": each thread
 * sees its own value, and a successful call clears the last error; "TlsFree": the index can
 * be handed out again, its slots NULL once more.  A worker pool keeps a connection per thread
 * this way. */
typedef struct tls_probe {
    DWORD index;
    void *seen;
    DWORD error;
} tls_probe;

static DWORD WINAPI tls_other_thread(LPVOID p) {
    tls_probe *t = p;
    SetLastError(0x4242);
    t->seen = TlsGetValue(t->index);
    t->error = GetLastError();
    TlsSetValue(t->index, &t->seen); /* its own; the creator must not see it */
    return 0;
}

static void tls(wc_ctx *c) {
    DWORD i = TlsAlloc();
    if (!wc_check(c, i != TLS_OUT_OF_INDEXES, "TlsAlloc: error %lu", (unsigned long)GetLastError())) return;
    SetLastError(0x4242);
    void *v = TlsGetValue(i);
    DWORD e = GetLastError();
    wc_check(c, v == NULL && e == 0, "TlsGetValue of a new index: %p, error %lu; expected NULL and the error cleared",
             v, (unsigned long)e);
    static int mine;
    wc_check(c, TlsSetValue(i, &mine), "TlsSetValue: error %lu", (unsigned long)GetLastError());
    wc_check(c, TlsGetValue(i) == &mine, "TlsGetValue after TlsSetValue gave another value");
    /* A second index while the first is held is another slot: its own value, the first's kept. */
    DWORD i2 = TlsAlloc();
    if (wc_check(c, i2 != TLS_OUT_OF_INDEXES && i2 != i, "a second TlsAlloc while index %lu is held: %lu",
                 (unsigned long)i, (unsigned long)i2)) {
        static int theirs;
        wc_check(c,
                 TlsGetValue(i2) == NULL && TlsSetValue(i2, &theirs) && TlsGetValue(i2) == &theirs &&
                     TlsGetValue(i) == &mine,
                 "two indexes held at once do not keep a value each");
        wc_check(c, TlsFree(i2), "TlsFree of the second index: error %lu", (unsigned long)GetLastError());
    }
    tls_probe t = {i, &t, 0};
    HANDLE th = CreateThread(NULL, 0, tls_other_thread, &t, 0, NULL);
    if (wc_check(c, th != NULL, "set-up: CreateThread: error %lu", (unsigned long)GetLastError())) {
        wc_check(c, WaitForSingleObject(th, WC_WAIT_MS) == WAIT_OBJECT_0, "the TLS thread did not end");
        CloseHandle(th);
        wc_check(c, t.seen == NULL && t.error == 0,
                 "another thread's TlsGetValue of the index: %p, error %lu; expected NULL (its own slot), error 0",
                 t.seen, (unsigned long)t.error);
        wc_check(c, TlsGetValue(i) == &mine, "another thread's TlsSetValue changed this thread's value");
    }
    wc_check(c, TlsFree(i), "TlsFree: error %lu", (unsigned long)GetLastError());
    /* "TlsGetValue": "it succeeds if dwTlsIndex is in the range 0 through
     * (TLS_MINIMUM_AVAILABLE - 1)", freed or not; Windows cleared the slot at TlsFree. */
    if (i < TLS_MINIMUM_AVAILABLE) {
        SetLastError(ERROR_INVALID_HANDLE);
        void *gone = TlsGetValue(i);
        DWORD e = GetLastError();
        wc_check(c, gone == NULL && e == 0, "TlsGetValue of index %lu after TlsFree: %p, error %lu; expected NULL, 0",
                 (unsigned long)i, gone, (unsigned long)e);
        SetLastError(0);
        wc_check(c, !TlsFree(i) && GetLastError() == ERROR_INVALID_PARAMETER,
                 "a second TlsFree of index %lu: error %lu; expected FALSE and ERROR_INVALID_PARAMETER",
                 (unsigned long)i, (unsigned long)GetLastError());
    }
    SetLastError(0);
    wc_check(c, !TlsSetValue(TLS_OUT_OF_INDEXES, &mine) && GetLastError() == ERROR_INVALID_PARAMETER,
             "TlsSetValue(TLS_OUT_OF_INDEXES): error %lu; expected FALSE and ERROR_INVALID_PARAMETER",
             (unsigned long)GetLastError());
    SetLastError(0);
    wc_check(c, !TlsFree(TLS_OUT_OF_INDEXES) && GetLastError() == ERROR_INVALID_PARAMETER,
             "TlsFree(TLS_OUT_OF_INDEXES): error %lu; expected FALSE and ERROR_INVALID_PARAMETER",
             (unsigned long)GetLastError());
    /* handed out again (or another index): NULL in this thread too */
    DWORD j = TlsAlloc();
    if (wc_check(c, j != TLS_OUT_OF_INDEXES, "TlsAlloc after TlsFree: error %lu", (unsigned long)GetLastError())) {
        wc_check(c, TlsGetValue(j) == NULL, "TlsGetValue of an index allocated again: not NULL (index %lu, %s)",
                 (unsigned long)j, j == i ? "the one freed" : "another");
        TlsFree(j);
    }
    /* Every index there is ("Thread Local Storage": "The maximum number of indexes per process
     * is 1,088"): TlsAlloc runs out before a 1,089th, each index it gave is its own slot, and
     * once they are freed TlsAlloc gives one again. */
    static DWORD all[1100];
    size_t n = 0;
    DWORD k;
    /* the page: "To get extended error information, call GetLastError"; which code, and whether a
     * success leaves the last error alone, it does not say */
    int kept = 1;
    for (;;) {
        SetLastError(0x4242);
        if (n >= sizeof all / sizeof all[0] || (k = TlsAlloc()) == TLS_OUT_OF_INDEXES) break;
        kept &= GetLastError() == 0x4242;
        all[n++] = k;
    }
    wc_model_answer(c, "TlsAlloc.exhausted-error", "success %s, exhausted %lu", kept ? "kept" : "changed",
                    (unsigned long)GetLastError());
    int own = 1;
    for (size_t a = 0; a < n && own; a++) own = TlsSetValue(all[a], &all[a]);
    for (size_t a = 0; a < n && own; a++) own = TlsGetValue(all[a]) == &all[a];
    wc_check(c, n >= 1 && n <= 1088 && own,
             "TlsAlloc until TLS_OUT_OF_INDEXES: %lu indexes, each its own slot: %s; expected 1 to 1,088, yes",
             (unsigned long)n, own ? "yes" : "no");
    for (size_t a = 0; a < n; a++) TlsFree(all[a]);
    k = TlsAlloc();
    wc_check(c, k != TLS_OUT_OF_INDEXES, "TlsAlloc after every index was freed: error %lu",
             (unsigned long)GetLastError());
    if (k != TLS_OUT_OF_INDEXES) TlsFree(k);
}

/* ----------------------------------------------------------- the computer name */
/* "GetComputerNameA": nSize in characters; a buffer of MAX_COMPUTERNAME_LENGTH + 1 is always
 * enough; on success nSize gets the characters copied without the terminator; a buffer too
 * small fails with ERROR_BUFFER_OVERFLOW and nSize the size needed, terminator included. */
static void computer_name(wc_ctx *c) {
    char name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = sizeof name;
    memset(name, 0x5A, sizeof name);
    BOOL ok = GetComputerNameA(name, &n);
    if (!wc_check(c, ok && n > 0 && n <= MAX_COMPUTERNAME_LENGTH && memchr(name, 0, sizeof name) == name + n,
                  "GetComputerNameA into %u characters: %d, nSize %lu, error %lu; expected the name and its length",
                  (unsigned)sizeof name, ok, (unsigned long)n, (unsigned long)GetLastError()))
        return;
    DWORD len = n;
    WCHAR wname[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD wn = MAX_COMPUTERNAME_LENGTH + 1;
    ok = GetComputerNameW(wname, &wn);
    int same = ok && wn == len;
    for (DWORD k = 0; same && k <= len; k++) same = wname[k] == (WCHAR)(unsigned char)name[k];
    wc_check(c, same, "GetComputerNameW: %d, nSize %lu; expected the same %lu characters as GetComputerNameA", ok,
             (unsigned long)wn, (unsigned long)len);
    char small[4];
    memset(small, 0x5A, sizeof small);
    n = len; /* one short: no room for the terminator */
    SetLastError(0);
    ok = GetComputerNameA(small, &n);
    DWORD e = GetLastError();
    wc_check(c, !ok && e == ERROR_BUFFER_OVERFLOW && n == len + 1,
             "GetComputerNameA with nSize %lu for a name of %lu characters: %d, error %lu, nSize %lu; expected FALSE, "
             "ERROR_BUFFER_OVERFLOW and %lu",
             (unsigned long)len, (unsigned long)len, ok, (unsigned long)e, (unsigned long)n, (unsigned long)len + 1);
    wc_check(c, ok || (small[0] == 0x5A && small[3] == 0x5A), "GetComputerNameA failed yet wrote into the buffer");
    /* exactly the name and its terminator, ending at a guard page: it fits */
    char *edge = wt_guarded_buffer(wc_target(c), (size_t)len + 1);
    if (edge) {
        n = len + 1;
        ok = GetComputerNameA(edge, &n);
        wc_check(c, ok && n == len && memcmp(edge, name, (size_t)len + 1) == 0,
                 "GetComputerNameA into %lu characters that end at a guard page: %d, nSize %lu, error %lu; expected "
                 "the name",
                 (unsigned long)len + 1, ok, (unsigned long)n, ok ? 0ul : (unsigned long)GetLastError());
    }
    /* no nSize, or no buffer with a size that says there is one: Windows writes through them
     * (an access violation), so asked of the model only */
    if (wc_on_model(c)) {
        SetLastError(0);
        BOOL a = GetComputerNameA(name, NULL);
        DWORD ea = GetLastError();
        n = sizeof name;
        SetLastError(0);
        BOOL b = GetComputerNameA(NULL, &n);
        DWORD eb = GetLastError();
        wc_model_answer(c, "GetComputerNameA.null-pointers", "nSize NULL %d %lu, lpBuffer NULL %d %lu", a,
                        (unsigned long)ea, b, (unsigned long)eb);
    }
}

/* ------------------------------------------------------------- the environment */
/* GetEnvironmentVariableW of `name` finds nothing: 0 and ERROR_ENVVAR_NOT_FOUND. */
static void w_not_found(wc_ctx *c, const WCHAR *name, const char *what) {
    WCHAR buf[64];
    SetLastError(0);
    DWORD n = GetEnvironmentVariableW(name, buf, 64);
    DWORD e = GetLastError();
    wc_check(c, n == 0 && e == ERROR_ENVVAR_NOT_FOUND,
             "GetEnvironmentVariableW of %s: %lu, error %lu; expected 0 and ERROR_ENVVAR_NOT_FOUND (203)", what,
             (unsigned long)n, (unsigned long)e);
}

/* "SetEnvironmentVariable": sets, or with lpValue NULL deletes; "GetEnvironmentVariable": the
 * characters copied without the terminator, the size needed with it when the buffer is too
 * small, 0 and ERROR_ENVVAR_NOT_FOUND for a name that is not there; names are not case
 * sensitive on Windows (.NET's "Environment.GetEnvironmentVariable").  "lstrlenA": the
 * characters before the terminator, 0 for NULL.  A service reads its settings this way. */
static void environment(wc_ctx *c) {
    static const char name[] = "WFPCERT_CASE_SETTING", value[] = "port=8443";
    wc_check(c, SetEnvironmentVariableA(name, value), "SetEnvironmentVariableA: error %lu",
             (unsigned long)GetLastError());
    char buf[64];
    memset(buf, 0x5A, sizeof buf);
    DWORD n = GetEnvironmentVariableA("wfpcert_case_setting", buf, sizeof buf);
    wc_check(c, n == sizeof value - 1 && strcmp(buf, value) == 0,
             "GetEnvironmentVariableA of the name in lower case: %lu, \"%.20s\"; expected %u and \"%s\" (names are not "
             "case sensitive)",
             (unsigned long)n, n && n < sizeof buf ? buf : "", (unsigned)sizeof value - 1, value);
    n = GetEnvironmentVariableA(name, buf, sizeof value - 1); /* no room for the terminator */
    wc_check(c, n == sizeof value, "GetEnvironmentVariableA into %u characters: %lu; expected %u, the size needed",
             (unsigned)sizeof value - 1, (unsigned long)n, (unsigned)sizeof value);
    memset(buf, 0x5A, sizeof buf);
    n = GetEnvironmentVariableA(name, buf, sizeof value); /* exactly the text and its terminator */
    wc_check(c, n == sizeof value - 1 && strcmp(buf, value) == 0,
             "GetEnvironmentVariableA into exactly %u characters: %lu; expected %u and the text",
             (unsigned)sizeof value, (unsigned long)n, (unsigned)sizeof value - 1);
    WCHAR wname[32], wbuf[64];
    for (size_t i = 0; i < sizeof name; i++) wname[i] = (WCHAR)name[i];
    static const DWORD sizes[] = {64, sizeof value}; /* room to spare, then exactly enough */
    for (size_t k = 0; k < 2; k++) {
        DWORD size = sizes[k];
        n = GetEnvironmentVariableW(wname, wbuf, size);
        int same = n == sizeof value - 1;
        for (DWORD i = 0; same && i <= n; i++) same = wbuf[i] == (WCHAR)value[i];
        wc_check(c, same, "GetEnvironmentVariableW into %lu characters: %lu; expected %u and the same text",
                 (unsigned long)size, (unsigned long)n, (unsigned)sizeof value - 1);
    }
    n = GetEnvironmentVariableW(wname, wbuf, sizeof value - 1);
    wc_check(c, n == sizeof value, "GetEnvironmentVariableW into %u characters: %lu; expected %u, the size needed",
             (unsigned)sizeof value - 1, (unsigned long)n, (unsigned)sizeof value);
    wc_check(c, SetEnvironmentVariableA(name, NULL), "SetEnvironmentVariableA(NULL) to delete: error %lu",
             (unsigned long)GetLastError());
    SetLastError(0);
    n = GetEnvironmentVariableA(name, buf, sizeof buf);
    DWORD e = GetLastError();
    wc_check(
        c, n == 0 && e == ERROR_ENVVAR_NOT_FOUND,
        "GetEnvironmentVariableA of a deleted variable: %lu, error %lu; expected 0 and ERROR_ENVVAR_NOT_FOUND (203)",
        (unsigned long)n, (unsigned long)e);
    /* the W form stores what the A form reads back in the process's code page: only the W read
     * is the same on every host (e-acute and the euro sign) */
    static const WCHAR wide[] = {0xE9, 0x20AC, 0};
    wc_check(c, SetEnvironmentVariableW(wname, wide), "SetEnvironmentVariableW: error %lu",
             (unsigned long)GetLastError());
    memset(wbuf, 0x5A, sizeof wbuf);
    n = GetEnvironmentVariableW(wname, wbuf, 64);
    wc_check(c, n == 2 && memcmp(wbuf, wide, sizeof wide) == 0,
             "GetEnvironmentVariableW of a value set with SetEnvironmentVariableW: %lu, first %04x %04x; expected 2, "
             "00e9 20ac",
             (unsigned long)n, wbuf[0], wbuf[1]);
    /* an empty value is a value (Wine's kernel32 tests as run on Windows: "should not fail with empty
     * value"; read back, 0 characters, an empty text and the last error untouched) (mutants 191-8,
     * 190-6) */
    static const WCHAR empty[] = {0};
    BOOL set_empty = SetEnvironmentVariableW(wname, empty);
    DWORD set_err = set_empty ? 0 : GetLastError();
    memset(buf, 0x5A, sizeof buf);
    SetLastError(0xdeadbeef);
    n = set_empty ? GetEnvironmentVariableA(name, buf, sizeof buf) : 1;
    DWORD get_err = GetLastError();
    wc_check(c, set_empty && n == 0 && buf[0] == '\0' && get_err == 0xdeadbeef,
             "SetEnvironmentVariableW to an empty value: %s (error %lu), then GetEnvironmentVariableA %lu, first byte "
             "0x%02x, last error 0x%lx; expected TRUE, then 0, an empty text and the last error as it was",
             set_empty ? "TRUE" : "FALSE", (unsigned long)set_err, (unsigned long)n, (unsigned char)buf[0],
             (unsigned long)get_err);
    wc_check(c, SetEnvironmentVariableW(wname, NULL), "SetEnvironmentVariableW(NULL) to delete: error %lu",
             (unsigned long)GetLastError());
    w_not_found(c, wname, "a variable SetEnvironmentVariableW deleted");
    /* a long name nobody set (1,500 characters; a variable's name may be as long as its value,
     * 32,767): not found, like any other */
    static WCHAR longname[1501];
    for (size_t i = 0; i < 1500; i++) longname[i] = (WCHAR)('A' + i % 26);
    w_not_found(c, longname, "a 1,500-character name nobody set");
    /* and set, it is read back and deleted like any other (the model once refused names past
     * 1,023 bytes) */
    wc_check(c, SetEnvironmentVariableW(longname, wide), "SetEnvironmentVariableW of a 1,500-character name: error %lu",
             (unsigned long)GetLastError());
    memset(wbuf, 0x5A, sizeof wbuf);
    n = GetEnvironmentVariableW(longname, wbuf, 64);
    wc_check(c, n == 2 && memcmp(wbuf, wide, sizeof wide) == 0,
             "GetEnvironmentVariableW of the 1,500-character name: %lu; expected 2", (unsigned long)n);
    SetEnvironmentVariableW(longname, NULL);
    w_not_found(c, longname, "the 1,500-character name deleted");
    /* no name at all: which error, the pages do not say (wine answers ERROR_ENVVAR_NOT_FOUND for
     * the W form, its old tests recorded ERROR_INVALID_PARAMETER for the A form); pinned */
    SetLastError(0);
    BOOL set_null = SetEnvironmentVariableW(NULL, wide);
    wc_model_answer(c, "SetEnvironmentVariableW.null-name", "%s %lu", set_null ? "TRUE" : "FALSE",
                    (unsigned long)GetLastError());
    /* an empty name, and one with '=' past its first character, are no names (wine's
     * RtlSetEnvironmentVariable; a leading '=' names the per-drive directories, "=C:") */
    static const char *const bad[] = {"", "WFPCERT_CASE=SETTING"};
    for (size_t i = 0; i < 2; i++) {
        SetLastError(0);
        BOOL ok = SetEnvironmentVariableA(bad[i], "x");
        e = GetLastError();
        wc_check(c, !ok && e == ERROR_INVALID_PARAMETER,
                 "SetEnvironmentVariableA(\"%s\"): %s, error %lu; expected FALSE and ERROR_INVALID_PARAMETER (87)",
                 bad[i], ok ? "TRUE" : "FALSE", (unsigned long)e);
    }
    /* and what is no name is no variable either: 0 with ERROR_ENVVAR_NOT_FOUND */
    for (size_t i = 0; i < 2; i++) {
        SetLastError(0);
        memset(buf, 0x5A, sizeof buf);
        n = GetEnvironmentVariableA(bad[i], buf, sizeof buf);
        e = GetLastError();
        wc_check(c, n == 0 && e == ERROR_ENVVAR_NOT_FOUND && buf[0] == 0x5A,
                 "GetEnvironmentVariableA(\"%s\"): %lu, error %lu; expected 0 and ERROR_ENVVAR_NOT_FOUND (203), the "
                 "buffer untouched",
                 bad[i], (unsigned long)n, (unsigned long)e);
    }
    n = GetEnvironmentVariableA("WFPCERT_CASE", buf, sizeof buf);
    wc_check(c, n == 0, "a refused SetEnvironmentVariableA(\"WFPCERT_CASE=SETTING\") set WFPCERT_CASE (%lu characters)",
             (unsigned long)n);
    wc_check(
        c, lstrlenA(value) == (int)sizeof value - 1 && lstrlenA(NULL) == 0 && lstrlenW(wname) == (int)sizeof name - 1,
        "lstrlenA(\"%s\") %d, lstrlenA(NULL) %d, lstrlenW %d", value, lstrlenA(value), lstrlenA(NULL), lstrlenW(wname));
}

/* S3 ("LocalAlloc", "GlobalAlloc": LPTR and GPTR are fixed, zero-initialized memory, and the
 * value returned is the pointer; "LocalFree" and "GlobalFree" return NULL when they succeed;
 * "lstrcpyA" and "lstrcatA" return the destination; "IsDebuggerPresent": nonzero only under a
 * debugger, which a test run has not).  The old heaps are still what a service's helper
 * libraries and FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER) use. */
static void local_heap(wc_ctx *c) {
    unsigned char *l = LocalAlloc(LPTR, 64), *g = GlobalAlloc(GPTR, 64);
    int zero = l && g;
    for (int i = 0; zero && i < 64; i++) zero = l[i] == 0 && g[i] == 0;
    wc_check(c, zero, "LocalAlloc(LPTR, 64) %p and GlobalAlloc(GPTR, 64) %p: expected zeroed blocks", (void *)l,
             (void *)g);
    if (l) memset(l, 0xA5, 64);
    if (g) memset(g, 0x5A, 64);
    void *lf = l ? LocalFree(l) : NULL, *gf = g ? GlobalFree(g) : NULL;
    wc_check(c, lf == NULL && gf == NULL, "LocalFree and GlobalFree of their blocks: %p, %p; expected NULL, NULL", lf,
             gf);
    char buf[32];
    char *r1 = lstrcpyA(buf, "proxy");
    char *r2 = lstrcatA(buf, "-one");
    wc_check(c, r1 == buf && r2 == buf && strcmp(buf, "proxy-one") == 0,
             "lstrcpyA then lstrcatA: \"%s\", returns %s; expected \"proxy-one\" and the destination both times", buf,
             r1 == buf && r2 == buf ? "the destination" : "something else");
    /* the lstrcat page: it catches the fault of a bad pointer and "returns NULL" (mutant 191-3) */
    char *r3 = lstrcatA(buf, NULL);
    wc_check(c, r3 == NULL && strcmp(buf, "proxy-one") == 0,
             "lstrcatA(buf, NULL): %s, buf \"%s\"; expected NULL and the destination as it was",
             r3 ? "not NULL" : "NULL", buf);
    wc_check(c, !IsDebuggerPresent(), "IsDebuggerPresent says a debugger is attached to a test run");
    /* a movable block needs a handle table the model does not keep: its answer pinned */
    if (wc_on_model(c)) {
        SetLastError(0);
        HLOCAL m = LocalAlloc(LMEM_MOVEABLE, 16);
        DWORD e = GetLastError();
        wc_model_answer(c, "LocalAlloc.moveable", "%s %lu", m ? "made" : "NULL", (unsigned long)e);
        if (m) LocalFree(m);
    }
}

/* "ExpandEnvironmentStringsA function": each %NAME% of a variable that is set becomes its value;
 * the answer is the characters stored with the terminator, or the size needed for a buffer too
 * small; a name that is not set stays as written (Wine's kernel32 tests as run on Windows).  A
 * service expands the paths of its configuration this way ("%ProgramData%\\vendor\\proxy.log"). */
static void expand_environment(wc_ctx *c) {
    static const char src[] = "%wfpcert_case_dir%\\vendor;%WFPCERT_CASE_UNSET_XYZ%;100%";
    static const char want[] = "C:\\data\\vendor;%WFPCERT_CASE_UNSET_XYZ%;100%";
    if (!wc_check(c, SetEnvironmentVariableA("WFPCERT_CASE_DIR", "C:\\data"), "set-up: SetEnvironmentVariableA: %lu",
                  (unsigned long)GetLastError()))
        return;
    char out[128];
    memset(out, 0x5A, sizeof out);
    DWORD need = ExpandEnvironmentStringsA(src, NULL, 0);
    DWORD n = ExpandEnvironmentStringsA(src, out, sizeof out);
    wc_check(c, need == sizeof want && n == sizeof want && strcmp(out, want) == 0,
             "ExpandEnvironmentStringsA: %lu with no buffer, then %lu and \"%.60s\"; expected %u both times and \"%s\"",
             (unsigned long)need, (unsigned long)n, n && n <= sizeof out ? out : "", (unsigned)sizeof want, want);
    n = ExpandEnvironmentStringsA(src, out, 8);
    wc_check(c, n == sizeof want, "ExpandEnvironmentStringsA into 8 characters: %lu; expected %u, the size needed",
             (unsigned long)n, (unsigned)sizeof want);
    memset(out, 0x5A, sizeof out); /* one character short: nothing past the buffer is written */
    n = ExpandEnvironmentStringsA(src, out, sizeof want - 1);
    wc_check(c, n == sizeof want && (unsigned char)out[sizeof want - 1] == 0x5A,
             "ExpandEnvironmentStringsA into %u characters, one short: %lu, the byte after the buffer %s; expected %u "
             "and that byte as it was",
             (unsigned)sizeof want - 1, (unsigned long)n,
             (unsigned char)out[sizeof want - 1] == 0x5A ? "untouched" : "written", (unsigned)sizeof want);
    WCHAR wout[128];
    wchar_t wsrc[sizeof src];
    for (size_t i = 0; i < sizeof src; i++) wsrc[i] = (wchar_t)(unsigned char)src[i];
    n = ExpandEnvironmentStringsW(wsrc, wout, 128);
    int same = n == sizeof want;
    for (size_t i = 0; same && i < sizeof want; i++) same = wout[i] == (WCHAR)(unsigned char)want[i];
    wc_check(c, same, "ExpandEnvironmentStringsW: %lu; expected %u and the same text", (unsigned long)n,
             (unsigned)sizeof want);
    SetEnvironmentVariableA("WFPCERT_CASE_DIR", NULL);
}

/* "timeGetTime function": the milliseconds since the system started, the count GetTickCount gives;
 * "timeBeginPeriod function", "timeEndPeriod function": TIMERR_NOERROR for a period within
 * timeGetDevCaps' range, TIMERR_NOCANDO outside it; "timeGetDevCaps function": TIMERR_NOCANDO for
 * a NULL structure or a wrong size.  A client that paces its sends or a game loop runs on these. */
static void multimedia_timer(wc_ctx *c) {
    TIMECAPS caps;
    memset(&caps, 0, sizeof caps);
    MMRESULT r = timeGetDevCaps(&caps, sizeof caps);
    wc_check(c, r == MMSYSERR_NOERROR && caps.wPeriodMin >= 1 && caps.wPeriodMin <= caps.wPeriodMax,
             "timeGetDevCaps: %u, periods %u to %u; expected MMSYSERR_NOERROR and a range from at least 1", (unsigned)r,
             caps.wPeriodMin, caps.wPeriodMax);
    MMRESULT bad = timeGetDevCaps(NULL, sizeof caps), bad2 = timeGetDevCaps(&caps, 1);
    wc_check(c, bad == TIMERR_NOCANDO && bad2 == TIMERR_NOCANDO,
             "timeGetDevCaps with NULL: %u, with size 1: %u; expected TIMERR_NOCANDO (97) both", (unsigned)bad,
             (unsigned)bad2);
    UINT p = caps.wPeriodMin ? caps.wPeriodMin : 1;
    MMRESULT b = timeBeginPeriod(p), e = timeEndPeriod(p), z = timeBeginPeriod(0);
    wc_check(c, b == TIMERR_NOERROR && e == TIMERR_NOERROR && z == TIMERR_NOCANDO,
             "timeBeginPeriod(%u): %u, timeEndPeriod: %u, timeBeginPeriod(0): %u; expected 0, 0, TIMERR_NOCANDO", p,
             (unsigned)b, (unsigned)e, (unsigned)z);
    /* the same count: side by side, and again once GetTickCount has moved on by 50 ms or more
     * (a busy wait: in the model's virtual time a Sleep ends at once) */
    DWORD t0 = timeGetTime(), k0 = GetTickCount(), k1 = k0;
    for (int spins = 0; k1 - k0 < 50 && spins < 100000000; spins++) k1 = GetTickCount();
    DWORD t1 = timeGetTime();
    long apart = (long)(int32_t)(t0 - k0), moved = (long)(t1 - t0);
    wc_check(c, apart > -1000 && apart < 1000 && moved >= 40 && moved < 5000,
             "timeGetTime %lu beside GetTickCount %lu, and %ld ms while GetTickCount moved %lu; expected the same "
             "count within a second, moving with it",
             (unsigned long)t0, (unsigned long)k0, moved, (unsigned long)(k1 - k0));
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.system-info", "S3", "#remarks", WC_MUST,
            "GetSystemInfo: pages of 4096, granularity 65536, one mask bit per processor; GetNativeSystemInfo alike",
            system_info),
    WC_CASE("S3.k32.current-process", "S3", "#remarks", WC_MUST,
            "GetCurrentProcess gives one pseudo-handle; CloseHandle on it succeeds and changes nothing; SwitchToThread "
            "returns",
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
    WC_CASE("S3.k32.code-pages", "S3", "#remarks", WC_MUST,
            "MultiByteToWideChar and WideCharToMultiByte with CP_UTF8: sizes asked for, surrogate pairs, a buffer too "
            "small, invalid input as U+FFFD or an error with the flag, flags and default characters refused",
            code_pages),
    WC_CASE("S3.k32.tls", "S3", "#remarks", WC_MUST,
            "TlsAlloc gives NULL slots in every thread; TlsGetValue clears the error and is per thread; TlsFree, then "
            "a new index is NULL again",
            tls),
    WC_CASE("S3.k32.computer-name", "S3", "#remarks", WC_MUST,
            "GetComputerNameA/W: the name and its length; one character short: ERROR_BUFFER_OVERFLOW and the size "
            "needed",
            computer_name),
    WC_CASE("S3.k32.multimedia-timer", "S3", "#remarks", WC_MUST,
            "timeGetTime counts as GetTickCount does and moves with it; timeBeginPeriod/timeEndPeriod take a "
            "period in timeGetDevCaps' range and refuse 0 with TIMERR_NOCANDO; timeGetDevCaps refuses NULL and a wrong "
            "size",
            multimedia_timer),
    WC_CASE("S3.k32.expand-environment", "S3", "#remarks", WC_MUST,
            "ExpandEnvironmentStringsA/W: a set variable's value for its %NAME% (any case), an unset one and a lone "
            "'%' as written; the characters with the terminator, or the size needed for no buffer or a short one",
            expand_environment),
    WC_CASE("S3.k32.environment", "S3", "#remarks", WC_MUST,
            "Set/GetEnvironmentVariableA/W: names without regard to case, the size needed for a buffer too small, "
            "deleted with NULL (then ERROR_ENVVAR_NOT_FOUND); lstrlenA/W",
            environment),
    WC_CASE("S3.k32.local-heap", "S3", "#remarks", WC_MUST,
            "LocalAlloc(LPTR) and GlobalAlloc(GPTR): zeroed fixed blocks, LocalFree and GlobalFree NULL; lstrcpyA and "
            "lstrcatA return the destination; IsDebuggerPresent FALSE",
            local_heap),
};

WC_TABLE(wc_k32_calls, cases);
