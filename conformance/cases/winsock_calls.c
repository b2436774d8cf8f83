/*
 * winsock_calls.c: the Winsock and Win32 calls a redirect service makes around the IOCTLs that
 * setup_calls.c does not check: address text both ways (WSAAddressToString, WSAStringToAddress,
 * getnameinfo, gethostbyname), event objects and waits, completion-port calls besides
 * GetQueuedCompletionStatus, select and WSAPoll beyond readability, WSAEventSelect's errors.
 *
 * Why: plain certify never ran these calls' own paths (docs/COVERAGE.md: lines the unit tests
 * reach and certify does not), so a stack that got a buffer length, an error code or a copied
 * byte wrong in them passed.  Each case compares what the call returned, the error it set and
 * what it wrote (texts, lengths, addresses, packets) with the learn.microsoft.com page of the
 * call, or with what Windows answers as Wine's ws2_32/kernel32 tests record it.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#ifndef WSANO_DATA
#define WSANO_DATA 11004 /* "Valid name, no data record of requested type" */
#endif

/* ---------------------------------------------------------------- address text */

/* The narrow text of a WCHAR string (ASCII only; '?' otherwise), for messages. */
static const char *narrow(const WCHAR *w, char *buf, size_t cap) {
    size_t i = 0;
    for (; i + 1 < cap && w[i]; i++) buf[i] = w[i] < 0x80 ? (char)w[i] : '?';
    buf[i] = 0;
    return buf;
}

static void widen(const char *s, WCHAR *w) {
    while ((*w++ = (WCHAR)(unsigned char)*s++) != 0) {
    }
}

static struct sockaddr_in v4(const unsigned char b[4], USHORT port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    memcpy(&a.sin_addr, b, 4);
    return a;
}

static struct sockaddr_in6 v6(const unsigned char b[16], USHORT port, ULONG scope) {
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_scope_id = scope;
    memcpy(&a.sin6_addr, b, 16);
    return a;
}

static const unsigned char doc4[4] = {198, 51, 100, 7};
static const unsigned char doc6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 7};

/* One address and the text WSAAddressToString gives for it (Wine's ws2_32 tests, run on
 * Windows: "a.b.c.d" and "a.b.c.d:port" when the port is not 0; IPv6 "addr", "addr%scope",
 * "[addr]:port", "[addr%scope]:port"). */
typedef struct {
    int af;
    USHORT port;
    ULONG scope;
    const char *text;
} text_row;
static const text_row texts[] = {
    {AF_INET, 0, 0, "198.51.100.7"},   {AF_INET, 8080, 0, "198.51.100.7:8080"},
    {AF_INET6, 0, 0, "2001:db8::7"},   {AF_INET6, 443, 0, "[2001:db8::7]:443"},
    {AF_INET6, 0, 5, "2001:db8::7%5"}, {AF_INET6, 443, 5, "[2001:db8::7%5]:443"},
};

static int row_addr(const text_row *r, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    if (r->af == AF_INET) {
        struct sockaddr_in x = v4(doc4, r->port);
        memcpy(a, &x, sizeof x);
        return (int)sizeof x;
    }
    struct sockaddr_in6 x = v6(doc6, r->port, r->scope);
    memcpy(a, &x, sizeof x);
    return (int)sizeof x;
}

/* S3 (WSAAddressToStringA/W, lpdwAddressStringLength: "On input, the length of the buffer in
 * characters.  On output, the length of the string actually copied, including the terminating
 * NULL.  If the supplied buffer is not large enough, the function fails with WSAEFAULT and this
 * parameter is updated with the required length in characters"; WSAEINVAL: "no transport
 * provider supports the indicated address family").  For each text: a buffer one character
 * short fails with the exact size needed, a buffer of exactly that size gets the text, its
 * NUL and nothing after it; the same in WCHARs. */
