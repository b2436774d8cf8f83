/*
 * wfpcert/crt.h: the Microsoft C runtime's own string and format calls (the "secure" _s
 * functions, _snprintf, _stricmp, _strdup ...) and the string calls of strsafe.h, which
 * everyday Windows sources make around their Winsock calls: a service formats its log lines with
 * sprintf_s or StringCchPrintfA and copies host names with strcpy_s.  glibc has none of them, so
 * without this header such a program does not build against the model at all.
 *
 * On Windows it is the CRT's own headers and strsafe.h.  On Linux it declares the same names,
 * implemented by the model (driver-stub/ws2/crt_calls.c, crt_format.c and strsafe_calls.c);
 * include/wfpcert/sdk's windows.h, winsock2.h and strsafe.h bring it in, so a program's own
 * include lines find it.
 *
 * Behaviour, from learn.microsoft.com ("Parameter validation", "_set_invalid_parameter_handler",
 * "sprintf_s", "_snprintf", "_snprintf_s", "_scprintf", "Format specification syntax", "Size
 * prefixes for printf", "strcpy_s", "strncpy_s", "strcat_s", "memcpy_s", "_stricmp", "strtok_s",
 * "fopen_s", "localtime_s", "StringCchCopyA", "StringCchCatA", "StringCchPrintfA",
 * "StringCchLengthA"):
 *   invalid parameters  what the _s functions refuse (a NULL pointer, a size of 0, a result that
 *       does not fit) and every format with %n or a conversion the CRT does not know calls the
 *       invalid parameter handler; with none set, the process ends there (on Windows a fast
 *       fail, STATUS_STACK_BUFFER_OVERRUN; in the model an abort after a line on stderr that
 *       names the call, so a test run reports the program's bug as a crash).  With a handler set
 *       (_set_invalid_parameter_handler, one for the process; it gets NULLs and 0, as the release
 *       CRT passes) the call returns its error and sets errno (EINVAL, ERANGE).
 *   formats  Microsoft's printf rules, not glibc's: `l` is 32 bits (DWORD, LONG), `I64`, `ll`
 *       64, `I`, `z`, `t` pointer sized, `I32` 32, `j` intmax_t, `hh` and `h` char and short;
 *       `%S`, `%ls`, `%ws` (and `%C`, `%lc`) print a UTF-16 string (character) of the model's
 *       WCHAR as UTF-8; `%p` is 16 upper-case hex digits; a NULL string prints "(null)".
 *   _snprintf  fills at most count characters and adds the NUL only when it fits: the length
 *       when it fits (count included), a negative value when it was cut.
 *   sprintf_s, _snprintf_s  a result longer than the buffer is an invalid parameter, the buffer
 *       emptied; _snprintf_s with count _TRUNCATE stores what fits and returns -1, and with no
 *       buffer, size and count all 0 answers 0 (pinned answer M._snprintf_s.nothing).
 *   strncpy_s  count _TRUNCATE copies what fits and returns STRUNCATE (80).
 *   strsafe  cch (or cb) 0 or past STRSAFE_MAX_CCH: STRSAFE_E_INVALID_PARAMETER, the
 *       destination untouched; a result that does not fit: STRSAFE_E_INSUFFICIENT_BUFFER with
 *       what fits, NUL-terminated.  The pages leave NULL strings undefined ("should not be
 *       NULL"); the model refuses them with STRSAFE_E_INVALID_PARAMETER (pinned answer
 *       M.StringCch.null).  The A calls only; W programs do not find StringCch*W here.
 */
#ifndef WFPCERT_CRT_H
#define WFPCERT_CRT_H

#if defined(_WIN32)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef STRSAFE_NO_DEPRECATE
#define STRSAFE_NO_DEPRECATE /* strsafe.h would otherwise rename strcpy and its kin to errors */
#endif
#include <strsafe.h>
#else

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <wfpcert/winsock.h>

typedef int errno_t;
typedef size_t rsize_t;
#define _TRUNCATE ((size_t)-1)
#define STRUNCATE 80

typedef void (*_invalid_parameter_handler)(const wchar_t *expression, const wchar_t *function, const wchar_t *file,
                                           unsigned int line, uintptr_t reserved);
_invalid_parameter_handler _set_invalid_parameter_handler(_invalid_parameter_handler handler);
_invalid_parameter_handler _get_invalid_parameter_handler(void);

