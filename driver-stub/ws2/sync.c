/*
 * sync.c: events, waits, alertable sleeps and completion ports as the application sees
 * them (WSACreateEvent ... WSAWaitForMultipleEvents, SleepEx, CreateIoCompletionPort,
 * GetQueuedCompletionStatus, PostQueuedCompletionStatus, CloseHandle).  A handle of
 * another world, a closed handle or a value that never was a handle fails with
 * WSA_INVALID_HANDLE / ERROR_INVALID_HANDLE instead of crashing.
 */
#include "../net/net.h"
#include "waitable_timer.h"

#include <string.h>

/* Events, waits and ports are kernel32's, which needs no WSAStartup: the current world, or the
 * program's own (kernel.h). */
static ms_world *world(void) {
    ms_world *w = ms_world_process();
    if (!w) ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return w;
}

static ms_world *enter(void) {
    ms_world *w = world();
    if (!w) return NULL;
    ms_lock(w);
    ms_thread_self_locked(w);
    return w;
}

static uint64_t H(HANDLE h) { return (uint64_t)(uintptr_t)h; }

WSAEVENT WSACreateEvent(void) {
    ms_world *w = enter();
    if (!w) return WSA_INVALID_EVENT;
    uint64_t h = ms_event_create_locked(w);
    ms_unlock(w);
    if (!h) ms_set_last_error(WSA_NOT_ENOUGH_MEMORY);
    return (WSAEVENT)(uintptr_t)h;
}

static BOOL event_op(WSAEVENT e, int what) {
    ms_world *w = enter();
    if (!w) return FALSE;
    bool ok;
    if (what == 2) {
        ok = ms_event_state_locked(w, H(e)) >= 0 && !(H(e) & 1);
        if (ok) {
            if (!ms_named_close_locked(w, H(e))) ms_handle_free_locked(w, H(e));
        }
    } else {
        ok = !(H(e) & 1) && ms_event_set_locked(w, H(e), what == 1);
    }
    ms_unlock(w);
    if (!ok) ms_set_last_error(WSA_INVALID_HANDLE);
    return ok;
}

BOOL WSASetEvent(WSAEVENT e) { return event_op(e, 1); }
BOOL WSAResetEvent(WSAEVENT e) { return event_op(e, 0); }
BOOL WSACloseEvent(WSAEVENT e) { return event_op(e, 2); }

DWORD WSAWaitForMultipleEvents(DWORD n, const WSAEVENT *events, BOOL all, DWORD timeout, BOOL alertable) {
    ms_world *w = world();
    if (!w) return WSA_WAIT_FAILED;
    if (n == 0 || n > WSA_MAXIMUM_WAIT_EVENTS) {
        ms_set_last_error(WSA_INVALID_PARAMETER);
        return WSA_WAIT_FAILED;
    }
    if (!events || !ms_probe_read(events, n * sizeof *events)) {
        ms_set_last_error(WSAEFAULT);
        return WSA_WAIT_FAILED;
    }
    uint64_t hs[WSA_MAXIMUM_WAIT_EVENTS];
    for (DWORD i = 0; i < n; i++) hs[i] = H(events[i]);
    return ms_wait_events(w, n, hs, all != 0, timeout, alertable != 0);
}

DWORD SleepEx(DWORD ms, BOOL alertable) {
    ms_world *w = world();
    if (!w) return 0;
    return ms_sleep_ex(w, ms, alertable != 0);
}

HANDLE GetCurrentThread(void) {
    ms_world *w = enter();
    if (!w) return NULL;
    ms_thread *t = ms_thread_self_locked(w);
    ms_unlock(w);
    return t ? (HANDLE)(uintptr_t)t->handle : NULL;
}

