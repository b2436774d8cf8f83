/*
 * native_smoke.c: the native target's own contract, checked on whatever Win32 runs it (a
 * Windows machine, or wine in CI): opening with and without a configuration, the clear
 * errors, the "windows"-only profile, no knobs or faults, the generic scenarios that need no
 * callout, the WT_EUNSUPPORTED reasons of those that do, and the invalid-memory regions.
 * It does not judge the WFP IOCTLs themselves: that is the conformance catalogue's job.
 */
#include "wfpcert/target.h"
#include "wfpcert/testkit.h"

/* EXPECT with what the target said last. */
#define EXPECT_WT(cond) EXPECT_MSG(cond, "wt_error: %s", wt_error())
#include "wfpcert/target_model.h"

#include <stdio.h>
#include <string.h>

static DWORD protection(const void *p) {
    MEMORY_BASIC_INFORMATION mi;
    if (!VirtualQuery(p, &mi, sizeof mi)) return 0;
    return mi.State == MEM_COMMIT ? mi.Protect : mi.State;
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void opening(void) {
    wt_target *t = NULL;
    EXPECT_WT(wt_open("model", &t) == WT_EUNSUPPORTED && strstr(wt_error(), "native"));
    EXPECT_WT(wt_open("nativex", &t) == WT_EINVAL);
    EXPECT_WT(wt_open("native:", &t) == WT_EINVAL);
    EXPECT_WT(wt_open("native:no-such-file.conf", &t) == WT_EINVAL && strstr(wt_error(), "no-such-file.conf"));
    write_file("smoke-bad.conf", "vendor = V\nredirect_port = 99999\n");
    EXPECT_WT(wt_open("native:smoke-bad.conf", &t) == WT_EINVAL && strstr(wt_error(), "smoke-bad.conf:2:"));
    remove("smoke-bad.conf");
}

static void without_config(void) {
    wt_target *t = NULL;
    EXPECT_WT(wt_open("native", &t) == WT_OK && t);
    if (!t) return;
    EXPECT_WT(strcmp(wt_kind(t), "native") == 0);
    EXPECT_WT(wt_set_profile(t, "windows") == WT_OK);
    EXPECT_WT(wt_set_profile(t, "wine") == WT_EUNSUPPORTED);
    EXPECT_WT(wt_set_knob(t, "too_small", "afd") == WT_EUNSUPPORTED);
    EXPECT_WT(wt_set_fault(t, "records_change", 1) == WT_EUNSUPPORTED && strstr(wt_error(), "records_change"));
    EXPECT_WT(wt_profile_count() == 1 && strcmp(wt_profile_name(0), "windows") == 0);
    EXPECT_WT(wt_knob_count() == 0 && wt_fault_count() == 0);

    wt_tcp_flow f;
    EXPECT_WT(wt_tcp_redirected(t, AF_INET, 0, &f) == WT_EUNSUPPORTED && strstr(wt_error(), "native:FILE"));
    EXPECT_WT(f.client == INVALID_SOCKET && f.accepted == INVALID_SOCKET);
    wt_udp_flow u;
    EXPECT_WT(wt_udp_redirected(t, AF_INET, 0, &u) == WT_EUNSUPPORTED);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50000);
    EXPECT_WT(wt_add_callout(t, &p) == WT_EUNSUPPORTED);

    EXPECT_WT(wt_tcp_plain(t, AF_INET, &f) == WT_OK);
    if (f.client != INVALID_SOCKET && f.accepted != INVALID_SOCKET) {
        char c = 0;
        EXPECT_WT(send(f.client, "x", 1, 0) == 1 && recv(f.accepted, &c, 1, 0) == 1 && c == 'x');
        DWORD got = 0xDEADBEEF;
        char out[64];
        int r =
            WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, sizeof out, &got, NULL, NULL);
        printf("SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS on a plain connection: %d, error %d\n", r,
               r ? WSAGetLastError() : 0);
        EXPECT_WT(r == SOCKET_ERROR); /* never redirected (A41): whatever the code, not success */
    }
    SOCKET ns = wt_not_a_socket(t);
    EXPECT_WT(ns != INVALID_SOCKET);
    DWORD got = 0; /* the stack's answer is the catalogue's business (A39); here it must only fail */
    int nr = WSAIoctl(ns, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, NULL, 0, &got, NULL, NULL);
    printf("the same on wt_not_a_socket: %d, error %d\n", nr, nr ? WSAGetLastError() : 0);
    EXPECT_WT(nr == SOCKET_ERROR);

    char *g = wt_guarded_buffer(t, 100);
    EXPECT_WT(g != NULL);
    if (g) {
        g[0] = g[99] = 1;
        EXPECT_WT(protection(g) == PAGE_READWRITE && protection(g + 100) == PAGE_NOACCESS);
    }
    void *ro = wt_readonly_page(t), *un = wt_unmapped_address(t);
    EXPECT_WT(ro && protection(ro) == PAGE_READONLY);
    EXPECT_WT(un && protection(un) == MEM_RESERVE);

    WSPPROC_TABLE tab;
    int r = wt_wsp_table(t, &tab);
    printf("wt_wsp_table: %d%s%s\n", r, r ? ": " : "", r ? wt_error() : "");
    EXPECT_WT(r == WT_OK || (r == WT_EUNSUPPORTED && *wt_error()));

    ULONG len = 1;
    EXPECT_WT(wt_issued_records(t, f.accepted, NULL, 0, &len) == WT_EUNSUPPORTED && len == 0);
    char fb[8] = "x";
    EXPECT_WT(wt_findings(t, fb, sizeof fb) == 0 && fb[0] == 0);
    EXPECT_WT(wt_pump(t) == 0);
    wt_close(t);
}

