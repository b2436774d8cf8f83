/*
 * query.c: cases A33..A50, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS and _CONTEXT as the
 * pages document them (SEMANTICS 1.2, 9): the documented call, the too-small buffer and the
 * size probe (C1, C2: every documented alternative accepted and recorded, or the one a
 * profile fixes), bad pointers, the wrong kind of socket, idempotence, the context, the
 * overlapped forms, closing a pending QUERY, and blob sizes up to 8 KB.
 *
 * Opacity: wherever the target can tell which blob it issued (wt_issued_records/_context),
 * the bytes a QUERY returns must be exactly those (A33, A42).
 */
#include "cases.h"

#include <stdint.h>
#include <string.h>

#define QR SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define QC SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT

static BYTE out[WC_BUF + WC_CANARY];
static BYTE issued[WC_BUF];

static void query_call(wc_call *k, SOCKET s, DWORD code, DWORD cbout, int mode) {
    wc_call_init(k, s, code, mode, WC_WSAIOCTL);
    k->out = out;
    k->cbout = cbout;
    k->canary = 1;
    memset(out, 0xCC, cbout);
    wc_canary_fill(out, cbout);
}

/* The blob the stack issued, or (native) the one a first QUERY returned. */
static ULONG blob_of(wc_ctx *c, SOCKET s, int context) {
    ULONG n = 0;
    if (wc_issued(c, s, context, issued, sizeof issued, &n)) return n;
    return wc_query_blob(c, s, context, issued, sizeof issued);
}

/* Runs `fn` for QUERY_RECORDS and QUERY_CONTEXT on one redirected connection, with N the
 * size of the blob the stack issued for it (in `issued`). */
typedef void (*per_code)(wc_ctx *c, SOCKET s, DWORD code, ULONG n);
static void each_code(wc_ctx *c, per_code fn) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    for (int context = 0; context < 2; context++) {
        ULONG n = blob_of(c, f.accepted, context);
        if (!n) return;
        wc_log(c, "%s: %u bytes", context ? "context" : "records", (unsigned)n);
        fn(c, f.accepted, context ? QC : QR, n);
    }
}

/* A33: the documented call: 1,024 bytes (8 KB when the blob is larger), sync; then exactly
 * N bytes ending at a guard page, past which nothing may be written. */
static void a33_code(wc_ctx *c, SOCKET s, DWORD code, ULONG n) {
    wc_call k;
    query_call(&k, s, code, n <= 1024 ? 1024 : WC_BUF, WC_SYNC);
    for (ULONG i = 0; i < n; i++) out[i] = (BYTE)~issued[i]; /* every byte must be written */
    wc_run(c, &k);
    wc_judge_query_ok(c, &k, issued, n, 0);
    BYTE *g = wt_guarded_buffer(wc_target(c), n);
    if (!g) return;
    wc_call_init(&k, s, code, WC_SYNC, WC_WSAIOCTL);
    k.out = g;
    k.cbout = n;
    wc_run(c, &k);
    wc_judge_query_ok(c, &k, issued, n, 0);
}
static void a33(wc_ctx *c) { each_code(c, a33_code); }

/* A34/C1: sizeof(ULONG) <= cbOutBuffer < N. */
static void a34_code(wc_ctx *c, SOCKET s, DWORD code, ULONG n) {
    if (n <= sizeof(ULONG)) return;
    DWORD sizes[2] = {sizeof(ULONG), n - 1};
    for (int i = 0; i < 2; i++) {
        wc_call k;
        query_call(&k, s, code, sizes[i], WC_SYNC);
        wc_run(c, &k);
        wc_judge_c1(c, &k, n, 1);
    }
}
static void a34(wc_ctx *c) { each_code(c, a34_code); }

/* A35/C2: cbOutBuffer 0 with lpvOutBuffer NULL: the size probe or WSAEINVAL. */
static void a35_code(wc_ctx *c, SOCKET s, DWORD code, ULONG n) {
    wc_call k;
    wc_call_init(&k, s, code, WC_SYNC, WC_WSAIOCTL);
    wc_run(c, &k);
    wc_judge_c2(c, &k, n, 1);
}
static void a35(wc_ctx *c) { each_code(c, a35_code); }

