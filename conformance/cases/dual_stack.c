/*
 * dual_stack.c: IPv6 sockets that also carry IPv4 (IPV6_V6ONLY 0): a dual-stack listener
 * accepting an IPv4 client, a dual-stack client reaching an IPv4 server through an IPv4-mapped
 * address, the port held in both families, datagrams both ways, the default IPv6-only socket,
 * and a dual-stack proxy taking a redirected IPv4 connection and relaying it with its records.
 *
 * Why: a proxy commonly listens once on [::] for both families, and then meets every IPv4
 * connection as an AF_INET6 socket with an IPv4-mapped peer; its outbound leg to an IPv4
 * destination may be an AF_INET6 socket too.  A stack that keeps the families apart, or names
 * IPv4 peers in the wrong form, breaks such a proxy before any redirect IOCTL runs, and a
 * callout that sees a dual-stack proxy's outbound leg must still know it for the proxy's own.
 *
 * Sources: "Dual-Stack Sockets for IPv6 Winsock Applications" (learn.microsoft.com): IPV6_V6ONLY
 * is on by default and set to 0 before bind; a dual-stack socket sends to and receives from an
 * IPv6 or an IPv4-mapped address, accepted IPv4 connections are named by IPv4-mapped addresses
 * in a SOCKADDR_IN6, and a dual-stack socket connects to an IPv4 destination through its
 * IPv4-mapped address.  Microsoft's Windows networking blog, "Dual Stack Sockets on Windows
 * Vista" (2005): the bind "opens an endpoint for both IPv4 and IPv6", and fails when the port is
 * in use on either.  RFC 4291 2.5.5.2 for the mapped form.  Only cases.h: the same code runs on
 * Windows.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

/* An AF_INET6 socket of the type, IPv6-only or not; INVALID_SOCKET after a failed check. */
static SOCKET v6_socket(wc_ctx *c, int type, int v6only) {
    SOCKET s = socket(AF_INET6, type, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: an IPv6 socket: %d", WSAGetLastError())) return INVALID_SOCKET;
    DWORD v = (DWORD)v6only;
    if (!wc_check(c, setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v, sizeof v) == 0,
                  "setsockopt(IPV6_V6ONLY, %d) before bind: %d", v6only, WSAGetLastError())) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static void v6_any(SOCKADDR_STORAGE *a, USHORT port) {
    memset(a, 0, sizeof *a);
    struct sockaddr_in6 *s = (struct sockaddr_in6 *)a;
    s->sin6_family = AF_INET6;
    s->sin6_port = htons(port);
}

static void v4_addr(SOCKADDR_STORAGE *a, ULONG host_order, USHORT port) {
    memset(a, 0, sizeof *a);
    struct sockaddr_in *s = (struct sockaddr_in *)a;
    s->sin_family = AF_INET;
    s->sin_port = htons(port);
    s->sin_addr.s_addr = htonl(host_order);
}

/* ::ffff:127.0.0.1 at port */
static void mapped_loopback(SOCKADDR_STORAGE *a, USHORT port) {
    v6_any(a, port);
    UCHAR *b = ((struct sockaddr_in6 *)a)->sin6_addr.s6_addr;
    b[10] = b[11] = 0xff;
    b[12] = 127;
    b[15] = 1;
}

static USHORT port_of(const SOCKADDR_STORAGE *a) { return ntohs(((const struct sockaddr_in *)a)->sin_port); }

/* The dual-stack form of 127.0.0.1 at port, in a name of len bytes. */
static int is_mapped_loopback(const SOCKADDR_STORAGE *a, int len, USHORT port) {
    SOCKADDR_STORAGE m;
    mapped_loopback(&m, port);
    return len == (int)sizeof(struct sockaddr_in6) && a->ss_family == AF_INET6 && port_of(a) == port &&
           memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, &((struct sockaddr_in6 *)&m)->sin6_addr, 16) == 0;
}

static int is_v4_loopback(const SOCKADDR_STORAGE *a, int len, USHORT port) {
    return len == (int)sizeof(struct sockaddr_in) && a->ss_family == AF_INET && port_of(a) == port &&
           ((const struct sockaddr_in *)a)->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
}

static const char *fam(const SOCKADDR_STORAGE *a) {
    return a->ss_family == AF_INET ? "AF_INET" : a->ss_family == AF_INET6 ? "AF_INET6" : "another family";
}

/* s bound to a (either family) and listening when asked; its port in *port. */
static int bind_listen(wc_ctx *c, SOCKET s, const SOCKADDR_STORAGE *a, int listening, USHORT *port) {
    SOCKADDR_STORAGE got;
    int len = (int)sizeof got;
    if (!wc_check(c, bind(s, (const struct sockaddr *)a, wc_addr_len(a->ss_family)) == 0,
                  "set-up: bind (%s, port %u): %d", fam(a), port_of(a), WSAGetLastError()) ||
        !wc_check(c, !listening || listen(s, 8) == 0, "set-up: listen: %d", WSAGetLastError()) ||
        !wc_check(c, getsockname(s, (struct sockaddr *)&got, &len) == 0, "set-up: getsockname: %d", WSAGetLastError()))
        return 0;
    *port = port_of(&got);
    return 1;
}

/* Five bytes each way over a connected pair. */
static void both_ways(wc_ctx *c, SOCKET a, SOCKET b, const char *what) {
    char buf[8];
    int n = send(a, "hello", 5, 0);
    int r = n == 5 ? recv(b, buf, sizeof buf, 0) : -1;
    wc_check(c, r == 5 && memcmp(buf, "hello", 5) == 0, "%s: 5 bytes one way arrived as %d (err %d)", what, r,
             WSAGetLastError());
    n = send(b, "world", 5, 0);
    r = n == 5 ? recv(a, buf, sizeof buf, 0) : -1;
    wc_check(c, r == 5 && memcmp(buf, "world", 5) == 0, "%s: 5 bytes back arrived as %d (err %d)", what, r,
             WSAGetLastError());
}

/* A dual-stack listener on [::] accepts an IPv4 client and names it ::ffff:127.0.0.1 in a
 * SOCKADDR_IN6; its own end is ::ffff:127.0.0.1 at the listener's port; the client sees plain
 * IPv4.  An IPv6 client of the same listener is named by its IPv6 address. */
