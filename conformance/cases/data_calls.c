/*
 * data_calls.c: the arguments of the data calls a proxy makes on every packet (recvfrom's
 * address and its length, sendto's, the byte count a call without lpOverlapped must be given,
 * the WSAMSG of WSARecvMsg and WSASendMsg) and the calls that wait (a blocking receive before
 * the data is there, WSAGetOverlappedResult with fWait TRUE), checked for the documented code
 * and for what the failed call leaves behind (nothing sent, nothing taken, nothing written).
 *
 * Why: coverage of certify (docs/COVERAGE.md, issue 11 section 7) showed the provider's data
 * calls taking their parameter checks one way only and never waiting, so a stack that
 * accepted a short address, wrote through a connection-oriented socket's lpFrom, sent to the
 * connected peer when WSASendMsg was given a NULL name with a length, or returned from a
 * blocking receive without data passed.  The cases with bytes run twice, once on the model's
 * in-memory network and once over its os transport (knob transport=os), where datagrams arrive
 * later than the send returns and the blocking paths really wait.  Also here: the calls that
 * write a name, a length or a value into caller memory given a read-only page, a stream read
 * across 1,200 uneven sends and receives (a ring buffer's wrap), and a sender whose peer
 * does not read (WSAEWOULDBLOCK, then FD_WRITE): mutants of the model's byte queue and name
 * copy (docs/MUTANTS.md, y7, y12, y13) changed all three unseen.
 *
 * Sources: the learn.microsoft.com pages named at each case (their parameter lists, Return
 * value tables and Remarks).  Only cases.h: the same code runs on Windows.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#define SIN_LEN ((int)sizeof(struct sockaddr_in))

/* An IPv4 socket of `type` bound to loopback port 0 (overlapped when asked), its name in *a;
 * INVALID_SOCKET after a failed check. */
static SOCKET bound4(wc_ctx *c, int type, int overlapped, struct sockaddr_in *a) {
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SOCKET s = WSASocketW(AF_INET, type, 0, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
    int len = SIN_LEN;
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)a, SIN_LEN) == 0 &&
                      getsockname(s, (struct sockaddr *)a, &len) == 0,
                  "set-up: a loopback socket (type %d): %d", type, WSAGetLastError())) {
        if (s != INVALID_SOCKET) closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* Two bound UDP sockets (*a, then *b only if *a was made): INVALID_SOCKET after a failed check. */
static void udp_two(wc_ctx *c, int overlapped, SOCKET *a, struct sockaddr_in *aa, SOCKET *b, struct sockaddr_in *ba) {
    *a = bound4(c, SOCK_DGRAM, overlapped, aa);
    *b = *a == INVALID_SOCKET ? INVALID_SOCKET : bound4(c, SOCK_DGRAM, overlapped, ba);
}

/* Makes s nonblocking: a receive that a stack let consume what a refused call should have
 * left then fails the case instead of hanging it. */
static void nonblocking(SOCKET s) {
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
}

/* A connected loopback TCP pair (overlapped sockets); 0 after a failed check. */
static int tcp_pair(wc_ctx *c, SOCKET *cl, SOCKET *sv) {
    struct sockaddr_in a;
    *cl = *sv = INVALID_SOCKET;
    SOCKET l = bound4(c, SOCK_STREAM, 1, &a);
    if (l == INVALID_SOCKET) return 0;
    *cl = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    int ok = wc_check(c,
                      listen(l, 4) == 0 && *cl != INVALID_SOCKET && connect(*cl, (struct sockaddr *)&a, SIN_LEN) == 0 &&
                          (*sv = accept(l, NULL, NULL)) != INVALID_SOCKET,
                      "set-up: a loopback TCP connection: %d", WSAGetLastError());
    closesocket(l);
    return ok;
}

/* Is s readable within 5 s (the os transport delivers asynchronously)? */
static int readable(SOCKET s) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {5, 0};
    return select(0, &r, NULL, NULL, &tv) == 1;
}

/* Nothing is waiting on s: a datagram refused by a failed call never went out. */
static int nothing_waiting(SOCKET s) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {0, 0};
    return select(0, &r, NULL, NULL, &tv) == 0;
}

/* Sends `len` bytes from s to r's name `ra` and waits until r is readable; 0 after a failed
 * check. */
static int datagram_waiting(wc_ctx *c, SOCKET s, SOCKET r, const struct sockaddr_in *ra, const char *msg, int len) {
    int rc = sendto(s, msg, len, 0, (const struct sockaddr *)ra, SIN_LEN);
    return wc_check(c, rc == len && readable(r), "set-up: a datagram to the receiver: rc=%d err=%d", rc,
                    WSAGetLastError());
}

static int same_sin(const struct sockaddr_in *x, const struct sockaddr_in *y) {
    return x->sin_family == y->sin_family && x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
}

static int all_bytes(const void *p, int v, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != (unsigned char)v) return 0;
    return 1;
}

/* Closes the sockets that were made (INVALID_SOCKET: none). */
static void close_each(SOCKET a, SOCKET b, SOCKET c, SOCKET d) {
    SOCKET all[4] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        if (all[i] != INVALID_SOCKET) closesocket(all[i]);
}

/* Checks that a call (its value rc, its error still the thread's last) failed with `want`;
 * returns rc. */
static int refused(wc_ctx *c, int rc, int want, const char *what) {
    int err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == want, "%s: rc=%d err=%d, expected %d", what, rc, err, want);
    return rc;
}

/* S3 (WSARecvFrom page, Return value: WSAEFAULT when "the lpFrom, ... lpFromlen ... parameter is
 * not totally contained in a valid part of the user address space: the lpFrom buffer was too
 * small to accommodate the peer address"; Remarks: for connectionless sockets lpFromlen "is
 * modified on completion to indicate the actual size of the address stored there", and "The
 * lpFrom and lpFromlen parameters are ignored for connection-oriented sockets"; recvfrom's page
 * names the same WSAEFAULT for "the fromlen parameter is too small"): a UDP proxy learns where
 * a datagram came from through these two, and a TCP proxy that passes them gets nothing
 * written. */
static void recvfrom_address(wc_ctx *c) {
    wc_use_variant(c);
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 1, &r, &ra, &s, &sa);
    if (s == INVALID_SOCKET) goto out;
    nonblocking(r);
    static const char msg[] = "where from";
    char buf[64];
    SOCKADDR_STORAGE from;
    memset(&from, 0xcc, sizeof from);
    /* lpFrom without lpFromlen, then lpFromlen one byte short of a sockaddr_in; a datagram waits
     * before each (what a refused call does with it is not this check's business). */
    if (!datagram_waiting(c, s, r, &ra, msg, sizeof msg)) goto out;
    refused(c, recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, NULL), WSAEFAULT,
            "recvfrom on UDP with from but fromlen NULL");
    if (!datagram_waiting(c, s, r, &ra, msg, sizeof msg)) goto out;
    int fromlen = SIN_LEN - 1;
    int rc = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "recvfrom on UDP with fromlen %d (a sockaddr_in is %d): rc=%d err=%d, expected WSAEFAULT", SIN_LEN - 1,
             SIN_LEN, rc, err);
    wc_check(c, all_bytes(&from, 0xcc, sizeof from), "a recvfrom that failed with WSAEFAULT wrote into lpFrom");
    /* A buffer larger than the address: the datagram, the sender, the length set to 16. */
    if (!datagram_waiting(c, s, r, &ra, msg, sizeof msg)) goto out;
    fromlen = (int)sizeof from;
    memset(&from, 0xcc, sizeof from);
    memset(buf, 0, sizeof buf);
    rc = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    err = rc < 0 ? WSAGetLastError() : 0;
    if (wc_check(c, rc == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
                 "recvfrom with a SOCKADDR_STORAGE: rc=%d err=%d, expected the %d-byte datagram", rc, err,
                 (int)sizeof msg)) {
        wc_check(c, fromlen == SIN_LEN, "recvfrom set fromlen to %d, expected %d (the size of the address)", fromlen,
                 SIN_LEN);
        wc_check(c, same_sin((struct sockaddr_in *)&from, &sa), "recvfrom's from is not the sender's name");
    }
    closesocket(s);
    s = INVALID_SOCKET;
    /* TCP: lpFrom and lpFromlen are ignored, the bytes arrive. */
    SOCKET cl, sv;
    if (tcp_pair(c, &cl, &sv)) {
        rc = send(cl, msg, (int)sizeof msg, 0);
        wc_check(c, rc == (int)sizeof msg && readable(sv), "set-up: send on TCP: rc=%d err=%d", rc, WSAGetLastError());
        memset(&from, 0xcc, sizeof from);
        fromlen = (int)sizeof from;
        rc = recvfrom(sv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        err = rc < 0 ? WSAGetLastError() : 0;
        wc_check(c, rc == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
                 "recvfrom on TCP with from and fromlen: rc=%d err=%d, expected the %d bytes", rc, err,
                 (int)sizeof msg);
        wc_check(c, all_bytes(&from, 0xcc, sizeof from) && fromlen == (int)sizeof from,
                 "recvfrom on TCP wrote lpFrom or lpFromlen (now %d); both are ignored for connection-oriented sockets",
                 fromlen);
    }
    close_each(cl, sv, INVALID_SOCKET, INVALID_SOCKET);
out:
    close_each(s, r, INVALID_SOCKET, INVALID_SOCKET);
}

/* S3 (sendto page, Return value: "WSAEFAULT: The buf or to parameters are not part of the user
 * address space, or the tolen parameter is too small"; Remarks: on a connection-oriented socket
 * "the to and tolen parameters are ignored", sendto is send; WSASendTo's page: "For
 * connection-oriented sockets, ... lpTo and iTolen are ignored"): a short address sends
 * nothing, and a TCP socket sends to its peer whatever address it is given. */
/* "sendto": "If the socket is not bound, unique values are assigned to the local association by
 * the system, and the socket is then marked as bound": the reply a peer sends to the address the
 * datagram came from arrives, and that port is the socket's (a wildcard bind of it is
 * WSAEADDRINUSE).  A UDP client that never binds lives on this. */
static void implicit_bind(wc_ctx *c, SOCKET r, const struct sockaddr_in *ra) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), x = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (!wc_check(c, u != INVALID_SOCKET && x != INVALID_SOCKET, "set-up: UDP sockets: %d", WSAGetLastError()))
        goto out;
    nonblocking(u);
    char buf[16];
    struct sockaddr_in from;
    int fl = (int)sizeof from;
    int rc = sendto(u, "ping", 4, 0, (const struct sockaddr *)ra, SIN_LEN);
    int got = rc == 4 && readable(r) ? recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) : -1;
    if (!wc_check(c, got == 4, "sendto from an unbound UDP socket: rc=%d, received %d", rc, got)) goto out;
    rc = sendto(r, "pong", 4, 0, (struct sockaddr *)&from, fl);
    got = rc == 4 && readable(u) ? recv(u, buf, sizeof buf, 0) : -1;
    wc_check(c, got == 4 && memcmp(buf, "pong", 4) == 0,
             "the reply to the port sendto bound implicitly (%u) did not arrive: sent %d, received %d",
             (unsigned)ntohs(from.sin_port), rc, got);
    from.sin_addr.s_addr = htonl(INADDR_ANY);
    rc = bind(x, (struct sockaddr *)&from, SIN_LEN);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEADDRINUSE,
             "bind to the wildcard and the port sendto bound implicitly (%u): rc=%d err=%d, expected WSAEADDRINUSE",
             (unsigned)ntohs(from.sin_port), rc, err);
out:
    close_each(u, x, INVALID_SOCKET, INVALID_SOCKET);
}

static void sendto_address(wc_ctx *c) {
    wc_use_variant(c);
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 0, &r, &ra, &s, &sa);
    if (s == INVALID_SOCKET) goto out;
    static const char msg[] = "to whom";
    static const int lens[] = {SIN_LEN - 1, 2, 0};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        int rc = sendto(s, msg, (int)sizeof msg, 0, (struct sockaddr *)&ra, lens[i]);
        int err = rc < 0 ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
                 "sendto on UDP with tolen %d: rc=%d err=%d, expected WSAEFAULT", lens[i], rc, err);
    }
    WSABUF b = {sizeof msg, (char *)msg};
    DWORD sent = WC_SENTINEL;
    int rc = WSASendTo(s, &b, 1, &sent, 0, (struct sockaddr *)&ra, SIN_LEN - 1, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "WSASendTo on UDP with iTolen %d: rc=%d err=%d, expected WSAEFAULT", SIN_LEN - 1, rc, err);
    wc_check(c, nothing_waiting(r), "a datagram arrived although every sendto was refused");
    rc = sendto(s, msg, (int)sizeof msg, 0, (struct sockaddr *)&ra, SIN_LEN);
    wc_check(c, rc == (int)sizeof msg, "sendto with tolen %d: rc=%d err=%d", SIN_LEN, rc,
             rc < 0 ? WSAGetLastError() : 0);
    char buf[64];
    wc_check(c, readable(r) && recv(r, buf, sizeof buf, 0) == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
             "the datagram sent with a full address did not arrive whole");
    /* An empty datagram is a datagram (UDP carries a zero-length payload): sendto of 0 bytes
     * returns 0, and the receiver gets a datagram of 0 bytes from the sender. */
    rc = sendto(s, msg, 0, 0, (struct sockaddr *)&ra, SIN_LEN);
    wc_check(c, rc == 0, "sendto of 0 bytes on UDP: rc=%d err=%d, expected 0", rc, rc < 0 ? WSAGetLastError() : 0);
    if (rc == 0) {
        struct sockaddr_in from;
        memset(&from, 0, sizeof from);
        int fl = (int)sizeof from;
        int got = readable(r) ? recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) : -2;
        wc_check(c, got == 0 && fl == SIN_LEN && from.sin_port == sa.sin_port,
                 "the empty datagram: recvfrom gave %d (err %d), fromlen %d, port %u; expected 0 bytes from port %u",
                 got, got == SOCKET_ERROR ? WSAGetLastError() : 0, fl, (unsigned)ntohs(from.sin_port),
                 (unsigned)ntohs(sa.sin_port));
    }
    /* TCP: the address (here the UDP receiver's) is ignored; the bytes go to the peer. */
    SOCKET cl, sv;
    if (tcp_pair(c, &cl, &sv)) {
        rc = sendto(cl, msg, (int)sizeof msg, 0, (struct sockaddr *)&ra, SIN_LEN);
        err = rc < 0 ? WSAGetLastError() : 0;
        wc_check(c, rc == (int)sizeof msg, "sendto on connected TCP with another address: rc=%d err=%d, expected %d",
                 rc, err, (int)sizeof msg);
        memset(buf, 0, sizeof buf);
        wc_check(c,
                 readable(sv) && recv(sv, buf, sizeof buf, 0) == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
                 "the TCP peer did not receive what sendto sent");
        wc_check(c, nothing_waiting(r), "sendto on TCP sent a datagram to the address it was given");
    }
    implicit_bind(c, r, &ra);
    close_each(cl, sv, INVALID_SOCKET, INVALID_SOCKET);
out:
    close_each(s, r, INVALID_SOCKET, INVALID_SOCKET);
}

/* A WSASendMsg message of one buffer to ra. */
static void msg_to(WSAMSG *m, struct sockaddr_in *ra, WSABUF *b) {
    memset(m, 0, sizeof *m);
    m->name = (struct sockaddr *)ra;
    m->namelen = SIN_LEN;
    m->lpBuffers = b;
    m->dwBufferCount = 1;
}

