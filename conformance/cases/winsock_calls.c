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
 * NUL and nothing after it, also when the buffer ends at a guard page; the same in WCHARs. */
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
            /* the same exact size in a buffer that ends at a guard page: every character of it is
             * the caller's to write, none past it */
            size_t bytes = need * (wide ? sizeof(WCHAR) : 1);
            char *g = wt_guarded_buffer(wc_target(c), bytes);
            if (!g) continue;
            len = need;
            rc = wide ? WSAAddressToStringW((LPSOCKADDR)&a, alen, NULL, (LPWSTR)g, &len)
                      : WSAAddressToStringA((LPSOCKADDR)&a, alen, NULL, g, &len);
            err = rc ? WSAGetLastError() : 0;
            same = wide ? memcmp(g, want, bytes) == 0 : memcmp(g, r->text, bytes) == 0;
            wc_check(c, rc == 0 && len == need && same,
                     "%s(\"%s\") into exactly %lu characters before a guard page: rc=%d err=%d length %lu%s", fn,
                     r->text, (unsigned long)need, rc, err, (unsigned long)len, same ? "" : ", not the text");
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
                static const char zero[8];
                /* and nothing else: sin_zero written 0, not left as it was (0xee) nor filled from
                 * elsewhere (mutation testing, seed 75: a stack that left its own structure
                 * uncleared handed out what was on its stack) */
                same = g->sin_family == AF_INET && g->sin_port == w->sin_port &&
                       memcmp(&g->sin_addr, &w->sin_addr, 4) == 0 && memcmp(g->sin_zero, zero, 8) == 0;
            } else {
                const struct sockaddr_in6 *g = (const struct sockaddr_in6 *)&a, *w = (const struct sockaddr_in6 *)&want;
                same = g->sin6_family == AF_INET6 && g->sin6_port == w->sin6_port &&
                       g->sin6_scope_id == w->sin6_scope_id && memcmp(&g->sin6_addr, &w->sin6_addr, 16) == 0 &&
                       g->sin6_flowinfo == 0;
            }
            wc_check(c, rc == 0 && len == size && same,
                     "%s(\"%s\"): rc=%d err=%d length %d; expected 0, length %d and the address, port %u and scope "
                     "%lu it was written from, the rest 0 (sin_zero, sin6_flowinfo)",
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
        {"[2001:db8::7]4", AF_INET6, 0, WSAEINVAL}, /* one character after the bracket, not a colon */
        {"[2001:db8::7]:44x", AF_INET6, 0, WSAEINVAL},
        {"[2001:db8::7", AF_INET6, 0, WSAEINVAL},
        {"1:2:3:", AF_INET6, 0, WSAEINVAL},
        {"198.51.100.7", AF_INET6, 0, WSAEINVAL},
        {"2001:db8::7", AF_INET, 0, WSAEINVAL},
        {"", AF_INET6, 0, WSAEINVAL},
        /* AF_UNSPEC is no family a text belongs to ("AddressFamily: the address family to
         * which the string belongs"): translated into nothing, whichever error says so */
        {"2001:db8::7", AF_UNSPEC, 0, -1},
        {"198.51.100.7", AF_UNSPEC, 0, -1},
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
                wc_check(c, rc == SOCKET_ERROR && (t[i].err < 0 || err == t[i].err),
                         "%s(\"%s\", family %d): rc=%d err=%d, expected %d (-1: any error)",
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
    /* Texts far longer than any address (127, 128 and 129 digits): no address, and a stack that
     * copies them into a buffer of its own must not write past it (the ASan build sees that). */
    static WCHAR digits[130];
    for (int n = 127; n <= 129; n++) {
        for (int k = 0; k < n; k++) digits[k] = (WCHAR)('1' + k % 9);
        digits[n] = 0;
        len = (INT)sizeof a;
        rc = WSAStringToAddressW(digits, AF_INET, NULL, (LPSOCKADDR)&a, &len);
        err = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
                 "WSAStringToAddressW of %d digits: rc=%d err=%d, expected WSAEINVAL", n, rc, err);
    }
}

/* S3 (getnameinfo's table of error codes: WSAEFAULT when the sa parameter is NULL or salen is
 * less than the size of a sockaddr_in for IPv4 or a sockaddr_in6 for IPv6).  Kept apart from
 * S3.getnameinfo because wine answers EAI_FAMILY for a short salen (its waiver names that). */
static void name_info_bad_sa(wc_ctx *c) {
    struct sockaddr_in a4 = v4(doc4, 8080);
    struct sockaddr_in6 a6 = v6(doc6, 443, 0);
    char host[NI_MAXHOST];
    const int num = NI_NUMERICHOST | NI_NUMERICSERV;
    int rc = getnameinfo(NULL, sizeof a4, host, sizeof host, NULL, 0, num);
    wc_check(c, rc == WSAEFAULT, "getnameinfo with sa NULL: %d, expected WSAEFAULT (%d)", rc, WSAEFAULT);
    rc = getnameinfo((const SOCKADDR *)&a4, sizeof a4 - 1, host, sizeof host, NULL, 0, num);
    wc_check(c, rc == WSAEFAULT,
             "getnameinfo of an IPv4 address with salen %d (one short): %d, expected WSAEFAULT (%d)",
             (int)sizeof a4 - 1, rc, WSAEFAULT);
    rc = getnameinfo((const SOCKADDR *)&a6, sizeof a6 - 1, host, sizeof host, NULL, 0, num);
    wc_check(c, rc == WSAEFAULT,
             "getnameinfo of an IPv6 address with salen %d (one short): %d, expected WSAEFAULT (%d)",
             (int)sizeof a6 - 1, rc, WSAEFAULT);
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
    /* Nor is an IPv4 address one byte short of a sockaddr_in (salen: "the length, in bytes, of the
     * structure pointed to by the sa parameter"; wine answers EAI_FAMILY, the page's table
     * WSAEFAULT: any failure is accepted). */
    rc = getnameinfo((const SOCKADDR *)&a4, sizeof a4 - 1, host, sizeof host, NULL, 0, num);
    wc_check(c, rc != 0, "getnameinfo of an IPv4 address with salen %d (one short) succeeded", (int)sizeof a4 - 1);
    SOCKADDR_STORAGE odd;
    memset(&odd, 0, sizeof odd);
    odd.ss_family = 0x4242;
    WSASetLastError(0);
    rc = getnameinfo((const SOCKADDR *)&odd, sizeof odd, host, sizeof host, NULL, 0, num);
    int le = WSAGetLastError();
    wc_check(c, rc == EAI_FAMILY, "getnameinfo of family 0x4242: %d, expected EAI_FAMILY (%d)", rc, EAI_FAMILY);
    /* the page's Return value: "the specific error code can be retrieved by calling
     * WSAGetLastError" */
    wc_check(c, rc == 0 || le == rc, "getnameinfo failed with %d but WSAGetLastError says %d", rc, le);
    /* The loopback address always has a name (the host's own, or "localhost"), so NI_NAMEREQD
     * ("A host name that cannot be resolved by the DNS results in an error") finds one: a text
     * that is not the address's numeric form. */
    struct sockaddr_in lo = {.sin_family = AF_INET, .sin_port = htons(80)};
    lo.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    memset(host, 0, sizeof host);
    rc = getnameinfo((const SOCKADDR *)&lo, sizeof lo, host, sizeof host, NULL, 0, NI_NAMEREQD);
    wc_check(c, rc == 0 && host[0] && strcmp(host, "127.0.0.1") != 0,
             "getnameinfo(127.0.0.1, NI_NAMEREQD): %d, host \"%.64s\"; expected a name", rc, host);
    /* ::1 without NI_NAMEREQD: its name, or "::1" where no resolver names it (no error either way). */
    struct sockaddr_in6 lo6 = v6((const UCHAR[16]){[15] = 1}, 80, 0);
    memset(host, 0, sizeof host);
    rc = getnameinfo((const SOCKADDR *)&lo6, sizeof lo6, host, sizeof host, NULL, 0, 0);
    wc_check(c, rc == 0 && host[0], "getnameinfo(::1, flags 0): %d, host \"%.64s\"; expected a name or ::1", rc, host);
    /* which name each loopback address gets is the host's configuration: the model's is pinned */
    char host4[NI_MAXHOST] = "";
    int rc4 = getnameinfo((const SOCKADDR *)&lo, sizeof lo, host4, sizeof host4, NULL, 0, 0);
    wc_model_answer(c, "getnameinfo.loopback", "127.0.0.1: %.32s, ::1: %.32s", rc4 == 0 ? host4 : "error",
                    rc == 0 ? host : "error");
    /* Without NI_NAMEREQD an address DNS has no name for (198.51.100.7, a documentation address,
     * RFC 5737) is no error: its name if a resolver has one, else its numeric form. */
    memset(host, 0, sizeof host);
    rc = getnameinfo(t[0].sa, t[0].len, host, sizeof host, NULL, 0, 0);
    wc_check(c, rc == 0 && host[0], "getnameinfo(198.51.100.7, flags 0): %d, host \"%.64s\"; expected a name or %s", rc,
             host, t[0].host);
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
    /* "If the name parameter points to an empty string or name is NULL, the returned string is the
     * same as the string returned by a successful gethostname function call" */
    char own[256];
    if (!wc_check(c, gethostname(own, (int)sizeof own) == 0, "set-up: gethostname: %d", WSAGetLastError())) return;
    static const char *const asked[] = {NULL, ""};
    for (int i = 0; i < 2; i++) {
        WSASetLastError(0);
        h = gethostbyname(asked[i]);
        err = h ? 0 : WSAGetLastError();
        wc_check(c,
                 h && h->h_name && strcmp(h->h_name, own) == 0 && h->h_addrtype == AF_INET && h->h_addr_list &&
                     h->h_addr_list[0],
                 "gethostbyname(%s): %s (name %s), error %d; expected the host's own entry, named %s",
                 asked[i] ? "\"\"" : "NULL", h ? "a hostent" : "NULL", h && h->h_name ? h->h_name : "-", err, own);
    }
    /* the name "localhost"'s hostent carries, asked after the host's own (the same per-thread
     * hostent, so a name shorter than the last must still end where it ends): which name Windows
     * gives there, no page says, so the model's answer is pinned */
    h = gethostbyname("localhost");
    wc_model_answer(c, "gethostbyname.localhost-name", "%s", h && h->h_name ? h->h_name : "-");
}

/* S3 (gethostbyaddr page: addr "A pointer to an address in network byte order", the hostent
 * "allocated by Windows Sockets"; "WSAEFAULT: The addr parameter is not a valid part of the user
 * address space, or the len parameter is too small"; "WSAEAFNOSUPPORT: The type specified is not
 * supported"): a server that logs its peers' names.  127.0.0.1 names a host (Windows gives the
 * computer's name, the model "localhost") whose hostent carries that address; so does the host's
 * own address, which a peer on the same machine connects from. */
static void host_by_addr(wc_ctx *c) {
    struct in_addr a = {.s_addr = htonl(INADDR_LOOPBACK)};
    struct hostent *h = gethostbyaddr((const char *)&a, sizeof a, AF_INET);
    if (wc_check(c, h != NULL, "gethostbyaddr(127.0.0.1): NULL, error %d", WSAGetLastError()))
        wc_check(c,
                 h->h_name && h->h_name[0] && h->h_addrtype == AF_INET && h->h_length == 4 && h->h_addr_list &&
                     h->h_addr_list[0] && memcmp(h->h_addr_list[0], &a, 4) == 0,
                 "gethostbyaddr(127.0.0.1): name \"%s\", type %d, length %d; expected a name, AF_INET, 4 and the "
                 "address itself first",
                 h->h_name ? h->h_name : "(null)", h->h_addrtype, h->h_length);
    /* the host's own address, as gethostbyname gives it for the host's name: a hostent with that
     * address first (the name is the host's, from the same source as getnameinfo's) */
    char name[256];
    struct in_addr own;
    h = gethostname(name, (int)sizeof name) == 0 ? gethostbyname(name) : NULL;
    if (wc_check(c, h && h->h_addrtype == AF_INET && h->h_addr_list && h->h_addr_list[0],
                 "set-up: gethostbyname of the host's name: error %d", WSAGetLastError())) {
        memcpy(&own, h->h_addr_list[0], sizeof own); /* the next call reuses the hostent */
        h = gethostbyaddr((const char *)&own, sizeof own, AF_INET);
        wc_check(c,
                 h && h->h_name && h->h_name[0] && h->h_addr_list && h->h_addr_list[0] &&
                     memcmp(h->h_addr_list[0], &own, 4) == 0,
                 "gethostbyaddr of the host's own address %s: %s, error %d; expected a named hostent with that address "
                 "first",
                 inet_ntoa(own), h ? "a hostent without it" : "NULL", h ? 0 : WSAGetLastError());
    }
    /* an address no name is known for: NULL, and the error the model gives is pinned (on a real
     * host it depends on its resolvers) */
    struct in_addr unknown;
    unknown.s_addr = htonl(0xC0000237u); /* 192.0.2.55, a documentation address */
    h = gethostbyaddr((const char *)&unknown, sizeof unknown, AF_INET);
    wc_model_answer(c, "gethostbyaddr.unknown", "%s %d", h ? "hostent" : "NULL", h ? 0 : WSAGetLastError());
    h = gethostbyaddr((const char *)&a, 2, AF_INET);
    int err = h ? 0 : WSAGetLastError();
    wc_check(c, !h && err == WSAEFAULT, "gethostbyaddr with len 2: %s, error %d; expected WSAEFAULT",
             h ? "a hostent" : "NULL", err);
    h = gethostbyaddr((const char *)&a, sizeof a, 12345);
    err = h ? 0 : WSAGetLastError();
    wc_check(c, !h && err == WSAEAFNOSUPPORT, "gethostbyaddr of type 12345: %s, error %d; expected WSAEAFNOSUPPORT",
             h ? "a hostent" : "NULL", err);
}

