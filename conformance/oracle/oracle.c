/*
 * oracle.c: the IOCTL descriptor table and the outcome oracle (see oracle.h for the why).
 *
 * The oracle first builds the set of outcomes SEMANTICS allows for a call (an "expectation":
 * failure alternatives, each with its WSA view, Win32 view, NTSTATUS and the values
 * *lpcbBytesReturned may hold, plus whether success is allowed and how overlapped calls may
 * complete), then compares the observed outcome with it.  Building the set and judging are
 * kept apart so the conformance catalogue can reuse the same facts.
 */
#include "oracle.h"
#include "reference.h"
#include "wfpcert/compat.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ the descriptor table */
#define FAMILY_CLAUSES_QUERY "A15,A16,A33,A34,A35,A36,A37,A38,A39,A40,A41,A42,A46,A47,A49"

const wc_oracle_ioctl_desc wc_oracle_ioctls[] = {
    {"SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS", SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, WC_ORACLE_K_QUERY_RECORDS,
     1, 0, WC_ORACLE_VARIABLE, 30, FAMILY_CLAUSES_QUERY,
     "the redirect records of an accepted, redirected TCP connection"},
    {"SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT", SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, WC_ORACLE_K_QUERY_CONTEXT,
     1, 0, WC_ORACLE_VARIABLE, 25, FAMILY_CLAUSES_QUERY ",A43,A44,A45",
     "the callout's redirect context (A43: 256 bytes in WFPSampler)"},
    {"SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS", SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, WC_ORACLE_K_SET_RECORDS, 1,
     WC_ORACLE_VARIABLE, 0, 25, "A15,A16,A38,A39,A51,A52,A53,A54,A55,A56,A57,A58",
     "hands a records blob to the proxy's outbound socket, before bind"},
    {"SIO_FLUSH", SIO_FLUSH, WC_ORACLE_K_FLUSH, 0, 0, 0, 4, "A17,A27",
     "unsupported on TCP on Windows; aborts in the pages"},
    {"SIO_GET_EXTENSION_FUNCTION_POINTER", SIO_GET_EXTENSION_FUNCTION_POINTER, WC_ORACLE_K_EXT_POINTER, 0, sizeof(GUID),
     sizeof(void *), 4, "A21,A23", "WSARecvMsg / WSASendMsg by GUID"},
    {"FIONBIO", (DWORD)FIONBIO, WC_ORACLE_K_IN_ULONG, 0, sizeof(u_long), 0, 2, "S3", "non-blocking mode"},
    {"FIONREAD", (DWORD)FIONREAD, WC_ORACLE_K_OUT_ULONG, 0, 0, sizeof(u_long), 2, "A21", "bytes ready to read"},
    {"SIOCATMARK", (DWORD)SIOCATMARK, WC_ORACLE_K_OUT_ULONG, 0, 0, sizeof(u_long), 1, "A21", "urgent data mark"},
    {"SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE", SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE, WC_ORACLE_K_UNSPECIFIED, 0, 0,
     sizeof(UINT64), 1, "1.1", "a WFP sibling; real on Windows, outside this suite's contract"},
    /* Codes nobody implements: the ones Wine's tests used on Windows (A17) and bit-level
     * neighbours of the family, which a stack must not confuse with the real codes (A04). */
    {"0xDEADBEEF", 0xDEADBEEFu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 2, "A17,A18,A19", "unknown (Wine's test value)"},
    {"FIOASYNC", (DWORD)FIOASYNC, WC_ORACLE_K_UNKNOWN, 0, sizeof(u_long), 0, 1, "A17", "unsupported by Winsock"},
    {"0x667E", 0x667Eu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 1, "A17", "FIONBIO without its direction bits"},
    {"_WSAIOW(IOC_VENDOR,219)", 0x980000DBu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 1, "A04,A17", "below the family"},
    {"_WSAIOW(IOC_VENDOR,223)", 0x980000DFu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 1, "A04,A17", "above the family"},
    {"_WSAIOR(IOC_VENDOR,220)", 0x580000DCu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 1, "A04,A17",
     "QUERY_RECORDS with IOC_OUT instead of IOC_IN"},
    {"_WSAIORW(IOC_VENDOR,220)", 0xD80000DCu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 1, "A04,A17",
     "QUERY_RECORDS with both direction bits"},
    {"_WSAIOW(IOC_PROTOCOL,220)", 0x900000DCu, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 1, "A04,A17",
     "QUERY_RECORDS in the protocol space"},
};
const int wc_oracle_ioctl_count = (int)(sizeof wc_oracle_ioctls / sizeof wc_oracle_ioctls[0]);

static const wc_oracle_ioctl_desc unknown_desc = {"unknown",         0, WC_ORACLE_K_UNKNOWN, 0, 0, 0, 0, "A17,A18,A19",
                                                  "not in the table"};

/* Real Winsock codes a stack may implement, which the harnesses never pick (so they stay out of
 * the weighted table, its seeds and dictionaries) but may still meet in an input: judged by
 * their own pages, not as unknown codes (A17), or a stack that implements them fails A17. */
static const wc_oracle_ioctl_desc known_elsewhere[] = {
    {"SIO_KEEPALIVE_VALS", SIO_KEEPALIVE_VALS, WC_ORACLE_K_IN_ULONG, 0, sizeof(struct tcp_keepalive), 0, 0, "S3",
     "a struct tcp_keepalive in, nothing out (SIO_KEEPALIVE_VALS page)"},
    {"SIO_UDP_CONNRESET", SIO_UDP_CONNRESET, WC_ORACLE_K_UNSPECIFIED, 0, sizeof(BOOL), 0, 0, "1.1",
     "a BOOL in; its answer on a TCP socket is not documented"},
    {"SIO_LOOPBACK_FAST_PATH", SIO_LOOPBACK_FAST_PATH, WC_ORACLE_K_UNSPECIFIED, 0, sizeof(BOOL), 0, 0, "S3",
     "a BOOL in, TCP only; what other sockets and a connected one answer no page says"},
    {"SIO_BASE_HANDLE", SIO_BASE_HANDLE, WC_ORACLE_K_OUT_ULONG, 0, 0, sizeof(SOCKET), 0, "S3",
     "the base provider's SOCKET out"},
    {"SIO_BSP_HANDLE_POLL", SIO_BSP_HANDLE_POLL, WC_ORACLE_K_OUT_ULONG, 0, 0, sizeof(SOCKET), 0, "S3",
     "the base provider's SOCKET out"},
};

/* Tables: left out of the fuzzers' coverage (docs/PERFORMANCE.md), but for the lookup by
 * code, whose compares hand libFuzzer the codes of the table. */
