/*
 * spawn_posix.c: spawn.h with fork, pipes, poll and waitpid.
 *
 * The child runs the case directly (no exec: cheap, and the catalogue is already in memory)
 * and leaves with _exit, so it never runs the parent's atexit handlers or flushes copies of
 * the parent's stdio buffers.  On Linux it also asks to be killed if the runner dies, so an
 * interrupted run leaves no hanging case behind.
 *
 * A worker (WC_PROC_REUSE) reads the next case's index from a third pipe; end of file there
 * tells it to retire.  After each case it flushes stdio and writes MARK on its output stream
 * and on its protocol stream; the parent delivers a stream's bytes up to its MARK as that
 * case's, and the case is over when both MARKs have arrived.  Bytes after a MARK (nothing of
 * a healthy worker writes between cases) are delivered too and make the worker's end unclean
 * (wc_proc_stray_output): a LeakSanitizer report at retirement arrives that way.
 */
#define _GNU_SOURCE
#include "spawn.h"
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* The end of a case in a worker: starts with the protocol's record separator but is no
 * protocol line (those go on with "wc\t"), so a case printing it by accident is unlikely. */
#define MARK "\x1e\x1fwc-case-end\x1f\x1e\n"
enum { MARK_LEN = sizeof MARK - 1 };

/* LeakSanitizer's entry point, present only in sanitized builds. */
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

struct wc_proc {
    pid_t pid;
    int fd[2]; /* read ends: protocol, output; -1 once at EOF */
    int cmd; /* a worker's command pipe (write end), -1 otherwise or once retired */
    int pidfd; /* readable when the process has ended (Linux), or -1 */
    int worker, reaped, status, killed;
    int in_case, end_seen[2], stray;
    char *pend[2]; /* a worker's bytes held back: they may be the start of MARK */
    size_t npend[2];
    struct wc_proc *next_live; /* every live process, so a new child can close their fds */
};

static wc_proc *live;

int wc_proc_reuse_supported(void) { return 1; }
int wc_proc_leak_checker(void) { return __lsan_do_recoverable_leak_check != NULL; }

static void write_all(void *ud, const char *buf, size_t len) {
    int fd = *(int *)ud;
    while (len) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return; /* the runner is gone; nothing left to tell */
        buf += w;
        len -= (size_t)w;
    }
}

static int read_all(int fd, void *buf, size_t len) {
    char *b = buf;
    while (len) {
        ssize_t r = read(fd, b, len);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        b += r;
        len -= (size_t)r;
    }
    return 0;
}

static void close_pair(int p[2]) {
    if (p[0] >= 0) close(p[0]);
    if (p[1] >= 0) close(p[1]);
}

static _Noreturn void child(const wc_settings *s, size_t index, int flags, int proto[2], int out[2], int cmd[2]) {
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    /* the runner catches Ctrl-C to write a partial run; a case process stops as usual */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    /* Other case processes' pipes: a copy of a worker's command pipe here would keep that
     * worker from ever seeing its end of file. */
    for (wc_proc *p = live; p; p = p->next_live) {
        for (int st = 0; st < 2; st++)
            if (p->fd[st] >= 0) close(p->fd[st]);
        if (p->cmd >= 0) close(p->cmd);
        if (p->pidfd >= 0) close(p->pidfd);
    }
    close(proto[0]);
    close(out[0]);
    if (cmd[1] >= 0) close(cmd[1]);
    dup2(out[1], 1);
    dup2(out[1], 2);
    close(out[1]);
    int fd = proto[1], one = 1;
    for (;;) {
        wc_child_run(s, index, write_all, &fd);
        fflush(NULL);
        if (!(flags & WC_PROC_REUSE)) break;
        write_all(&one, MARK, MARK_LEN);
        write_all(&fd, MARK, MARK_LEN);
        uint64_t next;
        if (read_all(cmd[0], &next, sizeof next) != 0) break; /* retired, or the runner is gone */
        index = (size_t)next;
    }
    /* Exit code 23 is LeakSanitizer's own: the report is on stderr. */
    int leaked =
        (flags & (WC_PROC_REUSE | WC_PROC_LEAK_CHECK)) && wc_proc_leak_checker() && __lsan_do_recoverable_leak_check();
    fflush(NULL);
    _exit(leaked ? 23 : 0);
}

