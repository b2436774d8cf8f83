/*
 * chain_endpoints.c: the two ends of every chained flow, as ordinary non-blocking Winsock
 * code: clients that connect (or send datagrams) to the server's real address and let the
 * callouts redirect them, and a server at 198.51.100.7 / 2001:db8::7 port 80.
 *
 * Data: each TCP stream starts with a 16-byte header ("WFPC", flow index, total length) so
 * the server can tell flows apart and count arrivals, then deterministic bytes (a counter
 * hashed per 8 bytes), so any length can be produced or checked in pieces.  Both ends keep a
 * running FNV-1a over what they actually sent and received: equal sums prove the relay.  The
 * client half-closes after its last byte; the server answers only after that end of stream,
 * so the reply proves the half-close crossed every proxy.  UDP flows are stop-and-wait
 * echoes of small datagrams with the same header idea ("WFPU", index, sequence).
 */
#include "chain_internal.h"

#include <stdlib.h>
#include <string.h>

#define STEP_ITERATIONS 8 /* sends / receives per endpoint per step: keeps flows interleaved */
#define UDP_DATAGRAM 64
#define READ_CHUNK 65536

/* Fletcher-style, each half mod 2^32: sensitive to every byte and its order, computable in
 * any pieces, and one add per byte (a multiply chain such as FNV capped the relay benches). */
uint64_t px_chain_sum(uint64_t sum, const unsigned char *p, size_t n) {
    uint32_t a = (uint32_t)sum, b = (uint32_t)(sum >> 32);
    for (size_t i = 0; i < n; i++) {
        a += p[i];
        b += a;
    }
    return (uint64_t)b << 32 | a;
}

static uint64_t mix(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void put32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void px_chain_stream_fill(int flow, int reply, unsigned long long total, unsigned long long off, unsigned char *p,
                          size_t n) {
    unsigned char hdr[PX_CHAIN_HEADER];
    memcpy(hdr, "WFPC", 4);
    put32(hdr + 4, (uint32_t)flow);
    put32(hdr + 8, (uint32_t)total);
    put32(hdr + 12, (uint32_t)(total >> 32));
    uint64_t seed = mix(((uint64_t)flow << 1) | (uint64_t)reply), word = 0, block = UINT64_MAX;
    size_t i = 0;
    /* Whole 8-byte blocks past the header at once: the per-byte path is only for the edges. */
    while (i < n && (reply || off + i >= PX_CHAIN_HEADER) && ((off + i) & 7)) {
        unsigned long long at = off + i;
        if ((at >> 3) != block) block = at >> 3, word = mix(seed ^ block);
        p[i++] = (unsigned char)(word >> ((at & 7) * 8));
    }
    if (i < n && (reply || off + i >= PX_CHAIN_HEADER))
        for (; i + 8 <= n; i += 8) {
            uint64_t w = mix(seed ^ ((off + i) >> 3));
            for (int k = 0; k < 8; k++) p[i + k] = (unsigned char)(w >> (8 * k));
        }
    for (; i < n; i++) {
        unsigned long long at = off + i;
        if (!reply && at < PX_CHAIN_HEADER) {
            p[i] = hdr[at];
            continue;
        }
        if ((at >> 3) != block) block = at >> 3, word = mix(seed ^ block);
        p[i] = (unsigned char)(word >> ((at & 7) * 8));
    }
}

/* With a vendor's driver (--callout) the server is where the driver redirects; otherwise
 * the suite's own destination, which the test callouts are told to match. */
USHORT px_chain_server_port(void) {
    const wt_model_driver *d = wt_model_driver_in_use();
    return d ? d->redirect_port : PX_CHAIN_SERVER_PORT;
}

static void server_addr(int af, SOCKADDR_STORAGE *a) {
    const wt_model_driver *d = wt_model_driver_in_use();
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET && d)
        memcpy(&((struct sockaddr_in *)a)->sin_addr, d->redirect4, 4);
    else if (af == AF_INET)
        inet_pton(AF_INET, "198.51.100.7", &((struct sockaddr_in *)a)->sin_addr);
    else if (d)
        memcpy(&((struct sockaddr_in6 *)a)->sin6_addr, d->redirect6, 16);
    else
        inet_pton(AF_INET6, "2001:db8::7", &((struct sockaddr_in6 *)a)->sin6_addr);
    ((struct sockaddr_in *)a)->sin_port = htons(px_chain_server_port());
}

