/*
 * wsp_ioctl.c: WSPIoctl of the base provider: the order of checks and the shape of the
 * result that Windows showed through Wine's conformance tests (SEMANTICS 3, 4.1, A15..A32).
 *
 *   1. lpcbBytesReturned NULL -> WSAEFAULT before anything else, overlapped or not (A15, A16)
 *   2. not a socket -> WSAENOTSOCK (A39); pointers not in user memory -> WSAEFAULT (A38)
 *   3. codes answered in user mode (FIONBIO, FIONREAD, SIOCATMARK, extension pointers)
 *   4. everything else goes to the kernel (net/ioctl.c), whose status is then shown:
 *      synchronous: the WSA view, *lpcbBytesReturned = information (A17, A34)
 *      overlapped success: 0, size written, Internal/InternalHigh 0 and still a completion
 *        packet or APC with 0 bytes (A21)
 *      overlapped kernel failure: WSA_IO_PENDING and a failed completion (A18, A19, A24), or
 *        an immediate failure with nothing queued (profile knob ov_failure)
 * The IOC_IN/IOC_OUT bits of the code are never used to judge the buffers (A04).
 */
#include "provider.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>

static const GUID guid_recvmsg = WSAID_WSARECVMSG;
static const GUID guid_sendmsg = WSAID_WSASENDMSG;

/* *lpcbBytesReturned is a user pointer that x64 Windows accepts unaligned: store it bytewise
 * (a plain DWORD store there is undefined behaviour, and UBSan stops the fuzzers on it). */
static void put_size(LPDWORD lpcb, DWORD v) { memcpy(lpcb, &v, sizeof v); }

/* A22: on an overlapped immediate success Windows left the size alone for an input-only code
 * (SIO_KEEPALIVE_VALS); SIO_SET is the input-only code of this family. */
static bool ov_success_writes_size(ms_world *w, DWORD code) {
    int k = ms_knob_value(w, MS_KNOB_OV_SUCCESS_SIZE);
    return k == 1 || (k == 0 && code != SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS);
}

INT WSAAPI ms_wsarecvmsg(SOCKET s, LPWSAMSG msg, LPDWORD bytes, LPWSAOVERLAPPED ov,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE cr);
INT WSAAPI ms_wsasendmsg(SOCKET s, LPWSAMSG msg, DWORD flags, LPDWORD bytes, LPWSAOVERLAPPED ov,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE cr);

