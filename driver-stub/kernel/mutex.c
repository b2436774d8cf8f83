/*
 * mutex.c: error-checking locks for the model's shared tables (mutex.h).  A misuse is a defect
 * of the model, never of the program under test: it is reported and the process stops, so a
 * run cannot go on with a table that two threads may be changing at once.
 */
#include "mutex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void misuse(const char *what, int e) {
    fprintf(stderr, "wfpcert model: lock misuse: %s (%s)\n", what, strerror(e));
    fflush(stderr);
    abort();
}

void ms_mutex_init(pthread_mutex_t *m) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(m, &a);
    pthread_mutexattr_destroy(&a);
}

void ms_mutex_lock(pthread_mutex_t *m) {
    int e = pthread_mutex_lock(m);
    if (e) misuse("taken again by the thread that holds it", e);
}

void ms_mutex_unlock(pthread_mutex_t *m) {
    int e = pthread_mutex_unlock(m);
    if (e) misuse("released by a thread that does not hold it", e);
}
