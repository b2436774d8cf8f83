/*
 * chain.c: runs one chained-proxy scenario (chain.h) and prints its table.
 *
 * The loop: clients and server take a step, then (sim) every proxy polls its completion
 * ports once and the world's deferred work is pumped; pended classifies are completed unless
 * the scenario says never.  On the sim transport time is the round number, so a run is the
 * same every time; on the os transport the proxies run on their own threads and time is the
 * wall clock.  The run ends when every client is done, when nothing moved for a while (a flow
 * that can never finish: a pended classify, a dead proxy), or when a loop runs away.
 */
#include "chain_internal.h"

#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <sys/resource.h> /* the descriptor limit the os transport runs into */
#endif

#define SIM_IDLE_ROUNDS 64
#define OS_IDLE_MS 3000
#define OS_SETTLE_MS 1000
#define OS_WAIT_MS 2 /* the longest idle wait for a change (the timed events' resolution) */

static const char *const fate_names[PX_CHAIN_FATE_COUNT] = {"ok",         "refused",    "looped",    "opacity",
                                                            "set-failed", "wrong-path", "truncated", "pending",
                                                            "reset",      "duplicate",  "error"};

const char *px_chain_fate_name(px_chain_fate f) { return (unsigned)f < PX_CHAIN_FATE_COUNT ? fate_names[f] : "?"; }

int px_chain_fate_parse(const char *s, px_chain_fate *out) {
    for (int i = 0; i < PX_CHAIN_FATE_COUNT; i++)
        if (strcmp(s, fate_names[i]) == 0) {
            *out = (px_chain_fate)i;
            return 0;
        }
    return -1;
}

void px_chain_options_init(px_chain_options *o) {
    memset(o, 0, sizeof *o);
    o->topology = "a-b";
    o->transport = PX_CHAIN_SIM;
    o->flows = 8;
    o->bytes = 4096;
    o->reply_bytes = ~0ull; /* "not given": bytes / 2 + 1 */
    o->datagrams = 4;
    o->families = 3;
    o->chunk = 4096;
    o->max_hops = 8;
}

static unsigned long long wall_ms(void) { return wsys_monotonic_ms(); }

static void nap(void) { wsys_sleep_us(200); /* 0.2 ms: the os transport's proxies run meanwhile */ }

/* os transport, nothing moved: sleep until the model changes (a readable or writable edge of
 * any socket, a connect, a close), at most timeout_ms, in place of a fixed nap that left the
 * relay's pipeline to drain while the runner slept.  The bound covers what no change announces
 * (timed events); pended classifies, which only this loop completes, keep the short nap. */
static void idle_wait(px_chain_state *st, unsigned long long *seen, unsigned timeout_ms) {
    if ((st->o->pend_vendor && !st->o->pend_never) || wt_wait_change(st->t, seen, timeout_ms) < 0) nap();
}

static int configure(px_chain_state *st, const px_chain_options *o, char *err, size_t errlen) {
    if (o->profile && wt_set_profile(st->t, o->profile)) {
        snprintf(err, errlen, "%s", wt_error());
        return -1;
    }
    for (int i = 0; i < o->nfaults; i++)
        if (wt_set_fault(st->t, o->faults[i], 1)) {
            snprintf(err, errlen, "%s", wt_error());
            return -1;
        }
    if (o->transport == PX_CHAIN_OS && (wt_set_knob(st->t, "clock", "real") || wt_set_knob(st->t, "transport", "os"))) {
        snprintf(err, errlen, "os transport: %s", wt_error());
        return -1;
    }
    return 0;
}

/* Events the scenario asks for at a point in (round or wall) time. */
static void timed_events(px_chain_state *st, unsigned long long now, int *stopped, int *aborted) {
    const px_chain_options *o = st->o;
    if (o->stop_vendor && !*stopped && now >= (unsigned long long)o->stop_after) {
        for (int i = 0; i < st->nv; i++)
            if (st->v[i].vendor == o->stop_vendor) px_chain_vendor_stop(&st->v[i]);
        *stopped = 1;
    }
    if (o->client_abort && !*aborted && now >= (unsigned long long)o->client_abort) {
        px_chain_clients_abort(st);
        *aborted = 1;
    }
}

/* A vendor's service in a redirect loop (it handed nothing on, so its own datagram or
 * connection came back to it) opens hops without end, and unlike the sample proxies it cannot
 * be refused at the hop limit: the run stops once there are more hops than any path allows,
 * and the fates say "looped". */
static int runaway(px_chain_state *st) {
    wsys_mutex_lock(&st->mu);
    int n = st->nhops;
    wsys_mutex_unlock(&st->mu);
    return n > st->o->flows * (st->o->max_hops + 2);
}

