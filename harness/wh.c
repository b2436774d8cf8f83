/*
 * wh.c: the shared harness layer of wh.h.
 *
 * Every action is described twice before it runs (a readable step and the C statement that
 * does the same), so that a crash inside the model still leaves the call that caused it in
 * the log.  Completions are counted per OVERLAPPED: the completion routine and the port
 * packets land in the op record of the OVERLAPPED they name, which is how a doubled or
 * missing completion shows.
 *
 * The target comes from WFPCERT_TARGET.  What only the model has (faults, knobs, a chosen
 * privilege) is noted once and left out when the target answers WT_EUNSUPPORTED; a scenario
 * the target cannot set up ends the input through wh_unsupported, which is not a finding.
 */
#define _POSIX_C_SOURCE 200809L
#include "wh.h"

#include "driver_module.h"
#include "pool.h"
#include "wsys.h"
#include "wfpcert/target_model.h"
#include "reference.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile uintptr_t wh_sink;

#define SIZE_PRESET 0xDEADBEEFu /* SEMANTICS 9: "size" is preset to 0xDEADBEEF */

static wh_ctx *current; /* the completion routine has no context argument */

/* ---------------------------------------------------------------- failures */
void wh_fail(const char *clause, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wfpcert oracle: %s: ", clause);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
#ifdef _WIN32
    /* abort() of the C runtime exits with status 3, which WinAFL and Jackalope do not count as
     * a crash; STATUS_FATAL_APP_EXIT is an exception both do (and what abort() once raised). */
    SetErrorMode(GetErrorMode() | SEM_NOGPFAULTERRORBOX); /* no Windows Error Reporting dialog */
    RaiseException(0x40000015u, EXCEPTION_NONCONTINUABLE, 0, NULL);
#endif
    abort();
}

/* ------------------------------------------------------ targets, notes, exits */
const char *wh_target_spec(void) {
    /* WFPCERT_CALLOUT=MODULE: a vendor's driver (wfpcert_add_callout) is the callout of every
     * target the harness opens, as with `wfpcert certify --callout` (the same loader); `wfpcert
     * fuzz --callout` sets it for the fuzzers it starts.  Loaded here, before the first target
     * of any kind (an input's, a target's reference world, another world's records), so that
     * every world of the process has the same callout.  A bad path is a usage error. */
    static int loaded;
    if (!loaded) {
        loaded = 1;
        const char *callout = getenv("WFPCERT_CALLOUT");
        if (callout && *callout && nt_driver_module_load(callout, "wfpcert harness: WFPCERT_CALLOUT", NULL, 0)) exit(2);
    }
    const char *env = getenv("WFPCERT_TARGET");
    if (env && *env) return env;
    return WFPCERT_WINSOCK_MODEL ? "model" : "native";
}

void wh_note_once(const char *fmt, ...) {
    static char seen[32][512]; /* beyond 32 different messages, the rest are not repeated at all */
    static int nseen;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    for (int i = 0; i < nseen; i++)
        if (strcmp(seen[i], text) == 0) return;
    if (nseen == 32) return;
    snprintf(seen[nseen++], sizeof seen[0], "%s", text);
    fprintf(stderr, "wfpcert harness: %s\n", text);
    fflush(stderr);
}

jmp_buf *wh_unsupported_exit;
static int nunsupported;

int wh_unsupported_landed(void) {
    wh_unsupported_exit = NULL;
    nunsupported++;
    return 0;
}

int wh_inputs_unsupported(void) { return nunsupported; }

/* ------------------------------------------------------------------ faults */
static char fault_names[16][40];
static int nfaults = -1;

/* WFPCERT_FAULTS=name,name: read once per process, validated against the target's catalogue
 * (a target without one, the native target, is told each name and refuses it in wh_begin). */
WH_NO_COV static void read_faults(void) {
    if (nfaults >= 0) return;
    nfaults = 0;
    const char *env = getenv("WFPCERT_FAULTS");
    if (!env || !*env) return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", env);
    for (char *save = NULL, *tok = wsys_strtok(buf, ", ", &save); tok; tok = wsys_strtok(NULL, ", ", &save)) {
        int known = wt_fault_count() == 0;
        for (int i = 0; i < wt_fault_count(); i++) known |= strcmp(wt_fault_name(i), tok) == 0;
        if (!known || nfaults == 16) {
            fprintf(stderr, "wfpcert: WFPCERT_FAULTS: %s fault '%s'; known faults:", known ? "too many, at" : "unknown",
                    tok);
            for (int i = 0; i < wt_fault_count(); i++) fprintf(stderr, " %s", wt_fault_name(i));
            fputc('\n', stderr);
            exit(2);
        }
        snprintf(fault_names[nfaults++], sizeof fault_names[0], "%s", tok);
    }
}

/* WFPCERT_REFERENCE: the standard the oracle holds a target without knobs to (the native
 * target; reference.h).  The model is judged by the profile and knobs the input chose. */
WH_NO_COV static void read_reference(void) {
    static int done;
    if (done) return;
    done = 1;
    const char *env = getenv("WFPCERT_REFERENCE");
    if (!env || !*env) return;
    if (wc_oracle_set_reference(env) != 0) {
        fprintf(stderr, "wfpcert harness: WFPCERT_REFERENCE=%s: unknown reference (expected one of:", env);
        for (int i = 0; wc_oracle_reference_names[i]; i++) fprintf(stderr, " %s", wc_oracle_reference_names[i]);
        fputs(")\n", stderr);
        exit(2);
    }
}

/* ------------------------------------------------------------- the scene cache */
static int snapshots = -1; /* the target has them and they are wanted (-1: not known yet) */

WH_NO_COV static int cache_wanted(void) {
    if (snapshots < 0) {
        const char *env = getenv("WFPCERT_SNAPSHOTS");
        snapshots = !(env && strcmp(env, "0") == 0);
    }
    /* The log must show every step of the input, so repro builds the scenario itself. */
    return snapshots && !wh_fdp_logging() && !wh_fdp_emitting();
}

/* The same sealed bytes in every run of an input: a crash found in a campaign replays byte for
 * byte (the model's keys stay per world and unknown to the input). */
WH_NO_COV static void seal_seed(void) {
    static int seeded;
    if (!seeded) {
        wt_model_seal_seed(0x77667063657274ull);
        seeded = 1;
    }
}

WH_NO_COV static void open_target(wh_ctx *x) {
    const char *spec = wh_target_spec();
    int r = WT_EUNSUPPORTED;
    seal_seed();
    if (x->prefix) {
        r = wt_open_restorable(spec, &x->live);
        if (r == WT_EUNSUPPORTED) snapshots = 0; /* the native target: build every scenario */
    }
    if (r != WT_OK) {
        x->prefix = 0;
        r = wt_open(spec, &x->live);
    }
    if (r != WT_OK) {
        fprintf(stderr, "wfpcert harness: WFPCERT_TARGET=%s: %s\n", spec, wt_error());
        exit(2);
    }
}

/* The state the steps so far describe, running: the snapshot put back, or a new target. */
WH_NO_COV static void materialize(wh_ctx *x) {
    if (x->live) return;
    if (!x->at) {
        open_target(x);
        return;
    }
    if (wt_snapshot_restore(wh_scene_snapshot(x->at), &x->live) != WT_OK)
        wh_fail("harness", "restoring a scene snapshot: %s", wt_error());
}

