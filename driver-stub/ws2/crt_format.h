/*
 * crt_format.h: Microsoft's printf formats (crt_format.c) and the invalid parameter handler
 * (crt_calls.c), shared by the CRT's calls and strsafe's.
 */
#ifndef WFPCERT_WS2_CRT_FORMAT_H
#define WFPCERT_WS2_CRT_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted text goes: at most cap bytes are stored at dst (no NUL is added); len counts
 * every byte the format produced, stored or not. */
typedef struct ms_crt_sink {
    char *dst;
    size_t cap;
    size_t len;
} ms_crt_sink;

/* Formats by the CRT's rules (wfpcert/crt.h); -1 for a format the CRT refuses (%n, a conversion
 * it does not know), which the caller reports as an invalid parameter. */
int ms_crt_format(ms_crt_sink *s, const char *format, va_list args);

/* The CRT's invalid parameter path: the handler the program set, then errno = err; with none
 * set, a line on stderr naming call and why, and the process ends. */
void ms_crt_invalid(const char *call, const char *why, int err);

#endif /* WFPCERT_WS2_CRT_FORMAT_H */
