/*
 * protocol_calls.c: the protocol catalogue as a program reads it: WSAEnumProtocols (W and A),
 * getsockopt(SO_PROTOCOL_INFOW / SO_PROTOCOL_INFOA), and WSASocket choosing an entry from its
 * (af, type, protocol) triple or from a WSAPROTOCOL_INFO it is handed back.
 *
 * Why: a proxy that checks XP1_IFS_HANDLES before it gives its sockets to a completion port,
 * reads a datagram protocol's message size, or makes a socket "like this one" from its
 * protocol info goes wrong before any redirect record is queried when the stack describes its
 * sockets wrongly.  Facts come from learn.microsoft.com ("WSAEnumProtocolsW function",
 * "WSAPROTOCOL_INFOW structure", "WSASocketW function", "SOL_SOCKET socket options") and from
 * Wine's ws2_32 tests as run on Windows (test_WSAEnumProtocols, test_service_flags,
 * test_WSASocket, and test_set_getsockopt's SO_PROTOCOL_INFO part): the service flags of TCP
 * (0x20066) and UDP (0x20609) with XP1_QOS_SUPPORTED masked, WSAENOBUFS with the size needed,
 * the error of each malformed triple, and getsockopt's size handling.
 */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TCP_FLAGS 0x20066u /* guaranteed delivery and order, graceful close, expedited data, IFS handles */
#define UDP_FLAGS 0x20609u /* connectionless, message oriented, broadcast, multipoint, IFS handles */

/* Every byte of buf[0..n) still 0xA5. */
static int untouched(const BYTE *buf, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (buf[i] != 0xA5) return 0;
    return 1;
}

/* The W catalogue in a buffer of exactly the size WSAEnumProtocolsW asks for; NULL after a
 * failed check.  list as WSAEnumProtocols takes it. */
static WSAPROTOCOL_INFOW *catalogue_w(wc_ctx *c, INT *list, int *n) {
    DWORD len = 0;
    WSASetLastError(0);
    int rc = WSAEnumProtocolsW(list, NULL, &len);
    int e = WSAGetLastError();
    if (!wc_check(c, rc == SOCKET_ERROR && e == WSAENOBUFS && len >= sizeof(WSAPROTOCOL_INFOW),
                  "WSAEnumProtocolsW(%s, NULL, 0): %d, error %d, size %lu; expected SOCKET_ERROR, WSAENOBUFS and "
                  "the size of at least one entry",
                  list ? "a list" : "NULL", rc, e, (unsigned long)len))
        return NULL;
    /* one byte short: the same answer, the caller's buffer untouched */
    BYTE *buf = malloc(len + WC_CANARY);
    if (!wc_check(c, buf != NULL, "out of memory")) return NULL;
    DWORD short_len = len - 1;
    memset(buf, 0xA5, len + WC_CANARY);
    rc = WSAEnumProtocolsW(list, (LPWSAPROTOCOL_INFOW)buf, &short_len);
    e = WSAGetLastError();
    wc_check(c, rc == SOCKET_ERROR && e == WSAENOBUFS && short_len == len,
             "WSAEnumProtocolsW into a byte less than it asked for: %d, error %d, size %lu; expected SOCKET_ERROR, "
             "WSAENOBUFS, %lu",
             rc, e, (unsigned long)short_len, (unsigned long)len);
    wc_safety(c, untouched(buf, len + WC_CANARY), "WSAEnumProtocolsW failed and wrote into the buffer it was given");
    DWORD got = len;
    rc = WSAEnumProtocolsW(list, (LPWSAPROTOCOL_INFOW)buf, &got);
    if (!wc_check(c, rc >= 1 && (DWORD)rc * sizeof(WSAPROTOCOL_INFOW) <= len,
                  "WSAEnumProtocolsW into the size it asked for (%lu): %d, error %d; expected the count of entries",
                  (unsigned long)len, rc, WSAGetLastError())) {
        free(buf);
        return NULL;
    }
    wc_safety(c, wc_canary_intact(buf, len), "WSAEnumProtocolsW wrote past the buffer it was given");
    *n = rc;
    return (WSAPROTOCOL_INFOW *)buf;
}

