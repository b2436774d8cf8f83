/*
 * fuzz_chain.c: proxy and callout topologies with one to three vendors.
 *
 * What: the input configures 1-3 redirecting callouts (vendor, weight, which flows they
 * match, pend or not, context or not, trusting other vendors' redirects or not), a proxy
 * listener for each and a server at the original destination.  A client connects; every
 * proxy the connection reaches does what SEMANTICS 5 says a proxy does (accept, QUERY the
 * records and the context, SET the records on a new socket, connect to the original
 * destination), until the server accepts it.
 *
 * Why: the records exist so that proxies of several vendors do not redirect each other's
 * connections forever (A59, A76..A78).  The checks: the flow reaches the server exactly
 * once; no vendor proxies it twice (more hops than vendors is a loop); at every hop the
 * bytes QUERY returns are the bytes the stack issued for that hop (opacity, A33, A42), and
 * a context the callout attached comes back whole (A43).  Every vendor's callout also
 * watches ALE_AUTH_CONNECT, where each connect shows whether it was redirected (A89):
 * the flag and the two metadata values when it reached a proxy, none of them when it reached
 * the server (where the target's callout cannot watch, a vendor's driver, that is left out).
 */
#include <string.h>

#include "wh.h"

#define MAX_VENDORS 3
#define REC_CAP 8192

static void sockaddr_of(int af, const char *text, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)a;
        inet_pton(AF_INET6, text, &s6->sin6_addr);
        s6->sin6_port = htons(port);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)a;
        inet_pton(AF_INET, text, &s4->sin_addr);
        s4->sin_port = htons(port);
    }
}

static SOCKET listener_at(wh_ctx *x, const SOCKADDR_STORAGE *a) {
    SOCKET s = WSASocket(a->ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    u_long nb = 1;
    int len = a->ss_family == AF_INET6 ? 28 : 16;
    int bound = s != INVALID_SOCKET && bind(s, (const struct sockaddr *)a, len) == 0;
    /* Only the model owns the documentation addresses the server listens at. */
    if (!bound && WSAGetLastError() == WSAEADDRNOTAVAIL) wh_unsupported(x, "listen at the original destination");
    if (!bound || listen(s, SOMAXCONN) || ioctlsocket(s, FIONBIO, &nb))
        wh_fail("harness", "a chain listener could not be set up: %d", WSAGetLastError());
    return s;
}

static int same_address(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    if (a->ss_family != b->ss_family) return 0;
    if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a, *y = (const struct sockaddr_in6 *)b;
        return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
    }
    const struct sockaddr_in *x = (const struct sockaddr_in *)a, *y = (const struct sockaddr_in *)b;
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
}

/* A89: what every vendor's observer saw at ALE_AUTH_CONNECT of the connect that has just
 * arrived, at proxy `at` (redirected: IS_CONNECTION_REDIRECTED, LOCAL_REDIRECT_TARGET_PID =
 * the PID that redirect named, ORIGINAL_DESTINATION = dst, the address connected to) or at
 * the server (at < 0: nobody redirected it, so none of the three). */
