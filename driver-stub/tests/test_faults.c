/*
 * test_faults.c: the fault catalogue of driver-stub/kernel/config.c, and bad input to the
 * model's entry points.
 *
 * Why: a fault is a known wrong behaviour the suite claims to catch.  For each one this
 * file runs one scenario twice, fault off and fault on, and shows that something a test
 * can see changes (the off run must also be the correct behaviour).  The memory-safety
 * faults (output_overrun, cmsg_overrun, context_double_free, null_lpcb_deref) run in a
 * forked child: fault off the child must exit 0, fault on it must not (a sanitizer report,
 * a signal, or glibc's abort).  The bad-input tests feed NULL, stale and foreign handles,
 * wrong layers and malformed blobs to every entry point: each must answer with its
 * documented status, and nothing may crash.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../wfp/fwpsk.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "unit.h"
#include "unit_fixtures.h"

#define SIZE_UNSET 0xDEADBEEFu
#define QREC SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define SETREC SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS
#ifndef STATUS_DEVICE_NOT_READY /* what the model's WFP answers without a world (ntstatus.h value) */
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3)
#endif

/* ================================================================ the two runs */

typedef long (*scenario)(wt_target *t);

/* Runs sc with the fault off and on; off must give want_off, on anything else. */
static void observe(const char *fault, scenario sc, long want_off) {
    long seen[2];
    for (int on = 0; on < 2; on++) {
        wt_target *t = fx_open(NULL);
        ASSERT_EQ(wt_set_fault(t, fault, on), WT_OK);
        seen[on] = sc(t);
        wt_close(t);
    }
    if (seen[0] != want_off || seen[1] == seen[0])
        fprintf(stderr, "%s: off %ld (want %ld), on %ld\n", fault, seen[0], want_off, seen[1]);
    ASSERT_EQ(seen[0], want_off);
    ASSERT_NE(seen[1], seen[0]);
}

/* The memory-safety faults: sc returns 1 when it saw correct behaviour.  Fault off the child
 * must exit 0; fault on it must not (its report goes to /dev/null). */
static void observe_crash(const char *fault, scenario sc) {
    int status[2];
    for (int on = 0; on < 2; on++) {
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        ASSERT(pid >= 0);
        if (pid == 0) {
            if (on && !freopen("/dev/null", "w", stderr)) _exit(4);
            wt_target *t = fx_open(NULL);
            if (wt_set_fault(t, fault, on) != WT_OK) _exit(5);
            long ok = sc(t);
            wt_close(t);
            _exit(ok == 1 ? 0 : 3);
        }
        ASSERT_EQ(waitpid(pid, &status[on], 0), pid);
    }
    ASSERT(WIFEXITED(status[0]) && WEXITSTATUS(status[0]) == 0);
    /* On: killed by a signal, or a sanitizer's exit, or it ran on and saw wrong behaviour (3);
     * never a clean exit, nor the set-up failures 4 and 5. */
    ASSERT(WIFSIGNALED(status[1]) || (WIFEXITED(status[1]) && WEXITSTATUS(status[1]) != 0 &&
                                      WEXITSTATUS(status[1]) != 4 && WEXITSTATUS(status[1]) != 5));
}

/* A redirected socket of t (overlapped when ov) and its records' size. */
static SOCKET redirected(wt_target *t, int ov, ULONG *n) {
    wt_tcp_flow f;
    SOCKET s = fx_redirected(t, AF_INET, ov, &f);
    *n = fx_issued(t, s, 0, NULL, 0);
    return s;
}

/* ================================================================ scenarios */

/* A sync QUERY with a 16-byte buffer: the error, and *cb through cb_out. */
static long small_query(wt_target *t, DWORD *cb_out, ULONG *n) {
    SOCKET s = redirected(t, 0, n);
    uint8_t buf[16];
    *cb_out = SIZE_UNSET;
    return fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, cb_out, NULL, NULL);
}

static long sc_small_error(wt_target *t) {
    DWORD cb;
    ULONG n;
    return small_query(t, &cb, &n);
}

static long sc_small_reports_size(wt_target *t) {
    DWORD cb;
    ULONG n;
    small_query(t, &cb, &n);
    return cb == n;
}

static long sc_truncated_query(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t buf[64];
    DWORD cb = SIZE_UNSET;
    return fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL);
}

/* A 1024-byte QUERY: 1 when the bytes are exactly the issued ones. */
static long sc_copy_exact(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t want[1024], buf[1024];
    fx_issued(t, s, 0, want, sizeof want);
    /* every byte differs from the one that must be written: a byte left uncopied shows, whatever
     * the sealed blob holds (a constant fill matched its last byte once in 256 worlds) */
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)~want[i];
    DWORD cb = SIZE_UNSET;
    ASSERT_EQ(fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL), 0);
    return cb == n && memcmp(buf, want, n) == 0;
}

static long sc_two_queries_equal(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t a[1024], b[1024];
    ULONG na = fx_query(t, s, QREC, a, sizeof a), nb = fx_query(t, s, QREC, b, sizeof b);
    return na == nb && memcmp(a, b, na) == 0;
}

