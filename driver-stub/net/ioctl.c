/*
 * ioctl.c: the kernel side of the socket IOCTLs: the three WFP redirect codes, SIO_FLUSH,
 * and "not supported" for everything else.  Each handler returns an NTSTATUS and an
 * information count; the provider turns those into the caller's view (return value,
 * WSAGetLastError, *lpcbBytesReturned, OVERLAPPED, completion).
 *
 * Where the pages contradict each other (too-small buffers C1, the size probe C2, SET's
 * returned size C4, unknown codes C12, ...) the world's profile knob decides; SEMANTICS
 * 1.2 and 9 (A33..A58) are the contract.
 */
#include "net.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>

#define MS_RECORDS_SET_MAX (64u * 1024u)

bool ms_ioctl_is_user_mode(DWORD code) {
    return code == (DWORD)FIONBIO || code == (DWORD)FIONREAD || code == (DWORD)SIOCATMARK ||
           code == SIO_GET_EXTENSION_FUNCTION_POINTER || code == SIO_BASE_HANDLE || code == SIO_BSP_HANDLE_POLL;
}

static void result(ms_ioctl_result *r, NTSTATUS st, ULONG_PTR info) {
    r->status = st;
    r->info = info;
}

/* The shared too-small path of both QUERY codes (C1, C2, A34..A36). */
static bool too_small(ms_world *w, DWORD cbout, size_t need, bool overlapped, ms_ioctl_result *r) {
    if (cbout > 0 && cbout < sizeof(ULONG)) {
        /* A36: shorter than a ULONG is WSAEINVAL even when the blob would fit (a 1-byte
         * context): the pages' rule is about cbOutBuffer, and SIO_ADDRESS_LIST_QUERY with
         * cbOutBuffer 1 gave WSAEINVAL on Windows (SEMANTICS 4.1). */
        result(r, STATUS_INVALID_PARAMETER, 0);
        return true;
    }
    if (cbout >= need) return false;
    if (cbout == 0 && ms_knob_value(w, MS_KNOB_SIZE_PROBE) == 1) {
        result(r, STATUS_INVALID_PARAMETER, 0); /* C2: no size probe */
        return true;
    }
    if (ms_knob_value(w, MS_KNOB_TOO_SMALL) == 2 || (ms_fault_on(w, MS_FAULT_MIXED_ALTERNATIVES) && overlapped))
        result(r, STATUS_INVALID_PARAMETER, 0); /* C1(a): WSAEINVAL, size 0 */
    else
        result(r, STATUS_BUFFER_TOO_SMALL, need); /* C1(b)/(c): the required size */
    if (ms_fault_on(w, MS_FAULT_WRONG_SMALL_ERROR)) r->status = STATUS_INSUFFICIENT_RESOURCES;
    if (ms_fault_on(w, MS_FAULT_NO_REQUIRED_SIZE)) r->info = 0;
    return true;
}

static void copy_out(ms_world *w, ms_socket *sk, const void *blob, size_t n, void *out, DWORD cbout,
                     ms_ioctl_result *r) {
    if (!ms_probe_write(out, cbout)) {
        result(r, STATUS_ACCESS_VIOLATION, 0); /* A37 */
        return;
    }
    size_t copy = n;
    if (ms_fault_on(w, MS_FAULT_COPY_DROPS_BYTE) && copy) copy--;
    memcpy(out, blob, copy);
    if (ms_fault_on(w, MS_FAULT_RECORDS_CHANGE) && n && sk->query_count++ > 0) ((uint8_t *)out)[n / 2] ^= 0x5a;
    /* The memory-safety fault: a terminator written one byte past the caller's buffer. */
    if (ms_fault_on(w, MS_FAULT_OUTPUT_OVERRUN)) ((volatile uint8_t *)out)[cbout] = 0;
    result(r, STATUS_SUCCESS, n);
}

