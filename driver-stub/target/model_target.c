/*
 * model_target.c: the `model` target: wfpcert/target.h implemented on an in-process model
 * world.  It loads the test callout driver (driver-stub/callout) as vendors configure it,
 * keeps the proxy listeners and the "remote" servers of the sim network, and builds
 * redirected TCP connections and UDP flows with nothing but the public Winsock calls, the
 * way a test on Windows would.
 */
#include "../callout/test_callout.h"
#include "../wdk/driver.h"
#include "../kernel/heap.h"
#include "../kernel/kernel.h"
#include "../net/net.h"
#include "../provider/provider.h"
#include "memory.h"
#include "../wfp/wfp_stack.h"
#include "wfpcert/target_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DRIVERS 24
#define MAX_REGIONS 64
#define DEFAULT_PROXY_PORT 50000
#define REDIRECTED_PORT 80 /* the default callout redirects flows to this port */
#define PLAIN_PORT 81 /* ... and leaves this one alone */

struct wt_target {
    ms_world *w;
    ms_driver *vendor; /* the vendor driver (wt_model_use_driver) once loaded, or NULL */
    char vendor_letter; /* the vendor it plays in the case ('A', ...); the others are test callouts */
    int vendor_weight; /* the weight the case gave that vendor: a later one must be lighter */
    SOCKADDR_STORAGE redirect_dst[2]; /* per family: where the redirected scenarios connect */
    ms_callout_driver *drivers[MAX_DRIVERS];
    USHORT proxy_ports[MAX_DRIVERS];
    unsigned context_from_other_seen[MAX_DRIVERS];
    unsigned kept_rights_seen[MAX_DRIVERS];
    unsigned context_missing_seen[MAX_DRIVERS];
    unsigned filter_mismatch_seen[MAX_DRIVERS];
    unsigned values_mismatch_seen[MAX_DRIVERS];
    int ndrivers;
    SOCKET proxy_listener[2]; /* per family: the listener of the first driver's proxy port */
    bool proxy_listener_ov[2];
    SOCKET servers[2][2]; /* per family: the servers at REDIRECTED_PORT and PLAIN_PORT */
    SOCKET udp_proxy[2];
    SOCKET udp_server[2];
    WSAEVENT not_a_socket;
    ms_target_region regions[MAX_REGIONS];
    int nregions;
    bool restorable; /* lives in the heap arena (wt_open_restorable) */
    DWORD client_pid; /* the WT_PROCESS_CLIENT role */
};

static _Thread_local char last_error[1024];

static const char *const clock_values[] = {
    [MS_CLOCK_AUTO] = "auto", [MS_CLOCK_VIRTUAL] = "virtual", [MS_CLOCK_REAL] = "real"};

/* The vendor driver every model target loads instead of the test callout (process-wide, set
 * before any target opens: worker processes inherit it). */
static wt_model_driver vendor_driver;
static bool vendor_set;

/* The refusal of wt_issued_*, spelled only when wt_error asks: the harness asks for the size
 * of a socket's records (a NULL buffer, "too small") or of a socket that carries none on
 * nearly every call it makes, and formatting the message each time was a per cent of
 * fuzz_ioctl that nobody read. */
static _Thread_local struct {
    int pending; /* 1: last_error is to be made from the fields below */
    unsigned long long s;
    bool context, none;
    unsigned long cap;
    size_t n;
} issued_error;

const char *wt_error(void) {
    if (issued_error.pending) {
        issued_error.pending = 0;
        if (issued_error.none)
            snprintf(last_error, sizeof last_error, "socket %llu carries no %s", issued_error.s,
                     issued_error.context ? "context" : "records");
        else
            snprintf(last_error, sizeof last_error, "buffer of %lu bytes is too small for %zu", issued_error.cap,
                     issued_error.n);
    }
    return last_error;
}

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    issued_error.pending = 0;
    return code;
}

static int fi(int af) { return af == AF_INET6 ? 1 : 0; }

static void addr_of(int af, bool loopback, USHORT port, SOCKADDR_STORAGE *a);

/* The vendor's redirect destinations; an IPv6 one it did not name stays AF_UNSPEC. */
static void vendor_destinations(wt_target *t) {
    const wt_model_driver *v = &vendor_driver;
    memset(t->redirect_dst, 0, sizeof t->redirect_dst);
    struct sockaddr_in *a4 = (struct sockaddr_in *)&t->redirect_dst[0];
    a4->sin_family = AF_INET;
    memcpy(&a4->sin_addr, v->redirect4, 4);
    a4->sin_port = htons(v->redirect_port);
    if (v->has_redirect6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&t->redirect_dst[1];
        a6->sin6_family = AF_INET6;
        memcpy(&a6->sin6_addr, v->redirect6, 16);
        a6->sin6_port = htons(v->redirect_port);
    }
}

int wt_model_use_driver(const wt_model_driver *d) {
    if (!d) {
        vendor_set = false;
        return WT_OK;
    }
    if (!d->name || !d->driver_entry)
        return fail(WT_EINVAL, "wt_model_use_driver: a driver needs a name and a DriverEntry");
    if (!d->redirect_port || !d->proxy_port)
        return fail(WT_EINVAL, "wt_model_use_driver: %s: redirect_port and proxy_port are required", d->name);
    if (!d->tcp && !d->udp) return fail(WT_EINVAL, "wt_model_use_driver: %s redirects neither TCP nor UDP", d->name);
    vendor_driver = *d;
    vendor_set = true;
    return WT_OK;
}

const wt_model_driver *wt_model_driver_in_use(void) { return vendor_set ? &vendor_driver : NULL; }

static const char *checker_says(wt_target *t, char *buf, size_t cap);

/* Loads the vendor driver into t's world (once). */
static int load_vendor(wt_target *t) {
    if (t->vendor) return WT_OK;
    ms_world_set_current(t->w);
    NTSTATUS st = ms_driver_load(t->w, vendor_driver.name, vendor_driver.driver_entry, &t->vendor);
    if (!NT_SUCCESS(st)) {
        char why[640];
        return fail(WT_ESTACK, "driver %s: DriverEntry failed: 0x%08x%s", vendor_driver.name, (unsigned)st,
                    checker_says(t, why, sizeof why));
    }
    t->proxy_ports[0] = vendor_driver.proxy_port;
    return WT_OK;
}

