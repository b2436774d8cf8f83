/*
 * filter_calls.c: fuzz_sequence's filter command (model only): a plain BLOCK filter at the
 * connect-redirect layer whose conditions the input chooses, then a connect that it must
 * block exactly when its conditions hold, then the filter deleted and the connect let through.
 *
 * Why: a callout driver's filters decide which flows its classifyFn ever sees, and which a
 * proxy ever gets; a stack that matches a condition wrongly redirects or blocks the wrong
 * flows.  The test callout's own filters only ever name port 80, so the condition code
 * (driver-stub/wfp/conditions.c) met one shape of condition in the fuzz targets: seed 24's
 * mutant that copied 15 of an IPv6 address condition's 16 bytes was found by certify but by
 * no fuzzer (docs/PERFORMANCE.md, issue 16 item 4).
 *
 * The expected outcome is computed here from the documented rules, never read back: "Filter
 * Arbitration" and FWPM_FILTER_CONDITION0 (conditions on one field are OR'ed, on different
 * fields AND'ed), FWP_MATCH_TYPE (EQUAL, GREATER, LESS, their OR_EQUAL forms, NOT_EQUAL,
 * RANGE inclusive), FWP_V4_ADDR_MASK (the address under its mask), FWP_BYTE_ARRAY16 for an
 * IPv6 address; a BLOCK filter that matches a connect fails it with WSAEACCES (certify's
 * S5.block-refuses).  IPv4 addresses and ports are host order in conditions, as in the
 * classify's incoming values (SEMANTICS 5).  With a vendor's callout loaded (WFPCERT_CALLOUT)
 * its filters decide too, so nothing is judged.
 */
#include <stdlib.h>
#include <string.h>

#include "wh.h"

#ifndef _WIN32
#include "wfpcert/wdk/fwpsk.h" /* the management API a driver calls: public, as for wfp_api.c */

#define MAX_CONDS 3

/* One condition as the harness means it, and its FWPM form's storage. */
typedef struct cond {
    int port; /* on IP_REMOTE_PORT, else IP_REMOTE_ADDRESS */
    FWP_MATCH_TYPE match;
    FWP_DATA_TYPE type;
    UINT32 lo, hi; /* port or IPv4 address (host order) and range end; mask for V4_ADDR_MASK */
    UINT8 bytes16[16];
    FWP_V4_ADDR_AND_MASK mask;
    FWP_BYTE_ARRAY16 a16;
    FWP_RANGE0 range;
} cond;

static const FWP_MATCH_TYPE ordering[] = {FWP_MATCH_EQUAL, FWP_MATCH_NOT_EQUAL,        FWP_MATCH_GREATER,
                                          FWP_MATCH_LESS,  FWP_MATCH_GREATER_OR_EQUAL, FWP_MATCH_LESS_OR_EQUAL};

/* A value near `at` (the same, one either side) or anywhere. */
static UINT32 near(fdp *in, UINT32 at, UINT32 max) {
    switch (wh_fdp_range(in, 0, 3)) {
    case 0:
        return at;
    case 1:
        return at ? at - 1 : 0;
    case 2:
        return at < max ? at + 1 : at;
    default:
        return wh_fdp_u32(in) % (max == UINT32_MAX ? UINT32_MAX : max + 1);
    }
}

static int holds(const cond *c, UINT32 v) {
    switch (c->match) {
    case FWP_MATCH_EQUAL:
        return v == c->lo;
    case FWP_MATCH_NOT_EQUAL:
        return v != c->lo;
    case FWP_MATCH_GREATER:
        return v > c->lo;
    case FWP_MATCH_LESS:
        return v < c->lo;
    case FWP_MATCH_GREATER_OR_EQUAL:
        return v >= c->lo;
    case FWP_MATCH_LESS_OR_EQUAL:
        return v <= c->lo;
    default: /* FWP_MATCH_RANGE */
        return v >= c->lo && v <= c->hi;
    }
}

