/*
 * io.c: finishing receives that were left pending.  When data, a datagram or the end of
 * the stream reaches a socket, its pending overlapped receives complete in the order they
 * were issued, each with the result a synchronous call would have had at that moment.
 */
#include "net.h"
#include "../kernel/heap.h"

#include <string.h>

/* A stream receive with MSG_WAITALL: "The receive request will complete only when one of the
 * following events occurs: The buffer supplied by the caller is completely full.  The
 * connection has been closed.  The request has been canceled or an error occurred" (recv and
 * WSARecv pages).  What is queued goes into bufs after the *got bytes taken before; it answers
 * WSA_IO_PENDING until the buffers are full or the stream has ended (0 then, *got all that came). */
int ms_stream_recv_all_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, DWORD *got) {
    WSABUF *rest = ms_malloc((n + 1) * sizeof *rest);
    if (!rest) return WSAENOBUFS;
    DWORD skip = *got, m = 0;
    size_t cap = 0;
    for (DWORD i = 0; i < n; i++) {
        cap += bufs[i].len;
        if (skip >= bufs[i].len) {
            skip -= bufs[i].len;
            continue;
        }
        rest[m].buf = bufs[i].buf + skip;
        rest[m++].len = bufs[i].len - skip;
        skip = 0;
    }
    rest[m] = (WSABUF){1, NULL};
    DWORD done = 0;
    int e = m ? ms_stream_recv_locked(w, sk, rest, m, false, &done) : 0;
    ms_free(rest);
    if (e) return e;
    *got += done;
    return done && *got < cap ? WSA_IO_PENDING : 0;
}

static bool try_recv(ms_world *w, ms_socket *sk, ms_op *op) {
    if (op->kind == OP_RECV && sk->type == SOCK_STREAM) {
        DWORD done = 0;
        int e = op->waitall ? ms_stream_recv_all_locked(w, sk, op->bufs, op->nbufs, &op->got)
                            : ms_stream_recv_locked(w, sk, op->bufs, op->nbufs, false, &done);
        if (op->waitall) done = op->got;
        if (e == WSA_IO_PENDING) return false;
        /* The status that maps back to the synchronous call's code (a receive started on a
         * reset connection or into a bad buffer fails at once with it, wsp_io.c). */
        NTSTATUS st = !e                 ? STATUS_SUCCESS
                      : e == WSAEFAULT   ? STATUS_ACCESS_VIOLATION
                      : e == WSAENOTCONN ? STATUS_INVALID_CONNECTION
                                         : STATUS_CONNECTION_RESET;
        ms_op_complete_locked(w, op, st, done, 0);
        return true;
    }
    if (op->kind == OP_RECV || op->kind == OP_RECVMSG) {
        if (sk->os) ms_os_dgram_pull_locked(w, sk); /* os: what the kernel has, as a receive call takes it */
        if (!sk->dq_head && !sk->udp_unreachable) return false; /* a port-unreachable report fails it */
        SOCKADDR_STORAGE from;
        memset(&from, 0, sizeof from);
        DWORD bytes = 0, flags = 0;
        ULONG used = 0;
        LPWSAMSG m = op->msg;
        NTSTATUS st = ms_dgram_recv_locked(w, sk, op->bufs, op->nbufs, &from, m ? m->Control.buf : NULL,
                                           m ? m->Control.len : 0, &used, &bytes, &flags, false);
        if (m && (MS_NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW)) { /* as the synchronous call */
            if (m->name && m->namelen >= ms_addr_len(&from)) {
                memcpy(m->name, &from, (size_t)ms_addr_len(&from));
                m->namelen = ms_addr_len(&from);
            }
            m->Control.len = used;
            m->dwFlags = flags;
        }
        if (op->from && (MS_NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW))
            ms_addr_to_user(&from, op->from, op->fromlen);
        ms_op_complete_locked(w, op, st, bytes, flags);
        return true;
    }
    return false;
}

/* On the os transport a receive copies without the world lock (transport_glue.c), so the
 * list can change under a call: after each completion it starts again from the head (the
 * receives before the completed one are done, so that is where the next one is), and a call
 * that comes in meanwhile, from the poller or another thread, only asks this one to go round
 * again.  On sim nothing lets go of the lock and the order is the same as a single walk. */
void ms_socket_service_locked(ms_world *w, ms_socket *sk) {
    ms_event_select_check_locked(w, sk); /* FD_READ, FD_CLOSE (ws2/event_select.c) */
    if (sk->backlog_of) { /* not accepted yet: its first bytes may complete an AcceptEx */
        ms_acceptex_service_locked(w, sk->backlog_of);
        return;
    }
    if (sk->servicing) {
        sk->service_again = true;
        return;
    }
    sk->servicing = true;
    do {
        sk->service_again = false;
        for (ms_op *op = sk->ops_head; op;) {
            if (op->kind != OP_RECV && op->kind != OP_RECVMSG) {
                op = op->next;
                continue;
            }
            if (!try_recv(w, sk, op)) break; /* later receives wait behind this one */
            op = sk->ops_head;
        }
    } while (sk->service_again);
    sk->servicing = false;
}
