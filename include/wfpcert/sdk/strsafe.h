/* strsafe.h (wfpcert): a program's `#include <strsafe.h>` on Linux; StringCchCopyA and the
 * other string calls of the SDK's strsafe.h are declared in wfpcert/crt.h (see there) and
 * implemented by the model. */
#ifndef WFPCERT_SDK_STRSAFE_H
#define WFPCERT_SDK_STRSAFE_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include <wfpcert/crt.h>
#endif
