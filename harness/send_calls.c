/*
 * send_calls.c: fuzz_sequence's send and receive command: send, WSASend (blocking, or overlapped
 * with an event), recv/WSARecv and shutdown(SD_SEND) on whichever socket the input picks, each
 * judged.
 *
 * Why: a proxy relays with these calls.  Before this file the sequence target only ever sent
 * with send() on a connected flow, so seed 24's mutant that left WSASend's last error unset
 * after a failure (docs/PERFORMANCE.md, issue 16 item 4) reached no fuzz target: nothing made a
 * WSASend fail, and nothing could tell a fresh error from one an earlier call left.  So before
 * every call here the thread's last error is set to WH_STALE_ERROR, which no call returns: a
 * call that fails must replace it.
 *
 * Outcomes, from the pages ("send function", "WSASend function", "recv function", "WSARecv
 * function", "select function"), as certify holds them in S3.send-unconnected, S3.not-a-socket
 * and S3.shutdown-states:
 * - a handle that is not a socket: SOCKET_ERROR and WSAENOTSOCK;
 * - a TCP socket never connected (fresh or bound), or a bound UDP socket with no peer:
 *   SOCKET_ERROR and WSAENOTCONN at once, also when overlapped (its event stays unsignalled),
 *   and a receive writes nothing;
 * - a connected TCP flow: every byte is sent, by the count or by the overlapped completion, and
 *   what the other end receives without blocking is a prefix of it (WSAEWOULDBLOCK if nothing
 *   has arrived yet);
 * - a connected TCP flow filled until a non-blocking send is refused (WSAEWOULDBLOCK): once the
 *   other end has taken every byte, in order, the sender is writable again;
 * - shutdown(SD_SEND): 0 on a connected flow, whose sends then fail with WSAESHUTDOWN;
 *   WSAENOTCONN on a socket never connected, WSAENOTSOCK on a handle that is no socket;
 * - a closed socket or a listening one: only that a failure names its error (a closed handle's
 *   value may be reused by a later socket, so its outcome is not known here).
 */
#include <stdio.h>
#include <string.h>

#include "wh.h"

#define DATA_MAX 64

typedef enum data_how { SEND, WSASEND, WSASEND_OVERLAPPED, FILL, RECV, WSARECV, SHUTDOWN, HOW_COUNT } data_how;

static const char *const how_names[HOW_COUNT] = {"send", "WSASend", "overlapped WSASend", "fill",
                                                 "recv", "WSARecv", "shutdown(SD_SEND)"};

/* SO_RCVBUF of the receiver and SO_SNDBUF of the sender: a fill stays cheap (some 9 sends on the
 * model).  Not smaller: a real stack with 8 KiB buffers waits on TCP's persist timer while it
 * drains (S3.os.send-room-sized took 0.63 s so over Linux loopback). */
#define FILL_BUF 65536
#define FILL_CHUNK (16u << 10)
#define FILL_LIMIT (256u << 20) /* a stack that takes more than this is not filled: nothing judged */
#define FILL_PERIOD 251u /* a prime: a byte out of place or lost shows in the pattern */

/* The error a call that cannot work on s must give, or 0 when it is not known here. */
static int known_error(const wh_sock *s) {
    if (s->state == WC_ORACLE_S_NOT_SOCKET) return WSAENOTSOCK;
    if (s->closed) return 0;
    if (s->shut_send) return WSAESHUTDOWN; /* asked of sends only (wh_data_call) */
    if (s->udp) return WSAENOTCONN; /* the proxy's socket is bound, never connected */
    if (s->state == WC_ORACLE_S_FRESH || s->state == WC_ORACLE_S_BOUND) return WSAENOTCONN;
    return 0;
}

