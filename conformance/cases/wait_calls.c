/*
 * wait_calls.c: the thread pool's waits and work items a service reacts with: the legacy
 * RegisterWaitForSingleObject, UnregisterWait, UnregisterWaitEx and QueueUserWorkItem, and the
 * thread pool's CreateThreadpoolWait, SetThreadpoolWait, WaitForThreadpoolWaitCallbacks and
 * CloseThreadpoolWait.
 *
 * Why: a server that selects its sockets' events with WSAEventSelect often has the pool wait
 * for the event instead of a thread of its own, and hands slow work to QueueUserWorkItem.  A
 * wait that calls back twice for one signal, never resets an auto-reset event (so it calls back
 * forever), calls back after it was unregistered, or an unregister that returns while its
 * callback still runs, is a double handling or a use-after-free in the service.  Only what the
 * pages fix is checked, with bounds loose enough for a loaded machine (a callback within
 * WC_WAIT_MS, none in 100 ms when none is due).  Pages on learn.microsoft.com:
 * "RegisterWaitForSingleObject function" (the callback is queued when the object is signalled or
 * the time-out elapses; the timer is reset each time unless WT_EXECUTEONLYONCE; "The function
 * modifies the state of some types of synchronization objects": a semaphore's count drops by
 * one), "WaitOrTimerCallback callback function" (TimerOrWaitFired TRUE for a time-out, FALSE for a
 * signal), "UnregisterWaitEx function" (INVALID_HANDLE_VALUE waits for all callbacks to
 * complete), "UnregisterWait function" (with a callback not completed it fails with
 * ERROR_IO_PENDING, which "does not indicate that the function has failed"),
 * "QueueUserWorkItem function", "SetThreadpoolWait function" (WAIT_OBJECT_0 or WAIT_TIMEOUT; "you
 * must re-register the event with the wait object before signaling it each time"; a NULL handle
 * stops new callbacks), "WaitForThreadpoolWaitCallbacks function".
 */
#include "cases.h"
#if !defined(_WIN32)
#include "wfpcert/sdk/threadpoolapiset.h" /* windows.h has it on Windows */
#endif

#include <stdbool.h>
#include <string.h>

static volatile LONG calls, timeouts;
static PVOID seen_ctx;
static HANDLE entered, release;

static void CALLBACK on_wait(PVOID ctx, BOOLEAN timed_out) {
    seen_ctx = ctx;
    if (timed_out) InterlockedIncrement(&timeouts);
    InterlockedIncrement(&calls);
}

static void CALLBACK blocking_wait(PVOID ctx, BOOLEAN timed_out) {
    (void)ctx, (void)timed_out;
    SetEvent(entered);
    WaitForSingleObject(release, WC_WAIT_MS);
    InterlockedIncrement(&calls);
}

/* Waits up to WC_WAIT_MS for at least n callbacks; the count. */
static LONG wait_calls(LONG n) {
    for (DWORD waited = 0; calls < n && waited < WC_WAIT_MS; waited += 10) Sleep(10);
    return calls;
}

/* Unregisters h and waits for its callbacks; a check that it did. */
static void unregister_waiting(wc_ctx *c, HANDLE h) {
    wc_check(c, UnregisterWaitEx(h, INVALID_HANDLE_VALUE), "UnregisterWaitEx(INVALID_HANDLE_VALUE): error %lu",
             (unsigned long)GetLastError());
}

/* A wait on an event, signalled twice, then on a socket's event as a WSAEventSelect server
 * has it. */
