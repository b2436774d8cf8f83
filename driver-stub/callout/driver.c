/*
 * driver.c: the test callout's DriverEntry and Unload, one instance per vendor.
 *
 * What a real callout does once at load, done per instance here: add the vendor's provider
 * (FwpmProviderAdd0), create the redirect handle with its GUID and cache it (A74), register
 * the classifyFn for ALE_CONNECT_REDIRECT_V4 and _V6 (FwpsCalloutRegister1: connect
 * redirection needs classifyFn1 or later, SEMANTICS 5 "Layers") and add its management
 * object (FwpmCalloutAdd0), add the vendor's sublayer and one filter per layer whose
 * rawContext points back at the instance; the management objects in one transaction, so a
 * load that fails leaves none.  Unload undoes it in reverse order (the provider
 * and the sublayer stay) and returns the first status WFP failed, so that a case can unload a
 * vendor during a run and require every delete to succeed.
 *
 * Why a table of instances: the filter context is the only thing classifyFn gets to find
 * "its" driver state, and checking it against the loaded instances turns a stale context
 * (a classify racing an unload in a buggy engine) into "not ours" rather than a use after free.
 */
#include <string.h>

#include "callout_internal.h"

#define MS_CALLOUT_MAX_INSTANCES 16

static pthread_mutex_t g_table_lock = PTHREAD_MUTEX_INITIALIZER;
static ms_callout_driver *g_instances[MS_CALLOUT_MAX_INSTANCES];

/* Every key of a vendor differs from the next vendor's only in the last byte, and from the
 * vendor's other keys only in the low byte of Data1, so a dump of the model is readable. */
enum {
    KEY_PROVIDER,
    KEY_SUBLAYER,
    KEY_CALLOUT_V4,
    KEY_CALLOUT_V6,
    KEY_FILTER_V4,
    KEY_FILTER_V6,
    KEY_CALLOUT_AUTH_V4,
    KEY_CALLOUT_AUTH_V6,
    KEY_FILTER_AUTH_V4,
    KEY_FILTER_AUTH_V6
};

static GUID vendor_key(char vendor, unsigned kind) {
    GUID g = {0x7c0a1100u | kind, 0x57f9, 0x4c3e, {0x9a, 0x51, 0x74, 0x63, 0x61, 0x6c, 0x6c, 0}};
    g.Data4[7] = (UINT8)vendor;
    return g;
}

static const GUID *const g_layers[MS_CALLOUT_LAYER_COUNT] = {
    &FWPM_LAYER_ALE_CONNECT_REDIRECT_V4, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V6, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,
    &FWPM_LAYER_ALE_AUTH_CONNECT_V6};

/* How many of g_layers this instance registers at. */
static int layer_count(const ms_callout_driver *d) {
    return d->policy.observe_auth ? MS_CALLOUT_LAYER_COUNT : MS_CALLOUT_REDIRECT_LAYERS;
}

static int table_insert(ms_callout_driver *d) {
    int ok = 0;
    pthread_mutex_lock(&g_table_lock);
    for (int i = 0; i < MS_CALLOUT_MAX_INSTANCES && !ok; i++)
        if (!g_instances[i]) {
            g_instances[i] = d;
            ok = 1;
        }
    pthread_mutex_unlock(&g_table_lock);
    return ok;
}

void ms_callout_driver_adopt(ms_callout_driver *d) {
    pthread_mutex_lock(&g_table_lock);
    int slot = -1, present = 0;
    for (int i = 0; i < MS_CALLOUT_MAX_INSTANCES; i++) {
        present |= g_instances[i] == d;
        if (!g_instances[i] && slot < 0) slot = i;
    }
    if (!present && slot >= 0) g_instances[slot] = d;
    pthread_mutex_unlock(&g_table_lock);
}

static void table_remove(ms_callout_driver *d) {
    pthread_mutex_lock(&g_table_lock);
    for (int i = 0; i < MS_CALLOUT_MAX_INSTANCES; i++)
        if (g_instances[i] == d) g_instances[i] = NULL;
    pthread_mutex_unlock(&g_table_lock);
}

void ms_callout_driver_disown(ms_callout_driver *d) { table_remove(d); }

ms_callout_driver *ms_callout_instance_from_filter(const FWPS_FILTER1 *filter) {
    if (!filter) return NULL;
    ms_callout_driver *want = (ms_callout_driver *)(uintptr_t)filter->context, *found = NULL;
    pthread_mutex_lock(&g_table_lock);
    for (int i = 0; i < MS_CALLOUT_MAX_INSTANCES; i++)
        if (want && g_instances[i] == want) found = want;
    pthread_mutex_unlock(&g_table_lock);
    return found;
}

