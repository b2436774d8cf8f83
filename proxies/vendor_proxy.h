/*
 * vendor_proxy.h: a vendor's redirect service (wfpcert/proxy.h entry points, loaded by
 * `wfpcert ... --proxy MODULE`) in the place of the sample TCP proxy of every vendor of a chain
 * topology.  The chain runner drives it like tp_proxy (start, poll, stop); what it does with
 * its sockets is learnt from the model (wt_model_watch) and reported to the runner's observer
 * as the sample proxies report themselves, so paths, opacity and tampering are judged alike.
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
typedef struct vp_module {
    const char *name;
    wfpcert_proxy_start_fn start;
    wfpcert_proxy_poll_fn poll;
    wfpcert_proxy_stop_fn stop;
} vp_module;

/* From now on in this process every chain runs m's service as each vendor's TCP proxy (NULL:
 * the sample proxies again). */
void vp_use_module(const vp_module *m);
const vp_module *vp_module_in_use(void);

typedef struct vp_run vp_run;
typedef struct vp_config {
    char vendor;
    USHORT port;
    int families; /* TP_V4 | TP_V6 as tcp_proxy.h; 0 = both */
    ULONG relay_buf;
    px_observer observer;
    void *observer_ctx;
    unsigned long long (*stamp)(void *observer_ctx); /* the observer's clock (px_event.at); NULL: none */
} vp_config;

/* Starts the service on target t (the watcher is shared by every run on t).  0, or the
 * service's WSA error (or WSAENOBUFS). */
int vp_start(wt_target *t, const vp_config *c, vp_run **out);
/* One turn of the service, then what it did told to the observer.  Returns what happened. */
int vp_poll(vp_run *r, DWORD timeout_ms);
/* Stops the service and reports every flow still open as CLOSED. */
void vp_stop(vp_run *r);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_VENDOR_PROXY_H */