static void address_to_string(wc_ctx *c) {
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const text_row *r = &texts[i];
        SOCKADDR_STORAGE a;
        DWORD alen = (DWORD)row_addr(r, &a);
        DWORD need = (DWORD)strlen(r->text) + 1;
        char out[64 + WC_CANARY];
        WCHAR wout[64 + WC_CANARY], want[64];
        widen(r->text, want);
        for (int wide = 0; wide < 2; wide++) {
            const char *fn = wide ? "WSAAddressToStringW" : "WSAAddressToStringA";
            DWORD len = need - 1;
            memset(out, 0xA5, sizeof out);
            memset(wout, 0xA5, sizeof wout);
            WSASetLastError(0);
            int rc = wide ? WSAAddressToStringW((LPSOCKADDR)&a, alen, NULL, wout, &len)
                          : WSAAddressToStringA((LPSOCKADDR)&a, alen, NULL, out, &len);
            int err = rc ? WSAGetLastError() : 0;
            wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && len == need,
                     "%s(\"%s\") into %lu characters: rc=%d err=%d length %lu; expected WSAEFAULT and %lu", fn, r->text,
                     (unsigned long)(need - 1), rc, err, (unsigned long)len, (unsigned long)need);
            len = need;
            rc = wide ? WSAAddressToStringW((LPSOCKADDR)&a, alen, NULL, wout, &len)
                      : WSAAddressToStringA((LPSOCKADDR)&a, alen, NULL, out, &len);
            err = rc ? WSAGetLastError() : 0;
            char got[64];
            if (wide)
                narrow(wout, got, sizeof got);
            else
                snprintf(got, sizeof got, "%.63s", out);
            int same = wide ? memcmp(wout, want, need * sizeof(WCHAR)) == 0 : memcmp(out, r->text, need) == 0;
            wc_check(c, rc == 0 && len == need && same,
                     "%s into exactly %lu characters: rc=%d err=%d length %lu text \"%s\"; expected \"%s\", %lu", fn,
                     (unsigned long)need, rc, err, (unsigned long)len, rc ? "" : got, r->text, (unsigned long)need);
            int intact = 1;
            for (size_t k = need; k < need + 8; k++) intact &= wide ? wout[k] == 0xA5A5 : (unsigned char)out[k] == 0xA5;
            wc_safety(c, intact, "%s(\"%s\") wrote past the %lu characters it was given", fn, r->text,
                      (unsigned long)need);
        }
    }
    /* NULL buffer: the length needed (Wine's tests: 8 for "0.0.0.0"). */
    struct sockaddr_in any = v4((const unsigned char[4]){0, 0, 0, 0}, 0);
    DWORD len = 0;
    int rc = WSAAddressToStringW((LPSOCKADDR)&any, sizeof any, NULL, NULL, &len);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && len == 8,
             "WSAAddressToStringW(0.0.0.0) with no buffer: rc=%d err=%d length %lu; expected WSAEFAULT and 8", rc, err,
             (unsigned long)len);
    /* An address family no provider supports; an address length short of the family's
     * sockaddr (WSAEFAULT: lpsaAddress not in the address space for that length). */
    char out[64];
    SOCKADDR_STORAGE odd;
    memset(&odd, 0, sizeof odd);
    odd.ss_family = 0x4242;
    len = sizeof out;
    rc = WSAAddressToStringA((LPSOCKADDR)&odd, sizeof odd, NULL, out, &len);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
             "WSAAddressToStringA of family 0x4242: rc=%d err=%d, expected WSAEINVAL", rc, err);
    static const int short_errs[] = {WSAEFAULT, WSAEINVAL};
    for (int fam = 0; fam < 2; fam++) {
        SOCKADDR_STORAGE a;
        DWORD alen = (DWORD)row_addr(&texts[fam ? 2 : 0], &a);
        len = sizeof out;
        rc = WSAAddressToStringA((LPSOCKADDR)&a, alen - 1, NULL, out, &len);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && (err == short_errs[0] || err == short_errs[1]),
                 "WSAAddressToStringA of an %s address with dwAddressLength %lu (one byte short): rc=%d err=%d; "
                 "expected WSAEFAULT or WSAEINVAL",
                 fam ? "IPv6" : "IPv4", (unsigned long)(alen - 1), rc, err);
    }
}

/* S3 (WSAStringToAddressA/W, lpAddressLength: "on input, the length of the lpAddress buffer;
 * on output, the length of the SOCKADDR structure"; WSAEFAULT when the buffer is too small,
 * with the size needed written there, WSAEINVAL when the text is not an address of the family;
 * Wine's ws2_32 tests run on Windows show "[::1]" port 0, "[::1]:65535", "::1]:65535" and
 * "1:2:3:" WSAEINVAL, and an IPv4 text refused as AF_INET6).  Every text WSAAddressToString
 * writes reads back to the same address, port and scope, through the A and the W call. */
