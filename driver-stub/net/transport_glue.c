/*
 * transport_glue.c: the model's half of the `os` transport (knob transport=os, per world).
 *
 * What stays in the model: every socket's state, its (model) addresses, listeners and
 * backlogs, the WFP classify, records, contexts and IOCTLs.  What moves to the kernel: the
 * bytes.  Each model socket gets a real non-blocking socket on 127.0.0.1 or ::1; model
 * addresses are virtual (a "server" at 198.51.100.7:80 is a real listener on some loopback
 * port that only this file knows), so WFP sees exactly what it sees on the sim transport.
 *
 *   connect   the model pairs client and listener as on sim; the real client connects to the
 *             listener's real port and the real accept is paired by the client's real port
 *   stream    send: straight to the kernel, the rest kept in a per-socket backlog flushed when
 *             the poller says writable, or sooner by the next send or by a reader that finds
 *             the kernel dry (refused past 4 MiB, as sim past 64 MiB: WSAEWOULDBLOCK to a
 *             nonblocking caller, WSAENOBUFS to the others; with no memory for the backlog, a
 *             short send of what the kernel took, or WSAENOBUFS if it took nothing); SO_SNDBUF
 *             and SO_RCVBUF size the real socket's buffers; receive: straight from the kernel,
 *             WSA_IO_PENDING when it has nothing
 *   datagram  the bytes go through the kernel with an 8-byte tag in front; the tag names the
 *             model datagram (flow, first-of-flow, model source) kept here until the receiver
 *             pulls it, so the redirect control messages still come from the model
 *   close     a socket with backlog lingers until it is flushed, as a kernel would (its slot
 *             in the linger table is made with the socket: a close needs no memory)
 * One poller thread per world turns readiness into ms_socket_service_locked (pending
 * overlapped receives complete) and wakes every waiter.  The world runs in real time.
 */
#include "net.h"
#include "../kernel/mutex.h"
#include "../kernel/heap.h"
#include "transport.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TX_MAX (4u << 20)
#define TAG 8
#define META_BUCKETS 1024
#define DGRAM_MAX (65536 + TAG)

struct ms_os_sock {
    int fd, stream;
    unsigned short port; /* the kernel's port: listeners and UDP sockets */
    ms_bytes tx; /* sent by the model, not yet taken by the kernel */
    size_t tx_limit; /* the backlog a program's SO_SNDBUF allows; 0: TX_MAX (tx_room) */
    struct os_world *ow; /* its poller is asked for writable edges while tx holds bytes */
    bool want_out;
    bool tx_full; /* the last flush left bytes: the next try waits for a writable edge (or a reader) */
    bool shut_pending; /* shutdown(SD_SEND) waits for the backlog (and a send in flight) */
    bool tx_refused; /* a send was refused (backlog full): the flush that makes room is a change */
    /* Copies between user buffers and the kernel run without the world lock (ms_os_relay
     * below).  inflight counts the threads inside such a copy or waiting for their turn on
     * this socket; close and SIO_FLUSH wait for it to reach 0 (ms_os_quiesce_locked), so an
     * operation's buffers and the socket itself outlive every copy. */
    int inflight, waiting;
    bool send_busy, recv_busy; /* one copy per direction: byte order stays the caller's */
    bool recv_missed; /* a receive found recv_busy: look again when it ends */
    /* Whether the kernel may have bytes (or an end) to read: cleared by a receive that found it
     * dry, set by the poller's readable edge (rx_edges counts them, so an edge that came while
     * the receive was out of the lock is not lost).  A program that polls thousands of idle
     * sockets with non-blocking receives then costs no system call per idle socket. */
    bool rx_hint;
    unsigned rx_edges;
};

/* The backlog before a nonblocking send is refused: what the program's SO_SNDBUF asked for,
 * else TX_MAX (a blocking or overlapped send, which the model never makes wait, gets TX_MAX). */
static size_t tx_room(const ms_os_sock *o) { return o->tx_limit ? o->tx_limit : TX_MAX; }

typedef struct os_meta {
    uint64_t id;
    ms_dgram *d;
    struct os_meta *next;
} os_meta;

typedef struct os_world {
    ms_world *w;
    bool enabled;
    ms_host_poller *poller;
    ms_socket **by_fd;
    int cap_fd;
    ms_os_sock **linger; /* closed sockets still flushing, by descriptor */
    int cap_linger;
    os_meta *meta[META_BUCKETS];
    uint64_t next_id;
    uint8_t *rxbuf;
    int open_fds; /* kernel sockets made for this world and not closed yet */
    struct os_world *next;
} os_world;

