/*
 * udp.c: cases A60..A68, the UDP half of the redirect contract (SEMANTICS 2, 9): the records
 * and context arrive as IP_WFP_REDIRECT_RECORDS/_CONTEXT control messages on the
 * flow-creating datagram only, a proxy forwards the records with WSASendMsg, and WSARecvMsg
 * truncates control data the way Windows showed for IP_PKTINFO (Wine's tests).
 *
 * Every control-message walk here is bounded (A12: the SDK's NXTHDR makes no progress on a
 * cmsg_len of 0), and every control buffer has untouched bytes after Control.len that must
 * stay so.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#define CTX_SIZE 100u /* a context whose length is not a multiple of 8: LEN and SPACE differ */
#define CTL_CAP 2048u

static _Alignas(8) BYTE ctl[CTL_CAP + WC_CANARY];
static BYTE data[512];

typedef struct ext {
    LPFN_WSARECVMSG recvmsg;
    LPFN_WSASENDMSG sendmsg;
} ext;

static int get_ext(wc_ctx *c, SOCKET s, ext *x) {
    GUID r = WSAID_WSARECVMSG, w = WSAID_WSASENDMSG;
    DWORD n = 0;
    int rc1 =
        WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &r, sizeof r, &x->recvmsg, sizeof x->recvmsg, &n, NULL, NULL);
    int rc2 =
        WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &w, sizeof w, &x->sendmsg, sizeof x->sendmsg, &n, NULL, NULL);
    return wc_check(c, rc1 == 0 && rc2 == 0 && x->recvmsg && x->sendmsg,
                    "set-up: WSARecvMsg/WSASendMsg extension pointers: %d", WSAGetLastError());
}

/* The context size of the flow: CTX_SIZE, or the callout's own where the target cannot choose
 * it (a vendor's driver attaches what it attaches); 0 when not known (native). */
static ULONG ctx_size;

/* A UDP flow whose callout attaches a CTX_SIZE-byte context (or, where the target cannot be
 * told the size, its own context), and the extension functions. */
static int flow(wc_ctx *c, int overlapped, wt_udp_flow *f, ext *x) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50300);
    p.context_size = CTX_SIZE;
    ctx_size = CTX_SIZE;
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) {
        wc_log(c, "a %u-byte context cannot be chosen (%s); the callout's own is used", CTX_SIZE, wt_error());
        p.context_size = 0;
        ctx_size = 0;
        rc = wt_add_callout(wc_target(c), &p);
    }
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's callout cannot be configured: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_add_callout: %s", wt_error())) return 0;
    if (!wc_udp(c, overlapped, f) || !get_ext(c, f->proxy, x)) return 0;
    static BYTE issued[WC_BUF];
    if (!ctx_size && wt_issued_context(wc_target(c), f->proxy, issued, sizeof issued, &ctx_size) != WT_OK) ctx_size = 0;
    u_long nb = 1;
    return wc_check(c, ioctlsocket(f->proxy, FIONBIO, &nb) == 0, "set-up: FIONBIO: %d", WSAGetLastError());
}

/* A synchronous WSARecvMsg that gives up after WC_WAIT_MS instead of blocking forever when
 * nothing arrives (the proxy socket is non-blocking, see flow()). */
static int recv_wait(const ext *x, SOCKET s, WSAMSG *m, DWORD *got) {
    ULONG len = m->Control.len;
    for (unsigned waited = 0;; waited += 10) {
        m->Control.len = len;
        int rc = x->recvmsg(s, m, got, NULL, NULL);
        if (rc == 0 || WSAGetLastError() != WSAEWOULDBLOCK || waited >= WC_WAIT_MS) return rc;
        SleepEx(10, FALSE);
    }
}

static void msg_init(WSAMSG *m, WSABUF *b, SOCKADDR_STORAGE *from, ULONG ctl_len) {
    memset(m, 0, sizeof *m);
    b->buf = (CHAR *)data;
    b->len = sizeof data;
    m->name = (LPSOCKADDR)from;
    m->namelen = sizeof *from;
    m->lpBuffers = b;
    m->dwBufferCount = 1;
    m->Control.buf = (CHAR *)ctl;
    m->Control.len = ctl_len;
    memset(ctl, 0, CTL_CAP);
    memset(ctl + ctl_len, 0xA5, CTL_CAP + WC_CANARY - ctl_len);
}

static int tail_intact(ULONG from) {
    for (ULONG i = from; i < CTL_CAP + WC_CANARY; i++)
        if (ctl[i] != 0xA5) return 0;
    return 1;
}

typedef struct found {
    const WSACMSGHDR *rec, *ctx;
    int count, bad;
} found;

/* The redirect control messages in the first `len` bytes, walked defensively. */
static found walk(wc_ctx *c, ULONG len) {
    found r = {0};
    size_t at = 0;
    while (len - at >= sizeof(WSACMSGHDR) && r.count < 16) {
        const WSACMSGHDR *h = (const WSACMSGHDR *)(ctl + at);
        if (h->cmsg_len < sizeof(WSACMSGHDR) || h->cmsg_len > len - at) {
            wc_log(c, "control message at %u: cmsg_len %u does not fit in %u bytes", (unsigned)at,
                   (unsigned)h->cmsg_len, (unsigned)len);
            r.bad = 1;
            break;
        }
        r.count++;
        if ((h->cmsg_level == IPPROTO_IP || h->cmsg_level == IPPROTO_IPV6) && h->cmsg_type == IP_WFP_REDIRECT_RECORDS)
            r.rec = h;
        if ((h->cmsg_level == IPPROTO_IP || h->cmsg_level == IPPROTO_IPV6) && h->cmsg_type == IP_WFP_REDIRECT_CONTEXT)
            r.ctx = h;
        at += WSA_CMSGHDR_ALIGN(h->cmsg_len);
    }
    return r;
}

static size_t data_len(const WSACMSGHDR *h) { return h->cmsg_len - WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)); }

/* A flow (flow()) and its flow-creating datagram, received with a 2 KB control buffer. */
typedef struct rx {
    wt_udp_flow f;
    ext x;
    WSAMSG m;
    DWORD got; /* the datagram's length */
    found r; /* what its control data holds */
} rx;

static int first(wc_ctx *c, int overlapped, rx *u) {
    if (!flow(c, overlapped, &u->f, &u->x)) return 0;
    WSABUF b;
    SOCKADDR_STORAGE from;
    msg_init(&u->m, &b, &from, CTL_CAP);
    int rc = recv_wait(&u->x, u->f.proxy, &u->m, &u->got);
    if (!wc_check(c, rc == 0, "WSARecvMsg of the flow-creating datagram failed: %d", WSAGetLastError())) return 0;
    u->r = walk(c, u->m.Control.len);
    return 1;
}