static void auth_seen(wh_ctx *x, int nv, unsigned *classified, int at, DWORD pid, const SOCKADDR_STORAGE *dst) {
    for (int i = 0; i < nv; i++) {
        wt_callout_view v;
        if (wt_callout_view_get(wh_t(x), (char)('A' + i), &v) != WT_OK) continue; /* a vendor's driver */
        wh_sink += v.auth_classified;
        if (v.auth_classified == classified[i])
            wh_fail("A89", "vendor %c's callout at ALE_AUTH_CONNECT never saw the connect that reached %s", 'A' + i,
                    at < 0 ? "the server" : "a proxy");
        classified[i] = v.auth_classified;
        int flag = (v.auth_flags & WT_FLAG_IS_CONNECTION_REDIRECTED) != 0;
        int has_pid = (v.auth_metadata & WT_META_LOCAL_REDIRECT_TARGET_PID) != 0;
        int has_dst = (v.auth_metadata & WT_META_ORIGINAL_DESTINATION) != 0;
        if (at < 0 && (flag || has_pid || has_dst))
            wh_fail("A89",
                    "a connect nobody redirected (it reached the server) showed vendor %c at ALE_AUTH_CONNECT flags "
                    "0x%08lx, metadata 0x%08lx",
                    'A' + i, (unsigned long)v.auth_flags, (unsigned long)v.auth_metadata);
        if (at >= 0 &&
            (!flag || !has_pid || v.auth_target_pid != pid || !has_dst || !same_address(&v.auth_original_dst, dst)))
            wh_fail("A89",
                    "a connect redirected to proxy %c showed vendor %c at ALE_AUTH_CONNECT flags 0x%08lx (%s "
                    "IS_CONNECTION_REDIRECTED), LOCAL_REDIRECT_TARGET_PID %s%lu (the callout's policy names %lu), "
                    "ORIGINAL_DESTINATION %s",
                    'A' + at, 'A' + i, (unsigned long)v.auth_flags, flag ? "with" : "without",
                    has_pid ? "" : "absent, ", (unsigned long)v.auth_target_pid, (unsigned long)pid,
                    !has_dst                                  ? "absent"
                    : same_address(&v.auth_original_dst, dst) ? "right"
                                                              : "not the address connected to");
    }
}

/* A fresh non-blocking socket (carrying records when rec is given) connected to dst. */
static SOCKET connect_to(wh_ctx *x, const SOCKADDR_STORAGE *dst, const uint8_t *rec, ULONG n) {
    SOCKET s = WSASocket(dst->ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    u_long nb = 1;
    ioctlsocket(s, FIONBIO, &nb);
    DWORD cb = 0;
    if (rec && WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, (void *)rec, n, NULL, 0, &cb, NULL, NULL))
        wh_fail("A51", "a proxy could not SET the records it just queried: %d", WSAGetLastError());
    int r = connect(s, (const struct sockaddr *)dst, dst->ss_family == AF_INET6 ? 28 : 16);
    if (r && WSAGetLastError() == WSAEWOULDBLOCK) wt_complete_pended(wh_t(x));
    return s;
}

