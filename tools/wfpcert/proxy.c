/*
 * proxy.c: `--proxy MODULE` (or NAME, for NAME.so in the current folder), for every wfpcert
 * command: loads a vendor's redirect service, a module built by the CMake function
 * wfpcert_add_proxy from the vendor's unchanged sources (docs/VENDOR-DRIVER.md), and makes it
 * every chain vendor's TCP proxy (`wfpcert chain`, `wfpcert bench chain`), and its UDP proxy
 * when it says it relays UDP (wfpcert_proxy_protocols), in place of the sample ones
 * (proxies/vendor_proxy.c); WFPCERT_PROXY, which it sets, makes it the proxy of the proxy
 * fuzz target in `wfpcert fuzz` and in certify's corpus replay.  The module is loaded by
 * native/proxy_module.c, the loader the fuzz binaries use too.
 */
#define _XOPEN_SOURCE 700 /* realpath, setenv */
#include "commands.h"

#include "wfpcert/proxy.h"
#include "wfpcert/winsock.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(WFPCERT_HAVE_PROXIES) && !defined(_WIN32)
#include "proxy_module.h"
#include "vendor_proxy.h"

static int load_module(const char *arg) {
    static char name[128];
    char path[PATH_MAX];
    /* NAME (no folder, no .so): the module wfpcert_add_proxy(NAME ...) built, in this folder */
    if (!strchr(arg, '/') && !strstr(arg, ".so"))
        snprintf(path, sizeof path, "./%s.so", arg);
    else
        snprintf(path, sizeof path, "%s", arg);
    char who[PATH_MAX + 32];
    snprintf(who, sizeof who, "wfpcert: --proxy %s", arg);
    nt_proxy_module loaded;
    if (nt_proxy_module_load(path, who, &loaded)) return 2;
    px_vendor_module m;
    memset(&m, 0, sizeof m);
    m.start = loaded.start;
    m.poll = loaded.poll;
    m.stop = loaded.stop;
    m.protocols = loaded.protocols;
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
