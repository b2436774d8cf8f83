/*
 * alert_calls.c: what APC-driven and run-time-linking Winsock programs rely on in kernel32:
 * QueueUserAPC and the alertable wait that runs the APCs, GetOverlappedResultEx's three ways to
 * wait, GetOverlappedResult's Win32 codes beside WSAGetOverlappedResult's Winsock ones, and
 * GetModuleHandleA/GetProcAddress finding ws2_32's functions.
 *
 * Why: a client that hands its I/O thread work with QueueUserAPC, waits with
 * GetOverlappedResultEx, or looks WSAPoll up before it uses it takes another path wherever the
 * stack answers otherwise than Windows.  Pages on learn.microsoft.com: "QueueUserAPC function"
 * (Remarks: the thread handles all pending APCs in FIFO order once alertable, and the wait
 * returns WAIT_IO_COMPLETION), "GetOverlappedResultEx function" (dwMilliseconds zero:
 * ERROR_IO_INCOMPLETE; elapsed: WAIT_TIMEOUT; an APC in an alertable wait: WAIT_IO_COMPLETION),
 * "GetOverlappedResult function", "GetModuleHandleA function", "GetProcAddress function",
 * "CreateThreadpoolIo function" (a handle binds to one completion port: a second binding is
 * ERROR_INVALID_PARAMETER, as NtSetInformationFile answers; wine does the same), "StartThreadpoolIo
 * function", "PTP_WIN32_IO_CALLBACK" (IoResult is a system error code);
 * the Win32 view of a failed operation's status is SEMANTICS A18/A24's.
 */
#include "cases.h"
#if !defined(_WIN32)
#include "wfpcert/sdk/threadpoolapiset.h" /* windows.h has it on Windows */
#endif

#include <string.h>

static int apc_log[8], apc_n;
static DWORD apc_thread;
static void CALLBACK note(ULONG_PTR v) {
    if (apc_n < 8) apc_log[apc_n++] = (int)v;
    apc_thread = GetCurrentThreadId();
}

static volatile LONG stop_flag;
static void CALLBACK stop(ULONG_PTR v) { InterlockedExchange(&stop_flag, (LONG)v); }
static DWORD WINAPI alertable_sleeper(LPVOID arg) {
    (void)arg;
    while (!stop_flag) SleepEx(INFINITE, TRUE);
    return 0;
}

