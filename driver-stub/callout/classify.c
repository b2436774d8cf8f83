/*
 * classify.c: the test callout's classifyFn for ALE_CONNECT_REDIRECT_V4/V6.
 *
 * What: decides, per matching connect, whether this vendor redirects it to its local proxy,
 * following SEMANTICS 5 ("WFPSampler proxy implementation", "Loop prevention"):
 *   no write right                         -> nothing (a heavier filter already decided)
 *   proto/port do not match the policy      -> CONTINUE
 *   the proxy's own process (exempt_pid)    -> CONTINUE
 *   state REDIRECTED_BY_SELF                -> PERMIT, no redirect (A76, A59)
 *   state PREVIOUSLY_REDIRECTED_BY_SELF     -> decision left alone (A77)
 *   state REDIRECTED_BY_OTHER, trusted      -> PERMIT (A78)
 *   previousVersion: another local proxy    -> apply unchanged, PERMIT (A86)
 *   more own entries than max_own_hops      -> apply unchanged, BLOCK (A87)
 *   otherwise                               -> redirect, PERMIT, write right cleared; or pend
 * Why loop_check=0 exists: it is the callout that skips the state query and the walk, the
 * bug that makes two proxies bounce a connection between them, which the suite must catch.
 */
#include <string.h>

#include "callout_internal.h"

/* The classify's decision after the walk over previousVersion. */
typedef enum { WALK_REDIRECT, WALK_LOCAL_PROXY_OWNS, WALK_TOO_MANY_HOPS } walk_verdict;

/* The remote address and port among the classify's fixed values are the connect request's
 * (SEMANTICS 5: the layer's IP_REMOTE_ADDRESS, host order for IPv4, 16 bytes for IPv6, and
 * IP_REMOTE_PORT), and no value has a type outside the single data types.  A callout that filters
 * on them relies on that. */
static int values_match_request(const FWPS_INCOMING_VALUES0 *in, const FWPS_CONNECT_REQUEST0 *r) {
    if (!in || !in->incomingValue) return 0;
    /* Every index is readable and holds one of the single data types, FWP_EMPTY where the
     * layer has nothing (docs/VENDOR-DRIVER.md): a callout switches on the type it reads. */
    for (UINT32 i = 0; i < in->valueCount; i++)
        if ((UINT32)in->incomingValue[i].value.type > FWP_BYTE_ARRAY6_TYPE) return 0;
    int v6 = in->layerId == FWPS_LAYER_ALE_CONNECT_REDIRECT_V6;
    UINT32 addr = v6 ? FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_ADDRESS
                     : FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS;
    UINT32 port =
        v6 ? FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_PORT : FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT;
    if (addr >= in->valueCount || port >= in->valueCount) return 0;
    const FWP_VALUE0 *a = &in->incomingValue[addr].value, *p = &in->incomingValue[port].value;
    const SOCKADDR_STORAGE *ss = &r->remoteAddressAndPort;
    if (p->type != FWP_UINT16 || p->uint16 != ntohs(((const struct sockaddr_in *)ss)->sin_port)) return 0;
    if (v6)
        return a->type == FWP_BYTE_ARRAY16_TYPE && a->byteArray16 &&
               memcmp(a->byteArray16->byteArray16, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16) == 0;
    return a->type == FWP_UINT32 && a->uint32 == ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr);
}

/* One condition classifyFn sees (FWPS_FILTER_CONDITION0) is the one added (FWPM_FILTER_CONDITION0):
 * its field is the layer's data field identifier for the added key, the match type and the
 * value are those given. */
