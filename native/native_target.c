/*
 * native_target.c: the `native` target: wfpcert/target.h on the real Windows stack.
 *
 * What it can do: the real ws2_32/AFD stack answers every WSAIoctl, so the generic plumbing
 * cases (not a socket, plain connections, bad pointers, unknown codes) run on any Windows
 * machine.  What it needs for the rest: a redirecting callout.  The model loads its own test
 * callout; here the vendor's driver is installed beforehand and a configuration file
 * (`--target native:FILE`, config.h) says which connect it redirects to which loopback proxy
 * port.  The target then plays the application (it connects there) and the proxy (it listens
 * on the proxy port and accepts the redirected connection), and hands both sockets to the
 * case.  Without a configuration, or when a case asks for something the vendor's callout
 * does not do (a second vendor, a pended classify, UDP when only TCP is redirected), the
 * scenario call returns WT_EUNSUPPORTED with the reason, and the case reports UNSUPPORTED.
 *
 * There are no knobs and no faults: the real stack is what it is.  The only profile is
 * "windows" (what the model's default profile imitates).
 */
#include "native_internal.h"
#include "wfpcert/target_model.h" /* the model-only hooks, refused here */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static WFPCERT_THREAD_LOCAL char last_error[512];

int nt_fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

const char *wt_error(void) { return last_error; }

static int fi(int af) { return af == AF_INET6; }

static const char *const no_config =
    "no vendor configuration: run with --target native:FILE naming what your callout redirects "
    "(docs/CERTIFICATION.md)";

/* ------------------------------------------------------------------ open/close */

int wt_open(const char *spec, wt_target **out) {
    if (!out) return nt_fail(WT_EINVAL, "wt_open: out is NULL");
    *out = NULL;
    if (!spec || strcmp(spec, "model") == 0)
        return nt_fail(WT_EUNSUPPORTED, "this Windows build has the native target only; use --target native[:CONFIG]");
    if (strncmp(spec, "native", 6) != 0 || (spec[6] && spec[6] != ':'))
        return nt_fail(WT_EINVAL, "unknown target '%s' (native or native:CONFIG)", spec);
    if (spec[6] == ':' && !spec[7]) return nt_fail(WT_EINVAL, "'native:' names no configuration file");
    wt_target *t = calloc(1, sizeof *t);
    if (!t) return nt_fail(WT_ENOMEM, "out of memory");
    if (spec[6] == ':') {
        char err[1024];
        if (nt_config_load(&t->cfg, spec + 7, err, sizeof err) != 0) {
            free(t);
            return nt_fail(WT_EINVAL, "%s", err);
        }
        t->has_config = 1;
    }
    WSADATA wd;
    int rc = WSAStartup(MAKEWORD(2, 2), &wd);
    if (rc != 0) {
        free(t);
        return nt_fail(WT_ESTACK, "WSAStartup failed: %d", rc);
    }
    for (int i = 0; i < 2; i++) t->tcp_listener[i] = t->udp_proxy[i] = t->plain_listener[i] = INVALID_SOCKET;
    *out = t;
    return WT_OK;
}

void wt_close(wt_target *t) {
    if (!t) return;
    for (int i = 0; i < t->nowned; i++) closesocket(t->owned[i]);
    for (int i = 0; i < 2; i++) {
        if (t->tcp_listener[i] != INVALID_SOCKET) closesocket(t->tcp_listener[i]);
        if (t->udp_proxy[i] != INVALID_SOCKET) closesocket(t->udp_proxy[i]);
        if (t->plain_listener[i] != INVALID_SOCKET) closesocket(t->plain_listener[i]);
    }
    if (t->not_a_socket) WSACloseEvent(t->not_a_socket);
    nt_wsp_release(t);
    if (t->proxy_lock) {
        ReleaseMutex(t->proxy_lock);
        CloseHandle(t->proxy_lock);
    }
    nt_memory_release(t);
    WSACleanup();
    free(t);
}