int wh_fuzz_chain(const uint8_t *data, size_t size) {
    static uint8_t rec[REC_CAP], issued[REC_CAP], ctx[REC_CAP];
    fdp in;
    wh_fdp_init(&in, data, size);
    wh_ctx x;
    wh_begin(&x, &in);
    int af = wh_fdp_bool(&in) ? AF_INET6 : AF_INET;
    int nv = (int)wh_fdp_range(&in, 1, MAX_VENDORS);
    SOCKET proxies[MAX_VENDORS];
    ULONG ctx_size[MAX_VENDORS];
    DWORD target_pid[MAX_VENDORS];
    unsigned classified[MAX_VENDORS] = {0};
    for (int i = 0; i < nv; i++) {
        wt_callout_policy p;
        wt_callout_policy_init(&p, (char)('A' + i), (USHORT)(50000 + i));
        p.weight = (int)wh_fdp_range(&in, 1, 255);
        p.match_port = wh_fdp_bool(&in) ? 80 : 0;
        p.match_proto = IPPROTO_TCP;
        p.with_context = wh_fdp_range(&in, 0, 3) != 0;
        p.context_size = wh_fdp_bool(&in) ? 0 : wh_fdp_range(&in, 1, 1024);
        p.pend = wh_fdp_range(&in, 0, 3) == 0;
        p.trust_others = wh_fdp_bool(&in);
        p.observe_auth = 1; /* A89; no decision of the input's, so the seeds decode as before */
        target_pid[i] = p.target_pid;
        ctx_size[i] = p.with_context ? (p.context_size ? p.context_size : 256) : 0;
        wh_fdp_step("callout %c: weight %d, port %u, context %lu, %spend, %strust others", p.vendor, p.weight,
                    p.match_port, (unsigned long)ctx_size[i], p.pend ? "" : "no ", p.trust_others ? "" : "no ");
        wh_fdp_c(
            "{ wt_callout_policy p; wt_callout_policy_init(&p, '%c', %d); p.weight = %d; p.match_port = %u; "
            "p.match_proto = IPPROTO_TCP; p.with_context = %d; p.context_size = %lu; p.pend = %d; p.trust_others = %d; "
            "p.observe_auth = 1; wt_add_callout(t, &p); }",
            p.vendor, 50000 + i, p.weight, p.match_port, p.with_context, (unsigned long)p.context_size, p.pend,
            p.trust_others);
        int r = wt_add_callout(wh_t(&x), &p);
        if (r == WT_EUNSUPPORTED) { /* a vendor's driver has no observer: the rest is still checked */
            p.observe_auth = 0;
            r = wt_add_callout(wh_t(&x), &p);
        }
        if (r == WT_EUNSUPPORTED) wh_unsupported(&x, "add this callout");
        if (r != WT_OK) wh_fail("harness", "wt_add_callout: %s", wt_error());
        SOCKADDR_STORAGE a;
        sockaddr_of(af, af == AF_INET6 ? "::1" : "127.0.0.1", (USHORT)(50000 + i), &a);
        proxies[i] = listener_at(&x, &a);
    }
    SOCKADDR_STORAGE dst;
    sockaddr_of(af, af == AF_INET6 ? "2001:db8::7" : "198.51.100.7", 80, &dst);
    SOCKET server = listener_at(&x, &dst);
    wh_fdp_step("client connects to the original destination");
    SOCKET conn = connect_to(&x, &dst, NULL, 0);
    wh_sink += conn;

    /* Follow the connection hop by hop; each vendor may proxy it at most once. */
    int reached = 0, hops = 0;
    for (int round = 0; round <= nv + 1 && !reached; round++) {
        SOCKET acc = accept(server, NULL, NULL);
        if (acc != INVALID_SOCKET) {
            auth_seen(&x, nv, classified, -1, 0, &dst);
            reached = 1;
            break;
        }
        int at = -1;
        for (int i = 0; i < nv && at < 0; i++)
            if ((acc = accept(proxies[i], NULL, NULL)) != INVALID_SOCKET) at = i;
        if (at < 0) wh_fail("S5", "after %d hop(s) the connection reached neither a proxy nor the server", hops);
        auth_seen(&x, nv, classified, at, target_pid[at], &dst);
        if (++hops > nv)
            wh_fail("A76", "the connection went through %d proxies with only %d vendors: a redirect loop", hops, nv);
        wh_fdp_step("hop %d: proxy %c accepts, queries, sets and connects on", hops, 'A' + at);
        DWORD cb = 0;
        if (WSAIoctl(acc, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, REC_CAP, &cb, NULL, NULL))
            wh_fail("A33", "QUERY_RECORDS at proxy %c failed: %d", 'A' + at, WSAGetLastError());
        ULONG n = 0;
        if (wt_issued_records(wh_t(&x), acc, issued, REC_CAP, &n) == WT_OK && (n != cb || memcmp(rec, issued, n) != 0))
            wh_fail("A33", "at proxy %c QUERY gave %lu bytes that are not the %lu bytes issued", 'A' + at,
                    (unsigned long)cb, (unsigned long)n);
        DWORD ccb = 0;
        int cr = WSAIoctl(acc, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, NULL, 0, ctx, REC_CAP, &ccb, NULL, NULL);
        if (ctx_size[at] && (cr || ccb != ctx_size[at]))
            wh_fail("A43", "proxy %c's context: %d/%d with %lu bytes, %lu attached", 'A' + at, cr,
                    cr ? WSAGetLastError() : 0, (unsigned long)ccb, (unsigned long)ctx_size[at]);
        connect_to(&x, &dst, rec, cb);
    }
    if (!reached) wh_fail("S5", "the connection never reached the server (%d hops)", hops);
    wh_end(&x);
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
WH_FUZZ_ENTRY(wh_fuzz_chain)
#endif
