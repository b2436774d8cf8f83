/*
 * test_auth.c: ALE_AUTH_CONNECT after a redirect (A59, A89).  An observer callout at the
 * AUTH_CONNECT layer records what WFP shows it: a redirected connection carries
 * IS_CONNECTION_REDIRECTED, the LOCAL_REDIRECT_TARGET_PID the callout set and the
 * ORIGINAL_DESTINATION before the redirect; the proxy's outbound connection (records SET)
 * carries IS_PROXY_CONNECTION; a BLOCK there stops the connection.
 */
#include "../wfp/fwpsk.h"
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

typedef struct auth_seen {
    int calls;
    UINT32 flags[4];
    UINT32 meta[4];
    UINT64 pid[4];
    SOCKADDR_STORAGE original[4];
    UINT64 filter[4];
    int block;
} auth_seen;

static auth_seen seen;

static void NTAPI observe(const FWPS_INCOMING_VALUES0 *in, const FWPS_INCOMING_METADATA_VALUES0 *meta, void *layer,
                          const void *ctx, const FWPS_FILTER1 *filter, UINT64 flow, FWPS_CLASSIFY_OUT0 *out) {
    (void)layer, (void)ctx, (void)flow;
    int i = seen.calls++;
    if (i < 4) {
        seen.filter[i] = filter->filterId;
        seen.flags[i] = in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_FLAGS].value.uint32;
        seen.meta[i] = meta->currentMetadataValues;
        seen.pid[i] = meta->localRedirectTargetPID;
        if (FWPS_IS_METADATA_FIELD_PRESENT(meta, FWPS_METADATA_FIELD_ORIGINAL_DESTINATION))
            memcpy(&seen.original[i], meta->originalDestination, sizeof seen.original[i]);
    }
    out->actionType = seen.block ? FWP_ACTION_BLOCK : FWP_ACTION_PERMIT;
    if (seen.block) out->rights &= ~(UINT32)FWPS_RIGHT_ACTION_WRITE;
}

/* The observer at AUTH_CONNECT_V4 (or _V6) behind a filter with these conditions; its status. */
static NTSTATUS load_observer_at(const GUID *layer, const FWPM_FILTER_CONDITION0 *cond, UINT32 n) {
    static const GUID callout = {0xa0a0a0a2, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    FWPS_CALLOUT1 c = {callout, 0, observe, NULL, NULL};
    UINT32 id;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_SUCCESS);
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.layerKey = *layer;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = callout;
    f.numFilterConditions = n;
    f.filterCondition = (FWPM_FILTER_CONDITION0 *)cond;
    UINT64 fid;
    return FwpmFilterAdd0(NULL, &f, NULL, &fid);
}

static NTSTATUS load_observer_if(const FWPM_FILTER_CONDITION0 *cond, UINT32 n) {
    return load_observer_at(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, cond, n);
}

/* Opens a world with the observer behind cond, makes a redirected (port 80 -> the proxy's
 * 50000 on loopback) and a plain (198.51.100.7:81, or [2001:db8::7]:81) connection of family
 * af, and returns which reached the callout: bit 0 the redirected one, bit 1 the plain one. */
static int observed_with_af(int af, const FWPM_FILTER_CONDITION0 *cond, UINT32 n) {
    wt_target *t;
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    memset(&seen, 0, sizeof seen);
    ASSERT_EQ(
        load_observer_at(af == AF_INET ? &FWPM_LAYER_ALE_AUTH_CONNECT_V4 : &FWPM_LAYER_ALE_AUTH_CONNECT_V6, cond, n),
        STATUS_SUCCESS);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, af, 0, &f), WT_OK);
    int got = seen.calls ? 1 : 0;
    ASSERT_EQ(wt_tcp_plain(t, af, &f), WT_OK);
    got |= seen.calls > (got ? 1 : 0) ? 2 : 0;
    wt_close(t);
    return got;
}

static int observed_with(const FWPM_FILTER_CONDITION0 *cond, UINT32 n) { return observed_with_af(AF_INET, cond, n); }

