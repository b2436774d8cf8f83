/*
 * socket_calls.c: the Microsoft extension functions (AcceptEx, GetAcceptExSockaddrs, ConnectEx,
 * DisconnectEx), the context options that finish them, CancelIoEx and the socket options and
 * receive paths a completion-port proxy uses, checked for their documented effect.
 *
 * Why: a completion-port redirect service accepts with AcceptEx and dials with ConnectEx, yet
 * the catalogue reached neither AcceptEx nor DisconnectEx, so a stack that got their
 * parameter checks, their address regions or their completion wrong passed certify (issue 11
 * section 7: mutants in lines certify never runs cannot be killed).  setup_calls.c has the
 * calls around the IOCTLs a plain proxy makes; this file has those of the overlapped one.
 *
 * Sources: the learn.microsoft.com pages named at each case; where a page names no error
 * code, what Wine's ws2_32 tests, run on Windows, record (facts, no code).
 */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADDR4 ((DWORD)sizeof(struct sockaddr_in) + 16u) /* AcceptEx page: 16 bytes more */
#define ADDR6 ((DWORD)sizeof(struct sockaddr_in6) + 16u)

/* A loopback socket of the family bound to port 0 (listening when asked), its name in *a. */
static SOCKET loopback(wc_ctx *c, int af, int listening, SOCKADDR_STORAGE *a, int *alen) {
    *alen = wc_addr_len(af);
    return wc_on_loopback(c, af, SOCK_STREAM, listening, a);
}

static int pair(wc_ctx *c, SOCKET *cl, SOCKET *sv);

/* The extension function `name` of s into *fn, a function pointer of fnsize bytes (written by
 * WSAIoctl itself: ISO C has no cast between object and function pointers). */
static void ext_fn(wc_ctx *c, SOCKET s, GUID g, void *fn, DWORD fnsize, const char *name) {
    DWORD n = 0;
    memset(fn, 0, fnsize);
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, fnsize, &n, NULL, NULL) != 0)
        wc_unsupported(c, "the target gives no %s pointer: %d", name, WSAGetLastError());
}

static int port_of(const void *a) { return ntohs(((const struct sockaddr_in *)a)->sin_port); }

/* The same address and port (the family's address bytes). */
static int same_addr(const struct sockaddr *x, const struct sockaddr *y) {
    if (x->sa_family != y->sa_family || port_of(x) != port_of(y)) return 0;
    if (x->sa_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)x)->sin6_addr, &((const struct sockaddr_in6 *)y)->sin6_addr, 16) ==
               0;
    return ((const struct sockaddr_in *)x)->sin_addr.s_addr == ((const struct sockaddr_in *)y)->sin_addr.s_addr;
}

/* The final outcome of an overlapped operation: 1 done (bytes in *n), 0 failed (*err). */
static int settle(SOCKET s, WSAOVERLAPPED *ov, DWORD *n, int *err) {
    DWORD flags = 0;
    *n = WC_SENTINEL;
    BOOL ok = WSAGetOverlappedResult(s, ov, n, TRUE, &flags);
    *err = ok ? 0 : WSAGetLastError();
    return ok != 0;
}

/* S3 (AcceptEx page, "sAcceptSocket ... must not be bound or connected"; the codes the page
 * leaves open as Wine's ws2_32 tests, run on Windows, record them: NULL lpOverlapped
 * ERROR_INVALID_PARAMETER, a listener not listening, a bound, connected or UDP sAcceptSocket
 * and one another AcceptEx is accepting into WSAEINVAL, a NULL buffer or a remote address
 * length of 0 WSAEFAULT, INVALID_SOCKET WSAENOTSOCK; those tests pass the NULL buffer before the
 * listener listens, so that refusal comes before the state is looked at): calls refused before
 * anything is queued. */
static void acceptex_refused(wc_ctx *c) {
    SOCKADDR_STORAGE a, b;
    int al, bl;
    SOCKET l = loopback(c, AF_INET, 1, &a, &al);
    if (l == INVALID_SOCKET) return;
    SOCKET notl = loopback(c, AF_INET, 0, &b, &bl);
    SOCKET acc = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (notl == INVALID_SOCKET || !wc_check(c, acc != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    LPFN_ACCEPTEX acceptex;
    ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "AcceptEx");
    char out[2 * ADDR6];
    DWORD got = WC_SENTINEL;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    static const struct {
        const char *what;
        int listener, bound_acceptor, null_out, null_ov;
        DWORD local, remote;
        int err;
    } t[] = {
        {"a NULL lpOverlapped", 1, 0, 0, 1, ADDR4, ADDR4, WSA_INVALID_PARAMETER},
        {"a socket that is bound but not listening", 0, 0, 0, 0, ADDR4, ADDR4, WSAEINVAL},
        {"a bound sAcceptSocket", 1, 1, 0, 0, ADDR4, ADDR4, WSAEINVAL},
        {"a remote address length of 0", 1, 0, 0, 0, ADDR4, 0, WSAEFAULT},
        {"a NULL lpOutputBuffer", 1, 0, 1, 0, ADDR4, ADDR4, WSAEFAULT},
        {"a NULL lpOutputBuffer on a socket that is not listening", 0, 0, 1, 0, ADDR4, ADDR4, WSAEFAULT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        BOOL ok = acceptex(t[i].listener ? l : notl, t[i].bound_acceptor ? notl : acc, t[i].null_out ? NULL : out, 0,
                           t[i].local, t[i].remote, &got, t[i].null_ov ? NULL : &ov);
        int err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == t[i].err, "AcceptEx with %s: %s, error %d; expected FALSE and %d", t[i].what,
                 ok ? "TRUE" : "FALSE", err, t[i].err);
    }
    BOOL ok = acceptex(INVALID_SOCKET, acc, out, 0, ADDR4, ADDR4, &got, &ov);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAENOTSOCK, "AcceptEx on INVALID_SOCKET: %s, error %d; expected WSAENOTSOCK",
             ok ? "TRUE" : "FALSE", err);
    /* the same through mswsock's export, which a program linked with mswsock.lib calls */
    WSASetLastError(0);
    ok = AcceptEx(INVALID_SOCKET, acc, out, 0, ADDR4, ADDR4, &got, &ov);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAENOTSOCK,
             "AcceptEx (mswsock's export) on INVALID_SOCKET: %s, error %d; expected WSAENOTSOCK", ok ? "TRUE" : "FALSE",
             err);
    SOCKET udp = socket(AF_INET, SOCK_DGRAM, 0);
    ok = acceptex(l, udp, out, 0, ADDR4, ADDR4, &got, &ov);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAEINVAL, "AcceptEx into a UDP socket: %s, error %d; expected WSAEINVAL",
             ok ? "TRUE" : "FALSE", err);
    closesocket(udp);
    /* an accept socket of the other family: the page asks only that it be neither bound nor
     * connected, and no Windows run at hand shows what it gets: the model's own answer */
    SOCKET v6 = WSASocketW(AF_INET6, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (v6 != INVALID_SOCKET) {
        WSAOVERLAPPED ov6;
        memset(&ov6, 0, sizeof ov6);
        ov6.hEvent = WSACreateEvent();
        char out6[2 * ADDR6];
        ok = acceptex(l, v6, out6, 0, ADDR6, ADDR6, &got, &ov6);
        err = ok ? 0 : WSAGetLastError();
        wc_model_answer(c, "AcceptEx.other-family", "%s %d", ok ? "TRUE" : "FALSE", err);
        closesocket(v6); /* ends it if it pends */
        if (!ok && err == WSA_IO_PENDING) WSAWaitForMultipleEvents(1, &ov6.hEvent, FALSE, WC_WAIT_MS, FALSE);
        WSACloseEvent(ov6.hEvent);
    }
    SOCKET cl, sv;
    if (pair(c, &cl, &sv)) {
        ok = acceptex(l, cl, out, 0, ADDR4, ADDR4, &got, &ov);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAEINVAL, "AcceptEx into a connected socket: %s, error %d; expected WSAEINVAL",
                 ok ? "TRUE" : "FALSE", err);
        closesocket(cl);
        closesocket(sv);
    }
    /* nothing was queued: the event is still clear */
    wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
             "a refused AcceptEx signalled its event");
    /* one AcceptEx pending into acc: a second one into the same socket is refused, the first stays */
    ok = acceptex(l, acc, out, 0, ADDR4, ADDR4, &got, &ov);
    err = ok ? 0 : WSAGetLastError();
    if (wc_check(c, !ok && err == WSA_IO_PENDING, "set-up: AcceptEx with nothing waiting: error %d", err)) {
        WSAOVERLAPPED ov2;
        memset(&ov2, 0, sizeof ov2);
        ov2.hEvent = WSACreateEvent();
        char out2[2 * ADDR4];
        ok = acceptex(l, acc, out2, 0, ADDR4, ADDR4, &got, &ov2);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAEINVAL,
                 "a second AcceptEx into the socket an AcceptEx is accepting into: %s, error %d; expected WSAEINVAL",
                 ok ? "TRUE" : "FALSE", err);
        DWORD n, fl;
        ok = WSAGetOverlappedResult(l, &ov, &n, FALSE, &fl);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSA_IO_INCOMPLETE, "the first AcceptEx after the refused second: %s, error %d",
                 ok ? "complete" : "FALSE", err);
        WSACloseEvent(ov2.hEvent);
    }
    WSACloseEvent(ov.hEvent);
    closesocket(acc);
    closesocket(notl);
    closesocket(l);
}

/* One AcceptEx on a listener of the family, with recv_len bytes of data asked for and address
 * regions of `region` bytes; then a client connects (and, with recv_len, sends `first`).  With
 * `waiting`, the client has connected and sent before the AcceptEx is posted.  Checks the
 * completion, the bytes, GetAcceptExSockaddrs and the context option. */
static void accept_one(wc_ctx *c, int af, DWORD recv_len, DWORD region, int waiting) {
    static const char first[] = "first bytes";
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, af, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET acc = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!wc_check(c, acc != INVALID_SOCKET && cl != INVALID_SOCKET, "set-up: sockets: %d", WSAGetLastError())) return;
    LPFN_ACCEPTEX acceptex;
    ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "AcceptEx");
    LPFN_GETACCEPTEXSOCKADDRS sockaddrs;
    ext_fn(c, l, (GUID)WSAID_GETACCEPTEXSOCKADDRS, &sockaddrs, sizeof sockaddrs, "GetAcceptExSockaddrs");
    static char out[64 + 2 * (ADDR6 + 8) + WC_CANARY];
    memset(out, 0xcc, sizeof out);
    DWORD got = WC_SENTINEL;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    DWORD want = recv_len ? (DWORD)sizeof first : 0, n = 0, flags = 0;
    int rc;
    BOOL ok;
    int err;
    if (waiting) {
        rc = connect(cl, (struct sockaddr *)&la, ll);
        if (!wc_check(c, rc == 0, "set-up: connect to the listener: %d", rc ? WSAGetLastError() : 0)) goto out;
        rc = recv_len ? send(cl, first, (int)sizeof first, 0) : 0;
        if (!wc_check(c, rc == (int)want, "set-up: send: %d", rc < 0 ? WSAGetLastError() : rc)) goto out;
        Sleep(50); /* a real stack: the bytes reach the listener's side */
        /* the page: TRUE when it completes at once, lpdwBytesReceived "set only if the operation
         * completes synchronously"; or ERROR_IO_PENDING and the completion later, the count left
         * alone ("this DWORD is never set").  Either way the completion is signalled (an event, a
         * packet) and its result is the same. */
        ok = acceptex(l, acc, out, recv_len, region, region, &got, &ov);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, ok ? got == want : err == WSA_IO_PENDING && got == WC_SENTINEL,
                 "AcceptEx with a client%s already waiting: %s, error %d, lpdwBytesReceived %#lx; expected TRUE and "
                 "%lu, or ERROR_IO_PENDING and the count untouched",
                 recv_len ? " and its bytes" : "", ok ? "TRUE" : "FALSE", err, (unsigned long)got, (unsigned long)want);
        wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 2000, FALSE) == WSA_WAIT_EVENT_0,
                 "AcceptEx with a client already waiting (%s) did not signal its event",
                 ok ? "completed at once" : "pending");
        wc_model_answer(c, recv_len ? "AcceptEx.client-and-bytes-waiting" : "AcceptEx.client-waiting", "%s %d",
                        ok ? "TRUE" : "FALSE", ok ? (int)got : err);
        if (!wc_check(c, settle(l, &ov, &n, &err), "the AcceptEx failed at its completion: %d", err)) goto out;
    } else {
        ok = acceptex(l, acc, out, recv_len, region, region, &got, &ov);
        err = ok ? 0 : WSAGetLastError();
        if (!wc_check(c, !ok && err == WSA_IO_PENDING,
                      "AcceptEx with nothing waiting (%s, regions of %lu, %lu data bytes): %s, error %d; expected "
                      "ERROR_IO_PENDING",
                      af == AF_INET6 ? "IPv6" : "IPv4", (unsigned long)region, (unsigned long)recv_len,
                      ok ? "TRUE" : "FALSE", err))
            goto out;
        rc = connect(cl, (struct sockaddr *)&la, ll);
        if (!wc_check(c, rc == 0, "set-up: connect to the listener: %d", rc ? WSAGetLastError() : 0)) goto out;
        if (recv_len) {
            /* AcceptEx page: with dwReceiveDataLength the operation completes when the first
             * block of data arrives, not when the connection does */
            ok = WSAGetOverlappedResult(l, &ov, &n, FALSE, &flags);
            err = ok ? 0 : WSAGetLastError();
            wc_check(c, !ok && err == WSA_IO_INCOMPLETE,
                     "AcceptEx asking for %lu data bytes after a connection without data: %s, error %d; expected still "
                     "incomplete (WSA_IO_INCOMPLETE)",
                     (unsigned long)recv_len, ok ? "complete" : "FALSE", err);
            rc = send(cl, first, (int)sizeof first, 0);
            if (!wc_check(c, rc == (int)sizeof first, "set-up: send: %d", rc < 0 ? WSAGetLastError() : rc)) goto out;
        }
        if (!wc_check(c, settle(l, &ov, &n, &err), "the AcceptEx failed at its completion: %d", err)) goto out;
    }
    wc_check(c, n == want && memcmp(out, first, want) == 0,
             "AcceptEx completed with %lu bytes, expected %lu (the bytes the client sent, at the buffer's start)",
             (unsigned long)n, (unsigned long)want);
    int spill = 0; /* the page: the buffer holds the data and the two regions, nothing after them */
    for (DWORD i = recv_len + 2 * region; i < recv_len + 2 * region + 8; i++) spill |= (unsigned char)out[i] != 0xcc;
    wc_check(c, !spill, "AcceptEx wrote past its %lu-byte buffer", (unsigned long)(recv_len + 2 * region));
    /* GetAcceptExSockaddrs: the listener's address as the local one, the client's as the remote */
    struct sockaddr *loc = NULL, *rem = NULL;
    INT locn = -1, remn = -1;
    sockaddrs(out, recv_len, region, region, &loc, &locn, &rem, &remn);
    SOCKADDR_STORAGE cn;
    int cnl = (int)sizeof cn;
    wc_check(c, getsockname(cl, (struct sockaddr *)&cn, &cnl) == 0, "getsockname of the client: %d", WSAGetLastError());
    if (wc_check(c, loc && rem && locn == ll && remn == ll,
                 "GetAcceptExSockaddrs: lengths %d and %d, expected %d and %d", locn, remn, ll, ll)) {
        wc_check(c, same_addr(loc, (struct sockaddr *)&la),
                 "GetAcceptExSockaddrs: the local address (family %d, port %d) is not the listener's (port %d)",
                 loc->sa_family, port_of(loc), port_of(&la));
        wc_check(c, same_addr(rem, (struct sockaddr *)&cn),
                 "GetAcceptExSockaddrs: the remote address (family %d, port %d) is not the client's (port %d)",
                 rem->sa_family, port_of(rem), port_of(&cn));
    }
    /* SOL_SOCKET options page, SO_UPDATE_ACCEPT_CONTEXT: "should be set if the getpeername,
     * getsockname, getsockopt, or setsockopt functions are to be used on the accepted socket";
     * on Windows getsockname needs it (Wine's ws2_32 tests run there say so) */
    SOCKADDR_STORAGE p;
    int pl = (int)sizeof p;
    rc = getsockname(acc, (struct sockaddr *)&p, &pl);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR, "getsockname of the accepted socket before SO_UPDATE_ACCEPT_CONTEXT succeeded");
    wc_model_answer(c, "AcceptEx.getsockname-before-update", "%d", err); /* no page names the code */
    rc = setsockopt(acc, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&l, (int)sizeof l);
    wc_check(c, rc == 0, "SO_UPDATE_ACCEPT_CONTEXT with the listener: %d", rc ? WSAGetLastError() : 0);
    pl = (int)sizeof p;
    rc = getpeername(acc, (struct sockaddr *)&p, &pl);
    wc_check(c, rc == 0 && pl == ll && same_addr((struct sockaddr *)&p, (struct sockaddr *)&cn),
             "getpeername after SO_UPDATE_ACCEPT_CONTEXT: rc=%d (err %d) len %d port %d; expected the client's "
             "port %d",
             rc, rc ? WSAGetLastError() : 0, pl, port_of(&p), port_of(&cn));
    pl = (int)sizeof p;
    rc = getsockname(acc, (struct sockaddr *)&p, &pl);
    wc_check(c, rc == 0 && same_addr((struct sockaddr *)&p, (struct sockaddr *)&la),
             "getsockname after SO_UPDATE_ACCEPT_CONTEXT: rc=%d port %d; expected the listener's %d", rc, port_of(&p),
             port_of(&la));
    /* the accepted socket is the connection: bytes go both ways */
    static const char back[] = "answer";
    rc = send(acc, back, (int)sizeof back, 0);
    char buf[32];
    int r2 = rc == (int)sizeof back ? recv(cl, buf, sizeof buf, 0) : -1;
    wc_check(c, r2 == (int)sizeof back && memcmp(buf, back, sizeof back) == 0,
             "send on the accepted socket: %d, the client received %d bytes", rc, r2);
    /* and the other way; the bytes AcceptEx delivered were taken from the stream, so the
     * next receive starts with what the client sent after them */
    static const char more[] = "more";
    rc = send(cl, more, (int)sizeof more, 0);
    r2 = rc == (int)sizeof more ? recv(acc, buf, sizeof buf, 0) : -1;
    wc_check(c, r2 == (int)sizeof more && memcmp(buf, more, sizeof more) == 0,
             "send by the client: %d, the accepted socket received %d bytes; expected the %d bytes sent after the "
             "ones AcceptEx took",
             rc, r2, (int)sizeof more);
