/*
 * protocols.c: the model's protocol catalogue: the entries WSAEnumProtocols lists, the entry
 * getsockopt(SO_PROTOCOL_INFO) describes a socket by, and how WSASocket picks an entry from
 * its (af, type, protocol) triple or from a WSAPROTOCOL_INFO it is handed back.
 *
 * Why: programs read the catalogue before they trust a socket to a completion port or to a
 * poll on the base handle (XP1_IFS_HANDLES), to find the message size of a datagram protocol,
 * or to create a socket like another one; a stack that answers these wrongly breaks them before
 * any redirect is queried.
 *
 * The entries are those of Windows' base provider, MSAFD Tcpip, as `netsh winsock show catalog`
 * prints them (Windows Internals, 6th ed., part 1, "Winsock"): TCP/IP catalogue entry 1001 with
 * service flags 0x20066 and UDP/IP 1002 with 0x20609, 16-byte addresses, version 2, a chain of
 * length 1 (a base protocol), provider {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}.  Wine's ws2_32
 * tests, run on Windows, expect those flags for TCP and UDP of both families
 * (test_service_flags) and PFL_MATCHES_PROTOCOL_ZERO on the entry socket(af, 0, 0) picks.  The
 * IPv6 entries carry the IPv6 provider's id and 28-byte addresses; the model has no raw
 * sockets, so it lists no RAW entries, and its catalogue numbers for IPv6 (1004, 1005) are its
 * own.  dwMessageSize: 0 for a stream ("WSAPROTOCOL_INFOW structure": "the concept of message
 * size is not relevant"), 65467 for UDP, the iMaxUdpDg Windows gives Winsock 1 callers.
 *
 * How WSASocket resolves a triple (Wine's ws2_32 tests, run on Windows, test_WSASocket): a
 * family and a protocol both 0 is WSAEINVAL; otherwise the first entry whose family, type and
 * protocol match those given (0 matching any, a protocol of 0 only an entry with
 * PFL_MATCHES_PROTOCOL_ZERO).  None: WSAEAFNOSUPPORT if no entry has the family,
 * WSAESOCKTNOSUPPORT if none of the family has the type, else WSAEPROTONOSUPPORT.  With a
 * WSAPROTOCOL_INFO, its dwCatalogEntryId must name an entry (else WSAEINVAL), each of the
 * triple that is 0 or FROM_PROTOCOL_INFO is taken from the structure, and a family still 0 is
 * WSAEAFNOSUPPORT (that provider is for a family).
 */
#include "net.h"

#include <stddef.h>
#include <string.h>

#define MS_TCPIP_FLAGS                                                                                                 \
    (XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA | XP1_IFS_HANDLES)
#define MS_UDPIP_FLAGS                                                                                                 \
    (XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED | XP1_SUPPORT_BROADCAST | XP1_SUPPORT_MULTIPOINT | XP1_IFS_HANDLES)

static const GUID provider_v4 = {0xe70f1aa0, 0xab8b, 0x11cf, {0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
static const GUID provider_v6 = {0xf9eab0c0, 0x26d4, 0x11d0, {0xbb, 0xbf, 0x00, 0xaa, 0x00, 0x6c, 0x34, 0xe4}};

static const struct {
    DWORD id;
    int af, type, proto;
    const char *name;
} entries[MS_PROTOCOLS] = {
    {1001, AF_INET, SOCK_STREAM, IPPROTO_TCP, "MSAFD Tcpip [TCP/IP]"},
    {1002, AF_INET, SOCK_DGRAM, IPPROTO_UDP, "MSAFD Tcpip [UDP/IP]"},
    {1004, AF_INET6, SOCK_STREAM, IPPROTO_TCP, "MSAFD Tcpip [TCP/IPv6]"},
    {1005, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, "MSAFD Tcpip [UDP/IPv6]"},
};

void ms_protocol_entry(int i, WSAPROTOCOL_INFOW *out) {
    memset(out, 0, sizeof *out);
    bool stream = entries[i].type == SOCK_STREAM;
    out->dwServiceFlags1 = stream ? MS_TCPIP_FLAGS : MS_UDPIP_FLAGS;
    out->dwProviderFlags = PFL_MATCHES_PROTOCOL_ZERO;
    out->ProviderId = entries[i].af == AF_INET ? provider_v4 : provider_v6;
    out->dwCatalogEntryId = entries[i].id;
    out->ProtocolChain.ChainLen = BASE_PROTOCOL;
    out->iVersion = 2;
    out->iAddressFamily = entries[i].af;
    out->iMaxSockAddr = out->iMinSockAddr =
        entries[i].af == AF_INET ? (int)sizeof(struct sockaddr_in) : (int)sizeof(struct sockaddr_in6);
    out->iSocketType = entries[i].type;
    out->iProtocol = entries[i].proto;
    out->iNetworkByteOrder = BIGENDIAN;
    out->iSecurityScheme = SECURITY_PROTOCOL_NONE;
    out->dwMessageSize = stream ? 0 : 65467;
    for (size_t k = 0; entries[i].name[k]; k++) out->szProtocol[k] = (WCHAR)(unsigned char)entries[i].name[k];
}

void ms_protocol_info_a(const WSAPROTOCOL_INFOW *w, WSAPROTOCOL_INFOA *a) {
    memcpy(a, w, offsetof(WSAPROTOCOL_INFOA, szProtocol));
    size_t k = 0;
    for (; k < WSAPROTOCOL_LEN && w->szProtocol[k]; k++) a->szProtocol[k] = (CHAR)w->szProtocol[k]; /* ASCII names */
    memset(a->szProtocol + k, 0, sizeof a->szProtocol - k);
}

int ms_protocol_of(int af, int type, int proto) {
    for (int i = 0; i < MS_PROTOCOLS; i++)
        if (entries[i].af == af && entries[i].type == type && entries[i].proto == proto) return i;
    return -1;
}

static int by_triple(int *af, int *type, int *proto) {
    if (*af == 0 && *proto == 0) return WSAEINVAL;
    bool family = false, socktype = false;
    for (int i = 0; i < MS_PROTOCOLS; i++) {
        if (*af && entries[i].af != *af) continue;
        family = true;
        if (*type && entries[i].type != *type) continue;
        socktype = true;
        if (*proto && entries[i].proto != *proto) continue; /* a protocol of 0: every entry matches zero */
        *af = entries[i].af;
        *type = entries[i].type;
        *proto = entries[i].proto;
        return 0;
    }
    return !family ? WSAEAFNOSUPPORT : !socktype ? WSAESOCKTNOSUPPORT : WSAEPROTONOSUPPORT;
}

int ms_protocol_resolve(int *af, int *type, int *proto, const WSAPROTOCOL_INFOW *info) {
    if (!info) return by_triple(af, type, proto);
    if (ms_protocol_by_id(info->dwCatalogEntryId) < 0) return WSAEINVAL;
    if (*af == 0 || *af == FROM_PROTOCOL_INFO) *af = info->iAddressFamily;
    if (*type == 0 || *type == FROM_PROTOCOL_INFO) *type = info->iSocketType;
    if (*proto == 0 || *proto == FROM_PROTOCOL_INFO) *proto = info->iProtocol;
    if (*af == 0) return WSAEAFNOSUPPORT;
    return by_triple(af, type, proto);
}

int ms_protocol_by_id(DWORD id) {
    for (int i = 0; i < MS_PROTOCOLS; i++)
        if (entries[i].id == id) return i;
    return -1;
}
