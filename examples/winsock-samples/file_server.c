/*
 * file_server.c: the file-serving server of the Winsock samples: a thread started with
 * _beginthreadex accepts each connection, reads the request, and answers with TransmitFile: a
 * header from memory as the head, the file's bytes, a trailer as the tail.  The first answer is
 * overlapped (the extension pointer from SIO_GET_EXTENSION_FUNCTION_POINTER, an event,
 * WSAGetOverlappedResult for the count) with TF_DISCONNECT, so the client reads to the end of
 * the stream; the second calls TransmitFile by name, as a program linked with Mswsock.lib does,
 * synchronously, from the file pointer the server moved to byte 1,000, for 4,096 bytes.
 *
 * Why: servers hand files to the stack this way instead of reading and sending them, and the
 * suite must build and run such code unchanged; every byte the client reads is checked against
 * the file.  ctest examples.file_server.
 */
#include <winsock2.h>
#include <mswsock.h>
#include <windows.h>
#include <process.h>

#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")
#pragma comment(lib, "Mswsock.lib")

#define FILE_BYTES 200000
#define PART_FROM 1000
#define PART_BYTES 4096

static SOCKET g_listener;
static HANDLE g_file;
static char g_head[64];
static const char g_tail[] = "\r\n-- end --\r\n";
static volatile LONG g_server_error;

static unsigned char file_byte(int i) { return (unsigned char)(i * 31 + i / 509); }

static void server_failed(const char *what, int code) {
    printf("server: %s failed: %d\n", what, code);
    InterlockedExchange(&g_server_error, 1);
}

/* Reads one request line ("GET ...\n") from s. */
static int read_request(SOCKET s) {
    char line[128];
    int got = 0;
    while (got < (int)sizeof line - 1) {
        int r = recv(s, line + got, 1, 0);
        if (r <= 0) return 0;
        if (line[got++] == '\n') return strncmp(line, "GET ", 4) == 0;
    }
    return 0;
}

static unsigned __stdcall serve(void *arg) {
    (void)arg;
    GUID id = WSAID_TRANSMITFILE;
    LPFN_TRANSMITFILE transmit = NULL;
    DWORD n = 0;
    for (int round = 0; round < 2; round++) {
        SOCKET s = accept(g_listener, NULL, NULL);
        if (s == INVALID_SOCKET) {
            server_failed("accept", WSAGetLastError());
            return 1;
        }
        if (!read_request(s)) {
            server_failed("reading the request", WSAGetLastError());
            closesocket(s);
            return 1;
        }
        TRANSMIT_FILE_BUFFERS tfb;
        tfb.Head = g_head;
        tfb.HeadLength = (DWORD)strlen(g_head);
        tfb.Tail = (LPVOID)g_tail;
        tfb.TailLength = (DWORD)strlen(g_tail);
        if (round == 0) {
            if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &transmit, sizeof transmit, &n, NULL,
                         NULL) != 0) {
                server_failed("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)", WSAGetLastError());
                closesocket(s);
                return 1;
            }
            WSAOVERLAPPED ov;
            ZeroMemory(&ov, sizeof ov);
            ov.hEvent = WSACreateEvent();
            if (!transmit(s, g_file, 0, 0, &ov, &tfb, TF_DISCONNECT) && WSAGetLastError() != WSA_IO_PENDING) {
                server_failed("TransmitFile (overlapped)", WSAGetLastError());
            } else {
                DWORD sent = 0, flags = 0;
                WaitForSingleObject(ov.hEvent, INFINITE);
                if (!WSAGetOverlappedResult(s, &ov, &sent, FALSE, &flags))
                    server_failed("WSAGetOverlappedResult", WSAGetLastError());
                else if (sent != tfb.HeadLength + FILE_BYTES + tfb.TailLength)
                    server_failed("TransmitFile's count", (int)sent);
            }
            WSACloseEvent(ov.hEvent);
        } else {
            LARGE_INTEGER at;
            at.QuadPart = PART_FROM;
            SetFilePointerEx(g_file, at, NULL, FILE_BEGIN);
            if (!TransmitFile(s, g_file, PART_BYTES, 0, NULL, &tfb, 0))
                server_failed("TransmitFile (by name)", WSAGetLastError());
            shutdown(s, SD_SEND);
        }
        closesocket(s);
    }
    return 0;
}

