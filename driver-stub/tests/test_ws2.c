/*
 * test_ws2.c: unit tests of the Winsock API and the base provider (driver-stub/ws2 and
 * driver-stub/provider): the generic WSAIoctl/WSPIoctl plumbing every WFP redirect code
 * inherits (SEMANTICS 3, 4.1, A15..A32, A38, A39), the WSA_CMSG_* macros on real buffers
 * (A07..A13), and bad input.
 *
 * Why: the WFP codes are only as testable as the plumbing under them.  Each test pins one
 * observed-on-Windows shape (what is returned, what lands in *lpcbBytesReturned and in the
 * OVERLAPPED, and which of port packet / event / APC fires, and how often), so that a model
 * change or a vendor stack that breaks it is named by the assertion it breaks.  The sockets
 * are plain connected TCP sockets (no callout) unless the assertion needs a redirected one.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

/* ---- helpers ---- */

#define PORT_KEY ((ULONG_PTR)0x5EED)
#define PRESET 0xDEADBEEFu /* SEMANTICS 9: "size" is preset to 0xDEADBEEF */
#define INTERNAL_PRESET 0x1111u
#define INTERNAL_HIGH_PRESET 0x2222u

static const DWORD unknown_codes[] = {0xdeadbeef, (DWORD)FIOASYNC, 0x667e, SIO_FLUSH};
#define NUNKNOWN (sizeof unknown_codes / sizeof unknown_codes[0])

static const GUID recvmsg_guid = WSAID_WSARECVMSG;

static ULONG_PTR nt(NTSTATUS s) { return (ULONG_PTR)(LONG_PTR)s; } /* Internal is sign-extended */

/* What the completion routines saw. */
static struct {
    int count;
    DWORD error, bytes, flags;
    LPWSAOVERLAPPED ov;
    pthread_t thread;
} apc;

static void CALLBACK record_completion(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    apc.count++;
    apc.error = error;
    apc.bytes = bytes;
    apc.ov = ov;
    apc.flags = flags;
    apc.thread = pthread_self();
}

/* One test's world: a model target, a connection, the socket under test (the accepted end),
 * an OVERLAPPED and a size preset so that any write to them shows. */
typedef struct fx {
    wt_target *t;
    wt_tcp_flow f;
    SOCKET s;
    HANDLE port; /* after fx_port */
    OVERLAPPED ov;
    DWORD size;
} fx;

static void fx_preset(fx *x, WSAEVENT e) {
    memset(&x->ov, 0, sizeof x->ov);
    x->ov.Internal = INTERNAL_PRESET;
    x->ov.InternalHigh = INTERNAL_HIGH_PRESET;
    x->ov.hEvent = e;
    x->size = PRESET;
    memset(&apc, 0, sizeof apc);
    WSASetLastError(0);
}

/* A fresh event, and the presets again with it as the OVERLAPPED's hEvent. */
static WSAEVENT fx_event(fx *x) {
    WSAEVENT e = WSACreateEvent();
    fx_preset(x, e);
    return e;
}

/* A plain (not redirected) overlapped TCP connection; profile and knobs as given. */
static void fx_plain_with(fx *x, const char *knob, const char *value) {
    x->t = fx_open(NULL);
    if (knob) ASSERT_EQ(wt_set_knob(x->t, knob, value), WT_OK);
    ASSERT_EQ(wt_tcp_plain(x->t, AF_INET, &x->f), WT_OK);
    x->s = x->f.accepted;
    x->port = NULL;
    fx_preset(x, NULL);
}

static void fx_plain(fx *x) { fx_plain_with(x, NULL, NULL); }

/* A connection a callout redirected to the proxy, overlapped. */
static void ws2_redirected(fx *x) {
    x->t = fx_open(NULL);
    ASSERT_EQ(wt_tcp_redirected(x->t, AF_INET, 1, &x->f), WT_OK);
    x->s = x->f.accepted;
    x->port = NULL;
    fx_preset(x, NULL);
}

static HANDLE port_for(SOCKET s) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ASSERT_NOT_NULL(port);
    ASSERT(CreateIoCompletionPort((HANDLE)s, port, PORT_KEY, 0) == port);
    return port;
}

static void fx_port(fx *x) { x->port = port_for(x->s); }

/* fx_plain with the accepted socket on a completion port. */
static void fx_plain_port(fx *x) {
    fx_plain(x);
    fx_port(x);
}

/* The records the stack issued for the fixture's redirected connection. */
static ULONG ws2_issued(fx *x, char *buf, ULONG cap) {
    ULONG n = 0;
    ASSERT_EQ(wt_issued_records(x->t, x->s, buf, cap, &n), WT_OK);
    return n;
}

static int ioctl_code(SOCKET s, DWORD code, DWORD *size, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    WSASetLastError(0);
    return WSAIoctl(s, code, NULL, 0, NULL, 0, size, ov, cr);
}

/* SIO_GET_EXTENSION_FUNCTION_POINTER with the given GUID into *fn. */
static int get_extension(SOCKET s, GUID g, void **fn, DWORD *size, LPWSAOVERLAPPED ov,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    WSASetLastError(0);
    return WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, sizeof *fn, size, ov, cr);
}

static void expect_fail(int r, int wsa_error) {
    ASSERT_EQ(r, SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), wsa_error);
}

/* Dequeues one packet without waiting (a dequeue also runs deferred work first) and checks
 * it: error 0 means a successful packet.  Always the fixture's key. */
static void expect_packet(HANDLE port, DWORD error, DWORD bytes, LPOVERLAPPED ov) {
    DWORD got_bytes = PRESET;
    ULONG_PTR key = 0;
    LPOVERLAPPED got_ov = NULL;
    SetLastError(0);
    BOOL ok = GetQueuedCompletionStatus(port, &got_bytes, &key, &got_ov, 0);
    ASSERT_EQ(ok, error == 0);
    if (!ok) ASSERT_EQ(GetLastError(), error);
    ASSERT_EQ(got_bytes, bytes);
    ASSERT_EQ(key, PORT_KEY);
    ASSERT(got_ov == ov);
}

