/*
 * sockopt.c: the socket options the suite needs, chiefly IP_WFP_REDIRECT_RECORDS and
 * IP_WFP_REDIRECT_CONTEXT (and their IPV6_ twins), which a UDP proxy sets to a DWORD 1 to
 * receive the redirect control messages (W32-IPOPT as read in SEMANTICS C7; EBPF).
 */
#include "net.h"

#include <string.h>

static int get_dword(const char *val, int len, DWORD *out) {
    if (!val || len < (int)sizeof(DWORD)) return WSAEFAULT;
    if (!ms_probe_read(val, sizeof(DWORD))) return WSAEFAULT;
    memcpy(out, val, sizeof *out);
    return 0;
}

/* Options that hold one DWORD and read back what was set, with Windows' value before that.
 * Sources: "SOL_SOCKET socket options" (SO_RCVTIMEO, SO_SNDTIMEO: "The timeout, in
 * milliseconds, for blocking receive [send] calls.  The default for this option is zero, which
 * indicates that a receive operation will not time out"; SO_KEEPALIVE), "IPPROTO_TCP socket
 * options" (TCP_KEEPIDLE, TCP_KEEPINTVL in seconds, TCP_KEEPCNT), "IPPROTO_IP socket options"
 * (IP_TTL, IP_TOS), "IPPROTO_IPV6 socket options" (IPV6_UNICAST_HOPS), all on
 * learn.microsoft.com.  The defaults: a TTL and hop limit of 128 (DefaultTTL of the TCP/IP
 * registry settings), keepalive after 2 hours idle, probes 1 second apart, 10 of them (the
 * SIO_KEEPALIVE_VALS page: "the number of keep-alive probes ... is set to 10 and cannot be
 * changed" through that code).  SO_SNDTIMEO is kept only: the model never blocks a sender
 * (provider/wsp_io.c), so no send waits for it to run out. */
static const struct {
    int level, name;
    int af; /* 0: any family */
    bool stream; /* TCP sockets only: WSAENOPROTOOPT on the others */
    DWORD dflt;
} dword_opts[MS_OPT_DWORDS] = {
    {SOL_SOCKET, SO_RCVTIMEO, 0, false, 0},
    {SOL_SOCKET, SO_SNDTIMEO, 0, false, 0},
    {SOL_SOCKET, SO_KEEPALIVE, 0, false, 0},
    {IPPROTO_TCP, TCP_KEEPIDLE, 0, true, 7200},
    {IPPROTO_TCP, TCP_KEEPINTVL, 0, true, 1},
    {IPPROTO_TCP, TCP_KEEPCNT, 0, true, 10},
    {IPPROTO_IP, IP_TTL, AF_INET, false, 128},
    {IPPROTO_IP, IP_TOS, AF_INET, false, 0},
    {IPPROTO_IPV6, IPV6_UNICAST_HOPS, AF_INET6, false, 128},
};

/* The row of (level, name) for this socket, -1 when the table has none; *e says why a row
 * that exists does not apply (an option of TCP on a datagram socket). */
static int dword_opt(const ms_socket *sk, int level, int name, int *e) {
    *e = 0;
    for (int i = 0; i < MS_OPT_DWORDS; i++) {
        if (dword_opts[i].level != level || dword_opts[i].name != name) continue;
        if (dword_opts[i].af && dword_opts[i].af != sk->af) return -1;
        if (dword_opts[i].stream && sk->type != SOCK_STREAM) *e = WSAENOPROTOOPT;
        return i;
    }
    return -1;
}

static DWORD dword_opt_value(const ms_socket *sk, int i) {
    return sk->opt_dword_set[i] ? sk->opt_dword[i] : dword_opts[i].dflt;
}

DWORD ms_socket_recv_timeout(const ms_socket *sk) {
    DWORD v = dword_opt_value(sk, 0);
    return v ? v : INFINITE;
}

static void dword_opt_put(ms_socket *sk, int level, int name, DWORD v) {
    int e, i = dword_opt(sk, level, name, &e);
    if (i < 0) return;
    sk->opt_dword[i] = v;
    sk->opt_dword_set[i] = true;
}

/* The SIO_KEEPALIVE_VALS page: onoff turns keepalive on or off, keepalivetime and
 * keepaliveinterval are milliseconds; the TCP_KEEPIDLE and TCP_KEEPINTVL options give them in
 * seconds. */
