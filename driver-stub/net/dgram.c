/*
 * dgram.c: UDP on the sim transport, and the redirect control messages.
 *
 * A UDP flow classifies at ALE_CONNECT_REDIRECT on its first datagram to a destination.
 * When a callout redirects it, only that flow-creating datagram carries the flow's records
 * and context to the proxy, as IP_WFP_REDIRECT_RECORDS (60) and IP_WFP_REDIRECT_CONTEXT (70)
 * control messages, and only if the proxy socket asked for them with setsockopt
 * (SEMANTICS 2, A60, A61).  Truncation follows what Windows showed for IP_PKTINFO (A63..A65):
 * a control buffer too small gives STATUS_BUFFER_OVERFLOW with MSG_CTRUNC.
 */
#include "net.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>

static ms_udp_route *route_find(ms_socket *sk, const SOCKADDR_STORAGE *to) {
    for (ms_udp_route *r = sk->routes; r; r = r->next)
        if (ms_addr_equal(&r->original, to)) return r;
    return NULL;
}

static bool is_loopback(const SOCKADDR_STORAGE *a) {
    if (a->ss_family == AF_INET) return (ntohl(((const SOCKADDR_IN *)a)->sin_addr.s_addr) >> 24) == 127;
    SOCKADDR_STORAGE one;
    ms_addr_loopback(AF_INET6, ms_addr_port(a), &one);
    return ms_addr_equal(a, &one);
}

static void deliver(ms_world *w, ms_socket *from, ms_udp_route *r, const uint8_t *data, size_t len) {
    ms_socket *to = ms_dgram_find_bound_locked(w, &r->actual); /* socket.c's port index */
    if (!to && is_loopback(&r->actual) && !from->udp_connreset_off) {
        /* The host answers a datagram to a port nobody holds with ICMP port unreachable, which
         * the next receive reports: recvfrom page, "WSAECONNRESET ... On a UDP-datagram
         * socket this error indicates a previous send operation resulted in an ICMP Port
         * Unreachable message" (unless SIO_UDP_CONNRESET turned it off).  Only loopback: the
         * model knows no other host to answer. */
        from->udp_unreachable = true;
        ms_wake_locked(w);
        ms_socket_service_locked(w, from);
        return;
    }
    if (!to || to->dq_count >= 4096) return; /* UDP: nobody listening, or full: dropped */
    ms_dgram *d = ms_calloc(1, sizeof *d);
    if (!d) return;
    d->data = ms_malloc(len ? len : 1);
    if (!d->data) {
        ms_free(d);
        return;
    }
    if (len) memcpy(d->data, data, len);
    d->len = len;
    d->from = from->local;
    /* A sender bound to the wildcard address sends from a real one (the receiver never sees
     * 0.0.0.0 or ::), though its own getsockname stays the wildcard until it connects. */
    if (ms_addr_is_any(&from->local))
        ms_net_source_address(r->original.ss_family, &r->original, ms_addr_port(&from->local), &d->from);
    if (r->flow) {
        d->first_of_flow = !r->flow_sent || ms_fault_on(w, MS_FAULT_CMSG_EVERY_DATAGRAM);
        r->flow_sent = true;
        ms_flow_ref(r->flow);
        d->flow = r->flow;
    }
    if (to->os && ms_os_dgram_send_locked(w, from, to, d)) return; /* os: through the kernel */
    if (to->dq_tail)
        to->dq_tail->next = d;
    else
        to->dq_head = d;
    to->dq_tail = d;
    to->dq_count++;
    ms_wake_locked(w);
    ms_socket_service_locked(w, to);
}

static void free_held(ms_udp_route *r) {
    for (ms_udp_held *h = r->held_head, *n; h; h = n) {
        n = h->next;
        ms_free(h->data);
        ms_free(h);
    }
    r->held_head = r->held_tail = NULL;
}

void ms_udp_route_free_locked(ms_world *w, ms_udp_route *r) {
    if (r->pending) ms_wfp_cancel_locked(w, r);
    free_held(r);
    if (r->flow) ms_flow_unref_locked(w, r->flow);
    ms_free(r);
}

/* Keeps a datagram of a flow whose classify is pended (the copy is the route's). */
static int hold(ms_udp_route *r, uint8_t *flat, size_t len) {
    ms_udp_held *h = ms_calloc(1, sizeof *h);
    if (!h) return WSAENOBUFS;
    h->data = flat;
    h->len = len;
    if (r->held_tail)
        r->held_tail->next = h;
    else
        r->held_head = h;
    r->held_tail = h;
    return 0;
}

