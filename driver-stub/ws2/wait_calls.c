/*
 * wait_calls.c: the readiness and connection calls of Winsock that redirect services written
 * without completion ports use: select (with Winsock's fd_set), WSAPoll, WSAConnect and
 * WSAAccept (issue 13 section 3).
 *
 * Why a file of its own: they are built on the model's socket state (what is readable,
 * writable or failed) and its waits, not on the provider's overlapped machinery, and a
 * vendor's proxy calls them directly.  Behaviour, from learn.microsoft.com ("select",
 * "WSAPoll", "WSAConnect", "WSAAccept"):
 *   readable  a listener with a connection waiting; a stream with bytes, or whose peer
 *             closed or reset; a datagram socket with a datagram
 *   writable  a connected stream not shut down for sending; a datagram socket
 *   failed    a non-blocking connect that failed (select's exceptfds, WSAPoll's POLLERR)
 * select ignores nfds, wants at least one set (WSAEINVAL), fails a set naming something
 * that is not a socket with WSAENOTSOCK, and waits as long as its timeval says (NULL:
 * forever).  WSAPoll marks an entry that is not a socket POLLNVAL, skips negative ones,
 * refuses event bits it does not know with WSAEINVAL, and waits timeout ms (negative:
 * forever).  WSAConnect is connect without connect data or QoS (TCP/IP has neither: given,
 * WSAEOPNOTSUPP, the model's choice).  WSAAccept runs the condition function, outside the
 * model's lock, with the caller's and the callee's addresses: CF_ACCEPT accepts, CF_REJECT
 * drops the connection (WSAECONNREFUSED), CF_DEFER leaves it waiting (WSATRY_AGAIN).
 */
#include "../net/net.h"

#include <string.h>

static int fail(int e) {
    ms_set_last_error((DWORD)e);
    return SOCKET_ERROR;
}

/* ------------------------------------------------------------ readiness */
static bool readable(ms_socket *sk) {
    if (sk->state == SK_LISTENING) return sk->nbacklog > 0;
    if (sk->type == SOCK_DGRAM) return sk->dq_head != NULL || sk->udp_unreachable || ms_os_readable(sk);
    if (sk->state != SK_CONNECTED) return false;
    return ms_stream_readable(sk);
}

static bool writable(ms_socket *sk) {
    if (sk->type == SOCK_DGRAM) return sk->state != SK_CLOSED;
    return sk->state == SK_CONNECTED && !sk->shut_send && sk->peer != NULL && ms_stream_send_room(sk);
}

static bool failed(ms_socket *sk) {
    return sk->type == SOCK_STREAM && !sk->connect_pending && sk->connect_error != 0 && sk->state != SK_CONNECTED;
}

int __WSAFDIsSet(SOCKET fd, fd_set *set) {
    for (u_int i = 0; set && i < set->fd_count; i++)
        if (set->fd_array[i] == fd) return 1;
    return 0;
}

typedef struct sel {
    ms_world *w;
    fd_set *sets[3];
    fd_set out[3];
    int n;
    int error;
} sel;

/* Fills out[] with what is ready now; true when something is (or a set is bad). */
static bool select_ready(void *arg) {
    sel *s = arg;
    s->n = 0;
    for (int k = 0; k < 3; k++) {
        s->out[k].fd_count = 0;
        if (!s->sets[k]) continue;
        for (u_int i = 0; i < s->sets[k]->fd_count && i < FD_SETSIZE; i++) {
            ms_socket *sk = ms_socket_get_locked(s->w, s->sets[k]->fd_array[i]);
            if (!sk) {
                s->error = WSAENOTSOCK;
                return true;
            }
            bool r = k == 0 ? readable(sk) : k == 1 ? writable(sk) : failed(sk);
            if (r) {
                s->out[k].fd_array[s->out[k].fd_count++] = s->sets[k]->fd_array[i];
                s->n++;
            }
        }
    }
    return s->n > 0;
}

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timeval *timeout) {
    (void)nfds;
    if (!readfds && !writefds && !exceptfds) return fail(WSAEINVAL);
    sel s;
    memset(&s, 0, sizeof s);
    s.sets[0] = readfds, s.sets[1] = writefds, s.sets[2] = exceptfds;
    for (int k = 0; k < 3; k++)
        if (s.sets[k] && (!ms_probe_write(s.sets[k], sizeof(u_int)) || !ms_probe_write(s.sets[k], sizeof *s.sets[k])))
            return fail(WSAEFAULT);
    if (timeout && (timeout->tv_sec < 0 || timeout->tv_usec < 0)) return fail(WSAEINVAL);
    s.w = ms_world_winsock();
    if (!s.w) return fail(WSANOTINITIALISED);
    DWORD ms = timeout ? (DWORD)(timeout->tv_sec * 1000 + timeout->tv_usec / 1000) : INFINITE;
    ms_lock(s.w);
    ms_thread_self_locked(s.w);
    bool any = select_ready(&s) || (ms && ms_wait_until_locked(s.w, select_ready, &s, ms));
    if (!any && !s.error) select_ready(&s); /* the last look after the wait ran out */
    ms_unlock(s.w);
    if (s.error) return fail(s.error);
    if (!any && !timeout) return fail(WSAETIMEDOUT); /* forever, and nothing can make progress */
    for (int k = 0; k < 3; k++)
        if (s.sets[k]) *s.sets[k] = s.out[k];
    return s.n;
}