/* Does the W name equal the A name (the catalogue's names are ASCII)? */
static int same_name(const WCHAR *w, const char *a) {
    for (size_t k = 0; k <= WSAPROTOCOL_LEN; k++) {
        if (w[k] != (WCHAR)(unsigned char)a[k]) return 0;
        if (!a[k]) return 1;
    }
    return 0;
}

static int is_ip(int af) { return af == AF_INET || af == AF_INET6; }

/* S3 ("WSAEnumProtocolsW function": WSAENOBUFS with the minimum size in lpdwBufferLength, the
 * count on success, no entry with PFL_HIDDEN and none with a chain length of 0; Wine's
 * test_WSAEnumProtocols and test_service_flags on Windows): the catalogue lists TCP and UDP
 * over IPv4 with the service flags Windows gives them, a stream with no message size, and the
 * A form says the same as the W form. */
static void enumerate(wc_ctx *c) {
    int n = 0;
    WSAPROTOCOL_INFOW *all = catalogue_w(c, NULL, &n);
    if (!all) return;
    int tcp4 = 0, udp4 = 0;
    for (int i = 0; i < n; i++) {
        const WSAPROTOCOL_INFOW *p = &all[i];
        wc_check(c, p->szProtocol[0] != 0, "entry %d has no name", i);
        wc_check(c, !(p->dwProviderFlags & PFL_HIDDEN), "entry %d (catalogue id %lu) has PFL_HIDDEN", i,
                 (unsigned long)p->dwCatalogEntryId);
        wc_check(c, p->ProtocolChain.ChainLen != LAYERED_PROTOCOL, "entry %d is a layered protocol (chain length 0)",
                 i);
        wc_check(c, p->iMinSockAddr > 0 && p->iMinSockAddr <= p->iMaxSockAddr,
                 "entry %d: address sizes %d to %d; expected 0 < min <= max", i, p->iMinSockAddr, p->iMaxSockAddr);
        if (!is_ip(p->iAddressFamily) || p->iVersion != 2) continue;
        int tcp = p->iSocketType == SOCK_STREAM && p->iProtocol == IPPROTO_TCP;
        int udp = p->iSocketType == SOCK_DGRAM && p->iProtocol == IPPROTO_UDP;
        if (!tcp && !udp) continue;
        DWORD want = tcp ? TCP_FLAGS : UDP_FLAGS, got = p->dwServiceFlags1 & ~(DWORD)XP1_QOS_SUPPORTED;
        wc_check(c, got == want, "%s/%s entry %d: service flags 0x%lx; expected 0x%lx", tcp ? "TCP" : "UDP",
                 p->iAddressFamily == AF_INET ? "IPv4" : "IPv6", i, (unsigned long)got, (unsigned long)want);
        int sa = p->iAddressFamily == AF_INET ? (int)sizeof(struct sockaddr_in) : (int)sizeof(struct sockaddr_in6);
        wc_check(c, p->iMaxSockAddr >= sa && p->iMinSockAddr <= sa,
                 "entry %d: address sizes %d to %d do not hold the family's sockaddr (%d)", i, p->iMinSockAddr,
                 p->iMaxSockAddr, sa);
        if (tcp)
            wc_check(c, p->dwMessageSize == 0, "TCP entry %d: message size %lu; expected 0 (a stream)", i,
                     (unsigned long)p->dwMessageSize);
        else
            wc_check(c, p->dwMessageSize != 0, "UDP entry %d: message size 0, a datagram protocol's is not", i);
        if (p->iAddressFamily == AF_INET) tcp4 |= tcp, udp4 |= udp;
    }
    wc_check(c, tcp4 && udp4, "the catalogue lacks TCP/IPv4 (%s) or UDP/IPv4 (%s)", tcp4 ? "listed" : "missing",
             udp4 ? "listed" : "missing");
    /* the catalogue's numbers and order are each machine's own; the model's are pinned */
    char listed[256] = "";
    for (int i = 0; i < n && strlen(listed) < sizeof listed - 40; i++)
        snprintf(listed + strlen(listed), sizeof listed - strlen(listed), "%s%lu %d/%d/%d", i ? ", " : "",
                 (unsigned long)all[i].dwCatalogEntryId, all[i].iAddressFamily, all[i].iSocketType, all[i].iProtocol);
    wc_model_answer(c, "WSAEnumProtocols.catalogue", "%s", listed);
    /* a datagram entry's message size: the pages give none, so the model's is pinned */
    char sizes[128] = "";
    for (int i = 0; i < n && strlen(sizes) < sizeof sizes - 24; i++)
        if (all[i].iSocketType == SOCK_DGRAM)
            snprintf(sizes + strlen(sizes), sizeof sizes - strlen(sizes), "%s%lu", sizes[0] ? " " : "",
                     (unsigned long)all[i].dwMessageSize);
    wc_model_answer(c, "WSAEnumProtocols.datagram-message-size", "%s", sizes);
    /* the A form: the same entries, the same fields before the name, the name converted */
    DWORD len = 0;
    int rc = WSAEnumProtocolsA(NULL, NULL, &len);
    int e = WSAGetLastError();
    wc_check(c, rc == SOCKET_ERROR && e == WSAENOBUFS && len == (DWORD)n * sizeof(WSAPROTOCOL_INFOA),
             "WSAEnumProtocolsA(NULL, NULL, 0): %d, error %d, size %lu; expected SOCKET_ERROR, WSAENOBUFS, %lu", rc, e,
             (unsigned long)len, (unsigned long)((DWORD)n * sizeof(WSAPROTOCOL_INFOA)));
    WSAPROTOCOL_INFOA *a = calloc((size_t)n, sizeof *a);
    len = (DWORD)n * sizeof *a;
    rc = a ? WSAEnumProtocolsA(NULL, a, &len) : SOCKET_ERROR;
    if (a && wc_check(c, rc == n, "WSAEnumProtocolsA: %d, error %d; expected %d", rc, WSAGetLastError(), n)) {
        for (int i = 0; i < n; i++)
            wc_check(c,
                     memcmp(&a[i], &all[i], offsetof(WSAPROTOCOL_INFOA, szProtocol)) == 0 &&
                         same_name(all[i].szProtocol, a[i].szProtocol),
                     "entry %d differs between WSAEnumProtocolsA and WSAEnumProtocolsW", i);
    }
    free(a);
    free(all);
}

