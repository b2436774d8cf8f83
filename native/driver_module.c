/*
 * driver_module.c: the loader of a vendor's callout driver module (driver_module.h), shared
 * by the CLI's --callout and the fuzz binaries' WFPCERT_CALLOUT.
 *
 * Why a module and the process's own symbols: the driver calls the WDK names
 * (FwpsCalloutRegister1, ExAllocatePool2, ...) and those must be the model's own, in this
 * process, so the driver runs inside the same model world as the cases; the executables export
 * them (ENABLE_EXPORTS) and the module leaves them undefined.  The module carries the vendor
 * configuration the native target reads from a file, checked by the same parser.
 */
#define _XOPEN_SOURCE 700 /* dlopen */
#include "driver_module.h"

#include "config.h"
#include "wfpcert/target_model.h"

#include <stdio.h>
#include <string.h>

#ifndef _WIN32
#include <dlfcn.h>
#endif

int nt_driver_module_load(const char *path, const char *who, char *vendor, size_t vendor_cap) {
#ifdef _WIN32
    (void)vendor;
    (void)vendor_cap;
    fprintf(stderr,
            "%s %s: vendor drivers run on the model, which this Windows build does not have; "
            "certify the installed driver with --target native:CONFIG\n",
            who, path);
    return 2;
#else
    static char loaded[4096];
    static char loaded_vendor[256];
    static char name[128];
    if (loaded[0] && strcmp(loaded, path) == 0) {
        if (vendor) snprintf(vendor, vendor_cap, "%s", loaded_vendor);
        return 0;
    }
    /* RTLD_NOW: a WDK call the model does not provide is an error naming it now, not a crash
     * in the middle of a case. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "%s %s: cannot load the driver: %s\n", who, path, dlerror());
        return 2;
    }
    void *entry = dlsym(h, "DriverEntry");
    const char *text = dlsym(h, "wfpcert_vendor_config");
    if (!entry) {
        fprintf(stderr, "%s %s: the module has no DriverEntry\n", who, path);
        return 2;
    }
    if (!text) {
        fprintf(stderr,
                "%s %s: the module carries no vendor configuration (build it with "
                "wfpcert_add_callout(NAME SOURCES ... CONFIG vendor.conf))\n",
                who, path);
        return 2;
    }
    nt_config cfg;
    char err[512];
    if (nt_config_parse(&cfg, path, text, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", who, err);
        return 2;
    }
    if (!cfg.has_redirect4) {
        fprintf(stderr, "%s %s: the model needs redirect_address (IPv4) in the vendor configuration\n", who, path);
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
        fprintf(stderr, "%s %s: %s\n", who, path, wt_error());
        return 2;
    }
    snprintf(loaded, sizeof loaded, "%s", path);
    snprintf(loaded_vendor, sizeof loaded_vendor, "%s", cfg.vendor);
    if (vendor) snprintf(vendor, vendor_cap, "%s", cfg.vendor);
    return 0;
#endif
}
