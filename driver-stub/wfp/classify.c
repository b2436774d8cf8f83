/*
 * classify.c: the ALE_CONNECT_REDIRECT classify of one connect (or one UDP flow's first
 * datagram), and the calls a callout makes during it: classify handles, writable layer
 * data, apply, pend and complete (SEMANTICS 5, A74..A90).
 *
 * Filters run heaviest sublayer first, then heaviest filter.  Each callout sees the connect
 * request as the callouts before it left it, with their modifications on the
 * previousVersion chain.  A modification that moves the remote address to a local proxy
 * (with localRedirectHandle and localRedirectTargetPID) adds a hop; when the classify ends,
 * the hops are sealed onto any records the proxy's socket carried, and the flow takes the
 * records and the last context.  The verifier reports a broken callout obligation as a
 * finding (ms_finding_locked), never a crash.
 */
#include "engine_internal.h"
#include "../kernel/heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEW_HOPS 16

/* Kernel-private bytes a hop carries under records_size=large: real records are opaque and
 * of unknown size, and proxies use 1 KiB to 8 KiB buffers (A49), so the model can make them
 * large enough to exercise every buffer-size path. */
static const uint8_t large_hop_ext[3000] = {0x45, 0x58, 0x54};

struct ms_wfp_classify {
    ms_wfp *e;
    ms_connect_req req;
    uint8_t *set_copy;
    ms_records *prev; /* the records handle callouts query (set by the proxy) */
    FWPS_CONNECT_REQUEST0 base; /* the request as the application made it */
    FWPS_CONNECT_REQUEST0 *chain; /* latest modification; NULL while unmodified */
    FWPS_CONNECT_REQUEST0 *writable;
    FWPS_CONNECT_REQUEST0 snapshot;
    int applied;
    const ms_wfp_filter **order;
    size_t norder, idx;
    UINT64 cur_filter;
    const char *cur_driver; /* the driver of the callout now classifying, or NULL */
    const char *acquire_file; /* where it acquired writable layer data (call-site macros) */
    int acquire_line;
    ms_records_hop hops[MAX_NEW_HOPS];
    size_t nhops;
    void *context;
    size_t context_len;
    uint64_t flow_id;
    bool in_fn, pended, finished, blocked, cancelled;
    bool no_memory; /* blocked for want of memory: the connect fails with WSAENOBUFS, not WSAEACCES */
    bool was_pended; /* some filter pended: AUTH_CONNECT then sees IS_REAUTHORIZE */
    bool auth_phase; /* classifying at ALE_AUTH_CONNECT, after the redirect layer */
    bool permitted; /* a plain PERMIT ended the evaluation of sublayer permit_sublayer */
    GUID permit_sublayer;
    /* a plain PERMIT with FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT decided (a hard permit): the
     * lighter sublayers' callouts run without FWPS_RIGHT_ACTION_WRITE and may only veto it */
    bool hard_permit;
    bool no_write; /* the callout now classifying was handed no write right */
    int refs;
    ms_classify_done done;
    void *cookie;
    ms_wfp_classify *link; /* every live classify of the engine */
};

static const FWPS_CONNECT_REQUEST0 *effective(const ms_wfp_classify *cs) { return cs->chain ? cs->chain : &cs->base; }

/* " (driver NAME, CALL at FILE:LINE)" for a finding, as far as it is known. */
static const char *who(const ms_wfp_classify *cs, const char *call, const char *file, int line, char *buf, size_t n) {
    const char *driver = cs ? cs->cur_driver : NULL;
    if (!driver && !file) return "";
    if (driver && file)
        snprintf(buf, n, " (driver %s; %s at %s:%d)", driver, call, file, line);
    else if (driver)
        snprintf(buf, n, " (driver %s)", driver);
    else
        snprintf(buf, n, " (%s at %s:%d)", call, file, line);
    return buf;
}

static ms_wfp_classify *lookup(ms_wfp *e, UINT64 h) {
    for (ms_wfp_classify *cs = e->pended; cs; cs = cs->link)
        if ((UINT64)(uintptr_t)cs == h) return cs;
    return NULL;
}

static void unlink_classify(ms_wfp *e, ms_wfp_classify *cs) {
    for (ms_wfp_classify **pp = &e->pended; *pp; pp = &(*pp)->link)
        if (*pp == cs) {
            *pp = cs->link;
            return;
        }
}

static void free_classify(ms_wfp *e, ms_wfp_classify *cs) {
    for (FWPS_CONNECT_REQUEST0 *v = cs->chain; v;) {
        FWPS_CONNECT_REQUEST0 *p = v->previousVersion;
        ms_free(v);
        v = p;
    }
    ms_free(cs->writable);
    if (cs->context) ms_wfp_pool_release(e, cs->context);
    ms_records_free(cs->prev);
    ms_free(cs->set_copy);
    ms_free(cs->order);
    ms_free(cs);
}

static void maybe_free(ms_wfp *e, ms_wfp_classify *cs) {
    if (!cs->finished || cs->refs > 0 || cs->pended) return;
    unlink_classify(e, cs);
    free_classify(e, cs);
}