out:
    WSACloseEvent(ov.hEvent);
    closesocket(cl);
    closesocket(acc);
    closesocket(l);
}

static void acceptex_plain(wc_ctx *c) { accept_one(c, AF_INET, 0, ADDR4, 0); }
static void acceptex_data(wc_ctx *c) { accept_one(c, AF_INET, 16, ADDR4, 0); }
static void acceptex_v6(wc_ctx *c) { accept_one(c, AF_INET6, 0, ADDR6, 0); }
static void acceptex_waiting(wc_ctx *c) { accept_one(c, AF_INET, 0, ADDR4, 1); }
static void acceptex_data_waiting(wc_ctx *c) { accept_one(c, AF_INET, 16, ADDR4, 1); }

/* S3 (AcceptEx page: each address region "must be at least 16 bytes more than the maximum
 * address length for the transport protocol in use"): one byte less, or IPv4-sized regions on
 * an IPv6 listener, never yields a connection: the call is refused, or it pends and fails when
 * a client connects (Windows pends, and fails a local region of 3 or sizeof(sockaddr_in)+4 bytes
 * with ERROR_INSUFFICIENT_BUFFER at the completion, as Wine's ws2_32 tests run there record). */
static void short_region(wc_ctx *c, int af, DWORD local, DWORD remote) {
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, af, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET acc = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    LPFN_ACCEPTEX acceptex;
    ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "AcceptEx");
    char out[2 * ADDR6];
    DWORD got = 0, n;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    BOOL ok = acceptex(l, acc, out, 0, local, remote, &got, &ov);
    int err = ok ? 0 : WSAGetLastError();
    if (!ok && err == WSA_IO_PENDING) {
        wc_check(c, connect(cl, (struct sockaddr *)&la, ll) == 0, "set-up: connect: %d", WSAGetLastError());
        ok = settle(l, &ov, &n, &err);
    }
    wc_check(c, !ok, "AcceptEx on an %s listener with address regions of %lu and %lu bytes (%lu needed) succeeded",
             af == AF_INET6 ? "IPv6" : "IPv4", (unsigned long)local, (unsigned long)remote,
             (unsigned long)(af == AF_INET6 ? ADDR6 : ADDR4));
    wc_log(c, "AcceptEx with regions %lu/%lu: error %d", (unsigned long)local, (unsigned long)remote, err);
    WSACloseEvent(ov.hEvent);
    closesocket(cl);
    closesocket(acc);
    closesocket(l);
}
static void acceptex_short(wc_ctx *c) {
    short_region(c, AF_INET, ADDR4 - 1, ADDR4);
    short_region(c, AF_INET, ADDR4, ADDR4 - 1);
    short_region(c, AF_INET6, ADDR4, ADDR6);
}

/* S3 (AcceptEx page: sAcceptSocket is the socket the connection is accepted into; Wine's
 * ws2_32 tests, run on Windows, close that socket while the AcceptEx is pending: the AcceptEx
 * completes at once, without a client, with ERROR_OPERATION_ABORTED; A21: the flags and bytes a
 * failed completion reports are 0).  Three AcceptEx pend on one listener and the middle one's
 * socket is closed: that one ends, the other two (each its own operation) stay pending, and the
 * connection that comes afterwards is not lost: one of them takes it. */
static void acceptex_acceptor_closed(wc_ctx *c) {
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET acc[3], cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSAOVERLAPPED ov[3];
    char out[3][2 * ADDR4];
    memset(ov, 0, sizeof ov);
    for (int i = 0; i < 3; i++) {
        acc[i] = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        ov[i].hEvent = WSACreateEvent();
    }
    int posted = 0;
    if (!wc_check(
            c, acc[0] != INVALID_SOCKET && acc[1] != INVALID_SOCKET && acc[2] != INVALID_SOCKET && cl != INVALID_SOCKET,
            "set-up: sockets: %d", WSAGetLastError()))
        goto out;
    LPFN_ACCEPTEX acceptex;
    ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "AcceptEx");
    for (; posted < 3; posted++) {
        DWORD got = WC_SENTINEL;
        BOOL ok = acceptex(l, acc[posted], out[posted], 0, ADDR4, ADDR4, &got, &ov[posted]);
        int err = ok ? 0 : WSAGetLastError();
        if (!wc_check(c, !ok && err == WSA_IO_PENDING, "set-up: AcceptEx %d with nothing waiting: error %d", posted + 1,
                      err))
            goto out;
    }
    closesocket(acc[1]);
    acc[1] = INVALID_SOCKET;
    DWORD w = WSAWaitForMultipleEvents(1, &ov[1].hEvent, FALSE, 1000, FALSE);
    wc_check(c, w == WSA_WAIT_EVENT_0, "closing sAcceptSocket did not complete the pending AcceptEx (wait: %lu)",
             (unsigned long)w);
    DWORD n = WC_SENTINEL, flags = WC_SENTINEL;
    BOOL ok = WSAGetOverlappedResult(l, &ov[1], &n, FALSE, &flags);
    int err = ok ? 0 : WSAGetLastError();
    /* A29: a failed operation's byte count is written (0) or left as it was; the flags are 0 */
    wc_check(c, !ok && err == WSA_OPERATION_ABORTED && (n == 0 || n == WC_SENTINEL) && flags == 0,
             "the AcceptEx whose sAcceptSocket was closed: %s, error %d, %lu bytes, flags %lu; expected FALSE, "
             "WSA_OPERATION_ABORTED, 0 bytes (or the count left alone) and flags 0",
             ok ? "TRUE" : "FALSE", err, (unsigned long)n, (unsigned long)flags);
    for (int i = 0; i < 3; i += 2)
        wc_check(c, WSAWaitForMultipleEvents(1, &ov[i].hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
                 "closing the second AcceptEx's socket ended AcceptEx %d as well", i + 1);
    int rc = connect(cl, (struct sockaddr *)&la, ll);
    if (!wc_check(c, rc == 0, "set-up: connect to the listener: %d", rc ? WSAGetLastError() : 0)) goto out;
    WSAEVENT both[2] = {ov[0].hEvent, ov[2].hEvent};
    w = WSAWaitForMultipleEvents(2, both, FALSE, 5000, FALSE);
    if (!wc_check(c, w == WSA_WAIT_EVENT_0 || w == WSA_WAIT_EVENT_0 + 1,
                  "the connection after the aborted AcceptEx was lost: neither pending AcceptEx completed (wait: %lu)",
                  (unsigned long)w))
        goto out;
    int took = w == WSA_WAIT_EVENT_0 ? 0 : 2;
    n = WC_SENTINEL;
    ok = WSAGetOverlappedResult(l, &ov[took], &n, FALSE, &flags);
    wc_check(c, ok && n == 0, "AcceptEx %d took the connection: %s, error %d, %lu bytes; expected TRUE, 0 bytes",
             took + 1, ok ? "TRUE" : "FALSE", ok ? 0 : WSAGetLastError(), (unsigned long)n);
    wc_check(c, WSAWaitForMultipleEvents(1, &ov[2 - took].hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
             "one connection completed both of the AcceptEx calls that were pending");
out:
    for (int i = 0; i < 3; i++)
        if (acc[i] != INVALID_SOCKET) closesocket(acc[i]);
    for (int i = 0; i < 3; i++) /* the closes abort what still pends; let that land before the events go */
        if (i < posted) WSAWaitForMultipleEvents(1, &ov[i].hEvent, FALSE, 1000, FALSE);
    for (int i = 0; i < 3; i++) WSACloseEvent(ov[i].hEvent);
    closesocket(cl);
    closesocket(l);
}

/* S3 (accept: "extracts the first connection on the queue of pending connections"; AcceptEx:
 * sAcceptSocket is neither bound nor connected).  An AcceptEx that waits for a client's first
 * bytes holds no connection yet; a service that binds its sAcceptSocket meanwhile (a bug, but a
 * proxy's own) must not cost any client its connection or its place: whatever the AcceptEx
 * then does (takes the first client, fails, or the bind is refused), every client is accepted,
 * once, in the order it connected. */
static void acceptex_acceptor_bound(wc_ctx *c) {
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET acc = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl[3], got[4];
    USHORT port[3];
    int ngot = 0, posted = 0;
    for (int i = 0; i < 3; i++) cl[i] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    static char out[16 + 2 * ADDR4];
    if (!wc_check(
            c, acc != INVALID_SOCKET && cl[0] != INVALID_SOCKET && cl[1] != INVALID_SOCKET && cl[2] != INVALID_SOCKET,
            "set-up: sockets: %d", WSAGetLastError()))
        goto out;
    LPFN_ACCEPTEX acceptex;
    ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "AcceptEx");
    DWORD n = WC_SENTINEL;
    BOOL ok = acceptex(l, acc, out, 16, ADDR4, ADDR4, &n, &ov);
    if (!wc_check(c, !ok && WSAGetLastError() == WSA_IO_PENDING, "set-up: AcceptEx with nothing waiting: %s, error %d",
                  ok ? "TRUE" : "FALSE", ok ? 0 : WSAGetLastError()))
        goto out;
    posted = 1;
    for (int i = 0; i < 3; i++) {
        SOCKADDR_STORAGE ca;
        int cal = (int)sizeof ca;
        if (!wc_check(c,
                      connect(cl[i], (struct sockaddr *)&la, ll) == 0 &&
                          getsockname(cl[i], (struct sockaddr *)&ca, &cal) == 0,
                      "set-up: client %d's connect: %d", i + 1, WSAGetLastError()))
            goto out;
        port[i] = ((struct sockaddr_in *)&ca)->sin_port;
    }
    wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
             "AcceptEx asked for the first bytes completed before any client sent one");
    struct sockaddr_in any = {.sin_family = AF_INET};
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int bound = bind(acc, (struct sockaddr *)&any, sizeof any) == 0;
    wc_check(c, send(cl[0], "1", 1, 0) == 1, "set-up: client 1's byte: %d", WSAGetLastError());
    DWORD w = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 2000, FALSE);
    int ended = -1;
    if (w == WSA_WAIT_EVENT_0) {
        DWORD flags = 0;
        n = WC_SENTINEL;
        ok = WSAGetOverlappedResult(l, &ov, &n, FALSE, &flags);
        ended = ok ? 0 : WSAGetLastError();
        posted = 0;
        if (ok) { /* it took client 1 and its byte, into a socket the service bound after posting it */
            wc_check(c, n == 1 && out[0] == '1',
                     "AcceptEx took a connection: %lu bytes (first %#x); expected client 1's byte", (unsigned long)n,
                     (unsigned)(unsigned char)out[0]);
            got[ngot++] = acc;
            acc = INVALID_SOCKET;
        }
    }
    /* the rest with accept, each waited for (a stack that lost one must not hang the case) */
    while (ngot < 4) {
        fd_set r;
        FD_ZERO(&r);
        FD_SET(l, &r);
        struct timeval tv = {1, 0};
        if (select(0, &r, NULL, NULL, &tv) != 1) break;
        SOCKET a = accept(l, NULL, NULL);
        if (a == INVALID_SOCKET) break;
        got[ngot++] = a;
    }
    /* which clients, in which order; an AcceptEx still pending may hold client 1 */
    USHORT peer[4];
    for (int i = 0; i < ngot; i++) {
        SOCKADDR_STORAGE pa;
        int pal = (int)sizeof pa;
        peer[i] = getpeername(got[i], (struct sockaddr *)&pa, &pal) == 0 ? ((struct sockaddr_in *)&pa)->sin_port : 0;
    }
    int seen = posted && !(ngot > 0 && peer[0] == port[0]) ? 1 : 0, in_order = 1;
    for (int i = 0; i < ngot; i++, seen++) in_order &= seen < 3 && peer[i] == port[seen];
    wc_check(c, in_order && seen == 3,
             "with sAcceptSocket bound (%s) while AcceptEx waited for the first bytes: %d connection(s) accepted "
             "(AcceptEx %s)%s; expected each of the 3 clients once, in the order they connected",
             bound ? "bind succeeded" : "bind refused", ngot, posted ? "still pending" : "ended",
             in_order ? "" : ", out of order or not the clients'");
    /* no page says whether the bind is refused or what the AcceptEx then answers: the model's own is pinned */
    wc_model_answer(c, "AcceptEx.acceptor-bound", "bind %s, AcceptEx %s %d", bound ? "0" : "refused",
                    ended < 0 ? "pending"
                    : ended   ? "FALSE"
                              : "TRUE",
                    ended < 0 ? 0 : ended);
    for (int i = 0; i < ngot; i++) closesocket(got[i]);
