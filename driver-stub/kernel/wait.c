/*
 * wait.c: events, completion ports, deferred work and every kind of wait.
 *
 * All waits share one loop: run deferred work (the defined point where pending operations
 * complete), deliver APCs if the wait is alertable, test the condition, and only then
 * block.  In virtual time (one thread in the world) nothing else can make progress, so a
 * wait that is still unsatisfied times out at once; an infinite one is a certain deadlock
 * and is reported as a finding instead of hanging the run.
 */
#include "world_internal.h"
#include "heap.h"

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

void ms_deadline(DWORD timeout_ms, struct timespec *d) {
    clock_gettime(CLOCK_MONOTONIC, d);
    d->tv_sec += timeout_ms / 1000;
    d->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (d->tv_nsec >= 1000000000L) {
        d->tv_sec++;
        d->tv_nsec -= 1000000000L;
    }
}

/* ---------------------------------------------------------------- waking */
static void signal_waiter(ms_waiter *m) {
    if (m->signaled) return;
    m->signaled = true;
    sem_post(&m->sem);
}

/* Every change that is not a packet (an event set, data, a connect, an APC, a completion
 * that a WSAGetOverlappedResult wait polls): the waits that test such things are the ones
 * that are not on a port.  A port's waiter cares only about its port's packets, which come
 * with their own wake (ms_iocp_post_locked). */
void ms_wake_locked(ms_world *w) {
    w->changes++;
    for (ms_waiter *m = w->waiters; m; m = m->next)
        if (!m->port || m->alertable) signal_waiter(m);
}

void ms_wake_port_locked(ms_world *w, uint64_t port) {
    for (ms_waiter *m = w->waiters; m; m = m->next)
        if (m->port == port) signal_waiter(m);
}

void ms_wake_all_locked(ms_world *w) {
    w->changes++;
    for (ms_waiter *m = w->waiters; m; m = m->next) signal_waiter(m);
}

static bool block(ms_world *w, uint64_t port, bool alertable, DWORD timeout_ms, const struct timespec *deadline);

bool ms_block_locked(ms_world *w, uint64_t port, DWORD timeout_ms, const struct timespec *deadline) {
    return block(w, port, false, timeout_ms, deadline);
}

bool ms_block_alertable_locked(ms_world *w, uint64_t port, DWORD timeout_ms, const struct timespec *deadline) {
    return block(w, port, true, timeout_ms, deadline);
}

static bool block(ms_world *w, uint64_t port, bool alertable, DWORD timeout_ms, const struct timespec *deadline) {
    if (timeout_ms == 0) return false;
    if (!w->real_time && timeout_ms == INFINITE && w->clock == MS_CLOCK_AUTO && ms_process_threads_started())
        w->real_time = true; /* a thread the process started since its first world may satisfy it */
    if (!w->real_time) {
        if (timeout_ms == INFINITE)
            ms_finding_locked(w, "deadlock: an infinite wait that nothing in this world can satisfy (virtual "
                                 "clock: no other thread uses the model; code whose other threads satisfy such "
                                 "a wait sets the knob clock=real)");
        else
            atomic_fetch_add(&w->virtual_ms, timeout_ms); /* the time-out has passed, virtually */
        return false;
    }
    /* Linked before the lock is let go, and every waker holds the lock and posts the
     * semaphore, which keeps the post until the wait: a change made after the caller tested
     * its condition cannot be missed. */
    ms_waiter me = {.port = port, .alertable = alertable};
    sem_init(&me.sem, 0, 0);
    me.next = w->waiters;
    if (w->waiters) w->waiters->prev = &me;
    w->waiters = &me;
    /* The wait lets go of one level of the recursive lock: held twice, no other thread could
     * ever take it to wake this one. */
    if (w->lock_depth != 1) ms_lock_misuse(w, "is held more than once by a thread that waits");
    ms_unlock(w);
    int rc;
    do rc = timeout_ms == INFINITE ? sem_wait(&me.sem) : sem_clockwait(&me.sem, CLOCK_MONOTONIC, deadline);
    while (rc && errno == EINTR);
    bool timed_out = rc && errno == ETIMEDOUT;
    ms_lock(w);
    if (me.prev)
        me.prev->next = me.next;
    else
        w->waiters = me.next;
    if (me.next) me.next->prev = me.prev;
    /* Wakers post only under the lock, which this thread holds again: none is still inside
     * sem_post on this semaphore. */
    sem_destroy(&me.sem);
    return !timed_out || me.signaled;
}

