/*
 * test_wfp.c: the WFP side of connection redirection on the model (SEMANTICS §2, §5,
 * A49, A50, A59..A62, A74..A90), and the WFP verifier's rules.
 *
 * Why: the IOCTLs only mean something if the kernel keeps the redirect state honestly.
 * These tests act as callout drivers themselves, through driver-stub/wfp/fwpsk.h exactly as
 * a vendor's driver would (FwpsCalloutRegister1, FwpmSubLayerAdd0, FwpmFilterAdd0 at
 * ALE_CONNECT_REDIRECT_V4 after wt_open made the world current), or use the suite's test
 * callout through wt_add_callout, and watch what the classify sees: redirect states, the
 * context hand-out, condition flags, the records handle, pending, and the findings the
 * verifier writes when a callout breaks a rule (one test per rule; none may crash).
 * The UDP tests follow the records through control messages and WSASendMsg.
 */
#include <stdint.h>

#include "../wfp/fwpsk.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "unit.h"
#include "unit_fixtures.h"

#define QREC SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define QCTX SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT
#define CTX_TAG 0x74786352u
#define SERVER_PORT 80
#define MAX_SEEN 8

/* ================================================================ a callout of our own */

typedef enum {
    RAW_OBSERVE, /* query the state, record it, decide nothing */
    RAW_REDIRECT, /* a correct redirecting callout (SEMANTICS 5) */
    RAW_NO_APPLY, /* acquires writable data and never applies it (A82) */
    RAW_APPLY_TWICE, /* applies the same data twice (A82) */
    RAW_WRITE_LOCAL, /* also writes localAddressAndPort (A83) */
    RAW_NO_HANDLE, /* loopback redirect without localRedirectHandle (A84) */
    RAW_NO_PID, /* loopback redirect without localRedirectTargetPID (A84) */
    RAW_FREE_CONTEXT, /* frees the context it handed to WFP (A85) */
    RAW_KEEP_HANDLE, /* redirects but keeps the classify handle past classifyFn (A88) */
    RAW_PEND, /* pends correctly; raw_complete finishes (A88) */
    RAW_PEND_NO_BLOCK /* pends and leaves CONTINUE with the write right (A88) */
} raw_mode;

typedef struct raw_callout {
    raw_mode mode;
    char vendor;
    USHORT proxy_port;
    int walk; /* the previousVersion walk before redirecting (A86) */
    int trust_others; /* REDIRECTED_BY_OTHER -> permit */
    int no_state; /* skip the redirect-state query (a callout that loops) */
    ULONG context_size; /* 0: no context */
    SIZE_T context_claim; /* localRedirectContextSize written, when not context_size */
    int probe_sio; /* call FwpsQueryConnectionSioFormatRedirectRecords0 when records exist */
    /* registration */
    HANDLE handle;
    UINT64 filter_id;
    /* what it saw, per classify */
    int classified;
    int has_records[MAX_SEEN];
    FWPS_CONNECTION_REDIRECT_STATE state[MAX_SEEN];
    void *context_seen[MAX_SEEN];
    UINT32 flags[MAX_SEEN];
    FWPS_CLASSIFY_OUT0 after_acquire;
    int left_alone, redirected;
    void *context_given;
    UINT64 kept_handle;
    FWPS_CONNECT_REQUEST0 *kept_data;
    NTSTATUS sio_status[4];
    SIZE_T sio_bytes[4];
    uint8_t sio_blob[8192];
} raw_callout;

static GUID raw_key(char vendor, unsigned kind) {
    GUID g = {0x6a6a0000u | kind, 0x3c3c, 0x4d4d, {0x88, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0}};
    g.Data4[7] = (UINT8)vendor;
    return g;
}

static SOCKADDR_STORAGE v4(const char *ip, USHORT port) {
    SOCKADDR_STORAGE a;
    memset(&a, 0, sizeof a);
    SOCKADDR_IN *sin = (SOCKADDR_IN *)&a;
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    ASSERT_EQ(inet_pton(AF_INET, ip, &sin->sin_addr), 1);
    return a;
}

/* FwpsQueryConnectionSioFormatRedirectRecords0's four answers (A50), from inside classifyFn. */
static void probe_sio(raw_callout *r, HANDLE records) {
    static UINT64 aligned[1024];
    uint8_t *buf = (uint8_t *)aligned;
    SIZE_T bt = 0;
    r->sio_status[0] = FwpsQueryConnectionSioFormatRedirectRecords0(NULL, buf, sizeof aligned, &bt);
    r->sio_bytes[0] = bt;
    r->sio_status[1] = FwpsQueryConnectionSioFormatRedirectRecords0(records, NULL, 0, &bt);
    r->sio_bytes[1] = bt;
    r->sio_status[2] = FwpsQueryConnectionSioFormatRedirectRecords0(records, buf, sizeof aligned, &bt);
    r->sio_bytes[2] = bt;
    if (bt <= sizeof r->sio_blob) memcpy(r->sio_blob, buf, bt);
    r->sio_status[3] = FwpsQueryConnectionSioFormatRedirectRecords0(records, buf + 1, sizeof aligned - 1, &bt);
    r->sio_bytes[3] = bt;
}

/* Records what the classify shows; returns 1 when the redirect state settles it. */
static int raw_look(raw_callout *r, const FWPS_INCOMING_VALUES0 *in, const FWPS_INCOMING_METADATA_VALUES0 *meta,
                    FWPS_CLASSIFY_OUT0 *out) {
    int i = r->classified < MAX_SEEN ? r->classified : MAX_SEEN - 1;
    r->classified++;
    r->flags[i] = in->incomingValue[FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_FLAGS].value.uint32;
    r->has_records[i] = FWPS_IS_METADATA_FIELD_PRESENT(meta, FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE);
    r->state[i] = FWPS_CONNECTION_NOT_REDIRECTED;
    r->context_seen[i] = (void *)1;
    if (r->has_records[i]) {
        r->state[i] = FwpsQueryConnectionRedirectState0(meta->redirectRecords, r->handle, &r->context_seen[i]);
        if (r->probe_sio) probe_sio(r, meta->redirectRecords);
    } else {
        r->state[i] = FwpsQueryConnectionRedirectState0(NULL, r->handle, &r->context_seen[i]); /* A75 */
    }
    if (r->mode == RAW_OBSERVE || r->no_state) return r->mode == RAW_OBSERVE;
    switch (r->state[i]) {
    case FWPS_CONNECTION_REDIRECTED_BY_SELF:
        out->actionType = FWP_ACTION_PERMIT;
        return 1;
    case FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF:
        return 1;
    case FWPS_CONNECTION_REDIRECTED_BY_OTHER:
        if (r->trust_others) out->actionType = FWP_ACTION_PERMIT;
        return r->trust_others;
    default:
        return 0;
    }
}

/* A86: an earlier version written by another filter with a local redirect handle. */
static int another_local_proxy(const FWPS_CONNECT_REQUEST0 *req, UINT64 own) {
    for (const FWPS_CONNECT_REQUEST0 *v = req->previousVersion; v; v = v->previousVersion)
        if (v->modifierFilterId != own && v->localRedirectHandle) return 1;
    return 0;
}

