/*
 * tcp_proxy.c: the TCP redirect service's listeners, per-connection set-up and teardown
 * (tcp_proxy.h has the steps; tcp_relay.c moves the bytes).
 *
 * Why accept and connect are non-blocking calls polled from px_tcp_poll rather than AcceptEx /
 * ConnectEx: wfpcert/winsock.h declares only what every target implements, and a callout
 * may pend the proxy's own outbound connect (A88) for as long as it likes; a blocking call
 * would stall every other flow of the proxy meanwhile.
 */
#include "tcp_internal.h"

#include <stdlib.h>
#include <string.h>

#define PX_TCP_DEFAULT_RELAY 16384
#define PX_TCP_ACCEPTS_PER_POLL 64
#define PX_TCP_PACKETS_PER_POLL 256

static int report(px_tcp_flow *f, px_event_kind kind, int error, const char *what, SOCKET accepted,
                  const px_blob *records, const px_blob *context, const SOCKADDR_STORAGE *upstream) {
    px_tcp_proxy *p = f->p;
    px_flow_ref r = {p->cfg.vendor,
                     p->cfg.port,
                     IPPROTO_TCP,
                     &f->client,
                     &f->original_dst,
                     accepted,
                     kind == PX_EV_FORWARDED ? f->up : INVALID_SOCKET,
                     f->bytes};
    return px_report(p->cfg.observer, p->cfg.observer_ctx, &r, kind, error, what, records, context, upstream);
}

