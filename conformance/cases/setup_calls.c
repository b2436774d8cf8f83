/*
 * setup_calls.c: the plain Winsock calls every proxy makes around the redirect IOCTLs,
 * checked for their own effect.
 *
 * Why: the catalogue uses FIONBIO, send and recv only to set scenes up, so a stack that gets
 * them wrong passed as long as the scene still came up; yet a proxy built on such a stack
 * breaks on every connection.  Mutation testing (docs/MUTANTS.md) found these gaps: FIONBIO
 * taking a short input, a receive at end of stream returning a byte, getsockname's family,
 * connect on a listener, a partial receive at a queue's end, the IPv6 text parser.
 */
#include "cases.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* S3 (SDK-WSAIOCTL, FIONBIO): the input is a u_long; a short or missing one is WSAEFAULT; a
 * non-blocking socket's receive with nothing queued is WSAEWOULDBLOCK, a blocking one's is
 * not asked here (it would wait). */
static void fionbio(wc_ctx *c) {
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    u_long on = 1;
    DWORD cb = WC_SENTINEL;
    int rc = WSAIoctl(f.accepted, FIONBIO, NULL, 0, NULL, 0, &cb, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "FIONBIO without an input: rc=%d err=%d, expected WSAEFAULT",
             rc, err);
    rc = WSAIoctl(f.accepted, FIONBIO, &on, 2, NULL, 0, &cb, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "FIONBIO with a 2-byte input: rc=%d err=%d, expected WSAEFAULT",
             rc, err);
    rc = WSAIoctl(f.accepted, FIONBIO, &on, sizeof on, NULL, 0, &cb, NULL, NULL);
    wc_check(c, rc == 0, "FIONBIO 1: rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    char buf[16];
    rc = recv(f.accepted, buf, sizeof buf, 0);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "recv on a non-blocking socket with nothing queued: rc=%d err=%d, expected WSAEWOULDBLOCK", rc, err);
}

/* A receive made on another thread: what it returned. */
typedef struct waiting_recv {
    SOCKET s;
    int rc, err;
} waiting_recv;

static DWORD WINAPI recv_in_thread(LPVOID arg) {
    waiting_recv *r = arg;
    char b[16];
    r->rc = recv(r->s, b, (int)sizeof b, 0);
    r->err = r->rc < 0 ? WSAGetLastError() : 0;
    return 0;
}

/* S3 (SDK-RECV): bytes arrive as sent, and after the peer's shutdown a receive returns 0. */
static void stream_bytes_and_eof(wc_ctx *c) {
    wc_use_variant(c);
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    static const char msg[] = "proxied bytes";
    int rc = send(f.client, msg, (int)sizeof msg, 0);
    if (!wc_check(c, rc == (int)sizeof msg, "send: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0)) return;
    char buf[64];
    int got = 0;
    while (got < (int)sizeof msg) {
        rc = recv(f.accepted, buf + got, (int)sizeof buf - got, 0);
        if (rc <= 0) break;
        got += rc;
    }
    wc_check(c, got == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
             "the proxy received %d bytes, not the %d the application sent", got, (int)sizeof msg);
    /* The proxy's receive is already waiting when the end of the stream comes: it must wake and
     * return 0 ("recv": "If the connection has been gracefully closed, the return value is
     * zero"), as a proxy's reader thread does. */
    waiting_recv r = {f.accepted, WC_SENTINEL, 0};
    HANDLE th = CreateThread(NULL, 0, recv_in_thread, &r, 0, NULL);
    if (!wc_check(c, th != NULL, "set-up: CreateThread: %lu", (unsigned long)GetLastError())) return;
    Sleep(20);
    rc = shutdown(f.client, SD_SEND);
    wc_check(c, rc == 0, "shutdown: %d", rc ? WSAGetLastError() : 0);
    DWORD w = WaitForSingleObject(th, WC_WAIT_MS);
    if (w != WAIT_OBJECT_0) closesocket(f.accepted); /* let the reader go */
    wc_check(c, w == WAIT_OBJECT_0 && r.rc == 0,
             "a recv waiting when the peer shut down its sending: %s, returned %d (err %d); expected 0",
             w == WAIT_OBJECT_0 ? "woke" : "still waiting", r.rc, r.err);
    if (w != WAIT_OBJECT_0) WaitForSingleObject(th, WC_WAIT_MS);
    CloseHandle(th);
}

/* WSAEventSelect page: FD_CONNECT is recorded when a connect completes, its error in
 * iErrorCode[FD_CONNECT_BIT]: a socket selected for it before its connect holds nothing, and
 * after a connect that succeeds FD_CONNECT comes with 0. */
static void connect_event(wc_ctx *c, WSAEVENT ev) {
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = sizeof a;
    WSAResetEvent(ev);
    if (!wc_check(c,
                  l != INVALID_SOCKET && s != INVALID_SOCKET && bind(l, (struct sockaddr *)&a, sizeof a) == 0 &&
                      listen(l, 4) == 0 && getsockname(l, (struct sockaddr *)&a, &alen) == 0 &&
                      WSAEventSelect(s, ev, FD_CONNECT | FD_READ | FD_CLOSE) == 0,
                  "set-up: a listener and a socket selected for FD_CONNECT: %d", WSAGetLastError()))
        goto done;
    WSANETWORKEVENTS ne;
    memset(&ne, 0xA5, sizeof ne);
    DWORD wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE);
    int rc = WSAEnumNetworkEvents(s, ev, &ne);
    wc_check(c, wr == WSA_WAIT_TIMEOUT && rc == 0 && ne.lNetworkEvents == 0,
             "a socket selected for FD_CONNECT before it connected: wait %lu, WSAEnumNetworkEvents %d, events 0x%lx; "
             "expected nothing recorded",
             (unsigned long)wr, rc, (unsigned long)ne.lNetworkEvents);
    rc = connect(s, (struct sockaddr *)&a, sizeof a); /* non-blocking since WSAEventSelect */
    int err = rc ? WSAGetLastError() : 0;
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    memset(&ne, 0xA5, sizeof ne);
    int got = WSAEnumNetworkEvents(s, ev, &ne);
    wc_check(c,
             (rc == 0 || err == WSAEWOULDBLOCK) && wr == WSA_WAIT_EVENT_0 && got == 0 &&
                 (ne.lNetworkEvents & FD_CONNECT) && ne.iErrorCode[FD_CONNECT_BIT] == 0,
             "the connect: %d (error %d), wait %lu, WSAEnumNetworkEvents %d, events 0x%lx, FD_CONNECT error %d; "
             "expected FD_CONNECT with 0",
             rc, err, (unsigned long)wr, got, (unsigned long)ne.lNetworkEvents, ne.iErrorCode[FD_CONNECT_BIT]);
done:
    if (s != INVALID_SOCKET) {
        WSAEventSelect(s, NULL, 0);
        closesocket(s);
    }
    if (l != INVALID_SOCKET) closesocket(l);
}

/* The recorded events of s (WSAEnumNetworkEvents with the event), 0 with a failed check. */
static LONG events_of(wc_ctx *c, SOCKET s, WSAEVENT ev, const char *what) {
    WSANETWORKEVENTS ne;
    memset(&ne, 0, sizeof ne);
    int rc = WSAEnumNetworkEvents(s, ev, &ne);
    return wc_check(c, rc == 0, "WSAEnumNetworkEvents on %s: %d", what, rc ? WSAGetLastError() : 0) ? ne.lNetworkEvents
                                                                                                    : 0;
}

/* A receive with nothing waiting on s, bounded by SO_RCVTIMEO should s block: WSAEWOULDBLOCK
 * when s is non-blocking. */
static void nonblocking(wc_ctx *c, SOCKET s, const char *what) {
    DWORD tmo = 1000;
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof tmo);
    char b;
    int rc = recv(s, &b, 1, 0);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "recv with nothing to read on %s: rc=%d err=%d; expected WSAEWOULDBLOCK (a non-blocking socket)", what, rc,
             err);
}

/* S3 (WSAEventSelect page: "The socket created when the accept function is called has the same
 * properties as the listening socket used to accept it.  Any WSAEventSelect association and
 * network events selection set for the listening socket apply to the accepted socket", and
 * FD_WRITE is recorded when a socket is "accepted with accept or WSAAccept"): an event-driven
 * server that selects FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE once, on its listener, hears of
 * each connection through that one event, and its accepted sockets are non-blocking, as the
 * selection made the listener; a listener made non-blocking with FIONBIO hands out non-blocking
 * sockets too ("the same properties"). */
static void accept_inherits(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE la;
    SOCKET l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return;
    WSAEVENT ev = WSACreateEvent();
    int rc = WSAEventSelect(l, ev, FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE);
    if (!wc_check(c, rc == 0, "WSAEventSelect on the listener: %d", rc ? WSAGetLastError() : 0)) return;
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&la, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "set-up: connect: %d", WSAGetLastError())) return;
    DWORD wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    LONG got = events_of(c, l, ev, "the listener");
    wc_check(c, wr == WSA_WAIT_EVENT_0 && (got & FD_ACCEPT), "the listener's FD_ACCEPT: wait %lu, events 0x%lx",
             (unsigned long)wr, (unsigned long)got);
    SOCKET sv = accept(l, NULL, NULL);
    if (!wc_check(c, sv != INVALID_SOCKET, "accept: %d", WSAGetLastError())) return;
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    got = events_of(c, sv, ev, "the accepted socket");
    wc_check(c, wr == WSA_WAIT_EVENT_0 && (got & FD_WRITE),
             "the accepted socket's FD_WRITE through the listener's event: wait %lu, events 0x%lx; expected the "
             "listener's selection to apply to the accepted socket",
             (unsigned long)wr, (unsigned long)got);
    nonblocking(c, sv, "the socket accepted from an event-selected listener");
    rc = send(cl, "x", 1, 0);
    wr = rc == 1 ? WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE) : WSA_WAIT_FAILED;
    got = events_of(c, sv, ev, "the accepted socket");
    wc_check(c, wr == WSA_WAIT_EVENT_0 && (got & FD_READ),
             "the client's byte: wait %lu, the accepted socket's events 0x%lx; expected FD_READ through the listener's "
             "event",
             (unsigned long)wr, (unsigned long)got);
    closesocket(sv);
    closesocket(cl);
    closesocket(l);
    WSACloseEvent(ev);
    /* options set on the listener: which ones an accepted socket has no page lists */
    l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return;
    DWORD one = 1, rcvbuf = 12345, rcvtimeo = 4321;
    struct linger lg = {1, 7};
    setsockopt(l, SOL_SOCKET, SO_KEEPALIVE, (const char *)&one, sizeof one);
    setsockopt(l, SOL_SOCKET, SO_RCVBUF, (const char *)&rcvbuf, sizeof rcvbuf);
    setsockopt(l, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
    setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, (const char *)&rcvtimeo, sizeof rcvtimeo);
    cl = socket(AF_INET, SOCK_STREAM, 0);
    rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&la, sizeof(struct sockaddr_in));
    sv = rc == 0 ? accept(l, NULL, NULL) : INVALID_SOCKET;
    if (wc_check(c, sv != INVALID_SOCKET, "set-up: connect and accept: %d", WSAGetLastError())) {
        DWORD ka = 9, rb = 9, rt = 9;
        struct linger got_lg = {9, 9};
        int n1 = sizeof ka, n2 = sizeof rb, n3 = sizeof got_lg, n4 = sizeof rt;
        getsockopt(sv, SOL_SOCKET, SO_KEEPALIVE, (char *)&ka, &n1);
        getsockopt(sv, SOL_SOCKET, SO_RCVBUF, (char *)&rb, &n2);
        getsockopt(sv, SOL_SOCKET, SO_LINGER, (char *)&got_lg, &n3);
        getsockopt(sv, SOL_SOCKET, SO_RCVTIMEO, (char *)&rt, &n4);
        wc_model_answer(c, "accept.inherits-options", "keepalive %lu, rcvbuf %lu, linger %u/%u, rcvtimeo %lu",
                        (unsigned long)(ka & 0xff), (unsigned long)rb, (unsigned)got_lg.l_onoff,
                        (unsigned)got_lg.l_linger, (unsigned long)rt);
    }
    closesocket(sv);
    closesocket(cl);
    closesocket(l);
    /* FIONBIO on the listener */
    l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    u_long nb = 1;
    if (l == INVALID_SOCKET || !wc_check(c, ioctlsocket(l, FIONBIO, &nb) == 0, "FIONBIO: %d", WSAGetLastError()))
        return;
    cl = socket(AF_INET, SOCK_STREAM, 0);
    rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&la, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "set-up: connect: %d", WSAGetLastError())) return;
    sv = INVALID_SOCKET;
    for (unsigned waited = 0; waited <= WC_WAIT_MS && sv == INVALID_SOCKET; waited += 10) {
        sv = accept(l, NULL, NULL);
        if (sv == INVALID_SOCKET && WSAGetLastError() != WSAEWOULDBLOCK) break;
        if (sv == INVALID_SOCKET) SleepEx(10, FALSE);
    }
    if (wc_check(c, sv != INVALID_SOCKET, "accept on the non-blocking listener: %d", WSAGetLastError()))
        nonblocking(c, sv, "the socket accepted from a listener made non-blocking with FIONBIO");
    closesocket(sv);
    closesocket(cl);
    closesocket(l);
}

/* S3 (SDK WSAEventSelect, WSAEnumNetworkEvents): how an event-driven proxy learns that its
 * accepted socket has bytes or was closed.  The event is signalled for FD_READ, the call
 * reports the event with error 0 and resets the event; the socket became non-blocking. */
