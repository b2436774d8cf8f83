/*
 * wfp_api.c: cases for the WFP kernel API itself (SEMANTICS 5; the DDI pages of fwpmk.h and
 * fwpsk.h): transactions that commit or abort, deletes by id and by key, the statuses of the
 * management calls for objects that exist already or no longer, sublayers in use, filter
 * condition match types, the order filter weights give, and the classify-time calls (classify
 * handles, writable layer data, pend and complete, the SIO-format redirect records).
 *
 * Why a driver of the case's own: these calls exist only in kernel mode, for a callout driver.
 * On the model a case can hand the target a DriverEntry (wt_model_use_driver, target_model.h)
 * that the target runs in the case's world the first time a callout is added; the case's
 * body then calls the WDK functions from that driver (wfpcert/wdk/, the headers a vendor's
 * driver is built against) and checks what they return.  The test callout and the A74..A93
 * cases use only a few of these calls, and only the paths that succeed.  On Windows a
 * user-mode case cannot load a kernel driver: those cases are UNSUPPORTED there, with the
 * reason.  The last cases check two rules of the suite's test callout through target.h alone
 * (the proxy's own process exempt; a second load with the same keys refused).
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#ifdef _WIN32
static void kernel_only(wc_ctx *c) {
    wc_unsupported(c, "the WFP kernel API (fwpmk.h, fwpsk.h) is callable only from a kernel-mode callout driver; a "
                      "user-mode case cannot load one on Windows (the model runs the case's own driver)");
}
#define BODY(fn) kernel_only
#else
#define BODY(fn) fn

#include "wfpcert/wdk/fwpsk.h"

#define PROXY_PORT 50430 /* where the driver's configuration says its proxy listens (unused unless redirected) */
#define MAX_HITS 64

/* The objects the case's driver adds: its own GUIDs, nobody else's. */
static const GUID provider_key = {0x6b1c0a01, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x01}};
static const GUID sublayer_key = {0x6b1c0a02, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02}};
static const GUID sublayer2_key = {0x6b1c0a03, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x03}};
static const GUID callout_key = {0x6b1c0a04, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x55, 0x04}};
static const GUID filter_keys[8] = {
    {0x6b1c0b00, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x00}},
    {0x6b1c0b01, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x01}},
    {0x6b1c0b02, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x02}},
    {0x6b1c0b03, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x03}},
    {0x6b1c0b04, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x04}},
    {0x6b1c0b05, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x05}},
    {0x6b1c0b06, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x06}},
    {0x6b1c0b07, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x66, 0x07}},
};

/* What the driver's classifyFn saw: the filter ids it ran for, in order. */
static UINT64 hits[MAX_HITS];
static UINT32 hit_flags[MAX_HITS]; /* the FWPS_FILTER1.flags it saw for each */
static UINT16 hit_sublayer[MAX_HITS]; /* and the FWPS_FILTER1.subLayerWeight */
static int nhits;
/* The context of the last filter classifyFn ran for (what notifyFn set, S5.api.deletes). */
static UINT64 last_context;
/* The incoming values of the classify running now (for a case's on_classify). */
static const FWPS_INCOMING_VALUES0 *classify_in;
/* A case's own work inside classifyFn (NULL: record and CONTINUE). */
static void (*on_classify)(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *classifyContext,
                           const FWPS_FILTER1 *filter, FWPS_CLASSIFY_OUT0 *out);

static void NTAPI api_classify(const FWPS_INCOMING_VALUES0 *in, const FWPS_INCOMING_METADATA_VALUES0 *meta,
                               void *layerData, const void *classifyContext, const FWPS_FILTER1 *filter,
                               UINT64 flowContext, FWPS_CLASSIFY_OUT0 *out) {
    (void)layerData, (void)flowContext;
    classify_in = in;
    if (nhits < MAX_HITS)
        hit_flags[nhits] = filter->flags, hit_sublayer[nhits] = filter->subLayerWeight,
        hits[nhits++] = filter->filterId;
    last_context = filter->context;
    if (out->rights & FWPS_RIGHT_ACTION_WRITE)
        out->actionType = FWP_ACTION_CONTINUE; /* else only a veto may write it */
    if (on_classify) on_classify(meta, classifyContext, filter, out);
}

/* The case whose DriverEntry runs, and what it does there. */
static wc_ctx *entry_case;
static void (*entry_body)(wc_ctx *c);

static NTSTATUS api_driver_entry(PDRIVER_OBJECT driverObject, PUNICODE_STRING registryPath) {
    (void)driverObject, (void)registryPath;
    if (entry_body) entry_body(entry_case);
    return STATUS_SUCCESS;
}

/* Loads the case's driver into the case's target; `body` runs as its DriverEntry.  The
 * process's driver setting (another vendor's, or none) is put back at once: the target keeps
 * the loaded driver until it closes. */
static int load_driver(wc_ctx *c, void (*body)(wc_ctx *c)) {
    const wt_model_driver *was = wt_model_driver_in_use();
    wt_model_driver prev;
    if (was) prev = *was;
    wt_model_driver d;
    memset(&d, 0, sizeof d);
    d.name = "wfp-api-case";
    d.driver_entry = api_driver_entry;
    static const unsigned char dst[4] = {198, 51, 100, 9};
    memcpy(d.redirect4, dst, 4);
    d.redirect_port = 80;
    d.tcp = 1;
    d.proxy_port = PROXY_PORT;
    d.context = 1;
    entry_case = c;
    entry_body = body;
    nhits = 0;
    on_classify = NULL;
    int rc = wt_model_use_driver(&d);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot load the case's driver: %s", wt_error());
    if (rc == WT_OK) {
        wt_callout_policy p;
        wt_callout_policy_init(&p, 'V', PROXY_PORT);
        p.weight = 1000; /* the driver plays the heaviest vendor */
        rc = wt_add_callout(wc_target(c), &p);
    }
    wt_model_use_driver(was ? &prev : NULL);
    entry_body = NULL;
    return wc_check(c, rc == WT_OK, "set-up: the case's driver did not load: %s", wt_error());
}

static HANDLE open_engine(wc_ctx *c) {
    HANDLE h = NULL;
    NTSTATUS st = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h);
    wc_check(c, st == STATUS_SUCCESS && h, "set-up: FwpmEngineOpen0: 0x%08x", (unsigned)st);
    return h;
}

/* What the driver's notifyFn heard (S5.api.deletes), and the filter key whose ADD_FILTER it
 * refuses (-1: none).  It gives every filter it accepts a context of its own. */
#define NOTIFY_CONTEXT(id) (0x5EED000000000000ull | (id))
static struct {
    int n;
    FWPS_CALLOUT_NOTIFY_TYPE type[12];
    int keys[12]; /* index into filter_keys, -1 for a NULL key, -2 for another */
    UINT64 id[12];
} heard;
static int refuse_key = -1;

static NTSTATUS NTAPI api_notify(FWPS_CALLOUT_NOTIFY_TYPE type, const GUID *key, FWPS_FILTER1 *filter) {
    int i = heard.n < 12 ? heard.n++ : 11, k = key ? -2 : -1;
    for (int j = 0; key && j < 8; j++)
        if (memcmp(key, &filter_keys[j], sizeof *key) == 0) k = j;
    heard.type[i] = type;
    heard.keys[i] = k;
    heard.id[i] = filter ? filter->filterId : 0;
    if (type != FWPS_CALLOUT_NOTIFY_ADD_FILTER) return STATUS_SUCCESS;
    if (k >= 0 && k == refuse_key) return STATUS_INSUFFICIENT_RESOURCES;
    if (filter) filter->context = NOTIFY_CONTEXT(filter->filterId);
    return STATUS_SUCCESS;
}

static NTSTATUS register_key(UINT32 *id) {
    FWPS_CALLOUT1 co;
    memset(&co, 0, sizeof co);
    co.calloutKey = callout_key;
    co.classifyFn = api_classify;
    co.notifyFn = api_notify;
    return FwpsCalloutRegister1(NULL, &co, id);
}

static int register_callout(wc_ctx *c, UINT32 *id) {
    NTSTATUS st = register_key(id);
    return wc_check(c, st == STATUS_SUCCESS, "set-up: FwpsCalloutRegister1: 0x%08x", (unsigned)st);
}

static NTSTATUS add_sublayer(HANDLE h, const GUID *key, UINT16 weight) {
    FWPM_SUBLAYER0 s;
    memset(&s, 0, sizeof s);
    s.subLayerKey = *key;
    s.weight = weight;
    return FwpmSubLayerAdd0(h, &s, NULL);
}

static NTSTATUS add_provider(HANDLE h) {
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = provider_key;
    return FwpmProviderAdd0(h, &p, NULL);
}

static NTSTATUS add_callout_object(HANDLE h, UINT32 *id) {
    FWPM_CALLOUT0 m;
    memset(&m, 0, sizeof m);
    m.calloutKey = callout_key;
    m.applicableLayer = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    return FwpmCalloutAdd0(h, &m, NULL, id);
}

/* A filter at ALE_CONNECT_REDIRECT_V4 in `sub`, with `weight`, the conditions and `action`
 * (the driver's callout for a callout action). */
/* The FWPM_FILTER0.flags of the filters add_filter_as adds (0 unless a case says otherwise). */
static UINT32 add_flags;
static NTSTATUS add_filter_as(HANDLE h, int k, const GUID *sub, const FWP_VALUE0 *weight, FWPM_FILTER_CONDITION0 *conds,
                              UINT32 n, FWP_ACTION_TYPE action, UINT64 *id) {
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.filterKey = filter_keys[k];
    f.layerKey = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    f.subLayerKey = *sub;
    f.weight = *weight;
    f.numFilterConditions = n;
    f.filterCondition = conds;
    f.action.type = action;
    f.flags = add_flags;
    if (action & FWP_ACTION_FLAG_CALLOUT) f.action.calloutKey = callout_key;
    return FwpmFilterAdd0(h, &f, NULL, id);
}

static const FWP_VALUE0 no_weight = {.type = FWP_EMPTY};

/* An INSPECTION filter of the case's callout at `layer`, in the case's sublayer, with one
 * condition. */
static NTSTATUS add_inspection(HANDLE h, const GUID *key, const GUID *layer, FWPM_FILTER_CONDITION0 *cond, UINT64 *id) {
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.filterKey = *key;
    f.layerKey = *layer;
    f.subLayerKey = sublayer_key;
    f.weight = no_weight;
    f.numFilterConditions = 1;
    f.filterCondition = cond;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = callout_key;
    return FwpmFilterAdd0(h, &f, NULL, id);
}

static NTSTATUS add_filter(HANDLE h, int k, const GUID *sub, const FWP_VALUE0 *weight, FWPM_FILTER_CONDITION0 *conds,
                           UINT32 n, UINT64 *id) {
    return add_filter_as(h, k, sub, weight, conds, n, FWP_ACTION_CALLOUT_INSPECTION, id);
}

/* A condition on `field` with match type m and a value of `type` (the caller sets the value). */
static void cond_init(FWPM_FILTER_CONDITION0 *cond, const GUID *field, FWP_MATCH_TYPE m, FWP_DATA_TYPE type) {
    memset(cond, 0, sizeof *cond);
    cond->fieldKey = *field;
    cond->matchType = m;
    cond->conditionValue.type = type;
}

/* A TCP connect from the case to 198.51.100.x:port, which nothing serves: only the classify
 * matters.  Returns the number of classifies it caused. */
static int knock(int last_byte, USHORT port) {
    int before = nhits;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl((198u << 24) | (51u << 16) | (100u << 8) | (unsigned)last_byte);
    if (s != INVALID_SOCKET) {
        connect(s, (struct sockaddr *)&a, sizeof a);
        closesocket(s);
    }
    return nhits - before;
}

/* Was filter `id` classified among the hits from `from` on? */
static int hit(int from, UINT64 id) {
    for (int i = from; i < nhits; i++)
        if (hits[i] == id) return 1;
    return 0;
}

/* ------------------------------------------------------------ transactions */
/* DDI FwpmTransactionBegin0, Remarks: it "cannot be called from within a transaction. It will
 * fail with FWP_E_TXN_IN_PROGRESS"; FwpmTransactionCommit0 and FwpmTransactionAbort0 (and
 * "WFP Error Codes": FWP_E_NO_TXN_IN_PROGRESS, "The call must be made from within an explicit
 * transaction") fail outside one.  The kernel-mode statuses are the STATUS_FWP_* twins. */
/* A new session with a transaction in progress that has added the provider; NULL when the
 * session could not be opened. */
static HANDLE session_adding_provider(wc_ctx *c, const char *what) {
    HANDLE h = open_engine(c);
    if (!h) return NULL;
    NTSTATUS st = FwpmTransactionBegin0(h, 0);
    NTSTATUS added = st == STATUS_SUCCESS ? add_provider(h) : st;
    wc_check(c, st == STATUS_SUCCESS && added == STATUS_SUCCESS,
             "%s: FwpmTransactionBegin0 0x%08x, FwpmProviderAdd0 in it 0x%08x", what, (unsigned)st, (unsigned)added);
    return h;
}

static void txn_states(wc_ctx *c) {
    /* DDI FwpmEngineOpen0 (fwpmk.h): serverName "must be NULL" in kernel mode, authnService
     * RPC_C_AUTHN_WINNT or RPC_C_AUTHN_DEFAULT; other values fail and open no session. */
    HANDLE bad = (HANDLE)&bad;
    NTSTATUS st = FwpmEngineOpen0(L"server", RPC_C_AUTHN_WINNT, NULL, NULL, &bad);
    wc_check(c, !NT_SUCCESS(st) && bad == NULL, "FwpmEngineOpen0 with a serverName: 0x%08x (handle %p)", (unsigned)st,
             bad);
    bad = (HANDLE)&bad;
    st = FwpmEngineOpen0(NULL, 9, NULL, NULL, &bad);
    wc_check(c, !NT_SUCCESS(st) && bad == NULL, "FwpmEngineOpen0 with authnService 9: 0x%08x (handle %p)", (unsigned)st,
             bad);
    HANDLE h = open_engine(c);
    if (!h) return;
    /* DDI FwpmTransactionBegin0: flags is 0 (read/write) or FWPM_TXN_READ_ONLY (1); another
     * value fails and begins nothing, so the commit after it has no transaction. */
    st = FwpmTransactionBegin0(h, 2);
    wc_check(c, !NT_SUCCESS(st), "FwpmTransactionBegin0 with flags 2: 0x%08x", (unsigned)st);
    st = FwpmTransactionCommit0(h);
    wc_check(c, st == STATUS_FWP_NO_TXN_IN_PROGRESS,
             "FwpmTransactionCommit0 after a refused FwpmTransactionBegin0: 0x%08x, expected "
             "STATUS_FWP_NO_TXN_IN_PROGRESS",
             (unsigned)st);
    st = FwpmTransactionBegin0(h, 0);
    wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionBegin0: 0x%08x", (unsigned)st);
    st = FwpmTransactionBegin0(h, 0);
    wc_check(c, st == STATUS_FWP_TXN_IN_PROGRESS,
             "FwpmTransactionBegin0 inside a transaction: 0x%08x, expected STATUS_FWP_TXN_IN_PROGRESS", (unsigned)st);
    st = FwpmTransactionCommit0(h);
    wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionCommit0: 0x%08x", (unsigned)st);
    st = FwpmTransactionCommit0(h);
    wc_check(c, st == STATUS_FWP_NO_TXN_IN_PROGRESS,
             "FwpmTransactionCommit0 with no transaction: 0x%08x, expected STATUS_FWP_NO_TXN_IN_PROGRESS",
             (unsigned)st);
    st = FwpmTransactionAbort0(h);
    wc_check(c, st == STATUS_FWP_NO_TXN_IN_PROGRESS,
             "FwpmTransactionAbort0 with no transaction: 0x%08x, expected STATUS_FWP_NO_TXN_IN_PROGRESS", (unsigned)st);
    st = FwpmTransactionBegin0(h, 0);
    wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionBegin0 after a commit: 0x%08x", (unsigned)st);
    st = FwpmTransactionAbort0(h);
    wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionAbort0: 0x%08x", (unsigned)st);
    /* FWPM_TXN_READ_ONLY begins a read-only transaction; a delete or an add in it is
     * FWP_E_INCOMPATIBLE_TXN ("WFP Error Codes": "The call is not allowed from within a read-only
     * transaction") and changes nothing. */
    st = add_provider(h);
    wc_check(c, st == STATUS_SUCCESS, "set-up: FwpmProviderAdd0: 0x%08x", (unsigned)st);
    st = FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY);
    wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionBegin0(FWPM_TXN_READ_ONLY): 0x%08x", (unsigned)st);
    st = FwpmProviderDeleteByKey0(h, &provider_key);
    wc_check(c, st == STATUS_FWP_INCOMPATIBLE_TXN,
             "FwpmProviderDeleteByKey0 in a read-only transaction: 0x%08x, expected STATUS_FWP_INCOMPATIBLE_TXN",
             (unsigned)st);
    st = FwpmTransactionCommit0(h);
    wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionCommit0 of a read-only transaction: 0x%08x", (unsigned)st);
    st = FwpmProviderDeleteByKey0(h, &provider_key);
    wc_check(c, st == STATUS_SUCCESS, "FwpmProviderDeleteByKey0 after the read-only transaction: 0x%08x", (unsigned)st);
    st = FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY);
    NTSTATUS ro_add = st == STATUS_SUCCESS ? add_provider(h) : st;
    wc_check(c, ro_add == STATUS_FWP_INCOMPATIBLE_TXN,
             "FwpmProviderAdd0 in a read-only transaction: 0x%08x, expected STATUS_FWP_INCOMPATIBLE_TXN",
             (unsigned)ro_add);
    (void)FwpmTransactionAbort0(h);
    st = FwpmProviderDeleteByKey0(h, &provider_key);
    wc_check(c, st == STATUS_FWP_PROVIDER_NOT_FOUND,
             "FwpmProviderDeleteByKey0 of the provider a read-only transaction refused: 0x%08x, expected "
             "STATUS_FWP_PROVIDER_NOT_FOUND",
             (unsigned)st);
    /* FwpmEngineClose0: "If this function is called with a transaction in progress, the
     * transaction will be aborted": the provider a second session added in it is gone. */
    HANDLE h2 = session_adding_provider(c, "a second session");
    if (h2) {
        st = FwpmEngineClose0(h2);
        wc_check(c, st == STATUS_SUCCESS, "FwpmEngineClose0 with a transaction in progress: 0x%08x", (unsigned)st);
        st = FwpmProviderDeleteByKey0(h, &provider_key);
        wc_check(c, st == STATUS_FWP_PROVIDER_NOT_FOUND,
                 "the provider added in the transaction its session closed on: delete 0x%08x, expected "
                 "STATUS_FWP_PROVIDER_NOT_FOUND (the transaction aborted)",
                 (unsigned)st);
    }
    /* (A session a driver leaves open is a leak the target's close reports: example driver
     * EXAMPLE_BUG_NO_ENGINE_CLOSE, vendor.certify_planted_no_engine_close.) */
    /* a session that is closed is no session: no transaction begins on its handle */
    st = FwpmEngineClose0(h);
    wc_check(c, st == STATUS_SUCCESS, "FwpmEngineClose0: 0x%08x", (unsigned)st);
    st = FwpmTransactionBegin0(h, 0);
    wc_check(c, !NT_SUCCESS(st), "FwpmTransactionBegin0 on a closed session's handle: 0x%08x", (unsigned)st);
    st = FwpmTransactionCommit0(h);
    wc_check(c, !NT_SUCCESS(st), "FwpmTransactionCommit0 on a closed session's handle: 0x%08x", (unsigned)st);
}

