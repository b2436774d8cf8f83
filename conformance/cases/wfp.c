/*
 * wfp.c: cases A74..A90, the WFP callout side (SEMANTICS 5, 9), seen from user mode.
 *
 * A user-mode case cannot call the Fwps* functions.  What it can do, on any target, is build
 * the scenarios those rules govern with wt_add_callout (one or two vendors, pended or not,
 * with or without a context) and check their visible consequences: where a connection
 * lands, whether a proxied connection comes back to its proxy (a loop), what QUERY returns,
 * and whether the target's own checker (wt_findings: the WFP verifier on the model) reported
 * the callout.  What only a callout can see (classifyOut after an acquire, ALE_AUTH_CONNECT's
 * flags and metadata) comes from wt_callout_view_get, which the model's test callout fills
 * and a vendor's driver cannot: those cases are unsupported on a native target.  Rules with
 * no visible consequence at all (enum values, a sample's policy) end as unsupported with the
 * reason.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#define PORT_A 50400
#define PORT_B 50401

static BYTE rec[WC_BUF];

/* Vendor B's proxy is a process of its own, as another vendor's service is (where the target
 * can make one; 0: the case's own process).  A callout that exempts its own proxy's PID must
 * still see B's proxy: with one process for both, that exemption hid a missing loop check. */
static DWORD b_pid;

/* Runs the sockets made between as_b(c, 1) and as_b(c, 0) in B's process. */
static void as_b(wc_ctx *c, int on) {
    static DWORD self; /* the case's own process while B's is current; 0 otherwise */
    if (on && b_pid && !self) {
        self = wt_process_id(wc_target(c), WT_PROCESS_SELF);
        wt_process_assign(wc_target(c), WT_PROCESS_SELF, b_pid);
    } else if (!on && self) {
        wt_process_assign(wc_target(c), WT_PROCESS_SELF, self);
        self = 0;
    }
}

static int add(wc_ctx *c, char vendor, int weight, USHORT port, void (*tweak)(wt_callout_policy *)) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, vendor, port);
    p.weight = weight;
    if (vendor == 'B') {
        b_pid = 0;
        if (wt_process_create(wc_target(c), "C:\\Program Files\\VendorB\\proxy.exe", 1, &b_pid) != WT_OK) b_pid = 0;
        if (b_pid) p.target_pid = b_pid;
    }
    if (tweak) tweak(&p);
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot load callout %c: %s", vendor, wt_error());
    return wc_check(c, rc == WT_OK, "set-up: callout %c: %s", vendor, wt_error());
}

/* A listener of our own at loopback:port, for a second vendor's proxy (in B's process for
 * B's port). */
static SOCKET listener(wc_ctx *c, USHORT port) {
    as_b(c, port == PORT_B);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    as_b(c, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!wc_check(c, s != INVALID_SOCKET && bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 8) == 0,
                  "set-up: listener on port %u: %d", port, WSAGetLastError()))
        return INVALID_SOCKET;
    u_long nb = 1;
    ioctlsocket(s, FIONBIO, &nb);
    return s;
}

static SOCKET accept_one(SOCKET l) {
    SOCKET a = accept(l, NULL, NULL);
    if (a != INVALID_SOCKET) {
        u_long nb = 0;
        ioctlsocket(a, FIONBIO, &nb);
    }
    return a;
}

/* QUERY_RECORDS works on the connection's proxy side. */
static void query_works(wc_ctx *c, SOCKET s, const char *after) {
    DWORD n = 0;
    int rc = WSAIoctl(s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL);
    wc_check(c, rc == 0, "QUERY after %s: %d", after, rc ? WSAGetLastError() : 0);
}

static int no_findings(wc_ctx *c, const char *id) {
    return wc_check(c, wc_findings(c, id) == 0, "the target's checker reported the callout (%s)", id);
}

/* A74: two vendors, each with its own cached redirect handle, load and redirect. */
static void a74(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, NULL) || !add(c, 'B', 100, PORT_B, NULL)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    query_works(c, f.accepted, "a redirect by the heavier vendor");
    no_findings(c, "edirect handle");
    no_findings(c, "FWPS_FILTER1"); /* each vendor's classifyFn runs for its own filter and sublayer */
    wc_log(c, "FwpsRedirectHandleCreate0 with flags != 0 is kernel-only; not reachable through target.h");
}

/* A74 with the lightest weight: a sublayer weight is a UINT16 (FWPM_SUBLAYER0), and 0 is one of
 * its values; a callout in a sublayer of weight 0 loads and redirects as any other. */
static void a74_weight_zero(wc_ctx *c) {
    if (!add(c, 'A', 0, PORT_A, NULL)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    query_works(c, f.accepted, "a redirect by a callout of weight 0");
}

/* A75: a connection no callout redirected is NOT_REDIRECTED: it reaches its server, and
 * QUERY finds nothing. */
static void a75(wc_ctx *c) {
    wc_scene sc;
    if (!wc_scene_make(c, WC_PLAIN, 1, &sc)) return;
    DWORD n = 0;
    int rc = WSAIoctl(sc.s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL);
    wc_check(c, rc == SOCKET_ERROR, "QUERY on a connection nobody redirected returned %u bytes", (unsigned)n);
    no_findings(c, "verifier");
}

/* A76 (and A59): the proxy SETs the records and connects out: its own callout sees
 * REDIRECTED_BY_SELF and lets it through once. */
static void a76(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    ULONG n = wc_query_blob(c, f.accepted, 0, rec, sizeof rec);
    if (!n) return;
    SOCKET s = wc_proxy_connect(c, &f, rec, n);
    if (s == INVALID_SOCKET) return;
    wc_check(c, !wc_looped(c, f.listener), "the proxied connection was redirected to its own proxy again (A76)");
    no_findings(c, "A76");
    no_findings(c, "A80"); /* BY_SELF hands the callout the context it attached */
}

/* A76 and A80 with many flows alive: past a few dozen flows the engine finds a flow by its id
 * through an index, and a flow made before it and one made after must both be found.  70
 * redirected connections stay open, then a proxy connects out for the last one and for the
 * first: each callout must see REDIRECTED_BY_SELF with the context it attached, as with one flow. */
static void a76_many(wc_ctx *c) {
    enum { FLOWS = 70 };
    static wt_tcp_flow f[FLOWS];
    int made = 0;
    ULONG n = 0;
    while (made < FLOWS && wc_redirected(c, 1, &f[made]) &&
           (n = wc_query_blob(c, f[made].accepted, 0, rec, sizeof rec)))
        made++;
    if (made < FLOWS) return;
    SOCKET s = wc_proxy_connect(c, &f[FLOWS - 1], rec, n);
    if (s == INVALID_SOCKET) return;
    wc_check(c, !wc_looped(c, f[FLOWS - 1].listener),
             "with %d flows alive, the proxied connection was redirected to its own proxy again (A76)", FLOWS);
    /* and the first flow, made before the index was: it must be in the index too */
    n = wc_query_blob(c, f[0].accepted, 0, rec, sizeof rec);
    s = n ? wc_proxy_connect(c, &f[0], rec, n) : INVALID_SOCKET;
    if (s == INVALID_SOCKET) return;
    wc_check(c, !wc_looped(c, f[0].listener),
             "with %d flows alive, the first flow's proxied connection was redirected to its own proxy again (A76)",
             FLOWS);
    no_findings(c, "A76");
    no_findings(c, "A80");
}

/* A two-vendor chain (A heavier): client -> A's proxy -> (SET) -> B's proxy, and the
 * accepted socket at B's proxy.  0 when B did not take the connection. */
static SOCKET chain_to_b(wc_ctx *c, wt_tcp_flow *f, SOCKET lb) {
    if (!wc_redirected(c, 1, f)) return INVALID_SOCKET;
    ULONG n = wc_query_blob(c, f->accepted, 0, rec, sizeof rec);
    if (!n) return INVALID_SOCKET;
    SOCKET out = wc_proxy_connect(c, f, rec, n);
    if (out == INVALID_SOCKET) return INVALID_SOCKET;
    wc_check(c, !wc_looped(c, f->listener), "A's proxied connection came back to A's proxy (A76)");
    return accept_one(lb);
}

static void trust(wt_callout_policy *p) { p->trust_others = 1; }

/* A77: A's proxied connection, re-proxied by B, then B's proxied connection: A sees
 * PREVIOUSLY_REDIRECTED_BY_SELF and must not redirect; B sees BY_SELF; it reaches the server. */
static void a77(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, NULL) || !add(c, 'B', 100, PORT_B, NULL)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    SOCKET sb = chain_to_b(c, &f, lb);
    if (sb == INVALID_SOCKET)
        wc_unsupported(c, "vendor B did not re-proxy A's proxied connection (its policy trusts A): no chain to test");
    ULONG n = wc_query_blob(c, sb, 0, rec, sizeof rec);
    if (!n) return;
    as_b(c, 1); /* B's proxy connects out */
    SOCKET out = wc_proxy_connect(c, &f, rec, n);
    as_b(c, 0);
    if (out == INVALID_SOCKET) return;
    wc_check(c, !wc_looped(c, f.listener), "B's proxied connection was redirected to A's proxy again (A77)");
    wc_check(c, !wc_looped(c, lb), "B's proxied connection was redirected to B's proxy again (A76)");
    no_findings(c, "A77");
    no_findings(c, "A86");
    no_findings(c, "A80"); /* PREVIOUSLY_REDIRECTED_BY_SELF hands A the context it attached */
}

