/*
 * test_ext.c: unit tests of AcceptEx, GetAcceptExSockaddrs, ConnectEx and the two context
 * options (driver-stub/provider/wsp_ext.c), through the extension pointers a vendor's
 * completion-port proxy gets from WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER).
 *
 * Why: a vendor's redirect service (issue 13 section 3) accepts with AcceptEx on a completion
 * port.  If the model delivered the packet to the wrong port, left the connection on a socket
 * the service does not hold, or let getpeername work before SO_UPDATE_ACCEPT_CONTEXT, a
 * service would pass here and fail on Windows.  Each test pins one documented behaviour
 * (learn.microsoft.com: AcceptEx, ConnectEx, GetAcceptExSockaddrs, SOL_SOCKET options).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

#define LKEY ((ULONG_PTR)0x11)
#define CKEY ((ULONG_PTR)0x22)
#define ADDR_SPACE ((DWORD)sizeof(SOCKADDR_IN) + 16)

static const GUID acceptex_guid = WSAID_ACCEPTEX;
static const GUID sockaddrs_guid = WSAID_GETACCEPTEXSOCKADDRS;
static const GUID connectex_guid = WSAID_CONNECTEX;

static int loop4(USHORT port, SOCKADDR_IN *a) {
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof *a;
}

static SOCKET tcp(void) {
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(s != INVALID_SOCKET);
    return s;
}

static SOCKET listener(USHORT port) {
    SOCKET l = tcp();
    SOCKADDR_IN a;
    ASSERT_EQ(bind(l, (struct sockaddr *)&a, loop4(port, &a)), 0);
    ASSERT_EQ(listen(l, 8), 0);
    return l;
}

/* The end of a test: its sockets, its completion port (or NULL) and its world. */
static void finish(wt_target *t, HANDLE port, const SOCKET *s, int n) {
    for (int i = 0; i < n; i++) closesocket(s[i]);
    if (port) CloseHandle(port);
    wt_close(t);
}

static void *ext(SOCKET s, GUID g) {
    void *fn = NULL;
    DWORD n = 0;
    ASSERT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &fn, sizeof fn, &n, NULL, NULL), 0);
    ASSERT_EQ(n, sizeof fn);
    ASSERT_NOT_NULL(fn);
    return fn;
}

static LPFN_ACCEPTEX acceptex_of(SOCKET s) {
    LPFN_ACCEPTEX f;
    void *p = ext(s, acceptex_guid);
    memcpy(&f, &p, sizeof f);
    return f;
}

static HANDLE port_with(SOCKET s, ULONG_PTR key) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ASSERT_NOT_NULL(port);
    ASSERT(CreateIoCompletionPort((HANDLE)s, port, key, 0) == port);
    return port;
}

/* One packet within wait_ms: its key, overlapped, byte count and error (0 = success). */
static DWORD dequeue(HANDLE port, DWORD wait_ms, ULONG_PTR *key, LPOVERLAPPED *ov, DWORD *bytes) {
    SetLastError(0);
    BOOL ok = GetQueuedCompletionStatus(port, bytes, key, ov, wait_ms);
    if (!ok && !*ov) return WAIT_TIMEOUT;
    return ok ? 0 : GetLastError();
}

static void expect_no_packet(HANDLE port) {
    ULONG_PTR key = 0;
    LPOVERLAPPED ov = NULL;
    DWORD bytes = 0;
    ASSERT_EQ(dequeue(port, 0, &key, &ov, &bytes), WAIT_TIMEOUT);
}

static void expect_packet(HANDLE port, ULONG_PTR want_key, LPOVERLAPPED want_ov, DWORD want_bytes, DWORD want_error) {
    ULONG_PTR key = 0;
    LPOVERLAPPED ov = NULL;
    DWORD bytes = 0xDEAD;
    ASSERT_EQ(dequeue(port, 0, &key, &ov, &bytes), want_error);
    ASSERT(ov == want_ov);
    ASSERT_EQ(key, want_key);
    ASSERT_EQ(bytes, want_bytes);
}

static SOCKET client_to(USHORT port) {
    SOCKET c = tcp();
    SOCKADDR_IN a;
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, loop4(port, &a)), 0);
    return c;
}