/* Whether c holds for the connect to addr (host order for IPv4; 16 bytes for IPv6) : port. */
static int matches(const cond *c, int v6, UINT32 addr4, const UINT8 *addr6, USHORT port) {
    if (c->port) return holds(c, port);
    if (v6) {
        int eq = memcmp(c->bytes16, addr6, 16) == 0;
        return c->match == FWP_MATCH_NOT_EQUAL ? !eq : eq;
    }
    if (c->type == FWP_V4_ADDR_MASK) return (addr4 & c->hi) == (c->lo & c->hi);
    return holds(c, addr4);
}

/* The input's condition on the remote port or address of a connect to (addr, port). */
static void pick_cond(fdp *in, cond *c, int v6, UINT32 addr4, const UINT8 *addr6, USHORT port,
                      FWPM_FILTER_CONDITION0 *f) {
    memset(c, 0, sizeof *c);
    memset(f, 0, sizeof *f);
    c->port = wh_fdp_bool(in);
    if (c->port) {
        f->fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
        if (wh_fdp_bool(in)) {
            c->match = FWP_MATCH_RANGE;
            c->lo = near(in, port, 0xFFFF);
            c->hi = near(in, port, 0xFFFF);
            c->range.valueLow = (FWP_VALUE0){.type = FWP_UINT16, .uint16 = (UINT16)c->lo};
            c->range.valueHigh = (FWP_VALUE0){.type = FWP_UINT16, .uint16 = (UINT16)c->hi};
            f->conditionValue.type = c->type = FWP_RANGE_TYPE;
            f->conditionValue.rangeValue = &c->range;
        } else {
            c->match = wh_fdp_pick(in, ordering);
            c->lo = near(in, port, 0xFFFF);
            f->conditionValue.type = c->type = FWP_UINT16;
            f->conditionValue.uint16 = (UINT16)c->lo;
        }
    } else if (v6) {
        f->fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
        c->match = wh_fdp_bool(in) ? FWP_MATCH_NOT_EQUAL : FWP_MATCH_EQUAL;
        memcpy(c->bytes16, addr6, 16);
        if (wh_fdp_bool(in)) c->bytes16[wh_fdp_range(in, 0, 15)] ^= (UINT8)(1u << wh_fdp_range(in, 0, 7));
        memcpy(c->a16.byteArray16, c->bytes16, 16);
        f->conditionValue.type = c->type = FWP_BYTE_ARRAY16_TYPE;
        f->conditionValue.byteArray16 = &c->a16;
    } else {
        f->fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
        c->lo = near(in, addr4, UINT32_MAX);
        if (wh_fdp_bool(in)) {
            c->match = FWP_MATCH_EQUAL;
            unsigned bits = wh_fdp_range(in, 0, 32);
            c->hi = bits ? 0xFFFFFFFFu << (32 - bits) : 0;
            c->mask = (FWP_V4_ADDR_AND_MASK){c->lo, c->hi};
            f->conditionValue.type = c->type = FWP_V4_ADDR_MASK;
            f->conditionValue.v4AddrMask = &c->mask;
        } else {
            c->match = wh_fdp_pick(in, ordering);
            f->conditionValue.type = c->type = FWP_UINT32;
            f->conditionValue.uint32 = c->lo;
        }
    }
    f->matchType = c->match;
}

/* A blocking connect to the listener's address; its error, 0 when it connected. */
static int connect_to(int v6, const SOCKADDR_STORAGE *a) {
    SOCKET s = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) return -1;
    int err =
        connect(s, (const struct sockaddr *)a, v6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in))
            ? WSAGetLastError()
            : 0;
    closesocket(s);
    return err;
}

