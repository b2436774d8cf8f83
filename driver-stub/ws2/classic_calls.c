/*
 * classic_calls.c: the Winsock 1.1 era calls that everyday client and service code still
 * uses: inet_addr, inet_ntoa, getservbyname/getservbyport, getprotobyname/getprotobynumber,
 * WSASocketA and WSAHtons/WSAHtonl/WSANtohs/WSANtohl.
 *
 * Why: a program that calls inet_addr("127.0.0.1") or inet_ntoa to log its peer must build
 * unchanged against <wfpcert/winsock.h> and behave as on Windows; without these names it does
 * not even compile, and a different parse would send it to another address.
 *
 * Behaviour, from learn.microsoft.com ("inet_addr function", "inet_ntoa function",
 * "getservbyname function", "getprotobyname function", "WSAHtons function") and from
 * Wine's ws2_32 tests as run on Windows (test_inet_addr, test_inet_ntoa):
 *   inet_addr   the BSD forms a.b.c.d, a.b.c (c 16 bits), a.b (b 24 bits) and a (32 bits); each
 *       part decimal, octal with a leading 0 or hexadecimal with 0x; the text ends at its NUL
 *       or at a white-space character (what follows is ignored: "1 2 3 4" is 1.0.0.0); no
 *       leading white space, no empty part, no part too wide for its place.  Anything else is
 *       INADDR_NONE.  The one-space string " " is 0.0.0.0 (Windows does so).  NULL is
 *       INADDR_NONE with WSAEFAULT; no other result touches the last error.  No WSAStartup
 *       is needed (it converts text).
 *   inet_ntoa   "a.b.c.d" in a buffer of the calling thread, valid until its next call.
 *   getservbyname, getservbyport  a subset of the services file Windows ships (tcp and udp);
 *       s_port in network order; protocol NULL matches either.  An unknown service is NULL
 *       with WSANO_DATA; before WSAStartup NULL with WSANOTINITIALISED.  The servent is per
 *       thread, as Windows allocates one per thread.
 *   getprotobyname, getprotobynumber  the protocol file's ip, icmp, tcp, udp, ipv6 and
 *       ipv6-icmp; otherwise NULL with WSANO_DATA.  Names compare without case (the model's
 *       choice; the pages do not say).
 *   WSASocketA  WSASocketW (the model has one provider: a protocol info is WSAEINVAL).
 *   WSAHtons ...  the byte-order conversion through a socket: WSAENOTSOCK for a handle that
 *       is not one, WSAEFAULT for a NULL result pointer, WSANOTINITIALISED before WSAStartup.
 */
#include "../net/net.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- inet_addr */

/* One part of a dotted address in C notation, at *p; false when there is none or it does not
 * fit 32 bits.  *p moves past it. */
static bool parse_part(const char **p, uint32_t *out) {
    const char *s = *p;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!isxdigit((unsigned char)*s)) return false; /* "0x" alone */
    } else if (s[0] == '0') {
        base = 8;
    } else if (!isdigit((unsigned char)*s)) {
        return false;
    }
    uint64_t v = 0;
    for (;; s++) {
        unsigned char ch = (unsigned char)*s;
        unsigned d;
        if (isdigit(ch))
            d = (unsigned)(ch - '0');
        else if (base == 16 && isxdigit(ch))
            d = (unsigned)(tolower(ch) - 'a' + 10);
        else
            break;
        if (d >= base) return false; /* "08" */
        v = v * base + d;
        if (v > 0xffffffffu) return false;
    }
    *out = (uint32_t)v;
    *p = s;
    return true;
}