static void signals(wc_ctx *c, HANDLE ev) {
    HANDLE h = NULL;
    calls = timeouts = 0;
    BOOL ok = RegisterWaitForSingleObject(&h, ev, on_wait, (PVOID)(uintptr_t)0x7300, INFINITE, WT_EXECUTEDEFAULT);
    if (!wc_check(c, ok && h, "RegisterWaitForSingleObject(auto-reset event, INFINITE): error %lu",
                  (unsigned long)GetLastError()))
        return;
    Sleep(50);
    wc_check(c, calls == 0, "a wait on an event never signalled called back %ld times in 50 ms", (long)calls);
    SetEvent(ev);
    wc_check(c, wait_calls(1) == 1 && seen_ctx == (PVOID)(uintptr_t)0x7300 && timeouts == 0,
             "after SetEvent: %ld callbacks (%ld timed out), context %p; expected one, TimerOrWaitFired FALSE, 0x7300",
             (long)calls, (long)timeouts, seen_ctx);
    Sleep(100);
    wc_check(c, calls == 1, "one SetEvent of an auto-reset event: %ld callbacks; expected one (the wait resets it)",
             (long)calls);
    wc_expect_int(c, (int)WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    SetEvent(ev);
    wc_check(c, wait_calls(2) == 2, "a second SetEvent: %ld callbacks in all; expected two (the wait goes on)",
             (long)calls);
    unregister_waiting(c, h);
    SetEvent(ev);
    Sleep(100);
    wc_check(c, calls == 2, "a SetEvent after UnregisterWaitEx: %ld callbacks in all; expected still two", (long)calls);
    wc_expect_int(c, (int)WaitForSingleObject(ev, 0), WAIT_OBJECT_0); /* nobody waits for it now */
}

/* What a WSAEventSelect server's callback does: asks the socket what happened, which resets
 * the (manual-reset) event, so the wait does not call back again for the same byte. */
static SOCKET event_socket;
static WSAEVENT socket_ev;
static volatile LONG read_seen;

static void CALLBACK on_socket_event(PVOID ctx, BOOLEAN timed_out) {
    (void)ctx;
    WSANETWORKEVENTS ne;
    memset(&ne, 0, sizeof ne);
    if (timed_out) InterlockedIncrement(&timeouts);
    if (WSAEnumNetworkEvents(event_socket, socket_ev, &ne) == 0 && (ne.lNetworkEvents & FD_READ))
        InterlockedIncrement(&read_seen);
    InterlockedIncrement(&calls);
}

static void socket_event(wc_ctx *c) {
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    WSAEVENT ev = WSACreateEvent();
    HANDLE h = NULL;
    calls = timeouts = read_seen = 0;
    event_socket = sv;
    socket_ev = ev;
    if (wc_check(c, ev != WSA_INVALID_EVENT && WSAEventSelect(sv, ev, FD_READ) == 0, "set-up: WSAEventSelect: %d",
                 WSAGetLastError()) &&
        wc_check(c, RegisterWaitForSingleObject(&h, ev, on_socket_event, NULL, INFINITE, WT_EXECUTEDEFAULT),
                 "RegisterWaitForSingleObject(a WSAEventSelect event): error %lu", (unsigned long)GetLastError())) {
        wc_check(c, send(cl, "w", 1, 0) == 1, "set-up: send: %d", WSAGetLastError());
        wc_check(c, wait_calls(1) >= 1, "a byte to a socket whose FD_READ event the pool waits for: no callback");
        Sleep(100);
        wc_check(c, read_seen == 1 && timeouts == 0,
                 "callbacks that found FD_READ: %ld of %ld (%ld timed out); expected exactly one "
                 "(WSAEnumNetworkEvents reset the event), none timed out",
                 (long)read_seen, (long)calls, (long)timeouts);
        unregister_waiting(c, h);
    }
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    closesocket(cl);
    closesocket(sv);
}

/* Time-outs: every dwMilliseconds while unsignalled, once with WT_EXECUTEONLYONCE. */
static void timeouts_and_once(wc_ctx *c, HANDLE ev) {
    HANDLE h = NULL;
    calls = timeouts = 0;
    BOOL ok = RegisterWaitForSingleObject(&h, ev, on_wait, NULL, 20, WT_EXECUTEDEFAULT);
    if (wc_check(c, ok, "RegisterWaitForSingleObject(20 ms): error %lu", (unsigned long)GetLastError())) {
        LONG n = wait_calls(3);
        wc_check(c, n >= 3 && timeouts == n,
                 "a 20 ms time-out on an event never signalled: %ld callbacks, %ld with TimerOrWaitFired TRUE in %u "
                 "ms; expected 3 or more, all TRUE",
                 (long)n, (long)timeouts, WC_WAIT_MS);
        /* and restarted each time, not due again at once: no more than one per 20 ms (and 3 to spare) */
        DWORD t0 = GetTickCount();
        n = calls;
        Sleep(100);
        LONG more = calls - n, most = (LONG)((GetTickCount() - t0) / 20) + 3;
        wc_check(c, more <= most, "a 20 ms time-out called back %ld times in %lu ms; expected at most %ld", (long)more,
                 (unsigned long)(GetTickCount() - t0), (long)most);
        unregister_waiting(c, h);
    }
    calls = timeouts = 0;
    ok = RegisterWaitForSingleObject(&h, ev, on_wait, NULL, INFINITE, WT_EXECUTEONLYONCE);
    if (wc_check(c, ok, "RegisterWaitForSingleObject(WT_EXECUTEONLYONCE): error %lu", (unsigned long)GetLastError())) {
        SetEvent(ev);
        wc_check(c, wait_calls(1) == 1, "WT_EXECUTEONLYONCE, signalled: %ld callbacks; expected one", (long)calls);
        SetEvent(ev);
        Sleep(100);
        wc_check(c, calls == 1, "WT_EXECUTEONLYONCE, signalled again: %ld callbacks in all; expected still one",
                 (long)calls);
        unregister_waiting(c, h);
        ResetEvent(ev);
    }
}

/* A semaphore: each callback takes one count, as a wait does. */
static void semaphore(wc_ctx *c) {
    HANDLE sem = CreateSemaphoreA(NULL, 0, 10, NULL);
    HANDLE h = NULL;
    calls = timeouts = 0;
    if (!wc_check(c, sem && RegisterWaitForSingleObject(&h, sem, on_wait, NULL, INFINITE, WT_EXECUTEDEFAULT),
                  "RegisterWaitForSingleObject(a semaphore): error %lu", (unsigned long)GetLastError())) {
        if (sem) CloseHandle(sem);
        return;
    }
    ReleaseSemaphore(sem, 3, NULL);
    wc_check(c, wait_calls(3) == 3, "a semaphore released by 3: %ld callbacks; expected 3", (long)calls);
    Sleep(100);
    bool drained = WaitForSingleObject(sem, 0) == WAIT_TIMEOUT;
    wc_check(c, calls == 3 && drained, "after 3 callbacks: %ld callbacks in all, the count %s; expected 3, and 0 left",
             (long)calls, drained ? "0" : "above 0");
    unregister_waiting(c, h);
    CloseHandle(sem);
}

/* Unregistered while its callback runs: without waiting it fails with ERROR_IO_PENDING and the
 * callback finishes; waiting, it returns after the callback. */
static void unregister_running(wc_ctx *c, HANDLE ev) {
    entered = CreateEventA(NULL, TRUE, FALSE, NULL);
    release = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int waiting = 0; waiting < 2; waiting++) {
        HANDLE h = NULL;
        calls = 0;
        ResetEvent(entered);
        ResetEvent(release);
        BOOL ok = RegisterWaitForSingleObject(&h, ev, blocking_wait, NULL, INFINITE, WT_EXECUTEONLYONCE);
        SetEvent(ev);
        if (!wc_check(c, ok && WaitForSingleObject(entered, WC_WAIT_MS) == WAIT_OBJECT_0,
                      "set-up: a wait whose callback blocks: error %lu", (unsigned long)GetLastError()))
            break;
        if (!waiting) {
            SetLastError(0);
            ok = UnregisterWait(h);
            DWORD e = ok ? 0 : GetLastError();
            wc_check(c, !ok && e == ERROR_IO_PENDING,
                     "UnregisterWait while the callback runs: %s, error %lu; expected FALSE, ERROR_IO_PENDING",
                     ok ? "TRUE" : "FALSE", (unsigned long)e);
            SetEvent(release);
            wc_check(c, wait_calls(1) == 1, "the running callback did not finish after UnregisterWait");
        } else {
            SetEvent(release); /* the callback waits at most WC_WAIT_MS: set it early, the wait still follows */
            ok = UnregisterWaitEx(h, INVALID_HANDLE_VALUE);
            wc_check(c, ok && calls == 1,
                     "UnregisterWaitEx(INVALID_HANDLE_VALUE) while the callback runs: %s, the callback finished %ld "
                     "times when it returned; expected TRUE, after the callback",
                     ok ? "TRUE" : "FALSE", (long)calls);
        }
    }
    CloseHandle(entered);
    CloseHandle(release);
}