WH_NO_COV wt_target *wh_t(wh_ctx *x) {
    materialize(x);
    x->prefix = 0; /* what comes now is the input's own: nothing more to share */
    x->at = NULL;
    return x->live;
}

/* FNV-1a, continued from h over n more bytes. */
WH_NO_COV static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ ((const unsigned char *)p)[i]) * 1099511628211ull;
    return h;
}

/* Appends to the key; 0 when it does not fit. */
WH_NO_COV static int key_add(wh_ctx *x, const char *s) {
    size_t n = strlen(s);
    if (x->keylen + n > sizeof x->key) return 0;
    x->keyhash = fnv(x->keyhash, s, n);
    memcpy(x->key + x->keylen, s, n);
    x->keylen += n;
    return 1;
}

/* "b12", "s3": a buffer's or a socket's variable in the log and the emitted C.  Made for every
 * buffer and socket, whether or not anything is logged, so not with snprintf, whose parser
 * (and sanitizer interceptor) cost more than the name is worth to an input that passes. */
WH_NO_COV static void var_name(char *dst, char prefix, int n) {
    char digits[12];
    int k = 0;
    unsigned v = (unsigned)n;
    do digits[k++] = (char)('0' + v % 10u);
    while ((v /= 10u) && k < (int)sizeof digits);
    *dst++ = prefix;
    while (k) *dst++ = digits[--k];
    *dst = 0;
}

/* The harness's side of a scene, out of and back into the context. */
WH_NO_COV static void scene_out(const wh_ctx *x, wh_scene *sc) {
    memset(sc, 0, sizeof *sc);
    memcpy(sc->socks, x->socks, (size_t)x->nsocks * sizeof sc->socks[0]); /* past nsocks: unused */
    sc->nsocks = x->nsocks;
    sc->nbufs = x->nbufs;
    sc->alertable_waits = x->alertable_waits;
    sc->unelevated = x->unelevated;
    sc->port = x->port;
}

WH_NO_COV static void scene_in(wh_ctx *x, const wh_scene *sc) {
    memcpy(x->socks, sc->socks, (size_t)sc->nsocks * sizeof x->socks[0]);
    x->nsocks = sc->nsocks;
    x->nbufs = sc->nbufs;
    x->alertable_waits = sc->alertable_waits;
    x->unelevated = sc->unelevated;
    x->port = sc->port;
}

/* The step "<tag><a>=<b>|"; tags are one letter (f faults, p profile, k knob, s socket,
 * u unelevated).  Returns 1 when its outcome is in the cache (x now stands for it and the
 * step is skipped), 0 when the caller runs it on the running target and then calls step_done. */
WH_NO_COV static int step_cached(wh_ctx *x, const char *tag, const char *a, const char *b) {
    if (!x->prefix) {
        materialize(x);
        return 0;
    }
    if (!key_add(x, tag) || !key_add(x, a) || !key_add(x, "=") || !key_add(x, b) || !key_add(x, "|")) {
        wh_t(x); /* too long a prefix to key: the rest runs as it is */
        return 0;
    }
    const wh_cached *c = wh_scene_find(x->key, x->keylen, x->keyhash);
    if (!c) {
        materialize(x); /* the state before the step, for the step to run on */
        return 0;
    }
    /* The outcome must have been built on the state this input is at: its world issued what
     * the input may already have read (step_done keeps it so; a broken rule here would show
     * as false findings, such as genuine records refused). */
    if (wh_scene_parent(c) != x->at)
        wh_fail("harness", "scene cache: a cached step was built on another world than the input's (key %.*s)",
                (int)x->keylen, x->key);
    if (x->live) wt_close(x->live); /* the state before the step: no longer needed */
    x->live = NULL;
    x->at = c;
    scene_in(x, wh_scene_of(c));
    return 1;
}

/* After a set-up step ran: its outcome goes into the cache under the steps' key. */
WH_NO_COV static void step_done(wh_ctx *x) {
    if (!x->prefix) return;
    /* A step whose outcome is not kept ends the sharing for the rest of the input.  A later
     * step's cached outcome was built on another world (another sealing key, other handles):
     * going on from it would mix what this input already read from the running world, such
     * as a flow's sealed records, with a world that never issued them.  So a cached scene
     * is only ever reached through its own cached parent, which it shares a world with. */
    if (!wh_scene_admit(x->keyhash)) { /* seen once so far: not worth keeping yet */
        wh_t(x);
        return;
    }
    wt_snapshot *s;
    /* Buffers or operations of the harness are not in a snapshot: then the input goes on alone. */
    if (x->nops || x->nallocs || wt_snapshot_take(x->live, &s) != WT_OK) {
        wh_t(x);
        return;
    }
    wh_scene sc;
    scene_out(x, &sc);
    char text[8];
    sc.findings = wt_findings(x->live, text, sizeof text);
    x->at = wh_scene_put(x->key, x->keylen, x->keyhash, x->at, s, &sc);
    if (!x->at) wh_t(x); /* the cache is full: the same rule */
}

WH_NO_COV int wh_findings(wh_ctx *x, char *text, size_t cap) {
    if (!x->live && x->at && wh_scene_of(x->at)->findings == 0) {
        if (cap) text[0] = 0;
        return 0;
    }
    materialize(x);
    return wt_findings(x->live, text, cap);
}

/* What the input observed, without handles or addresses (they differ from run to run). */
static uint64_t digest;
WH_NO_COV void wh_digest_add(const void *p, size_t n) { digest = fnv(digest, p, n); }
uint64_t wh_input_digest(void) { return digest; }
void wh_set_snapshots(int on) { snapshots = on != 0; }

/* ------------------------------------------------------------- begin / end */
void wh_begin(wh_ctx *x, fdp *in) {
    memset(x, 0, sizeof *x);
    x->in = in;
    read_faults();
    read_reference();
    wh_scene_trim();
    digest = 1469598103934665603ull;
    x->prefix = cache_wanted();
    x->keyhash = 1469598103934665603ull;
    current = x;
    char faults[sizeof fault_names];
    faults[0] = 0;
    for (int i = 0; i < nfaults; i++) {
        strncat(faults, fault_names[i], sizeof faults - strlen(faults) - 2);
        strcat(faults, ",");
    }
    if (step_cached(x, "f", faults, "")) return;
    for (int i = 0; i < nfaults; i++) {
        wh_fdp_step("fault %s on", fault_names[i]);
        wh_fdp_c("wt_set_fault(t, \"%s\", 1);", fault_names[i]);
        if (wt_set_fault(x->live, fault_names[i], 1) == WT_EUNSUPPORTED) {
            wh_note_once("WFPCERT_FAULTS ignored: %s", wt_error());
            nfaults = 0; /* the inputs run on the target as it is */
        }
    }
    step_done(x);
}

static void check_allocs(wh_ctx *x, const char *what);

