/*
 * common.c: the machinery the case files share: socket states, one IOCTL call in any call
 * mode through either entry point, and the judges of the documented alternatives.
 *
 * What wc_run checks on every call, whatever the case (each a documented rule):
 *   - the return value is 0 or SOCKET_ERROR (SDK-WSAIOCTL "Return value");
 *   - WSPIoctl writes *lpErrno when it fails (SDK-WSPIOCTL);
 *   - a synchronous call never returns WSA_IO_PENDING, and a pending one leaves
 *     *lpcbBytesReturned alone ("lpcbBytesReturned is not updated", SEMANTICS 3, A18);
 *   - a completion routine runs only in an alertable wait, exactly once, with dwFlags 0 and
 *     the caller's lpOverlapped (A19, A20, SDK-WSAIOCTL);
 *   - a completion port gets exactly one packet with the key and lpOverlapped, and a failed
 *     packet shows the Win32 view of the status, not a WSA code (A18, A24);
 *   - the event is signalled on completion and OVERLAPPED.Internal no longer says
 *     STATUS_PENDING (SDK-WSAIOCTL; A18, A64);
 *   - an immediate failure queues nothing (A23, A30), an ignored lpOverlapped is not touched
 *     (A32), and nothing is written past the output buffer (canary).
 * The cases then judge the result (wc_judge_*).  Why here: one implementation of five
 * completion paths is easier to trust than a copy in each case.
 */
#include "cases.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *const wc_state_names[WC_STATE_COUNT] = {"fresh",      "bound", "listening", "plain",
                                                    "redirected", "udp",   "closed",    "notsock"};
const char *const wc_mode_keys[WC_MODE_COUNT] = {"sync", "ov_event", "ov_apc", "ov_iocp", "ov_gor"};
const char *const wc_mode_ids[WC_MODE_COUNT] = {"sync", "event", "apc", "iocp", "gor"};
const char *const wc_entry_ids[WC_ENTRY_COUNT] = {"wsa", "wsp"};

#define STATUS_PENDING_PTR ((ULONG_PTR)(LONG_PTR)(LONG)0x00000103)

/* ------------------------------------------------------------------ scenarios */
static int setup_failed(wc_ctx *c, int rc, const char *what) {
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "%s: %s", what, wt_error());
    wc_check(c, 0, "set-up: %s failed: %s", what, wt_error());
    return 0;
}

int wc_redirected(wc_ctx *c, int overlapped, wt_tcp_flow *f) {
    int rc = wt_tcp_redirected(wc_target(c), AF_INET, overlapped, f);
    return rc == WT_OK ? 1 : setup_failed(c, rc, "wt_tcp_redirected");
}

int wc_udp(wc_ctx *c, int overlapped, wt_udp_flow *f) {
    int rc = wt_udp_redirected(wc_target(c), AF_INET, overlapped, f);
    return rc == WT_OK ? 1 : setup_failed(c, rc, "wt_udp_redirected");
}

static int sock_failed(wc_ctx *c, const char *what) {
    wc_check(c, 0, "set-up: %s failed: %d", what, WSAGetLastError());
    return 0;
}

int wc_scene_make(wc_ctx *c, wc_state st, int overlapped, wc_scene *sc) {
    wt_target *t = wc_target(c);
    memset(sc, 0, sizeof *sc);
    sc->state = st;
    sc->s = INVALID_SOCKET;
    switch (st) {
    case WC_FRESH:
    case WC_BOUND:
    case WC_LISTENING:
    case WC_CLOSED: {
        sc->s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
        if (sc->s == INVALID_SOCKET) return sock_failed(c, "WSASocket");
        if (st == WC_CLOSED) return closesocket(sc->s) ? sock_failed(c, "closesocket") : 1;
        if (st == WC_FRESH) return 1;
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(sc->s, (struct sockaddr *)&a, sizeof a)) return sock_failed(c, "bind");
        if (st == WC_LISTENING && listen(sc->s, 4)) return sock_failed(c, "listen");
        return 1;
    }
    case WC_PLAIN: {
        int rc = wt_tcp_plain(t, AF_INET, &sc->tcp);
        if (rc != WT_OK) return setup_failed(c, rc, "wt_tcp_plain");
        sc->s = sc->tcp.accepted;
        return 1;
    }
    case WC_REDIRECTED:
        if (!wc_redirected(c, overlapped, &sc->tcp)) return 0;
        sc->s = sc->tcp.accepted;
        return 1;
    case WC_UDP:
        if (!wc_udp(c, overlapped, &sc->udp)) return 0;
        sc->s = sc->udp.proxy;
        return 1;
    case WC_NOTSOCK:
        sc->s = wt_not_a_socket(t);
        if (sc->s == INVALID_SOCKET) wc_unsupported(c, "the target has no non-socket handle: %s", wt_error());
        return 1;
    default:
        break;
    }
    wc_check(c, 0, "unknown state %d", (int)st);
    return 0;
}

