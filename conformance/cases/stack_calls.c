/*
 * stack_calls.c: the socket states and limits a proxy runs into, checked for the documented
 * error and for what the call leaves behind: a second bind, listen on the wrong socket and
 * twice, shutdown's argument and state, the largest IPv4 datagram and one byte more, MSG_PEEK
 * on a datagram, one UDP socket sending to two places, NULL option buffers, IPv6 streams
 * through gathered and scattered buffers, and a shutdown right behind a large send.
 *
 * Why: issue 11 section 7 measures certify by mutants of driver-stub/net; coverage of certify
 * (docs/COVERAGE.md) showed these decisions taken one way only, so a stack that returned the
 * wrong code, or got the other side wrong, passed.  The stream cases run twice, once on the
 * model's in-memory network and once with its bytes carried by real loopback sockets (knob
 * transport=os); the bytes a proxy sees must not depend on what carries them.
 *
 * Sources: the learn.microsoft.com Winsock function pages named at each case (their Return
 * value tables and Remarks).  Only cases.h: the same code runs on Windows.
 */
#include "cases.h"

#include <stdlib.h>
#include <string.h>

#define MAX_UDP4 65507 /* 65535 less the IPv4 and UDP headers: SO_MAX_MSG_SIZE of a UDP/IPv4 socket */

/* Same family, port and address bytes. */
static int same_name(const SOCKADDR_STORAGE *x, const SOCKADDR_STORAGE *y) {
    if (x->ss_family != y->ss_family) return 0;
    if (x->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)x, *b = (const struct sockaddr_in6 *)y;
        return a->sin6_port == b->sin6_port && memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0;
    }
    const struct sockaddr_in *a = (const struct sockaddr_in *)x, *b = (const struct sockaddr_in *)y;
    return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
}

static unsigned port_of(const SOCKADDR_STORAGE *a) { return ntohs(((const struct sockaddr_in *)a)->sin_port); }

/* Is s readable within 5 s (the os transport delivers asynchronously)? */
static int readable(SOCKET s) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {5, 0};
    return select(0, &r, NULL, NULL, &tv) == 1;
}

/* S3 (bind page, Return value: WSAEINVAL "The socket is already bound to an address"): a
 * second bind of a TCP and of a UDP socket fails, and the socket keeps the name it had. */
static void bind_twice(wc_ctx *c) {
    static const int types[2] = {SOCK_STREAM, SOCK_DGRAM};
    for (int i = 0; i < 2; i++) {
        SOCKADDR_STORAGE a, again, now;
        SOCKET s = wc_on_loopback(c, AF_INET, types[i], 0, &a);
        if (s == INVALID_SOCKET) return;
        memset(&again, 0, sizeof again);
        again.ss_family = AF_INET;
        ((struct sockaddr_in *)&again)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int rc = bind(s, (struct sockaddr *)&again, sizeof(struct sockaddr_in));
        int err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
                 "a second bind of a %s socket: rc=%d err=%d, expected WSAEINVAL", i ? "UDP" : "TCP", rc, err);
        int len = (int)sizeof now;
        rc = getsockname(s, (struct sockaddr *)&now, &len);
        wc_check(c, rc == 0 && same_name(&now, &a), "after the refused bind the %s socket is named port %u, was %u",
                 i ? "UDP" : "TCP", rc == 0 ? port_of(&now) : 0u, port_of(&a));
        closesocket(s);
    }
    /* a UDP socket sendto bound ("the socket is then marked as bound", sendto page) is bound too */
    SOCKADDR_STORAGE to, again;
    SOCKET sink = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &to);
    if (sink == INVALID_SOCKET) return;
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    int rc =
        u == INVALID_SOCKET ? SOCKET_ERROR : sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof(struct sockaddr_in));
    if (wc_check(c, rc == 1, "set-up: sendto from a new UDP socket: %d (err %d)", rc, WSAGetLastError())) {
        memset(&again, 0, sizeof again);
        again.ss_family = AF_INET;
        ((struct sockaddr_in *)&again)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        rc = bind(u, (struct sockaddr *)&again, sizeof(struct sockaddr_in));
        int err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
                 "bind of a UDP socket sendto bound: rc=%d err=%d, expected WSAEINVAL", rc, err);
    }
    if (u != INVALID_SOCKET) closesocket(u);
    closesocket(sink);
}

/* S3 (listen page, Return value: WSAEINVAL "The socket has not been bound with bind",
 * WSAEOPNOTSUPP "The referenced socket is not of a type that supports the listen operation";
 * Remarks: listen "called on an already listening socket ... will return success"): the
 * refusals, then a second listen that succeeds and leaves the socket accepting. */