TEST(auth_filter_conditions_choose_the_connects_the_callout_sees) {
    FWPM_FILTER_CONDITION0 c[2];
    memset(c, 0, sizeof c);
    c[0].fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    c[0].matchType = FWP_MATCH_EQUAL;
    c[0].conditionValue.type = FWP_UINT16;
    c[0].conditionValue.uint16 = 81;
    ASSERT_EQ(observed_with(c, 1), 2); /* only the plain connect to port 81 */
    c[1] = c[0];
    c[1].conditionValue.uint16 = 50000; /* same field: OR'ed */
    ASSERT_EQ(observed_with(c, 2), 3);
    c[1].fieldKey = FWPM_CONDITION_IP_PROTOCOL; /* another field: AND'ed; UDP excludes both */
    c[1].conditionValue.type = FWP_UINT8;
    c[1].conditionValue.uint8 = IPPROTO_UDP;
    ASSERT_EQ(observed_with(c, 2), 0);
    FWP_V4_ADDR_AND_MASK net = {0xc6336400u, 0xffffff00u}; /* 198.51.100.0/24 */
    c[0].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    c[0].conditionValue.type = FWP_V4_ADDR_MASK;
    c[0].conditionValue.v4AddrMask = &net;
    ASSERT_EQ(observed_with(c, 1), 2);
    /* the ordering matches at their boundary: the redirected connect's remote port is the
     * proxy's 50000, the plain one's 81 */
    static const struct {
        FWP_MATCH_TYPE m;
        UINT16 port;
        int seen;
    } order[] = {{FWP_MATCH_LESS, 81, 0},       {FWP_MATCH_LESS, 82, 2},       {FWP_MATCH_LESS_OR_EQUAL, 81, 2},
                 {FWP_MATCH_GREATER, 50000, 0}, {FWP_MATCH_GREATER, 49999, 1}, {FWP_MATCH_GREATER_OR_EQUAL, 50000, 1},
                 {FWP_MATCH_NOT_EQUAL, 81, 1},  {FWP_MATCH_NOT_EQUAL, 82, 3}};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        memset(&c[0], 0, sizeof c[0]);
        c[0].fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
        c[0].matchType = order[i].m;
        c[0].conditionValue.type = FWP_UINT16;
        c[0].conditionValue.uint16 = order[i].port;
        ASSERT_EQ(observed_with(c, 1), order[i].seen);
    }
    /* a RANGE of ports, inclusive at both ends */
    static const struct {
        UINT16 lo, hi;
        int seen;
    } range[] = {{81, 81, 2}, {50000, 50001, 1}, {82, 49999, 0}, {81, 50000, 3}, {80, 80, 0}};
    for (size_t i = 0; i < sizeof range / sizeof range[0]; i++) {
        FWP_RANGE0 r;
        memset(&r, 0, sizeof r);
        r.valueLow.type = r.valueHigh.type = FWP_UINT16;
        r.valueLow.uint16 = range[i].lo;
        r.valueHigh.uint16 = range[i].hi;
        memset(&c[0], 0, sizeof c[0]);
        c[0].fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
        c[0].matchType = FWP_MATCH_RANGE;
        c[0].conditionValue.type = FWP_RANGE_TYPE;
        c[0].conditionValue.rangeValue = &r;
        ASSERT_EQ(observed_with(c, 1), range[i].seen);
    }
    /* an IPv6 remote address as FWP_BYTE_ARRAY16, EQUAL and NOT_EQUAL: the plain connect goes to
     * 2001:db8::7, the redirected one to the proxy on ::1 */
    static const struct {
        UINT8 last;
        FWP_MATCH_TYPE m;
        int seen;
    } addr6[] = {{7, FWP_MATCH_EQUAL, 2}, {6, FWP_MATCH_EQUAL, 0}, {7, FWP_MATCH_NOT_EQUAL, 1}};
    for (size_t i = 0; i < sizeof addr6 / sizeof addr6[0]; i++) {
        FWP_BYTE_ARRAY16 a = {{0x20, 0x01, 0x0d, 0xb8, [15] = addr6[i].last}};
        memset(&c[0], 0, sizeof c[0]);
        c[0].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
        c[0].matchType = addr6[i].m;
        c[0].conditionValue.type = FWP_BYTE_ARRAY16_TYPE;
        c[0].conditionValue.byteArray16 = &a;
        ASSERT_EQ(observed_with_af(AF_INET6, c, 1), addr6[i].seen);
    }
    FWP_BYTE_ARRAY16 loop6 = {{[15] = 1}};
    c[0].matchType = FWP_MATCH_EQUAL;
    c[0].conditionValue.byteArray16 = &loop6;
    ASSERT_EQ(observed_with_af(AF_INET6, c, 1), 1);
    /* a condition the model does not evaluate is refused, with a finding naming it */
    wt_target *t;
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    c[0].fieldKey.Data1 = 0x12345678;
    ASSERT_EQ(load_observer_if(c, 1), STATUS_FWP_INVALID_PARAMETER);
    char text[1024];
    ASSERT_EQ(wt_findings(t, text, sizeof text), 1);
    ASSERT(strstr(text, "12345678") && strstr(text, "does not evaluate"));
    /* a known field with a value type it cannot take is refused too, each kind of field on its own
     * (mutation testing, seed 176: an address field that took any type matched on zeros) */
    static const struct {
        const GUID *key;
        FWP_DATA_TYPE type;
        const char *names;
    } odd[] = {{&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_UINT16, "addresses"},
               {&FWPM_CONDITION_ALE_APP_ID, FWP_UINT32, "ALE_APP_ID"},
               {&FWPM_CONDITION_FLAGS, FWP_UINT16, "FLAGS"}};
    wt_close(t);
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        ASSERT_EQ(wt_open("model", &t), WT_OK);
        memset(&c[0], 0, sizeof c[0]);
        c[0].fieldKey = *odd[i].key;
        c[0].matchType = FWP_MATCH_FLAGS_ALL_SET; /* FLAGS takes this, so only the type is wrong there */
        if (odd[i].key != &FWPM_CONDITION_FLAGS) c[0].matchType = FWP_MATCH_EQUAL;
        c[0].conditionValue.type = odd[i].type;
        c[0].conditionValue.uint32 = 80;
        ASSERT_EQ(load_observer_if(c, 1), STATUS_FWP_INVALID_PARAMETER);
        ASSERT_EQ(wt_findings(t, text, sizeof text), 1);
        ASSERT(strstr(text, odd[i].names) != NULL);
        wt_close(t);
    }
    return 0;
}

