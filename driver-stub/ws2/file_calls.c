/*
 * file_calls.c: ReadFile and WriteFile, on sockets and on files, and the calls a service makes
 * around them: CreateFileA/W, GetStdHandle, WriteConsoleA, GetFileType, GetFileSizeEx, GetFileSize,
 * SetFilePointerEx, SetFilePointer, FlushFileBuffers, DeleteFileA/W, and for its folders
 * GetFileAttributesA/W, CreateDirectoryA/W and RemoveDirectoryA/W.
 *
 * Why: on Windows a socket is a file handle, and real programs relay with ReadFile and WriteFile
 * on it (libevent's Windows buffers read a socket with ReadFile; older IOCP proxies post
 * overlapped ReadFile on the port their WSARecv would use), and a service writes its log to a
 * file or to its standard output.  Without these such a program does not link against the
 * model, or takes another path than on Windows.
 *
 * Behaviour, from learn.microsoft.com ("ReadFile function", "WriteFile function",
 * "CreateFileA function", "GetStdHandle function", "WriteConsole function", "GetFileType
 * function", "SetFilePointerEx function", "DeleteFileA function"):
 *   sockets  ReadFile and WriteFile on a handle that socket() or accept() gave are a receive and
 *       a send without flags, through the same provider calls as WSARecv and WSASend: overlapped
 *       the same way (the event, the completion port, hEvent's low bit), and a pending one is
 *       FALSE with ERROR_IO_PENDING.  Without an OVERLAPPED the call waits for its I/O, on a
 *       non-blocking socket too (see socket_transfer).  A failure answers the Win32 code of the
 *       stack's status, as kernel32 does (RtlNtStatusToDosError), not the Winsock one: a reset
 *       connection is ERROR_NETNAME_DELETED, a send after shutdown ERROR_PIPE_NOT_CONNECTED.  A
 *       gracefully closed connection reads TRUE with 0 bytes.
 *   counts  *lpNumberOfBytesRead / *lpNumberOfBytesWritten is set to zero "before doing any work
 *       or error checking"; an overlapped call that completes at once writes the count, one that
 *       pends leaves the zero.
 *   files  CreateFile opens the host's file, a backslash read as a slash and "NUL" as the null
 *       device.  CREATE_NEW fails on an existing file with ERROR_FILE_EXISTS; CREATE_ALWAYS and
 *       OPEN_ALWAYS on one succeed with ERROR_ALREADY_EXISTS as the last error, and with 0 when
 *       they made it; OPEN_EXISTING and TRUNCATE_EXISTING on none fail with ERROR_FILE_NOT_FOUND
 *       (ERROR_PATH_NOT_FOUND when the folder is missing); a folder is ERROR_ACCESS_DENIED;
 *       TRUNCATE_EXISTING without write access, or a disposition of none of the five, is
 *       ERROR_INVALID_PARAMETER.  A
 *       handle reads only with read access and writes only with write access (else
 *       ERROR_ACCESS_DENIED); FILE_APPEND_DATA alone appends.  A synchronous read at the end of
 *       the file is TRUE with 0 bytes; an overlapped one FALSE with ERROR_HANDLE_EOF.  With an
 *       OVERLAPPED the I/O is at its offset; on a handle opened with FILE_FLAG_OVERLAPPED the
 *       file pointer does not move, and the operation completes before the call returns (TRUE,
 *       which the pages allow: "may complete synchronously"), with Internal, InternalHigh and
 *       the event set.  Not modelled: share modes, attributes, security, completion ports on
 *       files (CreateIoCompletionPort answers ERROR_INVALID_HANDLE for a file).
 *   standard handles  GetStdHandle gives the process's input, output and error; the same handle
 *       each time until it is closed.  WriteConsoleA writes only to a console (a terminal): a
 *       handle redirected to a file or a pipe fails with ERROR_INVALID_HANDLE, as the page says;
 *       WriteFile writes to either.  GetFileType: a socket or a pipe FILE_TYPE_PIPE, a terminal
 *       or the null device FILE_TYPE_CHAR, a file FILE_TYPE_DISK.
 *
 * The file's bytes move outside the world lock: a read of the standard input may block.
 */
#include "../net/net.h"
#include "../kernel/heap.h"
#include "../provider/provider.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATUS_END_OF_FILE ((NTSTATUS)0xC0000011)

