/*
 * test_names.c: unit tests of the address-text calls (ws2/name_calls.c): WSAAddressToString's
 * forms and its size contract, WSAStringToAddress back, getnameinfo's numeric and "localhost"
 * answers and its errors, gethostbyname for numeric names and "localhost" only; and the
 * SO_EXCLUSIVEADDRUSE option (net/sockopt.c).
 *
 * Why: services log and parse endpoints with these; a wrong text or a size contract that
 * differs from Windows' breaks them the first time they run there.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

static SOCKADDR_IN v4(const char *ip, USHORT port) {
    SOCKADDR_IN a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ASSERT_EQ(inet_pton(AF_INET, ip, &a.sin_addr), 1);
    return a;
}

static SOCKADDR_IN6 v6(const char *ip, USHORT port, ULONG scope) {
    SOCKADDR_IN6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_scope_id = scope;
    ASSERT_EQ(inet_pton(AF_INET6, ip, &a.sin6_addr), 1);
    return a;
}

/* The A form's text of an address, checked to have the length the call reported. */
static const char *text_of(const void *sa, DWORD salen) {
    static char buf[128];
    DWORD n = sizeof buf;
    ASSERT_EQ(WSAAddressToStringA((LPSOCKADDR)sa, salen, NULL, buf, &n), 0);
    ASSERT_EQ(n, strlen(buf) + 1);
    return buf;
}