static pthread_mutex_t reg_mu = MS_MUTEX_INITIALIZER;
static os_world *reg;

MS_NO_COV static os_world *lookup(ms_world *w) {
    ms_mutex_lock(&reg_mu);
    os_world *o = reg;
    while (o && o->w != w) o = o->next;
    ms_mutex_unlock(&reg_mu);
    return o;
}

static int grow(void *arrp, int *cap, int fd) {
    void ***arr = arrp;
    if (fd < *cap) return 0;
    int n = *cap ? *cap : 256;
    while (n <= fd) n *= 2;
    void **m = ms_realloc(*arr, (size_t)n * sizeof *m);
    if (!m) return -1;
    memset(m + *cap, 0, (size_t)(n - *cap) * sizeof *m);
    *arr = m;
    *cap = n;
    return 0;
}

static int wsa_of(long e) {
    switch (e) {
    case MS_HOST_EAGAIN:
        return WSAEWOULDBLOCK;
    case MS_HOST_ERESET:
        return WSAECONNRESET;
    case MS_HOST_EREFUSED:
        return WSAECONNREFUSED;
    case MS_HOST_ENOBUFS:
        return WSAENOBUFS;
    default:
        return WSAENETDOWN;
    }
}

/* --------------------------------------------------------------- backlog */
static void want_out(ms_os_sock *o, bool on) {
    if (o->want_out == on || !o->ow || !o->ow->poller) return; /* no poller: the world is ending */
    o->want_out = on;
    ms_host_poller_want_write(o->ow->poller, o->fd, on);
}

static bool flush(ms_os_sock *o) {
    const uint8_t *p;
    for (size_t span; (span = ms_bytes_span(&o->tx, 0, &p)) > 0;) {
        long r = ms_host_send(o->fd, p, span);
        if (r > 0) ms_bytes_drop(&o->tx, (size_t)r);
        if (r < (long)span) break; /* full again (or gone): the next writable edge continues */
    }
    if (!o->tx.len && o->shut_pending) {
        ms_host_shutdown_send(o->fd);
        o->shut_pending = false;
    }
    o->tx_full = o->tx.len != 0;
    want_out(o, o->tx.len != 0);
    if (o->tx_refused && o->tx.len < tx_room(o) && o->ow) { /* often a reader's flush, which no poller edge follows */
        o->tx_refused = false;
        ms_socket *sk = o->fd < o->ow->cap_fd ? o->ow->by_fd[o->fd] : NULL;
        if (sk) ms_event_select_check_locked(o->ow->w, sk); /* FD_WRITE again (ws2/event_select.c) */
        ms_wake_locked(o->ow->w);
    }
    return o->tx.len == 0;
}

/* ------------------------------------------------ copies outside the world lock */
/* The world lock is recursive; a caller that holds it more than once keeps it through
 * ms_unlock, and the copy then simply runs under it (correct, only slower).  Every path
 * into a data call takes it once. */
static void copy_begin(ms_world *w, ms_os_sock *o) {
    o->inflight++;
    ms_unlock(w);
}

static void copy_end(ms_world *w, ms_os_sock *o) {
    ms_lock(w);
    o->inflight--;
    if (o->waiting) ms_wake_locked(w);
}

static bool os_idle(void *arg) { return ((ms_os_sock *)arg)->inflight == 0; }
static bool os_send_free(void *arg) { return !((ms_os_sock *)arg)->send_busy; }

/* Waits, with the lock let go, until pred(o).  The os transport runs in real time, so the
 * wait sleeps; should a caller have put the clock back to virtual, it polls instead. */
static void wait_for(ms_world *w, ms_os_sock *o, bool (*pred)(void *)) {
    o->waiting++;
    while (!pred(o) && !ms_wait_until_locked(w, pred, o, 50)) {
        ms_unlock(w);
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
        ms_lock(w);
    }
    o->waiting--;
}

void ms_os_quiesce_locked(ms_world *w, ms_socket *sk) {
    if (sk->os && sk->os->inflight) wait_for(w, sk->os, os_idle);
}

