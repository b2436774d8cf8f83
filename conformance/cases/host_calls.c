/*
 * host_calls.c: the host's own name and the UTF-16 address calls a Unicode client reaches
 * through getaddrinfo's unsuffixed names (gethostname, GetHostNameW, GetAddrInfoW,
 * GetNameInfoW, InetPtonW, InetNtopW, gai_strerror), and WSASendDisconnect/WSARecvDisconnect.
 *
 * Why: a service logs its host and resolves endpoints with these before it ever calls the
 * redirect IOCTLs; a stack where the W call and its narrow twin disagree, or where a failed
 * call writes into the caller's buffer, breaks it.  What the pages leave to the stack (the
 * host's name and addresses, a message's exact text) is compared between the two forms of the
 * call rather than with a literal, so the cases hold on any Windows host.  Pages on
 * learn.microsoft.com: "gethostname function", "GetHostNameW function", "GetAddrInfoW
 * function", "GetNameInfoW function", "InetPtonW function", "InetNtopW function",
 * "gai_strerrorA function", "WSASendDisconnect function", "WSARecvDisconnect function".
 */
#include "cases.h"

#include <ctype.h>
#include <string.h>

static void widen(const char *s, WCHAR *w) {
    while ((*w++ = (WCHAR)(unsigned char)*s++) != 0) {
    }
}

/* Does WCHAR text w hold exactly the ASCII text s? */
static int same(const WCHAR *w, const char *s) {
    size_t i = 0;
    for (; s[i]; i++)
        if (w[i] != (WCHAR)(unsigned char)s[i]) return 0;
    return w[i] == 0;
}

/* "gethostname": the host's name, NUL-terminated; a buffer too small for it is WSAEFAULT.
 * "GetHostNameW": the same name in UTF-16, namelen in characters.  A failed call leaves the
 * buffer as it was (safety). */
static void host_name(wc_ctx *c) {
    char name[256];
    memset(name, 0x5A, sizeof name);
    int rc = gethostname(name, (int)sizeof name);
    if (!wc_check(c, rc == 0, "gethostname into 256 bytes: %d, error %d", rc, rc ? WSAGetLastError() : 0)) return;
    const char *end = memchr(name, 0, sizeof name);
    size_t n = end ? (size_t)(end - name) : sizeof name;
    if (!wc_check(c, n > 0 && n < sizeof name, "gethostname's name is %s", n ? "not terminated" : "empty")) return;
    wc_check(c, n + 1 >= sizeof name || name[n + 1] == 0x5A, "gethostname wrote past the name's NUL");
    char small[256];
    memset(small, 0x5A, sizeof small);
    rc = gethostname(small, (int)n); /* no room for the NUL */
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT,
             "gethostname with namelen %u for a %u-character name: %d, error %d; expected WSAEFAULT", (unsigned)n,
             (unsigned)n, rc, WSAGetLastError());
    int untouched = 1;
    for (size_t i = 0; i < sizeof small; i++) untouched &= small[i] == 0x5A;
    wc_check(c, untouched, "a failed gethostname wrote into the buffer");
    rc = gethostname(small, (int)n + 1); /* room for the name and its NUL, exactly */
    wc_check(c, rc == 0 && memcmp(small, name, n + 1) == 0 && (n + 1 >= sizeof small || small[n + 1] == 0x5A),
             "gethostname with namelen %u, exactly the name and its NUL: %d, error %d; expected 0, the name, nothing "
             "past it",
             (unsigned)n + 1, rc, rc ? WSAGetLastError() : 0);
    /* the same exact fit where the byte after the NUL is a guard page: only the name is written */
    char *edge = wt_guarded_buffer(wc_target(c), n + 1);
    if (edge) {
        rc = gethostname(edge, (int)n + 1);
        wc_check(c, rc == 0 && memcmp(edge, name, n + 1) == 0,
                 "gethostname into %u bytes that end at a guard page: %d, error %d; expected 0 and the name",
                 (unsigned)n + 1, rc, rc ? WSAGetLastError() : 0);
    }
    rc = gethostname(NULL, 256);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "gethostname(NULL, 256): %d, error %d", rc,
             WSAGetLastError());

    WCHAR wname[256];
    for (size_t i = 0; i < 256; i++) wname[i] = 0x5A5A;
    rc = GetHostNameW(wname, 256);
    wc_check(c, rc == 0 && same(wname, name), "GetHostNameW: %d, error %d, and not the name gethostname gave (%s)", rc,
             rc ? WSAGetLastError() : 0, name);
    for (size_t i = 0; i < 256; i++) wname[i] = 0x5A5A;
    rc = GetHostNameW(wname, (int)n);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT && wname[0] == 0x5A5A,
             "GetHostNameW with namelen %u: %d, error %d, first character %#x; expected WSAEFAULT, nothing written",
             (unsigned)n, rc, WSAGetLastError(), (unsigned)wname[0]);
    for (size_t i = 0; i < 256; i++) wname[i] = 0x5A5A;
    rc = GetHostNameW(wname, (int)n + 1);
    wc_check(c, rc == 0 && same(wname, name) && (n + 1 >= 256 || wname[n + 1] == 0x5A5A),
             "GetHostNameW with namelen %u, exactly the name and its NUL: %d, error %d; expected 0, the name, nothing "
             "past it",
             (unsigned)n + 1, rc, rc ? WSAGetLastError() : 0);
}