/* A36: cbOutBuffer 1, 2, 3 -> WSAEINVAL.  A37: an output buffer that is not writable user
 * memory (unmapped, read-only) -> WSAEFAULT.  A38: the same for lpcbBytesReturned, which is
 * checked before the code is dispatched.  Both QUERY codes. */
typedef enum { BAD_CBOUT, BAD_OUT, BAD_LPCB } bad_kind;
static const bad_kind bad_cbout = BAD_CBOUT, bad_out = BAD_OUT, bad_lpcb = BAD_LPCB;

static void a36_38(wc_ctx *c) {
    bad_kind b = *(const bad_kind *)wc_current(c)->param;
    static const int einval[] = {WSAEINVAL}, efault[] = {WSAEFAULT};
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    for (int context = 0; context < 2; context++)
        for (int i = 0; i < (b == BAD_CBOUT ? 3 : 2); i++) {
            wc_call k;
            query_call(&k, f.accepted, context ? QC : QR, b == BAD_CBOUT ? (DWORD)i + 1 : 1024, WC_SYNC);
            if (b == BAD_OUT) {
                k.out = i ? wt_readonly_page(wc_target(c)) : wt_unmapped_address(wc_target(c));
                k.canary = 0;
            }
            if (b == BAD_LPCB) k.lpcb = i ? WC_LPCB_READONLY : WC_LPCB_UNMAPPED;
            wc_run(c, &k);
            wc_judge_fail(c, &k, b == BAD_CBOUT ? einval : efault, 1, b == BAD_LPCB);
        }
}

/* A39: not a socket, and a closed socket, for all three codes. */
static void a39(wc_ctx *c) {
    static const int enotsock[] = {WSAENOTSOCK};
    static const DWORD codes[] = {QR, QC, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS};
    for (int st = WC_CLOSED; st <= WC_NOTSOCK; st++) {
        wc_scene sc;
        if (!wc_scene_make(c, (wc_state)st, 1, &sc)) return;
        for (int i = 0; i < 3; i++) {
            BYTE in[16] = {0};
            wc_call k;
            query_call(&k, sc.s, codes[i], i == 2 ? 0 : 1024, WC_SYNC);
            if (i == 2) {
                k.in = in;
                k.cbin = sizeof in;
                k.out = NULL;
            }
            wc_run(c, &k);
            wc_judge_fail(c, &k, enotsock, 1, 1);
        }
    }
}

/* A40: unconnected and listening TCP sockets -> WSAENOTCONN (documented for QUERY). */
static void a40(wc_ctx *c) {
    static const int enotconn[] = {WSAENOTCONN};
    for (int st = WC_FRESH; st <= WC_LISTENING; st++) {
        wc_scene sc;
        if (!wc_scene_make(c, (wc_state)st, 1, &sc)) return;
        for (int context = 0; context < 2; context++) {
            wc_call k;
            query_call(&k, sc.s, context ? QC : QR, 1024, WC_SYNC);
            wc_run(c, &k);
            wc_judge_fail(c, &k, enotconn, 1, 0);
            wc_check(c, k.rc != 0 || k.size != 0, "an unconnected socket answered with an empty blob");
        }
    }
}

static void observe_err(wc_ctx *c, const char *key, const wc_call *k) {
    int w32, e = wc_final_error(k, &w32);
    const char *name = e == WSAEINVAL              ? "einval"
                       : e == ERROR_NOT_FOUND      ? "not_found"
                       : e == (int)FWP_E_NOT_FOUND ? "fwp_not_found"
                       : e == WSAEOPNOTSUPP        ? "eopnotsupp"
                       : e == 0                    ? "success"
                                                   : "other";
    wc_observe(c, key, "%s", name);
    wc_log(c, "%s: error %d (%s)", key, e, name);
}

/* A41 [U]: a connected socket nobody redirected: the call fails on every path.  WSK's page
 * gives the status, STATUS_NOT_FOUND ("can only be used if the connection was redirected");
 * its Win32 view is undocumented, and the two views of that status are WSAEINVAL (Wine's
 * table) and ERROR_NOT_FOUND (RtlNtStatusToDosError): SEMANTICS A41's candidates.  Which one
 * is open, but one stack gives one answer: the same on both ends, through WSAIoctl and
 * WSPIoctl, plain and overlapped.  A code of another status (FWP_E_NOT_FOUND is A44's, a
 * redirected connection without a context) says the stack took the plain connection for a
 * redirected one. */