static int queue_tx(ms_os_sock *o, const uint8_t *p, size_t n) {
    WSABUF b = {(ULONG)n, (CHAR *)p}; /* only read */
    if (ms_bytes_put(&o->tx, &b, 1, TX_MAX)) return WSAENOBUFS; /* the caller checked the room */
    want_out(o, true); /* the poller moves it on when the kernel has room */
    return 0;
}

/* Every kernel socket a world makes is counted until closed: one left open when the world ends
 * is a descriptor leak, reported as the other layers report what they still hold. */
static void host_close(os_world *ow, int fd) {
    if (fd < 0) return;
    ms_host_close(fd);
    if (ow) ow->open_fds--;
}

static void free_sock(ms_os_sock *o) {
    host_close(o->ow, o->fd);
    ms_bytes_free(&o->tx);
    ms_free(o);
}

/* --------------------------------------------------------------- datagrams */
void ms_os_dgram_pull_locked(ms_world *w, ms_socket *sk) {
    os_world *ow = lookup(w);
    if (!ow || !sk->os) return;
    for (;;) {
        long r = ms_host_recvfrom(sk->os->fd, ow->rxbuf, DGRAM_MAX);
        if (r < 0) return;
        if (r < TAG) continue;
        uint64_t id;
        memcpy(&id, ow->rxbuf, TAG);
        os_meta **pp = &ow->meta[id % META_BUCKETS];
        while (*pp && (*pp)->id != id) pp = &(*pp)->next;
        if (!*pp) continue; /* not one of this world's datagrams */
        os_meta *m = *pp;
        *pp = m->next;
        ms_dgram *d = m->d;
        ms_free(m);
        size_t len = (size_t)r - TAG;
        /* The kernel's bytes, not the sender's copy; a datagram of its sent size needs no new
         * block, so the poller, which pulls on its own thread, allocates nothing (the low-memory
         * walk over os counts the same allocations in the same order every run). */
        uint8_t *data = len == d->len ? d->data : ms_realloc(d->data, len ? len : 1);
        if (data) {
            d->data = data;
            memcpy(d->data, ow->rxbuf + TAG, len);
            d->len = len;
        }
        d->next = NULL;
        if (sk->dq_tail)
            sk->dq_tail->next = d;
        else
            sk->dq_head = d;
        sk->dq_tail = d;
        sk->dq_count++;
    }
}

bool ms_os_dgram_send_locked(ms_world *w, ms_socket *from, ms_socket *to, ms_dgram *d) {
    os_world *ow = lookup(w);
    if (!ow || !from->os || !to->os) return false;
    /* The kernel's largest UDP payload over IPv4 loopback (65,535 less the IP and UDP headers)
     * is also Windows' largest datagram, so the tag does not fit beside one that size: such a
     * datagram goes in memory, after the ones the kernel holds for the receiver (pulled first,
     * so the order stays the sender's). */
    if (d->len + TAG > 65507u) {
        ms_os_dgram_pull_locked(w, to);
        return false;
    }
    os_meta *m = ms_malloc(sizeof *m);
    uint8_t *wire = ms_malloc(d->len + TAG);
    if (m && wire) {
        m->id = ++ow->next_id;
        m->d = d;
        memcpy(wire, &m->id, TAG);
        memcpy(wire + TAG, d->data, d->len);
        if (ms_host_sendto_loopback(from->os->fd, to->os->port, wire, d->len + TAG) == (long)(d->len + TAG)) {
            os_meta **b = &ow->meta[m->id % META_BUCKETS];
            m->next = *b;
            *b = m;
            ms_free(wire);
            return true;
        }
    }
    /* Not sent (the kernel dropped it, as UDP may): the datagram is lost. */
    ms_free(m);
    ms_free(wire);
    if (d->flow) ms_flow_unref_locked(w, d->flow);
    ms_free(d->data);
    ms_free(d);
    return true;
}

/* --------------------------------------------------------------- the poller */
static void ready(void *ctx, int fd, int readable, int writable) {
    os_world *ow = ctx;
    ms_world *w = ow->w;
    ms_lock(w);
    ms_socket *sk = fd < ow->cap_fd ? ow->by_fd[fd] : NULL;
    if (sk && sk->os) {
        if (writable && sk->os->tx.len) flush(sk->os);
        if (readable) {
            sk->os->rx_hint = true;
            sk->os->rx_edges++;
            if (!sk->os->stream) ms_os_dgram_pull_locked(w, sk);
            if (sk->shut_recv && ms_os_unread(sk)) ms_socket_refuse_data_locked(w, sk); /* not an end of stream */
            ms_socket_service_locked(w, sk);
        }
        ms_wake_locked(w);
    } else if (fd < ow->cap_linger && ow->linger[fd] && writable && flush(ow->linger[fd])) {
        ms_host_poller_del(ow->poller, fd);
        free_sock(ow->linger[fd]);
        ow->linger[fd] = NULL;
    }
    ms_unlock(w);
}

