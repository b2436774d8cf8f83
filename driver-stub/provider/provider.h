/*
 * provider.h: the model's base service provider (what msafd is on Windows) and an optional
 * pass-through layered provider.  The WSA API (driver-stub/ws2) reaches sockets through a
 * WSPPROC_TABLE, so WSAIoctl goes through the provider chain exactly as on Windows, and a
 * harness can call lpWSPIoctl directly with its own lpThreadId and lpErrno.
 *
 * The provider owns the user-mode half of every call: pointer checks, the overlapped shape
 * of the result (return 0, or SOCKET_ERROR with WSA_IO_PENDING, or an immediate error),
 * and queueing completion routines to the initiating thread with WPUQueueApc.
 */
#ifndef WFPCERT_PROVIDER_H
#define WFPCERT_PROVIDER_H

#include "../net/net.h"

/* The table WSA* calls go through in this world: the base provider, or the layered one
 * stacked on it (knob "layered"). */
const WSPPROC_TABLE *ms_provider_table(ms_world *w);
const WSPPROC_TABLE *ms_provider_base_table(void);
/* Calls that went through the layered provider since the world began (it counts them so a
 * test can show the chain was really used). */
unsigned long ms_provider_layered_calls(void);

/* WSPRecvMsg/WSPSendMsg: reached through the WSARecvMsg/WSASendMsg extension pointers. */
int ms_wsp_recvmsg(SOCKET s, LPWSAMSG msg, LPDWORD bytes, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr,
                   LPWSATHREADID tid, LPINT err);
int ms_wsp_sendmsg(SOCKET s, LPWSAMSG msg, DWORD flags, LPDWORD bytes, LPWSAOVERLAPPED ov,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid, LPINT err);

/* wsp_ext.c: AcceptEx, GetAcceptExSockaddrs and ConnectEx by their extension GUID (NULL for
 * another GUID), and SO_UPDATE_ACCEPT_CONTEXT / SO_UPDATE_CONNECT_CONTEXT. */
void *ms_ext_function(const void *guid);
/* TransmitFile (wsp_transmit.c), reached through the table above and mswsock's export. */
BOOL PASCAL ms_transmitfile(SOCKET s, HANDLE file, DWORD n, DWORD per_send, LPOVERLAPPED ov,
                            LPTRANSMIT_FILE_BUFFERS tfb, DWORD flags);
int ms_update_context_locked(ms_world *w, ms_socket *sk, int name, const char *val, int len);

/* Shared by the provider's files: starting an overlapped operation on a socket. */
typedef struct ms_ov_call {
    LPWSAOVERLAPPED ov;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE cr;
    LPWSATHREADID tid;
    bool overlapped; /* the socket is overlapped and ov was given: an asynchronous call */
} ms_ov_call;
/* Checks ov/cr/tid pointers (WSAEFAULT) and decides whether the call is asynchronous. */
int ms_ov_check(ms_world *w, ms_socket *sk, ms_ov_call *c);
/* An op for an asynchronous call: OVERLAPPED set to pending, event reset, APC hook set. */
ms_op *ms_ov_start_locked(ms_world *w, ms_socket *sk, ms_op_kind kind, const ms_ov_call *c);

/* The world a provider call acts on, locked, or NULL with *err = WSANOTINITIALISED. */
ms_world *ms_provider_enter(LPINT err);
/* Writes *err unless the wsp_no_errno fault is on (then leaves it). */
void ms_provider_error(ms_world *w, LPINT err, int code);

#endif