u_long inet_addr(const char *cp) {
    if (!cp) {
        ms_set_last_error(WSAEFAULT);
        return INADDR_NONE;
    }
    if (!strcmp(cp, " ")) return INADDR_ANY;
    uint32_t part[4];
    int n = 0;
    const char *p = cp;
    for (;;) {
        if (n == 4 || !parse_part(&p, &part[n])) return INADDR_NONE;
        n++;
        if (*p != '.') break;
        p++;
    }
    if (*p && !isspace((unsigned char)*p)) return INADDR_NONE;
    /* The last part fills the bytes the others left: a (32 bits), a.b (24), a.b.c (16). */
    static const uint32_t last_max[4] = {0xffffffffu, 0xffffffu, 0xffffu, 0xffu};
    uint32_t v = 0;
    for (int i = 0; i < n - 1; i++) {
        if (part[i] > 0xff) return INADDR_NONE;
        v |= part[i] << (24 - 8 * i);
    }
    if (part[n - 1] > last_max[n - 1]) return INADDR_NONE;
    v |= part[n - 1];
    return htonl(v);
}

char *inet_ntoa(struct in_addr in) {
    static _Thread_local char text[16];
    const unsigned char *b = (const unsigned char *)&in.s_addr;
    snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return text;
}

/* -------------------------------------------------------- services, protocols */

typedef struct {
    const char *name, *alias, *proto;
    unsigned short port;
} known_service;

/* From the services file of Windows (%SystemRoot%\system32\drivers\etc\services). */
static const known_service services[] = {
    {"echo", NULL, "tcp", 7},      {"echo", NULL, "udp", 7},      {"discard", "sink", "tcp", 9},
    {"discard", "sink", "udp", 9}, {"daytime", NULL, "tcp", 13},  {"daytime", NULL, "udp", 13},
    {"ftp-data", NULL, "tcp", 20}, {"ftp", NULL, "tcp", 21},      {"ssh", NULL, "tcp", 22},
    {"telnet", NULL, "tcp", 23},   {"smtp", "mail", "tcp", 25},   {"domain", NULL, "tcp", 53},
    {"domain", NULL, "udp", 53},   {"http", "www", "tcp", 80},    {"pop3", NULL, "tcp", 110},
    {"ntp", NULL, "udp", 123},     {"imap", "imap4", "tcp", 143}, {"snmp", NULL, "udp", 161},
    {"ldap", NULL, "tcp", 389},    {"https", "MCom", "tcp", 443}, {"https", "MCom", "udp", 443},
    {"socks", NULL, "tcp", 1080},
};

typedef struct {
    const char *name, *alias;
    short number;
} known_protocol;

/* From the protocol file of Windows (%SystemRoot%\system32\drivers\etc\protocol). */
static const known_protocol protocols[] = {
    {"ip", "IP", 0},    {"icmp", "ICMP", 1},  {"tcp", "TCP", 6},
    {"udp", "UDP", 17}, {"ipv6", "IPv6", 41}, {"ipv6-icmp", "IPv6-ICMP", 58},
};

static _Thread_local struct {
    struct servent s;
    char *aliases[2];
    struct protoent p;
    char *p_aliases[2];
} per_thread;

static struct servent *service_entry(const known_service *k) {
    per_thread.aliases[0] = (char *)k->alias;
    per_thread.aliases[1] = NULL;
    per_thread.s = (struct servent){(char *)k->name, k->alias ? per_thread.aliases : per_thread.aliases + 1,
                                    (char *)k->proto, (short)htons(k->port)};
    return &per_thread.s;
}

static bool proto_matches(const known_service *k, const char *proto) { return !proto || !strcmp(k->proto, proto); }

/* The services file's entry for a name or an alias and proto (NULL: either), or NULL. */
static const known_service *find_service(const char *name, const char *proto) {
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        const known_service *k = &services[i];
        if ((!strcasecmp(k->name, name) || (k->alias && !strcasecmp(k->alias, name))) && proto_matches(k, proto))
            return k;
    }
    return NULL;
}

/* The port of that entry, or -1: getaddrinfo's service names (net.h). */
int ms_service_port(const char *name, const char *proto) {
    const known_service *k = find_service(name, proto);
    return k ? k->port : -1;
}