static void s5_txn_states(wc_ctx *c) { load_driver(c, txn_states); }

/* One transaction adding a provider, a sublayer, a callout object and a filter, committed
 * (param 1) or aborted (0). */
static UINT64 txn_filter;
static void txn_adds(wc_ctx *c) {
    const int *commit = wc_current(c)->param;
    UINT32 cid = 0, mid = 0;
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    NTSTATUS st = FwpmTransactionBegin0(h, 0);
    if (!wc_check(c, st == STATUS_SUCCESS, "FwpmTransactionBegin0: 0x%08x", (unsigned)st)) return;
    NTSTATUS a = add_provider(h), b = add_sublayer(h, &sublayer_key, 10), m = add_callout_object(h, &mid);
    NTSTATUS f = add_filter(h, 0, &sublayer_key, &no_weight, NULL, 0, &txn_filter);
    wc_check(c, a == STATUS_SUCCESS && b == STATUS_SUCCESS && m == STATUS_SUCCESS && f == STATUS_SUCCESS,
             "adds inside the transaction: provider 0x%08x, sublayer 0x%08x, callout 0x%08x, filter 0x%08x",
             (unsigned)a, (unsigned)b, (unsigned)m, (unsigned)f);
    st = *commit ? FwpmTransactionCommit0(h) : FwpmTransactionAbort0(h);
    wc_check(c, st == STATUS_SUCCESS, "%s: 0x%08x", *commit ? "FwpmTransactionCommit0" : "FwpmTransactionAbort0",
             (unsigned)st);
    /* What stands now: a second add of the same key is ALREADY_EXISTS for an object that
     * exists ("WFP Error Codes": "An object with that GUID or LUID already exists"), and
     * succeeds for one the abort took back. */
    NTSTATUS want = *commit ? STATUS_FWP_ALREADY_EXISTS : STATUS_SUCCESS;
    a = add_provider(h);
    b = add_sublayer(h, &sublayer_key, 10);
    m = add_callout_object(h, &mid);
    wc_check(c, a == want && b == want && m == want,
             "after the %s, adding the provider, sublayer and callout again: 0x%08x 0x%08x 0x%08x, expected 0x%08x",
             *commit ? "commit" : "abort", (unsigned)a, (unsigned)b, (unsigned)m, (unsigned)want);
    st = FwpmFilterDeleteByKey0(h, &filter_keys[0]);
    wc_check(c, *commit ? st == STATUS_SUCCESS : st == STATUS_FWP_FILTER_NOT_FOUND,
             "FwpmFilterDeleteByKey0 of the filter after the %s: 0x%08x", *commit ? "commit" : "abort", (unsigned)st);
    if (*commit) { /* put it back for the classify the case body makes */
        st = add_filter(h, 0, &sublayer_key, &no_weight, NULL, 0, &txn_filter);
        wc_check(c, st == STATUS_SUCCESS, "FwpmFilterAdd0 again: 0x%08x", (unsigned)st);
    }
    FwpmEngineClose0(h);
}

/* "Object Management" (WFP): the changes of an explicit transaction are committed or aborted
 * as a whole.  After an abort nothing it added exists: the objects can be added again, the
 * filter is not found and never classifies; after a commit they all stand and the filter runs. */
static void s5_txn_adds(wc_ctx *c) {
    const int *commit = wc_current(c)->param;
    if (!load_driver(c, txn_adds)) return;
    int n = knock(9, 80);
    if (*commit)
        wc_check(c, n == 1 && hits[nhits - 1] == txn_filter, "the committed filter classified %d connect(s)", n);
    else
        wc_check(c, n == 0, "the aborted transaction's filter classified %d connect(s)", n);
}

/* ------------------------------------------------------- deletes, in use */
/* Checks a status against the one the documentation names. */
static int is(wc_ctx *c, NTSTATUS st, NTSTATUS want, const char *what) {
    return wc_check(c, st == want, "%s: 0x%08x, expected 0x%08x", what, (unsigned)st, (unsigned)want);
}

/* Deletes `key`: STATUS_SUCCESS; again: `gone` (the object does not exist); a NULL key:
 * STATUS_FWP_NULL_POINTER ("WFP Error Codes": FWP_E_NULL_POINTER, a required pointer is null). */
static void delete_twice(wc_ctx *c, HANDLE h, NTSTATUS (*del)(HANDLE, const GUID *), const GUID *key, NTSTATUS gone,
                         const char *name) {
    char what[128];
    is(c, del(h, key), STATUS_SUCCESS, name);
    snprintf(what, sizeof what, "%s of a deleted object", name);
    is(c, del(h, key), gone, what);
    snprintf(what, sizeof what, "%s(NULL)", name);
    is(c, del(h, NULL), STATUS_FWP_NULL_POINTER, what);
}

/* DDI FwpmFilterDeleteById0/ByKey0, FwpmSubLayerDeleteByKey0, FwpmProviderDeleteByKey0 and
 * "WFP Error Codes": a deleted object is gone (…_NOT_FOUND: "does not exist" on the next delete),
 * a NULL key is FWP_E_NULL_POINTER, a sublayer its filters still reference is FWP_E_IN_USE
 * ("referenced by other objects, so it cannot be deleted").  FWPS_CALLOUT_NOTIFY_FN1 and
 * "Processing Notify Callouts": each filter that names the callout is announced to its notifyFn
 * as it is added (ADD_FILTER with the filter's key) and deleted (DELETE_FILTER, the key NULL); a
 * filter whose ADD_FILTER notifyFn refuses "will not be added"; the context notifyFn sets is the
 * one classifyFn gets in FWPS_FILTER1. */