static uint64_t H(HANDLE h) { return (uint64_t)(uintptr_t)h; }

static BOOL fail(DWORD e) {
    ms_set_last_error(e);
    return FALSE;
}

/* The Win32 code kernel32 gives for the status behind a Winsock code a receive or a send
 * failed with (the status's own Winsock code is what WSARecv would have said).  A code with no
 * status of its own passes through: Winsock codes are system error codes too. */
static DWORD win32_of_wsa(int e) {
    switch (e) {
    case WSAECONNRESET:
        return ERROR_NETNAME_DELETED; /* STATUS_CONNECTION_RESET */
    case WSAECONNABORTED:
        return ERROR_CONNECTION_ABORTED; /* STATUS_CONNECTION_ABORTED */
    case WSAENOTCONN:
        return ERROR_CONNECTION_INVALID; /* STATUS_INVALID_CONNECTION */
    case WSAESHUTDOWN:
        return ERROR_PIPE_NOT_CONNECTED; /* STATUS_PIPE_DISCONNECTED */
    case WSAEWOULDBLOCK:
        return ERROR_NOT_READY; /* STATUS_DEVICE_NOT_READY */
    case WSAEFAULT:
        return ERROR_NOACCESS; /* STATUS_ACCESS_VIOLATION */
    case WSAEINVAL:
        return ERROR_INVALID_PARAMETER;
    case WSAENOTSOCK:
        return ERROR_INVALID_HANDLE;
    case WSAEMSGSIZE:
        return ERROR_MORE_DATA; /* STATUS_BUFFER_OVERFLOW */
    case WSAEINTR:
    case WSA_OPERATION_ABORTED:
        return ERROR_OPERATION_ABORTED; /* STATUS_CANCELLED */
    case WSAENOBUFS:
        return ERROR_NO_SYSTEM_RESOURCES; /* STATUS_INSUFFICIENT_RESOURCES */
    case WSAETIMEDOUT:
        return ERROR_SEM_TIMEOUT; /* STATUS_IO_TIMEOUT */
    default:
        return (DWORD)e;
    }
}

static DWORD win32_of_errno(int e) {
    switch (e) {
    case ENOENT:
        return ERROR_FILE_NOT_FOUND;
    case ENOTDIR:
        return ERROR_PATH_NOT_FOUND;
    case EEXIST:
        return ERROR_FILE_EXISTS;
    case EACCES:
    case EPERM:
    case EROFS:
    case EISDIR:
        return ERROR_ACCESS_DENIED;
    case ENAMETOOLONG:
        return ERROR_FILENAME_EXCED_RANGE;
    case EMFILE:
    case ENFILE:
        return ERROR_TOO_MANY_OPEN_FILES;
    case EFAULT:
        return ERROR_NOACCESS;
    case ENOSPC:
        return 112; /* ERROR_DISK_FULL */
    case EINVAL:
        return ERROR_INVALID_PARAMETER;
    default:
        return ERROR_GEN_FAILURE;
    }
}

/* ----------------------------------------------------------------- sockets */
/* A ReadFile or WriteFile without an OVERLAPPED is kernel32's: the I/O is started like any
 * other, and the call waits for it if it pends.  So a socket's non-blocking mode, which is
 * Winsock's and not the file system's, does not make it fail at once (wine's ntdll starts
 * every socket read and write as asynchronous for that reason), and no completion packet is
 * queued for it: there is no OVERLAPPED to report (hEvent's low bit says so to the provider).
 * A wait that cannot end (virtual time, nobody to send) cancels the I/O. */