TEST(names_address_to_string_forms_and_sizes) {
    wt_target *t = fx_open(NULL);
    SOCKADDR_IN a = v4("192.168.16.34", 80), b = v4("10.0.0.1", 0);
    SOCKADDR_IN6 c = v6("2001:db8::1", 443, 0), d = v6("fe80::1", 0, 3), e6 = v6("fe80::1", 8080, 3);
    ASSERT(strcmp(text_of(&a, sizeof a), "192.168.16.34:80") == 0);
    ASSERT(strcmp(text_of(&b, sizeof b), "10.0.0.1") == 0);
    ASSERT(strcmp(text_of(&c, sizeof c), "[2001:db8::1]:443") == 0);
    ASSERT(strcmp(text_of(&d, sizeof d), "fe80::1%3") == 0);
    ASSERT(strcmp(text_of(&e6, sizeof e6), "[fe80::1%3]:8080") == 0);
    /* Too small: WSAEFAULT and the size needed, in characters with the NUL. */
    char small[4];
    DWORD n = sizeof small;
    ASSERT_EQ(WSAAddressToStringA((LPSOCKADDR)&a, sizeof a, NULL, small, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(n, 17);
    n = 17;
    char exact[17];
    ASSERT_EQ(WSAAddressToStringA((LPSOCKADDR)&a, sizeof a, NULL, exact, &n), 0);
    /* The W form counts WCHARs. */
    WCHAR w[32];
    n = 32;
    ASSERT_EQ(WSAAddressToStringW((LPSOCKADDR)&b, sizeof b, NULL, w, &n), 0);
    ASSERT_EQ(n, 9);
    ASSERT_EQ(w[0], '1');
    ASSERT_EQ(w[7], '1');
    ASSERT_EQ(w[8], 0);
    /* A length short of the family's sockaddr, and a family it does not know. */
    n = sizeof exact;
    ASSERT_EQ(WSAAddressToStringA((LPSOCKADDR)&a, sizeof a - 1, NULL, exact, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    SOCKADDR_IN bad = a;
    bad.sin_family = 99;
    ASSERT_EQ(WSAAddressToStringA((LPSOCKADDR)&bad, sizeof bad, NULL, exact, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    return fx_close(t);
}

TEST(names_string_to_address_forms_and_errors) {
    wt_target *t = fx_open(NULL);
    SOCKADDR_STORAGE s;
    INT n = sizeof s;
    ASSERT_EQ(WSAStringToAddressA("192.168.16.34:80", AF_INET, NULL, (LPSOCKADDR)&s, &n), 0);
    ASSERT_EQ(n, sizeof(SOCKADDR_IN));
    SOCKADDR_IN want = v4("192.168.16.34", 80);
    ASSERT_MEM_EQ(&s, &want, sizeof want);
    n = sizeof s;
    ASSERT_EQ(WSAStringToAddressA("10.0.0.1", AF_INET, NULL, (LPSOCKADDR)&s, &n), 0);
    want = v4("10.0.0.1", 0);
    ASSERT_MEM_EQ(&s, &want, sizeof want);
    n = sizeof s;
    ASSERT_EQ(WSAStringToAddressA("[fe80::1%3]:8080", AF_INET6, NULL, (LPSOCKADDR)&s, &n), 0);
    ASSERT_EQ(n, sizeof(SOCKADDR_IN6));
    SOCKADDR_IN6 want6 = v6("fe80::1", 8080, 3);
    ASSERT_MEM_EQ(&s, &want6, sizeof want6);
    n = sizeof s;
    ASSERT_EQ(WSAStringToAddressA("2001:db8::1", AF_INET6, NULL, (LPSOCKADDR)&s, &n), 0);
    want6 = v6("2001:db8::1", 0, 0);
    ASSERT_MEM_EQ(&s, &want6, sizeof want6);
    /* Round trip through the text. */
    SOCKADDR_IN6 c = v6("2001:db8::5", 443, 0);
    char text[64];
    DWORD tn = sizeof text;
    ASSERT_EQ(WSAAddressToStringA((LPSOCKADDR)&c, sizeof c, NULL, text, &tn), 0);
    n = sizeof s;
    ASSERT_EQ(WSAStringToAddressA(text, AF_INET6, NULL, (LPSOCKADDR)&s, &n), 0);
    ASSERT_MEM_EQ(&s, &c, sizeof c);
    /* The W form. */
    WCHAR w[] = {'1', '2', '7', '.', '0', '.', '0', '.', '1', ':', '9', 0};
    n = sizeof s;
    ASSERT_EQ(WSAStringToAddressW(w, AF_INET, NULL, (LPSOCKADDR)&s, &n), 0);
    want = v4("127.0.0.1", 9);
    ASSERT_MEM_EQ(&s, &want, sizeof want);
    /* Too small: WSAEFAULT and the size needed.  Not an address: WSAEINVAL. */
    n = 4;
    ASSERT_EQ(WSAStringToAddressA("10.0.0.1", AF_INET, NULL, (LPSOCKADDR)&s, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(n, sizeof(SOCKADDR_IN));
    const char *bad[] = {"10.0.0", "10.0.0.1:", "10.0.0.1:65536", "10.0.0.1:x", "::1", "host"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        n = sizeof s;
        ASSERT_EQ(WSAStringToAddressA((LPSTR)bad[i], AF_INET, NULL, (LPSOCKADDR)&s, &n), SOCKET_ERROR);
        ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    }
    n = sizeof s;
    ASSERT_EQ(WSAStringToAddressA("[::1", AF_INET6, NULL, (LPSOCKADDR)&s, &n), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    return fx_close(t);
}

TEST(names_getnameinfo_numeric_localhost_and_errors) {
    wt_target *t = fx_open(NULL);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    SOCKADDR_IN lo = v4("127.0.0.1", 8080), other = v4("192.0.2.7", 53);
    SOCKADDR_IN6 six = v6("2001:db8::1", 443, 0);
    ASSERT_EQ(
        getnameinfo((SOCKADDR *)&lo, sizeof lo, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV),
        0);
    ASSERT(strcmp(host, "127.0.0.1") == 0);
    ASSERT(strcmp(serv, "8080") == 0);
    ASSERT_EQ(getnameinfo((SOCKADDR *)&lo, sizeof lo, host, sizeof host, NULL, 0, 0), 0);
    ASSERT(strcmp(host, "localhost") == 0);
    ASSERT_EQ(getnameinfo((SOCKADDR *)&other, sizeof other, host, sizeof host, serv, sizeof serv, 0), 0);
    ASSERT(strcmp(host, "192.0.2.7") == 0); /* no DNS: the numeric text */
    ASSERT(strcmp(serv, "53") == 0); /* no services file */
    ASSERT_EQ(getnameinfo((SOCKADDR *)&six, sizeof six, host, sizeof host, NULL, 0, NI_NUMERICHOST), 0);
    ASSERT(strcmp(host, "2001:db8::1") == 0);
    ASSERT_EQ(getnameinfo((SOCKADDR *)&other, sizeof other, host, sizeof host, NULL, 0, NI_NAMEREQD), EAI_NONAME);
    ASSERT_EQ(getnameinfo((SOCKADDR *)&lo, sizeof lo, host, 0, NULL, 0, 0), EAI_BADFLAGS);
    ASSERT_EQ(getnameinfo((SOCKADDR *)&lo, sizeof lo, host, 4, NULL, 0, NI_NUMERICHOST), WSAEFAULT);
    ASSERT_EQ(getnameinfo((SOCKADDR *)&six, sizeof lo, host, sizeof host, NULL, 0, 0), WSAEFAULT); /* short */
    ASSERT_EQ(getnameinfo(NULL, 0, host, sizeof host, NULL, 0, 0), WSAEFAULT);
    SOCKADDR_IN bad = lo;
    bad.sin_family = 99;
    ASSERT_EQ(getnameinfo((SOCKADDR *)&bad, sizeof bad, host, sizeof host, NULL, 0, 0), EAI_FAMILY);
    ASSERT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    return fx_close(t);
}

TEST(names_gethostbyname_numeric_and_localhost_only) {
    wt_target *t = fx_open(NULL);
    struct hostent *h = gethostbyname("localhost");
    ASSERT_NOT_NULL(h);
    ASSERT_EQ(h->h_addrtype, AF_INET);
    ASSERT_EQ(h->h_length, 4);
    ASSERT(strcmp(h->h_name, "localhost") == 0);
    struct in_addr a;
    memcpy(&a, h->h_addr, sizeof a);
    ASSERT_EQ(ntohl(a.s_addr), INADDR_LOOPBACK);
    ASSERT_NULL(h->h_addr_list[1]);
    ASSERT_NULL(h->h_aliases[0]);
    h = gethostbyname("192.0.2.9");
    ASSERT_NOT_NULL(h);
    memcpy(&a, h->h_addr_list[0], sizeof a);
    ASSERT_EQ(ntohl(a.s_addr), 0xC0000209u);
    ASSERT_NULL(gethostbyname("example.com"));
    ASSERT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
    ASSERT_NULL(gethostbyname("::1")); /* IPv4 only, as the page says */
    ASSERT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
    return fx_close(t);
}

/* SO_SNDBUF and SO_RCVBUF: getsockopt gives back the DWORD that was set (0 included), 64 KiB
 * before; a short optlen is WSAEFAULT both ways. */
TEST(names_socket_buffers_read_back) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    DWORD v = 0, set = 4096, zero = 0;
    int len = sizeof v;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&v, &len), 0);
    ASSERT_EQ(v, 65536);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&set, sizeof set), 0);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&zero, sizeof zero), 0);
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&v, &len), 0);
    ASSERT_EQ(v, 4096);
    ASSERT_EQ(len, 4);
    v = 7;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&v, &len), 0);
    ASSERT_EQ(v, 0);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&set, 2), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    len = 2;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&v, &len), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    closesocket(s);
    wt_close(t);
    return 0;
}

