/*
 * classify.c: the example redirector's classifyFn at ALE_CONNECT_REDIRECT_V4 and _V6.
 *
 * For a TCP or UDP connection to the configured port it: leaves the proxy's own process
 * alone; lets a connection its proxy makes after SIO_SET through once (REDIRECTED_BY_SELF);
 * stays away from a flow another vendor already sent to a local proxy; and otherwise
 * acquires the writable connect request, points it at its proxy on loopback with its cached
 * redirect handle and the proxy's PID, attaches the original destination as the redirect
 * context (pool memory WFP frees), applies, and permits.  Every EXAMPLE_PEND_EVERY-th such
 * redirect is pended instead and finished by a work item (redirect, apply, complete,
 * release), the out-of-band path a service that asks user mode about a flow takes.
 *
 * EXAMPLE_BUG_NO_APPLY builds the planted bug the wfpcert verifier must catch: the writable
 * layer data is acquired, modified and released without FwpsApplyModifiedLayerData0.
 * EXAMPLE_BUG_NO_LOOP_CHECK builds another: a connection this driver redirected before, which
 * another vendor's proxy now makes (PREVIOUSLY_REDIRECTED_BY_SELF), is redirected again, so a
 * chain of two vendors loops (A77).
 * The others (vendor.certify_planted_<bug>): EXAMPLE_BUG_NO_RIGHTS_CHECK acts without
 * FWPS_RIGHT_ACTION_WRITE; EXAMPLE_BUG_NO_TARGET_PID leaves localRedirectTargetPID unset;
 * EXAMPLE_BUG_CONTEXT_SIZE states a context twice the size allocated; EXAMPLE_BUG_FREES_CONTEXT
 * frees the context WFP owns once applied; EXAMPLE_BUG_NO_RELEASE keeps the classify handle;
 * EXAMPLE_BUG_NEVER_COMPLETES pends and never completes.  driver.c has the unload's:
 * EXAMPLE_BUG_NO_HANDLE_DESTROY keeps the redirect handle, EXAMPLE_BUG_NO_UNREGISTER the
 * callouts, EXAMPLE_BUG_NO_ENGINE_CLOSE the engine session, and EXAMPLE_BUG_CLOSE_ENGINE_EARLY
 * closes its dynamic session (and so its filters) at the end of DriverEntry.
 */
#include "redirector.h"

/* Where the fields this driver reads sit; V4 and V6 differ only in the names. */
typedef struct _EXAMPLE_FIELDS {
    UINT32 protocol;
    UINT32 remotePort;
    UINT32 appId;
} EXAMPLE_FIELDS;

static const EXAMPLE_FIELDS gFieldsV4 = {FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_PROTOCOL,
                                         FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT,
                                         FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_APP_ID};
static const EXAMPLE_FIELDS gFieldsV6 = {FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_PROTOCOL,
                                         FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_PORT,
                                         FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_APP_ID};

static void ExampleDecide(_Inout_ FWPS_CLASSIFY_OUT0 *classifyOut, _In_ FWP_ACTION_TYPE action) {
    classifyOut->actionType = action;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
}

/* An earlier modifier of this connect that sent it to a local proxy (its own handle set). */
static BOOLEAN ExampleOwnedByOtherProxy(_In_ const FWPS_CONNECT_REQUEST0 *request, _In_ UINT64 filterId) {
    const FWPS_CONNECT_REQUEST0 *v;
    for (v = request->previousVersion; v != NULL; v = v->previousVersion)
        if (v->modifierFilterId != filterId && v->localRedirectHandle != NULL) return TRUE;
    return FALSE;
}

static void ExampleLoopback(_In_ ADDRESS_FAMILY family, _In_ USHORT port, _Out_ SOCKADDR_STORAGE *out) {
    RtlZeroMemory(out, sizeof(*out));
    if (family == AF_INET6) {
        SOCKADDR_IN6 *sin6 = (SOCKADDR_IN6 *)out;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = RtlUshortByteSwap(port);
        sin6->sin6_addr.s6_addr[15] = 1;
    } else {
        SOCKADDR_IN *sin = (SOCKADDR_IN *)out;
        sin->sin_family = AF_INET;
        sin->sin_port = RtlUshortByteSwap(port);
        sin->sin_addr.s_addr = RtlUlongByteSwap(0x7f000001);
    }
}

