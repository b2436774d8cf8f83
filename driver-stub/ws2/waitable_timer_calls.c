/*
 * waitable_timer_calls.c: waitable timers, CreateWaitableTimerA/W, CreateWaitableTimerExW,
 * SetWaitableTimer and CancelWaitableTimer.
 *
 * Why: a service's main loop often waits with WaitForMultipleObjects on its stop event, its
 * sockets' events and a periodic waitable timer for its housekeeping (idle connections, log
 * rotation, statistics); without these names such a program does not link against the model.
 *
 * A waitable timer is an event of the model (so every wait call, CloseHandle included, takes its
 * handle) driven by a timer of the thread pool (threadpool_calls.c), which sets it when due.
 * Behaviour, from learn.microsoft.com ("CreateWaitableTimerW function", "CreateWaitableTimerExW
 * function", "SetWaitableTimer function", "CancelWaitableTimer function", "Waitable Timer
 * Objects"):
 *   kinds  bManualReset (CREATE_WAITABLE_TIMER_MANUAL_RESET) makes a notification timer, which
 *       stays signalled until set again; otherwise a synchronization timer, which a satisfied
 *       wait resets.  A new timer is inactive and not signalled.  A name is not supported by the
 *       model (ERROR_NOT_SUPPORTED): its objects have one process, and no caller was seen to
 *       share a timer by name.
 *   SetWaitableTimer  the timer becomes not signalled and active: lpDueTime negative is relative
 *       in 100 ns units, positive an absolute UTC FILETIME; lPeriod milliseconds after each due
 *       time it is due again (0: once; negative: ERROR_INVALID_PARAMETER).  When due it is
 *       signalled, and a completion routine, if given, is queued as an APC to the thread that
 *       set the timer with its argument and the due moment's FILETIME (low, high), to run in
 *       that thread's next alertable wait.  fResume is accepted (the model does not sleep).
 *   CancelWaitableTimer  the timer becomes inactive; its state does not change.  An APC already
 *       queued still runs (the page says outstanding APCs are cancelled: the model does not
 *       take them back; the difference shows only to a thread that cancels and then waits
 *       alertably).
 * A handle that is no waitable timer is ERROR_INVALID_HANDLE.
 */
#include "../net/net.h"
#include "../kernel/heap.h"
#include "../kernel/mutex.h"
#include "waitable_timer.h"
#include "wfpcert/sdk/threadpoolapiset.h"

#include <stdlib.h>

typedef struct wtimer {
    uint64_t event;
    PTP_TIMER tp;
    PTIMERAPCROUTINE routine;
    LPVOID arg;
    uint64_t thread; /* the handle of the thread that set it: its APCs go there */
    struct wtimer *next;
} wtimer;

static pthread_mutex_t timers_mu = MS_MUTEX_INITIALIZER;
static wtimer *timers; /* every timer made, until its handle is found closed */

typedef struct timer_apc {
    PTIMERAPCROUTINE routine;
    LPVOID arg;
    FILETIME when;
} timer_apc;

static void CALLBACK run_timer_apc(ULONG_PTR ctx) {
    timer_apc *a = (timer_apc *)ctx;
    a->routine(a->arg, a->when.dwLowDateTime, a->when.dwHighDateTime);
    free(a);
}

static void drop_timer_apc(DWORD_PTR ctx) { free((void *)ctx); }

static void CALLBACK due(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_TIMER tp) {
    (void)inst, (void)tp;
    wtimer *t = ctx;
    ms_world *w = ms_world_process();
    if (!w) return;
    timer_apc *a = NULL;
    ms_mutex_lock(&timers_mu);
    PTIMERAPCROUTINE routine = t->routine;
    LPVOID arg = t->arg;
    uint64_t thread = t->thread;
    ms_mutex_unlock(&timers_mu);
    if (routine && (a = malloc(sizeof *a)) != NULL) {
        a->routine = routine;
        a->arg = arg;
        GetSystemTimeAsFileTime(&a->when);
    }
    ms_lock(w);
    if (ms_event_set_locked(w, t->event, true) && a) {
        ms_thread *th = ms_thread_from_handle_locked(w, thread);
        ms_apc apc = {.kind = MS_APC_USER, .user_fn = run_timer_apc, .user_ctx = (DWORD_PTR)a, .drop = drop_timer_apc};
        if (th && ms_queue_apc_locked(w, th, &apc) == 0) a = NULL; /* the queue's now */
    }
    ms_unlock(w);
    free(a);
}

/* The record of a timer handle, NULL when h is none.  Records whose handle was closed are taken
 * off the list into *dead (timers_mu held), for reap(). */
static wtimer *find_locked(ms_world *w, uint64_t h, wtimer **dead) {
    wtimer *found = NULL;
    for (wtimer **pp = &timers; *pp;) {
        wtimer *t = *pp;
        ms_lock(w);
        bool open = ms_event_state_locked(w, t->event) >= 0;
        ms_unlock(w);
        if (!open) {
            *pp = t->next;
            t->next = *dead;
            *dead = t;
            continue;
        }
        if (t->event == h) found = t;
        pp = &t->next;
    }
    return found;
}