/* A60: both control messages, IPPROTO_IP, types 60 and 70, cmsg_len = WSA_CMSG_LEN(len). */
static void a60(wc_ctx *c) {
    rx u;
    if (!first(c, 0, &u)) return;
    wc_check(c, !u.r.bad, "a malformed control message");
    wc_check(c, u.r.rec != NULL, "no IP_WFP_REDIRECT_RECORDS (60) control message on the flow-creating datagram");
    wc_check(c, u.r.ctx != NULL, "no IP_WFP_REDIRECT_CONTEXT (70) control message on the flow-creating datagram");
    if (u.r.rec) wc_expect_int(c, u.r.rec->cmsg_level, IPPROTO_IP);
    if (u.r.ctx) {
        wc_expect_int(c, u.r.ctx->cmsg_level, IPPROTO_IP);
        if (ctx_size)
            wc_expect_int(c, u.r.ctx->cmsg_len, WSA_CMSG_LEN(ctx_size));
        else
            wc_log(c, "context control message: %u data bytes (the target cannot tell the issued context)",
                   (unsigned)data_len(u.r.ctx));
    }
    if (u.r.rec) {
        static BYTE issued[WC_BUF];
        ULONG n = 0;
        if (wt_issued_records(wc_target(c), u.f.proxy, issued, sizeof issued, &n) == WT_OK) {
            wc_expect_int(c, u.r.rec->cmsg_len, WSA_CMSG_LEN(n));
            wc_check(c, memcmp(WSA_CMSG_DATA(u.r.rec), issued, n) == 0, "the records differ from the issued blob");
        } else {
            wc_log(c, "records control message: %u data bytes (the target cannot tell the issued blob)",
                   (unsigned)data_len(u.r.rec));
        }
    }
    int clean = tail_intact(CTL_CAP);
    for (ULONG i = u.m.Control.len; i < CTL_CAP; i++) clean &= ctl[i] == 0;
    wc_check(c, clean, "bytes past the %u bytes of control data produced were written", (unsigned)u.m.Control.len);
}

/* A61: only the flow-creating datagram carries them. */
static void a61(wc_ctx *c) {
    rx u;
    if (!first(c, 0, &u)) return;
    for (int i = 0; i < 2; i++) {
        if (!wc_check(c, wt_udp_send_more(wc_target(c), &u.f, "more", 4) == WT_OK, "set-up: %s", wt_error())) return;
        WSABUF b;
        SOCKADDR_STORAGE from;
        msg_init(&u.m, &b, &from, CTL_CAP);
        int rc = recv_wait(&u.x, u.f.proxy, &u.m, &u.got);
        if (!wc_check(c, rc == 0, "WSARecvMsg of datagram %d failed: %d", i + 2, WSAGetLastError())) return;
        u.r = walk(c, u.m.Control.len);
        wc_check(c, !u.r.rec && !u.r.ctx, "datagram %d of the flow carries a redirect control message (A61)", i + 2);
    }
}

/* A62/C6: the proxy forwards the records with WSASendMsg (IPPROTO_IP, IP_WFP_REDIRECT_RECORDS)
 * on its first datagram to the original destination; that datagram is not redirected back.
 * A proxy may send other control data with them: after an IP_PKTINFO message (SDK
 * WSASendMsg: in_pktinfo, the one control payload the page documents; address 0, interface
 * 0: the stack's own choice) the records are found all the same. */
typedef struct fwd_mode {
    int overlapped, pktinfo_first;
} fwd_mode;

/* The proxy's forward of the datagram u received, to its original destination, with ctl as
 * its control data. */
static void forward_msg(WSAMSG *m, WSABUF *b, rx *u, BYTE *ctl, size_t ctl_len) {
    *b = (WSABUF){u->got, (CHAR *)data};
    memset(m, 0, sizeof *m);
    m->name = (LPSOCKADDR)&u->f.original_dst;
    m->namelen = sizeof(struct sockaddr_in);
    m->lpBuffers = b;
    m->dwBufferCount = 1;
    m->Control.buf = (CHAR *)ctl;
    m->Control.len = (ULONG)ctl_len;
}

static void a62(wc_ctx *c) {
    const fwd_mode *mode = wc_current(c)->param;
    const int *overlapped = &mode->overlapped;
    rx u;
    if (!first(c, 0, &u)) return;
    if (!wc_check(c, u.r.rec != NULL, "no records control message to forward")) return;
    static _Alignas(8) BYTE fwd[WC_BUF + 64];
    size_t at = 0;
    if (mode->pktinfo_first) {
        WSACMSGHDR h = {WSA_CMSG_LEN(sizeof(IN_PKTINFO)), IPPROTO_IP, IP_PKTINFO};
        IN_PKTINFO pi;
        memset(&pi, 0, sizeof pi);
        memcpy(fwd, &h, sizeof h);
        memcpy(fwd + WSA_CMSGDATA_ALIGN(sizeof h), &pi, sizeof pi);
        at = WSA_CMSG_SPACE(sizeof(IN_PKTINFO));
    }
    size_t len = at + WSA_CMSGHDR_ALIGN(u.r.rec->cmsg_len);
    if (!wc_check(c, len <= sizeof fwd, "records control message of %u bytes", (unsigned)len)) return;
    memcpy(fwd + at, u.r.rec, u.r.rec->cmsg_len);
    if (!*overlapped && !mode->pktinfo_first) {
        /* The records twice on one datagram, from a socket of its own: no page says what a stack
         * does with two; the model's own answer (it refuses them) */
        static _Alignas(8) BYTE twice[2 * (WC_BUF + 64)];
        size_t one = WSA_CMSGHDR_ALIGN(u.r.rec->cmsg_len);
        memcpy(twice, u.r.rec, u.r.rec->cmsg_len);
        memcpy(twice + one, u.r.rec, u.r.rec->cmsg_len);
        SOCKET dup = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, 0);
        WSABUF db;
        WSAMSG d;
        forward_msg(&d, &db, &u, twice, one + u.r.rec->cmsg_len);
        DWORD n2 = 0;
        int r2 = dup == INVALID_SOCKET ? SOCKET_ERROR : u.x.sendmsg(dup, &d, 0, &n2, NULL, NULL);
        wc_model_answer(c, "WSASendMsg.records-twice", "%d %d", r2, r2 ? WSAGetLastError() : 0);
        if (dup != INVALID_SOCKET) closesocket(dup);
    }
    SOCKET out = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, *overlapped ? WSA_FLAG_OVERLAPPED : 0);
    WSABUF b;
    WSAMSG s;
    forward_msg(&s, &b, &u, fwd, len);
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = *overlapped ? WSACreateEvent() : NULL;
    int rc = u.x.sendmsg(out, &s, 0, &sent, *overlapped ? &ov : NULL, NULL);
    if (*overlapped) {
        /* Overlapped: done at once or pending; either way the completion must say success with
         * every byte (SDK WSASendMsg, lpOverlapped; WSAGetOverlappedResult). */
        int err = rc ? WSAGetLastError() : 0;
        DWORD cb = 0, fl = 0;
        BOOL ok = (rc == 0 || err == WSA_IO_PENDING) && WSAGetOverlappedResult(out, &ov, &cb, TRUE, &fl);
        wc_check(c, ok && cb == u.got && ov.Internal == 0,
                 "overlapped WSASendMsg with the received records: rc=%d err=%d, completion %s with %u bytes, Internal "
                 "0x%lx (A62)",
                 rc, err, ok ? "TRUE" : "FALSE", (unsigned)cb, (unsigned long)ov.Internal);
        rc = ok ? 0 : SOCKET_ERROR;
        WSACloseEvent(ov.hEvent);
    } else {
        wc_check(c, rc == 0 && sent == u.got, "WSASendMsg with the received records: rc=%d err=%d sent=%u (A62)", rc,
                 rc ? WSAGetLastError() : 0, (unsigned)sent);
    }
    wc_observe(c, "C6.send", "%s", rc == 0 ? "ip_wfp_redirect_records" : "rejected");
    WSABUF b2;
    SOCKADDR_STORAGE from;
    msg_init(&u.m, &b2, &from, CTL_CAP);
    rc = recv_wait(&u.x, u.f.proxy, &u.m, &u.got);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
             "the proxy's forwarded datagram came back to the proxy (rc=%d): redirected again (A62, A76)", rc);
}

