/*
 * alert_calls.c: GetOverlappedResult, GetOverlappedResultEx and QueueUserAPC, the kernel32
 * side of overlapped results and alertable waits (learn.microsoft.com: "GetOverlappedResult
 * function", "GetOverlappedResultEx function", "QueueUserAPC function").
 *
 * Why a file of its own: WSAGetOverlappedResult answers in Winsock's codes through the
 * provider; these answer in Win32's (RtlNtStatusToDosError of the status in Internal, so a
 * reset connection is ERROR_NETNAME_DELETED) and wait the kernel32 ways: not at all
 * (ERROR_IO_INCOMPLETE), for dwMilliseconds (WAIT_TIMEOUT) or alertably (WAIT_IO_COMPLETION
 * once an APC ran).  A program that mixes both families must see each answer as on Windows.
 * QueueUserAPC queues to a thread the program started (its CreateThread handle) or to the
 * caller (GetCurrentThread); a thread that has ended takes no APC (ERROR_GEN_FAILURE).
 */
#include "../net/net.h"

static bool ov_done(void *arg) { return ((LPOVERLAPPED)arg)->Internal != (ULONG_PTR)(LONG_PTR)STATUS_PENDING; }

BOOL GetOverlappedResultEx(HANDLE file, LPOVERLAPPED ov, LPDWORD cb, DWORD ms, BOOL alertable) {
    (void)file; /* Windows reads the OVERLAPPED; the handle matters only to a wait with no hEvent */
    if (!ov || !cb || !ms_probe_write(ov, sizeof *ov) || !ms_probe_write(cb, sizeof *cb)) {
        ms_set_last_error(ERROR_NOACCESS); /* an access violation on Windows */
        return FALSE;
    }
    if (!ov_done(ov)) {
        if (ms == 0) {
            ms_set_last_error(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
        ms_world *w = ms_world_process();
        int r = 0;
        if (w) {
            ms_lock(w);
            r = ms_wait_until_alertable_locked(w, ov_done, ov, ms, alertable != 0);
            ms_unlock(w);
        }
        if (r != 1) {
            /* in virtual time an infinite wait nothing can end is a finding; the call answers
             * as for a wait that was not allowed to wait */
            ms_set_last_error(r == 2 ? WAIT_IO_COMPLETION : ms == INFINITE ? ERROR_IO_INCOMPLETE : WAIT_TIMEOUT);
            return FALSE;
        }
    }
    NTSTATUS st = (NTSTATUS)ov->Internal;
    *cb = (DWORD)ov->InternalHigh;
    if (MS_NT_SUCCESS(st) && st != STATUS_BUFFER_OVERFLOW) return TRUE;
    ms_set_last_error(ms_status_to_win32(st));
    return FALSE;
}

BOOL GetOverlappedResult(HANDLE file, LPOVERLAPPED ov, LPDWORD cb, BOOL wait) {
    return GetOverlappedResultEx(file, ov, cb, wait ? INFINITE : 0, FALSE);
}

DWORD QueueUserAPC(PAPCFUNC fn, HANDLE thread, ULONG_PTR data) {
    ms_world *w = ms_world_process();
    if (!w) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    if (!fn) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    uint64_t h = (uint64_t)(uintptr_t)thread;
    ms_lock(w);
    ms_thread_self_locked(w);
    ms_thread *t = ms_thread_from_handle_locked(w, h);
    if (!t) t = ms_thread_from_object_locked(w, h);
    DWORD err = 0;
    if (!t)
        err = ms_thread_object_state_locked(w, h) == 1 ? ERROR_GEN_FAILURE : ERROR_INVALID_HANDLE;
    else if (t->object && ms_thread_object_state_locked(w, t->object) == 1)
        err = ERROR_GEN_FAILURE; /* the thread's function has returned */
    else {
        ms_apc apc = {.kind = MS_APC_USER, .user_fn = fn, .user_ctx = data};
        if (ms_queue_apc_locked(w, t, &apc)) err = ERROR_NOT_ENOUGH_MEMORY;
    }
    ms_unlock(w);
    if (err) ms_set_last_error(err);
    return err ? 0 : 1;
}
