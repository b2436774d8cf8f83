/*
 * win32_surface.c: the kernel32 calls a redirect service makes besides Winsock (events, waits,
 * mutexes, semaphores, threads and their exit codes, critical sections, SRW locks, condition
 * variables, FormatMessageA, the clocks), checked for what a caller sees: the value returned,
 * the exact GetLastError code of each documented failure, the out values, and the effect a
 * second call observes.
 *
 * Why: a service's worker threads, its shutdown and its error reporting run on these calls;
 * certify ran them only as scenery, so a stack that answered a wrong code or lost an
 * auto-reset, a semaphore's count or an abandoned mutex passed (issue 11 section 7: these lines
 * were run by the unit tests only).  The facts come from the learn.microsoft.com page of each
 * function and from Wine's kernel32 tests as run on Windows (dlls/kernel32/tests/sync.c).
 */
#include "cases.h"

#include <wfpcert/crt.h> /* _set_invalid_parameter_handler */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#if defined(_WIN32)
#include <process.h> /* _beginthreadex */
#endif

/* A value no handle has: Wine's sync tests, run on Windows, wait on it and get WAIT_FAILED
 * with ERROR_INVALID_HANDLE. */
#define BOGUS_HANDLE ((HANDLE)(uintptr_t)0xdeadbee0u)
#define THREAD_WAIT_MS 5000u

/* The last error of a call that failed, read at once. */
static DWORD err_after(void) { return GetLastError(); }

/* Waits for a thread the case started and closes its handle; its exit code, or 0xFFFFFFFF. */
static DWORD join(wc_ctx *c, HANDLE t, const char *what) {
    DWORD code = 0xFFFFFFFFu;
    DWORD w = WaitForSingleObject(t, THREAD_WAIT_MS);
    if (wc_check(c, w == WAIT_OBJECT_0, "%s: the thread did not end within %u ms (wait %lu)", what, THREAD_WAIT_MS,
                 (unsigned long)w))
        wc_check(c, GetExitCodeThread(t, &code), "%s: GetExitCodeThread of the ended thread: error %lu", what,
                 (unsigned long)GetLastError());
    CloseHandle(t);
    return code;
}

/* ------------------------------------------------------------------ events */
/* S3 ("CreateEventW": bManualReset, bInitialState; "SetEvent", "ResetEvent"; "WaitForSingleObject":
 * an auto-reset event's state is reset when a wait is satisfied; "WaitForMultipleObjects": with
 * bWaitAll FALSE the return value is the lowest index of a signalled object; with TRUE nothing
 * changes until all are signalled).  Wine's sync tests (test_event, test_WaitForMultipleObjects)
 * show the same on Windows. */
static void events(wc_ctx *c) {
    HANDLE manual = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE autor = CreateEventW(NULL, FALSE, TRUE, NULL);
    HANDLE set_a = CreateEventA(NULL, TRUE, TRUE, NULL);
    if (!wc_check(c, manual && autor && set_a, "set-up: CreateEvent: error %lu", (unsigned long)GetLastError())) return;
    wc_expect_int(c, WaitForSingleObject(manual, 0), WAIT_TIMEOUT); /* created non-signalled */
    wc_expect_int(c, WaitForSingleObject(set_a, 0), WAIT_OBJECT_0); /* CreateEventA, created signalled */
    wc_expect_int(c, WaitForSingleObject(set_a, 0), WAIT_OBJECT_0); /* manual: stays signalled */
    /* auto-reset, created signalled: one wait takes the signal, the next times out */
    wc_expect_int(c, WaitForSingleObject(autor, 0), WAIT_OBJECT_0);
    wc_expect_int(c, WaitForSingleObject(autor, 0), WAIT_TIMEOUT);
    wc_check(c, SetEvent(manual) && SetEvent(manual), "SetEvent twice: error %lu", (unsigned long)GetLastError());
    wc_expect_int(c, WaitForSingleObject(manual, 0), WAIT_OBJECT_0);
    wc_expect_int(c, WaitForSingleObject(manual, 0), WAIT_OBJECT_0);
    wc_check(c, ResetEvent(manual), "ResetEvent: error %lu", (unsigned long)GetLastError());
    wc_expect_int(c, WaitForSingleObject(manual, 0), WAIT_TIMEOUT);
    wc_check(c, SetEvent(autor) && ResetEvent(autor), "SetEvent, ResetEvent: error %lu", (unsigned long)GetLastError());
    wc_expect_int(c, WaitForSingleObject(autor, 0), WAIT_TIMEOUT);

    /* any: the lowest signalled index; an auto-reset one is consumed, a manual one is not */
    HANDLE two[2] = {autor, manual};
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_TIMEOUT);
    SetEvent(autor);
    SetEvent(manual);
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_OBJECT_0);
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_OBJECT_0 + 1);
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_OBJECT_0 + 1);
    /* all: nothing is taken while one is not signalled */
    ResetEvent(manual);
    SetEvent(autor);
    wc_expect_int(c, WaitForMultipleObjects(2, two, TRUE, 0), WAIT_TIMEOUT);
    wc_expect_int(c, WaitForSingleObject(autor, 0), WAIT_OBJECT_0); /* still signalled: the wait-all took nothing */
    SetEvent(autor);
    SetEvent(manual);
    wc_expect_int(c, WaitForMultipleObjects(2, two, TRUE, 0), WAIT_OBJECT_0);
    wc_expect_int(c, WaitForSingleObject(autor, 0), WAIT_TIMEOUT); /* the wait-all took the auto-reset signal */
    wc_expect_int(c, WaitForSingleObjectEx(manual, 0, FALSE), WAIT_OBJECT_0);
    wc_expect_int(c, WaitForMultipleObjectsEx(2, two, TRUE, 0, FALSE), WAIT_TIMEOUT);
    CloseHandle(set_a);
    CloseHandle(autor);
    CloseHandle(manual);
    /* the last error after calls that succeed: no page says they leave it (a service may read a
     * stale one after them); the model leaves it, pinned (mutation testing: a model that set
     * ERROR_NOT_ENOUGH_MEMORY on every success went unseen) */
    SetLastError(0x5EED);
    WSAEVENT wsa_ev = WSACreateEvent();
    DWORD after_create = GetLastError();
    SetLastError(0x5EED);
    BOOL set = WSASetEvent(wsa_ev);
    DWORD after_set = GetLastError();
    SetLastError(0x5EED);
    DWORD waited = WaitForSingleObject(wsa_ev, 0);
    DWORD after_wait = GetLastError();
    SetLastError(0x5EED);
    BOOL closed = WSACloseEvent(wsa_ev);
    DWORD after_close = GetLastError();
    wc_check(c, wsa_ev != WSA_INVALID_EVENT && set && waited == WAIT_OBJECT_0 && closed,
             "set-up: WSACreateEvent, WSASetEvent, a wait and WSACloseEvent");
    wc_model_answer(c, "kernel32.success-last-error", "%lu %lu %lu %lu", (unsigned long)after_create,
                    (unsigned long)after_set, (unsigned long)after_wait, (unsigned long)after_close);
    /* "WaitForMultipleObjects": WAIT_FAILED when the function fails, the error from
     * GetLastError; a handle closed is no longer one ("System Error Codes": ERROR_INVALID_HANDLE,
     * "The handle is invalid") */
    SetLastError(0);
    DWORD wf = WaitForMultipleObjects(2, two, FALSE, 0);
    DWORD we = GetLastError();
    wc_check(c, wf == WAIT_FAILED && we == ERROR_INVALID_HANDLE,
             "WaitForMultipleObjects on two closed handles: %lu, error %lu; expected WAIT_FAILED and "
             "ERROR_INVALID_HANDLE",
             (unsigned long)wf, (unsigned long)we);
}

/* S3 ("WaitForSingleObject", "WaitForMultipleObjects": WAIT_FAILED, extended information from
 * GetLastError; nCount "cannot be zero", at most MAXIMUM_WAIT_OBJECTS; "SetEvent"/"ResetEvent":
 * zero and GetLastError on failure).  Wine's sync tests, run on Windows: a handle value that
 * names nothing is WAIT_FAILED with ERROR_INVALID_HANDLE.  A count of 0 or 65 is
 * ERROR_INVALID_PARAMETER (STATUS_INVALID_PARAMETER_1 of NtWaitForMultipleObjects). */
static void wait_errors(wc_ctx *c) {
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    if (!wc_check(c, ev != NULL, "set-up: CreateEventW: error %lu", (unsigned long)GetLastError())) return;
    SetLastError(0);
    DWORD r = WaitForSingleObject(BOGUS_HANDLE, 0);
    DWORD e = err_after();
    wc_check(c, r == WAIT_FAILED && e == ERROR_INVALID_HANDLE,
             "WaitForSingleObject on a handle that names nothing: %lu, error %lu; expected WAIT_FAILED, "
             "ERROR_INVALID_HANDLE (6)",
             (unsigned long)r, (unsigned long)e);
    HANDLE mixed[2] = {ev, BOGUS_HANDLE};
    SetLastError(0);
    r = WaitForMultipleObjects(2, mixed, FALSE, 0);
    e = err_after();
    wc_check(c, r == WAIT_FAILED && e == ERROR_INVALID_HANDLE,
             "WaitForMultipleObjects with a signalled event and a handle that names nothing: %lu, error %lu; expected "
             "WAIT_FAILED, ERROR_INVALID_HANDLE",
             (unsigned long)r, (unsigned long)e);
    HANDLE many[MAXIMUM_WAIT_OBJECTS + 1];
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++) many[i] = ev;
    static const DWORD counts[] = {0, MAXIMUM_WAIT_OBJECTS + 1};
    for (int i = 0; i < 2; i++) {
        SetLastError(0);
        r = WaitForMultipleObjects(counts[i], many, FALSE, 0);
        e = err_after();
        wc_check(c, r == WAIT_FAILED && e == ERROR_INVALID_PARAMETER,
                 "WaitForMultipleObjects with nCount %lu: %lu, error %lu; expected WAIT_FAILED, "
                 "ERROR_INVALID_PARAMETER (87)",
                 (unsigned long)counts[i], (unsigned long)r, (unsigned long)e);
    }
    /* MAXIMUM_WAIT_OBJECTS itself is allowed (Wine's test_WaitForMultipleObjects) */
    HANDLE evs[MAXIMUM_WAIT_OBJECTS];
    int made = 0;
    for (; made < MAXIMUM_WAIT_OBJECTS; made++)
        if (!(evs[made] = CreateEventW(NULL, TRUE, FALSE, NULL))) break;
    if (wc_check(c, made == MAXIMUM_WAIT_OBJECTS, "set-up: %d events made of %d", made, MAXIMUM_WAIT_OBJECTS)) {
        SetEvent(evs[MAXIMUM_WAIT_OBJECTS - 1]);
        SetLastError(0);
        wc_expect_int(c, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, evs, FALSE, 0),
                      WAIT_OBJECT_0 + MAXIMUM_WAIT_OBJECTS - 1);
        /* a wait that succeeds: what it leaves in the last error no page says (the model's) */
        wc_model_answer(c, "WaitForMultipleObjects.success-last-error", "%lu", (unsigned long)GetLastError());
        wc_expect_int(c, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, evs, TRUE, 0), WAIT_TIMEOUT);
    }
    for (int i = 0; i < made; i++) CloseHandle(evs[i]);
    static const char *const names[2] = {"SetEvent", "ResetEvent"};
    for (int i = 0; i < 2; i++) {
        SetLastError(0);
        BOOL ok = i ? ResetEvent(BOGUS_HANDLE) : SetEvent(BOGUS_HANDLE);
        e = err_after();
        wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
                 "%s on a handle that names nothing: %d, error %lu; expected FALSE, ERROR_INVALID_HANDLE", names[i],
                 (int)ok, (unsigned long)e);
    }
    /* and the handle calls a completion-port service makes: its port, its handles' flags */
    DWORD bytes = 0, flags = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED ov = NULL;
    SetLastError(0);
    BOOL ok = GetQueuedCompletionStatus(BOGUS_HANDLE, &bytes, &key, &ov, 0);
    e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "GetQueuedCompletionStatus on a handle that names nothing: %d, error %lu; expected FALSE, "
             "ERROR_INVALID_HANDLE",
             (int)ok, (unsigned long)e);
    SetLastError(0);
    ok = GetHandleInformation(BOGUS_HANDLE, &flags);
    e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "GetHandleInformation on a handle that names nothing: %d, error %lu; expected FALSE, ERROR_INVALID_HANDLE",
             (int)ok, (unsigned long)e);
    SetLastError(0);
    ok = SetHandleInformation(BOGUS_HANDLE, HANDLE_FLAG_INHERIT, 0);
    e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "SetHandleInformation on a handle that names nothing: %d, error %lu; expected FALSE, ERROR_INVALID_HANDLE",
             (int)ok, (unsigned long)e);
    /* "CloseHandle": ERROR_INVALID_HANDLE for it too (outside a debugger, which raises an
     * exception instead) */
    SetLastError(0);
    ok = CloseHandle(BOGUS_HANDLE);
    e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "CloseHandle of a handle that names nothing: %d, error %lu; expected FALSE, ERROR_INVALID_HANDLE", (int)ok,
             (unsigned long)e);
    /* NULL where a call writes or reads (Windows faults): asked of the model only, its answers
     * pinned */
    if (wc_on_model(c)) {
        HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
        ULONG_PTR k2 = 0;
        LPOVERLAPPED o2 = NULL;
        SetLastError(0);
        BOOL g = GetQueuedCompletionStatus(port, NULL, &k2, &o2, 0);
        DWORD ge = err_after();
        WSASetLastError(0);
        DWORD ww = WSAWaitForMultipleEvents(1, NULL, FALSE, 0, FALSE);
        int we = WSAGetLastError();
        SetLastError(0);
        DWORD wu = WaitForMultipleObjects(1, (const HANDLE *)wt_unmapped_address(wc_target(c)), FALSE, 0);
        DWORD wue = err_after();
        wc_model_answer(c, "WaitForMultipleObjects.unmapped-handles", "%s %lu",
                        wu == WAIT_FAILED ? "WAIT_FAILED" : "no failure", (unsigned long)wue);
        WSASetLastError(0);
        DWORD wsu = WSAWaitForMultipleEvents(1, (const WSAEVENT *)wt_unmapped_address(wc_target(c)), FALSE, 0, FALSE);
        wc_model_answer(c, "WSAWaitForMultipleEvents.unmapped-events", "%s %d",
                        wsu == WSA_WAIT_FAILED ? "WSA_WAIT_FAILED" : "no failure", WSAGetLastError());
        DWORD n2 = 0;
        SetLastError(0);
        BOOL r2 = GetOverlappedResultEx(ev, NULL, &n2, 0, FALSE);
        DWORD re = err_after();
        SetLastError(0);
        DWORD q = QueueUserAPC(NULL, GetCurrentThread(), 0);
        DWORD qe = err_after();
        wc_model_answer(c, "kernel32.null-pointers",
                        "GetQueuedCompletionStatus %d %lu, WSAWaitForMultipleEvents %s %d, GetOverlappedResultEx %d "
                        "%lu, QueueUserAPC %lu %lu",
                        (int)g, (unsigned long)ge, ww == WSA_WAIT_FAILED ? "WSA_WAIT_FAILED" : "no failure", we,
                        (int)r2, (unsigned long)re, (unsigned long)q, (unsigned long)qe);
        if (port) CloseHandle(port);
    }
    CloseHandle(ev);
}

