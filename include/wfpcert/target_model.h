/*
 * target_model.h: hooks only the embedded model has, for the suite's own harness and never
 * for the code under test.  A proxy or a conformance case includes winsock.h and target.h;
 * nothing here is reachable through them.
 *
 * Why a separate header: what a hook here controls (the kernel's sealing secret) is exactly
 * what a user-mode program must not be able to influence on Windows.  Keeping it out of the
 * headers a vendor's code includes makes that visible at the include line.
 */
#ifndef WFPCERT_TARGET_MODEL_H
#define WFPCERT_TARGET_MODEL_H

#include "target.h"

#include <stdint.h>

/* ---- What only the model can do, or what only the suite's own harness asks for.  The native
 * target links these too (most answer WT_EUNSUPPORTED; profiles and faults name what the
 * real stack is), so that the runner and the harness drive both targets alike; a vendor's
 * code never needs them. */

/* Snapshots: a target's whole state saved at one moment and put back any number of times, so
 * that a fuzz input can start from a prepared scenario without building it again.  Only the
 * model has them (WT_EUNSUPPORTED elsewhere), and only for a target opened with
 * wt_open_restorable; there is at most one such target open in a process at a time.
 *   wt_snapshot_take:    t must be quiet: no call in progress on another thread, no operation
 *                        pending, no deferred work, no memory region handed out (WT_EINVAL
 *                        says which); t stays open and unchanged.
 *   wt_snapshot_restore: reopens the restorable target as it was when s was taken (the one
 *                        open before must have been closed: WT_EINVAL otherwise).
 * A restored target behaves byte for byte as the original did from that moment: same
 * handles, same allocations, same findings so far. */
typedef struct wt_snapshot wt_snapshot;
int wt_open_restorable(const char *spec, wt_target **out);
int wt_snapshot_take(wt_target *t, wt_snapshot **out);
int wt_snapshot_restore(const wt_snapshot *s, wt_target **out);
/* Drops a restorable target without its teardown: its memory goes, as it is, with the next
 * restore (the end of a fuzz input, where tearing a world down costs more than the call the
 * input is about).  Nothing is checked; wt_close checks that the model left nothing
 * allocated.  Any other target is closed. */
void wt_discard(wt_target *t);
size_t wt_snapshot_size(const wt_snapshot *s); /* bytes it holds */
void wt_snapshot_free(wt_snapshot *s);

/* Documentation contradictions are profile knobs (SEMANTICS C1..C24).  A profile is a named
 * set of knob values; a knob can then be overridden one by one.  Three knobs are the model's
 * own and no profile sets them:
 *   clock      auto (default) | virtual | real.  Under virtual time a wait nothing can satisfy
 *              ends at once and an infinite one is reported as a deadlock (WSAETIMEDOUT); auto
 *              turns real when a second thread uses the target or when an infinite wait finds
 *              a thread the process started after its first wt_open (a proxy's worker); a threaded
 *              program whose threads block on each other before they call Winsock sets real.
 *   transport  sim (default) | os: real loopback sockets carry the bytes.
 *   fail_alloc N: the N-th allocation of the model from now fails once, as when memory runs
 *              out (0, the default: off; wt_close ends it).  Reads back off, armed or fired.
 * wt_knob_name lists every knob, these three included. */
int wt_set_profile(wt_target *t, const char *profile);
int wt_set_knob(wt_target *t, const char *knob, const char *value);
const char *wt_get_knob(const wt_target *t, const char *knob);
/* Catalogued wrong behaviours (default off); see wt_fault_name/wt_fault_doc to list them. */
int wt_set_fault(wt_target *t, const char *fault, int on);
/* Which catalogued faults (bit i: wt_fault_name(i)) the stack's code has looked at in this
 * process since the last call, switched on or not; the call starts the count again.  A case
 * that never looked at a fault behaves the same with it on, so `wfpcert selftest --faults`
 * runs each fault only over the cases that looked at it.  WT_EUNSUPPORTED where the target
 * cannot tell (native). */
int wt_faults_consulted(unsigned long long *mask);
int wt_fault_count(void);
const char *wt_fault_name(int i);
const char *wt_fault_doc(int i);
/* 1: fault i is a real memory-safety bug (a sanitizer or a guard page must see it; `wfpcert bench
 * detect` holds the fuzzers to 10 s for these), 0: a behaviour only the oracle can notice. */
int wt_fault_memory_safety(int i);
int wt_profile_count(void);
const char *wt_profile_name(int i);
const char *wt_profile_doc(int i);
int wt_knob_count(void);
const char *wt_knob_name(int i);
const char *wt_knob_doc(int i);

/* Unloads vendor's test callout now (its DriverUnload: filters deleted, callouts
 * unregistered), as a vendor's service stops its driver; wt_add_callout may load it again.
 * WT_ESTACK when WFP failed one of those deletes or unregisters; WT_EUNSUPPORTED where the
 * target cannot unload a driver during a run (a vendor's driver, native). */
int wt_remove_callout(wt_target *t, char vendor);

