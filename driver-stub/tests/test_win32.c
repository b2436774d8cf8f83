/*
 * test_win32.c: unit tests of the kernel32 calls a redirect service makes around Winsock
 * (ws2/win32_calls.c): a thread's handle signalled when it ends, with its exit code; manual-
 * and auto-reset events; a thread blocked on an event another thread sets (real time, as a
 * threaded service needs); recursive critical sections that exclude other threads;
 * GetCurrentProcessId being the PID a callout sees for the caller's sockets; inet_ntop's
 * texts; the clocks; Interlocked*; and WSASendTo/WSARecvFrom, which such a service calls
 * besides WSASend/WSARecv (blocking and overlapped, lpFrom/lpFromlen and their errors).
 *
 * Why: a real-world service compiles against wfpcert/winsock.h only if these are there, and
 * runs only if they behave as on Windows.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/crt.h"
#include "../kernel/kernel.h" /* ms_world_current: whether a world exists yet */

static volatile int ran;
static volatile DWORD ran_as; /* GetCurrentThreadId in the thread */

static DWORD WINAPI returns_seven(LPVOID arg) {
    ran = *(int *)arg;
    ran_as = GetCurrentThreadId();
    return 7;
}

/* Milliseconds on the host's monotonic clock: how long a call really took, whatever the
 * model's virtual clock says. */
static unsigned long long real_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000ull + (unsigned long long)ts.tv_nsec / 1000000ull;
}

TEST(win32_thread_handle_signalled_at_end_with_exit_code) {
    wt_target *t = fx_open(NULL);
    int value = 42;
    DWORD id = 0;
    HANDLE h = CreateThread(NULL, 0, returns_seven, &value, 0, &id);
    ASSERT_NOT_NULL(h);
    ASSERT_NE(id, 0);
    ASSERT_EQ(WaitForSingleObject(h, 10000), WAIT_OBJECT_0);
    ASSERT_EQ(ran, 42);
    ASSERT_EQ(id, ran_as); /* lpThreadId is the thread's own identifier */
    DWORD code = 0;
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 7);
    ASSERT(!SetEvent(h)); /* a thread's handle is no event, and an event no thread */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    ASSERT(!GetExitCodeThread(ev, &code));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    ASSERT(CloseHandle(ev));
    ASSERT(CloseHandle(h));
    ASSERT_EQ(WaitForSingleObject(h, 0), WAIT_FAILED); /* a closed handle */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    ASSERT_NULL(CreateThread(NULL, 0, NULL, NULL, 0, NULL));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    return fx_close(t);
}

TEST(win32_events_manual_and_auto_reset) {
    wt_target *t = fx_open(NULL);
    HANDLE a = CreateEventW(NULL, FALSE, TRUE, NULL), m = CreateEventA(NULL, TRUE, TRUE, NULL);
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(m);
    ASSERT_EQ(WaitForSingleObject(a, 0), WAIT_OBJECT_0);
    ASSERT_EQ(WaitForSingleObject(a, 0), WAIT_TIMEOUT); /* the wait took the auto-reset signal */
    ASSERT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ASSERT_EQ(WaitForSingleObject(m, 0), WAIT_OBJECT_0); /* a manual-reset event stays set */
    ASSERT(ResetEvent(m));
    ASSERT_EQ(WaitForSingleObject(m, 0), WAIT_TIMEOUT);
    HANDLE both[2] = {a, m};
    ASSERT(SetEvent(m));
    ASSERT_EQ(WaitForMultipleObjects(2, both, FALSE, 0), WAIT_OBJECT_0 + 1);
    ASSERT_EQ(WaitForMultipleObjects(2, both, TRUE, 0), WAIT_TIMEOUT);
    ASSERT(SetEvent(a));
    ASSERT_EQ(WaitForMultipleObjects(2, both, TRUE, 0), WAIT_OBJECT_0);
    ASSERT_EQ(WaitForSingleObject(a, 0), WAIT_TIMEOUT); /* consumed by the wait for all */
    /* a name: the process's object, and a second creation finds it (one counted handle) */
    HANDLE g = CreateEventW(NULL, TRUE, FALSE, L"Global\\name");
    ASSERT(g != NULL);
    ASSERT_EQ(GetLastError(), 0);
    ASSERT_EQ(CreateEventW(NULL, FALSE, TRUE, L"Global\\name"), g);
    ASSERT_EQ(GetLastError(), ERROR_ALREADY_EXISTS);
    ASSERT_EQ(WaitForSingleObject(g, 0), WAIT_TIMEOUT); /* the second creation's state ignored */
    ASSERT(CloseHandle(g));
    ASSERT(CloseHandle(g));
    ASSERT(!CloseHandle(g));
    ASSERT_EQ(WaitForMultipleObjects(0, both, FALSE, 0), WAIT_FAILED);
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CloseHandle(a);
    CloseHandle(m);
    return fx_close(t);
}

static HANDLE go;
static DWORD WINAPI waits_for_go(LPVOID arg) {
    (void)arg;
    return WaitForSingleObject(go, INFINITE) == WAIT_OBJECT_0 ? 1 : 2;
}

