/*
 * proxy_module.c: the loader of a vendor's redirect service module (proxy_module.h), shared by
 * the CLI's --proxy and the proxy fuzz target's WFPCERT_PROXY.
 *
 * Why a module and this process's symbols: the service calls Winsock (WSAIoctl, AcceptEx through
 * its extension pointer, completion ports, select, ...) and those must be the model's own, in
 * this process, so the service runs in the model world of the chain or the fuzz input; the
 * executables export them (ENABLE_EXPORTS) and the module leaves them undefined.  Every
 * executable that links wfpcert_target holds all of the model, including what it never calls
 * itself (native/CMakeLists.txt; ctests model.archive_linked_whole.*).
 */
#define _XOPEN_SOURCE 700 /* dlopen */
#include "proxy_module.h"

#include "wfpcert/winsock.h"

#include <stdio.h>
#include <string.h>

#ifndef _WIN32
#include <dlfcn.h>
#endif

int nt_proxy_module_load(const char *path, const char *who, nt_proxy_module *m) {
#ifdef _WIN32
    (void)path, (void)m;
    fprintf(stderr, "%s: vendor proxies run on the model's chains, which this build does not have\n", who);
    return 2;
#else
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "%s: cannot load the proxy: %s\n", who, dlerror());
        return 2;
    }
    void *start = dlsym(h, "wfpcert_proxy_start"), *poll = dlsym(h, "wfpcert_proxy_poll"),
         *stop = dlsym(h, "wfpcert_proxy_stop");
    if (!start || !poll || !stop) {
        fprintf(stderr, "%s: the module lacks %s (the entry points of wfpcert/proxy.h)\n", who,
                !start  ? "wfpcert_proxy_start"
                : !poll ? "wfpcert_proxy_poll"
                        : "wfpcert_proxy_stop");
        return 2;
    }
    memcpy(&m->start, &start, sizeof start); /* data pointers from dlsym to the functions they name */
    memcpy(&m->poll, &poll, sizeof poll);
    memcpy(&m->stop, &stop, sizeof stop);
    /* Optional (wfpcert/proxy.h): a module without it is a TCP service, as before UDP. */
    void *protocols = dlsym(h, "wfpcert_proxy_protocols");
    wfpcert_proxy_protocols_fn fn = NULL;
    memcpy(&fn, &protocols, sizeof protocols);
    m->protocols = fn ? fn() & (WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP) : WFPCERT_PROXY_TCP;
    return 0;
#endif
}
