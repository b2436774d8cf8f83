/*
 * proxy.c: the example redirect service, written the way a shipping connect-redirect product
 * writes one for Windows: overlapped sockets on one I/O completion port, AcceptEx with
 * several accepts posted ahead, ConnectEx to the original destination, and the WFP redirect
 * steps of the documentation in between (query the redirect records and context of the
 * accepted connection, hand the records to SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS on the
 * outbound socket before it connects), then a relay both ways with half-close.
 *
 * It pairs with examples/vendor-callout (whose redirect context is the original destination
 * as a SOCKADDR_STORAGE) and with the suite's test callouts (whose context starts with the
 * same).  wfpcert runs it with `wfpcert chain --proxy example-proxy.so` through the three
 * entry points of wfpcert/proxy.h; on Windows the same file is the body of the service's
 * worker thread (wfpcert_proxy_poll in a loop).
 *
 * Built a second time with EXAMPLE_PROXY_BUG_STALE_RECORDS, it keeps the first records it
 * ever read and hands those to every SET: the stack accepts them (they are genuine records),
 * and only the chain's opacity check can say that a flow went on with another flow's records.
 * Three more planted bugs, each a few lines, for the proxy fuzz target's checks
 * (harness/fuzz_proxy.c): EXAMPLE_PROXY_BUG_NO_SET connects on without handing the records to
 * the stack (its own connection is redirected back to it: a loop),
 * EXAMPLE_PROXY_BUG_LEAK_LISTENER leaves its listeners open at stop, and
 * EXAMPLE_PROXY_BUG_HALF_CLOSE closes both sides when one ends its stream, so a client that
 * only half-closed never gets the reply.
 *
 * It relays UDP too (wfpcert_proxy_protocols), as a shipping service does: a datagram socket
 * per family on the same port that asks for the redirect control messages, WSARecvMsg from
 * SIO_GET_EXTENSION_FUNCTION_POINTER, and per client address a flow with its own upstream
 * socket; the first datagram goes on with the records it carried, byte for byte, as an
 * IP_WFP_REDIRECT_RECORDS control message of WSASendMsg, later ones as plain datagrams, and
 * replies come back from the port the client reached.  A datagram from an unknown client
 * without records (not redirected, or its control data cut: MSG_CTRUNC) or cut itself
 * (MSG_TRUNC) is dropped: nothing can be brokered from it.  Two planted bugs for the UDP
 * checks: EXAMPLE_PROXY_BUG_UDP_NO_RECORDS sends the first datagram without the control
 * message, EXAMPLE_PROXY_BUG_UDP_EDIT_RECORDS flips one byte of the records it hands on.
 */
#include <wfpcert/proxy.h>
#include <wfpcert/winsock.h>

#include <stdlib.h>
#include <string.h>

#define ACCEPTS_AHEAD 4
#define RELAY_BUF 16384
#define ADDR_SPACE (sizeof(SOCKADDR_IN6) + 16)
#define KEY_LISTENER 1
#define KEY_FLOW 2
#define KEY_DGRAM 3
#define DGRAM_MAX 65536 /* a datagram is received whole */
#define DGRAM_CONTROL 16384 /* records grow with every hop of a chain; the context follows them */

typedef enum { OP_ACCEPT, OP_CONNECT, OP_RECV, OP_SEND, OP_DGRAM_IN, OP_DGRAM_REPLY } op_kind;

struct service;
struct flow;
struct dflow;

/* One overlapped operation; the OVERLAPPED comes first so the packet leads back to it. */
typedef struct op {
    OVERLAPPED ov;
    op_kind kind;
    struct flow *flow; /* OP_CONNECT, OP_RECV, OP_SEND */
    int up; /* relay direction: 1 client -> server */
    struct dgram_port *dport; /* OP_DGRAM_IN */
    struct dflow *dflow; /* OP_DGRAM_REPLY */
} op;

/* The UDP socket of one family on the service's port, with its one receive outstanding. */
typedef struct dgram_port {
    op o;
    SOCKET s;
    int pending;
    WSAMSG msg;
    WSABUF buf;
    SOCKADDR_STORAGE from;
    char *data;
    union {
        WSACMSGHDR h;
        ULONGLONG align;
        char bytes[DGRAM_CONTROL];
    } control;
} dgram_port;

