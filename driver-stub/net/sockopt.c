/*
 * sockopt.c: the socket options the suite needs, chiefly IP_WFP_REDIRECT_RECORDS and
 * IP_WFP_REDIRECT_CONTEXT (and their IPV6_ twins), which a UDP proxy sets to a DWORD 1 to
 * receive the redirect control messages (W32-IPOPT as read in SEMANTICS C7; EBPF).
 */
#include "net.h"

#include <string.h>

/* SO_SNDBUF and SO_RCVBUF of a socket nobody set them on: the 64 KiB Windows reports. */
#define MS_DEFAULT_SOCKBUF 65536u

static int get_dword(const char *val, int len, DWORD *out) {
    if (!val || len < (int)sizeof(DWORD)) return WSAEFAULT;
    if (!ms_probe_read(val, sizeof(DWORD))) return WSAEFAULT;
    memcpy(out, val, sizeof *out);
    return 0;
}

int ms_socket_setopt_locked(ms_world *w, ms_socket *sk, int level, int name, const char *val, int len) {
    (void)w;
    DWORD v = 0;
    int e;
    if ((level == IPPROTO_IP && sk->af == AF_INET) || (level == IPPROTO_IPV6 && sk->af == AF_INET6) ||
        (level == IPPROTO_IP && sk->af == AF_INET6)) {
        if (name == IP_WFP_REDIRECT_RECORDS || name == IP_WFP_REDIRECT_CONTEXT) {
            if (sk->type != SOCK_DGRAM) return WSAENOPROTOOPT;
            if ((e = get_dword(val, len, &v))) return e;
            if (name == IP_WFP_REDIRECT_RECORDS)
                sk->opt_wfp_records = v != 0;
            else
                sk->opt_wfp_context = v != 0;
            return 0;
        }
        if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) return get_dword(val, len, &v);
        return WSAENOPROTOOPT;
    }
    if (level == SOL_SOCKET && (name == SO_REUSEADDR || name == SO_EXCLUSIVEADDRUSE)) {
        /* "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" (learn.microsoft.com): the two exclude
         * each other, setting one while the other is on is WSAEINVAL; SO_EXCLUSIVEADDRUSE is set
         * "before the socket is bound" (the SO_EXCLUSIVEADDRUSE page of the WSK reference), later
         * is WSAEINVAL (the model's choice).  No two sockets share a port on the model, so
         * exclusive use is what every bind gets; the options are kept for getsockopt. */
        if ((e = get_dword(val, len, &v))) return e;
        bool excl = name == SO_EXCLUSIVEADDRUSE;
        if (v && (excl ? sk->opt_reuseaddr : sk->opt_exclusive)) return WSAEINVAL;
        if (excl && sk->has_local) return WSAEINVAL;
        if (excl)
            sk->opt_exclusive = v != 0;
        else
            sk->opt_reuseaddr = v != 0;
        return 0;
    }
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_SNDBUF:
        case SO_RCVBUF: /* kept for getsockopt, which gives back what was set (Windows does) */
            if ((e = get_dword(val, len, &v))) return e;
            sk->opt_buf[name == SO_RCVBUF] = v;
            sk->opt_buf_set[name == SO_RCVBUF] = true;
            ms_os_set_buffer(sk, name == SO_RCVBUF, v); /* os transport: the real socket's too */
            return 0;
        case SO_KEEPALIVE:
        case SO_BROADCAST:
        case SO_LINGER:
            return get_dword(val, len, &v);
        default:
            return WSAENOPROTOOPT;
        }
    }
    if (level == IPPROTO_TCP && name == TCP_NODELAY && sk->type == SOCK_STREAM) return get_dword(val, len, &v);
    return WSAEINVAL;
}

int ms_socket_getopt_locked(ms_world *w, ms_socket *sk, int level, int name, char *val, int *len) {
    (void)w;
    if (!len || !ms_probe_write(len, sizeof *len)) return WSAEFAULT;
    if (*len < (int)sizeof(DWORD) || !val || !ms_probe_write(val, sizeof(DWORD))) return WSAEFAULT;
    DWORD v;
    if (level == SOL_SOCKET && name == SO_TYPE)
        v = (DWORD)sk->type;
    else if (level == SOL_SOCKET && name == SO_ERROR) {
        v = (DWORD)sk->connect_error;
        sk->connect_error = 0;
    } else if (level == SOL_SOCKET && name == SO_REUSEADDR)
        v = sk->opt_reuseaddr;
    else if (level == SOL_SOCKET && name == SO_EXCLUSIVEADDRUSE)
        v = sk->opt_exclusive;
    else if (level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF))
        v = sk->opt_buf_set[name == SO_RCVBUF] ? sk->opt_buf[name == SO_RCVBUF] : MS_DEFAULT_SOCKBUF;
    else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && name == IP_WFP_REDIRECT_RECORDS)
        v = sk->opt_wfp_records;
    else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && name == IP_WFP_REDIRECT_CONTEXT)
        v = sk->opt_wfp_context;
    else
        return WSAENOPROTOOPT;
    memcpy(val, &v, sizeof v);
    *len = sizeof v;
    return 0;
}