static void accept_ipv4(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a, to, peer, mine, cl_name, cl_peer;
    USHORT port;
    SOCKET l = v6_socket(c, SOCK_STREAM, 0);
    v6_any(&a, 0);
    if (l == INVALID_SOCKET || !bind_listen(c, l, &a, 1, &port)) return;
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&to, INADDR_LOOPBACK, port);
    int rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "an IPv4 connect to 127.0.0.1 at the dual-stack listener's port: %d", WSAGetLastError()))
        return;
    int pl = (int)sizeof peer, ml = (int)sizeof mine, nl = (int)sizeof cl_name, cpl = (int)sizeof cl_peer;
    memset(&peer, 0xA5, sizeof peer);
    SOCKET sv = accept(l, (struct sockaddr *)&peer, &pl);
    if (!wc_check(c, sv != INVALID_SOCKET, "accept of the IPv4 connection: %d", WSAGetLastError())) return;
    rc = getsockname(cl, (struct sockaddr *)&cl_name, &nl) | getpeername(cl, (struct sockaddr *)&cl_peer, &cpl);
    wc_check(c, rc == 0, "the IPv4 client's getsockname and getpeername: %d", WSAGetLastError());
    USHORT cport = port_of(&cl_name);
    wc_check(c, is_mapped_loopback(&peer, pl, cport),
             "accept named the IPv4 peer as %s, %d bytes, port %u; expected ::ffff:127.0.0.1 in a %d-byte "
             "SOCKADDR_IN6, port %u",
             fam(&peer), pl, port_of(&peer), (int)sizeof(struct sockaddr_in6), cport);
    rc = getsockname(sv, (struct sockaddr *)&mine, &ml);
    wc_check(c, rc == 0 && is_mapped_loopback(&mine, ml, port),
             "the accepted socket's own name: rc=%d %s, %d bytes, port %u; expected ::ffff:127.0.0.1 port %u", rc,
             fam(&mine), ml, port_of(&mine), port);
    pl = (int)sizeof peer;
    rc = getpeername(sv, (struct sockaddr *)&peer, &pl);
    wc_check(c, rc == 0 && is_mapped_loopback(&peer, pl, cport),
             "the accepted socket's getpeername: rc=%d %s, port %u; expected ::ffff:127.0.0.1 port %u", rc, fam(&peer),
             port_of(&peer), cport);
    wc_check(c, is_v4_loopback(&cl_peer, cpl, port),
             "the IPv4 client's getpeername: %s, %d bytes, port %u; expected 127.0.0.1 port %u", fam(&cl_peer), cpl,
             port_of(&cl_peer), port);
    both_ways(c, cl, sv, "IPv4 client and dual-stack accepted socket");
    closesocket(sv);
    closesocket(cl);
    /* the same listener takes IPv6 too, named as such */
    SOCKET c6 = socket(AF_INET6, SOCK_STREAM, 0);
    SOCKADDR_STORAGE lo6;
    memset(&lo6, 0, sizeof lo6);
    lo6.ss_family = AF_INET6;
    ((struct sockaddr_in6 *)&lo6)->sin6_addr.s6_addr[15] = 1;
    ((struct sockaddr_in6 *)&lo6)->sin6_port = htons(port);
    rc = c6 == INVALID_SOCKET ? -1 : connect(c6, (struct sockaddr *)&lo6, sizeof(struct sockaddr_in6));
    if (!wc_check(c, rc == 0, "an IPv6 connect to ::1 at the dual-stack listener's port: %d", WSAGetLastError()))
        return;
    pl = (int)sizeof peer;
    sv = accept(l, (struct sockaddr *)&peer, &pl);
    static const UCHAR one[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    wc_check(c,
             sv != INVALID_SOCKET && pl == (int)sizeof(struct sockaddr_in6) && peer.ss_family == AF_INET6 &&
                 memcmp(&((struct sockaddr_in6 *)&peer)->sin6_addr, one, 16) == 0,
             "accept of the IPv6 connection: %s, %d bytes; expected ::1 (err %d)", fam(&peer), pl, WSAGetLastError());
    if (sv != INVALID_SOCKET) both_ways(c, c6, sv, "IPv6 client and dual-stack accepted socket");
    closesocket(sv);
    closesocket(c6);
    closesocket(l);
}

/* WSAConnectByNameA page: "To enable both IPv6 and IPv4 communications ... the setsockopt function
 * must be called on a socket created for the AF_INET6 address family to disable the IPV6_V6ONLY
 * socket option before calling WSAConnectByName": a dual-stack socket reaches an IPv4-only
 * listener by its IPv4 address text, and RemoteAddress names it in the mapped form; an IPv6-only
 * socket does not reach it. */
static void connect_by_name(wc_ctx *c) {
    SOCKADDR_STORAGE a, local, remote;
    USHORT port;
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&a, INADDR_LOOPBACK, 0);
    if (!wc_check(c, l != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) || !bind_listen(c, l, &a, 1, &port))
        return;
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    SOCKET d = v6_socket(c, SOCK_STREAM, 0);
    if (d == INVALID_SOCKET) return;
    DWORD ll = sizeof local, rl = sizeof remote;
    BOOL ok = WSAConnectByNameA(d, "127.0.0.1", service, &ll, (LPSOCKADDR)&local, &rl, (LPSOCKADDR)&remote, NULL, NULL);
    if (wc_check(c, ok, "WSAConnectByNameA(\"127.0.0.1\") on a dual-stack socket: error %d", WSAGetLastError())) {
        wc_check(c, is_mapped_loopback(&remote, (int)rl, port),
                 "its RemoteAddress: %s, %lu bytes, port %u; expected ::ffff:127.0.0.1 port %u", fam(&remote),
                 (unsigned long)rl, port_of(&remote), port);
        SOCKET sv = accept(l, NULL, NULL);
        wc_check(c, sv != INVALID_SOCKET, "the IPv4 listener's accept: %d", WSAGetLastError());
        closesocket(sv);
    }
    closesocket(d);
    SOCKET o = socket(AF_INET6, SOCK_STREAM, 0);
    ok = o == INVALID_SOCKET ? TRUE : WSAConnectByNameA(o, "127.0.0.1", service, NULL, NULL, NULL, NULL, NULL, NULL);
    wc_check(c, !ok, "WSAConnectByNameA(\"127.0.0.1\") on an IPv6-only socket connected; expected a failure");
    closesocket(o);
    closesocket(l);
}

