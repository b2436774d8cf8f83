/*
 * bind_share.c: a second bind to an address and port a socket already holds, by the two
 * sockets' SO_REUSEADDR and SO_EXCLUSIVEADDRUSE and by which of them is bound to the wildcard
 * address, and where a connection or a datagram goes once two sockets share an address.
 *
 * Why: a proxy that restarts binds its well-known port again, often with SO_REUSEADDR, and a
 * service that must not be hijacked sets SO_EXCLUSIVEADDRUSE.  A stack that lets the wrong bind
 * through hands one proxy's connections to another; one that refuses a bind Windows allows
 * stops a proxy from starting.
 *
 * Sources: "Sharing Transport Addresses" (learn.microsoft.com, WSK: the table of every pair of
 * first and second bind, SUCCESS, INUSE = STATUS_ADDRESS_ALREADY_EXISTS, DENIED =
 * STATUS_ACCESS_DENIED, CHECK = an access check that sockets of one user pass, as Microsoft's
 * networking blog "Changes in Socket Bind" (2005) says); "Using SO_REUSEADDR and
 * SO_EXCLUSIVEADDRUSE" (which of two sharing sockets gets traffic is not determined); the
 * Windows Sockets error codes page (WSAEACCES for a bind refused by SO_EXCLUSIVEADDRUSE).
 * Wine's ws2_32 tests, as run on Windows (test_reuseaddr), for the IPv6 wildcard with
 * SO_EXCLUSIVEADDRUSE against IPv4 binds.  Only cases.h: the same code runs on Windows.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

enum { NONE, REUSE, EXCL };
static const char *const opt_names[3] = {"no option", "SO_REUSEADDR", "SO_EXCLUSIVEADDRUSE"};

/* The page's table, one line per second bind (option, wildcard or specific), the six first
 * binds across: none wildcard, none specific, SO_REUSEADDR wildcard and specific,
 * SO_EXCLUSIVEADDRUSE wildcard and specific.  S = SUCCESS and CHECK (one user), U = INUSE,
 * D = DENIED. */
static const char *const page_rows[6] = {
    /* none, wildcard */ "USUSUS",
    /* none, specific */ "SUSDDU",
    /* SO_REUSEADDR, wildcard */ "DSSSDS",
    /* SO_REUSEADDR, specific */ "SDSSDD",
    /* SO_EXCLUSIVEADDRUSE, wildcard */ "UUUUUU",
    /* SO_EXCLUSIVEADDRUSE, specific */ "SUSUDU",
};

/* A port of the type that nobody holds now: the stack's pick for a socket closed at once. */
static USHORT free_port(int af, int type) {
    SOCKET p = socket(af, type, 0);
    SOCKADDR_STORAGE a;
    memset(&a, 0, sizeof a);
    a.ss_family = (ADDRESS_FAMILY)af;
    int len = sizeof a;
    USHORT port = 0;
    if (p != INVALID_SOCKET && bind(p, (struct sockaddr *)&a, (int)sizeof a) == 0 &&
        getsockname(p, (struct sockaddr *)&a, &len) == 0)
        port = af == AF_INET ? ((struct sockaddr_in *)&a)->sin_port : ((struct sockaddr_in6 *)&a)->sin6_port;
    if (p != INVALID_SOCKET) closesocket(p);
    return port; /* network order */
}

static void addr_of(int af, int specific, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)a;
        v4->sin_port = port;
        if (specific) v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK + (specific == 2)); /* 2: 127.0.0.2 */
    } else {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)a;
        v6->sin6_port = port;
        if (specific) v6->sin6_addr.s6_addr[15] = 1;
    }
}

/* A socket with the option set, bound to the address: its bind's error (0) in *err. */
static SOCKET bound(int af, int type, int opt, int specific, USHORT port, int *err) {
    SOCKET s = socket(af, type, 0);
    *err = WSAGetLastError();
    if (s == INVALID_SOCKET) return s;
    DWORD on = 1;
    if (opt != NONE)
        setsockopt(s, SOL_SOCKET, opt == REUSE ? SO_REUSEADDR : SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on);
    SOCKADDR_STORAGE a;
    addr_of(af, specific, port, &a);
    *err = bind(s, (struct sockaddr *)&a,
                af == AF_INET ? (int)sizeof(struct sockaddr_in) : (int)sizeof(struct sockaddr_in6))
               ? WSAGetLastError()
               : 0;
    return s;
}