/* Points req at loopback:proxy_port with the fields a local redirect needs (A84), and a
 * context of [original remote, original local] padded to context_size (A43). */
static void raw_rewrite(raw_callout *r, FWPS_CONNECT_REQUEST0 *req) {
    if (r->context_size) {
        SOCKADDR_STORAGE *ctx = ExAllocatePoolWithTag(NonPagedPoolNx, r->context_size, CTX_TAG);
        ASSERT_NOT_NULL(ctx);
        memset(ctx, 0, r->context_size);
        if (r->context_size >= 2 * sizeof *ctx) {
            ctx[0] = req->remoteAddressAndPort;
            ctx[1] = req->localAddressAndPort;
        }
        req->localRedirectContext = ctx;
        req->localRedirectContextSize = r->context_claim ? r->context_claim : r->context_size;
        r->context_given = ctx;
    }
    req->remoteAddressAndPort = v4("127.0.0.1", r->proxy_port);
    req->localRedirectHandle = r->mode == RAW_NO_HANDLE ? NULL : r->handle;
    req->localRedirectTargetPID = r->mode == RAW_NO_PID ? 0 : 4242;
    if (r->mode == RAW_WRITE_LOCAL) ((SOCKADDR_IN *)&req->localAddressAndPort)->sin_port = htons(7);
}

static void NTAPI raw_classify(const FWPS_INCOMING_VALUES0 *in, const FWPS_INCOMING_METADATA_VALUES0 *meta,
                               void *layerData, const void *classifyContext, const FWPS_FILTER1 *filter,
                               UINT64 flowContext, FWPS_CLASSIFY_OUT0 *out) {
    raw_callout *r = (raw_callout *)(uintptr_t)filter->context;
    if (raw_look(r, in, meta, out) || !(out->rights & FWPS_RIGHT_ACTION_WRITE)) return;
    UINT64 h = 0;
    void *data = NULL;
    ASSERT_EQ(FwpsAcquireClassifyHandle0((void *)classifyContext, 0, &h), STATUS_SUCCESS);
    ASSERT_EQ(FwpsAcquireWritableLayerDataPointer0(h, filter->filterId, 0, &data, out), STATUS_SUCCESS);
    r->after_acquire = *out;
    FWPS_CONNECT_REQUEST0 *req = data;
    if (r->mode == RAW_PEND || r->mode == RAW_PEND_NO_BLOCK) {
        ASSERT_EQ(FwpsPendClassify0(h, filter->filterId, 0, out), STATUS_SUCCESS);
        if (r->mode == RAW_PEND_NO_BLOCK) {
            out->actionType = FWP_ACTION_CONTINUE;
            out->rights |= FWPS_RIGHT_ACTION_WRITE;
        }
        r->kept_handle = h;
        r->kept_data = req;
        return;
    }
    if (r->walk && another_local_proxy(req, filter->filterId)) {
        FwpsApplyModifiedLayerData0(h, req, 0);
        r->left_alone++;
    } else {
        raw_rewrite(r, req);
        if (r->mode != RAW_NO_APPLY) FwpsApplyModifiedLayerData0(h, req, 0);
        if (r->mode == RAW_APPLY_TWICE) FwpsApplyModifiedLayerData0(h, req, 0);
        if (r->mode == RAW_FREE_CONTEXT) ExFreePoolWithTag(r->context_given, CTX_TAG);
        r->redirected++;
    }
    out->actionType = FWP_ACTION_PERMIT;
    out->rights &= ~(UINT32)FWPS_RIGHT_ACTION_WRITE;
    if (r->mode == RAW_KEEP_HANDLE)
        r->kept_handle = h;
    else
        FwpsReleaseClassifyHandle0(h);
}

/* Registers r as vendor r->vendor: redirect handle, callout, sublayer, one V4 filter. */
static void raw_load(raw_callout *r, UINT16 weight) {
    GUID provider = raw_key(r->vendor, 0);
    ASSERT_EQ(FwpsRedirectHandleCreate0(&provider, 0, &r->handle), STATUS_SUCCESS);
    ASSERT_NOT_NULL(r->handle);
    FWPS_CALLOUT1 c = {raw_key(r->vendor, 1), 0, raw_classify, NULL, NULL};
    UINT32 id = 0;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_SUCCESS);
    FWPM_SUBLAYER0 sub = {.subLayerKey = raw_key(r->vendor, 2), .weight = weight};
    ASSERT_EQ(FwpmSubLayerAdd0(NULL, &sub, NULL), STATUS_SUCCESS);
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.filterKey = raw_key(r->vendor, 3);
    f.layerKey = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    f.subLayerKey = sub.subLayerKey;
    UINT64 w64 = weight;
    f.weight.type = FWP_UINT64;
    f.weight.uint64 = &w64;
    f.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
    f.action.calloutKey = c.calloutKey;
    f.rawContext = (UINT64)(uintptr_t)r;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &r->filter_id), STATUS_SUCCESS);
}

static void raw_init(raw_callout *r, char vendor, raw_mode mode, USHORT proxy_port) {
    memset(r, 0, sizeof *r);
    r->vendor = vendor;
    r->mode = mode;
    r->proxy_port = proxy_port;
    r->walk = 1;
}

/* Finishes r's pended classify: redirect, apply (pended: REAUTHORIZE flag allowed),
 * complete with PERMIT, release. */
static void raw_complete(raw_callout *r) {
    ASSERT(r->kept_handle != 0);
    raw_rewrite(r, r->kept_data);
    FwpsApplyModifiedLayerData0(r->kept_handle, r->kept_data, FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS);
    FWPS_CLASSIFY_OUT0 decision = {FWP_ACTION_PERMIT, 0, r->filter_id, 0, 0, 0};
    FwpsCompleteClassify0(r->kept_handle, 0, &decision);
    FwpsReleaseClassifyHandle0(r->kept_handle);
    r->kept_handle = 0;
}

/* ================================================================ sockets */

/* A non-blocking TCP listener at ip:port. */
static SOCKET listener(const char *ip, USHORT port) {
    SOCKADDR_STORAGE a = v4(ip, port);
    SOCKET s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(bind(s, (struct sockaddr *)&a, sizeof(SOCKADDR_IN)), 0);
    ASSERT_EQ(listen(s, 16), 0);
    u_long nb = 1;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &nb), 0);
    return s;
}

/* A connection waiting on l, or INVALID_SOCKET. */
static SOCKET take(SOCKET l) { return accept(l, NULL, NULL); }

/* A new client connected to ip:port (through the classify); *err is connect's error. */
static SOCKET dial(const char *ip, USHORT port, int nonblocking, int *err) {
    SOCKADDR_STORAGE a = v4(ip, port);
    SOCKET s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(s != INVALID_SOCKET);
    u_long nb = (u_long)nonblocking;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &nb), 0);
    *err = connect(s, (struct sockaddr *)&a, sizeof(SOCKADDR_IN)) ? WSAGetLastError() : 0;
    return s;
}