out:
    if (acc != INVALID_SOCKET) closesocket(acc);
    if (posted) WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 1000, FALSE);
    WSACloseEvent(ov.hEvent);
    for (int i = 0; i < 3; i++) closesocket(cl[i]);
    closesocket(l);
}
/* S3 (Microsoft support article 929851, "The default dynamic port range for TCP/IP has changed
 * since Windows Vista": the dynamic client port range starts at 49152 and ends at 65535, set
 * apart per transport and IP version): every port the stack picks (a bind to port 0, the
 * implicit bind of a connect and of a sendto, for TCP and UDP, IPv4 and IPv6) is in it.  A
 * machine whose range was changed (`netsh int ipv4 show dynamicport tcp`) fails here; that is
 * its configuration, not the stack. */
static int dynamic(wc_ctx *c, SOCKET s, const char *how) {
    SOCKADDR_STORAGE a;
    int len = (int)sizeof a;
    if (!wc_check(c, getsockname(s, (struct sockaddr *)&a, &len) == 0, "getsockname after %s: %d", how,
                  WSAGetLastError()))
        return 0;
    int p = port_of(&a);
    return wc_check(c, p >= 49152 && p <= 65535, "%s picked port %d, outside the dynamic range 49152-65535", how, p);
}

static void autobind_range(wc_ctx *c) {
    static const struct {
        int af, type;
        const char *what;
    } b[] = {{AF_INET, SOCK_STREAM, "a TCP bind to port 0"},
             {AF_INET, SOCK_DGRAM, "a UDP bind to port 0"},
             {AF_INET6, SOCK_STREAM, "an IPv6 TCP bind to port 0"},
             {AF_INET6, SOCK_DGRAM, "an IPv6 UDP bind to port 0"}};
    for (size_t i = 0; i < 2 * sizeof b / sizeof b[0]; i++) { /* each twice: a range that overlaps shows sooner */
        SOCKET s = socket(b[i % 4].af, b[i % 4].type, 0);
        SOCKADDR_STORAGE a;
        memset(&a, 0, sizeof a);
        a.ss_family = (ADDRESS_FAMILY)b[i % 4].af;
        int len = b[i % 4].af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
        if (wc_check(c, s != INVALID_SOCKET && bind(s, (struct sockaddr *)&a, len) == 0, "%s: %d", b[i % 4].what,
                     WSAGetLastError()))
            dynamic(c, s, b[i % 4].what);
        if (s != INVALID_SOCKET) closesocket(s);
    }
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (wc_check(c, connect(cl, (struct sockaddr *)&la, ll) == 0, "set-up: connect: %d", WSAGetLastError()))
        dynamic(c, cl, "the implicit bind of a TCP connect");
    closesocket(cl);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (wc_check(c, sendto(u, "x", 1, 0, (struct sockaddr *)&la, ll) == 1, "set-up: sendto: %d", WSAGetLastError()))
        dynamic(c, u, "the implicit bind of a UDP sendto");
    closesocket(u);
    closesocket(l);
}

/* Binds to port 0 kept open until one fails, then one closed and one more bind.  Windows gives
 * WSAENOBUFS when no dynamic port is left (Microsoft KB 196271); how many there are is the
 * machine's setting (49152-65535 by default, 16,384 ports), and under wine the process runs out
 * of descriptors first, so this is asked of the model only and its answer pinned: how many
 * binds succeeded, the error of the one that did not, and whether a bind after a close
 * succeeds and gets the freed port. */
static void exhaust_ports(wc_ctx *c) {
    enum { MOST = 70000 }; /* more than any dynamic range (65,535 - 1,024) */
    SOCKET *held = malloc(MOST * sizeof *held);
    if (!wc_check(c, held != NULL, "set-up: no memory for %d sockets", MOST)) return;
    int n = 0, err = 0;
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    while (n < MOST) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (s == INVALID_SOCKET) {
            err = -WSAGetLastError(); /* negative: socket, not bind, failed */
            break;
        }
        if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) {
            err = WSAGetLastError();
            SOCKADDR_STORAGE got;
            int gl = (int)sizeof got;
            int named = getsockname(s, (struct sockaddr *)&got, &gl);
            int gerr = named ? WSAGetLastError() : 0;
            wc_check(c, named == SOCKET_ERROR && gerr == WSAEINVAL,
                     "getsockname after a failed bind to port 0: %d, error %d; expected WSAEINVAL (still unbound)",
                     named, gerr);
            closesocket(s);
            break;
        }
        held[n++] = s;
    }
    int again = -1, same = 0;
    if (n > 0) {
        SOCKADDR_STORAGE freed, got;
        int fl = (int)sizeof freed, gl = (int)sizeof got;
        getsockname(held[n / 2], (struct sockaddr *)&freed, &fl);
        closesocket(held[n / 2]);
        held[n / 2] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        again = bind(held[n / 2], (struct sockaddr *)&a, sizeof a) == 0 ? 0 : WSAGetLastError();
        same =
            !again && getsockname(held[n / 2], (struct sockaddr *)&got, &gl) == 0 && port_of(&got) == port_of(&freed);
    }
    for (int i = 0; i < n; i++) closesocket(held[i]);
    free(held);
    wc_model_answer(c, "bind.ports-exhausted", "%d binds, then %d; after a close %d%s", n, err, again,
                    same ? " on the freed port" : "");
}

/* S3 (bind page: with port 0 "the service provider assigns a unique port to the application";
 * KB 929851: 16,384 ports in the dynamic range): a port a connected socket holds is never
 * handed out again while it does, however many ports were picked since: 16,400 sockets bound
 * to port 0 one after another, each closed at once, go round the whole range and never get
 * the connected client's port (on the model; 2,000 on a real stack, see below). */
static void autobind_wrap(wc_ctx *c) {
    SOCKADDR_STORAGE la, ca;
    int ll, cl_len = (int)sizeof ca;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (!wc_check(c,
                  connect(cl, (struct sockaddr *)&la, ll) == 0 && getsockname(cl, (struct sockaddr *)&ca, &cl_len) == 0,
                  "set-up: a connected client: %d", WSAGetLastError())) {
        closesocket(cl);
        closesocket(l);
        return;
    }
    /* The model hands ports out in order, so 16,400 binds wrap it; a real stack's order is its
     * own, and 16,400 binds under wine took 18 s of a 20 s case budget: 2,000 there. */
    int rounds = wc_on_model(c) ? 16400 : 2000;
    wc_log(c, "%d binds to port 0 with port %d held", rounds, port_of(&ca));
    int held = port_of(&ca), bad = 0, failed = 0;
    for (int i = 0; i < rounds && !bad && failed < 3; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        struct sockaddr_in a = {.sin_family = AF_INET};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        SOCKADDR_STORAGE got;
        int gl = (int)sizeof got;
        if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
            getsockname(s, (struct sockaddr *)&got, &gl) != 0) {
            failed += wc_check(c, 0, "bind %d to port 0 failed: %d", i + 1, WSAGetLastError()) == 0;
        } else if (port_of(&got) == held) {
            bad = wc_check(c, 0, "bind %d to port 0 got port %d, which the connected client still holds", i + 1,
                           held) == 0;
        }
        if (s != INVALID_SOCKET) closesocket(s);
    }
    if (wc_on_model(c)) exhaust_ports(c);
    closesocket(cl);
    closesocket(l);
}

/* S3 (DisconnectEx on a TCP socket never connected: WSAENOTCONN, as Wine's ws2_32 tests run on
 * Windows record it; SOL_SOCKET options page, SO_UPDATE_ACCEPT_CONTEXT: its value is the
 * listening socket, so a value that names no socket is refused, and one too short or NULL is
 * WSAEFAULT): the refusals a service meets when it recycles sockets, each leaving the socket as
 * it was. */
static void extension_refusals(wc_ctx *c) {
    SOCKET fresh = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    LPFN_DISCONNECTEX disconnect_ex;
    ext_fn(c, fresh, (GUID)WSAID_DISCONNECTEX, &disconnect_ex, sizeof disconnect_ex, "DisconnectEx");
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    BOOL ok = disconnect_ex(fresh, &ov, 0, 0);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAENOTCONN,
             "DisconnectEx on a TCP socket never connected: %s, error %d; expected "
             "WSAENOTCONN",
             ok ? "TRUE" : "FALSE", err);
    WSACloseEvent(ov.hEvent);
    closesocket(fresh);
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    SOCKET none = wt_not_a_socket(wc_target(c));
    int rc = setsockopt(sv, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&none, (int)sizeof none);
    wc_check(c, rc == SOCKET_ERROR, "SO_UPDATE_ACCEPT_CONTEXT naming no socket succeeded");
    wc_log(c, "SO_UPDATE_ACCEPT_CONTEXT naming no socket: error %d", rc ? WSAGetLastError() : 0);
    /* setsockopt page, WSAEFAULT: optval "is not in a valid part of the process address space
     * or the optlen parameter is too small" (the value is a SOCKET) */
    rc = setsockopt(sv, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&sv, (int)sizeof sv - 1);
    int fe = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && fe == WSAEFAULT,
             "SO_UPDATE_ACCEPT_CONTEXT with an optlen one byte short of a SOCKET: %d, error %d; expected WSAEFAULT", rc,
             fe);
    rc = setsockopt(sv, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, NULL, (int)sizeof sv);
    fe = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && fe == WSAEFAULT,
             "SO_UPDATE_ACCEPT_CONTEXT with optval NULL: %d, error %d; expected WSAEFAULT", rc, fe);
    rc = send(cl, "x", 1, 0);
    char b[2];
    wc_check(c, rc == 1 && recv(sv, b, sizeof b, 0) == 1, "the connection after the refused option: send %d", rc);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (ConnectEx page, Error codes: "WSAEINVAL: The parameter s is an unbound or a listening
 * socket", "WSAEISCONN: The socket is already connected"; Return value: "If the error code
 * returned is WSAECONNREFUSED ... the application can call ConnectEx ... again on the same
 * socket"; SOL_SOCKET options page, SO_UPDATE_CONNECT_CONTEXT; lpOverlapped NULL is
 * ERROR_INVALID_PARAMETER and INVALID_SOCKET WSAENOTSOCK, as Wine's ws2_32 tests run on Windows
 * record): the refusals, a connection refused at its completion, the retry on the same socket,
 * and the context option once connected. */
static void connectex_states(wc_ctx *c) {
    SOCKADDR_STORAGE la, ba, gone;
    int ll, bl, gl;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    SOCKET s = l == INVALID_SOCKET ? INVALID_SOCKET : loopback(c, AF_INET, 0, &ba, &bl);
    SOCKET g = s == INVALID_SOCKET ? INVALID_SOCKET : loopback(c, AF_INET, 0, &gone, &gl);
    SOCKET fresh = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (g == INVALID_SOCKET || !wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    closesocket(g); /* a loopback port nobody listens on */
    LPFN_CONNECTEX connectex;
    ext_fn(c, s, (GUID)WSAID_CONNECTEX, &connectex, sizeof connectex, "ConnectEx");
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    DWORD sent = 0, n;
    BOOL ok = connectex(fresh, (struct sockaddr *)&la, ll, NULL, 0, &sent, &ov);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAEINVAL, "ConnectEx on an unbound socket: %s, error %d; expected WSAEINVAL",
             ok ? "TRUE" : "FALSE", err);
    ok = connectex(l, (struct sockaddr *)&ba, bl, NULL, 0, &sent, &ov);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAEINVAL, "ConnectEx on a listening socket: %s, error %d; expected WSAEINVAL",
             ok ? "TRUE" : "FALSE", err);
    ok = connectex(s, (struct sockaddr *)&la, ll, NULL, 0, &sent, NULL);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSA_INVALID_PARAMETER,
             "ConnectEx with lpOverlapped NULL: %s, error %d; expected WSA_INVALID_PARAMETER", ok ? "TRUE" : "FALSE",
             err);
    /* "The ConnectEx function is only supported on connection-oriented sockets": a bound UDP
     * socket is refused at once (its code is the model's own, pinned) */
    SOCKET u = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    struct sockaddr_in ua = {.sin_family = AF_INET};
    ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (u != INVALID_SOCKET && bind(u, (struct sockaddr *)&ua, sizeof ua) == 0) {
        ok = connectex(u, (struct sockaddr *)&la, ll, NULL, 0, &sent, &ov);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err != WSA_IO_PENDING, "ConnectEx on a bound UDP socket: %s, error %d; expected a failure",
                 ok ? "TRUE" : "FALSE", err);
        wc_model_answer(c, "ConnectEx.udp", "%s %d", ok ? "TRUE" : "FALSE", err);
        if (ok || err == WSA_IO_PENDING) settle(u, &ov, &n, &err); /* a stack that took it: let it end */
        WSAResetEvent(ov.hEvent);
    }
    if (u != INVALID_SOCKET) closesocket(u);
    ok = connectex(INVALID_SOCKET, (struct sockaddr *)&la, ll, NULL, 0, &sent, &ov);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAENOTSOCK, "ConnectEx on INVALID_SOCKET: %s, error %d; expected WSAENOTSOCK",
             ok ? "TRUE" : "FALSE", err);
    int rc;
    /* a send buffer the process cannot read: the model refuses the call at once (its answer
     * pinned; whether Windows fails it at once or at the completion, no page says) */
    const char *nowhere = wc_on_model(c) ? (const char *)wt_unmapped_address(wc_target(c)) : NULL;
    if (nowhere) {
        ok = connectex(s, (struct sockaddr *)&la, ll, (PVOID)nowhere, 16, &sent, &ov);
        err = ok ? 0 : WSAGetLastError();
        wc_model_answer(c, "ConnectEx.unreadable-send-buffer", "%s %d", ok ? "TRUE" : "FALSE", err);
        if (ok || err == WSA_IO_PENDING) settle(s, &ov, &n, &err);
        WSAResetEvent(ov.hEvent);
    }
    /* refused: at once or at the completion, with WSAECONNREFUSED */
    ok = connectex(s, (struct sockaddr *)&gone, gl, NULL, 0, &sent, &ov);
    err = ok ? 0 : WSAGetLastError();
    if (!ok && err == WSA_IO_PENDING) ok = settle(s, &ov, &n, &err);
    wc_check(c, !ok && err == WSAECONNREFUSED,
             "ConnectEx to a loopback port nobody listens on: %s, error %d; expected WSAECONNREFUSED",
             ok ? "TRUE" : "FALSE", err);
    /* the retry the page allows, on the same socket, to the listener */
    WSAResetEvent(ov.hEvent);
    ok = connectex(s, (struct sockaddr *)&la, ll, NULL, 0, &sent, &ov);
    err = ok ? 0 : WSAGetLastError();
    if (!ok && err == WSA_IO_PENDING) ok = settle(s, &ov, &n, &err);
    if (wc_check(c, ok, "ConnectEx again after WSAECONNREFUSED, to the listener: error %d", err)) {
        rc = setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
        wc_check(c, rc == 0, "SO_UPDATE_CONNECT_CONTEXT after ConnectEx: %d", rc ? WSAGetLastError() : 0);
        SOCKADDR_STORAGE p;
        int pl = (int)sizeof p;
        rc = getpeername(s, (struct sockaddr *)&p, &pl);
        wc_check(c, rc == 0 && same_addr((struct sockaddr *)&p, (struct sockaddr *)&la),
                 "getpeername after ConnectEx: rc=%d port %d, expected the listener's %d", rc, port_of(&p),
                 port_of(&la));
        WSAResetEvent(ov.hEvent);
        ok = connectex(s, (struct sockaddr *)&la, ll, NULL, 0, &sent, &ov);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAEISCONN, "ConnectEx on the connected socket: %s, error %d; expected WSAEISCONN",
                 ok ? "TRUE" : "FALSE", err);
    }
    WSACloseEvent(ov.hEvent);
    closesocket(fresh);
    closesocket(s);
    closesocket(l);
}