static int condition_as_added(const FWPS_FILTER_CONDITION0 *s, const FWPM_FILTER_CONDITION0 *a, int v6) {
    UINT16 field = 0;
    if (IsEqualGUID(&a->fieldKey, &FWPM_CONDITION_IP_REMOTE_ADDRESS))
        field = v6 ? FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_ADDRESS
                   : FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS;
    else if (IsEqualGUID(&a->fieldKey, &FWPM_CONDITION_IP_PROTOCOL))
        field = v6 ? FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_PROTOCOL : FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_PROTOCOL;
    else if (IsEqualGUID(&a->fieldKey, &FWPM_CONDITION_IP_REMOTE_PORT))
        field =
            v6 ? FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_PORT : FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT;
    else
        field = v6 ? FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_APP_ID : FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_APP_ID;
    const FWP_CONDITION_VALUE0 *sv = &s->conditionValue, *av = &a->conditionValue;
    if (s->fieldId != field || s->matchType != a->matchType || sv->type != av->type) return 0;
    switch (av->type) {
    case FWP_UINT8:
        return sv->uint8 == av->uint8;
    case FWP_UINT32:
        return sv->uint32 == av->uint32;
    case FWP_BYTE_ARRAY16_TYPE:
        return sv->byteArray16 && memcmp(sv->byteArray16, av->byteArray16, sizeof *av->byteArray16) == 0;
    case FWP_RANGE_TYPE:
        return sv->rangeValue && sv->rangeValue->valueLow.type == FWP_UINT16 &&
               sv->rangeValue->valueHigh.type == FWP_UINT16 &&
               sv->rangeValue->valueLow.uint16 == av->rangeValue->valueLow.uint16 &&
               sv->rangeValue->valueHigh.uint16 == av->rangeValue->valueHigh.uint16;
    default: /* the application id */
        return sv->byteBlob && sv->byteBlob->size == av->byteBlob->size &&
               (!av->byteBlob->size || memcmp(sv->byteBlob->data, av->byteBlob->data, av->byteBlob->size) == 0);
    }
}

/* The filter classifyFn runs for carries the conditions it was added with ("FWPS_FILTER0":
 * filterCondition, numFilterConditions), in any order, and no provider context (none was
 * given).  A driver that reads its conditions back (the port range it filters on) relies on it. */
static int conditions_as_added(const ms_callout_driver *d, const FWPS_INCOMING_VALUES0 *in, const FWPS_FILTER1 *f) {
    ms_callout_conditions cc;
    ms_callout_conditions_of(d, &cc);
    if (f->providerContext || f->numFilterConditions != cc.n || (cc.n && !f->filterCondition)) return 0;
    int v6 = in && in->layerId == FWPS_LAYER_ALE_CONNECT_REDIRECT_V6;
    for (UINT32 i = 0; i < cc.n; i++) {
        int found = 0;
        for (UINT32 j = 0; j < cc.n && !found; j++) found = condition_as_added(&f->filterCondition[j], &cc.c[i], v6);
        if (!found) return 0;
    }
    return 1;
}

/* Loop prevention on the earlier versions of this connect (WDK-REDIR, A86, A87).  An entry
 * another filter wrote with a local redirect handle means a local proxy owns the flow. */
static walk_verdict walk_previous_versions(const ms_callout_driver *d, UINT64 ownFilterId,
                                           const FWPS_CONNECT_REQUEST0 *request) {
    int ownHops = 0;
    for (const FWPS_CONNECT_REQUEST0 *v = request->previousVersion; v; v = v->previousVersion) {
        if (v->modifierFilterId == ownFilterId) {
            ownHops++;
            continue;
        }
        if (d->policy.loop_check && v->localRedirectHandle) return WALK_LOCAL_PROXY_OWNS;
    }
    if (d->policy.max_own_hops && ownHops > d->policy.max_own_hops) return WALK_TOO_MANY_HOPS;
    return WALK_REDIRECT;
}

static void decide(FWPS_CLASSIFY_OUT0 *classifyOut, FWP_ACTION_TYPE action) {
    classifyOut->actionType = action;
    classifyOut->rights &= ~(UINT32)FWPS_RIGHT_ACTION_WRITE; /* final: lighter filters may not override */
}

/* Ends an acquired classify without modifying it: every acquire is matched by one apply,
 * even when nothing changed (A82). */
static void finish_unchanged(UINT64 classifyHandle, FWPS_CONNECT_REQUEST0 *request, FWPS_CLASSIFY_OUT0 *classifyOut,
                             FWP_ACTION_TYPE action) {
    FwpsApplyModifiedLayerData0(classifyHandle, request, 0);
    decide(classifyOut, action);
    FwpsReleaseClassifyHandle0(classifyHandle);
}

