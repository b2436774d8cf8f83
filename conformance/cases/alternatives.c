/*
 * alternatives.c: each documented alternative of SEMANTICS 1.5 that a target can be switched
 * to (knobs set_bytes, size_probe, too_small, unknown_ioctl, udp_query), taken and checked to
 * the letter: the return value, the exact error and *lpcbBytesReturned.
 *
 * Why: the other cases judge these calls with wc_judge_c1/c2/c12 and wc_judge_set_ok, which
 * accept any documented alternative, and plain certify runs the default profile only; so a
 * target that got an alternative it does not show by default wrong (a SET returning N+1, a
 * C1(a) failure that wrote the required size) passed certify.  Here the case asks for one
 * alternative and holds the target to it.  A target without the knob (a real stack shows the
 * one it has) cannot run these: UNSUPPORTED with the reason.
 *
 * Sources: SEMANTICS 1.5 C1, C2, C4, C12 and A48 name the alternatives and the pages behind
 * them (W32-REC/CTX/SET, SDK-WSAIOCTL).
 */
#include "cases.h"

#include <string.h>

/* Switches `knob` to `value` or ends the case as unsupported. */
static void want(wc_ctx *c, const char *knob, const char *value) {
    if (wc_want_knob(c, knob, value) != WT_OK)
        wc_unsupported(c, "the target cannot be switched to %s=%s (it shows the alternative it has): %s", knob, value,
                       wt_error());
}

/* One synchronous WSAIoctl with *lpcbBytesReturned preset to WC_SENTINEL: rc, error, size. */
typedef struct {
    int rc, err;
    DWORD size;
} outcome;
static outcome ioctl_once(SOCKET s, DWORD code, void *in, DWORD cbin, void *out, DWORD cbout) {
    outcome o;
    o.size = WC_SENTINEL;
    o.rc = WSAIoctl(s, code, in, cbin, out, cbout, &o.size, NULL, NULL);
    o.err = o.rc ? WSAGetLastError() : 0;
    return o;
}

/* C4 (W32-SET's lpcbBytesReturned text against its "cannot be zero"; SEMANTICS 1.5): a
 * successful SET writes 0 (zero), the record size (size) or nothing (unchanged). */
static void c4_set_bytes(wc_ctx *c) {
    static const char *const values[3] = {"zero", "size", "unchanged"};
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    static BYTE blob[WC_BUF];
    ULONG n = wc_query_blob(c, f.accepted, 0, blob, sizeof blob);
    if (!n) return;
    for (int v = 0; v < 3; v++) {
        want(c, "set_bytes", values[v]);
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
        outcome o = ioctl_once(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, blob, n, NULL, 0);
        DWORD expect = v == 0 ? 0 : v == 1 ? (DWORD)n : WC_SENTINEL;
        wc_check(c, o.rc == 0 && o.size == expect,
                 "set_bytes=%s: SET of %u bytes gave rc=%d err=%d *lpcbBytesReturned=%u, expected success and %u",
                 values[v], (unsigned)n, o.rc, o.err, (unsigned)o.size, (unsigned)expect);
        closesocket(s);
    }
}

/* C2 (the WSAEINVAL row: "cbOutBuffer ... less than the size of a ULONG") and C1(a) (W32-REC
 * lpcbBytesReturned text: too small is WSAEINVAL with *lpcbBytesReturned = 0): a QUERY with
 * cbOutBuffer 0 (size_probe=einval), then with one byte too few (too_small=lpcb), fails with
 * WSAEINVAL, reports 0 bytes and leaves the output buffer as it was. */
