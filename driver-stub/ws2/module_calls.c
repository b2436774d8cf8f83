/*
 * module_calls.c: GetModuleHandleA/W, LoadLibraryA/W, FreeLibrary, GetProcAddress and
 * GetModuleFileNameA/W over the three DLLs the model stands for (ws2_32.dll, mswsock.dll,
 * kernel32.dll) and the program, and the AcceptEx, TransmitFile and GetAcceptExSockaddrs that
 * mswsock.dll exports.
 *
 * Why: programs that must also start on older systems look up what newer ones have at run time
 * (WSAPoll, inet_ntop, QueueUserAPC, GetQueuedCompletionStatusEx, ...) and take another path
 * when the look-up fails; a program linked with Mswsock.lib calls AcceptEx by name.  Answers
 * as learn.microsoft.com says ("GetModuleHandleA", "GetProcAddress", "LoadLibraryA"): a module
 * that is not loaded is NULL with ERROR_MOD_NOT_FOUND, a name the module does not export (an
 * ordinal included: the model has no ordinals) NULL with ERROR_PROC_NOT_FOUND.  Names are
 * matched as Windows matches them: the module's case-insensitively, ".dll" optional, a path
 * before it ignored; the function's exactly.  No WSAStartup is needed: these are the loader's.
 */
#include "../provider/provider.h"
#include "wfpcert/sdk/threadpoolapiset.h"

#include <stdio.h>
#include <strings.h>
#include <string.h>

typedef void (*proc)(void);
typedef struct {
    const char *name;
    proc fn;
} export_entry;

