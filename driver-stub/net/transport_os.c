/*
 * transport_os.c: the system half of the `os` transport (transport.h): Linux sockets on
 * 127.0.0.1 and ::1, and one epoll thread per world that reports readiness.
 *
 * Deliberately knows nothing of the model: no Winsock names, no world, no locks.  Bytes
 * really cross the kernel here; which socket talks to which, and every WFP decision, stay in
 * the model (transport_glue.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, pipe2 */
#endif
#include "transport.h"
#include "../kernel/heap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int err_of(int e) {
    switch (e) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EINPROGRESS:
        return MS_HOST_EAGAIN;
    case ECONNRESET:
    case EPIPE:
    case ENOTCONN:
        return MS_HOST_ERESET;
    case ECONNREFUSED:
        return MS_HOST_EREFUSED;
    case ENOBUFS:
    case ENOMEM:
        return MS_HOST_ENOBUFS;
    default:
        return MS_HOST_EOTHER;
    }
}

static socklen_t loopback(unsigned short port, struct sockaddr_storage *a) {
    memset(a, 0, sizeof *a);
    struct sockaddr_in *s = (struct sockaddr_in *)a;
    s->sin_family = AF_INET;
    s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->sin_port = htons(port);
    return sizeof *s;
}

static unsigned short port_of(const struct sockaddr_storage *a) {
    return ntohs(((const struct sockaddr_in *)a)->sin_port);
}

int ms_host_socket(int stream) {
    int fd = socket(AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return err_of(errno);
    if (stream) {
        int one = 1; /* relays write what they read at once; Nagle would only add latency */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return fd;
}

int ms_host_bind_loopback(int fd, unsigned short *port) {
    struct sockaddr_storage a;
    socklen_t len = loopback(0, &a);
    if (bind(fd, (struct sockaddr *)&a, len)) return err_of(errno);
    len = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &len)) return err_of(errno);
    *port = port_of(&a);
    return 0;
}

void ms_host_set_buffer(int fd, int receive, unsigned long bytes) {
    int v = bytes > INT_MAX / 2 ? INT_MAX / 2 : (int)bytes;
    setsockopt(fd, SOL_SOCKET, receive ? SO_RCVBUF : SO_SNDBUF, &v, sizeof v);
}

int ms_host_listen(int fd) { return listen(fd, 4096) ? err_of(errno) : 0; }

int ms_host_connect_loopback(int fd, unsigned short port, unsigned short *local_port) {
    struct sockaddr_storage a;
    socklen_t len = loopback(port, &a);
    if (connect(fd, (struct sockaddr *)&a, len) && errno != EINPROGRESS) return err_of(errno);
    /* A loopback handshake finishes without the network; wait for it anyway, briefly. */
    struct pollfd p = {fd, POLLOUT, 0};
    if (poll(&p, 1, 5000) != 1) return MS_HOST_EOTHER;
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
    if (soerr) return err_of(soerr);
    len = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &len)) return err_of(errno);
    *local_port = port_of(&a);
    return 0;
}

