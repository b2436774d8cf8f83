/*
 * chain.h: chained-proxy scenarios.  A topology names the vendors (callout + TCP proxy + UDP
 * proxy each), their weights and trust, and the path every flow must take; the runner opens
 * a target, starts the proxies, drives clients and a server, and records each flow's path hop
 * by hop as (vendor, proxy port, records size).
 *
 * Checked for every flow: the path (loop prevention, SEMANTICS 5, A76..A78, A86), that the
 * server saw it exactly once, opacity at every hop (the bytes a proxy read are exactly the
 * bytes the stack issued, wt_issued_records/context, and the bytes it handed on are the bytes
 * it read), and the data (equal checksums at both ends, both directions, with half-close).
 * Failures (server down, a proxy stopped mid-flow, a client that resets, a pended classify
 * that never completes, a tampering proxy) give each flow a named fate instead of a hang.
 */
#ifndef WFPCERT_CHAIN_H
#define WFPCERT_CHAIN_H

#include "proxy_common.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PX_CHAIN_MAX_HOPS 12
#define PX_CHAIN_MAX_FAULTS 8

typedef enum { PX_CHAIN_SIM, PX_CHAIN_OS } px_chain_transport;

typedef enum {
    PX_CHAIN_OK,
    PX_CHAIN_REFUSED, /* a proxy's upstream connect was refused (server down) */
    PX_CHAIN_LOOPED, /* the flow went round more than max_hops proxies */
    PX_CHAIN_OPACITY, /* a proxy read or handed on bytes the stack did not issue */
    PX_CHAIN_SET_FAILED, /* SIO_SET / WSASendMsg rejected the records a proxy handed on */
    PX_CHAIN_WRONG_PATH, /* reached the server by another path than the topology's */
    PX_CHAIN_TRUNCATED, /* data lost or changed on the way (a proxy stopped mid-flow, ...) */
    PX_CHAIN_PENDING, /* a classify pended and never completed; the flow never got through */
    PX_CHAIN_RESET, /* the client reset the flow itself (the failure case asked for) */
    PX_CHAIN_DUPLICATE, /* the server saw the flow more than once */
    PX_CHAIN_ERROR, /* anything else; detail says what */
    PX_CHAIN_FATE_COUNT
} px_chain_fate;

const char *px_chain_fate_name(px_chain_fate f);
int px_chain_fate_parse(const char *s, px_chain_fate *out);

typedef struct px_chain_options {
    const char *topology; /* a-b | a-b-a | three | udp | mixed | distrust | direct */
    px_chain_transport transport;
    int flows; /* concurrent flows (default 8) */
    unsigned long long bytes; /* client -> server payload per TCP flow (default 4096) */
    unsigned long long reply_bytes; /* server -> client (default: bytes / 2 + 1) */
    int datagrams; /* per UDP flow (default 4) */
    int families; /* 1 = IPv4, 2 = IPv6, 3 = alternate (default) */
    unsigned long relay_buf; /* proxies' receive size; 0 = theirs (small = short reads) */
    unsigned long chunk; /* client write size (default 4096; small = short writes) */
    char tamper_vendor; /* this vendor's proxies tamper (0 = none) */
    px_tamper tamper;
    char pend_vendor; /* this vendor's callout pends its classifies */
    int pend_never; /* ... and nobody ever completes them */
    int server_down; /* no server listens */
    char stop_vendor; /* stop this vendor's proxies ... */
    int stop_after; /* ... after this many rounds (sim) / milliseconds (os) */
    int client_abort; /* clients close abruptly after this many rounds / ms */
    const char *faults[PX_CHAIN_MAX_FAULTS];
    int nfaults;
    const char *profile;
    int max_hops; /* loop limit (default 8) */
    int quiet;
} px_chain_options;

void px_chain_options_init(px_chain_options *o);

typedef struct px_chain_hop {
    char vendor;
    unsigned short port;
    unsigned long records_len, context_len;
    int opaque; /* 1: bytes equal to the stack's; 0: differ; -1: not checkable (UDP) */
    int handed_on_same; /* 1: SET/cmsg got the bytes read; 0: the proxy changed them */
    int error; /* how the hop's flow ended (0 = clean) */
    char what[40];
} px_chain_hop;

typedef struct px_chain_flow_result {
    int index, proto, family;
    px_chain_hop hops[PX_CHAIN_MAX_HOPS];
    int nhops;
    px_chain_fate fate;
    char detail[160];
    unsigned long long sent, at_server, reply_sent, reply_got;
    unsigned long long sum_sent, sum_server, sum_reply_sent, sum_reply_got;
    int arrivals;
} px_chain_flow_result;

typedef struct px_chain_report {
    px_chain_flow_result *flows;
    int nflows;
    int failed; /* flows whose fate is not PX_CHAIN_OK */
    int fate_count[PX_CHAIN_FATE_COUNT];
    char expected_path[8];
    char *findings; /* the target's verifier findings (text) */
    int nfindings;
    double seconds;
    unsigned long long bytes; /* payload bytes relayed end to end, both directions */
    char proxies[256]; /* --proxy: which proxy relayed TCP and which UDP ("" without) */
} px_chain_report;

/* 0 when the scenario ran (whatever the fates); otherwise a message in err and -1 (bad
 * options, or the run failed to start), PX_CHAIN_RUN_TOO_MANY (the flows would not fit the model's
 * host: ephemeral ports) or PX_CHAIN_RUN_NO_RESOURCES (nor this process: descriptors), both found
 * before anything starts. */
/* The most flows px_chain_run would accept with these options (ports, and on os descriptors, as far
 * as this process may raise its limit). */
int px_chain_max_flows(const px_chain_options *o);
#define PX_CHAIN_RUN_TOO_MANY (-2)
#define PX_CHAIN_RUN_NO_RESOURCES (-3)
int px_chain_run(const px_chain_options *o, px_chain_report *r, char *err, size_t errlen);
void px_chain_report_free(px_chain_report *r);
void px_chain_print(const px_chain_report *r, FILE *out);
/* The report as one self-contained HTML page: the summary and an inline SVG of every flow's
 * path hop by hop (chain_html.c).  0, or -1 when writing failed. */
int px_chain_write_html(const px_chain_report *r, const px_chain_options *o, FILE *out);
/* The topology names and one line of doc each, for --help. */
int px_chain_topology_count(void);
const char *px_chain_topology_name(int i);
const char *px_chain_topology_doc(int i);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_CHAIN_H */
