/*
 * overlapped.c: what every overlapped call of the provider shares: checking the OVERLAPPED,
 * the completion routine and the thread id, starting an operation (Internal = STATUS_PENDING,
 * the event reset, SDK-GOR "the function that starts the I/O resets hEvent"), and handing a
 * completion routine to the initiating thread through WPUQueueApc with the provider's own
 * APC, because WPUQueueApc carries only one context value (SDK-WSPIOCTL).
 */
#include "provider.h"
#include "../kernel/heap.h"

#include <stdlib.h>

ms_world *ms_provider_enter(LPINT err) {
    ms_world *w = ms_world_winsock();
    if (!w) {
        if (err && ms_probe_write(err, sizeof *err)) *err = WSANOTINITIALISED;
        return NULL;
    }
    ms_lock(w);
    return w;
}

void ms_provider_error(ms_world *w, LPINT err, int code) {
    if (ms_fault_on(w, MS_FAULT_WSP_NO_ERRNO)) return;
    if (err && ms_probe_write(err, sizeof *err)) *err = code;
}

int ms_ov_check(ms_world *w, ms_socket *sk, ms_ov_call *c) {
    (void)w;
    /* A32: a socket without the overlapped attribute ignores lpOverlapped; the call blocks. */
    c->overlapped = sk->overlapped && c->ov != NULL;
    if (!c->overlapped) return 0;
    if (!ms_probe_write(c->ov, sizeof *c->ov)) return WSAEFAULT;
    if (c->cr && !ms_probe_read((const void *)c->cr, 1)) return WSAEFAULT;
    if (c->cr && (!c->tid || !ms_probe_read(c->tid, sizeof *c->tid))) return WSAEFAULT;
    return 0;
}

static int queue_user_apc_locked(ms_world *w, LPWSATHREADID tid, LPWSAUSERAPC fn, DWORD_PTR ctx,
                                 void (*drop)(DWORD_PTR)) {
    if (!tid || !ms_probe_read(tid, sizeof *tid)) return WSAEFAULT;
    ms_thread *t = ms_thread_from_handle_locked(w, (uint64_t)(uintptr_t)tid->ThreadHandle);
    if (!t) return WSAEFAULT;
    ms_apc apc = {.kind = MS_APC_USER, .user_fn = fn, .user_ctx = ctx, .drop = drop};
    return ms_queue_apc_locked(w, t, &apc) ? WSAENOBUFS : 0;
}

/* The routine's APC goes to the initiating thread in the node taken when the operation
 * started; a thread that is gone gets nothing, as on Windows. */
static void queue_completion(ms_world *w, ms_op *op, DWORD error, DWORD bytes, DWORD flags) {
    /* A second notification (only the double_completion fault makes one) needs a node of its
     * own, so that the fault shows through the routine too. */
    ms_apc *a = op->apc ? op->apc : ms_malloc(sizeof *a);
    if (!a) return;
    op->apc = NULL;
    *a = (ms_apc){.kind = MS_APC_COMPLETION,
                  .routine = op->routine,
                  .error = error,
                  .bytes = bytes,
                  .flags = flags,
                  .ov = op->ov};
    LPWSATHREADID tid = ms_fault_on(w, MS_FAULT_THREAD_ID_NOT_COPIED) ? op->thread_ptr : &op->thread;
    ms_thread *t = tid && ms_probe_read(tid, sizeof *tid)
                       ? ms_thread_from_handle_locked(w, (uint64_t)(uintptr_t)tid->ThreadHandle)
                       : NULL;
    if (t)
        ms_queue_apc_node_locked(w, t, a);
    else
        ms_free(a);
}

int WPUQueueApc(LPWSATHREADID lpThreadId, LPWSAUSERAPC lpfnUserApc, DWORD_PTR dwContext, LPINT lpErrno) {
    ms_world *w = ms_provider_enter(lpErrno);
    if (!w) return SOCKET_ERROR;
    int e = lpfnUserApc ? queue_user_apc_locked(w, lpThreadId, lpfnUserApc, dwContext, NULL) : WSAEFAULT;
    if (e) ms_provider_error(w, lpErrno, e);
    ms_unlock(w);
    return e ? SOCKET_ERROR : 0;
}

ms_op *ms_ov_start_locked(ms_world *w, ms_socket *sk, ms_op_kind kind, const ms_ov_call *c) {
    ms_op *op = ms_op_new(w, kind, sk);
    if (!op) return NULL;
    /* What the completion will need is taken now: an operation that pends must complete. */
    bool to_port = !c->cr && sk->iocp && !((uintptr_t)c->ov->hEvent & 1);
    if ((c->cr && !(op->apc = ms_calloc(1, sizeof *op->apc))) || (to_port && !(op->packet = ms_iocp_reserve()))) {
        ms_op_free(op);
        return NULL; /* the caller answers WSAENOBUFS */
    }
    op->ov = c->ov;
    op->routine = c->cr;
    op->queue_apc = queue_completion;
    ms_thread *me = ms_thread_self_locked(w);
    op->issuer = me ? me->handle : 0; /* CancelIo cancels the calling thread's operations */
    if (c->tid) {
        op->thread = *c->tid; /* A31: the structure is copied, not the pointer */
        op->thread_ptr = c->tid;
    }
    /* With a completion routine hEvent is the application's (SDK-WSAIOCTL). */
    op->event = c->cr ? 0 : (uint64_t)(uintptr_t)c->ov->hEvent;
    c->ov->Internal = (ULONG_PTR)(LONG_PTR)STATUS_PENDING;
    if (op->event) ms_event_set_locked(w, op->event, false);
    return op;
}
