/*
 * posix_uses.c: POSIX interfaces as the Windows build would see them, for
 * portable_c.scan_catches_posix: mingw-w64 compiles all of this, cl none of the reported
 * part.  `gnu-scan --tree` must report exactly the three headers and the six names below,
 * and nothing that only a Linux build compiles, a comment (opendir) or a string names.
 */
#include <dirent.h> /* 1: header */
#include <pthread.h> /* 2: header */
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h> /* 3: header */

int posix_uses(char *text, struct stat *st) {
    char *save = NULL;
    int n = strtok_r(text, ",", &save) != NULL; /* 4 */
    n += S_ISDIR(st->st_mode); /* 5 */
    struct timespec ts;
    n += clock_gettime(CLOCK_MONOTONIC, &ts); /* 6, 7 */
    pthread_mutex_t mu; /* 8 */
    n += pthread_mutex_init(&mu, NULL); /* 9 */
    const char *glob = "nanosleep opendir"; /* a variable named glob is no finding */
    n += glob[0] == 'n';
#ifndef _WIN32
    n += fork(); /* only a Linux build compiles this */
#endif
    return n;
}
