/*
 * input.c: see input.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "input.h"
#include "wsys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int wh_is_dir(const char *path) { return wsys_kind(path) == WSYS_DIR; }

int wh_read_input(const char *path, uint8_t **data, size_t *size, char *err, size_t cap) {
    *data = NULL;
    *size = 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (wsys_kind(path) != WSYS_FILE) {
        snprintf(err, cap, "%s: not a regular file", path);
        return -1;
    }
    if ((uintmax_t)st.st_size > WH_INPUT_MAX) {
        snprintf(err, cap, "%s: %jd bytes, more than the %u-byte limit of a fuzz input", path, (intmax_t)st.st_size,
                 WH_INPUT_MAX);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    uint8_t *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    int bad = !buf || ferror(f) || n != (size_t)st.st_size;
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, cap, "%s: read error", path);
        return -1;
    }
    *data = buf;
    *size = n;
    return 0;
}

int wh_each_file(const char *dir, int (*fn)(const char *path, void *arg), void *arg, char *err, size_t cap) {
    char **names;
    size_t n;
    if (wsys_list_dir(dir, &names, &n) != 0) {
        snprintf(err, cap, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++) {
        if (names[i][0] == '.') continue; /* hidden files (.gitkeep, an editor's) are not inputs */
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            snprintf(err, cap, "%s: out of memory", dir);
            r = -1;
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        if (wsys_kind(path) == WSYS_FILE) r = fn(path, arg);
        free(path);
    }
    wsys_free_names(names, n);
    return r;
}
