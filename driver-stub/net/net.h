/*
 * net.h: the model's transport (what AFD and TCP/IP are on Windows): socket objects and
 * their TCP/UDP state, the in-memory `sim` transport, operations that pend and complete,
 * and the IOCTL handlers.  The provider (driver-stub/provider) is the only caller; it does
 * the user-mode parameter checks and the overlapped bookkeeping that msafd does, and asks
 * this layer for kernel results: an NTSTATUS, an information count, or "pending".
 *
 * Transports: every socket has a transport vtable; `sim` is the default and the only one
 * the fuzzers use.  An `os` transport (real loopback sockets) plugs in through the same
 * table.
 */
#ifndef WFPCERT_NET_H
#define WFPCERT_NET_H

#include "../kernel/kernel.h"
#include "../wfp/wfp_stack.h"

typedef struct ms_socket ms_socket;
typedef struct ms_op ms_op;
typedef struct ms_os_sock ms_os_sock; /* os transport state (transport_glue.c); NULL on sim */
typedef struct ms_net ms_net;

/* A byte queue: a ring that grows by doubling.  Taking bytes from the front moves nothing
 * (a flat buffer memmoved its whole remainder after every read: quadratic when the reader
 * lags), and the bytes are read in at most two spans.  socket.c has the functions. */
typedef struct ms_bytes {
    uint8_t *buf;
    size_t cap, head, len; /* cap is 0 or a power of two */
} ms_bytes;
/* Appends n bytes from the given buffers, all or none: 1 when they would take the queue past max
 * bytes (nothing taken), -1 out of memory. */
int ms_bytes_put(ms_bytes *q, const WSABUF *bufs, DWORD n, size_t max);
/* SO_SNDBUF and SO_RCVBUF of a socket nobody set them on: the 64 KiB Windows reports. */
#define MS_DEFAULT_SOCKBUF 65536u
/* The contiguous bytes at offset off of the queue: a pointer and how many (0 past the end). */
size_t ms_bytes_span(const ms_bytes *q, size_t off, const uint8_t **p);
void ms_bytes_drop(ms_bytes *q, size_t n);
void ms_bytes_free(ms_bytes *q);

typedef enum {
    SK_FRESH,
    SK_BOUND,
    SK_LISTENING,
    SK_CONNECTING,
    SK_CONNECTED,
    SK_CLOSED,
} ms_sk_state;

typedef struct ms_dgram {
    uint8_t *data;
    size_t len;
    SOCKADDR_STORAGE from;
    ms_flow *flow; /* set on a flow-creating datagram a callout redirected */
    bool first_of_flow; /* carries the redirect control messages */
    struct ms_dgram *next;
} ms_dgram;

/* A UDP flow as the sender sees it: the original remote and where WFP sent it. */
typedef struct ms_udp_held {
    uint8_t *data;
    size_t len;
    struct ms_udp_held *next;
} ms_udp_held;
typedef struct ms_udp_route {
    SOCKADDR_STORAGE original;
    SOCKADDR_STORAGE actual;
    ms_flow *flow;
    bool blocked;
    bool flow_sent; /* the flow-creating datagram went out */
    /* A callout pended the flow's classify: its datagrams wait here, in order, until the
     * classify completes (then they go where it decided) or the socket closes. */
    bool pending;
    struct ms_socket *owner;
    ms_udp_held *held_head, *held_tail;
    struct ms_udp_route *next;
} ms_udp_route;
/* Frees a route (cancelling a classify still pended for it) and its held datagrams. */
void ms_udp_route_free_locked(ms_world *w, ms_udp_route *r);

/* How many options sockopt.c's table keeps per socket (each a DWORD or narrower). */
#define MS_OPT_DWORDS 12