/* S3 ("_beginthread": creates a thread that runs start_address with arglist, -1 on an error;
 * "the thread's handle is closed automatically when the thread exits"): an older service starts
 * its workers this way and never closes their handles. */
static void begin_thread_body(void *arg) { SetEvent((HANDLE)arg); }

static void begin_thread(wc_ctx *c) {
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!wc_check(c, ev != NULL, "set-up: CreateEventA: %lu", (unsigned long)GetLastError())) return;
    uintptr_t h = _beginthread(begin_thread_body, 0, ev);
    wc_check(c, h != (uintptr_t)-1 && h != 0, "_beginthread: %p (errno %d)", (void *)h, errno);
    DWORD w = h != (uintptr_t)-1 ? WaitForSingleObject(ev, WC_WAIT_MS) : WAIT_FAILED;
    wc_check(c, w == WAIT_OBJECT_0, "the thread _beginthread started did not run its function: wait %lu",
             (unsigned long)w);
    Sleep(50); /* let it end before the event goes: its handle closes itself, the case must not */
    if (wc_on_model(c) && h != (uintptr_t)-1) { /* on Windows the value may name something new by now */
        DWORD gone = 0, e = 0;
        for (int tries = 0; tries < 500; tries++) { /* its end may lag on a loaded machine: up to 5 s */
            SetLastError(0);
            gone = WaitForSingleObject((HANDLE)h, 0);
            e = GetLastError();
            if (gone == WAIT_FAILED) break;
            Sleep(10);
        }
        wc_check(c, gone == WAIT_FAILED && e == ERROR_INVALID_HANDLE,
                 "the handle of a thread _beginthread started, once it ended: wait %lu, error %lu; expected it "
                 "closed (WAIT_FAILED, ERROR_INVALID_HANDLE)",
                 (unsigned long)gone, (unsigned long)e);
    }
    CloseHandle(ev);
}

/* S3 ("ExitThread": the thread ends with dwExitCode, which GetExitCodeThread then gives, and "the
 * thread object is signaled"; "_endthread, _endthreadex": end a thread _beginthread or
 * _beginthreadex started, with retval as its exit code; "Mutex Objects": a thread that ends owning
 * a mutex abandons it, and the next wait answers WAIT_ABANDONED): a worker that stops itself from
 * deep in its loop ends there, and nothing after the call runs. */
typedef struct exiting {
    HANDLE mutex, ran;
    volatile int after; /* set only by code after the exit call: must stay 0 */
} exiting;

static DWORD WINAPI exit_thread_body(LPVOID arg) {
    exiting *x = arg;
    WaitForSingleObject(x->mutex, WC_WAIT_MS); /* owned, then abandoned by the exit */
    SetEvent(x->ran);
    ExitThread(42);
    x->after = 1;
    return 7;
}

static unsigned WINAPI endthreadex_body(void *arg) {
    exiting *x = arg;
    SetEvent(x->ran);
    _endthreadex(9);
    x->after = 1;
    return 3;
}

static void endthread_body(void *arg) {
    exiting *x = arg;
    SetEvent(x->ran);
    _endthread();
    x->after = 1;
}

static void exit_thread(wc_ctx *c) {
    exiting x = {CreateMutexA(NULL, FALSE, NULL), CreateEventA(NULL, FALSE, FALSE, NULL), 0};
    if (!wc_check(c, x.mutex && x.ran, "set-up: CreateMutexA, CreateEventA: %lu", (unsigned long)GetLastError()))
        return;
    HANDLE t = CreateThread(NULL, 0, exit_thread_body, &x, 0, NULL);
    DWORD w = t ? WaitForSingleObject(t, WC_WAIT_MS) : WAIT_FAILED, code = 0;
    BOOL got = t && GetExitCodeThread(t, &code);
    wc_check(c, w == WAIT_OBJECT_0 && got && code == 42 && !x.after,
             "a thread that calls ExitThread(42): wait %lu, exit code %lu (GetExitCodeThread %d), code after the call "
             "%s; expected signalled, 42, not run",
             (unsigned long)w, (unsigned long)code, (int)got, x.after ? "ran" : "not run");
    DWORD m = WaitForSingleObject(x.mutex, 0);
    wc_check(c, m == WAIT_ABANDONED,
             "the mutex the thread owned when it called ExitThread: wait %lu; expected "
             "WAIT_ABANDONED (0x80)",
             (unsigned long)m);
    if (m == WAIT_ABANDONED || m == WAIT_OBJECT_0) ReleaseMutex(x.mutex);
    if (t) CloseHandle(t);
    x.after = 0;
    uintptr_t h = _beginthreadex(NULL, 0, endthreadex_body, &x, 0, NULL);
    w = h ? WaitForSingleObject((HANDLE)h, WC_WAIT_MS) : WAIT_FAILED;
    got = h && GetExitCodeThread((HANDLE)h, &code);
    wc_check(c, w == WAIT_OBJECT_0 && got && code == 9 && !x.after,
             "a _beginthreadex thread that calls _endthreadex(9): wait %lu, exit code %lu, code after the call %s; "
             "expected signalled, 9, not run",
             (unsigned long)w, (unsigned long)code, x.after ? "ran" : "not run");
    if (h) CloseHandle((HANDLE)h);
    x.after = 0;
    h = _beginthread(endthread_body, 0, &x);
    w = h != (uintptr_t)-1 ? WaitForSingleObject(x.ran, WC_WAIT_MS) : WAIT_FAILED;
    Sleep(50); /* the thread ends right after it signals */
    wc_check(c, w == WAIT_OBJECT_0 && !x.after,
             "a _beginthread thread that calls _endthread: ran %s, code after the call %s; expected ran, not run",
             w == WAIT_OBJECT_0 ? "yes" : "no", x.after ? "ran" : "not run");
    CloseHandle(x.ran);
    CloseHandle(x.mutex);
}

/* S3 ("SetConsoleCtrlHandler", "HandlerRoutine", "GenerateConsoleCtrlEvent"): a console service
 * stops on Ctrl+C through its handler.  The routines run on a new thread, the last registered
 * first, until one returns TRUE; SetConsoleCtrlHandler(NULL, TRUE) makes the process ignore
 * CTRL+C but not CTRL+BREAK.  A TRUE routine stays registered first and last, so the default
 * handler (which ends the process) never runs here. */
static struct {
    HANDLE done;
    volatile LONG order; /* digits of the routines in the order they ran */
    volatile DWORD event, thread;
} ctrl;

static BOOL WINAPI ctrl_handled(DWORD event) {
    ctrl.order = ctrl.order * 10 + 1;
    ctrl.event = event;
    ctrl.thread = GetCurrentThreadId();
    SetEvent(ctrl.done);
    return TRUE;
}

static BOOL WINAPI ctrl_passed_on(DWORD event) {
    (void)event;
    ctrl.order = ctrl.order * 10 + 2;
    return FALSE;
}

static void console_ctrl(wc_ctx *c) {
    /* On Windows an event for process group 0 reaches every process of the console, the runner
     * that started the case too, whose default handler would end it: asked of the model only. */
    if (!wc_on_model(c))
        wc_unsupported(c, "on Windows the console's every process, the runner's too, would get the events");
    ctrl.done = CreateEventA(NULL, FALSE, FALSE, NULL);
    if (!wc_check(c, ctrl.done != NULL, "set-up: CreateEventA: %lu", (unsigned long)GetLastError())) return;
    BOOL a = SetConsoleCtrlHandler(ctrl_handled, TRUE), b = SetConsoleCtrlHandler(ctrl_passed_on, TRUE);
    wc_check(c, a && b, "SetConsoleCtrlHandler adding two routines: %d, %d", (int)a, (int)b);
    ctrl.order = 0;
    BOOL g = GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0);
    DWORD w = WaitForSingleObject(ctrl.done, WC_WAIT_MS);
    wc_check(c,
             g && w == WAIT_OBJECT_0 && ctrl.order == 21 && ctrl.event == CTRL_BREAK_EVENT &&
                 ctrl.thread != GetCurrentThreadId(),
             "GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT): %d, wait %lu, routines ran as %ld, event %lu, %s thread; "
             "expected the last registered (FALSE) then the first (TRUE), on a thread of their own",
             (int)g, (unsigned long)w, (long)ctrl.order, (unsigned long)ctrl.event,
             ctrl.thread == GetCurrentThreadId() ? "the caller's" : "another");
    BOOL removed = SetConsoleCtrlHandler(ctrl_passed_on, FALSE);
    ctrl.order = 0;
    g = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    w = WaitForSingleObject(ctrl.done, WC_WAIT_MS);
    wc_check(c, removed && g && w == WAIT_OBJECT_0 && ctrl.order == 1 && ctrl.event == CTRL_C_EVENT,
             "CTRL_C_EVENT after removing the last routine (%d): wait %lu, routines ran as %ld; expected the first "
             "only",
             (int)removed, (unsigned long)w, (long)ctrl.order);
    BOOL ignoring = SetConsoleCtrlHandler(NULL, TRUE);
    ctrl.order = 0;
    GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    w = WaitForSingleObject(ctrl.done, 200);
    wc_check(c, ignoring && w == WAIT_TIMEOUT && ctrl.order == 0,
             "CTRL_C_EVENT while the process ignores CTRL+C: wait %lu, routines ran as %ld; expected none",
             (unsigned long)w, (long)ctrl.order);
    GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0);
    w = WaitForSingleObject(ctrl.done, WC_WAIT_MS);
    wc_check(c, w == WAIT_OBJECT_0 && ctrl.order == 1,
             "CTRL_BREAK_EVENT while the process ignores CTRL+C: wait %lu, routines ran as %ld; expected the routine",
             (unsigned long)w, (long)ctrl.order);
    SetConsoleCtrlHandler(NULL, FALSE);
    /* no page names the error of these refusals: pinned */
    SetLastError(0);
    BOOL again = SetConsoleCtrlHandler(ctrl_passed_on, FALSE);
    DWORD e1 = GetLastError();
    SetLastError(0);
    BOOL other = GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 12345);
    DWORD e2 = GetLastError();
    wc_model_answer(c, "SetConsoleCtrlHandler.not-registered", "%d %lu", (int)again, (unsigned long)e1);
    wc_model_answer(c, "GenerateConsoleCtrlEvent.refused", "%d %lu", (int)other, (unsigned long)e2);
    Sleep(50); /* the last handler thread ends before the routine goes */
    SetConsoleCtrlHandler(ctrl_handled, FALSE);
    CloseHandle(ctrl.done);
}

