/*
 * vendor_proxy.h: a vendor's redirect service (wfpcert/proxy.h entry points, loaded by
 * `wfpcert ... --proxy MODULE`) in the place of the sample TCP proxy of every vendor of a chain
 * topology, and of the sample UDP proxy when the module says it relays UDP.  The chain runner
 * drives it like px_tcp_proxy (start, poll, stop); what it does with its sockets is learnt
 * from the model (wt_model_watch) and reported to the runner's observer as the sample proxies
 * report themselves, so paths, opacity and tampering are judged alike.
 */
#ifndef WFPCERT_VENDOR_PROXY_H
#define WFPCERT_VENDOR_PROXY_H

#include "proxy_common.h"
#include "wfpcert/proxy.h"
#include "wfpcert/target.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The module's entry points and its name (for messages); copied, name kept. */
typedef struct px_vendor_module {
    const char *name;
    wfpcert_proxy_start_fn start;
    wfpcert_proxy_poll_fn poll;
    wfpcert_proxy_stop_fn stop;
    int protocols; /* what it relays: WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP (wfpcert_proxy_protocols) */
} px_vendor_module;

/* From now on in this process every chain runs m's service as each vendor's TCP proxy, and UDP
 * one when m relays UDP (NULL: the sample proxies again). */
void px_vendor_use_module(const px_vendor_module *m);
const px_vendor_module *px_vendor_module_in_use(void);

typedef struct px_vendor_run px_vendor_run;
typedef struct px_vendor_config {
    char vendor;
    USHORT port;
    int families; /* PX_TCP_V4 | PX_TCP_V6 as tcp_proxy.h; 0 = both */
    ULONG relay_buf;
    px_observer observer;
    void *observer_ctx;
    unsigned long long (*stamp)(void *observer_ctx); /* the observer's clock (px_event.at); NULL: none */
    int protocols; /* WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP: what to ask the service for; 0 = TCP */
    DWORD pid; /* the service's process: a datagram's receive may complete outside its turn */
} px_vendor_config;

/* Starts the service on target t (the watcher is shared by every run on t).  0, or the
 * service's WSA error (or WSAENOBUFS). */
int px_vendor_start(wt_target *t, const px_vendor_config *c, px_vendor_run **out);
/* One turn of the service, then what it did told to the observer.  Returns what happened. */
int px_vendor_poll(px_vendor_run *r, DWORD timeout_ms);
/* Stops the service and reports every flow still open as CLOSED. */
void px_vendor_stop(px_vendor_run *r);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_VENDOR_PROXY_H */