static void listen_states(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    int rc = listen(fresh, 4);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL, "listen on an unbound socket: rc=%d err=%d, expected WSAEINVAL",
             rc, err);
    closesocket(fresh);
    SOCKADDR_STORAGE ua, la;
    SOCKET u = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ua);
    if (u == INVALID_SOCKET) return;
    rc = listen(u, 4);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEOPNOTSUPP,
             "listen on a bound UDP socket: rc=%d err=%d, expected WSAEOPNOTSUPP", rc, err);
    closesocket(u);
    SOCKET l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return;
    rc = listen(l, 16);
    wc_check(c, rc == 0, "listen on a listening socket: rc=%d err=%d, expected success", rc,
             rc ? WSAGetLastError() : 0);
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    SOCKADDR_STORAGE peer, mine;
    int pl = (int)sizeof peer, ml = (int)sizeof mine;
    rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&la, sizeof(struct sockaddr_in));
    SOCKET sv = rc == 0 ? accept(l, (struct sockaddr *)&peer, &pl) : INVALID_SOCKET;
    if (wc_check(c, sv != INVALID_SOCKET, "connect and accept after the second listen: %d", WSAGetLastError()) &&
        wc_check(c, getsockname(cl, (struct sockaddr *)&mine, &ml) == 0, "getsockname: %d", WSAGetLastError()))
        wc_check(c, same_name(&peer, &mine), "accept named the peer port %u, the client is port %u", port_of(&peer),
                 port_of(&mine));
    if (sv != INVALID_SOCKET) closesocket(sv);
    if (cl != INVALID_SOCKET) closesocket(cl);
    closesocket(l);
}

/* S3 (listen page, backlog: "The maximum length of the queue of pending connections"; Remarks
 * (and the WSPListen page): "if a connection request arrives and the queue is full, the client
 * will receive an error with an indication of WSAECONNREFUSED"): with a backlog of 2 and no
 * accept, two connects are queued and the next two refused; accept hands out the queued ones
 * in order, and once one is taken a new connect is queued again. */
