/*
 * test_alert.c: unit tests of ws2/alert_calls.c: QueueUserAPC (to the caller, to a thread
 * the program started, to one that has ended), and GetOverlappedResult/GetOverlappedResultEx
 * (their three ways to wait and the Win32 codes of a failed operation).
 *
 * Why: APC-driven clients and services that mix kernel32's overlapped results with Winsock's
 * must see each answer as Windows gives it (learn.microsoft.com: "QueueUserAPC function",
 * "GetOverlappedResultEx function").
 */
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

static int apc_log[8], apc_n;
static void CALLBACK note(ULONG_PTR v) {
    if (apc_n < 8) apc_log[apc_n++] = (int)v;
}

TEST(alert_queue_user_apc_runs_in_the_next_alertable_wait) {
    wt_target *t = fx_open(NULL);
    apc_n = 0;
    ASSERT_EQ(QueueUserAPC(note, GetCurrentThread(), 1), 1);
    ASSERT_EQ(QueueUserAPC(note, GetCurrentThread(), 2), 1);
    ASSERT_EQ(SleepEx(0, FALSE), 0); /* not alertable: nothing runs */
    ASSERT_EQ(apc_n, 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION); /* all queued run, oldest first */
    ASSERT_EQ(apc_n, 2);
    ASSERT_EQ(apc_log[0], 1);
    ASSERT_EQ(apc_log[1], 2);
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL); /* an event is no thread */
    SetLastError(0);
    ASSERT_EQ(QueueUserAPC(note, e, 3), 0);
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CloseHandle(e);
    return fx_close(t);
}

static volatile LONG stop_flag;
static void CALLBACK stop(ULONG_PTR v) { stop_flag = (LONG)v; }
static DWORD WINAPI alertable_sleeper(LPVOID arg) {
    (void)arg;
    while (!stop_flag) SleepEx(INFINITE, TRUE);
    return (DWORD)stop_flag;
}

TEST(alert_queue_user_apc_to_a_started_thread_and_an_ended_one) {
    wt_target *t = fx_open(NULL);
    stop_flag = 0;
    HANDLE h = CreateThread(NULL, 0, alertable_sleeper, NULL, 0, NULL);
    ASSERT_NOT_NULL(h);
    ASSERT_EQ(QueueUserAPC(stop, h, 9), 1); /* at once after CreateThread */
    ASSERT_EQ(WaitForSingleObject(h, 10000), WAIT_OBJECT_0);
    DWORD code = 0;
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 9);
    SetLastError(0);
    ASSERT_EQ(QueueUserAPC(stop, h, 1), 0); /* the thread has ended */
    ASSERT_EQ(GetLastError(), ERROR_GEN_FAILURE);
    CloseHandle(h);
    return fx_close(t);
}

TEST(alert_get_overlapped_result_ex_waits_three_ways) {
    wt_target *t = fx_open(NULL);
    SOCKET srv, c = fx_loopback_pair(&srv);
    char buf[8];
    WSABUF wb = {sizeof buf, buf};
    OVERLAPPED ov = fx_overlapped();
    DWORD flags = 0, n = 0xBEEF;
    ASSERT_EQ(WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(GetOverlappedResultEx((HANDLE)c, &ov, &n, 0, FALSE), FALSE);
    ASSERT_EQ(GetLastError(), ERROR_IO_INCOMPLETE);
    ASSERT_EQ(GetOverlappedResult((HANDLE)c, &ov, &n, FALSE), FALSE);
    ASSERT_EQ(GetLastError(), ERROR_IO_INCOMPLETE);
    ASSERT_EQ(GetOverlappedResultEx((HANDLE)c, &ov, &n, 20, FALSE), FALSE); /* virtual time: at once */
    ASSERT_EQ(GetLastError(), WAIT_TIMEOUT);
    apc_n = 0;
    ASSERT_EQ(QueueUserAPC(note, GetCurrentThread(), 4), 1);
    ASSERT_EQ(GetOverlappedResultEx((HANDLE)c, &ov, &n, 20, FALSE), FALSE); /* not alertable: it stays */
    ASSERT_EQ(apc_n, 0);
    ASSERT_EQ(GetOverlappedResultEx((HANDLE)c, &ov, &n, INFINITE, TRUE), FALSE);
    ASSERT_EQ(GetLastError(), WAIT_IO_COMPLETION);
    ASSERT_EQ(apc_n, 1);
    ASSERT_EQ(n, 0xBEEF); /* still pending: nothing written */
    ASSERT_EQ(send(srv, "abc", 3, 0), 3);
    ASSERT_EQ(GetOverlappedResult((HANDLE)c, &ov, &n, TRUE), TRUE);
    ASSERT_EQ(n, 3);
    ASSERT(memcmp(buf, "abc", 3) == 0);
    closesocket(srv);
    closesocket(c);
    return fx_close(t);
}

/* Win32's codes, not Winsock's: a refused ConnectEx is ERROR_CONNECTION_REFUSED (WSAECONNREFUSED
 * through WSAGetOverlappedResult); a cancelled receive ERROR_OPERATION_ABORTED, its count written. */
TEST(alert_get_overlapped_result_gives_win32_codes) {
    wt_target *t = fx_open(NULL);
    SOCKET srv, c = fx_loopback_pair(&srv);
    char buf[8];
    WSABUF wb = {sizeof buf, buf};
    OVERLAPPED ov = fx_overlapped();
    DWORD flags = 0, n = 0xBEEF;
    ASSERT_EQ(WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL), SOCKET_ERROR);
    ASSERT(CancelIoEx((HANDLE)c, &ov));
    ASSERT_EQ(GetOverlappedResult((HANDLE)c, &ov, &n, TRUE), FALSE);
    ASSERT_EQ(GetLastError(), ERROR_OPERATION_ABORTED);
    ASSERT_EQ(n, 0);

    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKADDR_IN a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    ASSERT_EQ(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(9); /* nobody listens */
    GUID id = WSAID_CONNECTEX;
    LPFN_CONNECTEX connectex = NULL;
    ASSERT_EQ(
        WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &connectex, sizeof connectex, &n, NULL, NULL),
        0);
    OVERLAPPED ov2 = fx_overlapped();
    BOOL done = connectex(s, (struct sockaddr *)&a, sizeof a, NULL, 0, NULL, &ov2);
    ASSERT(!done);
    ASSERT_EQ(GetOverlappedResult((HANDLE)s, &ov2, &n, TRUE), FALSE);
    ASSERT_EQ(GetLastError(), 1225); /* ERROR_CONNECTION_REFUSED */
    ASSERT_EQ(WSAGetOverlappedResult(s, &ov2, &n, TRUE, &flags), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    ASSERT_EQ(GetOverlappedResultEx((HANDLE)s, NULL, &n, 0, FALSE), FALSE);
    ASSERT_EQ(GetLastError(), ERROR_NOACCESS);
    closesocket(s);
    closesocket(srv);
    closesocket(c);
    return fx_close(t);
}