static BOOL socket_transfer(SOCKET s, void *buf, DWORD n, LPDWORD done, LPOVERLAPPED ov, bool out) {
    ms_world *w = ms_world_winsock();
    if (!w) return fail(ERROR_INVALID_HANDLE);
    OVERLAPPED own;
    HANDLE ev = NULL;
    if (!ov) {
        if (!(ev = CreateEventA(NULL, TRUE, FALSE, NULL))) return fail(ERROR_NOT_ENOUGH_MEMORY);
        memset(&own, 0, sizeof own);
        own.hEvent = (HANDLE)((uintptr_t)ev | 1);
    }
    WSABUF b = {n, buf};
    DWORD count = 0, flags = 0;
    int err = 0;
    WSATHREADID tid = {(HANDLE)(uintptr_t)ms_thread_self_handle(w), 0};
    const WSPPROC_TABLE *t = ms_provider_table(w);
    LPOVERLAPPED use = ov ? ov : &own;
    int r = out ? t->lpWSPSend(s, &b, 1, &count, 0, use, NULL, &tid, &err)
                : t->lpWSPRecv(s, &b, 1, &count, &flags, use, NULL, &tid, &err);
    if (ev && r && err == WSA_IO_PENDING) {
        if (WaitForSingleObject(ev, INFINITE) != WAIT_OBJECT_0) {
            CancelIoEx((HANDLE)(uintptr_t)s, &own);
            WaitForSingleObject(ev, INFINITE);
        }
        NTSTATUS st = (NTSTATUS)own.Internal;
        CloseHandle(ev);
        if (st == STATUS_PENDING) return fail(ERROR_OPERATION_ABORTED);
        if (done) *done = (DWORD)own.InternalHigh; /* a datagram cut short (ERROR_MORE_DATA) counts too */
        return MS_NT_SUCCESS(st) ? TRUE : fail(ms_status_to_win32(st));
    }
    if (ev) CloseHandle(ev);
    if (r) return fail(win32_of_wsa(err));
    if (done) *done = count;
    return TRUE;
}

/* ------------------------------------------------------------------- files */
/* The file a handle names, copied out under the lock: its bytes then move without it. */
static bool file_of(ms_world *w, HANDLE h, ms_file *f) {
    ms_lock(w);
    ms_file *p = ms_handle_get_locked(w, H(h), MS_H_FILE);
    if (p) *f = *p;
    ms_unlock(w);
    return p != NULL;
}

static long io_once(int fd, void *buf, size_t n, bool out, const off_t *at) {
    long r;
    do r = out ? (at ? pwrite(fd, buf, n, *at) : write(fd, buf, n)) : (at ? pread(fd, buf, n, *at) : read(fd, buf, n));
    while (r < 0 && errno == EINTR);
    return r;
}

/* A read returns what one read gives (a pipe's or a terminal's line); a write goes on until
 * every byte is written or it fails. */
static long io_all(int fd, void *buf, size_t n, bool out, off_t at, bool positioned) {
    size_t total = 0;
    do {
        off_t here = at + (off_t)total;
        long r = io_once(fd, (char *)buf + total, n - total, out, positioned ? &here : NULL);
        if (r < 0) return total ? (long)total : -1;
        if (r == 0) break;
        total += (size_t)r;
    } while (out && total < n);
    return (long)total;
}

static BOOL file_transfer(ms_file *f, void *buf, DWORD n, LPDWORD done, LPOVERLAPPED ov, bool out) {
    if (out ? !f->write : !f->read) return fail(ERROR_ACCESS_DENIED);
    if (n && !(out ? ms_probe_read(buf, n) : ms_probe_write(buf, n))) return fail(ERROR_NOACCESS);
    if (ov && !ms_probe_write(ov, sizeof *ov)) return fail(ERROR_NOACCESS);
    off_t at = ov ? (off_t)(((uint64_t)ov->OffsetHigh << 32) | ov->Offset) : 0;
    long r = io_all(f->fd, buf, n, out, at, ov != NULL);
    int e = errno;
    if (ov && !f->overlapped && r >= 0) lseek(f->fd, at + r, SEEK_SET); /* a synchronous handle's pointer moves */
    if (!ov) {
        if (r < 0) return fail(win32_of_errno(e));
        if (done) *done = (DWORD)r;
        return TRUE;
    }
    NTSTATUS st = r < 0 ? STATUS_INVALID_PARAMETER : (!out && r == 0 && n) ? STATUS_END_OF_FILE : STATUS_SUCCESS;
    ov->Internal = (ULONG_PTR)(LONG_PTR)st;
    ov->InternalHigh = r < 0 ? 0 : (ULONG_PTR)r;
    if (ov->hEvent) SetEvent((HANDLE)((uintptr_t)ov->hEvent & ~(uintptr_t)1));
    if (r < 0) return fail(win32_of_errno(e));
    if (st == STATUS_END_OF_FILE) return fail(ERROR_HANDLE_EOF);
    if (done) *done = (DWORD)r;
    return TRUE;
}

