/*
 * engine.c: the per-world WFP engine: callout registration, sublayers and filters, flows
 * (which own the sealed records and the callout's context), and the checks SIO_SET makes
 * on a blob.  A world's engine is created the first time anything touches WFP and goes
 * away with the world, freeing every flow's context exactly once (A85).
 */
#include "engine_internal.h"
#include "../kernel/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmac_sha256.h"

/* The kernel's sealing secret: per world, and unknown to user-mode code.  A user-mode
 * program that could compute it could parse, edit and re-seal a records blob, and the blob
 * would be neither opaque nor unforgeable (A57).  By default each world draws a fresh key
 * from the operating system; for replays that must be byte for byte the same, the harness
 * sets a seed through a model-only hook (target_model.h), and each world's key is then
 * derived from that seed and the world's number in the process, so two worlds still never
 * share a key (a blob from another world is refused). */
static uint8_t seal_seed[MS_SHA256_DIGEST];
static int seal_seeded;
static uint64_t seal_worlds;

void ms_wfp_seal_seed(uint64_t seed) {
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++) bytes[i] = (uint8_t)(seed >> (8 * i));
    ms_sha256(bytes, sizeof bytes, seal_seed);
    seal_seeded = 1;
    seal_worlds = 0;
}

static void world_key(uint8_t key[MS_RECORDS_KEY_SIZE]) {
    if (seal_seeded) {
        uint8_t n[8];
        uint64_t k = ++seal_worlds;
        for (int i = 0; i < 8; i++) n[i] = (uint8_t)(k >> (8 * i));
        ms_hmac_sha256(seal_seed, sizeof seal_seed, n, sizeof n, key);
        return;
    }
    if (!ms_os_random(key, MS_RECORDS_KEY_SIZE)) {
        /* never fall back to a guessable key: a world without a secret cannot seal */
        fputs("wfpcert model: no random bytes from the operating system for the WFP sealing key\n", stderr);
        abort();
    }
}

static void flow_free(ms_wfp *e, ms_flow *f) {
    if (f->context) {
        void *ctx = f->context;
        ms_wfp_pool_release(e, ctx);
        if (ms_fault_on(e->w, MS_FAULT_CONTEXT_DOUBLE_FREE)) ms_free(ctx); /* the memory-safety fault */
    }
    ms_records_free(f->records);
    ms_free(f);
}

static void engine_destroy(void *p) {
    ms_wfp *e = p;
    /* The net layer is gone (every socket closed, its routes and queued datagrams with it) and
     * the drivers are unloaded: a flow, a classify state or pool memory still here is one that
     * nothing can release any more, a leak the world's end would hide (kernel.h ms_world_held). */
    size_t nflows = e->nflows, npool = e->npool, live = ms_heap_live_blocks();
    size_t nclassify = ms_wfp_classify_destroy_all(e);
    for (ms_flow *f = e->flows; f;) {
        ms_flow *n = f->next;
        flow_free(e, f);
        f = n;
    }
    for (ms_wfp_pool *q = e->pool; q;) {
        ms_wfp_pool *n = q->next;
        ms_free(q->p);
        ms_free(q);
        q = n;
    }
    /* and a redirect handle still live: its driver unloaded without FwpsRedirectHandleDestroy0
     * (the WDK's order: destroy the handle before the driver unloads) */
    size_t nhandles = 0;
    for (const ms_wfp_redirect_handle *h = e->handles; h; h = h->next) nhandles += h->live;
    /* and an engine session its driver never closed (FwpmEngineClose0): a dynamic session's
     * objects live as long as it does */
    size_t nsessions = 0;
    for (const ms_wfp_session *s = e->sessions; s; s = s->next) nsessions++;
    if (nclassify || nflows || npool || nhandles || nsessions)
        ms_world_held(
            live - ms_heap_live_blocks() + nhandles + nsessions,
            "wfp: %zu flow(s), %zu classify state(s), %zu pool block(s), %zu redirect handle(s) not destroyed, "
            "%zu engine session(s) not closed",
            nflows, nclassify, npool, nhandles, nsessions);
    for (ms_wfp_redirect_handle *h = e->handles; h;) {
        ms_wfp_redirect_handle *n = h->next;
        ms_free(h);
        h = n;
    }
    ms_wfp_mgmt_destroy(e);
    for (size_t i = 0; i < e->nfilters; i++) {
        ms_wfp_conditions_free(e->filters[i].conds, e->filters[i].nconds);
        ms_free(e->filters[i].f.filterCondition);
    }
    ms_keymap_free(&e->flow_by_id);
    ms_keymap_free(&e->pool_by_addr);
    ms_free(e->callouts);
    ms_free(e->sublayers);
    ms_free(e->filters);
    ms_free(e);
}

