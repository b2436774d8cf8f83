/*
 * transmit_calls.c: TransmitFile, the extension a server or a proxy serving files uses to hand a
 * file (with a head and a tail from memory) to a connected socket: what it refuses and with
 * which code, which bytes the peer reads and in which order, where the file's part starts and
 * how many bytes the completion reports.
 *
 * Why: a stack that sends the tail before the file, counts the head twice, starts at the file
 * pointer when an OVERLAPPED names an offset, or sends part of what it then refuses gives the
 * peer a corrupt stream that no error explains.  Each refusal here comes before bytes that do go
 * out, so any byte a refused call sent shows as a difference in the stream the peer reads.
 *
 * Sources: learn.microsoft.com "TransmitFile function" (its parameters, the flags, the error
 * table: WSAEINVAL for TF_REUSE_SOCKET without TF_DISCONNECT, for more than 2,147,483,646 bytes
 * and for an OVERLAPPED offset outside the file, WSAESHUTDOWN after shutdown(SD_SEND); "the data
 * transfer always starts at the current byte offset in the file" without an OVERLAPPED; head,
 * file, tail) and what Wine's ws2_32 tests record of Windows (facts, no code taken): WSAENOTSOCK
 * for INVALID_SOCKET, WSAENOTCONN for an unconnected TCP socket even with TF_REUSE_SOCKET and
 * for an unconnected UDP socket, TRUE and nothing sent with neither file nor buffers, an
 * overlapped call that returns FALSE with ERROR_IO_PENDING, and a completion count of head, file
 * and tail.  The runs over the model's os transport carry the bytes through real sockets.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#define TF_FILE_SIZE 70001u /* more than one 64 KiB piece */
#define TF_REUSE_VALUE 0x02u /* TF_REUSE_SOCKET, which the model's header leaves out */

static const char head_text[] = "hello world"; /* 12 bytes with the terminator, as Wine's tests */
static const char tail_text[] = "goodbye!!!"; /* 11 */

static unsigned char file_byte(size_t i) { return (unsigned char)(i * 7u + i / 251u + 3u); }

static LPFN_TRANSMITFILE transmit_fn(wc_ctx *c, SOCKET s) {
    LPFN_TRANSMITFILE fn = NULL;
    return wc_ext_fn(c, s, (GUID)WSAID_TRANSMITFILE, &fn, sizeof fn, "TransmitFile") ? fn : NULL;
}

/* A file of TF_FILE_SIZE known bytes in the temporary folder, open for reading with its pointer
 * at 0; INVALID_HANDLE_VALUE after a failed check.  Its name in path. */
static HANDLE test_file(wc_ctx *c, char *path, size_t cap) {
    HANDLE h;
    if (!wc_temp_new(c, "transmit", ".bin", path, cap, &h)) return INVALID_HANDLE_VALUE;
    static unsigned char bytes[TF_FILE_SIZE];
    for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = file_byte(i);
    DWORD put = 0;
    LARGE_INTEGER zero = {0};
    if (!wc_check(c,
                  WriteFile(h, bytes, sizeof bytes, &put, NULL) && put == sizeof bytes &&
                      SetFilePointerEx(h, zero, NULL, FILE_BEGIN),
                  "set-up: writing the file: %lu bytes, error %lu", (unsigned long)put,
                  (unsigned long)GetLastError())) {
        CloseHandle(h);
        DeleteFileA(path);
        return INVALID_HANDLE_VALUE;
    }
    return h;
}

static void rewind_file(HANDLE h) {
    LARGE_INTEGER zero = {0};
    SetFilePointerEx(h, zero, NULL, FILE_BEGIN);
}

static int readable_within(SOCKET s, long usec) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {usec / 1000000, usec % 1000000};
    return select(0, &r, NULL, NULL, &tv) == 1;
}

/* Up to n bytes from s, waiting up to 5 s for each part (the os transport delivers later). */
static size_t read_up_to(SOCKET s, unsigned char *buf, size_t n) {
    size_t got = 0;
    while (got < n && readable_within(s, 5000000)) {
        int r = recv(s, (char *)buf + got, (int)(n - got), 0);
        if (r <= 0) break;
        got += (size_t)r;
    }
    return got;
}

/* The peer reads exactly what one transfer should have sent: the head (if any), file bytes
 * [from, from + len) and the tail (if any), and nothing before them. */
