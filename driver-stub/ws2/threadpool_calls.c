/*
 * threadpool_calls.c: the default thread pool's I/O, work, timer and wait objects
 * (CreateThreadpoolIo ... CloseThreadpoolIo, CreateThreadpoolWork ... CloseThreadpoolWork,
 * TrySubmitThreadpoolCallback, SetEventWhenCallbackReturns, CreateThreadpoolTimer ...
 * CloseThreadpoolTimer, CreateThreadpoolWait ... CloseThreadpoolWait), and kernel32's legacy
 * calls, which Windows runs on the same pool: timer-queue timers (CreateTimerQueueTimer,
 * ChangeTimerQueueTimer, DeleteTimerQueueTimer, CreateTimerQueue, DeleteTimerQueueEx),
 * registered waits (RegisterWaitForSingleObject, UnregisterWait, UnregisterWaitEx) and
 * QueueUserWorkItem.
 *
 * Why: modern Windows services and clients run their overlapped sockets on the thread pool
 * instead of a completion port of their own, and the suite must run them unchanged.  The pool
 * is what ntdll's is: a completion port the bound sockets post to (key: the TP_IO), work items
 * as packets on the same port, and threads that take packets and call back, one more started
 * whenever none is left idle (callbacks may block).  It is one per world (the world's
 * MS_EXT_POOL slot), and goes with it: its threads are told to end and joined first.
 * Counters live under the world's lock and the Wait* calls are waits of the model, so that
 * deferred completions run while they wait.  What Windows leaves undefined and the model
 * reports as a finding: a completion with no StartThreadpoolIo outstanding (not run) and
 * CloseThreadpoolIo with operations outstanding (the object stays until they complete).
 * Timers: one thread per pool, started with the first timer set, sleeps (a wait of the model)
 * until the earliest due time and queues each due timer's callback to the pool like a work
 * item; a periodic timer is due again msPeriod after its due time (after now, when callbacks
 * fell behind).  "SetThreadpoolTimer function": a negative due time is relative, in 100 ns,
 * zero or positive an absolute FILETIME (one in the past is due at once), NULL stops new
 * callbacks (those queued still run); msWindowLength is a batching allowance the model does not
 * use.  Timer-queue timers ("CreateTimerQueueTimer function", "DeleteTimerQueueTimer function")
 * are timers of the same kind whose callback gets (Parameter, TRUE); DeleteTimerQueueTimer
 * with INVALID_HANDLE_VALUE waits for running callbacks, with an event sets it once they are
 * done, and with NULL returns at once, failing with ERROR_IO_PENDING while one runs.  Waits
 * have a thread of their own per pool (see wait_thread below).
 */
#include "../net/net.h"
#include "../kernel/mutex.h"
#include "../kernel/heap.h"
#include "wfpcert/sdk/threadpoolapiset.h"

#include <pthread.h>
#include <time.h>

#define TP_MAX_THREADS 128 /* the model's limit, not Windows': a program with more callbacks blocked at once waits */
#define TP_FIRST_THREADS 2
#define TP_EXIT ((ULONG_PTR)1) /* the packet that ends one pool thread */

enum { TP_KIND_IO = 0x10C0, TP_KIND_WORK, TP_KIND_SIMPLE, TP_KIND_TIMER, TP_KIND_WAIT };

typedef struct _TP_TIMER tp_timer;
typedef struct _TP_WAIT tp_wait;

typedef struct tp_pool {
    ms_world *w;
    uint64_t port;
    int threads, idle;
    bool stopping;
    pthread_t tids[TP_MAX_THREADS];
    tp_timer *armed; /* timers set, in no order */
    unsigned long timer_gen; /* bumped whenever armed changes: the timer thread looks again */
    bool timer_started;
    pthread_t timer_tid;
    tp_wait *watched; /* waits set, in no order */
    unsigned long wait_gen; /* bumped whenever watched changes: the wait thread looks again */
    bool wait_started;
    pthread_t wait_tid;
} tp_pool;

/* What both objects share; counters under the world's lock. */
typedef struct tp_object {
    int kind;
    tp_pool *pool;
    PVOID ctx;
    long expected; /* I/O: started and not completed; work: submitted and not started */
    long running;
    long skip; /* work: submitted callbacks a cancelling Wait* dropped, their packets still queued */
    long dropping; /* I/O: a cancelling Wait* is on, completions that come meanwhile are not run */
    /* Work: SubmitThreadpoolWork cannot fail ("SubmitThreadpoolWork function" returns VOID;
     * CreateThreadpoolWork is where memory runs out), so a submission that gets no packet is
     * still run: by the thread that takes one of the object's packets (queued counts them),
     * and when none is queued or running, through the packet reserved with the object. */
    long queued, unposted;
    void *spare;
    bool closed;
    HANDLE on_release; /* a timer-queue timer's DeleteTimerQueueTimer event, set as it goes */
} tp_object;