void wh_filter_call(wh_ctx *x) {
    fdp *in = x->in;
    int v6 = wh_fdp_bool(in);
    int n = (int)wh_fdp_range(in, 1, MAX_CONDS);
    const char *vendor = getenv("WFPCERT_CALLOUT");
    if (vendor && *vendor) return;
    SOCKET l = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKADDR_STORAGE a;
    memset(&a, 0, sizeof a);
    a.ss_family = (ADDRESS_FAMILY)(v6 ? AF_INET6 : AF_INET);
    if (v6)
        ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr[15] = 1;
    else
        ((struct sockaddr_in *)&a)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof a;
    if (l == INVALID_SOCKET || bind(l, (struct sockaddr *)&a, v6 ? 28 : 16) || listen(l, 8) ||
        getsockname(l, (struct sockaddr *)&a, &len)) {
        if (l != INVALID_SOCKET) closesocket(l);
        return; /* the model's allocation faults: nothing to judge */
    }
    USHORT port = ntohs(((struct sockaddr_in *)&a)->sin_port); /* sin_port and sin6_port share their offset */
    UINT32 addr4 = INADDR_LOOPBACK;
    const UINT8 *addr6 = ((struct sockaddr_in6 *)&a)->sin6_addr.s6_addr;
    cond c[MAX_CONDS];
    FWPM_FILTER_CONDITION0 f[MAX_CONDS];
    int field_seen[2] = {0, 0}, field_any[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        pick_cond(in, &c[i], v6, addr4, addr6, port, &f[i]);
        field_seen[c[i].port] = 1;
        field_any[c[i].port] |= matches(&c[i], v6, addr4, addr6, port);
    }
    int blocked = (!field_seen[0] || field_any[0]) && (!field_seen[1] || field_any[1]);
    wh_fdp_step("a BLOCK filter with %d condition(s) on the remote %s, then a connect to %s port %u: %s", n,
                field_seen[0] && field_seen[1] ? "address and port"
                : field_seen[1]                ? "port"
                                               : "address",
                v6 ? "::1" : "127.0.0.1", (unsigned)port, blocked ? "blocked" : "let through");
    wh_fdp_c("/* a BLOCK filter of the input's conditions, a connect, the filter deleted (filter_calls.c) */");
    HANDLE h = NULL;
    if (FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h) != STATUS_SUCCESS || !h) {
        closesocket(l);
        return;
    }
    FWPM_FILTER0 filter;
    memset(&filter, 0, sizeof filter);
    filter.layerKey = v6 ? FWPM_LAYER_ALE_CONNECT_REDIRECT_V6 : FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_BLOCK;
    filter.numFilterConditions = (UINT32)n;
    filter.filterCondition = f;
    UINT64 id = 0;
    NTSTATUS st = FwpmFilterAdd0(h, &filter, NULL, &id);
    int digest[] = {3201, (int)st, blocked};
    wh_digest_add(digest, sizeof digest);
    if (st == STATUS_SUCCESS) {
        int err = connect_to(v6, &a);
        if (blocked && err != WSAEACCES)
            wh_fail("S5",
                    "a connect to %s port %u that the BLOCK filter's conditions match: error %d, expected WSAEACCES",
                    v6 ? "::1" : "127.0.0.1", (unsigned)port, err);
        if (err == WSAENOBUFS) err = blocked ? WSAEACCES : 0; /* the model's allocation faults: not judged */
        if (!blocked && err)
            wh_fail("S5", "a connect to %s port %u that the BLOCK filter's conditions do not match failed with %d",
                    v6 ? "::1" : "127.0.0.1", (unsigned)port, err);
        st = FwpmFilterDeleteById0(h, id);
        if (st != STATUS_SUCCESS && st != STATUS_INSUFFICIENT_RESOURCES)
            wh_fail("S5", "FwpmFilterDeleteById0 of the filter just added: 0x%08x", (unsigned)st);
        if (st == STATUS_SUCCESS && (err = connect_to(v6, &a)) != 0 && err != WSAENOBUFS)
            wh_fail("S5", "a connect after the BLOCK filter was deleted failed with %d", err);
    } else if (st != STATUS_INSUFFICIENT_RESOURCES) {
        wh_fail("S5", "FwpmFilterAdd0 of a BLOCK filter with %d condition(s) the model evaluates: 0x%08x", n,
                (unsigned)st);
    }
    FwpmEngineClose0(h);
    closesocket(l);
}
#else
void wh_filter_call(wh_ctx *x) { (void)x; /* the kernel API: model only (wfp_api.c) */ }
#endif
