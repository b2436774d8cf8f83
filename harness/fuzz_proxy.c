/*
 * fuzz_proxy.c: a vendor's redirect service (the entry points of wfpcert/proxy.h, a module
 * built by wfpcert_add_proxy) as the proxy of the TCP connections and, when the module says it
 * relays UDP (wfpcert_proxy_protocols), the UDP flows the input describes.
 *
 * What: the module named by WFPCERT_PROXY (`wfpcert fuzz --proxy MODULE` sets it), or else the
 * project's example service (examples/vendor-proxy/proxy.c, compiled into the binary with its
 * entry points renamed), is started on the proxy port of the callout (the test callout, or
 * the vendor's driver of WFPCERT_CALLOUT).  The input decides what a hostile or unlucky world
 * does to it: 1-4 flows, IPv4 or IPv6 each, a redirect context or none and its size, pended
 * classifies, how many bytes each client sends, in which chunks, whether it half-closes or
 * closes (a reset when it left bytes unread), and a server that refuses, accepts late, sends
 * first or closes early; and in which order the parties run.  Then every party runs fairly
 * until each flow has ended, within a budget of rounds.
 *
 * Why: the chains (`wfpcert chain --proxy`) run a vendor's service through well-behaved
 * topologies; a fuzzer finds the orders and endings a service mishandles.  The checks, from
 * what the model saw the service do (wt_model_watch) and what the two ends saw:
 *   A59     every flow reaches the server at most once, and the service never accepts a
 *           connection one of its own upstream sockets made (a loop through the proxy);
 *   data    the bytes arrive intact both ways: what the server read is what that flow's client
 *           sent (all of it when the client half-closed and the server read to the end), and
 *           what the client read is what the server sent (all of it when both ended cleanly),
 *           and a client that only half-closed still gets the server's reply (a service that
 *           closes instead of passing the half-close on loses it);
 *   opacity the records the service hands to SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS are the
 *           bytes the stack issued for the flow that socket carries (A33, A42, SEMANTICS 5),
 *           and every flow that reaches the server came from a socket given its records;
 *   leaks   after wfpcert_proxy_stop the service's process has no socket left, and no
 *           completion port or event is left over (memory: LeakSanitizer);
 *   hang    every flow ends within the budget (a poll that never returns is the fuzzer's
 *           timeout).
 * Which flow a server connection carries is told by the bytes: each client's stream starts
 * with a byte of its own; a connection that carried no byte is told by the records its
 * socket was given.
 *
 * UDP flows: the client sends 1-8 datagrams (an empty first one, odd sizes) to the original
 * destination and reads the replies; the input may also make the context too big for the
 * service's control buffer (MSG_CTRUNC) and send a stray datagram straight to the service's
 * port, which carries no records.  The checks: data (each datagram arrives whole, once, at
 * its flow's destination, and each reply at its client), A61 (a datagram without records
 * is never relayed), A59 (no redirected datagram comes from the service's own socket: it
 * sent the first datagram without the records), and opacity (the IP_WFP_REDIRECT_RECORDS a
 * WSASendMsg handed on are the bytes the service received on that flow's first datagram,
 * and the stack took them).
 */
#include <stdlib.h>
#include <string.h>

#include "proxy_module.h"
#include "wfpcert/proxy.h"
#include "wh.h"

#define MAX_FLOWS 4
#define MAX_SERVED 8
#define MAX_BYTES 4096
#define MAX_EVENTS 256
#define EVENT_BYTES 2048
#define INPUT_ROUNDS 96
#define STALL_ROUNDS 64 /* rounds in which nobody moves: a hang */
#define MAX_ROUNDS 6000 /* a 1-byte relay of 4 x 2 x 4096 bytes takes about 1,000 */

/* The sample service of examples/vendor-proxy/proxy.c, built in with its names changed
 * (harness/CMakeLists.txt), so that a module's own calls to its entry points never bind here. */
int wh_sample_proxy_start(const wfpcert_proxy_params *params, void **service);
int wh_sample_proxy_poll(void *service, unsigned long timeout_ms);
void wh_sample_proxy_stop(void *service);
int wh_sample_proxy_protocols(void);

typedef struct proxy_module {
    const char *name;
    wfpcert_proxy_start_fn start;
    wfpcert_proxy_poll_fn poll;
    wfpcert_proxy_stop_fn stop;
    int protocols; /* WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP: what it relays */
} proxy_module;

/* WFPCERT_PROXY, loaded once per process; a bad module is a set-up error naming it (exit 2). */
static const proxy_module *module_of_process(void) {
    static proxy_module m;
    static int loaded;
    if (loaded) return &m;
    loaded = 1;
    m.name = "example-proxy (built in)";
    m.start = wh_sample_proxy_start;
    m.poll = wh_sample_proxy_poll;
    m.stop = wh_sample_proxy_stop;
    m.protocols = wh_sample_proxy_protocols();
    const char *path = getenv("WFPCERT_PROXY");
    if (!path || !*path) return &m;
    char who[1200];
    snprintf(who, sizeof who, "wfpcert harness: WFPCERT_PROXY %s", path);
    nt_proxy_module mod;
    if (nt_proxy_module_load(path, who, &mod)) exit(2);
    m.start = mod.start;
    m.poll = mod.poll;
    m.stop = mod.stop;
    m.protocols = mod.protocols;
    m.name = path;
    return &m;
}

/* ------------------------------------------------------------- what the model saw */
typedef struct seen {
    wt_watch_kind kind;
    SOCKET s;
    int ok, issued_same, error;
    DWORD pid;
    ULONG len; /* the call's bytes; only the first EVENT_BYTES are kept */
    SOCKADDR_STORAGE local, remote;
    uint8_t bytes[EVENT_BYTES];
} seen;

static seen events[MAX_EVENTS];
static int nevents, in_turn, checked;
static DWORD watched_pid; /* a datagram completes the service's receive on the sender's thread */

