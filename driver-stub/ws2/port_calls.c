/*
 * port_calls.c: the completion-port calls a high-volume redirect service uses beside
 * GetQueuedCompletionStatus: GetQueuedCompletionStatusEx, CancelIoEx, CancelIo and
 * SetFileCompletionNotificationModes (issue 13 section 3).
 *
 * Why a file of its own: they act on the model's operations and ports as a whole (every
 * pending operation of a socket, a batch of packets, how a socket's completions are
 * notified), not on one Winsock call's parameters, and a proxy's correctness depends on
 * their exact contract: a packet for every pended operation, none for an immediate success
 * on a skip-on-success socket, exactly one completion for a cancelled operation.
 *
 * Behaviour, from learn.microsoft.com ("GetQueuedCompletionStatusEx function", "CancelIoEx
 * function", "CancelIo function", "SetFileCompletionNotificationModes function"):
 *   GetQueuedCompletionStatusEx  up to ulCount packets; TRUE when one or more were removed
 *       (a failed operation's packet included: its NTSTATUS is in Internal); FALSE with
 *       WAIT_TIMEOUT when none came in time; with fAlertable and no packet an alertable
 *       wait, which an APC ends (FALSE, WAIT_IO_COMPLETION).  The model's choices where the
 *       page names no error: ulCount 0 is ERROR_INVALID_PARAMETER, an unwritable array or
 *       count ERROR_NOACCESS, and *ulNumEntriesRemoved is 0 whenever FALSE is returned.
 *   CancelIoEx  "If this parameter is NULL, all I/O requests for the hFile parameter are
 *       canceled"; otherwise those started with that OVERLAPPED; "If this function cannot
 *       find a request to cancel, the return value is 0 (zero), and GetLastError returns
 *       ERROR_NOT_FOUND"; a cancelled operation ends with ERROR_OPERATION_ABORTED.
 *   CancelIo  only the requests the calling thread issued for the handle; the page names no
 *       ERROR_NOT_FOUND, and the model succeeds when there were none.
 *   SetFileCompletionNotificationModes  "after a mode has been set for a file handle, it
 *       cannot be removed"; bits other than the two modes are ERROR_INVALID_PARAMETER (the
 *       model's choice), a handle that is not a socket ERROR_INVALID_HANDLE.
 * On the model every operation completes (rather than being "marked" for cancelling) at the
 * cancel call, so the packet is queued before CancelIoEx returns; a thread waiting for it
 * sees it at its next wait.
 */
#include "../net/net.h"

static uint64_t H(HANDLE h) { return (uint64_t)(uintptr_t)h; }

static BOOL fail(DWORD e) {
    ms_set_last_error(e);
    return FALSE;
}

BOOL GetQueuedCompletionStatusEx(HANDLE port, LPOVERLAPPED_ENTRY entries, ULONG count, PULONG removed, DWORD timeout,
                                 BOOL alertable) {
    ms_world *w = ms_world_process(); /* kernel32: no WSAStartup needed */
    if (!w) return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (!count) return fail(ERROR_INVALID_PARAMETER);
    if (!removed || !ms_probe_write(removed, sizeof *removed) || !entries ||
        !ms_probe_write(entries, (size_t)count * sizeof *entries))
        return fail(ERROR_NOACCESS);
    *removed = 0;
    /* Up to count entries, as many as are queued: the first batch waits as asked, the next ones
     * take what is there already (64 at a time, the size of the local batch). */
    ms_packet batch[64];
    ULONG total = 0, n = 0;
    int r = ms_iocp_get_many(w, H(port), batch, count < 64 ? count : 64, &n, timeout, alertable != 0);
    if (r < 0) return fail(ERROR_INVALID_HANDLE);
    if (r == 2) return fail(WAIT_IO_COMPLETION);
    if (r == 0) return fail(WAIT_TIMEOUT);
    for (;;) {
        for (ULONG i = 0; i < n; i++)
            entries[total + i] =
                (OVERLAPPED_ENTRY){batch[i].key, batch[i].ov, (ULONG_PTR)(LONG_PTR)batch[i].status, batch[i].bytes};
        total += n;
        ULONG left = count - total;
        if (!left || ms_iocp_get_many(w, H(port), batch, left < 64 ? left : 64, &n, 0, false) != 1) break;
    }
    *removed = total;
    return TRUE;
}

static BOOL cancel(HANDLE file, LPOVERLAPPED ov, bool own_thread_only) {
    ms_world *w = ms_world_process(); /* kernel32: no WSAStartup needed */
    if (!w) return fail(ERROR_NOT_ENOUGH_MEMORY);
    ms_lock(w);
    ms_thread *self = ms_thread_self_locked(w);
    ms_socket *sk = ms_socket_get_locked(w, (SOCKET)(uintptr_t)file);
    size_t n = 0;
    if (sk) n = ms_socket_cancel_ops_locked(w, sk, ov, own_thread_only && self ? self->handle : 0);
    ms_unlock(w);
    if (!sk) return fail(ERROR_INVALID_HANDLE);
    if (!n && !own_thread_only) return fail(ERROR_NOT_FOUND);
    return TRUE;
}

BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped) { return cancel(hFile, lpOverlapped, false); }

BOOL CancelIo(HANDLE hFile) { return cancel(hFile, NULL, true); }

BOOL SetFileCompletionNotificationModes(HANDLE file, UCHAR flags) {
    ms_world *w = ms_world_process(); /* kernel32: no WSAStartup needed */
    if (!w) return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (flags & ~(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE))
        return fail(ERROR_INVALID_PARAMETER);
    ms_lock(w);
    ms_socket *sk = ms_socket_get_locked(w, (SOCKET)(uintptr_t)file);
    if (sk) sk->notify_modes |= flags;
    ms_unlock(w);
    return sk ? TRUE : fail(ERROR_INVALID_HANDLE);
}
