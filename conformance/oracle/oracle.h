/*
 * oracle.h: the IOCTL descriptor table and the outcome oracle of wfpcert.
 *
 * What: one table describes every control code the suite drives (the three WFP redirect
 * codes, their neighbours and a few codes no stack implements), and wc_oracle_judge() decides
 * whether an observed WSAIoctl/WSPIoctl outcome is ALLOWED by SEMANTICS.md for a given
 * call (code, socket state, call mode, buffers), naming the clause it breaks otherwise.
 *
 * Why: the fuzz harnesses, the seed generator and (later) the conformance catalogue must
 * agree on one reading of the specification; a fact is written here once.  Where the
 * documentation contradicts itself (C1, C2, C4, C12, ...) the oracle accepts every
 * documented alternative, narrowed to the one the target's profile knob selects when the
 * target reports that knob (wt_get_knob); a target that reports no knob (the native one)
 * gets the whole set.  When several preconditions fail at once, any of their errors is
 * accepted: the order of checks inside a stack is not documented, except that a NULL
 * lpcbBytesReturned is refused before anything else (A15, A16, SEMANTICS 8.3).
 *
 * Only wfpcert/winsock.h and wfpcert/target.h are used, so the oracle works unchanged
 * against the native target.
 */
#ifndef WFPCERT_ORACLE_H
#define WFPCERT_ORACLE_H

#include <stddef.h>

#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "wfpcert/winsock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WC_ORACLE_VARIABLE 0xFFFFFFFFu /* a buffer of any length (a blob) */
#define WC_ORACLE_LEN_UNKNOWN 0xFFFFFFFFu /* the target cannot tell what it issued (native) */

typedef enum wc_oracle_kind {
    WC_ORACLE_K_QUERY_RECORDS, /* SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS: A33..A50 */
    WC_ORACLE_K_QUERY_CONTEXT, /* SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT: A33..A47 */
    WC_ORACLE_K_SET_RECORDS, /* SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS: A51..A59 */
    WC_ORACLE_K_FLUSH, /* SIO_FLUSH: unknown on TCP (A17) or aborting (profile knob flush) */
    WC_ORACLE_K_EXT_POINTER, /* SIO_GET_EXTENSION_FUNCTION_POINTER: A21, A23 */
    WC_ORACLE_K_IN_ULONG, /* FIONBIO (a u_long), SIO_KEEPALIVE_VALS: reads in_size bytes */
    WC_ORACLE_K_OUT_ULONG, /* FIONREAD, SIOCATMARK (a u_long), SIO_BASE_HANDLE: write out_size bytes */
    WC_ORACLE_K_UNSPECIFIED, /* real on Windows, outside the suite's contract: anything but a crash */
    WC_ORACLE_K_UNKNOWN, /* no stack implements it: A17..A19, C12 */
} wc_oracle_kind;

typedef struct wc_oracle_ioctl_desc {
    const char *name; /* as spelled in the SDK headers, or a made-up name for unknown codes */
    DWORD code;
    wc_oracle_kind kind;
    int wfp_family; /* 1 for the three redirect codes */
    DWORD in_size; /* bytes the code reads: 0 none, WC_ORACLE_VARIABLE a blob */
    DWORD out_size; /* bytes the code writes: 0 none, WC_ORACLE_VARIABLE a blob */
    unsigned weight; /* how often harnesses pick it: the family first, neighbours next */
    const char *clauses; /* the SEMANTICS assertions that speak about it */
    const char *doc;
} wc_oracle_ioctl_desc;

extern const wc_oracle_ioctl_desc wc_oracle_ioctls[];
extern const int wc_oracle_ioctl_count;
/* The descriptor of code; codes outside the table get a shared WC_ORACLE_K_UNKNOWN descriptor. */
const wc_oracle_ioctl_desc *wc_oracle_ioctl_find(DWORD code);
/* The descriptor picked by a weighted choice r in [0, wc_oracle_ioctl_weight_total()). */
unsigned wc_oracle_ioctl_weight_total(void);
const wc_oracle_ioctl_desc *wc_oracle_ioctl_pick(unsigned r);

