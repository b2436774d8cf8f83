/*
 * names.h: the part of wsys_list_dir both systems share (names.c): a growing list of
 * folder entries, sorted at the end.  Internal to sys/.
 */
#ifndef WFPCERT_WSYS_NAMES_H
#define WFPCERT_WSYS_NAMES_H

#include <stddef.h>

typedef struct wsys_names {
    char **v;
    size_t n, room;
} wsys_names;

/* Adds a copy of name unless it is "." or ".."; 0, or -1 when out of memory. */
int wsys_names_add(wsys_names *l, const char *name);
/* rc 0: sorts the list and hands it over (0); otherwise frees it and fails with ENOMEM (-1). */
int wsys_names_done(wsys_names *l, int rc, char ***names, size_t *n);

#endif /* WFPCERT_WSYS_NAMES_H */
