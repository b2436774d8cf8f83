/*
 * wsp_ext.c: the Microsoft extension functions a completion-port redirect service gets from
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): AcceptEx, GetAcceptExSockaddrs and
 * ConnectEx, and the two socket options that finish them, SO_UPDATE_ACCEPT_CONTEXT and
 * SO_UPDATE_CONNECT_CONTEXT (issue 13 section 3).
 *
 * Why here: they are the provider's (mswsock's) functions, reached only through the
 * extension pointer, and a vendor's proxy built against wfpcert/winsock.h must run on the
 * model exactly as it runs on Windows: the accept lands on the socket the service created,
 * the packet comes through the listener's completion port, and an accepted or connected
 * socket whose context was never updated fails where Windows fails it.
 *
 * Behaviour, from the documentation pages "AcceptEx function", "ConnectEx",
 * "GetAcceptExSockaddrs" and "SOL_SOCKET socket options" on learn.microsoft.com:
 *   AcceptEx  lpOverlapped is required; the local and remote address regions must each be at
 *             least 16 bytes more than the transport's largest address; sAcceptSocket must be
 *             a socket that is neither bound nor connected; with dwReceiveDataLength 0 the
 *             operation completes as soon as a connection arrives, otherwise when its first
 *             bytes arrive (then the count of bytes received); the completion reaches the
 *             listening socket's completion port; closing the listener aborts it.
 *   ConnectEx the socket must be bound and not connected; lpOverlapped is required; the
 *             optional send buffer goes out once the connection is up.
 *   Until SO_UPDATE_ACCEPT_CONTEXT (with the listener) or SO_UPDATE_CONNECT_CONTEXT is set,
 *             the socket "does not inherit the properties" of its listener / its earlier
 *             options: the model fails getsockname, getpeername and shutdown on it with
 *             WSAENOTCONN, as a service that skips the update finds on Windows.
 * Where the pages name no error the model follows what Wine's ws2_32 tests record of Windows
 * (facts, no code taken): NULL lpOverlapped is WSA_INVALID_PARAMETER, a NULL output buffer
 * WSAEFAULT, a remote address length of 0 WSAEFAULT, an sAcceptSocket that another AcceptEx
 * is already accepting into WSAEINVAL.  A short address length is WSAEINVAL (the model's
 * choice; Windows pends and fails the accept with ERROR_INSUFFICIENT_BUFFER).  The address
 * regions hold an int length and then the SOCKADDR; the layout is private to the provider,
 * GetAcceptExSockaddrs is the only documented reader.
 */
#include "provider.h"
#include "../kernel/heap.h"

#include <string.h>

#define ADDR_MIN(af) ((DWORD)((af) == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) + 16u)

static const GUID guid_acceptex = WSAID_ACCEPTEX;
static const GUID guid_getacceptexsockaddrs = WSAID_GETACCEPTEXSOCKADDRS;
static const GUID guid_connectex = WSAID_CONNECTEX;
static const GUID guid_disconnectex = WSAID_DISCONNECTEX;
static const GUID guid_transmitfile = WSAID_TRANSMITFILE;

static BOOL fail(int e) {
    ms_set_last_error((DWORD)e);
    return FALSE;
}

/* ---------------------------------------------------------------- AcceptEx */
static void put_addr(uint8_t *region, DWORD cap, const ms_socket *sk, const SOCKADDR_STORAGE *model) {
    SOCKADDR_STORAGE a;
    ms_socket_addr_out(sk, model, &a); /* IPv4-mapped on a dual-stack socket */
    int n = ms_addr_len(&a);
    memset(region, 0, cap);
    memcpy(region, &n, sizeof n);
    memcpy(region + sizeof n, &a, (size_t)n);
}

/* The connection sk (taken from the backlog) becomes the socket the service created: the
 * handle the service holds now names the connection, with the service socket's own
 * attributes (overlapped, completion port, process). */
static int adopt(ms_world *w, ms_socket *conn, uint64_t accept_handle) {
    ms_socket *acc = ms_socket_get_locked(w, (SOCKET)accept_handle);
    if (!acc || acc->state != SK_FRESH || acc->has_local) return -1;
    conn->handle = accept_handle;
    conn->overlapped = acc->overlapped;
    conn->nonblocking = acc->nonblocking;
    conn->iocp = acc->iocp;
    conn->iocp_key = acc->iocp_key;
    conn->notify_modes = acc->notify_modes;
    conn->pid = acc->pid;
    conn->context_unset = true;
    conn->backlog_of = NULL;
    ms_handle_replace_locked(w, accept_handle, conn);
    if (acc->os) ms_os_detach_locked(w, acc);
    ms_free(acc);
    return 0;
}

