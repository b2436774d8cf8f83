/*
 * api_calls.c: fuzz_sequence's Winsock calls outside the WFP IOCTLs (issue 16 item 4): ConnectEx
 * with SO_UPDATE_CONNECT_CONTEXT, AcceptEx, select, inet_ntop/inet_pton (and InetNtopW/InetPtonW;
 * inet_pton also of edited IPv4 texts), getaddrinfo, getnameinfo and WSAAddressToString/
 * WSAStringToAddress, each on arguments the input chooses and each judged; and (model only) the
 * WFP management objects a callout driver adds at load.  Its dispatch also hands kinds 7, 10 and
 * 11 to filter_calls.c, lookup_calls.c and event_calls.c.
 *
 * Why: redirect services call these (the sample proxies, a vendor's completion-port service), and
 * the model implements them; certify's cases check fixed examples only, and the mutants of
 * tools/mutate that broke them (seed 17: a single zero group compressed, tv_usec 0 refused,
 * "localhost" unresolved, getnameinfo copying nothing, SO_UPDATE_CONNECT_CONTEXT refused once
 * connected) reached no fuzz target.  The expected outcome is computed here, from the pages,
 * never read back from the target: the address text by an RFC 5952 formatter of its own, the
 * sockets' readiness from what the harness made of them, so a wrong model is a finding.
 *
 * Sources (learn.microsoft.com unless named): "ConnectEx", "SOL_SOCKET socket options"
 * (SO_UPDATE_CONNECT_CONTEXT), "select function", "inet_ntop function", "inet_pton function",
 * "getaddrinfo function", "getnameinfo function", "WSAAddressToStringA function",
 * "WSAStringToAddressA function"; RFC 5952 (IPv6 text), RFC 6761 6.4 (".invalid" never resolves);
 * the choices the pages leave open as conformance/cases/{socket_calls,winsock_calls,
 * win32_surface}.c record them from Wine's ws2_32 tests run on Windows.
 */
#include <stdio.h>
#include <string.h>

#include "wh.h"
#ifndef _WIN32
#include "wfpcert/wdk/fwpsk.h" /* the management API a driver calls: public, as for wfp_api.c */
#endif

#define V6_TEXT 64

/* ------------------------------------------------------------ reference text */

/* RFC 5952: lowercase hex without leading zeros (4.1, 4.3); the longest run of two or more zero
 * groups, the first of equal runs, is "::" (4.2.1-4.2.3), a single zero group never is (4.2.2). */
static void ref_ntop6(const uint8_t b[16], char *out, size_t cap) {
    unsigned g[8];
    for (int i = 0; i < 8; i++) g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
    int best = -1, bestlen = 0;
    for (int i = 0; i < 8; i++) {
        int n = 0;
        while (i + n < 8 && g[i + n] == 0) n++;
        if (n >= 2 && n > bestlen) best = i, bestlen = n;
    }
    size_t k = 0;
    out[0] = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            k += (size_t)snprintf(out + k, cap - k, "::");
            i += bestlen - 1;
            continue;
        }
        k += (size_t)snprintf(out + k, cap - k, "%s%x", k && out[k - 1] != ':' ? ":" : "", g[i]);
    }
}