static void expect_no_packet(HANDLE port) {
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov = (LPOVERLAPPED)&key;
    ASSERT(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0));
    ASSERT_EQ(GetLastError(), WAIT_TIMEOUT);
    ASSERT_NULL(ov);
}

/* An alertable wait runs exactly one completion routine, with these arguments. */
static void expect_one_apc(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov) {
    ASSERT_EQ(apc.count, 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(apc.count, 1);
    ASSERT_EQ(apc.error, error);
    ASSERT_EQ(apc.bytes, bytes);
    ASSERT(apc.ov == ov);
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    ASSERT_EQ(apc.count, 1);
}

static void expect_no_apc(void) {
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    ASSERT_EQ(apc.count, 0);
}

/* Nothing was written to the fixture's OVERLAPPED. */
static void expect_ov_untouched(const fx *x) {
    ASSERT_EQ(x->ov.Internal, INTERNAL_PRESET);
    ASSERT_EQ(x->ov.InternalHigh, INTERNAL_HIGH_PRESET);
}

static bool event_signalled(WSAEVENT e) { return WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0; }

/* ---- A07..A13: the cmsg macros on real buffers ---- */

static WSAMSG control_over(u_char *buf, ULONG len) {
    WSAMSG msg;
    memset(&msg, 0, sizeof msg);
    msg.Control.buf = (CHAR *)buf;
    msg.Control.len = len;
    return msg;
}

/* Two messages laid out with WSA_CMSG_SPACE, then walked back with FIRSTHDR/NXTHDR/DATA. */
TEST(ws2_A07_cmsg_len_space_data_on_a_real_buffer) {
    _Alignas(WSACMSGHDR) u_char buf[64];
    memset(buf, 0, sizeof buf);
    volatile size_t one = 1, nine = 9; /* run-time lengths: the macros, not constant folding */
    ASSERT_EQ(WSA_CMSG_LEN(one), 17);
    ASSERT_EQ(WSA_CMSG_SPACE(one), 24);
    ASSERT_EQ(WSA_CMSG_SPACE(nine), 32);
    WSAMSG msg = control_over(buf, (ULONG)(WSA_CMSG_SPACE(one) + WSA_CMSG_SPACE(nine)));
    WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&msg);
    ASSERT((u_char *)c == buf);
    c->cmsg_len = WSA_CMSG_LEN(one);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_WFP_REDIRECT_RECORDS;
    ASSERT(WSA_CMSG_DATA(c) == buf + 16);
    *WSA_CMSG_DATA(c) = 0xAB;
    WSACMSGHDR *d = WSA_CMSG_NXTHDR(&msg, c);
    ASSERT((u_char *)d == buf + 24);
    d->cmsg_len = WSA_CMSG_LEN(nine);
    d->cmsg_type = IP_WFP_REDIRECT_CONTEXT;
    memset(WSA_CMSG_DATA(d), 0xCD, nine);
    ASSERT_EQ(buf[16], 0xAB);
    ASSERT_EQ(buf[24 + 16 + 8], 0xCD); /* the 9th data byte of the second message */
    ASSERT_NULL(WSA_CMSG_NXTHDR(&msg, d)); /* 24 + 32 = 56 = the end */
    WSACMSGHDR *none = NULL; /* NULL asks NXTHDR for the first header */
    ASSERT(WSA_CMSG_NXTHDR(&msg, none) == c);
    return 0;
}

TEST(ws2_A11_firsthdr_null_for_short_control_len) {
    _Alignas(WSACMSGHDR) u_char buf[sizeof(WSACMSGHDR)];
    WSACMSGHDR *none = NULL;
    for (ULONG len = 0; len < sizeof(WSACMSGHDR); len++) {
        WSAMSG msg = control_over(buf, len);
        ASSERT_NULL(WSA_CMSG_FIRSTHDR(&msg));
        ASSERT_NULL(WSA_CMSG_NXTHDR(&msg, none));
    }
    WSAMSG msg = control_over(buf, sizeof(WSACMSGHDR));
    ASSERT((u_char *)WSA_CMSG_FIRSTHDR(&msg) == buf);
    return 0;
}

/* The fuzz hazard: cmsg_len 0 makes NXTHDR return the same header, so loops must be bounded. */
TEST(ws2_A12_nxthdr_cmsg_len_zero_returns_same_header) {
    _Alignas(WSACMSGHDR) u_char buf[64];
    memset(buf, 0, sizeof buf);
    WSAMSG msg = control_over(buf, sizeof buf);
    WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&msg);
    ASSERT_EQ(c->cmsg_len, 0);
    int steps = 0;
    for (WSACMSGHDR *p = c; p && steps < 10; p = WSA_CMSG_NXTHDR(&msg, p)) {
        ASSERT(p == c);
        steps++;
    }
    ASSERT_EQ(steps, 10); /* the walk never ended by itself */
    return 0;
}

TEST(ws2_A13_nxthdr_null_past_the_end) {
    _Alignas(WSACMSGHDR) u_char buf[48];
    memset(buf, 0, sizeof buf);
    WSACMSGHDR *c = (WSACMSGHDR *)buf;
    c->cmsg_len = WSA_CMSG_LEN(8); /* aligned step 24: a next header needs 24 + 16 = 40 */
    WSAMSG msg = control_over(buf, 40);
    ASSERT((u_char *)WSA_CMSG_NXTHDR(&msg, c) == buf + 24);
    msg.Control.len = 39;
    ASSERT_NULL(WSA_CMSG_NXTHDR(&msg, c));
    c->cmsg_len = (SIZE_T)1 << 40; /* absurd lengths are past the end too */
    msg.Control.len = sizeof buf;
    ASSERT_NULL(WSA_CMSG_NXTHDR(&msg, c));
    return 0;
}

