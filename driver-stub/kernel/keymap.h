/*
 * keymap.h: a map from a 64-bit key to a pointer, for the model's per-world lists that grow
 * with the number of flows (WFP flows by id, pool blocks by address).  Those lists were
 * scanned on every lookup and every removal, which made N concurrent flows cost N squared.
 * The lists stay (their order is what teardown walks); the map only finds an entry.
 *
 * Built lazily: below MS_KEYMAP_MIN entries nothing is allocated, so a world the fuzzers
 * snapshot holds no more memory than before, and callers keep scanning their short lists.
 */
#ifndef WFPCERT_KEYMAP_H
#define WFPCERT_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MS_KEYMAP_MIN 64

typedef struct ms_keymap {
    uint64_t *keys;
    void **vals; /* NULL: an empty slot */
    size_t cap; /* 0 (not built) or a power of two */
    size_t len;
} ms_keymap;

/* true once the map holds every entry (callers scan their list while it is not). */
static inline bool ms_keymap_built(const ms_keymap *m) { return m->cap != 0; }
/* Adds key (not present).  false when memory ran out: the map is then dropped, and callers
 * fall back to scanning (ms_keymap_built is false) until it is built again. */
bool ms_keymap_put(ms_keymap *m, uint64_t key, void *val);
void *ms_keymap_get(const ms_keymap *m, uint64_t key);
void ms_keymap_del(ms_keymap *m, uint64_t key);
void ms_keymap_free(ms_keymap *m);

#endif