/* One UDP client: its original destination and the upstream socket that carries it there. */
typedef struct dflow {
    op o; /* the upstream receive (replies) */
    struct service *svc;
    dgram_port *via;
    SOCKET up;
    SOCKADDR_STORAGE client, dst;
    int pending, ended;
    char *data;
    struct dflow *next;
} dflow;

typedef struct accept_slot {
    op o;
    SOCKET listener, sock;
    int af;
    char buf[2 * ADDR_SPACE];
} accept_slot;

typedef struct direction {
    op o;
    char *buf;
    DWORD have, sent;
    int done; /* end of stream seen and passed on */
} direction;

typedef struct flow {
    struct service *svc;
    SOCKET down, up;
    int outstanding; /* operations not yet dequeued: the flow is freed only at 0 */
    int ended;
    op connect;
    direction dir[2]; /* [0] server -> client, [1] client -> server */
    struct flow *next;
} flow;

typedef struct service {
    HANDLE port;
    SOCKET listener[2];
    accept_slot slots[2][ACCEPTS_AHEAD];
    LPFN_ACCEPTEX acceptex;
    LPFN_CONNECTEX connectex;
    flow *flows;
    DWORD relay_buf;
    int stopping;
    dgram_port dport[2];
    dflow *dflows;
    LPFN_WSARECVMSG recvmsg;
    LPFN_WSASENDMSG sendmsg;
#ifdef EXAMPLE_PROXY_BUG_STALE_RECORDS
    char stale[8192];
    DWORD stale_len;
#endif
} service;

static void *extension(SOCKET s, GUID g) {
    void *fn = NULL;
    DWORD n = 0;
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &fn, sizeof fn, &n, NULL, NULL)) return NULL;
    return fn;
}

