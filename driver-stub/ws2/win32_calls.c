/*
 * win32_calls.c: the kernel32 calls a redirect service makes around Winsock: threads
 * (CreateThread, _beginthreadex, ExitThread, _endthreadex), events and waits on events and
 * threads, critical sections, slim reader/writer locks, condition variables, Sleep, the tick
 * counts, the performance counter, GetCurrentProcessId, and inet_ntop.
 *
 * Why here: a vendor's service compiles unchanged against wfpcert/winsock.h only if what it
 * calls besides Winsock is there too, and its threads must wait on the model's objects (a
 * thread handle is a model event the thread's end signals), so that the model's clock and its
 * deadlock finding see them.  Threads are real threads; the model's world is the process's.
 */
#include "../net/net.h"
#include "../kernel/heap.h"
#include "../kernel/mutex.h"
#include "crt_format.h"
#include "text.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static uint64_t H(HANDLE h) { return (uint64_t)(uintptr_t)h; }

/* kernel32 needs no WSAStartup: the current world, or the program's own (kernel.h); NULL only
 * when no memory is left for one. */
static ms_world *world_or_error(void) {
    ms_world *w = ms_world_process();
    if (!w) ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return w;
}

/* ------------------------------------------------- events, mutexes, semaphores */
/* "CreateEventW", "CreateMutexW", "CreateSemaphoreW", "ReleaseMutex", "ReleaseSemaphore"
 * (learn.microsoft.com): a mutex is owned by a thread, recursively; ReleaseMutex by another
 * thread fails with ERROR_NOT_OWNER; a thread started through the model that ends owning one
 * abandons it, and the next wait that takes it answers WAIT_ABANDONED_0 + i.  A semaphore's
 * count lies in 0..lMaximumCount: a wait takes one, ReleaseSemaphore past the maximum fails with
 * ERROR_TOO_MANY_POSTS and changes nothing.
 *
 * Names: the model is one process, so a named object is that process's (a service that makes
 * sure it runs once with a named mutex, or signals its threads through a named event, works as
 * on Windows).  A name in use gives the existing object, "ERROR_ALREADY_EXISTS", and the
 * creation's other arguments are ignored (the mutex's initial owner too); a name another kind
 * of object uses fails with ERROR_INVALID_HANDLE ("these objects share the same namespace").
 * A creation that makes a new object leaves the last error 0, so that the check that follows it
 * reads no stale ERROR_ALREADY_EXISTS.  "Local\" names the session namespace, where a name
 * without a prefix goes too; "Global\" is kept apart.  Every handle to a name is the object's
 * one handle, counted: CloseHandle closes the object with the last. */
static HANDLE sync_object(int kind, const char *name, BOOL a, LONG b, LONG c) {
    if (kind == MS_NAMED_SEMAPHORE && (c <= 0 || b < 0 || b > c)) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ms_world *w = world_or_error();
    if (!w) return NULL;
    if (name && strncmp(name, "Local\\", 6) == 0) name += 6;
    if (name && !*name) name = NULL; /* an empty name is no name */
    ms_lock(w);
    int found_kind = kind;
    uint64_t h = name ? ms_named_find_locked(w, name, &found_kind) : 0;
    DWORD e = 0;
    if (h && found_kind != kind) {
        h = 0;
        e = ERROR_INVALID_HANDLE;
    } else if (h) {
        ms_named_ref_locked(w, h);
        e = ERROR_ALREADY_EXISTS;
    } else {
        h = kind == MS_NAMED_EVENT   ? ms_event_create_ex_locked(w, a != 0, b != 0)
            : kind == MS_NAMED_MUTEX ? ms_mutex_create_locked(w, a != 0)
                                     : ms_semaphore_create_locked(w, b, c);
        if (h && name && !ms_named_add_locked(w, name, h)) {
            ms_handle_free_locked(w, h);
            h = 0;
        }
        if (!h) e = ERROR_NOT_ENOUGH_MEMORY;
    }
    ms_unlock(w);
    ms_set_last_error(e);
    return (HANDLE)(uintptr_t)h;
}

#define NAME_CAP (4 * 260 + 1)

