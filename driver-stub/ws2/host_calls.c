/*
 * host_calls.c: the local host's name, and the UTF-16 twins of the address calls: gethostname
 * and GetHostNameW (and kernel32's GetComputerNameA/W), GetAddrInfoW/FreeAddrInfoW,
 * GetNameInfoW, InetPtonW/InetNtopW, gai_strerrorA/W, WSAConnectByNameW; and
 * WSASendDisconnect/WSARecvDisconnect.
 *
 * Why: a client or service built with UNICODE reaches GetAddrInfoW through getaddrinfo's
 * unsuffixed name, and many log their host with gethostname; without these names such a
 * program does not even build against <wfpcert/winsock.h>.  Each W call converts its text and
 * runs the narrow call, so both answer alike and the model keeps one resolver.
 *
 * Behaviour, from learn.microsoft.com ("gethostname function", "GetHostNameW function",
 * "GetAddrInfoW function", "GetNameInfoW function", "InetPtonW function", "InetNtopW
 * function", "gai_strerrorA function", "WSASendDisconnect function", "WSARecvDisconnect
 * function"):
 *   gethostname, GetHostNameW  the host's name, MS_HOST_NAME (the model's choice of name);
 *       namelen is the buffer's size in characters; a NULL or unwritable buffer, or one too
 *       small for the name and its NUL, is WSAEFAULT and the buffer is left alone; before
 *       WSAStartup WSANOTINITIALISED.
 *   GetAddrInfoW, FreeAddrInfoW, GetNameInfoW  getaddrinfo, freeaddrinfo and getnameinfo with
 *       WCHAR text (sizes of GetNameInfoW's buffers in characters).
 *   InetPtonW, InetNtopW  inet_pton and inet_ntop with WCHAR text (StringBufSize in
 *       characters).
 *   gai_strerrorA, gai_strerrorW  what ws2tcpip.h's inline functions give: the system's text
 *       of the code (FormatMessage, FROM_SYSTEM | IGNORE_INSERTS | MAX_WIDTH_MASK) in a buffer
 *       of the calling thread; an unknown code gives an empty text.
 *   WSASendDisconnect  shutdown(SD_SEND).  The native TCP/IP provider has no disconnect data:
 *       lpOutboundDisconnectData not NULL is WSAENOPROTOOPT (WSAEFAULT when it cannot be read).
 *   WSARecvDisconnect  shutdown(SD_RECEIVE).  Inbound disconnect data is never received: the
 *       buffer is left alone (the page lets a TCP/IP provider skip WSAENOPROTOOPT); one that
 *       cannot be read is WSAEFAULT.
 * A WCHAR above 0x7F is no part of any name or address the model resolves: it is converted to
 * a character no name has, so the call fails as for an unknown name.
 */
#include "../kernel/heap.h"
#include "../net/net.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 1025 /* NI_MAXHOST: the longest text these calls pass through */

static int fail(int e) {
    ms_set_last_error((DWORD)e);
    return SOCKET_ERROR;
}

/* WCHAR text to char in out[cap]; false when it cannot be read or does not fit (its end is
 * probed one code unit at a time, as the caller's text may end at unmapped memory). */
static bool narrow(const WCHAR *in, char *out, size_t cap) {
    for (size_t i = 0; i < cap; i++) {
        if (!ms_probe_read(in + i, sizeof *in)) return false;
        WCHAR c = in[i];
        out[i] = c < 0x80 ? (char)c : '\x7f';
        if (!c) return true;
    }
    return false;
}

/* char text, NUL included, to WCHAR at out[cap]: WSAEFAULT when it does not fit or cannot be
 * written. */
static int widen(const char *in, WCHAR *out, size_t cap) {
    size_t n = strlen(in) + 1;
    if (n > cap || !ms_probe_write(out, n * sizeof *out)) return WSAEFAULT;
    for (size_t i = 0; i < n; i++) out[i] = (WCHAR)(unsigned char)in[i];
    return 0;
}

/* ---------------------------------------------------------------- gethostname */
static int host_name(void *name, int namelen, bool wide) {
    if (!ms_world_winsock()) return fail(WSANOTINITIALISED);
    size_t n = sizeof MS_HOST_NAME, unit = wide ? sizeof(WCHAR) : 1;
    if (!name || namelen < 0 || (size_t)namelen < n || !ms_probe_write(name, n * unit)) return fail(WSAEFAULT);
    if (wide) return widen(MS_HOST_NAME, name, n);
    memcpy(name, MS_HOST_NAME, n);
    return 0;
}