/* The host's name into name[256] and its stream addresses (with `service`) into *a; 0 after a
 * failed check. */
static int resolve_own(wc_ctx *c, char *name, const char *service, int flags, PADDRINFOA *a) {
    *a = NULL;
    if (!wc_check(c, gethostname(name, 256) == 0, "gethostname: %d", WSAGetLastError())) return 0;
    ADDRINFOA hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = flags;
    int rc = getaddrinfo(name, service, &hints, a);
    return wc_check(c, rc == 0 && *a, "getaddrinfo of the host's own name %s: %d", name, rc);
}

/* Whether s begins with the n characters of p, letters of either case alike (host names). */
static int starts_nocase(const char *s, const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != tolower((unsigned char)p[i])) return 0;
    return 1;
}

/* The host's name resolves ("getaddrinfo": the local computer's name gives its addresses),
 * and GetAddrInfoW gives the same list as getaddrinfo, entry for entry; asked with
 * AI_CANONNAME, the first entry of each carries the canonical name ("getaddrinfo": "the
 * ai_canonname member of the first ADDRINFO structure ... points to a NULL-terminated string
 * that contains the canonical name"), the same text in both. */
static void host_resolves(wc_ctx *c) {
    char name[256];
    PADDRINFOA a;
    if (!resolve_own(c, name, "443", AI_CANONNAME, &a)) return;
    ADDRINFOW wh;
    memset(&wh, 0, sizeof wh);
    wh.ai_family = AF_UNSPEC;
    wh.ai_socktype = SOCK_STREAM;
    wh.ai_flags = AI_CANONNAME;
    WCHAR wn[256], ws[8];
    widen(name, wn);
    widen("443", ws);
    PADDRINFOW w = NULL;
    int rc = GetAddrInfoW(wn, ws, &wh, &w);
    if (wc_check(c, rc == 0 && w, "GetAddrInfoW of the host's own name: %d", rc)) {
        wc_check(c, a->ai_canonname && *a->ai_canonname && w->ai_canonname && same(w->ai_canonname, a->ai_canonname),
                 "with AI_CANONNAME, getaddrinfo's first entry names %s and GetAddrInfoW's %s",
                 a->ai_canonname ? a->ai_canonname : "nothing", w->ai_canonname ? "another text or none" : "nothing");
        /* the canonical name of the host's own name is that name, or that name and its domain */
        size_t nl = strlen(name);
        const char *cn = a->ai_canonname;
        wc_check(c, cn && strlen(cn) >= nl && starts_nocase(cn, name, nl) && (cn[nl] == 0 || cn[nl] == '.'),
                 "getaddrinfo's canonical name for the host's name \"%s\" is \"%s\"", name, cn ? cn : "(none)");
        int i = 0;
        const ADDRINFOA *x = a;
        const ADDRINFOW *y = w;
        for (; x && y; x = x->ai_next, y = y->ai_next, i++)
            if (!wc_check(c,
                          x->ai_family == y->ai_family && x->ai_addrlen == y->ai_addrlen &&
                              x->ai_socktype == y->ai_socktype && memcmp(x->ai_addr, y->ai_addr, x->ai_addrlen) == 0,
                          "entry %d of GetAddrInfoW differs from getaddrinfo's (family %d/%d, length %u/%u)", i,
                          x->ai_family, y->ai_family, (unsigned)x->ai_addrlen, (unsigned)y->ai_addrlen))
                break;
        wc_check(c, !x && !y, "getaddrinfo and GetAddrInfoW give lists of different lengths");
        FreeAddrInfoW(w);
    }
    /* the same name whose NUL is the last byte before a guard page: the stack reads the string to
     * its end and no further, canonical name included */
    size_t nlen = strlen(name) + 1;
    char *edge = wt_guarded_buffer(wc_target(c), nlen);
    if (edge) {
        memcpy(edge, name, nlen);
        ADDRINFOA eh;
        memset(&eh, 0, sizeof eh);
        eh.ai_family = AF_UNSPEC;
        eh.ai_socktype = SOCK_STREAM;
        eh.ai_flags = AI_CANONNAME;
        PADDRINFOA e = NULL;
        rc = getaddrinfo(edge, "443", &eh, &e);
        wc_check(c, rc == 0 && e && e->ai_canonname,
                 "getaddrinfo(AI_CANONNAME) of the host's name ending at a guard page: %d", rc);
        if (!rc && e) freeaddrinfo(e);
    }
    /* A name no host has: 2,000 characters, where a DNS name holds at most 255 octets (RFC 1035
     * 2.3.4) and NI_MAXHOST is 1,025; GetAddrInfoW fails for it. */
    static WCHAR long_name[2001];
    for (size_t i = 0; i < 2000; i++) long_name[i] = (WCHAR)'a';
    PADDRINFOW none = NULL;
    rc = GetAddrInfoW(long_name, NULL, NULL, &none);
    int le = WSAGetLastError(); /* gai_strerror page: WSAGetLastError gives getaddrinfo's error */
    wc_check(c, rc != 0 && le == rc,
             "GetAddrInfoW of a 2,000-character name: %d, last error %d; expected an error, the same", rc, le);
    if (!rc && none) FreeAddrInfoW(none);
    /* and a service of 2,000 digits is no port (ports end at 65535) */
    for (size_t i = 0; i < 2000; i++) long_name[i] = (WCHAR)'1';
    WCHAR loop4[16];
    widen("127.0.0.1", loop4);
    none = NULL;
    rc = GetAddrInfoW(loop4, long_name, NULL, &none);
    le = WSAGetLastError();
    wc_check(c, rc != 0 && le == rc,
             "GetAddrInfoW of 127.0.0.1 with a 2,000-digit service: %d, last error %d; expected an error, the same", rc,
             le);
    if (!rc && none) FreeAddrInfoW(none);
    /* "getaddrinfo", pServiceName: "a service name or port number"; 65536, one past the last port, is
     * neither (a port is 16 bits), so the call fails (the code is not pinned: EAI_SERVICE or
     * EAI_NONAME), and a name gives its port from the services file (the page's own example:
     * "http" is 80; Windows ships the file with it). */
    ADDRINFOA sh;
    memset(&sh, 0, sizeof sh);
    sh.ai_family = AF_INET;
    sh.ai_socktype = SOCK_STREAM;
    PADDRINFOA sa = NULL;
    rc = getaddrinfo("127.0.0.1", "65536", &sh, &sa);
    wc_check(c, rc != 0, "getaddrinfo of 127.0.0.1 with service \"65536\": %d, port %u; expected a failure", rc,
             !rc && sa ? ntohs(((const struct sockaddr_in *)sa->ai_addr)->sin_port) : 0u);
    if (!rc && sa) freeaddrinfo(sa);
    /* while 65535, the last port, is one */
    sa = NULL;
    rc = getaddrinfo("127.0.0.1", "65535", &sh, &sa);
    unsigned last = !rc && sa ? ntohs(((const struct sockaddr_in *)sa->ai_addr)->sin_port) : 0u;
    wc_check(c, rc == 0 && last == 65535,
             "getaddrinfo of 127.0.0.1 with service \"65535\": %d, port %u; expected 0 and port 65535", rc, last);
    if (!rc && sa) freeaddrinfo(sa);
    sa = NULL;
    rc = getaddrinfo("127.0.0.1", "http", &sh, &sa);
    unsigned named = !rc && sa ? ntohs(((const struct sockaddr_in *)sa->ai_addr)->sin_port) : 0;
    wc_check(c, rc == 0 && named == 80, "getaddrinfo of 127.0.0.1 with service \"http\": %d, port %u; expected port 80",
             rc, named);
    if (!rc && sa) freeaddrinfo(sa);
    /* a datagram socket's name from the file's udp lines (ntp: 123), and a name it lacks fails */
    sh.ai_socktype = SOCK_DGRAM;
    sa = NULL;
    rc = getaddrinfo("127.0.0.1", "ntp", &sh, &sa);
    named = !rc && sa ? ntohs(((const struct sockaddr_in *)sa->ai_addr)->sin_port) : 0;
    wc_check(c, rc == 0 && named == 123,
             "getaddrinfo of 127.0.0.1 with service \"ntp\" for a datagram socket: %d, port %u; expected port 123", rc,
             named);
    if (!rc && sa) freeaddrinfo(sa);
    sa = NULL;
    rc = getaddrinfo("127.0.0.1", "no-such-service-here", &sh, &sa);
    wc_check(c, rc != 0, "getaddrinfo with the service \"no-such-service-here\": %d; expected a failure", rc);
    if (!rc && sa) freeaddrinfo(sa);
    /* "getaddrinfo", Return value: EAI_FAMILY, "The ai_family member of the pHints parameter is
     * not supported" (AF_APPLETALK: no provider of the TCP/IP stack has it) */
    ADDRINFOA odd;
    memset(&odd, 0, sizeof odd);
    odd.ai_family = 16; /* AF_APPLETALK */
    PADDRINFOA none_a = NULL;
    rc = getaddrinfo("127.0.0.1", "80", &odd, &none_a);
    wc_check(c, rc == EAI_FAMILY, "getaddrinfo with ai_family AF_APPLETALK: %d; expected EAI_FAMILY (%d)", rc,
             EAI_FAMILY);
    if (!rc && none_a) freeaddrinfo(none_a);
    /* What the entries hold where the page leaves it open (NULL hints "as if" zeroed, the
     * socket type and protocol then; ai_canonname without AI_CANONNAME): the model's own answer */
    PADDRINFOA plain = NULL;
    rc = getaddrinfo("127.0.0.1", "80", NULL, &plain);
    if (wc_check(c, rc == 0 && plain, "getaddrinfo(\"127.0.0.1\", \"80\") with NULL hints: %d", rc)) {
        int entries = 0;
        for (const ADDRINFOA *x = plain; x; x = x->ai_next) entries++;
        wc_model_answer(c, "getaddrinfo.null-hints", "%d entries, socktype %d, protocol %d, canonname %s", entries,
                        plain->ai_socktype, plain->ai_protocol, plain->ai_canonname ? "set" : "NULL");
    }
    if (!rc && plain) freeaddrinfo(plain);
    int has4 = 0;
    for (const ADDRINFOA *x = a; x; x = x->ai_next) {
        has4 |= x->ai_family == AF_INET;
        wc_check(c, ntohs(((const struct sockaddr_in *)x->ai_addr)->sin_port) == 443, "an address without port 443");
    }
    freeaddrinfo(a);
    struct hostent *h = gethostbyname(name);
    wc_check(c, !has4 || (h && h->h_addrtype == AF_INET && h->h_length == 4 && h->h_addr_list[0]),
             "gethostbyname of the host's own name (which getaddrinfo resolves to IPv4): %s",
             h ? "an entry without an IPv4 address" : "NULL");
}