/* Filters, callouts and the handle, each only if it exists: shared by unload and by a
 * load that failed half way.  The ALE_CONNECT_REDIRECT_V4 callout is unregistered by key,
 * the others by id, as a vendor's unload may do either; the first status that is not
 * STATUS_SUCCESS is returned, so that a stack that fails (or misreports) a delete or an
 * unregister of what this driver added is seen (wt_remove_callout, A74). */
static NTSTATUS release_registrations(ms_callout_driver *d) {
    NTSTATUS first = STATUS_SUCCESS, st;
    for (int i = 0; i < MS_CALLOUT_LAYER_COUNT; i++)
        if (d->filterId[i]) {
            st = FwpmFilterDeleteById0(NULL, d->filterId[i]);
            if (NT_SUCCESS(first) && !NT_SUCCESS(st)) first = st;
            d->filterId[i] = 0;
        }
    for (int i = 0; i < MS_CALLOUT_LAYER_COUNT; i++)
        if (d->mgmtCalloutId[i]) {
            st = FwpmCalloutDeleteById0(NULL, d->mgmtCalloutId[i]);
            if (NT_SUCCESS(first) && !NT_SUCCESS(st)) first = st;
            d->mgmtCalloutId[i] = 0;
        }
    for (int i = 0; i < MS_CALLOUT_LAYER_COUNT; i++)
        if (d->calloutId[i]) {
            st = i == MS_CALLOUT_V4 ? FwpsCalloutUnregisterByKey0(&d->calloutKey[i])
                                    : FwpsCalloutUnregisterById0(d->calloutId[i]);
            if (NT_SUCCESS(first) && !NT_SUCCESS(st)) first = st;
            d->calloutId[i] = 0;
        }
    if (d->redirectHandle) {
        FwpsRedirectHandleDestroy0(d->redirectHandle);
        d->redirectHandle = NULL;
    }
    return first;
}

static void free_instance(ms_callout_driver *d) {
    table_remove(d);
    pthread_mutex_destroy(&d->lock);
    ExFreePoolWithTag(d, MS_CALLOUT_POOL_TAG_DRIVER);
}

/* The flows the policy names are the redirect filters' conditions, as in a vendor's driver
 * (conditions on different fields are AND'ed): the remote address, the protocol, the remote
 * ports as one range, the application by image path.  WFP then calls the classify for those only. */
void ms_callout_conditions_of(const ms_callout_driver *d, ms_callout_conditions *out) {
    memset(out, 0, sizeof *out);
    memcpy(out->remote6.byteArray16, d->policy.match_remote, sizeof out->remote6.byteArray16);
    UINT32 remote4 = ((UINT32)d->policy.match_remote[0] << 24) | ((UINT32)d->policy.match_remote[1] << 16) |
                     ((UINT32)d->policy.match_remote[2] << 8) | d->policy.match_remote[3]; /* host order */
    if (d->policy.match_remote_af == AF_INET6)
        out->c[out->n++] =
            (FWPM_FILTER_CONDITION0){.fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS,
                                     .matchType = FWP_MATCH_EQUAL,
                                     .conditionValue = {.type = FWP_BYTE_ARRAY16_TYPE, .byteArray16 = &out->remote6}};
    else if (d->policy.match_remote_af == AF_INET)
        out->c[out->n++] = (FWPM_FILTER_CONDITION0){.fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS,
                                                    .matchType = FWP_MATCH_EQUAL,
                                                    .conditionValue = {.type = FWP_UINT32, .uint32 = remote4}};
    out->ports = (FWP_RANGE0){
        .valueLow = {.type = FWP_UINT16, .uint16 = d->policy.match_port},
        .valueHigh = {.type = FWP_UINT16,
                      .uint16 = d->policy.match_port_last ? d->policy.match_port_last : d->policy.match_port}};
    out->app = (FWP_BYTE_BLOB){(UINT32)d->policy.app_id_len, (UINT8 *)(uintptr_t)d->policy.app_id};
    if (d->policy.match_proto)
        out->c[out->n++] =
            (FWPM_FILTER_CONDITION0){.fieldKey = FWPM_CONDITION_IP_PROTOCOL,
                                     .matchType = FWP_MATCH_EQUAL,
                                     .conditionValue = {.type = FWP_UINT8, .uint8 = (UINT8)d->policy.match_proto}};
    if (d->policy.match_port)
        out->c[out->n++] =
            (FWPM_FILTER_CONDITION0){.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT,
                                     .matchType = FWP_MATCH_RANGE,
                                     .conditionValue = {.type = FWP_RANGE_TYPE, .rangeValue = &out->ports}};
    if (d->policy.app_id)
        out->c[out->n++] =
            (FWPM_FILTER_CONDITION0){.fieldKey = FWPM_CONDITION_ALE_APP_ID,
                                     .matchType = FWP_MATCH_EQUAL,
                                     .conditionValue = {.type = FWP_BYTE_BLOB_TYPE, .byteBlob = &out->app}};
}