/* A connected pair through a listener: *cl the client (overlapped), *sv the accepted side. */
static int pair(wc_ctx *c, SOCKET *cl, SOCKET *sv) {
    SOCKADDR_STORAGE la;
    int ll;
    *cl = *sv = INVALID_SOCKET;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l == INVALID_SOCKET) return 0;
    *cl = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    int ok = *cl != INVALID_SOCKET && connect(*cl, (struct sockaddr *)&la, ll) == 0 &&
             (*sv = accept(l, NULL, NULL)) != INVALID_SOCKET;
    closesocket(l);
    return wc_check(c, ok, "set-up: a connected pair: %d", WSAGetLastError());
}

/* S3 (DisconnectEx page: "dwReserved: Reserved. Must be zero. If nonzero, WSAEINVAL is
 * returned"; WSAENOTCONN for a socket not connected; "If lpOverlapped is NULL ... the function
 * returns TRUE" once the disconnect is done; what Windows then does, as Wine's ws2_32 tests run
 * there record: INVALID_SOCKET is WSAENOTSOCK, send is WSAESHUTDOWN, the socket still receives
 * what the peer sends, and a second DisconnectEx succeeds): the peer reads what was sent and
 * then the end, with the blocking call and with the overlapped one (success, 0 bytes). */
static void disconnectex(wc_ctx *c) {
    for (int overlapped = 0; overlapped < 2; overlapped++) {
        SOCKET cl, sv;
        if (!pair(c, &cl, &sv)) return;
        LPFN_DISCONNECTEX disc;
        ext_fn(c, cl, (GUID)WSAID_DISCONNECTEX, &disc, sizeof disc, "DisconnectEx");
        SOCKET fresh = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        WSAOVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = WSACreateEvent();
        BOOL ok = disc(INVALID_SOCKET, NULL, 0, 0);
        int err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAENOTSOCK, "DisconnectEx on INVALID_SOCKET: %s, error %d; expected WSAENOTSOCK",
                 ok ? "TRUE" : "FALSE", err);
        ok = disc(fresh, NULL, 0, 0);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAENOTCONN, "DisconnectEx on a socket never connected: %s, error %d; expected %d",
                 ok ? "TRUE" : "FALSE", err, WSAENOTCONN);
        ok = disc(cl, overlapped ? &ov : NULL, 0, 1);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAEINVAL, "DisconnectEx with dwReserved 1: %s, error %d; expected WSAEINVAL",
                 ok ? "TRUE" : "FALSE", err);
        /* TF_REUSE_SOCKET makes the socket reusable for AcceptEx or ConnectEx (the page); the
         * model has no socket reuse and refuses it, which is pinned: a service that recycles
         * its sockets this way learns it here, before it loses a connection to it */
        if (wc_on_model(c) && !overlapped) {
            ok = disc(cl, NULL, 0x02 /* TF_REUSE_SOCKET, which the model's header leaves out */, 0);
            err = ok ? 0 : WSAGetLastError();
            wc_model_answer(c, "DisconnectEx.reuse-socket", "%s %d", ok ? "TRUE" : "FALSE", err);
        }
        static const char last[] = "last words";
        wc_check(c, send(cl, last, (int)sizeof last, 0) == (int)sizeof last, "set-up: send: %d", WSAGetLastError());
        ok = disc(cl, overlapped ? &ov : NULL, 0, 0);
        err = ok ? 0 : WSAGetLastError();
        DWORD n = 0;
        if (overlapped && (ok || err == WSA_IO_PENDING)) {
            ok = settle(cl, &ov, &n, &err);
            wc_check(c, ok && n == 0,
                     "the overlapped DisconnectEx completed: %s, %lu bytes, error %d; expected 0 bytes",
                     ok ? "TRUE" : "FALSE", (unsigned long)n, err);
            /* lpdwFlags "supplement the completion status" (WSAGetOverlappedResult page); a
             * disconnect has none to give */
            DWORD fl = 0xFF;
            if (ok && WSAGetOverlappedResult(cl, &ov, &n, FALSE, &fl))
                wc_check(c, fl == 0, "the overlapped DisconnectEx's flags: 0x%lx, expected 0", (unsigned long)fl);
        } else {
            wc_check(c, ok, "DisconnectEx without lpOverlapped on a connected socket: error %d", err);
        }
        char buf[32];
        int got = 0, rc;
        while ((rc = recv(sv, buf + got, (int)sizeof buf - got, 0)) > 0) got += rc;
        wc_check(c, got == (int)sizeof last && rc == 0 && memcmp(buf, last, sizeof last) == 0,
                 "after DisconnectEx (%s) the peer read %d bytes and then %d (err %d); expected the %d sent, then 0",
                 overlapped ? "overlapped" : "blocking", got, rc, rc < 0 ? WSAGetLastError() : 0, (int)sizeof last);
        rc = send(cl, "x", 1, 0);
        err = rc < 0 ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAESHUTDOWN,
                 "send after DisconnectEx: rc=%d err=%d, expected WSAESHUTDOWN", rc, err);
        static const char back[] = "still open";
        rc = send(sv, back, (int)sizeof back, 0);
        got = 0;
        while (rc == (int)sizeof back && got < (int)sizeof back) {
            int r2 = recv(cl, buf + got, (int)sizeof buf - got, 0);
            if (r2 <= 0) break;
            got += r2;
        }
        wc_check(c, got == (int)sizeof back && memcmp(buf, back, sizeof back) == 0,
                 "after DisconnectEx the socket received %d of the %d bytes the peer sent (send: %d)", got,
                 (int)sizeof back, rc);
        ok = disc(cl, NULL, 0, 0);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, ok, "DisconnectEx a second time: error %d, expected TRUE", err);
        WSACloseEvent(ov.hEvent);
        closesocket(fresh);
        closesocket(cl);
        closesocket(sv);
    }
}

/* S3 (CancelIoEx page: "If the hFile handle ... and lpOverlapped is NULL, the function cancels
 * all pending I/O operations", with lpOverlapped only that one; "If this function cannot find a
 * request to cancel, the return value is 0 (zero), and GetLastError returns ERROR_NOT_FOUND";
 * WSAGetOverlappedResult: a cancelled operation fails with WSA_OPERATION_ABORTED): two pending
 * receives on one socket; cancelling the second leaves the first pending. */
static void cancelioex(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    char b1[8], b2[8];
    WSABUF w1 = {sizeof b1, b1}, w2 = {sizeof b2, b2};
    WSAOVERLAPPED o1, o2;
    memset(&o1, 0, sizeof o1);
    memset(&o2, 0, sizeof o2);
    o1.hEvent = WSACreateEvent();
    o2.hEvent = WSACreateEvent();
    DWORD f1 = 0, f2 = 0, n;
    int r1 = WSARecv(cl, &w1, 1, NULL, &f1, &o1, NULL), e1 = r1 ? WSAGetLastError() : 0;
    int r2 = WSARecv(cl, &w2, 1, NULL, &f2, &o2, NULL), e2 = r2 ? WSAGetLastError() : 0;
    if (!wc_check(c, e1 == WSA_IO_PENDING && e2 == WSA_IO_PENDING,
                  "set-up: two overlapped receives with nothing to read: %d/%d, %d/%d; expected both pending", r1, e1,
                  r2, e2))
        goto out;
    BOOL ok = CancelIoEx((HANDLE)cl, &o2);
    DWORD le = ok ? 0 : GetLastError();
    wc_check(c, ok, "CancelIoEx of the second receive: error %lu", (unsigned long)le);
    int err;
    ok = settle(cl, &o2, &n, &err);
    wc_check(c, !ok && err == WSA_OPERATION_ABORTED, "the cancelled receive: %s, error %d; expected %d",
             ok ? "TRUE" : "FALSE", err, (int)WSA_OPERATION_ABORTED);
    ok = WSAGetOverlappedResult(cl, &o1, &n, FALSE, &f1);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSA_IO_INCOMPLETE,
             "the first receive after CancelIoEx of the second: %s, error %d; expected still pending (%d)",
             ok ? "TRUE" : "FALSE", err, (int)WSA_IO_INCOMPLETE);
    ok = CancelIoEx((HANDLE)cl, &o2);
    le = ok ? 0 : GetLastError();
    wc_check(c, !ok && le == ERROR_NOT_FOUND,
             "CancelIoEx of the receive already cancelled: %s, error %lu; expected FALSE, ERROR_NOT_FOUND",
             ok ? "TRUE" : "FALSE", (unsigned long)le);
    ok = CancelIoEx((HANDLE)cl, NULL);
    le = ok ? 0 : GetLastError();
    wc_check(c, ok, "CancelIoEx of all: error %lu", (unsigned long)le);
    ok = settle(cl, &o1, &n, &err);
    wc_check(c, !ok && err == WSA_OPERATION_ABORTED, "the first receive after CancelIoEx(NULL): %s, error %d",
             ok ? "TRUE" : "FALSE", err);
    ok = CancelIoEx((HANDLE)cl, NULL);
    le = ok ? 0 : GetLastError();
    wc_check(c, !ok && le == ERROR_NOT_FOUND,
             "CancelIoEx with nothing pending: %s, error %lu; expected FALSE, ERROR_NOT_FOUND", ok ? "TRUE" : "FALSE",
             (unsigned long)le);
    /* the socket still works: bytes sent now arrive whole */
    static const char msg[] = "after";
    int rc = send(sv, msg, (int)sizeof msg, 0), got = rc == (int)sizeof msg ? recv(cl, b1, sizeof b1, 0) : -1;
    wc_check(c, got == (int)sizeof msg && memcmp(b1, msg, sizeof msg) == 0, "a receive after the cancels: %d", got);
