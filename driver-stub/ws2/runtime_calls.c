/*
 * runtime_calls.c: the kernel32 calls a service uses to report what happened: FormatMessageA/W
 * with FORMAT_MESSAGE_FROM_SYSTEM for Win32 and Winsock codes (and LocalFree for the buffer it
 * allocates), OutputDebugStringA, and GetSystemTimeAsFileTime for log time stamps (issue 13
 * section 3).
 *
 * Why a file of its own: none of them touches a socket or a wait; they only have to give what
 * Windows gives, so that a service's log lines and error paths run unchanged.
 *
 * Behaviour, from learn.microsoft.com ("FormatMessageA", "LocalFree", "OutputDebugStringA",
 * "GetSystemTimeAsFileTime", "System Error Codes", "Windows Sockets Error Codes"):
 *   FormatMessageA/W  the system's English text of a code the model can answer with (the table
 *       below; the texts are the system's messages), ending in "\r\n" as the message tables
 *       do unless the width field is FORMAT_MESSAGE_MAX_WIDTH_MASK ("the function ignores
 *       regular line breaks").  Returns the characters stored without the NUL; a buffer too
 *       small is ERROR_INSUFFICIENT_BUFFER; FORMAT_MESSAGE_ALLOCATE_BUFFER stores a LocalAlloc'd
 *       pointer in *lpBuffer, for LocalFree.  A code not in the table is
 *       ERROR_MR_MID_NOT_FOUND, as Windows answers a code it has no message for; a language
 *       other than neutral, the user's default or US English ERROR_RESOURCE_LANG_NOT_FOUND.
 *       Only FORMAT_MESSAGE_FROM_SYSTEM is a source here (the model's choice: the names of the
 *       others are not defined, so code that uses them does not compile); a width other than
 *       0 and the mask is ERROR_INVALID_PARAMETER (the model does not wrap lines).  The
 *       messages have no inserts, so FORMAT_MESSAGE_IGNORE_INSERTS changes nothing.
 *   OutputDebugStringA  with no debugger attached Windows shows the text nowhere; the model
 *       writes it to stderr, where a test log keeps it.
 *   GetSystemTimeAsFileTime  the system time (UTC) in 100-ns intervals since 1601-01-01, the
 *       real clock also under the model's virtual clock (the tick counts add the virtual time).
 */