TEST(names_exclusiveaddruse_excludes_reuseaddr) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0), r = socket(AF_INET, SOCK_STREAM, 0);
    BOOL on = TRUE, v = FALSE;
    int len = sizeof v;
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&on, sizeof on), 0);
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&v, &len), 0);
    ASSERT_EQ(v, TRUE);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof on), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    ASSERT_EQ(setsockopt(r, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof on), 0);
    ASSERT_EQ(setsockopt(r, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&on, sizeof on), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    /* The exclusive socket holds its port: a second bind with SO_REUSEADDR is denied (WSAEACCES,
     * "Sharing Transport Addresses"), one without is WSAEADDRINUSE. */
    SOCKADDR_IN a = v4("127.0.0.1", 7301);
    ASSERT_EQ(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    ASSERT_EQ(bind(r, (struct sockaddr *)&a, sizeof a), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEACCES);
    SOCKET plain = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(bind(plain, (struct sockaddr *)&a, sizeof a), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEADDRINUSE);
    closesocket(plain);
    /* Set after bind: WSAEINVAL. */
    SOCKET b = socket(AF_INET, SOCK_STREAM, 0);
    SOCKADDR_IN a2 = v4("127.0.0.1", 7302);
    ASSERT_EQ(bind(b, (struct sockaddr *)&a2, sizeof a2), 0);
    ASSERT_EQ(setsockopt(b, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&on, sizeof on), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEINVAL);
    closesocket(b);
    closesocket(r);
    closesocket(s);
    return fx_close(t);
}

static DWORD opt_of(SOCKET s, int level, int name, int *err) {
    DWORD v = 0xA5A5A5A5u;
    int len = sizeof v;
    *err = getsockopt(s, level, name, (char *)&v, &len) ? WSAGetLastError() : 0;
    return v;
}

/* The DWORD options of net/sockopt.c's table: Windows' values before any set, then what was
 * set; the TCP ones are WSAENOPROTOOPT on a datagram socket, SO_ACCEPTCONN follows listen
 * and is get only, and what the model cannot do (raw headers, multicast) is WSAENOPROTOOPT. */
TEST(names_dword_options_defaults_and_read_back) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0),
           s6 = socket(AF_INET6, SOCK_DGRAM, 0);
    static const struct {
        int level, name;
        DWORD dflt, set;
    } rows[] = {{SOL_SOCKET, SO_RCVTIMEO, 0, 250},     {SOL_SOCKET, SO_SNDTIMEO, 0, 500},
                {IPPROTO_TCP, TCP_KEEPIDLE, 7200, 30}, {IPPROTO_TCP, TCP_KEEPINTVL, 1, 5},
                {IPPROTO_TCP, TCP_KEEPCNT, 10, 3},     {IPPROTO_IP, IP_TTL, 128, 17},
                {IPPROTO_IP, IP_TOS, 0, 0x10}};
    int e;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ASSERT_EQ(opt_of(s, rows[i].level, rows[i].name, &e), rows[i].dflt);
        ASSERT_EQ(e, 0);
        ASSERT_EQ(setsockopt(s, rows[i].level, rows[i].name, (const char *)&rows[i].set, sizeof(DWORD)), 0);
        ASSERT_EQ(opt_of(s, rows[i].level, rows[i].name, &e), rows[i].set);
        ASSERT_EQ(e, 0);
    }
    /* SO_KEEPALIVE: one byte, optlen 1 */
    DWORD k = 0xA5A5A5A5u, on = 7;
    int klen = sizeof k;
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (const char *)&on, sizeof on), 0);
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&k, &klen), 0);
    ASSERT_EQ(k, 0xA5A5A501u);
    ASSERT_EQ(klen, 1);
    on = 1;
    ASSERT_EQ(opt_of(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &e), 128);
    DWORD hops = 9;
    ASSERT_EQ(setsockopt(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, (const char *)&hops, sizeof hops), 0);
    ASSERT_EQ(opt_of(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &e), 9);
    opt_of(u, IPPROTO_TCP, TCP_KEEPIDLE, &e);
    ASSERT_EQ(e, WSAENOPROTOOPT);
    ASSERT_EQ(setsockopt(u, IPPROTO_TCP, TCP_KEEPCNT, (const char *)&on, sizeof on), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
    ASSERT_EQ(setsockopt(u, IPPROTO_IP, IP_HDRINCL, (const char *)&on, sizeof on), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
    struct ip_mreq m = {.imr_multiaddr.s_addr = htonl(0xE0000001u)};
    ASSERT_EQ(setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)&m, sizeof m), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
    ASSERT_EQ(opt_of(s, SOL_SOCKET, SO_ACCEPTCONN, &e), 0);
    SOCKADDR_IN a = v4("127.0.0.1", 7303);
    ASSERT_EQ(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    ASSERT_EQ(listen(s, 4), 0);
    ASSERT_EQ(opt_of(s, SOL_SOCKET, SO_ACCEPTCONN, &e), 1);
    ASSERT_EQ(e, 0);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, (const char *)&on, sizeof on), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
    closesocket(s6);
    closesocket(u);
    closesocket(s);
    return fx_close(t);
}