TEST(win32_thread_blocked_on_event_another_thread_sets) {
    wt_target *t = fx_open(NULL);
    go = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE h = CreateThread(NULL, 0, waits_for_go, NULL, 0, NULL);
    ASSERT_NOT_NULL(h);
    Sleep(20);
    ASSERT_EQ(WaitForSingleObject(h, 0), WAIT_TIMEOUT); /* still waiting */
    ASSERT(SetEvent(go));
    ASSERT_EQ(WaitForSingleObject(h, 10000), WAIT_OBJECT_0);
    DWORD code = 0;
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 1);
    return fx_close(t);
}

static CRITICAL_SECTION cs;
static DWORD WINAPI try_enter(LPVOID arg) {
    (void)arg;
    if (!TryEnterCriticalSection(&cs)) return 0;
    LeaveCriticalSection(&cs);
    return 1;
}

TEST(win32_critical_section_recursive_and_exclusive) {
    wt_target *t = fx_open(NULL);
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ASSERT(TryEnterCriticalSection(&cs)); /* the owner may enter again */
    DWORD code = 9;
    HANDLE h = CreateThread(NULL, 0, try_enter, NULL, 0, NULL);
    ASSERT_EQ(WaitForSingleObject(h, 10000), WAIT_OBJECT_0);
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 0); /* held by this thread: another cannot enter */
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    h = CreateThread(NULL, 0, try_enter, NULL, 0, NULL);
    ASSERT_EQ(WaitForSingleObject(h, 10000), WAIT_OBJECT_0);
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 1);
    DeleteCriticalSection(&cs);
    return fx_close(t);
}

TEST(win32_process_id_clocks_and_inet_ntop) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(GetCurrentProcessId(), wt_process_id(t, WT_PROCESS_SELF));
    LARGE_INTEGER f, c1, c2;
    ASSERT(QueryPerformanceFrequency(&f));
    ASSERT_EQ(f.QuadPart, 10000000);
    ASSERT(QueryPerformanceCounter(&c1));
    ULONGLONG t1 = GetTickCount64();
    ASSERT(QueryPerformanceCounter(&c2));
    ASSERT_GE(c2.QuadPart, c1.QuadPart);
    ASSERT_GE(GetTickCount64(), t1);
    static const struct {
        int af;
        unsigned char b[16];
        const char *text;
    } cases[] = {
        {AF_INET, {198, 51, 100, 7}, "198.51.100.7"},
        {AF_INET6, {[15] = 1}, "::1"},
        {AF_INET6, {0}, "::"},
        {AF_INET6, {0x20, 0x01, 0x0d, 0xb8, [15] = 7}, "2001:db8::7"},
        {AF_INET6, {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3}, "1:0:0:2::3"},
        {AF_INET6, {[10] = 0xff, [11] = 0xff, [12] = 1, [13] = 2, [14] = 3, [15] = 4}, "::ffff:1.2.3.4"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *r = inet_ntop(cases[i].af, cases[i].b, buf, sizeof buf);
        ASSERT_NOT_NULL(r);
        if (strcmp(r, cases[i].text) != 0) fprintf(stderr, "inet_ntop: %s, want %s\n", r, cases[i].text);
        ASSERT(strcmp(r, cases[i].text) == 0);
    }
    ASSERT_NULL(inet_ntop(AF_INET, cases[0].b, buf, 12)); /* "198.51.100.7" needs 13 bytes */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT_NOT_NULL(inet_ntop(AF_INET, cases[0].b, buf, 13));
    ASSERT_NULL(inet_ntop(AF_INET, cases[0].b, NULL, 16)); /* a NULL buffer or size 0: the parameter */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT_NULL(inet_ntop(AF_INET, cases[0].b, buf, 0));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT_NULL(inet_ntop(99, cases[0].b, buf, sizeof buf));
    ASSERT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    return fx_close(t);
}

TEST(win32_getaddrinfo_numeric_and_localhost) {
    ADDRINFOA hints, *r = NULL;
    /* a Winsock call: before a start it answers WSANOTINITIALISED, its error as its result */
    ASSERT_EQ(getaddrinfo("198.51.100.7", "8080", NULL, &r), WSANOTINITIALISED);
    wt_target *t = fx_open(NULL);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    ASSERT_EQ(getaddrinfo("198.51.100.7", "8080", &hints, &r), 0);
    ASSERT_NOT_NULL(r);
    ASSERT_EQ(r->ai_family, AF_INET);
    ASSERT_EQ(r->ai_socktype, SOCK_STREAM);
    ASSERT_EQ(r->ai_addrlen, sizeof(struct sockaddr_in));
    const struct sockaddr_in *a = (const struct sockaddr_in *)r->ai_addr;
    ASSERT_EQ(ntohs(a->sin_port), 8080);
    ASSERT_EQ(ntohl(a->sin_addr.s_addr), 0xc6336407u);
    ASSERT_NULL(r->ai_next);
    freeaddrinfo(r);
    hints.ai_family = AF_UNSPEC;
    ASSERT_EQ(getaddrinfo("localhost", "80", &hints, &r), 0);
    ASSERT_EQ(r->ai_family, AF_INET6);
    ASSERT_NOT_NULL(r->ai_next);
    ASSERT_EQ(r->ai_next->ai_family, AF_INET);
    ASSERT_NULL(r->ai_next->ai_next);
    freeaddrinfo(r);
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_INET;
    ASSERT_EQ(getaddrinfo(NULL, "443", &hints, &r), 0);
    ASSERT_EQ(((const struct sockaddr_in *)r->ai_addr)->sin_addr.s_addr, 0); /* the wildcard */
    freeaddrinfo(r);
    hints.ai_flags = 0;
    ASSERT_EQ(getaddrinfo("::1", NULL, &hints, &r), EAI_NONAME); /* an IPv6 literal, IPv4 asked */
    ASSERT_NULL(r);
    ASSERT_EQ(getaddrinfo("proxy.example", "80", NULL, &r), EAI_NONAME); /* no DNS in a model world */
    ASSERT_EQ(getaddrinfo("127.0.0.1", "http", NULL, &r), 0); /* the services file's name */
    ASSERT_EQ(ntohs(((const struct sockaddr_in *)r->ai_addr)->sin_port), 80);
    freeaddrinfo(r);
    ASSERT_EQ(getaddrinfo("127.0.0.1", "no-such-service", NULL, &r), EAI_SERVICE);
    hints.ai_flags = AI_NUMERICSERV; /* a name where a number must be */
    ASSERT_EQ(getaddrinfo("127.0.0.1", "http", &hints, &r), EAI_NONAME);
    hints.ai_flags = 0;
    hints.ai_family = 99;
    ASSERT_EQ(getaddrinfo("127.0.0.1", "80", &hints, &r), EAI_FAMILY);
    return fx_close(t);
}