/* S3 ("WSAEnumProtocolsW function": "WSAEFAULT: One or more of the lpiProtocols,
 * lpProtocolBuffer, or lpdwBufferLength parameters are not a valid part of the user address
 * space"): no length, and a protocol list at an address the process does not have. */
static void unmapped_arguments(wc_ctx *c) {
    static WSAPROTOCOL_INFOW room[16];
    WSASetLastError(0);
    int rc = WSAEnumProtocolsW(NULL, room, NULL);
    int e = WSAGetLastError();
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT,
             "WSAEnumProtocolsW with no lpdwBufferLength: %d, error %d; expected SOCKET_ERROR, WSAEFAULT", rc, e);
    LPINT list = (LPINT)wt_unmapped_address(wc_target(c));
    if (!list) wc_unsupported(c, "the target has no unmapped address to offer");
    DWORD len = sizeof room;
    WSASetLastError(0);
    rc = WSAEnumProtocolsW(list, room, &len);
    e = WSAGetLastError();
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT,
             "WSAEnumProtocolsW with an unmapped lpiProtocols: %d, error %d; expected SOCKET_ERROR, WSAEFAULT", rc, e);
}

/* S3 (the same WSAEFAULT sentence): a buffer at an unmapped address, said to be large enough for
 * the whole catalogue.  Its own case: a stack that copies without a probe crashes here (wine
 * does), and the other arguments' checks should still be seen. */