/* The redirect-state query (A75-A78).  Returns 1 when the decision is made already. */
static int settled_by_redirect_state(ms_callout_driver *d, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
                                     FWPS_CLASSIFY_OUT0 *classifyOut, int *byOther) {
    /* Without the records handle the connection was never redirected (A75). */
    if (!inMetaValues || !FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE))
        return 0;
    void *redirectContext = NULL;
    switch (FwpsQueryConnectionRedirectState0(inMetaValues->redirectRecords, d->redirectHandle, &redirectContext)) {
    case FWPS_CONNECTION_REDIRECTED_BY_SELF:
        /* Our own proxy's outbound connection: let it out, once (A76).  A80: the context we
         * attached to the flow comes back with BY_SELF; a stack that loses it is counted. */
        if (d->policy.with_context && !redirectContext) MS_CALLOUT_COUNT(d, context_missing_self);
        classifyOut->actionType = FWP_ACTION_PERMIT;
        MS_CALLOUT_COUNT(d, permitted_self);
        return 1;
    case FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF:
        /* We proxied it and someone proxied it after us: the last redirect wins, and we
         * must not redirect again even if we dislike it (A77).  A80: our context comes back
         * with this state too. */
        if (d->policy.with_context && !redirectContext) MS_CALLOUT_COUNT(d, context_missing_self);
        MS_CALLOUT_COUNT(d, permitted_previously_self);
        return 1;
    case FWPS_CONNECTION_REDIRECTED_BY_OTHER:
        /* A80: another vendor's context must never reach us; a stack that hands it out is
         * counted, and the target reports it as a finding. */
        if (redirectContext) MS_CALLOUT_COUNT(d, context_from_other);
        if (d->policy.trust_others) {
            classifyOut->actionType = FWP_ACTION_PERMIT;
            MS_CALLOUT_COUNT(d, trusted_other);
            return 1;
        }
        *byOther = 1; /* A78: allowed to proxy what it does not trust */
        return 0;
    default:
        return 0;
    }
}

void NTAPI ms_callout_classify(const FWPS_INCOMING_VALUES0 *inFixedValues,
                               const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, void *layerData,
                               const void *classifyContext, const FWPS_FILTER1 *filter, UINT64 flowContext,
                               FWPS_CLASSIFY_OUT0 *classifyOut) {
    ms_callout_driver *d = ms_callout_instance_from_filter(filter);
    if (!d || !classifyOut) return;
    MS_CALLOUT_COUNT(d, classified);
    /* The filter WFP runs us for is the one we added: the runtime id FwpmFilterAdd0 returned,
     * in our sublayer of the weight we gave (the sublayer weight orders the vendors). */
    if ((filter->filterId != d->filterId[MS_CALLOUT_V4] && filter->filterId != d->filterId[MS_CALLOUT_V6]) ||
        filter->subLayerWeight != (UINT16)d->policy.weight || !conditions_as_added(d, inFixedValues, filter))
        MS_CALLOUT_COUNT(d, filter_mismatch);
    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) return;
    /* Which flows come here (protocol, remote ports, application) is the filter's conditions'
     * business, as in a vendor's driver: WFP calls this only for the flows they admit. */
    /* The proxy's own connections are never redirected, or they would come back to it. */
    if (d->policy.exempt_pid && inMetaValues &&
        FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID) &&
        inMetaValues->processId == d->policy.exempt_pid) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
        MS_CALLOUT_COUNT(d, exempted);
        return;
    }
    int byOther = 0;
    if (d->policy.loop_check && settled_by_redirect_state(d, inMetaValues, classifyOut, &byOther)) return;

    UINT64 classifyHandle = 0;
    void *writable = NULL;
    /* The model's FwpsAcquireClassifyHandle0 takes the classifyFn's const context, as in the WDK. */
    if (!NT_SUCCESS(FwpsAcquireClassifyHandle0((void *)classifyContext, 0, &classifyHandle))) {
        decide(classifyOut, FWP_ACTION_BLOCK);
        MS_CALLOUT_COUNT(d, blocked);
        return;
    }
    /* Sets BLOCK and takes the write right until we decide (A81). */
    if (!NT_SUCCESS(
            FwpsAcquireWritableLayerDataPointer0(classifyHandle, filter->filterId, 0, &writable, classifyOut))) {
        FwpsReleaseClassifyHandle0(classifyHandle);
        decide(classifyOut, FWP_ACTION_BLOCK);
        MS_CALLOUT_COUNT(d, blocked);
        return;
    }
    FWPS_CONNECT_REQUEST0 *request = writable;
    /* A81: WFP itself now says BLOCK and holds the write right back until we decide; a stack
     * that does not leaves a half-decided flow open to lighter filters. */
    MS_CALLOUT_COUNT(d, acquires);
    if (classifyOut->actionType != FWP_ACTION_BLOCK || (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE))
        MS_CALLOUT_COUNT(d, acquire_kept_rights);
    if (!values_match_request(inFixedValues, request)) MS_CALLOUT_COUNT(d, values_mismatch);

    switch (walk_previous_versions(d, filter->filterId, request)) {
    case WALK_LOCAL_PROXY_OWNS:
        finish_unchanged(classifyHandle, request, classifyOut, FWP_ACTION_PERMIT);
        MS_CALLOUT_COUNT(d, left_for_local_proxy);
        return;
    case WALK_TOO_MANY_HOPS: /* WFPSampler: STATUS_TOO_MANY_COMMANDS, then BLOCK (A87) */
        finish_unchanged(classifyHandle, request, classifyOut, FWP_ACTION_BLOCK);
        MS_CALLOUT_COUNT(d, blocked);
        return;
    case WALK_REDIRECT:
        break;
    }

    if (d->policy.pend) {
        NTSTATUS st = ms_callout_pend_classify(d, classifyHandle, request, filter->filterId, classifyOut);
        if (NT_SUCCESS(st)) {
            if (byOther) MS_CALLOUT_COUNT(d, reproxied_other);
            return; /* ms_callout_complete_pended applies, completes and releases */
        }
        if (st != STATUS_FWP_CANNOT_PEND) {
            finish_unchanged(classifyHandle, request, classifyOut, FWP_ACTION_BLOCK);
            MS_CALLOUT_COUNT(d, blocked);
            return;
        }
        /* A layer that cannot pend: do it inline instead. */
    }

    if (!NT_SUCCESS(ms_callout_redirect_request(d, request))) {
        finish_unchanged(classifyHandle, request, classifyOut, FWP_ACTION_BLOCK);
        MS_CALLOUT_COUNT(d, blocked);
        return;
    }
    if (!d->policy.no_apply)
        FwpsApplyModifiedLayerData0(classifyHandle, request, 0); /* inline: flags 0 (SEMANTICS 5) */
    decide(classifyOut, FWP_ACTION_PERMIT);
    FwpsReleaseClassifyHandle0(classifyHandle);
    MS_CALLOUT_COUNT(d, redirected);
    if (byOther) MS_CALLOUT_COUNT(d, reproxied_other);
}