ULONG wc_query_blob(wc_ctx *c, SOCKET accepted, int context, BYTE *buf, ULONG cap) {
    DWORD size = WC_SENTINEL;
    DWORD code = context ? SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT : SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS;
    int rc = WSAIoctl(accepted, code, NULL, 0, buf, cap, &size, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    if (!wc_check(c, rc == 0 && size > 0 && size <= cap,
                  "set-up: QUERY_%s on the redirected socket: rc=%d err=%d size=%u", context ? "CONTEXT" : "RECORDS",
                  rc, err, (unsigned)size))
        return 0;
    return size;
}

int wc_issued(wc_ctx *c, SOCKET accepted, int context, BYTE *buf, ULONG cap, ULONG *len) {
    wt_target *t = wc_target(c);
    *len = 0;
    int rc = context ? wt_issued_context(t, accepted, buf, cap, len) : wt_issued_records(t, accepted, buf, cap, len);
    if (rc == WT_OK) return 1;
    wc_log(c, "opacity check skipped: the target cannot tell the issued %s (%s)", context ? "context" : "records",
           wt_error());
    return 0;
}

int wc_want_knob(wc_ctx *c, const char *knob, const char *value) {
    const char *cur = wt_get_knob(wc_target(c), knob);
    if (cur && strcmp(cur, value) == 0) return 0;
    int rc = wt_set_knob(wc_target(c), knob, value);
    if (rc == WT_OK) wc_log(c, "knob %s switched from %s to %s for this case", knob, cur ? cur : "?", value);
    return rc;
}

void wc_use_variant(wc_ctx *c) {
    const char *v = wc_current(c)->param;
    if (!v) return;
    int layered = strcmp(v, "layered") == 0;
    const char *knob = layered ? "layered" : "transport", *want = layered ? "on" : v;
    if (wc_want_knob(c, knob, want) != WT_OK)
        wc_unsupported(c, "the target has no '%s' variant (knob %s): %s", v, knob, wt_error());
    /* The variant must really be in use: a case that ran on the default would pass for both. */
    const char *now = wt_get_knob(wc_target(c), knob);
    wc_check(c, now && strcmp(now, want) == 0, "set-up: knob %s set to %s reads back %s", knob, want,
             now ? now : "(nothing)");
    /* a value the knob does not have is refused and changes nothing (target.h wt_set_knob) */
    int rc = wt_set_knob(wc_target(c), knob, "tcp");
    now = wt_get_knob(wc_target(c), knob);
    wc_check(c, rc == WT_EINVAL && now && strcmp(now, want) == 0,
             "set-up: knob %s set to the unknown value tcp: %d, then reads %s; expected WT_EINVAL and %s", knob, rc,
             now ? now : "(nothing)", want);
}

int wc_findings(wc_ctx *c, const char *needle) {
    static char buf[16384];
    buf[0] = 0;
    int n = wt_findings(wc_target(c), buf, sizeof buf - 1);
    if (n <= 0) return 0;
    int hits = 0, index = 0;
    for (char *line = buf; *line; index++) {
        size_t len = strcspn(line, "\n");
        char save = line[len];
        line[len] = 0;
        if (!needle || strstr(line, needle)) {
            hits++;
            wc_finding_claimed(c, index);
            wc_log(c, "finding: %s", line);
        }
        line[len] = save;
        line += len + (save != 0);
    }
    return hits;
}

void wc_thread_id(WSATHREADID *tid) {
    memset(tid, 0, sizeof *tid);
#if defined(_WIN32)
    /* ws2_32 hands providers a real handle; GetCurrentThread's pseudo handle would not do. */
    HANDLE h = NULL;
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &h, 0, FALSE, DUPLICATE_SAME_ACCESS);
    tid->ThreadHandle = h;
#else
    tid->ThreadHandle = GetCurrentThread();
#endif
}

int wc_wsp(wc_ctx *c, WSPPROC_TABLE *out) {
    int rc = wt_wsp_table(wc_target(c), out);
    return rc == WT_OK ? 1 : setup_failed(c, rc, "wt_wsp_table (WSPIoctl entry point)");
}

HANDLE wc_port(wc_ctx *c, SOCKET s) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    if (!wc_check(c, port && CreateIoCompletionPort((HANDLE)(uintptr_t)s, port, WC_KEY, 0) == port,
                  "set-up: completion port: %u", (unsigned)GetLastError()))
        return NULL;
    return port;
}

void wc_expect_aborted(wc_ctx *c, HANDLE port, LPWSAOVERLAPPED ov, const char *after) {
    DWORD bytes;
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, WC_WAIT_MS);
    DWORD e = ok ? 0 : GetLastError();
    wc_check(c, !ok && got == ov && key == WC_KEY && e == ERROR_OPERATION_ABORTED,
             "pending operation, then %s: GetQueuedCompletionStatus ok=%d ov=%p key=%llu err=%u; expected FALSE, the "
             "caller's OVERLAPPED, 995 (A27, A47)",
             after, ok, (void *)got, (unsigned long long)key, (unsigned)e);
    /* an aborted operation moved nothing: its packet says 0 bytes, as a failed one does (A18) */
    if (got == ov)
        wc_check(c, bytes == 0 && ov->InternalHigh == 0,
                 "pending operation, then %s: the aborted completion carries %lu bytes (InternalHigh %llu), expected 0",
                 after, (unsigned long)bytes, (unsigned long long)ov->InternalHigh);
    CloseHandle(port);
}

void wc_canary_fill(BYTE *buf, size_t n) { memset(buf + n, 0xA5, WC_CANARY); }

int wc_canary_intact(const BYTE *buf, size_t n) {
    for (size_t i = 0; i < WC_CANARY; i++)
        if (buf[n + i] != 0xA5) return 0;
    return 1;
}

/* ------------------------------------------------------------------ the call */
static struct {
    int count;
    DWORD err, bytes, flags;
    LPWSAOVERLAPPED ov;
} apc;

static void CALLBACK on_complete(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    apc.count++;
    apc.err = err;
    apc.bytes = bytes;
    apc.ov = ov;
    apc.flags = flags;
}

void wc_call_init(wc_call *k, SOCKET s, DWORD code, int mode, int entry) {
    memset(k, 0, sizeof *k);
    k->s = s;
    k->code = code;
    k->mode = mode;
    k->entry = entry;
    k->size = WC_SENTINEL;
    k->gor_size = WC_SENTINEL;
}