static int expected(char cell) { return cell == 'S' ? 0 : cell == 'U' ? WSAEADDRINUSE : WSAEACCES; }

static const char *where(int af, int specific) {
    if (af == AF_INET) return specific == 2 ? "127.0.0.2" : specific ? "127.0.0.1" : "0.0.0.0";
    return specific ? "[::1]" : "[::]";
}

/* One pair of binds; returns whether the check held. */
static int try_pair(wc_ctx *c, const char *proto, int type, int af1, int opt1, int spec1, int af2, int opt2, int spec2,
                    int want) {
    USHORT port = free_port(af1, type);
    int e1 = 0, e2 = 0;
    SOCKET first = bound(af1, type, opt1, spec1, port, &e1);
    int ok = wc_check(c, first != INVALID_SOCKET && e1 == 0, "%s: set-up: the first bind, %s on %s: %d", proto,
                      opt_names[opt1], where(af1, spec1), e1);
    if (ok) {
        SOCKET second = bound(af2, type, opt2, spec2, port, &e2);
        ok = wc_check(c, second != INVALID_SOCKET && e2 == want,
                      "%s: a bind to %s with %s, after one to %s with %s: error %d, expected %d", proto,
                      where(af2, spec2), opt_names[opt2], where(af1, spec1), opt_names[opt1], e2, want);
        if (second != INVALID_SOCKET) closesocket(second);
    }
    if (first != INVALID_SOCKET) closesocket(first);
    return ok;
}

/* Ports are per protocol, and one port's binds say nothing of another's: plain TCP and UDP binds
 * to 0.0.0.0 at one port, and plain TCP binds to 0.0.0.0 at ports P and P + 256, all succeed. */
static void bind_share_ports(wc_ctx *c) {
    USHORT port = free_port(AF_INET, SOCK_STREAM);
    int e1 = 0, e2 = 0;
    SOCKET a = bound(AF_INET, SOCK_STREAM, NONE, 0, port, &e1), b = bound(AF_INET, SOCK_DGRAM, NONE, 0, port, &e2);
    wc_check(c, !e1 && !e2, "plain TCP and UDP binds to 0.0.0.0 at one port: errors %d and %d, expected 0 and 0", e1,
             e2);
    SOCKET first[2] = {a, b};
    for (int i = 0; i < 2; i++)
        if (first[i] != INVALID_SOCKET) closesocket(first[i]);
    for (int tries = 0; tries < 16; tries++) { /* a port P whose P + 256 nobody holds either */
        port = free_port(AF_INET, SOCK_STREAM);
        USHORT above = htons((USHORT)(ntohs(port) + 256));
        a = bound(AF_INET, SOCK_STREAM, NONE, 0, above, &e1);
        if (a != INVALID_SOCKET) closesocket(a);
        if (e1 || ntohs(port) > 65535 - 256) continue;
        a = bound(AF_INET, SOCK_STREAM, NONE, 0, port, &e1);
        b = bound(AF_INET, SOCK_STREAM, NONE, 0, above, &e2);
        wc_check(c, !e1 && !e2, "plain TCP binds to 0.0.0.0 at ports %u and %u: errors %d and %d, expected 0 and 0",
                 ntohs(port), ntohs(above), e1, e2);
        if (a != INVALID_SOCKET) closesocket(a);
        if (b != INVALID_SOCKET) closesocket(b);
        return;
    }
    wc_check(c, 0, "set-up: no free port P with P + 256 free in 16 tries");
}

/* S3 ("Sharing Transport Addresses"): the 36 pairs of the table, for TCP and for UDP; and "If
 * two sockets are bound to two different specific local transport addresses ... the second bind
 * operation always completes successfully" (127.0.0.1 and 127.0.0.2, both loopback). */
