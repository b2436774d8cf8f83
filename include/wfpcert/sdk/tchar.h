/* tchar.h (wfpcert): a program's `#include <tchar.h>` on Linux, for sources written for both
 * character sets (Visual Studio's console template: `int _tmain(int argc, _TCHAR *argv[])`,
 * _T("..."), _tprintf).  Without _UNICODE the names are the char ones of the C library and of
 * wfpcert/crt.h, so such a program builds and runs unchanged.  With _UNICODE they are the wide
 * ones; on Linux that takes -fshort-wchar for the literals, the C library's wide functions do
 * not read 16-bit text, and wmain is no entry point: a Unicode program is built for Linux
 * with its ANSI settings, or gives itself a main. */
#ifndef WFPCERT_SDK_TCHAR_H
#define WFPCERT_SDK_TCHAR_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include <wfpcert/crt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifdef _UNICODE
typedef wchar_t _TCHAR;
#define __T(x) L##x
#define _tmain wmain
#define _tcslen wcslen
#define _tcscpy wcscpy
#define _tcsncpy wcsncpy
#define _tcscat wcscat
#define _tcscmp wcscmp
#define _tcsncmp wcsncmp
#define _tcschr wcschr
#define _tcsrchr wcsrchr
#define _tcsstr wcsstr
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _tprintf wprintf
#define _ftprintf fwprintf
#define _stprintf swprintf
#else
typedef char _TCHAR;
#define __T(x) x
#define _tmain main
#define _tcslen strlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcsicmp _stricmp
#define _tcsnicmp _strnicmp
#define _tcsdup _strdup
#define _tcscpy_s strcpy_s
#define _tcsncpy_s strncpy_s
#define _tcscat_s strcat_s
#define _ttoi atoi
#define _ttol atol
#define _tprintf printf
#define _ftprintf fprintf
#define _stprintf sprintf
#define _stprintf_s sprintf_s
#define _sntprintf _snprintf
#define _tgetenv getenv
#endif
#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif
