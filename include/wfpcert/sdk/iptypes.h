/* iptypes.h (wfpcert): a program's `#include <iptypes.h>` on Linux: IP_ADAPTER_ADDRESSES and
 * the other adapter types, declared in wfpcert/iphlpapi.h with GetAdaptersAddresses. */
#ifndef WFPCERT_SDK_IPTYPES_H
#define WFPCERT_SDK_IPTYPES_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#include <wfpcert/iphlpapi.h>
#endif
