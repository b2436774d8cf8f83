/*
 * preflight.c: the checks a native run makes once, before its first case, so that a machine
 * that cannot run the certification says why in one line instead of failing every case.
 * A vendor runs this on a Windows test machine where the usual mistakes are an unelevated
 * prompt (the elevation clause then only has half its evidence), their own proxy service still
 * holding the proxy port (every redirected connection then reaches it, not wfpcert), and a
 * reports folder that cannot be written (checked by reports/folder.c before this).
 *
 * The model needs none of it: elsewhere, and for the model target, this does nothing.  The
 * Winsock part includes no case.h (its declarations stand in for Winsock's on Linux).
 */
#include "preflight.h"
#include "config.h"
#include "sysinfo.h"

#include <string.h>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>

/* Binds the proxy endpoint the way the case processes will listen on it, then lets it go.
 * 0, or the Winsock error. */
static int try_bind(int family, int type, const unsigned char *addr, unsigned short port) {
    SOCKET s = socket(family, type, 0);
    if (s == INVALID_SOCKET) return WSAGetLastError();
    BOOL on = TRUE; /* as the cases do: no sharing with a service that holds the port */
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on);
    union {
        struct sockaddr sa;
        struct sockaddr_in v4;
        struct sockaddr_in6 v6;
    } a;
    memset(&a, 0, sizeof a);
    if (family == AF_INET)
        a.v4.sin_family = AF_INET, a.v4.sin_port = htons(port), memcpy(&a.v4.sin_addr, addr, 4);
    else
        a.v6.sin6_family = AF_INET6, a.v6.sin6_port = htons(port), memcpy(&a.v6.sin6_addr, addr, 16);
    int rc = bind(s, &a.sa, family == AF_INET ? (int)sizeof a.v4 : (int)sizeof a.v6);
    int e = rc == 0 ? 0 : WSAGetLastError();
    closesocket(s);
    return e;
}

static int port_free(const nt_config *c, FILE *err) {
    WSADATA wd;
    if (WSAStartup(MAKEWORD(2, 2), &wd) != 0) {
        fprintf(err, "%s: preflight: Winsock did not start (WSAStartup)\n", wc_cmd_name());
        return 3;
    }
    struct {
        int family, type;
        const unsigned char *addr;
        const char *what;
        int wanted;
    } ends[] = {
        {AF_INET, SOCK_STREAM, c->proxy4, "TCP on proxy_address", c->tcp && c->has_redirect4},
        {AF_INET, SOCK_DGRAM, c->proxy4, "UDP on proxy_address", c->udp && c->has_redirect4},
        {AF_INET6, SOCK_STREAM, c->proxy6, "TCP on proxy_address6", c->tcp && c->has_redirect6},
        {AF_INET6, SOCK_DGRAM, c->proxy6, "UDP on proxy_address6", c->udp && c->has_redirect6},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0] && !rc; i++) {
        if (!ends[i].wanted) continue;
        int e = try_bind(ends[i].family, ends[i].type, ends[i].addr, c->proxy_port);
        if (e == WSAEADDRINUSE || e == WSAEACCES) {
            fprintf(err,
                    "%s: preflight: %s: proxy_port %u (%s) is %s; stop the program holding it (your own proxy "
                    "service) before the run, since the redirected connections must reach wfpcert\n",
                    wc_cmd_name(), c->path, (unsigned)c->proxy_port, ends[i].what,
                    e == WSAEADDRINUSE ? "in use by another program" : "reserved or refused to this user");
            rc = 3;
        } else if (e) {
            fprintf(err, "%s: preflight: %s: cannot listen on proxy_port %u (%s): Winsock error %d\n", wc_cmd_name(),
                    c->path, (unsigned)c->proxy_port, ends[i].what, e);
            rc = 3;
        }
    }
    WSACleanup();
    return rc;
}
#endif

int wc_preflight(const wc_settings *s, FILE *out, FILE *err) {
    if (strncmp(s->target, "native", 6) != 0) return 0; /* the model: nothing on the host to check */
#if defined(_WIN32)
    int elevated = wc_host_elevated();
    if (elevated == 0)
        fprintf(out,
                "%s: preflight: not elevated: the run checks what an unelevated caller gets (A54); for the "
                "certification run it once more from an elevated prompt (docs/CERTIFICATION.md, section 3)\n",
                wc_cmd_name());
    else if (elevated < 0)
        fprintf(out, "%s: preflight: cannot tell whether this prompt is elevated\n", wc_cmd_name());
    if (strncmp(s->target, "native:", 7) != 0) return 0; /* no configuration: no proxy port */
    nt_config c;
    char msg[2048];
    if (nt_config_load(&c, s->target + 7, msg, sizeof msg) != 0) {
        fprintf(err, "%s: %s\n", wc_cmd_name(), msg); /* the target's own set-up said so already */
        return 2;
    }
    return port_free(&c, err);
#else
    (void)out, (void)err;
    return 0; /* the native target is built on Windows only */
#endif
}
