/*
 * proxy_check.c: the first thing a redirecting proxy does with an accepted connection is ask
 * for its redirect records.  On a socket that was never connected there are none, and Winsock
 * must say so with an error rather than hand back bytes.  This program checks exactly that.
 *
 * It is written as Windows proxy code would be: the one header below is the Windows SDK on
 * Windows and the wfpcert model on Linux, so the same file builds in both worlds.
 */
#include "wfpcert/winsock.h"

#include <stdio.h>

int main(void) {
    WSADATA wsa;
    int rc = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (rc != 0) {
        fprintf(stderr, "WSAStartup failed: %d\n", rc);
        return 1;
    }

    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        fprintf(stderr, "socket failed: WSA error %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }

    BYTE records[1024];
    DWORD returned = 0;
    rc = WSAIoctl(s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, records, (DWORD)sizeof records, &returned,
                  NULL, NULL);
    /* Read the error before any other call can overwrite it. */
    int err = (rc == SOCKET_ERROR) ? WSAGetLastError() : 0;

    closesocket(s);
    WSACleanup();

    if (rc != SOCKET_ERROR) {
        fprintf(stderr,
                "unexpected: SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS succeeded on a fresh, "
                "unconnected socket (%lu bytes returned)\n",
                (unsigned long)returned);
        return 1;
    }
    if (err != WSAENOTCONN && err != WSAEINVAL) {
        fprintf(stderr,
                "unexpected: SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS on a fresh socket failed "
                "with WSA error %d; expected WSAENOTCONN (%d) or WSAEINVAL (%d)\n",
                err, WSAENOTCONN, WSAEINVAL);
        return 1;
    }
    printf("ok: SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS on a fresh socket failed with %s (%d)\n",
           err == WSAENOTCONN ? "WSAENOTCONN" : "WSAEINVAL", err);
    return 0;
}
