/*
 * callout.c: `--callout MODULE`, for every wfpcert command: loads a vendor's callout driver
 * (a module built by the CMake function wfpcert_add_callout from the vendor's unchanged
 * sources, docs/VENDOR-DRIVER.md) and makes it the callout of every model target this
 * process and its worker processes open (wt_model_use_driver).
 *
 * The loader itself is native/driver_module.c, shared with the fuzz binaries (WFPCERT_CALLOUT);
 * wfpcert exports the model's WDK names (ENABLE_EXPORTS) the module leaves undefined.
 */
#define _XOPEN_SOURCE 700 /* realpath, setenv */
#include "commands.h"

#include "driver_module.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads path (native/driver_module.c); 0, or 2 with the message on stderr. */
static int load_module(const char *path) {
    char vendor[256];
    int rc = nt_driver_module_load(path, "wfpcert: --callout", vendor, sizeof vendor);
    if (rc) return rc;
#ifndef _WIN32
    /* Reproduce lines, the run's system information and the fuzz binaries `wfpcert fuzz`
     * starts name (and load) the driver too (conformance/runner/settings.c, sysinfo.c,
     * harness/wh.c). */
    char full[4096];
    setenv("WFPCERT_CALLOUT", realpath(path, full) ? full : path, 1);
    setenv("WFPCERT_CALLOUT_VENDOR", vendor, 1);
    const char *base = strrchr(path, '/');
    fprintf(stderr, "wfpcert: callout driver %.*s (%s) loaded from %s\n", (int)strcspn(base ? base + 1 : path, "."),
            base ? base + 1 : path, vendor, path);
#endif
    return 0;
}

int wf_take_callout(int *argc, char **argv) {
    const char *value;
    int rc = wf_take_global(argc, argv, "--callout", "the path of a driver module", &value);
    return rc ? rc : value ? load_module(value) : 0;
}