/* GetAddrInfoW and GetNameInfoW with numeric text; a failed call writes no result ("If the
 * function fails, ppResult is NULL" for getaddrinfo) and leaves the text buffers alone. */
static void wide_numeric(wc_ctx *c) {
    WCHAR node[64], serv[16];
    widen("198.51.100.7", node);
    widen("8080", serv);
    ADDRINFOW hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_NUMERICHOST;
    PADDRINFOW w = NULL;
    int rc = GetAddrInfoW(node, serv, &hints, &w);
    if (wc_check(c, rc == 0 && w, "GetAddrInfoW(\"198.51.100.7\", \"8080\", AI_NUMERICHOST): %d", rc)) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)w->ai_addr;
        wc_check(c,
                 w->ai_family == AF_INET && w->ai_addrlen == sizeof *a && a->sin_family == AF_INET &&
                     ntohs(a->sin_port) == 8080 && ntohl(a->sin_addr.s_addr) == 0xC6336407u,
                 "GetAddrInfoW's address is not 198.51.100.7:8080 (family %d, port %u, address %#x)", w->ai_family,
                 (unsigned)ntohs(a->sin_port), (unsigned)ntohl(a->sin_addr.s_addr));
        FreeAddrInfoW(w);
    }
    widen("198.51.100.7", node);
    node[0] = 0x0131; /* U+0131, whose low byte is '1': no digit, so no numeric address */
    w = (PADDRINFOW)&hints;
    rc = GetAddrInfoW(node, NULL, &hints, &w);
    wc_check(c, rc == WSAHOST_NOT_FOUND && w == NULL,
             "GetAddrInfoW(\"\\u0131"
             "98.51.100.7\", AI_NUMERICHOST): %d (expected EAI_NONAME, %d): a code unit read "
             "as its low byte",
             rc, WSAHOST_NOT_FOUND);
    widen("example.invalid", node);
    w = (PADDRINFOW)&hints; /* not NULL: the call must clear it */
    rc = GetAddrInfoW(node, NULL, &hints, &w);
    wc_check(c, rc == WSAHOST_NOT_FOUND && w == NULL,
             "GetAddrInfoW of a name with AI_NUMERICHOST: %d (expected EAI_NONAME, %d), result %s", rc,
             WSAHOST_NOT_FOUND, w ? "not NULL" : "NULL");

    struct sockaddr_in6 a6;
    memset(&a6, 0, sizeof a6);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons(53);
    a6.sin6_addr.s6_addr[0] = 0x20, a6.sin6_addr.s6_addr[1] = 0x01, a6.sin6_addr.s6_addr[2] = 0x0d;
    a6.sin6_addr.s6_addr[3] = 0xb8, a6.sin6_addr.s6_addr[15] = 0x0a;
    WCHAR host[NI_MAXHOST], port[NI_MAXSERV];
    char nh_probe[NI_MAXHOST];
    rc = GetNameInfoW((const SOCKADDR *)&a6, sizeof a6, host, NI_MAXHOST, port, NI_MAXSERV,
                      NI_NUMERICHOST | NI_NUMERICSERV);
    wc_check(c, rc == 0 && same(host, "2001:db8::a") && same(port, "53"),
             "GetNameInfoW of [2001:db8::a]:53, numeric: %d, or not the texts \"2001:db8::a\" and \"53\"", rc);
    /* a W call whose narrow one fails writes nothing and fails alike: salen one short, and an unknown
     * family (mutation testing, seed 181: the failure was lost when the host buffer was filled anyway) */
    for (size_t i = 0; i < 16; i++) host[i] = 0x5A5A;
    rc = GetNameInfoW((const SOCKADDR *)&a6, sizeof a6 - 1, host, NI_MAXHOST, NULL, 0, NI_NUMERICHOST);
    int nrc = getnameinfo((const SOCKADDR *)&a6, sizeof a6 - 1, nh_probe, sizeof nh_probe, NULL, 0, NI_NUMERICHOST);
    wc_check(c, rc != 0 && rc == nrc && host[0] == 0x5A5A,
             "GetNameInfoW with salen one short: %d (getnameinfo %d), host %s; expected the same failure, nothing "
             "written",
             rc, nrc, host[0] == 0x5A5A ? "untouched" : "written");
    struct sockaddr_in6 odd = a6;
    odd.sin6_family = 12345;
    rc = GetNameInfoW((const SOCKADDR *)&odd, sizeof odd, host, NI_MAXHOST, NULL, 0, NI_NUMERICHOST);
    wc_check(c, rc != 0 && host[0] == 0x5A5A,
             "GetNameInfoW of an unknown family: %d, host %s; expected a failure, "
             "nothing written",
             rc, host[0] == 0x5A5A ? "untouched" : "written");
    /* the narrow call and the W call refuse the same too-small buffer alike */
    char nh[16];
    memset(nh, 0x5A, sizeof nh);
    int narrow_rc = getnameinfo((const SOCKADDR *)&a6, sizeof a6, nh, 11, NULL, 0, NI_NUMERICHOST);
    for (size_t i = 0; i < 16; i++) host[i] = 0x5A5A;
    rc = GetNameInfoW((const SOCKADDR *)&a6, sizeof a6, host, 11, NULL, 0, NI_NUMERICHOST);
    wc_check(
        c, rc != 0 && rc == narrow_rc,
        "11 characters for \"2001:db8::a\" and its NUL: GetNameInfoW %d, getnameinfo %d; expected the same failure", rc,
        narrow_rc);
    wc_check(c, host[0] == 0x5A5A && nh[0] == 0x5A, "a failed GetNameInfoW or getnameinfo wrote into the host buffer");
    /* which code: the getnameinfo page lists none for a host buffer that is too small */
    wc_model_answer(c, "getnameinfo.host-too-small", "%d", narrow_rc);
    rc = GetNameInfoW((const SOCKADDR *)&a6, sizeof a6, host, 12, NULL, 0, NI_NUMERICHOST);
    wc_check(c, rc == 0 && same(host, "2001:db8::a"), "GetNameInfoW with 12 characters, exactly enough: %d", rc);
    if (wc_on_model(c)) { /* no page names the code for a host buffer it cannot write; Windows faults */
        rc = GetNameInfoW((const SOCKADDR *)&a6, sizeof a6, wt_readonly_page(wc_target(c)), NI_MAXHOST, NULL, 0,
                          NI_NUMERICHOST);
        wc_model_answer(c, "GetNameInfoW.read-only-host", "%d", rc);
        /* nor for hints it cannot read; the gai_strerror page: the last error is the result */
        PADDRINFOW none = (PADDRINFOW)&none;
        WSASetLastError(0);
        rc = GetAddrInfoW(node, serv, (const ADDRINFOW *)wt_unmapped_address(wc_target(c)), &none);
        wc_model_answer(c, "GetAddrInfoW.unmapped-hints", "%d %d %s", rc, WSAGetLastError(),
                        none ? "a result" : "NULL");
    }
    /* A node name of NI_MAXHOST characters (DNS names have at most 255) names no host: the call
     * fails and ppResult stays NULL. */
    static WCHAR longname[NI_MAXHOST + 1];
    for (size_t i = 0; i < NI_MAXHOST; i++) longname[i] = L'a';
    PADDRINFOW r = (PADDRINFOW)&r;
    rc = GetAddrInfoW(longname, NULL, NULL, &r);
    wc_check(c, rc != 0 && r == NULL, "GetAddrInfoW of a %d-character name: %d, result %p", NI_MAXHOST, rc, (void *)r);
}

