/*
 * chain_track.c: what the proxies report, turned into paths and fates.
 *
 * Opacity is checked while the proxy still holds the accepted socket: the bytes it read must
 * be the bytes the stack issued for that socket's flow (wt_issued_records/context), and the
 * bytes it later handed on (SET, or the first datagram's control data) must be the bytes it
 * read.  The stack's own check (SET rejecting an unsealed blob) is the third line; a proxy
 * that gets past it (fault set_no_seal_check) is still named here.
 *
 * Paths are linked by address: a flow starts at the client's local address; the proxy that
 * saw that address as its client is the first hop; that proxy's upstream socket address is
 * the next hop's client; and so on until the server, whose peer must be the last address.
 * UDP hops cannot be compared with wt_issued_*: target.h answers only for a socket that
 * carries a flow (an accepted TCP socket), so their opacity shows as "-" and only the
 * handed-on check and the stack's seal check apply.
 */
#include "chain_internal.h"
#include "wfpcert/compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SCRATCH 65536 /* the model's largest records blob */

static uint64_t blob_hash(const px_blob *b) { return b ? px_chain_sum(PX_CHAIN_SUM_INIT, b->bytes, b->len) : 0; }

/* 1 equal, 0 different; -1 when the stack cannot say (a UDP sender it does not know). */
static int same_as_issued(px_chain_state *st, SOCKET s, int context, const px_blob *got, int udp) {
    ULONG n = 0;
    if (s == INVALID_SOCKET) return -1;
    int r = context ? wt_issued_context(st->t, s, st->scratch, SCRATCH, &n)
                    : wt_issued_records(st->t, s, st->scratch, SCRATCH, &n);
    if (r) return udp && !context ? -1 : got == NULL; /* none issued: the proxy must have read none */
    return got && got->len == n && memcmp(got->bytes, st->scratch, n) == 0;
}

static int both_same(px_chain_state *st, SOCKET s, const px_event *ev, int udp) {
    int r = same_as_issued(st, s, 0, ev->records, udp);
    int c = r < 0 ? -1 : same_as_issued(st, s, 1, ev->context, udp);
    return r == 0 || c == 0 ? 0 : r < 0 || c < 0 ? -1 : 1;
}

/* ------------------------------------------------------------ the indexes */
/* With thousands of flows a scan of every hop per event made a run quadratic (10,000 flows:
 * 30,000 hops scanned 60,000 times).  Hops are chained per bucket, newest first. */
/* The part of an address that names a sender.  A UDP socket that sent unbound (or bound to
 * the wildcard) reports 0.0.0.0 or :: with its port, as getsockname does on Windows, while
 * its peers see the source address the stack chose: for UDP the family and the port (unique
 * per bound socket) name it. */
static SOCKADDR_STORAGE sender_key(int proto, const SOCKADDR_STORAGE *a) {
    SOCKADDR_STORAGE k = *a;
    if (proto == IPPROTO_UDP) {
        if (k.ss_family == AF_INET)
            memset(&((struct sockaddr_in *)&k)->sin_addr, 0, sizeof(struct in_addr));
        else
            memset(&((struct sockaddr_in6 *)&k)->sin6_addr, 0, sizeof(struct in6_addr));
    }
    return k;
}

static int same_sender(int proto, const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    SOCKADDR_STORAGE x = sender_key(proto, a), y = sender_key(proto, b);
    return px_addr_equal(&x, &y);
}

static unsigned addr_bucket(const px_chain_state *st, int proto, const SOCKADDR_STORAGE *addr) {
    uint64_t h = PX_CHAIN_SUM_INIT ^ (uint64_t)proto;
    SOCKADDR_STORAGE key = sender_key(proto, addr);
    const SOCKADDR_STORAGE *a = &key;
    const unsigned char *p = (const unsigned char *)a;
    size_t n = a->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return (unsigned)(h ^ (h >> 29)) & (st->nbuckets - 1);
}

static int index_init(px_chain_state *st) {
    if (st->nbuckets) return 0;
    unsigned n = 256;
    while (n < 4u * (unsigned)st->o->flows && n < (1u << 24)) n *= 2;
    st->by_client = malloc(n * sizeof *st->by_client);
    st->by_upstream = malloc(n * sizeof *st->by_upstream);
    if (!st->by_client || !st->by_upstream) return -1;
    memset(st->by_client, 0xff, n * sizeof *st->by_client); /* -1: empty */
    memset(st->by_upstream, 0xff, n * sizeof *st->by_upstream);
    st->nbuckets = n;
    return 0;
}