/* What WSAAccept's condition function saw of the caller: its address, as given. */
static SOCKADDR_STORAGE cond_caller;
static int cond_caller_len;

static int CALLBACK note_caller(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                                LPWSABUF callee_data, GROUP *g, DWORD_PTR data) {
    (void)caller_data, (void)sqos, (void)gqos, (void)callee, (void)callee_data, (void)g, (void)data;
    cond_caller_len = caller && caller->buf ? (int)caller->len : -1;
    if (cond_caller_len > 0 && cond_caller_len <= (int)sizeof cond_caller)
        memcpy(&cond_caller, caller->buf, (size_t)cond_caller_len);
    return CF_ACCEPT;
}

/* The other calls that name an accepted peer, on a dual-stack listener and an IPv4 client:
 * AcceptEx with GetAcceptExSockaddrs (both ends ::ffff:127.0.0.1, SOCKADDR_IN6 long: the
 * AcceptEx page's address lengths are "at least 16 bytes more than the maximum address length
 * for the transport protocol in use"), and WSAAccept's condition function (CallerId). */
static void accept_calls(wc_ctx *c) {
    SOCKADDR_STORAGE a, to, me;
    USHORT port;
    SOCKET l = v6_socket(c, SOCK_STREAM, 0);
    v6_any(&a, 0);
    if (l == INVALID_SOCKET || !bind_listen(c, l, &a, 1, &port)) return;
    LPFN_ACCEPTEX accept_ex = NULL;
    LPFN_GETACCEPTEXSOCKADDRS addrs = NULL;
    if (!wc_ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &accept_ex, sizeof accept_ex, "AcceptEx") ||
        !wc_ext_fn(c, l, (GUID)WSAID_GETACCEPTEXSOCKADDRS, &addrs, sizeof addrs, "GetAcceptExSockaddrs"))
        return;
    SOCKET acc = WSASocketW(AF_INET6, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, acc != INVALID_SOCKET && cl != INVALID_SOCKET, "set-up: sockets: %d", WSAGetLastError())) return;
    enum { ALEN = sizeof(struct sockaddr_in6) + 16 };
    char out[2 * ALEN];
    memset(out, 0, sizeof out);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    DWORD got = 0, flags = 0;
    BOOL r = accept_ex(l, acc, out, 0, ALEN, ALEN, &got, &ov);
    int ae = r ? 0 : WSAGetLastError();
    v4_addr(&to, INADDR_LOOPBACK, port);
    int ml = (int)sizeof me;
    int ok = (r || ae == WSA_IO_PENDING) && connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in)) == 0 &&
             getsockname(cl, (struct sockaddr *)&me, &ml) == 0;
    if (wc_check(c, ok, "AcceptEx on the dual-stack listener and an IPv4 connect: AcceptEx %d (%d), connect %d", (int)r,
                 ae, WSAGetLastError()) &&
        wc_check(c,
                 WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0 &&
                     WSAGetOverlappedResult(l, &ov, &got, FALSE, &flags),
                 "AcceptEx's completion for the IPv4 client: error %d", WSAGetLastError())) {
        struct sockaddr *local = NULL, *remote = NULL;
        INT ln = 0, rn = 0;
        addrs(out, 0, ALEN, ALEN, &local, &ln, &remote, &rn);
        /* the names sit at unaligned places in the buffer: copied out before they are read */
        SOCKADDR_STORAGE ls, rs;
        memset(&ls, 0, sizeof ls);
        memset(&rs, 0, sizeof rs);
        if (local && ln > 0 && ln <= (INT)sizeof ls) memcpy(&ls, local, (size_t)ln);
        if (remote && rn > 0 && rn <= (INT)sizeof rs) memcpy(&rs, remote, (size_t)rn);
        wc_check(c, local && is_mapped_loopback(&ls, ln, port),
                 "GetAcceptExSockaddrs' local address: %s, %d bytes, port %u; expected ::ffff:127.0.0.1 port %u",
                 fam(&ls), (int)ln, port_of(&ls), port);
        wc_check(c, remote && is_mapped_loopback(&rs, rn, port_of(&me)),
                 "GetAcceptExSockaddrs' remote address: %s, %d bytes, port %u; expected ::ffff:127.0.0.1 port %u",
                 fam(&rs), (int)rn, port_of(&rs), port_of(&me));
    }
    WSACloseEvent(ov.hEvent);
    closesocket(cl);
    closesocket(acc);
    /* WSAAccept with a condition function */
    cl = socket(AF_INET, SOCK_STREAM, 0);
    ml = (int)sizeof me;
    ok = cl != INVALID_SOCKET && connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in)) == 0 &&
         getsockname(cl, (struct sockaddr *)&me, &ml) == 0;
    if (!wc_check(c, ok, "set-up: an IPv4 connect: %d", WSAGetLastError())) return;
    cond_caller_len = 0;
    SOCKET sv = WSAAccept(l, NULL, NULL, note_caller, 0);
    if (wc_check(c, sv != INVALID_SOCKET, "WSAAccept with a condition function: %d", WSAGetLastError()))
        wc_check(c, is_mapped_loopback(&cond_caller, cond_caller_len, port_of(&me)),
                 "WSAAccept's condition function got the caller as %s, %d bytes, port %u; expected ::ffff:127.0.0.1 "
                 "port %u",
                 cond_caller_len > 0 ? fam(&cond_caller) : "nothing", cond_caller_len,
                 cond_caller_len > 0 ? port_of(&cond_caller) : 0u, port_of(&me));
    closesocket(sv);
    closesocket(cl);
    closesocket(l);
}

/* A dual-stack client reaches an IPv4 listener through ::ffff:127.0.0.1; it names both ends in
 * the mapped form, the server names it in plain IPv4 with the same port. */
