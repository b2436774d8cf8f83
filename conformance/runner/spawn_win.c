/*
 * spawn_win.c: spawn.h on Windows: each case runs in a re-executed copy of this program.
 *
 * Windows has no fork, so the child is `THIS.EXE conform --target T [--profile P]
 * [--knob K=V]... [--fault F]... --run-one ID --protocol` started with CreateProcess.  Both
 * wfpcert and the runner's self-test binary accept `conform ARGS...` as their first word, so
 * the same command line works for either.  The child's stdout and stderr share one pipe;
 * protocol lines carry a marker (protocol.h), so everything is delivered as the protocol
 * stream and the parser keeps non-marker lines as the case's output.
 *
 * Reading: anonymous pipes have no overlapped I/O, so each child gets one reader thread that
 * appends to a buffer under a lock and signals one process-wide event; wc_proc_wait waits on
 * that event and hands the buffered bytes to the scheduler in the scheduler's thread.  The
 * child's C runtime writes stdout in text mode, so "\r\n" is turned back into "\n" here.
 *
 * Ending: a hang is ended with TerminateProcess; a crash shows up as an NTSTATUS exit code
 * (0xC0000005 ...), reported as the matching signal (WC_SIGNALED) so the report says
 * SIGSEGV on both systems.  Children are put in a kill-on-close job object, so an
 * interrupted run leaves no case behind (the PR_SET_PDEATHSIG of the POSIX side), and the
 * error mode is set so that a crashing case never waits on an error dialog.
 */
#include "spawn.h"
#include "case.h" /* wc_catalogue_get: the id of the case to run */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct wc_proc {
    HANDLE process, reader, pipe;
    CRITICAL_SECTION lock;
    char *buf; /* bytes read but not delivered yet (under lock) */
    size_t len, cap;
    int eof; /* the reader thread reached the end of the pipe (under lock) */
    int drained; /* eof, and everything before it was delivered */
    int killed, abandoned, cr_pending;
    volatile LONG refs; /* the scheduler and the reader thread */
};

static HANDLE activity; /* auto-reset: some reader has news */
static HANDLE job; /* kill-on-close: children die with the runner */
static HANDLE nul_in; /* the children's stdin */

static void destroy(wc_proc *p) {
    if (p->process) CloseHandle(p->process);
    if (p->reader) CloseHandle(p->reader);
    if (p->pipe) CloseHandle(p->pipe);
    DeleteCriticalSection(&p->lock);
    free(p->buf);
    free(p);
}

static void unref(wc_proc *p) {
    if (InterlockedDecrement(&p->refs) == 0) destroy(p);
}

static DWORD WINAPI reader_main(void *arg) {
    wc_proc *p = arg;
    char tmp[8192];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(p->pipe, tmp, sizeof tmp, &got, NULL)) break; /* EOF, or cancelled */
        if (!got) continue;
        EnterCriticalSection(&p->lock);
        if (p->len + got > p->cap) {
            size_t cap = (p->len + got) * 2;
            char *b = realloc(p->buf, cap);
            if (!b) abort();
            p->buf = b;
            p->cap = cap;
        }
        memcpy(p->buf + p->len, tmp, got);
        p->len += got;
        LeaveCriticalSection(&p->lock);
        SetEvent(activity);
    }
    EnterCriticalSection(&p->lock);
    p->eof = 1;
    LeaveCriticalSection(&p->lock);
    SetEvent(activity);
    unref(p);
    return 0;
}

static int once(char *err, size_t cap) {
    if (activity) return 0;
    /* Inherited by the children: no error dialog, no WER wait, on a crash. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    activity = CreateEventW(NULL, FALSE, FALSE, NULL);
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    nul_in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
    if (!activity || nul_in == INVALID_HANDLE_VALUE) {
        snprintf(err, cap, "cannot create the runner's event or open NUL: error %lu", GetLastError());
        if (activity) CloseHandle(activity);
        activity = NULL;
        return -1;
    }
    job = CreateJobObjectW(NULL, NULL);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
        memset(&li, 0, sizeof li);
        li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &li, sizeof li)) {
            CloseHandle(job);
            job = NULL; /* not fatal: only the clean-up after an interrupted run is lost */
        }
    }
    return 0;
}

/* ---- the child's command line ---- */

typedef struct wbuf {
    wchar_t *s;
    size_t len, cap;
} wbuf;

static void put(wbuf *b, const wchar_t *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap * sizeof *b->s);
        if (!b->s) abort();
    }
    wmemcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

/* Appends one argument quoted so that CommandLineToArgvW and the C runtime give it back
 * unchanged: backslashes are literal except before a quote. */
