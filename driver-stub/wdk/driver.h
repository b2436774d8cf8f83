/*
 * driver.h: loading a callout driver into a model world, for the model target: its
 * DRIVER_OBJECT, DriverEntry with the callouts it registers recorded as its own, and its
 * unload.  Drivers themselves never see this header; they see wfpcert/wdk/wdm.h.
 */
#ifndef WFPCERT_WDK_DRIVER_H
#define WFPCERT_WDK_DRIVER_H

#include "wfpcert/wdk/wdm.h"
#include "../kernel/kernel.h"

typedef struct ms_driver ms_driver;

/* Calls entry(DriverObject, RegistryPath) in world w (which must be current); name names the
 * driver in findings and must outlive it.  On failure nothing is left loaded. */
NTSTATUS ms_driver_load(ms_world *w, const char *name, PDRIVER_INITIALIZE entry, ms_driver **out);
/* Calls DriverUnload (if the driver set one) and reports what it left behind. */
void ms_driver_unload(ms_driver *d);
/* Forgets d without unloading: its world went away whole. */
void ms_driver_forget(ms_driver *d);

#endif
