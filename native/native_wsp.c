/*
 * native_wsp.c: wt_wsp_table on Windows: the base TCP/IP service provider's procedure
 * table, so that cases can call WSPIoctl directly with their own lpThreadId and lpErrno
 * (SEMANTICS 3, A30/A31) instead of going through ws2_32.
 *
 * How: WSCEnumProtocols finds the base (ChainLen == BASE_PROTOCOL) provider of
 * AF_INET/SOCK_STREAM/IPPROTO_TCP, WSCGetProviderPath + ExpandEnvironmentStrings give its DLL
 * (normally %SystemRoot%\system32\mswsock.dll), LoadLibrary loads it, and its WSPStartup
 * returns the table.  A provider calls back into Winsock through the upcall table it gets
 * from WSPStartup; ws2_32's own table is not exported, so the upcalls here are small
 * equivalents built on public calls (events, APCs, thread handles).  IFS providers such as
 * mswsock hand out real file handles, so WPUModifyIFSHandle returns the proposed handle and
 * the non-IFS upcalls refuse.  Caveat, documented in docs/WINDOWS.md: a provider may keep
 * the upcall table of its latest WSPStartup caller; each case runs in its own process, so at
 * worst this affects the case that asked for the table.
 *
 * Any step that fails gives WT_EUNSUPPORTED with the step and the error (Wine, for one, has
 * no mswsock WSPStartup), and the WSPIoctl cases report UNSUPPORTED with that reason.
 */
#include "native_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ upcalls */

static BOOL WSPAPI upcall_close_event(WSAEVENT h, LPINT err) {
    if (WSACloseEvent(h)) return TRUE;
    *err = WSAGetLastError();
    return FALSE;
}

static int WSPAPI upcall_close_socket_handle(SOCKET s, LPINT err) {
    (void)s;
    *err = WSAEINVAL; /* only non-IFS providers create socket handles through Winsock */
    return SOCKET_ERROR;
}

static WSAEVENT WSPAPI upcall_create_event(LPINT err) {
    WSAEVENT e = WSACreateEvent();
    if (e == WSA_INVALID_EVENT) *err = WSAGetLastError();
    return e;
}

static SOCKET WSPAPI upcall_create_socket_handle(DWORD id, DWORD_PTR ctx, LPINT err) {
    (void)id, (void)ctx;
    *err = WSAEINVAL;
    return INVALID_SOCKET;
}

static int WSPAPI upcall_fd_isset(SOCKET s, fd_set *set) { return __WSAFDIsSet(s, set); }

static int WSPAPI upcall_get_provider_path(LPGUID id, WCHAR *path, LPINT len, LPINT err) {
    return WSCGetProviderPath(id, path, len, err);
}

static SOCKET WSPAPI upcall_modify_ifs_handle(DWORD id, SOCKET proposed, LPINT err) {
    (void)id, (void)err;
    return proposed;
}

static BOOL WSPAPI upcall_post_message(HWND w, UINT msg, WPARAM wp, LPARAM lp) { return PostMessageW(w, msg, wp, lp); }

static int WSPAPI upcall_query_blocking_callback(DWORD id, LPBLOCKINGCALLBACK *cb, PDWORD_PTR ctx, LPINT err) {
    (void)id, (void)err;
    *cb = NULL; /* Winsock 2 has no blocking hooks */
    *ctx = 0;
    return 0;
}

static int WSPAPI upcall_query_socket_handle_context(SOCKET s, PDWORD_PTR ctx, LPINT err) {
    (void)s, (void)ctx;
    *err = WSAEINVAL;
    return SOCKET_ERROR;
}

/* Function pointers are converted through void (*)(void), never void *: ISO C has no conversion
 * between object and function pointers, and gcc's -Wcast-function-type takes void (*)(void) as
 * "any function". */
static int WSPAPI upcall_queue_apc(LPWSATHREADID tid, LPWSAUSERAPC fn, DWORD_PTR ctx, LPINT err) {
    if (!tid || !QueueUserAPC((PAPCFUNC)(void (*)(void))fn, tid->ThreadHandle, (ULONG_PTR)ctx)) {
        *err = WSAEFAULT;
        return SOCKET_ERROR;
    }
    return 0;
}

static BOOL WSPAPI upcall_reset_event(WSAEVENT h, LPINT err) {
    if (WSAResetEvent(h)) return TRUE;
    *err = WSAGetLastError();
    return FALSE;
}

static BOOL WSPAPI upcall_set_event(WSAEVENT h, LPINT err) {
    if (WSASetEvent(h)) return TRUE;
    *err = WSAGetLastError();
    return FALSE;
}