static void event_select(wc_ctx *c) {
    wc_use_variant(c);
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    WSAEVENT ev = WSACreateEvent();
    if (!wc_check(c, ev != WSA_INVALID_EVENT, "set-up: WSACreateEvent: %d", WSAGetLastError())) return;
    int rc = WSAEventSelect(f.accepted, ev, FD_READ | FD_CLOSE);
    if (!wc_check(c, rc == 0, "WSAEventSelect: %d", rc ? WSAGetLastError() : 0)) goto out;
    char buf[16];
    rc = recv(f.accepted, buf, sizeof buf, 0);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "recv with nothing to read after WSAEventSelect: rc=%d err=%d, expected WSAEWOULDBLOCK (non-blocking)", rc,
             err);
    static const char msg[] = "evented";
    rc = send(f.client, msg, (int)sizeof msg, 0);
    if (!wc_check(c, rc == (int)sizeof msg, "set-up: send: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0)) goto out;
    DWORD wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    wc_check(c, wr == WSA_WAIT_EVENT_0, "the event was not signalled for FD_READ within 5 s (wait: %lu)",
             (unsigned long)wr);
    WSANETWORKEVENTS ne;
    memset(&ne, 0xA5, sizeof ne);
    rc = WSAEnumNetworkEvents(f.accepted, ev, &ne);
    if (wc_check(c, rc == 0, "WSAEnumNetworkEvents with the socket's event: %d", rc ? WSAGetLastError() : 0)) {
        wc_check(c, (ne.lNetworkEvents & FD_READ) && ne.iErrorCode[FD_READ_BIT] == 0,
                 "WSAEnumNetworkEvents reported events 0x%lx, FD_READ error %d; expected FD_READ with 0",
                 (unsigned long)ne.lNetworkEvents, ne.iErrorCode[FD_READ_BIT]);
        /* iErrorCode is defined only for the events reported: what the others hold (0xA5 bytes
         * before the call) is the model's own answer */
        int kept = 0, zeroed = 0, other = 0;
        for (int bit = 0; bit < FD_MAX_EVENTS; bit++) {
            if (ne.lNetworkEvents & (1L << bit)) continue;
            if (ne.iErrorCode[bit] == (int)0xA5A5A5A5u)
                kept++;
            else if (ne.iErrorCode[bit] == 0)
                zeroed++;
            else
                other++;
        }
        wc_model_answer(c, "WSAEnumNetworkEvents.unreported-codes", "kept %d, zeroed %d, other %d", kept, zeroed,
                        other);
    }
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE);
    wc_check(c, wr == WSA_WAIT_TIMEOUT, "WSAEnumNetworkEvents did not reset the event (wait: %lu)", (unsigned long)wr);
    /* recv is FD_READ's re-enabling function: one that leaves bytes behind records FD_READ again
     * and signals the event, so a program that reads a little per event is not left waiting. */
    int got = recv(f.accepted, buf, 3, 0);
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE);
    memset(&ne, 0xA5, sizeof ne);
    rc = WSAEnumNetworkEvents(f.accepted, ev, &ne);
    wc_check(c, got == 3 && wr == WSA_WAIT_EVENT_0 && rc == 0 && (ne.lNetworkEvents & FD_READ),
             "a recv of 3 of the %d bytes waiting: %d, then wait %lu, WSAEnumNetworkEvents %d, events 0x%lx; expected "
             "the event signalled and FD_READ recorded again while bytes remain",
             (int)sizeof msg, got, (unsigned long)wr, rc, (unsigned long)ne.lNetworkEvents);
    if (got == 3) got += recv(f.accepted, buf + 3, sizeof buf - 3, 0);
    wc_check(c, got == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0, "recv after FD_READ: %d bytes", got);
    /* The peer's last bytes and its shutdown: FD_READ for the bytes, and FD_CLOSE only once they
     * are read (WSAEventSelect page: "FD_CLOSE being posted after all data is read from a
     * socket"), so a program that stops at FD_CLOSE loses nothing. */
    rc = send(f.client, "tail", 4, 0);
    if (!wc_check(c, rc == 4, "set-up: send: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0)) goto out;
    rc = shutdown(f.client, SD_SEND);
    wc_check(c, rc == 0, "shutdown: %d", rc ? WSAGetLastError() : 0);
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    memset(&ne, 0xA5, sizeof ne);
    rc = WSAEnumNetworkEvents(f.accepted, ev, &ne);
    wc_check(c, wr == WSA_WAIT_EVENT_0 && rc == 0 && (ne.lNetworkEvents & FD_READ) && !(ne.lNetworkEvents & FD_CLOSE),
             "the peer sent 4 bytes and shut down: wait %lu, WSAEnumNetworkEvents %d, events 0x%lx; expected FD_READ, "
             "and FD_CLOSE not before the bytes are read",
             (unsigned long)wr, rc, (unsigned long)ne.lNetworkEvents);
    got = 0;
    for (int tries = 0; got < 4 && tries < 50; tries++) {
        rc = recv(f.accepted, buf + got, 4 - got, 0);
        if (rc > 0)
            got += rc;
        else if (rc == 0 || WSAGetLastError() != WSAEWOULDBLOCK)
            break;
        else
            Sleep(10);
    }
    wc_check(c, got == 4 && memcmp(buf, "tail", 4) == 0, "the peer's last bytes: %d of 4 read", got);
    wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    memset(&ne, 0xA5, sizeof ne);
    rc = WSAEnumNetworkEvents(f.accepted, ev, &ne);
    wc_check(c, wr == WSA_WAIT_EVENT_0 && rc == 0 && (ne.lNetworkEvents & FD_CLOSE) && ne.iErrorCode[FD_CLOSE_BIT] == 0,
             "after the peer's shutdown: wait %lu, WSAEnumNetworkEvents %d, events 0x%lx, FD_CLOSE error %d; expected "
             "FD_CLOSE with 0",
             (unsigned long)wr, rc, (unsigned long)ne.lNetworkEvents, ne.iErrorCode[FD_CLOSE_BIT]);
out:
    WSAEventSelect(f.accepted, NULL, 0);
    connect_event(c, ev);
    WSACloseEvent(ev);
}

static int same_port(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    return a->ss_family == b->ss_family &&
           ((const struct sockaddr_in *)a)->sin_port == ((const struct sockaddr_in *)b)->sin_port;
}

/* A socket bound to loopback:port of the family, or INVALID_SOCKET after a failed check. */
static SOCKET bound(wc_ctx *c, int af, int type, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    int len;
    if (af == AF_INET6) {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)a;
        v6->sin6_port = htons(port);
        v6->sin6_addr.s6_addr[15] = 1;
        len = sizeof *v6;
    } else {
        struct sockaddr_in *v4 = (struct sockaddr_in *)a;
        v4->sin_port = htons(port);
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *v4;
    }
    SOCKET s = socket(af, type, 0);
    int rc = SOCKET_ERROR;
    /* On a real machine a fixed port may be taken: Linux lends 32768-60999 out as ephemeral
     * ports, so under wine another program's connection can hold it.  One 100 further on is as
     * good (and clear of the cases' other fixed ports); the model's ports are its own. */
    for (int k = 0; k < 16 && s != INVALID_SOCKET; k++) {
        rc = bind(s, (struct sockaddr *)a, len);
        if (rc == 0 || !port || WSAGetLastError() != WSAEADDRINUSE) break;
        port = (USHORT)(port + 100);
        ((struct sockaddr_in *)a)->sin_port = htons(port); /* sin_port and sin6_port share their offset */
    }
    if (!wc_check(c, s != INVALID_SOCKET && rc == 0, "set-up: bind to port %u: %d", port, WSAGetLastError()))
        return INVALID_SOCKET;
    return s;
}

/* S3 (SDK GetQueuedCompletionStatus): a wait on an empty port that times out returns FALSE,
 * WAIT_TIMEOUT, and sets *lpOverlapped to NULL, which is how a proxy's completion loop tells a
 * timeout from a failed operation. */
static void iocp_timeout(wc_ctx *c) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    if (!wc_check(c, port != NULL, "set-up: CreateIoCompletionPort: %lu", (unsigned long)GetLastError())) return;
    DWORD bytes = WC_SENTINEL;
    ULONG_PTR key = WC_SENTINEL;
    OVERLAPPED dummy, *ov = &dummy;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
    DWORD err = ok ? 0 : GetLastError();
    wc_check(c, !ok && err == WAIT_TIMEOUT && ov == NULL,
             "GetQueuedCompletionStatus on an empty port, timeout 0: %s, error %lu, lpOverlapped %s; expected FALSE, "
             "WAIT_TIMEOUT (258), NULL",
             ok ? "TRUE" : "FALSE", (unsigned long)err, ov ? "not NULL" : "NULL");
    CloseHandle(port);
}

/* True when a datagram is waiting on s within 5 s.  On a real transport a datagram that never
 * reaches the proxy would block recvfrom until the case's timeout; this bound makes that a
 * failure that says what is missing, in seconds rather than the whole timeout. */
static int datagram_within(wc_ctx *c, SOCKET s, const char *which) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {5, 0};
    return wc_check(c, select(0, &r, NULL, NULL, &tv) == 1, "the %s datagram did not arrive within 5 s", which);
}

static int cmp_port(const void *a, const void *b) {
    USHORT x = *(const USHORT *)a, y = *(const USHORT *)b;
    return (x > y) - (x < y);
}

/* S3 (SDK bind, "If the port is specified as zero, the service provider assigns a unique
 * port"): a proxy with many flows binds many sockets to port 0.  Over four thousand of them
 * each get their own port, and each receives, whole, the datagram sent to its own port (a
 * stack that files its sockets by port in tables that grow with their number must still find
 * every one). */
#define MANY_SOCKETS 4200
static void many_sockets(wc_ctx *c) {
    static SOCKET s[MANY_SOCKETS];
    static USHORT ports[MANY_SOCKETS];
    SOCKADDR_STORAGE a;
    int n = 0;
    for (; n < MANY_SOCKETS; n++) {
        s[n] = bound(c, AF_INET, SOCK_DGRAM, 0, &a);
        if (s[n] == INVALID_SOCKET) break;
        int len = sizeof a;
        if (!wc_check(c, getsockname(s[n], (struct sockaddr *)&a, &len) == 0, "getsockname of socket %d: %d", n,
                      WSAGetLastError())) {
            n++;
            break;
        }
        ports[n] = ntohs(((struct sockaddr_in *)&a)->sin_port);
    }
    if (n == MANY_SOCKETS) {
        static USHORT sorted[MANY_SOCKETS];
        memcpy(sorted, ports, sizeof sorted);
        qsort(sorted, MANY_SOCKETS, sizeof sorted[0], cmp_port);
        int dup = -1;
        for (int i = 1; i < MANY_SOCKETS && dup < 0; i++)
            if (sorted[i] == sorted[i - 1] || sorted[i] == 0) dup = i;
        wc_check(c, dup < 0 && sorted[0] != 0, "%d sockets bound to port 0 share or lack a port (port %u)",
                 MANY_SOCKETS, dup < 0 ? 0u : (unsigned)sorted[dup]);
        /* socket 0 sends each of the others its own number */
        struct sockaddr_in to = {.sin_family = AF_INET};
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int sent = 0, right = 0, first_wrong = -1;
        for (int i = 1; i < MANY_SOCKETS; i++) {
            to.sin_port = htons(ports[i]);
            sent +=
                sendto(s[0], (const char *)&i, (int)sizeof i, 0, (struct sockaddr *)&to, sizeof to) == (int)sizeof i;
        }
        for (int i = 1; i < MANY_SOCKETS; i++) {
            fd_set r;
            FD_ZERO(&r);
            FD_SET(s[i], &r);
            struct timeval tv = {2, 0};
            int got = -1;
            int ok = select(0, &r, NULL, NULL, &tv) == 1 &&
                     recv(s[i], (char *)&got, (int)sizeof got, 0) == (int)sizeof got && got == i;
            right += ok;
            if (!ok && first_wrong < 0) first_wrong = i;
        }
        wc_check(c, sent == MANY_SOCKETS - 1 && right == MANY_SOCKETS - 1,
                 "%d datagrams sent to %d sockets, %d received whole at their own port (the first not: socket %d, "
                 "port %u)",
                 sent, MANY_SOCKETS - 1, right, first_wrong, first_wrong < 0 ? 0u : (unsigned)ports[first_wrong]);
    }
    for (int i = 0; i < n; i++) closesocket(s[i]);
}

/* S3 (SDK getsockname, getpeername): a bound socket's name is the address it was bound to,
 * in its own family; bound to port 0 it keeps its address and gets a port (SDK bind: "the
 * service provider assigns a unique port"; mutation testing, seed 14: a stack that named such
 * a socket by the wildcard address passed every case); the proxy's accepted socket is named
 * by the proxy's listening address and sees the client's port as its peer. */
static void names(wc_ctx *c) {
    static const int afs[2] = {AF_INET, AF_INET6};
    for (int i = 0; i < 4; i++) {
        int af = afs[i % 2];
        USHORT port = i < 2 ? (USHORT)(50610 + i) : 0;
        SOCKADDR_STORAGE a, got;
        SOCKET s = bound(c, af, SOCK_STREAM, port, &a);
        if (s == INVALID_SOCKET) return;
        int len = sizeof got;
        memset(&got, 0xee, sizeof got);
        int rc = getsockname(s, (struct sockaddr *)&got, &len);
        int want = af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
        wc_check(c, rc == 0 && len == want, "getsockname of a bound %s socket: rc=%d len=%d, expected 0 and %d",
                 af == AF_INET6 ? "IPv6" : "IPv4", rc, len, want);
        /* sin_port and sin6_port share their offset */
        int port_ok = port ? same_port(&got, &a) : ((struct sockaddr_in *)&got)->sin_port != 0;
        char text[64] = "?";
        if (rc == 0 && (got.ss_family == AF_INET || got.ss_family == AF_INET6))
            inet_ntop(got.ss_family,
                      got.ss_family == AF_INET6 ? (void *)&((struct sockaddr_in6 *)&got)->sin6_addr
                                                : (void *)&((struct sockaddr_in *)&got)->sin_addr,
                      text, sizeof text);
        if (rc == 0)
            wc_check(c,
                     got.ss_family == af && port_ok &&
                         (af == AF_INET6 ? memcmp(&((struct sockaddr_in6 *)&got)->sin6_addr,
                                                  &((struct sockaddr_in6 *)&a)->sin6_addr, 16) == 0
                                         : ((struct sockaddr_in *)&got)->sin_addr.s_addr ==
                                               ((struct sockaddr_in *)&a)->sin_addr.s_addr),
                     "getsockname of a socket bound to loopback port %u returned family %d, %s port %u: not what "
                     "was bound",
                     (unsigned)port, got.ss_family, text, ntohs(((struct sockaddr_in *)&got)->sin_port));
        closesocket(s);
    }
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    SOCKADDR_STORAGE l, n, p;
    int ll = sizeof l, nl = sizeof n, pl = sizeof p;
    if (!wc_check(c,
                  getsockname(f.listener, (struct sockaddr *)&l, &ll) == 0 &&
                      getsockname(f.accepted, (struct sockaddr *)&n, &nl) == 0 &&
                      getpeername(f.accepted, (struct sockaddr *)&p, &pl) == 0,
                  "getsockname/getpeername on the proxy's sockets: %d", WSAGetLastError()))
        return;
    wc_check(c, same_port(&n, &l), "the accepted socket's own port %u is not the proxy listener's %u",
             ntohs(((struct sockaddr_in *)&n)->sin_port), ntohs(((struct sockaddr_in *)&l)->sin_port));
    wc_check(c, same_port(&p, &f.original_src), "the accepted socket's peer port %u is not the client's %u",
             ntohs(((struct sockaddr_in *)&p)->sin_port), ntohs(((struct sockaddr_in *)&f.original_src)->sin_port));
}

/* S3 ("listen": backlog SOMAXCONN is "a maximum reasonable value"; "accept": it takes "the first
 * connection on a queue of pending connections"): a service that is slow to accept while a burst
 * of clients connects gets every one of them, once each.  Sixteen connect before the first
 * accept (mutation testing, seed 76: a listener whose queue never grew past eight passed every
 * case, which accepted each connection as it came; seed 100: an accept that moved one entry
 * too many out of a queue grown to exactly sixteen read past it, seen only by ASan). */
#define BURST 16
static void listen_burst(wc_ctx *c) {
    SOCKADDR_STORAGE a;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 0, &a);
    int al = (int)sizeof a;
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, SOMAXCONN) == 0, "set-up: listen: %d", WSAGetLastError()) ||
        !wc_check(c, getsockname(l, (struct sockaddr *)&a, &al) == 0, "set-up: getsockname: %d", WSAGetLastError()))
        return;
    SOCKET cl[BURST];
    USHORT port[BURST];
    int made = 0;
    for (; made < BURST; made++) {
        cl[made] = socket(AF_INET, SOCK_STREAM, 0);
        SOCKADDR_STORAGE me;
        int ml = (int)sizeof me;
        if (!wc_check(c,
                      cl[made] != INVALID_SOCKET && connect(cl[made], (struct sockaddr *)&a, al) == 0 &&
                          getsockname(cl[made], (struct sockaddr *)&me, &ml) == 0,
                      "connect %d of %d to a listener that has accepted nothing: %d", made + 1, BURST,
                      WSAGetLastError()))
            break;
        port[made] = ((struct sockaddr_in *)&me)->sin_port;
    }
    u_long nb = 1;
    ioctlsocket(l, FIONBIO, &nb);
    int seen[BURST] = {0}, got = 0;
    for (int i = 0; i < made; i++) {
        SOCKADDR_STORAGE peer;
        int pl = (int)sizeof peer;
        SOCKET s = INVALID_SOCKET;
        for (unsigned waited = 0; waited <= WC_WAIT_MS && s == INVALID_SOCKET; waited += 10) {
            s = accept(l, (struct sockaddr *)&peer, &pl);
            if (s == INVALID_SOCKET && WSAGetLastError() == WSAEWOULDBLOCK)
                SleepEx(10, FALSE);
            else
                break;
        }
        if (!wc_check(c, s != INVALID_SOCKET, "accept %d of the %d pending connections: %d", i + 1, made,
                      WSAGetLastError()))
            break;
        for (int k = 0; k < made; k++)
            if (port[k] == ((struct sockaddr_in *)&peer)->sin_port) got += !seen[k]++;
        closesocket(s);
    }
    wc_check(c, got == made, "%d pending connections accepted %d distinct clients; expected each once", made, got);
    SOCKET extra = accept(l, NULL, NULL);
    int e = extra == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, extra == INVALID_SOCKET && e == WSAEWOULDBLOCK,
             "an accept past the %d pending connections: %s, error %d; expected WSAEWOULDBLOCK", made,
             extra == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", e);
    for (int i = 0; i < made; i++) closesocket(cl[i]);
    closesocket(l);
}

/* S3 (SDK connect): connect on a listening socket is WSAEINVAL, and it keeps listening. */
static void connect_listener(wc_ctx *c) {
    SOCKADDR_STORAGE a;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 50612, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKADDR_STORAGE to = a;
    ((struct sockaddr_in *)&to)->sin_port = htons(50613);
    int rc = connect(l, (struct sockaddr *)&to, sizeof(struct sockaddr_in));
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
             "connect on a listening socket: rc=%d err=%d, expected WSAEINVAL", rc, err);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    rc = connect(s, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    wc_check(c, rc == 0, "the listener stopped listening after the refused connect: %d", rc ? WSAGetLastError() : 0);
    /* a port 256 and 1,024 above a wildcard listener's, where nobody listens, is refused
     * (connect page, WSAECONNREFUSED): ports that far apart share the low bits a port index
     * may key on.  On the model only: on a real host another program may listen there */
    if (!wc_on_model(c)) return;
    SOCKET any = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in wild = {.sin_family = AF_INET, .sin_port = htons(50700)};
    if (!wc_check(c, bind(any, (struct sockaddr *)&wild, sizeof wild) == 0 && listen(any, 4) == 0,
                  "set-up: a listener on 0.0.0.0:50700: %d", WSAGetLastError())) {
        closesocket(any);
        return;
    }
    for (int k = 0; k < 2; k++) {
        int port = 50700 + (k ? 1024 : 256);
        SOCKET o = socket(AF_INET, SOCK_STREAM, 0);
        to = a;
        ((struct sockaddr_in *)&to)->sin_port = htons((u_short)port);
        rc = connect(o, (struct sockaddr *)&to, sizeof(struct sockaddr_in));
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAECONNREFUSED,
                 "connect to port %d, where nobody listens (a listener is on 0.0.0.0:50700): rc=%d err=%d; expected "
                 "WSAECONNREFUSED",
                 port, rc, err);
        closesocket(o);
    }
    closesocket(any);
}

