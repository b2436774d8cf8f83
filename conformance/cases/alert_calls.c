/*
 * alert_calls.c: what APC-driven and run-time-linking Winsock programs rely on in kernel32:
 * QueueUserAPC and the alertable wait that runs the APCs, GetOverlappedResultEx's three ways to
 * wait, GetOverlappedResult's Win32 codes beside WSAGetOverlappedResult's Winsock ones, and
 * GetModuleHandleA/GetProcAddress finding ws2_32's functions, LoadLibrary and mswsock's exports, and
 * the thread pool's work and I/O objects.
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
 * function", "PTP_WIN32_IO_CALLBACK" (IoResult is a system error code), "CancelThreadpoolIo function",
 * "CreateThreadpoolWork function", "SubmitThreadpoolWork function", "WaitForThreadpoolWorkCallbacks
 * function", "SetEventWhenCallbackReturns function", "TrySubmitThreadpoolCallback function",
 * "LoadLibraryA function", "LoadLibraryW function", "FreeLibrary function";
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
    /* "QueueUserAPC": zero when it fails; a thread that has ended takes no APC (Windows answers
     * ERROR_GEN_FAILURE, as Wine's kernel32 tests run on Windows record), and a handle that
     * names nothing is ERROR_INVALID_HANDLE */
    SetLastError(0);
    DWORD q = QueueUserAPC(note, h, 5);
    DWORD e = GetLastError();
    wc_check(c, q == 0 && e == ERROR_GEN_FAILURE,
             "QueueUserAPC to a thread that has ended: %lu, error %lu; expected 0, ERROR_GEN_FAILURE (31)",
             (unsigned long)q, (unsigned long)e);
    CloseHandle(h);
    SetLastError(0);
    q = QueueUserAPC(note, (HANDLE)(uintptr_t)0xdeadbee0u, 6);
    e = GetLastError();
    wc_check(c, q == 0 && e == ERROR_INVALID_HANDLE,
             "QueueUserAPC to a handle that names nothing: %lu, error %lu; expected 0, ERROR_INVALID_HANDLE (6)",
             (unsigned long)q, (unsigned long)e);
}

/* An overlapped TCP socket listening on loopback, its address in *a; INVALID_SOCKET (the error
 * kept) when a step fails. */
static SOCKET loopback_listener(SOCKADDR_IN *a) {
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof *a;
    SOCKET l = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (l != INVALID_SOCKET && (bind(l, (struct sockaddr *)a, sizeof *a) != 0 ||
                                getsockname(l, (struct sockaddr *)a, &len) != 0 || listen(l, 4) != 0)) {
        int e = WSAGetLastError();
        closesocket(l);
        WSASetLastError(e);
        l = INVALID_SOCKET;
    }
    return l;
}

