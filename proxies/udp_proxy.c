/*
 * udp_proxy.c: the UDP redirect service (see udp_proxy.h for the contract).
 *
 * One completion port carries two kinds of receive: the proxy socket's WSARecvMsg (one per
 * family, with a control buffer for the redirect messages) and each flow's upstream WSARecv
 * (replies).  Sends are synchronous WSASendMsg calls: UDP sends do not wait for a peer, and
 * keeping them synchronous leaves exactly one outstanding operation per socket, which makes
 * the lifetime rule simple (a flow is freed once its one receive came back).
 */
#include "udp_proxy.h"

#include <stdlib.h>
#include <string.h>

#define PX_UDP_BUCKETS 1024
#define PX_UDP_CONTROL 16384 /* records grow with every hop; 16 KiB holds far more than a chain */
#define PX_UDP_PACKETS_PER_POLL 256
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA 234
#endif

typedef enum { IO_LISTENER, IO_FLOW } px_udp_io_kind;

/* The first member of both owners, so a dequeued OVERLAPPED leads back to its owner. */
typedef struct px_udp_io {
    OVERLAPPED ov;
    px_udp_io_kind kind;
    int pending;
    char *data;
} px_udp_io;

typedef struct px_udp_listener {
    px_udp_io io;
    px_udp_proxy *p;
    SOCKET s;
    WSAMSG msg;
    WSABUF buf;
    SOCKADDR_STORAGE from;
    union {
        WSACMSGHDR h;
        ULONGLONG align;
        BYTE bytes[PX_UDP_CONTROL];
    } control;
} px_udp_listener;

typedef struct px_udp_flow px_udp_flow;
struct px_udp_flow {
    px_udp_io io;
    px_udp_proxy *p;
    px_udp_listener *via; /* replies go back through the socket the client reached */
    SOCKET up;
    SOCKADDR_STORAGE client, dst;
    int ended;
    unsigned long long last, bytes[2];
    px_udp_flow *hnext, *prev, *next;
};

struct px_udp_proxy {
    px_udp_config cfg;
    HANDLE port;
    LPFN_WSARECVMSG recvmsg;
    LPFN_WSASENDMSG sendmsg;
    px_udp_listener lst[2];
    px_udp_flow *buckets[PX_UDP_BUCKETS];
    px_udp_flow *flows;
    unsigned long long now;
    int clock_started; /* flows made before the first px_udp_expire take its time as their last use */
    px_udp_stats st;
};

/* ---------------------------------------------------------------- reports */
static int report(px_udp_flow *f, px_event_kind kind, int error, const char *what, const px_blob *records,
                  const px_blob *context, const SOCKADDR_STORAGE *upstream) {
    px_udp_proxy *p = f->p;
    px_flow_ref r = {p->cfg.vendor,
                     p->cfg.port,
                     IPPROTO_UDP,
                     &f->client,
                     &f->dst,
                     INVALID_SOCKET,
                     kind == PX_EV_FORWARDED ? f->up : INVALID_SOCKET,
                     f->bytes};
    return px_report(p->cfg.observer, p->cfg.observer_ctx, &r, kind, error, what, records, context, upstream);
}

/* ------------------------------------------------------------------ flows */
static px_udp_flow **bucket(px_udp_proxy *p, const SOCKADDR_STORAGE *a) {
    return &p->buckets[px_addr_hash(a) % PX_UDP_BUCKETS];
}

static px_udp_flow *find_flow(px_udp_proxy *p, const SOCKADDR_STORAGE *client) {
    for (px_udp_flow *f = *bucket(p, client); f; f = f->hnext)
        if (px_addr_equal(&f->client, client)) return f;
    return NULL;
}

static void maybe_free(px_udp_flow *f) {
    if (!f->ended || f->io.pending) return;
    px_udp_proxy *p = f->p;
    if (f->prev)
        f->prev->next = f->next;
    else
        p->flows = f->next;
    if (f->next) f->next->prev = f->prev;
    free(f->io.data);
    free(f);
}

static void flow_end(px_udp_flow *f, int error, const char *what) {
    if (f->ended) return;
    px_udp_proxy *p = f->p;
    f->ended = 1;
    for (px_udp_flow **pp = bucket(p, &f->client); *pp; pp = &(*pp)->hnext)
        if (*pp == f) {
            *pp = f->hnext;
            break;
        }
    if (f->up != INVALID_SOCKET) closesocket(f->up); /* its receive comes back aborted */
    f->up = INVALID_SOCKET;
    p->st.active--;
    if (error) p->st.failed++;
    report(f, PX_EV_CLOSED, error, what, NULL, NULL, NULL);
    maybe_free(f);
}