/* S3 (WSASend, WSASendTo and WSASendMsg pages, lpNumberOfBytesSent: "This parameter can be NULL
 * only if the lpOverlapped parameter is not NULL"; their Return value tables give WSAEFAULT for
 * an lpNumberOfBytesSent "not totally contained in a valid part of the user address space"; wine
 * 8.0 answers the same): a send without lpOverlapped and without a count is refused and sends
 * nothing.  (The receive calls are left out: their pages do not forbid NULL on a blocking call,
 * wine takes the bytes and succeeds there, and the model's answer is pinned,
 * M.WSARecvFrom.null-count.) */
static void null_count(wc_ctx *c) {
    wc_use_variant(c);
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 0, &r, &ra, &s, &sa);
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET;
    LPFN_WSASENDMSG sendmsg_fn;
    if (s == INVALID_SOCKET || !tcp_pair(c, &cl, &sv) ||
        !wc_ext_fn(c, s, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg"))
        goto out;
    char msg[] = "counted";
    WSABUF b = {sizeof msg, msg};
    refused(c, WSASend(cl, &b, 1, NULL, 0, NULL, NULL), WSAEFAULT, "WSASend (TCP) with lpNumberOfBytesSent NULL");
    refused(c, WSASendTo(s, &b, 1, NULL, 0, (struct sockaddr *)&ra, SIN_LEN, NULL, NULL), WSAEFAULT,
            "WSASendTo (UDP) with lpNumberOfBytesSent NULL");
    WSAMSG m;
    msg_to(&m, &ra, &b);
    refused(c, sendmsg_fn(s, &m, 0, NULL, NULL, NULL), WSAEFAULT, "WSASendMsg with lpNumberOfBytesSent NULL");
    wc_check(c, nothing_waiting(sv) && nothing_waiting(r), "a send refused for its NULL count delivered bytes");
    /* With a count, the same calls send: the peer reads exactly one copy of each. */
    DWORD n = 0;
    int rc = WSASend(cl, &b, 1, &n, 0, NULL, NULL);
    wc_check(c, rc == 0 && n == sizeof msg, "WSASend with a count: rc=%d n=%lu", rc, (unsigned long)n);
    n = 0;
    rc = sendmsg_fn(s, &m, 0, &n, NULL, NULL);
    wc_check(c, rc == 0 && n == sizeof msg, "WSASendMsg with a count: rc=%d n=%lu", rc, (unsigned long)n);
    char in[32];
    nonblocking(sv);
    nonblocking(r);
    wc_check(c, readable(sv) && recv(sv, in, sizeof in, 0) == (int)sizeof msg && memcmp(in, msg, sizeof msg) == 0,
             "the TCP peer did not read the one copy WSASend sent");
    wc_check(c, readable(r) && recv(r, in, sizeof in, 0) == (int)sizeof msg && nothing_waiting(r),
             "the UDP receiver did not get exactly the one datagram WSASendMsg sent");
    /* How many WSABUFs one call takes: no page gives a limit; the model's own answer (1,024) */
    static WSABUF many[1025];
    static char ones[1025];
    memset(ones, 'm', sizeof ones);
    for (int i = 0; i < 1025; i++) many[i] = (WSABUF){1, ones + i};
    DWORD m1 = 0, m2 = 0;
    int r1 = WSASend(cl, many, 1024, &m1, 0, NULL, NULL);
    int e1 = r1 ? WSAGetLastError() : 0;
    int r2 = WSASend(cl, many, 1025, &m2, 0, NULL, NULL);
    int e2 = r2 ? WSAGetLastError() : 0;
    wc_model_answer(c, "WSASend.buffer-count", "1024: %d %lu, 1025: %d %lu", e1, (unsigned long)m1, e2,
                    (unsigned long)m2);
out:
    close_each(cl, sv, s, r);
}

/* S3 (WSASendMsg page, Return value: WSAEFAULT "if a name member of the WSAMSG structure ... was
 * a NULL pointer and the namelen member ... was not set to zero"; Remarks: "The dwFlags parameter
 * can only contain a combination of the following control flags: MSG_DONTROUTE, MSG_PARTIAL,
 * and MSG_OOB"; the WSARecvMsg page (LPFN_WSARECVMSG) gives the same WSAEFAULT for name and
 * namelen and WSAEINVAL for a socket that "has not been bound"): the WSAMSG a UDP proxy fills
 * for each datagram, refused before anything is sent or taken. */
static void msg_arguments(wc_ctx *c) {
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 0, &r, &ra, &s, &sa);
    SOCKET fresh = socket(AF_INET, SOCK_DGRAM, 0);
    if (s == INVALID_SOCKET || !wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) goto out;
    nonblocking(fresh);
    LPFN_WSARECVMSG recvmsg_fn;
    LPFN_WSASENDMSG sendmsg_fn;
    if (!wc_ext_fn(c, r, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg") ||
        !wc_ext_fn(c, s, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg"))
        goto out;
    /* s is connected to r: a send that ignored a NULL name would go there. */
    if (!wc_check(c, connect(s, (struct sockaddr *)&ra, SIN_LEN) == 0, "set-up: connect UDP: %d", WSAGetLastError()))
        goto out;
    nonblocking(r);
    char msg[] = "message";
    WSABUF b = {sizeof msg, msg};
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.name = NULL;
    m.namelen = SIN_LEN;
    m.lpBuffers = &b;
    m.dwBufferCount = 1;
    DWORD n = WC_SENTINEL;
    int rc = sendmsg_fn(s, &m, 0, &n, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "WSASendMsg with name NULL and namelen %d: rc=%d err=%d, expected WSAEFAULT", SIN_LEN, rc, err);
    m.namelen = 0;
    rc = sendmsg_fn(s, &m, MSG_PEEK /* a receive flag */, &n, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && (err == WSAEINVAL || err == WSAEOPNOTSUPP),
             "WSASendMsg with dwFlags MSG_PEEK: rc=%d err=%d, expected a failure (WSAEINVAL or WSAEOPNOTSUPP)", rc,
             err);
    wc_check(c, nothing_waiting(r), "a datagram arrived although WSASendMsg was refused");
    n = WC_SENTINEL;
    rc = sendmsg_fn(s, &m, MSG_DONTROUTE, &n, NULL, NULL);
    wc_check(c, rc == 0 && n == sizeof msg, "WSASendMsg to the connected peer with MSG_DONTROUTE: rc=%d err=%d n=%lu",
             rc, rc ? WSAGetLastError() : 0, (unsigned long)n);
    wc_check(c, readable(r), "the datagram WSASendMsg sent to the connected peer did not arrive");
    char in[32];
    WSABUF ib = {sizeof in, in};
    WSAMSG rm;
    memset(&rm, 0, sizeof rm);
    rm.namelen = SIN_LEN;
    rm.lpBuffers = &ib;
    rm.dwBufferCount = 1;
    n = WC_SENTINEL;
    rc = recvmsg_fn(r, &rm, &n, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && n == WC_SENTINEL,
             "WSARecvMsg with name NULL and namelen %d: rc=%d err=%d n=%lu, expected WSAEFAULT, count untouched",
             SIN_LEN, rc, err, (unsigned long)n);
    rm.namelen = 0;
    refused(c, recvmsg_fn(fresh, &rm, &n, NULL, NULL), WSAEINVAL, "WSARecvMsg on a UDP socket never bound");
    memset(in, 0, sizeof in);
    /* a name buffer of exactly a sockaddr_in is room enough for the sender's address (mutation
     * testing, seed 73: a stack that wanted one byte more returned no name, and no case asked) */
    struct sockaddr_in from;
    memset(&from, 0xA5, sizeof from);
    rm.name = (struct sockaddr *)&from;
    rm.namelen = SIN_LEN;
    rc = recvmsg_fn(r, &rm, &n, NULL, NULL);
    wc_check(c, rc == 0 && n == sizeof msg && memcmp(in, msg, sizeof msg) == 0,
             "the datagram was not waiting after the refused WSARecvMsg: rc=%d err=%d n=%lu", rc,
             rc ? WSAGetLastError() : 0, (unsigned long)n);
    wc_check(c,
             rc != 0 || (rm.namelen == SIN_LEN && from.sin_family == AF_INET && from.sin_port == sa.sin_port &&
                         from.sin_addr.s_addr == sa.sin_addr.s_addr),
             "WSARecvMsg with namelen exactly %d: name family %d, port %u, namelen %d; expected the sender's, port %u",
             SIN_LEN, from.sin_family, (unsigned)ntohs(from.sin_port), rm.namelen, (unsigned)ntohs(sa.sin_port));
    /* a name buffer with namelen 0: no page says whether the call fails or delivers without the
     * name (the model's answer pinned: "rc namelen family-byte") */
    if (wc_on_model(c) && send(s, msg, (int)sizeof msg, 0) == (int)sizeof msg && readable(r)) {
        memset(&from, 0xA5, sizeof from);
        rm.namelen = 0;
        rc = recvmsg_fn(r, &rm, &n, NULL, NULL);
        wc_model_answer(c, "WSARecvMsg.namelen-zero", "%d %d %s", rc ? WSAGetLastError() : 0, rm.namelen,
                        ((const unsigned char *)&from)[0] == 0xA5 ? "untouched" : "written");
    }
out:
    close_each(fresh, s, r, INVALID_SOCKET);
}

/* S3 (a UDP proxy forwards records in WSASendMsg's control data, A62; the pages give no error
 * for control data that does not parse, and the SDK's own WSA_CMSG_NXTHDR makes no progress on a
 * cmsg_len of 0, SEMANTICS 2): headers whose cmsg_len is 0, one short of the header, one past
 * Control.len or a page past it, in a control buffer that ends at a guard page.  Whatever the
 * stack answers (the code is recorded), the call must come back (a walker that trusts cmsg_len
 * 0 never ends), must read nothing past Control.len (the guard page), and a refused call sends
 * nothing, while an accepted one sends the datagram once, whole. */
static void msg_bad_control(wc_ctx *c) {
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 0, &r, &ra, &s, &sa);
    if (s == INVALID_SOCKET) goto out;
    const size_t hdr = WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)), cap = 2 * hdr + 8;
    BYTE *ctl_buf = wt_guarded_buffer(wc_target(c), cap);
    if (!ctl_buf) wc_unsupported(c, "the target gives no buffer before a guard page");
    LPFN_WSASENDMSG sendmsg_fn;
    if (!wc_ext_fn(c, s, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg")) goto out;
    nonblocking(r);
    static const struct {
        size_t extra; /* cmsg_len = hdr + extra, or the values below */
        int below; /* 1: cmsg_len 0; 2: one short of the header; 3: after an empty header */
        const char *what;
    } bad[] = {{0, 1, "0"},
               {0, 2, "one short of the header"},
               {9, 0, "one past Control.len"},
               {4096, 0, "a page past Control.len"},
               {3, 3, "unaligned, second, ending where Control.len ends (its padding would pass the guard page)"}};
    char answers[128] = ""; /* each call's error, 0 for a success */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (int level = 0; level < 2; level++) {
            memset(ctl_buf, 0x5A, cap);
            WSACMSGHDR h;
            h.cmsg_len = bad[i].below == 1 ? 0 : bad[i].below == 2 ? hdr - 1 : hdr + bad[i].extra;
            h.cmsg_level = level ? IPPROTO_IP : SOL_SOCKET;
            h.cmsg_type = level ? IP_WFP_REDIRECT_RECORDS : 0;
            /* Control.len: a header and 8 bytes, or for the unaligned header an empty one before
             * it and nothing after it; the buffer's last len bytes, so the guard page follows */
            size_t len = bad[i].below == 3 ? hdr + h.cmsg_len : hdr + 8;
            BYTE *at = ctl_buf + cap - len;
            if (bad[i].below == 3) {
                WSACMSGHDR empty = {.cmsg_len = hdr, .cmsg_level = SOL_SOCKET, .cmsg_type = 0};
                memcpy(at, &empty, sizeof empty);
                memcpy(at + hdr, &h, sizeof h);
            } else {
                memcpy(at, &h, sizeof h);
            }
            char msg[] = "controlled";
            WSABUF b = {sizeof msg, msg};
            WSAMSG m;
            memset(&m, 0, sizeof m);
            m.name = (LPSOCKADDR)&ra;
            m.namelen = SIN_LEN;
            m.lpBuffers = &b;
            m.dwBufferCount = 1;
            m.Control.buf = (CHAR *)at;
            m.Control.len = (ULONG)len;
            DWORD n = WC_SENTINEL;
            int rc = sendmsg_fn(s, &m, 0, &n, NULL, NULL);
            int err = rc ? WSAGetLastError() : 0;
            wc_log(c, "WSASendMsg, %s header with cmsg_len %s: rc=%d err=%d", level ? "a records" : "an unknown",
                   bad[i].what, rc, err);
            size_t at_end = strlen(answers);
            snprintf(answers + at_end, sizeof answers - at_end, "%s%d", at_end ? " " : "", err);
            if (rc == SOCKET_ERROR) {
                wc_check(c, nothing_waiting(r), "a datagram arrived although WSASendMsg with cmsg_len %s failed (%d)",
                         bad[i].what, err);
                continue;
            }
            char in[32];
            int got = readable(r) ? recv(r, in, sizeof in, 0) : -1;
            wc_check(c, rc == 0 && n == sizeof msg && got == (int)sizeof msg && memcmp(in, msg, sizeof msg) == 0,
                     "WSASendMsg with cmsg_len %s succeeded (rc=%d n=%lu) but the datagram did not arrive whole: %d",
                     bad[i].what, rc, (unsigned long)n, got);
            wc_check(c, nothing_waiting(r), "WSASendMsg with cmsg_len %s sent more than one datagram", bad[i].what);
        }
    }
    /* which of them a stack refuses, and with which code, no page says: the model's are pinned */
    wc_model_answer(c, "WSASendMsg.bad-control", "%s", answers);
out:
    close_each(s, r, INVALID_SOCKET, INVALID_SOCKET);
}

/* What another thread sends once `go` is set: to `to` (UDP) or to the connected peer (TCP),
 * a shutdown(SD_SEND) when len is -1, or with len -2 a connect of s to `to`.  The thread then
 * stays alive until the waiting call has returned (join_sender sets `done`): a waiter woken
 * only by this thread's end would otherwise pass; `late` says it was not back 3 s later. */
typedef struct sender {
    SOCKET s;
    const char *data;
    int len;
    const struct sockaddr_in *to;
    HANDLE go;
    int rc;
    HANDLE done;
    int late;
} sender;

static DWORD WINAPI send_later(LPVOID p) {
    sender *x = p;
    WaitForSingleObject(x->go, 5000);
    if (x->len == -2) {
        x->rc = connect(x->s, (const struct sockaddr *)x->to, SIN_LEN);
    } else if (x->len < 0) {
        x->rc = shutdown(x->s, SD_SEND);
    } else {
        x->rc = x->to ? sendto(x->s, x->data, x->len, 0, (const struct sockaddr *)x->to, SIN_LEN)
                      : send(x->s, x->data, x->len, 0);
    }
    if (WaitForSingleObject(x->done, 3000) != WAIT_OBJECT_0) x->late = 1;
    return 0;
}

/* Starts a thread that does x's send once released; the thread, or NULL after a failed check. */
static HANDLE start_sender(wc_ctx *c, sender *x) {
    x->go = CreateEventW(NULL, TRUE, FALSE, NULL);
    x->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE th = x->go && x->done ? CreateThread(NULL, 0, send_later, x, 0, NULL) : NULL;
    if (!wc_check(c, th != NULL, "set-up: CreateEvent/CreateThread: error %lu", (unsigned long)GetLastError())) {
        if (x->go) CloseHandle(x->go);
        if (x->done) CloseHandle(x->done);
        return NULL;
    }
    SetEvent(x->go); /* it sends while this thread is (most likely) already waiting */
    return th;
}

static void join_sender(wc_ctx *c, HANDLE th, sender *x, const char *what) {
    SetEvent(x->done); /* the waiting call has returned */
    wc_expect_int(c, WaitForSingleObject(th, 5000), WAIT_OBJECT_0);
    CloseHandle(th);
    CloseHandle(x->go);
    CloseHandle(x->done);
    wc_check(c, x->len < 0 ? x->rc == 0 : x->rc == x->len, "the other thread's %s: rc=%d", what, x->rc);
    wc_check(c, !x->late, "the blocking call returned only after the thread's %s ended, not when it was done", what);
}

static GROUP group_seen; /* what *g held when the condition function was called */
static int CALLBACK take_any(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                             LPWSABUF callee_data, GROUP *g, DWORD_PTR data) {
    (void)caller, (void)caller_data, (void)sqos, (void)gqos, (void)callee, (void)callee_data, (void)data;
    group_seen = g ? *g : (GROUP)-1;
    return CF_ACCEPT;
}

/* S3 (recv page: "If no incoming data is available at the socket, the recv call blocks and
 * waits for data to arrive"; "If the connection has been gracefully closed, the return value is
 * zero"; WSARecvFrom page: "For the case of a blocking socket with no data currently having
 * been received and buffered by the transport, the call will block until data is received";
 * WSARecvMsg page: the same blocking semantics as recvfrom for a call without lpOverlapped;
 * WSAGetOverlappedResult page, fWait: "If TRUE, the function does not return until the
 * operation has been completed"): a thread-per-connection proxy sits in these calls, and what
 * they return once the peer sends is what it relays. */
static void blocking_waits(wc_ctx *c) {
    wc_use_variant(c);
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 0, &r, &ra, &s, &sa);
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET;
    if (s == INVALID_SOCKET || !tcp_pair(c, &cl, &sv)) goto out;
    LPFN_WSARECVMSG recvmsg_fn;
    if (!wc_ext_fn(c, r, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg")) goto out;
    char buf[64];
    SOCKADDR_STORAGE from;
    int fromlen, rc;
    HANDLE th;
    /* recvfrom on UDP: the datagram and its sender. */
    sender x = {s, "one datagram", 12, &ra, NULL, 0, NULL, 0};
    if ((th = start_sender(c, &x)) != NULL) {
        fromlen = (int)sizeof from;
        memset(&from, 0, sizeof from);
        rc = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        wc_check(c, rc == 12 && memcmp(buf, "one datagram", 12) == 0,
                 "a blocking recvfrom returned %d (err %d); expected the 12-byte datagram sent meanwhile", rc,
                 rc < 0 ? WSAGetLastError() : 0);
        wc_check(c, fromlen == SIN_LEN && same_sin((struct sockaddr_in *)&from, &sa),
                 "the blocking recvfrom's from is not the sender (fromlen %d)", fromlen);
        join_sender(c, th, &x, "sendto");
    }
    /* WSARecvMsg without lpOverlapped: the datagram, its sender in name. */
    sender y = {s, "a message", 9, &ra, NULL, 0, NULL, 0};
    if ((th = start_sender(c, &y)) != NULL) {
        WSABUF b = {sizeof buf, buf};
        WSAMSG m;
        memset(&m, 0, sizeof m);
        memset(&from, 0, sizeof from);
        m.name = (struct sockaddr *)&from;
        m.namelen = (int)sizeof from;
        m.lpBuffers = &b;
        m.dwBufferCount = 1;
        DWORD n = WC_SENTINEL;
        rc = recvmsg_fn(r, &m, &n, NULL, NULL);
        wc_check(c, rc == 0 && n == 9 && memcmp(buf, "a message", 9) == 0,
                 "a blocking WSARecvMsg: rc=%d err=%d n=%lu; expected the 9-byte datagram sent meanwhile", rc,
                 rc ? WSAGetLastError() : 0, (unsigned long)n);
        wc_check(c, m.namelen == SIN_LEN && same_sin((struct sockaddr_in *)&from, &sa) && m.dwFlags == 0,
                 "the blocking WSARecvMsg's name (namelen %d) is not the sender, or dwFlags 0x%lx is not 0", m.namelen,
                 (unsigned long)m.dwFlags);
        join_sender(c, th, &y, "sendto");
    }
    /* recv on TCP: the bytes, then 0 once the peer shut its side down. */
    sender z = {cl, "stream bytes", 12, NULL, NULL, 0, NULL, 0};
    if ((th = start_sender(c, &z)) != NULL) {
        memset(buf, 0, sizeof buf);
        rc = recv(sv, buf, sizeof buf, 0);
        wc_check(c, rc == 12 && memcmp(buf, "stream bytes", 12) == 0,
                 "a blocking recv on TCP returned %d (err %d); expected the 12 bytes sent meanwhile", rc,
                 rc < 0 ? WSAGetLastError() : 0);
        join_sender(c, th, &z, "send");
    }
    /* select with a timeout, select without one, and WSAPoll with a timeout wait for the bytes
     * another thread sends meanwhile (select page, timeout: "The maximum time for select to wait";
     * a NULL timeout blocks "indefinitely"; WSAPoll page: timeout "the time, in milliseconds, to
     * wait"), then the socket is readable. */
    static const char *const woken[3] = {"select (5 s)", "select (no timeout)", "WSAPoll (5 s)"};
    for (int i = 0; i < 3; i++) {
        sender q = {cl, "wake", 4, NULL, NULL, 0, NULL, 0};
        if ((th = start_sender(c, &q)) == NULL) break;
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(sv, &rd);
        struct timeval tv = {5, 0};
        WSAPOLLFD pfd = {sv, POLLRDNORM, 0};
        rc = i < 2 ? select(0, &rd, NULL, NULL, i == 0 ? &tv : NULL) : WSAPoll(&pfd, 1, 5000);
        int ready = i < 2 ? FD_ISSET(sv, &rd) != 0 : (pfd.revents & POLLRDNORM) != 0;
        wc_check(c, rc == 1 && ready,
                 "%s while another thread sends: %d (err %d), the socket %s; expected 1 and the socket readable",
                 woken[i], rc, rc < 0 ? WSAGetLastError() : 0, ready ? "readable" : "not readable");
        join_sender(c, th, &q, "send");
        rc = recv(sv, buf, sizeof buf, 0);
        wc_check(c, rc == 4 && memcmp(buf, "wake", 4) == 0, "the bytes %s waited for: recv %d", woken[i], rc);
    }
    /* WSAGetOverlappedResult with fWait TRUE on a receive that is pending. */
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    WSABUF b = {sizeof buf, buf};
    DWORD flags = 0, n = WC_SENTINEL;
    memset(buf, 0, sizeof buf);
    rc = WSARecv(sv, &b, 1, NULL, &flags, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING,
                 "set-up: an overlapped WSARecv with nothing to read: rc=%d err=%d, expected WSA_IO_PENDING", rc,
                 err)) {
        BOOL ok = WSAGetOverlappedResult(sv, &ov, &n, FALSE, &flags);
        err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSA_IO_INCOMPLETE, "WSAGetOverlappedResult(fWait FALSE) while pending: %d, err %d",
                 (int)ok, err);
        sender v = {cl, "overlapped", 10, NULL, NULL, 0, NULL, 0};
        if ((th = start_sender(c, &v)) != NULL) {
            n = WC_SENTINEL;
            flags = 0xff;
            ok = WSAGetOverlappedResult(sv, &ov, &n, TRUE, &flags);
            err = ok ? 0 : WSAGetLastError();
            wc_check(c, ok && n == 10 && flags == 0 && memcmp(buf, "overlapped", 10) == 0,
                     "WSAGetOverlappedResult(fWait TRUE): %d err %d, %lu bytes, flags 0x%lx; expected TRUE, the 10 "
                     "bytes sent meanwhile, flags 0",
                     (int)ok, err, (unsigned long)n, (unsigned long)flags);
            join_sender(c, th, &v, "send");
        } else {
            closesocket(sv); /* the receive ends, aborted, before ov goes out of scope */
            sv = INVALID_SOCKET;
        }
    }
    /* A blocking recv the peer's shutdown ends: 0. */
    sender e = {cl, NULL, -1, NULL, NULL, 0, NULL, 0};
    if (sv != INVALID_SOCKET && (th = start_sender(c, &e)) != NULL) {
        rc = recv(sv, buf, sizeof buf, 0);
        wc_check(c, rc == 0,
                 "a blocking recv when the peer shut down its sending side returned %d (err %d); expected 0", rc,
                 rc < 0 ? WSAGetLastError() : 0);
        join_sender(c, th, &e, "shutdown(SD_SEND)");
    }
    /* A blocking accept: the connection another thread makes meanwhile (accept page: "If no
     * pending connections are present on the queue, and the socket is marked as blocking, accept
     * blocks the caller until a connection is present"). */
    /* The same with WSAAccept and a condition function, which is called once a connection is
     * there (WSAAccept page: the condition function is called "when a connection request
     * arrives"), so the call blocks before it. */
    static const char *const accepts[2] = {"accept", "WSAAccept with a condition function"};
    for (int i = 0; i < 2; i++) {
        struct sockaddr_in la, ka;
        SOCKET l = bound4(c, SOCK_STREAM, 0, &la), k = bound4(c, SOCK_STREAM, 0, &ka);
        sender a = {k, NULL, -2, &la, NULL, 0, NULL, 0};
        if (k != INVALID_SOCKET && wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError()) &&
            (th = start_sender(c, &a)) != NULL) {
            struct sockaddr_in peer;
            int plen = SIN_LEN;
            memset(&peer, 0, sizeof peer);
            group_seen = (GROUP)0xBAD;
            SOCKET got = i ? WSAAccept(l, (struct sockaddr *)&peer, &plen, take_any, 0)
                           : accept(l, (struct sockaddr *)&peer, &plen);
            /* the group the condition function is handed: no page says what *g holds on entry (the
             * page: "g is assigned within the condition function"); pinned, as the model's own
             * choice could drift unseen (mutation testing, seed 160) */
            if (i) wc_model_answer(c, "WSAAccept.condition-group-in", "%lu", (unsigned long)group_seen);
            wc_check(c, got != INVALID_SOCKET && plen == SIN_LEN && same_sin(&peer, &ka),
                     "a blocking %s returned %s (err %d); expected the connection another thread made meanwhile, "
                     "from its socket's address",
                     accepts[i], got == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket from elsewhere",
                     got == INVALID_SOCKET ? WSAGetLastError() : 0);
            join_sender(c, th, &a, "connect");
            if (got != INVALID_SOCKET) closesocket(got);
        }
        close_each(l, k, INVALID_SOCKET, INVALID_SOCKET);
    }
    WSACloseEvent(ov.hEvent);
