/* ws2ipdef.h (wfpcert): a program's `#include <ws2ipdef.h>` on Linux; the IPv4 and IPv6 address
 * and option names, which the model declares in wfpcert/winsock.h (winsock2.h beside this brings
 * it in). */
#ifndef WFPCERT_SDK_WS2IPDEF_H
#define WFPCERT_SDK_WS2IPDEF_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
