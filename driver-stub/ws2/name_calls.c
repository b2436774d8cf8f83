/*
 * name_calls.c: the address-text calls a redirect service uses to log and parse endpoints:
 * WSAAddressToStringA/W, WSAStringToAddressA/W, getnameinfo and gethostbyname (issue 13
 * section 3).
 *
 * Why a file of its own: they turn socket addresses into text and back without touching the
 * model's sockets, and a model world has no DNS, so each states what it resolves: numeric
 * addresses, and "localhost" / the loopback address as the one name.
 *
 * Behaviour, from learn.microsoft.com ("WSAAddressToStringA", "WSAStringToAddressA",
 * "getnameinfo function", "gethostbyname function"):
 *   WSAAddressToString  IPv4 "a.b.c.d", with ":port" when the port is not 0; IPv6 the RFC 5952
 *       text, "%scope" when the scope id is not 0, and "[...]:port" when the port is not 0.
 *       *lpdwAddressStringLength is the buffer's size in characters on input and the string's
 *       length with its NUL on output; a buffer too small is WSAEFAULT with the size needed
 *       written there.  An address length too small for its family is WSAEFAULT, another
 *       family WSAEINVAL.
 *   WSAStringToAddress  the same forms back (a missing port is 0); *lpAddressLength too small
 *       is WSAEFAULT with the size needed written; text that is not an address of the family
 *       is WSAEINVAL.  IPv4 is the dotted quad only (the model's choice: the shorter forms
 *       "1.2.3" are refused).  Both calls, A and W, are SOCKET_ERROR with WSANOTINITIALISED before
 *       WSAStartup, as their pages' error tables say.
 *   getnameinfo  0 or an EAI_ code (the WSA one, as on Windows).  Host: with NI_NUMERICHOST the
 *       numeric text; otherwise "localhost" for the loopback address and, having no DNS, the
 *       numeric text for any other (EAI_NONAME with NI_NAMEREQD).  Service: always the port in
 *       decimal (no services file).  A host or service asked for with a size of 0 is
 *       EAI_BADFLAGS (WSAEINVAL, as the page says); a result that does not fit is WSAEFAULT
 *       (the model's choice); a NULL or short address WSAEFAULT; another family EAI_FAMILY.
 *   gethostbyname  a dotted IPv4 address or "localhost" (127.0.0.1), in a per-thread hostent
 *       as Windows allocates it; NULL or "" the host's own name, as the page says; any other
 *       name, an IPv6 text included (the page: gethostbyname fails for one), is NULL with
 *       WSAHOST_NOT_FOUND.
 */
#include "../net/net.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fail(int e) {
    ms_set_last_error((DWORD)e);
    return SOCKET_ERROR;
}

/* The text of a sockaddr (SOCKET_ERROR with the error set on a bad address); n is its length. */
static int address_text(const struct sockaddr *sa, DWORD salen, char *out, size_t cap) {
    if (!sa || !ms_probe_read(sa, sizeof(ADDRESS_FAMILY))) return fail(WSAEFAULT);
    char ip[64];
    if (sa->sa_family == AF_INET) {
        if (salen < sizeof(struct sockaddr_in) || !ms_probe_read(sa, sizeof(struct sockaddr_in)))
            return fail(WSAEFAULT);
        const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
        if (a->sin_port)
            snprintf(out, cap, "%s:%u", ip, (unsigned)ntohs(a->sin_port));
        else
            snprintf(out, cap, "%s", ip);
        return 0;
    }
    if (sa->sa_family == AF_INET6) {
        if (salen < sizeof(struct sockaddr_in6) || !ms_probe_read(sa, sizeof(struct sockaddr_in6)))
            return fail(WSAEFAULT);
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
        char scoped[80];
        if (a->sin6_scope_id)
            snprintf(scoped, sizeof scoped, "%s%%%lu", ip, (unsigned long)a->sin6_scope_id);
        else
            snprintf(scoped, sizeof scoped, "%s", ip);
        if (a->sin6_port)
            snprintf(out, cap, "[%s]:%u", scoped, (unsigned)ntohs(a->sin6_port));
        else
            snprintf(out, cap, "%s", scoped);
        return 0;
    }
    return fail(WSAEINVAL);
}

static int to_string(const struct sockaddr *sa, DWORD salen, void *out, LPDWORD outlen, bool wide) {
    if (!ms_winsock_started()) return SOCKET_ERROR; /* each page's WSANOTINITIALISED */
    char text[128];
    if (address_text(sa, salen, text, sizeof text)) return SOCKET_ERROR;
    if (!outlen || !ms_probe_write(outlen, sizeof *outlen)) return fail(WSAEFAULT);
    DWORD need = (DWORD)strlen(text) + 1;
    size_t unit = wide ? sizeof(WCHAR) : 1;
    if (!out || *outlen < need || !ms_probe_write(out, (size_t)need * unit)) {
        *outlen = need;
        return fail(WSAEFAULT);
    }
    for (DWORD i = 0; i < need; i++) {
        if (wide)
            ((WCHAR *)out)[i] = (WCHAR)(unsigned char)text[i];
        else
            ((char *)out)[i] = text[i];
    }
    *outlen = need;
    return 0;
}