/* A QUERY that fails on every path: each socket given (the accepted end first), plain and
 * overlapped, through WSAIoctl and WSPIoctl, with one of the accepted codes and the same code
 * on every path.  The first path's code is recorded under `key`. */
static void fails_on_every_path(wc_ctx *c, const SOCKET *socks, int nsocks, DWORD code, const int *accepted,
                                int naccepted, const char *key) {
    static const int modes[] = {WC_SYNC, WC_OV_EVENT};
    int first = 0;
    /* A stack without a provider table to call (wine) is still judged through WSAIoctl. */
    WSPPROC_TABLE table;
    int entries = wt_wsp_table(wc_target(c), &table) == WT_OK ? WC_ENTRY_COUNT : 1;
    if (entries == 1) wc_log(c, "no WSPIoctl entry point here (%s): WSAIoctl only", wt_error());
    for (int i = 0; i < nsocks; i++)
        for (int m = 0; m < 2; m++)
            for (int entry = 0; entry < entries; entry++) {
                wc_call k;
                query_call(&k, socks[i], code, 1024, modes[m]);
                k.entry = entry;
                wc_run(c, &k);
                wc_judge_fail(c, &k, accepted, naccepted, 0);
                int w32, e = wc_final_error(&k, &w32);
                if (!first) first = e;
                wc_check(c, e == first, "QUERY 0x%08x on %s end, %s, %s: error %d, where the first path gave %d",
                         (unsigned)code, i ? "the client's" : "the accepted", m ? "overlapped" : "plain",
                         entry == WC_WSPIOCTL ? "WSPIoctl" : "WSAIoctl", e, first);
                if (i == 0 && m == 0 && entry == WC_WSAIOCTL) observe_err(c, key, &k);
            }
}

static void a41(wc_ctx *c) {
    wc_scene sc;
    if (!wc_scene_make(c, WC_PLAIN, 1, &sc)) return;
    static const int accepted[] = {WSAEINVAL, ERROR_NOT_FOUND};
    SOCKET socks[2] = {sc.tcp.accepted, sc.tcp.client};
    fails_on_every_path(c, socks, 2, QR, accepted, 2, "A41.sync");
}

/* A42: QUERY three times gives the same bytes, for both codes. */
static void a42_code(wc_ctx *c, SOCKET s, DWORD code, ULONG n) {
    static BYTE first[WC_BUF];
    for (int round = 0; round < 3; round++) {
        wc_call k;
        query_call(&k, s, code, WC_BUF, WC_SYNC);
        memset(out, round & 1 ? 0x5A : 0xA5, WC_BUF);
        wc_canary_fill(out, WC_BUF);
        wc_run(c, &k);
        wc_judge_query_ok(c, &k, issued, n, 0);
        if (round == 0)
            memcpy(first, out, n);
        else
            wc_check(c, memcmp(first, out, n) == 0, "QUERY 0x%08x #%d returned other bytes than #1 (A42)",
                     (unsigned)code, round + 1);
    }
}
static void a42(wc_ctx *c) { each_code(c, a42_code); }

/* A43 [A]: the context the callout set: 0 and its size; WFPSampler's layout is two
 * SOCKADDR_STORAGE, the original remote then the original local address. */