static void unmapped_buffer(wc_ctx *c) {
    LPWSAPROTOCOL_INFOW buffer = (LPWSAPROTOCOL_INFOW)wt_unmapped_address(wc_target(c));
    if (!buffer) wc_unsupported(c, "the target has no unmapped address to offer");
    DWORD len = 16 * sizeof(WSAPROTOCOL_INFOW);
    WSASetLastError(0);
    int rc = WSAEnumProtocolsW(NULL, buffer, &len);
    int e = WSAGetLastError();
    wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT,
             "WSAEnumProtocolsW into an unmapped lpProtocolBuffer of 16 entries: %d, error %d; expected SOCKET_ERROR, "
             "WSAEFAULT",
             rc, e);
}

/* S3 ("WSAEnumProtocolsW function": lpiProtocols "A NULL-terminated array of iProtocol values
 * ... information is retrieved only for those protocols listed in the array"; Wine's
 * test_WSAEnumProtocols on Windows: numbers no protocol has are passed over): a list of TCP,
 * UDP and three unknown numbers gives TCP and UDP entries, both, and nothing else. */
static void filter(wc_ctx *c) {
    INT list[] = {0xdead, IPPROTO_TCP, 0xcafe, IPPROTO_UDP, 0xbeef, 0};
    int n = 0;
    WSAPROTOCOL_INFOW *some = catalogue_w(c, list, &n);
    if (!some) return;
    int seen = 0;
    for (int i = 0; i < n; i++) {
        int proto = some[i].iProtocol;
        wc_check(c, proto == IPPROTO_TCP || proto == IPPROTO_UDP,
                 "WSAEnumProtocolsW({0xdead, TCP, 0xcafe, UDP, 0xbeef}) gave an entry of protocol %d", proto);
        seen |= proto == IPPROTO_TCP ? 1 : proto == IPPROTO_UDP ? 2 : 0;
    }
    wc_check(c, n >= 2 && seen == 3, "WSAEnumProtocolsW({TCP, UDP, unknowns}): %d entries, TCP %s, UDP %s", n,
             seen & 1 ? "listed" : "missing", seen & 2 ? "listed" : "missing");
    free(some);
    /* a list of one protocol: its entries and no other's */
    INT udp_only[] = {IPPROTO_UDP, 0};
    int nu = 0, others = 0;
    WSAPROTOCOL_INFOW *udp = catalogue_w(c, udp_only, &nu);
    for (int i = 0; udp && i < nu; i++) others += udp[i].iProtocol != IPPROTO_UDP;
    wc_check(c, !udp || (nu >= 1 && !others), "WSAEnumProtocolsW({UDP}): %d entries, %d of another protocol", nu,
             others);
    free(udp);
    /* the whole catalogue holds at least as many */
    int all = 0;
    WSAPROTOCOL_INFOW *every = catalogue_w(c, NULL, &all);
    wc_check(c, !every || all >= n, "the whole catalogue (%d) has fewer entries than a filtered one (%d)", all, n);
    free(every);
}

