/*
 * plumbing.c: cases A15..A32, the WSAIoctl/WSPIoctl rules the three WFP codes inherit
 * (SEMANTICS 3 and 4.1): NULL lpcbBytesReturned, unknown codes, the shape of immediate and
 * pending completions on each path, closing and WSAGetOverlappedResult, and the SPI duties
 * of a provider (lpErrno, lpThreadId, WPUQueueApc).
 *
 * Why these bodies use the WFP codes where they can: the suite certifies those codes, and
 * Windows showed the rules on sibling AFD IOCTLs (Wine's tests), so each rule is checked on
 * the redirected socket the WFP codes act on.  Where a rule needs an operation that stays
 * pending and the target completes QUERY at once, a pending WSARecv stands in (it pends on
 * every target until data arrives).
 */
#include "cases.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define QR SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define QC SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT
#define SET SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS

static BYTE out[WC_BUF + WC_CANARY];
static const int efault[] = {WSAEFAULT};
/* 0x667e is _IO('f', 126) without the size field: FIONBIO's number as an unknown code. */
static const DWORD unknown_codes[] = {0xdeadbeefu, (DWORD)FIOASYNC, 0x667eu, SIO_FLUSH};

static void query_call(wc_call *k, SOCKET s, DWORD code, int mode, int entry) {
    wc_call_init(k, s, code, mode, entry);
    k->out = out;
    k->cbout = 1024;
    k->canary = 1;
    wc_canary_fill(out, k->cbout);
}

/* An overlapped SIO_GET_EXTENSION_FUNCTION_POINTER call for `guid` through a port. */
static void ext_call(wc_call *k, SOCKET s, GUID *guid) {
    query_call(k, s, SIO_GET_EXTENSION_FUNCTION_POINTER, WC_OV_IOCP, WC_WSAIOCTL);
    k->in = guid;
    k->cbin = sizeof *guid;
    k->cbout = sizeof(void *);
    wc_canary_fill(out, k->cbout);
}

/* A15/A16: NULL lpcbBytesReturned fails at once with WSAEFAULT, nothing queued: each code
 * of the set, in each mode of the set. */
typedef struct null_lpcb {
    DWORD codes[3];
    int ncodes;
    int modes[3];
    int nmodes;
} null_lpcb;
static const null_lpcb a15_set = {{QR, 0xdeadbeefu}, 2, {WC_OV_EVENT, WC_OV_APC, WC_OV_IOCP}, 3};
static const null_lpcb a16_set = {{QR, QC, SET}, 3, {WC_SYNC}, 1};

static void a15_16(wc_ctx *c) {
    const null_lpcb *p = wc_current(c)->param;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    for (int i = 0; i < p->ncodes; i++)
        for (int m = 0; m < p->nmodes; m++) {
            wc_call k;
            query_call(&k, f.accepted, p->codes[i], p->modes[m], WC_WSAIOCTL);
            k.lpcb = WC_LPCB_NULL;
            wc_run(c, &k);
            wc_judge_fail(c, &k, efault, 1, 1);
        }
}

/* A17/C12: unknown codes fail with WSAEOPNOTSUPP (observed) or WSAEINVAL (documented) and
 * set the size to 0.  SIO_FLUSH may instead succeed where it aborts pending operations (the
 * WFP error tables' WSA_OPERATION_ABORTED row). */
static void a17(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    for (size_t i = 0; i < sizeof unknown_codes / sizeof unknown_codes[0]; i++) {
        wc_call k;
        query_call(&k, f.accepted, unknown_codes[i], WC_SYNC, WC_WSAIOCTL);
        wc_run(c, &k);
        if (unknown_codes[i] == SIO_FLUSH && k.rc == 0) {
            /* the WFP pages' error tables let SIO_FLUSH abort pending operations; Windows was
             * seen to refuse it on TCP (A17), which --reference windows pins */
            wc_check(c, strcmp(wc_reference(c), "windows") != 0,
                     "SIO_FLUSH succeeded on TCP; Windows fails it with WSAEOPNOTSUPP (A17, --reference windows)");
            continue;
        }
        wc_judge_c12(c, &k, i == 0);
        if (strcmp(wc_reference(c), "windows") == 0)
            wc_check(c, k.size == 0, "code 0x%08x: *lpcbBytesReturned = %u after the failure, Windows sets 0 (A17)",
                     (unsigned)unknown_codes[i], (unsigned)k.size);
    }
}