static void string_to_address(wc_ctx *c) {
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const text_row *r = &texts[i];
        SOCKADDR_STORAGE want;
        INT size = row_addr(r, &want);
        for (int wide = 0; wide < 2; wide++) {
            const char *fn = wide ? "WSAStringToAddressW" : "WSAStringToAddressA";
            char text[64];
            WCHAR wtext[64];
            strcpy(text, r->text);
            widen(r->text, wtext);
            SOCKADDR_STORAGE a;
            memset(&a, 0xee, sizeof a);
            INT len = size - 1;
            int rc = wide ? WSAStringToAddressW(wtext, r->af, NULL, (LPSOCKADDR)&a, &len)
                          : WSAStringToAddressA(text, r->af, NULL, (LPSOCKADDR)&a, &len);
            int err = rc ? WSAGetLastError() : 0;
            wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT && len >= size,
                     "%s(\"%s\") into %d bytes: rc=%d err=%d length %d; expected WSAEFAULT and at least %d", fn,
                     r->text, size - 1, rc, err, len, size);
            len = (INT)sizeof a;
            rc = wide ? WSAStringToAddressW(wtext, r->af, NULL, (LPSOCKADDR)&a, &len)
                      : WSAStringToAddressA(text, r->af, NULL, (LPSOCKADDR)&a, &len);
            err = rc ? WSAGetLastError() : 0;
            int same;
            if (r->af == AF_INET) {
                const struct sockaddr_in *g = (const struct sockaddr_in *)&a, *w = (const struct sockaddr_in *)&want;
                same = g->sin_family == AF_INET && g->sin_port == w->sin_port &&
                       memcmp(&g->sin_addr, &w->sin_addr, 4) == 0;
            } else {
                const struct sockaddr_in6 *g = (const struct sockaddr_in6 *)&a, *w = (const struct sockaddr_in6 *)&want;
                same = g->sin6_family == AF_INET6 && g->sin6_port == w->sin6_port &&
                       g->sin6_scope_id == w->sin6_scope_id && memcmp(&g->sin6_addr, &w->sin6_addr, 16) == 0;
            }
            wc_check(c, rc == 0 && len == size && same,
                     "%s(\"%s\"): rc=%d err=%d length %d; expected 0, length %d and the address, port %u and scope "
                     "%lu it was written from",
                     fn, r->text, rc, err, len, size, (unsigned)r->port, (unsigned long)r->scope);
        }
    }
    static const struct {
        const char *text;
        int af;
        USHORT port;
        int err;
    } t[] = {
        {"[2001:db8::7]", AF_INET6, 0, 0},
        {"[2001:db8::7]:65535", AF_INET6, 65535, 0},
        {"2001:db8::7]:443", AF_INET6, 0, WSAEINVAL},
        {"[2001:db8::7]443", AF_INET6, 0, WSAEINVAL},
        {"[2001:db8::7", AF_INET6, 0, WSAEINVAL},
        {"1:2:3:", AF_INET6, 0, WSAEINVAL},
        {"198.51.100.7", AF_INET6, 0, WSAEINVAL},
        {"2001:db8::7", AF_INET, 0, WSAEINVAL},
        {"", AF_INET6, 0, WSAEINVAL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        for (int wide = 0; wide < 2; wide++) {
            char text[64];
            WCHAR wtext[64];
            strcpy(text, t[i].text);
            widen(t[i].text, wtext);
            struct sockaddr_in6 a;
            memset(&a, 0xee, sizeof a);
            INT len = (INT)sizeof a;
            int rc = wide ? WSAStringToAddressW(wtext, t[i].af, NULL, (LPSOCKADDR)&a, &len)
                          : WSAStringToAddressA(text, t[i].af, NULL, (LPSOCKADDR)&a, &len);
            int err = rc ? WSAGetLastError() : 0;
            if (t[i].err)
                wc_check(c, rc == SOCKET_ERROR && err == t[i].err, "%s(\"%s\", family %d): rc=%d err=%d, expected %d",
                         wide ? "WSAStringToAddressW" : "WSAStringToAddressA", t[i].text, t[i].af, rc, err, t[i].err);
            else
                wc_check(c,
                         rc == 0 && a.sin6_family == AF_INET6 && ntohs(a.sin6_port) == t[i].port &&
                             a.sin6_scope_id == 0 && memcmp(&a.sin6_addr, doc6, 16) == 0,
                         "%s(\"%s\"): rc=%d err=%d port %u; expected 2001:db8::7 port %u",
                         wide ? "WSAStringToAddressW" : "WSAStringToAddressA", t[i].text, rc, err,
                         (unsigned)ntohs(a.sin6_port), (unsigned)t[i].port);
        }
    }
    /* A character outside ASCII in the W text (U+00E9 after the address) is no address. */
    WCHAR wtext[32];
    widen("198.51.100.7", wtext);
    wtext[12] = 0x00E9;
    wtext[13] = 0;
    struct sockaddr_in a;
    INT len = (INT)sizeof a;
    int rc = WSAStringToAddressW(wtext, AF_INET, NULL, (LPSOCKADDR)&a, &len);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
             "WSAStringToAddressW(\"198.51.100.7\\u00e9\"): rc=%d err=%d, expected WSAEINVAL", rc, err);
}

