/*
 * chain_topology.c: the named topologies and the vendors that make them up.  A vendor is one
 * callout (wt_add_callout: weight, trust) plus its TCP and UDP proxies on one loopback port:
 * the sample ones, or a vendor's service (--proxy) for TCP, and for UDP when it relays UDP.
 *
 * Why these weights and trusts: a connection reaches a second proxy only when the second
 * vendor's callout classifies the first proxy's outbound connect as REDIRECTED_BY_OTHER and
 * does not trust that result (A78); the heavier vendor always sees the client's connect
 * first.  On the sim transport the runner polls every proxy in turn; on the os transport
 * each vendor's proxies run on their own thread, as a real service would.
 */
#include "chain_internal.h"

#include <string.h>

static const px_chain_topology topologies[] = {
    {"single",
     "client -> callout A -> proxy A -> server: one vendor, which may be a vendor's own driver (--callout) "
     "and service (--proxy); the server listens where the driver redirects",
     {{'A', 300, 0}},
     1,
     "A",
     PX_CHAIN_MODE_TCP},
    {"a-b",
     "client -> callout A -> proxy A -> callout B (distrusts A) -> proxy B -> server",
     {{'A', 300, 1}, {'B', 200, 0}},
     2,
     "AB",
     PX_CHAIN_MODE_TCP},
    {"a-b-a",
     "A and B both distrust others; on proxy B's connect A sees PREVIOUSLY_REDIRECTED_BY_SELF "
     "and must not redirect again: the server sees every flow once (A77)",
     {{'A', 300, 0}, {'B', 200, 0}},
     2,
     "AB",
     PX_CHAIN_MODE_TCP},
    {"three",
     "three vendors in a row: A -> B -> C -> server",
     {{'A', 400, 1}, {'B', 300, 0}, {'C', 200, 0}},
     3,
     "ABC",
     PX_CHAIN_MODE_TCP},
    {"udp",
     "a-b for UDP: records on the first datagram only, forwarded with WSASendMsg",
     {{'A', 300, 1}, {'B', 200, 0}},
     2,
     "AB",
     PX_CHAIN_MODE_UDP},
    {"mixed", "a-b with TCP and UDP flows interleaved", {{'A', 300, 1}, {'B', 200, 0}}, 2, "AB", PX_CHAIN_MODE_MIXED},
    {"distrust",
     "A redirects; B trusts A's result and permits; C does not (trust_others=0) and re-proxies "
     "the REDIRECTED_BY_OTHER flow: A -> C (A78)",
     {{'A', 300, 0}, {'B', 200, 1}, {'C', 100, 0}},
     3,
     "AC",
     PX_CHAIN_MODE_TCP},
    {"direct",
     "no callouts: clients reach the server directly (the bench's baseline)",
     {{0, 0, 0}},
     0,
     "",
     PX_CHAIN_MODE_TCP},
};
#define NTOPO ((int)(sizeof topologies / sizeof topologies[0]))

int px_chain_topology_count(void) { return NTOPO; }
const char *px_chain_topology_name(int i) { return i >= 0 && i < NTOPO ? topologies[i].name : NULL; }
const char *px_chain_topology_doc(int i) { return i >= 0 && i < NTOPO ? topologies[i].doc : NULL; }

const px_chain_topology *px_chain_find_topology(const char *name) {
    for (int i = 0; name && i < NTOPO; i++)
        if (strcmp(topologies[i].name, name) == 0) return &topologies[i];
    return NULL;
}

int px_chain_vendor_udp(void) {
    const px_vendor_module *m = px_vendor_module_in_use();
    return m && (m->protocols & WFPCERT_PROXY_UDP);
}

void px_chain_describe_proxies(const px_chain_topology *topo, char *buf, size_t n) {
    const px_vendor_module *m = px_vendor_module_in_use();
    char tcp[160] = "";
    buf[0] = 0;
    if (!m || !topo->nv) return;
    if (topo->mode != PX_CHAIN_MODE_UDP)
        snprintf(tcp, sizeof tcp, "TCP %s%s", m->name, topo->mode == PX_CHAIN_MODE_TCP ? "" : ", ");
    if (topo->mode == PX_CHAIN_MODE_TCP)
        snprintf(buf, n, "proxies: %s", tcp);
    else if (px_chain_vendor_udp())
        snprintf(buf, n, "proxies: %sUDP %s", tcp, m->name);
    else
        snprintf(buf, n, "proxies: %sUDP the sample UDP proxy (%s does not say it relays UDP: wfpcert_proxy_protocols)",
                 tcp, m->name);
}

static unsigned long long monotonic_ms(void) { return wsys_monotonic_ms(); }

/* os transport: the vendor's service loop.  Short timeouts because one thread serves two
 * completion ports (TCP and UDP) and must also notice new connections and the stop flag. */
static void vendor_loop(void *arg) {
    px_chain_vendor *v = arg;
    wt_process_assign_thread(v->st->t, v->pid); /* this thread is the vendor's service */
    while (!v->st->stop_threads && !v->stopped) {
        int n = 0;
        if (v->tcp) n += px_tcp_poll(v->tcp, v->udp ? 1 : 2);
        if (v->vp) n += px_vendor_poll(v->vp, v->udp ? 1 : 2);
        if (v->udp) {
            n += px_udp_poll(v->udp, n ? 0 : 1);
            px_udp_expire(v->udp, monotonic_ms());
        }
    }
}

