/*
 * test_threadpool.c: unit tests of ws2/threadpool_calls.c: an I/O object's callback gets the
 * operation's OVERLAPPED, Win32 result and byte count on a pool thread; the binding errors;
 * work callbacks run once per submission and may block (the pool grows);
 * TrySubmitThreadpoolCallback; and the findings for a completion the pool was not told of and
 * for closing an I/O object with operations outstanding, and for waits on what a wait cannot
 * watch.
 *
 * Why: a program on the thread pool depends on each of these; a model that loses a callback,
 * runs it twice or blocks the pool with one waiting callback hangs or corrupts it.
 */
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/sdk/threadpoolapiset.h"
#include "wfpcert/target.h"
#include "../kernel/heap.h" /* ms_heap_fail_after: memory that runs out */

typedef struct io_seen {
    HANDLE done;
    PVOID ov;
    ULONG result;
    ULONG_PTR bytes;
    DWORD thread;
    volatile LONG calls;
} io_seen;

static VOID CALLBACK on_io(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID ov, ULONG result, ULONG_PTR bytes, PTP_IO io) {
    io_seen *s = ctx;
    (void)io;
    s->ov = ov;
    s->result = result;
    s->bytes = bytes;
    s->thread = GetCurrentThreadId();
    InterlockedIncrement(&s->calls);
    SetEventWhenCallbackReturns(inst, s->done);
}

