/*
 * test_ioctl.c: the three WFP redirect IOCTLs on the model, through the public API only
 * (wfpcert/target.h and wfpcert/winsock.h): SEMANTICS §1.2 and assertions A33..A58.
 *
 * Why: these are the calls a proxy makes.  Every documented alternative (C1, C2, C4, A41,
 * A44, A48, A54, A58) is a profile knob, so each case checks the answer of each knob value,
 * and the synchronous cases run twice, through WSAIoctl and through the provider's WSPIoctl
 * (wt_wsp_table), because a proxy may sit at either level.  Overlapped cases cover the
 * event + WSAGetOverlappedResult, completion routine + alertable SleepEx and completion
 * port views, immediate and deferred (knob ioctl_completion).
 *
 * The fixtures (fx_*) it shares with test_wfp.c, test_faults.c and test_seal.c are in
 * unit_fixtures.c.  Every test opens and closes its own target.
 */
#include <stdint.h>

#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "unit.h"
#include "unit_fixtures.h"

#define SIZE_UNSET 0xDEADBEEFu
#define QREC SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define QCTX SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT
#define SETREC SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS

/* ================================================================ local helpers */

static const DWORD query_codes[2] = {QREC, QCTX};

/* A knob value and the error it gives. */
typedef struct knob_case {
    const char *value;
    int err;
} knob_case;

/* QUERY with a buffer of cbout bytes (NULL when 0), synchronously: the error and *cb. */
static int small_query(wt_target *t, int via, SOCKET s, DWORD code, DWORD cbout, DWORD *cb) {
    static uint8_t buf[1024];
    *cb = SIZE_UNSET;
    return fx_ioctl(t, via, s, code, NULL, 0, cbout ? buf : NULL, cbout, cb, NULL, NULL);
}

/* Both QUERY codes on both ends of a connection, through both paths: all fail with err. */
static void expect_both_ends(wt_target *t, SOCKET a, SOCKET b, int err) {
    SOCKET ends[2] = {a, b};
    for (int via = 0; via < 2; via++)
        for (int e = 0; e < 2; e++)
            for (int c = 0; c < 2; c++) {
                DWORD cb;
                ASSERT_EQ(small_query(t, via, ends[e], query_codes[c], 1024, &cb), err);
            }
}

/* Both QUERY codes on a redirected socket with a cbout-byte buffer, through both paths:
 * expect err, and *cb == the required size N (want_n) or 0. */
static void expect_small(const char *profile, DWORD cbout, int err, int want_n) {
    wt_target *t = fx_open(profile);
    wt_tcp_flow f;
    SOCKET s = fx_redirected(t, AF_INET, 0, &f);
    for (int c = 0; c < 2; c++) {
        ULONG n = fx_issued(t, s, c, NULL, 0);
        ASSERT(cbout < n);
        for (int via = 0; via < 2; via++) {
            DWORD cb;
            ASSERT_EQ(small_query(t, via, s, query_codes[c], cbout, &cb), err);
            ASSERT_EQ(cb, want_n ? n : 0);
        }
    }
    wt_close(t);
}

/* An overlapped QUERY with a too-small buffer, seen through a completion port. */
static void expect_small_iocp(const char *profile, int call_err, DWORD port_err) {
    wt_target *t = fx_open(profile);
    wt_tcp_flow f;
    SOCKET s = fx_redirected(t, AF_INET, 1, &f);
    HANDLE port = fx_iocp(s);
    ULONG n = fx_issued(t, s, 0, NULL, 0);
    uint8_t buf[16];
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD cb = SIZE_UNSET, bytes = 0, err;
    BOOL ok;
    ASSERT_EQ(fx_ioctl(t, 0, s, QREC, NULL, 0, buf, sizeof buf, &cb, &ov, NULL), call_err);
    int got = fx_packet(port, &ov, &ok, &err, &bytes);
    if (call_err == WSA_IO_PENDING) {
        ASSERT_EQ(cb, SIZE_UNSET); /* "lpcbBytesReturned is not updated" while pending */
        ASSERT_EQ(got, 1);
        ASSERT(!ok);
        ASSERT_EQ(err, port_err);
        ASSERT_EQ(ov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_BUFFER_TOO_SMALL);
        ASSERT_EQ(ov.InternalHigh, 0); /* an error completion carries no bytes (A24) */
        ASSERT_EQ(bytes, 0);
    } else {
        ASSERT_EQ(got, 0); /* an immediate failure queues nothing */
        ASSERT_EQ(cb, n);
    }
    CloseHandle(port);
    wt_close(t);
}

