/*
 * adapter_calls.c: GetAdaptersAddresses and GetAdaptersInfo, with which a program lists the host's
 * adapters and their addresses before it picks one to bind or logs where it runs: the size
 * negotiation, the family filter, the flags that leave parts out or add gateways, and a list that
 * lives wholly in the caller's buffer.
 *
 * Why: a program sizes its buffer from the first call and walks pointers the second call wrote;
 * a stack that writes into a buffer it calls too small, points outside the buffer (memory the
 * caller never frees, or frees twice), mixes families after a filter, or lists no loopback
 * adapter sends such a program down a broken path.
 *
 * Sources: learn.microsoft.com "GetAdaptersAddresses function" (ERROR_BUFFER_OVERFLOW with the
 * size needed in SizePointer for a buffer too small; ERROR_INVALID_PARAMETER for a Family other
 * than AF_UNSPEC, AF_INET and AF_INET6 or a NULL SizePointer; AF_INET and AF_INET6 "return only"
 * that family's addresses; GAA_FLAG_SKIP_UNICAST "do not return unicast addresses"; the caller
 * frees the one buffer it gave), "IP_ADAPTER_ADDRESSES_LH structure" (IfType
 * IF_TYPE_SOFTWARE_LOOPBACK for "a software loopback network interface"), "SOCKET_ADDRESS
 * structure".  Windows lists its loopback pseudo-interface with 127.0.0.1.
 */
#include "cases.h"
#include "wfpcert/iphlpapi.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GAA_MAX_ADAPTERS 256 /* a list longer than this is taken for a loop */

typedef struct gaa_list {
    BYTE *buf;
    ULONG size;
} gaa_list;

/* A buffer of exactly the size the first call asked for is enough: the call succeeds, or asks
 * for more only because the host's list grew meanwhile (mutant 200-1: it refused the exact size). */
static void exact_size_fits(wc_ctx *c, bool info, ULONG family, ULONG flags, ULONG size) {
    const char *call = info ? "GetAdaptersInfo" : "GetAdaptersAddresses";
    BYTE *b = malloc(size);
    if (!b) return;
    ULONG got = size;
    ULONG r = info ? GetAdaptersInfo((PIP_ADAPTER_INFO)b, &got)
                   : GetAdaptersAddresses(family, flags, NULL, (PIP_ADAPTER_ADDRESSES)b, &got);
    wc_check(c, r == ERROR_SUCCESS || (r == ERROR_BUFFER_OVERFLOW && got > size),
             "%s(family %lu, flags 0x%lx) into exactly the %lu bytes it asked for: %lu, size %lu; expected "
             "ERROR_SUCCESS",
             call, (unsigned long)family, (unsigned long)flags, (unsigned long)size, (unsigned long)r,
             (unsigned long)got);
    free(b);
}

/* The list for family and flags, sized by a first call; NULL buf after a failed check. */
static gaa_list gaa(wc_ctx *c, ULONG family, ULONG flags) {
    gaa_list l = {NULL, 0};
    ULONG r = GetAdaptersAddresses(family, flags, NULL, NULL, &l.size);
    if (!wc_check(c, r == ERROR_BUFFER_OVERFLOW && l.size >= sizeof(IP_ADAPTER_ADDRESSES),
                  "GetAdaptersAddresses(family %lu, flags 0x%lx) with no buffer: %lu, size %lu; expected "
                  "ERROR_BUFFER_OVERFLOW (111) and the size needed",
                  (unsigned long)family, (unsigned long)flags, (unsigned long)r, (unsigned long)l.size))
        return l;
    exact_size_fits(c, false, family, flags, l.size);
    ULONG want = l.size + 4096; /* room for a list that grows between the two calls */
    l.buf = malloc(want);
    l.size = want;
    r = l.buf ? GetAdaptersAddresses(family, flags, NULL, (PIP_ADAPTER_ADDRESSES)l.buf, &l.size)
              : ERROR_NOT_ENOUGH_MEMORY;
    if (!wc_check(c, r == ERROR_SUCCESS, "GetAdaptersAddresses(family %lu, flags 0x%lx) with %lu bytes: %lu",
                  (unsigned long)family, (unsigned long)flags, (unsigned long)want, (unsigned long)r)) {
        free(l.buf);
        l.buf = NULL;
    }
    l.size = want;
    return l;
}

static int inside(const gaa_list *l, const void *p, size_t n) {
    const BYTE *b = p;
    return b && b >= l->buf && n <= l->size && (size_t)(b - l->buf) <= l->size - n;
}

