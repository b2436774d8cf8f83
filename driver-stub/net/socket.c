/*
 * socket.c: socket objects and the TCP state machine of the sim transport.
 *
 * The sim transport is one machine with an in-memory network: a connect reaches whatever
 * listener is bound to the destination address and port (or to the wildcard address on
 * that port), and a send lands in the peer's receive queue at once.  Every connect first
 * goes through WFP's ALE_CONNECT_REDIRECT classify, which may send it elsewhere (to a
 * local proxy) and attach a flow whose records and context the accepted socket carries.
 */
#include "net.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PORT_BUCKETS 256

struct ms_net {
    ms_world *w;
    USHORT next_port;
    uint32_t binds; /* ms_socket.bind_seq of the last bind */
    ms_status_views views;
    DWORD pid;
    ms_processes *procs;
    ms_socket *ports[PORT_BUCKETS]; /* the port index: see indexable() */
    /* Past 4 sockets a bucket on average the index moves to a table of its own that grows
     * with it (up to a bucket per port): 10,000 connected clients keep their ports indexed,
     * and 40 to a bucket made every autobind and connect walk them. */
    ms_socket **big;
    size_t nbig, nindexed;
    ms_op *ops; /* every live operation (ms_op.live_*) */
};

static void release_socket(ms_world *w, ms_socket *sk);

static void drop_socket(ms_world *w, void *obj, void *arg) {
    (void)arg;
    ms_socket *sk = obj;
    /* Teardown: pending operations are dropped, never completed; the OVERLAPPED memory
     * they name may already be gone. */
    for (ms_op *op = sk->ops_head; op;) {
        ms_op *n = op->next;
        ms_op_free(op);
        op = n;
    }
    sk->ops_head = sk->ops_tail = NULL;
    ms_handle_free_locked(w, sk->handle);
    release_socket(w, sk);
}

static void net_destroy(void *p) {
    ms_net *n = p;
    ms_os_world_stop(n->w); /* os transport: its poller takes the lock, so it stops first */
    ms_lock(n->w);
    ms_handle_each_locked(n->w, MS_H_SOCKET, drop_socket, NULL);
    ms_unlock(n->w);
    ms_os_world_end(n->w);
    /* Every socket went with its operations, as at process exit: an operation still here is
     * one that no socket held any more, that nothing could complete or free (a free forgotten
     * on an error path), a leak inside the world's life, reported as the WFP engine reports a
     * flow (kernel.h ms_world_held). */
    size_t nops = 0, live = ms_heap_live_blocks();
    for (; n->ops; nops++) ms_op_free(n->ops);
    if (nops) ms_world_held(live - ms_heap_live_blocks(), "net: %zu operation(s)", nops);
    ms_processes_free(n->procs);
    ms_free(n->big);
    ms_free(n);
}

ms_op **ms_net_ops(ms_world *w) {
    ms_net *n = ms_world_ext(w, MS_EXT_NET);
    return n ? &n->ops : NULL;
}

MS_NO_COV ms_net *ms_net_get(ms_world *w) {
    ms_net *n = ms_world_ext(w, MS_EXT_NET);
    if (n) return n;
    n = ms_calloc(1, sizeof *n);
    if (n && !(n->procs = ms_processes_new())) {
        ms_free(n);
        n = NULL;
    }
    if (!n) return NULL;
    n->w = w;
    n->next_port = 49152;
    n->pid = MS_PID_SELF;
    ms_world_set_ext(w, MS_EXT_NET, n, net_destroy);
    return n;
}

DWORD ms_net_set_process(ms_world *w, DWORD pid) {
    ms_net *n = ms_net_get(w);
    if (!n) return 0;
    DWORD was = n->pid;
    n->pid = pid;
    return was;
}

DWORD ms_net_process(ms_world *w) {
    ms_net *n = ms_net_get(w);
    return n ? n->pid : 0;
}

ms_processes *ms_net_processes(ms_world *w) {
    ms_net *n = ms_net_get(w);
    return n ? n->procs : NULL;
}

const ms_status_views *ms_net_views(ms_world *w) {
    ms_net *n = ms_net_get(w);
    static const int too_small[] = {WSAEFAULT, ERROR_INSUFFICIENT_BUFFER, WSAEINVAL};
    static const int not_found[] = {WSAEINVAL, ERROR_NOT_FOUND};
    static const int no_ctx[] = {(int)FWP_E_NOT_FOUND, WSAEINVAL, ERROR_NOT_FOUND};
    n->views.wsa_buffer_too_small = too_small[ms_knob_value(w, MS_KNOB_TOO_SMALL)];
    n->views.wsa_not_found = not_found[ms_knob_value(w, MS_KNOB_NOT_REDIRECTED)];
    n->views.wsa_fwp_not_found = no_ctx[ms_knob_value(w, MS_KNOB_NO_CONTEXT)];
    return &n->views;
}

ms_socket *ms_socket_get_locked(ms_world *w, SOCKET s) { return ms_handle_get_locked(w, (uint64_t)s, MS_H_SOCKET); }

/* A thread may create its sockets for another process than the world's current one
 * (ms_net_set_thread_process): the chain runner's clients are the application's while the
 * proxies' threads create the proxy's sockets. */
static _Thread_local struct {
    const ms_world *w;
    DWORD pid;
} thread_process;

void ms_net_set_thread_process(ms_world *w, DWORD pid) {
    thread_process.w = pid ? w : NULL;
    thread_process.pid = pid;
}

static DWORD creating_pid(const ms_world *w, const ms_net *n) {
    return thread_process.w == w ? thread_process.pid : n->pid;
}

int ms_socket_create_locked(ms_world *w, int af, int type, int proto, bool overlapped, ms_socket **out) {
    *out = NULL; /* af, type and proto are a catalogue entry's: ms_protocol_resolve checked them */
    ms_net *n = ms_net_get(w);
    ms_socket *sk = ms_calloc(1, sizeof *sk);
    if (!n || !sk) {
        ms_free(sk);
        return WSAENOBUFS;
    }
    sk->af = af;
    sk->type = type;
    sk->proto = proto;
    sk->overlapped = overlapped;
    sk->state = SK_FRESH;
    sk->pid = creating_pid(w, n);
    sk->handle = ms_handle_alloc_locked(w, MS_H_SOCKET, sk);
    if (!sk->handle) {
        ms_free(sk);
        return ms_handles_exhausted_locked(w) ? WSAEMFILE : WSAENOBUFS; /* a limit, or no memory */
    }
    int oe = ms_os_attach_locked(w, sk); /* os transport: a real socket carries the bytes */
    if (oe) {
        ms_handle_free_locked(w, sk->handle);
        ms_free(sk);
        return oe;
    }
    *out = sk;
    return 0;
}