/* SO_RCVTIMEO: a blocking receive with nothing to come fails with WSAETIMEDOUT once the time
 * set has passed (real clock: it waits that long; virtual clock: at once and without the
 * deadlock finding an unbounded wait gets), and a UDP socket still receives afterwards. */
TEST(names_rcvtimeo_ends_blocking_receives) {
    for (int real = 0; real < 2; real++) {
        wt_target *t = real ? fx_open_with("clock", "real") : fx_open(NULL);
        SOCKET sv, cl = fx_loopback_pair(&sv), u = socket(AF_INET, SOCK_DGRAM, 0);
        SOCKADDR_IN a = v4("127.0.0.1", 7304);
        ASSERT_EQ(bind(u, (struct sockaddr *)&a, sizeof a), 0);
        DWORD ms = 120;
        ASSERT_EQ(setsockopt(cl, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof ms), 0);
        ASSERT_EQ(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof ms), 0);
        char buf[16];
        ULONGLONG t0 = GetTickCount64();
        ASSERT_EQ(recv(cl, buf, sizeof buf, 0), SOCKET_ERROR);
        ASSERT_EQ(WSAGetLastError(), WSAETIMEDOUT);
        ASSERT_EQ(recvfrom(u, buf, sizeof buf, 0, NULL, NULL), SOCKET_ERROR);
        ASSERT_EQ(WSAGetLastError(), WSAETIMEDOUT);
        if (real) ASSERT_GE(GetTickCount64() - t0, 2 * 100);
        ASSERT_EQ(sendto(u, "dg", 2, 0, (struct sockaddr *)&a, sizeof a), 2);
        ASSERT_EQ(recvfrom(u, buf, sizeof buf, 0, NULL, NULL), 2);
        ASSERT_EQ(fx_findings(t, NULL, NULL), 0);
        closesocket(u);
        closesocket(cl);
        closesocket(sv);
        fx_close(t);
    }
    return 0;
}

