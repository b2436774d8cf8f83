/*
 * target_model.h: hooks only the embedded model has, for the suite's own harness and never
 * for the code under test.  A proxy or a conformance case includes winsock.h and target.h;
 * nothing here is reachable through them.
 *
 * Why a separate header: what a hook here controls (the kernel's sealing secret) is exactly
 * what a user-mode program must not be able to influence on Windows.  Keeping it out of the
 * headers a vendor's code includes makes that visible at the include line.
 */
#ifndef WFPCERT_TARGET_MODEL_H
#define WFPCERT_TARGET_MODEL_H

#include "target.h"

#include <stdint.h>

/* Makes the WFP sealing keys of every model world created from now on in this process a
 * function of seed (each world still gets its own key), so that a fuzz input or a replay
 * produces the same bytes in every run.  Without it each world draws its key from the
 * operating system.  WT_EUNSUPPORTED on a native target (the real kernel keeps its own). */
int wt_model_seal_seed(unsigned long long seed);

/* A vendor's callout driver, built from its own sources against the WDK-shaped headers of
 * include/wfpcert/wdk/ (docs/VENDOR-DRIVER.md), loaded by every model target in place of the
 * suite's test callout.  The facts are those a `native:CONFIG` file states on Windows: what
 * the driver redirects and where its proxy listens; the model's scenarios connect to
 * redirect4/redirect6:redirect_port and play the proxy on loopback:proxy_port. */
struct _DRIVER_OBJECT;
struct _UNICODE_STRING;
typedef struct wt_model_driver {
    const char *name; /* names the driver in findings and messages; must stay valid */
    /* DriverEntry; returns an NTSTATUS (a 32-bit LONG, as in wfpcert/wdk/wdm.h) */
    int32_t (*driver_entry)(struct _DRIVER_OBJECT *driverObject, struct _UNICODE_STRING *registryPath);
    unsigned char redirect4[4]; /* the IPv4 destination it redirects (network order) */
    int has_redirect6;
    unsigned char redirect6[16];
    unsigned short redirect_port; /* host order */
    int tcp, udp; /* the protocols it redirects */
    unsigned short proxy_port; /* it redirects to loopback:proxy_port (host order) */
    int context; /* it attaches a redirect context */
    unsigned long context_size; /* its size, 0 when not stated */
} wt_model_driver;

/* From now on in this process, every model target loads d (copied; d->name is kept) the
 * first time a scenario needs a callout: DriverEntry runs in the target's world, and
 * wt_close runs its DriverUnload.  A case that needs a callout the driver is not (a second
 * vendor, a pended classify, another context) gets WT_EUNSUPPORTED, as on the native target.
 * NULL goes back to the test callout.  Call it before forking worker processes. */
int wt_model_use_driver(const wt_model_driver *d);

/* What a vendor's proxy does with its sockets, for the chain runner's opacity and tamper
 * checks (proxies/vendor_proxy.c): the bytes every SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
 * and _CONTEXT returned and every SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS was handed, each
 * connect (ConnectEx too) and each close, with the socket's addresses as the model has them
 * (family 0: none yet).  fn runs inside the model, with its lock held, on the thread that made
 * the call: it must copy what it needs and call nothing of wfpcert.  One watcher per process;
 * fn NULL stops it.  WT_EUNSUPPORTED on a native target. */
typedef enum {
    WT_WATCH_QUERY_RECORDS,
    WT_WATCH_QUERY_CONTEXT,
    WT_WATCH_SET_RECORDS,
    WT_WATCH_CONNECT,
    WT_WATCH_CLOSE
} wt_watch_kind;
typedef struct wt_watch_event {
    wt_watch_kind kind;
    SOCKET s;
    int ok; /* QUERY/SET succeeded; CONNECT connected or under way */
    const void *bytes; /* QUERY: what the caller got; SET: what it handed in */
    ULONG len;
    SOCKADDR_STORAGE local, remote;
    int error; /* the WSA error of a failed SET or connect */
    int issued_same; /* QUERY: 1 when the bytes are the ones the stack issued for the socket's
                      * flow (compared inside the model as the call returned), 0 when not */
} wt_watch_event;
typedef void (*wt_watch_fn)(void *ctx, const wt_watch_event *ev);
int wt_model_watch(wt_target *t, wt_watch_fn fn, void *ctx);

/* Memory blocks the model holds in this process, all worlds together; -1 on a native target.
 * A world that is closed must give back every block it took: the conformance runner compares
 * this before the case's target is opened and after it is closed (a leak fails the case at
 * every level). */
long wt_model_live_blocks(void);

#endif /* WFPCERT_TARGET_MODEL_H */
