/*
 * chain_html.c: `wfpcert chain --html FILE`: the run as one self-contained page.  A summary
 * (topology, transport, fates, the target's findings) and, per flow, an inline SVG of its path
 * hop by hop: client -> each proxy (vendor, port, records and context sizes, opacity) ->
 * server, with the flow's fate and, when it failed, why.
 *
 * Why these rules: the page is read from CI artefacts and mailed around, so it fetches
 * nothing (no scripts, no links, no images: the style and the drawings are inline), and it is
 * also well-formed XML (every element closed, every attribute quoted), so a plain XML parser
 * can check it.  Every text that came from the run (details, findings, the topology name) is
 * escaped: a detail is free text and may hold anything.
 */
#include "chain.h"
#include "writer.h" /* reports/ */

#include <string.h>

#define NODE_W 132
#define NODE_H 46
#define GAP 56
#define PAD 8
#define SVG_H (NODE_H + 2 * PAD + 18)

/* Text for element content and attribute values alike, through the reports' one escaping layer
 * (entities for the five XML specials; control bytes and invalid UTF-8 become U+FFFD). */
static void esc(FILE *out, const char *s) { wr_escape(out, WR_MARKUP, s); }

/* ! read bytes the stack did not issue; ~ handed on other bytes; ? not checkable (UDP). */
static const char *hop_mark(const px_chain_hop *h) {
    return h->opaque == 0 ? "!" : h->handed_on_same == 0 ? "~" : h->opaque < 0 ? "?" : "";
}

static const char *hop_class(const px_chain_hop *h) {
    return h->opaque == 0 || h->handed_on_same == 0 ? "bad" : h->error ? "warn" : "proxy";
}

static void node(FILE *out, int i, const char *cls, const char *line1, const char *line2, const char *line3) {
    int x = PAD + i * (NODE_W + GAP);
    fprintf(out, "<g class=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>", cls, x, PAD, NODE_W,
            NODE_H);
    const char *lines[3] = {line1, line2, line3};
    for (int k = 0; k < 3; k++) {
        if (!lines[k] || !*lines[k]) continue;
        fprintf(out, "<text x=\"%d\" y=\"%d\"%s>", x + NODE_W / 2, PAD + 14 + 13 * k, k ? "" : " class=\"name\"");
        esc(out, lines[k]);
        fputs("</text>", out);
    }
    fputs("</g>", out);
}

