/*
 * vendor_proxy.c: runs a vendor's redirect service (wfpcert/proxy.h) as a chain vendor's TCP
 * proxy and turns what the model saw it do into the observer events the sample proxies send
 * (px_event), so that the chain runner judges a vendor's code as it judges its own.
 *
 * How a flow is followed: the model's watcher (wt_model_watch) reports, on the thread that
 * made the call, each redirect QUERY (socket, bytes, whether they are the bytes the stack
 * issued), each SET (socket, bytes handed in), each connect and each close.  A call is the
 * service's when it happens inside its wfpcert_proxy_poll (a thread-local says whose turn it
 * is), so clients, the server and other vendors are never mistaken for it.  The events wait
 * in a queue and are turned into px_events after the turn (the watcher runs with the model
 * locked and must not call back into it):
 *   QUERY on socket A          -> a flow of A: client = A's peer, the records/context read
 *   SET on socket U with X     -> the flow whose records are X (else, a tampering service,
 *                                 the newest flow not yet handed on): QUERIED, then U is its
 *                                 upstream; the bytes X are what it handed on
 *   connect of U               -> FORWARDED with U's local address (the next hop's client)
 *   a failed SET or connect    -> CLOSED with "set records" / "connect" and the error
 *   close of A                 -> CLOSED ("done")
 * Opacity is decided inside the model when the query returns (the accepted socket may be
 * closed before the turn ends), and handed to the observer as given.
 *
 * UDP, when the module relays it (wfpcert_proxy_protocols), as the sample UDP proxy reports:
 *   RECV of records/context on socket L from C -> a UDP flow of L: client = C (the first datagram)
 *   SEND of records X on socket U to D         -> the flow that read X (else the newest not
 *                                                 handed on): QUERIED, then FORWARDED with U's
 *                                                 address; a failed send: CLOSED "send records"
 *   close of U                                 -> CLOSED ("done")
 * A receive can complete on the thread that sent the datagram (another service's turn, a
 * client) or the os transport's poller: it is the run's whose process owns the socket.
 * Its opacity is judged by the observer against the stack, as for the sample UDP proxy.
 */
#include "vendor_proxy.h"
#include "tcp_proxy.h" /* PX_TCP_V4, PX_TCP_V6 */
#include "wfpcert/target_model.h"
#include "wsys.h"

#include <stdlib.h>
#include <string.h>

static px_vendor_module module;
static int module_set;

void px_vendor_use_module(const px_vendor_module *m) {
    module_set = m != NULL;
    if (m) module = *m;
}

const px_vendor_module *px_vendor_module_in_use(void) { return module_set ? &module : NULL; }

typedef struct px_vendor_event {
    wt_watch_event ev;
    unsigned long long at; /* the observer's stamp when the model saw the call */
    BYTE *bytes; /* a copy of ev.bytes */
    struct px_vendor_event *next;
} px_vendor_event;

typedef struct px_vendor_flow {
    int proto;
    SOCKET accepted, upstream, listener; /* listener: UDP, the socket the first datagram reached */
    SOCKADDR_STORAGE client;
    px_blob records, context, set;
    int opaque_rec, opaque_ctx; /* -1 not read */
    unsigned long long queried_at; /* the stamp of the first records query */
    int queried, forwarded, closed;
    struct px_vendor_flow *next;
} px_vendor_flow;

struct px_vendor_run {
    wt_target *t;
    px_vendor_config cfg;
    void *service;
    wsys_mutex mu; /* the watcher appends on the service's thread; the turn drains */
    px_vendor_event *head, *tail;
    px_vendor_flow *flows;
    px_vendor_run *next_run;
};

/* Every run on the target, for the one watcher; the turn in progress on this thread. */
static wsys_mutex runs_mu = WSYS_MUTEX_INIT;
static px_vendor_run *runs;
static _Thread_local px_vendor_run *turn;

static int relays_udp(const px_vendor_run *r) { return (r->cfg.protocols & WFPCERT_PROXY_UDP) != 0; }

