/*
 * test_callout.c: unit tests of driver-stub/callout, the test callout driver, driven through
 * the real model engine: each test loads instances with ms_callout_driver_load (which registers
 * with FwpsCalloutRegister1 and adds filters), then classifies connects the way the socket
 * stack does (ms_wfp_connect_locked) and reads the outcome: where the connect goes, the
 * flow's records and context, the instance's counters and the engine verifier's findings.
 *
 * Why through the engine and not a fake: the callout's obligations (A81-A86, A88) are
 * checked by the engine's verifier, and the loop-prevention branches (A76-A78) need real
 * sealed records carried by a proxy's connect, so every branch is exercised end to end.
 */
#include <stdint.h>

#include "../callout/test_callout.h"
#include "../kernel/kernel.h"
#include "../wfp/fwpsk.h" /* STATUS_FWP_* */
#include "../wfp/wfp_stack.h"
#include "unit.h"

/* ---- helpers ---- */

#define ORIGIN_V4 0x5DB8D822u /* 93.184.216.34 */
#define CLIENT_V4 0x0A000001u /* 10.0.0.1 */
#define CLIENT_PORT 50000
#define TARGET_PORT 443
#define PROXY_A 9000
#define PROXY_B 9001
#define PROXY_PID 4242

static ms_world *world_up(void) {
    ms_world *w = ms_world_create();
    ASSERT_NOT_NULL(w);
    ms_world_set_current(w);
    return w;
}

static SOCKADDR_STORAGE v4(ULONG host, USHORT port) {
    SOCKADDR_STORAGE s;
    memset(&s, 0, sizeof s);
    SOCKADDR_IN *in = (SOCKADDR_IN *)&s;
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = htonl(host);
    return s;
}

/* 2001::<last> at port. */
static SOCKADDR_STORAGE v6(UCHAR last, USHORT port) {
    SOCKADDR_STORAGE s = v4(0, port); /* sin6_port shares sin_port's offset */
    SOCKADDR_IN6 *in6 = (SOCKADDR_IN6 *)&s;
    in6->sin6_family = AF_INET6;
    static const UCHAR prefix[2] = {0x20, 0x01};
    memcpy(in6->sin6_addr.s6_addr, prefix, sizeof prefix);
    in6->sin6_addr.s6_addr[15] = last;
    return s;
}

/* A vendor that proxies TCP to port 443 through a local proxy, with the WFPSampler context. */
static ms_callout_policy vendor(char v, int weight, USHORT proxy_port) {
    ms_callout_policy p;
    memset(&p, 0, sizeof p);
    p.vendor = v;
    p.weight = weight;
    p.match_port = TARGET_PORT;
    p.match_proto = IPPROTO_TCP;
    p.proxy_port = proxy_port;
    p.target_pid = PROXY_PID;
    p.with_context = 1;
    p.loop_check = 1;
    return p;
}

static ms_callout_driver *load(const ms_callout_policy *p) {
    ms_callout_driver *d = NULL;
    ASSERT_EQ(ms_callout_driver_load(p, &d), STATUS_SUCCESS);
    ASSERT_NOT_NULL(d);
    return d;
}

/* vendor() matching every port: it classifies a connect as a heavier vendor left it, bound
 * for that vendor's local proxy. */
static ms_callout_policy vendor_any_port(char v, int weight, USHORT proxy_port) {
    ms_callout_policy p = vendor(v, weight, proxy_port);
    p.match_port = 0;
    return p;
}

/* The vendor's driver as vendor() describes it, loaded. */
static ms_callout_driver *load_vendor(char v, int weight, USHORT proxy_port) {
    ms_callout_policy p = vendor(v, weight, proxy_port);
    return load(&p);
}

/* One connect through the WFP classify, as net/socket.c makes it.  records: what the
 * proxy's socket carries after SIO_SET (NULL for an application's own connect). */
static ms_connect_req request(int proto, const SOCKADDR_STORAGE *local, const SOCKADDR_STORAGE *remote) {
    ms_connect_req req;
    memset(&req, 0, sizeof req);
    req.af = remote->ss_family;
    req.proto = proto;
    req.local = *local;
    req.remote = *remote;
    req.pid = 1000;
    return req;
}

