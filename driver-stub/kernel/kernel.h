/*
 * kernel.h: the model's NT kernel: a world, its handle table, threads with APC queues,
 * events, completion ports, waits, user-memory probing and the three views of an NTSTATUS.
 *
 * Everything the Winsock model needs from "the OS" lives here so that the layers above
 * (net, provider, ws2) stay deterministic: there are no hidden threads, no clock unless
 * the world is switched to real time, and deferred work runs only at defined points
 * (a wait, GetQueuedCompletionStatus, WSAGetOverlappedResult with fWait, or a pump).
 *
 * Locking: one mutex per world.  Functions named *_locked expect it held.
 */
#ifndef WFPCERT_KERNEL_H
#define WFPCERT_KERNEL_H

#include "wfpcert/winsock.h"
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ms_world ms_world;
typedef struct ms_thread ms_thread;

typedef enum {
    MS_H_FREE = 0,
    MS_H_SOCKET,
    MS_H_EVENT,
    MS_H_IOCP,
    MS_H_THREAD,
    MS_H_FILE,
} ms_htype;

/* A file handle (CreateFile, GetStdHandle): a host descriptor, which the world closes with the
 * handle unless it is one of the process's standard three (std 0..2; -1 for a file). */
typedef struct ms_file {
    uint64_t handle;
    int fd;
    int std;
    bool read, write, overlapped;
} ms_file;

/* ------------------------------------------------------------------ worlds */
ms_world *ms_world_create(void);
void ms_world_destroy(ms_world *w);
/* The world the Winsock API acts on.  wt_open() and WSAStartup() set it. */
ms_world *ms_world_current(void);
/* Milliseconds w's virtual clock has run ahead of the real one (0 for NULL): a wait that ends
 * at once because the clock is virtual counts its whole time-out, so the tick counts a program
 * reads (GetTickCount, QueryPerformanceCounter, SO_CONNECT_TIME) show the time its Sleep or
 * select took, as on Windows.  The wall clock (GetSystemTimeAsFileTime) stays the real one. */
uint64_t ms_world_virtual_ms(ms_world *w);
/* What the kernel32 calls (and WSAStartup) act on: the current world, or when there is none
 * the program's own, made on first use with Winsock not started and kept for the rest of the
 * process, as a program that makes an event or a thread before WSAStartup, or waits for one
 * after its last WSACleanup, does on Windows.  NULL only when no memory is left. */
ms_world *ms_world_process(void);
void ms_world_set_current(ms_world *w);
/* The current world if Winsock is started in it, else NULL: what every Winsock call (not
 * the kernel32 ones) acts on; NULL is their WSANOTINITIALISED.  ms_world_winsock_add counts
 * a WSAStartup (+1) or a WSACleanup (-1) and gives the count after it, or -1 (unchanged) for
 * a WSACleanup with none left. */
ms_world *ms_world_winsock(void);
int ms_world_winsock_add(ms_world *w, int by);
/* For the Winsock calls that need no world of their own (the name look-ups): true when Winsock
 * is started, else false with WSANOTINITIALISED set, every Winsock page's first error. */
bool ms_winsock_started(void);

void ms_lock(ms_world *w);
void ms_unlock(ms_world *w);
/* Something a wait may be testing changed: wakes the waits that are not on a completion port
 * (a packet wakes only its own port's waiters, in ms_iocp_post_locked). */
void ms_wake_locked(ms_world *w);

/* Per-world extension slots for the layers above, destroyed with the world. */
/* Torn down from the highest slot to the lowest: the layers above first. */
typedef enum { MS_EXT_WFP, MS_EXT_NET, MS_EXT_TARGET, MS_EXT_POOL, MS_EXT_COUNT } ms_ext_slot;
void ms_world_set_ext(ms_world *w, ms_ext_slot slot, void *ext, void (*destroy)(void *ext));
void *ms_world_ext(ms_world *w, ms_ext_slot slot);
/* What a world still held after every handle was closed, as a process exit would close them.
 * A world frees everything its layers registered when it ends, so a leak inside its life (a
 * flow whose last reference is never dropped, a classify state never freed) is reclaimed
 * there and the process's block count never shows it.  Each layer's teardown, which runs
 * after the layers above (the sockets are all closed by the time the WFP engine goes), calls
 * this for what it still finds that only a connection or a handle could have held: `blocks`
 * model blocks, the text naming the objects.  The record is the process's, since the world is
 * gone when it is read (wt_model_held_at_close); ms_world_held_take returns the blocks
 * reported since the last take, copies the text (up to cap) and starts over. */