/* An overlapped QUERY that succeeds at once on a fresh redirected socket, with ov's event
 * ev, routine cr, and a completion port when port is given. */
static void query_at_once(wt_target *t, WSAOVERLAPPED *ov, WSAEVENT ev, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr,
                          HANDLE *port) {
    static uint8_t buf[1024];
    ULONG n;
    SOCKET s = redirected(t, 1, &n);
    if (port) *port = fx_iocp(s);
    memset(ov, 0, sizeof *ov);
    ov->hEvent = ev;
    memset(&fx_done, 0, sizeof fx_done);
    DWORD cb;
    ASSERT_EQ(fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, &cb, ov, cr), 0);
}

/* Packets queued for it. */
static long sc_immediate_packets(wt_target *t) {
    WSAOVERLAPPED ov;
    HANDLE port;
    query_at_once(t, &ov, NULL, NULL, &port);
    DWORD bytes, err;
    BOOL ok;
    long packets = 0;
    while (fx_packet(port, &ov, &ok, &err, &bytes)) packets++;
    return packets;
}

/* Routine calls before any alertable wait. */
static long sc_routine_before_wait(wt_target *t) {
    WSAOVERLAPPED ov;
    query_at_once(t, &ov, NULL, fx_routine, NULL);
    long before = fx_done.calls;
    SleepEx(0, TRUE);
    ASSERT_EQ(fx_done.calls, 1);
    return before;
}

static long sc_event_signaled(wt_target *t) {
    WSAOVERLAPPED ov;
    WSAEVENT ev = WSACreateEvent();
    query_at_once(t, &ov, ev, NULL, NULL);
    long r = WSAWaitForMultipleEvents(1, &ev, TRUE, 0, FALSE);
    WSACloseEvent(ev);
    return r;
}

/* A deferred (knob ioctl_completion) overlapped QUERY left pending on *s. */
typedef struct pending {
    SOCKET s;
    ULONG n;
    HANDLE port;
    WSAOVERLAPPED ov;
    DWORD cb;
    uint8_t buf[1024];
} pending;

static void start_pending(wt_target *t, pending *p, int with_port) {
    ASSERT_EQ(wt_set_knob(t, "ioctl_completion", "deferred"), WT_OK);
    p->s = redirected(t, 1, &p->n);
    p->port = with_port ? fx_iocp(p->s) : NULL;
    memset(&p->ov, 0, sizeof p->ov);
    p->cb = SIZE_UNSET;
    ASSERT_EQ(fx_ioctl(t, 0, p->s, QREC, NULL, 0, p->buf, sizeof p->buf, &p->cb, &p->ov, NULL), WSA_IO_PENDING);
}

/* The completion port's verdict on p: the Win32 error of the packet, 0 for success, -1
 * when no packet came. */
static long port_verdict(pending *p) {
    DWORD bytes, err;
    BOOL ok;
    if (!fx_packet(p->port, &p->ov, &ok, &err, &bytes)) return -1;
    return ok ? 0 : (long)err;
}

static long sc_close_aborts(wt_target *t) {
    pending p;
    start_pending(t, &p, 1);
    ASSERT_EQ(closesocket(p.s), 0);
    return port_verdict(&p);
}

static long sc_flush_aborts(wt_target *t) {
    ASSERT_EQ(wt_set_knob(t, "flush", "abort"), WT_OK);
    pending p;
    start_pending(t, &p, 1);
    DWORD cb = SIZE_UNSET;
    ASSERT_EQ(fx_ioctl(t, 0, p.s, SIO_FLUSH, NULL, 0, NULL, 0, &cb, NULL, NULL), 0);
    return port_verdict(&p);
}

static long sc_size_while_pending(wt_target *t) {
    pending p;
    start_pending(t, &p, 0);
    return p.cb;
}

static long sc_internal_after_completion(wt_target *t) {
    pending p;
    start_pending(t, &p, 0);
    ASSERT_EQ(wt_pump(t), 1);
    return (long)p.ov.Internal;
}

/* An overlapped call of code with a 16-byte output buffer on a port: the packet's error. */
static long port_error(wt_target *t, DWORD code) {
    ULONG n;
    SOCKET s = redirected(t, 1, &n);
    pending p;
    p.port = fx_iocp(s);
    memset(&p.ov, 0, sizeof p.ov);
    DWORD cb;
    ASSERT_EQ(fx_ioctl(t, 0, s, code, NULL, 0, p.buf, 16, &cb, &p.ov, NULL), WSA_IO_PENDING);
    return port_verdict(&p);
}

/* An overlapped QUERY with a too-small buffer: the completion port's error. */
static long sc_port_error_view(wt_target *t) { return port_error(t, QREC); }

/* An unknown code on a port under the documented WSAEINVAL alternative: the Win32 view of
 * STATUS_INVALID_PARAMETER the packet shows (87). */
static long sc_port_invalid_parameter(wt_target *t) {
    ASSERT_EQ(wt_set_knob(t, "unknown_ioctl", "einval"), WT_OK);
    return port_error(t, 0xdeadbeefu);
}