out:
    close_each(cl, sv, s, r);
}

/* S3 (WSAGetOverlappedResult page, Return value: "WSAENOTSOCK: The descriptor is not a
 * socket"; accept page: "WSAEINVAL: The listen function was not invoked prior to accept"; connect
 * page, Remarks: for a connectionless socket "the default destination can be changed by simply
 * calling connect again"): the wrong-state calls of a proxy's accept loop and of a UDP relay
 * that follows its client to a new upstream. */
static void wrong_states(wc_ctx *c) {
    wc_use_variant(c);
    struct sockaddr_in la, a1, a2, sa;
    SOCKET l = bound4(c, SOCK_STREAM, 0, &la);
    SOCKET r1 = l == INVALID_SOCKET ? INVALID_SOCKET : bound4(c, SOCK_DGRAM, 0, &a1);
    SOCKET r2 = r1 == INVALID_SOCKET ? INVALID_SOCKET : bound4(c, SOCK_DGRAM, 0, &a2);
    SOCKET s = r2 == INVALID_SOCKET ? INVALID_SOCKET : bound4(c, SOCK_DGRAM, 0, &sa);
    if (s == INVALID_SOCKET) goto out;
    struct sockaddr_in peer;
    int plen = SIN_LEN;
    memset(&peer, 0xcc, sizeof peer);
    SOCKET acc = accept(l, (struct sockaddr *)&peer, &plen);
    int err = acc == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, acc == INVALID_SOCKET && err == WSAEINVAL && plen == SIN_LEN && all_bytes(&peer, 0xcc, sizeof peer),
             "accept on a bound TCP socket that is not listening: %s, err %d, addrlen %d; expected WSAEINVAL, the "
             "address untouched",
             acc == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err, plen);
    if (acc != INVALID_SOCKET) closesocket(acc);
    /* UDP connected to r1, then to r2: send follows the second connect. */
    static const char one[] = "first", two[] = "second";
    char buf[32];
    int rc = connect(s, (struct sockaddr *)&a1, SIN_LEN);
    wc_check(c, rc == 0 && send(s, one, (int)sizeof one, 0) == (int)sizeof one, "connect and send to r1: err %d",
             WSAGetLastError());
    rc = connect(s, (struct sockaddr *)&a2, SIN_LEN);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == 0, "a second connect of a connected UDP socket: rc=%d err=%d, expected 0", rc, err);
    struct sockaddr_in p;
    int len = SIN_LEN;
    wc_check(c, getpeername(s, (struct sockaddr *)&p, &len) == 0 && same_sin(&p, &a2),
             "getpeername after the second connect does not name the new destination (err %d)", WSAGetLastError());
    wc_check(c, send(s, two, (int)sizeof two, 0) == (int)sizeof two, "send after the second connect: err %d",
             WSAGetLastError());
    wc_check(c, readable(r1) && recv(r1, buf, sizeof buf, 0) == (int)sizeof one && memcmp(buf, one, sizeof one) == 0,
             "the first destination did not get the datagram sent before the second connect");
    wc_check(c, readable(r2) && recv(r2, buf, sizeof buf, 0) == (int)sizeof two && memcmp(buf, two, sizeof two) == 0,
             "the second destination did not get the datagram sent after the second connect");
    wc_check(c, nothing_waiting(r1), "the first destination got a datagram sent after the second connect");
    /* WSAGetOverlappedResult on a socket value that was closed. */
    SOCKET gone = socket(AF_INET, SOCK_DGRAM, 0);
    closesocket(gone);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD n = WC_SENTINEL, flags = 0;
    BOOL ok = WSAGetOverlappedResult(gone, &ov, &n, FALSE, &flags);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAENOTSOCK,
             "WSAGetOverlappedResult on a closed socket: %d, err %d; expected WSAENOTSOCK", (int)ok, err);
out:
    close_each(s, r2, r1, l);
}

/* S3 (send and sendto pages: "WSAEFAULT: The buf parameter is not completely contained in a
 * valid part of the user address space"; WSASend and WSARecv pages: WSAEFAULT for an lpBuffers
 * "not completely contained in a valid part of the user address space"; recvfrom page:
 * WSAEFAULT when "The buf or from parameters are not part of the user address space";
 * WSARecvMsg page: the same for its name, lpFrom's counterpart): a proxy that hands the stack
 * a stale pointer must be told, and nothing it did not mean may go out.  The target gives an
 * unmapped address and a read-only page (wt_unmapped_address, wt_readonly_page). */