/* A real stack's state (kernel sockets, the callout's flows) cannot be saved: callers fall
 * back to building every scenario. */
int wt_open_restorable(const char *spec, wt_target **out) {
    (void)spec;
    if (out) *out = NULL;
    return nt_fail(WT_EUNSUPPORTED, "the native target has no snapshots");
}

int wt_snapshot_take(wt_target *t, wt_snapshot **out) {
    (void)t;
    if (out) *out = NULL;
    return nt_fail(WT_EUNSUPPORTED, "the native target has no snapshots");
}

int wt_snapshot_restore(const wt_snapshot *s, wt_target **out) {
    (void)s;
    if (out) *out = NULL;
    return nt_fail(WT_EUNSUPPORTED, "the native target has no snapshots");
}

void wt_discard(wt_target *t) { wt_close(t); }
size_t wt_snapshot_size(const wt_snapshot *s) {
    (void)s;
    return 0;
}
void wt_snapshot_free(wt_snapshot *s) { (void)s; }

const char *wt_kind(const wt_target *t) { return t ? "native" : "none"; }

/* ------------------------------------------------- profiles, knobs, faults */

static const char *const profile_doc =
    "the real Windows stack: each documented alternative (C1..C24) is whatever it does; "
    "the report's fingerprint records which";

int wt_set_profile(wt_target *t, const char *profile) {
    if (!t || !profile) return nt_fail(WT_EINVAL, "wt_set_profile: NULL argument");
    if (strcmp(profile, "windows") == 0) return WT_OK;
    return nt_fail(WT_EUNSUPPORTED, "the native target has one profile, 'windows' (%s); '%s' is a model profile",
                   profile_doc, profile);
}

int wt_set_knob(wt_target *t, const char *knob, const char *value) {
    (void)t, (void)value;
    return nt_fail(WT_EUNSUPPORTED, "the native target has no knobs ('%s'): the real stack decides", knob ? knob : "");
}

const char *wt_get_knob(const wt_target *t, const char *knob) {
    (void)t, (void)knob;
    return NULL;
}

int wt_set_fault(wt_target *t, const char *fault, int on) {
    (void)t;
    if (!on) return WT_OK; /* off is what the real stack already is */
    return nt_fail(WT_EUNSUPPORTED, "the native target cannot inject faults ('%s'); faults are model-only",
                   fault ? fault : "");
}

int wt_model_seal_seed(unsigned long long seed) {
    (void)seed;
    return nt_fail(WT_EUNSUPPORTED, "the native target's sealing key is the Windows kernel's own");
}

int wt_model_watch(wt_target *t, wt_watch_fn fn, void *ctx) {
    (void)t, (void)fn, (void)ctx;
    return nt_fail(WT_EUNSUPPORTED, "the native target cannot watch a proxy's calls; the chains run on the model");
}

/* The driver under test is the installed one, not a module the model loads. */
const wt_model_driver *wt_model_driver_in_use(void) { return NULL; }
char wt_model_driver_vendor(wt_target *t) {
    (void)t;
    return 0;
}

int wt_process_assign_thread(wt_target *t, DWORD pid) {
    (void)t, (void)pid;
    return nt_fail(WT_EUNSUPPORTED, "the native target's processes are real ones; a thread cannot change its own");
}

int wt_model_open_handles(wt_target *t, DWORD pid, wt_open_handles *out) {
    (void)t, (void)pid, (void)out;
    return nt_fail(WT_EUNSUPPORTED, "the native target's handles are the Windows kernel's; the model counts its own");
}

/* Windows' own leak tools (Driver Verifier, the heap) watch a native run, not the suite. */
long wt_model_live_blocks(void) { return -1; }
long wt_model_held_at_close(char *buf, size_t cap) {
    if (buf && cap) buf[0] = 0;
    return -1;
}
long wt_model_findings_at_close(char *buf, size_t cap) {
    if (buf && cap) buf[0] = 0;
    return -1;
}
long wt_model_layered_calls(void) { return -1; }