/* A redirected socket's records, then a fresh socket for SET (A51..A58). */
typedef struct set_fx {
    wt_target *t;
    wt_tcp_flow f;
    uint8_t rec[1024];
    ULONG n;
    SOCKET s;
} set_fx;

static void set_begin(set_fx *x, const char *profile) {
    x->t = fx_open(profile);
    fx_redirected(x->t, AF_INET, 0, &x->f);
    x->n = fx_query(x->t, x->f.accepted, QREC, x->rec, sizeof x->rec);
    x->s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(x->s != INVALID_SOCKET);
}

/* set_begin, then one knob set. */
static void set_begin_with(set_fx *x, const char *knob, const char *value) {
    set_begin(x, NULL);
    ASSERT_EQ(wt_set_knob(x->t, knob, value), WT_OK);
}

/* SET of (in, cbin) with cbout on x->s through one path: the error and *cb. */
static int set_call(set_fx *x, int via, const void *in, DWORD cbin, DWORD cbout, DWORD *cb) {
    static uint8_t out[8];
    *cb = SIZE_UNSET;
    return fx_ioctl(x->t, via, x->s, SETREC, (void *)in, cbin, cbout ? out : NULL, cbout, cb, NULL, NULL);
}

/* The end of a SET test: the control (the untouched records still SET on x->s), then the
 * target closes. */
static int set_end(set_fx *x) {
    DWORD cb;
    ASSERT_EQ(set_call(x, 0, x->rec, x->n, 0, &cb), 0);
    return fx_close(x->t);
}

/* ================================================================ A33 */

TEST(ioctl_A33_query_1024_sync_returns_issued_bytes) {
    wt_target *t = fx_open(NULL);
    for (int fam = 0; fam < 2; fam++) {
        wt_tcp_flow f;
        SOCKET s = fx_redirected(t, fam ? AF_INET6 : AF_INET, 0, &f);
        for (int c = 0; c < 2; c++) {
            uint8_t want[1024];
            ULONG n = fx_issued(t, s, c, want, sizeof want);
            for (int via = 0; via < 2; via++) {
                uint8_t buf[1024];
                memset(buf, 0xCC, sizeof buf);
                DWORD cb = SIZE_UNSET;
                ASSERT_EQ(fx_ioctl(t, via, s, query_codes[c], NULL, 0, buf, sizeof buf, &cb, NULL, NULL), 0);
                ASSERT_GT(cb, 0); /* "cannot be zero" */
                ASSERT_EQ(cb, n);
                ASSERT_MEM_EQ(buf, want, n);
                ASSERT_EQ(buf[n], 0xCC); /* nothing written past N */
            }
        }
    }
    return fx_close(t);
}

/* An overlapped redirected socket and one QUERY on it at a time (A33 overlapped, A46, A47). */
typedef struct ov_fx {
    wt_target *t;
    wt_tcp_flow f;
    SOCKET s;
    DWORD code;
    uint8_t want[1024], buf[1024];
    ULONG n;
    WSAOVERLAPPED ov;
    DWORD cb;
} ov_fx;

/* deferred: knob ioctl_completion=deferred; context: QUERY_CONTEXT instead of _RECORDS. */
static void ov_begin(ov_fx *x, int deferred, int family, int context) {
    x->t = fx_open(NULL);
    if (deferred) ASSERT_EQ(wt_set_knob(x->t, "ioctl_completion", "deferred"), WT_OK);
    x->s = fx_redirected(x->t, family, 1, &x->f);
    x->code = query_codes[context];
    x->n = fx_issued(x->t, x->s, context, x->want, sizeof x->want);
}

/* Issues the QUERY with a fresh OVERLAPPED (an event when asked) and routine; the error. */
static int ov_call(ov_fx *x, int via, int event, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    memset(&x->ov, 0, sizeof x->ov);
    memset(&fx_done, 0, sizeof fx_done);
    memset(x->buf, 0xCC, sizeof x->buf);
    if (event) x->ov.hEvent = WSACreateEvent();
    x->cb = SIZE_UNSET;
    return fx_ioctl(x->t, via, x->s, x->code, NULL, 0, x->buf, sizeof x->buf, &x->cb, &x->ov, cr);
}