static void with_config(void) {
    write_file("smoke.conf", "vendor = Smoke\nredirect_address = 192.0.2.10\nredirect_port = 443\n"
                             "proxy_port = 50123\ncontext = yes\ntimeout_ms = 300\n");
    wt_target *t = NULL;
    EXPECT_WT(wt_open("native:smoke.conf", &t) == WT_OK);
    if (t) {
        wt_tcp_flow f;
        wt_udp_flow u;
        /* IPv6 and UDP are not in the file: unsupported, with the key to add. */
        EXPECT_WT(wt_tcp_redirected(t, AF_INET6, 0, &f) == WT_EUNSUPPORTED && strstr(wt_error(), "redirect_address6"));
        EXPECT_WT(wt_udp_redirected(t, AF_INET, 0, &u) == WT_EUNSUPPORTED && strstr(wt_error(), "redirect_protocols"));
        wt_callout_policy p;
        wt_callout_policy_init(&p, 'A', 50123);
        p.with_context = 0;
        EXPECT_WT(wt_add_callout(t, &p) == WT_EUNSUPPORTED && strstr(wt_error(), "context"));
        p.with_context = 1;
        EXPECT_WT(wt_add_callout(t, &p) == WT_OK);
        p.vendor = 'B';
        EXPECT_WT(wt_add_callout(t, &p) == WT_EUNSUPPORTED);
        /* No callout redirects 192.0.2.10 here: a stack error that says so, not a hang. */
        int r = wt_tcp_redirected(t, AF_INET, 0, &f);
        printf("wt_tcp_redirected without a callout: %d: %s\n", r, wt_error());
        EXPECT_WT(r == WT_ESTACK && strstr(wt_error(), "Smoke"));
        wt_close(t);
    }
    remove("smoke.conf");
}

int main(void) {
    opening();
    without_config();
    with_config();
    if (testkit_failures)
        fprintf(stderr, "%d check(s) failed\n", testkit_failures);
    else
        printf("native smoke: all checks passed\n");
    return testkit_failures != 0;
}
