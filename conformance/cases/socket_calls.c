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

#include <string.h>

#define ADDR4 ((DWORD)sizeof(struct sockaddr_in) + 16u) /* AcceptEx page: 16 bytes more */
#define ADDR6 ((DWORD)sizeof(struct sockaddr_in6) + 16u)

/* A loopback socket of the family bound to port 0 (listening when asked), its name in *a. */
static SOCKET loopback(wc_ctx *c, int af, int listening, SOCKADDR_STORAGE *a, int *alen) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET6)
        ((struct sockaddr_in6 *)a)->sin6_addr.s6_addr[15] = 1;
    else
        ((struct sockaddr_in *)a)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *alen = af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
    SOCKET s = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    int len = (int)sizeof *a;
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)a, *alen) == 0 &&
                      (!listening || listen(s, 8) == 0) && getsockname(s, (struct sockaddr *)a, &len) == 0,
                  "set-up: a loopback %s socket: %d", listening ? "listening" : "bound", WSAGetLastError())) {
        if (s != INVALID_SOCKET) closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static void *ext_fn(wc_ctx *c, SOCKET s, GUID g, const char *name) {
    void *fn = NULL;
    DWORD n = 0;
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &fn, sizeof fn, &n, NULL, NULL) != 0 || !fn)
        wc_unsupported(c, "the target gives no %s pointer: %d", name, WSAGetLastError());
    return fn;
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

/* S3 (AcceptEx page, "sAcceptSocket ... must not be bound or connected", "dwLocalAddressLength:
 * at least 16 bytes more than the maximum address length for the transport protocol"; the
 * errors the page leaves open as Wine's ws2_32 tests, run on Windows, record them): a call the
 * stack must refuse before anything is queued. */
static void acceptex_refused(wc_ctx *c) {
    SOCKADDR_STORAGE a, b;
    int al, bl;
    SOCKET l = loopback(c, AF_INET, 1, &a, &al);
    if (l == INVALID_SOCKET) return;
    SOCKET notl = loopback(c, AF_INET, 0, &b, &bl);
    SOCKET acc = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (notl == INVALID_SOCKET || !wc_check(c, acc != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    LPFN_ACCEPTEX acceptex = (LPFN_ACCEPTEX)ext_fn(c, l, (GUID)WSAID_ACCEPTEX, "AcceptEx");
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
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        BOOL ok = acceptex(t[i].listener ? l : notl, t[i].bound_acceptor ? notl : acc, out, 0, t[i].local, t[i].remote,
                           &got, t[i].null_ov ? NULL : &ov);
        int err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == t[i].err, "AcceptEx with %s: %s, error %d; expected FALSE and %d", t[i].what,
                 ok ? "TRUE" : "FALSE", err, t[i].err);
    }
    BOOL ok = acceptex(INVALID_SOCKET, acc, out, 0, ADDR4, ADDR4, &got, &ov);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAENOTSOCK, "AcceptEx on INVALID_SOCKET: %s, error %d; expected WSAENOTSOCK",
             ok ? "TRUE" : "FALSE", err);
    /* nothing was queued: the event is still clear */
    wc_check(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
             "a refused AcceptEx signalled its event");
    WSACloseEvent(ov.hEvent);
    closesocket(acc);
    closesocket(notl);
    closesocket(l);
}

/* One AcceptEx on a listener of the family, with recv_len bytes of data asked for and address
 * regions of `region` bytes; then a client connects (and, with recv_len, sends `first`).
 * Checks the completion, the bytes, GetAcceptExSockaddrs and the context option. */
