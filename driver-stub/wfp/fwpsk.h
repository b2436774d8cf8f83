/*
 * fwpsk.h: the WFP kernel API as the model's own code and its unit tests see it.  It is
 * the installed, vendor-facing header set (include/wfpcert/wdk/: fwpsk.h, fwpmk.h, wdm.h),
 * so they use exactly what a vendor's driver is built against; the test callout includes the
 * public header itself, because it is also built as a vendor's module (examples/test-callout).
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