static UINT64 kept_filter, id0, id1, id4;
static NTSTATUS refused_add;
static void deletes(wc_ctx *c) {
    UINT32 cid = 0;
    id0 = id1 = id4 = 0;
    memset(&heard, 0, sizeof heard);
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    /* DDI FwpsCalloutRegister0: STATUS_FWP_ALREADY_EXISTS for a calloutKey registered already */
    UINT32 again = 0;
    is(c, register_key(&again), STATUS_FWP_ALREADY_EXISTS, "FwpsCalloutRegister1 of a key registered already");
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    wc_check(c, st == STATUS_SUCCESS, "FwpmSubLayerAdd0: 0x%08x", (unsigned)st);
    st = add_sublayer(h, &sublayer_key, 10);
    wc_check(c, st == STATUS_FWP_ALREADY_EXISTS, "FwpmSubLayerAdd0 of the same key: 0x%08x, expected ALREADY_EXISTS",
             (unsigned)st);
    NTSTATUS a = add_filter(h, 0, &sublayer_key, &no_weight, NULL, 0, &id0);
    NTSTATUS b = add_filter(h, 1, &sublayer_key, &no_weight, NULL, 0, &id1);
    if (!wc_check(c, a == STATUS_SUCCESS && b == STATUS_SUCCESS && id0 != id1, "FwpmFilterAdd0: 0x%08x 0x%08x",
                  (unsigned)a, (unsigned)b))
        return;
    st = add_filter(h, 1, &sublayer_key, &no_weight, NULL, 0, NULL);
    wc_check(c, st == STATUS_FWP_ALREADY_EXISTS,
             "FwpmFilterAdd0 of a filter key in use: 0x%08x, expected ALREADY_EXISTS", (unsigned)st);
    refuse_key = 3;
    /* with a condition: what the engine made of it for the filter must go with the refusal (a
     * leak LeakSanitizer reports otherwise) */
    FWPM_FILTER_CONDITION0 refused_cond;
    cond_init(&refused_cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_UINT16);
    refused_cond.conditionValue.uint16 = 8081;
    refused_add = add_filter(h, 3, &sublayer_key, &no_weight, &refused_cond, 1, NULL);
    refuse_key = -1;
    st = FwpmSubLayerDeleteByKey0(h, &sublayer_key);
    wc_check(c, st == STATUS_FWP_IN_USE, "FwpmSubLayerDeleteByKey0 while two filters use it: 0x%08x, expected IN_USE",
             (unsigned)st);
    st = FwpmFilterDeleteById0(h, id0);
    wc_check(c, st == STATUS_SUCCESS, "FwpmFilterDeleteById0: 0x%08x", (unsigned)st);
    st = FwpmFilterDeleteById0(h, id0);
    wc_check(c, st == STATUS_FWP_FILTER_NOT_FOUND || st == STATUS_FWP_NOT_FOUND,
             "FwpmFilterDeleteById0 of a deleted filter: 0x%08x, expected FILTER_NOT_FOUND or NOT_FOUND", (unsigned)st);
    is(c, FwpmFilterDeleteByKey0(h, &filter_keys[0]), STATUS_FWP_FILTER_NOT_FOUND,
       "FwpmFilterDeleteByKey0 of a filter deleted by id");
    is(c, FwpmSubLayerDeleteByKey0(h, &sublayer_key), STATUS_FWP_IN_USE,
       "FwpmSubLayerDeleteByKey0 while one filter uses it");
    delete_twice(c, h, FwpmFilterDeleteByKey0, &filter_keys[1], STATUS_FWP_FILTER_NOT_FOUND, "FwpmFilterDeleteByKey0");
    delete_twice(c, h, FwpmSubLayerDeleteByKey0, &sublayer_key, STATUS_FWP_SUBLAYER_NOT_FOUND,
                 "FwpmSubLayerDeleteByKey0 (its filters gone)");
    /* management callout objects: deleted by key once; by id, the one with that id and no other
     * (FwpmCalloutDeleteById0: "Removes a callout object from the system", the one id names) */
    UINT32 mid = 0, mid2 = 0;
    is(c, add_callout_object(h, &mid), STATUS_SUCCESS, "FwpmCalloutAdd0");
    /* a callout a filter's action still names is in use, by key and by id ("WFP Error Codes":
     * FWP_E_IN_USE); once the filter is gone it can go */
    static const GUID default_sublayer;
    if (wc_check(c, add_filter(h, 4, &default_sublayer, &no_weight, NULL, 0, &id4) == STATUS_SUCCESS,
                 "FwpmFilterAdd0 of a filter naming the callout")) {
        is(c, FwpmCalloutDeleteByKey0(h, &callout_key), STATUS_FWP_IN_USE,
           "FwpmCalloutDeleteByKey0 while a filter names it");
        is(c, FwpmCalloutDeleteById0(h, mid), STATUS_FWP_IN_USE, "FwpmCalloutDeleteById0 while a filter names it");
        is(c, FwpmFilterDeleteById0(h, id4), STATUS_SUCCESS, "FwpmFilterDeleteById0 of that filter");
    }
    FWPM_CALLOUT0 other;
    memset(&other, 0, sizeof other);
    other.calloutKey = callout_key;
    other.calloutKey.Data1 ^= 0x5a5a5a5au; /* a second key */
    other.applicableLayer = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    is(c, FwpmCalloutAdd0(h, &other, NULL, &mid2), STATUS_SUCCESS, "FwpmCalloutAdd0 of a second key");
    wc_check(c, mid2 != mid, "two callout objects were given the same id %u", (unsigned)mid);
    is(c, FwpmCalloutDeleteById0(h, mid2), STATUS_SUCCESS, "FwpmCalloutDeleteById0 of the second");
    is(c, FwpmCalloutDeleteByKey0(h, &other.calloutKey), STATUS_FWP_CALLOUT_NOT_FOUND,
       "FwpmCalloutDeleteByKey0 of the callout deleted by id");
    delete_twice(c, h, FwpmCalloutDeleteByKey0, &callout_key, STATUS_FWP_CALLOUT_NOT_FOUND,
                 "FwpmCalloutDeleteByKey0 of the first (deleting the second by id left it)");
    /* providers: added once, deleted once */
    is(c, add_provider(h), STATUS_SUCCESS, "FwpmProviderAdd0");
    is(c, add_provider(h), STATUS_FWP_ALREADY_EXISTS, "FwpmProviderAdd0 of the same key");
    delete_twice(c, h, FwpmProviderDeleteByKey0, &provider_key, STATUS_FWP_PROVIDER_NOT_FOUND,
                 "FwpmProviderDeleteByKey0");
    /* one filter stays, in a sublayer of its own, for the classify of the case body */
    st = add_sublayer(h, &sublayer2_key, 20);
    if (st == STATUS_SUCCESS) st = add_filter(h, 2, &sublayer2_key, &no_weight, NULL, 0, &kept_filter);
    wc_check(c, st == STATUS_SUCCESS, "set-up: the filter that stays: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

/* The deleted filters classify nothing; the one left does, with the context its notifyFn set. */
static void s5_deletes(wc_ctx *c) {
    if (!load_driver(c, deletes)) return;
    last_context = 0;
    int n = knock(9, 80);
    wc_check(c, n == 1 && hits[nhits - 1] == kept_filter,
             "a connect was classified %d time(s) (last by filter %llu); only the filter that was not deleted (%llu) "
             "may run",
             n, n ? (unsigned long long)hits[nhits - 1] : 0ull, (unsigned long long)kept_filter);
    wc_check(c, n != 1 || last_context == NOTIFY_CONTEXT(kept_filter),
             "classifyFn got FWPS_FILTER1.context 0x%llx, not the 0x%llx notifyFn set",
             (unsigned long long)last_context, (unsigned long long)NOTIFY_CONTEXT(kept_filter));
    wc_check(c, !NT_SUCCESS(refused_add), "FwpmFilterAdd0 of a filter its callout's notifyFn refused: 0x%08x",
             (unsigned)refused_add);
    /* ADD 0, ADD 1, ADD 3 (refused), DELETE 0, DELETE 1, ADD 4 and DELETE 4 (the filter that
     * kept the callout in use), ADD 2 (the filter that stays) */
    static const struct {
        FWPS_CALLOUT_NOTIFY_TYPE type;
        int key;
    } want[8] = {{FWPS_CALLOUT_NOTIFY_ADD_FILTER, 0},     {FWPS_CALLOUT_NOTIFY_ADD_FILTER, 1},
                 {FWPS_CALLOUT_NOTIFY_ADD_FILTER, 3},     {FWPS_CALLOUT_NOTIFY_DELETE_FILTER, -1},
                 {FWPS_CALLOUT_NOTIFY_DELETE_FILTER, -1}, {FWPS_CALLOUT_NOTIFY_ADD_FILTER, 4},
                 {FWPS_CALLOUT_NOTIFY_DELETE_FILTER, -1}, {FWPS_CALLOUT_NOTIFY_ADD_FILTER, 2}};
    const UINT64 ids[8] = {id0, id1, 0, id0, id1, id4, id4, kept_filter};
    if (!wc_check(c, heard.n == 8,
                  "notifyFn heard %d notification(s), expected 8 (4 filters added, 1 refused, 3 deleted)", heard.n))
        return;
    for (int i = 0; i < 8; i++)
        wc_check(c, heard.type[i] == want[i].type && heard.keys[i] == want[i].key && (!ids[i] || heard.id[i] == ids[i]),
                 "notification %d: type %d, key %d, filter %llu; expected type %d, key %d, filter %llu", i + 1,
                 (int)heard.type[i], heard.keys[i], (unsigned long long)heard.id[i], (int)want[i].type, want[i].key,
                 (unsigned long long)ids[i]);
}

/* ------------------------------------------------------------- conditions */
/* DDI FWPM_FILTER_CONDITION0 and FWP_MATCH_TYPE: a filter applies only when its conditions
 * hold; EQUAL, NOT_EQUAL, GREATER, LESS, GREATER_OR_EQUAL and LESS_OR_EQUAL compare the field
 * with the value (here IP_REMOTE_PORT, a UINT16, against 8081), and an FWP_V4_ADDR_MASK value
 * (FWP_V4_ADDR_AND_MASK, host order) matches the addresses whose masked bits equal its own. */
static UINT64 match_ids[8];
static const FWP_MATCH_TYPE port_matches[6] = {FWP_MATCH_EQUAL, FWP_MATCH_NOT_EQUAL,        FWP_MATCH_GREATER,
                                               FWP_MATCH_LESS,  FWP_MATCH_GREATER_OR_EQUAL, FWP_MATCH_LESS_OR_EQUAL};
static const char *const match_names[6] = {"EQUAL", "NOT_EQUAL",        "GREATER",
                                           "LESS",  "GREATER_OR_EQUAL", "LESS_OR_EQUAL"};

static void match_filters(wc_ctx *c) {
    UINT32 cid = 0;
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    for (int k = 0; k < 6 && st == STATUS_SUCCESS; k++) {
        FWPM_FILTER_CONDITION0 cond;
        cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_PORT, port_matches[k], FWP_UINT16);
        cond.conditionValue.uint16 = 8081;
        st = add_filter(h, k, &sublayer_key, &no_weight, &cond, 1, &match_ids[k]);
    }
    static FWP_V4_ADDR_AND_MASK nets[2] = {{0xC6336400u, 0xFFFFFF00u}, {0xC6330000u, 0xFFFF0000u}};
    for (int k = 0; k < 2 && st == STATUS_SUCCESS; k++) { /* 198.51.100.0/24 and 198.51.0.0/16 */
        FWPM_FILTER_CONDITION0 cond;
        cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_V4_ADDR_MASK);
        cond.conditionValue.v4AddrMask = &nets[k];
        st = add_filter(h, 6 + k, &sublayer_key, &no_weight, &cond, 1, &match_ids[6 + k]);
    }
    wc_check(c, st == STATUS_SUCCESS, "set-up: the filters with conditions: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

/* ------------------------------------------------------- ALE_AUTH_CONNECT fields */
/* DDI FWPS_FILTER_CONDITION0 (fieldId: the layer's "data field identifier") and the
 * FWPS_FIELDS_ALE_AUTH_CONNECT_V4 enumeration, which numbers the fields otherwise than
 * FWPS_FIELDS_ALE_CONNECT_REDIRECT_V4 (the remote port is index 7 there, 8 here): a filter at
 * ALE_AUTH_CONNECT_V4 with a remote-port condition runs for that port only, shows classifyFn
 * its condition under the AUTH_CONNECT index, and the incoming values at that layer's indexes
 * are the port and the protocol connected with. */
static UINT64 auth_filter;
static struct {
    int n;
    UINT16 layer, field;
    UINT32 conds;
    FWP_DATA_TYPE port_type, proto_type;
    UINT16 port;
    UINT8 proto;
} auth_seen;

static void auth_fields_seen(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                             FWPS_CLASSIFY_OUT0 *out) {
    (void)meta, (void)ctx, (void)out;
    if (filter->filterId != auth_filter || auth_seen.n++) return;
    const FWPS_INCOMING_VALUES0 *in = classify_in;
    auth_seen.layer = in ? in->layerId : 0;
    auth_seen.conds = filter->numFilterConditions;
    auth_seen.field =
        filter->numFilterConditions && filter->filterCondition ? filter->filterCondition[0].fieldId : 0xFFFF;
    if (!in || in->valueCount <= FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT) return;
    const FWP_VALUE0 *port = &in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value;
    const FWP_VALUE0 *proto = &in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value;
    auth_seen.port_type = port->type;
    auth_seen.port = port->type == FWP_UINT16 ? port->uint16 : 0;
    auth_seen.proto_type = proto->type;
    auth_seen.proto = proto->type == FWP_UINT8 ? proto->uint8 : 0;
}

static void auth_filters(wc_ctx *c) {
    UINT32 cid = 0;
    auth_filter = 0;
    memset(&auth_seen, 0, sizeof auth_seen);
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    FWPM_FILTER_CONDITION0 cond;
    cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_UINT16);
    cond.conditionValue.uint16 = 8081;
    if (st == STATUS_SUCCESS)
        st = add_inspection(h, &filter_keys[5], &FWPM_LAYER_ALE_AUTH_CONNECT_V4, &cond, &auth_filter);
    wc_check(c, st == STATUS_SUCCESS, "set-up: a filter at ALE_AUTH_CONNECT_V4 on remote port 8081: 0x%08x",
             (unsigned)st);
    FwpmEngineClose0(h);
}

static void s5_auth_fields(wc_ctx *c) {
    if (!load_driver(c, auth_filters)) return;
    on_classify = auth_fields_seen;
    knock(9, 8081);
    knock(9, 8080);
    on_classify = NULL;
    if (!wc_check(
            c, auth_seen.n == 1,
            "the ALE_AUTH_CONNECT_V4 filter on remote port 8081 ran %d time(s) for a connect to port 8081 and one "
            "to 8080; expected once",
            auth_seen.n))
        return;
    wc_check(c, auth_seen.layer == FWPS_LAYER_ALE_AUTH_CONNECT_V4, "classifyFn ran with layerId %u; expected %u",
             (unsigned)auth_seen.layer, (unsigned)FWPS_LAYER_ALE_AUTH_CONNECT_V4);
    wc_check(
        c, auth_seen.conds == 1 && auth_seen.field == FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT,
        "the filter's condition: %u of them, fieldId %u; expected 1, FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT "
        "(%u)",
        (unsigned)auth_seen.conds, (unsigned)auth_seen.field, (unsigned)FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT);
    wc_check(c, auth_seen.port_type == FWP_UINT16 && auth_seen.port == 8081,
             "the remote port at its ALE_AUTH_CONNECT_V4 index: type %d, %u; expected FWP_UINT16, 8081",
             (int)auth_seen.port_type, (unsigned)auth_seen.port);
    wc_check(c, auth_seen.proto_type == FWP_UINT8 && auth_seen.proto == IPPROTO_TCP,
             "the protocol at its ALE_AUTH_CONNECT_V4 index: type %d, %u; expected FWP_UINT8, 6",
             (int)auth_seen.proto_type, (unsigned)auth_seen.proto);
}

static int knock_at(UINT32 addr, USHORT port) {
    int before = nhits;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(addr);
    if (s != INVALID_SOCKET) {
        connect(s, (struct sockaddr *)&a, sizeof a);
        closesocket(s);
    }
    return nhits - before;
}

static void s5_match_types(wc_ctx *c) {
    if (!load_driver(c, match_filters)) return;
    static const USHORT ports[3] = {8080, 8081, 8082};
    for (int p = 0; p < 3; p++) {
        int from = nhits;
        knock_at(0xC6336409u, ports[p]); /* 198.51.100.9 */
        for (int k = 0; k < 6; k++) {
            int want = k == 0   ? ports[p] == 8081
                       : k == 1 ? ports[p] != 8081
                       : k == 2 ? ports[p] > 8081
                       : k == 3 ? ports[p] < 8081
                       : k == 4 ? ports[p] >= 8081
                                : ports[p] <= 8081;
            wc_check(c, hit(from, match_ids[k]) == want, "remote port %u %s 8081: the filter %s", ports[p],
                     match_names[k], want ? "did not run" : "ran");
        }
        wc_check(c, hit(from, match_ids[6]) && hit(from, match_ids[7]),
                 "198.51.100.9 is in 198.51.100.0/24 and 198.51.0.0/16: the address-mask filters ran %d, %d",
                 hit(from, match_ids[6]), hit(from, match_ids[7]));
    }
    int from = nhits;
    knock_at(0xC6336509u, 8081); /* 198.51.101.9 */
    wc_check(c, !hit(from, match_ids[6]) && hit(from, match_ids[7]),
             "198.51.101.9: the /24 filter (198.51.100.0) %s, the /16 filter (198.51.0.0) %s",
             hit(from, match_ids[6]) ? "ran" : "did not run", hit(from, match_ids[7]) ? "ran" : "did not run");
}

/* ---------------------------------------------------------------- weights */
/* "Filter Weight Assignment" (WFP): an FWP_UINT64 weight is used as is; FWP_EMPTY gets a weight
 * in [0, 2^60); an FWP_UINT8 in [0, 15] sets the 4 high-order bits.  "Filter Arbitration":
 * sublayers run from the highest weight down, and in a sublayer the filters from the highest
 * weight down.  So, added in this order: 2 (UINT8), 2^60+5 (UINT64), 9 (UINT8), 10·2^60
 * (UINT64), EMPTY, and 1 (UINT64) in a heavier sublayer, they classify as 5, 3, 2, 0, 1, 4. */
static UINT64 weight_ids[7];
static void weight_filters(wc_ctx *c) {
    UINT32 cid = 0;
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    static UINT64 exact[3] = {0x1000000000000005ull, 0xA000000000000000ull, 1};
    const FWP_VALUE0 w[6] = {{.type = FWP_UINT8, .uint8 = 2},
                             {.type = FWP_UINT64, .uint64 = &exact[0]},
                             {.type = FWP_UINT8, .uint8 = 9},
                             {.type = FWP_UINT64, .uint64 = &exact[1]},
                             {.type = FWP_EMPTY},
                             {.type = FWP_UINT64, .uint64 = &exact[2]}};
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    if (st == STATUS_SUCCESS) st = add_sublayer(h, &sublayer2_key, 0xFFFF);
    /* filter 3 is added with FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT, which classifyFn sees as
     * FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT in its FWPS_FILTER1.flags; the others with none */
    for (int k = 0; k < 6 && st == STATUS_SUCCESS; k++) {
        add_flags = k == 3 ? FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT : 0;
        st = add_filter(h, k, k == 5 ? &sublayer2_key : &sublayer_key, &w[k], NULL, 0, &weight_ids[k]);
    }
    add_flags = 0;
    wc_check(c, st == STATUS_SUCCESS, "set-up: the weighted filters: 0x%08x", (unsigned)st);
    /* What is not a weight: a range index past 15, a UINT64 weight without its value, another
     * type; and conditions announced without the array.  Each add fails and adds nothing. */
    const FWP_VALUE0 bad[3] = {
        {.type = FWP_UINT8, .uint8 = 16}, {.type = FWP_UINT64, .uint64 = NULL}, {.type = FWP_UINT32, .uint32 = 7}};
    static const char *const bad_names[3] = {"FWP_UINT8 16", "FWP_UINT64 with a NULL value", "FWP_UINT32"};
    for (int k = 0; k < 3; k++) {
        st = add_filter(h, 6, &sublayer_key, &bad[k], NULL, 0, NULL);
        wc_check(c, !NT_SUCCESS(st), "FwpmFilterAdd0 with the weight %s: 0x%08x, expected a failure", bad_names[k],
                 (unsigned)st);
    }
    /* while the top of the range is one: added, then deleted so that it takes no part in the order */
    const FWP_VALUE0 top = {.type = FWP_UINT8, .uint8 = 15};
    UINT64 top_id = 0;
    st = add_filter(h, 7, &sublayer_key, &top, NULL, 0, &top_id);
    wc_check(c, st == STATUS_SUCCESS, "FwpmFilterAdd0 with the weight FWP_UINT8 15, the top of [0, 15]: 0x%08x",
             (unsigned)st);
    if (st == STATUS_SUCCESS) FwpmFilterDeleteById0(h, top_id);
    st = add_filter(h, 7, &sublayer_key, &no_weight, NULL, 1, NULL);
    wc_check(c, !NT_SUCCESS(st), "FwpmFilterAdd0 with numFilterConditions 1 and no conditions: 0x%08x", (unsigned)st);
    /* a condition whose value is not of the field's type (IP_REMOTE_PORT is a UINT16, not a
     * byte blob: FWPM_FILTER_CONDITION0, "WFP Error Codes" FWP_E_TYPE_MISMATCH) */
    FWP_BYTE_BLOB blob = {2, (UINT8 *)"\x1f\x91"};
    FWPM_FILTER_CONDITION0 cond;
    cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_BYTE_BLOB_TYPE);
    cond.conditionValue.byteBlob = &blob;
    st = add_filter(h, 7, &sublayer_key, &no_weight, &cond, 1, NULL);
    wc_check(c, !NT_SUCCESS(st), "FwpmFilterAdd0 with a byte-blob value for IP_REMOTE_PORT: 0x%08x", (unsigned)st);
    /* nor is an integer of another width ("Filtering condition identifiers": IP_REMOTE_PORT is
     * FWP_UINT16, IP_PROTOCOL FWP_UINT8), alone or as a range's end */
    cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_UINT32);
    cond.conditionValue.uint32 = 8080;
    st = add_filter(h, 7, &sublayer_key, &no_weight, &cond, 1, NULL);
    wc_check(c, !NT_SUCCESS(st), "FwpmFilterAdd0 with a UINT32 value for IP_REMOTE_PORT: 0x%08x", (unsigned)st);
    cond_init(&cond, &FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_UINT16);
    cond.conditionValue.uint16 = IPPROTO_TCP;
    st = add_filter(h, 7, &sublayer_key, &no_weight, &cond, 1, NULL);
    wc_check(c, !NT_SUCCESS(st), "FwpmFilterAdd0 with a UINT16 value for IP_PROTOCOL: 0x%08x", (unsigned)st);
    FWP_RANGE0 wide = {{.type = FWP_UINT16, .uint16 = 80}, {.type = FWP_UINT32, .uint32 = 90}};
    cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    cond.conditionValue.rangeValue = &wide;
    st = add_filter(h, 7, &sublayer_key, &no_weight, &cond, 1, NULL);
    wc_check(c, !NT_SUCCESS(st), "FwpmFilterAdd0 with a port range ending in a UINT32: 0x%08x", (unsigned)st);
    /* FWPM_FILTER0, subLayerKey: "If this is set to IID_NULL, the filter is added to the default
     * sublayer" (where it runs is the model's answer, s5_weight_order) */
    static const GUID iid_null;
    st = add_filter(h, 7, &iid_null, &no_weight, NULL, 0, &weight_ids[6]);
    wc_check(c, st == STATUS_SUCCESS, "FwpmFilterAdd0 in the default sublayer (IID_NULL): 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

static void s5_weight_order(wc_ctx *c) {
    if (!load_driver(c, weight_filters)) return;
    int from = nhits;
    knock(9, 80);
    static const int order[6] = {5, 3, 2, 0, 1, 4};
    /* the six filters of the two sublayers added, in their order; filter 6, in the default
     * sublayer, wherever the model puts it (pinned below) */
    int got_order[MAX_HITS], ngot = 0, default_at = -1;
    char got[160] = "";
    for (int i = from, n = 0; i < nhits; i++)
        for (int k = 0; k < 7; k++)
            if (hits[i] == weight_ids[k]) {
                if (n < 150) n += snprintf(got + n, sizeof got - (size_t)n, " %d", k);
                if (k == 6)
                    default_at = default_at < 0 ? i - from : -2;
                else
                    got_order[ngot++] = k;
            }
    int ok = ngot == 6 && nhits - from == 7;
    for (int i = 0; ok && i < 6; i++) ok = got_order[i] == order[i];
    wc_check(c, ok, "the filters classified in the order%s (by index); expected 5 3 2 0 1 4 and 6 once (%d classifies)",
             got, nhits - from);
    /* FWPS_FILTER1: flags as added, subLayerWeight the weight of the filter's sublayer */
    static const UINT16 sublayer_of[6] = {10, 10, 10, 10, 10, 0xFFFF};
    for (int i = from; i < nhits; i++)
        for (int k = 0; k < 6; k++)
            if (hits[i] == weight_ids[k]) {
                wc_check(c, hit_flags[i] == (k == 3 ? (UINT32)FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT : 0u),
                         "filter %d (added with flags %#x) reached classifyFn with FWPS_FILTER1.flags %#x", k,
                         k == 3 ? (unsigned)FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT : 0u, (unsigned)hit_flags[i]);
                wc_check(c, hit_sublayer[i] == sublayer_of[k],
                         "filter %d (in a sublayer of weight %u) reached classifyFn with subLayerWeight %u", k,
                         (unsigned)sublayer_of[k], (unsigned)hit_sublayer[i]);
            }
    wc_model_answer(c, "FwpmFilterAdd0.default-sublayer", "classified %s, subLayerWeight %u",
                    default_at == 6  ? "last"
                    : default_at < 0 ? "never or twice"
                                     : "before others",
                    default_at >= 0 ? (unsigned)hit_sublayer[from + default_at] : 0u);
}

/* ------------------------------------------------------------ arbitration */
/* "Filter Arbitration" (WFP): sublayers are evaluated from the highest priority down; in one,
 * the matching filters from the highest weight down until one returns PERMIT or BLOCK, and
 * the rest of that sublayer is skipped; every sublayer is evaluated, and BLOCK overrides
 * PERMIT.  Here: sublayer 20 has PERMIT (weight 100) above a callout filter (50), which
 * never runs; sublayer 10 has a callout filter (50), which runs, above BLOCK (10) for one
 * port only: the connect to that port fails although a heavier sublayer permitted it, the
 * connect to another port reaches its listener. */
#define ARB_OPEN (PROXY_PORT + 2)
#define ARB_BLOCKED (PROXY_PORT + 3)
static UINT64 arb_ids[4];
/* The set-up both arbitration drivers share: the case's callout registered, sublayers 20 and
 * 10, filter weights 100, 50 and 10 in w, and a condition matching ARB_BLOCKED.  NULL when it
 * failed (reported). */
static HANDLE arb_setup(wc_ctx *c, FWP_VALUE0 w[3], FWPM_FILTER_CONDITION0 *cond) {
    static UINT64 weights[3] = {100, 50, 10};
    UINT32 cid = 0;
    HANDLE h = open_engine(c);
    if (!h) return NULL;
    for (int i = 0; i < 3; i++) w[i] = (FWP_VALUE0){.type = FWP_UINT64, .uint64 = &weights[i]};
    cond_init(cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_UINT16);
    cond->conditionValue.uint16 = ARB_BLOCKED;
    NTSTATUS st = register_callout(c, &cid) ? add_sublayer(h, &sublayer_key, 20) : STATUS_UNSUCCESSFUL;
    if (st == STATUS_SUCCESS) st = add_sublayer(h, &sublayer2_key, 10);
    if (st == STATUS_SUCCESS) return h;
    wc_check(c, 0, "set-up: the callout and sublayers: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
    return NULL;
}

static void arbitration_filters(wc_ctx *c) {
    FWP_VALUE0 w[3];
    FWPM_FILTER_CONDITION0 cond;
    HANDLE h = arb_setup(c, w, &cond);
    if (!h) return;
    NTSTATUS st = add_filter_as(h, 0, &sublayer_key, &w[0], NULL, 0, FWP_ACTION_PERMIT, &arb_ids[0]);
    if (st == STATUS_SUCCESS) st = add_filter(h, 1, &sublayer_key, &w[1], NULL, 0, &arb_ids[1]);
    if (st == STATUS_SUCCESS) st = add_filter(h, 2, &sublayer2_key, &w[1], NULL, 0, &arb_ids[2]);
    if (st == STATUS_SUCCESS) st = add_filter_as(h, 3, &sublayer2_key, &w[2], &cond, 1, FWP_ACTION_BLOCK, &arb_ids[3]);
    wc_check(c, st == STATUS_SUCCESS, "set-up: the filters: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

/* A blocking connect to loopback:port with a listener there; 0 when it connected. */
static int connect_local(wc_ctx *c, USHORT port, int *accepted) {
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int err = -1;
    if (wc_check(c,
                 l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&a, sizeof a) == 0 &&
                     listen(l, 4) == 0,
                 "set-up: a listener on port %u: %d", port, WSAGetLastError())) {
        err = connect(s, (struct sockaddr *)&a, sizeof a) ? WSAGetLastError() : 0;
        *accepted = wc_looped(c, l);
    }
    if (s != INVALID_SOCKET) closesocket(s);
    if (l != INVALID_SOCKET) closesocket(l);
    return err;
}

static void s5_arbitration(wc_ctx *c) {
    if (!load_driver(c, arbitration_filters)) return;
    int from = nhits, got = 0;
    int err = connect_local(c, ARB_OPEN, &got);
    wc_check(c, err == 0 && got, "the connect to port %u, permitted: error %d, accepted %d", ARB_OPEN, err, got);
    wc_check(c, hit(from, arb_ids[2]) && !hit(from, arb_ids[1]),
             "port %u: the callout filter below PERMIT in its sublayer ran %d (expected 0), the one in the lighter "
             "sublayer %d (expected 1)",
             ARB_OPEN, hit(from, arb_ids[1]), hit(from, arb_ids[2]));
    from = nhits;
    got = 0;
    err = connect_local(c, ARB_BLOCKED, &got);
    wc_check(c, err != 0 && !got, "the connect to port %u, blocked in the lighter sublayer: error %d, accepted %d",
             ARB_BLOCKED, err, got);
    wc_check(c, hit(from, arb_ids[2]) && !hit(from, arb_ids[1]),
             "port %u: the callout filters ran %d (below PERMIT) and %d (above BLOCK)", ARB_BLOCKED,
             hit(from, arb_ids[1]), hit(from, arb_ids[2]));
}

/* "Filter Arbitration": a BLOCK filter refuses the connects it matches, here one with no
 * condition in the case driver's light sublayer: a connect to 198.51.100.9:80 fails with
 * WSAEACCES (a block, not a refusal by the far end).  And a blocked connect leaves nothing
 * behind in the stack: on the model, its memory after the first one does not grow with three
 * more. */
static void block_all_filter(wc_ctx *c) {
    HANDLE h = open_engine(c);
    if (!h) return;
    static UINT64 w = 10;
    const FWP_VALUE0 light = {.type = FWP_UINT64, .uint64 = &w};
    UINT64 id = 0;
    NTSTATUS st = add_sublayer(h, &sublayer2_key, 10);
    if (st == STATUS_SUCCESS) st = add_filter_as(h, 0, &sublayer2_key, &light, NULL, 0, FWP_ACTION_BLOCK, &id);
    wc_check(c, st == STATUS_SUCCESS, "set-up: a BLOCK filter: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

static void s5_block_refuses(wc_ctx *c) {
    if (!load_driver(c, block_all_filter)) return;
    /* A test callout that redirects elsewhere and watches ALE_AUTH_CONNECT: a connection blocked
     * at ALE_CONNECT_REDIRECT ends there and never reaches the layer after it. */
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50301);
    p.match_remote = "203.0.113.77";
    p.observe_auth = 1;
    int watching = wt_add_callout(wc_target(c), &p) == WT_OK;
    wc_check(c, watching, "set-up: a callout watching ALE_AUTH_CONNECT: %s", wt_error());
    long after_first = -1;
    for (int i = 0; i < 4; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80)};
        a.sin_addr.s_addr = htonl(0xC6336409u); /* 198.51.100.9 */
        int rc = connect(s, (struct sockaddr *)&a, sizeof a);
        int err = rc ? WSAGetLastError() : 0;
        closesocket(s);
        if (!wc_check(c, rc == SOCKET_ERROR && err == WSAEACCES,
                      "connect %d, which a BLOCK filter matches: %d, error %d; expected WSAEACCES", i + 1, rc, err))
            break;
        if (i == 0) after_first = wt_model_live_blocks();
    }
    long now = wt_model_live_blocks();
    if (after_first >= 0)
        wc_safety(c, now == after_first, "three more blocked connects left %ld more of the model's memory blocks",
                  now - after_first);
    /* and a UDP flow it matches: its first datagram is refused, and so is the next on the same
     * route (the block is the flow's, not the datagram's); which code no page says for a datagram
     * (the model's, WSAEACCES as for a connect, is pinned) */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(53)};
    to.sin_addr.s_addr = htonl(0xC6336409u); /* 198.51.100.9 */
    int e1 = sendto(u, "q", 1, 0, (struct sockaddr *)&to, sizeof to) == 1 ? 0 : WSAGetLastError();
    int e2 = sendto(u, "q", 1, 0, (struct sockaddr *)&to, sizeof to) == 1 ? 0 : WSAGetLastError();
    closesocket(u);
    wc_check(c, e1 && e2,
             "two datagrams to 198.51.100.9:53, which a BLOCK filter matches: errors %d and %d; expected "
             "two failures",
             e1, e2);
    wc_model_answer(c, "sendto.blocked-flow", "%d %d", e1, e2);
    wt_callout_view v;
    int rc = watching ? wt_callout_view_get(wc_target(c), 'A', &v) : WT_EUNSUPPORTED;
    if (rc == WT_EUNSUPPORTED) /* a vendor's callout (--callout) shows the suite nothing of what it saw */
        wc_log(c, "what callout A saw at ALE_AUTH_CONNECT is not visible here: %s", wt_error());
    else if (wc_check(c, rc == WT_OK, "set-up: what callout A saw: %s", wt_error()))
        wc_check(c, v.auth_classified == 0,
                 "connects blocked at ALE_CONNECT_REDIRECT were classified %u times at ALE_AUTH_CONNECT, the layer "
                 "after it",
                 v.auth_classified);
}

/* ------------------------------------------------------ the classify calls */
/* DDI FwpsAcquireClassifyHandle0, FwpsAcquireWritableLayerDataPointer0, FwpsPendClassify0: their
 * flags are reserved and must be zero, and classifyHandle is a required out-parameter; the
 * calls with zero flags then succeed.  FwpsPendClassify0 pends "the current classify request"
 * from classifyFn: a second pend of the same request, or one after classifyFn returned, fails.
 * FwpsCompleteClassify0's classifyOut is the final decision: BLOCK fails the connect as an
 * inline BLOCK does (WSAEACCES, S5.api.block-refuses), CONTINUE (with the write right handed
 * back) lets it reach its server, and NULL reauthorizes the flow ("If classifyOut is NULL, the
 * flow is reauthorized"), which this driver's classifyFn then leaves alone: it connects. */
static struct {
    int calls;
    NTSTATUS h_flags, h_null, h_ok, w_flags, w_ok, p_flags, p_ok, p_again;
    UINT64 handle, filter;
    void *w_bad;
} cl;

static void classify_calls(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                           FWPS_CLASSIFY_OUT0 *out) {
    (void)meta;
    if (cl.calls++) return;
    UINT64 h = 0;
    cl.h_flags = FwpsAcquireClassifyHandle0((void *)ctx, 1, &h);
    cl.h_null = FwpsAcquireClassifyHandle0((void *)ctx, 0, NULL);
    cl.h_ok = FwpsAcquireClassifyHandle0((void *)ctx, 0, &h);
    if (cl.h_ok != STATUS_SUCCESS) return;
    cl.handle = h;
    cl.filter = filter->filterId;
    void *data = NULL;
    cl.w_flags = FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 1, &data, out);
    cl.w_bad = data;
    cl.w_ok = FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out);
    if (cl.w_ok == STATUS_SUCCESS) FwpsApplyModifiedLayerData0(h, data, 0); /* unchanged: applied all the same */
    cl.p_flags = FwpsPendClassify0(h, filter->filterId, 1, out);
    cl.p_ok = FwpsPendClassify0(h, filter->filterId, 0, out);
    cl.p_again = FwpsPendClassify0(h, filter->filterId, 0, out);
    out->actionType = FWP_ACTION_BLOCK; /* a pended classify: BLOCK without the write right (A88) */
    out->rights &= ~(UINT32)FWPS_RIGHT_ACTION_WRITE;
    if (cl.p_ok != STATUS_SUCCESS) FwpsReleaseClassifyHandle0(h);
}