/* The socket's W and A protocol info: its own triple, an entry the catalogue lists. */
static void check_socket_info(wc_ctx *c, SOCKET s, int af, int type, int proto, const char *what) {
    WSAPROTOCOL_INFOW w;
    WSAPROTOCOL_INFOA a;
    memset(&w, 0, sizeof w);
    memset(&a, 0, sizeof a);
    int wl = (int)sizeof w, al = (int)sizeof a;
    int rw = getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&w, &wl);
    int ew = rw ? WSAGetLastError() : 0;
    int ra = getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&a, &al);
    int ea = ra ? WSAGetLastError() : 0;
    if (!wc_check(c, rw == 0 && ra == 0 && wl == (int)sizeof w && al == (int)sizeof a,
                  "%s: SO_PROTOCOL_INFOW %d (error %d, size %d), SO_PROTOCOL_INFOA %d (error %d, size %d); expected "
                  "0 with sizes %d and %d",
                  what, rw, ew, wl, ra, ea, al, (int)sizeof w, (int)sizeof a))
        return;
    wc_check(c, w.iAddressFamily == af && w.iSocketType == type && w.iProtocol == proto,
             "%s: protocol info says family %d, type %d, protocol %d; expected %d, %d, %d", what, w.iAddressFamily,
             w.iSocketType, w.iProtocol, af, type, proto);
    wc_check(c, memcmp(&w, &a, offsetof(WSAPROTOCOL_INFOA, szProtocol)) == 0 && same_name(w.szProtocol, a.szProtocol),
             "%s: SO_PROTOCOL_INFOA differs from SO_PROTOCOL_INFOW", what);
    int n = 0, found = 0;
    WSAPROTOCOL_INFOW *all = catalogue_w(c, NULL, &n);
    for (int i = 0; all && i < n && !found; i++)
        found = all[i].dwCatalogEntryId == w.dwCatalogEntryId &&
                memcmp(&all[i].ProviderId, &w.ProviderId, sizeof w.ProviderId) == 0 &&
                all[i].dwServiceFlags1 == w.dwServiceFlags1 && all[i].iAddressFamily == af &&
                all[i].iSocketType == type && all[i].iProtocol == proto;
    wc_check(c, !all || found, "%s: its catalogue entry %lu (flags 0x%lx) is not one WSAEnumProtocolsW lists", what,
             (unsigned long)w.dwCatalogEntryId, (unsigned long)w.dwServiceFlags1);
    free(all);
}

/* S3 (getsockopt page, SO_PROTOCOL_INFO "Description of protocol information for protocol
 * that is bound to this socket"; Wine's test_set_getsockopt on Windows: a buffer half the
 * size is WSAEFAULT with the size needed written back, twice the size succeeds and the size
 * stays, NULL value or length is WSAEFAULT, no socket is WSAENOTSOCK with the size kept): each
 * socket is described by its own family, type and protocol (protocol 0 named as TCP or UDP),
 * through an entry the catalogue lists; an accepted socket by its listener's. */
