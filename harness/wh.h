/*
 * wh.h: what the fuzz targets share: a fresh target per input (WFPCERT_TARGET) with the
 * faults of WFPCERT_FAULTS, scenario sockets, buffers of every pointer kind, one
 * WSAIoctl/WSPIoctl call with its completion collected and judged by the oracle, and the
 * failure report.
 *
 * Why one layer: every target must describe its calls the same way (steps and C source for
 * `wfpcert repro`), collect completions the same way and fail with the same message
 * ("wfpcert oracle: <clause>: <what>", then abort()), so a crash reads alike whichever
 * target found it.  Only wfpcert/winsock.h and wfpcert/target.h are used.
 */
#ifndef WFPCERT_WH_H
#define WFPCERT_WH_H

#include <setjmp.h>

#include "fdp.h"
#include "oracle.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "wfpcert/winsock.h"
#include "win_status.h"

/* The scene cache is the harness's plumbing, not behaviour under test: like the model's arena
 * (driver-stub/kernel/heap.h) it is left out of the fuzzers' coverage feedback, so that a hit
 * or a miss is never "new coverage" that keeps an input. */
#define WH_NO_COV WFPCERT_NO_COVERAGE /* wfpcert/compat.h */

#define WH_MAX_SOCKS 16
#define WH_MAX_OPS 64
#define WH_MAX_ALLOCS 128

/* Scenario sockets, in the order the harnesses choose them. */
typedef enum wh_sock_kind {
    WH_S_FRESH,
    WH_S_BOUND,
    WH_S_LISTENING,
    WH_S_PLAIN,
    WH_S_REDIRECTED,
    WH_S_REDIRECTED_CLIENT,
    WH_S_UDP_PROXY,
    WH_S_CLOSED,
    WH_S_NOT_SOCKET,
    WH_S_COUNT
} wh_sock_kind;

typedef struct wh_sock {
    SOCKET s;
    wh_sock_kind kind;
    wc_oracle_state state;
    int udp, overlapped, on_port, closed;
    int shut_send; /* shutdown(SD_SEND) succeeded on it: sends fail with WSAESHUTDOWN (send_calls.c) */
    int flushes; /* successful SIO_FLUSH calls on it (with flush=abort they end pending calls, A27) */
    SOCKET peer; /* the other end of a TCP flow (INVALID_SOCKET when none) */
    SOCKET listener; /* the proxy listener a redirected flow was accepted from */
    SOCKADDR_STORAGE original_dst; /* where the flow was going before any redirect */
    char name[16]; /* its variable in the emitted C: s1, s2, ... */
} wh_sock;

/* Pointer kinds a harness can ask for (mapped onto wc_oracle_ptr for the oracle). */
typedef enum wh_ptr_kind {
    WH_P_NULL,
    WH_P_HEAP,
    WH_P_GUARDED,
    WH_P_MISALIGNED,
    WH_P_SHORT,
    WH_P_READONLY,
    WH_P_UNMAPPED,
    WH_P_COUNT
} wh_ptr_kind;

typedef struct wh_buf {
    void *p;
    DWORD cb; /* the length the call is told */
    wc_oracle_ptr kind; /* what it really is */
    size_t filled; /* bytes of the fill actually copied in (a read-only page holds zeros) */
    char name[16]; /* its variable in the emitted C */
} wh_buf;

/* One overlapped operation the harness started: where its completion is counted. */
typedef struct wh_op {
    WSAOVERLAPPED *ov;
    WSATHREADID *tid; /* the WSPIoctl caller's copy, scribbled over after the call (A31) */
    WSAEVENT ev;
    wh_sock *sock;
    wc_oracle_mode mode;
    int routines, packets; /* notifications seen */
    DWORD err, bytes; /* the last notification's view */
    int ok;
} wh_op;

/* The harness's side of a scenario, saved with the target's snapshot (scene_cache.c). */
typedef struct wh_scene {
    wh_sock socks[WH_MAX_SOCKS];
    int nsocks, nbufs, alertable_waits, unelevated;
    HANDLE port;
    int findings; /* the target's checker findings at that moment */
} wh_scene;
typedef struct wh_cached wh_cached;

#define WH_KEY_MAX 512

typedef struct wh_ctx {
    wt_target *live; /* the target once it is running: use wh_t(), which puts it in place */
    fdp *in;
    HANDLE port;
    wh_sock socks[WH_MAX_SOCKS];
    int nsocks;
    wh_op ops[WH_MAX_OPS];
    int nops;
    void *allocs[WH_MAX_ALLOCS];
    int alloc_class[WH_MAX_ALLOCS]; /* pool.h: where each goes back at the input's end */
    size_t alloc_size[WH_MAX_ALLOCS]; /* the bytes asked for: the canary after them (wh_pool_check) */
    int nallocs, nbufs, alertable_waits;
    int unelevated; /* wt_set_elevated(t, 0) was called (A54) */
    /* The scene cache: while an input has run only set-up steps, its state may be a snapshot
     * not yet put back (at), found under the steps' key. */
    int prefix; /* still only set-up steps */
    const wh_cached *at; /* the snapshot the state equals (NULL: none) */
    char key[WH_KEY_MAX];
    size_t keylen;
    uint64_t keyhash; /* FNV-1a of key */
} wh_ctx;

