/*
 * wsys.h: the sys layer, the operating-system services that code built for both Linux and
 * Windows needs (folders, file kinds, a monotonic clock, sleeping, threads and mutexes,
 * reentrant tokens).  One API with one implementation per system, in the way libuv keeps
 * src/unix and src/win apart: *_posix.c files are built on Linux, *_win.c files on Windows,
 * and no file compiled on both calls the system directly.  That is what lets cl (MSVC)
 * build the Windows side: the Microsoft C runtime has no dirent.h, unistd.h, pthread.h,
 * clock_gettime, nanosleep, strtok_r or S_ISDIR, and mingw-w64 hides that by providing
 * them.  ctest portable_c.scan fails on any POSIX-only header or name outside these files.
 *
 * The types a caller embeds (a thread, a mutex) are the system's own, declared in
 * wsys_posix.h or wsys_win.h, so that no call allocates.
 */
#ifndef WFPCERT_WSYS_H
#define WFPCERT_WSYS_H

#include <stddef.h>

#ifdef _WIN32
#include "wsys_win.h"
#else
#include "wsys_posix.h"
#endif

/* Folders and files (fs_posix.c, fs_win.c; the list of names in names.c). */
enum wsys_kind { WSYS_NONE, WSYS_FILE, WSYS_DIR, WSYS_OTHER };
/* What path names, following links; WSYS_NONE (errno set) when it cannot be examined. */
enum wsys_kind wsys_kind(const char *path);
/* The size of a file in bytes (64-bit on both systems); 0, or -1 with errno set. */
int wsys_file_size(const char *path, unsigned long long *size);
/* The names in dir sorted by strcmp, "." and ".." left out; 0, or -1 with errno set.  Free
 * them with wsys_free_names. */
int wsys_list_dir(const char *dir, char ***names, size_t *n);
void wsys_free_names(char **names, size_t n);
int wsys_mkdir(const char *path); /* 0, or -1 with errno (EEXIST when it is there) */
int wsys_rmdir(const char *path); /* an empty folder; 0 or -1 with errno */
int wsys_can_write(const char *dir); /* 1 when this process may create files in dir */
long wsys_pid(void);

/* Text (fs_posix.c, fs_win.c): strtok_r, which Windows spells strtok_s. */
char *wsys_strtok(char *s, const char *sep, char **save);

/* Time and threads (thread_posix.c, thread_win.c). */
unsigned long long wsys_monotonic_ns(void);
unsigned long long wsys_monotonic_ms(void);
void wsys_sleep_us(unsigned us);
/* Starts fn(arg) on a new thread: 0, or -1. */
int wsys_thread_start(wsys_thread *t, void (*fn)(void *arg), void *arg);
void wsys_thread_join(wsys_thread *t);
void wsys_mutex_init(wsys_mutex *m);
void wsys_mutex_lock(wsys_mutex *m);
void wsys_mutex_unlock(wsys_mutex *m);
void wsys_mutex_destroy(wsys_mutex *m);

#endif /* WFPCERT_WSYS_H */