static void bind_share_table(wc_ctx *c) {
    for (int t = 0; t < 2; t++) {
        const char *proto = t ? "UDP" : "TCP";
        int type = t ? SOCK_DGRAM : SOCK_STREAM;
        for (int row = 0; row < 6; row++)
            for (int col = 0; col < 6; col++)
                try_pair(c, proto, type, AF_INET, col / 2, col % 2, AF_INET, row / 2, row % 2,
                         expected(page_rows[row][col]));
        try_pair(c, proto, type, AF_INET, NONE, 1, AF_INET, NONE, 2, 0);
        /* With both held, a third plain bind to 127.0.0.2 meets the second, whatever the first. */
        USHORT port = free_port(AF_INET, type);
        int e1 = 0, e2 = 0, e3 = 0;
        SOCKET s1 = bound(AF_INET, type, NONE, 1, port, &e1), s2 = bound(AF_INET, type, NONE, 2, port, &e2);
        SOCKET s3 = bound(AF_INET, type, NONE, 2, port, &e3);
        wc_check(
            c, !e1 && !e2 && e3 == WSAEADDRINUSE,
            "%s: binds to 127.0.0.1, 127.0.0.2 and 127.0.0.2 again: errors %d, %d, %d; expected 0, 0, WSAEADDRINUSE",
            proto, e1, e2, e3);
        SOCKET all[3] = {s1, s2, s3};
        for (int i = 0; i < 3; i++)
            if (all[i] != INVALID_SOCKET) closesocket(all[i]);
    }
    bind_share_ports(c);
}

/* S3 (Wine's ws2_32 tests as run on Windows, test_reuseaddr): an IPv6 wildcard bind with
 * SO_EXCLUSIVEADDRUSE keeps IPv4 binds of its port off (WSAEACCES) and is kept off by an IPv4
 * bind (WSAEADDRINUSE), though the socket is IPv6-only; a plain IPv6 wildcard bind does neither. */