/* ------------------------------------------------------------------ lookup */
/* Which sockets a bind or connect can run into: a TCP socket only while it owns its port
 * (bound or listening; connections share their listener's port and are never looked up; a
 * connecting or connected socket that was bound keeps its port from autobind, see port_owned), a
 * UDP socket as soon as it has an address.  Only these are in the port index, so a set-up
 * costs the few sockets on one port instead of a scan of every socket in the world (which
 * made N flow set-ups quadratic). */
static bool indexable(const ms_socket *sk) {
    if (!sk->has_local || sk->state == SK_CLOSED) return false;
    return sk->type == SOCK_DGRAM || sk->state == SK_BOUND || sk->state == SK_LISTENING || sk->owns_port;
}

MS_NO_COV static ms_socket **port_bucket(ms_net *n, USHORT port) {
    return n->big ? &n->big[port & (n->nbig - 1)] : &n->ports[port % PORT_BUCKETS];
}

/* Moves every indexed socket into a table of nb buckets (a power of two); on no memory the
 * index stays as it is, only slower. */
MS_NO_COV static void index_grow(ms_net *n, size_t nb) {
    ms_socket **big = ms_calloc(nb, sizeof *big);
    if (!big) return;
    size_t old_n = n->big ? n->nbig : PORT_BUCKETS;
    ms_socket **old = n->big ? n->big : n->ports;
    for (size_t i = 0; i < old_n; i++)
        for (ms_socket *sk = old[i], *next; sk; sk = next) {
            next = sk->port_next;
            ms_socket **b = &big[sk->port_key & (nb - 1)];
            sk->port_prev = NULL;
            sk->port_next = *b;
            if (*b) (*b)->port_prev = sk;
            *b = sk;
        }
    if (n->big)
        ms_free(n->big);
    else
        memset(n->ports, 0, sizeof n->ports);
    n->big = big;
    n->nbig = nb;
}

MS_NO_COV static void index_remove(ms_net *n, ms_socket *sk) {
    if (!sk->port_indexed) return;
    if (sk->port_prev)
        sk->port_prev->port_next = sk->port_next;
    else
        *port_bucket(n, sk->port_key) = sk->port_next;
    if (sk->port_next) sk->port_next->port_prev = sk->port_prev;
    sk->port_next = sk->port_prev = NULL;
    sk->port_indexed = false;
    n->nindexed--;
}

/* Called after anything that changes a socket's address, state or life. */
MS_NO_COV static void index_sync(ms_world *w, ms_socket *sk) {
    ms_net *n = ms_world_ext(w, MS_EXT_NET); /* never made here: it is gone at teardown */
    if (!n) return;
    index_remove(n, sk);
    if (!indexable(sk)) return;
    sk->port_key = ms_addr_port(&sk->local);
    size_t nb = n->big ? n->nbig : PORT_BUCKETS;
    if (++n->nindexed > 4 * nb && nb < 65536) index_grow(n, nb < 1024 ? 1024 : nb * 4);
    ms_socket **b = port_bucket(n, sk->port_key);
    sk->port_next = *b;
    if (*b) (*b)->port_prev = sk;
    *b = sk;
    sk->port_indexed = true;
}

typedef enum { NO_MATCH, MATCH_EXACT, MATCH_WILD } match_kind;

/* The local address of sk as a lookup in family af sees it: its own, or for a dual-stack
 * socket bound to :: (which holds its port in both families: "the stack actually opens an
 * endpoint for both IPv4 and IPv6", Microsoft's Windows networking blog, "Dual Stack Sockets on
 * Windows Vista") 0.0.0.0 with that port.  NULL when sk has no address in af. */
static const SOCKADDR_STORAGE *local_in(const ms_socket *sk, int af, SOCKADDR_STORAGE *v4) {
    if (sk->local.ss_family == af) return &sk->local;
    if (af != AF_INET || !ms_addr_is_any(&sk->local) || !ms_socket_dual_stack(sk)) return NULL;
    memset(v4, 0, sizeof *v4);
    v4->ss_family = AF_INET;
    ms_addr_set_port(v4, ms_addr_port(&sk->local));
    return v4;
}

/* state is what the lookup is for: SK_LISTENING for a connect, SK_FRESH for a bind. */
static match_kind match(const ms_socket *sk, const SOCKADDR_STORAGE *addr, int type, ms_sk_state state,
                        const ms_socket *self) {
    if (sk == self || sk->type != type || !sk->has_local) return NO_MATCH;
    /* A connect (state LISTENING) looks for listeners.  A bind (state FRESH) conflicts with any
     * TCP socket that owns the port itself, bound or listening, but not with the connections
     * that share a listener's port. */
    if (type == SOCK_STREAM && sk->state != SK_LISTENING && (state == SK_LISTENING || sk->state != SK_BOUND))
        return NO_MATCH;
    SOCKADDR_STORAGE v4;
    const SOCKADDR_STORAGE *local = local_in(sk, addr->ss_family, &v4);
    if (!local || ms_addr_port(local) != ms_addr_port(addr)) return NO_MATCH;
    if (ms_addr_equal(local, addr)) return MATCH_EXACT;
    return ms_addr_is_any(local) ? MATCH_WILD : NO_MATCH;
}

/* The socket an address reaches, exact address first.  Among several (sockets that share an
 * address, share.c), the first bound, as Windows gives a connection to the first of two
 * listeners with SO_REUSEADDR (Wine's ws2_32 tests as run on Windows): bind order, not the
 * index's, so the index changes no run. */
