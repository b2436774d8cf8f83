/*
 * chain_cli.c: `wfpcert chain`, the command-line face of the chain runner (chain.h).
 *
 * Prints every flow's path as a table and exits 0 only when every flow ended with the
 * expected fate (ok unless --expect says otherwise, which is how the failure scenarios are
 * tested: "the server is down, so every flow must be refused").  Bad flags: a message naming
 * the flag, exit 2.
 */
#include "chain.h"
#include "commands.h"
#include "vendor_proxy.h" /* --proxy: wfpcert loads the module (tools/wfpcert/proxy.c) */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
    fprintf(out, "usage: wfpcert chain [options]\n"
                 "  --topology NAME        one of the topologies below (default a-b)\n"
                 "  --transport sim|os     sim: deterministic in-memory (default); os: real loopback sockets\n"
                 "  --flows N              concurrent flows (default 8)\n"
                 "  --bytes N              client->server bytes per TCP flow; k, M, G suffixes (default 4096)\n"
                 "  --reply-bytes N        server->client bytes (default bytes/2+1)\n"
                 "  --datagrams N          datagrams per UDP flow (default 4)\n"
                 "  --family 4|6|both      address families of the flows (default both, alternating)\n"
                 "  --relay-buf N          proxies' receive size (small values force short reads)\n"
                 "  --chunk N              clients' and server's write size (default 4096)\n"
                 "  --max-hops N           a flow through more proxies has looped (default 8)\n"
                 "  --tamper V:MODE        vendor V's proxies edit|truncate|forge the records they hand on\n"
                 "  --pend V               vendor V's callout pends its classifies (completed each round)\n"
                 "  --pend-never V         ... and they are never completed\n"
                 "  --server-down          no server listens\n"
                 "  --stop-proxy V@T       stop vendor V's proxies at round T (sim) or T ms (os)\n"
                 "  --client-abort T       clients close abruptly at round T (sim) or T ms (os)\n"
                 "  --fault NAME           switch on a model fault (repeatable; wfpcert list faults)\n"
                 "  --profile NAME         the target's profile (windows, docs-table, docs-lpcb, wine)\n"
                 "  --expect FATE          exit 0 only if every flow ends so (default ok)\n"
                 "  --quiet                print only the summary and the flows that failed\n"
                 "  --html FILE            also write the report as one self-contained HTML page, with a\n"
                 "                         diagram of every flow's path hop by hop\n"
                 "  --proxy MODULE|NAME    every vendor's TCP proxy is a vendor's redirect service built with\n"
                 "                         wfpcert_add_proxy() (docs/VENDOR-DRIVER.md), and its UDP proxy when the\n"
                 "                         module relays UDP (wfpcert_proxy_protocols), else the sample UDP proxy\n"
                 "fates: ok refused looped opacity set-failed wrong-path truncated pending reset duplicate error\n"
                 "topologies:\n");
    for (int i = 0; i < px_chain_topology_count(); i++)
        fprintf(out, "  %-9s %s\n", px_chain_topology_name(i), px_chain_topology_doc(i));
}

static int known_topology(const char *name) {
    for (int i = 0; i < px_chain_topology_count(); i++)
        if (!strcmp(px_chain_topology_name(i), name)) return 1;
    return 0;
}

static int bad(const char *flag, const char *why) {
    fprintf(stderr, "wfpcert chain: %s: %s (see --help)\n", flag, why);
    return 2;
}

static int number(const char *s, unsigned long long max, unsigned long long *out) {
    char *end;
    errno = 0;
    if (!s || *s < '0' || *s > '9') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long mul = *end == 'k' ? 1024ull : *end == 'M' ? 1ull << 20 : *end == 'G' ? 1ull << 30 : 1;
    if (mul > 1) end++;
    if (errno || *end || v > max / mul) return -1;
    *out = v * mul;
    return 0;
}

static int vendor_arg(const char *s, char *vendor) {
    if (!s || s[0] < 'A' || s[0] > 'C') return -1;
    *vendor = s[0];
    return 0;
}

