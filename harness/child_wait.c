/*
 * child_wait.c: a child process waited for with a deadline (child_wait.h).
 *
 * Why a pipe and poll rather than a timer: the parent may have threads that would take a
 * SIGCHLD or SIGALRM meant for the wait, and polling waitpid costs every fast input a delay.
 * The child's end of the pipe closes when the child (and every thread of it) is gone, so the
 * read end's hang-up is the exit, seen at once.
 */
#define _POSIX_C_SOURCE 200809L
#include "child_wait.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

void wh_child_pipe(int fds[2]) {
    if (pipe(fds) != 0) fds[0] = fds[1] = -1;
}

void wh_child_started(int fds[2]) {
    if (fds[0] >= 0) close(fds[0]);
}

int wh_child_wait(pid_t pid, int fds[2], long timeout_ms, int *status) {
    int killed = 0;
    if (fds[1] >= 0) close(fds[1]);
    if (fds[0] >= 0) {
        struct pollfd p = {fds[0], POLLIN, 0};
        int n;
        while ((n = poll(&p, 1, timeout_ms > 0x7FFFFFFFL ? 0x7FFFFFFF : (int)timeout_ms)) < 0 && errno == EINTR)
            continue;
        if (n == 0) {
            kill(pid, SIGKILL);
            killed = 1;
        }
        close(fds[0]);
    }
    fds[0] = fds[1] = -1;
    *status = 0;
    while (waitpid(pid, status, 0) < 0)
        if (errno != EINTR) return -1;
    return killed;
}