static void queue_user_apc(wc_ctx *c) {
    apc_n = 0;
    wc_check(c, QueueUserAPC(note, GetCurrentThread(), 1) && QueueUserAPC(note, GetCurrentThread(), 2),
             "QueueUserAPC to the calling thread: error %lu", (unsigned long)GetLastError());
    wc_expect_int(c, SleepEx(0, FALSE), 0);
    wc_check(c, apc_n == 0, "%d APCs ran in a wait that was not alertable", apc_n);
    wc_expect_int(c, SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    wc_check(c, apc_n == 2 && apc_log[0] == 1 && apc_log[1] == 2,
             "an alertable wait ran %d APCs (%d, %d); expected both, in the order queued", apc_n, apc_log[0],
             apc_log[1]);
    /* a thread the program started, in an alertable wait: the APC runs there and ends it */
    stop_flag = 0;
    DWORD tid = 0;
    HANDLE h = CreateThread(NULL, 0, alertable_sleeper, NULL, 0, &tid);
    if (!wc_check(c, h != NULL, "set-up: CreateThread: %lu", (unsigned long)GetLastError())) return;
    apc_n = 0;
    wc_check(c, QueueUserAPC(note, h, 3) && QueueUserAPC(stop, h, 1), "QueueUserAPC to a started thread: %lu",
             (unsigned long)GetLastError());
    wc_expect_int(c, WaitForSingleObject(h, WC_WAIT_MS), WAIT_OBJECT_0);
    wc_check(c, apc_n == 1 && apc_thread == tid, "the APC ran %d times, in thread %lu; expected once, in %lu", apc_n,
             (unsigned long)apc_thread, (unsigned long)tid);
    CloseHandle(h);
}

/* A connected pair of overlapped TCP sockets on loopback. */
static int pair(wc_ctx *c, SOCKET *cl, SOCKET *sv) {
    SOCKADDR_IN a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof a;
    SOCKET l = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    *cl = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    *sv = INVALID_SOCKET;
    int ok = l != INVALID_SOCKET && *cl != INVALID_SOCKET && bind(l, (struct sockaddr *)&a, sizeof a) == 0 &&
             getsockname(l, (struct sockaddr *)&a, &len) == 0 && listen(l, 1) == 0 &&
             connect(*cl, (struct sockaddr *)&a, sizeof a) == 0 && (*sv = accept(l, NULL, NULL)) != INVALID_SOCKET;
    if (l != INVALID_SOCKET) closesocket(l);
    return wc_check(c, ok, "set-up: a connected pair: %d", WSAGetLastError());
}

static void overlapped_result_ex(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    char buf[8];
    WSABUF wb = {sizeof buf, buf};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD flags = 0, n = WC_SENTINEL;
    int r = WSARecv(cl, &wb, 1, NULL, &flags, &ov, NULL);
    if (wc_check(c, r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "set-up: a pending WSARecv: %d, %d", r,
                 WSAGetLastError())) {
        wc_check(c, !GetOverlappedResultEx((HANDLE)cl, &ov, &n, 0, FALSE) && GetLastError() == ERROR_IO_INCOMPLETE,
                 "GetOverlappedResultEx(0 ms) on a pending receive: error %lu; expected ERROR_IO_INCOMPLETE",
                 (unsigned long)GetLastError());
        wc_check(c, !GetOverlappedResultEx((HANDLE)cl, &ov, &n, 20, FALSE) && GetLastError() == WAIT_TIMEOUT,
                 "GetOverlappedResultEx(20 ms) on a pending receive: error %lu; expected WAIT_TIMEOUT",
                 (unsigned long)GetLastError());
        apc_n = 0;
        QueueUserAPC(note, GetCurrentThread(), 4);
        wc_check(c,
                 !GetOverlappedResultEx((HANDLE)cl, &ov, &n, INFINITE, TRUE) && GetLastError() == WAIT_IO_COMPLETION &&
                     apc_n == 1,
                 "an alertable GetOverlappedResultEx with an APC queued: error %lu, %d APCs; expected "
                 "WAIT_IO_COMPLETION after the APC ran",
                 (unsigned long)GetLastError(), apc_n);
        wc_check(c, n == WC_SENTINEL, "lpNumberOfBytesTransferred written (%lu) while the receive pends",
                 (unsigned long)n);
        wc_check(c, send(sv, "abc", 3, 0) == 3, "send: %d", WSAGetLastError());
        wc_check(c, GetOverlappedResult((HANDLE)cl, &ov, &n, TRUE) && n == 3 && memcmp(buf, "abc", 3) == 0,
                 "GetOverlappedResult(bWait) on the receive: error %lu, %lu bytes; expected 3",
                 (unsigned long)GetLastError(), (unsigned long)n);
    }
    closesocket(sv);
    closesocket(cl);
}

/* A refused ConnectEx: ERROR_CONNECTION_REFUSED through GetOverlappedResult, WSAECONNREFUSED
 * through WSAGetOverlappedResult (each family its own code for the one status). */
static void overlapped_result_codes(wc_ctx *c) {
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKADDR_IN a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    GUID id = WSAID_CONNECTEX;
    LPFN_CONNECTEX connectex = NULL;
    DWORD n = 0, flags = 0;
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
                      WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &connectex, sizeof connectex, &n,
                               NULL, NULL) == 0,
                  "set-up: a bound socket and ConnectEx: %d", WSAGetLastError())) {
        if (s != INVALID_SOCKET) closesocket(s);
        return;
    }
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(9); /* discard: nobody listens on loopback */
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    BOOL done = connectex(s, (struct sockaddr *)&a, sizeof a, NULL, 0, NULL, &ov);
    if (wc_check(c, !done && WSAGetLastError() == WSA_IO_PENDING, "ConnectEx to a closed port: %d, %d", done,
                 WSAGetLastError())) {
        wc_check(c, !GetOverlappedResult((HANDLE)s, &ov, &n, TRUE) && GetLastError() == 1225,
                 "GetOverlappedResult of the refused connect: error %lu; expected 1225 (ERROR_CONNECTION_REFUSED)",
                 (unsigned long)GetLastError());
        wc_check(c, !WSAGetOverlappedResult(s, &ov, &n, TRUE, &flags) && WSAGetLastError() == WSAECONNREFUSED,
                 "WSAGetOverlappedResult of the refused connect: error %d; expected WSAECONNREFUSED",
                 WSAGetLastError());
    }
    closesocket(s);
}

