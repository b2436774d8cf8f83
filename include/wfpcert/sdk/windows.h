/* windows.h (wfpcert): a program's `#include <windows.h>` on Linux; the model's names are all in
 * winsock2.h here (see there). */
#ifndef WFPCERT_SDK_WINDOWS_H
#define WFPCERT_SDK_WINDOWS_H
#include "winsock2.h"
#endif