/* ------------------------------------------------------ events, waits, ports */

/* A Win32 call that must fail with `want` (GetLastError). */
static void expect_false(wc_ctx *c, BOOL ok, DWORD want, const char *what) {
    DWORD err = ok ? 0 : GetLastError();
    wc_check(c, !ok && err == want, "%s: %s, error %lu; expected FALSE, %lu", what, ok ? "TRUE" : "FALSE",
             (unsigned long)err, (unsigned long)want);
}

/* S3 (WSACreateEvent: manual reset, created non-signalled; WSASetEvent/WSAResetEvent: TRUE,
 * and "WSA_INVALID_HANDLE: hEvent is not a valid event object handle"; WSAWaitForMultipleEvents:
 * with fWaitAll FALSE "the array index of the signaled event object with the smallest index
 * value", with fWaitAll TRUE only once every event is signalled, and WSA_INVALID_PARAMETER for
 * cEvents 0 or above WSA_MAXIMUM_WAIT_EVENTS).  A proxy that waits on events sees exactly the
 * signals it set and reset. */
static void wsa_events(wc_ctx *c) {
    WSAEVENT e[2] = {WSACreateEvent(), WSACreateEvent()};
    if (!wc_check(c, e[0] != WSA_INVALID_EVENT && e[1] != WSA_INVALID_EVENT, "set-up: WSACreateEvent: %d",
                  WSAGetLastError()))
        return;
    DWORD w = WSAWaitForMultipleEvents(1, e, FALSE, 0, FALSE);
    wc_check(c, w == WSA_WAIT_TIMEOUT, "a new event is signalled (wait: %lu)", (unsigned long)w);
    wc_check(c, WSASetEvent(e[1]), "WSASetEvent: FALSE, error %d", WSAGetLastError());
    w = WSAWaitForMultipleEvents(2, e, FALSE, 0, FALSE);
    DWORD again = WSAWaitForMultipleEvents(2, e, FALSE, 0, FALSE);
    wc_check(c, w == WSA_WAIT_EVENT_0 + 1 && again == w,
             "any of (unset, set), twice: %lu then %lu; expected WSA_WAIT_EVENT_0 + 1 both times (manual reset)",
             (unsigned long)w, (unsigned long)again);
    w = WSAWaitForMultipleEvents(2, e, TRUE, 0, FALSE);
    wc_check(c, w == WSA_WAIT_TIMEOUT, "all of (unset, set): %lu, expected WSA_WAIT_TIMEOUT", (unsigned long)w);
    WSASetEvent(e[0]);
    w = WSAWaitForMultipleEvents(2, e, TRUE, 0, FALSE);
    again = WSAWaitForMultipleEvents(2, e, FALSE, 0, FALSE);
    wc_check(c, w == WSA_WAIT_EVENT_0 && again == WSA_WAIT_EVENT_0,
             "all of (set, set): %lu, any of them: %lu; expected WSA_WAIT_EVENT_0 (the smallest index)",
             (unsigned long)w, (unsigned long)again);
    wc_check(c, WSAResetEvent(e[0]), "WSAResetEvent: FALSE, error %d", WSAGetLastError());
    w = WSAWaitForMultipleEvents(1, e, FALSE, 0, FALSE);
    again = WSAWaitForMultipleEvents(2, e, FALSE, 0, FALSE);
    wc_check(
        c, w == WSA_WAIT_TIMEOUT && again == WSA_WAIT_EVENT_0 + 1,
        "after WSAResetEvent of the first: it alone %lu, both %lu; expected WSA_WAIT_TIMEOUT, WSA_WAIT_EVENT_0 + 1",
        (unsigned long)w, (unsigned long)again);
    WSAEVENT many[WSA_MAXIMUM_WAIT_EVENTS + 1];
    for (size_t i = 0; i < sizeof many / sizeof many[0]; i++) many[i] = e[1];
    static const DWORD counts[] = {0, WSA_MAXIMUM_WAIT_EVENTS + 1};
    for (size_t i = 0; i < 2; i++) {
        WSASetLastError(0);
        w = WSAWaitForMultipleEvents(counts[i], many, FALSE, 0, FALSE);
        int err = WSAGetLastError();
        wc_check(c, w == WSA_WAIT_FAILED && err == WSA_INVALID_PARAMETER,
                 "WSAWaitForMultipleEvents of %lu events: %lu, error %d; expected WSA_WAIT_FAILED, "
                 "WSA_INVALID_PARAMETER (87)",
                 (unsigned long)counts[i], (unsigned long)w, err);
    }
    /* WSA_MAXIMUM_WAIT_EVENTS itself is allowed: 64 distinct events ("It may not contain multiple
     * copies of the same handle", WaitForMultipleObjects), the last one set. */
    WSAEVENT all[WSA_MAXIMUM_WAIT_EVENTS];
    int made = 0;
    while (made < WSA_MAXIMUM_WAIT_EVENTS && (all[made] = WSACreateEvent()) != WSA_INVALID_EVENT) made++;
    if (wc_check(c, made == WSA_MAXIMUM_WAIT_EVENTS, "set-up: %d events: error %d", WSA_MAXIMUM_WAIT_EVENTS,
                 WSAGetLastError())) {
        WSASetEvent(all[made - 1]);
        w = WSAWaitForMultipleEvents(WSA_MAXIMUM_WAIT_EVENTS, all, FALSE, 0, FALSE);
        wc_check(c, w == WSA_WAIT_EVENT_0 + WSA_MAXIMUM_WAIT_EVENTS - 1,
                 "WSAWaitForMultipleEvents of %d events, the last set: %lu (error %d); expected WSA_WAIT_EVENT_0 + %d",
                 WSA_MAXIMUM_WAIT_EVENTS, (unsigned long)w, w == WSA_WAIT_FAILED ? WSAGetLastError() : 0,
                 WSA_MAXIMUM_WAIT_EVENTS - 1);
    }
    while (made > 0) WSACloseEvent(all[--made]);
    WSACloseEvent(e[0]);
    WSACloseEvent(e[1]);
    for (int op = 0; op < 2; op++) {
        WSASetLastError(0);
        BOOL ok = op ? WSAResetEvent(e[0]) : WSASetEvent(e[0]);
        int err = ok ? 0 : WSAGetLastError();
        wc_check(c, !ok && err == WSA_INVALID_HANDLE,
                 "%s of a closed event: %s, error %d; expected FALSE, "
                 "WSA_INVALID_HANDLE (6)",
                 op ? "WSAResetEvent" : "WSASetEvent", ok ? "TRUE" : "FALSE", err);
    }
}

/* S3 (PostQueuedCompletionStatus: the three values come back "through the corresponding
 * parameters of GetQueuedCompletionStatus"; packets leave a port in the order they came (FIFO,
 * CreateIoCompletionPort's remarks); a closed port is ERROR_INVALID_HANDLE for both calls;
 * CreateIoCompletionPort with INVALID_HANDLE_VALUE and an existing port: "ExistingCompletionPort
 * must be NULL", ERROR_INVALID_PARAMETER).  A proxy posts its own packets (shutdown, wake-up)
 * and must read them back unchanged. */
static void iocp_post(wc_ctx *c) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    if (!wc_check(c, port != NULL, "set-up: CreateIoCompletionPort: %lu", (unsigned long)GetLastError())) return;
    OVERLAPPED ov1;
    memset(&ov1, 0, sizeof ov1);
    BOOL p1 = PostQueuedCompletionStatus(port, 1234, 0x77, &ov1);
    BOOL p2 = PostQueuedCompletionStatus(port, 0, 0x78, NULL);
    wc_check(c, p1 && p2, "PostQueuedCompletionStatus: %d, %d (error %lu)", p1, p2, (unsigned long)GetLastError());
    static const struct {
        DWORD bytes;
        ULONG_PTR key;
        int ov;
    } want[] = {{1234, 0x77, 1}, {0, 0x78, 0}};
    for (int i = 0; i < 2; i++) {
        DWORD bytes = WC_SENTINEL;
        ULONG_PTR key = WC_SENTINEL;
        OVERLAPPED dummy, *ov = &dummy;
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
        OVERLAPPED *wov = want[i].ov ? &ov1 : NULL;
        wc_check(c, ok && bytes == want[i].bytes && key == want[i].key && ov == wov,
                 "packet %d: %s, %lu bytes, key 0x%llx, %s OVERLAPPED; expected TRUE, %lu, 0x%llx, %s", i + 1,
                 ok ? "TRUE" : "FALSE", (unsigned long)bytes, (unsigned long long)key,
                 ov == wov ? "the posted" : "another", (unsigned long)want[i].bytes, (unsigned long long)want[i].key,
                 wov ? "&ov" : "NULL");
    }
    HANDLE again = CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 0, 0);
    DWORD err = again ? 0 : GetLastError();
    wc_check(c, again == NULL && err == ERROR_INVALID_PARAMETER,
             "CreateIoCompletionPort(INVALID_HANDLE_VALUE, an existing port): %s, error %lu; expected NULL, "
             "ERROR_INVALID_PARAMETER",
             again ? "a handle" : "NULL", (unsigned long)err);
    CloseHandle(port);
    BOOL ok = PostQueuedCompletionStatus(port, 1, 1, NULL);
    expect_false(c, ok, ERROR_INVALID_HANDLE, "PostQueuedCompletionStatus to a closed port");
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *ov;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
    expect_false(c, ok, ERROR_INVALID_HANDLE, "GetQueuedCompletionStatus on a closed port");
}

static int iocp_apcs;
static void CALLBACK iocp_apc(ULONG_PTR v) { iocp_apcs += v == 7; }

/* S3 (GetQueuedCompletionStatusEx: "retrieves multiple completion port entries
 * simultaneously", at most ulCount, *ulNumEntriesRemoved "the number of entries actually
 * removed"; each OVERLAPPED_ENTRY holds the key, the OVERLAPPED and the byte count of its
 * packet; none in time: FALSE and WAIT_TIMEOUT).  Three posted packets come out two, then one,
 * in order and whole; a closed port is ERROR_INVALID_HANDLE. */
