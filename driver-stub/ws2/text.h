/*
 * text.h: a wide name as UTF-8 (text_calls.c), for the calls that take an LPCWSTR name or path:
 * the named kernel objects (win32_calls.c) and the files (file_calls.c).
 */
#ifndef WFPCERT_WS2_TEXT_H
#define WFPCERT_WS2_TEXT_H

#include "wfpcert/winsock.h"

#include <stdbool.h>

/* in (LPCWSTR: the compiler's wchar_t, whose L"..." literals a program passes) as UTF-8 in out,
 * terminated; false when it does not fit in cap bytes.  NULL in gives "". */
bool ms_wide_name(LPCWSTR in, char *out, int cap);

#endif /* WFPCERT_WS2_TEXT_H */