typedef PCSTR(WSAAPI *ntop_fn)(INT, const VOID *, PSTR, size_t);

static void proc_address(wc_ctx *c) {
    HMODULE ws2 = GetModuleHandleA("ws2_32.dll");
    if (!wc_check(c, ws2 != NULL, "GetModuleHandleA(ws2_32.dll): error %lu", (unsigned long)GetLastError())) return;
    wc_check(c, GetModuleHandleA("WS2_32") == ws2, "GetModuleHandleA(WS2_32) is another module");
    wc_check(c, GetProcAddress(ws2, "WSAPoll") != NULL, "GetProcAddress(WSAPoll): error %lu",
             (unsigned long)GetLastError());
    ntop_fn ntop = (ntop_fn)(void (*)(void))GetProcAddress(ws2, "inet_ntop");
    char text[INET_ADDRSTRLEN] = "";
    IN_ADDR a;
    a.s_addr = htonl(0x0A000102);
    wc_check(c, ntop != NULL && ntop(AF_INET, &a, text, sizeof text) != NULL && strcmp(text, "10.0.1.2") == 0,
             "inet_ntop through GetProcAddress: \"%s\"", text);
    SetLastError(0);
    FARPROC none = GetProcAddress(ws2, "wsapoll");
    DWORD e = GetLastError();
    wc_check(c, none == NULL && e == ERROR_PROC_NOT_FOUND,
             "GetProcAddress(wsapoll): %s, error %lu; expected NULL, ERROR_PROC_NOT_FOUND (names are exact)",
             none ? "found" : "NULL", (unsigned long)e);
    SetLastError(0);
    HMODULE nosuch = GetModuleHandleA("wfpcert-nosuch.dll");
    e = GetLastError();
    wc_check(c, nosuch == NULL && e == ERROR_MOD_NOT_FOUND,
             "GetModuleHandleA of a module not loaded: %p, error %lu; expected NULL, ERROR_MOD_NOT_FOUND",
             (void *)nosuch, (unsigned long)e);
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    wc_check(c, k32 != NULL && GetProcAddress(k32, "QueueUserAPC") != NULL,
             "GetProcAddress(kernel32, QueueUserAPC): error %lu", (unsigned long)GetLastError());
}

typedef struct io_seen {
    HANDLE done;
    PVOID ov;
    ULONG result;
    ULONG_PTR bytes;
    DWORD thread;
} io_seen;

static VOID CALLBACK on_io(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID ov, ULONG result, ULONG_PTR bytes, PTP_IO io) {
    io_seen *s = ctx;
    (void)inst, (void)io;
    s->ov = ov;
    s->result = result;
    s->bytes = bytes;
    s->thread = GetCurrentThreadId();
    SetEvent(s->done);
}

