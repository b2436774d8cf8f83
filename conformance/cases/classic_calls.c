/*
 * classic_calls.c: the Winsock 1.1 era calls a redirect service still makes around the IOCTLs
 * (inet_addr, inet_pton, inet_ntoa, getservbyname/getservbyport, getprotobyname/getprotobynumber,
 * WSASocketA, WSAHtons/WSAHtonl/WSANtohs/WSANtohl), checked for what a caller sees.
 *
 * Why: a service that connects to inet_addr("127.0.0.1"), logs inet_ntoa of its peer or finds
 * its port with getservbyname goes elsewhere when the stack parses or converts differently;
 * certify ran none of these (issue 11 section 7: every mutant of their lines survived).  Facts
 * come from the learn.microsoft.com pages ("inet_addr function", "inet_pton function",
 * "inet_ntoa function", "getservbyname function", "getservbyport function", "getprotobyname
 * function", "getprotobynumber function", "WSASocketA function", "WSAHtons function",
 * "WSAHtonl function", "WSANtohs function", "WSANtohl function"), Windows' services and
 * protocol files (%SystemRoot%\system32\drivers\etc) and Wine's ws2_32 tests as run on
 * Windows (test_inet_addr, test_inet_pton, test_inet_ntoa).  Addresses are compared in host
 * order (ntohl), so the cases mean the same on any byte order.
 */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#ifndef WSANO_DATA
#define WSANO_DATA 11004 /* "Valid name, no data record of requested type" */
#endif

#define NONE 0xFFFFFFFFu /* INADDR_NONE */

/* "inet_addr function" (Remarks: the a.b.c.d, a.b.c, a.b and a forms; each part decimal, octal
 * with a leading 0 or hexadecimal with 0x; the last part of a.b.c is 16 bits, of a.b 24 bits,
 * of a 32 bits; INADDR_NONE when the text is no address) and Wine's test_inet_addr as run on
 * Windows (white space ends the text and what follows is ignored; no leading white space; " "
 * is 0.0.0.0; a failure does not touch the last error; NULL is INADDR_NONE with WSAEFAULT). */
static void inet_addr_forms(wc_ctx *c) {
    static const struct {
        const char *text;
        unsigned host; /* the address in host order (a.b.c.d = 0xaabbccdd), or NONE */
    } forms[] = {
        {"1.2.3.4", 0x01020304u},
        {"1 2 3 4", 0x00000001u},
        {"1.2.3. 4", NONE},
        {"1.2.3 .4", 0x01020003u},
        {"3.4.5.6.7", NONE},
        {"3.4.5.6  7", 0x03040506u},
        {" 3.4.5.6", NONE},
        {"\t3.4.5.6", NONE},
        {"3.4.5.6 ", 0x03040506u},
        {"3 .4.5.6", 0x00000003u},
        {"1.2.3", 0x01020003u},
        {".1.2.3", NONE},
        {"0.0.0.0", 0},
        {"", NONE},
        {" 0", NONE},
        {"0xa1a2b3b4 ", 0xa1a2b3b4u},
        {".", NONE},
        {" ", 0},
        {"\t", NONE},
        {"  ", NONE},
        {"127.127.127.255", 0x7f7f7fffu},
        {"127.127.127.255:123", NONE},
        {"127.127.127.256", NONE},
        {"a", NONE},
        {"1.2.3.0xaA", 0x010203aau},
        {"1.2.3.0XaA", 0x010203aau},
        {"1.1.1.0x", NONE},
        {"1.2.3.010", 0x01020308u},
        {"1.2.3.00", 0x01020300u},
        {"1.2.3.0a", NONE},
        {"1.1.1.-2", NONE},
        {"1", 0x00000001u},
        {"1.2", 0x01000002u},
        {"203569230", 0x0c22384eu},
        {"[0.1.2.3]", NONE},
        {"0x00010203", 0x00010203u},
        {"0x2134", 0x00002134u},
        {"1234BEEF", NONE},
        {"017700000001", 0x7f000001u},
        {"0777", 0x000001ffu},
        {"::1", NONE},
        /* the boundaries of each part's width (the Remarks' 8, 16, 24 and 32 bits) */
        {"1.2.3.08", NONE}, /* 8 is no octal digit */
        {"1.2.3.255", 0x010203ffu},
        {"1.2.65535", 0x0102ffffu},
        {"1.2.65536", NONE},
        {"1.16777215", 0x01ffffffu},
        {"1.16777216", NONE},
        {"255.2.3.4", 0xff020304u},
        {"256.2.3.4", NONE},
        {"1.256.3.4", NONE},
        {"1.2.256.4", NONE},
        {"4294967295", 0xffffffffu},
        {"4294967296", NONE},
        {"0xffffffff", 0xffffffffu},
        {"0x100000000", NONE},
        {"037777777777", 0xffffffffu},
        {"040000000000", NONE},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        WSASetLastError(0x5EED);
        u_long a = inet_addr(forms[i].text);
        unsigned got = a == INADDR_NONE ? NONE : (unsigned)ntohl(a);
        wc_check(c, got == forms[i].host, "inet_addr(\"%s\") = %08x (host order); expected %08x", forms[i].text, got,
                 forms[i].host);
        int e = WSAGetLastError();
        wc_check(c, e == 0x5EED, "inet_addr(\"%s\") set the last error to %d", forms[i].text, e);
    }
    /* "1.2.3" and one more character: white space ends the text, anything else spoils it. */
    char text[8] = "1.2.3";
    int spoiled = 0, kept = 0;
    for (int ch = 1; ch < 256; ch++) {
        if (ch >= '0' && ch <= '9') continue;
        text[5] = (char)ch;
        int space = ch == ' ' || (ch >= '\t' && ch <= '\r');
        u_long a = inet_addr(text);
        if (space ? a != htonl(0x01020003u) : a != INADDR_NONE) {
            wc_check(c, 0, "inet_addr(\"1.2.3\" + char %d) = %08x (host order)", ch, (unsigned)ntohl(a));
            spoiled++;
        } else {
            kept++;
        }
    }
    wc_check(c, spoiled == 0 && kept == 245, "inet_addr with a trailing character: %d wrong of %d", spoiled,
             spoiled + kept);
    WSASetLastError(0x5EED);
    u_long a = inet_addr(NULL);
    wc_check(c, a == INADDR_NONE, "inet_addr(NULL) = %08x; expected INADDR_NONE", (unsigned)a);
    wc_expect_int(c, WSAGetLastError(), WSAEFAULT);
}

