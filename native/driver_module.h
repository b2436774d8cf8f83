/*
 * driver_module.h: loads a vendor's callout driver module (built by wfpcert_add_callout,
 * docs/VENDOR-DRIVER.md) into the model: `wfpcert --callout MODULE` and the fuzz binaries'
 * WFPCERT_CALLOUT use this one loader, so a driver fuzzed is the driver certified.
 * Lives beside config.c because the module carries a vendor configuration that parser reads.
 */
#ifndef WFPCERT_NATIVE_DRIVER_MODULE_H
#define WFPCERT_NATIVE_DRIVER_MODULE_H

#include <stddef.h>

/* Loads path and makes it the callout of every model target this process opens
 * (wt_model_use_driver).  0, or 2 with a message naming path on stderr, prefixed by who
 * ("wfpcert: --callout", "wfpcert harness: WFPCERT_CALLOUT").  Loading the same path again is
 * a no-op.  vendor (may be NULL) receives the configuration's vendor name. */
int nt_driver_module_load(const char *path, const char *who, char *vendor, size_t vendor_cap);

#endif
