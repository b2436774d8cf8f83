/*
 * wsp_io.c: the provider's data calls (WSPRecv, WSPRecvFrom, WSPSend, WSPSendTo, WSPRecvMsg,
 * WSPSendMsg), WSPGetOverlappedResult and WSPCloseSocket, and the WSARecvMsg/WSASendMsg
 * extension functions an application gets from SIO_GET_EXTENSION_FUNCTION_POINTER.
 *
 * The message calls carry the UDP half of the redirect contract: control buffers are
 * checked as SDK-RECVMSG/SDK-SENDMSG say (Control.buf NULL with a length is WSAEFAULT,
 * A66/A67), received redirect records arrive as control messages with MSG_CTRUNC
 * truncation (A60..A65), and records sent with WSASendMsg go with the flow's first datagram.
 */
#include "provider.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>

/* The caller's WSABUF array, copied, with one entry more that no transfer can pass (a NULL
 * buffer of one byte): code that walks one past the array fails its probe at once instead
 * of reading whatever follows on the heap, which only ASan would notice. */
static WSABUF *copy_bufs(const WSABUF *b, DWORD n, int *e) {
    *e = 0;
    if (n > 0 && (!b || n > 1024 || !ms_probe_read(b, n * sizeof *b))) {
        *e = WSAEFAULT;
        return NULL;
    }
    WSABUF *c = ms_malloc((n + 1) * sizeof *c);
    if (!c) {
        *e = WSAENOBUFS;
        return NULL;
    }
    if (n > 0) memcpy(c, b, n * sizeof *c);
    c[n] = (WSABUF){1, NULL};
    return c;
}

static int finish(ms_world *w, LPINT err, int e) {
    if (e) ms_provider_error(w, err, e);
    ms_unlock(w);
    return e ? SOCKET_ERROR : 0;
}

/* How every receive call ends, whatever its outcome: a receive is FD_READ's and FD_OOB's
 * re-enabling call, "even one that fails" (WSAEventSelect page), so they are recorded again if
 * bytes still wait once it is done. */
static int finish_recv(ms_world *w, ms_socket *sk, LPINT err, int e) {
    ms_event_select_reenable_locked(w, sk, FD_READ | FD_OOB);
    return finish(w, err, e);
}

/* A receive that cannot finish now: pend it (overlapped) or wait for it (blocking). */
static bool recv_settled(void *arg) { return ms_socket_recv_ready(arg); }

/* WSARecvFrom's lpFrom and lpFromlen, checked when the call starts (SDK WSARecvFrom: WSAEFAULT
 * for an lpFromlen that is not valid or an lpFrom too small for the peer address).  Every
 * datagram of the socket comes from an address of its family, so the model knows at once
 * whether one will fit; a connection-oriented socket ignores both (SDK). */
static int check_from(const ms_socket *sk, struct sockaddr *from, LPINT fromlen) {
    if (!from || sk->type == SOCK_STREAM) return 0;
    if (!fromlen || !ms_probe_write(fromlen, sizeof *fromlen)) return WSAEFAULT;
    int need = sk->af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
    if (*fromlen < need || !ms_probe_write(from, (size_t)*fromlen)) return WSAEFAULT;
    return 0;
}

/* An overlapped receive just queued: what is already there may complete it now (it is the
 * first receive waiting and data, a datagram or the stream's end is queued).  Then the call
 * succeeds at once, as WSARecv's page says ("If no error occurs and the receive operation has
 * completed immediately, WSARecv returns zero"), with the count and flags written; the packet
 * or routine still follows, except the packet on a FILE_SKIP_COMPLETION_PORT_ON_SUCCESS
 * socket.  A receive that fails at once (a reset or aborted connection) fails the call with
 * its code and completes nothing: WSARecv's page, "any other error code indicates that the
 * overlapped operation was not successfully initiated and no completion indication will
 * occur".  A warning (a datagram cut short, WSAEMSGSIZE) reports WSA_IO_PENDING and completes
 * through its notification, as does a receive that has to wait. */