/* The target every input opens: $WFPCERT_TARGET ("model", "native" or "native:FILE"), by
 * default "model" where the model is built and "native" on Windows. */
const char *wh_target_spec(void);

/* Every input: open (with WFPCERT_FAULTS), ..., end (verifier findings are failures).  A target
 * that cannot be opened is a set-up error: the message names WFPCERT_TARGET, exit 2. */
void wh_begin(wh_ctx *x, fdp *in);
void wh_end(wh_ctx *x);
/* The running target, put in place from the scene cache when the steps so far came from it.
 * Everything that is not a set-up step goes through here first (a target's own Winsock calls
 * too: call it before them), and from then on the input builds no more snapshots. */
wt_target *wh_t(wh_ctx *x);
/* A hash of what the current input observed (results, errors, lengths, completions, findings;
 * never handles or addresses): equal for equal behaviour, whether the scene came from the cache
 * or was built.  wh_set_snapshots switches the cache for the inputs that follow. */
void wh_digest_add(const void *p, size_t n);
uint64_t wh_input_digest(void);
void wh_set_snapshots(int on);
/* The target checker's findings, answered from the snapshot while the state is one. */
int wh_findings(wh_ctx *x, char *text, size_t cap);

/* The scene cache (scene_cache.c).  Set-up steps (wh_begin's faults, the profile, knobs,
 * wh_socket) that run before anything else are keyed by what they did; a later input that
 * takes the same steps restores their outcome instead of running them.  Off where the target
 * has no snapshots, while the decoded-call log is written (repro), and with
 * WFPCERT_SNAPSHOTS=0. */
const wh_cached *wh_scene_find(const char *key, size_t n, uint64_t hash);
/* Stores the snapshot (taking ownership) and the scene, built on the cached scene parent
 * (NULL: on a freshly opened target); NULL when the cache is full. */
const wh_cached *wh_scene_put(const char *key, size_t n, uint64_t hash, const wh_cached *parent, wt_snapshot *snap,
                              const wh_scene *scene);
/* 1 when a key of this hash missed before (then it is worth a snapshot). */
int wh_scene_admit(uint64_t hash);
const wt_snapshot *wh_scene_snapshot(const wh_cached *c);
const wh_scene *wh_scene_of(const wh_cached *c);
const wh_cached *wh_scene_parent(const wh_cached *c);
/* Between inputs: empties the cache when it is over its budget. */
void wh_scene_trim(void);
void wh_scene_stats(unsigned long long *hits, unsigned long long *misses, size_t *entries, size_t *bytes);
/* "wfpcert oracle: <clause>: <what>" on stderr, then abort() (on Windows first the exception
 * STATUS_FATAL_APP_EXIT, which WinAFL and Jackalope count as a crash). */
_Noreturn void wh_fail(const char *clause, const char *fmt, ...) WH_FDP_FORMAT(2, 3);
/* The target answered WT_EUNSUPPORTED to a set-up step the input needs (the native target
 * without a vendor configuration, wine): not a finding.  Says so once per reason, closes the
 * target and ends the input as if it had run to the end (back to WH_FUZZ_ENTRY; exit(0)
 * where no entry is armed, as in `wfpcert repro`). */
_Noreturn void wh_unsupported(wh_ctx *x, const char *what);
/* "wfpcert harness: <message>" on stderr, the first time each message is seen only (model-only
 * features that a target lacks are noted once, not once per input). */
void wh_note_once(const char *fmt, ...) WH_FDP_FORMAT(1, 2);
/* Inputs that wh_unsupported ended so far (the replay driver's summary). */
int wh_inputs_unsupported(void);

/* The fuzzer entry of a target file: LLVMFuzzerTestOneInput running fn with a landing place
 * for wh_unsupported.  setjmp stays in this frame, so no function is added between the
 * engine and the target (crash signatures keep their frames). */
extern jmp_buf *wh_unsupported_exit;
int wh_unsupported_landed(void);
#define WH_FUZZ_ENTRY(fn)                                                                                              \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {                                                     \
        jmp_buf here;                                                                                                  \
        if (setjmp(here) != 0) return wh_unsupported_landed();                                                         \
        wh_unsupported_exit = &here;                                                                                   \
        int r = fn(data, size);                                                                                        \
        wh_unsupported_exit = NULL;                                                                                    \
        return r;                                                                                                      \
    }

/* Applies a profile and knob overrides chosen by the input (so the oracle meets every alternative). */
void wh_choose_profile(wh_ctx *x);
/* The caller loses the privilege SIO_SET needs (A54), where the target can do that. */
void wh_unelevate(wh_ctx *x);
void wh_set_knob(wh_ctx *x, const char *knob, const char *value);

