/*
 * native_internal.h: what the files of the native target (the native/ sources) share: the target
 * object and the error helper.  Not installed; test code sees only wfpcert/target.h.
 */
#ifndef WFPCERT_NATIVE_INTERNAL_H
#define WFPCERT_NATIVE_INTERNAL_H

#include "wfpcert/compat.h"
#include "wfpcert/target.h"
#include "config.h"

enum { NT_MAX_OWNED = 256, NT_MAX_REGIONS = 64 };

typedef struct nt_region {
    void *base;
} nt_region;

struct wt_target {
    int has_config;
    nt_config cfg;
    int callout_added; /* the one (vendor's) callout was asked for by a case */
    HANDLE proxy_lock; /* named mutex: one case process at a time on proxy_port */
    SOCKET tcp_listener[2]; /* per family (0 IPv4, 1 IPv6): the proxy's listener */
    int tcp_listener_ov[2];
    SOCKET udp_proxy[2];
    SOCKET plain_listener[2]; /* loopback listeners of wt_tcp_plain */
    WSAEVENT not_a_socket;
    SOCKET owned[NT_MAX_OWNED]; /* flow sockets handed out; closed by wt_close */
    int nowned;
    nt_region regions[NT_MAX_REGIONS];
    int nregions;
    /* wt_wsp_table: the base provider loaded for direct WSPIoctl calls */
    HMODULE provider;
    WSPPROC_TABLE wsp;
    int wsp_started;
};

/* Records the message for wt_error() and returns code. */
int nt_fail(int code, const char *fmt, ...) WFPCERT_PRINTF(2, 3);

/* native_wsp.c */
int nt_wsp_table(wt_target *t, WSPPROC_TABLE *out);
void nt_wsp_release(wt_target *t);

/* native_memory.c */
void nt_memory_release(wt_target *t);

#endif /* WFPCERT_NATIVE_INTERNAL_H */
