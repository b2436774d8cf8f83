/*
 * file_calls.c: ReadFile and WriteFile on sockets, sync and overlapped, and the file and
 * standard-handle calls a service logs with (CreateFile, GetStdHandle, WriteConsoleA,
 * GetFileType, GetFileSizeEx, SetFilePointerEx, DeleteFile).
 *
 * Why: a socket is a file handle on Windows, and real relays read and write it with ReadFile and
 * WriteFile (libevent's Windows buffers; IOCP proxies that post an overlapped ReadFile on the
 * port their WSARecv uses).  What they branch on is the Win32 code kernel32 gives, not the
 * Winsock one, and the byte count kernel32 zeroes first.  A stack or model that answers those
 * calls otherwise sends such a program down another path.  Pages on learn.microsoft.com:
 * "ReadFile function" (a socket handle from socket or accept may be used for asynchronous
 * reads; lpNumberOfBytesRead is set to zero "before doing any work or error checking"; a
 * synchronous read at the end of a file is TRUE with zero bytes, an asynchronous one
 * ERROR_HANDLE_EOF), "WriteFile function", "CreateFileA function" (CREATE_ALWAYS and
 * OPEN_ALWAYS on an existing file: success and ERROR_ALREADY_EXISTS; CREATE_NEW: ERROR_FILE_EXISTS),
 * "GetStdHandle function", "WriteConsole function" (fails on a standard handle redirected to a
 * file), "GetFileType function" (FILE_TYPE_PIPE: a socket or a pipe), "SetFilePointerEx function",
 * "DeleteFileA function" (ERROR_FILE_NOT_FOUND).  The Win32 codes of a reset connection and of
 * a send after shutdown are RtlNtStatusToDosError's of the statuses behind WSAECONNRESET and
 * WSAESHUTDOWN, as GetOverlappedResult gives them (SEMANTICS A18/A24).  That a socket's
 * non-blocking mode does not reach ReadFile is a SHOULD (readfile_nonblocking says why).
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

static BOOL rf(SOCKET s, void *buf, DWORD n, DWORD *got, LPOVERLAPPED ov) {
    *got = WC_SENTINEL;
    return ReadFile((HANDLE)s, buf, n, got, ov);
}

/* A ReadFile on s that must fail with want, its count zeroed. */
static void fails_with(wc_ctx *c, SOCKET s, DWORD want, const char *what) {
    char buf[16];
    DWORD n;
    BOOL ok = rf(s, buf, sizeof buf, &n, NULL);
    DWORD e = ok ? 0 : GetLastError();
    wc_check(c, !ok && e == want && n == 0, "ReadFile %s: %s, error %lu, count %lu; expected FALSE, error %lu, count 0",
             what, ok ? "TRUE" : "FALSE", (unsigned long)e, (unsigned long)n, (unsigned long)want);
}

static SOCKET late_peer;
static DWORD WINAPI send_late(LPVOID arg) {
    (void)arg;
    Sleep(50);
    send(late_peer, "late", 4, 0);
    return 0;
}

static void readfile_socket(wc_ctx *c) {
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    DWORD n = WC_SENTINEL;
    char buf[16];
    wc_check(c, WriteFile((HANDLE)cl, "hello", 5, &n, NULL) && n == 5,
             "WriteFile of 5 bytes on a connected socket: error %lu, %lu written", (unsigned long)GetLastError(),
             (unsigned long)n);
    BOOL ok = rf(sv, buf, sizeof buf, &n, NULL);
    wc_check(c, ok && n == 5 && memcmp(buf, "hello", 5) == 0,
             "ReadFile on the peer: %s, error %lu, %lu bytes; expected TRUE and the 5 bytes", ok ? "TRUE" : "FALSE",
             (unsigned long)GetLastError(), (unsigned long)n);
    wc_expect_int(c, (int)GetFileType((HANDLE)sv), FILE_TYPE_PIPE);

    /* the peer's graceful end: TRUE with 0 bytes */
    wc_check(c, shutdown(cl, SD_SEND) == 0, "set-up: shutdown(SD_SEND): %d", WSAGetLastError());
    ok = rf(sv, buf, sizeof buf, &n, NULL);
    wc_check(c, ok && n == 0, "ReadFile after the peer's shutdown: %s, error %lu, %lu bytes; expected TRUE, 0 bytes",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), (unsigned long)n);
    /* a send after one's own shutdown(SD_SEND) */
    ok = WriteFile((HANDLE)cl, "x", 1, &n, NULL);
    DWORD e = ok ? 0 : GetLastError();
    wc_check(c, !ok && e == ERROR_PIPE_NOT_CONNECTED && n == 0,
             "WriteFile after shutdown(SD_SEND): %s, error %lu, count %lu; expected FALSE, ERROR_PIPE_NOT_CONNECTED "
             "(the status behind WSAESHUTDOWN), count 0",
             ok ? "TRUE" : "FALSE", (unsigned long)e, (unsigned long)n);
    closesocket(sv);
    closesocket(cl);

    /* a reset connection: ERROR_NETNAME_DELETED, not WSAECONNRESET */
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    struct linger lg = {1, 0};
    wc_check(c, setsockopt(cl, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg) == 0, "set-up: SO_LINGER: %d",
             WSAGetLastError());
    closesocket(cl);
    fails_with(c, sv, ERROR_NETNAME_DELETED, "on a connection the peer reset");
    closesocket(sv);
    fails_with(c, sv, ERROR_INVALID_HANDLE, "on a closed socket's handle");
}

