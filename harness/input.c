/*
 * input.c: see input.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int wh_is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int wh_read_input(const char *path, uint8_t **data, size_t *size, char *err, size_t cap) {
    *data = NULL;
    *size = 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
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

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int wh_each_file(const char *dir, int (*fn)(const char *path, void *arg), void *arg, char *err, size_t cap) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, cap, "%s: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, room = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == room) {
            room = room ? room * 2 : 64;
            char **grown = realloc(names, room * sizeof *names);
            if (!grown) break;
            names = grown;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if ((names[n] = malloc(len))) snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_name);
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (r == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) r = fn(names[i], arg);
        free(names[i]);
    }
    free(names);
    return r;
}