static int send_to(px_udp_proxy *p, SOCKET s, const SOCKADDR_STORAGE *to, char *data, DWORD len, WSABUF *control) {
    WSABUF b = {len, data};
    WSAMSG m = {(LPSOCKADDR)to, px_addr_len(to), &b, 1, {0, NULL}, 0};
    if (control) m.Control = *control;
    DWORD sent = 0;
    return p->sendmsg(s, &m, 0, &sent, NULL, NULL) ? WSAGetLastError() : 0;
}

static void post_flow_recv(px_udp_flow *f) {
    WSABUF b = {f->p->cfg.max_datagram, f->io.data};
    DWORD flags = 0;
    memset(&f->io.ov, 0, sizeof f->io.ov);
    if (WSARecv(f->up, &b, 1, NULL, &flags, &f->io.ov, NULL) == 0 || WSAGetLastError() == WSA_IO_PENDING) {
        f->io.pending = 1;
        return;
    }
    flow_end(f, WSAGetLastError(), "upstream receive");
}

/* The records, as the FIRST datagram's control data (A62): one IP_WFP_REDIRECT_RECORDS
 * message at the upstream socket's IP level. */
static int forward_first(px_udp_flow *f, const px_blob *records, char *data, DWORD len) {
    size_t space = WSA_CMSG_SPACE(records->len);
    WSACMSGHDR *h = calloc(1, space);
    if (!h) return WSAENOBUFS;
    h->cmsg_len = WSA_CMSG_LEN(records->len);
    h->cmsg_level = f->dst.ss_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    h->cmsg_type = IP_WFP_REDIRECT_RECORDS;
    memcpy(WSA_CMSG_DATA(h), records->bytes, records->len);
    WSABUF control = {(ULONG)space, (CHAR *)h};
    int e = send_to(f->p, f->up, &f->dst, data, len, &control);
    free(h);
    return e;
}

/* The redirect messages of the datagram just received.  The SDK's WSA_CMSG_NXTHDR never
 * advances over cmsg_len 0 and never checks the next header's length (A12, A13): both are
 * checked here before a header is used. */
static void read_control(const px_udp_listener *l, px_blob *records, px_blob *context) {
    const BYTE *end = (const BYTE *)l->msg.Control.buf + l->msg.Control.len;
    for (WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&l->msg); c; c = WSA_CMSG_NXTHDR(&l->msg, c)) {
        if (c->cmsg_len < WSA_CMSG_LEN(0) || c->cmsg_len > (size_t)(end - (const BYTE *)c)) break;
        if (c->cmsg_level != IPPROTO_IP && c->cmsg_level != IPPROTO_IPV6) continue;
        px_blob *into = c->cmsg_type == IP_WFP_REDIRECT_RECORDS   ? records
                        : c->cmsg_type == IP_WFP_REDIRECT_CONTEXT ? context
                                                                  : NULL;
        if (into && !into->bytes) px_blob_copy(into, WSA_CMSG_DATA(c), (ULONG)(c->cmsg_len - WSA_CMSG_LEN(0)));
    }
}

static px_udp_flow *flow_new(px_udp_proxy *p, px_udp_listener *l) {
    px_udp_flow *f = calloc(1, sizeof *f);
    char *data = malloc(p->cfg.max_datagram);
    if (!f || !data) {
        free(f);
        free(data);
        return NULL;
    }
    f->io.kind = IO_FLOW;
    f->io.data = data;
    f->p = p;
    f->via = l;
    f->up = INVALID_SOCKET;
    f->client = l->from;
    f->last = p->now;
    px_udp_flow **b = bucket(p, &f->client);
    f->hnext = *b;
    *b = f;
    f->next = p->flows;
    if (p->flows) p->flows->prev = f;
    p->flows = f;
    p->st.flows++;
    p->st.active++;
    return f;
}