static int is_v4(const SOCKET_ADDRESS *a, ULONG host_order) {
    return a->lpSockaddr->sa_family == AF_INET &&
           ((const struct sockaddr_in *)a->lpSockaddr)->sin_addr.s_addr == htonl(host_order);
}

typedef struct gaa_walk {
    int adapters, outside, wrong_family, unicasts, loopback_127, gateways;
    const char *what; /* the first thing found outside the buffer */
} gaa_walk;

/* One entry of an adapter's address lists: wholly in the buffer with its sockaddr (else counted
 * outside, false), and of an IP family whose sockaddr length it gives, `family` when filtered. */
static int entry_ok(const gaa_list *l, gaa_walk *w, const void *entry, size_t size, const SOCKET_ADDRESS *a,
                    ULONG family, const char *what) {
    if (!inside(l, entry, size) || !inside(l, a->lpSockaddr, (size_t)a->iSockaddrLength) ||
        a->iSockaddrLength < (INT)sizeof(struct sockaddr_in)) {
        w->outside++;
        if (!w->what) w->what = what;
        return 0;
    }
    int af = a->lpSockaddr->sa_family;
    int len_ok =
        a->iSockaddrLength == (af == AF_INET ? (INT)sizeof(struct sockaddr_in) : (INT)sizeof(struct sockaddr_in6));
    if ((af != AF_INET && af != AF_INET6) || !len_ok || (family != AF_UNSPEC && (ULONG)af != family)) w->wrong_family++;
    return 1;
}

/* Walks the list: every pointer inside the buffer, every unicast address of `family` (AF_UNSPEC:
 * either) with its sockaddr's length; counts, and finds the loopback adapter with 127.0.0.1. */
static gaa_walk walk(const gaa_list *l, ULONG family) {
    gaa_walk w = {0, 0, 0, 0, 0, 0, NULL};
    for (const IP_ADAPTER_ADDRESSES *a = (const IP_ADAPTER_ADDRESSES *)l->buf; a && w.adapters < GAA_MAX_ADAPTERS;
         a = a->Next) {
        w.adapters++;
        if (!inside(l, a, sizeof *a) || !inside(l, a->AdapterName, 1) || !inside(l, a->FriendlyName, sizeof(WCHAR)) ||
            !inside(l, a->Description, sizeof(WCHAR)) || !inside(l, a->DnsSuffix, sizeof(WCHAR))) {
            w.outside++;
            if (!w.what) w.what = "an adapter or one of its names";
            break;
        }
        for (const IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u && w.unicasts < 4096; u = u->Next) {
            w.unicasts++;
            if (!entry_ok(l, &w, u, sizeof *u, &u->Address, family, "a unicast address")) break;
            if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK && is_v4(&u->Address, INADDR_LOOPBACK)) w.loopback_127++;
        }
        for (const IP_ADAPTER_GATEWAY_ADDRESS *g = a->FirstGatewayAddress; g && w.gateways < 4096; g = g->Next) {
            w.gateways++;
            if (!entry_ok(l, &w, g, sizeof *g, &g->Address, family, "a gateway address")) break;
        }
    }
    return w;
}

