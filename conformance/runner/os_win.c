/*
 * os_win.c: os.h on Windows (the mingw-w64 build, run natively or under wine).
 *
 * Why it exists: the portable runner needs a monotonic clock, UTC time, a TTY test, glob
 * matching and the CPU count; Windows has no fnmatch, so the matcher is written here with
 * the POSIX rules the runner documents for --match and --clause ('*', '?', '[a-z]', '[!x]',
 * and '\' quoting the next character).  Nothing else in the runner includes windows.h.
 */
#include "os.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <io.h>
#include <signal.h>
#include <stdio.h>

long long wc_os_now_us(void) {
    static LARGE_INTEGER freq;
    LARGE_INTEGER now;
    if (!freq.QuadPart) QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    /* Split to avoid overflowing 64 bits at high counter frequencies. */
    long long sec = now.QuadPart / freq.QuadPart, rest = now.QuadPart % freq.QuadPart;
    return sec * 1000000 + rest * 1000000 / freq.QuadPart;
}

void wc_os_utc_now(char *buf, size_t cap) {
    SYSTEMTIME t;
    GetSystemTime(&t);
    snprintf(buf, cap, "%04u-%02u-%02uT%02u:%02u:%02uZ", t.wYear, t.wMonth, t.wDay, t.wHour, t.wMinute, t.wSecond);
}

int wc_os_isatty(FILE *f) { return _isatty(_fileno(f)) != 0; }

/* One bracket expression at p (just after '['); sets *end past ']' and returns whether c is
 * in the set.  An unterminated '[' is an ordinary character: *end is NULL then. */
static int bracket(const char *p, char c, const char **end) {
    int negate = *p == '!' || *p == '^', hit = 0;
    if (negate) p++;
    const char *first = p;
    while (*p && (*p != ']' || p == first)) {
        char lo = *p == '\\' && p[1] ? *++p : *p;
        char hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            p += 2;
            hi = *p == '\\' && p[1] ? *++p : *p;
        }
        if (lo <= c && c <= hi) hit = 1;
        p++;
    }
    if (*p != ']') {
        *end = NULL;
        return 0;
    }
    *end = p + 1;
    return hit != negate;
}

int wc_os_glob(const char *pat, const char *s) {
    /* Iterative with one backtrack point per '*': linear enough for case ids. */
    const char *star_p = NULL, *star_s = NULL;
    while (*s) {
        const char *next = NULL;
        if (*pat == '*') {
            star_p = ++pat;
            star_s = s;
            continue;
        }
        if (*pat == '?') {
            next = pat + 1;
        } else if (*pat == '[') {
            const char *end;
            int in = bracket(pat + 1, *s, &end);
            if (!end && *s == '[')
                next = pat + 1;
            else if (end && in)
                next = end;
        } else if (*pat == '\\' && pat[1]) {
            if (pat[1] == *s) next = pat + 2;
        } else if (*pat && *pat == *s) {
            next = pat + 1;
        }
        if (next) {
            pat = next;
            s++;
        } else if (star_p) {
            pat = star_p;
            s = ++star_s;
        } else {
            return 0;
        }
    }
    while (*pat == '*') pat++;
    return *pat == 0;
}

int wc_os_cpus(void) {
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    long n = (long)si.dwNumberOfProcessors;
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Ctrl-C reaches a console program through the C runtime's signal(), on a thread of its own:
 * a flag is all the handler may touch. */
static volatile sig_atomic_t interrupted;
static void (*old_int)(int), (*old_term)(int);

static void on_interrupt(int sig) {
    if (interrupted) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    interrupted = sig;
    signal(sig, on_interrupt); /* the runtime resets the handler before calling it */
}

void wc_os_interrupt_begin(void) {
    interrupted = 0;
    old_int = signal(SIGINT, on_interrupt);
    old_term = signal(SIGTERM, on_interrupt);
}

void wc_os_interrupt_end(void) {
    signal(SIGINT, old_int == SIG_ERR ? SIG_DFL : old_int);
    signal(SIGTERM, old_term == SIG_ERR ? SIG_DFL : old_term);
}

int wc_os_interrupted(void) { return interrupted; }