static void queue(px_vendor_run *r, const wt_watch_event *ev) {
    px_vendor_event *e = calloc(1, sizeof *e);
    if (!e) return;
    e->ev = *ev;
    if (r->cfg.stamp) e->at = r->cfg.stamp(r->cfg.observer_ctx);
    if (ev->bytes && ev->len && (e->bytes = malloc(ev->len))) memcpy(e->bytes, ev->bytes, ev->len);
    e->ev.bytes = e->bytes;
    if (!e->bytes) e->ev.len = 0;
    wsys_mutex_lock(&r->mu);
    if (r->tail)
        r->tail->next = e;
    else
        r->head = e;
    r->tail = e;
    wsys_mutex_unlock(&r->mu);
}

static void on_watch(void *ctx, const wt_watch_event *ev) {
    (void)ctx;
    if (ev->kind != WT_WATCH_RECV_RECORDS && ev->kind != WT_WATCH_RECV_CONTEXT) {
        if (turn) queue(turn, ev); /* else a client, the server, a sample proxy */
        return;
    }
    /* A datagram completes a pending receive on whichever thread sent it (another service's
     * turn, a client) or the os transport's poller: the socket's process says whose it is. */
    wsys_mutex_lock(&runs_mu);
    for (px_vendor_run *r = runs; r; r = r->next_run)
        if (relays_udp(r) && r->cfg.pid && r->cfg.pid == ev->pid) {
            queue(r, ev);
            break;
        }
    wsys_mutex_unlock(&runs_mu);
}

/* Tells the observer about flow f, as the sample proxies' px_report does, plus what only a
 * watched service has: the stamps of its calls and, in QUERIED, the opacity the model decided. */
static void report(px_vendor_run *r, px_vendor_flow *f, px_event_kind kind, int error, const char *what,
                   const SOCKADDR_STORAGE *upstream_local, unsigned long long at) {
    if (!r->cfg.observer) return;
    px_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.vendor = r->cfg.vendor;
    ev.proxy_port = r->cfg.port;
    ev.proto = f->proto;
    ev.accepted = f->accepted;
    ev.upstream = kind == PX_EV_QUERIED ? INVALID_SOCKET : f->upstream;
    ev.client = f->client;
    ev.error = error;
    ev.what = what;
    ev.at = at;
    if (upstream_local) ev.upstream_local = *upstream_local;
    if (kind == PX_EV_FORWARDED) ev.records = &f->set; /* what it handed on */
    if (kind == PX_EV_QUERIED) {
        ev.records = &f->records;
        ev.context = f->context.len ? &f->context : NULL;
        ev.opacity_given = f->proto == IPPROTO_TCP; /* UDP: the observer asks the stack itself */
        ev.opaque = f->opaque_rec == 0 || f->opaque_ctx == 0 ? 0 : 1;
        ev.at = f->queried_at;
    }
    r->cfg.observer(r->cfg.observer_ctx, &ev);
}

static px_vendor_flow *flow_of(px_vendor_run *r, SOCKET s, int as_upstream) {
    for (px_vendor_flow *f = r->flows; f; f = f->next)
        if (!f->closed && (as_upstream ? f->upstream == s : f->proto == IPPROTO_TCP && f->accepted == s)) return f;
    return NULL;
}

static px_vendor_flow *flow_new(px_vendor_run *r, int proto, SOCKET s, const SOCKADDR_STORAGE *client,
                                unsigned long long at) {
    px_vendor_flow *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->proto = proto;
    f->accepted = proto == IPPROTO_TCP ? s : INVALID_SOCKET;
    f->listener = proto == IPPROTO_UDP ? s : INVALID_SOCKET;
    f->upstream = INVALID_SOCKET;
    f->client = *client;
    f->opaque_rec = f->opaque_ctx = -1;
    f->queried_at = at;
    f->next = r->flows;
    r->flows = f;
    return f;
}

/* The UDP flow a first datagram's records or context belong to: the newest of this socket and
 * sender that has not had that blob yet (records and context come in one receive), else new. */