static void socket_info(wc_ctx *c) {
    static const struct {
        int af, type, proto;
    } t[] = {
        {AF_INET, SOCK_STREAM, IPPROTO_TCP},
        {AF_INET, SOCK_DGRAM, IPPROTO_UDP},
        {AF_INET6, SOCK_STREAM, IPPROTO_TCP},
        {AF_INET6, SOCK_DGRAM, IPPROTO_UDP},
    };
    char what[96];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        for (int zero = 0; zero < 2; zero++) {
            SOCKET s = socket(t[i].af, t[i].type, zero ? 0 : t[i].proto);
            snprintf(what, sizeof what, "socket(%d, %d, %d)", t[i].af, t[i].type, zero ? 0 : t[i].proto);
            if (!wc_check(c, s != INVALID_SOCKET, "%s: error %d", what, WSAGetLastError())) continue;
            check_socket_info(c, s, t[i].af, t[i].type, t[i].proto, what);
            closesocket(s);
        }
    SOCKET cl, sv;
    if (wc_tcp_pair(c, AF_INET, &cl, &sv)) {
        check_socket_info(c, sv, AF_INET, SOCK_STREAM, IPPROTO_TCP, "an accepted TCP socket");
        check_socket_info(c, cl, AF_INET, SOCK_STREAM, IPPROTO_TCP, "a connected TCP socket");
    }
    if (cl != INVALID_SOCKET) closesocket(cl);
    if (sv != INVALID_SOCKET) closesocket(sv);

    /* the sizes */
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (!wc_check(c, s != INVALID_SOCKET, "set-up: a TCP socket: %d", WSAGetLastError())) return;
    static BYTE buf[2 * sizeof(WSAPROTOCOL_INFOW) + WC_CANARY];
    static const struct {
        int name, size;
        const char *text;
    } kinds[] = {{SO_PROTOCOL_INFOA, (int)sizeof(WSAPROTOCOL_INFOA), "SO_PROTOCOL_INFOA"},
                 {SO_PROTOCOL_INFOW, (int)sizeof(WSAPROTOCOL_INFOW), "SO_PROTOCOL_INFOW"}};
    for (int k = 0; k < 2; k++) {
        int size = kinds[k].size / 2;
        memset(buf, 0xA5, sizeof buf);
        WSASetLastError(0);
        int rc = getsockopt(s, SOL_SOCKET, kinds[k].name, (char *)buf, &size);
        int e = WSAGetLastError();
        wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT && size == kinds[k].size,
                 "%s into half its size: %d, error %d, size %d; expected SOCKET_ERROR, WSAEFAULT and %d", kinds[k].text,
                 rc, e, size, kinds[k].size);
        wc_safety(c, untouched(buf, sizeof buf), "%s into half its size failed and wrote the buffer", kinds[k].text);
        size = 2 * kinds[k].size;
        wc_canary_fill(buf, (size_t)size);
        rc = getsockopt(s, SOL_SOCKET, kinds[k].name, (char *)buf, &size);
        wc_check(c, rc == 0 && size == 2 * kinds[k].size,
                 "%s into twice its size: %d, error %d, size %d; expected 0, %d", kinds[k].text, rc,
                 rc ? WSAGetLastError() : 0, size, 2 * kinds[k].size);
        wc_safety(c, wc_canary_intact(buf, (size_t)size), "%s wrote past the buffer", kinds[k].text);
        size = kinds[k].size;
        rc = getsockopt(s, SOL_SOCKET, kinds[k].name, NULL, &size);
        e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT, "%s with a NULL value: %d, error %d; expected WSAEFAULT",
                 kinds[k].text, rc, e);
        size = 1; /* a NULL value with a length too short: is the size needed written back? */
        rc = getsockopt(s, SOL_SOCKET, kinds[k].name, NULL, &size);
        e = rc ? WSAGetLastError() : 0;
        wc_model_answer(c, k ? "getsockopt.protocol-infow-null-short" : "getsockopt.protocol-infoa-null-short",
                        "%d %d %d", rc, e, size);
        rc = getsockopt(s, SOL_SOCKET, kinds[k].name, (char *)buf, NULL);
        e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAEFAULT, "%s with a NULL length: %d, error %d; expected WSAEFAULT",
                 kinds[k].text, rc, e);
        size = kinds[k].size;
        rc = getsockopt(INVALID_SOCKET, SOL_SOCKET, kinds[k].name, (char *)buf, &size);
        e = rc ? WSAGetLastError() : 0;
        wc_check(c, rc == SOCKET_ERROR && e == WSAENOTSOCK && size == kinds[k].size,
                 "%s of INVALID_SOCKET: %d, error %d, size %d; expected WSAENOTSOCK and the size kept", kinds[k].text,
                 rc, e, size);
    }
    closesocket(s);
}

/* SO_TYPE of s and its protocol info's protocol, or -1s. */
static void type_of(SOCKET s, int *type, int *proto) {
    *type = *proto = -1;
    int len = (int)sizeof *type;
    if (getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)type, &len)) *type = -1;
    WSAPROTOCOL_INFOW w;
    len = (int)sizeof w;
    if (!getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&w, &len)) *proto = w.iProtocol;
}