/* One AcceptEx under way: a listener on port with its completion port (key LKEY), the
 * service's socket and the call's buffer and OVERLAPPED. */
typedef struct acc_fx {
    wt_target *t;
    SOCKET l, as;
    HANDLE lport;
    char buf[16 + 2 * (sizeof(SOCKADDR_IN) + 16)];
    OVERLAPPED ov;
} acc_fx;

static void acc_start(acc_fx *x, USHORT port, DWORD recv_len) {
    x->t = fx_open(NULL);
    x->l = listener(port);
    x->as = tcp();
    x->lport = port_with(x->l, LKEY);
    memset(&x->ov, 0, sizeof x->ov);
    WSASetLastError(0);
    ASSERT_EQ(acceptex_of(x->l)(x->l, x->as, x->buf, recv_len, ADDR_SPACE, ADDR_SPACE, NULL, &x->ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
}

static void acc_end(acc_fx *x, SOCKET also) {
    if (also != INVALID_SOCKET) closesocket(also);
    closesocket(x->as);
    closesocket(x->l); /* already closed in one test: WSAENOTSOCK, harmless */
    CloseHandle(x->lport);
    wt_close(x->t);
}

static USHORT port_of(const struct sockaddr *a) { return ntohs(((const SOCKADDR_IN *)a)->sin_port); }

TEST(ext_acceptex_pointer_from_extension_ioctl) {
    wt_target *t = fx_open(NULL);
    SOCKET s = tcp();
    ASSERT_NOT_NULL(ext(s, acceptex_guid));
    ASSERT_NOT_NULL(ext(s, sockaddrs_guid));
    ASSERT_NOT_NULL(ext(s, connectex_guid));
    ASSERT(ext(s, acceptex_guid) != ext(s, connectex_guid));
    finish(t, NULL, (SOCKET[]){s}, 1);
    return 0;
}

TEST(ext_acceptex_completes_on_listener_port_into_service_socket) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7001), as = tcp();
    HANDLE lport = port_with(l, LKEY);
    LPFN_ACCEPTEX acceptex = acceptex_of(l);
    char buf[2 * (sizeof(SOCKADDR_IN) + 16)];
    DWORD got = 0xBEEF;
    OVERLAPPED ov = fx_overlapped();
    WSASetLastError(0);
    ASSERT_EQ(acceptex(l, as, buf, 0, ADDR_SPACE, ADDR_SPACE, &got, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    expect_no_packet(lport); /* nobody connected yet */
    SOCKET c = client_to(7001);
    expect_packet(lport, LKEY, &ov, 0, 0); /* the listener's port and key, no data asked */
    ASSERT_EQ(ov.Internal, 0);
    /* The connection is the service's own socket: data sent by the client arrives on as. */
    ASSERT_EQ(send(c, "abc", 3, 0), 3);
    char r[8];
    ASSERT_EQ(recv(as, r, sizeof r, 0), 3);
    ASSERT_MEM_EQ(r, "abc", 3);
    LPFN_GETACCEPTEXSOCKADDRS sockaddrs;
    void *p = ext(l, sockaddrs_guid);
    memcpy(&sockaddrs, &p, sizeof sockaddrs);
    struct sockaddr *local = NULL, *remote = NULL;
    int nl = 0, nr = 0;
    sockaddrs(buf, 0, ADDR_SPACE, ADDR_SPACE, &local, &nl, &remote, &nr);
    ASSERT_EQ(nl, sizeof(SOCKADDR_IN));
    ASSERT_EQ(nr, sizeof(SOCKADDR_IN));
    ASSERT_EQ(port_of(local), 7001);
    SOCKADDR_IN cl;
    int n = sizeof cl;
    ASSERT_EQ(getsockname(c, (struct sockaddr *)&cl, &n), 0);
    ASSERT_EQ(port_of(remote), ntohs(cl.sin_port));
    finish(t, lport, (SOCKET[]){c, as, l}, 3);
    return 0;
}

TEST(ext_acceptex_with_receive_length_waits_for_first_bytes) {
    acc_fx x;
    acc_start(&x, 7002, 16);
    SOCKET c = client_to(7002);
    expect_no_packet(x.lport); /* connected, but the first bytes are what it waits for */
    ASSERT_EQ(send(c, "hello", 5, 0), 5);
    expect_packet(x.lport, LKEY, &x.ov, 5, 0);
    ASSERT_MEM_EQ(x.buf, "hello", 5);
    acc_end(&x, c);
    return 0;
}

TEST(ext_acceptex_takes_a_connection_already_waiting) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7003), as = tcp();
    HANDLE lport = port_with(l, LKEY);
    SOCKET c = client_to(7003); /* waits in the backlog */
    char buf[2 * (sizeof(SOCKADDR_IN) + 16)];
    OVERLAPPED ov = fx_overlapped();
    WSAEVENT e = WSACreateEvent();
    ov.hEvent = e;
    DWORD got = 0xBEEF;
    BOOL r = acceptex_of(l)(l, as, buf, 0, ADDR_SPACE, ADDR_SPACE, &got, &ov);
    ASSERT_EQ(r, TRUE); /* completed synchronously (AcceptEx page), and the packet still follows */
    ASSERT_EQ(got, 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    DWORD n = 0, flags = 0;
    ASSERT(WSAGetOverlappedResult(l, &ov, &n, FALSE, &flags));
    expect_packet(lport, LKEY, &ov, 0, 0);
    /* The backlog is empty now: a plain accept would block, a non-blocking one says so. */
    u_long on = 1;
    ASSERT_EQ(ioctlsocket(l, FIONBIO, &on), 0);
    ASSERT(accept(l, NULL, NULL) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    WSACloseEvent(e);
    finish(t, lport, (SOCKET[]){c, as, l}, 3);
    return 0;
}

TEST(ext_acceptex_bad_input) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7004), as = tcp(), idle = tcp();
    LPFN_ACCEPTEX acceptex = acceptex_of(l);
    char buf[256];
    OVERLAPPED ov = fx_overlapped();
    ASSERT_EQ(acceptex(l, as, buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, NULL), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_INVALID_PARAMETER);
    ASSERT_EQ(acceptex(l, as, NULL, 0, ADDR_SPACE, ADDR_SPACE, NULL, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(acceptex(l, as, buf, 0, ADDR_SPACE, 0, NULL, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(acceptex(l, as, buf, 0, ADDR_SPACE - 1, ADDR_SPACE, NULL, &ov), FALSE); /* 16 bytes more, not 15 */
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(acceptex(idle, as, buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, &ov), FALSE); /* not listening */
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    SOCKADDR_IN a;
    ASSERT_EQ(bind(idle, (struct sockaddr *)&a, loop4(7005, &a)), 0);
    ASSERT_EQ(acceptex(l, idle, buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, &ov), FALSE); /* accept socket bound */
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(acceptex(l, (SOCKET)0x1234, buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    ASSERT_EQ(ov.Internal, 0); /* none of them started anything */
    finish(t, NULL, (SOCKET[]){idle, as, l}, 3);
    return 0;
}

/* A socket an AcceptEx is already accepting into cannot take a second one (Wine's ws2_32
 * tests, run on Windows: "AcceptEx on already pending socket" is WSAEINVAL); the first stays. */
TEST(ext_acceptex_twice_into_one_socket) {
    acc_fx x;
    acc_start(&x, 7094, 0);
    OVERLAPPED ov2 = fx_overlapped();
    char buf[2 * (sizeof(SOCKADDR_IN) + 16)];
    ASSERT_EQ(acceptex_of(x.l)(x.l, x.as, buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, &ov2), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(closesocket(x.l), 0);
    expect_packet(x.lport, LKEY, &x.ov, 0, ERROR_OPERATION_ABORTED); /* the first one was pending */
    acc_end(&x, INVALID_SOCKET);
    return 0;
}

TEST(ext_acceptex_aborted_by_closing_listener) {
    acc_fx x;
    acc_start(&x, 7006, 0);
    ASSERT_EQ(closesocket(x.l), 0);
    expect_packet(x.lport, LKEY, &x.ov, 0, ERROR_OPERATION_ABORTED);
    acc_end(&x, INVALID_SOCKET);
    return 0;
}

/* Closing the service's socket ends its AcceptEx at once, aborted (Wine's ws2_32 tests, run on
 * Windows); the listener keeps the next connection for a plain accept. */
TEST(ext_acceptex_aborted_by_closing_the_service_socket) {
    acc_fx x;
    acc_start(&x, 7095, 0);
    ASSERT_EQ(closesocket(x.as), 0);
    expect_packet(x.lport, LKEY, &x.ov, 0, ERROR_OPERATION_ABORTED);
    SOCKET c = client_to(7095);
    SOCKET s = accept(x.l, NULL, NULL);
    ASSERT_NE(s, INVALID_SOCKET);
    closesocket(s);
    acc_end(&x, c);
    return 0;
}

TEST(ext_accept_context_gates_getpeername_and_shutdown) {
    acc_fx x;
    acc_start(&x, 7007, 0);
    SOCKET l = x.l, as = x.as, c = client_to(7007);
    expect_packet(x.lport, LKEY, &x.ov, 0, 0);
    SOCKADDR_IN peer;
    int n = sizeof peer;
    ASSERT_EQ(getpeername(as, (struct sockaddr *)&peer, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTCONN);
    ASSERT_EQ(shutdown(as, SD_SEND), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTCONN);
    /* The option wants the listening socket: another socket is refused. */
    ASSERT_EQ(setsockopt(as, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&c, sizeof c), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(setsockopt(as, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&l, sizeof l), 0);
    n = sizeof peer;
    ASSERT_EQ(getpeername(as, (struct sockaddr *)&peer, &n), 0);
    SOCKADDR_IN cl;
    int m = sizeof cl;
    ASSERT_EQ(getsockname(c, (struct sockaddr *)&cl, &m), 0);
    ASSERT_EQ(peer.sin_port, cl.sin_port);
    ASSERT_EQ(shutdown(as, SD_SEND), 0);
    char r[4];
    ASSERT_EQ(recv(c, r, sizeof r, 0), 0); /* the half-close reached the client */
    acc_end(&x, c);
    return 0;
}

/* ConnectEx wants a bound socket: the wildcard address, any port; and a completion port. */
static HANDLE bind_any_with_port(SOCKET s) {
    SOCKADDR_IN any;
    memset(&any, 0, sizeof any);
    any.sin_family = AF_INET;
    ASSERT_EQ(bind(s, (struct sockaddr *)&any, sizeof any), 0);
    return port_with(s, CKEY);
}

static LPFN_CONNECTEX connectex_of(SOCKET s) {
    LPFN_CONNECTEX f;
    void *p = ext(s, connectex_guid);
    memcpy(&f, &p, sizeof f);
    return f;
}

TEST(ext_connectex_needs_bound_socket_and_overlapped) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7008), s = tcp();
    SOCKADDR_IN a;
    int len = loop4(7008, &a);
    OVERLAPPED ov = fx_overlapped();
    ASSERT_EQ(connectex_of(s)(s, (struct sockaddr *)&a, len, NULL, 0, NULL, NULL), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_INVALID_PARAMETER);
    ASSERT_EQ(connectex_of(s)(s, (struct sockaddr *)&a, len, NULL, 0, NULL, &ov), FALSE); /* not bound */
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(ov.Internal, 0);
    finish(t, NULL, (SOCKET[]){s, l}, 2);
    return 0;
}

TEST(ext_connectex_sends_first_bytes_and_completes_on_its_port) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7009), s = tcp();
    HANDLE cport = bind_any_with_port(s);
    SOCKADDR_IN a;
    int len = loop4(7009, &a);
    OVERLAPPED ov = fx_overlapped();
    char ping[] = "ping";
    DWORD sent = 0;
    /* On the model's loopback the connection is up before the call returns: TRUE, and the
     * packet still follows (no FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on this socket). */
    ASSERT_EQ(connectex_of(s)(s, (struct sockaddr *)&a, len, ping, 4, &sent, &ov), TRUE);
    ASSERT_EQ(sent, 4);
    expect_packet(cport, CKEY, &ov, 4, 0);
    SOCKET srv = accept(l, NULL, NULL);
    ASSERT(srv != INVALID_SOCKET);
    char r[8];
    ASSERT_EQ(recv(srv, r, sizeof r, 0), 4);
    ASSERT_MEM_EQ(r, "ping", 4);
    /* connected, but getpeername waits for SO_UPDATE_CONNECT_CONTEXT */
    SOCKADDR_IN peer;
    int n = sizeof peer;
    ASSERT_EQ(getpeername(s, (struct sockaddr *)&peer, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTCONN);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0), 0);
    ASSERT_EQ(getpeername(s, (struct sockaddr *)&peer, &n), 0);
    ASSERT_EQ(ntohs(peer.sin_port), 7009);
    finish(t, cport, (SOCKET[]){srv, s, l}, 3);
    return 0;
}

/* FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: an AcceptEx or ConnectEx that returns TRUE queues no
 * packet (its OVERLAPPED and event are still written); one that pends still gets its packet. */
TEST(ext_skip_on_success_acceptex_connectex_queue_no_packet) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7011), as = tcp(), as2 = tcp();
    HANDLE lport = port_with(l, LKEY);
    ASSERT(SetFileCompletionNotificationModes((HANDLE)l, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    SOCKET c = client_to(7011); /* waits in the backlog: the AcceptEx completes at once */
    char buf[2 * (sizeof(SOCKADDR_IN) + 16)];
    OVERLAPPED ov = fx_overlapped();
    WSAEVENT e = WSACreateEvent();
    ov.hEvent = e;
    DWORD got = 0xBEEF;
    ASSERT_EQ(acceptex_of(l)(l, as, buf, 0, ADDR_SPACE, ADDR_SPACE, &got, &ov), TRUE);
    ASSERT_EQ(got, 0);
    ASSERT_EQ(ov.Internal, 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0); /* the event is still set */
    expect_no_packet(lport);
    /* Nobody waiting: it pends, and its completion is a packet, skip mode or not. */
    OVERLAPPED ov2 = fx_overlapped();
    WSASetLastError(0);
    ASSERT_EQ(acceptex_of(l)(l, as2, buf, 0, ADDR_SPACE, ADDR_SPACE, NULL, &ov2), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    expect_no_packet(lport);
    SOCKET c2 = client_to(7011);
    expect_packet(lport, LKEY, &ov2, 0, 0);
    expect_no_packet(lport);
    /* ConnectEx on a skip-on-success socket: up at once, TRUE, no packet. */
    SOCKET s = tcp();
    HANDLE cport = bind_any_with_port(s);
    ASSERT(SetFileCompletionNotificationModes((HANDLE)s, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    SOCKADDR_IN a;
    int len = loop4(7011, &a);
    OVERLAPPED ov3 = fx_overlapped();
    DWORD sent = 0;
    ASSERT_EQ(connectex_of(s)(s, (struct sockaddr *)&a, len, "hi", 2, &sent, &ov3), TRUE);
    ASSERT_EQ(sent, 2);
    ASSERT_EQ(ov3.InternalHigh, 2);
    expect_no_packet(cport);
    CloseHandle(cport);
    WSACloseEvent(e);
    finish(t, lport, (SOCKET[]){s, c2, c, as2, as, l}, 6);
    return 0;
}

static LPFN_DISCONNECTEX disconnectex_of(SOCKET s) {
    static const GUID g = WSAID_DISCONNECTEX;
    LPFN_DISCONNECTEX f;
    void *p = ext(s, g);
    memcpy(&f, &p, sizeof f);
    return f;
}

/* DisconnectEx: a graceful close that keeps the handle (the peer reads the end of the stream,
 * not a reset; the socket still receives, and a second call succeeds, as Windows does per
 * Wine's ws2_32 tests), blocking or overlapped (its packet, exactly one); TF_REUSE_SOCKET is
 * not provided: not defined, and its value refused. */
TEST(ext_disconnectex_graceful_close_and_no_reuse) {
#ifdef TF_REUSE_SOCKET
    ASSERT(!"TF_REUSE_SOCKET must not be defined: the model does not provide it");
#endif
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7013), c = client_to(7013);
    SOCKET srv = accept(l, NULL, NULL);
    ASSERT(srv != INVALID_SOCKET);
    LPFN_DISCONNECTEX disconnectex = disconnectex_of(c);
    ASSERT_EQ(send(srv, "ab", 2, 0), 2); /* unread by c: still a FIN for srv, the caller chose it */
    ASSERT_EQ(disconnectex(c, NULL, 0, 0), TRUE);
    char r[8];
    ASSERT_EQ(recv(srv, r, sizeof r, 0), 0); /* the end of the stream */
    ASSERT_EQ(send(c, "x", 1, 0), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    ASSERT_EQ(disconnectex(c, NULL, 0, 0), TRUE); /* again: TRUE, as on Windows */
    ASSERT_EQ(recv(c, r, sizeof r, 0), 2); /* the receive side stays open */
    ASSERT_EQ(send(srv, "cd", 2, 0), 2);
    ASSERT_EQ(recv(c, r, sizeof r, 0), 2);
    ASSERT_EQ(memcmp(r, "cd", 2), 0);
    /* Overlapped, on a port: TRUE, and one packet (no skip-on-success here). */
    SOCKET c2 = client_to(7013), srv2 = accept(l, NULL, NULL);
    HANDLE port = port_with(c2, CKEY);
    OVERLAPPED ov = fx_overlapped();
    ASSERT_EQ(disconnectex(c2, &ov, 0, 0), TRUE);
    ASSERT_EQ(ov.Internal, 0);
    expect_packet(port, CKEY, &ov, 0, 0);
    expect_no_packet(port);
    ASSERT_EQ(recv(srv2, r, sizeof r, 0), 0);
    /* Refused: dwReserved, TF_REUSE_SOCKET's value, an unknown flag, a socket not connected. */
    SOCKET c3 = client_to(7013), srv3 = accept(l, NULL, NULL), idle = tcp();
    ASSERT_EQ(disconnectex(c3, NULL, 0, 1), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(disconnectex(c3, NULL, 0x2, 0), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
    ASSERT_EQ(disconnectex(c3, NULL, 0x4, 0), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(disconnectex(idle, NULL, 0, 0), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAENOTCONN);
    ASSERT_EQ(disconnectex((SOCKET)0x1234, NULL, 0, 0), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    finish(t, port, (SOCKET[]){idle, srv3, c3, srv2, c2, srv, c, l}, 8);
    return 0;
}

TEST(ext_connectex_refused_completes_with_error) {
    wt_target *t = fx_open(NULL);
    SOCKET s = tcp();
    HANDLE cport = bind_any_with_port(s);
    SOCKADDR_IN a;
    int len = loop4(7010, &a); /* nobody listens */
    OVERLAPPED ov = fx_overlapped();
    ASSERT_EQ(connectex_of(s)(s, (struct sockaddr *)&a, len, NULL, 0, NULL, &ov), FALSE);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    expect_packet(cport, CKEY, &ov, 0, 1225); /* ERROR_CONNECTION_REFUSED */
    finish(t, cport, (SOCKET[]){s}, 1);
    return 0;
}

/* ------------------------------------------- select, WSAPoll, WSAConnect, WSAAccept */
TEST(ext_select_readable_writable_timeout_and_bad_sets) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7011);
    fd_set r;
    struct timeval zero = {0, 0}, tenms = {0, 10000};
    FD_ZERO(&r);
    FD_SET(l, &r);
    ASSERT_EQ(select(0, &r, NULL, NULL, &zero), 0); /* nobody connected */
    ASSERT_EQ(r.fd_count, 0);
    SOCKET c = client_to(7011);
    FD_ZERO(&r);
    FD_SET(l, &r);
    ASSERT_EQ(select(0, &r, NULL, NULL, &zero), 1);
    ASSERT(FD_ISSET(l, &r));
    SOCKET s = accept(l, NULL, NULL);
    fd_set wr, rd;
    FD_ZERO(&wr);
    FD_SET(c, &wr);
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    ASSERT_EQ(select(0, &rd, &wr, NULL, &tenms), 1); /* writable, nothing to read */
    ASSERT(FD_ISSET(c, &wr));
    ASSERT(!FD_ISSET(s, &rd));
    ASSERT_EQ(send(c, "x", 1, 0), 1);
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    FD_SET(l, &rd);
    ASSERT_EQ(select(0, &rd, NULL, NULL, NULL), 1);
    ASSERT(FD_ISSET(s, &rd));
    ASSERT(!FD_ISSET(l, &rd));
    ASSERT_EQ(select(0, NULL, NULL, NULL, &zero), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    FD_ZERO(&rd);
    FD_SET((SOCKET)0x4321, &rd);
    ASSERT_EQ(select(0, &rd, NULL, NULL, &zero), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    finish(t, NULL, (SOCKET[]){s, c, l}, 3);
    return 0;
}

TEST(ext_wsapoll_events_nval_and_hup) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7012), c = client_to(7012), s = accept(l, NULL, NULL);
    WSAPOLLFD f[3];
    memset(f, 0, sizeof f);
    f[0].fd = s;
    f[0].events = POLLRDNORM;
    f[1].fd = c;
    f[1].events = POLLWRNORM;
    f[2].fd = (SOCKET)0x4321;
    f[2].events = POLLRDNORM;
    ASSERT_EQ(WSAPoll(f, 3, 0), 2);
    ASSERT_EQ(f[0].revents, 0);
    ASSERT_EQ(f[1].revents, POLLWRNORM);
    ASSERT_EQ(f[2].revents, POLLNVAL);
    ASSERT_EQ(closesocket(c), 0);
    ASSERT_EQ(WSAPoll(f, 1, 10), 1);
    ASSERT_EQ(f[0].revents, POLLRDNORM | POLLHUP);
    f[0].events = 0x4000; /* not an event Winsock knows */
    ASSERT_EQ(WSAPoll(f, 1, 0), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    finish(t, NULL, (SOCKET[]){s, l}, 2);
    return 0;
}

static struct {
    int calls, verdict;
    USHORT caller_port, callee_port;
} cond_seen;

static int CALLBACK condition(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                              LPWSABUF callee_data, GROUP *g, DWORD_PTR data) {
    (void)caller_data, (void)sqos, (void)gqos, (void)callee_data, (void)g;
    cond_seen.calls++;
    ASSERT_EQ(data, 0x77);
    ASSERT_EQ(caller->len, sizeof(SOCKADDR_IN));
    cond_seen.caller_port = port_of((struct sockaddr *)caller->buf);
    cond_seen.callee_port = port_of((struct sockaddr *)callee->buf);
    return cond_seen.verdict;
}

TEST(ext_wsaaccept_condition_defer_reject_accept) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7013), c1 = client_to(7013);
    SOCKADDR_IN cl;
    int n = sizeof cl;
    ASSERT_EQ(getsockname(c1, (struct sockaddr *)&cl, &n), 0);
    cond_seen.verdict = CF_DEFER;
    ASSERT(WSAAccept(l, NULL, NULL, condition, 0x77) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSATRY_AGAIN);
    ASSERT_EQ(cond_seen.caller_port, ntohs(cl.sin_port));
    ASSERT_EQ(cond_seen.callee_port, 7013);
    cond_seen.verdict = CF_REJECT; /* the same connection is still waiting */
    ASSERT(WSAAccept(l, NULL, NULL, condition, 0x77) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    ASSERT_EQ(cond_seen.caller_port, ntohs(cl.sin_port));
    char b[4];
    ASSERT_EQ(recv(c1, b, sizeof b, 0), 0); /* dropped */
    SOCKET c2 = client_to(7013);
    cond_seen.verdict = CF_ACCEPT;
    SOCKADDR_IN peer;
    int m = sizeof peer;
    SOCKET s = WSAAccept(l, (struct sockaddr *)&peer, &m, condition, 0x77);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(cond_seen.calls, 3);
    ASSERT_EQ(send(c2, "y", 1, 0), 1);
    ASSERT_EQ(recv(s, b, sizeof b, 0), 1);
    finish(t, NULL, (SOCKET[]){s, c2, c1, l}, 4);
    return 0;
}

TEST(ext_wsaconnect_connects_and_refuses_qos) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7014), c = tcp();
    SOCKADDR_IN a;
    int len = loop4(7014, &a);
    QOS *q = (QOS *)&a; /* any non-NULL QoS: TCP/IP has none */
    ASSERT_EQ(WSAConnect(c, (struct sockaddr *)&a, len, NULL, NULL, q, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
    ASSERT_EQ(WSAConnect(c, (struct sockaddr *)&a, len, NULL, NULL, NULL, NULL), 0);
    SOCKET s = accept(l, NULL, NULL);
    ASSERT(s != INVALID_SOCKET);
    finish(t, NULL, (SOCKET[]){s, c, l}, 3);
    return 0;
}

/* ------------------------------------------------- WSAEventSelect, WSAEnumNetworkEvents */
/* The events recorded for s (and its event reset), after checking the event was signalled
 * exactly when something was recorded. */
static LONG enum_events(SOCKET s, WSAEVENT e, WSANETWORKEVENTS *ne) {
    DWORD signalled = WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE);
    ASSERT_EQ(WSAEnumNetworkEvents(s, e, ne), 0);
    ASSERT_EQ(signalled == WSA_WAIT_EVENT_0, ne->lNetworkEvents != 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_TIMEOUT); /* reset */
    return ne->lNetworkEvents;
}

TEST(ext_eventselect_accept_connect_write_read_close) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7015), c = tcp();
    WSAEVENT le = WSACreateEvent(), ce = WSACreateEvent(), se = WSACreateEvent();
    WSANETWORKEVENTS ne;
    ASSERT_EQ(WSAEventSelect(l, le, FD_ACCEPT), 0);
    ASSERT_EQ(enum_events(l, le, &ne), 0);
    ASSERT_EQ(WSAEventSelect(c, ce, FD_CONNECT | FD_WRITE | FD_READ | FD_CLOSE), 0);
    SOCKADDR_IN a;
    int r = connect(c, (struct sockaddr *)&a, loop4(7015, &a));
    ASSERT(r == 0 || WSAGetLastError() == WSAEWOULDBLOCK); /* the selection made c non-blocking */
    ASSERT_EQ(enum_events(l, le, &ne), FD_ACCEPT);
    ASSERT_EQ(enum_events(c, ce, &ne), FD_CONNECT | FD_WRITE);
    ASSERT_EQ(ne.iErrorCode[FD_CONNECT_BIT], 0);
    SOCKET s = accept(l, NULL, NULL);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(enum_events(l, le, &ne), 0); /* nothing waits any more */
    ASSERT_EQ(WSAEventSelect(s, se, FD_READ | FD_CLOSE), 0);
    ASSERT_EQ(send(c, "abc", 3, 0), 3);
    ASSERT_EQ(enum_events(s, se, &ne), FD_READ);
    ASSERT_EQ(enum_events(c, ce, &ne), 0); /* FD_CONNECT and FD_WRITE came once */
    char b[8];
    ASSERT_EQ(recv(s, b, sizeof b, 0), 3);
    ASSERT_EQ(shutdown(c, SD_SEND), 0);
    ASSERT_EQ(enum_events(s, se, &ne), FD_CLOSE);
    ASSERT_EQ(ne.iErrorCode[FD_CLOSE_BIT], 0);
    WSACloseEvent(le);
    WSACloseEvent(ce);
    WSACloseEvent(se);
    finish(t, NULL, (SOCKET[]){s, c, l}, 3);
    return 0;
}

TEST(ext_eventselect_read_again_after_partial_recv_and_bad_input) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listener(7016), c = client_to(7016), s = accept(l, NULL, NULL);
    WSAEVENT e = WSACreateEvent();
    WSANETWORKEVENTS ne;
    ASSERT_EQ(send(c, "0123456789", 10, 0), 10);
    ASSERT_EQ(WSAEventSelect(s, e, FD_READ), 0); /* already readable: recorded at once */
    ASSERT_EQ(enum_events(s, e, &ne), FD_READ);
    char b[8];
    ASSERT_EQ(recv(s, b, 4, 0), 4); /* six bytes left: FD_READ again */
    ASSERT_EQ(enum_events(s, e, &ne), FD_READ);
    ASSERT_EQ(recv(s, b, 8, 0), 6); /* none left: not again */
    ASSERT_EQ(enum_events(s, e, &ne), 0);
    ASSERT_EQ(recv(s, b, 4, 0), SOCKET_ERROR); /* WSAEventSelect made it non-blocking */
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    ASSERT_EQ(WSAEventSelect(s, e, 0), 0); /* cancelled: nothing is recorded any more */
    ASSERT_EQ(send(c, "x", 1, 0), 1);
    ASSERT_EQ(enum_events(s, e, &ne), 0);
    ASSERT_EQ(WSAEventSelect((SOCKET)0x4321, e, FD_READ), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    ASSERT_EQ(WSAEventSelect(s, e, 1 << 12), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(WSAEnumNetworkEvents(s, e, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    WSACloseEvent(e);
    finish(t, NULL, (SOCKET[]){s, c, l}, 3);
    return 0;
}