/* A77 with records of some 3 KB a hop (model knob records_size=large): B's redirect extends
 * the records A's proxy SET, so the blob B's proxy QUERYs holds two hops with their
 * kernel-private bytes (some 6 KB, inside the 8 KB a real consumer offers); the chain ends at
 * the server as before.  Mutation testing (seed 55): a stack that sized an extended blob
 * without the new hop's extension passed every case, which extended only compact hops. */
static void a77_large(wc_ctx *c) {
    if (wc_want_knob(c, "records_size", "large") != WT_OK)
        wc_unsupported(c, "the target cannot be asked for large records (model knob records_size)");
    a77(c);
}

/* A77 at depth: sixteen vendors, each heavier than the next, each proxying what the heavier
 * ones proxied before it.  At every hop the proxy queries the records, SETs them on its
 * outbound socket and connects to the original destination; the next vendor takes the
 * connection, no earlier proxy sees it again, and the sixteenth proxy's connection reaches the
 * server (the heaviest weighs 0xFFFF, the lightest 0).  The records grow with every hop, so the
 * blob passes through sixteen sizes: a stack that seals, checks or copies some lengths wrongly
 * (a block boundary, a size field that overflows) breaks the chain at that depth, which
 * two-vendor cases never reach. */
#define DEEP 16
#define DEEP_PORT(i) ((USHORT)(PORT_A + 10 + (i)))
static void a77_deep(wc_ctx *c) {
    SOCKET l[DEEP];
    for (int i = 0; i < DEEP; i++) { /* vendors C..R: B is the one with a process of its own */
        wt_callout_policy p;
        wt_callout_policy_init(&p, (char)('C' + i), DEEP_PORT(i));
        /* the first and the last at the ends of FWPM_SUBLAYER0's UINT16 weight */
        p.weight = i == 0 ? 0xFFFF : i == DEEP - 1 ? 0 : 400 - 10 * i;
        int rc = wt_add_callout(wc_target(c), &p);
        if (rc == WT_EUNSUPPORTED || (rc != WT_OK && i > 0)) /* a vendor's driver may load only so often */
            wc_unsupported(c, "the target loaded %d instances of its callout, not %d: %s", i, DEEP, wt_error());
        if (!wc_check(c, rc == WT_OK, "set-up: callout %c: %s", 'C' + i, wt_error())) return;
    }
    for (int i = 1; i < DEEP; i++)
        if ((l[i] = listener(c, DEEP_PORT(i))) == INVALID_SOCKET) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    l[0] = f.listener;
    SOCKET at = f.accepted;
    for (int hop = 1; hop <= DEEP; hop++) {
        ULONG n = wc_query_blob(c, at, 0, rec, sizeof rec);
        if (!n) return;
        SOCKET out = wc_proxy_connect(c, &f, rec, n);
        if (out == INVALID_SOCKET) return;
        for (int k = 0; k < hop && k < DEEP; k++)
            if (!wc_check(c, !wc_looped(c, l[k]), "proxy %d's connection came back to proxy %d (A76, A77)", hop, k + 1))
                return;
        if (hop == DEEP) break;
        at = accept_one(l[hop]);
        if (!wc_check(c, at != INVALID_SOCKET,
                      "proxy %d's connection (%lu bytes of records SET) did not reach vendor %c's proxy (A78)", hop,
                      (unsigned long)n, 'C' + hop))
            return;
    }
    if (f.server_listener == INVALID_SOCKET) return;
    wc_check(c, wc_looped(c, f.server_listener), "the last proxy's connection did not reach the server");
    no_findings(c, "verifier");
}

/* A78: B sees REDIRECTED_BY_OTHER for A's proxied connection and may proxy it (WFP honours
 * that redirect), or, trusting A, leave it alone; either way nothing loops. */
static void a78(wc_ctx *c) {
    const int *trusting = wc_current(c)->param;
    if (!add(c, 'A', 200, PORT_A, NULL) || !add(c, 'B', 100, PORT_B, *trusting ? trust : NULL)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    SOCKET sb = chain_to_b(c, &f, lb);
    if (*trusting)
        wc_check(c, sb == INVALID_SOCKET, "B trusts A, yet A's proxied connection was redirected to B's proxy");
    else
        wc_check(c, sb != INVALID_SOCKET, "B's redirect of a connection REDIRECTED_BY_OTHER was not honoured (A78)");
    no_findings(c, "verifier");
}

static void kernel_only(wc_ctx *c, const char *what) {
    int n = wc_findings(c, NULL);
    wc_unsupported(c, "%s is visible only inside the callout; target.h has no view of it (checker findings: %d)", what,
                   n);
}

static void a79(wc_ctx *c) { kernel_only(c, "FWPS_CONNECTION_REDIRECT_STATE's numeric values (fwpsk.h)"); }

/* A80: the context FwpsQueryConnectionRedirectState0 hands out: none for REDIRECTED_BY_OTHER,
 * the callout's own for REDIRECTED_BY_SELF (A's proxied connection in this chain). */
static void a80(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, NULL) || !add(c, 'B', 100, PORT_B, NULL)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    chain_to_b(c, &f, lb);
    if (!no_findings(c, "A80")) return;
    kernel_only(c, "the redirectContext out-parameter of FwpsQueryConnectionRedirectState0");
}

/* What callout `vendor` saw inside WFP; unsupported where the target cannot say (native). */
static int view(wc_ctx *c, char vendor, wt_callout_view *v) {
    int rc = wt_callout_view_get(wc_target(c), vendor, v);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "%s", wt_error());
    return wc_check(c, rc == WT_OK, "set-up: what callout %c saw: %s", vendor, wt_error());
}

/* A81: after FwpsAcquireWritableLayerDataPointer0 WFP itself has set BLOCK and taken the
 * write right, so a callout that returns early cannot leave the flow half-decided. */
static void a81(wc_ctx *c) {
    wt_tcp_flow f;
    wt_callout_view v;
    if (!wc_redirected(c, 1, &f) || !view(c, 'A', &v)) return;
    wc_check(c, v.acquires > 0, "the redirecting callout never acquired writable layer data");
    wc_check(c, v.acquire_kept_rights == 0,
             "after %u of %u acquires classifyOut was not BLOCK without the write right (A81)", v.acquire_kept_rights,
             v.acquires);
    no_findings(c, "A81");
}

static void pend(wt_callout_policy *p) { p->pend = 1; }

