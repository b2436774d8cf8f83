/*
 * cases.h: what the case files of the catalogue share (internal to conformance/cases/).
 *
 * What: the socket states a case can ask for (wc_scene), one call of a WFP IOCTL in any call
 * mode through either entry point (wc_call / wc_run: WSAIoctl or the provider's WSPIoctl;
 * synchronous, overlapped with an event, with a completion routine, with a completion port,
 * or with WSAGetOverlappedResult), and the judges of the documented alternatives (C1, C2,
 * C4, C12, C23) that several files need.
 *
 * Why one machinery: SEMANTICS 3 and 4.1 say the same kernel result reaches the caller
 * through five paths with different views (WSA code, Win32 code, NTSTATUS).  Doing each path
 * once, with its plumbing invariants (exactly one completion, size untouched while pending,
 * *lpErrno written, Internal written), keeps every case honest about all of them.
 *
 * Only wfpcert/winsock.h and wfpcert/target.h: the same code runs on the native target.
 */
#ifndef WFPCERT_CASES_H
#define WFPCERT_CASES_H

#include "case.h"
#include "oracle/reference.h" /* what each --reference pins */

#include <stddef.h>

#define WC_SENTINEL 0xDEADBEEFu /* SEMANTICS 9: "size" is preset to 0xDEADBEEF */
#define WC_ERRNO_SENTINEL 0x5EED
#define WC_WAIT_MS 2000u /* a completion that takes longer is a hang on any target */
#define WC_KEY 0x5A17u /* completion key of the port */
#define WC_BUF 8192u /* the largest buffer a real consumer uses (WFPSampler, A49) */
#define WC_CANARY 64u /* bytes after an output buffer that must stay untouched */
#define WC_OV_UNTOUCHED 0x1111u /* OVERLAPPED.Internal/InternalHigh preset: "untouched" shows */

/* The socket states of the cross product. */
typedef enum {
    WC_FRESH, /* socket(), never bound */
    WC_BOUND, /* bound to loopback, port 0 */
    WC_LISTENING, /* bound and listening */
    WC_PLAIN, /* connected TCP that no callout redirected (A41) */
    WC_REDIRECTED, /* the proxy's accepted socket of a redirected connection (A33) */
    WC_UDP, /* the UDP proxy socket of a redirected flow (A48) */
    WC_CLOSED, /* a socket value after closesocket */
    WC_NOTSOCK, /* a handle that is not a socket (A39) */
    WC_STATE_COUNT
} wc_state;
extern const char *const wc_state_names[WC_STATE_COUNT];

typedef struct wc_scene {
    wc_state state;
    SOCKET s; /* the socket under test */
    wt_tcp_flow tcp; /* WC_PLAIN, WC_REDIRECTED */
    wt_udp_flow udp; /* WC_UDP */
} wc_scene;

/* Scenario builders return 1 when the scenario stands.  A target that cannot build it ends
 * the case as unsupported (wc_unsupported does not return); a stack that fails a set-up
 * step is a failed check and 0, and the body returns. */
/* Builds `st` (overlapped: create with WSA_FLAG_OVERLAPPED). */
int wc_scene_make(wc_ctx *c, wc_state st, int overlapped, wc_scene *sc);
/* A redirected TCP connection or UDP flow. */
int wc_redirected(wc_ctx *c, int overlapped, wt_tcp_flow *f);
int wc_udp(wc_ctx *c, int overlapped, wt_udp_flow *f);
/* The records (context=0) or context (context=1) of `accepted`, by a plain synchronous QUERY
 * with an 8 KB buffer.  Returns the size, or 0 after a failed check: the case cannot go on
 * without the blob. */
ULONG wc_query_blob(wc_ctx *c, SOCKET accepted, int context, BYTE *buf, ULONG cap);
/* What the stack issued for `accepted`, for the opacity checks; 0 when the target cannot
 * tell (native).  Logs why. */
