/*
 * iocp_echo_server.c: the completion-port echo server of the Winsock samples, as a Windows
 * program writes it: an overlapped listener with AcceptEx (the function pointer asked of
 * WSAIoctl), one context per connection whose OVERLAPPED comes first, worker threads that take
 * packets with GetQueuedCompletionStatus (one of them with GetQueuedCompletionStatusEx),
 * WSARecv/WSASend re-armed from the workers, InterlockedIncrement for the tally, and a shutdown
 * that posts one NULL packet per worker with PostQueuedCompletionStatus.  Four clients in the
 * main thread send 3000 bytes each and must get the same bytes back.
 *
 * Why: real services are written this way; the suite must build and run them unchanged on the
 * model (include/wfpcert/sdk) as on Windows (mingw, wine).  ctest examples.iocp_echo_server.
 */
#include <winsock2.h>
#include <mswsock.h>
#include <windows.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define CLIENTS 4
#define WORKERS 2
#define MESSAGE 3000
#define ADDRLEN (sizeof(SOCKADDR_IN) + 16)

typedef enum { OP_ACCEPT, OP_RECV, OP_SEND } OP;

typedef struct _CONN {
    OVERLAPPED ov; /* first, so a packet's OVERLAPPED is the context */
    OP op;
    SOCKET s;
    WSABUF wsabuf;
    char buf[4096];
    char addrs[2 * ADDRLEN];
} CONN;

static SOCKET g_listener;
static HANDLE g_port;
static HANDLE g_all_closed;
static volatile LONG g_closed, g_echoed, g_errors;
static LPFN_ACCEPTEX g_AcceptEx;
static LPFN_GETACCEPTEXSOCKADDRS g_GetAcceptExSockaddrs;

static void fail(const char *what, int err) {
    printf("iocp-echo-server: %s failed: %d\n", what, err);
    InterlockedIncrement(&g_errors);
}

static BOOL post_recv(CONN *c) {
    DWORD flags = 0;
    ZeroMemory(&c->ov, sizeof c->ov);
    c->op = OP_RECV;
    c->wsabuf.buf = c->buf;
    c->wsabuf.len = sizeof c->buf;
    if (WSARecv(c->s, &c->wsabuf, 1, NULL, &flags, &c->ov, NULL) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING) {
        fail("WSARecv", WSAGetLastError());
        return FALSE;
    }
    return TRUE;
}

static void close_conn(CONN *c) {
    closesocket(c->s);
    c->s = INVALID_SOCKET;
    if (InterlockedIncrement(&g_closed) == CLIENTS) SetEvent(g_all_closed);
}

static void on_accepted(CONN *c) {
    SOCKADDR *local, *remote;
    int llen, rlen;
    if (setsockopt(c->s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&g_listener, sizeof g_listener) == SOCKET_ERROR)
        fail("SO_UPDATE_ACCEPT_CONTEXT", WSAGetLastError());
    g_GetAcceptExSockaddrs(c->addrs, 0, ADDRLEN, ADDRLEN, &local, &llen, &remote, &rlen);
    if (remote->sa_family != AF_INET || ((SOCKADDR_IN *)remote)->sin_addr.s_addr != htonl(INADDR_LOOPBACK))
        fail("GetAcceptExSockaddrs (the peer is not 127.0.0.1)", 0);
    if (CreateIoCompletionPort((HANDLE)c->s, g_port, 0, 0) == NULL) fail("CreateIoCompletionPort", GetLastError());
    if (!post_recv(c)) close_conn(c);
}

static void on_packet(CONN *c, BOOL ok, DWORD bytes) {
    if (!ok) {
        fail(c->op == OP_ACCEPT ? "AcceptEx completion" : "I/O completion", (int)GetLastError());
        if (c->op != OP_ACCEPT) close_conn(c);
        return;
    }
    switch (c->op) {
    case OP_ACCEPT:
        on_accepted(c);
        break;
    case OP_RECV:
        if (bytes == 0) { /* the client closed */
            close_conn(c);
            break;
        }
        InterlockedExchangeAdd(&g_echoed, (LONG)bytes);
        ZeroMemory(&c->ov, sizeof c->ov);
        c->op = OP_SEND;
        c->wsabuf.len = bytes;
        if (WSASend(c->s, &c->wsabuf, 1, NULL, 0, &c->ov, NULL) == SOCKET_ERROR &&
            WSAGetLastError() != WSA_IO_PENDING) {
            fail("WSASend", WSAGetLastError());
            close_conn(c);
        }
        break;
    case OP_SEND:
        if (bytes != c->wsabuf.len) fail("WSASend (sent a part)", (int)bytes);
        if (!post_recv(c)) close_conn(c);
        break;
    }
}