static int recv_started(ms_world *w, ms_socket *sk, ms_op *op, LPDWORD bytes, LPDWORD flags) {
    ms_op_now now = {.fails_at_once = true};
    op->now = &now;
    ms_socket_service_locked(w, sk);
    if (!now.done) {
        op->now = NULL; /* still pending: a later completion is not this call's */
        return WSA_IO_PENDING;
    }
    if (MS_NT_ERROR(now.status)) return ms_status_to_wsa(ms_net_views(w), now.status);
    if (!MS_OP_NOW_SUCCESS(now)) return WSA_IO_PENDING;
    if (bytes && ms_probe_write(bytes, sizeof *bytes)) *bytes = (DWORD)now.info;
    if (flags && ms_probe_write(flags, sizeof *flags)) *flags = now.flags;
    return 0;
}

/* WSPRecvFrom; WSPRecv is the same call without lpFrom. */
int WSAAPI ms_wsp_recvfrom(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD bytes, LPDWORD flags, struct sockaddr *from,
                           LPINT fromlen, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid,
                           LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) return finish(w, err, WSAENOTSOCK);
    ms_ov_call c = {ov, cr, tid, false};
    int e = ms_ov_check(w, sk, &c);
    if (e) return finish_recv(w, sk, err, e);
    /* lpNumberOfBytesRecvd: the pages ask for NULL when overlapped "to avoid potentially
     * erroneous results" but forbid it nowhere, and callers pass NULL to a blocking WSARecv;
     * wine 8.0 takes the bytes then, and the model does the same (M.WSARecvFrom.null-count).
     * One outside the address space is WSAEFAULT (WSARecvFrom page). */
    if (!c.overlapped && bytes && !ms_probe_write(bytes, sizeof *bytes)) return finish_recv(w, sk, err, WSAEFAULT);
    /* lpFlags is read and written in every mode: WSARecvFrom's page lists it among the
     * parameters whose bad address gives WSAEFAULT. */
    if (!flags || !ms_probe_write(flags, sizeof *flags)) return finish_recv(w, sk, err, WSAEFAULT);
    if ((e = check_from(sk, from, fromlen))) return finish_recv(w, sk, err, e);
    if (sk->type == SOCK_DGRAM && !sk->has_local) return finish_recv(w, sk, err, WSAEINVAL); /* not bound (SDK) */
    if (sk->shut_recv) return finish_recv(w, sk, err, WSAESHUTDOWN); /* recv, WSARecv pages */
    /* MSG_WAITALL (WSARecv page): "if the underlying transport provider does not support
     * MSG_WAITALL, or if the socket is in a non-blocking mode, then this call will fail with
     * WSAEOPNOTSUPP.  Also, if MSG_WAITALL is specified along with MSG_OOB, MSG_PEEK, or
     * MSG_PARTIAL ... This flag is not supported on datagram sockets" */
    bool waitall = (*flags & MSG_WAITALL) != 0;
    if (waitall && (sk->type != SOCK_STREAM || sk->nonblocking || (*flags & (MSG_OOB | MSG_PEEK | MSG_PARTIAL))))
        return finish_recv(w, sk, err, WSAEOPNOTSUPP);
    if (sk->type == SOCK_STREAM) from = NULL;
    WSABUF *copy = copy_bufs(bufs, n, &e);
    if (!copy) return finish_recv(w, sk, err, e);
    if (c.overlapped) {
        ms_op *op = ms_ov_start_locked(w, sk, OP_RECV, &c);
        if (!op) {
            ms_free(copy);
            return finish_recv(w, sk, err, WSAENOBUFS);
        }
        op->bufs = copy;
        op->nbufs = n;
        op->waitall = waitall;
        op->from = from; /* written when the datagram comes, as lpFrom's page says */
        op->fromlen = fromlen;
        /* lpFlags is not kept: a call that pends never updates it later (SDK WSARecv: the
         * flags come through WSAGetOverlappedResult or the completion routine), and callers
         * commonly pass a variable that is gone by the time the receive completes. */
        ms_op_pend_locked(w, op);
        return finish_recv(w, sk, err, recv_started(w, sk, op, bytes, flags));
    }
    DWORD got = 0; /* MSG_WAITALL: taken by the rounds before */
    for (;;) {
        DWORD done = 0, fl = 0;
        if (sk->type == SOCK_STREAM && waitall) {
            e = ms_stream_recv_all_locked(w, sk, copy, n, &got);
            done = got;
        } else if (sk->type == SOCK_STREAM) {
            e = ms_stream_recv_locked(w, sk, copy, n, flags && (*flags & MSG_PEEK), &done);
        } else {
            SOCKADDR_STORAGE src;
            NTSTATUS st =
                ms_dgram_recv_locked(w, sk, copy, n, &src, NULL, 0, NULL, &done, &fl, flags && (*flags & MSG_PEEK));
            e = st == STATUS_DEVICE_NOT_READY ? WSA_IO_PENDING : ms_status_to_wsa(ms_net_views(w), st);
            if (from && (MS_NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW)) ms_addr_to_user(&src, from, fromlen);
        }
        if (e != WSA_IO_PENDING) {
            if (bytes) *bytes = done;
            if (flags) *flags = fl;
            break;
        }
        if (sk->nonblocking) {
            e = WSAEWOULDBLOCK;
            break;
        }
        /* SO_RCVTIMEO ("SOL_SOCKET socket options": a blocking receive that times out fails
         * with WSAETIMEDOUT, recv page too); a wait that virtual time cannot end fails so too. */
        if (!ms_wait_until_locked(w, recv_settled, sk, ms_socket_recv_timeout(sk))) {
            e = WSAETIMEDOUT;
            break;
        }
    }
    ms_free(copy);
    return finish_recv(w, sk, err, e);
}

