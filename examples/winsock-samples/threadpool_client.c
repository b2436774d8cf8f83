/*
 * threadpool_client.c: the thread-pool client of the Windows samples: each connection's
 * overlapped socket is bound to the default pool with CreateThreadpoolIo, and every overlapped
 * call (ConnectEx with its first bytes, WSASend, WSARecv) is preceded by StartThreadpoolIo and
 * followed, when it did not pend, by CancelThreadpoolIo; the next step is taken in the I/O
 * callback on a pool thread.  The echo server runs as pool work (CreateThreadpoolWork, submitted
 * once per connection, each callback accepting and echoing one), and the last callback of each
 * connection signals with SetEventWhenCallbackReturns.  At the end WaitForThreadpoolIoCallbacks
 * and WaitForThreadpoolWorkCallbacks, then the Close calls.  Every byte is checked.
 *
 * Why: the pool is how current Windows code does overlapped I/O; the suite must build and run
 * such a program unchanged on the model as on Windows.  ctest examples.threadpool_client.
 */
#include <winsock2.h>
#include <mswsock.h>
#include <windows.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define CONNECTIONS 3
#define MESSAGE 2000
#define FIRST 100 /* bytes ConnectEx sends with the connect */

typedef enum { STEP_CONNECT, STEP_SEND, STEP_RECV } STEP;

typedef struct _CLIENT {
    OVERLAPPED ov; /* first: the callback gets it back */
    STEP step;
    SOCKET s;
    PTP_IO io;
    HANDLE done;
    WSABUF wb;
    char out[MESSAGE], in[MESSAGE];
    DWORD got;
    ULONG error;
} CLIENT;

static SOCKET g_listener;
static LPFN_CONNECTEX g_ConnectEx;
static volatile LONG g_served, g_server_errors;

/* Pool work: accepts one connection and echoes it until the client shuts down. */
static VOID CALLBACK serve_one(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    char buf[700];
    int n;
    SOCKET s = accept(g_listener, NULL, NULL);
    (void)inst, (void)ctx, (void)work;
    if (s == INVALID_SOCKET) {
        InterlockedIncrement(&g_server_errors);
        return;
    }
    while ((n = recv(s, buf, sizeof buf, 0)) > 0)
        if (send(s, buf, n, 0) != n) InterlockedIncrement(&g_server_errors);
    if (n < 0) InterlockedIncrement(&g_server_errors);
    closesocket(s);
    InterlockedIncrement(&g_served);
}

/* Starts the overlapped call of the client's next step; the callback takes it from there. */
static void next_step(CLIENT *c, PTP_CALLBACK_INSTANCE inst) {
    DWORD flags = 0;
    int r;
    ZeroMemory(&c->ov, sizeof c->ov);
    StartThreadpoolIo(c->io);
    if (c->step == STEP_SEND) {
        c->wb.buf = c->out + FIRST;
        c->wb.len = MESSAGE - FIRST;
        r = WSASend(c->s, &c->wb, 1, NULL, 0, &c->ov, NULL);
    } else {
        c->wb.buf = c->in + c->got;
        c->wb.len = MESSAGE - c->got;
        r = WSARecv(c->s, &c->wb, 1, NULL, &flags, &c->ov, NULL);
    }
    if (r == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) {
        CancelThreadpoolIo(c->io); /* it failed at once: no callback will come */
        c->error = (ULONG)WSAGetLastError();
        if (inst)
            SetEventWhenCallbackReturns(inst, c->done);
        else
            SetEvent(c->done);
    }
}

static VOID CALLBACK on_io(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID overlapped, ULONG result, ULONG_PTR bytes,
                           PTP_IO io) {
    CLIENT *c = (CLIENT *)ctx;
    (void)io;
    if ((CLIENT *)overlapped != c || result != NO_ERROR) {
        c->error = result ? result : 1;
        SetEventWhenCallbackReturns(inst, c->done);
        return;
    }
    switch (c->step) {
    case STEP_CONNECT:
        if (bytes != FIRST || setsockopt(c->s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) == SOCKET_ERROR) {
            c->error = 2;
            SetEventWhenCallbackReturns(inst, c->done);
            return;
        }
        c->step = STEP_SEND;
        break;
    case STEP_SEND:
        if (bytes != MESSAGE - FIRST) c->error = 3;
        c->step = STEP_RECV;
        break;
    case STEP_RECV:
        c->got += (DWORD)bytes;
        if (bytes == 0 || c->got == MESSAGE) { /* all back, or the server closed early */
            SetEventWhenCallbackReturns(inst, c->done);
            return;
        }
        break;
    }
    next_step(c, inst);
}