/* WSAGetOverlappedResult through the entry point of the call. */
static BOOL get_result(wc_ctx *c, const wc_call *k, LPWSAOVERLAPPED ov, DWORD *cb, BOOL wait, int *err) {
    DWORD flags = 0x77;
    BOOL ok;
    if (k->entry == WC_WSPIOCTL) {
        WSPPROC_TABLE tab;
        if (!wc_wsp(c, &tab)) return FALSE;
        int e = WC_ERRNO_SENTINEL;
        ok = tab.lpWSPGetOverlappedResult(k->s, ov, cb, wait, &flags, &e);
        if (!ok) wc_check(c, e != WC_ERRNO_SENTINEL, "WSPGetOverlappedResult failed without writing *lpErrno");
        *err = ok ? 0 : e;
    } else {
        ok = WSAGetOverlappedResult(k->s, ov, cb, wait, &flags);
        *err = ok ? 0 : WSAGetLastError();
    }
    if (ok)
        wc_check(c, flags == 0, "WSAGetOverlappedResult: *lpdwFlags = 0x%x after an IOCTL, expected 0",
                 (unsigned)flags);
    return ok;
}

/* RtlNtStatusToDosError for the statuses these calls end with (SEMANTICS 1.4 and the
 * published NTSTATUS-to-Win32 table): what a completion port and GetOverlappedResult show.
 * 0 for a status outside the table (then only logged). */
static DWORD status_win32(DWORD st) {
    switch (st) {
    case 0xC0000023u:
        return ERROR_INSUFFICIENT_BUFFER; /* STATUS_BUFFER_TOO_SMALL */
    case 0x80000005u:
        return ERROR_MORE_DATA; /* STATUS_BUFFER_OVERFLOW */
    case 0xC0000005u:
        return 998; /* STATUS_ACCESS_VIOLATION: ERROR_NOACCESS */
    case 0xC0000022u:
        return ERROR_ACCESS_DENIED; /* STATUS_ACCESS_DENIED */
    case 0xC00000BBu:
        return ERROR_NOT_SUPPORTED; /* STATUS_NOT_SUPPORTED */
    case 0xC0000010u:
        return ERROR_INVALID_FUNCTION; /* STATUS_INVALID_DEVICE_REQUEST */
    case 0xC0000120u:
        return ERROR_OPERATION_ABORTED; /* STATUS_CANCELLED */
    case 0xC0000225u:
        return ERROR_NOT_FOUND; /* STATUS_NOT_FOUND */
    case 0xC0000095u:
        return ERROR_ARITHMETIC_OVERFLOW; /* STATUS_INTEGER_OVERFLOW */
    case 0xC000000Du:
        return ERROR_INVALID_PARAMETER; /* STATUS_INVALID_PARAMETER */
    case 0xC0000140u:
        return 1229; /* STATUS_INVALID_CONNECTION */
    default:
        return 0;
    }
}

/* The Winsock view (a completion routine's dwError, WSAGetOverlappedResult) of a status, as
 * the reference has it; 0 where the reference leaves it open (STATUS_NOT_FOUND, the FWP
 * statuses: A41, A44).  Windows: STATUS_BUFFER_TOO_SMALL is WSAEFAULT (A24, observed); the
 * docs-table reference takes the pages' ERROR_INSUFFICIENT_BUFFER literally. */
static int status_wsa(const char *reference, DWORD st) {
    switch (st) {
    case 0xC0000023u:
        return strcmp(reference, "docs-table") == 0 ? ERROR_INSUFFICIENT_BUFFER : WSAEFAULT;
    case 0x80000005u:
        return WSAEMSGSIZE;
    case 0xC0000005u:
        return WSAEFAULT;
    case 0xC0000022u:
        return WSAEACCES;
    case 0xC00000BBu:
        return WSAEOPNOTSUPP;
    case 0xC0000120u:
        return WSA_OPERATION_ABORTED;
    case 0xC000000Du:
        return WSAEINVAL;
    case 0xC0000140u:
        return WSAENOTCONN;
    default:
        return 0;
    }
}

/* A failed completion's error is one value, a function of the status in OVERLAPPED.Internal:
 * the Win32 view on a port, the Winsock view in a routine or WSAGetOverlappedResult. */
static void check_view(wc_ctx *c, const wc_call *k, DWORD status) {
    if (!k->completed || k->done_ok) return;
    if (strcmp(wc_reference(c), "windows") == 0 && (status & 0xC0000000u) == 0xC0000000u) {
        /* A18, A24: a completion that failed with an error status carries no bytes, even
         * where the synchronous call reports a required size; WSAGetOverlappedResult may
         * also leave lpcbTransfer alone (A29) */
        int port_or_routine = k->mode == WC_OV_IOCP || k->mode == WC_OV_APC;
        DWORD bytes = port_or_routine ? k->done_bytes : k->gor_size;
        wc_check(c, bytes == 0 || (!port_or_routine && bytes == WC_SENTINEL),
                 "the completion that failed with 0x%08x carries %u bytes; Windows reports 0 (A18, A24)",
                 (unsigned)status, (unsigned)bytes);
        wc_check(c, k->internal_high == 0,
                 "InternalHigh = %llu after a completion that failed with 0x%08x; "
                 "Windows leaves 0 (A18)",
                 (unsigned long long)k->internal_high, (unsigned)status);
    }
    if (k->done_win32) {
        DWORD want = status_win32(status);
        if (want)
            wc_check(c, (DWORD)k->done_err == want,
                     "the port reported %d for status 0x%08x; RtlNtStatusToDosError gives %u (A18, A24)", k->done_err,
                     (unsigned)status, (unsigned)want);
        else
            wc_log(c, "failed completion with status 0x%08x (no fixed Win32 view in the table)", (unsigned)status);
        return;
    }
    int want = status_wsa(wc_reference(c), status);
    if (want)
        wc_check(c, k->done_err == want,
                 "the completion reported %d for status 0x%08x; the Winsock view under --reference %s is %d (A24)",
                 k->done_err, (unsigned)status, wc_reference(c), want);
}