/* Closes the target and frees what the input allocated (the end of every input). */
WH_NO_COV static void release(wh_ctx *x) {
#ifdef _WIN32
    /* Real handles on Windows (the model frees its own with its world). */
    for (int i = 0; i < x->nops; i++)
        if (x->ops[i].ev) WSACloseEvent(x->ops[i].ev);
    if (x->port) CloseHandle(x->port);
#endif
    wh_fdp_step("close the target");
    wh_fdp_c("wt_close(t);");
    /* A state still in a snapshot has nothing running.  A restorable target is dropped whole at
     * most inputs' end; the first input of a process and one in 16 after it still tear it
     * down, which checks that the model freed everything (a leak then reproduces from the
     * input alone: a replay's first input is torn down). */
    static unsigned long ended;
    if (x->live && ended++ % 16)
        wt_discard(x->live);
    else if (x->live) {
        wt_model_held_at_close(NULL, 0); /* only this world's close counts */
        wt_close(x->live);
        x->live = NULL;
        /* What the world freed only because it ended (a flow, a classify state or pool memory
         * nothing could release any more): the conformance runner's leak check, here too. */
        char held[512];
        long blocks = wt_model_held_at_close(held, sizeof held);
        if (blocks > 0)
            wh_fail("leak",
                    "%ld of the model's memory blocks or kernel sockets still held after every handle closed (%s)",
                    blocks, held);
    }
    /* What a driver's unload broke (wt_discard closes a world with a vendor driver too) */
    char late[1024];
    if (wt_model_findings_at_close(late, sizeof late) > 0)
        wh_fail("verifier", "when the target closed and its drivers unloaded: %s", late);
    x->live = NULL;
    for (int i = 0; i < x->nallocs; i++) wh_pool_put(x->allocs[i], x->alloc_class[i]);
    current = NULL;
}

void wh_end(wh_ctx *x) {
    /* A state that is still a snapshot is quiet (nothing queued, wt_snapshot_take saw to it):
     * only its findings need a look.  Otherwise collect what is still due, so a late double
     * completion or leak shows now. */
    if (x->live || !x->at) wh_alertable_wait(x);
    check_allocs(x, "the input's calls");
    char text[1024];
    int n = wh_findings(x, text, sizeof text);
    wh_digest_add(&n, sizeof n);
    if (n > 0) wh_fail("verifier", "%d finding(s) of the target's checker: %s", n, text);
    release(x);
}

void wh_unsupported(wh_ctx *x, const char *what) {
    wh_note_once("WFPCERT_TARGET=%s cannot %s: %s (inputs that need it end there; not a finding)", wh_target_spec(),
                 what, wt_error());
    wh_fdp_step("the target cannot %s: the input ends here", what);
    release(x);
    if (!wh_unsupported_exit) exit(0);
    longjmp(*wh_unsupported_exit, 1);
}

/* n bytes from the pool (pool.c), contents left as the last input had them: for buffers whose
 * every byte is set next (wh_buffer's pattern).  Zeroing up to 1 MiB that was then overwritten,
 * and the page faults of fresh calloc memory, were a tenth of an input. */
WH_NO_COV static void *alloc_raw(wh_ctx *x, size_t n) {
    if (x->nallocs == WH_MAX_ALLOCS) return NULL;
    void *p = wh_pool_get(n ? n : 1, &x->alloc_class[x->nallocs]);
    if (p) {
        x->alloc_size[x->nallocs] = n ? n : 1;
        x->allocs[x->nallocs++] = p;
    }
    return p;
}

/* The first of the input's buffers written outside of (-1: none), and where (pool.c). */
WH_NO_COV static int overrun_alloc(wh_ctx *x, long *at) {
    for (int i = 0; i < x->nallocs; i++)
        if (wh_pool_check(x->allocs[i], x->alloc_size[i], at)) return i;
    return -1;
}

/* Safety: nothing the target did wrote outside the input's buffers.  ASan reports such a write
 * as it happens; without it (AFL++, the fast lane) the pool's canaries show it afterwards.
 * Checked after every judged call and at the input's end. */
static void check_allocs(wh_ctx *x, const char *what) {
    long at = 0;
    int i = overrun_alloc(x, &at);
    if (i >= 0)
        wh_fail("safety", "%s wrote outside a %lu-byte buffer of the caller's (byte %ld from its start changed)", what,
                (unsigned long)x->alloc_size[i], at);
}

void *wh_alloc(wh_ctx *x, size_t n) {
    void *p = alloc_raw(x, n);
    if (p) memset(p, 0, n ? n : 1); /* what calloc gave: OVERLAPPEDs, WSABUFs, ... start zeroed */
    return p;
}

void wh_set_knob(wh_ctx *x, const char *knob, const char *value) {
    if (step_cached(x, "k", knob, value)) return;
    wh_fdp_step("knob %s = %s", knob, value);
    wh_fdp_c("wt_set_knob(t, \"%s\", \"%s\");", knob, value);
    int r = wt_set_knob(x->live, knob, value);
    if (r == WT_EUNSUPPORTED)
        wh_note_once("knobs ignored: %s", wt_error()); /* the target's own behaviour stands */
    else if (r != WT_OK)
        wh_fail("harness", "wt_set_knob: %s", wt_error());
    step_done(x);
}

void wh_unelevate(wh_ctx *x) {
    if (step_cached(x, "u", "", "")) return;
    wh_fdp_step("caller not elevated");
    wh_fdp_c("wt_set_elevated(t, 0);");
    if (wt_set_elevated(x->live, 0) == WT_OK)
        x->unelevated = 1;
    else
        wh_note_once("the caller stays elevated: %s", wt_error());
    step_done(x);
}

void wh_choose_profile(wh_ctx *x) {
    /* A target with one profile (native) still takes the byte: a seed decodes alike on every target. */
    int count = wt_profile_count();
    int p = count > 1 ? (int)wh_fdp_range(x->in, 0, (uint32_t)count - 1) : (wh_fdp_u8(x->in), 0);
    const char *name = wt_profile_name(p);
    if (!step_cached(x, "p", name, "")) {
        wh_fdp_step("profile %s", name);
        wh_fdp_c("wt_set_profile(t, \"%s\");", name);
        wt_set_profile(x->live, name);
        step_done(x);
    }
    /* The knobs that change the shape of overlapped calls and SET, chosen one by one. */
    static const char *const completion[] = {NULL, "immediate", "deferred"};
    static const char *const failure[] = {NULL, "pend", "immediate"};
    static const char *const ovsize[] = {NULL, "write", "keep"};
    static const char *const after[] = {NULL, "reject", "accept"};
    const char *v;
    if ((v = wh_fdp_pick(x->in, completion))) wh_set_knob(x, "ioctl_completion", v);
    if ((v = wh_fdp_pick(x->in, failure))) wh_set_knob(x, "ov_failure", v);
    if ((v = wh_fdp_pick(x->in, ovsize))) wh_set_knob(x, "ov_success_size", v);
    if ((v = wh_fdp_pick(x->in, after))) wh_set_knob(x, "set_after_connect", v);
}

/* ------------------------------------------------------------------ names */
const char *wh_code_name(DWORD code) {
    const wc_oracle_ioctl_desc *d = wc_oracle_ioctl_find(code);
    if (d->code == code) return d->name;
    static WFPCERT_THREAD_LOCAL char buf[16]; /* wfpcert/compat.h: cl spells it differently */
    snprintf(buf, sizeof buf, "0x%08lX", (unsigned long)code);
    return buf;
}