/* The pended classify of a route completed: its datagrams go where the callout decided, in
 * the order they were sent, or nowhere if it blocked the flow. */
static void route_done(ms_world *w, void *cookie, const ms_connect_res *res) {
    ms_udp_route *r = cookie;
    r->pending = false;
    r->blocked = res->status != STATUS_SUCCESS;
    if (!r->blocked) r->actual = res->remote;
    if (r->blocked && res->flow)
        ms_flow_unref_locked(w, res->flow);
    else
        r->flow = res->flow;
    for (ms_udp_held *h = r->held_head; h && !r->blocked; h = h->next) deliver(w, r->owner, r, h->data, h->len);
    free_held(r);
}

int ms_dgram_send_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, const SOCKADDR_STORAGE *to,
                         const uint8_t *records, size_t records_len, DWORD *done) {
    *done = 0;
    SOCKADDR_STORAGE dest;
    if (!to) {
        if (!sk->has_remote) return WSAENOTCONN;
        to = &sk->remote;
    } else {
        dest = *to;
        int e = ms_socket_addr_in(sk, &dest); /* an IPv4-mapped destination of a dual-stack socket */
        if (e) return e;
        to = &dest;
    }
    size_t total = 0;
    for (DWORD i = 0; i < n; i++) {
        if (!ms_probe_read(bufs[i].buf, bufs[i].len)) return WSAEFAULT;
        total += bufs[i].len;
    }
    if (total > 65507) return WSAEMSGSIZE;
    if (!sk->has_local) {
        SOCKADDR_STORAGE any;
        memset(&any, 0, sizeof any);
        any.ss_family = (ADDRESS_FAMILY)sk->af;
        int e = ms_socket_bind_locked(w, sk, &any);
        if (e) return e;
    }
    uint8_t *flat = ms_malloc(total ? total : 1);
    if (!flat) return WSAENOBUFS;
    size_t off = 0;
    for (DWORD i = 0; i < n; i++) {
        if (bufs[i].len) memcpy(flat + off, bufs[i].buf, bufs[i].len);
        off += bufs[i].len;
    }
    ms_udp_route *r = route_find(sk, to);
    if (!r) {
        r = ms_calloc(1, sizeof *r);
        if (!r) {
            ms_free(flat);
            return WSAENOBUFS;
        }
        r->original = *to;
        const uint8_t *rec = records ? records : sk->set_records;
        size_t rec_len = records ? records_len : sk->set_records_len;
        ms_connect_req req = {.af = to->ss_family,
                              .proto = IPPROTO_UDP,
                              .local = sk->local,
                              .remote = *to,
                              .pid = sk->pid,
                              .set_records = rec,
                              .set_records_len = rec_len,
                              .endpoint = sk->handle};
        req.app_id = ms_process_app_id(ms_net_processes(w), sk->pid, &req.app_id_len);
        ms_connect_res res;
        memset(&res, 0, sizeof res);
        r->owner = sk;
        NTSTATUS st = ms_wfp_connect_locked(w, &req, &res, route_done, r);
        if (st == STATUS_INSUFFICIENT_RESOURCES) { /* no route is kept: the next datagram tries again */
            if (res.flow) ms_flow_unref_locked(w, res.flow);
            ms_free(r);
            ms_free(flat);
            return WSAENOBUFS;
        }
        r->next = sk->routes;
        sk->routes = r;
        r->pending = st == STATUS_PENDING;
        r->actual = st == STATUS_SUCCESS ? res.remote : *to;
        r->flow = res.flow;
        r->blocked = st != STATUS_SUCCESS && st != STATUS_PENDING;
    }
    if (r->pending) { /* held until the callout completes the classify, as the stack holds it */
        int e = hold(r, flat, total);
        if (e) ms_free(flat);
        if (!e) *done = (DWORD)total;
        return e;
    }
    if (!r->blocked) deliver(w, sk, r, flat, total);
    ms_free(flat);
    if (r->blocked) return WSAEACCES;
    *done = (DWORD)total;
    return 0;
}