out:
    WSACloseEvent(o1.hEvent);
    WSACloseEvent(o2.hEvent);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (WSARecv page: "If no error occurs and the receive operation has completed immediately,
 * WSARecv returns zero ... the number of bytes received ... lpNumberOfBytesRecvd"; "WSAEFAULT:
 * The lpBuffers parameter is not completely contained in a valid part of the user address
 * space"): an overlapped receive with the bytes already queued gets them, at once or through
 * its completion; a NULL buffer array is WSAEFAULT. */
static void recv_queued(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    static const char msg[] = "queued before the receive";
    int rc = send(sv, msg, (int)sizeof msg, 0);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(cl, &r);
    struct timeval tv = {5, 0};
    if (!wc_check(c, rc == (int)sizeof msg && select(0, &r, NULL, NULL, &tv) == 1, "set-up: bytes queued: %d", rc))
        goto out;
    DWORD flags = 0, n = WC_SENTINEL;
    rc = WSARecv(cl, NULL, 1, &n, &flags, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "WSARecv with lpBuffers NULL: rc=%d err=%d, expected WSAEFAULT",
             rc, err);
    char buf[64];
    memset(buf, 0, sizeof buf);
    WSABUF w = {sizeof buf, buf};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    n = WC_SENTINEL;
    flags = 0;
    rc = WSARecv(cl, &w, 1, &n, &flags, &ov, NULL);
    err = rc ? WSAGetLastError() : 0;
    if (rc == 0)
        wc_check(c, n == sizeof msg, "an overlapped WSARecv that completed at once: %lu bytes; expected %d",
                 (unsigned long)n, (int)sizeof msg);
    else if (wc_check(c, err == WSA_IO_PENDING, "an overlapped WSARecv with bytes queued: error %d", err))
        wc_check(c, settle(cl, &ov, &n, &err) && n == sizeof msg, "its completion: %lu bytes, error %d",
                 (unsigned long)n, err);
    wc_check(c, memcmp(buf, msg, sizeof msg) == 0, "the overlapped WSARecv did not deliver the bytes queued");
    WSACloseEvent(ov.hEvent);
out:
    closesocket(cl);
    closesocket(sv);
}

static int setopt(SOCKET s, int level, int name, DWORD v, int len) {
    return setsockopt(s, level, name, (const char *)&v, len) ? WSAGetLastError() : 0;
}
static int getopt_dword(SOCKET s, int name, DWORD *v, int *len) {
    *v = WC_SENTINEL;
    *len = (int)sizeof *v;
    return getsockopt(s, SOL_SOCKET, name, (char *)v, len) ? WSAGetLastError() : 0;
}

/* S3 (setsockopt page: "WSAEFAULT: ... or the optlen parameter is too small", for the DWORD
 * options SO_SNDBUF and SO_RCVBUF (Windows takes shorter BOOLs); SOL_SOCKET options page:
 * SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF, SO_BROADCAST; "Using
 * SO_REUSEADDR and SO_EXCLUSIVEADDRUSE": the two exclude each other, setting one while the
 * other is on is WSAEINVAL, as Wine's ws2_32 tests run on Windows show):
 * the options a proxy sets on its listener and its sockets, and what getsockopt reads back. */
static void sockopts(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0), x = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, t != INVALID_SOCKET && u != INVALID_SOCKET && x != INVALID_SOCKET, "set-up: sockets: %d",
                  WSAGetLastError()))
        return;
    static const struct {
        int level, name;
        const char *what;
        int sized; /* a DWORD value: a shorter optlen is WSAEFAULT (the BOOL ones take less on Windows) */
    } dw[] = {{SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", 0},
              {SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF", 1},
              {SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF", 1},
              {IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", 0}};
    for (size_t i = 0; i < sizeof dw / sizeof dw[0]; i++) {
        int e = setopt(t, dw[i].level, dw[i].name, 65536, 4);
        wc_check(c, e == 0, "setsockopt(%s) with a DWORD: error %d", dw[i].what, e);
        if (!dw[i].sized) continue;
        e = setopt(t, dw[i].level, dw[i].name, 65536, 2);
        wc_check(c, e == WSAEFAULT, "setsockopt(%s) with optlen 2: error %d, expected WSAEFAULT", dw[i].what, e);
    }
    /* SO_SNDBUF and SO_RCVBUF read back what was set, 0 included (Wine's ws2_32 tests run on
     * Windows set and read them so) */
    static const DWORD sizes[2] = {32768, 0};
    for (int i = 0; i < 2; i++) {
        int name = i ? SO_SNDBUF : SO_RCVBUF;
        DWORD v = 0xFFFFFFFFu;
        int len = -1, e = setopt(x, SOL_SOCKET, name, sizes[i], 4);
        int g = e ? e : getopt_dword(x, name, &v, &len);
        wc_check(c, e == 0 && g == 0 && v == sizes[i] && len == 4,
                 "%s set to %lu: set error %d, getsockopt error %d, value %lu, len %d", i ? "SO_SNDBUF" : "SO_RCVBUF",
                 (unsigned long)sizes[i], e, g, (unsigned long)v, len);
    }
    int e = setopt(u, SOL_SOCKET, SO_BROADCAST, 1, 4);
    wc_check(c, e == 0, "setsockopt(SO_BROADCAST) on a UDP socket: error %d", e);
    DWORD v;
    int len;
    e = getopt_dword(t, SO_REUSEADDR, &v, &len);
    wc_check(c, e == 0 && v == 0 && len == 4, "SO_REUSEADDR of a new socket: error %d, value %lu, len %d; expected 0",
             e, (unsigned long)v, len);
    e = setopt(t, SOL_SOCKET, SO_REUSEADDR, 1, 4);
    wc_check(c, e == 0, "setsockopt(SO_REUSEADDR, 1): error %d", e);
    e = getopt_dword(t, SO_REUSEADDR, &v, &len);
    wc_check(c, e == 0 && v == 1 && len == 4, "SO_REUSEADDR after setting it: error %d, value %lu, len %d; expected 1",
             e, (unsigned long)v, len);
    e = setopt(t, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1, 4);
    wc_check(c, e == WSAEINVAL, "SO_EXCLUSIVEADDRUSE on a socket with SO_REUSEADDR: error %d, expected WSAEINVAL", e);
    e = getopt_dword(t, SO_EXCLUSIVEADDRUSE, &v, &len);
    wc_check(c, e == 0 && v == 0, "SO_EXCLUSIVEADDRUSE after the refused set: error %d, value %lu; expected 0", e,
             (unsigned long)v);
    e = setopt(x, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1, 4);
    wc_check(c, e == 0, "SO_EXCLUSIVEADDRUSE on a new socket: error %d", e);
    e = getopt_dword(x, SO_EXCLUSIVEADDRUSE, &v, &len);
    wc_check(c, e == 0 && v == 1 && len == 4, "SO_EXCLUSIVEADDRUSE after setting it: error %d, value %lu, len %d", e,
             (unsigned long)v, len);
    e = setopt(x, SOL_SOCKET, SO_REUSEADDR, 1, 4);
    wc_check(c, e == WSAEINVAL, "SO_REUSEADDR on a socket with SO_EXCLUSIVEADDRUSE: error %d, expected WSAEINVAL", e);
    e = getopt_dword(x, SO_REUSEADDR, &v, &len);
    wc_check(c, e == 0 && v == 0, "SO_REUSEADDR after the refused set: error %d, value %lu; expected 0", e,
             (unsigned long)v);
    /* SO_EXCLUSIVEADDRUSE belongs before bind ("Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE");
     * no page names the error of a late set: the model's own answer */
    SOCKET late = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in any = {.sin_family = AF_INET};
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (wc_check(c, late != INVALID_SOCKET && bind(late, (struct sockaddr *)&any, sizeof any) == 0,
                 "set-up: a bound socket: %d", WSAGetLastError()))
        wc_model_answer(c, "SO_EXCLUSIVEADDRUSE.after-bind", "%d", setopt(late, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1, 4));
    if (late != INVALID_SOCKET) closesocket(late);
    closesocket(x);
    closesocket(u);
    closesocket(t);
}

/* Sets each option of rows on s to its value and reads it back: DWORD options give back the
 * DWORD set, with optlen 4; BOOL options (SO_KEEPALIVE) one byte, optlen 1, as Wine's ws2_32
 * tests record of Windows (test_set_getsockopt's size table). */
typedef struct {
    int level, name;
    const char *what;
    DWORD set;
    int len; /* what getsockopt reports: 4, or 1 for a BOOL option */
} opt_row;
static void opts_read_back(wc_ctx *c, SOCKET s, const opt_row *rows, size_t n) {
    for (size_t i = 0; i < n; i++) {
        int e = setopt(s, rows[i].level, rows[i].name, rows[i].set, 4);
        DWORD v = WC_SENTINEL;
        int len = (int)sizeof v, g = e ? e : getsockopt(s, rows[i].level, rows[i].name, (char *)&v, &len);
        if (g) g = WSAGetLastError();
        DWORD want = rows[i].len == 1 ? (WC_SENTINEL & ~0xFFu) | rows[i].set : rows[i].set;
        wc_check(c, e == 0 && g == 0 && v == want && len == rows[i].len,
                 "%s set to %lu: set error %d, getsockopt error %d, value 0x%lx, len %d; expected 0x%lx, len %d",
                 rows[i].what, (unsigned long)rows[i].set, e, g, (unsigned long)v, len, (unsigned long)want,
                 rows[i].len);
    }
}

/* The setsockopt page's WSAEFAULT, "The buffer pointed to by the optval parameter is not in a
 * valid part of the process address space": an optval that points nowhere is refused and the
 * option keeps the value it had (want). */
static void opt_unmapped(wc_ctx *c, SOCKET s, int level, int name, const char *what, DWORD want) {
    const char *nowhere = (const char *)wt_unmapped_address(wc_target(c));
    if (!nowhere) return; /* the target gives no such address: the read-back checks still run */
    int rc = setsockopt(s, level, name, nowhere, (int)sizeof(DWORD));
    int e = rc ? WSAGetLastError() : 0;
    DWORD v = WC_SENTINEL;
    int len = (int)sizeof v;
    int g = getsockopt(s, level, name, (char *)&v, &len) ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT && g == 0 && v == want,
             "setsockopt %s from an unmapped optval: rc %d error %d, then value %lu (get error %d); expected "
             "WSAEFAULT and the value %lu kept",
             what, rc, e, (unsigned long)v, g, (unsigned long)want);
}

/* S3 (getsockopt page: "WSAEFAULT: One of the optval or the optlen parameters is not a valid part
 * of the user address space, or the optlen parameter is too small"): a getsockopt whose optlen
 * or optval points nowhere is refused, and the optlen it could read is left as it was. */
static void getsockopt_unmapped(wc_ctx *c) {
    char *nowhere = (char *)wt_unmapped_address(wc_target(c));
    if (!nowhere) wc_unsupported(c, "the target has no unmapped address to offer");
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    DWORD v = WC_SENTINEL;
    int rc = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, (int *)nowhere);
    int e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT && v == WC_SENTINEL,
             "getsockopt(SO_TYPE) with an unmapped optlen: rc %d error %d, value %#lx; expected WSAEFAULT, nothing "
             "written",
             rc, e, (unsigned long)v);
    int len = (int)sizeof(DWORD);
    rc = getsockopt(s, SOL_SOCKET, SO_TYPE, nowhere, &len);
    e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT && len == (int)sizeof(DWORD),
             "getsockopt(SO_TYPE) into an unmapped optval: rc %d error %d, optlen %d; expected WSAEFAULT, optlen 4 "
             "kept",
             rc, e, len);
    closesocket(s);
}

/* S3 (learn.microsoft.com "SOL_SOCKET socket options": SO_RCVTIMEO and SO_SNDTIMEO are DWORD
 * milliseconds, 0 by default; SO_KEEPALIVE; SO_ACCEPTCONN "Returns whether a socket is in
 * listening mode"; "IPPROTO_IP socket options": IP_TTL, IP_TOS; "IPPROTO_IPV6 socket
 * options": IPV6_UNICAST_HOPS): the options an everyday server sets on its sockets read back
 * what it set.  A new socket's IP_TTL is the stack's default, 128 ("TCP/IP and NBT configuration
 * parameters": DefaultTTL, "Default: 128"). */
static void sockopt_dwords(wc_ctx *c) {
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0), u6 = socket(AF_INET6, SOCK_DGRAM, 0);
    if (!wc_check(c, t != INVALID_SOCKET, "set-up: a TCP socket: %d", WSAGetLastError())) return;
    static const opt_row rows[] = {{SOL_SOCKET, SO_RCVTIMEO, "SO_RCVTIMEO", 250, 4},
                                   {SOL_SOCKET, SO_SNDTIMEO, "SO_SNDTIMEO", 500, 4},
                                   {SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", 1, 1},
                                   {IPPROTO_IP, IP_TTL, "IP_TTL", 17, 4},
                                   {IPPROTO_IP, IP_TOS, "IP_TOS", 0x10, 4}};
    opts_read_back(c, t, rows, sizeof rows / sizeof rows[0]);
    DWORD v = WC_SENTINEL;
    int len = (int)sizeof v, e;
    SOCKET f = socket(AF_INET, SOCK_STREAM, 0);
    DWORD d = WC_SENTINEL;
    int dlen = (int)sizeof d;
    int de = getsockopt(f, SOL_SOCKET, SO_RCVTIMEO, (char *)&d, &dlen) ? WSAGetLastError() : 0;
    wc_check(c, de == 0 && d == 0, "SO_RCVTIMEO of a new socket: error %d, value %lu; expected 0", de,
             (unsigned long)d);
    d = WC_SENTINEL;
    dlen = (int)sizeof d;
    de = getsockopt(f, SOL_SOCKET, SO_SNDTIMEO, (char *)&d, &dlen) ? WSAGetLastError() : 0;
    wc_check(c, de == 0 && d == 0, "SO_SNDTIMEO of a new socket: error %d, value %lu; expected 0 (never times out)", de,
             (unsigned long)d);
    d = WC_SENTINEL;
    dlen = (int)sizeof d;
    de = getsockopt(f, IPPROTO_IP, IP_TTL, (char *)&d, &dlen) ? WSAGetLastError() : 0;
    wc_check(c, de == 0 && d == 128, "IP_TTL of a new socket: error %d, value %lu; expected 128 (DefaultTTL)", de,
             (unsigned long)d);
    d = WC_SENTINEL;
    dlen = (int)sizeof d;
    de = getsockopt(f, IPPROTO_IP, IP_TOS, (char *)&d, &dlen) ? WSAGetLastError() : 0;
    wc_check(c, de == 0 && d == 0, "IP_TOS of a new socket: error %d, value %lu; expected 0 (no type of service)", de,
             (unsigned long)d);
    opt_unmapped(c, f, SOL_SOCKET, SO_RCVTIMEO, "SO_RCVTIMEO", 0);
    opt_unmapped(c, f, IPPROTO_IP, IP_TTL, "IP_TTL", 128);
    if (u6 != INVALID_SOCKET) {
        opts_read_back(c, u6, rows, 2); /* the timeouts are every socket's, a UDP one's too */
        e = setopt(u6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9, 4);
        v = WC_SENTINEL;
        len = (int)sizeof v;
        int g = e ? e : getsockopt(u6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, (char *)&v, &len) ? WSAGetLastError() : 0;
        wc_check(c, e == 0 && g == 0 && v == 9, "IPV6_UNICAST_HOPS set to 9: set error %d, get error %d, value %lu", e,
                 g, (unsigned long)v);
        /* the IPv4 level's IP_TTL and IP_TOS on an IPv6 socket: no page says (the model's answer) */
        int ttl = setopt(u6, IPPROTO_IP, IP_TTL, 9, 4), tos = setopt(u6, IPPROTO_IP, IP_TOS, 0x10, 4);
        wc_model_answer(c, "setsockopt.ipv4-options-on-ipv6", "%d %d", ttl, tos);
        /* keep-alives are a connection's ("SOL_SOCKET socket options", SO_KEEPALIVE); what a
         * datagram socket answers no page says */
        wc_model_answer(c, "setsockopt.keepalive-on-udp", "%d", setopt(u6, SOL_SOCKET, SO_KEEPALIVE, 1, 4));
        closesocket(u6);
    }
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l != INVALID_SOCKET) {
        e = getopt_dword(l, SO_ACCEPTCONN, &v, &len);
        int e2 = getopt_dword(f, SO_ACCEPTCONN, &d, &dlen);
        wc_check(
            c, e == 0 && v == 1 && e2 == 0 && d == 0,
            "SO_ACCEPTCONN: listening socket error %d value %lu, fresh socket error %d value %lu; expected 1 and 0", e,
            (unsigned long)v, e2, (unsigned long)d);
        closesocket(l);
    }
    closesocket(f);
    closesocket(t);
}

/* S3 (learn.microsoft.com "IPPROTO_TCP socket options": TCP_KEEPIDLE and TCP_KEEPINTVL in
 * seconds, TCP_KEEPCNT, Windows 10 1703/1709 and later): the keepalive of a server's
 * connections, set per socket, reads back what was set.  Before that, what a new socket
 * reads: the SIO_KEEPALIVE_VALS page gives the system's defaults (2 hours idle, probes 1 second
 * apart, 10 of them) but the KeepAliveTime and KeepAliveInterval registry values change them on a
 * machine, so the model's answer is pinned and other stacks' only reported. */
