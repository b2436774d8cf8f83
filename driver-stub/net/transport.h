/*
 * transport.h: the `os` transport's system half: real loopback sockets and a readiness
 * thread, behind plain ints and buffers.
 *
 * Why a header of its own: transport_os.c includes the system socket headers, whose names
 * (socket, bind, AF_INET6 = 10, struct sockaddr_in ...) collide with the Windows ones of
 * wfpcert/winsock.h, so it must never see the model's headers; the model's half
 * (transport_glue.c) must never see the system's.  Only this header is shared.  Ports are in host
 * order, errors the MS_HOST_E* values below.
 *
 * Every real socket is IPv4 (127.0.0.1), whatever the model socket's family: the real leg only
 * carries bytes and datagrams (the addresses programs see are the model's), and one family lets a
 * dual-stack model listener take both families' connections without a real socket on ::.
 */
#ifndef WFPCERT_NET_TRANSPORT_H
#define WFPCERT_NET_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

enum {
    MS_HOST_EAGAIN = -1, /* would block: try again when the poller says so */
    MS_HOST_ERESET = -2, /* ECONNRESET, EPIPE: the peer is gone */
    MS_HOST_EREFUSED = -3,
    MS_HOST_ENOBUFS = -4,
    MS_HOST_EOTHER = -5,
};

/* A non-blocking TCP (stream = 1) or UDP socket.
 * Returns the descriptor or an MS_HOST_E* value. */
int ms_host_socket(int stream);
/* Binds to 127.0.0.1, port 0; the kernel's port in *port. */
int ms_host_bind_loopback(int fd, unsigned short *port);
int ms_host_listen(int fd);
/* Connects to loopback:port and waits for the handshake (loopback: at once); *local_port is
 * the kernel's port of this end, which the accept side uses to pair the two ends. */
int ms_host_connect_loopback(int fd, unsigned short port, unsigned short *local_port);
/* Non-blocking accept; the peer's port in *peer_port. */
int ms_host_accept(int lfd, unsigned short *peer_port);
/* Non-blocking data calls: bytes done, 0 = end of stream (recv), or MS_HOST_E*. */
long ms_host_send(int fd, const void *p, size_t n);
long ms_host_recv(int fd, void *p, size_t n, int peek);
long ms_host_sendto_loopback(int fd, unsigned short port, const void *p, size_t n);
long ms_host_recvfrom(int fd, void *p, size_t n);
int ms_host_shutdown_send(int fd);
/* SO_SNDBUF (receive 0) or SO_RCVBUF (1) of the real socket; the kernel clamps it to its limits. */
void ms_host_set_buffer(int fd, int receive, unsigned long bytes);
void ms_host_close(int fd);
/* Bytes received and not yet read (FIONREAD); 0 on error. */
int ms_host_unread(int fd);
/* SO_LINGER {1, 0}: the next close sends a reset, not a FIN. */
void ms_host_reset_on_close(int fd);
int ms_host_readable(int fd); /* data or end of stream waiting (poll, no wait) */
/* The peer has ended the stream (FIN, reset); with drained, and no byte before the end is left. */
int ms_host_peer_ended(int fd, int drained);

/* The readiness thread: edge-triggered epoll over every registered descriptor; ready(ctx, fd,
 * readable, writable) runs on that thread for each event. */
typedef struct ms_host_poller ms_host_poller;
ms_host_poller *ms_host_poller_start(void (*ready)(void *ctx, int fd, int readable, int writable), void *ctx);
int ms_host_poller_add(ms_host_poller *p, int fd); /* readable edges */
void ms_host_poller_want_write(ms_host_poller *p, int fd, int on); /* and writable edges, while on */
void ms_host_poller_del(ms_host_poller *p, int fd);
void ms_host_poller_stop(ms_host_poller *p); /* joins the thread; no callback runs after it returns */

#endif /* WFPCERT_NET_TRANSPORT_H */