static void listen_queue_full(wc_ctx *c) {
    wc_use_variant(c);
    enum { BACKLOG = 2, TRIES = 4 };
    SOCKADDR_STORAGE la;
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    memset(&la, 0, sizeof la);
    la.ss_family = AF_INET;
    ((struct sockaddr_in *)&la)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = (int)sizeof la;
    if (!wc_check(c,
                  l != INVALID_SOCKET && bind(l, (struct sockaddr *)&la, sizeof(struct sockaddr_in)) == 0 &&
                      listen(l, BACKLOG) == 0 && getsockname(l, (struct sockaddr *)&la, &len) == 0,
                  "set-up: a listener with backlog %d: %d", BACKLOG, WSAGetLastError())) {
        if (l != INVALID_SOCKET) closesocket(l);
        return;
    }
    SOCKET cl[TRIES + 1];
    SOCKADDR_STORAGE names[TRIES + 1];
    for (int i = 0; i <= TRIES; i++) cl[i] = INVALID_SOCKET;
    for (int i = 0; i < TRIES; i++) {
        cl[i] = socket(AF_INET, SOCK_STREAM, 0);
        int rc = cl[i] == INVALID_SOCKET ? -2 : connect(cl[i], (struct sockaddr *)&la, sizeof(struct sockaddr_in));
        int err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
        int nl = (int)sizeof names[i];
        if (i < BACKLOG)
            wc_check(c, rc == 0 && getsockname(cl[i], (struct sockaddr *)&names[i], &nl) == 0,
                     "connect %d of %d to a listener with backlog %d: rc=%d err=%d, expected it queued", i + 1, TRIES,
                     BACKLOG, rc, err);
        else
            wc_check(c, rc == SOCKET_ERROR && err == WSAECONNREFUSED,
                     "connect %d with the queue of %d full: rc=%d err=%d, expected WSAECONNREFUSED", i + 1, BACKLOG, rc,
                     err);
    }
    for (int i = 0; i < BACKLOG; i++) {
        SOCKADDR_STORAGE peer;
        int pl = (int)sizeof peer;
        SOCKET a = accept(l, (struct sockaddr *)&peer, &pl);
        if (!wc_check(c, a != INVALID_SOCKET, "accept %d: %d", i + 1, WSAGetLastError())) break;
        wc_check(c, same_name(&peer, &names[i]), "accept %d handed out the client of port %u, expected %u", i + 1,
                 port_of(&peer), port_of(&names[i]));
        closesocket(a);
        if (i == 0) { /* room again: a new connect is queued */
            cl[TRIES] = socket(AF_INET, SOCK_STREAM, 0);
            int rc = connect(cl[TRIES], (struct sockaddr *)&la, sizeof(struct sockaddr_in));
            wc_check(c, rc == 0, "a connect after one accept made room: rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
        }
    }
    for (int i = 0; i <= TRIES; i++)
        if (cl[i] != INVALID_SOCKET) closesocket(cl[i]);
    closesocket(l);
    /* a backlog of 0 (or less): how many connects it queues, no page says (a stack may raise it
     * to its own minimum), so the model's count is pinned */
    if (!wc_on_model(c)) return;
    l = socket(AF_INET, SOCK_STREAM, 0);
    ((struct sockaddr_in *)&la)->sin_port = 0;
    len = (int)sizeof la;
    if (!wc_check(c,
                  bind(l, (struct sockaddr *)&la, sizeof(struct sockaddr_in)) == 0 && listen(l, 0) == 0 &&
                      getsockname(l, (struct sockaddr *)&la, &len) == 0,
                  "set-up: a listener with backlog 0: %d", WSAGetLastError())) {
        closesocket(l);
        return;
    }
    int queued = 0;
    for (int i = 0; i < TRIES; i++) {
        cl[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(cl[i], (struct sockaddr *)&la, sizeof(struct sockaddr_in)) == 0) queued++;
    }
    wc_model_answer(c, "listen.backlog-zero", "%d", queued);
    for (int i = 0; i < TRIES; i++) closesocket(cl[i]);
    closesocket(l);
}

/* S3 (shutdown page, Return value: WSAEINVAL "The how parameter is not valid", WSAENOTCONN "The
 * socket is not connected" for a connection-oriented socket; Remarks: SD_RECEIVE stops
 * receives only, SD_SEND sends the end of the stream to the peer; send page: WSAESHUTDOWN
 * after a shutdown with SD_SEND): each refusal, then SD_RECEIVE leaves sending working and
 * makes receiving fail (WSAESHUTDOWN), and SD_SEND makes the peer's recv return 0 and this side's send fail. */
static int conditions;
static int CALLBACK count_condition(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                                    LPWSABUF callee_data, GROUP *g, DWORD_PTR data) {
    (void)caller, (void)caller_data, (void)sqos, (void)gqos, (void)callee, (void)callee_data, (void)g, (void)data;
    conditions++;
    return CF_ACCEPT;
}

static void shutdown_states(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    int rc = shutdown(fresh, SD_SEND);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN,
             "shutdown(SD_SEND) of a TCP socket never connected: rc=%d err=%d, expected WSAENOTCONN", rc, err);
    /* recv page: WSAENOTCONN "The socket is not connected"; it must not wait for data that
     * cannot come.  WSAAccept page: WSAEINVAL "listen was not invoked prior to WSAAccept". */
    char one = 0x5A;
    u_long nb = 1;
    ioctlsocket(fresh, FIONBIO, &nb);
    rc = recv(fresh, &one, 1, 0);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN && one == 0x5A,
             "recv on a TCP socket never connected: rc=%d err=%d, expected WSAENOTCONN and nothing written", rc, err);
    conditions = 0;
    SOCKET acc = WSAAccept(fresh, NULL, NULL, count_condition, 0);
    err = acc == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, acc == INVALID_SOCKET && err == WSAEINVAL && conditions == 0,
             "WSAAccept on a socket that is not listening: %s, err=%d, condition function called %d times; expected "
             "INVALID_SOCKET and WSAEINVAL, no call (there is no connection to judge)",
             acc == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err, conditions);
    if (acc != INVALID_SOCKET) closesocket(acc);
    closesocket(fresh);
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    static const int bad[2] = {-1, SD_BOTH + 1};
    for (int i = 0; i < 2; i++) {
        rc = shutdown(cl, bad[i]);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL, "shutdown(how=%d): rc=%d err=%d, expected WSAEINVAL",
                 bad[i], rc, err);
    }
    rc = shutdown(cl, SD_RECEIVE);
    wc_check(c, rc == 0, "shutdown(SD_RECEIVE): rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    static const char msg[] = "after SD_RECEIVE";
    char buf[64];
    /* recv page, WSAESHUTDOWN: "it is not possible to receive on a socket after shutdown has
     * been invoked with how set to SD_RECEIVE or SD_BOTH" (WSARecv's page alike): a refusal at
     * once, nothing written, not a wait and not the end of a stream (0). */
    memset(buf, 0x5A, sizeof buf);
    rc = recv(cl, buf, (int)sizeof buf, 0);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAESHUTDOWN && buf[0] == 0x5A,
             "recv after shutdown(SD_RECEIVE): rc=%d err=%d, expected WSAESHUTDOWN and nothing written", rc, err);
    WSABUF wb = {sizeof buf, buf};
    DWORD got_bytes = 77, fl = 0;
    rc = WSARecv(cl, &wb, 1, &got_bytes, &fl, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAESHUTDOWN && buf[0] == 0x5A,
             "WSARecv after shutdown(SD_RECEIVE): rc=%d err=%d, expected WSAESHUTDOWN and nothing written", rc, err);
    rc = send(cl, msg, (int)sizeof msg, 0);
    wc_check(c, rc == (int)sizeof msg, "send after shutdown(SD_RECEIVE): rc=%d err=%d, expected %d bytes", rc,
             rc < 0 ? WSAGetLastError() : 0, (int)sizeof msg);
    int got = 0;
    while (got < (int)sizeof msg && readable(sv) && (rc = recv(sv, buf + got, (int)sizeof buf - got, 0)) > 0) got += rc;
    wc_check(c, got == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
             "the peer received %d bytes after the other side's SD_RECEIVE, expected the %d sent", got,
             (int)sizeof msg);
    rc = shutdown(cl, SD_SEND);
    wc_check(c, rc == 0, "shutdown(SD_SEND): rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    rc = readable(sv) ? recv(sv, buf, sizeof buf, 0) : -2;
    wc_check(c, rc == 0, "the peer's recv after shutdown(SD_SEND): %d (err %d), expected 0 (the end of the stream)", rc,
             rc == SOCKET_ERROR ? WSAGetLastError() : 0);
    rc = send(cl, msg, (int)sizeof msg, 0);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAESHUTDOWN,
             "send after shutdown(SD_SEND): rc=%d err=%d, expected WSAESHUTDOWN", rc, err);
    closesocket(cl);
    closesocket(sv);
    /* SD_BOTH: "Shutdown both send and receive operations": both refused at once, the peer
     * reads the end of the stream. */
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    rc = shutdown(cl, SD_BOTH);
    wc_check(c, rc == 0, "shutdown(SD_BOTH): rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    rc = recv(cl, buf, (int)sizeof buf, 0);
    err = rc ? WSAGetLastError() : 0;
    int src = send(cl, msg, (int)sizeof msg, 0), serr = src < 0 ? WSAGetLastError() : 0;
    int prc = readable(sv) ? recv(sv, buf, sizeof buf, 0) : -2;
    wc_check(c, rc == SOCKET_ERROR && err == WSAESHUTDOWN && src == SOCKET_ERROR && serr == WSAESHUTDOWN && prc == 0,
             "after shutdown(SD_BOTH): recv %d (err %d), send %d (err %d), the peer's recv %d; expected WSAESHUTDOWN, "
             "WSAESHUTDOWN and 0",
             rc, err, src, serr, prc);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (sendto page, Return value: WSAEMSGSIZE "The socket is message oriented, and the message
 * is larger than the maximum supported by the underlying transport"; SO_MAX_MSG_SIZE of UDP
 * over IPv4, 65,507 bytes): the largest datagram arrives whole, every byte and from the
 * sender's name; one byte more is refused and nothing arrives. */
static void udp_msgsize(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE ra, ta, from;
    SOCKET rx = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ra);
    SOCKET tx = rx == INVALID_SOCKET ? INVALID_SOCKET : wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ta);
    unsigned char *out = malloc(MAX_UDP4 + 1), *in = malloc(MAX_UDP4 + 16);
    if (tx == INVALID_SOCKET || !wc_check(c, out && in, "set-up: no memory")) goto done;
    for (int i = 0; i <= MAX_UDP4; i++) out[i] = (unsigned char)(i * 7 + (i >> 8));
    int rc = sendto(tx, (const char *)out, MAX_UDP4 + 1, 0, (struct sockaddr *)&ra, sizeof(struct sockaddr_in));
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEMSGSIZE, "sendto of %d bytes: rc=%d err=%d, expected WSAEMSGSIZE",
             MAX_UDP4 + 1, rc, err);
    rc = sendto(tx, (const char *)out, MAX_UDP4, 0, (struct sockaddr *)&ra, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == MAX_UDP4, "sendto of %d bytes: rc=%d err=%d", MAX_UDP4, rc, rc < 0 ? WSAGetLastError() : 0))
        goto done;
    int fl = (int)sizeof from;
    rc = readable(rx) ? recvfrom(rx, (char *)in, MAX_UDP4 + 16, 0, (struct sockaddr *)&from, &fl) : -2;
    wc_check(c, rc == MAX_UDP4 && memcmp(in, out, MAX_UDP4) == 0,
             "the receiver got %d bytes (err %d), expected the %d sent, byte for byte", rc,
             rc == SOCKET_ERROR ? WSAGetLastError() : 0, MAX_UDP4);
    wc_check(c, rc < 0 || same_name(&from, &ta), "the datagram came from port %u, the sender is bound to %u",
             port_of(&from), port_of(&ta));
    u_long on = 1;
    rc = ioctlsocket(rx, FIONBIO, &on);
    rc = rc ? rc : recv(rx, (char *)in, 16, 0);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "after the one datagram nothing more is queued (the refused one never went): rc=%d err=%d", rc, err);
