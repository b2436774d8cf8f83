/*
 * text_calls.c: the code-page conversions a Windows program does around its sockets:
 * MultiByteToWideChar and WideCharToMultiByte (UTF-8 and the active code page), GetACP and
 * GetOEMCP.
 *
 * Why: a program built with UNICODE turns a host name or a log line from the command line into
 * UTF-16 for GetAddrInfoW, and back for printf; without these names such a program does not even
 * link against the model.  None of them touches a socket or a world, so they need no WSAStartup.
 *
 * Behaviour, from learn.microsoft.com ("MultiByteToWideChar function", "WideCharToMultiByte
 * function", "GetACP function", "Use UTF-8 code pages in Windows apps"):
 *   the active code page  the model's process runs with UTF-8 as its active code page, as an
 *       application that declares activeCodePage UTF-8 does: GetACP and GetOEMCP answer
 *       CP_UTF8 (65001), and CP_ACP, CP_OEMCP and CP_THREAD_ACP convert as CP_UTF8 (the model's
 *       choice; the host's code page is not Windows').  Any other code page:
 *       ERROR_INVALID_PARAMETER.
 *   flags  for UTF-8 the pages allow 0 or MB_ERR_INVALID_CHARS (MultiByteToWideChar) and 0 or
 *       WC_ERR_INVALID_CHARS (WideCharToMultiByte); any other is ERROR_INVALID_FLAGS.  For
 *       CP_UTF8, lpDefaultChar and lpUsedDefaultChar must be NULL: ERROR_INVALID_PARAMETER.
 *   lengths  -1 takes the text up to and including its terminator, and the result includes it;
 *       a given length converts exactly that many units, terminator or not.  A NULL text, a
 *       length of 0 or below -1, or an output buffer that is the input: ERROR_INVALID_PARAMETER.
 *   sizes  an output size of 0 asks for the size needed (in WCHARs, or in bytes); a buffer too
 *       small: 0 and ERROR_INSUFFICIENT_BUFFER (what did fit may have been written).
 *   invalid input  a byte sequence that is not UTF-8 (an overlong form, a surrogate, past
 *       U+10FFFF, a lead without its continuation) becomes U+FFFD, or with MB_ERR_INVALID_CHARS
 *       fails with ERROR_NO_UNICODE_TRANSLATION; a lone surrogate becomes EF BF BD, or with
 *       WC_ERR_INVALID_CHARS fails the same way.  A character past U+FFFF takes a surrogate pair.
 */
#include "../net/net.h"
#include "text.h"

#include <string.h>

#define REPLACEMENT 0xFFFDu

static int fail(DWORD e) {
    ms_set_last_error(e);
    return 0;
}

static bool utf8_page(UINT cp) { return cp == CP_UTF8 || cp == CP_ACP || cp == CP_OEMCP || cp == CP_THREAD_ACP; }

UINT GetACP(void) { return CP_UTF8; }
UINT GetOEMCP(void) { return CP_UTF8; }

/* One code point from s[0..n): its value and length in *len, or -1 for a sequence that is not
 * UTF-8 (*len then counts the bytes to skip: the lead and the continuations that belong to it). */
static long decode(const unsigned char *s, size_t n, size_t *len) {
    unsigned char b = s[0];
    *len = 1;
    if (b < 0x80) return b;
    size_t need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (!need) return -1;
    unsigned long cp = b & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if (i >= n || (s[i] & 0xC0) != 0x80) return -1;
        *len = i + 1;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1; /* an overlong form, past Unicode, or a surrogate */
    return (long)cp;
}

int MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR in, int in_len, LPWSTR out, int out_len) {
    if (!utf8_page(cp)) return fail(ERROR_INVALID_PARAMETER);
    if (flags & ~(DWORD)MB_ERR_INVALID_CHARS) return fail(ERROR_INVALID_FLAGS);
    if (!in || in_len == 0 || in_len < -1 || out_len < 0 || (out_len && !out) ||
        (out && (const void *)out == (const void *)in))
        return fail(ERROR_INVALID_PARAMETER);
    size_t n = in_len == -1 ? strlen(in) + 1 : (size_t)in_len;
    const unsigned char *s = (const unsigned char *)in;
    size_t used = 0;
    for (size_t i = 0; i < n;) {
        size_t len;
        long cp_ = decode(s + i, n - i, &len);
        if (cp_ < 0) {
            if (flags & MB_ERR_INVALID_CHARS) return fail(ERROR_NO_UNICODE_TRANSLATION);
            cp_ = REPLACEMENT;
        }
        i += len;
        size_t units = cp_ > 0xFFFF ? 2 : 1;
        if (out_len) {
            if (used + units > (size_t)out_len) return fail(ERROR_INSUFFICIENT_BUFFER);
            if (units == 2) {
                out[used] = (WCHAR)(0xD800 + ((cp_ - 0x10000) >> 10));
                out[used + 1] = (WCHAR)(0xDC00 + ((cp_ - 0x10000) & 0x3FF));
            } else {
                out[used] = (WCHAR)cp_;
            }
        }
        used += units;
        if (used > 0x7FFFFFFF) return fail(ERROR_INVALID_PARAMETER);
    }
    return (int)used;
}

int WideCharToMultiByte(UINT cp, DWORD flags, const WCHAR *in, int in_len, LPSTR out, int out_len, LPCSTR def,
                        LPBOOL used_def) {
    if (!utf8_page(cp)) return fail(ERROR_INVALID_PARAMETER);
    if (flags & ~(DWORD)WC_ERR_INVALID_CHARS) return fail(ERROR_INVALID_FLAGS);
    if (def || used_def) return fail(ERROR_INVALID_PARAMETER); /* "must be NULL" for CP_UTF8 */
    if (!in || in_len == 0 || in_len < -1 || out_len < 0 || (out_len && !out) ||
        (out && (const void *)out == (const void *)in))
        return fail(ERROR_INVALID_PARAMETER);
    size_t n = 0;
    if (in_len == -1) {
        while (in[n]) n++;
        n++; /* and the terminator */
    } else {
        n = (size_t)in_len;
    }
    size_t used = 0;
    for (size_t i = 0; i < n;) {
        unsigned long c = in[i++];
        if (c >= 0xD800 && c <= 0xDBFF && i < n && in[i] >= 0xDC00 && in[i] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (in[i++] - 0xDC00u);
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            if (flags & WC_ERR_INVALID_CHARS) return fail(ERROR_NO_UNICODE_TRANSLATION);
            c = REPLACEMENT;
        }
        unsigned char b[4];
        size_t len;
        if (c < 0x80) {
            b[0] = (unsigned char)c, len = 1;
        } else if (c < 0x800) {
            b[0] = (unsigned char)(0xC0 | c >> 6), b[1] = (unsigned char)(0x80 | (c & 0x3F)), len = 2;
        } else if (c < 0x10000) {
            b[0] = (unsigned char)(0xE0 | c >> 12), b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            b[2] = (unsigned char)(0x80 | (c & 0x3F)), len = 3;
        } else {
            b[0] = (unsigned char)(0xF0 | c >> 18), b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
            b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F)), b[3] = (unsigned char)(0x80 | (c & 0x3F)), len = 4;
        }
        if (out_len) {
            if (used + len > (size_t)out_len) return fail(ERROR_INSUFFICIENT_BUFFER);
            memcpy(out + used, b, len);
        }
        used += len;
        if (used > 0x7FFFFFFF) return fail(ERROR_INVALID_PARAMETER);
    }
    return (int)used;
}

bool ms_wide_name(LPCWSTR in, char *out, int cap) {
    int n = 0;
    for (; in && *in; in++) {
        unsigned long u = (unsigned long)*in;
        int len = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
        if (n + len >= cap) return false;
        if (len == 1) {
            out[n++] = (char)u;
            continue;
        }
        out[n++] = (char)((len == 2 ? 0xC0 : len == 3 ? 0xE0 : 0xF0) | (u >> (6 * (len - 1))));
        for (int k = len - 2; k >= 0; k--) out[n++] = (char)(0x80 | ((u >> (6 * k)) & 0x3F));
    }
    out[n] = 0;
    return true;
}
