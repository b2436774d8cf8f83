/*
 * test_fidelity.c: unit tests of the model behaving as Windows does where real redirect
 * services were seen to depend on it (issue 13, section 5): a completion port created and
 * associated in one call, the source address a wildcard-bound socket gets at connect, the
 * reset a close with unread data sends, threaded code under the default clock, the knobs
 * being listed, and the original destination's server end handed to a test.
 *
 * Why a file of its own: each test here failed on the model before the fix it names, with
 * plain Winsock code any service has; none needs WFP except the last, which checks that a
 * proxy's relay to the original destination can be observed end to end.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

static int addr_at(int af, const char *ip, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET) {
        SOCKADDR_IN *in = (SOCKADDR_IN *)a;
        in->sin_port = htons(port);
        ASSERT_EQ(inet_pton(AF_INET, ip, &in->sin_addr), 1);
        return sizeof *in;
    }
    SOCKADDR_IN6 *in6 = (SOCKADDR_IN6 *)a;
    in6->sin6_port = htons(port);
    ASSERT_EQ(inet_pton(AF_INET6, ip, &in6->sin6_addr), 1);
    return sizeof *in6;
}

static bool is_wildcard(const SOCKADDR_STORAGE *a) {
    static const UCHAR zero[16];
    if (a->ss_family == AF_INET) return ((const SOCKADDR_IN *)a)->sin_addr.s_addr == 0;
    return memcmp(&((const SOCKADDR_IN6 *)a)->sin6_addr, zero, 16) == 0;
}

static bool same(const char *got, const char *want) { return got && strcmp(got, want) == 0; }

static USHORT port_of(const SOCKADDR_STORAGE *a) { return ntohs(((const SOCKADDR_IN *)a)->sin_port); }

static SOCKET listening(int af, const char *ip, USHORT port) {
    SOCKET l = socket(af, SOCK_STREAM, 0);
    SOCKADDR_STORAGE a;
    int len = addr_at(af, ip, port, &a);
    ASSERT(l != INVALID_SOCKET);
    ASSERT_EQ(bind(l, (struct sockaddr *)&a, len), 0);
    ASSERT_EQ(listen(l, 8), 0);
    return l;
}

/* ---- (a) CreateIoCompletionPort((HANDLE)s, NULL, key, 0): create and associate ---- */
TEST(fidelity_iocp_create_and_associate_in_one_call) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET, &f), WT_OK);
    /* The form most services use: no port yet, so the call makes one for this socket. */
    HANDLE port = CreateIoCompletionPort((HANDLE)(uintptr_t)f.accepted, NULL, (ULONG_PTR)0xC0FFEE, 0);
    ASSERT_NOT_NULL(port);
    char buf[16];
    WSABUF wb = {sizeof buf, buf};
    DWORD flags = 0;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    int r = WSARecv(f.accepted, &wb, 1, NULL, &flags, &ov, NULL);
    ASSERT(r == 0 || WSAGetLastError() == WSA_IO_PENDING);
    ASSERT_EQ(send(f.client, "hello", 5, 0), 5);
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    ASSERT(GetQueuedCompletionStatus(port, &bytes, &key, &got, 0));
    ASSERT_EQ(bytes, 5);
    ASSERT_EQ(key, 0xC0FFEE);
    ASSERT(got == &ov);
    /* A socket has one port: a second association, new port or not, is refused. */
    SetLastError(0);
    ASSERT_NULL(CreateIoCompletionPort((HANDLE)(uintptr_t)f.accepted, NULL, 1, 0));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT(CloseHandle(port));
    return fx_close(t);
}

/* ---- (b) a wildcard-bound socket gets a real source address at connect ---- */
static void wildcard_connect(int af, const char *any, const char *dst, const char *want_src) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listening(af, dst, 8080);
    SOCKET c = socket(af, SOCK_STREAM, 0);
    SOCKADDR_STORAGE a, local, peer, want;
    int len = addr_at(af, any, 0, &a); /* bound before connect, as services bind to choose a port */
    ASSERT_EQ(bind(c, (struct sockaddr *)&a, len), 0);
    len = sizeof local;
    ASSERT_EQ(getsockname(c, (struct sockaddr *)&local, &len), 0);
    ASSERT(is_wildcard(&local));
    USHORT bound_port = port_of(&local);
    len = addr_at(af, dst, 8080, &a);
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, len), 0);
    len = sizeof local;
    ASSERT_EQ(getsockname(c, (struct sockaddr *)&local, &len), 0);
    addr_at(af, want_src, bound_port, &want);
    ASSERT(!is_wildcard(&local));
    ASSERT_EQ(port_of(&local), bound_port); /* the port chosen at bind stays */
    ASSERT_MEM_EQ(&local, &want, (size_t)len);
    /* The server sees the same real address as its peer, never 0.0.0.0 or ::. */
    len = sizeof peer;
    SOCKET s = accept(l, (struct sockaddr *)&peer, &len);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_MEM_EQ(&peer, &want, (size_t)len);
    wt_close(t);
}