int wt_faults_consulted(unsigned long long *mask) {
    if (mask) *mask = 0;
    return nt_fail(WT_EUNSUPPORTED, "the native target has no fault catalogue");
}
int wt_fault_count(void) { return 0; }
const char *wt_fault_name(int i) {
    (void)i;
    return NULL;
}
const char *wt_fault_doc(int i) {
    (void)i;
    return NULL;
}
int wt_fault_memory_safety(int i) {
    (void)i;
    return 0;
}
int wt_profile_count(void) { return 1; }
const char *wt_profile_name(int i) { return i == 0 ? "windows" : NULL; }
const char *wt_profile_doc(int i) { return i == 0 ? profile_doc : NULL; }
int wt_knob_count(void) { return 0; }
const char *wt_knob_name(int i) {
    (void)i;
    return NULL;
}
const char *wt_knob_doc(int i) {
    (void)i;
    return NULL;
}

static int process_elevated(void) {
    HANDLE tok;
    TOKEN_ELEVATION e = {0};
    DWORD n = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) return -1;
    BOOL ok = GetTokenInformation(tok, TokenElevation, &e, sizeof e, &n);
    CloseHandle(tok);
    return ok ? e.TokenIsElevated != 0 : -1;
}

int wt_set_elevated(wt_target *t, int elevated) {
    if (!t) return nt_fail(WT_EINVAL, "wt_set_elevated: NULL target");
    int now = process_elevated();
    if (now < 0) return nt_fail(WT_EUNSUPPORTED, "cannot read this process's elevation: error %lu", GetLastError());
    if (now == (elevated != 0)) return WT_OK;
    return nt_fail(WT_EUNSUPPORTED,
                   "this process is %selevated and the native target cannot change that; run wfpcert %s to cover "
                   "this case",
                   now ? "" : "not ", now ? "from a non-elevated prompt" : "as Administrator");
}

/* ------------------------------------------------------------------ callouts */

void wt_callout_policy_init(wt_callout_policy *p, char vendor, USHORT proxy_port) {
    memset(p, 0, sizeof *p);
    p->vendor = vendor;
    p->weight = 100;
    p->proxy_port = proxy_port;
    p->target_pid = GetCurrentProcessId();
    p->with_context = 1;
    p->loop_check = 1;
}

/* The vendor's driver is fixed: a policy is accepted when that driver already does it. */
int wt_add_callout(wt_target *t, const wt_callout_policy *p) {
    if (!t || !p) return nt_fail(WT_EINVAL, "wt_add_callout: NULL argument");
    if (!t->has_config) return nt_fail(WT_EUNSUPPORTED, "%s", no_config);
    const nt_config *c = &t->cfg;
    if (t->callout_added)
        return nt_fail(WT_EUNSUPPORTED,
                       "the native target has one redirecting callout, %s's; a second (vendor %c) "
                       "needs the model",
                       c->vendor, p->vendor);
    if (p->pend)
        return nt_fail(WT_EUNSUPPORTED, "pending the classify is up to %s's callout, not the suite", c->vendor);
    if (!p->loop_check || p->trust_others)
        return nt_fail(WT_EUNSUPPORTED, "the case needs a callout %s; %s's loop prevention is its own",
                       p->loop_check ? "that trusts other vendors" : "without a loop check", c->vendor);
    if (p->exempt_pid || p->app_path)
        return nt_fail(WT_EUNSUPPORTED,
                       "which processes %s's callout exempts or matches is its own configuration, "
                       "not the suite's",
                       c->vendor);
    if (p->target_pid != GetCurrentProcessId())
        return nt_fail(WT_EUNSUPPORTED, "the case needs a callout that names PID %lu as the proxy; %s's names its own",
                       (unsigned long)p->target_pid, c->vendor);
    if (p->with_context != c->context)
        return nt_fail(WT_EUNSUPPORTED, "the case needs a callout that %s a redirect context; %s says context = %s",
                       p->with_context ? "attaches" : "does not attach", c->path, c->context ? "yes" : "no");
    if (p->with_context && p->context_size && c->context_size && p->context_size != c->context_size)
        return nt_fail(WT_EUNSUPPORTED, "the case needs a %lu-byte context; %s says context_size = %lu",
                       (unsigned long)p->context_size, c->path, c->context_size);
    if (p->match_port && p->match_port != c->redirect_port)
        return nt_fail(WT_EUNSUPPORTED,
                       "the case needs a callout that redirects only port %u; %s's filters are its own",
                       (unsigned)p->match_port, c->vendor);
    if ((p->match_proto == IPPROTO_TCP && !c->tcp) || (p->match_proto == IPPROTO_UDP && !c->udp))
        return nt_fail(WT_EUNSUPPORTED, "%s's callout does not redirect %s (%s: redirect_protocols)", c->vendor,
                       p->match_proto == IPPROTO_TCP ? "TCP" : "UDP", c->path);
    t->callout_added = 1;
    return WT_OK;
}