static void a43(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    ULONG n = blob_of(c, f.accepted, 1);
    wc_call k;
    query_call(&k, f.accepted, QC, 1024, WC_SYNC);
    wc_run(c, &k);
    wc_judge_query_ok(c, &k, issued, n, 0);
    if (k.rc || k.size != 2 * sizeof(SOCKADDR_STORAGE)) {
        wc_log(c, "the callout's context is %u bytes, not WFPSampler's 256: layout not checked", (unsigned)k.size);
        return;
    }
    SOCKADDR_STORAGE ss[2];
    memcpy(ss, out, sizeof ss);
    const struct sockaddr_in *rem = (const struct sockaddr_in *)&ss[0];
    const struct sockaddr_in *want = (const struct sockaddr_in *)&f.original_dst;
    wc_check(c,
             rem->sin_family == want->sin_family && rem->sin_port == want->sin_port &&
                 rem->sin_addr.s_addr == want->sin_addr.s_addr,
             "context[0] is not the original destination");
    const struct sockaddr_in *loc = (const struct sockaddr_in *)&ss[1];
    wc_check(c, loc->sin_family == AF_INET, "context[1] is not an IPv4 address (family %d)", loc->sin_family);
}

/* A callout that redirects without a context (A44, A93). */
static int redirected_without_context(wc_ctx *c, wt_tcp_flow *f) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50100);
    p.with_context = 0;
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's callout cannot be configured: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_add_callout: %s", wt_error())) return 0;
    return wc_redirected(c, 1, f);
}

/* A44 [A][U]: no context: a failure.  WFPSampler expects FWP_E_NOT_FOUND, WSK's kernel page
 * gives STATUS_NOT_FOUND (WSAEINVAL or ERROR_NOT_FOUND seen from user mode); the sources
 * differ on the code but both say the call fails, so the failure is a MUST, as A41's is, and
 * one stack gives one code on every path.  The code is recorded. */
static void a44(wc_ctx *c) {
    wt_tcp_flow f;
    if (!redirected_without_context(c, &f)) return;
    static const int accepted[] = {(int)FWP_E_NOT_FOUND, WSAEINVAL, ERROR_NOT_FOUND};
    fails_on_every_path(c, &f.accepted, 1, QC, accepted, 3, "A44.sync");
    wc_call k;
    query_call(&k, f.accepted, QR, 1024, WC_SYNC);
    wc_run(c, &k);
    wc_check(c, k.rc == 0, "QUERY_RECORDS failed (%d) on a redirected connection without a context", k.err);
}

/* A45: the context belongs to a connection the calling service redirected: present on the
 * redirected connection, absent on one nobody redirected. */
static void a45(wc_ctx *c) {
    wc_scene r, p;
    if (!wc_scene_make(c, WC_REDIRECTED, 1, &r) || !wc_scene_make(c, WC_PLAIN, 1, &p)) return;
    wc_call k;
    query_call(&k, r.s, QC, 1024, WC_SYNC);
    wc_run(c, &k);
    wc_check(c, k.rc == 0 && k.size > 0, "no context on the redirected connection: rc=%d err=%d", k.rc, k.err);
    query_call(&k, p.s, QC, 1024, WC_SYNC);
    wc_run(c, &k);
    wc_check(c, k.rc == SOCKET_ERROR, "a context on a connection nobody redirected (%u bytes)", (unsigned)k.size);
}

/* A46: overlapped QUERY: immediate (0, size written) or pending (size "may be zero"); the
 * count arrives through each path.  Recorded per mode. */
static void a46(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    ULONG n = blob_of(c, f.accepted, 0);
    if (!n) return;
    for (int m = WC_OV_EVENT; m < WC_MODE_COUNT; m++) {
        wc_call k;
        query_call(&k, f.accepted, QR, 1024, m);
        wc_run(c, &k);
        wc_judge_query_ok(c, &k, issued, n, 1);
    }
}