/* A too-small QUERY into a patterned buffer: 1 when the failed call left it as it was. */
static long sc_failed_query_untouched(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t buf[16], before[16];
    memset(buf, 0xEE, sizeof buf);
    memcpy(before, buf, sizeof buf);
    DWORD cb = SIZE_UNSET;
    ASSERT_NE(fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL), 0);
    return memcmp(buf, before, sizeof buf) == 0;
}

/* WSPIoctl with a completion routine and a WSATHREADID the caller reuses right after the
 * call: the routine must still reach this thread (A31).  Returns the routine's calls. */
static long sc_thread_id_copied(wt_target *t) {
    ASSERT_EQ(wt_set_knob(t, "ioctl_completion", "deferred"), WT_OK);
    ULONG n;
    SOCKET s = redirected(t, 1, &n);
    WSPPROC_TABLE tab;
    ASSERT_EQ(wt_wsp_table(t, &tab), WT_OK);
    WSATHREADID tid = {GetCurrentThread(), 0};
    uint8_t buf[1024];
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    memset(&fx_done, 0, sizeof fx_done);
    DWORD cb;
    int err = 0;
    ASSERT_EQ(tab.lpWSPIoctl(s, QREC, NULL, 0, buf, sizeof buf, &cb, &ov, fx_routine, &tid, &err), SOCKET_ERROR);
    ASSERT_EQ(err, WSA_IO_PENDING);
    tid.ThreadHandle = (HANDLE)(uintptr_t)0x5a5a5a00u; /* the caller's storage, reused */
    SleepEx(0, TRUE);
    return fx_done.calls;
}

static long sc_wsp_errno(wt_target *t) {
    WSPPROC_TABLE tab;
    ASSERT_EQ(wt_wsp_table(t, &tab), WT_OK);
    WSATHREADID tid = {GetCurrentThread(), 0};
    uint8_t buf[64];
    DWORD cb;
    int err = 0x1234;
    ASSERT_EQ(tab.lpWSPIoctl(wt_not_a_socket(t), QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL, &tid, &err),
              SOCKET_ERROR);
    return err;
}

static long sc_unconnected_query(wt_target *t) {
    SOCKET s = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, 0);
    uint8_t buf[64];
    DWORD cb;
    return fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL);
}

static long sc_unknown_code_size(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    DWORD cb = SIZE_UNSET;
    ASSERT_EQ(fx_ioctl(t, 0, s, 0xdeadbeefu, NULL, 0, NULL, 0, &cb, NULL, NULL), WSAEOPNOTSUPP);
    return cb;
}

static long sc_set_edited_blob(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t rec[1024];
    fx_query(t, s, QREC, rec, sizeof rec);
    rec[n / 3] ^= 0x01;
    SOCKET fresh = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, 0);
    DWORD cb;
    return fx_ioctl(t, 0, fresh, SETREC, rec, n, NULL, 0, &cb, NULL, NULL);
}

/* A blob t sealed, SET in a second world that has seal_key_shared on: refused (WSAEINVAL) when
 * t's key is its own, accepted (0) when t uses the shared key too. */
static long sc_other_world_blob(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t rec[1024];
    fx_query(t, s, QREC, rec, sizeof rec);
    wt_target *other = fx_open(NULL);
    ASSERT_EQ(wt_set_fault(other, "seal_key_shared", 1), WT_OK);
    ULONG m;
    redirected(other, 0, &m); /* the second world's engine, with its key */
    SOCKET fresh = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, 0);
    DWORD cb;
    long r = fx_ioctl(other, 0, fresh, SETREC, rec, n, NULL, 0, &cb, NULL, NULL);
    wt_close(other);
    return r;
}

/* The proxy forwards to the original destination: 1 when it came back to the proxy. */
static long sc_proxy_loops(wt_target *t) {
    wt_tcp_flow f;
    SOCKET acc = fx_redirected(t, AF_INET, 0, &f);
    int err;
    fx_proxy_forward(t, acc, &f.original_dst, &err);
    ASSERT_EQ(err, 0);
    return accept(f.listener, NULL, NULL) != INVALID_SOCKET;
}

/* The UDP proxy reads `count` datagrams of one flow; returns the records cmsg of the last
 * (its cmsg_len - WSA_CMSG_LEN(records) + 1, so 1 is right and 0 is "none"). */
static long udp_records_cmsg(wt_target *t, int count) {
    wt_udp_flow u;
    ASSERT_EQ(wt_udp_redirected(t, AF_INET, 0, &u), WT_OK);
    ULONG nrec = fx_issued(t, u.proxy, 0, NULL, 0);
    for (int i = 1; i < count; i++) ASSERT_EQ(wt_udp_send_more(t, &u, "more", 4), WT_OK);
    char data[64];
    UINT64 control[512];
    WSAMSG m;
    DWORD got;
    for (int i = 0; i < count; i++)
        ASSERT_EQ(fx_recv_msg(u.proxy, data, sizeof data, control, sizeof control, &m, &got), 0);
    size_t len;
    if (!fx_find_cmsg(&m, IP_WFP_REDIRECT_RECORDS, &len)) return 0;
    return (long)(WSA_CMSG_LEN(len) - WSA_CMSG_LEN(nrec)) + 1;
}