static int would_block(int e) { return e == WSAEWOULDBLOCK || e == WSAENOBUFS; }

static SOCKET nonblocking_socket(int af, int type) {
    SOCKET s = WSASocket(af, type, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    u_long nb = 1;
    if (s != INVALID_SOCKET) ioctlsocket(s, FIONBIO, &nb);
    return s;
}

/* ------------------------------------------------------------------ server */
int px_chain_server_open(px_chain_state *st, char *err, size_t errlen) {
    st->tlisten[0] = st->tlisten[1] = st->userver[0] = st->userver[1] = INVALID_SOCKET;
    const wt_model_driver *d = wt_model_driver_in_use();
    if (d && (st->o->families & 2) && !d->has_redirect6) {
        snprintf(err, errlen, "driver %s redirects no IPv6 destination (no redirect_address6): use --family 4",
                 d->name);
        return -1;
    }
    if (st->o->server_down) return 0;
    for (int i = 0; i < 2; i++) {
        if (!(st->o->families & (1 << i))) continue;
        int af = i ? AF_INET6 : AF_INET;
        SOCKADDR_STORAGE a;
        server_addr(af, &a);
        if (st->topo->mode != PX_CHAIN_MODE_UDP) {
            st->tlisten[i] = nonblocking_socket(af, SOCK_STREAM);
            if (bind(st->tlisten[i], (struct sockaddr *)&a, px_addr_len(&a)) || listen(st->tlisten[i], SOMAXCONN)) {
                snprintf(err, errlen, "server listener: %d", WSAGetLastError());
                return -1;
            }
        }
        if (st->topo->mode != PX_CHAIN_MODE_TCP) {
            st->userver[i] = nonblocking_socket(af, SOCK_DGRAM);
            if (bind(st->userver[i], (struct sockaddr *)&a, px_addr_len(&a))) {
                snprintf(err, errlen, "UDP server: %d", WSAGetLastError());
                return -1;
            }
        }
    }
    return 0;
}

static void header_in(px_chain_state *st, px_chain_sconn *c, const unsigned char *p, size_t n) {
    while (n && c->hdr_have < PX_CHAIN_HEADER) c->hdr[c->hdr_have++] = *p++, n--;
    if (c->hdr_have < PX_CHAIN_HEADER || c->flow != -1) return;
    uint32_t idx = get32(c->hdr + 4);
    if (memcmp(c->hdr, "WFPC", 4) || idx >= (uint32_t)st->o->flows) {
        c->flow = -2; /* not one of ours: read and dropped */
        return;
    }
    c->flow = (int)idx;
    st->seen[idx].arrivals++;
    st->seen[idx].peer = c->peer;
}

static int sconn_read(px_chain_state *st, px_chain_sconn *c) {
    int n = 0;
    for (int k = 0; k < STEP_ITERATIONS && !c->replying; k++) {
        int r = recv(c->s, (char *)st->gen, READ_CHUNK, 0);
        if (r > 0) {
            header_in(st, c, st->gen, (size_t)r);
            c->sum = px_chain_sum(c->sum, st->gen, (size_t)r);
            c->got += (unsigned long long)r;
            n++;
            continue;
        }
        if (r < 0 && would_block(WSAGetLastError())) break;
        /* End of stream (the client's half-close), or an error: answer what came. */
        if (c->flow >= 0) {
            st->seen[c->flow].got = c->got;
            st->seen[c->flow].sum = c->sum;
        }
        c->replying = 1;
        c->reply_total = r == 0 && c->flow >= 0 ? st->o->reply_bytes : 0;
        n++;
    }
    return n;
}

static int sconn_reply(px_chain_state *st, px_chain_sconn *c) {
    int n = 0;
    for (int k = 0; k < STEP_ITERATIONS && c->reply_sent < c->reply_total; k++) {
        unsigned long long left = c->reply_total - c->reply_sent;
        size_t len = left < st->o->chunk ? (size_t)left : st->o->chunk;
        px_chain_stream_fill(c->flow, 1, c->reply_total, c->reply_sent, st->gen, len);
        int r = send(c->s, (const char *)st->gen, (int)len, 0);
        if (r <= 0) {
            if (r < 0 && would_block(WSAGetLastError())) return n;
            c->reply_total = c->reply_sent; /* the peer is gone: stop here */
            break;
        }
        c->sum_reply = px_chain_sum(c->sum_reply, st->gen, (size_t)r);
        c->reply_sent += (unsigned long long)r;
        n++;
    }
    if (c->reply_sent < c->reply_total) return n;
    if (c->flow >= 0) {
        st->seen[c->flow].reply_sent = c->reply_sent;
        st->seen[c->flow].sum_reply = c->sum_reply;
    }
    shutdown(c->s, SD_SEND);
    closesocket(c->s);
    c->s = INVALID_SOCKET;
    c->done = 1;
    return n + 1;
}

static int accept_all(px_chain_state *st) {
    int n = 0;
    for (int i = 0; i < 2; i++) {
        while (st->tlisten[i] != INVALID_SOCKET) {
            px_chain_sconn c;
            memset(&c, 0, sizeof c);
            int len = sizeof c.peer;
            c.s = accept(st->tlisten[i], (struct sockaddr *)&c.peer, &len);
            if (c.s == INVALID_SOCKET) break;
            u_long nb = 1;
            ioctlsocket(c.s, FIONBIO, &nb);
            c.flow = -1;
            c.sum = c.sum_reply = PX_CHAIN_SUM_INIT;
            if (st->nsconns == st->capsconns) {
                int cap = st->capsconns ? st->capsconns * 2 : 64;
                px_chain_sconn *m = realloc(st->sconns, (size_t)cap * sizeof *m);
                if (!m) {
                    closesocket(c.s);
                    break;
                }
                st->sconns = m;
                st->capsconns = cap;
            }
            st->sconns[st->nsconns++] = c;
            n++;
        }
    }
    return n;
}

static int udp_echo(px_chain_state *st) {
    int n = 0;
    for (int i = 0; i < 2; i++) {
        for (int k = 0; st->userver[i] != INVALID_SOCKET && k < 256; k++) {
            SOCKADDR_STORAGE from;
            int len = sizeof from;
            int r = recvfrom(st->userver[i], (char *)st->gen, READ_CHUNK, 0, (struct sockaddr *)&from, &len);
            if (r <= 0) break;
            n++;
            uint32_t idx = r >= PX_CHAIN_HEADER ? get32(st->gen + 4) : UINT32_MAX;
            if (memcmp(st->gen, "WFPU", 4) || idx >= (uint32_t)st->o->flows) continue;
            px_chain_server_seen *s = &st->seen[idx];
            if (get32(st->gen + 8) == 0) {
                s->arrivals++;
                s->peer = from;
            }
            s->got += (unsigned long long)r;
            s->sum = px_chain_sum(s->sum, st->gen, (size_t)r);
            if (sendto(st->userver[i], (const char *)st->gen, r, 0, (struct sockaddr *)&from, len) == r) {
                s->reply_sent += (unsigned long long)r;
                s->sum_reply = px_chain_sum(s->sum_reply, st->gen, (size_t)r);
            }
        }
    }
    return n;
}

int px_chain_server_step(px_chain_state *st) {
    int n = accept_all(st) + udp_echo(st);
    for (int i = 0; i < st->nsconns; i++) {
        px_chain_sconn *c = &st->sconns[i];
        if (c->done) continue;
        n += sconn_read(st, c);
        if (c->replying) n += sconn_reply(st, c);
    }
    return n;
}

/* ----------------------------------------------------------------- clients */
/* The socket goes, and with it the client's address: a hop reported later is another flow's. */
static void client_close(px_chain_state *st, px_chain_client *c) {
    if (c->s == INVALID_SOCKET) return;
    closesocket(c->s);
    c->s = INVALID_SOCKET;
    px_chain_track_client_closed(st, c);
}

static void client_fail(px_chain_state *st, px_chain_client *c, int error, const char *what) {
    c->state = CL_FAILED;
    c->error = error;
    c->what = what;
    client_close(st, c);
}

static void learn_local(px_chain_state *st, px_chain_client *c) {
    int len = sizeof c->local;
    (void)st;
    getsockname(c->s, (struct sockaddr *)&c->local, &len);
}

int px_chain_clients_start(px_chain_state *st, char *err, size_t errlen) {
    const px_chain_options *o = st->o;
    st->clients = calloc((size_t)o->flows, sizeof *st->clients);
    st->seen = calloc((size_t)o->flows, sizeof *st->seen);
    if (!st->clients || !st->seen) {
        snprintf(err, errlen, "out of memory for %d flows", o->flows);
        return -1;
    }
    for (int i = 0; i < o->flows; i++) {
        px_chain_client *c = &st->clients[i];
        px_chain_server_seen *s = &st->seen[i];
        s->sum = s->sum_reply = PX_CHAIN_SUM_INIT;
        c->index = i;
        c->sum_sent = c->sum_got = PX_CHAIN_SUM_INIT;
        int mode = st->topo->mode;
        c->proto = mode == PX_CHAIN_MODE_UDP || (mode == PX_CHAIN_MODE_MIXED && (i & 1)) ? IPPROTO_UDP : IPPROTO_TCP;
        int v6 = o->families == 2 || (o->families == 3 && ((mode == PX_CHAIN_MODE_MIXED ? i >> 1 : i) & 1));
        c->family = v6 ? AF_INET6 : AF_INET;
        server_addr(c->family, &c->dst);
        c->total = PX_CHAIN_HEADER + o->bytes;
        /* the clients are the application's sockets, not the proxies' (a driver that exempts
         * its proxy's PID must see them) */
        wt_process_assign_thread(st->t, wt_process_id(st->t, WT_PROCESS_CLIENT));
        c->s = nonblocking_socket(c->family, c->proto == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM);
        wt_process_assign_thread(st->t, 0);
        if (c->s == INVALID_SOCKET) {
            client_fail(st, c, WSAGetLastError(), "socket");
            continue;
        }
        c->state = CL_SENDING;
        /* Stamped before its address exists: on os a proxy thread may report the first hop
         * before connect returns here. */
        px_chain_track_client(st, c);
        if (c->proto == IPPROTO_UDP) {
            /* Bound before the first datagram, so the address that links the path is known
             * before any proxy can report it. */
            SOCKADDR_STORAGE any;
            memset(&any, 0, sizeof any);
            any.ss_family = (ADDRESS_FAMILY)c->family;
            if (bind(c->s, (struct sockaddr *)&any, px_addr_len(&any)))
                client_fail(st, c, WSAGetLastError(), "bind");
            else
                learn_local(st, c);
            continue;
        }
        if (connect(c->s, (struct sockaddr *)&c->dst, px_addr_len(&c->dst)) == 0) {
            learn_local(st, c);
            continue;
        }
        if (WSAGetLastError() == WSAEWOULDBLOCK) {
            c->state = CL_CONNECTING; /* a callout pended the classify */
            learn_local(st, c);
        } else {
            client_fail(st, c, WSAGetLastError(), "connect");
        }
    }
    return 0;
}

static int tcp_send(px_chain_state *st, px_chain_client *c) {
    int n = 0;
    for (int k = 0; k < STEP_ITERATIONS && c->state == CL_SENDING; k++) {
        if (c->buf_off == c->buf_len) {
            unsigned long long left = c->total - c->sent;
            if (!left) {
                shutdown(c->s, SD_SEND); /* half-close: the server answers after this */
                c->state = CL_READING;
                return n + 1;
            }
            c->buf_len = left < st->o->chunk ? (size_t)left : st->o->chunk;
            c->buf_off = 0;
            px_chain_stream_fill(c->index, 0, c->total, c->sent, c->buf, c->buf_len);
        }
        int r = send(c->s, (const char *)c->buf + c->buf_off, (int)(c->buf_len - c->buf_off), 0);
        if (r < 0) {
            if (!would_block(WSAGetLastError())) client_fail(st, c, WSAGetLastError(), "send");
            return n;
        }
        c->sum_sent = px_chain_sum(c->sum_sent, c->buf + c->buf_off, (size_t)r);
        c->buf_off += (size_t)r;
        c->sent += (unsigned long long)r;
        n++;
    }
    return n;
}

static int tcp_read(px_chain_state *st, px_chain_client *c) {
    int n = 0;
    for (int k = 0; k < STEP_ITERATIONS && (c->state == CL_SENDING || c->state == CL_READING); k++) {
        int r = recv(c->s, (char *)st->gen, READ_CHUNK, 0);
        if (r > 0) {
            c->sum_got = px_chain_sum(c->sum_got, st->gen, (size_t)r);
            c->got += (unsigned long long)r;
            n++;
            continue;
        }
        if (r < 0 && would_block(WSAGetLastError())) break;
        if (r < 0) {
            client_fail(st, c, WSAGetLastError(), "receive");
        } else if (c->state == CL_READING) {
            client_close(st, c);
            c->state = CL_DONE;
        } else {
            client_fail(st, c, WSAECONNABORTED, "end of stream before the request was sent");
        }
        return n + 1;
    }
    return n;
}

static int tcp_connecting(px_chain_state *st, px_chain_client *c) {
    int e = 0, len = sizeof e;
    if (getsockopt(c->s, SOL_SOCKET, SO_ERROR, (char *)&e, &len) == 0 && e) {
        client_fail(st, c, e, "connect");
        return 1;
    }
    if (connect(c->s, (struct sockaddr *)&c->dst, px_addr_len(&c->dst)) == 0 || WSAGetLastError() == WSAEISCONN) {
        c->state = CL_SENDING;
        learn_local(st, c);
        return 1;
    }
    return 0;
}

static int udp_step(px_chain_state *st, px_chain_client *c) {
    int n = 0;
    unsigned char d[UDP_DATAGRAM];
    if (c->dgram_sent == c->dgram_replies && c->dgram_sent < st->o->datagrams) {
        px_chain_stream_fill(c->index, 0, 0, (unsigned long long)c->dgram_sent * UDP_DATAGRAM, d, sizeof d);
        memcpy(d, "WFPU", 4);
        put32(d + 4, (uint32_t)c->index);
        put32(d + 8, (uint32_t)c->dgram_sent);
        int r = sendto(c->s, (const char *)d, sizeof d, 0, (struct sockaddr *)&c->dst, px_addr_len(&c->dst));
        if (r == (int)sizeof d) {
            c->dgram_sent++;
            c->sent += sizeof d;
            c->sum_sent = px_chain_sum(c->sum_sent, d, sizeof d);
            n++;
        } else if (!would_block(WSAGetLastError())) {
            client_fail(st, c, WSAGetLastError(), "sendto");
            return 1;
        }
    }
    for (int k = 0; k < STEP_ITERATIONS; k++) {
        int r = recv(c->s, (char *)st->gen, READ_CHUNK, 0);
        if (r <= 0) break;
        if (r >= 12 && get32(st->gen + 4) == (uint32_t)c->index && get32(st->gen + 8) == (uint32_t)c->dgram_replies) {
            c->dgram_replies++;
            c->got += (unsigned long long)r;
            c->sum_got = px_chain_sum(c->sum_got, st->gen, (size_t)r);
        }
        n++;
    }
    if (c->dgram_replies == st->o->datagrams) {
        client_close(st, c);
        c->state = CL_DONE;
    }
    return n;
}

int px_chain_clients_step(px_chain_state *st) {
    int n = 0;
    for (int i = 0; i < st->o->flows; i++) {
        px_chain_client *c = &st->clients[i];
        if (c->state == CL_DONE || c->state == CL_FAILED) continue;
        if (c->proto == IPPROTO_UDP) {
            n += udp_step(st, c);
            continue;
        }
        if (c->state == CL_CONNECTING && !tcp_connecting(st, c)) continue;
        /* No larger than the stream: 10,000 flows of 16 bytes need no 64 KiB buffer each. */
        if (!c->buf && !(c->buf = malloc(c->total < st->o->chunk ? (size_t)c->total : st->o->chunk))) {
            client_fail(st, c, WSAENOBUFS, "buffer");
            continue;
        }
        n += tcp_send(st, c) + tcp_read(st, c);
    }
    return n;
}

int px_chain_clients_finished(const px_chain_state *st) {
    for (int i = 0; i < st->o->flows; i++)
        if (st->clients[i].state != CL_DONE && st->clients[i].state != CL_FAILED) return 0;
    return 1;
}

/* The reset case: every unfinished client closes its socket without a word. */
void px_chain_clients_abort(px_chain_state *st) {
    for (int i = 0; i < st->o->flows; i++) {
        px_chain_client *c = &st->clients[i];
        if (c->state == CL_DONE || c->state == CL_FAILED) continue;
        c->aborted = 1;
        client_fail(st, c, WSAECONNRESET, "client reset");
    }
}

void px_chain_endpoints_close(px_chain_state *st) {
    for (int i = 0; st->clients && i < st->o->flows; i++) {
        if (st->clients[i].s != INVALID_SOCKET) closesocket(st->clients[i].s);
        free(st->clients[i].buf);
    }
    for (int i = 0; i < st->nsconns; i++)
        if (st->sconns[i].s != INVALID_SOCKET) closesocket(st->sconns[i].s);
    for (int i = 0; i < 2; i++) {
        if (st->tlisten[i] != INVALID_SOCKET) closesocket(st->tlisten[i]);
        if (st->userver[i] != INVALID_SOCKET) closesocket(st->userver[i]);
    }
    free(st->sconns);
    free(st->clients);
    free(st->seen);
}