/* S3 (SDK recv): small receives and a peek return the stream's bytes in order, none lost,
 * none repeated, across the ends of the sender's writes. */
static void partial_receives(wc_ctx *c) {
    wc_use_variant(c);
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    char sent[41], got[64];
    for (int i = 0; i < 40; i++) sent[i] = (char)('A' + i);
    for (int at = 0, n = 13; at < 40; at += n, n = 40 - at < 13 ? 40 - at : 13)
        if (!wc_check(c, send(f.client, sent + at, n, 0) == n, "send of %d bytes: %d", n, WSAGetLastError()))
            return; /* the receives below would wait for bytes that never left */
    int rc = recv(f.accepted, got, 10, MSG_PEEK);
    wc_check(c, rc > 0 && rc <= 10 && memcmp(got, sent, (size_t)rc) == 0, "MSG_PEEK of 10 bytes returned %d", rc);
    int have = 0;
    while (have < 40) {
        rc = recv(f.accepted, got + have, 7, 0);
        if (rc <= 0) break;
        have += rc;
    }
    wc_check(c, have == 40 && memcmp(got, sent, 40) == 0,
             "7-byte receives returned %d bytes, or not the 40 sent in order", have);
    u_long nb = 1;
    ioctlsocket(f.accepted, FIONBIO, &nb);
    rc = recv(f.accepted, got, 7, 0);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
             "a receive after the last byte returned %d, expected WSAEWOULDBLOCK", rc);
}

/* S3 (SDK closesocket: a graceful close by default): what the application sent before it
 * closed reaches the proxy in full and then the end of the stream, even when more was sent
 * than the receiver had taken yet (the stack still holds it when the socket closes).  A send
 * the stack refuses for want of buffer space (WSAENOBUFS, documented) ends the sending. */
#define CLOSE_CHUNK 65536
#define CLOSE_CHUNKS 128 /* 8 MiB: past what loopback buffers hold at once */
static void close_after_send(wc_ctx *c) {
    wc_use_variant(c);
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    static char chunk[CLOSE_CHUNK], got[CLOSE_CHUNK];
    long sent = 0;
    for (int i = 0; i < CLOSE_CHUNKS; i++) {
        memset(chunk, 'a' + i % 26, sizeof chunk);
        int rc = send(f.client, chunk, (int)sizeof chunk, 0);
        if (rc == SOCKET_ERROR && WSAGetLastError() == WSAENOBUFS) break;
        if (!wc_check(c, rc == (int)sizeof chunk, "send of chunk %d: %d (err %d)", i, rc,
                      rc < 0 ? WSAGetLastError() : 0))
            return;
        sent += rc;
    }
    wc_log(c, "%ld bytes sent before closesocket", sent);
    wc_check(c, closesocket(f.client) == 0, "closesocket after the sends: %d", WSAGetLastError());
    long total = 0, wrong = -1;
    for (;;) {
        int rc = recv(f.accepted, got, (int)sizeof got, 0);
        if (rc <= 0) {
            wc_check(c, rc == 0, "recv before the end of the stream failed: %d (err %d)", rc, WSAGetLastError());
            break;
        }
        for (int i = 0; i < rc && wrong < 0; i++)
            if (got[i] != (char)('a' + (total + i) / CLOSE_CHUNK % 26)) wrong = total + i;
        total += rc;
    }
    wc_check(c, total == sent && wrong < 0, "the proxy received %ld bytes (first wrong byte at %ld), not the %ld sent",
             total, wrong, sent);
}

/* S3 (SDK recvfrom): a redirected flow's datagrams reach the proxy byte for byte, from the
 * client's own port. */
static void udp_payload(wc_ctx *c) {
    wc_use_variant(c);
    wt_udp_flow f;
    if (!wc_udp(c, 0, &f)) return;
    char buf[256];
    SOCKADDR_STORAGE from, mine;
    int fl = sizeof from, ml = sizeof mine;
    /* the first datagram carries the redirect control messages (A60); what a plain recvfrom
     * makes of them is another question, so it is only taken off the queue here */
    if (!datagram_within(c, f.proxy, "first")) return;
    int rc = recvfrom(f.proxy, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    wc_log(c, "first datagram through recvfrom: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0);
    static const char more[] = "second datagram \x01\x02 with bytes";
    if (!wc_check(c, wt_udp_send_more(wc_target(c), &f, more, (int)sizeof more) == WT_OK, "set-up: send: %s",
                  wt_error()))
        return;
    fl = sizeof from;
    memset(buf, 0, sizeof buf);
    if (!datagram_within(c, f.proxy, "second")) return;
    rc = recvfrom(f.proxy, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    wc_check(c, rc == (int)sizeof more && memcmp(buf, more, sizeof more) == 0,
             "the proxy received %d bytes, not the %d the client sent", rc, (int)sizeof more);
    if (wc_check(c, getsockname(f.client, (struct sockaddr *)&mine, &ml) == 0, "getsockname: %d", WSAGetLastError()))
        wc_check(c, rc < 0 || same_port(&from, &mine), "the datagram came from port %u, not the client's %u",
                 ntohs(((struct sockaddr_in *)&from)->sin_port), ntohs(((struct sockaddr_in *)&mine)->sin_port));
}

/* S3 (SDK inet_pton): the address texts proxies parse. */
static void pton(wc_ctx *c) {
    static const struct {
        int af;
        const char *text;
        int ok;
        unsigned char bytes[16];
    } t[] = {
        {AF_INET, "127.0.0.1", 1, {127, 0, 0, 1}},
        {AF_INET, "198.51.100.7", 1, {198, 51, 100, 7}},
        {AF_INET, "1.2.3", 0, {0}},
        {AF_INET, "1..2.3", 0, {0}},
        {AF_INET, "1.2.3.", 0, {0}},
        {AF_INET6, "::1", 1, {[15] = 1}},
        {AF_INET6, "2001:db8::7", 1, {0x20, 0x01, 0x0d, 0xb8, [15] = 7}},
        /* zero groups up to the last one, and nothing but zeros (mutation testing, seed 76: an
         * inet_ntop that looked one group past the address to end a run passed every case) */
        {AF_INET6, "2001:db8::", 1, {0x20, 0x01, 0x0d, 0xb8}},
        {AF_INET6, "::", 1, {0}},
        {AF_INET6, "1:2:3:4:5:6:7:8", 1, {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8}},
        /* the last 32 bits dotted for the kinds RFC 5952 section 5 names, and only those (mutant
         * 193-3; wine 8.0 prints these forms): IPv4-mapped, -translated, -compatible, ISATAP */
        {AF_INET6, "::ffff:1.2.3.4", 1, {[10] = 0xff, 0xff, 1, 2, 3, 4}},
        {AF_INET6, "::ffff:0:1.2.3.4", 1, {[8] = 0xff, 0xff, 0, 0, 1, 2, 3, 4}},
        {AF_INET6, "::1.2.3.4", 1, {[12] = 1, 2, 3, 4}},
        {AF_INET6, "fe80::5efe:1.2.3.4", 1, {0xfe, 0x80, [10] = 0x5e, 0xfe, 1, 2, 3, 4}},
        {AF_INET6, "2001:db8::200:5efe:1.2.3.4", 1, {0x20, 0x01, 0x0d, 0xb8, [8] = 2, 0, 0x5e, 0xfe, 1, 2, 3, 4}},
        {AF_INET6, "::5:102:304", 1, {[11] = 5, 1, 2, 3, 4}},
        {AF_INET6, "::ffff:1:102:304", 1, {[8] = 0xff, 0xff, 0, 1, 1, 2, 3, 4}},
        {AF_INET6, "1:2:3:4:5:6:7:8:9", 0, {0}},
        {AF_INET6, "1:2:3:4:5:6:7", 0, {0}},
        {AF_INET6, "1:2:3:4:5:6:7/8", 0, {0}},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        unsigned char out[16 + WC_CANARY];
        memset(out, 0xee, sizeof out);
        int rc = inet_pton(t[i].af, t[i].text, out);
        size_t n = t[i].af == AF_INET6 ? 16 : 4;
        wc_check(c, rc == t[i].ok && (!rc || memcmp(out, t[i].bytes, n) == 0), "inet_pton(\"%s\") = %d%s", t[i].text,
                 rc, rc == t[i].ok ? ", wrong bytes" : "");
        size_t past = n;
        while (past < sizeof out && out[past] == 0xee) past++;
        wc_safety(c, past == sizeof out, "inet_pton(\"%s\") wrote byte %zu, past the %zu-byte address", t[i].text, past,
                  n);
        /* and back (SDK inet_ntop): the texts above are already in their one RFC 5952 form, the
         * form a proxy logs and compares (mutation testing, seed 14: an IPv6 inet_ntop that read
         * the wrong bytes passed every case) */
        char back[64] = "";
        if (t[i].ok && rc == 1)
            wc_check(c, inet_ntop(t[i].af, t[i].bytes, back, sizeof back) && strcmp(back, t[i].text) == 0,
                     "inet_ntop of the bytes of \"%s\" gave \"%s\"", t[i].text, back);
    }
    /* Hexadecimal digits in either case (RFC 4291 2.2: "x" is one to four hexadecimal digits;
     * Wine's tests run on Windows parse "2001:0000:1234:0000:0000:C1C0:ABCD:0876"). */
    static const unsigned char upper[16] = {0x20, 0x01, 0,    0,    0x12, 0x34, 0,    0,
                                            0,    0,    0xc1, 0xc0, 0xab, 0xcd, 0x08, 0x76};
    unsigned char got[16];
    int rc = inet_pton(AF_INET6, "2001:0000:1234:0000:0000:C1C0:ABCD:0876", got);
    wc_check(c, rc == 1 && memcmp(got, upper, sizeof got) == 0,
             "inet_pton of an IPv6 text with upper-case digits: %d%s", rc, rc == 1 ? ", wrong bytes" : "");
}

/* S3 (SDK getsockopt): an optlen shorter than the option is WSAEFAULT ("optlen is too
 * small"); a whole one gives the value and its length. */
static void getsockopt_len(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    int v = -1, len = 2;
    int rc = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "getsockopt(SO_TYPE) with optlen 2: rc=%d err=%d, expected WSAEFAULT", rc, err);
    len = (int)sizeof v;
    rc = getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len);
    wc_check(c, rc == 0 && v == SOCK_DGRAM && len == (int)sizeof v,
             "getsockopt(SO_TYPE) of a UDP socket: rc=%d value=%d len=%d, expected 0, %d, %d", rc, v, len, SOCK_DGRAM,
             (int)sizeof v);
    /* SO_ERROR (SDK getsockopt: "retrieves error status and clear"): what a proxy reads after a
     * non-blocking connect; a socket nothing failed on has 0 (mutation testing, seed 14: a
     * stack that took SO_ERROR for an unknown option passed every case) */
    v = -1;
    len = (int)sizeof v;
    rc = getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&v, &len);
    wc_check(c, rc == 0 && v == 0 && len == (int)sizeof v,
             "getsockopt(SO_ERROR) of a fresh socket: rc=%d err=%d value=%d len=%d, expected 0, 0, %d", rc,
             rc ? WSAGetLastError() : 0, v, len, (int)sizeof v);
    /* An option number no level defines at SOL_SOCKET (60 is IP_WFP_REDIRECT_RECORDS' number
     * at IPPROTO_IP only): "WSAENOPROTOOPT: the option is unknown or unsupported" (SDK
     * getsockopt); mutation testing, seed 16: the IP-level option answered at every level. */
    v = -1;
    len = (int)sizeof v;
    rc = getsockopt(s, SOL_SOCKET, IP_WFP_REDIRECT_RECORDS, (char *)&v, &len);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAENOPROTOOPT,
             "getsockopt(SOL_SOCKET, %d), an unknown option: rc=%d err=%d, expected WSAENOPROTOOPT",
             IP_WFP_REDIRECT_RECORDS, rc, rc ? WSAGetLastError() : 0);
    closesocket(s);
}

/* S3 (SDK send, WSASend: "WSAENOTCONN: the socket is not connected"): sending on a socket with
 * no peer is WSAENOTCONN: a UDP socket never connected (Microsoft's own PAL test of send,
 * send_neg.c, expects exactly this), and an overlapped TCP socket that never connected, whose
 * failure is immediate, so its event must not be signalled (A23: nothing completes).  Wine
 * answers otherwise (native/wine-expect.txt). */
static void send_unconnected(wc_ctx *c) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, u != INVALID_SOCKET, "set-up: UDP socket: %d", WSAGetLastError())) return;
    int rc = send(u, "x", 1, 0);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN,
             "send on an unconnected UDP socket: rc=%d err=%d, expected WSAENOTCONN", rc, err);
    closesocket(u);
    SOCKET t = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!wc_check(c, t != INVALID_SOCKET, "set-up: overlapped TCP socket: %d", WSAGetLastError())) return;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    char x = 'x';
    WSABUF b = {1, &x};
    DWORD sent = WC_SENTINEL;
    rc = WSASend(t, &b, 1, &sent, 0, &ov, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN,
             "overlapped WSASend on an unconnected TCP socket: rc=%d err=%d, expected WSAENOTCONN at once", rc, err);
    wc_safety(c, WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
              "the event of a WSASend that failed at once was signalled: a completion for a failed call");
    WSACloseEvent(ov.hEvent);
    closesocket(t);
}

/* S3 (SDK accept, WSARecvMsg, WSASendMsg): a descriptor that is not a socket is WSAENOTSOCK
 * for the calls a proxy makes on the sockets it is handed. */
/* One call on a non-socket: SOCKET_ERROR and WSAENOTSOCK, as each call's page documents. */
static void expect_notsock(wc_ctx *c, const char *call, int rc) {
    int err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK, "%s on a non-socket: rc=%d err=%d, expected WSAENOTSOCK",
             call, rc, err);
}

static void not_a_socket(wc_ctx *c) {
    SOCKET ns = wt_not_a_socket(wc_target(c));
    SOCKET a = accept(ns, NULL, NULL);
    int err = a == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, a == INVALID_SOCKET && err == WSAENOTSOCK, "accept on a non-socket: err=%d, expected WSAENOTSOCK", err);
    /* Every other call a proxy makes on its sockets, with arguments that are otherwise valid. */
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    SOCKADDR_STORAGE name;
    int namelen = sizeof name, opt = 1, optlen = sizeof opt;
    u_long nb = 1;
    char byte = 0;
    expect_notsock(c, "bind", bind(ns, (struct sockaddr *)&sin, sizeof sin));
    expect_notsock(c, "listen", listen(ns, 5));
    expect_notsock(c, "connect", connect(ns, (struct sockaddr *)&sin, sizeof sin));
    expect_notsock(c, "send", send(ns, &byte, 1, 0));
    expect_notsock(c, "recv", recv(ns, &byte, 1, 0));
    expect_notsock(c, "sendto", sendto(ns, &byte, 1, 0, (struct sockaddr *)&sin, sizeof sin));
    namelen = sizeof name;
    expect_notsock(c, "recvfrom", recvfrom(ns, &byte, 1, 0, (struct sockaddr *)&name, &namelen));
    namelen = sizeof name;
    expect_notsock(c, "getsockname", getsockname(ns, (struct sockaddr *)&name, &namelen));
    namelen = sizeof name;
    expect_notsock(c, "getpeername", getpeername(ns, (struct sockaddr *)&name, &namelen));
    expect_notsock(c, "setsockopt", setsockopt(ns, SOL_SOCKET, SO_REUSEADDR, (const char *)&opt, sizeof opt));
    expect_notsock(c, "getsockopt", getsockopt(ns, SOL_SOCKET, SO_REUSEADDR, (char *)&opt, &optlen));
    expect_notsock(c, "ioctlsocket", ioctlsocket(ns, FIONBIO, &nb));
    expect_notsock(c, "shutdown", shutdown(ns, SD_BOTH));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    GUID r = WSAID_WSARECVMSG, w = WSAID_WSASENDMSG;
    LPFN_WSARECVMSG recvmsg_fn = NULL;
    LPFN_WSASENDMSG sendmsg_fn = NULL;
    DWORD n = 0;
    if (!wc_check(c,
                  u != INVALID_SOCKET &&
                      WSAIoctl(u, SIO_GET_EXTENSION_FUNCTION_POINTER, &r, sizeof r, &recvmsg_fn, sizeof recvmsg_fn, &n,
                               NULL, NULL) == 0 &&
                      WSAIoctl(u, SIO_GET_EXTENSION_FUNCTION_POINTER, &w, sizeof w, &sendmsg_fn, sizeof sendmsg_fn, &n,
                               NULL, NULL) == 0,
                  "set-up: WSARecvMsg/WSASendMsg extension pointers: %d", WSAGetLastError()))
        return;
    char buf[16];
    WSABUF b = {sizeof buf, buf};
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.lpBuffers = &b;
    m.dwBufferCount = 1;
    DWORD got = WC_SENTINEL;
    int rc = recvmsg_fn(ns, &m, &got, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK,
             "WSARecvMsg on a non-socket: rc=%d err=%d, expected WSAENOTSOCK", rc, err);
    rc = sendmsg_fn(ns, &m, 0, &got, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK,
             "WSASendMsg on a non-socket: rc=%d err=%d, expected WSAENOTSOCK", rc, err);
    closesocket(u);
}