/* ------------------------------------------------------------------ events */
uint64_t ms_event_create_locked(ms_world *w) {
    ms_event *e = ms_calloc(1, sizeof *e);
    if (!e) return 0;
    uint64_t h = ms_handle_alloc_locked(w, MS_H_EVENT, e);
    if (!h) ms_free(e);
    return h;
}

uint64_t ms_event_create_ex_locked(ms_world *w, bool manual_reset, bool signaled) {
    uint64_t h = ms_event_create_locked(w);
    ms_event *e = h ? ms_handle_get_locked(w, h, MS_H_EVENT) : NULL;
    if (e) {
        e->auto_reset = !manual_reset;
        e->signaled = signaled;
    }
    return h;
}

/* The wait that objects satisfied takes what it consumed: an auto-reset event goes back to
 * non-signaled, a mutex becomes the caller's (once more, if it was already), a semaphore
 * loses one (the one that ended a wait for any, each one of a wait for all).  Returns the
 * first abandoned mutex taken (its index), or n: "WaitForSingleObject": WAIT_ABANDONED when
 * "the specified object is a mutex object that was not released by the thread that owned
 * the mutex object before the owning thread terminated. Ownership of the mutex object is
 * granted to the calling thread and the mutex state is set to nonsignaled". */
static DWORD events_consume_locked(ms_world *w, DWORD n, const uint64_t *ev, bool all, DWORD idx) {
    DWORD abandoned = n;
    for (DWORD i = all ? 0 : idx; i < (all ? n : idx + 1); i++) {
        ms_event *e = ms_handle_get_locked(w, ev[i] & ~(uint64_t)1, MS_H_EVENT);
        if (!e) continue;
        if (e->kind == MS_OBJ_EVENT && e->auto_reset) e->signaled = false;
        if (e->kind == MS_OBJ_SEMAPHORE) e->count--;
        if (e->kind == MS_OBJ_MUTEX) {
            if (e->abandoned && abandoned == n) abandoned = i;
            e->abandoned = false;
            e->owned = true;
            e->owner = pthread_self();
            e->recursion++;
        }
    }
    return abandoned;
}

/* Whether a wait of the calling thread would be satisfied by h now: 1, 0, or -1 when h is
 * not such an object.  A mutex is the caller's to take when nobody owns it or the caller
 * does ("the thread that owns a mutex can specify the same mutex in repeated wait function
 * calls without blocking its execution", "Mutex Objects"). */
static int object_ready_locked(ms_world *w, uint64_t h) {
    ms_event *e = ms_handle_get_locked(w, h & ~(uint64_t)1, MS_H_EVENT);
    if (!e) return -1;
    if (e->kind == MS_OBJ_MUTEX) return !e->owned || pthread_equal(e->owner, pthread_self());
    if (e->kind == MS_OBJ_SEMAPHORE) return e->count > 0;
    return e->signaled;
}

int ms_object_poll_locked(ms_world *w, uint64_t h, bool take) {
    ms_event *e = ms_handle_get_locked(w, h & ~(uint64_t)1, MS_H_EVENT);
    if (!e) return -1;
    if (e->kind == MS_OBJ_MUTEX) return -2;
    int ready = object_ready_locked(w, h);
    if (ready > 0 && take) events_consume_locked(w, 1, &h, false, 0);
    return ready;
}

