/*
 * windef.h (wfpcert): the spellings of the Windows SDK's windef.h, winnt.h and sal.h that
 * everyday Windows sources use around their Winsock calls, for building them unchanged on
 * Linux: calling conventions (`int __cdecl main`), the SAL annotations of Microsoft's samples
 * (`_In_`, `_Out_writes_bytes_(n)`, ...), ZeroMemory and its kin, _countof, and the word and
 * byte macros.  They change nothing in the code they decorate.  MSVC's `#pragma comment(lib,
 * "Ws2_32.lib")` names a library to link: there is none to link here, so the warning GCC and
 * Clang give for that pragma is switched off for the rest of the file that includes this.
 * Included by winsock2.h and windows.h of this folder.
 */
#ifndef WFPCERT_SDK_WINDEF_H
#define WFPCERT_SDK_WINDEF_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include <string.h>

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif

/* calling conventions: x64 has one, so they mean nothing there either */
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef FAR
#define FAR
#endif
#ifndef NEAR
#define NEAR
#endif

/* SAL 2 annotations */
#include "../sal.h"

/* memory */
#define ZeroMemory(d, n) memset((d), 0, (n))
#define SecureZeroMemory(d, n) memset((d), 0, (n))
#define FillMemory(d, n, f) memset((d), (f), (n))
#define CopyMemory(d, s, n) memcpy((d), (s), (n))
#define MoveMemory(d, s, n) memmove((d), (s), (n))
#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef ARRAYSIZE
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* words and bytes */
#define LOBYTE(w) ((unsigned char)((w)&0xff))
#define HIBYTE(w) ((unsigned char)(((w) >> 8) & 0xff))
#define LOWORD(l) ((unsigned short)((l)&0xffff))
#define HIWORD(l) ((unsigned short)(((l) >> 16) & 0xffff))
#define MAKELONG(a, b) ((long)(((unsigned short)(a)) | ((unsigned long)((unsigned short)(b))) << 16))

#endif