done:
    free(out);
    free(in);
    if (tx != INVALID_SOCKET) closesocket(tx);
    if (rx != INVALID_SOCKET) closesocket(rx);
}

/* S3 (recvfrom and recv pages, flags: MSG_PEEK "Peeks at the incoming data. The data is copied
 * into the buffer, but is not removed from the input queue", and the from address is filled
 * in): a peek returns the datagram and its sender; the receive after it returns the same
 * datagram and removes it; the next datagram follows. */
static void udp_peek(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE ra, ta, from;
    SOCKET rx = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ra);
    SOCKET tx = rx == INVALID_SOCKET ? INVALID_SOCKET : wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ta);
    if (tx == INVALID_SOCKET) goto done;
    static const char one[] = "peeked datagram", two[] = "next";
    int rc = sendto(tx, one, (int)sizeof one, 0, (struct sockaddr *)&ra, sizeof(struct sockaddr_in));
    int rc2 = sendto(tx, two, (int)sizeof two, 0, (struct sockaddr *)&ra, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == (int)sizeof one && rc2 == (int)sizeof two, "set-up: sendto: %d %d (err %d)", rc, rc2,
                  WSAGetLastError()))
        goto done;
    static const char *const what[3] = {"MSG_PEEK", "the receive after the peek", "the next receive"};
    for (int i = 0; i < 3; i++) {
        char buf[64];
        memset(buf, 0, sizeof buf);
        memset(&from, 0, sizeof from);
        int fl = (int)sizeof from;
        rc = readable(rx) ? recvfrom(rx, buf, sizeof buf, i == 0 ? MSG_PEEK : 0, (struct sockaddr *)&from, &fl) : -2;
        const char *want = i < 2 ? one : two;
        int n = i < 2 ? (int)sizeof one : (int)sizeof two;
        wc_check(c, rc == n && memcmp(buf, want, (size_t)n) == 0, "%s: %d bytes (err %d) \"%.20s\", expected \"%s\"",
                 what[i], rc, rc == SOCKET_ERROR ? WSAGetLastError() : 0, buf, want);
        wc_check(c, rc < 0 || (same_name(&from, &ta) && fl == (int)sizeof(struct sockaddr_in)),
                 "%s: from port %u (length %d), the sender is port %u", what[i], port_of(&from), fl, port_of(&ta));
    }
done:
    if (tx != INVALID_SOCKET) closesocket(tx);
    if (rx != INVALID_SOCKET) closesocket(rx);
}

/* S3 (sendto page: on an unconnected socket each call names its own destination; recvfrom
 * page: from is the sender's address): one UDP socket sends to two receivers in turn; each
 * gets exactly the datagrams addressed to it, in order, from the sender's bound name. */