/* A47: a pending QUERY and closesocket -> WSA_OPERATION_ABORTED. */
static void a47(wc_ctx *c) {
    if (wc_want_knob(c, "ioctl_completion", "deferred") != WT_OK)
        wc_log(c, "the target cannot be asked to defer QUERY; relying on its own pending behaviour");
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    HANDLE port = wc_port(c, f.accepted);
    if (!port) return;
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    DWORD size = WC_SENTINEL;
    /* lpvInBuffer and cbInBuffer are unused for QUERY [D]: a NULL input with a length must not
     * be read, now or when the pended call runs */
    int rc = WSAIoctl(f.accepted, QR, NULL, 16, out, 1024, &size, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (rc == 0 || err != WSA_IO_PENDING) {
        CloseHandle(port);
        wc_unsupported(c, "QUERY did not pend on this target (rc=%d err=%d): nothing to abort", rc, err);
    }
    closesocket(f.accepted);
    wc_expect_aborted(c, port, &ov, "closesocket");
}

/* A48 [U]: QUERY on the UDP proxy socket: undocumented; recorded. */
static void a48(wc_ctx *c) {
    wc_scene sc;
    if (!wc_scene_make(c, WC_UDP, 1, &sc)) return;
    for (int context = 0; context < 2; context++) {
        wc_call k;
        query_call(&k, sc.s, context ? QC : QR, 1024, WC_SYNC);
        wc_run(c, &k);
        if (!context)
            observe_err(c, "A48.sync", &k);
        else {
            char o[96];
            wc_log(c, "QUERY_CONTEXT on UDP: %s", wc_call_outcome(&k, o, sizeof o));
        }
    }
}

/* A49: blobs up to 8 KB: a context of each size is returned whole with an exact buffer, an
 * 8 KB buffer, and refused one byte short (C1). */
static void a49(wc_ctx *c) {
    const ULONG *size = wc_current(c)->param;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50200);
    p.context_size = *size;
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's callout cannot set a %u-byte context", (unsigned)*size);
    if (!wc_check(c, rc == WT_OK, "set-up: wt_add_callout: %s", wt_error())) return;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    ULONG n = blob_of(c, f.accepted, 1);
    if (!n) return;
    wc_expect_int(c, n, *size);
    /* A43, for the suite's own callout (the one that can report what it saw; a vendor's
     * context is the vendor's layout): [0] is the original destination, [1] the client's own
     * address, and what follows the two addresses in a longer context is zero
     * (wt_callout_policy.context_size). */
    wt_callout_view own;
    if (wt_callout_view_get(wc_target(c), 'A', &own) == WT_OK) {
        const struct sockaddr_in *o = (const struct sockaddr_in *)issued,
                                 *d = (const struct sockaddr_in *)&f.original_dst;
        if (n >= sizeof(SOCKADDR_STORAGE))
            wc_check(c,
                     o->sin_family == d->sin_family && o->sin_port == d->sin_port &&
                         o->sin_addr.s_addr == d->sin_addr.s_addr,
                     "the context's first address is not the original destination (A43)");
        const struct sockaddr_in *l = (const struct sockaddr_in *)(issued + sizeof(SOCKADDR_STORAGE)),
                                 *src = (const struct sockaddr_in *)&f.original_src;
        if (n >= 2 * sizeof(SOCKADDR_STORAGE))
            wc_check(c,
                     l->sin_family == src->sin_family && l->sin_port == src->sin_port &&
                         l->sin_addr.s_addr == src->sin_addr.s_addr,
                     "the context's second address is not the client's own address (A43)");
        ULONG nonzero = 0;
        for (ULONG i = 2 * sizeof(SOCKADDR_STORAGE); i < n; i++) nonzero += issued[i] != 0;
        wc_check(c, nonzero == 0, "%lu of the context's bytes after its two addresses are not zero",
                 (unsigned long)nonzero);
    }
    /* An exact buffer below a ULONG is A36's WSAEINVAL, so the smallest buffer is 4 bytes. */
    DWORD bufs[2] = {n < sizeof(ULONG) ? sizeof(ULONG) : n, WC_BUF};
    for (int i = 0; i < 2; i++) {
        wc_call k;
        query_call(&k, f.accepted, QC, bufs[i], WC_SYNC);
        wc_run(c, &k);
        wc_judge_query_ok(c, &k, issued, n, 0);
    }
    if (n > sizeof(ULONG)) {
        wc_call k;
        query_call(&k, f.accepted, QC, n - 1, WC_SYNC);
        wc_run(c, &k);
        wc_judge_c1(c, &k, n, 0);
    } else if (n < sizeof(ULONG)) {
        /* A36 is about cbOutBuffer, not the blob: an exact buffer below a ULONG is refused */
        static const int einval[] = {WSAEINVAL};
        wc_call k;
        query_call(&k, f.accepted, QC, n, WC_SYNC);
        wc_run(c, &k);
        wc_judge_fail(c, &k, einval, 1, 1);
    }
    n = blob_of(c, f.accepted, 0);
    wc_check(c, n > 0 && n <= 1024, "the records of one redirect are %u bytes: more than the pages' 1,024 example",
             (unsigned)n);
}

