/*
 * tcp_proxy.h: a sample WFP connection-redirect service for TCP, the user-mode half of
 * SEMANTICS 1.2 "usage model" and 5 "proxy steps", written only against wfpcert/winsock.h
 * so a vendor can build the same file on Windows.
 *
 * Per accepted connection: SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS (size probe, one
 * retry) -> SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT (optional) -> original destination
 * from the context, else the configured one -> new overlapped socket ->
 * SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS before bind/connect -> non-blocking connect ->
 * relay both ways on one completion port with half-close -> close.
 *
 * Why it is driven step by step: the model's sim transport is deterministic and has no
 * threads, so the caller owns the loop (px_tcp_poll); on the os transport or on Windows a
 * thread simply calls px_tcp_poll in a loop.
 */
#ifndef WFPCERT_TCP_PROXY_H
#define WFPCERT_TCP_PROXY_H

#include "proxy_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PX_TCP_V4 1
#define PX_TCP_V6 2

typedef struct px_tcp_config {
    char vendor; /* label in reports ('A', 'B', ...) */
    USHORT port; /* loopback port to listen on, host order */
    int families; /* PX_TCP_V4 | PX_TCP_V6; 0 = both */
    SOCKADDR_STORAGE fallback_dst; /* used when no context names the destination; family 0 = none */
    ULONG relay_buf; /* bytes per receive; 0 = 16 KiB (small values force short reads) */
    px_tamper tamper; /* test only: a proxy that breaks opacity */
    px_observer observer; /* optional: told about every flow (chain runner) */
    void *observer_ctx;
} px_tcp_config;

typedef struct px_tcp_stats {
    unsigned long accepted, active, completed, failed;
    unsigned long no_context; /* QUERY_CONTEXT failed: fell back (not fatal, A44) */
    unsigned long query_retries; /* records or context probe said "too small" with a size: one sized retry */
    unsigned long query_fallbacks; /* the probe said WSAEINVAL/0: one 8192-byte retry */
    unsigned long set_failed, connect_failed, resets, short_sends, send_retries;
    unsigned long long bytes_up, bytes_down; /* client->server, server->client */
} px_tcp_stats;

typedef struct px_tcp_proxy px_tcp_proxy;

/* Opens the listeners.  Returns 0 or a WSA error (the listener could not be opened). */
int px_tcp_start(const px_tcp_config *c, px_tcp_proxy **out);
/* One iteration: accept what is waiting, advance pending connects, retry blocked sends,
 * and dequeue completion packets (waiting at most timeout_ms for the first; never pass
 * INFINITE on the sim transport).  Returns how many things happened; 0 = idle. */
int px_tcp_poll(px_tcp_proxy *p, DWORD timeout_ms);
void px_tcp_get_stats(const px_tcp_proxy *p, px_tcp_stats *s);
/* Closes the listeners and every flow (each reported CLOSED), drains the port, frees. */
void px_tcp_stop(px_tcp_proxy *p);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_TCP_PROXY_H */
