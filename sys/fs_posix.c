/*
 * fs_posix.c: wsys.h's folders, file kinds and tokens on POSIX systems (stat, dirent,
 * mkdir, access, strtok_r).  fs_win.c is the Windows side of the same API.
 */
#define _POSIX_C_SOURCE 200809L
#include "wsys.h"
#include "names.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum wsys_kind wsys_kind(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return WSYS_NONE;
    return S_ISDIR(st.st_mode) ? WSYS_DIR : S_ISREG(st.st_mode) ? WSYS_FILE : WSYS_OTHER;
}

int wsys_file_size(const char *path, unsigned long long *size) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    *size = (unsigned long long)st.st_size;
    return 0;
}

int wsys_list_dir(const char *dir, char ***names, size_t *n) {
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    wsys_names l = {0};
    int rc = 0;
    for (struct dirent *e; !rc && (e = readdir(d));) rc = wsys_names_add(&l, e->d_name);
    closedir(d);
    return wsys_names_done(&l, rc, names, n);
}

int wsys_mkdir(const char *path) { return mkdir(path, 0777); }
int wsys_rmdir(const char *path) { return rmdir(path); }
int wsys_can_write(const char *dir) { return access(dir, W_OK) == 0; }
long wsys_pid(void) { return (long)getpid(); }

char *wsys_strtok(char *s, const char *sep, char **save) { return strtok_r(s, sep, save); }