struct ms_socket {
    uint64_t handle;
    int af, type, proto;
    bool overlapped;
    bool nonblocking;
    ms_sk_state state;
    bool has_local, has_remote;
    SOCKADDR_STORAGE local, remote;
    /* TCP */
    ms_socket *peer;
    ms_socket **backlog;
    size_t nbacklog, capbacklog;
    int backlog_max;
    /* The received stream (sim).  rxlen is the queue's length under the name the provider's
     * FIONREAD has always read; both structs have the same members, so either names them. */
    union {
        ms_bytes rxq;
        struct {
            uint8_t *rx_buf_;
            size_t rx_cap_, rx_head_, rxlen;
        };
    };
    bool rx_eof; /* the peer shut down its send side or closed */
    bool reset; /* the peer reset the connection (closed with unread data): receives fail */
    bool shut_send;
    bool shut_recv; /* shutdown(SD_RECEIVE or SD_BOTH): receives fail with WSAESHUTDOWN */
    /* A send was refused for room (the peer's queue, or on os the backlog, at its limit): the
     * socket is not writable (select, WSAPoll, FD_WRITE) until the reader takes some. */
    bool send_full;
    bool disconnected; /* DisconnectEx shut its send side (net/socket.c) */
    bool connect_pending; /* a pended classify holds the connect */
    int connect_error; /* WSA error of a failed non-blocking connect (SO_ERROR) */
    uint64_t connected_ms; /* the monotonic clock when a stream connected (SO_CONNECT_TIME) */
    ms_socket *connect_target; /* listener a pended connect goes to */
    /* UDP */
    ms_dgram *dq_head, *dq_tail;
    size_t dq_count;
    ms_udp_route *routes;
    bool opt_wfp_records, opt_wfp_context;
    bool opt_reuseaddr, opt_exclusive; /* SO_REUSEADDR, SO_EXCLUSIVEADDRUSE (sockopt.c) */
    DWORD opt_buf[2]; /* SO_SNDBUF, SO_RCVBUF as set (sockopt.c) */
    bool opt_buf_set[2];
    struct linger opt_linger; /* SO_LINGER as set, SO_DONTLINGER its l_onoff negated (sockopt.c) */
    DWORD opt_dword[MS_OPT_DWORDS]; /* the options of sockopt.c's table, as set */
    bool opt_dword_set[MS_OPT_DWORDS];
    /* SIO_UDP_CONNRESET turned off (on by default); a datagram sent to a loopback port no
     * socket holds left a port-unreachable report for the next receive (dgram.c). */
    bool udp_connreset_off;
    bool udp_unreachable;
    /* WFP */
    ms_flow *flow; /* the flow that produced this (accepted / proxy-side) socket */
    uint8_t *set_records; /* handed to SIO_SET / WSASendMsg: this is a proxy connection */
    size_t set_records_len;
    unsigned query_count; /* for the records_change fault */
    /* Overlapped */
    ms_op *ops_head, *ops_tail;
    uint64_t iocp;
    ULONG_PTR iocp_key;
    UCHAR notify_modes; /* SetFileCompletionNotificationModes: FILE_SKIP_* bits, never cleared */
    DWORD pid;
    ms_os_sock *os;
    /* ms_socket_service_locked is running (on os it lets go of the lock while it copies);
     * a second call meanwhile asks it to go round again instead of running beside it. */
    bool servicing, service_again;
    /* The port index (socket.c): sockets a bind or connect lookup can find, by local port. */
    ms_socket *port_next, *port_prev;
    USHORT port_key; /* the bucket it is in */
    /* AcceptEx/ConnectEx: connected, but getsockname, getpeername and shutdown wait for
     * SO_UPDATE_ACCEPT_CONTEXT / SO_UPDATE_CONNECT_CONTEXT (provider/wsp_ext.c). */
    bool context_unset;
    /* A connection in a listener's backlog: its listener, so that data reaching it can
     * complete an AcceptEx that waits for the first bytes (NULL once accepted). */
    ms_socket *backlog_of;
    /* An AcceptEx accepting into this socket: its listener's handle (0 for none), so that
     * closing this socket aborts that AcceptEx (socket.c). */
    uint64_t accepted_by;
    /* WSAEventSelect (ws2/event_select.c): the event, the events asked for, those recorded
     * and not yet enumerated, and the one-time ones already reported (FD_CONNECT, FD_WRITE,
     * FD_CLOSE).  es_held: the level-triggered ones (FD_READ, FD_OOB,
     * FD_ACCEPT) recorded and not re-enabled since by a receive or an accept. */
    uint64_t es_event;
    LONG es_mask, es_recorded, es_reported, es_held;
    bool port_indexed;
    bool owns_port; /* bound (not an accepted connection): stays indexed while connected */
    uint32_t bind_seq; /* the order of binds: of sockets sharing an address, the first bound is reached */
};

/* --------------------------------------------------------------- operations */
/* OP_ACCEPTEX waits on a listener for a connection (provider/wsp_ext.c); OP_CONNECT is the
 * pending connect of ConnectEx. */