static ms_connect_res connect_req(ms_world *w, int proto, const SOCKADDR_STORAGE *local, const SOCKADDR_STORAGE *remote,
                                  const uint8_t *records, size_t records_len) {
    ms_connect_req req = request(proto, local, remote);
    req.set_records = records;
    req.set_records_len = records_len;
    ms_connect_res res;
    memset(&res, 0, sizeof res);
    ms_lock(w);
    ms_wfp_connect_locked(w, &req, &res, NULL, NULL);
    ms_unlock(w);
    return res;
}

static ms_connect_res connect_tcp(ms_world *w, const uint8_t *records, size_t records_len) {
    SOCKADDR_STORAGE local = v4(CLIENT_V4, CLIENT_PORT), remote = v4(ORIGIN_V4, TARGET_PORT);
    return connect_req(w, IPPROTO_TCP, &local, &remote, records, records_len);
}

static ms_callout_stats stats_of(const ms_callout_driver *d) {
    ms_callout_stats s;
    ms_callout_get_stats(d, &s);
    return s;
}

static int goes_to(const ms_connect_res *res, ULONG host, USHORT port) {
    const SOCKADDR_IN *in = (const SOCKADDR_IN *)&res->remote;
    return in->sin_family == AF_INET && in->sin_addr.s_addr == htonl(host) && in->sin_port == htons(port);
}

/* The records a proxy would read with SIO_QUERY and hand on with SIO_SET. */
static uint8_t *records_of(const ms_connect_res *res, size_t *len) {
    ASSERT_NOT_NULL(res->flow);
    const uint8_t *r = ms_flow_records(res->flow, len);
    ASSERT_NOT_NULL(r);
    ASSERT_GT(*len, 0);
    uint8_t *copy = malloc(*len);
    ASSERT_NOT_NULL(copy);
    memcpy(copy, r, *len);
    return copy;
}

/* The proxy behind a redirected connect reads its records (SIO_QUERY) and connects out to
 * the original destination carrying them (SIO_SET): that connect's classify. */
static ms_connect_res proxy_connects_out(ms_world *w, const ms_connect_res *redirected) {
    size_t len = 0;
    uint8_t *rec = records_of(redirected, &len);
    ms_connect_res out = connect_tcp(w, rec, len);
    free(rec);
    return out;
}

/* Permitted to where the application meant, with no flow: nobody redirected it. */
static void assert_not_redirected(const ms_connect_res *res) {
    ASSERT_EQ(res->status, STATUS_SUCCESS);
    ASSERT(goes_to(res, ORIGIN_V4, TARGET_PORT));
    ASSERT_NULL(res->flow);
}

static void drop(ms_world *w, ms_connect_res *res) {
    if (!res->flow) return;
    ms_lock(w);
    ms_flow_unref_locked(w, res->flow);
    ms_unlock(w);
    res->flow = NULL;
}

static void assert_no_findings(ms_world *w) {
    char buf[2048];
    int n = ms_findings(w, buf, sizeof buf);
    if (n) fprintf(stderr, "findings:\n%s\n", buf);
    ASSERT_EQ(n, 0);
}

/* Ends the flow (may be NULL), unloads the drivers (either may be NULL) and ends the world;
 * clean: the verifier must have had nothing to report (A81-A85, A88 obligations all kept). */
static int world_down(ms_world *w, int clean, ms_callout_driver *a, ms_callout_driver *b, ms_connect_res *flow) {
    if (flow) drop(w, flow);
    ms_callout_driver_unload(a);
    ms_callout_driver_unload(b);
    if (clean) assert_no_findings(w);
    ms_world_destroy(w);
    return 0;
}

static int finding_mentions(ms_world *w, const char *what) {
    char buf[4096];
    ms_findings(w, buf, sizeof buf);
    return strstr(buf, what) != NULL;
}