struct servent *getservbyname(const char *name, const char *proto) {
    if (!ms_winsock_started()) return NULL;
    if (!name) {
        ms_set_last_error(WSAEFAULT);
        return NULL;
    }
    const known_service *k = find_service(name, proto);
    if (k) return service_entry(k);
    ms_set_last_error(WSANO_DATA);
    return NULL;
}

struct servent *getservbyport(int port, const char *proto) {
    if (!ms_winsock_started()) return NULL;
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        const known_service *k = &services[i];
        if (htons(k->port) == (u_short)port && proto_matches(k, proto)) return service_entry(k);
    }
    ms_set_last_error(WSANO_DATA);
    return NULL;
}

static struct protoent *protocol_entry(const known_protocol *k) {
    per_thread.p_aliases[0] = (char *)k->alias;
    per_thread.p_aliases[1] = NULL;
    per_thread.p = (struct protoent){(char *)k->name, per_thread.p_aliases, k->number};
    return &per_thread.p;
}

struct protoent *getprotobyname(const char *name) {
    if (!ms_winsock_started()) return NULL;
    if (!name) {
        ms_set_last_error(WSAEFAULT);
        return NULL;
    }
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (!strcasecmp(protocols[i].name, name)) return protocol_entry(&protocols[i]);
    ms_set_last_error(WSANO_DATA);
    return NULL;
}

struct protoent *getprotobynumber(int number) {
    if (!ms_winsock_started()) return NULL;
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (protocols[i].number == number) return protocol_entry(&protocols[i]);
    ms_set_last_error(WSANO_DATA);
    return NULL;
}

/* ------------------------------------------------------- WSASocketA, WSAHtons */

/* The A form: the structure's fields before the name are the W form's (only the name differs). */
SOCKET WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA info, GROUP g, DWORD flags) {
    if (!info) return WSASocketW(af, type, protocol, NULL, g, flags);
    if (!ms_probe_read(info, sizeof *info)) {
        ms_set_last_error(WSAEFAULT);
        return INVALID_SOCKET;
    }
    WSAPROTOCOL_INFOW w;
    memset(&w, 0, sizeof w);
    memcpy(&w, info, offsetof(WSAPROTOCOL_INFOA, szProtocol));
    return WSASocketW(af, type, protocol, &w, g, flags);
}

/* 0 when s is a socket of the started model and out can be written; else the error, set. */
static int through_socket(SOCKET s, void *out, size_t size) {
    ms_world *w = ms_world_winsock();
    int e = 0;
    if (!w) {
        e = WSANOTINITIALISED;
    } else {
        ms_lock(w);
        if (!ms_socket_get_locked(w, s))
            e = WSAENOTSOCK;
        else if (!out || !ms_probe_write(out, size))
            e = WSAEFAULT;
        ms_unlock(w);
    }
    if (e) ms_set_last_error((DWORD)e);
    return e ? SOCKET_ERROR : 0;
}

int WSAHtons(SOCKET s, u_short hostshort, u_short *lpnetshort) {
    if (through_socket(s, lpnetshort, sizeof *lpnetshort)) return SOCKET_ERROR;
    *lpnetshort = htons(hostshort);
    return 0;
}

int WSANtohs(SOCKET s, u_short netshort, u_short *lphostshort) {
    if (through_socket(s, lphostshort, sizeof *lphostshort)) return SOCKET_ERROR;
    *lphostshort = ntohs(netshort);
    return 0;
}

int WSAHtonl(SOCKET s, u_long hostlong, u_long *lpnetlong) {
    if (through_socket(s, lpnetlong, sizeof *lpnetlong)) return SOCKET_ERROR;
    *lpnetlong = htonl(hostlong);
    return 0;
}

int WSANtohl(SOCKET s, u_long netlong, u_long *lphostlong) {
    if (through_socket(s, lphostlong, sizeof *lphostlong)) return SOCKET_ERROR;
    *lphostlong = ntohl(netlong);
    return 0;
}