/* "InetPtonW": 1 for an address of the family, 0 for text that is none, -1 with
 * WSAEAFNOSUPPORT for another family.  "InetNtopW": the text, or NULL with
 * ERROR_INVALID_PARAMETER when StringBufSize (characters) is too small, writing nothing. */
static void wide_inet(wc_ctx *c) {
    WCHAR text[64];
    BYTE b[16];
    memset(b, 0x5A, sizeof b);
    widen("10.1.2.3", text);
    int rc = InetPtonW(AF_INET, text, b);
    wc_check(c, rc == 1 && b[0] == 10 && b[1] == 1 && b[2] == 2 && b[3] == 3 && b[4] == 0x5A,
             "InetPtonW(AF_INET, \"10.1.2.3\"): %d, bytes %u.%u.%u.%u, byte after %#x", rc, b[0], b[1], b[2], b[3],
             b[4]);
    widen("10.1.2", text);
    rc = InetPtonW(AF_INET, text, b);
    wc_check(c, rc == 0, "InetPtonW(AF_INET, \"10.1.2\"): %d, expected 0", rc);
    widen("2001:DB8::A", text);
    rc = InetPtonW(AF_INET6, text, b);
    wc_check(c, rc == 1 && b[0] == 0x20 && b[3] == 0xb8 && b[14] == 0 && b[15] == 0x0a,
             "InetPtonW(AF_INET6, \"2001:DB8::A\"): %d", rc);
    widen("10.1.2.3", text);
    rc = InetPtonW(AF_UNSPEC, text, b);
    wc_check(c, rc == -1 && WSAGetLastError() == WSAEAFNOSUPPORT, "InetPtonW(AF_UNSPEC): %d, error %d", rc,
             WSAGetLastError());
    /* "InetPtonW", Return value: WSAEFAULT when pszAddrString is NULL; text that is no address of
     * the family (a digit outside ASCII, or text longer than any address) is 0, the buffer
     * unwritten; for a family that is neither, WSAEAFNOSUPPORT. */
    memset(b, 0x5A, sizeof b);
    rc = InetPtonW(AF_INET, NULL, b);
    wc_check(c, rc == -1 && WSAGetLastError() == WSAEFAULT, "InetPtonW(AF_INET, NULL): %d, error %d; expected -1, %d",
             rc, WSAGetLastError(), WSAEFAULT);
    /* an address no text is at: Windows reads through it (an access violation), so asked of the
     * model only */
    if (wc_on_model(c)) {
        rc = InetPtonW(AF_INET, (const WCHAR *)wt_unmapped_address(wc_target(c)), b);
        wc_model_answer(c, "InetPtonW.unmapped-text", "%d %d", rc, rc == -1 ? WSAGetLastError() : 0);
        /* text with no terminator, running into unmapped memory: read up to its end and no further
         * (InetPtonW: not an address; GetAddrInfoW: no such name), not a fault in the model */
        WCHAR *edge = wt_guarded_buffer(wc_target(c), 8 * sizeof(WCHAR));
        if (edge) {
            for (int i = 0; i < 8; i++) edge[i] = (WCHAR)'1';
            int p = InetPtonW(AF_INET, edge, b);
            PADDRINFOW r = NULL;
            int g = GetAddrInfoW(edge, NULL, NULL, &r);
            wc_check(c, p == 0 && g != 0 && !r,
                     "InetPtonW and GetAddrInfoW of 8 characters with no terminator before unmapped memory: %d, %d; "
                     "expected 0 and a failure",
                     p, g);
        }
    }
    widen("10.1.2.3", text);
    text[7] = 0x0663; /* ARABIC-INDIC DIGIT THREE */
    rc = InetPtonW(AF_INET, text, b);
    wc_check(c, rc == 0 && b[0] == 0x5A, "InetPtonW(AF_INET, \"10.1.2.\\u0663\"): %d, first byte %#x; expected 0, %#x",
             rc, b[0], 0x5A);
    for (size_t i = 0; i < 63; i++) text[i] = i < 8 ? (WCHAR) "10.1.2.3"[i] : (WCHAR)'0';
    text[63] = 0;
    rc = InetPtonW(AF_INET, text, b);
    wc_check(c, rc == 0 && b[0] == 0x5A, "InetPtonW(AF_INET) of 63 characters: %d, first byte %#x; expected 0", rc,
             b[0]);
    rc = InetPtonW(AF_INET6, text, b);
    wc_check(c, rc == 0, "InetPtonW(AF_INET6) of 63 characters: %d; expected 0", rc);
    WCHAR big[80];
    for (size_t i = 0; i < 80; i++) big[i] = (WCHAR)'1';
    big[79] = 0;
    rc = InetPtonW(AF_INET, big, b);
    wc_check(c, rc == 0, "InetPtonW(AF_INET) of 79 digits: %d; expected 0", rc);
    rc = InetPtonW(AF_INET6, big, b);
    wc_check(c, rc == 0, "InetPtonW(AF_INET6) of 79 digits: %d; expected 0", rc);
    rc = InetPtonW(AF_UNSPEC, big, b);
    wc_check(c, rc == -1 && WSAGetLastError() == WSAEAFNOSUPPORT,
             "InetPtonW(AF_UNSPEC) of 79 digits: %d, error %d; expected -1, WSAEAFNOSUPPORT", rc, WSAGetLastError());
    widen("2001:DB8::A", text);
    rc = InetPtonW(AF_INET6, text, b);
    for (size_t i = 0; i < 64; i++) text[i] = 0x5A5A;
    const WCHAR *r = InetNtopW(AF_INET6, b, text, 64);
    wc_check(c, r == text && same(text, "2001:db8::a"), "InetNtopW of 2001:db8::a: %s", r ? "another text" : "NULL");
    for (size_t i = 0; i < 64; i++) text[i] = 0x5A5A;
    r = InetNtopW(AF_INET6, b, text, 11);
    wc_check(c, !r && GetLastError() == ERROR_INVALID_PARAMETER && text[0] == 0x5A5A,
             "InetNtopW into 11 characters for 12: %s, error %lu, first character %#x", r ? "not NULL" : "NULL",
             (unsigned long)GetLastError(), (unsigned)text[0]);
    r = InetNtopW(AF_INET, b, text, 16);
    wc_check(c, r == text && same(text, "32.1.13.184"), "InetNtopW(AF_INET) of 32.1.13.184: %s",
             r ? "another text" : "NULL");
}

