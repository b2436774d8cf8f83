/*
 * poll_server.c: the single-threaded nonblocking server of the Winsock samples: a listener
 * and its connections made nonblocking with ioctlsocket(FIONBIO), served by a WSAPoll loop
 * that accepts, reads and echoes; clients in the same loop connect nonblocking (WSAEWOULDBLOCK,
 * then select() for writability, as pre-Vista code does).  WSAPoll and inet_ntop are looked up
 * at run time with GetModuleHandleA("ws2_32.dll") and GetProcAddress, the way programs that
 * must also start on Windows XP find them.  Each client sends a line and must get it back.
 *
 * Why: readiness-driven servers are the other half of everyday Winsock code; the suite must
 * build and run them unchanged on the model as on Windows.  ctest examples.poll_server.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define CLIENTS 3

typedef int(WSAAPI *WSAPOLL_FN)(LPWSAPOLLFD, ULONG, INT);
typedef PCSTR(WSAAPI *INET_NTOP_FN)(INT, const VOID *, PSTR, size_t);

static int fail(const char *what) {
    printf("poll-server: %s failed: %d\n", what, WSAGetLastError());
    return 1;
}

int __cdecl main(void) {
    WSADATA wsa;
    HMODULE ws2;
    WSAPOLL_FN poll_fn;
    INET_NTOP_FN ntop_fn;
    SOCKET listener, clients[CLIENTS], served[CLIENTS];
    char sent[CLIENTS][32], back[CLIENTS][32], text[INET_ADDRSTRLEN];
    int back_len[CLIENTS] = {0}, nserved = 0, done = 0, i, rounds, len;
    u_long on = 1;
    SOCKADDR_IN addr;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    ws2 = GetModuleHandleA("ws2_32.dll");
    if (ws2 == NULL) return fail("GetModuleHandleA(ws2_32.dll)");
    poll_fn = (WSAPOLL_FN)GetProcAddress(ws2, "WSAPoll");
    ntop_fn = (INET_NTOP_FN)GetProcAddress(ws2, "inet_ntop");
    if (poll_fn == NULL || ntop_fn == NULL) return fail("GetProcAddress(WSAPoll, inet_ntop)");
    if (GetProcAddress(ws2, "NoSuchFunction") != NULL || GetLastError() != ERROR_PROC_NOT_FOUND)
        return fail("GetProcAddress of a name ws2_32 does not export");

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof addr;
    if (listener == INVALID_SOCKET || bind(listener, (SOCKADDR *)&addr, sizeof addr) ||
        getsockname(listener, (SOCKADDR *)&addr, &len) || listen(listener, SOMAXCONN) ||
        ioctlsocket(listener, FIONBIO, &on))
        return fail("the listener");
    if (ntop_fn(AF_INET, &addr.sin_addr, text, sizeof text) == NULL || strcmp(text, "127.0.0.1") != 0)
        return fail("inet_ntop through GetProcAddress");

    /* nonblocking connects: in progress at once, done when select says writable */
    for (i = 0; i < CLIENTS; i++) {
        clients[i] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (clients[i] == INVALID_SOCKET || ioctlsocket(clients[i], FIONBIO, &on)) return fail("a client socket");
        if (connect(clients[i], (SOCKADDR *)&addr, sizeof addr) == 0) continue;
        if (WSAGetLastError() != WSAEWOULDBLOCK) return fail("a nonblocking connect");
    }
    {
        fd_set writable, failed;
        struct timeval tv = {5, 0};
        int left = CLIENTS;
        while (left > 0) {
            FD_ZERO(&writable);
            FD_ZERO(&failed);
            for (i = 0; i < CLIENTS; i++) {
                FD_SET(clients[i], &writable);
                FD_SET(clients[i], &failed);
            }
            if (select(0, NULL, &writable, &failed, &tv) <= 0) return fail("select for the connects");
            if (failed.fd_count) return fail("a connect (select's exceptfds)");
            left = CLIENTS - (int)writable.fd_count;
        }
    }
    for (i = 0; i < CLIENTS; i++) {
        snprintf(sent[i], sizeof sent[i], "line %d from client %d\n", i * 11, i);
        if (send(clients[i], sent[i], (int)strlen(sent[i]), 0) != (int)strlen(sent[i])) return fail("a client send");
    }

    /* the server's loop: the listener and what it accepted, all in one WSAPoll */
    for (rounds = 0; rounds < 100 && done < CLIENTS; rounds++) {
        WSAPOLLFD fds[1 + CLIENTS + CLIENTS];
        int n = 0, r;
        fds[n].fd = listener;
        fds[n++].events = POLLRDNORM;
        for (i = 0; i < nserved; i++) {
            fds[n].fd = served[i];
            fds[n++].events = POLLRDNORM;
        }
        for (i = 0; i < CLIENTS; i++) {
            fds[n].fd = clients[i];
            fds[n++].events = POLLRDNORM;
        }
        r = poll_fn(fds, (ULONG)n, 1000);
        if (r == SOCKET_ERROR) return fail("WSAPoll");
        if (fds[0].revents & POLLRDNORM) {
            SOCKET s = accept(listener, NULL, NULL);
            if (s == INVALID_SOCKET) {
                if (WSAGetLastError() != WSAEWOULDBLOCK) return fail("accept");
            } else if (nserved < CLIENTS) {
                served[nserved++] = s; /* accepted sockets keep the listener's nonblocking mode */
            }
        }
        for (i = 1; i < n; i++) {
            char buf[64];
            int got;
            if (!(fds[i].revents & (POLLRDNORM | POLLHUP))) continue;
            if (i <= nserved) { /* a served connection: echo what came */
                got = recv(fds[i].fd, buf, sizeof buf, 0);
                if (got > 0 && send(fds[i].fd, buf, got, 0) != got) return fail("the echo");
                if (got == SOCKET_ERROR && WSAGetLastError() != WSAEWOULDBLOCK) return fail("a server recv");
            } else { /* a client: collect its echo */
                int k = i - 1 - nserved;
                got = recv(fds[i].fd, back[k] + back_len[k], (int)sizeof back[k] - back_len[k], 0);
                if (got > 0) {
                    back_len[k] += got;
                    if (back_len[k] == (int)strlen(sent[k])) done++;
                } else if (got == 0 || WSAGetLastError() != WSAEWOULDBLOCK) {
                    return fail("a client recv");
                }
            }
        }
    }
    for (i = 0; i < CLIENTS; i++)
        if (back_len[i] != (int)strlen(sent[i]) || memcmp(back[i], sent[i], back_len[i]) != 0) {
            printf("poll-server: client %d got %d bytes back, not \"%s\"\n", i, back_len[i], sent[i]);
            return 1;
        }
    {
        /* a nonblocking recv with nothing waiting answers WSAEWOULDBLOCK */
        char c;
        if (recv(clients[0], &c, 1, 0) != SOCKET_ERROR || WSAGetLastError() != WSAEWOULDBLOCK)
            return fail("a nonblocking recv with nothing waiting");
    }
    for (i = 0; i < CLIENTS; i++) closesocket(clients[i]);
    for (i = 0; i < nserved; i++) closesocket(served[i]);
    closesocket(listener);
    WSACleanup();
    printf("poll-server: %d clients echoed through %s:%u in %d WSAPoll rounds\n", CLIENTS, text, ntohs(addr.sin_port),
           rounds);
    return 0;
}