typedef enum { OP_IOCTL, OP_RECV, OP_SEND, OP_RECVMSG, OP_CONNECT, OP_ACCEPTEX, OP_DISCONNECT } ms_op_kind;

struct ms_op {
    ms_op_kind kind;
    ms_socket *sk;
    LPWSAOVERLAPPED ov;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
    uint64_t event;
    /* Queues the completion routine for the initiating thread (set by the provider). */
    void (*queue_apc)(ms_world *w, ms_op *op, DWORD wsa_error, DWORD bytes, DWORD flags);
    /* The completion routine's APC, taken when the operation starts: a completion must never be
     * lost for want of memory, so a call that cannot have it fails with WSAENOBUFS at once. */
    struct ms_apc *apc;
    void *packet; /* the same for the completion port's packet (ms_iocp_reserve) */
    WSATHREADID thread; /* the initiating thread, copied */
    LPWSATHREADID thread_ptr; /* only the thread_id_not_copied fault reads through this */
    /* receive */
    WSABUF *bufs;
    DWORD nbufs;
    bool waitall; /* MSG_WAITALL: complete only when the buffers are full or the stream ends */
    DWORD got; /* what such a receive has taken so far */
    LPWSAMSG msg;
    struct sockaddr *from; /* WSARecvFrom's lpFrom and lpFromlen, checked when it started */
    LPINT fromlen;
    /* ioctl */
    DWORD code;
    void *out;
    DWORD cbout;
    bool user_mode; /* handled in user mode: immediate success reports 0 bytes (A21) */
    DWORD result_flags;
    /* AcceptEx: the socket that becomes the connection, and the output buffer's layout
     * (out = the buffer, cbout = the receive-data length) */
    uint64_t accept_handle;
    DWORD local_len, remote_len;
    bool linked;
    /* The thread that started it (CancelIo cancels only the caller's own). */
    uint64_t issuer;
    /* Set while the call that started the op is still running: a completion then is an
     * immediate one, which the call reports as success (0, TRUE) and which, on a socket with
     * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, queues no packet.  Cleared before the call returns. */
    struct ms_op_now *now;
    ms_op *next;
    /* Every live operation is also on its world's list (ms_net_ops), whoever holds it, so that
     * one no socket holds any more when the world ends is seen (net/socket.c net_destroy). */
    ms_op **live_head, *live_next, *live_prev;
};

/* What an immediate completion left for the call that started it (ms_op.now). */
typedef struct ms_op_now {
    bool done;
    NTSTATUS status;
    ULONG_PTR info;
    DWORD flags;
    /* Set by the call: an error (0xC...) now is its own return value and completes nothing
     * (no packet, event or routine; OVERLAPPED untouched), as an IRP that fails before it
     * pends.  Warnings such as STATUS_BUFFER_OVERFLOW still complete. */
    bool fails_at_once;
} ms_op_now;
/* Whether the call that started an op saw it succeed at once (and may report 0 or TRUE). */
#define MS_OP_NOW_SUCCESS(n) ((n).done && MS_NT_SUCCESS((n).status) && (n).status != STATUS_BUFFER_OVERFLOW)

ms_op *ms_op_new(ms_world *w, ms_op_kind kind, ms_socket *sk);
void ms_op_free(ms_op *op);
/* The head of the world's list of live operations (NULL before its first socket). */
ms_op **ms_net_ops(ms_world *w);
/* Keeps op on its socket until completion or abort. */
void ms_op_pend_locked(ms_world *w, ms_op *op);
/* Delivers a completion: OVERLAPPED Internal/InternalHigh, the event, the completion port
 * packet (the Win32 view) or the completion routine (the WSA view); frees the op. */
void ms_op_complete_locked(ms_world *w, ms_op *op, NTSTATUS status, ULONG_PTR info, DWORD flags);
/* The status views of this world's profile. */
const ms_status_views *ms_net_views(ms_world *w);
/* Aborts every pending op of the socket with STATUS_CANCELLED (closesocket, SIO_FLUSH). */
void ms_socket_abort_ops_locked(ms_world *w, ms_socket *sk);
/* CancelIoEx/CancelIo: completes with STATUS_CANCELLED the pending ops of sk started with ov
 * (any when NULL) by thread issuer (any when 0); returns how many. */
