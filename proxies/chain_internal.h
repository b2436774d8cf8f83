/*
 * chain_internal.h: the chain runner's state, shared by its files:
 *   chain.c           the run loop, the report and its table
 *   chain_topology.c  the topology table; callouts and proxies per vendor (threads on os)
 *   chain_endpoints.c the clients and the server, their data and checksums
 *   chain_track.c     the proxies' observer: hops, opacity, path assembly, fates
 * Not part of the API.
 */
#ifndef WFPCERT_CHAIN_INTERNAL_H
#define WFPCERT_CHAIN_INTERNAL_H

#include "chain.h"
#include "tcp_proxy.h"
#include "udp_proxy.h"
#include "vendor_proxy.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h" /* pump, findings, issued bytes: the chain runner is the suite's harness */

#include "wsys.h"
#include <stdatomic.h>
#include <stdint.h>

#define PX_CHAIN_SERVER_PORT 80
#define PX_CHAIN_PROXY_PORT_BASE 50001
#define PX_CHAIN_MAX_VENDORS 3
#define PX_CHAIN_HEADER 16 /* "WFPC" | flow index | total length: the first bytes of every stream */

typedef enum { PX_CHAIN_MODE_TCP, PX_CHAIN_MODE_UDP, PX_CHAIN_MODE_MIXED } px_chain_mode;

typedef struct px_chain_vendor_def {
    char vendor;
    int weight;
    int trust_others;
} px_chain_vendor_def;

typedef struct px_chain_topology {
    const char *name;
    const char *doc;
    px_chain_vendor_def defs[PX_CHAIN_MAX_VENDORS];
    int nv;
    const char *path; /* the vendors every flow must pass, in order */
    px_chain_mode mode;
} px_chain_topology;

const px_chain_topology *px_chain_find_topology(const char *name);
/* The port the server listens on: a vendor driver's redirect_port (--callout) or 80. */
USHORT px_chain_server_port(void);

typedef struct px_chain_state px_chain_state;

typedef struct px_chain_vendor {
    px_chain_state *st;
    char vendor;
    USHORT port;
    DWORD pid; /* the process its proxies run in: each vendor's service is a process of its own */
    px_tcp_proxy *tcp;
    px_udp_proxy *udp;
    px_vendor_run *vp; /* --proxy: a vendor's service in place of tcp (vendor_proxy.c) */
    wsys_thread thread; /* os transport: the proxies' own loop */
    int threaded;
    int stopped;
} px_chain_vendor;

/* One proxy's view of one flow, as its observer heard it. */
typedef struct px_chain_hoprec {
    char vendor;
    USHORT port;
    int proto;
    SOCKADDR_STORAGE client, upstream;
    SOCKET upstream_socket; /* the proxy's outbound socket, the sender of the next hop's flow */
    ULONG rec_len, ctx_len;
    uint64_t rec_hash;
    int opaque, handed_same, forwarded, closed, error;
    int depth; /* 1 for the first proxy of a flow */
    char what[40];
    /* When the proxy reported it (the observer's event count), and the next older hop in the
     * same bucket of the client index and of the upstream index (chain_track.c), or -1. */
    unsigned long long seq, closed_seq; /* closed_seq: when it reported CLOSED (0: not yet) */
    int older_client, older_upstream;
} px_chain_hoprec;

typedef enum { CL_CONNECTING, CL_SENDING, CL_READING, CL_DONE, CL_FAILED } px_chain_client_state;

typedef struct px_chain_client {
    int index, proto, family;
    SOCKET s;
    px_chain_client_state state;
    SOCKADDR_STORAGE local, dst;
    unsigned long long total, sent, got;
    uint64_t sum_sent, sum_got;
    unsigned char *buf;
    size_t buf_len, buf_off;
    int dgram_sent, dgram_replies, aborted, error;
    const char *what;
    /* The observer's event count.  Atomic: a vendor's proxy (vendor_proxy.c) takes its stamps
     * when the model sees the call, on the proxy's thread, outside mu. */
    _Atomic unsigned long long seq; /* the observer's event count before its address was bound */
    unsigned long long closed_seq; /* ... when its socket was closed (0: open) */
} px_chain_client;

