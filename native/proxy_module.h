/*
 * proxy_module.h: loads a vendor's redirect service, a module built by wfpcert_add_proxy
 * (docs/VENDOR-DRIVER.md section 5), and finds its three entry points: `wfpcert --proxy MODULE`
 * and the proxy fuzz target's WFPCERT_PROXY use this one loader, so a service fuzzed is the
 * service the chains and certify run.  Beside driver_module.c, the loader of a callout module.
 */
#ifndef WFPCERT_NATIVE_PROXY_MODULE_H
#define WFPCERT_NATIVE_PROXY_MODULE_H

#include "wfpcert/proxy.h"

typedef struct nt_proxy_module {
    wfpcert_proxy_start_fn start;
    wfpcert_proxy_poll_fn poll;
    wfpcert_proxy_stop_fn stop;
    int protocols; /* wfpcert_proxy_protocols() when the module exports it, else WFPCERT_PROXY_TCP */
} nt_proxy_module;

/* Loads path (RTLD_NOW: a Winsock call the model lacks is an error naming it now) and fills
 * *m.  0, or 2 with a message on stderr prefixed by who ("wfpcert: --proxy NAME",
 * "wfpcert harness: WFPCERT_PROXY PATH"); *m is untouched then. */
int nt_proxy_module_load(const char *path, const char *who, nt_proxy_module *m);

#endif