static void a50(wc_ctx *c) {
    wc_unsupported(c, "FwpsQueryConnectionSioFormatRedirectRecords0 is a kernel helper; a user-mode target cannot call "
                      "it (the model exercises it only from its callout side)");
}

static const ULONG sizes[] = {1, 4, 100, 255, 1023, 1024, 1025, 2048, 4096, 8191, 8192};

#define S(i, id)                                                                                                       \
    WC_CASE_P("A49.context-size=" id, "A49", "#remarks", WC_MUST,                                                      \
              "returned whole with an exact and an 8 KB buffer; one byte short: a C1 alternative", a49, &sizes[i])
static const wc_case cases[] = {
    WC_CASE("A33.documented-call", "A33", "#lpvoutbuffer", WC_MUST,
            "0, size N > 0, the N issued bytes, nothing past the buffer", a33),
    WC_CASE("A34.too-small", "A34,C1", "#lpcbbytesreturned", WC_MUST,
            "(a) WSAEINVAL+size 0 | (b) 122+size N | (c) WSAEFAULT+size N; the profile's if it fixes one", a34),
    WC_CASE("A35.size-probe", "A35,C2", "#remarks", WC_MUST, "size probe (122/WSAEFAULT, size N) | WSAEINVAL", a35),
    WC_CASE_P("A36.cbout-below-ulong", "A36", "#cboutbuffer", WC_MUST, "WSAEINVAL for 1, 2, 3", a36_38, &bad_cbout),
    WC_CASE_P("A37.out-not-user-memory", "A37", "#lpvoutbuffer", WC_MUST, "WSAEFAULT (unmapped, read-only)", a36_38,
              &bad_out),
    WC_CASE_P("A38.lpcb-not-user-memory", "A38", "#lpcbbytesreturned", WC_MUST,
              "WSAEFAULT at once (unmapped, read-only)", a36_38, &bad_lpcb),
    WC_CASE("A39.not-a-socket", "A39", "#s", WC_MUST, "WSAENOTSOCK for all three codes", a39),
    WC_CASE("A40.not-connected", "A40", "#return-value", WC_MUST, "WSAENOTCONN for fresh, bound and listening", a40),
    WC_CASE("A41.not-redirected", "A41", "#remarks", WC_MUST,
            "a failure on every path, WSAEINVAL or ERROR_NOT_FOUND, the same on both ends; the code is recorded", a41),
    WC_CASE("A42.idempotent", "A42", "#remarks", WC_MUST, "identical bytes on every QUERY", a42),
    WC_CASE("A43.context-layout", "A43", "#remarks", WC_SHOULD, "0 and the context's size; 2 x SOCKADDR_STORAGE", a43),
    WC_CASE("A44.no-context", "A44", "#remarks", WC_MUST,
            "a failure on every path, FWP_E_NOT_FOUND, WSAEINVAL or ERROR_NOT_FOUND, one code; the code is recorded",
            a44),
    WC_CASE("A45.context-only-redirected", "A45", "#description", WC_MUST,
            "context on the redirected, none on the plain", a45),
    WC_CASE("A46.overlapped", "A46", "#lpvoverlapped", WC_MUST,
            "immediate (size written or kept) or pending; the count is N on every path", a46),
    WC_CASE("A47.close-aborts-query", "A47", "#return-value", WC_MUST, "FALSE/995 with the caller's OVERLAPPED", a47),
    WC_CASE("A48.udp-query", "A48", "#remarks", WC_IMPL, "undocumented: recorded", a48),
    S(0, "1"),
    S(1, "4"),
    S(2, "100"),
    S(3, "255"),
    S(4, "1023"),
    S(5, "1024"),
    S(6, "1025"),
    S(7, "2048"),
    S(8, "4096"),
    S(9, "8191"),
    S(10, "8192"),
    WC_CASE("A50.kernel-sio-format", "A50", "#remarks", WC_MUST, "kernel only: unsupported for user-mode targets", a50),
};
WC_TABLE(wc_query, cases);