/* --------------------------------------------------------------- sockets */

static int addr_len(int af) { return af == AF_INET6 ? (int)sizeof(SOCKADDR_IN6) : (int)sizeof(SOCKADDR_IN); }

static void make_addr(int af, const unsigned char *bytes, USHORT port, SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET6) {
        SOCKADDR_IN6 *s6 = (SOCKADDR_IN6 *)a;
        memcpy(&s6->sin6_addr, bytes, 16);
        s6->sin6_port = htons(port);
    } else {
        SOCKADDR_IN *s4 = (SOCKADDR_IN *)a;
        memcpy(&s4->sin_addr, bytes, 4);
        s4->sin_port = htons(port);
    }
}

static void loopback(int af, USHORT port, SOCKADDR_STORAGE *a) {
    static const unsigned char v4[4] = {127, 0, 0, 1}, v6[16] = {[15] = 1};
    make_addr(af, af == AF_INET6 ? v6 : v4, port, a);
}

static void own(wt_target *t, SOCKET s) {
    if (s != INVALID_SOCKET && t->nowned < NT_MAX_OWNED) t->owned[t->nowned++] = s;
}

static SOCKET new_socket(int af, int type, int overlapped) {
    return WSASocketW(af, type, type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP, NULL, 0,
                      overlapped ? WSA_FLAG_OVERLAPPED : 0);
}

static SOCKET bound(int af, int type, int overlapped, const SOCKADDR_STORAGE *a, int *err) {
    SOCKET s = new_socket(af, type, overlapped);
    if (s == INVALID_SOCKET) {
        *err = WSAGetLastError();
        return s;
    }
    if (bind(s, (const struct sockaddr *)a, addr_len(af)) != 0 || (type == SOCK_STREAM && listen(s, SOMAXCONN) != 0)) {
        *err = WSAGetLastError();
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* 1 ready, 0 timed out, -1 failed (for a connect: refused). */
static int wait_ready(SOCKET s, int for_write, DWORD ms) {
    fd_set rw, ex;
    FD_ZERO(&rw);
    FD_ZERO(&ex);
    FD_SET(s, &rw);
    FD_SET(s, &ex);
    struct timeval tv = {(long)(ms / 1000), (long)(ms % 1000) * 1000};
    int r = select(0, for_write ? NULL : &rw, for_write ? &rw : NULL, &ex, &tv);
    if (r < 0) return -1;
    if (r == 0) return 0;
    return FD_ISSET(s, &ex) ? -1 : 1;
}

static void set_blocking(SOCKET s, int blocking) {
    u_long nb = !blocking;
    ioctlsocket(s, FIONBIO, &nb);
}

/* Connects s to a within ms; 0 or a Winsock error code. */
static int connect_within(SOCKET s, const SOCKADDR_STORAGE *a, DWORD ms) {
    set_blocking(s, 0);
    int r = connect(s, (const struct sockaddr *)a, addr_len(a->ss_family));
    int err = r == 0 ? 0 : WSAGetLastError();
    if (err == WSAEWOULDBLOCK) {
        int w = wait_ready(s, 1, ms);
        int len = sizeof err;
        err = 0;
        if (w == 0)
            err = WSAETIMEDOUT;
        else if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len) != 0 || (w < 0 && !err))
            err = err ? err : WSAECONNREFUSED;
    }
    set_blocking(s, 1);
    return err;
}