void px_chain_track_free(px_chain_state *st) {
    free(st->by_client);
    free(st->by_upstream);
    st->by_client = st->by_upstream = NULL;
    st->nbuckets = 0;
}

void px_chain_track_client(px_chain_state *st, px_chain_client *c) {
    wsys_mutex_lock(&st->mu);
    c->seq = ++st->seq;
    wsys_mutex_unlock(&st->mu);
}

void px_chain_track_client_closed(px_chain_state *st, px_chain_client *c) {
    wsys_mutex_lock(&st->mu);
    c->closed_seq = ++st->seq;
    wsys_mutex_unlock(&st->mu);
}

/* The newest hop of this vendor and client address that matches the filters (-1: any). */
static px_chain_hoprec *find(px_chain_state *st, const px_event *ev, int forwarded, int closed) {
    if (!st->nbuckets) return NULL;
    for (int i = st->by_client[addr_bucket(st, ev->proto, &ev->client)]; i >= 0; i = st->hops[i].older_client) {
        px_chain_hoprec *h = &st->hops[i];
        if (h->vendor == ev->vendor && h->proto == ev->proto && (forwarded < 0 || h->forwarded == forwarded) &&
            (closed < 0 || h->closed == closed) && same_sender(ev->proto, &h->client, &ev->client))
            return h;
    }
    return NULL;
}

/* The hop whose upstream socket is this hop's client (NULL: the client itself sent it): the
 * newest, since an address is reused only after the socket that had it is gone. */
static const px_chain_hoprec *parent_of(const px_chain_state *st, const px_event *ev) {
    for (int i = st->by_upstream[addr_bucket(st, ev->proto, &ev->client)]; i >= 0; i = st->hops[i].older_upstream)
        if (st->hops[i].forwarded && st->hops[i].proto == ev->proto &&
            same_sender(ev->proto, &st->hops[i].upstream, &ev->client))
            return &st->hops[i];
    return NULL;
}

/* A UDP flow rides on its datagrams; the stack answers for the socket that sent the first one
 * (its route to the original destination): the previous proxy's upstream socket or the client. */
static SOCKET udp_sender(const px_chain_state *st, const px_chain_hoprec *parent, const px_event *ev) {
    if (parent) return parent->upstream_socket;
    for (int i = 0; i < st->o->flows; i++)
        if (st->clients[i].proto == IPPROTO_UDP && same_sender(IPPROTO_UDP, &st->clients[i].local, &ev->client))
            return st->clients[i].s;
    return INVALID_SOCKET;
}

/* Returns 1 to refuse the flow: it is deeper than any path may go (a loop). */
static int queried(px_chain_state *st, const px_event *ev) {
    if (index_init(st)) return 1;
    if (st->nhops == st->caphops) {
        int cap = st->caphops ? st->caphops * 2 : 256;
        px_chain_hoprec *m = realloc(st->hops, (size_t)cap * sizeof *m);
        if (!m) return 1;
        st->hops = m;
        st->caphops = cap;
    }
    int at = st->nhops++;
    px_chain_hoprec *h = &st->hops[at];
    memset(h, 0, sizeof *h);
    h->seq = ev->at ? ev->at : ++st->seq;
    h->older_upstream = -1;
    unsigned b = addr_bucket(st, ev->proto, &ev->client);
    h->older_client = st->by_client[b];
    st->by_client[b] = at;
    h->vendor = ev->vendor;
    h->port = ev->proxy_port;
    h->proto = ev->proto;
    h->client = ev->client;
    h->rec_len = ev->records ? ev->records->len : 0;
    h->ctx_len = ev->context ? ev->context->len : 0;
    h->rec_hash = blob_hash(ev->records);
    h->opaque = -1;
    h->handed_same = -1;
    const px_chain_hoprec *parent = parent_of(st, ev);
    h->depth = parent ? parent->depth + 1 : 1;
    h->opaque = ev->opacity_given          ? ev->opaque
                : ev->proto == IPPROTO_UDP ? both_same(st, udp_sender(st, parent, ev), ev, 1)
                                           : both_same(st, ev->accepted, ev, 0);
    return h->depth > st->o->max_hops;
}

unsigned long long px_chain_stamp(void *ctx) { return ++((px_chain_state *)ctx)->seq; }