static long sc_second_datagram_cmsg(wt_target *t) { return udp_records_cmsg(t, 2); }
static long sc_first_datagram_cmsg(wt_target *t) { return udp_records_cmsg(t, 1); }

/* ---- the memory-safety scenarios: 1 when the behaviour was correct ---- */

static long sc_query_exact_guarded(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t *buf = wt_guarded_buffer(t, n);
    DWORD cb = SIZE_UNSET;
    return fx_ioctl(t, 0, s, QREC, NULL, 0, buf, n, &cb, NULL, NULL) == 0 && cb == n;
}

static long sc_null_lpcb(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    uint8_t buf[1024];
    return fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, NULL, NULL, NULL) == WSAEFAULT;
}

static long sc_flow_ends(wt_target *t) {
    ULONG n;
    SOCKET s = redirected(t, 0, &n);
    return closesocket(s) == 0 && fx_findings(t, NULL, NULL) == 0;
}

/* The first datagram into a control buffer with room for the records only, ending at a
 * guard page: MSG_CTRUNC and WSAEMSGSIZE (A63), never a write past it. */
static long sc_cmsg_truncated(wt_target *t) {
    wt_udp_flow u;
    ASSERT_EQ(wt_udp_redirected(t, AF_INET, 0, &u), WT_OK);
    ULONG nrec = fx_issued(t, u.proxy, 0, NULL, 0);
    ULONG cap = (ULONG)WSA_CMSG_SPACE(nrec);
    char data[64];
    WSAMSG m;
    DWORD got;
    int e = fx_recv_msg(u.proxy, data, sizeof data, wt_guarded_buffer(t, cap), cap, &m, &got);
    return e == WSAEMSGSIZE && (m.dwFlags & MSG_CTRUNC) && m.Control.len <= cap;
}

/* A redirect by the default callout: reaches the proxy with no verifier finding. */
static long sc_redirect_clean(wt_target *t) {
    wt_tcp_flow f;
    return wt_tcp_redirected(t, AF_INET, 0, &f) == WT_OK && fx_findings(t, NULL, NULL) == 0;
}

/* A89: a redirected connection shows IS_CONNECTION_REDIRECTED at ALE_AUTH_CONNECT. */
static long sc_auth_flagged(wt_target *t) {
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50000);
    p.observe_auth = 1;
    wt_tcp_flow f;
    wt_callout_view v;
    if (wt_add_callout(t, &p) != WT_OK || wt_tcp_redirected(t, AF_INET, 0, &f) != WT_OK ||
        wt_callout_view_get(t, 'A', &v) != WT_OK)
        return -1;
    return (v.auth_flags & WT_FLAG_IS_CONNECTION_REDIRECTED) != 0;
}

/* ================================================================ one test per fault */