int wc_issued(wc_ctx *c, SOCKET accepted, int context, BYTE *buf, ULONG cap, ULONG *len);
/* Asks the target for a knob value (model: an alternative it can switch to).  0 on success. */
int wc_want_knob(wc_ctx *c, const char *knob, const char *value);
/* A case entry's param names a variant of the model it runs on (NULL: none): "os" carries the
 * bytes over real loopback sockets (knob transport), "layered" puts the model's pass-through
 * layered provider above the base one (knob layered); a target without the knob cannot run
 * the variant (the case ends UNSUPPORTED).  What a proxy sees must not depend on either. */
void wc_use_variant(wc_ctx *c);
/* Findings of the target's checker that mention `needle` (NULL: any); logs them.  The ones a
 * case counted this way are its to judge; any other finding the checker reported by the case's
 * end fails the case (casectx.c), also in a case that asked for some. */
int wc_findings(wc_ctx *c, const char *needle);
/* The case judged the checker's finding number `index` (its line in wt_findings' text). */
void wc_finding_claimed(wc_ctx *c, int index);
/* The WSATHREADID of the calling thread, as ws2_32 passes it to a provider. */
void wc_thread_id(WSATHREADID *tid);
/* The proxy's outbound leg (set.c): SET `rec` on a new socket and connect it to the original
 * destination (WDK-REDIR steps 7-8).  The socket, or INVALID_SOCKET after a failed check. */
SOCKET wc_proxy_connect(wc_ctx *c, const wt_tcp_flow *f, const BYTE *rec, ULONG n);
/* Did a connection arrive at `listener`, i.e. a proxy would see its own traffic again? */
int wc_looped(wc_ctx *c, SOCKET listener);
/* A completion port with `s` joined to it under WC_KEY (NULL after a failed check). */
HANDLE wc_port(wc_ctx *c, SOCKET s);
/* The one packet of an operation ended by closesocket or SIO_FLUSH: FALSE, 995, `ov`. */
void wc_expect_aborted(wc_ctx *c, HANDLE port, LPWSAOVERLAPPED ov, const char *after);
/* The provider table (1), or the case ends as unsupported. */
int wc_wsp(wc_ctx *c, WSPPROC_TABLE *out);
/* The extension function behind `g` on s into *fn, a function pointer of fnsize bytes (written
 * by WSAIoctl itself: ISO C has no cast between object and function pointers); 0 after a failed
 * check named after `name`. */
int wc_ext_fn(wc_ctx *c, SOCKET s, GUID g, void *fn, DWORD fnsize, const char *name);
/* The size of a sockaddr of the family (sockaddr_in6 or sockaddr_in). */
int wc_addr_len(int af);
/* A socket of the family and type bound to loopback port 0, its name in *a (listening when
 * asked); INVALID_SOCKET after a failed check. */
SOCKET wc_on_loopback(wc_ctx *c, int af, int type, int listening, SOCKADDR_STORAGE *a);
/* A connected TCP pair of the family through a loopback listener: client, accepted; 0 after a
 * failed check. */
int wc_tcp_pair(wc_ctx *c, int af, SOCKET *cl, SOCKET *sv);
/* A due time ms milliseconds from now as the thread pool's calls take one: a negative FILETIME,
 * relative, in 100 ns units ("SetThreadpoolTimer", "SetThreadpoolWait" pages). */
void wc_filetime_relative(FILETIME *ft, LONGLONG ms);
/* A new file (h: open for reading and writing) or, with h NULL, a new folder in the temporary
 * folder, under "wfpcert-<stem>-<pid>-<n><suffix>", a name no other run holds; 0 after a failed
 * check. */
int wc_temp_new(wc_ctx *c, const char *stem, const char *suffix, char *path, size_t cap, HANDLE *h);

/* ---- one IOCTL call in a mode, through an entry point ---- */
typedef enum { WC_LPCB_OWN, WC_LPCB_NULL, WC_LPCB_UNMAPPED, WC_LPCB_READONLY } wc_lpcb;
typedef enum { WC_PTR_OWN, WC_PTR_UNMAPPED } wc_ptr;