HANDLE CreateIoCompletionPort(HANDLE file, HANDLE existing, ULONG_PTR key, DWORD threads) {
    (void)threads;
    ms_world *w = enter();
    if (!w) return NULL;
    HANDLE r = NULL;
    if (file == INVALID_HANDLE_VALUE) {
        if (existing) {
            ms_set_last_error(ERROR_INVALID_PARAMETER);
        } else {
            uint64_t h = ms_iocp_create_locked(w);
            r = (HANDLE)(uintptr_t)h;
            if (!h) ms_set_last_error(WSA_NOT_ENOUGH_MEMORY);
        }
    } else {
        /* A socket with no port named: create the port and associate the socket in one call,
         * the form most services use (CreateIoCompletionPort page: ExistingCompletionPort
         * NULL creates a new port, associated with FileHandle when it is a handle). */
        ms_socket *sk = ms_socket_get_locked(w, (SOCKET)(uintptr_t)file);
        uint64_t port = existing ? H(existing) : 0;
        if (!sk || (existing && !ms_handle_get_locked(w, port, MS_H_IOCP))) {
            ms_set_last_error(ERROR_INVALID_HANDLE);
        } else if (sk->iocp) {
            ms_set_last_error(ERROR_INVALID_PARAMETER); /* one port per handle */
        } else if (!port && !(port = ms_iocp_create_locked(w))) {
            ms_set_last_error(WSA_NOT_ENOUGH_MEMORY);
        } else {
            sk->iocp = port;
            sk->iocp_key = key;
            r = (HANDLE)(uintptr_t)port;
        }
    }
    ms_unlock(w);
    return r;
}

BOOL GetQueuedCompletionStatus(HANDLE port, LPDWORD bytes, ULONG_PTR *key, LPOVERLAPPED *ov, DWORD timeout) {
    ms_world *w = world();
    if (!w) return FALSE;
    if (!bytes || !key || !ov || !ms_probe_write(bytes, sizeof *bytes) || !ms_probe_write(key, sizeof *key) ||
        !ms_probe_write(ov, sizeof *ov)) {
        ms_set_last_error(998); /* ERROR_NOACCESS */
        return FALSE;
    }
    ms_packet p;
    int r = ms_iocp_get(w, H(port), timeout, &p);
    if (r < 0) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (r == 0) {
        *ov = NULL;
        ms_set_last_error(WAIT_TIMEOUT);
        return FALSE;
    }
    *bytes = p.bytes;
    *key = p.key;
    *ov = p.ov;
    if (MS_NT_SUCCESS(p.status) && p.status != STATUS_BUFFER_OVERFLOW) return TRUE;
    /* A failed packet: the Win32 view of the status (A18, A24). */
    if (ms_fault_on(w, MS_FAULT_PORT_WRONG_CODE) && p.status == STATUS_INVALID_PARAMETER) {
        ms_set_last_error(ERROR_NOT_FOUND);
        return FALSE;
    }
    ms_set_last_error(ms_fault_on(w, MS_FAULT_IOCP_WSA_CODE) ? (DWORD)ms_status_to_wsa(ms_net_views(w), p.status)
                                                             : ms_status_to_win32(p.status));
    return FALSE;
}

BOOL PostQueuedCompletionStatus(HANDLE port, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov) {
    ms_world *w = enter();
    if (!w) return FALSE;
    int r = ms_iocp_post_locked(w, H(port), bytes, key, ov, STATUS_SUCCESS);
    ms_unlock(w);
    /* no port, or no memory for the packet (STATUS_INSUFFICIENT_RESOURCES's Win32 code) */
    if (r) ms_set_last_error(r == -2 ? 1450 /* ERROR_NO_SYSTEM_RESOURCES */ : ERROR_INVALID_HANDLE);
    return r == 0;
}

/* "SetHandleInformation", "GetHandleInformation" (learn.microsoft.com): the bits
 * HANDLE_FLAG_INHERIT and HANDLE_FLAG_PROTECT_FROM_CLOSE of any handle the model gave, a socket
 * included; another handle is ERROR_INVALID_HANDLE.  The model starts no child process, so
 * inheriting is only remembered. */
BOOL SetHandleInformation(HANDLE h, DWORD mask, DWORD flags) {
    ms_world *w = enter();
    if (!w) return FALSE;
    uint8_t m = (uint8_t)(mask & (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE));
    bool ok = ms_handle_info_locked(w, H(h), m, (uint8_t)flags, NULL);
    ms_unlock(w);
    if (!ok) ms_set_last_error(ERROR_INVALID_HANDLE);
    return ok;
}