/* ---------------------------------------------------------------- sockets */
int ms_net_set_transport(ms_world *w, const char *name) {
    if (strcmp(name, "sim") && strcmp(name, "os")) return -1;
    os_world *ow = lookup(w);
    if (!ow && name[0] == 's') return 0;
    if (!ow) {
        ow = ms_calloc(1, sizeof *ow);
        if (!ow || !(ow->rxbuf = ms_malloc(DGRAM_MAX)) || !(ow->poller = ms_host_poller_start(ready, ow))) {
            if (ow) ms_free(ow->rxbuf);
            ms_free(ow);
            return -1;
        }
        ow->w = w;
        ms_mutex_lock(&reg_mu);
        ow->next = reg;
        reg = ow;
        ms_mutex_unlock(&reg_mu);
        ms_net_get(w); /* the net layer's teardown is what ends this state */
    }
    ms_lock(w);
    ow->enabled = name[0] == 'o';
    ms_unlock(w);
    /* The kernel is an actor the model does not schedule: waits must really wait. */
    if (ow->enabled) ms_world_set_real_time(w, true);
    return 0;
}

int ms_os_attach_locked(ms_world *w, ms_socket *sk) {
    os_world *ow = lookup(w);
    if (!ow || !ow->enabled) return 0;
    ms_os_sock *o = ms_calloc(1, sizeof *o);
    if (!o) return WSAENOBUFS;
    o->stream = sk->type == SOCK_STREAM;
    o->fd = ms_host_socket(o->stream); /* IPv4 whatever the family (transport.h) */
    if (o->fd >= 0) ow->open_fds++;
    if (o->fd < 0 || grow(&ow->by_fd, &ow->cap_fd, o->fd) || grow(&ow->linger, &ow->cap_linger, o->fd) ||
        ms_host_poller_add(ow->poller, o->fd)) {
        int e = o->fd < 0 ? wsa_of(o->fd) : WSAENOBUFS;
        if (o->fd >= 0) host_close(ow, o->fd);
        ms_free(o);
        return e;
    }
    o->ow = ow;
    o->rx_hint = true;
    if (!o->stream) {
        unsigned short port = 0; /* datagrams need a real address before any send */
        ms_host_bind_loopback(o->fd, &port);
        o->port = port;
    }
    ow->by_fd[o->fd] = sk;
    sk->os = o;
    return 0;
}

void ms_os_detach_locked(ms_world *w, ms_socket *sk) {
    ms_os_sock *o = sk->os;
    os_world *ow = lookup(w);
    sk->os = NULL;
    if (!o) return;
    if (ow && o->fd < ow->cap_fd && ow->by_fd[o->fd] == sk) ow->by_fd[o->fd] = NULL;
    /* The slot was made with the socket (ms_os_attach_locked, ms_os_connect_locked): a close
     * needs no memory, so a backlog is never dropped for want of it. */
    if (ow && ow->poller && o->stream && o->tx.len && o->fd < ow->cap_linger) {
        ow->linger[o->fd] = o; /* the poller flushes it, then closes */
        if (!flush(o)) return;
        /* Drained already (the peer's side read meanwhile): no writable edge will come for
         * it, so it closes now; left in the table, its descriptor would stay open and the
         * peer would never see the end of the stream. */
        ow->linger[o->fd] = NULL;
    }
    if (ow && ow->poller) ms_host_poller_del(ow->poller, o->fd);
    free_sock(o);
}

int ms_os_listen_locked(ms_world *w, ms_socket *sk) {
    (void)w;
    unsigned short port = 0;
    int e = ms_host_bind_loopback(sk->os->fd, &port);
    if (!e) e = ms_host_listen(sk->os->fd);
    sk->os->port = port;
    return e ? wsa_of(e) : 0;
}

/* The real leg of a model connect: connect to the listener's real port, then take the real
 * accept that belongs to it.  The world lock serialises model connects, so the accept queue
 * holds this connection (anything else on it is a stranger and is closed). */
