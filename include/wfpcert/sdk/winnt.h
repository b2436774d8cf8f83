/* winnt.h (wfpcert): a program's `#include <winnt.h>` on Linux; the base types and TCHAR, which
 * the model declares in wfpcert/winsock.h (winsock2.h beside this brings it in). */
#ifndef WFPCERT_SDK_WINNT_H
#define WFPCERT_SDK_WINNT_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