static int open_target(const char *spec, bool restorable, wt_target **out) {
    if (!out) return fail(WT_EINVAL, "wt_open: out is NULL");
    *out = NULL;
    if (spec && strncmp(spec, "native", 6) == 0)
        return fail(WT_EUNSUPPORTED, "the native target runs on Windows only; this build has the model");
    if (spec && strcmp(spec, "model") != 0) return fail(WT_EINVAL, "unknown target '%s' (model or native)", spec);
    if (restorable && ms_heap_arena_begin())
        return fail(WT_EINVAL, "a restorable target is open already (one per process)");
    wt_target *t = ms_calloc(1, sizeof *t);
    if (t) t->w = ms_world_create();
    if (!t || !t->w) {
        ms_free(t);
        if (restorable) ms_heap_arena_end();
        return fail(WT_ENOMEM, "out of memory");
    }
    t->restorable = restorable;
    t->client_pid = MS_PID_CLIENT;
    for (int i = 0; i < 2; i++) addr_of(i ? AF_INET6 : AF_INET, false, REDIRECTED_PORT, &t->redirect_dst[i]);
    if (vendor_set) vendor_destinations(t);
    for (int i = 0; i < 2; i++)
        t->proxy_listener[i] = t->servers[i][0] = t->servers[i][1] = t->udp_proxy[i] = t->udp_server[i] =
            INVALID_SOCKET;
    ms_world_set_current(t->w);
    *out = t;
    return WT_OK;
}

int wt_open(const char *spec, wt_target **out) { return open_target(spec, false, out); }
int wt_open_restorable(const char *spec, wt_target **out) { return open_target(spec, true, out); }

MS_NO_COV void wt_discard(wt_target *t) {
    if (!t) return;
    /* Real sockets and threads need their teardown, and a vendor driver its DriverUnload: its
     * globals live outside the world, and Windows never loads a driver again without one (the
     * suite's test callout built as a module kept every dropped world's instance in its table). */
    if (!t->restorable || ms_os_in_use(t->w) || t->vendor || ms_world_made_threads(t->w)) {
        wt_close(t);
        return;
    }
    for (int i = 0; i < t->ndrivers; i++) ms_callout_driver_disown(t->drivers[i]);
    ms_driver_forget(t->vendor);
    for (int i = 0; i < t->nregions; i++) ms_target_release(&t->regions[i]);
    ms_world_set_current(NULL);
    ms_heap_arena_end(); /* the world's memory stays as it is, to be overwritten by the next restore */
}

void wt_close(wt_target *t) {
    if (!t) return;
    ms_heap_fail_after(0); /* fail_alloc is the process's: it ends with the target that set it */
    bool restorable = t->restorable;
    ms_world_set_current(t->w);
    size_t mark = ms_findings_mark(t->w);
    for (int i = 0; i < t->ndrivers; i++) ms_callout_driver_unload(t->drivers[i]);
    ms_driver_unload(t->vendor); /* its DriverUnload runs while its world still exists */
    ms_findings_carry(t->w, mark); /* what the unloads broke, for wt_model_findings_at_close */
    ms_world_destroy(t->w); /* sockets, events and flows go with the world */
    for (int i = 0; i < t->nregions; i++) ms_target_release(&t->regions[i]);
    ms_free(t);
    if (restorable) {
        /* Nothing of a world may outlive it; in the arena LeakSanitizer could not tell. */
        size_t left = ms_heap_arena_end();
        if (left) {
            fprintf(stderr, "wfpcert model: %zu block(s) still allocated after wt_close: a leak in the model\n", left);
            abort();
        }
    }
}

/* ------------------------------------------------------------ snapshots */
struct wt_snapshot {
    ms_heap_image *heap;
    wt_target *t; /* where the target lives in the arena */
    DWORD last_error; /* WSAGetLastError of the taking thread: per thread, not in the world */
};

MS_NO_COV int wt_snapshot_take(wt_target *t, wt_snapshot **out) {
    if (!t || !out) return fail(WT_EINVAL, "wt_snapshot_take: NULL argument");
    *out = NULL;
    if (!t->restorable) return fail(WT_EINVAL, "wt_snapshot_take: the target was not opened with wt_open_restorable");
    if (t->nregions)
        return fail(WT_EINVAL, "wt_snapshot_take: memory regions are handed out (they are not in the snapshot)");
    if (ms_os_in_use(t->w)) return fail(WT_EINVAL, "wt_snapshot_take: the os transport holds real sockets");
    if (ms_world_made_threads(t->w)) return fail(WT_EINVAL, "wt_snapshot_take: threads were started in the world");
    if (t->vendor)
        return fail(WT_EUNSUPPORTED, "wt_snapshot_take: driver %s keeps its globals outside the model's heap",
                    vendor_driver.name);
    ms_lock(t->w);
    const char *busy = ms_world_busy_locked(t->w);
    if (!busy && ms_net_pending_locked(t->w)) busy = "an operation is pending";
    ms_unlock(t->w);
    if (busy) return fail(WT_EINVAL, "wt_snapshot_take: %s (it may name user memory)", busy);
    ms_heap_image *img = ms_heap_save(sizeof(wt_snapshot)); /* the description travels in the image */
    if (!img) return fail(WT_ENOMEM, "out of memory");
    wt_snapshot *s = ms_heap_image_extra(img);
    s->heap = img;
    s->t = t;
    s->last_error = ms_get_last_error();
    *out = s;
    return WT_OK;
}

MS_NO_COV int wt_snapshot_restore(const wt_snapshot *s, wt_target **out) {
    if (!s || !out) return fail(WT_EINVAL, "wt_snapshot_restore: NULL argument");
    *out = NULL;
    if (ms_heap_load(s->heap)) return fail(WT_EINVAL, "wt_snapshot_restore: the restorable target is still open");
    wt_target *t = s->t;
    ms_world_set_current(t->w);
    for (int i = 0; i < t->ndrivers; i++) ms_callout_driver_adopt(t->drivers[i]);
    ms_set_last_error(s->last_error);
    *out = t;
    return WT_OK;
}

size_t wt_snapshot_size(const wt_snapshot *s) { return s ? sizeof *s + ms_heap_image_size(s->heap) : 0; }

MS_NO_COV void wt_snapshot_free(wt_snapshot *s) {
    if (s) ms_heap_image_free(s->heap); /* s is inside it */
}

const char *wt_kind(const wt_target *t) { return t ? "model" : "none"; }

