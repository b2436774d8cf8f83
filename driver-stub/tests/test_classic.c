/*
 * test_classic.c: unit tests of the Winsock 1.1 era calls (ws2/classic_calls.c): inet_addr's
 * forms as Windows parses them, inet_ntoa's per-thread text, the service and protocol
 * entries, WSAHtons and its kin.
 *
 * Why: everyday client code passes inet_addr("127.0.0.1") to connect and logs inet_ntoa of
 * its peer; a parse that differs from Windows' sends it elsewhere.  The inet_addr table is
 * the one Wine's ws2_32 tests check on Windows (test_inet_addr), as facts.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"

TEST(classic_inet_addr_forms_as_windows_parses_them) {
    static const struct {
        const char *text;
        u_long addr; /* as the u_long reads on x64 (network order in memory) */
    } cases[] = {
        {"1.2.3.4", 0x04030201},
        {"1 2 3 4", 0x01000000},
        {"1.2.3. 4", INADDR_NONE},
        {"1.2.3 .4", 0x03000201},
        {"3.4.5.6.7", INADDR_NONE},
        {"3.4.5.6  7", 0x06050403},
        {" 3.4.5.6", INADDR_NONE},
        {"\t3.4.5.6", INADDR_NONE},
        {"3.4.5.6 ", 0x06050403},
        {"3 .4.5.6", 0x03000000},
        {"1.2.3", 0x03000201},
        {".1.2.3", INADDR_NONE},
        {"0.0.0.0", 0},
        {"", INADDR_NONE},
        {" 0", INADDR_NONE},
        {"0xa1a2b3b4 ", 0xb4b3a2a1},
        {".", INADDR_NONE},
        {" ", 0},
        {"\t", INADDR_NONE},
        {"  ", INADDR_NONE},
        {"127.127.127.255", 0xff7f7f7f},
        {"127.127.127.255:123", INADDR_NONE},
        {"127.127.127.256", INADDR_NONE},
        {"a", INADDR_NONE},
        {"1.2.3.0xaA", 0xaa030201},
        {"1.1.1.0x", INADDR_NONE},
        {"1.2.3.010", 0x08030201},
        {"1.2.3.00", 0x00030201},
        {"1.2.3.0a", INADDR_NONE},
        {"1.1.1.-2", INADDR_NONE},
        {"1", 0x01000000},
        {"1.2", 0x02000001},
        {"203569230", 0x4e38220c},
        {"[0.1.2.3]", INADDR_NONE},
        {"0x00010203", 0x03020100},
        {"0x2134", 0x34210000},
        {"1234BEEF", INADDR_NONE},
        {"017700000001", 0x0100007f},
        {"0777", 0xff010000},
        {"::1", INADDR_NONE},
        {"1.2.3.08", INADDR_NONE},
        {"1.16777216", INADDR_NONE},
        {"1.16777215", 0xffffff01},
        {"1.2.65536", INADDR_NONE},
        {"4294967295", 0xffffffff},
        {"4294967296", INADDR_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        WSASetLastError(0x5EED);
        u_long a = inet_addr(cases[i].text);
        if (a != cases[i].addr) fprintf(stderr, "inet_addr(\"%s\") = %#08x\n", cases[i].text, (unsigned)a);
        ASSERT_EQ(a, cases[i].addr);
        ASSERT_EQ(WSAGetLastError(), 0x5EED); /* only NULL sets an error */
    }
    /* "1.2.3" and one more character: white space ends the text, anything else spoils it. */
    char text[8] = "1.2.3";
    for (int c = 1; c < 256; c++) {
        if (c >= '0' && c <= '9') continue;
        text[5] = (char)c;
        bool space = c == ' ' || (c >= '\t' && c <= '\r');
        ASSERT_EQ(inet_addr(text), space ? 0x03000201u : INADDR_NONE);
    }
    ASSERT_EQ(inet_addr(NULL), INADDR_NONE);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    return 0;
}

static void *ntoa_elsewhere(void *arg) {
    struct in_addr a = {.s_addr = htonl(0x04030201)};
    *(char **)arg = inet_ntoa(a);
    return NULL;
}

TEST(classic_inet_ntoa_per_thread_text) {
    struct in_addr a = {.s_addr = inet_addr("1.2.3.4")};
    char *mine = inet_ntoa(a);
    ASSERT(strcmp(mine, "1.2.3.4") == 0);
    char *theirs = NULL;
    pthread_t th;
    ASSERT_EQ(pthread_create(&th, NULL, ntoa_elsewhere, &theirs), 0);
    pthread_join(th, NULL);
    ASSERT(mine != theirs);
    ASSERT(strcmp(mine, "1.2.3.4") == 0); /* another thread's call leaves this one's text */
    a.s_addr = htonl(0xFFFFFFFE);
    ASSERT(strcmp(inet_ntoa(a), "255.255.255.254") == 0);
    return 0;
}

