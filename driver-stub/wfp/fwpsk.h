/*
 * fwpsk.h: the WFP kernel API as the model's own code and its test callout see it.  It is
 * the installed, vendor-facing header set (include/wfpcert/wdk/: fwpsk.h, fwpmk.h, wdm.h),
 * so the test callout is built against exactly what a vendor's driver is built against.
 *
 * A callout written against this header is written the way a real one is: register with
 * FwpsCalloutRegister1, add a filter at ALE_CONNECT_REDIRECT, and in classifyFn acquire a
 * classify handle, acquire writable layer data, modify FWPS_CONNECT_REQUEST0, apply, and
 * release (SEMANTICS 5).
 */
#ifndef WFPCERT_FWPSK_H
#define WFPCERT_FWPSK_H

#include "wfpcert/wdk/fwpsk.h"

#endif /* WFPCERT_FWPSK_H */