static void tcp_keepalive_opts(wc_ctx *c) {
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, t != INVALID_SOCKET, "set-up: a TCP socket: %d", WSAGetLastError())) return;
    static const int names[] = {TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT};
    long dflt[3];
    for (int i = 0; i < 3; i++) {
        DWORD v = WC_SENTINEL;
        int len = (int)sizeof v;
        dflt[i] = getsockopt(t, IPPROTO_TCP, names[i], (char *)&v, &len) ? -(long)WSAGetLastError() : (long)v;
    }
    wc_model_answer(c, "keepalive.defaults", "idle %ld, interval %ld, count %ld", dflt[0], dflt[1], dflt[2]);
    static const opt_row rows[] = {{IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE", 30, 4},
                                   {IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL", 5, 4},
                                   {IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT", 3, 4}};
    opts_read_back(c, t, rows, sizeof rows / sizeof rows[0]);
    closesocket(t);
    /* IPPROTO_TCP options belong to TCP: a UDP socket has none of them (setsockopt and getsockopt
     * pages, WSAENOPROTOOPT: "unknown or unsupported for the specified provider or socket") */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, u != INVALID_SOCKET, "set-up: a UDP socket: %d", WSAGetLastError())) return;
    for (int i = 0; i < 3; i++) {
        DWORD v = 5;
        int len = (int)sizeof v;
        int set = setsockopt(u, IPPROTO_TCP, names[i], (const char *)&v, len), set_err = WSAGetLastError();
        int get = getsockopt(u, IPPROTO_TCP, names[i], (char *)&v, &len), get_err = WSAGetLastError();
        wc_check(c,
                 set == SOCKET_ERROR && set_err == WSAENOPROTOOPT && get == SOCKET_ERROR && get_err == WSAENOPROTOOPT,
                 "IPPROTO_TCP option %d on a UDP socket: setsockopt %d (error %d), getsockopt %d (error %d); expected "
                 "WSAENOPROTOOPT both ways",
                 names[i], set, set_err, get, get_err);
    }
    closesocket(u);
}

/* S3 (recvfrom page: "WSAECONNRESET ... On a UDP-datagram socket this error indicates a
 * previous send operation resulted in an ICMP Port Unreachable message"; Winsock IOCTLs page,
 * SIO_UDP_CONNRESET: "Set to FALSE to disable reporting"): a UDP service whose reply went to a
 * client that has gone meets WSAECONNRESET on its next receive, once, and not after it turned
 * the reports off; either way the socket goes on receiving. */
static void udp_connreset(wc_ctx *c) {
    const int af = *(const int *)wc_current(c)->param;
    SOCKADDR_STORAGE a, ra, gone;
    memset(&a, 0, sizeof a);
    a.ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET6)
        ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr[15] = 1;
    else
        ((struct sockaddr_in *)&a)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
    int len = sizeof ra, glen = sizeof gone;
    SOCKET u = socket(af, SOCK_DGRAM, 0), g = socket(af, SOCK_DGRAM, 0);
    u_long nb = 1;
    if (!wc_check(c,
                  u != INVALID_SOCKET && g != INVALID_SOCKET && bind(u, (struct sockaddr *)&a, alen) == 0 &&
                      getsockname(u, (struct sockaddr *)&ra, &len) == 0 && bind(g, (struct sockaddr *)&a, alen) == 0 &&
                      getsockname(g, (struct sockaddr *)&gone, &glen) == 0 && ioctlsocket(u, FIONBIO, &nb) == 0,
                  "set-up: UDP sockets: %d", WSAGetLastError()))
        goto out;
    closesocket(g); /* the client that has gone: its port is free again */
    g = INVALID_SOCKET;
    char buf[32];
    int results[2][2]; /* [reports on, off][the receive after the send, the one after that] */
    for (int off = 0; off < 2; off++) {
        if (off) {
            BOOL no = FALSE;
            DWORD n = WC_SENTINEL;
            int rc = WSAIoctl(u, SIO_UDP_CONNRESET, &no, sizeof no, NULL, 0, &n, NULL, NULL);
            if (!wc_check(c, rc == 0, "SIO_UDP_CONNRESET FALSE: error %d", rc ? WSAGetLastError() : 0)) goto out;
            /* WSAIoctl page, lpcbBytesReturned: "the actual number of bytes of output"; this
             * code has none */
            wc_check(c, n == 0, "SIO_UDP_CONNRESET set *lpcbBytesReturned to %lu; the code has no output: 0",
                     (unsigned long)n);
        }
        int rc = sendto(u, "reply", 5, 0, (struct sockaddr *)&gone, alen);
        if (!wc_check(c, rc == 5, "sendto the port nobody holds: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0))
            goto out;
        fd_set r;
        FD_ZERO(&r);
        FD_SET(u, &r);
        struct timeval tv = {0, 500000}; /* the ICMP answer comes back on loopback well within this */
        select(0, &r, NULL, NULL, &tv);
        for (int k = 0; k < 2; k++) {
            /* the first with lpFrom: what a report writes there no page says (pinned) */
            SOCKADDR_STORAGE from;
            memset(&from, 0, sizeof from);
            int fl = (int)sizeof from;
            rc = k == 0 ? recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl)
                        : recvfrom(u, buf, sizeof buf, 0, NULL, NULL);
            results[off][k] = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
            if (k == 0 && !off)
                wc_model_answer(c, "recvfrom.connreset-from", "%s",
                                results[0][0] != WSAECONNRESET                  ? "no report"
                                : from.ss_family == 0 && fl == (int)sizeof from ? "untouched"
                                : same_addr((struct sockaddr *)&from, (struct sockaddr *)&gone)
                                    ? "the port that refused"
                                    : "another");
        }
    }
    wc_check(c, results[0][0] == WSAECONNRESET && results[0][1] == WSAEWOULDBLOCK,
             "reports on: the receives after a datagram to a port nobody holds: errors %d then %d; expected "
             "WSAECONNRESET then WSAEWOULDBLOCK",
             results[0][0], results[0][1]);
    wc_check(c, results[1][0] == WSAEWOULDBLOCK && results[1][1] == WSAEWOULDBLOCK,
             "reports off (SIO_UDP_CONNRESET FALSE): the receives: errors %d then %d; expected WSAEWOULDBLOCK",
             results[1][0], results[1][1]);
    static const char msg[] = "still receiving";
    int rc = sendto(u, msg, (int)sizeof msg, 0, (struct sockaddr *)&ra, alen);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(u, &r);
    struct timeval tv = {5, 0};
    int got =
        rc == (int)sizeof msg && select(0, &r, NULL, NULL, &tv) == 1 ? recvfrom(u, buf, sizeof buf, 0, NULL, NULL) : -2;
    wc_check(c, got == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
             "the socket afterwards: sendto %d, recvfrom %d", rc, got);
    /* A receive waiting when the report comes fails through its completion with nothing
     * received: WSAECONNRESET and 0 bytes in the OVERLAPPED (a failed operation transfers
     * nothing); WSAGetOverlappedResult gives that 0 or leaves its count alone (C23). */
    closesocket(u);
    u = WSASocketW(af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!wc_check(c, u != INVALID_SOCKET && bind(u, (struct sockaddr *)&a, alen) == 0,
                  "set-up: an overlapped UDP socket: %d", WSAGetLastError()))
        goto out;
    /* First one called after the report came: it fails, and its count is left alone or 0. */
    WSABUF b = {sizeof buf, buf};
    DWORD flags = 0, cb = WC_SENTINEL;
    if (!wc_check(c, sendto(u, "reply", 5, 0, (struct sockaddr *)&gone, alen) == 5, "sendto the port nobody holds: %d",
                  WSAGetLastError()))
        goto out;
    FD_ZERO(&r);
    FD_SET(u, &r);
    struct timeval half = {0, 500000};
    if (select(0, &r, NULL, NULL, &half) == 1) { /* else the report never came: checked above */
        rc = WSARecvFrom(u, &b, 1, &cb, &flags, NULL, NULL, NULL, NULL);
        int e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAECONNRESET && (cb == WC_SENTINEL || cb == 0),
                 "WSARecvFrom after the port-unreachable report: rc=%d err=%d, count %lu; expected WSAECONNRESET, "
                 "the count left alone or 0",
                 rc, e, (unsigned long)cb);
    }
    static WSAOVERLAPPED ov; /* may complete at wt_close, after this frame */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    cb = WC_SENTINEL;
    rc = WSARecvFrom(u, &b, 1, NULL, &flags, NULL, NULL, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING, "a receive with nothing queued: rc=%d err=%d", rc,
                 err) &&
        wc_check(c, sendto(u, "reply", 5, 0, (struct sockaddr *)&gone, alen) == 5, "sendto the port nobody holds: %d",
                 WSAGetLastError())) {
        DWORD wr = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, WC_WAIT_MS, FALSE);
        BOOL ok = wr == WSA_WAIT_EVENT_0 && WSAGetOverlappedResult(u, &ov, &cb, FALSE, &flags);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c,
                 wr == WSA_WAIT_EVENT_0 && !ok && err == WSAECONNRESET && (cb == 0 || cb == WC_SENTINEL) &&
                     ov.InternalHigh == 0,
                 "a receive waiting for the port-unreachable report: wait %lu, result %d, error %d, %lu bytes "
                 "(InternalHigh %lu); expected WSAECONNRESET and 0 bytes (the count 0 or kept)",
                 (unsigned long)wr, ok, err, (unsigned long)cb, (unsigned long)ov.InternalHigh);
    }
    WSACloseEvent(ov.hEvent);
out:
    if (g != INVALID_SOCKET) closesocket(g);
    if (u != INVALID_SOCKET) closesocket(u);
}

/* S3 (SIO_KEEPALIVE_VALS page: a struct tcp_keepalive in, "onoff" turns keepalive on, the
 * times in milliseconds; getsockopt SO_KEEPALIVE then reads it on; Winsock IOCTLs page,
 * SIO_BASE_HANDLE: "the base service provider handle for a given socket", which libuv and
 * servers use as the socket): what an event loop asks of each socket it adopts. */
static void keepalive_vals_base_handle(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    struct tcp_keepalive ka = {1, 30000, 2000};
    DWORD n = WC_SENTINEL;
    int rc = WSAIoctl(cl, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &n, NULL, NULL);
    int e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == 0 && n == 0, "SIO_KEEPALIVE_VALS {1, 30000, 2000}: rc=%d err=%d, %lu bytes", rc, e,
             (unsigned long)n);
    DWORD v = 0;
    int len = (int)sizeof v;
    rc = getsockopt(cl, SOL_SOCKET, SO_KEEPALIVE, (char *)&v, &len);
    wc_check(c, rc == 0 && (v & 0xFF) == 1, "SO_KEEPALIVE after SIO_KEEPALIVE_VALS: rc=%d value 0x%lx", rc,
             (unsigned long)v);
    SOCKET base = INVALID_SOCKET;
    n = WC_SENTINEL;
    rc = WSAIoctl(cl, SIO_BASE_HANDLE, NULL, 0, &base, sizeof base, &n, NULL, NULL);
    e = rc ? WSAGetLastError() : 0;
    struct sockaddr_in x, y;
    int xl = sizeof x, yl = sizeof y;
    wc_check(
        c,
        rc == 0 && n == sizeof base && base != INVALID_SOCKET && getsockname(cl, (struct sockaddr *)&x, &xl) == 0 &&
            getsockname(base, (struct sockaddr *)&y, &yl) == 0 &&
            same_addr((struct sockaddr *)&x, (struct sockaddr *)&y),
        "SIO_BASE_HANDLE: rc=%d err=%d, %lu bytes; the handle it gave is not the same socket", rc, e, (unsigned long)n);
    rc = send(sv, "ka", 2, 0);
    char buf[4];
    int got = rc == 2 ? recv(base, buf, sizeof buf, 0) : -2;
    wc_check(c, got == 2 && memcmp(buf, "ka", 2) == 0, "a recv on the base handle: %d", got);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (WSASocket page: "WSA_FLAG_NO_HANDLE_INHERIT: Create a socket that is non-inheritable.  A
 * socket handle created by the WSASocket or the socket function is inheritable by default";
 * "SetHandleInformation", "GetHandleInformation"): what a server that starts child processes
 * checks and changes on its sockets. */
static void handle_inherit(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    SOCKET n = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (!wc_check(c, s != INVALID_SOCKET && n != INVALID_SOCKET, "set-up: sockets: %d", WSAGetLastError())) return;
    DWORD fs = WC_SENTINEL, fn = WC_SENTINEL, after = WC_SENTINEL;
    BOOL gs = GetHandleInformation((HANDLE)s, &fs), gn = GetHandleInformation((HANDLE)n, &fn);
    wc_check(c, gs && (fs & HANDLE_FLAG_INHERIT),
             "socket(): GetHandleInformation %d, flags 0x%lx; expected inheritable", gs, (unsigned long)fs);
    wc_check(c, gn && !(fn & HANDLE_FLAG_INHERIT),
             "WSA_FLAG_NO_HANDLE_INHERIT: GetHandleInformation %d, flags 0x%lx; expected not inheritable", gn,
             (unsigned long)fn);
    BOOL set = SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
    BOOL g = GetHandleInformation((HANDLE)s, &after);
    wc_check(c, set && g && !(after & HANDLE_FLAG_INHERIT),
             "SetHandleInformation(HANDLE_FLAG_INHERIT, 0): %d, then flags 0x%lx (get %d)", set, (unsigned long)after,
             g);
    if (wc_on_model(c)) { /* kernel32 writes through lpdwFlags: on Windows an access violation */
        SetLastError(0);
        g = GetHandleInformation((HANDLE)s, wt_readonly_page(wc_target(c)));
        wc_model_answer(c, "GetHandleInformation.read-only-flags", "%d %lu", (int)g, (unsigned long)GetLastError());
    }
    closesocket(n);
    closesocket(s);
}

/* S3 (WSASocket page: "WSAEINVAL ... The WSAPROTOCOL_INFO structure that lpProtocolInfo points
 * to is incomplete, the contents are invalid ..."; "WSAEFAULT: The lpProtocolInfo parameter is
 * not in a valid part of the process address space"): a proxy that passes a protocol info it
 * did not get from the stack gets no socket and is told why.  A zeroed structure names no
 * provider (catalog entry 0); 1,024 bytes cover WSAPROTOCOL_INFOW on every ABI. */
static void wsasocket_info(wc_ctx *c) {
    const int *unmapped = wc_current(c)->param;
    static _Alignas(8) BYTE zeros[1024];
    memset(zeros, 0, sizeof zeros);
    LPWSAPROTOCOL_INFOW info =
        *unmapped ? (LPWSAPROTOCOL_INFOW)wt_unmapped_address(wc_target(c)) : (LPWSAPROTOCOL_INFOW)zeros;
    if (!info) wc_unsupported(c, "the target has no unmapped address to offer");
    int want = *unmapped ? WSAEFAULT : WSAEINVAL;
    for (int overlapped = 0; overlapped < 2; overlapped++) {
        WSASetLastError(0);
        SOCKET s = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, info, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
        int err = s == INVALID_SOCKET ? WSAGetLastError() : 0;
        wc_check(c, s == INVALID_SOCKET && err == want,
                 "WSASocketW with %s protocol info%s: %s, error %d; expected INVALID_SOCKET and %s",
                 *unmapped ? "an unmapped" : "a zeroed", overlapped ? ", overlapped" : "",
                 s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err, *unmapped ? "WSAEFAULT" : "WSAEINVAL");
        if (s != INVALID_SOCKET) closesocket(s);
    }
}

/* S3 ("SOL_SOCKET socket options": SO_LINGER "Lingers on close if unsent data is present", a
 * struct linger; SO_DONTLINGER "Indicates the state of the l_onoff member of the linger
 * structure", a BOOL): what a server sets before it closes a connection, read back. */
static void linger_read_back(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: a TCP socket: %d", WSAGetLastError())) return;
    DWORD v = WC_SENTINEL;
    int len;
    int e = getopt_dword(s, SO_DONTLINGER, &v, &len);
    wc_check(c, e == 0 && v == 1, "SO_DONTLINGER of a new socket: error %d, value 0x%lx; expected 1", e,
             (unsigned long)v);
    struct linger l = {1, 7}, r = {9, 9};
    int llen = (int)sizeof r;
    /* setsockopt page: WSAEFAULT when "the optlen parameter is too small" */
    int shortfall = setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l, 2) ? WSAGetLastError() : 0;
    wc_check(c, shortfall == WSAEFAULT, "SO_LINGER with optlen 2: error %d; expected WSAEFAULT", shortfall);
    e = setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l, sizeof l) ? WSAGetLastError() : 0;
    int g = e ? e : getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&r, &llen) ? WSAGetLastError() : 0;
    wc_check(c, e == 0 && g == 0 && r.l_onoff && r.l_linger == 7, "SO_LINGER {1, 7}: set %d, get %d, read {%u, %u}", e,
             g, r.l_onoff, r.l_linger);
    e = getopt_dword(s, SO_DONTLINGER, &v, &len);
    wc_check(c, e == 0 && v == 0, "SO_DONTLINGER after SO_LINGER on: error %d, value 0x%lx; expected 0", e,
             (unsigned long)v);
    /* Setting SO_DONTLINGER sets l_onoff to its negation (what becomes of l_linger is not
     * documented: wine 8.0 zeroes it for SO_DONTLINGER 0). */
    for (DWORD on = 1; on != (DWORD)-1; on--) {
        e = setsockopt(s, SOL_SOCKET, SO_DONTLINGER, (const char *)&on, sizeof on) ? WSAGetLastError() : 0;
        r.l_onoff = r.l_linger = 9;
        llen = (int)sizeof r;
        g = e ? e : getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&r, &llen) ? WSAGetLastError() : 0;
        wc_check(c, e == 0 && g == 0 && (r.l_onoff != 0) == !on,
                 "SO_DONTLINGER %lu: set %d, get %d, SO_LINGER then {%u, %u}; expected l_onoff %d", (unsigned long)on,
                 e, g, r.l_onoff, r.l_linger, !on);
    }
    closesocket(s);
}

/* S3 ("SOL_SOCKET socket options", SO_RCVTIMEO: "The timeout, in milliseconds, for blocking
 * receive calls ... If a blocking receive call times out, the connection is in an indeterminate
 * state and should be closed"; recv and recvfrom pages: WSAETIMEDOUT): a blocking receive with
 * nothing to come ends with WSAETIMEDOUT, on TCP and on UDP, and the UDP service then takes
 * the next datagram as before. */