/* The target started Winsock once for the case (the native target calls WSAStartup when it
 * opens): one WSACleanup more than the case's own WSAStartup calls stops it.  Then every
 * Winsock call answers WSANOTINITIALISED (each page's first error: "A successful WSAStartup call
 * must occur before using this function"), a WSACleanup too, until a WSAStartup starts it again.
 * The sockets this process had open at the last WSACleanup are "reset and automatically
 * deallocated as if closesocket was called": gone once Winsock is started again, and the peer
 * of a connection sees it end. */
static int CALLBACK reject_all(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                               LPWSABUF callee_data, GROUP *g, DWORD_PTR data);

/* rc: what the call returned, -1 for its failure; its error is read at once. */
static void not_started(wc_ctx *c, const char *call, int rc) {
    int err = rc == -1 ? WSAGetLastError() : 0;
    wc_check(c, rc == -1 && err == WSANOTINITIALISED,
             "%s after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", call, rc, err);
}

/* The error slot cleared first (kernel32's SetLastError: WSASetLastError is a Winsock call), so
 * a failure that sets no error cannot pass on the one before. */
#define NOT_STARTED(c, call, expr)                                                                                     \
    do {                                                                                                               \
        SetLastError(0);                                                                                               \
        int rc_ = (expr);                                                                                              \
        not_started((c), (call), rc_);                                                                                 \
    } while (0)

/* The extension functions a proxy takes once, while Winsock runs. */
typedef struct ext_fns {
    LPFN_ACCEPTEX accept_ex;
    LPFN_CONNECTEX connect_ex;
    LPFN_DISCONNECTEX disconnect_ex;
    LPFN_WSARECVMSG recv_msg;
    LPFN_WSASENDMSG send_msg;
} ext_fns;

/* The extension functions of s's provider; 0 after a failed check. */
static int ext_fns_of(wc_ctx *c, SOCKET s, ext_fns *x) {
    return wc_ext_fn(c, s, (GUID)WSAID_ACCEPTEX, &x->accept_ex, sizeof x->accept_ex, "AcceptEx") &&
           wc_ext_fn(c, s, (GUID)WSAID_CONNECTEX, &x->connect_ex, sizeof x->connect_ex, "ConnectEx") &&
           wc_ext_fn(c, s, (GUID)WSAID_DISCONNECTEX, &x->disconnect_ex, sizeof x->disconnect_ex, "DisconnectEx") &&
           wc_ext_fn(c, s, (GUID)WSAID_WSARECVMSG, &x->recv_msg, sizeof x->recv_msg, "WSARecvMsg") &&
           wc_ext_fn(c, s, (GUID)WSAID_WSASENDMSG, &x->send_msg, sizeof x->send_msg, "WSASendMsg");
}

/* The extension functions, taken while Winsock ran, called once it is stopped: FALSE or
 * SOCKET_ERROR, and WSAGetLastError (asked of the model only, as below). */
static void ext_stopped(wc_ctx *c, const ext_fns *x, SOCKET s) {
    char buf[64], text[128] = "";
    DWORD n = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    struct sockaddr_in lo = {.sin_family = AF_INET};
    lo.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lo.sin_port = htons(9);
    WSABUF wb = {1, buf};
    WSAMSG m = {NULL, 0, &wb, 1, {0, NULL}, 0};
    int e[5];
    SetLastError(0);
    int ok = x->accept_ex(s, s, buf, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16, &n, &ov);
    e[0] = ok ? 0 : WSAGetLastError();
    SetLastError(0);
    ok = x->connect_ex(s, (struct sockaddr *)&lo, (int)sizeof lo, NULL, 0, &n, &ov);
    e[1] = ok ? 0 : WSAGetLastError();
    SetLastError(0);
    ok = x->disconnect_ex(s, NULL, 0, 0);
    e[2] = ok ? 0 : WSAGetLastError();
    SetLastError(0);
    e[3] = x->recv_msg(s, &m, &n, NULL, NULL) == SOCKET_ERROR ? WSAGetLastError() : 0;
    SetLastError(0);
    e[4] = x->send_msg(s, &m, 0, &n, NULL, NULL) == SOCKET_ERROR ? WSAGetLastError() : 0;
    snprintf(text, sizeof text, "%d %d %d %d %d", e[0], e[1], e[2], e[3], e[4]);
    wc_model_answer(c, "extensions.after-cleanup", "%s", text);
}

/* The provider's entry points, taken while Winsock ran, called once it is stopped.  No page
 * says what a provider answers then (on Windows the provider may be unloaded by the last
 * WSACleanup), so this is asked of the model only and its answer pinned: each entry fails and
 * gives WSANOTINITIALISED in *lpErrno, as the Winsock calls above it do. */
static void wsp_stopped(wc_ctx *c, const WSPPROC_TABLE *t, SOCKET s) {
    char one = 'x', text[256] = "";
    WSABUF wb = {1, &one};
    DWORD moved = 0, fl = 0;
    int v = 1, vl = (int)sizeof v, e[10];
    struct sockaddr_in lo = {.sin_family = AF_INET};
    int lolen = (int)sizeof lo;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    WSATHREADID tid;
    wc_thread_id(&tid);
    for (int i = 0; i < 10; i++) e[i] = 0x5A5A;
    int rc[10] = {
        t->lpWSPCloseSocket(s, &e[0]),
        t->lpWSPGetOverlappedResult(s, &ov, &moved, FALSE, &fl, &e[1]) ? 0 : -1,
        t->lpWSPGetSockOpt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &vl, &e[2]),
        t->lpWSPIoctl(s, FIONBIO, &v, sizeof v, NULL, 0, &moved, NULL, NULL, &tid, &e[3]),
        t->lpWSPRecv(s, &wb, 1, &moved, &fl, NULL, NULL, &tid, &e[4]),
        t->lpWSPRecvFrom(s, &wb, 1, &moved, &fl, (struct sockaddr *)&lo, &lolen, NULL, NULL, &tid, &e[5]),
        t->lpWSPSend(s, &wb, 1, &moved, 0, NULL, NULL, &tid, &e[6]),
        t->lpWSPSendTo(s, &wb, 1, &moved, 0, (struct sockaddr *)&lo, lolen, NULL, NULL, &tid, &e[7]),
        t->lpWSPSetSockOpt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&v, (int)sizeof v, &e[8]),
    };
    int calls = 9;
#ifndef _WIN32 /* the model exports the upcall; on Windows only a provider holds it (WSPStartup's table) */
    rc[calls] = WPUQueueApc(&tid, NULL, 0, &e[calls]);
    calls++;
#endif
    size_t at = 0;
    for (int i = 0; i < calls; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%s%d/%d", i ? " " : "", rc[i], e[i]);
    wc_model_answer(c, "WSP.after-cleanup", "%s", text);
}

static void stopped(wc_ctx *c) {
    SOCKET before = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, before != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    WSPPROC_TABLE wsp;
    ext_fns ext;
    int model = wc_on_model(c) && wc_wsp(c, &wsp) && ext_fns_of(c, before, &ext);
    wt_tcp_flow tcp; /* its accepted end is this process's; its client is the application's */
    if (!wc_check(c, wt_tcp_plain(wc_target(c), AF_INET, &tcp) == WT_OK, "set-up: wt_tcp_plain: %s", wt_error()))
        return;
    u_long nb = 1;
    if (!wc_check(c, ioctlsocket(tcp.client, FIONBIO, &nb) == 0, "set-up: FIONBIO: %d", WSAGetLastError())) return;
    int own_client = wt_process_id(wc_target(c), WT_PROCESS_CLIENT) == wt_process_id(wc_target(c), WT_PROCESS_SELF);
    int rc = WSACleanup();
    int err = rc ? WSAGetLastError() : 0;
    if (!wc_check(c, rc == 0, "the WSACleanup matching the target's WSAStartup: rc=%d err=%d", rc, err)) return;
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    err = s == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, s == INVALID_SOCKET && err == WSANOTINITIALISED,
             "socket after the last WSACleanup: %s, error %d; expected WSANOTINITIALISED",
             s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err);
    u_long pending = 0;
    rc = ioctlsocket(before, FIONREAD, &pending);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "ioctlsocket(FIONREAD) after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    DWORD n = 0;
    rc = WSAIoctl(before, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, NULL, 0, &n, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "WSAIoctl(QUERY) after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(before, &r);
    struct timeval tv = {0, 0};
    rc = select(0, &r, NULL, NULL, &tv);
    err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "select after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    int v = 0, vl = (int)sizeof v;
    rc = getsockopt(before, SOL_SOCKET, SO_TYPE, (char *)&v, &vl);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "getsockopt after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    WSANETWORKEVENTS ne;
    rc = WSAEnumNetworkEvents(before, NULL, &ne);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "WSAEnumNetworkEvents after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    rc = WSAEventSelect(before, NULL, 0);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "WSAEventSelect after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    /* The rest of a proxy's calls, each on the socket made before (sockets named by the caller
     * are looked at after the start). */
    struct sockaddr_in lo = {.sin_family = AF_INET};
    lo.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int lolen = (int)sizeof lo;
    char one = 'x';
    WSABUF wb = {1, &one};
    DWORD moved = 0, fl = 0;
    NOT_STARTED(c, "bind", bind(before, (struct sockaddr *)&lo, lolen));
    NOT_STARTED(c, "listen", listen(before, 1));
    NOT_STARTED(c, "connect", connect(before, (struct sockaddr *)&lo, lolen));
    NOT_STARTED(c, "WSAAccept", WSAAccept(before, NULL, NULL, NULL, 0) == INVALID_SOCKET ? -1 : 0);
    /* with a condition function too: the page's first error still comes first (mutant 202-8) */
    NOT_STARTED(c, "WSAAccept with a condition",
                WSAAccept(before, NULL, NULL, reject_all, 0) == INVALID_SOCKET ? -1 : 0);
    NOT_STARTED(c, "send", send(before, &one, 1, 0));
    NOT_STARTED(c, "recv", recv(before, &one, 1, 0));
    NOT_STARTED(c, "WSASend", WSASend(before, &wb, 1, &moved, 0, NULL, NULL));
    NOT_STARTED(c, "WSARecv", WSARecv(before, &wb, 1, &moved, &fl, NULL, NULL));
    WSAOVERLAPPED never;
    memset(&never, 0, sizeof never);
    NOT_STARTED(c, "WSAGetOverlappedResult", WSAGetOverlappedResult(before, &never, &moved, FALSE, &fl) ? 0 : -1);
    NOT_STARTED(c, "getsockname", getsockname(before, (struct sockaddr *)&lo, &lolen));
    NOT_STARTED(c, "getpeername", getpeername(before, (struct sockaddr *)&lo, &lolen));
    NOT_STARTED(c, "shutdown", shutdown(before, SD_BOTH));
    NOT_STARTED(c, "gethostbyname", gethostbyname("localhost") ? 0 : -1);
    WSAPOLLFD pfd = {before, POLLRDNORM, 0};
    NOT_STARTED(c, "WSAPoll", WSAPoll(&pfd, 1, 0));
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(before, &rd);
    struct timeval no_wait = {0, 0};
    NOT_STARTED(c, "select", select(0, &rd, NULL, NULL, &no_wait));
    char spare[64];
    int sl = (int)sizeof lo;
    NOT_STARTED(c, "sendto", sendto(before, &one, 1, 0, (struct sockaddr *)&lo, lolen));
    NOT_STARTED(c, "recvfrom", recvfrom(before, &one, 1, 0, (struct sockaddr *)&lo, &sl));
    NOT_STARTED(c, "WSASendTo", WSASendTo(before, &wb, 1, &moved, 0, (struct sockaddr *)&lo, lolen, NULL, NULL));
    NOT_STARTED(c, "WSARecvFrom", WSARecvFrom(before, &wb, 1, &moved, &fl, (struct sockaddr *)&lo, &sl, NULL, NULL));
    NOT_STARTED(c, "WSAConnect", WSAConnect(before, (struct sockaddr *)&lo, lolen, NULL, NULL, NULL, NULL));
    NOT_STARTED(c, "setsockopt", setsockopt(before, SOL_SOCKET, SO_REUSEADDR, (char *)&v, (int)sizeof v));
    NOT_STARTED(c, "WSASocketW",
                WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED) == INVALID_SOCKET ? -1 : 0);
    NOT_STARTED(c, "gethostbyaddr", gethostbyaddr((const char *)&lo.sin_addr, 4, AF_INET) ? 0 : -1);
    DWORD tl = (DWORD)sizeof spare;
    NOT_STARTED(c, "WSAAddressToStringA", WSAAddressToStringA((LPSOCKADDR)&lo, (DWORD)lolen, NULL, spare, &tl));
    char text[] = "127.0.0.1";
    sl = (int)sizeof lo;
    NOT_STARTED(c, "WSAStringToAddressA", WSAStringToAddressA(text, AF_INET, NULL, (LPSOCKADDR)&lo, &sl));
    u_long net = 0;
    NOT_STARTED(c, "WSAHtonl", WSAHtonl(before, 1, &net));
    char host[] = "127.0.0.1", port[] = "80";
    NOT_STARTED(c, "WSAConnectByNameA",
                WSAConnectByNameA(before, host, port, NULL, NULL, NULL, NULL, NULL, NULL) ? 0 : -1);
    WCHAR whost[] = {'1', '2', '7', '.', '0', '.', '0', '.', '1', 0}, wport[] = {'8', '0', 0};
    NOT_STARTED(c, "WSAConnectByNameW",
                WSAConnectByNameW(before, whost, wport, NULL, NULL, NULL, NULL, NULL, NULL) ? 0 : -1);
    DWORD plen = 0;
    NOT_STARTED(c, "WSAEnumProtocolsW", WSAEnumProtocolsW(NULL, NULL, &plen));
    plen = 0;
    NOT_STARTED(c, "WSAEnumProtocolsA", WSAEnumProtocolsA(NULL, NULL, &plen));
    if (model) {
        wsp_stopped(c, &wsp, before);
        ext_stopped(c, &ext, before);
    }
    NOT_STARTED(c, "closesocket", closesocket(before));
    /* getaddrinfo gives its error as its result ("a nonzero Windows Sockets error code") */
    PADDRINFOA res = NULL;
    rc = getaddrinfo("127.0.0.1", "80", NULL, &res);
    wc_check(c, rc == WSANOTINITIALISED, "getaddrinfo after the last WSACleanup: %d; expected WSANOTINITIALISED", rc);
    if (!rc && res) freeaddrinfo(res);
    char name[256];
    rc = gethostname(name, (int)sizeof name);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "gethostname after the last WSACleanup: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    struct servent *se = getservbyname("http", "tcp");
    err = se ? 0 : WSAGetLastError();
    wc_check(c, !se && err == WSANOTINITIALISED,
             "getservbyname after the last WSACleanup: %s, error %d; expected NULL and WSANOTINITIALISED",
             se ? "an entry" : "NULL", err);
    /* The classic database calls too (their pages' first error; mutation testing, seed 70: a
     * getprotobyname that answered without Winsock started passed every case). */
    struct protoent *pe = getprotobyname("tcp");
    err = pe ? 0 : WSAGetLastError();
    wc_check(c, !pe && err == WSANOTINITIALISED,
             "getprotobyname after the last WSACleanup: %s, error %d; expected NULL and WSANOTINITIALISED",
             pe ? "an entry" : "NULL", err);
    pe = getprotobynumber(IPPROTO_UDP);
    err = pe ? 0 : WSAGetLastError();
    wc_check(c, !pe && err == WSANOTINITIALISED,
             "getprotobynumber after the last WSACleanup: %s, error %d; expected NULL and WSANOTINITIALISED",
             pe ? "an entry" : "NULL", err);
    se = getservbyport(htons(80), "tcp");
    err = se ? 0 : WSAGetLastError();
    wc_check(c, !se && err == WSANOTINITIALISED,
             "getservbyport after the last WSACleanup: %s, error %d; expected NULL and WSANOTINITIALISED",
             se ? "an entry" : "NULL", err);
    /* kernel32 is not Winsock: an event, a wait and a thread work with Winsock stopped (what a
     * proxy that stops and starts Winsock while its workers run relies on). */
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (wc_check(c, ev != NULL, "CreateEventW with Winsock stopped: error %lu", (unsigned long)GetLastError())) {
        wc_check(c, SetEvent(ev) && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0,
                 "SetEvent and WaitForSingleObject with Winsock stopped: error %lu", (unsigned long)GetLastError());
        wc_check(c, CloseHandle(ev), "CloseHandle of an event with Winsock stopped: error %lu",
                 (unsigned long)GetLastError());
    }
    rc = WSACleanup();
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSANOTINITIALISED,
             "a WSACleanup with none left: rc=%d err=%d; expected WSANOTINITIALISED", rc, err);
    WSADATA d;
    if (!wc_check(c, WSAStartup(MAKEWORD(2, 2), &d) == 0, "WSAStartup after the last WSACleanup failed")) return;
    /* Before any new socket could take its handle: the socket open at the last WSACleanup is
     * gone ("reset and automatically deallocated as if closesocket was called"). */
    vl = (int)sizeof v;
    rc = getsockopt(before, SOL_SOCKET, SO_TYPE, (char *)&v, &vl);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK,
             "getsockopt on a socket open at the last WSACleanup, Winsock started again: rc=%d err=%d; expected "
             "WSAENOTSOCK (the page: deallocated)",
             rc, err);
    /* The application's end of a connection whose other end was ours: the connection is over
     * (reset, or ended as closesocket ends it); where the application is this process too, its
     * socket went the same way. */
    char byte;
    for (unsigned waited = 0; waited <= WC_WAIT_MS; waited += 10) {
        rc = recv(tcp.client, &byte, 1, 0);
        err = rc < 0 ? WSAGetLastError() : 0;
        if (rc >= 0 || err != WSAEWOULDBLOCK) break;
        SleepEx(10, FALSE);
    }
    if (own_client)
        wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK,
                 "recv on a connection this process opened before the last WSACleanup: rc=%d err=%d; expected "
                 "WSAENOTSOCK",
                 rc, err);
    else
        wc_check(c, rc == 0 || (rc == SOCKET_ERROR && err == WSAECONNRESET),
                 "recv by the application whose peer socket was ours at the last WSACleanup: rc=%d err=%d; expected "
                 "the connection reset (WSAECONNRESET) or ended (0)",
                 rc, err);
    s = socket(AF_INET, SOCK_DGRAM, 0);
    err = s == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, s != INVALID_SOCKET, "socket once Winsock is started again: error %d", err);
    if (s != INVALID_SOCKET) closesocket(s);
    if (!own_client) closesocket(tcp.client);
}