#include "../net/net.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    DWORD code;
    const char *text;
} messages[] = {
    {ERROR_SUCCESS, "The operation completed successfully."},
    {ERROR_INVALID_FUNCTION, "Incorrect function."},
    {ERROR_ACCESS_DENIED, "Access is denied."},
    {ERROR_INVALID_HANDLE, "The handle is invalid."},
    {ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command."},
    {ERROR_NOT_SUPPORTED, "The request is not supported."},
    {ERROR_INVALID_PARAMETER, "The parameter is incorrect."},
    {ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small."},
    {ERROR_MORE_DATA, "More data is available."},
    {WAIT_TIMEOUT, "The wait operation timed out."},
    {ERROR_NOT_OWNER, "Attempt to release mutex not owned by caller."},
    {ERROR_TOO_MANY_POSTS, "Too many posts were made to a semaphore."},
    {ERROR_OPERATION_ABORTED, "The I/O operation has been aborted because of either a thread exit or an application "
                              "request."},
    {ERROR_IO_INCOMPLETE, "Overlapped I/O event is not in a signaled state."},
    {ERROR_IO_PENDING, "Overlapped I/O operation is in progress."},
    {ERROR_NOACCESS, "Invalid access to memory location."},
    {ERROR_NOT_FOUND, "Element not found."},
    {ERROR_TIMEOUT, "This operation returned because the timeout period expired."},
    {WSAEINTR, "A blocking operation was interrupted by a call to WSACancelBlockingCall."},
    {WSAEACCES, "An attempt was made to access a socket in a way forbidden by its access permissions."},
    {WSAEFAULT, "The system detected an invalid pointer address in attempting to use a pointer argument in a call."},
    {WSAEINVAL, "An invalid argument was supplied."},
    {WSAEMFILE, "Too many open sockets."},
    {WSAEWOULDBLOCK, "A non-blocking socket operation could not be completed immediately."},
    {WSAEINPROGRESS, "A blocking operation is currently executing."},
    {WSAEALREADY, "An operation was attempted on a non-blocking socket that already had an operation in progress."},
    {WSAENOTSOCK, "An operation was attempted on something that is not a socket."},
    {WSAEDESTADDRREQ, "A required address was omitted from an operation on a socket."},
    {WSAEMSGSIZE, "A message sent on a datagram socket was larger than the internal message buffer or some other "
                  "network limit, or the buffer used to receive a datagram into was smaller than the datagram itself."},
    {WSAENOPROTOOPT,
     "An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call."},
    {WSAEOPNOTSUPP, "The attempted operation is not supported for the type of object referenced."},
    {WSAEAFNOSUPPORT, "An address incompatible with the requested protocol was used."},
    {WSAEADDRINUSE, "Only one usage of each socket address (protocol/network address/port) is normally permitted."},
    {WSAEADDRNOTAVAIL, "The requested address is not valid in its context."},
    {WSAENETDOWN, "A socket operation encountered a dead network."},
    {WSAECONNABORTED, "An established connection was aborted by the software in your host machine."},
    {WSAECONNRESET, "An existing connection was forcibly closed by the remote host."},
    {WSAENOBUFS, "An operation on a socket could not be performed because the system lacked sufficient buffer space "
                 "or because a queue was full."},
    {WSAEISCONN, "A connect request was made on an already connected socket."},
    {WSAENOTCONN, "A request to send or receive data was disallowed because the socket is not connected and (when "
                  "sending on a datagram socket using a sendto call) no address was supplied."},
    {WSAESHUTDOWN, "A request to send or receive data was disallowed because the socket had already been shut down in "
                   "that direction with a previous shutdown call."},
    {WSAETIMEDOUT, "A connection attempt failed because the connected party did not properly respond after a period "
                   "of time, or established connection failed because connected host has failed to respond."},
    {WSAECONNREFUSED, "No connection could be made because the target machine actively refused it."},
    {WSANOTINITIALISED, "Either the application has not called WSAStartup, or WSAStartup failed."},
    {WSAHOST_NOT_FOUND, "No such host is known."},
    {WSATRY_AGAIN, "This is usually a temporary error during hostname resolution and means that the local server "
                   "did not receive a response from an authoritative server."},
    {WSANO_RECOVERY, "A non-recoverable error occurred during a database lookup."},
    {WSANO_DATA, "The requested name is valid, but no data of the requested type was found."},
    {WSATYPE_NOT_FOUND, "The specified class was not found."},
    {WSAESOCKTNOSUPPORT, "The support for the specified socket type does not exist in this address family."},
};

HLOCAL LocalFree(HLOCAL hMem) {
    free(hMem);
    return NULL;
}

static DWORD fail(DWORD e) {
    ms_set_last_error(e);
    return 0;
}

/* The message FormatMessage gives for (flags, id, lang) into out (ASCII, NUL-terminated): its
 * length, or 0 with the last error set. */
static DWORD message_of(DWORD flags, DWORD id, DWORD lang, char out[512]) {
    const DWORD known = FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                        FORMAT_MESSAGE_MAX_WIDTH_MASK;
    DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    if (!(flags & FORMAT_MESSAGE_FROM_SYSTEM) || (flags & ~known) || (width && width != FORMAT_MESSAGE_MAX_WIDTH_MASK))
        return fail(ERROR_INVALID_PARAMETER);
    if (lang != 0 && lang != MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT) &&
        lang != MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US))
        return fail(ERROR_RESOURCE_LANG_NOT_FOUND);
    const char *text = NULL;
    for (size_t i = 0; i < sizeof messages / sizeof *messages; i++)
        if (messages[i].code == id) text = messages[i].text;
    if (!text) return fail(ERROR_MR_MID_NOT_FOUND);
    return (DWORD)snprintf(out, 512, "%s%s", text, width ? "" : "\r\n");
}

/* Stores the len characters of text (and a NUL) of `unit` bytes each (1: char, 2: WCHAR) in
 * buffer, or in a block it allocates there for FORMAT_MESSAGE_ALLOCATE_BUFFER (nSize, in
 * characters, the least the block must hold).  The messages are ASCII, so a WCHAR is the
 * character widened. */
