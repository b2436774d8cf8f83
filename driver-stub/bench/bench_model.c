/*
 * bench_model.c: how fast the model runs the three things the fuzzers and the conformance
 * runs repeat most: (a) creating and destroying a world (every fuzz iteration does this),
 * (b) a plain socket/connect/accept/close cycle on the sim transport with no callout (the
 * stack's own cost), and (c) a redirected TCP set-up through the default callout, both
 * QUERY codes and the close (the cost of one redirect case).
 *
 * It is a tool, not a test: timings depend on the machine, and timed ctests are forbidden.
 * `wfpcert bench` runs it.  Each part runs a fixed number of iterations, chosen so that it
 * takes about a second or two on a 2-core CI machine with an -O2 build; --iterations N runs
 * every part N times instead.  Exit 0 with a table on success, 1 if the model failed a step,
 * 2 on a bad command line.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "wfpcert/target.h"

#define MAX_ITERATIONS 1000000000ul
#define BENCH_PORT 9000

typedef struct part {
    const char *name;
    unsigned long iterations; /* the default count */
    int (*run)(unsigned long n);
} part;

static int step_failed(const char *what) {
    fprintf(stderr, "bench-model: %s failed (WSA error %d; %s)\n", what, WSAGetLastError(), wt_error());
    return -1;
}

/* (a) wt_open + wt_close. */
static int run_worlds(unsigned long n) {
    for (unsigned long i = 0; i < n; i++) {
        wt_target *t;
        if (wt_open("model", &t) != WT_OK) return step_failed("wt_open");
        wt_close(t);
    }
    return 0;
}

/* (b) On one world with a loopback listener: socket, connect, accept, close both ends. */
static int connect_cycles(SOCKET listener, const SOCKADDR_IN *to, unsigned long n) {
    for (unsigned long i = 0; i < n; i++) {
        SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
        if (c == INVALID_SOCKET) return step_failed("socket");
        if (connect(c, (const struct sockaddr *)to, sizeof *to)) return step_failed("connect");
        SOCKET a = accept(listener, NULL, NULL);
        if (a == INVALID_SOCKET) return step_failed("accept");
        if (closesocket(a) || closesocket(c)) return step_failed("closesocket");
    }
    return 0;
}

static int run_plain_connects(unsigned long n) {
    wt_target *t;
    if (wt_open("model", &t) != WT_OK) return step_failed("wt_open");
    SOCKADDR_IN at;
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_port = htons(BENCH_PORT);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    int r = l == INVALID_SOCKET || bind(l, (struct sockaddr *)&at, sizeof at) || listen(l, SOMAXCONN)
                ? step_failed("listener")
                : connect_cycles(l, &at, n);
    wt_close(t);
    return r;
}

/* (c) wt_tcp_redirected, QUERY_RECORDS and QUERY_CONTEXT on the accepted socket, close. */
static int query(SOCKET s, DWORD code) {
    static char out[8192];
    DWORD size = 0;
    return WSAIoctl(s, code, NULL, 0, out, sizeof out, &size, NULL, NULL) == 0 && size > 0 ? 0 : -1;
}

static int redirect_cycles(wt_target *t, unsigned long n) {
    for (unsigned long i = 0; i < n; i++) {
        wt_tcp_flow f;
        if (wt_tcp_redirected(t, AF_INET, 1, &f) != WT_OK) return step_failed("wt_tcp_redirected");
        if (query(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS) ||
            query(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT))
            return step_failed("QUERY");
        if (closesocket(f.accepted) || closesocket(f.client)) return step_failed("closesocket");
    }
    return 0;
}

static int run_redirected(unsigned long n) {
    wt_target *t;
    if (wt_open("model", &t) != WT_OK) return step_failed("wt_open");
    int r = redirect_cycles(t, n);
    wt_close(t);
    return r;
}

static double now(void);
static double untimed; /* seconds a part spent preparing, left out of its figure */

/* (d) (c) again with 10,000 redirected flows held open: what the set-up costs in a world
 * with many flows.  Every per-flow list the model scanned made this part slower than (c) in
 * proportion to the flows held (issue 16 item 6: the same rate at 10,000 flows as at 300). */
