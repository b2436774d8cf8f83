/* winerror.h (wfpcert): a program's `#include <winerror.h>` on Linux; the system error codes
 * (ERROR_*, WSAE*) and HRESULT macros, which the model declares in wfpcert/winsock.h (winsock2.h
 * beside this brings it in). */
#ifndef WFPCERT_SDK_WINERROR_H
#define WFPCERT_SDK_WINERROR_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