/* S3 (see the top of the file). */
static void adapters_addresses(wc_ctx *c) {
    /* a buffer one byte short: the size needed again, and nothing written */
    ULONG size = 0;
    ULONG r = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, &size);
    if (r == ERROR_BUFFER_OVERFLOW && size > 1) {
        BYTE *b = malloc(size);
        ULONG small = size - 1;
        if (b) {
            memset(b, 0xA5, size);
            r = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, (PIP_ADAPTER_ADDRESSES)b, &small);
            size_t i = 0;
            while (i < size && b[i] == 0xA5) i++;
            wc_check(
                c, r == ERROR_BUFFER_OVERFLOW && small >= size - 1 && i == size,
                "GetAdaptersAddresses into %lu bytes, one short: %lu, size %lu, %s; expected ERROR_BUFFER_OVERFLOW, "
                "the size needed, the buffer as it was",
                (unsigned long)(size - 1), (unsigned long)r, (unsigned long)small,
                i == size ? "the buffer untouched" : "the buffer written");
            free(b);
        }
    }
    static const struct {
        ULONG family, flags;
        const char *what;
    } runs[] = {{AF_UNSPEC, 0, "AF_UNSPEC"},
                {AF_INET, 0, "AF_INET"},
                {AF_INET6, 0, "AF_INET6"},
                {AF_INET, GAA_FLAG_INCLUDE_GATEWAYS, "AF_INET, GAA_FLAG_INCLUDE_GATEWAYS"}};
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        gaa_list l = gaa(c, runs[k].family, runs[k].flags);
        if (!l.buf) continue;
        gaa_walk w = walk(&l, runs[k].family);
        wc_check(c, w.adapters > 0 && w.adapters < GAA_MAX_ADAPTERS && !w.outside,
                 "GetAdaptersAddresses(%s): %d adapters, %s; expected a list wholly in the buffer", runs[k].what,
                 w.adapters, w.what ? w.what : "every pointer inside the buffer");
        wc_check(c, !w.wrong_family,
                 "GetAdaptersAddresses(%s): %d of %d unicast and gateway addresses of another family or with a wrong "
                 "length",
                 runs[k].what, w.wrong_family, w.unicasts + w.gateways);
        if (runs[k].family != AF_INET6)
            wc_check(c, w.loopback_127 == 1,
                     "GetAdaptersAddresses(%s): the software loopback adapter lists 127.0.0.1 %d times; expected once",
                     runs[k].what, w.loopback_127);
        free(l.buf);
    }
    gaa_list l = gaa(c, AF_UNSPEC, GAA_FLAG_SKIP_UNICAST);
    if (l.buf) {
        int with = 0;
        for (const IP_ADAPTER_ADDRESSES *a = (const IP_ADAPTER_ADDRESSES *)l.buf; a && with < GAA_MAX_ADAPTERS;
             a = a->Next)
            with += a->FirstUnicastAddress != NULL;
        wc_check(c, with == 0, "GetAdaptersAddresses with GAA_FLAG_SKIP_UNICAST: %d adapters list unicast addresses",
                 with);
        free(l.buf);
    }
    size = 0;
    r = GetAdaptersAddresses(99, 0, NULL, NULL, &size);
    wc_check(c, r == ERROR_INVALID_PARAMETER, "GetAdaptersAddresses(family 99): %lu; expected ERROR_INVALID_PARAMETER",
             (unsigned long)r);
    r = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, NULL);
    wc_check(c, r == ERROR_INVALID_PARAMETER,
             "GetAdaptersAddresses with SizePointer NULL: %lu; expected ERROR_INVALID_PARAMETER", (unsigned long)r);
    if (wc_on_model(c)) { /* the model's host, as its sockets see it (ws2/adapter_calls.c) */
        gaa_list m = gaa(c, AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_INCLUDE_GATEWAYS);
        char text[320] = "";
        size_t at = 0;
        for (const IP_ADAPTER_ADDRESSES *a = (const IP_ADAPTER_ADDRESSES *)m.buf; a && at < sizeof text - 64;
             a = a->Next) {
            at += (size_t)snprintf(text + at, sizeof text - at, "%s%lu/%lu/%lu:", at ? " " : "",
                                   (unsigned long)a->IfIndex, (unsigned long)a->IfType, (unsigned long)a->Mtu);
            for (const IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u && at < sizeof text - 48;
                 u = u->Next) {
                char host[64] = "?";
                getnameinfo(u->Address.lpSockaddr, u->Address.iSockaddrLength, host, sizeof host, NULL, 0,
                            NI_NUMERICHOST);
                at += (size_t)snprintf(text + at, sizeof text - at, " %s/%u", host, (unsigned)u->OnLinkPrefixLength);
            }
            for (const IP_ADAPTER_GATEWAY_ADDRESS *g = a->FirstGatewayAddress; g && at < sizeof text - 48;
                 g = g->Next) {
                char host[64] = "?";
                getnameinfo(g->Address.lpSockaddr, g->Address.iSockaddrLength, host, sizeof host, NULL, 0,
                            NI_NUMERICHOST);
                at += (size_t)snprintf(text + at, sizeof text - at, " gw %s", host);
            }
        }
        wc_model_answer(c, "GetAdaptersAddresses.model-host", "%s", text);
        free(m.buf);
    }
}

/* Is s a dotted IPv4 text within its 16 bytes? */
static int dotted_v4(const char *s, struct in_addr *a) {
    return memchr(s, '\0', sizeof(IP_ADDRESS_STRING)) && inet_pton(AF_INET, s, a) == 1;
}