static DWORD store(DWORD flags, const char *text, DWORD len, void *buffer, DWORD size, size_t unit) {
    if (!buffer) return fail(ERROR_INVALID_PARAMETER);
    void *to = buffer;
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        /* lpBuffer is a pointer to the pointer it gets */
        if (!ms_probe_write(buffer, sizeof(void *))) return fail(ERROR_NOACCESS);
        if (!(to = malloc(((size_t)len + 1 > size ? (size_t)len + 1 : size) * unit)))
            return fail(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        if (size < len + 1) return fail(ERROR_INSUFFICIENT_BUFFER);
        if (!ms_probe_write(buffer, ((size_t)len + 1) * unit)) return fail(ERROR_NOACCESS);
    }
    for (DWORD i = 0; i <= len; i++) {
        if (unit == 1)
            ((char *)to)[i] = text[i];
        else
            ((WCHAR *)to)[i] = (WCHAR)(unsigned char)text[i];
    }
    if (to != buffer) memcpy(buffer, &to, sizeof to);
    return len;
}

DWORD FormatMessageA(DWORD flags, LPCVOID source, DWORD id, DWORD lang, LPSTR buffer, DWORD size, va_list *args) {
    (void)source, (void)args;
    char out[512];
    DWORD len = message_of(flags, id, lang, out);
    return len ? store(flags, out, len, buffer, size, 1) : 0;
}

DWORD FormatMessageW(DWORD flags, LPCVOID source, DWORD id, DWORD lang, LPWSTR buffer, DWORD size, va_list *args) {
    (void)source, (void)args;
    char out[512];
    DWORD len = message_of(flags, id, lang, out);
    return len ? store(flags, out, len, buffer, size, sizeof(WCHAR)) : 0;
}

void OutputDebugStringA(LPCSTR lpOutputString) {
    if (lpOutputString) fputs(lpOutputString, stderr);
}

/* The text as UTF-8, in pieces a stack buffer holds (a debug line of any length). */
void OutputDebugStringW(LPCWSTR lpOutputString) {
    char piece[256];
    for (const wchar_t *p = lpOutputString; p && *p;) {
        wchar_t part[60];
        size_t n = 0;
        while (p[n] && n + 1 < sizeof part / sizeof part[0]) {
            part[n] = p[n];
            n++;
        }
        part[n] = 0;
        if (ms_wide_name(part, piece, sizeof piece)) fputs(piece, stderr);
        p += n;
    }
}

void GetSystemTimeAsFileTime(LPFILETIME ft) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* 11644473600 s from 1601-01-01 to 1970-01-01; both parts are non-negative here. */
    ULONGLONG t = ((ULONGLONG)ts.tv_sec + 11644473600ull) * 10000000ull + (ULONGLONG)ts.tv_nsec / 100u;
    ft->dwLowDateTime = (DWORD)t;
    ft->dwHighDateTime = (DWORD)(t >> 32);
}

/* ---------------------------------------------------------- local and global */
/* "LocalAlloc", "GlobalAlloc": fixed blocks; the flags a program passes for them (LPTR, GPTR,
 * LMEM_FIXED, GMEM_FIXED) and LMEM_ZEROINIT.  A movable block needs a handle table the model
 * does not keep: refused, so that a program that locks one does not read a pointer that is no
 * handle. */
static HLOCAL fixed_block(UINT flags, SIZE_T bytes) {
    if (flags & ~(UINT)(LMEM_ZEROINIT)) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    void *p = (flags & LMEM_ZEROINIT) ? calloc(1, bytes ? bytes : 1) : malloc(bytes ? bytes : 1);
    if (!p) ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return p;
}

HLOCAL LocalAlloc(UINT uFlags, SIZE_T uBytes) { return fixed_block(uFlags, uBytes); }
HGLOBAL GlobalAlloc(UINT uFlags, SIZE_T dwBytes) { return fixed_block(uFlags, dwBytes); }
HGLOBAL GlobalFree(HGLOBAL hMem) { return LocalFree(hMem); }

void ExitProcess(UINT uExitCode) {
    fflush(NULL);
    exit((int)uExitCode);
}

/* A tracer (a debugger) shows in /proc/self/status as TracerPid. */
BOOL IsDebuggerPresent(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    long tracer = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "TracerPid:", 10) == 0) tracer = strtol(line + 10, NULL, 10);
    if (f) fclose(f);
    return tracer != 0;
}