/* An overlapped QUERY that succeeds at once: 0, the size written, the issued bytes copied. */
static void ov_call_at_once(ov_fx *x, int via, int event, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ASSERT_EQ(ov_call(x, via, event, cr), 0);
    ASSERT_EQ(x->cb, x->n);
    ASSERT_MEM_EQ(x->buf, x->want, x->n);
}

/* Overlapped immediate success: 0, size written, Internal/InternalHigh 0 and the
 * notification still delivered with 0 bytes (A21). */
TEST(ioctl_A33_overlapped_event_and_get_overlapped_result) {
    ov_fx x;
    ov_begin(&x, 0, AF_INET, 0);
    for (int via = 0; via < 2; via++) {
        ov_call_at_once(&x, via, 1, NULL);
        ASSERT_EQ(WSAWaitForMultipleEvents(1, &x.ov.hEvent, TRUE, 0, FALSE), WSA_WAIT_EVENT_0);
        ASSERT_EQ(x.ov.Internal, 0);
        DWORD got = 0, flags = 1;
        ASSERT(WSAGetOverlappedResult(x.s, &x.ov, &got, FALSE, &flags));
        ASSERT_EQ(got, x.ov.InternalHigh);
        ASSERT_EQ(flags, 0);
        WSACloseEvent(x.ov.hEvent);
    }
    return fx_close(x.t);
}

TEST(ioctl_A33_overlapped_completion_routine_runs_in_alertable_sleep) {
    ov_fx x;
    ov_begin(&x, 0, AF_INET, 1);
    for (int via = 0; via < 2; via++) {
        ov_call_at_once(&x, via, 0, fx_routine);
        ASSERT_EQ(fx_done.calls, 0); /* A20: only in an alertable wait */
        ASSERT_EQ(SleepEx(0, FALSE), 0);
        ASSERT_EQ(fx_done.calls, 0);
        ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
        ASSERT_EQ(fx_done.calls, 1);
        ASSERT_EQ(fx_done.error, 0);
        ASSERT(fx_done.ov == &x.ov);
        ASSERT_EQ(SleepEx(0, TRUE), 0); /* exactly one */
    }
    return fx_close(x.t);
}

TEST(ioctl_A33_overlapped_completion_port_packet) {
    ov_fx x;
    ov_begin(&x, 0, AF_INET6, 0);
    HANDLE port = fx_iocp(x.s);
    for (int via = 0; via < 2; via++) {
        DWORD bytes = 99, err;
        BOOL ok;
        ov_call_at_once(&x, via, 0, NULL);
        ASSERT_EQ(fx_packet(port, &x.ov, &ok, &err, &bytes), 1);
        ASSERT(ok);
        ASSERT_EQ(bytes, 0); /* A21: the packet of an immediate success carries 0 bytes */
        ASSERT_EQ(fx_packet(port, &x.ov, &ok, &err, &bytes), 0);
        ASSERT_EQ(err, WAIT_TIMEOUT);
    }
    CloseHandle(port);
    return fx_close(x.t);
}

/* ================================================================ A34 / A35 / A36 */

TEST(ioctl_A34_small_buffer_windows_profile) {
    expect_small("windows", 16, WSAEFAULT, 1);
    expect_small_iocp("windows", WSA_IO_PENDING, ERROR_INSUFFICIENT_BUFFER);
    return 0;
}

TEST(ioctl_A34_small_buffer_docs_table_profile) {
    expect_small("docs-table", 16, ERROR_INSUFFICIENT_BUFFER, 1);
    expect_small_iocp("docs-table", ERROR_INSUFFICIENT_BUFFER, 0);
    return 0;
}

TEST(ioctl_A34_small_buffer_docs_lpcb_profile) {
    expect_small("docs-lpcb", 16, WSAEINVAL, 0);
    expect_small("docs-lpcb", sizeof(ULONG), WSAEINVAL, 0);
    return 0;
}