static void query(ms_world *w, ms_socket *sk, bool context, void *out, DWORD cbout, bool overlapped,
                  ms_ioctl_result *r) {
    if (sk->type != SOCK_STREAM) {
        /* A48: for UDP the records travel as control messages; QUERY is not the way. */
        result(r, ms_knob_value(w, MS_KNOB_UDP_QUERY) ? STATUS_NOT_SUPPORTED : STATUS_INVALID_PARAMETER, 0);
        return;
    }
    if (sk->state != SK_CONNECTED) {
        if (ms_fault_on(w, MS_FAULT_QUERY_UNCONNECTED_OK)) {
            result(r, STATUS_SUCCESS, 0);
            return;
        }
        result(r, STATUS_INVALID_CONNECTION, 0); /* A40: WSAENOTCONN */
        return;
    }
    if (!sk->flow) {
        result(r, STATUS_NOT_FOUND, 0); /* A41: nobody redirected this connection */
        return;
    }
    size_t n = 0;
    const void *blob = context ? ms_flow_context(sk->flow, &n) : ms_flow_records(sk->flow, &n);
    if (!blob || !n) {
        result(r, STATUS_FWP_NOT_FOUND, 0); /* A44: no context was set */
        return;
    }
    if (too_small(w, cbout, n, overlapped, r)) {
        if (ms_fault_on(w, MS_FAULT_RECORDS_TRUNCATED_OK) && cbout >= sizeof(ULONG) && ms_probe_write(out, cbout)) {
            memcpy(out, blob, cbout);
            result(r, STATUS_SUCCESS, cbout);
        } else if (ms_fault_on(w, MS_FAULT_FAILED_CALL_WRITES) && cbout && ms_probe_write(out, cbout)) {
            memcpy(out, blob, cbout); /* the status stays a failure */
        }
        return;
    }
    copy_out(w, sk, blob, n, out, cbout, r);
}

static void set_records(ms_world *w, ms_socket *sk, const void *in, DWORD cbin, DWORD cbout, ms_ioctl_result *r) {
    if (cbout != 0 || !in || cbin == 0) {
        result(r, STATUS_INVALID_PARAMETER, 0); /* A55, A56: fail closed */
        return;
    }
    if (cbin > MS_RECORDS_SET_MAX) {
        result(r, STATUS_INTEGER_OVERFLOW, 0);
        return;
    }
    if (!ms_probe_read(in, cbin)) {
        result(r, STATUS_ACCESS_VIOLATION, 0); /* A53 */
        return;
    }
    /* The token of the socket's process (the caller's privilege for the built-in ones). */
    if (ms_knob_value(w, MS_KNOB_SET_ADMIN) == 0 &&
        !ms_process_elevated(ms_net_processes(w), sk->pid, ms_world_config(w)->elevated)) {
        result(r, STATUS_ACCESS_DENIED, 0); /* A54 */
        return;
    }
    if (sk->state != SK_FRESH && ms_knob_value(w, MS_KNOB_SET_AFTER_CONNECT) == 0) {
        result(r, STATUS_INVALID_PARAMETER, 0); /* A58: SET belongs before bind */
        return;
    }
    if (!ms_fault_on(w, MS_FAULT_SET_NO_SEAL_CHECK)) {
        NTSTATUS st = ms_wfp_check_records_locked(w, in, cbin);
        if (st != STATUS_SUCCESS) {
            result(r, st, 0); /* A57 */
            return;
        }
    }
    uint8_t *copy = ms_malloc(cbin);
    if (!copy) {
        result(r, STATUS_INSUFFICIENT_RESOURCES, 0);
        return;
    }
    memcpy(copy, in, cbin);
    ms_free(sk->set_records);
    sk->set_records = copy;
    sk->set_records_len = cbin;
    switch (ms_knob_value(w, MS_KNOB_SET_BYTES)) { /* C4, A52 */
    case 0:
        result(r, STATUS_SUCCESS, 0);
        break;
    case 1:
        result(r, STATUS_SUCCESS, cbin);
        break;
    default:
        result(r, STATUS_SUCCESS, 0);
        r->size_untouched = true;
    }
}