static ms_socket *lookup(ms_world *w, const SOCKADDR_STORAGE *addr, int type, ms_sk_state state, const ms_socket *self,
                         bool exact_only) {
    ms_net *n = ms_world_ext(w, MS_EXT_NET);
    if (!n) return NULL;
    ms_socket *exact = NULL, *wild = NULL;
    for (ms_socket *sk = *port_bucket(n, ms_addr_port(addr)); sk; sk = sk->port_next) {
        match_kind m = match(sk, addr, type, state, self);
        if (m == MATCH_EXACT && (!exact || sk->bind_seq < exact->bind_seq)) exact = sk;
        if (m == MATCH_WILD && (!wild || sk->bind_seq < wild->bind_seq)) wild = sk;
    }
    return exact || exact_only ? exact : wild;
}

/* The listener (TCP) or bound socket (UDP) an address reaches. */
static ms_socket *find_endpoint(ms_world *w, const SOCKADDR_STORAGE *addr, int type, const ms_socket *self) {
    return lookup(w, addr, type, SK_LISTENING, self, false);
}

ms_socket *ms_dgram_find_bound_locked(ms_world *w, const SOCKADDR_STORAGE *addr) {
    return lookup(w, addr, SOCK_DGRAM, SK_LISTENING, NULL, false);
}

/* Any bound socket of the type on exactly this address and port conflicts, listening or not. */
static bool port_in_use(ms_world *w, const SOCKADDR_STORAGE *addr, int type) {
    return lookup(w, addr, type, SK_FRESH, NULL, true) != NULL;
}

/* A port that a connecting or connected socket still has (it was bound, by bind or autobind):
 * no lookup finds it, but autobind must not hand it out again.  Without this, once the
 * ephemeral ports had wrapped (16,384 of them; a 10,000-flow chain uses 30,000) a new
 * connection took the address of a live one, and two flows shared an address.  A wildcard
 * address overlaps every address of its family: a bind to port 0 must not be handed the port a
 * connection from 127.0.0.1 holds (S3.autobind-wrap). */
static bool port_owned(ms_world *w, const SOCKADDR_STORAGE *addr, int type) {
    ms_net *n = ms_world_ext(w, MS_EXT_NET);
    if (!n) return false;
    for (ms_socket *sk = *port_bucket(n, ms_addr_port(addr)); sk; sk = sk->port_next) {
        SOCKADDR_STORAGE v4;
        const SOCKADDR_STORAGE *local = sk->owns_port && sk->type == type ? local_in(sk, addr->ss_family, &v4) : NULL;
        if (local && ms_addr_port(local) == ms_addr_port(addr) &&
            (ms_addr_equal(local, addr) || ms_addr_is_any(local) || ms_addr_is_any(addr)))
            return true;
    }
    return false;
}

/* The IPv4 wildcard address with a's port: what a dual-stack bind to :: also takes. */
static void v4_any(const SOCKADDR_STORAGE *a, SOCKADDR_STORAGE *out) {
    memset(out, 0, sizeof *out);
    out->ss_family = AF_INET;
    ms_addr_set_port(out, ms_addr_port(a));
}

/* Whether autobind may not hand sk address a: a bound socket of its type holds a, a connection
 * still has its port, or for a dual-stack socket going to ::, either holds 0.0.0.0 at that port
 * ("If the specified port is already in use on either the IPv4 or IPv6 stack then the call will
 * fail", the same blog).  A port the stack picks is one nobody shares. */
static bool address_taken(ms_world *w, const ms_socket *sk, const SOCKADDR_STORAGE *a) {
    if (port_in_use(w, a, sk->type) || port_owned(w, a, sk->type)) return true;
    if (a->ss_family != AF_INET6 || !ms_addr_is_any(a) || !ms_socket_dual_stack(sk)) return false;
    SOCKADDR_STORAGE v4;
    v4_any(a, &v4);
    return port_in_use(w, &v4, sk->type) || port_owned(w, &v4, sk->type);
}

/* What binding sk to a (an explicit bind, port not 0) meets from the bound socket f: 0, or the
 * error share.c's table gives where their addresses overlap.  Across families only a wildcard
 * IPv6 socket reaches IPv4: a dual-stack one as the IPv4 wildcard too, and one with
 * SO_EXCLUSIVEADDRUSE (even IPv6-only) keeps IPv4 binds of the port off, WSAEACCES, and is kept
 * off by them as the table says (Wine's ws2_32 tests as run on Windows, test_reuseaddr: an
 * exclusive [::] refuses 127.0.0.1 and 0.0.0.0, a plain one neither). */
static int bind_meets(const ms_socket *sk, const SOCKADDR_STORAGE *a, const ms_socket *f) {
    const SOCKADDR_STORAGE *fl = &f->local;
    if (ms_addr_port(fl) != ms_addr_port(a)) return 0;
    bool a_any = ms_addr_is_any(a), f_any = ms_addr_is_any(fl);
    if (fl->ss_family == a->ss_family)
        return ms_addr_equal(fl, a) || a_any || f_any ? ms_bind_share(sk, a_any, f, f_any) : 0;
    if (a->ss_family == AF_INET && fl->ss_family == AF_INET6 && f_any)
        return ms_socket_dual_stack(f) ? ms_bind_share(sk, a_any, f, true) : f->opt_exclusive ? WSAEACCES : 0;
    if (a->ss_family == AF_INET6 && fl->ss_family == AF_INET && a_any &&
        (ms_socket_dual_stack(sk) || sk->opt_exclusive))
        return ms_bind_share(sk, true, f, f_any);
    return 0;
}

/* An explicit bind's answer: the first socket bound (in bind order) that does not let sk share
 * decides.  A TCP socket holds the address it was bound to (by bind or by a connect's implicit
 * bind) while it listens or is connected too: the bind page's WSAEADDRINUSE, "already bound to
 * the same fully qualified address"; a connection accept made shares its listener's port and
 * holds nothing of its own (KB 307175: the port binds again once the listener is closed). */
static int bind_conflict(ms_world *w, const ms_socket *sk, const SOCKADDR_STORAGE *a) {
    ms_net *n = ms_world_ext(w, MS_EXT_NET); /* made with the first socket: sk is one */
    const ms_socket *by = NULL;
    int e = 0;
    for (ms_socket *f = *port_bucket(n, ms_addr_port(a)); f; f = f->port_next) {
        if (f == sk || f->type != sk->type || !f->has_local) continue;
        if (f->type == SOCK_STREAM && !f->owns_port) continue;
        int r = bind_meets(sk, a, f);
        if (r && (!by || f->bind_seq < by->bind_seq)) {
            by = f;
            e = r;
        }
    }
    return e;
}