static void bind_share_families(wc_ctx *c) {
    static const struct {
        int af1, opt1, spec1, af2, opt2, spec2, want;
    } rows[] = {
        {AF_INET6, EXCL, 0, AF_INET, NONE, 1, WSAEACCES},
        {AF_INET6, EXCL, 0, AF_INET, NONE, 0, WSAEACCES},
        {AF_INET, NONE, 1, AF_INET6, EXCL, 0, WSAEADDRINUSE},
        {AF_INET6, NONE, 0, AF_INET, EXCL, 0, 0},
        {AF_INET6, NONE, 0, AF_INET, NONE, 0, 0},
        {AF_INET6, EXCL, 1, AF_INET, EXCL, 1, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        try_pair(c, "TCP", SOCK_STREAM, rows[i].af1, rows[i].opt1, rows[i].spec1, rows[i].af2, rows[i].opt2,
                 rows[i].spec2, rows[i].want);
}

/* S3 (bind page, WSAEADDRINUSE: a process "is already bound to the same fully qualified
 * address"; Microsoft KB 307175: once a listener is closed its port binds again, though the
 * connections it accepted are still open): a TCP socket bound to 127.0.0.1:P and then connected
 * still holds that address against a plain bind; the connection a listener accepted holds
 * nothing of its own. */
static void bind_share_held(wc_ctx *c) {
    SOCKADDR_STORAGE la;
    SOCKET l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return;
    USHORT port = free_port(AF_INET, SOCK_STREAM);
    int e = 0;
    SOCKET cl = bound(AF_INET, SOCK_STREAM, NONE, 1, port, &e), sv = INVALID_SOCKET;
    if (wc_check(c, cl != INVALID_SOCKET && !e, "set-up: a bind to 127.0.0.1: %d", e) &&
        wc_check(c, connect(cl, (struct sockaddr *)&la, (int)sizeof(struct sockaddr_in)) == 0,
                 "set-up: connect from the bound socket: %d", WSAGetLastError()) &&
        wc_check(c, (sv = accept(l, NULL, NULL)) != INVALID_SOCKET, "set-up: accept: %d", WSAGetLastError())) {
        SOCKET again = bound(AF_INET, SOCK_STREAM, NONE, 1, port, &e);
        wc_check(c, e == WSAEADDRINUSE, "a bind to the address of a connected socket: error %d, expected WSAEADDRINUSE",
                 e);
        if (again != INVALID_SOCKET) closesocket(again);
        closesocket(l);
        l = INVALID_SOCKET;
        USHORT lport = ((struct sockaddr_in *)&la)->sin_port;
        again = bound(AF_INET, SOCK_STREAM, NONE, 1, lport, &e);
        wc_check(c, e == 0,
                 "a bind to a closed listener's address while the connection it accepted is open: error %d, expected 0",
                 e);
        if (again != INVALID_SOCKET) closesocket(again);
    }
    if (sv != INVALID_SOCKET) closesocket(sv);
    if (cl != INVALID_SOCKET) closesocket(cl);
    if (l != INVALID_SOCKET) closesocket(l);
}

/* Which of two sockets sharing 127.0.0.1 with SO_REUSEADDR a connection (TCP) or a datagram
 * (UDP) reaches: "first", "second", "both" or "none" within a second.  The page leaves it
 * open; Windows gave connections to the first in Wine's tests. */
static const char *reached(SOCKET first, SOCKET second) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(first, &r);
    FD_SET(second, &r);
    struct timeval tv = {1, 0};
    if (select(0, &r, NULL, NULL, &tv) < 1) return "none";
    int a = FD_ISSET(first, &r) != 0, b = FD_ISSET(second, &r) != 0;
    return a && b ? "both" : a ? "first" : "second";
}

static void bind_share_delivery(wc_ctx *c) {
    wc_use_variant(c);
    for (int t = 0; t < 2; t++) {
        int type = t ? SOCK_DGRAM : SOCK_STREAM;
        USHORT port = free_port(AF_INET, type);
        int e1 = 0, e2 = 0;
        SOCKET first = bound(AF_INET, type, REUSE, 1, port, &e1);
        SOCKET second = bound(AF_INET, type, REUSE, 1, port, &e2);
        if (wc_check(c, first != INVALID_SOCKET && second != INVALID_SOCKET && !e1 && !e2,
                     "%s: two binds to 127.0.0.1 with SO_REUSEADDR: errors %d and %d, expected both to succeed",
                     t ? "UDP" : "TCP", e1, e2)) {
            SOCKET client = socket(AF_INET, type, 0);
            SOCKADDR_STORAGE to;
            addr_of(AF_INET, 1, port, &to);
            int rc;
            if (t) {
                rc = sendto(client, "shared", 6, 0, (struct sockaddr *)&to, (int)sizeof(struct sockaddr_in));
                rc = rc == 6 ? 0 : WSAGetLastError();
            } else {
                rc = listen(first, 4) || listen(second, 4) ? WSAGetLastError() : 0;
                if (!rc)
                    rc = connect(client, (struct sockaddr *)&to, (int)sizeof(struct sockaddr_in)) ? WSAGetLastError()
                                                                                                  : 0;
            }
            if (wc_check(c, rc == 0, "%s: listen, connect or send to the shared address: error %d", t ? "UDP" : "TCP",
                         rc))
                wc_model_answer(c, t ? "bind.shared-udp-reaches" : "bind.shared-tcp-reaches", "%s",
                                reached(first, second));
            closesocket(client);
        }
        if (first != INVALID_SOCKET) closesocket(first);
        if (second != INVALID_SOCKET) closesocket(second);
    }
}

static const wc_case cases[] = {
    WC_CASE("S3.bind-share.table", "S3", "#remarks", WC_MUST,
            "the 36 first and second binds of \"Sharing Transport Addresses\" (no option, SO_REUSEADDR, "
            "SO_EXCLUSIVEADDRUSE; wildcard or 127.0.0.1), TCP and UDP: success, WSAEADDRINUSE or WSAEACCES as the "
            "table says",
            bind_share_table),
    WC_CASE("S3.bind-share.families", "S3", "#remarks", WC_MUST,
            "[::] with SO_EXCLUSIVEADDRUSE keeps IPv4 binds of its port off (WSAEACCES) and is kept off by one "
            "(WSAEADDRINUSE); a plain [::] does neither",
            bind_share_families),
    WC_CASE("S3.bind-share.held", "S3", "#return-value", WC_MUST,
            "a socket bound to 127.0.0.1:P and connected holds the address (a plain bind: WSAEADDRINUSE); a closed "
            "listener's address binds again while its accepted connection is open",
            bind_share_held),
    WC_CASE("S3.bind-share.delivery", "S3", "#remarks", WC_MUST,
            "two sockets bound to 127.0.0.1 with SO_REUSEADDR both bind, listen and take traffic; which one gets a "
            "connection or a datagram is recorded",
            bind_share_delivery),
    WC_S3_OS("bind-share.delivery", "two sockets share 127.0.0.1 with SO_REUSEADDR; both bind, listen, take traffic",
             bind_share_delivery),
};
WC_TABLE(wc_bind_share, cases);
