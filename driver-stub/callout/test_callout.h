/*
 * test_callout.h: the suite's test callout driver, as tests and harnesses load it.
 *
 * What: a connect-redirect callout in the style of WFPSampler's ClassifyProxyByALERedirect
 * (SEMANTICS 5), written only against the model's fwpsk.h.  Each loaded instance plays one
 * vendor ('A', 'B', ...) with its own provider GUID, redirect handle, callouts, sublayer and
 * filters, so multi-vendor chains (A76-A78, A86, A87) can be built from several instances.
 * Why: the IOCTLs under test only have something to return once a callout has redirected a
 * connection; the policy knobs below select the correct and the deliberately buggy callouts.
 *
 * Only wfpcert/winsock.h types appear here; the driver's WFP internals stay in the callout.
 */
#ifndef WFPCERT_TEST_CALLOUT_H
#define WFPCERT_TEST_CALLOUT_H

#include "wfpcert/winsock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ms_callout_policy {
    char vendor; /* 'A'.. : provider GUID derived from it */
    int weight; /* sublayer weight (0..65535); heavier classifies first */
    USHORT match_port; /* redirect flows whose current remote port is this (host order); 0 = any */
    USHORT match_port_last; /* with match_port: up to this port (host order); 0 = match_port alone */
    int match_remote_af; /* 0: any remote address; AF_INET or AF_INET6: only match_remote (network
                            order: 4 or 16 bytes), and no redirect filter for the other family */
    unsigned char match_remote[16];
    int match_proto; /* IPPROTO_TCP/IPPROTO_UDP/0 = both */
    USHORT proxy_port; /* redirect to loopback (127.0.0.1 or ::1) : proxy_port, host order */
    DWORD target_pid; /* localRedirectTargetPID */
    int with_context; /* allocate a context with ExAllocatePoolWithTag and hand it to WFP */
    ULONG context_size; /* 0 = 256 = 2 x SOCKADDR_STORAGE: [0] original remote, [1] original local (A43) */
    int pend; /* out-of-band: FwpsPendClassify0 in classifyFn, finish in ms_callout_complete_pended */
    int trust_others; /* 1: REDIRECTED_BY_OTHER flows are permitted, not re-proxied (A78) */
    int loop_check; /* 1 (normal): redirect-state query + previousVersion walk (A76, A77, A86);
                            0 = the buggy callout that redirects every matching flow */
    int max_own_hops; /* WFPSampler's "more than N own entries -> block" policy (A87); 0 = off */
    int no_apply; /* the buggy callout (fault callout_no_apply): acquires, redirects and never
                            applies, which the verifier must report (A82) */
    int observe_auth; /* 1: also register an inspection callout at ALE_AUTH_CONNECT_V4/V6 that
                            records what WFP shows there (ms_callout_stats.auth_*: A59, A89) */
    DWORD exempt_pid; /* never redirect connections of this process (PROCESS_ID metadata): the
                            proxy's own, as vendors exempt it; 0 = none */
    const unsigned char *app_id; /* redirect only this application: a filter condition ALE_APP_ID EQUAL
                            these bytes (the id of its image path), copied at load; NULL = every
                            application */
    ULONG app_id_len;
} ms_callout_policy;

typedef struct ms_callout_driver ms_callout_driver;

/* DriverEntry: redirect handle, callouts for ALE_CONNECT_REDIRECT_V4/V6, sublayer, filters.
 * Fails with the first failing WFP status; nothing stays registered then. */
NTSTATUS ms_callout_driver_load(const ms_callout_policy *p, ms_callout_driver **out);
/* Unload: pended classifies are completed as BLOCK, then filters, callouts, handle go.
 * Returns the first failing status of WFP's deletes and unregisters (STATUS_SUCCESS). */
NTSTATUS ms_callout_driver_unload(ms_callout_driver *d);
/* d is one of the loaded instances again: after the world that holds it was put back from a
 * snapshot (wfpcert/target.h), whose bytes include d but not the table of instances. */
void ms_callout_driver_adopt(ms_callout_driver *d);
/* d is no instance any more, without an unload: its world was dropped whole (wt_discard). */
void ms_callout_driver_disown(ms_callout_driver *d);
/* Completes every pended classify of this instance (modify, apply with
 * FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS, FwpsCompleteClassify0, release);
 * returns how many. */
int ms_callout_complete_pended(ms_callout_driver *d);

typedef struct ms_callout_stats {
    unsigned classified; /* classifyFn calls */
    unsigned redirected; /* redirects applied (inline or at completion) */
    unsigned permitted_self; /* REDIRECTED_BY_SELF -> PERMIT (A76) */
    unsigned permitted_previously_self; /* PREVIOUSLY_REDIRECTED_BY_SELF -> untouched (A77) */
    unsigned left_for_local_proxy; /* previousVersion names another local proxy (A86) */
    unsigned reproxied_other; /* REDIRECTED_BY_OTHER, not trusted, redirected (A78) */
    unsigned blocked; /* allocation failures, hop limit (A87) */
    unsigned pended; /* FwpsPendClassify0 succeeded */
    unsigned completed; /* pended classifies completed */
    unsigned trusted_other; /* REDIRECTED_BY_OTHER with trust_others -> PERMIT (A78) */
    unsigned exempted; /* connections of the exempt process left alone */
    unsigned context_from_other; /* a context came back for REDIRECTED_BY_OTHER: the stack broke A80 */
    unsigned filter_mismatch; /* classifyFn got an FWPS_FILTER1 whose filterId is not the id
                                           FwpmFilterAdd0 returned, whose subLayerWeight is not the
                                           weight given to FwpmSubLayerAdd0, whose conditions are not
                                           those added, or with a provider context */
    unsigned values_mismatch; /* the remote address or port among the fixed values is not the
                                           connect request's, or a value's type is none of the single
                                           data types */
    unsigned context_missing_self; /* REDIRECTED_BY_SELF or PREVIOUSLY_REDIRECTED_BY_SELF of a flow
                                           this callout gave a context, and none came back: the stack
                                           broke A80 */
    unsigned acquires; /* FwpsAcquireWritableLayerDataPointer0 successes */
    unsigned acquire_kept_rights; /* ... after which classifyOut was not BLOCK without the write
                                           right: the stack broke A81 */
    unsigned auth_classified; /* ALE_AUTH_CONNECT classifies seen (observe_auth) */
    UINT32 auth_flags; /* the last one's FWPS_FIELD_..._FLAGS */
    UINT32 auth_metadata; /* its currentMetadataValues */
    DWORD auth_target_pid; /* its LOCAL_REDIRECT_TARGET_PID, when present */
    SOCKADDR_STORAGE auth_original_dst; /* its ORIGINAL_DESTINATION, when present */
} ms_callout_stats;
void ms_callout_get_stats(const ms_callout_driver *d, ms_callout_stats *s);
/* The instance's cached redirect handle (A74). */
HANDLE ms_callout_redirect_handle(const ms_callout_driver *d);
/* The vendor letter the instance was loaded as. */
char ms_callout_vendor(const ms_callout_driver *d);

#ifdef __cplusplus
}
#endif

#endif /* WFPCERT_TEST_CALLOUT_H */