static volatile LONG counter;
static DWORD WINAPI adds_many(LPVOID arg) {
    (void)arg;
    for (int i = 0; i < 100000; i++) InterlockedIncrement(&counter);
    for (int i = 0; i < 50000; i++) InterlockedExchangeAdd(&counter, -1);
    return 0;
}

TEST(win32_interlocked_values_and_atomicity) {
    volatile LONG v = 5;
    ASSERT_EQ(InterlockedIncrement(&v), 6); /* the new value */
    ASSERT_EQ(InterlockedDecrement(&v), 5);
    ASSERT_EQ(InterlockedExchange(&v, 9), 5); /* the old value */
    ASSERT_EQ(InterlockedExchangeAdd(&v, 3), 9);
    ASSERT_EQ(v, 12);
    ASSERT_EQ(InterlockedCompareExchange(&v, 1, 7), 12); /* no match: unchanged, the old value */
    ASSERT_EQ(v, 12);
    ASSERT_EQ(InterlockedCompareExchange(&v, 1, 12), 12);
    ASSERT_EQ(v, 1);
    v = 0x7fffffff;
    ASSERT_EQ(InterlockedIncrement(&v), (LONG)0x80000000u); /* LONG is 32 bits and wraps */
    volatile LONGLONG q = 0x100000000ll;
    ASSERT_EQ(InterlockedIncrement64(&q), 0x100000001ll);
    ASSERT_EQ(InterlockedDecrement64(&q), 0x100000000ll);
    ASSERT_EQ(InterlockedExchangeAdd64(&q, 0x100000000ll), 0x100000000ll);
    ASSERT_EQ(InterlockedExchange64(&q, 3), 0x200000000ll);
    ASSERT_EQ(InterlockedCompareExchange64(&q, 4, 3), 3);
    ASSERT_EQ(q, 4);
    int a, b;
    PVOID volatile p = &a;
    ASSERT(InterlockedExchangePointer(&p, &b) == &a);
    ASSERT(InterlockedCompareExchangePointer(&p, &a, &a) == &b); /* no match */
    ASSERT(p == &b);
    ASSERT(InterlockedCompareExchangePointer(&p, NULL, &b) == &b);
    ASSERT(p == NULL);
    /* Four threads racing: no update is lost. */
    wt_target *t = fx_open(NULL);
    HANDLE h[4];
    for (int i = 0; i < 4; i++) ASSERT_NOT_NULL(h[i] = CreateThread(NULL, 0, adds_many, NULL, 0, NULL));
    ASSERT_EQ(WaitForMultipleObjects(4, h, TRUE, 60000), WAIT_OBJECT_0);
    ASSERT_EQ(counter, 4 * 50000);
    return fx_close(t);
}

/* ------------------------------------------------ WSASendTo and WSARecvFrom */
static SOCKET udp_bound(SOCKADDR_IN *a) {
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof *a;
    if (bind(s, (struct sockaddr *)a, sizeof *a) || getsockname(s, (struct sockaddr *)a, &len)) return INVALID_SOCKET;
    return s;
}

static int last_error_of(int r) { return r == SOCKET_ERROR ? WSAGetLastError() : 0; }

