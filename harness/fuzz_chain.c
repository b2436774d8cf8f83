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
 * a context the callout attached comes back whole (A43).
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
        ctx_size[i] = p.with_context ? (p.context_size ? p.context_size : 256) : 0;
        wh_fdp_step("callout %c: weight %d, port %u, context %lu, %spend, %strust others", p.vendor, p.weight,
                    p.match_port, (unsigned long)ctx_size[i], p.pend ? "" : "no ", p.trust_others ? "" : "no ");
        wh_fdp_c(
            "{ wt_callout_policy p; wt_callout_policy_init(&p, '%c', %d); p.weight = %d; p.match_port = %u; "
            "p.match_proto = IPPROTO_TCP; p.with_context = %d; p.context_size = %lu; p.pend = %d; p.trust_others = %d; "
            "wt_add_callout(t, &p); }",
            p.vendor, 50000 + i, p.weight, p.match_port, p.with_context, (unsigned long)p.context_size, p.pend,
            p.trust_others);
        int r = wt_add_callout(wh_t(&x), &p);
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
            reached = 1;
            break;
        }
        int at = -1;
        for (int i = 0; i < nv && at < 0; i++)
            if ((acc = accept(proxies[i], NULL, NULL)) != INVALID_SOCKET) at = i;
        if (at < 0) wh_fail("S5", "after %d hop(s) the connection reached neither a proxy nor the server", hops);
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