const char *wh_mode_name(wc_oracle_mode m) {
    static const char *const n[] = {"sync", "event", "completion routine", "completion port"};
    return n[m];
}

static const char *af_name(int af) { return af == AF_INET6 ? "AF_INET6" : "AF_INET"; }

/* ----------------------------------------------------------------- sockets */
static const char *const sock_kind_names[WH_S_COUNT] = {"fresh TCP",
                                                        "bound TCP",
                                                        "listening TCP",
                                                        "connected TCP (not redirected)",
                                                        "redirected TCP (accepted by the proxy)",
                                                        "redirected TCP (the client's end)",
                                                        "UDP proxy of a redirected flow",
                                                        "closed socket",
                                                        "not a socket"};

static wh_sock *new_sock(wh_ctx *x, wh_sock_kind kind, SOCKET s, wc_oracle_state st) {
    if (x->nsocks == WH_MAX_SOCKS) return NULL;
    wh_sock *k = &x->socks[x->nsocks++];
    memset(k, 0, sizeof *k);
    k->s = s;
    k->kind = kind;
    k->state = st;
    k->peer = INVALID_SOCKET;
    k->listener = INVALID_SOCKET;
    var_name(k->name, 's', x->nsocks);
    return k;
}

static int bind_any(SOCKET s, int af) {
    SOCKADDR_STORAGE a;
    memset(&a, 0, sizeof a);
    a.ss_family = (ADDRESS_FAMILY)af;
    return bind(s, (struct sockaddr *)&a,
                af == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in));
}