/* A82: every acquire of writable layer data is applied exactly once: inline and pended. */
static void a82(wc_ctx *c) {
    const int *pended = wc_current(c)->param;
    if (!add(c, 'A', 100, PORT_A, *pended ? pend : NULL)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    no_findings(c, "A82");
}

/* A83: a connect redirect changes the remote side only: the proxy sees the client's own
 * local address as its peer. */
static void a83(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    SOCKADDR_STORAGE peer;
    int len = sizeof peer;
    if (!wc_check(c, getpeername(f.accepted, (struct sockaddr *)&peer, &len) == 0, "getpeername: %d",
                  WSAGetLastError()))
        return;
    const struct sockaddr_in *p = (const struct sockaddr_in *)&peer, *o = (const struct sockaddr_in *)&f.original_src;
    wc_check(c, p->sin_port == o->sin_port, "the proxy's peer port %u is not the client's local port %u (A83)",
             ntohs(p->sin_port), ntohs(o->sin_port));
    no_findings(c, "A83");
}

static void no_pid(wt_callout_policy *p) { p->target_pid = 0; }

/* A84: a loopback redirect without localRedirectTargetPID is not accepted, to 127.0.0.1 or
 * to ::1 (each family has its own loopback test in a stack). */
static void a84(wc_ctx *c) {
    if (!add(c, 'A', 100, PORT_A, no_pid)) return;
    static const int afs[2] = {AF_INET, AF_INET6};
    for (int i = 0; i < 2; i++) {
        wt_tcp_flow f;
        int rc = wt_tcp_redirected(wc_target(c), afs[i], 1, &f);
        if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "wt_tcp_redirected: %s", wt_error());
        const char *fam = afs[i] == AF_INET6 ? "IPv6" : "IPv4";
        wc_log(c, "%s redirect without a target PID: %s", fam, rc == WT_OK ? "honoured" : wt_error());
        wc_check(c, rc != WT_OK, "an %s loopback redirect without localRedirectTargetPID reached the proxy (A84)", fam);
    }
    wc_findings(c, "A84");
}

static void observe_auth(wt_callout_policy *p) { p->observe_auth = 1; }

/* A connection redirected by vendor A, which also watches ALE_AUTH_CONNECT, and what A saw. */
static int observed_redirect(wc_ctx *c, wt_tcp_flow *f, wt_callout_view *v) {
    return add(c, 'A', 100, PORT_A, observe_auth) && wc_redirected(c, 1, f) && view(c, 'A', v);
}

/* A84: localRedirectTargetPID names the proxy's process (the caller's own here), never the
 * redirected application's, which a callout finds in its classify metadata.  The PID the
 * redirect named is read back at ALE_AUTH_CONNECT (A89); the model's verifier also compares
 * it with the process that owns the proxy's listener. */
static void a84_proxy_pid(wc_ctx *c) {
    wt_target *t = wc_target(c);
    wt_tcp_flow f;
    wt_callout_view v;
    if (!observed_redirect(c, &f, &v)) return;
    wc_check(c, v.auth_target_pid == wt_process_id(t, WT_PROCESS_SELF),
             "the redirect named process %lu; the proxy's is %lu and the client's %lu (A84)",
             (unsigned long)v.auth_target_pid, (unsigned long)wt_process_id(t, WT_PROCESS_SELF),
             (unsigned long)wt_process_id(t, WT_PROCESS_CLIENT));
    no_findings(c, "A84");
}

/* A85: the context belongs to WFP once applied and is freed exactly once when the flow ends. */
static void a85(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    wc_query_blob(c, f.accepted, 1, rec, sizeof rec);
    closesocket(f.accepted);
    closesocket(f.client);
    wt_pump(wc_target(c));
    no_findings(c, "A85");
    no_findings(c, "freed twice");
}

/* A86: a flow a pended vendor sent to its local proxy is left alone by a lighter vendor.  B
 * filters every remote port: with a port condition, the flow (already sent to A's proxy port)
 * would never reach B's classifyFn and the case would prove nothing. */
static void any_port(wt_callout_policy *p) { p->match_port = 0; }

static void a86(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, pend) || !add(c, 'B', 100, PORT_B, any_port)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    wc_check(c, !wc_looped(c, lb), "vendor B also took a flow vendor A had sent to its local proxy (A86)");
    no_findings(c, "A86");
}

/* The judge of callouts, shown able to judge (A76, A77, A86).  A callout without the redirect
 * state query and the previousVersion walk (loop_check 0) redirects what the rules tell it to
 * leave alone.  WFP honours such a redirect, so the flow loops; the target's checker (the
 * model's WFP verifier) must name the broken rule, once, or a vendor's callout with the same
 * bug would be certified.  A target that cannot load a callout without its loop check (a
 * native target, a vendor's driver) is unsupported. */
static void no_loop_check(wt_callout_policy *p) { p->loop_check = 0; }
/* Every remote port: the flow reaches this lighter callout already sent to another proxy. */
static void no_loop_check_any_port(wt_callout_policy *p) {
    p->loop_check = 0;
    p->match_port = 0;
}

static void one_finding(wc_ctx *c, const char *id, const char *what) {
    int n = wc_findings(c, id);
    wc_check(c, n == 1, "a callout that %s: the target's checker reported %s %d time(s), not once", what, id, n);
}

/* A76: the callout redirects its own proxy's connection (REDIRECTED_BY_SELF) again. */
static void a76_unchecked(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, no_loop_check)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    ULONG n = wc_query_blob(c, f.accepted, 0, rec, sizeof rec);
    if (!n) return;
    if (wc_proxy_connect(c, &f, rec, n) == INVALID_SOCKET) return;
    wc_check(c, wc_looped(c, f.listener),
             "the unchecked callout's redirect of its own proxy's connection was not honoured");
    one_finding(c, "A76", "redirects its own proxy's connection");
    no_findings(c, "A77");
    no_findings(c, "A86");
}

/* How far a loop goes.  A callout without its loop check (A76) sends its own proxy's connection
 * back to that proxy, over and over, and every redirect adds a hop to the records.  At every
 * hop the QUERY gives a larger blob, which SET takes (A57: the records a proxy queried are
 * opaque and valid).  No page says how many hops records hold or what the connect past the last
 * one gets: the model holds 64 and fails the next connect with WSAENOBUFS, which docs/SPEC.md
 * pins (its own answer), so a looping chain ends; on another target the depth is reported.
 * Mutation testing: the hop bound was the site most often left alive (seeds 12, 53, 59, 60,
 * 65, 66 and more), since no case came near it. */
#define LOOP_HOPS 80

/* A57 at every size a chain makes: the blob of each of the first FLIP_HOPS hops, with one bit
 * changed at each byte in turn, is refused.  Their lengths fall on many residues modulo the
 * 64-byte block of a MAC such as HMAC-SHA-256 (on the model: every multiple of 4), so a seal that
 * leaves out the bytes of a last block its padding spills past is caught too, not only the
 * one- and two-hop blobs the other A57 cases try. */
#define FLIP_HOPS 16
static void flip_every_byte(wc_ctx *c, int hops, ULONG n) {
    static BYTE edit[sizeof rec];
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    ULONG accepted = 0, first = n;
    for (ULONG i = 0; i < n && s != INVALID_SOCKET; i++) {
        memcpy(edit, rec, n);
        edit[i] ^= (BYTE)(1u << (i % 8));
        DWORD size = 0;
        if (WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, edit, n, NULL, 0, &size, NULL, NULL) == 0) {
            if (!accepted++) first = i;
            closesocket(s); /* it took the records: the next try needs a socket without them */
            s = socket(AF_INET, SOCK_STREAM, 0);
        }
    }
    if (s != INVALID_SOCKET) closesocket(s);
    wc_check(c, accepted == 0,
             "SET accepted %lu of %lu single-bit edits of the %d-hop records (first at byte %lu; A57)",
             (unsigned long)accepted, (unsigned long)n, hops, (unsigned long)first);
}

static void records_bound(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, no_loop_check)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    u_long nb = 1;
    ioctlsocket(f.listener, FIONBIO, &nb);
    SOCKET at = f.accepted;
    ULONG last = 0;
    int hops = 1, err = 0; /* the client's connect made the first */
    while (hops <= LOOP_HOPS) {
        ULONG n = wc_query_blob(c, at, 0, rec, sizeof rec);
        if (!n) return;
        if (!wc_check(c, n > last, "the records of %d hops are %lu bytes, those of %d were %lu: a hop adds bytes", hops,
                      (unsigned long)n, hops - 1, (unsigned long)last))
            return;
        last = n;
        SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
        DWORD size = 0;
        int rc = s == INVALID_SOCKET
                     ? SOCKET_ERROR
                     : WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &size, NULL, NULL);
        if (!wc_check(c, rc == 0, "SET of the records of %d hops (%lu bytes): error %d (A57)", hops, (unsigned long)n,
                      WSAGetLastError()))
            return;
        if (hops <= FLIP_HOPS) flip_every_byte(c, hops, n);
        if (connect(s, (const struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in)) != 0) {
            err = WSAGetLastError();
            break;
        }
        fd_set r;
        FD_ZERO(&r);
        FD_SET(f.listener, &r);
        struct timeval tv = {WC_WAIT_MS / 1000, (WC_WAIT_MS % 1000) * 1000};
        at = select(0, &r, NULL, NULL, &tv) == 1 ? accept_one(f.listener) : INVALID_SOCKET;
        if (!wc_check(c, at != INVALID_SOCKET,
                      "the unchecked callout's redirect of the connection with %d hops was not "
                      "honoured (A76)",
                      hops))
            return;
        hops++;
    }
    wc_log(c, "the loop ended after %d hops (%lu bytes of records), the next connect: error %d", hops,
           (unsigned long)last, err);
    /* the checker names every round of the loop, and nothing else (but the seal it gave up) */
    int loops = wc_findings(c, "A76"), sealed = wc_findings(c, "could not be sealed"), all = wc_findings(c, NULL);
    wc_check(c, loops >= hops - 1 && loops <= hops,
             "the checker named A76 %d time(s) for %d redirects of a "
             "connection redirected before",
             loops, hops - 1 + (err != 0));
    wc_check(c, all == loops + sealed, "the checker reported %d finding(s) besides the loop's (A76)",
             all - loops - sealed);
    wc_model_answer(c, "records.hops", "%d %d", hops, err);
}