static void connect_mapped(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a, to, peer, mine, srv_peer;
    USHORT port;
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&a, INADDR_LOOPBACK, 0);
    if (!wc_check(c, l != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) || !bind_listen(c, l, &a, 1, &port))
        return;
    SOCKET cl = v6_socket(c, SOCK_STREAM, 0);
    if (cl == INVALID_SOCKET) return;
    mapped_loopback(&to, port);
    int rc = connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    if (!wc_check(c, rc == 0, "a dual-stack connect to ::ffff:127.0.0.1 at an IPv4 listener: %d", WSAGetLastError()))
        return;
    int pl = (int)sizeof peer, ml = (int)sizeof mine, sl = (int)sizeof srv_peer;
    SOCKET sv = accept(l, (struct sockaddr *)&srv_peer, &sl);
    if (!wc_check(c, sv != INVALID_SOCKET, "the IPv4 listener's accept: %d", WSAGetLastError())) return;
    rc = getpeername(cl, (struct sockaddr *)&peer, &pl);
    wc_check(c, rc == 0 && is_mapped_loopback(&peer, pl, port),
             "the dual-stack client's getpeername: rc=%d %s, %d bytes, port %u; expected ::ffff:127.0.0.1 port %u", rc,
             fam(&peer), pl, port_of(&peer), port);
    rc = getsockname(cl, (struct sockaddr *)&mine, &ml);
    USHORT cport = port_of(&mine);
    wc_check(c, rc == 0 && is_mapped_loopback(&mine, ml, cport),
             "the dual-stack client's getsockname: rc=%d %s, %d bytes; expected ::ffff:127.0.0.1", rc, fam(&mine), ml);
    wc_check(c, is_v4_loopback(&srv_peer, sl, cport),
             "the IPv4 server's accept named the client %s, %d bytes, port %u; expected 127.0.0.1 port %u",
             fam(&srv_peer), sl, port_of(&srv_peer), cport);
    both_ways(c, cl, sv, "dual-stack client and IPv4 server");
    closesocket(sv);
    closesocket(cl);
    /* bound first to ::ffff:127.0.0.1 (port 0): an IPv6 address for an IPv4 endpoint */
    cl = v6_socket(c, SOCK_STREAM, 0);
    SOCKADDR_STORAGE b;
    mapped_loopback(&b, 0);
    rc = cl == INVALID_SOCKET ? -1 : bind(cl, (struct sockaddr *)&b, sizeof(struct sockaddr_in6));
    if (wc_check(c, rc == 0, "a dual-stack bind of ::ffff:127.0.0.1: %d", rc ? WSAGetLastError() : 0)) {
        ml = (int)sizeof mine;
        rc = getsockname(cl, (struct sockaddr *)&mine, &ml);
        wc_check(c, rc == 0 && is_mapped_loopback(&mine, ml, port_of(&mine)) && port_of(&mine) != 0,
                 "getsockname after binding ::ffff:127.0.0.1: rc=%d %s, %d bytes, port %u; expected the mapped address "
                 "and a port",
                 rc, fam(&mine), ml, port_of(&mine));
        rc = connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
        sl = (int)sizeof srv_peer;
        sv = rc == 0 ? accept(l, (struct sockaddr *)&srv_peer, &sl) : INVALID_SOCKET;
        wc_check(c, sv != INVALID_SOCKET && is_v4_loopback(&srv_peer, sl, port_of(&mine)),
                 "the client bound to ::ffff:127.0.0.1 connecting to the IPv4 listener: connect %d, accept named it "
                 "%s port %u; expected 127.0.0.1 port %u (err %d)",
                 rc, fam(&srv_peer), port_of(&srv_peer), port_of(&mine), WSAGetLastError());
        closesocket(sv);
    }
    closesocket(cl);
    closesocket(l);
}

/* A dual-stack bind to [::] holds its port for IPv4 too, either way round; an IPv6-only one does
 * not (Wine's test_ipv6only, as run on Windows, binds 0.0.0.0 after it). */
static void port_both_families(wc_ctx *c) {
    SOCKADDR_STORAGE a, v4;
    USHORT port;
    SOCKET d = v6_socket(c, SOCK_STREAM, 0);
    v6_any(&a, 0);
    if (d == INVALID_SOCKET || !bind_listen(c, d, &a, 0, &port)) return;
    SOCKET s4 = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&v4, INADDR_ANY, port);
    int rc = bind(s4, (struct sockaddr *)&v4, sizeof(struct sockaddr_in));
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEADDRINUSE,
             "bind of 0.0.0.0 at the port a dual-stack socket holds at [::]: rc=%d err=%d, expected WSAEADDRINUSE", rc,
             err);
    closesocket(s4);
    closesocket(d);
    /* the other way: IPv4 first */
    s4 = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&v4, INADDR_ANY, 0);
    if (s4 == INVALID_SOCKET || !bind_listen(c, s4, &v4, 0, &port)) return;
    d = v6_socket(c, SOCK_STREAM, 0);
    v6_any(&a, port);
    rc = d == INVALID_SOCKET ? SOCKET_ERROR : bind(d, (struct sockaddr *)&a, sizeof(struct sockaddr_in6));
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEADDRINUSE,
             "a dual-stack bind of [::] at a port an IPv4 socket holds at 0.0.0.0: rc=%d err=%d, expected "
             "WSAEADDRINUSE",
             rc, err);
    closesocket(d);
    /* a dual-stack socket bound to ::1, an address no IPv4 packet carries, takes no IPv4 port */
    d = v6_socket(c, SOCK_STREAM, 0);
    v6_any(&a, port);
    ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr[15] = 1;
    rc = d == INVALID_SOCKET ? SOCKET_ERROR : bind(d, (struct sockaddr *)&a, sizeof(struct sockaddr_in6));
    wc_check(c, rc == 0,
             "a dual-stack bind of [::1] at a port an IPv4 socket holds at 0.0.0.0: err %d, expected success (only "
             "[::] takes the IPv4 port)",
             rc ? WSAGetLastError() : 0);
    closesocket(d);
    closesocket(s4);
    /* bound to ::ffff:0.0.0.0, the IPv4 wildcard in the mapped form, a dual-stack listener takes
     * IPv4 only: an IPv6 connect to ::1 at its port finds nobody */
    d = v6_socket(c, SOCK_STREAM, 0);
    mapped_loopback(&a, 0);
    ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr[12] = 0;
    ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr[15] = 0;
    if (d != INVALID_SOCKET && bind_listen(c, d, &a, 1, &port)) {
        SOCKET c6 = socket(AF_INET6, SOCK_STREAM, 0);
        SOCKADDR_STORAGE lo6;
        v6_any(&lo6, port);
        ((struct sockaddr_in6 *)&lo6)->sin6_addr.s6_addr[15] = 1;
        rc = c6 == INVALID_SOCKET ? 0 : connect(c6, (struct sockaddr *)&lo6, sizeof(struct sockaddr_in6));
        int err6 = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err6 == WSAECONNREFUSED,
                 "an IPv6 connect to ::1 at the port of a listener bound to ::ffff:0.0.0.0: rc=%d err=%d; expected "
                 "WSAECONNREFUSED (it listens on IPv4 only)",
                 rc, err6);
        closesocket(c6);
    }
    closesocket(d);
    /* IPv6-only (the default): the IPv4 port stays free */
    SOCKET o = socket(AF_INET6, SOCK_STREAM, 0);
    v6_any(&a, 0);
    if (!wc_check(c, o != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) || !bind_listen(c, o, &a, 0, &port))
        return;
    s4 = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&v4, INADDR_ANY, port);
    rc = bind(s4, (struct sockaddr *)&v4, sizeof(struct sockaddr_in));
    wc_check(c, rc == 0, "bind of 0.0.0.0 at the port an IPv6-only socket holds at [::]: err %d, expected success",
             rc ? WSAGetLastError() : 0);
    closesocket(s4);
    closesocket(o);
}

