/*
 * names.c: the list of folder entries behind wsys_list_dir (names.h), in ISO C, so that
 * fs_posix.c and fs_win.c differ only in how they read a folder.
 */
#include "names.h"
#include "wsys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int wsys_names_add(wsys_names *l, const char *name) {
    if (!strcmp(name, ".") || !strcmp(name, "..")) return 0;
    if (l->n == l->room) {
        size_t room = l->room ? l->room * 2 : 32;
        char **grown = realloc(l->v, room * sizeof *grown);
        if (!grown) return -1;
        l->v = grown;
        l->room = room;
    }
    size_t len = strlen(name) + 1;
    if (!(l->v[l->n] = malloc(len))) return -1;
    memcpy(l->v[l->n++], name, len);
    return 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int wsys_names_done(wsys_names *l, int rc, char ***names, size_t *n) {
    if (rc) {
        wsys_free_names(l->v, l->n);
        errno = ENOMEM;
        return -1;
    }
    if (l->n) qsort(l->v, l->n, sizeof *l->v, by_name);
    *names = l->v;
    *n = l->n;
    return 0;
}

void wsys_free_names(char **names, size_t n) {
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}