/* A77: A proxied the flow and exempts its own proxy's process, so B re-proxies A's proxied
 * connection; B's proxy's connection is then PREVIOUSLY_REDIRECTED_BY_SELF for A, which
 * redirects it to its own proxy again. */
static DWORD a_proxy_pid;
static void unchecked_exempting(wt_callout_policy *p) {
    p->loop_check = 0;
    p->exempt_pid = a_proxy_pid;
}

static void a77_unchecked(wc_ctx *c) {
    a_proxy_pid = wt_process_id(wc_target(c), WT_PROCESS_SELF);
    if (!add(c, 'A', 200, PORT_A, unchecked_exempting) || !add(c, 'B', 100, PORT_B, NULL)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    SOCKET sb = chain_to_b(c, &f, lb);
    if (!wc_check(c, sb != INVALID_SOCKET, "B did not re-proxy A's proxied connection (A78)")) return;
    ULONG n = wc_query_blob(c, sb, 0, rec, sizeof rec);
    if (!n) return;
    as_b(c, 1);
    SOCKET out = wc_proxy_connect(c, &f, rec, n);
    as_b(c, 0);
    if (out == INVALID_SOCKET) return;
    wc_check(c, wc_looped(c, f.listener),
             "the unchecked callout's redirect of B's proxied connection was not honoured");
    one_finding(c, "A77", "redirects a connection it proxied before another vendor did");
    no_findings(c, "A76");
    no_findings(c, "A86");
}

/* A86: A pends and sends the flow to its local proxy; B, lighter and without the walk, takes it. */
static void a86_unchecked(wc_ctx *c) {
    if (!add(c, 'A', 200, PORT_A, pend) || !add(c, 'B', 100, PORT_B, no_loop_check_any_port)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    wt_tcp_redirected(wc_target(c), AF_INET, 1, &f); /* where it lands is B's doing, checked below */
    wc_check(c, wc_looped(c, lb), "the unchecked lighter callout's redirect was not honoured");
    one_finding(c, "A86", "takes a flow another vendor sent to its local proxy");
    no_findings(c, "A76");
    no_findings(c, "A77");
}

/* The checker's A84: a callout that names the connecting application's process, not the
 * proxy's, as localRedirectTargetPID (the mistake of copying the classify's PROCESS_ID).  The
 * connection still lands (Windows was never shown to refuse it), and the checker names A84 once. */
static DWORD client_pid;
static void pid_of_client(wt_callout_policy *p) { p->target_pid = client_pid; }

static void a84_unchecked(wc_ctx *c) {
    client_pid = wt_process_id(wc_target(c), WT_PROCESS_CLIENT);
    if (client_pid == wt_process_id(wc_target(c), WT_PROCESS_SELF))
        wc_unsupported(c, "the target runs the client and the proxy in one process (%lu)", (unsigned long)client_pid);
    if (!add(c, 'A', 200, PORT_A, pid_of_client)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    one_finding(c, "A84", "names the client's process as the redirect's target");
}

/* The test callout's own detectors of a wrong stack, shown able to detect: with the model's
 * catalogued fault on in the case's world (the stack hands a vendor another's context for
 * REDIRECTED_BY_OTHER; WFP leaves classifyOut's action and write right after the acquire), the
 * target's checker must name the broken rule (A80, A81).  A target without catalogued faults
 * (native) is unsupported: these check the suite's judge of stacks, on the model. */
static void with_fault(wc_ctx *c, const char *fault) {
    int rc = wt_set_fault(wc_target(c), fault, 1);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target has no catalogued faults: %s", wt_error());
    wc_check(c, rc == WT_OK, "set-up: fault %s: %s", fault, wt_error());
}

static void a80_detected(wc_ctx *c) {
    with_fault(c, "context_for_other");
    if (!add(c, 'A', 200, PORT_A, NULL) || !add(c, 'B', 100, PORT_B, NULL)) return;
    SOCKET lb = listener(c, PORT_B);
    if (lb == INVALID_SOCKET) return;
    wt_tcp_flow f;
    chain_to_b(c, &f, lb);
    int n = wc_findings(c, "stack A80: a redirect context was handed out for REDIRECTED_BY_OTHER");
    wc_check(c, n == 1, "a stack that hands out another vendor's context: the checker named A80 %d time(s), not once",
             n);
}

static void a81_detected(wc_ctx *c) {
    with_fault(c, "acquire_keeps_rights");
    wt_tcp_flow f;
    wt_callout_view v;
    wc_redirected(c, 1, &f); /* the flow's fate is the fault's; the finding is what is checked */
    if (!view(c, 'A', &v)) return; /* the detector is the test callout's: a vendor's driver has its own */
    int n = wc_findings(c, "stack A81");
    wc_check(c, n == 1,
             "a stack that leaves the write right after the acquire: the checker named A81 %d time(s), not "
             "once",
             n);
}

static void a87(wc_ctx *c) {
    wc_unsupported(c, "WFPSampler's limit of 3 own redirects is a sample policy; wt_callout_policy cannot set it");
}

/* A88: a pended classify completed later redirects like an inline one, and is released. */
static void a88(wc_ctx *c) {
    if (!add(c, 'A', 100, PORT_A, pend)) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    query_works(c, f.accepted, "a pended redirect");
    no_findings(c, "A88");
}

/* S3 (SDK connect: "Until the connection attempt completes on a nonblocking socket, all
 * subsequent calls to connect on the same socket will fail with the error code WSAEALREADY"),
 * with the attempt held open by A88: a callout pends the classify, so a non-blocking connect
 * stays in progress until the pend is completed.  A second connect then is WSAEALREADY. */
static void pend_any(wt_callout_policy *p) {
    p->pend = 1;
    p->match_port = 0;
}

/* The same for ConnectEx ("ConnectEx function": an overlapped connect completes through its
 * OVERLAPPED): pending while its classify is, it completes once the classify does, whatever the
 * outcome, and not before. */
static void connectex_held(wc_ctx *c, const SOCKADDR_STORAGE *d) {
    SOCKET x = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    struct sockaddr_in any = {.sin_family = AF_INET};
    GUID g = WSAID_CONNECTEX;
    LPFN_CONNECTEX connectex = NULL;
    DWORD n = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    if (!wc_check(c,
                  x != INVALID_SOCKET && ov.hEvent != WSA_INVALID_EVENT &&
                      bind(x, (struct sockaddr *)&any, sizeof any) == 0 &&
                      WSAIoctl(x, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &connectex, sizeof connectex, &n,
                               NULL, NULL) == 0,
                  "set-up: a bound socket and ConnectEx: %d", WSAGetLastError()))
        goto out;
    BOOL ok = connectex(x, (const struct sockaddr *)d, sizeof(struct sockaddr_in), NULL, 0, NULL, &ov);
    int err = ok ? 0 : WSAGetLastError();
    if (ok || err != WSA_IO_PENDING) {
        wc_log(c, "ConnectEx did not stay in progress: %s, error %d", ok ? "TRUE" : "FALSE", err);
        goto out;
    }
    wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
             "a ConnectEx completed while its classify was pended");
    /* ConnectEx page: "WSAEALREADY: A nonblocking connect or ConnectEx request was in progress
     * on the specified socket" */
    WSAOVERLAPPED ov2;
    memset(&ov2, 0, sizeof ov2);
    ok = connectex(x, (const struct sockaddr *)d, sizeof(struct sockaddr_in), NULL, 0, NULL, &ov2);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAEALREADY,
             "a second ConnectEx while the first is in progress: %s, error %d; expected FALSE, WSAEALREADY",
             ok ? "TRUE" : "FALSE", err);
    wt_complete_pended(wc_target(c));
    wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 2000, FALSE) == WSA_WAIT_EVENT_0,
             "a ConnectEx whose classify pended did not complete once the classify was completed");