/* A filter whose action is PERMIT or BLOCK names no callout (FWPM_ACTION0: calloutKey is read
 * only for a callout action), so no classifyFn runs for it.  Mutation testing, seed 14: a
 * stack that ran callout 1 for such a filter passed every case, since the test callout's
 * filters all name their callout; only a vendor driver's plain filters reach this. */
TEST(auth_filter_without_callout_runs_no_callout) {
    static const GUID callout = {0xa0a0a0a3, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    wt_target *t;
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    memset(&seen, 0, sizeof seen);
    FWPS_CALLOUT1 c = {callout, 0, observe, NULL, NULL};
    UINT32 id = 0;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_SUCCESS);
    ASSERT_EQ(id, 1); /* the world's first callout, the one a stray id 1 would name */
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    f.action.type = FWP_ACTION_PERMIT;
    UINT64 fid;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_SUCCESS);
    wt_tcp_flow flow;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET, &flow), WT_OK);
    ASSERT_EQ(seen.calls, 0);
    return fx_close(t);
}

static void load_observer(void) {
    static const GUID callout = {0xa0a0a0a0, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    static const GUID sublayer = {0xa0a0a0a1, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    FWPS_CALLOUT1 c = {callout, 0, observe, NULL, NULL};
    UINT32 id;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_SUCCESS);
    FWPM_SUBLAYER0 sub = {.subLayerKey = sublayer, .weight = 10};
    ASSERT_EQ(FwpmSubLayerAdd0(NULL, &sub, NULL), STATUS_SUCCESS);
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    f.subLayerKey = sublayer;
    UINT64 weight = 1;
    f.weight.type = FWP_UINT64;
    f.weight.uint64 = &weight;
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = callout;
    UINT64 fid;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_SUCCESS);
}

