/*
 * set.c: cases A51..A59, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS (SEMANTICS 1.2, 9): the
 * proxy replays the records it queried on a new socket before binding it, then connects out
 * to the original destination, and that connection must not be redirected again.
 *
 * The blob is opaque to the proxy, so the fuzz cases (A57) edit it only in ways any proxy
 * could: flip bytes, cut it short, make one up.  A SET that accepts such a blob would let a
 * process forge the redirect history that callouts rely on for loop prevention (A76..A78).
 */
#include "cases.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif

#define SET SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS

static BYTE blob[WC_BUF];

/* A redirected connection and its records; 0 after a failed check. */
static ULONG records(wc_ctx *c, wt_tcp_flow *f) {
    if (!wc_redirected(c, 1, f)) return 0;
    return wc_query_blob(c, f->accepted, 0, blob, sizeof blob);
}

static void set_call(wc_call *k, SOCKET s, const void *in, DWORD cbin) {
    wc_call_init(k, s, SET, WC_SYNC, WC_WSAIOCTL);
    k->in = (void *)in;
    k->cbin = cbin;
}

static SOCKET fresh(wc_ctx *c) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    wc_check(c, s != INVALID_SOCKET, "set-up: socket: %d", WSAGetLastError());
    return s;
}

/* A51: a new, unbound TCP socket takes the blob.  A52/C4: what SET then writes to
 * *lpcbBytesReturned is recorded (0, N or unchanged); the param says whether to record. */
static void a51_52(wc_ctx *c) {
    const int *observe = wc_current(c)->param;
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    wc_call k;
    SOCKET s = fresh(c);
    set_call(&k, s, blob, n);
    wc_run(c, &k);
    wc_judge_set_ok(c, &k, n, *observe);
    /* The same records again on the same socket: undocumented ([U]), recorded; whatever the
     * answer, the first copy must not outlive the socket (the runner counts the model's
     * memory blocks). */
    char o[96];
    set_call(&k, s, blob, n);
    wc_run(c, &k);
    wc_log(c, "a second SET on the same socket: %s", wc_call_outcome(&k, o, sizeof o));
}

/* A53: an input buffer that is not user memory. */
static void a53(wc_ctx *c) {
    static const int efault[] = {WSAEFAULT};
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    wc_call k;
    set_call(&k, fresh(c), wt_unmapped_address(wc_target(c)), n);
    wc_run(c, &k);
    wc_judge_fail(c, &k, efault, 1, 0);
    /* Overlapped, in every mode: the input is probed when the call is made, so the refusal comes
     * at once with nothing queued (A23; the sibling SIO_KEEPALIVE_VALS was seen to fail so on
     * Windows), also where the target pends QUERY and SET (knob ioctl_completion=deferred). */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && wc_want_knob(c, "ioctl_completion", "deferred") != WT_OK) break;
        for (int mode = WC_SYNC + 1; mode < WC_MODE_COUNT; mode++) {
            set_call(&k, fresh(c), wt_unmapped_address(wc_target(c)), n);
            k.mode = (wc_mode)mode;
            wc_run(c, &k);
            wc_judge_fail(c, &k, efault, 1, 1);
        }
    }
    /* The blob's last byte on the last readable byte before a guard page: fine to read. */
    BYTE *g = wt_guarded_buffer(wc_target(c), n);
    if (!g) return;
    memcpy(g, blob, n);
    set_call(&k, fresh(c), g, n);
    wc_run(c, &k);
    wc_judge_set_ok(c, &k, n, 0);
}

/* A54/C11: an unelevated caller -> WSAEACCES, unless the target lets it through (knob). */
static void a54(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    int rc = wt_set_elevated(wc_target(c), 0);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot drop the caller's elevation: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_set_elevated: %s", wt_error())) return;
    /* every call mode: the refusal's views through an event, a routine, a port (the Win32
     * view of STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED) and WSAGetOverlappedResult */
    int first = -1;
    for (int mode = WC_SYNC; mode < WC_MODE_COUNT; mode++) {
        wc_call k;
        set_call(&k, fresh(c), blob, n);
        k.mode = (wc_mode)mode;
        wc_run(c, &k);
        int w32;
        int ignore = wc_final_error(&k, &w32) == 0;
        if (ignore) {
            wc_judge_set_ok(c, &k, n, 0);
        } else {
            static const int eacces[] = {WSAEACCES};
            wc_judge_fail(c, &k, eacces, 1, 0);
        }
        if (first < 0) first = ignore; /* C11: either alternative, the same in every case and mode */
        wc_check(c, ignore == first, "SET by an unelevated caller: %s in mode %s, %s in the synchronous call",
                 ignore ? "taken" : "refused", wc_mode_keys[mode], first ? "taken" : "refused");
        if (mode == WC_SYNC) wc_observe(c, "C11.sync", "%s", ignore ? "ignore" : "check");
        closesocket(k.s);
    }
    wt_set_elevated(wc_target(c), 1);
}