uint64_t ms_net_clock_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u + ms_world_virtual_ms(ms_world_current());
}

void ms_net_source_address(int af, const SOCKADDR_STORAGE *remote, USHORT port, SOCKADDR_STORAGE *out) {
    memset(out, 0, sizeof *out);
    out->ss_family = (ADDRESS_FAMILY)af;
    if (remote && !ms_addr_is_any(remote)) {
        /* The sim host answers on loopback and on one documentation address per family. */
        bool loop = remote->ss_family == AF_INET ? (((const struct sockaddr_in *)remote)->sin_addr.s_addr & 0xff) == 127
                                                 : ((const struct sockaddr_in6 *)remote)->sin6_addr.s6_addr[15] == 1 &&
                                                       ((const struct sockaddr_in6 *)remote)->sin6_addr.s6_addr[0] == 0;
        if (loop)
            ms_addr_loopback(af, 0, out);
        else if (af == AF_INET)
            ((struct sockaddr_in *)out)->sin_addr.s_addr = 0x010200c0; /* 192.0.2.1 */
        else {
            UCHAR *b = ((struct sockaddr_in6 *)out)->sin6_addr.s6_addr;
            b[0] = 0x20, b[1] = 0x01, b[2] = 0x0d, b[3] = 0xb8, b[15] = 1; /* 2001:db8::1 */
        }
    }
    ms_addr_set_port(out, port);
}

static int autobind(ms_world *w, ms_socket *sk, const SOCKADDR_STORAGE *remote) {
    if (sk->has_local) return 0;
    ms_net *n = ms_net_get(w);
    SOCKADDR_STORAGE a;
    ms_net_source_address(remote ? remote->ss_family : sk->af, remote, 0, &a);
    for (int tries = 0; tries < 16384; tries++) {
        USHORT p = n->next_port++;
        if (n->next_port < 49152) n->next_port = 49152;
        ms_addr_set_port(&a, p);
        if (!address_taken(w, sk, &a)) {
            sk->local = a;
            sk->has_local = true;
            sk->owns_port = true;
            sk->bind_seq = ++n->binds;
            if (sk->state == SK_FRESH) sk->state = SK_BOUND;
            index_sync(w, sk);
            return 0;
        }
    }
    /* Every dynamic port taken: Windows answers WSAENOBUFS (Microsoft KB 196271, "When you try
     * to connect from TCP ports greater than 5000 you receive the error WSAENOBUFS (10055)"). */
    return WSAENOBUFS;
}

int ms_socket_bind_locked(ms_world *w, ms_socket *sk, const SOCKADDR_STORAGE *given) {
    if (sk->state != SK_FRESH || sk->has_local) return WSAEINVAL;
    SOCKADDR_STORAGE a = *given, *addr = &a;
    int e = ms_socket_addr_in(sk, addr);
    if (e) return e;
    if (ms_addr_port(addr) == 0) {
        if ((e = autobind(w, sk, NULL))) return e;
        USHORT p = ms_addr_port(&sk->local);
        sk->local = *addr;
        ms_addr_set_port(&sk->local, p);
        index_sync(w, sk);
        return 0;
    }
    if ((e = bind_conflict(w, sk, addr))) return e;
    sk->local = *addr;
    sk->has_local = true;
    sk->owns_port = true;
    sk->bind_seq = ++ms_net_get(w)->binds;
    sk->state = SK_BOUND;
    index_sync(w, sk);
    return 0;
}

int ms_socket_listen_locked(ms_world *w, ms_socket *sk, int backlog) {
    if (sk->type != SOCK_STREAM) return WSAEOPNOTSUPP;
    if (sk->state == SK_LISTENING) {
        sk->backlog_max = backlog;
        return 0;
    }
    if (sk->state != SK_BOUND) return WSAEINVAL;
    int oe = sk->os ? ms_os_listen_locked(w, sk) : 0;
    if (oe) return oe;
    sk->state = SK_LISTENING;
    /* SOMAXCONN and anything larger get Windows' largest backlog (SOMAXCONN_HINT's bound,
     * 65535): 4,096 refused flow 4,097 of a chain whose clients all connect at once. */
    sk->backlog_max = backlog < 1 ? 1 : backlog > 65535 ? 65535 : backlog;
    index_sync(w, sk);
    return 0;
}

/* An IPv4-mapped address reaches IPv4 only from a dual-stack socket ("When the IPV6_V6ONLY
 * socket option is set to zero, a socket created for the AF_INET6 address family can be used to
 * send and receive packets to and from an IPv6 address or an IPv4 mapped address") that is not
 * bound to an IPv6 address; one bound to an IPv4-mapped address (kept as AF_INET) reaches IPv4
 * only.  What Windows answers for the other combinations no page says; the model answers
 * WSAEAFNOSUPPORT (M.connect.v4-mapped-from-v6-only). */
int ms_socket_addr_in(const ms_socket *sk, SOCKADDR_STORAGE *a) {
    if (sk->af != AF_INET6) return 0;
    bool mapped = ms_addr_is_v4mapped(a);
    if (!sk->has_local) {
        if (!mapped) return 0;
        if (!ms_socket_dual_stack(sk)) return WSAEAFNOSUPPORT;
    } else if (sk->local.ss_family == AF_INET) {
        if (!mapped) return WSAEAFNOSUPPORT;
    } else if (mapped && (!ms_socket_dual_stack(sk) || !ms_addr_is_any(&sk->local))) {
        return WSAEAFNOSUPPORT;
    }
    if (mapped) ms_addr_unmap(a, a);
    return 0;
}

void ms_socket_addr_out(const ms_socket *sk, const SOCKADDR_STORAGE *in, SOCKADDR_STORAGE *out) {
    if (sk->af == AF_INET6 && in->ss_family == AF_INET)
        ms_addr_map(in, out);
    else if (out != in)
        *out = *in;
}