static void bad_buffers(wc_ctx *c) {
    wc_use_variant(c);
    void *unmapped = wt_unmapped_address(wc_target(c));
    void *readonly = wt_readonly_page(wc_target(c));
    if (!unmapped || !readonly) wc_unsupported(c, "the target gives no unmapped address or read-only page");
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 0, &r, &ra, &s, &sa);
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET;
    if (s == INVALID_SOCKET || !tcp_pair(c, &cl, &sv)) goto out;
    LPFN_WSARECVMSG recvmsg_fn;
    if (!wc_ext_fn(c, r, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg")) goto out;
    nonblocking(r);
    nonblocking(sv);
    int rc = refused(c, send(cl, (const char *)unmapped, 16, 0), WSAEFAULT, "send (TCP) from an unmapped buffer");
    refused(c, sendto(s, (const char *)unmapped, 16, 0, (struct sockaddr *)&ra, SIN_LEN), WSAEFAULT,
            "sendto (UDP) from an unmapped buffer");
    char ok[] = "good bytes";
    WSABUF bufs[2] = {{sizeof ok, ok}, {16, (char *)unmapped}};
    DWORD n = WC_SENTINEL;
    refused(c, WSASend(cl, NULL, 1, &n, 0, NULL, NULL), WSAEFAULT, "WSASend with lpBuffers NULL and one buffer");
    refused(c, WSASend(cl, (LPWSABUF)unmapped, 1, &n, 0, NULL, NULL), WSAEFAULT, "WSASend with an unmapped lpBuffers");
    refused(c, WSASendTo(s, bufs, 2, &n, 0, (struct sockaddr *)&ra, SIN_LEN, NULL, NULL), WSAEFAULT,
            "WSASendTo (UDP) with its second buffer unmapped");
    wc_check(c, nothing_waiting(sv) && nothing_waiting(r), "bytes arrived although every send was refused");
    /* What a valid send then delivers is exactly its own bytes. */
    n = 0;
    rc = WSASend(cl, bufs, 1, &n, 0, NULL, NULL);
    wc_check(c, rc == 0 && n == sizeof ok, "WSASend of the good buffer: rc=%d n=%lu", rc, (unsigned long)n);
    rc = sendto(s, ok, (int)sizeof ok, 0, (struct sockaddr *)&ra, SIN_LEN);
    wc_check(c, rc == (int)sizeof ok, "sendto of the good buffer: rc=%d err=%d", rc, rc < 0 ? WSAGetLastError() : 0);
    if (!wc_check(c, readable(sv) && readable(r), "the good bytes did not arrive")) goto out;
    char in[64];
    WSABUF ib = {sizeof in, in};
    DWORD flags = 0;
    refused(c, WSARecv(sv, (LPWSABUF)unmapped, 1, &n, &flags, NULL, NULL), WSAEFAULT,
            "WSARecv with an unmapped lpBuffers");
    memset(in, 0, sizeof in);
    n = 0;
    flags = 0;
    rc = WSARecv(sv, &ib, 1, &n, &flags, NULL, NULL);
    wc_check(c, rc == 0 && n == sizeof ok && memcmp(in, ok, sizeof ok) == 0,
             "the TCP peer read %lu bytes (rc %d); expected exactly the good %d bytes", (unsigned long)n, rc,
             (int)sizeof ok);
    /* WSARecv page, lpFlags on output: MSG_PARTIAL and the like are for message-oriented
     * sockets; a stream receive that completed at once reports none */
    wc_check(c, rc != 0 || flags == 0, "a TCP WSARecv that completed at once left *lpFlags 0x%lx; expected 0",
             (unsigned long)flags);
    /* A receive whose second buffer is unmapped (WSARecv page: WSAEFAULT for lpBuffers "not
     * completely contained in a valid part of the user address space").  The stack may refuse
     * it before it moves a byte, or fill the first buffer and stop there; either way no byte
     * of the stream may be lost. */
    char tail[24], first[8], rest[64];
    for (int i = 0; i < (int)sizeof tail; i++) tail[i] = (char)('A' + i);
    rc = send(cl, tail, (int)sizeof tail, 0);
    if (!wc_check(c, rc == (int)sizeof tail && readable(sv), "set-up: %d more bytes: rc=%d err=%d", (int)sizeof tail,
                  rc, rc < 0 ? WSAGetLastError() : 0))
        goto out;
    WSABUF two[2] = {{sizeof first, first}, {16, (char *)unmapped}};
    n = WC_SENTINEL;
    flags = 0;
    rc = WSARecv(sv, two, 2, &n, &flags, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    DWORD taken = rc == 0 ? n : 0;
    wc_check(c,
             (rc == SOCKET_ERROR && err == WSAEFAULT) ||
                 (rc == 0 && n > 0 && n <= sizeof first && memcmp(first, tail, n) == 0),
             "WSARecv (TCP) with its second buffer unmapped: rc=%d err=%d n=%lu; expected WSAEFAULT, or the first "
             "buffer's bytes",
             rc, err, (unsigned long)n);
    DWORD left = 0;
    while (taken + left < sizeof tail) { /* the rest of the stream, all of it */
        rc = recv(sv, rest + left, (int)(sizeof rest - left), 0);
        if (rc <= 0 && !(rc < 0 && WSAGetLastError() == WSAEWOULDBLOCK && readable(sv))) break;
        if (rc > 0) left += (DWORD)rc;
    }
    wc_check(c, taken + left == sizeof tail && memcmp(rest, tail + taken, left) == 0,
             "after that WSARecv took %lu bytes, %lu of the other %d came, or not the right ones: bytes were lost",
             (unsigned long)taken, (unsigned long)left, (int)(sizeof tail - taken));
    /* The address buffers of a receive. */
    int fromlen = SIN_LEN;
    if (!datagram_waiting(c, s, r, &ra, ok, sizeof ok)) goto out;
    refused(c, recvfrom(r, in, sizeof in, 0, (struct sockaddr *)readonly, &fromlen), WSAEFAULT,
            "recvfrom with from on a read-only page");
    SOCKADDR_STORAGE from;
    if (!datagram_waiting(c, s, r, &ra, ok, sizeof ok)) goto out;
    refused(c, recvfrom(r, in, sizeof in, 0, (struct sockaddr *)&from, (int *)unmapped), WSAEFAULT,
            "recvfrom with an unmapped fromlen");
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.name = (struct sockaddr *)readonly;
    m.namelen = SIN_LEN;
    m.lpBuffers = &ib;
    m.dwBufferCount = 1;
    n = WC_SENTINEL;
    if (!datagram_waiting(c, s, r, &ra, ok, sizeof ok)) goto out;
    refused(c, recvmsg_fn(r, &m, &n, NULL, NULL), WSAEFAULT, "WSARecvMsg with its name on a read-only page");
out:
    close_each(cl, sv, s, r);
}

/* S3 (WSARecvFrom page, Return value: WSAEFAULT when "The lpBuffers, lpFlags, lpFrom,
 * lpNumberOfBytesRecvd, lpFromlen, lpOverlapped, or lpCompletionRoutine parameter is not
 * totally contained in a valid part of the user address space"): lpFlags is read on entry and
 * written on return, so a NULL or unmapped one is refused, blocking or overlapped, before the
 * datagram is taken, and so is a blocking call's unmapped lpNumberOfBytesRecvd; an overlapped
 * refusal completes nothing.  (A read-only lpFlags is left alone: the stack may read it, and
 * whether it fails before or after the receive is not said.  A NULL lpNumberOfBytesRecvd on a
 * blocking call is allowed by the pages: what the model does is pinned.) */
/* What the unmapped-pointer cases share: the address (or UNSUPPORTED), two overlapped UDP
 * sockets r and s with r's address in *ra, and an event. */
static void *unmapped_udp(wc_ctx *c, SOCKET *r, struct sockaddr_in *ra, SOCKET *s, WSAEVENT *ev) {
    void *unmapped = wt_unmapped_address(wc_target(c));
    if (!unmapped) wc_unsupported(c, "the target gives no unmapped address");
    struct sockaddr_in sa;
    udp_two(c, 1, r, ra, s, &sa);
    *ev = WSACreateEvent();
    return unmapped;
}

static void recv_flags(wc_ctx *c) {
    struct sockaddr_in ra;
    SOCKET r, s;
    WSAEVENT ev;
    void *unmapped = unmapped_udp(c, &r, &ra, &s, &ev);
    if (s == INVALID_SOCKET || !datagram_waiting(c, s, r, &ra, "flags", 5)) goto out;
    nonblocking(r); /* a stack that took the datagram fails the last check instead of hanging */
    char in[16];
    WSABUF b = {sizeof in, in};
    LPDWORD bad[2] = {NULL, (LPDWORD)unmapped};
    const char *name[2] = {"NULL", "unmapped"};
    for (int i = 0; i < 2; i++) {
        DWORD n = WC_SENTINEL;
        int rc = WSARecvFrom(r, &b, 1, &n, bad[i], NULL, NULL, NULL, NULL);
        int err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
                 "WSARecvFrom (blocking) with a %s lpFlags: rc=%d err=%d, expected WSAEFAULT", name[i], rc, err);
        WSAOVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = ev;
        WSAResetEvent(ev);
        rc = WSARecvFrom(r, &b, 1, NULL, bad[i], NULL, NULL, &ov, NULL);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
                 "WSARecvFrom (overlapped) with a %s lpFlags: rc=%d err=%d, expected WSAEFAULT", name[i], rc, err);
        wc_check(c, WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
                 "a WSARecvFrom refused with a %s lpFlags signalled its event (a completion came)", name[i]);
    }
    /* the same page's lpNumberOfBytesRecvd outside the address space, on a blocking call */
    DWORD fl = 0;
    int rc = WSARecvFrom(r, &b, 1, (LPDWORD)unmapped, &fl, NULL, NULL, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "WSARecvFrom (blocking) with an unmapped lpNumberOfBytesRecvd: rc=%d err=%d, expected WSAEFAULT", rc, err);
    /* and a blocking WSARecvMsg whose byte count points nowhere ("WSARecvMsg": WSAEFAULT when
     * lpdwNumberOfBytesRecvd "is not totally contained in a valid part of the user address
     * space"; mutation testing, seed 73: a stack that checked only for NULL took the datagram and
     * wrote through the pointer, and no case handed it one) */
    LPFN_WSARECVMSG recvmsg_fn;
    if (wc_ext_fn(c, r, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg")) {
        WSAMSG m;
        memset(&m, 0, sizeof m);
        m.lpBuffers = &b;
        m.dwBufferCount = 1;
        rc = recvmsg_fn(r, &m, (LPDWORD)unmapped, NULL, NULL);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
                 "WSARecvMsg (blocking) with an unmapped lpdwNumberOfBytesRecvd: rc=%d err=%d, expected WSAEFAULT", rc,
                 err);
    }
    DWORD n = 0, flags = 0;
    memset(in, 0, sizeof in);
    rc = WSARecvFrom(r, &b, 1, &n, &flags, NULL, NULL, NULL, NULL);
    wc_check(c, rc == 0 && n == 5 && memcmp(in, "flags", 5) == 0,
             "the datagram after the refused calls: rc=%d n=%lu; expected its 5 bytes (a refused call took it)", rc,
             (unsigned long)n);
    /* and a blocking call with lpNumberOfBytesRecvd NULL: the pages ask for NULL when overlapped
     * and forbid it nowhere else (wine 8.0 takes the datagram; programs count on it) */
    if (datagram_waiting(c, s, r, &ra, "again", 5)) {
        flags = 0;
        memset(in, 0, sizeof in);
        rc = WSARecvFrom(r, &b, 1, NULL, &flags, NULL, NULL, NULL, NULL);
        err = rc ? WSAGetLastError() : 0;
        wc_model_answer(c, "WSARecvFrom.null-count", "%d %d, %s", rc, err,
                        memcmp(in, "again", 5) == 0 ? "the datagram taken" : "nothing received");
    }
out:
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    close_each(r, s, INVALID_SOCKET, INVALID_SOCKET);
}

/* One overlapped call of send_count with its count pointer unmapped: either refused with
 * WSAEFAULT and nothing completes, or done and its completion tells the bytes (the page
 * names WSAEFAULT for a count outside the address space, and asks for NULL when overlapped, so
 * a stack may also leave the count alone).  Returns 1 when the call went through. */
