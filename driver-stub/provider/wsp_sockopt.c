/*
 * wsp_sockopt.c: WSPSetSockopt and WSPGetSockopt of the base provider.
 */
#include "provider.h"

int WSAAPI ms_wsp_setsockopt(SOCKET s, int level, int name, const char *val, int len, LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    int e = !sk ? WSAENOTSOCK
            : level == SOL_SOCKET && (name == SO_UPDATE_ACCEPT_CONTEXT || name == SO_UPDATE_CONNECT_CONTEXT)
                ? ms_update_context_locked(w, sk, name, val, len) /* wsp_ext.c */
                : ms_socket_setopt_locked(w, sk, level, name, val, len);
    if (e) ms_provider_error(w, err, e);
    ms_unlock(w);
    return e ? SOCKET_ERROR : 0;
}

int WSAAPI ms_wsp_getsockopt(SOCKET s, int level, int name, char *val, LPINT len, LPINT err) {
    ms_world *w = ms_provider_enter(err);
    if (!w) return SOCKET_ERROR;
    ms_socket *sk = ms_socket_get_locked(w, s);
    int e = sk ? ms_socket_getopt_locked(w, sk, level, name, val, len) : WSAENOTSOCK;
    if (e) ms_provider_error(w, err, e);
    ms_unlock(w);
    return e ? SOCKET_ERROR : 0;
}