/* The completion of a started operation, the mode's way. */
static void collect(wc_ctx *c, wc_call *k, LPWSAOVERLAPPED ov, WSAEVENT ev, HANDLE port) {
    DWORD cb = WC_SENTINEL;
    int err = 0;
    switch (k->mode) {
    case WC_OV_EVENT:
    case WC_OV_GOR: {
        /* event: wait for the signal, then read the result; gor: let WSAGetOverlappedResult wait */
        int wait = k->mode == WC_OV_GOR;
        if (!wait) {
            DWORD r = WSAWaitForMultipleEvents(1, &ev, FALSE, WC_WAIT_MS, FALSE);
            wc_safety(c, r == WSA_WAIT_EVENT_0,
                      "the OVERLAPPED event was not signalled on completion (wait: 0x%x; SDK-WSAIOCTL)", (unsigned)r);
        }
        BOOL ok = get_result(c, k, ov, &cb, wait, &err);
        k->completed = ok || err != WSA_IO_INCOMPLETE;
        if (wait)
            wc_safety(c, k->completed, "WSAGetOverlappedResult(fWait=TRUE) did not wait for the completion (SDK-GOR)");
        k->done_ok = ok;
        k->done_err = err;
        if (ok)
            k->done_bytes = cb;
        else
            k->gor_size = cb;
        break;
    }
    case WC_OV_APC: {
        DWORD r = SleepEx(WC_WAIT_MS, TRUE);
        wc_safety(c, r == WAIT_IO_COMPLETION && apc.count == 1,
                  "alertable wait: SleepEx returned 0x%x with %d completion routine calls; expected 0xC0 and 1 (A19)",
                  (unsigned)r, apc.count);
        SleepEx(0, TRUE);
        wc_safety(c, apc.count <= 1, "the completion routine ran %d times for one operation", apc.count);
        k->completed = apc.count > 0;
        if (k->completed) {
            wc_safety(c, apc.ov == ov, "the completion routine got lpOverlapped %p, not the caller's %p",
                      (void *)apc.ov, (void *)ov);
            wc_check(c, apc.flags == 0, "the completion routine got dwFlags 0x%x, expected 0 (SDK-WSAIOCTL)",
                     (unsigned)apc.flags);
            k->done_ok = apc.err == 0;
            k->done_err = (int)apc.err;
            k->done_bytes = apc.bytes;
        }
        break;
    }
    case WC_OV_IOCP: {
        DWORD bytes = WC_SENTINEL;
        ULONG_PTR key = 0;
        LPOVERLAPPED got = NULL;
        BOOL ok = port ? GetQueuedCompletionStatus(port, &bytes, &key, &got, WC_WAIT_MS) : FALSE;
        DWORD e = ok ? 0 : GetLastError();
        k->completed = ok || got != NULL;
        wc_safety(c, k->completed, "no completion packet for a started operation (GetQueuedCompletionStatus: %u)",
                  (unsigned)e);
        if (k->completed) {
            wc_safety(c, key == WC_KEY && got == ov, "the packet carries key %llu and %p, expected %u and %p",
                      (unsigned long long)key, (void *)got, WC_KEY, (void *)ov);
            k->done_ok = ok;
            k->done_err = (int)e;
            k->done_win32 = 1;
            k->done_bytes = bytes;
            if (!ok)
                wc_check(c, e < WSABASEERR || e >= WSABASEERR + 2000,
                         "GetQueuedCompletionStatus reported the WSA code %u; a port shows the Win32 view (A18, A24)",
                         (unsigned)e);
            got = NULL;
            ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
            wc_safety(c, !ok && got == NULL, "a second completion packet for one operation");
        }
        break;
    }
    default:
        break;
    }
    k->internal = ov->Internal;
    k->internal_high = ov->InternalHigh;
    check_view(c, k, (DWORD)ov->Internal);
    if (k->completed) {
        wc_check(c, ov->Internal != STATUS_PENDING_PTR,
                 "OVERLAPPED.Internal is still STATUS_PENDING after the completion (A18)");
        if (k->done_ok)
            wc_check(c, (DWORD)ov->Internal == 0, "OVERLAPPED.Internal = 0x%08x after a successful completion (A21)",
                     (unsigned)(DWORD)ov->Internal);
        else
            wc_check(c, ((DWORD)ov->Internal & 0x80000000u) != 0,
                     "OVERLAPPED.Internal = 0x%08x after a failed completion: not an NTSTATUS failure",
                     (unsigned)(DWORD)ov->Internal);
    }
}

/* Nothing may be queued: an immediate failure (A23, A30) or an ignored lpOverlapped (A32). */
static void expect_nothing_queued(wc_ctx *c, const wc_call *k, LPWSAOVERLAPPED ov, WSAEVENT ev, HANDLE port,
                                  const char *why) {
    if (k->mode == WC_OV_APC) {
        SleepEx(0, TRUE);
        wc_safety(c, apc.count == 0, "%s, yet the completion routine ran", why);
    }
    if (k->mode == WC_OV_IOCP && port) {
        DWORD bytes;
        ULONG_PTR key;
        LPOVERLAPPED got = NULL;
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, 0);
        wc_safety(c, !ok && got == NULL, "%s, yet a completion packet was queued", why);
    }
    if (k->nonov_socket && ov) {
        wc_check(c, ov->Internal == WC_OV_UNTOUCHED && ov->InternalHigh == WC_OV_UNTOUCHED,
                 "%s, yet OVERLAPPED.Internal/InternalHigh were written (A32)", why);
        if (ev != WSA_INVALID_EVENT)
            wc_safety(c, WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) != WSA_WAIT_EVENT_0,
                      "%s, yet the event was signalled (A32)", why);
    }
}

