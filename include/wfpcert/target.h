/*
 * wfpcert/target.h: how test code sets up a scenario without knowing what it runs on.
 *
 * A target is either the embedded model (driver-stub/, the default on Linux) or the real
 * Windows stack with a vendor's callout driver (the native target).  Conformance cases,
 * fuzz harnesses and the sample proxies create redirected TCP connections and UDP flows
 * through this interface and then talk plain Winsock (wfpcert/winsock.h) to the sockets
 * it hands back.  It is deliberately small so that the native target can implement it
 * with real sockets and a configuration file.
 *
 * Every function returns 0 on success or a negative WT_E* value; wt_error() explains the
 * last failure in words.
 */
#ifndef WFPCERT_TARGET_H
#define WFPCERT_TARGET_H

#include "wfpcert/winsock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wt_target wt_target;

enum {
    WT_OK = 0,
    WT_EINVAL = -1, /* bad argument: the message names it */
    WT_EUNSUPPORTED = -2, /* the target cannot do this (the message says why) */
    WT_ESTACK = -3, /* the stack under test failed a set-up step */
    WT_ENOMEM = -4,
};

/* "model" (default) or "native"; native may take a configuration file: "native:path". */
int wt_open(const char *spec, wt_target **out);
void wt_close(wt_target *t);
const char *wt_kind(const wt_target *t);
/* The last failure of any wt_* call on this thread, in words. */
const char *wt_error(void);

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
 * set of knob values; a knob can then be overridden one by one.  Two knobs are the model's
 * own and no profile sets them:
 *   clock      auto (default) | virtual | real.  Under virtual time a wait nothing can satisfy
 *              ends at once and an infinite one is reported as a deadlock (WSAETIMEDOUT); auto
 *              turns real when a second thread uses the target or when an infinite wait finds
 *              a thread the process started after its first wt_open (a proxy's worker); a threaded
 *              program whose threads block on each other before they call Winsock sets real.
 *   transport  sim (default) | os: real loopback sockets carry the bytes.
 * wt_knob_name lists every knob, these two included. */
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

/* The caller's privilege for SIO_SET (A54). */
int wt_set_elevated(wt_target *t, int elevated);

/* A redirecting callout, as a vendor would configure its driver. */
typedef struct wt_callout_policy {
    char vendor; /* 'A', 'B', 'C', ...: one redirect handle per vendor */
    int weight; /* filter weight; heavier filters classify first */
    USHORT match_port; /* redirect flows whose current remote port is this (host order); 0 = any */
    int match_proto; /* IPPROTO_TCP, IPPROTO_UDP or 0 for both */
    USHORT proxy_port; /* redirect to loopback:proxy_port (host order) */
    DWORD target_pid; /* localRedirectTargetPID */
    int with_context; /* attach the 2 x SOCKADDR_STORAGE context of A43 */
    ULONG context_size; /* 0 = 256 (A43); otherwise a context of this many bytes: the prefix of
                                the two addresses that fits, zero bytes after them */
    int pend; /* pend the classify; finished by wt_complete_pended */
    int trust_others; /* leave REDIRECTED_BY_OTHER flows alone */
    int loop_check; /* 1: the previousVersion walk of SEMANTICS 5 (default on) */
    int observe_auth; /* 1: also watch ALE_AUTH_CONNECT (wt_callout_view's auth_*) */
    DWORD exempt_pid; /* never redirect this process's connections (the classify's PROCESS_ID
                                metadata), as a vendor exempts its proxy; 0 = none */
    const char *app_path; /* redirect only the process with this image path: a filter condition
                                ALE_APP_ID EQUAL its application id (wt_app_id); NULL = every one */
} wt_callout_policy;

void wt_callout_policy_init(wt_callout_policy *p, char vendor, USHORT proxy_port);
int wt_add_callout(wt_target *t, const wt_callout_policy *p);

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

/* Processes.  Every socket belongs to a process, with what a callout sees of it on Windows:
 * a PID (the classify's PROCESS_ID metadata, LOCAL_REDIRECT_TARGET_PID's referent, A84), an
 * image path (the application id: ALE_APP_ID and the PROCESS_PATH metadata, an FWP_BYTE_BLOB)
 * and a token (elevated or not: SIO_SET's check, A54).  Two roles:
 *   WT_PROCESS_SELF    the process of the sockets the caller creates (the proxies of a case);
 *   WT_PROCESS_CLIENT  the redirected application, whose connections wt_tcp_redirected and
 *                      wt_udp_redirected make.
 * Each target starts with one process per role (model: 4242 model-proxy.exe and 4141
 * model-app.exe, both with the caller's privilege of wt_set_elevated; native: the suite's own
 * process in both).  wt_callout_policy_init names WT_PROCESS_SELF's first process as
 * localRedirectTargetPID; a case that gives the role to another process names that one. */
enum { WT_PROCESS_SELF, WT_PROCESS_CLIENT };
DWORD wt_process_id(wt_target *t, int which);
/* A new process with this image path ("C:\\dir\\name.exe", or an NT path "\\device\\...") and
 * token; its PID in *pid.  WT_EINVAL names a path the target cannot take; WT_EUNSUPPORTED on
 * a native target (its processes are real ones). */
int wt_process_create(wt_target *t, const char *image_path, int elevated, DWORD *pid);
/* Gives role `which` to process pid from now on: sockets created afterwards (by any thread)
 * belong to it.  WT_EINVAL for an unknown process or role. */
int wt_process_assign(wt_target *t, int which, DWORD pid);
/* The application id of an image path, as FwpmGetAppIdFromFileName0 gives it to a service on
 * Windows and as the classify of that image's connections sees it: the NT path in lower-case
 * UTF-16 with its terminator.  *len gets its size; the bytes go to buf when cap suffices. */
int wt_app_id(const char *image_path, void *buf, ULONG cap, ULONG *len);

/* A TCP connection that a callout redirected to a proxy listener. */
typedef struct wt_tcp_flow {
    SOCKET client; /* the application's socket */
    SOCKET listener; /* the proxy's listening socket (owned by the target) */
    SOCKET accepted; /* the proxy's accepted, redirected socket */
    SOCKADDR_STORAGE original_dst;
    SOCKADDR_STORAGE original_src;
    /* The server's listening socket at original_dst (owned by the target): a proxy that
     * relays the flow connects there, and the test accepts the server end from it to check
     * what arrives.  INVALID_SOCKET where the destination is not the target's (native: a
     * server the configuration names). */
    SOCKET server_listener;
} wt_tcp_flow;

/* family: AF_INET or AF_INET6.  overlapped: create the sockets with WSA_FLAG_OVERLAPPED.
 * Registers a default vendor-A callout towards a proxy port when none is registered. */
int wt_tcp_redirected(wt_target *t, int family, int overlapped, wt_tcp_flow *out);
/* A connected TCP socket that no callout redirected (A41). */
int wt_tcp_plain(wt_target *t, int family, wt_tcp_flow *out);

/* A UDP flow: the client sent its flow-creating datagram towards original_dst and a callout
 * redirected it to proxy (a bound UDP socket with IP_WFP_REDIRECT_RECORDS and _CONTEXT on). */
typedef struct wt_udp_flow {
    SOCKET client;
    SOCKET proxy;
    SOCKADDR_STORAGE original_dst;
    int datagrams_sent;
} wt_udp_flow;
int wt_udp_redirected(wt_target *t, int family, int overlapped, wt_udp_flow *out);
/* Send one more datagram of the same flow from the client. */
int wt_udp_send_more(wt_target *t, wt_udp_flow *f, const void *data, int len);

/* The base service provider's procedure table, to call lpWSPIoctl directly with a chosen
 * lpThreadId and lpErrno (the WSPIoctl entry point).  WT_EUNSUPPORTED when unavailable. */
int wt_wsp_table(wt_target *t, WSPPROC_TABLE *out);

/* A descriptor value that is not a socket (A39). */
SOCKET wt_not_a_socket(wt_target *t);

/* Deterministic progress: complete deferred operations (model) in FIFO order; returns the
 * number completed.  Pended classifies are finished by wt_complete_pended. */
int wt_pump(wt_target *t);
int wt_complete_pended(wt_target *t);

/* The records/context bytes the stack issued for the flow that produced `accepted`, for
 * opacity checks.  WT_EUNSUPPORTED on targets that cannot know (native). */
int wt_issued_records(wt_target *t, SOCKET accepted, void *buf, ULONG cap, ULONG *len);
int wt_issued_context(wt_target *t, SOCKET accepted, void *buf, ULONG cap, ULONG *len);

/* Findings of the target's own checker (the WFP verifier on the model): writes up to cap
 * bytes of text, returns the number of findings since open. */
int wt_findings(wt_target *t, char *buf, size_t cap);

/* Memory that is not valid user memory, for the EFAULT cases: an address just past the end
 * of a readable+writable area of `len` bytes (followed by a guard page), a read-only page,
 * and an unmapped address.  Owned by the target. */
void *wt_guarded_buffer(wt_target *t, size_t len);
void *wt_readonly_page(wt_target *t);
void *wt_unmapped_address(wt_target *t);

#ifdef __cplusplus
}
#endif
#endif /* WFPCERT_TARGET_H */