/* Is an AcceptEx of l already accepting into the socket `as`? */
static bool accepting_into(const ms_socket *l, SOCKET as) {
    for (const ms_op *op = l->ops_head; op; op = op->next)
        if (op->kind == OP_ACCEPTEX && op->accept_handle == (uint64_t)as) return true;
    return false;
}

static bool conn_ready(const ms_socket *c, DWORD recv_len) { return recv_len == 0 || ms_stream_readable(c); }

void ms_acceptex_service_locked(ms_world *w, ms_socket *l) {
    ms_event_select_check_locked(w, l); /* FD_ACCEPT (ws2/event_select.c) */
    for (ms_op *op = l->ops_head, *next; op && l->nbacklog; op = next) {
        next = op->next;
        if (op->kind != OP_ACCEPTEX) continue;
        ms_socket *conn = l->backlog[0];
        if (!conn_ready(conn, op->cbout)) return; /* connections are taken in order */
        memmove(l->backlog, l->backlog + 1, (l->nbacklog - 1) * sizeof *l->backlog);
        l->nbacklog--;
        conn->backlog_of = NULL;
        if (adopt(w, conn, op->accept_handle)) {
            /* The service closed or used its socket meanwhile: the connection goes back and
             * the operation ends as an aborted one. */
            conn->backlog_of = l;
            memmove(l->backlog + 1, l->backlog, l->nbacklog * sizeof *l->backlog);
            l->backlog[0] = conn;
            l->nbacklog++;
            ms_op_complete_locked(w, op, STATUS_CANCELLED, 0, 0);
            next = l->ops_head;
            continue;
        }
        uint8_t *out = op->out;
        DWORD got = 0, need = op->cbout + op->local_len + op->remote_len;
        NTSTATUS st = STATUS_SUCCESS;
        if (!ms_probe_write(out, need)) {
            st = STATUS_ACCESS_VIOLATION;
        } else {
            if (op->cbout) {
                WSABUF b = {op->cbout, (CHAR *)out};
                if (ms_stream_recv_locked(w, conn, &b, 1, false, &got) != 0) got = 0;
            }
            put_addr(out + op->cbout, op->local_len, conn, &conn->local);
            put_addr(out + op->cbout + op->local_len, op->remote_len, conn, &conn->remote);
        }
        ms_op_complete_locked(w, op, st, got, 0);
        next = l->ops_head; /* the list changed under us */
    }
}

static BOOL PASCAL ms_acceptex(SOCKET ls, SOCKET as, PVOID out, DWORD recv_len, DWORD local_len, DWORD remote_len,
                               LPDWORD received, LPOVERLAPPED ov) {
    if (!ov) return fail(WSA_INVALID_PARAMETER);
    if (!out) return fail(WSAEFAULT);
    if (!remote_len) return fail(WSAEFAULT);
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    ms_lock(w);
    ms_thread_self_locked(w);
    int e = 0;
    ms_socket *l = ms_socket_get_locked(w, ls), *a = ms_socket_get_locked(w, as);
    if (!l || !a)
        e = WSAENOTSOCK;
    else if (l->type != SOCK_STREAM || l->state != SK_LISTENING)
        e = WSAEINVAL;
    else if (a->type != SOCK_STREAM || a->af != l->af || a->state != SK_FRESH || a->has_local || accepting_into(l, as))
        e = WSAEINVAL;
    else if (local_len < ADDR_MIN(l->af) || remote_len < ADDR_MIN(l->af))
        e = WSAEINVAL;
    else if (!ms_probe_write(ov, sizeof *ov) || !ms_probe_write(out, (size_t)recv_len + local_len + remote_len) ||
             (received && !ms_probe_write(received, sizeof *received)))
        e = WSAEFAULT;
    if (e) {
        if (l) ms_event_select_reenable_locked(w, l, FD_ACCEPT); /* AcceptEx re-enables, even failing */
        ms_unlock(w);
        return fail(e);
    }
    ms_ov_call c = {ov, NULL, NULL, true};
    ms_op *op = ms_ov_start_locked(w, l, OP_ACCEPTEX, &c);
    if (!op) {
        ms_unlock(w);
        return fail(WSAENOBUFS);
    }
    ov->InternalHigh = 0;
    op->out = out;
    op->cbout = recv_len;
    op->local_len = local_len;
    op->remote_len = remote_len;
    op->accept_handle = (uint64_t)as;
    a->accepted_by = l->handle;
    ms_op_pend_locked(w, op);
    /* A connection already waiting (with its first bytes, when asked for) is taken now: the
     * call succeeds at once ("If no error occurs, the AcceptEx function completed successfully
     * and a value of TRUE is returned"; lpdwBytesReceived "is set only if the operation
     * completes synchronously", AcceptEx page).  The packet still follows unless the listener
     * has FILE_SKIP_COMPLETION_PORT_ON_SUCCESS. */
    ms_op_now now = {0};
    op->now = &now;
    ms_acceptex_service_locked(w, l);
    ms_event_select_reenable_locked(w, l, FD_ACCEPT);
    if (!now.done) op->now = NULL;
    ms_unlock(w);
    if (!MS_OP_NOW_SUCCESS(now)) return fail(WSA_IO_PENDING);
    if (received) *received = (DWORD)now.info;
    return TRUE;
}