static int fail(const char *what, DWORD err) {
    printf("threadpool-client: %s failed: %lu\n", what, (unsigned long)err);
    return 1;
}

int __cdecl main(void) {
    WSADATA wsa;
    GUID connectex_id = WSAID_CONNECTEX;
    SOCKADDR_IN addr, any;
    int len = sizeof addr, i, j;
    DWORD n;
    PTP_WORK server;
    static CLIENT clients[CONNECTIONS];
    HANDLE done[CONNECTIONS];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    g_listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    any = addr;
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    if (g_listener == INVALID_SOCKET || bind(g_listener, (SOCKADDR *)&addr, sizeof addr) ||
        getsockname(g_listener, (SOCKADDR *)&addr, &len) || listen(g_listener, SOMAXCONN))
        return fail("the listener", (DWORD)WSAGetLastError());
    server = CreateThreadpoolWork(serve_one, NULL, NULL);
    if (server == NULL) return fail("CreateThreadpoolWork", GetLastError());
    for (i = 0; i < CONNECTIONS; i++) SubmitThreadpoolWork(server);

    for (i = 0; i < CONNECTIONS; i++) {
        CLIENT *c = &clients[i];
        c->s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        c->done = done[i] = CreateEvent(NULL, TRUE, FALSE, NULL);
        for (j = 0; j < MESSAGE; j++) c->out[j] = (char)(j % 251 + i);
        if (c->s == INVALID_SOCKET || c->done == NULL || bind(c->s, (SOCKADDR *)&any, sizeof any))
            return fail("a client socket", (DWORD)WSAGetLastError());
        if (g_ConnectEx == NULL &&
            WSAIoctl(c->s, SIO_GET_EXTENSION_FUNCTION_POINTER, &connectex_id, sizeof connectex_id, &g_ConnectEx,
                     sizeof g_ConnectEx, &n, NULL, NULL) == SOCKET_ERROR)
            return fail("WSAIoctl(ConnectEx)", (DWORD)WSAGetLastError());
        c->io = CreateThreadpoolIo((HANDLE)c->s, on_io, c, NULL);
        if (c->io == NULL) return fail("CreateThreadpoolIo", GetLastError());
        /* a handle is bound to one completion port: a second binding is refused */
        if (CreateThreadpoolIo((HANDLE)c->s, on_io, c, NULL) != NULL || GetLastError() != ERROR_INVALID_PARAMETER)
            return fail("a second CreateThreadpoolIo on one socket (must be ERROR_INVALID_PARAMETER)", GetLastError());
        c->step = STEP_CONNECT;
        StartThreadpoolIo(c->io);
        if (!g_ConnectEx(c->s, (SOCKADDR *)&addr, sizeof addr, c->out, FIRST, NULL, &c->ov) &&
            WSAGetLastError() != ERROR_IO_PENDING) {
            CancelThreadpoolIo(c->io);
            return fail("ConnectEx", (DWORD)WSAGetLastError());
        }
    }
    if (WaitForMultipleObjects(CONNECTIONS, done, TRUE, 20000) != WAIT_OBJECT_0)
        return fail("the exchanges (time-out)", 0);
    for (i = 0; i < CONNECTIONS; i++) {
        CLIENT *c = &clients[i];
        if (c->error || c->got != MESSAGE || memcmp(c->in, c->out, MESSAGE) != 0) {
            printf("threadpool-client: connection %d: error %lu, %lu bytes back\n", i, (unsigned long)c->error,
                   (unsigned long)c->got);
            return 1;
        }
        shutdown(c->s, SD_SEND);
    }
    WaitForThreadpoolWorkCallbacks(server, FALSE);
    CloseThreadpoolWork(server);
    for (i = 0; i < CONNECTIONS; i++) {
        WaitForThreadpoolIoCallbacks(clients[i].io, FALSE);
        closesocket(clients[i].s);
        CloseThreadpoolIo(clients[i].io);
        CloseHandle(clients[i].done);
    }
    closesocket(g_listener);
    WSACleanup();
    if (g_served != CONNECTIONS || g_server_errors) {
        printf("threadpool-client: %ld served, %ld server errors\n", (long)g_served, (long)g_server_errors);
        return 1;
    }
    printf("threadpool-client: %d connections, %d bytes each, echoed through pool I/O and pool work\n", CONNECTIONS,
           MESSAGE);
    return 0;
}
