/*
 * test_net.c: unit tests of driver-stub/net, the sim transport, through the Winsock API:
 * the TCP state machine (fresh, bound, listening, connected, closed) for IPv4 and IPv6,
 * stream data and end of stream, UDP datagrams, overlapped receives that pend, abort or
 * complete (A27, A28, A32), and the message calls of the UDP redirect path: WSARecvMsg's
 * control-buffer rules and truncation (A63..A66), WSASendMsg (A67), neither on streams (A68).
 *
 * Why: the WFP assertions sit on top of this transport.  A connection that lands on the
 * wrong listener, a receive that completes twice or a control buffer rewritten at the wrong
 * time would show up as a false WFP finding; these tests keep the transport honest with no
 * callout registered (the UDP truncation tests use wt_udp_redirected only because the
 * redirect control messages are what overflows the buffer).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>

#include "../kernel/kernel.h" /* ms_lock: one test keeps the os poller away */
#include "../net/net.h" /* a socket's flow: one test leaks a reference on it */
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

/* ---- helpers ---- */

#define FLOW_DATAGRAM_LEN 23 /* sizeof "flow-creating datagram", what wt_udp_redirected sends */

/* Loopback (127.0.0.1 or ::1) at a port. */
static int loop_addr(int af, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET) {
        SOCKADDR_IN *in = (SOCKADDR_IN *)a;
        in->sin_port = htons(port);
        ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &in->sin_addr), 1);
        return sizeof *in;
    }
    SOCKADDR_IN6 *in6 = (SOCKADDR_IN6 *)a;
    in6->sin6_port = htons(port);
    ASSERT_EQ(inet_pton(AF_INET6, "::1", &in6->sin6_addr), 1);
    return sizeof *in6;
}

static USHORT port_of(SOCKET s) {
    SOCKADDR_STORAGE a;
    int len = sizeof a;
    ASSERT_EQ(getsockname(s, (struct sockaddr *)&a, &len), 0);
    return ntohs(((SOCKADDR_IN *)&a)->sin_port); /* sin_port and sin6_port share the offset */
}

static void expect_error(int r, int wsa_error) {
    ASSERT_EQ(r, SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), wsa_error);
}

static SOCKET bound(int af, int type, USHORT port, DWORD flags) {
    SOCKET s = WSASocketW(af, type, 0, NULL, 0, flags);
    ASSERT(s != INVALID_SOCKET);
    SOCKADDR_STORAGE a;
    int len = loop_addr(af, port, &a);
    ASSERT_EQ(bind(s, (struct sockaddr *)&a, len), 0);
    return s;
}

typedef struct tcp_pair {
    SOCKET listener, client, server;
} tcp_pair;

/* A listener on loopback:port, a client connected to it and the accepted server end.
 * flags (WSA_FLAG_OVERLAPPED or 0) apply to all three. */
static tcp_pair connect_pair(int af, USHORT port, DWORD flags) {
    tcp_pair p;
    p.listener = bound(af, SOCK_STREAM, port, flags);
    ASSERT_EQ(listen(p.listener, 4), 0);
    p.client = WSASocketW(af, SOCK_STREAM, 0, NULL, 0, flags);
    SOCKADDR_STORAGE a;
    int len = loop_addr(af, port, &a);
    ASSERT_EQ(connect(p.client, (struct sockaddr *)&a, len), 0);
    p.server = accept(p.listener, NULL, NULL);
    ASSERT(p.server != INVALID_SOCKET);
    return p;
}

static HANDLE attach_port(SOCKET s, ULONG_PTR key) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ASSERT(CreateIoCompletionPort((HANDLE)s, port, key, 0) == port);
    return port;
}

static void set_nonblocking(SOCKET s) {
    u_long on = 1;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &on), 0);
}

/* An extension function (WSARecvMsg, WSASendMsg) into *fn, a function pointer of fn_size. */
static void extension(SOCKET s, GUID g, void *fn, size_t fn_size) {
    DWORD size = 0;
    ASSERT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, (DWORD)fn_size, &size, NULL, NULL), 0);
    ASSERT_EQ(size, fn_size);
}

static LPFN_WSARECVMSG recvmsg_of(SOCKET s) {
    LPFN_WSARECVMSG fn = NULL;
    extension(s, (GUID)WSAID_WSARECVMSG, &fn, sizeof fn);
    ASSERT_NOT_NULL(fn);
    return fn;
}

static LPFN_WSASENDMSG sendmsg_of(SOCKET s) {
    LPFN_WSASENDMSG fn = NULL;
    extension(s, (GUID)WSAID_WSASENDMSG, &fn, sizeof fn);
    ASSERT_NOT_NULL(fn);
    return fn;
}

/* A WSAMSG over one data buffer and a control buffer (which may be NULL). */
static WSAMSG message(char *data, ULONG data_len, char *control, ULONG control_len) {
    static WSABUF b; /* a test has one message's data buffer at a time */
    b.len = data_len;
    b.buf = data;
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.lpBuffers = &b;
    m.dwBufferCount = 1;
    m.Control.buf = control;
    m.Control.len = control_len;
    return m;
}

/* Runs a per-family check in a world of its own (the v4 and v6 tests share their body). */
static int in_world(void (*check)(int af), int af) {
    wt_target *t = fx_open(NULL);
    check(af);
    return fx_close(t);
}

/* ---- TCP states ---- */

static void check_tcp_states(int af) {
    SOCKET l = socket(af, SOCK_STREAM, 0);
    ASSERT(l != INVALID_SOCKET);
    SOCKADDR_STORAGE a, peer;
    int len = loop_addr(af, 7000, &a), plen = sizeof peer;
    /* fresh */
    expect_error(getsockname(l, (struct sockaddr *)&peer, &plen), WSAEINVAL);
    expect_error(listen(l, 4), WSAEINVAL);
    /* bound */
    ASSERT_EQ(bind(l, (struct sockaddr *)&a, len), 0);
    expect_error(bind(l, (struct sockaddr *)&a, len), WSAEINVAL);
    ASSERT_EQ(port_of(l), 7000);
    /* listening */
    ASSERT_EQ(listen(l, 4), 0);
    expect_error(connect(l, (struct sockaddr *)&a, len), WSAEINVAL);
    set_nonblocking(l);
    ASSERT(accept(l, NULL, NULL) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    /* connected */
    SOCKET c = socket(af, SOCK_STREAM, 0);
    expect_error(getpeername(c, (struct sockaddr *)&peer, &plen), WSAENOTCONN);
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, len), 0);
    expect_error(connect(c, (struct sockaddr *)&a, len), WSAEISCONN);
    SOCKET s = accept(l, (struct sockaddr *)&peer, &plen);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(peer.ss_family, af);
    ASSERT_EQ(plen, len);
    ASSERT_EQ(ntohs(((SOCKADDR_IN *)&peer)->sin_port), port_of(c));
    plen = sizeof peer;
    ASSERT_EQ(getpeername(c, (struct sockaddr *)&peer, &plen), 0);
    ASSERT_EQ(ntohs(((SOCKADDR_IN *)&peer)->sin_port), 7000);
    /* closed */
    SOCKET all[] = {s, c, l};
    for (int i = 0; i < 3; i++) {
        ASSERT_EQ(closesocket(all[i]), 0);
        expect_error(listen(all[i], 4), WSAENOTSOCK);
        expect_error(send(all[i], "x", 1, 0), WSAENOTSOCK);
    }
}

TEST(net_tcp_states_fresh_bound_listening_connected_closed_v4) { return in_world(check_tcp_states, AF_INET); }

TEST(net_tcp_states_fresh_bound_listening_connected_closed_v6) { return in_world(check_tcp_states, AF_INET6); }