/* One call as `how` says, on buf[0..n): 0 with *done the byte count it reports, or SOCKET_ERROR. */
static int data_call(wh_ctx *x, wh_sock *s, data_how how, char *buf, DWORD n, DWORD *done, WSAEVENT *ev) {
    WSABUF b[2] = {{n / 2, buf}, {n - n / 2, buf + n / 2}}; /* two buffers: the call must join them */
    DWORD flags = 0;
    *done = 0xDEADBEEFu;
    wh_fdp_c("WSASetLastError(0x%x);", WH_STALE_ERROR);
    WSASetLastError(WH_STALE_ERROR);
    switch (how) {
    case SEND:
    case RECV: {
        wh_fdp_c("r = %s(%s, d, %lu, 0);", how_names[how], s->name, (unsigned long)n);
        int r = how == SEND ? send(s->s, buf, (int)n, 0) : recv(s->s, buf, (int)n, 0);
        if (r < 0) return SOCKET_ERROR;
        *done = (DWORD)r;
        return 0;
    }
    case WSASEND:
        wh_fdp_c("{ WSABUF b[2] = {{%lu, d}, {%lu, d + %lu}}; DWORD n; r = WSASend(%s, b, 2, &n, 0, NULL, NULL); }",
                 (unsigned long)b[0].len, (unsigned long)b[1].len, (unsigned long)b[0].len, s->name);
        return WSASend(s->s, b, 2, done, 0, NULL, NULL);
    case WSARECV:
        wh_fdp_c("{ WSABUF b[2] = {{%lu, d}, {%lu, d + %lu}}; DWORD n, fl = 0; r = WSARecv(%s, b, 2, &n, &fl, NULL, "
                 "NULL); }",
                 (unsigned long)b[0].len, (unsigned long)b[1].len, (unsigned long)b[0].len, s->name);
        return WSARecv(s->s, b, 2, done, &flags, NULL, NULL);
    default: {
        WSAOVERLAPPED *ov = wh_alloc(x, sizeof *ov);
        if (!ov) wh_fail("harness", "out of memory");
        *ev = ov->hEvent = WSACreateEvent();
        wh_fdp_c("{ WSAOVERLAPPED ov = {0}; ov.hEvent = WSACreateEvent(); WSABUF b[2] = {{%lu, d}, {%lu, d + %lu}}; "
                 "DWORD n; r = WSASend(%s, b, 2, &n, 0, &ov, NULL);",
                 (unsigned long)b[0].len, (unsigned long)b[1].len, (unsigned long)b[0].len, s->name);
        int r = WSASend(s->s, b, 2, done, 0, ov, NULL);
        if (r == 0 || WSAGetLastError() == WSA_IO_PENDING) {
            int e = r ? WSA_IO_PENDING : 0;
            DWORD got = 0, fl = 0;
            wh_fdp_c("  DWORD fl; WSAGetOverlappedResult(%s, &ov, &n, TRUE, &fl); }", s->name);
            if (!WSAGetOverlappedResult(s->s, ov, &got, TRUE, &fl))
                wh_fail("S3", "overlapped WSASend of %lu bytes on %s (%s) ended with error %d", (unsigned long)n,
                        s->name, e ? "pending" : "done at once", WSAGetLastError());
            *done = got;
            return 0;
        }
        wh_fdp_c("}");
        return r;
    }
    }
}

/* A call that cannot work on s: it fails with the error its page names and changes nothing. */
static void judge_failure(wh_sock *s, data_how how, int r, int err, DWORD done, int wrote, WSAEVENT ev) {
    int want = known_error(s);
    if (r != SOCKET_ERROR) {
        if (want)
            wh_fail("S3", "%s on %s reported %lu bytes; expected SOCKET_ERROR and %d", how_names[how], s->name,
                    (unsigned long)done, want);
        return;
    }
    if (err == WH_STALE_ERROR)
        wh_fail("S3", "%s on %s failed without setting the thread's last error (it still holds the 0x%x set before)",
                how_names[how], s->name, WH_STALE_ERROR);
    if (!want) return;
    if (err != want) wh_fail("S3", "%s on %s failed with %d; expected %d", how_names[how], s->name, err, want);
    if (wrote)
        wh_fail("S3", "%s on %s failed with %d but wrote into the caller's buffer", how_names[how], s->name, err);
    if (ev != WSA_INVALID_EVENT && WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) != WSA_WAIT_TIMEOUT)
        wh_fail("S3",
                "overlapped WSASend on %s failed at once with %d, but its event was signalled: a completion for a "
                "failed call",
                s->name, err);
}

/* On a connected flow: the bytes go out whole and arrive unchanged at the other end, received
 * without blocking (a stack may not have moved them yet: then WSAEWOULDBLOCK, or a prefix). */