static void drive(px_chain_state *st) {
    const px_chain_options *o = st->o;
    int sim = o->transport == PX_CHAIN_SIM, stopped = 0, aborted = 0, idle = 0;
    unsigned long long start = wall_ms(), last_move = start, seen = 0;
    for (unsigned long long round = 0;; round++) {
        unsigned long long now = sim ? round : wall_ms() - start;
        st->now_ms = now;
        int n = px_chain_clients_step(st) + px_chain_server_step(st);
        if (sim) n += px_chain_vendors_poll(st) + wt_pump(st->t);
        if (o->pend_vendor && !o->pend_never) n += wt_complete_pended(st->t);
        timed_events(st, now, &stopped, &aborted);
        if (px_chain_clients_finished(st)) break;
        if (px_vendor_module_in_use() && runaway(st)) return;
        if (n) {
            idle = 0;
            last_move = wall_ms();
        } else if (sim ? ++idle > SIM_IDLE_ROUNDS : wall_ms() - last_move > OS_IDLE_MS) {
            return; /* nothing can move any more: the fates will say what is stuck */
        }
        if (!sim && !n) idle_wait(st, &seen, OS_WAIT_MS);
    }
    /* Every client is done; let the proxies see the last closes before they are stopped. */
    if (sim) {
        for (int k = 0; k < SIM_IDLE_ROUNDS && px_chain_vendors_poll(st) + px_chain_server_step(st); k++) {
        }
        return;
    }
    for (unsigned long long until = wall_ms() + OS_SETTLE_MS; wall_ms() < until;) {
        int open = 0;
        wsys_mutex_lock(&st->mu);
        for (int i = 0; i < st->nhops; i++) open += st->hops[i].proto == IPPROTO_TCP && !st->hops[i].closed;
        wsys_mutex_unlock(&st->mu);
        px_chain_server_step(st);
        if (!open) break;
        idle_wait(st, &seen, 1); /* a proxy reports its close just after the close wakes us */
    }
}

static int check_options(px_chain_options *o, const px_chain_topology **topo, char *err, size_t errlen) {
    *topo = px_chain_find_topology(o->topology);
    if (!*topo) return snprintf(err, errlen, "unknown topology '%s'", o->topology ? o->topology : "(null)"), -1;
    if (o->flows < 1 || o->flows > 100000) return snprintf(err, errlen, "--flows must be 1..100000"), -1;
    if (o->chunk < 1 || o->chunk > (1u << 24)) return snprintf(err, errlen, "--chunk must be 1..16777216"), -1;
    if (o->max_hops < 1 || o->max_hops >= PX_CHAIN_MAX_HOPS)
        return snprintf(err, errlen, "--max-hops must be 1..%d", PX_CHAIN_MAX_HOPS - 1), -1;
    if (o->datagrams < 1) return snprintf(err, errlen, "--datagrams must be at least 1"), -1;
    if (o->families < 1 || o->families > 3) return snprintf(err, errlen, "families must be 1, 2 or 3"), -1;
    if (o->reply_bytes == ~0ull) o->reply_bytes = o->bytes / 2 + 1;
    return 0;
}

/* What N flows take, checked before anything starts: a run past a limit used to start anyway
 * and end in refused connects, reused addresses and false wrong-path or looped verdicts.
 * Every flow is open at once (the clients all connect first), so each needs, per address
 * family: an ephemeral port of the model's host for its client and for each proxy's upstream
 * socket (49152-65535, as Windows' default dynamic range: 16,384); on os, a descriptor for
 * every one of its model sockets (TCP: both ends of each leg). */
#define PX_CHAIN_EPHEMERAL_PORTS 16384
#define PX_CHAIN_FD_SPARE 64 /* listeners, the poller, stdio */