/* S3 (getnameinfo: NI_NUMERICHOST "the numeric form of the host name is returned",
 * NI_NUMERICSERV "the numeric form of the service address (its port number)"; hostlen and
 * servlen: "The caller must provide a buffer large enough to hold the host name, including the
 * terminating NULL character"; EAI_FAMILY "The sa_family member of socket address structure
 * pointed to by the sa parameter is not supported").  The numeric texts of an IPv4 and an IPv6
 * address and port; a buffer of exactly the text's size gets it, one byte less fails. */
static void name_info(wc_ctx *c) {
    struct sockaddr_in a4 = v4(doc4, 8080);
    struct sockaddr_in6 a6 = v6(doc6, 443, 0);
    const struct {
        const SOCKADDR *sa;
        socklen_t len;
        const char *host, *serv;
    } t[] = {
        {(const SOCKADDR *)&a4, sizeof a4, "198.51.100.7", "8080"},
        {(const SOCKADDR *)&a6, sizeof a6, "2001:db8::7", "443"},
    };
    const int num = NI_NUMERICHOST | NI_NUMERICSERV;
    for (size_t i = 0; i < 2; i++) {
        char host[NI_MAXHOST], serv[NI_MAXSERV];
        memset(host, 0xA5, sizeof host);
        memset(serv, 0xA5, sizeof serv);
        int rc = getnameinfo(t[i].sa, t[i].len, host, sizeof host, serv, sizeof serv, num);
        wc_check(c, rc == 0 && strcmp(host, t[i].host) == 0 && strcmp(serv, t[i].serv) == 0,
                 "getnameinfo(%s port %s, NI_NUMERICHOST|NI_NUMERICSERV): %d, host \"%.64s\" service \"%.32s\"",
                 t[i].host, t[i].serv, rc, rc ? "" : host, rc ? "" : serv);
        DWORD hn = (DWORD)strlen(t[i].host) + 1, sn = (DWORD)strlen(t[i].serv) + 1;
        memset(host, 0xA5, sizeof host);
        rc = getnameinfo(t[i].sa, t[i].len, host, hn, NULL, 0, num);
        wc_check(c, rc == 0 && memcmp(host, t[i].host, hn) == 0,
                 "getnameinfo(%s) into a host buffer of exactly %lu bytes: %d", t[i].host, (unsigned long)hn, rc);
        wc_safety(c, (unsigned char)host[hn] == 0xA5, "getnameinfo wrote past the host buffer of %lu bytes",
                  (unsigned long)hn);
        rc = getnameinfo(t[i].sa, t[i].len, host, hn - 1, NULL, 0, num);
        wc_check(c, rc != 0, "getnameinfo(%s) into a host buffer of %lu bytes (one short) succeeded", t[i].host,
                 (unsigned long)(hn - 1));
        memset(serv, 0xA5, sizeof serv);
        rc = getnameinfo(t[i].sa, t[i].len, NULL, 0, serv, sn, num);
        wc_check(c, rc == 0 && memcmp(serv, t[i].serv, sn) == 0,
                 "getnameinfo(port %s) into a service buffer of exactly %lu bytes: %d", t[i].serv, (unsigned long)sn,
                 rc);
        rc = getnameinfo(t[i].sa, t[i].len, NULL, 0, serv, sn - 1, num);
        wc_check(c, rc != 0, "getnameinfo(port %s) into a service buffer of %lu bytes (one short) succeeded", t[i].serv,
                 (unsigned long)(sn - 1));
    }
    /* An IPv6 address with the length of an IPv4 one is not a whole sockaddr_in6. */
    char host[NI_MAXHOST];
    int rc = getnameinfo((const SOCKADDR *)&a6, sizeof a4, host, sizeof host, NULL, 0, num);
    wc_check(c, rc != 0, "getnameinfo of an IPv6 address with salen %d (a sockaddr_in's) succeeded", (int)sizeof a4);
    SOCKADDR_STORAGE odd;
    memset(&odd, 0, sizeof odd);
    odd.ss_family = 0x4242;
    rc = getnameinfo((const SOCKADDR *)&odd, sizeof odd, host, sizeof host, NULL, 0, num);
    wc_check(c, rc == EAI_FAMILY, "getnameinfo of family 0x4242: %d, expected EAI_FAMILY (%d)", rc, EAI_FAMILY);
}