NTSTATUS NTAPI ms_callout_notify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER1 *filter) {
    return STATUS_SUCCESS; /* filters carry their instance in context; nothing to track */
}

void NTAPI ms_callout_flow_delete(UINT16 layerId, UINT32 calloutId, UINT64 flowContext) {
    /* No flow contexts are associated; the redirect context is WFP's to free (A85). */
}

void NTAPI ms_callout_observe_auth(const FWPS_INCOMING_VALUES0 *inFixedValues,
                                   const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, void *layerData,
                                   const void *classifyContext, const FWPS_FILTER1 *filter, UINT64 flowContext,
                                   FWPS_CLASSIFY_OUT0 *classifyOut) {
    (void)layerData, (void)classifyContext, (void)flowContext, (void)classifyOut;
    ms_callout_driver *d = ms_callout_instance_from_filter(filter);
    if (!d || !inFixedValues || !inMetaValues) return;
    /* ALE_AUTH_CONNECT numbers its fields its own way (V4 and V6 alike). */
    UINT32 field = inFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V6 ? FWPS_FIELD_ALE_AUTH_CONNECT_V6_FLAGS
                                                                            : FWPS_FIELD_ALE_AUTH_CONNECT_V4_FLAGS;
    UINT32 flags = inFixedValues->valueCount > field ? inFixedValues->incomingValue[field].value.uint32 : 0;
    pthread_mutex_lock(&d->lock);
    d->stats.auth_classified++;
    d->stats.auth_flags = flags;
    d->stats.auth_metadata = inMetaValues->currentMetadataValues;
    d->stats.auth_target_pid = 0;
    memset(&d->stats.auth_original_dst, 0, sizeof d->stats.auth_original_dst);
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_LOCAL_REDIRECT_TARGET_PID))
        d->stats.auth_target_pid = (DWORD)inMetaValues->localRedirectTargetPID;
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_ORIGINAL_DESTINATION) &&
        inMetaValues->originalDestination)
        memcpy(&d->stats.auth_original_dst, inMetaValues->originalDestination, sizeof d->stats.auth_original_dst);
    pthread_mutex_unlock(&d->lock);
}