static void rcvtimeo(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    struct sockaddr_in a = {.sin_family = AF_INET}, ra;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof ra;
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c,
                  u != INVALID_SOCKET && bind(u, (struct sockaddr *)&a, sizeof a) == 0 &&
                      getsockname(u, (struct sockaddr *)&ra, &len) == 0,
                  "set-up: a UDP socket: %d", WSAGetLastError()))
        goto out;
    int e = setopt(cl, SOL_SOCKET, SO_RCVTIMEO, 200, 4), e2 = setopt(u, SOL_SOCKET, SO_RCVTIMEO, 200, 4);
    if (!wc_check(c, e == 0 && e2 == 0, "setsockopt(SO_RCVTIMEO, 200): errors %d and %d", e, e2)) goto out;
    char buf[32];
    int rc = recv(cl, buf, sizeof buf, 0);
    e = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && e == WSAETIMEDOUT, "a blocking TCP recv past SO_RCVTIMEO: rc=%d err=%d", rc, e);
    rc = recvfrom(u, buf, sizeof buf, 0, NULL, NULL);
    e = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && e == WSAETIMEDOUT, "a blocking UDP recvfrom past SO_RCVTIMEO: rc=%d err=%d", rc,
             e);
    static const char msg[] = "after the timeout";
    rc = sendto(u, msg, (int)sizeof msg, 0, (struct sockaddr *)&ra, sizeof ra);
    int got = rc == (int)sizeof msg ? recvfrom(u, buf, sizeof buf, 0, NULL, NULL) : -2;
    wc_check(c, got == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
             "the UDP socket after its timeout: sendto %d, recvfrom %d (err %d)", rc, got,
             got < 0 ? WSAGetLastError() : 0);
out:
    if (u != INVALID_SOCKET) closesocket(u);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (bind page: INADDR_ANY lets the stack choose the address; getsockname page: a socket bound
 * to the unspecified address has its address once it is connected): a proxy that binds its
 * listener and its outbound socket to the wildcard address.  A connect to loopback reaches the
 * wildcard listener; the client is then named by loopback with the port it was bound to. */
static void wildcard_connect(wc_ctx *c) {
    struct sockaddr_in any = {.sin_family = AF_INET}, la, cb, ca;
    int len = sizeof la;
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0), s = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c,
                  l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&any, sizeof any) == 0 &&
                      listen(l, 4) == 0 && getsockname(l, (struct sockaddr *)&la, &len) == 0 &&
                      bind(s, (struct sockaddr *)&any, sizeof any) == 0,
                  "set-up: wildcard sockets: %d", WSAGetLastError()))
        return;
    len = sizeof cb;
    wc_check(c, getsockname(s, (struct sockaddr *)&cb, &len) == 0 && cb.sin_addr.s_addr == 0 && cb.sin_port != 0,
             "getsockname of a socket bound to 0.0.0.0 port 0: address 0x%08lx port %d, expected 0.0.0.0 and a port",
             (unsigned long)ntohl(cb.sin_addr.s_addr), ntohs(cb.sin_port));
    struct sockaddr_in to = la;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = connect(s, (struct sockaddr *)&to, sizeof to);
    if (wc_check(c, rc == 0, "connect to 127.0.0.1 port %d of a listener bound to 0.0.0.0: %d", ntohs(la.sin_port),
                 rc ? WSAGetLastError() : 0)) {
        len = sizeof ca;
        rc = getsockname(s, (struct sockaddr *)&ca, &len);
        wc_check(c, rc == 0 && ca.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ca.sin_port == cb.sin_port,
                 "getsockname after connecting to loopback: address 0x%08lx port %d; expected 127.0.0.1 port %d",
                 (unsigned long)ntohl(ca.sin_addr.s_addr), ntohs(ca.sin_port), ntohs(cb.sin_port));
        struct sockaddr_in p;
        len = sizeof p;
        SOCKET a = accept(l, (struct sockaddr *)&p, &len);
        wc_check(c, a != INVALID_SOCKET && p.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && p.sin_port == cb.sin_port,
                 "the listener accepted a peer 0x%08lx port %d; expected 127.0.0.1 port %d",
                 (unsigned long)ntohl(p.sin_addr.s_addr), ntohs(p.sin_port), ntohs(cb.sin_port));
        if (a != INVALID_SOCKET) closesocket(a);
    }
    closesocket(s);
    closesocket(l);
}

/* S3 (connect page: for a connectionless socket connect sets the default destination that send
 * and recv use; getpeername gives it): a UDP proxy's connected upstream socket. */
static void udp_connected(wc_ctx *c) {
    struct sockaddr_in a = {.sin_family = AF_INET}, ra, sa, p, from;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof ra;
    SOCKET rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c,
                  rx != INVALID_SOCKET && tx != INVALID_SOCKET && bind(rx, (struct sockaddr *)&a, sizeof a) == 0 &&
                      getsockname(rx, (struct sockaddr *)&ra, &len) == 0,
                  "set-up: UDP sockets: %d", WSAGetLastError()))
        return;
    int rc = connect(tx, (struct sockaddr *)&ra, sizeof ra);
    wc_check(c, rc == 0, "connect of a UDP socket: %d", rc ? WSAGetLastError() : 0);
    len = sizeof p;
    rc = getpeername(tx, (struct sockaddr *)&p, &len);
    wc_check(c, rc == 0 && p.sin_port == ra.sin_port && p.sin_addr.s_addr == ra.sin_addr.s_addr,
             "getpeername of the connected UDP socket: rc=%d port %d; expected %d", rc, ntohs(p.sin_port),
             ntohs(ra.sin_port));
    len = sizeof sa;
    wc_check(c, getsockname(tx, (struct sockaddr *)&sa, &len) == 0 && sa.sin_port != 0,
             "the connected UDP socket has no port: %d", WSAGetLastError());
    static const char msg[] = "to the default destination";
    rc = send(tx, msg, (int)sizeof msg, 0);
    wc_check(c, rc == (int)sizeof msg, "send on the connected UDP socket: %d (err %d)", rc,
             rc < 0 ? WSAGetLastError() : 0);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(rx, &r);
    struct timeval tv = {5, 0};
    if (wc_check(c, select(0, &r, NULL, NULL, &tv) == 1, "the datagram did not arrive within 5 s")) {
        char buf[64];
        len = sizeof from;
        rc = recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
        wc_check(c, rc == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0 && from.sin_port == sa.sin_port,
                 "the receiver got %d bytes from port %d; expected %d from %d", rc, ntohs(from.sin_port),
                 (int)sizeof msg, ntohs(sa.sin_port));
    }
    closesocket(tx);
    closesocket(rx);
}

/* FIONREAD of s through ioctlsocket, or ~0u after a failed check. */
static u_long fionread(wc_ctx *c, SOCKET s) {
    u_long v = 0xdeadbeef;
    int rc = ioctlsocket(s, FIONREAD, &v);
    return wc_check(c, rc == 0, "ioctlsocket(FIONREAD): %d", rc ? WSAGetLastError() : 0) ? v : ~0u;
}

/* S3 (ioctlsocket page, FIONREAD: "the amount of data that can be read in a single call to the
 * recv function"; WSAIoctl page: WSAEFAULT when cbOutBuffer is too small; Winsock IOCTLs page:
 * on a message-oriented socket FIONREAD "returns the reports the total number of bytes
 * available to read, not the size of the first datagram (message) queued on the socket"): a
 * proxy sizes its reads with it.  A stream's count covers what two sends queued and falls by
 * what a receive took; a UDP socket with two datagrams queued counts both, then the second. */
static void fionread_counts(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    static const char a[] = "thirteen byte", b[] = "seven!";
    int rc = send(sv, a, (int)sizeof a - 1, 0), rc2 = send(sv, b, (int)sizeof b, 0);
    u_long want = (u_long)(sizeof a - 1 + sizeof b), n = 0;
    if (!wc_check(c, rc == (int)sizeof a - 1 && rc2 == (int)sizeof b, "set-up: sends: %d, %d", rc, rc2)) goto out;
    for (int i = 0; i < 500 && (n = fionread(c, cl)) < want; i++) { /* on a real stack the bytes may still travel */
        fd_set r;
        FD_ZERO(&r);
        FD_SET(cl, &r);
        struct timeval tv = {0, 10000};
        select(0, &r, NULL, NULL, &tv);
    }
    wc_check(c, n == want, "FIONREAD after sends of %d and %d bytes: %lu, expected %lu", (int)sizeof a - 1,
             (int)sizeof b, (unsigned long)n, (unsigned long)want);
    char buf[32];
    rc = recv(cl, buf, 5, 0);
    n = fionread(c, cl);
    wc_check(c, rc == 5 && n == want - 5, "FIONREAD after a receive of %d bytes: %lu, expected %lu", rc,
             (unsigned long)n, (unsigned long)(want - 5));
    u_long v = 0;
    DWORD cb = WC_SENTINEL;
    rc = WSAIoctl(cl, FIONREAD, NULL, 0, &v, sizeof v, &cb, NULL, NULL);
    wc_check(c, rc == 0 && v == want - 5 && cb == sizeof v,
             "WSAIoctl(FIONREAD): rc=%d value %lu, %lu bytes returned; expected %lu and %d", rc, (unsigned long)v,
             (unsigned long)cb, (unsigned long)(want - 5), (int)sizeof v);
    rc = WSAIoctl(cl, FIONREAD, NULL, 0, &v, 2, &cb, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "WSAIoctl(FIONREAD) with cbOutBuffer 2: rc=%d err=%d, expected WSAEFAULT", rc, err);
out:
    closesocket(cl);
    closesocket(sv);
    struct sockaddr_in ad = {.sin_family = AF_INET}, ra;
    ad.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof ra;
    SOCKET rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(
            c, bind(rx, (struct sockaddr *)&ad, sizeof ad) == 0 && getsockname(rx, (struct sockaddr *)&ra, &len) == 0,
            "set-up: UDP socket: %d", WSAGetLastError()))
        return;
    wc_check(c, fionread(c, rx) == 0, "FIONREAD of a UDP socket with nothing queued is not 0");
    rc = sendto(tx, "datagram", 9, 0, (struct sockaddr *)&ra, sizeof ra);
    rc2 = sendto(tx, "five", 5, 0, (struct sockaddr *)&ra, sizeof ra);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(rx, &r);
    struct timeval tv = {5, 0};
    if (wc_check(c, rc == 9 && rc2 == 5 && select(0, &r, NULL, NULL, &tv) == 1, "set-up: datagrams queued: %d, %d", rc,
                 rc2)) {
        u_long d = fionread(c, rx);
        for (int i = 0; i < 100 && d < 14; i++) { /* on a real stack the second may still travel */
            Sleep(10);
            d = fionread(c, rx);
        }
        wc_check(c, d == 14, "FIONREAD with datagrams of 9 and 5 bytes queued: %lu; expected 14 (all of them)",
                 (unsigned long)d);
        char buf[16];
        rc = recv(rx, buf, sizeof buf, 0);
        d = fionread(c, rx);
        wc_check(c, rc == 9 && d == 5, "FIONREAD after the first datagram was received (%d bytes): %lu, expected 5", rc,
                 (unsigned long)d);
        rc = recv(rx, buf, sizeof buf, 0);
        d = fionread(c, rx);
        wc_check(c, rc == 5 && d == 0, "FIONREAD after both were received (%d bytes): %lu, expected 0", rc,
                 (unsigned long)d);
    }
    closesocket(tx);
    closesocket(rx);
}

/* S3 (recvfrom page: "If the datagram or message is larger than the buffer specified, the
 * buffer is filled with the first part of the datagram, and recvfrom generates the error
 * WSAEMSGSIZE. For unreliable protocols (for example, UDP) the excess data is lost"): the
 * first bytes arrive with the sender's address, the rest is gone, the next datagram whole. */
static void datagram_truncated(wc_ctx *c) {
    struct sockaddr_in ad = {.sin_family = AF_INET}, ra, ta, from;
    ad.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof ra, tl = sizeof ta;
    SOCKET rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(
            c,
            bind(rx, (struct sockaddr *)&ad, sizeof ad) == 0 && getsockname(rx, (struct sockaddr *)&ra, &len) == 0 &&
                bind(tx, (struct sockaddr *)&ad, sizeof ad) == 0 && getsockname(tx, (struct sockaddr *)&ta, &tl) == 0,
            "set-up: UDP sockets: %d", WSAGetLastError()))
        return;
    int rc = sendto(tx, "0123456789", 10, 0, (struct sockaddr *)&ra, sizeof ra);
    int rc2 = sendto(tx, "ab", 2, 0, (struct sockaddr *)&ra, sizeof ra);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(rx, &r);
    struct timeval tv = {5, 0};
    if (wc_check(c, rc == 10 && rc2 == 2 && select(0, &r, NULL, NULL, &tv) == 1, "set-up: datagrams: %d, %d", rc,
                 rc2)) {
        char buf[8];
        memset(buf, '.', sizeof buf);
        len = sizeof from;
        memset(&from, 0, sizeof from);
        rc = recvfrom(rx, buf, 4, 0, (struct sockaddr *)&from, &len);
        int err = rc < 0 ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEMSGSIZE,
                 "recvfrom of a 10-byte datagram into 4 bytes: rc=%d err=%d, expected WSAEMSGSIZE", rc, err);
        wc_check(c, memcmp(buf, "0123....", 8) == 0,
                 "the 4-byte buffer holds \"%.8s\", expected \"0123\" and nothing after", buf);
        wc_check(c, from.sin_port == ta.sin_port, "the truncated datagram came from port %d, not the sender's %d",
                 ntohs(from.sin_port), ntohs(ta.sin_port));
        FD_ZERO(&r);
        FD_SET(rx, &r);
        if (wc_check(c, select(0, &r, NULL, NULL, &tv) == 1, "the second datagram did not arrive within 5 s")) {
            rc = recv(rx, buf, sizeof buf, 0);
            wc_check(c, rc == 2 && memcmp(buf, "ab", 2) == 0,
                     "the receive after the truncated datagram: %d bytes (\"%.2s\"); expected the next datagram \"ab\"",
                     rc, buf);
        }
    }
    closesocket(tx);
    closesocket(rx);
}

static const int info_zeroed = 0, info_unmapped = 1, family_v4 = AF_INET, family_v6 = AF_INET6;
/* S3 ("WSAConnectByNameA function": nodename and servicename name the host and the service,
 * "the host name or the IP address" and "the service name or destination port"; the call
 * connects s and returns TRUE; LocalAddressLength/RemoteAddressLength "on input, the size of
 * the buffer ... on output, the size of the address"; Return value: WSAEINVAL when "the
 * nodename or the servicename parameter must not be NULL.  The Reserved parameter must be
 * NULL"): a client that connects by name reaches the listener named by a numeric address and
 * by "localhost", learns the listener's address, and sends through the connection.  What no
 * page says (a port nobody listens on; a remote buffer too small) is the model's own answer. */