uint64_t ms_mutex_create_locked(ms_world *w, bool owned) {
    uint64_t h = ms_event_create_locked(w);
    ms_event *e = h ? ms_handle_get_locked(w, h, MS_H_EVENT) : NULL;
    if (e) {
        e->kind = MS_OBJ_MUTEX;
        e->owned = owned;
        e->owner = pthread_self();
        e->recursion = owned ? 1 : 0;
    }
    return h;
}

int ms_mutex_release_locked(ms_world *w, uint64_t h) {
    ms_event *e = ms_handle_get_locked(w, h, MS_H_EVENT);
    if (!e || e->kind != MS_OBJ_MUTEX) return -1;
    if (!e->owned || !pthread_equal(e->owner, pthread_self())) return -2;
    if (--e->recursion == 0) {
        e->owned = false;
        ms_wake_locked(w);
    }
    return 0;
}

static void abandon(ms_world *w, void *obj, void *arg) {
    ms_event *e = obj;
    if (e->kind != MS_OBJ_MUTEX || !e->owned || !pthread_equal(e->owner, *(pthread_t *)arg)) return;
    e->owned = false;
    e->abandoned = true;
    e->recursion = 0;
    ms_wake_locked(w);
}

void ms_mutexes_abandon_locked(ms_world *w, pthread_t t) { ms_handle_each_locked(w, MS_H_EVENT, abandon, &t); }

uint64_t ms_semaphore_create_locked(ms_world *w, LONG initial, LONG max) {
    uint64_t h = ms_event_create_locked(w);
    ms_event *e = h ? ms_handle_get_locked(w, h, MS_H_EVENT) : NULL;
    if (e) {
        e->kind = MS_OBJ_SEMAPHORE;
        e->count = initial;
        e->max = max;
    }
    return h;
}

int ms_semaphore_release_locked(ms_world *w, uint64_t h, LONG n, LONG *prev) {
    ms_event *e = ms_handle_get_locked(w, h, MS_H_EVENT);
    if (!e || e->kind != MS_OBJ_SEMAPHORE) return -1;
    if (n > e->max - e->count) return -2; /* no overflow: count <= max, both positive */
    if (prev) *prev = e->count;
    e->count += n;
    ms_wake_locked(w);
    return 0;
}

uint64_t ms_thread_object_create_locked(ms_world *w) {
    uint64_t h = ms_event_create_ex_locked(w, true, false);
    ms_event *e = h ? ms_handle_get_locked(w, h, MS_H_EVENT) : NULL;
    if (e) e->kind = MS_OBJ_THREAD;
    return h;
}

void ms_thread_object_end_locked(ms_world *w, uint64_t h) {
    ms_event *e = ms_handle_get_locked(w, h, MS_H_EVENT);
    if (!e || e->kind != MS_OBJ_THREAD) return;
    e->signaled = true;
    ms_wake_locked(w);
}

int ms_thread_object_state_locked(ms_world *w, uint64_t h) {
    ms_event *e = ms_handle_get_locked(w, h, MS_H_EVENT);
    return e && e->kind == MS_OBJ_THREAD ? e->signaled : -1;
}

bool ms_event_set_locked(ms_world *w, uint64_t h, bool signaled) {
    ms_event *e = ms_handle_get_locked(w, h & ~(uint64_t)1, MS_H_EVENT);
    if (!e || e->kind != MS_OBJ_EVENT) return false;
    e->signaled = signaled;
    if (signaled) ms_wake_locked(w);
    return true;
}

int ms_event_state_locked(ms_world *w, uint64_t h) {
    ms_event *e = ms_handle_get_locked(w, h & ~(uint64_t)1, MS_H_EVENT);
    return e ? e->signaled : -1;
}

/* --------------------------------------------------------- completion ports */
uint64_t ms_iocp_create_locked(ms_world *w) {
    ms_iocp *p = ms_calloc(1, sizeof *p);
    if (!p) return 0;
    uint64_t h = ms_handle_alloc_locked(w, MS_H_IOCP, p);
    if (!h) ms_free(p);
    return h;
}

