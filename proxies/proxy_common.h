/*
 * proxy_common.h: what the two sample redirect services (tcp_proxy, udp_proxy) share:
 * address helpers, the redirect-blob query with both too-small conventions, the parse of
 * the WFPSampler-style context, the test-only tampering modes and the hop report a proxy
 * hands to its observer.
 *
 * Why a separate file: a vendor copies the proxies to Windows, so everything here is
 * written only against wfpcert/winsock.h (no libc socket names, no model internals), and
 * the TCP and UDP services must query and parse blobs the same way.
 */
#ifndef WFPCERT_PROXY_COMMON_H
#define WFPCERT_PROXY_COMMON_H

#include "wfpcert/winsock.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A heap copy of a redirect blob (records or context). */
typedef struct px_blob {
    BYTE *bytes;
    ULONG len;
} px_blob;

void px_blob_free(px_blob *b);
int px_blob_copy(px_blob *dst, const void *src, ULONG len); /* 0 or WSAENOBUFS */

/* How the query got its answer: the counters a proxy's stats show. */
typedef struct px_query_info {
    int probe_error; /* WSAGetLastError of the size probe (0 when it succeeded at once) */
    int retried; /* 1 when a second call was made (sized retry or the 8192 fallback) */
    int fallback_8192; /* 1 when the probe gave WSAEINVAL/size 0 and 8192 bytes were used */
} px_query_info;

/* Size probe, then ONE retry (SEMANTICS A34, A35, A92):
 *   probe error 122 or 10014 with size > 0 -> retry with exactly that size;
 *   probe error WSAEINVAL with size 0      -> retry with 8192 bytes (A49: WFPSampler's size);
 * anything else is the answer.  Returns 0 with the blob, or the WSA error of the last call. */
int px_query_blob(SOCKET s, DWORD code, px_blob *out, px_query_info *info);

/* The original remote address at the start of a redirect context: the test callout's 2 x
 * SOCKADDR_STORAGE of A43 ([0] original remote, [1] original local), or a vendor driver's
 * context that begins with one SOCKADDR_STORAGE of the original destination, the common
 * convention (WFPSampler, the example driver).  Returns 1 when ctx holds at least one
 * SOCKADDR_STORAGE and its family is IPv4 or IPv6. */
int px_context_original_dst(const px_blob *ctx, SOCKADDR_STORAGE *dst);

/* Addresses (Windows layout; ports in host order in these helpers). */
int px_addr_len(const SOCKADDR_STORAGE *a);
int px_addr_equal(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b);
USHORT px_addr_port(const SOCKADDR_STORAGE *a);
void px_addr_loopback(int af, USHORT port, SOCKADDR_STORAGE *out);
/* A small hash of an address, for per-flow tables keyed by the client's address. */
ULONG px_addr_hash(const SOCKADDR_STORAGE *a);

/* Deliberately broken proxies, to prove that the stack and the chain checks catch them
 * (design "Opaque means opaque").  Never used by a real deployment. */
typedef enum {
    PX_TAMPER_NONE = 0,
    PX_TAMPER_EDIT, /* flip one byte in the middle of the records before SET */
    PX_TAMPER_TRUNCATE, /* SET all but the last byte */
    PX_TAMPER_FORGE, /* SET bytes of the right size that the stack never issued */
} px_tamper;
const char *px_tamper_name(px_tamper t);
int px_tamper_parse(const char *s, px_tamper *out); /* 0 or -1 */
/* Applies the mode to a copy of the records: *out is what the proxy will hand to SET. */
int px_tamper_apply(px_tamper t, const px_blob *in, px_blob *out);

/* What a proxy tells its observer about one flow.  The observer (the chain runner) uses it
 * to check opacity at every hop and to link the hops of a flow by address. */
typedef enum {
    PX_EV_QUERIED, /* blobs read from the accepted socket / first datagram; socket still open */
    PX_EV_FORWARDED, /* upstream connected (TCP) or first datagram sent (UDP) */
    PX_EV_CLOSED, /* flow finished; error says how (0 = clean) */
} px_event_kind;

typedef struct px_event {
    px_event_kind kind;
    char vendor;
    USHORT proxy_port;
    int proto; /* IPPROTO_TCP / IPPROTO_UDP */
    SOCKET accepted; /* TCP: the accepted socket (QUERIED); else INVALID_SOCKET */
    SOCKET upstream; /* FORWARDED: the outbound socket (still open); else INVALID_SOCKET */
    SOCKADDR_STORAGE client; /* who reached the proxy (accepted peer / datagram source) */
    SOCKADDR_STORAGE upstream_local; /* FORWARDED: the proxy's outbound socket address */
    SOCKADDR_STORAGE original_dst;
    const px_blob *records; /* QUERIED: as received; FORWARDED: as handed on (SET / cmsg) */
    const px_blob *context; /* QUERIED: NULL when there was none */
    int error; /* CLOSED: 0 or the WSA error that ended the flow */
    const char *what; /* CLOSED: the step that failed, or "done" */
    unsigned long long bytes_up, bytes_down;
    /* QUERIED, from a watcher of a vendor's proxy (vendor_proxy.c): opacity was decided when
     * the query returned (1 same as issued, 0 differs, -1 not checkable); 0 = the observer
     * compares with the stack itself, as for the sample proxies. */
    int opacity_given, opaque;
    /* ... and when it happened: the observer's stamp taken as the model saw the call (QUERIED:
     * the records query; CLOSED: the close), since the report comes after the proxy's turn
     * and another proxy's thread may report meanwhile; 0 = now. */
    unsigned long long at;
} px_event;

/* Returns 0; a non-zero answer to PX_EV_QUERIED refuses the flow (the proxy closes it, "refused
 * by observer"): the chain runner uses it to cut a redirect loop at its hop limit, as an
 * admission policy of a real service would. */
typedef int (*px_observer)(void *ctx, const px_event *ev);

/* What both proxies know of a flow when they report it; px_report builds the event from it. */
typedef struct px_flow_ref {
    char vendor;
    USHORT port;
    int proto;
    const SOCKADDR_STORAGE *client, *original_dst;
    SOCKET accepted, upstream;
    const unsigned long long *bytes; /* [0] server -> client, [1] client -> server */
} px_flow_ref;
/* Calls the observer (0 when there is none). */
int px_report(px_observer obs, void *ctx, const px_flow_ref *f, px_event_kind kind, int error, const char *what,
              const px_blob *records, const px_blob *context, const SOCKADDR_STORAGE *upstream_local);

/* Completion-port loops both proxies share.  fn gets each dequeued packet; error is
 * GetLastError() for a failed one. */
typedef void (*px_completion)(void *ctx, LPOVERLAPPED ov, BOOL ok, DWORD bytes, DWORD error);
/* Up to max packets, waiting at most wait_ms for the first; returns how many. */
int px_drain(HANDLE port, DWORD wait_ms, int max, px_completion fn, void *ctx);
/* At stop: the aborted operations still come back through the port; keep dequeuing while
 * busy(ctx) says some are due, 10 ms at a time, for about two seconds at most. */
void px_drain_aborts(HANDLE port, int (*busy)(void *ctx), px_completion fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_PROXY_COMMON_H */