struct _TP_IO {
    tp_object o;
    PTP_WIN32_IO_CALLBACK cb;
};
struct _TP_WORK {
    tp_object o;
    PTP_WORK_CALLBACK cb;
    PTP_SIMPLE_CALLBACK simple;
    LPTHREAD_START_ROUTINE user; /* QueueUserWorkItem's, in place of simple */
};
struct _TP_TIMER {
    tp_object o;
    PTP_TIMER_CALLBACK cb;
    WAITORTIMERCALLBACK queue_cb; /* a timer-queue timer's */
    struct timer_queue *queue;
    unsigned long long due_ns; /* CLOCK_MONOTONIC */
    DWORD period_ms;
    bool set;
    tp_timer *next; /* in the pool's armed list, or the queue's list */
    tp_timer *queue_next;
};
struct _TP_WAIT {
    tp_object o;
    PTP_WAIT_CALLBACK cb;
    WAITORTIMERCALLBACK registered_cb; /* RegisterWaitForSingleObject's */
    uint64_t h; /* the object waited for */
    unsigned long long due_ns; /* CLOCK_MONOTONIC; 0: no time-out */
    DWORD timeout_ms; /* a registered wait's, restarted after each callback; INFINITE: none */
    bool set, once, in_wait_thread;
    tp_wait *next; /* in the pool's watched list */
};
struct _TP_CALLBACK_INSTANCE {
    HANDLE event_on_return;
};

static pthread_mutex_t pools_mu = MS_MUTEX_INITIALIZER; /* making a world's pool */

static void pool_destroy(void *arg) {
    tp_pool *p = arg;
    ms_lock(p->w);
    p->stopping = true;
    p->timer_gen++;
    ms_wake_locked(p->w);
    for (int i = 0; i < p->threads; i++) ms_iocp_post_locked(p->w, p->port, 0, TP_EXIT, NULL, STATUS_SUCCESS);
    int n = p->threads;
    bool timers = p->timer_started, waits = p->wait_started;
    ms_unlock(p->w);
    if (timers) pthread_join(p->timer_tid, NULL);
    if (waits) pthread_join(p->wait_tid, NULL);
    for (int i = 0; i < n; i++) pthread_join(p->tids[i], NULL);
    ms_free(p);
}

static void *pool_thread(void *arg);

/* One more thread, when there is room; false when none could be started. */
static bool spawn_locked(tp_pool *p) {
    if (p->threads >= TP_MAX_THREADS || p->stopping) return false;
    if (pthread_create(&p->tids[p->threads], NULL, pool_thread, p) != 0) return false;
    p->threads++;
    p->idle++;
    ms_world_thread_created_locked(p->w); /* waits are real from now on: the pool's threads run */
    return true;
}

static tp_pool *pool_of(ms_world *w) {
    ms_mutex_lock(&pools_mu);
    tp_pool *p = ms_world_ext(w, MS_EXT_POOL);
    if (!p && (p = ms_calloc(1, sizeof *p)) != NULL) {
        p->w = w;
        ms_lock(w);
        p->port = ms_iocp_create_locked(w);
        bool ok = p->port != 0;
        for (int i = 0; ok && i < TP_FIRST_THREADS; i++) ok = spawn_locked(p);
        ms_unlock(w);
        if (!ok) {
            pool_destroy(p); /* the threads it has end; it was never the world's */
            p = NULL;
        } else {
            ms_world_set_ext(w, MS_EXT_POOL, p, pool_destroy);
        }
    }
    ms_mutex_unlock(&pools_mu);
    return p;
}

/* Frees a closed object once nothing of it is outstanding (world locked). */
static void release_locked(tp_object *o) {
    if (!o->closed || o->expected != 0 || o->running != 0) return;
    if (o->on_release) ms_event_set_locked(o->pool->w, (uint64_t)(uintptr_t)o->on_release, true);
    ms_free(o->spare);
    ms_free(o);
}

static void run(tp_object *o, const ms_packet *pk) {
    TP_CALLBACK_INSTANCE inst = {NULL};
    if (o->kind == TP_KIND_IO) {
        ULONG result =
            MS_NT_SUCCESS(pk->status) && pk->status != STATUS_BUFFER_OVERFLOW ? 0 : ms_status_to_win32(pk->status);
        ((PTP_IO)o)->cb(&inst, o->ctx, pk->ov, result, pk->bytes, (PTP_IO)o);
    } else if (o->kind == TP_KIND_WORK) {
        ((PTP_WORK)o)->cb(&inst, o->ctx, (PTP_WORK)o);
    } else if (o->kind == TP_KIND_TIMER) {
        tp_timer *t = (tp_timer *)o;
        if (t->queue_cb)
            t->queue_cb(o->ctx, TRUE);
        else
            t->cb(&inst, o->ctx, t);
    } else if (o->kind == TP_KIND_WAIT) {
        tp_wait *t = (tp_wait *)o;
        if (t->registered_cb)
            t->registered_cb(o->ctx, pk->bytes == WAIT_TIMEOUT);
        else
            t->cb(&inst, o->ctx, t, pk->bytes);
    } else if (((PTP_WORK)o)->user) {
        (void)((PTP_WORK)o)->user(o->ctx);
    } else {
        ((PTP_WORK)o)->simple(&inst, o->ctx);
    }
    if (inst.event_on_return) SetEvent(inst.event_on_return);
}

