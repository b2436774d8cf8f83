/*
 * test_host.c: unit tests of ws2/host_calls.c: the host's name and its resolution, the UTF-16
 * twins of the address calls, gai_strerror, WSASendDisconnect and WSARecvDisconnect.
 *
 * Why: a Unicode client calls GetAddrInfoW where others call getaddrinfo; both must give the
 * same addresses, and a failed call must leave the caller's buffers as they were.
 */
#include <stdbool.h>
#include <string.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

/* L"..." is 32-bit on Linux: WCHAR text from ASCII. */
static const WCHAR *w16(const char *s, WCHAR *buf) {
    size_t i = 0;
    for (; s[i]; i++) buf[i] = (WCHAR)s[i];
    buf[i] = 0;
    return buf;
}

static bool same16(const WCHAR *w, const char *s) {
    size_t i = 0;
    for (; s[i]; i++)
        if (w[i] != (WCHAR)s[i]) return false;
    return w[i] == 0;
}

TEST(host_name_and_its_addresses) {
    char name[64];
    memset(name, 'x', sizeof name);
    ASSERT_EQ(gethostname(name, sizeof name), SOCKET_ERROR); /* no WSAStartup yet */
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    wt_target *t = fx_open(NULL);
    size_t n = strlen("wfpcert-host") + 1;
    ASSERT_EQ(gethostname(name, (int)n - 1), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(name[0], 'x'); /* a failed call writes nothing */
    ASSERT_EQ(gethostname(NULL, 64), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(gethostname(name, (int)n), 0);
    ASSERT(strcmp(name, "wfpcert-host") == 0);
    ASSERT_EQ(name[n], 'x');
    WCHAR wname[64];
    ASSERT_EQ(GetHostNameW(wname, (int)n - 1), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(GetHostNameW(wname, 64), 0);
    ASSERT(same16(wname, "wfpcert-host"));

    /* the name resolves, in any case, to the host's address of each family */
    ADDRINFOA hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    PADDRINFOA ai = NULL;
    ASSERT_EQ(getaddrinfo("WFPCERT-Host", "80", &hints, &ai), 0);
    int seen = 0;
    for (PADDRINFOA a = ai; a; a = a->ai_next) {
        char text[64];
        const void *ip = a->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)a->ai_addr)->sin_addr
                                                 : (const void *)&((struct sockaddr_in6 *)a->ai_addr)->sin6_addr;
        ASSERT_NOT_NULL(inet_ntop(a->ai_family, ip, text, sizeof text));
        seen |= !strcmp(text, "192.0.2.1") ? 1 : !strcmp(text, "2001:db8::1") ? 2 : 4;
        ASSERT_EQ(ntohs(((struct sockaddr_in *)a->ai_addr)->sin_port), 80);
    }
    ASSERT_EQ(seen, 3);
    freeaddrinfo(ai);
    hints.ai_flags = AI_NUMERICHOST;
    ASSERT_EQ(getaddrinfo("wfpcert-host", NULL, &hints, &ai), EAI_NONAME);
    struct hostent *h = gethostbyname("wfpcert-host");
    ASSERT_NOT_NULL(h);
    ASSERT_EQ(((struct in_addr *)h->h_addr_list[0])->s_addr, htonl(0xC0000201u));
    ASSERT_NULL(h->h_addr_list[1]);
    return fx_close(t);
}

TEST(host_wide_address_calls_match_the_narrow_ones) {
    wt_target *t = fx_open(NULL);
    WCHAR node[64], serv[16];
    ADDRINFOW hints = {.ai_family = AF_INET6, .ai_socktype = SOCK_DGRAM};
    PADDRINFOW ai = NULL;
    ASSERT_EQ(GetAddrInfoW(w16("::1", node), w16("5353", serv), &hints, &ai), 0);
    ASSERT_NOT_NULL(ai);
    ASSERT_EQ(ai->ai_family, AF_INET6);
    ASSERT_EQ(ai->ai_socktype, SOCK_DGRAM);
    ASSERT_EQ(ai->ai_addrlen, sizeof(struct sockaddr_in6));
    const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)ai->ai_addr;
    ASSERT_EQ(ntohs(a6->sin6_port), 5353);
    ASSERT_EQ(a6->sin6_addr.s6_addr[15], 1);
    ASSERT_NULL(ai->ai_next);
    FreeAddrInfoW(ai);
    ai = (PADDRINFOW)1;
    ASSERT_EQ(GetAddrInfoW(w16("no-such-host", node), NULL, NULL, &ai), EAI_NONAME);
    ASSERT_NULL(ai);
    node[0] = 0x00e9; /* not ASCII: no name the model knows */
    node[1] = 0;
    ASSERT_EQ(GetAddrInfoW(node, NULL, NULL, &ai), EAI_NONAME);

    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(8080)};
    sin.sin_addr.s_addr = htonl(0xC6336407u); /* 198.51.100.7 */
    WCHAR host[NI_MAXHOST], port[NI_MAXSERV];
    ASSERT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof sin, host, NI_MAXHOST, port, NI_MAXSERV, NI_NUMERICHOST), 0);
    ASSERT(same16(host, "198.51.100.7"));
    ASSERT(same16(port, "8080"));
    host[0] = 'x';
    ASSERT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof sin, host, 12, NULL, 0, NI_NUMERICHOST), WSAEFAULT);
    ASSERT_EQ(host[0], 'x'); /* 12 characters do not hold "198.51.100.7" and its NUL */
    ASSERT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof sin, host, 13, NULL, 0, NI_NUMERICHOST), 0);

    BYTE addr[16];
    ASSERT_EQ(InetPtonW(AF_INET, w16("10.1.2.3", node), addr), 1);
    ASSERT(addr[0] == 10 && addr[1] == 1 && addr[2] == 2 && addr[3] == 3);
    ASSERT_EQ(InetPtonW(AF_INET, w16("10.1.2", node), addr), 0);
    ASSERT_EQ(InetPtonW(AF_INET6, w16("2001:DB8::A", node), addr), 1);
    ASSERT(addr[0] == 0x20 && addr[1] == 0x01 && addr[15] == 0x0a);
    ASSERT_EQ(InetPtonW(12345, w16("10.1.2.3", node), addr), -1);
    ASSERT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    WCHAR text[64];
    ASSERT(InetNtopW(AF_INET6, addr, text, 64) == text);
    ASSERT(same16(text, "2001:db8::a"));
    text[0] = 'x';
    ASSERT_NULL(InetNtopW(AF_INET6, addr, text, 11)); /* "2001:db8::a" needs 12 */
    ASSERT_EQ(text[0], 'x');
    return fx_close(t);
}

