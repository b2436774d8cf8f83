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
 */
#ifndef WFPCERT_PROXY_H
#define WFPCERT_PROXY_H

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
} wfpcert_proxy_params;

/* Opens the listeners.  0, or a WSA error (the run stops and names it).  *service is handed
 * back to the other two calls. */
int wfpcert_proxy_start(const wfpcert_proxy_params *params, void **service);
/* One turn of the service loop: wait at most timeout_ms for work (0: do not wait; never
 * INFINITE on the sim transport, where nothing else runs meanwhile), do it.  Returns how many
 * things happened, 0 when idle; negative when the service failed for good. */
int wfpcert_proxy_poll(void *service, unsigned long timeout_ms);
/* Closes the listeners and every flow, waits for the aborted operations, frees. */
void wfpcert_proxy_stop(void *service);

typedef int (*wfpcert_proxy_start_fn)(const wfpcert_proxy_params *params, void **service);
typedef int (*wfpcert_proxy_poll_fn)(void *service, unsigned long timeout_ms);
typedef void (*wfpcert_proxy_stop_fn)(void *service);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_PROXY_H */