static void put_arg(wbuf *b, const wchar_t *a) {
    if (b->len) put(b, L" ", 1);
    if (*a && !wcspbrk(a, L" \t\n\v\"")) {
        put(b, a, wcslen(a));
        return;
    }
    put(b, L"\"", 1);
    for (const wchar_t *p = a;; p++) {
        size_t slashes = 0;
        while (*p == L'\\') p++, slashes++;
        size_t n = !*p ? slashes * 2 : *p == L'"' ? slashes * 2 + 1 : slashes;
        for (size_t i = 0; i < n; i++) put(b, L"\\", 1);
        if (!*p) break;
        put(b, p, 1);
    }
    put(b, L"\"", 1);
}

static void put_narrow(wbuf *b, const char *a) {
    int n = MultiByteToWideChar(CP_ACP, 0, a, -1, NULL, 0);
    wchar_t *w = calloc(n > 0 ? (size_t)n : 1, sizeof *w);
    if (!w) abort();
    if (n > 0) MultiByteToWideChar(CP_ACP, 0, a, -1, w, n);
    put_arg(b, w);
    free(w);
}

static wchar_t *command_line(const wc_settings *s, size_t index, wchar_t *exe) {
    wbuf b = {0};
    put_arg(&b, exe);
    put_narrow(&b, "conform");
    put_narrow(&b, "--target");
    put_narrow(&b, s->target);
    if (s->profile) {
        put_narrow(&b, "--profile");
        put_narrow(&b, s->profile);
    }
    if (s->reference) {
        put_narrow(&b, "--reference");
        put_narrow(&b, s->reference);
    }
    for (size_t i = 0; i < s->nknobs; i++) {
        size_t n = strlen(s->knob_names[i]) + strlen(s->knob_values[i]) + 2;
        char *kv = malloc(n);
        if (!kv) abort();
        snprintf(kv, n, "%s=%s", s->knob_names[i], s->knob_values[i]);
        put_narrow(&b, "--knob");
        put_narrow(&b, kv);
        free(kv);
    }
    for (size_t i = 0; i < s->nfaults; i++) {
        put_narrow(&b, "--fault");
        put_narrow(&b, s->faults[i]);
    }
    put_narrow(&b, "--run-one");
    put_narrow(&b, wc_catalogue_get(index)->id);
    put_narrow(&b, "--protocol");
    return b.s;
}

/* One process per case here: workers would need a protocol on the child's stdin and a way to
 * run LeakSanitizer that Windows builds do not have; see spawn.h. */
int wc_proc_reuse_supported(void) { return 0; }
int wc_proc_leak_checker(void) { return 0; }
int wc_proc_next(wc_proc *p, size_t index) { return (void)p, (void)index, -1; }
void wc_proc_retire(wc_proc *p) { (void)p; }
int wc_proc_stray_output(const wc_proc *p) { return (void)p, 0; }
int wc_proc_alive(const wc_proc *p) { return (void)p, 0; }
/* Windows keeps no per-process run-queue time: the timeout counts from the case's start. */
long long wc_proc_queued_us(const wc_proc *p) { return (void)p, 0; }

wc_proc *wc_proc_start(const wc_settings *s, size_t index, int flags, char *err, size_t cap) {
    (void)flags; /* no workers, no leak checker (see above) */
    if (once(err, cap) != 0) return NULL;
    wchar_t exe[32768];
    DWORD n = GetModuleFileNameW(NULL, exe, sizeof exe / sizeof exe[0]);
    if (!n || n >= sizeof exe / sizeof exe[0]) {
        snprintf(err, cap, "cannot find this program's path: error %lu", GetLastError());
        return NULL;
    }
    HANDLE rd, wr;
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    if (!CreatePipe(&rd, &wr, &sa, 0)) {
        snprintf(err, cap, "cannot create a pipe: error %lu", GetLastError());
        return NULL;
    }
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0); /* only the write end goes to the child */
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = nul_in;
    si.hStdOutput = wr;
    si.hStdError = wr;
    PROCESS_INFORMATION pi;
    wchar_t *cmd = command_line(s, index, exe);
    BOOL ok = CreateProcessW(exe, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
    DWORD e = GetLastError();
    free(cmd);
    CloseHandle(wr); /* now only the child holds the write end: its exit is our EOF */
    if (!ok) {
        CloseHandle(rd);
        snprintf(err, cap, "cannot start a case process (CreateProcess): error %lu", e);
        return NULL;
    }
    if (job) AssignProcessToJobObject(job, pi.hProcess); /* may fail inside a foreign job: fine */
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);

    wc_proc *p = calloc(1, sizeof *p);
    if (!p) abort();
    InitializeCriticalSection(&p->lock);
    p->process = pi.hProcess;
    p->pipe = rd;
    p->refs = 2;
    p->reader = CreateThread(NULL, 64 * 1024, reader_main, p, 0, NULL);
    if (!p->reader) {
        TerminateProcess(p->process, 1);
        p->refs = 1;
        unref(p);
        snprintf(err, cap, "cannot start a reader thread: error %lu", GetLastError());
        return NULL;
    }
    return p;
}

