/*
 * table.c: the base provider's WSPPROC_TABLE, and the pass-through layered provider that
 * can be stacked on it.  The layered provider forwards every call unchanged to the table
 * below it (as a well-behaved LSP must); it exists to prove that blobs and completions
 * survive a provider chain byte for byte.
 */
#include "provider.h"

#include <stdatomic.h>

int WSAAPI ms_wsp_ioctl(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED,
                        LPWSAOVERLAPPED_COMPLETION_ROUTINE, LPWSATHREADID, LPINT);
int WSAAPI ms_wsp_recv(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE,
                       LPWSATHREADID, LPINT);
int WSAAPI ms_wsp_recvfrom(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, struct sockaddr *, LPINT, LPWSAOVERLAPPED,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE, LPWSATHREADID, LPINT);
int WSAAPI ms_wsp_sendto(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, const struct sockaddr *, int, LPWSAOVERLAPPED,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE, LPWSATHREADID, LPINT);
int WSAAPI ms_wsp_send(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE,
                       LPWSATHREADID, LPINT);
BOOL WSAAPI ms_wsp_get_overlapped_result(SOCKET, LPWSAOVERLAPPED, LPDWORD, BOOL, LPDWORD, LPINT);
int WSAAPI ms_wsp_close(SOCKET, LPINT);
int WSAAPI ms_wsp_setsockopt(SOCKET, int, int, const char *, int, LPINT);
int WSAAPI ms_wsp_getsockopt(SOCKET, int, int, char *, LPINT, LPINT);

static const WSPPROC_TABLE base = {
    .lpWSPCloseSocket = ms_wsp_close,
    .lpWSPGetOverlappedResult = ms_wsp_get_overlapped_result,
    .lpWSPGetSockOpt = ms_wsp_getsockopt,
    .lpWSPIoctl = ms_wsp_ioctl,
    .lpWSPRecv = ms_wsp_recv,
    .lpWSPRecvFrom = ms_wsp_recvfrom,
    .lpWSPSend = ms_wsp_send,
    .lpWSPSendTo = ms_wsp_sendto,
    .lpWSPSetSockOpt = ms_wsp_setsockopt,
};

static _Atomic unsigned long layered_calls;

static int WSAAPI lsp_ioctl(SOCKET s, DWORD code, LPVOID in, DWORD cbin, LPVOID out, DWORD cbout, LPDWORD cb,
                            LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPIoctl(s, code, in, cbin, out, cbout, cb, ov, cr, tid, err);
}

static int WSAAPI lsp_recv(SOCKET s, LPWSABUF b, DWORD n, LPDWORD cb, LPDWORD fl, LPWSAOVERLAPPED ov,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPRecv(s, b, n, cb, fl, ov, cr, tid, err);
}

static int WSAAPI lsp_send(SOCKET s, LPWSABUF b, DWORD n, LPDWORD cb, DWORD fl, LPWSAOVERLAPPED ov,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPSend(s, b, n, cb, fl, ov, cr, tid, err);
}

static int WSAAPI lsp_recvfrom(SOCKET s, LPWSABUF b, DWORD n, LPDWORD cb, LPDWORD fl, struct sockaddr *from,
                               LPINT fromlen, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr,
                               LPWSATHREADID tid, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPRecvFrom(s, b, n, cb, fl, from, fromlen, ov, cr, tid, err);
}

static int WSAAPI lsp_sendto(SOCKET s, LPWSABUF b, DWORD n, LPDWORD cb, DWORD fl, const struct sockaddr *to, int tolen,
                             LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPSendTo(s, b, n, cb, fl, to, tolen, ov, cr, tid, err);
}

static BOOL WSAAPI lsp_gor(SOCKET s, LPWSAOVERLAPPED ov, LPDWORD cb, BOOL wait, LPDWORD fl, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPGetOverlappedResult(s, ov, cb, wait, fl, err);
}

static int WSAAPI lsp_close(SOCKET s, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPCloseSocket(s, err);
}

static int WSAAPI lsp_setsockopt(SOCKET s, int l, int n, const char *v, int len, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPSetSockOpt(s, l, n, v, len, err);
}

static int WSAAPI lsp_getsockopt(SOCKET s, int l, int n, char *v, LPINT len, LPINT err) {
    atomic_fetch_add(&layered_calls, 1);
    return base.lpWSPGetSockOpt(s, l, n, v, len, err);
}

static const WSPPROC_TABLE layered = {
    .lpWSPCloseSocket = lsp_close,
    .lpWSPGetOverlappedResult = lsp_gor,
    .lpWSPGetSockOpt = lsp_getsockopt,
    .lpWSPIoctl = lsp_ioctl,
    .lpWSPRecv = lsp_recv,
    .lpWSPRecvFrom = lsp_recvfrom,
    .lpWSPSend = lsp_send,
    .lpWSPSendTo = lsp_sendto,
    .lpWSPSetSockOpt = lsp_setsockopt,
};

const WSPPROC_TABLE *ms_provider_base_table(void) { return &base; }

const WSPPROC_TABLE *ms_provider_table(ms_world *w) {
    return w && ms_knob_value(w, MS_KNOB_LAYERED) ? &layered : &base;
}

unsigned long ms_provider_layered_calls(void) { return atomic_load(&layered_calls); }
