/*
 * unit_fixtures.h: the set-up and check helpers (fx_*) that several unit test files share:
 * opening a model target, a redirected connection, the issued records, one IOCTL through
 * WSAIoctl or the provider, completion ports and routines, the verifier's findings, the
 * proxy's outbound leg, WSARecvMsg and its control messages.  Declared once here and defined
 * once in unit_fixtures.c (fx_context_for_other in test_wfp.c, which has the raw callouts),
 * so that no test file repeats a set-up block or declares another file's helper itself.
 */
#ifndef WFPCERT_UNIT_FIXTURES_H
#define WFPCERT_UNIT_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

/* A model target, under profile when not NULL. */
wt_target *fx_open(const char *profile);
/* A model target with one knob set. */
wt_target *fx_open_with(const char *knob, const char *value);
/* The end of a test: closes t; returns the test's result (0: the checks decide). */
int fx_close(wt_target *t);
/* A redirected TCP connection (default vendor-A callout unless one was added); returns the
 * proxy's accepted socket. */
SOCKET fx_redirected(wt_target *t, int family, int overlapped, wt_tcp_flow *f);
/* A model target with one redirected TCP connection of family (fx_redirected; overlapped
 * sockets when overlapped): where most tests of one connection start.  s is f.accepted. */
typedef struct fx_conn {
    wt_target *t;
    wt_tcp_flow f;
    SOCKET s;
} fx_conn;
fx_conn fx_connection(int family, int overlapped);
/* The records (context = 0) or context bytes the stack issued for socket s; buf may be NULL
 * when only the size is wanted. */
ULONG fx_issued(wt_target *t, SOCKET s, int context, void *buf, ULONG cap);
/* One IOCTL through WSAIoctl (via_wsp = 0) or the provider's lpWSPIoctl (via_wsp = 1);
 * returns 0 on success or the error (WSAGetLastError / *lpErrno). */
int fx_ioctl(wt_target *t, int via_wsp, SOCKET s, DWORD code, void *in, DWORD cbin, void *out, DWORD cbout, DWORD *cb,
             LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr);
/* A successful synchronous QUERY into buf; returns the size. */
ULONG fx_query(wt_target *t, SOCKET s, DWORD code, void *buf, ULONG cap);
/* A fresh TCP socket of family with the records SET on it (A51). */
SOCKET fx_set_socket(int family, const void *rec, ULONG n);
/* An overlapped TCP socket listening on loopback at a port of the stack's choosing, named in *a. */
SOCKET fx_loopback_listener(SOCKADDR_IN *a);
/* A connected pair of overlapped TCP sockets on loopback: the client, and in *server the
 * accepted end (the listener is closed). */
SOCKET fx_loopback_pair(SOCKET *server);
/* An OVERLAPPED with nothing set: no event, Internal 0. */
OVERLAPPED fx_overlapped(void);
/* A completion port with s associated (key 7). */
HANDLE fx_iocp(SOCKET s);
/* Dequeues one packet without waiting: 1 with ok, err and bytes set, 0 when none. */
int fx_packet(HANDLE port, LPOVERLAPPED want, BOOL *ok, DWORD *err, DWORD *bytes);

/* What completion routines were called with (fx_routine records it in fx_done). */
typedef struct fx_completion {
    int calls;
    DWORD error, bytes, flags;
    LPWSAOVERLAPPED ov;
} fx_completion;
extern fx_completion fx_done;
void CALLBACK fx_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags);

/* The verifier's findings: the count, and whether the text holds needle. */
int fx_findings(wt_target *t, const char *needle, int *has);
/* The proxy's outbound leg (WDK-REDIR steps 7-8): QUERY the accepted socket's records, SET
 * them on a new socket, connect it to dst.  *err is connect's error (0 when connected). */
SOCKET fx_proxy_forward(wt_target *t, SOCKET accepted, const SOCKADDR_STORAGE *dst, int *err);
/* WSARecvMsg (send = 0) or WSASendMsg (send = 1) of socket s. */
void *fx_extension(SOCKET s, int send);
/* Receives one datagram on s with a control buffer of cap bytes. */
int fx_recv_msg(SOCKET s, char *data, ULONG datalen, void *control, ULONG cap, WSAMSG *m, DWORD *got);
/* The control message of level/type in m, or NULL; *len its data length. */
const uint8_t *fx_find_cmsg(WSAMSG *m, int type, size_t *len);
/* test_wfp.c: in the two-vendor chain on t, did vendor b get a context back while the state
 * was REDIRECTED_BY_OTHER?  1 yes, 0 no (test_faults.c's context_for_other). */
long fx_context_for_other(wt_target *t);

#endif
