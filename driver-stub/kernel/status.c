/*
 * status.c: how one kernel status reaches the caller.  SEMANTICS 1.4 and 4.1: the same
 * NTSTATUS is a WSA code for synchronous callers and completion routines (the provider's
 * own table) and a Win32 code through completion ports (RtlNtStatusToDosError).  The WSA
 * table for the statuses the documentation disagrees about comes from the profile.
 */
#include "kernel.h"

int ms_status_to_wsa(const ms_status_views *v, NTSTATUS s) {
    switch (s) {
    case STATUS_SUCCESS:
        return 0;
    case STATUS_PENDING:
        return WSA_IO_PENDING;
    case STATUS_BUFFER_OVERFLOW:
        return WSAEMSGSIZE;
    case STATUS_BUFFER_TOO_SMALL:
        return v ? v->wsa_buffer_too_small : WSAEFAULT;
    case STATUS_ACCESS_VIOLATION:
        return WSAEFAULT;
    case STATUS_ACCESS_DENIED:
        return WSAEACCES;
    case STATUS_NOT_SUPPORTED:
        return WSAEOPNOTSUPP;
    case STATUS_INVALID_DEVICE_REQUEST:
        return WSAEOPNOTSUPP;
    case STATUS_CANCELLED:
        return WSA_OPERATION_ABORTED;
    case STATUS_INVALID_CONNECTION:
        return WSAENOTCONN;
    case STATUS_CONNECTION_RESET:
        return WSAECONNRESET;
    case STATUS_CONNECTION_REFUSED:
        return WSAECONNREFUSED;
    case STATUS_INSUFFICIENT_RESOURCES:
        return WSAENOBUFS;
    case STATUS_INVALID_HANDLE:
        return WSAENOTSOCK;
    case STATUS_DEVICE_NOT_READY:
        return WSAEWOULDBLOCK;
    case STATUS_NOT_FOUND:
        return v ? v->wsa_not_found : WSAEINVAL;
    case STATUS_FWP_NOT_FOUND:
        return v ? v->wsa_fwp_not_found : WSAEINVAL;
    /* Wine's table sends every status it does not list to WSAEINVAL (SEMANTICS 1.4). */
    default:
        return WSAEINVAL;
    }
}

DWORD ms_status_to_win32(NTSTATUS s) {
    switch (s) {
    case STATUS_SUCCESS:
        return ERROR_SUCCESS;
    case STATUS_PENDING:
        return ERROR_IO_PENDING;
    case STATUS_BUFFER_OVERFLOW:
        return ERROR_MORE_DATA;
    case STATUS_BUFFER_TOO_SMALL:
        return ERROR_INSUFFICIENT_BUFFER;
    case STATUS_ACCESS_VIOLATION:
        return 998; /* ERROR_NOACCESS */
    case STATUS_ACCESS_DENIED:
        return ERROR_ACCESS_DENIED;
    case STATUS_NOT_SUPPORTED:
        return ERROR_NOT_SUPPORTED;
    case STATUS_INVALID_DEVICE_REQUEST:
        return ERROR_INVALID_FUNCTION;
    case STATUS_CANCELLED:
        return ERROR_OPERATION_ABORTED;
    case STATUS_NOT_FOUND:
        return ERROR_NOT_FOUND;
    case STATUS_INTEGER_OVERFLOW:
        return ERROR_ARITHMETIC_OVERFLOW;
    case STATUS_INVALID_PARAMETER:
        return ERROR_INVALID_PARAMETER;
    case STATUS_INVALID_CONNECTION:
        return 1229; /* ERROR_CONNECTION_INVALID */
    case STATUS_CONNECTION_RESET:
        return 64; /* ERROR_NETNAME_DELETED */
    case STATUS_CONNECTION_REFUSED:
        return 1225; /* ERROR_CONNECTION_REFUSED */
    case STATUS_INSUFFICIENT_RESOURCES:
        return 1450; /* ERROR_NO_SYSTEM_RESOURCES */
    case STATUS_INVALID_HANDLE:
        return ERROR_INVALID_HANDLE;
    case STATUS_DEVICE_NOT_READY:
        return 21; /* ERROR_NOT_READY */
    case STATUS_FWP_NOT_FOUND:
        return (DWORD)FWP_E_NOT_FOUND;
    default:
        return 317; /* ERROR_MR_MID_NOT_FOUND: no mapping */
    }
}