/* ------------------------------------------------------------ configuration */
int wt_set_profile(wt_target *t, const char *profile) {
    char err[160];
    if (!t || !profile) return fail(WT_EINVAL, "wt_set_profile: NULL argument");
    ms_lock(t->w);
    int r = ms_config_set_profile(ms_world_config(t->w), profile, err, sizeof err);
    ms_unlock(t->w);
    return r ? fail(WT_EINVAL, "%s", err) : WT_OK;
}

int wt_set_knob(wt_target *t, const char *knob, const char *value) {
    char err[160];
    if (!t || !knob || !value) return fail(WT_EINVAL, "wt_set_knob: NULL argument");
    if (strcmp(knob, "clock") == 0) {
        for (int c = 0; c < 3; c++)
            if (strcmp(value, clock_values[c]) == 0) {
                ms_world_set_clock(t->w, (ms_clock)c);
                return WT_OK;
            }
        return fail(WT_EINVAL, "knob 'clock' is auto, virtual or real, not '%s'", value);
    }
    if (strcmp(knob, "transport") == 0) /* sim (default) or os: real loopback sockets carry the bytes */
        return ms_net_set_transport(t->w, value) ? fail(WT_EINVAL, "knob 'transport' is sim or os") : WT_OK;
    if (strcmp(knob, "fail_alloc") == 0) {
        char *end = NULL;
        unsigned long n = value[0] >= '0' && value[0] <= '9' ? strtoul(value, &end, 10) : 0;
        if (!end || *end || n > 100000000ul)
            return fail(WT_EINVAL, "knob 'fail_alloc' is a count of allocations (0 = off), not '%s'", value);
        ms_heap_fail_after(n);
        return WT_OK;
    }
    ms_lock(t->w);
    int r = ms_config_set_knob(ms_world_config(t->w), knob, value, err, sizeof err);
    ms_unlock(t->w);
    return r ? fail(WT_EINVAL, "%s", err) : WT_OK;
}

/* A lookup by the suite's own names (config.c, ms_name_is): nothing here for coverage. */
MS_NO_COV const char *wt_get_knob(const wt_target *t, const char *knob) {
    if (t && knob && ms_name_is(knob, "clock")) return clock_values[ms_world_clock(t->w)];
    if (t && knob && ms_name_is(knob, "transport")) return ms_net_transport(t->w);
    if (t && knob && ms_name_is(knob, "fail_alloc"))
        return (const char *[]){"off", "armed", "fired"}[ms_heap_fail_state()];
    int k = knob ? ms_knob_lookup(knob) : -1;
    if (!t || k < 0) return NULL;
    return ms_config_knob_value(ms_world_config(t->w), (ms_knob)k);
}

int wt_set_fault(wt_target *t, const char *fault, int on) {
    char err[160];
    if (!t || !fault) return fail(WT_EINVAL, "wt_set_fault: NULL argument");
    ms_lock(t->w);
    int r = ms_config_set_fault(ms_world_config(t->w), fault, on != 0, err, sizeof err);
    ms_unlock(t->w);
    return r ? fail(WT_EINVAL, "%s", err) : WT_OK;
}

int wt_model_seal_seed(unsigned long long seed) {
    ms_wfp_seal_seed((uint64_t)seed);
    return WT_OK;
}

typedef struct handle_count {
    DWORD pid;
    unsigned long n;
} handle_count;

static void count_socket(ms_world *w, void *obj, void *arg) {
    (void)w;
    handle_count *c = arg;
    if (!c->pid || ((ms_socket *)obj)->pid == c->pid) c->n++;
}

static void count_any(ms_world *w, void *obj, void *arg) {
    (void)w, (void)obj;
    ((handle_count *)arg)->n++;
}

int wt_model_open_handles(wt_target *t, DWORD pid, wt_open_handles *out) {
    if (!t || !out) return WT_EINVAL;
    handle_count sockets = {pid, 0}, ports = {0, 0}, events = {0, 0};
    ms_lock(t->w);
    ms_handle_each_locked(t->w, MS_H_SOCKET, count_socket, &sockets);
    ms_handle_each_locked(t->w, MS_H_IOCP, count_any, &ports);
    ms_handle_each_locked(t->w, MS_H_EVENT, count_any, &events);
    ms_unlock(t->w);
    out->sockets = sockets.n;
    out->ports = ports.n;
    out->events = events.n;
    return WT_OK;
}

long wt_model_live_blocks(void) { return (long)ms_heap_live_blocks(); }
long wt_model_held_at_close(char *buf, size_t cap) { return (long)ms_world_held_take(buf, cap); }
long wt_model_findings_at_close(char *buf, size_t cap) { return (long)ms_findings_late_take(buf, cap); }
long wt_model_layered_calls(void) { return (long)ms_provider_layered_calls(); }

int wt_faults_consulted(unsigned long long *mask) {
    if (!mask) return fail(WT_EINVAL, "wt_faults_consulted: NULL argument");
    *mask = ms_faults_consulted_take();
    return WT_OK;
}
int wt_fault_count(void) { return MS_FAULT_COUNT; }
const char *wt_fault_name(int i) { return i >= 0 && i < MS_FAULT_COUNT ? ms_faults[i].name : NULL; }
const char *wt_fault_doc(int i) { return i >= 0 && i < MS_FAULT_COUNT ? ms_faults[i].doc : NULL; }
int wt_fault_memory_safety(int i) { return i >= 0 && i < MS_FAULT_COUNT && ms_faults[i].memory_safety; }
int wt_profile_count(void) { return ms_profile_count; }
const char *wt_profile_name(int i) { return i >= 0 && i < ms_profile_count ? ms_profiles[i].name : NULL; }
const char *wt_profile_doc(int i) { return i >= 0 && i < ms_profile_count ? ms_profiles[i].doc : NULL; }
/* The profile knobs, then the two that are the model's own rather than a documentation
 * contradiction (no profile sets them): how time passes and what carries the bytes. */