out:
    if (x != INVALID_SOCKET) closesocket(x);
    if (ov.hEvent != WSA_INVALID_EVENT) {
        WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 1000, FALSE); /* a close's abort lands first */
        WSACloseEvent(ov.hEvent);
    }
}

/* A blocking connect (connect page: it "will block until the connection is established or an
 * error occurs") whose classify is pended waits for the callout, however long it takes, and
 * then answers what the completed classify decided: here a redirect to a proxy that listens,
 * so 0.  The classify is completed from another thread, as a driver's work item would. */
typedef struct {
    wt_target *t;
    LONG completed; /* written by the thread alone, read after it ends */
} held_classify;

static DWORD WINAPI complete_when_held(LPVOID arg) {
    held_classify *h = arg;
    for (int i = 0; i < 1000 && !h->completed; i++) {
        Sleep(2);
        h->completed = wt_complete_pended(h->t);
    }
    return 0;
}

static void blocking_connect_held(wc_ctx *c, const SOCKADDR_STORAGE *d) {
    struct sockaddr_in proxy = {.sin_family = AF_INET, .sin_port = htons(PORT_A)};
    proxy.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (wc_check(c,
                 l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&proxy, sizeof proxy) == 0 &&
                     listen(l, 4) == 0,
                 "set-up: a proxy listening on port %u: %d", PORT_A, WSAGetLastError())) {
        held_classify h = {.t = wc_target(c)};
        HANDLE th = CreateThread(NULL, 0, complete_when_held, &h, 0, NULL);
        if (wc_check(c, th != NULL, "set-up: CreateThread: %lu", (unsigned long)GetLastError())) {
            int rc = connect(s, (const struct sockaddr *)d, sizeof(struct sockaddr_in));
            int err = rc ? WSAGetLastError() : 0;
            WaitForSingleObject(th, INFINITE);
            CloseHandle(th);
            wc_check(c, h.completed == 1, "the blocking connect's classify was never held: %ld classifies completed",
                     (long)h.completed);
            wc_check(c, rc == 0,
                     "a blocking connect whose classify was pended, then completed with a redirect to a listening "
                     "proxy: rc=%d err=%d; expected 0",
                     rc, err);
            SOCKET a = accept(l, NULL, NULL);
            wc_check(c, a != INVALID_SOCKET, "the proxy has no connection after the held connect: %d",
                     WSAGetLastError());
            if (a != INVALID_SOCKET) closesocket(a);
        }
    }
    if (s != INVALID_SOCKET) closesocket(s);
    if (l != INVALID_SOCKET) closesocket(l);
}

/* WSAConnectByNameA with a timeout ("WSAConnectByNameA function": timeout is "the time, in
 * milliseconds, to wait for a response from the remote application before aborting the call")
 * while the callout holds the connect's classify and nobody completes it: the call gives up
 * in time with WSAETIMEDOUT. */
static void connect_by_name_held(wc_ctx *c, const SOCKADDR_STORAGE *d) {
    char host[] = "127.0.0.1", port[8];
    snprintf(port, sizeof port, "%u", (unsigned)ntohs(((const struct sockaddr_in *)d)->sin_port));
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct timeval brief = {0, 50000};
    BOOL ok = s != INVALID_SOCKET && WSAConnectByNameA(s, host, port, NULL, NULL, NULL, NULL, &brief, NULL);
    int e = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && e == WSAETIMEDOUT,
             "WSAConnectByNameA with 50 ms to wait, its connect held by a pended classify: %d, error %d; expected "
             "FALSE, WSAETIMEDOUT",
             (int)ok, e);
    if (s != INVALID_SOCKET) closesocket(s);
    wt_complete_pended(wc_target(c));
}

static void connect_in_progress(wc_ctx *c) {
    if (!add(c, 'A', 100, PORT_A, pend_any)) return;
    SOCKADDR_STORAGE d;
    memset(&d, 0, sizeof d);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&d;
    v4->sin_family = AF_INET;
    v4->sin_port = htons(PORT_A + 100);
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long nb = 1;
    if (!wc_check(c, s != INVALID_SOCKET && ioctlsocket(s, FIONBIO, &nb) == 0, "set-up: socket: %d", WSAGetLastError()))
        return;
    int rc = connect(s, (struct sockaddr *)&d, sizeof *v4);
    int err = rc ? WSAGetLastError() : 0;
    int pended = err == WSAEWOULDBLOCK;
    if (pended) {
        rc = connect(s, (struct sockaddr *)&d, sizeof *v4);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEALREADY,
                 "connect while the first is in progress (its classify pended): rc=%d err=%d, expected WSAEALREADY", rc,
                 err);
        /* nothing has failed yet: SO_ERROR ("retrieves error status and clear") is 0 */
        int so = -1, sl = (int)sizeof so;
        rc = getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&so, &sl);
        wc_check(c, rc == 0 && so == 0, "SO_ERROR while the connect is in progress: rc=%d value %d; expected 0", rc,
                 so);
    }
    wt_complete_pended(wc_target(c));
    closesocket(s);
    if (!pended) wc_unsupported(c, "the connect did not stay in progress: rc=%d err=%d", rc, err);
    connectex_held(c, &d);
    /* A socket closed while its connect is held: the classify completed afterwards finds no one
     * to finish (no crash, no finding), and the stack goes on: a new connect is held again. */
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (!wc_check(c, s != INVALID_SOCKET && ioctlsocket(s, FIONBIO, &nb) == 0, "set-up: socket: %d", WSAGetLastError()))
        return;
    rc = connect(s, (struct sockaddr *)&d, sizeof *v4);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, closesocket(s) == 0, "closesocket of a socket whose connect is held: %d", WSAGetLastError());
    int done = wt_complete_pended(wc_target(c));
    wc_check(c, err != WSAEWOULDBLOCK || done <= 1,
             "completing the classify of a closed socket's connect finished %d classifies", done);
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s != INVALID_SOCKET && ioctlsocket(s, FIONBIO, &nb) == 0) {
        rc = connect(s, (struct sockaddr *)&d, sizeof *v4);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
                 "a connect after the closed one: rc=%d err=%d, expected it held again (WSAEWOULDBLOCK)", rc, err);
        wt_complete_pended(wc_target(c));
    }
    if (s != INVALID_SOCKET) closesocket(s);
    blocking_connect_held(c, &d);
    connect_by_name_held(c, &d);
}

/* A89: at ALE_AUTH_CONNECT a redirected connection carries IS_CONNECTION_REDIRECTED, the
 * LOCAL_REDIRECT_TARGET_PID its redirect named and the destination before the redirect; a
 * connection nobody redirected carries none of them. */
