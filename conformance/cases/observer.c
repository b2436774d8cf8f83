/*
 * observer.c: the model's observer of a vendor's proxy (wt_model_watch, target_model.h) told
 * exactly what each call did: the bytes a QUERY returned and a SET was handed, whether each
 * succeeded and with which error, each connect and close, the records and context a UDP
 * receive delivered and the records a WSASendMsg handed on, with the sockets' addresses.
 *
 * Why: a vendor's redirect service is the vendor's unchanged code and reports nothing, so the
 * chain runner's opacity and tamper checks (A33, A57, A59, A62 for `wfpcert chain` with a
 * vendor's proxy) rest on what this observer says.  An observer that says "the stack's own
 * bytes" of bytes the stack did not issue, misses a failed SET or reports a receive that
 * delivered nothing lets a tampering proxy pass certification.  Model only: on another
 * target the case is UNSUPPORTED.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#include "wfpcert/target_model.h"

#define MAX_SEEN 16
#define SEEN_BYTES 2048

typedef struct seen {
    wt_watch_kind kind;
    SOCKET s;
    int ok, error, issued_same, had_bytes;
    ULONG len;
    BYTE bytes[SEEN_BYTES];
    SOCKADDR_STORAGE local, remote;
    DWORD pid;
} seen;

static seen events[MAX_SEEN];
static int nevents, overflow;

/* Runs inside the model with its lock held: copies, calls nothing. */
static void on_watch(void *ctx, const wt_watch_event *ev) {
    (void)ctx;
    if (nevents == MAX_SEEN) {
        overflow++;
        return;
    }
    seen *e = &events[nevents++];
    memset(e, 0, sizeof *e);
    e->kind = ev->kind;
    e->s = ev->s;
    e->ok = ev->ok;
    e->error = ev->error;
    e->issued_same = ev->issued_same;
    e->had_bytes = ev->bytes != NULL;
    e->len = ev->len;
    if (ev->bytes) memcpy(e->bytes, ev->bytes, ev->len < SEEN_BYTES ? ev->len : SEEN_BYTES);
    e->local = ev->local;
    e->remote = ev->remote;
    e->pid = ev->pid;
}

static const char *const kind_names[] = {"QUERY_RECORDS", "QUERY_CONTEXT", "SET_RECORDS",  "CONNECT",
                                         "CLOSE",         "RECV_RECORDS",  "RECV_CONTEXT", "SEND_RECORDS"};
static const char *kind_name(wt_watch_kind k) {
    return (unsigned)k < sizeof kind_names / sizeof *kind_names ? kind_names[k] : "?";
}

static void model_only(wc_ctx *c) {
    if (!wc_on_model(c)) wc_unsupported(c, "the observer of a vendor's proxy (wt_model_watch) is the model's");
}

static int watch(wc_ctx *c) {
    nevents = overflow = 0;
    return wc_check(c, wt_model_watch(wc_target(c), on_watch, NULL) == WT_OK, "set-up: wt_model_watch: %s", wt_error());
}

static void unwatch(wc_ctx *c) {
    wt_model_watch(wc_target(c), NULL, NULL);
    wc_check(c, !overflow, "the observer was told of more than %d calls", MAX_SEEN);
}

/* The one event `what` caused (events from..nevents), of `kind` on `s`; NULL after a failed
 * check when there is not exactly that one. */
static const seen *one(wc_ctx *c, int from, wt_watch_kind kind, SOCKET s, const char *what) {
    int n = nevents - from;
    const seen *e = n == 1 ? &events[from] : NULL;
    if (!wc_check(c, e && e->kind == kind && e->s == s,
                  "%s: the observer was told of %d call(s), the first %s on socket %#llx; expected one %s on %#llx",
                  what, n, n ? kind_name(events[from].kind) : "none", n ? (unsigned long long)events[from].s : 0ull,
                  kind_name(kind), (unsigned long long)s))
        return NULL;
    return e;
}

static void none(wc_ctx *c, int from, const char *what) {
    wc_check(c, nevents == from, "%s: the observer was told of %d call(s) (the first %s); expected none", what,
             nevents - from, nevents > from ? kind_name(events[from].kind) : "");
}

static int same_sin(const SOCKADDR_STORAGE *x, const SOCKADDR_STORAGE *y) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)x, *b = (const struct sockaddr_in *)y;
    return a->sin_family == AF_INET && b->sin_family == AF_INET && a->sin_port == b->sin_port &&
           a->sin_addr.s_addr == b->sin_addr.s_addr;
}