static void plain_filter(wc_ctx *c) {
    UINT32 cid = 0;
    UINT64 id = 0;
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    if (st == STATUS_SUCCESS) st = add_filter(h, 0, &sublayer_key, &no_weight, NULL, 0, &id);
    wc_check(c, st == STATUS_SUCCESS, "set-up: the filter: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

static void s5_pend_complete(wc_ctx *c) {
    const int *block = wc_current(c)->param; /* 1 BLOCK, 0 CONTINUE, 2 NULL (reauthorize) */
    memset(&cl, 0, sizeof cl);
    if (!load_driver(c, plain_filter)) return;
    on_classify = classify_calls;
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(PROXY_PORT + 1)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    u_long nb = 1;
    if (!wc_check(c,
                  l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&a, sizeof a) == 0 &&
                      listen(l, 4) == 0 && ioctlsocket(s, FIONBIO, &nb) == 0,
                  "set-up: a listener and a non-blocking socket: %d", WSAGetLastError()))
        return;
    int rc = connect(s, (struct sockaddr *)&a, sizeof a);
    int err = rc ? WSAGetLastError() : 0;
    on_classify = NULL;
    if (!wc_check(c, cl.calls == 1 && cl.h_ok == STATUS_SUCCESS, "the connect was classified %d time(s); handle 0x%08x",
                  cl.calls, (unsigned)cl.h_ok))
        return;
    wc_check(c, !NT_SUCCESS(cl.h_flags), "FwpsAcquireClassifyHandle0 with flags 1: 0x%08x", (unsigned)cl.h_flags);
    wc_check(c, !NT_SUCCESS(cl.h_null), "FwpsAcquireClassifyHandle0 without classifyHandle: 0x%08x",
             (unsigned)cl.h_null);
    wc_check(c, !NT_SUCCESS(cl.w_flags) && cl.w_bad == NULL,
             "FwpsAcquireWritableLayerDataPointer0 with flags 1: 0x%08x (data %p)", (unsigned)cl.w_flags, cl.w_bad);
    wc_check(c, cl.w_ok == STATUS_SUCCESS, "FwpsAcquireWritableLayerDataPointer0: 0x%08x", (unsigned)cl.w_ok);
    wc_check(c, !NT_SUCCESS(cl.p_flags), "FwpsPendClassify0 with flags 1: 0x%08x", (unsigned)cl.p_flags);
    if (!wc_check(c, cl.p_ok == STATUS_SUCCESS, "FwpsPendClassify0: 0x%08x", (unsigned)cl.p_ok)) return;
    wc_check(c, !NT_SUCCESS(cl.p_again), "FwpsPendClassify0 of a request already pended: 0x%08x", (unsigned)cl.p_again);
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "a non-blocking connect whose classify is pended: rc=%d err=%d, expected WSAEWOULDBLOCK", rc, err);
    FWPS_CLASSIFY_OUT0 out;
    memset(&out, 0, sizeof out);
    NTSTATUS st = FwpsPendClassify0(cl.handle, cl.filter, 0, &out);
    wc_check(c, !NT_SUCCESS(st), "FwpsPendClassify0 after classifyFn returned: 0x%08x", (unsigned)st);
    out.actionType = *block == 1 ? FWP_ACTION_BLOCK : FWP_ACTION_CONTINUE;
    out.rights = *block == 1 ? 0 : FWPS_RIGHT_ACTION_WRITE;
    FwpsCompleteClassify0(cl.handle, 0, *block == 2 ? NULL : &out);
    FwpsReleaseClassifyHandle0(cl.handle);
    wt_pump(wc_target(c));
    fd_set wr, ex;
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(s, &wr);
    FD_SET(s, &ex);
    struct timeval tv = {1, 0};
    int n = select(0, NULL, &wr, &ex, &tv);
    int soerr = 0, len = sizeof soerr;
    getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&soerr, &len);
    if (*block == 1) {
        wc_check(c, n == 1 && FD_ISSET(s, &ex) && soerr == WSAEACCES,
                 "the connect whose pended classify was completed with BLOCK: select %d (failed %d), SO_ERROR %d; "
                 "expected a failed connect with WSAEACCES",
                 n, FD_ISSET(s, &ex) ? 1 : 0, soerr);
        /* "SOL_SOCKET socket options", SO_ERROR: "Retrieves error status and clear" */
        int again = -1;
        len = sizeof again;
        getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&again, &len);
        wc_check(c, again == 0, "SO_ERROR read again after it gave the failed connect's error: %d; expected 0", again);
    } else
        wc_check(c, n == 1 && FD_ISSET(s, &wr) && soerr == 0,
                 "the connect whose pended classify was completed with %s: select %d (connected %d), SO_ERROR "
                 "%d; expected a connected socket",
                 *block ? "NULL (reauthorize)" : "CONTINUE", n, FD_ISSET(s, &wr) ? 1 : 0, soerr);
    wc_check(c, wc_findings(c, "verifier") == 0, "the verifier reported the case's driver");
}

/* --------------------------------------------------- SIO-format records */
/* DDI FwpsQueryConnectionSioFormatRedirectRecords0: the records of a redirected connection in
 * the form SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS takes; a buffer too small is
 * STATUS_BUFFER_TOO_SMALL with the required size in BytesTransferred and nothing transferred;
 * RedirectRecords NULL is STATUS_NOT_FOUND; the buffer "must be pointer-aligned".  The
 * connection here is a proxy's outbound one, carrying the records it SET (A59): its classify
 * has REDIRECT_RECORD_HANDLE, and the records come out as the bytes the proxy handed in.
 * FwpsQueryConnectionRedirectState0 with this driver's own handle, which redirected nothing,
 * is REDIRECTED_BY_OTHER, and no context comes back (SEMANTICS 5: only for *_SELF); with a
 * handle already destroyed it is a broken obligation, which the model's verifier names. */
static struct {
    int seen;
    NTSTATUS st[5];
    SIZE_T bt[5];
    int untouched, odd_untouched;
    FWPS_CONNECTION_REDIRECT_STATE state, dead_state;
    void *ctx, *dead_ctx; /* dead_ctx: room for the out-parameter */
    int dead_asked;
    union {
        UINT64 align;
        BYTE b[WC_BUF + 16];
    } buf;
} sio;
static HANDLE own_handle;
static NTSTATUS handle_flags, handle_null;

static void sio_calls(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                      FWPS_CLASSIFY_OUT0 *out) {
    (void)ctx, (void)filter, (void)out;
    if (sio.seen || !FWPS_IS_METADATA_FIELD_PRESENT(meta, FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE)) return;
    sio.seen = 1;
    SIZE_T bt = WC_SENTINEL;
    sio.st[0] = FwpsQueryConnectionSioFormatRedirectRecords0(meta->redirectRecords, NULL, 0, &bt);
    sio.bt[0] = bt;
    SIZE_T need = bt != WC_SENTINEL && bt <= WC_BUF ? bt : 0;
    memset(sio.buf.b, 0xA5, sizeof sio.buf.b);
    bt = WC_SENTINEL;
    sio.st[1] = need ? FwpsQueryConnectionSioFormatRedirectRecords0(meta->redirectRecords, sio.buf.b, need - 1, &bt)
                     : STATUS_SUCCESS;
    sio.bt[1] = bt;
    sio.untouched = 1;
    for (size_t i = 0; i < sizeof sio.buf.b; i++) sio.untouched &= sio.buf.b[i] == 0xA5;
    bt = WC_SENTINEL;
    sio.st[2] = FwpsQueryConnectionSioFormatRedirectRecords0(meta->redirectRecords, sio.buf.b, need, &bt);
    sio.bt[2] = bt;
    bt = WC_SENTINEL;
    BYTE other[64];
    sio.st[3] = FwpsQueryConnectionSioFormatRedirectRecords0(NULL, other, sizeof other, &bt);
    sio.bt[3] = bt;
    static union {
        UINT64 align;
        BYTE b[WC_BUF + 16];
    } odd;
    memset(odd.b, 0xA5, sizeof odd.b);
    bt = WC_SENTINEL;
    sio.st[4] = FwpsQueryConnectionSioFormatRedirectRecords0(meta->redirectRecords, odd.b + 1, WC_BUF, &bt);
    sio.bt[4] = bt;
    sio.odd_untouched = 1;
    for (size_t i = 0; i < sizeof odd.b; i++) sio.odd_untouched &= odd.b[i] == 0xA5;
    sio.state = FwpsQueryConnectionRedirectState0(meta->redirectRecords, own_handle, &sio.ctx);
    /* a handle destroyed already: a broken obligation the verifier names (A80, SEMANTICS 5) */
    HANDLE dead = NULL;
    if (FwpsRedirectHandleCreate0(&provider_key, 0, &dead) == STATUS_SUCCESS) {
        FwpsRedirectHandleDestroy0(dead);
        sio.dead_state = FwpsQueryConnectionRedirectState0(meta->redirectRecords, dead, &sio.dead_ctx);
        sio.dead_asked = 1;
    }
}

static void handle_and_filter(wc_ctx *c) {
    handle_flags = FwpsRedirectHandleCreate0(&provider_key, 1, &own_handle);
    handle_null = FwpsRedirectHandleCreate0(&provider_key, 0, NULL);
    NTSTATUS st = FwpsRedirectHandleCreate0(&provider_key, 0, &own_handle);
    wc_check(c, st == STATUS_SUCCESS, "FwpsRedirectHandleCreate0: 0x%08x", (unsigned)st);
    plain_filter(c);
}