/* The W forms: the name in UTF-8, or ERROR_FILENAME_EXCED_RANGE past MAX_PATH characters. */
static HANDLE sync_object_w(int kind, LPCWSTR name, BOOL a, LONG b, LONG c) {
    char n8[NAME_CAP];
    if (!ms_wide_name(name, n8, sizeof n8)) {
        ms_set_last_error(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    return sync_object(kind, name ? n8 : NULL, a, b, c);
}

HANDLE CreateEventA(LPSECURITY_ATTRIBUTES attrs, BOOL manual, BOOL initial, LPCSTR name) {
    (void)attrs;
    return sync_object(MS_NAMED_EVENT, name, manual, initial, 0);
}

HANDLE CreateEventW(LPSECURITY_ATTRIBUTES attrs, BOOL manual, BOOL initial, LPCWSTR name) {
    (void)attrs;
    return sync_object_w(MS_NAMED_EVENT, name, manual, initial, 0);
}

static BOOL event_put(HANDLE h, bool signaled) {
    ms_world *w = world_or_error();
    if (!w) return FALSE;
    ms_lock(w);
    bool ok = ms_event_set_locked(w, H(h), signaled);
    ms_unlock(w);
    if (!ok) ms_set_last_error(ERROR_INVALID_HANDLE);
    return ok;
}

BOOL SetEvent(HANDLE h) { return event_put(h, true); }
BOOL ResetEvent(HANDLE h) { return event_put(h, false); }

HANDLE CreateMutexA(LPSECURITY_ATTRIBUTES attrs, BOOL owned, LPCSTR name) {
    (void)attrs;
    return sync_object(MS_NAMED_MUTEX, name, owned, 0, 0);
}

HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES attrs, BOOL owned, LPCWSTR name) {
    (void)attrs;
    return sync_object_w(MS_NAMED_MUTEX, name, owned, 0, 0);
}

BOOL ReleaseMutex(HANDLE h) {
    ms_world *w = world_or_error();
    if (!w) return FALSE;
    ms_lock(w);
    int r = ms_mutex_release_locked(w, H(h));
    ms_unlock(w);
    if (r) ms_set_last_error(r == -2 ? ERROR_NOT_OWNER : ERROR_INVALID_HANDLE);
    return r == 0;
}

HANDLE CreateSemaphoreA(LPSECURITY_ATTRIBUTES attrs, LONG initial, LONG max, LPCSTR name) {
    (void)attrs;
    return sync_object(MS_NAMED_SEMAPHORE, name, FALSE, initial, max);
}

HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES attrs, LONG initial, LONG max, LPCWSTR name) {
    (void)attrs;
    return sync_object_w(MS_NAMED_SEMAPHORE, name, FALSE, initial, max);
}

