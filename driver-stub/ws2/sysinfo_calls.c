/*
 * sysinfo_calls.c: the kernel32 calls a completion-port service asks about the machine, the
 * process and the calendar: GetSystemInfo (and GetNativeSystemInfo), GetCurrentProcess,
 * SwitchToThread, GetSystemTime, GetLocalTime and GetSystemTimePreciseAsFileTime.
 *
 * Why: a service sizes its pool of worker threads from dwNumberOfProcessors, rounds its
 * buffers to dwPageSize, yields in a spin loop and stamps its logs with a SYSTEMTIME; without
 * these names it does not even build against <wfpcert/winsock.h>.  None of them touches a
 * socket or a wait, so they need no WSAStartup.
 *
 * Behaviour, from learn.microsoft.com ("GetSystemInfo function", "SYSTEM_INFO structure",
 * "GetNativeSystemInfo function", "GetCurrentProcess function", "SwitchToThread function",
 * "GetSystemTime function", "GetLocalTime function", "SYSTEMTIME structure",
 * "GetSystemTimePreciseAsFileTime function"):
 *   GetSystemInfo  what x64 Windows reports: PROCESSOR_ARCHITECTURE_AMD64, pages of 4096 bytes,
 *       an allocation granularity of 65536, the user address range 0x10000 to
 *       0x7FFFFFFEFFFF, dwProcessorType PROCESSOR_AMD_X8664; dwNumberOfProcessors is the host's
 *       online processors (at least 1) and dwActiveProcessorMask has that many low bits set
 *       (64 at most, one processor group).  wProcessorLevel 6 and wProcessorRevision 0 are the
 *       model's choice (the family of current x64 processors; the pages leave them to the
 *       processor).  GetNativeSystemInfo gives the same: the model is a 64-bit process.
 *   GetCurrentProcess  the pseudo-handle (HANDLE)-1, "currently (HANDLE)-1" on the page;
 *       "Calling the CloseHandle function with a pseudo handle has no effect" (sync.c).
 *   SwitchToThread  yields the processor (sched_yield).  The page's return value says whether
 *       another thread ran, which Linux does not tell: the model answers FALSE, the answer
 *       "no other thread was ready" that a spinning caller must handle anyway (its choice).
 *   GetSystemTime, GetLocalTime  the real clock, UTC or the host's local time zone, with
 *       wDayOfWeek 0 for Sunday and milliseconds; the real clock also under the model's
 *       virtual clock, like GetSystemTimeAsFileTime.
 *   GetSystemTimePreciseAsFileTime  GetSystemTimeAsFileTime: the model's clock read is already
 *       the precise one (100-ns units).
 */
#include "../net/net.h"

#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void system_info(LPSYSTEM_INFO si) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > 64) n = 64; /* one processor group, as a process without group affinity sees */
    memset(si, 0, sizeof *si);
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    si->dwPageSize = 4096;
    si->lpMinimumApplicationAddress = (LPVOID)(uintptr_t)0x10000u;
    si->lpMaximumApplicationAddress = (LPVOID)(uintptr_t)0x7FFFFFFEFFFFull;
    si->dwActiveProcessorMask = n == 64 ? ~(DWORD_PTR)0 : (((DWORD_PTR)1 << n) - 1);
    si->dwNumberOfProcessors = (DWORD)n;
    si->dwProcessorType = PROCESSOR_AMD_X8664;
    si->dwAllocationGranularity = 65536;
    si->wProcessorLevel = 6;
    si->wProcessorRevision = 0;
}

void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo) { system_info(lpSystemInfo); }
void GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo) { system_info(lpSystemInfo); }

HANDLE GetCurrentProcess(void) { return (HANDLE)(LONG_PTR)-1; }

BOOL SwitchToThread(void) {
    (void)sched_yield();
    return FALSE;
}

static void system_time(LPSYSTEMTIME st, int local) {
    struct timespec ts = {0, 0}; /* 1970 if the clock cannot be read: a wrong time, never a stale one */
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    if (local)
        localtime_r(&ts.tv_sec, &tm);
    else
        gmtime_r(&ts.tv_sec, &tm);
    st->wYear = (WORD)(tm.tm_year + 1900);
    st->wMonth = (WORD)(tm.tm_mon + 1);
    st->wDayOfWeek = (WORD)tm.tm_wday;
    st->wDay = (WORD)tm.tm_mday;
    st->wHour = (WORD)tm.tm_hour;
    st->wMinute = (WORD)tm.tm_min;
    st->wSecond = (WORD)(tm.tm_sec > 59 ? 59 : tm.tm_sec); /* a leap second shows as :59 */
    st->wMilliseconds = (WORD)(ts.tv_nsec / 1000000);
}

void GetSystemTime(LPSYSTEMTIME lpSystemTime) { system_time(lpSystemTime, 0); }
void GetLocalTime(LPSYSTEMTIME lpSystemTime) { system_time(lpSystemTime, 1); }

void GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime) {
    GetSystemTimeAsFileTime(lpSystemTimeAsFileTime);
}