size_t ms_socket_cancel_ops_locked(ms_world *w, ms_socket *sk, LPOVERLAPPED ov, uint64_t issuer);
/* Completion for an op with no queued notification but the OVERLAPPED writes (immediate
 * success with a port or routine still gets a packet / APC, A21). */

/* ------------------------------------------------------------------ sockets */
ms_net *ms_net_get(ms_world *w); /* creates the per-world state on first use */
/* Process identity (A84): every socket belongs to the process current when it was created;
 * an accepted socket to its listener's.  MS_PID_SELF is the caller's own process, the one a
 * case and its proxies run as; the model target opens its "application" clients as
 * MS_PID_CLIENT.  Returns the process that was current. */
#define MS_PID_SELF 4242u
/* MS_PID_SELF's image path, the one its ALE_APP_ID is made from (GetModuleFileName answers it). */
const char *ms_process_self_image(void);
#define MS_PID_CLIENT 4141u
DWORD ms_net_set_process(ms_world *w, DWORD pid);
/* Sockets the calling thread creates in w belong to pid from now on (0: the current process
 * again), whatever ms_net_set_process says. */
void ms_net_set_thread_process(ms_world *w, DWORD pid);
DWORD ms_net_process(ms_world *w); /* the current one */

/* The processes sockets belong to (process.c): a PID, an image path as the application id a
 * classify sees (ALE_APP_ID, PROCESS_PATH) and a token's elevation (SIO_SET, A54). */
#define MS_MAX_PROCESSES 32
typedef struct ms_processes ms_processes;
ms_processes *ms_processes_new(void); /* with MS_PID_SELF and MS_PID_CLIENT */
void ms_processes_free(ms_processes *ps);
ms_processes *ms_net_processes(ms_world *w);
/* The application id of an image path ("C:\dir\x.exe" or "\device\..."): its length in
 * *len and, when out is set and cap suffices, its bytes; -1 for a path the model cannot take. */
int ms_app_id_from_path(const char *path, uint8_t *out, size_t cap, size_t *len);
/* A new process; returns a WSA error (WSAEINVAL: the path) or 0 with its PID. */
int ms_process_create(ms_processes *ps, const char *image_path, bool elevated, DWORD *pid);
bool ms_process_exists(const ms_processes *ps, DWORD pid);
const uint8_t *ms_process_app_id(const ms_processes *ps, DWORD pid, size_t *len);
/* Its token's elevation; the two built-in processes have the caller's privilege. */
bool ms_process_elevated(const ms_processes *ps, DWORD pid, bool caller_privilege);
/* The address a socket of family af sends from towards remote (the source address Windows
 * picks for a socket bound to the wildcard address), with the given port. */
void ms_net_source_address(int af, const SOCKADDR_STORAGE *remote, USHORT port, SOCKADDR_STORAGE *out);
/* The sim host's name (gethostname), which getaddrinfo and gethostbyname resolve, without
 * regard to case as DNS names compare, to its address of each family: those
 * ms_net_source_address gives for a remote address that is not loopback. */
#define MS_HOST_NAME "wfpcert-host"
ms_socket *ms_socket_get_locked(ms_world *w, SOCKET s);
/* A socket of a catalogue entry's triple (ms_protocol_resolve); returns a WSA error. */
int ms_socket_create_locked(ms_world *w, int af, int type, int proto, bool overlapped, ms_socket **out);
int ms_socket_close_locked(ms_world *w, ms_socket *sk);
/* The last WSACleanup of process pid: each of its sockets closed as closesocket closes it
 * (pending operations aborted). */
void ms_net_reset_process_locked(ms_world *w, DWORD pid);
int ms_socket_bind_locked(ms_world *w, ms_socket *sk, const SOCKADDR_STORAGE *addr);
int ms_socket_listen_locked(ms_world *w, ms_socket *sk, int backlog);
int ms_socket_connect_locked(ms_world *w, ms_socket *sk, const SOCKADDR_STORAGE *addr);
/* The UDP socket a datagram to addr reaches (exact address first, then the wildcard one),
 * found through the port index rather than a scan of every socket. */
ms_socket *ms_dgram_find_bound_locked(ms_world *w, const SOCKADDR_STORAGE *addr);
int ms_socket_accept_locked(ms_world *w, ms_socket *sk, ms_socket **out);
/* What a socket accept returns takes from its listener (socket.c): its WSAEventSelect selection,
 * non-blocking mode and options; an AcceptEx socket takes them at SO_UPDATE_ACCEPT_CONTEXT. */