static void udp_two_destinations(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a[2], ta, from;
    SOCKET rx[2] = {INVALID_SOCKET, INVALID_SOCKET}, tx = INVALID_SOCKET;
    rx[0] = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &a[0]);
    if (rx[0] != INVALID_SOCKET) rx[1] = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &a[1]);
    if (rx[1] != INVALID_SOCKET) tx = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ta);
    if (tx == INVALID_SOCKET) goto done;
    static const char *const msgs[4] = {"to one: first", "to two: first", "to one: second", "to two: second"};
    for (int i = 0; i < 4; i++) {
        int rc = sendto(tx, msgs[i], (int)strlen(msgs[i]), 0, (struct sockaddr *)&a[i % 2], sizeof(struct sockaddr_in));
        if (!wc_check(c, rc == (int)strlen(msgs[i]), "set-up: sendto %d: %d (err %d)", i, rc, WSAGetLastError()))
            goto done;
    }
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) {
            char buf[64];
            memset(buf, 0, sizeof buf);
            int fl = (int)sizeof from;
            int rc = readable(rx[r]) ? recvfrom(rx[r], buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) : -2;
            const char *want = msgs[2 * k + r];
            wc_check(c, rc == (int)strlen(want) && memcmp(buf, want, strlen(want)) == 0,
                     "receiver %d, datagram %d: %d bytes \"%.20s\", expected \"%s\"", r + 1, k + 1, rc, buf, want);
            wc_check(c, rc < 0 || same_name(&from, &ta), "receiver %d, datagram %d: from port %u, the sender is %u",
                     r + 1, k + 1, port_of(&from), port_of(&ta));
        }
    u_long on = 1;
    for (int r = 0; r < 2; r++) {
        char buf[8];
        int rc = ioctlsocket(rx[r], FIONBIO, &on);
        rc = rc ? rc : recv(rx[r], buf, sizeof buf, 0);
        int err = rc < 0 ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK, "receiver %d has more than its two: rc=%d err=%d",
                 r + 1, rc, err);
    }
done:
    if (tx != INVALID_SOCKET) closesocket(tx);
    for (int r = 0; r < 2; r++)
        if (rx[r] != INVALID_SOCKET) closesocket(rx[r]);
}

/* S3 (getsockopt page, Return value: WSAEFAULT "One of the optval or the optlen parameters is
 * not a valid part of the user address space, or the optlen parameter is too small";
 * setsockopt page: WSAEFAULT "optval is not in a valid part of the process address space"):
 * NULL buffers are refused, and *optlen is left alone when optval is the NULL one. */
static void option_buffers(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    DWORD v = WC_SENTINEL;
    int rc = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && v == WC_SENTINEL,
             "getsockopt(SO_TYPE) with optlen NULL: rc=%d err=%d value 0x%lx, expected WSAEFAULT and nothing written",
             rc, err, (unsigned long)v);
    int len = (int)sizeof v;
    rc = getsockopt(s, SOL_SOCKET, SO_TYPE, NULL, &len);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "getsockopt(SO_TYPE) with optval NULL: rc=%d err=%d, expected WSAEFAULT", rc, err);
    rc = setsockopt(s, SOL_SOCKET, SO_RCVBUF, NULL, (int)sizeof v);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "setsockopt(SO_RCVBUF) with optval NULL: rc=%d err=%d, expected WSAEFAULT", rc, err);
    len = (int)sizeof v;
    rc = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len);
    wc_check(c, rc == 0 && v == SOCK_STREAM && len == (int)sizeof(int),
             "getsockopt(SO_TYPE) after the refusals: rc=%d value %lu len %d, expected SOCK_STREAM in 4 bytes", rc,
             (unsigned long)v, len);
    closesocket(s);
}

/* S3 (setsockopt page, Return value: WSAENOPROTOOPT "The option is unknown or unsupported for
 * the specified provider or socket"; getsockopt page: WSAENOPROTOOPT "The option is unknown
 * or unsupported by the indicated protocol family"): an option number no level defines, at
 * SOL_SOCKET and at IPPROTO_IP, is refused by both; getsockopt writes neither the value nor
 * its length. */
static void option_unknown(wc_ctx *c) {
    enum { NO_SUCH_OPTION = 0x7777 };
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    static const struct {
        int level;
        const char *name;
    } levels[2] = {{SOL_SOCKET, "SOL_SOCKET"}, {IPPROTO_IP, "IPPROTO_IP"}};
    for (int i = 0; i < 2; i++) {
        DWORD v = 1;
        int rc = setsockopt(s, levels[i].level, NO_SUCH_OPTION, (const char *)&v, (int)sizeof v);
        int err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAENOPROTOOPT,
                 "setsockopt(%s, 0x%x): rc=%d err=%d, expected WSAENOPROTOOPT", levels[i].name, NO_SUCH_OPTION, rc,
                 err);
        v = WC_SENTINEL;
        int len = (int)sizeof v;
        rc = getsockopt(s, levels[i].level, NO_SUCH_OPTION, (char *)&v, &len);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAENOPROTOOPT && v == WC_SENTINEL && len == (int)sizeof v,
                 "getsockopt(%s, 0x%x): rc=%d err=%d value 0x%lx len %d, expected WSAENOPROTOOPT, nothing written",
                 levels[i].name, NO_SUCH_OPTION, rc, err, (unsigned long)v, len);
    }
    closesocket(s);
}

