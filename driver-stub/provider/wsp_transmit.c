/*
 * wsp_transmit.c: TransmitFile, the Microsoft extension that sends a file's bytes, after a head
 * and before a tail from memory, on a connected stream socket (WSAID_TRANSMITFILE; mswsock.dll
 * also exports it, ws2/module_calls.c).
 *
 * Why: a server or a proxy that serves files hands them to the stack this way instead of reading
 * and sending them itself; without it such a program does not link against the model, or falls
 * back to another path than the one it takes on Windows.
 *
 * Behaviour, from learn.microsoft.com ("TransmitFile function", "TRANSMIT_FILE_BUFFERS") and, where
 * the page is silent or wrong, what Wine's ws2_32 tests record of Windows (facts, no code taken):
 *   order of the checks  not a socket: WSAENOTSOCK; not connected, a UDP socket included:
 *       WSAENOTCONN, before the flags are looked at (the tests: TF_REUSE_SOCKET on an unconnected
 *       TCP socket, and an unconnected UDP socket, both WSAENOTCONN); then the page's WSAEINVAL
 *       for a connected socket that is not a stream, for TF_REUSE_SOCKET without TF_DISCONNECT, for
 *       more than 2,147,483,646 bytes in all (head, tail and the file's part; with
 *       nNumberOfBytesToWrite 0 the rest of the file counts) and for an OVERLAPPED offset past the
 *       file's end; WSAESHUTDOWN after shutdown(SD_SEND); WSAEFAULT for a TRANSMIT_FILE_BUFFERS, a
 *       head, a tail or an OVERLAPPED that is not user memory.
 *   the model's choices  TF_REUSE_SOCKET with TF_DISCONNECT: WSAEOPNOTSUPP (the model does not
 *       reuse sockets, as for DisconnectEx); a flag the page does not list: WSAEINVAL; an hFile
 *       that is not a file: WSAENOTSOCK (the Winsock code of STATUS_INVALID_HANDLE, which Wine
 *       gives too); a file opened without read access: WSAEACCES; one that cannot seek (a pipe, a
 *       terminal): WSAEOPNOTSUPP (Wine's STATUS_NOT_IMPLEMENTED).  A failed check sends nothing.
 *   the bytes  the head, then the file from the OVERLAPPED's Offset/OffsetHigh or, without an
 *       OVERLAPPED, from the file pointer, then the tail; nNumberOfBytesToWrite 0 is the whole
 *       rest of the file, and a count past the end stops there.  Without an OVERLAPPED the file
 *       pointer ends after the bytes read (as Wine; no test on Windows looks); with one it does
 *       not move.  nNumberOfBytesPerSend sizes the reads (64 KiB when 0).  hFile NULL sends the
 *       head and the tail only; nothing at all is TRUE with nothing sent.
 *   completion  an overlapped call (an overlapped socket and an OVERLAPPED) is FALSE with
 *       WSA_IO_PENDING, as Wine's tests see on Windows for a small file; its completion carries
 *       head + file + tail bytes to the event, the completion port or WSAGetOverlappedResult, or
 *       the status of what stopped it.  Without one the call returns when the bytes are queued.
 *       The bytes go out in pieces, each waiting for room at the reader as a blocking send would
 *       (where nothing can make room, WSAENOBUFS as the model's blocking send); closesocket,
 *       SIO_FLUSH or CancelIoEx end an overlapped one between pieces (WSA_OPERATION_ABORTED).
 *   TF_DISCONNECT  once the bytes are queued the send side is shut, as DisconnectEx does: the
 *       peer reads to the end; the handle stays until closesocket.  TF_WRITE_BEHIND and the
 *       TF_USE_ worker hints change nothing here.
 */
#include "provider.h"
#include "../kernel/heap.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TF_MAX_BYTES 2147483646u
#define TF_PIECE_DEFAULT 65536u
#define TF_PIECE_MAX (1u << 20)
#define TF_REUSE 0x02u /* TF_REUSE_SOCKET, which the model's header leaves out */
#define TF_KNOWN (TF_DISCONNECT | TF_REUSE | TF_WRITE_BEHIND | TF_USE_SYSTEM_THREAD | TF_USE_KERNEL_APC)