/* A54 with processes (docs/SPEC.md: the token checked is that of the socket's process): with
 * the caller unelevated, a socket of an elevated process takes the blob (A51), and a socket of
 * another unelevated process gets what the caller's own socket gets (WSAEACCES, or success
 * where the target ignores the token, C11: the same throughout).  Mutation testing, seed 14: a
 * stack that took the built-in processes as elevated and every other one as the caller passed
 * A54.unelevated as a target that ignores the token. */
static void a54_process(wc_ctx *c) {
    wt_target *t = wc_target(c);
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    DWORD self = wt_process_id(t, WT_PROCESS_SELF), up = 0, down = 0;
    int rc = wt_process_create(t, "C:\\Program Files\\Vendor\\admin-proxy.exe", 1, &up);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target's processes are real ones: %s", wt_error());
    if (!wc_check(c,
                  rc == WT_OK && wt_process_create(t, "C:\\Program Files\\Vendor\\user-proxy.exe", 0, &down) == WT_OK,
                  "set-up: processes: %s", wt_error()))
        return;
    rc = wt_set_elevated(t, 0);
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot drop the caller's elevation: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: wt_set_elevated: %s", wt_error())) return;
    const DWORD *const pids[3] = {NULL, &up, &down};
    static const char *const who[3] = {"the caller's own (unelevated)", "an elevated process's",
                                       "another unelevated process's"};
    wc_call k[3];
    for (int i = 0; i < 3; i++) {
        if (pids[i]) wt_process_assign(t, WT_PROCESS_SELF, *pids[i]);
        SOCKET s = fresh(c);
        wt_process_assign(t, WT_PROCESS_SELF, self);
        set_call(&k[i], s, blob, n);
        wc_run(c, &k[i]);
    }
    wt_set_elevated(t, 1);
    wc_judge_set_ok(c, &k[1], n, 0);
    wc_check(c, k[0].rc == k[2].rc && (k[0].rc == 0 || k[0].err == k[2].err),
             "SET on %s socket: rc=%d err=%d, on %s socket: rc=%d err=%d; both tokens are unelevated (A54, C11)",
             who[0], k[0].rc, k[0].err, who[2], k[2].rc, k[2].err);
    if (k[0].rc != 0) {
        static const int eacces[] = {WSAEACCES};
        wc_judge_fail(c, &k[2], eacces, 1, 0);
    }
}

/* A55 [U]: no input: fail closed (code recorded). */
static void a55(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    const void *ins[2] = {NULL, blob};
    DWORD lens[2] = {n, 0};
    const char *keys[2] = {"A55.null", "A55.zero"};
    for (int i = 0; i < 2; i++) {
        wc_call k;
        set_call(&k, fresh(c), ins[i], lens[i]);
        wc_run(c, &k);
        wc_judge_fail(c, &k, NULL, 0, 0);
        wc_observe(c, keys[i], "%d", k.err);
        /* the model's own answer, the same on a plain call as on an overlapped one */
        wc_model_answer(c, i ? "SET.no-input.zero" : "SET.no-input.null", "%d", k.err);
    }
    /* overlapped, as the sibling SIO_KEEPALIVE_VALS was seen to fail (SEMANTICS 4.1): at once, with
     * nothing queued and *lpcbBytesReturned left as it was */
    wc_call k;
    wc_call_init(&k, fresh(c), SET, WC_OV_EVENT, WC_WSAIOCTL);
    k.in = NULL;
    k.cbin = n;
    wc_run(c, &k);
    wc_judge_fail(c, &k, NULL, 0, 1);
    wc_model_answer(c, "SET.no-input.overlapped", "%d, size %s", k.err,
                    k.size == WC_SENTINEL ? "untouched"
                    : k.size == 0         ? "0"
                                          : "other");
}