int WSAAPI ms_wsp_recv(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD bytes, LPDWORD flags, LPWSAOVERLAPPED ov,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    return ms_wsp_recvfrom(s, bufs, n, bytes, flags, NULL, NULL, ov, cr, tid, err);
}

/* What WSPSend, WSPSendTo and WSPSendMsg share once their own checks passed: the transfer
 * (to dest, or a datagram socket's connected peer), lpNumberOfBytesSent, and for an
 * overlapped call the completion, which goes out although the send finished at once (A21). */
static int send_now(ms_world *w, ms_socket *sk, LPINT err, const ms_ov_call *c, const WSABUF *bufs, DWORD n,
                    LPDWORD bytes, const SOCKADDR_STORAGE *dest, const uint8_t *rec, size_t rec_len) {
    int e;
    WSABUF *copy = copy_bufs(bufs, n, &e);
    if (!copy) return finish(w, err, e);
    DWORD done = 0;
    e = sk->type == SOCK_STREAM ? ms_stream_send_locked(w, sk, copy, n, !c->overlapped && sk->nonblocking, &done)
                                : ms_dgram_send_locked(w, sk, copy, n, dest, rec, rec_len, &done);
    ms_free(copy);
    /* No room (the reader has not taken enough): send page, "If no buffer space is available
     * within the transport system to hold the data to be transmitted, send will block unless
     * the socket has been placed in nonblocking mode", WSAEWOULDBLOCK there; FD_WRITE comes
     * again once there is room (WSAEventSelect page).  A blocking or overlapped send answers
     * WSAENOBUFS, which the send and WSASend pages also list: the model neither blocks a
     * sender nor pends a send (its choice, so no caller waits on a reader that never comes). */
    if (e == WSAEWOULDBLOCK) {
        sk->es_reported &= ~FD_WRITE;
        if (c->overlapped || !sk->nonblocking) e = WSAENOBUFS;
    }
    if (rec) ms_watch_dgram_locked(w, sk, MS_WATCH_SEND_RECORDS, e, rec, rec_len, dest, 0);
    if (e) return finish(w, err, e);
    if (bytes && ms_probe_write(bytes, sizeof *bytes)) *bytes = done;
    if (c->overlapped) {
        ms_op *op = ms_ov_start_locked(w, sk, OP_SEND, c);
        ms_op_now now = {0};
        if (op) op->now = &now; /* returns 0: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS applies */
        if (op) ms_op_complete_locked(w, op, STATUS_SUCCESS, done, 0);
    }
    return finish(w, err, 0);
}