static void a89(wc_ctx *c) {
    wt_target *t = wc_target(c);
    wt_tcp_flow f;
    wt_callout_view v;
    if (!observed_redirect(c, &f, &v)) return;
    if (!wc_check(c, v.auth_classified > 0, "the redirected connection was never classified at ALE_AUTH_CONNECT"))
        return;
    wc_check(c, v.auth_flags & WT_FLAG_IS_CONNECTION_REDIRECTED, "flags 0x%08x lack IS_CONNECTION_REDIRECTED (A89)",
             (unsigned)v.auth_flags);
    wc_check(c, wt_process_id(t, WT_PROCESS_SELF) == GetCurrentProcessId(),
             "the proxy's process %lu is not the case's own, GetCurrentProcessId %lu",
             (unsigned long)wt_process_id(t, WT_PROCESS_SELF), (unsigned long)GetCurrentProcessId());
    wc_check(c,
             (v.auth_metadata & WT_META_LOCAL_REDIRECT_TARGET_PID) &&
                 v.auth_target_pid == wt_process_id(t, WT_PROCESS_SELF),
             "LOCAL_REDIRECT_TARGET_PID %s %lu, not the proxy's process %lu (A89, A84)",
             v.auth_metadata & WT_META_LOCAL_REDIRECT_TARGET_PID ? "is" : "absent; value",
             (unsigned long)v.auth_target_pid, (unsigned long)wt_process_id(t, WT_PROCESS_SELF));
    const struct sockaddr_in *o = (const struct sockaddr_in *)&v.auth_original_dst,
                             *d = (const struct sockaddr_in *)&f.original_dst;
    wc_check(c,
             (v.auth_metadata & WT_META_ORIGINAL_DESTINATION) && o->sin_family == d->sin_family &&
                 o->sin_port == d->sin_port && o->sin_addr.s_addr == d->sin_addr.s_addr,
             "ORIGINAL_DESTINATION is not the address the client connected to (A89)");
    unsigned before = v.auth_classified;
    wt_tcp_flow plain;
    int rc = wt_tcp_plain(t, AF_INET, &plain);
    if (!wc_check(c, rc == WT_OK, "set-up: a connection nobody redirects: %s", wt_error()) || !view(c, 'A', &v)) return;
    if (!wc_check(c, v.auth_classified > before,
                  "a connection nobody redirected was not classified at ALE_AUTH_CONNECT"))
        return;
    wc_check(c,
             !(v.auth_flags & WT_FLAG_IS_CONNECTION_REDIRECTED) &&
                 !(v.auth_metadata & (WT_META_LOCAL_REDIRECT_TARGET_PID | WT_META_ORIGINAL_DESTINATION)),
             "a connection nobody redirected shows flags 0x%08x, metadata 0x%08x (A89)", (unsigned)v.auth_flags,
             (unsigned)v.auth_metadata);
    /* and the view reports no original destination for it (target_model.h: "zero when absent"),
     * not the one the redirected connection before it carried */
    static const SOCKADDR_STORAGE none;
    wc_check(c, memcmp(&v.auth_original_dst, &none, sizeof none) == 0,
             "the view of a connection nobody redirected still names an original destination (family %d)",
             (int)v.auth_original_dst.ss_family);
    wc_check(c, v.auth_target_pid == 0,
             "the view of a connection nobody redirected still names a redirect target process (%lu)",
             (unsigned long)v.auth_target_pid);
    /* A41: classified and let through, it is still a connection nobody redirected: QUERY fails
     * with STATUS_NOT_FOUND's answer (WSAEINVAL or ERROR_NOT_FOUND) at both ends, not as a
     * redirected connection would (records, or A44's FWP_E_NOT_FOUND). */
    SOCKET ends[2] = {plain.accepted, plain.client};
    for (int i = 0; i < 2; i++) {
        char blob[256];
        DWORD n = 0;
        rc = WSAIoctl(ends[i], SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, blob, sizeof blob, &n, NULL, NULL);
        int err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && (err == WSAEINVAL || err == ERROR_NOT_FOUND),
                 "QUERY_RECORDS on the %s end of a connection classified but not redirected: rc=%d err=%d, expected "
                 "WSAEINVAL or ERROR_NOT_FOUND (A41)",
                 i ? "client's" : "accepted", rc, err);
    }
    no_findings(c, "verifier");
    no_findings(c, "A89"); /* the callout's fixed values named the connection's remote address and port */
}

static void a90(wc_ctx *c) {
    wc_unsupported(c,
                   "redirecting raw or other traffic needs raw sockets and a callout for them; target.h redirects TCP "
                   "and UDP only");
}

/* A client socket of the case connecting to 198.51.100.9:port over TCP or UDP (one datagram);
 * where it lands is for the caller to see at its listeners. */
static void knock(wc_ctx *c, int type, USHORT port) {
    SOCKET s = socket(AF_INET, type, type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "198.51.100.9", &a.sin_addr);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    int rc = type == SOCK_STREAM ? connect(s, (struct sockaddr *)&a, sizeof a)
                                 : sendto(s, "knock", 5, 0, (struct sockaddr *)&a, sizeof a);
    wc_log(c, "%s to 198.51.100.9:%u: %d (err %d)", type == SOCK_STREAM ? "connect" : "sendto", port, rc,
           rc < 0 ? WSAGetLastError() : 0);
    closesocket(s);
}

/* A datagram waiting at a UDP socket bound to loopback:port, taken off the queue. */
static SOCKET udp_at(wc_ctx *c, USHORT port) {
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    u_long nb = 1;
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
                      ioctlsocket(s, FIONBIO, &nb) == 0,
                  "set-up: UDP socket on port %u: %d", port, WSAGetLastError()))
        return INVALID_SOCKET;
    return s;
}

static int datagram_came(SOCKET s) {
    char b[16];
    return recv(s, b, sizeof b, 0) > 0;
}

static void tcp_only(wt_callout_policy *p) {
    p->match_port = 8081;
    p->match_proto = IPPROTO_TCP;
}

/* S5 (DDI FWPM_FILTER_CONDITION0, FWPS_INCOMING_VALUES0): a callout redirects exactly the flows
 * its filter and classify select, here TCP to port 8081: a TCP connection to 8081 lands at its
 * proxy; one to 8082, and a datagram to 8081, do not. */
static void s5_port_and_protocol(wc_ctx *c) {
    if (!add(c, 'A', 100, PORT_A, tcp_only)) return;
    SOCKET la = listener(c, PORT_A), ua = udp_at(c, PORT_A);
    if (la == INVALID_SOCKET || ua == INVALID_SOCKET) return;
    knock(c, SOCK_STREAM, 8081);
    wc_check(c, wc_looped(c, la), "a TCP connection to port 8081 was not redirected to the proxy");
    knock(c, SOCK_STREAM, 8082);
    wc_check(c, !wc_looped(c, la), "a TCP connection to port 8082 was redirected although the filter names 8081");
    knock(c, SOCK_DGRAM, 8081);
    wc_check(c, !datagram_came(ua), "a datagram to port 8081 was redirected although the filter names TCP only");
    no_findings(c, "verifier");
}

/* S5 with a range: the callout's filter names remote ports 8081..8083 as one FWP_MATCH_RANGE
 * condition (DDI FWP_RANGE0: both ends belong to the range); a connection to either end is
 * redirected, to the ports on either side it is not. */
static void port_range(wt_callout_policy *p) {
    p->match_port = 8081;
    p->match_port_last = 8083;
    p->match_proto = IPPROTO_TCP;
}

static void s5_port_range(wc_ctx *c) {
    if (!add(c, 'A', 100, PORT_A, port_range)) return;
    SOCKET la = listener(c, PORT_A);
    if (la == INVALID_SOCKET) return;
    static const struct {
        USHORT port;
        int in;
    } tries[] = {{8080, 0}, {8081, 1}, {8083, 1}, {8084, 0}};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        knock(c, SOCK_STREAM, tries[i].port);
        wc_check(c, wc_looped(c, la) == tries[i].in, "a TCP connection to port %u was %sredirected (range 8081..8083)",
                 tries[i].port, tries[i].in ? "not " : "");
    }
    no_findings(c, "verifier");
}

/* S5 with a remote address: the callout's filter names one destination (an IP_REMOTE_ADDRESS
 * EQUAL condition: a UINT32 for IPv4, an FWP_BYTE_ARRAY16 for IPv6; DDI FWP_CONDITION_VALUE0);
 * a connection to it is redirected, one to an address that differs in the last byte or in a
 * middle byte is not. */
static void only_remote4(wt_callout_policy *p) {
    p->match_remote = "198.51.100.9";
    p->match_port = 0; /* any port: the address alone decides */
    p->match_proto = IPPROTO_TCP;
}
static void only_remote6(wt_callout_policy *p) {
    p->match_remote = "2001:db8::9";
    p->match_port = 0;
    p->match_proto = IPPROTO_TCP;
}

