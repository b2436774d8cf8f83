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

typedef enum { DIR_IDLE, DIR_RECV, DIR_SEND, DIR_RETRY, DIR_DONE } tp_dir_state;
typedef enum { FLOW_CONNECTING, FLOW_RELAY, FLOW_ENDED } tp_flow_state;

typedef struct tp_flow tp_flow;

/* One direction: receive from one socket, send to the other.  At most one operation is
 * outstanding per direction, so one OVERLAPPED (the first member) serves both steps. */
typedef struct tp_dir {
    OVERLAPPED ov;
    tp_flow *flow;
    int up;         /* 1: client -> server, 0: server -> client */
    tp_dir_state state;
    char *buf;
    ULONG cap, have, sent;
} tp_dir;

struct tp_flow {
    tp_proxy *p;
    SOCKET down, up; /* accepted (client side) and outbound (server side) */
    tp_flow_state state;
    int pending;     /* overlapped operations not yet dequeued */
    tp_dir dir[2];   /* [0] server -> client, [1] client -> server */
    SOCKADDR_STORAGE client, original_dst;
    px_blob set;     /* what was handed to SET, kept for the FORWARDED report */
    unsigned long long bytes[2];
    tp_flow *prev, *next;
};

struct tp_proxy {
    tp_config cfg;
    HANDLE port;
    SOCKET listener[2];
    tp_flow *flows;
    unsigned long connecting, retrying;
    tp_stats st;
};

/* tcp_relay.c */
void tp_relay_start(tp_flow *f);
/* A dequeued packet for d: ok/bytes/error as GetQueuedCompletionStatus gave them. */
void tp_relay_completed(tp_dir *d, BOOL ok, DWORD bytes, DWORD error);
/* Sends that found no buffer space (WSAENOBUFS / WSAEWOULDBLOCK) get another go. */
int tp_relay_retry(tp_proxy *p);
void tp_dir_free(tp_dir *d);

/* tcp_proxy.c */
void tp_flow_end(tp_flow *f, int error, const char *what);
/* Frees an ended flow once nothing is outstanding. */
void tp_flow_maybe_free(tp_flow *f);

#endif /* WFPCERT_TCP_INTERNAL_H */
