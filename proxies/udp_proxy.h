/*
 * udp_proxy.h: a sample WFP connection-redirect service for UDP (SEMANTICS 1.2 usage model,
 * 2 "UDP redirect rule", A60..A62), written only against wfpcert/winsock.h.
 *
 * The proxy socket asks for the redirect control messages (setsockopt IP_WFP_REDIRECT_RECORDS
 * and _CONTEXT = DWORD 1) and receives with WSARecvMsg.  The first datagram of a flow carries
 * the records (and the context with the original destination); the proxy keeps per-flow state
 * keyed by the client's address, opens an upstream socket, and forwards the records on the
 * FIRST datagram only, as WSASendMsg control data (IPPROTO_IP / IP_WFP_REDIRECT_RECORDS, the
 * level/type C6 leaves open).  Replies from upstream go back to the client from the proxy
 * socket.  Idle flows expire on the caller's clock (px_udp_expire), so the sim stays deterministic.
 */
#ifndef WFPCERT_UDP_PROXY_H
#define WFPCERT_UDP_PROXY_H

#include "proxy_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct px_udp_config {
    char vendor;
    USHORT port; /* loopback port, host order */
    int families; /* 1 = IPv4, 2 = IPv6 (as PX_TCP_V4/PX_TCP_V6); 0 = both */
    SOCKADDR_STORAGE fallback_dst; /* when no context names the destination; family 0 = none */
    ULONG max_datagram; /* receive buffer per socket; 0 = 16 KiB */
    unsigned long long idle_ms; /* flows idle this long expire; 0 = 30 s */
    px_tamper tamper;
    px_observer observer;
    void *observer_ctx;
} px_udp_config;

typedef struct px_udp_stats {
    unsigned long flows, active, expired, failed;
    unsigned long no_records; /* a new client's datagram without records: dropped */
    unsigned long no_context;
    unsigned long ctrunc; /* control data truncated (MSG_CTRUNC) */
    unsigned long send_failed;
    unsigned long long datagrams_up, datagrams_down, bytes_up, bytes_down;
} px_udp_stats;

typedef struct px_udp_proxy px_udp_proxy;

int px_udp_start(const px_udp_config *c, px_udp_proxy **out); /* 0 or a WSA error */
/* Dequeues completion packets (waiting at most timeout_ms for the first); returns how many. */
int px_udp_poll(px_udp_proxy *p, DWORD timeout_ms);
/* The caller's clock: flows not used since now_ms - idle_ms are closed (reported CLOSED). */
int px_udp_expire(px_udp_proxy *p, unsigned long long now_ms);
void px_udp_get_stats(const px_udp_proxy *p, px_udp_stats *s);
void px_udp_stop(px_udp_proxy *p);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_UDP_PROXY_H */