/* WSPSendTo; WSPSend is the same call without lpTo.  A connection-oriented socket ignores
 * lpTo and iTolen (SDK WSASendTo). */
int WSAAPI ms_wsp_sendto(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD bytes, DWORD flags, const struct sockaddr *to,
                         int tolen, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid,
                         LPINT err) {
    (void)flags;
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) return finish(w, err, WSAENOTSOCK);
    ms_ov_call c = {ov, cr, tid, false};
    int e = ms_ov_check(w, sk, &c);
    if (e) return finish(w, err, e);
    if (!c.overlapped && (!bytes || !ms_probe_write(bytes, sizeof *bytes))) return finish(w, err, WSAEFAULT);
    SOCKADDR_STORAGE a;
    if (to && sk->type != SOCK_STREAM && (e = ms_addr_from_user(to, tolen, sk->af, &a))) return finish(w, err, e);
    return send_now(w, sk, err, &c, bufs, n, bytes, to && sk->type != SOCK_STREAM ? &a : NULL, NULL, 0);
}

int WSAAPI ms_wsp_send(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD bytes, DWORD flags, LPWSAOVERLAPPED ov,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    return ms_wsp_sendto(s, bufs, n, bytes, flags, NULL, 0, ov, cr, tid, err);
}

/* ------------------------------------------------------------- messages */
static int check_msg(LPWSAMSG msg, bool receive) {
    if (!msg || !ms_probe_write(msg, sizeof *msg)) return WSAEFAULT; /* A66 */
    if (!msg->Control.buf && msg->Control.len) return WSAEFAULT; /* A66, A67 */
    if (msg->Control.len && !(receive ? ms_probe_write(msg->Control.buf, msg->Control.len)
                                      : ms_probe_read(msg->Control.buf, msg->Control.len)))
        return WSAEFAULT;
    if (!msg->name && msg->namelen) return WSAEFAULT; /* SDK-SENDMSG and SDK-RECVMSG alike */
    if (receive && msg->name && (msg->namelen < 0 || !ms_probe_write(msg->name, (size_t)msg->namelen)))
        return WSAEFAULT;
    return 0;
}

int ms_wsp_recvmsg(SOCKET s, LPWSAMSG msg, LPDWORD bytes, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr,
                   LPWSATHREADID tid, LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) return finish(w, err, WSAENOTSOCK);
    int e = check_msg(msg, true);
    if (e) return finish_recv(w, sk, err, e);
    if (sk->type != SOCK_DGRAM) return finish_recv(w, sk, err, WSAEOPNOTSUPP); /* A68 [U] */
    if (!sk->has_local) return finish_recv(w, sk, err, WSAEINVAL);
    if (sk->shut_recv) return finish_recv(w, sk, err, WSAESHUTDOWN); /* WSARecvMsg page */
    ms_ov_call c = {ov, cr, tid, false};
    if ((e = ms_ov_check(w, sk, &c))) return finish_recv(w, sk, err, e);
    /* lpdwNumberOfBytesRecvd may be NULL only for an overlapped call (SDK-RECVMSG). */
    if (!c.overlapped && (!bytes || !ms_probe_write(bytes, sizeof *bytes))) return finish_recv(w, sk, err, WSAEFAULT);
    WSABUF *copy = copy_bufs(msg->lpBuffers, msg->dwBufferCount, &e);
    if (!copy) return finish_recv(w, sk, err, e);
    if (c.overlapped) {
        ms_op *op = ms_ov_start_locked(w, sk, OP_RECVMSG, &c);
        if (!op) {
            ms_free(copy);
            return finish_recv(w, sk, err, WSAENOBUFS);
        }
        op->bufs = copy;
        op->nbufs = msg->dwBufferCount;
        op->msg = msg;
        ms_op_pend_locked(w, op);
        return finish_recv(w, sk, err, recv_started(w, sk, op, bytes, NULL));
    }
    NTSTATUS st;
    for (;;) {
        SOCKADDR_STORAGE from;
        memset(&from, 0, sizeof from);
        DWORD done = 0, fl = 0;
        ULONG used = 0;
        st = ms_dgram_recv_locked(w, sk, copy, msg->dwBufferCount, &from, msg->Control.buf, msg->Control.len, &used,
                                  &done, &fl, false);
        if (st != STATUS_DEVICE_NOT_READY) {
            /* Out-values only for a datagram delivered, whole or truncated (A63); a call that
             * failed (a buffer it cannot write) leaves them as they were. */
            if (MS_NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW) {
                if (msg->name && msg->namelen >= ms_addr_len(&from)) {
                    memcpy(msg->name, &from, (size_t)ms_addr_len(&from));
                    msg->namelen = ms_addr_len(&from);
                }
                msg->Control.len = used; /* A65 */
                msg->dwFlags = fl;
                *bytes = done; /* A63: the datagram's length even when truncated */
            }
            break;
        }
        if (sk->nonblocking) {
            ms_free(copy);
            return finish_recv(w, sk, err, WSAEWOULDBLOCK);
        }
        if (!ms_wait_until_locked(w, recv_settled, sk, ms_socket_recv_timeout(sk))) {
            ms_free(copy);
            return finish_recv(w, sk, err, WSAETIMEDOUT);
        }
    }
    ms_free(copy);
    return finish_recv(w, sk, err, ms_status_to_wsa(ms_net_views(w), st));
}