/* ------------------------------------------------------------ named objects */
/* "OpenEventW" and its siblings' pages: a handle to the existing object, which a program's
 * other part (a stop signal, a single-instance check) made by name; "If the function fails, the
 * return value is NULL".  Wine's sync tests see on Windows ERROR_FILE_NOT_FOUND for a name
 * nothing has and ERROR_INVALID_PARAMETER for lpName NULL; another kind's name is
 * ERROR_INVALID_HANDLE, as for the Create calls ("these objects share the same namespace"). */
static void open_named(wc_ctx *c) {
    char event[64], mutex[64], sem[64];
    DWORD pid = GetCurrentProcessId();
    snprintf(event, sizeof event, "wfpcert-open-event-%lu", (unsigned long)pid);
    snprintf(mutex, sizeof mutex, "wfpcert-open-mutex-%lu", (unsigned long)pid);
    snprintf(sem, sizeof sem, "wfpcert-open-sem-%lu", (unsigned long)pid);
    SetLastError(0);
    HANDLE none = OpenEventA(EVENT_ALL_ACCESS, FALSE, event);
    DWORD e = err_after();
    wc_check(c, none == NULL && e == ERROR_FILE_NOT_FOUND,
             "OpenEventA of a name no object has: %p, error %lu; expected NULL, ERROR_FILE_NOT_FOUND (2)", none,
             (unsigned long)e);
    SetLastError(0);
    none = OpenEventA(EVENT_ALL_ACCESS, FALSE, NULL);
    e = err_after();
    wc_check(c, none == NULL && e == ERROR_INVALID_PARAMETER,
             "OpenEventA with lpName NULL: %p, error %lu; expected NULL, ERROR_INVALID_PARAMETER (87)", none,
             (unsigned long)e);
    HANDLE made = CreateEventA(NULL, TRUE, FALSE, event);
    if (!wc_check(c, made != NULL, "CreateEventA: %lu", (unsigned long)GetLastError())) return;
    HANDLE opened = OpenEventA(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, event);
    if (wc_check(c, opened != NULL, "OpenEventA of the event's name: NULL, error %lu", (unsigned long)GetLastError())) {
        wc_check(c, SetEvent(opened) && WaitForSingleObject(made, 0) == WAIT_OBJECT_0,
                 "SetEvent through the opened handle did not signal the event CreateEventA made");
        wchar_t wide[64];
        for (size_t i = 0; i <= strlen(event); i++) wide[i] = (wchar_t)(unsigned char)event[i];
        HANDLE w = OpenEventW(SYNCHRONIZE, FALSE, wide);
        wc_check(c, w != NULL && WaitForSingleObject(w, 0) == WAIT_OBJECT_0,
                 "OpenEventW of the same name: %p; expected a handle to the signalled event", w);
        if (w) CloseHandle(w);
        SetLastError(0);
        none = OpenMutexA(SYNCHRONIZE, FALSE, event);
        e = err_after();
        wc_check(c, none == NULL && e == ERROR_INVALID_HANDLE,
                 "OpenMutexA of an event's name: %p, error %lu; expected NULL, ERROR_INVALID_HANDLE (6)", none,
                 (unsigned long)e);
        CloseHandle(opened);
    }
    CloseHandle(made);
    SetLastError(0);
    none = OpenEventA(SYNCHRONIZE, FALSE, event);
    e = err_after();
    wc_check(c, none == NULL && e == ERROR_FILE_NOT_FOUND,
             "OpenEventA once every handle of the event closed: %p, error %lu; expected NULL, ERROR_FILE_NOT_FOUND",
             none, (unsigned long)e);
    /* a mutex and a semaphore, the same way */
    HANDLE m = CreateMutexA(NULL, FALSE, mutex), s = CreateSemaphoreA(NULL, 0, 3, sem);
    HANDLE mo = OpenMutexA(MUTEX_ALL_ACCESS, FALSE, mutex), so = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, sem);
    LONG prev = -1;
    wc_check(c,
             m && s && mo && so && WaitForSingleObject(mo, 0) == WAIT_OBJECT_0 && ReleaseMutex(m) &&
                 !ReleaseMutex(mo) && ReleaseSemaphore(so, 2, &prev) && prev == 0 &&
                 WaitForSingleObject(s, 0) == WAIT_OBJECT_0,
             "OpenMutexA and OpenSemaphoreA: handles %p, %p, previous count %ld; expected the one mutex (taken "
             "through one handle, released once through the other) and the one semaphore",
             mo, so, (long)prev);
    HANDLE all[] = {mo, so, m, s};
    for (int i = 0; i < 4; i++)
        if (all[i]) CloseHandle(all[i]);
}

/* S3 ("CreateMutexW": "If the mutex is a named mutex and the object existed before this
 * function call, the return value is a handle to the existing object, and the GetLastError
 * function returns ERROR_ALREADY_EXISTS", bInitialOwner then ignored; "If lpName matches the
 * name of an existing event, semaphore, ... the function fails and the GetLastError function
 * returns ERROR_INVALID_HANDLE"; "CreateEventW" and "CreateSemaphoreW": the same, the other
 * arguments "ignored because they have already been set by the creating process"; "The name
 * can have a "Global\" or "Local\" prefix"; an object lives until its last handle closes).  A
 * service that makes sure it runs once with a named mutex checks GetLastError right after the
 * call: a new object must leave it 0, not stale.  The names carry the process id, so that no
 * other program's objects answer on a real system. */
static void named_objects(wc_ctx *c) {
    char mutex[64], event[64], sem[64], local[64];
    DWORD pid = GetCurrentProcessId();
    snprintf(mutex, sizeof mutex, "wfpcert-mutex-%lu", (unsigned long)pid);
    snprintf(event, sizeof event, "wfpcert-event-%lu", (unsigned long)pid);
    snprintf(sem, sizeof sem, "wfpcert-sem-%lu", (unsigned long)pid);
    snprintf(local, sizeof local, "Local\\wfpcert-local-%lu", (unsigned long)pid);
    SetLastError(ERROR_ALREADY_EXISTS);
    HANDLE m1 = CreateMutexA(NULL, FALSE, mutex);
    DWORD e = err_after();
    if (!wc_check(c, m1 != NULL && e == 0, "CreateMutexA of a new name: %p, error %lu; expected a handle and 0", m1,
                  (unsigned long)e))
        return;
    SetLastError(0);
    HANDLE m2 = CreateMutexA(NULL, TRUE, mutex);
    e = err_after();
    wc_check(c, m2 != NULL && e == ERROR_ALREADY_EXISTS,
             "CreateMutexA of a name in use: %p, error %lu; expected a handle and ERROR_ALREADY_EXISTS (183)", m2,
             (unsigned long)e);
    SetLastError(0);
    BOOL released = m2 ? ReleaseMutex(m2) : TRUE;
    e = err_after();
    wc_check(c, !released && e == ERROR_NOT_OWNER,
             "ReleaseMutex after the second CreateMutexA(bInitialOwner TRUE): %d, error %lu; expected FALSE, "
             "ERROR_NOT_OWNER (the initial owner is ignored for an existing mutex)",
             (int)released, (unsigned long)e);
    SetLastError(0);
    HANDLE wrong = CreateEventA(NULL, TRUE, FALSE, mutex);
    e = err_after();
    wc_check(c, wrong == NULL && e == ERROR_INVALID_HANDLE,
             "CreateEventA of a mutex's name: %p, error %lu; expected NULL, ERROR_INVALID_HANDLE (6)", wrong,
             (unsigned long)e);
    if (wrong) CloseHandle(wrong);
    /* the object outlives its first handle; once the last goes, the name is free again */
    CloseHandle(m1);
    DWORD w = m2 ? WaitForSingleObject(m2, 0) : WAIT_FAILED;
    wc_check(c, w == WAIT_OBJECT_0 && ReleaseMutex(m2),
             "the mutex through its second handle, after the first closed: wait %lu; expected WAIT_OBJECT_0 and a "
             "release",
             (unsigned long)w);
    if (m2) CloseHandle(m2);
    SetLastError(ERROR_ALREADY_EXISTS);
    HANDLE m3 = CreateMutexA(NULL, FALSE, mutex);
    e = err_after();
    wc_check(c, m3 != NULL && e == 0, "CreateMutexA of the name once every handle closed: %p, error %lu; expected new",
             m3, (unsigned long)e);
    if (m3) CloseHandle(m3);
    /* an event: the second creation's arguments are ignored, and both handles are one event */
    HANDLE e1 = CreateEventA(NULL, TRUE, FALSE, event);
    SetLastError(0);
    HANDLE e2 = CreateEventA(NULL, FALSE, TRUE, event);
    e = err_after();
    wc_check(c, e1 && e2 && e == ERROR_ALREADY_EXISTS,
             "CreateEventA twice with one name: %p, %p, error %lu; expected two handles and ERROR_ALREADY_EXISTS", e1,
             e2, (unsigned long)e);
    if (e1 && e2) {
        wc_check(c, WaitForSingleObject(e1, 0) == WAIT_TIMEOUT,
                 "the second CreateEventA(bInitialState TRUE) signalled the existing event");
        SetEvent(e2);
        DWORD w1 = WaitForSingleObject(e1, 0), w2 = WaitForSingleObject(e1, 0);
        wc_check(c, w1 == WAIT_OBJECT_0 && w2 == WAIT_OBJECT_0,
                 "SetEvent through one handle, waits through the other: %lu, %lu; expected the manual-reset event "
                 "signalled for both (its first creation's kind)",
                 (unsigned long)w1, (unsigned long)w2);
    }
    if (e2) CloseHandle(e2);
    if (e1) CloseHandle(e1);
    /* a semaphore: the count is the first creation's */
    HANDLE s1 = CreateSemaphoreA(NULL, 0, 2, sem);
    SetLastError(0);
    HANDLE s2 = CreateSemaphoreA(NULL, 2, 2, sem);
    e = err_after();
    LONG prev = -1;
    if (wc_check(c, s1 && s2 && e == ERROR_ALREADY_EXISTS,
                 "CreateSemaphoreA twice with one name: %p, %p, error %lu; expected ERROR_ALREADY_EXISTS", s1, s2,
                 (unsigned long)e)) {
        wc_check(c, WaitForSingleObject(s2, 0) == WAIT_TIMEOUT, "the second CreateSemaphoreA's count was taken");
        wc_check(c, ReleaseSemaphore(s1, 1, &prev) && prev == 0 && WaitForSingleObject(s2, 0) == WAIT_OBJECT_0,
                 "ReleaseSemaphore through one handle (previous %ld), a wait through the other", (long)prev);
    }
    if (s2) CloseHandle(s2);
    if (s1) CloseHandle(s1);
    /* "Local\" is the namespace a name without a prefix goes to; the W forms name the same objects */
    HANDLE l1 = CreateEventA(NULL, TRUE, FALSE, local);
    SetLastError(0);
    HANDLE l2 = CreateEventA(NULL, TRUE, FALSE, local + 6);
    e = err_after();
    wc_check(c, l1 && l2 && e == ERROR_ALREADY_EXISTS,
             "CreateEventA of \"%s\" after \"%s\": error %lu; expected ERROR_ALREADY_EXISTS", local + 6, local,
             (unsigned long)e);
    wchar_t wide[64];
    for (size_t i = 0; i <= strlen(local); i++) wide[i] = (wchar_t)(unsigned char)local[i];
    SetLastError(0);
    HANDLE l3 = CreateEventW(NULL, TRUE, FALSE, wide);
    e = err_after();
    wc_check(c, l3 && e == ERROR_ALREADY_EXISTS,
             "CreateEventW of the same name: error %lu; expected ERROR_ALREADY_EXISTS", (unsigned long)e);
    HANDLE all[3] = {l1, l2, l3};
    for (int i = 0; i < 3; i++)
        if (all[i]) CloseHandle(all[i]);
    /* a name outside ASCII (e acute, the euro sign): its W form and its A form in the active code
     * page name one object */
    char aname[64];
    wchar_t wname[64];
    int k = snprintf(aname, sizeof aname, "wfpcert-name-%lu-", (unsigned long)pid);
    for (int i = 0; i < k; i++) wname[i] = (wchar_t)aname[i];
    wname[k] = 0x00E9, wname[k + 1] = 0x20AC, wname[k + 2] = 0;
    UINT acp = GetACP();
    const char *tail = acp == 65001 ? "\xc3\xa9\xe2\x82\xac" : acp == 1252 ? "\xe9\x80" : NULL;
    if (tail) {
        snprintf(aname + k, sizeof aname - (size_t)k, "%s", tail);
        HANDLE w = CreateMutexW(NULL, FALSE, wname);
        SetLastError(0);
        HANDLE a = CreateMutexA(NULL, FALSE, aname);
        e = err_after();
        wc_check(
            c, w && a && e == ERROR_ALREADY_EXISTS,
            "CreateMutexA of the name CreateMutexW made, with an e acute and a euro sign (code page %u): error %lu; "
            "expected ERROR_ALREADY_EXISTS",
            acp, (unsigned long)e);
        if (w) CloseHandle(w);
        if (a) CloseHandle(a);
    }
}