static NTSTATUS add_objects(ms_callout_driver *d, HANDLE engine) {
    /* The vendor's provider first, the GUID its redirect handle names, as WFPSampler and the
     * example driver add theirs (FwpmProviderAdd0).  Like the sublayer it outlives an unload:
     * one an earlier load of the vendor added is reused. */
    FWPM_PROVIDER0 provider = {.providerKey = d->providerKey};
    NTSTATUS st = FwpmProviderAdd0(engine, &provider, NULL);
    if (!NT_SUCCESS(st) && st != STATUS_FWP_ALREADY_EXISTS) return st;
    /* Created once and cached: every classify of this vendor queries with the same handle. */
    st = FwpsRedirectHandleCreate0(&d->providerKey, 0, &d->redirectHandle);
    if (!NT_SUCCESS(st)) return st;

    for (int i = 0; i < layer_count(d); i++) {
        FWPS_CALLOUT1 callout = {.calloutKey = d->calloutKey[i],
                                 .flags = 0,
                                 .classifyFn =
                                     i < MS_CALLOUT_REDIRECT_LAYERS ? ms_callout_classify : ms_callout_observe_auth,
                                 .notifyFn = ms_callout_notify,
                                 .flowDeleteFn = ms_callout_flow_delete};
        st = FwpsCalloutRegister1(NULL, &callout, &d->calloutId[i]);
        if (!NT_SUCCESS(st)) return st;
        /* Its management object too, as WFPSampler adds one for every callout it registers.
         * One a previous load of the same vendor left (ALREADY_EXISTS) is not ours to delete. */
        FWPM_CALLOUT0 object = {.calloutKey = d->calloutKey[i], .applicableLayer = *g_layers[i]};
        st = FwpmCalloutAdd0(engine, &object, NULL, &d->mgmtCalloutId[i]);
        if (st == STATUS_FWP_ALREADY_EXISTS)
            d->mgmtCalloutId[i] = 0;
        else if (!NT_SUCCESS(st))
            return st;
    }

    /* One sublayer per vendor: its weight orders the vendors (SEMANTICS 5: the heavier
     * sublayer classifies first).  The test callout leaves its sublayer at unload (as drivers
     * that share one sublayer across their filters do), so a sublayer left by an earlier
     * load of the same vendor and weight is reused. */
    FWPM_SUBLAYER0 subLayer = {.subLayerKey = d->subLayerKey, .weight = (UINT16)d->policy.weight};
    st = FwpmSubLayerAdd0(engine, &subLayer, NULL);
    if (!NT_SUCCESS(st) && st != STATUS_FWP_ALREADY_EXISTS) return st;

    for (int i = 0; i < layer_count(d); i++) {
        /* CALLOUT_UNKNOWN: this callout permits, blocks or continues depending on the flow
         * (a terminating callout would promise permit-or-block always).  The observer at
         * ALE_AUTH_CONNECT only looks: INSPECTION. */
        UINT64 weight = (UINT64)d->policy.weight;
        /* A remote address names one family: the other family's redirect filter is not added. */
        int v6_layer = i == MS_CALLOUT_V6;
        if (i < MS_CALLOUT_REDIRECT_LAYERS && d->policy.match_remote_af &&
            d->policy.match_remote_af != (v6_layer ? AF_INET6 : AF_INET))
            continue;
        ms_callout_conditions cc;
        ms_callout_conditions_of(d, &cc);
        FWPM_FILTER0 filter = {.filterKey = d->filterKey[i],
                               .layerKey = *g_layers[i],
                               .subLayerKey = d->subLayerKey,
                               .weight = {.type = FWP_UINT64, .uint64 = &weight},
                               .action = {.type = i < MS_CALLOUT_REDIRECT_LAYERS ? FWP_ACTION_CALLOUT_UNKNOWN
                                                                                 : FWP_ACTION_CALLOUT_INSPECTION,
                                          .calloutKey = d->calloutKey[i]},
                               .rawContext = (UINT64)(uintptr_t)d};
        if (cc.n && i < MS_CALLOUT_REDIRECT_LAYERS) {
            filter.numFilterConditions = cc.n;
            filter.filterCondition = cc.c;
        }
        st = FwpmFilterAdd0(engine, &filter, NULL, &d->filterId[i]);
        if (!NT_SUCCESS(st)) return st;
    }
    return STATUS_SUCCESS;
}

/* The management objects are added through an engine session, as a kernel callout driver
 * opens one (FwpmEngineOpen0 with RPC_C_AUTHN_WINNT, WFPSampler and the example driver);
 * the session is closed once they are added (not dynamic: they stay until deleted).  They are
 * added in one transaction, as WFPSampler adds its objects, so a load that fails part-way
 * leaves none of them: the abort takes back every add (DDI FwpmTransactionAbort0), and their
 * ids are forgotten. */
