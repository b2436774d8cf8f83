/*
 * wdk_layout_model.c: compiled wherever vendor drivers are (Linux, the model); checks that the
 * WDK-shaped headers (include/wfpcert/wdk) give the WFP structs the x64 Windows layout in
 * wdk_layout_x64.h (mingw-w64's, re-checked by wdk_layout_windows.c in the mingw build; the
 * FWPS_ kernel structs from their documented declarations).  A driver that hands a struct
 * across a boundary, or sizes a buffer by sizeof, behaves as on Windows.  Compiling is the check.
 */
#include <ntddk.h>
#include <fwpsk.h>
#include <fwpmk.h>
#include <stddef.h>

#include "wdk_layout_x64.h"

#if defined(__x86_64__) || defined(__aarch64__)
WFPCERT_WDK_LAYOUT_SHARED(WFPCERT_WDK_CHECK_SIZE, WFPCERT_WDK_CHECK_OFFSET)
WFPCERT_WDK_LAYOUT_KERNEL(WFPCERT_WDK_CHECK_SIZE, WFPCERT_WDK_CHECK_OFFSET)
#endif

int wfpcert_wdk_layout_model_checked; /* a translation unit must declare something */