/* ------------------------------------------------------------- semaphores */
/* S3 ("CreateSemaphoreW": lInitialCount "must be greater than or equal to zero and less than or
 * equal to lMaximumCount", lMaximumCount "must be greater than zero"; "ReleaseSemaphore":
 * lpPreviousCount receives the previous count, "if the specified amount would cause the
 * semaphore's count to exceed the maximum count ... the count is not changed and the function
 * returns FALSE").  Wine's test_semaphore, run on
 * Windows: the previous counts 0, 1, 2, 4, ERROR_TOO_MANY_POSTS past the maximum, exactly the
 * count of waits succeed. */
static void semaphores(wc_ctx *c) {
    static const struct { LONG initial, max; } bad[] = {{2, 1}, {0, 0}, {-1, 1}, {1, -1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SetLastError(0);
        HANDLE h = CreateSemaphoreW(NULL, bad[i].initial, bad[i].max, NULL);
        DWORD e = err_after();
        wc_check(c, h == NULL && e == ERROR_INVALID_PARAMETER,
                 "CreateSemaphoreW(initial %ld, maximum %ld): %p, error %lu; expected NULL, ERROR_INVALID_PARAMETER",
                 (long)bad[i].initial, (long)bad[i].max, (void *)h, (unsigned long)e);
        if (h) CloseHandle(h);
    }
    HANDLE s = CreateSemaphoreW(NULL, 0, 5, NULL);
    HANDLE full = CreateSemaphoreA(NULL, 3, 3, NULL);
    if (!wc_check(c, s && full, "set-up: CreateSemaphore: error %lu", (unsigned long)GetLastError())) return;
    wc_expect_int(c, WaitForSingleObject(s, 0), WAIT_TIMEOUT);
    static const struct { LONG n, prev; } steps[] = {{1, 0}, {1, 1}, {2, 2}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        LONG prev = -7;
        BOOL ok = ReleaseSemaphore(s, steps[i].n, &prev);
        wc_check(c, ok && prev == steps[i].prev, "ReleaseSemaphore(%ld): %d, previous count %ld; expected TRUE, %ld",
                 (long)steps[i].n, (int)ok, (long)prev, (long)steps[i].prev);
    }
    /* lReleaseCount 0: the page says it "must be greater than zero" but not what the call
     * answers (wine accepts it): the model's answer is pinned; the count stays 4 either way */
    SetLastError(0);
    LONG zero_prev = -7;
    BOOL zero_ok = ReleaseSemaphore(s, 0, &zero_prev);
    DWORD zero_e = err_after();
    wc_model_answer(c, "ReleaseSemaphore.zero", "%s %lu", zero_ok ? "TRUE" : "FALSE",
                    zero_ok ? (unsigned long)zero_prev : (unsigned long)zero_e);
    /* count 4 of 5: 2 more is one too many, and changes nothing */
    SetLastError(0);
    BOOL ok = ReleaseSemaphore(s, 2, NULL);
    DWORD e = err_after();
    wc_check(c, !ok && e == ERROR_TOO_MANY_POSTS,
             "ReleaseSemaphore past the maximum: %d, error %lu; expected FALSE, ERROR_TOO_MANY_POSTS (298)", (int)ok,
             (unsigned long)e);
    LONG prev = -7;
    ok = ReleaseSemaphore(s, 1, &prev);
    wc_check(c, ok && prev == 4, "ReleaseSemaphore(1) after the refused ones: %d, previous count %ld; expected 4",
             (int)ok, (long)prev);
    int taken = 0;
    while (taken < 10 && WaitForSingleObject(s, 0) == WAIT_OBJECT_0) taken++;
    wc_check(c, taken == 5, "a semaphore at its maximum count 5 satisfied %d waits", taken);
    /* created full: any release is too many */
    SetLastError(0);
    ok = ReleaseSemaphore(full, 1, NULL);
    e = err_after();
    wc_check(c, !ok && e == ERROR_TOO_MANY_POSTS,
             "ReleaseSemaphore on a semaphore created at its maximum: %d, error %lu; expected ERROR_TOO_MANY_POSTS",
             (int)ok, (unsigned long)e);
    taken = 0;
    while (taken < 10 && WaitForSingleObject(full, 0) == WAIT_OBJECT_0) taken++;
    wc_check(c, taken == 3, "a semaphore created with count 3 satisfied %d waits", taken);
    /* wait-any takes from the lowest index only */
    ReleaseSemaphore(s, 1, NULL);
    ReleaseSemaphore(full, 1, NULL);
    HANDLE two[2] = {s, full};
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_OBJECT_0);
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_OBJECT_0 + 1);
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_TIMEOUT);
    SetLastError(0);
    ok = ReleaseSemaphore(BOGUS_HANDLE, 1, NULL);
    e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "ReleaseSemaphore on a handle that names nothing: %d, error %lu; expected ERROR_INVALID_HANDLE", (int)ok,
             (unsigned long)e);
    CloseHandle(full);
    CloseHandle(s);
}

/* ---------------------------------------------------------------- mutexes */
typedef struct mutex_probe {
    HANDLE m;
    DWORD wait; /* what the thread's WaitForSingleObject(m, 0) answered */
    BOOL released; /* ReleaseMutex(m) from the thread */
    DWORD release_err;
    int keep; /* 1: return owning it (abandon it) */
} mutex_probe;

static DWORD WINAPI mutex_thread(LPVOID arg) {
    mutex_probe *p = arg;
    p->wait = WaitForSingleObject(p->m, 0);
    if (p->keep) return 7;
    SetLastError(0);
    p->released = ReleaseMutex(p->m);
    p->release_err = GetLastError();
    if (p->wait == WAIT_OBJECT_0 && !p->released) ReleaseMutex(p->m);
    return 0;
}

static int run_probe(wc_ctx *c, mutex_probe *p) {
    HANDLE t = CreateThread(NULL, 0, mutex_thread, p, 0, NULL);
    if (!wc_check(c, t != NULL, "set-up: CreateThread: error %lu", (unsigned long)GetLastError())) return 0;
    join(c, t, "mutex probe");
    return 1;
}

/* S3 ("CreateMutexW": bInitialOwner; "ReleaseMutex": "If the caller does not own the mutex
 * object, the function fails" (ERROR_NOT_OWNER); a thread that owns a mutex can wait on it
 * again without blocking and must release it once per satisfied wait).  Wine's test_mutex,
 * run on Windows: ERROR_NOT_OWNER for a mutex never taken, after the last of 100 releases, and
 * for a second release of an initially owned one; another thread's wait times out. */
static void mutexes(wc_ctx *c) {
    HANDLE m = CreateMutexW(NULL, FALSE, NULL);
    HANDLE owned = CreateMutexA(NULL, TRUE, NULL);
    if (!wc_check(c, m && owned, "set-up: CreateMutex: error %lu", (unsigned long)GetLastError())) return;
    SetLastError(0);
    BOOL ok = ReleaseMutex(m);
    DWORD e = err_after();
    wc_check(c, !ok && e == ERROR_NOT_OWNER,
             "ReleaseMutex of a mutex nobody owns: %d, error %lu; expected FALSE, ERROR_NOT_OWNER (288)", (int)ok,
             (unsigned long)e);
    for (int i = 0; i < 3; i++) wc_expect_int(c, WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    /* owned three times: another thread can neither take nor release it */
    mutex_probe p = {m, 0xFFFFFFFFu, TRUE, 0, 0};
    if (run_probe(c, &p))
        wc_check(c, p.wait == WAIT_TIMEOUT && !p.released && p.release_err == ERROR_NOT_OWNER,
                 "another thread on the owned mutex: wait %lu, ReleaseMutex %d (error %lu); expected WAIT_TIMEOUT and "
                 "FALSE with ERROR_NOT_OWNER",
                 (unsigned long)p.wait, (int)p.released, (unsigned long)p.release_err);
    int released = 0;
    while (released < 5 && ReleaseMutex(m)) released++;
    e = err_after();
    wc_check(c, released == 3 && e == ERROR_NOT_OWNER,
             "a mutex taken by 3 waits was released %d times, then error %lu; expected 3, then ERROR_NOT_OWNER",
             released, (unsigned long)e);
    /* free again: the other thread takes and releases it */
    mutex_probe q = {m, 0xFFFFFFFFu, FALSE, 0, 0};
    if (run_probe(c, &q))
        wc_check(c, q.wait == WAIT_OBJECT_0 && q.released,
                 "another thread on the released mutex: wait %lu, ReleaseMutex %d; expected WAIT_OBJECT_0 and TRUE",
                 (unsigned long)q.wait, (int)q.released);
    /* created owned: one release, then not owned */
    wc_check(c, ReleaseMutex(owned), "ReleaseMutex of a mutex created owned: error %lu", (unsigned long)GetLastError());
    SetLastError(0);
    ok = ReleaseMutex(owned);
    e = err_after();
    wc_check(c, !ok && e == ERROR_NOT_OWNER, "a second ReleaseMutex of a mutex created owned: %d, error %lu", (int)ok,
             (unsigned long)e);
    SetLastError(0);
    ok = ReleaseMutex(BOGUS_HANDLE);
    e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "ReleaseMutex on a handle that names nothing: %d, error %lu; expected ERROR_INVALID_HANDLE", (int)ok,
             (unsigned long)e);
    CloseHandle(owned);
    CloseHandle(m);
}

/* S3 ("WaitForSingleObject", Return value: WAIT_ABANDONED "the specified object is a mutex
 * object that was not released by the thread that owned the mutex object before the owning
 * thread terminated.  Ownership of the mutex object is granted to the calling thread";
 * "WaitForMultipleObjects": WAIT_ABANDONED_0 + the index).  A service whose worker died holding
 * its lock learns it here.  After that wait the caller owns the mutex: the next wait is a plain
 * WAIT_OBJECT_0, and it releases it twice. */
static void mutex_abandoned(wc_ctx *c) {
    HANDLE m = CreateMutexW(NULL, FALSE, NULL);
    HANDLE m2 = CreateMutexW(NULL, FALSE, NULL);
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!wc_check(c, m && m2 && ev, "set-up: CreateMutexW/CreateEventW: error %lu", (unsigned long)GetLastError()))
        return;
    mutex_probe p = {m, 0xFFFFFFFFu, FALSE, 0, 1};
    mutex_probe p2 = {m2, 0xFFFFFFFFu, FALSE, 0, 1};
    if (!run_probe(c, &p) || !run_probe(c, &p2)) return;
    wc_check(c, p.wait == WAIT_OBJECT_0 && p2.wait == WAIT_OBJECT_0, "set-up: the threads' waits: %lu, %lu",
             (unsigned long)p.wait, (unsigned long)p2.wait);
    wc_expect_int(c, WaitForSingleObject(m, 0), WAIT_ABANDONED);
    wc_expect_int(c, WaitForSingleObject(m, 0), WAIT_OBJECT_0); /* owned now, recursively; no longer abandoned */
    int released = 0;
    while (released < 4 && ReleaseMutex(m)) released++;
    wc_check(c, released == 2, "the mutex taken abandoned, then again, was released %d times; expected 2", released);
    HANDLE two[2] = {ev, m2};
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_ABANDONED_0 + 1);
    wc_check(c, ReleaseMutex(m2), "ReleaseMutex of the mutex the wait took abandoned: error %lu",
             (unsigned long)GetLastError());
    wc_expect_int(c, WaitForMultipleObjects(2, two, FALSE, 0), WAIT_OBJECT_0 + 1);
    ReleaseMutex(m2);
    CloseHandle(ev);
    CloseHandle(m2);
    CloseHandle(m);
}

/* ---------------------------------------------------------------- threads */
typedef struct gated {
    HANDLE gate; /* the thread waits for it, then returns `code` */
    DWORD code;
    DWORD tid; /* GetCurrentThreadId() in the thread */
    void *arg_seen;
} gated;

static DWORD WINAPI gated_thread(LPVOID arg) {
    gated *g = arg;
    g->arg_seen = arg;
    g->tid = GetCurrentThreadId();
    WaitForSingleObject(g->gate, THREAD_WAIT_MS);
    return g->code;
}

static unsigned WINAPI gated_crt_thread(void *arg) { return (unsigned)gated_thread(arg); }

/* S3 ("CreateThread": lpThreadId receives the thread identifier, lpParameter is passed to the
 * function; "GetExitCodeThread": "If the specified thread has not terminated ... the status
 * returned is STILL_ACTIVE", else the function's return value; "WaitForSingleObject": a thread
 * is signalled when it terminates; "_beginthreadex" returns the handle, 0 on error).  A service
 * stops its workers by these. */