/* A18 (completion port) and A19 (completion routine): an unknown code pends and then fails
 * on the path, 0 bytes, Internal = the NTSTATUS (the port shows the Win32 view, 50; the
 * routine the WSA view, once, in an alertable wait: wc_run); or it fails at once. */
static void a18_19(wc_ctx *c) {
    int mode = *(const int *)wc_current(c)->param;
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    wc_call k;
    query_call(&k, f.accepted, 0xdeadbeefu, mode, WC_WSAIOCTL);
    wc_run(c, &k);
    wc_judge_c12(c, &k, 1);
    char key[32];
    snprintf(key, sizeof key, "A18.%s", wc_mode_keys[mode]);
    wc_observe(c, key, "%s", k.started ? "pend" : "immediate");
    if (!k.started || !k.completed) return;
    wc_check(c, k.done_bytes == 0, "the failed completion carries %u bytes, expected 0", (unsigned)k.done_bytes);
    wc_check(c, k.internal_high == 0, "InternalHigh = %llu, expected 0", (unsigned long long)k.internal_high);
    DWORD st = (DWORD)k.internal;
    if (strcmp(wc_reference(c), "windows") == 0) /* observed: STATUS_NOT_SUPPORTED, 50 on the port */
        wc_check(c, st == 0xC00000BBu, "Internal = 0x%08x; Windows completes with STATUS_NOT_SUPPORTED (A18)",
                 (unsigned)st);
    wc_check(c, st == 0xC00000BBu || st == 0xC0000010u || st == 0xC000000Du,
             "Internal = 0x%08x: not STATUS_NOT_SUPPORTED, _INVALID_DEVICE_REQUEST or _INVALID_PARAMETER",
             (unsigned)st);
}

static int a20_calls;
static void CALLBACK a20_routine(DWORD e, DWORD n, LPWSAOVERLAPPED ov, DWORD fl) { a20_calls++; }

/* A20: a thread that never waits alertably never runs the routine. */
static void a20(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    DWORD size = WC_SENTINEL;
    int rc = WSAIoctl(f.accepted, QR, NULL, 0, out, 1024, &size, &ov, a20_routine);
    int err = rc ? WSAGetLastError() : 0;
    wc_log(c, "QUERY with a completion routine: rc=%d err=%d", rc, err);
    wc_check(c, rc == 0 || err == WSA_IO_PENDING, "QUERY with a completion routine failed: %d", err);
    WSAEVENT ev = WSACreateEvent();
    SleepEx(0, FALSE);
    WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE);
    wt_pump(wc_target(c));
    wc_check(c, a20_calls == 0, "the completion routine ran %d times without an alertable wait (A20)", a20_calls);
    SleepEx(0, TRUE);
    wc_check(c, a20_calls == 1, "after one alertable wait the routine ran %d times", a20_calls);
    WSACloseEvent(ev);
}

/* A21: an overlapped call that succeeds at once returns 0 and still notifies: a packet with
 * 0 bytes, Internal 0, InternalHigh 0; for the user-mode extension-pointer code exactly as
 * Windows showed, for QUERY through the same port. */