/* SEMANTICS 5 (WDK-FLAGS): the proxy's outbound connection carrying SET records has
 * FWP_CONDITION_FLAG_IS_PROXY_CONNECTION in its flags, the client's own connect does not; a
 * FLAGS condition (FWP_MATCH_FLAGS_ALL_SET, _ANY_SET, _NONE_SET) selects by those bits.  The
 * fourth filter selects connections without FWP_CONDITION_FLAG_IS_LOOPBACK ("the network
 * traffic is loopback traffic", filtering-condition-flags page, which does not list
 * ALE_CONNECT_REDIRECT among its layers): both connects go to 198.51.100.7, so neither has it. */
static UINT64 flag_ids[4];
static void handle_filter_flags(wc_ctx *c) {
    handle_and_filter(c);
    HANDLE h = open_engine(c);
    if (!h) return;
    static const FWP_MATCH_TYPE m[4] = {FWP_MATCH_FLAGS_ALL_SET, FWP_MATCH_FLAGS_ANY_SET, FWP_MATCH_FLAGS_NONE_SET,
                                        FWP_MATCH_FLAGS_NONE_SET};
    static const UINT32 bits[4] = {FWP_CONDITION_FLAG_IS_PROXY_CONNECTION,
                                   FWP_CONDITION_FLAG_IS_PROXY_CONNECTION | FWP_CONDITION_FLAG_IS_REAUTHORIZE,
                                   FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, FWP_CONDITION_FLAG_IS_LOOPBACK};
    NTSTATUS st = STATUS_SUCCESS;
    for (int k = 0; k < 4 && st == STATUS_SUCCESS; k++) {
        FWPM_FILTER_CONDITION0 cond;
        cond_init(&cond, &FWPM_CONDITION_FLAGS, m[k], FWP_UINT32);
        cond.conditionValue.uint32 = bits[k];
        st = add_filter(h, 1 + k, &sublayer_key, &no_weight, &cond, 1, &flag_ids[k]);
    }
    wc_check(c, st == STATUS_SUCCESS, "set-up: the FLAGS filters: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

static void s5_sio_records(wc_ctx *c) {
    memset(&sio, 0, sizeof sio);
    own_handle = NULL;
    if (!load_driver(c, handle_filter_flags)) return;
    wc_check(c, !NT_SUCCESS(handle_flags), "FwpsRedirectHandleCreate0 with flags 1 (reserved, 0): 0x%08x",
             (unsigned)handle_flags);
    wc_check(c, !NT_SUCCESS(handle_null), "FwpsRedirectHandleCreate0 without redirectHandle: 0x%08x",
             (unsigned)handle_null);
    wt_callout_policy p; /* the redirecting vendor, lighter than the case's driver */
    wt_callout_policy_init(&p, 'B', PROXY_PORT);
    p.weight = 100;
    if (!wc_check(c, wt_add_callout(wc_target(c), &p) == WT_OK, "set-up: vendor B: %s", wt_error())) return;
    wt_tcp_flow f;
    static BYTE rec[WC_BUF];
    int from = nhits;
    if (!wc_redirected(c, 0, &f)) return;
    wc_check(c, !hit(from, flag_ids[0]) && !hit(from, flag_ids[1]) && hit(from, flag_ids[2]),
             "the client's connect (no IS_PROXY_CONNECTION): FLAGS_ALL_SET ran %d, ANY_SET %d, NONE_SET %d; expected "
             "0 0 1",
             hit(from, flag_ids[0]), hit(from, flag_ids[1]), hit(from, flag_ids[2]));
    wc_check(c, hit(from, flag_ids[3]), "the client's connect to 198.51.100.7 carried FWP_CONDITION_FLAG_IS_LOOPBACK");
    ULONG n = wc_query_blob(c, f.accepted, 0, rec, sizeof rec);
    if (!n) return;
    on_classify = sio_calls;
    from = nhits;
    SOCKET s = wc_proxy_connect(c, &f, rec, n);
    on_classify = NULL;
    if (s == INVALID_SOCKET) return;
    wc_check(c, hit(from, flag_ids[0]) && hit(from, flag_ids[1]) && !hit(from, flag_ids[2]),
             "the proxy's connect (IS_PROXY_CONNECTION): FLAGS_ALL_SET ran %d, ANY_SET %d, NONE_SET %d; expected 1 1 0",
             hit(from, flag_ids[0]), hit(from, flag_ids[1]), hit(from, flag_ids[2]));
    wc_check(c, hit(from, flag_ids[3]), "the proxy's connect to 198.51.100.7 carried FWP_CONDITION_FLAG_IS_LOOPBACK");
    FwpsRedirectHandleDestroy0(own_handle);
    if (!wc_check(c, sio.seen, "the proxy's outbound connect carried no REDIRECT_RECORD_HANDLE")) return;
    wc_check(c, sio.st[0] == STATUS_BUFFER_TOO_SMALL && sio.bt[0] == n,
             "no buffer: 0x%08x, BytesTransferred %zu; expected STATUS_BUFFER_TOO_SMALL and %lu", (unsigned)sio.st[0],
             (size_t)sio.bt[0], (unsigned long)n);
    wc_check(c, sio.st[1] == STATUS_BUFFER_TOO_SMALL && sio.bt[1] == n,
             "a buffer one byte short: 0x%08x, BytesTransferred %zu; expected STATUS_BUFFER_TOO_SMALL and %lu",
             (unsigned)sio.st[1], (size_t)sio.bt[1], (unsigned long)n);
    wc_check(c, sio.untouched, "a buffer one byte short was written to");
    wc_check(c, sio.st[2] == STATUS_SUCCESS && sio.bt[2] == n && memcmp(sio.buf.b, rec, n) == 0,
             "a buffer of the exact size: 0x%08x, BytesTransferred %zu (expected %lu), bytes %s the records SET",
             (unsigned)sio.st[2], (size_t)sio.bt[2], (unsigned long)n,
             memcmp(sio.buf.b, rec, n) == 0 ? "equal to" : "differ from");
    wc_check(c, sio.buf.b[n] == 0xA5, "the byte after the records was written");
    wc_check(c, sio.st[3] == STATUS_NOT_FOUND, "RedirectRecords NULL: 0x%08x, expected STATUS_NOT_FOUND",
             (unsigned)sio.st[3]);
    wc_check(c, !NT_SUCCESS(sio.st[4]), "a buffer that is not pointer-aligned: 0x%08x", (unsigned)sio.st[4]);
    /* the refused call copied nothing: BytesTransferred ("the number of bytes copied") is 0 or
     * left alone, and the buffer holds its own bytes */
    wc_check(c, sio.bt[4] == 0 || sio.bt[4] == WC_SENTINEL,
             "a buffer that is not pointer-aligned: BytesTransferred %zu after the refusal; expected 0 or untouched",
             (size_t)sio.bt[4]);
    wc_safety(c, sio.odd_untouched, "the refused call with a buffer that is not pointer-aligned wrote to it");
    wc_check(c, sio.state == FWPS_CONNECTION_REDIRECTED_BY_OTHER && sio.ctx == NULL,
             "the redirect state for a handle that redirected nothing: %d (context %p), expected REDIRECTED_BY_OTHER "
             "and none",
             (int)sio.state, sio.ctx);
    if (wc_check(c, sio.dead_asked, "set-up: a second redirect handle to destroy"))
        wc_check(c, wc_findings(c, "FwpsQueryConnectionRedirectState0 with a redirect handle that is not live") == 1,
                 "FwpsQueryConnectionRedirectState0 with a destroyed redirect handle (state %d): %d finding(s) naming "
                 "it; expected one",
                 (int)sio.dead_state,
                 wc_findings(c, "FwpsQueryConnectionRedirectState0 with a redirect handle that is not live"));
}
/* ------------------------------------------------------------ the verifier */
/* SEMANTICS 5 and A82, A83, A88 name a callout's obligations: every acquire of writable layer
 * data applied exactly once, only the remote side written, a classify handle released once
 * per acquire, FwpsCompleteClassify0 only for a pended classify; a redirect handle is destroyed
 * once.  Windows stops the machine (Driver Verifier) or misbehaves; the model's verifier
 * reports each broken obligation as a finding naming the driver and the call site, which is
 * how certify catches a vendor's driver.  The case's driver breaks each one once. */
static int broke;
static void break_rules(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                        FWPS_CLASSIFY_OUT0 *out) {
    (void)meta;
    if (broke++) return;
    UINT64 h = 0;
    if (FwpsAcquireClassifyHandle0((void *)ctx, 0, &h) != STATUS_SUCCESS) return;
    FWPS_CONNECT_REQUEST0 mine;
    memset(&mine, 0, sizeof mine);
    FwpsApplyModifiedLayerData0(h, &mine, 0); /* data that was not acquired */
    void *data = NULL;
    if (FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out) == STATUS_SUCCESS) {
        FWPS_CONNECT_REQUEST0 *r = data;
        ((struct sockaddr_in *)&r->localAddressAndPort)->sin_port ^= 0x0101; /* A83: not ours to write */
        FwpsApplyModifiedLayerData0(h, data, 0);
        FwpsApplyModifiedLayerData0(h, data, 0); /* twice */
    }
    FwpsReleaseClassifyHandle0(h);
    FwpsReleaseClassifyHandle0(h); /* twice */
    FwpsCompleteClassify0(h, 0, NULL); /* never pended */
    out->actionType = FWP_ACTION_CONTINUE;
    out->rights |= FWPS_RIGHT_ACTION_WRITE;
}

static void s5_verifier(wc_ctx *c) {
    broke = 0;
    own_handle = NULL;
    if (!load_driver(c, handle_and_filter)) return;
    wc_check(c, wc_findings(c, NULL) == 0, "findings before the driver broke a rule");
    on_classify = break_rules;
    knock(9, 80);
    on_classify = NULL;
    FwpsRedirectHandleDestroy0(own_handle);
    FwpsRedirectHandleDestroy0(own_handle); /* twice */
    if (!wc_check(c, broke == 1, "the driver's classifyFn ran %d time(s)", broke)) return;
    static const char *const needles[] = {
        ("A82: FwpsApplyModifiedLayerData0 of data that was not acquired (driver wfp-api-case; "
         "FwpsApplyModifiedLayerData0 at"),
        "A83: filter",
        "applied the same layer data twice",
        "FwpsReleaseClassifyHandle0 of a handle not acquired (driver wfp-api-case; FwpsReleaseClassifyHandle0 at",
        "A88: FwpsCompleteClassify0 of a classify that is not pended",
        "FwpsRedirectHandleDestroy0 of a handle that is not live",
    };
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        wc_check(c, wc_findings(c, needles[i]) == 1, "no single finding '%s'", needles[i]);
}

/* Two obligations of the pended path.  FwpsApplyModifiedLayerData0's flag
 * FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS is for a pended classify only ("If you
 * do call this API for inline classify, set flags to zero", C16); a callout that pends returns
 * BLOCK without the write right (FwpsPendClassify0's remarks, WFPSampler's out-of-band path,
 * A88).  The case's driver breaks each once: the first connect applies inline with the flag,
 * the second pends and returns CONTINUE with the write right kept; the case then completes it
 * with NULL (reauthorize).  The verifier names each once, and nothing else. */
static struct {
    int calls;
    NTSTATUS pend;
    UINT64 handle;
} bp;

static void break_pend_rules(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                             FWPS_CLASSIFY_OUT0 *out) {
    (void)meta;
    int n = bp.calls++;
    UINT64 h = 0;
    if (n > 1 || FwpsAcquireClassifyHandle0((void *)ctx, 0, &h) != STATUS_SUCCESS) return;
    if (n == 0) {
        void *data = NULL;
        if (FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out) == STATUS_SUCCESS)
            FwpsApplyModifiedLayerData0(h, data, FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS);
        FwpsReleaseClassifyHandle0(h);
    } else {
        bp.pend = FwpsPendClassify0(h, filter->filterId, 0, out);
        if (bp.pend == STATUS_SUCCESS)
            bp.handle = h;
        else
            FwpsReleaseClassifyHandle0(h);
    }
    out->actionType = FWP_ACTION_CONTINUE;
    out->rights |= FWPS_RIGHT_ACTION_WRITE;
}

static void s5_verifier_pend(wc_ctx *c) {
    memset(&bp, 0, sizeof bp);
    if (!load_driver(c, plain_filter)) return;
    wc_check(c, wc_findings(c, NULL) == 0, "findings before the driver broke a rule");
    on_classify = break_pend_rules;
    knock(9, 80);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80)};
    a.sin_addr.s_addr = htonl((198u << 24) | (51u << 16) | (100u << 8) | 10u);
    u_long nb = 1;
    if (s != INVALID_SOCKET && ioctlsocket(s, FIONBIO, &nb) == 0) connect(s, (struct sockaddr *)&a, sizeof a);
    on_classify = NULL;
    if (!wc_check(c, bp.calls == 2, "the driver's classifyFn ran %d time(s), expected 2", bp.calls)) return;
    if (!wc_check(c, bp.pend == STATUS_SUCCESS, "FwpsPendClassify0: 0x%08x", (unsigned)bp.pend)) return;
    FwpsCompleteClassify0(bp.handle, 0, NULL);
    FwpsReleaseClassifyHandle0(bp.handle);
    wt_pump(wc_target(c));
    closesocket(s);
    /* from outside any driver: the finding names the call and where it was made */
    FwpsCompleteClassify0(bp.handle, 0, NULL);
    static const char *const needles[] = {
        "C16: REAUTHORIZE_IF_MODIFIED_BY_OTHERS on an inline classify",
        "A88: filter",
        "A88: FwpsCompleteClassify0 of a classify that is not pended (FwpsCompleteClassify0 at ",
    };
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        wc_check(c, wc_findings(c, needles[i]) == 1, "no single finding '%s'", needles[i]);
    wc_check(c, wc_findings(c, "pended without BLOCK and a cleared write right") == 1,
             "the A88 finding does not name the pended classify's action and write right");
    wc_check(c, wc_findings(c, NULL) == 3, "findings other than the three rules broken");
}
/* FWPS_CONNECT_REQUEST0 (localRedirectContext: pool memory the callout allocates, which WFP
 * frees when the connection ends, so the callout must not; localRedirectContextSize its size),
 * FwpsAcquireWritableLayerDataPointer0 and FwpsApplyModifiedLayerData0 (A82: one acquire, one
 * apply), ExFreePoolWithTag (pool memory only): the case's driver breaks the remaining
 * obligations, one per connect, and the verifier names each once; an acquire a second time
 * also fails. */
#define CASE_POOL_TAG 0x74706677u /* 'wfpt' read as a little-endian ULONG */
static int broke2;
static NTSTATUS second_acquire;
static void break_more(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                       FWPS_CLASSIFY_OUT0 *out) {
    (void)meta;
    int n = broke2++;
    UINT64 h = 0;
    void *data = NULL;
    if (n > 3 || FwpsAcquireClassifyHandle0((void *)ctx, 0, &h) != STATUS_SUCCESS) return;
    if (FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out) == STATUS_SUCCESS) {
        FWPS_CONNECT_REQUEST0 *r = data;
        if (n == 0) { /* acquired twice; a context that is not pool memory */
            void *again = NULL;
            second_acquire = FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &again, out);
            static UINT64 not_pool[2];
            r->localRedirectContext = not_pool;
            r->localRedirectContextSize = sizeof not_pool;
            FwpsApplyModifiedLayerData0(h, data, 0);
            ExFreePoolWithTag(not_pool, CASE_POOL_TAG);
        } else if (n == 1) { /* a size larger than the allocation; then freed although WFP owns it */
            void *p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, CASE_POOL_TAG);
            r->localRedirectContext = p;
            r->localRedirectContextSize = 32;
            FwpsApplyModifiedLayerData0(h, data, 0);
            if (p) ExFreePoolWithTag(p, CASE_POOL_TAG);
        } else if (n == 3) { /* a context size with no context behind it (mutation testing, seed 161) */
            r->localRedirectContextSize = 24;
            FwpsApplyModifiedLayerData0(h, data, 0);
        } /* n == 2: acquired and never applied */
    }
    FwpsReleaseClassifyHandle0(h);
    out->actionType = FWP_ACTION_CONTINUE;
    out->rights |= FWPS_RIGHT_ACTION_WRITE;
}

static void s5_verifier_ownership(wc_ctx *c) {
    broke2 = 0;
    second_acquire = STATUS_SUCCESS;
    if (!load_driver(c, plain_filter)) return;
    wc_check(c, wc_findings(c, NULL) == 0, "findings before the driver broke a rule");
    on_classify = break_more;
    for (int i = 0; i < 4; i++) knock(9, 80);
    on_classify = NULL;
    if (!wc_check(c, broke2 == 4, "the driver's classifyFn ran %d time(s), expected 4", broke2)) return;
    wc_check(c, !NT_SUCCESS(second_acquire), "a second FwpsAcquireWritableLayerDataPointer0 succeeded: 0x%08x",
             (unsigned)second_acquire);
    static const char *const needles[] = {
        "acquired writable layer data twice",
        "A85: localRedirectContext is not pool memory the callout owns",
        "ExFreePoolWithTag of memory that is not pool memory",
        "localRedirectContextSize 32 does not match the allocation (16)",
        "A85: the callout freed a localRedirectContext whose ownership passed to WFP",
        "acquired writable layer data and never applied it (driver wfp-api-case",
        "localRedirectContextSize 24 with no localRedirectContext",
    };
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        wc_check(c, wc_findings(c, needles[i]) == 1, "no single finding '%s'", needles[i]);
}

/* --------------------------------------------------- condition value types */
/* DDI FWPM_FILTER_CONDITION0 and FWP_MATCH_TYPE, and "Filtering Condition Identifiers" (the
 * types each field takes): IP_REMOTE_ADDRESS and IP_LOCAL_ADDRESS as an FWP_UINT32 (host
 * order) compared with EQUAL, GREATER and LESS_OR_EQUAL; ALE_APP_ID as an FWP_BYTE_BLOB_TYPE
 * (the application id FwpmGetAppIdFromFileName0 gives: the NT path in lower-case UTF-16 with
 * its terminator) with EQUAL (every byte, the size included), NOT_EQUAL and
 * FWP_MATCH_EQUAL_CASE_INSENSITIVE ("tests whether the value is equal to the condition value,
 * ignoring case").  Each filter runs exactly for the connects its condition admits. */
