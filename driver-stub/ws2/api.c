/*
 * api.c: the Winsock API an application calls (ws2_32 on Windows): start-up, sockets and
 * their BSD-style calls, WSASend/WSARecv, WSAIoctl and WSAGetOverlappedResult.  Every call
 * that has a provider entry goes through the world's WSPPROC_TABLE (the provider chain);
 * failures become WSAGetLastError values of the calling thread.
 */
#include "../provider/provider.h"
#include "../kernel/mutex.h"

#include <string.h>

static pthread_mutex_t startup_mu = MS_MUTEX_INITIALIZER;

static int fail(int e) {
    ms_set_last_error((DWORD)e);
    return SOCKET_ERROR;
}

/* The WSAStartup page's negotiation: the DLL supports every version from 1.0 to 2.2, so it
 * answers with the version asked for when it has it, with 1.1 for a 1.x above 1.1 and with
 * 2.2 for anything above 2.2; wHighVersion is 2.2.  A major version of 0 is below them all:
 * WSAVERNOTSUPPORTED, with WSADATA still saying what the DLL offers (wine's ws2_32 tests, run
 * on Windows, give these answers).  iMaxSockets and iMaxUdpDg mean something to a 1.x caller
 * only (the page: "ignored" from 2.0 on); wine gives 32767 and 65467 there. */
int WSAStartup(WORD version, LPWSADATA data) {
    if (!data || !ms_probe_write(data, sizeof *data)) return WSAEFAULT;
    BYTE major = (BYTE)(version & 0xff), minor = (BYTE)(version >> 8);
    memset(data, 0, sizeof *data);
    data->wVersion = major == 0 || major > 2 || (major == 2 && minor > 2) ? MAKEWORD(2, 2)
                     : major == 1 && minor > 1                            ? MAKEWORD(1, 1)
                                                                          : version;
    data->wHighVersion = MAKEWORD(2, 2);
    strcpy(data->szDescription, "wfpcert model of Winsock 2.2");
    strcpy(data->szSystemStatus, "Running");
    if (major == 1) data->iMaxSockets = 32767, data->iMaxUdpDg = 65467;
    if (major == 0) return WSAVERNOTSUPPORTED;
    ms_mutex_lock(&startup_mu);
    ms_world *w = ms_world_process(); /* a target's, or the program's own */
    if (w) ms_world_winsock_add(w, 1);
    ms_mutex_unlock(&startup_mu);
    return w ? 0 : WSASYSNOTREADY;
}

/* The last WSACleanup leaves the world (a target owns it, or it is the program's own, whose
 * kernel32 objects live on) with Winsock stopped, and the calling process's sockets closed (the
 * page: "Sockets open when WSACleanup is called are reset and automatically deallocated as if
 * closesocket was called"); another process's sockets stay. */
int WSACleanup(void) {
    ms_mutex_lock(&startup_mu);
    ms_world *w = ms_world_current();
    int left = w ? ms_world_winsock_add(w, -1) : -1;
    if (left < 0) {
        ms_mutex_unlock(&startup_mu);
        return fail(WSANOTINITIALISED);
    }
    if (left == 0) {
        ms_lock(w);
        ms_net_reset_process_locked(w, ms_net_process(w));
        ms_unlock(w);
    }
    ms_mutex_unlock(&startup_mu);
    return 0;
}

int WSAGetLastError(void) { return (int)ms_get_last_error(); }
void WSASetLastError(int e) { ms_set_last_error((DWORD)e); }
DWORD GetLastError(void) { return ms_get_last_error(); }
void SetLastError(DWORD e) { ms_set_last_error(e); }

/* The world, locked, and the calling thread registered in it. */
static ms_world *enter(void) {
    ms_world *w = ms_world_winsock();
    if (!w) {
        ms_set_last_error(WSANOTINITIALISED);
        return NULL;
    }
    ms_lock(w);
    ms_thread_self_locked(w);
    return w;
}

static ms_socket *enter_socket(SOCKET s, ms_world **pw) {
    ms_world *w = enter();
    *pw = w;
    if (!w) return NULL;
    ms_socket *sk = ms_socket_get_locked(w, s);
    if (!sk) {
        ms_unlock(w);
        *pw = NULL;
        ms_set_last_error(WSAENOTSOCK);
    }
    return sk;
}