static void iocp_ex(wc_ctx *c) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    if (!wc_check(c, port != NULL, "set-up: CreateIoCompletionPort: %lu", (unsigned long)GetLastError())) return;
    OVERLAPPED ov[3];
    for (int i = 0; i < 3; i++)
        if (!wc_check(c, PostQueuedCompletionStatus(port, 100 + (DWORD)i, 0x50 + (ULONG_PTR)i, &ov[i]),
                      "set-up: PostQueuedCompletionStatus: %lu", (unsigned long)GetLastError()))
            return;
    OVERLAPPED_ENTRY got[4];
    int next = 0;
    static const ULONG asks[] = {2, 4};
    static const ULONG gets[] = {2, 1};
    for (int call = 0; call < 2; call++) {
        memset(got, 0xA5, sizeof got);
        ULONG n = WC_SENTINEL;
        BOOL ok = GetQueuedCompletionStatusEx(port, got, asks[call], &n, 0, FALSE);
        if (!wc_check(c, ok && n == gets[call],
                      "GetQueuedCompletionStatusEx for %lu with %d packets queued: %s, %lu removed (error %lu); "
                      "expected TRUE, %lu",
                      (unsigned long)asks[call], 3 - next, ok ? "TRUE" : "FALSE", (unsigned long)n,
                      (unsigned long)(ok ? 0 : GetLastError()), (unsigned long)gets[call]))
            break;
        for (ULONG i = 0; i < n; i++, next++)
            wc_check(c,
                     got[i].lpCompletionKey == 0x50 + (ULONG_PTR)next && got[i].lpOverlapped == &ov[next] &&
                         got[i].dwNumberOfBytesTransferred == 100 + (DWORD)next,
                     "entry %lu of call %d: key 0x%llx, %s OVERLAPPED, %lu bytes; expected packet %d (key 0x%x, %d "
                     "bytes)",
                     (unsigned long)i, call + 1, (unsigned long long)got[i].lpCompletionKey,
                     got[i].lpOverlapped == &ov[next] ? "its" : "another",
                     (unsigned long)got[i].dwNumberOfBytesTransferred, next + 1, 0x50 + next, 100 + next);
        wc_safety(c, asks[call] >= 4 || got[asks[call]].lpCompletionKey == (ULONG_PTR)0xA5A5A5A5A5A5A5A5ull,
                  "GetQueuedCompletionStatusEx wrote past the %lu entries it was given", (unsigned long)asks[call]);
    }
    ULONG n = 0;
    BOOL ok = GetQueuedCompletionStatusEx(port, got, 4, &n, 0, FALSE);
    expect_false(c, ok, WAIT_TIMEOUT, "GetQueuedCompletionStatusEx on the emptied port");
    /* more than a batch at once: 70 packets queued, 100 asked for, all 70 removed in order (the
     * model once stopped at 64, its own batch size, which no page gives) */
    static OVERLAPPED many_ov[70];
    static OVERLAPPED_ENTRY many[100];
    int posted = 0;
    while (posted < 70 && PostQueuedCompletionStatus(port, (DWORD)posted, 0x900, &many_ov[posted])) posted++;
    if (wc_check(c, posted == 70, "set-up: 70 PostQueuedCompletionStatus: %d, error %lu", posted,
                 (unsigned long)GetLastError())) {
        n = 0;
        ok = GetQueuedCompletionStatusEx(port, many, 100, &n, 0, FALSE);
        int in_order = 1;
        for (ULONG i = 0; ok && i < n; i++) in_order &= many[i].lpOverlapped == &many_ov[i];
        wc_check(c, ok && n == 70 && in_order,
                 "GetQueuedCompletionStatusEx for 100 with 70 packets queued: %s, %lu removed%s; expected TRUE, all 70 "
                 "in order",
                 ok ? "TRUE" : "FALSE", (unsigned long)n, in_order ? "" : ", out of order");
        if (ok && n < 70) GetQueuedCompletionStatusEx(port, many, 100, &n, 0, FALSE); /* empty it again */
    }
    /* fAlertable TRUE with no entry: the function "performs an alertable wait" and returns once an
     * APC queued to the thread has run (page, fAlertable), FALSE, with the code every alertable
     * wait ends with, WAIT_IO_COMPLETION ("SleepEx", "WaitForSingleObjectEx": the wait ended
     * because an APC ran; wine answers the same); with fAlertable FALSE the APC stays queued and
     * the call times out.  ulNumEntriesRemoved after a timeout is not specified: Wine's ntdll
     * tests, run on Windows, accept 0 or 1 for NtRemoveIoCompletionEx (test_set_io_completion)
     * and wine writes 1; it must not say more than 1 was taken, and the model's 0 is pinned. */
    iocp_apcs = 0;
    if (wc_check(c, QueueUserAPC(iocp_apc, GetCurrentThread(), 7), "set-up: QueueUserAPC: %lu",
                 (unsigned long)GetLastError())) {
        n = WC_SENTINEL;
        ok = GetQueuedCompletionStatusEx(port, got, 4, &n, 0, FALSE);
        expect_false(c, ok, WAIT_TIMEOUT, "GetQueuedCompletionStatusEx, not alertable, an APC queued");
        wc_check(c, n <= 1, "GetQueuedCompletionStatusEx timed out and said %lu entries were removed",
                 (unsigned long)n);
        wc_model_answer(c, "GetQueuedCompletionStatusEx.timeout-removed", "%lu", (unsigned long)n);
        wc_check(c, iocp_apcs == 0, "a wait that was not alertable ran %d APCs", iocp_apcs);
        ok = GetQueuedCompletionStatusEx(port, got, 4, &n, WC_WAIT_MS, TRUE);
        expect_false(c, ok, WAIT_IO_COMPLETION, "GetQueuedCompletionStatusEx, alertable, an APC queued");
        wc_check(c, iocp_apcs == 1, "the alertable GetQueuedCompletionStatusEx ran %d APCs; expected 1", iocp_apcs);
    }
    wc_check(c, PostQueuedCompletionStatus(port, 1, 2, &ov[0]), "set-up: PostQueuedCompletionStatus: %lu",
             (unsigned long)GetLastError());
    n = 0;
    ok = GetQueuedCompletionStatusEx(port, got, 1, &n, 0, TRUE);
    wc_check(c, ok && n == 1 && got[0].lpOverlapped == &ov[0] && got[0].lpCompletionKey == 2,
             "a posted packet, alertable with nothing to run: %s, %lu removed; expected TRUE, 1, the packet",
             ok ? "TRUE" : "FALSE", (unsigned long)n);
    CloseHandle(port);
    ok = GetQueuedCompletionStatusEx(port, got, 4, &n, 0, FALSE);
    expect_false(c, ok, ERROR_INVALID_HANDLE, "GetQueuedCompletionStatusEx on a closed port");
}

/* A socket of `type` bound to 127.0.0.1:port (0: any), or INVALID_SOCKET after a failed check. */
static SOCKET loopback(wc_ctx *c, int type, USHORT port, struct sockaddr_in *a) {
    static const unsigned char lo[4] = {127, 0, 0, 1};
    *a = v4(lo, port);
    SOCKET s = socket(AF_INET, type, 0);
    int len = (int)sizeof *a;
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)a, len) == 0 &&
                      getsockname(s, (struct sockaddr *)a, &len) == 0,
                  "set-up: a socket bound to 127.0.0.1:%u: %d", (unsigned)port, WSAGetLastError()))
        return INVALID_SOCKET;
    return s;
}

/* A connected loopback TCP pair (the server end accepted from a listener that is closed
 * again); 0 after a failed check. */
static int tcp_pair(wc_ctx *c, SOCKET *client, SOCKET *server) {
    struct sockaddr_in a;
    SOCKET l = loopback(c, SOCK_STREAM, 0, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return 0;
    *client = socket(AF_INET, SOCK_STREAM, 0);
    int rc = connect(*client, (struct sockaddr *)&a, sizeof a);
    *server = rc ? INVALID_SOCKET : accept(l, NULL, NULL);
    closesocket(l);
    return wc_check(c, *server != INVALID_SOCKET, "set-up: a loopback TCP connection: %d", WSAGetLastError());
}

/* Whether s has something to read within 5 s. */
static int readable_within(wc_ctx *c, SOCKET s) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(s, &r);
    struct timeval tv = {5, 0};
    return wc_check(c, select(0, &r, NULL, NULL, &tv) == 1, "set-up: the bytes sent did not arrive within 5 s");
}

/* One name call's outcome for the messages: "0" or "SOCKET_ERROR (err N)". */
static int name_call(int rc, int *err) {
    *err = rc ? WSAGetLastError() : 0;
    return rc;
}

/* S3 (getsockname: WSAEINVAL "The socket has not been bound to an address with bind", WSAEFAULT
 * when "the namelen parameter is too small" or a pointer is not valid; getpeername: WSAENOTCONN
 * "The socket is not connected", WSAEFAULT likewise; accept: WSAEFAULT "The addrlen parameter is
 * too small"; on success namelen becomes the name's size).  A proxy asks the accepted socket and
 * its upstream one for their names: wrong lengths and states must fail with these codes and a
 * buffer larger than the name keeps its bytes past the name. */
static void name_errors(wc_ctx *c) {
    SOCKADDR_STORAGE n;
    int len, err, rc;
    const int families[2] = {AF_INET, AF_INET6};
    for (int i = 0; i < 2; i++) {
        SOCKET s = socket(families[i], SOCK_STREAM, 0);
        if (!wc_check(c, s != INVALID_SOCKET, "set-up: socket(%d): %d", families[i], WSAGetLastError())) continue;
        len = (int)sizeof n;
        rc = name_call(getsockname(s, (struct sockaddr *)&n, &len), &err);
        wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
                 "getsockname of an unbound family-%d socket: %d, err %d; expected WSAEINVAL", families[i], rc, err);
        len = (int)sizeof n;
        rc = name_call(getpeername(s, (struct sockaddr *)&n, &len), &err);
        wc_check(c, rc == SOCKET_ERROR && err == WSAENOTCONN,
                 "getpeername of an unconnected family-%d socket: %d, err %d; expected WSAENOTCONN", families[i], rc,
                 err);
        closesocket(s);
    }
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    const int need = (int)sizeof(struct sockaddr_in);
    for (int peer = 0; peer < 2; peer++) {
        const char *fn = peer ? "getpeername" : "getsockname";
        len = need - 1;
        rc = name_call(
            peer ? getpeername(cl, (struct sockaddr *)&n, &len) : getsockname(cl, (struct sockaddr *)&n, &len), &err);
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
                 "%s with namelen %d (the name needs %d): %d, err %d; "
                 "expected WSAEFAULT",
                 fn, need - 1, need, rc, err);
        len = (int)sizeof n;
        rc = name_call(peer ? getpeername(cl, NULL, &len) : getsockname(cl, NULL, &len), &err);
        wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "%s with name NULL: %d, err %d; expected WSAEFAULT", fn, rc,
                 err);
        memset(&n, 0xA5, sizeof n);
        len = (int)sizeof n;
        rc = name_call(
            peer ? getpeername(cl, (struct sockaddr *)&n, &len) : getsockname(cl, (struct sockaddr *)&n, &len), &err);
        const BYTE *b = (const BYTE *)&n;
        int kept = 1;
        for (size_t k = (size_t)need; k < sizeof n; k++) kept &= b[k] == 0xA5;
        wc_check(c, rc == 0 && len == need && n.ss_family == AF_INET && kept,
                 "%s with a SOCKADDR_STORAGE: %d (err %d), namelen %d, family %d, bytes past the name %s; expected 0, "
                 "%d, AF_INET, untouched",
                 fn, rc, err, len, (int)n.ss_family, kept ? "untouched" : "written", need);
    }
    closesocket(cl);
    closesocket(sv);
    struct sockaddr_in a;
    SOCKET l = loopback(c, SOCK_STREAM, 0, &a);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (wc_check(c, connect(s, (struct sockaddr *)&a, sizeof a) == 0, "set-up: connect: %d", WSAGetLastError())) {
        len = need - 1;
        SOCKET r = accept(l, (struct sockaddr *)&n, &len);
        err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
        wc_check(c, r == INVALID_SOCKET && err == WSAEFAULT,
                 "accept with addrlen %d (the address needs %d): %s, err %d; expected INVALID_SOCKET, WSAEFAULT",
                 need - 1, need, r == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err);
        if (r != INVALID_SOCKET) closesocket(r);
    }
    closesocket(s);
    closesocket(l);
}

/* S3 (ioctlsocket, SIOCATMARK: "If no OOB data is waiting to be read, the operation returns
 * TRUE"; FIONREAD: the amount of data that can be read): on a connected socket with nothing
 * urgent the mark is TRUE, and FIONREAD counts the bytes that wait. */
static void atmark(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    u_long v = 0;
    int rc = ioctlsocket(sv, SIOCATMARK, &v);
    wc_check(c, rc == 0 && v != 0,
             "ioctlsocket(SIOCATMARK) with no urgent data: %d (err %d), value %lu; expected 0 "
             "and TRUE",
             rc, rc ? WSAGetLastError() : 0, (unsigned long)v);
    if (send(cl, "seven!!", 7, 0) == 7 && readable_within(c, sv)) {
        v = 0xA5A5;
        rc = ioctlsocket(sv, FIONREAD, &v);
        wc_check(c, rc == 0 && v == 7,
                 "ioctlsocket(FIONREAD) with 7 bytes waiting: %d (err %d), value %lu; expected "
                 "7",
                 rc, rc ? WSAGetLastError() : 0, (unsigned long)v);
    }
    closesocket(cl);
    closesocket(sv);
}
/* An overlapped WSARecv on s that pends; 0 after a failed check. */
static int recv_pending(wc_ctx *c, SOCKET s, WSAOVERLAPPED *ov, char *buf, ULONG len) {
    memset(ov, 0, sizeof *ov);
    ov->hEvent = WSACreateEvent();
    WSABUF b = {len, buf};
    DWORD flags = 0;
    int rc = WSARecv(s, &b, 1, NULL, &flags, ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    return wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING,
                    "set-up: an overlapped WSARecv with nothing to read: rc=%d err=%d, expected WSA_IO_PENDING", rc,
                    err);
}

/* The end of a cancelled receive: WSAGetOverlappedResult FALSE with WSA_OPERATION_ABORTED. */
static void expect_cancelled(wc_ctx *c, SOCKET s, WSAOVERLAPPED *ov, const char *how) {
    DWORD n = WC_SENTINEL, flags = 0;
    BOOL ok = WSAGetOverlappedResult(s, ov, &n, TRUE, &flags);
    int err = ok ? 0 : WSAGetLastError();
    wc_check(c, !ok && err == WSA_OPERATION_ABORTED,
             "the receive after %s: %s, error %d; expected FALSE, WSA_OPERATION_ABORTED (995)", how,
             ok ? "TRUE" : "FALSE", err);
    wc_check(c, n == 0 || n == WC_SENTINEL, "the receive after %s: %lu bytes; an aborted receive moved none", how,
             (unsigned long)n);
    WSACloseEvent(ov->hEvent);
}