void ms_world_held(size_t blocks, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t ms_world_held_take(char *buf, size_t cap);

/* What keeps the world from being snapshotted (work or notifications still queued that may
 * name user memory), or NULL when it is quiet. */
const char *ms_world_busy_locked(ms_world *w);

/* "real" lets waits sleep; "virtual" (the default while one thread uses the world) makes a
 * wait that nothing can satisfy time out at once, and report an infinite one as a deadlock. */
void ms_world_set_real_time(ms_world *w, bool real);
/* The knob `clock`.  auto (default): virtual time until a second thread uses the world, or
 * until an infinite wait finds that the process has started a thread since it made its first
 * world (that thread may be the one to satisfy it: a proxy's worker that has not called into
 * Winsock yet); virtual: only the first rule; real: waits always sleep. */
typedef enum { MS_CLOCK_AUTO, MS_CLOCK_VIRTUAL, MS_CLOCK_REAL } ms_clock;
/* The program started a thread through the model (CreateThread, _beginthreadex): under the
 * clock `auto` waits are real from now on, since that thread may be the one to satisfy them. */
void ms_world_thread_created_locked(ms_world *w);
/* Whether a thread was ever started through the model in this world: such a world must be torn
 * down (its threads joined), never dropped with its memory (wt_discard). */
bool ms_world_made_threads(ms_world *w);
void ms_world_set_clock(ms_world *w, ms_clock c);
ms_clock ms_world_clock(ms_world *w);
/* The threads of this process (0 where the system cannot tell). */
long ms_process_threads(void);
/* Whether the process has more threads now than when it made its first world (the first
 * call, from ms_world_create, takes that count and says false). */
bool ms_process_threads_started(void);

/* The world's knobs, faults and caller privilege. */
ms_config *ms_world_config(ms_world *w);
/* n random bytes from the operating system (random.c); false when it has none to give. */
bool ms_os_random(void *buf, size_t n);
bool ms_fault_on(ms_world *w, ms_fault f);
/* Bit f: ms_fault_on(_, f) was called in this process since the last take. */
unsigned long long ms_faults_consulted_take(void);
int ms_knob_value(ms_world *w, ms_knob k);

/* Findings: the model's own reports (verifier rules, deadlocks), kept as text. */
void ms_finding_locked(ms_world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ms_findings(ms_world *w, char *buf, size_t cap);
/* A world's last moments (its drivers' unload functions) come after a case has read its findings:
 * ms_findings_mark notes where the text stands, ms_findings_carry copies what came after the mark
 * to the process's record (the world is about to go), and ms_findings_late_take returns how many
 * were carried since the last take, copies their text (up to cap) and starts over. */
size_t ms_findings_mark(ms_world *w);
void ms_findings_carry(ms_world *w, size_t mark);
size_t ms_findings_late_take(char *buf, size_t cap);

/* ----------------------------------------------------------------- handles */
/* Handle values encode the world serial, a generation and an index, so a stale handle, a
 * handle of another world and a value that was never a handle are all told apart. */
uint64_t ms_handle_alloc_locked(ms_world *w, ms_htype type, void *obj);
/* Why ms_handle_alloc_locked gave 0: true when every handle value is in use (a limit, the
 * socket page's WSAEMFILE), false when the table could not grow (no memory, WSAENOBUFS). */
bool ms_handles_exhausted_locked(const ms_world *w);
void *ms_handle_get_locked(ms_world *w, uint64_t h, ms_htype type);
/* A handle's SetHandleInformation bits: the old ones in *old, then those of mask set from
 * flags.  False when h names nothing. */
bool ms_handle_info_locked(ms_world *w, uint64_t h, uint8_t mask, uint8_t flags, uint8_t *old);
void ms_handle_free_locked(ms_world *w, uint64_t h);
/* The handle names obj from now on (AcceptEx: the service's socket becomes the connection). */
void ms_handle_replace_locked(ms_world *w, uint64_t h, void *obj);
/* Calls fn for every live object of a type (teardown, SIO_FLUSH of all, ...). */
void ms_handle_each_locked(ms_world *w, ms_htype type, void (*fn)(ms_world *, void *, void *), void *arg);

/* --------------------------------------------------------- threads and APCs */
struct ms_thread {
    pthread_t tid;
    uint64_t handle;
    uint64_t object; /* the handle CreateThread gave for this thread (QueueUserAPC), or 0 */
    struct ms_apc *apc_head, *apc_tail;
    size_t apc_count;
    ms_thread *next;
};
/* The calling thread's record in w (created on first use). */
ms_thread *ms_thread_self_locked(ms_world *w);
ms_thread *ms_thread_from_handle_locked(ms_world *w, uint64_t h);
/* The handle of the calling thread's record (created on first use), without the lock once it is
 * known: every Winsock call names its thread to the provider (lpThreadId), and taking the world
 * lock for that alone was a quarter of all the lock's takings in a proxy chain on os. */
uint64_t ms_thread_self_handle(ms_world *w);
/* The calling thread is ending: its record, queued APCs and handle go (world.c). */
void ms_thread_exit_locked(ms_world *w);
/* The thread whose CreateThread handle (ms_thread.object) is h, or NULL. */
ms_thread *ms_thread_from_object_locked(ms_world *w, uint64_t h);

typedef struct ms_apc {
    enum { MS_APC_USER, MS_APC_COMPLETION } kind;
    LPWSAUSERAPC user_fn;
    DWORD_PTR user_ctx;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
    DWORD error, bytes, flags;
    LPWSAOVERLAPPED ov;
    void (*drop)(DWORD_PTR ctx); /* frees user_ctx if the APC never runs */
    struct ms_apc *next;
} ms_apc;
/* Queues an APC to a thread; it runs only in an alertable wait of that thread. */
int ms_queue_apc_locked(ms_world *w, ms_thread *t, const ms_apc *apc);
/* The same with a node the caller took from ms_malloc beforehand (it cannot fail); the node
 * is the queue's from now on, freed once it ran. */
void ms_queue_apc_node_locked(ms_world *w, ms_thread *t, ms_apc *node);
/* Runs the calling thread's queued APCs (drops and retakes the lock); returns how many. */
size_t ms_run_apcs_locked(ms_world *w, ms_thread *t);

/* ------------------------------------------------------------------ events */
uint64_t ms_event_create_locked(ms_world *w);
/* CreateEvent's kind: manual reset or auto reset (a satisfied wait resets it), and its state. */
uint64_t ms_event_create_ex_locked(ms_world *w, bool manual_reset, bool signaled);
/* h may carry the low "no completion port" bit of OVERLAPPED.hEvent; it is masked here. */
bool ms_event_set_locked(ms_world *w, uint64_t h, bool signaled);
int ms_event_state_locked(ms_world *w, uint64_t h); /* 1, 0, or -1 when not an event */
/* CreateMutex's and CreateSemaphore's objects, waited on like events (ms_wait_events; an
 * abandoned mutex ends the wait with WAIT_ABANDONED_0 + its index).  Release: 0, -1 when h is
 * not such an object, -2 when the caller does not own the mutex or the count would pass max. */
uint64_t ms_mutex_create_locked(ms_world *w, bool owned);
int ms_mutex_release_locked(ms_world *w, uint64_t h);
/* Thread t ended: the mutexes it still owned are abandoned. */
void ms_mutexes_abandon_locked(ms_world *w, pthread_t t);
uint64_t ms_semaphore_create_locked(ms_world *w, LONG initial, LONG max);
/* For a thread that waits on another's behalf (the thread pool's registered waits): 1 when a
 * wait for h would be satisfied now, 0 when not, -1 when h is no object of the wait calls, -2
 * when it is a mutex (which such a wait could only take for the wrong thread); with take, a
 * satisfied wait's effect too (an auto-reset event resets, a semaphore's count drops). */
int ms_object_poll_locked(ms_world *w, uint64_t h, bool take);

/* Named events, mutexes and semaphores ("CreateEvent", "CreateMutex", "CreateSemaphore": a name
 * already in use gives the existing object and ERROR_ALREADY_EXISTS; one used by another kind of
 * object, ERROR_INVALID_HANDLE).  Every creation or opening of a name hands out the object's one
 * handle again and counts it; ms_named_close_locked takes one count back and answers true while
 * others remain (the handle stays open), false when the handle was not named or the last count
 * went (the caller then frees it).  ms_named_find_locked: the handle of name, 0 when none, and
 * its kind (MS_NAMED_*) in *kind. */
enum { MS_NAMED_EVENT, MS_NAMED_MUTEX, MS_NAMED_SEMAPHORE };
uint64_t ms_named_find_locked(ms_world *w, const char *name, int *kind);
bool ms_named_add_locked(ms_world *w, const char *name, uint64_t h);
void ms_named_ref_locked(ms_world *w, uint64_t h);
bool ms_named_close_locked(ms_world *w, uint64_t h);
void ms_named_free_all(ms_world *w);
/* A thread's handle (CreateThread): waited on like a manual-reset event, signalled by
 * ms_thread_object_end_locked; SetEvent, ReleaseMutex and the like refuse it as another kind
 * of object.  State: 1 ended, 0 running, -1 when h is not a thread's handle. */
uint64_t ms_thread_object_create_locked(ms_world *w);
void ms_thread_object_end_locked(ms_world *w, uint64_t h);
int ms_thread_object_state_locked(ms_world *w, uint64_t h);
int ms_semaphore_release_locked(ms_world *w, uint64_t h, LONG n, LONG *prev);

/* --------------------------------------------------------- completion ports */
uint64_t ms_iocp_create_locked(ms_world *w);
/* 0; -1 when port is no completion port, -2 when there is no memory for the packet. */
int ms_iocp_post_locked(ms_world *w, uint64_t port, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov, NTSTATUS status);
/* A packet's memory taken in advance (NULL when there is none), so that an operation's
 * completion cannot be lost for want of memory; posting it cannot fail for that reason (-1
 * only when the port is gone, and the node is freed then).  ms_free gives back one not posted. */
void *ms_iocp_reserve(void);
int ms_iocp_post_reserved_locked(ms_world *w, uint64_t port, void *node, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov,
                                 NTSTATUS status);
/* Returns 1 and fills out when a packet is dequeued, 0 on timeout, -1 if not a port. */
typedef struct ms_packet {
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;
    NTSTATUS status;
} ms_packet;
int ms_iocp_get(ms_world *w, uint64_t port, DWORD timeout_ms, ms_packet *out);
/* Up to cap packets at once (GetQueuedCompletionStatusEx): 1 with *n > 0, 0 on timeout, -1 if
 * not a port, 2 when an alertable wait ran the caller's APCs instead (*n is 0 then). */
int ms_iocp_get_many(ms_world *w, uint64_t port, ms_packet *out, ULONG cap, ULONG *n, DWORD timeout_ms, bool alertable);

/* ------------------------------------------------------------------- waits */
/* Deferred work: completions the model chose to deliver later.  They run in FIFO order at
 * every wait and at ms_pump, so the same calls always give the same run. */
int ms_defer_locked(ms_world *w, void (*fn)(ms_world *, void *), void (*drop)(void *), void *arg);
/* Deferred work whose memory the caller took beforehand, for a queue that cannot fail on
 * Windows: IoAllocateWorkItem takes the memory, IoQueueWorkItem never fails.  The node stays
 * the caller's after it runs or is dropped; ms_defer_node_free gives it back. */
typedef struct ms_deferred ms_deferred;
ms_deferred *ms_defer_node_new(void);
void ms_defer_node_locked(ms_world *w, ms_deferred *node, void (*fn)(ms_world *, void *), void (*drop)(void *),
                          void *arg);
void ms_defer_node_free(ms_deferred *node);
/* Drops deferred work whose argument matches (an operation that was cancelled first). */
void ms_defer_cancel_locked(ms_world *w, void *arg);
size_t ms_pump_locked(ms_world *w);
size_t ms_pump(ms_world *w);

/* WSAWaitForMultipleEvents semantics, with deferred work and APCs. */
DWORD ms_wait_events(ms_world *w, DWORD n, const uint64_t *events, bool all, DWORD timeout_ms, bool alertable);
DWORD ms_sleep_ex(ms_world *w, DWORD timeout_ms, bool alertable);
/* Waits (for WSAGetOverlappedResult fWait) until pred(arg) holds; false on timeout/deadlock. */
bool ms_wait_until_locked(ms_world *w, bool (*pred)(void *), void *arg, DWORD timeout_ms);
/* For a program that polls non-blocking sockets itself (the chain runner): waits until the
 * world has changed (an ms_wake_locked: data, an end, a connect, room to send...) since *seen
 * was last set, for at most timeout_ms, in place of a fixed sleep; true if it has changed.
 * *seen becomes the world's count.  The lock is not held; in virtual time it never waits. */
bool ms_wait_change(ms_world *w, uint64_t *seen, DWORD timeout_ms);
/* The same, alertable when asked: 1 when pred holds, 0 when the time ran out, 2 when the
 * calling thread's APCs ran (they end an alertable wait, as WAIT_IO_COMPLETION). */
int ms_wait_until_alertable_locked(ms_world *w, bool (*pred)(void *), void *arg, DWORD timeout_ms, bool alertable);

/* ------------------------------------------------------------ user memory */
#include "probe.h"

/* ------------------------------------------------------- status views */
/* The Winsock view (WSAGetLastError after a synchronous call, a completion routine's
 * dwError, WSAGetOverlappedResult) and the Win32 view (GetQueuedCompletionStatus,
 * RtlNtStatusToDosError) of one kernel status.  SEMANTICS 1.4 and 4.1. */
typedef struct ms_status_views {
    int wsa_buffer_too_small; /* WSA view of STATUS_BUFFER_TOO_SMALL (profile knob C1) */
    int wsa_not_found; /* WSA view of STATUS_NOT_FOUND (A41) */
    int wsa_fwp_not_found; /* WSA view of STATUS_FWP_NOT_FOUND (A44) */
} ms_status_views;
int ms_status_to_wsa(const ms_status_views *v, NTSTATUS s);
DWORD ms_status_to_win32(NTSTATUS s);
#define MS_NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)
#define MS_NT_ERROR(s) ((((DWORD)(s)) >> 30) == 3u) /* 0xC...: an error, not a warning */
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#define STATUS_ACCESS_VIOLATION ((NTSTATUS)0xC0000005)
#define STATUS_INVALID_CONNECTION ((NTSTATUS)0xC0000140)
#define STATUS_CONNECTION_RESET ((NTSTATUS)0xC000020D)
#define STATUS_CONNECTION_REFUSED ((NTSTATUS)0xC0000236)
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009A)
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#define STATUS_TOO_MANY_COMMANDS ((NTSTATUS)0xC00000C1)
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3)

