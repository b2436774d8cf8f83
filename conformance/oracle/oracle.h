/*
 * oracle.h: the IOCTL descriptor table and the outcome oracle of wfpcert.
 *
 * What: one table describes every control code the suite drives (the three WFP redirect
 * codes, their neighbours and a few codes no stack implements), and wo_judge() decides
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
#include "wfpcert/winsock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WO_VARIABLE 0xFFFFFFFFu    /* a buffer of any length (a blob) */
#define WO_LEN_UNKNOWN 0xFFFFFFFFu /* the target cannot tell what it issued (native) */

typedef enum wo_kind {
    WO_K_QUERY_RECORDS, /* SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS: A33..A50 */
    WO_K_QUERY_CONTEXT, /* SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT: A33..A47 */
    WO_K_SET_RECORDS,   /* SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS: A51..A59 */
    WO_K_FLUSH,         /* SIO_FLUSH: unknown on TCP (A17) or aborting (profile knob flush) */
    WO_K_EXT_POINTER,   /* SIO_GET_EXTENSION_FUNCTION_POINTER: A21, A23 */
    WO_K_IN_ULONG,      /* FIONBIO: reads a u_long */
    WO_K_OUT_ULONG,     /* FIONREAD, SIOCATMARK: write a u_long */
    WO_K_UNSPECIFIED,   /* real on Windows, outside the suite's contract: anything but a crash */
    WO_K_UNKNOWN,       /* no stack implements it: A17..A19, C12 */
} wo_kind;

typedef struct wo_ioctl_desc {
    const char *name;    /* as spelled in the SDK headers, or a made-up name for unknown codes */
    DWORD code;
    wo_kind kind;
    int wfp_family;      /* 1 for the three redirect codes */
    DWORD in_size;       /* bytes the code reads: 0 none, WO_VARIABLE a blob */
    DWORD out_size;      /* bytes the code writes: 0 none, WO_VARIABLE a blob */
    unsigned weight;     /* how often harnesses pick it: the family first, neighbours next */
    const char *clauses; /* the SEMANTICS assertions that speak about it */
    const char *doc;
} wo_ioctl_desc;

extern const wo_ioctl_desc wo_ioctls[];
extern const int wo_ioctl_count;
/* The descriptor of code; codes outside the table get a shared WO_K_UNKNOWN descriptor. */
const wo_ioctl_desc *wo_ioctl_find(DWORD code);
/* The descriptor picked by a weighted choice r in [0, wo_ioctl_weight_total()). */
unsigned wo_ioctl_weight_total(void);
const wo_ioctl_desc *wo_ioctl_pick(unsigned r);

/* The socket the call is made on. */
typedef enum wo_state {
    WO_S_NOT_SOCKET, /* a handle of another type (A39) */
    WO_S_CLOSED,     /* a socket already closed: no longer a socket (A39) */
    WO_S_FRESH,      /* created, not bound */
    WO_S_BOUND,
    WO_S_LISTENING,
    WO_S_CONNECTED,  /* TCP connected; redirected or not is told by records_len */
} wo_state;

/* What a pointer argument points at, for the cb bytes the call is told about. */
typedef enum wo_ptr {
    WO_P_NULL,
    WO_P_VALID,     /* readable and writable for all cb bytes (heap, next to a guard page, misaligned) */
    WO_P_SHORT,     /* fewer valid bytes than cb: a guard page inside the claimed range */
    WO_P_READONLY,  /* readable, not writable */
    WO_P_UNMAPPED,
} wo_ptr;

typedef enum wo_mode {
    WO_M_SYNC,    /* lpOverlapped and lpCompletionRoutine NULL */
    WO_M_EVENT,   /* OVERLAPPED with hEvent; collected with WSAGetOverlappedResult(fWait) */
    WO_M_ROUTINE, /* completion routine; collected by an alertable SleepEx */
    WO_M_IOCP,    /* socket on a completion port; collected with GetQueuedCompletionStatus */
} wo_mode;

typedef struct wo_call {
    DWORD code;
    wo_state state;
    int udp;             /* a datagram socket (A48) */
    int sock_overlapped; /* created with WSA_FLAG_OVERLAPPED; without it lpOverlapped is ignored (A32) */
    wo_mode mode;
    int wsp;             /* called through WSPIoctl: the error is *lpErrno */
    wo_ptr in, out, lpcb;
    DWORD cb_in, cb_out;
    ULONG records_len;   /* bytes of records the stack issued for this socket (0: not redirected) */
    ULONG context_len;   /* bytes of context (0: none, A44) */
    int in_genuine;      /* SET: 1 the exact bytes a QUERY gave, 0 anything else, -1 unknown */
    int in_known_guid;   /* SIO_GET_EXTENSION_FUNCTION_POINTER: the GUID is WSARecvMsg's or WSASendMsg's */
    int elevated;        /* the caller's privilege (A54) */
} wo_call;