/* S3 ("GetAdaptersInfo function": ERROR_BUFFER_OVERFLOW with the size needed for a buffer too
 * small, ERROR_INVALID_PARAMETER for pOutBufLen NULL, ERROR_NO_DATA when there is no adapter;
 * IPv4 only, addresses and masks as text): the older list, which programs still walk for the
 * MAC address and the first IPv4 address; each address is one GetAdaptersAddresses gives the
 * adapter of the same index, and none is the loopback pseudo-interface, which it leaves out. */
static void adapters_info(wc_ctx *c) {
    ULONG size = 0;
    ULONG r = GetAdaptersInfo(NULL, &size);
    if (r == ERROR_NO_DATA) wc_unsupported(c, "GetAdaptersInfo: ERROR_NO_DATA, no IPv4 adapter besides loopback");
    if (!wc_check(c, r == ERROR_BUFFER_OVERFLOW && size >= sizeof(IP_ADAPTER_INFO),
                  "GetAdaptersInfo with no buffer: %lu, size %lu; expected ERROR_BUFFER_OVERFLOW and the size needed",
                  (unsigned long)r, (unsigned long)size))
        return;
    exact_size_fits(c, true, 0, 0, size);
    gaa_list l = {malloc(size + 4096), size + 4096};
    ULONG got = l.size;
    r = l.buf ? GetAdaptersInfo((PIP_ADAPTER_INFO)l.buf, &got) : ERROR_NOT_ENOUGH_MEMORY;
    gaa_list v4 = gaa(c, AF_INET, 0);
    if (wc_check(c, r == ERROR_SUCCESS, "GetAdaptersInfo with %lu bytes: %lu", (unsigned long)l.size,
                 (unsigned long)r) &&
        v4.buf) {
        int n = 0, bad = 0, unmatched = 0, loopback = 0;
        for (const IP_ADAPTER_INFO *a = (const IP_ADAPTER_INFO *)l.buf; a && n < GAA_MAX_ADAPTERS; a = a->Next) {
            n++;
            struct in_addr ip, mask;
            if (!inside(&l, a, sizeof *a) || a->AddressLength > MAX_ADAPTER_ADDRESS_LENGTH ||
                !dotted_v4(a->IpAddressList.IpAddress.String, &ip) ||
                !dotted_v4(a->IpAddressList.IpMask.String, &mask)) {
                bad++;
                break;
            }
            if (ip.s_addr == htonl(INADDR_LOOPBACK)) loopback++;
            if (ip.s_addr == 0) continue; /* an adapter with no address yet: "0.0.0.0" */
            int found = 0;
            for (const IP_ADAPTER_ADDRESSES *b = (const IP_ADAPTER_ADDRESSES *)v4.buf; b && !found; b = b->Next)
                for (const IP_ADAPTER_UNICAST_ADDRESS *u = b->FirstUnicastAddress;
                     u && !found && b->IfIndex == a->Index; u = u->Next)
                    found = is_v4(&u->Address, ntohl(ip.s_addr));
            unmatched += !found;
        }
        wc_check(
            c, n > 0 && !bad && !loopback && !unmatched,
            "GetAdaptersInfo: %d adapters, %d outside the buffer or not dotted IPv4 text, %d listing 127.0.0.1, %d "
            "whose address GetAdaptersAddresses does not give the adapter of its index; expected none",
            n, bad, loopback, unmatched);
    }
    free(v4.buf);
    free(l.buf);
    r = GetAdaptersInfo(NULL, NULL);
    wc_check(c, r == ERROR_INVALID_PARAMETER,
             "GetAdaptersInfo with pOutBufLen NULL: %lu; expected ERROR_INVALID_PARAMETER", (unsigned long)r);
}

static const wc_case cases[] = {
    WC_CASE("S3.iphlp.adapters-info", "S3", "#return-value", WC_MUST,
            "GetAdaptersInfo: ERROR_BUFFER_OVERFLOW and the size, then IPv4 adapters as dotted text inside the buffer, "
            "no loopback, each address the one GetAdaptersAddresses gives that index; ERROR_INVALID_PARAMETER for "
            "pOutBufLen NULL",
            adapters_info),
    WC_CASE("S3.iphlp.adapters-addresses", "S3", "#return-value", WC_MUST,
            "GetAdaptersAddresses: ERROR_BUFFER_OVERFLOW and the size for no buffer or one a byte short (that buffer "
            "untouched); then a list wholly in the buffer, each family only its own, the loopback adapter with "
            "127.0.0.1; GAA_FLAG_SKIP_UNICAST; ERROR_INVALID_PARAMETER for family 99 and SizePointer NULL",
            adapters_addresses),
};

WC_TABLE(wc_adapter_calls, cases);
