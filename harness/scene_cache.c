/*
 * scene_cache.c: the snapshots of scenarios that fuzz inputs start from (wh.h, "scene cache").
 *
 * An input's first steps (faults, profile, knobs, scenario sockets) are a pure function of
 * the decisions that chose them, so their outcome is stored under those decisions, spelled
 * as a key: the target's state as a snapshot (wt_snapshot_take) and the harness's side of it
 * (the scenario sockets).  The next input that makes the same decisions restores it instead
 * of building it again: a redirected connection with its callout, servers and listener costs
 * one copy of some kilobytes instead of a WFP classify, a sealed records blob and a dozen
 * sockets.  A key is kept the second time it is asked for (wh_scene_admit).
 *
 * Memory is bounded: past WFPCERT_SCENE_CACHE_MB (default 256) or 8192 entries the cache is
 * emptied between inputs and fills again with what the inputs use now.  It is all mapped
 * memory, none of it malloc()ed: a block kept from one input to the next makes libFuzzer run
 * a whole LeakSanitizer check after that input, which costs more than the input.
 */
#define _POSIX_C_SOURCE 200809L
#include "wh.h"
#include "pool.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 16384u /* a power of two; filled to at most half */
#define MAX_ENTRIES (SLOTS / 2)
#define SEEN (1u << 16)

struct wh_cached {
    uint64_t hash;
    size_t keylen;
    const wh_cached *parent; /* the scene this one was built on: the same world */
    wt_snapshot *snap;
    wh_scene scene;
    char key[WH_KEY_MAX];
};

/* Open addressing by hash; the hash is kept in the slot, so a probe reads one array and
 * touches an entry only when the hash matches. */
typedef struct slot {
    uint64_t hash;
    wh_cached *c;
} slot;

static slot *slots;
static wh_cached *entries;
static uint64_t *seen;
static size_t nentries, nbytes, budget;
static unsigned long long hits, misses;

WH_NO_COV static void *zeroed(size_t n) { return wh_pool_map(n); } /* pool.c */

WH_NO_COV static int ready(void) {
    if (!slots) slots = zeroed(SLOTS * sizeof *slots);
    if (!entries) entries = zeroed(MAX_ENTRIES * sizeof *entries);
    if (!seen) seen = zeroed(SEEN * sizeof *seen);
    return slots && entries && seen;
}

WH_NO_COV static size_t budget_bytes(void) {
    if (!budget) {
        const char *env = getenv("WFPCERT_SCENE_CACHE_MB");
        long mb = env && *env ? strtol(env, NULL, 10) : 256;
        budget = (size_t)(mb > 0 ? mb : 256) << 20;
    }
    return budget;
}

WH_NO_COV const wh_cached *wh_scene_find(const char *key, size_t n, uint64_t h) {
    if (!ready()) return NULL;
    for (size_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        wh_cached *c = slots[i].c;
        if (!c) {
            misses++;
            return NULL;
        }
        if (slots[i].hash == h && c->keylen == n && memcmp(c->key, key, n) == 0) {
            hits++;
            return c;
        }
    }
}

WH_NO_COV int wh_scene_admit(uint64_t hash) {
    if (!ready()) return 0;
    uint64_t *s = &seen[hash & (SEEN - 1)];
    if (*s == hash) return 1;
    *s = hash;
    return 0;
}

WH_NO_COV const wh_cached *wh_scene_put(const char *key, size_t n, uint64_t hash, const wh_cached *parent,
                                        wt_snapshot *snap, const wh_scene *scene) {
    if (!ready() || n > WH_KEY_MAX || nentries >= MAX_ENTRIES || nbytes > budget_bytes()) {
        wt_snapshot_free(snap); /* full until the next input empties it */
        return NULL;
    }
    wh_cached *c = &entries[nentries++];
    memcpy(c->key, key, n);
    c->hash = hash;
    c->keylen = n;
    c->parent = parent;
    c->snap = snap;
    c->scene = *scene;
    size_t i = hash & (SLOTS - 1);
    while (slots[i].c) i = (i + 1) & (SLOTS - 1);
    slots[i].hash = hash;
    slots[i].c = c;
    nbytes += sizeof *c + wt_snapshot_size(snap);
    return c;
}

WH_NO_COV const wt_snapshot *wh_scene_snapshot(const wh_cached *c) { return c->snap; }
WH_NO_COV const wh_scene *wh_scene_of(const wh_cached *c) { return &c->scene; }
WH_NO_COV const wh_cached *wh_scene_parent(const wh_cached *c) { return c->parent; }

WH_NO_COV void wh_scene_trim(void) {
    if (nentries < MAX_ENTRIES && nbytes <= budget_bytes()) return;
    for (size_t i = 0; i < nentries; i++) wt_snapshot_free(entries[i].snap);
    memset(slots, 0, SLOTS * sizeof *slots);
    nentries = nbytes = 0;
}

void wh_scene_stats(unsigned long long *h, unsigned long long *m, size_t *n, size_t *bytes) {
    *h = hits;
    *m = misses;
    *n = nentries;
    *bytes = nbytes;
}