/* A connected pair of overlapped TCP sockets on loopback. */
static int pair(wc_ctx *c, SOCKET *cl, SOCKET *sv) {
    SOCKADDR_IN a;
    SOCKET l = loopback_listener(&a);
    *cl = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    *sv = INVALID_SOCKET;
    int ok = l != INVALID_SOCKET && *cl != INVALID_SOCKET && connect(*cl, (struct sockaddr *)&a, sizeof a) == 0 &&
             (*sv = accept(l, NULL, NULL)) != INVALID_SOCKET;
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
        /* "GetOverlappedResult": "If the bWait parameter is FALSE and the operation is still pending,
         * the function returns FALSE and the GetLastError function returns ERROR_IO_INCOMPLETE." */
        BOOL got = GetOverlappedResult((HANDLE)cl, &ov, &n, FALSE);
        DWORD ge = got ? 0 : GetLastError();
        wc_check(c, !got && ge == ERROR_IO_INCOMPLETE,
                 "GetOverlappedResult(bWait FALSE) on a pending receive: %s, error %lu; expected FALSE, "
                 "ERROR_IO_INCOMPLETE",
                 got ? "TRUE" : "FALSE", (unsigned long)ge);
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
 * through WSAGetOverlappedResult (each family its own code for the one status).  Observed on
 * Windows: Python's proactor event loop finishes ConnectEx with GetOverlappedResult and a refused
 * connect raises "[WinError 1225] The remote computer refused the network connection" in its
 * users' reports (spyder-ide/spyder#22223, GNS3/gns3-server#775), so a MUST. */
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
    /* "GetProcAddress", lpProcName: an ordinal is in the low-order word with the high-order word
     * zero, so this one is a number to look up, not a name to read; ws2_32 exports nothing near it
     * (Windows says ERROR_INVALID_ORDINAL, a loader may say ERROR_PROC_NOT_FOUND). */
    SetLastError(0);
    none = GetProcAddress(ws2, (LPCSTR)(ULONG_PTR)0xFFF0);
    e = GetLastError();
    wc_check(c, none == NULL && (e == ERROR_INVALID_ORDINAL || e == ERROR_PROC_NOT_FOUND),
             "GetProcAddress(ws2_32, ordinal 0xFFF0): %s, error %lu; expected NULL, ERROR_INVALID_ORDINAL or "
             "ERROR_PROC_NOT_FOUND",
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
    /* a wide name longer than MAX_PATH names no loaded module (the not-found error, or
     * ERROR_FILENAME_EXCED_RANGE for the length) */
    static wchar_t longname[301]; /* LPCWSTR's own character type */
    for (size_t i = 0; i < 300; i++) longname[i] = (wchar_t)('a' + i % 26);
    SetLastError(0);
    HMODULE unknown = GetModuleHandleW(longname);
    e = GetLastError();
    wc_check(c, unknown == NULL && (e == ERROR_MOD_NOT_FOUND || e == 206),
             "GetModuleHandleW of a 300-character name: %p, error %lu; expected NULL, ERROR_MOD_NOT_FOUND (or 206)",
             (void *)unknown, (unsigned long)e);
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

/* ------------------------------------------------------------ thread pool work */
typedef struct work_seen {
    volatile LONG runs;
    PVOID ctx;
    PTP_WORK work;
    DWORD thread;
    HANDLE done; /* SetEventWhenCallbackReturns sets it */
} work_seen;

static VOID CALLBACK on_work(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    work_seen *s = ctx;
    s->ctx = ctx;
    s->work = work;
    s->thread = GetCurrentThreadId();
    InterlockedIncrement(&s->runs);
    SetEventWhenCallbackReturns(inst, s->done);
}

static VOID CALLBACK on_simple(PTP_CALLBACK_INSTANCE inst, PVOID ctx) {
    work_seen *s = ctx;
    s->ctx = ctx;
    s->thread = GetCurrentThreadId();
    InterlockedIncrement(&s->runs);
    SetEventWhenCallbackReturns(inst, s->done);
}

/* "CreateThreadpoolWork function" (the callback runs each time SubmitThreadpoolWork posts the
 * object, with the pfnwk's Context and the work object), "SubmitThreadpoolWork function" (posts
 * one callback per call), "WaitForThreadpoolWorkCallbacks function" (waits for the outstanding
 * callbacks to complete), "SetEventWhenCallbackReturns function" (the event is set when the
 * callback returns), "TrySubmitThreadpoolCallback function" (TRUE; the callback runs once on a
 * pool thread).  A service hands its accept and shutdown work to the pool this way. */
static void threadpool_work(wc_ctx *c) {
    /* no callback, or a callback environment (private pools and cleanup groups are not in the
     * model): asked of the model only, its answers pinned */
    if (wc_on_model(c)) {
        static _Alignas(16) unsigned char env[256];
        SetLastError(0);
        PTP_WORK none = CreateThreadpoolWork(NULL, NULL, NULL);
        DWORD e1 = GetLastError();
        SetLastError(0);
        BOOL tried = TrySubmitThreadpoolCallback(NULL, NULL, NULL);
        DWORD e2 = GetLastError();
        SetLastError(0);
        PTP_WORK private_pool = CreateThreadpoolWork(on_work, NULL, (PTP_CALLBACK_ENVIRON)(void *)env);
        DWORD e3 = GetLastError();
        wc_model_answer(c, "threadpool.refused",
                        "no callback: %s %lu, TrySubmitThreadpoolCallback %d %lu; an environment: %s %lu",
                        none ? "made" : "NULL", (unsigned long)e1, (int)tried, (unsigned long)e2,
                        private_pool ? "made" : "NULL", (unsigned long)e3);
        if (none) CloseThreadpoolWork(none);
        if (private_pool) CloseThreadpoolWork(private_pool);
    }
    work_seen s;
    memset(&s, 0, sizeof s);
    s.done = CreateEventW(NULL, FALSE, FALSE, NULL);
    PTP_WORK work = s.done ? CreateThreadpoolWork(on_work, &s, NULL) : NULL;
    if (wc_check(c, work != NULL, "CreateThreadpoolWork: error %lu", (unsigned long)GetLastError())) {
        SubmitThreadpoolWork(work);
        SubmitThreadpoolWork(work);
        SubmitThreadpoolWork(work);
        WaitForThreadpoolWorkCallbacks(work, FALSE);
        wc_check(c, s.runs == 3, "three SubmitThreadpoolWork, then WaitForThreadpoolWorkCallbacks: %ld callbacks ran",
                 (long)s.runs);
        wc_check(c, s.ctx == &s && s.work == work && s.thread != GetCurrentThreadId(),
                 "the work callback got %s context, %s work object, on %s thread", s.ctx == &s ? "its" : "another",
                 s.work == work ? "its" : "another", s.thread == GetCurrentThreadId() ? "the caller's" : "a pool");
        wc_check(c, WaitForSingleObject(s.done, WC_WAIT_MS) == WAIT_OBJECT_0,
                 "SetEventWhenCallbackReturns: the event was not set when the callback returned");
        /* nothing submitted since: a second wait returns at once and nothing more runs */
        WaitForThreadpoolWorkCallbacks(work, FALSE);
        wc_check(c, s.runs == 3, "%ld callbacks after a wait with nothing submitted; expected 3", (long)s.runs);
        CloseThreadpoolWork(work);
    }
    work_seen one;
    memset(&one, 0, sizeof one);
    one.done = s.done;
    BOOL ok = s.done && TrySubmitThreadpoolCallback(on_simple, &one, NULL);
    if (wc_check(c, ok, "TrySubmitThreadpoolCallback: FALSE, error %lu", (unsigned long)GetLastError()))
        wc_check(c,
                 WaitForSingleObject(one.done, WC_WAIT_MS) == WAIT_OBJECT_0 && one.runs == 1 && one.ctx == &one &&
                     one.thread != GetCurrentThreadId(),
                 "TrySubmitThreadpoolCallback: ran %ld times with %s context on %s thread; expected once, its own, "
                 "a pool thread, the event set",
                 (long)one.runs, one.ctx == &one ? "its" : "another",
                 one.thread == GetCurrentThreadId() ? "the caller's" : "a pool");
    if (s.done) CloseHandle(s.done);
}

typedef struct io_count {
    volatile LONG calls;
    PVOID ov;
    ULONG result;
    ULONG_PTR bytes;
    HANDLE done;
} io_count;

static VOID CALLBACK count_io(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID ov, ULONG result, ULONG_PTR bytes,
                              PTP_IO io) {
    io_count *s = ctx;
    (void)inst, (void)io;
    s->ov = ov;
    s->result = result;
    s->bytes = bytes;
    InterlockedIncrement(&s->calls);
    SetEvent(s->done);
}

/* "StartThreadpoolIo function": "You must call this function before initiating each asynchronous
 * I/O operation"; "If the I/O operation fails synchronously with an error other than
 * ERROR_IO_PENDING, call CancelThreadpoolIo": the pool then expects no completion for it
 * ("CancelThreadpoolIo function"), and CloseThreadpoolIo finds nothing outstanding.  A send
 * after shutdown(SD_SEND) fails at once with WSAESHUTDOWN ("WSASend function", Return value). */
static void threadpool_io_cancel(wc_ctx *c) {
    SOCKET cl, sv;
    if (!pair(c, &cl, &sv)) return;
    io_count seen;
    memset(&seen, 0, sizeof seen);
    seen.done = CreateEventW(NULL, FALSE, FALSE, NULL);
    PTP_IO io = seen.done ? CreateThreadpoolIo((HANDLE)cl, count_io, &seen, NULL) : NULL;
    if (wc_check(c, io != NULL, "CreateThreadpoolIo: error %lu", (unsigned long)GetLastError())) {
        char buf[8] = "abc";
        WSABUF wb = {3, buf};
        WSAOVERLAPPED ov, ov2;
        memset(&ov, 0, sizeof ov);
        memset(&ov2, 0, sizeof ov2);
        wc_check(c, shutdown(cl, SD_SEND) == 0, "set-up: shutdown(SD_SEND): %d", WSAGetLastError());
        /* select's page: writefds holds a socket "if a connection is established and data can be
         * sent": whether a socket that shut its sending side is in it, no page says */
        fd_set wr;
        FD_ZERO(&wr);
        FD_SET(cl, &wr);
        struct timeval now = {0, 0};
        int sel = select(0, NULL, &wr, NULL, &now);
        wc_model_answer(c, "select.writable-after-sd-send", "%d %s", sel, sel > 0 && FD_ISSET(cl, &wr) ? "in" : "out");
        StartThreadpoolIo(io);
        DWORD sent = 0;
        int r = WSASend(cl, &wb, 1, &sent, 0, &ov, NULL);
        int e = WSAGetLastError();
        if (r == SOCKET_ERROR && e != WSA_IO_PENDING) CancelThreadpoolIo(io);
        wc_check(c, r == SOCKET_ERROR && e == WSAESHUTDOWN, "WSASend after shutdown(SD_SEND): %d, error %d", r, e);
        DWORD flags = 0;
        wb.len = sizeof buf;
        StartThreadpoolIo(io);
        r = WSARecv(cl, &wb, 1, NULL, &flags, &ov2, NULL);
        if (r == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) CancelThreadpoolIo(io);
        wc_check(c, send(sv, "xy", 2, 0) == 2, "send: %d", WSAGetLastError());
        wc_check(c,
                 WaitForSingleObject(seen.done, WC_WAIT_MS) == WAIT_OBJECT_0 && seen.ov == &ov2 && seen.result == 0 &&
                     seen.bytes == 2,
                 "the receive's I/O callback: OVERLAPPED %s, IoResult %lu, %lu bytes; expected the receive's, 0, 2",
                 seen.ov == &ov2  ? "the receive's"
                 : seen.ov == &ov ? "the failed send's"
                                  : "another",
                 (unsigned long)seen.result, (unsigned long)seen.bytes);
        WaitForThreadpoolIoCallbacks(io, FALSE);
        wc_check(c, seen.calls == 1, "%ld I/O callbacks for one completed receive and one cancelled send; expected 1",
                 (long)seen.calls);
        CloseThreadpoolIo(io);
        wc_check(c, wc_findings(c, "thread pool") == 0,
                 "the stack reports I/O outstanding after CancelThreadpoolIo (findings above)");
    }
    if (seen.done) CloseHandle(seen.done);
    closesocket(sv);
    closesocket(cl);
}

/* ------------------------------------------------------------ loading modules */
/* "LoadLibraryA function" / "LoadLibraryW function": a module loaded already is not loaded
 * again, its handle (its base address, "GetModuleHandleA function") is returned; a name no file
 * has fails: NULL with ERROR_MOD_NOT_FOUND (Wine's kernel32 loader tests, run on Windows); a
 * NULL name loads nothing (.NET's PAL tests of LoadLibraryA, which follow Windows) and says why.  "FreeLibrary
 * function": nonzero on success.  mswsock exports AcceptEx and GetAcceptExSockaddrs ("AcceptEx
 * function", Requirements: DLL Mswsock.dll), and what they do through those exports is what
 * they do through the extension pointers: the accepted connection's first bytes, the local and
 * remote addresses. */
static void load_library(wc_ctx *c) {
    HMODULE ws2 = LoadLibraryA("ws2_32.dll");
    wc_check(c, ws2 != NULL && ws2 == GetModuleHandleA("ws2_32.dll"),
             "LoadLibraryA(ws2_32.dll): %p, GetModuleHandleA: %p; expected the same module", (void *)ws2,
             (void *)GetModuleHandleA("ws2_32.dll"));
    if (ws2) wc_check(c, FreeLibrary(ws2), "FreeLibrary(ws2_32): error %lu", (unsigned long)GetLastError());
    /* "LoadLibraryA": "If the string specifies a full path, the function searches only that path
     * for the module"; the system's own copy is the module already loaded */
    HMODULE full = LoadLibraryA("C:\\Windows\\System32\\ws2_32.dll");
    wc_check(c, full != NULL && full == GetModuleHandleA("ws2_32.dll"),
             "LoadLibraryA(C:\\Windows\\System32\\ws2_32.dll): %p, error %lu; expected ws2_32's module %p",
             (void *)full, (unsigned long)(full ? 0 : GetLastError()), (void *)GetModuleHandleA("ws2_32.dll"));
    if (full) FreeLibrary(full);
    /* "FreeLibrary": zero on failure, the error from GetLastError; an address that is no
     * module's (here a variable's) is no module to free */
    SetLastError(0);
    static int not_a_module;
    BOOL freed = FreeLibrary((HMODULE)(void *)&not_a_module);
    DWORD fe = GetLastError();
    wc_check(c, !freed && fe != 0,
             "FreeLibrary of an address that is no module: %d, error %lu; expected FALSE and an "
             "error",
             freed, (unsigned long)fe);
    SetLastError(0);
    HMODULE none = LoadLibraryA("wfpcert-nosuch.dll");
    DWORD e = GetLastError();
    wc_check(c, none == NULL && e == ERROR_MOD_NOT_FOUND,
             "LoadLibraryA(wfpcert-nosuch.dll): %p, error %lu; expected NULL, ERROR_MOD_NOT_FOUND", (void *)none,
             (unsigned long)e);
    none = LoadLibraryW(L"wfpcert-nosuch.dll");
    e = GetLastError();
    wc_check(c, none == NULL && e == ERROR_MOD_NOT_FOUND,
             "LoadLibraryW(wfpcert-nosuch.dll): %p, error %lu; expected NULL, ERROR_MOD_NOT_FOUND", (void *)none,
             (unsigned long)e);
    /* a NULL name fails, and "to get extended error information, call GetLastError": some error
     * is set (wine's kernel32 gives ERROR_INVALID_PARAMETER; no page names the code) */
    SetLastError(0);
    HMODULE got = LoadLibraryA(NULL);
    e = GetLastError();
    wc_check(c, got == NULL && e != 0, "LoadLibraryA(NULL): %p, error %lu; expected NULL and an error", (void *)got,
             (unsigned long)e);
    SetLastError(0);
    got = LoadLibraryW(NULL);
    e = GetLastError();
    wc_check(c, got == NULL && e != 0, "LoadLibraryW(NULL): %p, error %lu; expected NULL and an error", (void *)got,
             (unsigned long)e);
    HMODULE msw = LoadLibraryW(L"MSWSOCK.DLL");
    if (!wc_check(c, msw != NULL, "LoadLibraryW(MSWSOCK.DLL): error %lu", (unsigned long)GetLastError())) return;
    LPFN_ACCEPTEX accept_ex = (LPFN_ACCEPTEX)(void (*)(void))GetProcAddress(msw, "AcceptEx");
    LPFN_GETACCEPTEXSOCKADDRS addrs =
        (LPFN_GETACCEPTEXSOCKADDRS)(void (*)(void))GetProcAddress(msw, "GetAcceptExSockaddrs");
    if (wc_check(c, accept_ex && addrs, "GetProcAddress(mswsock, AcceptEx/GetAcceptExSockaddrs): error %lu",
                 (unsigned long)GetLastError())) {
        SOCKADDR_IN a;
        SOCKET l = loopback_listener(&a);
        SOCKET acc = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        SOCKET cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        int ok = l != INVALID_SOCKET && acc != INVALID_SOCKET && cl != INVALID_SOCKET;
        if (wc_check(c, ok, "set-up: a listener: %d", WSAGetLastError())) {
            char out[4 + 2 * (sizeof(SOCKADDR_IN) + 16)];
            memset(out, 0, sizeof out);
            WSAOVERLAPPED ov;
            memset(&ov, 0, sizeof ov);
            ov.hEvent = WSACreateEvent();
            DWORD got = 0;
            BOOL r = accept_ex(l, acc, out, 4, sizeof(SOCKADDR_IN) + 16, sizeof(SOCKADDR_IN) + 16, &got, &ov);
            int ae = WSAGetLastError();
            wc_check(c, !r && ae == WSA_IO_PENDING, "AcceptEx (mswsock's export) with no client yet: %d, error %d",
                     (int)r, ae);
            SOCKADDR_IN me;
            int melen = sizeof me;
            ok = connect(cl, (struct sockaddr *)&a, sizeof a) == 0 &&
                 getsockname(cl, (struct sockaddr *)&me, &melen) == 0 && send(cl, "pool", 4, 0) == 4;
            DWORD flags = 0;
            if (wc_check(c, ok, "set-up: connect and send: %d", WSAGetLastError()) &&
                wc_check(c,
                         WaitForSingleObject(ov.hEvent, WC_WAIT_MS) == WAIT_OBJECT_0 &&
                             WSAGetOverlappedResult(l, &ov, &got, FALSE, &flags) && got == 4 &&
                             memcmp(out, "pool", 4) == 0,
                         "AcceptEx's completion: %lu bytes \"%.4s\"; expected 4, \"pool\"", (unsigned long)got, out)) {
                struct sockaddr *local = NULL, *remote = NULL;
                INT ln = 0, rn = 0;
                addrs(out, 4, sizeof(SOCKADDR_IN) + 16, sizeof(SOCKADDR_IN) + 16, &local, &ln, &remote, &rn);
                const SOCKADDR_IN *l4 = (const SOCKADDR_IN *)local, *r4 = (const SOCKADDR_IN *)remote;
                wc_check(c,
                         l4 && r4 && ln == (INT)sizeof(SOCKADDR_IN) && rn == (INT)sizeof(SOCKADDR_IN) &&
                             l4->sin_port == a.sin_port && l4->sin_addr.s_addr == a.sin_addr.s_addr &&
                             r4->sin_port == me.sin_port && r4->sin_addr.s_addr == me.sin_addr.s_addr,
                         "GetAcceptExSockaddrs (mswsock's export): local port %u (%d bytes), remote port %u (%d "
                         "bytes); expected the listener's %u and the client's %u",
                         l4 ? ntohs(l4->sin_port) : 0, (int)ln, r4 ? ntohs(r4->sin_port) : 0, (int)rn,
                         ntohs(a.sin_port), ntohs(me.sin_port));
            }
            WSACloseEvent(ov.hEvent);
        }
        if (cl != INVALID_SOCKET) closesocket(cl);
        if (acc != INVALID_SOCKET) closesocket(acc);
        if (l != INVALID_SOCKET) closesocket(l);
    }
    wc_check(c, FreeLibrary(msw), "FreeLibrary(mswsock): error %lu", (unsigned long)GetLastError());
}

/* Work items that wait for a later one: the pool must run the later one while the first ones
 * are blocked, on other threads.  "Thread Pools" (learn.microsoft.com): the pool keeps worker
 * threads for queued callbacks, and a wait inside a callback holds only its own thread; Wine's
 * pool starts a worker whenever work is queued and none is idle, and Windows' worker factory
 * starts one when queued work finds every worker waiting.  A pool that holds queued work until
 * a blocked callback returns deadlocks every program whose callbacks hand work to each other.
 * Four waiters, more than a small pool starts with, then the item that releases them. */
enum { TP_WAITERS = 4 };
typedef struct work_chain {
    HANDLE go;
    LONG seen; /* waiters that saw the event */
    DWORD released_by;
} work_chain;

static VOID CALLBACK waiting_work(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    work_chain *p = ctx;
    (void)inst, (void)work;
    if (WaitForSingleObject(p->go, WC_WAIT_MS) == WAIT_OBJECT_0) InterlockedIncrement(&p->seen);
}

static VOID CALLBACK releasing_work(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    work_chain *p = ctx;
    (void)inst, (void)work;
    p->released_by = GetCurrentThreadId();
    SetEvent(p->go);
}

static void threadpool_blocking(wc_ctx *c) {
    work_chain p = {CreateEventW(NULL, TRUE, FALSE, NULL), 0, 0};
    PTP_WORK waiters = CreateThreadpoolWork(waiting_work, &p, NULL);
    PTP_WORK release = CreateThreadpoolWork(releasing_work, &p, NULL);
    if (wc_check(c, p.go && waiters && release, "set-up: CreateEventW/CreateThreadpoolWork: error %lu",
                 (unsigned long)GetLastError())) {
        for (int i = 0; i < TP_WAITERS; i++) SubmitThreadpoolWork(waiters);
        SubmitThreadpoolWork(release);
        WaitForThreadpoolWorkCallbacks(waiters, FALSE);
        WaitForThreadpoolWorkCallbacks(release, FALSE);
        wc_check(c, p.seen == TP_WAITERS && p.released_by != 0 && p.released_by != GetCurrentThreadId(),
                 "%d work items waiting for a later one: %ld saw it run (expected all: it runs meanwhile on a pool "
                 "thread), released by thread %lu",
                 TP_WAITERS, (long)p.seen, (unsigned long)p.released_by);
    }
    if (waiters) CloseThreadpoolWork(waiters);
    if (release) CloseThreadpoolWork(release);
    if (p.go) CloseHandle(p.go);
}

/* S3 (SDK-WSAIOCTL and the WSARecv page: the completion routine runs when the thread that
 * issued the call is in an alertable wait; SDK-WSPIOCTL: the provider queues it to that thread
 * through WPUQueueApc with the lpThreadId it was given).  A receive pends on the case's thread;
 * a thread of its own sends the datagram that completes it and then waits alertably itself:
 * the routine runs once, in the issuing thread's next alertable wait, never in the sender's. */
static struct {
    volatile LONG runs;
    DWORD thread, error, bytes;
    SOCKADDR_IN to;
} rt;

static void CALLBACK routine_seen(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    (void)ov, (void)flags;
    InterlockedIncrement(&rt.runs);
    rt.thread = GetCurrentThreadId();
    rt.error = error;
    rt.bytes = bytes;
}

static DWORD WINAPI send_then_sleep(LPVOID arg) {
    (void)arg;
    SOCKET from = socket(AF_INET, SOCK_DGRAM, 0);
    sendto(from, "ping", 4, 0, (const struct sockaddr *)&rt.to, sizeof rt.to);
    closesocket(from);
    SleepEx(0, TRUE); /* a routine queued to the wrong thread would run here */
    return 0;
}

static void routine_thread(wc_ctx *c) {
    memset((void *)&rt, 0, sizeof rt);
    rt.to.sin_family = AF_INET;
    rt.to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof rt.to;
    SOCKET s = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)&rt.to, sizeof rt.to) == 0 &&
                      getsockname(s, (struct sockaddr *)&rt.to, &len) == 0,
                  "set-up: a UDP socket on loopback: %d", WSAGetLastError()))
        return;
    char buf[8];
    WSABUF b = {sizeof buf, buf};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD flags = 0;
    int r = WSARecv(s, &b, 1, NULL, &flags, &ov, routine_seen);
    if (!wc_check(c, r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "set-up: a pending WSARecv: %d, %d", r,
                  WSAGetLastError()))
        return;
    DWORD tid = 0;
    HANDLE h = CreateThread(NULL, 0, send_then_sleep, NULL, 0, &tid);
    if (!wc_check(c, h != NULL, "set-up: CreateThread: %lu", (unsigned long)GetLastError())) return;
    wc_expect_int(c, WaitForSingleObject(h, WC_WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(h);
    wc_check(c, rt.runs == 0, "the completion routine ran in the sending thread %lu, not the issuing thread",
             (unsigned long)rt.thread);
    wc_expect_int(c, SleepEx(WC_WAIT_MS, TRUE), WAIT_IO_COMPLETION);
    wc_check(c, rt.runs == 1 && rt.thread == GetCurrentThreadId() && rt.error == 0 && rt.bytes == 4,
             "the routine ran %ld times, last in thread %lu (error %lu, %lu bytes); expected once, in the issuing "
             "thread %lu, with 0 and 4 bytes",
             (long)rt.runs, (unsigned long)rt.thread, (unsigned long)rt.error, (unsigned long)rt.bytes,
             (unsigned long)GetCurrentThreadId());
    closesocket(s);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.queue-user-apc", "S3", "#remarks", WC_MUST,
            "QueueUserAPC: APCs run in the thread's next alertable wait, all of them, FIFO, with WAIT_IO_COMPLETION",
            queue_user_apc),
    WC_CASE("S3.routine-in-issuing-thread", "S3", "#remarks", WC_MUST,
            "a receive's completion routine runs once, in the issuing thread's alertable wait, when another thread's "
            "datagram completes it; never in that other thread",
            routine_thread),
    WC_CASE("S3.k32.overlapped-result-ex", "S3", "#remarks", WC_MUST,
            "GetOverlappedResultEx on a pending receive: ERROR_IO_INCOMPLETE, WAIT_TIMEOUT, WAIT_IO_COMPLETION",
            overlapped_result_ex),
    WC_CASE("S3.k32.overlapped-result-codes", "S3", "#remarks", WC_MUST,
            "a refused ConnectEx: ERROR_CONNECTION_REFUSED via GetOverlappedResult, WSAECONNREFUSED via WSA*",
            overlapped_result_codes),
    WC_CASE("S3.k32.proc-address", "S3", "#remarks", WC_MUST,
            "GetModuleHandleA/GetProcAddress find ws2_32's WSAPoll and inet_ntop; unknown names and modules fail",
            proc_address),
    WC_CASE("S3.k32.threadpool-io", "S3", "#remarks", WC_MUST,
            "CreateThreadpoolIo: a second binding is refused; the callback gets OVERLAPPED, IoResult, bytes",
            threadpool_io),
    WC_CASE("S3.k32.threadpool-work", "S3", "#remarks", WC_MUST,
            "SubmitThreadpoolWork runs the callback once per call, WaitForThreadpoolWorkCallbacks waits for them, "
            "SetEventWhenCallbackReturns sets the event; TrySubmitThreadpoolCallback runs once",
            threadpool_work),
    WC_CASE("S3.k32.threadpool-io-cancel", "S3", "#remarks", WC_MUST,
            "an I/O failing at once after StartThreadpoolIo is cancelled with CancelThreadpoolIo: no callback for "
            "it, the next I/O gets exactly one",
            threadpool_io_cancel),
    WC_CASE("S3.k32.load-library", "S3", "#remarks", WC_MUST,
            "LoadLibraryA/W of a loaded module gives its handle, an unknown one ERROR_MOD_NOT_FOUND; mswsock's "
            "AcceptEx and GetAcceptExSockaddrs exports accept a connection and name both ends",
            load_library),
    WC_CASE("S3.k32.threadpool-blocking", "S3", "#remarks", WC_MUST,
            "four pool work items waiting for a fifth: the fifth runs meanwhile on a pool thread", threadpool_blocking),
};

WC_TABLE(wc_alert_calls, cases);
