/*
 * wfpcert/proxy.h: the entry points a vendor's redirect service exports so that wfpcert can
 * run it in place of its sample proxies (`wfpcert chain --proxy MODULE`), built by the CMake
 * function wfpcert_add_proxy() from the service's own sources (docs/VENDOR-DRIVER.md).
 *
 * Why three calls and not main(): on the model's default `sim` transport nothing runs unless
 * someone calls it, so the suite owns the loop and calls the service's loop body; on the `os`
 * transport each service gets a thread of its own that calls it in a loop, as the service's
 * own thread would on Windows.  A completion-port service already has that body: one
 * GetQueuedCompletionStatus with a timeout and the work for the packet it dequeued.
 *
 * The service is ordinary Winsock code against wfpcert/winsock.h (the SDK headers on
 * Windows): AcceptEx/ConnectEx through the extension pointers, completion ports, the three
 * redirect IOCTLs.  wfpcert watches its calls (which records and context it queried, what it
 * handed to SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, which upstream socket it connected), so
 * the chains' opacity and tamper checks need nothing from the service but these entry points.
 *
 * UDP (since the `protocols` member): a service that also relays datagrams says so with a
 * fourth, optional export, wfpcert_proxy_protocols(), read once when the module is loaded and
 * before anything starts, so that the run knows whether to put its own UDP proxy on the port.
 * A module without it is a TCP service, as every module was before, and is never asked for
 * more.  The run then fills params->protocols with what it wants on the port (never more than
 * the module said); a service reads it only when params->size covers it (WFPCERT_PROXY_HAS),
 * and otherwise serves TCP.  For UDP the service does what a shipping one does on Windows: a
 * datagram socket on the port with setsockopt(IP_WFP_REDIRECT_RECORDS, and _CONTEXT for the
 * original destination, DWORD 1), WSARecvMsg (SIO_GET_EXTENSION_FUNCTION_POINTER,
 * WSAID_WSARECVMSG), and on the first datagram of each flow the records it received handed on
 * unchanged as an IP_WFP_REDIRECT_RECORDS control message of WSASendMsg (SEMANTICS A60-A62).
 * wfpcert watches those calls as it watches the TCP ones.  Datagrams are received whole:
 * relay_buffer is about TCP reads.
 */
#ifndef WFPCERT_PROXY_H
#define WFPCERT_PROXY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WFPCERT_PROXY_V4 1
#define WFPCERT_PROXY_V6 2

typedef struct wfpcert_proxy_params {
    unsigned long size; /* sizeof(wfpcert_proxy_params): later versions only add members */
    unsigned short port; /* listen on loopback (127.0.0.1, ::1) at this port, host order */
    int families; /* WFPCERT_PROXY_V4 | WFPCERT_PROXY_V6 */
    unsigned long relay_buffer; /* bytes per receive the run asks for (small: short reads); 0: yours */
    char vendor; /* the label the run gives this instance ('A', 'B', ...) */
    /* Added with UDP; read it only when WFPCERT_PROXY_HAS(params, protocols), else TCP: */
    int protocols; /* WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP: what the run wants on port */
} wfpcert_proxy_params;

#define WFPCERT_PROXY_TCP 1
#define WFPCERT_PROXY_UDP 2
/* Whether the caller's params has member m (a later member than the caller knew is absent). */
#define WFPCERT_PROXY_HAS(p, m) ((p)->size >= offsetof(wfpcert_proxy_params, m) + sizeof((p)->m))

/* Opens the listeners.  0, or a WSA error (the run stops and names it).  *service is handed
 * back to the other two calls. */
int wfpcert_proxy_start(const wfpcert_proxy_params *params, void **service);
/* One turn of the service loop: wait at most timeout_ms for work (0: do not wait; never
 * INFINITE on the sim transport, where nothing else runs meanwhile), do it.  Returns how many
 * things happened, 0 when idle; negative when the service failed for good. */
int wfpcert_proxy_poll(void *service, unsigned long timeout_ms);
/* Closes the listeners and every flow, waits for the aborted operations, frees. */
void wfpcert_proxy_stop(void *service);
/* Optional: the protocols the service relays, WFPCERT_PROXY_TCP | WFPCERT_PROXY_UDP (a module
 * without this export relays TCP only).  Called before start; it must not open anything. */
int wfpcert_proxy_protocols(void);

typedef int (*wfpcert_proxy_start_fn)(const wfpcert_proxy_params *params, void **service);
typedef int (*wfpcert_proxy_poll_fn)(void *service, unsigned long timeout_ms);
typedef void (*wfpcert_proxy_stop_fn)(void *service);
typedef int (*wfpcert_proxy_protocols_fn)(void);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_PROXY_H */