static wh_sock *make_socket(wh_ctx *x, wh_sock_kind kind, int af, int overlapped) {
    wh_sock *k = NULL;
    char var[16];
    var_name(var, 's', x->nsocks + 1);
    const char *fam = af_name(af);
    wh_fdp_step("%s = %s, %s, %soverlapped", var, sock_kind_names[kind], fam, overlapped ? "" : "not ");
    switch (kind) {
    case WH_S_FRESH:
    case WH_S_BOUND:
    case WH_S_LISTENING:
    case WH_S_CLOSED: {
        wh_fdp_c("SOCKET %s = WSASocket(%s, SOCK_STREAM, IPPROTO_TCP, NULL, 0, %s);", var, fam,
                 overlapped ? "WSA_FLAG_OVERLAPPED" : "0");
        SOCKET s = WSASocket(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
        if (s == INVALID_SOCKET) return NULL;
        wc_oracle_state st = WC_ORACLE_S_FRESH;
        if (kind == WH_S_BOUND || kind == WH_S_LISTENING) {
            wh_fdp_c("{ SOCKADDR_STORAGE a = {0}; a.ss_family = %s; bind(%s, (struct sockaddr *)&a, %d); }", fam, var,
                     af == AF_INET6 ? 28 : 16);
            if (bind_any(s, af)) return NULL;
            st = WC_ORACLE_S_BOUND;
        }
        if (kind == WH_S_LISTENING) {
            wh_fdp_c("listen(%s, SOMAXCONN);", var);
            if (listen(s, SOMAXCONN)) return NULL;
            st = WC_ORACLE_S_LISTENING;
        }
        k = new_sock(x, kind, s, st);
        if (k && kind == WH_S_CLOSED) {
            wh_fdp_c("closesocket(%s);", var);
            closesocket(s);
            k->state = WC_ORACLE_S_CLOSED;
            k->closed = 1;
        }
        break;
    }
    case WH_S_PLAIN:
    case WH_S_REDIRECTED:
    case WH_S_REDIRECTED_CLIENT: {
        wt_tcp_flow f;
        int r;
        if (kind == WH_S_PLAIN) {
            wh_fdp_c("wt_tcp_flow f%d; wt_tcp_plain(t, %s, &f%d);", x->nsocks + 1, fam, x->nsocks + 1);
            r = wt_tcp_plain(x->live, af, &f);
            overlapped = 1; /* wt_tcp_plain makes overlapped sockets */
        } else {
            wh_fdp_c("wt_tcp_flow f%d; wt_tcp_redirected(t, %s, %d, &f%d);", x->nsocks + 1, fam, overlapped,
                     x->nsocks + 1);
            r = wt_tcp_redirected(x->live, af, overlapped, &f);
        }
        if (r == WT_EUNSUPPORTED)
            wh_unsupported(x, kind == WH_S_PLAIN ? "connect a plain TCP flow" : "redirect a TCP flow");
        if (r != WT_OK) wh_fail("harness", "setting up %s: %s", sock_kind_names[kind], wt_error());
        SOCKET s = kind == WH_S_REDIRECTED ? f.accepted : f.client;
        wh_fdp_c("SOCKET %s = f%d.%s;", var, x->nsocks + 1, kind == WH_S_REDIRECTED ? "accepted" : "client");
        k = new_sock(x, kind, s, WC_ORACLE_S_CONNECTED);
        if (k) {
            k->peer = kind == WH_S_REDIRECTED ? f.client : f.accepted;
            k->listener = f.listener;
            k->original_dst = f.original_dst;
        }
        break;
    }
    case WH_S_UDP_PROXY: {
        wt_udp_flow f;
        /* The model target keeps one UDP proxy per family and closes the previous one. */
        for (int i = 0; i < x->nsocks; i++)
            if (x->socks[i].kind == WH_S_UDP_PROXY && x->socks[i].original_dst.ss_family == af) {
                x->socks[i].state = WC_ORACLE_S_CLOSED;
                x->socks[i].closed = 1;
            }
        wh_fdp_c("wt_udp_flow u%d; wt_udp_redirected(t, %s, %d, &u%d);", x->nsocks + 1, fam, overlapped, x->nsocks + 1);
        int r = wt_udp_redirected(x->live, af, overlapped, &f);
        if (r == WT_EUNSUPPORTED) wh_unsupported(x, "redirect a UDP flow");
        if (r != WT_OK) wh_fail("harness", "UDP flow: %s", wt_error());
        wh_fdp_c("SOCKET %s = u%d.proxy;", var, x->nsocks + 1);
        k = new_sock(x, kind, f.proxy, WC_ORACLE_S_BOUND);
        if (k) {
            k->udp = 1;
            k->peer = f.client;
            k->original_dst = f.original_dst;
        }
        break;
    }
    case WH_S_NOT_SOCKET:
    default:
        wh_fdp_c("SOCKET %s = wt_not_a_socket(t);", var);
        k = new_sock(x, WH_S_NOT_SOCKET, wt_not_a_socket(x->live), WC_ORACLE_S_NOT_SOCKET);
        break;
    }
    if (k) k->overlapped = overlapped;
    return k;
}

wh_sock *wh_socket(wh_ctx *x, wh_sock_kind kind, int af, int overlapped) {
    wh_sock *k;
    char how[4] = {(char)('a' + kind), af == AF_INET6 ? '6' : '4', overlapped ? 'o' : 'n', 0};
    if (step_cached(x, "s", how, "")) {
        k = &x->socks[x->nsocks - 1];
    } else if ((k = make_socket(x, kind, af, overlapped))) {
        step_done(x);
    } else {
        wh_t(x); /* whatever the refused step left is the input's own state now */
    }
    int seen[] = {(int)kind, af, overlapped, k ? (int)k->state : -1, x->nsocks};
    wh_digest_add(seen, sizeof seen);
    return k;
}

void wh_close_socket(wh_ctx *x, wh_sock *s) {
    wh_t(x);
    wh_fdp_step("closesocket(%s)", s->name);
    wh_fdp_c("closesocket(%s);", s->name);
    int r = closesocket(s->s);
    wh_sink += (uintptr_t)r;
    if (s->state != WC_ORACLE_S_NOT_SOCKET) {
        s->state = WC_ORACLE_S_CLOSED;
        s->closed = 1;
    }
}

WH_NO_COV ULONG wh_other_world_records(int af, void *buf, ULONG cap) {
    static uint8_t blob[2][8192];
    static ULONG len[2];
    static int made;
    int i = af == AF_INET6;
    if (!made) {
        made = 1;
        read_faults();
        seal_seed();
        for (int k = 0; k < 2; k++) {
            wt_target *t = NULL;
            wt_tcp_flow f;
            if (wt_open(wh_target_spec(), &t) != WT_OK) break;
            for (int j = 0; j < nfaults; j++) wt_set_fault(t, fault_names[j], 1);
            if (wt_tcp_redirected(t, k ? AF_INET6 : AF_INET, 0, &f) != WT_OK ||
                wt_issued_records(t, f.accepted, blob[k], sizeof blob[k], &len[k]) != WT_OK)
                len[k] = 0;
            wt_close(t);
        }
    }
    if (!len[i] || len[i] > cap) return 0;
    memcpy(buf, blob[i], len[i]);
    return len[i];
}

ULONG wh_issued(wh_ctx *x, const wh_sock *s, int context, void *buf, ULONG cap) {
    ULONG len = 0;
    if (s->closed || s->state == WC_ORACLE_S_NOT_SOCKET) return 0;
    materialize(x); /* a look that changes nothing: the steps may go on being shared */
    int r =
        context ? wt_issued_context(x->live, s->s, buf, cap, &len) : wt_issued_records(x->live, s->s, buf, cap, &len);
    if (r == WT_EUNSUPPORTED) return WC_ORACLE_LEN_UNKNOWN;
    return len;
}

/* ----------------------------------------------------------------- buffers */
wh_buf wh_buffer(wh_ctx *x, wh_ptr_kind kind, DWORD cb, const void *fill, size_t n) {
    wh_buf b = {NULL, cb, WC_ORACLE_P_NULL, 0, ""};
    var_name(b.name, 'b', ++x->nbufs);
    if (n > cb) n = cb;
    DWORD real = cb;
    /* A read-only page is one page: a longer length would run into whatever is mapped next,
     * which the model may legitimately read.  Past a page it becomes a "short" buffer. */
    if (kind == WH_P_READONLY && cb > 4096) kind = WH_P_SHORT;
    /* Nor can heap memory back a huge length: it becomes "short" too (the probe must refuse). */
    if (cb > (1u << 20) && (kind == WH_P_HEAP || kind == WH_P_GUARDED || kind == WH_P_MISALIGNED)) kind = WH_P_SHORT;
    switch (kind) {
    case WH_P_HEAP:
        /* Exactly cb bytes, so a write past the end is an AddressSanitizer report. */
        b.p = alloc_raw(x, cb); /* every byte is set below */
        b.kind = WC_ORACLE_P_VALID;
        wh_fdp_c("unsigned char *%s = calloc(1, %lu);", b.name, (unsigned long)(cb ? cb : 1));
        break;
    case WH_P_GUARDED:
        /* The byte after the buffer is on a guard page: an overrun faults even without ASan. */
        if (cb > (1u << 20)) break;
        b.p = wt_guarded_buffer(wh_t(x), cb);
        b.kind = WC_ORACLE_P_VALID;
        wh_fdp_c("unsigned char *%s = wt_guarded_buffer(t, %lu);", b.name, (unsigned long)cb);
        break;
    case WH_P_MISALIGNED: {
        unsigned char *p = alloc_raw(x, (size_t)cb + 1); /* the cb bytes are set below */
        if (p) b.p = p + 1;
        b.kind = WC_ORACLE_P_VALID;
        wh_fdp_c("unsigned char *%s = (unsigned char *)calloc(1, %lu) + 1;", b.name, (unsigned long)cb + 1);
        break;
    }
    case WH_P_SHORT:
        /* The claimed length runs into a guard page: probing must say WSAEFAULT. */
        real = cb ? cb / 2 : 0;
        if (real > 4096) real = 4096;
        b.p = wt_guarded_buffer(wh_t(x), real);
        b.kind = cb ? WC_ORACLE_P_SHORT : WC_ORACLE_P_VALID;
        wh_fdp_c("unsigned char *%s = wt_guarded_buffer(t, %lu); /* told %lu */", b.name, (unsigned long)real,
                 (unsigned long)cb);
        break;
    case WH_P_READONLY:
        b.p = wt_readonly_page(wh_t(x));
        b.kind = WC_ORACLE_P_READONLY;
        wh_fdp_c("unsigned char *%s = wt_readonly_page(t);", b.name);
        break;
    case WH_P_UNMAPPED:
        b.p = wt_unmapped_address(wh_t(x));
        b.kind = cb ? WC_ORACLE_P_UNMAPPED : WC_ORACLE_P_VALID; /* zero bytes at any address are "valid" */
        wh_fdp_c("unsigned char *%s = wt_unmapped_address(t);", b.name);
        break;
    default:
        break;
    }
    if (!b.p) { /* NULL asked for, or out of regions */
        b.kind = WC_ORACLE_P_NULL;
        wh_fdp_c("unsigned char *%s = NULL;", b.name);
        return b;
    }
    /* Untouched bytes hold a pattern, so a copy one byte short of the blob shows (A33). */
    if (b.kind == WC_ORACLE_P_VALID && cb) {
        memset(b.p, 0xA5, cb);
        wh_fdp_c("memset(%s, 0xA5, %lu);", b.name, (unsigned long)cb);
    }
    if (fill && n && (b.kind == WC_ORACLE_P_VALID || (b.kind == WC_ORACLE_P_SHORT && kind == WH_P_SHORT))) {
        size_t m = b.kind == WC_ORACLE_P_SHORT ? (n < real ? n : real) : n;
        memcpy(b.p, fill, m);
        b.filled = m;
        if (wh_fdp_emitting()) {
            char decl[64];
            snprintf(decl, sizeof decl, "static const unsigned char %s_fill[]", b.name);
            wh_fdp_c_bytes(decl, fill, m);
            wh_fdp_c("memcpy(%s, %s_fill, %lu);", b.name, b.name, (unsigned long)m);
        }
    }
    return b;
}

/* -------------------------------------------------------------- completions */
static wh_op *op_of(wh_ctx *x, const WSAOVERLAPPED *ov) {
    for (int i = 0; x && i < x->nops; i++)
        if (x->ops[i].ov == ov) return &x->ops[i];
    return NULL;
}

static void CALLBACK routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    wh_op *op = op_of(current, ov);
    (void)flags;
    if (!op) wh_fail("A19", "a completion routine ran for an OVERLAPPED nobody passed (%p)", (void *)ov);
    op->routines++;
    op->err = err;
    op->bytes = bytes;
    op->ok = err == 0;
}

