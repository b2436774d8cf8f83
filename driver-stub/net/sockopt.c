/*
 * sockopt.c: the socket options the suite needs, chiefly IP_WFP_REDIRECT_RECORDS and
 * IP_WFP_REDIRECT_CONTEXT (and their IPV6_ twins), which a UDP proxy sets to a DWORD 1 to
 * receive the redirect control messages (W32-IPOPT as read in SEMANTICS C7; EBPF).
 */
#include "net.h"

#include <string.h>

/* How wide an option's value is, as Windows reads and writes it: Wine's ws2_32 tests, run on
 * Windows, set and read every option with optlen 1, 2 and 4 (test_set_getsockopt's table of
 * option sizes).  A program that passes a one-byte char for a BOOL relies on it. */
typedef enum {
    OPT_DWORD, /* 4 bytes: a shorter optlen is WSAEFAULT, both ways */
    OPT_SHORT, /* 1 to 4 bytes set; getsockopt writes one byte into a buffer under 4 */
    OPT_BOOL, /* as OPT_SHORT, read back as 0 or 1; optlen 0 is accepted and changes nothing */
    OPT_BOOLEAN, /* one byte: setsockopt reads the first, getsockopt writes one, optlen 1 */
} opt_width;

/* The value setsockopt reads (a little-endian number of min(optlen, 4) bytes; the first byte
 * only for OPT_BOOLEAN).  *none: optlen 0 where the option takes it, nothing read. */
static int read_opt(const char *val, int len, opt_width wd, DWORD *out, bool *none) {
    *out = 0;
    *none = false;
    if (!val) return WSAEFAULT;
    if (len == 0 && wd == OPT_BOOL) {
        *none = true;
        return 0;
    }
    if (len < (wd == OPT_DWORD ? (int)sizeof(DWORD) : 1)) return WSAEFAULT;
    size_t n = wd == OPT_BOOLEAN ? 1 : len < (int)sizeof(DWORD) ? (size_t)len : sizeof(DWORD);
    if (!ms_probe_read(val, n)) return WSAEFAULT;
    memcpy(out, val, n); /* the model's hosts are little-endian, as Windows' */
    if (wd == OPT_BOOL || wd == OPT_BOOLEAN) *out = *out != 0;
    return 0;
}

static int get_dword(const char *val, int len, DWORD *out) {
    bool none;
    return read_opt(val, len, OPT_DWORD, out, &none);
}

/* What getsockopt writes: 4 bytes, or 1 for OPT_BOOLEAN and for the short widths into a
 * buffer under 4 bytes (an OPT_BOOL into 2 or 3 bytes writes 2 and says 1, as Windows does).
 * A DWORD option of IPPROTO_TCP sets *len to 0 when the buffer is short. */
static int write_opt(char *val, int *len, opt_width wd, int level, DWORD v) {
    int have = *len;
    int n = wd == OPT_DWORD ? (int)sizeof(DWORD) : wd == OPT_BOOLEAN || have < (int)sizeof(DWORD) ? 1 : 4;
    if (!val || have < n) {
        if (wd == OPT_DWORD && level == IPPROTO_TCP && have > 0) *len = 0;
        return WSAEFAULT;
    }
    int wrote = wd == OPT_BOOL && n == 1 && have >= 2 ? 2 : n;
    if (!ms_probe_write(val, (size_t)wrote)) return WSAEFAULT;
    memcpy(val, &v, (size_t)wrote);
    *len = n;
    return 0;
}