void wc_run(wc_ctx *c, wc_call *k) {
    wt_target *t = wc_target(c);
    /* static: an operation a faulty target leaves pending completes at wt_close, after this
     * frame is gone (one case per process) */
    static WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Internal = WC_OV_UNTOUCHED;
    ov.InternalHigh = WC_OV_UNTOUCHED;
    memset(&apc, 0, sizeof apc);
    int ovmode = k->mode != WC_SYNC;
    WSAEVENT ev = WSA_INVALID_EVENT;
    HANDLE port = NULL;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE cr = NULL;
    if (k->mode == WC_OV_EVENT || k->mode == WC_OV_GOR || (k->mode == WC_OV_IOCP && k->nonov_socket))
        ov.hEvent = ev = WSACreateEvent();
    if (k->mode == WC_OV_APC) cr = on_complete;
    if (k->mode == WC_OV_IOCP) {
        port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
        if (port) CreateIoCompletionPort((HANDLE)(uintptr_t)k->s, port, WC_KEY, 0); /* fails for a non-socket */
    }
    /* A failed call must leave the caller's output buffer as it was: fill it with a pattern
     * the stack cannot guess and keep a copy to compare (a truncated blob written by a
     * too-small QUERY before it fails is caught here). */
    BYTE *before = NULL;
    if (k->canary && k->out && k->cbout && (before = malloc(k->cbout)) != NULL) {
        for (DWORD i = 0; i < k->cbout; i++) ((BYTE *)k->out)[i] = (BYTE)(0xC3u ^ (i * 29u));
        memcpy(before, k->out, k->cbout);
    }
    LPWSAOVERLAPPED pov = ovmode ? &ov : NULL;
    if (ovmode && k->ov_ptr == WC_PTR_UNMAPPED) pov = (LPWSAOVERLAPPED)wt_unmapped_address(t);
    if (k->cr_ptr == WC_PTR_UNMAPPED) cr = (LPWSAOVERLAPPED_COMPLETION_ROUTINE)(uintptr_t)wt_unmapped_address(t);
    DWORD size = WC_SENTINEL;
    LPDWORD lpcb = &size;
    if (k->lpcb == WC_LPCB_NULL)
        lpcb = NULL;
    else if (k->lpcb == WC_LPCB_UNMAPPED)
        lpcb = (LPDWORD)wt_unmapped_address(t);
    else if (k->lpcb == WC_LPCB_READONLY)
        lpcb = (LPDWORD)wt_readonly_page(t);

    if (k->entry == WC_WSPIOCTL) {
        WSPPROC_TABLE tab;
        if (!wc_wsp(c, &tab)) {
            free(before);
            return;
        }
        WSATHREADID tid;
        wc_thread_id(&tid);
        int e = WC_ERRNO_SENTINEL;
        k->rc = tab.lpWSPIoctl(k->s, k->code, k->in, k->cbin, k->out, k->cbout, lpcb, pov, cr, &tid, &e);
        memset(&tid, 0xEE, sizeof tid); /* A31: the provider must have copied the WSATHREADID */
        if (k->rc == SOCKET_ERROR)
            wc_check(c, e != WC_ERRNO_SENTINEL,
                     "WSPIoctl returned SOCKET_ERROR without writing *lpErrno (SDK-WSPIOCTL)");
        k->err = k->rc == SOCKET_ERROR ? e : 0;
    } else {
        WSASetLastError(0);
        k->rc = WSAIoctl(k->s, k->code, k->in, k->cbin, k->out, k->cbout, lpcb, pov, cr);
        k->err = k->rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    }
    int apc_at_return = apc.count;
    k->size = size;
    k->internal = ov.Internal;
    k->internal_high = ov.InternalHigh;
    wc_check(c, k->rc == 0 || k->rc == SOCKET_ERROR, "return value %d is neither 0 nor SOCKET_ERROR", k->rc);
    k->pending = k->rc == SOCKET_ERROR && k->err == WSA_IO_PENDING;
    int really_ov = ovmode && !k->nonov_socket;
    k->started = really_ov && (k->rc == 0 || k->pending);
    if (!really_ov) wc_check(c, !k->pending, "a call without an overlapped operation returned WSA_IO_PENDING");
    if (k->pending && k->lpcb == WC_LPCB_OWN)
        wc_check(c, size == WC_SENTINEL,
                 "a pending call wrote *lpcbBytesReturned = %u; it must stay untouched (SDK-WSAIOCTL, A18)",
                 (unsigned)size);
    if (cr == on_complete)
        wc_safety(c, apc_at_return == 0,
                  "the completion routine ran before the thread entered an alertable wait (A19, A20)");
    if (k->started)
        collect(c, k, &ov, ev, port);
    else if (ovmode && k->ov_ptr == WC_PTR_OWN)
        expect_nothing_queued(c, k, &ov, ev, port,
                              k->nonov_socket ? "lpOverlapped on a socket without the overlapped attribute is ignored"
                                              : "the call failed at once");
    if (k->canary && k->out)
        wc_safety(c, wc_canary_intact((const BYTE *)k->out, k->cbout),
                  "bytes after the %u-byte output buffer were overwritten", (unsigned)k->cbout);
    if (before) {
        int w32, e = wc_final_error(k, &w32);
        if (e != 0 && e != -1) {
            size_t at = 0;
            while (at < k->cbout && ((const BYTE *)k->out)[at] == before[at]) at++;
            wc_safety(c, at == k->cbout,
                      "the call failed (%s %d), yet it changed the caller's %u-byte output buffer (first at byte %u)",
                      w32 ? "Win32" : "error", e, (unsigned)k->cbout, (unsigned)at);
        }
        free(before);
    }
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    if (port) CloseHandle(port);
}