/* What a callout the target loaded saw of WFP, for the rules only a callout can observe
 * (A81, A89).  WT_EUNSUPPORTED where the callout cannot report it (a vendor's driver). */
typedef struct wt_callout_view {
    unsigned classified; /* classifies at ALE_CONNECT_REDIRECT */
    unsigned acquires; /* writable layer data acquired */
    unsigned acquire_kept_rights; /* ... after which classifyOut was not BLOCK without the write right */
    unsigned auth_classified; /* classifies at ALE_AUTH_CONNECT (policy observe_auth) */
    UINT32 auth_flags; /* the last one's condition flags */
    UINT32 auth_metadata; /* its metadata fields present (FWPS_METADATA_FIELD_*) */
    DWORD auth_target_pid; /* its LOCAL_REDIRECT_TARGET_PID, 0 when absent */
    SOCKADDR_STORAGE auth_original_dst; /* its ORIGINAL_DESTINATION, zero when absent */
} wt_callout_view;
#define WT_FLAG_IS_CONNECTION_REDIRECTED 0x00100000u /* FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED */
#define WT_META_LOCAL_REDIRECT_TARGET_PID 0x10000000u /* FWPS_METADATA_FIELD_LOCAL_REDIRECT_TARGET_PID */
#define WT_META_ORIGINAL_DESTINATION 0x20000000u /* FWPS_METADATA_FIELD_ORIGINAL_DESTINATION */
int wt_callout_view_get(wt_target *t, char vendor, wt_callout_view *out);

/* Deterministic progress: complete deferred operations (model) in FIFO order; returns the
 * number completed.  Pended classifies are finished by wt_complete_pended. */
int wt_pump(wt_target *t);
int wt_complete_pended(wt_target *t);

/* For a program that polls its own non-blocking sockets (the chain runner on the os
 * transport): returns 1 as soon as the model has changed (data, an end of stream, a connect,
 * room to send) since the call that last set *seen, 0 after timeout_ms without a change, and
 * sets *seen; the first call (*seen = 0) returns at once.  Poll, then wait only if nothing
 * moved: a change during the poll is not missed.  Waits in real time only (clock=real);
 * WT_EUNSUPPORTED on targets without it (native). */
int wt_wait_change(wt_target *t, unsigned long long *seen, unsigned timeout_ms);

/* The records/context bytes the stack issued for the flow that produced `accepted`, for
 * opacity checks.  WT_EUNSUPPORTED on targets that cannot know (native). */
int wt_issued_records(wt_target *t, SOCKET accepted, void *buf, ULONG cap, ULONG *len);
int wt_issued_context(wt_target *t, SOCKET accepted, void *buf, ULONG cap, ULONG *len);

/* Findings of the target's own checker (the WFP verifier on the model): writes up to cap
 * bytes of text, returns the number of findings since open. */
int wt_findings(wt_target *t, char *buf, size_t cap);

/* Makes the WFP sealing keys of every model world created from now on in this process a
 * function of seed (each world still gets its own key), so that a fuzz input or a replay
 * produces the same bytes in every run.  Without it each world draws its key from the
 * operating system.  WT_EUNSUPPORTED on a native target (the real kernel keeps its own). */
int wt_model_seal_seed(unsigned long long seed);

/* A vendor's callout driver, built from its own sources against the WDK-shaped headers of
 * include/wfpcert/wdk/ (docs/VENDOR-DRIVER.md), loaded by every model target in place of the
 * suite's test callout.  The facts are those a `native:CONFIG` file states on Windows: what
 * the driver redirects and where its proxy listens; the model's scenarios connect to
 * redirect4/redirect6:redirect_port and play the proxy on loopback:proxy_port. */
struct _DRIVER_OBJECT;
struct _UNICODE_STRING;
typedef struct wt_model_driver {
    const char *name; /* names the driver in findings and messages; must stay valid */
    /* DriverEntry; returns an NTSTATUS (a 32-bit LONG, as in wfpcert/wdk/wdm.h) */
    int32_t (*driver_entry)(struct _DRIVER_OBJECT *driverObject, struct _UNICODE_STRING *registryPath);
    unsigned char redirect4[4]; /* the IPv4 destination it redirects (network order) */
    int has_redirect6;
    unsigned char redirect6[16];
    unsigned short redirect_port; /* host order */
    int tcp, udp; /* the protocols it redirects */
    unsigned short proxy_port; /* it redirects to loopback:proxy_port (host order) */
    int context; /* it attaches a redirect context */
    unsigned long context_size; /* its size, 0 when not stated */
} wt_model_driver;

/* From now on in this process, every model target loads d (copied; d->name is kept) the
 * first time a scenario needs a callout: DriverEntry runs in the target's world, and
 * wt_close runs its DriverUnload.  A case that needs a callout the driver is not (a second
 * vendor, a pended classify, another context) gets WT_EUNSUPPORTED, as on the native target.
 * NULL goes back to the test callout.  Call it before forking worker processes. */
int wt_model_use_driver(const wt_model_driver *d);
/* The vendor driver every model target loads (wt_model_use_driver), or NULL for the test
 * callout: the chain runner puts its server where the driver redirects and its proxy where
 * the driver sends the flows. */