static const struct {
    const char *name, *doc;
} model_knobs[] = {
    {"clock", "auto | virtual | real: how waits pass.  auto (default): virtual time (a wait nothing can "
              "satisfy times out at once; an infinite one is reported as a deadlock) until a second thread "
              "uses the model, or an infinite wait finds a thread the process started since it opened its "
              "first target; then real.  virtual: only the first rule.  real: waits always sleep (threaded "
              "proxies whose threads block on each other)"},
    {"transport", "sim | os: what carries the bytes; sim (default) is the in-memory network, os real "
                  "loopback sockets (addresses and WFP stay in the model; sets clock real)"},
    {"fail_alloc", "N: the N-th allocation of the model from now fails once, as on a system out of memory "
                   "(0: off, the default; the target's close switches it off); reads back off, armed or fired"},
};
enum { MODEL_KNOBS = (int)(sizeof model_knobs / sizeof model_knobs[0]) };
int wt_knob_count(void) { return MS_KNOB_COUNT + MODEL_KNOBS; }
const char *wt_knob_name(int i) {
    if (i >= MS_KNOB_COUNT && i < MS_KNOB_COUNT + MODEL_KNOBS) return model_knobs[i - MS_KNOB_COUNT].name;
    return i >= 0 && i < MS_KNOB_COUNT ? ms_knobs[i].name : NULL;
}
const char *wt_knob_doc(int i) {
    if (i >= MS_KNOB_COUNT && i < MS_KNOB_COUNT + MODEL_KNOBS) return model_knobs[i - MS_KNOB_COUNT].doc;
    return i >= 0 && i < MS_KNOB_COUNT ? ms_knobs[i].doc : NULL;
}

int wt_set_elevated(wt_target *t, int elevated) {
    if (!t) return fail(WT_EINVAL, "wt_set_elevated: NULL target");
    ms_lock(t->w);
    ms_world_config(t->w)->elevated = elevated != 0;
    ms_unlock(t->w);
    return WT_OK;
}

/* ----------------------------------------------------------------- callouts */
void wt_callout_policy_init(wt_callout_policy *p, char vendor, USHORT proxy_port) {
    memset(p, 0, sizeof *p);
    p->vendor = vendor;
    p->weight = 100;
    p->match_port = REDIRECTED_PORT;
    p->proxy_port = proxy_port;
    p->target_pid = MS_PID_SELF;
    p->with_context = 1;
    p->loop_check = 1;
}

/* With a vendor driver, a case's callout is that driver, as on the native target: one
 * vendor, configured by the vendor, not by the case. */
static int add_vendor_callout(wt_target *t, const wt_callout_policy *p) {
    const wt_model_driver *v = &vendor_driver;
    if (p->pend) return fail(WT_EUNSUPPORTED, "pending the classify is up to driver %s, not the suite", v->name);
    if (p->target_pid != MS_PID_SELF)
        return fail(WT_EUNSUPPORTED,
                    "the case needs a callout that names PID %lu as the proxy; driver %s names its "
                    "own proxy",
                    (unsigned long)p->target_pid, v->name);
    if (p->exempt_pid || p->app_path)
        return fail(WT_EUNSUPPORTED, "the case needs a callout that %s; driver %s has its own rules for processes",
                    p->exempt_pid ? "exempts a chosen process" : "matches a chosen image path", v->name);
    if (p->observe_auth || p->trust_others || !p->loop_check)
        return fail(WT_EUNSUPPORTED, "the case needs the test callout's %s, not driver %s",
                    p->observe_auth   ? "ALE_AUTH_CONNECT observer"
                    : p->trust_others ? "trust of other vendors"
                                      : "missing loop check",
                    v->name);
    if (p->with_context != v->context)
        return fail(WT_EUNSUPPORTED, "the case needs a callout that %s a redirect context; driver %s %s",
                    p->with_context ? "attaches" : "does not attach", v->name, v->context ? "does" : "does not");
    if (p->with_context && p->context_size && v->context_size && p->context_size != v->context_size)
        return fail(WT_EUNSUPPORTED, "the case needs a %lu-byte context; driver %s attaches %lu bytes",
                    (unsigned long)p->context_size, v->name, v->context_size);
    /* the policy's default port (wt_callout_policy_init) stands for "the driver's own destination" */
    if (p->match_port && p->match_port != REDIRECTED_PORT && p->match_port != v->redirect_port)
        return fail(WT_EUNSUPPORTED,
                    "the case needs a callout that redirects only port %u; driver %s has its own filters",
                    (unsigned)p->match_port, v->name);
    if (p->match_port_last || p->match_remote)
        return fail(WT_EUNSUPPORTED,
                    "the case needs a callout that redirects a range of ports or one remote address; driver %s has its "
                    "own filters",
                    v->name);
    if ((p->match_proto == IPPROTO_TCP && !v->tcp) || (p->match_proto == IPPROTO_UDP && !v->udp))
        return fail(WT_EUNSUPPORTED, "driver %s does not redirect %s", v->name,
                    p->match_proto == IPPROTO_TCP ? "TCP" : "UDP");
    int rc = load_vendor(t);
    if (rc == WT_OK) t->vendor_letter = p->vendor, t->vendor_weight = p->weight;
    return rc;
}

static int add_test_callout(wt_target *t, const wt_callout_policy *p);

/* With a vendor driver the first vendor a case adds is the driver (its sublayer is heavier than
 * any test callout's, so it classifies first, as vendor A does); a second vendor is the suite's
 * test callout with the case's policy, on the driver's destination port. */
int wt_add_callout(wt_target *t, const wt_callout_policy *p) {
    if (!t || !p) return fail(WT_EINVAL, "wt_add_callout: NULL argument");
    if (vendor_set && !t->vendor) return add_vendor_callout(t, p);
    if (vendor_set) {
        if (p->vendor == t->vendor_letter)
            return fail(WT_EINVAL, "vendor %c is driver %s already", p->vendor, vendor_driver.name);
        if (p->weight >= t->vendor_weight)
            return fail(WT_EUNSUPPORTED,
                        "the case needs vendor %c (weight %d) to classify before vendor %c, driver %s, whose "
                        "sublayer weight is its own and heavier than any test callout's",
                        p->vendor, p->weight, t->vendor_letter, vendor_driver.name);
        wt_callout_policy q = *p;
        if (q.match_port == REDIRECTED_PORT) q.match_port = vendor_driver.redirect_port;
        return add_test_callout(t, &q);
    }
    return add_test_callout(t, p);
}

char wt_model_driver_vendor(wt_target *t) { return t && t->vendor ? t->vendor_letter : 0; }

