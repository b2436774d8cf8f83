/*
 * adapter_calls.c: GetAdaptersAddresses and GetAdaptersInfo, the IP Helper calls a program makes
 * to list the host's adapters and their addresses (to pick a local address to bind, to log where
 * it runs and its MAC address, to tell whether it is on a network at all).
 *
 * Why: without it such a program does not link against the model; and what it lists must be the
 * model's own host, the addresses its sockets really get (ms_net_source_address: loopback, and
 * one documentation address per family), or the program binds where nothing answers.
 *
 * Behaviour, from learn.microsoft.com ("GetAdaptersAddresses function", "IP_ADAPTER_ADDRESSES_LH
 * structure", "IP_ADAPTER_UNICAST_ADDRESS_LH structure"):
 *   arguments  Family AF_UNSPEC, AF_INET or AF_INET6, any other ERROR_INVALID_PARAMETER, as is a
 *       SizePointer of NULL; Reserved is not read.  A buffer that is NULL or smaller than the
 *       list: ERROR_BUFFER_OVERFLOW and *SizePointer set to the size needed, the buffer not
 *       written.  Otherwise ERROR_SUCCESS and the list, every pointer in it into the buffer.
 *   the list  two adapters, in this order: the Ethernet adapter "Ethernet" (IfIndex 2, IfType
 *       IF_TYPE_ETHERNET_CSMACD, MTU 1500, a locally administered MAC 02-00-00-00-00-01) with
 *       192.0.2.1/24 and 2001:db8::1/64, and the loopback pseudo-interface (IfIndex 1, IfType
 *       IF_TYPE_SOFTWARE_LOOPBACK, no physical address, MTU 0xFFFFFFFF as Windows gives it) with
 *       127.0.0.1/8 and ::1/128.  Both up, both with IPv4 and IPv6 enabled.  AF_INET and AF_INET6
 *       keep only that family's addresses (and prefixes).  Length is each structure's size.
 *   flags  GAA_FLAG_SKIP_UNICAST leaves the unicast lists out, GAA_FLAG_SKIP_FRIENDLY_NAME gives
 *       an empty friendly name, GAA_FLAG_INCLUDE_PREFIX adds each address's on-link prefix,
 *       GAA_FLAG_INCLUDE_GATEWAYS the Ethernet adapter's default gateways, 192.0.2.254 and
 *       2001:db8::fe (a program that takes an adapter without one for offline sees the host
 *       online; nothing listens there).  The model has no anycast, multicast, DNS server or WINS
 *       server addresses to give (those lists are NULL whatever the flags: names resolve in the
 *       model, not through a server), and DnsSuffix is an empty string.
 *   GetAdaptersInfo  the IPv4 adapters only, without the loopback pseudo-interface ("GetAdaptersInfo
 *       function": IPv4 only; Windows and Wine leave loopback out): the Ethernet adapter, its
 *       address and mask as dotted text (192.0.2.1, 255.255.255.0), its gateway 192.0.2.254, DHCP
 *       off.  The same size negotiation; a SizePointer of NULL is ERROR_INVALID_PARAMETER.
 */
#include "../net/net.h"
#include "wfpcert/iphlpapi.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define ALIGN8(n) (((n) + 7u) & ~(size_t)7u)

typedef struct model_addr {
    int af;
    uint8_t bytes[16];
    UINT8 prefix;
} model_addr;

typedef struct model_adapter {
    IF_INDEX index;
    IFTYPE type;
    ULONG mtu;
    const char *name; /* AdapterName: the adapter's GUID, as Windows names them */
    const char *friendly, *description; /* ASCII, widened */
    BYTE mac[6];
    ULONG mac_len;
    ULONG64 speed;
    model_addr addrs[2];
    model_addr gateways[2]; /* af 0: none */
} model_adapter;

