/*
 * test_loader.c: unit tests of ws2/module_calls.c: GetModuleHandleA/W, LoadLibraryA/W,
 * FreeLibrary and GetProcAddress over ws2_32, mswsock and kernel32, and the AcceptEx and
 * GetAcceptExSockaddrs mswsock exports.
 *
 * Why: programs look WSAPoll, inet_ntop, QueueUserAPC ... up at run time and take another path
 * when a look-up fails; a look-up that fails on the model where Windows has the function (or
 * answers with another code) sends them down a path they never take on Windows.
 */
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

/* Function pointers compared as void (*)(void), which converts to and from any (gcc's -Wextra). */
#define FN(f) ((void (*)(void))(f))

TEST(loader_module_handles_and_proc_addresses) {
    HMODULE ws2 = GetModuleHandleA("ws2_32.dll"); /* no WSAStartup needed */
    ASSERT_NOT_NULL(ws2);
    ASSERT(GetModuleHandleA("WS2_32") == ws2);
    ASSERT(GetModuleHandleA("C:\\Windows\\System32\\Ws2_32.DLL") == ws2);
    ASSERT(GetModuleHandleW(L"ws2_32.dll") == ws2);
    ASSERT(LoadLibraryA("ws2_32.dll") == ws2);
    ASSERT(FreeLibrary(ws2));
    ASSERT(FN(GetProcAddress(ws2, "WSAPoll")) == FN(WSAPoll));
    ASSERT(FN(GetProcAddress(ws2, "inet_ntop")) == FN(inet_ntop));
    ASSERT(FN(GetProcAddress(ws2, "socket")) == FN(socket));
    SetLastError(0);
    ASSERT_NULL(GetProcAddress(ws2, "wsapoll")); /* function names are matched exactly */
    ASSERT_EQ(GetLastError(), ERROR_PROC_NOT_FOUND);
    ASSERT_NULL(GetProcAddress(ws2, (LPCSTR)(uintptr_t)1)); /* an ordinal: none in the model */
    ASSERT_EQ(GetLastError(), ERROR_PROC_NOT_FOUND);
    HMODULE k32 = GetModuleHandleW(L"KERNEL32.DLL");
    ASSERT_NOT_NULL(k32);
    ASSERT(k32 != ws2);
    ASSERT(FN(GetProcAddress(k32, "QueueUserAPC")) == FN(QueueUserAPC));
    ASSERT(FN(GetProcAddress(k32, "GetQueuedCompletionStatusEx")) == FN(GetQueuedCompletionStatusEx));
    ASSERT_NULL(GetProcAddress(k32, "WSAPoll")); /* each module exports its own */
    ASSERT(FN(GetProcAddress(GetModuleHandleA("mswsock.dll"), "AcceptEx")) == FN(AcceptEx));
    HMODULE self = GetModuleHandleA(NULL);
    ASSERT_NOT_NULL(self);
    SetLastError(0);
    ASSERT_NULL(GetProcAddress(self, "main"));
    ASSERT_EQ(GetLastError(), ERROR_PROC_NOT_FOUND);
    SetLastError(0);
    ASSERT_NULL(GetModuleHandleA("nosuch.dll"));
    ASSERT_EQ(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0);
    ASSERT_NULL(LoadLibraryW(L"ws2_32x.dll"));
    ASSERT_EQ(GetLastError(), ERROR_MOD_NOT_FOUND);
    return 0;
}

/* AcceptEx called by name is the provider's: it accepts, and GetAcceptExSockaddrs reads it. */
TEST(loader_exported_acceptex_accepts) {
    wt_target *t = fx_open(NULL);
    SOCKADDR_IN a;
    SOCKET l = fx_loopback_listener(&a);
    SOCKET as = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    char buf[2 * (sizeof(SOCKADDR_IN) + 16)];
    OVERLAPPED ov = fx_overlapped();
    DWORD got = 0, flags = 0;
    ASSERT_EQ(AcceptEx(l, as, buf, 0, sizeof(SOCKADDR_IN) + 16, sizeof(SOCKADDR_IN) + 16, &got, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, sizeof a), 0);
    ASSERT(WSAGetOverlappedResult(as, &ov, &got, TRUE, &flags));
    struct sockaddr *local, *remote;
    int ln = 0, rn = 0;
    GetAcceptExSockaddrs(buf, 0, sizeof(SOCKADDR_IN) + 16, sizeof(SOCKADDR_IN) + 16, &local, &ln, &remote, &rn);
    SOCKADDR_IN mine;
    int len = sizeof mine;
    ASSERT_EQ(getsockname(c, (struct sockaddr *)&mine, &len), 0);
    ASSERT_EQ(rn, sizeof(SOCKADDR_IN));
    ASSERT_EQ(((SOCKADDR_IN *)remote)->sin_port, mine.sin_port);
    ASSERT_EQ(((SOCKADDR_IN *)local)->sin_port, a.sin_port);
    /* not a socket: AcceptEx fails as WSAIoctl does */
    ASSERT_EQ(AcceptEx((SOCKET)0x1234, as, buf, 0, 32, 32, &got, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    closesocket(c);
    closesocket(as);
    closesocket(l);
    return fx_close(t);
}