/* S3 (CancelIoEx: "If this function cannot find a request to cancel, the return value is 0
 * (zero), and GetLastError returns ERROR_NOT_FOUND"; lpOverlapped NULL cancels every request of
 * the handle, otherwise only the one started with it; a cancelled operation completes with
 * ERROR_OPERATION_ABORTED.  CancelIo: the calling thread's requests of the handle.  A handle
 * that is not a file (an event) is ERROR_INVALID_HANDLE).  A proxy cancels a pending receive
 * when it tears a connection down, and must see it end, once, as aborted. */
static DWORD WINAPI cancel_io_elsewhere(LPVOID arg) { return CancelIo((HANDLE)(uintptr_t) * (SOCKET *)arg) ? 1 : 2; }

static struct {
    int calls;
    DWORD error, bytes, flags;
} cancelled_seen;
static void CALLBACK cancelled_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    (void)ov;
    cancelled_seen.calls++;
    cancelled_seen.error = error, cancelled_seen.bytes = bytes, cancelled_seen.flags = flags;
}

static void cancel_io(wc_ctx *c) {
    struct sockaddr_in a;
    SOCKET s = loopback(c, SOCK_DGRAM, 0, &a);
    if (s == INVALID_SOCKET) return;
    char buf[16];
    WSAOVERLAPPED ov, other;
    memset(&other, 0, sizeof other);
    if (!recv_pending(c, s, &ov, buf, sizeof buf)) return;
    BOOL ok = CancelIoEx((HANDLE)(uintptr_t)s, &other);
    expect_false(c, ok, ERROR_NOT_FOUND, "CancelIoEx with an OVERLAPPED no request uses");
    DWORD w = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE);
    wc_check(c, w == WSA_WAIT_TIMEOUT, "the pending receive ended when another OVERLAPPED was cancelled (wait %lu)",
             (unsigned long)w);
    ok = CancelIoEx((HANDLE)(uintptr_t)s, &ov);
    wc_check(c, ok, "CancelIoEx with the pending receive's OVERLAPPED: FALSE, error %lu",
             (unsigned long)GetLastError());
    expect_cancelled(c, s, &ov, "CancelIoEx(s, &ov)");
    if (recv_pending(c, s, &ov, buf, sizeof buf)) {
        ok = CancelIoEx((HANDLE)(uintptr_t)s, NULL);
        wc_check(c, ok, "CancelIoEx(s, NULL) with a receive pending: FALSE, error %lu", (unsigned long)GetLastError());
        expect_cancelled(c, s, &ov, "CancelIoEx(s, NULL)");
    }
    if (recv_pending(c, s, &ov, buf, sizeof buf)) {
        /* CancelIo from another thread cancels that thread's requests: this one stays pending. */
        HANDLE t = CreateThread(NULL, 0, cancel_io_elsewhere, &s, 0, NULL);
        if (wc_check(c, t != NULL, "set-up: CreateThread: error %lu", (unsigned long)GetLastError())) {
            wc_check(c, WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "the thread calling CancelIo did not end");
            CloseHandle(t);
        }
        DWORD w2 = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 0, FALSE);
        wc_check(c, w2 == WSA_WAIT_TIMEOUT,
                 "CancelIo from another thread ended this thread's pending receive (wait %lu)", (unsigned long)w2);
        ok = CancelIo((HANDLE)(uintptr_t)s);
        wc_check(c, ok, "CancelIo from the thread that started the receive: FALSE, error %lu",
                 (unsigned long)GetLastError());
        expect_cancelled(c, s, &ov, "CancelIo(s)");
    }
    /* with a completion routine: it runs once, in an alertable wait, with the abort, no bytes
     * and no receive flags (the WSARecv page's dwFlags describe data that arrived; none did) */
    memset(&ov, 0, sizeof ov);
    memset(&cancelled_seen, 0, sizeof cancelled_seen);
    WSABUF b = {sizeof buf, buf};
    DWORD flags = 0;
    int rc = WSARecv(s, &b, 1, NULL, &flags, &ov, cancelled_routine);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING, "set-up: WSARecv with a routine: %d, error %d", rc,
                 err)) {
        ok = CancelIoEx((HANDLE)(uintptr_t)s, &ov);
        wc_check(c, ok, "CancelIoEx of the receive with a routine: FALSE, error %lu", (unsigned long)GetLastError());
        SleepEx(WC_WAIT_MS, TRUE);
        wc_check(c,
                 cancelled_seen.calls == 1 && cancelled_seen.error == WSA_OPERATION_ABORTED &&
                     cancelled_seen.bytes == 0 && cancelled_seen.flags == 0,
                 "the cancelled receive's completion routine: %d call(s), error %lu, %lu bytes, flags %#lx; expected "
                 "one, WSA_OPERATION_ABORTED, 0, 0",
                 cancelled_seen.calls, (unsigned long)cancelled_seen.error, (unsigned long)cancelled_seen.bytes,
                 (unsigned long)cancelled_seen.flags);
    }
    closesocket(s);
}

/* S3 (CancelIoEx: "If this function cannot find a request to cancel, the return value is 0
 * (zero), and GetLastError returns ERROR_NOT_FOUND", lpOverlapped NULL included; a handle that is
 * not a file, an event, is ERROR_INVALID_HANDLE for CancelIoEx and CancelIo).  Apart from
 * S3.cancel-io because wine answers TRUE to all three. */
static void cancel_io_none(wc_ctx *c) {
    struct sockaddr_in a;
    SOCKET s = loopback(c, SOCK_DGRAM, 0, &a);
    if (s == INVALID_SOCKET) return;
    BOOL ok = CancelIoEx((HANDLE)(uintptr_t)s, NULL);
    expect_false(c, ok, ERROR_NOT_FOUND, "CancelIoEx(s, NULL) with nothing pending");
    HANDLE ns = (HANDLE)(uintptr_t)wt_not_a_socket(wc_target(c));
    ok = CancelIoEx(ns, NULL);
    expect_false(c, ok, ERROR_INVALID_HANDLE, "CancelIoEx on an event handle");
    ok = CancelIo(ns);
    expect_false(c, ok, ERROR_INVALID_HANDLE, "CancelIo on an event handle");
    closesocket(s);
}

/* An overlapped WSARecv of up to len bytes on s with ov's own event (hEvent given, or a new
 * one); WSA_IO_PENDING expected. */
static int recv_on(wc_ctx *c, SOCKET s, WSAOVERLAPPED *ov, WSAEVENT ev, char *buf, ULONG len) {
    memset(ov, 0, sizeof *ov);
    ov->hEvent = ev ? ev : WSACreateEvent();
    WSABUF b = {len, buf};
    DWORD flags = 0;
    int rc = WSARecv(s, &b, 1, NULL, &flags, ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    return wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING,
                    "set-up: an overlapped WSARecv with nothing to read: rc=%d err=%d, expected WSA_IO_PENDING", rc,
                    err);
}

/* Sends one datagram of n bytes to a from a socket of its own. */
static int send_dgram(wc_ctx *c, const struct sockaddr_in *a, const char *data, int n) {
    SOCKET from = socket(AF_INET, SOCK_DGRAM, 0);
    int rc = sendto(from, data, n, 0, (const struct sockaddr *)a, sizeof *a);
    closesocket(from);
    return wc_check(c, rc == n, "set-up: sendto 127.0.0.1:%u: %d (%d)", ntohs(a->sin_port), rc,
                    rc < 0 ? WSAGetLastError() : 0);
}

static int event_set(WSAEVENT ev, DWORD ms) {
    return WSAWaitForMultipleEvents(1, &ev, FALSE, ms, FALSE) == WSA_WAIT_EVENT_0;
}

/* S3 (SEMANTICS 3, SDK-GOR: the function that starts the I/O resets hEvent; SDK-WSAIOCTL and
 * the WSARecv page: with lpCompletionRoutine NULL, hEvent is signalled when the operation
 * completes.  A completion port joined to the socket adds a packet; only the low-order bit of
 * hEvent asks for no packet (GetQueuedCompletionStatus page), nothing asks for no event).  A
 * proxy that reuses one event for its receives must not take the last receive's signal for
 * the new one's completion, and one that waits on the event of a socket joined to a port must
 * wake. */
static void ov_event(wc_ctx *c) {
    struct sockaddr_in a;
    SOCKET s = loopback(c, SOCK_DGRAM, 0, &a);
    if (s == INVALID_SOCKET) return;
    char buf[16];
    WSAOVERLAPPED ov;
    WSAEVENT ev = WSACreateEvent();
    WSASetEvent(ev);
    if (!recv_on(c, s, &ov, ev, buf, sizeof buf)) return;
    wc_check(c, !event_set(ev, 0),
             "hEvent, signalled before the call, is still signalled while the receive is pending");
    if (!send_dgram(c, &a, "one", 3)) return;
    DWORD n = 0, flags = 0;
    wc_check(c, event_set(ev, WC_WAIT_MS), "hEvent not signalled once the datagram came");
    BOOL ok = WSAGetOverlappedResult(s, &ov, &n, FALSE, &flags);
    wc_check(c, ok && n == 3, "the receive: %s, %lu bytes; expected TRUE, 3", ok ? "TRUE" : "FALSE", (unsigned long)n);
    HANDLE port = wc_port(c, s);
    if (!port) return;
    WSAResetEvent(ev);
    if (!recv_on(c, s, &ov, ev, buf, sizeof buf) || !send_dgram(c, &a, "two!", 4)) return;
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, WC_WAIT_MS);
    wc_check(c, ok && got == &ov && key == WC_KEY && bytes == 4,
             "the receive on a socket joined to a port: %s, %s OVERLAPPED, %lu bytes; expected its packet with 4",
             ok ? "TRUE" : "FALSE", got == &ov ? "its" : "another", (unsigned long)bytes);
    wc_check(c, event_set(ev, 0), "hEvent not signalled when the receive completed on a socket joined to a port");
    /* The same receive with the low-order bit of hEvent set: the event is still signalled, and
     * the port gets no packet, now or later (mutation testing, seed 70: a stack that ignored
     * the bit queued one, and no case looked). */
    WSAResetEvent(ev);
    if (!recv_on(c, s, &ov, (WSAEVENT)((ULONG_PTR)ev | 1), buf, sizeof buf) || !send_dgram(c, &a, "three", 5)) return;
    wc_check(c, event_set(ev, WC_WAIT_MS), "hEvent (with its low-order bit set in the OVERLAPPED) not signalled");
    n = flags = 0;
    ok = WSAGetOverlappedResult(s, &ov, &n, FALSE, &flags);
    wc_check(c, ok && n == 5, "the receive with a tagged hEvent: %s, %lu bytes; expected TRUE, 5",
             ok ? "TRUE" : "FALSE", (unsigned long)n);
    got = NULL;
    SetLastError(0);
    ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 50);
    DWORD e = GetLastError();
    wc_check(c, !ok && got == NULL && e == WAIT_TIMEOUT,
             "a receive whose hEvent had its low-order bit set queued a packet (%s, %s OVERLAPPED, error %lu); the "
             "GetQueuedCompletionStatus page: the bit prevents completion port notification",
             ok ? "TRUE" : "FALSE",
             got == &ov ? "its"
             : got      ? "another"
                        : "no",
             (unsigned long)e);
    /* the tagged value handed to WSASetEvent itself: no page says whether a handle's low bits
     * count there (the model's own answer) */
    WSASetLastError(0);
    BOOL tagged = WSASetEvent((WSAEVENT)((ULONG_PTR)ev | 1));
    wc_model_answer(c, "WSASetEvent.tagged-handle", "%d %d", (int)tagged, tagged ? 0 : WSAGetLastError());
    /* and to WSACloseEvent, the same answer: the event stays open under its own value */
    WSASetLastError(0);
    BOOL closed = WSACloseEvent((WSAEVENT)((ULONG_PTR)ev | 1));
    int close_error = closed ? 0 : WSAGetLastError();
    BOOL still_open = WSASetEvent(ev);
    wc_model_answer(c, "WSACloseEvent.tagged-handle", "%d %d %d", (int)closed, close_error, (int)still_open);
    WSACloseEvent(ev);
    CloseHandle(port);
    closesocket(s);
}

/* S3 (the model's rule in net/io.c: pending receives complete in the order they were issued,
 * as the receive requests queued on one socket are satisfied first in, first out; a proxy that
 * keeps several receives posted relies on it to keep a flow's datagrams in order).  Two
 * receives pend on a UDP socket; two datagrams come: the first receive gets the first. */
