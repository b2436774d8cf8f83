/*
 * winsock2.h (wfpcert): a Windows program's `#include <winsock2.h>` (and, through the files
 * beside it, <ws2tcpip.h>, <mswsock.h>, <mstcpip.h>, <windows.h>), for building its unchanged sources
 * against the wfpcert model on Linux.  Everything the model provides is in wfpcert/winsock.h
 * (the SDK's spellings around it, __cdecl, SAL, ZeroMemory, in windef.h beside this);
 * this name exists because programs include it.  Put include/wfpcert/sdk on the include path
 * (wfpcert_add_proxy does; WFPCERT_SDK_INCLUDE_DIR names it).  On Windows the SDK's own
 * header is the one to use.
 */
#ifndef WFPCERT_SDK_WINSOCK2_H
#define WFPCERT_SDK_WINSOCK2_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include "windef.h"
#include <wfpcert/winsock.h>
#include "threadpoolapiset.h"
#include <wfpcert/crt.h> /* sprintf_s and the other calls of the C runtime that glibc lacks */
#endif
