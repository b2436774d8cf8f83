/*
 * timer_calls.c: the timers a service keeps its timeouts with: the thread pool's
 * (CreateThreadpoolTimer, SetThreadpoolTimer, SetThreadpoolTimerEx, IsThreadpoolTimerSet,
 * WaitForThreadpoolTimerCallbacks, CloseThreadpoolTimer) and kernel32's timer-queue timers
 * (CreateTimerQueue, CreateTimerQueueTimer, ChangeTimerQueueTimer, DeleteTimerQueueTimer,
 * DeleteTimerQueueEx).
 *
 * Why: a relay drops an idle connection or retries a connect from a timer callback; a timer
 * that fires twice, late forever, after it was stopped, or a delete that returns while its
 * callback still runs, is a use-after-free in the service.  Only what the pages fix is checked,
 * with bounds loose enough for a loaded machine (a callback within WC_WAIT_MS, none in 100 ms
 * after a stop).  Pages on learn.microsoft.com: "SetThreadpoolTimer function" (negative due
 * times are relative, zero or positive absolute FILETIMEs; NULL stops new callbacks, msPeriod 0
 * fires once), "SetThreadpoolTimerEx function" (TRUE when the timer was set before),
 * "IsThreadpoolTimerSet function", "WaitForThreadpoolTimerCallbacks function"
 * (fCancelPendingCallbacks drops the callbacks queued and not started), "CreateTimerQueueTimer
 * function" (the callback's TimerOrWaitFired is TRUE for a timer), "DeleteTimerQueueTimer
 * function" (INVALID_HANDLE_VALUE waits for running callbacks; NULL with a callback outstanding
 * fails with ERROR_IO_PENDING, "it is not necessary to call this function again"; an event is
 * signalled when they are done), "DeleteTimerQueueEx function".
 */
#include "cases.h"
#if !defined(_WIN32)
#include "wfpcert/sdk/threadpoolapiset.h" /* windows.h has it on Windows */
#endif

#include <string.h>

static volatile LONG fired;
static HANDLE fired_event;
static PVOID seen_ctx;
static PTP_TIMER seen_timer;

static void CALLBACK on_pool_timer(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_TIMER timer) {
    (void)inst;
    seen_ctx = ctx;
    seen_timer = timer;
    InterlockedIncrement(&fired);
    SetEvent(fired_event);
}

/* Waits up to WC_WAIT_MS for at least n callbacks; the count. */
static LONG wait_fired(LONG n) {
    for (DWORD waited = 0; fired < n && waited < WC_WAIT_MS; waited += 10) Sleep(10);
    return fired;
}

/* SetThreadpoolTimerEx is Windows 8's: looked up where the stack may lack it (wine 8.0's
 * kernel32 does not export it), so that the rest of the case still runs there. */
typedef BOOL(WINAPI *set_timer_ex_fn)(PTP_TIMER, PFILETIME, DWORD, DWORD);
static set_timer_ex_fn set_timer_ex(void) {
#if defined(_WIN32)
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    return k32 ? (set_timer_ex_fn)(void (*)(void))GetProcAddress(k32, "SetThreadpoolTimerEx") : NULL;
#else
    return SetThreadpoolTimerEx;
#endif
}