const wc_oracle_ioctl_desc *wc_oracle_ioctl_find(DWORD code) {
    for (int i = 0; i < wc_oracle_ioctl_count; i++)
        if (wc_oracle_ioctls[i].code == code) return &wc_oracle_ioctls[i];
    for (size_t i = 0; i < sizeof known_elsewhere / sizeof known_elsewhere[0]; i++)
        if (known_elsewhere[i].code == code) return &known_elsewhere[i];
    return &unknown_desc;
}

WFPCERT_NO_COVERAGE unsigned wc_oracle_ioctl_weight_total(void) {
    unsigned s = 0;
    for (int i = 0; i < wc_oracle_ioctl_count; i++) s += wc_oracle_ioctls[i].weight;
    return s;
}

WFPCERT_NO_COVERAGE const wc_oracle_ioctl_desc *wc_oracle_ioctl_pick(unsigned r) {
    for (int i = 0; i < wc_oracle_ioctl_count; i++) {
        if (r < wc_oracle_ioctls[i].weight) return &wc_oracle_ioctls[i];
        r -= wc_oracle_ioctls[i].weight;
    }
    return &wc_oracle_ioctls[0];
}

/* ------------------------------------------------------------------- error names */
WFPCERT_NO_COVERAGE const char *wc_oracle_error_name(int err, char *buf, size_t cap) {
    static const struct {
        int v;
        const char *n;
    } names[] = {
        {0, "success"},
        {WSAEFAULT, "WSAEFAULT"},
        {WSAEINVAL, "WSAEINVAL"},
        {WSAENOTSOCK, "WSAENOTSOCK"},
        {WSAEOPNOTSUPP, "WSAEOPNOTSUPP"},
        {WSAENOTCONN, "WSAENOTCONN"},
        {WSAEACCES, "WSAEACCES"},
        {WSAEMSGSIZE, "WSAEMSGSIZE"},
        {WSAENOBUFS, "WSAENOBUFS"},
        {WSAEWOULDBLOCK, "WSAEWOULDBLOCK"},
        {WSA_IO_PENDING, "WSA_IO_PENDING"},
        {WSA_IO_INCOMPLETE, "WSA_IO_INCOMPLETE"},
        {WSA_OPERATION_ABORTED, "WSA_OPERATION_ABORTED"},
        {ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER"},
        {ERROR_NOT_FOUND, "ERROR_NOT_FOUND"},
        {ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED"},
        {ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER"},
        {ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED"},
        {998, "ERROR_NOACCESS"},
        {1229, "ERROR_CONNECTION_INVALID"},
        {(int)FWP_E_NOT_FOUND, "FWP_E_NOT_FOUND"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].v == err) {
            snprintf(buf, cap, "%s (%d)", names[i].n, err);
            return buf;
        }
    snprintf(buf, cap, "%d", err);
    return buf;
}

/* ---------------------------------------------------------------- expectations */
#define SZ_ZERO 1u /* *lpcbBytesReturned = 0 */
#define SZ_NEED 2u /* = the size the call produces or requires */
#define SZ_KEEP 4u /* left as the caller preset it */
#define SZ_CBIN 8u /* = cbInBuffer (SET, set_bytes=size) */
#define SZ_ANY 16u
#define ANY_ERROR INT_MIN /* any failure code will do (undocumented failures) */
#define MAX_ALTS 16

typedef struct alt {
    const char *point, *value; /* the open point and alternative this one is (NULL: none) */
    const char *clause;
    int wsa; /* the synchronous and completion-routine view */
    DWORD win32; /* the completion-port view (port_view of wsa unless given) */
    LONG status; /* OVERLAPPED.Internal after completion; 0 = not pinned */
    unsigned size; /* SZ_* mask */
} alt;

typedef struct expect {
    alt a[MAX_ALTS];
    int n;
    int must_fail; /* success is not allowed */
    const char *fail_clause; /* the clause a success breaks */
    const char *ok_clause; /* the clause a failure breaks when success is required */
    unsigned ok_size; /* what a synchronous success leaves in *lpcbBytesReturned */
    DWORD need, cbin; /* the values of SZ_NEED and SZ_CBIN */
    int anything; /* outside the contract: only "no crash" is asked */
    int pre_dispatch; /* fails before the code is looked at: never pends, never queues */
    int user_mode; /* answered without the kernel: completes at once (A21, A23) */
    int family;
    int ok_pend_fail, ok_now_fail, ok_pend_success, ok_now_success; /* overlapped shapes */
    unsigned ov_ok_size; /* what an immediate overlapped success leaves (A21, A22) */
    const char *point, *value; /* the last alternative allow() let in, for the next add() */
} expect;

/* ---------------------------------------------------------------- the reference
 * What is expected at a point the pages leave open (reference.h).  On the model the harness
 * configured the profile and knobs itself, so the knob it set is the alternative it asked
 * for.  A target without knobs (native) is held to the reference: a pinned alternative, or
 * for an open point the first documented alternative it showed, for the rest of the process
 * (one alternative throughout, as the catalogue requires across its cases). */
static const char *reference = "windows";
static struct {
    const char *point;
    char value[24];
} latched[16];

int wc_oracle_set_reference(const char *name) {
    if (!wc_oracle_reference_known(name)) return -1;
    reference = name;
    memset(latched, 0, sizeof latched);
    return 0;
}

WFPCERT_NO_COVERAGE static const char *latched_value(const char *point) {
    for (size_t i = 0; i < sizeof latched / sizeof latched[0] && latched[i].point; i++)
        if (strcmp(latched[i].point, point) == 0) return latched[i].value;
    return NULL;
}

WFPCERT_NO_COVERAGE static void latch(const char *point, const char *value) {
    size_t i = 0;
    while (i < sizeof latched / sizeof latched[0] && latched[i].point && strcmp(latched[i].point, point) != 0) i++;
    if (i == sizeof latched / sizeof latched[0] || latched[i].point) return;
    latched[i].point = point;
    snprintf(latched[i].value, sizeof latched[i].value, "%s", value);
}

/* Whether alternative v of point k is expected; remembers it for the next add() when the
 * point is one a target may settle for itself (no knob, no pin). */
static int listing; /* wc_oracle_expectation_of: every documented alternative, nothing latched */

/* Alternatives the model's knobs offer that no page supports: a target that reports no knob
 * is held to the documented one (A58: WFPSampler sets the records "prior to binding"). */
static int documented(const char *k, const char *v) {
    return strcmp(k, "set_after_connect") != 0 || strcmp(v, "reject") == 0;
}

static int allow(const wt_target *t, expect *e, const char *k, const char *v) {
    const char *cur = t ? wt_get_knob(t, k) : NULL;
    if (cur) return strcmp(cur, v) == 0;
    if (!documented(k, v)) return 0;
    const char *pin = listing ? NULL : wc_oracle_reference_pin(reference, k);
    if (pin) return strcmp(pin, v) == 0;
    const char *seen = listing ? NULL : latched_value(k);
    if (seen) return strcmp(seen, v) == 0;
    /* only points whose alternatives are failure codes can be told apart by an outcome */
    static const char *const settled_by_error[] = {"too_small",      "size_probe", "unknown_ioctl",
                                                   "not_redirected", "no_context", "udp_query"};
    for (size_t i = 0; i < sizeof settled_by_error / sizeof settled_by_error[0]; i++)
        if (strcmp(k, settled_by_error[i]) == 0) {
            e->point = k;
            e->value = v;
        }
    return 1;
}

/* After an allowed failure: the open point it settled, when every alternative that matches
 * the error agrees on one (a completion port cannot tell 122 of (b) from 122 of (c)). */
WFPCERT_NO_COVERAGE static void settle(const expect *e, int err, int win32_view) {
    const alt *only = NULL;
    for (int i = 0; i < e->n; i++) {
        const alt *a = &e->a[i];
        if (a->wsa == ANY_ERROR || (win32_view ? (int)a->win32 != err : a->wsa != err)) continue;
        if (!a->point) return; /* a fixed alternative explains it as well */
        if (only && (strcmp(only->point, a->point) != 0 || strcmp(only->value, a->value) != 0)) return;
        only = a;
    }
    if (only) latch(only->point, only->value);
}

/* The completion-port view of a failure whose Winsock code is wsa, when the call named no
 * other: RtlNtStatusToDosError of the status behind it (SEMANTICS 1.4).  One value, never a
 * wildcard: a port that reports another code for the same status is wrong (exact views). */
WFPCERT_NO_COVERAGE static DWORD port_view(int wsa) {
    switch (wsa) {
    case WSAEINVAL:
        return ERROR_INVALID_PARAMETER; /* STATUS_INVALID_PARAMETER */
    case WSAEFAULT:
        return 998; /* STATUS_ACCESS_VIOLATION: ERROR_NOACCESS */
    case WSAENOTCONN:
        return 1229; /* STATUS_INVALID_CONNECTION */
    case WSAEOPNOTSUPP:
        return ERROR_NOT_SUPPORTED; /* STATUS_NOT_SUPPORTED */
    case WSAEACCES:
        return ERROR_ACCESS_DENIED; /* STATUS_ACCESS_DENIED */
    case WSAENOTSOCK:
        return ERROR_INVALID_HANDLE; /* STATUS_INVALID_HANDLE */
    case ERROR_NOT_FOUND:
        return ERROR_NOT_FOUND; /* STATUS_NOT_FOUND */
    case (int)FWP_E_NOT_FOUND:
        return (DWORD)FWP_E_NOT_FOUND; /* STATUS_FWP_NOT_FOUND */
    default:
        return 0;
    }
}

static void add(expect *e, int must, const char *clause, int wsa, DWORD win32, LONG status, unsigned size) {
    if (!win32 && wsa != ANY_ERROR) win32 = port_view(wsa);
    if (e->n < MAX_ALTS) e->a[e->n++] = (alt){e->point, e->value, clause, wsa, win32, status, size};
    e->point = e->value = NULL;
    if (must) {
        if (!e->must_fail || !e->fail_clause) e->fail_clause = clause;
        e->must_fail = 1;
    }
}

/* C1/A34: the documented answers to a too-small output buffer. */
static void too_small(const wt_target *t, expect *e, const char *clause) {
    if (allow(t, e, "too_small", "afd"))
        add(e, 1, clause, WSAEFAULT, ERROR_INSUFFICIENT_BUFFER, (LONG)STATUS_BUFFER_TOO_SMALL, SZ_NEED);
    if (allow(t, e, "too_small", "table"))
        add(e, 1, clause, ERROR_INSUFFICIENT_BUFFER, ERROR_INSUFFICIENT_BUFFER, (LONG)STATUS_BUFFER_TOO_SMALL, SZ_NEED);
    if (allow(t, e, "too_small", "lpcb")) add(e, 1, clause, WSAEINVAL, 0, 0, SZ_ZERO);
}

/* A17/C12: an unknown (or unsupported) code. */
static void unsupported(const wt_target *t, expect *e) {
    if (allow(t, e, "unknown_ioctl", "eopnotsupp"))
        add(e, 1, "A17", WSAEOPNOTSUPP, ERROR_NOT_SUPPORTED, (LONG)STATUS_NOT_SUPPORTED, SZ_ZERO);
    if (allow(t, e, "unknown_ioctl", "einval")) add(e, 1, "C12", WSAEINVAL, 0, 0, SZ_ZERO);
}

/* QUERY on a socket that has nothing to return: which is checked first, the socket or a
 * parameter that is wrong whatever the blob's size, is not documented, so the parameter's
 * own error is allowed as well (A36: 1..3 bytes; A37: an output pointer that is not
 * writable). */
static void query_params_first(expect *e, const wc_oracle_call *c) {
    if (c->cb_out >= 1 && c->cb_out < sizeof(ULONG)) add(e, 1, "A36", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
    if (c->cb_out > 0 && c->out != WC_ORACLE_P_VALID) add(e, 1, "A37", WSAEFAULT, 0, 0, SZ_ZERO | SZ_KEEP);
}

static void expect_query(const wt_target *t, const wc_oracle_call *c, expect *e, int context) {
    if (c->udp) { /* A48: undocumented; the profile names the two plausible answers */
        if (allow(t, e, "udp_query", "einval")) add(e, 1, "A48", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
        if (allow(t, e, "udp_query", "eopnotsupp")) add(e, 1, "A48", WSAEOPNOTSUPP, 0, 0, SZ_ZERO | SZ_KEEP);
        query_params_first(e, c);
        return;
    }
    if (c->state != WC_ORACLE_S_CONNECTED) {
        add(e, 1, "A40", WSAENOTCONN, 0, 0, SZ_ZERO | SZ_KEEP);
        query_params_first(e, c);
        return;
    }
    if (c->records_len == 0) { /* A41: STATUS_NOT_FOUND, Win32 view undocumented */
        if (allow(t, e, "not_redirected", "einval")) add(e, 1, "A41", WSAEINVAL, ERROR_NOT_FOUND, 0, SZ_ZERO | SZ_KEEP);
        if (allow(t, e, "not_redirected", "not_found"))
            add(e, 1, "A41", ERROR_NOT_FOUND, ERROR_NOT_FOUND, 0, SZ_ZERO | SZ_KEEP);
        query_params_first(e, c);
        return;
    }
    ULONG n = context ? c->context_len : c->records_len;
    if (n == 0) { /* A44: no context was attached */
        if (allow(t, e, "no_context", "fwp_not_found")) add(e, 1, "A44", (int)FWP_E_NOT_FOUND, 0, 0, SZ_ZERO | SZ_KEEP);
        if (allow(t, e, "no_context", "einval")) add(e, 1, "A44", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
        if (allow(t, e, "no_context", "not_found")) add(e, 1, "A44", ERROR_NOT_FOUND, 0, 0, SZ_ZERO | SZ_KEEP);
        query_params_first(e, c);
        return;
    }
    if (n == WC_ORACLE_LEN_UNKNOWN || c->records_len == WC_ORACLE_LEN_UNKNOWN) {
        e->anything = 1; /* the target cannot say what it issued */
        return;
    }
    e->need = n;
    e->ok_clause = "A33";
    if (c->cb_out < n) {
        if (c->cb_out >= 1 && c->cb_out < sizeof(ULONG)) {
            add(e, 1, "A36", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
        } else if (c->cb_out == 0) { /* C2: size probe or WSAEINVAL */
            if (allow(t, e, "size_probe", "einval")) add(e, 1, "A35", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
            if (allow(t, e, "size_probe", "probe")) too_small(t, e, "A35");
        } else {
            too_small(t, e, "A34");
        }
        /* A bad pointer may be noticed before the length is. */
        if (c->cb_out > 0 && c->out != WC_ORACLE_P_VALID)
            add(e, 1, "A37", WSAEFAULT, 0, 0, SZ_ZERO | SZ_KEEP | SZ_NEED);
        return;
    }
    if (c->cb_out < sizeof(ULONG)) /* A36 read literally: a context of 1..3 bytes may be refused too */
        add(e, 0, "A36", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
    if (c->out != WC_ORACLE_P_VALID) {
        add(e, 1, "A37", WSAEFAULT, 0, 0, SZ_ZERO | SZ_KEEP);
        return;
    }
    e->ok_size = SZ_NEED; /* A33: "cannot be zero" and the bytes copied */
}

static void expect_set(const wt_target *t, const wc_oracle_call *c, expect *e) {
    e->cbin = c->cb_in;
    e->ok_clause = "A51";
    if (c->cb_out != 0) add(e, 0, "A56", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP); /* undocumented */
    if (c->in == WC_ORACLE_P_NULL || c->cb_in == 0) {
        add(e, 1, "A55", WSAEINVAL, 0, 0, SZ_ZERO | SZ_KEEP);
        add(e, 1, "A55", WSAEFAULT, 0, 0, SZ_ZERO | SZ_KEEP);
    } else if (c->in == WC_ORACLE_P_SHORT || c->in == WC_ORACLE_P_UNMAPPED) {
        add(e, 1, "A53", WSAEFAULT, 0, 0, SZ_ZERO | SZ_KEEP);
    }
    if (!c->elevated && allow(t, e, "set_admin", "check"))
        add(e, !allow(t, e, "set_admin", "ignore"), "A54", WSAEACCES, ERROR_ACCESS_DENIED, 0, SZ_ZERO | SZ_KEEP);
    /* A58: refused after bind; the code is the model's WSAEINVAL, open for anyone else. */
    if (c->state != WC_ORACLE_S_FRESH && allow(t, e, "set_after_connect", "reject"))
        add(e, !allow(t, e, "set_after_connect", "accept"), "A58",
            t && wt_get_knob(t, "set_after_connect") ? WSAEINVAL : ANY_ERROR, 0, 0, SZ_ZERO | SZ_KEEP);
    /* A57: a blob no stack issued (edited, truncated, forged) must be refused, with some error. */
    if (c->in_genuine != 1) add(e, c->in_genuine == 0, "A57", ANY_ERROR, 0, 0, SZ_ZERO | SZ_KEEP);
    /* C4/A52: what a successful SET leaves in *lpcbBytesReturned. */
    if (allow(t, e, "set_bytes", "zero")) e->ok_size |= SZ_ZERO;
    if (allow(t, e, "set_bytes", "size")) e->ok_size |= SZ_CBIN;
    if (allow(t, e, "set_bytes", "unchanged")) e->ok_size |= SZ_KEEP;
}

static void build(const wt_target *t, const wc_oracle_call *c, expect *e) {
    memset(e, 0, sizeof *e);
    const wc_oracle_ioctl_desc *d = wc_oracle_ioctl_find(c->code);
    e->family = d->wfp_family;
    e->ok_clause = "S3";
    /* A15/A16 and SEMANTICS 8.3: a NULL lpcbBytesReturned first; the order against
     * "not a socket" is not documented, so both are allowed there. */
    if (c->lpcb == WC_ORACLE_P_NULL) {
        e->pre_dispatch = 1;
        add(e, 1, c->mode == WC_ORACLE_M_SYNC ? "A16" : "A15", WSAEFAULT, 0, 0, SZ_ANY);
        if (c->state == WC_ORACLE_S_NOT_SOCKET || c->state == WC_ORACLE_S_CLOSED)
            add(e, 1, "A39", WSAENOTSOCK, 0, 0, SZ_ANY);
        return;
    }
    if (c->state == WC_ORACLE_S_NOT_SOCKET || c->state == WC_ORACLE_S_CLOSED) {
        e->pre_dispatch = 1;
        add(e, 1, "A39", WSAENOTSOCK, 0, 0, SZ_KEEP);
        if (c->lpcb != WC_ORACLE_P_VALID) add(e, 1, "A38", WSAEFAULT, 0, 0, SZ_ANY);
        return;
    }
    if (c->lpcb != WC_ORACLE_P_VALID) {
        e->pre_dispatch = 1;
        add(e, 1, "A38", WSAEFAULT, 0, 0, SZ_ANY);
        return;
    }
    /* A23: an lpOverlapped or completion routine the caller cannot use is refused at once. */
    if (c->mode != WC_ORACLE_M_SYNC && c->sock_overlapped && (c->ov_bad || c->routine_bad)) {
        e->pre_dispatch = 1;
        add(e, 1, "A23", WSAEFAULT, 0, 0, SZ_KEEP | SZ_ZERO);
        return;
    }
    int in_ok = c->in == WC_ORACLE_P_VALID || c->in == WC_ORACLE_P_READONLY;
    int out_ok = c->out == WC_ORACLE_P_VALID;
    /* A fixed-size argument needs only its own bytes: a buffer valid for fewer bytes than
     * told (SHORT) may or may not cover them, so both answers are allowed. */
    if (c->in == WC_ORACLE_P_SHORT && d->in_size != WC_ORACLE_VARIABLE && d->in_size) {
        add(e, 0, "S3", WSAEFAULT, 0, 0, SZ_KEEP | SZ_ZERO);
        in_ok = 1;
    }
    if (c->out == WC_ORACLE_P_SHORT && d->out_size != WC_ORACLE_VARIABLE && d->out_size) {
        add(e, 0, "S3", WSAEFAULT, 0, 0, SZ_KEEP);
        out_ok = 1;
    }
    switch (d->kind) {
    case WC_ORACLE_K_UNSPECIFIED:
        e->anything = 1;
        return;
    case WC_ORACLE_K_IN_ULONG: /* SDK-WSAIOCTL: WSAEFAULT for a bad or too short buffer */
        e->user_mode = 1;
        if (!in_ok || c->cb_in < d->in_size) add(e, 1, "S3", WSAEFAULT, 0, 0, SZ_KEEP | SZ_ZERO);
        e->ok_size = SZ_ZERO | SZ_KEEP;
        e->ov_ok_size = SZ_ZERO | SZ_KEEP; /* A22: an input-only code may leave it */
        return;
    case WC_ORACLE_K_OUT_ULONG: /* Wine's FIONREAD tests on Windows: size unchanged on failure */
        e->user_mode = 1;
        e->need = d->out_size;
        if (!out_ok || c->cb_out < d->out_size) add(e, 1, "S3", WSAEFAULT, 0, 0, SZ_KEEP);
        e->ok_size = e->ov_ok_size = SZ_NEED; /* A21: size = bytes produced */
        return;
    case WC_ORACLE_K_EXT_POINTER:
        e->user_mode = 1;
        e->need = sizeof(void *);
        if (!in_ok || c->cb_in < sizeof(GUID))
            add(e, 1, "S3", WSAEFAULT, 0, 0, SZ_KEEP);
        else if (c->cb_in > sizeof(GUID))
            add(e, 0, "S3", WSAEFAULT, 0, 0, SZ_KEEP);
        if (in_ok && c->cb_in >= sizeof(GUID) && c->in_known_guid != 1)
            add(e, c->in_known_guid == 0, "A23", WSAEINVAL, 0, 0, SZ_KEEP); /* -1: provided or not */
        if (!out_ok || c->cb_out < sizeof(void *)) add(e, 1, "S3", WSAEFAULT, 0, 0, SZ_KEEP);
        e->ok_size = e->ov_ok_size = SZ_NEED;
        return;
    case WC_ORACLE_K_QUERY_RECORDS:
    case WC_ORACLE_K_QUERY_CONTEXT:
        expect_query(t, c, e, d->kind == WC_ORACLE_K_QUERY_CONTEXT);
        break;
    case WC_ORACLE_K_SET_RECORDS:
        expect_set(t, c, e);
        break;
    case WC_ORACLE_K_FLUSH:
        if (allow(t, e, "flush", "eopnotsupp")) unsupported(t, e);
        if (allow(t, e, "flush", "abort")) {
            e->must_fail = 0; /* A27 reading: SIO_FLUSH succeeds and aborts what is pending */
            e->ok_size = SZ_ZERO | SZ_KEEP;
            e->ok_clause = "A27";
        }
        break;
    case WC_ORACLE_K_UNKNOWN:
        unsupported(t, e);
        break;
    }
    /* How an overlapped call to the kernel may complete (A18, A21, A24, A46; knobs
     * ioctl_completion and ov_failure). */
    int deferred = e->family && allow(t, e, "ioctl_completion", "deferred");
    int at_once = !e->family || allow(t, e, "ioctl_completion", "immediate");
    e->ok_pend_success = deferred;
    e->ok_now_success = at_once;
    e->ok_pend_fail = deferred || (at_once && allow(t, e, "ov_failure", "pend"));
    e->ok_now_fail = at_once && allow(t, e, "ov_failure", "immediate");
    /* A22: Windows left the size alone for an input-only code; "by-kind" does that for SET only. */
    int input_only = d->out_size == 0;
    if (allow(t, e, "ov_success_size", "write") || (!input_only && allow(t, e, "ov_success_size", "by-kind")))
        e->ov_ok_size |= e->ok_size;
    if (allow(t, e, "ov_success_size", "keep") || (input_only && allow(t, e, "ov_success_size", "by-kind")))
        e->ov_ok_size |= SZ_KEEP;
}

/* ------------------------------------------------------- the table, for the catalogue */
static void clause_add(wc_oracle_expectation *x, const char *id) {
    size_t len = strlen(x->clause), n = strlen(id);
    for (const char *p = x->clause; (p = strstr(p, id)) != NULL; p += n)
        if ((p == x->clause || p[-1] == ',') && (p[n] == ',' || p[n] == 0)) return;
    if (len + n + 2 > sizeof x->clause) return;
    if (len) x->clause[len++] = ',';
    memcpy(x->clause + len, id, n + 1);
}

void wc_oracle_expectation_of(const wc_oracle_call *c, wc_oracle_expectation *x) {
    expect e;
    listing = 1;
    build(NULL, c, &e);
    listing = 0;
    memset(x, 0, sizeof *x);
    if (e.anything) {
        x->kind = WC_ORACLE_X_OPEN;
        clause_add(x, "S3");
        return;
    }
    int small = 0, probe = 0, any_code = 0;
    for (int i = 0; i < e.n; i++) {
        small |= e.a[i].point && strcmp(e.a[i].point, "too_small") == 0;
        probe |= e.a[i].point && strcmp(e.a[i].point, "size_probe") == 0;
    }
    for (int i = 0; i < e.n; i++) {
        const alt *a = &e.a[i];
        clause_add(x, a->clause);
        if (a->point && (probe || small)) clause_add(x, probe ? "C2" : "C1"); /* the probe's answers are C1's */
        if (a->wsa == ANY_ERROR) any_code = 1;
        int seen = 0;
        for (int j = 0; j < x->nerr; j++) seen |= x->errs[j] == a->wsa;
        if (!seen && a->wsa != ANY_ERROR && x->nerr < (int)(sizeof x->errs / sizeof x->errs[0]))
            x->errs[x->nerr++] = a->wsa;
    }
    if (any_code) x->nerr = 0;
    if (!e.must_fail) {
        x->kind = e.n ? WC_ORACLE_X_OPEN : WC_ORACLE_X_OK;
        x->nerr = 0;
        if (!e.n) clause_add(x, e.ok_clause);
        if (c->mode != WC_ORACLE_M_SYNC && !c->sock_overlapped) clause_add(x, "A32");
        return;
    }
    x->immediate = e.pre_dispatch;
    x->kind = probe ? WC_ORACLE_X_PROBE : small ? WC_ORACLE_X_TOO_SMALL : WC_ORACLE_X_FAIL;
}

/* ------------------------------------------------------------------- judging */
static const char *verdict(char *why, size_t cap, const char *clause, const char *fmt, ...) WFPCERT_PRINTF(4, 5);
static const char *verdict(char *why, size_t cap, const char *clause, const char *fmt, ...) {
    if (why && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, cap, fmt, ap);
        va_end(ap);
    }
    return clause;
}

static int size_ok(unsigned mask, const wc_oracle_outcome *o, DWORD need, DWORD cbin) {
    if (!o->size_known || (mask & SZ_ANY)) return 1;
    DWORD v = o->size_after;
    return ((mask & SZ_ZERO) && v == 0) || ((mask & SZ_NEED) && v == need) ||
           ((mask & SZ_KEEP) && v == o->size_before) || ((mask & SZ_CBIN) && v == cbin);
}

static void list_errors(const expect *e, char *buf, size_t cap) {
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < e->n && at + 40 < cap; i++) {
        char nb[64];
        at += (size_t)snprintf(
            buf + at, cap - at, "%s%s[%s]", i ? ", " : "",
            e->a[i].wsa == ANY_ERROR ? "any error" : wc_oracle_error_name(e->a[i].wsa, nb, sizeof nb), e->a[i].clause);
    }
    if (!e->must_fail && at + 12 < cap) snprintf(buf + at, cap - at, "%ssuccess", e->n ? " or " : "");
}

/* The failure alternatives that match an error seen in the WSA view (or Win32 view for a port). */
static unsigned matching_sizes(const expect *e, int err, int win32_view, const alt **first) {
    unsigned sizes = 0;
    *first = NULL;
    for (int i = 0; i < e->n; i++) {
        const alt *a = &e->a[i];
        int hit = win32_view ? (a->wsa == ANY_ERROR || (int)a->win32 == err) : (a->wsa == ANY_ERROR || a->wsa == err);
        if (hit) {
            sizes |= a->size | 0x100u; /* 0x100: at least one match */
            if (!*first) *first = a;
        }
    }
    return sizes;
}

static const char *primary(const expect *e) {
    return e->fail_clause ? e->fail_clause : e->n ? e->a[0].clause : e->ok_clause;
}

static const char *judge_failure_now(const expect *e, const wc_oracle_outcome *o, int ov, char *why, size_t cap) {
    char nb[64], list[512];
    const alt *a;
    unsigned sizes = matching_sizes(e, o->err, 0, &a);
    if (!sizes) {
        list_errors(e, list, sizeof list);
        return verdict(why, cap, primary(e), "failed with %s; allowed: %s", wc_oracle_error_name(o->err, nb, sizeof nb),
                       list);
    }
    /* A23: an overlapped call that fails at once may leave the size alone. */
    if (ov) sizes |= SZ_KEEP;
    if (!size_ok(sizes, o, e->need, e->cbin))
        return verdict(why, cap, a->clause,
                       "failed with %s but left *lpcbBytesReturned = %lu (preset %lu, required %lu)",
                       wc_oracle_error_name(o->err, nb, sizeof nb), (unsigned long)o->size_after,
                       (unsigned long)o->size_before, (unsigned long)e->need);
    return NULL;
}

static const char *judge_sync(const expect *e, const wc_oracle_call *c, const wc_oracle_outcome *o, char *why,
                              size_t cap) {
    char list[512];
    if (c->mode != WC_ORACLE_M_SYNC && o->notifications)
        return verdict(why, cap, "A32", "a socket without the overlapped attribute signalled %d completion(s)",
                       o->notifications);
    if (o->ret == 0) {
        if (e->must_fail) {
            list_errors(e, list, sizeof list);
            return verdict(why, cap, primary(e), "succeeded; allowed: %s", list);
        }
        if (!size_ok(e->ok_size, o, e->need, e->cbin))
            return verdict(why, cap, e->ok_clause, "succeeded with *lpcbBytesReturned = %lu (preset %lu, expected %lu)",
                           (unsigned long)o->size_after, (unsigned long)o->size_before, (unsigned long)e->need);
        if (o->bytes_match == 0)
            return verdict(why, cap, "A33", "succeeded but the output is not the blob the stack issued");
        return NULL;
    }
    if (o->ret != SOCKET_ERROR) return verdict(why, cap, "S3", "returned %d (only 0 or SOCKET_ERROR exist)", o->ret);
    if (o->err == WSA_IO_PENDING) return verdict(why, cap, "A32", "a synchronous call returned WSA_IO_PENDING");
    return judge_failure_now(e, o, 0, why, cap);
}

static const char *judge_completion(const expect *e, const wc_oracle_call *c, const wc_oracle_outcome *o, int pended,
                                    char *why, size_t cap) {
    char nb[64], list[512];
    const char *count_clause = c->mode == WC_ORACLE_M_ROUTINE ? (c->wsp ? "A31" : "A19")
                               : c->mode == WC_ORACLE_M_IOCP  ? "A18"
                                                              : "S3.event";
    if (!o->collected)
        return verdict(why, cap, pended ? "A46" : "A21",
                       "the operation never completed (no completion could be collected)");
    if (o->notifications != 1)
        return verdict(why, cap, o->notifications == 0 ? count_clause : (pended ? "A19" : "A21"),
                       "%d completion notification(s) for one operation (routine, port packet or event)",
                       o->notifications);
    if ((LONG)o->internal == (LONG)STATUS_PENDING)
        return verdict(why, cap, "A18", "OVERLAPPED.Internal still STATUS_PENDING after completion");
    if (o->comp_ok) {
        if ((LONG)o->internal != 0)
            return verdict(why, cap, "A21", "successful completion with Internal 0x%08lx", (unsigned long)o->internal);
        if (!pended) {
            /* A21: an immediate success still completes, with 0 bytes (Windows) or the count. */
            if (o->comp_bytes != 0 && o->comp_bytes != e->need)
                return verdict(why, cap, "A21", "immediate success completed with %lu bytes",
                               (unsigned long)o->comp_bytes);
            return NULL;
        }
        if (e->must_fail) {
            list_errors(e, list, sizeof list);
            return verdict(why, cap, primary(e), "completed successfully; allowed: %s", list);
        }
        wc_oracle_outcome fake = *o; /* the byte count of a pended success is the size the sync call would give */
        fake.size_known = 1;
        fake.size_after = o->comp_bytes;
        fake.size_before = 0;
        if (!size_ok(e->ok_size, &fake, e->need, e->cbin))
            return verdict(why, cap, "A46", "completed successfully with %lu bytes (expected %lu)",
                           (unsigned long)o->comp_bytes, (unsigned long)e->need);
        if (o->bytes_match == 0) return verdict(why, cap, "A33", "completed but the output is not the issued blob");
        return NULL;
    }
    const alt *a;
    int port = c->mode == WC_ORACLE_M_IOCP;
    if (!matching_sizes(e, (int)o->comp_err, port, &a)) {
        list_errors(e, list, sizeof list);
        return verdict(why, cap,
                       port ? (o->comp_err >= WSABASEERR && o->comp_err < 11100 ? "A18" : primary(e)) : primary(e),
                       "completed with %s (%s view); allowed: %s",
                       wc_oracle_error_name((int)o->comp_err, nb, sizeof nb), port ? "Win32" : "WSA", list);
    }
    if ((LONG)o->internal >= 0)
        return verdict(why, cap, "A18", "failed completion with a success Internal 0x%08lx",
                       (unsigned long)o->internal);
    if (a->status && (LONG)o->internal != a->status && a->wsa != ANY_ERROR)
        return verdict(why, cap, a->clause, "Internal 0x%08lx, expected 0x%08lx", (unsigned long)o->internal,
                       (unsigned long)(ULONG)a->status);
    if (o->comp_bytes != 0 && o->comp_bytes != e->need)
        return verdict(why, cap, "A18", "failed completion carried %lu bytes", (unsigned long)o->comp_bytes);
    return NULL;
}

static const char *judge_ov(const expect *e, const wc_oracle_call *c, const wc_oracle_outcome *o, char *why,
                            size_t cap) {
    char list[512];
    if (c->mode == WC_ORACLE_M_ROUTINE && o->early)
        return verdict(why, cap, "A20", "the completion routine ran %d time(s) outside an alertable wait", o->early);
    int immediate_ok = e->user_mode || e->pre_dispatch;
    if (o->ret == 0) {
        if (e->must_fail) {
            list_errors(e, list, sizeof list);
            return verdict(why, cap, primary(e), "succeeded at once; allowed: %s", list);
        }
        if (!immediate_ok && !e->ok_now_success)
            return verdict(why, cap, "A46", "completed at once although the profile pends these calls");
        if (!size_ok(e->ov_ok_size, o, e->need, e->cbin))
            return verdict(why, cap, "A21",
                           "immediate success left *lpcbBytesReturned = %lu (preset %lu, expected %lu)",
                           (unsigned long)o->size_after, (unsigned long)o->size_before, (unsigned long)e->need);
        if (o->bytes_match == 0) return verdict(why, cap, "A33", "succeeded but the output is not the issued blob");
        return judge_completion(e, c, o, 0, why, cap);
    }
    if (o->ret != SOCKET_ERROR) return verdict(why, cap, "S3", "returned %d (only 0 or SOCKET_ERROR exist)", o->ret);
    if (o->err == WSA_IO_PENDING) {
        if (e->pre_dispatch || e->user_mode)
            return verdict(why, cap, e->pre_dispatch ? primary(e) : "A23",
                           "pended a call that must fail or finish at once");
        int may = (e->n && e->ok_pend_fail) || (!e->must_fail && e->ok_pend_success);
        if (!may) return verdict(why, cap, "A21", "pended although the profile completes these calls at once");
        if (o->size_known && o->size_after != o->size_before)
            return verdict(why, cap, "A18", "a pending call wrote *lpcbBytesReturned = %lu (SDK-WSAIOCTL: not updated)",
                           (unsigned long)o->size_after);
        return judge_completion(e, c, o, 1, why, cap);
    }
    if (!immediate_ok && !e->ok_now_fail && e->n) {
        /* Only pointer faults may still be refused at once when failures are said to pend. */
        const alt *a;
        if (!(o->err == WSAEFAULT && matching_sizes(e, o->err, 0, &a)))
            return verdict(why, cap, "A24",
                           "failed at once although the profile reports kernel failures through the completion");
    }
    const char *v = judge_failure_now(e, o, 1, why, cap);
    if (v) return v;
    if (o->notifications)
        return verdict(why, cap, e->pre_dispatch ? primary(e) : "A23",
                       "a call that failed at once still signalled %d completion(s) (A30: none may follow)",
                       o->notifications);
    return NULL;
}

const char *wc_oracle_judge(const wt_target *t, const wc_oracle_call *c, const wc_oracle_outcome *o, char *why,
                            size_t cap) {
    expect e;
    build(t, c, &e);
    if (e.anything) return NULL;
    int ov = c->mode != WC_ORACLE_M_SYNC && c->sock_overlapped;
    const char *v = ov ? judge_ov(&e, c, o, why, cap) : judge_sync(&e, c, o, why, cap);
    if (!v && o->ret == SOCKET_ERROR && o->err != WSA_IO_PENDING)
        settle(&e, o->err, 0);
    else if (!v && o->ret == SOCKET_ERROR && o->collected && !o->comp_ok)
        settle(&e, (int)o->comp_err, c->mode == WC_ORACLE_M_IOCP);
    return v;
}

/* --------------------------------------------------------------- control messages */
int wc_oracle_cmsg_count(const void *control, size_t len, int *records) {
    const unsigned char *b = control;
    size_t at = 0;
    if (records) *records = 0;
    int n = 0;
    const size_t hdr = WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR));
    while (b && len - at >= sizeof(WSACMSGHDR)) {
        WSACMSGHDR h;
        memcpy(&h, b + at, sizeof h);
        /* A12: cmsg_len 0 would never advance; A13: the next header must fit. */
        if (h.cmsg_len < hdr || h.cmsg_len > len - at) return -1;
        n++;
        if (records && (h.cmsg_level == IPPROTO_IP || h.cmsg_level == IPPROTO_IPV6) &&
            h.cmsg_type == IP_WFP_REDIRECT_RECORDS)
            ++*records;
        size_t step = WSA_CMSGHDR_ALIGN(h.cmsg_len);
        if (step >= len - at) break;
        at += step;
    }
    return n;
}

/* Checks one redirect control message at off against what the stack issued (A60). */
static const char *check_cmsg(const wc_oracle_recvmsg *m, size_t off, int type, const void *want, ULONG want_len,
                              char *why, size_t cap) {
    const unsigned char *b = (const unsigned char *)m->control + off;
    WSACMSGHDR h;
    memcpy(&h, b, sizeof h);
    if (h.cmsg_len != WSA_CMSG_LEN(want_len))
        return verdict(why, cap, "A60", "cmsg_len %lu for %lu bytes of data (WSA_CMSG_LEN gives %lu)",
                       (unsigned long)h.cmsg_len, (unsigned long)want_len, (unsigned long)WSA_CMSG_LEN(want_len));
    if ((h.cmsg_level != IPPROTO_IP && h.cmsg_level != IPPROTO_IPV6) || h.cmsg_type != type)
        return verdict(why, cap, "A60", "control message level %d type %d, expected type %d", h.cmsg_level, h.cmsg_type,
                       type);
    if (want && memcmp(b + WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)), want, want_len) != 0)
        return verdict(why, cap, "A60", "control message type %d does not carry the issued bytes", type);
    return NULL;
}

/* What WSARecvMsg and WSASendMsg share: a NULL message or a bad control buffer is WSAEFAULT
 * (A66, A67) and a stream socket never succeeds (A68).  Returns 1 when that decided, with the
 * verdict (NULL: allowed) in *v. */
static int msg_common(const char *fn, int msg_null, int control_null, int control_bad, ULONG control_len, int stream,
                      int ret, int err, const char *clause, const char **v, char *why, size_t cap) {
    char nb[64];
    *v = NULL;
    if (msg_null || (control_null && control_len) || (control_bad && control_len)) {
        if (ret != SOCKET_ERROR || err != WSAEFAULT)
            *v = verdict(why, cap, clause, "%s with %s returned %d/%s, expected WSAEFAULT", fn,
                         msg_null ? "a NULL lpMsg" : "a bad control buffer", ret,
                         wc_oracle_error_name(err, nb, sizeof nb));
        return 1;
    }
    if (stream) {
        if (ret == 0) *v = verdict(why, cap, "A68", "%s succeeded on a stream socket", fn);
        return 1;
    }
    return 0;
}

const char *wc_oracle_judge_recvmsg(const wt_target *t, const wc_oracle_recvmsg *m, char *why, size_t cap) {
    (void)t;
    char nb[64];
    const char *v;
    if (msg_common("WSARecvMsg", m->msg_null, m->control_null, m->control_bad, m->control_len_in, m->stream, m->ret,
                   m->err, m->control_bad ? "S2" : "A66", &v, why, cap))
        return v;
    if (!m->queued) {
        if (m->ret == 0) return verdict(why, cap, "S2", "WSARecvMsg succeeded with no datagram waiting");
        return NULL;
    }
    /* What the flow-creating datagram must carry (A60), and nothing on later ones (A61). */
    int rec = m->first_of_flow && m->want_records && m->records_len;
    int ctx = m->first_of_flow && m->want_context && m->context_len;
    size_t need = (rec ? WSA_CMSG_SPACE(m->records_len) : 0) + (ctx ? WSA_CMSG_SPACE(m->context_len) : 0);
    int ctrunc = need > m->control_len_in;
    int dtrunc = m->datagram_len > m->data_cap;
    if (ctrunc || dtrunc) { /* A63 */
        if (m->ret != SOCKET_ERROR || m->err != WSAEMSGSIZE)
            return verdict(why, cap, "A63", "truncated %s gave %d/%s, expected WSAEMSGSIZE",
                           ctrunc ? "control data" : "datagram", m->ret, wc_oracle_error_name(m->err, nb, sizeof nb));
        if (ctrunc && !(m->flags_out & MSG_CTRUNC))
            return verdict(why, cap, "A63", "control data truncated without MSG_CTRUNC (dwFlags 0x%lx)",
                           (unsigned long)m->flags_out);
        if (dtrunc && !(m->flags_out & MSG_TRUNC))
            return verdict(why, cap, "A63", "datagram truncated without MSG_TRUNC (dwFlags 0x%lx)",
                           (unsigned long)m->flags_out);
    } else {
        if (m->ret != 0)
            return verdict(why, cap, need ? "A60" : "A61", "WSARecvMsg failed with %s",
                           wc_oracle_error_name(m->err, nb, sizeof nb));
        if (m->flags_out & (MSG_CTRUNC | MSG_TRUNC))
            return verdict(why, cap, "A63", "nothing was truncated but dwFlags is 0x%lx", (unsigned long)m->flags_out);
    }
    if (!ctrunc && !dtrunc && m->bytes != m->datagram_len)
        return verdict(why, cap, "A63", "received %lu bytes of a %lu-byte datagram", (unsigned long)m->bytes,
                       (unsigned long)m->datagram_len);
    if (m->control_len_out > m->control_len_in)
        return verdict(why, cap, "A65", "Control.len grew from %lu to %lu", (unsigned long)m->control_len_in,
                       (unsigned long)m->control_len_out);
    if (!need) {
        if (m->control_len_out != 0)
            return verdict(why, cap, "A61", "%lu bytes of control data on a datagram that is not the flow's first",
                           (unsigned long)m->control_len_out);
        return NULL;
    }
    if (ctrunc) return NULL; /* what fitted is not specified beyond MSG_CTRUNC */
    size_t last = ctx ? WSA_CMSG_LEN(m->context_len) : WSA_CMSG_LEN(m->records_len);
    size_t tight = need - (ctx ? WSA_CMSG_SPACE(m->context_len) : WSA_CMSG_SPACE(m->records_len)) + last;
    if (m->control_len_out != need && m->control_len_out != tight)
        return verdict(why, cap, "A65", "Control.len %lu after the call, expected %lu",
                       (unsigned long)m->control_len_out, (unsigned long)need);
    size_t off = 0;
    if (rec) {
        if ((v = check_cmsg(m, off, IP_WFP_REDIRECT_RECORDS, m->records, m->records_len, why, cap))) return v;
        off += WSA_CMSG_SPACE(m->records_len);
    }
    if (ctx && (v = check_cmsg(m, off, IP_WFP_REDIRECT_CONTEXT, m->context, m->context_len, why, cap))) return v;
    return NULL;
}

const char *wc_oracle_judge_sendmsg(const wt_target *t, const wc_oracle_sendmsg *m, char *why, size_t cap) {
    (void)t;
    const char *v;
    if (msg_common("WSASendMsg", m->msg_null, m->control_null, m->control_bad, m->control_len, m->stream, m->ret,
                   m->err, "A67", &v, why, cap))
        return v;
    if (m->flags & ~(DWORD)(MSG_DONTROUTE | MSG_PARTIAL | MSG_OOB)) {
        if (m->ret == 0) return verdict(why, cap, "S2", "WSASendMsg accepted dwFlags 0x%lx", (unsigned long)m->flags);
        return NULL;
    }
    /* A62 by analogy with A57: records that no stack issued must not travel with the flow. */
    if (m->records_cmsgs == 1 && !m->malformed && m->genuine == 0 && m->ret == 0)
        return verdict(why, cap, "A57", "WSASendMsg accepted a records control message no stack issued");
    if (m->ret == 0 && m->bytes != m->data_len)
        return verdict(why, cap, "S2", "WSASendMsg reported %lu bytes sent of %lu", (unsigned long)m->bytes,
                       (unsigned long)m->data_len);
    if (m->ret != 0 && m->ret != SOCKET_ERROR) return verdict(why, cap, "S3", "WSASendMsg returned %d", m->ret);
    return NULL;
}
