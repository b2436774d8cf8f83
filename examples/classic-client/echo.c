/*
 * echo.c: an everyday Windows Winsock program, written as such programs are (the SDK's own
 * headers, WSAStartup, inet_addr, inet_ntoa, getservbyname, blocking sockets, and the
 * spellings of Microsoft's samples: `int __cdecl main`, SAL annotations, ZeroMemory,
 * `#pragma comment(lib, ...)`, getaddrinfo of "localhost", the C runtime's sprintf_s and strcpy_s,
 * strsafe.h's StringCchPrintfA), built unchanged against the model with include/wfpcert/sdk on
 * the include path.
 *
 * Why: the suite is used with programs it has never seen.  This one stands for them: if a
 * name such code commonly uses is missing, the build fails; if one behaves otherwise than on
 * Windows, the run fails.  ctest examples.classic_client builds and runs it.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <strsafe.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

static int failed(_In_z_ const char *what) {
    printf("classic-client: %s failed: %d\n", what, WSAGetLastError());
    return 1;
}

int __cdecl main(void) {
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return failed("WSAStartup");
    struct servent *http = getservbyname("http", "tcp");
    if (!http || ntohs(http->s_port) != 80) return failed("getservbyname(http)");

    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr;
    ZeroMemory(&addr, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    addr.sin_port = 0;
    int len = sizeof addr;
    if (listener == INVALID_SOCKET || bind(listener, (struct sockaddr *)&addr, sizeof addr) == SOCKET_ERROR ||
        listen(listener, SOMAXCONN) == SOCKET_ERROR || getsockname(listener, (struct sockaddr *)&addr, &len))
        return failed("listen on 127.0.0.1");

    SOCKET client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (client == INVALID_SOCKET || connect(client, (struct sockaddr *)&addr, sizeof addr) == SOCKET_ERROR)
        return failed("connect");
    struct sockaddr_in peer;
    len = sizeof peer;
    SOCKET server = accept(listener, (struct sockaddr *)&peer, &len);
    if (server == INVALID_SOCKET) return failed("accept");
    if (strcmp(inet_ntoa(peer.sin_addr), "127.0.0.1") != 0) {
        printf("classic-client: the peer is %s, not 127.0.0.1\n", inet_ntoa(peer.sin_addr));
        return 1;
    }

    char hello[32];
    strcpy_s(hello, _countof(hello), "hello, echo");
    const int hello_len = (int)strlen(hello) + 1;
    char buf[64];
    int got = 0, n;
    if (send(client, hello, hello_len, 0) != hello_len) return failed("send");
    while (got < hello_len && (n = recv(server, buf + got, (int)sizeof buf - got, 0)) > 0) got += n;
    if (got != hello_len || send(server, buf, got, 0) != got) return failed("echo");
    got = 0;
    while (got < hello_len && (n = recv(client, buf + got, (int)sizeof buf - got, 0)) > 0) got += n;
    if (got != hello_len || memcmp(buf, hello, (size_t)hello_len) != 0) return failed("the echoed bytes");

    closesocket(server);
    closesocket(client);

    /* the samples' way in: getaddrinfo of a name, then every address it gives in turn */
    struct addrinfo hints, *res = NULL, *ai;
    ZeroMemory(&hints, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    char port[8];
    if (sprintf_s(port, _countof(port), "%u", ntohs(addr.sin_port)) < 1) return failed("sprintf_s of the port");
    if (getaddrinfo("localhost", port, &hints, &res) != 0) return failed("getaddrinfo(localhost)");
    client = INVALID_SOCKET;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        client = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (client == INVALID_SOCKET) return failed("socket");
        if (connect(client, ai->ai_addr, (int)ai->ai_addrlen) != SOCKET_ERROR) break;
        closesocket(client); /* ::1 first: nobody listens there */
        client = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    if (client == INVALID_SOCKET) return failed("connect to localhost");
    server = accept(listener, NULL, NULL);
    if (server == INVALID_SOCKET || shutdown(client, SD_SEND) == SOCKET_ERROR || recv(server, buf, 1, 0) != 0)
        return failed("the shut-down connection to localhost");
    closesocket(server);
    closesocket(client);
    closesocket(listener);
    WSACleanup();
    char line[80];
    if (FAILED(StringCchPrintfA(line, _countof(line), "echoed %d bytes through %s:%u", got, inet_ntoa(addr.sin_addr),
                                ntohs(addr.sin_port))))
        return failed("StringCchPrintfA of the summary");
    printf("classic-client: %s\n", line);
    return 0;
}