/* A socket's non-blocking mode is Winsock's (the provider fails a receive it cannot satisfy at
 * once), not the file system's: ReadFile without an OVERLAPPED waits for the bytes another thread
 * sends, an overlapped one pends; neither fails with "would block".  A SHOULD: no page says it,
 * and Wine's tests, which run on Windows, do not call ReadFile on a socket; Wine's ntdll starts
 * every socket read and write asynchronously for this reason, and Wine's tests do show an
 * overlapped WSARecv on a non-blocking socket pending (test_nonblocking_async_recv). */
static void readfile_nonblocking(wc_ctx *c) {
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    DWORD n;
    char buf[16];
    BOOL ok;
    u_long on = 1;
    if (wc_check(c, ioctlsocket(sv, FIONBIO, &on) == 0, "set-up: FIONBIO: %d", WSAGetLastError())) {
        late_peer = cl;
        HANDLE th = CreateThread(NULL, 0, send_late, NULL, 0, NULL);
        ok = rf(sv, buf, sizeof buf, &n, NULL);
        wc_check(c, ok && n == 4 && memcmp(buf, "late", 4) == 0,
                 "ReadFile on a non-blocking socket, the bytes sent 50 ms later by another thread: %s, error %lu, "
                 "%lu bytes; expected TRUE and the 4 bytes (kernel32 waits for the read)",
                 ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), (unsigned long)n);
        if (th) {
            WaitForSingleObject(th, WC_WAIT_MS);
            CloseHandle(th);
        }
        OVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        ok = rf(sv, buf, sizeof buf, &n, &ov);
        DWORD e = ok ? 0 : GetLastError();
        wc_check(c, !ok && e == ERROR_IO_PENDING && n == 0,
                 "an overlapped ReadFile on a non-blocking socket with nothing to read: %s, error %lu, count %lu; "
                 "expected FALSE, ERROR_IO_PENDING, count 0",
                 ok ? "TRUE" : "FALSE", (unsigned long)e, (unsigned long)n);
        if (!ok && e == ERROR_IO_PENDING) {
            send(cl, "more", 4, 0);
            wc_check(c, GetOverlappedResult((HANDLE)sv, &ov, &n, TRUE) && n == 4,
                     "GetOverlappedResult of that ReadFile once 4 bytes came: error %lu, %lu bytes",
                     (unsigned long)GetLastError(), (unsigned long)n);
        }
        CloseHandle(ov.hEvent);
        on = 0;
        ioctlsocket(sv, FIONBIO, &on);
    }
    closesocket(sv);
    closesocket(cl);
}