/* fault_<name>_observable: the scenario and the value it must give with the fault off. */
#define FAULT_TEST(name, sc, want_off)                                                                                 \
    TEST(fault_##name##_observable) {                                                                                  \
        observe(#name, sc, want_off);                                                                                  \
        return 0;                                                                                                      \
    }
#define CRASH_TEST(name, sc)                                                                                           \
    TEST(fault_##name##_observable) {                                                                                  \
        observe_crash(#name, sc);                                                                                      \
        return 0;                                                                                                      \
    }

FAULT_TEST(wrong_small_error, sc_small_error, WSAEFAULT)
FAULT_TEST(no_required_size, sc_small_reports_size, 1)
FAULT_TEST(copy_drops_byte, sc_copy_exact, 1)
FAULT_TEST(records_change, sc_two_queries_equal, 1)
FAULT_TEST(context_for_other, fx_context_for_other, 0)
FAULT_TEST(no_abort_on_close, sc_close_aborts, ERROR_OPERATION_ABORTED)
FAULT_TEST(double_completion, sc_immediate_packets, 1)
FAULT_TEST(apc_not_alertable, sc_routine_before_wait, 0)
FAULT_TEST(cmsg_every_datagram, sc_second_datagram_cmsg, 0)
FAULT_TEST(callout_no_loop_check, sc_proxy_loops, 0)
CRASH_TEST(context_double_free, sc_flow_ends)
FAULT_TEST(set_no_seal_check, sc_set_edited_blob, WSAEINVAL)
FAULT_TEST(wsp_no_errno, sc_wsp_errno, WSAENOTSOCK)
CRASH_TEST(output_overrun, sc_query_exact_guarded)
CRASH_TEST(cmsg_overrun, sc_cmsg_truncated)
FAULT_TEST(size_on_pending, sc_size_while_pending, SIZE_UNSET)
CRASH_TEST(null_lpcb_deref, sc_null_lpcb)
FAULT_TEST(no_iocp_on_immediate, sc_immediate_packets, 1)
FAULT_TEST(internal_not_written, sc_internal_after_completion, 0)
FAULT_TEST(iocp_wsa_code, sc_port_error_view, ERROR_INSUFFICIENT_BUFFER)
FAULT_TEST(event_not_signaled, sc_event_signaled, WSA_WAIT_EVENT_0)
FAULT_TEST(thread_id_not_copied, sc_thread_id_copied, 1)
FAULT_TEST(query_unconnected_ok, sc_unconnected_query, WSAENOTCONN)
FAULT_TEST(flush_no_abort, sc_flush_aborts, ERROR_OPERATION_ABORTED)
FAULT_TEST(records_truncated_ok, sc_truncated_query, WSAEFAULT)
FAULT_TEST(cmsg_len_wrong, sc_first_datagram_cmsg, 1)
FAULT_TEST(eopnotsupp_size_untouched, sc_unknown_code_size, 0)
FAULT_TEST(callout_no_apply, sc_redirect_clean, 1)
FAULT_TEST(failed_call_writes, sc_failed_query_untouched, 1)
FAULT_TEST(port_wrong_code, sc_port_invalid_parameter, ERROR_INVALID_PARAMETER)
FAULT_TEST(mixed_alternatives, sc_port_error_view, ERROR_INSUFFICIENT_BUFFER)
FAULT_TEST(acquire_keeps_rights, sc_redirect_clean, 1)
FAULT_TEST(callout_pid_of_client, sc_redirect_clean, 1)
FAULT_TEST(auth_no_redirect_meta, sc_auth_flagged, 1)
FAULT_TEST(seal_key_shared, sc_other_world_blob, WSAEINVAL)

/* The catalogue itself: 35 names, each settable and resettable, nothing else accepted. */
TEST(fault_catalogue_names_are_settable) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(wt_fault_count(), 35);
    for (int i = 0; i < wt_fault_count(); i++) {
        ASSERT_NOT_NULL(wt_fault_name(i));
        ASSERT_NOT_NULL(wt_fault_doc(i));
        ASSERT_EQ(wt_set_fault(t, wt_fault_name(i), 1), WT_OK);
        ASSERT_EQ(wt_set_fault(t, wt_fault_name(i), 0), WT_OK);
    }
    ASSERT_NULL(wt_fault_name(35));
    ASSERT_NULL(wt_fault_name(-1));
    ASSERT_EQ(wt_set_fault(t, "no_such_fault", 1), WT_EINVAL);
    ASSERT_EQ(wt_set_fault(t, NULL, 1), WT_EINVAL);
    return fx_close(t);
}

/* ================================================================ bad input */

TEST(bad_input_fwps_registration_and_filters) {
    wt_target *t = fx_open(NULL);
    UINT32 id = 0;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, NULL, &id), STATUS_FWP_NULL_POINTER);
    FWPS_CALLOUT1 c;
    memset(&c, 0, sizeof c);
    c.calloutKey.Data1 = 0xbad;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_FWP_NULL_POINTER); /* no classifyFn */
    ASSERT_EQ(FwpsCalloutUnregisterById0(0), STATUS_FWP_CALLOUT_NOT_FOUND);
    ASSERT_EQ(FwpsCalloutUnregisterById0(99999), STATUS_FWP_CALLOUT_NOT_FOUND);
    ASSERT_EQ(FwpmSubLayerAdd0(NULL, NULL, NULL), STATUS_FWP_NULL_POINTER);
    FWPM_SUBLAYER0 sub = {.subLayerKey = c.calloutKey, .weight = 5};
    ASSERT_EQ(FwpmSubLayerAdd0(NULL, &sub, NULL), STATUS_SUCCESS);
    ASSERT_EQ(FwpmSubLayerAdd0(NULL, &sub, NULL), STATUS_FWP_ALREADY_EXISTS);
    UINT64 fid = 0;
    ASSERT_EQ(FwpmFilterAdd0(NULL, NULL, NULL, &fid), STATUS_FWP_NULL_POINTER);
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.layerKey.Data1 = 7; /* no such layer in the model */
    f.action.type = FWP_ACTION_PERMIT;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_FWP_INVALID_PARAMETER);
    f.layerKey = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 16; /* a weight range is 0-15 */
    f.action.type = FWP_ACTION_PERMIT;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_FWP_INVALID_PARAMETER);
    f.weight.uint8 = 15;
    f.action.type = FWP_ACTION_CALLOUT_UNKNOWN; /* names a callout that is not registered */
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_FWP_CALLOUT_NOT_FOUND);
    ASSERT_EQ(FwpmFilterDeleteById0(NULL, 424242), STATUS_FWP_NOT_FOUND);
    /* A permit filter without a callout is fine and harmless to a redirected flow. */
    f.action.type = FWP_ACTION_PERMIT;
    ASSERT_EQ(FwpmFilterAdd0(NULL, &f, NULL, &fid), STATUS_SUCCESS);
    ULONG n;
    redirected(t, 0, &n);
    ASSERT_GT(n, 0);
    ASSERT_EQ(FwpmFilterDeleteById0(NULL, fid), STATUS_SUCCESS);
    ASSERT_EQ(FwpmFilterDeleteById0(NULL, fid), STATUS_FWP_NOT_FOUND);
    return fx_close(t);
}