static void a21(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    GUID g = WSAID_WSARECVMSG;
    wc_call k;
    /* The client socket: a socket joins one completion port only, and QUERY needs its own. */
    ext_call(&k, f.client, &g);
    wc_run(c, &k);
    wc_check(c, k.rc == 0, "extension pointer, overlapped: rc=%d err=%d; expected an immediate success", k.rc, k.err);
    if (k.rc == 0) {
        wc_expect_int(c, k.size, sizeof(void *));
        wc_check(c, k.completed && k.done_ok && k.done_bytes == 0,
                 "immediate success: the packet must still come, 0 bytes");
        wc_check(c, k.internal == 0 && k.internal_high == 0, "Internal/InternalHigh = 0x%llx/%llu, expected 0/0",
                 (unsigned long long)k.internal, (unsigned long long)k.internal_high);
    }
    /* The routine and WSAGetOverlappedResult views of the same immediate success, each on a
     * socket of its own: the routine still runs with cbTransferred 0, and both report flags 0
     * (wc_run checks dwFlags; mutation testing, seed 16: a success completed with flags 1). */
    static const wc_mode views[] = {WC_OV_APC, WC_OV_GOR};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ext_call(&k, s, &g);
        k.mode = views[i];
        wc_run(c, &k);
        wc_check(c, k.rc == 0 && k.completed && k.done_ok && k.done_bytes == 0,
                 "extension pointer, %s: rc=%d err=%d, completed %d with %u bytes; expected an immediate success "
                 "that still completes with 0 bytes",
                 views[i] == WC_OV_APC ? "completion routine" : "WSAGetOverlappedResult", k.rc, k.err, k.completed,
                 (unsigned)k.done_bytes);
        closesocket(s);
    }
    BYTE issued[WC_BUF];
    ULONG n = 0;
    if (!wc_issued(c, f.accepted, 0, issued, sizeof issued, &n)) n = 0;
    query_call(&k, f.accepted, QR, WC_OV_IOCP, WC_WSAIOCTL);
    wc_run(c, &k);
    if (k.rc != 0) {
        wc_log(c, "QUERY pended (A46 deferred); the immediate-success rule does not apply to it");
        return;
    }
    wc_check(c, k.completed, "an immediate QUERY success queued no completion packet (A21)");
    wc_check(c, k.done_bytes == 0 || (n && k.done_bytes == n), "the packet carries %u bytes", (unsigned)k.done_bytes);
}

/* A22 [O-W][C]: after an immediate overlapped success of an input-only code the size is
 * left alone on Windows, written by Wine: recorded. */
static void a22(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    BYTE blob[WC_BUF];
    ULONG n = wc_query_blob(c, f.accepted, 0, blob, sizeof blob);
    if (!n) return;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    wc_call k;
    wc_call_init(&k, s, SET, WC_OV_EVENT, WC_WSAIOCTL);
    k.in = blob;
    k.cbin = n;
    wc_run(c, &k);
    char o[96];
    wc_log(c, "overlapped SET: %s", wc_call_outcome(&k, o, sizeof o));
    if (k.rc == 0)
        wc_observe(c, "A22.set.ov_event", "%s",
                   k.size == WC_SENTINEL ? "keep"
                   : k.size == 0         ? "zero"
                   : k.size == n         ? "size"
                                         : "other");
    else
        wc_observe(c, "A22.set.ov_event", "pending");
}

/* A23: an immediate parameter failure of an overlapped call touches nothing. */
static void a23(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    GUID bogus = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    static const int einval[] = {WSAEINVAL};
    wc_call k;
    ext_call(&k, f.accepted, &bogus);
    wc_run(c, &k);
    wc_judge_fail(c, &k, einval, 1, 1);
    wc_check(c, k.size == WC_SENTINEL, "*lpcbBytesReturned = %u, expected untouched", (unsigned)k.size);
    wc_check(c, k.internal == WC_OV_UNTOUCHED && k.internal_high == WC_OV_UNTOUCHED,
             "Internal/InternalHigh written (0x%llx/0x%llx) by an immediate failure", (unsigned long long)k.internal,
             (unsigned long long)k.internal_high);
}

/* A24: a too-small QUERY through a port and a routine: the Win32 view (122, Internal
 * STATUS_BUFFER_TOO_SMALL) on the port, the WSA view in the routine, or an immediate
 * failure; one of C1's alternatives either way. */