/* A63 (synchronous) and A64 (overlapped): a control buffer too small for the redirect
 * control messages: WSAEMSGSIZE with MSG_CTRUNC and the datagram's length, nothing written
 * past Control.len; overlapped, a completion 0x80000005 with the length and WSAGetOverlapped-
 * Result FALSE/WSAEMSGSIZE, its size the length (observed) or kept (documented, C23). */
static void a63_64(wc_ctx *c) {
    const int *overlapped = wc_current(c)->param;
    wt_udp_flow f;
    ext x;
    if (!flow(c, *overlapped, &f, &x)) return;
    WSAMSG m;
    WSABUF b;
    SOCKADDR_STORAGE from;
    ULONG small = (ULONG)sizeof(WSACMSGHDR) + 8;
    msg_init(&m, &b, &from, small);
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    if (*overlapped) ov.hEvent = WSACreateEvent();
    DWORD got = WC_SENTINEL;
    int rc = *overlapped ? x.recvmsg(f.proxy, &m, &got, &ov, NULL) : recv_wait(&x, f.proxy, &m, &got);
    int err = rc ? WSAGetLastError() : 0;
    if (err == WSA_IO_PENDING) {
        wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, WC_WAIT_MS, FALSE) == WSA_WAIT_EVENT_0,
                 "the event was not signalled");
        wc_expect_int(c, (DWORD)ov.Internal, 0x80000005u);
        DWORD cb = WC_SENTINEL, flags = 0;
        got = (DWORD)ov.InternalHigh;
        BOOL ok = WSAGetOverlappedResult(f.proxy, &ov, &cb, TRUE, &flags);
        err = ok ? 0 : WSAGetLastError();
        const char *alt = cb == got ? "update" : cb == WC_SENTINEL ? "keep" : NULL;
        wc_check(c, alt != NULL, "WSAGetOverlappedResult set *lpcbTransfer = %u: neither %u nor kept (C23)",
                 (unsigned)cb, (unsigned)got);
        if (alt) wc_observe(c, "C23.ov_recvmsg", "%s", alt);
        /* This is the one failure whose size Windows was seen to set (SEMANTICS C23: Wine's
         * test_ip_pktinfo run on Windows), so --reference windows holds a target to it. */
        if (alt && strcmp(wc_reference(c), "windows") == 0)
            wc_check(c, strcmp(alt, "update") == 0,
                     "--reference windows: WSAGetOverlappedResult after a datagram too long for its buffers kept "
                     "*lpcbTransfer; Windows sets it to the datagram's length (C23, observed)");
        rc = ok ? 0 : SOCKET_ERROR;
    }
    wc_check(c, rc == SOCKET_ERROR && err == WSAEMSGSIZE,
             "control buffer of %u bytes: rc=%d err=%d, expected WSAEMSGSIZE", (unsigned)small, rc, err);
    wc_check(c, (m.dwFlags & MSG_CTRUNC) != 0, "dwFlags 0x%x lacks MSG_CTRUNC", (unsigned)m.dwFlags);
    wc_check(c, got != WC_SENTINEL && got > 0 && got <= sizeof data, "bytes = %u, expected the datagram's length",
             (unsigned)got);
    wc_check(c, tail_intact(small), "control data written past Control.len = %u (memory safety)", (unsigned)small);
    if (*overlapped) WSACloseEvent(ov.hEvent);
}

/* SDK-WSAMSG: Control.len is the size of the caller's control buffer; whatever a stack
 * reports for a short one (A63), it must never write past it.  Here the buffer ends at a
 * guard page, so a write past it ends the case as CRASH, which no profile accepts. */
static void a63_guard(wc_ctx *c) {
    wt_udp_flow f;
    ext x;
    if (!flow(c, 0, &f, &x)) return;
    WSAMSG m;
    WSABUF b;
    SOCKADDR_STORAGE from;
    ULONG small = (ULONG)sizeof(WSACMSGHDR) + 8;
    msg_init(&m, &b, &from, small);
    char *guarded = wt_guarded_buffer(wc_target(c), small);
    if (!guarded) wc_unsupported(c, "the target cannot place a buffer before a guard page");
    m.Control.buf = guarded;
    DWORD got = WC_SENTINEL;
    int rc = recv_wait(&x, f.proxy, &m, &got);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == 0 || err == WSAEMSGSIZE, "receive into a short control buffer: rc=%d err=%d", rc, err);
    wc_check(c, m.Control.len <= small, "Control.len = %u after the call, beyond the buffer's %u bytes",
             (unsigned)m.Control.len, (unsigned)small);
}