/* S3 (SDK WSAStartup): every proxy starts with it, and every old client with version 1.1.  A
 * valid WSADATA is filled with the version asked for (2.2) and a NULL one is WSAEFAULT ("The
 * lpWSAData parameter is not a valid pointer"); each successful call is paired with a WSACleanup.
 * A library that starts and cleans up Winsock on its own, over and over, pairs its calls too
 * (WSAStartup: "An application can call WSAStartup more than once"; WSACleanup: "There must be a
 * call to WSACleanup for each successful call to WSAStartup"): three rounds of two starts and two
 * clean-ups all succeed. */
static void wsastartup(wc_ctx *c) {
    WSADATA d;
    memset(&d, 0xee, sizeof d);
    /* A socket that lives through the rounds: only the last WSACleanup closes sockets. */
    SOCKET kept = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, kept != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    int rc = WSAStartup(MAKEWORD(2, 2), &d);
    if (wc_check(c, rc == 0, "WSAStartup(2.2) with a valid WSADATA: %d, expected 0", rc)) {
        /* WSAStartup page, WSADATA: wHighVersion "the highest version of the Windows Sockets
         * specification that the Ws2_32.dll can support", 2.2 since Windows 98 */
        wc_check(c, d.wVersion == MAKEWORD(2, 2) && d.wHighVersion == MAKEWORD(2, 2),
                 "WSAStartup(2.2) reported version 0x%04x, highest 0x%04x; expected 0x0202 both", (unsigned)d.wVersion,
                 (unsigned)d.wHighVersion);
        wc_check(c, WSACleanup() == 0, "WSACleanup after WSAStartup: %d", WSAGetLastError());
    }
    for (int round = 1; round <= 3; round++) {
        int first = WSAStartup(MAKEWORD(2, 2), &d), second = WSAStartup(MAKEWORD(2, 2), &d);
        int clean1 = first ? 0 : WSACleanup() == 0 ? 0 : WSAGetLastError();
        int clean2 = second ? 0 : WSACleanup() == 0 ? 0 : WSAGetLastError();
        if (!wc_check(c, !first && !second && !clean1 && !clean2,
                      "round %d of two WSAStartup and two WSACleanup: %d, %d, then %d, %d; expected 0 each", round,
                      first, second, clean1, clean2))
            break;
    }
    int type = 0, tlen = (int)sizeof type;
    rc = getsockopt(kept, SOL_SOCKET, SO_TYPE, (char *)&type, &tlen);
    wc_check(c, rc == 0 && type == SOCK_DGRAM,
             "a socket made before the paired WSAStartup and WSACleanup calls (none of them the last): getsockopt "
             "%d, error %d, type %d; expected a UDP socket still open",
             rc, rc ? WSAGetLastError() : 0, type);
    closesocket(kept);
    rc = WSAStartup(MAKEWORD(2, 2), NULL);
    wc_check(c, rc == WSAEFAULT, "WSAStartup(2.2) with lpWSAData NULL: %d, expected WSAEFAULT", rc);
    /* WSAStartup page, the version table: the DLL offers 1.0 to 2.2 and answers with the version
     * asked for when it has it, 1.1 for a 1.x above it, 2.2 for anything above 2.2 (an old
     * client asks for 1.1 and must get it); a major version of 0 is WSAVERNOTSUPPORTED, and
     * WSADATA still says what the DLL offers (wine's ws2_32 tests, run on Windows) */
    static const WORD asked[] = {MAKEWORD(1, 0), MAKEWORD(1, 1), MAKEWORD(1, 2), MAKEWORD(2, 0),
                                 MAKEWORD(2, 1), MAKEWORD(2, 3), MAKEWORD(3, 0)};
    static const WORD given[] = {MAKEWORD(1, 0), MAKEWORD(1, 1), MAKEWORD(1, 1), MAKEWORD(2, 0),
                                 MAKEWORD(2, 1), MAKEWORD(2, 2), MAKEWORD(2, 2)};
    for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
        memset(&d, 0xee, sizeof d);
        rc = WSAStartup(asked[i], &d);
        wc_check(c, rc == 0 && d.wVersion == given[i] && d.wHighVersion == MAKEWORD(2, 2),
                 "WSAStartup(%u.%u): %d, version 0x%04x, highest 0x%04x; expected 0, 0x%04x, 0x0202",
                 (unsigned)(asked[i] & 0xff), (unsigned)(asked[i] >> 8), rc, (unsigned)d.wVersion,
                 (unsigned)d.wHighVersion, (unsigned)given[i]);
        if (rc == 0) WSACleanup();
    }
    memset(&d, 0xee, sizeof d);
    rc = WSAStartup(MAKEWORD(0, 9), &d);
    wc_check(c, rc == WSAVERNOTSUPPORTED && d.wVersion == MAKEWORD(2, 2) && d.wHighVersion == MAKEWORD(2, 2),
             "WSAStartup(0.9): %d, version 0x%04x, highest 0x%04x; expected WSAVERNOTSUPPORTED (10092) with 0x0202 "
             "both",
             rc, (unsigned)d.wVersion, (unsigned)d.wHighVersion);
    if (rc == 0) WSACleanup();
    if (rc == 0) WSACleanup();
    stopped(c);
}

/* S3 (SDK connect: "WSAEISCONN: The socket is already connected (connection-oriented sockets
 * only)"): a proxy's second connect on its upstream socket must not make a new connection. */
static void connect_connected(wc_ctx *c) {
    SOCKADDR_STORAGE a;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 50614, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    int rc = connect(s, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "set-up: connect: %d", rc ? WSAGetLastError() : 0)) return;
    rc = connect(s, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEISCONN,
             "connect on a connected TCP socket: rc=%d err=%d, expected WSAEISCONN", rc, err);
    closesocket(s);
    closesocket(l);
}

/* S3 (SDK bind: "WSAEADDRINUSE: ... a process on the computer is already bound to the same fully
 * qualified address and the socket has not been marked to allow address reuse with SO_REUSEADDR";
 * SDK connect: "WSAECONNREFUSED: The attempt to connect was forcefully rejected"): a proxy that
 * binds its listening port twice must be told, and a TCP socket that is bound but not listening
 * takes no connection; a port a closed socket was bound to can be bound again. */
static void bind_in_use(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a;
    SOCKET first = bound(c, AF_INET, SOCK_STREAM, 50619, &a);
    if (first == INVALID_SOCKET) return;
    SOCKET second = socket(AF_INET, SOCK_STREAM, 0);
    int rc = bind(second, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEADDRINUSE,
             "bind to the address:port a TCP socket is bound to: rc=%d err=%d, expected WSAEADDRINUSE", rc, err);
    SOCKET client = socket(AF_INET, SOCK_STREAM, 0);
    rc = connect(client, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAECONNREFUSED,
             "connect to a TCP socket that is bound but not listening: rc=%d err=%d, expected WSAECONNREFUSED", rc,
             err);
    closesocket(client);
    closesocket(second);
    closesocket(first);
    /* once the bound socket is closed (it never connected, so nothing lingers) the port is free
     * again, for TCP and for UDP */
    for (int udp = 0; udp < 2; udp++) {
        SOCKADDR_STORAGE b;
        SOCKET was = udp ? bound(c, AF_INET, SOCK_DGRAM, 50621, &b) : INVALID_SOCKET;
        if (udp && was == INVALID_SOCKET) return;
        if (udp) closesocket(was);
        SOCKET again = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
        rc = bind(again, (struct sockaddr *)(udp ? &b : &a), sizeof(struct sockaddr_in));
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == 0, "bind of a new %s socket to the port a closed one was bound to: rc=%d err=%d, expected 0",
                 udp ? "UDP" : "TCP", rc, err);
        closesocket(again);
    }
    /* a specific address on the port a wildcard socket holds: the WSK "Sharing Transport
     * Addresses" table makes it an access check against the first socket's security descriptor,
     * whose user-mode outcome no page gives; the model's answer is pinned */
    struct sockaddr_in w = {.sin_family = AF_INET, .sin_port = htons(50623), .sin_addr.s_addr = htonl(INADDR_ANY)};
    SOCKET wide = socket(AF_INET, SOCK_STREAM, 0);
    rc = bind(wide, (struct sockaddr *)&w, sizeof w);
    if (wc_check(c, rc == 0, "set-up: bind to 0.0.0.0:50623: %d (err %d)", rc, rc ? WSAGetLastError() : 0)) {
        w.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        SOCKET narrow = socket(AF_INET, SOCK_STREAM, 0);
        rc = bind(narrow, (struct sockaddr *)&w, sizeof w);
        wc_model_answer(c, "bind.specific-after-wildcard", "%d %d", rc, rc ? WSAGetLastError() : 0);
        closesocket(narrow);
    }
    closesocket(wide);
}

/* S3 (SDK select: "WSAEINVAL: The time-out value is not valid"): a negative time-out. */
static void select_timeout(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {-1, 0};
    int rc = select(0, &r, NULL, NULL, &tv);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
             "select with a time-out of -1 s: rc=%d err=%d, expected WSAEINVAL", rc, err);
    closesocket(s);
}

/* The one address of family af in the list, with its port; 0 when there is none or its port
 * or bytes differ. */
static int has_addr(const ADDRINFOA *ai, int af, const unsigned char *bytes, USHORT port) {
    for (; ai; ai = ai->ai_next) {
        if (ai->ai_family != af || !ai->ai_addr) continue;
        if (af == AF_INET6) {
            const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ai->ai_addr;
            if (ntohs(v6->sin6_port) == port && memcmp(&v6->sin6_addr, bytes, 16) == 0) return 1;
        } else {
            const struct sockaddr_in *v4 = (const struct sockaddr_in *)ai->ai_addr;
            if (ntohs(v4->sin_port) == port && memcmp(&v4->sin_addr, bytes, 4) == 0) return 1;
        }
    }
    return 0;
}

/* S3 (SDK getaddrinfo): a proxy resolves its upstream's numeric address or "localhost" and a
 * numeric service.  Each answer holds the address of the family the text names, with the port
 * the decimal service names. */
static void addrinfo(wc_ctx *c) {
    static const unsigned char lo4[4] = {127, 0, 0, 1}, lo6[16] = {[15] = 1};
    static const struct {
        const char *node;
        int family;
        int want_af;
        const unsigned char *bytes;
    } t[] = {
        {"127.0.0.1", AF_UNSPEC, AF_INET, lo4},
        {"::1", AF_UNSPEC, AF_INET6, lo6},
        {"::1", AF_INET6, AF_INET6, lo6},
        {"localhost", AF_INET, AF_INET, lo4},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        ADDRINFOA hints, *res = NULL;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = t[i].family;
        hints.ai_socktype = SOCK_STREAM;
        int rc = getaddrinfo(t[i].node, "8080", &hints, &res);
        wc_check(c, rc == 0 && has_addr(res, t[i].want_af, t[i].bytes, 8080),
                 "getaddrinfo(\"%s\", \"8080\", family %d): %d; expected the %s loopback address with port 8080",
                 t[i].node, t[i].family, rc, t[i].want_af == AF_INET6 ? "IPv6" : "IPv4");
        if (res) freeaddrinfo(res);
    }
    /* What "localhost" gives in the other families is the host's configuration (Windows answers
     * ::1 and 127.0.0.1 without DNS; a Linux host under wine reads /etc/hosts): the model's
     * answer is pinned, others' reported. */
    char seen[2][64];
    for (int i = 0; i < 2; i++) {
        ADDRINFOA hints, *res = NULL;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = i ? AF_INET6 : AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        int rc = getaddrinfo("localhost", "8080", &hints, &res);
        size_t n = 0;
        seen[i][0] = 0;
        for (const ADDRINFOA *a = res; !rc && a && n + 12 < sizeof seen[i]; a = a->ai_next) {
            ADDRINFOA one = *a; /* this entry alone */
            one.ai_next = NULL;
            const char *what = has_addr(&one, AF_INET6, lo6, 8080)  ? "::1"
                               : has_addr(&one, AF_INET, lo4, 8080) ? "127.0.0.1"
                                                                    : "other";
            n += (size_t)snprintf(seen[i] + n, sizeof seen[i] - n, "%s%s", n ? " " : "", what);
        }
        if (rc) snprintf(seen[i], sizeof seen[i], "error %d", rc);
        if (res) freeaddrinfo(res);
    }
    wc_model_answer(c, "getaddrinfo.localhost", "AF_UNSPEC: %s, AF_INET6: %s", seen[0], seen[1]);
}

static int CALLBACK reject_all(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                               LPWSABUF callee_data, GROUP *g, DWORD_PTR data) {
    (void)caller, (void)caller_data, (void)sqos, (void)gqos, (void)callee, (void)callee_data, (void)g;
    ++*(int *)data;
    return CF_REJECT;
}

/* S3 (SDK WSAAccept: "CF_REJECT ... WSAECONNREFUSED"): a proxy that refuses a client with its
 * condition function ends that connection: the client's socket becomes readable and reads the
 * end (a reset or 0), and the listener does not hand the connection out later. */
static void wsaaccept_reject(wc_ctx *c) {
    SOCKADDR_STORAGE a;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 50615, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    int rc = connect(s, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "set-up: connect: %d", rc ? WSAGetLastError() : 0)) return;
    int calls = 0;
    SOCKET r = WSAAccept(l, NULL, NULL, reject_all, (DWORD_PTR)&calls);
    int err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, r == INVALID_SOCKET && err == WSAECONNREFUSED && calls == 1,
             "WSAAccept whose condition rejects: %s, err %d, condition called %d times; expected WSAECONNREFUSED once",
             r == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err, calls);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    struct timeval tv = {5, 0};
    if (!wc_check(c, select(0, &rd, NULL, NULL, &tv) == 1,
                  "the rejected client's socket did not become readable within 5 s: the connection was left open"))
        return;
    char b;
    rc = recv(s, &b, 1, 0);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == 0 || (rc == SOCKET_ERROR && err == WSAECONNRESET),
             "the rejected client's recv: rc=%d err=%d, expected the end of the connection (0 or WSAECONNRESET)", rc,
             err);
    u_long nb = 1;
    ioctlsocket(l, FIONBIO, &nb);
    r = accept(l, NULL, NULL);
    err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, r == INVALID_SOCKET && err == WSAEWOULDBLOCK,
             "accept after the rejection: %s, err %d; expected WSAEWOULDBLOCK (the rejected connection is gone)",
             r == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err);
    closesocket(s);
    closesocket(l);
}

/* S3 (SDK recv: "WSAEFAULT: The buf parameter is not completely contained in a valid part of
 * the user address space"): a receive into a read-only page with bytes waiting. */