/* S3 (WSASend page: "lpBuffers: A pointer to an array of WSABUF structures", sent in array
 * order; WSARecv page: the buffers are filled in array order, an empty one holds nothing;
 * getpeername and getsockname pages): an IPv6 loopback stream, written as three gathered
 * buffers with an empty one between, read back through scattered buffers with an empty one
 * first, every byte in order; each side's peer is the other side's name. */
static void v6_stream(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET6, &cl, &sv)) return;
    SOCKADDR_STORAGE n[4];
    int l[4] = {(int)sizeof n[0], (int)sizeof n[1], (int)sizeof n[2], (int)sizeof n[3]};
    int rc = getsockname(cl, (struct sockaddr *)&n[0], &l[0]) | getpeername(sv, (struct sockaddr *)&n[1], &l[1]) |
             getsockname(sv, (struct sockaddr *)&n[2], &l[2]) | getpeername(cl, (struct sockaddr *)&n[3], &l[3]);
    if (wc_check(c, rc == 0, "the names of the IPv6 pair: %d", WSAGetLastError()))
        wc_check(c,
                 n[0].ss_family == AF_INET6 && same_name(&n[0], &n[1]) && same_name(&n[2], &n[3]) &&
                     l[1] == (int)sizeof(struct sockaddr_in6),
                 "the IPv6 pair's names: client %u, its peer at the server %u; server %u, its peer at the client %u",
                 port_of(&n[0]), port_of(&n[1]), port_of(&n[2]), port_of(&n[3]));
    char a[] = "gathered ", b[] = "", d[] = "over IPv6, in order";
    WSABUF out[3] = {{(ULONG)strlen(a), a}, {0, b}, {(ULONG)strlen(d), d}};
    DWORD sent = 0;
    rc = WSASend(cl, out, 3, &sent, 0, NULL, NULL);
    size_t total = strlen(a) + strlen(d);
    wc_check(c, rc == 0 && sent == total, "WSASend of three buffers: rc=%d err=%d sent %lu, expected %u", rc,
             rc ? WSAGetLastError() : 0, (unsigned long)sent, (unsigned)total);
    char want[64], got[64], x[4], y[8], z[64];
    memcpy(want, a, strlen(a));
    memcpy(want + strlen(a), d, strlen(d));
    size_t have = 0;
    for (int round = 0; round < 8 && have < total && readable(sv); round++) {
        memset(y, 0, sizeof y);
        WSABUF in[3] = {{0, x}, {sizeof y, y}, {sizeof z, z}};
        DWORD n_in = 0, flags = 0;
        rc = WSARecv(sv, in, 3, &n_in, &flags, NULL, NULL);
        if (!wc_check(c, rc == 0 && n_in > 0, "WSARecv into three buffers: rc=%d err=%d bytes %lu", rc,
                      rc ? WSAGetLastError() : 0, (unsigned long)n_in))
            break;
        size_t first = n_in < sizeof y ? n_in : sizeof y;
        if (have + n_in > sizeof got) break;
        memcpy(got + have, y, first);
        memcpy(got + have + first, z, n_in - first);
        have += n_in;
    }
    wc_check(c, have == total && memcmp(got, want, total) == 0,
             "the IPv6 stream delivered %u bytes \"%.*s\", expected the %u sent in order", (unsigned)have, (int)have,
             got, (unsigned)total);
    closesocket(cl);
    closesocket(sv);
}

/* The peer's receive after the other side refused its data: WSAECONNRESET once the reset has
 * come, within 2 s (a stack that never resets gives -2 here, not a 5 s wait per part). */
static int reset_seen(SOCKET peer, int *err) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(peer, &r);
    struct timeval tv = {2, 0};
    if (select(0, &r, NULL, NULL, &tv) != 1) return *err = 0, -2;
    char b[16];
    int rc = recv(peer, b, (int)sizeof b, 0);
    *err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    return rc;
}

/* S3 (shutdown page, Remarks: "If the how parameter is SD_RECEIVE ... For TCP sockets, if there
 * is still data queued on the socket waiting to be received, or data arrives subsequently, the
 * connection is reset, since the data cannot be delivered to the user"; recv page, WSAECONNRESET
 * "The virtual circuit was reset by the remote side"): with bytes queued, shutdown(SD_RECEIVE)
 * resets the connection and the peer's recv fails with WSAECONNRESET; with none queued, the
 * peer's next send is taken (the bytes go into the network) and then its recv fails the same
 * way.  The refusing side's own receives stay WSAESHUTDOWN; what its send answers after the
 * reset no page says (pinned for the model). */
