/* ws2def.h (wfpcert): a program's `#include <ws2def.h>` on Linux; the address types (SOCKADDR,
 * SOCKADDR_STORAGE, ADDRINFOA, WSABUF, WSAMSG), which the model declares in wfpcert/winsock.h
 * (winsock2.h beside this brings it in). */
#ifndef WFPCERT_SDK_WS2DEF_H
#define WFPCERT_SDK_WS2DEF_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