/* The socket the call is made on. */
typedef enum wc_oracle_state {
    WC_ORACLE_S_NOT_SOCKET, /* a handle of another type (A39) */
    WC_ORACLE_S_CLOSED, /* a socket already closed: no longer a socket (A39) */
    WC_ORACLE_S_FRESH, /* created, not bound */
    WC_ORACLE_S_BOUND,
    WC_ORACLE_S_LISTENING,
    WC_ORACLE_S_CONNECTED, /* TCP connected; redirected or not is told by records_len */
} wc_oracle_state;

/* What a pointer argument points at, for the cb bytes the call is told about. */
typedef enum wc_oracle_ptr {
    WC_ORACLE_P_NULL,
    WC_ORACLE_P_VALID, /* readable and writable for all cb bytes (heap, next to a guard page, misaligned) */
    WC_ORACLE_P_SHORT, /* fewer valid bytes than cb: a guard page inside the claimed range */
    WC_ORACLE_P_READONLY, /* readable, not writable */
    WC_ORACLE_P_UNMAPPED,
} wc_oracle_ptr;

typedef enum wc_oracle_mode {
    WC_ORACLE_M_SYNC, /* lpOverlapped and lpCompletionRoutine NULL */
    WC_ORACLE_M_EVENT, /* OVERLAPPED with hEvent; collected with WSAGetOverlappedResult(fWait) */
    WC_ORACLE_M_ROUTINE, /* completion routine; collected by an alertable SleepEx */
    WC_ORACLE_M_IOCP, /* socket on a completion port; collected with GetQueuedCompletionStatus */
} wc_oracle_mode;

typedef struct wc_oracle_call {
    DWORD code;
    wc_oracle_state state;
    int udp; /* a datagram socket (A48) */
    int sock_overlapped; /* created with WSA_FLAG_OVERLAPPED; without it lpOverlapped is ignored (A32) */
    wc_oracle_mode mode;
    int wsp; /* called through WSPIoctl: the error is *lpErrno */
    wc_oracle_ptr in, out, lpcb;
    DWORD cb_in, cb_out;
    ULONG records_len; /* bytes of records the stack issued for this socket (0: not redirected) */
    ULONG context_len; /* bytes of context (0: none, A44) */
    int in_genuine; /* SET: 1 the exact bytes a QUERY gave, 0 anything else, -1 unknown */
    int in_known_guid; /* SIO_GET_EXTENSION_FUNCTION_POINTER: 1 a function every provider has
                          (WSARecvMsg, WSASendMsg, AcceptEx, ConnectEx, GetAcceptExSockaddrs),
                          -1 one of mswsock.h's others (provided or not), 0 any other GUID */
    int elevated; /* the caller's privilege (A54) */
    int ov_bad; /* lpOverlapped is not memory the caller may use (unmapped): A23 */
    int routine_bad; /* lpCompletionRoutine is not code (unmapped): A23 */
} wc_oracle_call;

typedef struct wc_oracle_outcome {
    int ret; /* what the call returned */
    int err; /* WSAGetLastError() or *lpErrno when ret != 0 */
    int size_known; /* *lpcbBytesReturned was a DWORD the harness preset and can read */
    DWORD size_before, size_after;
    /* Overlapped calls (mode != SYNC on an overlapped socket): */
    int early; /* completion routines that ran before any alertable wait (A20) */
    int collected; /* the harness waited for the completion and it arrived */
    int notifications; /* routine runs / port packets for this OVERLAPPED / 1 if the event was set */
    int comp_ok; /* the completion says success */
    DWORD comp_err; /* routine dwError, WSAGetOverlappedResult's error (WSA view) or the
                           * GetQueuedCompletionStatus GetLastError (Win32 view) */
    DWORD comp_bytes;
    ULONG_PTR internal, internal_high;
    int bytes_match; /* QUERY success: the output equals what the stack issued (1), not (0), unknown (-1) */
} wc_oracle_outcome;

/* The reference the oracle holds a target without knobs to (reference.h; default "windows").
 * -1 for an unknown name.  Forgets the alternatives a target showed so far. */
int wc_oracle_set_reference(const char *name);
/* NULL when the outcome is allowed; otherwise the clause id ("A34", "S3.pending", ...) and a
 * sentence in why. */