static void shutdown_receive_reset(wc_ctx *c) {
    wc_use_variant(c);
    for (int later = 0; later < 2; later++) {
        SOCKET cl, sv;
        if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
        const char *when = later ? "data arriving after shutdown(SD_RECEIVE)" : "shutdown(SD_RECEIVE) with data queued";
        int rc = 0;
        if (!later) {
            rc = send(sv, "queued", 6, 0);
            wc_check(c, rc == 6 && readable(cl), "%s: set-up: 6 bytes sent and waiting: rc=%d", when, rc);
        }
        rc = shutdown(cl, SD_RECEIVE);
        wc_check(c, rc == 0, "%s: shutdown: rc=%d err=%d", when, rc, rc ? WSAGetLastError() : 0);
        if (later) {
            rc = send(sv, "later", 5, 0);
            wc_check(c, rc == 5, "%s: the peer's send: rc=%d err=%d, expected 5 (taken; the reset comes after)", when,
                     rc, rc < 0 ? WSAGetLastError() : 0);
        }
        int err = 0;
        rc = reset_seen(sv, &err);
        wc_check(c, rc == SOCKET_ERROR && err == WSAECONNRESET,
                 "%s: the peer's recv: rc=%d err=%d, expected WSAECONNRESET (the connection is reset; -2: not "
                 "readable within 2 s)",
                 when, rc, err);
        char b[8];
        memset(b, 0x5A, sizeof b);
        rc = recv(cl, b, (int)sizeof b, 0);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAESHUTDOWN && b[0] == 0x5A,
                 "%s: recv on the refusing side: rc=%d err=%d, expected WSAESHUTDOWN and nothing written", when, rc,
                 err);
        u_long unread = 77;
        rc = ioctlsocket(cl, FIONREAD, &unread);
        wc_model_answer(c, later ? "shutdown.receive-reset-fionread.later" : "shutdown.receive-reset-fionread.queued",
                        "%d %lu", rc, (unsigned long)unread);
        rc = send(cl, "x", 1, 0);
        err = rc < 0 ? WSAGetLastError() : 0;
        wc_model_answer(c, later ? "shutdown.receive-reset-send.later" : "shutdown.receive-reset-send.queued", "%d %d",
                        rc, err);
        closesocket(cl);
        closesocket(sv);
    }
}

/* S3 (shutdown page, Remarks: with SD_SEND "a FIN will be sent after all data is sent and
 * acknowledged by the receiver"): a send of 1 MiB (4 MiB over real sockets) followed at once
 * by shutdown(SD_SEND); the peer reads all of it, byte for byte, and then the end of the stream. */