static void relay(wh_ctx *x, wh_sock *s, data_how how, data_how back, const uint8_t *p, DWORD n) {
    char out[DATA_MAX], got[DATA_MAX];
    memcpy(out, p, n);
    DWORD done = 0;
    WSAEVENT ev = WSA_INVALID_EVENT;
    int r = data_call(x, s, how, out, n, &done, &ev);
    int err = r ? WSAGetLastError() : 0;
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    if (r)
        wh_fail("S3", "%s of %lu bytes on the connected flow %s failed with %d%s", how_names[how], (unsigned long)n,
                s->name, err, err == WH_STALE_ERROR ? " (the last error was never set)" : "");
    if (done != n)
        wh_fail("S3", "%s of %lu bytes on the connected flow %s reported %lu bytes sent", how_names[how],
                (unsigned long)n, s->name, (unsigned long)done);
    wh_sock peer = *s; /* the flow's other end, named as make_socket's C names it */
    peer.s = s->peer;
    snprintf(peer.name, sizeof peer.name, "f%u.%s", (unsigned)(unsigned char)(s - x->socks + 1),
             s->kind == WH_S_REDIRECTED ? "client" : "accepted");
    u_long nb = 1;
    wh_fdp_c("{ u_long nb = 1; ioctlsocket(%s, FIONBIO, &nb); }", peer.name);
    ioctlsocket(peer.s, FIONBIO, &nb);
    r = data_call(x, &peer, back, got, n, &done, &ev);
    err = r ? WSAGetLastError() : 0;
    if (r && err != WSAEWOULDBLOCK)
        wh_fail("S3",
                "%s at the other end of %s, after %lu bytes were sent: error %d, expected the bytes or "
                "WSAEWOULDBLOCK",
                how_names[back], s->name, (unsigned long)n, err);
    if (!r && (done > n || memcmp(got, p, done) != 0))
        wh_fail("S4", "%lu bytes received at the other end of %s differ from the %lu sent", (unsigned long)done,
                s->name, (unsigned long)n);
}

/* Fills a connected flow until the stack refuses the sender (a non-blocking send fails with
 * WSAEWOULDBLOCK), then drains the other end.  Small SO_RCVBUF and SO_SNDBUF, as a proxy may
 * set them, keep that to a few sends.  Every byte sent arrives once and in order, and
 * the sender is writable again: select's writefds ("data can be sent") and the send page's
 * WSAEWOULDBLOCK, which is only "for now".  A stack that forgets its refused sender leaves a
 * proxy's relay waiting for an FD_WRITE or a writable select that never comes. */
static void fill(wh_sock *s) {
    static uint8_t src[FILL_CHUNK + FILL_PERIOD], got[FILL_CHUNK];
    if (!src[1])
        for (size_t i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i % FILL_PERIOD);
    wh_fdp_c("/* fill %s until refused, drain the other end, select it writable (send_calls.c fill) */", s->name);
    u_long nb = 1;
    int buf = FILL_BUF;
    ioctlsocket(s->s, FIONBIO, &nb);
    ioctlsocket(s->peer, FIONBIO, &nb);
    setsockopt(s->peer, SOL_SOCKET, SO_RCVBUF, (const char *)&buf, sizeof buf);
    setsockopt(s->s, SOL_SOCKET, SO_SNDBUF, (const char *)&buf, sizeof buf);
    while (recv(s->peer, (char *)got, (int)sizeof got, 0) > 0) continue; /* what earlier commands left */
    size_t sent = 0;
    int err = 0;
    while (sent < FILL_LIMIT) {
        int r = send(s->s, (const char *)src + sent % FILL_PERIOD, (int)FILL_CHUNK, 0);
        if (r == SOCKET_ERROR) {
            err = WSAGetLastError();
            break;
        }
        if (r <= 0 || r > (int)FILL_CHUNK)
            wh_fail("S3", "a non-blocking send of %u bytes on %s returned %d", FILL_CHUNK, s->name, r);
        sent += (size_t)r;
    }
    if (!err) return; /* never refused: nothing to judge */
    if (err != WSAEWOULDBLOCK)
        wh_fail("S3", "a non-blocking send on %s after %zu bytes failed with %d, not WSAEWOULDBLOCK", s->name, sent,
                err);
    size_t taken = 0;
    for (int idle = 0; taken < sent && idle < 1000;) {
        int r = recv(s->peer, (char *)got, (int)sizeof got, 0);
        if (r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) {
            Sleep(1); /* a real stack moves the rest from the sender's buffer */
            idle++;
            continue;
        }
        if (r <= 0)
            wh_fail("S3", "draining %s's other end after %zu of %zu bytes: recv returned %d, error %d", s->name, taken,
                    sent, r, r ? WSAGetLastError() : 0);
        for (int i = 0; i < r; i++)
            if (got[i] != (uint8_t)((taken + (size_t)i) % FILL_PERIOD))
                wh_fail("S4", "byte %zu received at %s's other end is not the byte sent there", taken + (size_t)i,
                        s->name);
        taken += (size_t)r;
    }
    if (taken != sent)
        wh_fail("S4", "%zu bytes sent on %s before the stack refused more, %zu received at the other end", sent,
                s->name, taken);
    fd_set wr;
    FD_ZERO(&wr);
    FD_SET(s->s, &wr);
    struct timeval tv = {1, 0};
    int r = select(0, NULL, &wr, NULL, &tv);
    if (r != 1)
        wh_fail("S3",
                "%s refused a send (WSAEWOULDBLOCK), its other end then took every byte, yet select does not "
                "report it writable within 1 s (%d)",
                s->name, r);
}