static NTSTATUS register_with_wfp(ms_callout_driver *d) {
    HANDLE engine = NULL;
    NTSTATUS st = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engine);
    if (!NT_SUCCESS(st)) return st;
    st = FwpmTransactionBegin0(engine, 0);
    if (NT_SUCCESS(st)) {
        st = add_objects(d, engine);
        NTSTATUS end = NT_SUCCESS(st) ? FwpmTransactionCommit0(engine) : FwpmTransactionAbort0(engine);
        if (NT_SUCCESS(st)) st = end;
        if (!NT_SUCCESS(st))
            for (int i = 0; i < MS_CALLOUT_LAYER_COUNT; i++) d->filterId[i] = d->mgmtCalloutId[i] = 0;
    }
    NTSTATUS closed = FwpmEngineClose0(engine);
    return NT_SUCCESS(st) ? closed : st;
}

NTSTATUS ms_callout_driver_load(const ms_callout_policy *p, ms_callout_driver **out) {
    if (!out) return STATUS_INVALID_PARAMETER;
    *out = NULL;
    if (!p || !p->vendor || p->weight < 0 || p->weight > 0xFFFF || p->max_own_hops < 0) return STATUS_INVALID_PARAMETER;

    size_t app_len = p->app_id ? p->app_id_len : 0;
    /* The application id is copied behind the instance: classifyFn compares the filter's
     * condition with it long after the caller's bytes are gone. */
    ms_callout_driver *d = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *d + app_len, MS_CALLOUT_POOL_TAG_DRIVER);
    if (!d) return STATUS_INSUFFICIENT_RESOURCES;
    memset(d, 0, sizeof *d);
    d->policy = *p;
    if (p->app_id) {
        memcpy(d + 1, p->app_id, app_len);
        d->policy.app_id = (const unsigned char *)(d + 1);
    }
    d->providerKey = vendor_key(p->vendor, KEY_PROVIDER);
    /* The weight is part of the sublayer key: the sublayer outlives an unload, and a reload
     * with another weight must not silently reuse the old, differently weighted one. */
    d->subLayerKey = vendor_key(p->vendor, KEY_SUBLAYER);
    d->subLayerKey.Data2 = (UINT16)p->weight;
    d->calloutKey[MS_CALLOUT_V4] = vendor_key(p->vendor, KEY_CALLOUT_V4);
    d->calloutKey[MS_CALLOUT_V6] = vendor_key(p->vendor, KEY_CALLOUT_V6);
    d->filterKey[MS_CALLOUT_V4] = vendor_key(p->vendor, KEY_FILTER_V4);
    d->filterKey[MS_CALLOUT_V6] = vendor_key(p->vendor, KEY_FILTER_V6);
    d->calloutKey[MS_CALLOUT_AUTH_V4] = vendor_key(p->vendor, KEY_CALLOUT_AUTH_V4);
    d->calloutKey[MS_CALLOUT_AUTH_V6] = vendor_key(p->vendor, KEY_CALLOUT_AUTH_V6);
    d->filterKey[MS_CALLOUT_AUTH_V4] = vendor_key(p->vendor, KEY_FILTER_AUTH_V4);
    d->filterKey[MS_CALLOUT_AUTH_V6] = vendor_key(p->vendor, KEY_FILTER_AUTH_V6);
    pthread_mutex_init(&d->lock, NULL);

    /* In the table before the filters exist: the first classify may come at once. */
    if (!table_insert(d)) {
        free_instance(d);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS st = register_with_wfp(d);
    if (!NT_SUCCESS(st)) {
        (void)release_registrations(d);
        free_instance(d);
        return st;
    }
    *out = d;
    return STATUS_SUCCESS;
}

NTSTATUS ms_callout_driver_unload(ms_callout_driver *d) {
    if (!d) return STATUS_SUCCESS;
    /* A driver may not go with classifies still pended on it: finish them as BLOCK. */
    ms_callout_finish_pended(d, 0);
    NTSTATUS st = release_registrations(d);
    free_instance(d);
    return st;
}

int ms_callout_complete_pended(ms_callout_driver *d) { return d ? ms_callout_finish_pended(d, 1) : 0; }

void ms_callout_get_stats(const ms_callout_driver *d, ms_callout_stats *s) {
    if (!s) return;
    memset(s, 0, sizeof *s);
    if (!d) return;
    ms_callout_driver *m = (ms_callout_driver *)d; /* the lock is not part of the logical state */
    pthread_mutex_lock(&m->lock);
    *s = m->stats;
    pthread_mutex_unlock(&m->lock);
}

HANDLE ms_callout_redirect_handle(const ms_callout_driver *d) { return d ? d->redirectHandle : NULL; }

char ms_callout_vendor(const ms_callout_driver *d) { return d ? d->policy.vendor : 0; }
