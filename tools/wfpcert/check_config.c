/*
 * check_config.c: `wfpcert check-config FILE`, the preflight of a vendor configuration
 * (native/config.h).  A vendor writes the file on Windows but may prepare and review it
 * anywhere; checking it must not need the machine, the driver or an elevated shell, so this
 * runs the portable parser alone and lists every error with its line before any run is tried.
 */
#include "commands.h"
#include "config.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f) {
    fputs("usage: wfpcert check-config FILE\n\n"
          "Checks a vendor configuration for `--target native:FILE` (docs/CERTIFICATION.md) without\n"
          "running anything: every key, every value, every error with its line number.  The file is\n"
          "UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.\n\n"
          "Exit status: 0 the file is valid (a summary is printed); 2 it is not, or cannot be read.\n",
          f);
}

static void address(char *buf, size_t cap, const unsigned char *a, int v6) {
    if (!v6) {
        snprintf(buf, cap, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        return;
    }
    size_t o = 0; /* full form, no "::" shortening: this is for reading back, not for beauty */
    for (int i = 0; i < 16 && o < cap; i += 2)
        o += (size_t)snprintf(buf + o, cap - o, "%s%x", i ? ":" : "", (unsigned)(a[i] << 8 | a[i + 1]));
}

int wf_check_config_main(int argc, char **argv) {
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "wfpcert check-config: %s: unknown option (see --help)\n", argv[i]);
            return 2;
        }
        if (path) {
            fprintf(stderr, "wfpcert check-config: %s: one configuration file at a time (already given: %s)\n", argv[i],
                    path);
            return 2;
        }
        path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "wfpcert check-config: name the configuration file (see --help)\n");
        return 2;
    }
    nt_config c;
    char err[8192];
    if (nt_config_load(&c, path, err, sizeof err) != 0) {
        /* one error per line, each already "FILE:LINE: ..." */
        for (const char *p = err; *p;) {
            size_t n = strcspn(p, "\n");
            fprintf(stderr, "wfpcert check-config: %.*s\n", (int)n, p);
            p += n + (p[n] == '\n');
        }
        return 2;
    }
    char a[64];
    printf("%s: valid\n", path);
    printf("  vendor      %s\n", c.vendor);
    if (c.has_redirect4) {
        address(a, sizeof a, c.redirect4, 0);
        printf("  redirect    %s port %u\n", a, c.redirect_port);
    }
    if (c.has_redirect6) {
        address(a, sizeof a, c.redirect6, 1);
        printf("  redirect6   %s port %u\n", a, c.redirect_port);
    }
    printf("  protocols   %s%s%s\n", c.tcp ? "tcp" : "", c.tcp && c.udp ? ", " : "", c.udp ? "udp" : "");
    address(a, sizeof a, c.proxy4, 0);
    printf("  proxy       %s port %u", a, c.proxy_port);
    address(a, sizeof a, c.proxy6, 1);
    printf(" (IPv6 %s)\n", a);
    printf("  context     %s", c.context ? "yes" : "no");
    if (c.context_size) printf(", %lu bytes", c.context_size);
    printf("\n  timeout     %lu ms\n", c.timeout_ms);
    if (c.pid_file[0]) printf("  pid_file    %s\n", c.pid_file);
    if (c.driver[0] || c.driver_version[0] || c.driver_file[0])
        printf("  driver      %s %s %s\n", c.driver, c.driver_version, c.driver_file);
    return 0;
}