static int add_test_callout(wt_target *t, const wt_callout_policy *p) {
    if (t->ndrivers == MAX_DRIVERS) return fail(WT_EINVAL, "at most %d callouts", MAX_DRIVERS);
    ms_callout_policy tp = {.vendor = p->vendor,
                            .weight = p->weight,
                            .match_port = p->match_port,
                            .match_port_last = p->match_port_last,
                            .match_proto = p->match_proto,
                            .proxy_port = p->proxy_port,
                            .target_pid = p->target_pid,
                            .with_context = p->with_context,
                            .context_size = p->context_size,
                            .pend = p->pend,
                            .trust_others = p->trust_others,
                            .loop_check = p->loop_check,
                            .observe_auth = p->observe_auth,
                            .exempt_pid = p->exempt_pid};
    if (p->match_remote) {
        if (inet_pton(AF_INET, p->match_remote, tp.match_remote) == 1)
            tp.match_remote_af = AF_INET;
        else if (inet_pton(AF_INET6, p->match_remote, tp.match_remote) == 1)
            tp.match_remote_af = AF_INET6;
        else
            return fail(WT_EINVAL, "wt_add_callout: match_remote '%s' is not an IPv4 or IPv6 address", p->match_remote);
    }
    uint8_t app[2 * 320]; /* the id of a path of at most 259 characters and a 30-character volume prefix */
    size_t app_len = 0;
    if (p->app_path) {
        if (ms_app_id_from_path(p->app_path, app, sizeof app, &app_len))
            return fail(WT_EINVAL,
                        "wt_add_callout: app_path '%s' is not an absolute Windows path of at most 259 "
                        "printable ASCII characters",
                        p->app_path);
        tp.app_id = app;
        tp.app_id_len = (ULONG)app_len;
    }
    if (ms_fault_on(t->w, MS_FAULT_CALLOUT_NO_LOOP_CHECK)) tp.loop_check = 0;
    if (ms_fault_on(t->w, MS_FAULT_CALLOUT_PID_OF_CLIENT)) tp.target_pid = MS_PID_CLIENT;
    tp.no_apply = ms_fault_on(t->w, MS_FAULT_CALLOUT_NO_APPLY);
    ms_callout_driver *d;
    ms_world_set_current(t->w);
    NTSTATUS st = ms_callout_driver_load(&tp, &d);
    if (st != STATUS_SUCCESS) return fail(WT_ESTACK, "callout %c failed to load: 0x%08x", p->vendor, (unsigned)st);
    if (!t->vendor) t->proxy_ports[t->ndrivers] = p->proxy_port; /* [0] is the driver's proxy otherwise */
    t->drivers[t->ndrivers++] = d;
    return WT_OK;
}

int wt_remove_callout(wt_target *t, char vendor) {
    if (!t) return fail(WT_EINVAL, "wt_remove_callout: NULL target");
    if (vendor_set)
        return fail(WT_EUNSUPPORTED, "driver %s is unloaded only when the target closes", vendor_driver.name);
    int i = 0;
    while (i < t->ndrivers && ms_callout_vendor(t->drivers[i]) != vendor) i++;
    if (i == t->ndrivers) return fail(WT_EINVAL, "wt_remove_callout: no callout of vendor %c is loaded", vendor);
    ms_world_set_current(t->w);
    NTSTATUS st = ms_callout_driver_unload(t->drivers[i]);
    for (int k = i; k + 1 < t->ndrivers; k++) {
        t->drivers[k] = t->drivers[k + 1];
        t->proxy_ports[k] = t->proxy_ports[k + 1];
        t->context_from_other_seen[k] = t->context_from_other_seen[k + 1];
        t->kept_rights_seen[k] = t->kept_rights_seen[k + 1];
        t->context_missing_seen[k] = t->context_missing_seen[k + 1];
        t->filter_mismatch_seen[k] = t->filter_mismatch_seen[k + 1];
        t->values_mismatch_seen[k] = t->values_mismatch_seen[k + 1];
    }
    t->ndrivers--;
    if (st != STATUS_SUCCESS)
        return fail(
            WT_ESTACK,
            "callout %c's unload: WFP failed a delete or an unregister of what it added (FwpmFilterDeleteById0, "
            "FwpmCalloutDeleteById0, FwpsCalloutUnregisterByKey0/ById0): 0x%08x",
            vendor, (unsigned)st);
    return WT_OK;
}

static ms_callout_driver *driver_of(wt_target *t, char vendor) {
    for (int i = 0; i < t->ndrivers; i++)
        if (ms_callout_vendor(t->drivers[i]) == vendor) return t->drivers[i];
    return NULL;
}

int wt_callout_view_get(wt_target *t, char vendor, wt_callout_view *out) {
    if (!t || !out) return fail(WT_EINVAL, "wt_callout_view_get: NULL argument");
    memset(out, 0, sizeof *out);
    if (vendor_set)
        return fail(WT_EUNSUPPORTED,
                    "what callout %c saw inside WFP is visible only to the model's test callout, "
                    "not to driver %s",
                    vendor, vendor_driver.name);
    ms_callout_driver *d = driver_of(t, vendor);
    if (!d) return fail(WT_EINVAL, "no callout of vendor %c is loaded", vendor);
    ms_callout_stats s;
    ms_callout_get_stats(d, &s);
    out->classified = s.classified;
    out->acquires = s.acquires;
    out->acquire_kept_rights = s.acquire_kept_rights;
    out->auth_classified = s.auth_classified;
    out->auth_flags = s.auth_flags;
    out->auth_metadata = s.auth_metadata;
    out->auth_target_pid = s.auth_target_pid;
    out->auth_original_dst = s.auth_original_dst;
    return WT_OK;
}

DWORD wt_process_id(wt_target *t, int which) {
    if (!t) return which == WT_PROCESS_CLIENT ? MS_PID_CLIENT : MS_PID_SELF;
    if (which == WT_PROCESS_CLIENT) return t->client_pid;
    ms_lock(t->w);
    DWORD pid = ms_net_process(t->w);
    ms_unlock(t->w);
    return pid;
}

int wt_process_create(wt_target *t, const char *image_path, int elevated, DWORD *pid) {
    if (!t || !pid) return fail(WT_EINVAL, "wt_process_create: NULL argument");
    *pid = 0;
    ms_lock(t->w);
    ms_processes *ps = ms_net_processes(t->w);
    int e = ps ? ms_process_create(ps, image_path, elevated != 0, pid) : WSAENOBUFS;
    ms_unlock(t->w);
    if (e == WSAEINVAL)
        return fail(WT_EINVAL,
                    "wt_process_create: image path '%s' is not an absolute Windows path of at most 259 "
                    "printable ASCII characters (C:\\dir\\name.exe or \\device\\...)",
                    image_path ? image_path : "(null)");
    if (e == WSAEMFILE) return fail(WT_EINVAL, "wt_process_create: at most %d processes", MS_MAX_PROCESSES);
    return e ? fail(WT_ENOMEM, "out of memory") : WT_OK;
}

