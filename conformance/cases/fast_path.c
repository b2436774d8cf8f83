/*
 * fast_path.c: SIO_LOOPBACK_FAST_PATH, which loopback clients and proxies set to cut latency, and
 * the promise that it does not take a connection past WFP.
 *
 * Why: a redirect proxy runs on loopback, so it and the applications it serves are exactly the
 * sockets for which the fast path was made.  If the option let a connection bypass the callout,
 * an application that sets it would escape inspection, and a proxy that sets it on its outbound
 * leg would lose the records that keep a chain from looping.  A stack that refuses the option
 * breaks the programs that treat its failure as fatal.
 *
 * Sources: the SIO_LOOPBACK_FAST_PATH pages (Winsock and WSK, learn.microsoft.com): a BOOL in;
 * TCP sockets only; the connecting socket applies it before connect, the listener before it
 * accepts; "When a WFP filter is enabled, the system uses the slow path even if
 * SIO_LOOPBACK_FAST_PATH is set. This gives user-mode applications full WFP security
 * capabilities."  The option is deprecated since Windows 10 and still accepted.  Only cases.h:
 * the same code runs on Windows.
 */
#include "cases.h"

#include <string.h>

static int fast_path(SOCKET s, BOOL on) {
    DWORD n = 0;
    return WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &on, sizeof on, NULL, 0, &n, NULL, NULL) ? WSAGetLastError() : 0;
}

static void loopback(SOCKADDR_IN *a, USHORT port) {
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* A TCP socket on 127.0.0.1 with the fast path on, listening; its port in *port. */
static SOCKET fast_listener(wc_ctx *c, USHORT *port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    SOCKADDR_IN a;
    loopback(&a, 0);
    int len = (int)sizeof a, e = s == INVALID_SOCKET ? WSAGetLastError() : fast_path(s, TRUE);
    if (!wc_check(c, s != INVALID_SOCKET && e == 0, "SIO_LOOPBACK_FAST_PATH on a listener before it accepts: %d", e) ||
        !wc_check(c,
                  bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 8) == 0 &&
                      getsockname(s, (struct sockaddr *)&a, &len) == 0,
                  "set-up: bind, listen, getsockname: %d", WSAGetLastError())) {
        if (s != INVALID_SOCKET) closesocket(s);
        return INVALID_SOCKET;
    }
    *port = ntohs(a.sin_port);
    return s;
}

/* S3 (SIO_LOOPBACK_FAST_PATH page): a TCP socket takes the option before it connects and the
 * connection carries bytes both ways; a missing BOOL is WSAEFAULT.  What a UDP socket and a
 * connected one answer no page says (pinned for the model). */
static void fast_path_calls(wc_ctx *c) {
    USHORT port = 0;
    SOCKET l = fast_listener(c, &port);
    if (l == INVALID_SOCKET) return;
    SOCKET cl = socket(AF_INET, SOCK_STREAM, 0);
    DWORD n = 7;
    int rc = WSAIoctl(cl, SIO_LOOPBACK_FAST_PATH, NULL, 0, NULL, 0, &n, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT,
             "SIO_LOOPBACK_FAST_PATH without its BOOL: rc=%d err=%d, expected WSAEFAULT", rc, err);
    err = fast_path(cl, TRUE);
    wc_check(c, err == 0, "SIO_LOOPBACK_FAST_PATH TRUE on a TCP socket before connect: %d", err);
    SOCKADDR_IN to;
    loopback(&to, port);
    SOCKET sv = INVALID_SOCKET;
    if (wc_check(c, connect(cl, (struct sockaddr *)&to, sizeof to) == 0, "connect with the fast path on: %d",
                 WSAGetLastError()) &&
        wc_check(c, (sv = accept(l, NULL, NULL)) != INVALID_SOCKET, "accept: %d", WSAGetLastError())) {
        char b[8];
        int s1 = send(cl, "fast", 4, 0), r1 = s1 == 4 ? recv(sv, b, sizeof b, 0) : -1;
        int s2 = send(sv, "path", 4, 0), r2 = s2 == 4 ? recv(cl, b + 4, 4, 0) : -1;
        wc_check(c, r1 == 4 && r2 == 4 && memcmp(b, "fastpath", 8) == 0,
                 "4 bytes each way over the fast-path connection: %d and %d arrived", r1, r2);
        wc_model_answer(c, "SIO_LOOPBACK_FAST_PATH.connected", "%d", fast_path(cl, TRUE));
    }
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    wc_model_answer(c, "SIO_LOOPBACK_FAST_PATH.udp", "%d", fast_path(u, TRUE));
    closesocket(u);
    if (sv != INVALID_SOCKET) closesocket(sv);
    closesocket(cl);
    closesocket(l);
}