void ms_socket_inherit(ms_socket *to, const ms_socket *listener);
int ms_socket_shutdown_locked(ms_world *w, ms_socket *sk, int how);
/* The monotonic clock in milliseconds (SO_CONNECT_TIME counts from it). */
uint64_t ms_net_clock_ms(void);
/* A bind of second to an address first holds (the same, or one of them the wildcard address):
 * 0, WSAEADDRINUSE or WSAEACCES, by their SO_REUSEADDR and SO_EXCLUSIVEADDRUSE (share.c). */
int ms_bind_share(const ms_socket *second, bool second_wild, const ms_socket *first, bool first_wild);
/* Data queued or arriving on a TCP socket whose receive side is shut: the connection resets. */
void ms_socket_refuse_data_locked(ms_world *w, ms_socket *sk);
/* DisconnectEx's close: shut for sending, the connection dropped from both ends (sim). */
int ms_socket_disconnect_locked(ms_world *w, ms_socket *sk);
bool ms_socket_accept_ready(ms_socket *sk);
bool ms_socket_recv_ready(ms_socket *sk);
/* A connected stream socket's receive side, as readiness calls (select, WSAPoll, event select,
 * a blocking receive's wait) must see it.  On the os transport the kernel holds the bytes and
 * the end of the stream: the model's rx_eof says only that the peer closed or shut down, while
 * its last bytes may still be lingering in its backlog (transport_glue.c), so the kernel is
 * asked.  A wait that called the socket ready while the receive still pends would spin with
 * the world lock held, and the poller that moves those bytes would never get it.
 * readable: a receive would return now (bytes, the end or an error);
 * ended: the peer has ended the stream, and with drained nothing before the end is left. */
bool ms_stream_readable(const ms_socket *sk);
bool ms_stream_ended(const ms_socket *sk, bool drained);
/* A connected stream socket's send side has room: its last send was not refused for want of it,
 * or the reader has taken bytes since (select's writefds, WSAPoll's POLLWRNORM, FD_WRITE). */
bool ms_stream_send_room(const ms_socket *sk);
/* Completes pending receives that can now make progress (data, end of stream, close). */
void ms_socket_service_locked(ms_world *w, ms_socket *sk);

/* Data: returns a WSA error or 0; *done bytes.  WSA_IO_PENDING means "nothing yet". */
/* WSAEWOULDBLOCK when the bytes would take the peer's queue (os: the backlog) past its limit:
 * nothing is taken, and the provider answers that or WSAENOBUFS as the call's mode asks. */
/* sized: a nonblocking call, which the room a program's SO_RCVBUF and SO_SNDBUF asked for may
 * refuse (WSAEWOULDBLOCK); a blocking or overlapped send, which the model never makes wait,
 * gets the model's own limit instead (socket.c stream_room). */
int ms_stream_send_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool sized, DWORD *done);
int ms_stream_recv_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool peek, DWORD *done);
/* The same with MSG_WAITALL (io.c): into bufs past the *got bytes already taken; WSA_IO_PENDING
 * until they are full or the stream has ended. */
int ms_stream_recv_all_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, DWORD *got);
int ms_dgram_send_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, const SOCKADDR_STORAGE *to,
                         const uint8_t *records, size_t records_len, DWORD *done);
/* Receives one datagram into msg (buffers, name, control).  Returns an NTSTATUS:
 * SUCCESS, BUFFER_OVERFLOW (truncated data or control; flags say which) or
 * DEVICE_NOT_READY when nothing is queued. */
NTSTATUS ms_dgram_recv_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, SOCKADDR_STORAGE *from,
                              void *control, ULONG control_len, ULONG *control_used, DWORD *bytes, DWORD *flags,
                              bool peek);

/* Socket options (WSA error or 0). */
int ms_socket_setopt_locked(ms_world *w, ms_socket *sk, int level, int name, const char *val, int len);
int ms_socket_getopt_locked(ms_world *w, ms_socket *sk, int level, int name, char *val, int *len);
/* The protocol catalogue (protocols.c): MS_PROTOCOLS entries, the ith as WSAEnumProtocols gives
 * it; the A form of an entry; the entry of a socket's triple or catalogue id (-1: none); and
 * the triple WSASocket makes from its arguments and optional protocol info (a WSA error or 0). */