/* A test on a fresh current world w, which the test ends with world_down. */
#define WORLD_TEST(name)                                                                                               \
    static int name##_in(ms_world *w);                                                                                 \
    TEST(name) { return name##_in(world_up()); }                                                                       \
    static int name##_in(ms_world *w)

/* ---- load and unload (A74) ---- */

WORLD_TEST(callout_A74_load_creates_and_caches_one_redirect_handle_per_vendor) {
    ms_callout_policy pa = vendor('A', 200, PROXY_A), pb = vendor('B', 100, PROXY_B);
    ms_callout_driver *a = load(&pa), *b = load(&pb);
    HANDLE ha = ms_callout_redirect_handle(a);
    ASSERT_NOT_NULL(ha);
    ASSERT(ms_callout_redirect_handle(a) == ha); /* cached, not created per call */
    ASSERT_NOT_NULL(ms_callout_redirect_handle(b));
    ASSERT(ms_callout_redirect_handle(b) != ha);
    /* The same vendor twice collides on its callout keys, and leaves nothing behind. */
    ms_callout_driver *again = (ms_callout_driver *)1;
    ASSERT_EQ(ms_callout_driver_load(&pa, &again), STATUS_FWP_ALREADY_EXISTS);
    ASSERT_NULL(again);
    return world_down(w, 1, b, a, NULL);
}

WORLD_TEST(callout_load_rejects_bad_policy) {
    ms_callout_driver *d = NULL;
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    ASSERT_EQ(ms_callout_driver_load(NULL, &d), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(ms_callout_driver_load(&p, NULL), STATUS_INVALID_PARAMETER);
    p.weight = 0x10000;
    ASSERT_EQ(ms_callout_driver_load(&p, &d), STATUS_INVALID_PARAMETER);
    p.weight = 1;
    p.vendor = 0;
    ASSERT_EQ(ms_callout_driver_load(&p, &d), STATUS_INVALID_PARAMETER);
    ASSERT_NULL(d);
    return world_down(w, 0, NULL, NULL, NULL);
}

WORLD_TEST(callout_unload_removes_filters_and_reload_works) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    ms_callout_driver *a = load(&p);
    ms_callout_driver_unload(a);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    assert_not_redirected(&res);
    a = load(&p); /* the sublayer of the first load is still there and is reused */
    res = connect_tcp(w, NULL, 0);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_A));
    return world_down(w, 1, a, NULL, &res);
}

/* ---- the first redirect (A75, A43, A83, A85) ---- */

WORLD_TEST(callout_A75_not_redirected_flow_goes_to_local_proxy) {
    ms_callout_driver *a = load_vendor('A', 100, PROXY_A);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    ASSERT_EQ(res.status, STATUS_SUCCESS);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_A));
    ASSERT_NOT_NULL(res.flow);
    ASSERT_EQ(stats_of(a).classified, 1);
    ASSERT_EQ(stats_of(a).redirected, 1);
    ASSERT_EQ(stats_of(a).blocked, 0);
    return world_down(w, 1, a, NULL, &res);
}

WORLD_TEST(callout_A43_context_holds_original_remote_then_local) {
    ms_callout_driver *a = load_vendor('A', 100, PROXY_A);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    size_t len = 0;
    const uint8_t *ctx = ms_flow_context(res.flow, &len);
    ASSERT_NOT_NULL(ctx);
    ASSERT_EQ(len, 256);
    SOCKADDR_STORAGE remote = v4(ORIGIN_V4, TARGET_PORT), local = v4(CLIENT_V4, CLIENT_PORT);
    ASSERT_MEM_EQ(ctx, &remote, sizeof remote);
    ASSERT_MEM_EQ(ctx + sizeof(SOCKADDR_STORAGE), &local, sizeof local);
    return world_down(w, 1, a, NULL, &res);
}

WORLD_TEST(callout_A43_ipv6_goes_to_loopback_v6_with_context) {
    ms_callout_driver *a = load_vendor('A', 100, PROXY_A);
    SOCKADDR_STORAGE local = v6(1, CLIENT_PORT), remote = v6(2, TARGET_PORT);
    ms_connect_res res = connect_req(w, IPPROTO_TCP, &local, &remote, NULL, 0);
    ASSERT_EQ(res.status, STATUS_SUCCESS);
    const SOCKADDR_IN6 *to = (const SOCKADDR_IN6 *)&res.remote;
    static const UCHAR loopback6[16] = {[15] = 1};
    ASSERT_EQ(to->sin6_family, AF_INET6);
    ASSERT_MEM_EQ(&to->sin6_addr, loopback6, 16);
    ASSERT_EQ(to->sin6_port, htons(PROXY_A));
    size_t len = 0;
    const uint8_t *ctx = ms_flow_context(res.flow, &len);
    ASSERT_EQ(len, 256);
    ASSERT_MEM_EQ(ctx, &remote, sizeof remote);
    ASSERT_MEM_EQ(ctx + sizeof(SOCKADDR_STORAGE), &local, sizeof local);
    return world_down(w, 1, a, NULL, &res);
}

