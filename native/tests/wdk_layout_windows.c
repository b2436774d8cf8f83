/*
 * wdk_layout_windows.c: compiled in the Windows (mingw x64) build only; checks that the table
 * in wdk_layout_x64.h is the layout of mingw-w64's own fwptypes.h/fwpmtypes.h, so the numbers
 * wdk_layout_model.c holds the WDK-shaped headers to are Windows', not ours.  Compiling is the
 * check (_Static_assert); there is nothing to run.
 */
#include <windows.h>
#include <fwpmu.h>
#include <stddef.h>

#include "wdk_layout_x64.h"

#if defined(_WIN64)
WFPCERT_WDK_LAYOUT_SHARED(WFPCERT_WDK_CHECK_SIZE, WFPCERT_WDK_CHECK_OFFSET)
#endif

int wfpcert_wdk_layout_windows_checked; /* a translation unit must declare something */
