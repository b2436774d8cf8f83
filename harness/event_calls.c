/*
 * event_calls.c: fuzz_sequence's event command, the notifications a proxy waits for: a
 * nonblocking connect whose outcome comes as FD_CONNECT through WSAEventSelect, and an
 * overlapped WSARecvFrom that pends until a datagram comes and then reports it, each judged.
 *
 * Why: two of seed 36's mutants (docs/PERFORMANCE.md, issue 16 item 4) that certify killed and
 * no fuzz target reached were here: FD_CONNECT never recorded for a connect that succeeded, and
 * a pended receive that completes writing the source address through a NULL lpFrom.  A proxy
 * that waits on either never wakes, or crashes.
 *
 * Outcomes, from the pages (learn.microsoft.com: "WSAEventSelect function", "connect function",
 * "WSAEnumNetworkEvents function", "WSARecvFrom function", "WSAGetOverlappedResult function"),
 * as certify holds them in S3.event-select-connect and S3.blocking-waits:
 * - WSAEventSelect makes the socket nonblocking, so connect returns SOCKET_ERROR with
 *   WSAEWOULDBLOCK; the event is signalled within 5 s and WSAEnumNetworkEvents reports
 *   FD_CONNECT with error 0 when a listener is there, WSAECONNREFUSED when nobody listens;
 * - an overlapped WSARecvFrom with nothing waiting returns WSA_IO_PENDING and signals nothing;
 *   a datagram of n bytes then completes it: WSAGetOverlappedResult (fWait TRUE) gives TRUE, n
 *   and the bytes, and lpFrom, when given, the sender's address with *lpFromlen its size;
 *   CancelIoEx ends it instead ("CancelIoEx function"): FALSE with WSA_OPERATION_ABORTED; or
 *   (on the model: Linux, under wine, reports no ICMP error to an unconnected UDP socket) the
 *   receiver's own send to a closed loopback port does: FALSE with WSAECONNRESET.  A receive
 *   that failed wrote nothing, neither into the buffer nor into lpFrom or *lpFromlen.  With the
 *   socket bound to a thread pool ("CreateThreadpoolIo function", StartThreadpoolIo before the
 *   call) the callback runs once, for that OVERLAPPED, with IoResult NO_ERROR and the byte count,
 *   ERROR_OPERATION_ABORTED after CancelIoEx, or an error after port unreachable.
 * - (model) WPUQueueApc: see upcall_apc.
 */
#include <stdio.h>
#include <string.h>

#include "wh.h"
#ifndef _WIN32
#include "wfpcert/sdk/threadpoolapiset.h" /* windows.h has it on Windows */
#endif

static int port_of(const SOCKADDR_STORAGE *a) {
    return ntohs(a->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)a)->sin6_port
                                          : ((const struct sockaddr_in *)a)->sin_port);
}

static int same_address(const SOCKADDR_STORAGE *x, const SOCKADDR_STORAGE *y) {
    if (x->ss_family != y->ss_family || port_of(x) != port_of(y)) return 0;
    if (x->ss_family == AF_INET6)
        return !memcmp(&((const struct sockaddr_in6 *)x)->sin6_addr, &((const struct sockaddr_in6 *)y)->sin6_addr, 16);
    return ((const struct sockaddr_in *)x)->sin_addr.s_addr == ((const struct sockaddr_in *)y)->sin_addr.s_addr;
}

/* The model's resource faults (an input may ask for them): a call that fails for want of memory
 * is not the call under test, and the command ends there. */
static int resource_fault(int e) { return e == WSAENOBUFS || e == WSA_NOT_ENOUGH_MEMORY; }

