/*
 * event_select.c: WSAEventSelect and WSAEnumNetworkEvents, for redirect services that wait on
 * event objects (WSAWaitForMultipleEvents) instead of a completion port (issue 13 section 3).
 *
 * Why in the model: such a service only moves when its event is signalled, so the model must
 * signal it wherever one of the asked-for conditions starts to hold (ms_event_select_check_locked
 * is called where data, a connection, a connect result or a close arrives, and after a receive
 * or an accept that leaves more behind).  Behaviour, from learn.microsoft.com ("WSAEventSelect",
 * "WSAEnumNetworkEvents"):
 *   - WSAEventSelect makes the socket non-blocking, replaces an earlier selection, and with
 *     lNetworkEvents 0 cancels it; conditions that already hold are recorded at once
 *   - FD_READ while bytes or a datagram wait (recorded again after a receive that leaves
 *     some), FD_ACCEPT while a connection waits, FD_CONNECT once when a connect finishes
 *     (iErrorCode[FD_CONNECT_BIT] its error), FD_WRITE once when the socket can first send,
 *     FD_CLOSE once the peer closed and every byte was read (WSAECONNRESET when it reset)
 *   - WSAEnumNetworkEvents reports what was recorded, forgets it and resets hEventObject
 *   - FD_READ, FD_OOB and FD_ACCEPT are level-triggered: once recorded, nothing more happens for
 *     them (a datagram or a connection that arrives after WSAEnumNetworkEvents records nothing)
 *     until a receive or an accept re-enables them, "even one that fails"; if their condition
 *     still holds after that call, they are recorded again
 * FD_OOB is never recorded (the model has no urgent data); FD_WRITE is recorded again once there
 * is room after a send refused for want of it (WSAEWOULDBLOCK, provider/wsp_io.c).
 */
#include "../net/net.h"

#include <string.h>

static int fail(int e) {
    ms_set_last_error((DWORD)e);
    return SOCKET_ERROR;
}

static LONG holding(const ms_socket *sk) {
    LONG ev = 0;
    if (sk->state == SK_LISTENING) return sk->nbacklog ? FD_ACCEPT : 0;
    if (sk->type == SOCK_DGRAM)
        return (sk->dq_head || sk->udp_unreachable || ms_os_readable(sk) ? FD_READ : 0) | FD_WRITE;
    bool connected = sk->state == SK_CONNECTED;
    bool failed = !sk->connect_pending && sk->connect_error && !connected;
    if (connected || failed) ev |= FD_CONNECT;
    if (connected && sk->peer && !sk->shut_send && ms_stream_send_room(sk)) ev |= FD_WRITE;
    if (connected && (sk->rxlen > 0 || ms_os_readable(sk))) ev |= FD_READ;
    if (connected && (sk->reset || ms_stream_ended(sk, true))) ev |= FD_CLOSE;
    return ev;
}

void ms_event_select_check_locked(ms_world *w, ms_socket *sk) {
    if (!sk->es_event) return;
    LONG once = FD_CONNECT | FD_WRITE | FD_CLOSE, level = FD_READ | FD_OOB | FD_ACCEPT;
    LONG now = holding(sk) & sk->es_mask & ~(sk->es_reported & once) & ~sk->es_held;
    if (!(now & ~sk->es_recorded)) return;
    sk->es_recorded |= now;
    sk->es_reported |= now & once;
    sk->es_held |= now & level;
    ms_event_set_locked(w, sk->es_event, true);
}

void ms_event_select_reenable_locked(ms_world *w, ms_socket *sk, LONG events) {
    sk->es_held &= ~events;
    ms_event_select_check_locked(w, sk);
}

int WSAEventSelect(SOCKET s, WSAEVENT h, LONG mask) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    ms_lock(w);
    ms_socket *sk = ms_socket_get_locked(w, s);
    int e = !sk ? WSAENOTSOCK : (mask & ~FD_ALL_EVENTS) ? WSAEINVAL : 0;
    if (!e && mask && ms_event_state_locked(w, (uint64_t)(uintptr_t)h) < 0) e = WSAEINVAL;
    if (!e) {
        sk->es_event = mask ? (uint64_t)(uintptr_t)h : 0;
        sk->es_mask = mask;
        sk->es_recorded = 0;
        sk->es_reported = 0;
        sk->es_held = 0;
        sk->nonblocking = true;
        ms_event_select_check_locked(w, sk);
    }
    ms_unlock(w);
    return e ? fail(e) : 0;
}

int WSAEnumNetworkEvents(SOCKET s, WSAEVENT h, LPWSANETWORKEVENTS out) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(WSANOTINITIALISED);
    ms_lock(w);
    ms_socket *sk = ms_socket_get_locked(w, s);
    int e = !sk ? WSAENOTSOCK : !out || !ms_probe_write(out, sizeof *out) ? WSAEFAULT : 0;
    if (!e && h && ms_event_state_locked(w, (uint64_t)(uintptr_t)h) < 0) e = WSAEINVAL;
    if (!e) {
        memset(out, 0, sizeof *out);
        out->lNetworkEvents = sk->es_recorded;
        if (sk->es_recorded & FD_CONNECT)
            out->iErrorCode[FD_CONNECT_BIT] = sk->state == SK_CONNECTED ? 0 : sk->connect_error;
        if (sk->es_recorded & FD_CLOSE) out->iErrorCode[FD_CLOSE_BIT] = sk->reset ? WSAECONNRESET : 0;
        sk->es_recorded = 0;
        if (h) ms_event_set_locked(w, (uint64_t)(uintptr_t)h, false);
    }
    ms_unlock(w);
    return e ? fail(e) : 0;
}