static void ref_ntop4(const uint8_t b[4], char *out, size_t cap) {
    snprintf(out, cap, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/* Addresses in ::/64 (IPv4-compatible, -mapped, -translated) may be written with a dotted IPv4
 * tail (RFC 5952 section 5 names the mapped form; Windows also writes others so): for those only
 * the well-formedness and the round trip are judged, not the exact text. */
static int v6_exact(const uint8_t b[16]) {
    for (int i = 0; i < 8; i++)
        if (b[i]) return 1;
    return 0;
}

/* A well-formed RFC 5952 text of an IPv6 address: hex groups of 1-4 lowercase digits without a
 * leading zero, at most one "::" standing for two or more groups, an optional dotted tail. */
static const char *v6_text_wrong(const char *t) {
    const char *dc = strstr(t, "::");
    if (dc && strstr(dc + 1, "::")) return "two \"::\"";
    int groups = 0;
    const char *p = t;
    while (*p) {
        if (*p == ':') {
            p++;
            continue;
        }
        const char *q = p;
        while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')) q++;
        if (*q == '.') { /* the dotted IPv4 tail ends the text */
            unsigned a, b2, c, d;
            char end;
            if (sscanf(p, "%u.%u.%u.%u%c", &a, &b2, &c, &d, &end) != 4 || a > 255 || b2 > 255 || c > 255 || d > 255)
                return "a bad dotted tail";
            groups += 2;
            break;
        }
        if (q == p || (*q && *q != ':')) return "a character that is no lowercase hex digit";
        if (q - p > 4) return "a group of more than 4 digits";
        if (q - p > 1 && *p == '0') return "a group with a leading zero (RFC 5952 4.1)";
        groups++;
        p = q;
    }
    if (dc ? groups > 6 : groups != 8)
        return dc ? "\"::\" standing for a single zero group (RFC 5952 4.2.2)" : "not 8 groups";
    return NULL;
}

/* Input bytes for an address; the mask byte zeroes IPv6 groups so that zero runs of every
 * length (one group included) are frequent. */
static void pick_addr(fdp *in, int af, uint8_t *b) {
    const uint8_t *p;
    size_t n = af == AF_INET6 ? 16 : 4;
    memset(b, 0, 16);
    size_t got = wh_fdp_bytes(in, n, &p);
    memcpy(b, p, got);
    if (af == AF_INET6) {
        uint8_t mask = wh_fdp_u8(in);
        for (int i = 0; i < 8; i++)
            if (mask & (1u << i)) b[2 * i] = b[2 * i + 1] = 0;
    }
}

static void addr_text(int af, const uint8_t *b, char *out, size_t cap) {
    if (af == AF_INET6)
        ref_ntop6(b, out, cap);
    else
        ref_ntop4(b, out, cap);
}

static int sa_of(int af, const uint8_t *b, USHORT port, ULONG scope, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    if (af == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)a;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        s6->sin6_scope_id = scope;
        memcpy(&s6->sin6_addr, b, 16);
        return (int)sizeof *s6;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)a;
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    memcpy(&s4->sin_addr, b, 4);
    return (int)sizeof *s4;
}

/* ------------------------------------------------------------ ConnectEx */

SOCKET wh_loopback(int af, int type, int listening, SOCKADDR_STORAGE *a, int *alen) {
    static const uint8_t one6[16] = {[15] = 1}, one4[4] = {127, 0, 0, 1};
    *alen = sa_of(af, af == AF_INET6 ? one6 : one4, 0, 0, a);
    SOCKET s = WSASocket(af, type, type == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    int len = (int)sizeof *a;
    if (s == INVALID_SOCKET) return s;
    if (bind(s, (struct sockaddr *)a, *alen) || (listening && listen(s, 8)) ||
        getsockname(s, (struct sockaddr *)a, &len)) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static SOCKET loopback_socket(int af, int listening, SOCKADDR_STORAGE *a, int *alen) {
    return wh_loopback(af, SOCK_STREAM, listening, a, alen);
}

/* An extension function's pointer into *fn; every stack has ConnectEx and AcceptEx. */
static void extension(SOCKET s, GUID g, void *fn, DWORD size, const char *name) {
    DWORD n = 0;
    memset(fn, 0, size);
    int r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, size, &n, NULL, NULL);
    void *p = NULL;
    memcpy(&p, fn, sizeof p < size ? sizeof p : size);
    if (r || !p) wh_fail("S3", "SIO_GET_EXTENSION_FUNCTION_POINTER(%s): error %d", name, r ? WSAGetLastError() : 0);
}

/* SO_UPDATE_CONNECT_CONTEXT on a socket that is not connected fails with WSAENOTCONN (the option
 * finishes a ConnectEx; Wine's tests run on Windows, wsp_ext.c); once ConnectEx has completed it
 * succeeds and getpeername gives the address connected to ("SOL_SOCKET socket options",
 * "ConnectEx": "the socket ... can be used with ... getpeername" after the update). */
static void connectex_call(wh_ctx *x, wh_sock *s) {
    fdp *in = x->in;
    int af = wh_fdp_bool(in) ? AF_INET6 : AF_INET;
    int before = wh_fdp_bool(in), after = wh_fdp_range(in, 0, 3) != 0;
    const uint8_t *data;
    size_t nsend = wh_fdp_bytes(in, wh_fdp_range(in, 0, 16), &data);
    if (before && !s->closed && (s->kind == WH_S_FRESH || s->kind == WH_S_BOUND) &&
        (s->state == WC_ORACLE_S_FRESH || s->state == WC_ORACLE_S_BOUND)) {
        wh_fdp_step("setsockopt(%s, SO_UPDATE_CONNECT_CONTEXT) on a socket that is not connected", s->name);
        wh_fdp_c("r = setsockopt(%s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);", s->name);
        int r = setsockopt(s->s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
        int e = r ? WSAGetLastError() : 0;
        if (r != SOCKET_ERROR || e != WSAENOTCONN)
            wh_fail("S3", "SO_UPDATE_CONNECT_CONTEXT on %s, never connected: %d, error %d; expected WSAENOTCONN",
                    s->name, r, e);
    }
    wh_fdp_step("ConnectEx on a bound %s socket to a loopback listener, %zu bytes to send; update context %s",
                af == AF_INET6 ? "IPv6" : "IPv4", nsend, after ? "yes" : "no");
    wh_fdp_c("/* ConnectEx to a loopback listener (api_calls.c connectex_call) */");
    SOCKADDR_STORAGE la, ca;
    int ll, cl;
    SOCKET l = loopback_socket(af, 1, &la, &ll);
    SOCKET c = l == INVALID_SOCKET ? INVALID_SOCKET : loopback_socket(af, 0, &ca, &cl);
    if (c == INVALID_SOCKET) { /* out of sockets or ports: not the calls under test */
        if (l != INVALID_SOCKET) closesocket(l);
        return;
    }
    if (before) {
        int r = setsockopt(c, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
        int e = r ? WSAGetLastError() : 0;
        if (r != SOCKET_ERROR || e != WSAENOTCONN)
            wh_fail("S3",
                    "SO_UPDATE_CONNECT_CONTEXT on a bound socket before ConnectEx: %d, error %d; expected "
                    "WSAENOTCONN",
                    r, e);
    }
    LPFN_CONNECTEX connectex = NULL;
    extension(c, (GUID)WSAID_CONNECTEX, &connectex, sizeof connectex, "WSAID_CONNECTEX");
    WSAOVERLAPPED *ov = wh_alloc(x, sizeof *ov);
    void *buf = nsend ? wh_alloc(x, nsend) : NULL;
    if (!ov || (nsend && !buf)) goto out;
    if (nsend) memcpy(buf, data, nsend);
    ov->hEvent = WSACreateEvent();
    DWORD sent = 0, fl = 0;
    BOOL ok = connectex(c, (struct sockaddr *)&la, ll, buf, (DWORD)nsend, &sent, ov);
    int e = ok ? 0 : WSAGetLastError();
    if (!ok && e == WSA_IO_PENDING) {
        ok = WSAGetOverlappedResult(c, ov, &sent, TRUE, &fl);
        e = ok ? 0 : WSAGetLastError();
    }
    WSACloseEvent(ov->hEvent);
    int digest[] = {3001, ok, e};
    wh_digest_add(digest, sizeof digest);
    if (!ok && (e == WSAENOBUFS || e == WSA_NOT_ENOUGH_MEMORY)) goto out; /* the model's resource faults */
    if (!ok)
        wh_fail("S3",
                "ConnectEx of a bound socket to a listening loopback socket failed: %d (\"ConnectEx\": the "
                "connection is made)",
                e);
    if (sent != nsend) wh_fail("S3", "ConnectEx sent %lu of the %zu bytes it was given", (unsigned long)sent, nsend);
    if (after) {
        int r = setsockopt(c, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
        e = r ? WSAGetLastError() : 0;
        if (r) wh_fail("S3", "SO_UPDATE_CONNECT_CONTEXT after a completed ConnectEx: %d, error %d; expected 0", r, e);
        SOCKADDR_STORAGE p;
        int pl = (int)sizeof p;
        r = getpeername(c, (struct sockaddr *)&p, &pl);
        if (r || p.ss_family != af)
            wh_fail("S3", "getpeername after ConnectEx and SO_UPDATE_CONNECT_CONTEXT: %d, error %d", r,
                    r ? WSAGetLastError() : 0);
    }
out:
    closesocket(c);
    closesocket(l);
}

/* AcceptEx, one argument wrong or none, as certify's S3.acceptex-refused and
 * S3.acceptex-acceptor-closed hold it ("AcceptEx function"; the choices Wine's tests record for
 * Windows): a NULL lpOverlapped WSA_INVALID_PARAMETER; a listener not listening or a bound
 * sAcceptSocket WSAEINVAL; a remote address length of 0 or a NULL lpOutputBuffer WSAEFAULT;
 * nothing signalled for a refusal.  With all right and no client it pends, and closing the
 * accept socket ends it with WSA_OPERATION_ABORTED. */
static void acceptex_call(wh_ctx *x) {
    static const struct {
        const char *what;
        int listening, bound_acceptor, null_out, null_ov, no_remote;
        int err;
    } rows[] = {
        {"all arguments right, no client", 1, 0, 0, 0, 0, WSA_IO_PENDING},
        {"a NULL lpOverlapped", 1, 0, 0, 1, 0, WSA_INVALID_PARAMETER},
        {"a listener that is bound but not listening", 0, 0, 0, 0, 0, WSAEINVAL},
        {"a bound sAcceptSocket", 1, 1, 0, 0, 0, WSAEINVAL},
        {"a remote address length of 0", 1, 0, 0, 0, 1, WSAEFAULT},
        {"a NULL lpOutputBuffer", 1, 0, 1, 0, 0, WSAEFAULT},
    };
    int af = wh_fdp_bool(x->in) ? AF_INET6 : AF_INET;
    unsigned k = wh_fdp_range(x->in, 0, (uint32_t)(sizeof rows / sizeof rows[0]) - 1);
    wh_fdp_step("AcceptEx (%s) with %s", af == AF_INET6 ? "IPv6" : "IPv4", rows[k].what);
    wh_fdp_c("/* AcceptEx with %s (api_calls.c acceptex_call) */", rows[k].what);
    SOCKADDR_STORAGE la, aa;
    int ll, al;
    SOCKET l = loopback_socket(af, rows[k].listening, &la, &ll);
    SOCKET a = l == INVALID_SOCKET      ? INVALID_SOCKET
               : rows[k].bound_acceptor ? loopback_socket(af, 0, &aa, &al)
                                        : WSASocket(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (a == INVALID_SOCKET) { /* out of sockets or ports: not the call under test */
        if (l != INVALID_SOCKET) closesocket(l);
        return;
    }
    LPFN_ACCEPTEX acceptex = NULL;
    extension(l, (GUID)WSAID_ACCEPTEX, &acceptex, sizeof acceptex, "WSAID_ACCEPTEX");
    DWORD room = (DWORD)(af == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) + 16;
    char *out = wh_alloc(x, 2 * room);
    WSAOVERLAPPED *ov = wh_alloc(x, sizeof *ov);
    if (!out || !ov) goto out;
    ov->hEvent = WSACreateEvent();
    DWORD got = 0;
    WSASetLastError(WH_STALE_ERROR);
    BOOL ok = acceptex(l, a, rows[k].null_out ? NULL : out, 0, room, rows[k].no_remote ? 0 : room, &got,
                       rows[k].null_ov ? NULL : ov);
    int e = ok ? 0 : WSAGetLastError();
    int digest[] = {3007, (int)k, ok, e};
    wh_digest_add(digest, sizeof digest);
    if (!ok && (e == WSAENOBUFS || e == WSA_NOT_ENOUGH_MEMORY)) goto done; /* the model's resource faults */
    if (ok || e != rows[k].err)
        wh_fail("S3", "AcceptEx with %s: %s, error %d; expected FALSE and %d", rows[k].what, ok ? "TRUE" : "FALSE", e,
                rows[k].err);
    if (e != WSA_IO_PENDING) {
        if (WSAWaitForMultipleEvents(1, &ov->hEvent, FALSE, 0, FALSE) != WSA_WAIT_TIMEOUT)
            wh_fail("S3", "AcceptEx refused for %s, yet its event was signalled", rows[k].what);
        goto done;
    }
    closesocket(a); /* the accept socket goes: the call ends, aborted */
    a = INVALID_SOCKET;
    DWORD fl = 0;
    ok = WSAGetOverlappedResult(l, ov, &got, TRUE, &fl);
    e = ok ? 0 : WSAGetLastError();
    if (ok || e != WSA_OPERATION_ABORTED)
        wh_fail("S3",
                "a pending AcceptEx whose accept socket was closed ended %s, error %d; expected "
                "WSA_OPERATION_ABORTED",
                ok ? "TRUE" : "FALSE", e);
done:
    WSACloseEvent(ov->hEvent);
out:
    if (a != INVALID_SOCKET) closesocket(a);
    closesocket(l);
}

/* ------------------------------------------------------------ select */

/* "select function": WSAENOTSOCK when a set holds something that is not a socket, WSAEINVAL when
 * all three sets are NULL; otherwise the count of sockets ready, each set cut down to its ready
 * sockets.  A connected stream socket whose send side is open, and a bound UDP socket, can be
 * written to ("writefds: ... Data can be sent"): they are in the writable set whatever the
 * timeout.  A timeout of {0, 0} polls ("the time-out value ... zero ... return immediately");
 * the others are below two milliseconds. */
static void select_call(wh_ctx *x) {
    fdp *in = x->in;
    fd_set sets[3], before[3];
    fd_set *use[3];
    int not_socket = 0, unsure = 0, listed = 0;
    for (int k = 0; k < 3; k++) {
        use[k] = wh_fdp_range(in, 0, 3) ? &sets[k] : NULL;
        FD_ZERO(&sets[k]);
        int count = (int)wh_fdp_range(in, 0, 3);
        for (int i = 0; use[k] && i < count && x->nsocks; i++) {
            wh_sock *s = &x->socks[wh_fdp_range(in, 0, (uint32_t)x->nsocks - 1)];
            FD_SET(s->s, &sets[k]);
            listed++;
            if (s->kind == WH_S_NOT_SOCKET)
                not_socket = 1;
            else if (s->closed)
                unsure = 1; /* a handle value may be reused by a later socket */
        }
        before[k] = sets[k];
    }
    static const long usec[] = {0, 0, 1, 999, 1000, 1500};
    struct timeval tv = {0, usec[wh_fdp_range(in, 0, 5)]};
    wh_fdp_step("select(read %s%u, write %s%u, except %s%u, {0, %ld})", use[0] ? "" : "NULL/", sets[0].fd_count,
                use[1] ? "" : "NULL/", sets[1].fd_count, use[2] ? "" : "NULL/", sets[2].fd_count, (long)tv.tv_usec);
    wh_fdp_c("/* select over the sockets the input listed (api_calls.c select_call) */");
    int r = select(0, use[0], use[1], use[2], &tv);
    int e = r == SOCKET_ERROR ? WSAGetLastError() : 0;
    int digest[] = {3002, r, e};
    wh_digest_add(digest, sizeof digest);
    if (!use[0] && !use[1] && !use[2]) {
        if (r != SOCKET_ERROR || e != WSAEINVAL)
            wh_fail("S3", "select with three NULL sets: %d, error %d; expected WSAEINVAL", r, e);
        return;
    }
    if (not_socket) {
        if (r != SOCKET_ERROR || e != WSAENOTSOCK)
            wh_fail("S3", "select with a set holding a handle that is not a socket: %d, error %d; expected WSAENOTSOCK",
                    r, e);
        return;
    }
    if (unsure) return;
    if (!listed) { /* sets given, all empty: Windows says WSAEINVAL, the page names only NULL sets */
        if (r != 0 && !(r == SOCKET_ERROR && e == WSAEINVAL))
            wh_fail("S3", "select with empty sets: %d, error %d; expected 0 or WSAEINVAL", r, e);
        return;
    }
    if (r == SOCKET_ERROR)
        wh_fail("S3", "select over open sockets with the timeout {0, %ld}: error %d; expected a count",
                (long)tv.tv_usec, e);
    int total = 0;
    for (int k = 0; k < 3; k++) {
        if (!use[k]) continue;
        total += (int)sets[k].fd_count;
        for (u_int i = 0; i < sets[k].fd_count; i++)
            if (!FD_ISSET(sets[k].fd_array[i], &before[k]))
                wh_fail("S3", "select returned a socket in set %d that was not in it", k);
    }
    if (r != total) wh_fail("S3", "select returned %d, but its sets hold %d sockets", r, total);
    for (u_int i = 0; use[1] && i < before[1].fd_count; i++) {
        for (int j = 0; j < x->nsocks; j++) {
            wh_sock *s = &x->socks[j];
            int open_flow = s->kind == WH_S_PLAIN || s->kind == WH_S_REDIRECTED || s->kind == WH_S_REDIRECTED_CLIENT ||
                            s->kind == WH_S_UDP_PROXY;
            if (s->s == before[1].fd_array[i] && open_flow && !s->closed && !s->shut_send && !FD_ISSET(s->s, &sets[1]))
                wh_fail("S3", "select left %s (%s) out of the writable set", s->name,
                        s->udp ? "a bound UDP socket" : "a connected TCP socket");
        }
    }
}

/* ------------------------------------------------------------ inet_ntop / inet_pton */

/* "inet_ntop function": the text, or NULL with ERROR_INVALID_PARAMETER when StringBufSize is too
 * small; the text reads back with inet_pton to the same address ("inet_pton function"). */
static void ntop_call(wh_ctx *x) {
    fdp *in = x->in;
    int af = wh_fdp_bool(in) ? AF_INET6 : AF_INET;
    uint8_t b[16], back[16];
    pick_addr(in, af, b);
    char want[V6_TEXT];
    addr_text(af, b, want, sizeof want);
    size_t need = strlen(want) + 1;
    int size_kind = (int)wh_fdp_range(in, 0, 2);
    size_t size = size_kind == 0 ? 46 : size_kind == 1 ? need : need - 1; /* INET6_ADDRSTRLEN, exact, short */
    char *buf = wh_alloc(x, 46);
    if (!buf) return;
    memset(buf, 0x5A, 46);
    wh_fdp_step("inet_ntop(%s %s) into %zu chars", af == AF_INET6 ? "AF_INET6" : "AF_INET", want, size);
    wh_fdp_c("/* inet_ntop and inet_pton of %s (api_calls.c ntop_call) */", want);
    const char *r = inet_ntop(af, b, buf, size);
    int e = r ? 0 : WSAGetLastError();
    int digest[] = {3003, r != NULL, e};
    wh_digest_add(digest, sizeof digest);
    int exact = af == AF_INET || v6_exact(b);
    if (r) {
        const char *bad = af == AF_INET6 ? v6_text_wrong(buf) : NULL;
        if (r != buf || memchr(buf, 0, size) == NULL) wh_fail("S3", "inet_ntop of %s: no text in the buffer", want);
        if (exact && size < need)
            wh_fail("S3", "inet_ntop of %s into %zu chars (%zu needed) succeeded", want, size, need);
        if (bad) wh_fail("S3", "inet_ntop of %s gave \"%s\": %s", want, buf, bad);
        if (exact && strcmp(buf, want)) wh_fail("S3", "inet_ntop gave \"%s\"; RFC 5952 writes \"%s\"", buf, want);
        memset(back, 0xEE, sizeof back);
        if (inet_pton(af, buf, back) != 1 || memcmp(back, b, af == AF_INET6 ? 16 : 4))
            wh_fail("S3", "inet_pton of \"%s\" (inet_ntop's text of %s) gives another address", buf, want);
    } else {
        int param = e == ERROR_INVALID_PARAMETER || e == WSAEINVAL || e == (int)0xC000000Du;
        if (size >= 46 || (exact && size >= need)) /* 46 (INET6_ADDRSTRLEN) holds every text */
            wh_fail("S3", "inet_ntop of %s into %zu chars (%zu needed): NULL, error %d", want, size, need, e);
        if (!param)
            wh_fail("S3", "inet_ntop of %s into %zu chars: error %d; expected ERROR_INVALID_PARAMETER", want, size, e);
    }
    /* The reference text parses to the address (every family's dotted or RFC 5952 text). */
    memset(back, 0xEE, sizeof back);
    if (inet_pton(af, want, back) != 1 || memcmp(back, b, af == AF_INET6 ? 16 : 4))
        wh_fail("S3", "inet_pton(\"%s\") does not give that address", want);
    /* "InetNtopW function", "InetPtonW function": the same text in UTF-16, the same refusal of
     * a buffer too short, the same address back. */
    WCHAR *wbuf = wh_alloc(x, 46 * sizeof(WCHAR));
    if (!wbuf) return;
    const WCHAR *wr = InetNtopW(af, b, wbuf, size);
    if (!r != !wr)
        wh_fail("S3", "inet_ntop of %s into %zu chars %s, InetNtopW %s", want, size, r ? "succeeded" : "failed",
                wr ? "succeeded" : "failed");
    if (r && wr) {
        size_t k = 0;
        while (buf[k] && wbuf[k] == (WCHAR)(unsigned char)buf[k]) k++;
        if (wr != wbuf || buf[k] || wbuf[k]) wh_fail("S3", "InetNtopW of %s is not inet_ntop's \"%s\"", want, buf);
        memset(back, 0xEE, sizeof back);
        if (InetPtonW(af, wbuf, back) != 1 || memcmp(back, b, af == AF_INET6 ? 16 : 4))
            wh_fail("S3", "InetPtonW of InetNtopW's text of %s gives another address", want);
    }
}

/* inet_pton of an IPv4 text the input has edited: "inet_pton function", 1 for "a valid IPv4
 * dotted-decimal string" and 0 otherwise.  The reference reads four decimal parts of 1-3 digits,
 * each at most 255, separated by dots and nothing else; a part with a leading zero ("010") is
 * not judged, as the pages do not say whether it is octal, decimal or refused. */
static int v4_text_ref(const char *t, uint8_t out[4]) {
    for (int i = 0; i < 4; i++) {
        if (i && *t++ != '.') return 0;
        int n = 0;
        unsigned v = 0;
        if (t[0] == '0' && t[1] >= '0' && t[1] <= '9') return -1; /* a leading zero: not judged */
        for (; *t >= '0' && *t <= '9'; t++, n++) v = v * 10 + (unsigned)(*t - '0');
        if (!n || n > 3 || v > 255) return 0;
        out[i] = (uint8_t)v;
    }
    return *t ? 0 : 1;
}

static void pton_call(wh_ctx *x) {
    fdp *in = x->in;
    uint8_t b[16];
    pick_addr(in, AF_INET, b);
    char text[24];
    addr_text(AF_INET, b, text, sizeof text);
    static const char alphabet[] = "0123456789.a :-x";
    int edits = (int)wh_fdp_range(in, 0, 2);
    for (int k = 0; k < edits; k++) {
        size_t len = strlen(text);
        size_t at = wh_fdp_range(in, 0, (uint32_t)len);
        char ch = alphabet[wh_fdp_range(in, 0, (uint32_t)sizeof alphabet - 1)]; /* the last: the NUL, a cut */
        if (at == len && ch && len + 1 < sizeof text) text[len + 1] = 0; /* at the end: appended */
        text[at] = ch;
    }
    uint8_t want[4], got[4];
    int ref = v4_text_ref(text, want);
    wh_fdp_step("inet_pton(AF_INET, \"%s\")", text);
    wh_fdp_c("/* inet_pton of an edited IPv4 text (api_calls.c pton_call) */");
    memset(got, 0xEE, sizeof got);
    int r = inet_pton(AF_INET, text, got);
    int digest[] = {3008, r, ref};
    wh_digest_add(digest, sizeof digest);
    if (ref < 0) return;
    if (ref && (r != 1 || memcmp(got, want, 4)))
        wh_fail("S3", "inet_pton(AF_INET, \"%s\"): %d; expected 1 and %u.%u.%u.%u", text, r, want[0], want[1], want[2],
                want[3]);
    if (!ref && r != 0) wh_fail("S3", "inet_pton(AF_INET, \"%s\"): %d; the text is no dotted-decimal address", text, r);
}

/* ------------------------------------------------------------ getaddrinfo */

static int loopback_of(const struct sockaddr *sa) {
    if (sa->sa_family == AF_INET) return ((const struct sockaddr_in *)sa)->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
    static const uint8_t one[16] = {[15] = 1};
    return memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, one, 16) == 0;
}

static int wildcard_of(const struct sockaddr *sa) {
    static const uint8_t zero[16];
    if (sa->sa_family == AF_INET) return ((const struct sockaddr_in *)sa)->sin_addr.s_addr == 0;
    return memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, zero, 16) == 0;
}

/* "getaddrinfo function": a numeric host gives its address, of its own family only; "localhost"
 * gives the loopback addresses unless AI_NUMERICHOST ("the nodename parameter must be a numeric
 * host address"), with it EAI_NONAME; no node gives the wildcard with AI_PASSIVE and loopback
 * without (conformance S3.getaddrinfo-null-node); a name under ".invalid" resolves nowhere (RFC
 * 6761); every entry carries the service's port and the length of its family's sockaddr. */
static void getaddrinfo_call(wh_ctx *x) {
    fdp *in = x->in;
    int node_kind = (int)wh_fdp_range(in, 0, 4); /* localhost, v4 text, v6 text, .invalid, NULL */
    static const int fams[] = {AF_UNSPEC, AF_INET, AF_INET6};
    int family = fams[wh_fdp_range(in, 0, 2)];
    uint8_t fl = wh_fdp_u8(in);
    int flags = (fl & 1 ? AI_PASSIVE : 0) | (fl & 2 ? AI_NUMERICHOST : 0);
    unsigned port = wh_fdp_range(in, 0, 65535);
    uint8_t b[16];
    char node[V6_TEXT];
    int naf = node_kind == 1 ? AF_INET : AF_INET6;
    if (node_kind == 1 || node_kind == 2) {
        pick_addr(in, naf, b);
        addr_text(naf, b, node, sizeof node);
    } else {
        snprintf(node, sizeof node, "%s", node_kind == 0 ? "localhost" : "wfpcert-fuzz.invalid");
    }
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    ADDRINFOA hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_flags = flags;
    hints.ai_socktype = SOCK_STREAM;
    const char *np = node_kind == 4 ? NULL : node;
    wh_fdp_step("getaddrinfo(%s, \"%s\", family %d, flags 0x%x)", np ? np : "NULL", service, family, flags);
    wh_fdp_c("/* getaddrinfo (api_calls.c getaddrinfo_call) */");
    int rc = getaddrinfo(np, service, &hints, &res);
    int digest[] = {3004, rc};
    wh_digest_add(digest, sizeof digest);
    int want_ok, want_v4 = family != AF_INET6, want_v6 = family != AF_INET;
    switch (node_kind) {
    case 0:
        want_ok = !(flags & AI_NUMERICHOST);
        break;
    case 1:
    case 2:
        want_ok = family == AF_UNSPEC || family == naf;
        want_v4 = naf == AF_INET, want_v6 = naf == AF_INET6;
        break;
    case 3:
        want_ok = 0;
        break;
    default:
        want_ok = 1;
        break;
    }
    if (rc == EAI_MEMORY) return; /* the model's allocation faults */
    if (!want_ok) {
        if (rc == 0 || res)
            wh_fail("S3", "getaddrinfo(\"%s\", family %d, flags 0x%x) succeeded; expected a failure%s", node, family,
                    flags, node_kind == 0 ? " (AI_NUMERICHOST: EAI_NONAME)" : "");
        if (node_kind == 0 && rc != EAI_NONAME)
            wh_fail("S3", "getaddrinfo(\"localhost\", AI_NUMERICHOST): %d; expected EAI_NONAME", rc);
        return;
    }
    if (rc != 0 || !res)
        wh_fail("S3", "getaddrinfo(%s, \"%s\", family %d, flags 0x%x): %d; expected addresses", np ? np : "NULL",
                service, family, flags, rc);
    int seen4 = 0, seen6 = 0;
    for (ADDRINFOA *a = res; a; a = a->ai_next) {
        const struct sockaddr *sa = a->ai_addr;
        if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6) || a->ai_family != sa->sa_family ||
            a->ai_addrlen != (sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)))
            wh_fail("S3", "getaddrinfo(%s): an entry without a whole sockaddr of its family", np ? np : "NULL");
        if ((sa->sa_family == AF_INET && !want_v4) || (sa->sa_family == AF_INET6 && !want_v6))
            wh_fail("S3", "getaddrinfo(%s, family %d): an entry of family %d", np ? np : "NULL", family, sa->sa_family);
        seen4 |= sa->sa_family == AF_INET, seen6 |= sa->sa_family == AF_INET6;
        if (ntohs(((const struct sockaddr_in *)sa)->sin_port) != port)
            wh_fail("S3", "getaddrinfo(%s, \"%s\"): an entry with port %u", np ? np : "NULL", service,
                    ntohs(((const struct sockaddr_in *)sa)->sin_port));
        int right;
        if (node_kind == 0)
            right = loopback_of(sa);
        else if (node_kind == 4)
            right = flags & AI_PASSIVE ? wildcard_of(sa) : loopback_of(sa);
        else
            right = sa->sa_family == AF_INET6 ? !memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, b, 16)
                                              : !memcmp(&((const struct sockaddr_in *)sa)->sin_addr, b, 4);
        if (!right)
            wh_fail("S3", "getaddrinfo(%s, flags 0x%x): an entry with another address", np ? np : "NULL", flags);
    }
    if (!seen4 && !seen6) wh_fail("S3", "getaddrinfo(%s): no entry", np ? np : "NULL");
    freeaddrinfo(res);
}