WORLD_TEST(callout_A43_context_size_knob_and_no_context) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    p.context_size = 16; /* a short context keeps the prefix of the original remote */
    ms_callout_driver *a = load(&p);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    size_t len = 0;
    const uint8_t *ctx = ms_flow_context(res.flow, &len);
    SOCKADDR_STORAGE remote = v4(ORIGIN_V4, TARGET_PORT);
    ASSERT_EQ(len, 16);
    ASSERT_MEM_EQ(ctx, &remote, 16);
    drop(w, &res);
    ms_callout_driver_unload(a);

    p = vendor('B', 100, PROXY_B);
    p.with_context = 0;
    ms_callout_driver *b = load(&p);
    res = connect_tcp(w, NULL, 0);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_B));
    ASSERT_NULL(ms_flow_context(res.flow, &len));
    ASSERT_EQ(len, 0);
    return world_down(w, 1, b, NULL, &res);
}

WORLD_TEST(callout_A85_context_freed_by_wfp_once_never_by_callout) {
    ms_callout_driver *a = load_vendor('A', 100, PROXY_A);
    for (int i = 0; i < 4; i++) {
        ms_connect_res res = connect_tcp(w, NULL, 0);
        ASSERT_NOT_NULL(res.flow);
        drop(w, &res); /* flow end: the engine frees the context; ASan sees a double free */
    }
    ms_connect_res kept = connect_tcp(w, NULL, 0);
    ASSERT_NOT_NULL(kept.flow);
    ms_callout_driver_unload(a); /* unloading must not free a context WFP owns */
    drop(w, &kept);
    return world_down(w, 1, NULL, NULL, NULL);
}

WORLD_TEST(callout_policy_mismatch_is_left_alone) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    ms_callout_driver *a = load(&p);
    SOCKADDR_STORAGE local = v4(CLIENT_V4, CLIENT_PORT), http = v4(ORIGIN_V4, 80), https = v4(ORIGIN_V4, TARGET_PORT);
    ms_connect_res res = connect_req(w, IPPROTO_TCP, &local, &http, NULL, 0);
    ASSERT_EQ(res.status, STATUS_SUCCESS);
    ASSERT(goes_to(&res, ORIGIN_V4, 80));
    ASSERT_NULL(res.flow);
    res = connect_req(w, IPPROTO_UDP, &local, &https, NULL, 0);
    ASSERT(goes_to(&res, ORIGIN_V4, TARGET_PORT));
    ASSERT_NULL(res.flow);
    ASSERT_EQ(stats_of(a).classified, 0); /* the filter's conditions admitted neither: WFP never called it */
    ASSERT_EQ(stats_of(a).redirected, 0);
    ms_callout_driver_unload(a);

    p.match_port = 0; /* any port, both protocols */
    p.match_proto = 0;
    a = load(&p);
    res = connect_req(w, IPPROTO_UDP, &local, &http, NULL, 0);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_A));
    return world_down(w, 1, a, NULL, &res);
}

/* The remote-port range is one FWP_MATCH_RANGE condition: both ends belong to it, the ports
 * on either side do not (DDI FWP_RANGE0: valueLow <= value <= valueHigh). */
WORLD_TEST(callout_port_range_condition_admits_its_ports_only) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    p.match_port = 8081;
    p.match_port_last = 8083;
    ms_callout_driver *a = load(&p);
    SOCKADDR_STORAGE local = v4(CLIENT_V4, CLIENT_PORT);
    ms_connect_res res = {0};
    static const struct {
        USHORT port;
        int redirected;
    } tries[] = {{8080, 0}, {8081, 1}, {8082, 1}, {8083, 1}, {8084, 0}};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        SOCKADDR_STORAGE to = v4(ORIGIN_V4, tries[i].port);
        res = connect_req(w, IPPROTO_TCP, &local, &to, NULL, 0);
        ASSERT_EQ(res.status, STATUS_SUCCESS);
        ASSERT(tries[i].redirected ? goes_to(&res, INADDR_LOOPBACK, PROXY_A) : goes_to(&res, ORIGIN_V4, tries[i].port));
        if (i + 1 < sizeof tries / sizeof tries[0]) drop(w, &res);
    }
    ASSERT_EQ(stats_of(a).classified, 3);
    return world_down(w, 1, a, NULL, &res);
}