/* The windows profile through a completion routine: the WSA view, WSAEFAULT (A24). */
TEST(ioctl_A34_small_buffer_windows_completion_routine_wsaefault) {
    wt_target *t = fx_open("windows");
    wt_tcp_flow f;
    SOCKET s = fx_redirected(t, AF_INET, 1, &f);
    ULONG n = fx_issued(t, s, 0, NULL, 0);
    uint8_t buf[8];
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    memset(&fx_done, 0, sizeof fx_done);
    DWORD cb = SIZE_UNSET;
    ASSERT_EQ(fx_ioctl(t, 1, s, QREC, NULL, 0, buf, sizeof buf, &cb, &ov, fx_routine), WSA_IO_PENDING);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(fx_done.calls, 1);
    ASSERT_EQ(fx_done.error, WSAEFAULT);
    ASSERT_EQ(fx_done.bytes, 0); /* cbTransferred 0, as Windows showed (A24) */
    DWORD got = 77, flags = 0;
    ASSERT(!WSAGetOverlappedResult(s, &ov, &got, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT(n > 0);
    ASSERT_EQ(got, 0); /* gor_failure_size=update (C23): InternalHigh, 0 after an error */
    return fx_close(t);
}

TEST(ioctl_A35_size_probe_windows_profile) {
    expect_small("windows", 0, WSAEFAULT, 1);
    return 0;
}

TEST(ioctl_A35_size_probe_docs_table_profile) {
    expect_small("docs-table", 0, ERROR_INSUFFICIENT_BUFFER, 1);
    return 0;
}

TEST(ioctl_A35_size_probe_docs_lpcb_profile) {
    expect_small("docs-lpcb", 0, WSAEINVAL, 0);
    return 0;
}

/* The size probe is usable: a second call with the reported size succeeds (A92's retry). */
TEST(ioctl_A35_probe_then_retry_with_reported_size) {
    fx_conn conn = fx_connection(AF_INET, 0);
    for (int c = 0; c < 2; c++) {
        DWORD cb;
        ASSERT_EQ(small_query(conn.t, 0, conn.s, query_codes[c], 0, &cb), WSAEFAULT);
        uint8_t *buf = malloc(cb), want[1024];
        ASSERT_NOT_NULL(buf);
        ULONG n = fx_issued(conn.t, conn.s, c, want, sizeof want);
        DWORD cb2 = SIZE_UNSET;
        ASSERT_EQ(fx_ioctl(conn.t, 0, conn.s, query_codes[c], NULL, 0, buf, cb, &cb2, NULL, NULL), 0);
        ASSERT_EQ(cb2, n);
        ASSERT_MEM_EQ(buf, want, n);
        free(buf);
    }
    return fx_close(conn.t);
}

TEST(ioctl_A36_out_1_to_3_bytes_einval_every_profile) {
    static const char *profiles[] = {"windows", "docs-table", "docs-lpcb", "wine"};
    for (int p = 0; p < 4; p++)
        for (DWORD cbout = 1; cbout <= 3; cbout++) expect_small(profiles[p], cbout, WSAEINVAL, 0);
    return 0;
}

/* ================================================================ A37 .. A41 */

TEST(ioctl_A37_unmapped_guard_readonly_output_efault) {
    fx_conn conn = fx_connection(AF_INET, 0);
    for (int c = 0; c < 2; c++) {
        uint8_t want[1024];
        ULONG n = fx_issued(conn.t, conn.s, c, want, sizeof want);
        void *bad[3] = {wt_unmapped_address(conn.t), wt_guarded_buffer(conn.t, 64), wt_readonly_page(conn.t)};
        for (int via = 0; via < 2; via++)
            for (int b = 0; b < 3; b++) {
                ASSERT_NOT_NULL(bad[b]);
                DWORD cb = SIZE_UNSET;
                ASSERT_EQ(fx_ioctl(conn.t, via, conn.s, query_codes[c], NULL, 0, bad[b], 1024, &cb, NULL, NULL),
                          WSAEFAULT);
            }
        /* Control: a buffer that ends exactly at the guard page and holds N bytes works. */
        uint8_t *exact = wt_guarded_buffer(conn.t, n);
        DWORD cb = SIZE_UNSET;
        ASSERT_EQ(fx_ioctl(conn.t, 0, conn.s, query_codes[c], NULL, 0, exact, n, &cb, NULL, NULL), 0);
        ASSERT_EQ(cb, n);
        ASSERT_MEM_EQ(exact, want, n);
    }
    return fx_close(conn.t);
}

TEST(ioctl_A38_bad_or_null_lpcb_efault) {
    fx_conn conn = fx_connection(AF_INET, 1);
    uint8_t buf[1024];
    DWORD *bad[3] = {wt_unmapped_address(conn.t), wt_readonly_page(conn.t), NULL};
    for (int via = 0; via < 2; via++)
        for (int b = 0; b < 3; b++) {
            ASSERT_EQ(fx_ioctl(conn.t, via, conn.s, QREC, NULL, 0, buf, sizeof buf, bad[b], NULL, NULL), WSAEFAULT);
            /* A15: also overlapped, and nothing is queued */
            WSAOVERLAPPED ov;
            memset(&ov, 0, sizeof ov);
            memset(&fx_done, 0, sizeof fx_done);
            ASSERT_EQ(fx_ioctl(conn.t, via, conn.s, QCTX, NULL, 0, buf, sizeof buf, bad[b], &ov, fx_routine),
                      WSAEFAULT);
            ASSERT_EQ(SleepEx(0, TRUE), 0);
            ASSERT_EQ(fx_done.calls, 0);
        }
    return fx_close(conn.t);
}

TEST(ioctl_A39_not_a_socket_enotsock) {
    wt_target *t = fx_open(NULL);
    SOCKET closed = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, 0);
    ASSERT(closed != INVALID_SOCKET);
    ASSERT_EQ(closesocket(closed), 0);
    SOCKET bad[4] = {wt_not_a_socket(t), closed, INVALID_SOCKET, (SOCKET)12345};
    uint8_t buf[1024];
    for (int via = 0; via < 2; via++)
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 3; c++) {
                DWORD code = c == 2 ? SETREC : query_codes[c];
                DWORD cb = SIZE_UNSET;
                ASSERT_EQ(fx_ioctl(t, via, bad[b], code, c == 2 ? buf : NULL, c == 2 ? 200 : 0, c == 2 ? NULL : buf,
                                   c == 2 ? 0 : sizeof buf, &cb, NULL, NULL),
                          WSAENOTSOCK);
            }
    return fx_close(t);
}