static void recv_bad_buffer(wc_ctx *c) {
    wc_use_variant(c);
    wt_tcp_flow f;
    if (!wc_redirected(c, 0, &f)) return;
    char *ro = wt_readonly_page(wc_target(c));
    if (!ro) wc_unsupported(c, "the target has no read-only page: %s", wt_error());
    static const char msg[] = "waiting";
    int rc = send(f.client, msg, (int)sizeof msg, 0);
    if (!wc_check(c, rc == (int)sizeof msg, "set-up: send: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0)) return;
    if (!datagram_within(c, f.accepted, "stream's")) return;
    rc = recv(f.accepted, ro, 16, 0);
    int err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "recv into a read-only buffer with bytes waiting: rc=%d err=%d, expected WSAEFAULT", rc, err);
}

/* S3 (SDK sendto, recvfrom: a datagram of 0 bytes is a datagram): an empty datagram arrives as
 * a receive of 0 bytes from its sender, before the one sent after it. */
static void udp_empty(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a, b;
    SOCKET rx = bound(c, AF_INET, SOCK_DGRAM, 50616, &a);
    if (rx == INVALID_SOCKET) return;
    SOCKET tx = bound(c, AF_INET, SOCK_DGRAM, 50617, &b);
    if (tx == INVALID_SOCKET) return;
    char buf[8] = {0};
    int rc = sendto(tx, buf, 0, 0, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    int rc2 = sendto(tx, "x", 1, 0, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0 && rc2 == 1, "sendto of 0 and 1 bytes: %d, %d (err %d)", rc, rc2, WSAGetLastError()))
        return;
    SOCKADDR_STORAGE from;
    int fl = sizeof from;
    if (!datagram_within(c, rx, "empty")) return;
    rc = recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    wc_check(c, rc == 0 && same_port(&from, &b),
             "the empty datagram: rc=%d (err %d) from port %u; expected 0 bytes from %u", rc,
             rc < 0 ? WSAGetLastError() : 0, ntohs(((struct sockaddr_in *)&from)->sin_port), 50617u);
    if (!datagram_within(c, rx, "one-byte")) return;
    rc = recv(rx, buf, sizeof buf, 0);
    wc_check(c, rc == 1 && buf[0] == 'x', "the datagram after the empty one: %d bytes", rc);
    closesocket(tx);
    closesocket(rx);
}

/* S3 (WSAStringToAddressA, RtlIpv4StringToAddressExA: "the IPv4 address followed by an optional
 * colon and string representation of a port number"): a proxy reads its upstream from a
 * configuration text.  "a.b.c.d:port" gives that port; a colon with no port number after it, or
 * a port with a letter in it, is not that form and is WSAEINVAL (as Windows answers, e.g. Wine's
 * ws2_32 tests run there). */
static void string_to_address(wc_ctx *c) {
    static const struct {
        const char *text;
        USHORT port; /* host order */
        int err;
    } t[] = {
        {"127.127.127.127:123", 123, 0},
        {"127.127.127.127:65535", 65535, 0},
        {"127.127.127.127", 0, 0},
        {"127.127.127.127:", 0, WSAEINVAL},
        {"127.127.127.127:65537", 0, WSAEINVAL},
        {"127.127.127.127:12a", 0, WSAEINVAL},
        {"127.127.127.127:a12", 0, WSAEINVAL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        INT len = (INT)sizeof a;
        char text[32];
        strcpy(text, t[i].text);
        int rc = WSAStringToAddressA(text, AF_INET, NULL, (LPSOCKADDR)&a, &len);
        int err = rc ? WSAGetLastError() : 0;
        if (t[i].err)
            wc_check(c, rc == SOCKET_ERROR && err == t[i].err, "WSAStringToAddressA(\"%s\"): rc=%d err=%d, expected %d",
                     t[i].text, rc, err, t[i].err);
        else
            wc_check(c,
                     rc == 0 && a.sin_family == AF_INET && a.sin_addr.s_addr == htonl(0x7f7f7f7f) &&
                         ntohs(a.sin_port) == t[i].port,
                     "WSAStringToAddressA(\"%s\"): rc=%d err=%d family %d port %u; expected 127.127.127.127 port %u",
                     t[i].text, rc, err, a.sin_family, ntohs(a.sin_port), t[i].port);
    }
    /* a configuration text far longer than any address (an address, a colon and 200 digits):
     * no address either way, WSAEINVAL ("unable to translate the string"); what is left in the
     * address is not said (wine zeroes it) */
    static char longer[224] = "127.127.127.127:";
    memset(longer + 16, '1', 200);
    for (int af = 0; af < 2; af++) {
        SOCKADDR_STORAGE a;
        memset(&a, 0x5A, sizeof a);
        INT len = (INT)sizeof a;
        int rc = WSAStringToAddressA(longer, af ? AF_INET6 : AF_INET, NULL, (LPSOCKADDR)&a, &len);
        int err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
                 "WSAStringToAddressA(%s) of a text of %d characters: rc=%d err=%d; expected WSAEINVAL",
                 af ? "AF_INET6" : "AF_INET", (int)strlen(longer), rc, err);
    }
    /* no text at all: no address, and nothing a stack may read; which code no page says (the
     * model's answer pinned) */
    SOCKADDR_STORAGE none;
    INT nlen = (INT)sizeof none;
    int nrc = WSAStringToAddressA(NULL, AF_INET, NULL, (LPSOCKADDR)&none, &nlen);
    int nerr = nrc ? WSAGetLastError() : 0;
    wc_check(c, nrc == SOCKET_ERROR, "WSAStringToAddressA(NULL): rc=%d; expected SOCKET_ERROR", nrc);
    wc_model_answer(c, "WSAStringToAddressA.null-text", "%d %d", nrc, nerr);
}

/* S3 (SDK WSAPoll: "returns the number of elements in the fdArray whose revents have
 * nonzero values"; POLLRDNORM: "Normal data may be read without blocking"): a proxy that polls
 * its sockets.  One datagram is queued on one of two bound sockets; whichever slot of the array
 * holds it, WSAPoll returns 1 and reports POLLRDNORM there and nothing for the other, with a
 * timeout and with a negative one ("the call waits indefinitely": until one is ready, which one
 * is already). */
static void wsapoll(wc_ctx *c) {
    SOCKADDR_STORAGE a, b, d;
    SOCKET rx = bound(c, AF_INET, SOCK_DGRAM, 50619, &a);
    SOCKET idle = rx == INVALID_SOCKET ? INVALID_SOCKET : bound(c, AF_INET, SOCK_DGRAM, 50620, &b);
    SOCKET tx = idle == INVALID_SOCKET ? INVALID_SOCKET : bound(c, AF_INET, SOCK_DGRAM, 50621, &d);
    if (tx == INVALID_SOCKET) return;
    int rc = sendto(tx, "x", 1, 0, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    if (wc_check(c, rc == 1, "set-up: sendto: %d (err %d)", rc, WSAGetLastError()) &&
        datagram_within(c, rx, "polled")) {
        for (int k = 0; k < 4; k++) {
            int slot = k & 1;
            INT timeout = k < 2 ? 5000 : -1; /* a negative timeout waits indefinitely: not with one ready */
            WSAPOLLFD f[2] = {{idle, POLLRDNORM, 0}, {idle, POLLRDNORM, 0}};
            f[slot].fd = rx;
            int n = WSAPoll(f, 2, timeout);
            wc_check(c, n == 1 && f[slot].revents == POLLRDNORM && f[1 - slot].revents == 0,
                     "WSAPoll (timeout %d) with the readable socket in slot %d: %d (err %d), revents 0x%x and 0x%x; "
                     "expected 1 with POLLRDNORM (0x%x) in slot %d only",
                     timeout, slot, n, n < 0 ? WSAGetLastError() : 0, (unsigned)(USHORT)f[0].revents,
                     (unsigned)(USHORT)f[1].revents, (unsigned)POLLRDNORM, slot);
        }
    }
    closesocket(tx);
    closesocket(idle);
    closesocket(rx);
}

/* S3 (SDK ConnectEx: "lpSendBuffer: A pointer to the buffer to be transferred after a
 * connection is established"): a proxy that dials its upstream with ConnectEx and sends the
 * first bytes with it.  The connection completes with the byte count, the listener accepts it
 * and reads exactly those bytes. */
static void connectex_data(wc_ctx *c) {
    SOCKADDR_STORAGE a, b;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 50618, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKET s = bound(c, AF_INET, SOCK_STREAM, 0, &b);
    if (s == INVALID_SOCKET) return;
    GUID g = WSAID_CONNECTEX;
    LPFN_CONNECTEX connectex = NULL;
    DWORD n = 0;
    if (!wc_check(c,
                  WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &connectex, sizeof connectex, &n, NULL,
                           NULL) == 0,
                  "set-up: the ConnectEx pointer: %d", WSAGetLastError()))
        return;
    static const char first[] = "first bytes through ConnectEx";
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    DWORD sent = 0, flags = 0xFF;
    BOOL ok =
        connectex(s, (struct sockaddr *)&a, sizeof(struct sockaddr_in), (PVOID)first, (DWORD)sizeof first, &sent, &ov);
    int err = ok ? 0 : WSAGetLastError();
    if (wc_check(c, ok || err == WSA_IO_PENDING, "ConnectEx with %d bytes: err %d", (int)sizeof first, err)) {
        ok = WSAGetOverlappedResult(s, &ov, &sent, TRUE, &flags);
        wc_check(c, ok && sent == sizeof first, "ConnectEx completed: %s, %lu bytes sent; expected %d",
                 ok ? "TRUE" : "FALSE", (unsigned long)sent, (int)sizeof first);
        /* lpdwFlags "supplement the completion status" of a receive (WSAGetOverlappedResult
         * page); a connect has none to give, as a disconnect has none (S3.disconnectex) */
        wc_check(c, !ok || flags == 0, "the completed ConnectEx's flags: 0x%lx, expected 0", (unsigned long)flags);
        SOCKET a2 = accept(l, NULL, NULL);
        char got[64];
        int have = 0, rc = 0;
        while (a2 != INVALID_SOCKET && have < (int)sizeof first &&
               (rc = recv(a2, got + have, (int)sizeof got - have, 0)) > 0)
            have += rc;
        wc_check(c, have == (int)sizeof first && memcmp(got, first, sizeof first) == 0,
                 "the listener received %d bytes, not the %d ConnectEx sent", have, (int)sizeof first);
        if (a2 != INVALID_SOCKET) closesocket(a2);
    }
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    closesocket(l);
}

/* S3 (SDK WSARecv, Return value): an overlapped receive on a connection the peer reset fails at
 * once with WSAECONNRESET, and "any other error code [than WSA_IO_PENDING] indicates that the
 * overlapped operation was not successfully initiated and no completion indication will
 * occur": no packet on the socket's port, no routine.  A proxy that frees its context when
 * WSARecv fails at once and again when the packet comes would free it twice on a stack that
 * also queued one.  The peer resets by closing with bytes it never read (RFC 1122 4.2.2.13). */
static int completions_seen;
static void CALLBACK count_completion(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    (void)err, (void)bytes, (void)ov, (void)flags;
    completions_seen++;
}

/* One overlapped WSARecv that must fail at once with want: with the port's packet (routine
 * NULL) or the routine run by an alertable wait, neither of which may come. */
static void fails_at_once(wc_ctx *c, SOCKET s, HANDLE port, char *buf, const char *what, int want,
                          LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    WSABUF wb = {16, buf};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD got = WC_SENTINEL, flags = 0;
    completions_seen = 0;
    int rc = WSARecv(s, &wb, 1, &got, &flags, &ov, routine);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == want, "overlapped WSARecv %s%s: rc=%d err=%d, expected %d at once", what,
             routine ? " (completion routine)" : "", rc, err, want);
    /* Wine's tests, run on Windows (test_completion_port: a reset and an unconnected socket), see
     * lpNumberOfBytesRecvd as the caller left it after such a failure (mutation testing, seed 176) */
    wc_check(c, rc == 0 || got == WC_SENTINEL,
             "lpNumberOfBytesRecvd of a WSARecv %s that failed at once: %lu; expected "
             "it untouched",
             what, (unsigned long)got);
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *done = NULL;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &done, 0);
    wc_safety(c, !ok && done == NULL, "a packet (%s, key 0x%lx) was queued for a WSARecv %s that failed at once",
              ok ? "TRUE" : "FALSE", (unsigned long)key, what);
    SleepEx(0, TRUE);
    wc_safety(c, completions_seen == 0, "the routine of a WSARecv %s that failed at once ran %d time(s)", what,
              completions_seen);
}

/* A datagram waiting and a read-only buffer: the overlapped WSARecvFrom fails at once with
 * WSAEFAULT, and lpFrom and lpFromlen stay as the caller left them (a failed call leaves the
 * caller's buffers alone; mutation testing, seed 17: the sender's address written anyway). */
static void recvfrom_bad_buffer(wc_ctx *c, char *ro) {
    SOCKADDR_STORAGE a, b;
    SOCKET rx = bound(c, AF_INET, SOCK_DGRAM, 50620, &a);
    SOCKET tx = rx == INVALID_SOCKET ? INVALID_SOCKET : bound(c, AF_INET, SOCK_DGRAM, 50621, &b);
    if (tx == INVALID_SOCKET) return;
    fd_set r;
    FD_ZERO(&r);
    FD_SET(rx, &r);
    struct timeval tv = {5, 0};
    int rc = sendto(tx, "dgram", 5, 0, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 5 && select(0, &r, NULL, NULL, &tv) == 1, "set-up: a datagram to the socket: %d", rc))
        return;
    WSABUF wb = {16, ro};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    unsigned char from[sizeof(SOCKADDR_STORAGE)];
    memset(from, 0xA5, sizeof from);
    INT fromlen = (INT)sizeof from;
    DWORD got = WC_SENTINEL, flags = 0;
    rc = WSARecvFrom(rx, &wb, 1, &got, &flags, (struct sockaddr *)from, &fromlen, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "overlapped WSARecvFrom into a read-only buffer with a datagram waiting: rc=%d err=%d, expected WSAEFAULT",
             rc, err);
    size_t same = 0;
    while (same < sizeof from && from[same] == 0xA5) same++;
    wc_safety(c, same == sizeof from && fromlen == (INT)sizeof from,
              "a WSARecvFrom that failed changed lpFrom (byte %zu) or lpFromlen (%d)", same, (int)fromlen);
    closesocket(tx);
    closesocket(rx);
}

/* A receive already pending when the reset comes: it completes, failed, through the port.
 * The Win32 view GetQueuedCompletionStatus gives is ERROR_NETNAME_DELETED (64), the view of
 * STATUS_CONNECTION_RESET; the Winsock view (WSAGetOverlappedResult) is WSAECONNRESET (what
 * IOCP servers on Windows see: Stack Overflow 28925003, 14499593; SEMANTICS A18's two views). */
static void pending_recv_reset(wc_ctx *c, SOCKET l, const SOCKADDR_STORAGE *a) {
    SOCKADDR_STORAGE b;
    SOCKET cl = bound(c, AF_INET, SOCK_STREAM, 0, &b);
    if (cl == INVALID_SOCKET || !wc_check(c, connect(cl, (const struct sockaddr *)a, sizeof(struct sockaddr_in)) == 0,
                                          "set-up: connect: %d", WSAGetLastError()))
        return;
    SOCKET s = accept(l, NULL, NULL);
    HANDLE port = s == INVALID_SOCKET ? NULL : CreateIoCompletionPort((HANDLE)s, NULL, WC_KEY, 0);
    if (!wc_check(c, port != NULL, "set-up: accept and a port: %d", WSAGetLastError())) goto out;
    char buf[16];
    WSABUF wb = {sizeof buf, buf};
    DWORD flags = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    int rc = WSARecv(s, &wb, 1, NULL, &flags, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (!wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING, "set-up: a pending WSARecv: rc=%d err=%d", rc, err))
        goto out;
    fd_set r;
    FD_ZERO(&r);
    FD_SET(cl, &r);
    struct timeval tv = {5, 0};
    if (!wc_check(c, send(s, "unread", 6, 0) == 6 && select(0, &r, NULL, NULL, &tv) == 1,
                  "set-up: bytes to the client that it leaves unread: %d", WSAGetLastError()))
        goto out;
    closesocket(cl); /* with bytes unread: a reset */
    cl = INVALID_SOCKET;
    DWORD n = 77;
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    BOOL ok = GetQueuedCompletionStatus(port, &n, &key, &got, 5000);
    DWORD e = ok ? 0 : GetLastError();
    wc_check(c, !ok && got == &ov && key == WC_KEY && n == 0 && e == 64,
             "the pending WSARecv when the peer reset: GetQueuedCompletionStatus %d, error %lu, %lu bytes, %s; "
             "expected FALSE, ERROR_NETNAME_DELETED (64), 0 bytes, the receive's OVERLAPPED",
             (int)ok, (unsigned long)e, (unsigned long)n, got == &ov ? "its OVERLAPPED" : "another or none");
    if (got == &ov) {
        DWORD t = 77, f = 0;
        BOOL gor = WSAGetOverlappedResult(s, &ov, &t, FALSE, &f);
        int we = gor ? 0 : WSAGetLastError();
        wc_check(c, !gor && we == WSAECONNRESET,
                 "WSAGetOverlappedResult of it: %d, error %d; expected FALSE, WSAECONNRESET", (int)gor, we);
    }
out:
    if (port) CloseHandle(port);
    if (s != INVALID_SOCKET) closesocket(s);
    if (cl != INVALID_SOCKET) closesocket(cl);
}