/* "inet_pton function": 1 and the address in network order for text of the family (IPv4 the
 * dotted decimal quad only, IPv6 the RFC 4291 2.2 text forms, the dotted IPv4 tail included), 0
 * for text that is none, -1 with WSAEAFNOSUPPORT for a family other than AF_INET and AF_INET6, -1 with WSAEFAULT when
 * pszAddrString or pAddrBuf is NULL.  Wine's test_inet_pton, run on Windows, gives the IPv4
 * results below (no octal, no hex, no leading zero, no short forms, no trailing white space). */
static void inet_pton_forms(wc_ctx *c) {
    static const struct {
        const char *text;
        int ret;
        unsigned host;
    } v4s[] = {
        {"1.1.1.1", 1, 0x01010101u},
        {"0.0.0.0", 1, 0},
        {"127.127.127.255", 1, 0x7f7f7fffu},
        {"255.255.255.255", 1, 0xffffffffu},
        {"", 0, 0},
        {" ", 0, 0},
        {"127.127.127.255:123", 0, 0},
        {"127.127.127.256", 0, 0},
        {"256.1.1.1", 0, 0},
        {"a", 0, 0},
        {"1.1.1.0xaA", 0, 0},
        {"1.1.1.010", 0, 0},
        {"1.1.1.00", 0, 0},
        {"1.1.1.0a", 0, 0},
        {"0.10.100.0", 1, 0x000a6400u},
        {"1.2.3.0004", 0, 0},
        {"1.1.1.-2", 0, 0},
        {"1", 0, 0},
        {"1.2", 0, 0},
        {"1.2.3", 0, 0},
        {"3.4.5.6.7", 0, 0},
        {" 3.4.5.6", 0, 0},
        {"3.4.5.6 ", 0, 0},
        {"3. 4.5.6", 0, 0},
        {"0x00010203", 0, 0},
        {"::1", 0, 0},
    };
    for (size_t i = 0; i < sizeof v4s / sizeof v4s[0]; i++) {
        unsigned char b[4] = {0xA5, 0xA5, 0xA5, 0xA5};
        int rc = inet_pton(AF_INET, v4s[i].text, b);
        unsigned got = (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3];
        wc_check(c, rc == v4s[i].ret && (rc != 1 || got == v4s[i].host),
                 "inet_pton(AF_INET, \"%s\"): %d, %08x; expected %d%s", v4s[i].text, rc, got, v4s[i].ret,
                 v4s[i].ret ? " and the address" : "");
    }
    static const struct {
        const char *text;
        int ret;
        unsigned short g[8];
    } v6s[] = {
        {"::", 1, {0}},
        {"::1", 1, {0, 0, 0, 0, 0, 0, 0, 1}},
        {"1::", 1, {1}},
        {"2001:db8::a", 1, {0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xa}},
        {"2001:DB8:0:0:8:800:200C:417A", 1, {0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a}},
        {"fe80::1:2", 1, {0xfe80, 0, 0, 0, 0, 0, 1, 2}},
        {"1:2:3:4:5:6:7:8", 1, {1, 2, 3, 4, 5, 6, 7, 8}},
        {"1:2:3:4:5:6:7", 0, {0}},
        {"1:2:3:4:5:6:7:8:9", 0, {0}},
        {"1::2::3", 0, {0}},
        {"::1::2", 0, {0}},
        {"12345::", 0, {0}},
        {"1:2:3:4:5:6:7:g", 0, {0}},
        {":1", 0, {0}},
        {"1.2.3.4", 0, {0}},
        /* RFC 4291 2.2 (3): the low 32 bits dotted, as inet_ntop writes ::ffff:0:0/96 (RFC 5952 5) */
        {"::ffff:192.0.2.33", 1, {0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0221}},
        {"::10.43.50.10", 1, {0, 0, 0, 0, 0, 0, 0x0a2b, 0x320a}},
        {"1:2:3:4:5:6:1.2.3.4", 1, {1, 2, 3, 4, 5, 6, 0x0102, 0x0304}},
        {"1:2:3:4:5:6:7:1.2.3.4", 0, {0}},
        {"::1.2.3", 0, {0}},
        {"::1.2.3.4:5", 0, {0}},
        {"::1.2.3.4.5", 0, {0}},
    };
    for (size_t i = 0; i < sizeof v6s / sizeof v6s[0]; i++) {
        unsigned char b[16];
        memset(b, 0xA5, sizeof b);
        int rc = inet_pton(AF_INET6, v6s[i].text, b);
        int same = 1;
        for (int k = 0; k < 8; k++) same &= b[2 * k] == (v6s[i].g[k] >> 8) && b[2 * k + 1] == (v6s[i].g[k] & 0xff);
        wc_check(c, rc == v6s[i].ret && (rc != 1 || same), "inet_pton(AF_INET6, \"%s\"): %d%s; expected %d",
                 v6s[i].text, rc, rc == 1 && !same ? " with other bytes" : "", v6s[i].ret);
    }
    unsigned char b[16];
    int rc = inet_pton(AF_UNSPEC, "1.2.3.4", b);
    int e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == -1 && e == WSAEAFNOSUPPORT, "inet_pton(AF_UNSPEC): %d, error %d; expected -1, WSAEAFNOSUPPORT",
             rc, e);
    rc = inet_pton(AF_INET, NULL, b);
    e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == -1 && e == WSAEFAULT, "inet_pton(AF_INET, NULL): %d, error %d; expected -1, WSAEFAULT", rc, e);
    rc = inet_pton(AF_INET6, "::1", NULL);
    e = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == -1 && e == WSAEFAULT, "inet_pton(AF_INET6, \"::1\", NULL): %d, error %d; expected -1, WSAEFAULT",
             rc, e);
}