/* A65: Control.len becomes the control bytes produced; it stays while a receive pends. */
static void a65(wc_ctx *c) {
    rx u;
    if (!first(c, 1, &u)) return;
    wc_check(c, u.m.Control.len < CTL_CAP && u.m.Control.len > 0, "Control.len = %u after a receive with control data",
             (unsigned)u.m.Control.len);
    if (u.r.rec && u.r.ctx) {
        size_t end = 0;
        const WSACMSGHDR *hs[2] = {u.r.rec, u.r.ctx};
        for (int i = 0; i < 2; i++) {
            size_t e = (size_t)((const BYTE *)hs[i] - ctl) + hs[i]->cmsg_len;
            if (e > end) end = e;
        }
        wc_check(c, u.m.Control.len >= end && u.m.Control.len <= WSA_CMSGHDR_ALIGN(end) + 8,
                 "Control.len = %u, the control messages end at %u", (unsigned)u.m.Control.len, (unsigned)end);
    }
    /* A pending receive leaves Control.len alone until it completes. */
    WSABUF b;
    SOCKADDR_STORAGE from;
    msg_init(&u.m, &b, &from, CTL_CAP);
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    int rc = u.x.recvmsg(u.f.proxy, &u.m, NULL, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING, "a receive with nothing queued: rc=%d err=%d", rc,
                 err))
        wc_check(c, u.m.Control.len == CTL_CAP, "Control.len changed to %u while the receive pends",
                 (unsigned)u.m.Control.len);
    if (!wc_check(c, wt_udp_send_more(wc_target(c), &u.f, "more", 4) == WT_OK, "set-up: %s", wt_error())) return;
    DWORD cb = 0, flags = 0;
    BOOL ok = WSAGetOverlappedResult(u.f.proxy, &ov, &cb, TRUE, &flags);
    wc_check(c, ok && cb == 4, "the pending receive: ok=%d bytes=%u", ok, (unsigned)cb);
    wc_check(c, u.m.Control.len == 0, "Control.len = %u for a datagram without control data",
             (unsigned)u.m.Control.len);
    WSACloseEvent(ov.hEvent);
}

/* A66: WSARecvMsg's pointer rules. */
static void a66(wc_ctx *c) {
    rx u;
    if (!first(c, 0, &u)) return;
    int rc = u.x.recvmsg(u.f.proxy, NULL, &u.got, NULL, NULL);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "WSARecvMsg(NULL msg): rc=%d err=%d", rc,
             WSAGetLastError());
    if (!wc_check(c, wt_udp_send_more(wc_target(c), &u.f, "more", 4) == WT_OK, "set-up: %s", wt_error())) return;
    WSABUF b;
    SOCKADDR_STORAGE from;
    msg_init(&u.m, &b, &from, 0);
    u.m.Control.buf = NULL;
    u.m.Control.len = 16;
    rc = recv_wait(&u.x, u.f.proxy, &u.m, &u.got);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "Control.buf NULL with len 16: rc=%d err=%d", rc,
             WSAGetLastError());
    msg_init(&u.m, &b, &from, 0);
    u.m.Control.buf = NULL;
    rc = recv_wait(&u.x, u.f.proxy, &u.m, &u.got);
    wc_check(c, rc == 0 && u.got == 4,
             "Control.buf NULL, len 0, a datagram without control data: rc=%d err=%d bytes=%u", rc,
             rc ? WSAGetLastError() : 0, (unsigned)u.got);
    /* A data buffer the call cannot write: WSAEFAULT, and a call that failed leaves every
     * out-value as it was (the sender's address, the lengths, the flags, the byte count). */
    if (!wc_check(c, wt_udp_send_more(wc_target(c), &u.f, "more", 4) == WT_OK, "set-up: %s", wt_error())) return;
    msg_init(&u.m, &b, &from, 64);
    b.buf = wt_readonly_page(wc_target(c));
    b.len = 16;
    memset(&from, 0xA5, sizeof from);
    u.m.dwFlags = 0xA5A5A5A5;
    DWORD got = 0xA5A5A5A5;
    rc = recv_wait(&u.x, u.f.proxy, &u.m, &got);
    int err = rc ? WSAGetLastError() : 0;
    BYTE canary[sizeof from];
    memset(canary, 0xA5, sizeof canary);
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "a read-only data buffer: rc=%d err=%d, expected WSAEFAULT", rc,
             err);
    wc_check(c,
             memcmp(&from, canary, sizeof from) == 0 && u.m.namelen == (INT)sizeof from && u.m.Control.len == 64 &&
                 u.m.dwFlags == 0xA5A5A5A5 && got == 0xA5A5A5A5 && tail_intact(64),
             "the failed WSARecvMsg changed its out-values: name %s, namelen %d, Control.len %lu, dwFlags 0x%lx, "
             "bytes 0x%lx",
             memcmp(&from, canary, sizeof from) ? "written" : "kept", u.m.namelen, (unsigned long)u.m.Control.len,
             (unsigned long)u.m.dwFlags, (unsigned long)got);
}

/* A67: WSASendMsg with Control.buf NULL and a length. */
/* A WSAMSG of four bytes for the client of f to send to its original destination, with no
 * control data yet. */
static void send_msg_init(WSAMSG *s, WSABUF *b, wt_udp_flow *f) {
    *b = (WSABUF){4, (CHAR *)"data"};
    memset(s, 0, sizeof *s);
    s->name = (LPSOCKADDR)&f->original_dst;
    s->namelen = sizeof(struct sockaddr_in);
    s->lpBuffers = b;
    s->dwBufferCount = 1;
}

static void a67(wc_ctx *c) {
    wt_udp_flow f;
    ext x;
    if (!flow(c, 0, &f, &x)) return;
    WSABUF b;
    WSAMSG s;
    send_msg_init(&s, &b, &f);
    s.Control.len = 16;
    DWORD sent = 0;
    int rc = x.sendmsg(f.client, &s, 0, &sent, NULL, NULL);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT,
             "WSASendMsg, Control.buf NULL, len 16: rc=%d err=%d", rc, WSAGetLastError());
}

/* A66, A67 with a control buffer the call cannot reach: the WSARecvMsg and WSASendMsg pages
 * give WSAEFAULT for a message the process cannot read or write, the control buffer
 * included; a receive that failed leaves every out-value as it was.  Windows may fault
 * instead, hence the case id (wine-run tolerates a crash there). */