static void expect_stream(wc_ctx *c, SOCKET sv, int with_buffers, size_t from, size_t len, const char *what) {
    size_t want = len + (with_buffers ? sizeof head_text + sizeof tail_text : 0);
    static unsigned char got[TF_FILE_SIZE + 64];
    size_t n = read_up_to(sv, got, want);
    size_t at = 0, bad = (size_t)-1;
    if (with_buffers) {
        if (n < sizeof head_text || memcmp(got, head_text, sizeof head_text)) bad = 0;
        at = sizeof head_text;
    }
    for (size_t i = 0; bad == (size_t)-1 && i < len && at + i < n; i++)
        if (got[at + i] != file_byte(from + i)) bad = at + i;
    if (with_buffers && bad == (size_t)-1 && n == want && memcmp(got + at + len, tail_text, sizeof tail_text))
        bad = at + len;
    char where[48] = "";
    if (bad != (size_t)-1) snprintf(where, sizeof where, ", the first wrong one at byte %u", (unsigned)bad);
    wc_check(c, n == want && bad == (size_t)-1, "%s: the peer read %u bytes%s; expected %u: %sfile bytes %u..%u%s",
             what, (unsigned)n, where, (unsigned)want, with_buffers ? "the head, " : "", (unsigned)from,
             (unsigned)(from + len), with_buffers ? ", the tail" : "");
}

static void refused_tf(wc_ctx *c, BOOL ok, int want, const char *what) {
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == want, "TransmitFile %s: %s, error %d; expected FALSE, error %d", what,
             ok ? "TRUE" : "FALSE", err, want);
}

/* Waits for an overlapped TransmitFile that said FALSE/ERROR_IO_PENDING; the completion's count
 * (WC_SENTINEL when it did not complete). */
static DWORD settle(wc_ctx *c, SOCKET s, BOOL ok, OVERLAPPED *ov, const char *what) {
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSA_IO_PENDING,
             "an overlapped TransmitFile %s: %s, error %d; expected FALSE with ERROR_IO_PENDING, as Windows "
             "answers in Wine's tests",
             what, ok ? "TRUE" : "FALSE", err);
    if (!ok && err != WSA_IO_PENDING) return WC_SENTINEL;
    DWORD w = WaitForSingleObject(ov->hEvent, WC_WAIT_MS);
    DWORD n = WC_SENTINEL, flags = 0;
    BOOL done = WSAGetOverlappedResult(s, ov, &n, FALSE, &flags);
    wc_check(c, w == WAIT_OBJECT_0 && done, "the overlapped TransmitFile %s: wait %lu, result %s (error %d)", what,
             (unsigned long)w, done ? "TRUE" : "FALSE", done ? 0 : WSAGetLastError());
    return done ? n : WC_SENTINEL;
}

