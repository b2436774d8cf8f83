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

typedef struct ms_wfp_callout {
    UINT32 id;
    FWPS_CALLOUT1 c;
    bool live;
    const char *driver; /* the driver whose DriverEntry registered it, for findings; or NULL */
} ms_wfp_callout;

typedef struct ms_wfp_sublayer {
    GUID key;
    UINT16 weight;
    bool live;
} ms_wfp_sublayer;

/* Management objects a driver adds (FwpmProviderAdd0, FwpmCalloutAdd0): kept so that a
 * second add of the same key fails as on Windows and a delete by key finds it. */
typedef struct ms_wfp_object {
    int kind; /* WFP_OBJ_PROVIDER or WFP_OBJ_CALLOUT */
    GUID key;
    GUID layer;
    UINT32 id;
    struct ms_wfp_object *next;
} ms_wfp_object;
enum { WFP_OBJ_PROVIDER = 1, WFP_OBJ_CALLOUT, WFP_OBJ_SUBLAYER, WFP_OBJ_FILTER };

/* What a transaction added, to take back on FwpmTransactionAbort0. */
typedef struct ms_wfp_undo {
    int kind;
    GUID key;
    UINT64 id;
    struct ms_wfp_undo *next;
} ms_wfp_undo;

/* An FwpmEngineOpen0 session. */
typedef struct ms_wfp_session {
    struct ms_wfp *e;
    bool in_txn;
    bool read_only; /* the transaction was begun with FWPM_TXN_READ_ONLY */
    ms_wfp_undo *undo;
    bool dynamic; /* FWPM_SESSION_FLAG_DYNAMIC: what it added goes when it closes */
    ms_wfp_undo *added; /* what a dynamic session added, newest first */
    struct ms_wfp_session *next;
} ms_wfp_session;

/* A filter condition the model evaluates (conditions.c), copied out of the caller's memory. */
enum {
    WFP_CF_PROTO,
    WFP_CF_LOCAL_PORT,
    WFP_CF_REMOTE_PORT,
    WFP_CF_LOCAL_ADDR,
    WFP_CF_REMOTE_ADDR,
    WFP_CF_APP_ID,
    WFP_CF_FLAGS,
    WFP_CF_COUNT
};
typedef struct ms_wfp_condition {
    int field; /* WFP_CF_* */
    FWP_MATCH_TYPE match;
    FWP_DATA_TYPE type;
    UINT64 lo, hi; /* integer, range bounds, or IPv4 address and mask (host order) */
    UINT8 bytes16[16]; /* an IPv6 address */
    UINT8 *blob; /* an application id */
    UINT32 blob_len;
    union { /* what the kernel view's conditionValue points to (ms_wfp_conditions_kernel) */
        FWP_RANGE0 range;
        FWP_V4_ADDR_AND_MASK v4;
        FWP_BYTE_ARRAY16 a16;
        FWP_BYTE_BLOB bb;
    } shown;
} ms_wfp_condition;

typedef struct ms_wfp_filter {
    FWPS_FILTER1 f;
    ms_wfp_condition *conds;
    UINT32 nconds;
    GUID key;
    GUID sublayer_key;
    UINT16 layer;
    GUID callout_key;
    UINT64 weight;
    bool live;
} ms_wfp_filter;

typedef struct ms_wfp_redirect_handle {
    GUID provider;
    uint64_t serial;
    bool live;
    struct ms_wfp_redirect_handle *next;
} ms_wfp_redirect_handle;

typedef struct ms_wfp_pool {
    void *p;
    size_t size;
    bool owned_by_wfp; /* handed over as localRedirectContext (A85) */
    struct ms_wfp_pool *next, *prev;
} ms_wfp_pool;

struct ms_flow {
    uint64_t id;
    int refs;
    ms_records *records;
    void *context;
    size_t context_len;
    struct ms_flow *next, *prev;
};

typedef struct ms_wfp_classify ms_wfp_classify;

typedef struct ms_wfp {
    ms_world *w;
    const char *loading_driver; /* set while a driver's DriverEntry runs (ms_wfp_driver_loading) */
    ms_wfp_object *objects;
    UINT32 next_object_id;
    ms_wfp_session *sessions;
    uint8_t key[MS_RECORDS_KEY_SIZE];
    ms_wfp_callout *callouts;
    size_t ncallouts;
    ms_wfp_sublayer *sublayers;
    size_t nsublayers;
    ms_wfp_filter *filters;
    size_t nfilters;
    UINT64 next_filter_id;
    uint64_t next_flow_id;
    uint64_t next_handle_serial;
    ms_wfp_redirect_handle *handles;
    ms_wfp_pool *pool;
    ms_flow *flows;
    /* With thousands of concurrent flows the two lists above were scanned on every lookup
     * and removal; past a few dozen entries these maps find them (kernel/keymap.h). */
    size_t npool, nflows;
    ms_keymap pool_by_addr, flow_by_id;
    ms_wfp_classify *pended;
} ms_wfp;

/* The engine of the current world (created on first use); NULL without a world. */
ms_wfp *ms_wfp_current(void);
ms_wfp *ms_wfp_get(ms_world *w);
const ms_wfp_callout *ms_wfp_callout_by_id(ms_wfp *e, UINT32 id);
ms_wfp_redirect_handle *ms_wfp_handle_lookup(ms_wfp *e, HANDLE h);
ms_flow *ms_wfp_flow_by_id(ms_wfp *e, uint64_t id);
ms_flow *ms_wfp_flow_new(ms_wfp *e, uint64_t id);
ms_wfp_pool *ms_wfp_pool_find(ms_wfp *e, const void *p);
void ms_wfp_pool_release(ms_wfp *e, void *p);
size_t ms_wfp_classify_destroy_all(ms_wfp *e); /* returns how many it freed */
/* mgmt.c: the transaction the engine handle has open records an add (kind, key, id). */
void ms_wfp_txn_note(HANDLE engine, int kind, const GUID *key, UINT64 id);
NTSTATUS ms_wfp_may_change_locked(ms_wfp *e, HANDLE engine);
void ms_wfp_mgmt_destroy(ms_wfp *e);
/* conditions.c: copies f's conditions (a finding and STATUS_FWP_INVALID_PARAMETER for one the
 * model does not evaluate; world locked); matches them against a classify's values, where
 * index[WFP_CF_*] is the field's index in the layer. */
NTSTATUS ms_wfp_conditions_copy(ms_wfp *e, const FWPM_FILTER0 *f, ms_wfp_condition **out, UINT32 *n);
bool ms_wfp_conditions_match(const ms_wfp_condition *c, UINT32 n, const FWPS_INCOMING_VALUE0 *vals,
                             const UINT32 index[WFP_CF_COUNT]);
void ms_wfp_conditions_free(ms_wfp_condition *c, UINT32 n);
FWPS_FILTER_CONDITION0 *ms_wfp_conditions_kernel(ms_wfp_condition *c, UINT32 n, UINT16 layer);
UINT16 ms_wfp_field_id(UINT16 layer, int field);
/* The layer id a FWPM_LAYER_* GUID names, or 0 for a layer the model does not have. */
UINT16 ms_wfp_layer_id(const GUID *layerKey);
/* The call site WfpcertNoteCallSite recorded on this thread for the current call (taken:
 * the next call starts without one); file is NULL when none was recorded. */
void ms_wfp_site_take(const char **file, int *line);

#endif
