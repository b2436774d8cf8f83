/*
 * sockopt_sizes.c: how many bytes setsockopt reads and getsockopt writes, option by option.
 *
 * Why: a program that passes a one-byte char for TCP_NODELAY or SO_REUSEADDR, or reads
 * SO_KEEPALIVE into an int, depends on the width the stack gives each option, and no page
 * says it.  Wine's ws2_32 tests, run on Windows (test_set_getsockopt, its table of option
 * sizes), record it for every option: which take an optlen under 4, which write one byte back,
 * which refuse a value over 255, what a zero optlen does.  These cases hold a target to those
 * observations for the options a proxy uses and the model has.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

/* One option as Windows handles it (the Wine table's columns). */
typedef struct {
    int af, type, level, name;
    const char *what;
    int short_ok; /* an optlen of 1 or 2 is taken (else WSAEFAULT both ways) */
    int sizes[3]; /* the optlen getsockopt gives back from a buffer of 1, 2 and 4 bytes */
    DWORD values[3]; /* what a buffer of 0xdeadbeef holds after that getsockopt; 0: the bytes set */
    int large_ok; /* a DWORD 0x100 is taken (else WSAEINVAL) */
    int bool_value; /* a SOL_SOCKET BOOL: read back as 1, optlen 0 taken */
} size_row;