static void proxy_configs(px_chain_state *st, int i, px_tcp_config *tc, px_udp_config *uc) {
    const px_chain_options *o = st->o;
    px_chain_vendor *v = &st->v[i];
    memset(tc, 0, sizeof *tc);
    tc->vendor = v->vendor;
    tc->port = v->port;
    tc->families = o->families;
    tc->relay_buf = (ULONG)o->relay_buf;
    tc->tamper = o->tamper_vendor == v->vendor ? o->tamper : PX_TAMPER_NONE;
    tc->observer = px_chain_observe;
    tc->observer_ctx = st;
    memset(uc, 0, sizeof *uc);
    uc->vendor = tc->vendor;
    uc->port = tc->port;
    uc->families = tc->families;
    uc->tamper = tc->tamper;
    uc->observer = px_chain_observe;
    uc->observer_ctx = st;
}

int px_chain_vendors_start(px_chain_state *st, char *err, size_t errlen) {
    const px_chain_topology *topo = st->topo;
    st->nv = topo->nv;
    for (int i = 0; i < topo->nv; i++) {
        const px_chain_vendor_def *d = &topo->defs[i];
        px_chain_vendor *v = &st->v[i];
        v->st = st;
        v->vendor = d->vendor;
        const wt_model_driver *drv = wt_model_driver_in_use();
        v->port = (USHORT)(PX_CHAIN_PROXY_PORT_BASE + i);
        /* Each vendor's proxies are a process of their own, as two vendors' services are: a
         * callout that exempts its own proxy's PID must still see the other vendor's proxy.
         * The first vendor's is the target's own proxy process (the PID a driver names). */
        v->pid = wt_process_id(st->t, WT_PROCESS_SELF);
        char image[64];
        snprintf(image, sizeof image, "C:\\Program Files\\Vendor%c\\proxy.exe", d->vendor);
        if (i > 0 && wt_process_create(st->t, image, 1, &v->pid)) {
            snprintf(err, errlen, "vendor %c's process: %s", d->vendor, wt_error());
            return -1;
        }
        wt_callout_policy p;
        wt_callout_policy_init(&p, d->vendor, v->port);
        p.target_pid = v->pid;
        p.weight = d->weight;
        p.trust_others = d->trust_others;
        p.match_port = px_chain_server_port();
        p.match_proto = 0;
        p.pend = st->o->pend_vendor == d->vendor;
        if (drv && i == 0) { /* --callout: the first vendor is the driver, whose configuration wt_add_callout checks */
            p.with_context = drv->context;
            p.context_size = (ULONG)drv->context_size;
        }
        if (wt_add_callout(st->t, &p)) {
            snprintf(err, errlen, "callout %c: %s", d->vendor, wt_error());
            return -1;
        }
        if (drv && wt_model_driver_vendor(st->t) == d->vendor) v->port = drv->proxy_port; /* where it redirects */
        px_tcp_config tc;
        px_udp_config uc;
        proxy_configs(st, i, &tc, &uc);
        int e = 0;
        wt_process_assign_thread(st->t, v->pid); /* its listeners are its process's */
        /* --proxy: the vendor's own service is this vendor's TCP proxy, and its UDP proxy when
         * it relays UDP; whatever it does not relay, the sample proxy does. */
        int want = (topo->mode != PX_CHAIN_MODE_UDP ? WFPCERT_PROXY_TCP : 0) |
                   (topo->mode != PX_CHAIN_MODE_TCP && px_chain_vendor_udp() ? WFPCERT_PROXY_UDP : 0);
        if (want && px_vendor_module_in_use()) {
            px_vendor_config vc = {tc.vendor,       tc.port,        tc.families, tc.relay_buf, tc.observer,
                                   tc.observer_ctx, px_chain_stamp, want,        v->pid};
            e = px_vendor_start(st->t, &vc, &v->vp);
        } else if (topo->mode != PX_CHAIN_MODE_UDP) {
            e = px_tcp_start(&tc, &v->tcp);
        }
        if (!e && topo->mode != PX_CHAIN_MODE_TCP && !(want & WFPCERT_PROXY_UDP)) e = px_udp_start(&uc, &v->udp);
        wt_process_assign_thread(st->t, 0);
        if (e) {
            const px_vendor_module *m = px_vendor_module_in_use();
            snprintf(err, errlen, "proxy %c%s%s%s on port %u failed to start: %d", d->vendor, m ? " (" : "",
                     m ? m->name : "", m ? ")" : "", v->port, e);
            return -1;
        }
    }
    if (st->o->transport != PX_CHAIN_OS) return 0;
    for (int i = 0; i < st->nv; i++) {
        if (wsys_thread_start(&st->v[i].thread, vendor_loop, &st->v[i])) {
            snprintf(err, errlen, "cannot start proxy thread %c", st->v[i].vendor);
            return -1;
        }
        st->v[i].threaded = 1;
    }
    return 0;
}

void px_chain_vendor_stop(px_chain_vendor *v) {
    v->stopped = 1;
    if (v->threaded) wsys_thread_join(&v->thread);
    v->threaded = 0;
    px_tcp_stop(v->tcp);
    px_vendor_stop(v->vp);
    px_udp_stop(v->udp);
    v->vp = NULL;
    v->tcp = NULL;
    v->udp = NULL;
}

void px_chain_vendors_stop(px_chain_state *st) {
    st->stop_threads = 1;
    for (int i = 0; i < st->nv; i++) px_chain_vendor_stop(&st->v[i]);
}

int px_chain_vendors_poll(px_chain_state *st) {
    int n = 0;
    for (int i = 0; i < st->nv; i++) {
        px_chain_vendor *v = &st->v[i];
        wt_process_assign_thread(st->t, v->pid); /* what its proxies create is its process's */
        if (v->tcp) n += px_tcp_poll(v->tcp, 0);
        if (v->vp) n += px_vendor_poll(v->vp, 0);
        if (v->udp) {
            n += px_udp_poll(v->udp, 0);
            n += px_udp_expire(v->udp, st->now_ms);
        }
    }
    wt_process_assign_thread(st->t, 0);
    return n;
}