int gethostname(char *name, int namelen) { return host_name(name, namelen, false); }

int GetHostNameW(WCHAR *name, int namelen) { return host_name(name, namelen, true); }

/* ------------------------------------------------------------ GetComputerName */
/* kernel32's NetBIOS name of the host: the host's name in upper case ("GetComputerNameA": nSize
 * in characters; on success the characters copied without the terminator; a buffer too small
 * fails with ERROR_BUFFER_OVERFLOW and *nSize the size needed, terminator included).  No
 * WSAStartup: it is not Winsock. */
static BOOL computer_name(void *buf, LPDWORD size, bool wide) {
    size_t n = sizeof MS_HOST_NAME, unit = wide ? sizeof(WCHAR) : 1;
    if (!size || !ms_probe_write(size, sizeof *size)) {
        ms_set_last_error(ERROR_NOACCESS); /* an access violation on Windows */
        return FALSE;
    }
    if (*size < n) {
        *size = (DWORD)n;
        ms_set_last_error(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    if (!buf || !ms_probe_write(buf, n * unit)) {
        ms_set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    for (size_t i = 0; i < n; i++) {
        char c = MS_HOST_NAME[i];
        c = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        if (wide)
            ((WCHAR *)buf)[i] = (WCHAR)c;
        else
            ((char *)buf)[i] = c;
    }
    *size = (DWORD)(n - 1);
    return TRUE;
}

BOOL GetComputerNameA(LPSTR buf, LPDWORD size) { return computer_name(buf, size, false); }
BOOL GetComputerNameW(LPWSTR buf, LPDWORD size) { return computer_name(buf, size, true); }

/* ------------------------------------------------------------------ GetAddrInfoW */
void FreeAddrInfoW(PADDRINFOW ai) {
    while (ai) {
        PADDRINFOW next = ai->ai_next;
        ms_free(ai);
        ai = next;
    }
}

/* One ADDRINFOW with its address (and canonical name) in the same block, like getaddrinfo's. */
static PADDRINFOW wide_entry(const ADDRINFOA *a) {
    size_t canon = a->ai_canonname ? strlen(a->ai_canonname) + 1 : 0;
    PADDRINFOW w =
        ms_calloc(1, sizeof *w + a->ai_addrlen + canon * sizeof(WCHAR) + sizeof(WCHAR)); /* as getaddrinfo's */
    if (!w) return NULL;
    w->ai_flags = a->ai_flags;
    w->ai_family = a->ai_family;
    w->ai_socktype = a->ai_socktype;
    w->ai_protocol = a->ai_protocol;
    w->ai_addrlen = a->ai_addrlen;
    w->ai_addr = (struct sockaddr *)(w + 1);
    memcpy(w->ai_addr, a->ai_addr, a->ai_addrlen);
    if (canon) {
        w->ai_canonname = (WCHAR *)((char *)(w + 1) + a->ai_addrlen);
        widen(a->ai_canonname, w->ai_canonname, canon);
    }
    return w;
}

INT GetAddrInfoW(const WCHAR *node, const WCHAR *service, const ADDRINFOW *hints, PADDRINFOW *res) {
    char n[TEXT_MAX], s[TEXT_MAX];
    if (res && ms_probe_write(res, sizeof *res)) *res = NULL; /* as getaddrinfo does first */
    if ((node && !narrow(node, n, sizeof n)) || (service && !narrow(service, s, sizeof s))) {
        ms_set_last_error(EAI_NONAME); /* no name or service is that long */
        return EAI_NONAME;
    }
    ADDRINFOA h, *hp = NULL;
    if (hints) {
        if (!ms_probe_read(hints, sizeof *hints)) {
            ms_set_last_error(WSAEFAULT);
            return WSAEFAULT;
        }
        h = (ADDRINFOA){hints->ai_flags, hints->ai_family, hints->ai_socktype, hints->ai_protocol, 0, NULL, NULL, NULL};
        hp = &h;
    }
    PADDRINFOA narrow_res = NULL;
    int rc = getaddrinfo(node ? n : NULL, service ? s : NULL, hp, res ? &narrow_res : NULL);
    if (rc || !res) return rc;
    PADDRINFOW first = NULL, *tail = &first;
    for (PADDRINFOA a = narrow_res; a; a = a->ai_next) {
        if (!(*tail = wide_entry(a))) {
            freeaddrinfo(narrow_res);
            FreeAddrInfoW(first);
            *res = NULL;
            ms_set_last_error(EAI_MEMORY);
            return EAI_MEMORY;
        }
        tail = &(*tail)->ai_next;
    }
    freeaddrinfo(narrow_res);
    *res = first;
    return 0;
}

/* ------------------------------------------------------------------ GetNameInfoW */
INT GetNameInfoW(const SOCKADDR *sa, socklen_t salen, WCHAR *host, DWORD hostlen, WCHAR *serv, DWORD servlen,
                 INT flags) {
    char h[TEXT_MAX], s[TEXT_MAX];
    DWORD hcap = hostlen < sizeof h ? hostlen : (DWORD)sizeof h, scap = servlen < sizeof s ? servlen : (DWORD)sizeof s;
    int rc = getnameinfo(sa, salen, host ? h : NULL, hcap, serv ? s : NULL, scap, flags);
    if (!rc && host) rc = widen(h, host, hostlen);
    if (!rc && serv) rc = widen(s, serv, servlen);
    if (rc) ms_set_last_error((DWORD)rc);
    return rc;
}

/* ------------------------------------------------------------ InetPtonW, InetNtopW */
INT InetPtonW(INT family, const WCHAR *text, PVOID buf) {
    char t[64];
    if (!text) return inet_pton(family, NULL, buf);
    if (!narrow(text, t, sizeof t)) {
        if (!ms_probe_read(text, sizeof *text)) return fail(WSAEFAULT);
        /* longer than any address text: not one, for a family inet_pton knows */
        return family == AF_INET || family == AF_INET6 ? 0 : fail(WSAEAFNOSUPPORT);
    }
    return inet_pton(family, t, buf);
}

const WCHAR *InetNtopW(INT family, const void *addr, WCHAR *buf, size_t size) {
    char t[64];
    if (!inet_ntop(family, addr, buf ? t : NULL, size < sizeof t ? size : sizeof t)) return NULL;
    int e = widen(t, buf, size);
    if (e) {
        ms_set_last_error(ERROR_INVALID_PARAMETER); /* as inet_ntop answers a buffer it cannot fill */
        return NULL;
    }
    return buf;
}

/* ------------------------------------------------------------------ gai_strerror */
static _Thread_local struct {
    char a[1024];
    WCHAR w[1024];
} message;

char *gai_strerrorA(int ecode) {
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                             NULL, (DWORD)ecode, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), message.a,
                             (DWORD)sizeof message.a, NULL);
    message.a[n] = 0; /* 0 characters when the code has no text */
    return message.a;
}

WCHAR *gai_strerrorW(int ecode) {
    widen(gai_strerrorA(ecode), message.w, sizeof message.w / sizeof *message.w);
    return message.w;
}

/* ----------------------------------------------------- WSASendDisconnect, WSARecvDisconnect */
/* SOCKET_ERROR with the error set when s is no socket (or Winsock is not started). */
static int is_socket(SOCKET s) {
    int type = 0, len = sizeof type;
    return getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&type, &len);
}