/* gai_strerror (ws2tcpip.h): the system's text of the code, as FormatMessage gives it with
 * FORMAT_MESSAGE_FROM_SYSTEM | IGNORE_INSERTS | MAX_WIDTH_MASK; the W form the same text. */
static void gai_text(wc_ctx *c) {
    static const int codes[] = {WSAHOST_NOT_FOUND, WSATYPE_NOT_FOUND, WSAEAFNOSUPPORT};
    int texts = 0;
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++) {
        char want[512] = "";
        DWORD n = FormatMessageA(
            FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL,
            (DWORD)codes[k], MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), want, (DWORD)sizeof want, NULL);
        if (!n) { /* a system without that message: gai_strerror has nothing to match */
            wc_log(c, "FormatMessageA has no text for %d", codes[k]);
            continue;
        }
        texts++;
        /* dwLanguageId 0 ("FormatMessage": the search order neutral, thread, user, system, US
         * English) finds the same system text as the user's default language */
        char any[512] = "";
        DWORD m =
            FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                           NULL, (DWORD)codes[k], 0, any, (DWORD)sizeof any, NULL);
        wc_check(c, m == n && strcmp(any, want) == 0, "FormatMessageA of %d with dwLanguageId 0: %lu \"%s\", error %lu",
                 codes[k], (unsigned long)m, any, (unsigned long)(m ? 0 : GetLastError()));
        const char *a = gai_strerrorA(codes[k]);
        const WCHAR *w = gai_strerrorW(codes[k]);
        wc_check(c, a && strcmp(a, want) == 0, "gai_strerrorA(%d) is \"%s\", FormatMessageA gives \"%s\"", codes[k],
                 a ? a : "(null)", want);
        wc_check(c, w && same(w, want), "gai_strerrorW(%d) is not the text FormatMessageA gives", codes[k]);
    }
    wc_check(c, texts > 0, "FormatMessageA gave no text for WSAHOST_NOT_FOUND, WSATYPE_NOT_FOUND or WSAEAFNOSUPPORT");
}