static void register_wait(wc_ctx *c) {
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    if (!wc_check(c, ev != NULL, "set-up: CreateEvent: error %lu", (unsigned long)GetLastError())) return;
    signals(c, ev);
    ResetEvent(ev);
    socket_event(c);
    timeouts_and_once(c, ev);
    semaphore(c);
    unregister_running(c, ev);
    CloseHandle(ev);
}

static volatile LONG pool_calls;
static TP_WAIT_RESULT seen_result;
static PTP_WAIT seen_wait;

static void CALLBACK on_pool_wait(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WAIT wait, TP_WAIT_RESULT result) {
    (void)inst;
    seen_ctx = ctx;
    seen_wait = wait;
    seen_result = result;
    InterlockedIncrement(&pool_calls);
}

static LONG wait_pool_calls(LONG n) {
    for (DWORD waited = 0; pool_calls < n && waited < WC_WAIT_MS; waited += 10) Sleep(10);
    return pool_calls;
}

static void threadpool_wait(wc_ctx *c) {
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    PTP_WAIT w = CreateThreadpoolWait(on_pool_wait, (PVOID)(uintptr_t)0x7400, NULL);
    if (!wc_check(c, ev && w, "set-up: CreateThreadpoolWait: error %lu", (unsigned long)GetLastError())) return;
    pool_calls = 0;
    SetThreadpoolWait(w, ev, NULL);
    Sleep(50);
    wc_check(c, pool_calls == 0, "a pool wait on an event never signalled called back %ld times", (long)pool_calls);
    SetEvent(ev);
    wc_check(c,
             wait_pool_calls(1) == 1 && seen_result == WAIT_OBJECT_0 && seen_ctx == (PVOID)(uintptr_t)0x7400 &&
                 seen_wait == w,
             "after SetEvent: %ld callbacks, result %lu, context %p; expected one, WAIT_OBJECT_0, 0x7400 and the wait",
             (long)pool_calls, (unsigned long)seen_result, seen_ctx);
    SetEvent(ev); /* not set again: no callback, and the event stays signalled */
    Sleep(100);
    wc_check(c, pool_calls == 1, "a second SetEvent without SetThreadpoolWait: %ld callbacks in all; expected one",
             (long)pool_calls);
    wc_expect_int(c, (int)WaitForSingleObject(ev, 0), WAIT_OBJECT_0);

    FILETIME due;
    wc_filetime_relative(&due, 20);
    pool_calls = 0;
    SetThreadpoolWait(w, ev, &due);
    wc_check(c, wait_pool_calls(1) == 1 && seen_result == WAIT_TIMEOUT,
             "a 20 ms time-out: %ld callbacks, result %lu; expected one, WAIT_TIMEOUT (258)", (long)pool_calls,
             (unsigned long)seen_result);
    Sleep(100);
    wc_check(c, pool_calls == 1, "after its time-out a pool wait called back %ld times; expected once",
             (long)pool_calls);

    wc_filetime_relative(&due, 10000);
    pool_calls = 0;
    SetThreadpoolWait(w, ev, &due);
    SetThreadpoolWait(w, NULL, NULL);
    WaitForThreadpoolWaitCallbacks(w, TRUE);
    SetEvent(ev);
    Sleep(100);
    wc_check(c, pool_calls == 0, "a pool wait stopped (a NULL handle), then signalled: %ld callbacks; expected none",
             (long)pool_calls);
    CloseThreadpoolWait(w);
    CloseHandle(ev);
}

