/*
 * adapter_calls.c: GetAdaptersAddresses, with which a program lists the host's adapters and their
 * addresses before it picks one to bind or logs where it runs: the size negotiation, the family
 * filter, the flags that leave parts out, and a list that lives wholly in the caller's buffer.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GAA_MAX_ADAPTERS 256 /* a list longer than this is taken for a loop */

typedef struct gaa_list {
    BYTE *buf;
    ULONG size;
} gaa_list;

/* The list for family and flags, sized by a first call; NULL buf after a failed check. */
static gaa_list gaa(wc_ctx *c, ULONG family, ULONG flags) {
    gaa_list l = {NULL, 0};
    ULONG r = GetAdaptersAddresses(family, flags, NULL, NULL, &l.size);
    if (!wc_check(c, r == ERROR_BUFFER_OVERFLOW && l.size >= sizeof(IP_ADAPTER_ADDRESSES),
                  "GetAdaptersAddresses(family %lu, flags 0x%lx) with no buffer: %lu, size %lu; expected "
                  "ERROR_BUFFER_OVERFLOW (111) and the size needed",
                  (unsigned long)family, (unsigned long)flags, (unsigned long)r, (unsigned long)l.size))
        return l;
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
    int adapters, outside, wrong_family, unicasts, loopback_127;
    const char *what; /* the first thing found outside the buffer */
} gaa_walk;

/* Walks the list: every pointer inside the buffer, every unicast address of `family` (AF_UNSPEC:
 * either) with its sockaddr's length; counts, and finds the loopback adapter with 127.0.0.1. */
static gaa_walk walk(const gaa_list *l, ULONG family) {
    gaa_walk w = {0, 0, 0, 0, 0, NULL};
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
            if (!inside(l, u, sizeof *u) || !inside(l, u->Address.lpSockaddr, (size_t)u->Address.iSockaddrLength) ||
                u->Address.iSockaddrLength < (INT)sizeof(struct sockaddr_in)) {
                w.outside++;
                if (!w.what) w.what = "a unicast address";
                break;
            }
            int af = u->Address.lpSockaddr->sa_family;
            int len_ok = u->Address.iSockaddrLength ==
                         (af == AF_INET ? (INT)sizeof(struct sockaddr_in) : (INT)sizeof(struct sockaddr_in6));
            if ((af != AF_INET && af != AF_INET6) || !len_ok || (family != AF_UNSPEC && (ULONG)af != family))
                w.wrong_family++;
            if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK && is_v4(&u->Address, INADDR_LOOPBACK)) w.loopback_127++;
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
    } runs[] = {{AF_UNSPEC, 0, "AF_UNSPEC"}, {AF_INET, 0, "AF_INET"}, {AF_INET6, 0, "AF_INET6"}};
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        gaa_list l = gaa(c, runs[k].family, runs[k].flags);
        if (!l.buf) continue;
        gaa_walk w = walk(&l, runs[k].family);
        wc_check(c, w.adapters > 0 && w.adapters < GAA_MAX_ADAPTERS && !w.outside,
                 "GetAdaptersAddresses(%s): %d adapters, %s; expected a list wholly in the buffer", runs[k].what,
                 w.adapters, w.what ? w.what : "every pointer inside the buffer");
        wc_check(c, !w.wrong_family,
                 "GetAdaptersAddresses(%s): %d of %d unicast addresses of another family or with a wrong length",
                 runs[k].what, w.wrong_family, w.unicasts);
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
        gaa_list m = gaa(c, AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX);
        char text[256] = "";
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
        }
        wc_model_answer(c, "GetAdaptersAddresses.model-host", "%s", text);
        free(m.buf);
    }
}

static const wc_case cases[] = {
    WC_CASE("S3.iphlp.adapters-addresses", "S3", "#return-value", WC_MUST,
            "GetAdaptersAddresses: ERROR_BUFFER_OVERFLOW and the size for no buffer or one a byte short (that buffer "
            "untouched); then a list wholly in the buffer, each family only its own, the loopback adapter with "
            "127.0.0.1; GAA_FLAG_SKIP_UNICAST; ERROR_INVALID_PARAMETER for family 99 and SizePointer NULL",
            adapters_addresses),
};

WC_TABLE(wc_adapter_calls, cases);