TEST(win32_wsasendto_wsarecvfrom_blocking) {
    wt_target *t = fx_open(NULL);
    SOCKADDR_IN ra, ta;
    SOCKET rx = udp_bound(&ra), tx = udp_bound(&ta), unbound = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT(rx != INVALID_SOCKET && tx != INVALID_SOCKET);
    char one[] = "ab", two[] = "cde", in[16];
    WSABUF out[2] = {{2, one}, {3, two}}, buf = {sizeof in, in};
    DWORD sent = 0, got = 0, flags = 0;
    SOCKADDR_STORAGE from;
    int fromlen = sizeof from;
    ASSERT_EQ(
        last_error_of(WSARecvFrom(unbound, &buf, 1, &got, &flags, (struct sockaddr *)&from, &fromlen, NULL, NULL)),
        WSAEINVAL); /* not bound */
    ASSERT_EQ(WSASendTo(tx, out, 2, &sent, 0, (struct sockaddr *)&ra, sizeof ra, NULL, NULL), 0);
    ASSERT_EQ(sent, 5);
    /* lpFromlen that cannot hold the peer's address, or none: WSAEFAULT, the datagram stays */
    fromlen = 8;
    ASSERT_EQ(last_error_of(WSARecvFrom(rx, &buf, 1, &got, &flags, (struct sockaddr *)&from, &fromlen, NULL, NULL)),
              WSAEFAULT);
    ASSERT_EQ(fromlen, 8);
    ASSERT_EQ(last_error_of(WSARecvFrom(rx, &buf, 1, &got, &flags, (struct sockaddr *)&from, NULL, NULL, NULL)),
              WSAEFAULT);
    fromlen = sizeof from;
    ASSERT_EQ(last_error_of(WSARecvFrom(rx, &buf, 1, wt_unmapped_address(t), &flags, (struct sockaddr *)&from, &fromlen,
                                        NULL, NULL)),
              WSAEFAULT); /* a count it cannot write */
    flags = 0;
    ASSERT_EQ(WSARecvFrom(rx, &buf, 1, &got, &flags, (struct sockaddr *)&from, &fromlen, NULL, NULL), 0);
    ASSERT_EQ(got, 5);
    /* no count at all on a blocking call: the pages do not forbid it, and the data is taken
     * (M.WSARecvFrom.null-count) */
    char again[4] = {0};
    WSABUF again_buf = {sizeof again, again};
    ASSERT_EQ(WSASendTo(tx, out, 1, &sent, 0, (struct sockaddr *)&ra, sizeof ra, NULL, NULL), 0);
    ASSERT_EQ(WSARecvFrom(rx, &again_buf, 1, NULL, &flags, NULL, NULL, NULL, NULL), 0);
    ASSERT(memcmp(again, "ab", 2) == 0);
    ASSERT(memcmp(in, "abcde", 5) == 0);
    ASSERT_EQ(fromlen, sizeof(SOCKADDR_IN));
    ASSERT_EQ(((SOCKADDR_IN *)&from)->sin_port, ta.sin_port);
    ASSERT_EQ(flags, 0);
    /* lpTo too short for the family, no destination on an unconnected socket */
    ASSERT_EQ(last_error_of(WSASendTo(tx, out, 1, &sent, 0, (struct sockaddr *)&ra, 8, NULL, NULL)), WSAEFAULT);
    ASSERT_EQ(last_error_of(WSASendTo(tx, out, 1, &sent, 0, NULL, 0, NULL, NULL)), WSAENOTCONN);
    /* sendto and recvfrom are the same calls */
    ASSERT_EQ(sendto(tx, "xyz", 3, 0, (struct sockaddr *)&ra, sizeof ra), 3);
    fromlen = sizeof(SOCKADDR_IN) - 1;
    ASSERT_EQ(last_error_of(recvfrom(rx, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen)), WSAEFAULT);
    fromlen = sizeof from;
    ASSERT_EQ(recvfrom(rx, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen), 3);
    u_long on = 1;
    ASSERT_EQ(ioctlsocket(rx, FIONBIO, &on), 0);
    ASSERT_EQ(last_error_of(recvfrom(rx, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen)), WSAEWOULDBLOCK);
    /* A connection ignores the addresses; an unconnected stream socket is WSAENOTCONN. */
    SOCKET tcp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(last_error_of(WSASendTo(tcp, out, 1, &sent, 0, (struct sockaddr *)&ra, sizeof ra, NULL, NULL)),
              WSAENOTCONN);
    ASSERT_EQ(last_error_of(WSARecvFrom(tcp, &buf, 1, &got, &flags, NULL, NULL, NULL, NULL)), WSAENOTCONN);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET, &f), 0);
    int junk = 3;
    ASSERT_EQ(WSASendTo(f.client, out, 2, &sent, 0, (struct sockaddr *)&junk, sizeof junk, NULL, NULL), 0);
    ASSERT_EQ(sent, 5);
    fromlen = 1;
    ASSERT_EQ(recvfrom(f.accepted, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen), 5);
    ASSERT_EQ(fromlen, 1); /* untouched */
    closesocket(tcp);
    closesocket(unbound);
    return fx_close(t);
}

