/* process.h (wfpcert): a program's `#include <process.h>` on Linux, for _beginthreadex,
 * _beginthread and _endthreadex, which the model declares in wfpcert/winsock.h with the other
 * thread calls (winsock2.h beside this brings it in). */
#ifndef WFPCERT_SDK_PROCESS_H
#define WFPCERT_SDK_PROCESS_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