#define BROWSER "C:\\Program Files\\Vendor\\Browser.exe"
static const GUID cond_keys[13] = {
    {0x6b1c0c00, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x00}},
    {0x6b1c0c01, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x01}},
    {0x6b1c0c02, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x02}},
    {0x6b1c0c03, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x03}},
    {0x6b1c0c04, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x04}},
    {0x6b1c0c05, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x05}},
    {0x6b1c0c06, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x06}},
    {0x6b1c0c07, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x07}},
    {0x6b1c0c08, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x08}},
    {0x6b1c0c09, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x09}},
    {0x6b1c0c0a, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x0a}},
    {0x6b1c0c0b, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x0b}},
    {0x6b1c0c0c, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x77, 0x0c}},
};
enum {
    CT_REMOTE_EQ, /* IP_REMOTE_ADDRESS == 198.51.100.9 */
    CT_REMOTE_GT, /* IP_REMOTE_ADDRESS > 198.51.100.9 */
    CT_REMOTE_LE, /* IP_REMOTE_ADDRESS <= 198.51.100.9 */
    CT_LOCAL_HOST, /* IP_LOCAL_ADDRESS == 192.0.2.1 (not loopback) */
    CT_LOCAL_LOOP, /* IP_LOCAL_ADDRESS == 127.0.0.1 */
    CT_APP_EQ, /* ALE_APP_ID EQUAL the browser's id */
    CT_APP_NE, /* ALE_APP_ID NOT_EQUAL the browser's id */
    CT_APP_CI, /* ALE_APP_ID EQUAL_CASE_INSENSITIVE the id in upper case */
    CT_APP_EQ_UPPER, /* ALE_APP_ID EQUAL the id in upper case: never */
    CT_APP_EQ_SHORT, /* ALE_APP_ID EQUAL the id without its terminator: never */
    CT_APP_EQ_FIRST, /* ALE_APP_ID EQUAL the id with its first byte changed: never */
    CT_LOCAL6_LOOP, /* V6: IP_LOCAL_ADDRESS == ::1, an FWP_BYTE_ARRAY16_TYPE */
    CT_LOCAL6_HOST, /* V6: IP_LOCAL_ADDRESS == 2001:db8::1 */
    CT_COUNT
};
static const char *const ct_names[CT_COUNT] = {"REMOTE_ADDRESS EQUAL 198.51.100.9",
                                               "REMOTE_ADDRESS GREATER 198.51.100.9",
                                               "REMOTE_ADDRESS LESS_OR_EQUAL 198.51.100.9",
                                               "LOCAL_ADDRESS EQUAL 192.0.2.1",
                                               "LOCAL_ADDRESS EQUAL 127.0.0.1",
                                               "APP_ID EQUAL",
                                               "APP_ID NOT_EQUAL",
                                               "APP_ID EQUAL_CASE_INSENSITIVE (upper case)",
                                               "APP_ID EQUAL (upper case)",
                                               "APP_ID EQUAL (no terminator)",
                                               "APP_ID EQUAL (first byte changed)",
                                               "V6 LOCAL_ADDRESS EQUAL ::1",
                                               "V6 LOCAL_ADDRESS EQUAL 2001:db8::1"};
static UINT64 ct_ids[CT_COUNT];
static UINT8 app_lower[512], app_upper[512], app_first[512];
static ULONG app_len;

static void condition_filters(wc_ctx *c) {
    UINT32 cid = 0;
    HANDLE h = open_engine(c);
    if (!h || !register_callout(c, &cid)) return;
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    static FWP_BYTE_BLOB blobs[4];
    blobs[0] = (FWP_BYTE_BLOB){app_len, app_lower};
    blobs[1] = (FWP_BYTE_BLOB){app_len, app_upper};
    blobs[2] = (FWP_BYTE_BLOB){app_len - 2, app_lower};
    blobs[3] = (FWP_BYTE_BLOB){app_len, app_first};
    for (int k = 0; k < CT_COUNT && st == STATUS_SUCCESS; k++) {
        FWPM_FILTER_CONDITION0 cond;
        if (k <= CT_REMOTE_LE) {
            static const FWP_MATCH_TYPE m[3] = {FWP_MATCH_EQUAL, FWP_MATCH_GREATER, FWP_MATCH_LESS_OR_EQUAL};
            cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_ADDRESS, m[k], FWP_UINT32);
            cond.conditionValue.uint32 = 0xC6336409u;
        } else if (k <= CT_LOCAL_LOOP) {
            cond_init(&cond, &FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_UINT32);
            cond.conditionValue.uint32 = k == CT_LOCAL_HOST ? 0xC0000201u : 0x7F000001u;
        } else if (k >= CT_LOCAL6_LOOP) {
            /* every byte of the address counts (mutant 196-4: the classify's last one lost) */
            static FWP_BYTE_ARRAY16 v6[2] = {{{[15] = 1}}, {{0x20, 0x01, 0x0d, 0xb8, [15] = 1}}};
            cond_init(&cond, &FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_BYTE_ARRAY16_TYPE);
            cond.conditionValue.byteArray16 = &v6[k - CT_LOCAL6_LOOP];
            st = add_inspection(h, &cond_keys[k], &FWPM_LAYER_ALE_CONNECT_REDIRECT_V6, &cond, &ct_ids[k]);
            if (st != STATUS_SUCCESS) wc_log(c, "filter %s: 0x%08x", ct_names[k], (unsigned)st);
            continue;
        } else {
            static const FWP_MATCH_TYPE m[6] = {FWP_MATCH_EQUAL, FWP_MATCH_NOT_EQUAL, FWP_MATCH_EQUAL_CASE_INSENSITIVE,
                                                FWP_MATCH_EQUAL, FWP_MATCH_EQUAL,     FWP_MATCH_EQUAL};
            static const int b[6] = {0, 0, 1, 1, 2, 3};
            cond_init(&cond, &FWPM_CONDITION_ALE_APP_ID, m[k - CT_APP_EQ], FWP_BYTE_BLOB_TYPE);
            cond.conditionValue.byteBlob = &blobs[b[k - CT_APP_EQ]];
        }
        st = add_inspection(h, &cond_keys[k], &FWPM_LAYER_ALE_CONNECT_REDIRECT_V4, &cond, &ct_ids[k]);
        if (st != STATUS_SUCCESS) wc_log(c, "filter %s: 0x%08x", ct_names[k], (unsigned)st);
    }
    wc_check(c, st == STATUS_SUCCESS, "set-up: the filters with typed conditions: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

/* A connect to 198.51.100.x:80 from a socket bound first to `local` (0: not bound). */
static void knock_from(UINT32 local, int last_byte) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) return;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80)};
    if (local) {
        a.sin_addr.s_addr = htonl(local);
        bind(s, (struct sockaddr *)&a, sizeof a);
    }
    a.sin_addr.s_addr = htonl((198u << 24) | (51u << 16) | (100u << 8) | (unsigned)last_byte);
    connect(s, (struct sockaddr *)&a, sizeof a);
    closesocket(s);
}

/* A connect to [2001:db8::x]:80 from an IPv6 socket bound first to `local` (NULL: not bound). */
static void knock6_from(const UINT8 *local, int last_byte) {
    SOCKET s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) return;
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(80)};
    if (local) {
        memcpy(&a.sin6_addr, local, 16);
        bind(s, (struct sockaddr *)&a, sizeof a);
    }
    static const UINT8 remote[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0};
    memcpy(&a.sin6_addr, remote, 16);
    a.sin6_addr.s6_addr[15] = (UINT8)last_byte;
    connect(s, (struct sockaddr *)&a, sizeof a);
    closesocket(s);
}

static void s5_condition_types(wc_ctx *c) {
    wt_target *t = wc_target(c);
    DWORD self = wt_process_id(t, WT_PROCESS_SELF), browser = 0;
    int rc = wt_process_create(t, BROWSER, 0, &browser);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's processes are real ones: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: a process: %s", wt_error())) return;
    if (!wc_check(c, wt_app_id(BROWSER, app_lower, sizeof app_lower, &app_len) == WT_OK && app_len > 2,
                  "set-up: wt_app_id: %s", wt_error()))
        return;
    /* The id is the image's NT path in lower case, UTF-16 with its terminator:
     * "\device\harddiskvolumeN\program files\vendor\browser.exe" (the volume's number is the
     * machine's own). */
    char text[256];
    ULONG chars = app_len / 2;
    for (ULONG i = 0; i < chars && i < sizeof text; i++) text[i] = app_lower[2 * i + 1] ? '?' : (char)app_lower[2 * i];
    text[chars && chars <= sizeof text ? chars - 1 : 0] = 0;
    static const char prefix[] = "\\device\\harddiskvolume", rest[] = "\\program files\\vendor\\browser.exe";
    const char *at = strncmp(text, prefix, sizeof prefix - 1) == 0 ? text + sizeof prefix - 1 : NULL;
    int digits = 0;
    while (at && at[digits] >= '0' && at[digits] <= '9') digits++;
    wc_check(c,
             app_len % 2 == 0 && chars <= sizeof text && app_lower[app_len - 2] == 0 && app_lower[app_len - 1] == 0 &&
                 at && digits > 0 && strcmp(at + digits, rest) == 0,
             "the application id of %s reads \"%s\" (%lu bytes); expected \"%sN%s\", UTF-16, its terminator "
             "included",
             BROWSER, text, (unsigned long)app_len, prefix, rest);
    /* target.h: an application id is FwpmGetAppIdFromFileName0's device path, so an image path
     * that names no file on a volume (relative, drive-relative, on the floppy drives A: and B:,
     * a bare device, longer than MAX_PATH) has none, and no process can be made with it. */
    static char too_long[1100]; /* C:\aaa...\proxy.exe: 1,000 characters of directory, far past MAX_PATH */
    memset(too_long, 'a', 1003);
    memcpy(too_long, "C:\\", 3);
    strcpy(too_long + 1003, "\\proxy.exe");
    const char *const no_id[] = {"proxy.exe", "C:proxy.exe", "A:\\proxy.exe", "b:\\proxy.exe", "\\device\\",
                                 "",          too_long};
    for (size_t i = 0; i < sizeof no_id / sizeof no_id[0]; i++) {
        ULONG n = 7;
        DWORD pid = 0;
        wc_check(c, wt_app_id(no_id[i], NULL, 0, &n) == WT_EINVAL && n == 0,
                 "wt_app_id(\"%s\") gave an application id of %lu bytes", no_id[i], (unsigned long)n);
        wc_check(c, wt_process_create(t, no_id[i], 0, &pid) == WT_EINVAL, "wt_process_create(\"%s\") made process %lu",
                 no_id[i], (unsigned long)pid);
    }
    /* MAX_PATH (260) counts the terminator: a path of 259 characters is the longest that fits,
     * and has an id of its 259 - 2 + 23 characters ("Maximum Path Length Limitation";
     * mutation testing, seed 70: a stack that refused 259 passed). */
    static char longest[MAX_PATH + 1];
    memset(longest, 'a', MAX_PATH);
    memcpy(longest, "C:\\", 3);
    memcpy(longest + MAX_PATH - 1 - 4, ".exe", 5); /* 259 characters and the NUL */
    static UINT8 long_id[2 * (MAX_PATH + 64)];
    ULONG long_n = 0;
    int long_rc = wt_app_id(longest, long_id, sizeof long_id, &long_n);
    wc_check(c, long_rc == WT_OK && long_n == 2 * (sizeof prefix - 1 + 1 + (MAX_PATH - 1 - 2) + 1),
             "wt_app_id of a path of %d characters (MAX_PATH less its terminator): %d, %lu bytes; expected an id of "
             "%d bytes",
             MAX_PATH - 1, long_rc, (unsigned long)long_n, (int)(2 * (sizeof prefix - 1 + 1 + (MAX_PATH - 1 - 2) + 1)));
    longest[MAX_PATH - 1] = 'e'; /* 260 characters: no room for the terminator */
    longest[MAX_PATH] = 0;
    long_n = 7;
    wc_check(c, wt_app_id(longest, NULL, 0, &long_n) == WT_EINVAL && long_n == 0,
             "wt_app_id of a path of %d characters (MAX_PATH, no room for its terminator) gave an id of %lu bytes",
             MAX_PATH, (unsigned long)long_n);
    /* a short (8.3) name and a space are path characters like any other: kept, in lower case */
    static const char tilde[] = "C:\\PROGRA~1\\Vendor X\\proxy~2.exe",
                      tilde_rest[] = "\\progra~1\\vendor x\\proxy~2.exe";
    UINT8 tid[192];
    ULONG tn = 0;
    char ttext[96] = "";
    int tok = wt_app_id(tilde, tid, sizeof tid, &tn) == WT_OK && tn >= 2 && tn % 2 == 0 && tn / 2 <= sizeof ttext;
    for (ULONG k = 0; tok && k < tn / 2; k++) ttext[k] = tid[2 * k + 1] ? '?' : (char)tid[2 * k];
    const char *tv = strncmp(ttext, prefix, sizeof prefix - 1) == 0 ? ttext + sizeof prefix - 1 : NULL;
    int td = 0;
    while (tv && tv[td] >= '0' && tv[td] <= '9') td++;
    wc_check(c, tok && tv && td > 0 && strcmp(tv + td, tilde_rest) == 0,
             "wt_app_id(\"%s\"): \"%s\"; expected \"%sN%s\"", tilde, tok ? ttext : "refused", prefix, tilde_rest);
    /* and every hard-disk drive has one, up to Z:, each its own volume: "\device\harddiskvolumeN\proxy.exe" */
    const char *const drives[] = {"C:\\proxy.exe", "D:\\proxy.exe", "Y:\\proxy.exe", "Z:\\proxy.exe", "z:/proxy.exe"};
    char ids[5][96];
    for (size_t i = 0; i < sizeof drives / sizeof drives[0]; i++) {
        UINT8 id[192];
        ULONG n = 0;
        int ok = wt_app_id(drives[i], id, sizeof id, &n) == WT_OK && n >= 2 && n % 2 == 0 && n / 2 <= sizeof ids[i];
        for (ULONG k = 0; ok && k < n / 2; k++) ids[i][k] = id[2 * k + 1] ? '?' : (char)id[2 * k];
        if (!ok) ids[i][0] = 0;
        const char *v = strncmp(ids[i], prefix, sizeof prefix - 1) == 0 ? ids[i] + sizeof prefix - 1 : NULL;
        int d = 0;
        while (v && v[d] >= '0' && v[d] <= '9') d++;
        wc_check(c, ok && v && d > 0 && strcmp(v + d, "\\proxy.exe") == 0,
                 "wt_app_id(\"%s\"): \"%s\" (%lu bytes); expected \"%sN\\proxy.exe\"", drives[i],
                 ok ? ids[i] : "(none)", (unsigned long)n, prefix);
    }
    wc_check(
        c, strcmp(ids[0], ids[3]) && strcmp(ids[1], ids[3]) && strcmp(ids[2], ids[3]) && !strcmp(ids[3], ids[4]),
        "drives C:, D:, Y: and Z: are not four volumes (\"%s\", \"%s\", \"%s\", \"%s\"), or z:/ is not Z:\\ (\"%s\")",
        ids[0], ids[1], ids[2], ids[3], ids[4]);
    for (ULONG i = 0; i < app_len; i++)
        app_upper[i] = app_lower[i] >= 'a' && app_lower[i] <= 'z' ? (UINT8)(app_lower[i] - 'a' + 'A') : app_lower[i];
    memcpy(app_first, app_lower, app_len);
    app_first[0] ^= 0x20; /* the same id but for its first byte */
    if (!load_driver(c, condition_filters)) return;
    /* which filters each connect must run: as the browser to .9, as the proxy to .10, as the
     * proxy to .8 from a socket bound to loopback */
    static const UINT8 loop6[16] = {[15] = 1};
    static const struct {
        int as_browser, last_byte, v6;
        UINT32 local;
        signed char want[CT_COUNT]; /* -1: not checked (the stack picks the local address) */
    } knocks[5] = {
        {1, 9, 0, 0, {1, 0, 1, -1, 0, 1, 0, 1, 0, 0, 0, 0, 0}},
        {0, 10, 0, 0, {0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0}},
        {0, 8, 0, 0x7F000001u, {0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}},
        /* IPv6, to 2001:db8::7: from ::1, then from the address the stack picks (2001:db8::1 on the
         * model; not checked) */
        {0, 7, 1, 1, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}},
        {0, 7, 1, 0, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1}},
    };
    for (int n = 0; n < 5; n++) {
        if (knocks[n].as_browser) wt_process_assign(t, WT_PROCESS_SELF, browser);
        int from = nhits;
        if (knocks[n].v6)
            knock6_from(knocks[n].local ? loop6 : NULL, knocks[n].last_byte);
        else
            knock_from(knocks[n].local, knocks[n].last_byte);
        wt_process_assign(t, WT_PROCESS_SELF, self);
        wc_check(c, nhits > from, "connect %d (to %s%d) was not classified at all", n + 1,
                 knocks[n].v6 ? "2001:db8::" : "198.51.100.", knocks[n].last_byte);
        for (int k = 0; k < CT_COUNT; k++)
            if (knocks[n].want[k] >= 0)
                wc_check(c, hit(from, ct_ids[k]) == knocks[n].want[k], "connect %d (%s to %s%d%s): the filter %s %s",
                         n + 1, knocks[n].as_browser ? "the browser" : "the proxy",
                         knocks[n].v6 ? "2001:db8::" : "198.51.100.", knocks[n].last_byte,
                         knocks[n].local ? (knocks[n].v6 ? " from ::1" : " from 127.0.0.1") : "", ct_names[k],
                         knocks[n].want[k] ? "did not run" : "ran");
    }
}