static BOOL transfer(HANDLE h, void *buf, DWORD n, LPDWORD done, LPOVERLAPPED ov, bool out) {
    if (done) {
        if (!ms_probe_write(done, sizeof *done)) return fail(ERROR_NOACCESS); /* an access violation on Windows */
        *done = 0;
    }
    ms_world *w = ms_world_process();
    if (!w) return fail(ERROR_NOT_ENOUGH_MEMORY);
    ms_lock(w);
    bool sock = ms_socket_get_locked(w, (SOCKET)(uintptr_t)h) != NULL;
    ms_unlock(w);
    if (sock) return socket_transfer((SOCKET)(uintptr_t)h, buf, n, done, ov, out);
    ms_file f;
    if (!file_of(w, h, &f)) return fail(ERROR_INVALID_HANDLE);
    return file_transfer(&f, buf, n, done, ov, out);
}

BOOL ReadFile(HANDLE h, LPVOID buf, DWORD n, LPDWORD got, LPOVERLAPPED ov) {
    return transfer(h, buf, n, got, ov, false);
}

BOOL WriteFile(HANDLE h, LPCVOID buf, DWORD n, LPDWORD put, LPOVERLAPPED ov) {
    return transfer(h, (void *)(uintptr_t)buf, n, put, ov, true);
}