static int knock_at(wc_ctx *c, int af, const char *addr, USHORT port, USHORT proxy_port) {
    SOCKET l = socket(af, SOCK_STREAM, IPPROTO_TCP), s = socket(af, SOCK_STREAM, IPPROTO_TCP);
    SOCKADDR_STORAGE la = {0}, to = {0};
    int len = af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
    if (af == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&la, *b = (struct sockaddr_in6 *)&to;
        a->sin6_family = b->sin6_family = AF_INET6;
        a->sin6_port = htons(proxy_port);
        inet_pton(AF_INET6, "::1", &a->sin6_addr);
        b->sin6_port = htons(port);
        inet_pton(AF_INET6, addr, &b->sin6_addr);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&la, *b = (struct sockaddr_in *)&to;
        a->sin_family = b->sin_family = AF_INET;
        a->sin_port = htons(proxy_port);
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        b->sin_port = htons(port);
        inet_pton(AF_INET, addr, &b->sin_addr);
    }
    int landed = -1;
    if (wc_check(c,
                 l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&la, len) == 0 &&
                     listen(l, 4) == 0,
                 "set-up: a proxy listener at loopback:%u: %d", proxy_port, WSAGetLastError())) {
        int rc = connect(s, (struct sockaddr *)&to, len);
        wc_log(c, "connect to %s port %u: %d (err %d)", addr, port, rc, rc ? WSAGetLastError() : 0);
        landed = wc_looped(c, l);
    }
    if (s != INVALID_SOCKET) closesocket(s);
    if (l != INVALID_SOCKET) closesocket(l);
    return landed;
}

static void s5_remote_address(wc_ctx *c) {
    static const struct {
        int af;
        const char *named, *same, *last_byte, *middle_byte;
    } fams[] = {{AF_INET, "198.51.100.9", "198.51.100.9", "198.51.100.8", "198.51.101.9"},
                {AF_INET6, "2001:db8::9", "2001:db8::9", "2001:db8::8", "2001:db8:0:1::9"}};
    /* one vendor a family: each adds a redirect filter for its own family only */
    if (!add(c, 'A', 100, PORT_A, only_remote4) || !add(c, 'C', 90, PORT_A, only_remote6)) return;
    for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
        const char *tries[] = {fams[i].same, fams[i].last_byte, fams[i].middle_byte};
        for (int k = 0; k < 3; k++) {
            int landed = knock_at(c, fams[i].af, tries[k], 443, PORT_A);
            if (landed < 0) return;
            wc_check(c, landed == (k == 0), "a connection to %s was %sredirected (the filter names %s)", tries[k],
                     landed ? "" : "not ", fams[i].named);
        }
    }
    no_findings(c, "verifier");
}

/* S5 with the application id: a callout whose filter has the condition ALE_APP_ID EQUAL one
 * image's id redirects that application's connections and no other's.  With a param, the
 * matched application is started from that spelling of the same image path: "C:/..." names
 * the same file as "C:\..." (Win32 path normalization turns '/' into '\', "File path formats
 * on Windows systems"), so its connections carry the same application id. */
#define APP_MATCHED "C:\\Program Files\\Vendor\\browser.exe"
#define APP_OTHER "C:\\Program Files\\Vendor\\mailer.exe"
static void app_only(wt_callout_policy *p) { p->app_path = APP_MATCHED; }

static void s5_application(wc_ctx *c) {
    wt_target *t = wc_target(c);
    DWORD self = wt_process_id(t, WT_PROCESS_SELF), matched = 0, other = 0;
    const char *spelled = wc_current(c)->param;
    int rc = wt_process_create(t, spelled ? spelled : APP_MATCHED, 0, &matched);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's processes are real ones: %s", wt_error());
    if (!wc_check(c, rc == WT_OK && wt_process_create(t, APP_OTHER, 0, &other) == WT_OK, "set-up: processes: %s",
                  wt_error()))
        return;
    if (!add(c, 'A', 100, PORT_A, app_only)) return;
    SOCKET la = listener(c, PORT_A);
    if (la == INVALID_SOCKET) return;
    wt_process_assign(t, WT_PROCESS_SELF, matched);
    knock(c, SOCK_STREAM, 80);
    wt_process_assign(t, WT_PROCESS_SELF, self);
    wc_check(c, wc_looped(c, la), "the matched application's connection was not redirected (ALE_APP_ID condition)");
    wt_process_assign(t, WT_PROCESS_SELF, other);
    knock(c, SOCK_STREAM, 80);
    wt_process_assign(t, WT_PROCESS_SELF, self);
    wc_check(c, !wc_looped(c, la), "another application's connection was redirected (ALE_APP_ID condition)");
    no_findings(c, "verifier");
}

/* S5 with every condition the test callout can name at once (the application, the remote
 * address, a remote port range, the protocol): conditions on different fields are AND'ed
 * (DDI FWPM_FILTER0, filterCondition: "all conditions must be true for the action to be
 * performed" when the fields differ), so only the connection that meets all four is
 * redirected; missing any one of them leaves it alone. */
static void all_four(wt_callout_policy *p) {
    p->app_path = APP_MATCHED;
    p->match_remote = "198.51.100.9";
    p->match_port = 8081;
    p->match_port_last = 8083;
    p->match_proto = IPPROTO_TCP;
}

static void s5_all_conditions(wc_ctx *c) {
    wt_target *t = wc_target(c);
    DWORD self = wt_process_id(t, WT_PROCESS_SELF), matched = 0, other = 0;
    int rc = wt_process_create(t, APP_MATCHED, 0, &matched);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's processes are real ones: %s", wt_error());
    if (!wc_check(c, rc == WT_OK && wt_process_create(t, APP_OTHER, 0, &other) == WT_OK, "set-up: processes: %s",
                  wt_error()))
        return;
    if (!add(c, 'A', 100, PORT_A, all_four)) return;
    SOCKET la = listener(c, PORT_A); /* the proxy, in this process: the callout's target */
    if (la == INVALID_SOCKET) return;
    static const struct {
        int matched_app;
        const char *addr;
        USHORT port;
        int in;
        const char *what;
    } tries[] = {{1, "198.51.100.9", 8082, 1, "all four conditions met"},
                 {0, "198.51.100.9", 8082, 0, "another application"},
                 {1, "198.51.100.8", 8082, 0, "another remote address"},
                 {1, "198.51.100.9", 8084, 0, "a port outside the range"}};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(tries[i].port)};
        inet_pton(AF_INET, tries[i].addr, &to.sin_addr);
        wt_process_assign(t, WT_PROCESS_SELF, tries[i].matched_app ? matched : other);
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        rc = connect(s, (struct sockaddr *)&to, sizeof to);
        wt_process_assign(t, WT_PROCESS_SELF, self);
        wc_log(c, "connect to %s port %u: %d (err %d)", tries[i].addr, tries[i].port, rc, rc ? WSAGetLastError() : 0);
        closesocket(s);
        int landed = wc_looped(c, la);
        wc_check(c, landed == tries[i].in, "a connection with %s (%s port %u) was %sredirected", tries[i].what,
                 tries[i].addr, tries[i].port, landed ? "" : "not ");
    }
    no_findings(c, "verifier");
}

/* A74 (SEMANTICS 5: the heavier sublayer classifies first), whatever order the vendors load
 * in: B (lighter) loads before A; A redirects to its proxy and B, seeing A's local redirect,
 * leaves it (A86).  A trusts other vendors, so a stack that ran B first would leave the flow
 * at B's proxy. */
static void a74_order(wc_ctx *c) {
    if (!add(c, 'B', 100, PORT_B, NULL) || !add(c, 'A', 200, PORT_A, trust)) return;
    SOCKET la = listener(c, PORT_A), lb = listener(c, PORT_B);
    if (la == INVALID_SOCKET || lb == INVALID_SOCKET) return;
    knock(c, SOCK_STREAM, 80);
    wc_check(c, wc_looped(c, la), "the heavier vendor A, loaded second, did not redirect first (A74)");
    wc_check(c, !wc_looped(c, lb), "the connection reached the lighter vendor B's proxy (A74, A86)");
    no_findings(c, "FWPS_FILTER1");
}

static void observe(wt_callout_policy *p) { p->observe_auth = 1; }

/* A74 (DDI: FwpmFilterDeleteById0, FwpsCalloutUnregisterById0/ByKey0 return STATUS_SUCCESS
 * for what the driver added): vendor A, with callouts at the redirect and the AUTH_CONNECT
 * layers, unloads while B stays (the redirect layers' callouts go by id, the others by key,
 * and every status must be STATUS_SUCCESS), then loads again with the same keys: a stack that
 * unregistered the wrong callout or kept A's would refuse the second load or leave the
 * connection unredirected. */