/* Hands what p's reader collected to fn, with "\r\n" as "\n".  1 when something happened. */
static int deliver(wc_proc *p, size_t slot, wc_proc_data_fn fn, void *ud) {
    if (p->drained) return 0;
    EnterCriticalSection(&p->lock);
    char *data = p->buf;
    size_t len = p->len;
    int eof = p->eof || p->abandoned;
    p->buf = NULL;
    p->len = p->cap = 0;
    LeaveCriticalSection(&p->lock);
    size_t o = 0;
    char *out = malloc(len + 2);
    if (!out) abort();
    if (p->cr_pending && !(len && data[0] == '\n')) out[o++] = '\r';
    p->cr_pending = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\r' && i + 1 == len && !eof) {
            p->cr_pending = 1; /* its '\n' may be in the next read */
        } else if (!(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')) {
            out[o++] = data[i];
        }
    }
    if (o) fn(ud, slot, WC_STREAM_PROTOCOL, out, o);
    free(out);
    free(data);
    if (eof) p->drained = 1;
    return o > 0 || eof;
}

void wc_proc_wait(wc_proc *const *procs, size_t n, long timeout_ms, wc_proc_data_fn fn, void *ud) {
    int news = 0, ended_open = 0;
    for (size_t i = 0; i < n; i++)
        if (procs[i]) news |= deliver(procs[i], i, fn, ud);
    if (news) return;
    for (size_t i = 0; i < n; i++)
        if (procs[i] && procs[i]->drained && WaitForSingleObject(procs[i]->process, 0) != WAIT_OBJECT_0) ended_open = 1;
    /* A child whose pipe closed but which has not exited yet: look again soon. */
    long t = ended_open && timeout_ms > 5 ? 5 : timeout_ms;
    if (activity) WaitForSingleObject(activity, t < 0 ? 0 : (DWORD)t);
    for (size_t i = 0; i < n; i++)
        if (procs[i]) deliver(procs[i], i, fn, ud);
}

/* An NTSTATUS exit code of a crash, as the POSIX signal it corresponds to; 0 when none. */
static int crash_signal(DWORD code) {
    switch (code) {
    case 0xC0000005: /* STATUS_ACCESS_VIOLATION */
    case 0xC0000006: /* STATUS_IN_PAGE_ERROR */
    case 0xC00000FD: /* STATUS_STACK_OVERFLOW */
    case 0xC0000374: /* STATUS_HEAP_CORRUPTION */
        return SIGSEGV;
    case 0xC000001D: /* STATUS_ILLEGAL_INSTRUCTION (ud2, __builtin_trap) */
    case 0xC0000096: /* STATUS_PRIVILEGED_INSTRUCTION */
        return SIGILL;
    case 0xC000008E: /* STATUS_FLOAT_DIVIDE_BY_ZERO */
    case 0xC0000094: /* STATUS_INTEGER_DIVIDE_BY_ZERO */
    case 0xC0000095: /* STATUS_INTEGER_OVERFLOW */
        return SIGFPE;
    case 0xC0000409: /* STATUS_STACK_BUFFER_OVERRUN: __fastfail, UCRT abort() */
        return SIGABRT;
    default:
        return 0;
    }
}

int wc_proc_done(wc_proc *p, wc_exit *x) {
    if (!p->drained) return 0;
    if (WaitForSingleObject(p->process, 0) != WAIT_OBJECT_0) return 0;
    DWORD code = 0;
    GetExitCodeProcess(p->process, &code);
    int sig = crash_signal(code);
    if (p->killed)
        *x = (wc_exit){WC_TIMED_OUT, 0};
    else if (sig)
        *x = (wc_exit){WC_SIGNALED, sig};
    else
        *x = (wc_exit){WC_EXITED, (int)code};
    return 1;
}

/* Stops waiting for p's output: the reader thread is cut loose and frees p when it ends. */
static void abandon(wc_proc *p) {
    EnterCriticalSection(&p->lock);
    p->abandoned = 1;
    LeaveCriticalSection(&p->lock);
    CancelSynchronousIo(p->reader);
}

void wc_proc_kill(wc_proc *p) {
    if (p->killed) {
        /* Killed before and still not at EOF: something it started holds the pipe open.
         * Stop waiting for it (the reader thread is cut loose and cleans up after itself). */
        abandon(p);
        return;
    }
    TerminateProcess(p->process, 0xC000013A /* STATUS_CONTROL_C_EXIT */); /* no-op once it ended */
    WaitForSingleObject(p->process, 5000);
    p->killed = 1;
    /* What it wrote before it hung is still in the pipe; wc_proc_wait drains it. */
}

void wc_proc_free(wc_proc *p) {
    if (!p) return;
    if (WaitForSingleObject(p->process, 0) != WAIT_OBJECT_0) wc_proc_kill(p);
    if (!p->drained) abandon(p);
    unref(p); /* the reader thread frees p if it is still running */
}