TEST(fidelity_wildcard_bound_tcp_gets_source_address_v4) {
    wildcard_connect(AF_INET, "0.0.0.0", "127.0.0.1", "127.0.0.1");
    wildcard_connect(AF_INET, "0.0.0.0", "198.51.100.9", "192.0.2.1");
    return 0;
}

TEST(fidelity_wildcard_bound_tcp_gets_source_address_v6) {
    wildcard_connect(AF_INET6, "::", "::1", "::1");
    wildcard_connect(AF_INET6, "::", "2001:db8::9", "2001:db8::1");
    return 0;
}

/* UDP: a datagram from a wildcard-bound socket arrives from a real address, and a connect
 * names the local address as for TCP. */
TEST(fidelity_wildcard_bound_udp_sends_from_source_address) {
    wt_target *t = fx_open(NULL);
    SOCKET srv = socket(AF_INET, SOCK_DGRAM, 0), c = socket(AF_INET, SOCK_DGRAM, 0);
    SOCKADDR_STORAGE a, from, local;
    int len = addr_at(AF_INET, "127.0.0.1", 5300, &a);
    ASSERT_EQ(bind(srv, (struct sockaddr *)&a, len), 0);
    ASSERT_EQ(sendto(c, "q", 1, 0, (struct sockaddr *)&a, len), 1); /* binds c to 0.0.0.0:N */
    char buf[4];
    int flen = sizeof from;
    ASSERT_EQ(recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), 1);
    ASSERT(!is_wildcard(&from));
    ASSERT_EQ(((SOCKADDR_IN *)&from)->sin_addr.s_addr, htonl(0x7f000001));
    /* The reply to that address reaches the sender. */
    ASSERT_EQ(sendto(srv, "r", 1, 0, (struct sockaddr *)&from, flen), 1);
    ASSERT_EQ(recv(c, buf, sizeof buf, 0), 1);
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, len), 0);
    len = sizeof local;
    ASSERT_EQ(getsockname(c, (struct sockaddr *)&local, &len), 0);
    ASSERT(!is_wildcard(&local));
    return fx_close(t);
}

/* ---- (c) closing with unread data resets the peer ---- */
TEST(fidelity_close_with_unread_data_resets_peer) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET, &f), WT_OK);
    ASSERT_EQ(send(f.client, "unread", 6, 0), 6);
    ASSERT_EQ(send(f.accepted, "queued", 6, 0), 6); /* data the client has not read either */
    ASSERT_EQ(closesocket(f.accepted), 0); /* six bytes never read: an abortive close */
    char buf[16];
    ASSERT_EQ(recv(f.client, buf, sizeof buf, 0), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAECONNRESET);
    ASSERT_EQ(send(f.client, "x", 1, 0), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAECONNRESET);
    return fx_close(t);
}

/* A pending overlapped receive of the peer ends with the reset too; a close with nothing
 * unread stays a graceful close (end of stream). */