BOOL ReleaseSemaphore(HANDLE h, LONG n, LPLONG prev) {
    if (n <= 0) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_world *w = world_or_error();
    if (!w) return FALSE;
    LONG before = 0;
    ms_lock(w);
    int r = ms_semaphore_release_locked(w, H(h), n, &before);
    ms_unlock(w);
    if (r) {
        ms_set_last_error(r == -2 ? ERROR_TOO_MANY_POSTS : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (prev) *prev = before;
    return TRUE;
}

/* OpenEvent, OpenMutex, OpenSemaphore ("OpenEventW" and its siblings' pages): a handle to the
 * object of that name, or NULL with ERROR_FILE_NOT_FOUND when there is none and
 * ERROR_INVALID_PARAMETER for no name (Wine's sync tests, as run on Windows), ERROR_INVALID_HANDLE
 * when the name is another kind's (as for the Create calls above; wine 8.0 answers the same).
 * The access asked for is not kept: the model's handles allow every call. */
static HANDLE open_object(int kind, const char *name) {
    if (!name) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ms_world *w = world_or_error();
    if (!w) return NULL;
    if (strncmp(name, "Local\\", 6) == 0) name += 6;
    ms_lock(w);
    int found_kind = kind;
    uint64_t h = *name ? ms_named_find_locked(w, name, &found_kind) : 0;
    DWORD e = 0;
    if (!h) {
        e = ERROR_FILE_NOT_FOUND;
    } else if (found_kind != kind) {
        h = 0;
        e = ERROR_INVALID_HANDLE;
    } else {
        ms_named_ref_locked(w, h);
    }
    ms_unlock(w);
    if (e) ms_set_last_error(e);
    return (HANDLE)(uintptr_t)h;
}

static HANDLE open_object_w(int kind, LPCWSTR name) {
    char n8[NAME_CAP];
    if (name && !ms_wide_name(name, n8, sizeof n8)) {
        ms_set_last_error(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    return open_object(kind, name ? n8 : NULL);
}

HANDLE OpenEventA(DWORD access, BOOL inherit, LPCSTR name) {
    (void)access, (void)inherit;
    return open_object(MS_NAMED_EVENT, name);
}

HANDLE OpenEventW(DWORD access, BOOL inherit, LPCWSTR name) {
    (void)access, (void)inherit;
    return open_object_w(MS_NAMED_EVENT, name);
}

HANDLE OpenMutexA(DWORD access, BOOL inherit, LPCSTR name) {
    (void)access, (void)inherit;
    return open_object(MS_NAMED_MUTEX, name);
}

HANDLE OpenMutexW(DWORD access, BOOL inherit, LPCWSTR name) {
    (void)access, (void)inherit;
    return open_object_w(MS_NAMED_MUTEX, name);
}

HANDLE OpenSemaphoreA(DWORD access, BOOL inherit, LPCSTR name) {
    (void)access, (void)inherit;
    return open_object(MS_NAMED_SEMAPHORE, name);
}

HANDLE OpenSemaphoreW(DWORD access, BOOL inherit, LPCWSTR name) {
    (void)access, (void)inherit;
    return open_object_w(MS_NAMED_SEMAPHORE, name);
}

/* WAIT_OBJECT_0 + i, WAIT_TIMEOUT, WAIT_IO_COMPLETION and WAIT_FAILED have the values of
 * WSAWaitForMultipleEvents' answers, which the model's wait gives. */
DWORD WaitForMultipleObjectsEx(DWORD n, const HANDLE *handles, BOOL all, DWORD ms, BOOL alertable) {
    ms_world *w = world_or_error();
    if (!w) return WAIT_FAILED;
    if (n == 0 || n > MAXIMUM_WAIT_OBJECTS) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    if (!handles || !ms_probe_read(handles, n * sizeof *handles)) {
        ms_set_last_error(ERROR_NOACCESS);
        return WAIT_FAILED;
    }
    uint64_t hs[MAXIMUM_WAIT_OBJECTS];
    for (DWORD i = 0; i < n; i++) hs[i] = H(handles[i]);
    DWORD r = ms_wait_events(w, n, hs, all != 0, ms, alertable != 0);
    if (r == WAIT_FAILED) ms_set_last_error(ERROR_INVALID_HANDLE);
    return r;
}

DWORD WaitForMultipleObjects(DWORD n, const HANDLE *handles, BOOL all, DWORD ms) {
    return WaitForMultipleObjectsEx(n, handles, all, ms, FALSE);
}

DWORD WaitForSingleObjectEx(HANDLE h, DWORD ms, BOOL alertable) {
    return WaitForMultipleObjectsEx(1, &h, FALSE, ms, alertable);
}

DWORD WaitForSingleObject(HANDLE h, DWORD ms) { return WaitForMultipleObjectsEx(1, &h, FALSE, ms, FALSE); }

/* ------------------------------------------------------------------ threads */
typedef struct thread_start {
    DWORD (*fn)(void *);
    unsigned (*fn_crt)(void *);
    void (*fn_void)(void *); /* _beginthread's, whose handle closes with the thread */
    void *arg;
    ms_world *w;
    uint64_t done; /* the thread's handle: an object of its own kind, signalled when fn returns */
    DWORD tid; /* the new thread's GetCurrentThreadId, for lpThreadId */
    bool started; /* tid is set; the creator frees this block (under exits_lock) */
    bool suspended; /* CREATE_SUSPENDED: fn waits for ResumeThread */
} thread_start;

/* Exit codes by handle, for GetExitCodeThread: a small table, as services start few threads. */
#define MAX_EXITS 256
static pthread_mutex_t exits_lock = MS_MUTEX_INITIALIZER;
static pthread_cond_t started_cond = PTHREAD_COND_INITIALIZER; /* a thread_start's started became true */
static struct {
    uint64_t h;
    DWORD code;
} exits[MAX_EXITS];
/* Threads made with CREATE_SUSPENDED and their suspend counts, under exits_lock: "ResumeThread"
 * decrements the count, and the thread runs its function once it reaches 0.  A thread's entry
 * stays (count 0) until its handle's slot is reused by another suspended thread. */
static pthread_cond_t resume_cond = PTHREAD_COND_INITIALIZER;
static struct {
    uint64_t h;
    DWORD count;
} suspends[MAX_EXITS];

static DWORD *suspend_count(uint64_t h) { /* under exits_lock */
    for (int i = 0; i < MAX_EXITS; i++)
        if (suspends[i].h == h) return &suspends[i].count;
    return NULL;
}

/* ExitThread in a thread the model started goes back to thread_main, which then ends the thread
 * as a return from its function does (the code kept, the handle signalled, mutexes abandoned). */
static _Thread_local jmp_buf *exit_jump;
static _Thread_local DWORD exit_code;

static void *thread_main(void *p) {
    thread_start s = *(thread_start *)p;
    /* The thread's record knows its handle before CreateThread returns: QueueUserAPC may come at once. */
    ms_lock(s.w);
    ms_thread *me = ms_thread_self_locked(s.w);
    if (me) me->object = s.done;
    ms_unlock(s.w);
    /* "CreateThread": lpThreadId receives the identifier GetCurrentThreadId gives in the thread */
    ms_mutex_lock(&exits_lock);
    ((thread_start *)p)->tid = GetCurrentThreadId();
    ((thread_start *)p)->started = true;
    pthread_cond_broadcast(&started_cond);
    if (s.suspended) /* the creator made the entry before it started this thread */
        for (DWORD *n = suspend_count(s.done); n && *n;) pthread_cond_wait(&resume_cond, &exits_lock);
    ms_mutex_unlock(&exits_lock);
    DWORD code = 0;
    jmp_buf jump;
    exit_jump = &jump;
    if (setjmp(jump))
        code = exit_code;
    else if (s.fn)
        code = s.fn(s.arg);
    else if (s.fn_crt)
        code = (DWORD)s.fn_crt(s.arg);
    else
        s.fn_void(s.arg);
    exit_jump = NULL;
    ms_mutex_lock(&exits_lock);
    for (int i = 0; i < MAX_EXITS && !s.fn_void; i++)
        if (!exits[i].h) {
            exits[i].h = s.done;
            exits[i].code = code;
            break;
        }
    ms_mutex_unlock(&exits_lock);
    ms_lock(s.w);
    ms_mutexes_abandon_locked(s.w, pthread_self());
    ms_thread_object_end_locked(s.w, s.done);
    if (s.fn_void) ms_handle_free_locked(s.w, s.done); /* _beginthread: "closed automatically" */
    ms_thread_exit_locked(s.w);
    ms_unlock(s.w);
    return NULL;
}

static HANDLE thread_new(DWORD (*fn)(void *), unsigned (*fn_crt)(void *), void (*fn_void)(void *), void *arg,
                         DWORD flags, DWORD *id) {
    ms_world *w = world_or_error();
    if (!w) return NULL;
    bool suspended = (flags & CREATE_SUSPENDED) != 0;
    thread_start *s = malloc(sizeof *s);
    if (!s) {
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    ms_lock(w);
    uint64_t done = ms_thread_object_create_locked(w);
    if (done) ms_world_thread_created_locked(w);
    ms_unlock(w);
    *s = (thread_start){fn, fn_crt, fn_void, arg, w, done, 0, false, suspended};
    bool room = !suspended;
    if (suspended && done) {
        ms_mutex_lock(&exits_lock);
        DWORD *n = suspend_count(done); /* a handle value used before by a thread now gone */
        for (int i = 0; !n && i < MAX_EXITS; i++)
            if (!suspends[i].h) suspends[i].h = done, n = &suspends[i].count;
        if (n) *n = 1, room = true;
        ms_mutex_unlock(&exits_lock);
    }
    pthread_t t;
    if (!done || !room || pthread_create(&t, NULL, thread_main, s) != 0) {
        if (suspended && room) { /* no thread: its entry is free again */
            ms_mutex_lock(&exits_lock);
            DWORD *n = suspend_count(done);
            if (n) *n = 0;
            ms_mutex_unlock(&exits_lock);
        }
        free(s);
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pthread_detach(t);
    ms_mutex_lock(&exits_lock);
    while (!s->started) pthread_cond_wait(&started_cond, &exits_lock);
    DWORD tid = s->tid;
    ms_mutex_unlock(&exits_lock);
    free(s);
    if (id) *id = tid;
    return (HANDLE)(uintptr_t)done;
}

HANDLE CreateThread(LPSECURITY_ATTRIBUTES attrs, size_t stack, LPTHREAD_START_ROUTINE fn, LPVOID arg, DWORD flags,
                    LPDWORD id) {
    (void)attrs, (void)stack;
    if (!fn) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return thread_new(fn, NULL, NULL, arg, flags, id);
}

uintptr_t _beginthreadex(void *security, unsigned stack, unsigned(WINAPI *fn)(void *), void *arg, unsigned flags,
                         unsigned *id) {
    (void)security, (void)stack;
    if (!fn) { /* the page: the invalid parameter handler, then errno EINVAL if it lets the call go on */
        ms_crt_invalid("_beginthreadex", "start_address is NULL", EINVAL);
        return 0;
    }
    DWORD tid = 0;
    HANDLE h = thread_new(NULL, fn, NULL, arg, flags, &tid);
    if (h && id) *id = tid;
    return (uintptr_t)h;
}

uintptr_t _beginthread(void (*fn)(void *), unsigned stack, void *arg) {
    (void)stack;
    if (!fn) {
        ms_crt_invalid("_beginthread", "start_address is NULL", EINVAL);
        return (uintptr_t)-1;
    }
    DWORD tid = 0;
    HANDLE h = thread_new(NULL, NULL, fn, arg, 0, &tid);
    if (!h) errno = EAGAIN; /* "too many threads" or no memory: the page's EAGAIN */
    return h ? (uintptr_t)h : (uintptr_t)-1;
}

/* "ExitThread", "_endthreadex", "_endthread": the calling thread ends with the code, as if its
 * function had returned it (nothing after the call runs).  A thread the model did not start (the
 * program's main thread) ends too, but its code reaches nobody: the model keeps no handle for it,
 * and the process's own exit code, when its last thread ends, is 0 (on Windows, the code). */
void ExitThread(DWORD code) {
    if (exit_jump) {
        exit_code = code;
        longjmp(*exit_jump, 1);
    }
    pthread_exit(NULL);
}

void _endthreadex(unsigned code) { ExitThread(code); }

void _endthread(void) { ExitThread(0); }

/* "ResumeThread": the thread's previous suspend count, 0 for a thread that was not suspended;
 * (DWORD)-1 with ERROR_INVALID_HANDLE for a handle that is no thread. */
DWORD ResumeThread(HANDLE h) {
    ms_world *w = world_or_error();
    if (!w) return (DWORD)-1;
    ms_lock(w);
    int state = ms_thread_object_state_locked(w, H(h));
    ms_unlock(w);
    if (state < 0) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return (DWORD)-1;
    }
    ms_mutex_lock(&exits_lock);
    DWORD *n = suspend_count(H(h)), prev = n ? *n : 0;
    if (n && *n && --*n == 0) pthread_cond_broadcast(&resume_cond);
    ms_mutex_unlock(&exits_lock);
    return prev;
}

BOOL GetExitCodeThread(HANDLE h, LPDWORD code) {
    if (!code) {
        ms_set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    ms_world *w = world_or_error();
    if (!w) return FALSE;
    ms_lock(w);
    int state = ms_thread_object_state_locked(w, H(h)); /* an event or a mutex is no thread */
    ms_unlock(w);
    if (state < 0) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    *code = STILL_ACTIVE;
    ms_mutex_lock(&exits_lock);
    for (int i = 0; i < MAX_EXITS; i++)
        if (exits[i].h == H(h)) *code = exits[i].code;
    ms_mutex_unlock(&exits_lock);
    return TRUE;
}

DWORD GetCurrentThreadId(void) { return (DWORD)gettid(); }

DWORD GetCurrentProcessId(void) {
    ms_world *w = ms_world_current();
    return w ? ms_net_process(w) : MS_PID_SELF;
}

/* -------------------------------------------------------- critical sections */
typedef struct cs_impl {
    pthread_mutex_t m;
} cs_impl;

void InitializeCriticalSection(LPCRITICAL_SECTION cs) {
    cs_impl *c = malloc(sizeof *c);
    if (!c) abort(); /* Windows raises STATUS_NO_MEMORY here */
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&c->m, &a);
    pthread_mutexattr_destroy(&a);
    cs->impl = c;
    cs->RecursionCount = 0;
    cs->SpinCount = 0;
}

BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION cs, DWORD spin) {
    InitializeCriticalSection(cs);
    cs->SpinCount = spin;
    return TRUE;
}

void EnterCriticalSection(LPCRITICAL_SECTION cs) {
    pthread_mutex_lock(&((cs_impl *)cs->impl)->m);
    cs->RecursionCount++;
}

BOOL TryEnterCriticalSection(LPCRITICAL_SECTION cs) {
    if (pthread_mutex_trylock(&((cs_impl *)cs->impl)->m) != 0) return FALSE;
    cs->RecursionCount++;
    return TRUE;
}

void LeaveCriticalSection(LPCRITICAL_SECTION cs) {
    cs->RecursionCount--;
    pthread_mutex_unlock(&((cs_impl *)cs->impl)->m);
}

void DeleteCriticalSection(LPCRITICAL_SECTION cs) {
    cs_impl *c = cs->impl;
    if (!c) return;
    pthread_mutex_destroy(&c->m);
    free(c);
    cs->impl = NULL;
}

/* ------------------------------------------------------------ SRW locks */
/* The lock's pointer is its state: bit 0 an exclusive owner, the rest twice the number of
 * shared owners.  A thread that must wait sleeps on one process-wide condition, woken by
 * every release that finds a waiter; the lock itself needs no memory. */
#define SRW_EXCLUSIVE ((uintptr_t)1)
#define SRW_SHARED ((uintptr_t)2)
static pthread_mutex_t srw_mu = MS_MUTEX_INITIALIZER;
static pthread_cond_t srw_cv = PTHREAD_COND_INITIALIZER;
static _Atomic int srw_waiters;

static _Atomic uintptr_t *srw_word(PSRWLOCK l) { return (_Atomic uintptr_t *)(void *)&l->Ptr; }

static bool srw_try(PSRWLOCK l, bool exclusive) {
    uintptr_t v = atomic_load(srw_word(l));
    for (;;) {
        if (v & SRW_EXCLUSIVE || (exclusive && v)) return false;
        if (atomic_compare_exchange_weak(srw_word(l), &v, exclusive ? SRW_EXCLUSIVE : v + SRW_SHARED)) return true;
    }
}

static void srw_acquire(PSRWLOCK l, bool exclusive) {
    if (srw_try(l, exclusive)) return;
    ms_mutex_lock(&srw_mu);
    atomic_fetch_add(&srw_waiters, 1);
    while (!srw_try(l, exclusive)) pthread_cond_wait(&srw_cv, &srw_mu);
    atomic_fetch_sub(&srw_waiters, 1);
    ms_mutex_unlock(&srw_mu);
}

static void srw_release(PSRWLOCK l, bool exclusive) {
    if (exclusive)
        atomic_store(srw_word(l), 0);
    else
        atomic_fetch_sub(srw_word(l), SRW_SHARED);
    if (atomic_load(&srw_waiters) == 0) return; /* a waiter counts itself before it tries */
    ms_mutex_lock(&srw_mu);
    pthread_cond_broadcast(&srw_cv);
    ms_mutex_unlock(&srw_mu);
}

void InitializeSRWLock(PSRWLOCK l) { l->Ptr = NULL; }
void AcquireSRWLockExclusive(PSRWLOCK l) { srw_acquire(l, true); }
void AcquireSRWLockShared(PSRWLOCK l) { srw_acquire(l, false); }
void ReleaseSRWLockExclusive(PSRWLOCK l) { srw_release(l, true); }
void ReleaseSRWLockShared(PSRWLOCK l) { srw_release(l, false); }
BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK l) { return srw_try(l, true); }
BOOLEAN TryAcquireSRWLockShared(PSRWLOCK l) { return srw_try(l, false); }

/* ------------------------------------------------------ condition variables */
/* The sleepers of every condition variable, oldest first, each on its sleeping thread's
 * stack.  cv_mu guards the list; a wake also wakes the world's waits (a sleep with a world
 * is one of them, so the virtual clock and the deadlock finding see it) and cv_cond (a sleep
 * before any world exists: there the model has no clock, so it simply blocks). */
typedef struct cv_sleeper {
    PCONDITION_VARIABLE cv;
    bool woken;
    struct cv_sleeper *next;
} cv_sleeper;
static pthread_mutex_t cv_mu = MS_MUTEX_INITIALIZER;
static pthread_cond_t cv_cond = PTHREAD_COND_INITIALIZER;
static cv_sleeper *cv_sleepers;

static void cv_wake(PCONDITION_VARIABLE cv, bool all) {
    ms_world *w = ms_world_current();
    if (w) ms_lock(w);
    ms_mutex_lock(&cv_mu);
    for (cv_sleeper *z = cv_sleepers; z; z = z->next)
        if (z->cv == cv && !z->woken) {
            z->woken = true;
            if (!all) break;
        }
    pthread_cond_broadcast(&cv_cond);
    ms_mutex_unlock(&cv_mu);
    if (w) {
        ms_wake_locked(w);
        ms_unlock(w);
    }
}

static bool cv_woken(void *arg) {
    ms_mutex_lock(&cv_mu);
    bool woken = ((cv_sleeper *)arg)->woken;
    ms_mutex_unlock(&cv_mu);
    return woken;
}

/* Linked before the caller's lock is released, so a wake by whoever takes that lock next
 * cannot be missed; the lock is taken again before returning, whatever the outcome. */
static BOOL cv_sleep(PCONDITION_VARIABLE cv, void (*release)(void *), void (*acquire)(void *), void *lock, DWORD ms) {
    cv_sleeper me = {cv, false, NULL};
    ms_world *w = ms_world_current();
    if (w) ms_lock(w);
    ms_mutex_lock(&cv_mu);
    cv_sleeper **tail = &cv_sleepers;
    while (*tail) tail = &(*tail)->next;
    *tail = &me;
    ms_mutex_unlock(&cv_mu);
    release(lock);
    if (w) {
        ms_wait_until_locked(w, cv_woken, &me, ms);
        ms_mutex_lock(&cv_mu);
    } else {
        struct timespec dl; /* cv_cond runs on CLOCK_REALTIME, pthread's default */
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_sec += ms / 1000 + (dl.tv_nsec + (long)(ms % 1000) * 1000000L) / 1000000000L;
        dl.tv_nsec = (dl.tv_nsec + (long)(ms % 1000) * 1000000L) % 1000000000L;
        ms_mutex_lock(&cv_mu);
        while (!me.woken && (ms == INFINITE ? pthread_cond_wait(&cv_cond, &cv_mu)
                                            : pthread_cond_timedwait(&cv_cond, &cv_mu, &dl)) != ETIMEDOUT) {
        }
    }
    for (cv_sleeper **pp = &cv_sleepers; *pp; pp = &(*pp)->next)
        if (*pp == &me) {
            *pp = me.next;
            break;
        }
    bool woken = me.woken; /* a wake that came with the time-out still counts */
    ms_mutex_unlock(&cv_mu);
    if (w) ms_unlock(w);
    acquire(lock);
    if (!woken) ms_set_last_error(ERROR_TIMEOUT);
    return woken;
}

static void cs_leave(void *cs) { LeaveCriticalSection(cs); }
static void cs_enter(void *cs) { EnterCriticalSection(cs); }
static void srw_leave_x(void *l) { srw_release(l, true); }
static void srw_enter_x(void *l) { srw_acquire(l, true); }
static void srw_leave_s(void *l) { srw_release(l, false); }
static void srw_enter_s(void *l) { srw_acquire(l, false); }

void InitializeConditionVariable(PCONDITION_VARIABLE cv) { cv->Ptr = NULL; }
void WakeConditionVariable(PCONDITION_VARIABLE cv) { cv_wake(cv, false); }
void WakeAllConditionVariable(PCONDITION_VARIABLE cv) { cv_wake(cv, true); }

BOOL SleepConditionVariableCS(PCONDITION_VARIABLE cv, PCRITICAL_SECTION cs, DWORD ms) {
    return cv_sleep(cv, cs_leave, cs_enter, cs, ms);
}

BOOL SleepConditionVariableSRW(PCONDITION_VARIABLE cv, PSRWLOCK l, DWORD ms, ULONG flags) {
    bool shared = flags & CONDITION_VARIABLE_LOCKMODE_SHARED;
    return cv_sleep(cv, shared ? srw_leave_s : srw_leave_x, shared ? srw_enter_s : srw_enter_x, l, ms);
}

/* --------------------------------------------------------------------- time */
static unsigned long long mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

void Sleep(DWORD ms) { (void)SleepEx(ms, FALSE); }
/* The tick counts run on the real clock plus the world's virtual time (ms_world_virtual_ms). */
ULONGLONG GetTickCount64(void) { return mono_ns() / 1000000ull + ms_world_virtual_ms(ms_world_current()); }
DWORD GetTickCount(void) { return (DWORD)GetTickCount64(); }

/* 10 MHz, the frequency Windows 10 and later report on most machines. */
BOOL QueryPerformanceFrequency(LARGE_INTEGER *f) {
    if (!f) return FALSE;
    f->QuadPart = 10000000;
    return TRUE;
}

BOOL QueryPerformanceCounter(LARGE_INTEGER *c) {
    if (!c) return FALSE;
    c->QuadPart = (LONGLONG)(mono_ns() / 100ull + ms_world_virtual_ms(ms_world_current()) * 10000ull);
    return TRUE;
}

/* -------------------------------------------------------------------- text */
const char *inet_ntop(int family, const void *addr, char *buf, size_t size) {
    char text[64];
    /* "inet_ntop": a NULL pStringBuf or a StringBufSize of zero is ERROR_INVALID_PARAMETER */
    if (!buf || !size) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!addr) {
        ms_set_last_error(WSAEFAULT);
        return NULL;
    }
    if (family == AF_INET) {
        const unsigned char *b = addr;
        snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    } else if (family == AF_INET6) {
        const unsigned char *b = addr;
        unsigned g[8];
        for (int i = 0; i < 8; i++) g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
        /* RFC 5952: the longest run of two or more zero groups (the first of equals) is "::" */
        int best = -1, bestlen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestlen) best = i, bestlen = j - i;
            i = j > i ? j : i + 1;
        }
        size_t n = 0;
        /* The last 32 bits in dotted form for the kinds RFC 5952 section 5 names, as wine 8.0's
         * inet_ntop prints them: IPv4-compatible (::a.b.c.d, not ::0.0.x.y), IPv4-mapped
         * (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and ISATAP (any prefix, then
         * 0:5efe or 200:5efe). */
        bool isatap = (g[4] == 0 || g[4] == 0x200) && g[5] == 0x5efe;
        bool v4 = isatap || (best == 0 && (bestlen == 6 || (bestlen == 5 && g[5] == 0xffff) ||
                                           (bestlen == 4 && g[4] == 0xffff && g[5] == 0)));
        for (int i = 0; i < (v4 ? 6 : 8); i++) {
            if (i == best) {
                n += (size_t)snprintf(text + n, sizeof text - n, "::");
                i += bestlen - 1;
                continue;
            }
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%x", n && text[n - 1] != ':' ? ":" : "", g[i]);
        }
        if (v4)
            snprintf(text + n, sizeof text - n, "%s%u.%u.%u.%u", text[n - 1] == ':' ? "" : ":", b[12], b[13], b[14],
                     b[15]);
    } else {
        ms_set_last_error(WSAEAFNOSUPPORT);
        return NULL;
    }
    if (strlen(text) + 1 > size) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    memcpy(buf, text, strlen(text) + 1);
    return buf;
}

