/* mmsystem.h (wfpcert): a program's `#include <mmsystem.h>` on Linux; timeGetTime, timeBeginPeriod,
 * timeEndPeriod and timeGetDevCaps, which the model declares in wfpcert/winsock.h (winsock2.h
 * beside this brings it in). */
#ifndef WFPCERT_SDK_MMSYSTEM_H
#define WFPCERT_SDK_MMSYSTEM_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "winsock2.h"
#endif