static void recv_reset(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a, b;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 50619, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKET cl = bound(c, AF_INET, SOCK_STREAM, 0, &b);
    if (cl == INVALID_SOCKET || !wc_check(c, connect(cl, (struct sockaddr *)&a, sizeof(struct sockaddr_in)) == 0,
                                          "set-up: connect: %d", WSAGetLastError()))
        return;
    SOCKET s = accept(l, NULL, NULL); /* socket() sockets are overlapped, and so is what they accept */
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: accept: %d", WSAGetLastError())) return;
    HANDLE port = CreateIoCompletionPort((HANDLE)s, NULL, WC_KEY, 0);
    if (!wc_check(c, port != NULL, "set-up: CreateIoCompletionPort: %lu", (unsigned long)GetLastError())) return;
    fd_set r;
    struct timeval tv = {5, 0};
    /* Bytes waiting and a read-only buffer: WSAEFAULT at once (the WSARecv page lists it for a
     * buffer "not totally contained in a valid part of the user address space"). */
    char *ro = wt_readonly_page(wc_target(c));
    int rc = send(cl, "waiting", 7, 0);
    FD_ZERO(&r);
    FD_SET(s, &r);
    if (ro && wc_check(c, rc == 7 && select(0, &r, NULL, NULL, &tv) == 1, "set-up: 7 bytes to the socket: %d", rc))
        fails_at_once(c, s, port, ro, "into a read-only buffer with bytes waiting", WSAEFAULT, NULL);
    if (ro) recvfrom_bad_buffer(c, ro);
    rc = send(s, "unread", 6, 0);
    if (!wc_check(c, rc == 6, "set-up: send to the client: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0)) return;
    FD_ZERO(&r);
    FD_SET(cl, &r);
    if (!wc_check(c, select(0, &r, NULL, NULL, &tv) == 1, "set-up: the client's bytes did not arrive in 5 s")) return;
    wc_check(c, closesocket(cl) == 0, "set-up: closesocket with bytes unread: %d", WSAGetLastError());
    FD_ZERO(&r);
    FD_SET(s, &r);
    if (!wc_check(c, select(0, &r, NULL, NULL, &tv) == 1, "the reset did not make the socket readable in 5 s")) return;
    char buf[16];
    fails_at_once(c, s, port, buf, "on a reset connection", WSAECONNRESET, NULL);
    fails_at_once(c, s, port, buf, "on a reset connection", WSAECONNRESET, count_completion);
    /* and a send (send page: WSAECONNRESET, "the virtual circuit was reset by the remote side
     * ... the socket is no longer usable"), twice: the reset stays */
    for (int i = 0; i < 2; i++) {
        rc = send(s, "late", 4, 0);
        int err = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAECONNRESET,
                 "send %d on a reset connection: rc=%d err=%d, expected WSAECONNRESET", i + 1, rc, err);
    }
    CloseHandle(port);
    closesocket(s);
    pending_recv_reset(c, l, &a);
    closesocket(l);
}

/* AcceptEx on l into acc with no receive buffer, both addresses into out; ov is set up with an
 * event of its own.  0 when it completed or pends, else its error. */
#define ACCEPT_EX_OUT (2 * (sizeof(struct sockaddr_in) + 16))
static int accept_ex_start(LPFN_ACCEPTEX fn, SOCKET l, SOCKET acc, char *out, WSAOVERLAPPED *ov) {
    memset(ov, 0, sizeof *ov);
    ov->hEvent = WSACreateEvent();
    DWORD got = 0;
    if (acc == INVALID_SOCKET) return WSAENOTSOCK;
    if (fn(l, acc, out, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16, &got, ov)) return 0;
    int e = WSAGetLastError();
    return e == WSA_IO_PENDING ? 0 : e;
}

/* S3 (AcceptEx page: "When the AcceptEx function returns, the socket sAcceptSocket is in the
 * default state for a connected socket.  The socket sAcceptSocket does not inherit the
 * properties of the socket associated with sListenSocket parameter until SO_UPDATE_ACCEPT_CONTEXT
 * is set on the socket"; WSAEventSelect page: the listener's selection is one of those
 * properties): an AcceptEx socket has no WSAEventSelect selection of its own until the update,
 * and the listener's after it (FD_WRITE through the listener's event).  A SHOULD: the selection
 * is a property by the WSAEventSelect page's reading of accept, not by the AcceptEx page's own
 * words, and no Windows run at hand shows it (wine 8.0 carries nothing over). */
static void acceptex_inherits(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE la;
    SOCKET l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return;
    LPFN_ACCEPTEX accept_ex = NULL;
    if (!wc_ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &accept_ex, sizeof accept_ex, "AcceptEx")) return;
    WSAEVENT ev = WSACreateEvent();
    int rc = WSAEventSelect(l, ev, FD_READ | FD_WRITE);
    if (!wc_check(c, rc == 0, "WSAEventSelect on the listener: %d", rc ? WSAGetLastError() : 0)) return;
    SOCKET acc = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    char out[ACCEPT_EX_OUT];
    WSAOVERLAPPED ov;
    int ae = accept_ex_start(accept_ex, l, acc, out, &ov);
    DWORD got = 0, flags = 0;
    rc = cl == INVALID_SOCKET ? -1 : connect(cl, (struct sockaddr *)&la, sizeof(struct sockaddr_in));
    if (!wc_check(c, ae == 0 && rc == 0, "set-up: AcceptEx %d and connect %d", ae, rc ? WSAGetLastError() : 0) ||
        !wc_check(c,
                  WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0 &&
                      WSAGetOverlappedResult(l, &ov, &got, FALSE, &flags),
                  "set-up: AcceptEx's completion: %d", WSAGetLastError()))
        return;
    WSAResetEvent(ev);
    LONG before = events_of(c, acc, ev, "the AcceptEx socket before SO_UPDATE_ACCEPT_CONTEXT");
    wc_check(c, before == 0,
             "the AcceptEx socket before SO_UPDATE_ACCEPT_CONTEXT recorded events 0x%lx; expected none (the default "
             "state of a connected socket)",
             (unsigned long)before);
    rc = setsockopt(acc, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (const char *)&l, sizeof l);
    if (!wc_check(c, rc == 0, "SO_UPDATE_ACCEPT_CONTEXT: %d", rc ? WSAGetLastError() : 0)) return;
    DWORD wr = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    LONG after = events_of(c, acc, ev, "the AcceptEx socket after SO_UPDATE_ACCEPT_CONTEXT");
    wc_check(c, wr == WSA_WAIT_EVENT_0 && (after & FD_WRITE),
             "the AcceptEx socket after SO_UPDATE_ACCEPT_CONTEXT: wait %lu, events 0x%lx; expected FD_WRITE through "
             "the listener's event (its selection inherited)",
             (unsigned long)wr, (unsigned long)after);
    WSACloseEvent(ov.hEvent);
    closesocket(cl);
    closesocket(acc);
    closesocket(l);
    WSACloseEvent(ev);
}

/* SO_CONNECT_TIME of s: the DWORD, or -1 (and *err) when getsockopt fails or gives another size. */
static long long connect_time(SOCKET s, int *err) {
    DWORD v = 0x5A5A5A5A;
    int len = (int)sizeof v;
    *err = getsockopt(s, SOL_SOCKET, SO_CONNECT_TIME, (char *)&v, &len) ? WSAGetLastError() : 0;
    return *err || len != (int)sizeof v ? -1 : (long long)v;
}

/* S3 (SOL_SOCKET socket options page, SO_CONNECT_TIME: "Returns the number of seconds a socket has
 * been connected. This socket option is valid for connection oriented protocols only"; AcceptEx
 * page: a server checks a pending AcceptEx socket with it, and "If the socket is not connected,
 * the returned getsockopt value is 0xFFFFFFFF"): 0xFFFFFFFF for a TCP socket never connected and
 * for an AcceptEx socket no client has reached; 0 or 1 for both ends just after the connection.
 * What a UDP socket answers is pinned for the model. */
static void connect_time_states(wc_ctx *c) {
    SOCKADDR_STORAGE la;
    SOCKET l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return;
    LPFN_ACCEPTEX accept_ex = NULL;
    if (!wc_ext_fn(c, l, (GUID)WSAID_ACCEPTEX, &accept_ex, sizeof accept_ex, "AcceptEx")) return;
    SOCKET acc = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    int err = 0;
    long long t = connect_time(cl, &err);
    wc_check(c, t == 0xFFFFFFFFll,
             "SO_CONNECT_TIME of a TCP socket never connected: %lld (error %d), expected 0xFFFFFFFF", t, err);
    char out[ACCEPT_EX_OUT];
    WSAOVERLAPPED ov;
    int ae = accept_ex_start(accept_ex, l, acc, out, &ov);
    DWORD got = 0, flags = 0;
    if (wc_check(c, ae == 0, "set-up: AcceptEx: %d", ae)) {
        t = connect_time(acc, &err);
        wc_check(c, t == 0xFFFFFFFFll,
                 "SO_CONNECT_TIME of an AcceptEx socket no client has reached: %lld (error %d), expected 0xFFFFFFFF", t,
                 err);
        int rc = connect(cl, (struct sockaddr *)&la, sizeof(struct sockaddr_in));
        if (wc_check(c,
                     rc == 0 && WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0 &&
                         WSAGetOverlappedResult(l, &ov, &got, FALSE, &flags),
                     "set-up: connect and AcceptEx's completion: %d", WSAGetLastError())) {
            long long ta = connect_time(acc, &err), tc = connect_time(cl, &err);
            wc_check(c, ta >= 0 && ta <= 1 && tc >= 0 && tc <= 1,
                     "SO_CONNECT_TIME just after the connection: AcceptEx socket %lld, client %lld; expected 0 or 1 "
                     "seconds each",
                     ta, tc);
        }
    }
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    t = connect_time(u, &err);
    wc_model_answer(c, "SO_CONNECT_TIME.udp", "%lld %d", t, err);
    closesocket(u);
    WSACloseEvent(ov.hEvent);
    closesocket(cl);
    if (acc != INVALID_SOCKET) closesocket(acc);
    closesocket(l);
}

/* Sends the rest of a message after a pause, from another thread. */
typedef struct late_send {
    SOCKET s;
    const char *data;
    int len, rc;
} late_send;

static DWORD WINAPI send_later(LPVOID arg) {
    late_send *l = arg;
    Sleep(50);
    l->rc = send(l->s, l->data, l->len, 0);
    return 0;
}

/* S3 (recv and WSARecv pages, MSG_WAITALL: "The receive request will complete only when one of
 * the following events occurs: The buffer supplied by the caller is completely full.  The
 * connection has been closed.  The request has been canceled or an error occurred"; it fails
 * with WSAEOPNOTSUPP on a non-blocking socket, with MSG_OOB, MSG_PEEK or MSG_PARTIAL, and "This
 * flag is not supported on datagram sockets"): how a proxy reads a fixed-size header in one
 * call.  A message sent in two parts comes whole to a blocking recv and to an overlapped
 * WSARecv, which stays pending in between; the peer's close ends it short. */
/* A connected pair whose receiving end gives up after 2 s: a stack that ignores the refusals
 * below would otherwise block for ever. */
static int waitall_pair(wc_ctx *c, SOCKET *cl, SOCKET *sv) {
    if (!wc_tcp_pair(c, AF_INET, cl, sv)) return 0;
    DWORD tmo = 2000;
    setsockopt(*sv, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof tmo);
    return 1;
}

/* Each part on a pair of its own, so that what one leaves queued on a stack that ignores the
 * flag cannot change what the next sees. */
static void recv_waitall(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl, sv;
    char buf[16];
    if (!waitall_pair(c, &cl, &sv)) return;
    memset(buf, 0, sizeof buf);
    int rc = send(cl, "head", 4, 0);
    late_send l = {cl, "erbody", 6, -1};
    HANDLE th = rc == 4 ? CreateThread(NULL, 0, send_later, &l, 0, NULL) : NULL;
    if (!wc_check(c, th != NULL, "set-up: 4 bytes and a sending thread: %d", rc)) return;
    rc = recv(sv, buf, 10, MSG_WAITALL);
    WaitForSingleObject(th, WC_WAIT_MS);
    CloseHandle(th);
    wc_check(c, rc == 10 && memcmp(buf, "headerbody", 10) == 0,
             "recv(10, MSG_WAITALL) of 4 bytes and 6 more 50 ms later: %d \"%.4s\" (err %d); expected 10, "
             "\"headerbody\"",
             rc, buf, rc < 0 ? WSAGetLastError() : 0);
    closesocket(cl);
    closesocket(sv);
    /* overlapped: pending until the buffer is full */
    if (!waitall_pair(c, &cl, &sv)) return;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    WSABUF b = {8, buf};
    DWORD got = 0, flags = MSG_WAITALL;
    memset(buf, 0, sizeof buf);
    rc = WSARecv(sv, &b, 1, &got, &flags, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING,
                 "an overlapped WSARecv(8, MSG_WAITALL) with nothing waiting: rc=%d err=%d; expected pending", rc,
                 err)) {
        send(cl, "abc", 3, 0);
        DWORD wr = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 200, FALSE);
        wc_check(c, wr == WSA_WAIT_TIMEOUT,
                 "the overlapped MSG_WAITALL receive completed with 3 of its 8 bytes (wait %lu); expected it pending",
                 (unsigned long)wr);
        send(cl, "defgh", 5, 0);
        wr = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 5000, FALSE);
        BOOL ok = wr == WSA_WAIT_EVENT_0 && WSAGetOverlappedResult(sv, &ov, &got, FALSE, &flags);
        wc_check(c, ok && got == 8 && memcmp(buf, "abcdefgh", 8) == 0,
                 "the overlapped MSG_WAITALL receive after 3 + 5 bytes: %s, %lu bytes; expected 8, \"abcdefgh\"",
                 ok ? "TRUE" : "FALSE", (unsigned long)got);
    }
    closesocket(cl);
    closesocket(sv);
    WSACloseEvent(ov.hEvent);
    /* the refusals, nothing queued */
    if (!waitall_pair(c, &cl, &sv)) return;
    rc = recv(sv, buf, 4, MSG_WAITALL | MSG_PEEK);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEOPNOTSUPP,
             "recv with MSG_WAITALL | MSG_PEEK: rc=%d err=%d; expected WSAEOPNOTSUPP", rc, err);
    u_long nb = 1;
    ioctlsocket(sv, FIONBIO, &nb);
    rc = recv(sv, buf, 4, MSG_WAITALL);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEOPNOTSUPP,
             "recv with MSG_WAITALL on a non-blocking socket: rc=%d err=%d; expected WSAEOPNOTSUPP", rc, err);
    closesocket(cl);
    closesocket(sv);
    /* the peer's close ends it short */
    if (!waitall_pair(c, &cl, &sv)) return;
    send(cl, "xyz", 3, 0);
    shutdown(cl, SD_SEND);
    memset(buf, 0, sizeof buf);
    rc = recv(sv, buf, 10, MSG_WAITALL);
    wc_check(c, rc == 3 && memcmp(buf, "xyz", 3) == 0,
             "recv(10, MSG_WAITALL) of 3 bytes and the peer's shutdown: %d (err %d); expected 3", rc,
             rc < 0 ? WSAGetLastError() : 0);
    closesocket(cl);
    closesocket(sv);
    SOCKADDR_STORAGE ua;
    SOCKET u = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ua);
    if (u == INVALID_SOCKET) return;
    DWORD tmo = 2000;
    setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof tmo);
    rc = recv(u, buf, 4, MSG_WAITALL);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEOPNOTSUPP,
             "recv with MSG_WAITALL on a UDP socket: rc=%d err=%d; expected WSAEOPNOTSUPP", rc, err);
    closesocket(u);
}

/* S3 (closesocket page, the linger table: l_onoff nonzero and l_linger zero is "a hard or
 * abortive close, because the socket's virtual circuit is reset immediately ... any recv call on
 * the remote side of the circuit will fail with WSAECONNRESET"; with l_onoff zero, or a nonzero
 * timeout and nothing left to send, the close is graceful): how a proxy aborts a client when its
 * upstream fails, and what the client then sees.  The peer's bytes were read first, so only the
 * option decides. */
