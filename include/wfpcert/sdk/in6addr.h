/* in6addr.h (wfpcert): a program's `#include <in6addr.h>` on Linux; IN6_ADDR, which the model
 * declares in wfpcert/winsock.h (winsock2.h beside this brings it in). */
#ifndef WFPCERT_SDK_IN6ADDR_H
#define WFPCERT_SDK_IN6ADDR_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