int ms_os_connect_locked(ms_world *w, ms_socket *client, ms_socket *listener, ms_os_sock **accepted) {
    *accepted = NULL;
    if (!listener->os) return WSAECONNREFUSED;
    unsigned short mine = 0;
    int e = ms_host_connect_loopback(client->os->fd, listener->os->port, &mine);
    if (e) return wsa_of(e);
    os_world *ow = lookup(w);
    for (int tries = 0; tries < 1000; tries++) {
        unsigned short peer = 0;
        int fd = ms_host_accept(listener->os->fd, &peer);
        if (fd == MS_HOST_EAGAIN) continue; /* the handshake is done; the queue catches up at once */
        if (fd < 0) return wsa_of(fd);
        if (ow) ow->open_fds++;
        if (peer != mine) {
            host_close(ow, fd);
            continue;
        }
        ms_os_sock *o = ms_calloc(1, sizeof *o);
        if (!o || !ow || grow(&ow->by_fd, &ow->cap_fd, fd) || grow(&ow->linger, &ow->cap_linger, fd) ||
            ms_host_poller_add(ow->poller, fd)) {
            ms_free(o);
            host_close(ow, fd);
            return WSAENOBUFS;
        }
        o->fd = fd;
        o->ow = ow;
        o->rx_hint = true;
        o->stream = 1;
        *accepted = o;
        return 0;
    }
    return WSAECONNREFUSED;
}

void ms_os_adopt_locked(ms_world *w, ms_socket *srv, ms_os_sock *o) {
    os_world *ow = lookup(w);
    srv->os = o;
    if (ow) ow->by_fd[o->fd] = srv;
}

void ms_os_shutdown_locked(ms_world *w, ms_socket *sk) {
    (void)w;
    if (sk->os->tx.len || sk->os->send_busy)
        sk->os->shut_pending = true;
    else
        ms_host_shutdown_send(sk->os->fd);
}

/* A program's SO_SNDBUF and SO_RCVBUF size the real socket's buffers, as they size the
 * stack's on Windows: how much the kernel holds before the backlog takes over. */
void ms_os_set_buffer(ms_socket *sk, bool receive, DWORD bytes) {
    if (!sk->os) return;
    ms_host_set_buffer(sk->os->fd, receive, bytes);
    if (!receive) sk->os->tx_limit = bytes ? (bytes < TX_MAX ? bytes : TX_MAX) : 1; /* 0: nothing held back */
}

/* While another thread's receive copies from this socket, a second receive would only pend
 * (recv_busy): it is not ready until that copy ends, which wakes it (recv_missed). */
bool ms_os_readable(const ms_socket *sk) {
    if (!sk->os || sk->os->recv_busy || !ms_host_readable(sk->os->fd)) return false;
    sk->os->rx_hint = true; /* the receive this answer leads to must look */
    return true;
}

bool ms_os_send_room(const ms_socket *sk) { return !sk->os->tx_refused; }

bool ms_os_peer_ended(const ms_socket *sk, bool drained) { return sk->os && ms_host_peer_ended(sk->os->fd, drained); }