static void threadpool_timer(wc_ctx *c) {
    fired = 0;
    fired_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    PTP_TIMER t = CreateThreadpoolTimer(on_pool_timer, (PVOID)(uintptr_t)0x7100, NULL);
    if (!wc_check(c, t != NULL && fired_event != NULL, "set-up: CreateThreadpoolTimer: error %lu",
                  (unsigned long)GetLastError()))
        return;
    wc_check(c, !IsThreadpoolTimerSet(t), "IsThreadpoolTimerSet of a timer never set: TRUE");
    FILETIME due;
    /* a relative due time is a wait: 10 s ahead, nothing in the next 50 ms */
    wc_filetime_relative(&due, 10000);
    SetThreadpoolTimer(t, &due, 0, 0);
    Sleep(50);
    wc_check(c, fired == 0, "a timer due in 10 s fired %ld times within 50 ms", (long)fired);
    SetThreadpoolTimer(t, NULL, 0, 0);
    WaitForThreadpoolTimerCallbacks(t, TRUE);
    fired = 0;
    wc_filetime_relative(&due, 20);
    SetThreadpoolTimer(t, &due, 0, 0);
    wc_check(c, IsThreadpoolTimerSet(t), "IsThreadpoolTimerSet after SetThreadpoolTimer: FALSE");
    wc_expect_int(c, (int)WaitForSingleObject(fired_event, WC_WAIT_MS), WAIT_OBJECT_0);
    wc_check(c, seen_ctx == (PVOID)(uintptr_t)0x7100 && seen_timer == t,
             "the callback's context %p and timer %p; expected 0x7100 and the timer", seen_ctx, (void *)seen_timer);
    Sleep(100);
    wc_check(c, fired == 1, "a timer with msPeriod 0 fired %ld times in 100 ms after its due time; expected once",
             (long)fired);

    /* periodic, then stopped: no callback after the stop and the cancelling wait */
    fired = 0;
    wc_filetime_relative(&due, 10);
    SetThreadpoolTimer(t, &due, 20, 0);
    LONG n = wait_fired(3);
    wc_check(c, n >= 3, "a timer of period 20 ms fired %ld times in %u ms; expected 3 or more", (long)n, WC_WAIT_MS);
    set_timer_ex_fn set_ex = set_timer_ex();
    if (set_ex) {
        BOOL was = set_ex(t, NULL, 0, 0);
        wc_check(c, was, "SetThreadpoolTimerEx(NULL) of a periodic timer: FALSE; expected TRUE (it was set)");
        was = set_ex(t, NULL, 0, 0);
        wc_check(c, !was, "SetThreadpoolTimerEx(NULL) of a timer stopped: TRUE; expected FALSE");
    } else {
        wc_log(c, "kernel32 exports no SetThreadpoolTimerEx (before Windows 8; wine 8.0): stopped with "
                  "SetThreadpoolTimer, its answer not asked");
        SetThreadpoolTimer(t, NULL, 0, 0);
    }
    wc_check(c, !IsThreadpoolTimerSet(t), "IsThreadpoolTimerSet after stopping it: TRUE");
    WaitForThreadpoolTimerCallbacks(t, TRUE);
    n = fired;
    Sleep(100);
    wc_check(c, fired == n, "callbacks after the timer was stopped and its callbacks waited for: %ld more",
             (long)(fired - n));

    /* an absolute due time 30 ms ahead: fires */
    fired = 0;
    GetSystemTimeAsFileTime(&due);
    ULONGLONG at = (((ULONGLONG)due.dwHighDateTime << 32) | due.dwLowDateTime) + 300000;
    due.dwLowDateTime = (DWORD)at;
    due.dwHighDateTime = (DWORD)(at >> 32);
    SetThreadpoolTimer(t, &due, 0, 0);
    wc_check(c, wait_fired(1) == 1,
             "a timer due at an absolute time 30 ms ahead fired %ld times in %u ms; expected once", (long)fired,
             WC_WAIT_MS);
    WaitForThreadpoolTimerCallbacks(t, FALSE);
    /* an absolute due time in the past (FILETIME 0, 1601): due at once */
    fired = 0;
    memset(&due, 0, sizeof due);
    SetThreadpoolTimer(t, &due, 0, 0);
    wc_check(c, wait_fired(1) == 1, "a timer due at FILETIME 0 fired %ld times; expected once, at once", (long)fired);
    WaitForThreadpoolTimerCallbacks(t, FALSE);
    CloseThreadpoolTimer(t);
    CloseHandle(fired_event);
}

static volatile LONG queue_fired;
static PVOID queue_param;
static BOOLEAN queue_flag;
static HANDLE entered, release;

static void CALLBACK on_queue_timer(PVOID param, BOOLEAN timer_fired) {
    queue_param = param;
    queue_flag = timer_fired;
    InterlockedIncrement(&queue_fired);
}

static void CALLBACK blocking_timer(PVOID param, BOOLEAN timer_fired) {
    (void)param, (void)timer_fired;
    SetEvent(entered);
    WaitForSingleObject(release, WC_WAIT_MS);
    InterlockedIncrement(&queue_fired);
}