static void connect_event(wh_ctx *x) {
    fdp *in = x->in;
    int af = wh_fdp_bool(in) ? AF_INET6 : AF_INET, refused = wh_fdp_bool(in);
    wh_t(x);
    wh_fdp_step("WSAEventSelect(FD_CONNECT), connect to a %s (%s)", refused ? "port nobody listens on" : "listener",
                af == AF_INET6 ? "IPv6" : "IPv4");
    wh_fdp_c("/* a nonblocking connect's FD_CONNECT (event_calls.c connect_event) */");
    SOCKADDR_STORAGE la;
    int ll;
    SOCKET l = wh_loopback(af, SOCK_STREAM, 1, &la, &ll);
    if (l == INVALID_SOCKET) return; /* out of sockets or ports: not the calls under test */
    if (refused) { /* its port is free again: nobody listens there */
        closesocket(l);
        l = INVALID_SOCKET;
    }
    SOCKET c = WSASocket(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    WSAEVENT ev = WSACreateEvent();
    if (c == INVALID_SOCKET || ev == WSA_INVALID_EVENT || WSAEventSelect(c, ev, FD_CONNECT)) goto out;
    WSASetLastError(WH_STALE_ERROR);
    int r = connect(c, (struct sockaddr *)&la, ll), e = r ? WSAGetLastError() : 0;
    if (r == SOCKET_ERROR && resource_fault(e)) goto out;
    if (r != SOCKET_ERROR || e != WSAEWOULDBLOCK)
        wh_fail("S3",
                "connect on a socket WSAEventSelect made nonblocking: %d, error %d; expected SOCKET_ERROR, "
                "WSAEWOULDBLOCK",
                r, e);
    DWORD w = WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE);
    WSANETWORKEVENTS ne;
    memset(&ne, 0, sizeof ne);
    int er = w == WSA_WAIT_EVENT_0 ? WSAEnumNetworkEvents(c, ev, &ne) : 0;
    int want = refused ? WSAECONNREFUSED : 0, got = ne.iErrorCode[FD_CONNECT_BIT];
    int digest[] = {3201, refused, (int)(ne.lNetworkEvents & FD_CONNECT), got};
    wh_digest_add(digest, sizeof digest);
    if (w != WSA_WAIT_EVENT_0 || er || !(ne.lNetworkEvents & FD_CONNECT) || (got != want && !resource_fault(got)))
        wh_fail("S3",
                "a nonblocking connect to a %s: wait %lu, WSAEnumNetworkEvents %d, events 0x%lx, FD_CONNECT "
                "error %d; expected the event, FD_CONNECT and error %d",
                refused ? "port nobody listens on" : "listener", (unsigned long)w, er, (unsigned long)ne.lNetworkEvents,
                got, want);
    if (l != INVALID_SOCKET && !got) {
        SOCKET a = accept(l, NULL, NULL);
        if (a != INVALID_SOCKET) closesocket(a);
    }
out:
    if (l != INVALID_SOCKET) closesocket(l);
    if (c != INVALID_SOCKET) closesocket(c);
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
}

/* A datagram completed the pended receive: its bytes, and the sender in lpFrom (when given). */
static void received(SOCKET r, WSAOVERLAPPED *ov, const char *buf, const char *data, int n,
                     const SOCKADDR_STORAGE *from, int fromlen, const SOCKADDR_STORAGE *sa, int sal) {
    DWORD got = 0, fl = 0;
    BOOL ok = WSAGetOverlappedResult(r, ov, &got, TRUE, &fl);
    int digest[] = {3202, ok, (int)got, from ? fromlen : -1};
    wh_digest_add(digest, sizeof digest);
    if (!ok || got != (DWORD)n || memcmp(buf, data, (size_t)n))
        wh_fail("S3", "the pended WSARecvFrom: %s, %lu bytes (error %d); expected TRUE and the %d bytes sent",
                ok ? "TRUE" : "FALSE", (unsigned long)got, ok ? 0 : WSAGetLastError(), n);
    if (from && (fromlen != sal || !same_address(from, sa)))
        wh_fail("S3",
                "the pended WSARecvFrom's lpFrom: family %d port %d, *lpFromlen %d; expected the sender's "
                "address (port %d), %d",
                from->ss_family, port_of(from), fromlen, port_of(sa), sal);
}

/* A receive that failed wrote nothing: neither into its buffer nor into lpFrom or *lpFromlen. */
static void nothing_written(const char *how, const char *buf, size_t cap, const SOCKADDR_STORAGE *from, int fromlen) {
    size_t touched = 0;
    for (size_t i = 0; i < cap; i++) touched += (unsigned char)buf[i] != 0xEE;
    const unsigned char *f = (const unsigned char *)from;
    for (size_t i = 0; from && i < sizeof *from; i++) touched += f[i] != 0xEE;
    if (touched || (from && fromlen != (int)sizeof *from))
        wh_fail("S3", "a WSARecvFrom that %s wrote %lu bytes into its buffer or lpFrom, *lpFromlen %d (was %d)", how,
                (unsigned long)touched, fromlen, (int)sizeof(SOCKADDR_STORAGE));
}