static unsigned port_of(const SOCKADDR_STORAGE *a) { return ntohs(((const struct sockaddr_in *)a)->sin_port); }

/* e's outcome and bytes: ok, error, and exactly `len` bytes equal to `bytes` (none: NULL, 0). */
static void told(wc_ctx *c, const seen *e, int ok, int error, const void *bytes, ULONG len, const char *what) {
    wc_check(c, e->ok == ok && e->error == error, "%s: told ok %d, error %d; expected ok %d, error %d", what, e->ok,
             e->error, ok, error);
    int same = e->len == len &&
               (bytes ? e->had_bytes && len <= SEEN_BYTES && memcmp(e->bytes, bytes, len) == 0 : !e->had_bytes);
    wc_check(c, same, "%s: told %s%lu byte(s); expected %s%lu", what, e->had_bytes ? "" : "no bytes and a length of ",
             (unsigned long)e->len, bytes ? "the call's " : "none, ", (unsigned long)len);
    wc_check(c, e->pid != 0, "%s: told with no process", what);
    int blob_of_stack = e->kind == WT_WATCH_QUERY_RECORDS || e->kind == WT_WATCH_QUERY_CONTEXT ||
                        e->kind == WT_WATCH_RECV_RECORDS || e->kind == WT_WATCH_RECV_CONTEXT;
    if (!blob_of_stack)
        wc_check(c, e->issued_same == 0, "%s: told issued_same %d, which is only for what a QUERY or receive got", what,
                 e->issued_same);
}

/* e's addresses: the socket's own (getsockname) and `remote`. */
static void where(wc_ctx *c, const seen *e, SOCKET s, const SOCKADDR_STORAGE *remote, const char *what) {
    SOCKADDR_STORAGE local;
    int len = sizeof local;
    memset(&local, 0, sizeof local);
    if (!wc_check(c, getsockname(s, (struct sockaddr *)&local, &len) == 0, "set-up: getsockname: %d",
                  WSAGetLastError()))
        return;
    wc_check(c, same_sin(&e->local, &local) && same_sin(&e->remote, remote),
             "%s: told local port %u, remote port %u; the socket has %u, and %u is expected", what, port_of(&e->local),
             port_of(&e->remote), port_of(&local), port_of(remote));
}

static ULONG query(SOCKET s, DWORD code, BYTE *out, ULONG cap, int *rc) {
    DWORD n = 0;
    *rc = WSAIoctl(s, code, NULL, 0, out, cap, &n, NULL, NULL);
    return n;
}

/* A33 (the QUERY), A57 (a SET of a blob that is not the stack's fails), A59 (the upstream
 * connect): a redirected TCP connection handled as a proxy does, each call told once. */