static void drain_port(wh_ctx *x) {
    if (!x->port) return;
    for (int guard = 0; guard < 1024; guard++) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED ov = NULL;
        BOOL ok = GetQueuedCompletionStatus(x->port, &bytes, &key, &ov, 0);
        if (!ok && !ov) return; /* timed out: the port is empty */
        wh_op *op = op_of(x, ov);
        if (!op) continue; /* a packet of the scenario's own sockets */
        op->packets++;
        op->ok = ok;
        op->err = ok ? 0 : GetLastError();
        op->bytes = bytes;
    }
}

void wh_alertable_wait(wh_ctx *x) {
    wh_t(x);
    x->alertable_waits++;
    wh_fdp_c("SleepEx(0, TRUE); drain(port);");
    DWORD r = SleepEx(0, TRUE);
    wh_sink += r;
    drain_port(x);
}

static void ensure_port(wh_ctx *x, wh_sock *s) {
    if (!x->port) {
        wh_fdp_c("port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);");
        x->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    }
    if (s->on_port || s->closed || s->state == WC_ORACLE_S_NOT_SOCKET) return;
    wh_fdp_c("CreateIoCompletionPort((HANDLE)%s, port, 7, 0);", s->name);
    if (CreateIoCompletionPort((HANDLE)(uintptr_t)s->s, x->port, 7, 0)) s->on_port = 1;
}