WORLD_TEST(callout_context_allocation_failure_blocks) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    p.context_size = 0x7FFFFFFF; /* more pool than the model hands out */
    ms_callout_driver *a = load(&p);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    ASSERT_EQ(res.status, STATUS_ACCESS_DENIED);
    ASSERT_NULL(res.flow);
    ASSERT_EQ(stats_of(a).blocked, 1);
    ASSERT_EQ(stats_of(a).redirected, 0);
    return world_down(w, 1, a, NULL, NULL);
}

/* ---- loop prevention (A76-A78, A86) ---- */

WORLD_TEST(callout_A76_by_self_permits_without_redirect) {
    ms_callout_driver *a = load_vendor('A', 100, PROXY_A);
    ms_connect_res first = connect_tcp(w, NULL, 0);
    ms_connect_res out = proxy_connects_out(w, &first);
    assert_not_redirected(&out);
    ASSERT_EQ(stats_of(a).permitted_self, 1);
    ASSERT_EQ(stats_of(a).redirected, 1);
    return world_down(w, 1, a, NULL, &first);
}

WORLD_TEST(callout_A86_other_local_proxy_in_previous_version_is_not_redirected) {
    ms_callout_policy pa = vendor('A', 200, PROXY_A), pb = vendor_any_port('B', 100, PROXY_B);
    ms_callout_driver *a = load(&pa), *b = load(&pb);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    ASSERT_EQ(res.status, STATUS_SUCCESS);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_A)); /* the heavier sublayer went first */
    ASSERT_EQ(stats_of(a).redirected, 1);
    ASSERT_EQ(stats_of(b).left_for_local_proxy, 1);
    ASSERT_EQ(stats_of(b).redirected, 0);
    return world_down(w, 1, b, a, &res);
}

WORLD_TEST(callout_weight_orders_vendors) {
    ms_callout_policy pa = vendor_any_port('A', 100, PROXY_A); /* A sees the connect as B left it */
    ms_callout_driver *a = load(&pa), *b = load_vendor('B', 300, PROXY_B);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_B));
    ASSERT_EQ(stats_of(a).left_for_local_proxy, 1);
    return world_down(w, 1, a, b, &res);
}

/* A (weight 200) is loaded and redirects; A's proxy connects out with A's records; B
 * classifies that connect. */
static ms_connect_res proxied_through_a(ms_world *w, int b_trusts, ms_callout_driver **a_out,
                                        ms_callout_driver **b_out) {
    *a_out = load_vendor('A', 200, PROXY_A);
    ms_callout_policy pb = vendor('B', 100, PROXY_B);
    pb.trust_others = b_trusts;
    ms_connect_res first = connect_tcp(w, NULL, 0);
    ASSERT(goes_to(&first, INADDR_LOOPBACK, PROXY_A));
    *b_out = load(&pb); /* loaded after the first connect, so B did not see it */
    ms_connect_res out = proxy_connects_out(w, &first);
    drop(w, &first);
    return out;
}

WORLD_TEST(callout_A78_by_other_untrusted_is_reproxied) {
    ms_callout_driver *a = NULL, *b = NULL;
    ms_connect_res out = proxied_through_a(w, 0, &a, &b);
    ASSERT_EQ(out.status, STATUS_SUCCESS);
    ASSERT(goes_to(&out, INADDR_LOOPBACK, PROXY_B));
    ASSERT_EQ(stats_of(a).permitted_self, 1);
    ASSERT_EQ(stats_of(b).reproxied_other, 1);
    ASSERT_EQ(stats_of(b).redirected, 1);
    return world_down(w, 1, b, a, &out);
}

WORLD_TEST(callout_A78_by_other_trusted_is_permitted) {
    ms_callout_driver *a = NULL, *b = NULL;
    ms_connect_res out = proxied_through_a(w, 1, &a, &b);
    assert_not_redirected(&out);
    ASSERT_EQ(stats_of(b).trusted_other, 1);
    ASSERT_EQ(stats_of(b).redirected, 0);
    return world_down(w, 1, b, a, NULL);
}