INT WSAAddressToStringA(LPSOCKADDR lpsaAddress, DWORD dwAddressLength, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                        LPSTR lpszAddressString, LPDWORD lpdwAddressStringLength) {
    (void)lpProtocolInfo;
    return to_string(lpsaAddress, dwAddressLength, lpszAddressString, lpdwAddressStringLength, false);
}

INT WSAAddressToStringW(LPSOCKADDR lpsaAddress, DWORD dwAddressLength, LPWSAPROTOCOL_INFOW lpProtocolInfo,
                        LPWSTR lpszAddressString, LPDWORD lpdwAddressStringLength) {
    (void)lpProtocolInfo;
    return to_string(lpsaAddress, dwAddressLength, lpszAddressString, lpdwAddressStringLength, true);
}

/* "65535" at most, all digits; -1 otherwise. */
static long port_of(const char *p) {
    if (!*p || strlen(p) > 5) return -1;
    long v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    return v <= 65535 ? v : -1;
}

/* Parses text into a, which has room for the family's sockaddr; false when it is not one. */
static bool parse(const char *text, int family, SOCKADDR_STORAGE *a) {
    char buf[128];
    if (strlen(text) >= sizeof buf) return false;
    strcpy(buf, text);
    memset(a, 0, sizeof *a);
    long port = 0;
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)a;
        char *colon = strchr(buf, ':');
        if (colon) {
            *colon = 0;
            if ((port = port_of(colon + 1)) < 0) return false;
        }
        if (inet_pton(AF_INET, buf, &in->sin_addr) != 1) return false;
        in->sin_family = AF_INET;
        in->sin_port = htons((u_short)port);
        return true;
    }
    if (family != AF_INET6) return false;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)a;
    char *addr = buf;
    if (buf[0] == '[') {
        char *close = strchr(buf, ']');
        if (!close) return false;
        *close = 0;
        addr = buf + 1;
        if (close[1] == ':') {
            if ((port = port_of(close + 2)) < 0) return false;
        } else if (close[1]) {
            return false;
        }
    }
    char *pct = strchr(addr, '%');
    unsigned long scope = 0;
    if (pct) {
        *pct = 0;
        long s = port_of(pct + 1); /* a small decimal interface index */
        if (s < 0) return false;
        scope = (unsigned long)s;
    }
    if (inet_pton(AF_INET6, addr, &in6->sin6_addr) != 1) return false;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((u_short)port);
    in6->sin6_scope_id = (ULONG)scope;
    return true;
}

static INT from_string(const char *text, INT family, LPSOCKADDR out, LPINT outlen) {
    if (!ms_winsock_started()) return SOCKET_ERROR;
    SOCKADDR_STORAGE a;
    if (!text || !outlen || !ms_probe_write(outlen, sizeof *outlen)) return fail(WSAEFAULT);
    if (!parse(text, family, &a)) return fail(WSAEINVAL);
    int need = family == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
    if (!out || *outlen < need || !ms_probe_write(out, (size_t)need)) {
        *outlen = need;
        return fail(WSAEFAULT);
    }
    memcpy(out, &a, (size_t)need);
    *outlen = need;
    return 0;
}

INT WSAStringToAddressA(LPSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                        LPSOCKADDR lpAddress, LPINT lpAddressLength) {
    (void)lpProtocolInfo;
    return from_string(AddressString, AddressFamily, lpAddress, lpAddressLength);
}

INT WSAStringToAddressW(LPWSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOW lpProtocolInfo,
                        LPSOCKADDR lpAddress, LPINT lpAddressLength) {
    (void)lpProtocolInfo;
    char narrow[128];
    if (!ms_winsock_started()) return SOCKET_ERROR;
    if (!AddressString) return fail(WSAEFAULT);
    size_t i = 0;
    for (; i < sizeof narrow - 1 && AddressString[i]; i++) {
        if (AddressString[i] > 0x7F) return fail(WSAEINVAL); /* no address text has such a character */
        narrow[i] = (char)AddressString[i];
    }
    if (AddressString[i]) return fail(WSAEINVAL);
    narrow[i] = 0;
    return from_string(narrow, AddressFamily, lpAddress, lpAddressLength);
}

/* ----------------------------------------------------------------- getnameinfo */
static bool is_loopback(const struct sockaddr *sa) {
    if (sa->sa_family == AF_INET) return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    static const UCHAR one[16] = {[15] = 1};
    return memcmp(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr, one, 16) == 0;
}