static VOID PASCAL ms_getacceptexsockaddrs(PVOID out, DWORD recv_len, DWORD local_len, DWORD remote_len,
                                           struct sockaddr **local, LPINT local_n, struct sockaddr **remote,
                                           LPINT remote_n) {
    uint8_t *p = (uint8_t *)out + recv_len;
    (void)remote_len;
    memcpy(local_n, p, sizeof *local_n);
    *local = (struct sockaddr *)(p + sizeof(int));
    p += local_len;
    memcpy(remote_n, p, sizeof *remote_n);
    *remote = (struct sockaddr *)(p + sizeof(int));
}

/* --------------------------------------------------------------- ConnectEx */
/* Completes the ConnectEx of sk once its connect has settled: sends the first bytes when the
 * connection is up, then reports. */
void ms_connectex_settle_locked(ms_world *w, ms_socket *sk) {
    ms_event_select_check_locked(w, sk); /* FD_CONNECT, FD_WRITE (ws2/event_select.c) */
    for (ms_op *op = sk->ops_head; op; op = op->next) {
        if (op->kind != OP_CONNECT) continue;
        if (sk->connect_pending) return;
        NTSTATUS st = STATUS_SUCCESS;
        DWORD sent = 0;
        if (sk->state != SK_CONNECTED) {
            st = sk->connect_error == WSAECONNREFUSED ? STATUS_CONNECTION_REFUSED
                 : sk->connect_error == WSAEACCES     ? STATUS_ACCESS_DENIED
                 : sk->connect_error == WSAENOBUFS    ? STATUS_INSUFFICIENT_RESOURCES
                                                      : STATUS_INVALID_CONNECTION;
        } else {
            sk->context_unset = true;
            if (op->bufs && op->bufs[0].len && ms_stream_send_locked(w, sk, op->bufs, 1, false, &sent)) sent = 0;
        }
        ms_op_complete_locked(w, op, st, sent, 0);
        return;
    }
}

static BOOL PASCAL ms_connectex(SOCKET s, const struct sockaddr *name, int namelen, PVOID buf, DWORD len, LPDWORD sent,
                                LPOVERLAPPED ov) {
    if (!ov) return fail(WSA_INVALID_PARAMETER);
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    ms_lock(w);
    ms_thread_self_locked(w);
    int e = 0;
    SOCKADDR_STORAGE a;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk)
        e = WSAENOTSOCK;
    else if (sk->type != SOCK_STREAM)
        e = WSAEINVAL;
    else if (sk->state == SK_CONNECTED)
        e = WSAEISCONN;
    else if (sk->state == SK_CONNECTING)
        e = WSAEALREADY;
    else if (!sk->has_local || sk->state != SK_BOUND)
        e = WSAEINVAL; /* the page: "The socket ... must be bound" */
    else if (!ms_probe_write(ov, sizeof *ov) || (len && (!buf || !ms_probe_read(buf, len))) ||
             (sent && !ms_probe_write(sent, sizeof *sent)))
        e = WSAEFAULT;
    else
        e = ms_addr_from_user(name, namelen, sk->af, &a);
    if (e) {
        ms_unlock(w);
        return fail(e);
    }
    ms_ov_call c = {ov, NULL, NULL, true};
    ms_op *op = ms_ov_start_locked(w, sk, OP_CONNECT, &c);
    if (op && len) {
        op->bufs = ms_malloc(sizeof *op->bufs + len);
        if (op->bufs) {
            op->nbufs = 1;
            op->bufs[0].len = len;
            op->bufs[0].buf = (CHAR *)(op->bufs + 1);
            memcpy(op->bufs[0].buf, buf, len);
        }
    }
    if (!op || (len && !op->bufs)) {
        ms_op_free(op);
        ms_unlock(w);
        return fail(WSAENOBUFS);
    }
    ov->InternalHigh = 0;
    ms_op_pend_locked(w, op);
    ms_op_now now = {0};
    op->now = &now;
    bool was_nb = sk->nonblocking;
    sk->nonblocking = true; /* the connect must not block: a pended classify settles later */
    e = ms_socket_connect_locked(w, sk, &a);
    sk->nonblocking = was_nb;
    if (e && e != WSAEWOULDBLOCK) {
        sk->connect_error = e;
        if (sk->state == SK_CONNECTING) sk->state = SK_BOUND;
    }
    ms_connectex_settle_locked(w, sk);
    if (!now.done) op->now = NULL;
    ms_watch_connect_locked(w, sk, sk->state == SK_CONNECTED || sk->connect_pending ? 0 : sk->connect_error);
    ms_unlock(w);
    /* A connection up before the call returns is an immediate success ("On success, the
     * ConnectEx function returns TRUE", ConnectEx page): no packet with skip-on-success.
     * One a callout pended, or one refused, completes through the packet as before. */
    if (!MS_OP_NOW_SUCCESS(now)) return fail(WSA_IO_PENDING);
    if (sent) *sent = (DWORD)now.info;
    return TRUE;
}