wc_proc *wc_proc_start(const wc_settings *s, size_t index, int flags, char *err, size_t cap) {
    int proto[2] = {-1, -1}, out[2] = {-1, -1}, cmd[2] = {-1, -1};
    if (pipe(proto) != 0 || pipe(out) != 0 || ((flags & WC_PROC_REUSE) && pipe(cmd) != 0)) {
        snprintf(err, cap, "cannot create a pipe: %s", strerror(errno));
        close_pair(proto);
        close_pair(out);
        close_pair(cmd);
        return NULL;
    }
    /* A case that execs a program must not hand it the runner's ends of the pipes. */
    fcntl(proto[0], F_SETFD, FD_CLOEXEC);
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    if (cmd[1] >= 0) fcntl(cmd[1], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, cap, "cannot fork: %s", strerror(errno));
        close_pair(proto);
        close_pair(out);
        close_pair(cmd);
        return NULL;
    }
    if (pid == 0) child(s, index, flags, proto, out, cmd);
    close(proto[1]);
    close(out[1]);
    if (cmd[0] >= 0) close(cmd[0]);
    wc_proc *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->pid = pid;
    p->fd[0] = proto[0];
    p->fd[1] = out[0];
    p->cmd = cmd[1];
    p->worker = (flags & WC_PROC_REUSE) != 0;
    p->in_case = 1;
#ifdef SYS_pidfd_open
    p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (p->pidfd >= 0) fcntl(p->pidfd, F_SETFD, FD_CLOEXEC);
#else
    p->pidfd = -1;
#endif
    p->next_live = live;
    live = p;
    return p;
}

int wc_proc_alive(const wc_proc *p) { return p->worker && !p->reaped && p->fd[0] >= 0 && p->fd[1] >= 0; }

int wc_proc_next(wc_proc *p, size_t index) {
    if (!wc_proc_alive(p) || p->in_case || p->cmd < 0) return -1;
    uint64_t v = index;
    int fd = p->cmd;
    /* A worker that died between cases makes this fail with EPIPE: the runner must not die
     * of SIGPIPE for it. */
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    ssize_t w;
    do w = write(fd, &v, sizeof v);
    while (w < 0 && errno == EINTR);
    signal(SIGPIPE, old);
    if (w != (ssize_t)sizeof v) return -1;
    p->in_case = 1;
    p->end_seen[0] = p->end_seen[1] = 0;
    return 0;
}

void wc_proc_retire(wc_proc *p) {
    if (p->cmd >= 0) close(p->cmd);
    p->cmd = -1;
}

int wc_proc_stray_output(const wc_proc *p) { return p->stray; }

/* Where MARK starts in b[0..n), or the start of the longest tail of b that could begin it. */
static size_t find_mark(const char *b, size_t n, int *whole) {
    for (size_t i = 0; i < n; i++) {
        if (b[i] != MARK[0]) continue;
        size_t m = n - i < MARK_LEN ? n - i : MARK_LEN;
        if (memcmp(b + i, MARK, m) != 0) continue;
        *whole = m == MARK_LEN;
        return i;
    }
    *whole = 0;
    return n;
}

static void take(wc_proc *p, size_t slot, int st, const char *buf, size_t n, wc_proc_data_fn fn, void *ud) {
    if (!p->worker) {
        fn(ud, slot, st, buf, n);
        return;
    }
    if (!p->in_case || p->end_seen[st]) {
        p->stray = 1;
        fn(ud, slot, st, buf, n);
        return;
    }
    char *b = p->pend[st] = realloc(p->pend[st], p->npend[st] + n);
    if (!b) abort();
    memcpy(b + p->npend[st], buf, n);
    size_t len = p->npend[st] + n;
    int whole;
    size_t at = find_mark(b, len, &whole);
    if (at) fn(ud, slot, st, b, at);
    if (whole) {
        p->end_seen[st] = 1;
        p->npend[st] = 0;
        if (len > at + MARK_LEN) {
            p->stray = 1;
            fn(ud, slot, st, b + at + MARK_LEN, len - at - MARK_LEN);
        }
        return;
    }
    memmove(b, b + at, len - at);
    p->npend[st] = len - at;
}