static void a24(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    BYTE blob[WC_BUF];
    ULONG n = wc_query_blob(c, f.accepted, 0, blob, sizeof blob);
    if (n < 5) {
        if (n) wc_unsupported(c, "the records are only %u bytes: no buffer is too small yet a ULONG", (unsigned)n);
        return;
    }
    static const int modes[] = {WC_OV_IOCP, WC_OV_APC};
    for (size_t m = 0; m < 2; m++) {
        wc_call k;
        query_call(&k, f.accepted, QR, modes[m], WC_WSAIOCTL);
        k.cbout = n - 1;
        wc_canary_fill(out, k.cbout);
        wc_run(c, &k);
        wc_judge_c1(c, &k, n, 1);
        char key[32];
        snprintf(key, sizeof key, "A24.%s", wc_mode_keys[modes[m]]);
        wc_observe(c, key, "%s", k.started ? "pend" : "immediate");
        if (k.started && k.completed && k.done_win32 && k.done_err == ERROR_INSUFFICIENT_BUFFER)
            wc_check(c, (DWORD)k.internal == 0xC0000023u,
                     "port shows 122 but Internal = 0x%08x, not STATUS_BUFFER_TOO_SMALL", (unsigned)(DWORD)k.internal);
    }
}

/* A25/A26: the sibling codes Windows was observed on; only where the headers have them. */
static void a25(wc_ctx *c) {
#ifdef SIO_ADDRESS_LIST_QUERY
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    DWORD size = WC_SENTINEL;
    int rc = WSAIoctl(s, SIO_ADDRESS_LIST_QUERY, NULL, 0, NULL, 0, &size, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "SIO_ADDRESS_LIST_QUERY, no buffer: rc=%d err=%d", rc, err);
    wc_check(c, size != WC_SENTINEL && size > 0, "the required size was not reported: %u", (unsigned)size);
#else
    wc_unsupported(c, "SIO_ADDRESS_LIST_QUERY is not part of this target's Winsock (the WFP analogue is A34 (c))");
#endif
}

static void a26(wc_ctx *c) {
#ifdef SIO_ADDRESS_LIST_QUERY
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    DWORD size = WC_SENTINEL;
    int rc = WSAIoctl(s, SIO_ADDRESS_LIST_QUERY, NULL, 0, out, 1, &size, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL && size == 0, "cbOutBuffer 1: rc=%d err=%d size=%u", rc, err,
             (unsigned)size);
#else
    wc_unsupported(c, "SIO_ADDRESS_LIST_QUERY is not part of this target's Winsock (the WFP analogue is A36)");
#endif
}

/* A pending overlapped receive on the redirected socket: nothing was sent, so it pends on
 * every target.  Returns 0 when it did not pend. */
static int pending_recv(wc_ctx *c, SOCKET s, WSAOVERLAPPED *ov, BYTE *buf, ULONG len) {
    WSABUF b = {len, (CHAR *)buf};
    DWORD got = 0, flags = 0;
    int rc = WSARecv(s, &b, 1, &got, &flags, ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    return wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING,
                    "set-up: an overlapped WSARecv with no data sent did not pend: rc=%d err=%d", rc, err);
}

/* A27: closing a socket with a pending operation completes it with 995 on the port. */
/* A redirected connection whose accepted socket is on a port with a receive pending. */
static HANDLE pending_on_port(wc_ctx *c, wt_tcp_flow *f, LPWSAOVERLAPPED ov) {
    static BYTE buf[64];
    if (!wc_redirected(c, 1, f)) return NULL;
    HANDLE port = wc_port(c, f->accepted);
    return port && pending_recv(c, f->accepted, ov, buf, sizeof buf) ? port : NULL;
}

static void a27(wc_ctx *c) {
    wt_tcp_flow f;
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    HANDLE port = pending_on_port(c, &f, &ov);
    if (!port) return;
    closesocket(f.accepted);
    wc_expect_aborted(c, port, &ov, "closesocket");
}