const char *wc_call_outcome(const wc_call *k, char *buf, size_t cap) {
    char sz[24] = "";
    if (k->lpcb == WC_LPCB_OWN) {
        if (k->size == WC_SENTINEL)
            snprintf(sz, sizeof sz, " size=unchanged");
        else
            snprintf(sz, sizeof sz, " size=%u", (unsigned)k->size);
    }
    if (!k->started) snprintf(buf, cap, "%s%s", k->rc == 0 ? "ok" : "", sz);
    if (!k->started && k->rc != 0) snprintf(buf, cap, "err=%d%s", k->err, sz);
    if (k->started) {
        const char *how = k->rc == 0 ? "immediate" : "pending";
        if (!k->completed)
            snprintf(buf, cap, "%s%s->no completion", how, sz);
        else if (k->done_ok)
            snprintf(buf, cap, "%s%s->ok bytes=%u", how, sz, (unsigned)k->done_bytes);
        else
            snprintf(buf, cap, "%s%s->%s=%d bytes=%u", how, sz, k->done_win32 ? "win32" : "err", k->done_err,
                     (unsigned)k->done_bytes);
    }
    return buf;
}

int wc_final_error(const wc_call *k, int *win32) {
    *win32 = 0;
    if (!k->started) return k->rc == 0 ? 0 : k->err;
    if (!k->completed) return -1;
    *win32 = k->done_win32;
    return k->done_ok ? 0 : k->done_err;
}

/* The Win32 codes RtlNtStatusToDosError gives for the statuses behind each WSA code
 * (SEMANTICS 1.4, 4.1). */
static const struct {
    int wsa;
    int win32[6];
} views[] = {
    {WSAEFAULT, {ERROR_INSUFFICIENT_BUFFER, 998 /* ERROR_NOACCESS */, 487 /* ERROR_INVALID_ADDRESS */}},
    {ERROR_INSUFFICIENT_BUFFER, {ERROR_INSUFFICIENT_BUFFER}},
    {WSAEINVAL, {ERROR_INVALID_PARAMETER, ERROR_INVALID_FUNCTION, ERROR_ARITHMETIC_OVERFLOW, ERROR_NOT_FOUND}},
    {WSAENOTCONN, {1229 /* ERROR_CONNECTION_INVALID */, 2250 /* ERROR_NOT_CONNECTED */, 236}},
    {WSAEOPNOTSUPP, {ERROR_NOT_SUPPORTED, ERROR_INVALID_FUNCTION}},
    {WSAEACCES, {ERROR_ACCESS_DENIED}},
    {WSA_OPERATION_ABORTED, {ERROR_OPERATION_ABORTED}},
    {WSAEMSGSIZE, {ERROR_MORE_DATA}},
    {ERROR_NOT_FOUND, {ERROR_NOT_FOUND}},
    {(int)FWP_E_NOT_FOUND, {(int)FWP_E_NOT_FOUND}},
};