/* A socket of the given kind (NULL only when the model refuses to build the scenario). */
wh_sock *wh_socket(wh_ctx *x, wh_sock_kind kind, int family, int overlapped);
void wh_close_socket(wh_ctx *x, wh_sock *s);
/* The records another world of the same target (spec and faults) issued for a redirected TCP
 * flow of family af: genuine there, so never genuine in the input's own world (A57: the sealing
 * key is each kernel's own).  Made once per process, before the first input opens its target
 * (the harness's worlds are one at a time); 0 where no second world can be opened (native). */
ULONG wh_other_world_records(int af, void *buf, ULONG cap);
/* What the stack issued for s (0: nothing); buf may be NULL. */
ULONG wh_issued(wh_ctx *x, const wh_sock *s, int context, void *buf, ULONG cap);

/* A buffer of cb bytes of the kind asked; fill (n bytes, may be shorter) is copied in when writable. */
wh_buf wh_buffer(wh_ctx *x, wh_ptr_kind kind, DWORD cb, const void *fill, size_t n);
/* Heap memory owned by the context, freed after the target is closed. */
void *wh_alloc(wh_ctx *x, size_t n);

/* One control call, collected (when collect) and judged. */
typedef struct wh_ioctl_args {
    wh_sock *sock;
    DWORD code;
    wh_buf in, out;
    wh_ptr_kind lpcb; /* NULL, HEAP (valid), READONLY or UNMAPPED */
    wc_oracle_mode mode;
    int wsp; /* through the provider's WSPIoctl */
    int in_genuine, in_known_guid;
} wh_ioctl_args;
/* Returns the call's result: 0, or the error (WSA_IO_PENDING included). */
int wh_ioctl(wh_ctx *x, const wh_ioctl_args *a);

/* One call whose code, buffers, lpcbBytesReturned, mode and entry point the input chooses:
 * codes weighted by the descriptor table (now and then any 32-bit value); lengths 0, 1..3, 4,
 * N-1, N, N+1, typical proxy sizes, huge; every pointer kind. */
int wh_random_ioctl(wh_ctx *x, wh_sock *s);
DWORD wh_pick_len(fdp *in, DWORD n);
wh_ptr_kind wh_pick_ptr(fdp *in, DWORD cb);

/* fuzz_sequence's other Winsock calls (api_calls.c): ConnectEx with SO_UPDATE_CONNECT_CONTEXT,
 * select, inet_ntop/inet_pton, getaddrinfo, getnameinfo, WSAAddressToString/WSAStringToAddress,
 * AcceptEx, on arguments the input chooses, each judged against the outcome its page documents;
 * on the model also a driver's WFP management objects (add twice, delete twice); and the
 * look-ups of lookup_calls.c (kind 10) and the events of event_calls.c (kind 11). */
void wh_api_call(wh_ctx *x, wh_sock *s);

/* fuzz_sequence's send and receive command (send_calls.c): send, WSASend (blocking or
 * overlapped), recv, WSARecv on any socket the sequence holds, each judged; on a connected
 * flow, the bytes arrive unchanged at the other end. */
void wh_data_call(wh_ctx *x, wh_sock *s);

/* A socket of `type` (SOCK_STREAM or SOCK_DGRAM, overlapped) bound to the loopback address of
 * af at a port the stack picks, listening if asked; *a its address.  INVALID_SOCKET if any step
 * fails (api_calls.c). */
SOCKET wh_loopback(int af, int type, int listening, SOCKADDR_STORAGE *a, int *alen);

/* fuzz_sequence's event command (event_calls.c): a nonblocking connect's FD_CONNECT through
 * WSAEventSelect, and an overlapped WSARecvFrom that pends until a datagram comes, each judged. */
void wh_event_call(wh_ctx *x);

/* fuzz_sequence's look-ups (lookup_calls.c): GetProcAddress of exported names, names one letter
 * off and ordinals, and inet_addr of dotted texts in C notation, each judged. */
void wh_lookup_call(wh_ctx *x);

/* fuzz_sequence's filter command (filter_calls.c, model only): a BLOCK filter of the input's
 * remote address and port conditions must block a connect exactly when they hold. */
void wh_filter_call(wh_ctx *x);

/* Set as the thread's last error before a call the harness judges: no call returns it, so a
 * failed call that leaves it there did not set its error. */
#define WH_STALE_ERROR 0x7777

/* Runs completions due now: an alertable SleepEx(0), and drains the completion port. */
void wh_alertable_wait(wh_ctx *x);

/* Names for logs. */
const char *wh_code_name(DWORD code);
const char *wh_mode_name(wc_oracle_mode m);

/* The fuzz targets, by name, for the replay driver, repro and the campaign (targets.c). */
typedef int (*wh_target_fn)(const uint8_t *data, size_t size);
typedef struct wh_target_info {
    const char *name;
    wh_target_fn run;
    const char *doc;
} wh_target_info;
extern const wh_target_info wh_targets[];
extern const int wh_target_count;
const wh_target_info *wh_target_find(const char *name);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps a value alive so nothing the harness computes is optimised away. */
extern volatile uintptr_t wh_sink;

#endif /* WFPCERT_WH_H */