/* A27/A47 with SIO_FLUSH: where SIO_FLUSH is implemented (the WFP error tables' "socket
 * closed or SIO_FLUSH" row; Windows was seen to refuse it on TCP, C12), it aborts pending
 * operations with 995.  The model can be switched to that alternative (knob flush). */
static void a27_flush(wc_ctx *c) {
    int switched = wc_want_knob(c, "flush", "abort") == WT_OK;
    if (!switched) wc_log(c, "the target cannot be asked to implement SIO_FLUSH; trying its own behaviour");
    wt_tcp_flow f;
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    HANDLE port = pending_on_port(c, &f, &ov);
    if (!port) return;
    DWORD size = WC_SENTINEL;
    int rc = WSAIoctl(f.accepted, SIO_FLUSH, NULL, 0, NULL, 0, &size, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    /* a target switched to the alternative that implements SIO_FLUSH must then take it (mutant
     * 193-2: a refusal there read as the other alternative and passed) */
    if (rc != 0 && switched)
        wc_check(c, 0, "SIO_FLUSH refused with %d by a target switched to implement it (knob flush=abort)", err);
    if (rc != 0) {
        CloseHandle(port);
        wc_unsupported(c, "SIO_FLUSH is refused on this target (%d, the observed C12 alternative): nothing aborts",
                       err);
    }
    wc_expect_aborted(c, port, &ov, "a successful SIO_FLUSH");
}

/* A28: WSAGetOverlappedResult(fWait=FALSE) on a pending operation. */
static void a28(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    BYTE buf[64];
    if (!pending_recv(c, f.accepted, &ov, buf, sizeof buf)) return;
    DWORD cb = WC_SENTINEL, flags = 0;
    BOOL ok = WSAGetOverlappedResult(f.accepted, &ov, &cb, FALSE, &flags);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSA_IO_INCOMPLETE, "pending: WSAGetOverlappedResult ok=%d err=%d, expected FALSE/996", ok,
             err);
    /* an argument at an address the process does not have: the page lists WSAEFAULT, and says
     * a NULL one is an access violation on Vista and later, so asked of the model only (its
     * answers pinned: lpOverlapped, lpcbTransfer, lpdwFlags unmapped in turn) */
    void *nowhere = wc_on_model(c) ? wt_unmapped_address(wc_target(c)) : NULL;
    if (nowhere) {
        int e[3];
        e[0] = WSAGetOverlappedResult(f.accepted, nowhere, &cb, FALSE, &flags) ? 0 : WSAGetLastError();
        e[1] = WSAGetOverlappedResult(f.accepted, &ov, nowhere, FALSE, &flags) ? 0 : WSAGetLastError();
        e[2] = WSAGetOverlappedResult(f.accepted, &ov, &cb, FALSE, nowhere) ? 0 : WSAGetLastError();
        wc_model_answer(c, "WSAGetOverlappedResult.unmapped-arguments", "%d %d %d", e[0], e[1], e[2]);
    }
    closesocket(f.accepted);
    WSACloseEvent(ov.hEvent);
}

/* A too-small overlapped QUERY that reaches a completion: the target's own way, or with the
 * completion deferred where the target can be told to (model knob ioctl_completion). */
static int pending_failure(wc_ctx *c, wc_call *k, SOCKET s, ULONG n, int mode, int entry) {
    for (int attempt = 0; attempt < 2; attempt++) {
        query_call(k, s, QR, mode, entry);
        k->cbout = n - 1;
        wc_canary_fill(out, k->cbout);
        wc_run(c, k);
        if (k->started) return 1;
        if (attempt || wc_want_knob(c, "ioctl_completion", "deferred") != WT_OK) break;
    }
    wc_unsupported(c, "the target fails a too-small overlapped QUERY at once; no failed completion to inspect");
}

/* A29/C23: WSAGetOverlappedResult on a failed operation: FALSE with the operation's error;
 * *lpcbTransfer kept (documented) or updated (observed). */