/* ---- A15/A16: NULL lpcbBytesReturned ---- */

TEST(ws2_A16_null_lpcb_sync_efault) {
    fx x;
    fx_plain(&x);
    const DWORD codes[] = {0xdeadbeef, (DWORD)FIONREAD, (DWORD)SIOCATMARK, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS,
                           SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        u_long out = 7;
        WSASetLastError(0);
        expect_fail(WSAIoctl(x.s, codes[i], NULL, 0, &out, sizeof out, NULL, NULL, NULL), WSAEFAULT);
        ASSERT_EQ(out, 7);
    }
    return fx_close(x.t);
}

/* §4.1: FIONREAD with cbOutBuffer one short fails with WSAEFAULT and leaves size alone. */
TEST(ws2_A16_fionread_short_buffer_efault_size_unchanged) {
    fx x;
    fx_plain(&x);
    u_long v = 7;
    expect_fail(WSAIoctl(x.s, FIONREAD, NULL, 0, &v, sizeof v - 1, &x.size, NULL, NULL), WSAEFAULT);
    ASSERT_EQ(x.size, PRESET);
    ASSERT_EQ(v, 7);
    ASSERT_EQ(WSAIoctl(x.s, FIONREAD, NULL, 0, &v, sizeof v, &x.size, NULL, NULL), 0);
    ASSERT_EQ(x.size, sizeof v);
    ASSERT_EQ(v, 0);
    return fx_close(x.t);
}

TEST(ws2_A15_null_lpcb_overlapped_event_efault_nothing_queued) {
    fx x;
    fx_plain_port(&x);
    WSAEVENT e = WSACreateEvent();
    for (size_t i = 0; i < NUNKNOWN; i++) {
        fx_preset(&x, e);
        ASSERT(WSASetEvent(e)); /* starting an operation would reset it */
        expect_fail(ioctl_code(x.s, unknown_codes[i], NULL, &x.ov, NULL), WSAEFAULT);
        expect_ov_untouched(&x);
        ASSERT(event_signalled(e));
        expect_no_packet(x.port);
    }
    void *fn = NULL;
    fx_preset(&x, NULL);
    expect_fail(get_extension(x.s, recvmsg_guid, &fn, NULL, &x.ov, NULL), WSAEFAULT);
    ASSERT_NULL(fn);
    expect_no_packet(x.port);
    return fx_close(x.t);
}

TEST(ws2_A15_null_lpcb_completion_routine_efault_no_apc) {
    fx x;
    fx_plain(&x);
    for (size_t i = 0; i < NUNKNOWN; i++) {
        expect_fail(ioctl_code(x.s, unknown_codes[i], NULL, &x.ov, record_completion), WSAEFAULT);
        expect_ov_untouched(&x);
    }
    expect_no_apc();
    return fx_close(x.t);
}

/* ---- A17/A18: unknown codes ---- */

/* Every unknown code, synchronously, under a profile: -1 with wsa_error and size 0.  Where the
 * profile says flush=abort, SIO_FLUSH is not unknown: it succeeds (and aborts nothing here). */
static int check_unknown_codes_sync(const char *profile, int wsa_error) {
    fx x;
    fx_plain(&x);
    ASSERT_EQ(wt_set_profile(x.t, profile), WT_OK);
    bool flush_aborts = strcmp(wt_get_knob(x.t, "flush"), "abort") == 0;
    for (size_t i = 0; i < NUNKNOWN; i++) {
        x.size = PRESET;
        int r = ioctl_code(x.s, unknown_codes[i], &x.size, NULL, NULL);
        if (unknown_codes[i] == SIO_FLUSH && flush_aborts)
            ASSERT_EQ(r, 0);
        else
            expect_fail(r, wsa_error);
        ASSERT_EQ(x.size, 0);
    }
    return fx_close(x.t);
}

TEST(ws2_A17_unknown_codes_sync_eopnotsupp_size_zero) { return check_unknown_codes_sync("windows", WSAEOPNOTSUPP); }

/* C12: the pages' own wording. */
TEST(ws2_A17_C12_unknown_codes_docs_table_einval) { return check_unknown_codes_sync("docs-table", WSAEINVAL); }

/* Unknown code i started overlapped on x (presets fresh): pending, the size untouched. */
static void start_unknown(fx *x, size_t i, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    fx_preset(x, NULL);
    expect_fail(ioctl_code(x->s, unknown_codes[i], &x->size, &x->ov, cr), WSA_IO_PENDING);
    ASSERT_EQ(x->size, PRESET);
}

TEST(ws2_A18_unknown_code_iocp_pending_then_not_supported) {
    fx x;
    fx_plain_port(&x);
    for (size_t i = 0; i < NUNKNOWN; i++) {
        start_unknown(&x, i, NULL);
        expect_packet(x.port, ERROR_NOT_SUPPORTED, 0, &x.ov);
        ASSERT_EQ(x.ov.Internal, nt(STATUS_NOT_SUPPORTED));
        ASSERT_EQ(x.ov.InternalHigh, 0);
        expect_no_packet(x.port); /* exactly one */
    }
    return fx_close(x.t);
}

/* ---- A19/A20: completion routines and alertable waits ---- */

TEST(ws2_A19_completion_routine_runs_once_in_alertable_wait) {
    fx x;
    fx_plain(&x);
    for (size_t i = 0; i < NUNKNOWN; i++) {
        start_unknown(&x, i, record_completion);
        ASSERT_EQ(SleepEx(0, FALSE), 0); /* not alertable: still queued */
        expect_one_apc(WSAEOPNOTSUPP, 0, &x.ov);
        ASSERT_EQ(apc.flags, 0);
    }
    return fx_close(x.t);
}