TEST(net_tcp_connect_without_listener_refused) {
    wt_target *t = fx_open(NULL);
    SOCKET l = bound(AF_INET, SOCK_STREAM, 7100, WSA_FLAG_OVERLAPPED); /* bound, not listening */
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    SOCKADDR_STORAGE a;
    int len = loop_addr(AF_INET, 7100, &a);
    expect_error(connect(c, (struct sockaddr *)&a, len), WSAECONNREFUSED);
    len = loop_addr(AF_INET, 7101, &a);
    expect_error(connect(c, (struct sockaddr *)&a, len), WSAECONNREFUSED);
    SOCKADDR_STORAGE v6;
    len = loop_addr(AF_INET6, 7100, &v6);
    expect_error(connect(c, (struct sockaddr *)&v6, len), WSAEAFNOSUPPORT);
    ASSERT_EQ(closesocket(l), 0);
    return fx_close(t);
}

/* Two unconnected sockets cannot own one address and port, listening or not. */
TEST(net_tcp_bind_same_port_addrinuse) {
    wt_target *t = fx_open(NULL);
    SOCKET first = bound(AF_INET, SOCK_STREAM, 7200, WSA_FLAG_OVERLAPPED);
    SOCKET second = socket(AF_INET, SOCK_STREAM, 0);
    SOCKADDR_STORAGE a;
    int len = loop_addr(AF_INET, 7200, &a);
    expect_error(bind(second, (struct sockaddr *)&a, len), WSAEADDRINUSE);
    ASSERT_EQ(listen(first, 1), 0);
    expect_error(bind(second, (struct sockaddr *)&a, len), WSAEADDRINUSE);
    ASSERT_EQ(closesocket(first), 0);
    ASSERT_EQ(bind(second, (struct sockaddr *)&a, len), 0); /* free again once closed */
    SOCKET udp = bound(AF_INET, SOCK_DGRAM, 7200, 0); /* another protocol's port space */
    ASSERT(udp != INVALID_SOCKET);
    return fx_close(t);
}

/* ---- stream data ---- */

static void check_round_trip(int af) {
    tcp_pair p = connect_pair(af, 7300, WSA_FLAG_OVERLAPPED);
    ASSERT_EQ(send(p.client, "hello", 5, 0), 5);
    ASSERT_EQ(send(p.client, " world", 6, 0), 6);
    u_long pending = 0;
    ASSERT_EQ(ioctlsocket(p.server, FIONREAD, &pending), 0);
    ASSERT_EQ(pending, 11);
    char buf[32] = {0};
    ASSERT_EQ(recv(p.server, buf, 4, 0), 4); /* a stream: any split is allowed */
    ASSERT_EQ(recv(p.server, buf + 4, sizeof buf - 4, 0), 7);
    ASSERT_MEM_EQ(buf, "hello world", 11);
    ASSERT_EQ(send(p.server, "back", 4, 0), 4);
    memset(buf, 0, sizeof buf);
    ASSERT_EQ(recv(p.client, buf, sizeof buf, 0), 4);
    ASSERT_MEM_EQ(buf, "back", 4);
    ASSERT_EQ(ioctlsocket(p.client, FIONREAD, &pending), 0);
    ASSERT_EQ(pending, 0);
}

TEST(net_tcp_send_recv_round_trip_v4) { return in_world(check_round_trip, AF_INET); }

TEST(net_tcp_send_recv_round_trip_v6) { return in_world(check_round_trip, AF_INET6); }

TEST(net_tcp_peek_leaves_data_queued) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 7350, 0);
    ASSERT_EQ(send(p.client, "abc", 3, 0), 3);
    char buf[8];
    ASSERT_EQ(recv(p.server, buf, sizeof buf, MSG_PEEK), 3);
    ASSERT_EQ(recv(p.server, buf, sizeof buf, 0), 3);
    ASSERT_MEM_EQ(buf, "abc", 3);
    set_nonblocking(p.server);
    expect_error(recv(p.server, buf, sizeof buf, 0), WSAEWOULDBLOCK);
    return fx_close(t);
}

TEST(net_tcp_shutdown_receive_refuses_receives) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 7410, WSA_FLAG_OVERLAPPED);
    ASSERT_EQ(shutdown(p.server, SD_RECEIVE), 0);
    char buf[8] = {0};
    expect_error(recv(p.server, buf, sizeof buf, 0), WSAESHUTDOWN);
    ASSERT_EQ(buf[0], 0);
    ASSERT_EQ(send(p.server, "up", 2, 0), 2); /* sending goes on */
    ASSERT_EQ(recv(p.client, buf, sizeof buf, 0), 2);
    ASSERT_EQ(shutdown(p.client, SD_BOTH), 0);
    expect_error(recv(p.client, buf, sizeof buf, 0), WSAESHUTDOWN);
    expect_error(send(p.client, "x", 1, 0), WSAESHUTDOWN);
    return fx_close(t);
}

TEST(net_tcp_shutdown_send_gives_eof_and_eshutdown) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 7400, WSA_FLAG_OVERLAPPED);
    ASSERT_EQ(send(p.client, "last", 4, 0), 4);
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    expect_error(send(p.client, "more", 4, 0), WSAESHUTDOWN);
    char buf[8];
    ASSERT_EQ(recv(p.server, buf, sizeof buf, 0), 4); /* queued data first, then EOF */
    ASSERT_EQ(recv(p.server, buf, sizeof buf, 0), 0);
    ASSERT_EQ(recv(p.server, buf, sizeof buf, 0), 0);
    ASSERT_EQ(send(p.server, "ok", 2, 0), 2); /* the other direction stays open */
    ASSERT_EQ(recv(p.client, buf, sizeof buf, 0), 2);
    expect_error(shutdown(p.client, 7), WSAEINVAL);
    expect_error(shutdown(p.listener, SD_BOTH), WSAENOTCONN);
    return fx_close(t);
}

TEST(net_tcp_close_of_peer_gives_eof) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET6, 7450, WSA_FLAG_OVERLAPPED);
    ASSERT_EQ(send(p.server, "bye", 3, 0), 3);
    ASSERT_EQ(closesocket(p.server), 0);
    char buf[8];
    ASSERT_EQ(recv(p.client, buf, sizeof buf, 0), 3);
    ASSERT_EQ(recv(p.client, buf, sizeof buf, 0), 0);
    expect_error(send(p.client, "x", 1, 0), WSAECONNRESET);
    return fx_close(t);
}

/* The sim transport's own limit (transport_glue.c's header: 64 MiB, as the os transport past
 * 4 MiB): a peer that never reads holds at most 64 MiB; the blocking send that would go past it
 * is WSAENOBUFS (the model never blocks a sender, provider/wsp_io.c) and takes nothing, and once
 * the reader takes some the sender goes on.  No page names a size, so this pins the model's
 * contract: without the cap the queue grew until the arena ran out. */
TEST(net_tcp_unread_stream_capped_at_64_mib_then_enobufs) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 7470, 0);
    static char chunk[1 << 20];
    for (int i = 0; i < 64; i++) ASSERT_EQ(send(p.client, chunk, (int)sizeof chunk, 0), (int)sizeof chunk);
    expect_error(send(p.client, chunk, 1, 0), WSAENOBUFS);
    u_long pending = 0;
    ASSERT_EQ(ioctlsocket(p.server, FIONREAD, &pending), 0);
    ASSERT_EQ(pending, 64ul << 20);
    ASSERT_EQ(recv(p.server, chunk, 1, 0), 1);
    ASSERT_EQ(send(p.client, chunk, 1, 0), 1);
    expect_error(send(p.client, chunk, 1, 0), WSAENOBUFS);
    return fx_close(t);
}