TEST(tp_io_callback_gets_the_operation_result_and_bytes) {
    wt_target *t = fx_open(NULL);
    SOCKET srv, c = fx_loopback_pair(&srv);
    io_seen seen = {CreateEventW(NULL, FALSE, FALSE, NULL), NULL, 99, 0, 0, 0};
    PTP_IO io = CreateThreadpoolIo((HANDLE)c, on_io, &seen, NULL);
    ASSERT_NOT_NULL(io);
    char buf[16];
    WSABUF wb = {sizeof buf, buf};
    OVERLAPPED ov = fx_overlapped();
    DWORD flags = 0;
    StartThreadpoolIo(io);
    ASSERT_EQ(WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(send(srv, "hello", 5, 0), 5);
    ASSERT_EQ(WaitForSingleObject(seen.done, 5000), WAIT_OBJECT_0);
    ASSERT(seen.ov == &ov);
    ASSERT_EQ(seen.result, NO_ERROR);
    ASSERT_EQ(seen.bytes, 5);
    ASSERT(seen.thread != GetCurrentThreadId()); /* a pool thread */
    ASSERT(memcmp(buf, "hello", 5) == 0);
    /* a cancelled receive: the callback gets the Win32 code */
    OVERLAPPED ov2 = fx_overlapped();
    StartThreadpoolIo(io);
    ASSERT_EQ(WSARecv(c, &wb, 1, NULL, &flags, &ov2, NULL), SOCKET_ERROR);
    ASSERT(CancelIoEx((HANDLE)c, &ov2));
    ASSERT_EQ(WaitForSingleObject(seen.done, 5000), WAIT_OBJECT_0);
    ASSERT(seen.ov == &ov2);
    ASSERT_EQ(seen.result, ERROR_OPERATION_ABORTED);
    WaitForThreadpoolIoCallbacks(io, FALSE);
    ASSERT_EQ(seen.calls, 2);
    /* a call that fails at once is taken back with CancelThreadpoolIo: nothing outstanding */
    StartThreadpoolIo(io);
    ASSERT_EQ(WSARecv(c, &wb, 1, wt_unmapped_address(t), &flags, NULL, NULL), SOCKET_ERROR); /* a bad count */
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    CancelThreadpoolIo(io);
    WaitForThreadpoolIoCallbacks(io, FALSE);
    CloseThreadpoolIo(io);
    int has = 0;
    ASSERT_EQ(fx_findings(t, NULL, &has), 0);
    closesocket(srv);
    closesocket(c);
    CloseHandle(seen.done);
    return fx_close(t);
}

TEST(tp_io_binding_errors) {
    wt_target *t = fx_open(NULL);
    SOCKET srv, c = fx_loopback_pair(&srv);
    io_seen seen = {NULL, NULL, 0, 0, 0, 0};
    HANDLE port = CreateIoCompletionPort((HANDLE)c, NULL, 1, 0);
    ASSERT_NOT_NULL(port);
    SetLastError(0);
    ASSERT_NULL(CreateThreadpoolIo((HANDLE)c, on_io, &seen, NULL)); /* bound to a port already */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ASSERT_NULL(CreateThreadpoolIo(port, on_io, &seen, NULL)); /* no socket */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ASSERT_NULL(CreateThreadpoolIo((HANDLE)srv, NULL, &seen, NULL));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ASSERT_NULL(CreateThreadpoolIo((HANDLE)srv, on_io, &seen, (PTP_CALLBACK_ENVIRON)&seen));
    ASSERT_EQ(GetLastError(), ERROR_NOT_SUPPORTED);
    CloseHandle(port);
    closesocket(srv);
    closesocket(c);
    return fx_close(t);
}

static volatile LONG work_calls, running_now, running_most;
static HANDLE gate;
static VOID CALLBACK count_work(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    (void)inst, (void)work;
    InterlockedIncrement(&work_calls);
    if (ctx) { /* blocks until the gate opens: the others must still run */
        LONG now = InterlockedIncrement(&running_now), most;
        while ((most = running_most) < now) InterlockedCompareExchange(&running_most, now, most);
        WaitForSingleObject(gate, 10000);
        InterlockedDecrement(&running_now);
    }
}

static VOID CALLBACK simple(PTP_CALLBACK_INSTANCE inst, PVOID ctx) {
    (void)inst;
    InterlockedIncrement((volatile LONG *)ctx);
}

TEST(tp_work_runs_once_per_submission_and_may_block) {
    wt_target *t = fx_open(NULL);
    work_calls = running_now = running_most = 0;
    PTP_WORK w = CreateThreadpoolWork(count_work, NULL, NULL);
    ASSERT_NOT_NULL(w);
    for (int i = 0; i < 5; i++) SubmitThreadpoolWork(w);
    WaitForThreadpoolWorkCallbacks(w, FALSE);
    ASSERT_EQ(work_calls, 5);
    CloseThreadpoolWork(w);
    /* four callbacks that all wait for one event: the pool runs them side by side */
    gate = CreateEventW(NULL, TRUE, FALSE, NULL);
    PTP_WORK blocking = CreateThreadpoolWork(count_work, (PVOID)1, NULL);
    for (int i = 0; i < 4; i++) SubmitThreadpoolWork(blocking);
    for (int i = 0; i < 500 && running_most < 4; i++) Sleep(10);
    ASSERT_EQ(running_most, 4);
    SetEvent(gate);
    WaitForThreadpoolWorkCallbacks(blocking, FALSE);
    ASSERT_EQ(work_calls, 9);
    ASSERT_EQ(running_now, 0);
    CloseThreadpoolWork(blocking);
    CloseHandle(gate);
    volatile LONG once = 0;
    ASSERT(TrySubmitThreadpoolCallback(simple, (PVOID)&once, NULL));
    for (int i = 0; i < 500 && once == 0; i++) Sleep(10);
    Sleep(20);
    ASSERT_EQ(once, 1);
    return fx_close(t);
}

TEST(tp_misuse_is_a_finding) {
    wt_target *t = fx_open(NULL);
    SOCKET srv, c = fx_loopback_pair(&srv);
    io_seen seen = {CreateEventW(NULL, FALSE, FALSE, NULL), NULL, 0, 0, 0, 0};
    PTP_IO io = CreateThreadpoolIo((HANDLE)c, on_io, &seen, NULL);
    ASSERT_NOT_NULL(io);
    char buf[8];
    WSABUF wb = {sizeof buf, buf};
    OVERLAPPED ov = fx_overlapped();
    DWORD flags = 0;
    ASSERT_EQ(WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL), SOCKET_ERROR); /* no StartThreadpoolIo */
    ASSERT_EQ(send(srv, "x", 1, 0), 1);
    int has = 0;
    for (int i = 0; i < 500 && !has; i++) {
        fx_findings(t, "no StartThreadpoolIo", &has);
        if (!has) Sleep(10);
    }
    ASSERT(has);
    ASSERT_EQ(seen.calls, 0); /* not run */
    OVERLAPPED ov2 = fx_overlapped();
    StartThreadpoolIo(io);
    ASSERT_EQ(WSARecv(c, &wb, 1, NULL, &flags, &ov2, NULL), SOCKET_ERROR);
    CloseThreadpoolIo(io); /* one started and not completed */
    fx_findings(t, "CloseThreadpoolIo with 1 I/O operations", &has);
    ASSERT(has);
    closesocket(c); /* the receive ends; the object goes after its callback */
    ASSERT_EQ(WaitForSingleObject(seen.done, 5000), WAIT_OBJECT_0);
    ASSERT_EQ(seen.result, ERROR_OPERATION_ABORTED);
    closesocket(srv);
    CloseHandle(seen.done);
    return fx_close(t);
}