static int leave(ms_world *w, int e) {
    ms_unlock(w);
    return e ? fail(e) : 0;
}

_Static_assert(sizeof(WSAPROTOCOL_INFOW) == 628 && sizeof(WSAPROTOCOL_INFOA) == 372, "Windows' layout");

SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info, GROUP g, DWORD flags) {
    (void)g;
    /* The page: WSAEFAULT when "lpProtocolInfo ... is not in a valid part of the process address
     * space"; WSAEINVAL when its contents are invalid (protocols.c: a catalogue id of none of
     * the model's entries). */
    if (info && !ms_probe_read(info, sizeof *info)) {
        ms_set_last_error(WSAEFAULT);
        return INVALID_SOCKET;
    }
    ms_world *w = enter();
    if (!w) return INVALID_SOCKET;
    ms_socket *sk;
    int e = ms_protocol_resolve(&af, &type, &protocol, info);
    if (!e) e = ms_socket_create_locked(w, af, type, protocol, (flags & WSA_FLAG_OVERLAPPED) != 0, &sk);
    /* WSASocket page: "A socket handle created by the WSASocket or the socket function is
     * inheritable by default"; WSA_FLAG_NO_HANDLE_INHERIT makes it not. */
    if (!e && !(flags & WSA_FLAG_NO_HANDLE_INHERIT))
        ms_handle_info_locked(w, sk->handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT, NULL);
    ms_unlock(w);
    if (e) {
        ms_set_last_error((DWORD)e);
        return INVALID_SOCKET;
    }
    return (SOCKET)sk->handle;
}

/* socket() creates overlapped sockets by default (SDK-WSAIOCTL, SEMANTICS 3). */
SOCKET socket(int af, int type, int protocol) { return WSASocketW(af, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED); }

int closesocket(SOCKET s) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    int err = 0;
    int r = ms_provider_table(w)->lpWSPCloseSocket(s, &err);
    return r ? fail(err) : 0;
}

int bind(SOCKET s, const struct sockaddr *name, int len) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return SOCKET_ERROR;
    SOCKADDR_STORAGE a;
    int e = ms_addr_from_user(name, len, sk->af, &a);
    if (!e) e = ms_socket_bind_locked(w, sk, &a);
    return leave(w, e);
}

int listen(SOCKET s, int backlog) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return SOCKET_ERROR;
    return leave(w, ms_socket_listen_locked(w, sk, backlog));
}

int connect(SOCKET s, const struct sockaddr *name, int len) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return SOCKET_ERROR;
    SOCKADDR_STORAGE a;
    int e = ms_addr_from_user(name, len, sk->af, &a);
    if (!e) e = ms_socket_connect_locked(w, sk, &a);
    /* A non-blocking stream connect does not finish inside the call: "connect will return
     * SOCKET_ERROR, and WSAGetLastError will return WSAEWOULDBLOCK" (connect page), and the
     * outcome comes as FD_CONNECT with its error, writability or exceptfds, and SO_ERROR.  The
     * model settles a loopback connect at once; it reports that outcome the same way, so an
     * event-driven client waiting for FD_CONNECT hears of a refusal too. */
    ms_watch_connect_locked(w, sk, e);
    if (sk->nonblocking && sk->type == SOCK_STREAM && (e == 0 || e == WSAECONNREFUSED)) {
        if (e) sk->connect_error = e;
        e = WSAEWOULDBLOCK;
    }
    ms_event_select_check_locked(w, sk); /* FD_CONNECT, FD_WRITE of a connect that finished now */
    return leave(w, e);
}

/* Whether a name of `need` bytes can be written to name and *len: 0 (also when both are NULL, as
 * the caller asked for none) or WSAEFAULT.  Writes nothing. */
static int name_room(int need, struct sockaddr *name, int *len) {
    if (!name && !len) return 0;
    if (!len || !ms_probe_write(len, sizeof *len)) return WSAEFAULT;
    if (*len < need || !name || !ms_probe_write(name, (size_t)need)) return WSAEFAULT;
    return 0;
}