/* Writes one control message if it fits; returns the space it takes (0 when it does not). */
static size_t put_cmsg(ms_world *w, uint8_t *ctl, size_t cap, size_t at, int level, int type, const void *data,
                       size_t len, bool *truncated) {
    size_t space = WSA_CMSG_SPACE(len);
    if (at + space > cap && !ms_fault_on(w, MS_FAULT_CMSG_OVERRUN)) {
        *truncated = true;
        return 0;
    }
    WSACMSGHDR h;
    h.cmsg_len = ms_fault_on(w, MS_FAULT_CMSG_LEN_WRONG) ? space : WSA_CMSG_LEN(len);
    h.cmsg_level = level;
    h.cmsg_type = type;
    memcpy(ctl + at, &h, sizeof h);
    memcpy(ctl + at + WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)), data, len);
    if (at + space > cap) *truncated = true; /* the overrun fault wrote past the buffer anyway */
    return space;
}

NTSTATUS ms_dgram_recv_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, SOCKADDR_STORAGE *from,
                              void *control, ULONG control_len, ULONG *control_used, DWORD *bytes, DWORD *flags,
                              bool peek) {
    *bytes = 0;
    *flags = 0;
    if (control_used) *control_used = 0;
    if (sk->os) ms_os_dgram_pull_locked(w, sk); /* os: what the kernel has, into the queue */
    if (sk->udp_unreachable) { /* deliver() above: reported once; lpFrom is left as it was, as for any
                                  receive that fails (M.recvfrom.connreset-from) */
        if (!peek) sk->udp_unreachable = false;
        return STATUS_CONNECTION_RESET;
    }
    ms_dgram *d = sk->dq_head;
    if (!d) return STATUS_DEVICE_NOT_READY;
    size_t off = 0;
    for (DWORD i = 0; i < n && off < d->len; i++) {
        size_t take = bufs[i].len < d->len - off ? bufs[i].len : d->len - off;
        if (!ms_probe_write(bufs[i].buf, take)) return STATUS_ACCESS_VIOLATION;
        memcpy(bufs[i].buf, d->data + off, take);
        off += take;
    }
    if (off < d->len) *flags |= MSG_TRUNC;
    if (from) ms_socket_addr_out(sk, &d->from, from); /* IPv4-mapped on a dual-stack socket */
    if (d->first_of_flow && d->flow && (sk->opt_wfp_records || sk->opt_wfp_context)) {
        /* by the datagram's family: a dual-stack socket gets an IPv4 flow's at IPPROTO_IP.  No
         * page says so; it is why a dual-stack receiver turns the options on at both levels
         * (EBPF's socket_helper.cpp, C7), and programs read the records by cmsg_type. */
        int level = d->from.ss_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
        size_t rlen = 0, clen = 0;
        const uint8_t *rec = ms_flow_records(d->flow, &rlen);
        const void *ctx = ms_flow_context(d->flow, &clen);
        size_t need = (sk->opt_wfp_records && rec ? WSA_CMSG_SPACE(rlen) : 0) +
                      (sk->opt_wfp_context && ctx ? WSA_CMSG_SPACE(clen) : 0);
        if (need && !ms_probe_write(control, control_len)) return STATUS_ACCESS_VIOLATION;
        bool trunc = false;
        size_t at = 0, put_rec = 0, put_ctx = 0;
        if (sk->opt_wfp_records && rec)
            at += put_rec = put_cmsg(w, control, control_len, at, level, IP_WFP_REDIRECT_RECORDS, rec, rlen, &trunc);
        if (sk->opt_wfp_context && ctx)
            at += put_ctx = put_cmsg(w, control, control_len, at, level, IP_WFP_REDIRECT_CONTEXT, ctx, clen, &trunc);
        if (trunc) *flags |= MSG_CTRUNC;
        if (control_used) *control_used = (ULONG)(at > control_len ? control_len : at);
        /* The suite's observer of a vendor's proxy: what this receive handed over (the flow's
         * own bytes, copied whole, or nothing when they did not fit). */
        if (put_rec && !peek) ms_watch_dgram_locked(w, sk, MS_WATCH_RECV_RECORDS, 0, rec, rlen, &d->from, 1);
        if (put_ctx && !peek) ms_watch_dgram_locked(w, sk, MS_WATCH_RECV_CONTEXT, 0, ctx, clen, &d->from, 1);
    }
    *bytes = (DWORD)off;
    if (!peek) {
        sk->dq_head = d->next;
        if (!sk->dq_head) sk->dq_tail = NULL;
        sk->dq_count--;
        if (d->flow) ms_flow_unref_locked(w, d->flow);
        ms_free(d->data);
        ms_free(d);
    }
    /* SEMANTICS A63/A64: the byte count is the datagram's length even when truncated. */
    return (*flags & (MSG_TRUNC | MSG_CTRUNC)) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