/* ------------------------------------------------------------ getnameinfo */

/* "getnameinfo function": NI_NUMERICHOST gives the numeric text, NI_NUMERICSERV the port in
 * decimal; without them a name may come instead (never an empty one), and with NI_NAMEREQD a
 * host without a name is EAI_NONAME; a buffer must hold the text and its NUL (exactly enough
 * succeeds, one byte less fails: conformance S3.name-info) and nothing is written past it. */
static void getnameinfo_call(wh_ctx *x) {
    fdp *in = x->in;
    int af = wh_fdp_bool(in) ? AF_INET6 : AF_INET;
    uint8_t b[16];
    pick_addr(in, af, b);
    USHORT port = (USHORT)wh_fdp_range(in, 0, 65535);
    uint8_t fl = wh_fdp_u8(in);
    int flags = (fl & 1 ? NI_NUMERICHOST : 0) | (fl & 2 ? NI_NUMERICSERV : 0) | (fl & 4 ? NI_NAMEREQD : 0);
    int hsize_kind = (int)wh_fdp_range(in, 0, 3), ssize_kind = (int)wh_fdp_range(in, 0, 3);
    SOCKADDR_STORAGE sa;
    int salen = sa_of(af, b, port, 0, &sa);
    char host_want[V6_TEXT], serv_want[8];
    addr_text(af, b, host_want, sizeof host_want);
    snprintf(serv_want, sizeof serv_want, "%u", (unsigned)port);
    int exact = af == AF_INET || v6_exact(b);
    DWORD hneed = (DWORD)strlen(host_want) + 1, sneed = (DWORD)strlen(serv_want) + 1;
    int numeric_host = (flags & NI_NUMERICHOST) != 0 && exact, numeric_serv = (flags & NI_NUMERICSERV) != 0;
    /* sizes: the largest, exactly the text's, one byte short (numeric texts only), or no buffer */
    DWORD hcap = hsize_kind == 0 ? NI_MAXHOST : !numeric_host || hsize_kind == 3 ? 0 : hneed - (hsize_kind == 2);
    DWORD scap = ssize_kind == 0 ? NI_MAXSERV : !numeric_serv || ssize_kind == 3 ? 0 : sneed - (ssize_kind == 2);
    int short_buf = (hcap && hsize_kind == 2) || (scap && ssize_kind == 2);
    char *host = hcap ? wh_alloc(x, hcap + 16) : NULL, *serv = scap ? wh_alloc(x, scap + 16) : NULL;
    if ((hcap && !host) || (scap && !serv)) return;
    if (host) memset(host, 0x5A, hcap + 16);
    if (serv) memset(serv, 0x5A, scap + 16);
    wh_fdp_step("getnameinfo(%s port %u, flags 0x%x) host buffer %lu, service buffer %lu", host_want, (unsigned)port,
                flags, (unsigned long)hcap, (unsigned long)scap);
    wh_fdp_c("/* getnameinfo (api_calls.c getnameinfo_call) */");
    int rc = getnameinfo((const SOCKADDR *)&sa, (socklen_t)salen, host, hcap, serv, scap, flags);
    int digest[] = {3005, rc};
    wh_digest_add(digest, sizeof digest);
    if (rc == EAI_MEMORY) return;
    for (int i = 0; i < 16; i++)
        if ((host && (uint8_t)host[hcap + i] != 0x5A) || (serv && (uint8_t)serv[scap + i] != 0x5A))
            wh_fail("safety", "getnameinfo wrote past its %lu-byte host or %lu-byte service buffer",
                    (unsigned long)hcap, (unsigned long)scap);
    if (!host && !serv) return; /* nothing asked: either answer */
    if (short_buf) {
        if (!rc)
            wh_fail("S3",
                    "getnameinfo(%s port %u) into a %lu-byte host and %lu-byte service buffer, one short, succeeded",
                    host_want, (unsigned)port, (unsigned long)hcap, (unsigned long)scap);
        return;
    }
    if (rc) {
        if ((flags & NI_NAMEREQD) && !(flags & NI_NUMERICHOST)) return; /* no name: EAI_NONAME is right */
        wh_fail("S3", "getnameinfo(%s port %u, flags 0x%x) into %lu/%lu bytes: %d", host_want, (unsigned)port, flags,
                (unsigned long)hcap, (unsigned long)scap, rc);
    }
    if (host) {
        if (!memchr(host, 0, hcap)) wh_fail("S3", "getnameinfo's host text is not terminated in its buffer");
        if (numeric_host && strcmp(host, host_want))
            wh_fail("S3", "getnameinfo(%s, NI_NUMERICHOST) gave \"%.64s\"", host_want, host);
        if (!host[0]) wh_fail("S3", "getnameinfo(%s) gave an empty host name", host_want);
    }
    if (serv) {
        if (!memchr(serv, 0, scap)) wh_fail("S3", "getnameinfo's service text is not terminated in its buffer");
        if ((flags & NI_NUMERICSERV) && strcmp(serv, serv_want))
            wh_fail("S3", "getnameinfo(port %u, NI_NUMERICSERV) gave \"%.32s\"", (unsigned)port, serv);
        if (!serv[0]) wh_fail("S3", "getnameinfo(port %u) gave an empty service", (unsigned)port);
    }
}