bool ms_socket_accept_ready(ms_socket *sk) { return sk->nbacklog > 0; }
bool ms_socket_recv_ready(ms_socket *sk) {
    /* A datagram socket waits for a datagram whatever its state; a stream socket that is
     * not connected has nothing to wait for (the receive fails at once). */
    if (sk->type == SOCK_DGRAM)
        return sk->dq_head || sk->udp_unreachable || sk->state == SK_CLOSED || ms_os_readable(sk);
    return sk->state != SK_CONNECTED || ms_stream_readable(sk);
}

bool ms_stream_readable(const ms_socket *sk) {
    if (sk->reset) return true; /* a receive fails at once (on os the real socket may not know yet) */
    if (sk->os) return ms_os_readable(sk);
    return sk->rxlen > 0 || sk->rx_eof; /* a peer that closed set rx_eof as it left */
}

bool ms_stream_send_room(const ms_socket *sk) { return sk->os ? ms_os_send_room(sk) : !sk->send_full; }

bool ms_stream_ended(const ms_socket *sk, bool drained) {
    if (sk->os) return ms_os_peer_ended(sk, drained);
    return sk->rx_eof && (!drained || sk->rxlen == 0);
}

/* ----------------------------------------------------------------- connect */
/* Verifier A84: localRedirectTargetPID names the process of the local proxy that takes the
 * redirected connection (DDI).  A callout that names another process (often the connecting
 * one, from the classify's metadata) is reported; the connection still lands, since Windows
 * was never shown to refuse it. */
static void check_target_pid(ms_world *w, const ms_socket *proxy, DWORD target_pid) {
    if (target_pid && proxy->pid != target_pid)
        ms_finding_locked(w,
                          "verifier A84: the redirect named localRedirectTargetPID %lu, but the proxy "
                          "listening at port %u belongs to process %lu",
                          (unsigned long)target_pid, ms_addr_port(&proxy->local), (unsigned long)proxy->pid);
}

static int attach_to_listener(ms_world *w, ms_socket *client, const ms_connect_res *res) {
    const SOCKADDR_STORAGE *actual = &res->remote;
    ms_flow *flow = res->flow;
    ms_socket *l = find_endpoint(w, actual, SOCK_STREAM, client);
    if (l && flow) check_target_pid(w, l, res->target_pid);
    if (!l || l->nbacklog >= (size_t)l->backlog_max) {
        if (flow) ms_flow_unref_locked(w, flow);
        return WSAECONNREFUSED;
    }
    if (l->nbacklog == l->capbacklog) {
        size_t cap = l->capbacklog ? l->capbacklog * 2 : 8;
        ms_socket **b = ms_realloc(l->backlog, cap * sizeof *b);
        if (!b) {
            if (flow) ms_flow_unref_locked(w, flow);
            return WSAENOBUFS;
        }
        l->backlog = b;
        l->capbacklog = cap;
    }
    ms_socket *srv = ms_calloc(1, sizeof *srv);
    ms_os_sock *pair = NULL; /* os transport: the real connection behind this one */
    int oe = srv && client->os ? ms_os_connect_locked(w, client, l, &pair) : 0;
    if (!srv || oe) {
        ms_free(srv);
        if (flow) ms_flow_unref_locked(w, flow);
        return srv ? oe : WSAENOBUFS;
    }
    srv->af = l->af;
    srv->type = l->type;
    srv->proto = l->proto;
    srv->overlapped = l->overlapped;
    srv->state = SK_CONNECTED;
    srv->connected_ms = client->connected_ms = ms_net_clock_ms();
    srv->has_local = srv->has_remote = true;
    srv->local = *actual;
    srv->remote = client->local;
    srv->pid = l->pid;
    srv->flow = flow;
    srv->peer = client;
    client->peer = srv;
    client->state = SK_CONNECTED;
    index_sync(w, client);
    if (pair) ms_os_adopt_locked(w, srv, pair);
    l->backlog[l->nbacklog++] = srv;
    srv->backlog_of = l;
    ms_acceptex_service_locked(w, l); /* an AcceptEx waiting for it (provider/wsp_ext.c) */
    ms_wake_locked(w);
    return 0;
}

static void connect_done(ms_world *w, void *cookie, const ms_connect_res *res) {
    ms_socket *sk = cookie;
    sk->connect_pending = false;
    if (res->status == STATUS_SUCCESS) {
        sk->connect_error = attach_to_listener(w, sk, res);
    } else {
        if (res->flow) ms_flow_unref_locked(w, res->flow);
        sk->connect_error = res->status == STATUS_INSUFFICIENT_RESOURCES ? WSAENOBUFS : WSAEACCES;
    }
    if (sk->connect_error) sk->state = SK_BOUND;
    index_sync(w, sk);
    ms_connectex_settle_locked(w, sk); /* a ConnectEx waiting for it (provider/wsp_ext.c) */
    ms_wake_locked(w);
}

static bool connect_settled(void *arg) { return !((ms_socket *)arg)->connect_pending; }