static SOCKET accept_within(SOCKET l, DWORD ms, int *err) {
    int w = wait_ready(l, 0, ms);
    if (w <= 0) {
        *err = w == 0 ? WSAETIMEDOUT : WSAGetLastError();
        return INVALID_SOCKET;
    }
    SOCKET s = accept(l, NULL, NULL);
    if (s == INVALID_SOCKET) *err = WSAGetLastError();
    return s;
}

static void format_addr(const SOCKADDR_STORAGE *a, char *buf, size_t cap) {
    DWORD n = (DWORD)cap;
    if (WSAAddressToStringA((LPSOCKADDR)a, (DWORD)addr_len(a->ss_family), NULL, buf, &n) != 0)
        snprintf(buf, cap, "(address family %d)", a->ss_family);
}

/* --------------------------------------------- what the vendor's callout redirects */

/* Checks that the configuration covers (family, protocol) and fills the original destination. */
static int redirect_target(wt_target *t, int af, int proto, SOCKADDR_STORAGE *dst) {
    if (!t->has_config) return nt_fail(WT_EUNSUPPORTED, "%s", no_config);
    const nt_config *c = &t->cfg;
    if (proto == IPPROTO_TCP ? !c->tcp : !c->udp)
        return nt_fail(WT_EUNSUPPORTED, "%s's callout does not redirect %s (%s: redirect_protocols)", c->vendor,
                       proto == IPPROTO_TCP ? "TCP" : "UDP", c->path);
    if (af == AF_INET6 ? !c->has_redirect6 : !c->has_redirect4)
        return nt_fail(WT_EUNSUPPORTED, "%s names no %s destination (%s)", c->path, af == AF_INET6 ? "IPv6" : "IPv4",
                       af == AF_INET6 ? "redirect_address6" : "redirect_address");
    make_addr(af, af == AF_INET6 ? c->redirect6 : c->redirect4, c->redirect_port, dst);
    return WT_OK;
}

/* One case process at a time may listen on the proxy port, whatever --jobs says. */
static int lock_proxy_port(wt_target *t) {
    if (t->proxy_lock) return WT_OK;
    wchar_t name[64];
    swprintf(name, sizeof name / sizeof name[0], L"Local\\wfpcert-native-proxy-%u", (unsigned)t->cfg.proxy_port);
    HANDLE m = CreateMutexW(NULL, FALSE, name);
    if (!m) return nt_fail(WT_ESTACK, "CreateMutex failed: error %lu", GetLastError());
    DWORD w = WaitForSingleObject(m, 20000);
    if (w != WAIT_OBJECT_0 && w != WAIT_ABANDONED) {
        CloseHandle(m);
        return nt_fail(WT_ESTACK, "another wfpcert process holds proxy port %u; run the native target with --jobs 1",
                       (unsigned)t->cfg.proxy_port);
    }
    t->proxy_lock = m;
    return WT_OK;
}

/* Vendor tooling that sets localRedirectTargetPID from a file reads the proxy's PID here. */
static int write_pid_file(wt_target *t) {
    if (!t->cfg.pid_file[0]) return WT_OK;
    FILE *f = fopen(t->cfg.pid_file, "w");
    if (!f || fprintf(f, "%lu\n", (unsigned long)GetCurrentProcessId()) < 0 || fclose(f) != 0)
        return nt_fail(WT_ESTACK, "%s: pid_file %s: cannot write it", t->cfg.path, t->cfg.pid_file);
    return WT_OK;
}