static DWORD WINAPI worker(LPVOID param) {
    BOOL batch = param != NULL;
    int stops = 0;
    for (;;) {
        if (batch) {
            OVERLAPPED_ENTRY entries[8];
            ULONG n = 0, i;
            if (!GetQueuedCompletionStatusEx(g_port, entries, _countof(entries), &n, INFINITE, FALSE)) {
                fail("GetQueuedCompletionStatusEx", (int)GetLastError());
                return 1;
            }
            for (i = 0; i < n; i++) {
                CONN *c = (CONN *)entries[i].lpOverlapped;
                DWORD bytes = entries[i].dwNumberOfBytesTransferred, fl = 0;
                if (c == NULL) { /* a shutdown packet: one is this worker's, the others go back */
                    if (stops++) PostQueuedCompletionStatus(g_port, 0, 0, NULL);
                    continue;
                }
                on_packet(c, WSAGetOverlappedResult(c->s, &c->ov, &bytes, FALSE, &fl), bytes);
            }
            if (stops) return 0;
        } else {
            DWORD bytes = 0;
            ULONG_PTR key = 0;
            LPOVERLAPPED ov = NULL;
            BOOL ok = GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, INFINITE);
            if (ov == NULL) return ok ? 0 : 1; /* the shutdown packet, or the port failed */
            on_packet((CONN *)ov, ok, bytes);
        }
    }
}

static int run_clients(const SOCKADDR_IN *addr) {
    SOCKET cs[CLIENTS];
    static char out[CLIENTS][MESSAGE], in[MESSAGE];
    int i, j;
    for (i = 0; i < CLIENTS; i++) {
        cs[i] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (cs[i] == INVALID_SOCKET || connect(cs[i], (const SOCKADDR *)addr, sizeof *addr) == SOCKET_ERROR) {
            fail("client connect", WSAGetLastError());
            return 1;
        }
        for (j = 0; j < MESSAGE; j++) out[i][j] = (char)('a' + (i * 7 + j) % 26);
    }
    for (i = 0; i < CLIENTS; i++) {
        int got = 0, n;
        if (send(cs[i], out[i], MESSAGE, 0) != MESSAGE) {
            fail("client send", WSAGetLastError());
            return 1;
        }
        while (got < MESSAGE && (n = recv(cs[i], in + got, MESSAGE - got, 0)) > 0) got += n;
        if (got != MESSAGE || memcmp(in, out[i], MESSAGE) != 0) {
            printf("iocp-echo-server: client %d got %d bytes back, not its %d\n", i, got, MESSAGE);
            return 1;
        }
    }
    for (i = 0; i < CLIENTS; i++) closesocket(cs[i]);
    return 0;
}

int __cdecl main(void) {
    WSADATA wsa;
    GUID acceptex_id = WSAID_ACCEPTEX, sockaddrs_id = WSAID_GETACCEPTEXSOCKADDRS;
    SOCKADDR_IN addr;
    int len = sizeof addr, i, rc;
    DWORD got;
    HANDLE threads[WORKERS];
    static CONN conns[CLIENTS];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    g_all_closed = CreateEvent(NULL, TRUE, FALSE, NULL);
    g_listener = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (g_port == NULL || g_all_closed == NULL || g_listener == INVALID_SOCKET ||
        bind(g_listener, (SOCKADDR *)&addr, sizeof addr) == SOCKET_ERROR || listen(g_listener, SOMAXCONN) ||
        getsockname(g_listener, (SOCKADDR *)&addr, &len) ||
        CreateIoCompletionPort((HANDLE)g_listener, g_port, 0, 0) != g_port) {
        printf("iocp-echo-server: the listener: %d\n", WSAGetLastError());
        return 1;
    }
    if (WSAIoctl(g_listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex_id, sizeof acceptex_id, &g_AcceptEx,
                 sizeof g_AcceptEx, &got, NULL, NULL) == SOCKET_ERROR ||
        WSAIoctl(g_listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &sockaddrs_id, sizeof sockaddrs_id,
                 &g_GetAcceptExSockaddrs, sizeof g_GetAcceptExSockaddrs, &got, NULL, NULL) == SOCKET_ERROR) {
        printf("iocp-echo-server: no AcceptEx: %d\n", WSAGetLastError());
        return 1;
    }
    for (i = 0; i < WORKERS; i++) threads[i] = CreateThread(NULL, 0, worker, i ? (LPVOID)1 : NULL, 0, NULL);
    for (i = 0; i < CLIENTS; i++) {
        CONN *c = &conns[i];
        c->op = OP_ACCEPT;
        c->s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        if (c->s == INVALID_SOCKET || (!g_AcceptEx(g_listener, c->s, c->addrs, 0, ADDRLEN, ADDRLEN, &got, &c->ov) &&
                                       WSAGetLastError() != ERROR_IO_PENDING)) {
            printf("iocp-echo-server: AcceptEx: %d\n", WSAGetLastError());
            return 1;
        }
    }

    rc = run_clients(&addr);
    if (WaitForSingleObject(g_all_closed, 10000) != WAIT_OBJECT_0) fail("the server's closes", (int)g_closed);
    for (i = 0; i < WORKERS; i++) PostQueuedCompletionStatus(g_port, 0, 0, NULL);
    if (WaitForMultipleObjects(WORKERS, threads, TRUE, 10000) != WAIT_OBJECT_0) fail("the workers' ends", 0);
    for (i = 0; i < WORKERS; i++) {
        DWORD code = 1;
        GetExitCodeThread(threads[i], &code);
        if (code != 0) fail("a worker", (int)code);
        CloseHandle(threads[i]);
    }
    if (g_echoed != CLIENTS * MESSAGE) fail("the echo count", (int)g_echoed);
    closesocket(g_listener);
    CloseHandle(g_port);
    CloseHandle(g_all_closed);
    WSACleanup();
    if (rc || g_errors) return 1;
    printf("iocp-echo-server: %d clients, %ld bytes echoed by %d workers\n", CLIENTS, (long)g_echoed, WORKERS);
    return 0;
}