static void a66_control_unmapped(wc_ctx *c) {
    rx u;
    if (!first(c, 0, &u)) return;
    if (!wc_check(c, wt_udp_send_more(wc_target(c), &u.f, "more", 4) == WT_OK, "set-up: %s", wt_error())) return;
    void *nowhere = wt_unmapped_address(wc_target(c));
    if (!nowhere) wc_unsupported(c, "the target gives no unmapped address");
    WSABUF b;
    SOCKADDR_STORAGE from;
    msg_init(&u.m, &b, &from, 0);
    u.m.Control.buf = nowhere;
    u.m.Control.len = 64;
    u.m.dwFlags = 0xA5A5A5A5;
    DWORD got = 0xA5A5A5A5;
    int rc = recv_wait(&u.x, u.f.proxy, &u.m, &got);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "WSARecvMsg into an unmapped control buffer: rc=%d err=%d", rc,
             err);
    wc_check(c, u.m.Control.len == 64 && u.m.dwFlags == 0xA5A5A5A5 && got == 0xA5A5A5A5,
             "the failed WSARecvMsg changed its out-values: Control.len %lu, dwFlags 0x%lx, bytes 0x%lx",
             (unsigned long)u.m.Control.len, (unsigned long)u.m.dwFlags, (unsigned long)got);
    WSAMSG s;
    send_msg_init(&s, &b, &u.f);
    s.Control.buf = nowhere;
    s.Control.len = 16;
    DWORD sent = 0xA5A5A5A5;
    rc = u.x.sendmsg(u.f.client, &s, 0, &sent, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "WSASendMsg from an unmapped control buffer: rc=%d err=%d", rc,
             err);
}

/* The message calls (from a UDP flow's socket), a redirected TCP connection to use them on,
 * and a WSAMSG ready for a receive (A68). */
typedef struct on_stream {
    ext x;
    wt_tcp_flow t;
    WSAMSG m;
    WSABUF b;
    SOCKADDR_STORAGE from;
} on_stream;

static int stream_for_msg(wc_ctx *c, on_stream *o) {
    wt_udp_flow f;
    if (!flow(c, 0, &f, &o->x) || !wc_redirected(c, 1, &o->t)) return 0;
    msg_init(&o->m, &o->b, &o->from, CTL_CAP);
    return 1;
}

/* A68: the message calls refuse a stream socket (code recorded). */
static void a68(wc_ctx *c) {
    on_stream o;
    if (!stream_for_msg(c, &o)) return;
    DWORD got = 0;
    int rc = o.x.recvmsg(o.t.accepted, &o.m, &got, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR, "WSARecvMsg on a TCP socket succeeded");
    wc_observe(c, "A68.recvmsg", "%d", err);
    WSABUF d = {4, (CHAR *)"data"};
    WSAMSG s;
    memset(&s, 0, sizeof s);
    s.lpBuffers = &d;
    s.dwBufferCount = 1;
    rc = o.x.sendmsg(o.t.accepted, &s, 0, &got, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR, "WSASendMsg on a TCP socket succeeded");
    wc_observe(c, "A68.sendmsg", "%d", err);
}

/* A68 with MSG_PEEK: the one code the page names for a stream socket, "WSAEOPNOTSUPP: MSG_PEEK
 * on a non-datagram socket" (SDK-RECVMSG).  Mutation testing (seed 13) found a stack that
 * answers WSAENOTSOCK for a TCP socket passing A68.msg-on-stream, which records any code. */
static void a68_peek(wc_ctx *c) {
    on_stream o;
    if (!stream_for_msg(c, &o)) return;
    o.m.dwFlags = MSG_PEEK;
    DWORD got = 0;
    int rc = o.x.recvmsg(o.t.accepted, &o.m, &got, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEOPNOTSUPP,
             "WSARecvMsg with MSG_PEEK on a TCP socket: rc=%d err=%d, expected WSAEOPNOTSUPP", rc, err);
}

/* The four redirect options, at both levels. */
typedef struct {
    int level, name;
    const char *what;
} wfp_opt;
static const wfp_opt wfp_opts[] = {
    {IPPROTO_IP, IP_WFP_REDIRECT_CONTEXT, "IPPROTO_IP, IP_WFP_REDIRECT_CONTEXT"},
    {IPPROTO_IP, IP_WFP_REDIRECT_RECORDS, "IPPROTO_IP, IP_WFP_REDIRECT_RECORDS"},
    {IPPROTO_IPV6, IPV6_WFP_REDIRECT_CONTEXT, "IPPROTO_IPV6, IPV6_WFP_REDIRECT_CONTEXT"},
    {IPPROTO_IPV6, IPV6_WFP_REDIRECT_RECORDS, "IPPROTO_IPV6, IPV6_WFP_REDIRECT_RECORDS"},
};
#define NWFP_OPTS (sizeof wfp_opts / sizeof wfp_opts[0])

/* A60 (setsockopt page: WSAEFAULT, "The buffer pointed to by the optval parameter is not in a
 * valid part of the process address space"): each redirect option set from an unmapped optval
 * on a dual-stack UDP socket is refused, and where the option reads back, it keeps the 1 set
 * before. */
static void a60_unmapped(wc_ctx *c) {
    const char *nowhere = (const char *)wt_unmapped_address(wc_target(c));
    if (!nowhere) wc_unsupported(c, "the target has no unmapped address to offer");
    SOCKET s = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: IPv6 UDP socket: %d", WSAGetLastError())) return;
    DWORD off = 0, on = 1;
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&off, sizeof off);
    for (size_t i = 0; i < NWFP_OPTS; i++) {
        const wfp_opt *o = &wfp_opts[i];
        int was = setsockopt(s, o->level, o->name, (const char *)&on, sizeof on);
        int rc = setsockopt(s, o->level, o->name, nowhere, (int)sizeof(DWORD));
        int e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT,
                 "setsockopt(%s) from an unmapped optval: rc %d, error %d; expected SOCKET_ERROR, WSAEFAULT", o->what,
                 rc, e);
        DWORD v = 0;
        int len = (int)sizeof v;
        if (was == 0 && getsockopt(s, o->level, o->name, (char *)&v, &len) == 0)
            wc_check(c, v == 1, "%s after the refused set reads %lu, not the 1 set before", o->what, (unsigned long)v);
    }
    closesocket(s);
}

/* A60, C7: a dual-stack UDP receiver turns the redirect control messages on at both levels,
 * IPPROTO_IP and IPPROTO_IPV6, as EBPF's socket_helper does (SEMANTICS 2, "Real consumer"):
 * the IPv4 level must be accepted on an AF_INET6 socket that also carries IPv4, and each can
 * be read back. */