/* S3 (TransmitFile page; Wine's ws2_32 tests as run on Windows, see the top of the file). */
static void transmit_file(wc_ctx *c) {
    wc_use_variant(c);
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET, fresh = INVALID_SOCKET, udp = INVALID_SOCKET;
    char path[MAX_PATH + 64];
    HANDLE file = test_file(c, path, sizeof path);
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, FALSE, FALSE, NULL);
    LPFN_TRANSMITFILE tf;
    if (file == INVALID_HANDLE_VALUE || !wc_tcp_pair(c, AF_INET, &cl, &sv) || !(tf = transmit_fn(c, cl))) goto out;
    TRANSMIT_FILE_BUFFERS bufs = {(LPVOID)head_text, sizeof head_text, (LPVOID)tail_text, sizeof tail_text};

    refused_tf(c, tf(INVALID_SOCKET, file, 0, 0, NULL, NULL, 0), WSAENOTSOCK, "on INVALID_SOCKET");
    fresh = socket(AF_INET, SOCK_STREAM, 0);
    refused_tf(c, tf(fresh, NULL, 0, 0, NULL, NULL, TF_REUSE_VALUE), WSAENOTCONN,
               "on a TCP socket never connected, with TF_REUSE_SOCKET");
    udp = socket(AF_INET, SOCK_DGRAM, 0);
    refused_tf(c, tf(udp, NULL, 0, 0, NULL, NULL, 0), WSAENOTCONN, "on a UDP socket never connected");
    if (wc_on_model(c)) {
        BOOL ok = tf(cl, (HANDLE)sv, 0, 0, NULL, NULL, 0);
        int e1 = ok ? 0 : WSAGetLastError();
        BOOL ok2 = tf(cl, file, 0, 0, NULL, NULL, TF_DISCONNECT | TF_REUSE_VALUE);
        wc_model_answer(c, "TransmitFile.refusals", "%s %d, %s %d", ok ? "TRUE" : "FALSE", e1, ok2 ? "TRUE" : "FALSE",
                        ok2 ? 0 : WSAGetLastError());
    }

    /* neither file nor buffers: TRUE, nothing sent; then the head and the tail alone */
    BOOL ok = tf(cl, NULL, 0, 0, NULL, NULL, 0);
    wc_check(c, ok, "TransmitFile with neither file nor buffers: error %d; expected TRUE", ok ? 0 : WSAGetLastError());
    wc_check(c, ok && tf(cl, NULL, 0, 0, NULL, &bufs, 0), "TransmitFile of the head and the tail: error %d",
             WSAGetLastError());
    expect_stream(c, sv, 1, 0, 0, "the head and the tail alone (after the refusals and an empty transfer)");

    /* the whole file from the file pointer, then with the buffers, then 100 bytes from byte 5 */
    ok = tf(cl, file, 0, 0, NULL, NULL, 0);
    wc_check(c, ok, "TransmitFile of the whole file: error %d", ok ? 0 : WSAGetLastError());
    expect_stream(c, sv, 0, 0, TF_FILE_SIZE, "the whole file, from the file pointer at 0");
    rewind_file(file);
    ok = tf(cl, file, 0, 0, NULL, &bufs, 0);
    wc_check(c, ok, "TransmitFile of the file with a head and a tail: error %d", ok ? 0 : WSAGetLastError());
    expect_stream(c, sv, 1, 0, TF_FILE_SIZE, "the file with a head and a tail");
    LARGE_INTEGER five = {.QuadPart = 5};
    SetFilePointerEx(file, five, NULL, FILE_BEGIN);
    ok = tf(cl, file, 100, 0, NULL, NULL, 0);
    wc_check(c, ok, "TransmitFile of 100 bytes: error %d", ok ? 0 : WSAGetLastError());
    expect_stream(c, sv, 0, 5, 100, "100 bytes with the file pointer at 5");
    if (wc_on_model(c)) {
        LARGE_INTEGER zero = {0}, at = {0};
        SetFilePointerEx(file, zero, &at, FILE_CURRENT);
        wc_model_answer(c, "TransmitFile.file-pointer", "%ld", (long)at.QuadPart);
    }

    /* overlapped: pending, then the count of head, file and tail; the offset wins over the pointer */
    rewind_file(file);
    DWORD n = settle(c, cl, tf(cl, file, 0, 0, &ov, NULL, 0), &ov, "of the whole file");
    wc_check(c, n == TF_FILE_SIZE, "the overlapped TransmitFile of the whole file reported %lu bytes; expected %u",
             (unsigned long)n, TF_FILE_SIZE);
    expect_stream(c, sv, 0, 0, TF_FILE_SIZE, "the whole file, overlapped");
    rewind_file(file);
    ov.Offset = 10;
    n = settle(c, cl, tf(cl, file, 0, 0, &ov, NULL, 0), &ov, "from Offset 10");
    wc_check(c, n == TF_FILE_SIZE - 10, "the overlapped TransmitFile from Offset 10 reported %lu bytes; expected %u",
             (unsigned long)n, TF_FILE_SIZE - 10);
    expect_stream(c, sv, 0, 10, TF_FILE_SIZE - 10, "overlapped from Offset 10, the file pointer at 0");
    ov.Offset = 0;
    n = settle(c, cl, tf(cl, file, 0, 0, &ov, &bufs, 0), &ov, "with a head and a tail");
    wc_check(c, n == TF_FILE_SIZE + sizeof head_text + sizeof tail_text,
             "the overlapped TransmitFile with a head and a tail reported %lu bytes; expected %u (head, file, tail)",
             (unsigned long)n, (unsigned)(TF_FILE_SIZE + sizeof head_text + sizeof tail_text));
    expect_stream(c, sv, 1, 0, TF_FILE_SIZE, "overlapped, with a head and a tail");

out:
    if (file != INVALID_HANDLE_VALUE) {
        CloseHandle(file);
        DeleteFileA(path);
    }
    if (ov.hEvent) CloseHandle(ov.hEvent);
    closesocket(fresh);
    closesocket(udp);
    closesocket(cl);
    closesocket(sv);
}

/* One refusal on a connection of its own: the call fails with `want`, and the peer then reads
 * only the marker sent after it (a refused call sends nothing).  0 when the set-up failed. */