/* User-mode codes: failures are immediate and touch nothing; success completes at once. */
static int user_mode_ioctl(ms_world *w, ms_socket *sk, DWORD code, const void *in, DWORD cbin, void *out, DWORD cbout,
                           DWORD *bytes) {
    *bytes = 0;
    if (code == (DWORD)FIONBIO) {
        if (!in || cbin < sizeof(u_long) || !ms_probe_read(in, sizeof(u_long))) return WSAEFAULT;
        u_long v;
        memcpy(&v, in, sizeof v);
        /* The ioctlsocket page: once WSAEventSelect was issued, setting the socket back to
         * blocking fails with WSAEINVAL until it is cancelled (lNetworkEvents 0); Windows showed
         * it through Wine's test_fionbio (SEMANTICS 4.1). */
        if (v == 0 && sk->es_event) return WSAEINVAL;
        sk->nonblocking = v != 0;
        return 0;
    }
    if (code == (DWORD)FIONREAD || code == (DWORD)SIOCATMARK) {
        if (!out || cbout < sizeof(u_long) || !ms_probe_write(out, sizeof(u_long))) return WSAEFAULT;
        u_long v = 1; /* SIOCATMARK: no urgent data */
        if (code == (DWORD)FIONREAD && sk->type != SOCK_STREAM && sk->os)
            ms_os_dgram_pull_locked(w, sk); /* the os transport's datagrams wait in the kernel until pulled */
        /* a datagram socket's: every queued datagram's bytes, "the total number of bytes available
         * to read, not the size of the first datagram (message) queued on the socket" (Winsock
         * IOCTLs page, FIONREAD) */
        if (code == (DWORD)FIONREAD && sk->type != SOCK_STREAM) {
            v = 0;
            for (const ms_dgram *d = sk->dq_head; d; d = d->next) v += (u_long)d->len;
        } else if (code == (DWORD)FIONREAD) {
            /* a stream whose receive side is shut has nothing to read: bytes queued or arriving
             * reset the connection and are gone (shutdown page; M.shutdown.receive-reset-fionread) */
            v = sk->shut_recv ? 0 : sk->os ? (u_long)ms_os_unread_bytes(sk) : (u_long)sk->rxlen;
        }
        memcpy(out, &v, sizeof v);
        *bytes = sizeof v;
        return 0;
    }
    if (code == SIO_BASE_HANDLE || code == SIO_BSP_HANDLE_POLL) {
        /* Winsock IOCTLs page: "the base service provider handle for a given socket", which
         * a layered provider never intercepts; the model's one provider is the base, so the
         * socket itself.  Room for a SOCKET is needed (WSAEFAULT). */
        SOCKET base = (SOCKET)sk->handle;
        if (!out || cbout < sizeof base || !ms_probe_write(out, sizeof base)) return WSAEFAULT;
        memcpy(out, &base, sizeof base);
        *bytes = sizeof base;
        return 0;
    }
    /* SIO_GET_EXTENSION_FUNCTION_POINTER; a bogus GUID is WSAEINVAL (A23). */
    if (!in || cbin != sizeof(GUID) || !ms_probe_read(in, sizeof(GUID))) return WSAEFAULT;
    void *fn = NULL;
    if (memcmp(in, &guid_recvmsg, sizeof(GUID)) == 0)
        fn = (void *)ms_wsarecvmsg;
    else if (memcmp(in, &guid_sendmsg, sizeof(GUID)) == 0)
        fn = (void *)ms_wsasendmsg;
    else if (!(fn = ms_ext_function(in))) /* AcceptEx, ConnectEx, GetAcceptExSockaddrs */
        return WSAEINVAL;
    if (!out || cbout < sizeof fn || !ms_probe_write(out, sizeof fn)) return WSAEFAULT;
    memcpy(out, &fn, sizeof fn);
    *bytes = sizeof fn;
    return 0;
}

/* Runs a deferred QUERY/SET at the defined point and completes its op (A46). */
static void run_deferred(ms_world *w, void *arg) {
    ms_op *op = arg;
    ms_ioctl_result r;
    ms_ioctl_locked(w, op->sk, op->code, op->bufs ? op->bufs[0].buf : NULL, op->bufs ? op->bufs[0].len : 0, op->out,
                    op->cbout, false, &r);
    ms_op_complete_locked(w, op, r.status, r.info, 0);
}

static void drop_deferred(void *arg) { (void)arg; /* the op belongs to its socket's list */ }

static int start_deferred(ms_world *w, ms_socket *sk, const ms_ov_call *c, DWORD code, const void *in, DWORD cbin,
                          void *out, DWORD cbout) {
    bool set = code == SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS;
    ms_op *op = ms_ov_start_locked(w, sk, OP_IOCTL, c);
    if (!op) return WSAENOBUFS;
    op->code = code;
    op->out = out;
    op->cbout = cbout;
    if (set && in && cbin) {
        op->bufs = ms_malloc(sizeof *op->bufs + cbin);
        if (!op->bufs) {
            ms_op_free(op);
            return WSAENOBUFS;
        }
        op->nbufs = 1;
        op->bufs[0].len = cbin;
        op->bufs[0].buf = (CHAR *)(op->bufs + 1);
        memcpy(op->bufs[0].buf, in, cbin);
    }
    ms_op_pend_locked(w, op);
    if (ms_defer_locked(w, run_deferred, drop_deferred, op)) {
        ms_op_complete_locked(w, op, STATUS_INSUFFICIENT_RESOURCES, 0, 0);
    }
    return WSA_IO_PENDING;
}