static SOCKET open_listener(int af, USHORT port) {
    SOCKET s = WSASocket(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (s == INVALID_SOCKET) return s;
    SOCKADDR_STORAGE a;
    px_addr_loopback(af, port, &a);
    u_long nb = 1;
    if (bind(s, (struct sockaddr *)&a, px_addr_len(&a)) || listen(s, SOMAXCONN) || ioctlsocket(s, FIONBIO, &nb)) {
        int e = WSAGetLastError();
        closesocket(s);
        WSASetLastError(e);
        return INVALID_SOCKET;
    }
    return s;
}

int px_tcp_start(const px_tcp_config *c, px_tcp_proxy **out) {
    *out = NULL;
    px_tcp_proxy *p = calloc(1, sizeof *p);
    if (!p) return WSAENOBUFS;
    p->cfg = *c;
    if (!p->cfg.relay_buf) p->cfg.relay_buf = PX_TCP_DEFAULT_RELAY;
    if (!p->cfg.families) p->cfg.families = PX_TCP_V4 | PX_TCP_V6;
    p->listener[0] = p->listener[1] = INVALID_SOCKET;
    p->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (!p->port) {
        free(p);
        return WSAENOBUFS;
    }
    for (int i = 0; i < 2; i++) {
        if (!(p->cfg.families & (i ? PX_TCP_V6 : PX_TCP_V4))) continue;
        p->listener[i] = open_listener(i ? AF_INET6 : AF_INET, p->cfg.port);
        if (p->listener[i] == INVALID_SOCKET) {
            int e = WSAGetLastError();
            px_tcp_stop(p);
            return e ? e : WSAEINVAL;
        }
    }
    *out = p;
    return 0;
}

/* ------------------------------------------------------------ flow lifetime */
void px_tcp_flow_maybe_free(px_tcp_flow *f) {
    if (f->state != FLOW_ENDED || f->pending > 0) return;
    px_tcp_proxy *p = f->p;
    if (f->prev)
        f->prev->next = f->next;
    else
        p->flows = f->next;
    if (f->next) f->next->prev = f->prev;
    px_tcp_dir_free(&f->dir[0]);
    px_tcp_dir_free(&f->dir[1]);
    px_blob_free(&f->set);
    free(f);
}

void px_tcp_flow_end(px_tcp_flow *f, int error, const char *what) {
    if (f->state == FLOW_ENDED) return;
    px_tcp_proxy *p = f->p;
    if (f->state == FLOW_CONNECTING) p->connecting--;
    f->state = FLOW_ENDED;
    for (int i = 0; i < 2; i++)
        if (f->dir[i].state == DIR_RETRY) {
            p->retrying--;
            f->dir[i].state = DIR_DONE;
        }
    /* Closing aborts whatever is outstanding; those packets still arrive (pending). */
    if (f->down != INVALID_SOCKET) closesocket(f->down);
    if (f->up != INVALID_SOCKET) closesocket(f->up);
    f->down = f->up = INVALID_SOCKET;
    p->st.active--;
    if (error)
        p->st.failed++;
    else
        p->st.completed++;
    report(f, PX_EV_CLOSED, error, what, INVALID_SOCKET, NULL, NULL, NULL);
    px_tcp_flow_maybe_free(f);
}

static px_tcp_flow *flow_new(px_tcp_proxy *p, SOCKET accepted, const SOCKADDR_STORAGE *client) {
    px_tcp_flow *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->p = p;
    f->down = accepted;
    f->up = INVALID_SOCKET;
    f->client = *client;
    f->state = FLOW_CONNECTING;
    for (int i = 0; i < 2; i++) {
        f->dir[i].flow = f;
        f->dir[i].up = i;
        f->dir[i].cap = p->cfg.relay_buf;
        f->dir[i].buf = malloc(p->cfg.relay_buf);
        if (!f->dir[i].buf) {
            free(f->dir[0].buf);
            free(f);
            return NULL;
        }
    }
    f->next = p->flows;
    if (p->flows) p->flows->prev = f;
    p->flows = f;
    p->st.active++;
    p->connecting++;
    return f;
}

/* -------------------------------------------------------------- set-up */
/* Where the flow was going: the callout's context (A43), else the configured destination,
 * else the accepted socket's own address if it is not ours (a transparent redirect). */
static int original_destination(px_tcp_flow *f, const px_blob *context) {
    if (px_context_original_dst(context, &f->original_dst)) return 1;
    if (f->p->cfg.fallback_dst.ss_family) {
        f->original_dst = f->p->cfg.fallback_dst;
        return 1;
    }
    SOCKADDR_STORAGE self;
    int len = sizeof self;
    memset(&self, 0, sizeof self);
    if (getsockname(f->down, (struct sockaddr *)&self, &len) == 0 && px_addr_port(&self) != f->p->cfg.port) {
        f->original_dst = self;
        return 1;
    }
    return 0;
}

static void connected(px_tcp_flow *f) {
    px_tcp_proxy *p = f->p;
    p->connecting--;
    f->state = FLOW_RELAY;
    SOCKADDR_STORAGE local;
    int len = sizeof local;
    memset(&local, 0, sizeof local);
    getsockname(f->up, (struct sockaddr *)&local, &len);
    report(f, PX_EV_FORWARDED, 0, NULL, INVALID_SOCKET, &f->set, NULL, &local);
    if (CreateIoCompletionPort((HANDLE)f->up, p->port, 0, 0) != p->port) {
        px_tcp_flow_end(f, (int)GetLastError(), "associate upstream");
        return;
    }
    px_tcp_relay_start(f);
}

/* The outbound leg: new socket, SET before bind/connect (A51, A58), non-blocking connect. */
static void open_upstream(px_tcp_flow *f, const px_blob *records) {
    px_tcp_proxy *p = f->p;
    int e = px_tamper_apply(p->cfg.tamper, records, &f->set);
    if (e) {
        px_tcp_flow_end(f, e, "copy records");
        return;
    }
    f->up = WSASocket(f->original_dst.ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (f->up == INVALID_SOCKET) {
        px_tcp_flow_end(f, WSAGetLastError(), "upstream socket");
        return;
    }
    DWORD got = 0; /* A52: whatever SET reports here is not the record size; never compared */
    if (WSAIoctl(f->up, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, f->set.bytes, f->set.len, NULL, 0, &got, NULL, NULL)) {
        p->st.set_failed++;
        px_tcp_flow_end(f, WSAGetLastError(), "set records");
        return;
    }
    u_long nb = 1;
    ioctlsocket(f->up, FIONBIO, &nb);
    if (connect(f->up, (struct sockaddr *)&f->original_dst, px_addr_len(&f->original_dst)) == 0) {
        connected(f);
        return;
    }
    e = WSAGetLastError();
    if (e == WSAEWOULDBLOCK) return; /* a callout pended the classify; px_tcp_poll checks on it */
    p->st.connect_failed++;
    px_tcp_flow_end(f, e, "connect");
}

static void count_query(px_tcp_proxy *p, const px_query_info *qi) {
    p->st.query_retries += qi->retried && !qi->fallback_8192;
    p->st.query_fallbacks += qi->fallback_8192;
}

static void setup(px_tcp_proxy *p, SOCKET a, const SOCKADDR_STORAGE *client) {
    px_tcp_flow *f = flow_new(p, a, client);
    if (!f) {
        closesocket(a);
        p->st.failed++;
        return;
    }
    px_blob records, context;
    px_query_info qi;
    int e = px_query_blob(a, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, &records, &qi);
    count_query(p, &qi);
    if (e) { /* like Envoy: without records the connection cannot be brokered (A91) */
        px_tcp_flow_end(f, e, "query records");
        return;
    }
    if (px_query_blob(a, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, &context, &qi)) p->st.no_context++;
    count_query(p, &qi);
    int have_dst = original_destination(f, &context);
    int refused = report(f, PX_EV_QUERIED, 0, NULL, a, &records, context.bytes ? &context : NULL, NULL);
    if (refused)
        px_tcp_flow_end(f, WSAECONNREFUSED, "refused by observer");
    else if (!have_dst)
        px_tcp_flow_end(f, WSAEDESTADDRREQ, "original destination");
    else if (CreateIoCompletionPort((HANDLE)a, p->port, 0, 0) != p->port)
        px_tcp_flow_end(f, (int)GetLastError(), "associate accepted");
    else
        open_upstream(f, &records);
    px_blob_free(&records);
    px_blob_free(&context);
}

static int accept_waiting(px_tcp_proxy *p) {
    int n = 0;
    for (int i = 0; i < 2; i++) {
        if (p->listener[i] == INVALID_SOCKET) continue;
        while (n < PX_TCP_ACCEPTS_PER_POLL) {
            SOCKADDR_STORAGE peer;
            int len = sizeof peer;
            memset(&peer, 0, sizeof peer);
            SOCKET a = accept(p->listener[i], (struct sockaddr *)&peer, &len);
            if (a == INVALID_SOCKET) break; /* WSAEWOULDBLOCK: nothing waiting */
            p->st.accepted++;
            n++;
            setup(p, a, &peer);
        }
    }
    return n;
}

/* A pended outbound connect: SO_ERROR names a failure; a repeated connect says
 * WSAEISCONN once it is through and WSAEALREADY while it is still held. */
static int check_connecting(px_tcp_proxy *p) {
    int n = 0;
    if (!p->connecting) return 0;
    for (px_tcp_flow *f = p->flows, *next; f; f = next) {
        next = f->next;
        if (f->state != FLOW_CONNECTING || f->up == INVALID_SOCKET) continue;
        int err = 0, len = sizeof err;
        if (getsockopt(f->up, SOL_SOCKET, SO_ERROR, (char *)&err, &len) == 0 && err) {
            p->st.connect_failed++;
            px_tcp_flow_end(f, err, "connect");
            n++;
            continue;
        }
        if (connect(f->up, (struct sockaddr *)&f->original_dst, px_addr_len(&f->original_dst)) == 0 ||
            WSAGetLastError() == WSAEISCONN) {
            connected(f);
            n++;
        }
    }
    return n;
}

static void completed(void *ctx, LPOVERLAPPED ov, BOOL ok, DWORD bytes, DWORD error) {
    (void)ctx;
    px_tcp_relay_completed((px_tcp_dir *)ov, ok, bytes, error); /* the OVERLAPPED is the direction's first member */
}

static int flows_left(void *ctx) { return ((px_tcp_proxy *)ctx)->flows != NULL; }

int px_tcp_poll(px_tcp_proxy *p, DWORD timeout_ms) {
    int n = accept_waiting(p) + check_connecting(p) + px_tcp_relay_retry(p);
    return n + px_drain(p->port, n ? 0 : timeout_ms, PX_TCP_PACKETS_PER_POLL, completed, p);
}

void px_tcp_get_stats(const px_tcp_proxy *p, px_tcp_stats *s) { *s = p->st; }

void px_tcp_stop(px_tcp_proxy *p) {
    if (!p) return;
    for (int i = 0; i < 2; i++)
        if (p->listener[i] != INVALID_SOCKET) closesocket(p->listener[i]);
    for (px_tcp_flow *f = p->flows, *next; f; f = next) {
        next = f->next;
        px_tcp_flow_end(f, WSAECONNABORTED,
                        f->state == FLOW_CONNECTING ? "stopped while connecting" : "stopped mid-relay");
    }
    px_drain_aborts(p->port, flows_left, completed, p);
    while (p->flows) { /* never completed: nothing can reach them once the port is closed */
        p->flows->pending = 0;
        px_tcp_flow_maybe_free(p->flows);
    }
    CloseHandle(p->port);
    free(p);
}