/* Waits for op as its mode says and fills the outcome's completion fields. */
static void collect(wh_ctx *x, wh_op *op, wc_oracle_outcome *o, int wait) {
    if (op->mode == WC_ORACLE_M_EVENT) {
        DWORD bytes = 0, flags = 0;
        if (wait && !op->sock->closed) {
            wh_fdp_c("{ DWORD n = 0, fl = 0; BOOL ok = WSAGetOverlappedResult(%s, o%d, &n, TRUE, &fl); "
                     "printf(\"result %%d err %%d bytes %%lu\\n\", ok, WSAGetLastError(), (unsigned long)n); }",
                     op->sock->name, (int)(op - x->ops) + 1);
            BOOL ok = WSAGetOverlappedResult(op->sock->s, op->ov, &bytes, TRUE, &flags);
            op->ok = ok;
            op->err = ok ? 0 : (DWORD)WSAGetLastError();
            op->bytes = bytes;
            o->collected = ok || op->err != WSA_IO_INCOMPLETE;
        } else {
            /* A closed socket has no WSAGetOverlappedResult; read the OVERLAPPED itself. */
            LONG st = (LONG)op->ov->Internal;
            o->collected = st != (LONG)STATUS_PENDING;
            op->ok = st == 0;
            op->err = st == (LONG)STATUS_CANCELLED ? WSA_OPERATION_ABORTED : st ? 0xFFFFFFFFu : 0;
            op->bytes = (DWORD)op->ov->InternalHigh;
        }
        o->notifications = WSAWaitForMultipleEvents(1, &op->ev, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0;
    } else {
        if (wait)
            wh_alertable_wait(x);
        else
            drain_port(x);
        o->notifications = op->mode == WC_ORACLE_M_ROUTINE ? op->routines : op->packets;
        o->collected = o->notifications > 0;
    }
    o->comp_ok = op->ok;
    o->comp_err = op->err;
    o->comp_bytes = op->bytes;
    o->internal = op->ov->Internal;
    o->internal_high = op->ov->InternalHigh;
}

/* -------------------------------------------------------------------- calls */
/* Does the output equal what the stack issued (A33)? -1 when not a QUERY success. */
static int output_matches(wh_ctx *x, const wh_ioctl_args *a, const wc_oracle_call *c) {
    int ctx = a->code == SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT;
    if ((a->code != SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS && !ctx) || a->out.kind != WC_ORACLE_P_VALID) return -1;
    ULONG n = ctx ? c->context_len : c->records_len;
    if (!n || n == WC_ORACLE_LEN_UNKNOWN || n > a->out.cb) return -1;
    uint8_t *want = malloc(n);
    if (!want) return -1;
    ULONG got = wh_issued(x, a->sock, ctx, want, n);
    int same = got == n && memcmp(want, a->out.p, n) == 0;
    free(want);
    return same;
}

int wh_ioctl(wh_ctx *x, const wh_ioctl_args *a) {
    wh_t(x);
    wh_sock *s = a->sock;
    wc_oracle_call c;
    memset(&c, 0, sizeof c);
    c.code = a->code;
    c.state = s->state;
    c.udp = s->udp;
    c.sock_overlapped = s->overlapped;
    c.mode = a->mode;
    c.wsp = a->wsp;
    c.in = a->in.kind;
    c.out = a->out.kind;
    c.cb_in = a->in.cb;
    c.cb_out = a->out.cb;
    c.in_genuine = a->in_genuine;
    c.in_known_guid = a->in_known_guid;
    c.elevated = !x->unelevated;
    if (s->state == WC_ORACLE_S_CONNECTED) {
        c.records_len = wh_issued(x, s, 0, NULL, 0);
        c.context_len = c.records_len ? wh_issued(x, s, 1, NULL, 0) : 0;
    }

    /* lpcbBytesReturned */
    DWORD *lpcb = NULL;
    c.lpcb = WC_ORACLE_P_NULL;
    int cbvar = x->nbufs + 1;
    if (a->lpcb == WH_P_READONLY || a->lpcb == WH_P_UNMAPPED || a->lpcb == WH_P_MISALIGNED) {
        wh_buf b = wh_buffer(x, a->lpcb, sizeof(DWORD), NULL, 0);
        lpcb = b.p;
        c.lpcb = !b.p                       ? WC_ORACLE_P_NULL
                 : a->lpcb == WH_P_READONLY ? WC_ORACLE_P_READONLY
                 : a->lpcb == WH_P_UNMAPPED ? WC_ORACLE_P_UNMAPPED
                                            : WC_ORACLE_P_VALID;
        if (c.lpcb == WC_ORACLE_P_VALID) { /* x64 Windows takes an unaligned DWORD; so does the model */
            DWORD preset = SIZE_PRESET;
            memcpy(lpcb, &preset, sizeof preset);
            wh_fdp_c("memcpy(b%d, &(DWORD){0xDEADBEEFu}, 4);", cbvar);
        }
    } else if (a->lpcb != WH_P_NULL) {
        wh_buf b = wh_buffer(x, WH_P_HEAP, sizeof(DWORD), NULL, 0);
        lpcb = b.p;
        c.lpcb = lpcb ? WC_ORACLE_P_VALID : WC_ORACLE_P_NULL;
        if (lpcb) {
            *lpcb = SIZE_PRESET;
            wh_fdp_c("*(DWORD *)b%d = 0xDEADBEEFu;", cbvar);
        }
    }
    char lpcb_c[24] = "NULL"; /* the names in the emitted C, made only when it is written */
    if (lpcb && wh_fdp_emitting()) snprintf(lpcb_c, sizeof lpcb_c, "(DWORD *)b%d", cbvar);

    /* The OVERLAPPED and how its completion is asked for. */
    wh_op *op = NULL;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE cr = NULL;
    char ov_c[16] = "NULL";
    if (a->mode != WC_ORACLE_M_SYNC && x->nops < WH_MAX_OPS) {
        op = &x->ops[x->nops++];
        memset(op, 0, sizeof *op);
        op->ov = wh_alloc(x, sizeof *op->ov);
        op->tid = wh_alloc(x, sizeof *op->tid);
        op->sock = s;
        op->mode = a->mode;
        int id = x->nops;
        if (wh_fdp_emitting()) snprintf(ov_c, sizeof ov_c, "o%d", id);
        wh_fdp_c("WSAOVERLAPPED *o%d = calloc(1, sizeof(WSAOVERLAPPED));", id);
        if (a->mode == WC_ORACLE_M_EVENT) {
            op->ev = WSACreateEvent();
            op->ov->hEvent = op->ev;
            wh_fdp_c("o%d->hEvent = WSACreateEvent();", id);
        } else if (a->mode == WC_ORACLE_M_ROUTINE) {
            cr = routine;
        } else {
            ensure_port(x, s);
        }
    } else if (a->mode != WC_ORACLE_M_SYNC) {
        c.mode = WC_ORACLE_M_SYNC; /* out of op records: the call is made synchronously */
    }

    /* A call that fails must leave the caller's output buffer as it was, at every level: a copy
     * to compare it with (one memcpy, where an FNV hash before and after was a byte loop, 4% of
     * fuzz_ioctl; the compare only when the call failed). */
    static unsigned char out_before[1u << 20];
    int out_checked = a->out.p && a->out.cb && c.out == WC_ORACLE_P_VALID && a->out.cb <= sizeof out_before;
    if (out_checked) memcpy(out_before, a->out.p, a->out.cb);

    /* What only the log reads (names of codes and errors) is made only when it is written. */
    int logging = wh_fdp_logging(), emitting = wh_fdp_emitting();
    if (logging)
        wh_fdp_step("%s(%s, %s, in %s/%lu, out %s/%lu, lpcb %s, %s)", a->wsp ? "WSPIoctl" : "WSAIoctl", s->name,
                    wh_code_name(a->code), a->in.p ? a->in.name : "NULL", (unsigned long)a->in.cb,
                    a->out.p ? a->out.name : "NULL", (unsigned long)a->out.cb, lpcb ? "valid" : "NULL",
                    wh_mode_name(c.mode));
    int r, err = 0;
    if (a->wsp) {
        WSPPROC_TABLE tbl;
        int rt = wt_wsp_table(wh_t(x), &tbl);
        if (rt == WT_EUNSUPPORTED) wh_unsupported(x, "call WSPIoctl directly");
        if (rt != WT_OK) wh_fail("harness", "wt_wsp_table: %s", wt_error());
        WSATHREADID *tid = op ? op->tid : wh_alloc(x, sizeof *tid);
        if (!tid) wh_fail("harness", "out of memory");
        tid->ThreadHandle = GetCurrentThread();
        tid->Reserved = 0;
        int e = WH_STALE_ERROR; /* must be overwritten on failure */
        wh_fdp_c("{ WSPPROC_TABLE tbl; wt_wsp_table(t, &tbl); WSATHREADID tid = {GetCurrentThread(), 0}; int e = 0;");
        wh_fdp_c("  r = tbl.lpWSPIoctl(%s, 0x%08lXu, %s, %lu, %s, %lu, %s, %s, %s, &tid, &e); err = e;", s->name,
                 (unsigned long)a->code, a->in.p ? a->in.name : "NULL", (unsigned long)a->in.cb,
                 a->out.p ? a->out.name : "NULL", (unsigned long)a->out.cb, lpcb_c, ov_c, cr ? "done" : "NULL");
        wh_fdp_c("  memset(&tid, 0xA5, sizeof tid); }");
        r = tbl.lpWSPIoctl(s->s, a->code, a->in.p, a->in.cb, a->out.p, a->out.cb, lpcb, op ? op->ov : NULL, cr, tid,
                           &e);
        /* The caller's WSATHREADID goes away with its stack frame (A31: the provider copies it). */
        memset(tid, 0xA5, sizeof *tid);
        if (r) err = e;
    } else {
        wh_fdp_c("WSASetLastError(0x%x); r = WSAIoctl(%s, 0x%08lXu, %s, %lu, %s, %lu, %s, %s, %s); err = r ? "
                 "WSAGetLastError() : 0;",
                 WH_STALE_ERROR, s->name, (unsigned long)a->code, a->in.p ? a->in.name : "NULL",
                 (unsigned long)a->in.cb, a->out.p ? a->out.name : "NULL", (unsigned long)a->out.cb, lpcb_c, ov_c,
                 cr ? "done" : "NULL");
        WSASetLastError(WH_STALE_ERROR); /* so a failure that sets no error is not read as an earlier one */
        r = WSAIoctl(s->s, a->code, a->in.p, a->in.cb, a->out.p, a->out.cb, lpcb, op ? op->ov : NULL, cr);
        if (r) err = WSAGetLastError();
    }
    if (emitting) wh_fdp_c("printf(\"%s -> %%d err %%d\\n\", r, err);", wh_code_name(a->code));

    wc_oracle_outcome o;
    memset(&o, 0, sizeof o);
    o.ret = r;
    o.err = err;
    o.bytes_match = -1;
    if (c.lpcb == WC_ORACLE_P_VALID) {
        o.size_known = 1;
        o.size_before = SIZE_PRESET;
        memcpy(&o.size_after, lpcb, sizeof o.size_after);
    }
    char en[64];
    if (logging)
        wh_fdp_step("  -> %d, %s, size %s%lu", r, wc_oracle_error_name(err, en, sizeof en), o.size_known ? "" : "?",
                    (unsigned long)o.size_after);
    if (op) {
        o.early = op->routines;
        int started = r == 0 || err == WSA_IO_PENDING;
        collect(x, op, &o, started);
        if (started && logging)
            wh_fdp_step("  completion: %d notification(s), %s, %s, %lu bytes, Internal 0x%08lx", o.notifications,
                        o.comp_ok ? "ok" : "failed", wc_oracle_error_name((int)o.comp_err, en, sizeof en),
                        (unsigned long)o.comp_bytes, (unsigned long)o.internal);
    }
    long at = 0;
    int overrun = overrun_alloc(x, &at); /* check_allocs, with the call named only when it failed */
    if (overrun >= 0)
        wh_fail("safety",
                "%s(%s on %s, %s) wrote outside a %lu-byte buffer of the caller's (byte %ld from its start changed)",
                a->wsp ? "WSPIoctl" : "WSAIoctl", wh_code_name(a->code), sock_kind_names[s->kind], wh_mode_name(c.mode),
                (unsigned long)x->alloc_size[overrun], at);
    int failed = (r != 0 && err != WSA_IO_PENDING) || (op && o.collected && !o.comp_ok);
    if (out_checked && failed && memcmp(out_before, a->out.p, a->out.cb) != 0)
        wh_fail("safety", "%s(%s on %s, %s) failed (%s), yet it changed the caller's %lu-byte output buffer",
                a->wsp ? "WSPIoctl" : "WSAIoctl", wh_code_name(a->code), sock_kind_names[s->kind], wh_mode_name(c.mode),
                wc_oracle_error_name(r == 0 || err == WSA_IO_PENDING ? (int)o.comp_err : err, en, sizeof en),
                (unsigned long)a->out.cb);
    if (a->code == SIO_FLUSH && r == 0) s->flushes++;
    if ((r == 0 && !op) || (op && o.comp_ok && (r == 0 || err == WSA_IO_PENDING)))
        o.bytes_match = output_matches(x, a, &c);
    wh_sink += (uintptr_t)r + o.size_after;
    DWORD seen[] = {
        a->code,          (DWORD)r,   (DWORD)err,   o.size_after,      (DWORD)o.early,         (DWORD)o.notifications,
        (DWORD)o.comp_ok, o.comp_err, o.comp_bytes, (DWORD)o.internal, (DWORD)o.internal_high, (DWORD)o.bytes_match};
    wh_digest_add(seen, sizeof seen);
    char why[768];
    const char *clause = wc_oracle_judge(wh_t(x), &c, &o, why, sizeof why);
    if (clause)
        wh_fail(clause, "%s(%s on %s, %s): %s", a->wsp ? "WSPIoctl" : "WSAIoctl", wh_code_name(a->code),
                sock_kind_names[s->kind], wh_mode_name(c.mode), why);
    return r ? err : 0;
}

/* ------------------------------------------------------- a call the input chooses */
DWORD wh_pick_len(fdp *in, DWORD n) {
    switch (wh_fdp_range(in, 0, 11)) {
    case 0:
        return 0;
    case 1:
        return wh_fdp_range(in, 1, 3);
    case 2:
        return sizeof(ULONG);
    case 3:
        return n ? n - 1 : 0;
    case 4:
        return n;
    case 5:
        return n + 1;
    case 6:
        return 128; /* rama's first try */
    case 7:
        return 1024; /* "for example" in W32-REC */
    case 8:
        return 2048; /* Envoy */
    case 9:
        return 8192; /* WFPSampler */
    case 10:
        return wh_fdp_range(in, 0, 0xFFFF);
    default:
        return wh_fdp_bool(in) ? 0x7FFFFFFFu : 0xFFFFFFFFu;
    }
}

wh_ptr_kind wh_pick_ptr(fdp *in, DWORD cb) {
    (void)cb; /* wh_buffer turns huge heap lengths into "short" buffers */
    return (wh_ptr_kind)wh_fdp_range(in, 0, WH_P_COUNT - 1);
}

/* What a stack must answer for the GUID at p (SIO_GET_EXTENSION_FUNCTION_POINTER): 1 for the
 * functions every Windows provider has and a proxy needs (WSARecvMsg, WSASendMsg, AcceptEx,
 * GetAcceptExSockaddrs, ConnectEx), -1 for the other functions of mswsock.h (a stack may or may
 * not provide them), 0 for any other GUID (WSAEINVAL, A23).  The fuzzer finds these GUIDs in
 * the model's own compares, so each must be judged for what it is. */
static int known_guid(const void *p) {
    static const GUID required[] = {WSAID_WSARECVMSG, WSAID_WSASENDMSG, WSAID_ACCEPTEX, WSAID_GETACCEPTEXSOCKADDRS,
                                    WSAID_CONNECTEX};
    static const GUID optional[] = {
        {0xb5367df0, 0xcbac, 0x11cf, {0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}}, /* TransmitFile */
        {0xd9689da0, 0x1f90, 0x11d3, {0x99, 0x71, 0x00, 0xc0, 0x4f, 0x68, 0xc8, 0x76}}, /* TransmitPackets */
        {0x7fda2e11, 0x8630, 0x436f, {0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57}}, /* DisconnectEx */
        {0x18c76f85, 0xdc66, 0x4964, {0x97, 0x2e, 0x23, 0xc2, 0x72, 0x38, 0x31, 0x2b}}, /* WSAPoll */
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (memcmp(p, &required[i], sizeof(GUID)) == 0) return 1;
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        if (memcmp(p, &optional[i], sizeof(GUID)) == 0) return -1;
    return 0;
}

int wh_random_ioctl(wh_ctx *x, wh_sock *s) {
    static const GUID guids[] = {WSAID_WSARECVMSG, WSAID_WSASENDMSG, {0xdeadbeef, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}}};
    fdp *in = x->in;
    /* The code: the table's weights, or any value (1 in 16) for the unknown-code paths. */
    DWORD code = wh_fdp_range(in, 0, 15) == 0
                     ? wh_fdp_u32(in)
                     : wc_oracle_ioctl_pick(wh_fdp_range(in, 0, wc_oracle_ioctl_weight_total() - 1))->code;
    const wc_oracle_ioctl_desc *d = wc_oracle_ioctl_find(code);
    /* N: what the output is about (records, context, a GUID, a pointer, a u_long). */
    DWORD n_out = d->out_size == WC_ORACLE_VARIABLE ? wh_issued(x, s, d->kind == WC_ORACLE_K_QUERY_CONTEXT, NULL, 0)
                                                    : d->out_size;
    if (n_out == WC_ORACLE_LEN_UNKNOWN) n_out = 1024;
    DWORD n_in = d->in_size == WC_ORACLE_VARIABLE ? 512 : d->in_size;

    wh_ioctl_args a;
    memset(&a, 0, sizeof a);
    a.sock = s;
    a.code = code;
    a.in_genuine = -1; /* raw bytes: whether some stack once issued them cannot be told */
    DWORD cb_in = wh_pick_len(in, n_in);
    wh_ptr_kind kin = wh_pick_ptr(in, cb_in);
    uint8_t fill[512];
    memset(fill, 0, sizeof fill);
    size_t nfill;
    if (d->kind == WC_ORACLE_K_EXT_POINTER && wh_fdp_range(in, 0, 3)) {
        memcpy(fill, &guids[wh_fdp_range(in, 0, 2)], sizeof(GUID));
        nfill = sizeof(GUID);
    } else {
        const uint8_t *p;
        nfill = wh_fdp_bytes(in, wh_fdp_range(in, 0, sizeof fill), &p);
        memcpy(fill, p, nfill);
    }
    a.in = wh_buffer(x, kin, cb_in, fill, nfill);
    if (d->kind == WC_ORACLE_K_EXT_POINTER && (a.in.kind == WC_ORACLE_P_VALID || a.in.kind == WC_ORACLE_P_READONLY) &&
        cb_in >= sizeof(GUID))
        a.in_known_guid = known_guid(a.in.p);
    DWORD cb_out = wh_pick_len(in, n_out);
    a.out = wh_buffer(x, wh_pick_ptr(in, cb_out), cb_out, NULL, 0);
    static const wh_ptr_kind lpcbs[] = {WH_P_HEAP, WH_P_HEAP,     WH_P_HEAP,    WH_P_MISALIGNED,
                                        WH_P_NULL, WH_P_READONLY, WH_P_UNMAPPED};
    a.lpcb = wh_fdp_pick(in, lpcbs);
    a.mode = (wc_oracle_mode)wh_fdp_range(in, 0, 3);
    a.wsp = wh_fdp_range(in, 0, 3) == 0;
    return wh_ioctl(x, &a);
}