int ms_host_accept(int lfd, unsigned short *peer_port) {
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    int fd = accept4(lfd, (struct sockaddr *)&a, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return err_of(errno);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    *peer_port = port_of(&a);
    return fd;
}

long ms_host_send(int fd, const void *p, size_t n) {
    ssize_t r = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    return r < 0 ? err_of(errno) : (long)r;
}

long ms_host_recv(int fd, void *p, size_t n, int peek) {
    ssize_t r = recv(fd, p, n, MSG_DONTWAIT | (peek ? MSG_PEEK : 0));
    return r < 0 ? err_of(errno) : (long)r;
}

long ms_host_sendto_loopback(int fd, unsigned short port, const void *p, size_t n) {
    struct sockaddr_storage a;
    socklen_t len = loopback(port, &a);
    ssize_t r = sendto(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT, (struct sockaddr *)&a, len);
    return r < 0 ? err_of(errno) : (long)r;
}

long ms_host_recvfrom(int fd, void *p, size_t n) {
    ssize_t r = recvfrom(fd, p, n, MSG_DONTWAIT, NULL, NULL);
    return r < 0 ? err_of(errno) : (long)r;
}

int ms_host_shutdown_send(int fd) { return shutdown(fd, SHUT_WR) ? err_of(errno) : 0; }
void ms_host_close(int fd) {
    if (fd >= 0) close(fd);
}

int ms_host_unread(int fd) {
    int n = 0;
    return ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

void ms_host_reset_on_close(int fd) {
    struct linger l = {1, 0};
    (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

int ms_host_readable(int fd) {
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

int ms_host_peer_ended(int fd, int drained) {
    struct pollfd p = {fd, POLLRDHUP, 0};
    if (poll(&p, 1, 0) != 1 || !(p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return 0;
    int waiting = 0;
    return !drained || (ioctl(fd, FIONREAD, &waiting) == 0 && waiting == 0);
}

/* ------------------------------------------------------------------ poller */
struct ms_host_poller {
    int ep, stop_fd;
    pthread_t thread;
    void (*ready)(void *, int, int, int);
    void *ctx;
};

static void *poll_loop(void *arg) {
    ms_host_poller *p = arg;
    struct epoll_event ev[64];
    for (;;) {
        int n = epoll_wait(p->ep, ev, 64, -1);
        for (int i = 0; i < n; i++) {
            if (ev[i].data.fd == p->stop_fd) return NULL;
            uint32_t e = ev[i].events;
            p->ready(p->ctx, ev[i].data.fd, (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0,
                     (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0);
        }
        if (n < 0 && errno != EINTR) return NULL;
    }
}

ms_host_poller *ms_host_poller_start(void (*ready)(void *ctx, int fd, int readable, int writable), void *ctx) {
    ms_host_poller *p = ms_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->ready = ready;
    p->ctx = ctx;
    p->ep = epoll_create1(EPOLL_CLOEXEC);
    int pipefd[2] = {-1, -1};
    if (p->ep < 0 || pipe2(pipefd, O_CLOEXEC)) goto fail;
    p->stop_fd = pipefd[0];
    close(pipefd[1]); /* a pipe whose writer is gone is readable (EOF) only once stop adds it */
    if (pthread_create(&p->thread, NULL, poll_loop, p)) goto fail;
    return p;
fail:
    if (p->ep >= 0) close(p->ep);
    if (pipefd[0] >= 0) close(pipefd[0]);
    ms_free(p);
    return NULL;
}

/* Writable edges only while asked for (ms_host_poller_want_write): a reader draining a socket gives
 * its sender a writable edge for every chunk, and with EPOLLOUT always on the poller woke (and
 * took the world lock) once per chunk per hop for nothing but a backlog that was empty. */
int ms_host_poller_add(ms_host_poller *p, int fd) {
    struct epoll_event e = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = fd};
    return epoll_ctl(p->ep, EPOLL_CTL_ADD, fd, &e) ? err_of(errno) : 0;
}

void ms_host_poller_want_write(ms_host_poller *p, int fd, int on) {
    /* Re-armed edge-triggered: if the socket is writable now, an edge comes at once. */
    struct epoll_event e = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (on ? EPOLLOUT : 0), .data.fd = fd};
    epoll_ctl(p->ep, EPOLL_CTL_MOD, fd, &e);
}

void ms_host_poller_del(ms_host_poller *p, int fd) { epoll_ctl(p->ep, EPOLL_CTL_DEL, fd, NULL); }

void ms_host_poller_stop(ms_host_poller *p) {
    if (!p) return;
    /* The stop descriptor is an empty pipe with no writer: adding it wakes the loop at once. */
    struct epoll_event e = {.events = EPOLLIN, .data.fd = p->stop_fd};
    epoll_ctl(p->ep, EPOLL_CTL_ADD, p->stop_fd, &e);
    pthread_join(p->thread, NULL);
    close(p->stop_fd);
    close(p->ep);
    ms_free(p);
}