#define HELD_FLOWS 10000
static int run_redirected_held(unsigned long n) {
    wt_target *t;
    if (wt_open("model", &t) != WT_OK) return step_failed("wt_open");
    double start = now();
    int r = 0;
    for (int i = 0; i < HELD_FLOWS && !r; i++) {
        wt_tcp_flow f;
        if (wt_tcp_redirected(t, AF_INET, 1, &f) != WT_OK) r = step_failed("wt_tcp_redirected (held)");
    }
    untimed = now() - start;
    if (!r) r = redirect_cycles(t, n);
    wt_close(t);
    return r;
}

static const part parts[] = {
    {"world create+destroy", 8000000, run_worlds},
    {"socket/connect/accept/close (sim, plain)", 400000, run_plain_connects},
    {"redirected TCP set-up + 2 QUERY + close", 25000, run_redirected},
    {"the same with 10,000 flows open", 25000, run_redirected_held},
};
#define GOAL_HELD 0.80 /* part 4's rate against part 3's */
#define NPARTS (sizeof parts / sizeof parts[0])

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *to) {
    fprintf(to,
            "usage: wfpcert bench model [--iterations N] [--check]\n"
            "  Times the model: world create+destroy, a plain connect cycle, a redirected set-up,\n"
            "  and that set-up with 10,000 flows open.\n"
            "  --iterations N  run every part N times (1..%lu) instead of its default count\n"
            "  --check         exit 1 when the set-up with 10,000 flows open runs at less than %.0f%%\n"
            "                  of the rate without them\n",
            MAX_ITERATIONS, 100 * GOAL_HELD);
}

/* A whole number from 1 to MAX_ITERATIONS, or 0. */
static unsigned long parse_count(const char *s) {
    if (!s || *s < '0' || *s > '9') return 0;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v == 0 || v > MAX_ITERATIONS) return 0;
    return v;
}

/* Returns -1 on success with *iterations set (0 = defaults), else the exit code. */
static int parse_args(int argc, char **argv, unsigned long *iterations, int *check) {
    *iterations = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--check") == 0) {
            *check = 1;
            continue;
        }
        if (strcmp(argv[i], "--iterations") != 0) {
            fprintf(stderr, "wfpcert bench model: %s: unknown option (see --help)\n", argv[i]);
            return 2;
        }
        const char *v = i + 1 < argc ? argv[++i] : NULL;
        if (!(*iterations = parse_count(v))) {
            fprintf(stderr, "wfpcert bench model: --iterations needs a whole number from 1 to %lu, not '%s'\n",
                    MAX_ITERATIONS, v ? v : "(nothing)");
            return 2;
        }
    }
    return -1;
}

int wf_bench_model_main(int argc, char **argv) {
    unsigned long iterations;
    int check = 0;
    int code = parse_args(argc, argv, &iterations, &check);
    if (code >= 0) return code;
    printf("%-42s %12s %10s %14s %10s\n", "part", "iterations", "seconds", "per second", "us each");
    double rates[NPARTS];
    for (size_t i = 0; i < NPARTS; i++) {
        unsigned long n = iterations ? iterations : parts[i].iterations;
        untimed = 0;
        double start = now();
        if (parts[i].run(n)) return 1;
        double secs = now() - start - untimed;
        double rate = secs > 0 ? (double)n / secs : 0;
        rates[i] = rate;
        printf("%-42s %12lu %10.3f %14.0f %10.2f\n", parts[i].name, n, secs, rate, secs * 1e6 / (double)n);
    }
    double held = rates[2] > 0 ? rates[3] / rates[2] : 0;
    int missed = held < GOAL_HELD;
    printf("%s: set-ups with 10,000 flows open at %.0f%% of the rate without (goal %.0f%%)\n",
           missed ? "goal missed" : "goal met", 100 * held, 100 * GOAL_HELD);
    return check && missed ? 1 : 0;
}

#ifndef WFPCERT_BENCH_NO_MAIN
int main(int argc, char **argv) { return wf_bench_model_main(argc, argv); }
#endif