/* One WSASocketW call against what it should give: a socket of type/proto, or the error. */
static void expect_socket(wc_ctx *c, int af, int type, int proto, LPWSAPROTOCOL_INFOW info, int want_type,
                          int want_proto, int want_err, const char *what) {
    WSASetLastError(0);
    SOCKET s = WSASocketW(af, type, proto, info, 0, WSA_FLAG_OVERLAPPED);
    int e = s == INVALID_SOCKET ? WSAGetLastError() : 0;
    if (want_err) {
        wc_check(c, s == INVALID_SOCKET && e == want_err,
                 "WSASocketW(%d, %d, %d%s): %s, error %d; expected INVALID_SOCKET, %d", af, type, proto, what,
                 s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", e, want_err);
    } else if (wc_check(c, s != INVALID_SOCKET, "WSASocketW(%d, %d, %d%s): error %d; expected a socket", af, type,
                        proto, what, e)) {
        int got_type, got_proto;
        type_of(s, &got_type, &got_proto);
        wc_check(c, got_type == want_type && got_proto == want_proto,
                 "WSASocketW(%d, %d, %d%s): type %d, protocol %d; expected %d, %d", af, type, proto, what, got_type,
                 got_proto, want_type, want_proto);
    }
    if (s != INVALID_SOCKET) closesocket(s);
}

/* S3 ("WSASocketW function": af, type and protocol 0 let the provider choose, FROM_PROTOCOL_INFO
 * takes them from lpProtocolInfo, WSAEAFNOSUPPORT, WSAESOCKTNOSUPPORT, WSAEPROTONOSUPPORT,
 * WSAEINVAL; Wine's test_WSASocket on Windows for each triple below and for a protocol info
 * from WSAEnumProtocols used as it is, with its triple changed, and with the arguments given
 * beside it): the entry a triple picks, or the error that says which part no entry has. */
static void socket_triples(wc_ctx *c) {
    static const struct {
        int af, type, proto, want_type, want_proto, err;
    } t[] = {
        {0, 0, 0, 0, 0, WSAEINVAL},
        {AF_INET, 0, 0, SOCK_STREAM, IPPROTO_TCP, 0},
        {AF_INET, SOCK_STREAM, 0, SOCK_STREAM, IPPROTO_TCP, 0},
        {AF_INET, SOCK_DGRAM, 0, SOCK_DGRAM, IPPROTO_UDP, 0},
        {0, SOCK_STREAM, -1, 0, 0, WSAEPROTONOSUPPORT},
        {0, -1, IPPROTO_UDP, 0, 0, WSAESOCKTNOSUPPORT},
        {0, -1, 0, 0, 0, WSAEINVAL},
        {AF_INET, -1, 0, 0, 0, WSAESOCKTNOSUPPORT},
        {AF_INET, 0, -1, 0, 0, WSAEPROTONOSUPPORT},
        {0, -1, -1, 0, 0, WSAESOCKTNOSUPPORT},
        {-1, SOCK_STREAM, IPPROTO_UDP, 0, 0, WSAEAFNOSUPPORT},
        {AF_INET, 0, IPPROTO_TCP, SOCK_STREAM, IPPROTO_TCP, 0},
        {0, SOCK_STREAM, 0, 0, 0, WSAEINVAL},
        {0, 0, 0xdead, 0, 0, WSAEPROTONOSUPPORT},
        {AF_INET, 0xdead, 0, 0, 0, WSAESOCKTNOSUPPORT},
        {0, 0xdead, 0, 0, 0, WSAEINVAL},
        {0, 0, IPPROTO_TCP, SOCK_STREAM, IPPROTO_TCP, 0},
        {0, 0, IPPROTO_UDP, SOCK_DGRAM, IPPROTO_UDP, 0},
        {AF_INET, SOCK_STREAM, IPPROTO_UDP, 0, 0, WSAEPROTONOSUPPORT},
        {AF_INET, SOCK_DGRAM, IPPROTO_TCP, 0, 0, WSAEPROTONOSUPPORT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        expect_socket(c, t[i].af, t[i].type, t[i].proto, NULL, t[i].want_type, t[i].want_proto, t[i].err, "");

    INT tcp_only[] = {IPPROTO_TCP, 0};
    int n = 0;
    WSAPROTOCOL_INFOW *e = catalogue_w(c, tcp_only, &n);
    if (!e) return;
    WSAPROTOCOL_INFOW p = e[0];
    free(e);
    expect_socket(c, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &p, p.iSocketType, p.iProtocol, 0,
                  ", the first TCP entry");
    WSAPROTOCOL_INFOW q = p;
    q.iAddressFamily = q.iSocketType = q.iProtocol = -1;
    expect_socket(c, 0, 0, IPPROTO_UDP, &q, 0, 0, WSAEAFNOSUPPORT, ", the TCP entry with its triple -1");
    q.iAddressFamily = q.iSocketType = q.iProtocol = 0;
    expect_socket(c, 0, 0, IPPROTO_UDP, &q, 0, 0, WSAEAFNOSUPPORT, ", the TCP entry with its triple 0");
    q.iAddressFamily = AF_INET, q.iSocketType = SOCK_DGRAM, q.iProtocol = IPPROTO_UDP;
    expect_socket(c, 0, 0, 0, &q, SOCK_DGRAM, IPPROTO_UDP, 0, ", the TCP entry saying UDP/IPv4");
    expect_socket(c, AF_INET, SOCK_STREAM, IPPROTO_TCP, &q, SOCK_STREAM, IPPROTO_TCP, 0,
                  ", the TCP entry saying UDP/IPv4");
    /* a protocol given beside the entry is that protocol, one no entry of the type has included */
    expect_socket(c, AF_INET, SOCK_STREAM, IPPROTO_ICMP, &p, 0, 0, WSAEPROTONOSUPPORT, ", the first TCP entry");
    /* and a family given beside it: which family the socket has, no page says (Wine's tests change
     * only the type and protocol), so the model's answer is pinned */
    SOCKET s6 = WSASocketW(AF_INET6, 0, 0, &p, 0, WSA_FLAG_OVERLAPPED);
    WSAPROTOCOL_INFOW w6;
    int l6 = (int)sizeof w6;
    int fam = s6 == INVALID_SOCKET                                                   ? -WSAGetLastError()
              : getsockopt(s6, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&w6, &l6) == 0 ? w6.iAddressFamily
                                                                                     : 0;
    wc_model_answer(c, "WSASocket.family-beside-info", "%d", fam);
    if (s6 != INVALID_SOCKET) closesocket(s6);
    /* the A form reads the same fields */
    WSAPROTOCOL_INFOA a;
    memset(&a, 0, sizeof a);
    memcpy(&a, &q, offsetof(WSAPROTOCOL_INFOA, szProtocol));
    SOCKET s = WSASocketA(0, 0, 0, &a, 0, WSA_FLAG_OVERLAPPED);
    int type = -1, proto = -1;
    if (s != INVALID_SOCKET) type_of(s, &type, &proto);
    wc_check(c, s != INVALID_SOCKET && type == SOCK_DGRAM && proto == IPPROTO_UDP,
             "WSASocketA(0, 0, 0, the TCP entry saying UDP/IPv4): %s (error %d), type %d, protocol %d; expected UDP",
             s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", s == INVALID_SOCKET ? WSAGetLastError() : 0, type,
             proto);
    if (s != INVALID_SOCKET) closesocket(s);
}

static const wc_case cases[] = {
    WC_CASE("S3.protocols.enumerate", "S3", "#remarks", WC_MUST,
            "WSAEnumProtocols: WSAENOBUFS and the size, buffer untouched; TCP 0x20066, UDP 0x20609; A as W", enumerate),
    WC_CASE("S3.protocols.arguments=unmapped.efault", "S3", "#return-value", WC_MUST,
            "WSAEnumProtocols with no length or an unmapped protocol list: SOCKET_ERROR, WSAEFAULT",
            unmapped_arguments),
    WC_CASE("S3.protocols.buffer=unmapped.efault", "S3", "#return-value", WC_MUST,
            "WSAEnumProtocols into an unmapped buffer said to be large enough: SOCKET_ERROR, WSAEFAULT",
            unmapped_buffer),
    WC_CASE("S3.protocols.filter", "S3", "#remarks", WC_MUST,
            "WSAEnumProtocols with a list: the entries of the listed protocols only, unknown numbers passed over",
            filter),
    WC_CASE("S3.protocols.socket-info", "S3", "#remarks", WC_MUST,
            "SO_PROTOCOL_INFOW/A: the socket's own triple from a listed entry; WSAEFAULT with the size needed",
            socket_info),
    WC_CASE("S3.protocols.socket-triples", "S3", "#remarks", WC_MUST,
            "WSASocket picks the entry of a triple or of protocol info, else the error of the part none has",
            socket_triples),
};

WC_TABLE(wc_protocol_calls, cases);