TEST(ws2_A20_routine_never_runs_without_alertable_wait) {
    fx x;
    fx_plain(&x);
    expect_fail(ioctl_code(x.s, 0xdeadbeef, &x.size, &x.ov, record_completion), WSA_IO_PENDING);
    WSAEVENT e = WSACreateEvent();
    ASSERT(WSASetEvent(e));
    ASSERT_EQ(SleepEx(10, FALSE), 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 10, FALSE), WSA_WAIT_EVENT_0);
    ASSERT_EQ(wt_pump(x.t), 0);
    ASSERT_EQ(apc.count, 0);
    wt_close(x.t); /* the undelivered APC is dropped with the world (LSan checks it is freed) */
    ASSERT_EQ(apc.count, 0);
    return 0;
}

static void *other_thread_alertable_waits(void *arg) {
    DWORD *r = arg;
    r[0] = SleepEx(0, TRUE);
    WSAEVENT e = WSACreateEvent();
    r[1] = WSAWaitForMultipleEvents(1, &e, FALSE, 0, TRUE);
    WSACloseEvent(e);
    return NULL;
}

TEST(ws2_A20_routine_of_one_thread_not_run_by_another) {
    fx x;
    fx_plain(&x);
    expect_fail(ioctl_code(x.s, 0xdeadbeef, &x.size, &x.ov, record_completion), WSA_IO_PENDING);
    DWORD other[2] = {PRESET, PRESET};
    pthread_t th;
    ASSERT_EQ(pthread_create(&th, NULL, other_thread_alertable_waits, other), 0);
    ASSERT_EQ(pthread_join(th, NULL), 0);
    ASSERT_EQ(other[0], 0);
    ASSERT_EQ(other[1], WSA_WAIT_TIMEOUT);
    expect_one_apc(WSAEOPNOTSUPP, 0, &x.ov);
    ASSERT(pthread_equal(apc.thread, pthread_self()));
    return fx_close(x.t);
}

/* ---- A21/A23: immediate success and immediate failure ---- */

TEST(ws2_A21_immediate_success_iocp_packet_zero_bytes) {
    fx x;
    fx_plain_port(&x);
    WSAEVENT e = fx_event(&x);
    void *fn = NULL;
    ASSERT_EQ(get_extension(x.s, recvmsg_guid, &fn, &x.size, &x.ov, NULL), 0);
    ASSERT_NOT_NULL(fn);
    ASSERT_EQ(x.size, sizeof(void *));
    ASSERT_EQ(x.ov.Internal, 0);
    ASSERT_EQ(x.ov.InternalHigh, 0);
    ASSERT(event_signalled(e));
    expect_packet(x.port, 0, 0, &x.ov);
    expect_no_packet(x.port);
    return fx_close(x.t);
}

TEST(ws2_A21_immediate_success_apc_zero_bytes) {
    fx x;
    fx_plain(&x);
    void *fn = NULL;
    ASSERT_EQ(get_extension(x.s, recvmsg_guid, &fn, &x.size, &x.ov, record_completion), 0);
    ASSERT_EQ(x.size, sizeof(void *));
    expect_one_apc(0, 0, &x.ov);
    return fx_close(x.t);
}

TEST(ws2_A23_bogus_guid_overlapped_einval_nothing_queued) {
    fx x;
    fx_plain_port(&x);
    static const GUID bogus = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
    void *fn = NULL;
    expect_fail(get_extension(x.s, bogus, &fn, &x.size, &x.ov, NULL), WSAEINVAL);
    ASSERT_EQ(x.size, PRESET);
    expect_ov_untouched(&x);
    ASSERT_NULL(fn);
    expect_no_packet(x.port);
    return fx_close(x.t);
}

/* ---- A27..A29: pending operations, aborts and WSAGetOverlappedResult ---- */

/* A QUERY left pending (knob ioctl_completion=deferred, set by the caller). */
static void start_deferred_query(fx *x, char *out, DWORD cap) {
    expect_fail(WSAIoctl(x->s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, cap, &x->size, &x->ov, NULL),
                WSA_IO_PENDING);
    ASSERT_EQ(x->size, PRESET);
    ASSERT_EQ(x->ov.Internal, nt(STATUS_PENDING));
}

TEST(ws2_A27_pending_ioctl_aborted_by_closesocket) {
    fx x;
    fx_plain_with(&x, "ioctl_completion", "deferred");
    fx_port(&x);
    char out[1024];
    start_deferred_query(&x, out, sizeof out);
    ASSERT_EQ(closesocket(x.s), 0);
    expect_packet(x.port, ERROR_OPERATION_ABORTED, 0, &x.ov);
    ASSERT_EQ(x.ov.Internal, nt(STATUS_CANCELLED));
    ASSERT_EQ(wt_pump(x.t), 0); /* the deferred run went with the abort */
    expect_no_packet(x.port);
    return fx_close(x.t);
}

/* A WSARecv that waits for data.  Its lpFlags variable ends with this function: a pending
 * receive must not write it later. */
/* A WSARecv on x->s into a buffer of its own, pending (nothing has been sent). */
static void start_pending_recv(fx *x) {
    static char data[16];
    static WSABUF b = {sizeof data, data};
    DWORD flags = 0;
    expect_fail(WSARecv(x->s, &b, 1, NULL, &flags, &x->ov, NULL), WSA_IO_PENDING);
}

TEST(ws2_A27_sio_flush_abort_knob_aborts_pending_wsarecv) {
    fx x;
    fx_plain_with(&x, "flush", "abort");
    fx_port(&x);
    start_pending_recv(&x);
    expect_no_packet(x.port);
    DWORD size = PRESET;
    ASSERT_EQ(ioctl_code(x.s, SIO_FLUSH, &size, NULL, NULL), 0);
    ASSERT_EQ(size, 0);
    expect_packet(x.port, WSA_OPERATION_ABORTED, 0, &x.ov);
    return fx_close(x.t);
}