static void recv_order(wc_ctx *c) {
    struct sockaddr_in a;
    SOCKET s = loopback(c, SOCK_DGRAM, 0, &a);
    if (s == INVALID_SOCKET) return;
    char b1[16], b2[16];
    WSAOVERLAPPED o1, o2;
    if (!recv_on(c, s, &o1, NULL, b1, sizeof b1) || !recv_on(c, s, &o2, NULL, b2, sizeof b2)) return;
    if (!send_dgram(c, &a, "first", 5) || !send_dgram(c, &a, "second", 6)) return;
    DWORD n1 = 0, n2 = 0, flags = 0;
    BOOL ok1 = WSAGetOverlappedResult(s, &o1, &n1, TRUE, &flags);
    BOOL ok2 = WSAGetOverlappedResult(s, &o2, &n2, TRUE, &flags);
    wc_check(c, ok1 && n1 == 5 && memcmp(b1, "first", 5) == 0,
             "the receive posted first: %s, %lu bytes; expected the first datagram (5 bytes)", ok1 ? "TRUE" : "FALSE",
             (unsigned long)n1);
    wc_check(c, ok2 && n2 == 6 && memcmp(b2, "second", 6) == 0,
             "the receive posted second: %s, %lu bytes; expected the second datagram (6 bytes)", ok2 ? "TRUE" : "FALSE",
             (unsigned long)n2);
    WSACloseEvent(o1.hEvent);
    WSACloseEvent(o2.hEvent);
    closesocket(s);
}

/* One overlapped WSARecv on s, with the port's packet for it looked for within wait_ms:
 * returns 1 when a packet for ov came, 0 when none did. */
static int recv_packet(wc_ctx *c, SOCKET s, HANDLE port, DWORD wait_ms, int *rc_out) {
    char buf[16];
    WSABUF b = {sizeof buf, buf};
    DWORD flags = 0, n = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    int rc = WSARecv(s, &b, 1, &n, &flags, &ov, NULL);
    *rc_out = rc ? WSAGetLastError() : 0;
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, wait_ms);
    if (ok || got) wc_check(c, got == &ov && key == WC_KEY, "a packet for another operation came through the port");
    return ok || got;
}

/* S3 (SetFileCompletionNotificationModes, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: "If the
 * following three conditions are true, the I/O Manager does not queue a completion entry to the
 * port ... A completion port is associated with the file handle; The file is opened for
 * asynchronous I/O; A request returns success immediately without returning ERROR_PENDING";
 * a handle that is not a file is ERROR_INVALID_HANDLE).  A proxy that sets the mode handles an
 * immediate success inline and must not get a second packet for it; a receive that pends still
 * gets its packet. */