/* The raw-callout world: a server at 203.0.113.10:80 and proxies on 127.0.0.1:4000x. */
typedef struct raw_net {
    wt_target *t;
    SOCKET server, proxy[3];
} raw_net;

static void raw_net_on(raw_net *n, wt_target *t) {
    n->t = t;
    n->server = listener("203.0.113.10", SERVER_PORT);
    for (int i = 0; i < 3; i++) n->proxy[i] = listener("127.0.0.1", (USHORT)(40001 + i));
}

static void raw_net_open(raw_net *n) { raw_net_on(n, fx_open(NULL)); }

/* A fresh raw world with one callout r (vendor a, weight 100, to proxy 0); its other
 * settings may still be changed before the first connect. */
static void one_callout(raw_net *n, raw_callout *r, raw_mode mode) {
    raw_net_open(n);
    raw_init(r, 'a', mode, 40001);
    raw_load(r, 100);
}

/* A client connect to the server that a callout pends: it would block. */
static void dial_pended(void) {
    int err;
    dial("203.0.113.10", SERVER_PORT, 1, &err);
    ASSERT_EQ(err, WSAEWOULDBLOCK);
}

/* A client connect to the server; returns the socket that accepted it at `at`. */
static SOCKET raw_connect_to(raw_net *n, SOCKET at) {
    int err;
    dial("203.0.113.10", SERVER_PORT, 0, &err);
    ASSERT_EQ(err, 0);
    SOCKET a = take(at);
    ASSERT(a != INVALID_SOCKET);
    return a;
}

enum { WITH_CONTEXT = 1, NO_STATE = 2, PROBE_SIO = 4 };

/* one_callout with these settings, then one client connect; returns it as accepted at proxy 0. */
static SOCKET one_redirect(raw_net *n, raw_callout *r, raw_mode mode, int settings) {
    one_callout(n, r, mode);
    r->context_size = settings & WITH_CONTEXT ? 256 : 0;
    r->no_state = (settings & NO_STATE) != 0;
    r->probe_sio = (settings & PROBE_SIO) != 0;
    return raw_connect_to(n, n->proxy[0]);
}

/* A fresh raw world with vendor a (weight 200, to proxy 0) redirecting, and a lighter second
 * callout b of bmode (weight 100; to proxy 1 when it redirects). */
static void two_callouts(raw_net *n, raw_callout *a, raw_callout *b, raw_mode bmode) {
    raw_net_open(n);
    raw_init(a, 'a', RAW_REDIRECT, 40001);
    raw_init(b, bmode == RAW_OBSERVE ? 'o' : 'b', bmode, 40002);
    raw_load(a, 200);
    raw_load(b, 100);
}

/* The proxy on `accepted` forwards to the server; returns where it arrived (or fails). */
static SOCKET raw_forward(raw_net *n, SOCKET accepted, SOCKET expect_at) {
    SOCKADDR_STORAGE dst = v4("203.0.113.10", SERVER_PORT);
    int err;
    fx_proxy_forward(n->t, accepted, &dst, &err);
    ASSERT_EQ(err, 0);
    SOCKET a = take(expect_at);
    ASSERT(a != INVALID_SOCKET);
    return a;
}

/* Nothing arrived on any listener of n. */
static void raw_all_quiet(raw_net *n) {
    ASSERT(take(n->server) == INVALID_SOCKET);
    for (int i = 0; i < 3; i++) ASSERT(take(n->proxy[i]) == INVALID_SOCKET);
}

/* The end of a test on n; CLEAN: nothing arrived on any listener and the verifier found nothing. */
enum { CLEAN = 1 };
static int raw_net_end(raw_net *n, int clean) {
    if (clean) {
        raw_all_quiet(n);
        ASSERT_EQ(fx_findings(n->t, NULL, NULL), 0);
    }
    return fx_close(n->t);
}

/* The verifier wrote exactly one finding, and it mentions what. */
static void expect_one_finding(raw_net *n, const char *what) {
    int has;
    ASSERT_EQ(fx_findings(n->t, what, &has), 1);
    ASSERT(has);
}

/* ================================================================ A74 .. A81 */