/* The default (windows) profile: SIO_FLUSH is unknown and aborts nothing (A17). */
TEST(ws2_A17_sio_flush_default_leaves_pending_wsarecv) {
    fx x;
    fx_plain_port(&x);
    start_pending_recv(&x);
    DWORD size = PRESET;
    expect_fail(ioctl_code(x.s, SIO_FLUSH, &size, NULL, NULL), WSAEOPNOTSUPP);
    expect_no_packet(x.port);
    ASSERT_EQ(send(x.f.client, "xy", 2, 0), 2);
    expect_packet(x.port, 0, 2, &x.ov);
    return fx_close(x.t);
}

/* A28 on a redirected socket: the pending QUERY is incomplete until a waiting call runs it. */
TEST(ws2_A28_get_overlapped_result_incomplete_then_waits) {
    fx x;
    ws2_redirected(&x);
    ASSERT_EQ(wt_set_knob(x.t, "ioctl_completion", "deferred"), WT_OK);
    char issued[8192], out[8192];
    ULONG n = ws2_issued(&x, issued, sizeof issued);
    WSAEVENT e = fx_event(&x);
    start_deferred_query(&x, out, sizeof out);
    DWORD cb = PRESET, flags = PRESET;
    ASSERT(!WSAGetOverlappedResult(x.s, &x.ov, &cb, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSA_IO_INCOMPLETE);
    ASSERT_EQ(x.ov.Internal, nt(STATUS_PENDING)); /* fWait=FALSE is not a point where work runs */
    ASSERT_EQ(cb, PRESET);
    ASSERT(WSAGetOverlappedResult(x.s, &x.ov, &cb, TRUE, &flags));
    ASSERT_EQ(cb, n);
    ASSERT_EQ(flags, 0);
    ASSERT_MEM_EQ(out, issued, n);
    ASSERT(event_signalled(e));
    return fx_close(x.t);
}

TEST(ws2_A29_get_overlapped_result_of_failed_op_gives_its_wsa_error) {
    fx x;
    fx_plain(&x);
    WSAEVENT e = fx_event(&x);
    expect_fail(ioctl_code(x.s, 0xdeadbeef, &x.size, &x.ov, NULL), WSA_IO_PENDING);
    ASSERT(event_signalled(e));
    DWORD cb = PRESET, flags = PRESET;
    ASSERT(!WSAGetOverlappedResult(x.s, &x.ov, &cb, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
    ASSERT_EQ(cb, 0); /* gor_failure_size=update: InternalHigh, which is 0 here */
    return fx_close(x.t);
}

/* ---- A30/A31: the SPI ---- */

static WSPPROC_TABLE spi(wt_target *t) {
    WSPPROC_TABLE tb;
    ASSERT_EQ(wt_wsp_table(t, &tb), WT_OK);
    return tb;
}

static int wsp_ioctl(const WSPPROC_TABLE *tb, SOCKET s, DWORD code, DWORD *size, LPWSAOVERLAPPED ov, WSATHREADID *tid,
                     int *err) {
    *err = 0;
    return tb->lpWSPIoctl(s, code, NULL, 0, NULL, 0, size, ov, NULL, tid, err);
}

TEST(ws2_A30_wsp_ioctl_failure_writes_lpErrno_not_last_error) {
    fx x;
    fx_plain_port(&x);
    WSPPROC_TABLE tb = spi(x.t);
    WSATHREADID tid = {GetCurrentThread(), 0};
    int err;
    SetLastError(77);
    ASSERT_EQ(wsp_ioctl(&tb, x.s, 0xdeadbeef, &x.size, NULL, &tid, &err), SOCKET_ERROR);
    ASSERT_EQ(err, WSAEOPNOTSUPP);
    ASSERT_EQ(GetLastError(), 77); /* the SPI reports through lpErrno only */
    ASSERT_EQ(wsp_ioctl(&tb, wt_not_a_socket(x.t), 0xdeadbeef, &x.size, NULL, &tid, &err), SOCKET_ERROR);
    ASSERT_EQ(err, WSAENOTSOCK);
    ASSERT_EQ(wsp_ioctl(&tb, x.s, 0xdeadbeef, NULL, &x.ov, &tid, &err), SOCKET_ERROR);
    ASSERT_EQ(err, WSAEFAULT);
    expect_no_packet(x.port); /* an error other than WSA_IO_PENDING: no completion, ever */
    return fx_close(x.t);
}

TEST(ws2_A30_wsp_ioctl_immediate_success_routine_already_queued) {
    fx x;
    fx_plain(&x);
    WSPPROC_TABLE tb = spi(x.t);
    WSATHREADID tid = {GetCurrentThread(), 0};
    GUID g = recvmsg_guid;
    void *fn = NULL;
    int err = -1;
    ASSERT_EQ(tb.lpWSPIoctl(x.s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &fn, sizeof fn, &x.size, &x.ov,
                            record_completion, &tid, &err),
              0);
    ASSERT_NOT_NULL(fn);
    ASSERT_EQ(x.size, sizeof fn);
    expect_one_apc(0, 0, &x.ov);
    return fx_close(x.t);
}

/* Starts a deferred QUERY through lpWSPIoctl with a WSATHREADID on the stack, overwrites it
 * as soon as the call returns, and completes the op; returns the number of APCs that ran. */
static int query_then_clobber_thread_id(fx *x) {
    WSPPROC_TABLE tb = spi(x->t);
    WSATHREADID tid = {GetCurrentThread(), 0};
    char out[256];
    int err = 0;
    ASSERT_EQ(tb.lpWSPIoctl(x->s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, sizeof out, &x->size, &x->ov,
                            record_completion, &tid, &err),
              SOCKET_ERROR);
    ASSERT_EQ(err, WSA_IO_PENDING);
    tid.ThreadHandle = (HANDLE)(uintptr_t)0x5550; /* the caller's copy is gone */
    tid.Reserved = ~(DWORD_PTR)0;
    ASSERT_EQ(wt_pump(x->t), 1);
    return SleepEx(0, TRUE) == WAIT_IO_COMPLETION ? apc.count : 0;
}

TEST(ws2_A31_wsp_ioctl_copies_thread_id) {
    fx x;
    fx_plain_with(&x, "ioctl_completion", "deferred");
    ASSERT_EQ(query_then_clobber_thread_id(&x), 1);
    ASSERT(pthread_equal(apc.thread, pthread_self()));
    ASSERT_EQ(apc.error, WSAEINVAL); /* not redirected: STATUS_NOT_FOUND, knob not_redirected=einval */
    return fx_close(x.t);
}

/* Negative control: with the catalogued fault the same sequence loses the routine. */
TEST(ws2_A31_fault_thread_id_not_copied_is_detected) {
    fx x;
    fx_plain_with(&x, "ioctl_completion", "deferred");
    ASSERT_EQ(wt_set_fault(x.t, "thread_id_not_copied", 1), WT_OK);
    ASSERT_EQ(query_then_clobber_thread_id(&x), 0);
    return fx_close(x.t);
}

static DWORD_PTR user_apc_context;
static int user_apc_runs;
static void CALLBACK record_user_apc(DWORD_PTR ctx) {
    user_apc_context = ctx;
    user_apc_runs++;
}

TEST(ws2_A31_wpuqueueapc_bogus_thread_efault) {
    wt_target *t = fx_open(NULL);
    WSATHREADID bogus = {(HANDLE)(uintptr_t)0x5550, 0};
    WSATHREADID closed_world_thread = {GetCurrentThread(), 0};
    WSATHREADID *bad[] = {&bogus, NULL, wt_unmapped_address(t)};
    user_apc_runs = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int err = 0;
        ASSERT_EQ(WPUQueueApc(bad[i], record_user_apc, 1, &err), SOCKET_ERROR);
        ASSERT_EQ(err, WSAEFAULT);
    }
    wt_close(t);
    t = fx_open(NULL); /* a thread handle of the closed world is not a thread here */
    int err = 0;
    ASSERT_EQ(WPUQueueApc(&closed_world_thread, record_user_apc, 1, &err), SOCKET_ERROR);
    ASSERT_EQ(err, WSAEFAULT);
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    ASSERT_EQ(user_apc_runs, 0);
    return fx_close(t);
}

TEST(ws2_A31_wpuqueueapc_passes_pointer_sized_context_in_alertable_wait) {
    wt_target *t = fx_open(NULL);
    WSATHREADID me = {GetCurrentThread(), 0};
    user_apc_runs = 0;
    int err = -1;
    DWORD_PTR ctx = (DWORD_PTR)0x1122334455667788ull;
    ASSERT_EQ(WPUQueueApc(&me, record_user_apc, ctx, &err), 0);
    ASSERT_EQ(SleepEx(0, FALSE), 0);
    ASSERT_EQ(user_apc_runs, 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(user_apc_runs, 1);
    ASSERT_EQ(user_apc_context, ctx);
    return fx_close(t);
}

/* ---- A32: a socket without the overlapped attribute ---- */

TEST(ws2_A32_non_overlapped_socket_ioctl_is_synchronous) {
    fx x;
    fx_plain(&x);
    x.s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    ASSERT(x.s != INVALID_SOCKET);
    fx_port(&x);
    expect_fail(ioctl_code(x.s, 0xdeadbeef, &x.size, &x.ov, NULL), WSAEOPNOTSUPP);
    ASSERT_EQ(x.size, 0);
    void *fn = NULL;
    x.size = PRESET;
    ASSERT_EQ(get_extension(x.s, recvmsg_guid, &fn, &x.size, &x.ov, record_completion), 0);
    ASSERT_EQ(x.size, sizeof fn);
    expect_ov_untouched(&x);
    expect_no_packet(x.port);
    expect_no_apc();
    return fx_close(x.t);
}

/* ---- A38/A39: bad pointers and bad descriptors ---- */

TEST(ws2_A38_lpcb_unmapped_readonly_guard_efault) {
    fx x;
    fx_plain_port(&x);
    LPDWORD bad[] = {wt_unmapped_address(x.t), wt_readonly_page(x.t), wt_guarded_buffer(x.t, 2)};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ASSERT_NOT_NULL(bad[i]);
        u_long v = 7;
        WSASetLastError(0);
        expect_fail(WSAIoctl(x.s, FIONREAD, NULL, 0, &v, sizeof v, bad[i], NULL, NULL), WSAEFAULT);
        ASSERT_EQ(v, 7);
        expect_fail(ioctl_code(x.s, 0xdeadbeef, bad[i], NULL, NULL), WSAEFAULT);
        expect_fail(ioctl_code(x.s, 0xdeadbeef, bad[i], &x.ov, NULL), WSAEFAULT);
        expect_ov_untouched(&x);
        expect_no_packet(x.port);
    }
    /* The guard helper itself is sound: four bytes right before the guard page are fine. */
    LPDWORD edge = wt_guarded_buffer(x.t, sizeof(DWORD));
    u_long v = 7;
    ASSERT_EQ(WSAIoctl(x.s, FIONREAD, NULL, 0, &v, sizeof v, edge, NULL, NULL), 0);
    ASSERT_EQ(*edge, sizeof v);
    return fx_close(x.t);
}

TEST(ws2_A39_not_a_socket_enotsock) {
    wt_target *t = fx_open(NULL);
    const SOCKET bad[] = {wt_not_a_socket(t), INVALID_SOCKET, 0, 12345, (SOCKET)GetCurrentThread()};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        DWORD size = PRESET;
        expect_fail(ioctl_code(bad[i], SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, &size, NULL, NULL), WSAENOTSOCK);
        ASSERT_EQ(size, PRESET);
        expect_fail(closesocket(bad[i]), WSAENOTSOCK);
    }
    return fx_close(t);
}

TEST(ws2_A39_closed_socket_and_double_close_enotsock) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(closesocket(s), 0);
    WSASetLastError(0);
    expect_fail(closesocket(s), WSAENOTSOCK);
    DWORD size = PRESET;
    expect_fail(ioctl_code(s, 0xdeadbeef, &size, NULL, NULL), WSAENOTSOCK);
    /* The slot is reused with a new generation: the old value still names nothing. */
    SOCKET s2 = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(s2 != INVALID_SOCKET);
    ASSERT(s2 != s);
    expect_fail(ioctl_code(s, 0xdeadbeef, &size, NULL, NULL), WSAENOTSOCK);
    expect_fail(ioctl_code(s2, 0xdeadbeef, &size, NULL, NULL), WSAEOPNOTSUPP);
    return fx_close(t);
}