static BOOL fail(int e) {
    ms_set_last_error((DWORD)e);
    return FALSE;
}

/* What the checks found, for the transfer that follows without the lock. */
typedef struct tf_plan {
    int fd; /* -1: no file */
    uint64_t at, left; /* where the file's part starts, and how much of it (to the end: UINT64_MAX) */
    bool move_pointer;
    DWORD piece;
    const char *head, *tail;
    DWORD head_len, tail_len;
} tf_plan;

static int check_file(ms_world *w, HANDLE file, DWORD n, LPOVERLAPPED ov, tf_plan *p) {
    p->fd = -1;
    if (!file) return 0;
    ms_file *f = ms_handle_get_locked(w, (uint64_t)(uintptr_t)file, MS_H_FILE);
    if (!f) return WSAENOTSOCK;
    if (!f->read) return WSAEACCES;
    struct stat st;
    off_t here = lseek(f->fd, 0, SEEK_CUR);
    if (here < 0 || fstat(f->fd, &st) || !S_ISREG(st.st_mode)) return WSAEOPNOTSUPP;
    uint64_t size = (uint64_t)st.st_size;
    p->at = ov ? ((uint64_t)ov->OffsetHigh << 32 | ov->Offset) : (uint64_t)here;
    if (p->at > size) {
        if (ov) return WSAEINVAL; /* the page: the offset is not within the file */
        p->at = size;
    }
    uint64_t rest = size - p->at;
    p->left = n ? n : rest;
    if ((n ? n : rest) + p->head_len + p->tail_len > TF_MAX_BYTES) return WSAEINVAL;
    p->fd = f->fd;
    p->move_pointer = ov == NULL;
    return 0;
}

static int check(ms_world *w, SOCKET s, HANDLE file, DWORD n, LPOVERLAPPED ov, LPTRANSMIT_FILE_BUFFERS tfb, DWORD flags,
                 tf_plan *p) {
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) return WSAENOTSOCK;
    if (sk->state != SK_CONNECTED) return WSAENOTCONN;
    if (sk->type != SOCK_STREAM) return WSAEINVAL;
    if ((flags & ~(DWORD)TF_KNOWN) || ((flags & TF_REUSE) && !(flags & TF_DISCONNECT))) return WSAEINVAL;
    if (flags & TF_REUSE) return WSAEOPNOTSUPP;
    if (sk->shut_send) return WSAESHUTDOWN;
    if (tfb) {
        if (!ms_probe_read(tfb, sizeof *tfb)) return WSAEFAULT;
        p->head = tfb->Head;
        p->head_len = tfb->HeadLength;
        p->tail = tfb->Tail;
        p->tail_len = tfb->TailLength;
        if ((p->head_len && !ms_probe_read(p->head, p->head_len)) ||
            (p->tail_len && !ms_probe_read(p->tail, p->tail_len)))
            return WSAEFAULT;
    }
    if (ov && !ms_probe_write(ov, sizeof *ov)) return WSAEFAULT;
    if ((uint64_t)n + p->head_len + p->tail_len > TF_MAX_BYTES) return WSAEINVAL;
    return check_file(w, file, n, ov, p);
}

/* The operation is still on its socket: closesocket, SIO_FLUSH and CancelIoEx take it off. */
static bool still_pending(const ms_socket *sk, const ms_op *op) {
    for (const ms_op *o = sk->ops_head; o; o = o->next)
        if (o == op) return true;
    return false;
}

typedef struct tf_room {
    ms_world *w;
    SOCKET s;
} tf_room;

static bool room_or_gone(void *arg) {
    tf_room *r = arg;
    ms_socket *sk = ms_socket_get_locked(r->w, r->s);
    return !sk || sk->state != SK_CONNECTED || ms_stream_send_room(sk);
}