static void a60_dual(wc_ctx *c) {
    SOCKET s = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: IPv6 UDP socket: %d", WSAGetLastError())) return;
    DWORD off = 0, on = 1;
    int rc = setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&off, sizeof off);
    wc_check(c, rc == 0, "setsockopt(IPV6_V6ONLY, 0): %d", rc ? WSAGetLastError() : 0);
    const wfp_opt *opt = wfp_opts;
    char seen[128] = "";
    for (size_t i = 0; i < NWFP_OPTS; i++) {
        rc = setsockopt(s, opt[i].level, opt[i].name, (const char *)&on, sizeof on);
        wc_check(c, rc == 0, "setsockopt(%s, DWORD 1) on a dual-stack UDP socket: %d", opt[i].what,
                 rc ? WSAGetLastError() : 0);
        /* C7: the IPPROTO_IP table gives both options Get=yes (what the value reads as, it
         * does not say) */
        char v[64];
        int len = (int)sizeof v;
        rc = getsockopt(s, opt[i].level, opt[i].name, v, &len);
        wc_check(c, rc == 0 && len > 0 && len <= (int)sizeof v,
                 "getsockopt(%s) on a dual-stack UDP socket: rc=%d err=%d len=%d; the option table says Get=yes",
                 opt[i].what, rc, rc ? WSAGetLastError() : 0, len);
        DWORD first = 0;
        if (rc == 0 && len >= (int)sizeof first) memcpy(&first, v, sizeof first);
        size_t at = strlen(seen);
        snprintf(seen + at, sizeof seen - at, "%s%d:%lu", i ? " " : "", rc == 0 ? len : -1, (unsigned long)first);
    }
    /* what the value reads as (C7: no page says): the model's own answer, length and first DWORD */
    wc_model_answer(c, "getsockopt.wfp-options", "%s", seen);
    closesocket(s);
    /* the same options on a TCP socket, whose records come by SIO_QUERY and never in control
     * messages: no page says whether the set is refused, so the model's answer is pinned */
    s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: IPv6 TCP socket: %d", WSAGetLastError())) return;
    seen[0] = 0;
    for (size_t i = 0; i < NWFP_OPTS; i++) {
        rc = setsockopt(s, opt[i].level, opt[i].name, (const char *)&on, sizeof on);
        size_t at = strlen(seen);
        snprintf(seen + at, sizeof seen - at, "%s%d:%d", i ? " " : "", rc, rc ? WSAGetLastError() : 0);
    }
    wc_model_answer(c, "setsockopt.wfp-options-on-stream", "%s", seen);
    closesocket(s);
}

/* A60, A61 with a pended classify (DDI FwpsPendClassify0 and FwpsCompleteClassify0: a
 * callout may pend the ALE_CONNECT_REDIRECT classify and finish it later; until then the
 * stack holds what it classified, and the flow goes where the completed classify says):
 * while the callout holds the flow, nothing reaches the proxy; once it completes, the
 * flow-creating datagram arrives with the records and the context, then the next datagram,
 * in order, whole, from the client, without them. */
/* A UDP flow whose classify the callout holds (pended, with a context of context_size bytes, 0:
 * the callout's own) until wt_complete_pended, and the extension functions.  0 after a failed
 * check. */
static int pended_flow(wc_ctx *c, ULONG context_size, wt_udp_flow *f, ext *x) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50300);
    p.pend = 1;
    p.context_size = context_size;
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's callout cannot be told to pend: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_add_callout: %s", wt_error())) return 0;
    return wc_udp(c, 0, f) && get_ext(c, f->proxy, x);
}

static void a60_pended(wc_ctx *c) {
    wt_udp_flow f;
    ext x;
    if (!pended_flow(c, 0, &f, &x)) return;
    static const char second[] = "the datagram sent while the classify was pended";
    if (!wc_check(c, wt_udp_send_more(wc_target(c), &f, second, (int)sizeof second) == WT_OK, "set-up: send: %s",
                  wt_error()))
        return;
    u_long nb = 1;
    if (!wc_check(c, ioctlsocket(f.proxy, FIONBIO, &nb) == 0, "set-up: FIONBIO: %d", WSAGetLastError())) return;
    char probe[8];
    int rc = recv(f.proxy, probe, sizeof probe, 0);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "while the classify is pended the proxy received something: rc=%d err=%d", rc, err);
    int done = wt_complete_pended(wc_target(c));
    if (!wc_check(c, done == 1, "wt_complete_pended finished %d classifies, expected the flow's one", done)) return;
    SOCKADDR_STORAGE mine;
    int ml = (int)sizeof mine;
    if (!wc_check(c, getsockname(f.client, (struct sockaddr *)&mine, &ml) == 0, "getsockname: %d", WSAGetLastError()))
        return;
    for (int i = 0; i < 2; i++) {
        WSAMSG m;
        WSABUF b;
        SOCKADDR_STORAGE from;
        DWORD got = 0;
        msg_init(&m, &b, &from, CTL_CAP);
        rc = recv_wait(&x, f.proxy, &m, &got);
        if (!wc_check(c, rc == 0, "WSARecvMsg of datagram %d after the completion: %d", i + 1, WSAGetLastError()))
            return;
        found r = walk(c, m.Control.len);
        wc_check(c, i == 0 ? r.rec != NULL && r.ctx != NULL : !r.rec && !r.ctx,
                 "datagram %d after the completion: records %s, context %s; expected %s", i + 1,
                 r.rec ? "present" : "absent", r.ctx ? "present" : "absent", i == 0 ? "both (A60)" : "neither (A61)");
        wc_check(c, ((struct sockaddr_in *)&from)->sin_port == ((struct sockaddr_in *)&mine)->sin_port,
                 "datagram %d came from port %u, the client is port %u", i + 1,
                 ntohs(((struct sockaddr_in *)&from)->sin_port), ntohs(((struct sockaddr_in *)&mine)->sin_port));
        if (i == 1)
            wc_check(c, got == sizeof second && memcmp(data, second, sizeof second) == 0,
                     "the datagram sent while pended arrived as %u bytes, not the %u sent", (unsigned)got,
                     (unsigned)sizeof second);
    }
    rc = recv(f.proxy, probe, sizeof probe, 0);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK, "a third datagram arrived: rc=%d err=%d", rc, err);
}

/* A60 with the client gone while its classify is pended (the WDK: a callout that pended a
 * classify must complete it; the flow's endpoint may close meanwhile): the stack lets go of the
 * datagrams it held for that flow and of the flow itself (the runner counts every block and
 * kernel socket left after the target closes) and the callout's completion finds nothing to
 * deliver to.  Whether a held datagram still reaches the proxy once the classify completes, no
 * page says: the model drops it, and its answer (the completion count, then what the proxy's
 * nonblocking receive gets) is pinned. */
static void a60_pended_client_closed(wc_ctx *c) {
    wt_udp_flow f;
    ext x;
    if (!pended_flow(c, 0, &f, &x)) return;
    wc_check(c, closesocket(f.client) == 0, "closesocket of the client with its classify pended: %d",
             WSAGetLastError());
    int done = wt_complete_pended(wc_target(c));
    u_long nb = 1;
    if (!wc_check(c, ioctlsocket(f.proxy, FIONBIO, &nb) == 0, "set-up: FIONBIO: %d", WSAGetLastError())) return;
    char probe[sizeof data];
    int rc = recv(f.proxy, probe, sizeof probe, 0);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_model_answer(c, "udp.pended-client-closed", "completed %d, proxy %d/%d", done, rc, err);
}