size_t ms_wfp_classify_destroy_all(ms_wfp *e) {
    size_t n = 0;
    for (; e->pended; n++) {
        ms_wfp_classify *cs = e->pended;
        e->pended = cs->link;
        free_classify(e, cs);
    }
    return n;
}

/* ----------------------------------------------------------- addresses */
static void to_hop_addr(const SOCKADDR_STORAGE *a, ms_records_addr *out) {
    memset(out, 0, sizeof *out);
    out->family = a->ss_family;
    out->port = ms_addr_port(a);
    if (a->ss_family == AF_INET)
        memcpy(out->addr, &((const struct sockaddr_in *)a)->sin_addr, 4);
    else {
        memcpy(out->addr, &((const struct sockaddr_in6 *)a)->sin6_addr, 16);
        out->scope_id = ((const struct sockaddr_in6 *)a)->sin6_scope_id;
    }
}

static bool is_loopback(const SOCKADDR_STORAGE *a) {
    if (a->ss_family == AF_INET) return (((const struct sockaddr_in *)a)->sin_addr.s_addr & 0xff) == 127;
    static const UCHAR one[16] = {[15] = 1};
    return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, one, 16) == 0;
}

static UINT32 v4_host(const SOCKADDR_STORAGE *a) {
    const UCHAR *b = (const UCHAR *)&((const struct sockaddr_in *)a)->sin_addr;
    return ((UINT32)b[0] << 24) | ((UINT32)b[1] << 16) | ((UINT32)b[2] << 8) | b[3];
}

/* ------------------------------------------------------------- running */
static int compare_filters(const void *a, const void *b) {
    const ms_wfp_filter *x = *(const ms_wfp_filter *const *)a, *y = *(const ms_wfp_filter *const *)b;
    if (x->f.subLayerWeight != y->f.subLayerWeight) return x->f.subLayerWeight > y->f.subLayerWeight ? -1 : 1;
    if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
    return x->f.filterId < y->f.filterId ? -1 : x->f.filterId > y->f.filterId;
}

/* Where each value sits in a layer's incoming values: the WDK's index enums, which differ
 * between the redirect and the AUTH_CONNECT layers (V4 and V6 of a layer agree). */
typedef struct {
    UINT32 max, app_id, user_id, local_addr, local_type, local_port, proto, remote_addr, remote_type, remote_port,
        flags, original_app_id, compartment;
} layer_fields;

static const layer_fields redirect_fields = {
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_MAX,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_APP_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_USER_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_ADDRESS_TYPE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_PROTOCOL,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_DESTINATION_ADDRESS_TYPE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_FLAGS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_ORIGINAL_APP_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_COMPARTMENT_ID,
};

static const layer_fields auth_fields = {
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_MAX,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_ALE_APP_ID,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_ALE_USER_ID,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_LOCAL_ADDRESS,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_LOCAL_ADDRESS_TYPE,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_LOCAL_PORT,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_DESTINATION_ADDRESS_TYPE,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_FLAGS,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_ALE_ORIGINAL_APP_ID,
    FWPS_FIELD_ALE_AUTH_CONNECT_V4_COMPARTMENT_ID,
};

_Static_assert((int)FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_MAX == (int)FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_MAX &&
                   (int)FWPS_FIELD_ALE_AUTH_CONNECT_V4_MAX == (int)FWPS_FIELD_ALE_AUTH_CONNECT_V6_MAX,
               "V4 and V6 layers share their index tables");
enum { MAX_FIELDS = FWPS_FIELD_ALE_AUTH_CONNECT_V4_MAX };

static const layer_fields *fields_of(UINT16 layer) {
    return layer == FWPS_LAYER_ALE_AUTH_CONNECT_V4 || layer == FWPS_LAYER_ALE_AUTH_CONNECT_V6 ? &auth_fields
                                                                                              : &redirect_fields;
}

static UINT32 field_index(const layer_fields *lf, int field) {
    const UINT32 index[WFP_CF_COUNT] = {[WFP_CF_PROTO] = lf->proto,
                                        [WFP_CF_LOCAL_PORT] = lf->local_port,
                                        [WFP_CF_REMOTE_PORT] = lf->remote_port,
                                        [WFP_CF_LOCAL_ADDR] = lf->local_addr,
                                        [WFP_CF_REMOTE_ADDR] = lf->remote_addr,
                                        [WFP_CF_APP_ID] = lf->app_id,
                                        [WFP_CF_FLAGS] = lf->flags};
    return index[field];
}

/* The data field identifier a condition on field has at layer (FWPS_FILTER_CONDITION0.fieldId). */
UINT16 ms_wfp_field_id(UINT16 layer, int field) { return (UINT16)field_index(fields_of(layer), field); }

/* The application id of a connect whose socket names no process (a request built by hand):
 * an NT image path in UTF-16LE with its terminator, as ALE_APP_ID is on Windows.  Sockets
 * carry their own process's (driver-stub/net/process.c). */
static const char app_path[] = "\\device\\harddiskvolume1\\program files\\wfpcert\\model-app.exe";
static UINT8 app_id_bytes[2 * sizeof app_path];
static FWP_BYTE_BLOB app_id = {sizeof app_id_bytes, app_id_bytes};