WORLD_TEST(callout_A77_previously_by_self_leaves_decision_alone) {
    ms_callout_driver *a = NULL, *b = NULL;
    ms_connect_res second = proxied_through_a(w, 0, &a, &b); /* records now A, then B */
    ASSERT(goes_to(&second, INADDR_LOOPBACK, PROXY_B));
    /* B's proxy connects out: A finds itself earlier in the chain, B finds itself last. */
    ms_connect_res out = proxy_connects_out(w, &second);
    assert_not_redirected(&out);
    ASSERT_EQ(stats_of(a).permitted_previously_self, 1);
    ASSERT_EQ(stats_of(a).redirected, 1);
    ASSERT_EQ(stats_of(b).permitted_self, 1);
    return world_down(w, 1, b, a, &second);
}

WORLD_TEST(callout_A86_loop_check_off_redirects_anyway) {
    ms_callout_policy pa = vendor('A', 200, PROXY_A), pb = vendor_any_port('B', 100, PROXY_B);
    pb.loop_check = 0; /* the buggy callout */
    ms_callout_driver *a = load(&pa), *b = load(&pb);
    ms_connect_res res = connect_tcp(w, NULL, 0);
    ASSERT(goes_to(&res, INADDR_LOOPBACK, PROXY_B)); /* stole A's local proxy flow */
    ASSERT(finding_mentions(w, "A86"));
    return world_down(w, 0, b, a, &res);
}

WORLD_TEST(callout_A76_loop_check_off_redirects_own_proxy_again) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    p.loop_check = 0;
    ms_callout_driver *a = load(&p);
    ms_connect_res first = connect_tcp(w, NULL, 0);
    ms_connect_res out = proxy_connects_out(w, &first);
    ASSERT(goes_to(&out, INADDR_LOOPBACK, PROXY_A)); /* the loop: back to its own proxy */
    ASSERT(finding_mentions(w, "A76"));
    drop(w, &out);
    return world_down(w, 0, a, NULL, &first);
}

/* ---- out of band (A81, A88) ---- */

typedef struct {
    int calls;
    ms_connect_res res;
} done_box;

static void on_done(ms_world *w, void *cookie, const ms_connect_res *res) {
    done_box *box = cookie;
    box->calls++;
    box->res = *res;
}

static NTSTATUS connect_pending(ms_world *w, done_box *box) {
    SOCKADDR_STORAGE local = v4(CLIENT_V4, CLIENT_PORT), remote = v4(ORIGIN_V4, TARGET_PORT);
    ms_connect_req req = request(IPPROTO_TCP, &local, &remote);
    ms_connect_res res;
    ms_lock(w);
    NTSTATUS st = ms_wfp_connect_locked(w, &req, &res, on_done, box);
    ms_unlock(w);
    return st;
}

/* Vendor A's driver, which pends its classifies, loaded; one connect pended on it. */
static ms_callout_driver *pended_connect(ms_world *w, done_box *box) {
    ms_callout_policy p = vendor('A', 100, PROXY_A);
    p.pend = 1;
    ms_callout_driver *a = load(&p);
    ASSERT_EQ(connect_pending(w, box), STATUS_PENDING);
    return a;
}

WORLD_TEST(callout_A88_pend_blocks_then_completion_redirects) {
    done_box box = {0};
    ms_callout_driver *a = pended_connect(w, &box);
    ASSERT_EQ(box.calls, 0);
    ASSERT_EQ(stats_of(a).pended, 1);
    ASSERT_EQ(stats_of(a).redirected, 0);
    ASSERT_EQ(ms_callout_complete_pended(a), 1);
    ASSERT_EQ(box.calls, 1);
    ASSERT_EQ(box.res.status, STATUS_SUCCESS);
    ASSERT(goes_to(&box.res, INADDR_LOOPBACK, PROXY_A));
    size_t len = 0;
    ASSERT_NOT_NULL(ms_flow_context(box.res.flow, &len));
    ASSERT_EQ(len, 256);
    ASSERT_EQ(stats_of(a).completed, 1);
    ASSERT_EQ(stats_of(a).redirected, 1);
    ASSERT_EQ(ms_callout_complete_pended(a), 0);
    return world_down(w, 1, a, NULL, &box.res);
}

WORLD_TEST(callout_A88_unload_completes_pended_as_block) {
    done_box box = {0};
    ms_callout_driver *a = pended_connect(w, &box);
    ms_callout_driver_unload(a);
    ASSERT_EQ(box.calls, 1);
    ASSERT_EQ(box.res.status, STATUS_ACCESS_DENIED);
    ASSERT_NULL(box.res.flow);
    return world_down(w, 1, NULL, NULL, NULL);
}