int WSAAPI ms_wsp_ioctl(SOCKET s, DWORD code, LPVOID in, DWORD cbin, LPVOID out, DWORD cbout, LPDWORD lpcb,
                        LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    int e = 0;
    if (!lpcb && !ms_fault_on(w, MS_FAULT_NULL_LPCB_DEREF)) {
        e = WSAEFAULT;
        goto fail;
    }
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) {
        e = WSAENOTSOCK;
        goto fail;
    }
    if (lpcb && !ms_probe_write(lpcb, sizeof *lpcb)) {
        e = WSAEFAULT;
        goto fail;
    }
    ms_ov_call c = {ov, cr, tid, false};
    if ((e = ms_ov_check(w, sk, &c))) goto fail;
    if (code == SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS && (!in || cbin == 0)) {
        /* A55 is [U]; the nearest observed sibling, an input-only code given no input
         * (SIO_KEEPALIVE_VALS, SEMANTICS 4.1), failed at once with WSAEFAULT: the size set to
         * 0 on a plain call, nothing queued and the size left alone when overlapped. */
        if (!c.overlapped && lpcb) put_size(lpcb, 0);
        e = WSAEFAULT;
        goto fail;
    }
    if (code == SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS && c.overlapped && !ms_probe_read(in, cbin)) {
        /* The input is probed and captured as the call is made, so an unreadable one fails at
         * once with WSAEFAULT (A53) and nothing is queued, whether the provider would have run
         * SET at once or pended it, and whatever a profile says of failures in the kernel: the
         * sibling SIO_KEEPALIVE_VALS failed so on Windows (SEMANTICS 4.1). */
        e = WSAEFAULT;
        goto fail;
    }

    if (ms_ioctl_is_user_mode(code)) {
        DWORD bytes;
        if ((e = user_mode_ioctl(w, sk, code, in, cbin, out, cbout, &bytes))) goto fail;
        put_size(lpcb, bytes);
        if (c.overlapped) {
            ms_op *op = ms_ov_start_locked(w, sk, OP_IOCTL, &c);
            ms_op_now now = {0};
            if (op) op->now = &now; /* an immediate success: no packet on a skip-on-success socket */
            if (op) ms_op_complete_locked(w, op, STATUS_SUCCESS, 0, 0); /* A21 */
        }
        ms_unlock(w);
        return 0;
    }

    ms_ioctl_result r;
    ms_ioctl_locked(w, sk, code, in, cbin, out, cbout, c.overlapped, &r);
    if (r.deferred) {
        e = start_deferred(w, sk, &c, code, in, cbin, out, cbout);
        if (e == WSA_IO_PENDING && ms_fault_on(w, MS_FAULT_SIZE_ON_PENDING)) put_size(lpcb, 0);
        goto fail;
    }
    if (!c.overlapped) {
        if (!r.size_untouched) put_size(lpcb, (DWORD)r.info);
        if (MS_NT_SUCCESS(r.status)) {
            ms_unlock(w);
            return 0;
        }
        e = ms_status_to_wsa(ms_net_views(w), r.status);
        goto fail;
    }
    if (MS_NT_SUCCESS(r.status)) {
        if (ov_success_writes_size(w, code) && !r.size_untouched) put_size(lpcb, (DWORD)r.info);
        ms_op *op = ms_ov_start_locked(w, sk, OP_IOCTL, &c);
        if (op) {
            if (ms_fault_on(w, MS_FAULT_NO_IOCP_ON_IMMEDIATE)) {
                ov->Internal = 0;
                ov->InternalHigh = 0;
                if (op->event) ms_event_set_locked(w, op->event, true);
                ms_op_free(op);
            } else {
                ms_op_now now = {0};
                op->now = &now; /* returns 0: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS applies */
                ms_op_complete_locked(w, op, STATUS_SUCCESS, 0, 0); /* A21 */
            }
        }
        ms_unlock(w);
        return 0;
    }
    if (r.at_once || ms_knob_value(w, MS_KNOB_OV_FAILURE) == 1) {
        /* An immediate failure: nothing queued, OVERLAPPED untouched, the size reported. */
        if (!r.size_untouched) put_size(lpcb, (DWORD)r.info);
        e = ms_status_to_wsa(ms_net_views(w), r.status);
        goto fail;
    }
    ms_op *op = ms_ov_start_locked(w, sk, OP_IOCTL, &c);
    if (op) ms_op_complete_locked(w, op, r.status, r.info, 0);
    if (ms_fault_on(w, MS_FAULT_SIZE_ON_PENDING)) put_size(lpcb, (DWORD)r.info);
    e = WSA_IO_PENDING;
fail:
    ms_provider_error(w, err, e);
    ms_unlock(w);
    return SOCKET_ERROR;
}
