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

#include "wsys.h"
#include <stdatomic.h>
#include <stdint.h>

#define CH_SERVER_PORT 80
#define CH_PROXY_PORT_BASE 50001
#define CH_MAX_VENDORS 3
#define CH_HEADER 16 /* "WFPC" | flow index | total length: the first bytes of every stream */

typedef enum { CH_MODE_TCP, CH_MODE_UDP, CH_MODE_MIXED } ch_mode;

typedef struct ch_vendor_def {
    char vendor;
    int weight;
    int trust_others;
} ch_vendor_def;

typedef struct ch_topology {
    const char *name;
    const char *doc;
    ch_vendor_def defs[CH_MAX_VENDORS];
    int nv;
    const char *path; /* the vendors every flow must pass, in order */
    ch_mode mode;
} ch_topology;

const ch_topology *ch_find_topology(const char *name);

typedef struct ch_state ch_state;

typedef struct ch_vendor {
    ch_state *st;
    char vendor;
    USHORT port;
    tp_proxy *tcp;
    up_proxy *udp;
    vp_run *vp; /* --proxy: a vendor's service in place of tcp (vendor_proxy.c) */
    wsys_thread thread; /* os transport: the proxies' own loop */
    int threaded;
    int stopped;
} ch_vendor;

/* One proxy's view of one flow, as its observer heard it. */
typedef struct ch_hoprec {
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
} ch_hoprec;

typedef enum { CL_CONNECTING, CL_SENDING, CL_READING, CL_DONE, CL_FAILED } ch_client_state;

typedef struct ch_client {
    int index, proto, family;
    SOCKET s;
    ch_client_state state;
    SOCKADDR_STORAGE local, dst;
    unsigned long long total, sent, got;
    uint64_t sum_sent, sum_got;
    unsigned char *buf;
    size_t buf_len, buf_off;
    int dgram_sent, dgram_replies, aborted, error;
    const char *what;
    /* The observer's event count.  Atomic: a vendor's proxy (vendor_proxy.c) takes its stamps
     * when the model sees the call, on the proxy's thread, outside mu. */
    _Atomic unsigned long long seq;        /* the observer's event count before its address was bound */
    unsigned long long closed_seq; /* ... when its socket was closed (0: open) */
} ch_client;

typedef struct ch_sconn {
    SOCKET s;
    int flow; /* -1 until the header is in */
    unsigned char hdr[CH_HEADER];
    int hdr_have, replying, done;
    unsigned long long got, reply_total, reply_sent;
    uint64_t sum, sum_reply;
    SOCKADDR_STORAGE peer;
} ch_sconn;

typedef struct ch_server_seen {
    int arrivals;
    SOCKADDR_STORAGE peer; /* the last proxy's upstream address (or the client's) */
    unsigned long long got, reply_sent;
    uint64_t sum, sum_reply;
} ch_server_seen;

struct ch_state {
    const ch_options *o;
    const ch_topology *topo;
    wt_target *t;
    ch_vendor v[CH_MAX_VENDORS];
    int nv;
    wsys_mutex mu; /* the observer runs on proxy threads on the os transport */
    ch_hoprec *hops;
    int nhops, caphops;
    /* Hops by client address and by upstream address: the newest hop of each bucket, or -1.
     * A long run reuses addresses (ports wrap), so a lookup also goes by time (seq). */
    int *by_client, *by_upstream;
    unsigned nbuckets; /* a power of two */
    unsigned long long seq;
    BYTE *scratch;
    ch_client *clients;
    ch_server_seen *seen;
    SOCKET tlisten[2], userver[2];
    ch_sconn *sconns;
    int nsconns, capsconns;
    unsigned char *gen; /* scratch for generated data */
    unsigned long long now_ms;
    volatile int stop_threads;
};

/* chain_topology.c */
int ch_vendors_start(ch_state *st, char *err, size_t errlen);
void ch_vendor_stop(ch_vendor *v);
void ch_vendors_stop(ch_state *st);
int ch_vendors_poll(ch_state *st); /* sim: one iteration of every proxy */

/* chain_endpoints.c */
uint64_t ch_sum(uint64_t sum, const unsigned char *p, size_t n);
#define CH_SUM_INIT 1469598103934665603ull
void ch_stream_fill(int flow, int reply, unsigned long long total, unsigned long long off, unsigned char *p, size_t n);
int ch_server_open(ch_state *st, char *err, size_t errlen);
int ch_server_step(ch_state *st);
int ch_clients_start(ch_state *st, char *err, size_t errlen);
int ch_clients_step(ch_state *st);
int ch_clients_finished(const ch_state *st);
void ch_clients_abort(ch_state *st);
void ch_endpoints_close(ch_state *st);

/* chain_track.c */
int ch_observe(void *ctx, const px_event *ev);
/* The next stamp of the observer's count (ctx: the ch_state), for events reported later. */
unsigned long long ch_stamp(void *ctx);
/* Stamps a client whose address is now known (its first hop is looked for after this). */
void ch_track_client(ch_state *st, ch_client *c);
void ch_track_client_closed(ch_state *st, ch_client *c);
void ch_track_free(ch_state *st);
void ch_assemble(ch_state *st, ch_report *r);

#endif /* WFPCERT_CHAIN_INTERNAL_H */