/* A thread that converts another address while the case's text must stay as it was. */
typedef struct {
    HANDLE done, go_on;
    char text[32];
} other_thread;

static DWORD WINAPI ntoa_elsewhere(LPVOID arg) {
    other_thread *o = arg;
    struct in_addr a;
    a.s_addr = htonl(0x04030201u);
    const char *t = inet_ntoa(a);
    strncpy(o->text, t ? t : "(null)", sizeof o->text - 1);
    SetEvent(o->done);
    WaitForSingleObject(o->go_on, 5000);
    return 0;
}

/* "inet_ntoa function": the dotted text of the address, in memory Windows Sockets owns, valid
 * until the next Windows Sockets call in the same thread.  Wine's test_inet_ntoa, run on
 * Windows: another thread's call leaves this thread's text as it was. */
static void inet_ntoa_text(wc_ctx *c) {
    static const struct {
        unsigned host;
        const char *text;
    } addrs[] = {
        {0x01020304u, "1.2.3.4"},         {0, "0.0.0.0"},
        {0x7f000001u, "127.0.0.1"},       {0xc0a80a01u, "192.168.10.1"},
        {0xfffffffeu, "255.255.255.254"}, {0xffffffffu, "255.255.255.255"},
    };
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        struct in_addr a;
        a.s_addr = htonl(addrs[i].host);
        const char *t = inet_ntoa(a);
        wc_check(c, t && strcmp(t, addrs[i].text) == 0, "inet_ntoa(%08x) = \"%s\"; expected \"%s\"", addrs[i].host,
                 t ? t : "(null)", addrs[i].text);
    }
    struct in_addr mine;
    mine.s_addr = inet_addr("1.2.3.4");
    char *text = inet_ntoa(mine);
    if (!wc_check(c, text != NULL, "inet_ntoa(1.2.3.4) returned NULL")) return;
    other_thread o;
    memset(&o, 0, sizeof o);
    o.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    o.go_on = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE th = o.done && o.go_on ? CreateThread(NULL, 0, ntoa_elsewhere, &o, 0, NULL) : NULL;
    if (wc_check(c, th != NULL, "set-up: CreateEvent/CreateThread: error %lu", (unsigned long)GetLastError())) {
        wc_expect_int(c, WaitForSingleObject(o.done, 5000), WAIT_OBJECT_0);
        wc_check(c, strcmp(o.text, "1.2.3.4") != 0 && strcmp(o.text, "4.3.2.1") == 0,
                 "inet_ntoa(4.3.2.1) in another thread = \"%s\"", o.text);
        wc_check(c, strcmp(text, "1.2.3.4") == 0, "another thread's inet_ntoa changed this thread's text to \"%s\"",
                 text);
        SetEvent(o.go_on);
        wc_expect_int(c, WaitForSingleObject(th, 5000), WAIT_OBJECT_0);
        CloseHandle(th);
    }
    if (o.done) CloseHandle(o.done);
    if (o.go_on) CloseHandle(o.go_on);
}

