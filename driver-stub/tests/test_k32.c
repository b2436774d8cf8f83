/*
 * test_k32.c: unit tests of ws2/sysinfo_calls.c and ws2/heap_calls.c: GetSystemInfo,
 * GetCurrentProcess, GetSystemTime/GetLocalTime, GetSystemTimePreciseAsFileTime and the heap
 * calls.
 *
 * Why: a service sizes its worker pool from GetSystemInfo and keeps its contexts in a heap it
 * destroys at once; a wrong processor count, an unzeroed HEAP_ZERO_MEMORY block or a
 * HeapDestroy that leaves a block behind changes what the service does.
 */
#define _POSIX_C_SOURCE 200809L /* setenv, tzset */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

TEST(k32_system_info_is_x64_with_the_host_processors) {
    SYSTEM_INFO si;
    memset(&si, 0xA5, sizeof si);
    GetSystemInfo(&si); /* no WSAStartup needed */
    ASSERT((si.wProcessorArchitecture) == (PROCESSOR_ARCHITECTURE_AMD64));
    ASSERT((si.dwPageSize) == (4096u));
    ASSERT((si.dwAllocationGranularity) == (65536u));
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    ASSERT((si.dwNumberOfProcessors) == ((DWORD)(n < 1 ? 1 : n > 64 ? 64 : n)));
    DWORD bits = 0;
    for (DWORD_PTR m = si.dwActiveProcessorMask; m; m >>= 1) bits += (DWORD)(m & 1);
    ASSERT((bits) == (si.dwNumberOfProcessors));
    ASSERT(((uintptr_t)si.lpMinimumApplicationAddress) == ((uintptr_t)0x10000));
    ASSERT(((uintptr_t)si.lpMaximumApplicationAddress) == ((uintptr_t)0x7FFFFFFEFFFFull));
    ASSERT((si.dwProcessorType) == ((DWORD)PROCESSOR_AMD_X8664));
    SYSTEM_INFO native;
    GetNativeSystemInfo(&native);
    ASSERT(memcmp(&si, &native, sizeof si) == 0);
    return 0;
}

/* A program that makes its stop event and a worker before WSAStartup, and waits for the
 * worker and closes its handles after its last WSACleanup, as Windows programs do: kernel32
 * needs no Winsock (the model kept its objects in a world that WSACleanup destroyed). */
static DWORD WINAPI wait_then_exit(LPVOID ev) { return WaitForSingleObject(ev, 10000) == WAIT_OBJECT_0 ? 7 : 1; }

TEST(k32_objects_live_before_wsastartup_and_after_wsacleanup) {
    WSASetLastError(0);
    ASSERT(socket(AF_INET, SOCK_DGRAM, 0) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    ASSERT(ev != NULL);
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ASSERT(port != NULL);
    HANDLE worker = CreateThread(NULL, 0, wait_then_exit, ev, 0, NULL);
    ASSERT(worker != NULL);
    ASSERT_EQ(WaitForSingleObject(worker, 0), WAIT_TIMEOUT);
    WSADATA d;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &d), 0);
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(WSACleanup(), 0);
    WSASetLastError(0);
    ASSERT(socket(AF_INET, SOCK_DGRAM, 0) == INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    ASSERT(PostQueuedCompletionStatus(port, 3, 9, NULL));
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *ov = (OVERLAPPED *)1;
    ASSERT(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0));
    ASSERT(bytes == 3 && key == 9 && ov == NULL);
    ASSERT(SetEvent(ev));
    ASSERT_EQ(WaitForSingleObject(worker, 10000), WAIT_OBJECT_0);
    DWORD code = 0;
    ASSERT(GetExitCodeThread(worker, &code));
    ASSERT_EQ(code, 7u);
    ASSERT(CloseHandle(worker));
    ASSERT(CloseHandle(port));
    ASSERT(CloseHandle(ev));
    /* Winsock starts again in the same world: the socket of the last round is gone */
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &d), 0);
    int v = 0, vl = (int)sizeof v;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &vl), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    ASSERT_EQ(WSACleanup(), 0);
    return 0;
}