/* A plain receive (not WSARecvMsg, so no control buffer) on the proxy's socket, which has
 * the redirect control messages on.  No page says what such a receive does with a flow's
 * first datagram: it may take the payload whole and drop the control data, or report them
 * cut off (WSAEMSGSIZE with MSG_CTRUNC, the payload taken, as A63 for a short control
 * buffer).  Either way the payload arrives, the answer is the same whether the receive was
 * waiting when the datagram came (completed later) or called after it (at once), and the
 * flow's next datagram, which carries no control data, is a plain success. */
static BYTE plain_buf[2][sizeof data + 1]; /* one byte more, which no receive may touch */

/* The flow's second datagram, through a plain receive on a non-blocking socket. */
static void plain_second(wc_ctx *c, wt_udp_flow *f, const char *how) {
    static const char more[] = "the flow's second datagram";
    if (!wc_check(c, wt_udp_send_more(wc_target(c), f, more, (int)sizeof more) == WT_OK, "set-up: %s", wt_error()))
        return;
    char buf[sizeof data];
    int rc = SOCKET_ERROR, err = 0;
    for (unsigned waited = 0; waited <= WC_WAIT_MS; waited += 10) {
        rc = recv(f->proxy, buf, (int)sizeof buf, 0);
        err = rc < 0 ? WSAGetLastError() : 0;
        if (rc >= 0 || err != WSAEWOULDBLOCK) break;
        SleepEx(10, FALSE);
    }
    wc_check(c, rc == (int)sizeof more && memcmp(buf, more, sizeof more) == 0,
             "%s: recv of the flow's second datagram (no control data): rc=%d err=%d, expected the %u bytes sent", how,
             rc, err, (unsigned)sizeof more);
}

static void a61_plain(wc_ctx *c) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50300);
    p.pend = 1; /* the flow is held until the receive waits */
    int rc = wt_add_callout(wc_target(c), &p);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's callout cannot be told to pend: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_add_callout: %s", wt_error())) return;
    /* 1: WSARecv waiting when the first datagram arrives. */
    wt_udp_flow f;
    if (!wc_udp(c, 1, &f)) return;
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    memset(plain_buf, 0xA5, sizeof plain_buf);
    WSABUF b = {sizeof data, (CHAR *)plain_buf[0]};
    DWORD flags = 0;
    rc = WSARecv(f.proxy, &b, 1, NULL, &flags, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (!wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING,
                  "WSARecv with the flow's classify pended (nothing queued): rc=%d err=%d, expected WSA_IO_PENDING", rc,
                  err))
        return;
    int done = wt_complete_pended(wc_target(c));
    if (!wc_check(c, done == 1, "wt_complete_pended finished %d classifies, expected the flow's one", done)) return;
    if (!wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, WC_WAIT_MS, FALSE) == WSA_WAIT_EVENT_0,
                  "the waiting WSARecv did not complete when the flow's first datagram arrived"))
        return;
    DWORD status = (DWORD)ov.Internal, high = (DWORD)ov.InternalHigh;
    DWORD len = high <= sizeof data ? high : 0; /* the compares below stay inside the buffers */
    const char *alt = status == 0 ? "payload" : status == 0x80000005u ? "ctrunc" : NULL;
    wc_check(c, alt != NULL,
             "the waiting WSARecv completed with status 0x%08x: neither success (the control data dropped) nor "
             "0x80000005 (cut off, A64)",
             (unsigned)status);
    wc_check(c, high > 0 && high <= sizeof data && plain_buf[0][len] == 0xA5,
             "the waiting WSARecv completed with %u bytes into a %u-byte buffer (or wrote past them)", (unsigned)high,
             (unsigned)sizeof data);
    DWORD cb = WC_SENTINEL, fl = 0;
    BOOL ok = WSAGetOverlappedResult(f.proxy, &ov, &cb, FALSE, &fl);
    err = ok ? 0 : WSAGetLastError();
    if (alt)
        wc_check(c, strcmp(alt, "payload") == 0 ? ok && cb == len : !ok && err == WSAEMSGSIZE,
                 "WSAGetOverlappedResult of the %s completion: ok=%d err=%d bytes=%u", alt, ok, err, (unsigned)cb);
    WSACloseEvent(ov.hEvent);
    if (alt) wc_observe(c, "plain-recv.first", "%s", alt);
    plain_second(c, &f, "waiting");
    /* 2: recv called after the next flow's first datagram arrived. */
    wt_udp_flow g;
    if (!wc_udp(c, 0, &g)) return;
    done = wt_complete_pended(wc_target(c));
    if (!wc_check(c, done == 1, "wt_complete_pended finished %d classifies, expected the flow's one", done)) return;
    u_long nb = 1;
    if (!wc_check(c, ioctlsocket(g.proxy, FIONBIO, &nb) == 0, "set-up: FIONBIO: %d", WSAGetLastError())) return;
    for (unsigned waited = 0; waited <= WC_WAIT_MS; waited += 10) {
        rc = recv(g.proxy, (char *)plain_buf[1], (int)sizeof data, 0);
        err = rc < 0 ? WSAGetLastError() : 0;
        if (rc >= 0 || err != WSAEWOULDBLOCK) break;
        SleepEx(10, FALSE);
    }
    if (alt)
        wc_check(c, strcmp(alt, "payload") == 0 ? rc == (int)len : rc == SOCKET_ERROR && err == WSAEMSGSIZE,
                 "recv of a flow's first datagram: rc=%d err=%d, while a waiting WSARecv gave %s (%u bytes): one "
                 "answer both ways",
                 rc, err, alt, (unsigned)len);
    wc_check(c, memcmp(plain_buf[1], plain_buf[0], len) == 0 && plain_buf[1][len] == 0xA5,
             "recv of a flow's first datagram left other bytes than the waiting WSARecv took (%u bytes)",
             (unsigned)len);
    plain_second(c, &g, "called after");
}

static const int no = 0, yes = 1;
static const fwd_mode fwd_sync = {0, 0}, fwd_overlapped = {1, 0}, fwd_after_pktinfo = {0, 1};
/* A60: each option asks for its own control message ("setsockopt(IPPROTO_IP,
 * IP_WFP_REDIRECT_CONTEXT or _RECORDS)" gives type 70 or 60).  The callout pends the flow, the
 * proxy turns one option off again, and the flow-creating datagram then carries the other
 * message only: a stack that hands out records nobody asked for leaks them to a proxy that
 * wanted the context alone. */