TEST(win32_wsasendto_wsarecvfrom_overlapped) {
    wt_target *t = fx_open(NULL);
    SOCKADDR_IN ra, ta;
    SOCKET rx = udp_bound(&ra), tx = udp_bound(&ta); /* socket() makes overlapped sockets */
    ASSERT(rx != INVALID_SOCKET && tx != INVALID_SOCKET);
    char in[16];
    WSABUF buf = {sizeof in, in}, out = {4, "ping"};
    DWORD flags = 0, cb = 0, fl = 0;
    SOCKADDR_STORAGE from;
    memset(&from, 0, sizeof from);
    int fromlen = sizeof from;
    /* event: pends, from written when the datagram comes */
    OVERLAPPED ov = fx_overlapped();
    ov.hEvent = WSACreateEvent();
    ASSERT_EQ(last_error_of(WSARecvFrom(rx, &buf, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &ov, NULL)),
              WSA_IO_PENDING);
    ASSERT_EQ(fromlen, sizeof from);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE), WSA_WAIT_TIMEOUT);
    ASSERT(!WSAGetOverlappedResult(rx, &ov, &cb, FALSE, &fl));
    ASSERT_EQ(WSAGetLastError(), WSA_IO_INCOMPLETE);
    DWORD sent = 0;
    ASSERT_EQ(WSASendTo(tx, &out, 1, &sent, 0, (struct sockaddr *)&ra, sizeof ra, NULL, NULL), 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT(WSAGetOverlappedResult(rx, &ov, &cb, FALSE, &fl));
    ASSERT_EQ(cb, 4);
    ASSERT(memcmp(in, "ping", 4) == 0);
    ASSERT_EQ(fromlen, sizeof(SOCKADDR_IN));
    ASSERT_EQ(((SOCKADDR_IN *)&from)->sin_port, ta.sin_port);
    /* completion routine: runs in an alertable wait with the byte count */
    memset(&fx_done, 0, sizeof fx_done);
    memset(&from, 0, sizeof from);
    fromlen = sizeof from;
    OVERLAPPED ov2 = fx_overlapped();
    ASSERT_EQ(
        last_error_of(WSARecvFrom(rx, &buf, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &ov2, fx_routine)),
        WSA_IO_PENDING);
    WSABUF out3 = {3, "abc"};
    ASSERT_EQ(WSASendTo(tx, &out3, 1, &sent, 0, (struct sockaddr *)&ra, sizeof ra, NULL, NULL), 0);
    ASSERT_EQ(fx_done.calls, 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(fx_done.calls, 1);
    ASSERT_EQ(fx_done.bytes, 3);
    ASSERT_EQ(fx_done.error, 0);
    ASSERT(fx_done.ov == &ov2);
    ASSERT_EQ(((SOCKADDR_IN *)&from)->sin_port, ta.sin_port);
    /* an overlapped send completes at once and still signals (A21) */
    OVERLAPPED ov3 = fx_overlapped();
    ov3.hEvent = WSACreateEvent();
    ASSERT_EQ(WSASendTo(tx, &out, 1, NULL, 0, (struct sockaddr *)&ra, sizeof ra, &ov3, NULL), 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &ov3.hEvent, FALSE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT(WSAGetOverlappedResult(tx, &ov3, &cb, FALSE, &fl));
    ASSERT_EQ(cb, 4);
    memset(&fx_done, 0, sizeof fx_done);
    OVERLAPPED ov4 = fx_overlapped();
    ASSERT_EQ(WSASendTo(tx, &out3, 1, NULL, 0, (struct sockaddr *)&ra, sizeof ra, &ov4, fx_routine), 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(fx_done.calls, 1);
    ASSERT_EQ(fx_done.bytes, 3);
    /* a bad lpFromlen fails at once: nothing pends, nothing completes later */
    OVERLAPPED ov5 = fx_overlapped();
    fromlen = 2;
    ASSERT_EQ(last_error_of(WSARecvFrom(rx, &buf, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &ov5, NULL)),
              WSAEFAULT);
    ASSERT_EQ(ov5.Internal, 0);
    fromlen = sizeof from;
    int r = last_error_of(WSARecvFrom(rx, &buf, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &ov5, NULL));
    ASSERT(r == 0 || r == WSA_IO_PENDING); /* data waiting: done at once, reported either way */
    ASSERT(WSAGetOverlappedResult(rx, &ov5, &cb, FALSE, &fl)); /* the datagram of ov3, still there */
    ASSERT_EQ(cb, 4);
    WSACloseEvent(ov.hEvent);
    WSACloseEvent(ov3.hEvent);
    return fx_close(t);
}

/* ------------------------------------------ SRW locks and condition variables */
static SRWLOCK srw = SRWLOCK_INIT;
static volatile LONG got_shared;
static DWORD WINAPI try_both(LPVOID arg) {
    (void)arg;
    DWORD r = TryAcquireSRWLockShared(&srw) ? 1 : 0;
    if (r) ReleaseSRWLockShared(&srw);
    if (TryAcquireSRWLockExclusive(&srw)) {
        r |= 2;
        ReleaseSRWLockExclusive(&srw);
    }
    return r;
}
static DWORD WINAPI blocks_shared(LPVOID arg) {
    (void)arg;
    AcquireSRWLockShared(&srw);
    InterlockedExchange(&got_shared, 1);
    ReleaseSRWLockShared(&srw);
    return 0;
}
static DWORD thread_result(DWORD (*fn)(LPVOID)) {
    DWORD code = 99;
    HANDLE h = CreateThread(NULL, 0, fn, NULL, 0, NULL);
    if (WaitForSingleObject(h, 10000) != WAIT_OBJECT_0 || !GetExitCodeThread(h, &code)) code = 98;
    CloseHandle(h);
    return code;
}

TEST(win32_srw_lock_shared_and_exclusive) {
    wt_target *t = fx_open(NULL);
    ASSERT(TryAcquireSRWLockShared(&srw));
    ASSERT(TryAcquireSRWLockShared(&srw)); /* shared owners share */
    ASSERT(!TryAcquireSRWLockExclusive(&srw));
    ASSERT_EQ(thread_result(try_both), 1); /* another thread: shared yes, exclusive no */
    ReleaseSRWLockShared(&srw);
    ReleaseSRWLockShared(&srw);
    ASSERT_EQ(thread_result(try_both), 3);
    AcquireSRWLockExclusive(&srw);
    ASSERT(!TryAcquireSRWLockShared(&srw));
    ASSERT(!TryAcquireSRWLockExclusive(&srw)); /* not recursive */
    ASSERT_EQ(thread_result(try_both), 0);
    HANDLE h = CreateThread(NULL, 0, blocks_shared, NULL, 0, NULL);
    Sleep(30);
    ASSERT_EQ(got_shared, 0); /* blocked behind the exclusive owner */
    ReleaseSRWLockExclusive(&srw);
    ASSERT_EQ(WaitForSingleObject(h, 10000), WAIT_OBJECT_0);
    ASSERT_EQ(got_shared, 1);
    InitializeSRWLock(&srw);
    ASSERT(TryAcquireSRWLockExclusive(&srw));
    ReleaseSRWLockExclusive(&srw);
    return fx_close(t);
}

static CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
static volatile LONG tickets, sleeping, returns, served;
static DWORD WINAPI consumer(LPVOID arg) {
    (void)arg;
    AcquireSRWLockExclusive(&srw);
    while (tickets == 0) {
        InterlockedIncrement(&sleeping);
        BOOL ok = SleepConditionVariableSRW(&cv, &srw, INFINITE, 0);
        InterlockedDecrement(&sleeping);
        InterlockedIncrement(&returns);
        if (!ok) break;
    }
    if (tickets) tickets--, InterlockedIncrement(&served);
    ReleaseSRWLockExclusive(&srw);
    return 0;
}
static bool settles(volatile LONG *v, LONG want) {
    for (int i = 0; i < 1000 && *v != want; i++) Sleep(5);
    return *v == want;
}

TEST(win32_condition_variable_wakes_one_then_all) {
    wt_target *t = fx_open(NULL);
    InitializeSRWLock(&srw);
    HANDLE h[2];
    for (int i = 0; i < 2; i++) ASSERT_NOT_NULL(h[i] = CreateThread(NULL, 0, consumer, NULL, 0, NULL));
    ASSERT(settles(&sleeping, 2));
    AcquireSRWLockExclusive(&srw);
    tickets = 1;
    WakeConditionVariable(&cv); /* the lock is held: the sleeper returns only once it is let go */
    Sleep(20);
    ASSERT_EQ(returns, 0);
    ReleaseSRWLockExclusive(&srw);
    ASSERT(settles(&served, 1));
    Sleep(30);
    ASSERT_EQ(returns, 1); /* one woken, the other still asleep */
    ASSERT_EQ(sleeping, 1);
    AcquireSRWLockExclusive(&srw);
    tickets = 1;
    ReleaseSRWLockExclusive(&srw);
    WakeAllConditionVariable(&cv);
    ASSERT_EQ(WaitForMultipleObjects(2, h, TRUE, 10000), WAIT_OBJECT_0);
    ASSERT_EQ(served, 2);
    ASSERT_EQ(returns, 2);
    return fx_close(t);
}

/* A program may wait on a condition variable before anything has made a world (before
 * WSAStartup, say); the sleep then runs on the real clock alone, and its time-out must still
 * end it. */
TEST(win32_condition_variable_times_out_before_any_world) {
    CRITICAL_SECTION c;
    CONDITION_VARIABLE v;
    InitializeCriticalSection(&c);
    InitializeConditionVariable(&v);
    EnterCriticalSection(&c);
    ASSERT(ms_world_current() == NULL); /* the path this test is for */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    SetLastError(0);
    ASSERT(!SleepConditionVariableCS(&v, &c, 30));
    ASSERT_EQ(GetLastError(), ERROR_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    ASSERT(ms >= 25);
    ASSERT_EQ(c.RecursionCount, 1); /* held again */
    LeaveCriticalSection(&c);
    DeleteCriticalSection(&c);
    return 0;
}

TEST(win32_condition_variable_cs_timeout_and_deadlock_in_virtual_time) {
    wt_target *t = fx_open(NULL); /* no thread started: the virtual clock */
    CRITICAL_SECTION c;
    CONDITION_VARIABLE v;
    InitializeCriticalSection(&c);
    InitializeConditionVariable(&v);
    EnterCriticalSection(&c);
    SetLastError(0);
    ULONGLONG t0 = GetTickCount64(), real0 = real_ms();
    ASSERT(!SleepConditionVariableCS(&v, &c, 5000)); /* nothing can wake it: over at once */
    ASSERT_EQ(GetLastError(), ERROR_TIMEOUT);
    ASSERT(real_ms() - real0 < 2500);
    ASSERT_GE(GetTickCount64() - t0, 5000); /* the time-out passed on the virtual clock */
    ASSERT_EQ(c.RecursionCount, 1); /* held again */
    int has = 0;
    ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
    ASSERT(!SleepConditionVariableCS(&v, &c, INFINITE));
    ASSERT(fx_findings(t, "deadlock", &has) > 0);
    ASSERT(has);
    ASSERT_EQ(c.RecursionCount, 1);
    LeaveCriticalSection(&c);
    WakeConditionVariable(&v); /* no sleeper: nothing to do */
    DeleteCriticalSection(&c);
    return fx_close(t);
}

/* A mutex: recursive for its owner, ERROR_NOT_OWNER for anyone else, abandoned by a thread
 * that ends owning it (the next wait answers WAIT_ABANDONED_0 + i and owns it). */
static HANDLE shared_mutex;
static DWORD WINAPI mutex_other_thread(LPVOID arg) {
    int step = *(int *)arg;
    if (step == 0) { /* the main thread owns it */
        DWORD r = WaitForSingleObject(shared_mutex, 0);
        SetLastError(0);
        BOOL rel = ReleaseMutex(shared_mutex);
        return r == WAIT_TIMEOUT && !rel && GetLastError() == ERROR_NOT_OWNER ? 1 : 0;
    }
    return WaitForSingleObject(shared_mutex, 0) == WAIT_OBJECT_0 ? 1 : 0; /* and ends owning it */
}

static DWORD run_thread(LPTHREAD_START_ROUTINE fn, int step) {
    HANDLE th = CreateThread(NULL, 0, fn, &step, 0, NULL);
    ASSERT_NOT_NULL(th);
    ASSERT_EQ(WaitForSingleObject(th, 10000), WAIT_OBJECT_0);
    DWORD code = 0;
    ASSERT(GetExitCodeThread(th, &code));
    CloseHandle(th);
    return code;
}

TEST(win32_mutex_recursive_owned_and_abandoned) {
    wt_target *t = fx_open(NULL);
    shared_mutex = CreateMutexW(NULL, TRUE, NULL);
    ASSERT_NOT_NULL(shared_mutex);
    ASSERT_EQ(WaitForSingleObject(shared_mutex, 0), WAIT_OBJECT_0); /* the owner again: twice now */
    ASSERT_EQ(run_thread(mutex_other_thread, 0), 1);
    ASSERT(ReleaseMutex(shared_mutex));
    ASSERT(ReleaseMutex(shared_mutex));
    ASSERT(!ReleaseMutex(shared_mutex)); /* released as often as taken: no longer the owner */
    ASSERT_EQ(GetLastError(), ERROR_NOT_OWNER);
    ASSERT_EQ(run_thread(mutex_other_thread, 1), 1);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE both[2] = {ev, shared_mutex};
    ASSERT_EQ(WaitForMultipleObjects(2, both, FALSE, 0), WAIT_ABANDONED_0 + 1);
    ASSERT_EQ(WaitForSingleObject(shared_mutex, 0), WAIT_OBJECT_0); /* ours now, no longer abandoned */
    ASSERT(ReleaseMutex(shared_mutex));
    ASSERT(ReleaseMutex(shared_mutex));
    ASSERT(!SetEvent(shared_mutex)); /* not an event */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    HANDLE named = CreateMutexA(NULL, FALSE, "Global\\named");
    ASSERT(named != NULL);
    ASSERT_NULL(CreateSemaphoreA(NULL, 0, 1, "Global\\named")); /* another kind's name */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    ASSERT(CloseHandle(named));
    ASSERT(CloseHandle(shared_mutex));
    ASSERT(CloseHandle(ev));
    return fx_close(t);
}

TEST(win32_semaphore_counts_posts_and_virtual_time) {
    wt_target *t = fx_open(NULL);
    HANDLE s = CreateSemaphoreA(NULL, 1, 2, NULL);
    ASSERT_NOT_NULL(s);
    ASSERT_EQ(WaitForSingleObject(s, 0), WAIT_OBJECT_0);
    ULONGLONG before = real_ms(), ticks = GetTickCount64();
    ASSERT_EQ(WaitForSingleObject(s, 5000), WAIT_TIMEOUT); /* nothing can release it: over at once */
    ASSERT(real_ms() - before < 1000);
    ASSERT_GE(GetTickCount64() - ticks, 5000); /* ... and 5 s later by the tick count */
    LONG prev = -1;
    ASSERT(ReleaseSemaphore(s, 2, &prev));
    ASSERT_EQ(prev, 0);
    ASSERT(!ReleaseSemaphore(s, 1, &prev)); /* 3 > 2: refused, count unchanged */
    ASSERT_EQ(GetLastError(), ERROR_TOO_MANY_POSTS);
    HANDLE two[2] = {s, s};
    ASSERT_EQ(WaitForMultipleObjects(1, two, FALSE, 0), WAIT_OBJECT_0);
    ASSERT_EQ(WaitForSingleObject(s, 0), WAIT_OBJECT_0);
    ASSERT_EQ(WaitForSingleObject(s, 0), WAIT_TIMEOUT);
    ASSERT(!ReleaseSemaphore(s, 0, NULL));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT_NULL(CreateSemaphoreW(NULL, 3, 2, NULL));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT_NULL(CreateSemaphoreW(NULL, 0, 0, NULL));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT(CloseHandle(s));
    return fx_close(t);
}

TEST(win32_formatmessage_debug_output_and_filetime) {
    wt_target *t = fx_open(NULL);
    char buf[256];
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf,
                             sizeof buf, NULL);
    ASSERT(strcmp(buf, "An existing connection was forcibly closed by the remote host.\r\n") == 0);
    ASSERT_EQ(n, strlen(buf));
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, ERROR_OPERATION_ABORTED,
                       MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf, sizeof buf, NULL);
    ASSERT(strcmp(buf, "The I/O operation has been aborted because of either a thread exit or an application "
                       "request.") == 0);
    ASSERT_EQ(n, strlen(buf));
    LPSTR p = NULL;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_INVALID_PARAMETER, 0,
                       (LPSTR)&p, 0, NULL);
    ASSERT_NOT_NULL(p);
    ASSERT(strcmp(p, "The parameter is incorrect.\r\n") == 0);
    ASSERT_EQ(n, 29);
    ASSERT_NULL(LocalFree(p));
    ASSERT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, WSAEINVAL, 0, buf, 10, NULL), 0);
    ASSERT_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ASSERT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 123456, 0, buf, sizeof buf, NULL), 0);
    ASSERT_EQ(GetLastError(), ERROR_MR_MID_NOT_FOUND);
    ASSERT_EQ(
        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, WSAEINVAL, MAKELANGID(0x07, 0x01), buf, sizeof buf, NULL), 0);
    ASSERT_EQ(GetLastError(), ERROR_RESOURCE_LANG_NOT_FOUND);
    /* OutputDebugStringA goes to stderr. */
    fflush(stderr);
    FILE *cap = tmpfile();
    ASSERT_NOT_NULL(cap);
    int saved = dup(2);
    ASSERT(dup2(fileno(cap), 2) >= 0);
    OutputDebugStringA("proxy: flow 7 closed\n");
    /* and OutputDebugStringW as UTF-8, whole past its 60-character pieces */
    wchar_t wide[132];
    char want[200];
    size_t w = 0, k = 0;
    for (int i = 0; i < 130; i++) {
        wide[w++] = i == 70 ? 0xE9 : (wchar_t)('a' + i % 26);
        if (i == 70)
            want[k++] = (char)0xC3, want[k++] = (char)0xA9;
        else
            want[k++] = (char)('a' + i % 26);
    }
    wide[w++] = '\n';
    wide[w] = 0;
    want[k++] = '\n';
    want[k] = 0;
    OutputDebugStringW(wide);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(cap);
    char line[64] = {0}, wline[200] = {0};
    ASSERT_NOT_NULL(fgets(line, sizeof line, cap));
    ASSERT_NOT_NULL(fgets(wline, sizeof wline, cap));
    fclose(cap);
    ASSERT(strcmp(line, "proxy: flow 7 closed\n") == 0);
    ASSERT(strcmp(wline, want) == 0);
    /* FILETIME: 100-ns intervals since 1601, the Unix epoch 11644473600 s after it. */
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    ULONGLONG v = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    long long unix_s = (long long)(v / 10000000ull) - 11644473600ll;
    long long now = (long long)time(NULL);
    ASSERT(unix_s >= now - 2 && unix_s <= now + 2);
    return fx_close(t);
}