/* CancelIoEx ended the pended receive: aborted, and nothing written. */
static void cancelled(SOCKET r, WSAOVERLAPPED *ov, const char *buf, size_t cap, const SOCKADDR_STORAGE *from,
                      int fromlen) {
    BOOL c = CancelIoEx((HANDLE)r, ov);
    DWORD got = 0, fl = 0;
    WSASetLastError(WH_STALE_ERROR);
    BOOL ok = WSAGetOverlappedResult(r, ov, &got, TRUE, &fl);
    int e = ok ? 0 : WSAGetLastError();
    int digest[] = {3203, c, ok, e};
    wh_digest_add(digest, sizeof digest);
    if (!c || ok || e != WSA_OPERATION_ABORTED)
        wh_fail("S3",
                "CancelIoEx of a pending WSARecvFrom: %s, then WSAGetOverlappedResult %s, error %d; expected "
                "TRUE, then FALSE with WSA_OPERATION_ABORTED",
                c ? "TRUE" : "FALSE", ok ? "TRUE" : "FALSE", e);
    nothing_written("CancelIoEx aborted", buf, cap, from, fromlen);
}

/* The receiver sends to a loopback port nobody holds: the ICMP port unreachable that answers
 * fails its pending receive with WSAECONNRESET ("recvfrom function": "On a UDP-datagram socket
 * this error indicates a previous send operation resulted in an ICMP Port Unreachable
 * message"), and nothing is written. */
static void unreachable(SOCKET r, int af, WSAOVERLAPPED *ov, const char *buf, size_t cap, const SOCKADDR_STORAGE *from,
                        int fromlen) {
    SOCKADDR_STORAGE dead;
    int deadlen;
    SOCKET d = wh_loopback(af, SOCK_DGRAM, 0, &dead, &deadlen);
    if (d == INVALID_SOCKET) wh_fail("S3", "set-up: a loopback UDP port: error %d", WSAGetLastError());
    closesocket(d); /* its port is nobody's now */
    if (sendto(r, "?", 1, 0, (struct sockaddr *)&dead, deadlen) != 1)
        wh_fail("S3", "sendto a closed loopback port: error %d", WSAGetLastError());
    DWORD w = WSAWaitForMultipleEvents(1, &ov->hEvent, FALSE, 5000, FALSE), got = 0, fl = 0;
    WSASetLastError(WH_STALE_ERROR);
    BOOL ok = w == WSA_WAIT_EVENT_0 && WSAGetOverlappedResult(r, ov, &got, FALSE, &fl);
    int e = w == WSA_WAIT_EVENT_0 && !ok ? WSAGetLastError() : 0;
    int digest[] = {3204, (int)w, ok, e};
    wh_digest_add(digest, sizeof digest);
    if (w != WSA_WAIT_EVENT_0 || ok || e != WSAECONNRESET)
        wh_fail("S3",
                "a pending WSARecvFrom after the receiver's send to a closed port: wait %lu, %s, error %d; "
                "expected it completed, FALSE with WSAECONNRESET",
                (unsigned long)w, ok ? "TRUE" : "FALSE", e);
    nothing_written("port unreachable failed", buf, cap, from, fromlen);
}

/* What a thread-pool I/O callback saw ("CreateThreadpoolIo function": IoResult is the Win32
 * error, NO_ERROR on success).  WaitForThreadpoolIoCallbacks orders its writes before the read. */
typedef struct tp_seen {
    int calls;
    PVOID ov;
    ULONG result;
    ULONG_PTR bytes;
} tp_seen;

static VOID CALLBACK on_io(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PVOID ov, ULONG result, ULONG_PTR bytes, PTP_IO io) {
    tp_seen *s = ctx;
    (void)inst, (void)io;
    s->calls++;
    s->ov = ov;
    s->result = result;
    s->bytes = bytes;
}

/* The receive bound to a TP_IO has completed (how: 0 a datagram of n bytes, 2 port unreachable,
 * 3 cancelled): its callback ran once, for its OVERLAPPED, with its outcome. */