static FWP_BYTE_BLOB *app_id_blob(void) {
    if (!app_id_bytes[0])
        for (size_t i = 0; i < sizeof app_path; i++) app_id_bytes[2 * i] = (UINT8)app_path[i];
    return &app_id;
}

/* Evaluates f's conditions once; false when they exclude this connect.  When they hold, a plain
 * filter (c NULL: PERMIT or BLOCK) gives its own action in out and no classifyFn runs
 * (FWPM_ACTION0 reads calloutKey only for a callout action); a callout filter runs c. */
static bool call_one(ms_wfp_classify *cs, const ms_wfp_filter *f, const ms_wfp_callout *c, FWPS_CLASSIFY_OUT0 *out) {
    const FWPS_CONNECT_REQUEST0 *r = effective(cs);
    bool v6 = cs->req.af == AF_INET6;
    const layer_fields *lf = cs->auth_phase ? &auth_fields : &redirect_fields;
    FWPS_INCOMING_VALUE0 vals[MAX_FIELDS];
    FWP_BYTE_ARRAY16 local16, remote16;
    FWP_BYTE_BLOB app =
        cs->req.app_id ? (FWP_BYTE_BLOB){(UINT32)cs->req.app_id_len, (UINT8 *)cs->req.app_id} : *app_id_blob();
    memset(vals, 0, sizeof vals); /* every index below the layer's _MAX is FWP_EMPTY unless set */
    vals[lf->app_id].value = (FWP_VALUE0){.type = FWP_BYTE_BLOB_TYPE, .byteBlob = &app};
    vals[lf->original_app_id].value = vals[lf->app_id].value;
    vals[lf->compartment].value = (FWP_VALUE0){.type = FWP_UINT32, .uint32 = 1};
    vals[lf->proto].value = (FWP_VALUE0){.type = FWP_UINT8, .uint8 = (UINT8)cs->req.proto};
    vals[lf->local_port].value = (FWP_VALUE0){.type = FWP_UINT16, .uint16 = ms_addr_port(&r->localAddressAndPort)};
    vals[lf->remote_port].value = (FWP_VALUE0){.type = FWP_UINT16, .uint16 = ms_addr_port(&r->remoteAddressAndPort)};
    vals[lf->local_type].value = (FWP_VALUE0){.type = FWP_UINT8, .uint8 = NlatUnicast};
    vals[lf->remote_type].value = (FWP_VALUE0){.type = FWP_UINT8, .uint8 = NlatUnicast};
    if (v6) {
        memcpy(local16.byteArray16, &((const struct sockaddr_in6 *)&r->localAddressAndPort)->sin6_addr, 16);
        memcpy(remote16.byteArray16, &((const struct sockaddr_in6 *)&r->remoteAddressAndPort)->sin6_addr, 16);
        vals[lf->local_addr].value = (FWP_VALUE0){.type = FWP_BYTE_ARRAY16_TYPE, .byteArray16 = &local16};
        vals[lf->remote_addr].value = (FWP_VALUE0){.type = FWP_BYTE_ARRAY16_TYPE, .byteArray16 = &remote16};
    } else {
        vals[lf->local_addr].value = (FWP_VALUE0){.type = FWP_UINT32, .uint32 = v4_host(&r->localAddressAndPort)};
        vals[lf->remote_addr].value = (FWP_VALUE0){.type = FWP_UINT32, .uint32 = v4_host(&r->remoteAddressAndPort)};
    }
    UINT32 flags = cs->prev ? FWP_CONDITION_FLAG_IS_PROXY_CONNECTION : 0; /* A59 */
    bool show_redirect = cs->auth_phase && cs->nhops && !ms_fault_on(cs->e->w, MS_FAULT_AUTH_NO_REDIRECT_META);
    if (cs->auth_phase) {
        if (show_redirect) flags |= FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED; /* A89 */
        if (cs->was_pended) flags |= FWP_CONDITION_FLAG_IS_REAUTHORIZE;
    }
    vals[lf->flags].value = (FWP_VALUE0){.type = FWP_UINT32, .uint32 = flags};
    UINT32 index[WFP_CF_COUNT];
    for (int k = 0; k < WFP_CF_COUNT; k++) index[k] = field_index(lf, k);
    if (!ms_wfp_conditions_match(f->conds, f->nconds, vals, index)) return false;
    if (!c) {
        *out = (FWPS_CLASSIFY_OUT0){f->f.action.type, 0, f->f.filterId, 0, 0, 0};
        return true;
    }
    FWPS_INCOMING_VALUES0 in = {f->layer, lf->max, vals};
    FWPS_INCOMING_METADATA_VALUES0 meta = {.currentMetadataValues =
                                               FWPS_METADATA_FIELD_PROCESS_ID | FWPS_METADATA_FIELD_PROCESS_PATH,
                                           .processId = cs->req.pid,
                                           .processPath = &app};
    if (cs->prev) {
        meta.currentMetadataValues |= FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE;
        meta.redirectRecords = cs->prev;
    }
    if (show_redirect) {
        /* A89: the PID the last redirect named, and the destination before any redirect. */
        meta.currentMetadataValues |=
            FWPS_METADATA_FIELD_LOCAL_REDIRECT_TARGET_PID | FWPS_METADATA_FIELD_ORIGINAL_DESTINATION;
        meta.localRedirectTargetPID = cs->hops[cs->nhops - 1].target_pid;
        meta.originalDestination = (SOCKADDR *)&cs->req.remote;
    }
    /* Under a hard permit the callout sees that decision and no right to change it but by a
     * veto (FWPS_CLASSIFY_OUT0: "unless it is vetoing an FWP_ACTION_PERMIT"). */
    cs->no_write = cs->hard_permit;
    *out = (FWPS_CLASSIFY_OUT0){cs->no_write ? FWP_ACTION_PERMIT : FWP_ACTION_CONTINUE,
                                0,
                                f->f.filterId,
                                cs->no_write ? 0 : FWPS_RIGHT_ACTION_WRITE,
                                0,
                                0};
    cs->cur_filter = f->f.filterId;
    cs->cur_driver = c->driver;
    cs->in_fn = true;
    c->c.classifyFn(&in, &meta, NULL, cs, &f->f, 0, out);
    cs->in_fn = false;
    return true;
}