/* "WSASendDisconnect": shutdown(SD_SEND), and WSAENOPROTOOPT when lpOutboundDisconnectData is
 * not NULL and the provider has no disconnect data, which Windows' TCP/IP has not (Remarks).
 * "WSARecvDisconnect": shutdown(SD_RECEIVE); a TCP/IP provider need not refuse a buffer for
 * inbound data, and there is none to write.  WSAENOTSOCK for what is no socket. */
static void disconnect(wc_ctx *c) {
    wc_scene sc;
    if (!wc_scene_make(c, WC_PLAIN, 0, &sc)) return;
    SOCKET s = sc.tcp.client, peer = sc.tcp.accepted;
    WSABUF data = {4, (char *)"bye!"};
    int rc = WSASendDisconnect(s, &data);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAENOPROTOOPT,
             "WSASendDisconnect with disconnect data on TCP: %d, error %d; expected WSAENOPROTOOPT", rc,
             WSAGetLastError());
    rc = send(s, "a", 1, 0);
    wc_check(c, rc == 1, "send after the refused WSASendDisconnect: %d, error %d", rc, WSAGetLastError());
    rc = WSASendDisconnect(s, NULL);
    wc_check(c, rc == 0, "WSASendDisconnect(NULL): %d, error %d", rc, WSAGetLastError());
    rc = send(s, "b", 1, 0);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAESHUTDOWN, "send after WSASendDisconnect: %d, error %d",
             rc, WSAGetLastError());
    char buf[4] = {0};
    rc = recv(peer, buf, sizeof buf, 0);
    wc_check(c, rc == 1 && buf[0] == 'a', "the peer's first recv: %d, expected the one byte sent before", rc);
    rc = recv(peer, buf, sizeof buf, 0);
    wc_check(c, rc == 0, "the peer's recv after WSASendDisconnect: %d, error %d; expected 0 (the end)", rc,
             WSAGetLastError());
    char keep[8] = "keep";
    WSABUF in = {sizeof keep, keep};
    rc = WSARecvDisconnect(peer, &in);
    wc_check(c, (rc == 0 || WSAGetLastError() == WSAENOPROTOOPT) && strcmp(keep, "keep") == 0,
             "WSARecvDisconnect with a buffer: %d, error %d, buffer %s", rc, rc ? WSAGetLastError() : 0,
             strcmp(keep, "keep") ? "written" : "untouched");
    rc = WSARecvDisconnect(peer, NULL);
    wc_check(c, rc == 0, "WSARecvDisconnect(NULL): %d, error %d", rc, WSAGetLastError());
    /* "WSASendDisconnect", WSAEFAULT: "The lpOutboundDisconnectData parameter is not totally
     * contained in a valid part of the user address space" (here: the first byte of a guard page) */
    LPWSABUF unmapped = (LPWSABUF)((char *)wt_guarded_buffer(wc_target(c), 16) + 16);
    rc = WSASendDisconnect(peer, unmapped);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "WSASendDisconnect with lpOutboundDisconnectData on a guard page: %d, error %d; expected WSAEFAULT", rc,
             err);
    SOCKET bad = wt_not_a_socket(wc_target(c));
    rc = WSASendDisconnect(bad, NULL);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "WSASendDisconnect on no socket: %d, error %d",
             rc, WSAGetLastError());
    rc = WSARecvDisconnect(bad, &in);
    wc_check(c, rc == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "WSARecvDisconnect on no socket: %d, error %d",
             rc, WSAGetLastError());
}

