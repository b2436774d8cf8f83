/*
 * ntddk.h (wfpcert): a WFP callout driver's `#include <ntddk.h>`, for building its unchanged
 * sources against the wfpcert model.  Everything the model provides is in wdm.h; this name
 * exists because drivers include it.
 */
#ifndef WFPCERT_WDK_NTDDK_H
#define WFPCERT_WDK_NTDDK_H
#include "wdm.h"
#endif