static void a29(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    BYTE blob[WC_BUF];
    ULONG n = wc_query_blob(c, f.accepted, 0, blob, sizeof blob);
    if (n < 5) return;
    wc_call k;
    pending_failure(c, &k, f.accepted, n, WC_OV_GOR, WC_WSAIOCTL);
    wc_judge_c1(c, &k, n, 1);
    if (k.done_ok || !k.completed) return;
    /* "update" writes the count the failed operation carried (InternalHigh): the required size
     * under C1 (b) and (c), 0 under C1 (a), whose size is 0 */
    DWORD carried = (DWORD)k.internal_high;
    const char *alt = k.gor_size == WC_SENTINEL ? "keep" : k.gor_size == carried ? "update" : NULL;
    wc_check(c, alt != NULL,
             "failed WSAGetOverlappedResult set *lpcbTransfer = %u: neither kept nor the operation's %u (C23)",
             (unsigned)k.gor_size, (unsigned)carried);
    if (!alt) return;
    const char *pin = wc_oracle_reference_pin(wc_reference(c), "gor_failure_size"); /* docs: SDK-GOR literally */
    if (pin)
        wc_check(c, strcmp(alt, pin) == 0, "--reference %s pins C23 = %s; the target showed %s", wc_reference(c), pin,
                 alt);
    wc_observe(c, "C23.ov_gor", "%s", alt);
}

/* A30: WSPIoctl: an immediate success has queued the routine already; a failure other than
 * WSA_IO_PENDING never signals (wc_run checks both). */
static void a30(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    BYTE issued[WC_BUF];
    ULONG n = 0;
    int have = wc_issued(c, f.accepted, 0, issued, sizeof issued, &n);
    wc_call k;
    query_call(&k, f.accepted, QR, WC_OV_APC, WC_WSPIOCTL);
    wc_run(c, &k);
    if (have) wc_judge_query_ok(c, &k, issued, n, 0);
    query_call(&k, f.accepted, QR, WC_OV_APC, WC_WSPIOCTL);
    k.lpcb = WC_LPCB_NULL;
    wc_run(c, &k);
    wc_judge_fail(c, &k, efault, 1, 1);
}

static int a31_calls;
static DWORD a31_bytes;
static void CALLBACK a31_routine(DWORD e, DWORD n, LPWSAOVERLAPPED ov, DWORD fl) {
    a31_calls++;
    a31_bytes = n;
}

/* A31: the provider copies *lpThreadId: the caller's WSATHREADID is gone before the
 * operation completes, and the routine still runs in the initiating thread. */
static void a31(wc_ctx *c) {
    _Static_assert(sizeof(DWORD_PTR) == sizeof(void *), "C22: the APC context is pointer-sized");
    wt_tcp_flow f;
    if (!wc_redirected(c, 1, &f)) return;
    WSPPROC_TABLE tab;
    if (!wc_wsp(c, &tab)) return;
    /* A receive that pends until the client sends. */
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    BYTE buf[16];
    WSABUF b = {sizeof buf, (CHAR *)buf};
    DWORD got = 0, flags = 0;
    WSATHREADID tid;
    wc_thread_id(&tid);
    int e = WC_ERRNO_SENTINEL;
    int rc = tab.lpWSPRecv(f.accepted, &b, 1, &got, &flags, &ov, a31_routine, &tid, &e);
    wc_check(c, rc == SOCKET_ERROR && e == WSA_IO_PENDING, "WSPRecv with no data: rc=%d errno=%d, expected pending", rc,
             e);
    memset(&tid, 0xEE, sizeof tid); /* the caller's copy is gone */
    wc_check(c, send(f.client, "ping", 4, 0) == 4, "set-up: the client's send failed: %d", WSAGetLastError());
    SleepEx(WC_WAIT_MS, TRUE);
    wc_check(c, a31_calls == 1 && a31_bytes == 4,
             "WSPRecv: the routine ran %d times (%u bytes) after the caller's WSATHREADID was overwritten (A31)",
             a31_calls, (unsigned)a31_bytes);
    /* The same for a QUERY that completes later, where the target can defer it. */
    if (wc_want_knob(c, "ioctl_completion", "deferred") != WT_OK) {
        wc_log(c, "QUERY completes at once on this target; only the receive was checked");
        return;
    }
    wc_call k;
    query_call(&k, f.accepted, QR, WC_OV_APC, WC_WSPIOCTL);
    wc_run(c, &k); /* wc_run overwrites its WSATHREADID after the call and expects one routine */
    wc_check(c, k.started && k.completed, "the deferred WSPIoctl never delivered its completion routine (A31)");
}