int wt_process_assign(wt_target *t, int which, DWORD pid) {
    if (!t) return fail(WT_EINVAL, "wt_process_assign: NULL target");
    if (which != WT_PROCESS_SELF && which != WT_PROCESS_CLIENT)
        return fail(WT_EINVAL, "wt_process_assign: role %d is neither WT_PROCESS_SELF nor WT_PROCESS_CLIENT", which);
    ms_lock(t->w);
    bool known = ms_process_exists(ms_net_processes(t->w), pid);
    if (known && which == WT_PROCESS_SELF) ms_net_set_process(t->w, pid);
    ms_unlock(t->w);
    if (!known) return fail(WT_EINVAL, "wt_process_assign: no process %lu in this target", (unsigned long)pid);
    if (which == WT_PROCESS_CLIENT) t->client_pid = pid;
    return WT_OK;
}

int wt_process_assign_thread(wt_target *t, DWORD pid) {
    if (!t) return fail(WT_EINVAL, "wt_process_assign_thread: NULL target");
    ms_lock(t->w);
    bool known = !pid || ms_process_exists(ms_net_processes(t->w), pid);
    if (known) ms_net_set_thread_process(t->w, pid);
    ms_unlock(t->w);
    if (!known) return fail(WT_EINVAL, "wt_process_assign_thread: no process %lu in this target", (unsigned long)pid);
    return WT_OK;
}

int wt_app_id(const char *image_path, void *buf, ULONG cap, ULONG *len) {
    size_t n = 0;
    if (!len) return fail(WT_EINVAL, "wt_app_id: NULL len");
    *len = 0;
    if (ms_app_id_from_path(image_path, NULL, 0, &n))
        return fail(WT_EINVAL,
                    "wt_app_id: image path '%s' is not an absolute Windows path of at most 259 printable "
                    "ASCII characters",
                    image_path ? image_path : "(null)");
    *len = (ULONG)n;
    if (!buf || cap < n)
        return fail(WT_EINVAL, "wt_app_id: the id of '%s' takes %zu bytes, the buffer %lu", image_path, n,
                    (unsigned long)cap);
    ms_app_id_from_path(image_path, buf, cap, &n);
    return WT_OK;
}

/* "; the verifier: FINDING" with the newest finding, for a set-up that failed: a vendor's
 * driver that broke an obligation learns which from the case's own message. */
static const char *checker_says(wt_target *t, char *buf, size_t cap) {
    char text[4096];
    if (ms_findings(t->w, text, sizeof text) <= 0) return "";
    size_t n = strlen(text);
    while (n && text[n - 1] == '\n') text[--n] = 0;
    const char *last = strrchr(text, '\n');
    snprintf(buf, cap, "; the target's checker: %.500s", last ? last + 1 : text);
    return buf;
}

/* --------------------------------------------------------------- scenarios */
static void addr_of(int af, bool loopback, USHORT port, SOCKADDR_STORAGE *a) {
    if (loopback) {
        ms_addr_loopback(af, port, a);
        return;
    }
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET) {
        ((struct sockaddr_in *)a)->sin_addr.s_addr = 0x076433c6; /* 198.51.100.7 */
    } else {
        UCHAR *b = ((struct sockaddr_in6 *)a)->sin6_addr.s6_addr;
        b[0] = 0x20, b[1] = 0x01, b[2] = 0x0d, b[3] = 0xb8, b[15] = 7; /* 2001:db8::7 */
    }
    ms_addr_set_port(a, port);
}

