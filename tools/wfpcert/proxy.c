/*
 * proxy.c: `--proxy MODULE` (or NAME, for NAME.so in the current folder), for every wfpcert
 * command: loads a vendor's redirect service, a module built by the CMake function
 * wfpcert_add_proxy from the vendor's unchanged sources (docs/VENDOR-DRIVER.md), and makes it
 * every chain vendor's TCP proxy (`wfpcert chain`, `wfpcert bench chain`) in place of the
 * sample one (proxies/vendor_proxy.c).
 *
 * Why a module and this process's symbols: the service calls Winsock (WSAIoctl, AcceptEx through
 * its extension pointer, completion ports, select, ...) and those must be the model's own, in
 * this process, so the service runs in the chain's model world; wfpcert exports them
 * (ENABLE_EXPORTS) and the module leaves them undefined.  The table below keeps every Winsock
 * call of wfpcert/winsock.h in the executable even where wfpcert itself never calls it.
 */
#define _XOPEN_SOURCE 700 /* realpath, setenv, dlopen */
#include "commands.h"

#include "wfpcert/proxy.h"
#include "wfpcert/winsock.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(WFPCERT_HAVE_PROXIES) && !defined(_WIN32)
#include "vendor_proxy.h"

#include <dlfcn.h>

/* Winsock calls a vendor's service may make that nothing in wfpcert calls: referenced here so
 * the linker keeps them for the module to find.  An object with external linkage, which the
 * compiler may not drop, rather than a static one marked used: this file builds for Windows
 * too, where a compiler attribute would stop cl (portable_c.scan). */
extern void *const wf_winsock_for_modules[];
void *const wf_winsock_for_modules[] = {
    (void *)select,
    (void *)WSAPoll,
    (void *)WSAConnect,
    (void *)WSAAccept,
    (void *)__WSAFDIsSet,
    (void *)WSAEventSelect,
    (void *)WSAEnumNetworkEvents,
    (void *)WSAGetOverlappedResult,
    (void *)GetQueuedCompletionStatus,
    (void *)PostQueuedCompletionStatus,
    (void *)CreateIoCompletionPort,
    (void *)WSARecv,
    (void *)WSASend,
    (void *)WSAIoctl,
};

static int load_module(const char *arg) {
    static char name[128];
    char path[PATH_MAX];
    /* NAME (no folder, no .so): the module wfpcert_add_proxy(NAME ...) built, in this folder */
    if (!strchr(arg, '/') && !strstr(arg, ".so"))
        snprintf(path, sizeof path, "./%s.so", arg);
    else
        snprintf(path, sizeof path, "%s", arg);
    /* RTLD_NOW: a Winsock call the model does not provide is an error naming it now. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "wfpcert: --proxy %s: cannot load the proxy: %s\n", arg, dlerror());
        return 2;
    }
    px_vendor_module m;
    memset(&m, 0, sizeof m);
    void *start = dlsym(h, "wfpcert_proxy_start"), *poll = dlsym(h, "wfpcert_proxy_poll"),
         *stop = dlsym(h, "wfpcert_proxy_stop");
    if (!start || !poll || !stop) {
        fprintf(stderr, "wfpcert: --proxy %s: the module lacks %s (the entry points of wfpcert/proxy.h)\n", arg,
                !start  ? "wfpcert_proxy_start"
                : !poll ? "wfpcert_proxy_poll"
                        : "wfpcert_proxy_stop");
        return 2;
    }
    memcpy(&m.start, &start, sizeof start); /* data pointers from dlsym to the functions they name */
    memcpy(&m.poll, &poll, sizeof poll);
    memcpy(&m.stop, &stop, sizeof stop);
    const char *base = strrchr(path, '/');
    size_t len = strlen(base ? base + 1 : path);
    if (len >= sizeof name) len = sizeof name - 1; /* a name for messages: its start is enough */
    memcpy(name, base ? base + 1 : path, len);
    name[len] = 0;
    char *dot = strstr(name, ".so");
    if (dot) *dot = 0;
    m.name = name;
    px_vendor_use_module(&m);
    char full[PATH_MAX];
    setenv("WFPCERT_PROXY", realpath(path, full) ? full : path, 1);
    fprintf(stderr, "wfpcert: proxy %s loaded from %s\n", name, path);
    return 0;
}
#else
static int load_module(const char *arg) {
    fprintf(stderr, "wfpcert: --proxy %s: vendor proxies run on the model's chains, which this build does not have\n",
            arg);
    return 2;
}
#endif

int wf_take_proxy(int *argc, char **argv) {
    const char *value;
    int rc = wf_take_global(argc, argv, "--proxy", "the path or name of a proxy module", &value);
    return rc ? rc : value ? load_module(value) : 0;
}
