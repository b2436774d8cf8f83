/*
 * spawn_posix.c: spawn.h with fork, pipes, poll and waitpid.
 *
 * The child runs the case directly (no exec: cheap, and the catalogue is already in memory)
 * and leaves with _exit, so it never runs the parent's atexit handlers or flushes copies of
 * the parent's stdio buffers.  On Linux it also asks to be killed if the runner dies, so an
 * interrupted run leaves no hanging case behind.
 */
#define _POSIX_C_SOURCE 200809L
#include "spawn.h"
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

struct wc_proc {
    pid_t pid;
    int fd[2]; /* read ends: protocol, output; -1 once at EOF */
    int reaped, status, killed;
};

static void write_all(void *ud, const char *buf, size_t len)
{
    int fd = *(int *)ud;
    while (len) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return; /* the runner is gone; nothing left to tell */
        buf += w;
        len -= (size_t)w;
    }
}

static void close_pair(int p[2])
{
    if (p[0] >= 0) close(p[0]);
    if (p[1] >= 0) close(p[1]);
}

static _Noreturn void child(const wc_settings *s, size_t index, int proto[2], int out[2])
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    close(proto[0]);
    close(out[0]);
    dup2(out[1], 1);
    dup2(out[1], 2);
    close(out[1]);
    int fd = proto[1];
    wc_child_run(s, index, write_all, &fd);
    fflush(NULL);
    _exit(0);
}

wc_proc *wc_proc_start(const wc_settings *s, size_t index, char *err, size_t cap)
{
    int proto[2] = {-1, -1}, out[2] = {-1, -1};
    if (pipe(proto) != 0 || pipe(out) != 0) {
        snprintf(err, cap, "cannot create a pipe: %s", strerror(errno));
        close_pair(proto);
        close_pair(out);
        return NULL;
    }
    /* A case that execs a program must not hand it the runner's ends of the pipes. */
    fcntl(proto[0], F_SETFD, FD_CLOEXEC);
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, cap, "cannot fork: %s", strerror(errno));
        close_pair(proto);
        close_pair(out);
        return NULL;
    }
    if (pid == 0) child(s, index, proto, out);
    close(proto[1]);
    close(out[1]);
    wc_proc *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->pid = pid;
    p->fd[0] = proto[0];
    p->fd[1] = out[0];
    return p;
}

void wc_proc_wait(wc_proc *const *procs, size_t n, long timeout_ms, wc_proc_data_fn fn, void *ud)
{
    struct pollfd *pfd = calloc(2 * n + 1, sizeof *pfd);
    size_t *slot = calloc(2 * n + 1, sizeof *slot);
    int *stream = calloc(2 * n + 1, sizeof *stream);
    if (!pfd || !slot || !stream) abort();
    nfds_t k = 0;
    int exited_without_eof = 0;
    for (size_t i = 0; i < n; i++) {
        if (!procs[i]) continue;
        for (int st = 0; st < 2; st++)
            if (procs[i]->fd[st] >= 0) {
                pfd[k] = (struct pollfd){procs[i]->fd[st], POLLIN, 0};
                slot[k] = i;
                stream[k++] = st;
            }
        if (procs[i]->fd[0] < 0 && procs[i]->fd[1] < 0 && !procs[i]->reaped) exited_without_eof = 1;
    }
    /* A child that closed its pipes but has not been reaped yet: poll briefly, then look. */
    long t = exited_without_eof && timeout_ms > 5 ? 5 : timeout_ms;
    int r = poll(pfd, k, t < 0 ? 0 : (int)t);
    for (nfds_t i = 0; r > 0 && i < k; i++) {
        if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buf[8192];
        ssize_t got = read(pfd[i].fd, buf, sizeof buf);
        if (got > 0) {
            fn(ud, slot[i], stream[i], buf, (size_t)got);
        } else if (got == 0 || errno != EINTR) {
            close(pfd[i].fd);
            procs[slot[i]]->fd[stream[i]] = -1;
        }
    }
    free(pfd);
    free(slot);
    free(stream);
}

int wc_proc_done(wc_proc *p, wc_exit *x)
{
    if (p->fd[0] >= 0 || p->fd[1] >= 0) return 0;
    if (!p->reaped) {
        pid_t w = waitpid(p->pid, &p->status, WNOHANG);
        if (w == 0) return 0;
        p->reaped = 1;
    }
    if (p->killed)
        *x = (wc_exit){WC_TIMED_OUT, 0};
    else if (WIFSIGNALED(p->status))
        *x = (wc_exit){WC_SIGNALED, WTERMSIG(p->status)};
    else
        *x = (wc_exit){WC_EXITED, WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1};
    return 1;
}

void wc_proc_kill(wc_proc *p)
{
    if (p->reaped) {
        /* Killed before and still not at EOF: something it started holds the pipes open.
         * Stop waiting for it. */
        for (int st = 0; st < 2; st++)
            if (p->fd[st] >= 0) close(p->fd[st]), p->fd[st] = -1;
        return;
    }
    kill(p->pid, SIGKILL);
    waitpid(p->pid, &p->status, 0);
    p->reaped = 1;
    p->killed = 1;
    /* What it wrote before it hung is still in the pipes; the caller drains them with
     * wc_proc_wait until wc_proc_done says so. */
}

void wc_proc_free(wc_proc *p)
{
    if (!p) return;
    if (!p->reaped) wc_proc_kill(p);
    for (int st = 0; st < 2; st++)
        if (p->fd[st] >= 0) close(p->fd[st]);
    free(p);
}