static void shutdown_after_send(wc_ctx *c) {
    wc_use_variant(c);
    /* over real sockets 4 MiB outgrow the kernel's buffers, so the shutdown waits behind bytes
     * the model still holds; in memory 1 MiB shows the same */
    const int TOTAL = wc_current(c)->param ? 4 << 20 : 1 << 20;
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    unsigned char *out = malloc(TOTAL), *in = malloc(65536);
    if (!wc_check(c, out && in, "set-up: no memory")) goto done;
    for (int i = 0; i < TOTAL; i++) out[i] = (unsigned char)(i ^ (i >> 11));
    /* gathered from sixteen buffers, so that over real sockets the bytes the kernel does not
     * take at once include whole buffers, queued one after the other (mutation testing, seed
     * 102: a queue that dropped the first byte of each later buffer passed every case) */
    WSABUF parts[16];
    for (int i = 0; i < 16; i++) parts[i] = (WSABUF){(ULONG)(TOTAL / 16), (char *)out + (size_t)i * (TOTAL / 16)};
    DWORD sent = 0;
    int rc = WSASend(cl, parts, 16, &sent, 0, NULL, NULL);
    if (!wc_check(c, rc == 0 && sent == (DWORD)TOTAL, "WSASend of %d bytes in 16 buffers: %d, %lu sent (err %d)", TOTAL,
                  rc, (unsigned long)sent, rc ? WSAGetLastError() : 0))
        goto done;
    rc = shutdown(cl, SD_SEND);
    wc_check(c, rc == 0, "shutdown(SD_SEND) right after the send: rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    long have = 0;
    int bad = -1;
    while (readable(sv) && (rc = recv(sv, (char *)in, 65536, 0)) > 0) {
        if (bad < 0 && have + rc <= TOTAL && memcmp(in, out + have, (size_t)rc) != 0) bad = (int)have;
        have += rc;
    }
    wc_check(c, have == TOTAL && bad < 0 && rc == 0,
             "the peer read %ld bytes (first wrong chunk at %d), last recv %d (err %d); expected all %d, then 0", have,
             bad, rc, rc < 0 ? WSAGetLastError() : 0, TOTAL);
done:
    free(out);
    free(in);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (recv page: "For connection-oriented sockets (type SOCK_STREAM for example), calling recv
 * will return as much data as is currently available, up to the size of the buffer
 * specified"; WSAEWOULDBLOCK only when "no incoming data is available at the socket" of a
 * nonblocking one): 12 bytes sent at once, read by a nonblocking receiver 5 at a time, come as
 * 5, 5 and 2 in order, none refused while bytes are waiting; only then WSAEWOULDBLOCK. */
static void partial_reads(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    static const char msg[12] = "0123456789ab";
    u_long on = 1;
    int rc = send(cl, msg, (int)sizeof msg, 0);
    if (wc_check(c, rc == (int)sizeof msg, "set-up: send: %d, error %d", rc, WSAGetLastError()) &&
        wc_check(c, ioctlsocket(sv, FIONBIO, &on) == 0, "set-up: FIONBIO: %d", WSAGetLastError()) &&
        wc_check(c, readable(sv), "the 12 bytes sent did not make the receiver readable")) {
        static const int want[3] = {5, 5, 2};
        int at = 0;
        for (int i = 0; i < 3; i++) {
            char buf[5];
            rc = recv(sv, buf, (int)sizeof buf, 0);
            if (!wc_check(c, rc == want[i] && memcmp(buf, msg + at, (size_t)want[i]) == 0,
                          "nonblocking recv %d of 5 bytes with %d of the 12 waiting: %d (error %d); expected %d bytes "
                          "from offset %d",
                          i + 1, 12 - at, rc, rc < 0 ? WSAGetLastError() : 0, want[i], at))
                break;
            at += want[i];
        }
        if (at == 12) {
            char buf[5];
            rc = recv(sv, buf, (int)sizeof buf, 0);
            wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
                     "nonblocking recv with nothing left: %d (error %d); expected WSAEWOULDBLOCK", rc,
                     rc < 0 ? WSAGetLastError() : 0);
        }
    }
    closesocket(cl);
    closesocket(sv);
}

static const wc_case cases[] = {
    WC_CASE("S3.bind-twice", "S3", "#return-value", WC_MUST,
            "a second bind of a bound TCP or UDP socket: WSAEINVAL; the socket keeps its name", bind_twice),
    WC_CASE_P("S3.listen-states", "S3", "#return-value", WC_MUST,
              "listen unbound: WSAEINVAL; on UDP: WSAEOPNOTSUPP; a second listen succeeds and the socket accepts",
              listen_states, NULL),
    WC_CASE_P("S3.listen-queue-full", "S3", "#remarks", WC_MUST,
              "backlog 2, no accept: two connects queued, the next two WSAECONNREFUSED; accept gives them in order; "
              "after one accept a connect is queued again",
              listen_queue_full, NULL),
    WC_CASE_P("S3.shutdown-states", "S3", "#return-value", WC_MUST,
              "shutdown never connected: WSAENOTCONN; how -1 or 3: WSAEINVAL; SD_RECEIVE leaves send working, recv and "
              "WSARecv WSAESHUTDOWN; SD_SEND: the peer reads 0, send is WSAESHUTDOWN",
              shutdown_states, NULL),
    WC_CASE_P("S3.shutdown-receive-reset", "S3", "#remarks", WC_MUST,
              "shutdown(SD_RECEIVE) with bytes queued, or bytes arriving after it: the connection is reset, the "
              "peer's recv WSAECONNRESET; the refusing side's recv stays WSAESHUTDOWN",
              shutdown_receive_reset, NULL),
    WC_CASE_P("S3.udp-msgsize", "S3", "#return-value", WC_MUST,
              "a 65,507-byte datagram arrives whole from the sender's name; 65,508 bytes: WSAEMSGSIZE, nothing sent",
              udp_msgsize, NULL),
    WC_CASE_P("S3.udp-peek", "S3", "#remarks", WC_MUST,
              "MSG_PEEK returns the datagram and its sender and leaves it; the next receive takes it, then the next",
              udp_peek, NULL),
    WC_CASE_P("S3.udp-two-destinations", "S3", "#remarks", WC_MUST,
              "one UDP socket sends to two receivers in turn: each gets its own datagrams in order, from the sender",
              udp_two_destinations, NULL),
    WC_CASE("S3.option-buffers", "S3", "#return-value", WC_MUST,
            "getsockopt with optlen or optval NULL, setsockopt with optval NULL: WSAEFAULT, nothing written",
            option_buffers),
    WC_CASE("S3.option-unknown", "S3", "#return-value", WC_MUST,
            "an option number no level defines, at SOL_SOCKET and IPPROTO_IP: WSAENOPROTOOPT from setsockopt and "
            "getsockopt, nothing written",
            option_unknown),
    WC_CASE_P("S3.v6-stream", "S3", "#remarks", WC_MUST,
              "an IPv6 loopback stream: gathered buffers arrive in order through scattered ones; names match",
              v6_stream, NULL),
    WC_CASE_P("S3.shutdown-after-send", "S3", "#remarks", WC_MUST,
              "1 MiB sent, shutdown(SD_SEND) at once: the peer reads all of it, then the end", shutdown_after_send,
              NULL),
    WC_CASE_P("S3.stream-partial-reads", "S3", "#remarks", WC_MUST,
              "12 bytes read 5 at a time by a nonblocking receiver: 5, 5, 2 in order, none refused while bytes wait; "
              "then WSAEWOULDBLOCK",
              partial_reads, NULL),
    WC_S3_OS("udp-msgsize", "65,507 bytes arrive whole; 65,508: WSAEMSGSIZE", udp_msgsize),
    WC_S3_OS("udp-peek", "MSG_PEEK leaves the datagram; the next receive takes it", udp_peek),
    WC_S3_OS("udp-two-destinations", "each receiver gets its own datagrams, from the sender", udp_two_destinations),
    WC_S3_OS("v6-stream", "an IPv6 stream through gathered and scattered buffers", v6_stream),
    WC_S3_OS("shutdown-after-send", "4 MiB, shutdown(SD_SEND): all of it, then the end", shutdown_after_send),
    WC_S3_OS("listen-states", "listen unbound or on UDP refused; a second listen succeeds", listen_states),
    WC_S3_OS("listen-queue-full", "backlog 2: two queued, two WSAECONNREFUSED, accept in order", listen_queue_full),
    WC_S3_OS("shutdown-states", "WSAENOTCONN, WSAEINVAL; SD_RECEIVE sends on; SD_SEND ends the stream",
             shutdown_states),
    WC_S3_OS("shutdown-receive-reset", "SD_RECEIVE with bytes queued or arriving: the peer's recv WSAECONNRESET",
             shutdown_receive_reset),
    WC_S3_OS("stream-partial-reads", "12 bytes read 5 at a time, nonblocking: 5, 5, 2, then WSAEWOULDBLOCK",
             partial_reads),
};
WC_TABLE(wc_stack_calls, cases);