TEST(classic_services_and_protocols) {
    ASSERT_NULL(getservbyname("http", "tcp")); /* no WSAStartup yet */
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    wt_target *t = fx_open(NULL);
    struct servent *s = getservbyname("http", "tcp");
    ASSERT_NOT_NULL(s);
    ASSERT(strcmp(s->s_name, "http") == 0 && strcmp(s->s_proto, "tcp") == 0);
    ASSERT_EQ(ntohs((u_short)s->s_port), 80);
    ASSERT(s->s_aliases[0] && strcmp(s->s_aliases[0], "www") == 0 && !s->s_aliases[1]);
    s = getservbyname("domain", "udp");
    ASSERT(s && ntohs((u_short)s->s_port) == 53 && strcmp(s->s_proto, "udp") == 0);
    s = getservbyname("https", NULL);
    ASSERT(s && ntohs((u_short)s->s_port) == 443);
    ASSERT_NULL(getservbyname("ssh", "udp")); /* ssh is tcp only */
    ASSERT_EQ(WSAGetLastError(), WSANO_DATA);
    ASSERT_NULL(getservbyname("no-such-service", NULL));
    ASSERT_EQ(WSAGetLastError(), WSANO_DATA);
    s = getservbyport(htons(22), NULL);
    ASSERT(s && strcmp(s->s_name, "ssh") == 0);
    ASSERT_NULL(getservbyport(htons(22), "udp"));
    ASSERT_NULL(getservbyport(22, "tcp")); /* host order: port 5632 */
    struct protoent *p = getprotobyname("tcp");
    ASSERT(p && p->p_proto == IPPROTO_TCP && strcmp(p->p_name, "tcp") == 0);
    p = getprotobynumber(IPPROTO_UDP);
    ASSERT(p && strcmp(p->p_name, "udp") == 0 && strcmp(p->p_aliases[0], "UDP") == 0);
    ASSERT_NULL(getprotobyname("sctp"));
    ASSERT_EQ(WSAGetLastError(), WSANO_DATA);
    ASSERT_NULL(getprotobynumber(132));
    return fx_close(t);
}

TEST(classic_wsahtons_needs_a_socket) {
    u_short s16 = 0;
    u_long s32 = 0;
    ASSERT_EQ(WSAHtons(1, 0x1234, &s16), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    wt_target *t = fx_open(NULL);
    SOCKET s = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(s != INVALID_SOCKET);
    ASSERT_EQ(WSAHtons(s, 0x1234, &s16), 0);
    ASSERT_EQ(s16, 0x3412);
    ASSERT_EQ(WSANtohs(s, 0x3412, &s16), 0);
    ASSERT_EQ(s16, 0x1234);
    ASSERT_EQ(WSAHtonl(s, 0x01020304, &s32), 0);
    ASSERT_EQ(s32, 0x04030201u);
    ASSERT_EQ(WSANtohl(s, 0x04030201, &s32), 0);
    ASSERT_EQ(s32, 0x01020304u);
    ASSERT_EQ(WSAHtons(s, 1, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(WSAHtonl(s + 4096, 1, &s32), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAENOTSOCK);
    ASSERT_EQ(s32, 0x01020304u); /* a failed call writes nothing */
    closesocket(s);
    return fx_close(t);
}

/* inet_pton is strict where inet_addr is lenient: Wine's test_inet_pton, run on Windows, gives 0
 * for "1.1.1.010" and "1.1.1.00" (no leading zero in a part), 1 for a lone "0". */
TEST(classic_inet_pton_refuses_leading_zeros) {
    unsigned char b[4] = {0xA5, 0xA5, 0xA5, 0xA5};
    ASSERT_EQ(inet_pton(AF_INET, "1.1.1.010", b), 0);
    ASSERT_EQ(inet_pton(AF_INET, "1.1.1.00", b), 0);
    ASSERT_EQ(inet_pton(AF_INET, "01.1.1.1", b), 0);
    ASSERT_EQ(b[0], 0xA5); /* nothing written */
    ASSERT_EQ(inet_pton(AF_INET, "0.10.100.0", b), 1);
    ASSERT(b[0] == 0 && b[1] == 10 && b[2] == 100 && b[3] == 0);
    return 0;
}