/* gethostbyaddr: loopback is "localhost", the host's own address its name, in the hostent
 * gethostbyname fills; an address the model has no name for, a short len and another family
 * fail with the codes of the page. */
TEST(names_gethostbyaddr_loopback_own_and_errors) {
    wt_target *t = fx_open(NULL);
    struct in_addr a = {.s_addr = htonl(INADDR_LOOPBACK)};
    struct hostent *h = gethostbyaddr((const char *)&a, sizeof a, AF_INET);
    ASSERT_NOT_NULL(h);
    ASSERT(strcmp(h->h_name, "localhost") == 0);
    ASSERT_EQ(h->h_addrtype, AF_INET);
    ASSERT_EQ(h->h_length, 4);
    ASSERT_MEM_EQ(h->h_addr_list[0], &a, 4);
    ASSERT_NULL(h->h_addr_list[1]);
    struct hostent *own = gethostbyname(h->h_name);
    ASSERT(own == h); /* one hostent per thread */
    char host[256];
    ASSERT_EQ(gethostname(host, sizeof host), 0);
    own = gethostbyname(host);
    ASSERT_NOT_NULL(own);
    memcpy(&a, own->h_addr_list[0], 4);
    h = gethostbyaddr((const char *)&a, sizeof a, AF_INET);
    ASSERT_NOT_NULL(h);
    ASSERT(strcmp(h->h_name, host) == 0);
    a.s_addr = htonl(0xC0000263u); /* 192.0.2.99: nobody */
    ASSERT_NULL(gethostbyaddr((const char *)&a, sizeof a, AF_INET));
    ASSERT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
    ASSERT_NULL(gethostbyaddr((const char *)&a, 2, AF_INET));
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_NULL(gethostbyaddr((const char *)&a, sizeof a, 12345));
    ASSERT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    return fx_close(t);
}

/* SO_LINGER reads back the struct linger set; SO_DONTLINGER is its l_onoff negated, TRUE on a
 * new socket, and setting it keeps the linger time. */
TEST(names_linger_and_dontlinger_read_back) {
    wt_target *t = fx_open(NULL);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct linger l = {1, 7}, r = {9, 9};
    DWORD v = 0, on = TRUE;
    int len = sizeof v, llen = sizeof r;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_DONTLINGER, (char *)&v, &len), 0);
    ASSERT_EQ(v, 1);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l, sizeof l), 0);
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&r, &llen), 0);
    ASSERT_EQ(r.l_onoff, 1);
    ASSERT_EQ(r.l_linger, 7);
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_DONTLINGER, (char *)&v, &len), 0);
    ASSERT_EQ(v, 0);
    ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_DONTLINGER, (const char *)&on, sizeof on), 0);
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&r, &llen), 0);
    ASSERT_EQ(r.l_onoff, 0);
    ASSERT_EQ(r.l_linger, 7);
    closesocket(s);
    return fx_close(t);
}