/* "shutdown": SD_SEND on a connected socket succeeds, and afterwards "it is not possible to send
 * on a socket after shutdown has been invoked with how set to SD_SEND" (send page: WSAESHUTDOWN);
 * on a socket never connected WSAENOTCONN, on a handle that is no socket WSAENOTSOCK. */
static void shut(wh_sock *s, int connected) {
    wh_fdp_step("shutdown(%s, SD_SEND)", s->name);
    wh_fdp_c("WSASetLastError(0x%x); r = shutdown(%s, SD_SEND);", WH_STALE_ERROR, s->name);
    WSASetLastError(WH_STALE_ERROR);
    int r = shutdown(s->s, SD_SEND);
    int err = r ? WSAGetLastError() : 0;
    int digest[] = {3102, r, err};
    wh_digest_add(digest, sizeof digest);
    if (r && err == WH_STALE_ERROR)
        wh_fail("S3", "shutdown(%s, SD_SEND) failed without setting the thread's last error", s->name);
    if (connected) {
        if (r) wh_fail("S3", "shutdown(SD_SEND) of the connected flow %s failed with %d", s->name, err);
        s->shut_send = 1;
        return;
    }
    int want = s->udp || s->shut_send ? 0 : known_error(s); /* UDP and a second shutdown: not judged */
    if (want && (r != SOCKET_ERROR || err != want))
        wh_fail("S3", "shutdown(%s, SD_SEND): %d, error %d; expected %d", s->name, r, err, want);
}

void wh_data_call(wh_ctx *x, wh_sock *s) {
    static const data_how on_flow[] = {SEND, WSASEND, WSASEND_OVERLAPPED, FILL, SHUTDOWN};
    static const data_how elsewhere[] = {SEND, WSASEND, WSASEND_OVERLAPPED, RECV, WSARECV, SHUTDOWN};
    int connected = s->peer != INVALID_SOCKET && !s->closed && !s->udp && !s->shut_send;
    data_how how = connected ? wh_fdp_pick(x->in, on_flow) : wh_fdp_pick(x->in, elsewhere);
    if (how == WSASEND_OVERLAPPED && !s->overlapped) how = WSASEND;
    if (how == SHUTDOWN) {
        shut(s, connected);
        return;
    }
    if (s->shut_send && (how == RECV || how == WSARECV)) return; /* the peer may still send: not judged */
    if (how == FILL) {
        wh_fdp_step("fill %s until the stack refuses more, drain its other end, select it writable", s->name);
        fill(s);
        return;
    }
    const uint8_t *p;
    DWORD n = (DWORD)wh_fdp_bytes(x->in, wh_fdp_range(x->in, 1, DATA_MAX), &p);
    if (!n) return;
    data_how back = connected && wh_fdp_bool(x->in) ? WSARECV : RECV;
    if (connected)
        wh_fdp_step("%s %lu bytes on %s, %s at the other end", how_names[how], (unsigned long)n, s->name,
                    how_names[back]);
    else
        wh_fdp_step("%s %lu bytes on %s", how_names[how], (unsigned long)n, s->name);
    wh_fdp_c_bytes("{ static unsigned char dd[]", p, n);
    wh_fdp_c("  char *d = (char *)dd;");
    if (connected) {
        relay(x, s, how, back, p, (DWORD)n);
        wh_fdp_c("}");
        return;
    }
    if (how == RECV || how == WSARECV) {
        /* A datagram may be waiting, a listener's outcome is not known here, and a closed
         * handle's value may name a later socket whose recv would wait. */
        if (s->udp || s->closed || s->state == WC_ORACLE_S_LISTENING) {
            wh_fdp_c("}");
            return;
        }
        u_long nb = 1; /* a stack that wrongly waits for data must not hang the run */
        wh_fdp_c("  { u_long nb = 1; ioctlsocket(%s, FIONBIO, &nb); }", s->name);
        ioctlsocket(s->s, FIONBIO, &nb);
    }
    char buf[DATA_MAX];
    memcpy(buf, p, n);
    DWORD done = 0;
    WSAEVENT ev = WSA_INVALID_EVENT;
    int r = data_call(x, s, how, buf, n, &done, &ev);
    int err = r ? WSAGetLastError() : 0;
    wh_fdp_c("}");
    int digest[] = {3101, (int)how, r, err};
    wh_digest_add(digest, sizeof digest);
    judge_failure(s, how, r, err, done, memcmp(buf, p, n) != 0, ev);
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
}