static void pool_saw(PTP_IO io, const tp_seen *seen, const WSAOVERLAPPED *ov, int how, int n) {
    WaitForThreadpoolIoCallbacks(io, FALSE);
    int ok = seen->calls == 1 && seen->ov == ov &&
             (how == 3   ? seen->result == ERROR_OPERATION_ABORTED
              : how == 2 ? seen->result != 0
                         : seen->result == 0 && seen->bytes == (ULONG_PTR)n);
    int digest[] = {3205, seen->calls, (int)seen->result};
    wh_digest_add(digest, sizeof digest);
    if (!ok)
        wh_fail("S3",
                "the thread pool's I/O callback for a receive that %s: %d calls, %s OVERLAPPED, IoResult %lu, "
                "%lu bytes",
                how == 3   ? "CancelIoEx aborted"
                : how == 2 ? "port unreachable failed"
                           : "a datagram ended",
                seen->calls, seen->ov == ov ? "its" : "another", (unsigned long)seen->result,
                (unsigned long)seen->bytes);
}

static void recv_pending(wh_ctx *x) {
    fdp *in = x->in;
    int af = wh_fdp_bool(in) ? AF_INET6 : AF_INET, with_from = wh_fdp_bool(in);
    int how = (int)wh_fdp_range(in, 0, 3); /* 0-1 a datagram, 2 port unreachable (model), 3 CancelIoEx */
#ifdef _WIN32
    if (how == 2) how = 0; /* a stack under wine never reports it to an unconnected socket (Linux does not) */
#endif
    int n = 1 + (int)wh_fdp_range(in, 0, 63);
    char data[64];
    for (int i = 0; i < n; i++) data[i] = (char)wh_fdp_range(in, 0, 255);
    int pool = wh_fdp_range(in, 0, 3) == 1; /* the socket bound to a thread pool's I/O object */
    wh_t(x);
    static const char *const then[4] = {"a datagram", "a datagram", "a send to a closed port", "CancelIoEx"};
    wh_fdp_step("overlapped WSARecvFrom (%s lpFrom%s) pending, then %s (%s)", with_from ? "with" : "without",
                pool ? ", a TP_IO" : "", then[how], af == AF_INET6 ? "IPv6" : "IPv4");
    wh_fdp_c("/* an overlapped WSARecvFrom that pends, then a datagram or CancelIoEx (event_calls.c recv_pending) */");
    SOCKADDR_STORAGE ra, sa, from;
    int ral, sal, fromlen = (int)sizeof from;
    SOCKET r = wh_loopback(af, SOCK_DGRAM, 0, &ra, &ral);
    SOCKET s = r == INVALID_SOCKET ? INVALID_SOCKET : wh_loopback(af, SOCK_DGRAM, 0, &sa, &sal);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    PTP_IO io = NULL;
    tp_seen seen = {0, NULL, 0xFFFF, 0};
    if (s == INVALID_SOCKET || ov.hEvent == WSA_INVALID_EVENT) goto out; /* out of sockets or ports */
    if (pool && !(io = CreateThreadpoolIo((HANDLE)r, on_io, &seen, NULL))) goto out; /* out of memory */
    if (io) StartThreadpoolIo(io);
    char buf[64];
    memset(buf, 0xEE, sizeof buf);
    memset(&from, 0xEE, sizeof from);
    WSABUF b = {sizeof buf, buf};
    DWORD flags = 0;
    WSASetLastError(WH_STALE_ERROR);
    int rc = WSARecvFrom(r, &b, 1, NULL, &flags, with_from ? (struct sockaddr *)&from : NULL,
                         with_from ? &fromlen : NULL, &ov, NULL);
    int e = rc ? WSAGetLastError() : 0;
    if (io && (rc != SOCKET_ERROR || e != WSA_IO_PENDING)) CancelThreadpoolIo(io); /* no completion will come */
    if (rc == SOCKET_ERROR && resource_fault(e)) goto out;
    if (rc != SOCKET_ERROR || e != WSA_IO_PENDING)
        wh_fail("S3", "an overlapped WSARecvFrom with nothing waiting: %d, error %d; expected WSA_IO_PENDING", rc, e);
    if (WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE) != WSA_WAIT_TIMEOUT)
        wh_fail("S3", "a pending WSARecvFrom signalled its event before any datagram came");
    if (how == 3) {
        cancelled(r, &ov, buf, sizeof buf, with_from ? &from : NULL, fromlen);
    } else if (how == 2) {
        unreachable(r, af, &ov, buf, sizeof buf, with_from ? &from : NULL, fromlen);
    } else {
        int sent = sendto(s, data, n, 0, (struct sockaddr *)&ra, ral), se = sent < 0 ? WSAGetLastError() : 0;
        if (sent < 0 && resource_fault(se)) {
            closesocket(r); /* aborts the receive: let that land before ov goes */
            r = INVALID_SOCKET;
            WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 1000, FALSE);
            goto out;
        }
        if (sent != n) wh_fail("S3", "sendto of %d bytes to the receiver: %d, error %d", n, sent, se);
        received(r, &ov, buf, data, n, with_from ? &from : NULL, fromlen, &sa, sal);
    }
    if (io) pool_saw(io, &seen, &ov, how == 1 ? 0 : how, n);