/* A56 [U]: cbOutBuffer not 0 ("must be set to zero"): recorded. */
static void a56(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    BYTE out[16];
    wc_call k;
    set_call(&k, fresh(c), blob, n);
    k.out = out;
    k.cbout = sizeof out;
    wc_run(c, &k);
    char o[96];
    wc_log(c, "SET with cbOutBuffer 16: %s", wc_call_outcome(&k, o, sizeof o));
    wc_observe(c, "A56.sync", "%s", k.rc == 0 ? "accepted" : "rejected");
}

/* A57: edited, truncated and made-up blobs are refused, and never crash the stack. */
static void a57(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    static BYTE edit[WC_BUF + 16];
    uint32_t seed = 0x2545F491u;
    for (int v = 0; v < 16; v++) {
        memcpy(edit, blob, n);
        DWORD len = n;
        const char *what;
        switch (v) {
        case 0:
            edit[0] ^= 0x01;
            what = "first byte flipped";
            break;
        case 1:
            edit[n / 2] ^= 0x80;
            what = "middle byte flipped";
            break;
        case 2:
            edit[n - 1] ^= 0xFF;
            what = "last byte flipped";
            break;
        case 3:
            len = n - 1;
            what = "one byte short";
            break;
        case 4:
            len = n / 2;
            what = "half";
            break;
        case 5:
            len = 1;
            what = "one byte";
            break;
        case 6:
            memset(edit, 0, n);
            what = "zeros";
            break;
        case 7:
            memset(edit, 0xFF, n);
            what = "0xFF";
            break;
        case 8:
            edit[n] = 0;
            len = n + 1;
            what = "a byte appended";
            break;
        case 9:
            memcpy(edit + n, blob, n < 16 ? n : 16);
            len = n + (n < 16 ? n : 16);
            what = "a tail appended";
            break;
        default:
            for (ULONG i = 0; i < n; i++) {
                seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
                if (v < 12 ? (seed & 7) == 0 : 1) edit[i] = (BYTE)seed;
            }
            what = v < 12 ? "random bytes changed" : "random bytes";
            break;
        }
        wc_call k;
        set_call(&k, fresh(c), edit, len);
        wc_run(c, &k);
        char o[96];
        wc_check(c, k.rc == SOCKET_ERROR, "SET accepted a blob with %s (%u bytes): %s (A57)", what, (unsigned)len,
                 wc_call_outcome(&k, o, sizeof o));
        if (v == 0) wc_observe(c, "A57.sync", "%d", k.err);
    }
    /* The model's bound on what SET reads, 64 KiB, which no page gives: a blob of exactly 64 KiB
     * is read (so one whose last byte is past the end of its memory faults, WSAEFAULT), one byte
     * more is refused unread as too long (WSAEINVAL, its memory never touched). */
    if (wc_on_model(c)) {
        int got[2];
        for (int i = 0; i < 2; i++) {
            wc_call k;
            set_call(&k, fresh(c), wt_guarded_buffer(wc_target(c), 65535 + (size_t)i), 65536 + (DWORD)i);
            wc_run(c, &k);
            got[i] = k.rc == SOCKET_ERROR ? k.err : 0;
            closesocket(k.s);
        }
        wc_model_answer(c, "SET.size-bound", "65536: %d, 65537: %d", got[0], got[1]);
    }
    /* The genuine blob still works afterwards. */
    wc_call k;
    set_call(&k, fresh(c), blob, n);
    wc_run(c, &k);
    wc_judge_set_ok(c, &k, n, 0);
}

/* A57: a blob sealed by another kernel (another boot, another machine: on the model another
 * world) is refused, while the blob this kernel issued is taken.  The sealing key is the
 * kernel's own, so a records blob cannot be carried from one to the other, or forged from a
 * key a user-mode program could know. */
