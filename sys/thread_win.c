/*
 * thread_win.c: wsys.h's clock, sleep, threads and mutexes on Windows (QueryPerformanceCounter,
 * Sleep, CreateThread, slim SRW locks).  thread_posix.c is the POSIX side of the same API.
 */
#include "wsys.h"

#include <winsock2.h>
#include <windows.h>

/* wsys_win.h declares the handle and the lock as plain pointers (see there). */
_Static_assert(sizeof(HANDLE) == sizeof(void *), "wsys_thread.handle holds a HANDLE");
_Static_assert(sizeof(SRWLOCK) == sizeof(wsys_mutex), "wsys_mutex holds an SRWLOCK");

/* The performance counter, as clock_gettime(CLOCK_MONOTONIC) on mingw-w64 reads it: the
 * tick count would step in 16 ms. */
unsigned long long wsys_monotonic_ns(void) {
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    unsigned long long hz = (unsigned long long)f.QuadPart, t = (unsigned long long)c.QuadPart;
    return t / hz * 1000000000u + t % hz * 1000000000u / hz; /* split: t * 1e9 would overflow */
}

unsigned long long wsys_monotonic_ms(void) { return wsys_monotonic_ns() / 1000000u; }

/* Windows sleeps in milliseconds: a shorter wait rounds up to one, so that a polling loop
 * still gives the other threads the processor. */
void wsys_sleep_us(unsigned us) { Sleep(us < 1000u ? 1u : us / 1000u); }

static DWORD WINAPI trampoline(LPVOID p) {
    wsys_thread *t = p;
    t->fn(t->arg);
    return 0;
}

int wsys_thread_start(wsys_thread *t, void (*fn)(void *arg), void *arg) {
    t->fn = fn;
    t->arg = arg;
    t->handle = CreateThread(NULL, 0, trampoline, t, 0, NULL);
    return t->handle ? 0 : -1;
}

void wsys_thread_join(wsys_thread *t) {
    WaitForSingleObject((HANDLE)t->handle, INFINITE);
    CloseHandle((HANDLE)t->handle);
    t->handle = NULL;
}

void wsys_mutex_init(wsys_mutex *m) { InitializeSRWLock((PSRWLOCK)m); }
void wsys_mutex_lock(wsys_mutex *m) { AcquireSRWLockExclusive((PSRWLOCK)m); }
void wsys_mutex_unlock(wsys_mutex *m) { ReleaseSRWLockExclusive((PSRWLOCK)m); }
void wsys_mutex_destroy(wsys_mutex *m) { (void)m; } /* an SRW lock holds no resources */