/* The same limit met by a nonblocking sender: WSAEWOULDBLOCK (send page: a send with no buffer
 * space "will block unless the socket has been placed in nonblocking mode"), where the model
 * said WSAENOBUFS before; the socket is then not writable (select) and has no FD_WRITE until the
 * reader takes a byte, when FD_WRITE is recorded again (WSAEventSelect page: after a send failed
 * with WSAEWOULDBLOCK, once "buffer space becomes available") and select calls it writable. */
TEST(net_tcp_nonblocking_sender_meets_wouldblock_then_fd_write) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 7472, 0);
    WSAEVENT ev = WSACreateEvent();
    ASSERT_EQ(WSAEventSelect(p.client, ev, FD_WRITE), 0); /* nonblocking now */
    WSANETWORKEVENTS ne;
    ASSERT_EQ(WSAEnumNetworkEvents(p.client, ev, &ne), 0);
    ASSERT_EQ(ne.lNetworkEvents, FD_WRITE);
    static char chunk[1 << 20];
    for (int i = 0; i < 64; i++) ASSERT_EQ(send(p.client, chunk, (int)sizeof chunk, 0), (int)sizeof chunk);
    expect_error(send(p.client, chunk, 1, 0), WSAEWOULDBLOCK);
    fd_set wf;
    FD_ZERO(&wf);
    FD_SET(p.client, &wf);
    struct timeval zero = {0, 0};
    ASSERT_EQ(select(0, NULL, &wf, NULL, &zero), 0);
    ASSERT_EQ(WSAEnumNetworkEvents(p.client, ev, &ne), 0);
    ASSERT_EQ(ne.lNetworkEvents, 0);
    ASSERT_EQ(recv(p.server, chunk, 1, 0), 1);
    ASSERT_EQ(WSAEnumNetworkEvents(p.client, ev, &ne), 0);
    ASSERT_EQ(ne.lNetworkEvents, FD_WRITE);
    FD_ZERO(&wf);
    FD_SET(p.client, &wf);
    ASSERT_EQ(select(0, NULL, &wf, NULL, &zero), 1);
    ASSERT_EQ(send(p.client, chunk, 1, 0), 1);
    WSACloseEvent(ev);
    return fx_close(t);
}

/* os transport: a peer closed while its last bytes wait in its backlog (the kernel was full)
 * has not ended the stream yet.  The reader that has drained the kernel must not be called
 * readable (select, WSAPoll): a blocking receive's wait that said "ready" while the receive
 * still pended spun with the world lock held, and the poller that moves those bytes never got
 * it (S3.os.close-after-send hung now and then).  The test holds the world lock itself to keep
 * the poller away, so the backlog stays where it is while the checks run. */
TEST(net_os_closed_peer_with_backlog_is_not_readable_before_its_bytes) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(wt_set_knob(t, "transport", "os"), WT_OK);
    tcp_pair p = connect_pair(AF_INET, 7460, 0);
    ms_world *w = ms_world_current();
    ASSERT_NOT_NULL(w);
    ms_lock(w);
    static char chunk[1 << 20], buf[1 << 16];
    long sent = 0, got = 0;
    int rc;
    while ((rc = send(p.client, chunk, (int)sizeof chunk, 0)) > 0) sent += rc;
    expect_error(rc, WSAENOBUFS); /* kernel full and the backlog at its limit */
    ASSERT_EQ(closesocket(p.client), 0);
    set_nonblocking(p.server);
    while ((rc = recv(p.server, buf, (int)sizeof buf, 0)) > 0) got += rc;
    expect_error(rc, WSAEWOULDBLOCK);
    ASSERT(got < sent);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(p.server, &r);
    struct timeval zero = {0, 0};
    ASSERT_EQ(select(0, &r, NULL, NULL, &zero), 0);
    WSAPOLLFD pf = {p.server, POLLRDNORM, 0};
    ASSERT_EQ(WSAPoll(&pf, 1, 0), 0);
    ms_unlock(w);
    u_long blocking = 0;
    ASSERT_EQ(ioctlsocket(p.server, FIONBIO, &blocking), 0);
    while ((rc = recv(p.server, buf, (int)sizeof buf, 0)) > 0) got += rc;
    ASSERT_EQ(rc, 0);
    ASSERT_EQ(got, sent);
    return fx_close(t);
}

/* os transport, memory running out (fail_alloc n: the n-th allocation from the send on).  With
 * 8 KiB kernel buffers a 1 MiB send is mostly kept in the socket's backlog.  With no memory
 * for it, the send said WSAENOBUFS although the kernel had taken (and delivered) part: a caller
 * that sends again doubles those bytes.  Now it reports what the kernel took (a short send), or
 * WSAENOBUFS with nothing sent.  And the first close of a socket with a backlog made the
 * world's linger slot then, and with no memory closed at once, dropping the backlog: the slot
 * is now made with the socket.  Each round in a fresh world, where that slot is new. */
TEST(net_os_out_of_memory_send_and_close_lose_no_bytes) {
    static char out[1 << 20], in[1 << 16];
    for (size_t i = 0; i < sizeof out; i++) out[i] = (char)(i * 7 + i / 251);
    int short_sends = 0, whole_sends = 0;
    for (unsigned long n = 1; n <= 12; n++) {
        wt_target *t = fx_open(NULL);
        ASSERT_EQ(wt_set_knob(t, "transport", "os"), WT_OK);
        DWORD small = 8192;
        SOCKET l = bound(AF_INET, SOCK_STREAM, 7480, 0), c = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, 0);
        ASSERT_EQ(setsockopt(l, SOL_SOCKET, SO_RCVBUF, (char *)&small, sizeof small), 0);
        ASSERT_EQ(setsockopt(c, SOL_SOCKET, SO_SNDBUF, (char *)&small, sizeof small), 0);
        ASSERT_EQ(listen(l, 4), 0);
        SOCKADDR_STORAGE a;
        int len = loop_addr(AF_INET, 7480, &a);
        ASSERT_EQ(connect(c, (struct sockaddr *)&a, len), 0);
        SOCKET srv = accept(l, NULL, NULL);
        ASSERT(srv != INVALID_SOCKET);
        char v[8];
        snprintf(v, sizeof v, "%lu", n);
        ASSERT_EQ(wt_set_knob(t, "fail_alloc", v), WT_OK);
        int rc = send(c, out, (int)sizeof out, 0);
        int err = WSAGetLastError();
        ASSERT_EQ(closesocket(c), 0); /* with whatever backlog the send left */
        ASSERT_EQ(wt_set_knob(t, "fail_alloc", "0"), WT_OK);
        if (rc == SOCKET_ERROR) ASSERT_EQ(err, WSAENOBUFS);
        short_sends += rc > 0 && rc < (int)sizeof out;
        whole_sends += rc == (int)sizeof out;
        long sent = rc > 0 ? rc : 0, got = 0;
        while ((rc = recv(srv, in, (int)sizeof in, 0)) > 0) {
            ASSERT(got + rc <= sent);
            ASSERT(memcmp(in, out + got, (size_t)rc) == 0);
            got += rc;
        }
        ASSERT_EQ(rc, 0);
        ASSERT_EQ(got, sent);
        closesocket(srv);
        closesocket(l);
        ASSERT_EQ(fx_close(t), 0);
    }
    ASSERT(short_sends > 0); /* the backlog's allocation was among those made to fail */
    ASSERT(whole_sends > 0); /* and the close's, after a send that kept a backlog */
    return 0;
}

/* Memory running out when the handle table must grow (fail_alloc from the first of 40 sockets,
 * or from the first of 20 accepts): socket() and accept() said WSAEMFILE, the socket page's "no
 * more socket descriptors", for what is WSAENOBUFS, "no buffer space is available"; and a failed
 * accept put its connection back at the end of the queue, no longer its listener's, so the next
 * accept took the second client.  Now WSAENOBUFS, the queue as it was (S3.low-memory.many-sockets). */