static int count_unmapped_result(wc_ctx *c, int rc, SOCKET s, WSAOVERLAPPED *ov, DWORD want, const char *what) {
    int err = rc ? WSAGetLastError() : 0;
    DWORD n = 0, fl = 0;
    BOOL got = FALSE;
    if (rc == 0 || err == WSA_IO_PENDING) got = WSAGetOverlappedResult(s, ov, &n, TRUE, &fl);
    if (rc == SOCKET_ERROR && err == WSAEFAULT) {
        wc_check(c, WSAWaitForMultipleEvents(1, &ov->hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
                 "%s with lpNumberOf... unmapped was refused (WSAEFAULT) and signalled its event", what);
        return 0;
    }
    wc_check(c, (rc == 0 || err == WSA_IO_PENDING) && got && n == want,
             "%s with lpNumberOf... unmapped: rc=%d err=%d, completion %d with %lu bytes; expected WSAEFAULT, or the "
             "call done and its completion telling %lu bytes",
             what, rc, err, got, (unsigned long)n, (unsigned long)want);
    return 1;
}

/* S3 (WSASendTo and WSARecv pages, Return value: WSAEFAULT when lpNumberOfBytesSent or
 * lpNumberOfBytesRecvd "is not totally contained in a valid part of the user address space";
 * both pages ask for NULL there when lpOverlapped is given): an overlapped send and receive
 * whose count points nowhere never bring the caller down.  A refused send sends nothing and a
 * refused receive leaves the datagram; one done moves exactly the bytes, as a plain call
 * then shows. */
static void send_count(wc_ctx *c) {
    struct sockaddr_in ra;
    SOCKET r, s;
    WSAEVENT ev;
    void *unmapped = unmapped_udp(c, &r, &ra, &s, &ev);
    if (s == INVALID_SOCKET || ev == WSA_INVALID_EVENT) goto out;
    nonblocking(r);
    char out[7] = "counts", in[16];
    WSABUF b = {sizeof out, out};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    int rc = WSASendTo(s, &b, 1, (LPDWORD)unmapped, 0, (const struct sockaddr *)&ra, SIN_LEN, &ov, NULL);
    int sent = count_unmapped_result(c, rc, s, &ov, sizeof out, "an overlapped WSASendTo");
    int waiting = sent ? readable(r) : !nothing_waiting(r);
    wc_check(c, waiting == sent, "after the WSASendTo %s the receiver %s a datagram", sent ? "went through" : "refused",
             waiting ? "has" : "has no");
    if (!waiting && !datagram_waiting(c, s, r, &ra, out, sizeof out)) goto out;
    WSABUF rb = {sizeof in, in};
    DWORD flags = 0;
    memset(in, 0, sizeof in);
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    WSAResetEvent(ev);
    rc = WSARecv(r, &rb, 1, (LPDWORD)unmapped, &flags, &ov, NULL);
    int took = count_unmapped_result(c, rc, r, &ov, sizeof out, "an overlapped WSARecv");
    if (took) {
        wc_check(c, memcmp(in, out, sizeof out) == 0,
                 "the overlapped WSARecv done with its count unmapped did not "
                 "deliver the datagram's bytes");
        wc_check(c, nothing_waiting(r), "after an overlapped WSARecv went through the datagram is still queued");
    } else {
        DWORD n = 0;
        flags = 0;
        rc = WSARecv(r, &rb, 1, &n, &flags, NULL, NULL);
        wc_check(c, rc == 0 && n == sizeof out && memcmp(in, out, sizeof out) == 0,
                 "the datagram after the refused WSARecv: rc=%d n=%lu; expected its %u bytes", rc, (unsigned long)n,
                 (unsigned)sizeof out);
    }
    /* a plain call has nowhere else to give its count: refused at once, nothing sent */
    rc = WSASendTo(s, &b, 1, (LPDWORD)unmapped, 0, (const struct sockaddr *)&ra, SIN_LEN, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && nothing_waiting(r),
             "a plain WSASendTo with lpNumberOfBytesSent unmapped: rc=%d err=%d; expected WSAEFAULT and nothing sent",
             rc, err);
    LPFN_WSASENDMSG sendmsg_fn;
    if (wc_ext_fn(c, s, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg")) {
        WSAMSG m;
        msg_to(&m, &ra, &b);
        rc = sendmsg_fn(s, &m, 0, (LPDWORD)unmapped, NULL, NULL);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && nothing_waiting(r),
                 "a plain WSASendMsg with lpNumberOfBytesSent unmapped: rc=%d err=%d; expected WSAEFAULT and nothing "
                 "sent",
                 rc, err);
    }
out:
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    close_each(r, s, INVALID_SOCKET, INVALID_SOCKET);
}

/* S3 (WSASend, WSASendTo, WSASendMsg, WSARecv, WSARecvFrom and WSARecvMsg pages, Return value:
 * WSAEFAULT when lpOverlapped "is not totally contained in a valid part of the user address
 * space"; the stack writes the OVERLAPPED, so a read-only one is no better): an overlapped send
 * or receive whose OVERLAPPED points nowhere, or at a read-only page, is refused, sends
 * nothing, takes nothing and completes nothing. */
static void overlapped_pointer(wc_ctx *c) {
    wt_target *t = wc_target(c);
    void *bad[2] = {wt_unmapped_address(t), wt_readonly_page(t)};
    if (!bad[0] || !bad[1]) wc_unsupported(c, "the target gives no unmapped address or read-only page");
    const char *name[2] = {"unmapped", "read-only"};
    struct sockaddr_in ra, sa;
    SOCKET r, s;
    udp_two(c, 1, &r, &ra, &s, &sa);
    LPFN_WSARECVMSG recvmsg_fn;
    LPFN_WSASENDMSG sendmsg_fn;
    if (s == INVALID_SOCKET || !wc_ext_fn(c, r, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg") ||
        !wc_ext_fn(c, s, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg") ||
        !wc_check(c, connect(s, (struct sockaddr *)&ra, SIN_LEN) == 0, "set-up: connect UDP: %d", WSAGetLastError()))
        goto out;
    nonblocking(r);
    char out[9] = "pointers", in[16];
    WSABUF ob = {sizeof out, out}, ib = {sizeof in, in};
    WSAMSG om, im;
    memset(&om, 0, sizeof om);
    om.lpBuffers = &ob;
    om.dwBufferCount = 1;
    for (int i = 0; i < 2; i++) {
        LPWSAOVERLAPPED ov = (LPWSAOVERLAPPED)bad[i];
        char what[96];
        snprintf(what, sizeof what, "WSASend with an %s OVERLAPPED", name[i]);
        refused(c, WSASend(s, &ob, 1, NULL, 0, ov, NULL), WSAEFAULT, what);
        snprintf(what, sizeof what, "WSASendTo with an %s OVERLAPPED", name[i]);
        refused(c, WSASendTo(s, &ob, 1, NULL, 0, (struct sockaddr *)&ra, SIN_LEN, ov, NULL), WSAEFAULT, what);
        snprintf(what, sizeof what, "WSASendMsg with an %s OVERLAPPED", name[i]);
        refused(c, sendmsg_fn(s, &om, 0, NULL, ov, NULL), WSAEFAULT, what);
        wc_check(c, nothing_waiting(r), "a send refused for its %s OVERLAPPED delivered a datagram", name[i]);
        if (!datagram_waiting(c, s, r, &ra, out, sizeof out)) goto out;
        DWORD flags = 0;
        snprintf(what, sizeof what, "WSARecv with an %s OVERLAPPED", name[i]);
        refused(c, WSARecv(r, &ib, 1, NULL, &flags, ov, NULL), WSAEFAULT, what);
        flags = 0;
        snprintf(what, sizeof what, "WSARecvFrom with an %s OVERLAPPED", name[i]);
        refused(c, WSARecvFrom(r, &ib, 1, NULL, &flags, NULL, NULL, ov, NULL), WSAEFAULT, what);
        memset(&im, 0, sizeof im);
        im.lpBuffers = &ib;
        im.dwBufferCount = 1;
        snprintf(what, sizeof what, "WSARecvMsg with an %s OVERLAPPED", name[i]);
        refused(c, recvmsg_fn(r, &im, NULL, ov, NULL), WSAEFAULT, what);
        memset(in, 0, sizeof in);
        int n = recv(r, in, sizeof in, 0);
        wc_check(c, n == (int)sizeof out && memcmp(in, out, sizeof out) == 0 && nothing_waiting(r),
                 "the datagram after the receives refused for their %s OVERLAPPED: recv %d; expected its %u bytes, "
                 "once",
                 name[i], n, (unsigned)sizeof out);
    }
    if (wc_on_model(c)) { /* SDK-GOR: an invalid lpcbTransfer is an access violation (Vista and later) */
        WSAOVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = WSACreateEvent();
        int rc = WSASend(s, &ob, 1, NULL, 0, &ov, NULL);
        if (wc_check(c, rc == 0 || WSAGetLastError() == WSA_IO_PENDING, "set-up: an overlapped WSASend: %d",
                     WSAGetLastError())) {
            WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, WC_WAIT_MS, FALSE);
            DWORD flags = 0;
            BOOL ok = WSAGetOverlappedResult(s, &ov, (LPDWORD)bad[1], FALSE, &flags);
            wc_model_answer(c, "WSAGetOverlappedResult.read-only-count", "%d %d", (int)ok, ok ? 0 : WSAGetLastError());
        }
        WSACloseEvent(ov.hEvent);
    }
out:
    close_each(r, s, INVALID_SOCKET, INVALID_SOCKET);
}

/* S3 (DisconnectEx page, Error codes: "WSAEINVAL ... returned if the dwFlags parameter was
 * specified with a [non]zero value other than TF_REUSE_SOCKET"; Remarks: "The DisconnectEx
 * function does not support datagram sockets"): refusals that leave the connection as it was,
 * the peer still reading what follows and no end of stream. */
static void disconnectex_args(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET;
    struct sockaddr_in ra, sa;
    SOCKET r, u;
    udp_two(c, 0, &r, &ra, &u, &sa);
    LPFN_DISCONNECTEX disc;
    if (u == INVALID_SOCKET || !tcp_pair(c, &cl, &sv) ||
        !wc_ext_fn(c, cl, (GUID)WSAID_DISCONNECTEX, &disc, sizeof disc, "DisconnectEx"))
        goto out;
    BOOL ok = disc(cl, NULL, 1, 0);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSAEINVAL, "DisconnectEx with dwFlags 1: %s, error %d; expected WSAEINVAL",
             ok ? "TRUE" : "FALSE", err);
    wc_check(c, connect(u, (struct sockaddr *)&ra, SIN_LEN) == 0, "set-up: connect UDP: %d", WSAGetLastError());
    ok = disc(u, NULL, 0, 0);
    err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err != 0, "DisconnectEx on a connected UDP socket: %s, error %d; expected a failure",
             ok ? "TRUE" : "FALSE", err);
    static const char more[] = "still connected";
    int rc = send(cl, more, (int)sizeof more, 0);
    wc_check(c, rc == (int)sizeof more, "send after the refused DisconnectEx: rc=%d err=%d", rc,
             rc < 0 ? WSAGetLastError() : 0);
    char in[32];
    memset(in, 0, sizeof in);
    rc = readable(sv) ? recv(sv, in, sizeof in, 0) : -2;
    wc_check(c, rc == (int)sizeof more && memcmp(in, more, sizeof more) == 0,
             "the peer read %d bytes after the refused DisconnectEx; expected the %d sent", rc, (int)sizeof more);
    u_long nb = 1;
    ioctlsocket(sv, FIONBIO, &nb);
    refused(c, recv(sv, in, sizeof in, 0), WSAEWOULDBLOCK,
            "the peer's next recv; expected WSAEWOULDBLOCK (no end of stream)");
out:
    close_each(cl, sv, u, r);
}

/* S3 (ioctlsocket page: "WSAEFAULT: The argp parameter is not a valid part of the user address
 * space"; WSAIoctl page, Return value: "WSAEFAULT: The lpvInBuffer, lpvOutBuffer ... argument is
 * not totally contained in a valid part of the user address space, or the cbInBuffer or
 * cbOutBuffer argument is too small"): FIONBIO and FIONREAD with an argument that is not user
 * memory, and SIO_GET_EXTENSION_FUNCTION_POINTER, which every overlapped proxy calls first,
 * without its GUID or without room for the pointer; the bytes waiting stay counted.  The id says
 * "=unmapped." as the generated cells with such pointers do: wine does not probe argp, so the
 * case process faults or hangs there (cmake/wine-run.cmake tolerates that for those ids). */
static void ioctl_buffers(wc_ctx *c) {
    wc_use_variant(c);
    void *unmapped = wt_unmapped_address(wc_target(c));
    void *readonly = wt_readonly_page(wc_target(c));
    if (!unmapped || !readonly) wc_unsupported(c, "the target gives no unmapped address or read-only page");
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) goto out;
    int rc = send(cl, "12345", 5, 0);
    if (!wc_check(c, rc == 5 && readable(sv), "set-up: 5 bytes to the peer: rc=%d err=%d", rc, WSAGetLastError()))
        goto out;
    refused(c, ioctlsocket(sv, FIONBIO, (u_long *)unmapped), WSAEFAULT, "ioctlsocket(FIONBIO) with an unmapped argp");
    refused(c, ioctlsocket(sv, FIONREAD, (u_long *)readonly), WSAEFAULT,
            "ioctlsocket(FIONREAD) with argp on a read-only page");
    u_long v = WC_SENTINEL;
    DWORD n = WC_SENTINEL;
    refused(c, WSAIoctl(sv, FIONREAD, NULL, 0, NULL, sizeof v, &n, NULL, NULL), WSAEFAULT,
            "WSAIoctl(FIONREAD) with lpvOutBuffer NULL");
    rc = ioctlsocket(sv, FIONREAD, &v);
    wc_check(c, rc == 0 && v == 5, "FIONREAD after the refused calls: rc=%d value %lu; expected 5", rc,
             (unsigned long)v);
    GUID g = WSAID_ACCEPTEX;
    LPFN_ACCEPTEX fn = NULL;
    static const struct {
        const char *what;
        int in_null, out_null, out_readonly;
        DWORD cbin, cbout;
    } t[] = {
        {"cbInBuffer one byte short of a GUID", 0, 0, 0, sizeof(GUID) - 1, sizeof(LPFN_ACCEPTEX)},
        {"lpvInBuffer NULL", 1, 0, 0, sizeof(GUID), sizeof(LPFN_ACCEPTEX)},
        {"cbOutBuffer one byte short of a pointer", 0, 0, 0, sizeof(GUID), sizeof(LPFN_ACCEPTEX) - 1},
        {"lpvOutBuffer NULL", 0, 1, 0, sizeof(GUID), sizeof(LPFN_ACCEPTEX)},
        {"lpvOutBuffer on a read-only page", 0, 0, 1, sizeof(GUID), sizeof(LPFN_ACCEPTEX)},
    };
    char what[96];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        void *out = t[i].out_null ? NULL : t[i].out_readonly ? readonly : (void *)&fn;
        snprintf(what, sizeof what, "SIO_GET_EXTENSION_FUNCTION_POINTER with %s", t[i].what);
        refused(c,
                WSAIoctl(sv, SIO_GET_EXTENSION_FUNCTION_POINTER, t[i].in_null ? NULL : &g, t[i].cbin, out, t[i].cbout,
                         &n, NULL, NULL),
                WSAEFAULT, what);
    }
    wc_check(c, fn == NULL, "a refused SIO_GET_EXTENSION_FUNCTION_POINTER wrote a pointer");
    n = WC_SENTINEL;
    rc = WSAIoctl(sv, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &fn, sizeof fn, &n, NULL, NULL);
    wc_check(c, rc == 0 && fn != NULL && n == sizeof fn,
             "SIO_GET_EXTENSION_FUNCTION_POINTER with room for the pointer: rc=%d err=%d, %lu bytes", rc,
             rc ? WSAGetLastError() : 0, (unsigned long)n);
out:
    close_each(cl, sv, INVALID_SOCKET, INVALID_SOCKET);
}

/* S3 (SIO_KEEPALIVE_VALS page: the input is a struct tcp_keepalive; Winsock IOCTLs page,
 * SIO_UDP_CONNRESET: a BOOL in, SIO_BASE_HANDLE: a SOCKET out; WSAIoctl page: "WSAEFAULT ...
 * the cbInBuffer or cbOutBuffer argument is too small"): what an event loop sends each socket
 * it adopts, without its argument or with one a byte short, is refused, writes nothing and
 * changes nothing: keepalive stays off, and SIO_BASE_HANDLE leaves the count of bytes returned
 * alone (an input-only code may zero it, as the oracle allows, A22). */
static void ioctl_inputs(wc_ctx *c) {
    SOCKET cl, sv, u = socket(AF_INET, SOCK_DGRAM, 0);
    if (!tcp_pair(c, &cl, &sv) || !wc_check(c, u != INVALID_SOCKET, "set-up: a UDP socket: %d", WSAGetLastError()))
        goto out;
    struct tcp_keepalive ka = {1, 30000, 2000};
    BOOL no = FALSE;
    DWORD n = WC_SENTINEL;
    refused(c, WSAIoctl(cl, SIO_KEEPALIVE_VALS, NULL, sizeof ka, NULL, 0, &n, NULL, NULL), WSAEFAULT,
            "SIO_KEEPALIVE_VALS with lpvInBuffer NULL");
    refused(c, WSAIoctl(cl, SIO_KEEPALIVE_VALS, &ka, sizeof ka - 1, NULL, 0, &n, NULL, NULL), WSAEFAULT,
            "SIO_KEEPALIVE_VALS with cbInBuffer one byte short");
    refused(c, WSAIoctl(u, SIO_UDP_CONNRESET, NULL, sizeof no, NULL, 0, &n, NULL, NULL), WSAEFAULT,
            "SIO_UDP_CONNRESET with lpvInBuffer NULL");
    refused(c, WSAIoctl(u, SIO_UDP_CONNRESET, &no, sizeof no - 1, NULL, 0, &n, NULL, NULL), WSAEFAULT,
            "SIO_UDP_CONNRESET with cbInBuffer one byte short");
    wc_check(c, n == 0 || n == WC_SENTINEL, "a refused input-only call set *lpcbBytesReturned to %lu",
             (unsigned long)n);
    /* Overlapped, the input a byte short: WSAEFAULT at once, the size left alone, nothing
     * queued (SEMANTICS 4.1, Wine's test_keepalive_vals run on Windows): a bad argument is
     * not a failure in the kernel that a stack may report through a completion. */
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    n = WC_SENTINEL;
    int orc = WSAIoctl(cl, SIO_KEEPALIVE_VALS, &ka, sizeof ka - 1, NULL, 0, &n, &ov, NULL);
    int oerr = orc ? WSAGetLastError() : 0;
    wc_check(c, orc == SOCKET_ERROR && oerr == WSAEFAULT && n == WC_SENTINEL,
             "overlapped SIO_KEEPALIVE_VALS with cbInBuffer one byte short: rc=%d err=%d size %lu; expected "
             "WSAEFAULT at once and the size untouched",
             orc, oerr, (unsigned long)n);
    wc_safety(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
              "the event of an overlapped SIO_KEEPALIVE_VALS refused for its input was signalled: a completion for "
              "a bad argument");
    WSACloseEvent(ov.hEvent);
    n = WC_SENTINEL;
    SOCKET base = INVALID_SOCKET;
    refused(c, WSAIoctl(cl, SIO_BASE_HANDLE, NULL, 0, &base, sizeof base - 1, &n, NULL, NULL), WSAEFAULT,
            "SIO_BASE_HANDLE with cbOutBuffer one byte short");
    wc_check(c, base == INVALID_SOCKET, "a refused SIO_BASE_HANDLE wrote a handle");
    wc_check(c, n == WC_SENTINEL, "a refused SIO_BASE_HANDLE set *lpcbBytesReturned to %lu", (unsigned long)n);
    DWORD v = WC_SENTINEL;
    int len = (int)sizeof v;
    int rc = getsockopt(cl, SOL_SOCKET, SO_KEEPALIVE, (char *)&v, &len);
    wc_check(c, rc == 0 && (v & 0xFF) == 0, "SO_KEEPALIVE after the refused SIO_KEEPALIVE_VALS: rc=%d value 0x%lx", rc,
             (unsigned long)v);
    /* What TCP_KEEPIDLE and TCP_KEEPINTVL read (seconds) after a SIO_KEEPALIVE_VALS of 30,000 and
     * 2,000 ms: no page links the two, and no Windows run at hand shows it (wine maps both onto
     * Linux's options): the model's own answer */
    n = 0;
    rc = WSAIoctl(cl, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &n, NULL, NULL);
    if (wc_check(c, rc == 0, "SIO_KEEPALIVE_VALS {1, 30000, 2000}: %d", rc ? WSAGetLastError() : 0)) {
        DWORD idle = WC_SENTINEL, intvl = WC_SENTINEL;
        int il = (int)sizeof idle, vl = (int)sizeof intvl;
        int r1 = getsockopt(cl, IPPROTO_TCP, TCP_KEEPIDLE, (char *)&idle, &il);
        int r2 = getsockopt(cl, IPPROTO_TCP, TCP_KEEPINTVL, (char *)&intvl, &vl);
        wc_model_answer(c, "keepalive-vals.read-back", "idle %ld, interval %ld", r1 ? -1L : (long)idle,
                        r2 ? -1L : (long)intvl);
    }
out:
    close_each(cl, sv, u, INVALID_SOCKET);
}

