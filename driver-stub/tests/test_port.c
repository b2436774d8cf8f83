/*
 * test_port.c: unit tests of the completion-port calls of ws2/port_calls.c and of immediate
 * completion: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (no packet for WSASend, WSARecv with bytes
 * waiting and WSAIoctl answered at once, a packet for each of them that pends), CancelIoEx and
 * CancelIo (every cancelled operation completes once, with ERROR_OPERATION_ABORTED), and
 * GetQueuedCompletionStatusEx (batches, failed packets as entries, alertable waits).
 *
 * Why: a proxy that turns skip-on-success on must process an immediate success itself and
 * never wait for its packet; one that cancels must see each operation end exactly once.  The
 * model has to get both exactly right, or it hides the hang or the double free they cause.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

#define KEY ((ULONG_PTR)7) /* fx_iocp's key */

/* How many packets the port holds now (it is emptied); the last one's OVERLAPPED and error. */
static int drain(HANDLE port, LPOVERLAPPED *last, DWORD *last_err) {
    int n = 0;
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED ov = NULL;
        SetLastError(0);
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
        if (!ok && !ov) return n;
        n++;
        if (last) *last = ov;
        if (last_err) *last_err = ok ? 0 : GetLastError();
    }
}

TEST(port_skip_on_success_send_recv_ioctl) {
    fx_conn c = fx_connection(AF_INET, 1);
    HANDLE port = fx_iocp(c.s);
    ASSERT(SetFileCompletionNotificationModes((HANDLE)c.s, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    /* WSASend completes at once: 0, the count, the OVERLAPPED and the event, no packet. */
    char data[] = "hello";
    WSABUF b = {5, data};
    OVERLAPPED ov = fx_overlapped();
    WSAEVENT e = WSACreateEvent();
    ov.hEvent = e;
    DWORD n = 0;
    ASSERT_EQ(WSASend(c.s, &b, 1, &n, 0, &ov, NULL), 0);
    ASSERT_EQ(n, 5);
    ASSERT_EQ(ov.Internal, 0);
    ASSERT_EQ(ov.InternalHigh, 5);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    /* WSARecv with bytes waiting: 0 at once, count and flags written, no packet. */
    ASSERT_EQ(send(c.f.client, "abc", 3, 0), 3);
    char r[16];
    WSABUF rb = {sizeof r, r};
    DWORD flags = 0x20, got = 0; /* MSG_PUSH_IMMEDIATE (WSARecv page): a flag a TCP receive takes, so
                                    the 0 written back is seen */
    OVERLAPPED rov = fx_overlapped();
    ASSERT_EQ(WSARecv(c.s, &rb, 1, &got, &flags, &rov, NULL), 0);
    ASSERT_EQ(got, 3);
    ASSERT_EQ(flags, 0);
    ASSERT_MEM_EQ(r, "abc", 3);
    ASSERT_EQ(rov.InternalHigh, 3);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    /* Nothing waiting: it pends, and its completion comes as exactly one packet. */
    OVERLAPPED pov = fx_overlapped();
    ASSERT_EQ(WSARecv(c.s, &rb, 1, NULL, &flags, &pov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    ASSERT_EQ(send(c.f.client, "xy", 2, 0), 2);
    LPOVERLAPPED last = NULL;
    ASSERT_EQ(drain(port, &last, NULL), 1);
    ASSERT(last == &pov);
    /* SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS answered at once (A21: returns 0): no packet. */
    uint8_t rec[8192];
    OVERLAPPED qov = fx_overlapped();
    ASSERT_EQ(WSAIoctl(c.s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, &qov, NULL), 0);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    /* A user-mode code (FIONREAD) likewise. */
    u_long avail = 0;
    ASSERT_EQ(WSAIoctl(c.s, FIONREAD, NULL, 0, &avail, sizeof avail, &n, &qov, NULL), 0);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    /* A mode once set stays (0 removes nothing); unknown bits and a non-socket are refused. */
    ASSERT(SetFileCompletionNotificationModes((HANDLE)c.s, 0));
    ASSERT_EQ(WSASend(c.s, &b, 1, &n, 0, &ov, NULL), 0);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    ASSERT(!SetFileCompletionNotificationModes((HANDLE)c.s, 0x4));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT(!SetFileCompletionNotificationModes((HANDLE)(uintptr_t)0x1234, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    /* FILE_SKIP_SET_EVENT_ON_HANDLE is accepted; the OVERLAPPED's own event is still set. */
    ASSERT(SetFileCompletionNotificationModes((HANDLE)c.s, FILE_SKIP_SET_EVENT_ON_HANDLE));
    ASSERT(WSAResetEvent(e));
    ASSERT_EQ(WSASend(c.s, &b, 1, &n, 0, &ov, NULL), 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    WSACloseEvent(e);
    CloseHandle(port);
    return fx_close(c.t);
}

/* Without the mode the same immediate successes each queue one packet (SEMANTICS A21). */
TEST(port_immediate_success_still_queues_packet_without_skip) {
    fx_conn c = fx_connection(AF_INET, 1);
    HANDLE port = fx_iocp(c.s);
    char data[] = "hello";
    WSABUF b = {5, data};
    OVERLAPPED ov = fx_overlapped(), rov = fx_overlapped(), qov = fx_overlapped();
    DWORD n = 0, flags = 0;
    ASSERT_EQ(WSASend(c.s, &b, 1, &n, 0, &ov, NULL), 0);
    ASSERT_EQ(send(c.f.client, "abc", 3, 0), 3);
    char r[16];
    WSABUF rb = {sizeof r, r};
    ASSERT_EQ(WSARecv(c.s, &rb, 1, &n, &flags, &rov, NULL), 0);
    uint8_t rec[8192];
    ASSERT_EQ(WSAIoctl(c.s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, &qov, NULL), 0);
    ASSERT_EQ(drain(port, NULL, NULL), 3);
    CloseHandle(port);
    return fx_close(c.t);
}

/* An overlapped QUERY on s that the model pends (knob ioctl_completion=deferred, A46); its
 * buffer outlives the call, as the deferred QUERY writes it later. */
static void pend_query(SOCKET s, OVERLAPPED *qov) {
    static uint8_t rec[8192];
    DWORD n = 0;
    ASSERT_EQ(WSAIoctl(s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, qov, NULL),
              SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
}

/* A QUERY the model pends (knob ioctl_completion=deferred, A46) returns WSA_IO_PENDING: its
 * packet comes although the socket skips packets on success. */
TEST(port_skip_on_success_pended_ioctl_gets_its_packet) {
    wt_target *t = fx_open_with("ioctl_completion", "deferred");
    wt_tcp_flow f;
    SOCKET s = fx_redirected(t, AF_INET, 1, &f);
    HANDLE port = fx_iocp(s);
    ASSERT(SetFileCompletionNotificationModes((HANDLE)s, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    OVERLAPPED qov = fx_overlapped();
    pend_query(s, &qov);
    LPOVERLAPPED last = NULL;
    DWORD err = 1;
    ASSERT_EQ(drain(port, &last, &err), 1); /* the wait ran the deferred QUERY */
    ASSERT(last == &qov);
    ASSERT_EQ(err, 0);
    CloseHandle(port);
    return fx_close(t);
}

/* CancelIoEx: one operation by its OVERLAPPED, then the rest; each ends once, aborted. */
TEST(port_cancelioex_aborts_each_pending_operation_once) {
    fx_conn c = fx_connection(AF_INET, 1);
    HANDLE port = fx_iocp(c.s);
    char r1[8], r2[8];
    WSABUF b1 = {sizeof r1, r1}, b2 = {sizeof r2, r2};
    OVERLAPPED o1 = fx_overlapped(), o2 = fx_overlapped();
    DWORD flags = 0;
    ASSERT_EQ(WSARecv(c.s, &b1, 1, NULL, &flags, &o1, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(WSARecv(c.s, &b2, 1, NULL, &flags, &o2, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT(CancelIoEx((HANDLE)c.s, &o2)); /* the second: the first still waits */
    LPOVERLAPPED last = NULL;
    DWORD err = 0;
    ASSERT_EQ(drain(port, &last, &err), 1);
    ASSERT(last == &o2);
    ASSERT_EQ(err, ERROR_OPERATION_ABORTED);
    DWORD got = 0;
    ASSERT(!WSAGetOverlappedResult(c.s, &o2, &got, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSA_OPERATION_ABORTED);
    ASSERT(!CancelIoEx((HANDLE)c.s, &o2)); /* already over: nothing to cancel */
    ASSERT_EQ(GetLastError(), ERROR_NOT_FOUND);
    /* The first is still there: data completes it. */
    ASSERT_EQ(send(c.f.client, "ab", 2, 0), 2);
    ASSERT_EQ(drain(port, &last, &err), 1);
    ASSERT(last == &o1);
    ASSERT_EQ(err, 0);
    /* NULL cancels every pending operation; closing afterwards adds no second completion. */
    ASSERT_EQ(WSARecv(c.s, &b1, 1, NULL, &flags, &o1, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSARecv(c.s, &b2, 1, NULL, &flags, &o2, NULL), SOCKET_ERROR);
    ASSERT(CancelIoEx((HANDLE)c.s, NULL));
    ASSERT_EQ(drain(port, NULL, NULL), 2);
    ASSERT(!CancelIoEx((HANDLE)c.s, NULL));
    ASSERT_EQ(GetLastError(), ERROR_NOT_FOUND);
    ASSERT(!CancelIoEx((HANDLE)(uintptr_t)0x1234, NULL));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    /* A completion routine hears of the cancel once, with the WSA view. */
    memset(&fx_done, 0, sizeof fx_done);
    ASSERT_EQ(WSARecv(c.s, &b1, 1, NULL, &flags, &o1, fx_routine), SOCKET_ERROR);
    ASSERT(CancelIoEx((HANDLE)c.s, &o1));
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(fx_done.calls, 1);
    ASSERT_EQ(fx_done.error, WSA_OPERATION_ABORTED);
    closesocket(c.s);
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    ASSERT_EQ(fx_done.calls, 1);
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    CloseHandle(port);
    return fx_close(c.t);
}

static SOCKET cancel_target;
static DWORD WINAPI cancel_from_other_thread(LPVOID arg) {
    (void)arg;
    return CancelIo((HANDLE)cancel_target) ? 1 : 0;
}

/* CancelIo cancels only what the calling thread started, and succeeds with nothing to cancel;
 * a deferred QUERY cancelled before it ran never runs afterwards. */
TEST(port_cancelio_only_the_calling_threads_operations) {
    wt_target *t = fx_open_with("ioctl_completion", "deferred");
    wt_tcp_flow f;
    SOCKET s = fx_redirected(t, AF_INET, 1, &f);
    HANDLE port = fx_iocp(s);
    char r[8];
    WSABUF rb = {sizeof r, r};
    DWORD flags = 0;
    OVERLAPPED rov = fx_overlapped();
    ASSERT_EQ(WSARecv(s, &rb, 1, NULL, &flags, &rov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    cancel_target = s;
    HANDLE th = CreateThread(NULL, 0, cancel_from_other_thread, NULL, 0, NULL);
    ASSERT_NOT_NULL(th);
    ASSERT_EQ(WaitForSingleObject(th, 10000), WAIT_OBJECT_0);
    DWORD code = 0;
    ASSERT(GetExitCodeThread(th, &code));
    ASSERT_EQ(code, 1); /* TRUE, having cancelled nothing */
    CloseHandle(th);
    ASSERT_EQ(rov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_PENDING); /* the other thread's CancelIo left it */
    ASSERT_EQ(drain(port, NULL, NULL), 0);
    OVERLAPPED qov = fx_overlapped();
    pend_query(s, &qov);
    ASSERT(CancelIo((HANDLE)s)); /* this thread's receive and QUERY, in the order they started */
    LPOVERLAPPED last = NULL;
    DWORD err = 0;
    ASSERT_EQ(drain(port, &last, &err), 2);
    ASSERT(last == &qov);
    ASSERT_EQ(err, ERROR_OPERATION_ABORTED);
    ASSERT_EQ(qov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_CANCELLED);
    ASSERT_EQ(drain(port, NULL, NULL), 0); /* the deferred QUERY does not complete it again */
    ASSERT(CancelIo((HANDLE)s)); /* nothing left: still TRUE */
    CloseHandle(port);
    return fx_close(t);
}

/* GetQueuedCompletionStatusEx: batches up to ulCount, failed packets as entries, time-outs,
 * and an alertable wait that an APC ends. */
TEST(port_gqcs_ex_batches_failures_and_alertable) {
    fx_conn c = fx_connection(AF_INET, 1);
    HANDLE port = fx_iocp(c.s);
    OVERLAPPED a = fx_overlapped(), b = fx_overlapped(), x = fx_overlapped();
    ASSERT(PostQueuedCompletionStatus(port, 1, 100, &a));
    ASSERT(PostQueuedCompletionStatus(port, 2, 200, &b));
    char r[8];
    WSABUF rb = {sizeof r, r};
    DWORD flags = 0;
    ASSERT_EQ(WSARecv(c.s, &rb, 1, NULL, &flags, &x, NULL), SOCKET_ERROR);
    ASSERT(CancelIoEx((HANDLE)c.s, &x));
    OVERLAPPED_ENTRY e[2];
    ULONG got = 99;
    ASSERT(GetQueuedCompletionStatusEx(port, e, 2, &got, 0, FALSE));
    ASSERT_EQ(got, 2);
    ASSERT(e[0].lpOverlapped == &a);
    ASSERT_EQ(e[0].lpCompletionKey, 100);
    ASSERT_EQ(e[0].dwNumberOfBytesTransferred, 1);
    ASSERT(e[1].lpOverlapped == &b);
    ASSERT_EQ(e[1].dwNumberOfBytesTransferred, 2);
    got = 99;
    ASSERT(GetQueuedCompletionStatusEx(port, e, 2, &got, 0, FALSE)); /* a failed packet is an entry */
    ASSERT_EQ(got, 1);
    ASSERT(e[0].lpOverlapped == &x);
    ASSERT_EQ(e[0].lpCompletionKey, KEY);
    ASSERT_EQ(e[0].Internal, (ULONG_PTR)(LONG_PTR)STATUS_CANCELLED);
    got = 99;
    ASSERT(!GetQueuedCompletionStatusEx(port, e, 2, &got, 0, FALSE));
    ASSERT_EQ(GetLastError(), WAIT_TIMEOUT);
    ASSERT_EQ(got, 0);
    ASSERT(!GetQueuedCompletionStatusEx(port, e, 0, &got, 0, FALSE));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT(!GetQueuedCompletionStatusEx((HANDLE)(uintptr_t)0x1234, e, 2, &got, 0, FALSE));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    /* An APC waiting (a completion routine's): a packet there is taken first, the APC stays. */
    memset(&fx_done, 0, sizeof fx_done);
    char data[] = "z";
    WSABUF sb = {1, data};
    DWORD n = 0;
    OVERLAPPED so = fx_overlapped();
    ASSERT_EQ(WSASend(c.s, &sb, 1, &n, 0, &so, fx_routine), 0); /* its routine is queued */
    ASSERT(PostQueuedCompletionStatus(port, 3, 300, &a));
    ASSERT(GetQueuedCompletionStatusEx(port, e, 2, &got, 0, TRUE));
    ASSERT_EQ(got, 1);
    ASSERT_EQ(fx_done.calls, 0);
    /* No packet: the alertable wait runs the APC and ends with WAIT_IO_COMPLETION, even with a
     * time-out that the virtual clock would otherwise end at once as WAIT_TIMEOUT. */
    ASSERT(!GetQueuedCompletionStatusEx(port, e, 2, &got, 5000, TRUE));
    ASSERT_EQ(GetLastError(), WAIT_IO_COMPLETION);
    ASSERT_EQ(got, 0);
    ASSERT_EQ(fx_done.calls, 1);
    /* Not alertable: an APC waits, the call times out. */
    ASSERT_EQ(WSASend(c.s, &sb, 1, &n, 0, &so, fx_routine), 0);
    ASSERT(!GetQueuedCompletionStatusEx(port, e, 2, &got, 0, FALSE));
    ASSERT_EQ(GetLastError(), WAIT_TIMEOUT);
    ASSERT_EQ(fx_done.calls, 1);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    CloseHandle(port);
    return fx_close(c.t);
}