static void accept_one(wc_ctx *c, int af, DWORD recv_len, DWORD region) {
    static const char first[] = "first bytes";
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, af, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET acc = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!wc_check(c, acc != INVALID_SOCKET && cl != INVALID_SOCKET, "set-up: sockets: %d", WSAGetLastError())) return;
    LPFN_ACCEPTEX acceptex = (LPFN_ACCEPTEX)ext_fn(c, l, (GUID)WSAID_ACCEPTEX, "AcceptEx");
    LPFN_GETACCEPTEXSOCKADDRS sockaddrs =
        (LPFN_GETACCEPTEXSOCKADDRS)ext_fn(c, l, (GUID)WSAID_GETACCEPTEXSOCKADDRS, "GetAcceptExSockaddrs");
    static char out[64 + 2 * (ADDR6 + 8) + WC_CANARY];
    memset(out, 0xcc, sizeof out);
    DWORD got = WC_SENTINEL;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    BOOL ok = acceptex(l, acc, out, recv_len, region, region, &got, &ov);
    int err = ok ? 0 : WSAGetLastError();
    if (!wc_check(c, !ok && err == WSA_IO_PENDING,
                  "AcceptEx with nothing waiting (%s, regions of %lu, %lu data bytes): %s, error %d; expected "
                  "ERROR_IO_PENDING",
                  af == AF_INET6 ? "IPv6" : "IPv4", (unsigned long)region, (unsigned long)recv_len,
                  ok ? "TRUE" : "FALSE", err))
        goto out;
    int rc = connect(cl, (struct sockaddr *)&la, ll);
    if (!wc_check(c, rc == 0, "set-up: connect to the listener: %d", rc ? WSAGetLastError() : 0)) goto out;
    DWORD n = 0, flags = 0;
    if (recv_len) {
        /* AcceptEx page: with dwReceiveDataLength the operation completes when the first block
         * of data arrives, not when the connection does */
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
    DWORD want = recv_len ? (DWORD)sizeof first : 0;
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
     * before it getpeername is WSAENOTCONN (Wine's ws2_32 tests run on Windows show it) */
    SOCKADDR_STORAGE p;
    int pl = (int)sizeof p;
    rc = getpeername(acc, (struct sockaddr *)&p, &pl);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN,
             "getpeername of the accepted socket before SO_UPDATE_ACCEPT_CONTEXT: rc=%d err=%d, expected WSAENOTCONN",
             rc, err);
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
out:
    WSACloseEvent(ov.hEvent);
    closesocket(cl);
    closesocket(acc);
    closesocket(l);
}

static void acceptex_plain(wc_ctx *c) { accept_one(c, AF_INET, 0, ADDR4); }
static void acceptex_data(wc_ctx *c) { accept_one(c, AF_INET, 16, ADDR4); }
static void acceptex_v6(wc_ctx *c) { accept_one(c, AF_INET6, 0, ADDR6); }

/* S3 (AcceptEx page: each address region "must be at least 16 bytes more than the maximum
 * address length for the transport protocol in use"): one byte less, or IPv4-sized regions on
 * an IPv6 listener, never yields a connection: the call is refused, or it pends and fails when
 * a client connects (Windows does the latter, as Wine's ws2_32 tests run there record). */
