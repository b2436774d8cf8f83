/*
 * fs_win.c: wsys.h's folders, file kinds and tokens on Windows, with what both the
 * Microsoft C runtime and mingw-w64 have (_stat64, _findfirst, _mkdir, _access, strtok_s).
 * fs_posix.c is the POSIX side of the same API.
 */
#include "wsys.h"
#include "names.h"

#include <direct.h>
#include <errno.h>
#include <io.h>
#include <process.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

enum wsys_kind wsys_kind(const char *path) {
    struct _stat64 st;
    if (_stat64(path, &st) != 0) return WSYS_NONE;
    unsigned type = (unsigned)st.st_mode & _S_IFMT;
    return type == _S_IFDIR ? WSYS_DIR : type == _S_IFREG ? WSYS_FILE : WSYS_OTHER;
}

int wsys_file_size(const char *path, unsigned long long *size) {
    struct _stat64 st; /* stat's st_size is 32 bits under MSVC */
    if (_stat64(path, &st) != 0) return -1;
    *size = (unsigned long long)st.st_size;
    return 0;
}

int wsys_list_dir(const char *dir, char ***names, size_t *n) {
    *names = NULL;
    *n = 0;
    size_t len = strlen(dir);
    char *pattern = malloc(len + 3);
    if (!pattern) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(pattern, len + 3, "%s/*", dir);
    struct _finddata_t fd;
    intptr_t h = _findfirst(pattern, &fd);
    free(pattern);
    if (h == -1) {
        /* an empty folder still has "." and "..": no match at all means no such folder */
        if (errno == ENOENT && wsys_kind(dir) == WSYS_DIR) return 0;
        return -1;
    }
    wsys_names l = {0};
    int rc = 0;
    do rc = wsys_names_add(&l, fd.name);
    while (!rc && _findnext(h, &fd) == 0);
    _findclose(h);
    return wsys_names_done(&l, rc, names, n);
}

int wsys_mkdir(const char *path) { return _mkdir(path); }
int wsys_rmdir(const char *path) { return _rmdir(path); }
int wsys_can_write(const char *dir) { return _access(dir, 2) == 0; } /* 2: write permission */
long wsys_pid(void) { return (long)_getpid(); }

char *wsys_strtok(char *s, const char *sep, char **save) { return strtok_s(s, sep, save); }