/* An IPv6-only listener on [::] takes no IPv4 connection; whether a socket may change
 * IPV6_V6ONLY once bound, and what an IPv6-only socket's connect to an IPv4-mapped address
 * answers, no page says (pinned on the model). */
static void v6_only(wc_ctx *c) {
    SOCKADDR_STORAGE a, to;
    USHORT port;
    SOCKET l = socket(AF_INET6, SOCK_STREAM, 0);
    v6_any(&a, 0);
    if (!wc_check(c, l != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) || !bind_listen(c, l, &a, 1, &port))
        return;
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&to, INADDR_LOOPBACK, port);
    int rc = cl == INVALID_SOCKET ? 0 : connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in));
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAECONNREFUSED,
             "an IPv4 connect to the port an IPv6-only listener holds at [::]: rc=%d err=%d, expected WSAECONNREFUSED",
             rc, err);
    closesocket(cl);
    DWORD v = 0, got = 7;
    int gl = (int)sizeof got;
    rc = setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v, sizeof v);
    err = rc ? WSAGetLastError() : 0;
    int grc = getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, (char *)&got, &gl);
    wc_model_answer(c, "setsockopt.v6only-after-bind", "%d:%d %lu", rc, err,
                    grc == 0 ? (unsigned long)(got & 0xff) : 99ul);
    /* an IPv6-only socket bound to an IPv4-mapped address */
    SOCKET vb = socket(AF_INET6, SOCK_STREAM, 0);
    SOCKADDR_STORAGE vm;
    mapped_loopback(&vm, 0);
    int vrc = vb == INVALID_SOCKET ? -2 : bind(vb, (struct sockaddr *)&vm, sizeof(struct sockaddr_in6));
    wc_model_answer(c, "bind.v4-mapped-on-v6-only", "%d:%d", vrc, vrc == -1 ? WSAGetLastError() : 0);
    closesocket(vb);
    /* and a datagram from an IPv6-only socket to an IPv4-mapped address */
    SOCKET vu = socket(AF_INET6, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE vt;
    mapped_loopback(&vt, 9);
    int src = vu == INVALID_SOCKET ? -2 : sendto(vu, "x", 1, 0, (struct sockaddr *)&vt, sizeof(struct sockaddr_in6));
    wc_model_answer(c, "sendto.v4-mapped-from-v6-only", "%d:%d", src, src == -1 ? WSAGetLastError() : 0);
    closesocket(vu);
    /* a connect from an IPv6-only socket to an IPv4-mapped address, here of an IPv4 listener */
    SOCKET l4 = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&a, INADDR_LOOPBACK, 0);
    USHORT p4;
    if (!wc_check(c, l4 != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) || !bind_listen(c, l4, &a, 1, &p4))
        return;
    SOCKET o = socket(AF_INET6, SOCK_STREAM, 0);
    mapped_loopback(&to, p4);
    rc = o == INVALID_SOCKET ? 0 : connect(o, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    err = rc ? WSAGetLastError() : 0;
    /* and from a dual-stack socket bound to ::1, an IPv6 address, which no IPv4 packet can carry */
    SOCKET d = v6_socket(c, SOCK_STREAM, 0);
    SOCKADDR_STORAGE one;
    v6_any(&one, 0);
    ((struct sockaddr_in6 *)&one)->sin6_addr.s6_addr[15] = 1;
    int brc = d == INVALID_SOCKET ? -1 : bind(d, (struct sockaddr *)&one, sizeof(struct sockaddr_in6));
    int drc = brc ? 0 : connect(d, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    int derr = drc ? WSAGetLastError() : 0;
    /* and from a dual-stack socket bound to ::ffff:127.0.0.1, to ::1 */
    SOCKET m = v6_socket(c, SOCK_STREAM, 0);
    SOCKADDR_STORAGE mb;
    mapped_loopback(&mb, 0);
    int mbrc = m == INVALID_SOCKET ? -1 : bind(m, (struct sockaddr *)&mb, sizeof(struct sockaddr_in6));
    v6_any(&one, port);
    ((struct sockaddr_in6 *)&one)->sin6_addr.s6_addr[15] = 1;
    int mrc = mbrc ? 0 : connect(m, (struct sockaddr *)&one, sizeof(struct sockaddr_in6));
    int merr = mrc ? WSAGetLastError() : 0;
    wc_model_answer(c, "connect.v4-mapped-from-v6-only", "%d:%d %d:%d %d:%d", rc, err, drc, derr, mrc, merr);
    closesocket(m);
    closesocket(d);
    closesocket(o);
    closesocket(l4);
    closesocket(l);
}

/* Datagrams: a dual-stack socket on [::] receives an IPv4 sender's datagram from
 * ::ffff:127.0.0.1 (a 28-byte name), and its reply to that address reaches the IPv4 sender from
 * 127.0.0.1 at its port; an IPv6 sender's datagram arrives from ::1. */
static void datagrams(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a, to, from, s4name;
    USHORT port, p4;
    SOCKET d = v6_socket(c, SOCK_DGRAM, 0);
    v6_any(&a, 0);
    if (d == INVALID_SOCKET || !bind_listen(c, d, &a, 0, &port)) return;
    SOCKET s4 = socket(AF_INET, SOCK_DGRAM, 0);
    v4_addr(&a, INADDR_LOOPBACK, 0);
    if (!wc_check(c, s4 != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) || !bind_listen(c, s4, &a, 0, &p4))
        return;
    v4_addr(&to, INADDR_LOOPBACK, port);
    int n = sendto(s4, "ping", 4, 0, (struct sockaddr *)&to, sizeof(struct sockaddr_in));
    wc_check(c, n == 4, "an IPv4 datagram to 127.0.0.1 at the dual-stack socket's port: %d (err %d)", n,
             WSAGetLastError());
    char buf[16];
    int fl = (int)sizeof from;
    DWORD tmo = 5000;
    setsockopt(d, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof tmo);
    setsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof tmo);
    int r = recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    if (!wc_check(c, r == 4 && memcmp(buf, "ping", 4) == 0, "the dual-stack socket's receive: %d (err %d)", r,
                  WSAGetLastError()))
        return;
    wc_check(c, is_mapped_loopback(&from, fl, p4),
             "recvfrom named the IPv4 sender %s, %d bytes, port %u; expected ::ffff:127.0.0.1 in a %d-byte name, port "
             "%u",
             fam(&from), fl, port_of(&from), (int)sizeof(struct sockaddr_in6), p4);
    n = sendto(d, "pong", 4, 0, (struct sockaddr *)&from, fl);
    wc_check(c, n == 4, "the dual-stack socket's reply to the IPv4-mapped sender: %d (err %d)", n, WSAGetLastError());
    int sl = (int)sizeof s4name;
    r = recvfrom(s4, buf, sizeof buf, 0, (struct sockaddr *)&s4name, &sl);
    wc_check(c, r == 4 && memcmp(buf, "pong", 4) == 0, "the IPv4 sender's receive of the reply: %d (err %d)", r,
             WSAGetLastError());
    if (r == 4)
        wc_check(c, is_v4_loopback(&s4name, sl, port),
                 "the reply came from %s, %d bytes, port %u; expected 127.0.0.1 port %u", fam(&s4name), sl,
                 port_of(&s4name), port);
    closesocket(s4);
    /* IPv6 traffic on the same socket */
    SOCKET s6 = socket(AF_INET6, SOCK_DGRAM, 0);
    memset(&to, 0, sizeof to);
    to.ss_family = AF_INET6;
    ((struct sockaddr_in6 *)&to)->sin6_addr.s6_addr[15] = 1;
    ((struct sockaddr_in6 *)&to)->sin6_port = htons(port);
    n = s6 == INVALID_SOCKET ? -1 : sendto(s6, "six", 3, 0, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    fl = (int)sizeof from;
    r = n == 3 ? recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) : -1;
    wc_check(c,
             r == 3 && from.ss_family == AF_INET6 && fl == (int)sizeof(struct sockaddr_in6) &&
                 !IN6_IS_ADDR_V4MAPPED(&((struct sockaddr_in6 *)&from)->sin6_addr),
             "an IPv6 datagram on the dual-stack socket: %d bytes from %s, %d-byte name (err %d); expected 3 from an "
             "IPv6 address",
             r, fam(&from), fl, WSAGetLastError());
    closesocket(s6);
    closesocket(d);
}