static volatile LONG work_runs, work_sum, work_other_thread;
static DWORD main_thread;

static DWORD WINAPI work_item(LPVOID ctx) {
    InterlockedIncrement(&work_runs);
    InterlockedExchangeAdd(&work_sum, (LONG)(uintptr_t)ctx);
    if (GetCurrentThreadId() != main_thread) InterlockedIncrement(&work_other_thread);
    return 0;
}

static void queue_user_work_item(wc_ctx *c) {
    work_runs = work_sum = work_other_thread = 0;
    main_thread = GetCurrentThreadId();
    LONG want = 0;
    int queued = 0;
    for (int i = 1; i <= 50; i++)
        if (QueueUserWorkItem(work_item, (PVOID)(uintptr_t)i, WT_EXECUTEDEFAULT)) {
            queued++;
            want += i;
        }
    wc_check(c, queued == 50, "QueueUserWorkItem: %d of 50 queued, error %lu", queued, (unsigned long)GetLastError());
    for (DWORD waited = 0; work_runs < queued && waited < WC_WAIT_MS; waited += 10) Sleep(10);
    Sleep(50);
    wc_check(c, work_runs == queued && work_sum == want && work_other_thread == queued,
             "%d work items: %ld runs, contexts summing to %ld, %ld on a thread other than the caller's; expected %d, "
             "%ld, %d",
             queued, (long)work_runs, (long)work_sum, (long)work_other_thread, queued, (long)want, queued);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.register-wait", "S3", "#remarks", WC_MUST,
            "RegisterWaitForSingleObject: (Context, FALSE) once per signal, taking it as a wait does (an auto-reset "
            "event resets, a semaphore counts down), (Context, TRUE) every time-out, once with WT_EXECUTEONLYONCE, "
            "none after UnregisterWaitEx; UnregisterWait of a running callback fails with ERROR_IO_PENDING",
            register_wait),
    WC_CASE("S3.k32.threadpool-wait", "S3", "#remarks", WC_MUST,
            "SetThreadpoolWait: one callback per setting, WAIT_OBJECT_0 with its context and wait, or WAIT_TIMEOUT; "
            "none after a NULL handle",
            threadpool_wait),
    WC_CASE("S3.k32.queue-user-work-item", "S3", "#remarks", WC_MUST,
            "QueueUserWorkItem runs each item once, with its context, on a pool thread", queue_user_work_item),
};

WC_TABLE(wc_wait_calls, cases);