static void skip_on_success(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    HANDLE port = wc_port(c, sv);
    if (!port) return;
    int rc;
    if (!wc_check(c, send(cl, "a", 1, 0) == 1, "set-up: send: %d", WSAGetLastError()) || !readable_within(c, sv))
        return;
    int got = recv_packet(c, sv, port, WC_WAIT_MS, &rc);
    wc_check(c, rc == 0 && got,
             "an overlapped WSARecv with a byte waiting, no mode set: rc err %d, %s; expected an "
             "immediate success and its packet",
             rc, got ? "a packet" : "no packet");
    BOOL ok = SetFileCompletionNotificationModes((HANDLE)(uintptr_t)sv, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    if (!wc_check(c, ok, "SetFileCompletionNotificationModes(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS): FALSE, error %lu",
                  (unsigned long)GetLastError()))
        return;
    if (!wc_check(c, send(cl, "b", 1, 0) == 1, "set-up: send: %d", WSAGetLastError()) || !readable_within(c, sv))
        return;
    got = recv_packet(c, sv, port, 0, &rc);
    wc_check(c, rc == 0 && !got,
             "an overlapped WSARecv with a byte waiting, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: "
             "rc err %d, %s; expected an immediate success and no packet",
             rc, got ? "a packet" : "no packet");
    /* the same for a send that completes at once */
    WSABUF sb = {1, "s"};
    WSAOVERLAPPED sov;
    memset(&sov, 0, sizeof sov);
    rc = WSASend(sv, &sb, 1, NULL, 0, &sov, NULL);
    DWORD sbytes = 0;
    ULONG_PTR skey = 0;
    OVERLAPPED *so = NULL;
    BOOL spacket = rc == 0 && (GetQueuedCompletionStatus(port, &sbytes, &skey, &so, 0) || so != NULL);
    wc_check(c, rc == 0 && !spacket,
             "an overlapped WSASend that completes at once, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: rc err %d, %s; "
             "expected an immediate success and no packet",
             rc ? WSAGetLastError() : 0, spacket ? "a packet" : "no packet");
    char buf[16];
    WSABUF b = {sizeof buf, buf};
    DWORD flags = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    rc = WSARecv(sv, &b, 1, NULL, &flags, &ov, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (wc_check(c, rc == SOCKET_ERROR && err == WSA_IO_PENDING, "WSARecv with nothing to read: rc=%d err=%d", rc,
                 err) &&
        wc_check(c, send(cl, "c", 1, 0) == 1, "set-up: send: %d", WSAGetLastError())) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *o = NULL;
        ok = GetQueuedCompletionStatus(port, &bytes, &key, &o, WC_WAIT_MS);
        wc_check(c, ok && o == &ov && bytes == 1 && buf[0] == 'c',
                 "the pended receive under FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: %s, %s OVERLAPPED, %lu bytes; "
                 "expected its packet with 1 byte",
                 ok ? "TRUE" : "FALSE", o == &ov ? "its" : "another", (unsigned long)bytes);
    }
    HANDLE ns = (HANDLE)(uintptr_t)wt_not_a_socket(wc_target(c));
    ok = SetFileCompletionNotificationModes(ns, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    expect_false(c, ok, ERROR_INVALID_HANDLE, "SetFileCompletionNotificationModes on an event handle");
    CloseHandle(port);
    closesocket(cl);
    closesocket(sv);
}

/* ------------------------------------------------- select, WSAPoll, WSAEventSelect */

/* S3 (select, writefds: "If processing a connect call (nonblocking), connection has succeeded;
 * data can be sent"; the sets are updated to the sockets that are ready and select returns
 * their number; "WSAENOTSOCK: One of the descriptor sets contains an entry that is not a
 * socket"; FD_ISSET: "Nonzero if s is a member of the set").  A connected TCP socket and a bound
 * UDP socket are writable, a TCP socket that never connected is not; nothing is readable. */
static void select_sets(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    struct sockaddr_in a;
    SOCKET u = loopback(c, SOCK_DGRAM, 0, &a);
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, 0);
    if (u == INVALID_SOCKET || !wc_check(c, fresh != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError())) return;
    fd_set w, r;
    FD_ZERO(&w);
    FD_SET(fresh, &w);
    FD_SET(cl, &w);
    FD_SET(u, &w);
    FD_ZERO(&r);
    FD_SET(fresh, &r);
    FD_SET(cl, &r);
    struct timeval tv = {0, 0};
    int n = select(0, &r, &w, NULL, &tv);
    wc_check(c, n == 2 && w.fd_count == 2 && r.fd_count == 0,
             "select(readfds {unconnected TCP, connected TCP}, writefds {unconnected TCP, connected TCP, UDP}): %d "
             "(err %d), %u readable, %u writable; expected 2, none readable, 2 writable",
             n, n < 0 ? WSAGetLastError() : 0, (unsigned)r.fd_count, (unsigned)w.fd_count);
    wc_check(c, FD_ISSET(cl, &w) && FD_ISSET(u, &w) && !FD_ISSET(fresh, &w) && !FD_ISSET(cl, &r),
             "FD_ISSET after select: connected TCP %d, UDP %d, unconnected TCP %d writable, connected TCP %d readable; "
             "expected 1, 1, 0, 0",
             FD_ISSET(cl, &w), FD_ISSET(u, &w), FD_ISSET(fresh, &w), FD_ISSET(cl, &r));
    FD_ZERO(&r);
    FD_SET(cl, &r);
    FD_SET(wt_not_a_socket(wc_target(c)), &r);
    n = select(0, &r, NULL, NULL, &tv);
    int err = n < 0 ? WSAGetLastError() : 0;
    wc_check(c, n == SOCKET_ERROR && err == WSAENOTSOCK,
             "select with an event handle in readfds: %d, err %d; expected SOCKET_ERROR, WSAENOTSOCK", n, err);
    closesocket(fresh);
    closesocket(u);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (WSAPoll: POLLWRNORM "Normal data can be written without blocking"; POLLNVAL "An invalid
 * socket was used"; the return value: "the number of elements in the fdArray for which an
 * revents member of the POLLFD structure is nonzero").  A connected socket polled for writing
 * with its idle peer polled for reading, then with a handle that is not a socket (its POLLNVAL
 * is not counted under wine; whether Windows counts it is not checked). */
static void wsapoll_write(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    WSAPOLLFD f[2] = {{cl, POLLWRNORM, 0x55}, {sv, POLLRDNORM, 0x55}};
    int n = WSAPoll(f, 2, 0);
    wc_check(c, n == 1 && f[0].revents == POLLWRNORM && f[1].revents == 0,
             "WSAPoll({connected TCP, POLLWRNORM}, {its idle peer, POLLRDNORM}): %d (err %d), revents 0x%x 0x%x; "
             "expected 1 with POLLWRNORM (0x%x), 0",
             n, n < 0 ? WSAGetLastError() : 0, (unsigned)(USHORT)f[0].revents, (unsigned)(USHORT)f[1].revents,
             (unsigned)POLLWRNORM);
    if (n == 1) {
        WSAPOLLFD g[2] = {{cl, POLLWRNORM, 0x55}, {wt_not_a_socket(wc_target(c)), POLLRDNORM, 0x55}};
        n = WSAPoll(g, 2, 0);
        wc_check(c, n >= 1 && g[0].revents == POLLWRNORM && g[1].revents == POLLNVAL,
                 "WSAPoll({connected TCP, POLLWRNORM}, {event handle}): %d (err %d), revents 0x%x 0x%x; expected "
                 "POLLWRNORM, POLLNVAL (0x%x)",
                 n, n < 0 ? WSAGetLastError() : 0, (unsigned)(USHORT)g[0].revents, (unsigned)(USHORT)g[1].revents,
                 (unsigned)POLLNVAL);
        /* 0 is not negative, so not ignored, and no socket: POLLNVAL too (mutation testing,
         * seed 16: a WSAPoll that ignored fd 0 as if it were negative). */
        WSAPOLLFD h[2] = {{cl, POLLWRNORM, 0x55}, {0, POLLRDNORM, 0x55}};
        n = WSAPoll(h, 2, 0);
        wc_check(c, n >= 1 && h[1].revents == POLLNVAL,
                 "WSAPoll with fd 0: %d (err %d), revents 0x%x; expected POLLNVAL", n, n < 0 ? WSAGetLastError() : 0,
                 (unsigned)(USHORT)h[1].revents);
    }
    closesocket(cl);
    closesocket(sv);
}

/* S3 (WSAPOLLFD, fd: "This parameter is ignored if set to a negative value"): a proxy that
 * parks a slot of its poll array with -1 gets nothing reported for it, and the count covers the
 * other entries only.  Apart from S3.wsapoll-write because wine reports POLLNVAL there. */
static void wsapoll_negative(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    WSAPOLLFD f[2] = {{INVALID_SOCKET, POLLRDNORM, 0x55}, {cl, POLLWRNORM, 0x55}};
    int n = WSAPoll(f, 2, 0);
    wc_check(c, n == 1 && f[0].revents == 0 && f[1].revents == POLLWRNORM,
             "WSAPoll({-1}, {connected TCP, POLLWRNORM}): %d (err %d); negative entry: revents 0x%x, the socket's "
             "0x%x; expected 1, 0 and POLLWRNORM",
             n, n < 0 ? WSAGetLastError() : 0, (unsigned)(USHORT)f[0].revents, (unsigned)(USHORT)f[1].revents);
    closesocket(cl);
    closesocket(sv);
}

/* S3 (select: "WSAEINVAL: The time-out value is not valid, or all three descriptor parameters
 * were null"; "select returns ... zero if the time limit expired", the sets then hold no
 * socket).  No set at all is refused; an idle connected pair polled for reading and for a
 * failure with a timeval of zero, and again of 1 ms, is 0 with every set emptied. */
static void select_args(wc_ctx *c) {
    struct timeval tv = {0, 0};
    WSASetLastError(0);
    int n = select(0, NULL, NULL, NULL, &tv);
    int err = n < 0 ? WSAGetLastError() : 0;
    wc_check(c, n == SOCKET_ERROR && err == WSAEINVAL,
             "select with all three sets NULL: %d, err %d; expected SOCKET_ERROR, WSAEINVAL", n, err);
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    for (int pass = 0; pass < 2; pass++) {
        struct timeval t = {0, pass ? 1000 : 0};
        fd_set r, e;
        FD_ZERO(&r);
        FD_SET(cl, &r);
        FD_SET(sv, &r);
        FD_ZERO(&e);
        FD_SET(cl, &e);
        n = select(0, &r, NULL, &e, &t);
        wc_check(c, n == 0 && r.fd_count == 0 && e.fd_count == 0,
                 "select(readfds {idle connected pair}, exceptfds {one end}) with a timeout of %ld us: %d (err %d), "
                 "%u readable, %u failed; expected 0 and both sets emptied",
                 (long)t.tv_usec, n, n < 0 ? WSAGetLastError() : 0, (unsigned)r.fd_count, (unsigned)e.fd_count);
    }
    closesocket(cl);
    closesocket(sv);
}

/* S3 (WSAPoll: "WSAEINVAL: An invalid parameter was passed" with fds 0, "WSAEFAULT: An exception
 * occurred while reading user input parameters" for fdArray NULL (Wine's ws2_32, written to
 * match Windows, answers the same two); the return value "Zero: No sockets were in the queried
 * state before the timer expired", and "all sockets that do not meet these criteria and have no
 * error condition will have the corresponding revents member set to 0"; POLLHUP "A
 * stream-oriented connection was either disconnected or aborted").  An idle pair polled with a
 * timeout of 0 and of 1 ms: 0, revents cleared; after the peer closes: POLLHUP, counted. */
static void wsapoll_args(wc_ctx *c) {
    WSAPOLLFD one = {INVALID_SOCKET, POLLRDNORM, 0};
    WSASetLastError(0);
    int n = WSAPoll(&one, 0, 0);
    int err = n < 0 ? WSAGetLastError() : 0;
    wc_check(c, n == SOCKET_ERROR && err == WSAEINVAL, "WSAPoll with fds 0: %d, err %d; expected WSAEINVAL", n, err);
    WSASetLastError(0);
    n = WSAPoll(NULL, 1, 0);
    err = n < 0 ? WSAGetLastError() : 0;
    wc_check(c, n == SOCKET_ERROR && err == WSAEFAULT, "WSAPoll(NULL, 1, 0): %d, err %d; expected WSAEFAULT", n, err);
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    for (int wait = 0; wait < 2; wait++) {
        WSAPOLLFD f[2] = {{cl, POLLRDNORM, 0x55}, {sv, POLLRDNORM, 0x55}};
        n = WSAPoll(f, 2, wait);
        wc_check(c, n == 0 && f[0].revents == 0 && f[1].revents == 0,
                 "WSAPoll({idle pair, POLLRDNORM}) with timeout %d ms: %d (err %d), revents 0x%x 0x%x; expected 0 "
                 "and both cleared",
                 wait, n, n < 0 ? WSAGetLastError() : 0, (unsigned)(USHORT)f[0].revents,
                 (unsigned)(USHORT)f[1].revents);
    }
    closesocket(sv);
    WSAPOLLFD h = {cl, POLLRDNORM, 0};
    n = WSAPoll(&h, 1, 5000);
    wc_check(c, n == 1 && (h.revents & POLLHUP),
             "WSAPoll on a socket whose peer closed: %d (err %d), revents 0x%x; expected 1 with POLLHUP (0x%x)", n,
             n < 0 ? WSAGetLastError() : 0, (unsigned)(USHORT)h.revents, (unsigned)POLLHUP);
    closesocket(cl);
}

/* S3 (WSAPoll, Remarks: events may hold only a combination of the flags the page lists that the
 * provider supports; any other value is an error, SOCKET_ERROR with WSAEINVAL).  A bit no flag names, next to
 * POLLRDNORM on a connected socket, is refused, and nothing is polled. */
static void wsapoll_unknown_events(wc_ctx *c) {
    SOCKET cl, sv;
    if (!tcp_pair(c, &cl, &sv)) return;
    WSAPOLLFD f[2] = {{cl, POLLWRNORM, 0x55}, {sv, (SHORT)(POLLRDNORM | 0x4000), 0x55}};
    WSASetLastError(0);
    int n = WSAPoll(f, 2, 0);
    int err = n < 0 ? WSAGetLastError() : 0;
    wc_check(c, n == SOCKET_ERROR && err == WSAEINVAL,
             "WSAPoll with events 0x%x (0x4000 is no flag): %d, err %d; expected SOCKET_ERROR, WSAEINVAL",
             (unsigned)(USHORT)f[1].events, n, err);
    closesocket(cl);
    closesocket(sv);
}

/* What the condition function of S3.wsaaccept-verdicts saw and answers. */
static struct {
    int calls, verdict;
    SOCKADDR_STORAGE caller, callee;
    ULONG caller_len, callee_len;
} cond;

static int CALLBACK verdict_condition(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                                      LPWSABUF callee_data, GROUP *g, DWORD_PTR data) {
    (void)caller_data, (void)sqos, (void)gqos, (void)callee_data, (void)g, (void)data;
    cond.calls++;
    cond.caller_len = caller ? caller->len : 0;
    cond.callee_len = callee ? callee->len : 0;
    if (caller && caller->buf && caller->len <= sizeof cond.caller) memcpy(&cond.caller, caller->buf, caller->len);
    if (callee && callee->buf && callee->len <= sizeof cond.callee) memcpy(&cond.callee, callee->buf, callee->len);
    return cond.verdict;
}

static int same_in(const SOCKADDR_STORAGE *a, const struct sockaddr_in *b) {
    const struct sockaddr_in *x = (const struct sockaddr_in *)a;
    return x->sin_family == AF_INET && x->sin_port == b->sin_port && x->sin_addr.s_addr == b->sin_addr.s_addr;
}

/* S3 (WSAAccept: "WSAEWOULDBLOCK: The socket is marked as nonblocking and no connections are
 * present to be accepted"; "WSATRY_AGAIN: The acceptance of the connection request was deferred
 * as specified in the return value of the condition function (CF_DEFER)"; WSAEINVAL when "the
 * return value of the condition function is not a valid one"; lpCallerId holds the address of the
 * connecting entity, lpCalleeId the local address it connected to; lpfnCondition
 * NULL: "no condition function is called").  On a non-blocking listener: nothing waiting is
 * WSAEWOULDBLOCK without a call; a waiting client deferred is WSATRY_AGAIN and stays; a verdict
 * that is no CF_ value is WSAEINVAL; CF_ACCEPT then hands out that client, and the condition saw
 * the client's and the listener's addresses; a second client is taken with no condition. */
static void wsaaccept_verdicts(wc_ctx *c) {
    struct sockaddr_in la;
    SOCKET l = loopback(c, SOCK_STREAM, 0, &la);
    u_long nb = 1;
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0 && ioctlsocket(l, FIONBIO, &nb) == 0,
                                         "set-up: a non-blocking listener: %d", WSAGetLastError()))
        return;
    memset(&cond, 0, sizeof cond);
    cond.verdict = CF_ACCEPT;
    SOCKET r = WSAAccept(l, NULL, NULL, verdict_condition, 0);
    int err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
    wc_check(c, r == INVALID_SOCKET && err == WSAEWOULDBLOCK && cond.calls == 0,
             "WSAAccept on a non-blocking listener with nothing waiting: err %d, condition called %d times; expected "
             "WSAEWOULDBLOCK and no call",
             err, cond.calls);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in ca;
    int calen = (int)sizeof ca;
    if (!wc_check(c,
                  connect(s, (struct sockaddr *)&la, sizeof la) == 0 &&
                      getsockname(s, (struct sockaddr *)&ca, &calen) == 0,
                  "set-up: connect: %d", WSAGetLastError()))
        return;
    static const int verdicts[2] = {CF_DEFER, 7};
    static const int want[2] = {WSATRY_AGAIN, WSAEINVAL};
    for (int i = 0; i < 2; i++) {
        cond.verdict = verdicts[i];
        cond.calls = 0;
        r = WSAAccept(l, NULL, NULL, verdict_condition, 0);
        err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
        wc_check(c, r == INVALID_SOCKET && err == want[i] && cond.calls == 1,
                 "WSAAccept whose condition returns %d: err %d, condition called %d times; expected %d once",
                 verdicts[i], err, cond.calls, want[i]);
    }
    cond.verdict = CF_ACCEPT;
    cond.calls = 0;
    memset(&cond.caller, 0xA5, sizeof cond.caller);
    memset(&cond.callee, 0xA5, sizeof cond.callee);
    struct sockaddr_in pa;
    int palen = (int)sizeof pa;
    r = WSAAccept(l, (struct sockaddr *)&pa, &palen, verdict_condition, 0);
    err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
    if (wc_check(c, r != INVALID_SOCKET && cond.calls == 1,
                 "WSAAccept with CF_ACCEPT after the deferral: err %d, condition called %d times; expected the "
                 "deferred client",
                 err, cond.calls)) {
        wc_check(c, palen == (int)sizeof pa && same_in((SOCKADDR_STORAGE *)&pa, &ca),
                 "WSAAccept's addr: length %d, %s the client's address", palen,
                 same_in((SOCKADDR_STORAGE *)&pa, &ca) ? "equal to" : "not");
        wc_check(c, cond.caller_len >= sizeof ca && same_in(&cond.caller, &ca),
                 "lpCallerId: %lu bytes, %s the client's address", (unsigned long)cond.caller_len,
                 same_in(&cond.caller, &ca) ? "equal to" : "not");
        wc_check(c, cond.callee_len >= sizeof la && same_in(&cond.callee, &la),
                 "lpCalleeId: %lu bytes, %s the listener's address", (unsigned long)cond.callee_len,
                 same_in(&cond.callee, &la) ? "equal to" : "not");
        closesocket(r);
    }
    SOCKET s2 = socket(AF_INET, SOCK_STREAM, 0);
    if (wc_check(c, connect(s2, (struct sockaddr *)&la, sizeof la) == 0, "set-up: a second connect: %d",
                 WSAGetLastError())) {
        cond.calls = 0;
        r = WSAAccept(l, NULL, NULL, NULL, 0);
        err = r == INVALID_SOCKET ? WSAGetLastError() : 0;
        wc_check(c, r != INVALID_SOCKET && cond.calls == 0,
                 "WSAAccept without a condition function: err %d; expected the second client", err);
        if (r != INVALID_SOCKET) closesocket(r);
    }
    closesocket(s2);
    closesocket(s);
    closesocket(l);
}

/* Waits up to 10 s for ev, then returns what WSAEnumNetworkEvents reports for s (events
 * 0xA5A5A5A5 after a failure). */
static WSANETWORKEVENTS network_events(wc_ctx *c, SOCKET s, WSAEVENT ev, const char *what) {
    DWORD w = WSAWaitForMultipleEvents(1, &ev, FALSE, 10000, FALSE);
    wc_check(c, w == WSA_WAIT_EVENT_0, "%s: the event was not signalled within 10 s (wait %lu)", what,
             (unsigned long)w);
    WSANETWORKEVENTS ne;
    memset(&ne, 0xA5, sizeof ne);
    int rc = WSAEnumNetworkEvents(s, ev, &ne);
    wc_check(c, rc == 0, "%s: WSAEnumNetworkEvents: %d", what, rc ? WSAGetLastError() : 0);
    return ne;
}

/* S3 (WSAEventSelect, FD_CONNECT: recorded when a connect completes, with
 * iErrorCode[FD_CONNECT_BIT] its result, "WSAECONNREFUSED: The attempt to connect was
 * forcefully rejected"; connect on a non-blocking socket: WSAEWOULDBLOCK; WSAEventSelect and
 * WSAEnumNetworkEvents on a descriptor that is not a socket: WSAENOTSOCK).  A proxy dialling its
 * upstream with event selection learns whether the connection was made or refused from
 * FD_CONNECT alone. */
static void event_select_connect(wc_ctx *c) {
    struct sockaddr_in la, ca;
    SOCKET l = loopback(c, SOCK_STREAM, 0, &la);
    SOCKET closed = l == INVALID_SOCKET ? INVALID_SOCKET : loopback(c, SOCK_STREAM, 0, &ca);
    if (closed == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    static const char *const what[] = {"connect to a listener", "connect to a port nobody listens on"};
    const struct sockaddr_in *to[] = {&la, &ca};
    static const int want[] = {0, WSAECONNREFUSED};
    for (int i = 0; i < 2; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
        WSAEVENT ev = WSACreateEvent();
        /* FD_WRITE too: "recorded when a socket is first connected" (WSAEventSelect page), so
         * with the connection made, never for a refused one */
        int rc = WSAEventSelect(s, ev, FD_CONNECT | FD_WRITE);
        if (!wc_check(c, rc == 0, "set-up: WSAEventSelect(FD_CONNECT | FD_WRITE): %d", rc ? WSAGetLastError() : 0))
            return;
        rc = connect(s, (const struct sockaddr *)to[i], sizeof la);
        int err = rc ? WSAGetLastError() : 0;
        if (rc == SOCKET_ERROR && err == WSAEWOULDBLOCK) {
            WSANETWORKEVENTS ne = network_events(c, s, ev, what[i]);
            long events = want[i] ? FD_CONNECT : FD_CONNECT | FD_WRITE;
            wc_check(c, ne.lNetworkEvents == events && ne.iErrorCode[FD_CONNECT_BIT] == want[i],
                     "%s: events 0x%lx, FD_CONNECT error %d; expected events 0x%lx with %d", what[i],
                     (unsigned long)ne.lNetworkEvents, ne.iErrorCode[FD_CONNECT_BIT], (unsigned long)events, want[i]);
        } else {
            /* WSAEventSelect made the socket non-blocking, and a non-blocking connect "will return
             * SOCKET_ERROR, and WSAGetLastError will return WSAEWOULDBLOCK" (connect page), its
             * outcome to come as FD_CONNECT (a model that settled it inside the call gave no
             * FD_CONNECT for a refusal: an event-driven client would wait for ever). */
            wc_check(c, 0,
                     "%s on a socket under WSAEventSelect finished inside the call: rc=%d err=%d; expected "
                     "WSAEWOULDBLOCK and then FD_CONNECT",
                     what[i], rc, err);
        }
        WSAEventSelect(s, NULL, 0);
        WSACloseEvent(ev);
        closesocket(s);
    }
    SOCKET ns = wt_not_a_socket(wc_target(c));
    WSAEVENT ev = WSACreateEvent();
    int rc = WSAEventSelect(ns, ev, FD_READ);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK,
             "WSAEventSelect on an event handle: rc=%d err=%d, expected WSAENOTSOCK", rc, err);
    WSANETWORKEVENTS ne;
    rc = WSAEnumNetworkEvents(ns, NULL, &ne);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAENOTSOCK,
             "WSAEnumNetworkEvents on an event handle: rc=%d err=%d, expected WSAENOTSOCK", rc, err);
    WSACloseEvent(ev);
    closesocket(closed);
    closesocket(l);
}