/* The host's own addresses ("getaddrinfo": the local computer's name gives its addresses) are
 * this host's: a listener on the wildcard address of the family accepts a connection made to
 * each, and both ends name that address as theirs (the source address a host picks for a
 * destination that is one of its own addresses is that address, RFC 6724 rule 1: prefer the
 * same address).  Addresses of 127.0.0.0/8 other than 127.0.0.1 are skipped: a stack may
 * answer them from 127.0.0.1. */
static int same_ip(const struct sockaddr *x, const struct sockaddr *y) {
    if (x->sa_family != y->sa_family) return 0;
    if (x->sa_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)x)->sin6_addr, &((const struct sockaddr_in6 *)y)->sin6_addr, 16) ==
               0;
    return ((const struct sockaddr_in *)x)->sin_addr.s_addr == ((const struct sockaddr_in *)y)->sin_addr.s_addr;
}

static void own_address(wc_ctx *c, const ADDRINFOA *x) {
    char text[64] = "?";
    DWORD tl = sizeof text;
    WSAAddressToStringA(x->ai_addr, (DWORD)x->ai_addrlen, NULL, text, &tl);
    SOCKADDR_STORAGE any, at;
    memset(&any, 0, sizeof any);
    any.ss_family = (ADDRESS_FAMILY)x->ai_family;
    SOCKET l = socket(x->ai_family, SOCK_STREAM, IPPROTO_TCP);
    int len = (int)sizeof at;
    if (!wc_check(c,
                  l != INVALID_SOCKET && bind(l, (struct sockaddr *)&any, (int)x->ai_addrlen) == 0 &&
                      listen(l, 2) == 0 && getsockname(l, (struct sockaddr *)&at, &len) == 0,
                  "set-up: a wildcard listener of family %d: %d", x->ai_family, WSAGetLastError())) {
        if (l != INVALID_SOCKET) closesocket(l);
        return;
    }
    USHORT port = ((struct sockaddr_in *)&at)->sin_port; /* the same place in both families */
    memcpy(&at, x->ai_addr, x->ai_addrlen);
    ((struct sockaddr_in *)&at)->sin_port = port;
    SOCKET cl = socket(x->ai_family, SOCK_STREAM, IPPROTO_TCP);
    int rc = connect(cl, (struct sockaddr *)&at, (int)x->ai_addrlen);
    SOCKET sv = rc == 0 ? accept(l, NULL, NULL) : INVALID_SOCKET;
    if (wc_check(c, rc == 0 && sv != INVALID_SOCKET, "a connection to the host's own address %s: %d, error %d", text,
                 rc, WSAGetLastError())) {
        SOCKADDR_STORAGE n;
        static const char *const what[3] = {"the client's local", "the accepted socket's local",
                                            "the accepted socket's peer"};
        for (int k = 0; k < 3; k++) {
            len = (int)sizeof n;
            rc = k == 0   ? getsockname(cl, (struct sockaddr *)&n, &len)
                 : k == 1 ? getsockname(sv, (struct sockaddr *)&n, &len)
                          : getpeername(sv, (struct sockaddr *)&n, &len);
            char got[64] = "?";
            DWORD gl = sizeof got;
            if (rc == 0) WSAAddressToStringA((struct sockaddr *)&n, (DWORD)len, NULL, got, &gl);
            wc_check(c, rc == 0 && same_ip((struct sockaddr *)&n, x->ai_addr),
                     "connected to the host's own address %s: %s address is %s", text, what[k], got);
        }
    }
    if (sv != INVALID_SOCKET) closesocket(sv);
    closesocket(cl);
    closesocket(l);
}

