/*
 * keepalive_server.c: the housekeeping a real server does on each socket before it serves:
 * sockets made with WSA_FLAG_NO_HANDLE_INHERIT (no child process inherits them), the base
 * provider handle asked for with SIO_BASE_HANDLE as libuv does for every socket it adopts,
 * keepalive on each accepted connection (SO_KEEPALIVE, then SIO_KEEPALIVE_VALS for its times),
 * an idle timeout with SO_RCVTIMEO (a blocking recv that waits longer fails with WSAETIMEDOUT
 * and the server drops the connection), and a UDP service that turns SIO_UDP_CONNRESET off so
 * that a reply to a client that has gone does not fail its next recvfrom.
 *
 * The client sends numbered lines and must get each back upper-cased; it then goes quiet,
 * and must see the server close the connection (recv 0) once the idle timeout has passed (the
 * connection is served on a thread of its own, so the model waits in real time: a timeout it
 * ignored would hang the test).
 * The UDP service answers a client that closed its socket, then must still receive and answer
 * the next client's request.  Exits non-zero on any difference.
 *
 * Why: these options are in most Windows servers and event loops; the suite must build and
 * run such code unchanged on the model as on Windows.  ctest examples.keepalive_server.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <mstcpip.h>
#include <windows.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define LINES 4
#define IDLE_MS 300

static int fail(const char *what) {
    printf("keepalive-server: %s: %d\n", what, WSAGetLastError());
    return 1;
}

/* A socket the way the server makes them: overlapped-capable, not inherited, and its base
 * provider handle known (an event loop polls that one). */
static SOCKET make_socket(int type, int proto) {
    SOCKET s = WSASocketW(AF_INET, type, proto, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    SOCKET base = INVALID_SOCKET;
    DWORD n = 0;
    if (s == INVALID_SOCKET) return s;
    if (WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, &base, sizeof base, &n, NULL, NULL) == SOCKET_ERROR ||
        base == INVALID_SOCKET || n != sizeof base) {
        printf("keepalive-server: SIO_BASE_HANDLE: %d\n", WSAGetLastError());
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static int serve_tcp(void) {
    SOCKADDR_IN a;
    int alen = sizeof a, i, got;
    BOOL on = TRUE;
    DWORD idle = IDLE_MS, wait = 5000, n = 0;
    struct tcp_keepalive ka;
    char buf[64], want[64];
    SOCKET l = make_socket(SOCK_STREAM, IPPROTO_TCP), c = make_socket(SOCK_STREAM, IPPROTO_TCP), s;
    if (l == INVALID_SOCKET || c == INVALID_SOCKET) return fail("socket");
    ZeroMemory(&a, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (SOCKADDR *)&a, sizeof a) || getsockname(l, (SOCKADDR *)&a, &alen) || listen(l, SOMAXCONN))
        return fail("listen");
    if (connect(c, (SOCKADDR *)&a, sizeof a)) return fail("connect");
    s = accept(l, NULL, NULL);
    if (s == INVALID_SOCKET) return fail("accept");
    ka.onoff = 1;
    ka.keepalivetime = 60000;
    ka.keepaliveinterval = 1000;
    if (setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (const char *)&on, sizeof on) ||
        WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &n, NULL, NULL) == SOCKET_ERROR)
        return fail("keepalive");
    if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&idle, sizeof idle) ||
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, (const char *)&wait, sizeof wait))
        return fail("SO_RCVTIMEO");
    for (i = 0; i < LINES; i++) {
        int len = sprintf(buf, "line %d of the client", i), k;
        if (send(c, buf, len, 0) != len) return fail("client send");
        got = recv(s, buf, sizeof buf, 0);
        if (got != len) return fail("server recv");
        for (k = 0; k < got; k++) buf[k] = (char)toupper((unsigned char)buf[k]);
        if (send(s, buf, got, 0) != got) return fail("server send");
        memcpy(want, buf, (size_t)got);
        if (recv(c, buf, sizeof buf, 0) != got || memcmp(buf, want, (size_t)got) != 0) {
            printf("keepalive-server: line %d did not come back upper-cased\n", i);
            return 1;
        }
    }
    /* The client goes quiet: the server's recv times out and it drops the connection. */
    got = recv(s, buf, sizeof buf, 0);
    if (got != SOCKET_ERROR || WSAGetLastError() != WSAETIMEDOUT) {
        printf("keepalive-server: an idle connection: recv %d, error %d; expected WSAETIMEDOUT\n", got,
               WSAGetLastError());
        return 1;
    }
    closesocket(s);
    got = recv(c, buf, sizeof buf, 0);
    if (got != 0 && !(got == SOCKET_ERROR && WSAGetLastError() == WSAECONNRESET)) {
        printf("keepalive-server: the client after the server dropped it: recv %d, error %d\n", got, WSAGetLastError());
        return 1;
    }
    closesocket(c);
    closesocket(l);
    return 0;
}