typedef struct wc_call {
    /* in */
    SOCKET s;
    DWORD code;
    void *in;
    DWORD cbin;
    void *out;
    DWORD cbout;
    wc_lpcb lpcb;
    wc_ptr ov_ptr; /* WC_PTR_UNMAPPED: lpOverlapped is not user memory */
    wc_ptr cr_ptr; /* WC_PTR_UNMAPPED: lpCompletionRoutine is not user memory */
    int mode; /* wc_mode */
    int entry; /* wc_entry */
    int nonov_socket; /* s lacks the overlapped attribute: lpOverlapped is ignored (A32) */
    int canary; /* out has WC_CANARY bytes of 0xA5 after cbout that must stay intact */
    /* out: the call */
    int rc, err; /* return value; WSAGetLastError() or *lpErrno */
    DWORD size; /* *lpcbBytesReturned after the call (WC_LPCB_OWN) */
    int pending; /* rc == SOCKET_ERROR && err == WSA_IO_PENDING */
    int started; /* an overlapped operation was started (immediate success or pending) */
    /* out: the completion, when started */
    int completed; /* the mode's path reported a completion */
    int done_ok; /* ... and it was a success */
    int done_err; /* its error: WSA view (apc, gor, event), Win32 view (iocp) */
    int done_win32; /* done_err is a Win32 code (completion port) */
    DWORD done_bytes; /* its byte count (cbTransferred, IOCP bytes, lpcbTransfer, InternalHigh) */
    DWORD gor_size; /* lpcbTransfer after a failed WSAGetOverlappedResult (C23) */
    ULONG_PTR internal, internal_high; /* OVERLAPPED after the call, then after the completion */
} wc_call;

/* Fills the defaults: own lpcb preset to WC_SENTINEL, own pointers. */
void wc_call_init(wc_call *k, SOCKET s, DWORD code, int mode, int entry);
/* Makes the call, waits for its completion in the mode's way and checks the plumbing every
 * call must obey (SEMANTICS 3, A15..A23, A30, A31): see common.c. */
void wc_run(wc_ctx *c, wc_call *k);
/* Short names: "sync", "ov_event", ... (fingerprint keys) and "sync", "event", ... (ids). */
extern const char *const wc_mode_keys[WC_MODE_COUNT];
extern const char *const wc_mode_ids[WC_MODE_COUNT];
extern const char *const wc_entry_ids[WC_ENTRY_COUNT];
/* "ok", "err=10022", "pending->err=122", ... for logs and observations. */
const char *wc_call_outcome(const wc_call *k, char *buf, size_t cap);
/* The final error of a failed call in the WSA or the Win32 view (immediate or completion);
 * 0 for a success.  *win32 tells which view. */
int wc_final_error(const wc_call *k, int *win32);
/* Does a failure match one of the accepted WSA codes (n == 0: any failure)?  A Win32 view is
 * matched through the documented NTSTATUS mappings (SEMANTICS 1.4). */
int wc_error_in(int err, int win32, const int *accepted, int n);

/* ---- judges of the documented alternatives (accept all, record which; a profile that fixes
 * one makes it required) ---- */
/* C1/A34: too-small output buffer, N the required size.  Passes any documented alternative. */
void wc_judge_c1(wc_ctx *c, const wc_call *k, DWORD need, int observe);
/* C2/A35: cbOutBuffer 0. */
void wc_judge_c2(wc_ctx *c, const wc_call *k, DWORD need, int observe);
/* C12/A17: an unknown or unsupported code, synchronous. */
void wc_judge_c12(wc_ctx *c, const wc_call *k, int observe);
/* Checks a successful QUERY: size, bytes, the canary after the buffer (A33, A42, A46). */
void wc_judge_query_ok(wc_ctx *c, const wc_call *k, const BYTE *issued, ULONG n, int observe);
/* Checks a successful SET: C4 alternatives for *lpcbBytesReturned (A51, A52). */
void wc_judge_set_ok(wc_ctx *c, const wc_call *k, DWORD n, int observe);
/* Checks a failure with one of `accepted` (n == 0: any code); immediate: nothing may be
 * queued (parameter validation, A15, A23). */
void wc_judge_fail(wc_ctx *c, const wc_call *k, const int *accepted, int n, int immediate);

/* A generated cell's call as the fuzz oracle sees it (oracle_cells.c): what its pointers
 * point at (wc_oracle_ptr values), what the stack issued for the socket, whether a SET's
 * input is a blob the stack issued (1), not (0) or unknown (-1), and whether a QUERY's
 * output equals the issued blob (1, 0, -1 unknown). */