/* Runs body in a child process whose descriptor fd (stdout or stderr) is a pipe; what the child
 * wrote there lands in got (NUL-terminated), its wait status in *status.  0 when it all worked. */
static int in_child(void (*body)(void), int fd, char *got, size_t cap, int *status) {
    int fds[2];
    if (pipe(fds)) return -1;
    fflush(NULL); /* the runner's own pending lines must not reach the child's stdout a second time */
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], fd);
        body();
        _exit(0); /* not reached when body ends the process itself */
    }
    close(fds[1]);
    size_t n = 0;
    for (ssize_t r; n < cap - 1 && (r = read(fds[0], got + n, cap - 1 - n)) > 0;) n += (size_t)r;
    got[n] = '\0';
    close(fds[0]);
    return waitpid(pid, status, 0) == pid ? 0 : -1;
}

static void last_line_then_exit(void) {
    printf("last line");
    ExitProcess(7);
}

/* "ExitProcess": the process ends with the code given, and what stdio held is written first
 * (a service's last log line must not be lost); run in a child process of its own. */
TEST(win32_exit_process_ends_with_its_code) {
    char got[32];
    int status = 0;
    ASSERT(in_child(last_line_then_exit, STDOUT_FILENO, got, sizeof got, &status) == 0);
    ASSERT(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 7);
    ASSERT(strcmp(got, "last line") == 0);
    return 0;
}