/* The arrow from node i to node i + 1; a path that stops before the server ends in a cross. */
static void arrow(FILE *out, int i, int reached) {
    int x1 = PAD + i * (NODE_W + GAP) + NODE_W, x2 = x1 + GAP - 4, y = PAD + NODE_H / 2;
    fprintf(out, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", reached ? "hop" : "cut", x1, y, x2, y);
    if (reached)
        fprintf(out, "<polygon class=\"head\" points=\"%d,%d %d,%d %d,%d\"/>", x2 + 4, y, x2 - 4, y - 5, x2 - 4, y + 5);
    else
        fprintf(out, "<text class=\"cross\" x=\"%d\" y=\"%d\">x</text>", x2, y + 5);
}

static void flow_svg(FILE *out, const px_chain_flow_result *f) {
    int nodes = f->nhops + 2; /* client, the proxies, server */
    int width = 2 * PAD + nodes * NODE_W + (nodes - 1) * GAP;
    fprintf(out,
            "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            "role=\"img\" aria-label=\"flow %d path\">",
            width, SVG_H, width, SVG_H, f->index);
    char l2[64], l3[64];
    snprintf(l2, sizeof l2, "%s %s", f->proto == IPPROTO_UDP ? "udp" : "tcp", f->family == AF_INET6 ? "v6" : "v4");
    snprintf(l3, sizeof l3, "sent %llu B", f->sent);
    node(out, 0, "end", "client", l2, l3);
    for (int k = 0; k < f->nhops; k++) {
        const px_chain_hop *h = &f->hops[k];
        char name[48];
        snprintf(name, sizeof name, "proxy %c :%u%s", h->vendor ? h->vendor : '?', h->port, hop_mark(h));
        snprintf(l2, sizeof l2, "records %lu B", h->records_len);
        snprintf(l3, sizeof l3, "context %lu B%s%s", h->context_len, h->error ? ", " : "", h->error ? h->what : "");
        arrow(out, k, 1);
        node(out, k + 1, hop_class(h), name, l2, l3);
    }
    arrow(out, nodes - 2, f->arrivals > 0);
    snprintf(l2, sizeof l2, "got %llu B", f->at_server);
    l3[0] = 0;
    if (f->arrivals > 1) snprintf(l3, sizeof l3, "seen %d times", f->arrivals);
    node(out, nodes - 1, f->arrivals ? "end" : "missing", f->arrivals ? "server" : "server (not reached)", l2, l3);
    fprintf(out,
            "<text class=\"caption\" x=\"%d\" y=\"%d\">reply %llu of %llu B back to the "
            "client</text>",
            PAD, SVG_H - 6, f->reply_got, f->reply_sent);
    fputs("</svg>", out);
}

static const char *const style =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
    ".flow{margin:0.8em 0;padding:0.4em 0.6em;border-left:4px solid #2a7}.flow.failed{border-color:#c33}"
    ".fate{font-weight:bold}.failed .fate{color:#c33}pre{background:#f4f4f4;padding:0.5em;overflow:auto}"
    "svg text{font:11px sans-serif;text-anchor:middle;fill:#222}svg text.name{font-weight:bold}"
    "svg .end rect{fill:#e8eef8;stroke:#579}svg .proxy rect{fill:#eaf6ee;stroke:#2a7}"
    "svg .warn rect{fill:#fff6e0;stroke:#c90}svg .bad rect{fill:#fde8e8;stroke:#c33}"
    "svg .missing rect{fill:#f4f4f4;stroke:#999;stroke-dasharray:4 3}"
    "svg line.hop{stroke:#555;stroke-width:2}svg line.cut{stroke:#c33;stroke-width:2;stroke-dasharray:4 3}"
    "svg .head{fill:#555}svg text.cross{fill:#c33;font-weight:bold}svg text.caption{fill:#666;text-anchor:start}";

/* What the run was asked to break, so a page read later says why flows failed. */
static void settings_rows(const px_chain_options *o, FILE *out) {
    fputs("<tr><th>profile</th><td>", out);
    esc(out, o->profile ? o->profile : "windows");
    fputs("</td></tr>\n<tr><th>tamper</th><td>", out);
    if (o->tamper_vendor) {
        fprintf(out, "%c:", o->tamper_vendor);
        esc(out, px_tamper_name(o->tamper));
    } else {
        fputs("none", out);
    }
    fputs("</td></tr>\n<tr><th>faults</th><td>", out);
    for (int i = 0; i < o->nfaults; i++) {
        if (i) fputs(", ", out);
        esc(out, o->faults[i]);
    }
    if (!o->nfaults) fputs("none", out);
    fputs("</td></tr>\n", out);
}

int px_chain_write_html(const px_chain_report *r, const px_chain_options *o, FILE *out) {
    const char *topology = o->topology, *transport = o->transport == PX_CHAIN_OS ? "os" : "sim";
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\"/>\n<title>wfpcert chain: ",
          out);
    esc(out, topology);
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>wfpcert chain: ", style);
    esc(out, topology);
    fputs("</h1>\n<table id=\"summary\">\n<tr><th>transport</th><td>", out);
    esc(out, transport);
    fputs("</td></tr>\n", out);
    settings_rows(o, out);
    fputs("<tr><th>expected path</th><td>client", out);
    for (const char *v = r->expected_path; *v; v++) fprintf(out, " &#8594; %c", *v);
    fprintf(out,
            " &#8594; server</td></tr>\n<tr><th>flows</th><td>%d (%d failed)</td></tr>\n"
            "<tr><th>time</th><td>%.3f s</td></tr>\n<tr><th>relayed end to end</th><td>%llu bytes</td></tr>\n",
            r->nflows, r->failed, r->seconds, r->bytes);
    for (int f = 0; f < PX_CHAIN_FATE_COUNT; f++)
        if (r->fate_count[f])
            fprintf(out, "<tr><th>fate %s</th><td>%d</td></tr>\n", px_chain_fate_name((px_chain_fate)f),
                    r->fate_count[f]);
    fputs("</table>\n<p>Marks after a proxy's port: ! it read records the stack did not issue; ~ it handed on other "
          "bytes than it read; ? not checkable (UDP).</p>\n",
          out);
    if (r->nfindings) {
        fprintf(out, "<h2>Target findings (%d)</h2>\n<pre>", r->nfindings);
        esc(out, r->findings);
        fputs("</pre>\n", out);
    }
    fputs("<h2>Flows</h2>\n", out);
    for (int i = 0; i < r->nflows; i++) {
        const px_chain_flow_result *f = &r->flows[i];
        fprintf(out, "<div class=\"flow%s\" id=\"flow-%d\"><p>flow %d: <span class=\"fate\">%s</span>",
                f->fate == PX_CHAIN_OK ? "" : " failed", f->index, f->index, px_chain_fate_name(f->fate));
        if (f->fate != PX_CHAIN_OK) {
            fputs(" &#8212; ", out);
            esc(out, f->detail);
        }
        fputs("</p>\n", out);
        flow_svg(out, f);
        fputs("</div>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    return ferror(out) ? -1 : 0;
}