/* S3 (gethostbyname: the hostent of the name, IPv4 only, "allocated by Windows Sockets", one
 * per thread; Windows resolves "localhost" to 127.0.0.1 without DNS; an IPv6 text is no IPv4
 * host name: NULL and WSAHOST_NOT_FOUND or WSANO_DATA). */
static void host_by_name(wc_ctx *c) {
    struct hostent *h = gethostbyname("localhost");
    if (wc_check(c, h != NULL, "gethostbyname(\"localhost\"): NULL, error %d", WSAGetLastError())) {
        int found = 0, n = 0;
        for (; h->h_addr_list && h->h_addr_list[n]; n++)
            if (memcmp(h->h_addr_list[n], "\x7f\0\0\x01", 4) == 0) found = 1;
        wc_check(c, h->h_addrtype == AF_INET && h->h_length == 4 && found,
                 "gethostbyname(\"localhost\"): type %d length %d, %d addresses%s; expected AF_INET, 4, 127.0.0.1",
                 h->h_addrtype, h->h_length, n, found ? "" : " without 127.0.0.1");
    }
    WSASetLastError(0);
    h = gethostbyname("::1");
    int err = h ? 0 : WSAGetLastError();
    wc_check(c, !h && (err == WSAHOST_NOT_FOUND || err == WSANO_DATA),
             "gethostbyname(\"::1\"): %s, error %d; expected NULL with WSAHOST_NOT_FOUND or WSANO_DATA",
             h ? "a hostent" : "NULL", err);
}

static const wc_case cases[] = {
    WC_CASE("S3.address-to-string", "S3", "#remarks", WC_MUST,
            "WSAAddressToStringA/W: the IPv4/IPv6 text with port and scope; one character short is WSAEFAULT with "
            "the length needed; exact size fits; unknown family WSAEINVAL",
            address_to_string),
    WC_CASE("S3.string-to-address-v6", "S3", "#remarks", WC_MUST,
            "WSAStringToAddressA/W read back every text WSAAddressToString writes; a short lpAddressLength is "
            "WSAEFAULT with the size needed; malformed IPv6 texts are WSAEINVAL",
            string_to_address),
    WC_CASE("S3.getnameinfo", "S3", "#remarks", WC_MUST,
            "getnameinfo NI_NUMERICHOST|NI_NUMERICSERV: the numeric host and port; exact buffers fit, one byte "
            "less fails; an unknown family is EAI_FAMILY",
            name_info),
    WC_CASE("S3.gethostbyname", "S3", "#remarks", WC_MUST,
            "gethostbyname(\"localhost\") gives AF_INET, 4-byte 127.0.0.1; an IPv6 text is NULL", host_by_name),
};
WC_TABLE(wc_winsock_calls, cases);
