/*
 * keymap.c: the open-addressing map of keymap.h (linear probing, deletion by backward
 * shift, so no tombstones pile up when flows come and go for hours).  Plumbing like the arena:
 * left out of the fuzzers' coverage (MS_NO_COV, heap.h).
 */
#include "keymap.h"
#include "heap.h"

#include <string.h>

MS_NO_COV static size_t slot_of(uint64_t key, size_t cap) {
    key ^= key >> 33; /* a 64-bit mix: ids are sequential, addresses share low bits */
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

MS_NO_COV static void insert(ms_keymap *m, uint64_t key, void *val) {
    size_t i = slot_of(key, m->cap);
    while (m->vals[i]) i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    m->vals[i] = val;
    m->len++;
}

MS_NO_COV static bool resize(ms_keymap *m, size_t cap) {
    uint64_t *keys = ms_calloc(cap, sizeof *keys);
    void **vals = ms_calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        ms_free(keys);
        ms_free(vals);
        return false;
    }
    ms_keymap old = *m;
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.vals[i]) insert(m, old.keys[i], old.vals[i]);
    ms_free(old.keys);
    ms_free(old.vals);
    return true;
}

MS_NO_COV bool ms_keymap_put(ms_keymap *m, uint64_t key, void *val) {
    if ((m->len + 1) * 2 > m->cap && !resize(m, m->cap ? m->cap * 2 : 2 * MS_KEYMAP_MIN * 2)) {
        ms_keymap_free(m);
        return false;
    }
    insert(m, key, val);
    return true;
}

MS_NO_COV void *ms_keymap_get(const ms_keymap *m, uint64_t key) {
    if (!m->cap) return NULL;
    for (size_t i = slot_of(key, m->cap); m->vals[i]; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == key) return m->vals[i];
    return NULL;
}

MS_NO_COV void ms_keymap_del(ms_keymap *m, uint64_t key) {
    if (!m->cap) return;
    size_t mask = m->cap - 1, i = slot_of(key, m->cap);
    while (m->vals[i] && m->keys[i] != key) i = (i + 1) & mask;
    if (!m->vals[i]) return;
    m->vals[i] = NULL;
    m->len--;
    /* Backward shift: move later entries of the run into the hole when their home slot
     * does not lie (cyclically) between the hole and where they are. */
    for (size_t j = (i + 1) & mask; m->vals[j]; j = (j + 1) & mask) {
        size_t home = slot_of(m->keys[j], m->cap);
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (stays) continue;
        m->keys[i] = m->keys[j];
        m->vals[i] = m->vals[j];
        m->vals[j] = NULL;
        i = j;
    }
}

MS_NO_COV void ms_keymap_free(ms_keymap *m) {
    ms_free(m->keys);
    ms_free(m->vals);
    memset(m, 0, sizeof *m);
}