static void on_watch(void *ctx, const wt_watch_event *ev) {
    (void)ctx;
    int recv = ev->kind == WT_WATCH_RECV_RECORDS || ev->kind == WT_WATCH_RECV_CONTEXT;
    if (recv ? ev->pid != watched_pid : !in_turn) return; /* only the service's calls */
    if (nevents == MAX_EVENTS) return;
    seen *e = &events[nevents++];
    e->kind = ev->kind;
    e->s = ev->s;
    e->ok = ev->ok;
    e->issued_same = ev->issued_same;
    e->error = ev->error;
    e->pid = ev->pid;
    e->len = ev->len;
    e->local = ev->local;
    e->remote = ev->remote;
    if (ev->bytes && ev->len) memcpy(e->bytes, ev->bytes, ev->len < EVENT_BYTES ? ev->len : EVENT_BYTES);
}

/* ---------------------------------------------------------------- the parties */
#define MAX_DGRAMS 8

typedef struct client {
    SOCKET s;
    int udp; /* a UDP flow: datagrams, and replies for each */
    int ndgrams, dsent, dgot; /* UDP: datagrams to send, sent, replies read */
    size_t dlen[MAX_DGRAMS];
    unsigned seen_at_server, replied; /* UDP: which datagrams the server has had, replies read (bits) */
    int af, started, connected_err, ended, closed, send_dead, rdone, reset;
    int close_mode; /* 0 half-close (shutdown SD_SEND, then read to the end), 1 closesocket */
    size_t len, sent, chunk, ngot;
    SOCKADDR_STORAGE local;
    uint8_t got[MAX_BYTES + 1];
} client;

typedef struct served {
    SOCKET s;
    SOCKADDR_STORAGE peer;
    int eof, err, closed, shut, replied;
    int send_error; /* what the reply's send failed with (0: it went out whole) */
    size_t sent, ngot;
    uint8_t got[MAX_BYTES + 1];
} served;

typedef struct world {
    wh_ctx *x;
    const proxy_module *m;
    void *service;
    DWORD proxy_pid, client_pid;
    int nflows, rounds, draining;
    client c[MAX_FLOWS];
    SOCKADDR_STORAGE dst4, dst6;
    SOCKET listener[2]; /* IPv4, IPv6; INVALID_SOCKET: that family is refused */
    int accept_after, send_first, close_early;
    size_t reply_len;
    served sv[MAX_SERVED];
    int nserved;
    SOCKET userver[2]; /* UDP at the original destination; INVALID_SOCKET: none */
    int stray; /* send a datagram straight to the service's port (no records) */
    SOCKET stray_s;
    SOCKADDR_STORAGE stray_local;
    int nudp_up; /* UDP: the service's upstream address that carried each flow (port) */
    USHORT up_port[MAX_FLOWS];
} world;

static void check_udp_calls(const world *w);

static uint8_t client_byte(int flow, size_t k) {
    return k == 0 ? (uint8_t)(0xA0 + flow) : (uint8_t)(flow * 59 + k * 7 + (k >> 8) * 13 + 1);
}
static uint8_t server_byte(int conn, size_t k) { return (uint8_t)(conn * 71 + k * 3 + 0x33); }

static int addr_len(const SOCKADDR_STORAGE *a) {
    return a->ss_family == AF_INET6 ? (int)sizeof(SOCKADDR_IN6) : (int)sizeof(SOCKADDR_IN);
}

static int same_address(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    if (a->ss_family != b->ss_family || !a->ss_family) return 0;
    if (a->ss_family == AF_INET6) {
        const SOCKADDR_IN6 *x = (const SOCKADDR_IN6 *)a, *y = (const SOCKADDR_IN6 *)b;
        return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
    }
    const SOCKADDR_IN *x = (const SOCKADDR_IN *)a, *y = (const SOCKADDR_IN *)b;
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
}

static void address(int af, const void *addr, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET6) {
        memcpy(&((SOCKADDR_IN6 *)a)->sin6_addr, addr, 16);
        ((SOCKADDR_IN6 *)a)->sin6_port = htons(port);
    } else {
        memcpy(&((SOCKADDR_IN *)a)->sin_addr, addr, 4);
        ((SOCKADDR_IN *)a)->sin_port = htons(port);
    }
}

static int would_block(int e) { return e == WSAEWOULDBLOCK || e == WSAENOTCONN || e == WSAEINPROGRESS; }

/* After each turn, on the calls it made: A59, no connection the service's own upstream
 * sockets made comes back to it (checked at once: a loop never ends by itself); A33, a query
 * returns the bytes issued for the flow. */
static void check_calls(int from) {
    for (int k = from; k < nevents; k++) {
        /* What the watcher says of each call agrees with itself (target_model.h): the calls
         * of the service's turn are its own process's, and a call failed exactly when it
         * carries an error (a QUERY, a close or a receive reported done carries none). */
        const seen *e = &events[k];
        if (e->pid != watched_pid)
            wh_fail("watch", "the service's call %d (kind %d) on socket %#llx was reported for process %lu, not %lu", k,
                    (int)e->kind, (unsigned long long)e->s, (unsigned long)e->pid, (unsigned long)watched_pid);
        if (e->ok != (e->error == 0))
            wh_fail("watch", "the service's call %d (kind %d) on socket %#llx was reported %s with error %d", k,
                    (int)e->kind, (unsigned long long)e->s, e->ok ? "done" : "failed", e->error);
    }
    for (int k = from; k < nevents; k++) {
        if (events[k].kind != WT_WATCH_QUERY_RECORDS && events[k].kind != WT_WATCH_QUERY_CONTEXT) continue;
        if (!events[k].issued_same)
            wh_fail("A33", "the service's %s query returned %lu bytes that are not the ones issued for its flow",
                    events[k].kind == WT_WATCH_QUERY_RECORDS ? "records" : "context", (unsigned long)events[k].len);
        for (int u = 0; u < nevents; u++)
            if (events[u].kind == WT_WATCH_CONNECT && events[u].ok && same_address(&events[u].local, &events[k].remote))
                wh_fail("A59",
                        "the service accepted a connection its own upstream socket made: a loop through the proxy");
    }
}