/* ------------------------------------------------------------ WSAAddressToString / WSAStringToAddress */

/* "WSAAddressToStringA function": the text ("a.b.c.d[:port]", IPv6 "addr[%scope]" or
 * "[addr[%scope]]:port": conformance S3.address-to-string), its length with the NUL; a buffer
 * one short fails with WSAEFAULT and the length needed.  "WSAStringToAddressA function": the text
 * reads back to the address, port and scope, with the length of the family's sockaddr. */
static void address_string_call(wh_ctx *x) {
    fdp *in = x->in;
    int af = wh_fdp_bool(in) ? AF_INET6 : AF_INET;
    uint8_t b[16];
    pick_addr(in, af, b);
    USHORT port = wh_fdp_bool(in) ? (USHORT)wh_fdp_range(in, 0, 65535) : 0;
    ULONG scope = af == AF_INET6 ? wh_fdp_range(in, 0, 3) : 0;
    int short_buf = wh_fdp_range(in, 0, 3) == 0;
    SOCKADDR_STORAGE sa, back;
    int salen = sa_of(af, b, port, scope, &sa);
    char addr[V6_TEXT], want[V6_TEXT + 16], scoped[V6_TEXT + 8];
    addr_text(af, b, addr, sizeof addr);
    if (af == AF_INET) {
        snprintf(want, sizeof want, port ? "%s:%u" : "%s", addr, (unsigned)port);
    } else {
        snprintf(scoped, sizeof scoped, scope ? "%s%%%lu" : "%s", addr, (unsigned long)scope);
        if (port)
            snprintf(want, sizeof want, "[%s]:%u", scoped, (unsigned)port);
        else
            snprintf(want, sizeof want, "%s", scoped);
    }
    int exact = af == AF_INET || v6_exact(b);
    DWORD need = (DWORD)strlen(want) + 1;
    char *out = wh_alloc(x, 96);
    if (!out) return;
    memset(out, 0x5A, 96);
    DWORD len = short_buf && exact ? need - 1 : 80;
    wh_fdp_step("WSAAddressToStringA(%s) into %lu chars, then WSAStringToAddressA", want, (unsigned long)len);
    wh_fdp_c("/* WSAAddressToStringA and WSAStringToAddressA of %s (api_calls.c address_string_call) */", want);
    int rc = WSAAddressToStringA((LPSOCKADDR)&sa, (DWORD)salen, NULL, out, &len);
    int e = rc ? WSAGetLastError() : 0;
    int digest[] = {3006, rc, e, (int)len};
    wh_digest_add(digest, sizeof digest);
    if (e == WSA_NOT_ENOUGH_MEMORY || e == WSAENOBUFS) return;
    if (short_buf && exact) {
        if (rc != SOCKET_ERROR || e != WSAEFAULT || len != need)
            wh_fail("S3",
                    "WSAAddressToStringA(%s) into %lu chars: %d, error %d, length %lu; expected WSAEFAULT and %lu",
                    want, (unsigned long)(need - 1), rc, e, (unsigned long)len, (unsigned long)need);
        for (DWORD i = need - 1; i < 96; i++)
            if ((uint8_t)out[i] != 0x5A)
                wh_fail("safety", "WSAAddressToStringA wrote past the %lu chars it was given",
                        (unsigned long)(need - 1));
    } else {
        if (rc) wh_fail("S3", "WSAAddressToStringA(%s): %d, error %d", want, rc, e);
        if (!memchr(out, 0, 80) || len != strlen(out) + 1)
            wh_fail("S3", "WSAAddressToStringA(%s): length %lu for a text of %zu chars", want, (unsigned long)len,
                    memchr(out, 0, 80) ? strlen(out) : (size_t)80);
        if (exact && strcmp(out, want)) wh_fail("S3", "WSAAddressToStringA gave \"%.80s\"; expected \"%s\"", out, want);
        if (!exact) snprintf(want, sizeof want, "%s", out); /* its own text must read back */
    }
    /* The text (the reference one, or the target's where only the round trip is judged) reads
     * back to the same sockaddr. */
    INT blen = (INT)sizeof back;
    memset(&back, 0xEE, sizeof back);
    rc = WSAStringToAddressA(want, af, NULL, (LPSOCKADDR)&back, &blen);
    e = rc ? WSAGetLastError() : 0;
    if (e == WSA_NOT_ENOUGH_MEMORY || e == WSAENOBUFS) return;
    int same = rc == 0 && blen == salen;
    if (same && af == AF_INET) {
        const struct sockaddr_in *g = (const struct sockaddr_in *)&back;
        same = g->sin_family == AF_INET && g->sin_port == htons(port) && !memcmp(&g->sin_addr, b, 4);
    } else if (same) {
        const struct sockaddr_in6 *g = (const struct sockaddr_in6 *)&back;
        same = g->sin6_family == AF_INET6 && g->sin6_port == htons(port) && g->sin6_scope_id == scope &&
               !memcmp(&g->sin6_addr, b, 16);
    }
    if (!same)
        wh_fail("S3", "WSAStringToAddressA(\"%s\"): %d, error %d, length %d; expected the address, port %u, scope %lu",
                want, rc, e, blen, (unsigned)port, (unsigned long)scope);
}