/* Verifier checks when the callout is done with the current filter (A81, A82, A88). */
static void filter_done(ms_wfp_classify *cs, const FWPS_CLASSIFY_OUT0 *out, bool pended_now) {
    ms_world *w = cs->e->w;
    if (pended_now) {
        if (out->actionType != FWP_ACTION_BLOCK || (out->rights & FWPS_RIGHT_ACTION_WRITE))
            ms_finding_locked(w, "verifier A88: filter %llu pended without BLOCK and a cleared write right",
                              (unsigned long long)cs->cur_filter);
        return;
    }
    if (cs->writable && !cs->applied) {
        char b[512];
        ms_finding_locked(
            w, "verifier A82: filter %llu acquired writable layer data and never applied it%s",
            (unsigned long long)cs->cur_filter,
            who(cs, "FwpsAcquireWritableLayerDataPointer0", cs->acquire_file, cs->acquire_line, b, sizeof b));
    }
    ms_free(cs->writable);
    cs->writable = NULL;
    cs->applied = 0;
}

/* Runs the remaining filters; false if one pended.  Arbitration as "Filter Arbitration"
 * (learn.microsoft.com/windows/win32/fwp/filter-arbitration) documents it: sublayers are
 * traversed from the highest priority to the lowest; within one, matching filters are
 * evaluated from the highest weight down until one returns Permit or Block, and the rest of
 * that sublayer is skipped; every sublayer is evaluated, and Block overrides Permit.  So a
 * plain filter whose conditions hold decides: BLOCK refuses the connect, PERMIT ends its own
 * sublayer while the other sublayers still run.  The model ends the layer at a Block, since
 * no later filter can undo it here; a callout's PERMIT still lets the lighter callouts of its
 * sublayer run, as before.  A plain PERMIT whose filter clears the action right
 * (FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT) is the page's hard permit: "only a callout veto can
 * block the traffic in another sublayer", so a lighter plain BLOCK is passed over and a lighter
 * callout runs without FWPS_RIGHT_ACTION_WRITE, where only its BLOCK (the veto) counts.  The
 * rights a callout hands back are not carried to the next sublayer (its own decisions stay
 * as they were: its BLOCK ends the layer, its PERMIT does not). */
static bool run_filters(ms_wfp_classify *cs) {
    while (cs->idx < cs->norder && !cs->blocked) {
        const ms_wfp_filter *f = cs->order[cs->idx];
        bool callout = (f->f.action.type & FWP_ACTION_FLAG_CALLOUT) != 0;
        const ms_wfp_callout *c = callout ? ms_wfp_callout_by_id(cs->e, f->f.action.calloutId) : NULL;
        bool plain = f->f.action.type == FWP_ACTION_BLOCK || f->f.action.type == FWP_ACTION_PERMIT;
        bool skipped = cs->permitted && memcmp(&f->sublayer_key, &cs->permit_sublayer, sizeof(GUID)) == 0;
        if (!f->live || (callout ? !c : !plain) || skipped) {
            cs->idx++;
            continue;
        }
        FWPS_CLASSIFY_OUT0 out;
        if (!call_one(cs, f, c, &out)) { /* its conditions do not hold: the filter does not apply */
            cs->idx++;
            continue;
        }
        if (!c) { /* a plain filter: no classifyFn ran, no callout obligations to check */
            if (out.actionType == FWP_ACTION_BLOCK) {
                cs->blocked = !cs->hard_permit; /* a plain filter cannot veto */
            } else {
                cs->permitted = true;
                cs->permit_sublayer = f->sublayer_key;
                if (f->f.flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) cs->hard_permit = true;
            }
            cs->idx++;
            continue;
        }
        filter_done(cs, &out, cs->pended);
        if (cs->pended) return false;
        if (out.actionType == FWP_ACTION_BLOCK) cs->blocked = true;
        cs->idx++;
    }
    return true;
}

