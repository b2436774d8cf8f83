/*
 * udp_overlapped.c: the overlapped-event datagram pair of the Winsock samples: a server thread
 * keeps one WSARecvFrom pending with an event from WSACreateEvent, waits with
 * WSAWaitForMultipleEvents on it and on a stop event, takes the result with
 * WSAGetOverlappedResult and answers each datagram to the address it came from with
 * WSASendTo; the client sends numbered datagrams with sendto and collects the answers with its
 * own overlapped WSARecvFrom.  Each answer must be its request upper-cased, from the server's
 * address; a datagram larger than the receive buffer must come back as WSAEMSGSIZE; at the end
 * the server cancels its pending receive with CancelIoEx and sees it end aborted.
 *
 * Why: event-driven UDP code is common in real services; the suite must build and run it
 * unchanged on the model as on Windows.  ctest examples.udp_overlapped.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define REQUESTS 5

static SOCKET g_server;
static WSAEVENT g_stop;
static volatile LONG g_answered, g_truncated;

static DWORD WINAPI server(LPVOID unused) {
    char buf[64];
    WSABUF wb;
    WSAOVERLAPPED ov;
    SOCKADDR_IN from;
    int fromlen;
    DWORD flags, got;
    WSAEVENT events[2];
    (void)unused;
    ZeroMemory(&ov, sizeof ov);
    ov.hEvent = WSACreateEvent();
    events[0] = ov.hEvent;
    events[1] = g_stop;
    for (;;) {
        DWORD i, r;
        wb.buf = buf;
        wb.len = sizeof buf;
        flags = 0;
        fromlen = sizeof from;
        WSAResetEvent(ov.hEvent);
        if (WSARecvFrom(g_server, &wb, 1, NULL, &flags, (SOCKADDR *)&from, &fromlen, &ov, NULL) == SOCKET_ERROR) {
            int e = WSAGetLastError();
            if (e == WSAEMSGSIZE) { /* the oversized datagram was there already: it failed at once, */
                InterlockedIncrement(&g_truncated); /* and no completion follows an immediate failure */
                continue;
            }
            if (e != WSA_IO_PENDING) {
                printf("udp-overlapped: server WSARecvFrom: %d\n", e);
                return 1;
            }
        }
        r = WSAWaitForMultipleEvents(2, events, FALSE, WSA_INFINITE, FALSE);
        if (r == WSA_WAIT_EVENT_0 + 1) break;
        if (r != WSA_WAIT_EVENT_0) return 1;
        WSAResetEvent(ov.hEvent);
        if (!WSAGetOverlappedResult(g_server, &ov, &got, FALSE, &flags)) {
            if (WSAGetLastError() == WSAEMSGSIZE) { /* the rest of the datagram is gone */
                InterlockedIncrement(&g_truncated);
                continue;
            }
            printf("udp-overlapped: server result: %d\n", WSAGetLastError());
            return 1;
        }
        for (i = 0; i < got; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
        wb.len = got;
        if (WSASendTo(g_server, &wb, 1, &got, 0, (SOCKADDR *)&from, fromlen, NULL, NULL) == SOCKET_ERROR) {
            printf("udp-overlapped: server WSASendTo: %d\n", WSAGetLastError());
            return 1;
        }
        InterlockedIncrement(&g_answered);
    }
    /* stopped: the receive still pending is cancelled and must end before ov goes away */
    if (!CancelIoEx((HANDLE)g_server, &ov) || WSAGetOverlappedResult(g_server, &ov, &got, TRUE, &flags) ||
        WSAGetLastError() != WSA_OPERATION_ABORTED) {
        printf("udp-overlapped: the cancelled receive: %d\n", WSAGetLastError());
        return 1;
    }
    WSACloseEvent(ov.hEvent);
    return 0;
}

static int fail(const char *what) {
    printf("udp-overlapped: %s failed: %d\n", what, WSAGetLastError());
    return 1;
}

int __cdecl main(void) {
    WSADATA wsa;
    SOCKADDR_IN srv, any;
    SOCKET client;
    HANDLE thread;
    int len = sizeof srv, i;
    DWORD code = 1;
    char big[200];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    g_server = WSASocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    client = WSASocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ZeroMemory(&srv, sizeof srv);
    srv.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &srv.sin_addr);
    any = srv;
    if (g_server == INVALID_SOCKET || client == INVALID_SOCKET || bind(g_server, (SOCKADDR *)&srv, sizeof srv) ||
        getsockname(g_server, (SOCKADDR *)&srv, &len) || bind(client, (SOCKADDR *)&any, sizeof any))
        return fail("the sockets");
    g_stop = WSACreateEvent();
    thread = CreateThread(NULL, 0, server, NULL, 0, NULL);
    if (g_stop == WSA_INVALID_EVENT || thread == NULL) return fail("the server thread");

    for (i = 0; i < REQUESTS; i++) {
        char req[32], want[32], got[64];
        WSABUF wb;
        WSAOVERLAPPED ov;
        SOCKADDR_IN from;
        int fromlen = sizeof from, n, k;
        DWORD flags = 0, bytes = 0;
        n = snprintf(req, sizeof req, "datagram %d of %d", i + 1, REQUESTS);
        for (k = 0; k <= n; k++) want[k] = (char)toupper((unsigned char)req[k]);
        ZeroMemory(&ov, sizeof ov);
        ov.hEvent = WSACreateEvent();
        wb.buf = got;
        wb.len = sizeof got;
        if (WSARecvFrom(client, &wb, 1, NULL, &flags, (SOCKADDR *)&from, &fromlen, &ov, NULL) == SOCKET_ERROR &&
            WSAGetLastError() != WSA_IO_PENDING)
            return fail("client WSARecvFrom");
        if (sendto(client, req, n, 0, (SOCKADDR *)&srv, sizeof srv) != n) return fail("client sendto");
        if (WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 5000, FALSE) != WSA_WAIT_EVENT_0)
            return fail("the wait for the answer");
        if (!WSAGetOverlappedResult(client, &ov, &bytes, FALSE, &flags)) return fail("client result");
        WSACloseEvent(ov.hEvent);
        if ((int)bytes != n || memcmp(got, want, n) != 0 || from.sin_port != srv.sin_port ||
            from.sin_addr.s_addr != srv.sin_addr.s_addr || fromlen != (int)sizeof(SOCKADDR_IN)) {
            printf("udp-overlapped: answer %d is %.*s (%lu bytes, port %u), not %s\n", i + 1, (int)bytes, got,
                   (unsigned long)bytes, ntohs(from.sin_port), want);
            return 1;
        }
    }
    /* a datagram larger than the server's buffer: its receive fails with WSAEMSGSIZE */
    memset(big, 'x', sizeof big);
    if (sendto(client, big, sizeof big, 0, (SOCKADDR *)&srv, sizeof srv) != (int)sizeof big) return fail("sendto big");
    for (i = 0; i < 500 && g_truncated == 0; i++) Sleep(10);

    WSASetEvent(g_stop);
    if (WaitForSingleObject(thread, 5000) != WAIT_OBJECT_0 || !GetExitCodeThread(thread, &code) || code != 0)
        return fail("the server thread's end");
    CloseHandle(thread);
    closesocket(client);
    closesocket(g_server);
    WSACloseEvent(g_stop);
    WSACleanup();
    if (g_answered != REQUESTS || g_truncated != 1) {
        printf("udp-overlapped: %ld answered, %ld truncated\n", (long)g_answered, (long)g_truncated);
        return 1;
    }
    printf("udp-overlapped: %d datagrams answered, the oversized one refused with WSAEMSGSIZE\n", REQUESTS);
    return 0;
}