TEST(ws2_A39_socket_of_closed_world_enotsock) {
    wt_target *t1 = fx_open(NULL);
    SOCKET old = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(old != INVALID_SOCKET);
    wt_close(t1);
    wt_target *t2 = fx_open(NULL);
    SOCKET mine = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(mine != INVALID_SOCKET);
    DWORD size = PRESET;
    expect_fail(ioctl_code(old, 0xdeadbeef, &size, NULL, NULL), WSAENOTSOCK);
    expect_fail(closesocket(old), WSAENOTSOCK);
    ASSERT_EQ(closesocket(mine), 0);
    return fx_close(t2);
}

/* ---- the three views of STATUS_BUFFER_TOO_SMALL (A24 analogue, profile windows) ---- */

/* A redirected connection; returns the size of its records (more than a ULONG). */
static ULONG too_small_setup(fx *x) {
    ws2_redirected(x);
    char issued[8192];
    ULONG need = ws2_issued(x, issued, sizeof issued);
    ASSERT_GT(need, sizeof(ULONG));
    return need;
}

/* QUERY_RECORDS into a buffer of one ULONG: at least the documented minimum, less than needed. */
static int query_small(fx *x, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    static ULONG out;
    WSASetLastError(0);
    return WSAIoctl(x->s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, &out, sizeof out, &x->size, ov, cr);
}