typedef struct pol {
    ms_world *w;
    LPWSAPOLLFD fds;
    ULONG n;
    int ready;
} pol;

static bool poll_ready(void *arg) {
    pol *p = arg;
    p->ready = 0;
    for (ULONG i = 0; i < p->n; i++) {
        WSAPOLLFD *f = &p->fds[i];
        SHORT rev = 0;
        if ((LONG_PTR)f->fd < 0) {
            f->revents = 0;
            continue;
        }
        ms_socket *sk = ms_socket_get_locked(p->w, f->fd);
        if (!sk) {
            rev = POLLNVAL;
        } else {
            if ((f->events & POLLRDNORM) && readable(sk)) rev |= POLLRDNORM;
            if ((f->events & POLLWRNORM) && writable(sk)) rev |= POLLWRNORM;
            if (sk->type == SOCK_STREAM && sk->state == SK_CONNECTED && ms_stream_ended(sk, false)) rev |= POLLHUP;
            if (failed(sk)) rev |= POLLERR;
        }
        f->revents = rev;
        if (rev) p->ready++;
    }
    return p->ready > 0;
}

int WSAPoll(LPWSAPOLLFD fds, ULONG n, INT timeout) {
    const SHORT known = POLLRDNORM | POLLRDBAND | POLLPRI | POLLWRNORM | POLLWRBAND;
    if (!n || !fds || !ms_probe_write(fds, (size_t)n * sizeof *fds)) return fail(n ? WSAEFAULT : WSAEINVAL);
    for (ULONG i = 0; i < n; i++)
        if (fds[i].events & ~known) return fail(WSAEINVAL);
    pol p = {ms_world_winsock(), fds, n, 0};
    if (!p.w) return fail(WSANOTINITIALISED);
    ms_lock(p.w);
    ms_thread_self_locked(p.w);
    bool any = poll_ready(&p) ||
               (timeout != 0 && ms_wait_until_locked(p.w, poll_ready, &p, timeout < 0 ? INFINITE : (DWORD)timeout));
    if (!any) poll_ready(&p);
    ms_unlock(p.w);
    if (!any && timeout < 0) return fail(WSAETIMEDOUT);
    return p.ready;
}

/* ----------------------------------------------------- WSAConnect, WSAAccept */
int WSAConnect(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF caller, LPWSABUF callee, LPQOS sqos,
               LPQOS gqos) {
    if (sqos || gqos || (caller && caller->len)) return fail(WSAEOPNOTSUPP);
    if (callee) callee->len = 0; /* no connect data comes back on TCP/IP */
    return connect(s, name, namelen);
}

static bool backlog_waiting(void *arg) { return ((ms_socket *)arg)->nbacklog > 0; }

SOCKET WSAAccept(SOCKET s, struct sockaddr *addr, LPINT addrlen, LPCONDITIONPROC cond, DWORD_PTR data) {
    if (!cond) return accept(s, addr, addrlen);
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED), INVALID_SOCKET;
    ms_lock(w);
    ms_thread_self_locked(w);
    ms_socket *l = ms_socket_get_locked(w, s);
    int e = !l ? WSAENOTSOCK : l->state != SK_LISTENING ? WSAEINVAL : 0;
    if (!e && !l->nbacklog && (l->nonblocking || !ms_wait_until_locked(w, backlog_waiting, l, INFINITE)))
        e = l->nonblocking ? WSAEWOULDBLOCK : WSAETIMEDOUT;
    SOCKADDR_STORAGE caller, callee;
    if (!e) {
        ms_socket_addr_out(l, &l->backlog[0]->remote, &caller); /* IPv4-mapped on a dual-stack listener */
        ms_socket_addr_out(l, &l->backlog[0]->local, &callee);
    }
    if (e && l) ms_event_select_reenable_locked(w, l, FD_ACCEPT); /* a failed call re-enables too */
    ms_unlock(w);
    if (e) return fail(e), INVALID_SOCKET;
    WSABUF caller_id = {(ULONG)ms_addr_len(&caller), (CHAR *)&caller};
    WSABUF callee_id = {(ULONG)ms_addr_len(&callee), (CHAR *)&callee};
    GROUP g = 0;
    int verdict = cond(&caller_id, NULL, NULL, NULL, &callee_id, NULL, &g, data);
    if (verdict == CF_ACCEPT) return accept(s, addr, addrlen);
    if (verdict == CF_DEFER) return fail(WSATRY_AGAIN), INVALID_SOCKET;
    if (verdict != CF_REJECT) return fail(WSAEINVAL), INVALID_SOCKET;
    ms_lock(w);
    l = ms_socket_get_locked(w, s);
    ms_socket *c = NULL;
    if (l && ms_socket_accept_locked(w, l, &c) == 0) ms_socket_close_locked(w, c);
    if (l) ms_event_select_reenable_locked(w, l, FD_ACCEPT);
    ms_unlock(w);
    return fail(WSAECONNREFUSED), INVALID_SOCKET;
}