/* ---------------------------------------------------------------- resolving */
/* One entry, its address (and canon, the canonical name, when given) in the same block. */
static int one_addr(int af, const void *bytes, USHORT port, const ADDRINFOA *hints, const char *canon,
                    PADDRINFOA *out) {
    size_t canon_len = canon ? strlen(canon) + 1 : 0;
    /* the model's allocator: fail_alloc reaches it, and a result never freed is a leak the
     * runner counts against the case */
    ADDRINFOA *ai = ms_calloc(1, sizeof *ai + sizeof(SOCKADDR_STORAGE) + canon_len);
    if (!ai) return EAI_MEMORY;
    SOCKADDR_STORAGE *ss = (SOCKADDR_STORAGE *)(ai + 1);
    if (canon) ai->ai_canonname = memcpy((char *)(ss + 1), canon, canon_len);
    ss->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET) {
        memcpy(&((struct sockaddr_in *)ss)->sin_addr, bytes, 4);
        ((struct sockaddr_in *)ss)->sin_port = htons(port);
        ai->ai_addrlen = sizeof(struct sockaddr_in);
    } else {
        memcpy(&((struct sockaddr_in6 *)ss)->sin6_addr, bytes, 16);
        ((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
        ai->ai_addrlen = sizeof(struct sockaddr_in6);
    }
    ai->ai_family = af;
    ai->ai_socktype = hints ? hints->ai_socktype : 0;
    ai->ai_protocol = hints ? hints->ai_protocol : 0;
    ai->ai_addr = (struct sockaddr *)ss;
    *out = ai;
    return 0;
}

int getaddrinfo(const char *node, const char *service, const ADDRINFOA *hints, PADDRINFOA *res) {
    if (!ms_world_winsock()) return WSANOTINITIALISED; /* its error is its result */
    if (!res) return WSA_INVALID_PARAMETER;
    *res = NULL;
    int family = hints ? hints->ai_family : AF_UNSPEC;
    int flags = hints ? hints->ai_flags : 0;
    if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) return EAI_FAMILY;
    if (!node && !service) return EAI_NONAME;
    unsigned long port = 0;
    if (service && *service) {
        char *end;
        port = strtoul(service, &end, 10);
        if (*end) { /* a name: the services file's port ("getaddrinfo", pServiceName: "http" is 80) */
            int socktype = hints ? hints->ai_socktype : 0;
            int named = flags & AI_NUMERICSERV ? -1 : ms_service_port(service, socktype == SOCK_DGRAM ? "udp" : "tcp");
            if (named < 0) return flags & AI_NUMERICSERV ? EAI_NONAME : EAI_SERVICE;
            port = (unsigned long)named;
        }
        if (port > 65535) return EAI_SERVICE;
    }
    unsigned char v4[4] = {0}, v6[16] = {0};
    bool has4 = false, has6 = false;
    if (!node) { /* the wildcard with AI_PASSIVE, loopback otherwise */
        if (!(flags & AI_PASSIVE)) v4[0] = 127, v4[3] = 1, v6[15] = 1;
        has4 = family != AF_INET6;
        has6 = family != AF_INET;
    } else if (inet_pton(AF_INET, node, v4) == 1) {
        has4 = family != AF_INET6;
    } else if (inet_pton(AF_INET6, node, v6) == 1) {
        has6 = family != AF_INET;
    } else if (!(flags & AI_NUMERICHOST) && !strcmp(node, "localhost")) {
        v4[0] = 127, v4[3] = 1, v6[15] = 1;
        has6 = family != AF_INET;
        has4 = family != AF_INET6;
    } else if (!(flags & AI_NUMERICHOST) && !strcasecmp(node, MS_HOST_NAME)) {
        v4[0] = 192, v4[2] = 2, v4[3] = 1; /* 192.0.2.1 */
        v6[0] = 0x20, v6[1] = 0x01, v6[2] = 0x0d, v6[3] = 0xb8, v6[15] = 1; /* 2001:db8::1 */
        has6 = family != AF_INET;
        has4 = family != AF_INET6;
    } else {
        return EAI_NONAME;
    }
    if (!has4 && !has6) return EAI_NONAME; /* a literal of the other family */
    PADDRINFOA first = NULL, *tail = &first;
    int rc = 0;
    /* "getaddrinfo": with AI_CANONNAME, the first entry's ai_canonname is the host's canonical
     * name; the model's names are their own canonical names (a literal is its own text). */
    const char *canon = node && (flags & AI_CANONNAME) ? node : NULL;
    if (has6 && family != AF_INET && !rc && !(rc = one_addr(AF_INET6, v6, (USHORT)port, hints, canon, tail))) {
        tail = &(*tail)->ai_next;
        canon = NULL;
    }
    if (has4 && !rc && !(rc = one_addr(AF_INET, v4, (USHORT)port, hints, canon, tail))) tail = &(*tail)->ai_next;
    if (rc) {
        freeaddrinfo(first);
        return rc;
    }
    *res = first;
    return 0;
}

void freeaddrinfo(PADDRINFOA ai) {
    while (ai) {
        PADDRINFOA next = ai->ai_next;
        ms_free(ai);
        ai = next;
    }
}