static int invalid_calls;
static void count_invalid(const wchar_t *expression, const wchar_t *function, const wchar_t *file, unsigned int line,
                          uintptr_t reserved) {
    (void)expression, (void)function, (void)file, (void)line, (void)reserved;
    invalid_calls++;
}

static void thread_exit_codes(wc_ctx *c) {
    /* each way with a place for the thread id, then with none ("If this parameter is NULL, the
     * thread identifier is not returned"; thrdaddr "can be NULL") */
    for (int way = 0; way < 4; way++) {
        int crt = way & 1, no_id = way >= 2;
        const char *how = crt ? (no_id ? "_beginthreadex, thrdaddr NULL" : "_beginthreadex")
                              : (no_id ? "CreateThread, lpThreadId NULL" : "CreateThread");
        gated g = {CreateEventW(NULL, TRUE, FALSE, NULL), crt ? 0x2468ace0u : 0x1234abcdu, 0, NULL};
        if (!wc_check(c, g.gate != NULL, "set-up: CreateEventW: error %lu", (unsigned long)GetLastError())) return;
        DWORD id = 0;
        unsigned crt_id = 0;
        HANDLE t = crt ? (HANDLE)_beginthreadex(NULL, 0, gated_crt_thread, &g, 0, no_id ? NULL : &crt_id)
                       : CreateThread(NULL, 0, gated_thread, &g, 0, no_id ? NULL : &id);
        if (crt) id = crt_id;
        if (!wc_check(c, t != NULL, "%s: error %lu", how, (unsigned long)GetLastError())) {
            CloseHandle(g.gate);
            return;
        }
        DWORD code = 0;
        BOOL ok = GetExitCodeThread(t, &code);
        wc_check(c, ok && code == STILL_ACTIVE,
                 "GetExitCodeThread of a running thread (%s): %d, code %lu; expected TRUE, STILL_ACTIVE (259)", how,
                 (int)ok, (unsigned long)code);
        wc_expect_int(c, WaitForSingleObject(t, 0), WAIT_TIMEOUT);
        SetEvent(g.gate);
        wc_expect_int(c, WaitForSingleObject(t, THREAD_WAIT_MS), WAIT_OBJECT_0);
        wc_expect_int(c, WaitForSingleObject(t, 0), WAIT_OBJECT_0); /* stays signalled */
        code = 0;
        ok = GetExitCodeThread(t, &code);
        wc_check(c, ok && code == g.code, "GetExitCodeThread of the ended thread (%s): %d, code 0x%lx; expected 0x%lx",
                 how, (int)ok, (unsigned long)code, (unsigned long)g.code);
        wc_check(c, g.arg_seen == &g, "%s: the thread got lpParameter %p, not %p", how, g.arg_seen, (void *)&g);
        if (no_id) id = g.tid;
        wc_check(c, id != 0 && id == g.tid && id != GetCurrentThreadId(),
                 "%s: thread id %lu; the thread's GetCurrentThreadId %lu, the caller's %lu; expected the same nonzero "
                 "id, not the caller's",
                 how, (unsigned long)id, (unsigned long)g.tid, (unsigned long)GetCurrentThreadId());
        CloseHandle(t);
        CloseHandle(g.gate);
    }
    /* "CreateThread", CREATE_SUSPENDED: "The thread does not run until the ResumeThread function
     * is called"; "ResumeThread": it returns "the thread's previous suspend count", and the
     * thread runs once that count is decremented to zero; (DWORD)-1 when it fails.  A service
     * that sets a worker up before it runs does this.  A second thread made suspended beside it
     * stays suspended while the first is resumed and runs to its end. */
    gated sg = {CreateEventW(NULL, TRUE, TRUE, NULL), 0x13579bdfu, 0, NULL}; /* the gate is open */
    gated sg2 = {sg.gate, 0x2468bdf0u, 0, NULL};
    DWORD sid = 0, sid2 = 0;
    HANDLE st = sg.gate ? CreateThread(NULL, 0, gated_thread, &sg, CREATE_SUSPENDED, &sid) : NULL;
    HANDLE st2 = sg.gate ? CreateThread(NULL, 0, gated_thread, &sg2, CREATE_SUSPENDED, &sid2) : NULL;
    if (wc_check(c, st != NULL && st2 != NULL, "CreateThread(CREATE_SUSPENDED), twice: error %lu",
                 (unsigned long)GetLastError())) {
        wc_expect_int(c, WaitForSingleObject(st, 100), WAIT_TIMEOUT);
        wc_check(c, sg.arg_seen == NULL, "a thread made with CREATE_SUSPENDED ran before ResumeThread");
        DWORD prev = ResumeThread(st);
        wc_check(c, prev == 1, "ResumeThread of a thread made suspended: %ld; expected its previous count, 1",
                 (long)prev);
        wc_expect_int(c, WaitForSingleObject(st, THREAD_WAIT_MS), WAIT_OBJECT_0);
        DWORD sc = 0;
        wc_check(c, GetExitCodeThread(st, &sc) && sc == sg.code && sg.arg_seen == &sg,
                 "the resumed thread: exit code 0x%lx, lpParameter %p; expected 0x%lx and %p", (unsigned long)sc,
                 sg.arg_seen, (unsigned long)sg.code, (void *)&sg);
        wc_check(c, WaitForSingleObject(st2, 100) == WAIT_TIMEOUT && sg2.arg_seen == NULL,
                 "the second suspended thread ran when only the first was resumed");
        prev = ResumeThread(st2);
        wc_check(c, prev == 1 && WaitForSingleObject(st2, THREAD_WAIT_MS) == WAIT_OBJECT_0 && sg2.arg_seen == &sg2,
                 "the second suspended thread, resumed (previous count %ld): did not run to its end", (long)prev);
    }
    if (st) CloseHandle(st);
    if (st2) CloseHandle(st2);
    if (sg.gate) CloseHandle(sg.gate);
    SetLastError(0);
    DWORD rprev = ResumeThread(BOGUS_HANDLE);
    DWORD re = err_after();
    wc_check(c, rprev == (DWORD)-1 && re == ERROR_INVALID_HANDLE,
             "ResumeThread on a handle that names nothing: %ld, error %lu; expected (DWORD)-1, ERROR_INVALID_HANDLE",
             (long)rprev, (unsigned long)re);
    DWORD code = 0x5555u;
    SetLastError(0);
    BOOL ok = GetExitCodeThread(BOGUS_HANDLE, &code);
    DWORD e = err_after();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "GetExitCodeThread on a handle that names nothing: %d, error %lu; expected FALSE, ERROR_INVALID_HANDLE",
             (int)ok, (unsigned long)e);
    /* no start address, no place for the exit code, no handle array: Windows faults (in the new
     * thread, or in the call), so asked of the model only, whose answers are pinned */
    if (wc_on_model(c)) {
        SetLastError(0);
        HANDLE none = CreateThread(NULL, 0, NULL, NULL, 0, NULL);
        e = err_after();
        wc_model_answer(c, "CreateThread.no-start-address", "%s %lu", none ? "a thread" : "NULL", (unsigned long)e);
        if (none) CloseHandle(none);
        /* "_beginthread, _beginthreadex": with no start address the invalid parameter handler
         * runs, and "if execution is allowed to continue" the call sets errno to EINVAL and
         * _beginthreadex returns 0 (with no handler set, the process would end here) */
        errno = 0;
        invalid_calls = 0;
        _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid);
        uintptr_t crt = _beginthreadex(NULL, 0, NULL, NULL, 0, NULL);
        int crt_errno = errno;
        _set_invalid_parameter_handler(old);
        wc_check(c, crt == 0 && crt_errno == EINVAL && invalid_calls == 1,
                 "_beginthreadex with no start address on the model: %s, errno %d, the invalid parameter handler "
                 "called %d times; expected 0, EINVAL, once",
                 crt ? "a thread" : "0", crt_errno, invalid_calls);
        if (crt) CloseHandle((HANDLE)crt);
        /* _beginthread the same way, its failure being -1 */
        errno = 0;
        invalid_calls = 0;
        old = _set_invalid_parameter_handler(count_invalid);
        uintptr_t plain = _beginthread(NULL, 0, NULL);
        crt_errno = errno;
        _set_invalid_parameter_handler(old);
        wc_check(c, plain == (uintptr_t)-1 && crt_errno == EINVAL && invalid_calls == 1,
                 "_beginthread with no start address on the model: %s, errno %d, the invalid parameter handler "
                 "called %d times; expected -1, EINVAL, once",
                 plain == (uintptr_t)-1 ? "-1" : "a thread", crt_errno, invalid_calls);
        HANDLE self = CreateEventW(NULL, TRUE, TRUE, NULL);
        SetLastError(0);
        ok = GetExitCodeThread(self, NULL);
        e = err_after();
        DWORD w = WaitForMultipleObjects(1, NULL, FALSE, 0);
        DWORD we = err_after();
        wc_model_answer(c, "kernel32.null-out-pointers", "GetExitCodeThread %d %lu, WaitForMultipleObjects %s %lu",
                        (int)ok, (unsigned long)e, w == WAIT_FAILED ? "WAIT_FAILED" : "no failure", (unsigned long)we);
        if (self) CloseHandle(self);
    }
}

/* ------------------------------------------------------------ wrong kinds */
static DWORD WINAPI returns_at_once(LPVOID arg) {
    (void)arg;
    return 5;
}

/* S3 (each call is for one kind of object: "SetEvent"/"ResetEvent" an event, "ReleaseMutex" a
 * mutex, "ReleaseSemaphore" a semaphore, "GetExitCodeThread" a thread; the kernel answers a
 * handle of another kind with STATUS_OBJECT_TYPE_MISMATCH, which GetLastError gives as
 * ERROR_INVALID_HANDLE: Wine's sync tests, run on Windows, see ERROR_INVALID_HANDLE from
 * SignalObjectAndWait on a file).  A service that mixes its handles up must hear of it, and the
 * object must not change. */