static VOID CALLBACK never(PVOID ctx, BOOLEAN timed_out) { (void)ctx, (void)timed_out; }

/* Registered waits: what is no object of the waits is refused, a mutex (which a wait made for
 * another thread cannot own) is a finding too, and so is a watched handle closed before the
 * wait is cancelled (undefined on Windows). */
TEST(tp_wait_misuse_is_a_finding) {
    wt_target *t = fx_open(NULL);
    HANDLE h = NULL, mutex = CreateMutexA(NULL, FALSE, NULL);
    SetLastError(0);
    ASSERT(!RegisterWaitForSingleObject(&h, (HANDLE)(uintptr_t)0x7777, never, NULL, INFINITE, 0));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    ASSERT(!RegisterWaitForSingleObject(&h, mutex, never, NULL, INFINITE, 0));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    int has = 0;
    fx_findings(t, "RegisterWaitForSingleObject on a mutex", &has);
    ASSERT(has);
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    ASSERT(RegisterWaitForSingleObject(&h, ev, never, NULL, INFINITE, 0));
    CloseHandle(ev);
    has = 0;
    for (int i = 0; i < 500 && !has; i++) {
        fx_findings(t, "closed before the wait was cancelled", &has);
        if (!has) Sleep(10);
    }
    ASSERT(has);
    ASSERT(UnregisterWaitEx(h, INVALID_HANDLE_VALUE));
    CloseHandle(mutex);
    return fx_close(t);
}

/* No memory for a timer-queue timer: FALSE with ERROR_NOT_ENOUGH_MEMORY, and the pool works on
 * (mutant 200-3: the failed timer was used all the same). */
TEST(tp_timer_queue_timer_without_memory) {
    wt_target *t = fx_open(NULL);
    HANDLE h = NULL;
    ASSERT(CreateTimerQueueTimer(&h, NULL, never, NULL, 10000, 0, 0)); /* the pool and its threads made */
    ASSERT(DeleteTimerQueueTimer(NULL, h, INVALID_HANDLE_VALUE));
    h = NULL;
    SetLastError(0);
    ms_heap_fail_after(1); /* the next allocation: the timer's own */
    BOOL ok = CreateTimerQueueTimer(&h, NULL, never, NULL, 10000, 0, 0);
    int state = ms_heap_fail_state();
    ms_heap_fail_after(0);
    ASSERT_EQ(state, 2);
    ASSERT(!ok);
    ASSERT_EQ(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    ASSERT(CreateTimerQueueTimer(&h, NULL, never, NULL, 10000, 0, 0));
    ASSERT(DeleteTimerQueueTimer(NULL, h, INVALID_HANDLE_VALUE));
    return fx_close(t);
}