static const unsigned char *proxy_bytes(const wt_target *t, int af) {
    return af == AF_INET6 ? t->cfg.proxy6 : t->cfg.proxy4;
}

static int bad_family(const char *fn, int af) {
    return nt_fail(WT_EINVAL, "%s: family %d is neither AF_INET nor AF_INET6", fn, af);
}

static void clear_tcp(wt_tcp_flow *out) {
    memset(out, 0, sizeof *out);
    out->client = out->listener = out->accepted = out->server_listener = INVALID_SOCKET;
}

int wt_tcp_redirected(wt_target *t, int af, int overlapped, wt_tcp_flow *out) {
    if (!t || !out) return nt_fail(WT_EINVAL, "wt_tcp_redirected: NULL argument");
    if (af != AF_INET && af != AF_INET6) return bad_family("wt_tcp_redirected", af);
    clear_tcp(out);
    int r = redirect_target(t, af, IPPROTO_TCP, &out->original_dst);
    if (r || (r = lock_proxy_port(t)) || (r = write_pid_file(t))) return r;
    const nt_config *c = &t->cfg;
    SOCKET *l = &t->tcp_listener[fi(af)];
    if (*l != INVALID_SOCKET && t->tcp_listener_ov[fi(af)] != (overlapped != 0)) {
        closesocket(*l);
        *l = INVALID_SOCKET;
    }
    if (*l == INVALID_SOCKET) {
        SOCKADDR_STORAGE a;
        int err = 0;
        make_addr(af, proxy_bytes(t, af), c->proxy_port, &a);
        *l = bound(af, SOCK_STREAM, overlapped, &a, &err);
        if (*l == INVALID_SOCKET)
            return nt_fail(WT_ESTACK,
                           "cannot listen on the proxy port %u: error %d (is %s's own proxy running? stop it)",
                           (unsigned)c->proxy_port, err, c->vendor);
        t->tcp_listener_ov[fi(af)] = overlapped != 0;
    }
    char dst[96];
    format_addr(&out->original_dst, dst, sizeof dst);
    out->client = new_socket(af, SOCK_STREAM, overlapped);
    if (out->client == INVALID_SOCKET) return nt_fail(WT_ESTACK, "socket failed: %d", WSAGetLastError());
    own(t, out->client);
    int err = connect_within(out->client, &out->original_dst, c->timeout_ms);
    if (err)
        return nt_fail(WT_ESTACK, "connect to %s failed with %d: %s's callout did not redirect it to the proxy port %u",
                       dst, err, c->vendor, (unsigned)c->proxy_port);
    out->listener = *l;
    out->accepted = accept_within(*l, c->timeout_ms, &err);
    if (out->accepted == INVALID_SOCKET)
        return nt_fail(WT_ESTACK,
                       "the connect to %s succeeded but nothing arrived at the proxy port %u within %lu ms "
                       "(error %d): it was not redirected here",
                       dst, (unsigned)c->proxy_port, c->timeout_ms, err);
    own(t, out->accepted);
    int len = sizeof out->original_src;
    getsockname(out->client, (struct sockaddr *)&out->original_src, &len);
    return WT_OK;
}

int wt_tcp_plain(wt_target *t, int af, wt_tcp_flow *out) {
    if (!t || !out) return nt_fail(WT_EINVAL, "wt_tcp_plain: NULL argument");
    if (af != AF_INET && af != AF_INET6) return bad_family("wt_tcp_plain", af);
    clear_tcp(out);
    SOCKET *l = &t->plain_listener[fi(af)];
    int err = 0;
    if (*l == INVALID_SOCKET) {
        SOCKADDR_STORAGE a;
        loopback(af, 0, &a);
        *l = bound(af, SOCK_STREAM, 1, &a, &err);
        if (*l == INVALID_SOCKET) return nt_fail(WT_ESTACK, "cannot listen on loopback: error %d", err);
    }
    int len = sizeof out->original_dst;
    getsockname(*l, (struct sockaddr *)&out->original_dst, &len);
    out->client = new_socket(af, SOCK_STREAM, 1);
    if (out->client == INVALID_SOCKET) return nt_fail(WT_ESTACK, "socket failed: %d", WSAGetLastError());
    own(t, out->client);
    DWORD ms = t->has_config ? t->cfg.timeout_ms : 5000;
    if ((err = connect_within(out->client, &out->original_dst, ms)))
        return nt_fail(WT_ESTACK, "loopback connect failed: %d", err);
    out->listener = out->server_listener = *l;
    out->accepted = accept_within(*l, ms, &err);
    if (out->accepted == INVALID_SOCKET) return nt_fail(WT_ESTACK, "loopback accept failed: %d", err);
    own(t, out->accepted);
    len = sizeof out->original_src;
    getsockname(out->client, (struct sockaddr *)&out->original_src, &len);
    return WT_OK;
}

