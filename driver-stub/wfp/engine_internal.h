/*
 * engine_internal.h: the WFP engine's state, shared by its files (engine.c: registration
 * and flows; classify.c: the ALE_CONNECT_REDIRECT classify, writable layer data, pend and
 * complete; redirect.c: redirect handles, the redirect state and pool memory).
 */
#ifndef WFPCERT_WFP_ENGINE_INTERNAL_H
#define WFPCERT_WFP_ENGINE_INTERNAL_H

#include "fwpsk.h"
#include "records.h"
#include "wfp_stack.h"

typedef struct wfp_callout {
    UINT32 id;
    FWPS_CALLOUT1 c;
    bool live;
} wfp_callout;

typedef struct wfp_sublayer {
    GUID key;
    UINT16 weight;
} wfp_sublayer;

typedef struct wfp_filter {
    FWPS_FILTER1 f;
    UINT16 layer;
    GUID callout_key;
    UINT64 weight;
    bool live;
} wfp_filter;

typedef struct wfp_redirect_handle {
    GUID provider;
    uint64_t serial;
    bool live;
    struct wfp_redirect_handle *next;
} wfp_redirect_handle;

typedef struct wfp_pool {
    void *p;
    size_t size;
    bool owned_by_wfp; /* handed over as localRedirectContext (A85) */
    struct wfp_pool *next;
} wfp_pool;

struct ms_flow {
    uint64_t id;
    int refs;
    ms_records *records;
    void *context;
    size_t context_len;
    struct ms_flow *next;
};

typedef struct wfp_classify wfp_classify;

typedef struct ms_wfp {
    ms_world *w;
    uint8_t key[MS_RECORDS_KEY_SIZE];
    wfp_callout *callouts;
    size_t ncallouts;
    wfp_sublayer *sublayers;
    size_t nsublayers;
    wfp_filter *filters;
    size_t nfilters;
    UINT64 next_filter_id;
    uint64_t next_flow_id;
    uint64_t next_handle_serial;
    wfp_redirect_handle *handles;
    wfp_pool *pool;
    ms_flow *flows;
    wfp_classify *pended;
} ms_wfp;

/* The engine of the current world (created on first use); NULL without a world. */
ms_wfp *wfp_current(void);
ms_wfp *wfp_get(ms_world *w);
const wfp_callout *wfp_callout_by_id(ms_wfp *e, UINT32 id);
UINT16 wfp_sublayer_weight(ms_wfp *e, const GUID *key);
wfp_redirect_handle *wfp_handle_lookup(ms_wfp *e, HANDLE h);
ms_flow *wfp_flow_by_id(ms_wfp *e, uint64_t id);
ms_flow *wfp_flow_new(ms_wfp *e, uint64_t id);
wfp_pool *wfp_pool_find(ms_wfp *e, const void *p);
void wfp_pool_release(ms_wfp *e, void *p);
void wfp_classify_destroy_all(ms_wfp *e);

#endif
