/*
 * consumers.c: cases A91..A93, what real proxies do with these IOCTLs (SEMANTICS 6), replayed
 * step by step as regression oracles: Envoy's original-destination filter, rama's context
 * query with one retry, and the eBPF-for-Windows listener test.  Facts from their code, not
 * their code.  A target these consumers fail against is not one they can run on, whatever
 * the pages allow: so these are SHOULD cases.
 */
#include "cases.h"

#include <string.h>

#define QR SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define QC SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT

/* A91 Envoy: QUERY_RECORDS into a 2,048-byte buffer, no probe and no retry; a failure closes
 * the connection; the same bytes are SET on the upstream socket before it is bound. */
static void a91(wc_ctx *c) {
    static BYTE buf[2048];
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    unsigned long size = 0;
    DWORD got = 0;
    int rc = WSAIoctl(f.accepted, QR, NULL, 0, buf, sizeof buf, &got, NULL, NULL);
    size = got;
    if (!wc_check(c, rc == 0 && size > 0 && size <= sizeof buf,
                  "Envoy's QUERY (2,048 bytes) failed: rc=%d err=%d size=%lu", rc, rc ? WSAGetLastError() : 0, size))
        return;
    SOCKET up = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    got = WC_SENTINEL;
    rc = WSAIoctl(up, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, buf, (DWORD)size, NULL, 0, &got, NULL, NULL);
    wc_check(c, rc == 0, "Envoy's SET at PREBIND of the queried bytes failed: %d", WSAGetLastError());
    rc = connect(up, (const struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in));
    wc_check(c, rc == 0, "the upstream connect failed: %d", WSAGetLastError());
    wc_check(c, !wc_looped(c, f.listener), "the upstream connection came back to the proxy");
    /* A connection nobody redirected: the QUERY must fail, so Envoy closes it. */
    wc_scene p;
    if (!wc_scene_make(c, WC_PLAIN, 1, &p)) return;
    rc = WSAIoctl(p.s, QR, NULL, 0, buf, sizeof buf, &got, NULL, NULL);
    wc_check(c, rc != 0, "QUERY succeeded on a connection nobody redirected: Envoy would broker it");
}

/* A92 rama: QUERY_CONTEXT into 128 bytes; on ERROR_INSUFFICIENT_BUFFER or WSAEFAULT with a
 * size > 0, one retry with that size must succeed. */
static void a92(wc_ctx *c) {
    static BYTE buf[WC_BUF];
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    DWORD got = 0;
    int rc = WSAIoctl(f.accepted, QC, NULL, 0, buf, 128, &got, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (rc == 0) {
        wc_log(c, "the context fits in 128 bytes (%u): no retry needed", (unsigned)got);
        return;
    }
    wc_log(c, "first QUERY_CONTEXT: err=%d size=%u", err, (unsigned)got);
    int retry = (err == ERROR_INSUFFICIENT_BUFFER || err == WSAEFAULT) && got > 0;
    if (!wc_check(c, retry, "rama cannot retry: err=%d size=%u; it needs 122 or WSAEFAULT with the size (A92)", err,
                  (unsigned)got))
        return;
    DWORD need = got;
    rc = WSAIoctl(f.accepted, QC, NULL, 0, buf, need, &got, NULL, NULL);
    wc_check(c, rc == 0 && got == need, "the retry with %u bytes: rc=%d err=%d size=%u", (unsigned)need, rc,
             rc ? WSAGetLastError() : 0, (unsigned)got);
}

static void small_context(wt_callout_policy *p) { p->context_size = 64; }

/* A93 eBPF: QUERY_CONTEXT with 128 bytes on the accepted socket is 0 for a local redirect
 * with a small context; on the listener, or without a context, it is non-zero. */
static void a93(wc_ctx *c) {
    static BYTE buf[128];
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50500);
    small_context(&p);
    ULONG want = 64;
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) { /* a vendor's driver attaches its own: any context up to 128 bytes will do */
        wc_log(c, "a 64-byte context cannot be chosen (%s); the callout's own is used", wt_error());
        p.context_size = 0;
        want = 0;
        rc = wt_add_callout(wc_target(c), &p);
    }
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's callout cannot be configured: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_add_callout: %s", wt_error())) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    if (!want && !wc_issued(c, f.accepted, 1, buf, sizeof buf, &want))
        wc_unsupported(c, "the callout's context is not 128 bytes or less, or the target cannot tell its size");
    DWORD got = 0;
    rc = WSAIoctl(f.accepted, QC, NULL, 0, buf, sizeof buf, &got, NULL, NULL);
    wc_check(c, rc == 0 && got == want, "QUERY_CONTEXT on the accepted socket: rc=%d err=%d size=%u (context %u)", rc,
             rc ? WSAGetLastError() : 0, (unsigned)got, (unsigned)want);
    rc = WSAIoctl(f.listener, QC, NULL, 0, buf, sizeof buf, &got, NULL, NULL);
    wc_check(c, rc != 0, "QUERY_CONTEXT on the listening socket succeeded (eBPF PR #2851: query the accepted one)");
    wc_scene plain;
    if (!wc_scene_make(c, WC_PLAIN, 1, &plain)) return;
    rc = WSAIoctl(plain.s, QC, NULL, 0, buf, sizeof buf, &got, NULL, NULL);
    wc_check(c, rc != 0, "QUERY_CONTEXT succeeded without a redirect (eBPF reads non-zero as \"no context\")");
}

static const wc_case cases[] = {
    WC_CASE("A91.envoy-replay", "A91", "#remarks", WC_SHOULD,
            "2 KB QUERY succeeds, the bytes SET at PREBIND, connect not looped; a plain connection's QUERY fails", a91),
    WC_CASE("A92.rama-retry", "A92,C1", "#remarks", WC_SHOULD,
            "128 bytes: 122 or WSAEFAULT with the size, then one retry succeeds", a92),
    WC_CASE("A93.ebpf-listener", "A93", "#remarks", WC_SHOULD,
            "0 on the accepted socket; non-zero on the listener and without a redirect", a93),
};
WC_TABLE(wc_consumers, cases);