static wt_target *open_with_observer(int block) {
    wt_target *t;
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    memset(&seen, 0, sizeof seen);
    seen.block = block;
    load_observer();
    return t;
}

TEST(auth_A89_redirected_connect_shows_flag_pid_and_original_destination) {
    wt_target *t = open_with_observer(0);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 0, &f), WT_OK);
    ASSERT_EQ(seen.calls, 1);
    ASSERT(seen.flags[0] & FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED);
    ASSERT_EQ(seen.flags[0] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, 0);
    ASSERT(seen.meta[0] & FWPS_METADATA_FIELD_LOCAL_REDIRECT_TARGET_PID);
    ASSERT(seen.meta[0] & FWPS_METADATA_FIELD_ORIGINAL_DESTINATION);
    ASSERT_EQ(seen.pid[0], 4242); /* wt_callout_policy_init's target PID */
    ASSERT_MEM_EQ(&seen.original[0], &f.original_dst, sizeof(struct sockaddr_in));
    return fx_close(t);
}

TEST(auth_A59_proxy_connection_flag_and_no_redirect_flag_on_plain_connect) {
    wt_target *t = open_with_observer(0);
    wt_tcp_flow f;
    fx_redirected(t, AF_INET, 0, &f);
    char rec[4096];
    DWORD n = fx_query(t, f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, rec, sizeof rec), z = 0;
    SOCKET out = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(WSAIoctl(out, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &z, NULL, NULL), 0);
    ASSERT_EQ(connect(out, (struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in)), 0);
    ASSERT_EQ(seen.calls, 2);
    ASSERT(seen.flags[1] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION);
    ASSERT_EQ(seen.flags[1] & FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED, 0); /* BY_SELF: not redirected again */
    wt_tcp_flow p;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET, &p), WT_OK);
    ASSERT_EQ(seen.calls, 3);
    ASSERT_EQ(seen.flags[2] & (FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED | FWP_CONDITION_FLAG_IS_PROXY_CONNECTION),
              0);
    ASSERT_EQ(seen.meta[2] & FWPS_METADATA_FIELD_ORIGINAL_DESTINATION, 0);
    return fx_close(t);
}

TEST(auth_block_at_auth_connect_refuses_the_connection) {
    wt_target *t = open_with_observer(1);
    wt_tcp_flow f;
    ASSERT_NE(wt_tcp_redirected(t, AF_INET, 0, &f), WT_OK);
    ASSERT_EQ(seen.calls, 1);
    return fx_close(t);
}

TEST(auth_A88_pended_redirect_is_reauthorized_at_auth_connect) {
    wt_target *t = open_with_observer(0);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50000);
    p.pend = 1;
    ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 0, &f), WT_OK);
    ASSERT_EQ(seen.calls, 1);
    ASSERT(seen.flags[0] & FWP_CONDITION_FLAG_IS_REAUTHORIZE);
    ASSERT(seen.flags[0] & FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED);
    return fx_close(t);
}

/* A filter in sublayer `sub` of AUTH_CONNECT_V4 with this weight, action and at most one
 * condition (callout: the callout's key for a callout action, NULL for a plain one); its id. */
static UINT64 add_filter(const GUID *sub, UINT64 weight, FWP_ACTION_TYPE action, const GUID *callout,
                         const FWPM_FILTER_CONDITION0 *cond) {
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    f.subLayerKey = *sub;
    f.weight.type = FWP_UINT64;
    f.weight.uint64 = &weight;
    f.action.type = action;
    if (callout) f.action.calloutKey = *callout;
    f.numFilterConditions = cond ? 1 : 0;
    f.filterCondition = (FWPM_FILTER_CONDITION0 *)cond;
    UINT64 fid = 0;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_SUCCESS);
    return fid;
}