/* Stops and frees the records of closed timers, without timers_mu: a callback still running
 * takes it, and its record must outlive it. */
static void reap(wtimer *dead) {
    while (dead) {
        wtimer *next = dead->next;
        if (dead->tp) {
            SetThreadpoolTimer(dead->tp, NULL, 0, 0);
            WaitForThreadpoolTimerCallbacks(dead->tp, TRUE);
            CloseThreadpoolTimer(dead->tp);
        }
        free(dead);
        dead = next;
    }
}

/* The pool timer of the waitable timer h (made on first use), its callbacks stopped; NULL and
 * the error in *e when h is no timer or no memory is left. */
static PTP_TIMER stopped_timer(ms_world *w, HANDLE h, wtimer **rec, DWORD *e) {
    wtimer *dead = NULL;
    ms_mutex_lock(&timers_mu);
    wtimer *t = find_locked(w, (uint64_t)(uintptr_t)h, &dead);
    *e = !t ? ERROR_INVALID_HANDLE : 0;
    if (t && !t->tp && !(t->tp = CreateThreadpoolTimer(due, t, NULL))) *e = ERROR_NOT_ENOUGH_MEMORY;
    PTP_TIMER tp = *e ? NULL : t->tp;
    ms_mutex_unlock(&timers_mu);
    reap(dead);
    if (tp) SetThreadpoolTimer(tp, NULL, 0, 0);
    *rec = t;
    return tp;
}

static HANDLE create(bool manual, bool named) {
    if (named) {
        ms_set_last_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    ms_world *w = ms_world_process();
    wtimer *t = w ? calloc(1, sizeof *t) : NULL;
    if (t) {
        ms_lock(w);
        t->event = ms_event_create_ex_locked(w, manual, false);
        ms_unlock(w);
    }
    if (!t || !t->event) {
        free(t);
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    wtimer *dead = NULL;
    ms_mutex_lock(&timers_mu);
    (void)find_locked(w, 0, &dead); /* the timers closed meanwhile go */
    t->next = timers;
    timers = t;
    ms_mutex_unlock(&timers_mu);
    reap(dead);
    return (HANDLE)(uintptr_t)t->event;
}

HANDLE CreateWaitableTimerW(LPSECURITY_ATTRIBUTES attrs, BOOL manual, LPCWSTR name) {
    (void)attrs;
    return create(manual != 0, name != NULL);
}

HANDLE CreateWaitableTimerA(LPSECURITY_ATTRIBUTES attrs, BOOL manual, LPCSTR name) {
    (void)attrs;
    return create(manual != 0, name != NULL);
}

HANDLE CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES attrs, LPCWSTR name, DWORD flags, DWORD access) {
    (void)attrs, (void)access;
    if (flags & ~(DWORD)(CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION)) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return create((flags & CREATE_WAITABLE_TIMER_MANUAL_RESET) != 0, name != NULL);
}

BOOL SetWaitableTimer(HANDLE h, const LARGE_INTEGER *due_time, LONG period, PTIMERAPCROUTINE routine, LPVOID arg,
                      BOOL resume) {
    (void)resume;
    ms_world *w = ms_world_process();
    if (!w || !due_time || period < 0 || !ms_probe_read(due_time, sizeof *due_time)) {
        ms_set_last_error(w ? ERROR_INVALID_PARAMETER : ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    wtimer *t;
    DWORD e;
    PTP_TIMER tp = stopped_timer(w, h, &t, &e);
    if (!tp) {
        ms_set_last_error(e);
        return FALSE;
    }
    WaitForThreadpoolTimerCallbacks(tp, TRUE); /* the old setting's callbacks not yet started are dropped */
    ms_mutex_lock(&timers_mu);
    t->routine = routine;
    t->arg = arg;
    t->thread = ms_thread_self_handle(w);
    ms_mutex_unlock(&timers_mu);
    ms_lock(w);
    ms_event_set_locked(w, t->event, false);
    ms_unlock(w);
    FILETIME ft = {(DWORD)due_time->QuadPart, (DWORD)((uint64_t)due_time->QuadPart >> 32)};
    SetThreadpoolTimer(tp, &ft, (DWORD)period, 0);
    return TRUE;
}

BOOL CancelWaitableTimer(HANDLE h) {
    ms_world *w = ms_world_process();
    wtimer *t;
    DWORD e = ERROR_NOT_ENOUGH_MEMORY;
    if (!w || !stopped_timer(w, h, &t, &e)) {
        ms_set_last_error(e);
        return FALSE;
    }
    return TRUE;
}

void ms_waitable_timers_reap(void) {
    ms_world *w = ms_world_process();
    if (!w) return;
    wtimer *dead = NULL;
    ms_mutex_lock(&timers_mu);
    if (timers) (void)find_locked(w, 0, &dead);
    ms_mutex_unlock(&timers_mu);
    reap(dead);
}
