/*
 * callout_internal.h: what the test callout's files share: the instance (one per vendor,
 * the "driver globals" of a real callout gathered into a struct so several vendors can be
 * loaded at once) and the entry points each file gives the others.
 *
 * Why one lock per instance: classifyFn runs on any thread (any CPU in Windows, where this
 * would be a KSPIN_LOCK) while the test thread completes pended classifies; the lock guards
 * the pended list and the counters, and is never held across a call into WFP, because
 * completing a classify may classify again (reauthorization) on the same thread.
 */
#ifndef WFPCERT_CALLOUT_INTERNAL_H
#define WFPCERT_CALLOUT_INTERNAL_H

#include <pthread.h> /* not the WDK's: the instance lock (below); a module links it from the process */

/* The WDK-shaped header a vendor's driver includes as <fwpsk.h> (it brings wdm.h), so the
 * callout builds both into the model and as a module (examples/test-callout). */
#include "wfpcert/wdk/fwpsk.h"
#include "test_callout.h"

#define MS_CALLOUT_POOL_TAG_CONTEXT 0x78744354u /* 'TCtx': localRedirectContext, owned by WFP once applied */
#define MS_CALLOUT_POOL_TAG_DRIVER 0x76724354u /* 'TCrv': the instance and its pended-classify records */
#define MS_CALLOUT_DEFAULT_CONTEXT_SIZE ((ULONG)(2 * sizeof(SOCKADDR_STORAGE))) /* 256, A43 */

/* The redirect layers, then the ALE_AUTH_CONNECT layers (registered with observe_auth only). */
enum { MS_CALLOUT_V4, MS_CALLOUT_V6, MS_CALLOUT_AUTH_V4, MS_CALLOUT_AUTH_V6, MS_CALLOUT_LAYER_COUNT };
#define MS_CALLOUT_REDIRECT_LAYERS 2

/* A classify pended out of band (pend.c): what FwpsCompleteClassify0 needs later. */
typedef struct ms_callout_pended {
    UINT64 classifyHandle;
    FWPS_CONNECT_REQUEST0 *request; /* writable layer data, not yet applied */
    UINT64 filterId;
    struct ms_callout_pended *next;
} ms_callout_pended;

struct ms_callout_driver {
    ms_callout_policy policy;
    GUID providerKey;
    GUID subLayerKey;
    GUID calloutKey[MS_CALLOUT_LAYER_COUNT];
    GUID filterKey[MS_CALLOUT_LAYER_COUNT];
    HANDLE redirectHandle; /* created once at load, cached (A74) */
    UINT32 calloutId[MS_CALLOUT_LAYER_COUNT]; /* 0 = not registered */
    UINT64 filterId[MS_CALLOUT_LAYER_COUNT]; /* 0 = not added */
    UINT32 mgmtCalloutId[MS_CALLOUT_LAYER_COUNT]; /* its FwpmCalloutAdd0 object; 0 = none of ours */
    pthread_mutex_t lock; /* guards pended and stats */
    ms_callout_pended *pended; /* newest first */
    ms_callout_stats stats;
};

/* Counters are bumped under the instance lock; the field name is one of ms_callout_stats'. */
#define MS_CALLOUT_COUNT(d, field)                                                                                     \
    do {                                                                                                               \
        pthread_mutex_lock(&(d)->lock);                                                                                \
        (d)->stats.field++;                                                                                            \
        pthread_mutex_unlock(&(d)->lock);                                                                              \
    } while (0)

/* driver.c: the conditions of the instance's redirect filters, from its policy; the values
 * point into the struct, which must stay where it was filled. */
typedef struct ms_callout_conditions {
    FWPM_FILTER_CONDITION0 c[4];
    UINT32 n;
    FWP_BYTE_ARRAY16 remote6;
    FWP_RANGE0 ports;
    FWP_BYTE_BLOB app;
} ms_callout_conditions;
void ms_callout_conditions_of(const ms_callout_driver *d, ms_callout_conditions *out);

/* driver.c: the loaded instance a filter's context names, or NULL for a stale one. */
ms_callout_driver *ms_callout_instance_from_filter(const FWPS_FILTER1 *filter);

/* classify.c: the callout functions registered for both layers. */
void NTAPI ms_callout_classify(const FWPS_INCOMING_VALUES0 *inFixedValues,
                               const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, void *layerData,
                               const void *classifyContext, const FWPS_FILTER1 *filter, UINT64 flowContext,
                               FWPS_CLASSIFY_OUT0 *classifyOut);
/* classify.c: the inspection callout at ALE_AUTH_CONNECT (observe_auth). */
void NTAPI ms_callout_observe_auth(const FWPS_INCOMING_VALUES0 *inFixedValues,
                                   const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, void *layerData,
                                   const void *classifyContext, const FWPS_FILTER1 *filter, UINT64 flowContext,
                                   FWPS_CLASSIFY_OUT0 *classifyOut);
NTSTATUS NTAPI ms_callout_notify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER1 *filter);
void NTAPI ms_callout_flow_delete(UINT16 layerId, UINT32 calloutId, UINT64 flowContext);

/* redirect.c: rewrites request to the instance's local proxy (allowed fields only, A83).
 * Fails, leaving request untouched, when the context cannot be allocated. */
NTSTATUS ms_callout_redirect_request(const ms_callout_driver *d, FWPS_CONNECT_REQUEST0 *request);

/* pend.c: pends an acquired classify; on success the decision is BLOCK without the write
 * right until ms_callout_complete_pended (A81, A88).  On failure nothing was pended. */
NTSTATUS ms_callout_pend_classify(ms_callout_driver *d, UINT64 classifyHandle, FWPS_CONNECT_REQUEST0 *request,
                                  UINT64 filterId, FWPS_CLASSIFY_OUT0 *classifyOut);
/* pend.c: finishes every pended classify of d, redirecting (redirect != 0) or blocking. */
int ms_callout_finish_pended(ms_callout_driver *d, int redirect);

#endif /* WFPCERT_CALLOUT_INTERNAL_H */