int wc_error_in(int err, int win32, const int *accepted, int n) {
    if (err == 0 || err == -1) return 0;
    if (n == 0) return 1;
    for (int i = 0; i < n; i++) {
        if (!win32 && err == accepted[i]) return 1;
        if (!win32) continue;
        for (size_t v = 0; v < sizeof views / sizeof views[0]; v++)
            if (views[v].wsa == accepted[i])
                for (int j = 0; j < 6 && views[v].win32[j]; j++)
                    if (views[v].win32[j] == err) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ judges */
static void observe_mode(wc_ctx *c, const wc_call *k, const char *prefix, const char *value) {
    char key[32];
    snprintf(key, sizeof key, "%s.%s", prefix, wc_mode_keys[k->mode]);
    wc_observe(c, key, "%s", value);
}

/* The immediate path reports *lpcbBytesReturned; a completion does not. */
static int size_known(const wc_call *k) { return !k->started && k->lpcb == WC_LPCB_OWN; }

void wc_judge_c1(wc_ctx *c, const wc_call *k, DWORD need, int observe) {
    char o[96];
    int w32, e = wc_final_error(k, &w32);
    wc_log(c, "too-small buffer (%u of %u bytes): %s", (unsigned)k->cbout, (unsigned)need,
           wc_call_outcome(k, o, sizeof o));
    if (!wc_check(c, e != 0 && e != -1, "a buffer of %u bytes for %u succeeded or never completed: %s (A34)",
                  (unsigned)k->cbout, (unsigned)need, o))
        return;
    const char *alt = NULL;
    int sized = size_known(k);
    if (w32) {
        if (e == ERROR_INVALID_PARAMETER)
            alt = "a";
        else if (e == ERROR_INSUFFICIENT_BUFFER)
            alt = "bc"; /* a port shows (b) and (c) alike */
    } else if (e == WSAEINVAL) {
        alt = !sized || k->size == 0 ? "a" : NULL;
    } else if (e == ERROR_INSUFFICIENT_BUFFER) {
        alt = !sized || k->size == need ? "b" : NULL;
    } else if (e == WSAEFAULT) {
        alt = !sized || k->size == need ? "c" : NULL;
    }
    wc_check(c, alt != NULL,
             "%s is none of C1's alternatives: (a) WSAEINVAL, size 0; (b) ERROR_INSUFFICIENT_BUFFER, size %u; "
             "(c) WSAEFAULT, size %u",
             o, (unsigned)need, (unsigned)need);
    if (!alt) return;
    /* windows: C1 is [U] there, so any alternative, the same in every case (judge.c); the docs
     * references pin the page text they take literally */
    const char *ref = wc_reference(c), *pin = wc_oracle_reference_pin(ref, "too_small");
    if (pin) { /* (a) lpcb, (b) table, (c) afd; a port's "bc" agrees with (b) and (c) */
        char want = strcmp(pin, "lpcb") == 0 ? 'a' : strcmp(pin, "table") == 0 ? 'b' : 'c';
        wc_check(c, strchr(alt, want) != NULL, "--reference %s pins C1 (%c); the target showed (%s)", ref, want, alt);
    }
    if (observe) observe_mode(c, k, "C1", alt);
}

void wc_judge_c2(wc_ctx *c, const wc_call *k, DWORD need, int observe) {
    char o[96];
    int w32, e = wc_final_error(k, &w32);
    wc_log(c, "cbOutBuffer 0 (size probe): %s", wc_call_outcome(k, o, sizeof o));
    if (!wc_check(c, e != 0 && e != -1, "cbOutBuffer 0 succeeded or never completed: %s (A35)", o)) return;
    const char *alt = NULL;
    if (w32 ? e == ERROR_INVALID_PARAMETER : e == WSAEINVAL)
        alt = !size_known(k) || k->size == 0 ? "einval" : NULL;
    else if (e == ERROR_INSUFFICIENT_BUFFER || (!w32 && e == WSAEFAULT))
        alt = !size_known(k) || k->size == need ? "probe" : NULL;
    wc_check(c, alt != NULL,
             "%s is neither C2 alternative: the size probe (122 or WSAEFAULT with size %u) or WSAEINVAL", o,
             (unsigned)need);
    if (!alt) return;
    const char *ref = wc_reference(c), *pin = wc_oracle_reference_pin(ref, "size_probe");
    if (pin) wc_check(c, strcmp(alt, pin) == 0, "--reference %s pins C2 = %s; the target showed %s", ref, pin, alt);
    if (observe) observe_mode(c, k, "C2", alt);
}

void wc_judge_c12(wc_ctx *c, const wc_call *k, int observe) {
    char o[96];
    int w32, e = wc_final_error(k, &w32);
    const char *alt = NULL;
    if (w32 ? (e == ERROR_NOT_SUPPORTED || e == ERROR_INVALID_FUNCTION) : e == WSAEOPNOTSUPP)
        alt = "eopnotsupp";
    else if (w32 ? e == ERROR_INVALID_PARAMETER : e == WSAEINVAL)
        alt = "einval";
    wc_check(c, alt != NULL,
             "unknown code: %s is neither WSAEOPNOTSUPP (observed, A17) nor WSAEINVAL (documented, C12)",
             wc_call_outcome(k, o, sizeof o));
    if (!alt) return;
    /* A17/A18 are observed on Windows: WSAEOPNOTSUPP, and through a port a pending operation
     * that fails with 50; the pages say WSAEINVAL, which the docs references pin */
    const char *want = wc_oracle_reference_pin(wc_reference(c), "unknown_ioctl");
    if (want)
        wc_check(c, strcmp(alt, want) == 0, "--reference %s pins C12 = %s; the target showed %s", wc_reference(c), want,
                 alt);
    else
        want = "";
    if (strcmp(want, "eopnotsupp") == 0 && k->mode == WC_OV_IOCP)
        wc_check(c, k->pending && k->completed && k->done_win32 && e == ERROR_NOT_SUPPORTED,
                 "unknown code through a completion port: %s; Windows pends and the packet fails with 50 (A18)",
                 wc_call_outcome(k, o, sizeof o));
    if (observe) observe_mode(c, k, "C12", alt);
}

void wc_judge_query_ok(wc_ctx *c, const wc_call *k, const BYTE *issued, ULONG n, int observe) {
    char o[96];
    int w32, e = wc_final_error(k, &w32);
    if (!wc_check(c, e == 0, "QUERY: %s; expected success with %u bytes (A33)", wc_call_outcome(k, o, sizeof o),
                  (unsigned)n))
        return;
    if (!k->started) {
        if (k->lpcb == WC_LPCB_OWN) wc_expect_int(c, k->size, n);
        wc_check(c, k->size != 0, "a successful synchronous QUERY returned size 0 (\"cannot be zero\", A33)");
    } else if (k->rc == 0) {
        int kept = k->size == WC_SENTINEL;
        wc_check(c, kept || k->size == n,
                 "overlapped immediate success: *lpcbBytesReturned = %u, neither %u (SDK-WSAIOCTL) nor unchanged (A22)",
                 (unsigned)k->size, (unsigned)n);
        if (strcmp(wc_reference(c), "windows") == 0)
            wc_check(c, k->done_bytes == 0 && k->internal_high == 0,
                     "the completion of an immediate success carries %u bytes, InternalHigh %llu; Windows "
                     "reports 0 and 0 (A21)",
                     (unsigned)k->done_bytes, (unsigned long long)k->internal_high);
        else
            wc_check(c, k->done_bytes == 0 || k->done_bytes == n,
                     "the completion of an immediate success carries %u bytes, expected 0 (A21) or %u",
                     (unsigned)k->done_bytes, (unsigned)n);
        if (observe) {
            char key[32];
            snprintf(key, sizeof key, "A22.%s", wc_mode_keys[k->mode]);
            wc_observe(c, key, "%s", kept ? "keep" : "write");
            snprintf(key, sizeof key, "A46.%s", wc_mode_keys[k->mode]);
            wc_observe(c, key, "immediate");
        }
    } else {
        wc_check(c, k->done_bytes == n, "the pending QUERY completed with %u bytes, expected %u (A46)",
                 (unsigned)k->done_bytes, (unsigned)n);
        if (observe) {
            char key[32];
            snprintf(key, sizeof key, "A46.%s", wc_mode_keys[k->mode]);
            wc_observe(c, key, "deferred");
        }
    }
    if (issued && k->out)
        wc_check(c, memcmp(k->out, issued, n) == 0, "the %u bytes returned are not the blob the stack issued (A33)",
                 (unsigned)n);
}

void wc_judge_set_ok(wc_ctx *c, const wc_call *k, DWORD n, int observe) {
    char o[96];
    int w32, e = wc_final_error(k, &w32);
    if (!wc_check(c, e == 0, "SET of a %u-byte blob: %s; expected success (A51)", (unsigned)n,
                  wc_call_outcome(k, o, sizeof o)))
        return;
    if (k->lpcb != WC_LPCB_OWN || k->pending) return;
    const char *alt = k->size == 0 ? "zero" : k->size == n ? "size" : k->size == WC_SENTINEL ? "unchanged" : NULL;
    wc_check(c, alt != NULL, "SET returned *lpcbBytesReturned = %u: neither 0, the record size %u nor unchanged (C4)",
             (unsigned)k->size, (unsigned)n);
    if (!alt) return;
    const char *ref = wc_reference(c);
    const char *fixed = wc_oracle_reference_pin(ref, "set_bytes");
    if (fixed)
        wc_check(c, strcmp(alt, fixed) == 0, "--reference %s pins C4 = %s; the target showed %s", ref, fixed, alt);
    /* C4 is the synchronous size; an overlapped immediate success may leave the size alone
     * for an input-only code (A22), a separate question recorded under its own key */
    if (observe) observe_mode(c, k, k->mode == WC_SYNC ? "C4" : "A22", alt);
}

static const char *codes(const int *a, int n, char *buf, size_t cap) {
    size_t at = 0;
    buf[0] = 0;
    if (n == 0) snprintf(buf, cap, "any error");
    for (int i = 0; i < n && at < cap; i++) at += (size_t)snprintf(buf + at, cap - at, "%s%d", i ? "/" : "", a[i]);
    return buf;
}

void wc_judge_fail(wc_ctx *c, const wc_call *k, const int *accepted, int n, int immediate) {
    char o[96], l[96];
    int w32, e = wc_final_error(k, &w32);
    wc_call_outcome(k, o, sizeof o);
    codes(accepted, n, l, sizeof l);
    if (!wc_check(c, e != 0 && e != -1, "%s; expected a failure with %s", o, l)) return;
    wc_check(c, wc_error_in(e, w32, accepted, n), "%s: the error is not among the accepted %s", o, l);
    if (immediate && k->mode != WC_SYNC && !k->nonov_socket)
        wc_check(c, !k->started, "%s: a parameter error must fail at once with nothing queued (A15, A23)", o);
}

int wc_ext_fn(wc_ctx *c, SOCKET s, GUID g, void *fn, DWORD fnsize, const char *name) {
    DWORD n = 0;
    memset(fn, 0, fnsize);
    return wc_check(c, WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, fnsize, &n, NULL, NULL) == 0,
                    "set-up: the %s pointer: %d", name, WSAGetLastError());
}

int wc_addr_len(int af) { return af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in); }

