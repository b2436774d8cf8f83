/*
 * connect_calls.c: WSAConnectByNameA (and, in host_calls.c, its UTF-16 twin): connect a
 * stream socket to a host and service given by name, as a modern client does in one call.
 *
 * Why: Microsoft's own client samples connect this way, so a client built from them does not
 * even build against <wfpcert/winsock.h> without it, and the redirect the suite certifies must
 * see such a connect like any other (it is a connect: the callout classifies it).
 *
 * Behaviour, from learn.microsoft.com ("WSAConnectByNameA function"): nodename and servicename
 * are required, Reserved must be NULL (else WSAEINVAL); the names are resolved for the
 * socket's family (getaddrinfo) and each address is tried in turn until one connects; timeout
 * NULL waits as long as it takes, otherwise a connect that has not finished in time is
 * WSAETIMEDOUT; once connected SO_UPDATE_CONNECT_CONTEXT is set, so that getsockname and
 * getpeername answer as on any connected socket; LocalAddressLength and RemoteAddressLength,
 * when given with their buffers, hold the buffers' sizes on input and the addresses' on output.
 * The model's choices where the page is silent: a host whose every address refused fails with
 * the last connect's error, and an address buffer too small with WSAEFAULT (both pinned,
 * M.WSAConnectByName.refused and .remote-too-small; wine 8.0 answers the same); a failed
 * resolution fails with getaddrinfo's error; a socket that is not a stream socket is WSAEINVAL.
 * A dual-stack socket ("To enable both IPv6 and IPv4 communications ... disable the IPV6_V6ONLY
 * socket option before calling WSAConnectByName", the same page) is offered the name's IPv4
 * addresses too, in the IPv4-mapped form it connects to them by, after its IPv6 ones.
 */
#include "../net/net.h"

#include <string.h>

static BOOL fail(int e) {
    WSASetLastError(e);
    return FALSE;
}

/* The family and type of s, whether it is non-blocking and dual-stack; WSAENOTSOCK when it is no
 * socket. */
static int socket_kind(SOCKET s, int *af, int *type, bool *nonblocking, bool *dual) {
    ms_world *w = ms_world_winsock();
    if (!w) return WSANOTINITIALISED;
    ms_lock(w);
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (sk) *af = sk->af, *type = sk->type, *nonblocking = sk->nonblocking, *dual = ms_socket_dual_stack(sk);
    ms_unlock(w);
    return sk ? 0 : WSAENOTSOCK;
}

/* One address tried: 0 when connected, else its error; *timeout_ms is what is left of the
 * caller's time (INFINITE: none given). */
static int try_connect(SOCKET s, const struct sockaddr *a, int alen, DWORD *timeout_ms) {
    if (*timeout_ms == INFINITE) return connect(s, a, alen) ? WSAGetLastError() : 0;
    u_long on = 1;
    if (ioctlsocket(s, FIONBIO, &on)) return WSAGetLastError();
    int e = connect(s, a, alen) ? WSAGetLastError() : 0;
    if (e == WSAEWOULDBLOCK) {
        fd_set wr, ex;
        FD_ZERO(&wr);
        FD_ZERO(&ex);
        FD_SET(s, &wr);
        FD_SET(s, &ex);
        struct timeval tv = {(long)(*timeout_ms / 1000), (long)(*timeout_ms % 1000) * 1000};
        ULONGLONG start = GetTickCount64();
        int n = select(0, NULL, &wr, &ex, &tv);
        ULONGLONG spent = GetTickCount64() - start;
        *timeout_ms = spent >= *timeout_ms ? 0 : *timeout_ms - (DWORD)spent;
        if (n == 0) {
            e = WSAETIMEDOUT;
        } else if (n < 0) {
            e = WSAGetLastError();
        } else {
            int err = 0, len = sizeof err;
            e = getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len) ? WSAGetLastError() : err;
        }
    }
    return e;
}

/* *len and addr given: the address fits (WSAEFAULT if not) and is stored with its length. */
static int give_address(const SOCKADDR_STORAGE *a, int alen, LPDWORD len, LPSOCKADDR addr) {
    if (!len || !addr) return 0;
    if (!ms_probe_write(len, sizeof *len)) return WSAEFAULT;
    if (*len < (DWORD)alen || !ms_probe_write(addr, (size_t)alen)) return WSAEFAULT;
    memcpy(addr, a, (size_t)alen);
    *len = (DWORD)alen;
    return 0;
}

BOOL WSAConnectByNameA(SOCKET s, LPCSTR nodename, LPCSTR servicename, LPDWORD LocalAddressLength,
                       LPSOCKADDR LocalAddress, LPDWORD RemoteAddressLength, LPSOCKADDR RemoteAddress,
                       const struct timeval *timeout, LPWSAOVERLAPPED Reserved) {
    if (!nodename || !servicename || Reserved) return fail(WSAEINVAL);
    int af = 0, type = 0;
    bool nonblocking = false, dual = false;
    int e = socket_kind(s, &af, &type, &nonblocking, &dual);
    if (e) return fail(e);
    if (type != SOCK_STREAM) return fail(WSAEINVAL);
    DWORD left = INFINITE;
    if (timeout) {
        if (!ms_probe_read(timeout, sizeof *timeout) || timeout->tv_sec < 0 || timeout->tv_usec < 0)
            return fail(WSAEINVAL);
        unsigned long long ms =
            (unsigned long long)timeout->tv_sec * 1000u + (unsigned long long)timeout->tv_usec / 1000u;
        left = ms >= INFINITE ? INFINITE - 1 : (DWORD)ms;
    }
    ADDRINFOA hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = dual ? AF_UNSPEC : af;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    int rc = getaddrinfo(nodename, servicename, &hints, &res);
    if (rc) return fail(rc);
    e = WSAEHOSTUNREACH; /* no address to try */
    for (int v4 = 0; v4 < 2 && e && e != WSAETIMEDOUT; v4++) /* a dual-stack socket's IPv4 ones last */
        for (PADDRINFOA a = res; a; a = a->ai_next) {
            if ((a->ai_family == AF_INET) != v4) continue;
            SOCKADDR_STORAGE to;
            memset(&to, 0, sizeof to);
            memcpy(&to, a->ai_addr, a->ai_addrlen < sizeof to ? a->ai_addrlen : sizeof to);
            if (v4 && af == AF_INET6) ms_addr_map(&to, &to);
            if ((e = try_connect(s, (struct sockaddr *)&to, ms_addr_len(&to), &left)) == 0 || e == WSAETIMEDOUT) break;
        }
    freeaddrinfo(res);
    if (timeout) {
        u_long mode = nonblocking; /* as the caller had it */
        ioctlsocket(s, FIONBIO, &mode);
    }
    if (e) return fail(e);
    setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
    SOCKADDR_STORAGE local, remote;
    int llen = sizeof local, rlen = sizeof remote;
    if (getsockname(s, (struct sockaddr *)&local, &llen) || getpeername(s, (struct sockaddr *)&remote, &rlen))
        return FALSE;
    if ((e = give_address(&local, llen, LocalAddressLength, LocalAddress)) ||
        (e = give_address(&remote, rlen, RemoteAddressLength, RemoteAddress)))
        return fail(e);
    return TRUE;
}
