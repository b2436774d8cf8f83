/*
 * pend.c: the out-of-band path (WFPSampler's TriggerProxyByALERedirectOutOfBand and the
 * purge that ends it), with the test thread standing in for the DPC or work item.
 *
 * What: classifyFn pends the acquired classify and returns BLOCK without the write right
 * (A81, A88); ms_callout_complete_pended later modifies the held layer data, applies it with
 * FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS (the pended-only flag, SEMANTICS 5),
 * completes with a PERMIT decision and releases the handle.  Unload completes what is left
 * as BLOCK, because a callout may not go away with classifies pended on it.
 * Why records are taken off the list before any WFP call: completing may reauthorize, and
 * the reauthorization classifies again on this thread, which takes the instance lock.
 */
#include <string.h>

#include "callout_internal.h"

NTSTATUS ms_callout_pend_classify(ms_callout_driver *d, UINT64 classifyHandle, FWPS_CONNECT_REQUEST0 *request,
                                  UINT64 filterId, FWPS_CLASSIFY_OUT0 *classifyOut) {
    /* The record first: once pended, running out of memory would strand the classify. */
    ms_callout_pended *rec = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *rec, MS_CALLOUT_POOL_TAG_DRIVER);
    if (!rec) return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS st = FwpsPendClassify0(classifyHandle, filterId, 0, classifyOut);
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(rec, MS_CALLOUT_POOL_TAG_DRIVER);
        return st;
    }
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->rights &= ~(UINT32)FWPS_RIGHT_ACTION_WRITE;
    rec->classifyHandle = classifyHandle;
    rec->request = request;
    rec->filterId = filterId;
    pthread_mutex_lock(&d->lock);
    rec->next = d->pended;
    d->pended = rec;
    d->stats.pended++;
    pthread_mutex_unlock(&d->lock);
    return STATUS_SUCCESS;
}

/* One pended classify to its end: modify (or not), apply, complete, release. */
static void finish_one(ms_callout_driver *d, ms_callout_pended *rec, int redirect) {
    FWPS_CLASSIFY_OUT0 decision;
    memset(&decision, 0, sizeof decision);
    decision.actionType = FWP_ACTION_BLOCK;
    if (redirect && NT_SUCCESS(ms_callout_redirect_request(d, rec->request))) decision.actionType = FWP_ACTION_PERMIT;
    /* rights stay 0: the decision is final, like the inline path's. */
    FwpsApplyModifiedLayerData0(rec->classifyHandle, rec->request,
                                FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS);
    FwpsCompleteClassify0(rec->classifyHandle, 0, &decision);
    FwpsReleaseClassifyHandle0(rec->classifyHandle);

    pthread_mutex_lock(&d->lock);
    d->stats.completed++;
    if (decision.actionType == FWP_ACTION_PERMIT)
        d->stats.redirected++;
    else
        d->stats.blocked++;
    pthread_mutex_unlock(&d->lock);
}

int ms_callout_finish_pended(ms_callout_driver *d, int redirect) {
    pthread_mutex_lock(&d->lock);
    ms_callout_pended *list = d->pended;
    d->pended = NULL;
    pthread_mutex_unlock(&d->lock);

    /* The list is newest first; complete in arrival order. */
    ms_callout_pended *oldestFirst = NULL;
    while (list) {
        ms_callout_pended *next = list->next;
        list->next = oldestFirst;
        oldestFirst = list;
        list = next;
    }
    int n = 0;
    while (oldestFirst) {
        ms_callout_pended *rec = oldestFirst;
        oldestFirst = rec->next;
        finish_one(d, rec, redirect);
        ExFreePoolWithTag(rec, MS_CALLOUT_POOL_TAG_DRIVER);
        n++;
    }
    return n;
}