/* A new client: records and destination from the control data, upstream socket, first send. */
static void open_flow(px_udp_proxy *p, px_udp_listener *l, DWORD len, DWORD flags) {
    px_blob records = {0}, context = {0}, set = {0};
    if (flags & MSG_CTRUNC) p->st.ctrunc++;
    read_control(l, &records, &context);
    if (!records.bytes) { /* not a flow-creating datagram we can broker (A61: expired flow) */
        p->st.no_records++;
        px_blob_free(&context);
        return;
    }
    if (!context.bytes) p->st.no_context++;
    px_udp_flow *f = flow_new(p, l);
    if (!f) goto out;
    int have_dst = px_context_original_dst(&context, &f->dst);
    if (!have_dst && p->cfg.fallback_dst.ss_family) f->dst = p->cfg.fallback_dst, have_dst = 1;
    if (report(f, PX_EV_QUERIED, 0, NULL, &records, context.bytes ? &context : NULL, NULL)) {
        flow_end(f, WSAECONNREFUSED, "refused by observer");
        goto out;
    }
    if (!have_dst) {
        flow_end(f, WSAEDESTADDRREQ, "original destination");
        goto out;
    }
    int e = px_tamper_apply(p->cfg.tamper, &records, &set);
    f->up = e ? INVALID_SOCKET : WSASocket(f->dst.ss_family, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (f->up == INVALID_SOCKET) {
        flow_end(f, e ? e : WSAGetLastError(), "upstream socket");
        goto out;
    }
    /* Bound and reported before the send: the next proxy may see the datagram at once. */
    SOCKADDR_STORAGE local;
    int alen = sizeof local;
    memset(&local, 0, sizeof local);
    local.ss_family = f->dst.ss_family;
    if (bind(f->up, (struct sockaddr *)&local, px_addr_len(&local)) ||
        getsockname(f->up, (struct sockaddr *)&local, &alen)) {
        flow_end(f, WSAGetLastError(), "upstream bind");
        goto out;
    }
    report(f, PX_EV_FORWARDED, 0, NULL, &set, NULL, &local);
    if ((e = forward_first(f, &set, l->io.data, len))) {
        p->st.send_failed++;
        flow_end(f, e, "send records");
        goto out;
    }
    f->bytes[1] += len;
    p->st.datagrams_up++;
    p->st.bytes_up += len;
    if (CreateIoCompletionPort((HANDLE)f->up, p->port, 0, 0) != p->port)
        flow_end(f, (int)GetLastError(), "associate upstream");
    else
        post_flow_recv(f);
out:
    px_blob_free(&records);
    px_blob_free(&context);
    px_blob_free(&set);
}

/* -------------------------------------------------------------- listeners */
static void post_listener(px_udp_listener *l) {
    memset(&l->io.ov, 0, sizeof l->io.ov);
    l->buf.len = l->p->cfg.max_datagram;
    l->buf.buf = l->io.data;
    WSAMSG m = {(LPSOCKADDR)&l->from, (INT)sizeof l->from, &l->buf, 1, {PX_UDP_CONTROL, (CHAR *)l->control.bytes}, 0};
    l->msg = m; /* Control.len and namelen are rewritten by each receive (A65) */
    if (l->p->recvmsg(l->s, &l->msg, NULL, &l->io.ov, NULL) == 0 || WSAGetLastError() == WSA_IO_PENDING)
        l->io.pending = 1;
}

static void listener_done(px_udp_listener *l, BOOL ok, DWORD len, DWORD error) {
    px_udp_proxy *p = l->p;
    l->io.pending = 0;
    if (l->s == INVALID_SOCKET) return; /* stopped */
    /* A truncated datagram or control area still arrives (A63, A64): ERROR_MORE_DATA. */
    if (ok || error == ERROR_MORE_DATA) {
        px_udp_flow *f = find_flow(p, &l->from);
        if (!f) {
            open_flow(p, l, len, l->msg.dwFlags);
        } else {
            f->last = p->now;
            int e = send_to(p, f->up, &f->dst, l->io.data, len, NULL);
            if (e) {
                p->st.send_failed++;
                flow_end(f, e, "forward");
            } else {
                f->bytes[1] += len;
                p->st.datagrams_up++;
                p->st.bytes_up += len;
            }
        }
    }
    post_listener(l);
}

static void flow_done(px_udp_flow *f, BOOL ok, DWORD len, DWORD error) {
    px_udp_proxy *p = f->p;
    f->io.pending = 0;
    if (f->ended) {
        maybe_free(f);
        return;
    }
    if (!ok && error != ERROR_MORE_DATA) {
        flow_end(f, (int)error, "upstream receive");
        return;
    }
    f->last = p->now;
    int e = send_to(p, f->via->s, &f->client, f->io.data, len, NULL);
    if (e) {
        p->st.send_failed++;
        flow_end(f, e, "reply");
        return;
    }
    f->bytes[0] += len;
    p->st.datagrams_down++;
    p->st.bytes_down += len;
    post_flow_recv(f);
}

static int extension(SOCKET s, GUID id, void *fn, size_t size) {
    DWORD got = 0;
    return WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, fn, (DWORD)size, &got, NULL, NULL);
}

