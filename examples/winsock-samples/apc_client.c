/*
 * apc_client.c: the alertable-I/O client of the Winsock samples: an I/O thread that only ever
 * sleeps alertably (SleepEx(INFINITE, TRUE)) and is handed work with QueueUserAPC; the work
 * issues WSASend and WSARecv with completion routines, which run in the same thread's next
 * alertable sleep.  Then the main thread waits on an overlapped WSARecv the ways
 * GetOverlappedResultEx offers: not at all (ERROR_IO_INCOMPLETE), with a time-out
 * (WAIT_TIMEOUT), alertably with its own APC queued (WAIT_IO_COMPLETION), and at last with
 * GetOverlappedResult until the bytes come.  QueueUserAPC is looked up with
 * GetModuleHandleW(L"kernel32.dll") and GetProcAddress, as code that also runs on older
 * systems does.  A blocking echo server thread answers; every byte is checked.
 *
 * Why: APC-driven I/O and its waits are where a model of Windows most easily differs from
 * Windows; the suite must build and run such code unchanged.  ctest examples.apc_client.
 */
#include <winsock2.h>
#include <windows.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define MESSAGE 1500

typedef DWORD(WINAPI *QUEUEUSERAPC_FN)(PAPCFUNC, HANDLE, ULONG_PTR);

typedef struct _IO_CTX {
    WSAOVERLAPPED ov; /* first: the completion routines get it back */
    SOCKET s;
    WSABUF wb;
    char out[MESSAGE], in[MESSAGE];
    DWORD got;
    HANDLE done;
    DWORD io_thread_id, routine_thread_id;
    int error;
} IO_CTX;

static SOCKET g_listener;
static volatile LONG g_stop, g_apcs;

static DWORD WINAPI echo_server(LPVOID unused) {
    char buf[512];
    int n;
    SOCKET s = accept(g_listener, NULL, NULL);
    (void)unused;
    if (s == INVALID_SOCKET) return 1;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0)
        if (send(s, buf, n, 0) != n) return 2;
    closesocket(s);
    return n == 0 ? 0 : 3;
}

static DWORD WINAPI io_thread(LPVOID unused) {
    (void)unused;
    while (!g_stop) SleepEx(INFINITE, TRUE);
    return 0;
}

static void CALLBACK recv_done(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags);

static void post_recv(IO_CTX *c) {
    DWORD fl = 0;
    ZeroMemory(&c->ov, sizeof c->ov);
    c->wb.buf = c->in + c->got;
    c->wb.len = MESSAGE - c->got;
    if (WSARecv(c->s, &c->wb, 1, NULL, &fl, &c->ov, recv_done) == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) {
        c->error = WSAGetLastError();
        SetEvent(c->done);
    }
}

static void CALLBACK recv_done(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    IO_CTX *c = (IO_CTX *)ov;
    (void)flags;
    c->routine_thread_id = GetCurrentThreadId();
    if (error || bytes == 0) {
        c->error = error ? (int)error : -1;
        SetEvent(c->done);
        return;
    }
    c->got += bytes;
    if (c->got == MESSAGE)
        SetEvent(c->done);
    else
        post_recv(c);
}

static void CALLBACK send_done(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    IO_CTX *c = (IO_CTX *)ov;
    (void)flags;
    if (error || bytes != MESSAGE) {
        c->error = error ? (int)error : -2;
        SetEvent(c->done);
        return;
    }
    post_recv(c);
}

static void CALLBACK start_io(ULONG_PTR param) {
    IO_CTX *c = (IO_CTX *)param;
    c->io_thread_id = GetCurrentThreadId();
    ZeroMemory(&c->ov, sizeof c->ov);
    c->wb.buf = c->out;
    c->wb.len = MESSAGE;
    if (WSASend(c->s, &c->wb, 1, NULL, 0, &c->ov, send_done) == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) {
        c->error = WSAGetLastError();
        SetEvent(c->done);
    }
}

static void CALLBACK count_apc(ULONG_PTR param) { InterlockedExchangeAdd(&g_apcs, (LONG)param); }
static void CALLBACK stop_apc(ULONG_PTR param) { InterlockedExchange(&g_stop, (LONG)param); }

static int fail(const char *what, DWORD err) {
    printf("apc-client: %s failed: %lu\n", what, (unsigned long)err);
    return 1;
}