/* S3 (LPFN_CONNECTEX page: s is "an unconnected, previously bound socket"; Error codes:
 * "WSAEINVAL: The parameter s is an unbound or a listening socket", "WSAEISCONN: The socket is
 * already connected", "WSAEFAULT: The name or the namelen parameter is not a valid part of the
 * user address space, the namelen parameter is too small"): refusals before any connect is
 * tried.  Each fails at once (no ERROR_IO_PENDING), nothing is queued on the listener, and
 * the connected socket still carries its data. */
static void connectex_args(wc_ctx *c) {
    struct sockaddr_in a, any = {.sin_family = AF_INET};
    SOCKET l = bound4(c, SOCK_STREAM, 1, &a), cl = INVALID_SOCKET, sv = INVALID_SOCKET, s = INVALID_SOCKET;
    LPFN_CONNECTEX cx;
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError()) ||
        !tcp_pair(c, &cl, &sv) || !wc_ext_fn(c, cl, (GUID)WSAID_CONNECTEX, &cx, sizeof cx, "ConnectEx"))
        goto out;
    s = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    static const struct {
        const char *what;
        int on; /* 0 the fresh socket, 1 the listener, 2 the connected one, 3 the fresh socket bound */
        int namelen;
        int want;
    } t[] = {
        {"on an unbound socket", 0, SIN_LEN, WSAEINVAL},
        {"on a listening socket", 1, SIN_LEN, WSAEINVAL},
        {"on a connected socket", 2, SIN_LEN, WSAEISCONN},
        {"with namelen one byte short of a sockaddr_in", 3, SIN_LEN - 1, WSAEFAULT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (t[i].on == 3 &&
            !wc_check(c, bind(s, (struct sockaddr *)&any, SIN_LEN) == 0, "set-up: bind: %d", WSAGetLastError()))
            goto out;
        SOCKET on = t[i].on == 1 ? l : t[i].on == 2 ? cl : s;
        BOOL ok = cx(on, (struct sockaddr *)&a, t[i].namelen, NULL, 0, NULL, &ov);
        int err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == t[i].want, "ConnectEx %s: %s, error %d; expected %d", t[i].what,
                 ok ? "TRUE" : "FALSE", err, t[i].want);
    }
    nonblocking(l);
    SOCKET extra = accept(l, NULL, NULL);
    wc_check(c, extra == INVALID_SOCKET, "a refused ConnectEx reached the listener");
    if (extra != INVALID_SOCKET) closesocket(extra);
    int rc = send(cl, "ok", 2, 0);
    char in[4];
    int got = rc == 2 && readable(sv) ? recv(sv, in, sizeof in, 0) : -2;
    wc_check(c, got == 2 && memcmp(in, "ok", 2) == 0, "the connected socket after the refused ConnectEx: %d", got);
out:
    close_each(cl, sv, s, l);
}
/* S3 (WSAPoll page, WSAEFAULT: "An exception occurred while reading user input parameters"; the
 * call writes revents into the same array): an fds array the caller cannot write, in a
 * read-only page or at an unmapped address, is refused with WSAEFAULT and left as it was.  A
 * stack that polls it anyway writes revents where the caller has no memory. */
static void poll_bad_fds(wc_ctx *c) {
    BYTE *ro = wt_readonly_page(wc_target(c));
    void *gone = wt_unmapped_address(wc_target(c));
    if (!ro || !gone) wc_unsupported(c, "the target gives no read-only page or unmapped address");
    BYTE before[64];
    memcpy(before, ro, sizeof before);
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    refused(c, WSAPoll((LPWSAPOLLFD)ro, 1, 0), WSAEFAULT, "WSAPoll with its fds array in a read-only page");
    refused(c, WSAPoll((LPWSAPOLLFD)gone, 1, 0), WSAEFAULT, "WSAPoll with its fds array at an unmapped address");
    wc_check(c, memcmp(ro, before, sizeof before) == 0, "WSAPoll changed the read-only page it refused");
    closesocket(s);
}

/* S3, the calls that write an address, a length or a value into the caller's memory, each given a
 * read-only page (wt_readonly_page) for that memory: getsockname and getpeername pages,
 * Return value: WSAEFAULT when "the name or the namelen parameter is not a valid part of the
 * user address space, or the namelen parameter is too small"; accept page: WSAEFAULT when "the
 * addrlen parameter is too small or addr is not a valid part of the user address space"
 * (WSAAccept's page: the same for addr and addrlen); getsockopt page: WSAEFAULT when "one of the
 * optval or the optlen parameters is not a valid part of the user address space, or the optlen
 * parameter is too small"; WSAAddressToString page: WSAEFAULT when lpszAddressString is not all
 * in the process's address space or is too small; WSAEnumNetworkEvents page: WSAEFAULT when
 * "the lpNetworkEvents parameter is not a valid part of the user address space".  A proxy that
 * hands such a call a stale or constant buffer must be told, and the page keeps its bytes (a
 * stack that wrote first and failed after would have faulted or changed it).  Whether a refused
 * accept keeps the connection for the next accept is not documented: two wait, and only the
 * codes are checked.  The same calls with a namelen one byte short (writable memory) are
 * WSAEFAULT with the buffer untouched; with the exact length they write the name. */
static void name_buffers(wc_ctx *c) {
    BYTE *ro = wt_readonly_page(wc_target(c));
    if (!ro) wc_unsupported(c, "the target gives no read-only page");
    BYTE before[256];
    memcpy(before, ro, sizeof before);
    struct sockaddr_in la;
    SOCKET l = bound4(c, SOCK_STREAM, 0, &la), cl = INVALID_SOCKET, c2 = INVALID_SOCKET, c3 = INVALID_SOCKET;
    if (l == INVALID_SOCKET) return;
    cl = socket(AF_INET, SOCK_STREAM, 0);
    c2 = socket(AF_INET, SOCK_STREAM, 0);
    c3 = socket(AF_INET, SOCK_STREAM, 0);
    SOCKET sv = INVALID_SOCKET;
    if (!wc_check(
            c,
            listen(l, 8) == 0 && cl != INVALID_SOCKET && c2 != INVALID_SOCKET && c3 != INVALID_SOCKET &&
                connect(cl, (struct sockaddr *)&la, SIN_LEN) == 0 && (sv = accept(l, NULL, NULL)) != INVALID_SOCKET &&
                connect(c2, (struct sockaddr *)&la, SIN_LEN) == 0 && connect(c3, (struct sockaddr *)&la, SIN_LEN) == 0,
            "set-up: a loopback connection and two more waiting: %d", WSAGetLastError()))
        goto out;
    nonblocking(l); /* a refused accept that took a connection must not leave the next one waiting forever */
    SOCKADDR_STORAGE ss;
    int len = SIN_LEN;
    refused(c, getsockname(cl, (struct sockaddr *)ro, &len), WSAEFAULT, "getsockname into a read-only name");
    refused(c, getsockname(cl, (struct sockaddr *)&ss, (int *)ro), WSAEFAULT, "getsockname with a read-only namelen");
    len = SIN_LEN;
    refused(c, getpeername(cl, (struct sockaddr *)ro, &len), WSAEFAULT, "getpeername into a read-only name");
    refused(c, getpeername(sv, (struct sockaddr *)&ss, (int *)ro), WSAEFAULT, "getpeername with a read-only namelen");
    len = SIN_LEN;
    SOCKET a = accept(l, (struct sockaddr *)ro, &len);
    refused(c, a == INVALID_SOCKET ? SOCKET_ERROR : 0, WSAEFAULT, "accept into a read-only addr");
    if (a != INVALID_SOCKET) closesocket(a);
    len = SIN_LEN;
    a = WSAAccept(l, (struct sockaddr *)ro, &len, NULL, 0);
    refused(c, a == INVALID_SOCKET ? SOCKET_ERROR : 0, WSAEFAULT, "WSAAccept into a read-only addr");
    if (a != INVALID_SOCKET) closesocket(a);
    /* a read-only addrlen: the page names WSAEFAULT for addr and a short addrlen, not for this
     * (wine writes through it: an access violation), so asked of the model only */
    if (wc_on_model(c)) {
        SOCKET a1 = accept(l, (struct sockaddr *)&ss, (int *)ro);
        int e1 = a1 == INVALID_SOCKET ? WSAGetLastError() : 0;
        SOCKET a2 = WSAAccept(l, (struct sockaddr *)&ss, (int *)ro, NULL, 0);
        int e2 = a2 == INVALID_SOCKET ? WSAGetLastError() : 0;
        wc_model_answer(c, "accept.read-only-addrlen", "accept %d, WSAAccept %d", e1, e2);
        if (a1 != INVALID_SOCKET) closesocket(a1);
        if (a2 != INVALID_SOCKET) closesocket(a2);
    }
    /* DisconnectEx page, WSAEFAULT: "an invalid pointer value was passed in the lpOverlapped
     * parameter" */
    LPFN_DISCONNECTEX disc;
    if (wc_ext_fn(c, cl, (GUID)WSAID_DISCONNECTEX, &disc, sizeof disc, "DisconnectEx")) {
        BOOL dok = disc(cl, (LPOVERLAPPED)ro, 0, 0);
        refused(c, dok ? 0 : SOCKET_ERROR, WSAEFAULT, "DisconnectEx with a read-only OVERLAPPED");
    }
    /* AcceptEx into a read-only output buffer: no page names the code (Windows faults in the
     * kernel's copy or at the completion), so asked of the model only */
    LPFN_ACCEPTEX acceptex;
    if (wc_on_model(c) && wc_ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "AcceptEx")) {
        SOCKET into = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        WSAOVERLAPPED aov;
        memset(&aov, 0, sizeof aov);
        DWORD got = 0;
        BOOL aok = acceptex(l, into, ro, 0, SIN_LEN + 16, SIN_LEN + 16, &got, &aov);
        wc_model_answer(c, "AcceptEx.read-only-buffer", "%s %d", aok ? "TRUE" : "FALSE", aok ? 0 : WSAGetLastError());
        closesocket(into);
    }
    /* what the refusals left of the two connections waiting: the model's own answer */
    int left = 0;
    for (SOCKET k; left < 3 && (k = accept(l, NULL, NULL)) != INVALID_SOCKET; left++) closesocket(k);
    wc_model_answer(c, "accept.refused-leaves", "%d of 2 connections", left);
    int olen = (int)sizeof(int);
    refused(c, getsockopt(cl, SOL_SOCKET, SO_TYPE, (char *)ro, &olen), WSAEFAULT,
            "getsockopt(SO_TYPE) into a read-only optval");
    int v = 0;
    refused(c, getsockopt(cl, SOL_SOCKET, SO_TYPE, (char *)&v, (int *)ro), WSAEFAULT,
            "getsockopt(SO_TYPE) with a read-only optlen");
    DWORD slen = 64;
    refused(c, WSAAddressToStringA((struct sockaddr *)&la, SIN_LEN, NULL, (char *)ro, &slen), WSAEFAULT,
            "WSAAddressToStringA into a read-only string buffer");
    refused(c, WSAEnumNetworkEvents(cl, NULL, (LPWSANETWORKEVENTS)ro), WSAEFAULT,
            "WSAEnumNetworkEvents into a read-only WSANETWORKEVENTS");
    /* The model's own answers: the page names WSAEFAULT for lpcsAddress, lpProtocolInfo and
     * lpszAddressString, not for a read-only lpdwAddressStringLength (Windows writes through it)
     * or an address length short of a sockaddr_in. */
    char text[64];
    if (wc_on_model(c)) {
        int rc = WSAAddressToStringA((struct sockaddr *)&la, SIN_LEN, NULL, text, (DWORD *)ro);
        wc_model_answer(c, "WSAAddressToString.read-only-length", "%d %d", rc, rc ? WSAGetLastError() : 0);
    }
    slen = sizeof text;
    int short_rc = WSAAddressToStringA((struct sockaddr *)&la, SIN_LEN - 1, NULL, text, &slen);
    int short_err = short_rc ? WSAGetLastError() : 0;
    struct sockaddr_in6 six = {.sin6_family = AF_INET6, .sin6_port = htons(80)};
    six.sin6_addr.s6_addr[15] = 1;
    slen = sizeof text;
    int short6_rc = WSAAddressToStringA((struct sockaddr *)&six, (DWORD)sizeof six - 1, NULL, text, &slen);
    wc_model_answer(c, "WSAAddressToString.short-address", "%d %d, IPv6 %d %d", short_rc, short_err, short6_rc,
                    short6_rc ? WSAGetLastError() : 0);
    wc_check(c, memcmp(ro, before, sizeof before) == 0, "a refused call changed the read-only page");
    /* namelen one byte short, then exact: refused with the buffer as it was, then the name. */
    struct sockaddr_in mine, peer;
    int (*const call[2])(SOCKET, struct sockaddr *, int *) = {getsockname, getpeername};
    const char *const name[2] = {"getsockname", "getpeername"};
    for (int i = 0; i < 2; i++) {
        memset(&ss, 0xA5, sizeof ss);
        len = SIN_LEN - 1;
        char what[64];
        snprintf(what, sizeof what, "%s with namelen %d", name[i], SIN_LEN - 1);
        refused(c, call[i](cl, (struct sockaddr *)&ss, &len), WSAEFAULT, what);
        wc_check(c, all_bytes(&ss, 0xA5, sizeof ss), "%s refused with a short namelen wrote the name", name[i]);
        len = SIN_LEN;
        struct sockaddr_in *got = i ? &peer : &mine;
        memset(got, 0xA5, sizeof *got);
        int rc = call[i](cl, (struct sockaddr *)got, &len);
        wc_check(c, rc == 0 && len == SIN_LEN && got->sin_family == AF_INET,
                 "%s with namelen %d: rc=%d err=%d len %d family %d", name[i], SIN_LEN, rc, rc ? WSAGetLastError() : 0,
                 len, got->sin_family);
    }
    wc_check(c, same_sin(&peer, &la), "getpeername did not give the listener's address");