static px_vendor_flow *udp_flow_of(px_vendor_run *r, const wt_watch_event *ev, unsigned long long at) {
    int records = ev->kind == WT_WATCH_RECV_RECORDS;
    for (px_vendor_flow *f = r->flows; f; f = f->next)
        if (!f->closed && f->proto == IPPROTO_UDP && f->listener == ev->s && !f->queried &&
            px_addr_equal(&f->client, &ev->remote) && !(records ? f->records.len : f->context.len))
            return f;
    return flow_new(r, IPPROTO_UDP, ev->s, &ev->remote, at);
}

static void queried(px_vendor_run *r, px_vendor_flow *f) {
    if (f->queried) return;
    f->queried = 1;
    report(r, f, PX_EV_QUERIED, 0, NULL, NULL, 0);
}

static void closed(px_vendor_run *r, px_vendor_flow *f, int error, const char *what, unsigned long long at) {
    if (f->closed) return;
    queried(r, f);
    f->closed = 1;
    report(r, f, PX_EV_CLOSED, error, what, NULL, at);
}

/* The flow a SET of bytes X belongs to: the one that read X, else the newest not handed on. */
static px_vendor_flow *owner_of_set(px_vendor_run *r, const wt_watch_event *ev, int proto) {
    px_vendor_flow *newest = NULL;
    for (px_vendor_flow *f = r->flows; f; f = f->next) {
        if (f->closed || f->proto != proto || f->upstream != INVALID_SOCKET || !f->records.len) continue;
        if (f->records.len == ev->len && memcmp(f->records.bytes, ev->bytes, ev->len) == 0) return f;
        if (!newest) newest = f; /* the list is newest first */
    }
    return newest;
}

static void handle(px_vendor_run *r, const wt_watch_event *ev, unsigned long long at) {
    px_vendor_flow *f;
    switch (ev->kind) {
    case WT_WATCH_QUERY_RECORDS:
    case WT_WATCH_QUERY_CONTEXT:
    case WT_WATCH_RECV_RECORDS:
    case WT_WATCH_RECV_CONTEXT:
        if (ev->kind == WT_WATCH_RECV_RECORDS || ev->kind == WT_WATCH_RECV_CONTEXT) {
            if (!relays_udp(r) || !(f = udp_flow_of(r, ev, at))) break;
        } else if (!(f = flow_of(r, ev->s, 0)) && !(f = flow_new(r, IPPROTO_TCP, ev->s, &ev->remote, at))) {
            break;
        }
        if (ev->kind == WT_WATCH_QUERY_RECORDS || ev->kind == WT_WATCH_RECV_RECORDS) {
            px_blob_free(&f->records);
            px_blob_copy(&f->records, ev->bytes, ev->len);
            f->opaque_rec = ev->issued_same;
        } else {
            px_blob_free(&f->context);
            px_blob_copy(&f->context, ev->bytes, ev->len);
            f->opaque_ctx = ev->issued_same;
        }
        break;
    case WT_WATCH_SEND_RECORDS:
        if (!relays_udp(r) || !(f = owner_of_set(r, ev, IPPROTO_UDP))) break;
        queried(r, f);
        f->upstream = ev->s;
        px_blob_copy(&f->set, ev->bytes, ev->len);
        if (!ev->ok) {
            closed(r, f, ev->error, "send records", at);
            break;
        }
        f->forwarded = 1;
        report(r, f, PX_EV_FORWARDED, 0, NULL, &ev->local, 0);
        break;
    case WT_WATCH_SET_RECORDS:
        if (!(f = owner_of_set(r, ev, IPPROTO_TCP))) break;
        queried(r, f);
        f->upstream = ev->s;
        px_blob_free(&f->set);
        px_blob_copy(&f->set, ev->bytes, ev->len);
        if (!ev->ok) closed(r, f, ev->error, "set records", at);
        break;
    case WT_WATCH_CONNECT:
        if (!(f = flow_of(r, ev->s, 1)) || f->forwarded || f->proto != IPPROTO_TCP) break;
        if (!ev->ok) {
            closed(r, f, ev->error, "connect", at);
            break;
        }
        f->forwarded = 1;
        report(r, f, PX_EV_FORWARDED, 0, NULL, &ev->local, 0);
        break;
    case WT_WATCH_CLOSE:
        if ((f = flow_of(r, ev->s, 0))) closed(r, f, 0, "done", at);
        while ((f = flow_of(r, ev->s, 1)) && f->proto == IPPROTO_UDP) closed(r, f, 0, "done", at);
        break;
    }
}