static void classify_nothing(const FWPS_INCOMING_VALUES0 *in, const FWPS_INCOMING_METADATA_VALUES0 *meta, void *data,
                             const void *ctx, const FWPS_FILTER1 *filter, UINT64 flow, FWPS_CLASSIFY_OUT0 *out) {
    (void)in, (void)meta, (void)data, (void)ctx, (void)filter, (void)flow, (void)out;
}

/* Unregistering by key takes exactly the callout with that key, by id exactly that id: a
 * driver that registered two callouts and unloads one keeps the other (DDI
 * FwpsCalloutUnregisterByKey0, FwpsCalloutUnregisterById0). */
TEST(bad_input_fwps_unregister_by_key_and_id) {
    wt_target *t = fx_open(NULL);
    FWPS_CALLOUT1 c1, c2;
    memset(&c1, 0, sizeof c1);
    c1.calloutKey.Data1 = 0xc0a1;
    c1.classifyFn = classify_nothing;
    c2 = c1;
    c2.calloutKey.Data1 = 0xc0a2;
    UINT32 id1 = 0, id2 = 0;
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c1, &id1), STATUS_SUCCESS);
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c2, &id2), STATUS_SUCCESS);
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c1, &(UINT32){0}), STATUS_FWP_ALREADY_EXISTS);
    ASSERT_EQ(FwpsCalloutUnregisterByKey0(&c2.calloutKey), STATUS_SUCCESS);
    ASSERT_EQ(FwpsCalloutUnregisterByKey0(&c2.calloutKey), STATUS_FWP_CALLOUT_NOT_FOUND);
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c1, &(UINT32){0}), STATUS_FWP_ALREADY_EXISTS); /* c1 stayed */
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c2, &id2), STATUS_SUCCESS); /* c2 went */
    ASSERT_EQ(FwpsCalloutUnregisterById0(id1), STATUS_SUCCESS);
    ASSERT_EQ(FwpsCalloutUnregisterById0(id1), STATUS_FWP_CALLOUT_NOT_FOUND);
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c2, &(UINT32){0}), STATUS_FWP_ALREADY_EXISTS); /* c2 stayed */
    ASSERT_EQ(FwpsCalloutUnregisterByKey0(NULL), STATUS_FWP_NULL_POINTER);
    return fx_close(t);
}

/* Management sessions: what a transaction adds is taken back by an abort and kept by a
 * commit; a second add of a key fails; calls on a closed engine handle fail. */
TEST(bad_input_fwpm_sessions_and_transactions) {
    static const GUID provider = {0xb0b0b0b0, 1, 2, {3, 4, 5, 6, 7, 8, 9, 1}};
    static const GUID sublayer = {0xb0b0b0b0, 1, 2, {3, 4, 5, 6, 7, 8, 9, 2}};
    wt_target *t = fx_open(NULL);
    HANDLE engine = NULL;
    ASSERT_EQ(FwpmEngineOpen0(L"remote", RPC_C_AUTHN_WINNT, NULL, NULL, &engine), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engine), STATUS_SUCCESS);
    ASSERT_EQ(FwpmTransactionCommit0(engine), STATUS_FWP_NO_TXN_IN_PROGRESS);
    ASSERT_EQ(FwpmTransactionBegin0(engine, 0), STATUS_SUCCESS);
    ASSERT_EQ(FwpmTransactionBegin0(engine, 0), STATUS_FWP_TXN_IN_PROGRESS);
    FWPM_PROVIDER0 p = {.providerKey = provider};
    FWPM_SUBLAYER0 sub = {.subLayerKey = sublayer, .weight = 3};
    ASSERT_EQ(FwpmProviderAdd0(engine, &p, NULL), STATUS_SUCCESS);
    ASSERT_EQ(FwpmProviderAdd0(engine, &p, NULL), STATUS_FWP_ALREADY_EXISTS);
    ASSERT_EQ(FwpmSubLayerAdd0(engine, &sub, NULL), STATUS_SUCCESS);
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V6;
    f.subLayerKey = sublayer;
    f.action.type = FWP_ACTION_PERMIT;
    UINT64 fid = 0;
    ASSERT_EQ(FwpmFilterAdd0(engine, &f, NULL, &fid), STATUS_SUCCESS);
    ASSERT_EQ(FwpmTransactionAbort0(engine), STATUS_SUCCESS);
    /* all three are gone: deleting them finds nothing, adding them again works */
    ASSERT_EQ(FwpmFilterDeleteById0(engine, fid), STATUS_FWP_NOT_FOUND);
    ASSERT_EQ(FwpmSubLayerDeleteByKey0(engine, &sublayer), STATUS_FWP_SUBLAYER_NOT_FOUND);
    ASSERT_EQ(FwpmProviderDeleteByKey0(engine, &provider), STATUS_FWP_PROVIDER_NOT_FOUND);
    ASSERT_EQ(FwpmTransactionBegin0(engine, 0), STATUS_SUCCESS);
    ASSERT_EQ(FwpmProviderAdd0(engine, &p, NULL), STATUS_SUCCESS);
    ASSERT_EQ(FwpmSubLayerAdd0(engine, &sub, NULL), STATUS_SUCCESS);
    ASSERT_EQ(FwpmFilterAdd0(engine, &f, NULL, &fid), STATUS_SUCCESS);
    ASSERT_EQ(FwpmTransactionCommit0(engine), STATUS_SUCCESS);
    /* committed: a sublayer with filters cannot go before them */
    ASSERT_EQ(FwpmSubLayerDeleteByKey0(engine, &sublayer), STATUS_FWP_IN_USE);
    ASSERT_EQ(FwpmFilterDeleteById0(engine, fid), STATUS_SUCCESS);
    ASSERT_EQ(FwpmSubLayerDeleteByKey0(engine, &sublayer), STATUS_SUCCESS);
    ASSERT_EQ(FwpmProviderDeleteByKey0(engine, &provider), STATUS_SUCCESS);
    FWPM_CALLOUT0 mc = {.calloutKey = provider};
    ASSERT_EQ(FwpmCalloutAdd0(engine, &mc, NULL, NULL), STATUS_FWP_INVALID_PARAMETER); /* no layer */
    mc.applicableLayer = FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    UINT32 cid = 0;
    ASSERT_EQ(FwpmCalloutAdd0(engine, &mc, NULL, &cid), STATUS_SUCCESS);
    ASSERT_EQ(FwpmCalloutDeleteById0(engine, cid), STATUS_SUCCESS);
    ASSERT_EQ(FwpmEngineClose0(engine), STATUS_SUCCESS);
    ASSERT_EQ(FwpmEngineClose0(engine), STATUS_INVALID_HANDLE);
    ASSERT_EQ(FwpmTransactionBegin0(engine, 0), STATUS_INVALID_HANDLE);
    return fx_close(t);
}