int ms_socket_connect_locked(ms_world *w, ms_socket *sk, const SOCKADDR_STORAGE *given) {
    if (sk->state == SK_LISTENING) return WSAEINVAL;
    if (sk->state == SK_CONNECTING) return WSAEALREADY;
    if (sk->state == SK_CONNECTED && sk->type == SOCK_STREAM) return WSAEISCONN;
    if (sk->state == SK_CLOSED) return WSAENOTSOCK;
    SOCKADDR_STORAGE a = *given, *addr = &a;
    int e = ms_socket_addr_in(sk, addr);
    if (!e) e = autobind(w, sk, addr);
    if (e) return e;
    /* Bound to the wildcard address: the connect picks the source address, as Windows does
     * (getsockname after connect names the interface; the peer never sees 0.0.0.0 or ::).
     * The port stays. */
    if (ms_addr_is_any(&sk->local) && !ms_addr_is_any(addr)) {
        ms_net_source_address(addr->ss_family, addr, ms_addr_port(&sk->local), &sk->local);
        index_sync(w, sk);
    }
    sk->remote = *addr;
    sk->has_remote = true;
    if (sk->type == SOCK_DGRAM) {
        /* A UDP connect only sets the default destination; the flow classifies on it now. */
        sk->state = SK_CONNECTED;
        index_sync(w, sk);
        return 0;
    }
    ms_connect_req req = {.af = addr->ss_family, /* a dual-stack socket's IPv4 connect classifies at V4 */
                          .proto = IPPROTO_TCP,
                          .local = sk->local,
                          .remote = *addr,
                          .pid = sk->pid,
                          .set_records = sk->set_records,
                          .set_records_len = sk->set_records_len,
                          .endpoint = sk->handle};
    req.app_id = ms_process_app_id(ms_net_processes(w), sk->pid, &req.app_id_len);
    ms_connect_res res;
    memset(&res, 0, sizeof res);
    NTSTATUS st = ms_wfp_connect_locked(w, &req, &res, connect_done, sk);
    if (st == STATUS_PENDING) {
        sk->state = SK_CONNECTING;
        index_sync(w, sk);
        sk->connect_pending = true;
        sk->connect_error = 0;
        if (sk->nonblocking) return WSAEWOULDBLOCK;
        if (!ms_wait_until_locked(w, connect_settled, sk, INFINITE)) {
            ms_wfp_cancel_locked(w, sk);
            sk->connect_pending = false;
            sk->state = SK_BOUND;
            index_sync(w, sk);
            return WSAETIMEDOUT;
        }
        return sk->connect_error;
    }
    if (st != STATUS_SUCCESS) {
        if (res.flow) ms_flow_unref_locked(w, res.flow);
        /* a filter that blocked the connect, or no memory to classify it ("no buffer space
         * is available. The socket cannot be connected", connect page) */
        return st == STATUS_INSUFFICIENT_RESOURCES ? WSAENOBUFS : WSAEACCES;
    }
    return attach_to_listener(w, sk, &res);
}

/* "The socket created when the accept function is called has the same properties as the
 * listening socket used to accept it.  Any WSAEventSelect association and network events
 * selection set for the listening socket apply to the accepted socket" (WSAEventSelect page):
 * the event and events, and the non-blocking mode (which the selection or FIONBIO gave the
 * listener); and, as "same properties" reads, the options set on the listener (which ones
 * Windows carries over no page lists: M.accept.inherits-options).  The caller records what
 * already holds (FD_WRITE, "accepted with accept"). */
void ms_socket_inherit(ms_socket *to, const ms_socket *listener) {
    to->nonblocking = listener->nonblocking;
    to->es_event = listener->es_event;
    to->es_mask = listener->es_mask;
    /* those set on the listener; an AcceptEx socket keeps what was set on it before */
    for (int i = 0; i < MS_OPT_DWORDS; i++)
        if (listener->opt_dword_set[i]) to->opt_dword[i] = listener->opt_dword[i], to->opt_dword_set[i] = true;
    for (int i = 0; i < 2; i++)
        if (listener->opt_buf_set[i]) to->opt_buf[i] = listener->opt_buf[i], to->opt_buf_set[i] = true;
    if (listener->opt_linger.l_onoff || listener->opt_linger.l_linger) to->opt_linger = listener->opt_linger;
}

int ms_socket_accept_locked(ms_world *w, ms_socket *sk, ms_socket **out) {
    *out = NULL;
    if (sk->state != SK_LISTENING) return WSAEINVAL;
    if (!sk->nbacklog) return WSAEWOULDBLOCK;
    ms_socket *srv = sk->backlog[0];
    /* The handle first: an accept that fails leaves the queue as it was, the connection first
     * in it and still its listener's (its bytes may complete an AcceptEx, io.c). */
    uint64_t h = ms_handle_alloc_locked(w, MS_H_SOCKET, srv);
    if (!h) return ms_handles_exhausted_locked(w) ? WSAEMFILE : WSAENOBUFS; /* a limit, or no memory */
    srv->handle = h;
    ms_socket_inherit(srv, sk);
    memmove(sk->backlog, sk->backlog + 1, (sk->nbacklog - 1) * sizeof *sk->backlog);
    sk->nbacklog--;
    srv->backlog_of = NULL;
    *out = srv;
    return 0;
}

int ms_socket_shutdown_locked(ms_world *w, ms_socket *sk, int how) {
    if (how < SD_RECEIVE || how > SD_BOTH) return WSAEINVAL;
    if (sk->state != SK_CONNECTED) return WSAENOTCONN;
    /* recv page, WSAESHUTDOWN: "it is not possible to receive on a socket after shutdown has
     * been invoked with how set to SD_RECEIVE or SD_BOTH"; what is queued is not handed out. */
    if (how == SD_RECEIVE || how == SD_BOTH) sk->shut_recv = true;
    if (sk->shut_recv && (sk->os ? ms_os_unread(sk) : sk->rxlen != 0)) ms_socket_refuse_data_locked(w, sk);
    if ((how == SD_SEND || how == SD_BOTH) && !sk->shut_send) {
        sk->shut_send = true;
        if (sk->os) ms_os_shutdown_locked(w, sk);
        if (sk->peer) {
            sk->peer->rx_eof = true;
            ms_wake_locked(w);
            ms_socket_service_locked(w, sk->peer);
        }
    }
    return 0;
}

/* shutdown page: "For TCP sockets, if there is still data queued on the socket waiting to be
 * received, or data arrives subsequently, the connection is reset, since the data cannot be
 * delivered to the user."  The peer's receives and sends then fail with WSAECONNRESET, as after
 * an abortive close, and what was queued here is gone.  This socket keeps its handle: its
 * receives still fail with WSAESHUTDOWN, its sends with WSAECONNRESET (what Windows answers
 * there no page says: M.shutdown.receive-reset-send).  On os the model's state decides: the
 * peer's calls look at it before the real socket, so the real sockets need no reset. */
static void disconnect_peer(ms_world *w, ms_socket *sk, bool abortive);

void ms_socket_refuse_data_locked(ms_world *w, ms_socket *sk) {
    /* callers: a socket whose receive side is shut; a UDP one has no peer and keeps its
     * datagrams ("For UDP sockets, incoming datagrams are accepted and queued") */
    if (!sk->peer) return;
    ms_bytes_drop(&sk->rxq, sk->rxlen);
    disconnect_peer(w, sk, true);
}

