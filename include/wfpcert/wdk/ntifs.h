/*
 * ntifs.h (wfpcert): some callout drivers include ntifs.h instead of ntddk.h; the model's
 * subset of both is wdm.h.
 */
#ifndef WFPCERT_WDK_NTIFS_H
#define WFPCERT_WDK_NTIFS_H
#include "wdm.h"
#endif
