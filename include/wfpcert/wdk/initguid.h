/*
 * initguid.h (wfpcert): after this include, DEFINE_GUID defines the GUID instead of
 * declaring it (weak, so several translation units may do it, as DECLSPEC_SELECTANY allows
 * on Windows).
 */
#ifndef INITGUID
#define INITGUID
#endif
#include "wdm.h"
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                                                   \
    WFPCERT_GUID_DEFINITION const GUID __attribute__((weak)) name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