/* a: an address of sk, in the model's form (IPv4-mapped for the program on a dual-stack socket) */
static int copy_name(const ms_socket *sk, const SOCKADDR_STORAGE *a, struct sockaddr *name, int *len) {
    SOCKADDR_STORAGE out;
    ms_socket_addr_out(sk, a, &out);
    int need = ms_addr_len(&out), e = name_room(need, name, len);
    if (e || !name) return e;
    memcpy(name, &out, (size_t)need);
    *len = need;
    return 0;
}

static bool accept_settled(void *arg) { return ms_socket_accept_ready(arg); }

SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return INVALID_SOCKET;
    /* an address the call could not hand back is refused before a connection is taken: a
     * refused accept leaves every connection waiting for the next */
    int room = name_room(sk->af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in), addr,
                         addrlen);
    if (room) {
        ms_event_select_reenable_locked(w, sk, FD_ACCEPT); /* even a call that fails re-enables */
        leave(w, room);
        return INVALID_SOCKET;
    }
    if (sk->state == SK_LISTENING && !sk->nbacklog && !sk->nonblocking &&
        !ms_wait_until_locked(w, accept_settled, sk, INFINITE)) {
        leave(w, WSAETIMEDOUT);
        return INVALID_SOCKET;
    }
    ms_socket *c;
    int e = ms_socket_accept_locked(w, sk, &c);
    ms_event_select_reenable_locked(w, sk, FD_ACCEPT); /* recorded again while connections wait */
    if (!e) copy_name(c, &c->remote, addr, addrlen); /* room was made sure of above */
    if (!e) ms_event_select_check_locked(w, c); /* the listener's selection, inherited: FD_WRITE now */
    SOCKET r = e ? INVALID_SOCKET : (SOCKET)c->handle;
    leave(w, e);
    return r;
}

int shutdown(SOCKET s, int how) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return SOCKET_ERROR;
    if (sk->context_unset) return leave(w, WSAENOTCONN); /* AcceptEx/ConnectEx without the update (wsp_ext.c) */
    return leave(w, ms_socket_shutdown_locked(w, sk, how));
}

int getsockname(SOCKET s, struct sockaddr *name, int *len) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return SOCKET_ERROR;
    if (sk->context_unset) return leave(w, WSAENOTCONN);
    return leave(w, sk->has_local ? copy_name(sk, &sk->local, name, len) : WSAEINVAL);
}

int getpeername(SOCKET s, struct sockaddr *name, int *len) {
    ms_world *w;
    ms_socket *sk = enter_socket(s, &w);
    if (!sk) return SOCKET_ERROR;
    if (sk->context_unset) return leave(w, WSAENOTCONN);
    return leave(w, sk->has_remote || sk->peer
                        ? copy_name(sk, sk->has_remote ? &sk->remote : &sk->peer->local, name, len)
                        : WSAENOTCONN);
}

int setsockopt(SOCKET s, int level, int name, const char *val, int len) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    int err = 0;
    return ms_provider_table(w)->lpWSPSetSockOpt(s, level, name, val, len, &err) ? fail(err) : 0;
}

int getsockopt(SOCKET s, int level, int name, char *val, int *len) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    int err = 0;
    return ms_provider_table(w)->lpWSPGetSockOpt(s, level, name, val, len, &err) ? fail(err) : 0;
}

int ioctlsocket(SOCKET s, long cmd, u_long *argp) {
    DWORD bytes = 0;
    bool out = (DWORD)cmd == (DWORD)FIONREAD || (DWORD)cmd == (DWORD)SIOCATMARK;
    return WSAIoctl(s, (DWORD)cmd, out ? NULL : argp, out ? 0 : sizeof *argp, out ? argp : NULL, out ? sizeof *argp : 0,
                    &bytes, NULL, NULL);
}

/* The WSATHREADID that ws2 hands the provider for the calling thread. */
static WSATHREADID current_thread_id(ms_world *w) {
    WSATHREADID t = {0, 0};
    t.ThreadHandle = (HANDLE)(uintptr_t)ms_thread_self_handle(w);
    return t;
}

/* The apc_not_alertable fault: routines run at once, outside any alertable wait. */
static void fault_run_apcs_now(ms_world *w) {
    if (!ms_fault_on(w, MS_FAULT_APC_NOT_ALERTABLE)) return;
    ms_lock(w);
    ms_thread *me = ms_thread_self_locked(w);
    if (me) ms_run_apcs_locked(w, me);
    ms_unlock(w);
}