TEST(net_tcp_out_of_memory_growing_handles_enobufs_and_accept_keeps_order) {
    int socket_failures = 0, accept_failures = 0;
    for (unsigned long n = 1; n <= 48; n++) {
        wt_target *t = fx_open(NULL);
        char v[8];
        snprintf(v, sizeof v, "%lu", n);
        SOCKET s[40];
        int made = 0;
        ASSERT_EQ(wt_set_knob(t, "fail_alloc", v), WT_OK);
        for (; made < 40; made++) {
            s[made] = WSASocketW(AF_INET, SOCK_DGRAM, 0, NULL, 0, 0);
            if (s[made] == INVALID_SOCKET) break;
        }
        int err = WSAGetLastError();
        ASSERT_EQ(wt_set_knob(t, "fail_alloc", "0"), WT_OK);
        if (made < 40) {
            ASSERT_EQ(err, WSAENOBUFS);
            socket_failures++;
        }
        for (int i = 0; i < made; i++) closesocket(s[i]);
        ASSERT_EQ(fx_close(t), 0);
    }
    for (unsigned long n = 1; n <= 40; n++) {
        wt_target *t = fx_open(NULL);
        SOCKET l = bound(AF_INET, SOCK_STREAM, 7481, 0), c[20], a[20];
        ASSERT_EQ(listen(l, 32), 0);
        SOCKADDR_STORAGE la;
        int len = loop_addr(AF_INET, 7481, &la);
        for (int i = 0; i < 20; i++) {
            c[i] = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, 0);
            ASSERT_EQ(connect(c[i], (struct sockaddr *)&la, len), 0);
            char b = (char)i;
            ASSERT_EQ(send(c[i], &b, 1, 0), 1);
        }
        char v[8];
        snprintf(v, sizeof v, "%lu", n);
        ASSERT_EQ(wt_set_knob(t, "fail_alloc", v), WT_OK);
        for (int i = 0; i < 20; i++) {
            a[i] = accept(l, NULL, NULL);
            if (a[i] == INVALID_SOCKET) {
                ASSERT_EQ(WSAGetLastError(), WSAENOBUFS);
                accept_failures++;
                a[i] = accept(l, NULL, NULL); /* fail_alloc fails once: the same connection now */
                ASSERT(a[i] != INVALID_SOCKET);
            }
            char b = -1;
            int rc = recv(a[i], &b, 1, 0);
            if (rc < 0) {
                ASSERT_EQ(WSAGetLastError(), WSAENOBUFS);
                rc = recv(a[i], &b, 1, 0);
            }
            ASSERT_EQ(rc, 1);
            ASSERT_EQ(b, (char)i); /* in the order the clients connected */
        }
        ASSERT_EQ(wt_set_knob(t, "fail_alloc", "0"), WT_OK);
        for (int i = 0; i < 20; i++) closesocket(c[i]), closesocket(a[i]);
        closesocket(l);
        ASSERT_EQ(fx_close(t), 0);
    }
    ASSERT(socket_failures > 0);
    ASSERT(accept_failures > 0); /* the growth was among the failing allocations */
    return 0;
}

/* os transport: the largest IPv4 datagram (65,507 bytes, the model's limit for both families)
 * left no room for the transport's tag in a kernel datagram; it was lost.  It arrives whole,
 * after the small one sent before it; over IPv6 the kernel has room for the tag. */
static void check_os_largest_datagram(int af) {
    int max = 65507;
    SOCKET rx = bound(af, SOCK_DGRAM, 7470, 0), tx = bound(af, SOCK_DGRAM, 7471, 0);
    SOCKADDR_STORAGE to;
    int tl = loop_addr(af, 7470, &to);
    static char out[65507], in[65536];
    for (int i = 0; i < max; i++) out[i] = (char)(i * 13);
    ASSERT_EQ(sendto(tx, "small", 5, 0, (struct sockaddr *)&to, tl), 5);
    ASSERT_EQ(sendto(tx, out, max, 0, (struct sockaddr *)&to, tl), max);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(rx, &r);
    struct timeval tv = {5, 0};
    ASSERT_EQ(select(0, &r, NULL, NULL, &tv), 1);
    ASSERT_EQ(recv(rx, in, (int)sizeof in, 0), 5);
    ASSERT_EQ(select(0, &r, NULL, NULL, &tv), 1);
    set_nonblocking(rx); /* a lost datagram fails here rather than hanging */
    ASSERT_EQ(recv(rx, in, (int)sizeof in, 0), max);
    ASSERT(memcmp(in, out, (size_t)max) == 0);
    closesocket(tx);
    closesocket(rx);
}

TEST(net_os_largest_datagram_arrives_whole_and_in_order) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(wt_set_knob(t, "transport", "os"), WT_OK);
    check_os_largest_datagram(AF_INET);
    check_os_largest_datagram(AF_INET6);
    return fx_close(t);
}

/* A UDP flow whose classify a callout pends: its datagrams wait, in order, and go where the
 * callout decides when it completes (the proxy, with the records on the first), never to the
 * original destination meanwhile. */
TEST(net_udp_pended_classify_holds_datagrams_until_completed) {
    wt_target *t = fx_open(NULL);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50300);
    p.pend = 1; /* the test callout holds the classify until wt_complete_pended */
    ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
    wt_udp_flow f;
    ASSERT_EQ(wt_udp_redirected(t, AF_INET, 0, &f), WT_OK); /* the send itself succeeds */
    ASSERT_EQ(wt_udp_send_more(t, &f, "second", 6), WT_OK);
    set_nonblocking(f.proxy);
    char buf[64];
    expect_error(recv(f.proxy, buf, sizeof buf, 0), WSAEWOULDBLOCK); /* held while pended */
    ASSERT_EQ(wt_complete_pended(t), 1);
    LPFN_WSARECVMSG rm = recvmsg_of(f.proxy);
    static char ctl[2048];
    WSAMSG m = message(buf, sizeof buf, ctl, sizeof ctl);
    DWORD got = 0;
    ASSERT_EQ(rm(f.proxy, &m, &got, NULL, NULL), 0);
    ASSERT_EQ(got, FLOW_DATAGRAM_LEN);
    ASSERT(m.Control.len > 0); /* the first carries the records */
    ASSERT_EQ(recv(f.proxy, buf, sizeof buf, 0), 6); /* then the second, in order */
    ASSERT_MEM_EQ(buf, "second", 6);
    return fx_close(t) == WT_OK ? 0 : 1;
}

/* A blocking receive nothing can satisfy (one thread) is reported, never a hang. */
TEST(net_tcp_blocking_recv_without_data_is_reported_not_hung) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 7500, 0);
    char buf[8];
    expect_error(recv(p.server, buf, sizeof buf, 0), WSAETIMEDOUT);
    char text[256];
    ASSERT_GE(wt_findings(t, text, sizeof text), 1);
    ASSERT_NOT_NULL(strstr(text, "deadlock"));
    return fx_close(t);
}

/* ---- UDP ---- */

static void check_udp(int af) {
    SOCKET rx = bound(af, SOCK_DGRAM, 7600, 0);
    SOCKET tx = socket(af, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE to, from;
    int len = loop_addr(af, 7600, &to), flen = sizeof from;
    ASSERT_EQ(sendto(tx, "one", 3, 0, (struct sockaddr *)&to, len), 3);
    ASSERT_EQ(sendto(tx, "second", 6, 0, (struct sockaddr *)&to, len), 6);
    char buf[16];
    ASSERT_EQ(recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), 3);
    ASSERT_MEM_EQ(buf, "one", 3);
    ASSERT_EQ(from.ss_family, af);
    ASSERT_EQ(flen, len);
    ASSERT_EQ(ntohs(((SOCKADDR_IN *)&from)->sin_port), port_of(tx)); /* the sender's autobound port */
    ASSERT_EQ(recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), 6);
    ASSERT_MEM_EQ(buf, "second", 6);
    set_nonblocking(rx);
    expect_error(recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), WSAEWOULDBLOCK);
}