/* Is s the service `name` on `port` (host order) over `proto`, with first alias `alias` (NULL:
 * none)? */
static void expect_service(wc_ctx *c, const struct servent *s, const char *call, const char *name, int port,
                           const char *proto, const char *alias) {
    if (!wc_check(c, s != NULL, "%s: NULL, error %d; expected %s %d/%s", call, WSAGetLastError(), name, port, proto))
        return;
    wc_check(c, s->s_name && strcmp(s->s_name, name) == 0, "%s: s_name \"%s\"; expected \"%s\"", call,
             s->s_name ? s->s_name : "(null)", name);
    wc_check(c, ntohs((u_short)s->s_port) == port, "%s: s_port %d (host order); expected %d (network order in s_port)",
             call, ntohs((u_short)s->s_port), port);
    if (proto)
        wc_check(c, s->s_proto && strcmp(s->s_proto, proto) == 0, "%s: s_proto \"%s\"; expected \"%s\"", call,
                 s->s_proto ? s->s_proto : "(null)", proto);
    if (!wc_check(c, s->s_aliases != NULL, "%s: s_aliases is NULL (a NULL-terminated list is due)", call)) return;
    if (alias)
        wc_check(c, s->s_aliases[0] && strcmp(s->s_aliases[0], alias) == 0, "%s: first alias \"%s\"; expected \"%s\"",
                 call, s->s_aliases[0] ? s->s_aliases[0] : "(null)", alias);
    else
        wc_check(c, s->s_aliases[0] == NULL, "%s: alias \"%s\"; the services file gives none", call, s->s_aliases[0]);
}

static void expect_no_service(wc_ctx *c, const struct servent *s, const char *call) {
    wc_check(c, s == NULL, "%s: found \"%s\"; the services file has no such entry", call,
             s && s->s_name ? s->s_name : "");
    if (!s) {
        int e = WSAGetLastError();
        wc_check(c, e == WSANO_DATA, "%s: error %d; expected WSANO_DATA", call, e);
    }
}

/* "getservbyname function" (proto NULL: the first service of that name; s_port in network
 * byte order; aliases a NULL-terminated list), "getservbyport function" (port in network byte
 * order), both failing with WSANO_DATA ("valid name, no data record"), on the entries of
 * Windows' services file (echo 7, discard 9 alias sink, ssh 22/tcp, smtp 25 alias mail,
 * domain 53, http 80 alias www, ntp 123/udp, https 443 alias MCom). */