/* ------------------------------------------------------------- DisconnectEx */
/* "DisconnectEx function" (learn.microsoft.com): closes the connection and keeps the handle;
 * dwReserved must be 0 (WSAEINVAL); with lpOverlapped NULL it returns when the disconnect is
 * done, otherwise it is an overlapped operation that completes on the socket's port.  On the
 * model the disconnect is done at once, so the call returns TRUE (and, overlapped, queues its
 * packet unless the socket skips packets on success).  TF_REUSE_SOCKET is not provided: the
 * name is not defined, so code that asks for it does not compile, and the value (2) is
 * refused with WSAEOPNOTSUPP; the socket must be closed after DisconnectEx.  Another flag is
 * WSAEINVAL, a socket that is not a connected stream WSAENOTCONN.  The connection's send side
 * is shut; receives go on, and DisconnectEx again succeeds (net/socket.c says why). */
static BOOL PASCAL ms_disconnectex(SOCKET s, LPOVERLAPPED ov, DWORD flags, DWORD reserved) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    ms_lock(w);
    ms_thread_self_locked(w);
    int e = 0;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk)
        e = WSAENOTSOCK;
    else if (reserved || (flags & ~(DWORD)0x2))
        e = WSAEINVAL;
    else if (flags)
        e = WSAEOPNOTSUPP; /* TF_REUSE_SOCKET */
    else if (sk->type != SOCK_STREAM || sk->state != SK_CONNECTED)
        e = WSAENOTCONN;
    else if (ov && !ms_probe_write(ov, sizeof *ov))
        e = WSAEFAULT;
    if (e) {
        ms_unlock(w);
        return fail(e);
    }
    ms_op *op = NULL;
    ms_op_now now = {0};
    if (ov) {
        ms_ov_call c = {ov, NULL, NULL, true};
        if (!(op = ms_ov_start_locked(w, sk, OP_DISCONNECT, &c))) {
            ms_unlock(w);
            return fail(WSAENOBUFS);
        }
        op->now = &now;
    }
    e = ms_socket_disconnect_locked(w, sk);
    if (op) ms_op_complete_locked(w, op, e ? STATUS_INVALID_CONNECTION : STATUS_SUCCESS, 0, 0);
    ms_unlock(w);
    if (e) return fail(e);
    return TRUE;
}

/* -------------------------------------------------------------- the table */
void *ms_ext_function(const void *guid) {
    if (memcmp(guid, &guid_acceptex, sizeof(GUID)) == 0) return (void *)ms_acceptex;
    if (memcmp(guid, &guid_getacceptexsockaddrs, sizeof(GUID)) == 0) return (void *)ms_getacceptexsockaddrs;
    if (memcmp(guid, &guid_connectex, sizeof(GUID)) == 0) return (void *)ms_connectex;
    if (memcmp(guid, &guid_disconnectex, sizeof(GUID)) == 0) return (void *)ms_disconnectex;
    if (memcmp(guid, &guid_transmitfile, sizeof(GUID)) == 0) return (void *)ms_transmitfile;
    return NULL;
}

/* ------------------------------------------------------- the context options */
int ms_update_context_locked(ms_world *w, ms_socket *sk, int name, const char *val, int len) {
    if (name == SO_UPDATE_CONNECT_CONTEXT) {
        if (sk->state != SK_CONNECTED) return WSAENOTCONN;
        sk->context_unset = false;
        return 0;
    }
    /* SO_UPDATE_ACCEPT_CONTEXT: the value is the listening socket. */
    SOCKET ls;
    if (!val || len < (int)sizeof ls || !ms_probe_read(val, sizeof ls)) return WSAEFAULT;
    memcpy(&ls, val, sizeof ls);
    ms_socket *l = ms_socket_get_locked(w, ls);
    if (!l) return WSAENOTSOCK;
    if (l->state != SK_LISTENING || sk->state != SK_CONNECTED) return WSAEINVAL;
    sk->context_unset = false;
    /* AcceptEx page: the socket "does not inherit the properties of the socket associated with
     * sListenSocket parameter until SO_UPDATE_ACCEPT_CONTEXT is set on the socket" */
    ms_socket_inherit(sk, l);
    ms_event_select_check_locked(w, sk);
    return 0;
}