TEST(wfp_A74_redirect_handle_create_flags_and_destroy) {
    wt_target *t = fx_open(NULL);
    GUID g = raw_key('z', 0);
    HANDLE h = (HANDLE)1;
    ASSERT_EQ(FwpsRedirectHandleCreate0(&g, 1, &h), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(FwpsRedirectHandleCreate0(&g, 0x80000000u, &h), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(FwpsRedirectHandleCreate0(NULL, 0, &h), STATUS_FWP_NULL_POINTER);
    ASSERT_EQ(FwpsRedirectHandleCreate0(&g, 0, NULL), STATUS_FWP_NULL_POINTER);
    HANDLE a = NULL, b = NULL;
    ASSERT_EQ(FwpsRedirectHandleCreate0(&g, 0, &a), STATUS_SUCCESS);
    ASSERT_EQ(FwpsRedirectHandleCreate0(&g, 0, &b), STATUS_SUCCESS);
    ASSERT(a != NULL && b != NULL && a != b);
    ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
    FwpsRedirectHandleDestroy0(a);
    FwpsRedirectHandleDestroy0(b);
    ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
    int has;
    FwpsRedirectHandleDestroy0(a); /* a second destroy is reported, not a crash */
    ASSERT_EQ(fx_findings(t, "FwpsRedirectHandleDestroy0 of a handle that is not live", &has), 1);
    ASSERT(has);
    return fx_close(t);
}

TEST(wfp_A75_never_redirected_has_no_records_handle) {
    raw_net n;
    raw_net_open(&n);
    raw_callout obs;
    raw_init(&obs, 'o', RAW_OBSERVE, 0);
    raw_load(&obs, 10);
    SOCKET got = raw_connect_to(&n, n.server);
    ASSERT(got != INVALID_SOCKET);
    ASSERT_EQ(obs.classified, 1);
    ASSERT_EQ(obs.has_records[0], 0);
    ASSERT_EQ(obs.state[0], FWPS_CONNECTION_NOT_REDIRECTED);
    ASSERT_NULL(obs.context_seen[0]);
    ASSERT_EQ(obs.flags[0] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, 0);
    uint8_t buf[1024];
    DWORD cb = 0;
    ASSERT_EQ(WSAIoctl(got, QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL); /* A41 */
    return raw_net_end(&n, 0);
}

/* A76 + A59 + A80: the proxy's own outbound connection is REDIRECTED_BY_SELF, flagged as a
 * proxy connection, gets the context back, and goes to the server, not to the proxy again. */
TEST(wfp_A76_proxy_outbound_is_by_self_and_reaches_server) {
    raw_net n;
    raw_callout r;
    SOCKET at_proxy = one_redirect(&n, &r, RAW_REDIRECT, WITH_CONTEXT);
    ASSERT_EQ(r.redirected, 1);
    void *given = r.context_given;
    SOCKET at_server = raw_forward(&n, at_proxy, n.server);
    ASSERT(at_server != INVALID_SOCKET);
    ASSERT_EQ(r.classified, 2);
    ASSERT_EQ(r.redirected, 1);
    ASSERT(r.has_records[1]);
    ASSERT_EQ(r.state[1], FWPS_CONNECTION_REDIRECTED_BY_SELF);
    ASSERT(r.context_seen[1] == given);
    return raw_net_end(&n, CLEAN);
}

TEST(wfp_A76_public_proxy_chain_reaches_original_destination) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f;
    SOCKET acc = fx_redirected(t, AF_INET, 0, &f);
    int err;
    SOCKET out = fx_proxy_forward(t, acc, &f.original_dst, &err);
    ASSERT_EQ(err, 0);
    ASSERT(take(f.listener) == INVALID_SOCKET); /* not redirected to the proxy again */
    SOCKADDR_STORAGE peer;
    int len = sizeof peer;
    ASSERT_EQ(getpeername(out, (struct sockaddr *)&peer, &len), 0);
    ASSERT_MEM_EQ(&peer, &f.original_dst, sizeof(SOCKADDR_IN));
    ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
    return fx_close(t);
}

TEST(wfp_A59_proxy_outbound_flagged_is_proxy_connection) {
    raw_net n;
    raw_callout r, obs;
    two_callouts(&n, &r, &obs, RAW_OBSERVE);
    SOCKET at_proxy = raw_connect_to(&n, n.proxy[0]);
    ASSERT_EQ(obs.flags[0] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, 0);
    ASSERT_EQ(r.flags[0] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, 0);
    raw_forward(&n, at_proxy, n.server);
    ASSERT_EQ(r.flags[1] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, FWP_CONDITION_FLAG_IS_PROXY_CONNECTION);
    ASSERT_EQ(obs.flags[1] & FWP_CONDITION_FLAG_IS_PROXY_CONNECTION, FWP_CONDITION_FLAG_IS_PROXY_CONNECTION);
    ASSERT_EQ(obs.state[1], FWPS_CONNECTION_REDIRECTED_BY_OTHER); /* another handle's view */
    return raw_net_end(&n, 0);
}

/* Vendors a (heavier) and b: a proxies, b does not trust a and proxies again, then b's
 * proxy forwards; returns with every classify recorded in a and b. */
static void two_vendor_chain(raw_net *n, wt_target *t, raw_callout *a, raw_callout *b) {
    raw_net_on(n, t);
    raw_init(a, 'a', RAW_REDIRECT, 40001);
    raw_init(b, 'b', RAW_REDIRECT, 40002);
    a->context_size = b->context_size = 256;
    raw_load(a, 200);
    raw_load(b, 100);
    SOCKET at_a = raw_connect_to(n, n->proxy[0]); /* classify 1: a redirects, b leaves it (A86) */
    SOCKET at_b = raw_forward(n, at_a, n->proxy[1]); /* classify 2: a BY_SELF, b BY_OTHER -> redirects */
    raw_forward(n, at_b, n->server); /* classify 3: a PREVIOUSLY_BY_SELF, b BY_SELF */
    ASSERT_EQ(a->classified, 3);
    ASSERT_EQ(b->classified, 3);
}

TEST(wfp_A77_previously_by_self_with_vendors_a_then_b) {
    raw_net n;
    raw_callout a, b;
    two_vendor_chain(&n, fx_open(NULL), &a, &b);
    ASSERT_EQ(a.state[1], FWPS_CONNECTION_REDIRECTED_BY_SELF);
    ASSERT_EQ(a.state[2], FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF);
    ASSERT_EQ(b.state[2], FWPS_CONNECTION_REDIRECTED_BY_SELF);
    ASSERT_EQ(a.redirected, 1); /* a never redirects again */
    ASSERT_EQ(b.redirected, 1);
    return raw_net_end(&n, CLEAN);
}

TEST(wfp_A78_by_other_untrusted_reproxies) {
    raw_net n;
    raw_callout a, b;
    two_vendor_chain(&n, fx_open(NULL), &a, &b);
    ASSERT_EQ(b.left_alone, 1); /* classify 1: a's local proxy owned the flow */
    ASSERT_EQ(b.state[1], FWPS_CONNECTION_REDIRECTED_BY_OTHER);
    ASSERT_EQ(b.redirected, 1); /* and b proxied it again */
    return raw_net_end(&n, 0);
}

/* Through the public API: vendor B trusts others or not, and the proxy-A outbound lands at
 * the server or at B's proxy accordingly. */
TEST(wfp_A78_public_vendor_b_trusted_or_not) {
    for (int trust = 0; trust < 2; trust++) {
        wt_target *t = fx_open(NULL);
        wt_callout_policy pa, pb;
        wt_callout_policy_init(&pa, 'A', 50000);
        pa.weight = 200;
        wt_callout_policy_init(&pb, 'B', 50001);
        pb.trust_others = trust;
        ASSERT_EQ(wt_add_callout(t, &pa), WT_OK);
        ASSERT_EQ(wt_add_callout(t, &pb), WT_OK);
        SOCKET proxy_b = listener("127.0.0.1", 50001);
        wt_tcp_flow f;
        SOCKET acc = fx_redirected(t, AF_INET, 0, &f);
        ASSERT(take(proxy_b) == INVALID_SOCKET); /* B left A's local proxy alone (A86) */
        int err;
        fx_proxy_forward(t, acc, &f.original_dst, &err);
        ASSERT_EQ(err, 0);
        SOCKET at_b = take(proxy_b);
        ASSERT_EQ(at_b != INVALID_SOCKET, !trust);
        ASSERT(take(f.listener) == INVALID_SOCKET);
        if (!trust) {
            uint8_t rec[2048];
            ULONG ra = fx_issued(t, acc, 0, NULL, 0);
            ASSERT_GT(fx_query(t, at_b, QREC, rec, sizeof rec), ra); /* one more hop */
        }
        wt_close(t);
    }
    return 0;
}

TEST(wfp_A79_redirect_state_values) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(FWPS_CONNECTION_NOT_REDIRECTED, 0);
    ASSERT_EQ(FWPS_CONNECTION_REDIRECTED_BY_SELF, 1);
    ASSERT_EQ(FWPS_CONNECTION_REDIRECTED_BY_OTHER, 2);
    ASSERT_EQ(FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF, 3);
    ASSERT_EQ(FWPS_CONNECTION_REDIRECT_STATE_MAX, 4);
    /* And the engine answers NOT_REDIRECTED for no records, whatever the handle. */
    void *ctx = (void *)1;
    ASSERT_EQ(FwpsQueryConnectionRedirectState0(NULL, NULL, &ctx), FWPS_CONNECTION_NOT_REDIRECTED);
    ASSERT_NULL(ctx);
    return fx_close(t);
}

TEST(wfp_A80_context_only_for_self_states) {
    raw_net n;
    raw_callout a, b;
    two_vendor_chain(&n, fx_open(NULL), &a, &b);
    ASSERT_NULL(a.context_seen[0]); /* NOT_REDIRECTED */
    ASSERT_NULL(b.context_seen[0]);
    ASSERT_NOT_NULL(a.context_seen[1]); /* BY_SELF */
    ASSERT_NULL(b.context_seen[1]); /* BY_OTHER */
    ASSERT_NOT_NULL(a.context_seen[2]); /* PREVIOUSLY_BY_SELF */
    ASSERT(a.context_seen[2] == a.context_seen[1]);
    ASSERT(b.context_seen[2] == b.context_given);
    return raw_net_end(&n, 0);
}

/* For test_faults.c (unit_fixtures.h). */
long fx_context_for_other(wt_target *t) {
    raw_net n;
    raw_callout a, b;
    two_vendor_chain(&n, t, &a, &b);
    ASSERT_EQ(b.state[1], FWPS_CONNECTION_REDIRECTED_BY_OTHER);
    return b.context_seen[1] != NULL;
}
TEST(wfp_A81_acquire_sets_block_and_clears_write_right) {
    raw_net n;
    raw_callout r;
    one_redirect(&n, &r, RAW_REDIRECT, 0);
    ASSERT_EQ(r.after_acquire.actionType, FWP_ACTION_BLOCK);
    ASSERT_EQ(r.after_acquire.rights & FWPS_RIGHT_ACTION_WRITE, 0);
    return raw_net_end(&n, 0);
}

/* ================================================================ verifier rules */

/* One connect with a lone callout of `mode` that redirects to proxy 0; returns the number
 * of findings, and whether the text names `rule`. */
static int verifier_case(raw_mode mode, const char *rule, SOCKET *arrived_at_proxy, raw_net *n) {
    static raw_callout r; /* named by the filter until the world goes */
    one_callout(n, &r, mode);
    r.context_size = 256;
    int err;
    dial("203.0.113.10", SERVER_PORT, 0, &err);
    ASSERT_EQ(err, 0);
    *arrived_at_proxy = take(n->proxy[0]);
    int has = 0;
    int count = fx_findings(n->t, rule, &has);
    ASSERT(has);
    return count;
}

TEST(wfp_A82_verifier_acquire_without_apply) {
    raw_net n;
    SOCKET at;
    ASSERT_EQ(verifier_case(RAW_NO_APPLY, "verifier A82: filter", &at, &n), 1);
    ASSERT(at == INVALID_SOCKET); /* never applied: not redirected */
    int has;
    fx_findings(n.t, "acquired writable layer data and never applied it", &has);
    ASSERT(has);
    ASSERT(take(n.server) != INVALID_SOCKET);
    return raw_net_end(&n, 0);
}

TEST(wfp_A82_verifier_apply_twice) {
    raw_net n;
    SOCKET at;
    ASSERT_EQ(verifier_case(RAW_APPLY_TWICE, "applied the same layer data twice", &at, &n), 1);
    ASSERT(at != INVALID_SOCKET); /* the first apply stands */
    return raw_net_end(&n, 0);
}

TEST(wfp_A83_verifier_local_address_write_not_honoured) {
    raw_net n;
    SOCKET at;
    ASSERT_EQ(verifier_case(RAW_WRITE_LOCAL, "verifier A83", &at, &n), 1);
    ASSERT(at != INVALID_SOCKET);
    SOCKADDR_IN peer;
    int len = sizeof peer;
    ASSERT_EQ(getpeername(at, (struct sockaddr *)&peer, &len), 0);
    ASSERT_NE(ntohs(peer.sin_port), 7); /* the client's real port, not the one written */
    SOCKADDR_STORAGE ctx[2];
    ASSERT_EQ(fx_query(n.t, at, QCTX, ctx, sizeof ctx), sizeof ctx);
    ASSERT_MEM_EQ(&ctx[1], &peer, sizeof(SOCKADDR_IN) - 8); /* context [1]: the unmodified local */
    return raw_net_end(&n, 0);
}

TEST(wfp_A84_loopback_redirect_without_handle_or_pid_not_honoured) {
    for (int k = 0; k < 2; k++) {
        raw_net n;
        SOCKET at;
        ASSERT_EQ(verifier_case(k ? RAW_NO_PID : RAW_NO_HANDLE, "verifier A84", &at, &n), 1);
        ASSERT(at == INVALID_SOCKET);
        ASSERT(take(n.server) != INVALID_SOCKET); /* the connection went where it was going */
        wt_close(n.t);
    }
    return 0;
}

TEST(wfp_A85_verifier_callout_frees_wfp_owned_context) {
    raw_net n;
    SOCKET at;
    ASSERT_EQ(verifier_case(RAW_FREE_CONTEXT, "ownership passed to WFP", &at, &n), 1);
    ASSERT(at != INVALID_SOCKET);
    /* The free was refused: the context is still there and still right. */
    SOCKADDR_STORAGE ctx[2];
    ASSERT_EQ(fx_query(n.t, at, QCTX, ctx, sizeof ctx), sizeof ctx);
    ASSERT_EQ(ntohs(((SOCKADDR_IN *)&ctx[0])->sin_port), SERVER_PORT);
    return raw_net_end(&n, 0);
}

TEST(wfp_A85_context_freed_once_at_flow_end) {
    raw_net n;
    raw_callout r;
    SOCKET at = one_redirect(&n, &r, RAW_REDIRECT, WITH_CONTEXT);
    void *ctx = r.context_given;
    ASSERT_NOT_NULL(ctx);
    ASSERT_EQ(closesocket(at), 0); /* the accepted socket held the flow's last reference */
    ASSERT_EQ(fx_findings(n.t, NULL, NULL), 0);
    /* WFP freed it: a late free by the callout is now "not pool memory", caught before any
     * access (LSan shows that nothing leaked, ASan that nothing was freed twice). */
    ExFreePoolWithTag(ctx, CTX_TAG);
    expect_one_finding(&n, "not pool memory (or freed twice)");
    return raw_net_end(&n, 0);
}

TEST(wfp_A86_second_callout_leaves_locally_redirected_flow_alone) {
    raw_net n;
    raw_callout a, b;
    two_callouts(&n, &a, &b, RAW_REDIRECT);
    raw_connect_to(&n, n.proxy[0]);
    ASSERT_EQ(b.classified, 1);
    ASSERT_EQ(b.left_alone, 1);
    ASSERT_EQ(b.redirected, 0);
    return raw_net_end(&n, CLEAN);
}

TEST(wfp_A86_verifier_redirect_of_flow_another_proxy_owns) {
    raw_net n;
    raw_callout a, b;
    two_callouts(&n, &a, &b, RAW_REDIRECT);
    b.walk = 0; /* the buggy callout: no previousVersion walk */
    raw_connect_to(&n, n.proxy[1]);
    expect_one_finding(&n, "verifier A86");
    return raw_net_end(&n, 0);
}

/* A76's verifier rule: a callout that skips the state query redirects its own proxy. */
TEST(wfp_A76_verifier_callout_redirects_its_own_proxy_again) {
    raw_net n;
    raw_callout r;
    SOCKET at = one_redirect(&n, &r, RAW_REDIRECT, NO_STATE);
    raw_forward(&n, at, n.proxy[0]); /* the loop: back at the proxy */
    expect_one_finding(&n, "verifier A76");
    return raw_net_end(&n, 0);
}

/* ================================================================ A88 pending */

TEST(wfp_A88_pended_connect_completes_with_records) {
    wt_target *t = fx_open(NULL);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50000);
    p.pend = 1;
    ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
    SOCKET proxy = listener("127.0.0.1", 50000);
    int err;
    SOCKET c = dial("198.51.100.7", 80, 1, &err);
    ASSERT_EQ(err, WSAEWOULDBLOCK);
    ASSERT(take(proxy) == INVALID_SOCKET); /* held by the pended classify */
    ASSERT_EQ(wt_complete_pended(t), 1);
    int so = -1, len = sizeof so;
    ASSERT_EQ(getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&so, &len), 0);
    ASSERT_EQ(so, 0);
    SOCKET at = take(proxy);
    ASSERT(at != INVALID_SOCKET);
    uint8_t rec[1024];
    ASSERT_EQ(fx_query(t, at, QREC, rec, sizeof rec), fx_issued(t, at, 0, NULL, 0));
    ASSERT_EQ(wt_complete_pended(t), 0);
    return fx_close(t);
}