void *ms_iocp_reserve(void) { return ms_malloc(sizeof(ms_iocp_packet)); }

int ms_iocp_post_locked(ms_world *w, uint64_t port, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov, NTSTATUS status) {
    if (!ms_handle_get_locked(w, port, MS_H_IOCP)) return -1;
    void *k = ms_iocp_reserve();
    return k ? ms_iocp_post_reserved_locked(w, port, k, bytes, key, ov, status) : -2;
}

int ms_iocp_post_reserved_locked(ms_world *w, uint64_t port, void *node, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov,
                                 NTSTATUS status) {
    ms_iocp *p = ms_handle_get_locked(w, port, MS_H_IOCP);
    ms_iocp_packet *k = node;
    if (!p) {
        ms_free(k);
        return -1;
    }
    k->p = (ms_packet){bytes, key, ov, status};
    k->next = NULL;
    if (p->tail)
        p->tail->next = k;
    else
        p->head = k;
    p->tail = k;
    ms_wake_port_locked(w, port);
    return 0;
}

int ms_iocp_get(ms_world *w, uint64_t port, DWORD timeout_ms, ms_packet *out) {
    ULONG n = 0;
    int r = ms_iocp_get_many(w, port, out, 1, &n, timeout_ms, false);
    return r < 0 ? -1 : (int)n;
}

/* Packets are taken first: only a wait that finds none is alertable (the page of
 * GetQueuedCompletionStatusEx: "If the parameter is TRUE and no entries are available, the
 * function performs an alertable wait"). */
int ms_iocp_get_many(ms_world *w, uint64_t port, ms_packet *out, ULONG cap, ULONG *n, DWORD timeout_ms,
                     bool alertable) {
    struct timespec dl;
    ms_deadline(timeout_ms, &dl);
    *n = 0;
    ms_lock(w);
    ms_thread *self = alertable ? ms_thread_self_locked(w) : NULL;
    for (;;) {
        ms_pump_locked(w);
        ms_iocp *p = ms_handle_get_locked(w, port, MS_H_IOCP);
        if (!p) {
            ms_unlock(w);
            return -1;
        }
        while (p->head && *n < cap) {
            ms_iocp_packet *k = p->head;
            p->head = k->next;
            if (!p->head) p->tail = NULL;
            out[(*n)++] = k->p;
            ms_free(k);
        }
        if (*n) {
            ms_unlock(w);
            return 1;
        }
        if (self && self->apc_head) {
            ms_run_apcs_locked(w, self);
            ms_unlock(w);
            return 2;
        }
        if (!(alertable ? ms_block_alertable_locked(w, port, timeout_ms, &dl)
                        : ms_block_locked(w, port, timeout_ms, &dl)))
            break;
    }
    ms_unlock(w);
    return 0;
}

/* ----------------------------------------------------------- deferred work */
static void defer_append_locked(ms_world *w, ms_deferred *d) {
    if (w->def_tail)
        w->def_tail->next = d;
    else
        w->def_head = d;
    w->def_tail = d;
    /* Deferred work runs at a wait: a thread blocked on its port, which no ordinary wake
     * reaches, must get the chance to run it now rather than at its timeout. */
    ms_wake_all_locked(w);
}

int ms_defer_locked(ms_world *w, void (*fn)(ms_world *, void *), void (*drop)(void *), void *arg) {
    ms_deferred *d = ms_malloc(sizeof *d);
    if (!d) return -1;
    *d = (ms_deferred){fn, drop, arg, NULL, false};
    defer_append_locked(w, d);
    return 0;
}

ms_deferred *ms_defer_node_new(void) { return ms_calloc(1, sizeof(ms_deferred)); }

void ms_defer_node_locked(ms_world *w, ms_deferred *node, void (*fn)(ms_world *, void *), void (*drop)(void *),
                          void *arg) {
    *node = (ms_deferred){fn, drop, arg, NULL, true};
    defer_append_locked(w, node);
}

