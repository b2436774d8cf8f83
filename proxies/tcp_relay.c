/*
 * tcp_relay.c: the TCP proxy's byte relay, both directions of a flow, on the completion
 * port: receive -> send (all of it, however short each completion) -> receive again; end of
 * stream on one side becomes shutdown(SD_SEND) on the other (half-close), and the flow ends
 * cleanly when both directions have seen it.  A failed receive or send (reset, abort) ends
 * the flow with that error.
 *
 * Why sends may be retried: a transport whose buffer is full answers WSAENOBUFS or
 * WSAEWOULDBLOCK instead of pending; the data stays in the direction's buffer and the next
 * px_tcp_poll tries again, so no call ever blocks the proxy's loop.
 */
#include "tcp_internal.h"

#include <stdlib.h>
#include <string.h>

/* What GetQueuedCompletionStatus reports for a reset connection (RtlNtStatusToDosError of
 * STATUS_CONNECTION_RESET); the model header does not name it. */
#ifndef ERROR_NETNAME_DELETED
#define ERROR_NETNAME_DELETED 64
#endif

static SOCKET src_of(const px_tcp_dir *d) { return d->up ? d->flow->down : d->flow->up; }
static SOCKET dst_of(const px_tcp_dir *d) { return d->up ? d->flow->up : d->flow->down; }

static int transient(int e) { return e == WSAENOBUFS || e == WSAEWOULDBLOCK; }

static void direction_done(px_tcp_dir *d) {
    d->state = DIR_DONE;
    px_tcp_flow *f = d->flow;
    if (f->dir[0].state == DIR_DONE && f->dir[1].state == DIR_DONE) px_tcp_flow_end(f, 0, "done");
}

static void start_recv(px_tcp_dir *d) {
    WSABUF b = {d->cap, d->buf};
    DWORD flags = 0;
    memset(&d->ov, 0, sizeof d->ov);
    d->state = DIR_RECV;
    /* 0 or WSA_IO_PENDING both mean a packet will come (A21): the port is the only path. */
    if (WSARecv(src_of(d), &b, 1, NULL, &flags, &d->ov, NULL) == 0 || WSAGetLastError() == WSA_IO_PENDING) {
        d->flow->pending++;
        return;
    }
    px_tcp_flow_end(d->flow, WSAGetLastError(), "relay receive");
}

static void start_send(px_tcp_dir *d) {
    WSABUF b = {d->have - d->sent, d->buf + d->sent};
    memset(&d->ov, 0, sizeof d->ov);
    if (WSASend(dst_of(d), &b, 1, NULL, 0, &d->ov, NULL) == 0 || WSAGetLastError() == WSA_IO_PENDING) {
        d->state = DIR_SEND;
        d->flow->pending++;
        return;
    }
    int e = WSAGetLastError();
    if (transient(e)) {
        if (d->state != DIR_RETRY) d->flow->p->retrying++;
        d->state = DIR_RETRY;
        return;
    }
    px_tcp_flow_end(d->flow, e, "relay send");
}

void px_tcp_relay_start(px_tcp_flow *f) {
    for (int i = 0; i < 2 && f->state == FLOW_RELAY; i++) start_recv(&f->dir[i]);
}

/* End of stream from the source: pass it on as a half-close. */
static void source_eof(px_tcp_dir *d) {
    /* The destination may already be gone (the peer reset it); the end is the same. */
    shutdown(dst_of(d), SD_SEND);
    direction_done(d);
}

void px_tcp_relay_completed(px_tcp_dir *d, BOOL ok, DWORD bytes, DWORD error) {
    px_tcp_flow *f = d->flow;
    f->pending--;
    if (f->state == FLOW_ENDED) { /* the abort of an operation we gave up on */
        px_tcp_flow_maybe_free(f);
        return;
    }
    if (!ok) {
        if (error == WSAECONNRESET || error == ERROR_NETNAME_DELETED) f->p->st.resets++;
        px_tcp_flow_end(f, (int)error, d->state == DIR_RECV ? "relay receive" : "relay send");
        return;
    }
    if (d->state == DIR_RECV) {
        if (bytes == 0) {
            source_eof(d);
            return;
        }
        d->have = bytes;
        d->sent = 0;
        start_send(d);
        return;
    }
    /* DIR_SEND: count what went, finish a short write before reading more. */
    d->sent += bytes;
    f->bytes[d->up] += bytes;
    if (d->up)
        f->p->st.bytes_up += bytes;
    else
        f->p->st.bytes_down += bytes;
    if (bytes == 0) {
        px_tcp_flow_end(f, WSAECONNABORTED, "relay send (no progress)");
        return;
    }
    if (d->sent < d->have) {
        f->p->st.short_sends++;
        start_send(d);
        return;
    }
    start_recv(d);
}

int px_tcp_relay_retry(px_tcp_proxy *p) {
    int n = 0;
    if (!p->retrying) return 0;
    for (px_tcp_flow *f = p->flows; f; f = f->next) {
        for (int i = 0; i < 2; i++) {
            px_tcp_dir *d = &f->dir[i];
            if (d->state != DIR_RETRY || f->state != FLOW_RELAY) continue;
            p->retrying--;
            p->st.send_retries++;
            d->state = DIR_SEND; /* start_send puts it back on the retry count if still full */
            start_send(d);
            n += d->state != DIR_RETRY;
        }
    }
    return n;
}

void px_tcp_dir_free(px_tcp_dir *d) {
    if (d->state == DIR_RETRY) d->flow->p->retrying--;
    d->state = DIR_DONE;
    free(d->buf);
    d->buf = NULL;
}