SOCKET wc_on_loopback(wc_ctx *c, int af, int type, int listening, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET6)
        ((struct sockaddr_in6 *)a)->sin6_addr.s6_addr[15] = 1;
    else
        ((struct sockaddr_in *)a)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SOCKET s = socket(af, type, 0);
    int len = (int)sizeof *a;
    if (!wc_check(c,
                  s != INVALID_SOCKET && bind(s, (struct sockaddr *)a, wc_addr_len(af)) == 0 &&
                      (!listening || listen(s, 8) == 0) && getsockname(s, (struct sockaddr *)a, &len) == 0,
                  "set-up: a loopback socket (family %d, type %d): %d", af, type, WSAGetLastError())) {
        if (s != INVALID_SOCKET) closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

void wc_filetime_relative(FILETIME *ft, LONGLONG ms) {
    ULONGLONG v = (ULONGLONG)(-ms * 10000);
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)(v >> 32);
}

int wc_tcp_pair(wc_ctx *c, int af, SOCKET *cl, SOCKET *sv) {
    SOCKADDR_STORAGE la;
    *cl = *sv = INVALID_SOCKET;
    SOCKET l = wc_on_loopback(c, af, SOCK_STREAM, 1, &la);
    if (l == INVALID_SOCKET) return 0;
    *cl = socket(af, SOCK_STREAM, 0);
    int ok = *cl != INVALID_SOCKET && connect(*cl, (struct sockaddr *)&la, wc_addr_len(af)) == 0 &&
             (*sv = accept(l, NULL, NULL)) != INVALID_SOCKET;
    closesocket(l);
    return wc_check(c, ok, "set-up: a connected pair (family %d): %d", af, WSAGetLastError());
}

int wc_temp_new(wc_ctx *c, const char *stem, const char *suffix, char *path, size_t cap, HANDLE *h) {
    char tmp[MAX_PATH + 2];
    DWORD n = GetTempPathA(sizeof tmp, tmp);
    if (!wc_check(c, n > 0 && n < sizeof tmp, "set-up: GetTempPathA: %lu", (unsigned long)n)) return 0;
    /* cases run side by side, in one process tree or in several, and the model's process id is
     * the same in each: a name is taken only when it was made here (CREATE_NEW, a new folder) */
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    BOOL made = FALSE;
    for (unsigned i = 0; i < 100 && !made; i++) {
        snprintf(path, cap, "%swfpcert-%s-%lu-%08lx%s", tmp, stem, (unsigned long)GetCurrentProcessId(),
                 (unsigned long)(t.QuadPart + i) & 0xFFFFFFFFul, suffix);
        if (h) {
            *h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_NEW,
                             FILE_ATTRIBUTE_NORMAL, NULL);
            made = *h != INVALID_HANDLE_VALUE;
        } else {
            made = CreateDirectoryA(path, NULL);
        }
        if (!made && GetLastError() != ERROR_FILE_EXISTS && GetLastError() != ERROR_ALREADY_EXISTS) break;
    }
    return wc_check(c, made, "set-up: %s(\"%s\") of a new %s: error %lu", h ? "CreateFileA" : "CreateDirectoryA", path,
                    h ? "file" : "folder", (unsigned long)GetLastError());
}