int sprintf_s(char *buffer, size_t size, const char *format, ...);
int vsprintf_s(char *buffer, size_t size, const char *format, va_list args);
int _snprintf(char *buffer, size_t count, const char *format, ...);
int _vsnprintf(char *buffer, size_t count, const char *format, va_list args);
int _snprintf_s(char *buffer, size_t size, size_t count, const char *format, ...);
int _vsnprintf_s(char *buffer, size_t size, size_t count, const char *format, va_list args);
int _scprintf(const char *format, ...);
int _vscprintf(const char *format, va_list args);
int printf_s(const char *format, ...);
int vprintf_s(const char *format, va_list args);
int fprintf_s(FILE *stream, const char *format, ...);
int vfprintf_s(FILE *stream, const char *format, va_list args);

errno_t strcpy_s(char *dest, rsize_t size, const char *src);
errno_t strncpy_s(char *dest, rsize_t size, const char *src, rsize_t count);
errno_t strcat_s(char *dest, rsize_t size, const char *src);
errno_t memcpy_s(void *dest, rsize_t size, const void *src, rsize_t count);
errno_t memmove_s(void *dest, rsize_t size, const void *src, rsize_t count);
char *strtok_s(char *str, const char *delimiters, char **context);
int _stricmp(const char *a, const char *b);
int _strnicmp(const char *a, const char *b, size_t count);
char *_strdup(const char *s);
errno_t fopen_s(FILE **file, const char *name, const char *mode);
errno_t localtime_s(struct tm *out, const time_t *t);
errno_t gmtime_s(struct tm *out, const time_t *t);
long long _strtoi64(const char *s, char **end, int base);
unsigned long long _strtoui64(const char *s, char **end, int base);
long long _atoi64(const char *s);
/* "_itoa, _ltoa, _ultoa, _i64toa, _ui64toa" and their _s forms: the digits in radix 2 to 36 in
 * lower case, a minus sign only in radix 10 (another radix writes a negative value's two's
 * complement); a radix out of range or no buffer is an invalid parameter, as is, for the _s
 * forms, a size of 0 (EINVAL) or one too small for the digits and the NUL (ERANGE, the buffer
 * emptied). */
char *_itoa(int value, char *buffer, int radix);
char *_ltoa(long value, char *buffer, int radix);
char *_ultoa(unsigned long value, char *buffer, int radix);
char *_i64toa(long long value, char *buffer, int radix);
char *_ui64toa(unsigned long long value, char *buffer, int radix);
errno_t _itoa_s(int value, char *buffer, size_t size, int radix);
errno_t _ltoa_s(long value, char *buffer, size_t size, int radix);
errno_t _ultoa_s(unsigned long value, char *buffer, size_t size, int radix);
errno_t _i64toa_s(long long value, char *buffer, size_t size, int radix);
errno_t _ui64toa_s(unsigned long long value, char *buffer, size_t size, int radix);
#define itoa _itoa
#define ltoa _ltoa
#define ultoa _ultoa
#define stricmp _stricmp
#define strnicmp _strnicmp

/* strsafe.h */
#ifndef S_OK
#define S_OK ((HRESULT)0)
#endif
#ifndef SUCCEEDED
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#endif
#ifndef FAILED
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#endif
#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007A)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026)

HRESULT StringCchCopyA(char *dest, size_t cch, const char *src);
HRESULT StringCchCopyNA(char *dest, size_t cch, const char *src, size_t max);
HRESULT StringCchCatA(char *dest, size_t cch, const char *src);
HRESULT StringCchPrintfA(char *dest, size_t cch, const char *format, ...);
HRESULT StringCchVPrintfA(char *dest, size_t cch, const char *format, va_list args);
HRESULT StringCchLengthA(const char *s, size_t max, size_t *length);
HRESULT StringCbCopyA(char *dest, size_t cb, const char *src);
HRESULT StringCbCatA(char *dest, size_t cb, const char *src);
HRESULT StringCbPrintfA(char *dest, size_t cb, const char *format, ...);
HRESULT StringCbVPrintfA(char *dest, size_t cb, const char *format, va_list args);
HRESULT StringCbLengthA(const char *s, size_t max, size_t *length);
#ifndef UNICODE
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCchCat StringCchCatA
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCchLength StringCchLengthA
#define StringCbCopy StringCbCopyA
#define StringCbCat StringCbCatA
#define StringCbPrintf StringCbPrintfA
#define StringCbVPrintf StringCbVPrintfA
#define StringCbLength StringCbLengthA
#endif

#endif /* _WIN32 */
#endif /* WFPCERT_CRT_H */