/* DisconnectEx without TF_REUSE_SOCKET: the send side is shut (the peer reads to the end of
 * the stream, a FIN, not a reset) and the handle stays.  What Windows does, as Wine's ws2_32
 * tests run there record: the socket still receives what the peer sends, getpeername still
 * names the peer, send is WSAESHUTDOWN, and a second DisconnectEx succeeds again. */
int ms_socket_disconnect_locked(ms_world *w, ms_socket *sk) {
    if (sk->disconnected) return 0;
    int e = ms_socket_shutdown_locked(w, sk, SD_SEND);
    if (e) return e;
    sk->disconnected = true;
    return 0;
}

/* ------------------------------------------------------------------- close */

static void disconnect_peer(ms_world *w, ms_socket *sk, bool abortive) {
    ms_socket *p = sk->peer;
    if (!p) return;
    p->peer = NULL;
    p->rx_eof = true;
    if (abortive) p->reset = true;
    sk->peer = NULL;
    ms_wake_locked(w);
    ms_socket_service_locked(w, p);
}

static void release_socket(ms_world *w, ms_socket *sk) {
    /* At teardown the world has already let go of the net layer: the index goes with it. */
    ms_net *net = ms_world_ext(w, MS_EXT_NET);
    if (net) index_remove(net, sk);
    /* Closing with received data unread is an abortive close: TCP sends a reset instead of a
     * FIN (RFC 1122 4.2.2.13), and the peer's receive fails with WSAECONNRESET, whatever it
     * had queued (docs/SPEC.md, "Model fidelity"); on os the kernel socket resets too.  A
     * proxy that drops a half-read client must be seen to reset it.  So is a close with SO_LINGER
     * on and a zero timeout: "This is called a hard or abortive close, because the socket's
     * virtual circuit is reset immediately ... any recv call on the remote side of the circuit
     * will fail with WSAECONNRESET" (closesocket page), the way a proxy aborts a client. */
    bool hard = sk->opt_linger.l_onoff && sk->opt_linger.l_linger == 0;
    bool abortive = sk->state == SK_CLOSED && sk->type == SOCK_STREAM && sk->peer &&
                    (hard || (sk->os ? ms_os_unread(sk) : sk->rxlen != 0));
    if (abortive && sk->os) ms_os_abort_locked(sk);
    if (sk->os) ms_os_detach_locked(w, sk);
    disconnect_peer(w, sk, abortive);
    for (size_t i = 0; i < sk->nbacklog; i++) release_socket(w, sk->backlog[i]);
    ms_free(sk->backlog);
    for (ms_dgram *d = sk->dq_head; d;) {
        ms_dgram *n = d->next;
        if (d->flow) ms_flow_unref_locked(w, d->flow);
        ms_free(d->data);
        ms_free(d);
        d = n;
    }
    for (ms_udp_route *r = sk->routes; r;) {
        ms_udp_route *n = r->next;
        ms_udp_route_free_locked(w, r);
        r = n;
    }
    if (sk->flow) ms_flow_unref_locked(w, sk->flow);
    ms_free(sk->set_records);
    ms_bytes_free(&sk->rxq);
    ms_free(sk);
}

/* Closing a socket an AcceptEx accepts into ends that AcceptEx at once, aborted (Wine's
 * ws2_32 tests, run on Windows, show it completing without a client); the listener keeps its
 * connections for the next accept. */
static void abort_acceptex_into(ms_world *w, ms_socket *sk) {
    ms_socket *l = sk->accepted_by ? ms_socket_get_locked(w, (SOCKET)sk->accepted_by) : NULL;
    if (!l || l->state != SK_LISTENING) return;
    for (ms_op *op = l->ops_head; op; op = op->next)
        if (op->kind == OP_ACCEPTEX && op->accept_handle == sk->handle) {
            ms_op_complete_locked(w, op, STATUS_CANCELLED, 0, 0);
            return; /* one AcceptEx at most accepts into a socket (provider/wsp_ext.c) */
        }
}

int ms_socket_close_locked(ms_world *w, ms_socket *sk) {
    ms_os_quiesce_locked(w, sk); /* os: copies run without the lock; none may outlive sk */
    if (sk->connect_pending) ms_wfp_cancel_locked(w, sk);
    if (ms_fault_on(w, MS_FAULT_NO_ABORT_ON_CLOSE)) {
        /* The fault: pending operations are forgotten, never completed. */
        for (ms_op *op = sk->ops_head; op;) {
            ms_op *n = op->next;
            ms_defer_cancel_locked(w, op);
            ms_op_free(op);
            op = n;
        }
        sk->ops_head = sk->ops_tail = NULL;
    } else {
        ms_socket_abort_ops_locked(w, sk);
    }
    abort_acceptex_into(w, sk);
    ms_handle_free_locked(w, sk->handle);
    sk->state = SK_CLOSED;
    release_socket(w, sk);
    return 0;
}

/* The last WSACleanup of a process (SDK WSACleanup: "Sockets open when WSACleanup is called
 * are reset and automatically deallocated as if closesocket was called"): its sockets are
 * closed as closesocket closes them, pending operations aborted.  The handles are gathered
 * first: a close can free other sockets' slots (a listener's backlog). */
typedef struct gathered {
    DWORD pid;
    uint64_t *h;
    size_t n, cap;
} gathered;

static void gather_of(ms_world *w, void *obj, void *arg) {
    (void)w;
    ms_socket *sk = obj;
    gathered *g = arg;
    if (sk->pid != g->pid) return;
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        uint64_t *nh = ms_realloc(g->h, cap * sizeof *nh);
        if (!nh) return; /* the ones gathered are closed; the rest stay, as after a failed close */
        g->h = nh;
        g->cap = cap;
    }
    g->h[g->n++] = sk->handle;
}

void ms_net_reset_process_locked(ms_world *w, DWORD pid) {
    gathered g = {pid, NULL, 0, 0};
    ms_handle_each_locked(w, MS_H_SOCKET, gather_of, &g);
    for (size_t i = 0; i < g.n; i++) {
        ms_socket *sk = ms_handle_get_locked(w, g.h[i], MS_H_SOCKET);
        if (!sk) continue; /* went with a socket closed before it */
        ms_watch_close_locked(w, sk);
        ms_socket_close_locked(w, sk);
    }
    ms_free(g.h);
}