/* One turn of the service, its sockets created for the proxy's process. */
static int proxy_turn(world *w) {
    int from = nevents;
    wt_process_assign_thread(wh_t(w->x), w->proxy_pid);
    in_turn = 1;
    int n = w->m->poll(w->service, 0);
    in_turn = 0;
    check_calls(from);
    check_udp_calls(w);
    wt_process_assign_thread(wh_t(w->x), w->client_pid);
    if (n > 0) wh_fdp_step("the service's turn: %d thing(s) happened", n);
    if (n < 0) wh_fail("proxy", "wfpcert_proxy_poll of %s returned %d: the service failed for good", w->m->name, n);
    return n;
}

static void stack_turn(world *w) {
    wt_complete_pended(wh_t(w->x));
    wt_pump(wh_t(w->x));
}

static void client_close(client *c) {
    if (c->closed) return;
    closesocket(c->s);
    c->closed = 1;
}

static void udp_client_recv(world *w, int i);
static void udp_client_step(world *w, int i);
static void udp_server_step(world *w);

static void client_recv(world *w, int i) {
    client *c = &w->c[i];
    if (c->udp) {
        udp_client_recv(w, i);
        return;
    }
    if (!c->started || c->closed || c->rdone) return;
    for (;;) {
        int n = recv(c->s, (char *)c->got + c->ngot, (int)(sizeof c->got - c->ngot), 0);
        if (n > 0) {
            c->ngot += (size_t)n;
            if (c->ngot > MAX_BYTES) wh_fail("data", "flow %d's client read more bytes than any server sent", i);
            continue;
        }
        if (n == 0 || !would_block(WSAGetLastError())) {
            c->rdone = 1;
            c->reset = n != 0;
        }
        return;
    }
}