int WSASendDisconnect(SOCKET s, LPWSABUF data) {
    if (data) {
        if (is_socket(s)) return SOCKET_ERROR;
        return fail(ms_probe_read(data, sizeof *data) ? WSAENOPROTOOPT : WSAEFAULT);
    }
    return shutdown(s, SD_SEND);
}

int WSARecvDisconnect(SOCKET s, LPWSABUF data) {
    if (data) {
        if (is_socket(s)) return SOCKET_ERROR;
        if (!ms_probe_read(data, sizeof *data)) return fail(WSAEFAULT);
    }
    return shutdown(s, SD_RECEIVE);
}

BOOL WSAConnectByNameW(SOCKET s, LPWSTR nodename, LPWSTR servicename, LPDWORD LocalAddressLength,
                       LPSOCKADDR LocalAddress, LPDWORD RemoteAddressLength, LPSOCKADDR RemoteAddress,
                       const struct timeval *timeout, LPWSAOVERLAPPED Reserved) {
    char n[TEXT_MAX], v[TEXT_MAX];
    if ((nodename && !narrow(nodename, n, sizeof n)) || (servicename && !narrow(servicename, v, sizeof v))) {
        WSASetLastError(WSAHOST_NOT_FOUND); /* no name or service is that long */
        return FALSE;
    }
    return WSAConnectByNameA(s, nodename ? n : NULL, servicename ? v : NULL, LocalAddressLength, LocalAddress,
                             RemoteAddressLength, RemoteAddress, timeout, Reserved);
}