static void c1_c2_einval(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    static BYTE blob[WC_BUF], out[WC_BUF + WC_CANARY];
    ULONG n = wc_query_blob(c, f.accepted, 0, blob, sizeof blob);
    if (!n) return;
    want(c, "size_probe", "einval");
    outcome o = ioctl_once(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, NULL, 0);
    wc_check(c, o.rc == SOCKET_ERROR && o.err == WSAEINVAL && (o.size == 0 || o.size == WC_SENTINEL),
             "size_probe=einval: QUERY with cbOutBuffer 0 gave rc=%d err=%d size %u, expected WSAEINVAL and no size",
             o.rc, o.err, (unsigned)o.size);
    want(c, "too_small", "lpcb");
    memset(out, 0x3C, n - 1);
    wc_canary_fill(out, n - 1);
    o = ioctl_once(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, n - 1);
    wc_check(c, o.rc == SOCKET_ERROR && o.err == WSAEINVAL && (o.size == 0 || o.size == WC_SENTINEL),
             "too_small=lpcb: QUERY with %u bytes for a %u-byte blob gave rc=%d err=%d size %u, expected WSAEINVAL "
             "and no size (C1(a))",
             (unsigned)(n - 1), (unsigned)n, o.rc, o.err, (unsigned)o.size);
    ULONG written = 0;
    for (ULONG i = 0; i < n - 1; i++) written += out[i] != 0x3C;
    wc_check(c, written == 0 && wc_canary_intact(out, n - 1),
             "too_small=lpcb: the failed QUERY wrote to the buffer (%u bytes changed, the bytes after it %s)",
             (unsigned)written, wc_canary_intact(out, n - 1) ? "intact" : "overwritten");
    /* and a buffer that fits still gets the blob, to the byte */
    o = ioctl_once(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, n);
    wc_check(c, o.rc == 0 && o.size == n && memcmp(out, blob, n) == 0,
             "too_small=lpcb: QUERY with %u bytes gave rc=%d err=%d size %u (bytes %s)", (unsigned)n, o.rc, o.err,
             (unsigned)o.size, memcmp(out, blob, n) ? "differ" : "equal");
}

/* C12 (SDK-WSAIOCTL: "WSAEINVAL: The dwIoControlCode parameter is not a valid command") and
 * A48 (W32-REC: UDP's records come as control messages; a QUERY on a UDP socket is refused
 * with WSAEOPNOTSUPP where the stack says "not supported"): unknown_ioctl=einval and
 * udp_query=eopnotsupp, each exactly. */
static void c12_a48(wc_ctx *c) {
    wt_udp_flow u;
    if (!wc_udp(c, 0, &u)) return;
    want(c, "unknown_ioctl", "einval");
    BYTE out[64];
    outcome o = ioctl_once(u.proxy, 0xdeadbeefu, NULL, 0, out, sizeof out);
    wc_check(c, o.rc == SOCKET_ERROR && o.err == WSAEINVAL,
             "unknown_ioctl=einval: code 0xdeadbeef gave rc=%d err=%d, expected WSAEINVAL", o.rc, o.err);
    want(c, "udp_query", "eopnotsupp");
    o = ioctl_once(u.proxy, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, sizeof out);
    wc_check(c, o.rc == SOCKET_ERROR && o.err == WSAEOPNOTSUPP,
             "udp_query=eopnotsupp: QUERY on the UDP proxy socket gave rc=%d err=%d, expected WSAEOPNOTSUPP", o.rc,
             o.err);
}

static const wc_case cases[] = {
    WC_CASE("C4.each-set-bytes", "C4,A52", "#lpcbbytesreturned", WC_MUST,
            "switched to each C4 alternative, a successful SET writes exactly 0, the record size, or nothing",
            c4_set_bytes),
    WC_CASE("C1.einval-alternative", "C1,C2,A34,A35", "#lpcbbytesreturned", WC_MUST,
            "switched to C2 einval and C1(a): cbOutBuffer 0 and one byte short are WSAEINVAL with no size and "
            "nothing written; a buffer that fits gets the blob",
            c1_c2_einval),
    WC_CASE("C12.einval-alternative", "C12,A17,A48", "#return-value", WC_MUST,
            "switched to C12 einval: an unknown code is WSAEINVAL; to udp_query eopnotsupp: QUERY on UDP is "
            "WSAEOPNOTSUPP",
            c12_a48),
};
WC_TABLE(wc_alternatives, cases);