/* A dual-stack proxy (A59, A76): a callout's IPv4 filter redirects a dual-stack client's
 * connection to ::ffff:127.0.0.1 to a proxy listening on [::]; the proxy accepts it (an
 * IPv4-mapped peer), QUERY gives the records, and its AF_INET6 outbound leg with those records
 * SET reaches the IPv4 server through the mapped address without being redirected back. */
static void proxy(wc_ctx *c) {
    SOCKADDR_STORAGE a, to, peer;
    USHORT pport, sport;
    SOCKET pl = v6_socket(c, SOCK_STREAM, 0);
    v6_any(&a, 0);
    if (pl == INVALID_SOCKET || !bind_listen(c, pl, &a, 1, &pport)) return;
    SOCKET server = socket(AF_INET, SOCK_STREAM, 0);
    v4_addr(&a, INADDR_LOOPBACK, 0);
    if (!wc_check(c, server != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) ||
        !bind_listen(c, server, &a, 1, &sport))
        return;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', pport);
    p.match_port = sport;
    /* an IPv4 remote-address condition: the redirect happens only if the IPv4 connections (the
     * client's, and the dual-stack outbound leg's) classify at the V4 layers with IPv4
     * addresses, where such a condition applies; a V6 classify of the mapped form would skip it */
    p.match_remote = "127.0.0.1";
    int wrc = wt_add_callout(wc_target(c), &p);
    if (wrc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot load a callout: %s", wt_error());
    if (!wc_check(c, wrc == WT_OK, "set-up: callout: %s", wt_error())) return;
    /* the client is dual-stack too: its IPv4 connection must meet the IPv4 filter */
    SOCKET cl = v6_socket(c, SOCK_STREAM, 0);
    mapped_loopback(&to, sport);
    int rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    if (!wc_check(c, rc == 0, "the dual-stack client's connect to ::ffff:127.0.0.1: %d", WSAGetLastError())) return;
    int plen = (int)sizeof peer, cn = (int)sizeof a;
    u_long nb = 1;
    ioctlsocket(pl, FIONBIO, &nb);
    SOCKET acc = accept(pl, (struct sockaddr *)&peer, &plen);
    if (!wc_check(c, acc != INVALID_SOCKET,
                  "the dual-stack client's IPv4 connection was not redirected to the proxy by the callout's IPv4 "
                  "filter: accept %d",
                  WSAGetLastError()))
        return;
    nb = 0;
    ioctlsocket(acc, FIONBIO, &nb);
    getsockname(cl, (struct sockaddr *)&a, &cn);
    wc_check(c, is_mapped_loopback(&peer, plen, port_of(&a)),
             "the proxy's accept named the redirected client %s, %d bytes, port %u; expected ::ffff:127.0.0.1 port %u",
             fam(&peer), plen, port_of(&peer), port_of(&a));
    static BYTE rec[8192];
    DWORD n = 0;
    rc = WSAIoctl(acc, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL);
    if (!wc_check(c, rc == 0 && n > 0, "QUERY_RECORDS on the dual-stack proxy's accepted socket: rc=%d err=%d n=%lu",
                  rc, rc ? WSAGetLastError() : 0, (unsigned long)n))
        return;
    SOCKET out = v6_socket(c, SOCK_STREAM, 0);
    if (out == INVALID_SOCKET) return;
    DWORD size = 0;
    rc = WSAIoctl(out, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &size, NULL, NULL);
    if (!wc_check(c, rc == 0, "SET on the proxy's dual-stack outbound socket: %d", WSAGetLastError())) return;
    mapped_loopback(&to, sport);
    rc = connect(out, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    if (!wc_check(c, rc == 0, "the outbound leg's connect to ::ffff:127.0.0.1 at the server: %d", WSAGetLastError()))
        return;
    nb = 1;
    ioctlsocket(server, FIONBIO, &nb);
    SOCKET at_server = accept(server, NULL, NULL);
    wc_check(c, at_server != INVALID_SOCKET, "the outbound leg did not reach the IPv4 server: accept %d",
             WSAGetLastError());
    wc_check(c, !wc_looped(c, pl), "the dual-stack proxy's outbound leg was redirected back to it (A59, A76)");
    wc_check(c, wc_findings(c, "verifier") == 0, "the target's checker reported the callout");
    if (at_server != INVALID_SOCKET) both_ways(c, out, at_server, "the outbound leg and the server");
    closesocket(at_server);
    closesocket(out);
    closesocket(acc);
    closesocket(cl);
    closesocket(server);
    closesocket(pl);
}

/* A receive that waits up to 5 s on a non-blocking socket. */
static int recvmsg_wait(LPFN_WSARECVMSG fn, SOCKET s, WSAMSG *m, DWORD *got) {
    ULONG cap = m->Control.len;
    for (int waited = 0;; waited += 10) {
        m->Control.len = cap;
        int rc = fn(s, m, got, NULL, NULL);
        if (rc == 0 || WSAGetLastError() != WSAEWOULDBLOCK || waited >= 5000) return rc;
        SleepEx(10, FALSE);
    }
}

/* A UDP dual-stack proxy (A60, A62): a callout's IPv4 UDP filter redirects a dual-stack
 * client's datagram to ::ffff:127.0.0.1 to a proxy socket on [::] that asked for the records at
 * both levels, as a dual-stack receiver does (C7); the first datagram carries the records and
 * comes from the client's mapped address; the proxy's dual-stack outbound socket forwards it
 * with WSASendMsg and the records to the IPv4 server through the mapped address, and it is not
 * redirected back.  At which level the records come to a dual-stack socket no page says: the
 * model's answer is pinned. */
static void udp_proxy(wc_ctx *c) {
    SOCKADDR_STORAGE a, to, from, at_server;
    USHORT pport, sport, cport;
    SOCKET px = v6_socket(c, SOCK_DGRAM, 0);
    v6_any(&a, 0);
    if (px == INVALID_SOCKET || !bind_listen(c, px, &a, 0, &pport)) return;
    SOCKET server = socket(AF_INET, SOCK_DGRAM, 0);
    v4_addr(&a, INADDR_LOOPBACK, 0);
    if (!wc_check(c, server != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError()) ||
        !bind_listen(c, server, &a, 0, &sport))
        return;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', pport);
    p.match_port = sport;
    p.match_proto = IPPROTO_UDP;
    p.match_remote = "127.0.0.1"; /* met only by a classify at the V4 layers (proxy() above) */
    int rc, wrc = wt_add_callout(wc_target(c), &p);
    if (wrc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot load a callout: %s", wt_error());
    if (!wc_check(c, wrc == WT_OK, "set-up: callout: %s", wt_error())) return;
    DWORD on = 1;
    rc = setsockopt(px, IPPROTO_IP, IP_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on) |
         setsockopt(px, IPPROTO_IPV6, IPV6_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on);
    if (!wc_check(c, rc == 0, "set-up: the redirect records option at both levels: %d", WSAGetLastError())) return;
    LPFN_WSARECVMSG recvmsg_fn = NULL;
    LPFN_WSASENDMSG sendmsg_fn = NULL;
    if (!wc_ext_fn(c, px, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg") ||
        !wc_ext_fn(c, px, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg"))
        return;
    u_long nb = 1;
    ioctlsocket(px, FIONBIO, &nb);
    ioctlsocket(server, FIONBIO, &nb);
    SOCKET cl = v6_socket(c, SOCK_DGRAM, 0);
    mapped_loopback(&to, sport);
    int n = cl == INVALID_SOCKET ? -1 : sendto(cl, "dgram", 5, 0, (struct sockaddr *)&to, sizeof(struct sockaddr_in6));
    if (!wc_check(c, n == 5, "the dual-stack client's datagram to ::ffff:127.0.0.1: %d (err %d)", n, WSAGetLastError()))
        return;
    int cl_len = (int)sizeof a;
    getsockname(cl, (struct sockaddr *)&a, &cl_len);
    cport = port_of(&a);
    static _Alignas(8) BYTE ctl[8192];
    char buf[16];
    WSABUF b = {sizeof buf, buf};
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.name = (LPSOCKADDR)&from;
    m.namelen = sizeof from;
    m.lpBuffers = &b;
    m.dwBufferCount = 1;
    m.Control.buf = (CHAR *)ctl;
    m.Control.len = sizeof ctl;
    DWORD got = 0;
    rc = recvmsg_wait(recvmsg_fn, px, &m, &got);
    if (!wc_check(c, rc == 0 && got == 5,
                  "the dual-stack client's IPv4 datagram did not reach the proxy through the callout's IPv4 filter: "
                  "rc=%d err=%d got=%lu",
                  rc, rc ? WSAGetLastError() : 0, (unsigned long)got))
        return;
    wc_check(c, is_mapped_loopback(&from, m.namelen, cport),
             "the redirected datagram came from %s, %d bytes, port %u; expected ::ffff:127.0.0.1 port %u", fam(&from),
             (int)m.namelen, port_of(&from), cport);
    const WSACMSGHDR *rec = NULL;
    for (size_t at = 0; m.Control.len - at >= sizeof(WSACMSGHDR);) {
        const WSACMSGHDR *h = (const WSACMSGHDR *)(ctl + at);
        if (h->cmsg_len < sizeof(WSACMSGHDR) || h->cmsg_len > m.Control.len - at) break;
        if (h->cmsg_type == IP_WFP_REDIRECT_RECORDS) rec = h;
        at += WSA_CMSGHDR_ALIGN(h->cmsg_len);
    }
    if (!wc_check(c, rec != NULL,
                  "no IP_WFP_REDIRECT_RECORDS control message with the first datagram (%lu bytes of "
                  "control data)",
                  (unsigned long)m.Control.len))
        return;
    wc_model_answer(c, "WSARecvMsg.dual-stack-records-level", "%d", rec->cmsg_level);
    /* the forward */
    SOCKET out = v6_socket(c, SOCK_DGRAM, 0);
    if (out == INVALID_SOCKET) return;
    b.len = got;
    WSAMSG s;
    memset(&s, 0, sizeof s);
    s.name = (LPSOCKADDR)&to;
    s.namelen = sizeof(struct sockaddr_in6);
    s.lpBuffers = &b;
    s.dwBufferCount = 1;
    s.Control.buf = (CHAR *)rec;
    s.Control.len = (ULONG)rec->cmsg_len;
    DWORD sent = 0;
    rc = sendmsg_fn(out, &s, 0, &sent, NULL, NULL);
    wc_check(c, rc == 0 && sent == got, "the dual-stack forward with WSASendMsg and the records: rc=%d err=%d sent=%lu",
             rc, rc ? WSAGetLastError() : 0, (unsigned long)sent);
    int sl = (int)sizeof at_server;
    int r = -1;
    for (int waited = 0; waited < 5000 && r < 0; waited += 10) {
        r = recvfrom(server, buf, sizeof buf, 0, (struct sockaddr *)&at_server, &sl);
        if (r < 0) SleepEx(10, FALSE);
    }
    wc_check(c, r == 5 && memcmp(buf, "dgram", 5) == 0, "the forwarded datagram at the IPv4 server: %d (err %d)", r,
             WSAGetLastError());
    m.Control.len = sizeof ctl;
    m.namelen = sizeof from;
    b.len = sizeof buf;
    rc = recvmsg_fn(px, &m, &got, NULL, NULL);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
             "the dual-stack proxy's forward came back to the proxy (rc=%d): redirected again (A62, A76)", rc);
    closesocket(out);
    closesocket(cl);
    closesocket(server);
    closesocket(px);
}

static const wc_case cases[] = {
    WC_CASE_P("S3.dual-stack.accept-ipv4", "S3", "#remarks", WC_MUST,
              "a listener on [::] with IPV6_V6ONLY 0 accepts an IPv4 client named ::ffff:127.0.0.1 in a SOCKADDR_IN6 "
              "(both ends of the accepted socket mapped; the client sees IPv4) and an IPv6 client named ::1; bytes "
              "flow both ways",
              accept_ipv4, NULL),
    WC_CASE("S3.dual-stack.accept-calls", "S3", "#remarks", WC_MUST,
            "on a dual-stack listener, GetAcceptExSockaddrs after AcceptEx names both ends of an IPv4 connection "
            "::ffff:127.0.0.1 (SOCKADDR_IN6 long), and WSAAccept's condition function gets the caller so",
            accept_calls),
    WC_CASE("S3.dual-stack.connect-by-name", "S3", "#remarks", WC_MUST,
            "WSAConnectByNameA on a dual-stack socket reaches an IPv4-only listener by \"127.0.0.1\" (RemoteAddress "
            "::ffff:127.0.0.1); on an IPv6-only socket it fails",
            connect_by_name),
    WC_CASE_P("S3.dual-stack.connect-mapped", "S3", "#remarks", WC_MUST,
              "an AF_INET6 socket with IPV6_V6ONLY 0 connects to ::ffff:127.0.0.1 at an IPv4 listener: it names both "
              "ends mapped, the server names it 127.0.0.1 at the same port; bytes flow both ways",
              connect_mapped, NULL),
    WC_CASE("S3.dual-stack.port", "S3", "#remarks", WC_MUST,
            "a dual-stack bind of [::] holds the port for IPv4 too (0.0.0.0 then WSAEADDRINUSE, and the other way "
            "round), one of [::1] does not, one of ::ffff:0.0.0.0 takes no IPv6 connection; an IPv6-only one leaves "
            "IPv4 alone",
            port_both_families),
    WC_CASE("S3.dual-stack.v6-only", "S3", "#remarks", WC_MUST,
            "an IPv6-only listener on [::] refuses an IPv4 connect (WSAECONNREFUSED); IPV6_V6ONLY after bind and an "
            "IPv6-only connect to a mapped address are the model's pinned answers",
            v6_only),
    WC_CASE_P("S3.dual-stack.datagrams", "S3", "#remarks", WC_MUST,
              "a UDP socket on [::] with IPV6_V6ONLY 0 receives an IPv4 datagram from ::ffff:127.0.0.1 (28-byte name), "
              "its reply reaches the IPv4 sender from 127.0.0.1, and an IPv6 datagram arrives from an IPv6 address",
              datagrams, NULL),
    WC_CASE("A59.dual-stack-proxy", "A59", "#remarks", WC_MUST,
            "a callout's IPv4 filter redirects a dual-stack client's connection to ::ffff:127.0.0.1 to a proxy on "
            "[::]: accept names it mapped, QUERY gives the records, and the proxy's AF_INET6 outbound leg with them "
            "SET reaches the IPv4 server through ::ffff:127.0.0.1, not the proxy again",
            proxy),
    WC_CASE("A62.dual-stack-proxy", "A62", "#remarks", WC_MUST,
            "a callout's IPv4 UDP filter redirects a dual-stack client's datagram to ::ffff:127.0.0.1 to a proxy on "
            "[::]: the records come with it, from the mapped address; the proxy's AF_INET6 forward with WSASendMsg "
            "and the records reaches the IPv4 server, not the proxy again",
            udp_proxy),
    WC_S3_OS("dual-stack.accept-ipv4", "a dual-stack listener takes IPv4 and IPv6 clients", accept_ipv4),
    WC_S3_OS("dual-stack.connect-mapped", "a dual-stack client reaches an IPv4 listener", connect_mapped),
    WC_S3_OS("dual-stack.datagrams", "a dual-stack UDP socket exchanges IPv4 and IPv6 datagrams", datagrams),
};
WC_TABLE(wc_dual_stack, cases);