int __cdecl main(void) {
    WSADATA wsa;
    SOCKADDR_IN addr;
    int len = sizeof addr, i;
    HANDLE server, io;
    static IO_CTX ctx;
    QUEUEUSERAPC_FN queue_apc;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char bye[8];
    DWORD n = 0, flags = 0, code = 1;

    queue_apc = (QUEUEUSERAPC_FN)GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "QueueUserAPC");
    if (queue_apc == NULL) return fail("GetProcAddress(kernel32, QueueUserAPC)", GetLastError());
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    g_listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ctx.s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (g_listener == INVALID_SOCKET || ctx.s == INVALID_SOCKET || bind(g_listener, (SOCKADDR *)&addr, sizeof addr) ||
        getsockname(g_listener, (SOCKADDR *)&addr, &len) || listen(g_listener, 1))
        return fail("the sockets", (DWORD)WSAGetLastError());
    server = CreateThread(NULL, 0, echo_server, NULL, 0, NULL);
    io = CreateThread(NULL, 0, io_thread, NULL, 0, NULL);
    ctx.done = CreateEvent(NULL, TRUE, FALSE, NULL);
    if (server == NULL || io == NULL || ctx.done == NULL) return fail("the threads", GetLastError());
    if (connect(ctx.s, (SOCKADDR *)&addr, sizeof addr) == SOCKET_ERROR)
        return fail("connect", (DWORD)WSAGetLastError());
    for (i = 0; i < MESSAGE; i++) ctx.out[i] = (char)(i * 31 + 7);

    /* the I/O thread does the exchange in APCs and completion routines */
    if (!queue_apc(start_io, io, (ULONG_PTR)&ctx)) return fail("QueueUserAPC(start_io)", GetLastError());
    if (WaitForSingleObject(ctx.done, 10000) != WAIT_OBJECT_0) return fail("the APC-driven exchange", ctx.got);
    if (ctx.error || ctx.got != MESSAGE || memcmp(ctx.in, ctx.out, MESSAGE) != 0)
        return fail("the echoed bytes", (DWORD)ctx.error);
    if (ctx.io_thread_id == 0 || ctx.routine_thread_id != ctx.io_thread_id)
        return fail("the completion routine's thread (must be the issuing thread)", ctx.routine_thread_id);

    /* the main thread's own overlapped receive, and GetOverlappedResultEx's ways to wait */
    ZeroMemory(&ov, sizeof ov);
    ov.hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
    wb.buf = bye;
    wb.len = sizeof bye;
    if (WSARecv(ctx.s, &wb, 1, NULL, &flags, &ov, NULL) != SOCKET_ERROR || WSAGetLastError() != WSA_IO_PENDING)
        return fail("a WSARecv with nothing to read (must pend)", (DWORD)WSAGetLastError());
    if (GetOverlappedResultEx((HANDLE)ctx.s, &ov, &n, 0, FALSE) || GetLastError() != ERROR_IO_INCOMPLETE)
        return fail("GetOverlappedResultEx(0 ms) on a pending receive", GetLastError());
    if (GetOverlappedResultEx((HANDLE)ctx.s, &ov, &n, 50, FALSE) || GetLastError() != WAIT_TIMEOUT)
        return fail("GetOverlappedResultEx(50 ms) on a pending receive", GetLastError());
    if (!QueueUserAPC(count_apc, GetCurrentThread(), 5)) return fail("QueueUserAPC to itself", GetLastError());
    if (GetOverlappedResultEx((HANDLE)ctx.s, &ov, &n, INFINITE, TRUE) || GetLastError() != WAIT_IO_COMPLETION ||
        g_apcs != 5)
        return fail("an alertable GetOverlappedResultEx with an APC queued", GetLastError());
    if (send(ctx.s, "bye", 3, 0) != 3) return fail("send bye", (DWORD)WSAGetLastError());
    if (!GetOverlappedResult((HANDLE)ctx.s, &ov, &n, TRUE) || n != 3 || memcmp(bye, "bye", 3) != 0)
        return fail("GetOverlappedResult(bWait) on the echo", GetLastError());
    CloseHandle(ov.hEvent);

    /* the I/O thread ends when an APC tells it to */
    if (!QueueUserAPC(stop_apc, io, 1)) return fail("QueueUserAPC(stop)", GetLastError());
    if (WaitForSingleObject(io, 5000) != WAIT_OBJECT_0) return fail("the I/O thread's end", 0);
    shutdown(ctx.s, SD_SEND);
    if (WaitForSingleObject(server, 5000) != WAIT_OBJECT_0 || !GetExitCodeThread(server, &code) || code != 0)
        return fail("the echo server's end", code);
    CloseHandle(io);
    CloseHandle(server);
    CloseHandle(ctx.done);
    closesocket(ctx.s);
    closesocket(g_listener);
    WSACleanup();
    printf("apc-client: %d bytes through APCs and completion routines, GetOverlappedResultEx's waits as documented\n",
           MESSAGE);
    return 0;
}