/* S3 (WSAConnect with no connect data and no QoS connects as connect does; lpCalleeData:
 * "lpCalleeData->len initially contains the length of the buffer ... The lpCalleeData->len is set
 * to zero if no user data has been passed back"; TCP/IP passes none back).  The listener accepts
 * the connection and names the connecting socket as its peer. */
static void wsaconnect(wc_ctx *c) {
    struct sockaddr_in la;
    SOCKET l = loopback(c, SOCK_STREAM, 0, &la);
    if (l == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    char data[16];
    WSABUF callee = {sizeof data, data};
    int rc = WSAConnect(s, (struct sockaddr *)&la, sizeof la, NULL, &callee, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == 0, "WSAConnect to a listener: rc=%d err=%d", rc, err);
    wc_check(c, callee.len == 0, "WSAConnect left lpCalleeData->len %lu, expected 0 (no user data comes back)",
             (unsigned long)callee.len);
    struct sockaddr_in mine, peer;
    int ml = sizeof mine, pl = sizeof peer;
    SOCKET a = rc ? INVALID_SOCKET : accept(l, (struct sockaddr *)&peer, &pl);
    if (wc_check(c, a != INVALID_SOCKET, "accept after WSAConnect: %d", WSAGetLastError()) &&
        wc_check(c, getsockname(s, (struct sockaddr *)&mine, &ml) == 0, "getsockname: %d", WSAGetLastError()))
        wc_check(c, peer.sin_port == mine.sin_port && peer.sin_addr.s_addr == mine.sin_addr.s_addr,
                 "the accepted connection's peer is port %u, the WSAConnect socket's name port %u",
                 (unsigned)ntohs(peer.sin_port), (unsigned)ntohs(mine.sin_port));
    if (a != INVALID_SOCKET) closesocket(a);
    closesocket(s);
    /* caller data on a protocol without connect data: the page names no error for it (WSAConnect:
     * "lpCallerData ... user data that is to be transferred to the other socket"); the model's
     * own answer */
    char hello[4] = "hi!";
    WSABUF caller = {sizeof hello, hello};
    SOCKET d = socket(AF_INET, SOCK_STREAM, 0);
    rc = WSAConnect(d, (struct sockaddr *)&la, sizeof la, &caller, NULL, NULL, NULL);
    wc_model_answer(c, "WSAConnect.caller-data", "%d %d", rc, rc ? WSAGetLastError() : 0);
    closesocket(d);
    closesocket(l);
}

/* S3 (WSASocket: WSAEAFNOSUPPORT "The specified address family is not supported",
 * WSAESOCKTNOSUPPORT "The specified socket type is not supported in this address family",
 * WSAEPROTONOSUPPORT "The specified protocol is not supported" / WSAEPROTOTYPE; Wine's ws2_32
 * tests run on Windows: SOCK_STREAM with IPPROTO_UDP and SOCK_DGRAM with IPPROTO_TCP are
 * WSAEPROTONOSUPPORT, type 0xdead WSAESOCKTNOSUPPORT, family -1 WSAEAFNOSUPPORT.  SetLastError:
 * GetLastError and WSAGetLastError give back the value set). */
static void socket_errors(wc_ctx *c) {
    static const struct {
        int af, type, proto, err;
    } t[] = {
        {AF_INET, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT},
        {AF_INET, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT},
        {AF_INET, 0xdead, 0, WSAESOCKTNOSUPPORT},
        {-1, SOCK_STREAM, IPPROTO_UDP, WSAEAFNOSUPPORT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        WSASetLastError(0);
        SOCKET s = WSASocketW(t[i].af, t[i].type, t[i].proto, NULL, 0, WSA_FLAG_OVERLAPPED);
        int err = s == INVALID_SOCKET ? WSAGetLastError() : 0;
        wc_check(c, s == INVALID_SOCKET && err == t[i].err,
                 "WSASocketW(%d, %d, %d): %s, error %d; expected INVALID_SOCKET, %d", t[i].af, t[i].type, t[i].proto,
                 s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", err, t[i].err);
        if (s != INVALID_SOCKET) closesocket(s);
    }
    SetLastError(ERROR_NOT_FOUND);
    DWORD e = GetLastError();
    int we = WSAGetLastError();
    wc_check(c, e == ERROR_NOT_FOUND && we == ERROR_NOT_FOUND,
             "SetLastError(1168): GetLastError %lu, WSAGetLastError %d; expected 1168 both", (unsigned long)e, we);
}
/* Is ev signalled now (a wait of 0 ms)? */
static int signalled(WSAEVENT ev) { return WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0; }

/* S3 ("WSAEventSelect function", Remarks: FD_ACCEPT is recorded while a connection waits on a
 * listening socket, FD_READ while data waits; for a connectionless socket FD_WRITE is recorded
 * once the socket can send; FD_CLOSE when the peer closed gracefully, with
 * iErrorCode[FD_CLOSE_BIT] 0 ("If the virtual circuit was closed gracefully ... the error code
 * is 0").  "WSAEnumNetworkEvents function": hEventObject is optional, the event it names is
 * reset, a NULL one leaves the event as it is; the records are cleared by the call, so a second
 * call reports nothing).  A proxy that waits on events reaches its accept, its datagrams and its
 * peers' closes only through these. */
/* S3 (ioctlsocket page: "If WSAAsyncSelect or WSAEventSelect has been issued on a socket, then
 * any attempt to use ioctlsocket to set the socket back to blocking mode will fail with
 * WSAEINVAL"; the WSAEventSelect page: the application must first cancel it with
 * lNetworkEvents 0; Windows, through Wine's test_fionbio, SEMANTICS 4.1).  Setting it
 * non-blocking stays allowed. */
static void fionbio_event_select(wc_ctx *c) {
    struct sockaddr_in a;
    SOCKET s = loopback(c, SOCK_DGRAM, 0, &a);
    if (s == INVALID_SOCKET) return;
    WSAEVENT ev = WSACreateEvent();
    if (!wc_check(c, WSAEventSelect(s, ev, FD_READ) == 0, "set-up: WSAEventSelect: %d", WSAGetLastError())) return;
    u_long off = 0, on = 1;
    int rc = ioctlsocket(s, FIONBIO, &off);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEINVAL,
             "FIONBIO 0 while WSAEventSelect is active: rc=%d err=%d, expected WSAEINVAL", rc, err);
    rc = ioctlsocket(s, FIONBIO, &on);
    wc_check(c, rc == 0, "FIONBIO 1 while WSAEventSelect is active: rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    wc_check(c, WSAEventSelect(s, NULL, 0) == 0, "WSAEventSelect(s, NULL, 0): %d", WSAGetLastError());
    rc = ioctlsocket(s, FIONBIO, &off);
    wc_check(c, rc == 0, "FIONBIO 0 after WSAEventSelect was cancelled: rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    WSACloseEvent(ev);
    closesocket(s);
}

/* "WSAEnumNetworkEvents function", WSAEFAULT "The lpNetworkEvents parameter is not a valid part
 * of the user address space": a NULL one is refused, with events waiting to be written.  A case
 * of its own, named for the pointer: wine writes through it and the process dies or hangs in
 * wine's debugger, which cmake/wine-run.cmake tolerates only for such cases. */
static void enum_events_null(wc_ctx *c) {
    struct sockaddr_in ua;
    SOCKET u = loopback(c, SOCK_DGRAM, 0, &ua);
    if (u == INVALID_SOCKET) return;
    WSAEVENT ev = WSACreateEvent();
    wc_expect_int(c, WSAEventSelect(u, ev, FD_WRITE), 0);
    int rc = WSAEnumNetworkEvents(u, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "WSAEnumNetworkEvents(lpNetworkEvents NULL) with FD_WRITE recorded: %d, error %d; expected WSAEFAULT", rc,
             err);
    WSAEventSelect(u, NULL, 0);
    WSACloseEvent(ev);
    closesocket(u);
}

static void event_select_states(wc_ctx *c) {
    struct sockaddr_in la, ua;
    SOCKET l = loopback(c, SOCK_STREAM, 0, &la);
    SOCKET u = l == INVALID_SOCKET ? INVALID_SOCKET : loopback(c, SOCK_DGRAM, 0, &ua);
    if (u == INVALID_SOCKET || !wc_check(c, listen(l, 4) == 0, "set-up: listen: %d", WSAGetLastError())) return;
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;

    /* listening: nothing until a connection waits, then FD_ACCEPT */
    wc_expect_int(c, WSAEventSelect(l, ev, FD_ACCEPT | FD_READ | FD_WRITE), 0);
    wc_check(c, !signalled(ev), "WSAEventSelect(FD_ACCEPT) on an idle listener signalled its event");
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    int rc = connect(cl, (struct sockaddr *)&la, sizeof la);
    wc_check(c, rc == 0, "set-up: connect to the listener: %d", rc ? WSAGetLastError() : 0);
    SOCKET cl2 = socket(AF_INET, SOCK_STREAM, 0);
    rc = connect(cl2, (struct sockaddr *)&la, sizeof la);
    wc_check(c, rc == 0, "set-up: a second connect to the listener: %d", rc ? WSAGetLastError() : 0);
    ne = network_events(c, l, ev, "two connections wait on the listener");
    wc_check(c, ne.lNetworkEvents == FD_ACCEPT, "listener with waiting connections: events 0x%lx; expected FD_ACCEPT",
             (unsigned long)ne.lNetworkEvents);
    wc_check(c, !signalled(ev), "WSAEnumNetworkEvents with hEventObject did not reset the event");
    /* A third connection after the record was read, with no accept since, records nothing: only
     * the re-enabling accept does ("no further actions are taken for that network event until
     * the application makes the function call that implicitly reenables"). */
    SOCKET cl3 = socket(AF_INET, SOCK_STREAM, 0);
    rc = connect(cl3, (struct sockaddr *)&la, sizeof la);
    wc_check(c, rc == 0, "set-up: a third connect to the listener: %d", rc ? WSAGetLastError() : 0);
    wc_check(c, !signalled(ev),
             "a connection that arrived after WSAEnumNetworkEvents, with no accept since, signalled FD_ACCEPT (only "
             "an accept re-enables it)");
    /* Level-triggered ("For FD_READ, FD_OOB, and FD_ACCEPT ... if the reenabling routine is
     * called and the relevant network condition is still valid after the call, the network event
     * is recorded"): with connections still waiting, each accept records FD_ACCEPT again; the
     * last leaves nothing.  (The second connection came before the first record was read:
     * a stack that records FD_ACCEPT only as connections arrive would pass otherwise.) */
    SOCKET sv = INVALID_SOCKET, more[2] = {INVALID_SOCKET, INVALID_SOCKET};
    for (int i = 0; i < 3; i++) {
        SOCKET a = accept(l, NULL, NULL);
        wc_check(c, a != INVALID_SOCKET, "accept %d of 3: %d", i + 1, WSAGetLastError());
        *(i ? &more[i - 1] : &sv) = a;
        if (i == 2) break;
        ne = network_events(c, l, ev, "a connection still waits after an accept");
        wc_check(c, ne.lNetworkEvents == FD_ACCEPT,
                 "accept %d of 3 connections waiting: events 0x%lx; expected FD_ACCEPT again", i + 1,
                 (unsigned long)ne.lNetworkEvents);
    }
    /* the listener's own record: the event itself is its accepted sockets' too, as they took its
     * selection (FD_WRITE each, "accepted with accept") */
    ne = network_events(c, l, ev, "the last waiting connection accepted");
    wc_check(c, !(ne.lNetworkEvents & FD_ACCEPT), "FD_ACCEPT recorded again with no connection left waiting: 0x%lx",
             (unsigned long)ne.lNetworkEvents);
    for (int i = 0; i < 2; i++)
        if (more[i] != INVALID_SOCKET) closesocket(more[i]);
    closesocket(cl2);
    closesocket(cl3);
    WSAEventSelect(l, NULL, 0);

    /* the accepted end: the peer's bytes are FD_READ; hEventObject NULL leaves the event set;
     * the peer's close, once the bytes are read, FD_CLOSE with 0 */
    if (sv != INVALID_SOCKET) {
        WSAResetEvent(ev);
        wc_expect_int(c, WSAEventSelect(sv, ev, FD_READ | FD_CLOSE), 0);
        wc_expect_int(c, send(cl, "ping", 4, 0), 4);
        DWORD w = WSAWaitForMultipleEvents(1, &ev, FALSE, 10000, FALSE);
        wc_check(c, w == WSA_WAIT_EVENT_0, "bytes from the peer did not signal FD_READ within 10 s (wait %lu)",
                 (unsigned long)w);
        memset(&ne, 0xA5, sizeof ne);
        rc = WSAEnumNetworkEvents(sv, NULL, &ne);
        wc_check(c, rc == 0 && ne.lNetworkEvents == FD_READ,
                 "WSAEnumNetworkEvents(hEventObject NULL) with bytes waiting: %d, events 0x%lx; expected FD_READ", rc,
                 (unsigned long)ne.lNetworkEvents);
        wc_check(c, signalled(ev), "WSAEnumNetworkEvents with hEventObject NULL reset the event");
        memset(&ne, 0xA5, sizeof ne);
        rc = WSAEnumNetworkEvents(sv, NULL, &ne);
        wc_check(c, rc == 0 && ne.lNetworkEvents == 0, "a second WSAEnumNetworkEvents: %d, events 0x%lx; expected 0",
                 rc, (unsigned long)ne.lNetworkEvents);
        char buf[8];
        wc_expect_int(c, recv(sv, buf, sizeof buf, 0), 4);
        WSAResetEvent(ev);
        closesocket(cl);
        cl = INVALID_SOCKET;
        ne = network_events(c, sv, ev, "the peer closed");
        wc_check(c, ne.lNetworkEvents == FD_CLOSE && ne.iErrorCode[FD_CLOSE_BIT] == 0,
                 "the peer's graceful close: events 0x%lx, FD_CLOSE error %d; expected FD_CLOSE with 0",
                 (unsigned long)ne.lNetworkEvents, ne.iErrorCode[FD_CLOSE_BIT]);
        WSAEventSelect(sv, NULL, 0);
        closesocket(sv);
    }
    if (cl != INVALID_SOCKET) closesocket(cl);

    /* a bit outside FD_ALL_EVENTS: whether it is refused is not documented, but a refusal is
     * the page's "WSAEINVAL: One of the specified parameters was invalid", none of its other
     * errors (a socket, a started Winsock, no blocking call, a network that is up) */
    rc = WSAEventSelect(u, ev, FD_READ | (1L << 20));
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == 0 || err == WSAEINVAL,
             "WSAEventSelect with lNetworkEvents FD_READ | 1 << 20: rc=%d err=%d; expected 0 or WSAEINVAL", rc, err);
    WSAEventSelect(u, NULL, 0);

    /* UDP: FD_WRITE at once (it can send), FD_READ when a datagram arrives */
    WSAResetEvent(ev);
    wc_expect_int(c, WSAEventSelect(u, ev, FD_READ | FD_WRITE), 0);
    ne = network_events(c, u, ev, "a bound UDP socket");
    wc_check(c, ne.lNetworkEvents == FD_WRITE, "a bound UDP socket, nothing received: events 0x%lx; expected FD_WRITE",
             (unsigned long)ne.lNetworkEvents);
    SOCKET from = socket(AF_INET, SOCK_DGRAM, 0);
    rc = sendto(from, "dgram", 5, 0, (struct sockaddr *)&ua, sizeof ua);
    wc_check(c, rc == 5, "sendto the bound UDP socket: %d (%d)", rc, rc < 0 ? WSAGetLastError() : 0);
    ne = network_events(c, u, ev, "a datagram arrived");
    wc_check(c, ne.lNetworkEvents == FD_READ, "a datagram waits: events 0x%lx; expected FD_READ",
             (unsigned long)ne.lNetworkEvents);
    WSAEventSelect(u, NULL, 0);
    closesocket(from);
    WSACloseEvent(ev);
    closesocket(u);
    closesocket(l);
}

static const wc_case cases[] = {
    WC_CASE("S3.address-to-string", "S3", "#remarks", WC_MUST,
            "WSAAddressToStringA/W: the IPv4/IPv6 text with port and scope; one character short is WSAEFAULT with "
            "the length needed; exact size fits, also before a guard page; unknown family WSAEINVAL",
            address_to_string),
    WC_CASE("S3.string-to-address-v6", "S3", "#remarks", WC_MUST,
            "WSAStringToAddressA/W read back every text WSAAddressToString writes; a short lpAddressLength is "
            "WSAEFAULT with the size needed; malformed IPv6 texts are WSAEINVAL; AF_UNSPEC translates nothing",
            string_to_address),
    WC_CASE("S3.getnameinfo", "S3", "#remarks", WC_MUST,
            "getnameinfo NI_NUMERICHOST|NI_NUMERICSERV: the numeric host and port; exact buffers fit, one byte "
            "less fails; salen one short fails; an unknown family is EAI_FAMILY",
            name_info),
    WC_CASE("S3.getnameinfo-bad-sa", "S3", "#return-value", WC_MUST,
            "getnameinfo with sa NULL, or salen one short of a sockaddr_in or sockaddr_in6: WSAEFAULT",
            name_info_bad_sa),
    WC_CASE("S3.gethostbyaddr", "S3", "#remarks", WC_MUST,
            "gethostbyaddr(127.0.0.1) and of the host's own address give a named AF_INET hostent with the address "
            "first; len 2 is WSAEFAULT, an unknown type WSAEAFNOSUPPORT",
            host_by_addr),
    WC_CASE("S3.gethostbyname", "S3", "#remarks", WC_MUST,
            "gethostbyname(\"localhost\") gives AF_INET, 4-byte 127.0.0.1; an IPv6 text is NULL; NULL and \"\" give "
            "the host's own entry",
            host_by_name),
    WC_CASE("S3.wsa-events", "S3", "#remarks", WC_MUST,
            "WSASetEvent/WSAResetEvent and WSAWaitForMultipleEvents (any: smallest index, all: every one); 0 or 65 "
            "events WSA_INVALID_PARAMETER; a closed event WSA_INVALID_HANDLE",
            wsa_events),
    WC_CASE("S3.iocp-post", "S3", "#remarks", WC_MUST,
            "PostQueuedCompletionStatus packets come back whole and in order; a closed port is ERROR_INVALID_HANDLE; "
            "INVALID_HANDLE_VALUE with an existing port ERROR_INVALID_PARAMETER",
            iocp_post),
    WC_CASE("S3.iocp-ex", "S3", "#remarks", WC_MUST,
            "GetQueuedCompletionStatusEx removes at most ulCount packets, in order, with key, OVERLAPPED and bytes; "
            "empty: WAIT_TIMEOUT; alertable with an APC queued: the APC runs, WAIT_IO_COMPLETION; closed port: "
            "ERROR_INVALID_HANDLE",
            iocp_ex),
    WC_CASE("S3.cancel-io", "S3", "#remarks", WC_MUST,
            "CancelIoEx of the pending receive's OVERLAPPED or of all, and CancelIo, end it with 995; another "
            "OVERLAPPED: ERROR_NOT_FOUND and it stays pending; a cancelled receive's completion routine runs once "
            "with 995, 0 bytes, flags 0",
            cancel_io),
    WC_CASE("S3.cancel-io-none", "S3", "#remarks", WC_MUST,
            "CancelIoEx(s, NULL) with nothing pending: ERROR_NOT_FOUND; CancelIoEx and CancelIo on an event handle: "
            "ERROR_INVALID_HANDLE",
            cancel_io_none),
    WC_CASE("S3.ov-event", "S3", "#remarks", WC_MUST,
            "an overlapped receive resets hEvent when it pends and signals it when it completes, also on a socket "
            "joined to a completion port (which gets its packet, unless hEvent's low-order bit is set)",
            ov_event),
    WC_CASE("S3.recv-order", "S3", "#remarks", WC_MUST,
            "two overlapped receives pending on a UDP socket complete in the order they were posted", recv_order),
    WC_CASE("S3.skip-on-success", "S3", "#remarks", WC_MUST,
            "FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: no packet for an immediate success, a packet for a pended "
            "receive; an event handle: ERROR_INVALID_HANDLE",
            skip_on_success),
    WC_CASE("S3.select-sets", "S3", "#remarks", WC_MUST,
            "select: a connected TCP and a UDP socket are writable, an unconnected TCP one is not; FD_ISSET agrees; "
            "a non-socket in a set is WSAENOTSOCK",
            select_sets),
    WC_CASE("S3.wsapoll-write", "S3", "#remarks", WC_MUST,
            "WSAPoll: POLLWRNORM for a connected socket, nothing for an idle one (count 1); POLLNVAL for a non-socket",
            wsapoll_write),
    WC_CASE("S3.wsapoll-negative", "S3", "#remarks", WC_MUST,
            "WSAPoll ignores an entry whose fd is negative: revents 0, not counted", wsapoll_negative),
    WC_CASE("S3.event-select-connect", "S3", "#remarks", WC_MUST,
            "FD_CONNECT with error 0 for an accepted connect and WSAECONNREFUSED for a refused one; WSAEventSelect "
            "and WSAEnumNetworkEvents on a non-socket: WSAENOTSOCK",
            event_select_connect),
    WC_CASE("S3.wsaconnect", "S3", "#remarks", WC_MUST,
            "WSAConnect without connect data connects; lpCalleeData->len becomes 0; the listener's peer is the socket",
            wsaconnect),
    WC_CASE("S3.socket-errors", "S3", "#remarks", WC_MUST,
            "WSASocketW: a protocol of another type WSAEPROTONOSUPPORT, an unknown type WSAESOCKTNOSUPPORT, an "
            "unknown family WSAEAFNOSUPPORT; SetLastError reaches GetLastError and WSAGetLastError",
            socket_errors),
    WC_CASE(
        "S3.event-select-states", "S3", "#remarks", WC_MUST,
        "WSAEventSelect: FD_ACCEPT on a listener, not for a connection arriving before the next accept, again after "
        "an accept while another connection waits, FD_READ, "
        "FD_CLOSE 0 on a graceful close, FD_WRITE and FD_READ "
        "on UDP, an unknown event bit accepted or WSAEINVAL; WSAEnumNetworkEvents clears and resets only a named "
        "event",
        event_select_states),
    WC_CASE("S3.fionbio-event-select", "S3", "#remarks", WC_MUST,
            "FIONBIO 0 while WSAEventSelect is active: WSAEINVAL; FIONBIO 1 allowed; blocking again once the selection "
            "is cancelled",
            fionbio_event_select),
    WC_CASE("S3.enum-network-events=unmapped.null-result", "S3", "#return-value", WC_MUST,
            "WSAEnumNetworkEvents with lpNetworkEvents NULL: WSAEFAULT", enum_events_null),
    WC_CASE("S3.select-args", "S3", "#return-value", WC_MUST,
            "select: all three sets NULL is WSAEINVAL; nothing ready within a zero or 1 ms timeout is 0 with every set "
            "emptied",
            select_args),
    WC_CASE("S3.wsapoll-args", "S3", "#return-value", WC_MUST,
            "WSAPoll: fds 0 WSAEINVAL, fdArray NULL WSAEFAULT; nothing ready within 0 or 1 ms is 0 with revents "
            "cleared; a socket whose peer closed reports POLLHUP",
            wsapoll_args),
    WC_CASE("S3.wsapoll-unknown-events", "S3", "#remarks", WC_MUST,
            "WSAPoll refuses an events bit no flag names with WSAEINVAL", wsapoll_unknown_events),
    WC_CASE("S3.wsaaccept-verdicts", "S3", "#return-value", WC_MUST,
            "WSAAccept: non-blocking with nothing waiting WSAEWOULDBLOCK (no call); CF_DEFER WSATRY_AGAIN and the "
            "client stays; a verdict that is no CF_ value WSAEINVAL; the condition sees the client's and the "
            "listener's addresses; no condition function accepts",
            wsaaccept_verdicts),
    WC_CASE("S3.name-errors", "S3", "#return-value", WC_MUST,
            "getsockname unbound WSAEINVAL, getpeername unconnected WSAENOTCONN; a namelen one short or a NULL name "
            "WSAEFAULT; a larger buffer gets the name's length and keeps its other bytes; accept's addrlen short "
            "WSAEFAULT",
            name_errors),
    WC_CASE("S3.atmark", "S3", "#remarks", WC_MUST,
            "ioctlsocket SIOCATMARK is TRUE with no urgent data; FIONREAD counts the bytes waiting", atmark),
};
WC_TABLE(wc_winsock_calls, cases);