static void services(wc_ctx *c) {
    /* a protocol looked up first, as a program does before its service: each call has its own
     * per-thread structure ("getprotobyname": one protoent per thread; "getservbyname": one
     * servent), so the service's empty alias list stays empty and the protoent stays as it was */
    struct protoent *tcp = getprotobyname("tcp");
    wc_check(c, tcp && tcp->p_name && strcmp(tcp->p_name, "tcp") == 0, "getprotobyname(tcp): %s",
             tcp ? "another name" : "NULL");
    expect_service(c, getservbyname("domain", "udp"), "getservbyname(domain, udp) after getprotobyname", "domain", 53,
                   "udp", NULL);
    wc_check(c, tcp && tcp->p_name && strcmp(tcp->p_name, "tcp") == 0 && tcp->p_proto == IPPROTO_TCP,
             "getservbyname changed the protoent getprotobyname(tcp) gave");
    expect_service(c, getservbyname("http", "tcp"), "getservbyname(http, tcp)", "http", 80, "tcp", "www");
    expect_service(c, getservbyname("www", "tcp"), "getservbyname(www, tcp)", "http", 80, "tcp", "www");
    expect_service(c, getservbyname("sink", "udp"), "getservbyname(sink, udp)", "discard", 9, "udp", "sink");
    expect_service(c, getservbyname("domain", "udp"), "getservbyname(domain, udp)", "domain", 53, "udp", NULL);
    expect_service(c, getservbyname("echo", "tcp"), "getservbyname(echo, tcp)", "echo", 7, "tcp", NULL);
    expect_service(c, getservbyname("ntp", NULL), "getservbyname(ntp, NULL)", "ntp", 123, "udp", NULL);
    expect_service(c, getservbyname("smtp", NULL), "getservbyname(smtp, NULL)", "smtp", 25, "tcp", "mail");
    expect_service(c, getservbyname("https", "udp"), "getservbyname(https, udp)", "https", 443, "udp", "MCom");
    /* a NULL name: Windows reads through it (an access violation), so asked of the model only */
    if (wc_on_model(c)) {
        WSASetLastError(0);
        struct servent *sn = getservbyname(NULL, "tcp");
        int se = WSAGetLastError();
        WSASetLastError(0);
        struct protoent *pn = getprotobyname(NULL);
        int pe = WSAGetLastError();
        wc_model_answer(c, "getservbyname.null-name", "getservbyname %s %d, getprotobyname %s %d",
                        sn ? "an entry" : "NULL", se, pn ? "an entry" : "NULL", pe);
    }
    /* Every well-known entry both ways, by its number in Windows' services file (the IANA port):
     * a table off by one sends every program that looks its service up to the wrong port. */
    static const struct {
        const char *name, *proto;
        unsigned short port;
    } table[] = {{"echo", "tcp", 7},     {"echo", "udp", 7},     {"discard", "tcp", 9},   {"discard", "udp", 9},
                 {"daytime", "tcp", 13}, {"daytime", "udp", 13}, {"ftp-data", "tcp", 20}, {"ftp", "tcp", 21},
                 {"ssh", "tcp", 22},     {"telnet", "tcp", 23},  {"smtp", "tcp", 25},     {"domain", "tcp", 53},
                 {"domain", "udp", 53},  {"http", "tcp", 80},    {"pop3", "tcp", 110},    {"ntp", "udp", 123},
                 {"imap", "tcp", 143},   {"snmp", "udp", 161},   {"ldap", "tcp", 389},    {"https", "tcp", 443},
                 {"https", "udp", 443},  {"socks", "tcp", 1080}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const struct servent *by_name = getservbyname(table[i].name, table[i].proto);
        wc_check(c, by_name && ntohs(by_name->s_port) == table[i].port,
                 "getservbyname(%s, %s): port %d; the services file gives %u", table[i].name, table[i].proto,
                 by_name ? ntohs(by_name->s_port) : -1, table[i].port);
        const struct servent *by_port = getservbyport(htons(table[i].port), table[i].proto);
        wc_check(c, by_port && by_port->s_name && strcmp(by_port->s_name, table[i].name) == 0,
                 "getservbyport(%u, %s): \"%s\"; the services file gives \"%s\"", table[i].port, table[i].proto,
                 by_port && by_port->s_name ? by_port->s_name : "(none)", table[i].name);
    }
    expect_no_service(c, getservbyname("ssh", "udp"), "getservbyname(ssh, udp)");
    expect_no_service(c, getservbyname("ntp", "tcp"), "getservbyname(ntp, tcp)");
    expect_no_service(c, getservbyname("no-such-service", NULL), "getservbyname(no-such-service, NULL)");

    expect_service(c, getservbyport(htons(22), NULL), "getservbyport(22, NULL)", "ssh", 22, "tcp", NULL);
    expect_service(c, getservbyport(htons(443), "udp"), "getservbyport(443, udp)", "https", 443, "udp", "MCom");
    expect_service(c, getservbyport(htons(123), "udp"), "getservbyport(123, udp)", "ntp", 123, "udp", NULL);
    expect_service(c, getservbyport(htons(1080), "tcp"), "getservbyport(1080, tcp)", "socks", 1080, "tcp", NULL);
    expect_no_service(c, getservbyport(htons(22), "udp"), "getservbyport(22, udp)");
    /* 22 in host order is port 5632 in network order on a little-endian host, 22 on a big one */
    if (htons(22) != 22) expect_no_service(c, getservbyport(22, "tcp"), "getservbyport(22 in host order, tcp)");
}

static void expect_protocol(wc_ctx *c, const struct protoent *p, const char *call, const char *name, int number,
                            const char *alias) {
    if (!wc_check(c, p != NULL, "%s: NULL, error %d; expected %s %d", call, WSAGetLastError(), name, number)) return;
    wc_check(c, p->p_name && strcmp(p->p_name, name) == 0, "%s: p_name \"%s\"; expected \"%s\"", call,
             p->p_name ? p->p_name : "(null)", name);
    wc_check(c, p->p_proto == number, "%s: p_proto %d; expected %d", call, p->p_proto, number);
    wc_check(c, p->p_aliases && p->p_aliases[0] && strcmp(p->p_aliases[0], alias) == 0, "%s: first alias is not \"%s\"",
             call, alias);
}

