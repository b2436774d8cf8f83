/*
 * wfp_stack.h: what the socket stack (driver-stub/net) asks of the WFP engine, and
 * nothing more: classify a connect (or a UDP flow's first send) at ALE_CONNECT_REDIRECT,
 * hold the resulting flow (its sealed records and the callout's context), check a record
 * blob handed to SIO_SET, and end a flow.  Callouts never see this header; they see
 * fwpsk.h.
 */
#ifndef WFPCERT_WFP_STACK_H
#define WFPCERT_WFP_STACK_H

#include "../kernel/kernel.h"

typedef struct ms_flow ms_flow;

typedef struct ms_connect_req {
    int af;
    int proto; /* IPPROTO_TCP or IPPROTO_UDP */
    SOCKADDR_STORAGE local;
    SOCKADDR_STORAGE remote;
    DWORD pid;
    /* Its process's application id (ALE_APP_ID, PROCESS_PATH); NULL: the model's default. */
    const uint8_t *app_id;
    size_t app_id_len;
    /* Records handed to this socket by SIO_SET (or WSASendMsg): a proxy's connection. */
    const uint8_t *set_records;
    size_t set_records_len;
    uint64_t endpoint; /* the socket's handle, for messages */
} ms_connect_req;

typedef struct ms_connect_res {
    NTSTATUS status; /* SUCCESS = permit, ACCESS_DENIED = block, PENDING = pended */
    SOCKADDR_STORAGE remote; /* where the connection goes now */
    ms_flow *flow; /* set when some callout redirected it; one reference for the caller */
    DWORD target_pid; /* the last redirect's localRedirectTargetPID (0: not redirected) */
} ms_connect_res;

/* Called (with the world locked) when a pended classify completes. */
typedef void (*ms_classify_done)(ms_world *w, void *cookie, const ms_connect_res *res);

/* Classifies; returns res->status.  When STATUS_PENDING, done(cookie) follows later,
 * unless ms_wfp_cancel(cookie) is called first. */
NTSTATUS ms_wfp_connect_locked(ms_world *w, const ms_connect_req *req, ms_connect_res *res, ms_classify_done done,
                               void *cookie);
void ms_wfp_cancel_locked(ms_world *w, void *cookie);

/* The records and context the stack holds for a redirected flow. */
const uint8_t *ms_flow_records(const ms_flow *f, size_t *len);
const void *ms_flow_context(const ms_flow *f, size_t *len);
void ms_flow_ref(ms_flow *f);
/* The last reference ends the flow: the context is freed (exactly once), flowDeleteFn runs. */
void ms_flow_unref_locked(ms_world *w, ms_flow *f);

/* SIO_SET's check of a blob: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER / _INTEGER_OVERFLOW
 * for a blob the kernel did not seal. */
/* Seeds the sealing keys of the worlds created from now on (target_model.h); unseeded,
 * every world draws its key from the operating system. */
void ms_wfp_seal_seed(uint64_t seed);
/* While a driver's DriverEntry runs, the callouts it registers are recorded as its own (name
 * is kept, not copied); NULL when it returns.  The verifier's findings name the driver. */
void ms_wfp_driver_loading(ms_world *w, const char *name);
/* A driver is gone (its DriverUnload returned, or its DriverEntry failed): the callouts it
 * registered and left registered are unregistered now, so that nothing classifies into it
 * again; their number, for the verifier ("Unloading a Callout Driver"). */
size_t ms_wfp_driver_gone(ms_world *w, const char *name);
NTSTATUS ms_wfp_check_records_locked(ms_world *w, const uint8_t *blob, size_t len);

#endif