/* A31's other half (WPUQueueApc page, Return value and Error codes): the upcall a provider
 * uses to deliver a completion routine queues the APC to the thread its WSATHREADID names, and
 * returns 0; a WSATHREADID that names no thread gives SOCKET_ERROR with WSAEFAULT in
 * *lpErrno, and nothing is queued.  On Windows the upcall reaches only a provider (through
 * WSPStartup's upcall table), not a program. */
#ifndef _WIN32
static int wpu_calls;
static DWORD_PTR wpu_ctx;
static void CALLBACK wpu_apc(DWORD_PTR ctx) {
    wpu_calls++;
    wpu_ctx = ctx;
}
#endif

static void a31_wpu(wc_ctx *c) {
#ifdef _WIN32
    wc_unsupported(c, "WPUQueueApc is a provider's upcall (WSPStartup's upcall table), not callable by a program");
#else
    WSATHREADID tid;
    wc_thread_id(&tid);
    int e = WC_ERRNO_SENTINEL;
    int rc = WPUQueueApc(&tid, wpu_apc, (DWORD_PTR)0x5A5A, &e);
    wc_check(c, rc == 0, "WPUQueueApc to this thread: %d, errno %d; expected 0", rc, e);
    SleepEx(0, TRUE);
    wc_check(c, wpu_calls == 1 && wpu_ctx == 0x5A5A,
             "the APC WPUQueueApc queued ran %d times (context %#lx) in an alertable wait; expected once with 0x5a5a",
             wpu_calls, (unsigned long)wpu_ctx);
    WSATHREADID none;
    memset(&none, 0, sizeof none);
    e = WC_ERRNO_SENTINEL;
    rc = WPUQueueApc(&none, wpu_apc, 1, &e);
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT,
             "WPUQueueApc with a WSATHREADID naming no thread: %d, errno %d; expected SOCKET_ERROR and WSAEFAULT", rc,
             e);
    SleepEx(0, TRUE);
    wc_check(c, wpu_calls == 1, "the refused WPUQueueApc queued an APC all the same");
#endif
}
/* A32: lpOverlapped on a socket without the overlapped attribute is ignored: the call runs
 * synchronously and nothing is queued or written to the OVERLAPPED. */
static void a32(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    BYTE issued[WC_BUF];
    ULONG n = 0;
    int have = wc_issued(c, f.accepted, 0, issued, sizeof issued, &n);
    static const int modes[] = {WC_OV_EVENT, WC_OV_IOCP};
    for (size_t m = 0; m < 2; m++) {
        wc_call k;
        query_call(&k, f.accepted, QR, modes[m], WC_WSAIOCTL);
        k.nonov_socket = 1;
        wc_run(c, &k);
        wc_check(c, k.rc == 0, "QUERY with an ignored lpOverlapped: rc=%d err=%d", k.rc, k.err);
        if (k.rc == 0 && have) {
            wc_expect_int(c, k.size, n);
            wc_check(c, memcmp(out, issued, n) == 0, "bytes differ from the issued records");
        }
    }
}