/* A plain filter (action BLOCK or PERMIT, no callout); its filter id. */
static UINT64 add_plain(const GUID *sub, UINT64 weight, FWP_ACTION_TYPE action, const FWPM_FILTER_CONDITION0 *cond) {
    return add_filter(sub, weight, action, NULL, cond);
}

/* The observer behind a callout filter of this weight in sublayer `sub`; its filter id. */
static UINT64 add_observer(const GUID *callout, const GUID *sub, UINT64 weight) {
    FWPS_CALLOUT1 c = {*callout, 0, observe, NULL, NULL};
    UINT32 id;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_SUCCESS);
    return add_filter(sub, weight, FWP_ACTION_CALLOUT_INSPECTION, callout, NULL);
}

/* Filter Arbitration (learn.microsoft.com): a matching filter's Block decides the layer, so a
 * vendor's plain BLOCK filter (say of UDP 443) refuses the connects it matches and no other.
 * Mutation testing, seed 14: the model skipped every filter that named no callout. */
TEST(auth_plain_block_filter_refuses_only_matching_connects) {
    static const GUID none;
    for (UINT16 port = 81; port <= 82; port++) {
        wt_target *t;
        ASSERT_EQ(wt_open("model", &t), WT_OK);
        FWPM_FILTER_CONDITION0 c;
        memset(&c, 0, sizeof c);
        c.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
        c.matchType = FWP_MATCH_EQUAL;
        c.conditionValue.type = FWP_UINT16;
        c.conditionValue.uint16 = port; /* wt_tcp_plain connects to 198.51.100.7:81 */
        add_plain(&none, 1, FWP_ACTION_BLOCK, &c);
        wt_tcp_flow flow;
        if (port == 81)
            ASSERT_NE(wt_tcp_plain(t, AF_INET, &flow), WT_OK);
        else
            ASSERT_EQ(wt_tcp_plain(t, AF_INET, &flow), WT_OK);
        ASSERT_EQ(fx_close(t), 0);
    }
    return 0;
}

/* Filter Arbitration: within a sublayer, filters are evaluated from the highest weight down
 * until one returns Permit or Block, and the rest of that sublayer is skipped; every sublayer
 * is still evaluated.  A plain PERMIT of weight 5 in sublayer A hides A's callout of weight 1,
 * not sublayer B's callout. */
TEST(auth_plain_permit_ends_only_its_own_sublayer) {
    static const GUID sub_a = {0xa0a0a0a4, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    static const GUID sub_b = {0xa0a0a0a5, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    static const GUID callout_a = {0xa0a0a0a6, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    static const GUID callout_b = {0xa0a0a0a7, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    for (int permit = 0; permit <= 1; permit++) {
        wt_target *t;
        ASSERT_EQ(wt_open("model", &t), WT_OK);
        memset(&seen, 0, sizeof seen);
        FWPM_SUBLAYER0 a = {.subLayerKey = sub_a, .weight = 10}, b = {.subLayerKey = sub_b, .weight = 5};
        ASSERT_EQ(FwpmSubLayerAdd0(NULL, &a, NULL), STATUS_SUCCESS);
        ASSERT_EQ(FwpmSubLayerAdd0(NULL, &b, NULL), STATUS_SUCCESS);
        UINT64 in_a = add_observer(&callout_a, &sub_a, 1);
        UINT64 in_b = add_observer(&callout_b, &sub_b, 1);
        if (permit) add_plain(&sub_a, 5, FWP_ACTION_PERMIT, NULL);
        wt_tcp_flow flow;
        ASSERT_EQ(wt_tcp_plain(t, AF_INET, &flow), WT_OK);
        if (permit) {
            ASSERT_EQ(seen.calls, 1);
            ASSERT_EQ(seen.filter[0], in_b);
        } else { /* without the PERMIT both callouts run, A's sublayer first */
            ASSERT_EQ(seen.calls, 2);
            ASSERT_EQ(seen.filter[0], in_a);
            ASSERT_EQ(seen.filter[1], in_b);
        }
        ASSERT_EQ(fx_close(t), 0);
    }
    return 0;
}