int ms_os_stream_send_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool sized, DWORD *done) {
    ms_os_sock *o = sk->os;
    size_t total = 0;
    for (DWORD i = 0; i < n; i++) {
        if (!ms_probe_read(bufs[i].buf, bufs[i].len)) return WSAEFAULT;
        total += bufs[i].len;
    }
    if (o->send_busy) { /* another thread's bytes are on their way: ours go after them */
        o->inflight++; /* a waiter counts: close waits for it as for a copy */
        wait_for(w, o, os_send_free);
        o->inflight--;
    }
    /* The kernel may have taken room since the poller last came round: move the backlog on
     * now rather than refuse (or queue behind) bytes it could take. */
    if (o->tx.len && !o->tx_full) flush(o);
    /* All or nothing, as sim; of the sends that meet SO_SNDBUF, an empty backlog takes any one. */
    size_t room = !sized ? TX_MAX : o->tx.len ? tx_room(o) : SIZE_MAX;
    if (o->tx.len + total > room) {
        o->tx_refused = true;
        return WSAEWOULDBLOCK;
    }
    DWORD i = 0;
    size_t off = 0; /* into bufs[i]: what the kernel took */
    size_t taken = 0; /* bytes the kernel took directly */
    long err = 0;
    if (!o->tx.len) { /* nothing queued: the kernel first, in order, without the lock */
        long r = 0;
        o->send_busy = true;
        copy_begin(w, o);
        for (; i < n; i++, off = 0) {
            if (off < bufs[i].len && (r = ms_host_send(o->fd, bufs[i].buf + off, bufs[i].len - off)) > 0) {
                off += (size_t)r;
                taken += (size_t)r;
            }
            if (off < bufs[i].len) break; /* short: the kernel is full (asking again only fails) */
        }
        copy_end(w, o);
        o->send_busy = false;
        if (r < 0 && r != MS_HOST_EAGAIN) err = r;
    }
    size_t queued = o->tx.len;
    for (; !err && i < n; i++, off = 0)
        if (bufs[i].len > off && queue_tx(o, (const uint8_t *)bufs[i].buf + off, bufs[i].len - off))
            err = MS_HOST_ENOBUFS;
    /* No memory for the backlog: none of this call's bytes stay queued (they were appended at
     * the tail, and nothing flushed meanwhile).  What the kernel took is gone, so the call
     * reports it as a short send (the send page: "can be less than the number requested");
     * with nothing taken it fails, WSAENOBUFS.  A failure that sent bytes, or a success that
     * dropped some, would make the caller send them twice or never. */
    bool short_send = false;
    if (err == MS_HOST_ENOBUFS) {
        o->tx.len = queued;
        want_out(o, queued != 0);
        short_send = taken != 0;
        if (short_send) err = 0;
    }
    if (!o->tx.len && o->shut_pending) { /* a shutdown came while the bytes were on their way */
        ms_host_shutdown_send(o->fd);
        o->shut_pending = false;
    }
    if (err) return err == MS_HOST_ENOBUFS ? WSAENOBUFS : wsa_of(err);
    *done = (DWORD)(short_send ? taken : total);
    return 0;
}

/* The peer's backlog holds bytes already sent to this socket.  A reader pushes them on itself
 * before it reads, and again when it finds the kernel dry: waiting for the poller to see the
 * sender's writable edge put a thread hand-off (and, on a busy machine, a scheduling delay)
 * into every refill. */
static bool peer_backlog(const ms_socket *sk) {
    const ms_socket *p = sk->peer;
    return p && p->os && p->os->tx.len && !p->os->send_busy;
}

bool ms_os_unread(const ms_socket *sk) { return sk->os && (ms_host_unread(sk->os->fd) > 0 || peer_backlog(sk)); }
size_t ms_os_unread_bytes(const ms_socket *sk) { return sk->os ? (size_t)ms_host_unread(sk->os->fd) : 0; }

void ms_os_abort_locked(ms_socket *sk) {
    ms_os_sock *o = sk->os;
    if (!o) return;
    ms_bytes_free(&o->tx);
    o->tx_full = false;
    o->shut_pending = false;
    ms_host_reset_on_close(o->fd);
}

/* One pass of reads into bufs from (*i, *have) on, without the lock: it stops at a buffer the
 * kernel leaves short (dry, or the end of the stream), after the last buffer, or at an error.
 * *got counts the bytes of the buffers filled; *last is the last result of ms_host_recv. */
typedef struct rx_state {
    DWORD i;
    size_t have, got;
    long last;
} rx_state;

static void read_pass(int fd, const WSABUF *bufs, DWORD n, bool peek, rx_state *x) {
    for (; x->i < n && (!peek || x->i == 0); x->i++, x->have = 0) {
        if (!bufs[x->i].len) continue;
        size_t at = peek ? 0 : x->have; /* a peek starts at the front every time */
        long r = ms_host_recv(fd, bufs[x->i].buf + at, bufs[x->i].len - at, peek);
        x->last = r;
        if (r > 0) x->have = at + (size_t)r;
        if (r <= 0 || x->have < bufs[x->i].len) return;
        x->got += x->have;
    }
}