static void copy_too_long(void) {
    char small[4];
    strcpy_s(small, sizeof small, "too long");
}

/* "Parameter validation": with no invalid parameter handler set, a strcpy_s whose source does not
 * fit ends the process (on Windows a fast fail); the model aborts after naming the call on stderr,
 * so a test run reports the program's bug as a crash.  Run in a child process of its own. */
TEST(win32_crt_bad_call_without_handler_ends_process) {
    char got[512];
    int status = 0;
    ASSERT(in_child(copy_too_long, STDERR_FILENO, got, sizeof got, &status) == 0);
    ASSERT(WIFSIGNALED(status));
    ASSERT_EQ(WTERMSIG(status), SIGABRT);
    ASSERT(strstr(got, "invalid parameter to strcpy_s") != NULL);
    return 0;
}

static void ctrl_c_unhandled(void) {
    GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    Sleep(10000); /* the default handler ends the process from its own thread before this returns */
}

/* "HandlerRoutine": with no routine that handles it, CTRL+C reaches the default handler, which
 * calls ExitProcess; the status is STATUS_CONTROL_C_EXIT (0xC000013A), of which a Linux exit
 * status keeps the low byte. */
TEST(win32_console_ctrl_c_unhandled_ends_process) {
    char got[8];
    int status = 0;
    ASSERT(in_child(ctrl_c_unhandled, STDOUT_FILENO, got, sizeof got, &status) == 0);
    ASSERT(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0x3A);
    return 0;
}