const char *wc_oracle_judge(const wt_target *t, const wc_oracle_call *c, const wc_oracle_outcome *o, char *why,
                            size_t cap);

/* What the table expects of a call, in the catalogue's terms: the generated cells take their
 * kind, accepted codes, clause and level from here, so the certification run and the
 * fuzzers read one table (docs/SPEC.md, "One reading").  Every documented alternative is
 * listed (no knob, pin or latch narrows it: the cell's judges do that at run time). */
typedef enum wc_oracle_xkind {
    WC_ORACLE_X_OK, /* success is required */
    WC_ORACLE_X_FAIL, /* failure is required, with one of errs (any code when nerr is 0) */
    WC_ORACLE_X_TOO_SMALL, /* C1: one of the documented answers to a too-small buffer */
    WC_ORACLE_X_PROBE, /* C2: the size probe or WSAEINVAL */
    WC_ORACLE_X_OPEN, /* undocumented: success or failure; only recorded (IMPL) */
} wc_oracle_xkind;

typedef struct wc_oracle_expectation {
    wc_oracle_xkind kind;
    int errs[8]; /* X_FAIL: the Winsock codes allowed */
    int nerr;
    int immediate; /* X_FAIL: refused before the code is dispatched; nothing is queued */
    char clause[48]; /* "A34,C1", "A40", ... */
} wc_oracle_expectation;

void wc_oracle_expectation_of(const wc_oracle_call *c, wc_oracle_expectation *x);

/* ----------------------------------------------------- the datagram (cmsg) side */
/* What WSARecvMsg produced for a redirected UDP proxy socket (A60..A66). */
typedef struct wc_oracle_recvmsg {
    int msg_null; /* lpMsg was NULL (A66) */
    int control_null; /* Control.buf NULL */
    ULONG control_len_in; /* Control.len given */
    int control_bad; /* Control.buf not writable for control_len_in bytes */
    int first_of_flow; /* the datagram is the flow-creating one (A60, A61) */
    int want_records, want_context; /* the socket asked for them with setsockopt */
    ULONG records_len, context_len; /* issued for the flow */
    int stream; /* the socket is SOCK_STREAM (A68) */
    /* observed */
    int ret, err;
    DWORD bytes;
    ULONG control_len_out;
    ULONG flags_out;
    const void *control; /* the control buffer after the call (control_len_in bytes) */
    const void *records, *context; /* the issued bytes, to compare (may be NULL: not checked) */
    DWORD datagram_len; /* length of the queued datagram */
    DWORD data_cap; /* bytes of data buffers given */
    int queued; /* a datagram was waiting (otherwise WSAEWOULDBLOCK on a non-blocking socket) */
} wc_oracle_recvmsg;
const char *wc_oracle_judge_recvmsg(const wt_target *t, const wc_oracle_recvmsg *m, char *why, size_t cap);

/* What WSASendMsg was given and did (A62, A67, A68). */
typedef struct wc_oracle_sendmsg {
    int msg_null;
    int control_null;
    ULONG control_len;
    int control_bad; /* Control.buf not readable for control_len bytes */
    int stream;
    DWORD flags; /* dwFlags: only MSG_DONTROUTE, MSG_PARTIAL, MSG_OOB are allowed */
    int records_cmsgs; /* IP_WFP_REDIRECT_RECORDS headers in a well-formed control buffer */
    int malformed; /* a header below the header size or past the buffer (A12, A13) */
    int genuine; /* the records cmsg holds bytes a stack issued: 1, 0, -1 unknown */
    DWORD data_len;
    int ret, err;
    DWORD bytes;
} wc_oracle_sendmsg;
const char *wc_oracle_judge_sendmsg(const wt_target *t, const wc_oracle_sendmsg *m, char *why, size_t cap);

/* Walks a control buffer as a defensive parser must (A12, A13): returns the number of
 * headers, or -1 when a header's cmsg_len is below the header size or runs past the buffer.
 * records (may be NULL) gets the number of IP_WFP_REDIRECT_RECORDS messages met. */
int wc_oracle_cmsg_count(const void *control, size_t len, int *records);

/* Formats a WSA/Win32 error code as its name, for messages ("WSAEFAULT (10014)"). */
const char *wc_oracle_error_name(int err, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_ORACLE_H */