MS_NO_COV ms_wfp *ms_wfp_get(ms_world *w) {
    if (!w) return NULL;
    ms_wfp *e = ms_world_ext(w, MS_EXT_WFP);
    if (e) return e;
    e = ms_calloc(1, sizeof *e);
    if (!e) return NULL;
    e->w = w;
    world_key(e->key);
    if (ms_fault_on(w, MS_FAULT_SEAL_KEY_SHARED)) memset(e->key, 0x5A, sizeof e->key); /* a key in the source */
    e->next_filter_id = 1000;
    e->next_flow_id = 1;
    e->next_handle_serial = 1;
    ms_world_set_ext(w, MS_EXT_WFP, e, engine_destroy);
    return e;
}

ms_wfp *ms_wfp_current(void) { return ms_wfp_get(ms_world_current()); }

/* --------------------------------------------------------------- callouts */
NTSTATUS FwpsCalloutRegister1(void *deviceObject, const FWPS_CALLOUT1 *callout, UINT32 *calloutId) {
    (void)deviceObject;
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    if (!callout || !calloutId || !callout->classifyFn) return STATUS_FWP_NULL_POINTER;
    ms_lock(e->w);
    NTSTATUS st = STATUS_SUCCESS;
    for (size_t i = 0; i < e->ncallouts; i++)
        if (e->callouts[i].live && memcmp(&e->callouts[i].c.calloutKey, &callout->calloutKey, sizeof(GUID)) == 0)
            st = STATUS_FWP_ALREADY_EXISTS;
    if (st == STATUS_SUCCESS) {
        ms_wfp_callout *n = ms_realloc(e->callouts, (e->ncallouts + 1) * sizeof *n);
        if (!n) {
            st = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            e->callouts = n;
            n[e->ncallouts] = (ms_wfp_callout){(UINT32)(e->ncallouts + 1), *callout, true, e->loading_driver};
            *calloutId = n[e->ncallouts].id;
            e->ncallouts++;
        }
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpsCalloutUnregisterById0(const UINT32 calloutId) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    NTSTATUS st = STATUS_FWP_CALLOUT_NOT_FOUND;
    if (calloutId >= 1 && calloutId <= e->ncallouts && e->callouts[calloutId - 1].live) {
        e->callouts[calloutId - 1].live = false;
        st = STATUS_SUCCESS;
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpsCalloutUnregisterByKey0(const GUID *calloutKey) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    if (!calloutKey) return STATUS_FWP_NULL_POINTER;
    UINT32 id = 0;
    ms_lock(e->w);
    for (size_t i = 0; i < e->ncallouts; i++)
        if (e->callouts[i].live && memcmp(&e->callouts[i].c.calloutKey, calloutKey, sizeof(GUID)) == 0)
            id = e->callouts[i].id;
    ms_unlock(e->w);
    return id ? FwpsCalloutUnregisterById0(id) : STATUS_FWP_CALLOUT_NOT_FOUND;
}

void ms_wfp_driver_loading(ms_world *w, const char *name) {
    ms_wfp *e = ms_wfp_get(w);
    if (e) e->loading_driver = name;
}

size_t ms_wfp_driver_gone(ms_world *w, const char *name) {
    ms_wfp *e = name ? ms_wfp_get(w) : NULL;
    if (!e) return 0;
    size_t left = 0;
    ms_lock(w);
    for (size_t i = 0; i < e->ncallouts; i++)
        if (e->callouts[i].live && e->callouts[i].driver && strcmp(e->callouts[i].driver, name) == 0) {
            e->callouts[i].live = false;
            left++;
        }
    ms_unlock(w);
    return left;
}

const ms_wfp_callout *ms_wfp_callout_by_id(ms_wfp *e, UINT32 id) {
    return id >= 1 && id <= e->ncallouts && e->callouts[id - 1].live ? &e->callouts[id - 1] : NULL;
}

static const ms_wfp_callout *callout_by_key(ms_wfp *e, const GUID *key) {
    for (size_t i = 0; i < e->ncallouts; i++)
        if (e->callouts[i].live && memcmp(&e->callouts[i].c.calloutKey, key, sizeof *key) == 0) return &e->callouts[i];
    return NULL;
}

/* ------------------------------------------------------ sublayers, filters */
NTSTATUS FwpmSubLayerAdd0(HANDLE engine, const FWPM_SUBLAYER0 *s, PSECURITY_DESCRIPTOR sd) {
    (void)sd;
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    if (!s) return STATUS_FWP_NULL_POINTER;
    ms_lock(e->w);
    NTSTATUS st = ms_wfp_may_change_locked(e, engine);
    for (size_t i = 0; i < e->nsublayers && st == STATUS_SUCCESS; i++)
        if (e->sublayers[i].live && memcmp(&e->sublayers[i].key, &s->subLayerKey, sizeof(GUID)) == 0)
            st = STATUS_FWP_ALREADY_EXISTS;
    if (st == STATUS_SUCCESS) {
        ms_wfp_sublayer *n = ms_realloc(e->sublayers, (e->nsublayers + 1) * sizeof *n);
        if (!n)
            st = STATUS_INSUFFICIENT_RESOURCES;
        else {
            e->sublayers = n;
            n[e->nsublayers++] = (ms_wfp_sublayer){s->subLayerKey, s->weight, true};
            ms_wfp_txn_note(engine, WFP_OBJ_SUBLAYER, &s->subLayerKey, 0);
        }
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpmSubLayerDeleteByKey0(HANDLE engine, const GUID *key) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    if (!key) return STATUS_FWP_NULL_POINTER;
    ms_lock(e->w);
    NTSTATUS st = ms_wfp_may_change_locked(e, engine);
    if (st == STATUS_SUCCESS) st = STATUS_FWP_SUBLAYER_NOT_FOUND;
    for (size_t i = 0; i < e->nsublayers && st == STATUS_FWP_SUBLAYER_NOT_FOUND; i++)
        if (e->sublayers[i].live && memcmp(&e->sublayers[i].key, key, sizeof *key) == 0) {
            bool used = false;
            for (size_t j = 0; j < e->nfilters; j++)
                used |= e->filters[j].live && memcmp(&e->filters[j].sublayer_key, key, sizeof *key) == 0;
            if (used) {
                st = STATUS_FWP_IN_USE; /* its filters go first, as on Windows */
            } else {
                e->sublayers[i].live = false;
                st = STATUS_SUCCESS;
            }
        }
    ms_unlock(e->w);
    return st;
}

/* FWPM_FILTER0, subLayerKey: "If this is set to IID_NULL, the filter is added to the default
 * sublayer"; any other key must name a sublayer that exists ("WFP Error Codes":
 * FWP_E_SUBLAYER_NOT_FOUND, "The sublayer does not exist").  The model's default sublayer
 * weighs 0, below every sublayer added (no page gives FWPM_SUBLAYER_UNIVERSAL's weight; pinned
 * as M.FwpmFilterAdd0.default-sublayer). */
static bool sublayer_weight(const ms_wfp *e, const GUID *key, UINT16 *weight) {
    static const GUID iid_null;
    *weight = 0;
    if (memcmp(key, &iid_null, sizeof iid_null) == 0) return true;
    for (size_t i = 0; i < e->nsublayers; i++)
        if (e->sublayers[i].live && memcmp(&e->sublayers[i].key, key, sizeof *key) == 0) {
            *weight = e->sublayers[i].weight;
            return true;
        }
    return false;
}

/* FWP_UINT8 weights are a range 0-15 the engine spreads over the top bits; FWP_UINT64 is
 * exact; FWP_EMPTY lets the engine choose (the model: 0, after every explicit weight). */
static bool filter_weight(const FWP_VALUE0 *v, UINT64 *out) {
    switch (v->type) {
    case FWP_EMPTY:
        *out = 0;
        return true;
    case FWP_UINT8:
        if (v->uint8 > 15) return false;
        *out = (UINT64)v->uint8 << 60;
        return true;
    case FWP_UINT64:
        if (!v->uint64) return false;
        *out = *v->uint64;
        return true;
    default:
        return false;
    }
}

/* "Processing Notify Callouts" and FWPS_CALLOUT_NOTIFY_FN1: the filter engine calls a callout's
 * notifyFn with ADD_FILTER and the filter's key when a filter naming it is added, and with
 * DELETE_FILTER and a NULL key when one is deleted.  An error for ADD_FILTER means "the filter
 * will not be added"; one for DELETE_FILTER changes nothing.  A callout registered after its
 * filters were added hears nothing of them (the filter then names no registered callout here). */
static NTSTATUS notify(const ms_wfp_callout *c, FWPS_CALLOUT_NOTIFY_TYPE type, const GUID *key, FWPS_FILTER1 *f) {
    return c && c->c.notifyFn ? c->c.notifyFn(type, key, f) : STATUS_SUCCESS;
}

NTSTATUS FwpmFilterAdd0(HANDLE engine, const FWPM_FILTER0 *f, PSECURITY_DESCRIPTOR sd, UINT64 *id) {
    (void)sd;
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    if (!f) return STATUS_FWP_NULL_POINTER;
    UINT16 layer = ms_wfp_layer_id(&f->layerKey);
    UINT64 weight = 0;
    if (!layer || !filter_weight(&f->weight, &weight) || (f->numFilterConditions && !f->filterCondition))
        return STATUS_FWP_INVALID_PARAMETER;
    ms_lock(e->w);
    NTSTATUS st = ms_wfp_may_change_locked(e, engine);
    const ms_wfp_callout *c = NULL;
    if (st == STATUS_SUCCESS && (f->action.type & FWP_ACTION_FLAG_CALLOUT)) {
        c = callout_by_key(e, &f->action.calloutKey);
        if (!c) st = STATUS_FWP_CALLOUT_NOT_FOUND;
    }
    UINT16 sublayer_w = 0;
    if (st == STATUS_SUCCESS && !sublayer_weight(e, &f->subLayerKey, &sublayer_w)) st = STATUS_FWP_SUBLAYER_NOT_FOUND;
    static const GUID none;
    for (size_t i = 0; i < e->nfilters && st == STATUS_SUCCESS; i++)
        if (e->filters[i].live && memcmp(&f->filterKey, &none, sizeof none) &&
            memcmp(&e->filters[i].key, &f->filterKey, sizeof(GUID)) == 0)
            st = STATUS_FWP_ALREADY_EXISTS;
    ms_wfp_condition *conds = NULL;
    UINT32 nconds = 0;
    if (st == STATUS_SUCCESS) st = ms_wfp_conditions_copy(e, f, &conds, &nconds);
    FWPS_FILTER_CONDITION0 *shown = NULL;
    if (st == STATUS_SUCCESS && nconds && !(shown = ms_wfp_conditions_kernel(conds, nconds, layer))) {
        st = STATUS_INSUFFICIENT_RESOURCES;
        ms_wfp_conditions_free(conds, nconds);
    }
    if (st == STATUS_SUCCESS) {
        ms_wfp_filter *n = ms_realloc(e->filters, (e->nfilters + 1) * sizeof *n);
        if (!n) {
            st = STATUS_INSUFFICIENT_RESOURCES;
            ms_wfp_conditions_free(conds, nconds);
            ms_free(shown);
        } else {
            e->filters = n;
            ms_wfp_filter *x = &n[e->nfilters++];
            memset(x, 0, sizeof *x);
            x->conds = conds;
            x->nconds = nconds;
            x->f.filterId = e->next_filter_id++;
            x->f.subLayerWeight = sublayer_w;
            x->f.flags = (f->flags & FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT) ? FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT : 0;
            x->f.action.type = f->action.type;
            x->f.action.calloutId = c ? c->id : 0;
            x->f.context = f->rawContext;
            x->f.numFilterConditions = nconds;
            x->f.filterCondition = shown;
            x->key = f->filterKey;
            x->sublayer_key = f->subLayerKey;
            x->layer = layer;
            x->callout_key = f->action.calloutKey;
            x->live = true;
            x->weight = weight;
            /* FWP_VALUE0.uint64 points to storage; the filter array moves, so the weight is
             * kept beside it and FWPS_FILTER1.weight stays empty in the model. */
            x->f.weight.type = FWP_EMPTY;
            size_t at = e->nfilters - 1;
            FWPS_FILTER1 seen = x->f; /* the array may move if notifyFn adds a filter */
            st = notify(c, FWPS_CALLOUT_NOTIFY_ADD_FILTER, &f->filterKey, &seen);
            x = &e->filters[at];
            if (st == STATUS_SUCCESS) {
                x->f.context = seen.context; /* notifyFn may set the context classifyFn sees */
                if (id) *id = x->f.filterId;
                ms_wfp_txn_note(engine, WFP_OBJ_FILTER, &f->filterKey, x->f.filterId);
            } else {
                x->live = false;
                ms_wfp_conditions_free(x->conds, x->nconds);
                ms_free(x->f.filterCondition);
                x->conds = NULL;
                x->nconds = 0;
                x->f.filterCondition = NULL;
                x->f.numFilterConditions = 0;
            }
        }
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpmFilterDeleteById0(HANDLE engine, UINT64 id) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    NTSTATUS st = ms_wfp_may_change_locked(e, engine);
    if (st == STATUS_SUCCESS) st = STATUS_FWP_NOT_FOUND;
    for (size_t i = 0; i < e->nfilters && st == STATUS_FWP_NOT_FOUND; i++)
        if (e->filters[i].live && e->filters[i].f.filterId == id) {
            e->filters[i].live = false;
            st = STATUS_SUCCESS;
            FWPS_FILTER1 gone = e->filters[i].f;
            (void)notify(ms_wfp_callout_by_id(e, gone.action.calloutId), FWPS_CALLOUT_NOTIFY_DELETE_FILTER, NULL,
                         &gone);
        }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpmFilterDeleteByKey0(HANDLE engine, const GUID *key) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    if (!key) return STATUS_FWP_NULL_POINTER;
    UINT64 id = 0;
    ms_lock(e->w);
    for (size_t i = 0; i < e->nfilters; i++)
        if (e->filters[i].live && memcmp(&e->filters[i].key, key, sizeof *key) == 0) id = e->filters[i].f.filterId;
    ms_unlock(e->w);
    return id ? FwpmFilterDeleteById0(engine, id) : STATUS_FWP_FILTER_NOT_FOUND;
}

/* ------------------------------------------------------------------ flows */
/* The map is built once the list is long enough to be worth it, and kept from then on. */
static void flow_index(ms_wfp *e) {
    if (ms_keymap_built(&e->flow_by_id) || e->nflows <= MS_KEYMAP_MIN) return;
    for (ms_flow *f = e->flows; f; f = f->next)
        if (!ms_keymap_put(&e->flow_by_id, f->id, f)) return; /* no memory: keep scanning */
}

ms_flow *ms_wfp_flow_new(ms_wfp *e, uint64_t id) {
    ms_flow *f = ms_calloc(1, sizeof *f);
    if (!f) return NULL;
    f->id = id;
    f->refs = 1;
    f->next = e->flows;
    if (e->flows) e->flows->prev = f;
    e->flows = f;
    e->nflows++;
    if (ms_keymap_built(&e->flow_by_id))
        ms_keymap_put(&e->flow_by_id, id, f);
    else
        flow_index(e);
    return f;
}

ms_flow *ms_wfp_flow_by_id(ms_wfp *e, uint64_t id) {
    if (ms_keymap_built(&e->flow_by_id)) return ms_keymap_get(&e->flow_by_id, id);
    for (ms_flow *f = e->flows; f; f = f->next)
        if (f->id == id) return f;
    return NULL;
}

const uint8_t *ms_flow_records(const ms_flow *f, size_t *len) {
    *len = 0;
    return f && f->records ? ms_records_bytes(f->records, len) : NULL;
}

const void *ms_flow_context(const ms_flow *f, size_t *len) {
    *len = f && f->context ? f->context_len : 0;
    return f ? f->context : NULL;
}

void ms_flow_ref(ms_flow *f) { f->refs++; }

void ms_flow_unref_locked(ms_world *w, ms_flow *f) {
    if (!f || --f->refs > 0) return;
    ms_wfp *e = ms_wfp_get(w);
    if (f->prev)
        f->prev->next = f->next;
    else
        e->flows = f->next;
    if (f->next) f->next->prev = f->prev;
    e->nflows--;
    ms_keymap_del(&e->flow_by_id, f->id);
    flow_free(e, f);
}

NTSTATUS ms_wfp_check_records_locked(ms_world *w, const uint8_t *blob, size_t len) {
    ms_wfp *e = ms_wfp_get(w);
    if (!e) return STATUS_INSUFFICIENT_RESOURCES;
    size_t n = 0;
    int r = ms_records_open(e->key, blob, len, NULL, 0, &n);
    if (r == MS_REC_OK || r == MS_REC_E_SPACE) return STATUS_SUCCESS;
    return r == MS_REC_E_TOO_LONG ? STATUS_INTEGER_OVERFLOW : STATUS_INVALID_PARAMETER;
}