static void observer_tcp(wc_ctx *c) {
    model_only(c);
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f) || !watch(c)) return;
    static BYTE rec[WC_BUF], ctx[WC_BUF], small[8];
    SOCKADDR_STORAGE peer;
    int plen = sizeof peer, rc = 0;
    memset(&peer, 0, sizeof peer);
    getpeername(f.accepted, (struct sockaddr *)&peer, &plen);

    int from = nevents;
    ULONG n = query(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, rec, sizeof rec, &rc);
    if (!wc_check(c, rc == 0 && n > 0, "QUERY of the records: %d, %lu bytes, error %d", rc, (unsigned long)n,
                  WSAGetLastError()))
        goto out;
    const seen *e = one(c, from, WT_WATCH_QUERY_RECORDS, f.accepted, "the records QUERY");
    if (e) {
        told(c, e, 1, 0, rec, n, "the records QUERY");
        wc_check(c, e->issued_same == 1, "the records QUERY returned the stack's bytes, told issued_same %d",
                 e->issued_same);
        where(c, e, f.accepted, &peer, "the records QUERY");
    }
    from = nevents;
    ULONG nctx = query(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, ctx, sizeof ctx, &rc);
    if (rc == 0 && nctx > 0 && (e = one(c, from, WT_WATCH_QUERY_CONTEXT, f.accepted, "the context QUERY"))) {
        told(c, e, 1, 0, ctx, nctx, "the context QUERY");
        wc_check(c, e->issued_same == 1, "the context QUERY returned the stack's bytes, told issued_same %d",
                 e->issued_same);
    } else if (rc == 0 && nctx == 0) {
        none(c, from, "a QUERY of an empty context");
    }
    /* a QUERY that fails (a buffer below the records' size: A34) hands over nothing */
    from = nevents;
    query(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, small, sizeof small, &rc);
    if (n > sizeof small && wc_check(c, rc != 0, "QUERY into %u bytes of %lu-byte records succeeded",
                                     (unsigned)sizeof small, (unsigned long)n))
        none(c, from, "a failed QUERY");

    SOCKET u = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (!wc_check(c, u != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) goto out;
    /* a forged blob (one byte flipped): SET fails (A57), and the observer hears the bytes and
     * the error */
    DWORD ret = 0;
    rec[n / 2] ^= 0x01;
    from = nevents;
    rc = WSAIoctl(u, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &ret, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc != 0, "SET of records with a flipped byte succeeded") &&
        (e = one(c, from, WT_WATCH_SET_RECORDS, u, "the forged SET")))
        told(c, e, 0, err, rec, n, "the forged SET");
    rec[n / 2] ^= 0x01;
    from = nevents;
    rc = WSAIoctl(u, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &ret, NULL, NULL);
    if (wc_check(c, rc == 0, "SET of the records as queried: error %d", WSAGetLastError()) &&
        (e = one(c, from, WT_WATCH_SET_RECORDS, u, "the SET")))
        told(c, e, 1, 0, rec, n, "the SET");
    /* the upstream connect to the original destination, then its close */
    from = nevents;
    rc = connect(u, (const struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in));
    if (wc_check(c, rc == 0, "the upstream connect: error %d", WSAGetLastError()) &&
        (e = one(c, from, WT_WATCH_CONNECT, u, "the upstream connect"))) {
        told(c, e, 1, 0, NULL, 0, "the upstream connect");
        where(c, e, u, &f.original_dst, "the upstream connect");
    }
    from = nevents;
    closesocket(u);
    if ((e = one(c, from, WT_WATCH_CLOSE, u, "the upstream close"))) told(c, e, 1, 0, NULL, 0, "the upstream close");
    /* a connect refused (nothing listens at the listener's port once it is closed) is told as
     * failed, with its error */
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), v = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in la = {.sin_family = AF_INET};
    la.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int llen = sizeof la;
    if (wc_check(c,
                 l != INVALID_SOCKET && v != INVALID_SOCKET && bind(l, (struct sockaddr *)&la, sizeof la) == 0 &&
                     getsockname(l, (struct sockaddr *)&la, &llen) == 0,
                 "set-up: a port to refuse: %d", WSAGetLastError())) {
        closesocket(l);
        l = INVALID_SOCKET;
        from = nevents;
        rc = connect(v, (const struct sockaddr *)&la, sizeof la);
        err = rc ? WSAGetLastError() : 0;
        if (wc_check(c, rc != 0 && err == WSAECONNREFUSED, "a connect to a closed port: %d, error %d", rc, err) &&
            (e = one(c, from, WT_WATCH_CONNECT, v, "the refused connect")))
            told(c, e, 0, err, NULL, 0, "the refused connect");
    }
    if (l != INVALID_SOCKET) closesocket(l);
    if (v != INVALID_SOCKET) closesocket(v);
    /* a socket closed before it had any address is told with none (family 0) */
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    from = nevents;
    if (fresh != INVALID_SOCKET && !closesocket(fresh) && (e = one(c, from, WT_WATCH_CLOSE, fresh, "a fresh close"))) {
        told(c, e, 1, 0, NULL, 0, "a fresh close");
        wc_check(c, e->local.ss_family == 0 && e->remote.ss_family == 0,
                 "a socket closed before it had an address: told the families %d and %d; expected 0 and 0",
                 (int)e->local.ss_family, (int)e->remote.ss_family);
    }
out:
    unwatch(c);
}

/* The first control message of `type` in m's control data (NULL: none), walked bounded. */
static const WSACMSGHDR *cmsg_of(const WSAMSG *m, int type, ULONG *len) {
    size_t at = 0;
    const BYTE *b = (const BYTE *)m->Control.buf;
    while (m->Control.len - at >= sizeof(WSACMSGHDR)) {
        const WSACMSGHDR *h = (const WSACMSGHDR *)(b + at);
        if (h->cmsg_len < sizeof(WSACMSGHDR) || h->cmsg_len > m->Control.len - at) return NULL;
        if (h->cmsg_level == IPPROTO_IP && h->cmsg_type == type) {
            *len = (ULONG)(h->cmsg_len - WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)));
            return h;
        }
        at += WSA_CMSGHDR_ALIGN(h->cmsg_len);
    }
    return NULL;
}

