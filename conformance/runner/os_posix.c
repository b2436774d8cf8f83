/*
 * os_posix.c: os.h on POSIX systems (Linux, and the BSDs/macOS should a developer use one).
 */
#define _POSIX_C_SOURCE 200809L
#include "os.h"

#include <fnmatch.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long long wc_os_now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void wc_os_utc_now(char *buf, size_t cap) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int wc_os_isatty(FILE *f) { return isatty(fileno(f)); }

int wc_os_glob(const char *pattern, const char *s) { return fnmatch(pattern, s, 0) == 0; }

int wc_os_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static volatile sig_atomic_t interrupted;
static struct sigaction old_int, old_term;

static void on_interrupt(int sig) {
    if (interrupted) { /* the second one: the user means it */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    interrupted = sig;
}

void wc_os_interrupt_begin(void) {
    interrupted = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the runner's poll returns at once */
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

void wc_os_interrupt_end(void) {
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

int wc_os_interrupted(void) { return interrupted; }