TEST(host_gai_strerror_gives_the_system_text) {
    wt_target *t = fx_open(NULL);
    ASSERT(strcmp(gai_strerrorA(EAI_NONAME), "No such host is known.") == 0);
    ASSERT(
        same16(gai_strerrorW(WSANO_DATA), "The requested name is valid, but no data of the requested type was found."));
    ASSERT(strcmp(gai_strerrorA(0x7654321), "") == 0); /* no text for it */
    return fx_close(t);
}

TEST(host_disconnect_calls_shut_one_direction) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_plain(t, AF_INET, &f), WT_OK);
    WSABUF data = {4, (char *)"bye!"};
    ASSERT_EQ(WSASendDisconnect(f.client, &data), SOCKET_ERROR); /* TCP/IP carries no disconnect data */
    ASSERT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
    ASSERT_EQ(send(f.client, "a", 1, 0), 1); /* and nothing was shut */
    ASSERT_EQ(WSASendDisconnect(f.client, NULL), 0);
    ASSERT_EQ(send(f.client, "b", 1, 0), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    char buf[4];
    ASSERT_EQ(recv(f.accepted, buf, sizeof buf, 0), 1);
    ASSERT_EQ(recv(f.accepted, buf, sizeof buf, 0), 0); /* the FIN */
    char keep[8] = "keep";
    WSABUF in = {sizeof keep, keep};
    ASSERT_EQ(WSARecvDisconnect(f.accepted, &in), 0);
    ASSERT(strcmp(keep, "keep") == 0); /* no inbound disconnect data is written */
    ASSERT_EQ(WSASendDisconnect(wt_not_a_socket(t), NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    ASSERT_EQ(WSARecvDisconnect(wt_not_a_socket(t), &in), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    closesocket(f.client);
    closesocket(f.accepted);
    return fx_close(t);
}