static SOCKET listen_at(int af, int type, const SOCKADDR_STORAGE *a, bool overlapped) {
    SOCKET s = WSASocketW(af, type, 0, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
    if (s == INVALID_SOCKET) return s;
    if (bind(s, (const struct sockaddr *)a, ms_addr_len(a)) || (type == SOCK_STREAM && listen(s, SOMAXCONN))) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static int ensure_default_callout(wt_target *t) {
    if (vendor_set) return load_vendor(t);
    if (t->ndrivers) return WT_OK;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', DEFAULT_PROXY_PORT);
    return wt_add_callout(t, &p);
}

static int ensure_servers(wt_target *t, int af) {
    for (int k = 0; k < 2; k++) {
        if (t->servers[fi(af)][k] != INVALID_SOCKET) continue;
        SOCKADDR_STORAGE a;
        if (k)
            addr_of(af, false, PLAIN_PORT, &a);
        else
            a = t->redirect_dst[fi(af)];
        t->servers[fi(af)][k] = listen_at(af, SOCK_STREAM, &a, true);
        if (t->servers[fi(af)][k] == INVALID_SOCKET)
            return fail(WT_ESTACK, "server listener failed: %d", WSAGetLastError());
    }
    return WT_OK;
}

/* A socket of the redirected application's process (A84), not the caller's. */
static SOCKET client_socket(wt_target *t, int af, int type, int proto, bool overlapped) {
    ms_lock(t->w);
    DWORD was = ms_net_set_process(t->w, t->client_pid);
    ms_unlock(t->w);
    SOCKET s = WSASocketW(af, type, proto, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
    ms_lock(t->w);
    ms_net_set_process(t->w, was);
    ms_unlock(t->w);
    return s;
}

static int connect_client(wt_target *t, int af, bool overlapped, const SOCKADDR_STORAGE *dst, wt_tcp_flow *out) {
    out->original_dst = *dst;
    out->client = client_socket(t, af, SOCK_STREAM, IPPROTO_TCP, overlapped);
    if (out->client == INVALID_SOCKET) return fail(WT_ESTACK, "socket failed: %d", WSAGetLastError());
    u_long nb = 1;
    ioctlsocket(out->client, FIONBIO, &nb); /* a pended classify must not block the set-up */
    int r = connect(out->client, (struct sockaddr *)&out->original_dst, ms_addr_len(&out->original_dst));
    if (r && WSAGetLastError() == WSAEWOULDBLOCK) {
        wt_complete_pended(t); /* the test callout's pended classifies */
        wt_pump(t); /* a vendor driver's: its work items run at the next defined point */
        int err = 0, len = sizeof err;
        getsockopt(out->client, SOL_SOCKET, SO_ERROR, (char *)&err, &len);
        r = err ? -1 : 0;
        if (err) WSASetLastError(err);
    }
    nb = 0;
    ioctlsocket(out->client, FIONBIO, &nb);
    if (r) return fail(WT_ESTACK, "connect failed: %d", WSAGetLastError());
    int len = sizeof out->original_src;
    getsockname(out->client, (struct sockaddr *)&out->original_src, &len);
    return WT_OK;
}

int wt_tcp_redirected(wt_target *t, int af, int overlapped, wt_tcp_flow *out) {
    if (!t || !out || (af != AF_INET && af != AF_INET6)) return fail(WT_EINVAL, "wt_tcp_redirected: bad argument");
    memset(out, 0, sizeof *out);
    out->client = out->listener = out->accepted = out->server_listener = INVALID_SOCKET;
    ms_world_set_current(t->w);
    if (t->redirect_dst[fi(af)].ss_family != af)
        return fail(WT_EUNSUPPORTED, "driver %s redirects no IPv6 destination", vendor_driver.name);
    if (vendor_set && !vendor_driver.tcp)
        return fail(WT_EUNSUPPORTED, "driver %s does not redirect TCP", vendor_driver.name);
    int r = ensure_default_callout(t);
    if (r || (r = ensure_servers(t, af))) return r;
    SOCKET *l = &t->proxy_listener[fi(af)];
    if (*l != INVALID_SOCKET && t->proxy_listener_ov[fi(af)] != (overlapped != 0)) {
        closesocket(*l);
        *l = INVALID_SOCKET;
    }
    if (*l == INVALID_SOCKET) {
        SOCKADDR_STORAGE a;
        addr_of(af, true, t->proxy_ports[0], &a);
        *l = listen_at(af, SOCK_STREAM, &a, overlapped != 0);
        if (*l == INVALID_SOCKET) return fail(WT_ESTACK, "proxy listener failed: %d", WSAGetLastError());
        t->proxy_listener_ov[fi(af)] = overlapped != 0;
    }
    if ((r = connect_client(t, af, overlapped != 0, &t->redirect_dst[fi(af)], out))) return r;
    out->listener = *l;
    out->server_listener = t->servers[fi(af)][0];
    u_long nb = 1;
    ioctlsocket(*l, FIONBIO, &nb);
    out->accepted = accept(*l, NULL, NULL);
    if (out->accepted == INVALID_SOCKET) {
        int err = WSAGetLastError();
        char why[640];
        return fail(WT_ESTACK, "the connection was not redirected to the proxy listener (accept: %d)%s", err,
                    checker_says(t, why, sizeof why));
    }
    nb = 0; /* an accepted socket is non-blocking as its listener is (accept page); the flow's is blocking */
    ioctlsocket(out->accepted, FIONBIO, &nb);
    return WT_OK;
}

int wt_tcp_plain(wt_target *t, int af, wt_tcp_flow *out) {
    if (!t || !out || (af != AF_INET && af != AF_INET6)) return fail(WT_EINVAL, "wt_tcp_plain: bad argument");
    memset(out, 0, sizeof *out);
    out->client = out->listener = out->accepted = out->server_listener = INVALID_SOCKET;
    ms_world_set_current(t->w);
    SOCKADDR_STORAGE plain;
    addr_of(af, false, PLAIN_PORT, &plain);
    int r = ensure_servers(t, af);
    if (r || (r = connect_client(t, af, true, &plain, out))) return r;
    out->listener = out->server_listener = t->servers[fi(af)][1];
    out->accepted = accept(out->listener, NULL, NULL);
    return out->accepted == INVALID_SOCKET ? fail(WT_ESTACK, "accept failed: %d", WSAGetLastError()) : WT_OK;
}

int wt_udp_redirected(wt_target *t, int af, int overlapped, wt_udp_flow *out) {
    if (!t || !out || (af != AF_INET && af != AF_INET6)) return fail(WT_EINVAL, "wt_udp_redirected: bad argument");
    memset(out, 0, sizeof *out);
    out->client = out->proxy = INVALID_SOCKET;
    ms_world_set_current(t->w);
    if (t->redirect_dst[fi(af)].ss_family != af)
        return fail(WT_EUNSUPPORTED, "driver %s redirects no IPv6 destination", vendor_driver.name);
    if (vendor_set && !vendor_driver.udp)
        return fail(WT_EUNSUPPORTED, "driver %s does not redirect UDP", vendor_driver.name);
    int r = ensure_default_callout(t);
    if (r) return r;
    SOCKET *p = &t->udp_proxy[fi(af)];
    if (*p != INVALID_SOCKET) closesocket(*p);
    SOCKADDR_STORAGE a;
    addr_of(af, true, t->proxy_ports[0], &a);
    *p = listen_at(af, SOCK_DGRAM, &a, overlapped != 0);
    if (*p == INVALID_SOCKET) return fail(WT_ESTACK, "UDP proxy socket failed: %d", WSAGetLastError());
    DWORD on = 1;
    int level = af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    if (setsockopt(*p, level, IP_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on) ||
        setsockopt(*p, level, IP_WFP_REDIRECT_CONTEXT, (const char *)&on, sizeof on))
        return fail(WT_ESTACK, "setsockopt(IP_WFP_REDIRECT_*) failed: %d", WSAGetLastError());
    out->proxy = *p;
    out->original_dst = t->redirect_dst[fi(af)];
    out->client = client_socket(t, af, SOCK_DGRAM, IPPROTO_UDP, overlapped != 0);
    if (out->client == INVALID_SOCKET) return fail(WT_ESTACK, "socket failed: %d", WSAGetLastError());
    static const char first[] = "flow-creating datagram";
    if (sendto(out->client, first, sizeof first, 0, (struct sockaddr *)&out->original_dst,
               ms_addr_len(&out->original_dst)) != (int)sizeof first)
        return fail(WT_ESTACK, "sendto failed: %d", WSAGetLastError());
    out->datagrams_sent = 1;
    wt_pump(t); /* a vendor driver that pended the flow finishes it from a work item: let it run */
    return WT_OK;
}

int wt_udp_send_more(wt_target *t, wt_udp_flow *f, const void *data, int len) {
    if (!t || !f) return fail(WT_EINVAL, "wt_udp_send_more: NULL argument");
    ms_world_set_current(t->w);
    if (sendto(f->client, data, len, 0, (struct sockaddr *)&f->original_dst, ms_addr_len(&f->original_dst)) != len)
        return fail(WT_ESTACK, "sendto failed: %d", WSAGetLastError());
    f->datagrams_sent++;
    return WT_OK;
}

SOCKET wt_not_a_socket(wt_target *t) {
    if (!t) return INVALID_SOCKET;
    ms_world_set_current(t->w);
    if (!t->not_a_socket) t->not_a_socket = WSACreateEvent(); /* a real handle, of the wrong type */
    return (SOCKET)(uintptr_t)t->not_a_socket;
}

int wt_pump(wt_target *t) { return t ? (int)ms_pump(t->w) : 0; }

int wt_wait_change(wt_target *t, unsigned long long *seen, unsigned timeout_ms) {
    if (!t || !seen) return fail(WT_EINVAL, "wt_wait_change: NULL argument");
    uint64_t s = *seen;
    bool changed = ms_wait_change(t->w, &s, timeout_ms);
    *seen = s;
    return changed;
}

int wt_complete_pended(wt_target *t) {
    if (!t) return 0;
    int n = 0;
    for (int i = 0; i < t->ndrivers; i++) n += ms_callout_complete_pended(t->drivers[i]);
    return n;
}

static int issued(wt_target *t, SOCKET s, bool context, void *buf, ULONG cap, ULONG *len) {
    if (!t || !len) return fail(WT_EINVAL, "wt_issued_*: NULL argument");
    ms_lock(t->w);
    ms_socket *sk = ms_socket_get_locked(t->w, s);
    size_t n = 0;
    const void *blob = NULL;
    /* A UDP flow is not on the socket: it rides on the datagram the proxy has not read yet,
     * and on the sender's route to the original destination. */
    const ms_flow *flow = !sk                                ? NULL
                          : sk->flow                         ? sk->flow
                          : sk->dq_head && sk->dq_head->flow ? sk->dq_head->flow
                          : sk->routes                       ? sk->routes->flow
                                                             : NULL;
    if (flow) blob = context ? ms_flow_context(flow, &n) : ms_flow_records(flow, &n);
    if (blob && n <= cap && buf) memcpy(buf, blob, n);
    ms_unlock(t->w);
    *len = (ULONG)n;
    if (blob && n <= cap) return WT_OK;
    issued_error.pending = 1; /* wt_error spells it */
    issued_error.s = (unsigned long long)s;
    issued_error.context = context;
    issued_error.none = !blob;
    issued_error.cap = (unsigned long)cap;
    issued_error.n = n;
    return WT_EINVAL;
}

int wt_issued_records(wt_target *t, SOCKET s, void *buf, ULONG cap, ULONG *len) {
    return issued(t, s, false, buf, cap, len);
}

int wt_issued_context(wt_target *t, SOCKET s, void *buf, ULONG cap, ULONG *len) {
    return issued(t, s, true, buf, cap, len);
}

/* The verifier's findings, plus what the test callouts noticed of the stack (A80, A81, their
 * own filters as classifyFn sees them). */
/* One finding for what a test callout counted since the last look, if anything. */
static void report_new(wt_target *t, unsigned now, unsigned *seen, const char *what) {
    if (now <= *seen) return;
    ms_lock(t->w);
    ms_finding_locked(t->w, "%s (%u times)", what, now - *seen);
    ms_unlock(t->w);
    *seen = now;
}

int wt_findings(wt_target *t, char *buf, size_t cap) {
    if (!t) return 0;
    for (int i = 0; i < t->ndrivers; i++) {
        ms_callout_stats s;
        ms_callout_get_stats(t->drivers[i], &s);
        report_new(t, s.context_from_other, &t->context_from_other_seen[i],
                   "stack A80: a redirect context was handed out for REDIRECTED_BY_OTHER");
        report_new(
            t, s.context_missing_self, &t->context_missing_seen[i],
            "stack A80: no redirect context for REDIRECTED_BY_SELF or PREVIOUSLY_REDIRECTED_BY_SELF although the "
            "callout attached one to the flow (on the model also when that flow had ended: its client and its "
            "proxy had both closed the redirected connection before this connect)");
        report_new(t, s.acquire_kept_rights, &t->kept_rights_seen[i],
                   "stack A81: classifyOut was not BLOCK without the write right after "
                   "FwpsAcquireWritableLayerDataPointer0");
        report_new(
            t, s.values_mismatch, &t->values_mismatch_seen[i],
            "stack A89: the remote address or port among classifyFn's fixed values is not the connect request's, "
            "or a fixed value has a type that is none of the single data types (FWP_EMPTY where unset)");
        report_new(t, s.filter_mismatch, &t->filter_mismatch_seen[i],
                   "stack: classifyFn got an FWPS_FILTER1 whose filterId, subLayerWeight or filter conditions are not "
                   "what FwpmFilterAdd0 returned and was given and FwpmSubLayerAdd0 was given");
    }
    return ms_findings(t->w, buf, cap);
}

int wt_wsp_table(wt_target *t, WSPPROC_TABLE *out) {
    if (!t || !out) return fail(WT_EINVAL, "wt_wsp_table: NULL argument");
    *out = *ms_provider_base_table();
    return WT_OK;
}

static ms_target_region *region(wt_target *t) {
    return t && t->nregions < MAX_REGIONS ? &t->regions[t->nregions++] : NULL;
}

void *wt_guarded_buffer(wt_target *t, size_t len) {
    ms_target_region *r = region(t);
    return r ? ms_target_guarded(len, r) : NULL;
}

void *wt_readonly_page(wt_target *t) {
    ms_target_region *r = region(t);
    return r ? ms_target_readonly(r) : NULL;
}

void *wt_unmapped_address(wt_target *t) {
    ms_target_region *r = region(t);
    return r ? ms_target_unmapped(r) : NULL;
}

/* ------------------------------------------------------ watching a vendor's proxy */
static wt_watch_fn watch_fn;
static void *watch_ctx;

_Static_assert(sizeof(wt_watch_event) == sizeof(ms_watch_event) &&
                   offsetof(wt_watch_event, remote) == offsetof(ms_watch_event, remote),
               "wt_watch_event is the model's event under its public name");

static void watch_relay(void *ctx, const ms_watch_event *ev) {
    (void)ctx;
    wt_watch_event e;
    memcpy(&e, ev, sizeof e);
    if (watch_fn) watch_fn(watch_ctx, &e);
}

int wt_model_watch(wt_target *t, wt_watch_fn fn, void *ctx) {
    if (!t) return WT_EINVAL;
    ms_lock(t->w);
    watch_fn = fn;
    watch_ctx = ctx;
    ms_watch_set(t->w, fn ? watch_relay : NULL, NULL);
    ms_unlock(t->w);
    return WT_OK;
}