/* Points the connect at the proxy with the original destination as the redirect context. */
static void ExampleRedirect(_Inout_ FWPS_CONNECT_REQUEST0 *request, _In_ const EXAMPLE_PROXY_CONFIG *config) {
    SOCKADDR_STORAGE *context =
        (SOCKADDR_STORAGE *)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SOCKADDR_STORAGE), EXAMPLE_POOL_TAG);
    if (context != NULL) RtlCopyMemory(context, &request->remoteAddressAndPort, sizeof(SOCKADDR_STORAGE));

    ExampleLoopback(request->remoteAddressAndPort.ss_family, config->ProxyPort, &request->remoteAddressAndPort);
#ifndef EXAMPLE_BUG_NO_TARGET_PID
    request->localRedirectTargetPID = config->ProxyPid;
#endif
    request->localRedirectHandle = gRedirectHandle;
    request->localRedirectContext = context; /* WFP owns it once applied */
    request->localRedirectContextSize = context != NULL ? sizeof(SOCKADDR_STORAGE) : 0;
#ifdef EXAMPLE_BUG_CONTEXT_SIZE
    if (context != NULL) request->localRedirectContextSize = 2 * sizeof(SOCKADDR_STORAGE);
#endif
}

/* A classify pended for the worker: what it needs to finish it. */
typedef struct _EXAMPLE_PENDED {
    PIO_WORKITEM workItem;
    UINT64 classifyHandle;
    FWPS_CONNECT_REQUEST0 *request;
    EXAMPLE_PROXY_CONFIG config;
} EXAMPLE_PENDED;

/* The worker: redirect, apply (a pended classify's modification may be reauthorized if
 * another callout changed the request meanwhile), complete, release. */
static void ExampleFinishPended(_In_ PDEVICE_OBJECT deviceObject, _In_opt_ PVOID context) {
    EXAMPLE_PENDED *pended = (EXAMPLE_PENDED *)context;
    FWPS_CLASSIFY_OUT0 decision;
    UNREFERENCED_PARAMETER(deviceObject);
    ExampleRedirect(pended->request, &pended->config);
    FwpsApplyModifiedLayerData0(pended->classifyHandle, pended->request,
                                FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS);
    RtlZeroMemory(&decision, sizeof(decision));
    decision.actionType = FWP_ACTION_PERMIT;
#ifndef EXAMPLE_BUG_NEVER_COMPLETES
    FwpsCompleteClassify0(pended->classifyHandle, 0, &decision);
#endif
    FwpsReleaseClassifyHandle0(pended->classifyHandle);
    InterlockedIncrement(&gRedirectCount);
    IoFreeWorkItem(pended->workItem);
    ExFreePoolWithTag(pended, EXAMPLE_POOL_TAG);
}

/* Pends every EXAMPLE_PEND_EVERY-th redirect and queues the worker; FALSE to go on inline
 * (not this one, or no memory for it: a redirect is never dropped for want of a work item). */
static BOOLEAN ExamplePend(_In_ UINT64 classifyHandle, _In_ UINT64 filterId, _In_ FWPS_CONNECT_REQUEST0 *request,
                           _In_ const EXAMPLE_PROXY_CONFIG *config, _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut) {
    EXAMPLE_PENDED *pended;
    if (EXAMPLE_PEND_EVERY == 0 || gDevice == NULL || InterlockedIncrement(&gClassifyCount) % EXAMPLE_PEND_EVERY != 0)
        return FALSE;
    pended = (EXAMPLE_PENDED *)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*pended), EXAMPLE_POOL_TAG);
    if (pended == NULL) return FALSE;
    pended->workItem = IoAllocateWorkItem(gDevice);
    if (pended->workItem == NULL || !NT_SUCCESS(FwpsPendClassify0(classifyHandle, filterId, 0, classifyOut))) {
        if (pended->workItem != NULL) IoFreeWorkItem(pended->workItem);
        ExFreePoolWithTag(pended, EXAMPLE_POOL_TAG);
        return FALSE;
    }
    pended->classifyHandle = classifyHandle;
    pended->request = request;
    pended->config = *config;
    ExampleDecide(classifyOut, FWP_ACTION_BLOCK); /* until the worker completes it */
    IoQueueWorkItem(pended->workItem, ExampleFinishPended, DelayedWorkQueue, pended);
    return TRUE;
}