out:
    close_each(cl, c2, c3, l);
    if (sv != INVALID_SOCKET) closesocket(sv);
}

/* The byte at position i of the stream stream_bytes sends: no period of 256 or any power of two,
 * so a byte taken from the wrong place of a ring buffer shows. */
static unsigned char stream_byte(unsigned long long i) { return (unsigned char)(i * 131u + (i >> 9) + 7u); }

/* Do the n bytes at p equal the stream's bytes from position at?  The position of the first
 * difference, or -1. */
static long stream_differs(const unsigned char *p, size_t n, unsigned long long at) {
    for (size_t i = 0; i < n; i++)
        if (p[i] != stream_byte(at + i)) return (long)i;
    return -1;
}

/* The least of what has arrived and what a receive asks for: what it must return, "as much data
 * as is currently available-up to the size of the buffer specified" (recv page), "until the
 * buffers are filled ... or the internally buffered data is exhausted" (WSARecv page). */
static u_long least(u_long avail, int want) { return avail < (u_long)want ? avail : (u_long)want; }

/* One receive of up to `want` bytes from sv (with MSG_PEEK when peek), checked against the
 * stream from *got; a receive (not a peek) moves *got on.  0 after a failed check.  Checked only
 * when it fails: how many receives a stream takes depends on the stack, and a case's count of
 * checks must not (wfpcert.selftest_isolation compares it between runs). */
static int stream_take(wc_ctx *c, SOCKET sv, unsigned char *in, int want, int peek, unsigned long long *got,
                       unsigned long long queued, int round) {
    memset(in, 0xEE, (size_t)want);
    u_long avail = 0; /* what has arrived: the receive takes all of it that fits */
    ioctlsocket(sv, FIONREAD, &avail);
    int n = recv(sv, (char *)in, want, peek ? MSG_PEEK : 0);
    long bad = n > 0 ? stream_differs(in, (size_t)n, *got) : -1;
    int ok = n > 0 && n <= want && (unsigned long long)n <= queued && bad < 0 && (u_long)n >= least(avail, want);
    if (!ok &&
        !wc_check(c, ok,
                  "round %d: recv%s of %d with %llu queued (%lu arrived) at stream position %llu: rc=%d err=%d, first "
                  "wrong byte at %ld",
                  round, peek ? "(MSG_PEEK)" : "", want, queued, (unsigned long)avail, *got, n,
                  n < 0 ? WSAGetLastError() : 0, bad))
        return 0;
    if (!peek) *got += (unsigned long long)n;
    return 1;
}

/* S3 (recv page: "For connection-oriented sockets (type SOCK_STREAM for example), calling recv
 * will return as much data as is currently available-up to the size of the buffer specified";
 * with MSG_PEEK "The data is copied into the buffer, but is not removed from the input queue";
 * WSARecv page: the buffers of lpBuffers are filled in order, dwBufferCount of them; send page:
 * a blocking send's bytes all go, in order): a TCP proxy relays a byte stream, and every byte it
 * reads must be the byte sent at that place.  1,200 sends of uneven sizes (1 to 1,500
 * bytes) with receives between them that leave between 700 and 3,200 bytes queued, so a stack
 * that keeps the queue in a ring buffer reads across its end again and again (and grows it while
 * it wraps); receives smaller and larger than what is queued, MSG_PEEK before a receive, and
 * WSARecv into three buffers of odd sizes; at the end every byte is read. */
#define STREAM_ROUNDS 1200 /* some 100 turns of an 8 KiB ring; under wine a few seconds */
static void stream_bytes(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) goto out;
    static unsigned char out[2048], in[8192];
    unsigned long long sent = 0, got = 0;
    for (int k = 0; k < STREAM_ROUNDS; k++) {
        int n = 1 + (int)((k * 977u + 13u) % 1500u);
        for (int i = 0; i < n; i++) out[i] = stream_byte(sent + (unsigned long long)i);
        int rc = send(cl, (const char *)out, n, 0);
        if (!wc_check(c, rc == n, "round %d: send of %d bytes: rc=%d err=%d", k, n, rc, rc < 0 ? WSAGetLastError() : 0))
            goto out;
        sent += (unsigned long long)n;
        unsigned long long keep = 700u + (k * 613u) % 2500u;
        while (sent - got > keep) {
            unsigned long long queued = sent - got;
            int want = (int)(queued - keep);
            if (k % 11 == 0) want = (int)queued + 100; /* more room than is queued */
            if (k % 5 == 0 && !stream_take(c, sv, in, want < 97 ? want : 97, 1, &got, queued, k)) goto out;
            if (k % 7 == 0 && want > 3) { /* three buffers: 1 byte, an odd middle, the rest */
                unsigned char *b = in;
                memset(b, 0xEE, (size_t)want);
                WSABUF wb[3] = {{1, (char *)b}, {(ULONG)(want - 1) / 2 | 1u, (char *)b + 1}, {0, NULL}};
                wb[2].len = (ULONG)want - 1 - wb[1].len;
                wb[2].buf = (char *)b + 1 + wb[1].len;
                DWORD got_n = 0, flags = 0;
                u_long avail = 0;
                ioctlsocket(sv, FIONREAD, &avail);
                rc = WSARecv(sv, wb, 3, &got_n, &flags, NULL, NULL);
                long bad = rc == 0 ? stream_differs(b, got_n, got) : -1;
                int ok = rc == 0 && got_n > 0 && got_n <= (DWORD)want && bad < 0 && got_n >= least(avail, want);
                if (!ok &&
                    !wc_check(c, ok,
                              "round %d: WSARecv into 3 buffers (%d bytes, %lu arrived) at stream position %llu: "
                              "rc=%d err=%d n=%lu, first wrong byte at %ld",
                              k, want, (unsigned long)avail, got, rc, rc ? WSAGetLastError() : 0, (unsigned long)got_n,
                              bad))
                    goto out;
                got += got_n;
            } else if (!stream_take(c, sv, in, want, 0, &got, queued, k)) {
                goto out;
            }
        }
    }
    while (got < sent) /* the rest, in one large buffer after another */
        if (!stream_take(c, sv, in, (int)sizeof in, 0, &got, sent - got, STREAM_ROUNDS)) goto out;
    u_long left = 1;
    wc_check(c, ioctlsocket(sv, FIONREAD, &left) == 0 && left == 0, "%lu bytes left after all %llu were read",
             (unsigned long)left, sent);
out:
    close_each(cl, sv, INVALID_SOCKET, INVALID_SOCKET);
}

/* S3 (send page: "If no buffer space is available within the transport system to hold the data
 * to be transmitted, send will block unless the socket has been placed in nonblocking mode.  On
 * nonblocking stream oriented sockets, the number of bytes written can be between 1 and the
 * requested length"; its Error codes: WSAEWOULDBLOCK, "The socket is marked as nonblocking and the
 * requested operation would block"; WSAEventSelect page: the call makes the socket nonblocking,
 * and FD_WRITE is recorded when the socket is first connected "and then after a send ... fails
 * with WSAEWOULDBLOCK and buffer space becomes available"; select page, writefds: "Data can be
 * sent"): a relay that writes faster than its peer reads must be told to stop, after a finite
 * amount (at most 64 MiB here, far more than any stack buffers for one connection), and told
 * again when it may go on.  Sends of 64 KiB with the peer not reading until one is refused with
 * WSAEWOULDBLOCK; the peer then reads every byte (each the byte sent at that place); FD_WRITE is
 * then recorded, select calls the socket writable, and a send goes through.  The sends and
 * receives, as many as the stack's buffers make them, are checked only when one fails. */
#define ROOM_CHUNK 65536
#define ROOM_CHUNKS 1100 /* 68.75 MiB: a stack that took all of it never said "no room" */
#define ROOM_SIZED 65536 /* SO_RCVBUF of the peer and SO_SNDBUF of the sender, when sized */
#define ROOM_SIZED_CHUNKS 16 /* 1 MiB: 8 times what the two buffers were sized to */
static void send_room_with(wc_ctx *c, int chunks, int sized) {
    wc_use_variant(c);
    SOCKET cl, sv;
    WSAEVENT ev = WSA_INVALID_EVENT;
    if (!tcp_pair(c, &cl, &sv)) goto out;
    int size = ROOM_SIZED;
    if (sized && !wc_check(c,
                           !setsockopt(sv, SOL_SOCKET, SO_RCVBUF, (const char *)&size, sizeof size) &&
                               !setsockopt(cl, SOL_SOCKET, SO_SNDBUF, (const char *)&size, sizeof size),
                           "set-up: SO_RCVBUF and SO_SNDBUF of %d: %d", size, WSAGetLastError()))
        goto out;
    ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    if (!wc_check(c, ev != WSA_INVALID_EVENT && WSAEventSelect(cl, ev, FD_WRITE) == 0,
                  "set-up: WSAEventSelect(FD_WRITE): %d", WSAGetLastError()))
        goto out;
    DWORD wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 2000, FALSE);
    memset(&ne, 0, sizeof ne);
    wc_check(c, wr == WSA_WAIT_EVENT_0 && WSAEnumNetworkEvents(cl, ev, &ne) == 0 && (ne.lNetworkEvents & FD_WRITE),
             "FD_WRITE of the connected socket: wait %lu, events %#lx", (unsigned long)wr,
             (unsigned long)ne.lNetworkEvents);
    static unsigned char chunk[ROOM_CHUNK], in[1 << 18];
    unsigned long long sent = 0, got = 0;
    int rc = 0, err = 0;
    for (int i = 0; i < chunks; i++) {
        for (int j = 0; j < ROOM_CHUNK; j++) chunk[j] = stream_byte(sent + (unsigned long long)j);
        rc = send(cl, (const char *)chunk, ROOM_CHUNK, 0);
        err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
        if (rc == SOCKET_ERROR || ((rc <= 0 || rc > ROOM_CHUNK) && !wc_check(c, 0, "send %d: rc=%d", i, rc))) break;
        sent += (unsigned long long)rc;
    }
    if (!wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
                  "a nonblocking sender whose peer does not read: %llu bytes taken, then rc=%d err=%d; expected "
                  "WSAEWOULDBLOCK before all %d sends of 64 KiB",
                  sent, rc, err, chunks))
        goto out;
    /* How much the sized buffers took is each stack's own; the model's (its sim transport: the
     * os transport's is the host kernel's) is pinned. */
    if (wc_on_model(c) && !wc_current(c)->param)
        wc_model_answer(c, sized ? "send.room-sized" : "send.room", "%llu", sent);
    while (got < sent) {
        int n = recv(sv, (char *)in, (int)sizeof in, 0);
        long bad = n > 0 ? stream_differs(in, (size_t)n, got) : -1;
        if ((n <= 0 || bad >= 0) && !wc_check(c, 0,
                                              "the peer's recv at %llu of %llu: rc=%d err=%d, first wrong byte "
                                              "at %ld",
                                              got, sent, n, n < 0 ? WSAGetLastError() : 0, bad))
            goto out;
        got += (unsigned long long)n;
    }
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    memset(&ne, 0, sizeof ne);
    int en = wr == WSA_WAIT_EVENT_0 ? WSAEnumNetworkEvents(cl, ev, &ne) : -1;
    wc_check(c, en == 0 && (ne.lNetworkEvents & FD_WRITE) && ne.iErrorCode[FD_WRITE_BIT] == 0,
             "FD_WRITE after the peer read everything: wait %lu, events %#lx, error %d", (unsigned long)wr,
             (unsigned long)ne.lNetworkEvents, ne.iErrorCode[FD_WRITE_BIT]);
    fd_set wf;
    FD_ZERO(&wf);
    FD_SET(cl, &wf);
    struct timeval tv = {5, 0};
    int sel = select(0, NULL, &wf, NULL, &tv);
    wc_check(c, sel == 1 && FD_ISSET(cl, &wf), "select(writefds) after the peer read everything: %d", sel);
    for (int j = 0; j < 100; j++) chunk[j] = stream_byte(sent + (unsigned long long)j);
    rc = send(cl, (const char *)chunk, 100, 0);
    wc_check(c, rc == 100, "send after the peer read everything: rc=%d err=%d", rc, rc < 0 ? WSAGetLastError() : 0);
    if (rc == 100 && readable(sv)) {
        int n = recv(sv, (char *)in, (int)sizeof in, 0);
        wc_check(c, n > 0 && n <= 100 && stream_differs(in, (size_t)n, sent) < 0,
                 "the peer read %d bytes after the pause, or the wrong ones", n);
    }
out:
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    close_each(cl, sv, INVALID_SOCKET, INVALID_SOCKET);
}

static void send_room(wc_ctx *c) { send_room_with(c, ROOM_CHUNKS, 0); }

/* The same where the program sized the buffers ("SOL_SOCKET socket options": SO_RCVBUF "the
 * total per-socket buffer space reserved for receives", SO_SNDBUF the same for sends), as a
 * proxy that bounds what it holds per flow does: the sender is refused within 1 MiB, 8 times
 * the two buffers, and the rest holds as above. */
static void send_room_sized(wc_ctx *c) { send_room_with(c, ROOM_SIZED_CHUNKS, 1); }

/* S3 (the send and recv pages: len is "the length, in bytes, of the data in buffer"): a negative
 * length describes no buffer, so send and recv with -1 fail, and nothing reaches the peer.
 * Which code no page says: the model's is pinned. */
static void negative_length(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) goto out;
    char b[16] = "x";
    int s = send(cl, b, -1, 0), se = s ? WSAGetLastError() : 0;
    u_long ready = 1;
    int q = ioctlsocket(sv, FIONREAD, &ready);
    int r = recv(sv, b, -1, 0), re = r ? WSAGetLastError() : 0;
    wc_check(c, s == SOCKET_ERROR && r == SOCKET_ERROR && q == 0 && ready == 0,
             "send and recv with a length of -1: %d (error %d) and %d (error %d), %lu bytes at the peer (FIONREAD %d); "
             "expected two failures and nothing sent",
             s, se, r, re, (unsigned long)ready, q);
    wc_model_answer(c, "send.negative-length", "%d:%d %d:%d", s, se, r, re);
out:
    close_each(cl, sv, INVALID_SOCKET, INVALID_SOCKET);
}

/* S3, zero-byte receives.  The IOCP servers' way to wait for data without pinning a buffer per
 * connection ("Windows Sockets 2.0: Write Scalable Winsock Apps Using Completion Ports", MSDN
 * Magazine, October 2000: post a receive with a zero-length buffer; it completes when data
 * arrives, with no bytes, and the data stays in the stack for the next receive).  A stream's
 * recv with len 0 takes nothing either: 0, the bytes still there.  A datagram's recvfrom with
 * len 0 is a buffer too small for it: WSAEMSGSIZE, and (UDP) "the excess data is lost"
 * (recvfrom page). */