static int refused_alone(wc_ctx *c, HANDLE file, DWORD n, LPOVERLAPPED ov, LPTRANSMIT_FILE_BUFFERS bufs, DWORD flags,
                         int want, const char *what) {
    SOCKET cl, sv;
    LPFN_TRANSMITFILE tf;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) return 0;
    int ok = (tf = transmit_fn(c, cl)) != NULL;
    if (ok) {
        rewind_file(file);
        refused_tf(c, tf(cl, file, n, 0, ov, bufs, flags), want, what);
        static const char mark[] = "marker";
        unsigned char got[sizeof mark];
        int r = send(cl, mark, (int)sizeof mark, 0);
        size_t m = r == (int)sizeof mark ? read_up_to(sv, got, sizeof mark) : 0;
        int marker = m == sizeof mark && memcmp(got, mark, sizeof mark) == 0;
        wc_check(
            c, marker,
            "after the TransmitFile %s the peer's first %u bytes are %s (send: %d); expected the marker sent after it",
            what, (unsigned)m, m ? "not the marker" : "missing", r);
    }
    closesocket(cl);
    closesocket(sv);
    return ok;
}

/* S3 (TransmitFile page, Error codes: WSAEINVAL "if the dwFlags parameter specified TF_REUSE_SOCKET
 * without TF_DISCONNECT", "if nNumberOfBytesToWrite [with the head and the tail] is greater than
 * 2,147,483,646", "if the lpOverlapped parameter specifies a file offset not within the file",
 * and for a datagram socket; WSAESHUTDOWN "after shutdown with SD_SEND"; dwFlags: TF_DISCONNECT
 * "start a transport-level disconnect after all the file data has been queued"): each refusal
 * on its own connection, which then carries only what follows it. */
static void transmit_refusals(wc_ctx *c) {
    wc_use_variant(c);
    char path[MAX_PATH + 64];
    HANDLE file = test_file(c, path, sizeof path);
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET, u1 = INVALID_SOCKET, u2 = INVALID_SOCKET;
    if (file == INVALID_HANDLE_VALUE) return;
    TRANSMIT_FILE_BUFFERS bufs = {(LPVOID)head_text, sizeof head_text, (LPVOID)tail_text, sizeof tail_text};
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = TF_FILE_SIZE + 100;
    if (!refused_alone(c, file, 0, NULL, &bufs, TF_REUSE_VALUE, WSAEINVAL,
                       "with TF_REUSE_SOCKET without TF_DISCONNECT") ||
        !refused_alone(c, file, 0x7FFFFFFFu, NULL, NULL, 0, WSAEINVAL, "of 2,147,483,647 bytes") ||
        !refused_alone(c, file, 0x7FFFFFFFu - sizeof head_text - 8, NULL, &bufs, 0, WSAEINVAL,
                       "whose head, tail and count pass 2,147,483,646") ||
        !refused_alone(c, file, 0, &ov, NULL, 0, WSAEINVAL, "with an OVERLAPPED offset past the file's end"))
        goto out;
    SOCKADDR_STORAGE a1, a2;
    u1 = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &a1);
    u2 = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &a2);
    LPFN_TRANSMITFILE tf;
    if (u1 == INVALID_SOCKET || u2 == INVALID_SOCKET || !(tf = transmit_fn(c, u1))) goto out;
    if (wc_check(c, connect(u1, (struct sockaddr *)&a2, wc_addr_len(AF_INET)) == 0, "set-up: connect UDP: %d",
                 WSAGetLastError())) {
        refused_tf(c, tf(u1, NULL, 0, 0, NULL, &bufs, 0), WSAEINVAL, "on a connected UDP socket");
        wc_check(c, !readable_within(u2, 100000), "the refused TransmitFile on a connected UDP socket sent a datagram");
    }
    /* TF_DISCONNECT: the bytes, then the end of the stream; then WSAESHUTDOWN */
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) goto out;
    rewind_file(file);
    BOOL ok = tf(cl, file, 1000, 0, NULL, NULL, TF_DISCONNECT);
    wc_check(c, ok, "TransmitFile of 1,000 bytes with TF_DISCONNECT: error %d", ok ? 0 : WSAGetLastError());
    expect_stream(c, sv, 0, 0, 1000, "1,000 bytes with TF_DISCONNECT");
    char rest[16];
    int r = readable_within(sv, 5000000) ? recv(sv, rest, sizeof rest, 0) : -2;
    wc_check(c, r == 0, "after TF_DISCONNECT the peer's recv: %d (error %d); expected 0, the end of the stream", r,
             r < 0 ? WSAGetLastError() : 0);
    closesocket(cl);
    closesocket(sv);
    cl = sv = INVALID_SOCKET;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv)) goto out;
    wc_check(c, shutdown(cl, SD_SEND) == 0, "set-up: shutdown(SD_SEND): %d", WSAGetLastError());
    refused_tf(c, tf(cl, NULL, 0, 0, NULL, &bufs, 0), WSAESHUTDOWN, "after shutdown(SD_SEND)");
    r = readable_within(sv, 5000000) ? recv(sv, rest, sizeof rest, 0) : -2;
    wc_check(c, r == 0, "after shutdown(SD_SEND) and the refused TransmitFile the peer's recv: %d; expected 0", r);