/* Turns the queued events into observer events; flows that were only queried get their
 * QUERIED now (the turn that read them is over). */
static int drain(px_vendor_run *r) {
    wsys_mutex_lock(&r->mu);
    px_vendor_event *e = r->head;
    r->head = r->tail = NULL;
    wsys_mutex_unlock(&r->mu);
    int n = 0;
    while (e) {
        px_vendor_event *next = e->next;
        handle(r, &e->ev, e->at);
        free(e->bytes);
        free(e);
        e = next;
        n++;
    }
    for (px_vendor_flow *f = r->flows; f; f = f->next)
        if (f->records.len) queried(r, f);
    /* Finished flows are forgotten (a socket value may come back for a new flow). */
    for (px_vendor_flow **pp = &r->flows; *pp;) {
        px_vendor_flow *f = *pp;
        if (f->closed) {
            *pp = f->next;
            px_blob_free(&f->records);
            px_blob_free(&f->context);
            px_blob_free(&f->set);
            free(f);
        } else {
            pp = &f->next;
        }
    }
    return n;
}

int px_vendor_start(wt_target *t, const px_vendor_config *c, px_vendor_run **out) {
    *out = NULL;
    if (!module_set) return WSAEINVAL;
    px_vendor_run *r = calloc(1, sizeof *r);
    if (!r) return WSAENOBUFS;
    r->t = t;
    r->cfg = *c;
    r->cfg.protocols = (c->protocols ? c->protocols : WFPCERT_PROXY_TCP) & module.protocols;
    wsys_mutex_init(&r->mu);
    /* The watcher runs with the model locked and takes runs_mu: never the other way round. */
    wsys_mutex_lock(&runs_mu);
    int first = !runs;
    r->next_run = runs;
    runs = r;
    wsys_mutex_unlock(&runs_mu);
    if (first) wt_model_watch(t, on_watch, NULL);
    wfpcert_proxy_params p;
    memset(&p, 0, sizeof p);
    p.size = sizeof p;
    p.port = c->port;
    p.families = c->families ? c->families : WFPCERT_PROXY_V4 | WFPCERT_PROXY_V6;
    p.relay_buffer = c->relay_buf;
    p.vendor = c->vendor;
    p.protocols = r->cfg.protocols;
    turn = r;
    int e = module.start(&p, &r->service);
    turn = NULL;
    drain(r);
    if (e) {
        r->service = NULL;
        px_vendor_stop(r);
        return e;
    }
    *out = r;
    return 0;
}

int px_vendor_poll(px_vendor_run *r, DWORD timeout_ms) {
    if (!r) return 0;
    turn = r;
    int n = module.poll(r->service, timeout_ms);
    turn = NULL;
    return (n > 0 ? n : 0) + drain(r);
}

void px_vendor_stop(px_vendor_run *r) {
    if (!r) return;
    if (r->service) {
        turn = r;
        module.stop(r->service);
        turn = NULL;
    }
    drain(r);
    for (px_vendor_flow *f = r->flows; f; f = f->next) closed(r, f, 0, "stopped", 0);
    drain(r);
    wsys_mutex_lock(&runs_mu);
    for (px_vendor_run **pp = &runs; *pp; pp = &(*pp)->next_run)
        if (*pp == r) {
            *pp = r->next_run;
            break;
        }
    int last = !runs;
    wsys_mutex_unlock(&runs_mu);
    if (last) wt_model_watch(r->t, NULL, NULL);
    wsys_mutex_destroy(&r->mu);
    free(r);
}
