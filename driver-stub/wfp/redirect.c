/*
 * redirect.c: redirect handles, the redirect state a callout reads from a connection's
 * records, the SIO-format records helper, and pool memory.
 *
 * The state is read from the sealed records the proxy handed to its outbound socket: the
 * last hop redirected by this handle -> REDIRECTED_BY_SELF; an earlier hop -> PREVIOUSLY_
 * REDIRECTED_BY_SELF; hops by others only -> REDIRECTED_BY_OTHER; no records ->
 * NOT_REDIRECTED.  The context comes back only for the two *_SELF states (A45, A80).
 */
#include "engine_internal.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>

NTSTATUS FwpsRedirectHandleCreate0(const GUID *providerGuid, UINT32 flags, HANDLE *redirectHandle) {
    if (!providerGuid || !redirectHandle) return STATUS_FWP_NULL_POINTER;
    if (flags != 0) return STATUS_INVALID_PARAMETER; /* A74: reserved */
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_wfp_redirect_handle *h = ms_calloc(1, sizeof *h);
    if (!h) return STATUS_INSUFFICIENT_RESOURCES;
    ms_lock(e->w);
    h->provider = *providerGuid;
    h->serial = e->next_handle_serial++;
    h->live = true;
    h->next = e->handles;
    e->handles = h;
    ms_unlock(e->w);
    *redirectHandle = h;
    return STATUS_SUCCESS;
}

ms_wfp_redirect_handle *ms_wfp_handle_lookup(ms_wfp *e, HANDLE h) {
    for (ms_wfp_redirect_handle *x = e->handles; x; x = x->next)
        if (x == h) return x->live ? x : NULL;
    return NULL;
}

void FwpsRedirectHandleDestroy0(HANDLE redirectHandle) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return;
    ms_lock(e->w);
    ms_wfp_redirect_handle *h = ms_wfp_handle_lookup(e, redirectHandle);
    if (h)
        h->live = false; /* kept until the world ends, so a stale use is recognised */
    else
        ms_finding_locked(e->w, "wfp: FwpsRedirectHandleDestroy0 of a handle that is not live");
    ms_unlock(e->w);
}

static bool hop_is(const ms_records_hop *hop, const ms_wfp_redirect_handle *h) {
    return hop->handle_serial == h->serial && memcmp(hop->provider_guid, &h->provider, 16) == 0;
}

FWPS_CONNECTION_REDIRECT_STATE FwpsQueryConnectionRedirectState0(HANDLE redirectRecords, HANDLE redirectHandle,
                                                                 void **redirectContext) {
    if (redirectContext) *redirectContext = NULL;
    ms_wfp *e = ms_wfp_current();
    if (!e || !redirectRecords) return FWPS_CONNECTION_NOT_REDIRECTED;
    ms_lock(e->w);
    const ms_records *r = redirectRecords;
    ms_wfp_redirect_handle *h = ms_wfp_handle_lookup(e, redirectHandle);
    FWPS_CONNECTION_REDIRECT_STATE st = FWPS_CONNECTION_NOT_REDIRECTED;
    size_t n = ms_records_count(r);
    const ms_records_hop *self = NULL;
    if (!h) {
        ms_finding_locked(e->w, "wfp: FwpsQueryConnectionRedirectState0 with a redirect handle that is not live");
    } else if (n) {
        if (hop_is(ms_records_hop_at(r, n - 1), h)) {
            st = FWPS_CONNECTION_REDIRECTED_BY_SELF;
            self = ms_records_hop_at(r, n - 1);
        } else {
            st = FWPS_CONNECTION_REDIRECTED_BY_OTHER;
            for (size_t i = n - 1; i-- > 0;)
                if (hop_is(ms_records_hop_at(r, i), h)) {
                    st = FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF;
                    self = ms_records_hop_at(r, i);
                    break;
                }
            if (st == FWPS_CONNECTION_REDIRECTED_BY_OTHER && ms_fault_on(e->w, MS_FAULT_CONTEXT_FOR_OTHER))
                self = ms_records_hop_at(r, n - 1);
        }
    }
    if (self && redirectContext) {
        ms_flow *f = ms_wfp_flow_by_id(e, self->flow_id);
        *redirectContext = f ? f->context : NULL;
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpsQueryConnectionSioFormatRedirectRecords0(HANDLE redirectRecords, void *outputBuffer,
                                                      SIZE_T outputBufferLength, SIZE_T *bytesTransferred) {
    size_t n = 0;
    uint32_t st = ms_records_format_sio(redirectRecords, outputBuffer, outputBufferLength, &n);
    if (bytesTransferred) *bytesTransferred = n;
    return (NTSTATUS)st;
}

/* ------------------------------------------------------------------- pool */
void *ExAllocatePoolWithTag(POOL_TYPE type, SIZE_T size, ULONG tag) {
    (void)type, (void)tag;
    ms_wfp *e = ms_wfp_current();
    if (!e || size == 0 || size > (64u << 20)) return NULL;
    ms_wfp_pool *q = ms_calloc(1, sizeof *q);
    void *p = ms_malloc(size);
    if (!q || !p) {
        ms_free(q);
        ms_free(p);
        return NULL;
    }
    ms_lock(e->w);
    q->p = p;
    q->size = size;
    q->next = e->pool;
    if (e->pool) e->pool->prev = q;
    e->pool = q;
    e->npool++;
    if (ms_keymap_built(&e->pool_by_addr)) {
        ms_keymap_put(&e->pool_by_addr, (uint64_t)(uintptr_t)p, q);
    } else if (e->npool > MS_KEYMAP_MIN) { /* long enough to index (kernel/keymap.h) */
        for (ms_wfp_pool *x = e->pool; x; x = x->next)
            if (!ms_keymap_put(&e->pool_by_addr, (uint64_t)(uintptr_t)x->p, x)) break;
    }
    ms_unlock(e->w);
    return p;
}

ms_wfp_pool *ms_wfp_pool_find(ms_wfp *e, const void *p) {
    if (ms_keymap_built(&e->pool_by_addr)) return ms_keymap_get(&e->pool_by_addr, (uint64_t)(uintptr_t)p);
    for (ms_wfp_pool *q = e->pool; q; q = q->next)
        if (q->p == p) return q;
    return NULL;
}

/* Frees pool memory the model owns (a flow's context at flow end). */
void ms_wfp_pool_release(ms_wfp *e, void *p) {
    ms_wfp_pool *q = ms_wfp_pool_find(e, p);
    if (!q) return;
    if (q->prev)
        q->prev->next = q->next;
    else
        e->pool = q->next;
    if (q->next) q->next->prev = q->prev;
    e->npool--;
    ms_keymap_del(&e->pool_by_addr, (uint64_t)(uintptr_t)p);
    ms_free(q->p);
    ms_free(q);
}

void ExFreePoolWithTag(void *p, ULONG tag) {
    (void)tag;
    ms_wfp *e = ms_wfp_current();
    if (!e || !p) return;
    ms_lock(e->w);
    ms_wfp_pool *q = ms_wfp_pool_find(e, p);
    if (!q)
        ms_finding_locked(e->w, "verifier: ExFreePoolWithTag of memory that is not pool memory (or freed twice)");
    else if (q->owned_by_wfp)
        ms_finding_locked(e->w, "verifier A85: the callout freed a localRedirectContext whose ownership passed to WFP");
    else
        ms_wfp_pool_release(e, p);
    ms_unlock(e->w);
}