static const int mode_iocp = WC_OV_IOCP, mode_apc = WC_OV_APC;
static const wc_case cases[] = {
    WC_CASE_P("A15.null-lpcb.overlapped", "A15", "#lpcbbytesreturned", WC_MUST, "WSAEFAULT at once, nothing queued",
              a15_16, &a15_set),
    WC_CASE_P("A16.null-lpcb.sync", "A16", "#lpcbbytesreturned", WC_MUST,
              "WSAEFAULT for QUERY_RECORDS, _CONTEXT and SET", a15_16, &a16_set),
    WC_CASE("A17.unknown-code.sync", "A17,C12", "#dwiocontrolcode", WC_MUST,
            "WSAEOPNOTSUPP (observed) or WSAEINVAL (documented), size 0; SIO_FLUSH may succeed (abort)", a17),
    WC_CASE_P("A18.unknown-code.iocp", "A18,C12", "#lpvoverlapped", WC_MUST,
              "pending then a packet FALSE/50 (or 87), 0 bytes, Internal = the NTSTATUS; or an immediate failure",
              a18_19, &mode_iocp),
    WC_CASE_P("A19.unknown-code.apc", "A19,C12", "#lpcompletionroutine", WC_MUST,
              "one routine call in an alertable wait, WSAEOPNOTSUPP or WSAEINVAL, 0 bytes", a18_19, &mode_apc),
    WC_CASE("A20.routine-needs-alertable", "A20", "#lpcompletionroutine", WC_MUST,
            "the routine runs only in an alertable wait", a20),
    WC_CASE("A21.immediate-success-notifies", "A21", "#lpvoverlapped", WC_MUST,
            "0, size written, a packet with 0 bytes, Internal 0, InternalHigh 0", a21),
    WC_CASE("A22.set-ov-size", "A22", "#lpcbbytesreturned", WC_IMPL, "size kept (Windows) or written (Wine): recorded",
            a22),
    WC_CASE("A23.immediate-failure-untouched", "A23", "#lpvoverlapped", WC_MUST,
            "WSAEINVAL at once; size, Internal, InternalHigh untouched; no packet", a23),
    WC_CASE("A24.too-small.overlapped", "A24,C1", "#lpcbbytesreturned", WC_MUST,
            "C1 alternative; a port shows 122 with STATUS_BUFFER_TOO_SMALL, a routine the WSA view", a24),
    WC_CASE("A25.sibling-required-size", "A25", "#lpcbbytesreturned", WC_SHOULD, "WSAEFAULT with the required size",
            a25),
    WC_CASE("A26.sibling-cbout-1", "A26", "#cboutbuffer", WC_SHOULD, "WSAEINVAL with size 0", a26),
    WC_CASE("A27.close-aborts-pending", "A27", "#return-value", WC_MUST,
            "a packet FALSE/995 with the caller's OVERLAPPED", a27),
    WC_CASE("A27.flush-aborts-pending", "A27,C12", "#return-value", WC_MUST,
            "where SIO_FLUSH succeeds, a pending operation ends FALSE/995; unsupported where it is refused", a27_flush),
    WC_CASE("A28.gor-incomplete", "A28", "#lpvoverlapped", WC_MUST, "FALSE with WSA_IO_INCOMPLETE", a28),
    WC_CASE("A29.gor-failed", "A29,C23", "#lpvoverlapped", WC_MUST,
            "FALSE with the operation's error; *lpcbTransfer kept or updated (recorded)", a29),
    WC_CASE("A30.wsp-immediate-queued", "A30", "#lpcompletionroutine", WC_MUST,
            "success: routine already queued; failure: never signalled", a30),
    WC_CASE("A31.wsp-thread-id-copied", "A31,C22", "#lpthreadid", WC_MUST,
            "the routine runs once after the caller's WSATHREADID is gone", a31),
    WC_CASE("A31.wpu-queue-apc", "A31", "#lpthreadid", WC_MUST,
            "WPUQueueApc queues to the named thread and returns 0; a WSATHREADID naming no thread: SOCKET_ERROR, "
            "WSAEFAULT in *lpErrno, nothing queued",
            a31_wpu),
    WC_CASE("A32.ov-ignored-nonoverlapped", "A32", "#lpvoverlapped", WC_MUST,
            "synchronous success, nothing queued, OVERLAPPED untouched", a32),
};
WC_TABLE(wc_plumbing, cases);