/* End of file on a stream: what was held back is the case's after all. */
static void flush_pending(wc_proc *p, size_t slot, int st, wc_proc_data_fn fn, void *ud) {
    if (p->npend[st]) fn(ud, slot, st, p->pend[st], p->npend[st]);
    p->npend[st] = 0;
}

void wc_proc_wait(wc_proc *const *procs, size_t n, long timeout_ms, wc_proc_data_fn fn, void *ud) {
    struct pollfd *pfd = calloc(2 * n + 1, sizeof *pfd);
    size_t *slot = calloc(2 * n + 1, sizeof *slot);
    int *stream = calloc(2 * n + 1, sizeof *stream);
    if (!pfd || !slot || !stream) abort();
    nfds_t k = 0;
    int exited_without_eof = 0;
    for (size_t i = 0; i < n; i++) {
        wc_proc *p = procs[i];
        if (!p) continue;
        for (int st = 0; st < 2; st++)
            if (p->fd[st] >= 0) {
                pfd[k] = (struct pollfd){p->fd[st], POLLIN, 0};
                slot[k] = i;
                stream[k++] = st;
            }
        if (p->fd[0] < 0 && p->fd[1] < 0 && !p->reaped) {
            /* It closed its pipes and is on its way out: wait for its end itself. */
            if (p->pidfd >= 0) {
                pfd[k] = (struct pollfd){p->pidfd, POLLIN, 0};
                slot[k] = i;
                stream[k++] = -1;
            } else {
                exited_without_eof = 1;
            }
        }
    }
    /* Without a process descriptor: poll briefly, then look. */
    long t = exited_without_eof && timeout_ms > 1 ? 1 : timeout_ms;
    int r = poll(pfd, k, t < 0 ? 0 : (int)t);
    for (nfds_t i = 0; r > 0 && i < k; i++) {
        if (stream[i] < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        wc_proc *p = procs[slot[i]];
        char buf[8192];
        ssize_t got = read(pfd[i].fd, buf, sizeof buf);
        if (got > 0) {
            take(p, slot[i], stream[i], buf, (size_t)got, fn, ud);
        } else if (got == 0 || errno != EINTR) {
            flush_pending(p, slot[i], stream[i], fn, ud);
            close(pfd[i].fd);
            p->fd[stream[i]] = -1;
        }
    }
    free(pfd);
    free(slot);
    free(stream);
}

int wc_proc_done(wc_proc *p, wc_exit *x) {
    if (p->worker && p->in_case && p->end_seen[0] && p->end_seen[1]) {
        p->in_case = 0;
        *x = (wc_exit){WC_EXITED, 0};
        return 1;
    }
    if (p->fd[0] >= 0 || p->fd[1] >= 0) return 0;
    if (!p->reaped) {
        pid_t w = waitpid(p->pid, &p->status, WNOHANG);
        if (w == 0) return 0;
        p->reaped = 1;
    }
    p->in_case = 0;
    if (p->killed)
        *x = (wc_exit){WC_TIMED_OUT, 0};
    else if (WIFSIGNALED(p->status))
        *x = (wc_exit){WC_SIGNALED, WTERMSIG(p->status)};
    else
        *x = (wc_exit){WC_EXITED, WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1};
    return 1;
}

long long wc_proc_queued_us(const wc_proc *p) {
#ifdef __linux__
    /* Three numbers: ns on a CPU, ns runnable and waiting for one, time slices. */
    char path[64], buf[128];
    snprintf(path, sizeof path, "/proc/%ld/schedstat", (long)p->pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    unsigned long long run = 0, wait = 0;
    if (sscanf(buf, "%llu %llu", &run, &wait) != 2) return 0;
    return (long long)(wait / 1000);
#else
    (void)p;
    return 0;
#endif
}

void wc_proc_kill(wc_proc *p) {
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

void wc_proc_free(wc_proc *p) {
    if (!p) return;
    for (wc_proc **q = &live; *q; q = &(*q)->next_live)
        if (*q == p) {
            *q = p->next_live;
            break;
        }
    if (p->cmd >= 0) close(p->cmd);
    if (!p->reaped) wc_proc_kill(p);
    for (int st = 0; st < 2; st++) {
        if (p->fd[st] >= 0) close(p->fd[st]);
        free(p->pend[st]);
    }
    if (p->pidfd >= 0) close(p->pidfd);
    free(p);
}