int px_chain_observe(void *ctx, const px_event *ev) {
    px_chain_state *st = ctx;
    wsys_mutex_lock(&st->mu);
    px_chain_hoprec *h;
    int refuse = 0;
    switch (ev->kind) {
    case PX_EV_QUERIED:
        refuse = queried(st, ev);
        break;
    case PX_EV_FORWARDED:
        if ((h = find(st, ev, 0, 0))) {
            h->forwarded = 1;
            h->upstream = ev->upstream_local;
            unsigned b = addr_bucket(st, ev->proto, &h->upstream);
            h->older_upstream = st->by_upstream[b];
            st->by_upstream[b] = (int)(h - st->hops);
            h->upstream_socket = ev->upstream;
            h->handed_same = ev->records && ev->records->len == h->rec_len && blob_hash(ev->records) == h->rec_hash;
        }
        break;
    case PX_EV_CLOSED:
        if ((h = find(st, ev, -1, 0))) {
            h->closed = 1;
            h->closed_seq = ev->at ? ev->at : ++st->seq;
            h->error = ev->error;
            snprintf(h->what, sizeof h->what, "%s", ev->what ? ev->what : "");
        }
        break;
    }
    wsys_mutex_unlock(&st->mu);
    return refuse;
}

/* ---------------------------------------------------------------- assembly */
/* The hop a flow reached next from this address: the oldest one reported after `after` (when
 * the address was bound: the client's stamp, or the previous hop's report) and before
 * `until` (when that socket was closed; 0: never).  A long run reuses addresses once their
 * sockets are gone, so an address seen outside that window belongs to another flow. */
static px_chain_hoprec *hop_from(px_chain_state *st, int proto, const SOCKADDR_STORAGE *client,
                                 unsigned long long after, unsigned long long until) {
    px_chain_hoprec *best = NULL;
    if (!st->nbuckets) return NULL;
    for (int i = st->by_client[addr_bucket(st, proto, client)]; i >= 0; i = st->hops[i].older_client) {
        px_chain_hoprec *h = &st->hops[i];
        /* older: another flow's (not the end of the bucket: a vendor proxy's hops come in
         * after its turn with the stamps of their calls, vendor_proxy.c) */
        if (h->seq <= after) continue;
        if (h->proto == proto && (!until || h->seq < until) && same_sender(proto, &h->client, client)) best = h;
    }
    return best;
}

static void set_fate(px_chain_flow_result *f, px_chain_fate fate, const char *fmt, ...) WFPCERT_PRINTF(3, 4);
static void set_fate(px_chain_flow_result *f, px_chain_fate fate, const char *fmt, ...) {
    if (f->fate != PX_CHAIN_OK) return; /* the first (most telling) reason stands */
    f->fate = fate;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->detail, sizeof f->detail, fmt, ap);
    va_end(ap);
}

static int data_ok(const px_chain_state *st, const px_chain_client *c, const px_chain_server_seen *s) {
    if (c->proto == IPPROTO_UDP)
        return c->dgram_replies == st->o->datagrams && s->got == c->sent && s->sum == c->sum_sent &&
               c->got == s->reply_sent && c->sum_got == s->sum_reply;
    return c->state == CL_DONE && c->sent == c->total && s->got == c->sent && s->sum == c->sum_sent &&
           s->reply_sent == st->o->reply_bytes && c->got == s->reply_sent && c->sum_got == s->sum_reply;
}

static void judge_hops(px_chain_state *st, px_chain_flow_result *f, px_chain_hoprec **hop, int n, int looped) {
    char v[2] = {0, 0};
    for (int k = 0; k < n; k++) {
        v[0] = hop[k]->vendor;
        if (hop[k]->opaque == 0)
            set_fate(f, PX_CHAIN_OPACITY, "proxy %s read records/context the stack did not issue", v);
    }
    /* The stack catching a tampering proxy (SET or WSASendMsg failed) comes before the chain
     * check that catches what the stack let through. */
    for (int k = 0; k < n; k++) {
        v[0] = hop[k]->vendor;
        if (!strcmp(hop[k]->what, "set records") || !strcmp(hop[k]->what, "send records"))
            set_fate(f, PX_CHAIN_SET_FAILED, "proxy %s: the stack rejected its records (error %d)", v, hop[k]->error);
        if (hop[k]->handed_same == 0) set_fate(f, PX_CHAIN_OPACITY, "proxy %s handed on records it did not receive", v);
    }
    if (looped) set_fate(f, PX_CHAIN_LOOPED, "%d proxies and still going: redirect loop", n);
    for (int k = 0; k < n; k++) {
        v[0] = hop[k]->vendor;
        const char *w = hop[k]->what;
        if (!strcmp(w, "connect") && hop[k]->error == WSAECONNREFUSED)
            set_fate(f, PX_CHAIN_REFUSED, "proxy %s: upstream connect refused (%d)", v, hop[k]->error);
        else if (!strcmp(w, "stopped while connecting"))
            set_fate(f, PX_CHAIN_PENDING, "proxy %s: upstream connect never completed (classify pended)", v);
    }
}

