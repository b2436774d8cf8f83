/*
 * addr.c: socket addresses in the Windows layout (AF_INET6 is 23, ports in network order),
 * and the host addresses of the sim transport's one machine.
 */
#include "kernel.h"

#include <string.h>

static USHORT swap16(USHORT v) { return (USHORT)((v >> 8) | (v << 8)); }

int ms_addr_from_user(const struct sockaddr *sa, int len, int af, SOCKADDR_STORAGE *out) {
    memset(out, 0, sizeof *out);
    if (!sa || len < (int)sizeof(USHORT)) return WSAEFAULT;
    if (!ms_probe_read(sa, (size_t)len)) return WSAEFAULT;
    if (sa->sa_family != af) return WSAEAFNOSUPPORT;
    size_t need = af == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    if ((size_t)len < need) return WSAEFAULT;
    memcpy(out, sa, need);
    return 0;
}

int ms_addr_len(const SOCKADDR_STORAGE *a) {
    return a->ss_family == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
}

void ms_addr_to_user(const SOCKADDR_STORAGE *a, struct sockaddr *name, INT *len) {
    int need = ms_addr_len(a);
    if (!name || !len || !ms_probe_write(len, sizeof *len) || *len < need || !ms_probe_write(name, (size_t)need))
        return;
    memcpy(name, a, (size_t)need);
    *len = need;
}

USHORT ms_addr_port(const SOCKADDR_STORAGE *a) { return swap16(((const struct sockaddr_in *)a)->sin_port); }

void ms_addr_set_port(SOCKADDR_STORAGE *a, USHORT port) { ((struct sockaddr_in *)a)->sin_port = swap16(port); }

bool ms_addr_is_any(const SOCKADDR_STORAGE *a) {
    static const UCHAR zero[16];
    if (a->ss_family == AF_INET) return ((const struct sockaddr_in *)a)->sin_addr.s_addr == 0;
    return memcmp(((const struct sockaddr_in6 *)a)->sin6_addr.s6_addr, zero, 16) == 0;
}

bool ms_addr_equal(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    if (a->ss_family != b->ss_family) return false;
    if (a->ss_family == AF_INET) {
        const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
        return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }
    const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
    return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
}

void ms_addr_loopback(int af, USHORT port, SOCKADDR_STORAGE *out) {
    memset(out, 0, sizeof *out);
    out->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET)
        ((struct sockaddr_in *)out)->sin_addr.s_addr = 0x0100007f; /* 127.0.0.1, network order */
    else
        ((struct sockaddr_in6 *)out)->sin6_addr.s6_addr[15] = 1;
    ms_addr_set_port(out, port);
}

/* RFC 4291 2.5.5.2: ::ffff:a.b.c.d.  A dual-stack socket names its IPv4 peers so ("Dual-Stack
 * Sockets for IPv6 Winsock Applications"); the model keeps them as AF_INET inside. */
bool ms_addr_is_v4mapped(const SOCKADDR_STORAGE *a) {
    static const UCHAR prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return a->ss_family == AF_INET6 && memcmp(((const struct sockaddr_in6 *)a)->sin6_addr.s6_addr, prefix, 12) == 0;
}

void ms_addr_unmap(const SOCKADDR_STORAGE *mapped, SOCKADDR_STORAGE *out) {
    const struct sockaddr_in6 *m = (const void *)mapped;
    struct sockaddr_in v4;
    memset(&v4, 0, sizeof v4);
    v4.sin_family = AF_INET;
    v4.sin_port = m->sin6_port;
    memcpy(&v4.sin_addr, m->sin6_addr.s6_addr + 12, 4);
    memset(out, 0, sizeof *out);
    memcpy(out, &v4, sizeof v4);
}

void ms_addr_map(const SOCKADDR_STORAGE *v4, SOCKADDR_STORAGE *out) {
    const struct sockaddr_in *a = (const void *)v4;
    struct sockaddr_in6 m;
    memset(&m, 0, sizeof m);
    m.sin6_family = AF_INET6;
    m.sin6_port = a->sin_port;
    m.sin6_addr.s6_addr[10] = m.sin6_addr.s6_addr[11] = 0xff;
    memcpy(m.sin6_addr.s6_addr + 12, &a->sin_addr, 4);
    memset(out, 0, sizeof *out);
    memcpy(out, &m, sizeof m);
}