void ms_defer_node_free(ms_deferred *node) { ms_free(node); }

void ms_defer_cancel_locked(ms_world *w, void *arg) {
    ms_deferred **pp = &w->def_head, *prev = NULL;
    while (*pp) {
        ms_deferred *d = *pp;
        if (d->arg == arg) {
            *pp = d->next;
            if (w->def_tail == d) w->def_tail = prev;
            if (!d->kept) ms_free(d);
        } else {
            prev = d;
            pp = &d->next;
        }
    }
}

size_t ms_pump_locked(ms_world *w) {
    size_t n = 0;
    /* Work deferred while pumping waits for the next defined point. */
    ms_deferred *batch = w->def_head;
    w->def_head = w->def_tail = NULL;
    while (batch) {
        ms_deferred *d = batch;
        batch = d->next;
        bool kept = d->kept; /* a kept node may be freed or queued again by its own work */
        d->fn(w, d->arg);
        if (!kept) ms_free(d);
        n++;
    }
    if (n) ms_wake_locked(w);
    return n;
}

size_t ms_pump(ms_world *w) {
    ms_lock(w);
    size_t n = ms_pump_locked(w);
    ms_unlock(w);
    return n;
}

/* ------------------------------------------------------------------- waits */
static bool events_ready_locked(ms_world *w, DWORD n, const uint64_t *ev, bool all, DWORD *idx, bool *bad) {
    *bad = false;
    DWORD first = n;
    DWORD count = 0;
    for (DWORD i = 0; i < n; i++) {
        int st = object_ready_locked(w, ev[i]);
        if (st < 0) {
            *bad = true;
            return false;
        }
        if (st) {
            count++;
            if (first == n) first = i;
        }
    }
    if (all ? count == n : count > 0) {
        *idx = all ? 0 : first;
        return true;
    }
    return false;
}

DWORD ms_wait_events(ms_world *w, DWORD n, const uint64_t *ev, bool all, DWORD timeout_ms, bool alertable) {
    struct timespec dl;
    ms_deadline(timeout_ms, &dl);
    ms_lock(w);
    ms_thread *self = ms_thread_self_locked(w);
    for (;;) {
        ms_pump_locked(w);
        if (alertable && self && self->apc_head) {
            ms_run_apcs_locked(w, self);
            ms_unlock(w);
            return WSA_WAIT_IO_COMPLETION;
        }
        DWORD idx;
        bool bad;
        if (events_ready_locked(w, n, ev, all, &idx, &bad)) {
            DWORD abandoned = events_consume_locked(w, n, ev, all, idx);
            ms_unlock(w);
            return abandoned < n ? WAIT_ABANDONED_0 + abandoned : WSA_WAIT_EVENT_0 + idx;
        }
        if (bad) {
            ms_unlock(w);
            ms_set_last_error(WSA_INVALID_HANDLE);
            return WSA_WAIT_FAILED;
        }
        if (!ms_block_locked(w, 0, timeout_ms, &dl)) break;
    }
    ms_unlock(w);
    return WSA_WAIT_TIMEOUT;
}

DWORD ms_sleep_ex(ms_world *w, DWORD timeout_ms, bool alertable) {
    struct timespec dl;
    ms_deadline(timeout_ms, &dl);
    ms_lock(w);
    ms_thread *self = ms_thread_self_locked(w);
    for (;;) {
        ms_pump_locked(w);
        if (alertable && self && self->apc_head) {
            ms_run_apcs_locked(w, self);
            ms_unlock(w);
            return WAIT_IO_COMPLETION;
        }
        /* A sleep that ends is not a deadlock, whatever its length; in virtual time it
         * simply ends now, its length counted on the virtual clock. */
        if (timeout_ms == 0) break;
        if (!w->real_time) {
            if (timeout_ms != INFINITE) atomic_fetch_add(&w->virtual_ms, timeout_ms);
            break;
        }
        if (timeout_ms == INFINITE && !alertable) {
            ms_block_locked(w, 0, INFINITE, &dl);
            continue;
        }
        if (!ms_block_locked(w, 0, timeout_ms, &dl)) break;
    }
    ms_unlock(w);
    return 0;
}