static int WSPAPI upcall_open_current_thread(LPWSATHREADID tid, LPINT err) {
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &tid->ThreadHandle, 0, FALSE,
                         DUPLICATE_SAME_ACCESS)) {
        *err = WSAENOBUFS;
        return SOCKET_ERROR;
    }
    tid->Reserved = GetCurrentThreadId();
    return 0;
}

static int WSPAPI upcall_close_thread(LPWSATHREADID tid, LPINT err) {
    (void)err;
    CloseHandle(tid->ThreadHandle);
    return 0;
}

static const WSPUPCALLTABLE upcalls = {
    upcall_close_event,
    upcall_close_socket_handle,
    upcall_create_event,
    upcall_create_socket_handle,
    upcall_fd_isset,
    upcall_get_provider_path,
    upcall_modify_ifs_handle,
    upcall_post_message,
    upcall_query_blocking_callback,
    upcall_query_socket_handle_context,
    upcall_queue_apc,
    upcall_reset_event,
    upcall_set_event,
    upcall_open_current_thread,
    upcall_close_thread,
};

/* ------------------------------------------------------------- the provider */

static int find_base_tcp(WSAPROTOCOL_INFOW *out) {
    DWORD len = 0;
    int err = 0;
    WSCEnumProtocols(NULL, NULL, &len, &err);
    if (!len) return nt_fail(WT_EUNSUPPORTED, "WSCEnumProtocols gives no catalogue: error %d", err);
    WSAPROTOCOL_INFOW *all = malloc(len);
    if (!all) return nt_fail(WT_ENOMEM, "out of memory");
    int n = WSCEnumProtocols(NULL, all, &len, &err);
    int found = 0;
    for (int i = 0; i < n && !found; i++)
        if (all[i].ProtocolChain.ChainLen == BASE_PROTOCOL && all[i].iAddressFamily == AF_INET &&
            all[i].iSocketType == SOCK_STREAM && all[i].iProtocol == IPPROTO_TCP) {
            *out = all[i];
            found = 1;
        }
    free(all);
    if (n == SOCKET_ERROR) return nt_fail(WT_EUNSUPPORTED, "WSCEnumProtocols failed: error %d", err);
    if (!found) return nt_fail(WT_EUNSUPPORTED, "the Winsock catalogue has no base provider for TCP/IPv4");
    return WT_OK;
}

int nt_wsp_table(wt_target *t, WSPPROC_TABLE *out) {
    if (t->wsp_started) {
        *out = t->wsp;
        return WT_OK;
    }
    WSAPROTOCOL_INFOW info;
    int r = find_base_tcp(&info);
    if (r) return r;
    WCHAR path[MAX_PATH], full[MAX_PATH];
    int len = MAX_PATH, err = 0;
    if (WSCGetProviderPath(&info.ProviderId, path, &len, &err) != 0)
        return nt_fail(WT_EUNSUPPORTED, "WSCGetProviderPath for '%ls' failed: error %d", info.szProtocol, err);
    if (!path[0]) return nt_fail(WT_EUNSUPPORTED, "WSCGetProviderPath gives no DLL for '%ls'", info.szProtocol);
    DWORD n = ExpandEnvironmentStringsW(path, full, MAX_PATH);
    if (!n || n > MAX_PATH) return nt_fail(WT_EUNSUPPORTED, "cannot expand the provider path '%ls'", path);
    HMODULE m = LoadLibraryW(full);
    if (!m) return nt_fail(WT_EUNSUPPORTED, "LoadLibrary(%ls) failed: error %lu", full, GetLastError());
    LPWSPSTARTUP startup = (LPWSPSTARTUP)(void (*)(void))GetProcAddress(m, "WSPStartup");
    if (!startup) {
        FreeLibrary(m);
        return nt_fail(WT_EUNSUPPORTED, "the base provider %ls exports no WSPStartup (this Winsock has no SPI to test)",
                       full);
    }
    WSPDATA data;
    WSPPROC_TABLE table;
    memset(&table, 0, sizeof table);
    int rc = startup(MAKEWORD(2, 2), &data, &info, upcalls, &table);
    if (rc != 0 || !table.lpWSPIoctl) {
        FreeLibrary(m);
        return nt_fail(WT_EUNSUPPORTED, "WSPStartup of %ls failed: error %d", full, rc);
    }
    t->provider = m;
    t->wsp = table;
    t->wsp_started = 1;
    *out = table;
    return WT_OK;
}

void nt_wsp_release(wt_target *t) {
    if (!t->wsp_started) return;
    int err = 0;
    if (t->wsp.lpWSPCleanup) t->wsp.lpWSPCleanup(&err);
    FreeLibrary(t->provider);
    t->wsp_started = 0;
}