static void a57_other_world(wc_ctx *c) {
    if (!wc_on_model(c))
        wc_unsupported(c, "a blob from another kernel needs a second one: the model opens a second world, a real "
                          "stack cannot");
    static BYTE theirs[WC_BUF];
    ULONG theirs_len = 0;
    wt_target *other = NULL;
    if (wc_open_another(c, &other) != WT_OK) wc_unsupported(c, "a second world cannot be opened: %s", wt_error());
    wt_tcp_flow g;
    int got = wt_tcp_redirected(other, AF_INET, 0, &g) == WT_OK &&
              wt_issued_records(other, g.accepted, theirs, sizeof theirs, &theirs_len) == WT_OK;
    wt_close(other);
    if (!wc_check(c, got && theirs_len > 0, "set-up: no redirected flow with records in the second world: %s",
                  wt_error()))
        return;
    wt_tcp_flow f;
    ULONG n = records(c, &f); /* this world's own blob, through the case's target */
    if (!n) return;
    wc_call k;
    char o[96];
    set_call(&k, fresh(c), theirs, theirs_len);
    wc_run(c, &k);
    wc_check(c, k.rc == SOCKET_ERROR, "SET accepted a %u-byte records blob sealed by another world: %s (A57)",
             (unsigned)theirs_len, wc_call_outcome(&k, o, sizeof o));
    set_call(&k, fresh(c), blob, n);
    wc_run(c, &k);
    wc_check(c, k.rc == 0, "SET refused this world's own %u-byte blob: %s (A51)", (unsigned)n,
             wc_call_outcome(&k, o, sizeof o));
}

/* A57, across processes: the sealing key is the kernel's secret, never a constant of the
 * model's source, so a world opened in another process (the same code, the same number of
 * worlds before it) does not share it.  A child process forked here seals a blob in the next
 * world it opens; this process opens its own next world, which would be the child's twin if
 * the key came from anything a program could know, and must refuse the child's blob while
 * taking its own.  Only the model has more than one kernel, and fork is POSIX. */
#ifndef _WIN32
/* In the child: the next world's blob, written to fd as its length then its bytes. */
static void sealed_in_child(wc_ctx *c, int fd) {
    static BYTE mine[WC_BUF];
    ULONG len = 0;
    wt_target *t = NULL;
    wt_tcp_flow g;
    if (wc_open_another(c, &t) != WT_OK || wt_tcp_redirected(t, AF_INET, 0, &g) != WT_OK ||
        wt_issued_records(t, g.accepted, mine, sizeof mine, &len) != WT_OK)
        len = 0;
    if (write(fd, &len, sizeof len) != (ssize_t)sizeof len || (len && write(fd, mine, len) != (ssize_t)len)) _exit(2);
    _exit(0); /* not exit: the runner's and the sanitizers' handlers belong to the parent */
}

static ULONG read_all(int fd, void *buf, ULONG len) {
    ULONG got = 0;
    for (ssize_t n; got < len && (n = read(fd, (BYTE *)buf + got, len - got)) > 0;) got += (ULONG)n;
    return got;
}
#endif

static void a57_other_process(wc_ctx *c) {
#ifdef _WIN32
    wc_unsupported(c, "a second kernel in another process is the model's (fork is POSIX)");
#else
    if (!wc_on_model(c))
        wc_unsupported(c, "a blob from another kernel needs a second one: the model opens a second world, a real "
                          "stack cannot");
    static BYTE theirs[WC_BUF];
    ULONG theirs_len = 0;
    int p[2];
    if (!wc_check(c, pipe(p) == 0, "set-up: pipe failed")) return;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        sealed_in_child(c, p[1]);
    }
    close(p[1]);
    int ok = pid > 0 && read_all(p[0], &theirs_len, sizeof theirs_len) == sizeof theirs_len &&
             theirs_len <= sizeof theirs && read_all(p[0], theirs, theirs_len) == theirs_len;
    close(p[0]);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    if (!wc_check(c, ok && theirs_len > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "set-up: the child process sealed no records blob (exit status %#x)", (unsigned)status))
        return;
    wt_target *other = NULL;
    if (wc_open_another(c, &other) != WT_OK) wc_unsupported(c, "a second world cannot be opened: %s", wt_error());
    wt_tcp_flow g;
    static BYTE mine[WC_BUF];
    ULONG mine_len = 0;
    if (wc_check(c,
                 wt_tcp_redirected(other, AF_INET, 0, &g) == WT_OK &&
                     wt_issued_records(other, g.accepted, mine, sizeof mine, &mine_len) == WT_OK && mine_len > 0,
                 "set-up: no redirected flow with records in this process's second world: %s", wt_error())) {
        /* other is the current world now: plain Winsock calls act on it */
        wc_call k;
        char o[96];
        set_call(&k, fresh(c), theirs, theirs_len);
        wc_run(c, &k);
        wc_check(c, k.rc == SOCKET_ERROR,
                 "SET accepted a %u-byte records blob sealed in another process's world: the sealing key is not "
                 "secret (%s) (A57)",
                 (unsigned)theirs_len, wc_call_outcome(&k, o, sizeof o));
        set_call(&k, fresh(c), mine, mine_len);
        wc_run(c, &k);
        wc_check(c, k.rc == 0, "SET refused the %u-byte blob its own world sealed: %s (A51)", (unsigned)mine_len,
                 wc_call_outcome(&k, o, sizeof o));
    }
    wt_close(other);
