/*
 * child_wait_test.c: the deadline of child_wait.c holds both ways: a child that never ends is
 * killed when its time is up and reported as such, and a child that ends by itself is waited
 * for at once with its own exit status, long before its deadline.
 *
 * Why: certify's corpus replay (and anything else that runs one input in a child) relies on it
 * so that a stack that hangs on one input fails that input instead of holding the whole run.
 * Exit 0 when everything holds.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child_wait.h"

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs a child that sleeps for `sleep_s` then exits 3, waited for with timeout_ms. */
static int run(unsigned sleep_s, long timeout_ms, int *status, double *took) {
    int fds[2];
    wh_child_pipe(fds);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        wh_child_started(fds);
        sleep(sleep_s);
        _exit(3);
    }
    if (pid < 0) return -2;
    int killed = wh_child_wait(pid, fds, timeout_ms, status);
    *took = now_s() - t0;
    return killed;
}

int main(void) {
    int failures = 0, st = 0;
    double took = 0;
    int k = run(3600, 200, &st, &took);
    if (k != 1 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL || took < 0.15 || took > 30) {
        fprintf(stderr,
                "child_wait: a child that never ends, 200 ms to wait: returned %d, status %#x, after %.2f s; "
                "expected 1 and SIGKILL at about 0.2 s\n",
                k, (unsigned)st, took);
        failures++;
    }
    k = run(0, 60000, &st, &took);
    if (k != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 3 || took > 30) {
        fprintf(stderr,
                "child_wait: a child that exits 3 at once, 60 s to wait: returned %d, status %#x, after %.2f s; "
                "expected 0 and exit status 3 long before the deadline\n",
                k, (unsigned)st, took);
        failures++;
    }
    if (!failures) printf("child_wait: a hung child killed after its deadline; an ended one reaped at once\n");
    return failures != 0;
}