typedef struct wc_cell_view {
    wc_state state;
    int in, out;
    ULONG records_len, context_len;
    int in_genuine;
    int bytes_match;
} wc_cell_view;
/* k and v as the oracle's call description (the one the fuzz harness fills for its calls). */
struct wc_oracle_call;
void wc_cell_call(const wc_call *k, const wc_cell_view *v, struct wc_oracle_call *oc);
/* Fails the case when the oracle rejects the outcome of k. */
void wc_oracle_cell(wc_ctx *c, const wc_call *k, const wc_cell_view *v);

/* An output buffer of `n` bytes followed by WC_CANARY bytes of 0xA5. */
void wc_canary_fill(BYTE *buf, size_t n);
int wc_canary_intact(const BYTE *buf, size_t n);

/* ---- the tables of the area files, joined by catalogue.c ---- */
typedef struct wc_table {
    const wc_case *cases;
    size_t n;
} wc_table;
extern const wc_table wc_constants, wc_plumbing, wc_query, wc_set, wc_udp_cases, wc_wfp, wc_consumers, wc_setup_calls;
extern const wc_table wc_winsock_calls; /* winsock_calls.c */
extern const wc_table wc_wfp_api; /* wfp_api.c */
extern const wc_table wc_win32_surface; /* win32_surface.c */
extern const wc_table wc_socket_calls; /* socket_calls.c */
extern const wc_table wc_host_calls; /* host_calls.c */
extern const wc_table wc_k32_calls; /* k32_calls.c */
extern const wc_table wc_crt_calls; /* crt_calls.c */
extern const wc_table wc_file_calls; /* file_calls.c */
extern const wc_table wc_pool_calls; /* pool_calls.c */
extern const wc_table wc_timer_calls; /* timer_calls.c */
extern const wc_table wc_wait_calls; /* wait_calls.c */
extern const wc_table wc_endpoint_calls; /* endpoint_calls.c */
extern const wc_table wc_startup_calls; /* startup_calls.c */
extern const wc_table wc_transmit_calls; /* transmit_calls.c */
extern const wc_table wc_adapter_calls; /* adapter_calls.c */
extern const wc_table wc_alert_calls; /* alert_calls.c */
extern const wc_table wc_observer_cases; /* observer.c */
extern const wc_table wc_stack_calls; /* stack_calls.c */
extern const wc_table wc_alternatives; /* alternatives.c */
extern const wc_table wc_low_memory; /* low_memory.c */
extern const wc_table wc_classic_calls; /* classic_calls.c */
extern const wc_table wc_data_calls; /* data_calls.c */
extern const wc_table wc_protocol_calls; /* protocol_calls.c */
extern const wc_table wc_sockopt_sizes; /* sockopt_sizes.c */
extern const wc_table wc_bind_share; /* bind_share.c */
extern const wc_table wc_fast_path; /* fast_path.c */
extern const wc_table wc_dual_stack; /* dual_stack.c */
/* The generated cross product (generated.c), built once on first use. */
size_t wc_generated_count(void);
const wc_case *wc_generated_get(size_t i);

#define WC_TABLE(name, arr) const wc_table name = {arr, sizeof arr / sizeof arr[0]}
/* A hand-written case: not generated (mode and entry -1), every profile; WC_CASE_P with a
 * param for a body shared by several entries. */
#define WC_CASE_P(id, clause, anchor, level, accepts, fn, param)                                                       \
    { id, clause, anchor, level, NULL, accepts, fn, -1, -1, param }
#define WC_CASE(id, clause, anchor, level, accepts, fn) WC_CASE_P(id, clause, anchor, level, accepts, fn, NULL)
/* The S3 case fn again over the model's os transport, as S3.os.<id> (wc_use_variant). */
#define WC_S3_OS(id, accepts, fn)                                                                                      \
    WC_CASE_P("S3.os." id, "S3", "#remarks", WC_MUST, "over the model's os transport: " accepts, fn, "os")

#endif /* WFPCERT_CASES_H */