static int send_datagram(wt_target *t, wt_udp_flow *f, const void *data, int len) {
    int n =
        sendto(f->client, data, len, 0, (const struct sockaddr *)&f->original_dst, addr_len(f->original_dst.ss_family));
    if (n != len) return nt_fail(WT_ESTACK, "sendto failed: %d", WSAGetLastError());
    f->datagrams_sent++;
    (void)t;
    return WT_OK;
}

int wt_udp_redirected(wt_target *t, int af, int overlapped, wt_udp_flow *out) {
    if (!t || !out) return nt_fail(WT_EINVAL, "wt_udp_redirected: NULL argument");
    if (af != AF_INET && af != AF_INET6) return bad_family("wt_udp_redirected", af);
    memset(out, 0, sizeof *out);
    out->client = out->proxy = INVALID_SOCKET;
    int r = redirect_target(t, af, IPPROTO_UDP, &out->original_dst);
    if (r || (r = lock_proxy_port(t)) || (r = write_pid_file(t))) return r;
    const nt_config *c = &t->cfg;
    SOCKET *p = &t->udp_proxy[fi(af)];
    if (*p != INVALID_SOCKET) closesocket(*p);
    SOCKADDR_STORAGE a;
    int err = 0;
    make_addr(af, proxy_bytes(t, af), c->proxy_port, &a);
    *p = bound(af, SOCK_DGRAM, overlapped, &a, &err);
    if (*p == INVALID_SOCKET)
        return nt_fail(WT_ESTACK, "cannot bind the UDP proxy port %u: error %d", (unsigned)c->proxy_port, err);
    DWORD on = 1;
    int level = af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    if (setsockopt(*p, level, IP_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on) ||
        setsockopt(*p, level, IP_WFP_REDIRECT_CONTEXT, (const char *)&on, sizeof on))
        return nt_fail(WT_ESTACK, "setsockopt(IP_WFP_REDIRECT_RECORDS/_CONTEXT) on the UDP proxy failed: %d",
                       WSAGetLastError());
    out->proxy = *p;
    out->client = new_socket(af, SOCK_DGRAM, overlapped);
    if (out->client == INVALID_SOCKET) return nt_fail(WT_ESTACK, "socket failed: %d", WSAGetLastError());
    own(t, out->client);
    static const char first[] = "flow-creating datagram";
    if ((r = send_datagram(t, out, first, (int)sizeof first))) return r;
    if (wait_ready(out->proxy, 0, c->timeout_ms) != 1) {
        char dst[96];
        format_addr(&out->original_dst, dst, sizeof dst);
        return nt_fail(WT_ESTACK,
                       "a datagram to %s did not arrive at the UDP proxy port %u within %lu ms: %s's callout "
                       "did not redirect it",
                       dst, (unsigned)c->proxy_port, c->timeout_ms, c->vendor);
    }
    return WT_OK;
}

int wt_udp_send_more(wt_target *t, wt_udp_flow *f, const void *data, int len) {
    if (!t || !f) return nt_fail(WT_EINVAL, "wt_udp_send_more: NULL argument");
    return send_datagram(t, f, data, len);
}

