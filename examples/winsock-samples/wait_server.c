/*
 * wait_server.c: an echo server with no thread of its own: WSAEventSelect signals an event per
 * socket, RegisterWaitForSingleObject has the thread pool wait for each event, and the callbacks
 * accept, read and echo (WSAEnumNetworkEvents telling them what happened); closing connections
 * are handed to QueueUserWorkItem.  Clients in the main thread connect, send a line each and
 * must get it back.  The result line is coloured with SetConsoleTextAttribute when the output is
 * a console (GetConsoleMode says so), plain when it is redirected, as a log file wants it.
 *
 * Why: this is how services written against the legacy thread pool serve sockets, and how
 * console tools decide whether to colour their output; the suite must build and run them
 * unchanged on the model as on Windows.  ctest examples.wait_server.
 */
#include <winsock2.h>
#include <windows.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define CLIENTS 4

typedef struct conn {
    SOCKET s;
    HANDLE event, wait;
    CRITICAL_SECTION lock; /* a socket's callbacks one at a time */
    int closed;
} conn;

static SOCKET listener;
static HANDLE listen_event, listen_wait, all_closed;
static conn conns[CLIENTS];
static volatile LONG accepted, closed, failures;

static DWORD WINAPI close_later(LPVOID arg) {
    conn *c = arg;
    closesocket(c->s);
    if (InterlockedIncrement(&closed) == CLIENTS) SetEvent(all_closed);
    return 0;
}

static void CALLBACK on_conn(PVOID arg, BOOLEAN timed_out) {
    conn *c = arg;
    WSANETWORKEVENTS ne;
    char buf[64];
    int n;
    if (timed_out) {
        InterlockedIncrement(&failures);
        return;
    }
    EnterCriticalSection(&c->lock);
    if (!c->closed && WSAEnumNetworkEvents(c->s, c->event, &ne) == 0) {
        if (ne.lNetworkEvents & FD_READ) {
            n = recv(c->s, buf, sizeof buf, 0);
            if (n > 0 && send(c->s, buf, n, 0) != n) InterlockedIncrement(&failures);
            if (n < 0 && WSAGetLastError() != WSAEWOULDBLOCK) InterlockedIncrement(&failures);
        }
        if (ne.lNetworkEvents & FD_CLOSE) {
            c->closed = 1;
            if (!QueueUserWorkItem(close_later, c, WT_EXECUTEDEFAULT)) InterlockedIncrement(&failures);
        }
    }
    LeaveCriticalSection(&c->lock);
}

static void CALLBACK on_accept(PVOID arg, BOOLEAN timed_out) {
    WSANETWORKEVENTS ne;
    SOCKET s;
    LONG i;
    (void)arg;
    if (timed_out || WSAEnumNetworkEvents(listener, listen_event, &ne) != 0 || !(ne.lNetworkEvents & FD_ACCEPT)) return;
    while ((s = accept(listener, NULL, NULL)) != INVALID_SOCKET) {
        i = InterlockedIncrement(&accepted) - 1;
        if (i >= CLIENTS) {
            closesocket(s);
            InterlockedIncrement(&failures);
            continue;
        }
        conns[i].s = s;
        conns[i].event = CreateEventA(NULL, FALSE, FALSE, NULL); /* auto-reset: one callback per signal */
        InitializeCriticalSection(&conns[i].lock);
        if (conns[i].event == NULL || WSAEventSelect(s, conns[i].event, FD_READ | FD_CLOSE) != 0 ||
            !RegisterWaitForSingleObject(&conns[i].wait, conns[i].event, on_conn, &conns[i], INFINITE,
                                         WT_EXECUTEDEFAULT))
            InterlockedIncrement(&failures);
    }
}

static void report(const char *text, int ok) {
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode;
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (GetConsoleMode(out, &mode) && GetConsoleScreenBufferInfo(out, &info)) { /* a console: colour it */
        SetConsoleTextAttribute(out, (WORD)(ok ? FOREGROUND_GREEN | FOREGROUND_INTENSITY : FOREGROUND_RED));
        printf("%s\n", text);
        fflush(stdout);
        SetConsoleTextAttribute(out, info.wAttributes);
    } else {
        printf("%s\n", text);
    }
}

int __cdecl main(void) {
    WSADATA wsa;
    SOCKADDR_IN addr;
    SOCKET clients[CLIENTS];
    char line[32], back[32];
    int len, i, got, n;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof addr;
    listen_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    all_closed = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (listener == INVALID_SOCKET || bind(listener, (SOCKADDR *)&addr, sizeof addr) ||
        getsockname(listener, (SOCKADDR *)&addr, &len) || listen(listener, SOMAXCONN) || !listen_event || !all_closed ||
        WSAEventSelect(listener, listen_event, FD_ACCEPT) ||
        !RegisterWaitForSingleObject(&listen_wait, listen_event, on_accept, NULL, INFINITE, WT_EXECUTEDEFAULT)) {
        printf("wait-server: the listener: %d, %lu\n", WSAGetLastError(), (unsigned long)GetLastError());
        return 1;
    }
    for (i = 0; i < CLIENTS; i++) {
        clients[i] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (clients[i] == INVALID_SOCKET || connect(clients[i], (SOCKADDR *)&addr, sizeof addr)) {
            printf("wait-server: client %d connect: %d\n", i, WSAGetLastError());
            return 1;
        }
        n = sprintf(line, "hello from client %d", i);
        if (send(clients[i], line, n, 0) != n) {
            printf("wait-server: client %d send: %d\n", i, WSAGetLastError());
            return 1;
        }
        for (got = 0; got < n;) {
            int r = recv(clients[i], back + got, n - got, 0);
            if (r <= 0) break;
            got += r;
        }
        if (got != n || memcmp(line, back, (size_t)n) != 0) {
            printf("wait-server: client %d got %d of %d bytes back\n", i, got, n);
            return 1;
        }
    }
    for (i = 0; i < CLIENTS; i++) shutdown(clients[i], SD_SEND); /* FD_CLOSE for the server's side */
    if (WaitForSingleObject(all_closed, 10000) != WAIT_OBJECT_0) {
        printf("wait-server: %ld of %d connections closed\n", (long)closed, CLIENTS);
        return 1;
    }
    if (!UnregisterWaitEx(listen_wait, INVALID_HANDLE_VALUE)) return 1;
    for (i = 0; i < CLIENTS; i++) {
        if (!UnregisterWaitEx(conns[i].wait, INVALID_HANDLE_VALUE)) return 1;
        CloseHandle(conns[i].event);
        DeleteCriticalSection(&conns[i].lock);
        closesocket(clients[i]);
    }
    closesocket(listener);
    CloseHandle(listen_event);
    CloseHandle(all_closed);
    WSACleanup();
    if (failures != 0 || accepted != CLIENTS) {
        printf("wait-server: %ld failures, %ld accepted\n", (long)failures, (long)accepted);
        return 1;
    }
    report("wait-server: 4 clients echoed by the thread pool's waits", 1);
    return 0;
}