BOOL GetHandleInformation(HANDLE h, LPDWORD flags) {
    if (!flags || !ms_probe_write(flags, sizeof *flags)) {
        ms_set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    ms_world *w = enter();
    if (!w) return FALSE;
    uint8_t v = 0;
    bool ok = ms_handle_info_locked(w, H(h), 0, 0, &v);
    ms_unlock(w);
    if (!ok) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    *flags = v;
    return TRUE;
}

BOOL CloseHandle(HANDLE h) {
    ms_world *w = enter();
    if (!w) return FALSE;
    /* "CloseHandle": the pseudo-handle of GetCurrentProcess may be closed and stays valid. */
    bool ok = h == (HANDLE)(LONG_PTR)-1, event = false;
    if (!ok && (ms_handle_get_locked(w, H(h), MS_H_IOCP) || (event = ms_handle_get_locked(w, H(h), MS_H_EVENT)))) {
        /* The object goes with its handle; a waiter or an operation that still names the
         * handle sees an invalid handle (handles carry a generation). */
        if (!ms_named_close_locked(w, H(h))) ms_handle_free_locked(w, H(h)); /* a named one: with its last */
        ok = true;
    } else if (!ok && ms_handle_get_locked(w, H(h), MS_H_FILE)) {
        ms_handle_free_locked(w, H(h)); /* a file's descriptor goes with it (file_calls.c) */
        ok = true;
    }
    ms_unlock(w);
    if (event) ms_waitable_timers_reap(); /* a waitable timer's pool timer goes with its handle */
    if (!ok) ms_set_last_error(ERROR_INVALID_HANDLE);
    return ok;
}

int inet_pton(int family, const char *src, void *dst) {
    if (!src || !dst) {
        ms_set_last_error(WSAEFAULT);
        return -1;
    }
    if (family == AF_INET) {
        unsigned v[4];
        int n = 0;
        unsigned char out[4];
        for (int i = 0; i < 4; i++) {
            if (*src < '0' || *src > '9') return 0;
            v[i] = 0;
            const char *part = src;
            for (n = 0; *src >= '0' && *src <= '9' && n < 4; n++) v[i] = v[i] * 10 + (unsigned)(*src++ - '0');
            if (v[i] > 255 || (n > 1 && part[0] == '0')) return 0; /* "00", "010": no leading zero */
            out[i] = (unsigned char)v[i];
            if (i < 3 && *src++ != '.') return 0;
        }
        if (*src) return 0;
        for (int i = 0; i < 4; i++) ((unsigned char *)dst)[i] = out[i];
        return 1;
    }
    if (family == AF_INET6) {
        unsigned short g[8] = {0};
        int n = 0, gap = -1;
        if (src[0] == ':' && src[1] == ':') {
            gap = 0;
            src += 2;
        }
        while (*src && n < 8) {
            unsigned v = 0;
            int d = 0;
            const char *group = src;
            for (; d < 4; d++) {
                char c = *src;
                int x = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
                if (x < 0) break;
                v = v * 16 + (unsigned)x;
                src++;
            }
            if (!d) return 0;
            if (*src == '.') { /* RFC 4291 2.2 (3): the last 32 bits as a dotted IPv4 address ending the text */
                unsigned char q[4];
                if (n > 6 || inet_pton(AF_INET, group, q) != 1) return 0;
                g[n++] = (unsigned short)(q[0] << 8 | q[1]);
                g[n++] = (unsigned short)(q[2] << 8 | q[3]);
                src += strlen(src);
                break;
            }
            g[n++] = (unsigned short)v;
            if (!*src) break;
            if (*src++ != ':') return 0;
            if (*src == ':') {
                if (gap >= 0) return 0;
                gap = n;
                src++;
            }
        }
        if (*src) return 0;
        unsigned char *o = dst;
        int tail = gap >= 0 ? n - gap : 0;
        if (gap < 0 && n != 8) return 0;
        for (int i = 0; i < 8; i++) {
            unsigned short v = 0;
            if (gap < 0 || i < gap)
                v = g[i];
            else if (i >= 8 - tail)
                v = g[gap + i - (8 - tail)];
            o[2 * i] = (unsigned char)(v >> 8);
            o[2 * i + 1] = (unsigned char)v;
        }
        return 1;
    }
    ms_set_last_error(WSAEAFNOSUPPORT);
    return -1;
}