TEST(fidelity_reset_completes_pending_receive_and_graceful_close_stays) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f, g;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET6, &f), WT_OK);
    char buf[16];
    WSABUF wb = {sizeof buf, buf};
    DWORD flags = 0, bytes = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    ASSERT_EQ(WSARecv(f.client, &wb, 1, NULL, &flags, &ov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(send(f.client, "unread", 6, 0), 6);
    ASSERT_EQ(closesocket(f.accepted), 0);
    ASSERT(!WSAGetOverlappedResult(f.client, &ov, &bytes, FALSE, &flags));
    ASSERT_EQ(WSAGetLastError(), WSAECONNRESET);
    WSACloseEvent(ov.hEvent);
    ASSERT_EQ(wt_tcp_plain(t, AF_INET6, &g), WT_OK);
    ASSERT_EQ(closesocket(g.accepted), 0);
    ASSERT_EQ(recv(g.client, buf, sizeof buf, 0), 0);
    return fx_close(t);
}

/* ---- (d) threaded code under the default clock ---- */
typedef struct connector {
    USHORT port;
    int result;
} connector;

/* Waits before its first Winsock call, so that the main thread is already blocked in accept
 * when this thread enters the model: the order that used to end in a "deadlock". */
static void *connect_later(void *arg) {
    connector *c = arg;
    struct timespec d = {0, 50 * 1000 * 1000};
    nanosleep(&d, NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    SOCKADDR_STORAGE a;
    int len = addr_at(AF_INET, "127.0.0.1", c->port, &a);
    c->result = connect(s, (struct sockaddr *)&a, len) == 0 ? send(s, "t", 1, 0) : -WSAGetLastError();
    return NULL;
}

TEST(fidelity_blocking_accept_satisfied_by_a_later_thread) {
    wt_target *t = fx_open(NULL);
    ASSERT(same(wt_get_knob(t, "clock"), "auto"));
    SOCKET l = listening(AF_INET, "127.0.0.1", 7100);
    connector c = {7100, 0};
    pthread_t th;
    ASSERT_EQ(pthread_create(&th, NULL, connect_later, &c), 0);
    SOCKET s = accept(l, NULL, NULL); /* blocking: only the other thread can satisfy it */
    int err = s == INVALID_SOCKET ? WSAGetLastError() : 0;
    pthread_join(th, NULL);
    ASSERT_EQ(err, 0);
    ASSERT_EQ(c.result, 1);
    char b;
    ASSERT_EQ(recv(s, &b, 1, 0), 1);
    ASSERT_EQ(wt_findings(t, NULL, 0), 0);
    return fx_close(t);
}

/* With nobody else in the process the same wait is a deadlock, and the finding names the
 * knob a threaded program needs. */
TEST(fidelity_deadlock_finding_names_the_clock_knob) {
    wt_target *t = fx_open(NULL);
    SOCKET l = listening(AF_INET, "127.0.0.1", 7101);
    ASSERT_EQ(accept(l, NULL, NULL), INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAETIMEDOUT);
    char text[1024];
    ASSERT_EQ(wt_findings(t, text, sizeof text), 1);
    ASSERT_NOT_NULL(strstr(text, "deadlock"));
    ASSERT_NOT_NULL(strstr(text, "clock=real"));
    ASSERT_EQ(wt_set_knob(t, "clock", "sometimes"), WT_EINVAL);
    ASSERT_NOT_NULL(strstr(wt_error(), "auto, virtual or real"));
    ASSERT_EQ(wt_set_knob(t, "clock", "real"), WT_OK);
    ASSERT(same(wt_get_knob(t, "clock"), "real"));
    return fx_close(t);
}

/* Every knob wt_set_knob takes is listed with a description, the model's own included. */
TEST(fidelity_every_knob_is_listed) {
    wt_target *t = fx_open(NULL);
    bool clock = false, transport = false;
    for (int i = 0; i < wt_knob_count(); i++) {
        const char *name = wt_knob_name(i);
        ASSERT_NOT_NULL(name);
        ASSERT(wt_knob_doc(i) && strlen(wt_knob_doc(i)) > 10);
        ASSERT_NOT_NULL(wt_get_knob(t, name));
        clock |= strcmp(name, "clock") == 0;
        transport |= strcmp(name, "transport") == 0;
    }
    ASSERT(clock && transport);
    ASSERT_NULL(wt_knob_name(wt_knob_count()));
    ASSERT(same(wt_get_knob(t, "transport"), "sim"));
    /* a value that is neither is refused and changes nothing ("every error names its input";
     * mutation testing, seed 14: a stack that took "tcp" as os and "simple" as sim passed every
     * case, which set only the two valid values) */
    ASSERT_EQ(wt_set_knob(t, "transport", "tcp"), WT_EINVAL);
    ASSERT_NOT_NULL(strstr(wt_error(), "sim or os"));
    ASSERT_EQ(wt_set_knob(t, "transport", "simple"), WT_EINVAL);
    ASSERT(same(wt_get_knob(t, "transport"), "sim"));
    return fx_close(t);
}

/* ---- (e) the original destination's server end ---- */
TEST(fidelity_proxy_relay_reaches_the_server_end) {
    wt_target *t = fx_open(NULL);
    for (int af = AF_INET; af; af = af == AF_INET ? AF_INET6 : 0) {
        wt_tcp_flow f;
        ASSERT_EQ(wt_tcp_redirected(t, af, 0, &f), WT_OK);
        ASSERT(f.server_listener != INVALID_SOCKET);
        /* The proxy relays as WFPSampler's does: the records on its outbound socket, then a
         * connect to the original destination, which its own callout lets through. */
        char rec[8192];
        DWORD n = 0;
        ASSERT_EQ(
            WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL),
            0);
        SOCKET up = socket(af, SOCK_STREAM, 0);
        DWORD cb = 0;
        ASSERT_EQ(WSAIoctl(up, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &cb, NULL, NULL), 0);
        ASSERT_EQ(connect(up, (struct sockaddr *)&f.original_dst, sizeof f.original_dst), 0);
        SOCKET server = accept(f.server_listener, NULL, NULL);
        ASSERT(server != INVALID_SOCKET);
        char b[8];
        ASSERT_EQ(send(f.client, "ping", 4, 0), 4);
        ASSERT_EQ(recv(f.accepted, b, sizeof b, 0), 4);
        ASSERT_EQ(send(up, b, 4, 0), 4);
        ASSERT_EQ(recv(server, b, sizeof b, 0), 4);
        ASSERT_MEM_EQ(b, "ping", 4);
        ASSERT_EQ(send(server, "pong", 4, 0), 4);
        ASSERT_EQ(recv(up, b, sizeof b, 0), 4);
        ASSERT_MEM_EQ(b, "pong", 4);
    }
    return fx_close(t);
}

/* A non-blocking connect answers WSAEWOULDBLOCK even where the model settles it at once (the
 * connect page); the outcome shows afterwards: writable when connected; exceptfds and SO_ERROR
 * (read once) when refused. */
TEST(fidelity_nonblocking_connect_answers_wouldblock_then_reports) {
    wt_target *t = fx_open(NULL);
    SOCKADDR_IN a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = htons(50631)};
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0), s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(bind(l, (struct sockaddr *)&a, sizeof a), 0);
    ASSERT_EQ(listen(l, 4), 0);
    u_long on = 1;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &on), 0);
    ASSERT_EQ(connect(s, (struct sockaddr *)&a, sizeof a), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    fd_set wr, ex;
    FD_ZERO(&wr);
    FD_SET(s, &wr);
    struct timeval tv = {1, 0};
    ASSERT_EQ(select(0, NULL, &wr, NULL, &tv), 1);
    ASSERT_EQ(connect(s, (struct sockaddr *)&a, sizeof a), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEISCONN);
    SOCKET r = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(ioctlsocket(r, FIONBIO, &on), 0);
    a.sin_port = htons(50632); /* nobody listens */
    ASSERT_EQ(connect(r, (struct sockaddr *)&a, sizeof a), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    FD_ZERO(&ex);
    FD_SET(r, &ex);
    ASSERT_EQ(select(0, NULL, NULL, &ex, &tv), 1);
    int err = 0, len = sizeof err;
    ASSERT_EQ(getsockopt(r, SOL_SOCKET, SO_ERROR, (char *)&err, &len), 0);
    ASSERT_EQ(err, WSAECONNREFUSED);
    ASSERT_EQ(getsockopt(r, SOL_SOCKET, SO_ERROR, (char *)&err, &len), 0);
    ASSERT_EQ(err, 0);
    closesocket(r);
    closesocket(s);
    closesocket(l);
    return fx_close(t);
}

/* fail_alloc: exactly the n-th allocation from now fails, once; the knob reads back armed,
 * then fired; anything but a count is refused; wt_close switches it off. */
TEST(fidelity_fail_alloc_fails_the_nth_allocation_once) {
    wt_target *t = fx_open(NULL);
    ASSERT(same(wt_get_knob(t, "fail_alloc"), "off"));
    ASSERT_EQ(wt_set_knob(t, "fail_alloc", "-1"), WT_EINVAL);
    ASSERT_EQ(wt_set_knob(t, "fail_alloc", "3x"), WT_EINVAL);
    ASSERT_EQ(wt_set_knob(t, "fail_alloc", ""), WT_EINVAL);
    ASSERT(same(wt_get_knob(t, "fail_alloc"), "off"));
    ASSERT_EQ(wt_set_knob(t, "fail_alloc", "3"), WT_OK);
    ASSERT(same(wt_get_knob(t, "fail_alloc"), "armed"));
    SOCKET s[4];
    int failed_at = -1;
    for (int i = 0; i < 4; i++) { /* a socket takes at least one allocation */
        s[i] = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        if (s[i] == INVALID_SOCKET) {
            ASSERT_EQ(failed_at, -1); /* once */
            ASSERT_EQ(WSAGetLastError(), WSAENOBUFS);
            failed_at = i;
        }
    }
    ASSERT(failed_at >= 0 && failed_at <= 2);
    ASSERT(same(wt_get_knob(t, "fail_alloc"), "fired"));
    for (int i = 0; i < 4; i++)
        if (s[i] != INVALID_SOCKET) closesocket(s[i]);
    ASSERT_EQ(wt_set_knob(t, "fail_alloc", "1000000"), WT_OK);
    fx_close(t);
    t = fx_open(NULL); /* the close switched it off */
    ASSERT(same(wt_get_knob(t, "fail_alloc"), "off"));
    return fx_close(t);
}