TEST(k32_current_process_is_the_pseudo_handle) {
    wt_target *t = fx_open(NULL);
    HANDLE p = GetCurrentProcess();
    ASSERT(p == (HANDLE)(LONG_PTR)-1);
    ASSERT(CloseHandle(p)); /* no effect on a pseudo-handle */
    ASSERT(GetCurrentProcess() == p);
    ASSERT(!SwitchToThread()); /* the model's answer: no other thread known to have run */
    return fx_close(t);
}

/* 100-ns units since 1601 of a SYSTEMTIME in UTC. */
static ULONGLONG filetime_of(const SYSTEMTIME *s) {
    /* days from 1601-01-01 to the date, by the proleptic Gregorian calendar */
    int y = s->wYear, m = s->wMonth;
    if (m <= 2) {
        y--;
        m += 12;
    }
    long days = 365L * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + s->wDay - 1;
    long base = 365L * 1600 + 1600 / 4 - 1600 / 100 + 1600 / 400 + (153 * 10 + 2) / 5; /* 1601-01-01 */
    ULONGLONG secs = (ULONGLONG)(days - base) * 86400u + s->wHour * 3600u + s->wMinute * 60u + s->wSecond;
    return secs * 10000000u + s->wMilliseconds * 10000u;
}

TEST(k32_system_and_local_time_agree_with_the_file_time) {
    FILETIME before, after;
    SYSTEMTIME st, lt;
    GetSystemTimePreciseAsFileTime(&before);
    GetSystemTime(&st);
    GetLocalTime(&lt);
    GetSystemTimeAsFileTime(&after);
    ULONGLONG b = ((ULONGLONG)before.dwHighDateTime << 32) | before.dwLowDateTime;
    ULONGLONG a = ((ULONGLONG)after.dwHighDateTime << 32) | after.dwLowDateTime;
    ULONGLONG s = filetime_of(&st);
    ASSERT(s + 10000u >= b && s <= a); /* the SYSTEMTIME is cut to the millisecond */
    ASSERT(st.wMonth >= 1 && st.wMonth <= 12 && st.wDay >= 1 && st.wDay <= 31 && st.wDayOfWeek <= 6);
    /* 1601-01-01 was a Monday */
    ASSERT((st.wDayOfWeek) == ((WORD)((s / 10000000u / 86400u + 1) % 7)));
    ASSERT(lt.wMonth >= 1 && lt.wMonth <= 12 && lt.wMinute <= 59 && lt.wMilliseconds <= 999);
    ULONGLONG l = filetime_of(&lt); /* local time is within a day of UTC */
    ASSERT(l + 86400ull * 10000000u > s && l < s + 86400ull * 10000000u);
    return 0;
}

/* GetLocalTime is the time of the local zone ("GetLocalTime function"), not UTC's: with TZ five
 * and a half hours east of UTC the two differ by that much.  On a machine whose zone is UTC the
 * test above cannot tell them apart. */
TEST(k32_local_time_follows_the_time_zone) {
    const char *was = getenv("TZ");
    char keep[128] = "";
    if (was) snprintf(keep, sizeof keep, "%s", was);
    setenv("TZ", "WFP-5:30", 1);
    tzset();
    SYSTEMTIME st, lt;
    GetSystemTime(&st);
    GetLocalTime(&lt);
    long long d = (long long)(filetime_of(&lt) / 10000000u) - (long long)(filetime_of(&st) / 10000000u);
    if (was)
        setenv("TZ", keep, 1);
    else
        unsetenv("TZ");
    tzset();
    ASSERT(d >= 5 * 3600 + 30 * 60 - 1 && d <= 5 * 3600 + 30 * 60 + 1);
    return 0;
}