#endif
}

/* A57: the seal covers every byte and the length: each single-bit change at every position,
 * and the blob cut at every length (so every length modulo the MAC's block size), must be
 * refused.  A stack that checks only a prefix, only whole blocks, or trusts a length field
 * inside the blob passes a few spot edits but not this. */
static void a57_every(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    static BYTE edit[WC_BUF];
    SOCKET s = fresh(c);
    ULONG accepted_flip = 0, accepted_cut = 0, first_flip = n, first_cut = n;
    for (ULONG i = 0; i < n; i++) {
        memcpy(edit, blob, n);
        edit[i] ^= (BYTE)(1u << (i % 8));
        wc_call k;
        set_call(&k, s, edit, n);
        wc_run(c, &k);
        if (k.rc == 0) {
            accepted_flip++;
            if (first_flip == n) first_flip = i;
            closesocket(s); /* it took the records: the next try needs a socket without them */
            s = fresh(c);
        }
    }
    for (ULONG len = 1; len < n; len++) {
        wc_call k;
        set_call(&k, s, blob, len);
        wc_run(c, &k);
        if (k.rc == 0) {
            accepted_cut++;
            if (first_cut == n) first_cut = len;
            closesocket(s);
            s = fresh(c);
        }
    }
    wc_check(c, accepted_flip == 0, "SET accepted %u of %u single-bit edits of a %u-byte blob (first at byte %u; A57)",
             (unsigned)accepted_flip, (unsigned)n, (unsigned)n, (unsigned)first_flip);
    wc_check(c, accepted_cut == 0, "SET accepted %u of %u truncations of a %u-byte blob (first at %u bytes; A57)",
             (unsigned)accepted_cut, (unsigned)(n - 1), (unsigned)n, (unsigned)first_cut);
    wc_call k;
    set_call(&k, s, blob, n);
    wc_run(c, &k);
    wc_judge_set_ok(c, &k, n, 0);
    closesocket(s);
}

/* A57 (SPEC "Sealed records": any truncation is refused): a forger who cuts the blob short also
 * rewrites the length the blob may carry about itself, so that the two agree.  The blob is
 * opaque, so every place such a field could sit in its first 16 bytes is tried: each cut
 * length L up to 160 bytes written as a little-endian 16-bit value at every even offset and
 * as a 32-bit one at every offset a multiple of 4.  Each is refused, without a crash (a stack
 * that checked the stated length against the bytes handed in, and then the seal over what the
 * length says, reads outside a blob shorter than its seal); the genuine blob still works. */
static void a57_consistent_cuts(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    static BYTE edit[WC_BUF];
    SOCKET s = fresh(c);
    ULONG tried = 0, accepted = 0, first_len = 0, first_at = 0;
    ULONG last = n - 1 < 160 ? n - 1 : 160;
    for (ULONG len = 2; len <= last; len++) {
        for (ULONG at = 0; at < 16; at += 2) {
            for (int wide = 0; wide < 2; wide++) {
                ULONG size = wide ? 4 : 2;
                if ((wide && at % 4) || at + size > len) continue;
                memcpy(edit, blob, len);
                for (ULONG b = 0; b < size; b++) edit[at + b] = (BYTE)(len >> (8 * b));
                wc_call k;
                set_call(&k, s, edit, len);
                wc_run(c, &k);
                tried++;
                if (k.rc == 0) {
                    if (!accepted++) first_len = len, first_at = at;
                    closesocket(s);
                    s = fresh(c);
                }
            }
        }
    }
    wc_check(c, accepted == 0,
             "SET accepted %lu of %lu blobs cut short with a length field rewritten to match (first: %lu bytes, the "
             "field at byte %lu; A57)",
             (unsigned long)accepted, (unsigned long)tried, (unsigned long)first_len, (unsigned long)first_at);
    wc_call k;
    set_call(&k, s, blob, n);
    wc_run(c, &k);
    wc_judge_set_ok(c, &k, n, 0);
    closesocket(s);
}

