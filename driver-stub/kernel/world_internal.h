/*
 * world_internal.h: the layout of a world, shared only by the kernel's own files.
 */
#ifndef WFPCERT_KERNEL_WORLD_INTERNAL_H
#define WFPCERT_KERNEL_WORLD_INTERNAL_H

#include "kernel.h"

#include <semaphore.h>

typedef struct ms_slot {
    ms_htype type;
    uint16_t gen;
    uint8_t info; /* SetHandleInformation's HANDLE_FLAG_* bits */
    void *obj;
    uint32_t next_free;
} ms_slot;

typedef struct ms_deferred {
    void (*fn)(ms_world *, void *);
    void (*drop)(void *);
    void *arg;
    struct ms_deferred *next;
    bool kept; /* owned by its caller (ms_defer_node_new): running or dropping it does not free it */
} ms_deferred;

typedef struct ms_event {
    bool signaled;
    bool auto_reset; /* CreateEvent(bManualReset FALSE): a wait it satisfies resets it */
    /* The same handle type holds CreateMutex's and CreateSemaphore's objects and a thread's
     * handle (signalled when it ends, like a manual-reset event): one wait (ms_wait_events)
     * tests and takes all four; a call for one kind refuses the others. */
    enum { MS_OBJ_EVENT, MS_OBJ_MUTEX, MS_OBJ_SEMAPHORE, MS_OBJ_THREAD } kind;
    bool owned, abandoned; /* mutex: an owner, which may have ended without releasing it */
    pthread_t owner;
    LONG recursion; /* mutex: the owner's waits minus its releases */
    LONG count, max; /* semaphore */
} ms_event;

typedef struct ms_iocp_packet {
    ms_packet p;
    struct ms_iocp_packet *next;
} ms_iocp_packet;

typedef struct ms_iocp {
    ms_iocp_packet *head, *tail;
} ms_iocp;

/* A thread blocked in a wait, linked on its world only while it sleeps.  Each has its own
 * semaphore so that a change wakes only the threads it can concern: with one
 * broadcast per world, every completion on the os transport woke every waiting thread (each
 * proxy blocked on its own completion port), and all but one went back to sleep after a
 * trip through the world lock. */
typedef struct ms_waiter {
    /* A semaphore, not a condition variable on the world lock: a thread woken by a holder of
     * that lock (the poller completing a receive) woke into the lock, blocked on it, and after
     * the wait glibc leaves the mutex marked contended, so the next unlock made a futex call
     * too: four futex calls and two context switches per hand-off, where this needs two
     * (the post and the wait) and the woken thread spins briefly for the lock (ms_lock). */
    sem_t sem;
    uint64_t port; /* GetQueuedCompletionStatus on this port; 0: any change may satisfy it */
    bool signaled; /* already signalled since it blocked: one futex wake is enough */
    bool alertable; /* an alertable wait on a port: an APC (any change) wakes it too */
    struct ms_waiter *prev, *next;
} ms_waiter;

struct ms_world {
    pthread_mutex_t mu;
    /* WSAStartup calls not yet matched by a WSACleanup, the target's own included (it starts
     * Winsock for the program it opens, as the native target does): at 0 the Winsock calls
     * answer WSANOTINITIALISED until the next WSAStartup. */
    _Atomic int winsock;
    unsigned lock_depth; /* ms_lock nesting of the thread that holds mu (only it reads or writes it) */
    ms_waiter *waiters;
    uint64_t changes; /* ms_wake_locked calls so far: what ms_wait_change waits to see move */
    uint32_t serial;
    uint64_t stamp; /* unique in the process (serial wraps): what a thread's cached record names */
    ms_slot *slots;
    uint32_t nslots, capslots, free_head;
    ms_thread *threads;
    size_t nthreads;
    ms_deferred *def_head, *def_tail;
    ms_config cfg;
    bool real_time;
    bool real_time_forced;
    bool made_threads; /* a thread started through the model (CreateThread, a thread pool) */
    ms_clock clock; /* the knob `clock` (wt_set_knob) */
    /* How far the virtual clock has run ahead of the real one: the time-outs of the waits that
     * ended at once because the clock was virtual (ms_world_virtual_ms). */
    _Atomic uint64_t virtual_ms;
    struct ms_named *named; /* named events, mutexes and semaphores (wait.c) */
    char *findings;
    size_t findings_len;
    int nfindings;
    void *ext[MS_EXT_COUNT];
    void (*ext_destroy[MS_EXT_COUNT])(void *);
};

/* Blocks for at most the remaining time, until a change that concerns this wait (port: see
 * ms_waiter) signals it; returns false when the deadline passed (or, in virtual time, at
 * once: nothing is ever linked then, so waking stays out of the deterministic runs). */
/* Stops the process: the model broke its own lock discipline (world.c). */
void ms_lock_misuse(ms_world *w, const char *what);
bool ms_block_locked(ms_world *w, uint64_t port, DWORD timeout_ms, const struct timespec *deadline);
/* ms_block_locked for an alertable wait on a port (GetQueuedCompletionStatusEx with fAlertable):
 * woken by the port's packets and by every other change, an APC queued to it among them. */
bool ms_block_alertable_locked(ms_world *w, uint64_t port, DWORD timeout_ms, const struct timespec *deadline);
/* Signals the waiters on one completion port (a packet, or the port closed). */
void ms_wake_port_locked(ms_world *w, uint64_t port);
/* Signals every waiter, whatever it waits for (deferred work needs some thread to pump). */
void ms_wake_all_locked(ms_world *w);
void ms_deadline(DWORD timeout_ms, struct timespec *deadline);

#endif
