/*
 * engine_internal.h: the WFP engine's state, shared by its files (engine.c: registration
 * and flows; classify.c: the ALE_CONNECT_REDIRECT classify, writable layer data, pend and
 * complete; redirect.c: redirect handles, the redirect state and pool memory).
 */
#ifndef WFPCERT_WFP_ENGINE_INTERNAL_H
#define WFPCERT_WFP_ENGINE_INTERNAL_H

/* The engine implements the calls the call-site macros of fwpsk.h wrap. */
#define WFPCERT_NO_CALL_SITES 1
#include "../kernel/keymap.h"
#include "fwpsk.h"
#include "records.h"
#include "wfp_stack.h"

typedef struct wfp_callout {
    UINT32 id;
    FWPS_CALLOUT1 c;
    bool live;
    const char *driver; /* the driver whose DriverEntry registered it, for findings; or NULL */
} wfp_callout;

typedef struct wfp_sublayer {
    GUID key;
    UINT16 weight;
    bool live;
} wfp_sublayer;

/* Management objects a driver adds (FwpmProviderAdd0, FwpmCalloutAdd0): kept so that a
 * second add of the same key fails as on Windows and a delete by key finds it. */
typedef struct wfp_object {
    int kind; /* WFP_OBJ_PROVIDER or WFP_OBJ_CALLOUT */
    GUID key;
    GUID layer;
    UINT32 id;
    struct wfp_object *next;
} wfp_object;
enum { WFP_OBJ_PROVIDER = 1, WFP_OBJ_CALLOUT, WFP_OBJ_SUBLAYER, WFP_OBJ_FILTER };

/* What a transaction added, to take back on FwpmTransactionAbort0. */
typedef struct wfp_undo {
    int kind;
    GUID key;
    UINT64 id;
    struct wfp_undo *next;
} wfp_undo;

/* An FwpmEngineOpen0 session. */
typedef struct wfp_session {
    struct ms_wfp *e;
    bool in_txn;
    wfp_undo *undo;
    struct wfp_session *next;
} wfp_session;

/* A filter condition the model evaluates (conditions.c), copied out of the caller's memory. */
enum { WFP_CF_PROTO, WFP_CF_LOCAL_PORT, WFP_CF_REMOTE_PORT, WFP_CF_LOCAL_ADDR, WFP_CF_REMOTE_ADDR, WFP_CF_APP_ID,
       WFP_CF_FLAGS, WFP_CF_COUNT };
typedef struct wfp_condition {
    int field; /* WFP_CF_* */
    FWP_MATCH_TYPE match;
    FWP_DATA_TYPE type;
    UINT64 lo, hi;     /* integer, range bounds, or IPv4 address and mask (host order) */
    UINT8 bytes16[16]; /* an IPv6 address */
    UINT8 *blob;       /* an application id */
    UINT32 blob_len;
} wfp_condition;

typedef struct wfp_filter {
    FWPS_FILTER1 f;
    wfp_condition *conds;
    UINT32 nconds;
    GUID key;
    GUID sublayer_key;
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
    struct wfp_pool *next, *prev;
} wfp_pool;

struct ms_flow {
    uint64_t id;
    int refs;
    ms_records *records;
    void *context;
    size_t context_len;
    struct ms_flow *next, *prev;
};

typedef struct wfp_classify wfp_classify;

typedef struct ms_wfp {
    ms_world *w;
    const char *loading_driver; /* set while a driver's DriverEntry runs (ms_wfp_driver_loading) */
    wfp_object *objects;
    UINT32 next_object_id;
    wfp_session *sessions;
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
    /* With thousands of concurrent flows the two lists above were scanned on every lookup
     * and removal; past a few dozen entries these maps find them (kernel/keymap.h). */
    size_t npool, nflows;
    ms_keymap pool_by_addr, flow_by_id;
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
/* mgmt.c: the transaction the engine handle has open records an add (kind, key, id). */
void wfp_txn_note(HANDLE engine, int kind, const GUID *key, UINT64 id);
void wfp_mgmt_destroy(ms_wfp *e);
/* conditions.c: copies f's conditions (a finding and STATUS_FWP_INVALID_PARAMETER for one the
 * model does not evaluate; world locked); matches them against a classify's values, where
 * index[WFP_CF_*] is the field's index in the layer. */
NTSTATUS wfp_conditions_copy(ms_wfp *e, const FWPM_FILTER0 *f, wfp_condition **out, UINT32 *n);
bool wfp_conditions_match(const wfp_condition *c, UINT32 n, const FWPS_INCOMING_VALUE0 *vals,
                          const UINT32 index[WFP_CF_COUNT]);
void wfp_conditions_free(wfp_condition *c, UINT32 n);
/* The layer id a FWPM_LAYER_* GUID names, or 0 for a layer the model does not have. */
UINT16 wfp_layer_id(const GUID *layerKey);
/* The call site WfpcertNoteCallSite recorded on this thread for the current call (taken:
 * the next call starts without one); file is NULL when none was recorded. */
void wfp_site_take(const char **file, int *line);

#endif