int WSAIoctl(SOCKET s, DWORD code, LPVOID in, DWORD cbin, LPVOID out, DWORD cbout, LPDWORD cb, LPWSAOVERLAPPED ov,
             LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    WSATHREADID tid = current_thread_id(w);
    int err = 0;
    int r = ms_provider_table(w)->lpWSPIoctl(s, code, in, cbin, out, cbout, cb, ov, cr, &tid, &err);
    if (r) ms_set_last_error((DWORD)err);
    fault_run_apcs_now(w);
    return r;
}

int WSASendTo(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD sent, DWORD flags, const struct sockaddr *to, int tolen,
              LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    WSATHREADID tid = current_thread_id(w);
    int err = 0;
    int r = ms_provider_table(w)->lpWSPSendTo(s, bufs, n, sent, flags, to, tolen, ov, cr, &tid, &err);
    if (r) ms_set_last_error((DWORD)err);
    fault_run_apcs_now(w);
    return r;
}

int WSARecvFrom(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD got, LPDWORD flags, struct sockaddr *from, LPINT fromlen,
                LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    WSATHREADID tid = current_thread_id(w);
    int err = 0;
    int r = ms_provider_table(w)->lpWSPRecvFrom(s, bufs, n, got, flags, from, fromlen, ov, cr, &tid, &err);
    if (r) ms_set_last_error((DWORD)err);
    fault_run_apcs_now(w);
    return r;
}

/* WSASend and WSARecv are WSASendTo and WSARecvFrom without an address, as in the provider. */
int WSASend(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD sent, DWORD flags, LPWSAOVERLAPPED ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    WSATHREADID tid = current_thread_id(w);
    int err = 0;
    int r = ms_provider_table(w)->lpWSPSend(s, bufs, n, sent, flags, ov, cr, &tid, &err);
    if (r) ms_set_last_error((DWORD)err);
    fault_run_apcs_now(w);
    return r;
}

int WSARecv(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD got, LPDWORD flags, LPWSAOVERLAPPED ov,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    WSATHREADID tid = current_thread_id(w);
    int err = 0;
    int r = ms_provider_table(w)->lpWSPRecv(s, bufs, n, got, flags, ov, cr, &tid, &err);
    if (r) ms_set_last_error((DWORD)err);
    fault_run_apcs_now(w);
    return r;
}

int send(SOCKET s, const char *buf, int len, int flags) { return sendto(s, buf, len, flags, NULL, 0); }

int recv(SOCKET s, char *buf, int len, int flags) { return recvfrom(s, buf, len, flags, NULL, NULL); }

/* The BSD calls are the WSA ones with one buffer and the socket's own blocking (the byte
 * count is the return value).  A negative len, taken as the unsigned WSABUF length it becomes,
 * is a buffer of some 4 GiB the process does not have: WSAEFAULT, before a byte moves (wine
 * 8.0 gives WSAEFAULT too, though only after sending what it could read). */
int sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to, int tolen) {
    if (len < 0) return fail(WSAEFAULT);
    WSABUF b = {(ULONG)len, (CHAR *)buf};
    DWORD sent = 0;
    return WSASendTo(s, &b, 1, &sent, (DWORD)flags, to, tolen, NULL, NULL) ? SOCKET_ERROR : (int)sent;
}

int recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from, int *fromlen) {
    if (len < 0) return fail(WSAEFAULT);
    WSABUF b = {(ULONG)len, buf};
    DWORD got = 0, fl = (DWORD)flags;
    return WSARecvFrom(s, &b, 1, &got, &fl, from, fromlen, NULL, NULL) ? SOCKET_ERROR : (int)got;
}

BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED ov, LPDWORD cb, BOOL wait, LPDWORD flags) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED), FALSE;
    int err = 0;
    BOOL ok = ms_provider_table(w)->lpWSPGetOverlappedResult(s, ov, cb, wait, flags, &err);
    if (!ok) ms_set_last_error((DWORD)err);
    return ok;
}

u_short htons(u_short v) { return (u_short)((v >> 8) | (v << 8)); }
u_short ntohs(u_short v) { return htons(v); }
u_long htonl(u_long v) { return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | (v >> 24); }
u_long ntohl(u_long v) { return htonl(v); }
