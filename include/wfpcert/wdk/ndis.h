/*
 * ndis.h (wfpcert): callout drivers include ndis.h before fwpsk.h because the WDK's fwpsk.h
 * names NET_BUFFER_LIST.  The model has no NDIS data path (a connect-redirect callout does
 * not touch packets), so this declares the list type opaquely and nothing else; a call into
 * NDIS fails to compile.  See docs/VENDOR-DRIVER.md.
 */
#ifndef WFPCERT_WDK_NDIS_H
#define WFPCERT_WDK_NDIS_H
#include "wdm.h"
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
#endif