/* Finds the redirect records among the control messages, walking them defensively: the
 * SDK's WSA_CMSG_NXTHDR makes no progress on cmsg_len 0 and never checks the next header's
 * length (SEMANTICS 2, A12, A13). */
static int find_records(const WSAMSG *msg, const uint8_t **rec, size_t *len) {
    *rec = NULL;
    *len = 0;
    const uint8_t *buf = (const uint8_t *)msg->Control.buf;
    size_t cap = msg->Control.len, at = 0;
    const size_t hdr = WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR));
    while (cap - at >= sizeof(WSACMSGHDR)) {
        WSACMSGHDR h;
        memcpy(&h, buf + at, sizeof h);
        if (h.cmsg_len < hdr || h.cmsg_len > cap - at) return WSAEINVAL;
        if ((h.cmsg_level == IPPROTO_IP || h.cmsg_level == IPPROTO_IPV6) && h.cmsg_type == IP_WFP_REDIRECT_RECORDS) {
            if (*rec) return WSAEINVAL; /* two record blobs for one datagram */
            *rec = buf + at + hdr;
            *len = h.cmsg_len - hdr;
        }
        size_t step = WSA_CMSGHDR_ALIGN(h.cmsg_len);
        if (step > cap - at) break;
        at += step;
    }
    return 0;
}

int ms_wsp_sendmsg(SOCKET s, LPWSAMSG msg, DWORD flags, LPDWORD bytes, LPWSAOVERLAPPED ov,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) return finish(w, err, WSAENOTSOCK);
    int e = check_msg(msg, false);
    if (e) return finish(w, err, e);
    if (sk->type != SOCK_DGRAM) return finish(w, err, WSAEOPNOTSUPP); /* A68 [U] */
    if (flags & ~(DWORD)(MSG_DONTROUTE | MSG_PARTIAL | MSG_OOB)) return finish(w, err, WSAEINVAL);
    ms_ov_call c = {ov, cr, tid, false};
    if ((e = ms_ov_check(w, sk, &c))) return finish(w, err, e);
    if (!c.overlapped && (!bytes || !ms_probe_write(bytes, sizeof *bytes))) return finish(w, err, WSAEFAULT);
    SOCKADDR_STORAGE to;
    const SOCKADDR_STORAGE *dest = NULL;
    if (msg->name) {
        if ((e = ms_addr_from_user(msg->name, msg->namelen, sk->af, &to))) return finish(w, err, e);
        dest = &to;
    }
    const uint8_t *rec;
    size_t rec_len;
    if ((e = find_records(msg, &rec, &rec_len))) {
        ms_watch_dgram_locked(w, sk, MS_WATCH_SEND_RECORDS, e, NULL, 0, dest, 0); /* malformed control data */
        return finish(w, err, e);
    }
    if (rec && !ms_fault_on(w, MS_FAULT_SET_NO_SEAL_CHECK) &&
        ms_wfp_check_records_locked(w, rec, rec_len) != STATUS_SUCCESS) {
        ms_watch_dgram_locked(w, sk, MS_WATCH_SEND_RECORDS, WSAEINVAL, rec, rec_len, dest, 0);
        return finish(w, err, WSAEINVAL);
    }
    return send_now(w, sk, err, &c, msg->lpBuffers, msg->dwBufferCount, bytes, dest, rec, rec_len);
}