static void readfile_overlapped(wc_ctx *c) {
    SOCKET cl, sv;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return;
    HANDLE port = CreateIoCompletionPort((HANDLE)sv, NULL, 7, 0);
    if (!wc_check(c, port != NULL, "set-up: CreateIoCompletionPort: %lu", (unsigned long)GetLastError())) {
        closesocket(sv);
        closesocket(cl);
        return;
    }
    char buf[16];
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD n;
    BOOL ok = rf(sv, buf, sizeof buf, &n, &ov);
    DWORD e = ok ? 0 : GetLastError();
    wc_check(c, !ok && e == ERROR_IO_PENDING && n == 0,
             "an overlapped ReadFile with nothing to read: %s, error %lu, count %lu; expected FALSE, "
             "ERROR_IO_PENDING, count 0",
             ok ? "TRUE" : "FALSE", (unsigned long)e, (unsigned long)n);
    wc_check(c, send(cl, "abc", 3, 0) == 3, "send: %d", WSAGetLastError());
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, WC_WAIT_MS);
    wc_check(c, ok && got == &ov && bytes == 3 && key == 7 && memcmp(buf, "abc", 3) == 0,
             "the ReadFile's packet: %s (error %lu), OVERLAPPED %s, %lu bytes, key %lu; expected its OVERLAPPED, 3 "
             "bytes, key 7",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), got == &ov ? "ours" : "another",
             (unsigned long)bytes, (unsigned long)key);
    wc_check(c, GetOverlappedResult((HANDLE)sv, &ov, &n, FALSE) && n == 3,
             "GetOverlappedResult of the ReadFile: error %lu, %lu bytes; expected 3", (unsigned long)GetLastError(),
             (unsigned long)n);

    /* a ReadFile without an OVERLAPPED reports nothing to the port: it has nothing to report with */
    wc_check(c, send(cl, "fg", 2, 0) == 2, "send: %d", WSAGetLastError());
    ok = rf(sv, buf, sizeof buf, &n, NULL);
    wc_check(c, ok && n == 2, "a ReadFile without an OVERLAPPED on the port's socket: error %lu, %lu bytes; expected 2",
             (unsigned long)GetLastError(), (unsigned long)n);
    got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 50);
    wc_check(
        c, !ok && got == NULL && GetLastError() == WAIT_TIMEOUT,
        "a packet for a ReadFile without an OVERLAPPED: %s, OVERLAPPED %p, error %lu; expected none (WAIT_TIMEOUT)",
        ok ? "TRUE" : "FALSE", (void *)got, (unsigned long)GetLastError());
    /* hEvent's low bit: the event is set, no packet is queued */
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    memset(&ov, 0, sizeof ov);
    ov.hEvent = (HANDLE)((ULONG_PTR)ev | 1);
    ok = rf(sv, buf, sizeof buf, &n, &ov);
    e = ok ? 0 : GetLastError();
    if (wc_check(c, ok || e == ERROR_IO_PENDING, "an overlapped ReadFile with a tagged event: error %lu",
                 (unsigned long)e)) {
        wc_check(c, send(cl, "de", 2, 0) == 2, "send: %d", WSAGetLastError());
        wc_expect_int(c, (int)WaitForSingleObject(ev, WC_WAIT_MS), WAIT_OBJECT_0);
        got = NULL;
        ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 50);
        wc_check(c, !ok && got == NULL && GetLastError() == WAIT_TIMEOUT,
                 "a packet for a ReadFile whose hEvent has its low bit set: %s, OVERLAPPED %p, error %lu; expected "
                 "none (WAIT_TIMEOUT)",
                 ok ? "TRUE" : "FALSE", (void *)got, (unsigned long)GetLastError());
        wc_check(c, GetOverlappedResult((HANDLE)sv, &ov, &n, TRUE) && n == 2 && memcmp(buf, "de", 2) == 0,
                 "GetOverlappedResult of the tagged ReadFile: error %lu, %lu bytes; expected 2",
                 (unsigned long)GetLastError(), (unsigned long)n);
    }
    /* an overlapped WriteFile from the associated socket completes through the port too */
    memset(&ov, 0, sizeof ov);
    n = WC_SENTINEL;
    ok = WriteFile((HANDLE)sv, "wxyz", 4, &n, &ov);
    e = ok ? 0 : GetLastError();
    wc_check(c, (ok && n == 4) || (!ok && e == ERROR_IO_PENDING && n == 0),
             "an overlapped WriteFile of 4 bytes: %s, error %lu, count %lu; expected TRUE with 4, or FALSE with "
             "ERROR_IO_PENDING and 0",
             ok ? "TRUE" : "FALSE", (unsigned long)e, (unsigned long)n);
    got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, WC_WAIT_MS);
    wc_check(c, ok && got == &ov && bytes == 4,
             "the WriteFile's packet: %s (error %lu), OVERLAPPED %s, %lu bytes; expected its OVERLAPPED, 4 bytes",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), got == &ov ? "ours" : "another",
             (unsigned long)bytes);
    wc_check(c, recv(cl, buf, sizeof buf, 0) == 4 && memcmp(buf, "wxyz", 4) == 0, "recv of the 4 bytes: %d",
             WSAGetLastError());
    CloseHandle(ev);
    closesocket(sv);
    closesocket(cl);
    CloseHandle(port);
}

/* A file name of this process's in the current folder. */
static void temp_name(char *out, size_t cap, const char *what) {
    snprintf(out, cap, "wfpcert-%lu-%s.tmp", (unsigned long)GetCurrentProcessId(), what);
}

static HANDLE open_file(const char *name, DWORD access, DWORD disposition, DWORD flags, DWORD *err) {
    SetLastError(WC_SENTINEL);
    HANDLE h = CreateFileA(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, disposition, flags, NULL);
    *err = GetLastError();
    return h;
}