/* Options that hold one value of up to a DWORD (its width, above) and read back what was set,
 * with Windows' value before that.
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
    opt_width width;
    DWORD max; /* a larger value is WSAEINVAL (the Wine table's "accepts_large_value" FALSE); 0: none */
} dword_opts[MS_OPT_DWORDS] = {
    {SOL_SOCKET, SO_RCVTIMEO, 0, false, 0, OPT_DWORD, 0},
    {SOL_SOCKET, SO_SNDTIMEO, 0, false, 0, OPT_DWORD, 0},
    {SOL_SOCKET, SO_KEEPALIVE, 0, false, 0, OPT_BOOLEAN, 0},
    {IPPROTO_TCP, TCP_KEEPIDLE, 0, true, 7200, OPT_DWORD, 0},
    {IPPROTO_TCP, TCP_KEEPINTVL, 0, true, 1, OPT_DWORD, 0},
    {IPPROTO_TCP, TCP_KEEPCNT, 0, true, 10, OPT_DWORD, 255},
    {IPPROTO_IP, IP_TTL, AF_INET, false, 128, OPT_SHORT, 255},
    {IPPROTO_IP, IP_TOS, AF_INET, false, 0, OPT_SHORT, 255},
    {IPPROTO_IPV6, IPV6_UNICAST_HOPS, AF_INET6, false, 128, OPT_SHORT, 255},
    {SOL_SOCKET, SO_BROADCAST, 0, false, 0, OPT_BOOL, 0},
    {IPPROTO_TCP, TCP_NODELAY, 0, true, 0, OPT_BOOLEAN, 0},
    /* on by default ("Dual-Stack Sockets for IPv6 Winsock Applications"); 0 makes the socket
     * dual-stack (ms_socket_dual_stack) */
    {IPPROTO_IPV6, IPV6_V6ONLY, AF_INET6, false, 1, OPT_BOOLEAN, 0},
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

bool ms_socket_dual_stack(const ms_socket *sk) {
    int e, i = dword_opt(sk, IPPROTO_IPV6, IPV6_V6ONLY, &e);
    return i >= 0 && dword_opt_value(sk, i) == 0;
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
    /* A negative optlen, in Wine's table as run on Windows 10 21H1 and later: a SOL_SOCKET option
     * of four bytes reads its four bytes and succeeds; a one-byte one, and an option of any other
     * level, is WSAENOBUFS. */
    if (len < 0) {
        if (level != SOL_SOCKET || (row >= 0 && dword_opts[row].width == OPT_BOOLEAN)) return WSAENOBUFS;
        len = (int)sizeof(DWORD);
    }
    if (row >= 0) {
        bool none;
        if (e || (e = read_opt(val, len, dword_opts[row].width, &v, &none))) return e;
        if (none) return 0;
        if (dword_opts[row].max && v > dword_opts[row].max) return WSAEINVAL;
        /* IPV6_V6ONLY "must be set ... before the socket is bound" (the dual-stack page): what a
         * later set does no page says; the model refuses it, so that a bound socket's reach (the
         * families its port is held in) never changes (M.setsockopt.v6only-after-bind). */
        if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY && sk->has_local) return WSAEINVAL;
        sk->opt_dword[row] = v;
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
        return WSAENOPROTOOPT;
    }
    if (level == SOL_SOCKET && (name == SO_REUSEADDR || name == SO_EXCLUSIVEADDRUSE)) {
        /* "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" (learn.microsoft.com): the two exclude
         * each other, setting one while the other is on is WSAEINVAL; SO_EXCLUSIVEADDRUSE is set
         * "before the socket is bound" (the SO_EXCLUSIVEADDRUSE page of the WSK reference), later
         * is WSAEINVAL (the model's choice).  What they let a bind share is share.c's. */
        bool none;
        if ((e = read_opt(val, len, OPT_BOOL, &v, &none)) || none) return e;
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
        case SO_LINGER: /* "SOL_SOCKET socket options": a struct linger, read back by getsockopt */
            if ((e = get_dword(val, len, &v))) return e;
            memcpy(&sk->opt_linger, val, sizeof sk->opt_linger);
            return 0;
        case SO_DONTLINGER: { /* a BOOL: TRUE is l_onoff 0, the linger time kept */
            bool none;
            if ((e = read_opt(val, len, OPT_BOOL, &v, &none)) || none) return e;
            sk->opt_linger.l_onoff = v == 0;
            return 0;
        }
        default:
            return WSAENOPROTOOPT;
        }
    }
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
    if (*len < 1 || !val) return WSAEFAULT;
    DWORD v;
    opt_width wd = OPT_DWORD;
    int e, row = dword_opt(sk, level, name, &e);
    if (e) return e;
    if (row >= 0) {
        v = dword_opt_value(sk, row);
        wd = dword_opts[row].width;
    } else if (level == SOL_SOCKET && name == SO_LINGER)
        memcpy(&v, &sk->opt_linger, sizeof v);
    else if (level == SOL_SOCKET && name == SO_DONTLINGER) {
        v = sk->opt_linger.l_onoff == 0;
        wd = OPT_BOOL;
    } else if (level == SOL_SOCKET && name == SO_ERROR) {
        /* read, then cleared: only by a call that returned it */
        if ((e = write_opt(val, len, OPT_DWORD, level, (DWORD)sk->connect_error))) return e;
        sk->connect_error = 0;
        return 0;
    } else if (level == SOL_SOCKET && name == SO_ACCEPTCONN)
        v = sk->state == SK_LISTENING; /* get only: setsockopt answers WSAENOPROTOOPT */
    else if (level == SOL_SOCKET && name == SO_TYPE)
        v = (DWORD)sk->type;
    else if (level == SOL_SOCKET && name == SO_CONNECT_TIME) {
        /* SOL_SOCKET page: "the number of seconds a socket has been connected", for connection
         * oriented protocols only; AcceptEx page: "If the socket is not connected, the returned
         * getsockopt value is 0xFFFFFFFF".  On UDP the model answers WSAENOPROTOOPT
         * (M.SO_CONNECT_TIME.udp). */
        if (sk->type != SOCK_STREAM) return WSAENOPROTOOPT;
        v = sk->state == SK_CONNECTED ? (DWORD)((ms_net_clock_ms() - sk->connected_ms) / 1000u) : 0xFFFFFFFFu;
    } else if (level == SOL_SOCKET && (name == SO_REUSEADDR || name == SO_EXCLUSIVEADDRUSE)) {
        v = name == SO_REUSEADDR ? sk->opt_reuseaddr : sk->opt_exclusive;
        wd = OPT_BOOL;
    } else if (level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF)) {
        v = sk->opt_buf_set[name == SO_RCVBUF] ? sk->opt_buf[name == SO_RCVBUF] : MS_DEFAULT_SOCKBUF;
    } else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && name == IP_WFP_REDIRECT_RECORDS)
        v = sk->opt_wfp_records;
    else if ((level == IPPROTO_IP || level == IPPROTO_IPV6) && name == IP_WFP_REDIRECT_CONTEXT)
        v = sk->opt_wfp_context;
    else
        return WSAENOPROTOOPT;
    /* SO_SNDBUF, SO_RCVBUF and SO_LINGER zero a buffer under 4 bytes before they fail: Wine's
     * table, run on Windows, reads 0xdeadbe00 and 0xdead0000 back from 1 and 2 bytes */
    bool zeroes = level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF || name == SO_LINGER);
    if (zeroes && *len < (int)sizeof v && ms_probe_write(val, (size_t)*len)) memset(val, 0, (size_t)*len);
    return write_opt(val, len, wd, level, v);
}