static void finalize(ms_wfp_classify *cs, ms_connect_res *res) {
    ms_wfp *e = cs->e;
    memset(res, 0, sizeof *res);
    res->remote = effective(cs)->remoteAddressAndPort;
    res->status = cs->no_memory ? STATUS_INSUFFICIENT_RESOURCES : cs->blocked ? STATUS_ACCESS_DENIED : STATUS_SUCCESS;
    cs->finished = true;
    if (cs->blocked || !cs->nhops) return;
    res->target_pid = cs->hops[cs->nhops - 1].target_pid;
    ms_records *rec = NULL;
    int r = MS_REC_OK;
    for (size_t i = 0; i < cs->nhops && r == MS_REC_OK; i++) {
        ms_records *next = NULL;
        const ms_records *base = rec ? rec : cs->prev;
        r = base ? ms_records_create_extended(e->key, base, &cs->hops[i], &next)
                 : ms_records_create(e->key, &cs->hops[i], 1, &next);
        ms_records_free(rec);
        rec = next;
    }
    ms_flow *flow = r == MS_REC_OK ? ms_wfp_flow_new(e, cs->flow_id) : NULL;
    if (!flow) {
        /* A chain the records cannot hold (over 64 hops or 64 KiB): the connect fails. */
        ms_records_free(rec);
        ms_finding_locked(e->w, "wfp: redirect records could not be sealed: %s", ms_records_strerror(r));
        res->status = STATUS_INSUFFICIENT_RESOURCES;
        return;
    }
    flow->records = rec;
    flow->context = cs->context;
    flow->context_len = cs->context_len;
    cs->context = NULL;
    res->flow = flow;
}

/* The live filters of a layer in classify order; false when out of memory. */
static bool collect(ms_wfp_classify *cs, UINT16 layer) {
    ms_wfp *e = cs->e;
    size_t n = 0;
    for (size_t i = 0; i < e->nfilters; i++) n += e->filters[i].live && e->filters[i].layer == layer;
    ms_free(cs->order);
    cs->order = ms_calloc(n ? n : 1, sizeof *cs->order);
    cs->norder = cs->idx = 0;
    cs->permitted = cs->hard_permit = false;
    if (!cs->order) return false;
    for (size_t i = 0; i < e->nfilters; i++)
        if (e->filters[i].live && e->filters[i].layer == layer) cs->order[cs->norder++] = &e->filters[i];
    qsort(cs->order, cs->norder, sizeof *cs->order, compare_filters);
    return true;
}

static bool has_filters(ms_wfp *e, UINT16 a, UINT16 b) {
    for (size_t i = 0; i < e->nfilters; i++)
        if (e->filters[i].live && (e->filters[i].layer == a || e->filters[i].layer == b)) return true;
    return false;
}

/* ALE_AUTH_CONNECT, once the redirect layer has decided: its filters see the outcome
 * (IS_CONNECTION_REDIRECTED, LOCAL_REDIRECT_TARGET_PID, ORIGINAL_DESTINATION: A89; and
 * IS_PROXY_CONNECTION: A59).  The model classifies this layer inline; a pend there is refused. */
static void run_auth(ms_wfp_classify *cs) {
    if (cs->blocked) return;
    bool v6 = cs->req.af == AF_INET6;
    cs->auth_phase = true;
    if (!collect(cs, v6 ? FWPS_LAYER_ALE_AUTH_CONNECT_V6 : FWPS_LAYER_ALE_AUTH_CONNECT_V4)) {
        cs->blocked = cs->no_memory = true;
        return;
    }
    run_filters(cs);
}

