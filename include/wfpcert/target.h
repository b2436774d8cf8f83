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
 *
 * This is the vendor's header: everything here a native target implements for real.  The
 * model's own hooks (snapshots, profiles, knobs and faults, deferred work, the bytes the stack
 * issued, the verifier's findings, what the test callout saw) are in wfpcert/target_model.h,
 * which the suite's runner and harness include; the ctest style.target_h_vendor_only keeps
 * them out of this file.
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

/* The caller's privilege for SIO_SET (A54). */
int wt_set_elevated(wt_target *t, int elevated);

/* A redirecting callout, as a vendor would configure its driver. */
typedef struct wt_callout_policy {
    char vendor; /* 'A', 'B', 'C', ...: one redirect handle per vendor */
    int weight; /* filter weight; heavier filters classify first */
    USHORT match_port; /* redirect flows whose current remote port is this (host order); 0 = any */
    USHORT match_port_last; /* with match_port: the ports match_port..match_port_last (one range
                                condition); 0 = match_port alone */
    const char *match_remote; /* redirect only connections to this address ("198.51.100.9",
                                "2001:db8::9"): an IP_REMOTE_ADDRESS EQUAL condition, and no
                                redirect for the other family; NULL = any */
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