out:
    if (r != INVALID_SOCKET) closesocket(r);
    if (io) { /* "CloseThreadpoolIo": after the handle is closed and its callbacks are done */
        WaitForThreadpoolIoCallbacks(io, FALSE);
        CloseThreadpoolIo(io);
    }
    if (s != INVALID_SOCKET) closesocket(s);
    if (ov.hEvent != WSA_INVALID_EVENT) WSACloseEvent(ov.hEvent);
}

#ifndef _WIN32
/* WPUQueueApc (its page's Return value and Error codes; a provider's upcall on Windows, which the
 * model lets a program call as its cases do, A31): the APC goes to the thread the WSATHREADID
 * names and runs once, with its context, in that thread's next alertable wait; a WSATHREADID
 * naming no thread is SOCKET_ERROR with WSAEFAULT in *lpErrno, and nothing runs. */
static int apc_runs;
static DWORD_PTR apc_ctx;
static void CALLBACK apc_ran(DWORD_PTR ctx) {
    apc_runs++;
    apc_ctx = ctx;
}

static void upcall_apc(wh_ctx *x) {
    int nobody = wh_fdp_bool(x->in);
    DWORD_PTR ctx = 1 + wh_fdp_range(x->in, 0, 0xFFFE);
    wh_t(x);
    wh_fdp_step("WPUQueueApc to %s, then an alertable wait", nobody ? "a WSATHREADID naming no thread" : "this thread");
    wh_fdp_c("/* WPUQueueApc (event_calls.c upcall_apc) */");
    WSATHREADID tid;
    memset(&tid, 0, sizeof tid);
    if (!nobody) tid.ThreadHandle = GetCurrentThread();
    apc_runs = 0;
    apc_ctx = 0;
    int e = WH_STALE_ERROR;
    int rc = WPUQueueApc(&tid, apc_ran, ctx, &e);
    if (rc == SOCKET_ERROR && e == WSAENOBUFS) return; /* the model's allocation faults */
    wh_alertable_wait(x); /* the harness's own alertable wait: completion routines due run too */
    int digest[] = {3206, nobody, rc, e, apc_runs};
    wh_digest_add(digest, sizeof digest);
    if (nobody && (rc != SOCKET_ERROR || e != WSAEFAULT || apc_runs))
        wh_fail("A31",
                "WPUQueueApc with a WSATHREADID naming no thread: %d, *lpErrno %d, the APC ran %d times; "
                "expected SOCKET_ERROR, WSAEFAULT and nothing run",
                rc, e, apc_runs);
    if (!nobody && (rc != 0 || apc_runs != 1 || apc_ctx != ctx))
        wh_fail("A31",
                "WPUQueueApc to this thread: %d (*lpErrno %d), then the APC ran %d times with context %#lx; "
                "expected 0, once, %#lx",
                rc, e, apc_runs, (unsigned long)apc_ctx, (unsigned long)ctx);
}
#endif

void wh_event_call(wh_ctx *x) {
    switch (wh_fdp_range(x->in, 0, 2)) { /* 0 and 1 as a bool's were before the upcall */
    case 0:
        connect_event(x);
        break;
    case 1:
        recv_pending(x);
        break;
    default:
#ifndef _WIN32
        upcall_apc(x);
#endif
        break;
    }
}