#define E(f)                                                                                                           \
    { #f, (proc)f }
static const export_entry ws2_32[] = {E(WSAStartup),
                                      E(WSACleanup),
                                      E(WSAGetLastError),
                                      E(WSASetLastError),
                                      {"socket", (proc)socket},
                                      {"bind", (proc)bind},
                                      {"listen", (proc)listen},
                                      {"connect", (proc)connect},
                                      {"accept", (proc)accept},
                                      E(closesocket),
                                      {"shutdown", (proc)shutdown},
                                      {"send", (proc)send},
                                      {"recv", (proc)recv},
                                      {"sendto", (proc)sendto},
                                      {"recvfrom", (proc)recvfrom},
                                      E(WSASend),
                                      E(WSARecv),
                                      E(WSASendTo),
                                      E(WSARecvFrom),
                                      {"setsockopt", (proc)setsockopt},
                                      {"getsockopt", (proc)getsockopt},
                                      {"getsockname", (proc)getsockname},
                                      {"getpeername", (proc)getpeername},
                                      E(ioctlsocket),
                                      E(WSAIoctl),
                                      E(WSAGetOverlappedResult),
                                      {"htons", (proc)htons},
                                      {"htonl", (proc)htonl},
                                      {"ntohs", (proc)ntohs},
                                      {"ntohl", (proc)ntohl},
                                      {"inet_pton", (proc)inet_pton},
                                      {"inet_ntop", (proc)inet_ntop},
                                      E(InetPtonW),
                                      E(InetNtopW),
                                      {"getaddrinfo", (proc)getaddrinfo},
                                      {"freeaddrinfo", (proc)freeaddrinfo},
                                      E(GetAddrInfoW),
                                      E(FreeAddrInfoW),
                                      {"getnameinfo", (proc)getnameinfo},
                                      E(GetNameInfoW),
                                      {"gethostbyname", (proc)gethostbyname},
                                      {"gethostbyaddr", (proc)gethostbyaddr},
                                      {"gethostname", (proc)gethostname},
                                      E(GetHostNameW),
                                      {"inet_addr", (proc)inet_addr},
                                      {"inet_ntoa", (proc)inet_ntoa},
                                      {"getservbyname", (proc)getservbyname},
                                      {"getservbyport", (proc)getservbyport},
                                      {"getprotobyname", (proc)getprotobyname},
                                      {"getprotobynumber", (proc)getprotobynumber},
                                      E(WSASocketA),
                                      E(WSASocketW),
                                      E(WSACreateEvent),
                                      E(WSACloseEvent),
                                      E(WSASetEvent),
                                      E(WSAResetEvent),
                                      E(WSAWaitForMultipleEvents),
                                      E(WSAEventSelect),
                                      E(WSAEnumNetworkEvents),
                                      E(WSAPoll),
                                      {"select", (proc)select},
                                      {"__WSAFDIsSet", (proc)__WSAFDIsSet},
                                      E(WSAConnect),
                                      E(WSAConnectByNameA),
                                      E(WSAConnectByNameW),
                                      E(WSAAccept),
                                      E(WSAAddressToStringA),
                                      E(WSAAddressToStringW),
                                      E(WSAStringToAddressA),
                                      E(WSAStringToAddressW),
                                      E(WSASendDisconnect),
                                      E(WSARecvDisconnect),
                                      E(WSAHtons),
                                      E(WSAHtonl),
                                      E(WSANtohs),
                                      E(WSANtohl),
                                      E(gai_strerrorA),
                                      E(gai_strerrorW),
                                      {NULL, NULL}};
static const export_entry mswsock[] = {E(AcceptEx), E(TransmitFile), E(GetAcceptExSockaddrs), {NULL, NULL}};
static const export_entry kernel32[] = {E(GetLastError),
                                        E(SetLastError),
                                        E(CloseHandle),
                                        E(SetHandleInformation),
                                        E(GetHandleInformation),
                                        E(CreateIoCompletionPort),
                                        E(GetQueuedCompletionStatus),
                                        E(GetQueuedCompletionStatusEx),
                                        E(PostQueuedCompletionStatus),
                                        E(CancelIo),
                                        E(CancelIoEx),
                                        E(SetFileCompletionNotificationModes),
                                        E(GetOverlappedResult),
                                        E(GetOverlappedResultEx),
                                        E(QueueUserAPC),
                                        E(CreateThread),
                                        E(GetExitCodeThread),
                                        E(GetCurrentThread),
                                        E(GetCurrentThreadId),
                                        E(GetCurrentProcess),
                                        E(GetCurrentProcessId),
                                        E(SwitchToThread),
                                        E(CreateEventA),
                                        E(CreateEventW),
                                        E(SetEvent),
                                        E(ResetEvent),
                                        E(CreateMutexA),
                                        E(CreateMutexW),
                                        E(ReleaseMutex),
                                        E(CreateSemaphoreA),
                                        E(CreateSemaphoreW),
                                        E(ReleaseSemaphore),
                                        E(WaitForSingleObject),
                                        E(WaitForSingleObjectEx),
                                        E(WaitForMultipleObjects),
                                        E(WaitForMultipleObjectsEx),
                                        E(Sleep),
                                        E(SleepEx),
                                        E(GetTickCount),
                                        E(GetTickCount64),
                                        E(QueryPerformanceCounter),
                                        E(QueryPerformanceFrequency),
                                        E(InitializeCriticalSection),
                                        E(InitializeCriticalSectionAndSpinCount),
                                        E(EnterCriticalSection),
                                        E(TryEnterCriticalSection),
                                        E(LeaveCriticalSection),
                                        E(DeleteCriticalSection),
                                        E(InitializeSRWLock),
                                        E(AcquireSRWLockExclusive),
                                        E(AcquireSRWLockShared),
                                        E(ReleaseSRWLockExclusive),
                                        E(ReleaseSRWLockShared),
                                        E(TryAcquireSRWLockExclusive),
                                        E(TryAcquireSRWLockShared),
                                        E(InitializeConditionVariable),
                                        E(SleepConditionVariableCS),
                                        E(SleepConditionVariableSRW),
                                        E(WakeConditionVariable),
                                        E(WakeAllConditionVariable),
                                        E(GetSystemTimeAsFileTime),
                                        E(GetSystemTimePreciseAsFileTime),
                                        E(GetSystemTime),
                                        E(GetLocalTime),
                                        E(GetSystemInfo),
                                        E(GetNativeSystemInfo),
                                        E(FormatMessageA),
                                        E(FormatMessageW),
                                        E(LocalFree),
                                        E(OutputDebugStringA),
                                        E(OutputDebugStringW),
                                        E(GetProcessHeap),
                                        E(HeapCreate),
                                        E(HeapDestroy),
                                        E(HeapAlloc),
                                        E(HeapReAlloc),
                                        E(HeapFree),
                                        E(HeapSize),
                                        E(GetModuleHandleA),
                                        E(GetModuleHandleW),
                                        E(LoadLibraryA),
                                        E(LoadLibraryW),
                                        E(FreeLibrary),
                                        E(GetProcAddress),
                                        E(CreateThreadpoolIo),
                                        E(StartThreadpoolIo),
                                        E(CancelThreadpoolIo),
                                        E(WaitForThreadpoolIoCallbacks),
                                        E(CloseThreadpoolIo),
                                        E(CreateThreadpoolWork),
                                        E(SubmitThreadpoolWork),
                                        E(WaitForThreadpoolWorkCallbacks),
                                        E(CloseThreadpoolWork),
                                        E(TrySubmitThreadpoolCallback),
                                        E(SetEventWhenCallbackReturns),
                                        {NULL, NULL}};
#undef E

/* A module handle is the address of its entry here; the program itself exports nothing. */
static const struct module {
    const char *name;
    const export_entry *exports;
} modules[] = {{"ws2_32", ws2_32}, {"mswsock", mswsock}, {"kernel32", kernel32}, {NULL, NULL}};
static const struct module program = {NULL, NULL};

static HMODULE find_module(const char *name) {
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/') base = p + 1;
    size_t n = strlen(base);
    if (n > 4 && !strcasecmp(base + n - 4, ".dll")) n -= 4;
    for (const struct module *m = modules; m->name; m++)
        if (strlen(m->name) == n && !strncasecmp(base, m->name, n)) return (HMODULE)(uintptr_t)m;
    ms_set_last_error(ERROR_MOD_NOT_FOUND);
    return NULL;
}

/* The wide name as the narrow one; a code unit past ASCII names no module the model has. */
static HMODULE find_module_w(LPCWSTR name) {
    char narrow[260];
    size_t i = 0;
    for (; name[i] && i < sizeof narrow - 1; i++) narrow[i] = name[i] < 0x80 ? (char)name[i] : '?';
    narrow[i] = 0;
    return find_module(narrow);
}

HMODULE GetModuleHandleA(LPCSTR name) { return name ? find_module(name) : (HMODULE)(uintptr_t)&program; }
HMODULE GetModuleHandleW(LPCWSTR name) { return name ? find_module_w(name) : (HMODULE)(uintptr_t)&program; }

/* "LoadLibraryA": a NULL name is ERROR_INVALID_PARAMETER; the model loads nothing new. */
HMODULE LoadLibraryA(LPCSTR name) {
    if (!name) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return find_module(name);
}

HMODULE LoadLibraryW(LPCWSTR name) {
    if (!name) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return find_module_w(name);
}

BOOL FreeLibrary(HMODULE h) {
    for (const struct module *m = modules; m->name; m++)
        if ((HMODULE)(uintptr_t)m == h) return TRUE;
    ms_set_last_error(ERROR_MOD_NOT_FOUND);
    return FALSE;
}

FARPROC GetProcAddress(HMODULE h, LPCSTR name) {
    const struct module *mod = NULL;
    for (const struct module *m = modules; m->name; m++)
        if ((HMODULE)(uintptr_t)m == h) mod = m;
    if (!h) mod = &program; /* "GetProcAddress": NULL is the calling process's module */
    if (!mod && h != (HMODULE)(uintptr_t)&program) {
        ms_set_last_error(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if (mod && mod->exports && ((uintptr_t)name >> 16) != 0)
        for (const export_entry *e = mod->exports; e->name; e++)
            if (!strcmp(e->name, name)) return (FARPROC)e->fn;
    ms_set_last_error(ERROR_PROC_NOT_FOUND);
    return NULL;
}

/* ---------------------------------------------------------- mswsock exports */
BOOL PASCAL AcceptEx(SOCKET listener, SOCKET acceptor, PVOID out, DWORD recv_len, DWORD local_len, DWORD remote_len,
                     LPDWORD received, LPOVERLAPPED ov) {
    GUID id = WSAID_ACCEPTEX;
    LPFN_ACCEPTEX fn = NULL;
    DWORD n = 0;
    if (WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn, &n, NULL, NULL))
        return FALSE; /* not a socket: WSAIoctl's error stays */
    return fn(listener, acceptor, out, recv_len, local_len, remote_len, received, ov);
}

BOOL PASCAL TransmitFile(SOCKET s, HANDLE file, DWORD n, DWORD per_send, LPOVERLAPPED ov, LPTRANSMIT_FILE_BUFFERS tfb,
                         DWORD flags) {
    return ms_transmitfile(s, file, n, per_send, ov, tfb, flags); /* its own checks name a non-socket */
}

VOID PASCAL GetAcceptExSockaddrs(PVOID out, DWORD recv_len, DWORD local_len, DWORD remote_len, struct sockaddr **local,
                                 LPINT local_n, struct sockaddr **remote, LPINT remote_n) {
    static const GUID id = WSAID_GETACCEPTEXSOCKADDRS;
    LPFN_GETACCEPTEXSOCKADDRS fn = (LPFN_GETACCEPTEXSOCKADDRS)ms_ext_function(&id);
    fn(out, recv_len, local_len, remote_len, local, local_n, remote, remote_n);
}

/* "GetModuleFileNameA function": the program's own module (NULL, or GetModuleHandle(NULL)) is the
 * image of its process, the path the model makes its ALE_APP_ID from; ws2_32, mswsock and
 * kernel32 are System32's.  A buffer too small takes nSize - 1 characters and the terminator,
 * and the call answers nSize with ERROR_INSUFFICIENT_BUFFER; a module not there, 0 with
 * ERROR_MOD_NOT_FOUND. */
static DWORD module_path(HMODULE h, char *path, size_t cap) {
    const struct module *m = (const struct module *)(const void *)h;
    if (!h || m == &program) return (DWORD)snprintf(path, cap, "%s", ms_process_self_image());
    for (const struct module *k = modules; k->name; k++)
        if (k == m) return (DWORD)snprintf(path, cap, "C:\\Windows\\System32\\%s.dll", k->name);
    return 0;
}

/* How many characters of h's path go into n units (put, the terminator after them) and what the
 * call answers; 0 with the last error set when nothing is written. */
static DWORD name_fits(HMODULE h, char *path, size_t cap, DWORD n, DWORD *put) {
    DWORD len = module_path(h, path, cap);
    if (!len || !n) { /* no module, or no room even for the terminator */
        ms_set_last_error(len ? ERROR_INSUFFICIENT_BUFFER : ERROR_MOD_NOT_FOUND);
        return 0;
    }
    *put = len < n ? len : n - 1;
    if (len < n) return len;
    ms_set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return n;
}

DWORD GetModuleFileNameA(HMODULE h, LPSTR out, DWORD n) {
    char path[300];
    DWORD put = 0, r = name_fits(h, path, sizeof path, n, &put);
    if (r) {
        memcpy(out, path, put);
        out[put] = 0;
    }
    return r;
}

DWORD GetModuleFileNameW(HMODULE h, LPWSTR out, DWORD n) {
    char path[300];
    DWORD put = 0, r = name_fits(h, path, sizeof path, n, &put);
    if (r) {
        for (DWORD i = 0; i < put; i++) out[i] = (WCHAR)(unsigned char)path[i]; /* the paths are ASCII */
        out[put] = 0;
    }
    return r;
}
