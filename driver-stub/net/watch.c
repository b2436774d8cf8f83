/*
 * watch.c: what a vendor's proxy does with its sockets, told to the suite's observer
 * (wt_model_watch in target_model.h): the redirect records and context each QUERY returned,
 * the bytes each SET was handed, each connect and each close, with the socket's addresses;
 * for UDP the records and context a receive delivered and the records a WSASendMsg handed on.
 *
 * Why: the suite's own sample proxies report every flow to the chain runner themselves
 * (px_observer), but a vendor's redirect service is the vendor's unchanged code and reports
 * nothing.  The chains' opacity and tamper checks need the same facts, so the model, which
 * sees every call, hands them over.  One observer per process (the chain runner runs one
 * target at a time); it is called with the world locked, on the caller's thread, and must
 * only copy what it is given.
 */
#include "net.h"

#include <string.h>

static struct {
    ms_world *w;
    ms_watch_fn fn;
    void *ctx;
} watch;

void ms_watch_set(ms_world *w, ms_watch_fn fn, void *ctx) {
    watch.w = fn ? w : NULL;
    watch.fn = fn;
    watch.ctx = ctx;
}

static void tell_about(ms_world *w, ms_socket *sk, ms_watch_kind kind, int ok, int error, const void *bytes, size_t len,
                       const SOCKADDR_STORAGE *peer, int issued_same) {
    if (!watch.fn || watch.w != w) return;
    ms_watch_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.s = (SOCKET)sk->handle;
    ev.ok = ok;
    ev.error = error;
    if (bytes && sk->flow && (kind == MS_WATCH_QUERY_RECORDS || kind == MS_WATCH_QUERY_CONTEXT)) {
        size_t n = 0;
        const void *blob =
            kind == MS_WATCH_QUERY_CONTEXT ? ms_flow_context(sk->flow, &n) : ms_flow_records(sk->flow, &n);
        ev.issued_same = blob && n == len && memcmp(blob, bytes, n) == 0;
    }
    if (peer) ev.issued_same = issued_same;
    ev.bytes = bytes;
    ev.len = (ULONG)len;
    ev.pid = sk->pid;
    if (sk->has_local) ev.local = sk->local;
    if (sk->has_remote) ev.remote = sk->remote;
    if (peer) ev.remote = *peer;
    watch.fn(watch.ctx, &ev);
}

static void tell(ms_world *w, ms_socket *sk, ms_watch_kind kind, int ok, int error, const void *bytes, size_t len) {
    tell_about(w, sk, kind, ok, error, bytes, len, NULL, 0);
}

void ms_watch_dgram_locked(ms_world *w, ms_socket *sk, ms_watch_kind kind, int error, const void *bytes, size_t len,
                           const SOCKADDR_STORAGE *peer, int issued_same) {
    static const SOCKADDR_STORAGE none;
    tell_about(w, sk, kind, !error, error, bytes, len, peer ? peer : &none, issued_same);
}

void ms_watch_ioctl_locked(ms_world *w, ms_socket *sk, DWORD code, const void *in, DWORD cbin, const void *out,
                           const ms_ioctl_result *r) {
    if (!watch.fn || watch.w != w || r->deferred) return;
    bool ok = MS_NT_SUCCESS(r->status);
    int e = ok ? 0 : ms_status_to_wsa(ms_net_views(w), r->status);
    if (code == SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS)
        tell(w, sk, MS_WATCH_SET_RECORDS, ok, e, in, in && ms_probe_read(in, cbin) ? cbin : 0);
    else if (ok && r->info)
        tell(w, sk, code == SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS ? MS_WATCH_QUERY_RECORDS : MS_WATCH_QUERY_CONTEXT,
             1, 0, out, r->info);
}

void ms_watch_connect_locked(ms_world *w, ms_socket *sk, int error) {
    bool ok = (!error || error == WSAEWOULDBLOCK) && (sk->state == SK_CONNECTED || sk->state == SK_CONNECTING);
    tell(w, sk, MS_WATCH_CONNECT, ok, ok ? 0 : error ? error : sk->connect_error, NULL, 0);
}

void ms_watch_close_locked(ms_world *w, ms_socket *sk) { tell(w, sk, MS_WATCH_CLOSE, 1, 0, NULL, 0); }
