/*
 * mutex.h: the model's own locks besides the world's (kernel/world.c), held to the same
 * discipline.  They are error-checking, so a release by a thread that does not hold one, or a
 * second take by its holder, stops the process with a message instead of passing unseen: a
 * lock the model forgot would otherwise only show as a rare race between threads.
 */
#ifndef WFPCERT_KERNEL_MUTEX_H
#define WFPCERT_KERNEL_MUTEX_H

#include <pthread.h>

/* glibc's static initializer for an error-checking mutex (_GNU_SOURCE, as the model builds). */
#define MS_MUTEX_INITIALIZER PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP

void ms_mutex_init(pthread_mutex_t *m); /* an error-checking mutex */
void ms_mutex_lock(pthread_mutex_t *m);
void ms_mutex_unlock(pthread_mutex_t *m);

#endif /* WFPCERT_KERNEL_MUTEX_H */