TEST(ws2_A24_too_small_query_sync_wsaefault_with_required_size) {
    fx x;
    ULONG need = too_small_setup(&x);
    expect_fail(query_small(&x, NULL, NULL), WSAEFAULT);
    ASSERT_EQ(x.size, need);
    return fx_close(x.t);
}

TEST(ws2_A24_too_small_query_iocp_122_and_internal) {
    fx x;
    ULONG need = too_small_setup(&x);
    fx_port(&x);
    expect_fail(query_small(&x, &x.ov, NULL), WSA_IO_PENDING);
    ASSERT_EQ(x.size, PRESET);
    /* the required size is for the synchronous call: an error completion carries 0 bytes,
     * as SIO_GET_INTERFACE_LIST's did on Windows */
    ASSERT(need > 0);
    expect_packet(x.port, ERROR_INSUFFICIENT_BUFFER, 0, &x.ov);
    ASSERT_EQ(x.ov.Internal, nt(STATUS_BUFFER_TOO_SMALL));
    ASSERT_EQ(x.ov.InternalHigh, 0);
    return fx_close(x.t);
}

TEST(ws2_A24_too_small_query_apc_wsaefault) {
    fx x;
    ULONG need = too_small_setup(&x);
    expect_fail(query_small(&x, &x.ov, record_completion), WSA_IO_PENDING);
    ASSERT(need > 0);
    expect_one_apc(WSAEFAULT, 0, &x.ov);
    ASSERT_EQ(x.ov.Internal, nt(STATUS_BUFFER_TOO_SMALL));
    return fx_close(x.t);
}

/* ---- bad input never crashes ---- */

/* cbOutBuffer claims 4 GiB; the buffer is 8 bytes before a guard page. */
TEST(ws2_bad_input_huge_cbout_small_buffer_efault) {
    fx x;
    ws2_redirected(&x);
    u_char *out = wt_guarded_buffer(x.t, 8);
    memset(out, 0x5A, 8);
    expect_fail(
        WSAIoctl(x.s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, 0xFFFFFFFFu, &x.size, NULL, NULL),
        WSAEFAULT);
    for (int i = 0; i < 8; i++) ASSERT_EQ(out[i], 0x5A);
    return fx_close(x.t);
}

/* x64 Windows takes unaligned user pointers; the model must neither fault nor trip UBSan. */
TEST(ws2_bad_input_misaligned_pointers) {
    fx x;
    fx_plain(&x);
    _Alignas(16) u_char raw[64];
    memset(raw, 0, sizeof raw);
    u_char *guid_at = raw + 1, *fn_at = raw + 21, *size_at = raw + 43;
    memcpy(guid_at, &recvmsg_guid, sizeof recvmsg_guid);
    ASSERT_EQ(WSAIoctl(x.s, SIO_GET_EXTENSION_FUNCTION_POINTER, guid_at, sizeof(GUID), fn_at, sizeof(void *),
                       (LPDWORD)size_at, NULL, NULL),
              0);
    DWORD size;
    void *fn;
    memcpy(&size, size_at, sizeof size);
    memcpy(&fn, fn_at, sizeof fn);
    ASSERT_EQ(size, sizeof(void *));
    ASSERT_NOT_NULL(fn);
    ASSERT_EQ(ioctl_code(x.s, 0xdeadbeef, (LPDWORD)size_at, NULL, NULL), SOCKET_ERROR);
    memcpy(&size, size_at, sizeof size);
    ASSERT_EQ(size, 0);
    ASSERT_EQ(send(x.f.client, "abc", 3, 0), 3);
    WSABUF b = {3, (CHAR *)raw + 7};
    DWORD got = 0, flags = 0;
    ASSERT_EQ(WSARecv(x.s, &b, 1, &got, &flags, NULL, NULL), 0);
    ASSERT_EQ(got, 3);
    ASSERT_MEM_EQ(raw + 7, "abc", 3);
    return fx_close(x.t);
}