static void *pool_thread(void *arg) {
    tp_pool *p = arg;
    ms_world *w = p->w;
    for (;;) {
        ms_packet pk;
        if (ms_iocp_get(w, p->port, INFINITE, &pk) != 1) {
            /* only a world on a virtual clock (nothing waits there) gets here: do not spin */
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
            continue;
        }
        if (pk.key == TP_EXIT) break;
        tp_object *o = (tp_object *)pk.key;
        ms_lock(w);
        p->idle--;
        if (p->idle == 0) spawn_locked(p); /* a callback may block: keep one thread free */
        bool drop = o->dropping > 0 || o->skip > 0 || o->expected == 0;
        if (o->expected == 0 && o->kind == TP_KIND_IO)
            ms_finding_locked(w, "thread pool: a completion on a TP_IO with no StartThreadpoolIo outstanding; its "
                                 "callback is not run (on Windows: memory corruption)");
        if (o->skip > 0) o->skip--;
        if (o->expected > 0) o->expected--;
        if (o->kind == TP_KIND_WORK) o->queued--;
        if (!drop) {
            o->running++;
            ms_unlock(w);
            run(o, &pk);
            ms_lock(w);
            o->running--;
        }
        while (o->unposted > 0) { /* submissions that found no memory for a packet of their own */
            o->unposted--;
            bool skip = o->dropping > 0 || o->skip > 0;
            if (o->skip > 0) o->skip--;
            if (o->expected > 0) o->expected--;
            if (skip) continue;
            o->running++;
            ms_unlock(w);
            run(o, &pk);
            ms_lock(w);
            o->running--;
        }
        if (o->kind == TP_KIND_WORK && !o->spare) o->spare = ms_iocp_reserve(); /* used: take another */
        if (o->kind == TP_KIND_SIMPLE && o->expected == 0 && o->running == 0) o->closed = true;
        release_locked(o);
        p->idle++;
        ms_wake_locked(w);
        ms_unlock(w);
    }
    return NULL;
}

static ms_world *world_or_error(void) {
    ms_world *w = ms_world_process(); /* kernel32: no WSAStartup needed */
    if (!w) ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return w;
}