int ms_os_stream_recv_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool peek, DWORD *done) {
    ms_os_sock *o = sk->os;
    if (o->recv_busy) { /* another thread is reading this socket now */
        o->recv_missed = true;
        return WSA_IO_PENDING;
    }
    /* No probe first: the kernel checks the memory it writes and fails (EFAULT) before
     * touching a bad page, so, as on sim, the bytes a receive delivers are what is checked.
     * Probing the whole buffer up front cost a quarter of a flow set-up (every flow has
     * fresh buffers, which the probe's page cache has never seen).  One difference from sim
     * remains: a buffer that goes bad part-way gets a short read here, WSAEFAULT there. */
    if (!o->rx_hint && !peer_backlog(sk)) return WSA_IO_PENDING; /* nothing came since it was dry */
    size_t room = 0;
    for (DWORD i = 0; i < n; i++) room += bufs[i].len;
    if (!room) {
        /* A zero-byte receive completes once there are bytes to read (or the stream has ended)
         * and takes none: how an IOCP server waits for data without a buffer per connection. */
        if (peer_backlog(sk)) flush(sk->peer->os);
        unsigned edges = o->rx_edges;
        char byte;
        long r = ms_host_recv(o->fd, &byte, 1, true);
        if (r == MS_HOST_EAGAIN && o->rx_edges == edges) o->rx_hint = false;
        if (r < 0) return r == MS_HOST_EAGAIN ? WSA_IO_PENDING : wsa_of(r);
        *done = 0;
        return 0;
    }
    rx_state x = {0, 0, 0, 0};
    for (int pass = 0; pass < 2; pass++) {
        if (peer_backlog(sk)) flush(sk->peer->os);
        unsigned edges = o->rx_edges;
        o->recv_busy = true;
        copy_begin(w, o);
        read_pass(o->fd, bufs, n, peek, &x);
        copy_end(w, o);
        o->recv_busy = false;
        if (x.last == MS_HOST_EAGAIN && o->rx_edges == edges) o->rx_hint = false;
        bool dry = x.i < n && (x.last == MS_HOST_EAGAIN || x.last > 0);
        if (!dry || !peer_backlog(sk)) break;
    }
    bool missed = o->recv_missed; /* what that receive would have read is still in the kernel */
    o->recv_missed = false;
    size_t have = x.i < n ? x.have : 0;
    if (x.last == MS_HOST_EOTHER && x.i < n) {
        size_t at = peek ? 0 : have;
        if (!ms_probe_write(bufs[x.i].buf + at, bufs[x.i].len - at) && !x.got && !have) return WSAEFAULT;
    }
    if (missed) { /* the servicing call (this one's caller or the next) goes round again */
        sk->service_again = true;
        if (!sk->servicing) ms_socket_service_locked(w, sk);
        ms_wake_locked(w); /* and a blocking receive that found this one busy looks again */
    }
    if (x.last < 0 && !x.got && !have) return x.last == MS_HOST_EAGAIN ? WSA_IO_PENDING : wsa_of(x.last);
    *done = (DWORD)(x.got + have);
    return 0;
}

/* ------------------------------------------------------------- world end */
void ms_os_world_stop(ms_world *w) {
    os_world *ow = lookup(w);
    if (!ow || !ow->poller) return;
    ms_host_poller_stop(ow->poller); /* not under the world lock: the poller may be waiting for it */
    ow->poller = NULL;
}

void ms_os_world_end(ms_world *w) {
    os_world *ow = lookup(w);
    if (!ow) return;
    ms_mutex_lock(&reg_mu);
    for (os_world **pp = &reg; *pp; pp = &(*pp)->next)
        if (*pp == ow) {
            *pp = ow->next;
            break;
        }
    ms_mutex_unlock(&reg_mu);
    for (int i = 0; i < ow->cap_linger; i++)
        if (ow->linger[i]) free_sock(ow->linger[i]);
    ms_lock(w); /* datagrams never pulled still hold their flows */
    for (int b = 0; b < META_BUCKETS; b++)
        for (os_meta *m = ow->meta[b], *n; m; m = n) {
            n = m->next;
            if (m->d->flow) ms_flow_unref_locked(w, m->d->flow);
            ms_free(m->d->data);
            ms_free(m->d);
            ms_free(m);
        }
    ms_unlock(w);
    if (ow->open_fds) ms_world_held((size_t)ow->open_fds, "os: %d kernel socket(s) never closed", ow->open_fds);
    ms_free(ow->linger);
    ms_free(ow->by_fd);
    ms_free(ow->rxbuf);
    ms_free(ow);
}

bool ms_os_in_use(ms_world *w) { return lookup(w) != NULL; }

const char *ms_net_transport(ms_world *w) {
    os_world *ow = lookup(w);
    ms_lock(w);
    bool os = ow && ow->enabled;
    ms_unlock(w);
    return os ? "os" : "sim";
}