/* "getprotobyname function", "getprotobynumber function": the entry of Windows' protocol file
 * (ip 0 IP, icmp 1 ICMP, tcp 6 TCP, udp 17 UDP, ipv6 41 IPv6, ipv6-icmp 58 IPv6-ICMP), NULL with
 * WSANO_DATA for a protocol the file does not list (sctp, 132). */
static void protocols(wc_ctx *c) {
    static const struct {
        const char *name, *alias;
        int number;
    } known[] = {{"ip", "IP", 0},    {"icmp", "ICMP", 1},  {"tcp", "TCP", 6},
                 {"udp", "UDP", 17}, {"ipv6", "IPv6", 41}, {"ipv6-icmp", "IPv6-ICMP", 58}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        char call[64];
        snprintf(call, sizeof call, "getprotobyname(%s)", known[i].name);
        expect_protocol(c, getprotobyname(known[i].name), call, known[i].name, known[i].number, known[i].alias);
        snprintf(call, sizeof call, "getprotobynumber(%d)", known[i].number);
        expect_protocol(c, getprotobynumber(known[i].number), call, known[i].name, known[i].number, known[i].alias);
    }
    WSASetLastError(0); /* each failure must set its own code */
    struct protoent *p = getprotobyname("sctp");
    wc_check(c, p == NULL, "getprotobyname(sctp): found; the protocol file has no sctp");
    if (!p) wc_expect_int(c, WSAGetLastError(), WSANO_DATA);
    WSASetLastError(0);
    p = getprotobynumber(132);
    wc_check(c, p == NULL, "getprotobynumber(132): found; the protocol file has no 132");
    if (!p) wc_expect_int(c, WSAGetLastError(), WSANO_DATA);
}

static const char *const convert_names[4] = {"WSAHtons", "WSANtohs", "WSAHtonl", "WSANtohl"};

/* One of the four conversions through s into out (a u_short for the first two, a u_long). */
static int convert(int fn, SOCKET s, void *out) {
    switch (fn) {
    case 0:
        return WSAHtons(s, 0x1234, out);
    case 1:
        return WSANtohs(s, 0x1234, out);
    case 2:
        return WSAHtonl(s, 0x12345678u, out);
    default:
        return WSANtohl(s, 0x12345678u, out);
    }
}

/* "WSASocketA function": with lpProtocolInfo NULL, a socket of the af, type and protocol given,
 * as WSASocketW; SO_TYPE reads the type back ("SOL_SOCKET socket options").  "WSAHtons function"
 * and its kin: the value in the other byte order through *lp..., 0; WSAENOTSOCK for a handle
 * that is no socket, WSAEFAULT for a NULL result pointer, the result left as it was. */
static void socket_a_and_byte_order(wc_ctx *c) {
    static const int types[] = {SOCK_STREAM, SOCK_DGRAM};
    SOCKET s = INVALID_SOCKET;
    for (int i = 0; i < 2; i++) {
        SOCKET t = WSASocketA(AF_INET, types[i], 0, NULL, 0, WSA_FLAG_OVERLAPPED);
        if (!wc_check(c, t != INVALID_SOCKET, "WSASocketA(AF_INET, %d): error %d", types[i], WSAGetLastError()))
            continue;
        int type = -1, len = (int)sizeof type;
        int rc = getsockopt(t, SOL_SOCKET, SO_TYPE, (char *)&type, &len);
        wc_check(c, rc == 0 && type == types[i], "WSASocketA(AF_INET, %d): SO_TYPE %d (rc %d)", types[i], type, rc);
        if (i == 0)
            s = t;
        else
            closesocket(t);
    }
    if (s == INVALID_SOCKET) return;

    u_short s16 = 0xAAAA;
    u_long s32 = 0xAAAAAAAAu;
    wc_expect_int(c, WSAHtons(s, 0x1234, &s16), 0);
    const unsigned char *b = (const unsigned char *)&s16;
    wc_check(c, b[0] == 0x12 && b[1] == 0x34, "WSAHtons(0x1234) wrote bytes %02x %02x; expected 12 34", b[0], b[1]);
    wc_expect_int(c, WSANtohs(s, s16, &s16), 0);
    wc_expect_int(c, s16, 0x1234);
    wc_expect_int(c, WSAHtonl(s, 0x12345678u, &s32), 0);
    b = (const unsigned char *)&s32;
    wc_check(c, b[0] == 0x12 && b[1] == 0x34 && b[2] == 0x56 && b[3] == 0x78,
             "WSAHtonl(0x12345678) wrote bytes %02x %02x %02x %02x; expected 12 34 56 78", b[0], b[1], b[2], b[3]);
    wc_expect_int(c, WSANtohl(s, s32, &s32), 0);
    wc_expect_int(c, s32, 0x12345678u);

    /* NULL result: WSAEFAULT; then a socket value after closesocket: WSAENOTSOCK, nothing written */
    for (int round = 0; round < 2; round++) {
        if (round == 1) closesocket(s);
        int want = round == 0 ? WSAEFAULT : WSAENOTSOCK;
        for (int fn = 0; fn < 4; fn++) {
            s16 = 0xAAAA;
            s32 = 0xAAAAAAAAu;
            WSASetLastError(0);
            int rc = convert(fn, s, round == 0 ? NULL : fn < 2 ? (void *)&s16 : (void *)&s32);
            int e = WSAGetLastError();
            wc_check(c, rc == SOCKET_ERROR && e == want, "%s on %s: %d, error %d; expected SOCKET_ERROR, %d",
                     convert_names[fn], round == 0 ? "a NULL result" : "a closed socket", rc, e, want);
            wc_check(c, s16 == 0xAAAA && s32 == 0xAAAAAAAAu, "a failed %s wrote its result", convert_names[fn]);
        }
    }
}