static void threadpool_io(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    io_seen seen = {CreateEventW(NULL, FALSE, FALSE, NULL), NULL, 0xFFFF, 0, 0};
    PTP_IO io = CreateThreadpoolIo((HANDLE)cl, on_io, &seen, NULL);
    if (wc_check(c, io != NULL && seen.done != NULL, "CreateThreadpoolIo on a connected socket: error %lu",
                 (unsigned long)GetLastError())) {
        PTP_IO again = CreateThreadpoolIo((HANDLE)cl, on_io, &seen, NULL);
        DWORD e = GetLastError();
        wc_check(c, again == NULL && e == ERROR_INVALID_PARAMETER,
                 "a second CreateThreadpoolIo on the socket: %s, error %lu; expected NULL, ERROR_INVALID_PARAMETER",
                 again ? "bound" : "NULL", (unsigned long)e);
        char buf[8];
        WSABUF wb = {sizeof buf, buf};
        WSAOVERLAPPED ov, ov2;
        memset(&ov, 0, sizeof ov);
        memset(&ov2, 0, sizeof ov2);
        DWORD flags = 0;
        StartThreadpoolIo(io);
        int r = WSARecv(cl, &wb, 1, NULL, &flags, &ov, NULL);
        if (r == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) CancelThreadpoolIo(io);
        wc_check(c, send(sv, "tp", 2, 0) == 2, "send: %d", WSAGetLastError());
        wc_check(c,
                 WaitForSingleObject(seen.done, WC_WAIT_MS) == WAIT_OBJECT_0 && seen.ov == &ov && seen.result == 0 &&
                     seen.bytes == 2 && seen.thread != GetCurrentThreadId(),
                 "the I/O callback of a receive of 2 bytes: OVERLAPPED %s, IoResult %lu, %lu bytes, %s thread",
                 seen.ov == &ov ? "its own" : "another", (unsigned long)seen.result, (unsigned long)seen.bytes,
                 seen.thread == GetCurrentThreadId() ? "the caller's" : "a pool");
        StartThreadpoolIo(io);
        r = WSARecv(cl, &wb, 1, NULL, &flags, &ov2, NULL);
        if (r == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) CancelThreadpoolIo(io);
        CancelIoEx((HANDLE)cl, &ov2);
        wc_check(c,
                 WaitForSingleObject(seen.done, WC_WAIT_MS) == WAIT_OBJECT_0 && seen.ov == &ov2 &&
                     seen.result == ERROR_OPERATION_ABORTED,
                 "the I/O callback of a cancelled receive: IoResult %lu; expected ERROR_OPERATION_ABORTED",
                 (unsigned long)seen.result);
        WaitForThreadpoolIoCallbacks(io, FALSE);
        CloseThreadpoolIo(io);
    }
    if (seen.done) CloseHandle(seen.done);
    closesocket(sv);
    closesocket(cl);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.queue-user-apc", "S3", "#remarks", WC_MUST,
            "QueueUserAPC: APCs run in the thread's next alertable wait, all of them, FIFO, with WAIT_IO_COMPLETION",
            queue_user_apc),
    WC_CASE("S3.k32.overlapped-result-ex", "S3", "#remarks", WC_MUST,
            "GetOverlappedResultEx on a pending receive: ERROR_IO_INCOMPLETE, WAIT_TIMEOUT, WAIT_IO_COMPLETION",
            overlapped_result_ex),
    WC_CASE("S3.k32.overlapped-result-codes", "S3", "#remarks", WC_SHOULD,
            "a refused ConnectEx: ERROR_CONNECTION_REFUSED via GetOverlappedResult, WSAECONNREFUSED via WSA*",
            overlapped_result_codes),
    WC_CASE("S3.k32.proc-address", "S3", "#remarks", WC_MUST,
            "GetModuleHandleA/GetProcAddress find ws2_32's WSAPoll and inet_ntop; unknown names and modules fail",
            proc_address),
    WC_CASE("S3.k32.threadpool-io", "S3", "#remarks", WC_MUST,
            "CreateThreadpoolIo: a second binding is refused; the callback gets OVERLAPPED, IoResult, bytes",
            threadpool_io),
};

WC_TABLE(wc_alert_calls, cases);