TEST(wfp_A88_raw_pend_then_complete_redirects) {
    raw_net n;
    raw_callout r;
    one_callout(&n, &r, RAW_PEND);
    dial_pended();
    raw_all_quiet(&n);
    raw_complete(&r);
    ASSERT(take(n.proxy[0]) != INVALID_SOCKET);
    ASSERT_EQ(fx_findings(n.t, NULL, NULL), 0); /* the REAUTHORIZE flag is fine when pended */
    return raw_net_end(&n, 0);
}

TEST(wfp_A88_pend_outside_classify_cannot_pend) {
    raw_net n;
    raw_callout r;
    one_redirect(&n, &r, RAW_KEEP_HANDLE, 0);
    ASSERT(r.kept_handle != 0);
    FWPS_CLASSIFY_OUT0 out = {FWP_ACTION_BLOCK, 0, 0, 0, 0, 0};
    ASSERT_EQ(FwpsPendClassify0(r.kept_handle, r.filter_id, 0, &out), STATUS_FWP_CANNOT_PEND);
    ASSERT_EQ(FwpsPendClassify0(r.kept_handle, r.filter_id, 1, &out), STATUS_INVALID_PARAMETER);
    FwpsReleaseClassifyHandle0(r.kept_handle);
    ASSERT_EQ(FwpsPendClassify0(r.kept_handle, r.filter_id, 0, &out), STATUS_INVALID_PARAMETER); /* gone */
    ASSERT_EQ(fx_findings(n.t, NULL, NULL), 0);
    return raw_net_end(&n, 0);
}