/* ws2tcpip.h's IPv6 helpers and ws2_32's in6addr_any / in6addr_loopback: each address class by
 * RFC 4291's prefixes (2.4, 2.5.5, 2.5.6, 2.7), on the address of each class and its neighbours
 * across the boundary.  A service that tells a v4-mapped peer or the loopback apart with them
 * logs, filters or answers wrongly otherwise. */
static void in6_helpers(wc_ctx *c) {
    static const struct {
        BYTE a[16];
        const char *text;
        unsigned classes; /* bit i: the ith predicate below holds */
    } t[] = {
        {{0}, "::", 1u << 0},
        {{[15] = 1}, "::1", 1u << 1},
        {{[15] = 2}, "::2", 1u << 6},
        {{[12] = 192, 0, 2, 1}, "::192.0.2.1", 1u << 6},
        {{[10] = 0xff, 0xff, 192, 0, 2, 1}, "::ffff:192.0.2.1", 1u << 5},
        {{[10] = 0xff, 0xfe, 192, 0, 2, 1}, "::fffe:c000:201", 0},
        {{[9] = 1, 0xff, 0xff, 192, 0, 2, 1}, "::1:ffff:c000:201", 0},
        {{0xfe, 0x80, [15] = 1}, "fe80::1", 1u << 3},
        {{0xfe, 0xbf, [15] = 1}, "febf::1", 1u << 3},
        {{0xfe, 0xc0, [15] = 1}, "fec0::1", 1u << 4},
        {{0xfe, 0x7f, [15] = 1}, "fe7f::1", 0},
        {{0xff, 0x01, [15] = 1}, "ff01::1", 1u << 2 | 1u << 7},
        {{0xff, 0x02, [15] = 1}, "ff02::1", 1u << 2 | 1u << 8},
        {{0xff, 0x05, [15] = 1}, "ff05::1", 1u << 2 | 1u << 9},
        {{0xff, 0x18, [15] = 1}, "ff18::1", 1u << 2 | 1u << 10},
        {{0xff, 0x0e, [15] = 1}, "ff0e::1", 1u << 2 | 1u << 11},
        {{0xff, 0x03, [15] = 1}, "ff03::1", 1u << 2},
        {{0xfe, 0xff, [15] = 1}, "feff::1", 1u << 4},
        {{0x20, 0x01, 0x0d, 0xb8, [15] = 1}, "2001:db8::1", 0},
    };
    static const char *const names[] = {"UNSPECIFIED",  "LOOPBACK",     "MULTICAST",   "LINKLOCAL",
                                        "SITELOCAL",    "V4MAPPED",     "V4COMPAT",    "MC_NODELOCAL",
                                        "MC_LINKLOCAL", "MC_SITELOCAL", "MC_ORGLOCAL", "MC_GLOBAL"};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        IN6_ADDR a;
        memcpy(a.s6_addr, t[i].a, 16);
        const int got[12] = {IN6_IS_ADDR_UNSPECIFIED(&a),  IN6_IS_ADDR_LOOPBACK(&a),     IN6_IS_ADDR_MULTICAST(&a),
                             IN6_IS_ADDR_LINKLOCAL(&a),    IN6_IS_ADDR_SITELOCAL(&a),    IN6_IS_ADDR_V4MAPPED(&a),
                             IN6_IS_ADDR_V4COMPAT(&a),     IN6_IS_ADDR_MC_NODELOCAL(&a), IN6_IS_ADDR_MC_LINKLOCAL(&a),
                             IN6_IS_ADDR_MC_SITELOCAL(&a), IN6_IS_ADDR_MC_ORGLOCAL(&a),  IN6_IS_ADDR_MC_GLOBAL(&a)};
        for (int k = 0; k < 12; k++)
            wc_check(c, !!got[k] == !!(t[i].classes & (1u << k)), "IN6_IS_ADDR_%s(%s): %d; expected %d", names[k],
                     t[i].text, got[k], !!(t[i].classes & (1u << k)));
    }
    static const BYTE zero[16], one[16] = {[15] = 1};
    wc_check(c, memcmp(in6addr_any.s6_addr, zero, 16) == 0, "in6addr_any is not ::");
    wc_check(c, memcmp(in6addr_loopback.s6_addr, one, 16) == 0, "in6addr_loopback is not ::1");
    IN6_ADDR x;
    memset(&x, 0x5a, sizeof x);
    IN6_SET_ADDR_LOOPBACK(&x);
    wc_check(c, IN6_ADDR_EQUAL(&x, &in6addr_loopback), "IN6_SET_ADDR_LOOPBACK did not make ::1");
    IN6_SET_ADDR_UNSPECIFIED(&x);
    wc_check(c, IN6_ADDR_EQUAL(&x, &in6addr_any) && !IN6_ADDR_EQUAL(&x, &in6addr_loopback),
             "IN6_SET_ADDR_UNSPECIFIED did not make :: (or IN6_ADDR_EQUAL compares wrongly)");
    struct sockaddr_in6 s;
    memset(&s, 0x5a, sizeof s);
    IN6ADDR_SETLOOPBACK(&s);
    wc_check(c,
             s.sin6_family == AF_INET6 && s.sin6_port == 0 && s.sin6_flowinfo == 0 && s.sin6_scope_id == 0 &&
                 memcmp(s.sin6_addr.s6_addr, one, 16) == 0 && IN6ADDR_ISLOOPBACK(&s) && !IN6ADDR_ISANY(&s),
             "IN6ADDR_SETLOOPBACK: family %d, port %u, flow %lu, scope %lu; expected AF_INET6, ::1 and zeros",
             (int)s.sin6_family, (unsigned)s.sin6_port, (unsigned long)s.sin6_flowinfo, (unsigned long)s.sin6_scope_id);
    memset(&s, 0x5a, sizeof s);
    IN6ADDR_SETANY(&s);
    wc_check(c,
             s.sin6_family == AF_INET6 && s.sin6_port == 0 && s.sin6_flowinfo == 0 && s.sin6_scope_id == 0 &&
                 memcmp(s.sin6_addr.s6_addr, zero, 16) == 0 && IN6ADDR_ISANY(&s) && !IN6ADDR_ISLOOPBACK(&s),
             "IN6ADDR_SETANY: family %d, port %u, flow %lu, scope %lu; expected AF_INET6, :: and zeros",
             (int)s.sin6_family, (unsigned)s.sin6_port, (unsigned long)s.sin6_flowinfo, (unsigned long)s.sin6_scope_id);
    s.sin6_family = AF_INET;
    wc_check(c, !IN6ADDR_ISANY(&s), "IN6ADDR_ISANY of an AF_INET family: true; it requires AF_INET6");
}