static void zero_byte_receives(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl, sv, u1 = INVALID_SOCKET, u2 = INVALID_SOCKET;
    WSAEVENT ev = WSACreateEvent();
    if (!tcp_pair(c, &cl, &sv)) goto out;
    char buf[16];
    WSABUF none = {0, buf};
    DWORD got = WC_SENTINEL, flags = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    int rc = WSARecv(sv, &none, 1, &got, &flags, &ov, NULL);
    int e = rc ? WSAGetLastError() : 0;
    if (!wc_check(c, rc == SOCKET_ERROR && e == WSA_IO_PENDING,
                  "an overlapped zero-byte WSARecv with nothing to read: %d, error %d; expected WSA_IO_PENDING", rc, e))
        goto out;
    wc_check(c, send(cl, "hello", 5, 0) == 5, "set-up: send: %d", WSAGetLastError());
    DWORD w = WaitForSingleObject(ev, WC_WAIT_MS);
    got = WC_SENTINEL;
    flags = 0;
    BOOL ok = WSAGetOverlappedResult(sv, &ov, &got, FALSE, &flags);
    wc_check(c, w == WAIT_OBJECT_0 && ok && got == 0,
             "the zero-byte WSARecv once 5 bytes came: wait %lu, %s, %lu bytes; expected it complete with 0",
             (unsigned long)w, ok ? "TRUE" : "FALSE", (unsigned long)got);
    u_long ready = 0;
    ioctlsocket(sv, FIONREAD, &ready);
    wc_check(c, ready == 5, "after the zero-byte receive FIONREAD says %lu bytes; expected all 5 still there",
             (unsigned long)ready);
    rc = recv(sv, buf, 0, 0);
    e = rc ? WSAGetLastError() : 0;
    ioctlsocket(sv, FIONREAD, &ready);
    wc_check(c, rc == 0 && ready == 5,
             "recv with len 0 and 5 bytes waiting: %d (error %d), then %lu waiting; expected 0, 5", rc, e,
             (unsigned long)ready);
    /* what an IOCP server posts next: an overlapped receive with a buffer, which finds the bytes
     * the zero-byte receive announced (mutant 199-8: on os it pended for an edge that had come) */
    WSABUF real = {sizeof buf, buf};
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    WSAResetEvent(ev);
    got = WC_SENTINEL;
    flags = 0;
    rc = WSARecv(sv, &real, 1, &got, &flags, &ov, NULL);
    e = rc ? WSAGetLastError() : 0;
    if (rc == SOCKET_ERROR && e == WSA_IO_PENDING) {
        w = WaitForSingleObject(ev, WC_WAIT_MS);
        ok = w == WAIT_OBJECT_0 && WSAGetOverlappedResult(sv, &ov, &got, FALSE, &flags);
    } else {
        ok = rc == 0;
    }
    wc_check(c, ok && got == 5 && memcmp(buf, "hello", 5) == 0,
             "the overlapped WSARecv after the zero-byte receive completed: %s (error %d), %lu bytes; expected the 5 "
             "bytes waiting, within %u ms",
             ok ? "done" : "not done", e, (unsigned long)got, WC_WAIT_MS);
    struct sockaddr_in a1, a2;
    udp_two(c, 0, &u1, &a1, &u2, &a2);
    if (u2 == INVALID_SOCKET || !datagram_waiting(c, u1, u2, &a2, "datagram", 8)) goto out;
    struct sockaddr_in from;
    int flen = SIN_LEN;
    rc = recvfrom(u2, buf, 0, 0, (struct sockaddr *)&from, &flen);
    e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && e == WSAEMSGSIZE,
             "recvfrom with len 0 and an 8-byte datagram waiting: %d, error %d; expected WSAEMSGSIZE", rc, e);
    wc_check(c, nothing_waiting(u2), "the datagram recvfrom(len 0) cut is still waiting; UDP loses the excess");
out:
    WSACloseEvent(ev);
    close_each(cl, sv, u1, u2);
}

/* S3 ("WSAAddressToStringA function": WSAEFAULT when "the specified lpcsAddress,
 * lpProtocolInfo, and lpszAddressString are not all in the process address space"): a
 * sockaddr at an address the process does not have is refused, A and W, and the text buffer
 * and its length are left as they were. */
static void address_to_string_unmapped(wc_ctx *c) {
    LPSOCKADDR nowhere = (LPSOCKADDR)wt_unmapped_address(wc_target(c));
    if (!nowhere) wc_unsupported(c, "the target has no unmapped address to offer");
    for (int wide = 0; wide < 2; wide++) {
        char text[64];
        WCHAR wtext[64];
        memset(text, 0x5A, sizeof text);
        memset(wtext, 0x5A, sizeof wtext);
        DWORD len = 64;
        WSASetLastError(0);
        int rc = wide ? WSAAddressToStringW(nowhere, SIN_LEN, NULL, wtext, &len)
                      : WSAAddressToStringA(nowhere, SIN_LEN, NULL, text, &len);
        int e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT,
                 "WSAAddressToString%s of an unmapped sockaddr: rc=%d err=%d; expected SOCKET_ERROR, WSAEFAULT",
                 wide ? "W" : "A", rc, e);
        wc_safety(c, len == 64 && (wide ? wtext[0] == 0x5A5A : text[0] == 0x5A),
                  "WSAAddressToString%s failed and changed its text or its length (now %lu)", wide ? "W" : "A",
                  (unsigned long)len);
    }
}

static const wc_case cases[] = {
    WC_CASE("S3.address-to-string=unmapped.address", "S3", "#return-value", WC_MUST,
            "WSAAddressToStringA/W of an unmapped sockaddr: WSAEFAULT, the text and its length untouched",
            address_to_string_unmapped),
    WC_CASE_P("S3.recvfrom-address", "S3", "#return-value", WC_MUST,
              "UDP: from without fromlen or fromlen 15: WSAEFAULT, nothing written; 16 or more: the sender, fromlen "
              "16; TCP: from and fromlen untouched",
              recvfrom_address, NULL),
    WC_CASE_P("S3.sendto-address", "S3", "#return-value", WC_MUST,
              "UDP: tolen 15, 2 or 0: WSAEFAULT, nothing sent; TCP: the address is ignored, the peer gets the bytes",
              sendto_address, NULL),
    WC_CASE("S3.null-count", "S3", "#parameters", WC_MUST,
            "WSASend, WSASendTo, WSASendMsg without lpOverlapped and without a count: WSAEFAULT, nothing sent; "
            "with a count: one copy each",
            null_count),
    WC_CASE("S3.msg-bad-control", "S3", "#return-value", WC_MUST,
            "WSASendMsg with control headers whose cmsg_len is 0, short or past Control.len (before a guard page): "
            "the call returns, reads nothing past the buffer, and sends nothing when refused or the datagram once",
            msg_bad_control),
    WC_CASE("S3.msg-arguments", "S3", "#return-value", WC_MUST,
            "WSASendMsg/WSARecvMsg: name NULL with namelen: WSAEFAULT; a flag WSASendMsg does not take: a failure; "
            "WSARecvMsg unbound: WSAEINVAL; nothing sent or taken",
            msg_arguments),
    WC_CASE_P("S3.blocking-waits", "S3", "#remarks", WC_MUST,
              "blocking recvfrom, WSARecvMsg and recv return what another thread sends meanwhile (from its sender), "
              "WSAGetOverlappedResult(fWait TRUE) the pending receive's bytes, recv 0 after the peer's shutdown; "
              "each wakes while the other thread still runs",
              blocking_waits, NULL),
    WC_CASE_P("S3.wrong-states", "S3", "#return-value", WC_MUST,
              "accept not listening: WSAEINVAL; a UDP socket connected again sends to the new destination; "
              "WSAGetOverlappedResult on a closed socket: WSAENOTSOCK",
              wrong_states, NULL),
    WC_CASE_P("S3.bad-buffers", "S3", "#return-value", WC_MUST,
              "send, sendto, WSASend, WSASendTo from unmapped memory or lpBuffers: WSAEFAULT, nothing sent; WSARecv "
              "into an unmapped lpBuffers, recvfrom into a read-only from or an unmapped fromlen, WSARecvMsg into a "
              "read-only name: WSAEFAULT; WSARecv into a good and an unmapped WSABUF: WSAEFAULT or the first "
              "buffer's bytes, no byte lost",
              bad_buffers, NULL),
    WC_CASE("S3.overlapped-pointer=unmapped.or-readonly", "S3", "#return-value", WC_MUST,
            "WSASend, WSASendTo, WSASendMsg, WSARecv, WSARecvFrom, WSARecvMsg with an unmapped or read-only "
            "OVERLAPPED: WSAEFAULT, nothing sent or taken",
            overlapped_pointer),
    WC_CASE(
        "S3.send-count=unmapped.overlapped", "S3", "#return-value", WC_MUST,
        "an overlapped WSASendTo and WSARecv whose byte count is unmapped: WSAEFAULT with nothing moved, or done "
        "with the completion telling the bytes; never a crash.  A plain WSASendTo or WSASendMsg with it: WSAEFAULT, "
        "nothing sent",
        send_count),
    WC_CASE("S3.recv-flags=unmapped.or-null", "S3", "#return-value", WC_MUST,
            "WSARecvFrom with a NULL or unmapped lpFlags, blocking or overlapped, and a blocking WSARecvMsg with an "
            "unmapped byte count: WSAEFAULT, no completion, the datagram still there",
            recv_flags),
    WC_CASE_P("S3.disconnectex-args", "S3", "#return-value", WC_MUST,
              "DisconnectEx with dwFlags 1: WSAEINVAL; on UDP: a failure; the connection goes on, no end of stream",
              disconnectex_args, NULL),
    WC_CASE_P("S3.ioctl-argp=unmapped.or-short", "S3", "#return-value", WC_MUST,
              "FIONBIO/FIONREAD with an unmapped or read-only argp, FIONREAD without an output buffer, "
              "SIO_GET_EXTENSION_FUNCTION_POINTER with a short or NULL GUID or pointer room: WSAEFAULT; FIONREAD "
              "still counts the bytes waiting",
              ioctl_buffers, NULL),
    WC_CASE("S3.ioctl-inputs", "S3", "#return-value", WC_MUST,
            "SIO_KEEPALIVE_VALS and SIO_UDP_CONNRESET without their input or a byte short, SIO_BASE_HANDLE a byte "
            "short of room for the SOCKET: WSAEFAULT, nothing written, keepalive still off; overlapped, a short "
            "SIO_KEEPALIVE_VALS fails at once with nothing queued",
            ioctl_inputs),
    WC_CASE("S3.connectex-args", "S3", "#return-value", WC_MUST,
            "ConnectEx on an unbound or listening socket (WSAEINVAL), a connected one (WSAEISCONN), with a short "
            "namelen (WSAEFAULT): refused at once, nothing reaches the listener",
            connectex_args),
    WC_CASE("S3.wsapoll=unmapped.fds", "S3", "#return-value", WC_MUST,
            "WSAPoll with its fds array in a read-only page or at an unmapped address: WSAEFAULT, the page unchanged",
            poll_bad_fds),
    WC_CASE("S3.name-buffers=readonly.out-arguments", "S3", "#return-value", WC_MUST,
            "getsockname, getpeername, accept, WSAAccept, getsockopt, WSAAddressToStringA, WSAEnumNetworkEvents "
            "writing into a read-only page: WSAEFAULT, the page unchanged; namelen one short: WSAEFAULT, untouched",
            name_buffers),
    WC_CASE_P("S3.stream-wrap", "S3", "#remarks", WC_MUST,
              "1,200 TCP sends of 1-1,500 bytes, receives that leave 700-3,200 queued (smaller, larger, MSG_PEEK, "
              "three WSABUFs): every byte read is the byte sent at that place, none left over",
              stream_bytes, NULL),
    WC_CASE_P("S3.send-room", "S3", "#remarks", WC_MUST,
              "a nonblocking TCP sender whose peer does not read: WSAEWOULDBLOCK within 64 MiB; once the peer has "
              "read every byte (in order): FD_WRITE, select writable, send goes through",
              send_room, NULL),
    WC_CASE_P("S3.send-room-sized", "S3", "#remarks", WC_MUST,
              "the same with the peer's SO_RCVBUF and the sender's SO_SNDBUF set to 64 KiB: WSAEWOULDBLOCK within "
              "1 MiB; then FD_WRITE, select writable, send goes through",
              send_room_sized, NULL),
    WC_CASE_P("S3.zero-byte-receives", "S3", "#remarks", WC_MUST,
              "an overlapped zero-byte WSARecv pends until data comes and completes with 0, the data still there; "
              "recv with len 0 takes nothing; a datagram's recvfrom with len 0: WSAEMSGSIZE, the datagram gone",
              zero_byte_receives, NULL),
    WC_CASE_P("S3.os.zero-byte-receives", "S3", "#remarks", WC_MUST,
              "over the model's os transport: zero-byte receives as above", zero_byte_receives, "os"),
    WC_CASE("S3.negative-length", "S3", "#parameters", WC_MUST,
            "send and recv with a length of -1: both fail, nothing reaches the peer; the model's codes pinned",
            negative_length),
    WC_CASE_P("S3.os.recvfrom-address", "S3", "#return-value", WC_MUST,
              "over the model's os transport: fromlen short: WSAEFAULT; the sender and 16; TCP ignores both",
              recvfrom_address, "os"),
    WC_CASE_P("S3.os.sendto-address", "S3", "#return-value", WC_MUST,
              "over the model's os transport: tolen short: WSAEFAULT, nothing sent; TCP ignores the address",
              sendto_address, "os"),
    WC_CASE_P("S3.os.blocking-waits", "S3", "#remarks", WC_MUST,
              "over the model's os transport: blocking receives and fWait TRUE return what another thread sends",
              blocking_waits, "os"),
    WC_CASE_P("S3.os.wrong-states", "S3", "#return-value", WC_MUST,
              "over the model's os transport: accept not listening, UDP connected again, GOR on a closed socket",
              wrong_states, "os"),
    WC_CASE_P("S3.os.bad-buffers", "S3", "#return-value", WC_MUST,
              "over the model's os transport: unmapped or read-only buffers: WSAEFAULT, nothing sent", bad_buffers,
              "os"),
    WC_CASE_P("S3.os.disconnectex-args", "S3", "#return-value", WC_MUST,
              "over the model's os transport: DisconnectEx refusals leave the connection as it was", disconnectex_args,
              "os"),
    WC_CASE_P("S3.os.stream-wrap", "S3", "#remarks", WC_MUST,
              "over the model's os transport: uneven sends and receives, MSG_PEEK, three WSABUFs: the bytes in order",
              stream_bytes, "os"),
    WC_CASE_P("S3.os.send-room", "S3", "#remarks", WC_MUST,
              "over the model's os transport: WSAEWOULDBLOCK when the peer does not read, FD_WRITE and writable after",
              send_room, "os"),
    WC_CASE_P("S3.os.send-room-sized", "S3", "#remarks", WC_MUST,
              "over the model's os transport: SO_RCVBUF and SO_SNDBUF of 64 KiB: WSAEWOULDBLOCK within 1 MiB, writable "
              "after",
              send_room_sized, "os"),
    WC_CASE_P("S3.layered.null-count", "S3", "#parameters", WC_MUST,
              "through the model's layered provider: a send without a count is WSAEFAULT, with one it sends",
              null_count, "layered"),
    WC_CASE_P("S3.layered.blocking-waits", "S3", "#remarks", WC_MUST,
              "through the model's layered provider: blocking receives and fWait TRUE return what is sent",
              blocking_waits, "layered"),
    WC_CASE_P("S3.layered.ioctl-argp=unmapped.or-short", "S3", "#return-value", WC_MUST,
              "through the model's layered provider: the ioctl buffer refusals and FIONREAD's count", ioctl_buffers,
              "layered"),
};
WC_TABLE(wc_data_calls, cases);