/* A58: SET after bind, listen and connect must fail (WFPSampler: "prior to binding"); the
 * code is open and recorded. */
static void a58(wc_ctx *c) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    static const wc_state states[] = {WC_BOUND, WC_LISTENING, WC_PLAIN};
    for (int i = 0; i < 3; i++) {
        wc_scene sc;
        if (!wc_scene_make(c, states[i], 1, &sc)) return;
        wc_call k;
        set_call(&k, states[i] == WC_PLAIN ? sc.tcp.client : sc.s, blob, n);
        wc_run(c, &k);
        char key[32], o[96];
        snprintf(key, sizeof key, "A58.%s", wc_state_names[states[i]]);
        wc_observe(c, key, "%s", k.rc == 0 ? "accepted" : "rejected");
        wc_check(c, k.rc == SOCKET_ERROR, "SET on a %s socket: %s; SET belongs before bind (A58)",
                 wc_state_names[states[i]], wc_call_outcome(&k, o, sizeof o));
    }
}

SOCKET wc_proxy_connect(wc_ctx *c, const wt_tcp_flow *f, const BYTE *rec, ULONG n) {
    SOCKET s = fresh(c);
    DWORD size = WC_SENTINEL;
    int rc = WSAIoctl(s, SET, (void *)rec, n, NULL, 0, &size, NULL, NULL);
    if (!wc_check(c, rc == 0, "SET on the proxy's new socket failed: %d", WSAGetLastError())) return INVALID_SOCKET;
    rc = connect(s, (const struct sockaddr *)&f->original_dst, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "the proxy's connect to the original destination failed: %d", WSAGetLastError()))
        return INVALID_SOCKET;
    return s;
}

int wc_looped(wc_ctx *c, SOCKET listener) {
    u_long nb = 1;
    ioctlsocket(listener, FIONBIO, &nb);
    SOCKET a = accept(listener, NULL, NULL);
    if (a == INVALID_SOCKET) return 0;
    /* not the handle's value: a handle number depends on the process's history, and the log
     * must read the same whichever process ran the case (selftest --isolation) */
    wc_log(c, "a connection arrived at the proxy listener");
    closesocket(a);
    return 1;
}

/* The proxy's leg of A59: the records of a redirected flow (at least `least` bytes) SET on a new
 * socket, whose connect must reach the original destination, not the proxy again. */
static void proxied(wc_ctx *c, ULONG least) {
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    wc_check(c, n >= least, "the records are %lu bytes; expected at least %lu", (unsigned long)n, (unsigned long)least);
    SOCKET s = wc_proxy_connect(c, &f, blob, n);
    if (s == INVALID_SOCKET) return;
    wc_check(c, !wc_looped(c, f.listener),
             "the proxy's outbound connection with %lu bytes of records was redirected back to the proxy (A59, A76)",
             (unsigned long)n);
    wc_check(c, wc_findings(c, "verifier") == 0, "the target's checker reported the callout (A59)");
}

/* A59: the proxied connection is not redirected back to the proxy: the callout saw
 * REDIRECTED_BY_SELF (IS_PROXY_CONNECTION set), and the checker found nothing. */
static void a59(wc_ctx *c) { proxied(c, 1); }

/* A49 and A59 with records of some 3 KB (model knob records_size=large: each hop carries
 * kernel-private bytes, as real records may): the blob a proxy QUERYs with an 8 KB buffer is
 * SET again whole on its outbound socket and its connect reaches the original destination.
 * Mutation testing (seed 43) found the parser's check of a hop's length against its extension
 * unexercised: every blob certify SET had hops without one. */
static void a59_large(wc_ctx *c) {
    if (wc_want_knob(c, "records_size", "large") != WT_OK)
        wc_unsupported(c, "the target cannot be asked for large records (model knob records_size)");
    proxied(c, 2048);
}

/* A46 for SET: an overlapped SET that the stack pends (model knob ioctl_completion) completes
 * at the next defined point with the records it was given, and the proxy's connection to the
 * original destination is then not redirected back (A59).  Mutation testing (seed 13) found
 * the deferred run reading the captured input from the wrong place unseen: only QUERY was
 * ever deferred. */