static void ExampleClassify(_In_ const EXAMPLE_FIELDS *fields, _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
                            _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
                            _In_opt_ const void *classifyContext, _In_ const FWPS_FILTER1 *filter,
                            _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut) {
    EXAMPLE_PROXY_CONFIG config;
    UINT64 classifyHandle = 0;
    FWPS_CONNECT_REQUEST0 *request = NULL;
    UINT8 protocol;
    KIRQL oldIrql;
    NTSTATUS status;

#ifndef EXAMPLE_BUG_NO_RIGHTS_CHECK
    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) return; /* a heavier filter decided */
#endif

    oldIrql = ExAcquireSpinLockShared(&gConfigLock);
    config = gConfig;
    ExReleaseSpinLockShared(&gConfigLock, oldIrql);
    if (config.ProxyPid == 0) return; /* the service is not running */

    protocol = inFixedValues->incomingValue[fields->protocol].value.uint8;
    if ((protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) ||
        inFixedValues->incomingValue[fields->remotePort].value.uint16 != config.RedirectPort) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
        return;
    }
    /* The proxy's own connections are never redirected, or it would loop. */
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID) &&
        inMetaValues->processId == config.ProxyPid) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
        return;
    }
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE)) {
        FWPS_CONNECTION_REDIRECT_STATE state =
            FwpsQueryConnectionRedirectState0(inMetaValues->redirectRecords, gRedirectHandle, NULL);
        if (state == FWPS_CONNECTION_REDIRECTED_BY_SELF) {
            ExampleDecide(classifyOut, FWP_ACTION_PERMIT); /* our proxy's outbound leg */
            return;
        }
#ifndef EXAMPLE_BUG_NO_LOOP_CHECK
        if (state == FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF) return;
#endif
    }

    status = FwpsAcquireClassifyHandle0((void *)classifyContext, 0, &classifyHandle);
    if (!NT_SUCCESS(status)) {
        ExampleDecide(classifyOut, FWP_ACTION_BLOCK);
        return;
    }
    status = FwpsAcquireWritableLayerDataPointer0(classifyHandle, filter->filterId, 0, (void **)&request, classifyOut);
    if (!NT_SUCCESS(status)) {
        FwpsReleaseClassifyHandle0(classifyHandle);
        ExampleDecide(classifyOut, FWP_ACTION_BLOCK);
        return;
    }
    if (ExampleOwnedByOtherProxy(request, filter->filterId)) {
        FwpsApplyModifiedLayerData0(classifyHandle, request, 0); /* unchanged, but every acquire is applied */
        FwpsReleaseClassifyHandle0(classifyHandle);
        ExampleDecide(classifyOut, FWP_ACTION_PERMIT);
        return;
    }

    if (ExamplePend(classifyHandle, filter->filterId, request, &config, classifyOut)) return;
    ExampleRedirect(request, &config);

#ifndef EXAMPLE_BUG_NO_APPLY
    FwpsApplyModifiedLayerData0(classifyHandle, request, 0);
#endif
#ifdef EXAMPLE_BUG_FREES_CONTEXT
    if (request->localRedirectContext != NULL) ExFreePoolWithTag(request->localRedirectContext, EXAMPLE_POOL_TAG);
#endif
#ifndef EXAMPLE_BUG_NO_RELEASE
    FwpsReleaseClassifyHandle0(classifyHandle);
#endif
    ExampleDecide(classifyOut, FWP_ACTION_PERMIT);
    InterlockedIncrement(&gRedirectCount);
}

void NTAPI ExampleClassifyV4(_In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
                             _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, _Inout_opt_ void *layerData,
                             _In_opt_ const void *classifyContext, _In_ const FWPS_FILTER1 *filter,
                             _In_ UINT64 flowContext, _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut) {
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(flowContext);
    ExampleClassify(&gFieldsV4, inFixedValues, inMetaValues, classifyContext, filter, classifyOut);
}

void NTAPI ExampleClassifyV6(_In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
                             _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, _Inout_opt_ void *layerData,
                             _In_opt_ const void *classifyContext, _In_ const FWPS_FILTER1 *filter,
                             _In_ UINT64 flowContext, _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut) {
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(flowContext);
    ExampleClassify(&gFieldsV6, inFixedValues, inMetaValues, classifyContext, filter, classifyOut);
}

NTSTATUS NTAPI ExampleNotify(_In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType, _In_ const GUID *filterKey,
                             _Inout_ FWPS_FILTER1 *filter) {
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}