/* ------------------------------------------------- results and closing */
static bool ov_done(void *arg) { return ((LPWSAOVERLAPPED)arg)->Internal != (ULONG_PTR)(LONG_PTR)STATUS_PENDING; }

BOOL WSAAPI ms_wsp_get_overlapped_result(SOCKET s, LPWSAOVERLAPPED ov, LPDWORD cb, BOOL wait, LPDWORD flags,
                                         LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return FALSE;
    int e = 0;
    if (!ms_socket_get_locked(w, s))
        e = WSAENOTSOCK;
    else if (!ov || !ms_probe_write(ov, sizeof *ov) || !cb || !ms_probe_write(cb, sizeof *cb) || !flags ||
             !ms_probe_write(flags, sizeof *flags))
        e = WSAEFAULT; /* SDK-GOR: an access violation on Vista and later; the model says so */
    else if (!ov_done(ov) && (!wait || !ms_wait_until_locked(w, ov_done, ov, INFINITE)))
        e = WSA_IO_INCOMPLETE; /* A28 */
    if (e) {
        ms_provider_error(w, err, e);
        ms_unlock(w);
        return FALSE;
    }
    NTSTATUS st = (NTSTATUS)ov->Internal;
    *flags = 0;
    if (MS_NT_SUCCESS(st) && st != STATUS_BUFFER_OVERFLOW) {
        *cb = (DWORD)ov->InternalHigh;
        ms_unlock(w);
        return TRUE;
    }
    if (ms_knob_value(w, MS_KNOB_GOR_FAILURE_SIZE) == 0) *cb = (DWORD)ov->InternalHigh; /* C23 */
    ms_provider_error(w, err, ms_status_to_wsa(ms_net_views(w), st));
    ms_unlock(w);
    return FALSE;
}

int WSAAPI ms_wsp_close(SOCKET s, LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) return finish(w, err, WSAENOTSOCK);
    ms_watch_close_locked(w, sk);
    ms_socket_close_locked(w, sk);
    return finish(w, err, 0);
}

/* --------------------------------------------- the extension functions */
static WSATHREADID self_thread(void) {
    WSATHREADID t = {0, 0};
    ms_world *w = ms_world_current();
    if (!w) return t;
    ms_lock(w);
    ms_thread *me = ms_thread_self_locked(w);
    if (me) t.ThreadHandle = (HANDLE)(uintptr_t)me->handle;
    ms_unlock(w);
    return t;
}

INT WSAAPI ms_wsarecvmsg(SOCKET s, LPWSAMSG msg, LPDWORD bytes, LPWSAOVERLAPPED ov,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    WSATHREADID t = self_thread();
    int err = 0;
    int r = ms_wsp_recvmsg(s, msg, bytes, ov, cr, &t, &err);
    if (r) ms_set_last_error((DWORD)err);
    return r;
}

INT WSAAPI ms_wsasendmsg(SOCKET s, LPWSAMSG msg, DWORD flags, LPDWORD bytes, LPWSAOVERLAPPED ov,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    WSATHREADID t = self_thread();
    int err = 0;
    int r = ms_wsp_sendmsg(s, msg, flags, bytes, ov, cr, &t, &err);
    if (r) ms_set_last_error((DWORD)err);
    return r;
}