static int check_resources(const px_chain_options *o, const px_chain_topology *topo, char *err, size_t errlen) {
    long proxies = (long)strlen(topo->path);
    long per_family = o->families == 3 ? (o->flows + 1) / 2 : o->flows;
    long ports = per_family * (1 + proxies);
    if (ports > PX_CHAIN_EPHEMERAL_PORTS - PX_CHAIN_FD_SPARE) {
        snprintf(err, errlen,
                 "resources: %d flows through %s need %ld ephemeral ports per address family of the model's host, "
                 "which has %d; use fewer flows, or --family both to spread them over two families",
                 o->flows, topo->name, ports, PX_CHAIN_EPHEMERAL_PORTS);
        return PX_CHAIN_RUN_TOO_MANY;
    }
#ifdef _WIN32
    (void)o;
    return 0; /* Windows: no os transport, and no per-process descriptor limit of this kind */
#else
    if (o->transport != PX_CHAIN_OS) return 0;
    long fds = (long)o->flows * (topo->mode == PX_CHAIN_MODE_UDP ? 1 + proxies : 2 * (1 + proxies)) + PX_CHAIN_FD_SPARE;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl)) return 0;
    if ((rlim_t)fds > rl.rlim_cur && rl.rlim_cur < rl.rlim_max) { /* as far as this process may */
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || (rlim_t)fds < rl.rlim_max ? (rlim_t)fds : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)fds > rl.rlim_cur) {
        snprintf(err, errlen,
                 "resources: %d flows through %s on the os transport need about %ld file descriptors; this process "
                 "may have %llu (ulimit -n; hard limit %llu)",
                 o->flows, topo->name, fds, (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
        return PX_CHAIN_RUN_NO_RESOURCES;
    }
    return 0;
#endif
}

int px_chain_max_flows(const px_chain_options *opts) {
    px_chain_options o = *opts;
    const px_chain_topology *topo;
    char err[256];
    if (check_options(&o, &topo, err, sizeof err)) return 0;
    int lo = 0, hi = 100000; /* the largest count check_resources lets through */
    while (lo < hi) {
        o.flows = lo + (hi - lo + 1) / 2;
        if (check_resources(&o, topo, err, sizeof err))
            hi = o.flows - 1;
        else
            lo = o.flows;
    }
    return lo;
}

int px_chain_run(const px_chain_options *opts, px_chain_report *r, char *err, size_t errlen) {
    memset(r, 0, sizeof *r);
    px_chain_options o = *opts;
    const px_chain_topology *topo;
    if (check_options(&o, &topo, err, errlen)) return -1;
    int limit = check_resources(&o, topo, err, errlen);
    if (limit) return limit;
    px_chain_state st;
    memset(&st, 0, sizeof st);
    st.o = &o;
    st.topo = topo;
    wsys_mutex_init(&st.mu);
    st.scratch = malloc(65536);
    st.gen = malloc(o.chunk > 65536 ? o.chunk : 65536);
    r->flows = calloc((size_t)o.flows, sizeof *r->flows);
    r->nflows = o.flows;
    snprintf(r->expected_path, sizeof r->expected_path, "%s", topo->path);
    px_chain_describe_proxies(topo, r->proxies, sizeof r->proxies);
    int rc = -1;
    unsigned long long t0 = wall_ms();
    if (!st.scratch || !st.gen || !r->flows) {
        snprintf(err, errlen, "out of memory");
    } else if (wt_open("model", &st.t)) {
        snprintf(err, errlen, "wt_open: %s", wt_error());
    } else if (!configure(&st, &o, err, errlen) && !px_chain_vendors_start(&st, err, errlen) &&
               !px_chain_server_open(&st, err, errlen) && !px_chain_clients_start(&st, err, errlen)) {
        drive(&st);
        rc = 0;
    }
    px_chain_vendors_stop(&st); /* every flow still open is reported CLOSED here */
    if (rc == 0) {
        px_chain_assemble(&st, r);
        r->seconds = (double)(wall_ms() - t0) / 1000.0;
        char buf[4096];
        r->nfindings = wt_findings(st.t, buf, sizeof buf);
        if (r->nfindings && (r->findings = malloc(strlen(buf) + 1))) strcpy(r->findings, buf);
    }
    px_chain_endpoints_close(&st);
    wt_close(st.t);
    px_chain_track_free(&st);
    free(st.hops);
    free(st.scratch);
    free(st.gen);
    wsys_mutex_destroy(&st.mu);
    return rc;
}

void px_chain_report_free(px_chain_report *r) {
    free(r->flows);
    free(r->findings);
    memset(r, 0, sizeof *r);
}

static void print_path(const px_chain_flow_result *f, FILE *out) {
    for (int k = 0; k < f->nhops; k++) {
        const px_chain_hop *h = &f->hops[k];
        /* ! = read bytes the stack did not issue; ~ = handed on other bytes; ? = not checkable */
        const char *mark = h->opaque == 0 ? "!" : h->handed_on_same == 0 ? "~" : h->opaque < 0 ? "?" : "";
        fprintf(out, "%s%c:%u/%luB%s", k ? " > " : "", h->vendor, h->port, h->records_len, mark);
    }
    fprintf(out, "%s%s", f->nhops ? " > " : "", f->arrivals ? "server" : "-");
}

void px_chain_print(const px_chain_report *r, FILE *out) {
    fprintf(out, "%5s %-5s %-3s %-10s %s\n", "flow", "proto", "fam", "fate", "path (vendor:proxy port/records size)");
    for (int i = 0; i < r->nflows; i++) {
        const px_chain_flow_result *f = &r->flows[i];
        fprintf(out, "%5d %-5s %-3s %-10s ", f->index, f->proto == IPPROTO_UDP ? "udp" : "tcp",
                f->family == AF_INET6 ? "v6" : "v4", px_chain_fate_name(f->fate));
        print_path(f, out);
        if (f->fate != PX_CHAIN_OK) fprintf(out, "  [%s]", f->detail);
        fputc('\n', out);
    }
}