static void a74_unload(wc_ctx *c) {
    wt_target *t = wc_target(c);
    if (!add(c, 'B', 100, PORT_B, NULL) || !add(c, 'A', 200, PORT_A, observe)) return;
    int rc = wt_remove_callout(t, 'A');
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot unload a callout: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "vendor A's unload: %s", wt_error())) return;
    if (!add(c, 'A', 200, PORT_A, observe)) return;
    SOCKET la = listener(c, PORT_A), lb = listener(c, PORT_B);
    if (la == INVALID_SOCKET || lb == INVALID_SOCKET) return;
    knock(c, SOCK_STREAM, 80);
    wc_check(c, wc_looped(c, la), "vendor A, unloaded and loaded again, did not redirect (A74)");
    wc_check(c, !wc_looped(c, lb), "the connection reached the lighter vendor B's proxy (A74)");
    rc = wt_remove_callout(t, 'A');
    wc_check(c, rc == WT_OK, "vendor A's second unload: %s", wt_error());
    rc = wt_remove_callout(t, 'B');
    wc_check(c, rc == WT_OK, "vendor B's unload: %s", wt_error());
    no_findings(c, "verifier");
}

static const int off = 0, on = 1;

static const wc_case cases[] = {
    WC_CASE("A74.two-vendors-load", "A74", "#see-also", WC_MUST, "both load; the redirect works; no checker finding",
            a74),
    WC_CASE("A74.lighter-loads-first", "A74,A86", "#see-also", WC_MUST,
            "the heavier sublayer classifies first whatever the load order", a74_order),
    WC_CASE("A74.unload-and-reload", "A74", "#see-also", WC_MUST,
            "a vendor's unload succeeds (filters deleted, callouts unregistered by id and by key); it loads again "
            "and redirects",
            a74_unload),
    WC_CASE("S5.port-and-protocol", "S5", "#remarks", WC_MUST,
            "a callout filtering TCP to port 8081 redirects exactly that: not port 8082, not UDP",
            s5_port_and_protocol),
    WC_CASE("S5.port-range", "S5", "#remarks", WC_MUST,
            "a callout filtering remote ports 8081..8083 redirects both ends and neither neighbour", s5_port_range),
    WC_CASE("S5.remote-address", "S5", "#remarks", WC_MUST,
            "a callout filtering one remote IPv4 or IPv6 address redirects it, not one a byte away", s5_remote_address),
    WC_CASE("S5.application", "S5", "#remarks", WC_MUST,
            "an ALE_APP_ID EQUAL condition redirects the matched application's connections and no other's",
            s5_application),
    WC_CASE_P("S5.application-slashes", "S5", "#remarks", WC_MUST,
              "the matched application started as C:/... (forward slashes) is the same image: redirected",
              s5_application, "C:/Program Files/Vendor/browser.exe"),
    WC_CASE("S5.all-conditions", "S5", "#remarks", WC_MUST,
            "a callout naming the application, a remote address, a port range and TCP at once redirects only the "
            "connection that meets all four",
            s5_all_conditions),
    WC_CASE("A74.weight-zero", "A74", "#see-also", WC_MUST,
            "a callout whose sublayer weighs 0 (the lightest UINT16) loads and redirects", a74_weight_zero),
    WC_CASE("A75.not-redirected", "A75", "#see-also", WC_MUST, "QUERY fails; no checker finding", a75),
    WC_CASE("A76.by-self-not-again", "A76,A80", "#remarks", WC_MUST, "the proxied connection does not come back", a76),
    WC_CASE("A76.many-flows", "A76,A80", "#remarks", WC_MUST,
            "with 70 redirected connections open, the proxied connection does not come back and its callout gets "
            "its context",
            a76_many),
    WC_CASE("A77.previously-by-self", "A77", "#remarks", WC_MUST, "A does not redirect B's proxied connection; no loop",
            a77),
    WC_CASE_P("A78.by-other.proxy", "A78", "#remarks", WC_MUST, "B's redirect of A's proxied connection is honoured",
              a78, &off),
    WC_CASE("A77.large-records", "A77,A49", "#remarks", WC_MUST,
            "A77 with records of some 3 KB a hop (model knob records_size=large): B extends what A's proxy SET; no "
            "loop, the server reached",
            a77_large),
    WC_CASE("A77.sixteen-deep", "A77,A78", "#remarks", WC_MUST,
            "sixteen vendors proxy one flow in turn: each hop queries and SETs, none loops, the server gets it",
            a77_deep),
    WC_CASE_P("A78.by-other.trust", "A78", "#remarks", WC_MUST, "a trusting B leaves A's proxied connection alone", a78,
              &on),
    WC_CASE("A79.state-values", "A79", "#see-also", WC_IMPL, "kernel enum: unsupported in user mode", a79),
    WC_CASE("A80.context-only-self", "A80", "#see-also", WC_MUST, "no checker finding; else unsupported in user mode",
            a80),
    WC_CASE("A81.acquire-blocks", "A81", "#see-also", WC_MUST, "BLOCK without the write right after the acquire", a81),
    WC_CASE_P("A82.acquire-apply.inline", "A82", "#see-also", WC_MUST, "no checker finding (A82)", a82, &off),
    WC_CASE_P("A82.acquire-apply.pended", "A82", "#see-also", WC_MUST, "no checker finding (A82)", a82, &on),
    WC_CASE("A83.remote-only", "A83,C17", "#see-also", WC_MUST, "the client's local port is the proxy's peer port",
            a83),
    WC_CASE("A84.loopback-needs-pid", "A84,C18", "#see-also", WC_MUST, "no redirect without a target PID", a84),
    WC_CASE("A84.target-pid-is-proxy", "A84", "#see-also", WC_MUST,
            "localRedirectTargetPID names the proxy's process, not the client's", a84_proxy_pid),
    WC_CASE("A85.context-freed-once", "A85", "#see-also", WC_MUST, "no finding, no crash at flow teardown", a85),
    WC_CASE("A86.local-proxy-owns", "A86", "#see-also", WC_MUST, "the lighter vendor leaves the flow alone", a86),
    WC_CASE("A76.checker-sees-loop", "A76", "#remarks", WC_MUST,
            "a callout without a loop check redirects its proxy's connection again: the checker names A76 once",
            a76_unchecked),
    WC_CASE("A76.loop-bound", "A76,A57", "#remarks", WC_MUST,
            "a callout without a loop check sends its proxy's connection round and round: the records grow a hop a "
            "time, every blob queried is SET again, the first 16 refused with any one bit changed; the model ends the "
            "loop at its own bound (64 hops)",
            records_bound),
    WC_CASE("A77.checker-sees-loop", "A77", "#remarks", WC_MUST,
            "a callout without a loop check redirects a connection it proxied before another vendor: the checker "
            "names A77 once",
            a77_unchecked),
    WC_CASE("A86.checker-sees-steal", "A86", "#see-also", WC_MUST,
            "a lighter callout without the walk takes a flow sent to a local proxy: the checker names A86 once",
            a86_unchecked),
    WC_CASE("A84.checker-sees-wrong-pid", "A84", "#see-also", WC_MUST,
            "a callout naming the client's process as localRedirectTargetPID: the checker names A84 once",
            a84_unchecked),
    WC_CASE("A80.checker-sees-other-context", "A80", "#see-also", WC_MUST,
            "with the model's fault context_for_other on, the checker names A80 once", a80_detected),
    WC_CASE("A81.checker-sees-kept-rights", "A81", "#see-also", WC_MUST,
            "with the model's fault acquire_keeps_rights on, the checker names A81 once", a81_detected),
    WC_CASE("A87.hop-limit", "A87", "#see-also", WC_SHOULD, "sample policy: unsupported", a87),
    WC_CASE("A88.pend-complete", "A88", "#see-also", WC_MUST, "a pended redirect lands and QUERY works; no finding",
            a88),
    WC_CASE("S3.connect-in-progress", "S3", "#remarks", WC_MUST,
            "a second connect while a non-blocking one is in progress (classify pended, A88): WSAEALREADY; a "
            "ConnectEx held the same way completes once the classify does; a blocking connect held waits for it and "
            "succeeds",
            connect_in_progress),
    WC_CASE("A89.auth-connect-metadata", "A89", "#see-also", WC_MUST,
            "flag, target PID and original destination at ALE_AUTH_CONNECT", a89),
    WC_CASE("A90.other-traffic", "A90", "#see-also", WC_MUST, "needs raw sockets: unsupported", a90),
};
WC_TABLE(wc_wfp, cases);