#define MS_PROTOCOLS 4
void ms_protocol_entry(int i, WSAPROTOCOL_INFOW *out);
void ms_protocol_info_a(const WSAPROTOCOL_INFOW *w, WSAPROTOCOL_INFOA *a);
int ms_protocol_of(int af, int type, int proto);
int ms_protocol_by_id(DWORD id);
int ms_protocol_resolve(int *af, int *type, int *proto, const WSAPROTOCOL_INFOW *info);
/* The services file (ws2/classic_calls.c): the port of a service name for proto ("tcp", "udp"
 * or NULL for either), -1 when the file has none. */
int ms_service_port(const char *name, const char *proto);
/* The wait a blocking receive may make: SO_RCVTIMEO in milliseconds, INFINITE when unset or 0. */
DWORD ms_socket_recv_timeout(const ms_socket *sk);
/* Dual-stack sockets ("Dual-Stack Sockets for IPv6 Winsock Applications"): an AF_INET6 socket
 * whose IPV6_V6ONLY was set to 0 before it was bound also carries IPv4 traffic.  Inside the
 * model that traffic's addresses are AF_INET (a dual-stack socket's local and remote, its
 * datagrams' sources, the classify at the V4 layers); a program sees them as IPv4-mapped IPv6
 * addresses.  ms_socket_addr_in turns an address a program gave into the model's form (an
 * IPv4-mapped one into AF_INET on a dual-stack socket; a WSA error when the socket's bound
 * address is of the other family), ms_socket_addr_out the model's into the program's. */
bool ms_socket_dual_stack(const ms_socket *sk);
int ms_socket_addr_in(const ms_socket *sk, SOCKADDR_STORAGE *a);
void ms_socket_addr_out(const ms_socket *sk, const SOCKADDR_STORAGE *in, SOCKADDR_STORAGE *out);
/* SIO_KEEPALIVE_VALS: SO_KEEPALIVE, and TCP_KEEPIDLE and TCP_KEEPINTVL from milliseconds. */
void ms_socket_keepalive_set(ms_socket *sk, ULONG onoff, ULONG time_ms, ULONG interval_ms);

/* AcceptEx (provider/wsp_ext.c): completes the AcceptEx operations a listener has pending
 * that its backlog can now serve. */
void ms_acceptex_service_locked(ms_world *w, ms_socket *listener);

/* WSAEventSelect (ws2/event_select.c): records what of the asked-for network events holds now
 * and signals the socket's event; called wherever one of them can start to hold. */
void ms_event_select_check_locked(ms_world *w, ms_socket *sk);
/* A receive (FD_READ, FD_OOB) or an accept (FD_ACCEPT) re-enables its events: recorded again if
 * their condition holds after the call. */
void ms_event_select_reenable_locked(ms_world *w, ms_socket *sk, LONG events);

/* ConnectEx (provider/wsp_ext.c): completes the socket's ConnectEx once its connect settled. */
void ms_connectex_settle_locked(ms_world *w, ms_socket *sk);

/* ----------------------------------------------------------------- IOCTLs */
/* The kernel side of an IOCTL.  The input buffer is already probed and copied; out is the
 * caller's buffer (probed by the handler once it knows how much it will write). */
typedef struct ms_ioctl_result {
    NTSTATUS status;
    ULONG_PTR info;
    bool pending; /* left pending: the op will be completed later */
    bool deferred; /* completes at the next defined point (knob ioctl_completion=deferred) */
    bool size_untouched; /* leave *lpcbBytesReturned as it was */
    bool at_once; /* a bad argument, failed before anything is queued whatever ov_failure says (A23) */
} ms_ioctl_result;
void ms_ioctl_locked(ms_world *w, ms_socket *sk, DWORD code, const void *in, DWORD cbin, void *out, DWORD cbout,
                     bool overlapped, ms_ioctl_result *r);