bool ms_wait_change(ms_world *w, uint64_t *seen, DWORD timeout_ms) {
    struct timespec dl;
    ms_deadline(timeout_ms, &dl);
    ms_lock(w);
    while (w->changes == *seen && ms_block_locked(w, 0, timeout_ms, &dl)) {
    }
    bool changed = w->changes != *seen;
    *seen = w->changes;
    ms_unlock(w);
    return changed;
}

bool ms_wait_until_locked(ms_world *w, bool (*pred)(void *), void *arg, DWORD timeout_ms) {
    struct timespec dl;
    ms_deadline(timeout_ms, &dl);
    for (;;) {
        ms_pump_locked(w);
        if (pred(arg)) return true;
        if (!ms_block_locked(w, 0, timeout_ms, &dl)) return false;
    }
}

int ms_wait_until_alertable_locked(ms_world *w, bool (*pred)(void *), void *arg, DWORD timeout_ms, bool alertable) {
    struct timespec dl;
    ms_deadline(timeout_ms, &dl);
    ms_thread *self = ms_thread_self_locked(w);
    for (;;) {
        ms_pump_locked(w);
        if (pred(arg)) return 1;
        if (alertable && self && self->apc_head) {
            ms_run_apcs_locked(w, self);
            return 2;
        }
        if (!ms_block_locked(w, 0, timeout_ms, &dl)) return 0;
    }
}

/* ------------------------------------------------------------ named objects */
/* One process's namespace of event, mutex and semaphore names: the model is one process, so a
 * name reaches every thread of it; a name is case sensitive ("The name comparison is case
 * sensitive"). */
typedef struct ms_named {
    char *name;
    uint64_t h;
    unsigned refs; /* handles handed out for it and not closed yet */
    struct ms_named *next;
} ms_named;

static ms_named *named_of(ms_world *w, uint64_t h) {
    for (ms_named *n = w->named; n; n = n->next)
        if (n->h == h) return n;
    return NULL;
}

uint64_t ms_named_find_locked(ms_world *w, const char *name, int *kind) {
    for (ms_named *n = w->named; n; n = n->next) {
        if (strcmp(n->name, name) != 0) continue;
        ms_event *e = ms_handle_get_locked(w, n->h, MS_H_EVENT);
        if (!e) return 0;
        *kind = e->kind == MS_OBJ_MUTEX       ? MS_NAMED_MUTEX
                : e->kind == MS_OBJ_SEMAPHORE ? MS_NAMED_SEMAPHORE
                                              : MS_NAMED_EVENT;
        return n->h;
    }
    return 0;
}

bool ms_named_add_locked(ms_world *w, const char *name, uint64_t h) {
    ms_named *n = ms_calloc(1, sizeof *n);
    size_t len = strlen(name) + 1;
    char *copy = n ? ms_malloc(len) : NULL;
    if (!copy) {
        ms_free(n);
        return false;
    }
    memcpy(copy, name, len);
    *n = (ms_named){copy, h, 1, w->named};
    w->named = n;
    return true;
}

void ms_named_ref_locked(ms_world *w, uint64_t h) {
    ms_named *n = named_of(w, h);
    if (n) n->refs++;
}

bool ms_named_close_locked(ms_world *w, uint64_t h) {
    for (ms_named **pp = &w->named; *pp; pp = &(*pp)->next) {
        ms_named *n = *pp;
        if (n->h != h) continue;
        if (--n->refs > 0) return true;
        *pp = n->next;
        ms_free(n->name);
        ms_free(n);
        return false;
    }
    return false;
}

void ms_named_free_all(ms_world *w) {
    for (ms_named *n = w->named; n;) {
        ms_named *next = n->next;
        ms_free(n->name);
        ms_free(n);
        n = next;
    }
    w->named = NULL;
}