TEST(ioctl_A40_unconnected_and_listening_enotconn) {
    wt_target *t = fx_open(NULL);
    SOCKET fresh = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET lst = WSASocket(AF_INET6, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(fresh != INVALID_SOCKET && lst != INVALID_SOCKET);
    SOCKADDR_IN6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(6000);
    ASSERT_EQ(bind(lst, (struct sockaddr *)&a, sizeof a), 0);
    ASSERT_EQ(listen(lst, 4), 0);
    expect_both_ends(t, fresh, lst, WSAENOTCONN);
    return fx_close(t);
}

TEST(ioctl_A41_plain_connection_per_knob) {
    static const knob_case cases[] = {{"einval", WSAEINVAL}, {"not_found", ERROR_NOT_FOUND}};
    for (int k = 0; k < 2; k++) {
        wt_target *t = fx_open_with("not_redirected", cases[k].value);
        wt_tcp_flow f;
        ASSERT_EQ(wt_tcp_plain(t, AF_INET, &f), WT_OK);
        expect_both_ends(t, f.accepted, f.client, cases[k].err);
        wt_close(t);
    }
    return 0;
}

/* ================================================================ A42 .. A44 */

TEST(ioctl_A42_two_queries_return_identical_bytes) {
    fx_conn conn = fx_connection(AF_INET, 0);
    for (int c = 0; c < 2; c++) {
        uint8_t a[1024], b[1024];
        memset(a, 1, sizeof a);
        memset(b, 2, sizeof b);
        ULONG na = fx_query(conn.t, conn.s, query_codes[c], a, sizeof a);
        ULONG nb = fx_query(conn.t, conn.s, query_codes[c], b, sizeof b);
        ASSERT_EQ(na, nb);
        ASSERT_MEM_EQ(a, b, na);
    }
    return fx_close(conn.t);
}

TEST(ioctl_A43_context_is_256_bytes_original_remote_then_local) {
    wt_target *t = fx_open(NULL);
    for (int fam = 0; fam < 2; fam++) {
        wt_tcp_flow f;
        SOCKET s = fx_redirected(t, fam ? AF_INET6 : AF_INET, 0, &f);
        SOCKADDR_STORAGE ctx[4];
        ULONG n = fx_query(t, s, QCTX, ctx, sizeof ctx);
        ASSERT_EQ(n, 2 * sizeof(SOCKADDR_STORAGE));
        size_t len = fam ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
        ASSERT_MEM_EQ(&ctx[0], &f.original_dst, len);
        ASSERT_MEM_EQ(&ctx[1], &f.original_src, len);
        ASSERT_EQ(ctx[0].ss_family, fam ? AF_INET6 : AF_INET);
        ASSERT_NE(((SOCKADDR_IN *)&ctx[1])->sin_port, 0);
    }
    return fx_close(t);
}

TEST(ioctl_A44_no_context_per_knob) {
    static const knob_case cases[] = {
        {"fwp_not_found", (int)FWP_E_NOT_FOUND}, {"einval", WSAEINVAL}, {"not_found", ERROR_NOT_FOUND}};
    for (int k = 0; k < 3; k++) {
        wt_target *t = fx_open_with("no_context", cases[k].value);
        wt_callout_policy p;
        wt_callout_policy_init(&p, 'A', 50000);
        p.with_context = 0;
        ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
        wt_tcp_flow f;
        SOCKET s = fx_redirected(t, AF_INET, 0, &f);
        for (int via = 0; via < 2; via++) {
            DWORD cb;
            ASSERT_EQ(small_query(t, via, s, QCTX, 1024, &cb), cases[k].err);
            ASSERT_EQ(small_query(t, via, s, QREC, 1024, &cb), 0); /* the records are still there */
        }
        wt_close(t);
    }
    return 0;
}

/* ================================================================ A46 / A47: deferred */

/* A deferred overlapped QUERY_RECORDS on a fresh redirected socket: started, pending. */
static void pend_begin(ov_fx *x, int via, int event, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ov_begin(x, 1, AF_INET, 0);
    ASSERT_EQ(ov_call(x, via, event, cr), WSA_IO_PENDING);
    ASSERT_EQ(x->cb, SIZE_UNSET);
    ASSERT_EQ(x->ov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_PENDING);
    ASSERT_EQ(x->buf[0], 0xCC); /* nothing copied yet */
}

TEST(ioctl_A46_deferred_event_completes_at_wait) {
    for (int via = 0; via < 2; via++) {
        ov_fx x;
        pend_begin(&x, via, 1, NULL);
        DWORD got = 0, flags = 0;
        ASSERT(!WSAGetOverlappedResult(x.s, &x.ov, &got, FALSE, &flags));
        ASSERT_EQ(WSAGetLastError(), WSA_IO_INCOMPLETE); /* A28 */
        ASSERT_EQ(WSAWaitForMultipleEvents(1, &x.ov.hEvent, TRUE, 0, FALSE), WSA_WAIT_EVENT_0);
        ASSERT(WSAGetOverlappedResult(x.s, &x.ov, &got, FALSE, &flags));
        ASSERT_EQ(got, x.n);
        ASSERT_MEM_EQ(x.buf, x.want, x.n);
        ASSERT_EQ(wt_pump(x.t), 0); /* the wait already ran it */
        WSACloseEvent(x.ov.hEvent);
        wt_close(x.t);
    }
    return 0;
}

TEST(ioctl_A46_deferred_completes_at_wt_pump) {
    ov_fx x;
    pend_begin(&x, 0, 1, NULL);
    ASSERT_EQ(wt_pump(x.t), 1);
    ASSERT_EQ(x.ov.Internal, 0);
    ASSERT_EQ(x.ov.InternalHigh, x.n);
    ASSERT_MEM_EQ(x.buf, x.want, x.n);
    ASSERT_EQ(x.cb, SIZE_UNSET);
    WSACloseEvent(x.ov.hEvent);
    return fx_close(x.t);
}

TEST(ioctl_A46_deferred_completion_routine_at_alertable_wait) {
    for (int via = 0; via < 2; via++) {
        ov_fx x;
        pend_begin(&x, via, 0, fx_routine);
        ASSERT_EQ(SleepEx(0, FALSE), 0); /* runs the operation; the routine waits */
        ASSERT_EQ(fx_done.calls, 0);
        ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
        ASSERT_EQ(fx_done.calls, 1);
        ASSERT_EQ(fx_done.error, 0);
        ASSERT_EQ(fx_done.bytes, x.n);
        ASSERT(fx_done.ov == &x.ov);
        ASSERT_MEM_EQ(x.buf, x.want, x.n);
        wt_close(x.t);
    }
    return 0;
}

TEST(ioctl_A46_deferred_completion_port_bytes) {
    ov_fx x;
    pend_begin(&x, 1, 0, NULL);
    /* The port is associated after the call: the packet goes where the socket points at completion. */
    HANDLE port = fx_iocp(x.s);
    DWORD bytes = 0, err;
    BOOL ok;
    ASSERT_EQ(fx_packet(port, &x.ov, &ok, &err, &bytes), 1);
    ASSERT(ok);
    ASSERT_EQ(bytes, x.n);
    ASSERT_MEM_EQ(x.buf, x.want, x.n);
    CloseHandle(port);
    return fx_close(x.t);
}

TEST(ioctl_A47_deferred_pending_query_closesocket_aborts) {
    for (int mode = 0; mode < 2; mode++) {
        ov_fx x;
        pend_begin(&x, mode, 0, mode ? fx_routine : NULL);
        HANDLE port = mode ? NULL : fx_iocp(x.s);
        ASSERT_EQ(closesocket(x.s), 0);
        ASSERT_EQ(x.ov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_CANCELLED);
        if (mode) {
            ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
            ASSERT_EQ(fx_done.calls, 1);
            ASSERT_EQ(fx_done.error, WSA_OPERATION_ABORTED);
            ASSERT(fx_done.ov == &x.ov);
        } else {
            DWORD bytes = 1, err;
            BOOL ok;
            ASSERT_EQ(fx_packet(port, &x.ov, &ok, &err, &bytes), 1);
            ASSERT(!ok);
            ASSERT_EQ(err, ERROR_OPERATION_ABORTED);
            ASSERT_EQ(bytes, 0);
            CloseHandle(port);
        }
        ASSERT_EQ(x.buf[0], 0xCC); /* the aborted query copied nothing */
        ASSERT_EQ(wt_pump(x.t), 0);
        wt_close(x.t);
    }
    return 0;
}

/* ================================================================ A48 */

TEST(ioctl_A48_udp_query_per_knob) {
    static const knob_case cases[] = {{"einval", WSAEINVAL}, {"eopnotsupp", WSAEOPNOTSUPP}};
    for (int k = 0; k < 2; k++) {
        wt_target *t = fx_open_with("udp_query", cases[k].value);
        wt_udp_flow u;
        ASSERT_EQ(wt_udp_redirected(t, AF_INET, 0, &u), WT_OK);
        expect_both_ends(t, u.proxy, u.client, cases[k].err);
        wt_close(t);
    }
    return 0;
}

/* ================================================================ A51 .. A58: SET */

TEST(ioctl_A51_set_on_fresh_socket_succeeds) {
    set_fx x;
    set_begin(&x, NULL);
    for (int via = 0; via < 2; via++) {
        DWORD cb;
        ASSERT_EQ(set_call(&x, via, x.rec, x.n, 0, &cb), 0);
    }
    /* The IPv6 records on an IPv6 socket, too. */
    wt_tcp_flow f6;
    uint8_t rec6[1024];
    ULONG n6 = fx_query(x.t, fx_redirected(x.t, AF_INET6, 0, &f6), QREC, rec6, sizeof rec6);
    SOCKET s6 = fx_set_socket(AF_INET6, rec6, n6);
    ASSERT(s6 != INVALID_SOCKET);
    return fx_close(x.t);
}

TEST(ioctl_A52_set_bytes_returned_per_knob) {
    static const char *values[] = {"zero", "size", "unchanged"};
    for (int k = 0; k < 3; k++) {
        set_fx x;
        set_begin(&x, NULL);
        ASSERT_EQ(wt_set_knob(x.t, "set_bytes", values[k]), WT_OK);
        DWORD want[3] = {0, x.n, SIZE_UNSET};
        for (int via = 0; via < 2; via++) {
            DWORD cb;
            ASSERT_EQ(set_call(&x, via, x.rec, x.n, 0, &cb), 0);
            ASSERT_EQ(cb, want[k]);
        }
        wt_close(x.t);
    }
    /* The docs-table profile reports the size; docs-lpcb reports 0. */
    set_fx x;
    set_begin(&x, "docs-table");
    DWORD cb;
    ASSERT_EQ(set_call(&x, 0, x.rec, x.n, 0, &cb), 0);
    ASSERT_EQ(cb, x.n);
    return fx_close(x.t);
}

TEST(ioctl_A53_set_unmapped_input_efault) {
    set_fx x;
    set_begin(&x, NULL);
    uint8_t *guarded = wt_guarded_buffer(x.t, x.n - 1);
    memcpy(guarded, x.rec, x.n - 1);
    const void *bad[2] = {wt_unmapped_address(x.t), guarded};
    for (int via = 0; via < 2; via++)
        for (int b = 0; b < 2; b++) {
            DWORD cb;
            ASSERT_EQ(set_call(&x, via, bad[b], x.n, 0, &cb), WSAEFAULT);
        }
    /* Control: the same bytes in valid memory are accepted. */
    return set_end(&x);
}

TEST(ioctl_A54_set_unelevated_per_knob) {
    for (int k = 0; k < 2; k++) {
        set_fx x;
        set_begin_with(&x, "set_admin", k ? "ignore" : "check");
        ASSERT_EQ(wt_set_elevated(x.t, 0), WT_OK);
        for (int via = 0; via < 2; via++) {
            DWORD cb;
            ASSERT_EQ(set_call(&x, via, x.rec, x.n, 0, &cb), k ? 0 : WSAEACCES);
        }
        ASSERT_EQ(wt_set_elevated(x.t, 1), WT_OK);
        set_end(&x);
    }
    return 0;
}

/* No input at all is WSAEFAULT with the size set to 0, as SIO_KEEPALIVE_VALS showed on
 * Windows; an input nobody sealed (1 byte) is the kernel's WSAEINVAL. */
TEST(ioctl_A55_set_null_or_empty_input_efault) {
    set_fx x;
    set_begin(&x, NULL);
    for (int via = 0; via < 2; via++) {
        DWORD cb = 77;
        ASSERT_EQ(set_call(&x, via, NULL, 0, 0, &cb), WSAEFAULT);
        ASSERT_EQ(cb, 0);
        ASSERT_EQ(set_call(&x, via, NULL, x.n, 0, &cb), WSAEFAULT);
        ASSERT_EQ(set_call(&x, via, x.rec, 0, 0, &cb), WSAEFAULT);
        ASSERT_EQ(set_call(&x, via, x.rec, 1, 0, &cb), WSAEINVAL);
    }
    return fx_close(x.t);
}

TEST(ioctl_A56_set_nonzero_out_buffer_einval) {
    set_fx x;
    set_begin(&x, NULL);
    for (int via = 0; via < 2; via++)
        for (DWORD cbout = 1; cbout <= 8; cbout *= 2) {
            DWORD cb;
            ASSERT_EQ(set_call(&x, via, x.rec, x.n, cbout, &cb), WSAEINVAL);
        }
    return set_end(&x);
}

TEST(ioctl_A57_set_every_single_byte_change_rejected) {
    set_fx x;
    set_begin(&x, NULL);
    uint8_t edited[1024];
    unsigned accepted = 0, tried = 0;
    for (ULONG i = 0; i < x.n; i++)
        for (int v = 1; v < 256; v++) {
            memcpy(edited, x.rec, x.n);
            edited[i] ^= (uint8_t)v;
            DWORD cb;
            int e = set_call(&x, (int)(i & 1), edited, x.n, 0, &cb);
            ASSERT(e == WSAEINVAL || e == ERROR_ARITHMETIC_OVERFLOW || e == 0);
            accepted += e == 0;
            tried++;
        }
    ASSERT_EQ(tried, x.n * 255);
    ASSERT_EQ(accepted, 0);
    /* Truncated and extended blobs too; the original still works afterwards. */
    DWORD cb;
    for (ULONG len = 1; len < x.n; len++) ASSERT_EQ(set_call(&x, 0, x.rec, len, 0, &cb), WSAEINVAL);
    memcpy(edited, x.rec, x.n);
    edited[x.n] = 0;
    ASSERT_EQ(set_call(&x, 0, edited, x.n + 1, 0, &cb), WSAEINVAL);
    return set_end(&x);
}

TEST(ioctl_A58_set_after_bind_or_connect_per_knob) {
    for (int k = 0; k < 2; k++) {
        set_fx x;
        set_begin_with(&x, "set_after_connect", k ? "accept" : "reject");
        SOCKADDR_IN a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        ASSERT_EQ(bind(x.s, (struct sockaddr *)&a, sizeof a), 0);
        DWORD cb;
        ASSERT_EQ(set_call(&x, k, x.rec, x.n, 0, &cb), k ? 0 : WSAEINVAL);
        /* Connected: the client end of a plain connection. */
        wt_tcp_flow plain;
        ASSERT_EQ(wt_tcp_plain(x.t, AF_INET, &plain), WT_OK);
        cb = SIZE_UNSET;
        ASSERT_EQ(fx_ioctl(x.t, 0, plain.client, SETREC, x.rec, x.n, NULL, 0, &cb, NULL, NULL), k ? 0 : WSAEINVAL);
        wt_close(x.t);
    }
    return 0;
}