/* ------------------------------------------------------------ the rest */

SOCKET wt_not_a_socket(wt_target *t) {
    if (!t) return INVALID_SOCKET;
    if (!t->not_a_socket) t->not_a_socket = WSACreateEvent(); /* a real handle, of the wrong type */
    return (SOCKET)(uintptr_t)t->not_a_socket;
}

/* The real stack completes operations by itself; there is nothing to pump. */
int wt_pump(wt_target *t) { return (void)t, 0; }
int wt_complete_pended(wt_target *t) { return (void)t, 0; }
int wt_wait_change(wt_target *t, unsigned long long *seen, unsigned timeout_ms) {
    (void)t, (void)seen, (void)timeout_ms;
    return nt_fail(WT_EUNSUPPORTED, "wt_wait_change: the real stack has no model to watch");
}

static int not_visible(ULONG *len) {
    if (len) *len = 0;
    return nt_fail(WT_EUNSUPPORTED, "the native target cannot see the bytes the kernel issued (only the model can)");
}

int wt_issued_records(wt_target *t, SOCKET s, void *buf, ULONG cap, ULONG *len) {
    (void)t, (void)s, (void)buf, (void)cap;
    return not_visible(len);
}

int wt_issued_context(wt_target *t, SOCKET s, void *buf, ULONG cap, ULONG *len) {
    (void)t, (void)s, (void)buf, (void)cap;
    return not_visible(len);
}

/* The vendor's driver is loaded and stopped by its own service, not by the suite. */
int wt_remove_callout(wt_target *t, char vendor) {
    (void)t;
    return nt_fail(WT_EUNSUPPORTED, "callout %c: a driver on Windows is unloaded by its service, not by the suite",
                   vendor);
}

/* A vendor's driver reports nothing to the suite: the callout-side rules need the model. */
int wt_callout_view_get(wt_target *t, char vendor, wt_callout_view *out) {
    (void)t;
    if (out) memset(out, 0, sizeof *out);
    return nt_fail(WT_EUNSUPPORTED, "what callout %c saw inside WFP is visible only to the model's test callout",
                   vendor);
}

/* On Windows the suite's process is the proxy (its PID is what pid_file hands the vendor's
 * callout) and the redirected clients it makes are its own sockets too. */
DWORD wt_process_id(wt_target *t, int which) {
    (void)t, (void)which;
    return GetCurrentProcessId();
}

/* Processes on Windows are real: the suite cannot make one with an image path of its
 * choosing, and the application id is what FwpmGetAppIdFromFileName0 says on that machine. */
int wt_process_create(wt_target *t, const char *image_path, int elevated, DWORD *pid) {
    (void)t, (void)elevated;
    if (pid) *pid = 0;
    return nt_fail(WT_EUNSUPPORTED, "the native target cannot create a process for %s: run that program yourself",
                   image_path ? image_path : "(null)");
}

int wt_process_assign(wt_target *t, int which, DWORD pid) {
    (void)t, (void)which;
    return nt_fail(WT_EUNSUPPORTED, "the native target's sockets all belong to the suite's process, not %lu",
                   (unsigned long)pid);
}

int wt_app_id(const char *image_path, void *buf, ULONG cap, ULONG *len) {
    (void)buf, (void)cap;
    if (len) *len = 0;
    return nt_fail(WT_EUNSUPPORTED, "the application id of %s is FwpmGetAppIdFromFileName0's on the machine under test",
                   image_path ? image_path : "(null)");
}

/* The native target has no checker of its own (Driver Verifier reports to the kernel debugger). */
int wt_findings(wt_target *t, char *buf, size_t cap) {
    (void)t;
    if (buf && cap) buf[0] = 0;
    return 0;
}

int wt_wsp_table(wt_target *t, WSPPROC_TABLE *out) {
    if (!t || !out) return nt_fail(WT_EINVAL, "wt_wsp_table: NULL argument");
    return nt_wsp_table(t, out);
}