/* A handle for fd, or INVALID_HANDLE_VALUE with the last error set (fd closed unless std). */
static HANDLE file_handle(int fd, int std, bool rd, bool wr, bool overlapped) {
    ms_world *w = ms_world_process();
    ms_file *f = w ? ms_calloc(1, sizeof *f) : NULL;
    uint64_t h = 0;
    if (f) {
        *f = (ms_file){.fd = fd, .std = std, .read = rd, .write = wr, .overlapped = overlapped};
        ms_lock(w);
        h = f->handle = ms_handle_alloc_locked(w, MS_H_FILE, f);
        ms_unlock(w);
    }
    if (!h) {
        if (f) ms_free(f);
        if (std < 0) close(fd);
        ms_set_last_error(f ? ERROR_TOO_MANY_OPEN_FILES : ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    return (HANDLE)(uintptr_t)h;
}

/* A Windows path as the host's: backslashes are slashes, "NUL" the null device; false when it
 * does not fit. */
static bool host_path(const char *in, char *out, size_t cap) {
    if (strcasecmp(in, "NUL") == 0 || strcasecmp(in, "\\\\.\\NUL") == 0) in = "/dev/null";
    size_t n = strlen(in);
    if (n >= cap) return false;
    for (size_t i = 0; i <= n; i++) out[i] = in[i] == '\\' ? '/' : in[i];
    return true;
}

/* ENOENT is ERROR_FILE_NOT_FOUND when the folder is there, ERROR_PATH_NOT_FOUND when not. */
static DWORD missing(const char *path) {
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash) return ERROR_FILE_NOT_FOUND;
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    memcpy(dir, path, n);
    dir[n] = 0;
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
}

#define GENERIC_ALL 0x10000000u

HANDLE CreateFileA(LPCSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES sa, DWORD disposition, DWORD flags,
                   HANDLE template_file) {
    (void)share, (void)sa, (void)template_file;
    char path[PATH_MAX];
    if (!name || !*name) {
        ms_set_last_error(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (!host_path(name, path, sizeof path)) {
        ms_set_last_error(ERROR_FILENAME_EXCED_RANGE);
        return INVALID_HANDLE_VALUE;
    }
    bool rd = access & (GENERIC_READ | FILE_READ_DATA | GENERIC_ALL);
    bool wr = access & (GENERIC_WRITE | FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_ALL);
    bool append = (access & FILE_APPEND_DATA) && !(access & (GENERIC_WRITE | FILE_WRITE_DATA | GENERIC_ALL));
    int o = (rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY) | O_CLOEXEC | (append ? O_APPEND : 0);
    switch (disposition) {
    case CREATE_NEW:
        o |= O_CREAT | O_EXCL;
        break;
    case CREATE_ALWAYS:
        o |= O_CREAT | O_TRUNC;
        break;
    case OPEN_EXISTING:
        break;
    case OPEN_ALWAYS:
        o |= O_CREAT;
        break;
    case TRUNCATE_EXISTING:
        if (!wr) { /* the page: the file must be opened with GENERIC_WRITE */
            ms_set_last_error(ERROR_INVALID_PARAMETER);
            return INVALID_HANDLE_VALUE;
        }
        o |= O_TRUNC;
        break;
    default:
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    struct stat st;
    bool existed = stat(path, &st) == 0;
    if (existed && S_ISDIR(st.st_mode)) { /* a folder needs FILE_FLAG_BACKUP_SEMANTICS, not modelled */
        ms_set_last_error(ERROR_ACCESS_DENIED);
        return INVALID_HANDLE_VALUE;
    }
    int fd = open(path, o, 0666);
    if (fd < 0) {
        int e = errno;
        ms_set_last_error(e == ENOENT ? missing(path) : win32_of_errno(e));
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h = file_handle(fd, -1, rd, wr, (flags & FILE_FLAG_OVERLAPPED) != 0);
    if (h != INVALID_HANDLE_VALUE)
        ms_set_last_error(existed && (disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS) ? ERROR_ALREADY_EXISTS
                                                                                                  : 0);
    return h;
}

HANDLE CreateFileW(LPCWSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES sa, DWORD disposition, DWORD flags,
                   HANDLE template_file) {
    char n8[PATH_MAX];
    if (name && !ms_wide_name(name, n8, sizeof n8)) {
        ms_set_last_error(ERROR_FILENAME_EXCED_RANGE);
        return INVALID_HANDLE_VALUE;
    }
    return CreateFileA(name ? n8 : NULL, access, share, sa, disposition, flags, template_file);
}

static void find_std(ms_world *w, void *obj, void *arg) {
    (void)w;
    ms_file *f = obj, **found = arg;
    if (f->std == (*found)->std) *found = f;
}

HANDLE GetStdHandle(DWORD which) {
    int std = which == STD_INPUT_HANDLE ? 0 : which == STD_OUTPUT_HANDLE ? 1 : which == STD_ERROR_HANDLE ? 2 : -1;
    ms_world *w = ms_world_process();
    if (std < 0 || !w) {
        ms_set_last_error(std < 0 ? ERROR_INVALID_HANDLE : ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    ms_file probe = {.std = std}, *found = &probe;
    ms_lock(w);
    ms_handle_each_locked(w, MS_H_FILE, find_std, &found);
    uint64_t h = found != &probe ? found->handle : 0;
    ms_unlock(w);
    if (h) return (HANDLE)(uintptr_t)h;
    return file_handle(std, std, std == 0, std != 0, false);
}

BOOL WriteConsoleA(HANDLE h, const void *buf, DWORD n, LPDWORD written, LPVOID reserved) {
    (void)reserved;
    ms_world *w = ms_world_process();
    ms_file f;
    if (!w || !file_of(w, h, &f) || !isatty(f.fd)) return fail(ERROR_INVALID_HANDLE);
    if (n && !ms_probe_read(buf, n)) return fail(ERROR_NOACCESS);
    long r = io_all(f.fd, (void *)(uintptr_t)buf, n, true, 0, false);
    if (r < 0) return fail(win32_of_errno(errno));
    if (written) *written = (DWORD)r;
    return TRUE;
}

DWORD GetFileType(HANDLE h) {
    ms_world *w = ms_world_process();
    if (!w) return FILE_TYPE_UNKNOWN;
    ms_lock(w);
    bool sock = ms_socket_get_locked(w, (SOCKET)(uintptr_t)h) != NULL;
    ms_unlock(w);
    if (sock) return FILE_TYPE_PIPE; /* the page: "a socket, a named pipe, or an anonymous pipe" */
    ms_file f;
    struct stat st;
    if (!file_of(w, h, &f) || fstat(f.fd, &st) != 0) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return FILE_TYPE_UNKNOWN;
    }
    ms_set_last_error(0);
    return S_ISCHR(st.st_mode)                            ? FILE_TYPE_CHAR
           : S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ? FILE_TYPE_PIPE
                                                          : FILE_TYPE_DISK;
}

BOOL GetFileSizeEx(HANDLE h, PLARGE_INTEGER size) {
    ms_world *w = ms_world_process();
    ms_file f;
    struct stat st;
    if (!w || !file_of(w, h, &f) || fstat(f.fd, &st) != 0) return fail(ERROR_INVALID_HANDLE);
    if (!size || !ms_probe_write(size, sizeof *size)) return fail(ERROR_NOACCESS);
    size->QuadPart = st.st_size;
    return TRUE;
}

BOOL SetFilePointerEx(HANDLE h, LARGE_INTEGER distance, PLARGE_INTEGER position, DWORD method) {
    ms_world *w = ms_world_process();
    ms_file f;
    if (!w || !file_of(w, h, &f)) return fail(ERROR_INVALID_HANDLE);
    if (method > FILE_END) return fail(ERROR_INVALID_PARAMETER);
    off_t base = method == FILE_BEGIN ? 0 : lseek(f.fd, 0, method == FILE_CURRENT ? SEEK_CUR : SEEK_END);
    if (base < 0) return fail(ERROR_INVALID_FUNCTION); /* a pipe or a terminal has no position */
    if (distance.QuadPart < -(LONGLONG)base) return fail(ERROR_NEGATIVE_SEEK);
    off_t to = lseek(f.fd, base + distance.QuadPart, SEEK_SET);
    if (to < 0) return fail(win32_of_errno(errno));
    if (position) {
        if (!ms_probe_write(position, sizeof *position)) return fail(ERROR_NOACCESS);
        position->QuadPart = to;
    }
    return TRUE;
}

BOOL FlushFileBuffers(HANDLE h) {
    ms_world *w = ms_world_process();
    ms_file f;
    if (!w || !file_of(w, h, &f)) return fail(ERROR_INVALID_HANDLE);
    if (!f.write) return fail(ERROR_ACCESS_DENIED); /* the page: GENERIC_WRITE access is needed */
    if (fsync(f.fd) != 0 && errno != EINVAL) return fail(win32_of_errno(errno)); /* a pipe: nothing to flush */
    return TRUE;
}

BOOL DeleteFileA(LPCSTR name) {
    char path[PATH_MAX];
    if (!name || !*name) return fail(ERROR_PATH_NOT_FOUND);
    if (!host_path(name, path, sizeof path)) return fail(ERROR_FILENAME_EXCED_RANGE);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return fail(ERROR_ACCESS_DENIED);
    if (unlink(path) != 0) return fail(errno == ENOENT ? missing(path) : win32_of_errno(errno));
    return TRUE;
}

BOOL DeleteFileW(LPCWSTR name) {
    char n8[PATH_MAX];
    if (name && !ms_wide_name(name, n8, sizeof n8)) return fail(ERROR_FILENAME_EXCED_RANGE);
    return DeleteFileA(name ? n8 : NULL);
}

/* ---------------------------------------------------------------- the older file calls */
/* "GetFileSize function": the low 32 bits, the high ones in *lpFileSizeHigh; INVALID_FILE_SIZE on
 * failure, and on a success whose low part is that value the last error NO_ERROR, so a caller can
 * tell the two apart (the page's remark). */
DWORD GetFileSize(HANDLE h, LPDWORD high) {
    LARGE_INTEGER size;
    if (!GetFileSizeEx(h, &size)) return INVALID_FILE_SIZE;
    if (high) {
        if (!ms_probe_write(high, sizeof *high)) return fail(ERROR_NOACCESS), INVALID_FILE_SIZE;
        *high = (DWORD)(size.QuadPart >> 32);
    }
    if ((DWORD)size.QuadPart == INVALID_FILE_SIZE) ms_set_last_error(NO_ERROR);
    return (DWORD)size.QuadPart;
}

/* "SetFilePointer function": a 32-bit signed distance, or with lpDistanceToMoveHigh a 64-bit one
 * whose high part comes and goes there; INVALID_SET_FILE_POINTER on failure (ERROR_NEGATIVE_SEEK
 * before the start), and NO_ERROR as the last error on a success whose low part is that value. */
DWORD SetFilePointer(HANDLE h, LONG distance, PLONG high, DWORD method) {
    LARGE_INTEGER move, to;
    if (high && !ms_probe_write(high, sizeof *high)) return fail(ERROR_NOACCESS), INVALID_SET_FILE_POINTER;
    move.QuadPart = high ? (LONGLONG)((ULONGLONG)(DWORD)*high << 32 | (DWORD)distance) : (LONGLONG)distance;
    if (!SetFilePointerEx(h, move, &to, method)) return INVALID_SET_FILE_POINTER;
    if (!high && to.QuadPart > 0xFFFFFFFFll) return fail(ERROR_INVALID_PARAMETER), INVALID_SET_FILE_POINTER;
    if (high) *high = (LONG)(to.QuadPart >> 32);
    if ((DWORD)to.QuadPart == INVALID_SET_FILE_POINTER) ms_set_last_error(NO_ERROR);
    return (DWORD)to.QuadPart;
}

/* ---------------------------------------------------------------- folders and attributes */
/* "GetFileAttributesA function": FILE_ATTRIBUTE_DIRECTORY for a folder, FILE_ATTRIBUTE_ARCHIVE for
 * a file (what Windows gives one just written) with FILE_ATTRIBUTE_READONLY when it cannot be
 * written; INVALID_FILE_ATTRIBUTES with ERROR_FILE_NOT_FOUND, or ERROR_PATH_NOT_FOUND when its
 * folder is missing too. */
DWORD GetFileAttributesA(LPCSTR name) {
    char path[PATH_MAX];
    struct stat st;
    if (!name || !*name) return fail(ERROR_PATH_NOT_FOUND), INVALID_FILE_ATTRIBUTES;
    if (!host_path(name, path, sizeof path)) return fail(ERROR_FILENAME_EXCED_RANGE), INVALID_FILE_ATTRIBUTES;
    if (stat(path, &st) != 0)
        return fail(errno == ENOENT || errno == ENOTDIR ? missing(path) : win32_of_errno(errno)),
               INVALID_FILE_ATTRIBUTES;
    if (S_ISDIR(st.st_mode)) return FILE_ATTRIBUTE_DIRECTORY;
    return FILE_ATTRIBUTE_ARCHIVE | (access(path, W_OK) != 0 ? FILE_ATTRIBUTE_READONLY : 0);
}

DWORD GetFileAttributesW(LPCWSTR name) {
    char n8[PATH_MAX];
    if (name && !ms_wide_name(name, n8, sizeof n8)) return fail(ERROR_FILENAME_EXCED_RANGE), INVALID_FILE_ATTRIBUTES;
    return GetFileAttributesA(name ? n8 : NULL);
}

/* "CreateDirectoryA function": ERROR_ALREADY_EXISTS when it is there, ERROR_PATH_NOT_FOUND when
 * its parent is not (one level only).  Security attributes are not modelled. */
BOOL CreateDirectoryA(LPCSTR name, LPSECURITY_ATTRIBUTES sa) {
    (void)sa;
    char path[PATH_MAX];
    if (!name || !*name) return fail(ERROR_PATH_NOT_FOUND);
    if (!host_path(name, path, sizeof path)) return fail(ERROR_FILENAME_EXCED_RANGE);
    if (mkdir(path, 0777) != 0)
        return fail(errno == EEXIST   ? ERROR_ALREADY_EXISTS
                    : errno == ENOENT ? ERROR_PATH_NOT_FOUND
                                      : win32_of_errno(errno));
    return TRUE;
}

BOOL CreateDirectoryW(LPCWSTR name, LPSECURITY_ATTRIBUTES sa) {
    char n8[PATH_MAX];
    if (name && !ms_wide_name(name, n8, sizeof n8)) return fail(ERROR_FILENAME_EXCED_RANGE);
    return CreateDirectoryA(name ? n8 : NULL, sa);
}

/* "RemoveDirectoryA function": an empty folder goes; one with anything in it is ERROR_DIR_NOT_EMPTY,
 * a file ERROR_DIRECTORY, one not there ERROR_FILE_NOT_FOUND (ERROR_PATH_NOT_FOUND without its
 * parent). */
BOOL RemoveDirectoryA(LPCSTR name) {
    char path[PATH_MAX];
    struct stat st;
    if (!name || !*name) return fail(ERROR_PATH_NOT_FOUND);
    if (!host_path(name, path, sizeof path)) return fail(ERROR_FILENAME_EXCED_RANGE);
    if (stat(path, &st) != 0) return fail(errno == ENOENT || errno == ENOTDIR ? missing(path) : win32_of_errno(errno));
    if (!S_ISDIR(st.st_mode)) return fail(ERROR_DIRECTORY);
    if (rmdir(path) != 0)
        return fail(errno == ENOTEMPTY || errno == EEXIST ? ERROR_DIR_NOT_EMPTY : win32_of_errno(errno));
    return TRUE;
}

BOOL RemoveDirectoryW(LPCWSTR name) {
    char n8[PATH_MAX];
    if (name && !ms_wide_name(name, n8, sizeof n8)) return fail(ERROR_FILENAME_EXCED_RANGE);
    return RemoveDirectoryA(name ? n8 : NULL);
}