static const model_adapter adapters[] = {
    {2,
     IF_TYPE_ETHERNET_CSMACD,
     1500,
     "{7D1B3C52-9E0A-4B7E-8F21-57F0C0A80002}",
     "Ethernet",
     "wfpcert model network adapter",
     {0x02, 0, 0, 0, 0, 0x01},
     6,
     1000000000u,
     {{AF_INET, {192, 0, 2, 1}, 24}, {AF_INET6, {0x20, 0x01, 0x0d, 0xb8, [15] = 1}, 64}},
     {{AF_INET, {192, 0, 2, 254}, 32}, {AF_INET6, {0x20, 0x01, 0x0d, 0xb8, [15] = 0xfe}, 128}}},
    {1,
     IF_TYPE_SOFTWARE_LOOPBACK,
     0xFFFFFFFFu,
     "{7D1B3C52-9E0A-4B7E-8F21-57F0C0A80001}",
     "Loopback Pseudo-Interface 1",
     "Software Loopback Interface 1",
     {0},
     0,
     1073741824u,
     {{AF_INET, {127, 0, 0, 1}, 8}, {AF_INET6, {[15] = 1}, 128}},
     {{0}}},
};
#define NADAPTERS (sizeof adapters / sizeof adapters[0])

static size_t sockaddr_len(int af) { return af == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6); }

static bool wanted(ULONG family, const model_addr *a) { return family == AF_UNSPEC || (ULONG)a->af == family; }

/* A bump allocator over the caller's buffer, or, with no buffer, a counter of the size needed. */
typedef struct arena {
    uint8_t *base;
    size_t used;
} arena;

static void *take(arena *m, size_t n) {
    size_t at = ALIGN8(m->used);
    m->used = at + n;
    if (!m->base) return NULL;
    memset(m->base + at, 0, n);
    return m->base + at;
}

static WCHAR *wide(arena *m, const char *s) {
    size_t n = strlen(s) + 1;
    WCHAR *w = take(m, n * sizeof(WCHAR));
    for (size_t i = 0; w && i < n; i++) w[i] = (WCHAR)(unsigned char)s[i];
    return w;
}