static void files(wc_ctx *c) {
    char name[64], missing[96];
    temp_name(name, sizeof name, "file");
    DeleteFileA(name);
    DWORD e, n;
    HANDLE h = open_file(name, GENERIC_READ | GENERIC_WRITE, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, &e);
    if (!wc_check(c, h != INVALID_HANDLE_VALUE && e == 0,
                  "CreateFileA(CREATE_NEW) of a new file: error %lu; expected a handle and last error 0",
                  (unsigned long)e))
        return;
    wc_check(c, WriteFile(h, "0123456789", 10, &n, NULL) && n == 10, "WriteFile of 10 bytes: error %lu, %lu written",
             (unsigned long)GetLastError(), (unsigned long)n);
    LARGE_INTEGER size, to, at;
    size.QuadPart = -1;
    wc_check(c, GetFileSizeEx(h, &size) && size.QuadPart == 10, "GetFileSizeEx: %lld; expected 10",
             (long long)size.QuadPart);
    wc_expect_int(c, (int)GetFileType(h), FILE_TYPE_DISK);
    char buf[16];
    n = WC_SENTINEL;
    BOOL ok = ReadFile(h, buf, sizeof buf, &n, NULL);
    wc_check(c, ok && n == 0, "ReadFile at the end of the file: %s, error %lu, %lu bytes; expected TRUE with 0",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), (unsigned long)n);
    to.QuadPart = 4;
    at.QuadPart = -1;
    wc_check(c, SetFilePointerEx(h, to, &at, FILE_BEGIN) && at.QuadPart == 4,
             "SetFilePointerEx(4, FILE_BEGIN): error %lu, at %lld", (unsigned long)GetLastError(),
             (long long)at.QuadPart);
    ok = ReadFile(h, buf, 3, &n, NULL);
    wc_check(c, ok && n == 3 && memcmp(buf, "456", 3) == 0, "ReadFile of 3 bytes at 4: error %lu, %lu bytes",
             (unsigned long)GetLastError(), (unsigned long)n);
    to.QuadPart = -8;
    ok = SetFilePointerEx(h, to, &at, FILE_CURRENT);
    wc_check(c, !ok && GetLastError() == ERROR_NEGATIVE_SEEK,
             "SetFilePointerEx(-8, FILE_CURRENT) at 7: %s, error %lu; expected ERROR_NEGATIVE_SEEK",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
    /* a handle opened without FILE_FLAG_OVERLAPPED reads at the OVERLAPPED's offset and moves
     * its file pointer past what it read ("the system updates ... the file pointer") */
    OVERLAPPED at2;
    memset(&at2, 0, sizeof at2);
    at2.Offset = 1;
    ok = ReadFile(h, buf, 2, &n, &at2);
    wc_check(c, ok && n == 2 && memcmp(buf, "12", 2) == 0,
             "ReadFile of 2 bytes with an OVERLAPPED at offset 1 on a synchronous handle: error %lu, %lu bytes",
             (unsigned long)GetLastError(), (unsigned long)n);
    ok = ReadFile(h, buf, 2, &n, NULL);
    wc_check(c, ok && n == 2 && memcmp(buf, "34", 2) == 0,
             "the next ReadFile without one: error %lu, %lu bytes \"%.*s\"; expected \"34\", from where the "
             "positioned read ended",
             (unsigned long)GetLastError(), (unsigned long)n, (int)(n < 2 ? n : 2), buf);
    CloseHandle(h);
    to.QuadPart = 0;
    ok = SetFilePointerEx(h, to, NULL, FILE_BEGIN);
    wc_check(c, !ok && GetLastError() == ERROR_INVALID_HANDLE, "SetFilePointerEx on a closed handle: %s, error %lu",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
    ok = ReadFile(h, buf, 1, &n, NULL);
    wc_check(c, !ok && GetLastError() == ERROR_INVALID_HANDLE, "ReadFile on a closed handle: error %lu",
             (unsigned long)GetLastError());
    /* "GetFileType function": FILE_TYPE_UNKNOWN for a call that failed, told apart from an
     * unknown type by GetLastError, which is NO_ERROR only for the latter (mutant 198-2) */
    SetLastError(0);
    DWORD type = GetFileType(h);
    wc_check(c, type == FILE_TYPE_UNKNOWN && GetLastError() == ERROR_INVALID_HANDLE,
             "GetFileType on a closed handle: %lu, error %lu; expected FILE_TYPE_UNKNOWN (0), ERROR_INVALID_HANDLE",
             (unsigned long)type, (unsigned long)GetLastError());

    h = open_file(name, GENERIC_WRITE, CREATE_NEW, 0, &e);
    wc_check(c, h == INVALID_HANDLE_VALUE && e == ERROR_FILE_EXISTS,
             "CreateFileA(CREATE_NEW) of an existing file: error %lu; expected ERROR_FILE_EXISTS (80)",
             (unsigned long)e);
    if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    /* FlushFileBuffers needs write access ("FlushFileBuffers function": GENERIC_WRITE) */
    h = open_file(name, GENERIC_WRITE, OPEN_EXISTING, 0, &e);
    if (h != INVALID_HANDLE_VALUE) {
        wc_check(c, FlushFileBuffers(h), "FlushFileBuffers on a handle opened for writing: error %lu",
                 (unsigned long)GetLastError());
        CloseHandle(h);
    }
    h = open_file(name, GENERIC_READ, OPEN_EXISTING, 0, &e);
    if (h != INVALID_HANDLE_VALUE) {
        ok = FlushFileBuffers(h);
        wc_check(c, !ok && GetLastError() == ERROR_ACCESS_DENIED,
                 "FlushFileBuffers on a handle opened for reading: %s, error %lu; expected FALSE, ERROR_ACCESS_DENIED",
                 ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
        CloseHandle(h);
    }
    h = open_file(name, GENERIC_READ, OPEN_ALWAYS, 0, &e);
    wc_check(c, h != INVALID_HANDLE_VALUE && e == ERROR_ALREADY_EXISTS,
             "CreateFileA(OPEN_ALWAYS) of an existing file: error %lu; expected a handle and ERROR_ALREADY_EXISTS",
             (unsigned long)e);
    if (h != INVALID_HANDLE_VALUE) {
        n = WC_SENTINEL;
        ok = WriteFile(h, "x", 1, &n, NULL);
        wc_check(c, !ok && GetLastError() == ERROR_ACCESS_DENIED && n == 0,
                 "WriteFile on a handle opened for reading: %s, error %lu, count %lu; expected ERROR_ACCESS_DENIED, 0",
                 ok ? "TRUE" : "FALSE", (unsigned long)GetLastError(), (unsigned long)n);
        CloseHandle(h);
    }
    /* FILE_APPEND_DATA alone: every write goes to the end */
    h = open_file(name, FILE_APPEND_DATA, OPEN_EXISTING, 0, &e);
    if (wc_check(c, h != INVALID_HANDLE_VALUE, "CreateFileA(FILE_APPEND_DATA): error %lu", (unsigned long)e)) {
        wc_check(c, WriteFile(h, "ab", 2, &n, NULL) && n == 2, "WriteFile to append: error %lu",
                 (unsigned long)GetLastError());
        CloseHandle(h);
    }
    /* an overlapped handle reads at the OVERLAPPED's offset; at the end, ERROR_HANDLE_EOF */
    h = open_file(name, GENERIC_READ, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, &e);
    if (wc_check(c, h != INVALID_HANDLE_VALUE, "CreateFileA(FILE_FLAG_OVERLAPPED): error %lu", (unsigned long)e)) {
        OVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        ov.Offset = 8;
        ok = ReadFile(h, buf, sizeof buf, NULL, &ov);
        if (!ok && GetLastError() == ERROR_IO_PENDING)
            ok = GetOverlappedResult(h, &ov, &n, TRUE);
        else
            n = (DWORD)ov.InternalHigh;
        wc_check(c, ok && n == 4 && memcmp(buf, "89ab", 4) == 0,
                 "an overlapped ReadFile at offset 8 of 12 bytes: error %lu, %lu bytes; expected \"89ab\" (the "
                 "appended bytes at the end)",
                 (unsigned long)GetLastError(), (unsigned long)n);
        wc_expect_int(c, (int)WaitForSingleObject(ov.hEvent, 0), WAIT_OBJECT_0);
        ov.Offset = 12;
        ResetEvent(ov.hEvent);
        ok = ReadFile(h, buf, sizeof buf, NULL, &ov);
        if (!ok && GetLastError() == ERROR_IO_PENDING) ok = GetOverlappedResult(h, &ov, &n, TRUE);
        e = ok ? 0 : GetLastError();
        wc_check(c, !ok && e == ERROR_HANDLE_EOF,
                 "an overlapped ReadFile at the end of the file: %s, error %lu; expected FALSE, ERROR_HANDLE_EOF (38)",
                 ok ? "TRUE" : "FALSE", (unsigned long)e);
        CloseHandle(ov.hEvent);
        CloseHandle(h);
    }
    h = open_file(name, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS, 0, &e);
    wc_check(c, h != INVALID_HANDLE_VALUE && e == ERROR_ALREADY_EXISTS,
             "CreateFileA(CREATE_ALWAYS) of an existing file: error %lu; expected a handle and ERROR_ALREADY_EXISTS",
             (unsigned long)e);
    if (h != INVALID_HANDLE_VALUE) {
        size.QuadPart = -1;
        wc_check(c, GetFileSizeEx(h, &size) && size.QuadPart == 0,
                 "the size after CREATE_ALWAYS: %lld; expected 0 (truncated)", (long long)size.QuadPart);
        CloseHandle(h);
    }
    wc_check(c, DeleteFileA(name), "DeleteFileA: error %lu", (unsigned long)GetLastError());
    SetLastError(0);
    ok = DeleteFileA("");
    wc_check(c, !ok && (GetLastError() == ERROR_PATH_NOT_FOUND || GetLastError() == ERROR_FILE_NOT_FOUND),
             "DeleteFileA(\"\"): %s, error %lu; expected FALSE, ERROR_PATH_NOT_FOUND (or FILE_NOT_FOUND)",
             ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
    wc_check(c, !DeleteFileA(name) && GetLastError() == ERROR_FILE_NOT_FOUND,
             "DeleteFileA of a file no longer there: error %lu; expected ERROR_FILE_NOT_FOUND (2)",
             (unsigned long)GetLastError());
    h = open_file(name, GENERIC_READ, OPEN_EXISTING, 0, &e);
    wc_check(c, h == INVALID_HANDLE_VALUE && e == ERROR_FILE_NOT_FOUND,
             "CreateFileA(OPEN_EXISTING) of no file: error %lu; expected ERROR_FILE_NOT_FOUND (2)", (unsigned long)e);
    temp_name(missing, sizeof missing, "no-such-folder\\file");
    h = open_file(missing, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS, 0, &e);
    wc_check(c, h == INVALID_HANDLE_VALUE && e == ERROR_PATH_NOT_FOUND,
             "CreateFileA in a folder that does not exist: error %lu; expected ERROR_PATH_NOT_FOUND (3)",
             (unsigned long)e);
    /* "NUL" and "\\.\NUL", the null device: takes every byte, a character device */
    static const char *const nul[] = {"NUL", "\\\\.\\NUL"};
    for (size_t i = 0; i < 2; i++) {
        h = open_file(nul[i], GENERIC_WRITE, OPEN_EXISTING, 0, &e);
        if (!wc_check(c, h != INVALID_HANDLE_VALUE, "CreateFileA(\"%s\"): error %lu", nul[i], (unsigned long)e))
            continue;
        wc_check(c, WriteFile(h, "abc", 3, &n, NULL) && n == 3, "WriteFile of 3 bytes to %s: error %lu, %lu written",
                 nul[i], (unsigned long)GetLastError(), (unsigned long)n);
        wc_expect_int(c, (int)GetFileType(h), FILE_TYPE_CHAR);
        CloseHandle(h);
    }
    h = open_file(name, GENERIC_READ, 0, 0, &e);
    wc_check(c, h == INVALID_HANDLE_VALUE && e == ERROR_INVALID_PARAMETER,
             "CreateFileA with creation disposition 0: error %lu; expected ERROR_INVALID_PARAMETER", (unsigned long)e);
}

static void std_handles(wc_ctx *c) {
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE), again = GetStdHandle(STD_OUTPUT_HANDLE);
    wc_check(c, out != INVALID_HANDLE_VALUE && out != NULL && out == again,
             "GetStdHandle(STD_OUTPUT_HANDLE) twice: %p and %p; expected one valid handle", (void *)out, (void *)again);
    SetLastError(0);
    HANDLE bad = GetStdHandle((DWORD)-13);
    wc_check(c, bad == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_HANDLE,
             "GetStdHandle(-13): %p, error %lu; expected INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE", (void *)bad,
             (unsigned long)GetLastError());
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    wc_check(c, in != INVALID_HANDLE_VALUE && in != out,
             "GetStdHandle(STD_INPUT_HANDLE): %p (output %p); expected a handle of its own", (void *)in, (void *)out);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    DWORD n = WC_SENTINEL;
    wc_check(c, WriteFile(err, "", 0, &n, NULL) && n == 0, "WriteFile of 0 bytes to the standard error: error %lu",
             (unsigned long)GetLastError());
    DWORD type = GetFileType(err);
    wc_log(c, "the standard error's file type: %lu", (unsigned long)type);
    if (type != FILE_TYPE_CHAR) {
        /* "WriteConsole fails if it is used with a standard handle that is redirected to a file" */
        n = WC_SENTINEL;
        BOOL ok = WriteConsoleA(err, "x", 1, &n, NULL);
        wc_check(c, !ok && GetLastError() == ERROR_INVALID_HANDLE,
                 "WriteConsoleA on a standard error that is no console (type %lu): %s, error %lu; expected FALSE, "
                 "ERROR_INVALID_HANDLE",
                 (unsigned long)type, ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
    }
    char name[64];
    temp_name(name, sizeof name, "console");
    DWORD e;
    HANDLE f = open_file(name, GENERIC_WRITE, CREATE_ALWAYS, 0, &e);
    if (wc_check(c, f != INVALID_HANDLE_VALUE, "CreateFileA: error %lu", (unsigned long)e)) {
        BOOL ok = WriteConsoleA(f, "x", 1, &n, NULL);
        wc_check(c, !ok && GetLastError() == ERROR_INVALID_HANDLE,
                 "WriteConsoleA on a file's handle: %s, error %lu; expected FALSE, ERROR_INVALID_HANDLE",
                 ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
        /* how a program tells that a handle is no console: the console calls refuse it
         * ("GetConsoleMode function", "SetConsoleTextAttribute function",
         * "GetConsoleScreenBufferInfo function": a console handle, else ERROR_INVALID_HANDLE) */
        DWORD mode = WC_SENTINEL;
        CONSOLE_SCREEN_BUFFER_INFO info;
        const char *call[4] = {"GetConsoleMode", "SetConsoleMode", "SetConsoleTextAttribute",
                               "GetConsoleScreenBufferInfo"};
        for (int i = 0; i < 4; i++) {
            SetLastError(0);
            ok = i == 0   ? GetConsoleMode(f, &mode)
                 : i == 1 ? SetConsoleMode(f, ENABLE_PROCESSED_OUTPUT)
                 : i == 2 ? SetConsoleTextAttribute(f, FOREGROUND_GREEN)
                          : GetConsoleScreenBufferInfo(f, &info);
            wc_check(c, !ok && GetLastError() == ERROR_INVALID_HANDLE,
                     "%s on a file's handle: %s, error %lu; expected FALSE, ERROR_INVALID_HANDLE", call[i],
                     ok ? "TRUE" : "FALSE", (unsigned long)GetLastError());
        }
        CloseHandle(f);
    }
    DeleteFileA(name);
}

/* The older file calls and the folder calls a service makes for its logs ("GetFileSize function",
 * "SetFilePointer function": INVALID_FILE_SIZE and INVALID_SET_FILE_POINTER mean failure only
 * with a last error other than NO_ERROR, the high part through the second argument;
 * "GetFileAttributesA function": FILE_ATTRIBUTE_DIRECTORY for a folder, INVALID_FILE_ATTRIBUTES
 * with ERROR_FILE_NOT_FOUND for a name not there; "CreateDirectoryA function":
 * ERROR_ALREADY_EXISTS, ERROR_PATH_NOT_FOUND without the parent; "RemoveDirectoryA function": the
 * folder must be empty, ERROR_DIR_NOT_EMPTY otherwise (Wine's kernel32 tests as run on Windows)). */
static void files_and_folders(wc_ctx *c) {
    char dir[MAX_PATH + 64], file[MAX_PATH + 96], deep[MAX_PATH + 96];
    if (!wc_temp_new(c, "dir", "", dir, sizeof dir, NULL)) return; /* CreateDirectoryA of a new folder */
    snprintf(file, sizeof file, "%s\\proxy.log", dir);
    snprintf(deep, sizeof deep, "%s\\no\\such", dir);
    BOOL again = CreateDirectoryA(dir, NULL);
    DWORD e1 = GetLastError();
    BOOL orphan = CreateDirectoryA(deep, NULL);
    DWORD e2 = GetLastError();
    wc_check(c, !again && e1 == ERROR_ALREADY_EXISTS && !orphan && e2 == ERROR_PATH_NOT_FOUND,
             "CreateDirectoryA of a folder there: %s (error %lu), of one without its parent: %s (error %lu); expected "
             "ERROR_ALREADY_EXISTS, ERROR_PATH_NOT_FOUND",
             again ? "TRUE" : "FALSE", (unsigned long)e1, orphan ? "TRUE" : "FALSE", (unsigned long)e2);
    DWORD a = GetFileAttributesA(dir);
    wc_check(c, a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY),
             "GetFileAttributesA of a folder: 0x%lx; expected FILE_ATTRIBUTE_DIRECTORY", (unsigned long)a);
    SetLastError(0);
    a = GetFileAttributesA(file);
    DWORD e3 = GetLastError();
    wc_check(c, a == INVALID_FILE_ATTRIBUTES && e3 == ERROR_FILE_NOT_FOUND,
             "GetFileAttributesA of a file not there: 0x%lx, error %lu; expected INVALID_FILE_ATTRIBUTES, "
             "ERROR_FILE_NOT_FOUND",
             (unsigned long)a, (unsigned long)e3);
    HANDLE h = CreateFileA(file, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (wc_check(c, h != INVALID_HANDLE_VALUE, "CreateFileA(\"%s\"): error %lu", file, (unsigned long)GetLastError())) {
        static const char line[] = "0123456789abcdef";
        DWORD put = 0;
        WriteFile(h, line, 16, &put, NULL);
        DWORD high = 0xDEAD;
        SetLastError(0xBEEF);
        DWORD low = GetFileSize(h, &high);
        wc_check(c, low == 16 && high == 0, "GetFileSize of 16 bytes: %lu, high %lu; expected 16, 0",
                 (unsigned long)low, (unsigned long)high);
        LONG hi = 0;
        DWORD at = SetFilePointer(h, 4, &hi, FILE_BEGIN);
        char got[4] = {0};
        DWORD r = 0;
        ReadFile(h, got, 3, &r, NULL);
        DWORD back = SetFilePointer(h, -2, NULL, FILE_CURRENT);
        SetLastError(0);
        DWORD neg = SetFilePointer(h, -100, NULL, FILE_CURRENT);
        DWORD e4 = GetLastError();
        wc_check(c,
                 at == 4 && hi == 0 && r == 3 && memcmp(got, "456", 3) == 0 && back == 5 &&
                     neg == INVALID_SET_FILE_POINTER && e4 == ERROR_NEGATIVE_SEEK,
                 "SetFilePointer to 4: %lu (high %ld), then read \"%.3s\", back 2: %lu, back 100: 0x%lx error %lu; "
                 "expected 4, \"456\", 5, INVALID_SET_FILE_POINTER with ERROR_NEGATIVE_SEEK",
                 (unsigned long)at, (long)hi, got, (unsigned long)back, (unsigned long)neg, (unsigned long)e4);
        CloseHandle(h);
        a = GetFileAttributesA(file);
        wc_check(c, a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY),
                 "GetFileAttributesA of a file: 0x%lx; expected attributes without FILE_ATTRIBUTE_DIRECTORY",
                 (unsigned long)a);
        BOOL full = RemoveDirectoryA(dir);
        DWORD e5 = GetLastError();
        wc_check(c, !full && e5 == ERROR_DIR_NOT_EMPTY,
                 "RemoveDirectoryA of a folder holding a file: %s, error %lu; expected ERROR_DIR_NOT_EMPTY (145)",
                 full ? "TRUE" : "FALSE", (unsigned long)e5);
        DeleteFileA(file);
    }
    BOOL gone = RemoveDirectoryA(dir);
    wc_check(c, gone && GetFileAttributesA(dir) == INVALID_FILE_ATTRIBUTES,
             "RemoveDirectoryA of the empty folder: %s (error %lu), then it is %s", gone ? "TRUE" : "FALSE",
             (unsigned long)GetLastError(),
             GetFileAttributesA(dir) == INVALID_FILE_ATTRIBUTES ? "gone" : "still there");
    if (!gone) RemoveDirectoryA(dir);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.readfile-socket", "S3", "#remarks", WC_MUST,
            "ReadFile/WriteFile on a socket: the bytes, TRUE with 0 after the peer's shutdown, Win32 codes "
            "ERROR_PIPE_NOT_CONNECTED, ERROR_NETNAME_DELETED, ERROR_INVALID_HANDLE; count zeroed",
            readfile_socket),
    WC_CASE("S3.k32.readfile-nonblocking", "S3", "#remarks", WC_SHOULD,
            "ReadFile on a non-blocking socket waits for the bytes without an OVERLAPPED, pends with one: the "
            "non-blocking mode is Winsock's",
            readfile_nonblocking),
    WC_CASE("S3.k32.readfile-overlapped", "S3", "#remarks", WC_MUST,
            "an overlapped ReadFile/WriteFile on a socket: ERROR_IO_PENDING, its packet on the socket's port with the "
            "key and count; hEvent's low bit sets the event and queues no packet",
            readfile_overlapped),
    WC_CASE("S3.k32.files", "S3", "#remarks", WC_MUST,
            "CreateFileA's dispositions and codes, ReadFile/WriteFile on a file, end of file sync and overlapped, "
            "access checks, append, SetFilePointerEx, GetFileSizeEx, DeleteFileA",
            files),
    WC_CASE("S3.k32.std-handles", "S3", "#remarks", WC_MUST,
            "GetStdHandle gives one handle per stream, refuses others; WriteConsoleA fails on what is no console",
            std_handles),
    WC_CASE("S3.k32.files-and-folders", "S3", "#remarks", WC_MUST,
            "CreateDirectoryA (ERROR_ALREADY_EXISTS, ERROR_PATH_NOT_FOUND), GetFileAttributesA of a folder, a file and "
            "a name not there, GetFileSize and SetFilePointer with their high parts and ERROR_NEGATIVE_SEEK, "
            "RemoveDirectoryA refusing a folder with a file (ERROR_DIR_NOT_EMPTY) and removing an empty one",
            files_and_folders),
};

WC_TABLE(wc_file_calls, cases);