TEST(net_udp_sendto_recvfrom_round_trip_v4) { return in_world(check_udp, AF_INET); }

TEST(net_udp_sendto_recvfrom_round_trip_v6) { return in_world(check_udp, AF_INET6); }

/* A datagram larger than the buffer: WSAEMSGSIZE, the prefix copied, the rest discarded. */
TEST(net_udp_truncated_datagram_emsgsize) {
    wt_target *t = fx_open(NULL);
    SOCKET rx = bound(AF_INET, SOCK_DGRAM, 7650, 0);
    SOCKET tx = socket(AF_INET, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE to;
    int len = loop_addr(AF_INET, 7650, &to);
    ASSERT_EQ(sendto(tx, "0123456789", 10, 0, (struct sockaddr *)&to, len), 10);
    ASSERT_EQ(sendto(tx, "next", 4, 0, (struct sockaddr *)&to, len), 4);
    char buf[4];
    expect_error(recv(rx, buf, sizeof buf, 0), WSAEMSGSIZE);
    ASSERT_MEM_EQ(buf, "0123", 4);
    ASSERT_EQ(recv(rx, buf, sizeof buf, 0), 4);
    ASSERT_MEM_EQ(buf, "next", 4);
    return fx_close(t);
}

/* ---- A27, A28, A32: overlapped receives ---- */

/* A connection whose server end has a completion port, and one receive buffer. */
typedef struct recv_fx {
    wt_target *t;
    tcp_pair p;
    HANDLE port;
    OVERLAPPED ov;
    char buf[8];
    WSABUF b;
} recv_fx;

static void recv_fx_open(recv_fx *r, USHORT port_no, DWORD flags) {
    r->t = fx_open(NULL);
    r->p = connect_pair(AF_INET, port_no, flags);
    r->port = attach_port(r->p.server, 0x77);
    memset(&r->ov, 0, sizeof r->ov);
    memset(r->buf, 0, sizeof r->buf);
    r->b.len = sizeof r->buf;
    r->b.buf = r->buf;
}

/* Starts an overlapped WSARecv into r->b that has nothing to read yet. */
static void recv_fx_pend(recv_fx *r, LPDWORD flags) {
    WSASetLastError(0);
    expect_error(WSARecv(r->p.server, &r->b, 1, NULL, flags, &r->ov, NULL), WSA_IO_PENDING);
}

/* Dequeues one packet of the port without waiting: error 0 for a successful packet. */
static void expect_packet(HANDLE port, DWORD error, DWORD bytes, LPOVERLAPPED ov) {
    DWORD got = ~0u;
    ULONG_PTR key = 0;
    LPOVERLAPPED got_ov = NULL;
    BOOL ok = GetQueuedCompletionStatus(port, &got, &key, &got_ov, 0);
    ASSERT_EQ(ok, error == 0);
    ASSERT_EQ(ok ? 0 : GetLastError(), error);
    ASSERT_EQ(got, bytes);
    ASSERT(got_ov == ov);
}

TEST(net_A27_pending_wsarecv_aborted_by_closesocket) {
    recv_fx r;
    recv_fx_open(&r, 7700, WSA_FLAG_OVERLAPPED);
    DWORD flags = 0;
    recv_fx_pend(&r, &flags);
    ASSERT_EQ(closesocket(r.p.server), 0);
    expect_packet(r.port, ERROR_OPERATION_ABORTED, 0, &r.ov);
    ASSERT_EQ(r.ov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_CANCELLED);
    expect_packet(r.port, WAIT_TIMEOUT, ~0u, NULL); /* exactly one (a timeout leaves the count) */
    return fx_close(r.t);
}

TEST(net_A28_wsarecv_incomplete_until_data_arrives) {
    recv_fx r;
    recv_fx_open(&r, 7800, WSA_FLAG_OVERLAPPED);
    WSAEVENT e = WSACreateEvent();
    r.ov.hEvent = e;
    DWORD flags = 0, cb = 99;
    recv_fx_pend(&r, &flags);
    ASSERT(!WSAGetOverlappedResult(r.p.server, &r.ov, &cb, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSA_IO_INCOMPLETE);
    ASSERT_EQ(cb, 99);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_TIMEOUT);
    ASSERT_EQ(send(r.p.client, "hello", 5, 0), 5);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT(WSAGetOverlappedResult(r.p.server, &r.ov, &cb, TRUE, &flags));
    ASSERT_EQ(cb, 5);
    ASSERT_EQ(flags, 0);
    ASSERT_MEM_EQ(r.buf, "hello", 5);
    return fx_close(r.t);
}

/* A WSARecv that pends never writes lpFlags afterwards (SDK WSARecv): the variable may be
 * gone by then.  Here it is live and must keep its value through the completion. */
TEST(net_A28_pending_wsarecv_leaves_lpflags_alone) {
    recv_fx r;
    recv_fx_open(&r, 7820, WSA_FLAG_OVERLAPPED);
    DWORD flags = 0x5555;
    recv_fx_pend(&r, &flags);
    ASSERT_EQ(send(r.p.client, "data", 4, 0), 4);
    expect_packet(r.port, 0, 4, &r.ov);
    ASSERT_EQ(flags, 0x5555);
    return fx_close(r.t);
}

/* Receives complete in issue order, each with the data there was when it could finish. */
TEST(net_A28_pending_receives_complete_in_order) {
    recv_fx r;
    recv_fx_open(&r, 7850, WSA_FLAG_OVERLAPPED);
    OVERLAPPED second;
    memset(&second, 0, sizeof second);
    char buf2[4];
    WSABUF b2 = {sizeof buf2, buf2};
    DWORD flags = 0;
    r.b.len = 4;
    recv_fx_pend(&r, &flags);
    expect_error(WSARecv(r.p.server, &b2, 1, NULL, &flags, &second, NULL), WSA_IO_PENDING);
    ASSERT_EQ(send(r.p.client, "abcdef", 6, 0), 6);
    expect_packet(r.port, 0, 4, &r.ov);
    expect_packet(r.port, 0, 2, &second);
    ASSERT_MEM_EQ(r.buf, "abcd", 4);
    ASSERT_MEM_EQ(buf2, "ef", 2);
    return fx_close(r.t);
}

/* A32: a socket without the overlapped attribute treats WSARecv's OVERLAPPED as absent. */
TEST(net_A32_non_overlapped_socket_wsarecv_is_synchronous) {
    recv_fx r;
    recv_fx_open(&r, 7900, 0);
    ASSERT_EQ(send(r.p.client, "abc", 3, 0), 3);
    r.ov.Internal = 0x1111;
    DWORD got = 0, flags = 0;
    ASSERT_EQ(WSARecv(r.p.server, &r.b, 1, &got, &flags, &r.ov, NULL), 0);
    ASSERT_EQ(got, 3);
    ASSERT_EQ(r.ov.Internal, 0x1111);
    expect_packet(r.port, WAIT_TIMEOUT, ~0u, NULL); /* no packet: the call was synchronous */
    return fx_close(r.t);
}

/* ---- A63..A68: WSARecvMsg and WSASendMsg ---- */

TEST(net_A66_recvmsg_null_msg_efault) {
    wt_target *t = fx_open(NULL);
    SOCKET s = bound(AF_INET, SOCK_DGRAM, 8000, 0);
    DWORD bytes = 0;
    expect_error(recvmsg_of(s)(s, NULL, &bytes, NULL, NULL), WSAEFAULT);
    expect_error(recvmsg_of(s)(s, wt_unmapped_address(t), &bytes, NULL, NULL), WSAEFAULT);
    return fx_close(t);
}

/* A plain datagram (no control data) sent to loopback:port; returns the receiver. */
static SOCKET plain_datagram(int af, USHORT port, const char *data, int len) {
    SOCKET rx = bound(af, SOCK_DGRAM, port, 0);
    SOCKET tx = socket(af, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE to;
    int tolen = loop_addr(af, port, &to);
    ASSERT_EQ(sendto(tx, data, len, 0, (struct sockaddr *)&to, tolen), len);
    return rx;
}

/* A fresh model target, a plain "payload" datagram waiting at loopback:port of af on rx, and
 * a receive message over a 16-byte buffer with no control buffer but control_len. */
typedef struct plain_rx {
    wt_target *t;
    SOCKET rx;
    char buf[16];
    WSAMSG m;
    DWORD bytes;
} plain_rx;

static void plain_rx_open(plain_rx *x, int af, USHORT port, ULONG control_len) {
    x->t = fx_open(NULL);
    x->rx = plain_datagram(af, port, "payload", 7);
    x->m = message(x->buf, sizeof x->buf, NULL, control_len);
    x->bytes = 0;
}

TEST(net_A66_recvmsg_null_control_zero_len_succeeds) {
    plain_rx x;
    plain_rx_open(&x, AF_INET, 8100, 0);
    ASSERT_EQ(recvmsg_of(x.rx)(x.rx, &x.m, &x.bytes, NULL, NULL), 0);
    ASSERT_EQ(x.bytes, 7);
    ASSERT_EQ(x.m.dwFlags, 0);
    ASSERT_EQ(x.m.Control.len, 0);
    ASSERT_MEM_EQ(x.buf, "payload", 7);
    return fx_close(x.t);
}

TEST(net_A66_recvmsg_null_control_nonzero_len_efault) {
    plain_rx x;
    plain_rx_open(&x, AF_INET6, 8200, 64);
    expect_error(recvmsg_of(x.rx)(x.rx, &x.m, &x.bytes, NULL, NULL), WSAEFAULT);
    ASSERT_EQ(recv(x.rx, x.buf, sizeof x.buf, 0), 7); /* nothing was consumed */
    return fx_close(x.t);
}

/* A fresh model target with a redirected UDP flow whose proxy holds the flow-creating
 * datagram, its records and context waiting as control messages; and a receive message over
 * a 64-byte data buffer and the test's control buffer. */
typedef struct udp_rx {
    wt_target *t;
    wt_udp_flow f;
    char buf[64];
    WSAMSG m;
    DWORD bytes;
} udp_rx;

static void udp_rx_open(udp_rx *x, int overlapped, char *control, ULONG control_len) {
    x->t = fx_open(NULL);
    ASSERT_EQ(wt_udp_redirected(x->t, AF_INET, overlapped, &x->f), WT_OK);
    x->m = message(x->buf, sizeof x->buf, control, control_len);
    x->bytes = 0;
}

TEST(net_A63_recvmsg_small_control_sync_emsgsize_ctrunc) {
    char ctl[1];
    udp_rx x;
    udp_rx_open(&x, 0, ctl, sizeof ctl);
    expect_error(recvmsg_of(x.f.proxy)(x.f.proxy, &x.m, &x.bytes, NULL, NULL), WSAEMSGSIZE);
    ASSERT(x.m.dwFlags & MSG_CTRUNC);
    ASSERT_EQ(x.bytes, FLOW_DATAGRAM_LEN);
    ASSERT_MEM_EQ(x.buf, "flow-creating datagram", FLOW_DATAGRAM_LEN);
    return fx_close(x.t);
}

/* Same truncation, overlapped with an event: the status travels in Internal (A64). */
TEST(net_A64_recvmsg_small_control_overlapped_event) {
    char ctl[1];
    udp_rx x;
    udp_rx_open(&x, 1, ctl, sizeof ctl);
    WSAEVENT e = WSACreateEvent();
    OVERLAPPED ov = fx_overlapped();
    ov.Offset = 0x11;
    ov.OffsetHigh = 0x22;
    ov.hEvent = e;
    WSASetLastError(0);
    int r = recvmsg_of(x.f.proxy)(x.f.proxy, &x.m, NULL, &ov, NULL);
    ASSERT(r == 0 || (r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING));
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT_EQ(ov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_BUFFER_OVERFLOW);
    ASSERT_EQ(ov.InternalHigh, FLOW_DATAGRAM_LEN);
    ASSERT_EQ(ov.Offset, 0x11);
    ASSERT_EQ(ov.OffsetHigh, 0x22);
    ASSERT_EQ(x.m.dwFlags, MSG_CTRUNC);
    DWORD cb = 0, flags = 0;
    ASSERT(!WSAGetOverlappedResult(x.f.proxy, &ov, &cb, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSAEMSGSIZE);
    ASSERT_EQ(cb, FLOW_DATAGRAM_LEN); /* C23: Windows updates the size on this failure */
    return fx_close(x.t);
}

static struct {
    int count;
    DWORD error, bytes, flags;
} msg_apc;

static void CALLBACK count_recvmsg_completion(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    (void)ov;
    msg_apc.count++;
    msg_apc.error = error;
    msg_apc.bytes = bytes;
    msg_apc.flags = flags;
}

/* With a completion routine the routine fires once, with MSG_CTRUNC in its dwFlags (A64). */
TEST(net_A64_recvmsg_small_control_completion_routine) {
    char ctl[1];
    udp_rx x;
    udp_rx_open(&x, 1, ctl, sizeof ctl);
    OVERLAPPED ov = fx_overlapped();
    memset(&msg_apc, 0, sizeof msg_apc);
    int r = recvmsg_of(x.f.proxy)(x.f.proxy, &x.m, NULL, &ov, count_recvmsg_completion);
    ASSERT(r == 0 || WSAGetLastError() == WSA_IO_PENDING);
    ASSERT_EQ(msg_apc.count, 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    ASSERT_EQ(msg_apc.count, 1);
    ASSERT_EQ(msg_apc.error, WSAEMSGSIZE);
    ASSERT_EQ(msg_apc.bytes, FLOW_DATAGRAM_LEN);
    ASSERT_EQ(msg_apc.flags, MSG_CTRUNC);
    return fx_close(x.t);
}

/* Walks the control messages with the SDK macros (bounded: A12) and returns how many there
 * were; *space is the sum of their WSA_CMSG_SPACE. */
static int walk_cmsgs(WSAMSG *m, size_t *space, WSACMSGHDR **found, int max) {
    int n = 0;
    *space = 0;
    for (WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(m); c && n < max; c = WSA_CMSG_NXTHDR(m, c)) {
        ASSERT_GE(c->cmsg_len, WSA_CMSG_LEN(0));
        *space += WSA_CMSG_SPACE(c->cmsg_len - WSA_CMSG_LEN(0));
        found[n++] = c;
    }
    return n;
}

/* A65: on success Control.len becomes the control bytes produced. */
TEST(net_A65_recvmsg_control_len_rewritten_on_success) {
    _Alignas(WSACMSGHDR) char ctl[2048];
    udp_rx x;
    udp_rx_open(&x, 0, ctl, sizeof ctl);
    ASSERT_EQ(recvmsg_of(x.f.proxy)(x.f.proxy, &x.m, &x.bytes, NULL, NULL), 0);
    ASSERT_EQ(x.bytes, FLOW_DATAGRAM_LEN);
    ASSERT_EQ(x.m.dwFlags, 0);
    ASSERT_LT(x.m.Control.len, sizeof ctl);
    WSACMSGHDR *c[4];
    size_t space = 0;
    ASSERT_EQ(walk_cmsgs(&x.m, &space, c, 4), 2);
    ASSERT_EQ(x.m.Control.len, space);
    ASSERT_EQ(c[0]->cmsg_level, IPPROTO_IP);
    ASSERT_EQ(c[0]->cmsg_type, IP_WFP_REDIRECT_RECORDS);
    ASSERT_EQ(c[1]->cmsg_type, IP_WFP_REDIRECT_CONTEXT);
    ASSERT_EQ(c[1]->cmsg_len, WSA_CMSG_LEN(256)); /* the default callout's 2 x SOCKADDR_STORAGE */
    return fx_close(x.t);
}

/* A65: Control.len is left alone while the receive is pending; the second datagram of the
 * flow carries no control message (A61), so it ends as 0. */
TEST(net_A65_recvmsg_control_len_unchanged_while_pending) {
    _Alignas(WSACMSGHDR) char ctl[512];
    udp_rx x;
    udp_rx_open(&x, 1, ctl, sizeof ctl);
    ASSERT_EQ(recvmsg_of(x.f.proxy)(x.f.proxy, &x.m, &x.bytes, NULL, NULL), 0); /* the flow's first */
    WSAMSG m = message(x.buf, sizeof x.buf, ctl, sizeof ctl);
    WSAEVENT e = WSACreateEvent();
    OVERLAPPED ov = fx_overlapped();
    ov.hEvent = e;
    expect_error(recvmsg_of(x.f.proxy)(x.f.proxy, &m, NULL, &ov, NULL), WSA_IO_PENDING);
    ASSERT_EQ(m.Control.len, sizeof ctl);
    ASSERT_EQ(ov.Internal, (ULONG_PTR)(LONG_PTR)STATUS_PENDING);
    ASSERT_EQ(wt_udp_send_more(x.t, &x.f, "second", 6), WT_OK);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT_EQ(ov.Internal, 0);
    ASSERT_EQ(ov.InternalHigh, 6);
    ASSERT_EQ(m.Control.len, 0);
    ASSERT_MEM_EQ(x.buf, "second", 6);
    return fx_close(x.t);
}

TEST(net_A67_sendmsg_null_control_nonzero_len_efault) {
    wt_target *t = fx_open(NULL);
    SOCKET rx = bound(AF_INET, SOCK_DGRAM, 8300, 0);
    SOCKET tx = socket(AF_INET, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE to;
    char data[] = "abc";
    WSAMSG m = message(data, 3, NULL, 8);
    m.name = (struct sockaddr *)&to;
    m.namelen = loop_addr(AF_INET, 8300, &to);
    DWORD sent = 0;
    expect_error(sendmsg_of(tx)(tx, &m, 0, &sent, NULL, NULL), WSAEFAULT);
    set_nonblocking(rx);
    char buf[8];
    expect_error(recv(rx, buf, sizeof buf, 0), WSAEWOULDBLOCK); /* nothing went out */
    m.Control.len = 0;
    ASSERT_EQ(sendmsg_of(tx)(tx, &m, 0, &sent, NULL, NULL), 0);
    ASSERT_EQ(sent, 3);
    ASSERT_EQ(recv(rx, buf, sizeof buf, 0), 3);
    return fx_close(t);
}

/* SDK-SENDMSG: "a name member ... was a NULL pointer and the namelen member ... was not set to
 * zero" is WSAEFAULT, on a connected socket too (the model sent to the peer). */
TEST(net_sendmsg_null_name_nonzero_namelen_efault) {
    wt_target *t = fx_open(NULL);
    SOCKET rx = bound(AF_INET, SOCK_DGRAM, 8301, 0);
    SOCKET tx = socket(AF_INET, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE to;
    int tolen = loop_addr(AF_INET, 8301, &to);
    ASSERT_EQ(connect(tx, (struct sockaddr *)&to, tolen), 0);
    char data[] = "abc";
    WSAMSG m = message(data, 3, NULL, 0);
    m.namelen = tolen;
    DWORD sent = 0;
    expect_error(sendmsg_of(tx)(tx, &m, 0, &sent, NULL, NULL), WSAEFAULT);
    set_nonblocking(rx);
    char buf[8];
    expect_error(recv(rx, buf, sizeof buf, 0), WSAEWOULDBLOCK); /* nothing went out */
    m.namelen = 0;
    ASSERT_EQ(sendmsg_of(tx)(tx, &m, 0, &sent, NULL, NULL), 0);
    ASSERT_EQ(recv(rx, buf, sizeof buf, 0), 3);
    return fx_close(t);
}

/* A68: the message calls are for datagram sockets.  The error is undocumented; the model
 * answers WSAEOPNOTSUPP (the code SDK-RECVMSG names for the nearest case). */
TEST(net_A68_recvmsg_sendmsg_on_stream_fail) {
    wt_target *t = fx_open(NULL);
    tcp_pair p = connect_pair(AF_INET, 8400, WSA_FLAG_OVERLAPPED);
    ASSERT_EQ(send(p.client, "abc", 3, 0), 3);
    char buf[8];
    WSAMSG m = message(buf, sizeof buf, NULL, 0);
    DWORD bytes = 0;
    expect_error(recvmsg_of(p.server)(p.server, &m, &bytes, NULL, NULL), WSAEOPNOTSUPP);
    expect_error(sendmsg_of(p.server)(p.server, &m, 0, &bytes, NULL, NULL), WSAEOPNOTSUPP);
    ASSERT_EQ(recv(p.server, buf, sizeof buf, 0), 3); /* the stream is untouched */
    return fx_close(t);
}

/* Autobind never hands out a port that a connected socket still has.  Before, a connected
 * client left the port index, and once the 16,384 ephemeral ports had wrapped a new connect
 * took a live connection's address: two flows of a 10,000-flow chain shared one, and the
 * chain runner saw false wrong-path and looped verdicts.  Here every port of the range is
 * held by a connected client; the next connect must fail with WSAENOBUFS (KB 196271), not reuse one. */
TEST(net_tcp_autobind_skips_ports_of_connected_sockets) {
    wt_target *t = fx_open(NULL);
    SOCKET l = bound(AF_INET, SOCK_STREAM, 9000, 0);
    ASSERT_EQ(listen(l, SOMAXCONN), 0);
    SOCKADDR_STORAGE a;
    int len = loop_addr(AF_INET, 9000, &a);
    enum { RANGE = 16384 };
    static unsigned char seen[65536];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < RANGE; i++) {
        SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
        ASSERT(c != INVALID_SOCKET);
        ASSERT_EQ(connect(c, (struct sockaddr *)&a, len), 0);
        USHORT p = port_of(c);
        ASSERT_GE(p, 49152);
        ASSERT_EQ(seen[p], 0); /* each connected client has a port of its own */
        seen[p] = 1;
    }
    SOCKET extra = socket(AF_INET, SOCK_STREAM, 0);
    expect_error(connect(extra, (struct sockaddr *)&a, len), WSAENOBUFS);
    return fx_close(t);
}

/* A bind to port 0 is not handed the port a connected client holds either: the client's
 * address is 127.0.0.1, the bind's the wildcard, and the two overlap.  Before, once the range
 * had wrapped, the bound socket and the client shared 127.0.0.1 and one port. */
TEST(net_bind_port_zero_skips_ports_of_connected_sockets) {
    wt_target *t = fx_open(NULL);
    SOCKET l = bound(AF_INET, SOCK_STREAM, 9001, 0);
    ASSERT_EQ(listen(l, SOMAXCONN), 0);
    SOCKADDR_STORAGE a;
    int len = loop_addr(AF_INET, 9001, &a);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, len), 0);
    USHORT held = port_of(c);
    for (int i = 0; i < 16385; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
        SOCKADDR_IN any = {.sin_family = AF_INET};
        ASSERT_EQ(bind(s, (struct sockaddr *)&any, sizeof any), 0);
        ASSERT_NE(port_of(s), held);
        closesocket(s);
    }
    return fx_close(t);
}

/* A leak inside a world's life: one reference more on a connection's flow, as a release
 * forgotten on some path would leave.  The world frees the flow when it ends, so the model's
 * block count is back where it was; closing the target still reports it, because the flow
 * outlived every handle (wt_model_held_at_close).  A connection closed as it is reports nothing. */
TEST(net_flow_held_after_every_handle_closed_is_reported) {
    char text[512];
    wt_model_held_at_close(NULL, 0);
    fx_conn clean = fx_connection(AF_INET, 0);
    fx_close(clean.t);
    EXPECT_MSG(wt_model_held_at_close(text, sizeof text) == 0, "held: %s", text);
    long live = wt_model_live_blocks();
    fx_conn c = fx_connection(AF_INET, 0);
    ms_world *w = ms_world_current();
    ms_lock(w);
    ms_socket *sk = ms_socket_get_locked(w, c.s);
    ASSERT(sk && sk->flow);
    ms_flow_ref(sk->flow);
    ms_unlock(w);
    fx_close(c.t);
    EXPECT(wt_model_live_blocks() == live); /* what the runner's first leak check sees: nothing */
    EXPECT(wt_model_held_at_close(text, sizeof text) > 0);
    EXPECT_HAS(text, "1 flow(s)");
    return 0;
}

/* The same for an operation: one that no socket holds (a free forgotten on an error path, as
 * mutant z2 of seed 23 forgot ConnectEx's) is reclaimed when the world ends, so only the
 * report of what the world held shows it.  One still pending on an open socket is not a leak:
 * it goes with its socket, as at process exit. */
TEST(net_operation_held_after_every_handle_closed_is_reported) {
    char text[512];
    wt_model_held_at_close(NULL, 0);
    long live = wt_model_live_blocks();
    fx_conn c = fx_connection(AF_INET, 0);
    ms_world *w = ms_world_current();
    ms_lock(w);
    ms_socket *sk = ms_socket_get_locked(w, c.s);
    ASSERT(sk);
    ms_op_pend_locked(w, ms_op_new(w, OP_RECV, sk)); /* pending on a socket left open */
    ms_op *lost = ms_op_new(w, OP_CONNECT, sk); /* held by nothing */
    ms_unlock(w);
    ASSERT(lost);
    fx_close(c.t);
    EXPECT(wt_model_live_blocks() == live); /* the world took both back */
    EXPECT(wt_model_held_at_close(text, sizeof text) > 0);
    EXPECT_HAS(text, "net: 1 operation(s)");
    return 0;
}

/* A datagram to a loopback port no socket holds: the next receive fails once with
 * WSAECONNRESET (select sees the socket readable for it), unless SIO_UDP_CONNRESET turned the
 * reports off; a short input is WSAEFAULT. */
TEST(net_udp_connreset_reports_port_unreachable) {
    wt_target *t = fx_open(NULL);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    SOCKADDR_IN a = {.sin_family = AF_INET, .sin_port = htons(7411)}, nobody = a;
    a.sin_addr.s_addr = nobody.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    nobody.sin_port = htons(7412);
    ASSERT_EQ(bind(u, (struct sockaddr *)&a, sizeof a), 0);
    u_long nb = 1;
    ASSERT_EQ(ioctlsocket(u, FIONBIO, &nb), 0);
    ASSERT_EQ(sendto(u, "x", 1, 0, (struct sockaddr *)&nobody, sizeof nobody), 1);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(u, &r);
    struct timeval tv = {0, 0};
    ASSERT_EQ(select(0, &r, NULL, NULL, &tv), 1);
    char buf[8];
    ASSERT_EQ(recvfrom(u, buf, sizeof buf, 0, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAECONNRESET);
    ASSERT_EQ(recvfrom(u, buf, sizeof buf, 0, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    BOOL off = FALSE;
    DWORD n = 7;
    ASSERT_EQ(WSAIoctl(u, SIO_UDP_CONNRESET, &off, 2, NULL, 0, &n, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(WSAIoctl(u, SIO_UDP_CONNRESET, &off, sizeof off, NULL, 0, &n, NULL, NULL), 0);
    ASSERT_EQ(n, 0);
    ASSERT_EQ(sendto(u, "x", 1, 0, (struct sockaddr *)&nobody, sizeof nobody), 1);
    ASSERT_EQ(recvfrom(u, buf, sizeof buf, 0, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    closesocket(u);
    return fx_close(t);
}

/* SIO_KEEPALIVE_VALS sets SO_KEEPALIVE and, in seconds, TCP_KEEPIDLE and TCP_KEEPINTVL;
 * SIO_BASE_HANDLE and SIO_BSP_HANDLE_POLL give the socket itself (the model has no layered
 * provider in the way); short buffers are WSAEFAULT. */
TEST(net_keepalive_vals_and_base_handle) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct tcp_keepalive ka = {1, 30000, 2000};
    DWORD n = 7, v = 0;
    int len = sizeof v;
    ASSERT_EQ(WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, 4, NULL, 0, &n, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &n, NULL, NULL), 0);
    ASSERT_EQ(n, 0);
    ASSERT_EQ(getsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, (char *)&v, &len), 0);
    ASSERT_EQ(v, 30);
    ASSERT_EQ(getsockopt(s, IPPROTO_TCP, TCP_KEEPINTVL, (char *)&v, &len), 0);
    ASSERT_EQ(v, 2);
    v = 0;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&v, &len), 0);
    ASSERT_EQ(v, 1);
    static const DWORD codes[2] = {SIO_BASE_HANDLE, SIO_BSP_HANDLE_POLL};
    for (int i = 0; i < 2; i++) {
        SOCKET base = INVALID_SOCKET;
        ASSERT_EQ(WSAIoctl(s, codes[i], NULL, 0, &base, sizeof base, &n, NULL, NULL), 0);
        ASSERT_EQ(base, s);
        ASSERT_EQ(n, sizeof(SOCKET));
        ASSERT_EQ(WSAIoctl(s, codes[i], NULL, 0, &base, 4, &n, NULL, NULL), SOCKET_ERROR);
        ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    }
    closesocket(s);
    return fx_close(t);
}

/* A socket is inheritable unless made with WSA_FLAG_NO_HANDLE_INHERIT; SetHandleInformation
 * changes the bits of its mask only; a handle the model never gave is ERROR_INVALID_HANDLE. */
TEST(net_handle_information_of_sockets) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    SOCKET n = WSASocketW(AF_INET, SOCK_DGRAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    DWORD f = 7;
    ASSERT_EQ(GetHandleInformation((HANDLE)s, &f), TRUE);
    ASSERT_EQ(f, HANDLE_FLAG_INHERIT);
    ASSERT_EQ(GetHandleInformation((HANDLE)n, &f), TRUE);
    ASSERT_EQ(f, 0);
    ASSERT_EQ(SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0), TRUE);
    ASSERT_EQ(SetHandleInformation((HANDLE)s, HANDLE_FLAG_PROTECT_FROM_CLOSE, 3), TRUE);
    ASSERT_EQ(GetHandleInformation((HANDLE)s, &f), TRUE);
    ASSERT_EQ(f, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    ASSERT_EQ(SetHandleInformation((HANDLE)(uintptr_t)0x1230, HANDLE_FLAG_INHERIT, 0), FALSE);
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    closesocket(n);
    closesocket(s);
    return fx_close(t);
}