typedef struct wo_outcome {
    int ret;              /* what the call returned */
    int err;              /* WSAGetLastError() or *lpErrno when ret != 0 */
    int size_known;       /* *lpcbBytesReturned was a DWORD the harness preset and can read */
    DWORD size_before, size_after;
    /* Overlapped calls (mode != SYNC on an overlapped socket): */
    int early;            /* completion routines that ran before any alertable wait (A20) */
    int collected;        /* the harness waited for the completion and it arrived */
    int notifications;    /* routine runs / port packets for this OVERLAPPED / 1 if the event was set */
    int comp_ok;          /* the completion says success */
    DWORD comp_err;       /* routine dwError, WSAGetOverlappedResult's error (WSA view) or the
                           * GetQueuedCompletionStatus GetLastError (Win32 view) */
    DWORD comp_bytes;
    ULONG_PTR internal, internal_high;
    int bytes_match;      /* QUERY success: the output equals what the stack issued (1), not (0), unknown (-1) */
} wo_outcome;

/* The reference the oracle holds a target without knobs to (reference.h; default "windows").
 * -1 for an unknown name.  Forgets the alternatives a target showed so far. */
int wo_set_reference(const char *name);
/* NULL when the outcome is allowed; otherwise the clause id ("A34", "S3.pending", ...) and a
 * sentence in why. */
const char *wo_judge(const wt_target *t, const wo_call *c, const wo_outcome *o, char *why, size_t cap);

/* ----------------------------------------------------- the datagram (cmsg) side */
/* What WSARecvMsg produced for a redirected UDP proxy socket (A60..A66). */
typedef struct wo_recvmsg {
    int msg_null;           /* lpMsg was NULL (A66) */
    int control_null;       /* Control.buf NULL */
    ULONG control_len_in;   /* Control.len given */
    int control_bad;        /* Control.buf not writable for control_len_in bytes */
    int first_of_flow;      /* the datagram is the flow-creating one (A60, A61) */
    int want_records, want_context; /* the socket asked for them with setsockopt */
    ULONG records_len, context_len; /* issued for the flow */
    int stream;             /* the socket is SOCK_STREAM (A68) */
    /* observed */
    int ret, err;
    DWORD bytes;
    ULONG control_len_out;
    ULONG flags_out;
    const void *control;    /* the control buffer after the call (control_len_in bytes) */
    const void *records, *context; /* the issued bytes, to compare (may be NULL: not checked) */
    DWORD datagram_len;     /* length of the queued datagram */
    DWORD data_cap;         /* bytes of data buffers given */
    int queued;             /* a datagram was waiting (otherwise WSAEWOULDBLOCK on a non-blocking socket) */
} wo_recvmsg;
const char *wo_judge_recvmsg(const wt_target *t, const wo_recvmsg *m, char *why, size_t cap);

/* What WSASendMsg was given and did (A62, A67, A68). */
typedef struct wo_sendmsg {
    int msg_null;
    int control_null;
    ULONG control_len;
    int control_bad;        /* Control.buf not readable for control_len bytes */
    int stream;
    DWORD flags;            /* dwFlags: only MSG_DONTROUTE, MSG_PARTIAL, MSG_OOB are allowed */
    int records_cmsgs;      /* IP_WFP_REDIRECT_RECORDS headers in a well-formed control buffer */
    int malformed;          /* a header below the header size or past the buffer (A12, A13) */
    int genuine;            /* the records cmsg holds bytes a stack issued: 1, 0, -1 unknown */
    DWORD data_len;
    int ret, err;
    DWORD bytes;
} wo_sendmsg;
const char *wo_judge_sendmsg(const wt_target *t, const wo_sendmsg *m, char *why, size_t cap);

/* Walks a control buffer as a defensive parser must (A12, A13): returns the number of
 * headers, or -1 when a header's cmsg_len is below the header size or runs past the buffer.
 * records (may be NULL) gets the number of IP_WFP_REDIRECT_RECORDS messages met. */
int wo_cmsg_count(const void *control, size_t len, int *records);

/* Formats a WSA/Win32 error code as its name, for messages ("WSAEFAULT (10014)"). */
const char *wo_error_name(int err, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_ORACLE_H */