/* One flag (and its value); returns 0, or the exit code of a bad flag. */
/* What the command line asks besides the scenario itself. */
typedef struct cli_extra {
    px_chain_fate expect;
    int quiet;
    const char *html;
} cli_extra;

static int parse_one(px_chain_options *o, const char *flag, const char *val, int *used, cli_extra *x) {
    unsigned long long n;
    *used = 1;
    if (!strcmp(flag, "--topology")) {
        if (!val || !known_topology(val)) return bad(flag, "unknown topology");
        o->topology = val;
    } else if (!strcmp(flag, "--transport")) {
        if (!val || (strcmp(val, "sim") && strcmp(val, "os"))) return bad(flag, "sim or os");
        o->transport = val[0] == 'o' ? PX_CHAIN_OS : PX_CHAIN_SIM;
    } else if (!strcmp(flag, "--flows")) {
        if (number(val, 100000, &n) || !n) return bad(flag, "a number 1..100000");
        o->flows = (int)n;
    } else if (!strcmp(flag, "--bytes") || !strcmp(flag, "--reply-bytes")) {
        if (number(val, 1ull << 40, &n)) return bad(flag, "a byte count (k, M, G suffixes)");
        *(flag[2] == 'b' ? &o->bytes : &o->reply_bytes) = n;
    } else if (!strcmp(flag, "--datagrams")) {
        if (number(val, 1000000, &n) || !n) return bad(flag, "a number 1..1000000");
        o->datagrams = (int)n;
    } else if (!strcmp(flag, "--family")) {
        if (!val || (strcmp(val, "4") && strcmp(val, "6") && strcmp(val, "both"))) return bad(flag, "4, 6 or both");
        o->families = val[0] == '4' ? 1 : val[0] == '6' ? 2 : 3;
    } else if (!strcmp(flag, "--relay-buf") || !strcmp(flag, "--chunk")) {
        if (number(val, 1u << 24, &n) || !n) return bad(flag, "a size 1..16M");
        *(flag[2] == 'r' ? &o->relay_buf : &o->chunk) = (unsigned long)n;
    } else if (!strcmp(flag, "--max-hops")) {
        if (number(val, PX_CHAIN_MAX_HOPS - 1, &n) || !n) return bad(flag, "a number 1..11");
        o->max_hops = (int)n;
    } else if (!strcmp(flag, "--tamper")) {
        if (vendor_arg(val, &o->tamper_vendor) || val[1] != ':' || px_tamper_parse(val + 2, &o->tamper))
            return bad(flag, "V:edit|truncate|forge with V in A..C");
    } else if (!strcmp(flag, "--pend") || !strcmp(flag, "--pend-never")) {
        if (vendor_arg(val, &o->pend_vendor) || val[1]) return bad(flag, "a vendor A..C");
        o->pend_never = flag[6] == '-';
    } else if (!strcmp(flag, "--stop-proxy")) {
        if (vendor_arg(val, &o->stop_vendor) || val[1] != '@' || number(val + 2, 1u << 30, &n))
            return bad(flag, "V@T with V in A..C and T a round or millisecond count");
        o->stop_after = (int)n;
    } else if (!strcmp(flag, "--client-abort")) {
        if (number(val, 1u << 30, &n) || !n) return bad(flag, "a round or millisecond count");
        o->client_abort = (int)n;
    } else if (!strcmp(flag, "--fault")) {
        if (!val || o->nfaults == PX_CHAIN_MAX_FAULTS) return bad(flag, "a fault name (at most 8)");
        o->faults[o->nfaults++] = val;
    } else if (!strcmp(flag, "--profile")) {
        if (!val) return bad(flag, "a profile name");
        o->profile = val;
    } else if (!strcmp(flag, "--expect")) {
        if (!val || px_chain_fate_parse(val, &x->expect)) return bad(flag, "a fate name");
    } else if (!strcmp(flag, "--html")) {
        if (!val || !*val) return bad(flag, "a file name");
        x->html = val;
    } else {
        *used = 0;
        if (!strcmp(flag, "--server-down"))
            o->server_down = 1;
        else if (!strcmp(flag, "--quiet"))
            x->quiet = 1;
        else
            return bad(flag, "unknown flag");
        return 0;
    }
    return val ? 0 : bad(flag, "needs a value");
}