/* len bytes of p on s, in order, waiting for room as a blocking send would. */
static int send_piece(ms_world *w, SOCKET s, ms_op *op, const char *p, DWORD len, DWORD *sent) {
    while (len) {
        ms_socket *sk = ms_socket_get_locked(w, s);
        if (!sk || (op && !still_pending(sk, op))) return WSA_OPERATION_ABORTED;
        WSABUF b = {len, (CHAR *)(uintptr_t)p};
        DWORD done = 0;
        int e = ms_stream_send_locked(w, sk, &b, 1, false, &done);
        if (e == WSAEWOULDBLOCK) {
            tf_room r = {w, s};
            if (!ms_wait_until_locked(w, room_or_gone, &r, INFINITE)) return WSAENOBUFS;
            continue;
        }
        if (e) return e;
        p += done;
        len -= done;
        *sent += done;
    }
    return 0;
}

/* Head, file, tail; called and returning with the lock held, which the file's reads let go. */
static int transfer(ms_world *w, SOCKET s, ms_op *op, tf_plan *p, DWORD *sent) {
    int e = send_piece(w, s, op, p->head, p->head_len, sent);
    if (e || p->fd < 0) return e ? e : send_piece(w, s, op, p->tail, p->tail_len, sent);
    char *buf = ms_malloc(p->piece);
    if (!buf) return WSAENOBUFS;
    while (!e && p->left) {
        size_t want = p->left < p->piece ? (size_t)p->left : p->piece;
        ms_unlock(w);
        ssize_t r;
        do r = pread(p->fd, buf, want, (off_t)p->at);
        while (r < 0 && errno == EINTR);
        ms_lock(w);
        if (r <= 0) {
            e = r < 0 ? WSAEINVAL : 0;
            break; /* the end of the file: a count past it stops there */
        }
        p->at += (uint64_t)r;
        p->left -= (uint64_t)r;
        e = send_piece(w, s, op, buf, (DWORD)r, sent);
    }
    ms_free(buf);
    if (p->move_pointer) lseek(p->fd, (off_t)p->at, SEEK_SET);
    return e ? e : send_piece(w, s, op, p->tail, p->tail_len, sent);
}

static NTSTATUS status_of(int e) {
    switch (e) {
    case 0:
        return STATUS_SUCCESS;
    case WSAECONNRESET:
        return STATUS_CONNECTION_RESET;
    case WSA_OPERATION_ABORTED:
        return STATUS_CANCELLED;
    case WSAENOTCONN:
        return STATUS_INVALID_CONNECTION;
    case WSAEFAULT:
        return STATUS_ACCESS_VIOLATION;
    case WSAENOBUFS:
        return STATUS_INSUFFICIENT_RESOURCES;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

BOOL PASCAL ms_transmitfile(SOCKET s, HANDLE file, DWORD n, DWORD per_send, LPOVERLAPPED ov,
                            LPTRANSMIT_FILE_BUFFERS tfb, DWORD flags) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    ms_lock(w);
    ms_thread_self_locked(w);
    tf_plan p = {.fd = -1, .piece = per_send ? (per_send < TF_PIECE_MAX ? per_send : TF_PIECE_MAX) : TF_PIECE_DEFAULT};
    int e = check(w, s, file, n, ov, tfb, flags, &p);
    ms_socket *sk = e ? NULL : ms_socket_get_locked(w, s);
    ms_op *op = NULL;
    if (sk && sk->overlapped && ov) {
        ms_ov_call c = {ov, NULL, NULL, true};
        if (!(op = ms_ov_start_locked(w, sk, OP_SEND, &c))) e = WSAENOBUFS;
    }
    if (e) {
        ms_unlock(w);
        return fail(e);
    }
    if (op) {
        ov->InternalHigh = 0;
        ms_op_pend_locked(w, op);
    }
    DWORD sent = 0;
    e = transfer(w, s, op, &p, &sent);
    sk = ms_socket_get_locked(w, s);
    if (!e && (flags & TF_DISCONNECT) && sk && sk->state == SK_CONNECTED) e = ms_socket_disconnect_locked(w, sk);
    if (op && sk && still_pending(sk, op)) ms_op_complete_locked(w, op, status_of(e), sent, 0);
    ms_unlock(w);
    if (op) return fail(WSA_IO_PENDING);
    return e ? fail(e) : TRUE;
}