static void judge(px_chain_state *st, px_chain_flow_result *f, px_chain_hoprec **hop, int n, int looped,
                  const SOCKADDR_STORAGE *last) {
    const px_chain_client *c = &st->clients[f->index];
    const px_chain_server_seen *s = &st->seen[f->index];
    judge_hops(st, f, hop, n, looped);
    if (c->aborted) set_fate(f, PX_CHAIN_RESET, "the client reset the flow after %llu bytes", c->sent);
    if (c->state == CL_CONNECTING)
        set_fate(f, PX_CHAIN_PENDING, "the client connect never completed (classify pended)");
    if (s->arrivals > 1) set_fate(f, PX_CHAIN_DUPLICATE, "the server saw the flow %d times", s->arrivals);
    if (s->arrivals == 0)
        set_fate(f, PX_CHAIN_ERROR, "never reached the server (client: %s, %d)", c->what ? c->what : "-", c->error);
    char path[PX_CHAIN_MAX_HOPS + 1] = {0};
    for (int k = 0; k < n; k++) path[k] = hop[k]->vendor;
    if (strcmp(path, st->topo->path))
        set_fate(f, PX_CHAIN_WRONG_PATH, "path %s, expected %s", path[0] ? path : "(direct)",
                 st->topo->path[0] ? st->topo->path : "(direct)");
    if (!same_sender(f->proto, &s->peer, last))
        set_fate(f, PX_CHAIN_WRONG_PATH, "the server's peer is not the last hop");
    for (int k = 0; k < n; k++)
        if (hop[k]->error && strcmp(hop[k]->what, "idle") && strcmp(hop[k]->what, "stopped")) {
            char v[2] = {hop[k]->vendor, 0};
            set_fate(f, PX_CHAIN_TRUNCATED, "proxy %s ended the flow: error %d", v, hop[k]->error);
        }
    if (!data_ok(st, c, s))
        set_fate(f, PX_CHAIN_TRUNCATED, "data differs: %s (%d)", c->state == CL_FAILED ? c->what : "short or changed",
                 c->state == CL_FAILED ? c->error : 0);
}

void px_chain_assemble(px_chain_state *st, px_chain_report *r) {
    for (int i = 0; i < st->o->flows; i++) {
        const px_chain_client *c = &st->clients[i];
        px_chain_flow_result *f = &r->flows[i];
        px_chain_hoprec *hop[PX_CHAIN_MAX_HOPS];
        int n = 0, looped = 0;
        SOCKADDR_STORAGE cur = c->local;
        unsigned long long after = c->seq, until = c->closed_seq;
        for (px_chain_hoprec *h; (h = hop_from(st, c->proto, &cur, after, until));) {
            if (n == PX_CHAIN_MAX_HOPS) {
                looped = 1;
                break;
            }
            hop[n++] = h;
            if (!h->forwarded) break;
            cur = h->upstream;
            after = h->seq;
            until = h->closed_seq;
        }
        f->index = i;
        f->proto = c->proto;
        f->family = c->family;
        f->nhops = n;
        for (int k = 0; k < n; k++) {
            px_chain_hop *o = &f->hops[k];
            o->vendor = hop[k]->vendor;
            o->port = hop[k]->port;
            o->records_len = hop[k]->rec_len;
            o->context_len = hop[k]->ctx_len;
            o->opaque = hop[k]->opaque;
            o->handed_on_same = hop[k]->handed_same;
            o->error = hop[k]->error;
            snprintf(o->what, sizeof o->what, "%s", hop[k]->what);
        }
        const px_chain_server_seen *s = &st->seen[i];
        f->sent = c->sent;
        f->sum_sent = c->sum_sent;
        f->reply_got = c->got;
        f->sum_reply_got = c->sum_got;
        f->at_server = s->got;
        f->sum_server = s->sum;
        f->reply_sent = s->reply_sent;
        f->sum_reply_sent = s->sum_reply;
        f->arrivals = s->arrivals;
        f->fate = PX_CHAIN_OK;
        judge(st, f, hop, n, looped || n > st->o->max_hops, &cur);
        r->fate_count[f->fate]++;
        if (f->fate != PX_CHAIN_OK)
            r->failed++;
        else
            r->bytes += c->sent + c->got;
    }
}
