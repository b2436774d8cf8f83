/*
 * tcp_internal.h: the TCP proxy's flow state, shared by tcp_proxy.c (listeners, set-up,
 * teardown) and tcp_relay.c (the two relay directions).  Not part of the API.
 *
 * Lifetime rule (the usual completion-port one): a flow is freed only when it has ended AND
 * no overlapped operation of it is outstanding, because closesocket does not take back an
 * operation; it completes it (aborted) through the port later.
 */
#ifndef WFPCERT_TCP_INTERNAL_H
#define WFPCERT_TCP_INTERNAL_H

#include "tcp_proxy.h"

typedef enum { DIR_IDLE, DIR_RECV, DIR_SEND, DIR_RETRY, DIR_DONE } px_tcp_dir_state;
typedef enum { FLOW_CONNECTING, FLOW_RELAY, FLOW_ENDED } px_tcp_flow_state;

typedef struct px_tcp_flow px_tcp_flow;

/* One direction: receive from one socket, send to the other.  At most one operation is
 * outstanding per direction, so one OVERLAPPED (the first member) serves both steps. */
typedef struct px_tcp_dir {
    OVERLAPPED ov;
    px_tcp_flow *flow;
    int up; /* 1: client -> server, 0: server -> client */
    px_tcp_dir_state state;
    char *buf;
    ULONG cap, have, sent;
} px_tcp_dir;

struct px_tcp_flow {
    px_tcp_proxy *p;
    SOCKET down, up; /* accepted (client side) and outbound (server side) */
    px_tcp_flow_state state;
    int pending; /* overlapped operations not yet dequeued */
    px_tcp_dir dir[2]; /* [0] server -> client, [1] client -> server */
    SOCKADDR_STORAGE client, original_dst;
    px_blob set; /* what was handed to SET, kept for the FORWARDED report */
    unsigned long long bytes[2];
    px_tcp_flow *prev, *next;
};

struct px_tcp_proxy {
    px_tcp_config cfg;
    HANDLE port;
    SOCKET listener[2];
    px_tcp_flow *flows;
    unsigned long connecting, retrying;
    px_tcp_stats st;
};

/* tcp_relay.c */
void px_tcp_relay_start(px_tcp_flow *f);
/* A dequeued packet for d: ok/bytes/error as GetQueuedCompletionStatus gave them. */
void px_tcp_relay_completed(px_tcp_dir *d, BOOL ok, DWORD bytes, DWORD error);
/* Sends that found no buffer space (WSAENOBUFS / WSAEWOULDBLOCK) get another go. */
int px_tcp_relay_retry(px_tcp_proxy *p);
void px_tcp_dir_free(px_tcp_dir *d);

/* tcp_proxy.c */
void px_tcp_flow_end(px_tcp_flow *f, int error, const char *what);
/* Frees an ended flow once nothing is outstanding. */
void px_tcp_flow_maybe_free(px_tcp_flow *f);

#endif /* WFPCERT_TCP_INTERNAL_H */
