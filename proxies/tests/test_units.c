/*
 * test_units.c: checks of the proxies themselves that a chain run cannot show, read from
 * their stats: which too-small convention the records query met under each profile (sized
 * retry or the 8192 fallback, never more than one retry), a callout without a context (the
 * configured destination is used; without one the flow fails cleanly), and UDP idle expiry
 * (after it, a datagram without records is dropped, A61), and the escaping of the HTML report.
 */
#include "chain.h"
#include "proxies_tests.h"
#include "tcp_proxy.h"
#include "udp_proxy.h"
#include "wfpcert/target.h"
#include "wfpcert/testkit.h"
#include "wfpcert/target_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PORT 50001

static void server_addr(SOCKADDR_STORAGE *a) {
    memset(a, 0, sizeof *a);
    a->ss_family = AF_INET;
    inet_pton(AF_INET, "198.51.100.7", &((struct sockaddr_in *)a)->sin_addr);
    ((struct sockaddr_in *)a)->sin_port = htons(80);
}

static wt_target *world(const char *profile, int with_context) {
    wt_target *t = NULL;
    if (wt_open("model", &t)) return NULL;
    if (profile) wt_set_profile(t, profile);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', PORT);
    p.with_context = with_context;
    wt_add_callout(t, &p);
    return t;
}

/* One redirected TCP connection through a proxy; returns 1 when the server accepted it. */
static int one_tcp_flow(px_tcp_proxy *p, SOCKET server) {
    SOCKADDR_STORAGE dst;
    server_addr(&dst);
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int ok = connect(c, (struct sockaddr *)&dst, px_addr_len(&dst)) == 0;
    for (int i = 0; i < 4; i++) px_tcp_poll(p, 0);
    SOCKET a = ok ? accept(server, NULL, NULL) : INVALID_SOCKET;
    closesocket(c);
    if (a != INVALID_SOCKET) closesocket(a);
    for (int i = 0; i < 4; i++) px_tcp_poll(p, 0);
    return a != INVALID_SOCKET;
}

static SOCKET tcp_server(void) {
    SOCKADDR_STORAGE a;
    server_addr(&a);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long nb = 1;
    bind(s, (struct sockaddr *)&a, px_addr_len(&a));
    listen(s, SOMAXCONN);
    ioctlsocket(s, FIONBIO, &nb);
    return s;
}

static void query_conventions(void) {
    static const struct {
        const char *profile;
        int sized, fallback;
    } cases[] = {
        {"windows", 2, 0}, /* WSAEFAULT with the size (afd): one sized retry per blob */
        {"docs-table", 2, 0}, /* ERROR_INSUFFICIENT_BUFFER with the size */
        {"docs-lpcb", 0, 2}, /* WSAEINVAL, size 0: the 8192-byte fallback */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wt_target *t = world(cases[i].profile, 1);
        px_tcp_config c = {.vendor = 'A', .port = PORT, .families = PX_TCP_V4};
        px_tcp_proxy *p = NULL;
        EXPECT_MSG(t && px_tcp_start(&c, &p) == 0, "%s: set-up", cases[i].profile);
        if (!p) {
            wt_close(t);
            continue;
        }
        SOCKET server = tcp_server();
        EXPECT_MSG(one_tcp_flow(p, server), "%s: the flow did not reach the server", cases[i].profile);
        px_tcp_stats s;
        px_tcp_get_stats(p, &s);
        EXPECT_MSG(s.query_retries == (unsigned long)cases[i].sized &&
                       s.query_fallbacks == (unsigned long)cases[i].fallback,
                   "%s: retries %lu, fallbacks %lu", cases[i].profile, s.query_retries, s.query_fallbacks);
        EXPECT_MSG(s.no_context == 0 && s.completed == 1, "%s: no_context %lu completed %lu", cases[i].profile,
                   s.no_context, s.completed);
        closesocket(server);
        px_tcp_stop(p);
        wt_close(t);
    }
}

static void missing_context(void) {
    for (int fallback = 0; fallback < 2; fallback++) {
        wt_target *t = world(NULL, 0);
        px_tcp_config c = {.vendor = 'A', .port = PORT, .families = PX_TCP_V4};
        if (fallback) server_addr(&c.fallback_dst);
        px_tcp_proxy *p = NULL;
        EXPECT_MSG(t && px_tcp_start(&c, &p) == 0, "set-up");
        if (!p) {
            wt_close(t);
            continue;
        }
        SOCKET server = tcp_server();
        int reached = one_tcp_flow(p, server);
        px_tcp_stats s;
        px_tcp_get_stats(p, &s);
        EXPECT_MSG(s.no_context == 1, "no_context %lu", s.no_context);
        EXPECT_MSG(reached == fallback, "fallback %d: reached %d", fallback, reached);
        EXPECT_MSG(fallback ? s.completed == 1 : s.failed == 1, "completed %lu failed %lu", s.completed, s.failed);
        closesocket(server);
        px_tcp_stop(p);
        wt_close(t);
    }
}

