/*
 * protocol_calls.c: WSAEnumProtocolsW and WSAEnumProtocolsA, the protocol catalogue as a program
 * reads it (net/protocols.c keeps the entries).
 *
 * Behaviour, from learn.microsoft.com ("WSAEnumProtocolsW function") and Wine's ws2_32 tests
 * run on Windows (test_WSAEnumProtocols): lpiProtocols, when not NULL, is a 0-terminated list of
 * protocol numbers and only entries of those protocols are given (numbers no entry has are
 * passed over); the buffer must hold every entry asked for, else SOCKET_ERROR with WSAENOBUFS
 * and the size needed in *lpdwBufferLength (a NULL buffer included); on success the count.
 * WSAEFAULT for a list, buffer or length the process cannot read or write, WSANOTINITIALISED
 * before WSAStartup.
 */
#include "../net/net.h"

#include <string.h>

/* Does the 0-terminated list (NULL: every protocol) name proto?  *bad when it cannot be read. */
static bool asked(const INT *list, int proto, bool *bad) {
    if (!list) return true;
    for (;; list++) {
        if (!ms_probe_read(list, sizeof *list)) {
            *bad = true;
            return false;
        }
        if (*list == 0) return false;
        if (*list == proto) return true;
    }
}

static int enumerate(LPINT list, void *buffer, LPDWORD length, bool wide) {
    if (!ms_winsock_started()) {
        ms_set_last_error(WSANOTINITIALISED);
        return SOCKET_ERROR;
    }
    if (!length || !ms_probe_write(length, sizeof *length)) {
        ms_set_last_error(WSAEFAULT);
        return SOCKET_ERROR;
    }
    size_t size = wide ? sizeof(WSAPROTOCOL_INFOW) : sizeof(WSAPROTOCOL_INFOA);
    WSAPROTOCOL_INFOW found[MS_PROTOCOLS];
    int n = 0;
    bool bad = false;
    for (int i = 0; i < MS_PROTOCOLS && !bad; i++) {
        ms_protocol_entry(i, &found[n]);
        if (asked(list, found[n].iProtocol, &bad)) n++;
    }
    if (bad) {
        ms_set_last_error(WSAEFAULT);
        return SOCKET_ERROR;
    }
    DWORD need = (DWORD)(n * size);
    if (!buffer || *length < need) {
        *length = need;
        ms_set_last_error(WSAENOBUFS);
        return SOCKET_ERROR;
    }
    if (!ms_probe_write(buffer, need)) {
        ms_set_last_error(WSAEFAULT);
        return SOCKET_ERROR;
    }
    for (int i = 0; i < n; i++) {
        if (wide)
            memcpy((WSAPROTOCOL_INFOW *)buffer + i, &found[i], size);
        else
            ms_protocol_info_a(&found[i], (WSAPROTOCOL_INFOA *)buffer + i);
    }
    return n;
}

int WSAEnumProtocolsW(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer, LPDWORD lpdwBufferLength) {
    return enumerate(lpiProtocols, lpProtocolBuffer, lpdwBufferLength, true);
}

int WSAEnumProtocolsA(LPINT lpiProtocols, LPWSAPROTOCOL_INFOA lpProtocolBuffer, LPDWORD lpdwBufferLength) {
    return enumerate(lpiProtocols, lpProtocolBuffer, lpdwBufferLength, false);
}