static int open_listener(px_udp_proxy *p, px_udp_listener *l, int af) {
    l->p = p;
    l->io.kind = IO_LISTENER;
    l->s = WSASocket(af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    l->io.data = malloc(p->cfg.max_datagram);
    if (l->s == INVALID_SOCKET || !l->io.data) return l->s == INVALID_SOCKET ? WSAGetLastError() : WSAENOBUFS;
    SOCKADDR_STORAGE a;
    px_addr_loopback(af, p->cfg.port, &a);
    DWORD on = 1;
    int level = af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    GUID rid = WSAID_WSARECVMSG, sid = WSAID_WSASENDMSG;
    if (bind(l->s, (struct sockaddr *)&a, px_addr_len(&a)) ||
        setsockopt(l->s, level, IP_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on) ||
        setsockopt(l->s, level, IP_WFP_REDIRECT_CONTEXT, (const char *)&on, sizeof on) ||
        extension(l->s, rid, &p->recvmsg, sizeof p->recvmsg) || extension(l->s, sid, &p->sendmsg, sizeof p->sendmsg))
        return WSAGetLastError();
    if (CreateIoCompletionPort((HANDLE)l->s, p->port, 0, 0) != p->port) return (int)GetLastError();
    post_listener(l);
    return l->io.pending ? 0 : WSAGetLastError();
}

int px_udp_start(const px_udp_config *c, px_udp_proxy **out) {
    *out = NULL;
    px_udp_proxy *p = calloc(1, sizeof *p);
    if (!p) return WSAENOBUFS;
    p->cfg = *c;
    if (!p->cfg.max_datagram) p->cfg.max_datagram = 16384;
    if (!p->cfg.idle_ms) p->cfg.idle_ms = 30000;
    if (!p->cfg.families) p->cfg.families = 3;
    p->lst[0].s = p->lst[1].s = INVALID_SOCKET;
    p->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    int e = p->port ? 0 : WSAENOBUFS;
    for (int i = 0; i < 2 && !e; i++)
        if (p->cfg.families & (1 << i)) e = open_listener(p, &p->lst[i], i ? AF_INET6 : AF_INET);
    if (e) {
        px_udp_stop(p);
        return e;
    }
    *out = p;
    return 0;
}

static void dispatch(void *ctx, LPOVERLAPPED ov, BOOL ok, DWORD bytes, DWORD error) {
    (void)ctx;
    px_udp_io *io = (px_udp_io *)ov;
    if (io->kind == IO_LISTENER)
        listener_done((px_udp_listener *)io, ok, bytes, error);
    else
        flow_done((px_udp_flow *)io, ok, bytes, error);
}

static int busy(void *ctx) {
    px_udp_proxy *p = ctx;
    return p->flows || p->lst[0].io.pending || p->lst[1].io.pending;
}

int px_udp_poll(px_udp_proxy *p, DWORD timeout_ms) {
    return px_drain(p->port, timeout_ms, PX_UDP_PACKETS_PER_POLL, dispatch, p);
}

int px_udp_expire(px_udp_proxy *p, unsigned long long now_ms) {
    int n = 0;
    p->now = now_ms;
    for (px_udp_flow *f = p->flows, *next; f; f = next) {
        next = f->next;
        if (!p->clock_started) f->last = now_ms;
        if (f->ended || f->last + p->cfg.idle_ms > now_ms) continue;
        p->st.expired++;
        flow_end(f, 0, "idle");
        n++;
    }
    p->clock_started = 1;
    return n;
}

void px_udp_get_stats(const px_udp_proxy *p, px_udp_stats *s) { *s = p->st; }

void px_udp_stop(px_udp_proxy *p) {
    if (!p) return;
    for (int i = 0; i < 2; i++) {
        px_udp_listener *l = &p->lst[i];
        if (l->s != INVALID_SOCKET) closesocket(l->s);
        l->s = INVALID_SOCKET;
    }
    for (px_udp_flow *f = p->flows, *next; f; f = next) {
        next = f->next;
        flow_end(f, WSAECONNABORTED, "stopped");
    }
    px_drain_aborts(p->port, busy, dispatch, p);
    while (p->flows) {
        p->flows->io.pending = 0;
        maybe_free(p->flows);
    }
    for (int i = 0; i < 2; i++) free(p->lst[i].io.data);
    if (p->port) CloseHandle(p->port);
    free(p);
}