/* Connects, asks, and reads the answer to the end of the stream; 0 when it is the header, the
 * file's bytes [from, from + count) and the trailer. */
static int fetch(const struct sockaddr_in *to, int from, int count) {
    static char got[FILE_BYTES + 256];
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (c == INVALID_SOCKET || connect(c, (const struct sockaddr *)to, sizeof *to) != 0) {
        printf("client: connect failed: %d\n", WSAGetLastError());
        return 1;
    }
    const char request[] = "GET /file HTTP/1.0\r\n";
    send(c, request, (int)strlen(request), 0);
    int total = 0, r;
    while ((r = recv(c, got + total, (int)sizeof got - total, 0)) > 0) total += r;
    closesocket(c);
    int head = (int)strlen(g_head), tail = (int)strlen(g_tail);
    if (r < 0 || total != head + count + tail) {
        printf("client: read %d bytes (last recv %d, error %d); expected %d\n", total, r, WSAGetLastError(),
               head + count + tail);
        return 1;
    }
    if (memcmp(got, g_head, (size_t)head) != 0 || memcmp(got + head + count, g_tail, (size_t)tail) != 0) {
        printf("client: the header or the trailer differs\n");
        return 1;
    }
    for (int i = 0; i < count; i++)
        if ((unsigned char)got[head + i] != file_byte(from + i)) {
            printf("client: file byte %d differs\n", from + i);
            return 1;
        }
    return 0;
}

int main(void) {
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    char dir[MAX_PATH], path[MAX_PATH + 64];
    GetTempPathA(MAX_PATH, dir);
    sprintf_s(path, sizeof path, "%swfpcert-file-server-%lu.bin", dir, (unsigned long)GetCurrentProcessId());
    g_file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS,
                         FILE_ATTRIBUTE_NORMAL, NULL);
    if (g_file == INVALID_HANDLE_VALUE) {
        printf("CreateFileA(%s) failed: %lu\n", path, (unsigned long)GetLastError());
        return 1;
    }
    static unsigned char bytes[FILE_BYTES];
    for (int i = 0; i < FILE_BYTES; i++) bytes[i] = file_byte(i);
    DWORD put = 0;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    if (!WriteFile(g_file, bytes, FILE_BYTES, &put, NULL) || put != FILE_BYTES ||
        !SetFilePointerEx(g_file, zero, NULL, FILE_BEGIN)) {
        printf("writing %s failed: %lu\n", path, (unsigned long)GetLastError());
        return 1;
    }
    sprintf_s(g_head, sizeof g_head, "HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n", FILE_BYTES);

    struct sockaddr_in a;
    ZeroMemory(&a, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof a;
    g_listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (g_listener == INVALID_SOCKET || bind(g_listener, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(g_listener, SOMAXCONN) != 0 || getsockname(g_listener, (struct sockaddr *)&a, &len) != 0) {
        printf("listener failed: %d\n", WSAGetLastError());
        return 1;
    }
    HANDLE server = (HANDLE)_beginthreadex(NULL, 0, serve, NULL, 0, NULL);
    if (!server) {
        printf("_beginthreadex failed\n");
        return 1;
    }
    int bad = fetch(&a, 0, FILE_BYTES);
    bad |= fetch(&a, PART_FROM, PART_BYTES);
    WaitForSingleObject(server, INFINITE);
    CloseHandle(server);
    closesocket(g_listener);
    CloseHandle(g_file);
    DeleteFileA(path);
    WSACleanup();
    if (bad || g_server_error) {
        printf("file_server: FAILED\n");
        return 1;
    }
    printf("file_server: %d bytes overlapped with TF_DISCONNECT, %d from byte %d by name: every byte as sent\n",
           FILE_BYTES, PART_BYTES, PART_FROM);
    return 0;
}