const wt_model_driver *wt_model_driver_in_use(void);
/* The vendor letter the driver plays in t (the first vendor a case adds: its sublayer classifies
 * before any test callout's), 0 before it is loaded or without one.  Later vendors of the case
 * are the suite's test callouts, on the driver's destination port. */
char wt_model_driver_vendor(wt_target *t);

/* Sockets the calling thread creates in t from now on belong to process pid, whatever the
 * roles say (0: the roles' processes again).  The chain runner's clients are the
 * application's (WT_PROCESS_CLIENT) while its proxies, polled on the same thread or on
 * their own, stay the proxy's: a driver that exempts its proxy's PID must still see the
 * clients.  WT_EINVAL for an unknown process. */
int wt_process_assign_thread(wt_target *t, DWORD pid);

/* What a vendor's proxy does with its sockets, for the chain runner's opacity and tamper
 * checks (proxies/vendor_proxy.c): the bytes every SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
 * and _CONTEXT returned and every SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS was handed, each
 * connect (ConnectEx too) and each close, with the socket's addresses as the model has them
 * (family 0: none yet).  fn runs inside the model, with its lock held, on the thread that made
 * the call: it must copy what it needs and call nothing of wfpcert.  One watcher per process;
 * fn NULL stops it.  WT_EUNSUPPORTED on a native target. */
typedef enum {
    WT_WATCH_QUERY_RECORDS,
    WT_WATCH_QUERY_CONTEXT,
    WT_WATCH_SET_RECORDS,
    WT_WATCH_CONNECT,
    WT_WATCH_CLOSE,
    /* UDP: a receive (WSARecvMsg) that delivered IP_WFP_REDIRECT_RECORDS / _CONTEXT, with the
     * datagram's sender as remote, and a WSASendMsg that handed IP_WFP_REDIRECT_RECORDS on
     * (the records, or none when the control data was malformed), with its destination as
     * remote and its local address after the send.  A receive may complete on another thread
     * (the sender's, or the os transport's poller): pid says whose socket it was. */
    WT_WATCH_RECV_RECORDS,
    WT_WATCH_RECV_CONTEXT,
    WT_WATCH_SEND_RECORDS
} wt_watch_kind;
typedef struct wt_watch_event {
    wt_watch_kind kind;
    SOCKET s;
    int ok; /* QUERY/SET succeeded; CONNECT connected or under way */
    const void *bytes; /* QUERY: what the caller got; SET: what it handed in */
    ULONG len;
    SOCKADDR_STORAGE local, remote;
    int error; /* the WSA error of a failed SET or connect */
    int issued_same; /* QUERY: 1 when the bytes are the ones the stack issued for the socket's
                      * flow (compared inside the model as the call returned), 0 when not;
                      * RECV: the same for the datagram's flow; 0 for the other kinds */
    DWORD pid; /* the process the socket belongs to */
} wt_watch_event;
typedef void (*wt_watch_fn)(void *ctx, const wt_watch_event *ev);
int wt_model_watch(wt_target *t, wt_watch_fn fn, void *ctx);

/* Handles open in t's world: the sockets of process pid (0: of every process), and every
 * completion port and event; WT_EUNSUPPORTED on a native target.  The proxy fuzz target
 * (harness/fuzz_proxy.c) counts them before a vendor's proxy starts and after
 * wfpcert_proxy_stop: none of the proxy's sockets may be left, nor a port or an event. */
typedef struct wt_open_handles {
    unsigned long sockets, ports, events;
} wt_open_handles;
int wt_model_open_handles(wt_target *t, DWORD pid, wt_open_handles *out);

/* Memory blocks the model holds in this process, all worlds together; -1 on a native target.
 * A world that is closed must give back every block it took: the conformance runner compares
 * this before the case's target is opened and after it is closed (a leak fails the case at
 * every level). */
long wt_model_live_blocks(void);

/* Memory blocks the model worlds closed since the last call still held once every handle was
 * closed (as a process exit closes them) and every driver unloaded: flows, classify states,
 * pool memory that nothing could release any more, and (counted one each) the os transport's
 * kernel sockets never closed.  A world frees them when it ends, so
 * wt_model_live_blocks cannot see such a leak; the conformance runner fails the case with it.
 * Writes what was held (up to cap bytes of text) and starts over; -1 on a native target. */
long wt_model_held_at_close(char *buf, size_t cap);

/* Findings of the checker raised while a target closed, after the case read its own: what the
 * drivers' unload functions broke (callouts left registered, device objects not deleted).  The
 * runner and the fuzz harness read them after wt_close and fail the case or input.  Writes
 * their text (up to cap bytes), returns how many since the last call and starts over; -1 on a
 * native target. */
long wt_model_findings_at_close(char *buf, size_t cap);

/* Calls that went through the model's layered provider (knob layered on) in this process so
 * far; -1 on a native target.  The runner uses it to show a layered case really ran layered. */
long wt_model_layered_calls(void);

#endif /* WFPCERT_TARGET_MODEL_H */