void ms_socket_keepalive_set(ms_socket *sk, ULONG onoff, ULONG time_ms, ULONG interval_ms) {
    dword_opt_put(sk, SOL_SOCKET, SO_KEEPALIVE, onoff != 0);
    if (!onoff) return;
    dword_opt_put(sk, IPPROTO_TCP, TCP_KEEPIDLE, time_ms / 1000);
    dword_opt_put(sk, IPPROTO_TCP, TCP_KEEPINTVL, interval_ms / 1000);
}

int ms_socket_setopt_locked(ms_world *w, ms_socket *sk, int level, int name, const char *val, int len) {
    (void)w;
    DWORD v = 0;
    int e, row = dword_opt(sk, level, name, &e);
    if (row >= 0) {
        if (e || (e = get_dword(val, len, &v))) return e;
        sk->opt_dword[row] = name == SO_KEEPALIVE && level == SOL_SOCKET ? v != 0 : v;
        sk->opt_dword_set[row] = true;
        return 0;
    }
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
        case SO_BROADCAST:
            return get_dword(val, len, &v);
        case SO_LINGER: /* "SOL_SOCKET socket options": a struct linger, read back by getsockopt */
            if ((e = get_dword(val, len, &v))) return e;
            memcpy(&sk->opt_linger, val, sizeof sk->opt_linger);
            return 0;
        case SO_DONTLINGER: /* a BOOL: TRUE is l_onoff 0, the linger time kept */
            if ((e = get_dword(val, len, &v))) return e;
            sk->opt_linger.l_onoff = v == 0;
            return 0;
        default:
            return WSAENOPROTOOPT;
        }
    }
    if (level == IPPROTO_TCP && name == TCP_NODELAY && sk->type == SOCK_STREAM) return get_dword(val, len, &v);
    return WSAEINVAL;
}

/* SO_PROTOCOL_INFOW and SO_PROTOCOL_INFOA: the socket's catalogue entry with its own triple.
 * Wine's ws2_32 tests, run on Windows: a buffer too small is WSAEFAULT with the size needed
 * written back to *len; a big enough one is filled and *len left as it was (twice the size
 * stays twice the size). */
static int protocol_info(const ms_socket *sk, bool wide, char *val, int *len) {
    int need = wide ? (int)sizeof(WSAPROTOCOL_INFOW) : (int)sizeof(WSAPROTOCOL_INFOA);
    if (!val) return WSAEFAULT;
    if (*len < need) {
        *len = need;
        return WSAEFAULT;
    }
    if (!ms_probe_write(val, (size_t)need)) return WSAEFAULT;
    WSAPROTOCOL_INFOW info;
    ms_protocol_entry(ms_protocol_of(sk->af, sk->type, sk->proto), &info);
    if (wide)
        memcpy(val, &info, sizeof info);
    else {
        WSAPROTOCOL_INFOA a;
        ms_protocol_info_a(&info, &a);
        memcpy(val, &a, sizeof a);
    }
    return 0;
}

int ms_socket_getopt_locked(ms_world *w, ms_socket *sk, int level, int name, char *val, int *len) {
    (void)w;
    if (!len || !ms_probe_write(len, sizeof *len)) return WSAEFAULT;
    if (level == SOL_SOCKET && (name == SO_PROTOCOL_INFOW || name == SO_PROTOCOL_INFOA))
        return protocol_info(sk, name == SO_PROTOCOL_INFOW, val, len);
    if (*len < (int)sizeof(DWORD) || !val || !ms_probe_write(val, sizeof(DWORD))) return WSAEFAULT;
    DWORD v;
    int e, row = dword_opt(sk, level, name, &e);
    if (e) return e;
    if (row >= 0)
        v = dword_opt_value(sk, row);
    else if (level == SOL_SOCKET && name == SO_LINGER)
        memcpy(&v, &sk->opt_linger, sizeof v);
    else if (level == SOL_SOCKET && name == SO_DONTLINGER)
        v = sk->opt_linger.l_onoff == 0;
    else if (level == SOL_SOCKET && name == SO_ACCEPTCONN)
        v = sk->state == SK_LISTENING; /* get only: setsockopt answers WSAENOPROTOOPT */
    else if (level == SOL_SOCKET && name == SO_TYPE)
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
    /* SO_KEEPALIVE reads back as a one-byte BOOLEAN, optlen 1: Wine's ws2_32 tests, run on
     * Windows, record that size (test_set_getsockopt), and the SOL_SOCKET page calls it a BOOL. */
    size_t n = level == SOL_SOCKET && name == SO_KEEPALIVE ? 1 : sizeof v;
    memcpy(val, &v, n);
    *len = (int)n;
    return 0;
}
