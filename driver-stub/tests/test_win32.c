/*
 * test_win32.c: unit tests of the kernel32 calls a redirect service makes around Winsock
 * (ws2/win32_calls.c): a thread's handle signalled when it ends, with its exit code; manual-
 * and auto-reset events; a thread blocked on an event another thread sets (real time, as a
 * threaded service needs); recursive critical sections that exclude other threads;
 * GetCurrentProcessId being the PID a callout sees for the caller's sockets; inet_ntop's
 * texts; the clocks.
 *
 * Why: a real-world service compiles against wfpcert/winsock.h only if these are there, and
 * runs only if they behave as on Windows.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

static volatile int ran;

static DWORD WINAPI returns_seven(LPVOID arg) {
    ran = *(int *)arg;
    return 7;
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
    DWORD code = 0;
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 7);
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
    ASSERT_NULL(CreateEventW(NULL, TRUE, FALSE, L"Global\\name"));
    ASSERT_EQ(GetLastError(), ERROR_NOT_SUPPORTED);
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
    ASSERT_NULL(inet_ntop(99, cases[0].b, buf, sizeof buf));
    ASSERT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    return fx_close(t);
}

TEST(win32_getaddrinfo_numeric_and_localhost) {
    ADDRINFOA hints, *r = NULL;
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
    ASSERT_EQ(getaddrinfo("127.0.0.1", "http", NULL, &r), EAI_SERVICE);
    hints.ai_family = 99;
    ASSERT_EQ(getaddrinfo("127.0.0.1", "80", &hints, &r), EAI_FAMILY);
    return 0;
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