typedef struct px_chain_sconn {
    SOCKET s;
    int flow; /* -1 until the header is in */
    unsigned char hdr[PX_CHAIN_HEADER];
    int hdr_have, replying, done;
    unsigned long long got, reply_total, reply_sent;
    uint64_t sum, sum_reply;
    SOCKADDR_STORAGE peer;
} px_chain_sconn;

typedef struct px_chain_server_seen {
    int arrivals;
    SOCKADDR_STORAGE peer; /* the last proxy's upstream address (or the client's) */
    unsigned long long got, reply_sent;
    uint64_t sum, sum_reply;
} px_chain_server_seen;

struct px_chain_state {
    const px_chain_options *o;
    const px_chain_topology *topo;
    wt_target *t;
    px_chain_vendor v[PX_CHAIN_MAX_VENDORS];
    int nv;
    wsys_mutex mu; /* the observer runs on proxy threads on the os transport */
    px_chain_hoprec *hops;
    int nhops, caphops;
    /* Hops by client address and by upstream address: the newest hop of each bucket, or -1.
     * A long run reuses addresses (ports wrap), so a lookup also goes by time (seq). */
    int *by_client, *by_upstream;
    unsigned nbuckets; /* a power of two */
    unsigned long long seq;
    BYTE *scratch;
    px_chain_client *clients;
    px_chain_server_seen *seen;
    SOCKET tlisten[2], userver[2];
    px_chain_sconn *sconns;
    int nsconns, capsconns;
    unsigned char *gen; /* scratch for generated data */
    unsigned long long now_ms;
    volatile int stop_threads;
};

/* chain_topology.c */
int px_chain_vendors_start(px_chain_state *st, char *err, size_t errlen);
void px_chain_vendor_stop(px_chain_vendor *v);
void px_chain_vendors_stop(px_chain_state *st);
int px_chain_vendor_udp(void); /* --proxy: the vendor's module relays UDP too */
/* "proxies: TCP NAME, UDP ..." for the report when a vendor's module runs (else ""). */
void px_chain_describe_proxies(const px_chain_topology *topo, char *buf, size_t n);
int px_chain_vendors_poll(px_chain_state *st); /* sim: one iteration of every proxy */

/* chain_endpoints.c */
uint64_t px_chain_sum(uint64_t sum, const unsigned char *p, size_t n);
#define PX_CHAIN_SUM_INIT 1469598103934665603ull
void px_chain_stream_fill(int flow, int reply, unsigned long long total, unsigned long long off, unsigned char *p,
                          size_t n);
int px_chain_server_open(px_chain_state *st, char *err, size_t errlen);
int px_chain_server_step(px_chain_state *st);
int px_chain_clients_start(px_chain_state *st, char *err, size_t errlen);
int px_chain_clients_step(px_chain_state *st);
int px_chain_clients_finished(const px_chain_state *st);
void px_chain_clients_abort(px_chain_state *st);
void px_chain_endpoints_close(px_chain_state *st);

/* chain_track.c */
int px_chain_observe(void *ctx, const px_event *ev);
/* The next stamp of the observer's count (ctx: the px_chain_state), for events reported later. */
unsigned long long px_chain_stamp(void *ctx);
/* Stamps a client whose address is now known (its first hop is looked for after this). */
void px_chain_track_client(px_chain_state *st, px_chain_client *c);
void px_chain_track_client_closed(px_chain_state *st, px_chain_client *c);
void px_chain_track_free(px_chain_state *st);
void px_chain_assemble(px_chain_state *st, px_chain_report *r);

#endif /* WFPCERT_CHAIN_INTERNAL_H */