/* The address (or, with prefix set, the network of its prefix) as a SOCKET_ADDRESS. */
static void put_address(arena *m, const model_addr *a, bool prefix, SOCKET_ADDRESS *out) {
    size_t n = sockaddr_len(a->af);
    uint8_t *sa = take(m, n);
    if (!sa || !out) return;
    uint8_t bytes[16];
    memcpy(bytes, a->bytes, sizeof bytes);
    if (prefix)
        for (unsigned bit = a->prefix; bit < (a->af == AF_INET ? 32u : 128u); bit++)
            bytes[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
    if (a->af == AF_INET) {
        struct sockaddr_in *s4 = (struct sockaddr_in *)sa;
        s4->sin_family = AF_INET;
        memcpy(&s4->sin_addr, bytes, 4);
    } else {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
        s6->sin6_family = AF_INET6;
        memcpy(&s6->sin6_addr, bytes, 16);
    }
    out->lpSockaddr = (LPSOCKADDR)sa;
    out->iSockaddrLength = (INT)n;
}

/* The unicast, prefix and gateway lists share their shape (Length, Next, then the address), so
 * one helper takes an entry of `size` bytes, links it after *last (or makes it the list's head)
 * and fills its address; the entry, or NULL while only counting. */
#define NEXT_AT offsetof(IP_ADAPTER_UNICAST_ADDRESS, Next)
#define ADDRESS_AT offsetof(IP_ADAPTER_UNICAST_ADDRESS, Address)
_Static_assert(offsetof(IP_ADAPTER_PREFIX, Next) == NEXT_AT && offsetof(IP_ADAPTER_PREFIX, Address) == ADDRESS_AT &&
                   offsetof(IP_ADAPTER_GATEWAY_ADDRESS, Next) == NEXT_AT &&
                   offsetof(IP_ADAPTER_GATEWAY_ADDRESS, Address) == ADDRESS_AT,
               "the adapter lists' entries share their head");

static void *append(arena *m, size_t size, void *head, void **last, const model_addr *ad, bool prefix) {
    uint8_t *e = take(m, size);
    if (e) {
        ULONG length = (ULONG)size;
        memcpy(e, &length, sizeof length);
        if (*last)
            memcpy((uint8_t *)*last + NEXT_AT, &e, sizeof e);
        else if (head)
            memcpy(head, &e, sizeof e); /* the adapter's First... pointer */
        *last = e;
    }
    put_address(m, ad, prefix, e ? (SOCKET_ADDRESS *)(e + ADDRESS_AT) : NULL);
    return e;
}

static void put_adapter(arena *m, const model_adapter *d, ULONG family, ULONG flags, IP_ADAPTER_ADDRESSES *prev) {
    IP_ADAPTER_ADDRESSES *a = take(m, sizeof *a);
    if (prev) prev->Next = a;
    char *name = take(m, strlen(d->name) + 1);
    WCHAR *empty = wide(m, ""), *desc = wide(m, d->description);
    WCHAR *friendly = flags & GAA_FLAG_SKIP_FRIENDLY_NAME ? empty : wide(m, d->friendly);
    void *last = NULL;
    for (size_t i = 0; !(flags & GAA_FLAG_SKIP_UNICAST) && i < 2; i++) {
        const model_addr *ad = &d->addrs[i];
        if (!wanted(family, ad)) continue;
        IP_ADAPTER_UNICAST_ADDRESS *u =
            append(m, sizeof *u, a ? (void *)&a->FirstUnicastAddress : NULL, &last, ad, false);
        if (!u) continue;
        u->PrefixOrigin = d->type == IF_TYPE_SOFTWARE_LOOPBACK ? IpPrefixOriginWellKnown : IpPrefixOriginManual;
        u->SuffixOrigin = d->type == IF_TYPE_SOFTWARE_LOOPBACK ? IpSuffixOriginWellKnown : IpSuffixOriginManual;
        u->DadState = IpDadStatePreferred;
        u->ValidLifetime = u->PreferredLifetime = u->LeaseLifetime = 0xFFFFFFFFu;
        u->OnLinkPrefixLength = ad->prefix;
    }
    last = NULL;
    for (size_t i = 0; (flags & GAA_FLAG_INCLUDE_PREFIX) && i < 2; i++) {
        const model_addr *ad = &d->addrs[i];
        if (!wanted(family, ad)) continue;
        IP_ADAPTER_PREFIX *p = append(m, sizeof *p, a ? (void *)&a->FirstPrefix : NULL, &last, ad, true);
        if (p) p->PrefixLength = ad->prefix;
    }
    last = NULL;
    for (size_t i = 0; (flags & GAA_FLAG_INCLUDE_GATEWAYS) && i < 2; i++) {
        const model_addr *gw = &d->gateways[i];
        if (gw->af && wanted(family, gw))
            append(m, sizeof(IP_ADAPTER_GATEWAY_ADDRESS), a ? (void *)&a->FirstGatewayAddress : NULL, &last, gw, false);
    }
    if (!a) return;
    a->Length = sizeof *a;
    a->IfIndex = a->Ipv6IfIndex = d->index;
    a->AdapterName = name;
    memcpy(name, d->name, strlen(d->name) + 1);
    a->DnsSuffix = empty;
    a->Description = desc;
    a->FriendlyName = friendly;
    memcpy(a->PhysicalAddress, d->mac, d->mac_len);
    a->PhysicalAddressLength = d->mac_len;
    a->Flags = IP_ADAPTER_IPV4_ENABLED | IP_ADAPTER_IPV6_ENABLED;
    a->Mtu = d->mtu;
    a->IfType = d->type;
    a->OperStatus = IfOperStatusUp;
    a->TransmitLinkSpeed = a->ReceiveLinkSpeed = d->speed;
    a->Ipv4Metric = a->Ipv6Metric = d->type == IF_TYPE_SOFTWARE_LOOPBACK ? 75 : 25;
    a->Luid.Info.IfType = d->type;
    a->Luid.Info.NetLuidIndex = d->index;
    a->CompartmentId = 1;
    a->ConnectionType = NET_IF_CONNECTION_DEDICATED;
    a->TunnelType = TUNNEL_TYPE_NONE;
}

ULONG WINAPI GetAdaptersAddresses(ULONG family, ULONG flags, PVOID reserved, PIP_ADAPTER_ADDRESSES out, PULONG size) {
    (void)reserved;
    if ((family != AF_UNSPEC && family != AF_INET && family != AF_INET6) || !size ||
        !ms_probe_write(size, sizeof *size))
        return ERROR_INVALID_PARAMETER;
    arena need = {NULL, 0};
    for (size_t i = 0; i < NADAPTERS; i++) put_adapter(&need, &adapters[i], family, flags, NULL);
    if (!out || *size < need.used) {
        *size = (ULONG)need.used;
        return ERROR_BUFFER_OVERFLOW;
    }
    if (!ms_probe_write(out, need.used)) return ERROR_INVALID_PARAMETER;
    arena m = {(uint8_t *)out, 0};
    IP_ADAPTER_ADDRESSES *prev = NULL;
    for (size_t i = 0; i < NADAPTERS; i++) {
        IP_ADAPTER_ADDRESSES *here = (IP_ADAPTER_ADDRESSES *)(m.base + ALIGN8(m.used));
        put_adapter(&m, &adapters[i], family, flags, prev);
        prev = here;
    }
    return ERROR_SUCCESS;
}

/* ---------------------------------------------------------------- GetAdaptersInfo */
static void dotted(const uint8_t *b, char *out) {
    snprintf(out, sizeof(IP_ADDRESS_STRING), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

static void mask_text(unsigned prefix, char *out) {
    uint8_t m[4] = {0};
    for (unsigned bit = 0; bit < prefix && bit < 32; bit++) m[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
    dotted(m, out);
}

ULONG WINAPI GetAdaptersInfo(PIP_ADAPTER_INFO out, PULONG size) {
    if (!size || !ms_probe_write(size, sizeof *size)) return ERROR_INVALID_PARAMETER;
    size_t n = 0;
    for (size_t i = 0; i < NADAPTERS; i++) n += adapters[i].type != IF_TYPE_SOFTWARE_LOOPBACK;
    if (!n) return ERROR_NO_DATA;
    size_t need = n * sizeof *out;
    if (!out || *size < need) {
        *size = (ULONG)need;
        return ERROR_BUFFER_OVERFLOW;
    }
    if (!ms_probe_write(out, need)) return ERROR_INVALID_PARAMETER;
    memset(out, 0, need);
    IP_ADAPTER_INFO *a = out;
    for (size_t i = 0; i < NADAPTERS; i++) {
        const model_adapter *d = &adapters[i];
        if (d->type == IF_TYPE_SOFTWARE_LOOPBACK) continue;
        a->ComboIndex = a->Index = d->index;
        snprintf(a->AdapterName, sizeof a->AdapterName, "%s", d->name);
        snprintf(a->Description, sizeof a->Description, "%s", d->description);
        a->AddressLength = d->mac_len;
        memcpy(a->Address, d->mac, d->mac_len);
        a->Type = MIB_IF_TYPE_ETHERNET;
        dotted(d->addrs[0].bytes, a->IpAddressList.IpAddress.String);
        mask_text(d->addrs[0].prefix, a->IpAddressList.IpMask.String);
        if (d->gateways[0].af == AF_INET) {
            dotted(d->gateways[0].bytes, a->GatewayList.IpAddress.String);
            mask_text(32, a->GatewayList.IpMask.String);
        }
        if (--n) a->Next = a + 1;
        a++;
    }
    return ERROR_SUCCESS;
}