static int serve_udp(void) {
    SOCKADDR_IN a, srv, from;
    int alen = sizeof srv, flen = sizeof from, got;
    BOOL off = FALSE;
    DWORD n = 0, wait = 5000;
    char buf[64];
    SOCKET u = make_socket(SOCK_DGRAM, IPPROTO_UDP), gone = make_socket(SOCK_DGRAM, IPPROTO_UDP),
           next = make_socket(SOCK_DGRAM, IPPROTO_UDP);
    if (u == INVALID_SOCKET || gone == INVALID_SOCKET || next == INVALID_SOCKET) return fail("UDP socket");
    ZeroMemory(&a, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(u, (SOCKADDR *)&a, sizeof a) || getsockname(u, (SOCKADDR *)&srv, &alen)) return fail("UDP bind");
    if (WSAIoctl(u, SIO_UDP_CONNRESET, &off, sizeof off, NULL, 0, &n, NULL, NULL) == SOCKET_ERROR)
        return fail("SIO_UDP_CONNRESET");
    if (setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, (const char *)&wait, sizeof wait) ||
        setsockopt(next, SOL_SOCKET, SO_RCVTIMEO, (const char *)&wait, sizeof wait))
        return fail("UDP SO_RCVTIMEO");
    /* A client asks, then closes its socket before the answer comes. */
    if (sendto(gone, "ping", 4, 0, (SOCKADDR *)&srv, sizeof srv) != 4) return fail("gone sendto");
    got = recvfrom(u, buf, sizeof buf, 0, (SOCKADDR *)&from, &flen);
    if (got != 4) return fail("server recvfrom");
    closesocket(gone);
    if (sendto(u, "PONG", 4, 0, (SOCKADDR *)&from, flen) != 4) return fail("answer to the gone client");
    /* The next client must be served as if nothing happened. */
    if (sendto(next, "next", 4, 0, (SOCKADDR *)&srv, sizeof srv) != 4) return fail("next sendto");
    flen = sizeof from;
    got = recvfrom(u, buf, sizeof buf, 0, (SOCKADDR *)&from, &flen);
    if (got != 4 || memcmp(buf, "next", 4) != 0) {
        printf("keepalive-server: the request after a gone client: %d, error %d\n", got, WSAGetLastError());
        return 1;
    }
    if (sendto(u, "NEXT", 4, 0, (SOCKADDR *)&from, flen) != 4) return fail("answer");
    got = recv(next, buf, sizeof buf, 0);
    if (got != 4 || memcmp(buf, "NEXT", 4) != 0) return fail("the next client's answer");
    closesocket(next);
    closesocket(u);
    return 0;
}

/* The connection's side runs on a thread of its own, as a server's handlers do. */
static DWORD WINAPI tcp_thread(LPVOID unused) {
    (void)unused;
    return (DWORD)serve_tcp();
}

int __cdecl main(void) {
    WSADATA wsa;
    HANDLE t;
    DWORD code = 1;
    int r;
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) {
        printf("keepalive-server: WSAStartup failed\n");
        return 1;
    }
    t = CreateThread(NULL, 0, tcp_thread, NULL, 0, NULL);
    if (!t || WaitForSingleObject(t, INFINITE) != WAIT_OBJECT_0 || !GetExitCodeThread(t, &code)) {
        printf("keepalive-server: the connection thread: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    CloseHandle(t);
    r = (int)code;
    if (!r) r = serve_udp();
    WSACleanup();
    if (!r)
        printf("keepalive-server: %d lines echoed, idle connection dropped, UDP served past a gone client\n", LINES);
    return r;
}