out:
    CloseHandle(file);
    DeleteFileA(path);
    closesocket(cl);
    closesocket(sv);
    closesocket(u1);
    closesocket(u2);
}

/* S3 (TransmitFile page, Error codes: "WSAEFAULT: The lpTransmitBuffers or lpOverlapped parameter
 * is not totally contained in a valid part of the user address space"): buffers that are not user
 * memory; nothing reaches the peer.  The id says "=unmapped." as the other cases with such
 * pointers do (cmake/wine-run.cmake). */
static void transmit_faults(wc_ctx *c) {
    wc_use_variant(c);
    void *unmapped = wt_unmapped_address(wc_target(c));
    if (!unmapped) wc_unsupported(c, "the target gives no unmapped address");
    SOCKET cl = INVALID_SOCKET, sv = INVALID_SOCKET;
    LPFN_TRANSMITFILE tf;
    if (!wc_tcp_pair(c, AF_INET, &cl, &sv) || !(tf = transmit_fn(c, cl))) goto out;
    TRANSMIT_FILE_BUFFERS bufs = {(LPVOID)head_text, sizeof head_text, (LPVOID)tail_text, sizeof tail_text};
    refused_tf(c, tf(cl, NULL, 0, 0, NULL, (LPTRANSMIT_FILE_BUFFERS)unmapped, 0), WSAEFAULT,
               "with an unmapped lpTransmitBuffers");
    TRANSMIT_FILE_BUFFERS bad = {(LPVOID)head_text, sizeof head_text, unmapped, 16};
    refused_tf(c, tf(cl, NULL, 0, 0, NULL, &bad, 0), WSAEFAULT, "with an unmapped tail");
    refused_tf(c, tf(cl, NULL, 0, 0, (LPOVERLAPPED)unmapped, &bufs, 0), WSAEFAULT, "with an unmapped lpOverlapped");
    static const char mark[] = "after the refusals";
    wc_check(c, send(cl, mark, (int)sizeof mark, 0) == (int)sizeof mark, "set-up: send: %d", WSAGetLastError());
    unsigned char got[64];
    size_t n = read_up_to(sv, got, sizeof mark);
    wc_check(c, n == sizeof mark && memcmp(got, mark, sizeof mark) == 0,
             "the peer read %u bytes; expected only the %u sent after the refused calls", (unsigned)n,
             (unsigned)sizeof mark);
out:
    closesocket(cl);
    closesocket(sv);
}

static const wc_case cases[] = {
    WC_CASE_P("S3.transmitfile", "S3", "#return-value", WC_MUST,
              "TransmitFile: WSAENOTSOCK, WSAENOTCONN (UDP too) before the flags; neither file nor buffers: TRUE, "
              "nothing sent; head, file, tail in order from the file pointer or the OVERLAPPED's offset, a count "
              "honoured; overlapped: pending, then the count of all three",
              transmit_file, NULL),
    WC_CASE_P("S3.os.transmitfile", "S3", "#return-value", WC_MUST,
              "over the model's os transport: TransmitFile's bytes, order, offsets and counts", transmit_file, "os"),
    WC_CASE_P("S3.transmitfile-refusals", "S3", "#return-value", WC_MUST,
              "TransmitFile: WSAEINVAL for TF_REUSE_SOCKET alone, more than 2,147,483,646 bytes, an offset past the "
              "end and a connected UDP socket, each sending nothing; TF_DISCONNECT ends the stream after the bytes; "
              "WSAESHUTDOWN after shutdown(SD_SEND)",
              transmit_refusals, NULL),
    WC_CASE_P("S3.os.transmitfile-refusals", "S3", "#return-value", WC_MUST,
              "over the model's os transport: TransmitFile's refusals send nothing, TF_DISCONNECT ends the stream",
              transmit_refusals, "os"),
    WC_CASE("S3.transmitfile-faults=unmapped.buffers", "S3", "#return-value", WC_MUST,
            "TransmitFile with an unmapped lpTransmitBuffers, tail or lpOverlapped: WSAEFAULT, nothing sent",
            transmit_faults),
};

WC_TABLE(wc_transmit_calls, cases);