static int put(const char *text, PCHAR buf, DWORD cap) {
    size_t n = strlen(text) + 1;
    if (n > cap || !ms_probe_write(buf, n)) return WSAEFAULT;
    memcpy(buf, text, n);
    return 0;
}

INT getnameinfo(const SOCKADDR *sa, socklen_t salen, PCHAR host, DWORD hostlen, PCHAR serv, DWORD servlen, INT flags) {
    int e = 0;
    if (!sa || !ms_probe_read(sa, sizeof(ADDRESS_FAMILY)))
        e = WSAEFAULT;
    else if (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)
        e = EAI_FAMILY;
    else if (salen < (sa->sa_family == AF_INET ? (int)sizeof(struct sockaddr_in) : (int)sizeof(struct sockaddr_in6)) ||
             !ms_probe_read(sa, (size_t)salen))
        e = WSAEFAULT;
    else if ((host && !hostlen) || (serv && !servlen))
        e = EAI_BADFLAGS;
    if (!e && host) {
        const void *ip = sa->sa_family == AF_INET ? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
                                                  : (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
        char text[64];
        inet_ntop(sa->sa_family, ip, text, sizeof text);
        if (!(flags & NI_NUMERICHOST) && is_loopback(sa))
            e = put("localhost", host, hostlen);
        else if (!(flags & NI_NUMERICHOST) && (flags & NI_NAMEREQD))
            e = EAI_NONAME; /* no DNS: no name for it */
        else
            e = put(text, host, hostlen);
    }
    if (!e && serv) {
        char text[8];
        snprintf(text, sizeof text, "%u", (unsigned)ntohs(((const struct sockaddr_in *)sa)->sin_port));
        e = put(text, serv, servlen);
    }
    if (e) ms_set_last_error((DWORD)e);
    return e;
}

/* --------------------------------------------------------------- gethostbyname */
static _Thread_local struct {
    struct hostent h;
    char name[256];
    char *aliases[1];
    char *addrs[2];
    struct in_addr addr;
} per_thread;

/* The per-thread hostent (the pages: "The application must never attempt to modify this
 * structure or to free any of its components ... only one copy of this structure is allocated
 * per thread"). */
static struct hostent *one_host(const char *name, struct in_addr a) {
    /* name may be this very hostent's h_name (gethostbyname(h->h_name), a common idiom): the
     * copy may overlap, so memmove (strcpy there is undefined; ASan's strcpy-param-overlap). */
    memmove(per_thread.name, name, strlen(name) + 1);
    per_thread.addr = a;
    per_thread.aliases[0] = NULL;
    per_thread.addrs[0] = (char *)&per_thread.addr;
    per_thread.addrs[1] = NULL;
    per_thread.h = (struct hostent){per_thread.name, per_thread.aliases, AF_INET, 4, per_thread.addrs};
    return &per_thread.h;
}

/* "gethostbyaddr function": an IPv4 address in network order names the host the model knows it
 * by, as getnameinfo does: loopback "localhost", the host's own address its name; the model has
 * no DNS, so any other is WSAHOST_NOT_FOUND, as is every AF_INET6 address (the model keeps no
 * IPv6 names).  addr NULL or len too small is WSAEFAULT, another type WSAEAFNOSUPPORT. */
struct hostent *gethostbyaddr(const char *addr, int len, int type) {
    if (!ms_winsock_started()) return NULL;
    struct in_addr a;
    if (type != AF_INET) {
        ms_set_last_error(type == AF_INET6 ? WSAHOST_NOT_FOUND : WSAEAFNOSUPPORT);
        return NULL;
    }
    if (!addr || len < (int)sizeof a || !ms_probe_read(addr, sizeof a)) {
        ms_set_last_error(WSAEFAULT);
        return NULL;
    }
    memcpy(&a, addr, sizeof a);
    if ((ntohl(a.s_addr) >> 24) == 127) return one_host("localhost", a);
    if (ntohl(a.s_addr) == 0xC0000201u) return one_host(MS_HOST_NAME, a); /* gethostbyname's 192.0.2.1 */
    ms_set_last_error(WSAHOST_NOT_FOUND);
    return NULL;
}

struct hostent *gethostbyname(const char *name) {
    if (!ms_winsock_started()) return NULL;
    /* the page: "If the name parameter points to an empty string or name is NULL, the returned
     * string is the same as the string returned by a successful gethostname function call" */
    if (!name || !*name) name = MS_HOST_NAME;
    struct in_addr a;
    if (!strcmp(name, "localhost"))
        a.s_addr = htonl(INADDR_LOOPBACK);
    else if (!strcasecmp(name, MS_HOST_NAME))
        a.s_addr = htonl(0xC0000201u); /* 192.0.2.1 */
    else if (strlen(name) >= sizeof per_thread.name || inet_pton(AF_INET, name, &a) != 1) {
        ms_set_last_error(WSAHOST_NOT_FOUND);
        return NULL;
    }
    return one_host(name, a);
}
