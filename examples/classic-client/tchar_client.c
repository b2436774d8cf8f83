/*
 * tchar_client.c: a Windows program written for both character sets, as Visual Studio's console
 * template writes them: <tchar.h>, `int _tmain(int argc, _TCHAR *argv[])`, TEXT("...") and
 * _T("...") strings, and the unsuffixed calls (OutputDebugString, CreateEvent, CreateMutex,
 * WSAEnumProtocols, WSASocket), which are the A forms in a build without UNICODE and the W forms with it.
 *
 * Why: such a program takes the WSAPROTOCOL_INFO that WSAEnumProtocols fills and hands it to
 * WSASocket, and names its events with TEXT(): if the unsuffixed names did not follow UNICODE
 * as the SDK's do, it would not build, or would hand one structure's layout to a call that
 * reads the other's.  ctest examples.tchar_client runs it as built without UNICODE; the build
 * also compiles it with UNICODE, _UNICODE and -fshort-wchar (target tchar-client-unicode), where a
 * name that took the other character set's types is an error.
 */
#include <winsock2.h>
#include <windows.h>
#include <tchar.h>

#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "Ws2_32.lib")

static int failed(const char *what, int code) {
    printf("tchar-client: %s failed: %d\n", what, code);
    return 1;
}

int _tmain(int argc, _TCHAR *argv[]) {
    (void)argc, (void)argv;
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return failed("WSAStartup", WSAGetLastError());

    OutputDebugString(TEXT("tchar-client: started\n"));
    /* a named event, made once and found again by its name */
    HANDLE stop = CreateEvent(NULL, TRUE, FALSE, TEXT("tchar-client-stop"));
    if (!stop || GetLastError() != 0) return failed("CreateEvent", (int)GetLastError());
    HANDLE again = CreateEvent(NULL, TRUE, FALSE, TEXT("tchar-client-stop"));
    if (!again || GetLastError() != ERROR_ALREADY_EXISTS) return failed("CreateEvent again", (int)GetLastError());
    HANDLE once = CreateMutex(NULL, FALSE, TEXT("tchar-client-once"));
    if (!once) return failed("CreateMutex", (int)GetLastError());

    /* the TCP provider's entry, as the program's own character set lists it */
    int tcp[] = {IPPROTO_TCP, 0};
    DWORD size = 0;
    if (WSAEnumProtocols(tcp, NULL, &size) != SOCKET_ERROR || WSAGetLastError() != WSAENOBUFS)
        return failed("WSAEnumProtocols for the size", WSAGetLastError());
    LPWSAPROTOCOL_INFO infos = (LPWSAPROTOCOL_INFO)malloc(size);
    int n = infos ? WSAEnumProtocols(tcp, infos, &size) : SOCKET_ERROR;
    if (n < 1) return failed("WSAEnumProtocols", WSAGetLastError());
    int ipv4 = -1;
    for (int i = 0; i < n && ipv4 < 0; i++)
        if (infos[i].iAddressFamily == AF_INET && infos[i].iSocketType == SOCK_STREAM) ipv4 = i;
    if (ipv4 < 0) return failed("an IPv4 TCP entry", n);
    _tprintf(_T("tchar-client: %d TCP entries, the IPv4 one at %d\n"), n, ipv4);

    /* a connection whose both ends came from that entry */
    SOCKET listener = WSASocket(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &infos[ipv4], 0, 0);
    SOCKET client = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, &infos[ipv4], 0, 0);
    if (listener == INVALID_SOCKET || client == INVALID_SOCKET) return failed("WSASocket", WSAGetLastError());
    struct sockaddr_in addr;
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof addr;
    if (bind(listener, (struct sockaddr *)&addr, len) || listen(listener, 1) ||
        getsockname(listener, (struct sockaddr *)&addr, &len))
        return failed("bind, listen or getsockname", WSAGetLastError());
    if (connect(client, (struct sockaddr *)&addr, len)) return failed("connect", WSAGetLastError());
    SOCKET server = accept(listener, NULL, NULL);
    if (server == INVALID_SOCKET) return failed("accept", WSAGetLastError());
    static const char hello[] = "hello";
    char got[16];
    if (send(client, hello, (int)sizeof hello, 0) != (int)sizeof hello) return failed("send", WSAGetLastError());
    int r = recv(server, got, (int)sizeof got, 0);
    if (r != (int)sizeof hello || memcmp(got, hello, sizeof hello) != 0) return failed("recv", r);

    SetEvent(stop);
    if (WaitForSingleObject(again, 0) != WAIT_OBJECT_0) return failed("the event by its other handle", 0);
    closesocket(server);
    closesocket(client);
    closesocket(listener);
    free(infos);
    CloseHandle(once);
    CloseHandle(again);
    CloseHandle(stop);
    WSACleanup();
    _tprintf(_T("tchar-client: %d bytes through a socket of that entry\n"), r);
    return 0;
}
