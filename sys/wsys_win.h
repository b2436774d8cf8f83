/*
 * wsys_win.h: the Windows types behind wsys.h's threads and mutexes (included by wsys.h on
 * Windows; never include it directly).  Plain pointers with the layout of a HANDLE and of a
 * slim SRWLOCK (thread_win.c checks both), so that wsys.h brings no <windows.h> into a file,
 * which would fix the order of that file's Winsock and Windows headers for it.
 */
#ifndef WFPCERT_WSYS_WIN_H
#define WFPCERT_WSYS_WIN_H

typedef struct wsys_thread {
    void *handle; /* HANDLE */
    void (*fn)(void *arg);
    void *arg;
} wsys_thread;
typedef struct wsys_mutex {
    void *srw; /* SRWLOCK: needs no cleanup and cannot fail to initialise */
} wsys_mutex;
#define WSYS_MUTEX_INIT                                                                                                \
    { 0 } /* SRWLOCK_INIT: a static mutex, no wsys_mutex_init */

#endif /* WFPCERT_WSYS_WIN_H */