TEST(k32_heap_alloc_zeroes_sizes_and_frees) {
    HANDLE ph = GetProcessHeap();
    ASSERT_NOT_NULL(ph);
    ASSERT(GetProcessHeap() == ph);
    BYTE *p = HeapAlloc(ph, HEAP_ZERO_MEMORY, 1000);
    ASSERT_NOT_NULL(p);
    ASSERT(((uintptr_t)p % MEMORY_ALLOCATION_ALIGNMENT) == ((uintptr_t)0));
    int zero = 1;
    for (int i = 0; i < 1000; i++) zero &= p[i] == 0;
    ASSERT(zero);
    ASSERT((HeapSize(ph, 0, p)) == ((SIZE_T)1000));
    BYTE *e = HeapAlloc(ph, 0, 0);
    ASSERT_NOT_NULL(e);
    ASSERT((HeapSize(ph, 0, e)) == ((SIZE_T)0));
    HANDLE h = HeapCreate(0, 0, 0);
    ASSERT_NOT_NULL(h);
    ASSERT(h != ph);
    /* a block of another heap is not this heap's */
    SetLastError(0);
    ASSERT((HeapSize(h, 0, p)) == ((SIZE_T)-1));
    ASSERT(!HeapFree(h, 0, p));
    ASSERT((GetLastError()) == ((DWORD)ERROR_INVALID_PARAMETER));
    ASSERT(HeapFree(ph, 0, NULL));
    ASSERT(HeapFree(ph, 0, p));
    ASSERT(HeapFree(ph, 0, e));
    ASSERT(!HeapDestroy(ph));
    ASSERT(HeapDestroy(h));
    SetLastError(0);
    ASSERT(!HeapDestroy(h));
    ASSERT((GetLastError()) == ((DWORD)ERROR_INVALID_HANDLE));
    ASSERT(HeapAlloc(h, 0, 8) == NULL);
    return 0;
}

TEST(k32_heap_realloc_keeps_contents_and_zeroes_growth) {
    HANDLE h = HeapCreate(HEAP_NO_SERIALIZE, 4096, 0);
    ASSERT_NOT_NULL(h);
    BYTE *p = HeapAlloc(h, 0, 64);
    ASSERT_NOT_NULL(p);
    for (int i = 0; i < 64; i++) p[i] = (BYTE)(i + 1);
    /* shrink in place, then grow back within the first size's room */
    BYTE *q = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, p, 16);
    ASSERT(q == p);
    ASSERT((HeapSize(h, 0, p)) == ((SIZE_T)16));
    q = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY | HEAP_ZERO_MEMORY, p, 32);
    ASSERT(q == p);
    ASSERT((p[15]) == (16));
    ASSERT((p[16]) == (0));
    /* growing past the room in place fails and leaves the block */
    ASSERT(HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, p, 1u << 20) == NULL);
    ASSERT((HeapSize(h, 0, p)) == ((SIZE_T)32));
    q = HeapReAlloc(h, HEAP_ZERO_MEMORY, p, 1u << 20);
    ASSERT_NOT_NULL(q);
    ASSERT((q[0]) == (1));
    ASSERT((q[15]) == (16));
    int zero = 1;
    for (size_t i = 32; i < (1u << 20); i++) zero &= q[i] == 0;
    ASSERT(zero);
    ASSERT((HeapSize(h, 0, q)) == ((SIZE_T)(1u << 20)));
    ASSERT(HeapReAlloc(h, 0, NULL, 8) == NULL);
    ASSERT(HeapDestroy(h)); /* frees q with the heap */
    return 0;
}

TEST(k32_heap_fixed_size_and_destroy) {
    SetLastError(0);
    ASSERT(HeapCreate(0x80000000u, 0, 0) == NULL);
    ASSERT((GetLastError()) == ((DWORD)ERROR_INVALID_PARAMETER));
    HANDLE h = HeapCreate(0, 0, 64 * 1024);
    ASSERT_NOT_NULL(h);
    void *a = HeapAlloc(h, 0, 40000);
    ASSERT_NOT_NULL(a);
    SetLastError(1234);
    ASSERT(HeapAlloc(h, 0, 40000) == NULL); /* past the maximum */
    ASSERT((GetLastError()) == (1234u)); /* HeapAlloc sets no last error */
    ASSERT(HeapFree(h, 0, a));
    void *b = HeapAlloc(h, 0, 40000); /* room again after the free */
    ASSERT((b) != NULL);
    HANDLE big = HeapCreate(0, 0, 4u << 20);
    ASSERT_NOT_NULL(big);
    ASSERT(HeapAlloc(big, 0, 0x7FFF8) == NULL); /* a non-growable heap's block is below 0x7FFF8 */
    ASSERT((HeapAlloc(big, 0, 0x7FFF7)) != NULL);
    ASSERT(HeapDestroy(big));
    ASSERT(HeapDestroy(h));
    return 0;
}