static void udp_idle_expiry(void) {
    wt_target *t = world(NULL, 1);
    px_udp_config c = {.vendor = 'A', .port = PORT, .families = 1, .idle_ms = 100};
    px_udp_proxy *p = NULL;
    EXPECT_MSG(t && px_udp_start(&c, &p) == 0, "set-up");
    if (!p) {
        wt_close(t);
        return;
    }
    SOCKADDR_STORAGE dst;
    server_addr(&dst);
    SOCKET server = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    bind(server, (struct sockaddr *)&dst, px_addr_len(&dst));
    SOCKET cl = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    char d[8] = "first", got[16];
    sendto(cl, d, sizeof d, 0, (struct sockaddr *)&dst, px_addr_len(&dst));
    px_udp_expire(p, 10);
    px_udp_poll(p, 0);
    EXPECT_MSG(recv(server, got, sizeof got, 0) == (int)sizeof d, "the first datagram did not arrive");
    px_udp_expire(p, 200); /* idle for longer than 100 ms */
    px_udp_poll(p, 0);
    sendto(cl, d, sizeof d, 0, (struct sockaddr *)&dst, px_addr_len(&dst));
    px_udp_poll(p, 0);
    px_udp_stats s;
    px_udp_get_stats(p, &s);
    EXPECT_MSG(s.flows == 1 && s.expired == 1 && s.no_records == 1, "flows %lu expired %lu no_records %lu", s.flows,
               s.expired, s.no_records);
    closesocket(cl);
    closesocket(server);
    px_udp_stop(p);
    wt_close(t);
}

/* The HTML report escapes everything that came from the run: a detail or a finding is free
 * text, and the topology name is whatever the caller passed. */
static void html_escaping(void) {
    static const char hostile[] = "<script>alert(\"x&y\")</script>'";
    px_chain_flow_result f[2];
    memset(f, 0, sizeof f);
    f[1].index = 1;
    f[1].fate = PX_CHAIN_ERROR;
    snprintf(f[1].detail, sizeof f[1].detail, "%s", hostile);
    f[1].nhops = 1;
    f[1].hops[0].vendor = 'A';
    f[1].hops[0].error = 10054;
    snprintf(f[1].hops[0].what, sizeof f[1].hops[0].what, "<&>");
    char findings[] = "a & b <c>\x01";
    px_chain_report r;
    memset(&r, 0, sizeof r);
    r.flows = f;
    r.nflows = 2;
    r.failed = 1;
    r.findings = findings;
    r.nfindings = 1;
    px_chain_options o;
    memset(&o, 0, sizeof o);
    o.topology = "<b>a-b</b>";
    o.tamper_vendor = 'A';
    o.tamper = PX_TAMPER_EDIT;
    o.faults[0] = "x<y";
    o.nfaults = 1;
    FILE *out = tmpfile();
    EXPECT_MSG(out && px_chain_write_html(&r, &o, out) == 0, "writing the page");
    if (!out) return;
    long n = ftell(out);
    rewind(out);
    char *page = n > 0 ? calloc(1, (size_t)n + 1) : NULL;
    size_t got = page ? fread(page, 1, (size_t)n, out) : 0;
    fclose(out);
    EXPECT_MSG(page && got == (size_t)n, "reading the page back");
    if (!page) return;
    char why[160];
    EXPECT_MSG(px_html_check(page, why, sizeof why) == 0, "%s", why);
    EXPECT_MSG(!strstr(page, "<script") && !strstr(page, "<b>") && !strstr(page, "<&>") && !strstr(page, "\x01"),
               "unescaped text in the page");
    EXPECT_MSG(strstr(page, "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;") != NULL,
               "the detail is not escaped as expected");
    EXPECT_MSG(strstr(page, "<th>tamper</th><td>A:edit<") && strstr(page, "<th>faults</th><td>x&lt;y<"),
               "the page does not record --tamper and --fault");
    free(page);
}

int px_unit_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    query_conventions();
    missing_context();
    udp_idle_expiry();
    html_escaping();
    printf("%s (%d failures)\n", testkit_failures ? "FAIL" : "PASS", testkit_failures);
    return testkit_failures != 0;
}
