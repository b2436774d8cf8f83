/*
 * thread_posix.c: wsys.h's clock, sleep, threads and mutexes on POSIX systems
 * (clock_gettime, nanosleep, pthreads).  thread_win.c is the Windows side of the same API.
 */
#define _POSIX_C_SOURCE 200809L
#include "wsys.h"

#include <errno.h>
#include <time.h>

unsigned long long wsys_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000u + (unsigned long long)ts.tv_nsec;
}

unsigned long long wsys_monotonic_ms(void) { return wsys_monotonic_ns() / 1000000u; }

void wsys_sleep_us(unsigned us) {
    struct timespec ts = {(time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    } /* a signal cut it short: sleep the rest */
}

static void *trampoline(void *p) {
    wsys_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

int wsys_thread_start(wsys_thread *t, void (*fn)(void *arg), void *arg) {
    t->fn = fn;
    t->arg = arg;
    return pthread_create(&t->id, NULL, trampoline, t) == 0 ? 0 : -1;
}

void wsys_thread_join(wsys_thread *t) { pthread_join(t->id, NULL); }

void wsys_mutex_init(wsys_mutex *m) { pthread_mutex_init(m, NULL); }
void wsys_mutex_lock(wsys_mutex *m) { pthread_mutex_lock(m); }
void wsys_mutex_unlock(wsys_mutex *m) { pthread_mutex_unlock(m); }
void wsys_mutex_destroy(wsys_mutex *m) { pthread_mutex_destroy(m); }
