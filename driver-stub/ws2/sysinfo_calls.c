/*
 * sysinfo_calls.c: the kernel32 calls a completion-port service asks about the machine, the
 * process and the calendar: GetSystemInfo (and GetNativeSystemInfo), GetCurrentProcess,
 * SwitchToThread, GetSystemTime, GetLocalTime and GetSystemTimePreciseAsFileTime; and winmm's
 * timer calls, timeGetTime, timeBeginPeriod, timeEndPeriod and timeGetDevCaps.
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
 *   timeGetTime  the milliseconds since the system started, GetTickCount's count ("timeGetTime
 *       function"; a game or a media client paces its sends with it).  timeBeginPeriod and
 *       timeEndPeriod take a period within timeGetDevCaps' range, 1 to 1,000,000 ms (what Windows
 *       reports), TIMERR_NOERROR, and refuse another with TIMERR_NOCANDO; they change nothing,
 *       the model's waits being as fine as the host's.  timeGetDevCaps wants a TIMECAPS and its
 *       size (TIMERR_NOCANDO otherwise).
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

/* "FileTimeToSystemTime function", "SystemTimeToFileTime function": 100 ns intervals since
 * 1601-01-01 (UTC) and the calendar, proleptic Gregorian.  A FILETIME of 2^63 or more fails;
 * a SYSTEMTIME with a field out of its range (a month 13, a 31 April, an hour 24, a year before
 * 1601 or after 30827) fails with ERROR_INVALID_PARAMETER; wDayOfWeek is ignored.  February takes
 * a 29th day in any year (the 1 March after it in a common year), as Wine's RtlTimeFieldsToTime,
 * written against native Windows, does. */
#define TICKS_PER_DAY 864000000000ull

static long long days_from_civil(long long y, unsigned m, unsigned d) { /* days since 1601-01-01 */
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 584694; /* 1970-01-01 is day 719468; 1601-01-01 is 134,774 days before it */
}

static bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

BOOL FileTimeToSystemTime(const FILETIME *ft, LPSYSTEMTIME st) {
    uint64_t t = ((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
    if (t >> 63) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    uint64_t days = t / TICKS_PER_DAY, rest = t % TICKS_PER_DAY;
    unsigned y = 1601;
    for (;;) { /* at most 30,000 years, by 400 when far */
        if (days >= 146097) {
            days -= 146097;
            y += 400;
            continue;
        }
        unsigned len = leap(y) ? 366 : 365;
        if (days < len) break;
        days -= len;
        y++;
    }
    static const unsigned char mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned m = 0;
    for (; m < 12; m++) {
        unsigned len = mdays[m] + (m == 1 && leap(y));
        if (days < len) break;
        days -= len;
    }
    st->wYear = (WORD)y;
    st->wMonth = (WORD)(m + 1);
    st->wDay = (WORD)(days + 1);
    st->wDayOfWeek = (WORD)((t / TICKS_PER_DAY + 1) % 7); /* 1601-01-01 was a Monday */
    st->wHour = (WORD)(rest / 36000000000ull);
    st->wMinute = (WORD)(rest / 600000000ull % 60);
    st->wSecond = (WORD)(rest / 10000000ull % 60);
    st->wMilliseconds = (WORD)(rest / 10000ull % 1000);
    return TRUE;
}

BOOL SystemTimeToFileTime(const SYSTEMTIME *st, LPFILETIME ft) {
    static const unsigned char mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (st->wYear < 1601 || st->wYear > 30827 || st->wMonth < 1 || st->wMonth > 12 || st->wDay < 1 ||
        st->wDay > mdays[st->wMonth - 1] + (st->wMonth == 2) || st->wHour > 23 || st->wMinute > 59 ||
        st->wSecond > 59 || st->wMilliseconds > 999) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    uint64_t t = (uint64_t)days_from_civil(st->wYear, st->wMonth, st->wDay) * TICKS_PER_DAY +
                 ((uint64_t)st->wHour * 3600 + st->wMinute * 60u + st->wSecond) * 10000000ull +
                 st->wMilliseconds * 10000ull;
    ft->dwLowDateTime = (DWORD)t;
    ft->dwHighDateTime = (DWORD)(t >> 32);
    return TRUE;
}

/* ---------------------------------------------------------------- winmm's timer */
#define PERIOD_MIN 1u
#define PERIOD_MAX 1000000u

DWORD timeGetTime(void) { return GetTickCount(); }

MMRESULT timeBeginPeriod(UINT period) {
    return period >= PERIOD_MIN && period <= PERIOD_MAX ? TIMERR_NOERROR : TIMERR_NOCANDO;
}

MMRESULT timeEndPeriod(UINT period) { return timeBeginPeriod(period); }

MMRESULT timeGetDevCaps(LPTIMECAPS caps, UINT size) {
    if (!caps || size != sizeof *caps || !ms_probe_write(caps, sizeof *caps)) return TIMERR_NOCANDO;
    caps->wPeriodMin = PERIOD_MIN;
    caps->wPeriodMax = PERIOD_MAX;
    return MMSYSERR_NOERROR;
}