/* ----------------------------------------------- NULL and unknown arguments */
/* "WFP Error Codes": FWP_E_NULL_POINTER "A required pointer is null", FWP_E_CALLOUT_NOT_FOUND
 * "The callout does not exist" (kernel mode: the STATUS_FWP_* twins); DDI
 * FwpsCalloutUnregisterById0 and FwpsCalloutUnregisterByKey0: STATUS_FWP_CALLOUT_NOT_FOUND for
 * an identifier or key no registered callout has.  A callout unregistered once is gone: its
 * id and key are not found again, and its key can be registered anew. */
static const GUID stranger_key = {0x6b1c0d00, 0x53a1, 0x4c2e, {0x9a, 0x10, 0x11, 0x22, 0x33, 0x44, 0x88, 0x00}};
static void refusals(wc_ctx *c) {
    is(c, FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, NULL), STATUS_FWP_NULL_POINTER,
       "FwpmEngineOpen0 with engineHandle NULL");
    /* pool the model will not give (a vendor driver that asks for this much learns it on the
     * model, where Windows might give it): its limit is pinned */
    void *big = ExAllocatePoolWithTag(NonPagedPoolNx, ((SIZE_T)64 << 20) + 1, 0x77666374u /* "tcfw" */);
    wc_model_answer(c, "ExAllocatePoolWithTag.over-64-MiB", "%s", big ? "a block" : "NULL");
    if (big) ExFreePoolWithTag(big, 0x77666374u);
    HANDLE h = open_engine(c);
    if (!h) return;
    UINT32 id32 = 0x7777;
    UINT64 id64 = 0x7777;
    is(c, FwpmProviderAdd0(h, NULL, NULL), STATUS_FWP_NULL_POINTER, "FwpmProviderAdd0(NULL)");
    is(c, FwpmSubLayerAdd0(h, NULL, NULL), STATUS_FWP_NULL_POINTER, "FwpmSubLayerAdd0(NULL)");
    is(c, FwpmCalloutAdd0(h, NULL, NULL, &id32), STATUS_FWP_NULL_POINTER, "FwpmCalloutAdd0(NULL)");
    is(c, FwpmFilterAdd0(h, NULL, NULL, &id64), STATUS_FWP_NULL_POINTER, "FwpmFilterAdd0(NULL)");
    wc_check(c, id32 == 0x7777 && id64 == 0x7777, "a refused add wrote an id: %u, %llu", (unsigned)id32,
             (unsigned long long)id64);
    is(c, FwpsCalloutRegister1(NULL, NULL, &id32), STATUS_FWP_NULL_POINTER, "FwpsCalloutRegister1(NULL)");
    /* FwpsCalloutRegister1: calloutId and the callout's classifyFn are required (FWPS_CALLOUT1:
     * classifyFn "A pointer to a callout driver-provided function"); a layer key no layer has is
     * refused by FwpmCalloutAdd0 and FwpmFilterAdd0 (FWP_E_LAYER_NOT_FOUND, "The layer does not
     * exist"; the model refuses it as a layer it does not model), and so is a filter that counts
     * a condition without the array.  Nothing is written to the id. */
    is(c, FwpsCalloutRegister1(NULL, &(FWPS_CALLOUT1){.calloutKey = stranger_key, .classifyFn = api_classify}, NULL),
       STATUS_FWP_NULL_POINTER, "FwpsCalloutRegister1 with calloutId NULL");
    id32 = 0x7777;
    NTSTATUS rst = FwpsCalloutRegister1(NULL, &(FWPS_CALLOUT1){.calloutKey = stranger_key}, &id32);
    wc_check(c, !NT_SUCCESS(rst) && id32 == 0x7777, "FwpsCalloutRegister1 without a classifyFn: 0x%08x, id %u",
             (unsigned)rst, (unsigned)id32);
    FWPM_CALLOUT0 mc;
    memset(&mc, 0, sizeof mc);
    mc.calloutKey = stranger_key;
    mc.applicableLayer = stranger_key;
    rst = FwpmCalloutAdd0(h, &mc, NULL, &id32);
    wc_check(c, !NT_SUCCESS(rst) && id32 == 0x7777, "FwpmCalloutAdd0 at a layer that does not exist: 0x%08x, id %u",
             (unsigned)rst, (unsigned)id32);
    FWPM_FILTER0 nf;
    memset(&nf, 0, sizeof nf);
    nf.filterKey = filter_keys[1];
    nf.layerKey = stranger_key;
    nf.weight = no_weight;
    nf.action.type = FWP_ACTION_PERMIT;
    rst = FwpmFilterAdd0(h, &nf, NULL, &id64);
    wc_check(c, !NT_SUCCESS(rst) && id64 == 0x7777, "FwpmFilterAdd0 at a layer that does not exist: 0x%08x, id %llu",
             (unsigned)rst, (unsigned long long)id64);
    nf.layerKey = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    nf.numFilterConditions = 1;
    rst = FwpmFilterAdd0(h, &nf, NULL, &id64);
    wc_check(c, !NT_SUCCESS(rst) && id64 == 0x7777,
             "FwpmFilterAdd0 with numFilterConditions 1 and filterCondition NULL: 0x%08x, id %llu", (unsigned)rst,
             (unsigned long long)id64);
    /* an ALE_APP_ID condition ("Filtering Condition Identifiers": FWP_BYTE_BLOB_TYPE) whose blob
     * pointer is NULL: a required pointer that is null (FWP_E_NULL_POINTER's wording) */
    FWPM_FILTER_CONDITION0 nc;
    cond_init(&nc, &FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_EQUAL, FWP_BYTE_BLOB_TYPE);
    nc.conditionValue.byteBlob = NULL;
    nf.filterCondition = &nc;
    rst = FwpmFilterAdd0(h, &nf, NULL, &id64);
    wc_check(c, !NT_SUCCESS(rst) && id64 == 0x7777,
             "FwpmFilterAdd0 with an ALE_APP_ID condition whose byteBlob is NULL: 0x%08x, id %llu", (unsigned)rst,
             (unsigned long long)id64);
    HANDLE rh = (HANDLE)&rh;
    is(c, FwpsRedirectHandleCreate0(NULL, 0, &rh), STATUS_FWP_NULL_POINTER,
       "FwpsRedirectHandleCreate0 without a provider");
    is(c, FwpsRedirectHandleCreate0(&provider_key, 0, NULL), STATUS_FWP_NULL_POINTER,
       "FwpsRedirectHandleCreate0 with redirectHandle NULL");
    is(c, FwpsRedirectHandleCreate0(&provider_key, 1, &rh), STATUS_INVALID_PARAMETER,
       "FwpsRedirectHandleCreate0 with flags 1 (reserved: must be 0)");
    is(c, FwpsCalloutUnregisterByKey0(NULL), STATUS_FWP_NULL_POINTER, "FwpsCalloutUnregisterByKey0(NULL)");
    is(c, FwpsCalloutUnregisterByKey0(&stranger_key), STATUS_FWP_CALLOUT_NOT_FOUND,
       "FwpsCalloutUnregisterByKey0 of a key never registered");
    UINT32 cid = 0;
    if (!register_callout(c, &cid)) return;
    is(c, FwpsCalloutUnregisterById0(0), STATUS_FWP_CALLOUT_NOT_FOUND, "FwpsCalloutUnregisterById0(0)");
    is(c, FwpsCalloutUnregisterById0(cid + 1000), STATUS_FWP_CALLOUT_NOT_FOUND,
       "FwpsCalloutUnregisterById0 of an id never given");
    /* a filter whose callout action names a callout nobody added or registered */
    NTSTATUS st = add_sublayer(h, &sublayer_key, 10);
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.filterKey = filter_keys[0];
    f.layerKey = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    f.subLayerKey = sublayer_key;
    f.weight = no_weight;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = stranger_key;
    id64 = 0x7777;
    if (wc_check(c, st == STATUS_SUCCESS, "set-up: FwpmSubLayerAdd0: 0x%08x", (unsigned)st))
        is(c, FwpmFilterAdd0(h, &f, NULL, &id64), STATUS_FWP_CALLOUT_NOT_FOUND,
           "FwpmFilterAdd0 with a callout action naming no callout");
    /* and one in a sublayer nobody added (FWPM_FILTER0, subLayerKey; "WFP Error Codes":
     * FWP_E_SUBLAYER_NOT_FOUND, "The sublayer does not exist") */
    f.subLayerKey = stranger_key;
    f.action.type = FWP_ACTION_PERMIT;
    is(c, FwpmFilterAdd0(h, &f, NULL, &id64), STATUS_FWP_SUBLAYER_NOT_FOUND,
       "FwpmFilterAdd0 in a sublayer that was never added");
    wc_check(c, id64 == 0x7777, "a refused FwpmFilterAdd0 wrote the id %llu", (unsigned long long)id64);
    is(c, FwpsCalloutUnregisterByKey0(&callout_key), STATUS_SUCCESS, "FwpsCalloutUnregisterByKey0");
    is(c, FwpsCalloutUnregisterByKey0(&callout_key), STATUS_FWP_CALLOUT_NOT_FOUND,
       "FwpsCalloutUnregisterByKey0 of a callout unregistered already");
    is(c, FwpsCalloutUnregisterById0(cid), STATUS_FWP_CALLOUT_NOT_FOUND,
       "FwpsCalloutUnregisterById0 of a callout unregistered by key");
    UINT32 again = 0;
    if (!register_callout(c, &again)) return;
    is(c, FwpsCalloutUnregisterById0(again), STATUS_SUCCESS,
       "FwpsCalloutUnregisterById0 of the callout registered anew");
    is(c, FwpsCalloutUnregisterById0(again), STATUS_FWP_CALLOUT_NOT_FOUND, "FwpsCalloutUnregisterById0 a second time");
    FwpmEngineClose0(h);
}

static void s5_refusals(wc_ctx *c) { load_driver(c, refusals); }

/* ------------------------------------------------------------ hard permits */
/* "Filter Arbitration": a PERMIT whose filter clears the action right
 * (FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT) is a hard permit, which "only a callout veto" can turn
 * into a block in another sublayer; with the right left set it is a soft permit, which a BLOCK
 * in a lighter sublayer overrides.  FWPS_CLASSIFY_OUT0: a callout handed no
 * FWPS_RIGHT_ACTION_WRITE may write actionType only to veto a PERMIT with BLOCK.  Here:
 * sublayer 20 has the PERMIT (hard or soft); sublayer 10 has the case's callout (weight 50,
 * which vetoes only connects to ARB_VETO) above a BLOCK for ARB_BLOCKED (10). */
#define ARB_VETO (PROXY_PORT + 4)
#define ARB_SNEAK (PROXY_PORT + 5) /* the callout redirects it although it has no right to */
static UINT32 permit_flags; /* FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT for the hard permit, 0 for the soft */
static UINT64 permit_ids[3];
static int veto_calls, veto_with_right;
static FWPS_CLASSIFY_OUT0 handed_in; /* the classifyOut of the callout's first classify, as handed in */

static void permit_filters(wc_ctx *c) {
    FWP_VALUE0 w[3];
    FWPM_FILTER_CONDITION0 cond;
    HANDLE h = arb_setup(c, w, &cond);
    if (!h) return;
    add_flags = permit_flags;
    NTSTATUS st = add_filter_as(h, 0, &sublayer_key, &w[0], NULL, 0, FWP_ACTION_PERMIT, &permit_ids[0]);
    add_flags = 0;
    if (st == STATUS_SUCCESS)
        st = add_filter_as(h, 1, &sublayer2_key, &w[1], NULL, 0, FWP_ACTION_CALLOUT_UNKNOWN, &permit_ids[1]);
    if (st == STATUS_SUCCESS)
        st = add_filter_as(h, 2, &sublayer2_key, &w[2], &cond, 1, FWP_ACTION_BLOCK, &permit_ids[2]);
    wc_check(c, st == STATUS_SUCCESS, "set-up: the filters: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

static void veto_one_port(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                          FWPS_CLASSIFY_OUT0 *out) {
    (void)meta;
    if (!veto_calls++) handed_in = *out;
    veto_with_right += (out->rights & FWPS_RIGHT_ACTION_WRITE) != 0;
    UINT16 port = classify_in->incomingValue[FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT].value.uint16;
    if (port == ARB_VETO) out->actionType = FWP_ACTION_BLOCK;
    if (port != ARB_SNEAK) return;
    /* a driver that ignores the rights: it redirects elsewhere and permits */
    UINT64 h = 0;
    void *data = NULL;
    if (FwpsAcquireClassifyHandle0((void *)ctx, 0, &h) != STATUS_SUCCESS) return;
    if (FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out) == STATUS_SUCCESS) {
        ((SOCKADDR_IN *)&((FWPS_CONNECT_REQUEST0 *)data)->remoteAddressAndPort)->sin_addr.s_addr =
            htonl(0xC0000201); /* 192.0.2.1 */
        FwpsApplyModifiedLayerData0(h, data, 0);
    }
    FwpsReleaseClassifyHandle0(h);
    out->actionType = FWP_ACTION_PERMIT;
}

static void s5_permit_rights(wc_ctx *c) {
    int hard = *(const int *)wc_current(c)->param;
    permit_flags = hard ? FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT : 0;
    veto_calls = veto_with_right = 0;
    if (!load_driver(c, permit_filters)) return;
    on_classify = veto_one_port;
    int got = 0, err = connect_local(c, ARB_OPEN, &got);
    wc_check(c, err == 0 && got, "the connect to port %u, which only the PERMIT matches: error %d, accepted %d",
             ARB_OPEN, err, got);
    got = 0;
    err = connect_local(c, ARB_BLOCKED, &got);
    if (hard)
        wc_check(c, err == 0 && got,
                 "port %u: a BLOCK in a lighter sublayer overrode the heavier sublayer's hard permit (error %d, "
                 "accepted %d); only a callout's veto may",
                 ARB_BLOCKED, err, got);
    else
        wc_check(c, err != 0 && !got,
                 "port %u: the BLOCK in a lighter sublayer did not override the soft permit (error %d, accepted %d)",
                 ARB_BLOCKED, err, got);
    got = 0;
    err = connect_local(c, ARB_VETO, &got);
    wc_check(c, err == WSAEACCES && !got,
             "port %u: the callout's BLOCK under the %s permit: error %d, accepted %d; expected WSAEACCES (a veto)",
             ARB_VETO, hard ? "hard" : "soft", err, got);
    if (hard) {
        /* a redirect made without the right: not honoured (the connect reaches its own
         * listener, not 192.0.2.1), and the checker names it once (mutation testing: the
         * finding deleted, a driver that ignores the rights passed unseen) */
        got = 0;
        err = connect_local(c, ARB_SNEAK, &got);
        wc_check(c, err == 0 && got,
                 "port %u: a callout without the write right redirected the connect elsewhere (error %d, accepted "
                 "%d); the redirect must not be honoured",
                 ARB_SNEAK, err, got);
        wc_check(c, wc_findings(c, "without FWPS_RIGHT_ACTION_WRITE") == 1,
                 "the checker did not name the redirect made without the write right once");
    }
    /* what the engine hands classifyFn in the members a callout does not decide: no page says
     * (outContext, filterId, flags and reserved are "reserved for system use" or the
     * callout's to set); pinned, as the model's own choice could drift unseen */
    wc_model_answer(c, "classifyOut.handed-in", "outContext %llu, flags 0x%x, reserved %u",
                    (unsigned long long)handed_in.outContext, (unsigned)handed_in.flags, (unsigned)handed_in.reserved);
    wc_check(c, veto_calls >= 3 && veto_with_right == (hard ? 0 : veto_calls),
             "the callout in the lighter sublayer ran %d times, %d of them with FWPS_RIGHT_ACTION_WRITE; expected "
             "%s",
             veto_calls, veto_with_right, hard ? "none (the hard permit took the right away)" : "all (a soft permit)");
    on_classify = NULL;
}

/* A86 is about a flow another callout sent to its local proxy ("Handling Connect Redirection
 * from Multiple Callouts": a callout must leave such a flow alone).  A flow a heavier callout only
 * moved to another remote address carries no localRedirectHandle, so a lighter vendor may still
 * send it to its proxy, and the checker must not name that (a false A86 finding would fail a
 * correct vendor's callout).  The case's callout, in the heaviest sublayer, moves connects to
 * 198.51.100.9 to 198.51.100.10 on the same port; the suite's test callout of vendor B, lighter,
 * sends port 80 to its proxy. */
#define MOVED_PROXY (PROXY_PORT + 6)
static UINT64 move_id;

static void move_filters(wc_ctx *c) {
    static UINT64 heaviest = 0xFFFFFFFFFFFFFFFFull;
    const FWP_VALUE0 weight = {.type = FWP_UINT64, .uint64 = &heaviest};
    UINT32 cid = 0;
    HANDLE h = open_engine(c);
    if (!h) return;
    NTSTATUS st = register_callout(c, &cid) ? add_sublayer(h, &sublayer_key, 0xFFFF) : STATUS_UNSUCCESSFUL;
    if (st == STATUS_SUCCESS)
        st = add_filter_as(h, 0, &sublayer_key, &weight, NULL, 0, FWP_ACTION_CALLOUT_UNKNOWN, &move_id);
    wc_check(c, st == STATUS_SUCCESS, "set-up: the moving callout's filter: 0x%08x", (unsigned)st);
    FwpmEngineClose0(h);
}

static int moved;
static void move_remote(const FWPS_INCOMING_METADATA_VALUES0 *meta, const void *ctx, const FWPS_FILTER1 *filter,
                        FWPS_CLASSIFY_OUT0 *out) {
    (void)meta;
    if (classify_in->incomingValue[FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS].value.uint32 != 0xC6336409u)
        return; /* 198.51.100.9 only */
    UINT64 h = 0;
    void *data = NULL;
    if (FwpsAcquireClassifyHandle0((void *)ctx, 0, &h) != STATUS_SUCCESS) return;
    if (FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out) == STATUS_SUCCESS) {
        ((SOCKADDR_IN *)&((FWPS_CONNECT_REQUEST0 *)data)->remoteAddressAndPort)->sin_addr.s_addr =
            htonl(0xC633640Au); /* 198.51.100.10 */
        FwpsApplyModifiedLayerData0(h, data, 0);
        moved++;
    }
    FwpsReleaseClassifyHandle0(h);
    out->actionType = FWP_ACTION_PERMIT;
}

