/* iphlpapi.h (wfpcert): a program's `#include <iphlpapi.h>` on Linux: GetAdaptersAddresses and
 * the types of iptypes.h it fills in, declared in wfpcert/iphlpapi.h and answered with the
 * model's host. */
#ifndef WFPCERT_SDK_IPHLPAPI_H
#define WFPCERT_SDK_IPHLPAPI_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#include <wfpcert/iphlpapi.h>
#endif