TEST(bad_input_fwps_classify_calls_with_stale_or_bogus_handles) {
    wt_target *t = fx_open(NULL);
    UINT64 h = 0;
    int dummy;
    ASSERT_EQ(FwpsAcquireClassifyHandle0(NULL, 0, &h), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(FwpsAcquireClassifyHandle0(&dummy, 0, &h), STATUS_INVALID_PARAMETER);
    void *data = NULL;
    FWPS_CLASSIFY_OUT0 out;
    memset(&out, 0, sizeof out);
    ASSERT_EQ(FwpsAcquireWritableLayerDataPointer0(0x1234, 1, 0, &data, &out), STATUS_INVALID_PARAMETER);
    ASSERT_NULL(data);
    ASSERT_EQ(FwpsPendClassify0(0x1234, 1, 0, &out), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
    FwpsReleaseClassifyHandle0(0x1234);
    FwpsApplyModifiedLayerData0(0x1234, &out, 0);
    FwpsCompleteClassify0(0x1234, 0, NULL);
    ASSERT_EQ(fx_findings(t, NULL, NULL), 3); /* each misuse reported, none fatal */
    void *ctx = (void *)1;
    ASSERT_EQ(FwpsQueryConnectionRedirectState0(NULL, (HANDLE)&dummy, &ctx), FWPS_CONNECTION_NOT_REDIRECTED);
    ASSERT_NULL(ctx);
    SIZE_T bt = 7;
    UINT64 buf[8];
    ASSERT_EQ(FwpsQueryConnectionSioFormatRedirectRecords0(NULL, buf, sizeof buf, &bt), STATUS_NOT_FOUND);
    FwpsRedirectHandleDestroy0(NULL);
    FwpsRedirectHandleDestroy0((HANDLE)&dummy);
    ASSERT_EQ(fx_findings(t, NULL, NULL), 5);
    return fx_close(t);
}

TEST(bad_input_pool_allocations) {
    wt_target *t = fx_open(NULL);
    ASSERT_NULL(ExAllocatePoolWithTag(NonPagedPoolNx, 0, 1));
    ASSERT_NULL(ExAllocatePoolWithTag(NonPagedPoolNx, (SIZE_T)1 << 40, 1));
    void *p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, 1);
    ASSERT_NOT_NULL(p);
    ExFreePoolWithTag(p, 1);
    ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
    ExFreePoolWithTag(p, 1); /* twice: reported, not freed again */
    int stack;
    ExFreePoolWithTag(&stack, 1); /* never pool memory */
    ExFreePoolWithTag(NULL, 1); /* NULL: nothing */
    int has;
    ASSERT_EQ(fx_findings(t, "not pool memory", &has), 2);
    ASSERT(has);
    return fx_close(t);
}

/* With no world (after wt_close) every entry point says so instead of crashing. */
TEST(bad_input_no_world_after_close) {
    wt_target *t = fx_open(NULL);
    ULONG n;
    SOCKET s = redirected(t, 0, &n); /* a real socket of the world that goes */
    wt_close(t);
    GUID g = {1, 2, 3, {4}};
    HANDLE h = NULL;
    ASSERT_EQ(FwpsRedirectHandleCreate0(&g, 0, &h), STATUS_DEVICE_NOT_READY);
    UINT32 id;
    FWPS_CALLOUT1 c;
    memset(&c, 0, sizeof c);
    ASSERT_EQ(FwpsCalloutRegister1(NULL, &c, &id), STATUS_DEVICE_NOT_READY);
    ASSERT_NULL(ExAllocatePoolWithTag(NonPagedPoolNx, 8, 1));
    ASSERT_EQ(FwpsQueryConnectionRedirectState0(NULL, NULL, NULL), FWPS_CONNECTION_NOT_REDIRECTED);
    uint8_t buf[64];
    DWORD cb;
    ASSERT_EQ(WSAIoctl(s, QREC, NULL, 0, buf, sizeof buf, &cb, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    return 0;
}

/* Malformed record blobs through SET (and its overflow view through a port) and malformed
 * control messages through WSASendMsg: failures, never a crash or a hang. */
TEST(bad_input_malformed_blobs_and_cmsgs) {
    wt_target *t = fx_open(NULL);
    ULONG n;
    SOCKET acc = redirected(t, 1, &n);
    static uint8_t junk[70000];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (uint8_t)(i * 7 + 3);
    SOCKET fresh = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    static const DWORD sizes[] = {1, 4, 16, 148, 1024, 65536, 65537, sizeof junk};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        DWORD cb;
        int e = fx_ioctl(t, (int)(k & 1), fresh, SETREC, junk, sizes[k], NULL, 0, &cb, NULL, NULL);
        ASSERT_EQ(e, WSAEINVAL); /* STATUS_INVALID_PARAMETER, or _INTEGER_OVERFLOW over 64 KiB */
    }
    /* Over 64 KiB through a completion port: the Win32 view of STATUS_INTEGER_OVERFLOW. */
    HANDLE port = fx_iocp(acc);
    pending p;
    p.port = port;
    memset(&p.ov, 0, sizeof p.ov);
    DWORD cb;
    ASSERT_EQ(fx_ioctl(t, 0, acc, SETREC, junk, sizeof junk, NULL, 0, &cb, &p.ov, NULL), WSA_IO_PENDING);
    ASSERT_EQ(port_verdict(&p), ERROR_ARITHMETIC_OVERFLOW);
    /* WSASendMsg control messages: cmsg_len 0 (no progress), too large, two records. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    LPFN_WSASENDMSG sendmsg_fn = (LPFN_WSASENDMSG)fx_extension(u, 1);
    SOCKADDR_IN to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    UINT64 control[64];
    WSACMSGHDR hs[3] = {{0, IPPROTO_IP, IP_WFP_REDIRECT_RECORDS},
                        {sizeof control + 8, IPPROTO_IP, IP_WFP_REDIRECT_RECORDS},
                        {WSA_CMSG_LEN(8), IPPROTO_IP, IP_WFP_REDIRECT_RECORDS}};
    static char payload[] = "x";
    WSABUF b = {1, payload};
    for (int k = 0; k < 3; k++) {
        memset(control, 0, sizeof control);
        memcpy(control, &hs[k], sizeof hs[k]);
        if (k == 2) memcpy((uint8_t *)control + WSA_CMSG_SPACE(8), &hs[k], sizeof hs[k]); /* a second one */
        WSAMSG m = {(LPSOCKADDR)&to, sizeof to, &b, 1, {sizeof control, (CHAR *)control}, 0};
        DWORD sent = 0;
        ASSERT_EQ(sendmsg_fn(u, &m, 0, &sent, NULL, NULL), SOCKET_ERROR);
        ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    }
    WSAMSG nullctl = {(LPSOCKADDR)&to, sizeof to, &b, 1, {8, NULL}, 0};
    DWORD sent = 0;
    ASSERT_EQ(sendmsg_fn(u, &nullctl, 0, &sent, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT); /* A67 */
    CloseHandle(port);
    return fx_close(t);
}

TEST(bad_input_target_api_arguments) {
    wt_target *t = NULL;
    ASSERT_EQ(wt_open("model", NULL), WT_EINVAL);
    ASSERT_EQ(wt_open("native", &t), WT_EUNSUPPORTED);
    ASSERT_EQ(wt_open("banana", &t), WT_EINVAL);
    ASSERT_NULL(t);
    t = fx_open(NULL);
    ASSERT_EQ(wt_set_profile(t, "no-such-profile"), WT_EINVAL);
    ASSERT_EQ(wt_set_knob(t, "too_small", "huge"), WT_EINVAL);
    ASSERT_EQ(wt_set_knob(t, "no_such_knob", "x"), WT_EINVAL);
    ASSERT_NULL(wt_get_knob(t, "no_such_knob"));
    ASSERT_EQ(wt_tcp_redirected(t, 99, 0, NULL), WT_EINVAL);
    ASSERT_EQ(wt_udp_redirected(NULL, AF_INET, 0, NULL), WT_EINVAL);
    ASSERT_EQ(wt_add_callout(t, NULL), WT_EINVAL);
    ULONG len = 5;
    ASSERT_EQ(wt_issued_records(t, wt_not_a_socket(t), NULL, 0, &len), WT_EINVAL);
    ASSERT_EQ(len, 0);
    ASSERT_EQ(wt_pump(NULL), 0);
    ASSERT_EQ(wt_complete_pended(NULL), 0);
    ASSERT_EQ(wt_findings(NULL, NULL, 0), 0);
    wt_close(NULL);
    return fx_close(t);
}
