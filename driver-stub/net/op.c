/*
 * op.c: operations that outlive the call that started them (what an IRP is on Windows),
 * and how their completion reaches the caller.  One completion writes the OVERLAPPED
 * (Internal = the NTSTATUS, InternalHigh = the byte count) and then notifies in exactly
 * one way: the completion routine (as an APC, WSA view of the status), or a completion
 * port packet (the status itself; GetQueuedCompletionStatus shows the Win32 view) plus the
 * event.  SDK-WSAIOCTL; SEMANTICS 8.2.
 */
#include "net.h"
#include "../kernel/heap.h"

#include <stdlib.h>

ms_op *ms_op_new(ms_world *w, ms_op_kind kind, ms_socket *sk) {
    ms_op *op = ms_calloc(1, sizeof *op);
    if (!op) return NULL;
    op->kind = kind;
    op->sk = sk;
    op->live_head = ms_net_ops(w);
    if (op->live_head) {
        op->live_next = *op->live_head;
        if (op->live_next) op->live_next->live_prev = op;
        *op->live_head = op;
    }
    return op;
}

void ms_op_free(ms_op *op) {
    if (!op) return;
    if (op->live_prev)
        op->live_prev->live_next = op->live_next;
    else if (op->live_head)
        *op->live_head = op->live_next;
    if (op->live_next) op->live_next->live_prev = op->live_prev;
    ms_free(op->bufs);
    ms_free(op->apc);
    ms_free(op->packet);
    ms_free(op);
}

void ms_op_pend_locked(ms_world *w, ms_op *op) {
    (void)w;
    ms_socket *sk = op->sk;
    op->next = NULL;
    if (sk->ops_tail)
        sk->ops_tail->next = op;
    else
        sk->ops_head = op;
    sk->ops_tail = op;
    op->linked = true;
}

static void unlink_op(ms_op *op) {
    ms_socket *sk = op->sk;
    if (!op->linked || !sk) return;
    ms_op **pp = &sk->ops_head, *prev = NULL;
    while (*pp && *pp != op) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (*pp) {
        *pp = op->next;
        if (sk->ops_tail == op) sk->ops_tail = prev;
    }
    op->linked = false;
}

static void notify(ms_world *w, ms_op *op, NTSTATUS status, ULONG_PTR info, DWORD flags) {
    if (op->routine) {
        op->queue_apc(w, op, (DWORD)ms_status_to_wsa(ms_net_views(w), status), (DWORD)info, flags);
        return;
    }
    ms_socket *sk = op->sk;
    /* The low bit of hEvent asks for no completion-port packet (SDK GetQueuedCompletionStatus).
     * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: a request that "returns success immediately
     * without returning ERROR_PENDING" queues none either (SetFileCompletionNotificationModes
     * page); the event is still set.  A warning (STATUS_BUFFER_OVERFLOW) is not a success. */
    bool skip = op->now && MS_NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW && sk &&
                (sk->notify_modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    if (sk && sk->iocp && !(op->event & 1) && !skip) {
        if (op->packet) /* taken when the operation started */
            ms_iocp_post_reserved_locked(w, sk->iocp, op->packet, (DWORD)info, sk->iocp_key, op->ov, status);
        else
            ms_iocp_post_locked(w, sk->iocp, (DWORD)info, sk->iocp_key, op->ov, status);
        op->packet = NULL;
    }
    if (op->event && !ms_fault_on(w, MS_FAULT_EVENT_NOT_SIGNALED)) ms_event_set_locked(w, op->event, true);
}

void ms_op_complete_locked(ms_world *w, ms_op *op, NTSTATUS status, ULONG_PTR info, DWORD flags) {
    /* An error status (0xC...) completes with no byte count: Windows showed InternalHigh, the
     * port's count and the routine's cbTransferred all 0 for STATUS_BUFFER_TOO_SMALL and
     * STATUS_NOT_SUPPORTED (SEMANTICS 4.1: A18, A24), even where the synchronous call reports
     * a required size.  A warning such as STATUS_BUFFER_OVERFLOW keeps its count (A64). */
    if (MS_NT_ERROR(status)) info = 0;
    bool at_once = false; /* a failure the starting call returns itself: nothing completes */
    if (op->now) {
        at_once = op->now->fails_at_once && MS_NT_ERROR(status);
        *op->now = (ms_op_now){true, status, info, flags, op->now->fails_at_once};
    }
    unlink_op(op);
    ms_defer_cancel_locked(w, op);
    if (op->ov && !at_once && !ms_fault_on(w, MS_FAULT_INTERNAL_NOT_WRITTEN)) {
        op->ov->Internal = (ULONG_PTR)(LONG_PTR)status; /* sign-extended, as Wine's tests see it on x64 */
        op->ov->InternalHigh = info;
    }
    if (!at_once) notify(w, op, status, info, flags);
    if (!at_once && ms_fault_on(w, MS_FAULT_DOUBLE_COMPLETION)) notify(w, op, status, info, flags);
    ms_wake_locked(w);
    ms_op_free(op);
}

void ms_socket_abort_ops_locked(ms_world *w, ms_socket *sk) {
    ms_os_quiesce_locked(w, sk); /* no receive is still copying into one of these */
    while (sk->ops_head) ms_op_complete_locked(w, sk->ops_head, STATUS_CANCELLED, 0, 0);
}

/* CancelIoEx and CancelIo (learn.microsoft.com "CancelIoEx function": the cancelled operation
 * completes with ERROR_OPERATION_ABORTED, and "for asynchronous operations still pending, the
 * cancel operation queues an I/O completion packet").  Each op completes once: completion
 * takes it off the list and drops its deferred work, so nothing can complete it again. */
size_t ms_socket_cancel_ops_locked(ms_world *w, ms_socket *sk, LPOVERLAPPED ov, uint64_t issuer) {
    ms_os_quiesce_locked(w, sk); /* no receive is still copying into one of these */
    size_t n = 0;
    for (ms_op *op = sk->ops_head; op;) {
        if ((ov && op->ov != ov) || (issuer && op->issuer != issuer)) {
            op = op->next;
            continue;
        }
        ms_op_complete_locked(w, op, STATUS_CANCELLED, 0, 0);
        n++;
        op = sk->ops_head; /* the list changed under us */
    }
    return n;
}