/* A59 with the fast path (SIO_LOOPBACK_FAST_PATH page: "When a WFP filter is enabled, the
 * system uses the slow path even if SIO_LOOPBACK_FAST_PATH is set"): a client with the fast path
 * on connects to a server on 127.0.0.1; the callout still redirects it to the proxy, whose
 * listener has the fast path on too; QUERY gives the records, and the proxy's outbound leg, fast
 * path on and the records SET, reaches the server without being redirected back. */
static void fast_path_proxy(wc_ctx *c) {
    USHORT pport = 0, sport = 0;
    SOCKET pl = fast_listener(c, &pport);
    SOCKET server = pl == INVALID_SOCKET ? INVALID_SOCKET : fast_listener(c, &sport);
    if (server == INVALID_SOCKET) {
        if (pl != INVALID_SOCKET) closesocket(pl);
        return;
    }
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', pport);
    p.match_port = sport;
    int wrc = wt_add_callout(wc_target(c), &p);
    if (wrc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot load a callout: %s", wt_error());
    SOCKET cl = INVALID_SOCKET, acc = INVALID_SOCKET, out = INVALID_SOCKET, at_server = INVALID_SOCKET;
    SOCKADDR_IN to;
    loopback(&to, sport);
    u_long nb = 1;
    static BYTE rec[8192];
    DWORD n = 0, size = 0;
    if (wc_check(c, wrc == WT_OK, "set-up: callout: %s", wt_error()) &&
        wc_check(c, (cl = socket(AF_INET, SOCK_STREAM, 0)) != INVALID_SOCKET && fast_path(cl, TRUE) == 0,
                 "the client's SIO_LOOPBACK_FAST_PATH: %d", WSAGetLastError()) &&
        wc_check(c, connect(cl, (struct sockaddr *)&to, sizeof to) == 0, "the client's connect: %d",
                 WSAGetLastError()) &&
        wc_check(c, ioctlsocket(pl, FIONBIO, &nb) == 0 && (acc = accept(pl, NULL, NULL)) != INVALID_SOCKET,
                 "a client with the fast path on was not redirected to the proxy by the callout: accept %d",
                 WSAGetLastError()) &&
        wc_check(c,
                 WSAIoctl(acc, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL) ==
                         0 &&
                     n > 0,
                 "QUERY_RECORDS on the fast-path connection the proxy accepted: err %d, %lu bytes", WSAGetLastError(),
                 (unsigned long)n) &&
        wc_check(c, (out = socket(AF_INET, SOCK_STREAM, 0)) != INVALID_SOCKET && fast_path(out, TRUE) == 0,
                 "the outbound leg's SIO_LOOPBACK_FAST_PATH: %d", WSAGetLastError()) &&
        wc_check(c, WSAIoctl(out, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &size, NULL, NULL) == 0,
                 "SET on the fast-path outbound leg: %d", WSAGetLastError()) &&
        wc_check(c, connect(out, (struct sockaddr *)&to, sizeof to) == 0, "the outbound leg's connect: %d",
                 WSAGetLastError())) {
        ioctlsocket(server, FIONBIO, &nb);
        at_server = accept(server, NULL, NULL);
        wc_check(c, at_server != INVALID_SOCKET, "the fast-path outbound leg did not reach the server: accept %d",
                 WSAGetLastError());
        wc_check(c, !wc_looped(c, pl), "the fast-path outbound leg was redirected back to the proxy (A59)");
        wc_check(c, wc_findings(c, "verifier") == 0, "the target's checker reported the callout");
    }
    SOCKET all[6] = {at_server, out, acc, cl, server, pl};
    for (int i = 0; i < 6; i++)
        if (all[i] != INVALID_SOCKET) closesocket(all[i]);
}

static const wc_case cases[] = {
    WC_CASE("S3.loopback-fast-path", "S3", "#remarks", WC_MUST,
            "SIO_LOOPBACK_FAST_PATH TRUE on a TCP socket before connect and on its listener: 0, and the connection "
            "carries bytes both ways; without its BOOL: WSAEFAULT",
            fast_path_calls),
    WC_CASE("A59.loopback-fast-path", "A59", "#remarks", WC_MUST,
            "a client with SIO_LOOPBACK_FAST_PATH on is still redirected to the proxy, which gets its records; the "
            "proxy's fast-path outbound leg with the records SET reaches the server, not the proxy again",
            fast_path_proxy),
};
WC_TABLE(wc_fast_path, cases);