static void a46_set_deferred(wc_ctx *c) {
    if (wc_want_knob(c, "ioctl_completion", "deferred") != WT_OK)
        wc_log(c, "the target cannot be asked to defer SET; relying on its own pending behaviour");
    wt_tcp_flow f;
    ULONG n = records(c, &f);
    if (!n) return;
    SOCKET s = fresh(c);
    wc_call k;
    wc_call_init(&k, s, SET, WC_OV_EVENT, WC_WSAIOCTL);
    k.in = blob;
    k.cbin = n;
    wc_run(c, &k);
    wc_log(c, "overlapped SET %s", k.pending ? "pended" : "completed at once");
    wc_judge_set_ok(c, &k, n, 0);
    if (wc_final_error(&k, &(int){0}) != 0) return;
    int rc = connect(s, (const struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in));
    if (!wc_check(c, rc == 0, "the proxy's connect after the overlapped SET failed: %d", WSAGetLastError())) return;
    wc_check(c, !wc_looped(c, f.listener),
             "the connection after an overlapped SET was redirected back to the proxy (A46, A59)");
}

static const int no = 0, yes = 1;
static const wc_case cases[] = {
    WC_CASE_P("A51.set-before-bind", "A51", "#lpvinbuffer", WC_MUST, "0 on a new, unbound TCP socket", a51_52, &no),
    WC_CASE_P("A52.set-bytes", "A52,C4", "#lpcbbytesreturned", WC_SHOULD,
              "0, N or unchanged (recorded); the profile's if it fixes one", a51_52, &yes),
    WC_CASE("A46.set-deferred", "A46,A51", "#remarks", WC_MUST,
            "an overlapped SET the stack pends completes with success; the proxied connection is not redirected",
            a46_set_deferred),
    WC_CASE("A53.in-not-user-memory", "A53", "#lpvinbuffer", WC_MUST,
            "WSAEFAULT for an unmapped buffer; a buffer ending at a guard page works", a53),
    WC_CASE("A54.unelevated", "A54,C11", "#return-value", WC_MUST, "WSAEACCES (or success where the target ignores it)",
            a54),
    WC_CASE(
        "A54.process-token", "A54,C11", "#return-value", WC_MUST,
        "an elevated process's socket takes the blob with the caller unelevated; another unelevated process's socket "
        "gets what the caller's does",
        a54_process),
    WC_CASE("A55.no-input", "A55", "#cbinbuffer", WC_SHOULD, "a failure for NULL or 0 (code recorded)", a55),
    WC_CASE("A56.cbout-nonzero", "A56", "#cboutbuffer", WC_IMPL, "undocumented: recorded", a56),
    WC_CASE("A57.corrupt-blob", "A57", "#lpvinbuffer", WC_MUST, "every edited or made-up blob refused, no crash", a57),
    WC_CASE("A57.every-bit-and-length", "A57", "#lpvinbuffer", WC_MUST,
            "a bit changed at every byte, and every truncation, refused; the genuine blob accepted", a57_every),
    WC_CASE("A57.other-world", "A57,A51", "#lpvinbuffer", WC_MUST,
            "a blob sealed by another world refused; this world's own blob accepted", a57_other_world),
    WC_CASE("A57.other-process", "A57,A51", "#lpvinbuffer", WC_MUST,
            "a blob sealed in another process's world refused; this process's own world's blob accepted",
            a57_other_process),
    WC_CASE("A57.consistent-cuts", "A57", "#lpvinbuffer", WC_MUST,
            "a blob cut short with any 16- or 32-bit field of its first 16 bytes rewritten to the new length refused, "
            "no crash; the genuine blob accepted",
            a57_consistent_cuts),
    WC_CASE("A58.set-after-bind", "A58", "#remarks", WC_MUST,
            "a failure after bind, listen and connect (code recorded)", a58),
    WC_CASE("A59.proxied-not-redirected", "A59", "#remarks", WC_MUST,
            "the proxy's connect reaches the original destination, not the proxy again", a59),
    WC_CASE("A59.proxied-large-records", "A59,A49", "#remarks", WC_MUST,
            "records of some 3 KB (model knob records_size=large) QUERYd with 8 KB and SET again: the connect "
            "reaches the original destination",
            a59_large),
};
WC_TABLE(wc_set, cases);