static tp_object *object_new(size_t size, int kind, PVOID ctx, PTP_CALLBACK_ENVIRON env, tp_pool **pool) {
    if (env) { /* private pools and cleanup groups are not in the model */
        ms_set_last_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    ms_world *w = world_or_error();
    if (!w) return NULL;
    tp_pool *p = pool_of(w);
    tp_object *o = p ? ms_calloc(1, size) : NULL;
    if (!o) {
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    o->kind = kind;
    o->pool = p;
    o->ctx = ctx;
    *pool = p;
    return o;
}

PTP_IO CreateThreadpoolIo(HANDLE fl, PTP_WIN32_IO_CALLBACK cb, PVOID ctx, PTP_CALLBACK_ENVIRON env) {
    if (!cb) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    tp_pool *p;
    PTP_IO io = (PTP_IO)object_new(sizeof *io, TP_KIND_IO, ctx, env, &p);
    if (!io) return NULL;
    io->cb = cb;
    /* the handle's packets go to the pool's port with the object as their key */
    if (!CreateIoCompletionPort(fl, (HANDLE)(uintptr_t)p->port, (ULONG_PTR)io, 0)) {
        ms_free(io); /* CreateIoCompletionPort's error stays */
        return NULL;
    }
    return io;
}

/* Changes a counter of o under the world's lock; the change may end a Wait*. */
static void count(tp_object *o, long *field, long by) {
    ms_world *w = o->pool->w;
    ms_lock(w);
    *field += by;
    ms_wake_locked(w);
    ms_unlock(w);
}

VOID StartThreadpoolIo(PTP_IO io) { count(&io->o, &io->o.expected, 1); }

VOID CancelThreadpoolIo(PTP_IO io) {
    ms_world *w = io->o.pool->w;
    ms_lock(w);
    if (io->o.expected > 0) io->o.expected--;
    ms_wake_locked(w);
    release_locked(&io->o);
    ms_unlock(w);
}

static bool quiet(void *arg) {
    tp_object *o = arg;
    return o->expected == 0 && o->running == 0;
}

/* Waits until nothing of o is outstanding; with cancel, what has not started is dropped. */
static void wait_callbacks(tp_object *o, BOOL cancel) {
    ms_world *w = o->pool->w;
    ms_lock(w);
    if (cancel && o->kind == TP_KIND_IO) o->dropping++;
    if (cancel && o->kind != TP_KIND_IO) o->skip = o->expected; /* submitted and not started */
    while (!quiet(o) && !ms_wait_until_locked(w, quiet, o, INFINITE)) {
        /* a virtual clock: the pool's threads still make progress */
        ms_unlock(w);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
        ms_lock(w);
    }
    if (cancel && o->kind == TP_KIND_IO) o->dropping--;
    ms_unlock(w);
}

VOID WaitForThreadpoolIoCallbacks(PTP_IO io, BOOL cancel) { wait_callbacks(&io->o, cancel); }

VOID CloseThreadpoolIo(PTP_IO io) {
    ms_world *w = io->o.pool->w;
    ms_lock(w);
    if (io->o.expected > 0)
        ms_finding_locked(w, "thread pool: CloseThreadpoolIo with %ld I/O operations started and not completed",
                          io->o.expected);
    io->o.closed = true;
    release_locked(&io->o);
    ms_unlock(w);
}

PTP_WORK CreateThreadpoolWork(PTP_WORK_CALLBACK cb, PVOID ctx, PTP_CALLBACK_ENVIRON env) {
    if (!cb) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    tp_pool *p;
    PTP_WORK work = (PTP_WORK)object_new(sizeof *work, TP_KIND_WORK, ctx, env, &p);
    if (!work) return NULL;
    work->cb = cb;
    if (!(work->o.spare = ms_iocp_reserve())) {
        ms_free(work);
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return work;
}

/* Queues one callback of o; false when the packet could not be queued. */
static bool submit(tp_object *o) {
    ms_world *w = o->pool->w;
    ms_lock(w);
    bool work = o->kind == TP_KIND_WORK, ok = true;
    void *node = ms_iocp_reserve();
    if (!node && work && (o->queued > 0 || o->running > 0)) {
        o->unposted++; /* a thread that holds or will take one of its packets runs it */
    } else {
        if (!node && work) { /* nothing of it queued or running: the reserved packet goes */
            node = o->spare;
            o->spare = NULL;
        }
        ok = node && ms_iocp_post_reserved_locked(w, o->pool->port, node, 0, (ULONG_PTR)o, NULL, STATUS_SUCCESS) == 0;
        if (ok && work) o->queued++;
    }
    if (ok) o->expected++;
    if (!ok && work) /* only when the packet a thread took last could not be replaced either */
        ms_finding_locked(w, "thread pool: no memory for a SubmitThreadpoolWork callback; it does not run");
    ms_unlock(w);
    return ok;
}

VOID SubmitThreadpoolWork(PTP_WORK work) { (void)submit(&work->o); }

VOID WaitForThreadpoolWorkCallbacks(PTP_WORK work, BOOL cancel) { wait_callbacks(&work->o, cancel); }

VOID CloseThreadpoolWork(PTP_WORK work) {
    ms_world *w = work->o.pool->w;
    ms_lock(w);
    work->o.closed = true; /* what was submitted still runs, then it goes */
    release_locked(&work->o);
    ms_unlock(w);
}

/* One callback, simple(instance, ctx) or user(ctx), run once on a pool thread. */
static BOOL submit_once(PTP_SIMPLE_CALLBACK simple, LPTHREAD_START_ROUTINE user, PVOID ctx, PTP_CALLBACK_ENVIRON env) {
    if (!simple && !user) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    tp_pool *p;
    PTP_WORK one = (PTP_WORK)object_new(sizeof *one, TP_KIND_SIMPLE, ctx, env, &p);
    if (!one) return FALSE;
    one->simple = simple;
    one->user = user;
    if (submit(&one->o)) return TRUE; /* it frees itself once it ran */
    ms_free(one);
    ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
}

BOOL TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK cb, PVOID ctx, PTP_CALLBACK_ENVIRON env) {
    return submit_once(cb, NULL, ctx, env);
}

/* "QueueUserWorkItem function": Function(Context) on a pool thread; the WT_* flags choose among
 * threads the model does not tell apart. */
BOOL QueueUserWorkItem(LPTHREAD_START_ROUTINE fn, PVOID ctx, ULONG flags) {
    (void)flags;
    return submit_once(NULL, fn, ctx, NULL);
}

VOID SetEventWhenCallbackReturns(PTP_CALLBACK_INSTANCE inst, HANDLE evt) { inst->event_on_return = evt; }

/* ------------------------------------------------------------------ timers */
struct timer_queue {
    tp_timer *timers; /* linked by queue_next */
};

static unsigned long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

typedef struct timer_watch {
    tp_pool *p;
    unsigned long gen;
} timer_watch;

static bool timers_changed(void *arg) {
    timer_watch *tw = arg;
    return tw->p->timer_gen != tw->gen || tw->p->stopping;
}

static void disarm_locked(tp_timer *t) {
    tp_pool *p = t->o.pool;
    for (tp_timer **q = &p->armed; *q; q = &(*q)->next)
        if (*q == t) {
            *q = t->next;
            break;
        }
    t->next = NULL;
    t->set = false;
    p->timer_gen++;
}

/* One callback of o queued to the pool, as a work item's is, with `bytes` for its packet (a
 * wait's result); what names the object in the finding when no memory is left (world locked). */
static void queue_callback_locked(tp_object *o, DWORD bytes, const char *what) {
    void *node = ms_iocp_reserve();
    if (node &&
        ms_iocp_post_reserved_locked(o->pool->w, o->pool->port, node, bytes, (ULONG_PTR)o, NULL, STATUS_SUCCESS) == 0)
        o->expected++;
    else
        ms_finding_locked(o->pool->w, "thread pool: no memory to queue a %s's callback; it does not run", what);
}

/* Starts one of the pool's own threads (the timer or the wait thread) unless it runs already;
 * false when it could not be started (world locked). */
static bool start_helper_locked(tp_pool *p, bool *started, pthread_t *tid, void *(*fn)(void *)) {
    if (*started) return true;
    if (p->stopping || pthread_create(tid, NULL, fn, p) != 0) return false;
    *started = true;
    ms_world_thread_created_locked(p->w); /* waits are real from now on */
    return true;
}

static void *timer_thread(void *arg) {
    tp_pool *p = arg;
    ms_world *w = p->w;
    ms_lock(w);
    while (!p->stopping) {
        unsigned long long now = now_ns(), next = 0;
        for (tp_timer *t = p->armed, *n; t; t = n) {
            n = t->next;
            if (t->due_ns <= now) {
                queue_callback_locked(&t->o, 0, "timer");
                if (!t->period_ms) {
                    disarm_locked(t);
                    continue;
                }
                t->due_ns += t->period_ms * 1000000ull;
                if (t->due_ns <= now) t->due_ns = now + t->period_ms * 1000000ull; /* fell behind */
            }
            if (!next || t->due_ns < next) next = t->due_ns;
        }
        DWORD ms = next ? (DWORD)((next - now + 999999) / 1000000) : 1000;
        timer_watch tw = {p, p->timer_gen};
        ms_wait_until_locked(w, timers_changed, &tw, ms ? ms : 1);
    }
    ms_unlock(w);
    return NULL;
}

/* Arms t to be due at due_ns, then every period_ms (0: once); false when the pool's timer
 * thread could not be started (world locked). */
static bool arm_locked(tp_timer *t, unsigned long long due_ns, DWORD period_ms) {
    tp_pool *p = t->o.pool;
    if (!start_helper_locked(p, &p->timer_started, &p->timer_tid, timer_thread)) return false;
    if (!t->set) {
        t->next = p->armed;
        p->armed = t;
    }
    t->set = true;
    t->due_ns = due_ns;
    t->period_ms = period_ms;
    p->timer_gen++;
    ms_wake_locked(p->w);
    return true;
}

/* A FILETIME due time on the monotonic clock: negative is relative (100 ns units), zero or
 * positive absolute (UTC since 1601); a time past is now. */
static unsigned long long due_of(const FILETIME *ft) {
    long long v = (long long)(((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime);
    unsigned long long now = now_ns();
    if (v < 0) return now + (unsigned long long)-v * 100ull;
    FILETIME cur;
    GetSystemTimeAsFileTime(&cur);
    long long c = (long long)(((uint64_t)cur.dwHighDateTime << 32) | cur.dwLowDateTime);
    return v <= c ? now : now + (unsigned long long)(v - c) * 100ull;
}

PTP_TIMER CreateThreadpoolTimer(PTP_TIMER_CALLBACK cb, PVOID ctx, PTP_CALLBACK_ENVIRON env) {
    if (!cb) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    tp_pool *p;
    tp_timer *t = (tp_timer *)object_new(sizeof *t, TP_KIND_TIMER, ctx, env, &p);
    if (t) t->cb = cb;
    return t;
}

BOOL SetThreadpoolTimerEx(PTP_TIMER t, PFILETIME due, DWORD period, DWORD window) {
    (void)window; /* a batching allowance: firing on time is within it */
    unsigned long long at = due ? due_of(due) : 0;
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    BOOL was = t->set;
    if (!due && t->set)
        disarm_locked(t); /* callbacks already queued still run */
    else if (due && !arm_locked(t, at, period))
        ms_finding_locked(w, "thread pool: the timer thread could not be started; the timer never fires");
    ms_unlock(w);
    return was;
}

VOID SetThreadpoolTimer(PTP_TIMER t, PFILETIME due, DWORD period, DWORD window) {
    (void)SetThreadpoolTimerEx(t, due, period, window);
}

BOOL IsThreadpoolTimerSet(PTP_TIMER t) {
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    BOOL set = t->set;
    ms_unlock(w);
    return set;
}

VOID WaitForThreadpoolTimerCallbacks(PTP_TIMER t, BOOL cancel) { wait_callbacks(&t->o, cancel); }

VOID CloseThreadpoolTimer(PTP_TIMER t) {
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    if (t->set) disarm_locked(t);
    t->o.closed = true; /* queued callbacks still run, then it goes */
    release_locked(&t->o);
    ms_unlock(w);
}

/* ------------------------------------------------------- timer-queue timers */
HANDLE CreateTimerQueue(void) {
    struct timer_queue *q = ms_calloc(1, sizeof *q);
    if (!q) ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return q;
}

BOOL CreateTimerQueueTimer(PHANDLE out, HANDLE queue, WAITORTIMERCALLBACK cb, PVOID param, DWORD due, DWORD period,
                           ULONG flags) {
    (void)flags; /* WT_EXECUTE*: which thread runs the callback, one the model does not tell apart */
    if (!out || !cb) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    tp_pool *p;
    tp_timer *t = (tp_timer *)object_new(sizeof *t, TP_KIND_TIMER, param, NULL, &p);
    if (!t) return FALSE;
    t->queue_cb = cb;
    t->queue = queue;
    ms_world *w = p->w;
    ms_lock(w);
    /* WT_EXECUTEONLYONCE asks for Period 0 (the page): the Period is taken as given */
    bool ok = arm_locked(t, now_ns() + due * 1000000ull, period);
    if (ok && queue) {
        t->queue_next = t->queue->timers;
        t->queue->timers = t;
    }
    ms_unlock(w);
    if (!ok) {
        ms_free(t);
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    *out = t;
    return TRUE;
}

BOOL ChangeTimerQueueTimer(HANDLE queue, HANDLE timer, ULONG due, ULONG period) {
    (void)queue;
    tp_timer *t = timer;
    if (!t) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    /* "a one-shot timer that has already expired is not updated" (ChangeTimerQueueTimer page) */
    bool ok = !t->set && !t->period_ms ? true : arm_locked(t, now_ns() + due * 1000000ull, period);
    ms_unlock(w);
    return ok ? TRUE : FALSE;
}

/* Deletes t: INVALID_HANDLE_VALUE waits for its callbacks (those not started are dropped), an
 * event is set once they are done, NULL returns at once (ERROR_IO_PENDING while any remain). */
static BOOL delete_timer(tp_timer *t, HANDLE event) {
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    if (t->set) disarm_locked(t);
    if (t->queue)
        for (tp_timer **q = &t->queue->timers; *q; q = &(*q)->queue_next)
            if (*q == t) {
                *q = t->queue_next;
                break;
            }
    ms_unlock(w);
    if (event == INVALID_HANDLE_VALUE) wait_callbacks(&t->o, TRUE);
    ms_lock(w);
    bool busy = t->o.expected != 0 || t->o.running != 0;
    if (event != INVALID_HANDLE_VALUE && event) t->o.on_release = event;
    t->o.closed = true;
    release_locked(&t->o);
    ms_unlock(w);
    if (busy && !event) {
        ms_set_last_error(ERROR_IO_PENDING); /* "it is not necessary to call this function again" */
        return FALSE;
    }
    return TRUE;
}

BOOL DeleteTimerQueueTimer(HANDLE queue, HANDLE timer, HANDLE event) {
    (void)queue;
    if (!timer) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return delete_timer(timer, event);
}

/* Every timer of the queue goes as DeleteTimerQueueTimer would take it; with an event, the
 * model waits for their callbacks and then sets it (Windows may return first). */
BOOL DeleteTimerQueueEx(HANDLE queue, HANDLE event) {
    struct timer_queue *q = queue;
    if (!q) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    while (q->timers) (void)delete_timer(q->timers, event ? INVALID_HANDLE_VALUE : NULL);
    if (event && event != INVALID_HANDLE_VALUE) SetEvent(event);
    ms_free(q);
    return TRUE;
}

/* ------------------------------------------------------------------- waits */
/* The pool's wait thread, started with the first wait set, does for every watched object what
 * a wait for it would do: when it is signalled (and taken as a wait takes it: an auto-reset
 * event resets) or its time-out passes, the callback is queued to the pool with WAIT_OBJECT_0
 * or WAIT_TIMEOUT.  A thread-pool wait then stops watching ("SetThreadpoolWait function": it
 * must be set again for each signal); a registered wait goes on with its time-out restarted
 * unless WT_EXECUTEONLYONCE ("RegisterWaitForSingleObject function"), and with
 * WT_EXECUTEINWAITTHREAD its callback runs on the wait thread itself. */
typedef struct wait_watch {
    tp_pool *p;
    unsigned long gen;
} wait_watch;

static bool waits_changed(void *arg) {
    wait_watch *ww = arg;
    tp_pool *p = ww->p;
    if (p->wait_gen != ww->gen || p->stopping) return true;
    for (tp_wait *t = p->watched; t; t = t->next)
        if (ms_object_poll_locked(p->w, t->h, false) != 0) return true; /* signalled, or no longer an object */
    return false;
}

static void unwatch_locked(tp_wait *t) {
    tp_pool *p = t->o.pool;
    for (tp_wait **q = &p->watched; *q; q = &(*q)->next)
        if (*q == t) {
            *q = t->next;
            break;
        }
    t->next = NULL;
    t->set = false;
    p->wait_gen++;
}

/* One pass over the watched objects: how many callbacks it queued or ran; *next is the
 * earliest time-out still ahead.  A callback run here (WT_EXECUTEINWAITTHREAD) lets the lock go,
 * and the list may change under it: the pass ends there. */
static int wait_pass_locked(tp_pool *p, unsigned long long *next) {
    unsigned long long now = now_ns();
    int fired = 0;
    *next = 0;
    for (tp_wait *t = p->watched, *n; t; t = n) {
        n = t->next;
        int st = ms_object_poll_locked(p->w, t->h, true);
        if (st < 0) {
            ms_finding_locked(p->w, "thread pool: the handle a wait watches was closed before the wait was "
                                    "cancelled (on Windows: undefined); the wait stops");
            unwatch_locked(t);
            continue;
        }
        if (!st && (!t->due_ns || t->due_ns > now)) {
            if (t->due_ns && (!*next || t->due_ns < *next)) *next = t->due_ns;
            continue;
        }
        DWORD result = st ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
        fired++;
        if (t->once)
            unwatch_locked(t);
        else
            t->due_ns = t->timeout_ms == INFINITE ? 0 : now + t->timeout_ms * 1000000ull;
        if (t->in_wait_thread) {
            t->o.running++;
            ms_unlock(p->w);
            t->registered_cb(t->o.ctx, result == WAIT_TIMEOUT);
            ms_lock(p->w);
            t->o.running--;
            ms_wake_locked(p->w);
            release_locked(&t->o);
            return fired;
        }
        queue_callback_locked(&t->o, result, "wait");
        if (t->set && t->due_ns && (!*next || t->due_ns < *next)) *next = t->due_ns;
    }
    return fired;
}

static void *wait_thread(void *arg) {
    tp_pool *p = arg;
    ms_world *w = p->w;
    ms_lock(w);
    while (!p->stopping) {
        unsigned long long next;
        if (wait_pass_locked(p, &next)) {
            /* An object that stays signalled (a manual-reset event nobody resets) is queued
             * again on every pass, as on Windows ("RegisterWaitForSingleObject function":
             * WT_EXECUTEONLYONCE is for those); a pass a millisecond at most, without the lock,
             * keeps that flood from starving the program and the pool's threads. */
            ms_unlock(w);
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
            ms_lock(w);
            continue;
        }
        unsigned long long now = now_ns();
        DWORD ms = !next ? 1000 : next > now ? (DWORD)((next - now + 999999) / 1000000) : 1;
        wait_watch ww = {p, p->wait_gen};
        ms_wait_until_locked(w, waits_changed, &ww, ms);
    }
    ms_unlock(w);
    return NULL;
}

/* Watches t's object until due_ns (0: no time-out); false when the wait thread could not be
 * started (world locked). */
static bool watch_locked(tp_wait *t, unsigned long long due_ns) {
    tp_pool *p = t->o.pool;
    if (!start_helper_locked(p, &p->wait_started, &p->wait_tid, wait_thread)) return false;
    if (!t->set) {
        t->next = p->watched;
        p->watched = t;
    }
    t->set = true;
    t->due_ns = due_ns;
    p->wait_gen++;
    ms_wake_locked(p->w);
    return true;
}

/* An object a wait may watch (world locked): an event, semaphore or thread.  A mutex cannot
 * be owned by a wait made for another thread: "Mutex is not supported" (the
 * RegisterWaitForSingleObject page; the pool raises an exception), a finding here. */
static bool watchable_locked(ms_world *w, uint64_t h, const char *call) {
    int st = ms_object_poll_locked(w, h, false);
    if (st == -2)
        ms_finding_locked(w, "thread pool: %s on a mutex (Windows raises STATUS_THREADPOOL_HANDLE_EXCEPTION)", call);
    return st >= 0;
}

PTP_WAIT CreateThreadpoolWait(PTP_WAIT_CALLBACK cb, PVOID ctx, PTP_CALLBACK_ENVIRON env) {
    if (!cb) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    tp_pool *p;
    tp_wait *t = (tp_wait *)object_new(sizeof *t, TP_KIND_WAIT, ctx, env, &p);
    if (t) {
        t->cb = cb;
        t->once = true;
    }
    return t;
}

/* h NULL stops new callbacks (those queued still run); pftTimeout as a timer's due time, NULL
 * for none ("SetThreadpoolWait function": zero times out at once).  Answers whether the wait
 * was set before. */
BOOL SetThreadpoolWaitEx(PTP_WAIT t, HANDLE h, PFILETIME timeout, PVOID reserved) {
    (void)reserved;
    unsigned long long due = timeout ? due_of(timeout) : 0;
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    BOOL was = t->set;
    if (t->set) unwatch_locked(t);
    if (h) {
        t->h = (uint64_t)(uintptr_t)h;
        if (!watchable_locked(w, t->h, "SetThreadpoolWait")) {
            if (ms_object_poll_locked(w, t->h, false) == -1)
                ms_finding_locked(w, "thread pool: SetThreadpoolWait with a handle that is no event, semaphore or "
                                     "thread; the wait never ends");
        } else if (!watch_locked(t, due))
            ms_finding_locked(w, "thread pool: the wait thread could not be started; the wait never ends");
    }
    ms_unlock(w);
    return was;
}

VOID SetThreadpoolWait(PTP_WAIT t, HANDLE h, PFILETIME timeout) { (void)SetThreadpoolWaitEx(t, h, timeout, NULL); }

VOID WaitForThreadpoolWaitCallbacks(PTP_WAIT t, BOOL cancel) { wait_callbacks(&t->o, cancel); }

VOID CloseThreadpoolWait(PTP_WAIT t) {
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    if (t->set) unwatch_locked(t);
    t->o.closed = true; /* queued callbacks still run, then it goes */
    release_locked(&t->o);
    ms_unlock(w);
}

BOOL RegisterWaitForSingleObject(PHANDLE out, HANDLE h, WAITORTIMERCALLBACK cb, PVOID ctx, ULONG ms, ULONG flags) {
    if (!out || !cb) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    tp_pool *p;
    tp_wait *t = (tp_wait *)object_new(sizeof *t, TP_KIND_WAIT, ctx, NULL, &p);
    if (!t) return FALSE;
    t->registered_cb = cb;
    t->h = (uint64_t)(uintptr_t)h;
    t->timeout_ms = ms;
    t->once = (flags & WT_EXECUTEONLYONCE) != 0;
    t->in_wait_thread = (flags & WT_EXECUTEINWAITTHREAD) != 0;
    ms_world *w = p->w;
    ms_lock(w);
    DWORD e = !watchable_locked(w, t->h, "RegisterWaitForSingleObject")           ? ERROR_INVALID_HANDLE
              : !watch_locked(t, ms == INFINITE ? 0 : now_ns() + ms * 1000000ull) ? ERROR_NOT_ENOUGH_MEMORY
                                                                                  : 0;
    ms_unlock(w);
    if (e) {
        ms_free(t);
        ms_set_last_error(e);
        return FALSE;
    }
    *out = t;
    return TRUE;
}

/* "UnregisterWaitEx function": no new callbacks from now on; INVALID_HANDLE_VALUE waits for
 * those queued or running, an event is set once they are done, NULL returns at once and
 * fails with ERROR_IO_PENDING while any remain ("The error code does not indicate that the
 * function has failed", UnregisterWait). */
BOOL UnregisterWaitEx(HANDLE wait, HANDLE event) {
    tp_wait *t = wait;
    if (!t) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_world *w = t->o.pool->w;
    ms_lock(w);
    if (t->set) unwatch_locked(t);
    ms_unlock(w);
    if (event == INVALID_HANDLE_VALUE) wait_callbacks(&t->o, FALSE);
    ms_lock(w);
    bool busy = t->o.expected != 0 || t->o.running != 0;
    if (event != INVALID_HANDLE_VALUE && event) t->o.on_release = event;
    t->o.closed = true;
    release_locked(&t->o);
    ms_unlock(w);
    if (busy && event != INVALID_HANDLE_VALUE) {
        ms_set_last_error(ERROR_IO_PENDING);
        return FALSE;
    }
    return TRUE;
}

BOOL UnregisterWait(HANDLE wait) { return UnregisterWaitEx(wait, NULL); }
