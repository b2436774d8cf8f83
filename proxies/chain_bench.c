/*
 * chain_bench.c: `wfpcert bench chain`: figures, not a test.  In one run: relay throughput
 * of one flow through the two-proxy chain (a-b) beside the same flow straight to the server
 * (direct), and flow set-ups per second through the chain (connect, two redirects, two
 * records queries and SETs, a 16-byte exchange each way, close).  Every run is a chain
 * scenario, so the checksums are checked as well; a figure from a failed run is refused.
 */
#include "chain.h"

#include <stdlib.h>
#include <string.h>

int wf_bench_chain_main(int argc, char **argv);

static int measure(const ch_options *base, const char *topology, int flows, unsigned long long bytes,
                   double *seconds, unsigned long long *relayed) {
    ch_options o = *base;
    o.topology = topology;
    o.flows = flows;
    o.bytes = bytes;
    o.reply_bytes = bytes > 16 ? 16 : bytes;
    o.families = 1;
    o.quiet = 1;
    ch_report r;
    char err[256];
    if (ch_run(&o, &r, err, sizeof err)) {
        fprintf(stderr, "bench chain: %s: %s\n", topology, err);
        return -1;
    }
    int failed = r.failed;
    *seconds = r.seconds;
    *relayed = r.bytes;
    if (failed) {
        fprintf(stderr, "bench chain: %s: %d of %d flows failed; no figure\n", topology, failed, r.nflows);
        ch_print(&r, stderr);
    }
    ch_report_free(&r);
    return failed ? -1 : 0;
}

static int parse(int argc, char **argv, ch_options *o, unsigned long long *bytes, int *setups) {
    for (int i = 1; i < argc; i += 2) { /* every flag takes a value */
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(argv[i], "--transport") && v && (!strcmp(v, "os") || !strcmp(v, "sim"))) {
            o->transport = v[0] == 'o' ? CH_OS : CH_SIM;
        } else if (!strcmp(argv[i], "--bytes") && v) {
            unsigned long long n = strtoull(v, &end, 10);
            *bytes = n << (*end == 'G' ? 30 : *end == 'M' ? 20 : *end == 'k' ? 10 : 0);
        } else if (!strcmp(argv[i], "--flows") && v) {
            *setups = (int)strtol(v, &end, 10);
        } else if (!strcmp(argv[i], "--chunk") && v) {
            o->chunk = strtoul(v, &end, 10);
        } else if (!strcmp(argv[i], "--relay-buf") && v) {
            o->relay_buf = strtoul(v, &end, 10);
        } else {
            fprintf(stderr, "usage: wfpcert bench chain [--transport os|sim] [--bytes N[k|M|G]] [--flows N] [--chunk N] [--relay-buf N]\n");
            return 2;
        }
        if (end && *end && !strchr("kMG", *end)) return fprintf(stderr, "bench chain: bad number '%s'\n", v), 2;
    }
    return *bytes && *setups > 0 && o->chunk ? 0 : (fprintf(stderr, "bench chain: sizes must be positive\n"), 2);
}

int wf_bench_chain_main(int argc, char **argv) {
    ch_options o;
    ch_options_init(&o);
    o.transport = CH_OS;
    o.chunk = 64 * 1024;
    o.relay_buf = 64 * 1024; /* the proxies' receive size: per-completion costs dominate below it */
    unsigned long long bytes = 256ull << 20, relayed;
    int setups = 500;
    int rc = parse(argc, argv, &o, &bytes, &setups);
    if (rc) return rc;
    double direct, chain, setup;
    if (measure(&o, "direct", 1, bytes, &direct, &relayed) || measure(&o, "a-b", 1, bytes, &chain, &relayed) ||
        measure(&o, "a-b", setups, 16, &setup, &relayed))
        return 1;
    double mib = (double)bytes / (1 << 20);
    printf("bench chain (transport %s, %llu bytes one way, chunk %lu, proxy receive size %lu)\n",
           o.transport == CH_OS ? "os" : "sim", bytes, o.chunk, o.relay_buf);
    printf("  direct             %10.1f MiB/s  (%.3f s)\n", mib / direct, direct);
    printf("  two-proxy chain    %10.1f MiB/s  (%.3f s)  %.0f%% of direct\n", mib / chain, chain,
           100.0 * direct / chain);
    printf("  flow set-ups       %10.0f /s     (%d flows through a-b in %.3f s)\n", setups / setup, setups, setup);
    return 0;
}
