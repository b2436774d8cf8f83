/*
 * redirect.c: performing the redirect on an acquired FWPS_CONNECT_REQUEST0.
 *
 * What: points the connection at the vendor's local proxy (127.0.0.1 or ::1, proxy_port),
 * names the proxy's PID and this instance's redirect handle, and hands WFP an optional
 * context holding the original remote and local addresses (A43: 2 x SOCKADDR_STORAGE).
 * Why these fields and no others: WFP honours only remoteAddressAndPort,
 * portReservationToken, localRedirectTargetPID, localRedirectHandle and the context pair
 * at the connect layer (A83); a loopback redirect needs the PID (A84) and, since Windows 8,
 * the redirect handle to count as a local proxy (A84, A86).
 */
#include <string.h>

#include "callout_internal.h"

static void loopback(ADDRESS_FAMILY family, USHORT port, SOCKADDR_STORAGE *out) {
    memset(out, 0, sizeof *out);
    if (family == AF_INET6) {
        SOCKADDR_IN6 *sin6 = (SOCKADDR_IN6 *)out;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        sin6->sin6_addr.s6_addr[15] = 1; /* ::1 */
    } else {
        SOCKADDR_IN *sin = (SOCKADDR_IN *)out;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
}

/* The context the proxy reads back with SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT: [0] the
 * remote and [1] the local address as they were before this redirect.  A size other than
 * 256 (a fuzzing knob) keeps the prefix that fits and zero-fills the rest. */
static void *make_context(const FWPS_CONNECT_REQUEST0 *request, SIZE_T size) {
    void *context = ExAllocatePoolWithTag(NonPagedPoolNx, size, MS_CALLOUT_POOL_TAG_CONTEXT);
    if (!context) return NULL;
    SOCKADDR_STORAGE original[2];
    original[0] = request->remoteAddressAndPort;
    original[1] = request->localAddressAndPort;
    memset(context, 0, size);
    memcpy(context, original, size < sizeof original ? size : sizeof original);
    return context;
}

NTSTATUS ms_callout_redirect_request(const ms_callout_driver *d, FWPS_CONNECT_REQUEST0 *request) {
    const ms_callout_policy *p = &d->policy;
    void *context = NULL;
    SIZE_T contextSize = 0;
    if (p->with_context) {
        contextSize = p->context_size ? p->context_size : MS_CALLOUT_DEFAULT_CONTEXT_SIZE;
        context = make_context(request, contextSize);
        if (!context) return STATUS_INSUFFICIENT_RESOURCES; /* caller blocks, like WFPSampler */
    }
    loopback(request->remoteAddressAndPort.ss_family, p->proxy_port, &request->remoteAddressAndPort);
    request->localRedirectTargetPID = p->target_pid;
    request->localRedirectHandle = d->redirectHandle;
    /* Ownership of context passes to WFP at apply; this driver never frees it (A85).  With
     * no context, NULL/0 says so rather than passing on a pointer an earlier modifier gave. */
    request->localRedirectContext = context;
    request->localRedirectContextSize = contextSize;
    return STATUS_SUCCESS;
}