static void client_step(world *w, int i) {
    client *c = &w->c[i];
    if (c->closed) return;
    if (c->udp) {
        udp_client_step(w, i);
        return;
    }
    if (!c->started) {
        c->started = 1;
        const SOCKADDR_STORAGE *dst = c->af == AF_INET6 ? &w->dst6 : &w->dst4;
        c->s = WSASocket(c->af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        u_long nb = 1;
        if (c->s == INVALID_SOCKET || ioctlsocket(c->s, FIONBIO, &nb))
            wh_fail("harness", "a client socket could not be set up: %d", WSAGetLastError());
        wh_fdp_step("flow %d: the client (IPv%d) connects, to send %zu bytes in chunks of %zu, then %s", i,
                    c->af == AF_INET6 ? 6 : 4, c->len, c->chunk, c->close_mode ? "close" : "half-close");
        if (connect(c->s, (const struct sockaddr *)dst, addr_len(dst)) && !would_block(WSAGetLastError())) {
            c->connected_err = WSAGetLastError();
            client_close(c);
            c->rdone = c->ended = 1;
            return;
        }
        return;
    }
    if (!c->local.ss_family) { /* where the proxy sees it come from (known once it connects) */
        int len = (int)sizeof c->local;
        if (getsockname(c->s, (struct sockaddr *)&c->local, &len)) memset(&c->local, 0, sizeof c->local);
    }
    if (c->ended) return;
    uint8_t buf[MAX_BYTES];
    while (c->sent < c->len && !c->send_dead) {
        size_t n = c->len - c->sent < c->chunk ? c->len - c->sent : c->chunk;
        for (size_t k = 0; k < n; k++) buf[k] = client_byte(i, c->sent + k);
        int r = send(c->s, (const char *)buf, (int)n, 0);
        if (r > 0) {
            c->sent += (size_t)r;
            if (!w->draining) return; /* one chunk a step while the input decides */
            continue;
        }
        if (would_block(WSAGetLastError())) return;
        c->send_dead = 1; /* the proxy ended the flow */
    }
    if (c->close_mode) {
        wh_fdp_step("flow %d: the client closes after %zu bytes (%zu read)", i, c->sent, c->ngot);
        client_close(c);
    } else {
        /* Not yet connected (a pended classify): WSAENOTCONN, and the half-close waits, unless
         * the connect has failed meanwhile. */
        int e = 0, elen = (int)sizeof e;
        if (shutdown(c->s, SD_SEND) && would_block(WSAGetLastError()) && !c->send_dead &&
            !(getsockopt(c->s, SOL_SOCKET, SO_ERROR, (char *)&e, &elen) == 0 && e && !would_block(e)))
            return;
        wh_fdp_step("flow %d: the client half-closes after %zu bytes", i, c->sent);
    }
    c->ended = 1;
}

static void server_step(world *w) {
    udp_server_step(w);
    for (int f = 0; f < 2 && w->rounds >= w->accept_after; f++)
        while (w->listener[f] != INVALID_SOCKET && w->nserved < MAX_SERVED) {
            served *v = &w->sv[w->nserved];
            int len = (int)sizeof v->peer;
            SOCKET s = accept(w->listener[f], (struct sockaddr *)&v->peer, &len);
            if (s == INVALID_SOCKET) break;
            u_long nb = 1;
            ioctlsocket(s, FIONBIO, &nb);
            v->s = s;
            wh_fdp_step("the server accepts connection %d", w->nserved);
            w->nserved++;
        }
    for (int j = 0; j < w->nserved; j++) {
        served *v = &w->sv[j];
        if (v->closed) continue;
        uint8_t buf[MAX_BYTES];
        if ((w->send_first || v->eof) && !v->replied) {
            for (size_t k = 0; k < w->reply_len; k++) buf[k] = server_byte(j, k);
            int r = w->reply_len ? send(v->s, (const char *)buf, (int)w->reply_len, 0) : 0;
            v->sent = r > 0 ? (size_t)r : 0;
            v->send_error = (size_t)v->sent == w->reply_len ? 0 : r < 0 ? WSAGetLastError() : -1;
            v->replied = 1;
        }
        while (!v->eof && !v->err) {
            int n = recv(v->s, (char *)v->got + v->ngot, (int)(sizeof v->got - v->ngot), 0);
            if (n > 0) {
                v->ngot += (size_t)n;
                if (v->ngot > MAX_BYTES)
                    wh_fail("data", "server connection %d read more bytes than any client sent", j);
            } else if (n == 0) {
                v->eof = 1;
            } else {
                if (!would_block(WSAGetLastError())) v->err = 1;
                break;
            }
        }
        if (w->close_early || v->err) {
            closesocket(v->s);
            v->closed = 1;
        } else if (v->eof && v->replied) {
            v->shut = shutdown(v->s, SD_SEND) == 0 && v->sent == w->reply_len;
            closesocket(v->s);
            v->closed = 1;
        } else if (v->eof && !v->replied) {
            continue; /* the reply goes out on the next step */
        }
    }
}

static int settled(const world *w) {
    for (int i = 0; i < w->nflows; i++) {
        const client *c = &w->c[i];
        if (!c->started || !c->closed) return 0;
    }
    for (int j = 0; j < w->nserved; j++)
        if (!w->sv[j].closed) return 0;
    return 1;
}

/* A client that has read to the end (or was closed) is done with: its socket is closed. */
static void client_finish(world *w, int i) {
    client *c = &w->c[i];
    /* A UDP client closes once every reply is in (or at the end), never while its first datagram
     * may still wait in the service's hands: the model ends the flow with the client's socket,
     * and the service's classify would lose the flow's context (a stack A80 finding; the model's
     * gap, not the service's: docs/VENDOR-DRIVER.md section 6). */
    if (c->udp && c->started && !c->closed && c->ended && c->dgot >= c->dsent)
        client_close(c);
    else if (!c->udp && c->started && !c->closed && c->ended && c->rdone)
        client_close(c);
}

/* What the ends have seen so far: it changes whenever a byte or an end gets through. */
static size_t ends_seen(const world *w) {
    size_t sum = (size_t)w->nserved;
    for (int i = 0; i < w->nflows; i++)
        sum += w->c[i].sent + w->c[i].ngot +
               (size_t)(w->c[i].started + w->c[i].ended + w->c[i].rdone + w->c[i].closed) +
               (size_t)(w->c[i].dsent + w->c[i].dgot) + w->c[i].seen_at_server;
    for (int j = 0; j < w->nserved; j++)
        sum += w->sv[j].sent + w->sv[j].ngot + (size_t)(w->sv[j].eof + w->sv[j].err + w->sv[j].closed);
    return sum;
}

/* One round of every party; 1 when anything moved (the service did something, or an end saw). */
static int everyone(world *w) {
    size_t before = ends_seen(w);
    int n = proxy_turn(w);
    stack_turn(w);
    for (int i = 0; i < w->nflows; i++) {
        client_step(w, i);
        client_recv(w, i);
        client_finish(w, i);
    }
    server_step(w);
    w->rounds++;
    return n > 0 || ends_seen(w) != before;
}

/* ------------------------------------------------------------------ the checks */
/* The records the stack issued for flow i, as the service read them (NULL: it never did). */
static const seen *issued_for(const world *w, int i) {
    for (int k = 0; k < nevents; k++)
        if (events[k].kind == WT_WATCH_QUERY_RECORDS && same_address(&events[k].remote, &w->c[i].local))
            return &events[k];
    return NULL;
}

static int records_equal(const seen *a, const seen *b) {
    return a && b && a->len == b->len && a->len <= EVENT_BYTES && memcmp(a->bytes, b->bytes, a->len) == 0;
}

/* The service's socket that made server connection j (its connect's local address), or NULL.
 * A connect the watcher reported as failed cannot have made a connection the server accepted:
 * the observer contradicts the stack (a vendor following its proxy with `wfpcert chain
 * --proxy` would be told a working flow failed). */
static const seen *connect_of(const served *v, int j) {
    const seen *failed = NULL;
    for (int k = 0; k < nevents; k++)
        if (events[k].kind == WT_WATCH_CONNECT && same_address(&events[k].local, &v->peer)) {
            if (events[k].ok) return &events[k];
            failed = &events[k];
        }
    if (failed)
        wh_fail("watch",
                "server connection %d came from the service's socket %#llx, whose connect the watcher reported "
                "as failed",
                j, (unsigned long long)failed->s);
    else
        wh_fail("watch", "server connection %d came from a socket whose connect the watcher never reported", j);
    return NULL;
}

static const seen *set_on(SOCKET s) {
    const seen *last = NULL;
    for (int k = 0; k < nevents; k++)
        if (events[k].kind == WT_WATCH_SET_RECORDS && events[k].s == s) last = &events[k];
    return last;
}

/* ------------------------------------------------------------------------- UDP */
/* Datagram k of flow i: its flow's byte, then k, then the flow's pattern; a reply: 0x50 + i,
 * k, then the server's pattern.  An empty datagram carries neither. */
static uint8_t dgram_byte(int flow, int k, size_t n, int reply) {
    if (n == 0) return (uint8_t)((reply ? 0x50 : 0xA0) + flow);
    if (n == 1) return (uint8_t)k;
    return reply ? server_byte(flow, n + (size_t)k * 31) : client_byte(flow, n + (size_t)k * 977);
}

static int dgram_is(const uint8_t *p, size_t len, int flow, int k, size_t want, int reply) {
    if (len != want) return 0;
    for (size_t n = 0; n < len; n++)
        if (p[n] != dgram_byte(flow, k, n, reply)) return 0;
    return 1;
}

/* Which of flow c's datagrams a 1-byte one is (it has no room for its number): the first of
 * that size not yet taken (bits); -1 when none is. */
static int one_byte_dgram(const client *c, unsigned taken) {
    for (int k = 0; k < c->dsent; k++)
        if (c->dlen[k] == 1 && !(taken & (1u << k))) return k;
    return -1;
}

static USHORT port_of(const SOCKADDR_STORAGE *a) {
    return ntohs(a->ss_family == AF_INET6 ? ((const SOCKADDR_IN6 *)a)->sin6_port : ((const SOCKADDR_IN *)a)->sin_port);
}

static void udp_client_step(world *w, int i) {
    client *c = &w->c[i];
    if (!c->started) {
        c->started = 1;
        c->s = WSASocket(c->af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
        u_long nb = 1;
        if (c->s == INVALID_SOCKET || ioctlsocket(c->s, FIONBIO, &nb))
            wh_fail("harness", "a UDP client socket could not be set up: %d", WSAGetLastError());
        wh_fdp_step("flow %d: a UDP client (IPv%d) sends %d datagram(s), the first of %zu bytes", i,
                    c->af == AF_INET6 ? 6 : 4, c->ndgrams, c->dlen[0]);
        return;
    }
    const SOCKADDR_STORAGE *dst = c->af == AF_INET6 ? &w->dst6 : &w->dst4;
    while (c->dsent < c->ndgrams) {
        uint8_t buf[MAX_BYTES];
        int k = c->dsent;
        for (size_t n = 0; n < c->dlen[k]; n++) buf[n] = dgram_byte(i, k, n, 0);
        if (sendto(c->s, (const char *)buf, (int)c->dlen[k], 0, (const struct sockaddr *)dst, addr_len(dst)) < 0) {
            if (would_block(WSAGetLastError())) return;
            c->send_dead = 1;
            break;
        }
        c->dsent++;
        if (!c->local.ss_family) {
            int len = (int)sizeof c->local;
            if (getsockname(c->s, (struct sockaddr *)&c->local, &len)) memset(&c->local, 0, sizeof c->local);
        }
        if (!w->draining) return;
    }
    if (!c->ended) wh_fdp_step("flow %d: the UDP client has sent %d datagram(s)", i, c->dsent);
    c->ended = 1;
}

static void udp_client_recv(world *w, int i) {
    client *c = &w->c[i];
    if (!c->started || c->closed) return;
    for (;;) {
        uint8_t buf[MAX_BYTES + 1];
        int n = recv(c->s, (char *)buf, (int)sizeof buf, 0);
        if (n < 0) return;
        int k = n >= 2 ? buf[1] : n == 1 ? one_byte_dgram(c, c->replied) : -1;
        if (k < 0 || buf[0] != 0x50 + i || k >= c->dsent || !dgram_is(buf, (size_t)n, i, k, c->dlen[k], 1))
            wh_fail("data", "flow %d's UDP client read a %d-byte datagram that is no reply the server sent it", i, n);
        c->replied |= 1u << k;
        c->dgot++;
    }
}

static void udp_server_step(world *w) {
    for (int f = 0; f < 2; f++)
        while (w->userver[f] != INVALID_SOCKET) {
            uint8_t buf[MAX_BYTES + 1];
            SOCKADDR_STORAGE peer;
            int plen = (int)sizeof peer;
            int n = recvfrom(w->userver[f], (char *)buf, (int)sizeof buf, 0, (struct sockaddr *)&peer, &plen);
            if (n < 0) break;
            if (n == 0) continue; /* an empty first datagram: nothing to tell its flow by */
            if (buf[0] == 0xEE)
                wh_fail("A61", "the service relayed a datagram that carried no redirect records (sent straight to "
                               "its port): it reached the server");
            int i = buf[0] - 0xA0, k = n >= 2 ? buf[1] : 0;
            if (n == 1 && i >= 0 && i < w->nflows) k = one_byte_dgram(&w->c[i], w->c[i].seen_at_server);
            if (i < 0 || i >= w->nflows || !w->c[i].udp || k < 0 || k >= w->c[i].dsent ||
                !dgram_is(buf, (size_t)n, i, k, w->c[i].dlen[k], 0))
                wh_fail("data", "the server read a %d-byte datagram that no UDP client sent (first byte 0x%02x)", n,
                        buf[0]);
            client *c = &w->c[i];
            if ((c->af == AF_INET6) != (f == 1))
                wh_fail("data", "flow %d's datagram %d reached the server on the other family", i, k);
            if (c->seen_at_server & (1u << k)) wh_fail("A59", "flow %d's datagram %d reached the server twice", i, k);
            c->seen_at_server |= 1u << k;
            if (!w->up_port[i]) w->up_port[i] = port_of(&peer);
            wh_fdp_step("the server reads flow %d's datagram %d (%d bytes)", i, k, n);
            if (w->close_early) continue; /* the server that closes early does not answer */
            for (int m = 0; m < n; m++) buf[m] = dgram_byte(i, k, (size_t)m, 1);
            sendto(w->userver[f], (const char *)buf, n, 0, (const struct sockaddr *)&peer, plen);
        }
}

/* Sends the stray: a datagram straight to the service's port, which no callout redirected. */
static void stray_send(world *w, USHORT proxy_port) {
    SOCKADDR_STORAGE to;
    static const uint8_t lo4[4] = {127, 0, 0, 1};
    address(AF_INET, lo4, proxy_port, &to);
    w->stray_s = WSASocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    static const uint8_t bytes[3] = {0xEE, 0xEE, 0xEE};
    if (w->stray_s == INVALID_SOCKET ||
        sendto(w->stray_s, (const char *)bytes, 3, 0, (const struct sockaddr *)&to, addr_len(&to)) < 0)
        wh_fail("harness", "the stray datagram could not be sent: %d", WSAGetLastError());
    int len = (int)sizeof w->stray_local;
    getsockname(w->stray_s, (struct sockaddr *)&w->stray_local, &len);
    wh_fdp_step("a stray datagram goes straight to the service's port, with no records");
}

/* The records the service received on flow i's first datagram (NULL: none). */
static const seen *received_for(const world *w, int i) {
    for (int k = 0; k < nevents; k++)
        if (events[k].kind == WT_WATCH_RECV_RECORDS && events[k].remote.ss_family == w->c[i].af &&
            port_of(&events[k].remote) == port_of(&w->c[i].local))
            return &events[k];
    return NULL;
}

/* A59 for UDP, after every turn: a redirected datagram the service received came from an
 * address that is no client's: its own upstream socket sent it without the records. */
static void check_udp_calls(const world *w) {
    for (; checked < nevents; checked++) {
        const seen *e = &events[checked];
        if (e->kind != WT_WATCH_RECV_RECORDS) continue;
        int known = 0;
        for (int i = 0; i < w->nflows; i++)
            known |= w->c[i].udp && w->c[i].started && e->remote.ss_family == w->c[i].af &&
                     port_of(&e->remote) == port_of(&w->c[i].local);
        if (!known)
            wh_fail("A59",
                    "the service received a redirected datagram from %u, no client's: its own upstream socket "
                    "sent a first datagram without IP_WFP_REDIRECT_RECORDS (a loop through the proxy)",
                    (unsigned)port_of(&e->remote));
    }
}

/* Opacity for UDP: what each WSASendMsg handed on as IP_WFP_REDIRECT_RECORDS. */
static void check_udp(const world *w) {
    for (int k = 0; k < nevents; k++) {
        const seen *e = &events[k];
        if (e->kind != WT_WATCH_SEND_RECORDS) continue;
        if (!e->ok)
            wh_fail("opacity",
                    "the service's WSASendMsg with IP_WFP_REDIRECT_RECORDS failed (%lu bytes): the stack did not take "
                    "them as the records it issued",
                    (unsigned long)e->len);
        for (int i = 0; i < w->nflows; i++) {
            if (!w->c[i].udp || !w->up_port[i] || w->up_port[i] != port_of(&e->local)) continue;
            const seen *got = received_for(w, i);
            if (records_equal(e, got)) continue;
            int other = -1;
            for (int j = 0; j < w->nflows; j++)
                if (j != i && w->c[j].udp && records_equal(e, received_for(w, j))) other = j;
            wh_fail("opacity",
                    "flow %d's first datagram went on with %lu bytes of records that are not the ones the service "
                    "received for it (%s%d)",
                    i, (unsigned long)e->len, other >= 0 ? "they are flow " : "they are no flow's: ", other);
        }
    }
}

static const char *const kind_names[] = {"QUERY records", "QUERY context", "SET records",  "connect",
                                         "close",         "RECV records",  "RECV context", "SEND records"};

static void check(world *w) {
    check_udp_calls(w);
    check_udp(w);
    for (int k = 0; k < nevents && wh_fdp_logging(); k++)
        wh_fdp_step("the service's call %d: %s on socket %#llx: %s, %lu bytes", k, kind_names[events[k].kind],
                    (unsigned long long)events[k].s, events[k].ok ? "ok" : "failed", (unsigned long)events[k].len);
    /* Which flow each server connection carries: its first byte, else the records its socket
     * was given. */
    int flow_of[MAX_SERVED], reached[MAX_FLOWS] = {0};
    for (int j = 0; j < w->nserved; j++) {
        served *v = &w->sv[j];
        const seen *up = connect_of(v, j);
        const seen *set = up ? set_on(up->s) : NULL;
        flow_of[j] = -1;
        if (v->ngot) {
            int i = v->got[0] - 0xA0;
            if (i < 0 || i >= w->nflows)
                wh_fail("data", "server connection %d's first byte 0x%02x is no client's", j, v->got[0]);
            flow_of[j] = i;
        } else if (set) {
            for (int i = 0; i < w->nflows && flow_of[j] < 0; i++)
                if (records_equal(set, issued_for(w, i))) flow_of[j] = i;
        }
        /* a flow's upstream connection carries its records (WDK-REDIR: the service SETs them on
         * the socket before it connects); one the watcher saw none given is a service that
         * dropped them, or a watcher that lost the call */
        if (up && !set && flow_of[j] >= 0)
            wh_fail("watch",
                    "flow %d reached the server from the service's socket %#llx, which the watcher saw given no "
                    "records (SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS)",
                    flow_of[j], (unsigned long long)up->s);
        if (set && (flow_of[j] < 0 ? 1 : !records_equal(set, issued_for(w, flow_of[j])))) {
            if (flow_of[j] < 0)
                wh_fail("opacity",
                        "server connection %d came from a socket whose SET was handed %lu bytes the stack "
                        "issued to no flow",
                        j, (unsigned long)set->len);
            int other = -1;
            for (int i = 0; i < w->nflows; i++)
                if (i != flow_of[j] && records_equal(set, issued_for(w, i))) other = i;
            wh_fail("opacity",
                    "flow %d reached the server from a socket whose SET was handed %lu bytes that are not the records "
                    "issued for it (%s%d)",
                    flow_of[j], (unsigned long)set->len, other >= 0 ? "they are flow " : "they are no flow's: ", other);
        }
        if (flow_of[j] >= 0 && ++reached[flow_of[j]] > 1)
            wh_fail("A59", "flow %d reached the server %d times", flow_of[j], reached[flow_of[j]]);
    }
    for (int i = 0; i < w->nflows; i++) {
        int j = 0;
        while (j < w->nserved && flow_of[j] != i) j++;
        const client *c = &w->c[i];
        if (j == w->nserved)
            wh_fdp_step("flow %d: sent %zu, read %zu%s; never reached the server", i, c->sent, c->ngot,
                        c->rdone ? (c->reset ? " and an error" : " and the end") : "");
        else
            wh_fdp_step("flow %d: sent %zu, read %zu%s; server connection %d read %zu%s, sent %zu", i, c->sent, c->ngot,
                        c->rdone ? (c->reset ? " and an error" : " and the end") : "", j, w->sv[j].ngot,
                        w->sv[j].eof ? " and the end" : "", w->sv[j].sent);
    }
    /* Data, both ways. */
    for (int j = 0; j < w->nserved; j++) {
        const served *v = &w->sv[j];
        int i = flow_of[j];
        if (i < 0) continue;
        const client *c = &w->c[i];
        for (size_t k = 0; k < v->ngot; k++)
            if (k >= c->sent || v->got[k] != client_byte(i, k))
                wh_fail("data", "flow %d: byte %zu the server read is not the client's (the client sent %zu)", i, k,
                        c->sent);
        if (v->eof && !c->close_mode && !c->send_dead && v->ngot != c->sent)
            wh_fail("data", "flow %d: the client sent %zu bytes and half-closed, the server read %zu and the end", i,
                    c->sent, v->ngot);
        for (size_t k = 0; k < c->ngot; k++)
            if (k >= v->sent || c->got[k] != server_byte(j, k))
                wh_fail("data", "flow %d: byte %zu the client read is not the server's (the server sent %zu)", i, k,
                        v->sent);
        if (c->rdone && !c->reset && v->shut && !w->close_early && c->ngot != v->sent)
            wh_fail("data", "flow %d: the server sent %zu bytes and closed, the client read %zu and the end", i,
                    v->sent, c->ngot);
        /* A client that only half-closed still reads: the service must pass the half-close on
         * and keep the server's side open, so the reply (at most 4 KiB, which fits any send
         * buffer) goes out whole.  (Closing instead loses it: the server's send is reset.) */
        if (v->replied && v->eof && !v->err && !w->close_early && !c->close_mode && !c->send_dead && c->ended &&
            v->send_error)
            wh_fail("data",
                    "flow %d: the client only half-closed and the server read to the end, yet the server's %zu-byte "
                    "reply did not go out (%zu sent, error %d): the service closed the server's connection instead of "
                    "passing the half-close on",
                    i, w->reply_len, v->sent, v->send_error);
    }
    for (int i = 0; i < w->nflows; i++) {
        int any = 0;
        for (int j = 0; j < w->nserved; j++) any |= flow_of[j] == i;
        if (!any && w->c[i].ngot)
            wh_fail("data", "flow %d never reached the server, yet its client read %zu bytes", i, w->c[i].ngot);
    }
}

int wh_fuzz_proxy(const uint8_t *data, size_t size) {
    static world w;
    const proxy_module *m = module_of_process();
    fdp in;
    wh_fdp_init(&in, data, size);
    wh_ctx x;
    wh_begin(&x, &in);
    memset(&w, 0, sizeof w);
    nevents = checked = 0;
    w.x = &x;
    w.m = m;
    w.listener[0] = w.listener[1] = INVALID_SOCKET;
    w.userver[0] = w.userver[1] = INVALID_SOCKET;
    w.stray_s = INVALID_SOCKET;

    /* The callout: the test callout as the input configures it, or the vendor's driver. */
    const wt_model_driver *d = wt_model_driver_in_use();
    USHORT proxy_port = d && d->proxy_port ? d->proxy_port : 50000;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', proxy_port);
    p.match_port = 80;
    p.match_proto = m->protocols & WFPCERT_PROXY_UDP ? 0 : IPPROTO_TCP; /* 0: TCP and UDP */
    p.with_context = wh_fdp_range(&in, 0, 3) != 3; /* zeros decode to the usual case */
    static const ULONG sizes[] = {0, 128, 64, 1, 300};
    p.context_size = wh_fdp_pick(&in, sizes);
    if (p.context_size == 300) /* up to past a control buffer of 16 KiB with the records: MSG_CTRUNC */
        p.context_size = wh_fdp_range(&in, 1, 20000);
    p.pend = wh_fdp_range(&in, 0, 3) == 3;
    if (d) { /* a vendor's driver attaches its own context and pends as it likes */
        p.with_context = d->context;
        p.context_size = d->context_size;
        p.pend = 0;
        wh_fdp_step("callout: driver %s, as it is configured; proxy %s", d->name, m->name);
    } else {
        wh_fdp_step("callout: context %s%lu bytes, %spended; proxy %s", p.with_context ? "" : "none, ",
                    (unsigned long)(p.context_size ? p.context_size : 256), p.pend ? "" : "not ", m->name);
    }
    wh_fdp_c("/* not written out: the proxy target runs a proxy module (%s) among its flows; replay the input "
             "with WFPCERT_PROXY=MODULE fuzz-proxy-replay FILE (docs/VENDOR-DRIVER.md) */",
             m->name);
    int r = wt_add_callout(wh_t(&x), &p);
    if (r == WT_EUNSUPPORTED) wh_unsupported(&x, "add this callout");
    if (r != WT_OK) wh_fail("harness", "wt_add_callout: %s", wt_error());
    static const uint8_t v4[4] = {198, 51, 100, 7}, v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 7};
    address(AF_INET, d ? d->redirect4 : v4, d ? d->redirect_port : 80, &w.dst4);
    address(AF_INET6, d && d->has_redirect6 ? d->redirect6 : v6, d ? d->redirect_port : 80, &w.dst6);
    int v6_ok = !d || d->has_redirect6;
    w.proxy_pid = watched_pid = wt_process_id(wh_t(&x), WT_PROCESS_SELF);
    w.client_pid = wt_process_id(wh_t(&x), WT_PROCESS_CLIENT);
    if (wt_model_watch(wh_t(&x), on_watch, NULL) != WT_OK) wh_unsupported(&x, "watch a proxy's calls");
    wt_process_assign_thread(wh_t(&x), w.client_pid);

    /* The server at the original destination. */
    int refuse = wh_fdp_range(&in, 0, 7) == 7;
    w.accept_after = wh_fdp_range(&in, 0, 3) == 3 ? (int)wh_fdp_range(&in, 1, 40) : 0;
    w.send_first = wh_fdp_range(&in, 0, 3) == 3;
    w.close_early = wh_fdp_range(&in, 0, 7) == 7;
    w.reply_len = wh_fdp_range(&in, 0, 3) != 3 ? wh_fdp_range(&in, 0, 64) : wh_fdp_range(&in, 0, MAX_BYTES);
    wh_fdp_step("server: %s, accepts after %d rounds, %s, replies %zu bytes%s", refuse ? "refuses" : "listens",
                w.accept_after, w.send_first ? "sends first" : "reads first", w.reply_len,
                w.close_early ? ", closes early" : "");
    int server_af = wh_fdp_range(&in, 0, 2); /* 0 both families, 1 IPv4 only, 2 IPv6 only */
    for (int f = 0; f < 2 && !refuse; f++) {
        if ((f == 0 && server_af == 2) || (f == 1 && (server_af == 1 || !v6_ok))) continue;
        const SOCKADDR_STORAGE *a = f ? &w.dst6 : &w.dst4;
        SOCKET s = WSASocket(a->ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        u_long nb = 1;
        if (s == INVALID_SOCKET || bind(s, (const struct sockaddr *)a, addr_len(a)) || listen(s, SOMAXCONN) ||
            ioctlsocket(s, FIONBIO, &nb))
            wh_fail("harness", "the server could not listen at the original destination: %d", WSAGetLastError());
        w.listener[f] = s;
        SOCKET u = m->protocols & WFPCERT_PROXY_UDP ? WSASocket(a->ss_family, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, 0)
                                                    : INVALID_SOCKET;
        if (u != INVALID_SOCKET && (bind(u, (const struct sockaddr *)a, addr_len(a)) || ioctlsocket(u, FIONBIO, &nb)))
            wh_fail("harness", "the UDP server could not bind the original destination: %d", WSAGetLastError());
        w.userver[f] = u;
    }

    /* The flows. */
    w.nflows = (int)wh_fdp_range(&in, 1, MAX_FLOWS);
    for (int i = 0; i < w.nflows; i++) {
        client *c = &w.c[i];
        c->s = INVALID_SOCKET;
        c->af = v6_ok && wh_fdp_bool(&in) ? AF_INET6 : AF_INET;
        c->len = wh_fdp_range(&in, 0, 3) != 3 ? wh_fdp_range(&in, 0, 300) : wh_fdp_range(&in, 0, MAX_BYTES);
        c->chunk = wh_fdp_range(&in, 0, 3) == 3 ? wh_fdp_range(&in, 1, 16) : MAX_BYTES;
        c->close_mode = wh_fdp_range(&in, 0, 3) == 3;
        c->udp = wh_fdp_range(&in, 0, 3) == 3 && (m->protocols & WFPCERT_PROXY_UDP); /* else TCP, as before */
        if (c->udp) { /* len bytes in datagrams of `chunk` (at most 8; the first may be empty) */
            size_t size = c->chunk == MAX_BYTES ? 300 : c->chunk + 1;
            if (c->len > size * MAX_DGRAMS) size = (c->len + MAX_DGRAMS - 1) / MAX_DGRAMS;
            c->ndgrams = c->len ? (int)((c->len + size - 1) / size) : 1;
            for (int k = 0; k < c->ndgrams; k++)
                c->dlen[k] = c->len - (size_t)k * size < size ? c->len - (size_t)k * size : size;
        }
    }
    w.stray = wh_fdp_range(&in, 0, 3) == 3 && (m->protocols & WFPCERT_PROXY_UDP);

    /* The service. */
    wt_open_handles before, after;
    if (wt_model_open_handles(wh_t(&x), 0, &before) != WT_OK)
        wh_fail("harness", "wt_model_open_handles: %s", wt_error());
    wfpcert_proxy_params pp;
    memset(&pp, 0, sizeof pp);
    pp.size = sizeof pp;
    pp.port = proxy_port;
    pp.families = WFPCERT_PROXY_V4 | (v6_ok ? WFPCERT_PROXY_V6 : 0);
    pp.relay_buffer = wh_fdp_range(&in, 0, 3) == 3 ? wh_fdp_range(&in, 1, 64) : 0;
    pp.vendor = 'A';
    pp.protocols = m->protocols; /* the module's own: the flows need no more than it relays */
    wt_process_assign_thread(wh_t(&x), w.proxy_pid);
    in_turn = 1;
    int e = m->start(&pp, &w.service);
    in_turn = 0;
    wt_process_assign_thread(wh_t(&x), w.client_pid);
    if (e) wh_fail("proxy", "wfpcert_proxy_start of %s failed: %d", m->name, e);

    if (w.stray) stray_send(&w, proxy_port);
    /* The input's order of events, then everyone in turn until every flow has ended. */
    while (wh_fdp_remaining(&in) && w.rounds < INPUT_ROUNDS) {
        int i = (int)wh_fdp_range(&in, 0, MAX_FLOWS - 1) % w.nflows;
        switch (wh_fdp_range(&in, 0, 5)) {
        case 0:
            proxy_turn(&w);
            break;
        case 1:
            stack_turn(&w);
            break;
        case 2:
            client_step(&w, i);
            break;
        case 3:
            client_recv(&w, i);
            break;
        case 4:
            server_step(&w);
            break;
        default:
            everyone(&w);
            break;
        }
        w.rounds++;
    }
    int drained = 0;
    w.draining = 1;
    for (int still = 0; still < STALL_ROUNDS && w.rounds < MAX_ROUNDS && !settled(&w); drained++)
        still = everyone(&w) ? 0 : still + 1;
    for (int k = 0; k < 4; k++) (void)proxy_turn(&w); /* the ends it has not seen yet */
    /* What has not ended, told after the checks that could explain it (a loop, say). */
    char stuck[256] = "";
    for (int i = 0; i < w.nflows && !stuck[0]; i++)
        if (!w.c[i].udp && (!w.c[i].started || !w.c[i].closed)) /* a datagram may be lost: not a hang */
            snprintf(stuck, sizeof stuck, "flow %d: the client sent %zu of %zu bytes, read %zu%s", i, w.c[i].sent,
                     w.c[i].len, w.c[i].ngot, w.c[i].rdone ? " and the end" : ", not the end");
    for (int j = 0; j < w.nserved && !stuck[0]; j++)
        if (!w.sv[j].closed)
            snprintf(stuck, sizeof stuck, "server connection %d: read %zu bytes%s", j, w.sv[j].ngot,
                     w.sv[j].eof ? " and the end" : ", not the end");
    for (int i = 0; i < w.nflows; i++)
        if (w.c[i].started) client_close(&w.c[i]);
    for (int j = 0; j < w.nserved; j++)
        if (!w.sv[j].closed) closesocket(w.sv[j].s);
    for (int f = 0; f < 2; f++) {
        if (w.listener[f] != INVALID_SOCKET) closesocket(w.listener[f]);
        if (w.userver[f] != INVALID_SOCKET) closesocket(w.userver[f]);
    }
    if (w.stray_s != INVALID_SOCKET) closesocket(w.stray_s);
    wt_process_assign_thread(wh_t(&x), w.proxy_pid);
    in_turn = 1;
    m->stop(w.service);
    in_turn = 0;
    wt_process_assign_thread(wh_t(&x), 0);
    wt_model_watch(wh_t(&x), NULL, NULL);
    wt_model_open_handles(wh_t(&x), w.proxy_pid, &after);
    if (after.sockets)
        wh_fail("leak", "%lu socket(s) of the proxy's process still open after wfpcert_proxy_stop", after.sockets);
    if (after.ports != before.ports || after.events != before.events)
        wh_fail("leak", "after wfpcert_proxy_stop %lu completion port(s) and %lu event(s) are open, %lu and %lu before",
                after.ports, after.events, before.ports, before.events);
    check(&w);
    if (stuck[0]) wh_fail("hang", "after %d rounds not every flow has ended: %s", w.rounds, stuck);
    wh_sink += (uintptr_t)drained;
    wh_end(&x);
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
WH_FUZZ_ENTRY(wh_fuzz_proxy)
#endif