/* ------------------------------------------------------------ WFP management objects */

#ifndef _WIN32
/* A provider and a callout object added, added again, deleted, deleted again, as a callout
 * driver does at load and unload ("FwpmProviderAdd0", "FwpmCalloutAdd0": FWP_E_ALREADY_EXISTS
 * "The object already exists"; "FwpmProviderDeleteByKey0", "FwpmCalloutDeleteByKey0":
 * FWP_E_PROVIDER_NOT_FOUND / FWP_E_CALLOUT_NOT_FOUND; the kernel DDI's NTSTATUS spellings of
 * fwpmk.h).  Through the public wdk/ headers, as conformance/cases/wfp_api.c plays a driver off
 * Windows: the model's test callout driver accepts ALREADY_EXISTS at load (an earlier load of the
 * same vendor left its objects), so a stack that refuses every new object still loads it, and
 * only a caller that adds a key of its own sees the refusal.  The keys are the input's bytes
 * under a first field of their own, which no driver of the model uses, so the first add of each
 * must succeed. */
static void wfp_objects_call(wh_ctx *x) {
    const uint8_t *p;
    GUID key;
    memset(&key, 0, sizeof key);
    size_t n = wh_fdp_bytes(x->in, 12, &p);
    memcpy((uint8_t *)&key + 4, p, n);
    key.Data1 = 0x66757a7au; /* "fuzz" */
    int v6 = wh_fdp_bool(x->in);
    wh_fdp_step("FwpmProviderAdd0/FwpmCalloutAdd0 of a new key twice, then DeleteByKey twice");
    wh_fdp_c("/* WFP management objects (api_calls.c wfp_objects_call) */");
    HANDLE h = NULL;
    NTSTATUS st = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h);
    if (st != STATUS_SUCCESS || !h) return; /* no engine in this world: nothing to judge */
    FWPM_PROVIDER0 pv;
    memset(&pv, 0, sizeof pv);
    pv.providerKey = key;
    FWPM_CALLOUT0 co;
    memset(&co, 0, sizeof co);
    co.calloutKey = key;
    co.applicableLayer = v6 ? FWPM_LAYER_ALE_CONNECT_REDIRECT_V6 : FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    UINT32 id = 0;
    const struct {
        const char *what;
        NTSTATUS want;
    } steps[] = {
        {"FwpmProviderAdd0 of a new key", STATUS_SUCCESS},
        {"FwpmProviderAdd0 of the same key again", STATUS_FWP_ALREADY_EXISTS},
        {"FwpmCalloutAdd0 of a new key", STATUS_SUCCESS},
        {"FwpmCalloutAdd0 of the same key again", STATUS_FWP_ALREADY_EXISTS},
        {"FwpmCalloutDeleteByKey0 of the callout added", STATUS_SUCCESS},
        {"FwpmCalloutDeleteByKey0 of the callout deleted", STATUS_FWP_CALLOUT_NOT_FOUND},
        {"FwpmProviderDeleteByKey0 of the provider added", STATUS_SUCCESS},
        {"FwpmProviderDeleteByKey0 of the provider deleted", STATUS_FWP_PROVIDER_NOT_FOUND},
    };
    for (int i = 0; i < 8; i++) {
        switch (i) {
        case 0:
        case 1:
            st = FwpmProviderAdd0(h, &pv, NULL);
            break;
        case 2:
        case 3:
            st = FwpmCalloutAdd0(h, &co, NULL, &id);
            break;
        case 4:
        case 5:
            st = FwpmCalloutDeleteByKey0(h, &key);
            break;
        default:
            st = FwpmProviderDeleteByKey0(h, &key);
            break;
        }
        wh_digest_add(&st, sizeof st);
        if (st == STATUS_INSUFFICIENT_RESOURCES) break; /* the model's allocation faults */
        if (st != steps[i].want)
            wh_fail("S5", "%s: 0x%08x; expected 0x%08x", steps[i].what, (unsigned)st, (unsigned)steps[i].want);
    }
    FwpmEngineClose0(h);
}
#else
static void wfp_objects_call(wh_ctx *x) { (void)x; /* the kernel API: model only (wfp_api.c) */ }
#endif

/* ------------------------------------------------------------ dispatch */

void wh_api_call(wh_ctx *x, wh_sock *s) {
    switch (wh_fdp_range(x->in, 0, 11)) {
    case 0:
        connectex_call(x, s);
        break;
    case 1:
        select_call(x);
        break;
    case 2:
        ntop_call(x);
        break;
    case 3:
        getaddrinfo_call(x);
        break;
    case 4:
        getnameinfo_call(x);
        break;
    case 5:
        address_string_call(x);
        break;
    case 6:
        wfp_objects_call(x);
        break;
    case 7:
        wh_filter_call(x);
        break;
    case 8:
        acceptex_call(x);
        break;
    case 9:
        pton_call(x);
        break;
    case 10:
        wh_lookup_call(x);
        break;
    default:
        wh_event_call(x);
        break;
    }
}