static int post_accept(service *svc, accept_slot *a) {
    a->sock = WSASocketW(a->af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (a->sock == INVALID_SOCKET) return WSAGetLastError();
    memset(&a->o.ov, 0, sizeof a->o.ov);
    a->o.kind = OP_ACCEPT;
    if (!svc->acceptex(a->listener, a->sock, a->buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, &a->o.ov) &&
        WSAGetLastError() != ERROR_IO_PENDING) {
        int e = WSAGetLastError();
        closesocket(a->sock);
        a->sock = INVALID_SOCKET;
        return e;
    }
    return 0;
}

/* --------------------------------------------------------------- flows */
static void flow_end(flow *f) {
    if (f->ended) return;
    f->ended = 1;
    /* closing aborts what is outstanding; those packets still come through the port */
    if (f->down != INVALID_SOCKET) closesocket(f->down);
    if (f->up != INVALID_SOCKET) closesocket(f->up);
    f->down = f->up = INVALID_SOCKET;
}

static void flow_maybe_free(flow *f) {
    if (!f->ended || f->outstanding) return;
    for (flow **pp = &f->svc->flows; *pp; pp = &(*pp)->next)
        if (*pp == f) {
            *pp = f->next;
            break;
        }
    free(f->dir[0].buf);
    free(f->dir[1].buf);
    free(f);
}

static SOCKET from_of(flow *f, int up) { return up ? f->down : f->up; }
static SOCKET to_of(flow *f, int up) { return up ? f->up : f->down; }

static void post_recv(flow *f, int up) {
    direction *d = &f->dir[up];
    WSABUF b = {f->svc->relay_buf, d->buf};
    DWORD flags = 0;
    memset(&d->o.ov, 0, sizeof d->o.ov);
    d->o.kind = OP_RECV;
    if (WSARecv(from_of(f, up), &b, 1, NULL, &flags, &d->o.ov, NULL) && WSAGetLastError() != WSA_IO_PENDING) {
        flow_end(f);
        return;
    }
    f->outstanding++;
}

static void post_send(flow *f, int up) {
    direction *d = &f->dir[up];
    WSABUF b = {d->have - d->sent, d->buf + d->sent};
    memset(&d->o.ov, 0, sizeof d->o.ov);
    d->o.kind = OP_SEND;
    if (WSASend(to_of(f, up), &b, 1, NULL, 0, &d->o.ov, NULL) && WSAGetLastError() != WSA_IO_PENDING) {
        flow_end(f);
        return;
    }
    f->outstanding++;
}

static void relay_done(flow *f, int up, BOOL ok, DWORD bytes) {
    direction *d = &f->dir[up];
    if (f->ended) return;
    if (!ok) {
        flow_end(f);
        return;
    }
    if (d->o.kind == OP_RECV) {
        if (bytes == 0) { /* end of stream: pass the half-close on */
#ifdef EXAMPLE_PROXY_BUG_HALF_CLOSE
            flow_end(f); /* the bug: one side's end of stream closes both, and what the other still sends is lost */
            return;
#endif
            shutdown(to_of(f, up), SD_SEND);
            d->done = 1;
            if (f->dir[0].done && f->dir[1].done) flow_end(f);
            return;
        }
        d->have = bytes;
        d->sent = 0;
        post_send(f, up);
        return;
    }
    d->sent += bytes;
    if (d->sent < d->have)
        post_send(f, up);
    else
        post_recv(f, up);
}

/* SIO_QUERY_WFP_CONNECTION_REDIRECT_*: a size probe, then the sized call; 0 or an error. */
static int query(SOCKET s, DWORD code, char *buf, DWORD cap, DWORD *len) {
    *len = 0;
    if (WSAIoctl(s, code, NULL, 0, buf, cap, len, NULL, NULL) == 0) return 0;
    int e = WSAGetLastError();
    if ((e == WSAEFAULT || e == ERROR_INSUFFICIENT_BUFFER) && *len && *len <= cap)
        return WSAIoctl(s, code, NULL, 0, buf, *len, len, NULL, NULL) ? WSAGetLastError() : 0;
    return e;
}

/* The accepted connection: the redirect steps, then ConnectEx to the original destination. */
static void accepted(service *svc, SOCKET listener, SOCKET s, int af) {
    flow *f = calloc(1, sizeof *f);
    char records[8192], context[512];
    DWORD nrec = 0, nctx = 0;
    if (!f) {
        closesocket(s);
        return;
    }
    f->svc = svc;
    f->down = s;
    f->up = INVALID_SOCKET;
    f->next = svc->flows;
    svc->flows = f;
    f->dir[0].buf = malloc(svc->relay_buf);
    f->dir[1].buf = malloc(svc->relay_buf);
    f->dir[1].o.up = 1;
    f->dir[0].o.flow = f->dir[1].o.flow = f->connect.flow = f;
    if (!f->dir[0].buf || !f->dir[1].buf ||
        setsockopt(s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&listener, sizeof listener) ||
        !CreateIoCompletionPort((HANDLE)s, svc->port, KEY_FLOW, 0) ||
        query(s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, records, sizeof records, &nrec) ||
        query(s, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, context, sizeof context, &nctx) ||
        nctx < sizeof(SOCKADDR_STORAGE)) {
        flow_end(f); /* not a redirected connection, or no original destination */
        flow_maybe_free(f);
        return;
    }
    SOCKADDR_STORAGE dst;
    memcpy(&dst, context, sizeof dst); /* our driver's context: the original destination */
#ifdef EXAMPLE_PROXY_BUG_STALE_RECORDS
    if (!svc->stale_len) { /* the bug: the first flow's records, cached for all */
        memcpy(svc->stale, records, nrec);
        svc->stale_len = nrec;
    }
    memcpy(records, svc->stale, svc->stale_len);
    nrec = svc->stale_len;
#endif
    SOCKADDR_STORAGE any;
    memset(&any, 0, sizeof any);
    any.ss_family = dst.ss_family;
    int alen = dst.ss_family == AF_INET6 ? (int)sizeof(SOCKADDR_IN6) : (int)sizeof(SOCKADDR_IN);
    DWORD n = 0;
#ifdef EXAMPLE_PROXY_BUG_NO_SET
    (void)n; /* the SET's byte count, with the SET left out */
#endif
    f->up = WSASocketW(dst.ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    memset(&f->connect.ov, 0, sizeof f->connect.ov);
    f->connect.kind = OP_CONNECT;
    if (f->up == INVALID_SOCKET ||
#ifndef EXAMPLE_PROXY_BUG_NO_SET
        WSAIoctl(f->up, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, records, nrec, NULL, 0, &n, NULL, NULL) ||
#endif
        bind(f->up, (struct sockaddr *)&any, alen) || !CreateIoCompletionPort((HANDLE)f->up, svc->port, KEY_FLOW, 0) ||
        (!svc->connectex(f->up, (struct sockaddr *)&dst, alen, NULL, 0, NULL, &f->connect.ov) &&
         WSAGetLastError() != ERROR_IO_PENDING)) {
        flow_end(f);
        flow_maybe_free(f);
        return;
    }
    (void)af;
    f->outstanding++;
}

/* ------------------------------------------------------------------ UDP */
static int addr_len(const SOCKADDR_STORAGE *a) {
    return a->ss_family == AF_INET6 ? (int)sizeof(SOCKADDR_IN6) : (int)sizeof(SOCKADDR_IN);
}

static int same_addr(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    if (a->ss_family != b->ss_family) return 0;
    if (a->ss_family == AF_INET6) {
        const SOCKADDR_IN6 *x = (const SOCKADDR_IN6 *)a, *y = (const SOCKADDR_IN6 *)b;
        return x->sin6_port == y->sin6_port && !memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr);
    }
    const SOCKADDR_IN *x = (const SOCKADDR_IN *)a, *y = (const SOCKADDR_IN *)b;
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
}

static void post_dgram_in(service *svc, dgram_port *d) {
    memset(&d->o.ov, 0, sizeof d->o.ov);
    d->o.kind = OP_DGRAM_IN;
    d->o.dport = d;
    d->buf.len = DGRAM_MAX;
    d->buf.buf = d->data;
    memset(&d->msg, 0, sizeof d->msg);
    d->msg.name = (LPSOCKADDR)&d->from;
    d->msg.namelen = (INT)sizeof d->from;
    d->msg.lpBuffers = &d->buf;
    d->msg.dwBufferCount = 1;
    d->msg.Control.buf = d->control.bytes;
    d->msg.Control.len = sizeof d->control.bytes; /* rewritten by each receive */
    d->pending = !svc->recvmsg(d->s, &d->msg, NULL, &d->o.ov, NULL) || WSAGetLastError() == WSA_IO_PENDING;
}

static void post_dgram_reply(dflow *f) {
    WSABUF b = {DGRAM_MAX, f->data};
    DWORD flags = 0;
    memset(&f->o.ov, 0, sizeof f->o.ov);
    f->o.kind = OP_DGRAM_REPLY;
    f->o.dflow = f;
    f->pending = !WSARecv(f->up, &b, 1, NULL, &flags, &f->o.ov, NULL) || WSAGetLastError() == WSA_IO_PENDING;
}

static void dflow_end(dflow *f) {
    if (f->ended) return;
    f->ended = 1;
    if (f->up != INVALID_SOCKET) closesocket(f->up); /* its receive comes back aborted */
    f->up = INVALID_SOCKET;
}

static void dflow_maybe_free(dflow *f) {
    if (!f->ended || f->pending) return;
    for (dflow **pp = &f->svc->dflows; *pp; pp = &(*pp)->next)
        if (*pp == f) {
            *pp = f->next;
            break;
        }
    free(f->data);
    free(f);
}

/* The redirect messages of the datagram just received, each header checked against the
 * control length before it is read (the SDK's WSA_CMSG_NXTHDR checks neither). */
static void redirect_blobs(const WSAMSG *m, const char **rec, DWORD *nrec, const char **ctx, DWORD *nctx) {
    *rec = *ctx = NULL;
    *nrec = *nctx = 0;
    const char *p = m->Control.buf, *end = m->Control.buf + m->Control.len;
    const size_t hdr = WSA_CMSG_LEN(0);
    while (p && (size_t)(end - p) >= sizeof(WSACMSGHDR)) {
        WSACMSGHDR h;
        memcpy(&h, p, sizeof h);
        if (h.cmsg_len < hdr || h.cmsg_len > (size_t)(end - p)) return;
        int ours = h.cmsg_level == IPPROTO_IP || h.cmsg_level == IPPROTO_IPV6;
        if (ours && h.cmsg_type == IP_WFP_REDIRECT_RECORDS && !*rec) {
            *rec = p + hdr;
            *nrec = (DWORD)(h.cmsg_len - hdr);
        } else if (ours && h.cmsg_type == IP_WFP_REDIRECT_CONTEXT && !*ctx) {
            *ctx = p + hdr;
            *nctx = (DWORD)(h.cmsg_len - hdr);
        }
        size_t step = WSA_CMSGHDR_ALIGN(h.cmsg_len);
        if (step > (size_t)(end - p)) return;
        p += step;
    }
}

/* A new client: an upstream socket to the original destination, and the first datagram sent
 * with the records as they came: the control message is SIO_SET's counterpart for UDP. */
static void dflow_open(service *svc, dgram_port *d, DWORD len, const char *rec, DWORD nrec, const char *ctx,
                       DWORD nctx) {
    if (!rec || nctx < sizeof(SOCKADDR_STORAGE)) return; /* not redirected, or no original destination */
    dflow *f = calloc(1, sizeof *f);
    char *data = malloc(DGRAM_MAX);
    size_t space = WSA_CMSG_SPACE(nrec);
    WSACMSGHDR *h = calloc(1, space);
    if (!f || !data || !h) {
        free(f);
        free(data);
        free(h);
        return;
    }
    f->svc = svc;
    f->via = d;
    f->data = data;
    f->client = d->from;
    memcpy(&f->dst, ctx, sizeof f->dst); /* our driver's context: the original destination */
    f->next = svc->dflows;
    svc->dflows = f;
    SOCKADDR_STORAGE any;
    memset(&any, 0, sizeof any);
    any.ss_family = f->dst.ss_family;
    f->up = WSASocketW(f->dst.ss_family, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    h->cmsg_len = WSA_CMSG_LEN(nrec);
    h->cmsg_level = f->dst.ss_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    h->cmsg_type = IP_WFP_REDIRECT_RECORDS;
    memcpy(WSA_CMSG_DATA(h), rec, nrec);
#ifdef EXAMPLE_PROXY_BUG_UDP_EDIT_RECORDS
    if (nrec) ((char *)WSA_CMSG_DATA(h))[nrec / 2] ^= 1; /* the bug: one byte of the records edited */
#endif
    WSABUF b = {len, d->data};
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.name = (LPSOCKADDR)&f->dst;
    m.namelen = addr_len(&f->dst);
    m.lpBuffers = &b;
    m.dwBufferCount = 1;
    m.Control.buf = (CHAR *)h;
    m.Control.len = (ULONG)space;
#ifdef EXAMPLE_PROXY_BUG_UDP_NO_RECORDS
    m.Control.buf = NULL; /* the bug: the first datagram goes on without the records */
    m.Control.len = 0;
#endif
    DWORD sent = 0;
    if (f->up == INVALID_SOCKET || bind(f->up, (struct sockaddr *)&any, addr_len(&any)) ||
        !CreateIoCompletionPort((HANDLE)f->up, svc->port, KEY_DGRAM, 0) ||
        svc->sendmsg(f->up, &m, 0, &sent, NULL, NULL))
        dflow_end(f);
    else
        post_dgram_reply(f);
    free(h);
    dflow_maybe_free(f);
}

static void dgram_in(service *svc, dgram_port *d, BOOL ok, DWORD len) {
    d->pending = 0;
    if (svc->stopping) return;
    /* A datagram or control area cut short completes with ERROR_MORE_DATA (MSG_TRUNC,
     * MSG_CTRUNC): the first is not relayed cut, the second cannot start a flow. */
    if (ok && !(d->msg.dwFlags & MSG_TRUNC)) {
        dflow *f = svc->dflows;
        while (f && (f->ended || !same_addr(&f->client, &d->from))) f = f->next;
        if (f) {
            WSABUF b = {len, d->data};
            DWORD sent = 0;
            if (WSASendTo(f->up, &b, 1, &sent, 0, (struct sockaddr *)&f->dst, addr_len(&f->dst), NULL, NULL))
                dflow_end(f);
        } else if (!(d->msg.dwFlags & MSG_CTRUNC)) {
            const char *rec, *ctx;
            DWORD nrec, nctx;
            redirect_blobs(&d->msg, &rec, &nrec, &ctx, &nctx);
            dflow_open(svc, d, len, rec, nrec, ctx, nctx);
        }
    }
    post_dgram_in(svc, d);
}

static void dgram_reply(dflow *f, BOOL ok, DWORD len) {
    f->pending = 0;
    if (!f->ended && ok) {
        WSABUF b = {len, f->data};
        DWORD sent = 0;
        if (WSASendTo(f->via->s, &b, 1, &sent, 0, (struct sockaddr *)&f->client, addr_len(&f->client), NULL, NULL))
            dflow_end(f);
        else
            post_dgram_reply(f);
    } else {
        dflow_end(f);
    }
    dflow_maybe_free(f);
}

static int open_dgram_port(service *svc, dgram_port *d, const SOCKADDR_STORAGE *a) {
    int af = a->ss_family, level = af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    DWORD on = 1;
    d->s = WSASocketW(af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    d->data = malloc(DGRAM_MAX);
    if (d->s == INVALID_SOCKET || !d->data) return d->data ? WSAGetLastError() : WSAENOBUFS;
    if (bind(d->s, (const struct sockaddr *)a, addr_len(a)) ||
        setsockopt(d->s, level, IP_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on) ||
        setsockopt(d->s, level, IP_WFP_REDIRECT_CONTEXT, (const char *)&on, sizeof on) ||
        !CreateIoCompletionPort((HANDLE)d->s, svc->port, KEY_DGRAM, 0))
        return WSAGetLastError();
    if (!svc->recvmsg) {
        GUID gr = WSAID_WSARECVMSG, gs = WSAID_WSASENDMSG;
        void *fr = extension(d->s, gr), *fs = extension(d->s, gs);
        memcpy(&svc->recvmsg, &fr, sizeof fr);
        memcpy(&svc->sendmsg, &fs, sizeof fs);
        if (!fr || !fs) return WSAEOPNOTSUPP;
    }
    post_dgram_in(svc, d);
    return d->pending ? 0 : WSAGetLastError();
}

static void completed(service *svc, ULONG_PTR key, OVERLAPPED *ov, BOOL ok, DWORD bytes) {
    op *o = (op *)ov;
    if (key == KEY_DGRAM) {
        if (o->kind == OP_DGRAM_IN)
            dgram_in(svc, o->dport, ok, bytes);
        else
            dgram_reply(o->dflow, ok, bytes);
        return;
    }
    if (key == KEY_LISTENER) {
        accept_slot *a = (accept_slot *)o;
        SOCKET s = a->sock;
        a->sock = INVALID_SOCKET;
        if (ok && !svc->stopping)
            accepted(svc, a->listener, s, a->af);
        else
            closesocket(s);
        if (!svc->stopping) post_accept(svc, a);
        return;
    }
    flow *f = o->flow;
    f->outstanding--;
    if (o->kind == OP_CONNECT) {
        if (!ok || f->ended || setsockopt(f->up, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0))
            flow_end(f);
        else {
            post_recv(f, 1);
            post_recv(f, 0);
        }
    } else {
        relay_done(f, o->up, ok, bytes);
    }
    flow_maybe_free(f);
}

/* ------------------------------------------------------------ entry points */
#ifndef EXAMPLE_PROXY_TCP_ONLY /* built without it: a module from before UDP, for the suite's own tests */
int wfpcert_proxy_protocols(void) { return WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP; }
#endif

int wfpcert_proxy_start(const wfpcert_proxy_params *p, void **out) {
    service *svc = calloc(1, sizeof *svc);
    *out = NULL;
    if (!svc) return WSAENOBUFS;
    /* A caller from before UDP has no protocols member: it wants TCP. */
    int protocols = WFPCERT_PROXY_HAS(p, protocols) ? p->protocols : WFPCERT_PROXY_TCP;
    svc->relay_buf = p->relay_buffer ? (DWORD)p->relay_buffer : RELAY_BUF;
    svc->listener[0] = svc->listener[1] = INVALID_SOCKET;
    svc->dport[0].s = svc->dport[1].s = INVALID_SOCKET;
    svc->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    if (!svc->port) {
        free(svc);
        return WSAENOBUFS;
    }
    for (int i = 0; i < 2; i++) {
        int af = i ? AF_INET6 : AF_INET;
        if (!(p->families & (i ? WFPCERT_PROXY_V6 : WFPCERT_PROXY_V4))) continue;
        SOCKADDR_STORAGE a;
        memset(&a, 0, sizeof a);
        a.ss_family = (ADDRESS_FAMILY)af;
        int len = i ? (int)sizeof(SOCKADDR_IN6) : (int)sizeof(SOCKADDR_IN);
        if (i) {
            ((SOCKADDR_IN6 *)&a)->sin6_port = htons(p->port);
            ((SOCKADDR_IN6 *)&a)->sin6_addr.s6_addr[15] = 1; /* ::1 */
        } else {
            ((SOCKADDR_IN *)&a)->sin_port = htons(p->port);
            ((SOCKADDR_IN *)&a)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        }
        if (protocols & WFPCERT_PROXY_UDP) {
            int e = open_dgram_port(svc, &svc->dport[i], &a);
            if (e) {
                wfpcert_proxy_stop(svc);
                return e;
            }
        }
        if (!(protocols & WFPCERT_PROXY_TCP)) continue;
        SOCKET l = WSASocketW(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        svc->listener[i] = l;
        if (l == INVALID_SOCKET || bind(l, (struct sockaddr *)&a, len) || listen(l, SOMAXCONN) ||
            !CreateIoCompletionPort((HANDLE)l, svc->port, KEY_LISTENER, 0)) {
            int e = WSAGetLastError();
            wfpcert_proxy_stop(svc);
            return e ? e : WSAEINVAL;
        }
        if (!svc->acceptex) {
            GUID ga = WSAID_ACCEPTEX, gc = WSAID_CONNECTEX;
            void *fa = extension(l, ga), *fc = extension(l, gc);
            memcpy(&svc->acceptex, &fa, sizeof fa);
            memcpy(&svc->connectex, &fc, sizeof fc);
            if (!fa || !fc) {
                wfpcert_proxy_stop(svc);
                return WSAEOPNOTSUPP;
            }
        }
        for (int k = 0; k < ACCEPTS_AHEAD; k++) {
            accept_slot *s = &svc->slots[i][k];
            s->listener = l;
            s->af = af;
            int e = post_accept(svc, s);
            if (e) {
                wfpcert_proxy_stop(svc);
                return e;
            }
        }
    }
    *out = svc;
    return 0;
}

int wfpcert_proxy_poll(void *p, unsigned long timeout_ms) {
    service *svc = p;
    int n = 0;
    for (DWORD wait = (DWORD)timeout_ms; n < 64; wait = 0) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *ov = NULL;
        BOOL ok = GetQueuedCompletionStatus(svc->port, &bytes, &key, &ov, wait);
        if (!ov) break; /* timed out (or the port failed): nothing more this turn */
        completed(svc, key, ov, ok, bytes);
        n++;
    }
    return n;
}

void wfpcert_proxy_stop(void *p) {
    service *svc = p;
    svc->stopping = 1;
    int pending = 0;
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < ACCEPTS_AHEAD; k++)
            pending += svc->slots[i][k].sock != INVALID_SOCKET && svc->slots[i][k].listener;
#ifndef EXAMPLE_PROXY_BUG_LEAK_LISTENER
        if (svc->listener[i] != INVALID_SOCKET) closesocket(svc->listener[i]);
#endif
        if (svc->dport[i].s != INVALID_SOCKET) closesocket(svc->dport[i].s);
    }
    for (flow *f = svc->flows, *next; f; f = next) {
        next = f->next;
        flow_end(f);
        flow_maybe_free(f); /* nothing outstanding: gone now */
    }
    for (dflow *f = svc->dflows, *next; f; f = next) {
        next = f->next;
        dflow_end(f);
        dflow_maybe_free(f);
    }
    /* The aborted operations come back through the port: every one before anything is freed. */
    for (int rounds = 0;
         (pending > 0 || svc->flows || svc->dflows || svc->dport[0].pending || svc->dport[1].pending) && rounds < 200;
         rounds++) {
        DWORD bytes;
        ULONG_PTR key;
        OVERLAPPED *ov = NULL;
        BOOL ok = GetQueuedCompletionStatus(svc->port, &bytes, &key, &ov, 10);
        if (!ov) continue;
        if (key == KEY_LISTENER) pending--;
        completed(svc, key, ov, ok, bytes);
    }
    free(svc->dport[0].data);
    free(svc->dport[1].data);
    CloseHandle(svc->port);
    free(svc);
}