TEST(wfp_A88_verifier_pend_without_block) {
    raw_net n;
    raw_callout r;
    one_callout(&n, &r, RAW_PEND_NO_BLOCK);
    dial_pended();
    expect_one_finding(&n, "pended without BLOCK and a cleared write right");
    raw_complete(&r);
    ASSERT(take(n.proxy[0]) != INVALID_SOCKET);
    return raw_net_end(&n, 0);
}

/* ================================================================ A49 / A50 */

/* Twelve vendors' hops in one classify (the lighter ones without the A86 walk) make a
 * chain whose records outgrow the 1024-byte buffer of the pages' example. */
TEST(wfp_A49_chain_longer_than_1024_bytes_needs_a_bigger_buffer) {
    raw_net n;
    raw_net_open(&n);
    enum { HOPS = 12 };
    raw_callout *r = calloc(HOPS, sizeof *r);
    ASSERT_NOT_NULL(r);
    for (int i = 0; i < HOPS; i++) {
        raw_init(&r[i], (char)('c' + i), RAW_REDIRECT, (USHORT)(i % 2 ? 40001 : 40002)); /* every apply moves it */
        r[i].walk = 0;
        raw_load(&r[i], (UINT16)(500 - i));
    }
    SOCKET at = raw_connect_to(&n, n.proxy[0]);
    ASSERT_EQ(fx_findings(n.t, NULL, NULL), HOPS - 1); /* one A86 finding per extra hop */
    ULONG want = fx_issued(n.t, at, 0, NULL, 0);
    ASSERT_GT(want, 1024);
    uint8_t small[1024];
    DWORD cb = 0;
    ASSERT_EQ(WSAIoctl(at, QREC, NULL, 0, small, sizeof small, &cb, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(cb, want);
    uint8_t big[8192], issued[8192];
    ASSERT_EQ(fx_query(n.t, at, QREC, big, sizeof big), want);
    fx_issued(n.t, at, 0, issued, sizeof issued);
    ASSERT_MEM_EQ(big, issued, want);
    free(r);
    return raw_net_end(&n, 0);
}

/* A49: with records_size=large four hops pass the 8,192-byte buffer WFPSampler uses. */
TEST(wfp_A49_large_records_pass_8192_bytes) {
    raw_net n;
    raw_net_open(&n);
    ASSERT_EQ(wt_set_knob(n.t, "records_size", "large"), WT_OK);
    enum { HOPS = 4 }; /* even, so the last hop lands on proxy[0] */
    raw_callout r[HOPS];
    for (int i = 0; i < HOPS; i++) {
        raw_init(&r[i], (char)('c' + i), RAW_REDIRECT, (USHORT)(i % 2 ? 40001 : 40002));
        r[i].walk = 0;
        raw_load(&r[i], (UINT16)(500 - i));
    }
    SOCKET at = raw_connect_to(&n, n.proxy[0]);
    ULONG want = fx_issued(n.t, at, 0, NULL, 0);
    ASSERT_GT(want, 8192);
    static uint8_t small[8192], big[16384], issued[16384];
    DWORD cb = 0;
    ASSERT_EQ(WSAIoctl(at, QREC, NULL, 0, small, sizeof small, &cb, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(cb, want);
    ASSERT_EQ(fx_query(n.t, at, QREC, big, sizeof big), want);
    fx_issued(n.t, at, 0, issued, sizeof issued);
    ASSERT_MEM_EQ(big, issued, want);
    return raw_net_end(&n, 0);
}

TEST(wfp_A50_sio_format_statuses_in_classify) {
    raw_net n;
    raw_callout r;
    SOCKET at = one_redirect(&n, &r, RAW_REDIRECT, PROBE_SIO);
    uint8_t rec[1024];
    ULONG len = fx_query(n.t, at, QREC, rec, sizeof rec);
    raw_forward(&n, at, n.server);
    ASSERT_EQ(r.sio_status[0], STATUS_NOT_FOUND);
    ASSERT_EQ(r.sio_status[1], STATUS_BUFFER_TOO_SMALL);
    ASSERT_EQ(r.sio_bytes[1], len);
    ASSERT_EQ(r.sio_status[2], STATUS_SUCCESS);
    ASSERT_EQ(r.sio_bytes[2], len);
    ASSERT_MEM_EQ(r.sio_blob, rec, len); /* the SIO format is what the proxy SET */
    ASSERT_EQ((UINT32)r.sio_status[3], 0x80000002u); /* not pointer-aligned: STATUS_DATATYPE_MISALIGNMENT */
    return raw_net_end(&n, 0);
}

/* ================================================================ UDP: A60 .. A62 */

TEST(wfp_A60_first_datagram_carries_records_and_context) {
    wt_target *t = fx_open(NULL);
    for (int fam = 0; fam < 2; fam++) {
        wt_udp_flow u;
        ASSERT_EQ(wt_udp_redirected(t, fam ? AF_INET6 : AF_INET, 0, &u), WT_OK);
        uint8_t rec[1024], ctx[1024];
        ULONG nrec = fx_issued(t, u.proxy, 0, rec, sizeof rec);
        ULONG nctx = fx_issued(t, u.proxy, 1, ctx, sizeof ctx);
        char data[64];
        UINT64 control[512];
        WSAMSG m;
        DWORD got;
        ASSERT_EQ(fx_recv_msg(u.proxy, data, sizeof data, control, sizeof control, &m, &got), 0);
        ASSERT_EQ(got, sizeof "flow-creating datagram");
        ASSERT_EQ(m.dwFlags & MSG_CTRUNC, 0);
        ASSERT_EQ(m.Control.len, WSA_CMSG_SPACE(nrec) + WSA_CMSG_SPACE(nctx)); /* A65 */
        WSACMSGHDR *first = WSA_CMSG_FIRSTHDR(&m);
        ASSERT_NOT_NULL(first);
        ASSERT_EQ(first->cmsg_level, fam ? IPPROTO_IPV6 : IPPROTO_IP);
        ASSERT_EQ(first->cmsg_len, WSA_CMSG_LEN(nrec));
        size_t len = 0;
        const uint8_t *r = fx_find_cmsg(&m, IP_WFP_REDIRECT_RECORDS, &len);
        ASSERT_NOT_NULL(r);
        ASSERT_EQ(len, nrec);
        ASSERT_MEM_EQ(r, rec, nrec);
        const uint8_t *c = fx_find_cmsg(&m, IP_WFP_REDIRECT_CONTEXT, &len);
        ASSERT_NOT_NULL(c);
        ASSERT_EQ(len, nctx);
        ASSERT_MEM_EQ(c, ctx, nctx);
        ASSERT_MEM_EQ(c, &u.original_dst, fam ? sizeof(SOCKADDR_IN6) : sizeof(SOCKADDR_IN));
    }
    return fx_close(t);
}

TEST(wfp_A61_later_datagrams_carry_no_cmsg) {
    wt_target *t = fx_open(NULL);
    wt_udp_flow u;
    ASSERT_EQ(wt_udp_redirected(t, AF_INET, 0, &u), WT_OK);
    ASSERT_EQ(wt_udp_send_more(t, &u, "second", 6), WT_OK);
    ASSERT_EQ(wt_udp_send_more(t, &u, "third", 5), WT_OK);
    char data[64];
    UINT64 control[512];
    WSAMSG m;
    DWORD got;
    size_t len;
    ASSERT_EQ(fx_recv_msg(u.proxy, data, sizeof data, control, sizeof control, &m, &got), 0);
    ASSERT_NOT_NULL(fx_find_cmsg(&m, IP_WFP_REDIRECT_RECORDS, &len));
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(fx_recv_msg(u.proxy, data, sizeof data, control, sizeof control, &m, &got), 0);
        ASSERT_EQ(got, i ? 5 : 6);
        ASSERT_EQ(m.Control.len, 0);
        ASSERT_NULL(fx_find_cmsg(&m, IP_WFP_REDIRECT_RECORDS, &len));
    }
    return fx_close(t);
}

/* The UDP proxy's forwarding socket sends one datagram to the original destination, with
 * the records blob (edited at byte `edit` when edit >= 0; none when rec is NULL). */
static int udp_forward(SOCKET s, const SOCKADDR_STORAGE *dst, const uint8_t *rec, size_t n, long edit) {
    UINT64 control[1100];
    WSACMSGHDR h = {WSA_CMSG_LEN(n), IPPROTO_IP, IP_WFP_REDIRECT_RECORDS};
    memcpy(control, &h, sizeof h);
    if (rec) memcpy(WSA_CMSG_DATA((WSACMSGHDR *)control), rec, n);
    if (rec && edit >= 0) WSA_CMSG_DATA((WSACMSGHDR *)control)[edit] ^= 0x20;
    static char payload[] = "proxy";
    WSABUF b = {5, payload};
    WSABUF ctl = {rec ? (ULONG)WSA_CMSG_SPACE(n) : 0, rec ? (CHAR *)control : NULL};
    WSAMSG m = {(LPSOCKADDR)dst, sizeof(SOCKADDR_IN), &b, 1, ctl, 0};
    LPFN_WSASENDMSG fn = (LPFN_WSASENDMSG)fx_extension(s, 1);
    DWORD sent = 0;
    return fn(s, &m, 0, &sent, NULL, NULL) ? WSAGetLastError() : (sent == 5 ? 0 : -1);
}

/* A UDP server bound at the original destination, and the flow's records as received. */
typedef struct udp_fx {
    wt_target *t;
    wt_udp_flow u;
    SOCKET server, out;
    uint8_t rec[1024];
    size_t n;
} udp_fx;

static void udp_begin(udp_fx *x) {
    x->t = fx_open(NULL);
    ASSERT_EQ(wt_udp_redirected(x->t, AF_INET, 0, &x->u), WT_OK);
    char data[64];
    UINT64 control[512];
    WSAMSG m;
    DWORD got;
    ASSERT_EQ(fx_recv_msg(x->u.proxy, data, sizeof data, control, sizeof control, &m, &got), 0);
    const uint8_t *r = fx_find_cmsg(&m, IP_WFP_REDIRECT_RECORDS, &x->n);
    ASSERT_NOT_NULL(r);
    memcpy(x->rec, r, x->n);
    x->server = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_EQ(bind(x->server, (struct sockaddr *)&x->u.original_dst, sizeof(SOCKADDR_IN)), 0);
    x->out = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    u_long nb = 1;
    ASSERT_EQ(ioctlsocket(x->server, FIONBIO, &nb), 0);
    ASSERT_EQ(ioctlsocket(x->u.proxy, FIONBIO, &nb), 0);
}

/* 1 when a datagram waits on s (it is consumed).  WSARecvMsg with room for the control
 * messages, as a UDP proxy reads: plain recv() of a flow-creating datagram fails with
 * WSAEMSGSIZE on the model (its control data has nowhere to go). */
static int udp_arrived(SOCKET s) {
    char buf[64];
    UINT64 control[512];
    WSAMSG m;
    DWORD got;
    int e = fx_recv_msg(s, buf, sizeof buf, control, sizeof control, &m, &got);
    if (e) ASSERT_EQ(e, WSAEWOULDBLOCK);
    return e == 0;
}

TEST(wfp_A62_proxy_forwards_records_with_wsasendmsg_reaches_server) {
    udp_fx x;
    udp_begin(&x);
    ASSERT_EQ(udp_forward(x.out, &x.u.original_dst, x.rec, x.n, -1), 0);
    ASSERT(udp_arrived(x.server));
    ASSERT(!udp_arrived(x.u.proxy)); /* BY_SELF for the callout: not redirected again */
    ASSERT_EQ(fx_findings(x.t, NULL, NULL), 0);
    /* Later datagrams of the proxied flow need no records. */
    ASSERT_EQ(udp_forward(x.out, &x.u.original_dst, NULL, 0, -1), 0);
    ASSERT(udp_arrived(x.server));
    return fx_close(x.t);
}

TEST(wfp_A62_without_records_the_proxy_is_redirected_to_itself) {
    udp_fx x;
    udp_begin(&x);
    ASSERT_EQ(udp_forward(x.out, &x.u.original_dst, NULL, 0, -1), 0);
    ASSERT(!udp_arrived(x.server));
    ASSERT(udp_arrived(x.u.proxy)); /* the loop the records exist to prevent */
    return fx_close(x.t);
}

TEST(wfp_A62_forged_record_in_sendmsg_rejected) {
    udp_fx x;
    udp_begin(&x);
    for (long at = 0; at < (long)x.n; at += 7)
        ASSERT_EQ(udp_forward(x.out, &x.u.original_dst, x.rec, x.n, at), WSAEINVAL);
    ASSERT_EQ(udp_forward(x.out, &x.u.original_dst, x.rec, x.n - 1, -1), WSAEINVAL); /* truncated */
    ASSERT(!udp_arrived(x.server));
    ASSERT(!udp_arrived(x.u.proxy));
    ASSERT_EQ(udp_forward(x.out, &x.u.original_dst, x.rec, x.n, -1), 0);
    ASSERT(udp_arrived(x.server));
    return fx_close(x.t);
}

/* The watcher of a vendor's proxy (wt_model_watch) sees a UDP service's redirect records: what
 * its WSARecvMsg received (with the datagram's sender and the socket's process) and what its
 * WSASendMsg handed on, taken or refused. */
static struct {
    int n;
    wt_watch_event ev[8];
    uint8_t bytes[8][1024];
} watched;

static void watch_udp(void *ctx, const wt_watch_event *ev) {
    (void)ctx;
    if (ev->kind < WT_WATCH_RECV_RECORDS || watched.n == 8) return;
    watched.ev[watched.n] = *ev;
    if (ev->bytes && ev->len <= sizeof watched.bytes[0]) memcpy(watched.bytes[watched.n], ev->bytes, ev->len);
    watched.n++;
}

TEST(wfp_A62_watch_sees_records_received_and_handed_on) {
    wt_target *t = fx_open(NULL);
    memset(&watched, 0, sizeof watched);
    ASSERT_EQ(wt_model_watch(t, watch_udp, NULL), WT_OK);
    wt_udp_flow u;
    ASSERT_EQ(wt_udp_redirected(t, AF_INET, 0, &u), WT_OK);
    uint8_t rec[1024], ctx[1024];
    ULONG nrec = fx_issued(t, u.proxy, 0, rec, sizeof rec), nctx = fx_issued(t, u.proxy, 1, ctx, sizeof ctx);
    char data[64];
    UINT64 control[512];
    WSAMSG m;
    DWORD got;
    ASSERT_EQ(fx_recv_msg(u.proxy, data, sizeof data, control, sizeof control, &m, &got), 0);
    ASSERT_EQ(watched.n, 2);
    ASSERT_EQ(watched.ev[0].kind, WT_WATCH_RECV_RECORDS);
    ASSERT_EQ(watched.ev[0].s, u.proxy);
    ASSERT_EQ(watched.ev[0].len, nrec);
    ASSERT_MEM_EQ(watched.bytes[0], rec, nrec);
    ASSERT_EQ(watched.ev[0].issued_same, 1);
    ASSERT_EQ(watched.ev[0].pid, wt_process_id(t, WT_PROCESS_SELF));
    ASSERT_EQ(watched.ev[0].remote.ss_family, AF_INET); /* the datagram's sender */
    ASSERT_EQ(watched.ev[1].kind, WT_WATCH_RECV_CONTEXT);
    ASSERT_EQ(watched.ev[1].len, nctx);
    ASSERT_MEM_EQ(watched.bytes[1], ctx, nctx);
    SOCKET out = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_EQ(udp_forward(out, &u.original_dst, rec, nrec, 3), WSAEINVAL); /* one byte edited */
    ASSERT_EQ(udp_forward(out, &u.original_dst, rec, nrec, -1), 0);
    ASSERT_EQ(udp_forward(out, &u.original_dst, NULL, 0, -1), 0); /* no records: not watched */
    ASSERT_EQ(watched.n, 4);
    ASSERT_EQ(watched.ev[2].kind, WT_WATCH_SEND_RECORDS);
    ASSERT_EQ(watched.ev[2].ok, 0);
    ASSERT_EQ(watched.ev[2].error, WSAEINVAL);
    ASSERT_EQ(watched.ev[3].kind, WT_WATCH_SEND_RECORDS);
    ASSERT_EQ(watched.ev[3].ok, 1);
    ASSERT_EQ(watched.ev[3].s, out);
    ASSERT_MEM_EQ(watched.bytes[3], rec, nrec);
    ASSERT_EQ(watched.ev[3].remote.ss_family, AF_INET); /* the destination */
    ASSERT(((SOCKADDR_IN *)&watched.ev[3].local)->sin_port != 0); /* bound by the send */
    wt_model_watch(t, NULL, NULL);
    return fx_close(t);
}

/* ================================================================ bad input in a classify */

TEST(wfp_bad_input_state_query_with_destroyed_handle) {
    raw_net n;
    raw_callout a, obs;
    two_callouts(&n, &a, &obs, RAW_OBSERVE);
    FwpsRedirectHandleDestroy0(obs.handle);
    SOCKET at = raw_connect_to(&n, n.proxy[0]);
    raw_forward(&n, at, n.server);
    ASSERT(obs.has_records[1]);
    ASSERT_EQ(obs.state[1], FWPS_CONNECTION_NOT_REDIRECTED);
    ASSERT_NULL(obs.context_seen[1]);
    expect_one_finding(&n, "with a redirect handle that is not live");
    return raw_net_end(&n, 0);
}

TEST(wfp_bad_input_context_size_beyond_its_allocation) {
    static const SIZE_T claims[2] = {4096, (SIZE_T)-1}; /* a lie, and the largest lie */
    for (int k = 0; k < 2; k++) {
        raw_net n;
        raw_net_open(&n);
        raw_callout r;
        raw_init(&r, 'a', RAW_REDIRECT, 40001);
        r.context_size = 64;
        r.context_claim = claims[k];
        raw_load(&r, 100);
        SOCKET at = raw_connect_to(&n, n.proxy[0]);
        int has;
        ASSERT_EQ(fx_findings(n.t, "does not match the allocation (64)", &has), 1);
        ASSERT(has);
        uint8_t ctx[8192];
        ASSERT_EQ(fx_query(n.t, at, QCTX, ctx, sizeof ctx), 64); /* clamped to what exists */
        wt_close(n.t);
    }
    return 0;
}
