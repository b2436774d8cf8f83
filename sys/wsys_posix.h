/*
 * wsys_posix.h: the POSIX types behind wsys.h's threads and mutexes (included by wsys.h on
 * every system but Windows; never include it directly).
 */
#ifndef WFPCERT_WSYS_POSIX_H
#define WFPCERT_WSYS_POSIX_H

#include <pthread.h>

typedef struct wsys_thread {
    pthread_t id;
    void (*fn)(void *arg);
    void *arg;
} wsys_thread;
typedef pthread_mutex_t wsys_mutex;
#define WSYS_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER /* a static mutex, no wsys_mutex_init */

#endif /* WFPCERT_WSYS_POSIX_H */
