/*
 * callout.c: `--callout MODULE`, for every wfpcert command: loads a vendor's callout driver
 * (a module built by the CMake function wfpcert_add_callout from the vendor's unchanged
 * sources, docs/VENDOR-DRIVER.md) and makes it the callout of every model target this
 * process and its worker processes open (wt_model_use_driver).
 *
 * Why a module and this process's symbols: the driver calls the WDK names (FwpsCalloutRegister1,
 * ExAllocatePool2, ...) and those must be the model's own, in this process, so the driver
 * runs inside the same model world as the cases; wfpcert exports them (ENABLE_EXPORTS), and
 * the module leaves them undefined.  The module carries the vendor configuration the
 * native target reads from a file (what it redirects, where its proxy listens), so one file
 * describes the driver on Windows and on Linux, checked by the same parser.
 */
#define _XOPEN_SOURCE 700 /* realpath, setenv, dlopen */
#include "commands.h"

#include "config.h"
#include "wfpcert/target_model.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <dlfcn.h>
#endif

/* Loads path; 0, or 2 (usage) / 3 (environment) with the message on stderr. */
static int load_module(const char *path) {
#ifdef _WIN32
    fprintf(stderr, "wfpcert: --callout %s: vendor drivers run on the model, which this Windows build does not have; "
                    "certify the installed driver with --target native:CONFIG\n", path);
    return 2;
#else
    static char name[128];
    /* RTLD_NOW: a WDK call the model does not provide is an error naming it now, not a crash
     * in the middle of a case. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "wfpcert: --callout %s: cannot load the driver: %s\n", path, dlerror());
        return 2;
    }
    void *entry = dlsym(h, "DriverEntry");
    const char *text = dlsym(h, "wfpcert_vendor_config");
    if (!entry) {
        fprintf(stderr, "wfpcert: --callout %s: the module has no DriverEntry\n", path);
        return 2;
    }
    if (!text) {
        fprintf(stderr, "wfpcert: --callout %s: the module carries no vendor configuration (build it with "
                        "wfpcert_add_callout(NAME SOURCES ... CONFIG vendor.conf))\n", path);
        return 2;
    }
    nt_config cfg;
    char err[512];
    if (nt_config_parse(&cfg, path, text, err, sizeof err)) {
        fprintf(stderr, "wfpcert: --callout: %s\n", err);
        return 2;
    }
    const char *base = strrchr(path, '/');
    snprintf(name, sizeof name, "%s", base ? base + 1 : path);
    char *dot = strstr(name, ".so");
    if (dot) *dot = 0;
    wt_model_driver d;
    memset(&d, 0, sizeof d);
    d.name = name;
    memcpy(&d.driver_entry, &entry, sizeof entry); /* a data pointer from dlsym to the function it names */
    if (!cfg.has_redirect4) {
        fprintf(stderr, "wfpcert: --callout %s: the model needs redirect_address (IPv4) in the vendor configuration\n",
                path);
        return 2;
    }
    memcpy(d.redirect4, cfg.redirect4, 4);
    d.has_redirect6 = cfg.has_redirect6;
    memcpy(d.redirect6, cfg.redirect6, 16);
    d.redirect_port = cfg.redirect_port;
    d.tcp = cfg.tcp;
    d.udp = cfg.udp;
    d.proxy_port = cfg.proxy_port;
    d.context = cfg.context;
    d.context_size = cfg.context_size;
    if (wt_model_use_driver(&d)) {
        fprintf(stderr, "wfpcert: --callout %s: %s\n", path, wt_error());
        return 2;
    }
    /* Reproduce lines and the run's system information name the driver too
     * (conformance/runner/settings.c, sysinfo.c). */
    char full[4096];
    setenv("WFPCERT_CALLOUT", realpath(path, full) ? full : path, 1);
    setenv("WFPCERT_CALLOUT_VENDOR", cfg.vendor, 1);
    fprintf(stderr, "wfpcert: callout driver %s (%s) loaded from %s\n", name, cfg.vendor, path);
    return 0;
#endif
}

int wf_take_callout(int *argc, char **argv) {
    const char *value;
    int rc = wf_take_global(argc, argv, "--callout", "the path of a driver module", &value);
    return rc ? rc : value ? load_module(value) : 0;
}