/* ------------------------------------------------------------- addresses */
/* Windows layout (AF_INET6 is 23); ports are host order in these helpers. */
int ms_addr_from_user(const struct sockaddr *sa, int len, int af, SOCKADDR_STORAGE *out);
int ms_addr_len(const SOCKADDR_STORAGE *a);
/* A received datagram's source for lpFrom and lpFromlen (WSARecvFrom), which the caller checked
 * can hold it; nothing is written where it cannot. */
void ms_addr_to_user(const SOCKADDR_STORAGE *a, struct sockaddr *name, INT *len);
bool ms_addr_equal(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b);
USHORT ms_addr_port(const SOCKADDR_STORAGE *a);
void ms_addr_set_port(SOCKADDR_STORAGE *a, USHORT port);
void ms_addr_loopback(int af, USHORT port, SOCKADDR_STORAGE *out);
bool ms_addr_is_any(const SOCKADDR_STORAGE *a);
/* IPv4-mapped IPv6 addresses (::ffff:a.b.c.d), and the two ways between them and AF_INET,
 * port kept. */
bool ms_addr_is_v4mapped(const SOCKADDR_STORAGE *a);
void ms_addr_unmap(const SOCKADDR_STORAGE *mapped, SOCKADDR_STORAGE *out);
void ms_addr_map(const SOCKADDR_STORAGE *v4, SOCKADDR_STORAGE *out);

/* Per-thread last error (GetLastError and WSAGetLastError are one value, as on Windows). */
void ms_set_last_error(DWORD e);
DWORD ms_get_last_error(void);

#endif /* WFPCERT_KERNEL_H */