static void wrong_kind(wc_ctx *c) {
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE mx = CreateMutexW(NULL, FALSE, NULL);
    HANDLE sem = CreateSemaphoreW(NULL, 0, 2, NULL);
    HANDLE th = CreateThread(NULL, 0, returns_at_once, NULL, 0, NULL);
    if (!wc_check(c, ev && mx && sem && th, "set-up: the objects: error %lu", (unsigned long)GetLastError())) return;
    wc_expect_int(c, WaitForSingleObject(th, THREAD_WAIT_MS), WAIT_OBJECT_0);
    static const char *const calls[] = {
        "SetEvent(mutex)",         "SetEvent(semaphore)",      "ResetEvent(mutex)",       "SetEvent(thread)",
        "ResetEvent(thread)",      "ReleaseMutex(event)",      "ReleaseMutex(semaphore)", "ReleaseSemaphore(event)",
        "ReleaseSemaphore(mutex)", "GetExitCodeThread(event)", "GetExitCodeThread(mutex)"};
    for (int i = 0; i < (int)(sizeof calls / sizeof calls[0]); i++) {
        DWORD code = 0x5555u;
        SetLastError(0);
        BOOL ok = i == 0   ? SetEvent(mx)
                  : i == 1 ? SetEvent(sem)
                  : i == 2 ? ResetEvent(mx)
                  : i == 3 ? SetEvent(th)
                  : i == 4 ? ResetEvent(th)
                  : i == 5 ? ReleaseMutex(ev)
                  : i == 6 ? ReleaseMutex(sem)
                  : i == 7 ? ReleaseSemaphore(ev, 1, NULL)
                  : i == 8 ? ReleaseSemaphore(mx, 1, NULL)
                  : i == 9 ? GetExitCodeThread(ev, &code)
                           : GetExitCodeThread(mx, &code);
        DWORD e = err_after();
        wc_check(c, !ok && e == ERROR_INVALID_HANDLE, "%s: %d, error %lu; expected FALSE, ERROR_INVALID_HANDLE (6)",
                 calls[i], (int)ok, (unsigned long)e);
    }
    /* nothing changed: the event is not signalled, the semaphore has no count, the mutex is
     * free, the thread's handle stays signalled with its code */
    wc_expect_int(c, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    wc_expect_int(c, WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
    wc_expect_int(c, WaitForSingleObject(th, 0), WAIT_OBJECT_0);
    DWORD code = 0;
    wc_check(c, GetExitCodeThread(th, &code) && code == 5, "GetExitCodeThread of the thread: code %lu; expected 5",
             (unsigned long)code);
    wc_expect_int(c, WaitForSingleObject(mx, 0), WAIT_OBJECT_0);
    wc_check(c, ReleaseMutex(mx), "ReleaseMutex after the mix-ups: error %lu", (unsigned long)GetLastError());
    CloseHandle(th);
    CloseHandle(sem);
    CloseHandle(mx);
    CloseHandle(ev);
}

/* ------------------------------------------------------ critical sections */
typedef struct cs_probe {
    CRITICAL_SECTION *cs;
} cs_probe;

/* 1 when TryEnterCriticalSection succeeded (and left again), 0 when not. */
static DWORD WINAPI cs_try_thread(LPVOID arg) {
    CRITICAL_SECTION *cs = arg;
    if (!TryEnterCriticalSection(cs)) return 0;
    LeaveCriticalSection(cs);
    return 1;
}

static DWORD try_from_thread(wc_ctx *c, CRITICAL_SECTION *cs) {
    HANDLE t = CreateThread(NULL, 0, cs_try_thread, cs, 0, NULL);
    if (!wc_check(c, t != NULL, "set-up: CreateThread: error %lu", (unsigned long)GetLastError())) return 2;
    return join(c, t, "TryEnterCriticalSection from another thread");
}

/* S3 ("EnterCriticalSection": "After a thread has ownership of a critical section, it can make
 * additional calls to EnterCriticalSection ... without blocking"; "LeaveCriticalSection": "A
 * thread must call LeaveCriticalSection once for each time that it entered"; "TryEnterCriticalSection":
 * nonzero when the section is entered or the current thread already owns it, zero when another
 * thread owns it; "InitializeCriticalSectionAndSpinCount": always nonzero since Vista). */
static void critical_sections(wc_ctx *c) {
    CRITICAL_SECTION cs;
    wc_check(c, InitializeCriticalSectionAndSpinCount(&cs, 4000), "InitializeCriticalSectionAndSpinCount: FALSE");
    wc_expect_int(c, try_from_thread(c, &cs), 1); /* free: another thread enters */
    EnterCriticalSection(&cs);
    wc_check(c, TryEnterCriticalSection(&cs), "TryEnterCriticalSection by the owner: FALSE"); /* entered twice */
    wc_expect_int(c, try_from_thread(c, &cs), 0);
    LeaveCriticalSection(&cs);
    wc_expect_int(c, try_from_thread(c, &cs), 0); /* still entered once */
    LeaveCriticalSection(&cs);
    wc_expect_int(c, try_from_thread(c, &cs), 1);
    DeleteCriticalSection(&cs);
}

/* ---------------------------------------------------------------- SRW locks */
static DWORD WINAPI srw_shared_thread(LPVOID arg) {
    AcquireSRWLockShared(arg); /* blocks while the case holds it exclusively */
    ReleaseSRWLockShared(arg);
    return 3;
}

/* S3 ("Slim Reader/Writer (SRW) Locks": shared mode lets several readers in, exclusive mode
 * one writer and no reader; "TryAcquireSRWLockExclusive"/"TryAcquireSRWLockShared": nonzero when
 * acquired, zero otherwise; "AcquireSRWLockShared" waits while an exclusive owner holds it). */
static void srw_locks(wc_ctx *c) {
    SRWLOCK l;
    InitializeSRWLock(&l);
    wc_check(c, TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive of a free lock: FALSE");
    wc_check(c, !TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive of an exclusively held lock: TRUE");
    wc_check(c, !TryAcquireSRWLockShared(&l), "TryAcquireSRWLockShared of an exclusively held lock: TRUE");
    ReleaseSRWLockExclusive(&l);
    wc_check(c, TryAcquireSRWLockShared(&l), "TryAcquireSRWLockShared of a free lock: FALSE");
    wc_check(c, TryAcquireSRWLockShared(&l), "a second TryAcquireSRWLockShared of a shared lock: FALSE");
    wc_check(c, !TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive with two shared owners: TRUE");
    ReleaseSRWLockShared(&l);
    wc_check(c, !TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive with one shared owner left: TRUE");
    ReleaseSRWLockShared(&l);
    wc_check(c, TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive after both shared owners left: FALSE");
    /* held exclusively: a reader in another thread waits until it is released; twice, so that
     * a wait that left something behind (a lock of the implementation's own) shows in the second */
    for (int round = 0; round < 2; round++) {
        if (round) AcquireSRWLockExclusive(&l);
        HANDLE t = CreateThread(NULL, 0, srw_shared_thread, &l, 0, NULL);
        if (!wc_check(c, t != NULL, "set-up: CreateThread: error %lu", (unsigned long)GetLastError())) {
            ReleaseSRWLockExclusive(&l);
            return;
        }
        wc_expect_int(c, WaitForSingleObject(t, 50), WAIT_TIMEOUT);
        ReleaseSRWLockExclusive(&l);
        wc_expect_int(c, join(c, t, "a reader blocked by the writer"), 3);
    }
    AcquireSRWLockExclusive(&l); /* held exclusively: no reader and no other writer gets in */
    int shared_in = TryAcquireSRWLockShared(&l) != 0;
    wc_check(c, !shared_in, "TryAcquireSRWLockShared of a lock AcquireSRWLockExclusive holds: TRUE");
    if (shared_in) ReleaseSRWLockShared(&l);
    wc_check(c, !TryAcquireSRWLockExclusive(&l),
             "TryAcquireSRWLockExclusive of a lock AcquireSRWLockExclusive holds: TRUE");
    ReleaseSRWLockExclusive(&l);
    AcquireSRWLockShared(&l);
    wc_check(c, !TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive after AcquireSRWLockShared: TRUE");
    ReleaseSRWLockShared(&l);
    wc_check(c, TryAcquireSRWLockExclusive(&l), "TryAcquireSRWLockExclusive after every release: FALSE");
    ReleaseSRWLockExclusive(&l);
}

/* ------------------------------------------------------ condition variables */
typedef struct cv_scene {
    CONDITION_VARIABLE cv;
    CRITICAL_SECTION cs;
    int ready;
} cv_scene;

static DWORD WINAPI cv_waker(LPVOID arg) {
    cv_scene *s = arg;
    EnterCriticalSection(&s->cs);
    s->ready = 1;
    LeaveCriticalSection(&s->cs);
    WakeConditionVariable(&s->cv);
    return 0;
}

/* S3 ("SleepConditionVariableCS", "SleepConditionVariableSRW": "If the timeout expires the
 * function returns FALSE and GetLastError returns ERROR_TIMEOUT"; the lock is released while
 * sleeping and acquired again before the function returns, in the mode Flags names
 * (CONDITION_VARIABLE_LOCKMODE_SHARED or exclusive); "WakeConditionVariable" wakes a sleeper,
 * which returns TRUE). */
static void condition_variables(wc_ctx *c) {
    cv_scene s;
    InitializeConditionVariable(&s.cv);
    InitializeCriticalSection(&s.cs);
    s.ready = 0;
    EnterCriticalSection(&s.cs);
    SetLastError(0);
    BOOL ok = SleepConditionVariableCS(&s.cv, &s.cs, 10);
    DWORD e = err_after();
    wc_check(c, !ok && e == ERROR_TIMEOUT,
             "SleepConditionVariableCS that nothing wakes: %d, error %lu; expected FALSE, ERROR_TIMEOUT (1460)",
             (int)ok, (unsigned long)e);
    /* woken by another thread that needs the section: so it was released while sleeping */
    HANDLE t = CreateThread(NULL, 0, cv_waker, &s, 0, NULL);
    if (wc_check(c, t != NULL, "set-up: CreateThread: error %lu", (unsigned long)GetLastError())) {
        ok = TRUE;
        while (!s.ready && ok) ok = SleepConditionVariableCS(&s.cv, &s.cs, THREAD_WAIT_MS);
        wc_check(c, ok && s.ready, "SleepConditionVariableCS woken by WakeConditionVariable: %d (error %lu), ready %d",
                 (int)ok, (unsigned long)(ok ? 0 : GetLastError()), s.ready);
        LeaveCriticalSection(&s.cs);
        join(c, t, "the waking thread");
    } else {
        LeaveCriticalSection(&s.cs);
    }
    DeleteCriticalSection(&s.cs);

    SRWLOCK l = SRWLOCK_INIT;
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    AcquireSRWLockExclusive(&l);
    SetLastError(0);
    ok = SleepConditionVariableSRW(&cv, &l, 10, 0);
    e = err_after();
    wc_check(c, !ok && e == ERROR_TIMEOUT, "SleepConditionVariableSRW (exclusive) that nothing wakes: %d, error %lu",
             (int)ok, (unsigned long)e);
    wc_check(c, !TryAcquireSRWLockShared(&l),
             "after SleepConditionVariableSRW (exclusive) the lock is not held "
             "exclusively: a shared acquire succeeded");
    ReleaseSRWLockExclusive(&l);
    AcquireSRWLockShared(&l);
    SetLastError(0);
    ok = SleepConditionVariableSRW(&cv, &l, 10, CONDITION_VARIABLE_LOCKMODE_SHARED);
    e = err_after();
    wc_check(c, !ok && e == ERROR_TIMEOUT, "SleepConditionVariableSRW (shared) that nothing wakes: %d, error %lu",
             (int)ok, (unsigned long)e);
    wc_check(c, !TryAcquireSRWLockExclusive(&l),
             "after SleepConditionVariableSRW (shared) the lock is not held: an exclusive acquire succeeded");
    BOOLEAN again = TryAcquireSRWLockShared(&l);
    wc_check(c, again,
             "after SleepConditionVariableSRW (shared) the lock is held exclusively: a shared acquire failed");
    if (again) ReleaseSRWLockShared(&l);
    ReleaseSRWLockShared(&l);
    WakeAllConditionVariable(&cv); /* nobody sleeps: nothing happens */
    wc_check(c, TryAcquireSRWLockExclusive(&l), "the lock after every release: not free");
    ReleaseSRWLockExclusive(&l);
}

/* ------------------------------------------------------- FormatMessageA/W */
/* S3 ("FormatMessageA": with FORMAT_MESSAGE_FROM_SYSTEM the system's message for dwMessageId;
 * the return value is "the number of TCHARs stored in the output buffer, excluding the
 * terminating null character"; FORMAT_MESSAGE_ALLOCATE_BUFFER stores a LocalAlloc'd pointer in
 * lpBuffer, freed with LocalFree, which returns NULL on success; FORMAT_MESSAGE_MAX_WIDTH_MASK:
 * "the function ignores regular line breaks ... generates no new line breaks"; "System Error
 * Codes": the English text of ERROR_INVALID_HANDLE and WSAECONNREFUSED; bit 29 is reserved
 * for application codes, so no system message has it: ERROR_MR_MID_NOT_FOUND).  Wine's
 * format_msg tests, run on Windows: a buffer too small is 0 with ERROR_INSUFFICIENT_BUFFER.
 * "FormatMessageW": the same, in WCHARs. */
static void format_message(wc_ctx *c) {
    const DWORD flags = FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;
    const DWORD us = MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US);
    static const struct {
        DWORD code;
        const char *text;
    } t[] = {{ERROR_INVALID_HANDLE, "The handle is invalid.\r\n"},
             {WSAECONNREFUSED, "No connection could be made because the target machine actively refused it.\r\n"}};
    /* A Windows installed in another language may have no English system messages at all: the
     * US English texts are then ERROR_RESOURCE_LANG_NOT_FOUND, and nothing here can be judged.
     * The model has them, so there it is a failure like any other. */
    char probe[256];
    if (FormatMessageA(flags, NULL, ERROR_INVALID_HANDLE, us, probe, sizeof probe, NULL) == 0 &&
        GetLastError() == ERROR_RESOURCE_LANG_NOT_FOUND && !wc_on_model(c))
        wc_unsupported(c, "this system has no US English system messages (ERROR_RESOURCE_LANG_NOT_FOUND)");
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char buf[256];
        memset(buf, 0x5A, sizeof buf);
        DWORD n = FormatMessageA(flags, NULL, t[i].code, us, buf, sizeof buf, NULL);
        DWORD len = (DWORD)strlen(t[i].text);
        wc_check(c, n == len && memcmp(buf, t[i].text, (size_t)len + 1) == 0,
                 "FormatMessageA(%lu): %lu \"%.*s\" (error %lu); expected %lu \"%s\"", (unsigned long)t[i].code,
                 (unsigned long)n, (int)(n < sizeof buf ? n : 0), buf, (unsigned long)(n ? 0 : GetLastError()),
                 (unsigned long)len, t[i].text);
        /* nSize counts the NUL: len + 1 fits, len does not */
        memset(buf, 0x5A, sizeof buf);
        n = FormatMessageA(flags, NULL, t[i].code, us, buf, len + 1, NULL);
        wc_check(c, n == len && memcmp(buf, t[i].text, (size_t)len + 1) == 0,
                 "FormatMessageA(%lu) into exactly %lu chars: %lu", (unsigned long)t[i].code, (unsigned long)len + 1,
                 (unsigned long)n);
        SetLastError(0);
        n = FormatMessageA(flags, NULL, t[i].code, us, buf, len, NULL);
        DWORD e = err_after();
        wc_check(c, n == 0 && e == ERROR_INSUFFICIENT_BUFFER,
                 "FormatMessageA(%lu) into %lu chars, one short: %lu, error %lu; expected 0, ERROR_INSUFFICIENT_BUFFER "
                 "(122)",
                 (unsigned long)t[i].code, (unsigned long)len, (unsigned long)n, (unsigned long)e);
        /* FormatMessageW: the same text in UTF-16, nSize in WCHARs, the same rule at its end */
        WCHAR wbuf[256];
        for (size_t k = 0; k < sizeof wbuf / sizeof *wbuf; k++) wbuf[k] = 0x5A5A;
        n = FormatMessageW(flags, NULL, t[i].code, us, wbuf, len + 1, NULL);
        int same = n == len && wbuf[len] == 0 && wbuf[len + 1] == 0x5A5A;
        for (DWORD k = 0; same && k < len; k++) same = wbuf[k] == (WCHAR)(unsigned char)t[i].text[k];
        wc_check(c, same, "FormatMessageW(%lu) into exactly %lu WCHARs: %lu (error %lu), or another text",
                 (unsigned long)t[i].code, (unsigned long)len + 1, (unsigned long)n,
                 (unsigned long)(n ? 0 : GetLastError()));
        SetLastError(0);
        n = FormatMessageW(flags, NULL, t[i].code, us, wbuf, len, NULL);
        e = err_after();
        wc_check(c, n == 0 && e == ERROR_INSUFFICIENT_BUFFER,
                 "FormatMessageW(%lu) into %lu WCHARs, one short: %lu, error %lu; expected 0, "
                 "ERROR_INSUFFICIENT_BUFFER (122)",
                 (unsigned long)t[i].code, (unsigned long)len, (unsigned long)n, (unsigned long)e);
    }
    WCHAR *wp = NULL;
    DWORD wn =
        FormatMessageW(flags | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_INVALID_HANDLE, us, (LPWSTR)&wp, 0, NULL);
    if (wc_check(c, wn == 24 && wp != NULL,
                 "FormatMessageW with FORMAT_MESSAGE_ALLOCATE_BUFFER: %lu, buffer %p (error %lu)", (unsigned long)wn,
                 (void *)wp, (unsigned long)(wn ? 0 : GetLastError()))) {
        wc_check(c, wp[0] == 'T' && wp[22] == '\r' && wp[23] == '\n' && wp[24] == 0,
                 "FormatMessageW's allocated text is not \"The handle is invalid.\\r\\n\"");
        wc_check(c, LocalFree(wp) == NULL, "LocalFree of FormatMessageW's buffer did not return NULL");
    }
    /* dwLanguageId: "If you pass in a specific LANGID in this parameter, FormatMessage will return
     * a message for that LANGID only.  If the function cannot find a message for that LANGID, it
     * sets Last-Error to ERROR_RESOURCE_LANG_NOT_FOUND."  Which languages a Windows machine has
     * is its own; the model has US English only, so asked of the model. */
    if (wc_on_model(c)) {
        char jbuf[64];
        memset(jbuf, 0x5A, sizeof jbuf);
        SetLastError(0);
        DWORD jn = FormatMessageA(flags, NULL, ERROR_INVALID_HANDLE,
                                  MAKELANGID(0x11 /* LANG_JAPANESE */, SUBLANG_DEFAULT), jbuf, sizeof jbuf, NULL);
        DWORD je = err_after();
        wc_check(c, jn == 0 && je == ERROR_RESOURCE_LANG_NOT_FOUND && (unsigned char)jbuf[0] == 0x5A,
                 "FormatMessageA in Japanese on the model: %lu, error %lu; expected 0, ERROR_RESOURCE_LANG_NOT_FOUND "
                 "and the buffer untouched",
                 (unsigned long)jn, (unsigned long)je);
    }
    /* Every Windows Sockets error a call here can give has a system text of its own ("Windows
     * Sockets Error Codes": each code its message): a code without one, or two codes with the
     * same, leave a proxy's log unreadable. */
    static const DWORD wsa[] = {WSAEINTR,          WSAEACCES,         WSAEFAULT,       WSAEINVAL,       WSAEMFILE,
                                WSAEWOULDBLOCK,    WSAEINPROGRESS,    WSAEALREADY,     WSAENOTSOCK,     WSAEDESTADDRREQ,
                                WSAEMSGSIZE,       WSAENOPROTOOPT,    WSAEOPNOTSUPP,   WSAEAFNOSUPPORT, WSAEADDRINUSE,
                                WSAEADDRNOTAVAIL,  WSAENETDOWN,       WSAECONNABORTED, WSAECONNRESET,   WSAENOBUFS,
                                WSAEISCONN,        WSAENOTCONN,       WSAESHUTDOWN,    WSAETIMEDOUT,    WSAECONNREFUSED,
                                WSANOTINITIALISED, WSAHOST_NOT_FOUND, WSATRY_AGAIN,    WSANO_RECOVERY,  WSANO_DATA};
    enum { NWSA = sizeof wsa / sizeof wsa[0] };
    static char texts[NWSA][256];
    for (size_t i = 0; i < NWSA; i++) {
        DWORD n = FormatMessageA(flags, NULL, wsa[i], us, texts[i], sizeof texts[i], NULL);
        if (!wc_check(c, n > 0, "FormatMessageA(%lu): no text (error %lu)", (unsigned long)wsa[i],
                      (unsigned long)GetLastError()))
            texts[i][0] = 0;
        for (size_t j = 0; j < i && n > 0; j++)
            wc_check(c, strcmp(texts[i], texts[j]) != 0, "FormatMessageA gives %lu and %lu the same text \"%.60s\"",
                     (unsigned long)wsa[i], (unsigned long)wsa[j], texts[i]);
    }
    char *p = NULL;
    DWORD n =
        FormatMessageA(flags | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_INVALID_HANDLE, us, (LPSTR)&p, 0, NULL);
    if (wc_check(c, n == 24 && p != NULL,
                 "FormatMessageA with FORMAT_MESSAGE_ALLOCATE_BUFFER: %lu, buffer %p (error %lu)", (unsigned long)n,
                 (void *)p, (unsigned long)(n ? 0 : GetLastError()))) {
        wc_expect_str(c, p, "The handle is invalid.\r\n");
        wc_check(c, LocalFree(p) == NULL, "LocalFree of FormatMessageA's buffer did not return NULL");
    }
    /* nSize is then "the minimum number of TCHARs to allocate": a minimum of exactly the text's
     * length still gets room for the text and its terminator (mutation testing: a model that
     * allocated just nSize wrote past it) */
    char *p2 = NULL;
    n = FormatMessageA(flags | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_INVALID_HANDLE, us, (LPSTR)&p2, 24, NULL);
    if (wc_check(c, n == 24 && p2 != NULL, "FormatMessageA with FORMAT_MESSAGE_ALLOCATE_BUFFER and nSize 24: %lu",
                 (unsigned long)n)) {
        wc_expect_str(c, p2, "The handle is invalid.\r\n");
        LocalFree(p2);
    }
    if (wc_on_model(c)) { /* the pointer's home is read-only: Windows faults storing it */
        n = FormatMessageA(flags | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_INVALID_HANDLE, us,
                           (LPSTR)wt_readonly_page(wc_target(c)), 0, NULL);
        wc_model_answer(c, "FormatMessageA.read-only-buffer", "%lu %lu", (unsigned long)n,
                        (unsigned long)(n ? 0 : GetLastError()));
        /* a buffer said to hold the 24 characters and the NUL, whose NUL would land on a guard
         * page: Windows faults writing it; the model refuses the whole call first */
        char *edge = wt_guarded_buffer(wc_target(c), 24);
        n = edge ? FormatMessageA(flags, NULL, ERROR_INVALID_HANDLE, us, edge, 25, NULL) : 1;
        wc_model_answer(c, "FormatMessageA.unwritable-nul", "%lu %lu", (unsigned long)n,
                        (unsigned long)(n ? 0 : GetLastError()));
    }
    char line[256];
    n = FormatMessageA(flags | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, ERROR_INVALID_HANDLE, us, line, sizeof line, NULL);
    wc_check(c,
             n >= 22 && n < sizeof line && strncmp(line, "The handle is invalid.", 22) == 0 && !strchr(line, '\r') &&
                 !strchr(line, '\n') && strlen(line) == n,
             "FormatMessageA with FORMAT_MESSAGE_MAX_WIDTH_MASK: %lu \"%.*s\"; expected the text with no line break",
             (unsigned long)n, (int)(n < sizeof line ? n : 0), line);
    SetLastError(0);
    n = FormatMessageA(flags, NULL, 0x20001234u, us, line, sizeof line, NULL);
    DWORD e = err_after();
    wc_check(c, n == 0 && e == ERROR_MR_MID_NOT_FOUND,
             "FormatMessageA of an application code (bit 29): %lu, error %lu; expected 0, ERROR_MR_MID_NOT_FOUND (317)",
             (unsigned long)n, (unsigned long)e);
}

/* ------------------------------------------------------------------ clocks */
/* S3 ("GetSystemTimeAsFileTime": the current UTC time in 100-nanosecond intervals since January
 * 1, 1601, which is 11644473600 s before the C library's time() epoch (January 1, 1970);
 * "QueryPerformanceFrequency": counts per second, nonzero, fixed at boot;
 * "QueryPerformanceCounter": the counter in those counts; "GetTickCount64": milliseconds,
 * GetTickCount the same count in 32 bits).  A service stamps its logs and times its
 * connections with them. */
static void clocks(wc_ctx *c) {
    FILETIME ft;
    time_t before = time(NULL);
    GetSystemTimeAsFileTime(&ft);
    time_t after = time(NULL);
    unsigned long long t100 = (unsigned long long)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
    long long unix_s = (long long)(t100 / 10000000ull) - 11644473600ll;
    wc_check(c, unix_s >= (long long)before - 1 && unix_s <= (long long)after + 1,
             "GetSystemTimeAsFileTime: %lld s after 1970, time() says %lld..%lld", unix_s, (long long)before,
             (long long)after);
    LARGE_INTEGER f, q1, q2;
    BOOL ok = QueryPerformanceFrequency(&f);
    wc_check(c, ok && f.QuadPart > 0, "QueryPerformanceFrequency: %d, %lld", (int)ok, (long long)f.QuadPart);
    if (!ok || f.QuadPart <= 0) return;
    ULONGLONG k1 = GetTickCount64();
    DWORD k32 = GetTickCount();
    wc_check(c, (DWORD)(k32 - (DWORD)k1) <= 1000u, "GetTickCount %lu against GetTickCount64 %llu (low 32 bits)",
             (unsigned long)k32, (unsigned long long)k1);
    ok = QueryPerformanceCounter(&q1);
    ULONGLONG k2 = k1;
    while ((k2 = GetTickCount64()) - k1 < 50) {
    }
    BOOL ok2 = QueryPerformanceCounter(&q2);
    ULONGLONG k3 = GetTickCount64();
    long long ms = (q2.QuadPart - q1.QuadPart) * 1000 / f.QuadPart;
    /* the counter ran between the tick readings around it, give or take a tick's resolution */
    wc_check(c, ok && ok2 && ms >= (long long)(k2 - k1) - 40 && ms <= (long long)(k3 - k1) + 40,
             "QueryPerformanceCounter over %llu..%llu ms of GetTickCount64 advanced %lld ms (frequency %lld)",
             (unsigned long long)(k2 - k1), (unsigned long long)(k3 - k1), ms, (long long)f.QuadPart);
    /* a wait's time shows on the tick counts ("Sleep": execution is suspended "until the time-out
     * interval elapses"; "select": a timeout is "the maximum time for select to wait"), give or
     * take two ticks of GetTickCount's resolution; a program times its retries so */
    ULONGLONG s0 = GetTickCount64();
    QueryPerformanceCounter(&q1);
    Sleep(300);
    ULONGLONG s1 = GetTickCount64();
    QueryPerformanceCounter(&q2);
    long long qms = (q2.QuadPart - q1.QuadPart) * 1000 / f.QuadPart;
    wc_check(c, s1 - s0 >= 268 && qms >= 268,
             "Sleep(300): GetTickCount64 moved %llu ms, QueryPerformanceCounter %lld ms; expected 300 or more, give or "
             "take a tick",
             (unsigned long long)(s1 - s0), qms);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (wc_check(c, u != INVALID_SOCKET && bind(u, (struct sockaddr *)&a, sizeof a) == 0, "set-up: a UDP socket: %d",
                 WSAGetLastError())) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(u, &rd);
        struct timeval tv = {0, 200000};
        s0 = GetTickCount64();
        int n = select(0, &rd, NULL, NULL, &tv);
        s1 = GetTickCount64();
        wc_check(c, n == 0 && s1 - s0 >= 168,
                 "select for 200 ms on a socket nothing reaches: %d, GetTickCount64 moved %llu ms; expected 0, 200 "
                 "or more, give or take a tick",
                 n, (unsigned long long)(s1 - s0));
    }
    if (u != INVALID_SOCKET) closesocket(u);
}

/* ---------------------------------------------------------------- inet_ntop */
/* S3 ("inet_ntop", Return value: WSAEAFNOSUPPORT when Family is neither AF_INET nor AF_INET6;
 * ERROR_INVALID_PARAMETER "if a NULL pointer is passed in the pStringBuf or the StringBufSize
 * parameter is zero ... also returned if the length of the address buffer ... is not large
 * enough to receive the string representation"; an IPv4-mapped IPv6 address is written with
 * its IPv4 part dotted, "::ffff:192.0.2.33", RFC 5952 section 5).  Wine's ws2_32 tests, run on
 * Windows, see STATUS_INVALID_PARAMETER (0xC000000D) from WSAGetLastError there, WSAEINVAL on
 * Windows 7: with the documented code, the three answers a caller can get. */
static int ntop_param_error(int e) { return e == ERROR_INVALID_PARAMETER || e == (int)0xC000000Du || e == WSAEINVAL; }

static void ntop(wc_ctx *c) {
    unsigned char v4[4] = {127, 0, 0, 1};
    char buf[64];
    memset(buf, 0x5A, sizeof buf);
    const char *r = inet_ntop(AF_INET, v4, buf, 10); /* "127.0.0.1" and its NUL */
    wc_check(c, r == buf && strcmp(buf, "127.0.0.1") == 0, "inet_ntop of 127.0.0.1 into 10 chars: %s",
             r ? buf : "NULL");
    wc_safety(c, buf[10] == 0x5A, "inet_ntop wrote past the 10 chars it was given");
    WSASetLastError(0);
    r = inet_ntop(AF_INET, v4, buf, 9);
    int e = WSAGetLastError();
    wc_check(c, r == NULL && ntop_param_error(e),
             "inet_ntop of 127.0.0.1 into 9 chars: %s, error %d; expected NULL, ERROR_INVALID_PARAMETER (87)",
             r ? buf : "NULL", e);
    WSASetLastError(0);
    r = inet_ntop(AF_INET, v4, NULL, 0);
    e = WSAGetLastError();
    wc_check(c, r == NULL && ntop_param_error(e),
             "inet_ntop with a NULL buffer: %p, error %d; expected NULL, ERROR_INVALID_PARAMETER", (const void *)r, e);
    WSASetLastError(0);
    r = inet_ntop(AF_INET, v4, NULL, 16);
    e = WSAGetLastError();
    wc_check(c, r == NULL && ntop_param_error(e),
             "inet_ntop with a NULL buffer of size 16: %p, error %d; expected NULL, ERROR_INVALID_PARAMETER",
             (const void *)r, e);
    WSASetLastError(0);
    r = inet_ntop(AF_INET, v4, buf, 0);
    e = WSAGetLastError();
    wc_check(c, r == NULL && ntop_param_error(e), "inet_ntop with StringBufSize 0: %p, error %d; expected NULL",
             (const void *)r, e);
    WSASetLastError(0);
    r = inet_ntop(AF_UNSPEC, v4, buf, sizeof buf);
    e = WSAGetLastError();
    wc_check(c, r == NULL && e == WSAEAFNOSUPPORT,
             "inet_ntop with family AF_UNSPEC: %s, error %d; expected NULL, WSAEAFNOSUPPORT (10047)", r ? buf : "NULL",
             e);
    if (wc_on_model(c)) { /* no page names pAddr's error: Windows reads through it */
        WSASetLastError(0);
        r = inet_ntop(AF_INET, NULL, buf, sizeof buf);
        wc_model_answer(c, "inet_ntop.null-address", "%s %d", r ? "text" : "NULL", WSAGetLastError());
    }
    unsigned char mapped[16] = {[10] = 0xff, [11] = 0xff, [12] = 192, [13] = 0, [14] = 2, [15] = 33};
    static const char mtext[] = "::ffff:192.0.2.33";
    memset(buf, 0x5A, sizeof buf);
    r = inet_ntop(AF_INET6, mapped, buf, sizeof mtext);
    wc_check(c, r == buf && strcmp(buf, mtext) == 0, "inet_ntop of an IPv4-mapped address: %s; expected %s",
             r ? buf : "NULL", mtext);
    wc_safety(c, buf[sizeof mtext] == 0x5A, "inet_ntop wrote past the %d chars it was given", (int)sizeof mtext);
    WSASetLastError(0);
    r = inet_ntop(AF_INET6, mapped, buf, sizeof mtext - 1);
    e = WSAGetLastError();
    wc_check(c, r == NULL && ntop_param_error(e), "inet_ntop of %s into %d chars: %s, error %d", mtext,
             (int)sizeof mtext - 1, r ? buf : "NULL", e);
    /* An IPv4-compatible address (::192.0.2.33, RFC 4291 2.5.5.1): whether a stack writes its
     * last 32 bits dotted or in hex, the text is one IPv6 address that reads back to it
     * ("inet_pton": 1 for a valid text). */
    unsigned char compat[16] = {[12] = 192, [13] = 0, [14] = 2, [15] = 33}, back[16];
    memset(buf, 0x5A, sizeof buf);
    r = inet_ntop(AF_INET6, compat, buf, sizeof buf);
    int pr = r ? inet_pton(AF_INET6, buf, back) : -2;
    wc_check(c, r == buf && pr == 1 && memcmp(back, compat, sizeof compat) == 0,
             "inet_ntop of the IPv4-compatible ::192.0.2.33 wrote %s, which inet_pton reads as %d%s", r ? buf : "NULL",
             pr, pr == 1 ? ", another address" : "");
}

/* S3 ("getaddrinfo": "If the pNodeName parameter is NULL" and AI_PASSIVE is set, the address is
 * INADDR_ANY; without AI_PASSIVE the loopback address; AI_NUMERICHOST: a text that is no
 * address is EAI_NONAME, WSAHOST_NOT_FOUND).  A proxy binds its listener this way. */
static void getaddrinfo_null_node(wc_ctx *c) {
    for (int passive = 0; passive < 2; passive++) {
        ADDRINFOA hints;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = passive ? AI_PASSIVE : 0;
        PADDRINFOA res = NULL;
        int rc = getaddrinfo(NULL, "8080", &hints, &res);
        const struct sockaddr_in *sin = res ? (const struct sockaddr_in *)res->ai_addr : NULL;
        unsigned long want = passive ? 0ul : 0x7f000001ul;
        wc_check(c,
                 rc == 0 && res && res->ai_family == AF_INET && sin && ntohl(sin->sin_addr.s_addr) == want &&
                     ntohs(sin->sin_port) == 8080 && res->ai_next == NULL,
                 "getaddrinfo(NULL, \"8080\", AF_INET%s): %d; expected one address 0x%08lx port 8080",
                 passive ? ", AI_PASSIVE" : "", rc, want);
        if (res) freeaddrinfo(res);
        /* the same for IPv6 (in6addr_any, in6addr_loopback) and for either family: an address of
         * each, and none of another family */
        static const BYTE any6[16] = {0}, loop6[16] = {[15] = 1};
        for (int fam = 0; fam < 2; fam++) {
            hints.ai_family = fam ? AF_UNSPEC : AF_INET6;
            res = NULL;
            rc = getaddrinfo(NULL, "8080", &hints, &res);
            int v4 = 0, v6 = 0, other = 0;
            for (const ADDRINFOA *r = rc == 0 ? res : NULL; r; r = r->ai_next) {
                if (r->ai_family == AF_INET && r->ai_addr) {
                    const struct sockaddr_in *a4 = (const struct sockaddr_in *)r->ai_addr;
                    v4 += ntohl(a4->sin_addr.s_addr) == want && ntohs(a4->sin_port) == 8080;
                } else if (r->ai_family == AF_INET6 && r->ai_addr) {
                    const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)r->ai_addr;
                    v6 += memcmp(&a6->sin6_addr, passive ? any6 : loop6, 16) == 0 && ntohs(a6->sin6_port) == 8080;
                } else
                    other++;
            }
            wc_check(c, rc == 0 && v6 >= 1 && !other && (fam ? v4 >= 1 : v4 == 0),
                     "getaddrinfo(NULL, \"8080\", %s%s): %d; %d IPv4 and %d IPv6 addresses of the %s, %d others",
                     fam ? "AF_UNSPEC" : "AF_INET6", passive ? ", AI_PASSIVE" : "", rc, v4, v6,
                     passive ? "wildcard" : "loopback", other);
            if (res) freeaddrinfo(res);
        }
    }
    ADDRINFOA hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_NUMERICHOST;
    PADDRINFOA res = NULL;
    int rc = getaddrinfo("not-an-address", "80", &hints, &res);
    wc_check(c, rc == EAI_NONAME && res == NULL,
             "getaddrinfo(\"not-an-address\", AI_NUMERICHOST): %d; expected EAI_NONAME (%d)", rc, (int)EAI_NONAME);
    if (res) freeaddrinfo(res);
}

#define W32(id, accepts, fn) WC_CASE("S3.win32." id, "S3", "#remarks", WC_MUST, accepts, fn)
static const wc_case cases[] = {
    W32("events",
        "manual- and auto-reset events seen by later waits; wait-any gives the lowest index, wait-all "
        "takes nothing until all are signalled",
        events),
    W32("wait-errors",
        "WAIT_FAILED with ERROR_INVALID_HANDLE for a handle that names nothing, ERROR_INVALID_PARAMETER "
        "for nCount 0 or 65; 64 handles are fine; SetEvent/ResetEvent/CloseHandle: ERROR_INVALID_HANDLE",
        wait_errors),
    W32("beginthread", "_beginthread runs its function on a thread of its own; its handle closes by itself",
        begin_thread),
    W32("console-ctrl",
        "GenerateConsoleCtrlEvent runs the SetConsoleCtrlHandler routines on a thread of their own, the last "
        "registered first, until one returns TRUE; SetConsoleCtrlHandler(NULL, TRUE) ignores CTRL+C, not CTRL+BREAK",
        console_ctrl),
    W32("exit-thread",
        "ExitThread, _endthreadex and _endthread end the calling thread with the code given, nothing after them "
        "runs, and a mutex it owned is abandoned",
        exit_thread),
    W32("open-named",
        "OpenEvent, OpenMutex and OpenSemaphore give another handle to the object of a name (A and W); "
        "ERROR_FILE_NOT_FOUND for a name no object has (once its last handle closed too), ERROR_INVALID_HANDLE for "
        "another kind's, ERROR_INVALID_PARAMETER for no name",
        open_named),
    W32("named-objects",
        "a name in use gives the existing object and ERROR_ALREADY_EXISTS, a new one leaves the last error 0; "
        "another kind's name: ERROR_INVALID_HANDLE; the object lives until its last handle closes; Local\\ is the "
        "default namespace",
        named_objects),
    W32("semaphores",
        "ERROR_INVALID_PARAMETER for bad counts; the previous counts; ERROR_TOO_MANY_POSTS past the "
        "maximum, count unchanged; exactly count waits succeed",
        semaphores),
    W32("mutexes",
        "recursive ownership released once a wait; ERROR_NOT_OWNER for a release by a non-owner; another "
        "thread's wait times out",
        mutexes),
    W32("mutex-abandoned", "a mutex whose owner thread ended: WAIT_ABANDONED (WAIT_ABANDONED_0 + i), then owned",
        mutex_abandoned),
    W32("thread-exit-codes",
        "STILL_ACTIVE while running, then the function's return value; the thread handle is "
        "signalled at its end; lpThreadId is the thread's GetCurrentThreadId; CREATE_SUSPENDED waits for "
        "ResumeThread",
        thread_exit_codes),
    W32("wrong-kind",
        "SetEvent, ResetEvent, ReleaseMutex, ReleaseSemaphore, GetExitCodeThread on an object of another "
        "kind: ERROR_INVALID_HANDLE, and the object is unchanged",
        wrong_kind),
    W32("critical-sections", "recursive entry; another thread's TryEnterCriticalSection fails until the last leave",
        critical_sections),
    W32("srw-locks", "shared owners exclude a writer, a writer excludes all; a blocked reader gets in at the release",
        srw_locks),
    W32("condition-variables",
        "a sleep nothing ends: FALSE, ERROR_TIMEOUT, the lock held again in its mode; a wake "
        "ends it with TRUE",
        condition_variables),
    W32("format-message",
        "the system's English texts with their length; ERROR_INSUFFICIENT_BUFFER one char short; "
        "LocalAlloc'd buffer; no line break with the width mask; ERROR_MR_MID_NOT_FOUND; FormatMessageW the same",
        format_message),
    W32("clocks",
        "GetSystemTimeAsFileTime agrees with time(); QueryPerformanceCounter runs at its frequency; the tick counts "
        "show the time a Sleep and a select took",
        clocks),
    W32("inet-ntop", "ERROR_INVALID_PARAMETER for a buffer one short or NULL; WSAEAFNOSUPPORT; IPv4-mapped form", ntop),
    W32("getaddrinfo-null-node",
        "no node: the wildcard with AI_PASSIVE, loopback without, for AF_INET, AF_INET6 and both; AI_NUMERICHOST: "
        "EAI_NONAME",
        getaddrinfo_null_node),
};
WC_TABLE(wc_win32_surface, cases);