static void own_addresses(wc_ctx *c) {
    char name[256];
    PADDRINFOA a;
    if (!resolve_own(c, name, NULL, 0, &a)) return;
    int tried = 0;
    for (const ADDRINFOA *x = a; x; x = x->ai_next) {
        const UCHAR *v4 = (const UCHAR *)&((const struct sockaddr_in *)x->ai_addr)->sin_addr;
        if (x->ai_family == AF_INET && v4[0] == 127 && !(v4[1] == 0 && v4[2] == 0 && v4[3] == 1)) continue;
        if (x->ai_family != AF_INET && x->ai_family != AF_INET6) continue;
        own_address(c, x);
        tried++;
    }
    freeaddrinfo(a);
    wc_check(c, tried > 0, "the host's name %s gave no address to try", name);
}
static const wc_case cases[] = {
    WC_CASE("S3.host.name", "S3", "#remarks", WC_MUST,
            "gethostname and GetHostNameW give one NUL-terminated name; a buffer one short is WSAEFAULT, untouched",
            host_name),
    WC_CASE("S3.host.resolves", "S3", "#remarks", WC_MUST,
            "the host's name resolves; GetAddrInfoW gives getaddrinfo's list entry for entry; gethostbyname too",
            host_resolves),
    WC_CASE("S3.host.own-addresses", "S3", "#remarks", WC_MUST,
            "each address the host's name resolves to is the host's: a connection made to it is accepted and both "
            "ends name it",
            own_addresses),
    WC_CASE("S3.host.wide-numeric", "S3", "#remarks", WC_MUST,
            "GetAddrInfoW and GetNameInfoW with numeric text; a failure clears the result and writes no text",
            wide_numeric),
    WC_CASE("S3.host.wide-inet", "S3", "#remarks", WC_MUST,
            "InetPtonW 1 / 0 / -1 WSAEAFNOSUPPORT; InetNtopW the text, or NULL and ERROR_INVALID_PARAMETER, unwritten",
            wide_inet),
    WC_CASE("S3.host.gai-strerror", "S3", "#remarks", WC_MUST,
            "gai_strerrorA and W give FormatMessage's one-line system text of the code", gai_text),
    WC_CASE("S3.host.disconnect", "S3", "#remarks", WC_MUST,
            "WSASendDisconnect: WSAENOPROTOOPT with data, else shutdown(SD_SEND); WSARecvDisconnect shuts receive",
            disconnect),
};

WC_TABLE(wc_host_calls, cases);