static void connect_by_name(wc_ctx *c) {
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    char port[8];
    snprintf(port, sizeof port, "%u", (unsigned)ntohs(((struct sockaddr_in *)&la)->sin_port));
    /* not const: MinGW declares the names LPSTR, the SDK LPCSTR */
    static char numeric[] = "127.0.0.1", named[] = "localhost";
    /* the third time with a timeout ("timeout: the time, in milliseconds, to wait for a response
     * from the remote application before aborting the call"), which a listener answers at once */
    char *const hosts[3] = {numeric, named, numeric};
    struct timeval wait = {5, 0};
    for (int i = 0; i < 3; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        SOCKADDR_STORAGE local, remote;
        memset(&local, 0x5A, sizeof local);
        memset(&remote, 0x5A, sizeof remote);
        DWORD llen = sizeof local, rlen = sizeof remote;
        BOOL ok = s != INVALID_SOCKET && WSAConnectByNameA(s, hosts[i], port, &llen, (LPSOCKADDR)&local, &rlen,
                                                           (LPSOCKADDR)&remote, i == 2 ? &wait : NULL, NULL);
        if (wc_check(c, ok, "WSAConnectByNameA(\"%s\", \"%s\"): FALSE, error %d", hosts[i], port, WSAGetLastError())) {
            const struct sockaddr_in *r = (const struct sockaddr_in *)&remote, *o = (const struct sockaddr_in *)&local;
            wc_check(
                c,
                rlen == sizeof(struct sockaddr_in) && r->sin_family == AF_INET &&
                    r->sin_port == ((struct sockaddr_in *)&la)->sin_port &&
                    r->sin_addr.s_addr == htonl(INADDR_LOOPBACK),
                "WSAConnectByNameA(\"%s\"): RemoteAddress of %lu bytes, family %d, port %u; expected the listener, "
                "127.0.0.1:%s",
                hosts[i], (unsigned long)rlen, (int)r->sin_family, (unsigned)ntohs(r->sin_port), port);
            wc_check(c, llen == sizeof(struct sockaddr_in) && o->sin_family == AF_INET,
                     "WSAConnectByNameA(\"%s\"): LocalAddress of %lu bytes, family %d; expected an IPv4 address",
                     hosts[i], (unsigned long)llen, (int)o->sin_family);
            SOCKET sv = accept(l, NULL, NULL);
            char b[2];
            wc_check(c, sv != INVALID_SOCKET && send(s, "n", 1, 0) == 1 && recv(sv, b, sizeof b, 0) == 1 && b[0] == 'n',
                     "after WSAConnectByNameA(\"%s\") the listener's connection did not carry a byte: %d", hosts[i],
                     WSAGetLastError());
            if (i == 2) {
                /* the call waited without blocking, but the socket is the caller's again: still
                 * blocking, so a receive with nothing to read waits out SO_RCVTIMEO */
                DWORD ms = 20;
                int rc =
                    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, (int)sizeof ms) ? -2 : recv(s, b, sizeof b, 0);
                int e = rc < 0 ? WSAGetLastError() : 0;
                wc_check(c, rc == SOCKET_ERROR && e == WSAETIMEDOUT,
                         "a receive with nothing to read on the socket WSAConnectByNameA connected with a timeout, "
                         "SO_RCVTIMEO 20 ms: %d, error %d; expected WSAETIMEDOUT (the socket still blocking)",
                         rc, e);
            }
            if (sv != INVALID_SOCKET) closesocket(sv);
        }
        if (s != INVALID_SOCKET) closesocket(s);
    }
    /* the refusals the page names */
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    struct {
        char *node, *service;
        LPWSAOVERLAPPED reserved;
        const char *what;
    } bad[3] = {{NULL, port, NULL, "nodename NULL"},
                {numeric, NULL, NULL, "servicename NULL"},
                {numeric, port, &ov, "Reserved not NULL"}};
    for (int i = 0; i < 3; i++) {
        WSASetLastError(0);
        BOOL ok = WSAConnectByNameA(s, bad[i].node, bad[i].service, NULL, NULL, NULL, NULL, NULL, bad[i].reserved);
        int e = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && e == WSAEINVAL, "WSAConnectByNameA with %s: %d, error %d; expected FALSE, WSAEINVAL",
                 bad[i].what, (int)ok, e);
    }
    closesocket(s);
    /* a port nobody listens on, and a RemoteAddress buffer too small: the model's answers */
    SOCKADDR_STORAGE gone;
    int gl;
    SOCKET g = loopback(c, AF_INET, 0, &gone, &gl);
    if (g != INVALID_SOCKET) {
        char none[8];
        snprintf(none, sizeof none, "%u", (unsigned)ntohs(((struct sockaddr_in *)&gone)->sin_port));
        closesocket(g);
        s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        BOOL ok = WSAConnectByNameA(s, numeric, none, NULL, NULL, NULL, NULL, NULL, NULL);
        int untimed = ok ? 0 : WSAGetLastError();
        wc_model_answer(c, "WSAConnectByName.refused", "%d %d", (int)ok, untimed);
        closesocket(s);
        /* with time to wait, a refusal is still the refusal, not a timeout */
        s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        struct timeval five = {5, 0};
        ok = WSAConnectByNameA(s, numeric, none, NULL, NULL, NULL, NULL, &five, NULL);
        int timed = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && timed == untimed,
                 "WSAConnectByNameA to a port nobody listens on, with 5 s to wait: %d, error %d; without a timeout "
                 "error %d (the same refusal expected)",
                 (int)ok, timed, untimed);
        closesocket(s);
        /* and a name nobody resolves (RFC 2606 reserves .invalid) */
        static char nobody[] = "no-such-host.invalid";
        s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ok = WSAConnectByNameA(s, nobody, port, NULL, NULL, NULL, NULL, NULL, NULL);
        wc_model_answer(c, "WSAConnectByName.unknown-host", "%d %d", (int)ok, ok ? 0 : WSAGetLastError());
        closesocket(s);
    }
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKADDR_STORAGE r;
    DWORD small = 8;
    BOOL ok = WSAConnectByNameA(s, numeric, port, NULL, NULL, &small, (LPSOCKADDR)&r, NULL, NULL);
    wc_model_answer(c, "WSAConnectByName.remote-too-small", "%d %d", (int)ok, ok ? 0 : WSAGetLastError());
    SOCKET sv = accept(l, NULL, NULL);
    if (sv != INVALID_SOCKET) closesocket(sv);
    closesocket(s);
    closesocket(l);
    /* the page connects "a stream socket"; what a datagram socket gets it does not say */
    s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ok = WSAConnectByNameA(s, numeric, port, NULL, NULL, NULL, NULL, NULL, NULL);
    wc_model_answer(c, "WSAConnectByName.datagram-socket", "%d %d", (int)ok, ok ? 0 : WSAGetLastError());
    closesocket(s);
}

static const wc_case cases[] = {
    WC_CASE("S3.acceptex-refused", "S3", "#remarks", WC_MUST,
            "AcceptEx: NULL lpOverlapped WSA_INVALID_PARAMETER; a listener not listening, a bound, connected, UDP or "
            "already accepted-into sAcceptSocket WSAEINVAL; NULL buffer or remote length 0 WSAEFAULT; INVALID_SOCKET "
            "WSAENOTSOCK; nothing signalled",
            acceptex_refused),
    WC_CASE("S3.acceptex", "S3", "#remarks", WC_MUST,
            "AcceptEx pends, completes with 0 bytes when a client connects; GetAcceptExSockaddrs gives the "
            "listener and the client; getsockname fails until SO_UPDATE_ACCEPT_CONTEXT, then names the listener",
            acceptex_plain),
    WC_CASE("S3.acceptex-data", "S3", "#remarks", WC_MUST,
            "AcceptEx with dwReceiveDataLength stays incomplete after the connect, completes with the first bytes "
            "at the buffer's start and the addresses after them",
            acceptex_data),
    WC_CASE("S3.acceptex-waiting", "S3", "#remarks", WC_MUST,
            "AcceptEx posted after a client connected: TRUE at once or pending, the event signalled either way, the "
            "same completion, addresses and connection",
            acceptex_waiting),
    WC_CASE("S3.acceptex-data-waiting", "S3", "#remarks", WC_MUST,
            "AcceptEx with dwReceiveDataLength posted after a client connected and sent: TRUE with the byte count at "
            "once, or pending with the count untouched; the bytes at the buffer's start either way",
            acceptex_data_waiting),
    WC_CASE("S3.acceptex-ipv6", "S3", "#remarks", WC_MUST,
            "AcceptEx on an IPv6 listener with regions of sizeof(sockaddr_in6)+16: the IPv6 addresses", acceptex_v6),
    WC_CASE("S3.acceptex-short-region", "S3", "#remarks", WC_MUST,
            "AcceptEx with an address region 1 byte short of sizeof(sockaddr)+16, or IPv4-sized on IPv6: no connection "
            "is accepted (refused, or failed at the completion)",
            acceptex_short),
    WC_CASE("S3.acceptex-acceptor-closed", "S3", "#remarks", WC_MUST,
            "three AcceptEx pending, the second one's sAcceptSocket closed: it completes at once with "
            "WSA_OPERATION_ABORTED, 0 bytes, flags 0, the others stay pending; the next connection is not lost",
            acceptex_acceptor_closed),
    WC_CASE("S3.acceptex-acceptor-bound", "S3", "#remarks", WC_MUST,
            "sAcceptSocket bound while its AcceptEx waits for a client's first bytes: every client is still "
            "accepted once, in the order it connected",
            acceptex_acceptor_bound),
    WC_CASE(
        "S3.autobind-range", "S3", "#remarks", WC_MUST,
        "ports the stack picks (bind to 0, a connect's and a sendto's implicit bind; TCP, UDP, IPv4, IPv6) are in the "
        "dynamic range 49152-65535",
        autobind_range),
    WC_CASE("S3.autobind-wrap", "S3", "#remarks", WC_MUST,
            "16,400 binds to port 0 after one another go round the dynamic range and never get the port a "
            "connected client holds",
            autobind_wrap),
    WC_CASE("S3.connect-by-name", "S3", "#remarks", WC_MUST,
            "WSAConnectByNameA by address and by \"localhost\": TRUE, the listener's address, a connection that "
            "carries bytes; nodename or servicename NULL, Reserved not NULL: WSAEINVAL",
            connect_by_name),
    WC_CASE("S3.extension-refusals", "S3", "#remarks", WC_MUST,
            "DisconnectEx on a TCP socket never connected: WSAENOTCONN; SO_UPDATE_ACCEPT_CONTEXT naming no socket "
            "fails; the connection carries on",
            extension_refusals),
    WC_CASE("S3.connectex-states", "S3", "#remarks", WC_MUST,
            "ConnectEx: unbound or listening WSAEINVAL, NULL lpOverlapped WSA_INVALID_PARAMETER, INVALID_SOCKET "
            "WSAENOTSOCK; refused WSAECONNREFUSED, then again on the same socket succeeds; connected WSAEISCONN; "
            "SO_UPDATE_CONNECT_CONTEXT once connected",
            connectex_states),
    WC_CASE("S3.disconnectex", "S3", "#remarks", WC_MUST,
            "DisconnectEx: WSAENOTSOCK, WSAENOTCONN unconnected, WSAEINVAL with dwReserved; blocking and overlapped, "
            "the peer reads what was sent and then the end; send WSAESHUTDOWN, receives go on, again TRUE",
            disconnectex),
    WC_CASE("S3.cancelioex", "S3", "#remarks", WC_MUST,
            "CancelIoEx of one of two pending receives aborts it (WSA_OPERATION_ABORTED) and leaves the other; again: "
            "ERROR_NOT_FOUND; with NULL aborts the rest; with nothing pending ERROR_NOT_FOUND",
            cancelioex),
    WC_CASE("S3.recv-queued", "S3", "#remarks", WC_MUST,
            "an overlapped WSARecv with bytes queued delivers them with their count; lpBuffers NULL is WSAEFAULT",
            recv_queued),
    WC_CASE("S3.sockopts", "S3", "#remarks", WC_MUST,
            "options set with a DWORD; SO_SNDBUF/SO_RCVBUF with optlen 2 WSAEFAULT, read back as set; SO_REUSEADDR and "
            "SO_EXCLUSIVEADDRUSE read back what was set and exclude each other (WSAEINVAL)",
            sockopts),
    WC_CASE_P("S3.layered.sockopts", "S3", "#remarks", WC_MUST,
              "through the model's layered provider: the same options, lengths and exclusions as S3.sockopts", sockopts,
              "layered"),
    WC_CASE("S3.sockopt-dwords", "S3", "#remarks", WC_MUST,
            "SO_RCVTIMEO, SO_SNDTIMEO, SO_KEEPALIVE (one byte), IP_TTL, IP_TOS and IPV6_UNICAST_HOPS read back what "
            "was set; SO_RCVTIMEO starts at 0, IP_TTL at 128, and keep them when optval is unmapped (WSAEFAULT); "
            "SO_ACCEPTCONN is 1 on a listener only",
            sockopt_dwords),
    WC_CASE("S3.tcp-keepalive-options", "S3", "#remarks", WC_MUST,
            "TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT read back what was set; a UDP socket has none of them "
            "(WSAENOPROTOOPT)",
            tcp_keepalive_opts),
    WC_CASE("S3.rcvtimeo", "S3", "#remarks", WC_MUST,
            "a blocking recv (TCP) and recvfrom (UDP) past SO_RCVTIMEO fail with WSAETIMEDOUT; the UDP socket then "
            "receives the next datagram",
            rcvtimeo),
    WC_CASE_P("S3.udp-connreset", "S3", "#remarks", WC_MUST,
              "a datagram to a loopback port nobody holds: the next receive fails once with WSAECONNRESET, none after "
              "SIO_UDP_CONNRESET FALSE; the socket goes on receiving",
              udp_connreset, &family_v4),
    WC_CASE_P("S3.udp-connreset.ipv6", "S3", "#remarks", WC_MUST,
              "the same over ::1: WSAECONNRESET once, none after SIO_UDP_CONNRESET FALSE; the socket goes on receiving",
              udp_connreset, &family_v6),
    WC_CASE("S3.keepalive-vals-base-handle", "S3", "#remarks", WC_MUST,
            "SIO_KEEPALIVE_VALS succeeds with 0 bytes and turns SO_KEEPALIVE on; SIO_BASE_HANDLE gives a SOCKET that "
            "is the same socket",
            keepalive_vals_base_handle),
    WC_CASE("S3.getsockopt=unmapped.optlen-or-optval", "S3", "#remarks", WC_MUST,
            "getsockopt with an unmapped optlen or optval: WSAEFAULT, nothing written", getsockopt_unmapped),
    WC_CASE_P("S3.wsasocket-protocol-info", "S3", "#remarks", WC_MUST,
              "WSASocketW with a protocol info whose contents name no provider: INVALID_SOCKET, WSAEINVAL",
              wsasocket_info, &info_zeroed),
    WC_CASE_P("S3.wsasocket=unmapped.protocol-info", "S3", "#remarks", WC_MUST,
              "WSASocketW with an unmapped protocol info: INVALID_SOCKET, WSAEFAULT", wsasocket_info, &info_unmapped),
    WC_CASE("S3.handle-inherit", "S3", "#remarks", WC_MUST,
            "socket() makes an inheritable handle, WSA_FLAG_NO_HANDLE_INHERIT one that is not; SetHandleInformation "
            "clears HANDLE_FLAG_INHERIT",
            handle_inherit),
    WC_CASE("S3.linger-read-back", "S3", "#remarks", WC_MUST,
            "SO_DONTLINGER is 1 on a new socket; SO_LINGER reads back what was set and SO_DONTLINGER then reads 0; "
            "setting SO_DONTLINGER sets l_onoff to its negation",
            linger_read_back),
    WC_CASE("S3.wildcard-connect", "S3", "#remarks", WC_MUST,
            "a connect to loopback reaches a listener bound to 0.0.0.0; the client bound to 0.0.0.0 is then named "
            "127.0.0.1 with its port",
            wildcard_connect),
    WC_CASE("S3.udp-connected", "S3", "#remarks", WC_MUST,
            "a connected UDP socket names its peer and sends to it with send(), from its own port", udp_connected),
    WC_CASE_P(
        "S3.fionread", "S3", "#remarks", WC_MUST,
        "FIONREAD counts a stream's queued bytes (less what a receive took) and every queued datagram's bytes, not "
        "the first's; WSAIoctl returns 4 bytes, WSAEFAULT with cbOutBuffer 2",
        fionread_counts, NULL),
    WC_CASE_P("S3.os.fionread", "S3", "#remarks", WC_MUST,
              "over the model's os transport: FIONREAD counts the bytes and the datagrams that arrived",
              fionread_counts, "os"),
    WC_CASE("S3.datagram-truncated", "S3", "#remarks", WC_MUST,
            "recvfrom of a datagram into a shorter buffer: WSAEMSGSIZE, the first bytes and the sender, the rest lost",
            datagram_truncated),
};
WC_TABLE(wc_socket_calls, cases);