static _Alignas(8) BYTE ctl[4096];
static BYTE data[512];

static int recv_one(LPFN_WSARECVMSG recvmsg_fn, SOCKET s, WSAMSG *m, WSABUF *b, SOCKADDR_STORAGE *from) {
    memset(m, 0, sizeof *m);
    *b = (WSABUF){sizeof data, (CHAR *)data};
    m->name = (LPSOCKADDR)from;
    m->namelen = sizeof *from;
    m->lpBuffers = b;
    m->dwBufferCount = 1;
    m->Control = (WSABUF){sizeof ctl, (CHAR *)ctl};
    DWORD got = 0;
    return recvmsg_fn(s, m, &got, NULL, NULL);
}

static int ext(wc_ctx *c, SOCKET s, GUID g, void *fn, DWORD size) {
    DWORD n = 0;
    return wc_check(c, WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, size, &n, NULL, NULL) == 0,
                    "set-up: an extension function: %d", WSAGetLastError());
}

/* A60 (the first datagram's records and context, from the client), A61 (none after it),
 * A62 (the records handed on with WSASendMsg): a redirected UDP flow relayed as a proxy
 * does, each delivery and hand-over told once; then a proxy that asked for the context
 * alone is told of the context alone. */
static void observer_udp(wc_ctx *c) {
    wt_udp_flow f;
    LPFN_WSARECVMSG recvmsg_fn;
    LPFN_WSASENDMSG sendmsg_fn;
    model_only(c);
    if (!wc_udp(c, 0, &f) || !ext(c, f.proxy, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn) ||
        !ext(c, f.proxy, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn) || !watch(c))
        return;
    WSAMSG m;
    WSABUF b;
    SOCKADDR_STORAGE src;
    int from = nevents;
    int rc = recv_one(recvmsg_fn, f.proxy, &m, &b, &src);
    ULONG rlen = 0, xlen = 0;
    const WSACMSGHDR *rh = rc ? NULL : cmsg_of(&m, IP_WFP_REDIRECT_RECORDS, &rlen);
    const WSACMSGHDR *xh = rc ? NULL : cmsg_of(&m, IP_WFP_REDIRECT_CONTEXT, &xlen);
    if (!wc_check(c, rh && xh, "the flow-creating datagram: %d (error %d), records %s, context %s", rc,
                  rc ? WSAGetLastError() : 0, rh ? "present" : "absent", xh ? "present" : "absent"))
        goto out;
    static BYTE rec[WC_BUF];
    if (!wc_check(c, rlen <= sizeof rec, "records of %lu bytes", (unsigned long)rlen)) goto out;
    memcpy(rec, WSA_CMSG_DATA(rh), rlen);
    if (wc_check(c, nevents - from == 2,
                 "the flow-creating receive: the observer was told of %d call(s); expected the records and the "
                 "context",
                 nevents - from)) {
        const seen *r = &events[from], *x = &events[from + 1];
        wc_check(c,
                 r->kind == WT_WATCH_RECV_RECORDS && x->kind == WT_WATCH_RECV_CONTEXT && r->s == f.proxy &&
                     x->s == f.proxy,
                 "the flow-creating receive was told as %s and %s", kind_name(r->kind), kind_name(x->kind));
        told(c, r, 1, 0, rec, rlen, "the records received");
        told(c, x, 1, 0, WSA_CMSG_DATA(xh), xlen, "the context received");
        wc_check(c, r->issued_same == 1 && x->issued_same == 1,
                 "the receive delivered the stack's own records and context, told issued_same %d and %d",
                 r->issued_same, x->issued_same);
        where(c, r, f.proxy, &src, "the records received");
        where(c, x, f.proxy, &src, "the context received");
    }
    /* the flow's next datagram carries neither (A61): nothing to tell */
    from = nevents;
    rc = wt_udp_send_more(wc_target(c), &f, "more", 4) == WT_OK ? recv_one(recvmsg_fn, f.proxy, &m, &b, &src) : -1;
    if (wc_check(c, rc == 0, "the flow's second datagram: %d", WSAGetLastError()))
        none(c, from, "the flow's second datagram");
    /* the proxy hands the records on to the original destination from a socket of its own
     * (A62), then sends control data that is no control message (cmsg_len 0, A12) */
    SOCKET up = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (!wc_check(c, up != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) goto out;
    static _Alignas(8) BYTE fwd[WC_BUF + 64];
    memcpy(fwd, rh, rh->cmsg_len);
    WSABUF fb = {5, (CHAR *)"hello"};
    WSAMSG sm;
    memset(&sm, 0, sizeof sm);
    sm.name = (LPSOCKADDR)&f.original_dst;
    sm.namelen = sizeof(struct sockaddr_in);
    sm.lpBuffers = &fb;
    sm.dwBufferCount = 1;
    sm.Control = (WSABUF){(ULONG)WSA_CMSGHDR_ALIGN(rh->cmsg_len), (CHAR *)fwd};
    DWORD sent = 0;
    from = nevents;
    rc = sendmsg_fn(up, &sm, 0, &sent, NULL, NULL);
    const seen *e;
    if (wc_check(c, rc == 0, "WSASendMsg with the records: error %d", WSAGetLastError()) &&
        (e = one(c, from, WT_WATCH_SEND_RECORDS, up, "the records handed on"))) {
        told(c, e, 1, 0, rec, rlen, "the records handed on");
        where(c, e, up, &f.original_dst, "the records handed on");
    }
    SOCKET bad = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (bad != INVALID_SOCKET) {
        WSACMSGHDR zero = {0, IPPROTO_IP, IP_WFP_REDIRECT_RECORDS};
        memcpy(fwd, &zero, sizeof zero);
        sm.Control = (WSABUF){(ULONG)sizeof zero, (CHAR *)fwd};
        from = nevents;
        rc = sendmsg_fn(bad, &sm, 0, &sent, NULL, NULL);
        int err = rc ? WSAGetLastError() : 0;
        if (wc_check(c, rc != 0, "WSASendMsg with a control message of cmsg_len 0 succeeded") &&
            (e = one(c, from, WT_WATCH_SEND_RECORDS, bad, "the malformed hand-over")))
            told(c, e, 0, err, NULL, 0, "the malformed hand-over");
        closesocket(bad);
    }
    closesocket(up);
    /* a second flow to a proxy socket that asked for the context alone: the observer hears of
     * the context only, as the proxy got only that */
    if (!wc_udp(c, 0, &f)) goto out;
    DWORD off = 0;
    if (!wc_check(c, setsockopt(f.proxy, IPPROTO_IP, IP_WFP_REDIRECT_RECORDS, (const char *)&off, sizeof off) == 0,
                  "set-up: IP_WFP_REDIRECT_RECORDS off: %d", WSAGetLastError()))
        goto out;
    from = nevents;
    rc = recv_one(recvmsg_fn, f.proxy, &m, &b, &src);
    xh = rc ? NULL : cmsg_of(&m, IP_WFP_REDIRECT_CONTEXT, &xlen);
    if (wc_check(c, xh && !cmsg_of(&m, IP_WFP_REDIRECT_RECORDS, &rlen),
                 "a receive with only IP_WFP_REDIRECT_CONTEXT set: %d, context %s", rc, xh ? "present" : "absent") &&
        (e = one(c, from, WT_WATCH_RECV_CONTEXT, f.proxy, "a context-only receive")))
        told(c, e, 1, 0, WSA_CMSG_DATA(xh), xlen, "a context-only receive");
out:
    unwatch(c);
}

static const wc_case cases[] = {
    WC_CASE("A33.observer.tcp", "A33,A57", "#remarks", WC_MUST,
            "model only: each QUERY, SET (forged and true), connect (made and refused) and close told to the "
            "observer once, with its bytes, outcome, error and addresses; a failed QUERY told not at all",
            observer_tcp),
    WC_CASE("A33.observer.udp", "A60,A62", "#remarks", WC_MUST,
            "model only: the first datagram's records and context told once each, with the datagram's sender; the "
            "next datagram not at all; a WSASendMsg's records and a malformed one's failure; a context-only receive "
            "told of the context alone",
            observer_udp),
};
WC_TABLE(wc_observer_cases, cases);