/* The target verifier's findings: the first few lines say what kind; a loop repeats one line. */
static void print_findings(const px_chain_report *r) {
    printf("target findings (%d):\n", r->nfindings);
    const char *p = r->findings ? r->findings : "";
    for (int line = 0; *p && line < 5; line++) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        printf("  %.*s\n", len, p);
        p += len + (nl != NULL);
    }
    if (*p) printf("  ...\n");
}

/* Writes the HTML report; 0, or 1 with a message. */
static int write_html(const char *path, const px_chain_report *r, const px_chain_options *o) {
    FILE *f = fopen(path, "w");
    int rc = f ? px_chain_write_html(r, o, f) : -1;
    if (f && fclose(f)) rc = -1;
    if (rc) fprintf(stderr, "wfpcert chain: --html %s: cannot write the report\n", path);
    return rc ? 1 : 0;
}

int wf_chain_main(int argc, char **argv) {
    px_chain_options o;
    px_chain_options_init(&o);
    cli_extra x = {PX_CHAIN_OK, 0, NULL};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        int used = 0, rc = parse_one(&o, argv[i], i + 1 < argc ? argv[i + 1] : NULL, &used, &x);
        if (rc) return rc;
        i += used;
    }
    if (o.tamper_vendor && px_vendor_module_in_use()) {
        /* the suite cannot make a vendor's service tamper: its tampering shows with a build
         * that has the bug (examples/vendor-proxy: example-proxy-stale) */
        fprintf(stderr,
                "wfpcert chain: --tamper: the proxies are %s (--proxy), which the suite cannot make tamper; "
                "build it with the bug instead\n",
                px_vendor_module_in_use()->name);
        return 2;
    }
    px_chain_fate expect = x.expect;
    px_chain_report r;
    char err[256];
    int ran = px_chain_run(&o, &r, err, sizeof err);
    if (ran) {
        fprintf(stderr, "wfpcert chain: %s\n", err);
        px_chain_report_free(&r);
        return ran == PX_CHAIN_RUN_TOO_MANY ? 2 : ran == PX_CHAIN_RUN_NO_RESOURCES ? 3 : 1;
    }
    int mismatched = 0;
    for (int i = 0; i < r.nflows; i++) mismatched += r.flows[i].fate != expect;
    if (!x.quiet) {
        px_chain_print(&r, stdout);
    } else if (mismatched) {
        px_chain_report q = r; /* only the flows that did not end as expected */
        px_chain_flow_result *keep = malloc((size_t)mismatched * sizeof *keep);
        q.nflows = 0;
        for (int i = 0; keep && i < r.nflows; i++)
            if (r.flows[i].fate != expect) keep[q.nflows++] = r.flows[i];
        q.flows = keep;
        if (keep) px_chain_print(&q, stdout);
        free(keep);
    }
    printf("topology %s, transport %s: %d flows, expected path %s, %.3f s, %llu bytes relayed end to end\n", o.topology,
           o.transport == PX_CHAIN_OS ? "os" : "sim", r.nflows, r.expected_path[0] ? r.expected_path : "(direct)",
           r.seconds, r.bytes);
    if (r.proxies[0]) printf("%s\n", r.proxies);
    for (int f = 0; f < PX_CHAIN_FATE_COUNT; f++)
        if (r.fate_count[f]) printf("  %-10s %d\n", px_chain_fate_name((px_chain_fate)f), r.fate_count[f]);
    if (r.nfindings) print_findings(&r);
    printf("%s: %d of %d flows ended as expected (%s)\n", mismatched ? "FAIL" : "PASS", r.nflows - mismatched, r.nflows,
           px_chain_fate_name(expect));
    int html_rc = x.html ? write_html(x.html, &r, &o) : 0;
    px_chain_report_free(&r);
    return mismatched || html_rc ? 1 : 0;
}
