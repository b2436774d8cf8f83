/*
 * strsafe_calls.c: the string calls of strsafe.h (StringCchCopyA, StringCchCatA,
 * StringCchPrintfA, StringCchLengthA and their byte-counted StringCb twins), which Microsoft's
 * samples and many services use for every string they build; wfpcert/crt.h has their rules.
 *
 * Why a file of its own: they answer with HRESULTs and never call the invalid parameter handler
 * for a size (only a format the CRT refuses does, through _vsnprintf, as the SDK's inline
 * versions call it); everything else about them is bounded copying.  On Windows they are inline
 * functions of the header, so a stack under test never supplies them: the model's must simply
 * behave as those do.
 */
#include "../net/net.h"

#include <wfpcert/crt.h>

#include <string.h>

static bool bad_size(size_t cch) { return cch == 0 || cch > STRSAFE_MAX_CCH; }

/* Copies at most max characters of src and a NUL into dest's cch. */
static HRESULT copy(char *dest, size_t cch, const char *src, size_t max) {
    if (bad_size(cch) || !dest || !src) return STRSAFE_E_INVALID_PARAMETER;
    size_t i = 0;
    for (; i + 1 < cch && i < max && src[i]; i++) dest[i] = src[i];
    dest[i] = '\0';
    return i < max && src[i] ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

HRESULT StringCchCopyA(char *dest, size_t cch, const char *src) { return copy(dest, cch, src, (size_t)-1); }

HRESULT StringCchCopyNA(char *dest, size_t cch, const char *src, size_t max) {
    if (max > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    return copy(dest, cch, src, max);
}

HRESULT StringCchCatA(char *dest, size_t cch, const char *src) {
    if (bad_size(cch) || !dest || !src) return STRSAFE_E_INVALID_PARAMETER;
    size_t d = strnlen(dest, cch);
    if (d == cch) return STRSAFE_E_INVALID_PARAMETER; /* dest has no NUL within cch */
    return copy(dest + d, cch - d, src, (size_t)-1);
}

/* As the SDK's inline version: _vsnprintf into cch - 1, then the NUL at the end. */
HRESULT StringCchVPrintfA(char *dest, size_t cch, const char *format, va_list args) {
    if (bad_size(cch) || !dest || !format) return STRSAFE_E_INVALID_PARAMETER;
    int n = _vsnprintf(dest, cch - 1, format, args);
    if (n < 0 || (size_t)n > cch - 1) {
        dest[cch - 1] = '\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    dest[n] = '\0';
    return S_OK;
}

HRESULT StringCchPrintfA(char *dest, size_t cch, const char *format, ...) {
    va_list args;
    va_start(args, format);
    HRESULT hr = StringCchVPrintfA(dest, cch, format, args);
    va_end(args);
    return hr;
}

HRESULT StringCchLengthA(const char *s, size_t max, size_t *length) {
    size_t n = s && max <= STRSAFE_MAX_CCH ? strnlen(s, max) : max;
    if (!s || max > STRSAFE_MAX_CCH || n == max) { /* no NUL within max (max 0 included) */
        if (length) *length = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (length) *length = n;
    return S_OK;
}

/* The StringCb forms: a byte count, which for char is the character count. */
HRESULT StringCbCopyA(char *dest, size_t cb, const char *src) { return StringCchCopyA(dest, cb, src); }
HRESULT StringCbCatA(char *dest, size_t cb, const char *src) { return StringCchCatA(dest, cb, src); }
HRESULT StringCbVPrintfA(char *dest, size_t cb, const char *format, va_list args) {
    return StringCchVPrintfA(dest, cb, format, args);
}
HRESULT StringCbPrintfA(char *dest, size_t cb, const char *format, ...) {
    va_list args;
    va_start(args, format);
    HRESULT hr = StringCchVPrintfA(dest, cb, format, args);
    va_end(args);
    return hr;
}
HRESULT StringCbLengthA(const char *s, size_t max, size_t *length) { return StringCchLengthA(s, max, length); }