static void one_option(wc_ctx *c, int keep_records) {
    wt_udp_flow f;
    ext x;
    if (!pended_flow(c, CTX_SIZE, &f, &x)) return;
    DWORD off = 0;
    int level = IPPROTO_IP, dropped = keep_records ? IP_WFP_REDIRECT_CONTEXT : IP_WFP_REDIRECT_RECORDS;
    u_long nb = 1;
    if (!wc_check(c,
                  setsockopt(f.proxy, level, dropped, (const char *)&off, sizeof off) == 0 &&
                      ioctlsocket(f.proxy, FIONBIO, &nb) == 0,
                  "set-up: setsockopt(%d, 0), FIONBIO: %d", dropped, WSAGetLastError()))
        return;
    int done = wt_complete_pended(wc_target(c));
    if (!wc_check(c, done == 1, "wt_complete_pended finished %d classifies, expected the flow's one", done)) return;
    WSABUF b;
    SOCKADDR_STORAGE from;
    WSAMSG m;
    DWORD got = 0;
    msg_init(&m, &b, &from, CTL_CAP);
    int rc = recv_wait(&x, f.proxy, &m, &got);
    if (!wc_check(c, rc == 0, "WSARecvMsg of the flow-creating datagram: %d, error %d", rc, WSAGetLastError())) return;
    found r = walk(c, m.Control.len);
    wc_check(c, !r.bad && r.count == 1 && (keep_records ? r.rec != NULL : r.ctx != NULL),
             "with only IP_WFP_REDIRECT_%s set, the flow-creating datagram carried %d control message(s): records %s, "
             "context %s; expected the %s message alone",
             keep_records ? "RECORDS" : "CONTEXT", r.count, r.rec ? "present" : "absent", r.ctx ? "present" : "absent",
             keep_records ? "records" : "context");
    wc_check(c, tail_intact(CTL_CAP), "WSARecvMsg wrote past its %u-byte control buffer", CTL_CAP);
}
static void a60_records_only(wc_ctx *c) { one_option(c, 1); }
static void a60_context_only(wc_ctx *c) { one_option(c, 0); }

static const wc_case cases[] = {
    WC_CASE("A60.records-only", "A60", "#remarks", WC_MUST,
            "IP_WFP_REDIRECT_RECORDS set, IP_WFP_REDIRECT_CONTEXT not: the flow-creating datagram carries the records "
            "message alone",
            a60_records_only),
    WC_CASE("A60.context-only", "A60", "#remarks", WC_MUST,
            "IP_WFP_REDIRECT_CONTEXT set, IP_WFP_REDIRECT_RECORDS not: the flow-creating datagram carries the context "
            "message alone",
            a60_context_only),
    WC_CASE("A60.cmsg-on-first", "A60", "#remarks", WC_MUST,
            "types 60 and 70 at IPPROTO_IP, cmsg_len = WSA_CMSG_LEN(len), the issued bytes", a60),
    WC_CASE("A60.dual-stack-levels", "A60,C7", "#remarks", WC_MUST,
            "a dual-stack UDP socket accepts the options at IPPROTO_IP and IPPROTO_IPV6 and gives each back", a60_dual),
    WC_CASE("A60.options=unmapped.efault", "A60", "#remarks", WC_MUST,
            "each redirect option set from an unmapped optval: SOCKET_ERROR, WSAEFAULT, the value kept", a60_unmapped),
    WC_CASE("A61.cmsg-first-only", "A61", "#remarks", WC_MUST, "no redirect control message on later datagrams", a61),
    WC_CASE_P("A62.forward-records", "A62,C6", "#remarks", WC_MUST,
              "WSASendMsg with the records succeeds; the datagram is not redirected back", a62, &fwd_sync),
    WC_CASE_P("A62.forward-records.overlapped", "A62,C6", "#remarks", WC_MUST,
              "overlapped WSASendMsg with the records completes with success and every byte; not redirected back", a62,
              &fwd_overlapped),
    WC_CASE_P("A62.forward-records.after-pktinfo", "A62,C6", "#remarks", WC_MUST,
              "WSASendMsg with an IP_PKTINFO message before the records succeeds; the datagram is not redirected back",
              a62, &fwd_after_pktinfo),
    WC_CASE_P("A63.ctrunc.sync", "A63", "#remarks", WC_MUST,
              "WSAEMSGSIZE, MSG_CTRUNC, the datagram's length, nothing past Control.len", a63_64, &no),
    WC_CASE_P("A64.ctrunc.overlapped", "A64,C23", "#remarks", WC_MUST,
              "Internal 0x80000005, InternalHigh = length, GOR FALSE/WSAEMSGSIZE, MSG_CTRUNC", a63_64, &yes),
    WC_CASE("A63.no-write-past-control", "A63", "#remarks", WC_MUST,
            "a short control buffer is never written past its end (a write past it crashes the case)", a63_guard),
    WC_CASE("A65.control-len", "A65", "#remarks", WC_MUST, "Control.len = bytes produced; unchanged while pending",
            a65),
    WC_CASE("A66.recvmsg-pointers", "A66", "#remarks", WC_MUST,
            "WSAEFAULT for NULL msg, NULL buf with a length and a read-only data buffer; a failed call "
            "changes no out-value",
            a66),
    WC_CASE("A66.control=unmapped.efault", "A66,A67", "#remarks", WC_MUST,
            "WSARecvMsg and WSASendMsg with a control buffer at an unmapped address: WSAEFAULT, out-values kept",
            a66_control_unmapped),
    WC_CASE("A67.sendmsg-pointers", "A67", "#remarks", WC_MUST, "WSAEFAULT for NULL buf with a length", a67),
    WC_CASE("A68.msg-on-stream", "A68", "#remarks", WC_MUST, "a failure (code recorded)", a68),
    WC_CASE("A68.peek-on-stream", "A68", "#remarks", WC_MUST, "WSARecvMsg with MSG_PEEK on TCP: WSAEOPNOTSUPP",
            a68_peek),
    WC_CASE("A61.plain-receive", "A60,A61", "#remarks", WC_MUST,
            "a receive without a control buffer takes a flow's first datagram the same way waiting or called after "
            "it arrived (whole, or cut off as A63), and the next datagram whole",
            a61_plain),
    WC_CASE("A60.pended-classify", "A60,A61", "#remarks", WC_MUST,
            "a pended UDP classify holds the flow: nothing reaches the proxy until it completes; then the first "
            "datagram with the records and context, the next without, in order, from the client",
            a60_pended),
    WC_CASE("A60.pended-client-closed", "A60", "#remarks", WC_MUST,
            "the client closes while its flow's classify is pended: the flow and its held datagram are let go, "
            "the completion finds nothing, nothing is left after the target closes",
            a60_pended_client_closed),
};
WC_TABLE(wc_udp_cases, cases);