static const wc_case cases[] = {
    WC_CASE("S3.classic.in6-helpers", "S3", "#remarks", WC_MUST,
            "IN6_IS_ADDR_* classify by RFC 4291's prefixes; in6addr_any is ::, in6addr_loopback ::1; the setters "
            "zero the rest",
            in6_helpers),
    WC_CASE("S3.classic.inet-addr", "S3", "#remarks", WC_MUST,
            "inet_addr parses a.b.c.d, a.b.c, a.b, a (dec, 0 octal, 0x hex) up to each part's width; else INADDR_NONE",
            inet_addr_forms),
    WC_CASE(
        "S3.classic.inet-pton", "S3", "#remarks", WC_MUST,
        "inet_pton: 1 and the bytes for dotted-quad / RFC 4291 text, 0 for other text, -1 WSAEAFNOSUPPORT, WSAEFAULT",
        inet_pton_forms),
    WC_CASE("S3.classic.inet-ntoa", "S3", "#remarks", WC_MUST,
            "inet_ntoa gives the dotted text, kept per thread: another thread's call leaves it", inet_ntoa_text),
    WC_CASE("S3.classic.services", "S3", "#remarks", WC_MUST,
            "getservbyname/getservbyport: the services file's entry, s_port in network order; else WSANO_DATA",
            services),
    WC_CASE("S3.classic.protocols", "S3", "#remarks", WC_MUST,
            "getprotobyname/getprotobynumber: the protocol file's entry with its alias; else NULL, WSANO_DATA",
            protocols),
    WC_CASE("S3.classic.socket-a-byte-order", "S3", "#remarks", WC_MUST,
            "WSASocketA makes the socket asked for; WSAHtons/l, WSANtohs/l convert; WSAEFAULT, WSAENOTSOCK",
            socket_a_and_byte_order),
};

WC_TABLE(wc_classic_calls, cases);
