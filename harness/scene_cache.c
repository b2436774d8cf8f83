/*
 * scene_cache.c: the snapshots of scenarios that fuzz inputs start from (wh.h, "scene cache").
 *
 * An input's first steps (faults, profile, knobs, scenario sockets) are a pure function of
 * the decisions that chose them, so their outcome is stored under those decisions, spelled
 * as a key: the target's state as a snapshot (wt_snapshot_take) and the harness's side of it
 * (the scenario sockets).  The next input that makes the same decisions restores it instead
 * of building it again: a redirected connection with its callout, servers and listener costs
 * one copy of some kilobytes instead of a WFP classify, a sealed records blob and a dozen
 * sockets.
 *
 * Memory is bounded: past WFPCERT_SCENE_CACHE_MB (default 256) or 8192 entries the cache is
 * emptied between inputs and fills again with what the inputs use now.
 */
#define _POSIX_C_SOURCE 200809L
#include "wh.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 16384u /* a power of two; filled to at most half */
#define MAX_ENTRIES (SLOTS / 2)

struct wh_cached {
    uint64_t hash;
    char *key;
    size_t keylen;
    wt_snapshot *snap;
    wh_scene scene;
};

static wh_cached *slots[SLOTS];
static size_t nentries, nbytes, budget;
static unsigned long long hits, misses;

static uint64_t hash_of(const char *k, size_t n) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    return h;
}

static size_t budget_bytes(void) {
    if (!budget) {
        const char *env = getenv("WFPCERT_SCENE_CACHE_MB");
        long mb = env && *env ? strtol(env, NULL, 10) : 256;
        budget = (size_t)(mb > 0 ? mb : 256) << 20;
    }
    return budget;
}

const wh_cached *wh_scene_find(const char *key, size_t n) {
    uint64_t h = hash_of(key, n);
    for (size_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        wh_cached *c = slots[i];
        if (!c) {
            misses++;
            return NULL;
        }
        if (c->hash == h && c->keylen == n && memcmp(c->key, key, n) == 0) {
            hits++;
            return c;
        }
    }
}

const wh_cached *wh_scene_put(const char *key, size_t n, wt_snapshot *snap, const wh_scene *scene) {
    if (nentries >= MAX_ENTRIES || nbytes > budget_bytes()) {
        wt_snapshot_free(snap); /* full until the next input empties it */
        return NULL;
    }
    wh_cached *c = malloc(sizeof *c);
    char *k = malloc(n ? n : 1);
    if (!c || !k) {
        free(c);
        free(k);
        wt_snapshot_free(snap);
        return NULL;
    }
    memcpy(k, key, n);
    c->hash = hash_of(key, n);
    c->key = k;
    c->keylen = n;
    c->snap = snap;
    c->scene = *scene;
    size_t i = c->hash & (SLOTS - 1);
    while (slots[i]) i = (i + 1) & (SLOTS - 1);
    slots[i] = c;
    nentries++;
    nbytes += sizeof *c + n + wt_snapshot_size(snap);
    return c;
}

const wt_snapshot *wh_scene_snapshot(const wh_cached *c) { return c->snap; }
const wh_scene *wh_scene_of(const wh_cached *c) { return &c->scene; }

void wh_scene_trim(void) {
    if (nentries < MAX_ENTRIES && nbytes <= budget_bytes()) return;
    for (size_t i = 0; i < SLOTS; i++)
        if (slots[i]) {
            wt_snapshot_free(slots[i]->snap);
            free(slots[i]->key);
            free(slots[i]);
            slots[i] = NULL;
        }
    nentries = nbytes = 0;
}

void wh_scene_stats(unsigned long long *h, unsigned long long *m, size_t *entries, size_t *bytes) {
    *h = hits;
    *m = misses;
    *entries = nentries;
    *bytes = nbytes;
}