static void s5_moved_then_proxied(wc_ctx *c) {
    if (!load_driver(c, move_filters)) return;
    /* a vendor's driver under certification (--callout) puts the suite's later vendors on its
     * destination port */
    const wt_model_driver *vendor = wt_model_driver_in_use();
    USHORT port = vendor ? vendor->redirect_port : 80;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'B', MOVED_PROXY);
    p.weight = 10;
    p.match_port = port;
    if (!wc_check(c, wt_add_callout(wc_target(c), &p) == WT_OK, "set-up: vendor B's callout: %s", wt_error())) return;
    on_classify = move_remote;
    moved = 0;
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(MOVED_PROXY)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (wc_check(c,
                 l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&a, sizeof a) == 0 &&
                     listen(l, 4) == 0,
                 "set-up: vendor B's proxy listener: %d", WSAGetLastError())) {
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
        to.sin_addr.s_addr = htonl(0xC6336409u); /* 198.51.100.9 */
        int err = connect(s, (struct sockaddr *)&to, sizeof to) ? WSAGetLastError() : 0;
        int arrived = wc_looped(c, l);
        wc_check(c, err == 0 && moved >= 1 && arrived,
                 "a connect the heavier callout moved to another remote address (moved %d time(s)) and vendor B then "
                 "sent to its proxy: error %d, B's proxy %s",
                 moved, err, arrived ? "accepted it" : "saw nothing");
        wc_check(c, wc_findings(c, "A86") == 0,
                 "the checker named A86 for a flow no callout had sent to a local proxy before vendor B did");
    }
    if (s != INVALID_SOCKET) closesocket(s);
    if (l != INVALID_SOCKET) closesocket(l);
    on_classify = NULL;
}

/* The same rule for the callout the suite certifies (the test callout, or a vendor's with
 * --callout): a soft PERMIT in the heaviest sublayer leaves it free to redirect, a hard one
 * takes its right away, and then it must not redirect (WDK-REDIR, "Handling Connect
 * Redirection from Multiple Callouts": without the right a callout may only veto), so the
 * application reaches the destination it asked for.  The PERMIT filters have the heaviest
 * weights of the heaviest sublayer, so they come first even against a vendor sublayer of
 * weight 0xFFFF. */
static void s5_hard_permit_redirect(wc_ctx *c) {
    wt_target *t = wc_target(c);
    static UINT64 w[2] = {0xFFFFFFFFFFFFFFFEull, 0xFFFFFFFFFFFFFFFFull};
    for (int hard = 0; hard < 2; hard++) {
        HANDLE h = open_engine(c);
        if (!h) return;
        const FWP_VALUE0 weight = {.type = FWP_UINT64, .uint64 = &w[hard]};
        UINT64 id = 0;
        NTSTATUS st = hard ? STATUS_SUCCESS : add_sublayer(h, &sublayer_key, 0xFFFF);
        add_flags = hard ? FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT : 0;
        if (st == STATUS_SUCCESS) st = add_filter_as(h, hard, &sublayer_key, &weight, NULL, 0, FWP_ACTION_PERMIT, &id);
        add_flags = 0;
        FwpmEngineClose0(h);
        if (!wc_check(c, st == STATUS_SUCCESS, "set-up: the %s PERMIT filter: 0x%08x", hard ? "hard" : "soft",
                      (unsigned)st))
            return;
        wt_tcp_flow f;
        int rc = wt_tcp_redirected(t, AF_INET, 0, &f);
        if (!hard) {
            wc_check(c, rc == WT_OK, "under a heavier sublayer's soft permit the connection was not redirected: %s",
                     wt_error());
        } else if (wc_check(c, rc != WT_OK,
                            "under a heavier sublayer's hard permit the callout still redirected the connection")) {
            SOCKADDR_STORAGE peer;
            int len = sizeof peer;
            int ok = f.client != INVALID_SOCKET && getpeername(f.client, (struct sockaddr *)&peer, &len) == 0;
            const struct sockaddr_in *p = (const struct sockaddr_in *)&peer,
                                     *want = (const struct sockaddr_in *)&f.original_dst;
            wc_check(c, ok && p->sin_port == want->sin_port && p->sin_addr.s_addr == want->sin_addr.s_addr,
                     "under the hard permit the application did not reach the destination it asked for (%s)",
                     ok ? "connected elsewhere" : wt_error());
        }
        if (f.client != INVALID_SOCKET) closesocket(f.client);
        if (f.accepted != INVALID_SOCKET) closesocket(f.accepted);
    }
}

/* FWPM_SESSION0, FWPM_SESSION_FLAG_DYNAMIC: "When this flag is set, any objects added during
 * the session are automatically deleted when the session ends."  The driver adds a sublayer and
 * a BLOCK filter for ARB_BLOCKED in a dynamic session and closes it, then the same for ARB_VETO
 * in a session without the flag: the first block is gone with its session, the second stays.
 * (A driver that closes its dynamic session at the end of DriverEntry loses its filters: the
 * example driver built with EXAMPLE_BUG_CLOSE_ENGINE_EARLY, vendor.certify_planted_close_engine_early.) */
static NTSTATUS block_in_session(UINT32 flags, const GUID *sub, int k, USHORT port) {
    FWPM_SESSION0 session;
    memset(&session, 0, sizeof session);
    session.flags = flags;
    HANDLE h = NULL;
    NTSTATUS st = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &h);
    if (st != STATUS_SUCCESS) return st;
    static UINT64 w = 10;
    const FWP_VALUE0 light = {.type = FWP_UINT64, .uint64 = &w};
    FWPM_FILTER_CONDITION0 cond;
    cond_init(&cond, &FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_UINT16);
    cond.conditionValue.uint16 = port;
    UINT64 id = 0;
    st = add_sublayer(h, sub, 10);
    if (st == STATUS_SUCCESS) st = add_filter_as(h, k, sub, &light, &cond, 1, FWP_ACTION_BLOCK, &id);
    NTSTATUS closed = FwpmEngineClose0(h);
    return st != STATUS_SUCCESS ? st : closed;
}

static void dynamic_filters(wc_ctx *c) {
    NTSTATUS d = block_in_session(FWPM_SESSION_FLAG_DYNAMIC, &sublayer_key, 0, ARB_BLOCKED);
    NTSTATUS p = block_in_session(0, &sublayer2_key, 1, ARB_VETO);
    wc_check(c, d == STATUS_SUCCESS && p == STATUS_SUCCESS, "set-up: the two sessions: 0x%08x, 0x%08x", (unsigned)d,
             (unsigned)p);
}

static void s5_dynamic_session(wc_ctx *c) {
    if (!load_driver(c, dynamic_filters)) return;
    int got = 0, err = connect_local(c, ARB_BLOCKED, &got);
    wc_check(c, err == 0 && got,
             "port %u: the BLOCK filter a dynamic session added still refused the connect after the session closed "
             "(error %d, accepted %d)",
             ARB_BLOCKED, err, got);
    got = 0;
    err = connect_local(c, ARB_VETO, &got);
    wc_check(c, err == WSAEACCES && !got,
             "port %u: the BLOCK filter a session without FWPM_SESSION_FLAG_DYNAMIC added did not outlive it (error "
             "%d, accepted %d; expected WSAEACCES)",
             ARB_VETO, err, got);
    HANDLE h = open_engine(c);
    if (!h) return;
    is(c, FwpmSubLayerDeleteByKey0(h, &sublayer_key), STATUS_FWP_SUBLAYER_NOT_FOUND,
       "FwpmSubLayerDeleteByKey0 of the sublayer the dynamic session added");
    FwpmEngineClose0(h);
}

#endif /* _WIN32 */

/* ------------------------------------------ the test callout's own rules */
/* These go through target.h only: the suite's test callout, configured as a vendor would
 * configure its driver, seen from where its connections land. */
#define TC_PORT 50431

/* A non-blocking listener of the case's at loopback:TC_PORT, for wc_looped. */
static SOCKET tc_listener(wc_ctx *c) {
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(TC_PORT)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    u_long nb = 1;
    if (!wc_check(c,
                  l != INVALID_SOCKET && bind(l, (struct sockaddr *)&a, sizeof a) == 0 && listen(l, 4) == 0 &&
                      ioctlsocket(l, FIONBIO, &nb) == 0,
                  "set-up: a proxy listener on port %u: %d", TC_PORT, WSAGetLastError()))
        return INVALID_SOCKET;
    return l;
}

/* A TCP connect from the current process to 198.51.100.9:8081; where it lands is the
 * listener's to tell. */
static void to_8081(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(8081)};
    a.sin_addr.s_addr = htonl(0xC6336409u);
    if (s == INVALID_SOCKET) return;
    connect(s, (struct sockaddr *)&a, sizeof a);
    closesocket(s);
}

static int tc_add(wc_ctx *c, DWORD exempt) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', TC_PORT);
    p.match_port = 8081;
    p.match_proto = IPPROTO_TCP;
    p.exempt_pid = exempt;
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot load the callout: %s", wt_error());
    return rc;
}

/* S5 (target.h, exempt_pid: "never redirect this process's connections (the classify's
 * PROCESS_ID metadata), as a vendor exempts its proxy"; WDK-REDIR: a proxy's own connections
 * must not come back to it): the exempt process's connect is not redirected, another
 * process's to the same destination is. */
static void s5_exempt_process(wc_ctx *c) {
    wt_target *t = wc_target(c);
    DWORD self = wt_process_id(t, WT_PROCESS_SELF), app = 0;
    int rc = wt_process_create(t, "C:\\Program Files\\Vendor\\browser.exe", 0, &app);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's processes are real ones: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: a process: %s", wt_error())) return;
    if (!wc_check(c, tc_add(c, self) == WT_OK, "set-up: callout A: %s", wt_error())) return;
    SOCKET l = tc_listener(c);
    if (l == INVALID_SOCKET) return;
    to_8081();
    wc_check(c, !wc_looped(c, l), "the exempt process's own connection was redirected to the proxy");
    wt_process_assign(t, WT_PROCESS_SELF, app);
    to_8081();
    wt_process_assign(t, WT_PROCESS_SELF, self);
    wc_check(c, wc_looped(c, l), "another process's connection was not redirected (only the proxy's is exempt)");
}

/* A74 (DDI FwpsCalloutRegister0: STATUS_FWP_ALREADY_EXISTS when a callout with the same
 * calloutKey is registered): a second load of the same vendor's callout fails, and the failed
 * load takes back only what it added: the first instance still redirects. */
static void a74_same_vendor_twice(wc_ctx *c) {
    if (!wc_check(c, tc_add(c, 0) == WT_OK, "set-up: callout A: %s", wt_error())) return;
    int rc = tc_add(c, 0);
    wc_check(c, rc != WT_OK, "a second callout with vendor A's keys loaded");
    wc_log(c, "the second load: %s", rc == WT_OK ? "loaded" : wt_error());
    SOCKET l = tc_listener(c);
    if (l == INVALID_SOCKET) return;
    to_8081();
    wc_check(c, wc_looped(c, l), "after the failed second load, vendor A's callout no longer redirects");
}

static const int no = 0, yes = 1, two = 2;

static const wc_case cases[] = {
    WC_CASE("S5.api.txn-states", "S5", "#remarks", WC_MUST,
            "Begin inside a transaction: TXN_IN_PROGRESS; Commit/Abort outside one: NO_TXN_IN_PROGRESS; a read-only "
            "transaction refuses adds and deletes with INCOMPATIBLE_TXN",
            BODY(s5_txn_states)),
    WC_CASE_P("S5.api.txn-abort", "S5", "#remarks", WC_MUST,
              "an aborted transaction leaves nothing: its objects can be added again, its filter never classifies",
              BODY(s5_txn_adds), &no),
    WC_CASE_P("S5.api.txn-commit", "S5", "#remarks", WC_MUST,
              "a committed transaction's objects stand (ALREADY_EXISTS on a second add) and its filter classifies",
              BODY(s5_txn_adds), &yes),
    WC_CASE("S5.api.deletes", "S5", "#remarks", WC_MUST,
            "deletes by id and key; NOT_FOUND after; NULL_POINTER for NULL; a sublayer with filters is IN_USE",
            BODY(s5_deletes)),
    WC_CASE("S5.api.auth-connect-fields", "S5", "#remarks", WC_MUST,
            "a filter at ALE_AUTH_CONNECT_V4: its condition under that layer's field index, the port and protocol "
            "at that layer's indexes",
            BODY(s5_auth_fields)),
    WC_CASE("S5.api.match-types", "S5", "#remarks", WC_MUST,
            "port conditions EQUAL..LESS_OR_EQUAL at 8080/8081/8082 and address masks /24, /16 select exactly",
            BODY(s5_match_types)),
    WC_CASE("S5.api.weight-order", "S5", "#remarks", WC_MUST,
            "heavier sublayer first, then UINT64/UINT8 range/EMPTY weights from the highest; bad weights refused",
            BODY(s5_weight_order)),
    WC_CASE("S5.api.arbitration", "S5", "#remarks", WC_MUST,
            "PERMIT ends its own sublayer only; BLOCK in a lighter sublayer still refuses the connect",
            BODY(s5_arbitration)),
    WC_CASE_P("S5.api.soft-permit", "S5", "#remarks", WC_MUST,
              "a PERMIT that keeps the action right: a BLOCK in a lighter sublayer overrides it, a lighter callout "
              "runs with FWPS_RIGHT_ACTION_WRITE and its BLOCK fails the connect",
              BODY(s5_permit_rights), &no),
    WC_CASE_P(
        "S5.api.hard-permit", "S5", "#remarks", WC_MUST,
        "a PERMIT whose filter clears the action right: a lighter sublayer's BLOCK does not override it, a lighter "
        "callout runs without FWPS_RIGHT_ACTION_WRITE and only its veto (BLOCK) fails the connect",
        BODY(s5_permit_rights), &yes),
    WC_CASE("S5.api.hard-permit-redirect", "S5", "#remarks", WC_MUST,
            "the certified callout redirects under a heavier soft permit, and not under a hard one: the application "
            "reaches the destination it asked for",
            BODY(s5_hard_permit_redirect)),
    WC_CASE("S5.api.moved-then-proxied", "S5", "#remarks", WC_MUST,
            "a flow a heavier callout moved to another remote address, with no local redirect handle, may still be "
            "sent to a lighter vendor's proxy: honoured, and no A86 finding",
            BODY(s5_moved_then_proxied)),
    WC_CASE("S5.api.dynamic-session", "S5", "#remarks", WC_MUST,
            "the objects a session with FWPM_SESSION_FLAG_DYNAMIC added go when it closes; a session without the "
            "flag leaves them",
            BODY(s5_dynamic_session)),
    WC_CASE("S5.api.block-refuses", "S5", "#remarks", WC_MUST,
            "a connect a BLOCK filter matches fails with WSAEACCES, and so do a UDP flow's datagrams; blocked connects "
            "leave "
            "no memory behind",
            BODY(s5_block_refuses)),
    WC_CASE_P("S5.api.pend-complete-block", "S5,A88", "#remarks", WC_MUST,
              "reserved flags refused; a second pend fails; completing with BLOCK fails the connect",
              BODY(s5_pend_complete), &yes),
    WC_CASE_P("S5.api.pend-complete-continue", "S5,A88", "#remarks", WC_MUST,
              "completing a pended classify with CONTINUE lets the connect reach its listener", BODY(s5_pend_complete),
              &no),
    WC_CASE_P("S5.api.pend-complete-null", "S5,A88", "#remarks", WC_MUST,
              "completing a pended classify with a NULL classifyOut reauthorizes it: the connect reaches its listener",
              BODY(s5_pend_complete), &two),
    WC_CASE("S5.api.sio-format-records", "S5,A59", "#remarks", WC_MUST,
            "SIO-format records: TOO_SMALL with the size, the exact bytes SET, NOT_FOUND for NULL; BY_OTHER",
            BODY(s5_sio_records)),
    WC_CASE("S5.api.verifier", "S5,A82,A83,A88", "#remarks", WC_MUST,
            "the model's verifier names the driver and call site of each broken callout obligation", BODY(s5_verifier)),
    WC_CASE("S5.api.verifier-ownership", "S5,A82,A85", "#remarks", WC_MUST,
            "a second acquire fails; a context not from the pool, a context size past its allocation, a context freed "
            "after WFP took it, a free of non-pool memory, an acquire never applied and a context size with no "
            "context: one finding each",
            BODY(s5_verifier_ownership)),
    WC_CASE("S5.api.verifier-pend", "S5,A88,C16", "#remarks", WC_MUST,
            "the reauthorize flag on an inline apply, a pend that returns CONTINUE with the write right, a completion "
            "of a classify no longer pended: one finding each",
            BODY(s5_verifier_pend)),
    WC_CASE("S5.api.condition-types", "S5", "#remarks", WC_MUST,
            "UINT32 address conditions (EQUAL, GREATER, LESS_OR_EQUAL; local and remote) and ALE_APP_ID blobs (EQUAL, "
            "NOT_EQUAL, EQUAL_CASE_INSENSITIVE; a case, size or first-byte difference) select exactly",
            BODY(s5_condition_types)),
    WC_CASE("S5.api.refusals", "S5", "#remarks", WC_MUST,
            "NULL objects and handle pointers: NULL_POINTER; unknown callout ids and keys, and a filter naming no "
            "callout: CALLOUT_NOT_FOUND; an unregistered callout is not found again and its key registers anew; no "
            "classifyFn, a layer that does not exist, a condition count without conditions, an ALE_APP_ID blob "
            "pointer NULL: refused",
            BODY(s5_refusals)),
    WC_CASE("S5.exempt-process", "S5", "#remarks", WC_MUST,
            "a callout that exempts its proxy's PID leaves that process's connect alone and redirects another's",
            s5_exempt_process),
    WC_CASE("A74.same-vendor-twice", "A74", "#see-also", WC_MUST,
            "a second load with the same callout keys fails; the first instance still redirects",
            a74_same_vendor_twice),
};
WC_TABLE(wc_wfp_api, cases);
