/*
 * os_posix.c: os.h on POSIX systems (Linux, and the BSDs/macOS should a developer use one).
 */
#define _POSIX_C_SOURCE 200809L
#include "os.h"

#include <fnmatch.h>
#include <time.h>
#include <unistd.h>

long long wc_os_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void wc_os_utc_now(char *buf, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int wc_os_isatty(FILE *f) { return isatty(fileno(f)); }

int wc_os_glob(const char *pattern, const char *s) { return fnmatch(pattern, s, 0) == 0; }

int wc_os_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