static const size_row rows[] = {
    {AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST", 1, {1, 1, 4}, {0, 0xdead0001u, 0}, 1, 1},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_DONTLINGER, "SO_DONTLINGER", 1, {1, 1, 4}, {0, 0xdead0001u, 0}, 1, 1},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_LINGER, "SO_LINGER", 0, {1, 2, 4}, {0xdeadbe00u, 0xdead0000u, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF", 0, {1, 2, 4}, {0xdeadbe00u, 0xdead0000u, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", 1, {1, 1, 1}, {0, 0, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_RCVTIMEO, "SO_RCVTIMEO", 0, {1, 2, 4}, {0, 0, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR", 1, {1, 1, 4}, {0, 0xdead0001u, 0}, 1, 1},
    {AF_INET,
     SOCK_STREAM,
     SOL_SOCKET,
     SO_EXCLUSIVEADDRUSE,
     "SO_EXCLUSIVEADDRUSE",
     1,
     {1, 1, 4},
     {0, 0xdead0001u, 0},
     1,
     1},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF", 0, {1, 2, 4}, {0xdeadbe00u, 0xdead0000u, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, SOL_SOCKET, SO_SNDTIMEO, "SO_SNDTIMEO", 0, {1, 2, 4}, {0, 0, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", 1, {1, 1, 1}, {0, 0, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE", 0, {0, 0, 4}, {0, 0, 0}, 1, 0},
    {AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT", 0, {0, 0, 4}, {0, 0, 0}, 0, 0},
    {AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL", 0, {0, 0, 4}, {0, 0, 0}, 1, 0},
    {AF_INET, SOCK_DGRAM, IPPROTO_IP, IP_TOS, "IP_TOS", 1, {1, 1, 4}, {0, 0, 0}, 0, 0},
    {AF_INET, SOCK_DGRAM, IPPROTO_IP, IP_TTL, "IP_TTL", 1, {1, 1, 4}, {0, 0, 0}, 0, 0},
    {AF_INET6, SOCK_DGRAM, IPPROTO_IPV6, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", 1, {1, 1, 4}, {0, 0, 0}, 0, 0},
    {AF_INET6, SOCK_DGRAM, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY", 1, {1, 1, 1}, {0, 0, 0}, 1, 0},
};
#define NROWS (sizeof rows / sizeof rows[0])

static int set(SOCKET s, const size_row *r, const void *v, int len) {
    WSASetLastError(0);
    return setsockopt(s, r->level, r->name, (const char *)v, len) ? WSAGetLastError() : 0;
}

static int get(SOCKET s, const size_row *r, void *v, int *len) {
    WSASetLastError(0);
    return getsockopt(s, r->level, r->name, (char *)v, len) ? WSAGetLastError() : 0;
}

/* Optlen 8, -1 and 0 and a value of 0x100: what each is taken as. */
static void odd_lengths(wc_ctx *c, SOCKET s, const size_row *r) {
    UINT64 wide = 0xffffffff00000001ull;
    int e = set(s, r, &wide, (int)sizeof wide);
    wc_check(c, e == 0, "%s: setsockopt with an 8-byte optlen: error %d; expected success", r->what, e);
    int len = (int)sizeof wide;
    e = get(s, r, &wide, &len);
    wc_check(c, e == 0 && len == r->sizes[2], "%s: getsockopt into 8 bytes: error %d, optlen %d; expected 0 and %d",
             r->what, e, len, r->sizes[2]);
    DWORD one = 1;
    /* optlen -1: a four-byte SOL_SOCKET option takes it, the others are WSAENOBUFS; a read with
     * optlen -1 is WSAEFAULT and leaves it -1 */
    e = set(s, r, &one, -1);
    int want = r->level == SOL_SOCKET && r->sizes[2] == 4 ? 0 : WSAENOBUFS;
    wc_check(c, e == want, "%s: setsockopt with optlen -1: error %d; expected %d", r->what, e, want);
    len = -1;
    e = get(s, r, &one, &len);
    wc_check(c, e == WSAEFAULT && len == -1,
             "%s: getsockopt with optlen -1: error %d, optlen %d; expected WSAEFAULT, -1", r->what, e, len);
    e = set(s, r, &one, 0);
    want = r->bool_value ? 0 : WSAEFAULT;
    wc_check(c, e == want, "%s: setsockopt with optlen 0: error %d; expected %d", r->what, e, want);
    len = 0;
    e = get(s, r, &one, &len);
    wc_check(c, e == WSAEFAULT, "%s: getsockopt with optlen 0: error %d; expected WSAEFAULT", r->what, e);
    DWORD big = 0x100;
    e = set(s, r, &big, (int)sizeof big);
    want = r->large_ok ? 0 : WSAEINVAL;
    wc_check(c, e == want, "%s: setsockopt to 0x100: error %d; expected %d", r->what, e, want);
    if (!r->large_ok) { /* a byte's worth, 255, is the largest taken: a TTL, TOS, hop limit or count */
        DWORD top = 255, back = 0;
        e = set(s, r, &top, (int)sizeof top);
        len = (int)sizeof back;
        int g = e ? e : get(s, r, &back, &len);
        wc_check(c, e == 0 && g == 0 && back == 255, "%s: setsockopt to 255: error %d, read back %lu (error %d)",
                 r->what, e, (unsigned long)back, g);
        return;
    }
    DWORD v = 0xdeadbeef;
    len = (int)sizeof v;
    e = get(s, r, &v, &len);
    /* one byte back holds 0x100's first byte; a BOOL reads back as 1 */
    DWORD expect = r->sizes[2] == 1 ? 0xdeadbe00u : r->bool_value ? 1u : 0x100u;
    wc_check(c, e == 0 && v == expect && len == r->sizes[2],
             "%s set to 0x100, read back: error %d, value 0x%08lx, optlen %d; expected 0, 0x%08lx, %d", r->what, e,
             (unsigned long)v, len, (unsigned long)expect, r->sizes[2]);
}

/* Optlen 1, 2 and 4: a set of 1, then a read into a buffer of that size. */
static void each_width(wc_ctx *c, SOCKET s, const size_row *r) {
    for (int j = 0; j < 3; j++) {
        int size = 1 << j;
        int taken = r->short_ok || size == 4;
        int want = taken ? 0 : WSAEFAULT;
        DWORD one = 1;
        int e = set(s, r, &one, size);
        wc_check(c, e == want, "%s: setsockopt(1) with optlen %d: error %d; expected %d", r->what, size, e, want);
        DWORD expect = 0xdeadbeef;
        if (r->values[j])
            expect = r->values[j];
        else if (taken)
            memcpy(&expect, &one, (size_t)r->sizes[j]);
        DWORD v = 0xdeadbeef;
        int len = size;
        e = get(s, r, &v, &len);
        wc_check(c, e == want && v == expect && len == r->sizes[j],
                 "%s: getsockopt into %d bytes: error %d, buffer 0x%08lx, optlen %d; expected %d, 0x%08lx, %d", r->what,
                 size, e, (unsigned long)v, len, want, (unsigned long)expect, r->sizes[j]);
    }
}

/* A level no option has (Wine's tests run on Windows: 0xffffffff and 0x8000 with SO_RCVTIMEO's
 * number): WSAEINVAL, as the setsockopt page gives "level is not valid". */
static void bad_levels(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: a socket: %d", WSAGetLastError())) return;
    static const int levels[] = {(int)0xffffffff, 0x8000};
    for (int i = 0; i < 2; i++) {
        DWORD t = 63000;
        WSASetLastError(0);
        int rc = setsockopt(s, levels[i], SO_RCVTIMEO, (const char *)&t, (int)sizeof t);
        int e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAEINVAL,
                 "setsockopt at level 0x%x: %d, error %d; expected SOCKET_ERROR, WSAEINVAL", (unsigned)levels[i], rc,
                 e);
    }
    closesocket(s);
}

static void option_sizes(wc_ctx *c) {
    bad_levels(c);
    for (size_t i = 0; i < NROWS; i++) {
        const size_row *r = &rows[i];
        SOCKET s = socket(r->af, r->type, 0);
        if (!wc_check(c, s != INVALID_SOCKET, "set-up: a socket for %s: %d", r->what, WSAGetLastError())) continue;
        DWORD start = 0;
        int len = (int)sizeof start;
        int e = get(s, r, &start, &len);
        /* an IPv6 socket is IPv6-only until told otherwise ("Dual-Stack Sockets for IPv6 Winsock
         * Applications": IPV6_V6ONLY is TRUE by default) */
        if (r->name == IPV6_V6ONLY && r->level == IPPROTO_IPV6 && e == 0)
            wc_check(c, len == 1 && (start & 0xff) == 1, "IPV6_V6ONLY of a new socket: %lu (optlen %d); expected 1",
                     (unsigned long)(start & 0xff), len);
        if (wc_check(c, e == 0, "%s: getsockopt of a new socket: error %d", r->what, e)) {
            odd_lengths(c, s, r);
            each_width(c, s, r);
        }
        closesocket(s);
    }
}

static const wc_case cases[] = {
    WC_CASE("S3.sockopt-sizes", "S3", "#remarks", WC_MUST,
            "optlen -1, 0, 1, 2, 4 and 8 and a value of 0x100 for 18 options: what is taken, the optlen and bytes read "
            "back (Wine's option-size table, run on Windows)",
            option_sizes),
};

WC_TABLE(wc_sockopt_sizes, cases);