static void short_region(wc_ctx *c, int af, DWORD local, DWORD remote) {
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = loopback(c, af, 1, &la, &ll);
    if (l == INVALID_SOCKET) return;
    SOCKET acc = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    LPFN_ACCEPTEX acceptex = (LPFN_ACCEPTEX)ext_fn(c, l, (GUID)WSAID_ACCEPTEX, "AcceptEx");
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

/* S3 (ConnectEx page, Error codes: "WSAEINVAL: The parameter s is an unbound or a listening
 * socket", "WSAEISCONN: The socket is already connected"; Return value: "If the error code
 * returned is WSAECONNREFUSED ... the application can call ConnectEx ... again on the same
 * socket"; SOL_SOCKET options page, SO_UPDATE_CONNECT_CONTEXT): the refusals, a connection
 * refused at its completion, the retry on the same socket, and the context option (on a
 * socket never connected WSAENOTCONN, as Wine's ws2_32 tests run on Windows show). */
static void connectex_states(wc_ctx *c) {
    SOCKADDR_STORAGE la, ba, gone;
    int ll, bl, gl;
    SOCKET l = loopback(c, AF_INET, 1, &la, &ll);
    SOCKET s = l == INVALID_SOCKET ? INVALID_SOCKET : loopback(c, AF_INET, 0, &ba, &bl);
    SOCKET g = s == INVALID_SOCKET ? INVALID_SOCKET : loopback(c, AF_INET, 0, &gone, &gl);
    SOCKET fresh = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (g == INVALID_SOCKET || !wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    closesocket(g); /* a loopback port nobody listens on */
    LPFN_CONNECTEX connectex = (LPFN_CONNECTEX)ext_fn(c, s, (GUID)WSAID_CONNECTEX, "ConnectEx");
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
    int rc = setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN,
             "SO_UPDATE_CONNECT_CONTEXT on a socket never connected: rc=%d err=%d, expected WSAENOTCONN", rc, err);
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
 * returns TRUE" once the disconnect is done): the peer then reads the end of the stream, with
 * the blocking call and with the overlapped one (completion: success, 0 bytes). */
static void disconnectex(wc_ctx *c) {
    for (int overlapped = 0; overlapped < 2; overlapped++) {
        SOCKET cl, sv;
        if (!pair(c, &cl, &sv)) return;
        LPFN_DISCONNECTEX disc = (LPFN_DISCONNECTEX)ext_fn(c, cl, (GUID)WSAID_DISCONNECTEX, "DisconnectEx");
        SOCKET fresh = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        WSAOVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = WSACreateEvent();
        BOOL ok = disc(fresh, NULL, 0, 0);
        int err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAENOTCONN, "DisconnectEx on a socket never connected: %s, error %d; expected %d",
                 ok ? "TRUE" : "FALSE", err, WSAENOTCONN);
        ok = disc(cl, overlapped ? &ov : NULL, 0, 1);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSAEINVAL, "DisconnectEx with dwReserved 1: %s, error %d; expected WSAEINVAL",
                 ok ? "TRUE" : "FALSE", err);
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
        } else {
            wc_check(c, ok, "DisconnectEx without lpOverlapped on a connected socket: error %d", err);
        }
        char buf[32];
        int got = 0, rc;
        while ((rc = recv(sv, buf + got, (int)sizeof buf - got, 0)) > 0) got += rc;
        wc_check(c, got == (int)sizeof last && rc == 0 && memcmp(buf, last, sizeof last) == 0,
                 "after DisconnectEx (%s) the peer read %d bytes and then %d (err %d); expected the %d sent, then 0",
                 overlapped ? "overlapped" : "blocking", got, rc, rc < 0 ? WSAGetLastError() : 0, (int)sizeof last);
        WSACloseEvent(ov.hEvent);
        closesocket(fresh);
        closesocket(cl);
        closesocket(sv);
    }
}

static const wc_case cases[] = {
    WC_CASE("S3.acceptex-refused", "S3", "#remarks", WC_MUST,
            "AcceptEx: NULL lpOverlapped WSA_INVALID_PARAMETER; a listener not listening or a bound sAcceptSocket "
            "WSAEINVAL; remote length 0 WSAEFAULT; INVALID_SOCKET WSAENOTSOCK; nothing signalled",
            acceptex_refused),
    WC_CASE("S3.acceptex", "S3", "#remarks", WC_MUST,
            "AcceptEx pends, completes with 0 bytes when a client connects; GetAcceptExSockaddrs gives the "
            "listener and the client; getpeername WSAENOTCONN until SO_UPDATE_ACCEPT_CONTEXT, then the client",
            acceptex_plain),
    WC_CASE("S3.acceptex-data", "S3", "#remarks", WC_MUST,
            "AcceptEx with dwReceiveDataLength stays incomplete after the connect, completes with the first bytes "
            "at the buffer's start and the addresses after them",
            acceptex_data),
    WC_CASE("S3.acceptex-ipv6", "S3", "#remarks", WC_MUST,
            "AcceptEx on an IPv6 listener with regions of sizeof(sockaddr_in6)+16: the IPv6 addresses", acceptex_v6),
    WC_CASE("S3.acceptex-short-region", "S3", "#remarks", WC_MUST,
            "AcceptEx with an address region 1 byte short of sizeof(sockaddr)+16, or IPv4-sized on IPv6: no connection "
            "is accepted (refused, or failed at the completion)",
            acceptex_short),
    WC_CASE("S3.connectex-states", "S3", "#remarks", WC_MUST,
            "ConnectEx: unbound or listening WSAEINVAL; refused WSAECONNREFUSED, then again on the same socket "
            "succeeds; connected WSAEISCONN; SO_UPDATE_CONNECT_CONTEXT WSAENOTCONN before, 0 after",
            connectex_states),
    WC_CASE("S3.disconnectex", "S3", "#remarks", WC_MUST,
            "DisconnectEx: WSAENOTCONN unconnected, WSAEINVAL with dwReserved; blocking and overlapped, the peer "
            "reads what was sent and then the end",
            disconnectex),
};
WC_TABLE(wc_socket_calls, cases);