/* ------------------------------------------------------------- byte queues */
int ms_bytes_put(ms_bytes *q, const WSABUF *bufs, DWORD n, size_t max) {
    size_t total = 0;
    for (DWORD i = 0; i < n; i++) total += bufs[i].len;
    if (q->len + total > max) return 1;
    if (q->len + total > q->cap) {
        size_t cap = q->cap ? q->cap : 4096;
        while (cap < q->len + total) cap *= 2;
        uint8_t *nb = ms_realloc(q->buf, cap);
        if (!nb) return -1;
        /* The part that had wrapped to the front goes after the old end: cap at least doubled,
         * so it fits, and the queue is contiguous again from head. */
        if (q->head + q->len > q->cap) memcpy(nb + q->cap, nb, q->head + q->len - q->cap);
        q->buf = nb;
        q->cap = cap;
    }
    for (DWORD i = 0; i < n; i++) {
        const uint8_t *p = (const uint8_t *)bufs[i].buf;
        for (size_t left = bufs[i].len; left;) {
            size_t tail = (q->head + q->len) & (q->cap - 1);
            size_t room = q->cap - tail < left ? q->cap - tail : left;
            memcpy(q->buf + tail, p, room);
            q->len += room;
            p += room;
            left -= room;
        }
    }
    return 0;
}

size_t ms_bytes_span(const ms_bytes *q, size_t off, const uint8_t **p) {
    if (off >= q->len) return 0;
    size_t at = (q->head + off) & (q->cap - 1);
    *p = q->buf + at;
    size_t span = q->cap - at;
    return span < q->len - off ? span : q->len - off;
}

void ms_bytes_drop(ms_bytes *q, size_t n) {
    q->len -= n;
    /* An empty queue starts over at the front, so the next bytes are one span. */
    q->head = q->len ? (q->head + n) & (q->cap - 1) : 0;
}

void ms_bytes_free(ms_bytes *q) {
    ms_free(q->buf);
    memset(q, 0, sizeof *q);
}

static void bytes_copy(const ms_bytes *q, size_t off, uint8_t *dst, size_t n) {
    while (n) {
        const uint8_t *p;
        size_t span = ms_bytes_span(q, off, &p);
        if (span > n) span = n;
        memcpy(dst, p, span);
        dst += span;
        off += span;
        n -= span;
    }
}

/* ------------------------------------------------------------- stream data */
/* What a sender may queue at its peer (sim) before it is refused: 64 MiB, unless the call is
 * nonblocking and the peer sized its receive buffer with SO_RCVBUF; then that and the sender's
 * send buffer (SO_SNDBUF, 64 KiB unless set), the room a real stack gives a flow whose program
 * sized it ("SOL_SOCKET socket options": "the total per-socket buffer space reserved").  A
 * blocking send would wait there on Windows; the model never makes it wait, so it keeps the
 * model's limit.  An empty queue takes any one send, so a send longer than the room goes through. */
static size_t stream_room(const ms_socket *sk, const ms_socket *peer, bool sized) {
    if (!sized || !peer->opt_buf_set[1]) return 64u << 20;
    if (peer->rxq.len == 0) return SIZE_MAX;
    return (size_t)peer->opt_buf[1] + (sk->opt_buf_set[0] ? sk->opt_buf[0] : MS_DEFAULT_SOCKBUF);
}

int ms_stream_send_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool sized, DWORD *done) {
    *done = 0;
    if (sk->state != SK_CONNECTED) return WSAENOTCONN;
    if (sk->shut_send) return WSAESHUTDOWN;
    ms_socket *p = sk->peer;
    if (!p) return WSAECONNRESET;
    if (sk->os) return ms_os_stream_send_locked(w, sk, bufs, n, sized, done);
    size_t total = 0;
    for (DWORD i = 0; i < n; i++) {
        if (!ms_probe_read(bufs[i].buf, bufs[i].len)) return WSAEFAULT;
        total += bufs[i].len;
    }
    int full = ms_bytes_put(&p->rxq, bufs, n, stream_room(sk, p, sized));
    if (full) {
        sk->send_full = full > 0;
        return full > 0 ? WSAEWOULDBLOCK : WSAENOBUFS;
    }
    *done = (DWORD)total;
    if (p->shut_recv && total) { /* bytes arrived where nobody may read them */
        ms_socket_refuse_data_locked(w, p);
        return 0;
    }
    ms_wake_locked(w);
    ms_socket_service_locked(w, p);
    return 0;
}

int ms_stream_recv_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool peek, DWORD *done) {
    (void)w;
    *done = 0;
    if (sk->state != SK_CONNECTED) return WSAENOTCONN;
    if (sk->reset) return WSAECONNRESET;
    if (sk->os) return ms_os_stream_recv_locked(w, sk, bufs, n, peek, done);
    if (!sk->rxlen) return sk->rx_eof ? 0 : WSA_IO_PENDING;
    size_t off = 0;
    for (DWORD i = 0; i < n && off < sk->rxlen; i++) {
        size_t take = bufs[i].len < sk->rxlen - off ? bufs[i].len : sk->rxlen - off;
        if (!ms_probe_write(bufs[i].buf, take)) return WSAEFAULT;
        bytes_copy(&sk->rxq, off, (uint8_t *)bufs[i].buf, take);
        off += take;
    }
    if (!peek) ms_bytes_drop(&sk->rxq, off);
    *done = (DWORD)off;
    if (!peek && off && sk->peer && sk->peer->send_full) { /* room again for a refused sender */
        sk->peer->send_full = false;
        ms_event_select_check_locked(w, sk->peer); /* FD_WRITE (ws2/event_select.c) */
        ms_wake_locked(w);
    }
    return 0;
}

static void note_pending(ms_world *w, void *obj, void *arg) {
    (void)w;
    if (((ms_socket *)obj)->ops_head) *(bool *)arg = true;
}

bool ms_net_pending_locked(ms_world *w) {
    bool any = false;
    ms_handle_each_locked(w, MS_H_SOCKET, note_pending, &any);
    return any;
}