NTSTATUS ms_wfp_connect_locked(ms_world *w, const ms_connect_req *req, ms_connect_res *res, ms_classify_done done,
                               void *cookie) {
    memset(res, 0, sizeof *res);
    res->remote = req->remote;
    res->status = STATUS_SUCCESS;
    ms_wfp *e = ms_wfp_get(w);
    if (!e) return STATUS_SUCCESS;
    bool v6 = req->af == AF_INET6;
    UINT16 redirect = v6 ? FWPS_LAYER_ALE_CONNECT_REDIRECT_V6 : FWPS_LAYER_ALE_CONNECT_REDIRECT_V4;
    if (!has_filters(e, redirect, v6 ? FWPS_LAYER_ALE_AUTH_CONNECT_V6 : FWPS_LAYER_ALE_AUTH_CONNECT_V4))
        return STATUS_SUCCESS; /* nothing to classify: the fast path fuzzing and benchmarks take */
    ms_wfp_classify *cs = ms_calloc(1, sizeof *cs);
    if (!cs) return res->status = STATUS_INSUFFICIENT_RESOURCES;
    cs->e = e;
    cs->req = *req;
    if (!collect(cs, redirect)) {
        free_classify(e, cs);
        return res->status = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (req->set_records && req->set_records_len) {
        int rc = ms_records_import(e->key, req->set_records, req->set_records_len, &cs->prev);
        if (rc == MS_REC_E_NOMEM) { /* the records it carries must not be lost: no memory, no connect */
            free_classify(e, cs);
            return res->status = STATUS_INSUFFICIENT_RESOURCES;
        }
        if (rc != MS_REC_OK) cs->prev = NULL;
    }
    cs->base.localAddressAndPort = req->local;
    cs->base.remoteAddressAndPort = req->remote;
    cs->flow_id = e->next_flow_id++;
    /* The live list doubles as the handle table for classify handles. */
    cs->link = e->pended;
    e->pended = cs;
    if (!run_filters(cs)) {
        cs->done = done;
        cs->cookie = cookie;
        if (!done) cs->cancelled = true; /* nobody waits: finish silently when completed */
        return res->status = STATUS_PENDING;
    }
    run_auth(cs);
    finalize(cs, res);
    maybe_free(e, cs);
    return res->status;
}

void ms_wfp_cancel_locked(ms_world *w, void *cookie) {
    ms_wfp *e = ms_wfp_get(w);
    if (!e) return;
    for (ms_wfp_classify *cs = e->pended; cs; cs = cs->link)
        if (cs->pended && cs->cookie == cookie && cs->done) {
            cs->cancelled = true;
            cs->done = NULL;
        }
}

/* --------------------------------------------------- the callout's calls */
/* Every call below takes the world lock (recursive), so a callout may call from inside
 * classifyFn, where the stack already holds it, or later from its own worker. */
static ms_wfp_classify *enter(UINT64 h, ms_wfp **pe) {
    ms_wfp *e = ms_wfp_current();
    *pe = e;
    if (!e) return NULL;
    ms_lock(e->w);
    return lookup(e, h);
}

NTSTATUS FwpsAcquireClassifyHandle0(void *classifyContext, UINT32 flags, UINT64 *classifyHandle) {
    ms_wfp *e;
    ms_wfp_classify *cs = enter((UINT64)(uintptr_t)classifyContext, &e);
    if (!e) return STATUS_DEVICE_NOT_READY;
    NTSTATUS st = STATUS_SUCCESS;
    if (!cs || !classifyHandle || flags)
        st = STATUS_INVALID_PARAMETER;
    else {
        cs->refs++;
        *classifyHandle = (UINT64)(uintptr_t)cs;
    }
    ms_unlock(e->w);
    return st;
}

void FwpsReleaseClassifyHandle0(UINT64 classifyHandle) {
    const char *file;
    int line;
    ms_wfp_site_take(&file, &line);
    ms_wfp *e;
    ms_wfp_classify *cs = enter(classifyHandle, &e);
    if (!e) return;
    char b[512];
    if (!cs || cs->refs <= 0)
        ms_finding_locked(e->w, "verifier: FwpsReleaseClassifyHandle0 of a handle not acquired%s",
                          who(cs, "FwpsReleaseClassifyHandle0", file, line, b, sizeof b));
    else {
        cs->refs--;
        maybe_free(e, cs);
    }
    ms_unlock(e->w);
}

NTSTATUS FwpsAcquireWritableLayerDataPointer0(UINT64 classifyHandle, UINT64 filterId, UINT32 flags,
                                              void **writableLayerData, FWPS_CLASSIFY_OUT0 *classifyOut) {
    const char *file;
    int line;
    ms_wfp_site_take(&file, &line);
    ms_wfp *e;
    ms_wfp_classify *cs = enter(classifyHandle, &e);
    if (!e) return STATUS_DEVICE_NOT_READY;
    NTSTATUS st = STATUS_SUCCESS;
    if (!cs || !writableLayerData || !classifyOut || flags || cs->finished || cs->auth_phase) {
        st = STATUS_INVALID_PARAMETER;
    } else if (cs->writable) {
        ms_finding_locked(e->w, "verifier A82: filter %llu acquired writable layer data twice",
                          (unsigned long long)filterId);
        st = STATUS_INVALID_PARAMETER;
    } else if (!(cs->writable = ms_malloc(sizeof *cs->writable))) {
        st = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        cs->acquire_file = file;
        cs->acquire_line = line;
        *cs->writable = *effective(cs);
        cs->writable->previousVersion = cs->chain;
        cs->writable->modifierFilterId = filterId;
        cs->snapshot = *cs->writable;
        cs->applied = 0;
        *writableLayerData = cs->writable;
        /* A81: acquiring blocks the flow and takes the write right until the callout decides. */
        if (!ms_fault_on(e->w, MS_FAULT_ACQUIRE_KEEPS_RIGHTS)) {
            classifyOut->actionType = FWP_ACTION_BLOCK;
            classifyOut->rights &= ~(UINT32)FWPS_RIGHT_ACTION_WRITE;
        }
    }
    ms_unlock(e->w);
    return st;
}

/* A83: only these fields may change; the rest are restored and reported. */
static void protect_fields(ms_wfp_classify *cs, FWPS_CONNECT_REQUEST0 *d) {
    const FWPS_CONNECT_REQUEST0 *s = &cs->snapshot;
    if (memcmp(&d->localAddressAndPort, &s->localAddressAndPort, sizeof s->localAddressAndPort) ||
        d->previousVersion != s->previousVersion || d->modifierFilterId != s->modifierFilterId) {
        ms_finding_locked(cs->e->w,
                          "verifier A83: filter %llu wrote a field it may not write "
                          "(localAddressAndPort, previousVersion or modifierFilterId)",
                          (unsigned long long)cs->cur_filter);
        d->localAddressAndPort = s->localAddressAndPort;
        d->previousVersion = s->previousVersion;
        d->modifierFilterId = s->modifierFilterId;
    }
}

/* Verifier: a redirect of a flow the callout must leave alone (A76, A77, A86). */
static void check_may_redirect(ms_wfp_classify *cs, HANDLE handle) {
    ms_world *w = cs->e->w;
    if (cs->prev && handle) {
        FWPS_CONNECTION_REDIRECT_STATE st = FwpsQueryConnectionRedirectState0(cs->prev, handle, NULL);
        if (st == FWPS_CONNECTION_REDIRECTED_BY_SELF || st == FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF)
            ms_finding_locked(w, "verifier %s: filter %llu redirected a connection it had already redirected",
                              st == FWPS_CONNECTION_REDIRECTED_BY_SELF ? "A76" : "A77",
                              (unsigned long long)cs->cur_filter);
    }
    for (const FWPS_CONNECT_REQUEST0 *v = cs->chain; v; v = v->previousVersion)
        if (v->modifierFilterId != cs->cur_filter && v->localRedirectHandle) {
            ms_finding_locked(w,
                              "verifier A86: filter %llu redirected a flow another callout already sent "
                              "to a local proxy",
                              (unsigned long long)cs->cur_filter);
            break;
        }
}

static void take_context(ms_wfp_classify *cs, FWPS_CONNECT_REQUEST0 *d) {
    /* A size with nothing behind it: a stack that copied the context out would read it from
     * address 0. */
    if (!d->localRedirectContext && d->localRedirectContextSize &&
        d->localRedirectContextSize != cs->snapshot.localRedirectContextSize) {
        ms_finding_locked(cs->e->w, "verifier: localRedirectContextSize %zu with no localRedirectContext",
                          (size_t)d->localRedirectContextSize);
        d->localRedirectContextSize = 0;
    }
    /* An apply that leaves the context as it was handed out (an earlier callout's, A82's
     * "apply even if unchanged") hands nothing over. */
    if (!d->localRedirectContext || d->localRedirectContext == cs->snapshot.localRedirectContext) return;
    ms_wfp_pool *q = ms_wfp_pool_find(cs->e, d->localRedirectContext);
    if (!q || q->owned_by_wfp) {
        ms_finding_locked(cs->e->w, "verifier A85: localRedirectContext is not pool memory the callout owns");
        return;
    }
    if (d->localRedirectContextSize > q->size || d->localRedirectContextSize == 0) {
        ms_finding_locked(cs->e->w, "verifier: localRedirectContextSize %zu does not match the allocation (%zu)",
                          (size_t)d->localRedirectContextSize, q->size);
        d->localRedirectContextSize = q->size;
    }
    q->owned_by_wfp = true; /* A85: WFP frees it when the flow ends */
    if (cs->context) ms_wfp_pool_release(cs->e, cs->context);
    cs->context = d->localRedirectContext;
    cs->context_len = d->localRedirectContextSize;
}

void FwpsApplyModifiedLayerData0(UINT64 classifyHandle, void *modifiedLayerData, UINT32 flags) {
    const char *file;
    int line;
    ms_wfp_site_take(&file, &line);
    ms_wfp *e;
    ms_wfp_classify *cs = enter(classifyHandle, &e);
    if (!e) return;
    ms_world *w = e->w;
    if (!cs || !cs->writable || modifiedLayerData != cs->writable) {
        char b[512];
        ms_finding_locked(w, "verifier A82: FwpsApplyModifiedLayerData0 of data that was not acquired%s",
                          who(cs, "FwpsApplyModifiedLayerData0", file, line, b, sizeof b));
        goto out;
    }
    if (cs->applied++) {
        ms_finding_locked(w, "verifier A82: filter %llu applied the same layer data twice",
                          (unsigned long long)cs->cur_filter);
        goto out;
    }
    if ((flags & FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS) && cs->in_fn && !cs->pended)
        ms_finding_locked(w, "verifier C16: REAUTHORIZE_IF_MODIFIED_BY_OTHERS on an inline classify "
                             "(the DDI says flags must be 0 there)");
    FWPS_CONNECT_REQUEST0 *d = cs->writable;
    protect_fields(cs, d);
    const FWPS_CONNECT_REQUEST0 *cur = effective(cs);
    if (cs->no_write && !ms_addr_equal(&d->remoteAddressAndPort, &cur->remoteAddressAndPort)) {
        /* WDK-REDIR, "Handling Connect Redirection from Multiple Callouts": without the write
         * right a callout may return only a BLOCK that vetoes; a redirect is a PERMIT. */
        ms_finding_locked(w,
                          "verifier: filter %llu redirected a connection it was handed without "
                          "FWPS_RIGHT_ACTION_WRITE (a heavier filter's hard permit); not honoured",
                          (unsigned long long)cs->cur_filter);
        d->remoteAddressAndPort = cur->remoteAddressAndPort;
    }
    if (!ms_addr_equal(&d->remoteAddressAndPort, &cur->remoteAddressAndPort)) {
        ms_wfp_redirect_handle *h = d->localRedirectHandle ? ms_wfp_handle_lookup(e, d->localRedirectHandle) : NULL;
        if (is_loopback(&d->remoteAddressAndPort) && (!h || !d->localRedirectTargetPID)) {
            /* A84: a loopback redirect needs a live redirect handle and a target PID. */
            ms_finding_locked(w,
                              "verifier A84: filter %llu redirected to loopback without a live "
                              "localRedirectHandle and localRedirectTargetPID; not honoured",
                              (unsigned long long)cs->cur_filter);
            d->remoteAddressAndPort = cur->remoteAddressAndPort;
        } else {
            check_may_redirect(cs, d->localRedirectHandle);
            FWPS_CONNECT_REQUEST0 *v = ms_malloc(sizeof *v);
            if (!v) cs->blocked = cs->no_memory = true; /* a redirect that cannot be kept is no connect */
            if (v) {
                *v = *d;
                v->previousVersion = cs->chain;
                v->modifierFilterId = cs->cur_filter;
                cs->chain = v;
                if (h && cs->nhops < MAX_NEW_HOPS) {
                    ms_records_hop *hop = &cs->hops[cs->nhops++];
                    memset(hop, 0, sizeof *hop);
                    memcpy(hop->provider_guid, &h->provider, 16);
                    hop->handle_serial = h->serial;
                    hop->filter_id = cs->cur_filter;
                    hop->flow_id = cs->flow_id;
                    hop->target_pid = d->localRedirectTargetPID;
                    to_hop_addr(&cur->remoteAddressAndPort, &hop->original_remote);
                    to_hop_addr(&d->remoteAddressAndPort, &hop->redirected_to);
                    if (ms_knob_value(w, MS_KNOB_RECORDS_SIZE) == 1) {
                        hop->ext = large_hop_ext;
                        hop->ext_len = sizeof large_hop_ext;
                    }
                }
            }
        }
    }
    take_context(cs, d);
out:
    ms_unlock(w);
}

NTSTATUS FwpsPendClassify0(UINT64 classifyHandle, UINT64 filterId, UINT32 flags, FWPS_CLASSIFY_OUT0 *classifyOut) {
    (void)filterId;
    const char *file;
    int line;
    ms_wfp_site_take(&file, &line); /* nothing to report about a pend's site; the next call starts clean */
    ms_wfp *e;
    ms_wfp_classify *cs = enter(classifyHandle, &e);
    if (!e) return STATUS_DEVICE_NOT_READY;
    NTSTATUS st = STATUS_SUCCESS;
    if (!cs || !classifyOut || flags)
        st = STATUS_INVALID_PARAMETER;
    else if (!cs->in_fn || cs->pended || cs->auth_phase)
        st = STATUS_FWP_CANNOT_PEND; /* A88: only from inside classifyFn, once; not at AUTH_CONNECT in the model */
    else {
        cs->pended = true;
        cs->was_pended = true;
        cs->refs++; /* A88: the pend holds a reference on the classify handle */
    }
    ms_unlock(e->w);
    return st;
}

void FwpsCompleteClassify0(UINT64 classifyHandle, UINT32 flags, const FWPS_CLASSIFY_OUT0 *classifyOut) {
    const char *file;
    int line;
    ms_wfp_site_take(&file, &line);
    ms_wfp *e;
    ms_wfp_classify *cs = enter(classifyHandle, &e);
    if (!e) return;
    ms_world *w = e->w;
    if (!cs || !cs->pended) {
        char b[512];
        ms_finding_locked(w, "verifier A88: FwpsCompleteClassify0 of a classify that is not pended%s",
                          who(cs, "FwpsCompleteClassify0", file, line, b, sizeof b));
        ms_unlock(w);
        return;
    }
    if (flags) {
        /* "FwpsCompleteClassify0", flags: "Reserved. Callout drivers should set this parameter
         * to zero."  A driver that passes something there relies on what no release promises. */
        char b[512];
        ms_finding_locked(w, "verifier A88: FwpsCompleteClassify0 with flags 0x%x, which are reserved and must be 0%s",
                          (unsigned)flags, who(cs, "FwpsCompleteClassify0", file, line, b, sizeof b));
    }
    cs->pended = false;
    cs->refs--;
    /* The classifyOut given here is the final decision (DDI); NULL reauthorizes: the
     * modified data stands (A88). */
    if (classifyOut && classifyOut->actionType == FWP_ACTION_BLOCK) {
        cs->blocked = true;
    }
    filter_done(cs, &(FWPS_CLASSIFY_OUT0){FWP_ACTION_CONTINUE, 0, 0, 0, 0, 0}, false);
    cs->idx++;
    if (run_filters(cs)) {
        ms_connect_res res;
        run_auth(cs);
        finalize(cs, &res);
        if (cs->done && !cs->cancelled)
            cs->done(w, cs->cookie, &res);
        else if (res.flow)
            ms_flow_unref_locked(w, res.flow);
        cs->done = NULL;
    }
    maybe_free(e, cs);
    ms_unlock(w);
}