static DWORD WINAPI release_later(LPVOID arg) {
    (void)arg;
    Sleep(100);
    SetEvent(release);
    return 0;
}

static LONG wait_queue_fired(LONG n) {
    for (DWORD waited = 0; queue_fired < n && waited < WC_WAIT_MS; waited += 10) Sleep(10);
    return queue_fired;
}

/* A one-shot timer of q whose callback has started and waits for `release`; false (a failed
 * set-up check) when it did not start. */
static int blocking_timer_running(wc_ctx *c, HANDLE q, HANDLE *h) {
    ResetEvent(entered);
    ResetEvent(release);
    queue_fired = 0;
    BOOL ok = CreateTimerQueueTimer(h, q, blocking_timer, NULL, 1, 0, WT_EXECUTEDEFAULT);
    return wc_check(c, ok && WaitForSingleObject(entered, WC_WAIT_MS) == WAIT_OBJECT_0,
                    "set-up: a timer whose callback waits: error %lu", (unsigned long)GetLastError());
}

static void timer_queue(wc_ctx *c) {
    HANDLE h = NULL;
    queue_fired = 0;
    BOOL ok = CreateTimerQueueTimer(&h, NULL, on_queue_timer, (PVOID)(uintptr_t)0x7200, 20, 0, WT_EXECUTEDEFAULT);
    if (!wc_check(c, ok && h, "CreateTimerQueueTimer on the default queue: error %lu", (unsigned long)GetLastError()))
        return;
    wc_check(c, wait_queue_fired(1) == 1 && queue_param == (PVOID)(uintptr_t)0x7200 && queue_flag,
             "the one-shot timer's callback: %ld runs, parameter %p, TimerOrWaitFired %d; expected once, 0x7200, TRUE",
             (long)queue_fired, queue_param, (int)queue_flag);
    Sleep(100);
    wc_check(c, queue_fired == 1, "a timer of Period 0 ran %ld times; expected once", (long)queue_fired);
    wc_check(c, DeleteTimerQueueTimer(NULL, h, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer: error %lu",
             (unsigned long)GetLastError());
    /* ChangeTimerQueueTimer brings a timer due in 10 s forward to 20 ms */
    queue_fired = 0;
    ok = CreateTimerQueueTimer(&h, NULL, on_queue_timer, NULL, 10000, 0, WT_EXECUTEDEFAULT);
    if (wc_check(c, ok, "CreateTimerQueueTimer due in 10 s: error %lu", (unsigned long)GetLastError())) {
        wc_check(c, ChangeTimerQueueTimer(NULL, h, 20, 0), "ChangeTimerQueueTimer: error %lu",
                 (unsigned long)GetLastError());
        wc_check(c, wait_queue_fired(1) == 1, "a timer changed to 20 ms ran %ld times in %u ms; expected once",
                 (long)queue_fired, WC_WAIT_MS);
        DeleteTimerQueueTimer(NULL, h, INVALID_HANDLE_VALUE);
    }

    /* a queue of its own, periodic, deleted waiting: nothing after */
    HANDLE q = CreateTimerQueue();
    if (!wc_check(c, q != NULL, "CreateTimerQueue: error %lu", (unsigned long)GetLastError())) return;
    queue_fired = 0;
    ok = CreateTimerQueueTimer(&h, q, on_queue_timer, NULL, 10, 20, WT_EXECUTEDEFAULT);
    wc_check(c, ok && wait_queue_fired(3) >= 3, "a timer of Period 20 ran %ld times in %u ms; expected 3 or more",
             (long)queue_fired, WC_WAIT_MS);
    wc_check(c, ok && DeleteTimerQueueTimer(q, h, INVALID_HANDLE_VALUE),
             "DeleteTimerQueueTimer(INVALID_HANDLE_VALUE): "
             "error %lu",
             (unsigned long)GetLastError());
    LONG n = queue_fired;
    Sleep(100);
    wc_check(c, queue_fired == n, "a deleted periodic timer ran %ld more times", (long)(queue_fired - n));

    /* deleted while its callback runs: NULL fails with ERROR_IO_PENDING, and the callback finishes */
    entered = CreateEventA(NULL, TRUE, FALSE, NULL);
    release = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (blocking_timer_running(c, q, &h)) {
        SetLastError(0);
        ok = DeleteTimerQueueTimer(q, h, NULL);
        DWORD e = ok ? 0 : GetLastError();
        wc_check(c, !ok && e == ERROR_IO_PENDING,
                 "DeleteTimerQueueTimer(NULL) while the callback runs: %s, error %lu; expected FALSE, "
                 "ERROR_IO_PENDING",
                 ok ? "TRUE" : "FALSE", (unsigned long)e);
        SetEvent(release);
        wc_check(c, wait_queue_fired(1) == 1, "the running callback did not finish after the delete");
    }
    /* deleted waiting (INVALID_HANDLE_VALUE) while its callback runs: returns after it */
    if (blocking_timer_running(c, q, &h)) {
        HANDLE th = CreateThread(NULL, 0, release_later, NULL, 0, NULL);
        ok = DeleteTimerQueueTimer(q, h, INVALID_HANDLE_VALUE);
        wc_check(c, ok && queue_fired == 1,
                 "DeleteTimerQueueTimer(INVALID_HANDLE_VALUE) while the callback runs: %s, callback finished %ld "
                 "times when it returned; expected TRUE, after the callback",
                 ok ? "TRUE" : "FALSE", (long)queue_fired);
        if (th) {
            WaitForSingleObject(th, WC_WAIT_MS);
            CloseHandle(th);
        }
    }
    /* deleted with an event: signalled once the callback is done */
    HANDLE done = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (blocking_timer_running(c, q, &h)) {
        ok = DeleteTimerQueueTimer(q, h, done);
        DWORD e = ok ? 0 : GetLastError();
        wc_check(c, ok || e == ERROR_IO_PENDING, "DeleteTimerQueueTimer(event) while the callback runs: error %lu",
                 (unsigned long)e);
        wc_expect_int(c, (int)WaitForSingleObject(done, 50), WAIT_TIMEOUT);
        SetEvent(release);
        wc_expect_int(c, (int)WaitForSingleObject(done, WC_WAIT_MS), WAIT_OBJECT_0);
        wc_check(c, queue_fired == 1, "the callback ran %ld times before the delete's event; expected once",
                 (long)queue_fired);
    }
    wc_check(c, DeleteTimerQueueEx(q, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx: error %lu",
             (unsigned long)GetLastError());
    CloseHandle(done);
    CloseHandle(entered);
    CloseHandle(release);
}

/* S3 waitable timers ("CreateWaitableTimerW function": a notification timer stays signalled, a
 * synchronization timer is reset by the wait it satisfies; "SetWaitableTimer function": negative
 * due times are relative in 100 ns units, the timer not signalled once set, due again every
 * lPeriod ms, the completion routine an APC to the setting thread with its argument;
 * "CancelWaitableTimer function": inactive, its state unchanged). */
static volatile LONG apc_runs;
static LPVOID apc_arg;
static DWORD apc_high;

static void CALLBACK on_timer_apc(LPVOID arg, DWORD low, DWORD high) {
    (void)low;
    apc_arg = arg;
    apc_high = high;
    InterlockedIncrement(&apc_runs);
}

static void relative_li(LARGE_INTEGER *li, LONGLONG ms) { li->QuadPart = -ms * 10000; }

static void waitable_timer(wc_ctx *c) {
    HANDLE n = CreateWaitableTimerA(NULL, TRUE, NULL), s = CreateWaitableTimerA(NULL, FALSE, NULL);
    if (!wc_check(c, n && s, "set-up: CreateWaitableTimerA: error %lu", (unsigned long)GetLastError())) return;
    LARGE_INTEGER due;
    wc_expect_int(c, (int)WaitForSingleObject(n, 0), WAIT_TIMEOUT); /* a new timer is not signalled */
    relative_li(&due, 30);
    wc_check(c, SetWaitableTimer(n, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer(30 ms): error %lu",
             (unsigned long)GetLastError());
    wc_expect_int(c, (int)WaitForSingleObject(n, 0), WAIT_TIMEOUT);
    wc_expect_int(c, (int)WaitForSingleObject(n, WC_WAIT_MS), WAIT_OBJECT_0);
    wc_expect_int(c, (int)WaitForSingleObject(n, 0), WAIT_OBJECT_0); /* a notification timer stays signalled */
    /* set again, due in 10 s, then cancelled: not signalled, and nothing in the next 100 ms */
    relative_li(&due, 10000);
    SetWaitableTimer(n, &due, 0, NULL, NULL, FALSE);
    wc_expect_int(c, (int)WaitForSingleObject(n, 0), WAIT_TIMEOUT);
    wc_check(c, CancelWaitableTimer(n), "CancelWaitableTimer: error %lu", (unsigned long)GetLastError());
    wc_expect_int(c, (int)WaitForSingleObject(n, 100), WAIT_TIMEOUT);
    /* periodic, every 20 ms: each wait satisfied, each one resetting it */
    relative_li(&due, 10);
    wc_check(c, SetWaitableTimer(s, &due, 20, NULL, NULL, FALSE), "SetWaitableTimer(period 20): error %lu",
             (unsigned long)GetLastError());
    int got = 0;
    for (int i = 0; i < 3; i++) got += WaitForSingleObject(s, WC_WAIT_MS) == WAIT_OBJECT_0;
    wc_check(c, got == 3, "a synchronization timer of period 20 ms satisfied %d of 3 waits in turn", got);
    CancelWaitableTimer(s);
    Sleep(50);
    WaitForSingleObject(s, 0); /* a period that came before the cancel */
    wc_expect_int(c, (int)WaitForSingleObject(s, 100), WAIT_TIMEOUT);
    /* the completion routine: an APC to this thread, run by its next alertable wait */
    apc_runs = 0;
    relative_li(&due, 20);
    wc_check(c, SetWaitableTimer(n, &due, 0, on_timer_apc, (LPVOID)(uintptr_t)0x7500, FALSE),
             "SetWaitableTimer with a completion routine: error %lu", (unsigned long)GetLastError());
    DWORD r = SleepEx(WC_WAIT_MS, TRUE);
    wc_check(c, r == WAIT_IO_COMPLETION && apc_runs == 1 && apc_arg == (LPVOID)(uintptr_t)0x7500 && apc_high != 0,
             "SleepEx after a timer with a completion routine: %lu, the routine ran %ld times with %p, high part "
             "0x%lx; expected WAIT_IO_COMPLETION, once, 0x7500, a FILETIME's",
             (unsigned long)r, (long)apc_runs, apc_arg, (unsigned long)apc_high);
    SetLastError(0);
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    BOOL ok = SetWaitableTimer(ev, &due, 0, NULL, NULL, FALSE);
    wc_check(c, !ok && GetLastError() == ERROR_INVALID_HANDLE,
             "SetWaitableTimer of an event: %s, error %lu; expected FALSE, ERROR_INVALID_HANDLE", ok ? "TRUE" : "FALSE",
             (unsigned long)GetLastError());
    CloseHandle(ev);
    CloseHandle(n);
    CloseHandle(s);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.threadpool-timer", "S3", "#remarks", WC_MUST,
            "a pool timer fires once (msPeriod 0) with its context, periodically until stopped and never after "
            "WaitForThreadpoolTimerCallbacks, at once for a due time in the past; IsThreadpoolTimerSet and "
            "SetThreadpoolTimerEx say whether it is set",
            threadpool_timer),
    WC_CASE("S3.k32.timer-queue", "S3", "#remarks", WC_MUST,
            "CreateTimerQueueTimer: (Parameter, TRUE) once or every Period; DeleteTimerQueueTimer waits "
            "(INVALID_HANDLE_VALUE), fails with ERROR_IO_PENDING (NULL) or signals its event once the callback is done",
            timer_queue),
    WC_CASE(
        "S3.k32.waitable-timer", "S3", "#remarks", WC_MUST,
        "a waitable timer is signalled when due, stays so (notification) or is reset by the wait (synchronization), "
        "is due again every period, stays quiet once cancelled, and queues its completion routine as an APC",
        waitable_timer),
};

WC_TABLE(wc_timer_calls, cases);