static void linger_close(wc_ctx *c) {
    wc_use_variant(c);
    static const struct {
        u_short onoff, secs;
        int reset;
    } rows[] = {{1, 0, 1}, {0, 0, 0}, {1, 5, 0}};
    for (int i = 0; i < 3; i++) {
        SOCKET cl, sv;
        if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
        struct linger lg = {rows[i].onoff, rows[i].secs};
        int rc = setsockopt(sv, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
        char buf[8];
        int sent = send(cl, "read", 4, 0), got = sent == 4 ? recv(sv, buf, sizeof buf, 0) : -1;
        if (!wc_check(c, rc == 0 && got == 4, "set-up: SO_LINGER {%u, %u} and 4 bytes read: %d, %d (err %d)",
                      rows[i].onoff, rows[i].secs, rc, got, WSAGetLastError()))
            return;
        closesocket(sv);
        DWORD tmo = 5000;
        setsockopt(cl, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof tmo);
        rc = recv(cl, buf, sizeof buf, 0);
        int err = rc < 0 ? WSAGetLastError() : 0;
        if (rows[i].reset)
            wc_check(
                c, rc == SOCKET_ERROR && err == WSAECONNRESET,
                "the peer's recv after a close with SO_LINGER {1, 0}: rc=%d err=%d; expected WSAECONNRESET (a hard "
                "close resets the circuit)",
                rc, err);
        else
            wc_check(c, rc == 0,
                     "the peer's recv after a close with SO_LINGER {%u, %u} and nothing unsent: rc=%d err=%d; expected "
                     "0 (a graceful close)",
                     rows[i].onoff, rows[i].secs, rc, err);
        closesocket(cl);
    }
}

/* The network events recorded for s, waiting up to 5 s for `want` among them (WSAEnumNetworkEvents
 * resets the record, so each report's events are OR'ed, the error of `bit` kept). */
static long events_until(wc_ctx *c, SOCKET s, WSAEVENT ev, long want, int bit, int *err) {
    long seen = 0;
    *err = -1;
    for (int i = 0; i < 10 && !(seen & want); i++) {
        if (WSAWaitForMultipleEvents(1, &ev, FALSE, 500, FALSE) != WSA_WAIT_EVENT_0) continue;
        WSANETWORKEVENTS ne;
        memset(&ne, 0xA5, sizeof ne);
        if (!wc_check(c, WSAEnumNetworkEvents(s, ev, &ne) == 0, "WSAEnumNetworkEvents: %d", WSAGetLastError())) break;
        seen |= ne.lNetworkEvents;
        if (ne.lNetworkEvents & (1L << bit)) *err = ne.iErrorCode[bit];
    }
    return seen;
}

/* S3 ("WSAEventSelect", the error codes of FD_CLOSE: WSAECONNRESET "the connection was reset by the
 * remote side").  A connection closed by its peer with bytes it never read is reset (as
 * S3.recv-reset sees), and an event-driven proxy must tell that from an orderly close (0). */
static void event_select_reset(wc_ctx *c) {
    wc_use_variant(c);
    SOCKADDR_STORAGE a, b;
    SOCKET l = bound(c, AF_INET, SOCK_STREAM, 0, &a);
    int alen = sizeof a;
    if (l == INVALID_SOCKET || !wc_check(c, getsockname(l, (struct sockaddr *)&a, &alen) == 0 && listen(l, 4) == 0,
                                         "set-up: listen: %d", WSAGetLastError()))
        return;
    SOCKET cl = bound(c, AF_INET, SOCK_STREAM, 0, &b);
    if (cl == INVALID_SOCKET || !wc_check(c, connect(cl, (struct sockaddr *)&a, sizeof(struct sockaddr_in)) == 0,
                                          "set-up: connect: %d", WSAGetLastError()))
        return;
    SOCKET s = accept(l, NULL, NULL);
    WSAEVENT ev = WSACreateEvent();
    if (!wc_check(c, s != INVALID_SOCKET && ev != WSA_INVALID_EVENT, "set-up: accept and WSACreateEvent: %d",
                  WSAGetLastError()))
        return;
    if (!wc_check(c, WSAEventSelect(s, ev, FD_READ | FD_CLOSE) == 0, "WSAEventSelect: %d", WSAGetLastError())) return;
    int err = 0, rc = send(s, "unread", 6, 0);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(cl, &r);
    struct timeval tv = {5, 0};
    if (wc_check(c, rc == 6 && select(0, &r, NULL, NULL, &tv) == 1, "set-up: 6 bytes to the client: %d", rc) &&
        wc_check(c, closesocket(cl) == 0, "set-up: closesocket with bytes unread: %d", WSAGetLastError())) {
        long seen = events_until(c, s, ev, FD_CLOSE, FD_CLOSE_BIT, &err);
        wc_check(c, (seen & FD_CLOSE) && err == WSAECONNRESET,
                 "a peer that closed with bytes unread: events 0x%lx, FD_CLOSE error %d; expected FD_CLOSE with "
                 "WSAECONNRESET (%d)",
                 (unsigned long)seen, err, WSAECONNRESET);
    }
    WSAEventSelect(s, NULL, 0);
    closesocket(s);
    closesocket(l);
    WSACloseEvent(ev);
}

/* S3 ("WSAEventSelect": FD_READ is recorded when data arrives, with error 0): a datagram socket's
 * event is signalled once a datagram waits, and the datagram is read whole. */
static void event_select_dgram(wc_ctx *c) {
    SOCKADDR_STORAGE a, b;
    WSAEVENT ev = WSACreateEvent();
    if (!wc_check(c, ev != WSA_INVALID_EVENT, "set-up: WSACreateEvent: %d", WSAGetLastError())) return;
    SOCKET rx = bound(c, AF_INET, SOCK_DGRAM, 0, &a), tx = bound(c, AF_INET, SOCK_DGRAM, 0, &b);
    int alen = sizeof a, err = 0, rc = 0;
    if (rx != INVALID_SOCKET && tx != INVALID_SOCKET &&
        wc_check(c, getsockname(rx, (struct sockaddr *)&a, &alen) == 0 && WSAEventSelect(rx, ev, FD_READ) == 0,
                 "set-up: WSAEventSelect on a UDP socket: %d", WSAGetLastError())) {
        rc = sendto(tx, "dgram", 5, 0, (struct sockaddr *)&a, alen);
        long seen = rc == 5 ? events_until(c, rx, ev, FD_READ, FD_READ_BIT, &err) : 0;
        /* FD_READ is level-triggered and re-enabled only by a receive ("no further actions are
         * taken for that network event until the application makes the function call that
         * implicitly reenables"): a second datagram that arrives after WSAEnumNetworkEvents
         * records nothing; the receive of the first, with the second still waiting, records it
         * again; the receive of the second leaves nothing. */
        int rc2 = sendto(tx, "again", 5, 0, (struct sockaddr *)&a, alen);
        fd_set r;
        FD_ZERO(&r);
        FD_SET(rx, &r);
        struct timeval tv = {5, 0};
        int ready = select(0, &r, NULL, NULL, &tv);
        wc_check(c, rc2 == 5 && ready == 1, "set-up: a second datagram: sendto %d, select %d", rc2, ready);
        wc_check(c, WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
                 "a datagram that arrived after WSAEnumNetworkEvents, with no receive since, signalled FD_READ (only a "
                 "receive re-enables it)");
        char buf[16];
        int got = recv(rx, buf, sizeof buf, 0);
        wc_check(c, (seen & FD_READ) && err == 0 && got == 5 && memcmp(buf, "dgram", 5) == 0,
                 "a datagram to a UDP socket with WSAEventSelect(FD_READ): sendto %d, events 0x%lx, FD_READ error %d, "
                 "recv %d",
                 rc, (unsigned long)seen, err, got);
        err = -1;
        seen = events_until(c, rx, ev, FD_READ, FD_READ_BIT, &err);
        wc_check(c, (seen & FD_READ) && err == 0,
                 "the receive of the first of two datagrams: events 0x%lx, FD_READ error %d; expected FD_READ again",
                 (unsigned long)seen, err);
        got = recv(rx, buf, sizeof buf, 0);
        wc_check(c, got == 5 && memcmp(buf, "again", 5) == 0, "the second datagram: recv %d", got);
        wc_check(c, WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT,
                 "FD_READ recorded again with no datagram left waiting");
        WSAEventSelect(rx, NULL, 0);
    }
    if (rx != INVALID_SOCKET) closesocket(rx);
    if (tx != INVALID_SOCKET) closesocket(tx);
    WSACloseEvent(ev);
}

/* The same body with the model's bytes carried by real loopback sockets (knob transport=os). */
static const wc_case cases[] = {
    WC_CASE("S3.fionbio", "S3", "#dwiocontrolcode", WC_MUST,
            "FIONBIO: WSAEFAULT without a u_long; then a non-blocking recv gives WSAEWOULDBLOCK", fionbio),
    WC_CASE("S3.stream-bytes-and-eof", "S3", "#remarks", WC_MUST,
            "the bytes sent arrive unchanged; recv after the peer's shutdown returns 0", stream_bytes_and_eof),
    WC_CASE("S3.names", "S3", "#remarks", WC_MUST,
            "getsockname gives the bound address in its family (bound to port 0: that address and a port); the proxy's "
            "socket names its listener and the client",
            names),
    WC_CASE("S3.connect-on-listener", "S3", "#remarks", WC_MUST,
            "WSAEINVAL, and the socket keeps listening; on the model, ports 256 and 1,024 above a wildcard "
            "listener's are refused",
            connect_listener),
    WC_CASE("S3.partial-receives", "S3", "#remarks", WC_MUST, "peeks and small receives return the stream in order",
            partial_receives),
    WC_CASE("S3.udp-payload", "S3", "#remarks", WC_MUST, "a redirected datagram arrives whole, from the client's port",
            udp_payload),
    WC_CASE("S3.inet-pton", "S3", "#remarks", WC_MUST, "IPv4 and IPv6 address texts parse to their bytes", pton),
    WC_CASE("S3.getsockopt-len", "S3", "#remarks", WC_MUST, "WSAEFAULT for a short optlen; SO_TYPE and its length",
            getsockopt_len),
    WC_CASE("S3.send-unconnected", "S3", "#remarks", WC_MUST,
            "WSAENOTCONN for UDP send and overlapped TCP WSASend with no peer; nothing completes", send_unconnected),
    WC_CASE_P("S3.accept-inherits", "S3", "#remarks", WC_MUST,
              "a socket accepted from a listener with a WSAEventSelect selection has it too (FD_WRITE, then FD_READ, "
              "through the listener's event) and is non-blocking; one accepted from a listener made non-blocking with "
              "FIONBIO is non-blocking",
              accept_inherits, NULL),
    WC_S3_OS("accept-inherits", "an accepted socket has its listener's event selection and non-blocking mode",
             accept_inherits),
    WC_CASE("S3.event-select", "S3", "#remarks", WC_MUST,
            "WSAEventSelect makes the socket non-blocking; its event is signalled for FD_READ and FD_CLOSE, and "
            "WSAEnumNetworkEvents reports them with error 0 and resets the event; a recv that leaves bytes records "
            "FD_READ again",
            event_select),
    WC_CASE("S3.iocp-timeout", "S3", "#remarks", WC_MUST,
            "GetQueuedCompletionStatus on an empty port times out: FALSE, WAIT_TIMEOUT, lpOverlapped NULL",
            iocp_timeout),
    WC_CASE("S3.many-sockets", "S3", "#remarks", WC_MUST,
            "4,200 UDP sockets bound to port 0 each get their own port and the datagram sent to it", many_sockets),
    WC_CASE("S3.not-a-socket", "S3", "#remarks", WC_MUST,
            "WSAENOTSOCK from every call a proxy makes: accept, bind, listen, connect, send, recv, sendto, recvfrom, "
            "getsockname, getpeername, setsockopt, getsockopt, ioctlsocket, shutdown, WSARecvMsg, WSASendMsg",
            not_a_socket),
    WC_CASE_P("S3.close-after-send", "S3", "#remarks", WC_MUST,
              "up to 8 MiB sent, then closesocket: all of it arrives, then the end of the stream", close_after_send,
              NULL),
    WC_CASE("S3.wsastartup", "S3", "#remarks", WC_MUST,
            "WSAStartup(2.2) fills WSADATA with 2.2 and pairs with WSACleanup, also two of each three times over; "
            "after the last WSACleanup Winsock calls are WSANOTINITIALISED until the next WSAStartup; "
            "a NULL WSADATA is WSAEFAULT",
            wsastartup),
    WC_CASE("S3.connect-connected", "S3", "#remarks", WC_MUST, "connect on a connected TCP socket: WSAEISCONN",
            connect_connected),
    WC_CASE("S3.listen-burst", "S3", "#remarks", WC_MUST,
            "sixteen clients connect before the first accept: each is accepted once, then WSAEWOULDBLOCK",
            listen_burst),
    WC_CASE_P("S3.bind-in-use", "S3", "#remarks", WC_MUST,
              "bind to an address:port a TCP socket is bound to: WSAEADDRINUSE; connect to it (not listening): "
              "WSAECONNREFUSED",
              bind_in_use, NULL),
    WC_CASE_P("S3.os.bind-in-use", "S3", "#remarks", WC_MUST,
              "over the model's os transport: WSAEADDRINUSE, and the host's refusal of a connect is WSAECONNREFUSED",
              bind_in_use, "os"),
    WC_CASE("S3.select-timeout", "S3", "#remarks", WC_MUST, "select with a negative time-out: WSAEINVAL",
            select_timeout),
    WC_CASE("S3.getaddrinfo", "S3", "#remarks", WC_MUST,
            "numeric IPv4 and IPv6 texts and localhost resolve to their loopback address with the decimal port",
            addrinfo),
    WC_CASE("S3.wsaaccept-reject", "S3", "#remarks", WC_MUST,
            "WSAAccept whose condition returns CF_REJECT: WSAECONNREFUSED; the client sees the end; nothing left",
            wsaaccept_reject),
    WC_CASE("S3.connectex-data", "S3", "#remarks", WC_MUST,
            "ConnectEx with send data completes with its byte count; the listener reads exactly those bytes",
            connectex_data),
    WC_CASE_P("S3.recv-bad-buffer", "S3", "#remarks", WC_MUST, "recv into a read-only buffer: WSAEFAULT",
              recv_bad_buffer, NULL),
    WC_CASE_P("S3.udp-empty", "S3", "#remarks", WC_MUST, "a 0-byte datagram arrives as a 0-byte receive, in order",
              udp_empty, NULL),
    WC_CASE("S3.string-to-address", "S3", "#remarks", WC_MUST,
            "WSAStringToAddressA: an IPv4 text with a decimal port gives it; a colon with no port is WSAEINVAL",
            string_to_address),
    WC_CASE("S3.wsapoll", "S3", "#remarks", WC_MUST,
            "WSAPoll reports POLLRDNORM for the socket with a datagram queued, in either slot, and counts it, also "
            "with a negative timeout",
            wsapoll),
    WC_CASE_P("S3.recv-reset", "S3", "#return-value", WC_MUST,
              "overlapped WSARecv on a reset connection fails at once with WSAECONNRESET; no packet, no routine",
              recv_reset, NULL),
    WC_CASE_P("S3.os.recv-reset", "S3", "#return-value", WC_MUST,
              "over the model's os transport: the host's reset is WSAECONNRESET at once, no packet, no routine",
              recv_reset, "os"),
    WC_CASE("S3.connect-time", "S3", "#remarks", WC_MUST,
            "SO_CONNECT_TIME: 0xFFFFFFFF never connected and for an AcceptEx socket no client reached; 0 or 1 "
            "seconds for both ends just after the connection",
            connect_time_states),
    WC_CASE_P("S3.acceptex-inherits", "S3", "#remarks", WC_SHOULD,
              "an AcceptEx socket has no WSAEventSelect selection until SO_UPDATE_ACCEPT_CONTEXT, and its listener's "
              "after it (FD_WRITE through the listener's event)",
              acceptex_inherits, NULL),
    WC_CASE_P("S3.recv-waitall", "S3", "#remarks", WC_MUST,
              "MSG_WAITALL: a blocking recv and an overlapped WSARecv complete only with the buffer full (a message "
              "sent in two parts comes whole), or short at the peer's shutdown; WSAEOPNOTSUPP with MSG_PEEK, on a "
              "non-blocking socket and on UDP",
              recv_waitall, NULL),
    WC_S3_OS("recv-waitall", "MSG_WAITALL fills the buffer or ends at the peer's shutdown; its refusals", recv_waitall),
    WC_CASE_P("S3.linger-close", "S3", "#remarks", WC_MUST,
              "closesocket with SO_LINGER {1, 0} resets the connection (the peer's recv: WSAECONNRESET); with {0, 0} "
              "or {1, 5} and nothing unsent the peer reads 0",
              linger_close, NULL),
    WC_S3_OS("linger-close", "SO_LINGER {1, 0}: the peer's recv WSAECONNRESET; otherwise 0", linger_close),
    WC_CASE_P("S3.event-select-reset", "S3", "#remarks", WC_MUST,
              "a peer closing with bytes unread: FD_CLOSE with WSAECONNRESET, not an orderly close's 0",
              event_select_reset, NULL),
    WC_CASE_P("S3.os.event-select-reset", "S3", "#remarks", WC_MUST,
              "over the model's os transport: the host's reset gives FD_CLOSE with WSAECONNRESET", event_select_reset,
              "os"),
    WC_CASE("S3.event-select-dgram", "S3", "#remarks", WC_MUST,
            "a UDP socket's event is signalled for FD_READ with 0 once a datagram waits, not for a second before a "
            "receive, again after the receive; the datagram is read whole",
            event_select_dgram),
    WC_S3_OS("stream-bytes-and-eof", "the bytes sent arrive unchanged; recv after shutdown returns 0",
             stream_bytes_and_eof),
    WC_S3_OS("partial-receives", "peeks and small receives return the stream in order", partial_receives),
    WC_S3_OS("close-after-send", "up to 8 MiB sent, closesocket: all of it arrives, then the end", close_after_send),
    WC_S3_OS("udp-payload", "a redirected datagram arrives whole, from the client's port", udp_payload),
    WC_S3_OS("recv-bad-buffer", "recv into a read-only buffer: WSAEFAULT", recv_bad_buffer),
    WC_S3_OS("udp-empty", "a 0-byte datagram arrives as a 0-byte receive, in order", udp_empty),
    WC_S3_OS("event-select", "FD_READ and FD_CLOSE signal the event; WSAEnumNetworkEvents reports and resets",
             event_select),
};
WC_TABLE(wc_setup_calls, cases);