/* The suite's observer of a vendor's proxy (watch.c; wt_model_watch in target_model.h). */
typedef enum {
    MS_WATCH_QUERY_RECORDS,
    MS_WATCH_QUERY_CONTEXT,
    MS_WATCH_SET_RECORDS,
    MS_WATCH_CONNECT,
    MS_WATCH_CLOSE,
    MS_WATCH_RECV_RECORDS, /* a receive delivered the redirect control messages (UDP) */
    MS_WATCH_RECV_CONTEXT,
    MS_WATCH_SEND_RECORDS /* a WSASendMsg handed IP_WFP_REDIRECT_RECORDS on (UDP's SET) */
} ms_watch_kind;
typedef struct ms_watch_event {
    ms_watch_kind kind;
    SOCKET s;
    int ok;
    const void *bytes;
    ULONG len;
    SOCKADDR_STORAGE local, remote;
    int error; /* the WSA error of a failed SET or connect */
    int issued_same; /* QUERY: 1 the bytes are the ones the stack issued for the socket's flow */
    DWORD pid; /* the socket's process */
} ms_watch_event;
typedef void (*ms_watch_fn)(void *ctx, const ms_watch_event *ev);
void ms_watch_set(ms_world *w, ms_watch_fn fn, void *ctx);
void ms_watch_ioctl_locked(ms_world *w, ms_socket *sk, DWORD code, const void *in, DWORD cbin, const void *out,
                           const ms_ioctl_result *r);
void ms_watch_connect_locked(ms_world *w, ms_socket *sk, int error);
void ms_watch_close_locked(ms_world *w, ms_socket *sk);
/* A datagram's redirect control message: received (RECV_*, peer the sender, issued_same as
 * compared by the caller) or handed to WSASendMsg (SEND_RECORDS, peer the destination, error
 * the send's). */
void ms_watch_dgram_locked(ms_world *w, ms_socket *sk, ms_watch_kind kind, int error, const void *bytes, size_t len,
                           const SOCKADDR_STORAGE *peer, int issued_same);
/* Codes that the user-mode provider answers itself (FIONBIO, FIONREAD, SIOCATMARK). */
bool ms_ioctl_is_user_mode(DWORD code);

/* ---------------------------------------------- the os transport (transport_glue.c) */
/* Per world: "sim" (default) or "os": sockets made afterwards carry their bytes over real
 * loopback sockets; state, addresses and WFP stay in the model.  -1 for another name. */
int ms_net_set_transport(ms_world *w, const char *name);
const char *ms_net_transport(ms_world *w); /* "sim" or "os" */
/* The hooks socket.c and dgram.c call for a socket whose os is set (WSA error or 0). */
int ms_os_attach_locked(ms_world *w, ms_socket *sk);
void ms_os_detach_locked(ms_world *w, ms_socket *sk);
int ms_os_listen_locked(ms_world *w, ms_socket *sk);
int ms_os_connect_locked(ms_world *w, ms_socket *client, ms_socket *listener, ms_os_sock **accepted);
void ms_os_adopt_locked(ms_world *w, ms_socket *srv, ms_os_sock *o);
void ms_os_shutdown_locked(ms_world *w, ms_socket *sk);
void ms_os_set_buffer(ms_socket *sk, bool receive, DWORD bytes); /* SO_SNDBUF, SO_RCVBUF */
bool ms_os_readable(const ms_socket *sk);
bool ms_os_peer_ended(const ms_socket *sk, bool drained);
/* Bytes received and not read: in the kernel, or still in the peer's backlog on their way. */
bool ms_os_unread(const ms_socket *sk);
/* FIONREAD of a stream: the bytes the kernel holds for it (a receive takes at least these). */
size_t ms_os_unread_bytes(const ms_socket *sk);
/* Before an abortive close: the unsent backlog goes, and the kernel socket will reset. */
void ms_os_abort_locked(ms_socket *sk);
bool ms_os_send_room(const ms_socket *sk);
/* Waits (letting go of the lock) until no thread is copying to or from this socket's kernel
 * socket: close and SIO_FLUSH call it before they complete or free any operation. */
void ms_os_quiesce_locked(ms_world *w, ms_socket *sk);
int ms_os_stream_send_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool sized, DWORD *done);
int ms_os_stream_recv_locked(ms_world *w, ms_socket *sk, const WSABUF *bufs, DWORD n, bool peek, DWORD *done);
/* true when the datagram went to the kernel (d then belongs to the transport). */
bool ms_os_dgram_send_locked(ms_world *w, ms_socket *from, ms_socket *to, ms_dgram *d);
void ms_os_dgram_pull_locked(ms_world *w, ms_socket *sk);
/* World teardown: stop the poller (without the world lock), then free the rest. */
void ms_os_world_stop(ms_world *w);
void ms_os_world_end(ms_world *w);
/* true once the world has had the os transport switched on (its state then includes real sockets). */
bool ms_os_in_use(ms_world *w);
/* true when some socket has an operation pending (it names user memory). */
bool ms_net_pending_locked(ms_world *w);

#endif
