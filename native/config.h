/*
 * config.h: the vendor configuration of the native target (`--target native:FILE`).
 *
 * The native target cannot load a callout driver the way the model does: the vendor's own
 * driver is installed on the machine and redirects what it was built to redirect.  This file
 * tells the suite what that is, so that it can produce redirected connections:
 *
 *   vendor             = Contoso NetShield 4.2     # free text, copied into the report
 *   redirect_address   = 192.0.2.10                # the suite connects here ...
 *   redirect_address6  = 2001:db8::10              # (optional) ... and here for IPv6 cases
 *   redirect_port      = 443                       # ... on this port,
 *   redirect_protocols = tcp, udp                  # with these protocols;
 *   proxy_port         = 50000                     # the callout sends it to loopback:this
 *   proxy_address      = 127.0.0.1                 # (optional) the proxy's IPv4 address
 *   proxy_address6     = ::1                       # (optional) the proxy's IPv6 address
 *   context            = yes                       # the callout sets localRedirectContext
 *   context_size       = 256                       # (optional) its size in bytes
 *   timeout_ms         = 5000                      # (optional) wait for a redirect this long
 *   pid_file           = C:\wfpcert\proxy.pid      # (optional) the suite writes its PID here
 *   driver             = netshield.sys             # (optional) the callout driver ...
 *   driver_version     = 4.2.0.1187                # (optional) ... its file version ...
 *   driver_file        = C:\Windows\System32\drivers\netshield.sys  # (optional) ... hashed
 *
 * One `key = value` per line; blank lines are ignored.  '#' starts a comment at the start of a
 * line or after white space, so `pid_file = C:\temp\#1\proxy.pid` keeps its '#'.  yes/no values
 * are case-insensitive.  The file is UTF-8 (with or without a byte-order mark) or UTF-16 with
 * one.  Every error names the file and the line, and every error in the file is reported.
 * Portable C (no Winsock, no Windows headers), so the parser is tested on Linux as well.
 */
#ifndef WFPCERT_NATIVE_CONFIG_H
#define WFPCERT_NATIVE_CONFIG_H

#include <stddef.h>

typedef struct nt_config {
    char path[512];
    char vendor[128];
    int has_redirect4, has_redirect6;
    unsigned char redirect4[4], redirect6[16]; /* network order */
    unsigned short redirect_port; /* host order */
    int tcp, udp; /* redirect_protocols */
    unsigned short proxy_port;
    unsigned char proxy4[4], proxy6[16];
    int context; /* 1: the callout attaches a redirect context */
    unsigned long context_size; /* 0: not stated */
    unsigned long timeout_ms;
    char pid_file[512];
    /* For the report and the submission bundle only (the run does not load the driver):
     * its name, version and the path of its .sys, whose SHA-256 the run records. */
    char driver[128], driver_version[64], driver_file[512];
} nt_config;

/* Reads and checks FILE.  0, or -1 with one "FILE:LINE: what is wrong" (or "FILE: ...") line per
 * error in err, separated by '\n' (as many as fit in cap). */
int nt_config_load(nt_config *c, const char *path, char *err, size_t cap);

/* The same on text already in memory; path only names it in messages. */
int nt_config_parse(nt_config *c, const char *path, const char *text, char *err, size_t cap);

/* Literal IPv4 ("192.0.2.1") and IPv6 ("2001:db8::1", "::ffff:1.2.3.4") addresses; 0 or -1. */
int nt_parse_ipv4(const char *s, unsigned char out[4]);
int nt_parse_ipv6(const char *s, unsigned char out[16]);

#endif /* WFPCERT_NATIVE_CONFIG_H */