TEST(ws2_bad_input_null_and_huge_arguments) {
    fx x;
    fx_plain(&x);
    char data[8];
    WSABUF b = {sizeof data, data};
    DWORD got = 0, flags = 0;
    expect_fail(WSARecv(x.s, NULL, 1, &got, &flags, NULL, NULL), WSAEFAULT);
    expect_fail(WSARecv(x.s, &b, 0xFFFFFFFFu, &got, &flags, NULL, NULL), WSAEFAULT);
    expect_fail(WSARecv(x.s, &b, 1, wt_unmapped_address(x.t), &flags, NULL, NULL), WSAEFAULT);
    expect_fail(WSASend(x.s, NULL, 1, &got, 0, NULL, NULL), WSAEFAULT);
    expect_fail(recv(x.s, data, -1, 0), WSAEFAULT); /* some 4 GiB: M.send.negative-length */
    ASSERT(!WSAGetOverlappedResult(x.s, NULL, &got, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT(!WSAGetOverlappedResult(x.s, &x.ov, NULL, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    /* SET with no input, or an input length nobody could have sealed: fail closed (A55). */
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, 0);
    expect_fail(
        WSAIoctl(fresh, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0xFFFFFFFFu, NULL, 0, &x.size, NULL, NULL),
        WSAEFAULT);
    ASSERT_EQ(WSAIoctl(fresh, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, data, 0xFFFFFFFFu, NULL, 0, &x.size, NULL, NULL),
              SOCKET_ERROR);
    ASSERT(WSAGetLastError() == WSAEINVAL || WSAGetLastError() == WSAEFAULT);
    int len = 0;
    expect_fail(getsockopt(x.s, SOL_SOCKET, SO_TYPE, NULL, &len), WSAEFAULT);
    expect_fail(setsockopt(x.s, SOL_SOCKET, SO_KEEPALIVE, NULL, 4), WSAEFAULT);
    ASSERT(WSASocketW(99, SOCK_STREAM, 0, NULL, 0, 0) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    ASSERT(WSASocketW(AF_INET, 99, 0, NULL, 0, 0) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAESOCKTNOSUPPORT);
    return fx_close(x.t);
}

/* With no world every call says WSANOTINITIALISED; WSAStartup makes one, WSACleanup ends it,
 * and a WSACleanup too many fails instead of crashing. */
TEST(ws2_bad_input_wsacleanup_without_startup) {
    WSASetLastError(0);
    ASSERT(socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    DWORD size = PRESET;
    expect_fail(ioctl_code(1234, 0xdeadbeef, &size, NULL, NULL), WSANOTINITIALISED);
    expect_fail(WSACleanup(), WSANOTINITIALISED);
    WSADATA d;
    ASSERT_EQ(WSAStartup(MAKEWORD(0, 2), &d), WSAVERNOTSUPPORTED); /* below 1.0, the lowest offered */
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), NULL), WSAEFAULT);
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &d), 0);
    ASSERT_EQ(d.wVersion, MAKEWORD(2, 2));
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT(s != INVALID_SOCKET);
    /* WSARecvMsg and WSASendMsg come as pointers (SIO_GET_EXTENSION_FUNCTION_POINTER) that a
     * program may keep past its last WSACleanup; called then they say WSANOTINITIALISED too
     * (their pages' first error).  Mutation testing, seed 14: a provider that went on without a
     * world (and crashed) passed every case, which all run inside a target's world. */
    LPFN_WSARECVMSG recvmsg_fn = NULL;
    LPFN_WSASENDMSG sendmsg_fn = NULL;
    GUID recv_id = WSAID_WSARECVMSG, send_id = WSAID_WSASENDMSG;
    DWORD got = 0;
    ASSERT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &recv_id, sizeof recv_id, &recvmsg_fn, sizeof recvmsg_fn,
                       &got, NULL, NULL),
              0);
    ASSERT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &send_id, sizeof send_id, &sendmsg_fn, sizeof sendmsg_fn,
                       &got, NULL, NULL),
              0);
    ASSERT_EQ(WSACleanup(), 0); /* Winsock stops; the socket goes (the program's world stays) */
    char byte = 0;
    WSABUF wb = {1, &byte};
    WSAMSG msg;
    memset(&msg, 0, sizeof msg);
    msg.lpBuffers = &wb;
    msg.dwBufferCount = 1;
    DWORD n = 0;
    WSASetLastError(0);
    expect_fail(recvmsg_fn(s, &msg, &n, NULL, NULL), WSANOTINITIALISED);
    WSASetLastError(0);
    expect_fail(sendmsg_fn(s, &msg, 0, &n, NULL, NULL), WSANOTINITIALISED);
    expect_fail(closesocket(s), WSANOTINITIALISED);
    expect_fail(WSACleanup(), WSANOTINITIALISED);
    /* A target starts Winsock for the program it opens, as the native target does: one
     * WSACleanup stops it; the target's world stays, its Winsock calls answer
     * WSANOTINITIALISED, the kernel32 ones go on; a WSAStartup starts it again. */
    wt_target *t = fx_open(NULL);
    s = socket(AF_INET, SOCK_DGRAM, 0);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(WSACleanup(), 0);
    expect_fail(WSACleanup(), WSANOTINITIALISED);
    WSASetLastError(0);
    EXPECT(socket(AF_INET, SOCK_DGRAM, 0) == INVALID_SOCKET && WSAGetLastError() == WSANOTINITIALISED);
    int v = 0, vl = (int)sizeof v;
    expect_fail(getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &vl), WSANOTINITIALISED);
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    EXPECT(ev != NULL);
    if (ev) CloseHandle(ev);
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &d), 0);
    /* The socket open at the last WSACleanup was closed by it ("reset and automatically
     * deallocated as if closesocket was called"). */
    vl = (int)sizeof v;
    expect_fail(getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &vl), WSAENOTSOCK);
    expect_fail(closesocket(s), WSAENOTSOCK);
    return fx_close(t);
}