void ms_ioctl_locked(ms_world *w, ms_socket *sk, DWORD code, const void *in, DWORD cbin, void *out, DWORD cbout,
                     bool overlapped, ms_ioctl_result *r) {
    memset(r, 0, sizeof *r);
    switch (code) {
    case SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS:
    case SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT:
    case SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS:
        if (overlapped && ms_knob_value(w, MS_KNOB_IOCTL_COMPLETION) == 1) {
            r->deferred = true; /* A46: the provider pends it; it runs at the next defined point */
            return;
        }
        if (code == SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS)
            set_records(w, sk, in, cbin, cbout, r);
        else
            query(w, sk, code == SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, out, cbout, overlapped, r);
        ms_watch_ioctl_locked(w, sk, code, in, cbin, out, r);
        return;
    case SIO_UDP_CONNRESET:
        /* Winsock IOCTLs page, SIO_UDP_CONNRESET: "Controls whether UDP PORT_UNREACHABLE
         * messages are reported.  Set to TRUE to enable reporting.  Set to FALSE to disable
         * reporting."  The input is a BOOL: without one, WSAEFAULT. */
        if (!in || cbin < sizeof(BOOL) || !ms_probe_read(in, sizeof(BOOL))) {
            result(r, STATUS_ACCESS_VIOLATION, 0);
            return;
        }
        BOOL on;
        memcpy(&on, in, sizeof on);
        sk->udp_connreset_off = !on;
        if (!on) sk->udp_unreachable = false;
        result(r, STATUS_SUCCESS, 0);
        return;
    case SIO_KEEPALIVE_VALS: {
        /* SIO_KEEPALIVE_VALS page: a struct tcp_keepalive in, nothing out; an input-only code
         * given no input failed with WSAEFAULT, and overlapped with a short input failed at
         * once with the size left alone (SEMANTICS 4.1, observed on Windows through Wine's
         * tests): a check of the arguments, not a failure in the kernel that ov_failure may pend. */
        struct tcp_keepalive ka;
        if (!in || cbin < sizeof ka || !ms_probe_read(in, sizeof ka)) {
            result(r, STATUS_ACCESS_VIOLATION, 0);
            r->at_once = true;
            r->size_untouched = overlapped;
            return;
        }
        memcpy(&ka, in, sizeof ka);
        ms_socket_keepalive_set(sk, ka.onoff, ka.keepalivetime, ka.keepaliveinterval);
        result(r, STATUS_SUCCESS, 0);
        return;
    }
    case SIO_LOOPBACK_FAST_PATH: {
        /* SIO_LOOPBACK_FAST_PATH page: a BOOL in, nothing out, "can be used only with TCP
         * sockets" (which error a UDP socket gets no page says: M.SIO_LOOPBACK_FAST_PATH.udp).
         * What it changes is the path below the transport, which the model does not have; and
         * "When a WFP filter is enabled, the system uses the slow path even if
         * SIO_LOOPBACK_FAST_PATH is set": classifies and redirects happen as without it, so the
         * option is taken and nothing else changes. */
        if (sk->type != SOCK_STREAM) {
            result(r, STATUS_NOT_SUPPORTED, 0);
            return;
        }
        if (!in || cbin < sizeof(BOOL) || !ms_probe_read(in, sizeof(BOOL))) {
            result(r, STATUS_ACCESS_VIOLATION, 0);
            r->at_once = true;
            r->size_untouched = overlapped;
            return;
        }
        result(r, STATUS_SUCCESS, 0);
        return;
    }
    case SIO_FLUSH:
        if (ms_knob_value(w, MS_KNOB_FLUSH) == 1) {
            if (!ms_fault_on(w, MS_FAULT_FLUSH_NO_ABORT)) ms_socket_abort_ops_locked(w, sk);
            result(r, STATUS_SUCCESS, 0);
            return;
        }
        break;
    default:
        break;
    }
    /* C12/A17: an unknown code.  Windows says WSAEOPNOTSUPP, the pages say WSAEINVAL. */
    result(r, ms_knob_value(w, MS_KNOB_UNKNOWN_IOCTL) ? STATUS_INVALID_PARAMETER : STATUS_NOT_SUPPORTED, 0);
    if (ms_fault_on(w, MS_FAULT_EOPNOTSUPP_SIZE_UNTOUCHED)) r->size_untouched = true;
}
