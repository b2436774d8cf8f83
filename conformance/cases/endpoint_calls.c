/*
 * endpoint_calls.c: the IP Helper endpoint tables: GetExtendedTcpTable, GetTcpTable,
 * GetExtendedUdpTable and GetUdpTable list the case's own listener, both ends of its connection
 * and its bound datagram socket, with its process.
 *
 * Why: a local proxy finds which process a connection came from by looking its client's port up
 * in the TCP table; a stack whose table misses a socket, names the wrong process or gives ports
 * in the wrong byte order sends it to the wrong program's rules.  Pages on learn.microsoft.com:
 * "GetExtendedTcpTable function" (ERROR_INSUFFICIENT_BUFFER and the size needed for a buffer too
 * small; ERROR_INVALID_PARAMETER for pdwSize NULL or a family that is neither AF_INET nor
 * AF_INET6; ERROR_NOT_SUPPORTED for the BASIC classes with AF_INET6; bOrder sorts by local
 * address, local port, remote address, remote port),
 * "TCP_TABLE_CLASS enumeration" (LISTENER, CONNECTIONS, ALL), "MIB_TCPROW_OWNER_PID
 * structure" (addresses and ports in network byte order, the port in the low 16 bits),
 * "MIB_TCP6ROW_OWNER_PID structure", "GetTcpTable function", "GetExtendedUdpTable function",
 * "MIB_UDPROW_OWNER_PID structure", "GetUdpTable function".  The host's other sockets (wine's,
 * the system's) may be in the tables too: only the case's own rows are looked for.
 */
#include "cases.h"
#include "wfpcert/iphlpapi.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The table a call gives, in a buffer of the size it asks for (asked again if it grew). */
typedef DWORD (*table_fn)(PVOID, PDWORD, BOOL, ULONG, int);

static DWORD tcp_table(PVOID t, PDWORD n, BOOL order, ULONG af, int cls) {
    return GetExtendedTcpTable(t, n, order, af, (TCP_TABLE_CLASS)cls, 0);
}

static DWORD udp_table(PVOID t, PDWORD n, BOOL order, ULONG af, int cls) {
    return GetExtendedUdpTable(t, n, order, af, (UDP_TABLE_CLASS)cls, 0);
}

/* GetTcpTable and GetUdpTable in the same shape: the IPv4 BASIC tables. */
static DWORD tcp_basic(PVOID t, PDWORD n, BOOL order, ULONG af, int cls) {
    (void)af, (void)cls;
    return GetTcpTable(t, (PULONG)n, order);
}

static DWORD udp_basic(PVOID t, PDWORD n, BOOL order, ULONG af, int cls) {
    (void)af, (void)cls;
    return GetUdpTable(t, (PULONG)n, order);
}

static void *get_table(wc_ctx *c, table_fn fn, BOOL order, ULONG af, int cls, const char *what) {
    DWORD size = 0, r = ERROR_INSUFFICIENT_BUFFER;
    void *t = NULL;
    for (int tries = 0; tries < 4 && r == ERROR_INSUFFICIENT_BUFFER; tries++) {
        free(t);
        t = size ? malloc(size) : NULL;
        r = fn(t, &size, order, af, cls);
    }
    if (!wc_check(c, r == NO_ERROR && t, "%s: %lu; expected NO_ERROR after asking the size", what, (unsigned long)r)) {
        free(t);
        return NULL;
    }
    return t;
}

static USHORT port_of(const SOCKADDR_STORAGE *a) {
    return a->ss_family == AF_INET6 ? ntohs(((const SOCKADDR_IN6 *)a)->sin6_port)
                                    : ntohs(((const SOCKADDR_IN *)a)->sin_port);
}

/* How many IPv4 TCP rows have these ports (remote 0 for a listener) and the state; *others
 * counts those of them whose process is not pid. */
static int count_tcp(const MIB_TCPTABLE_OWNER_PID *t, DWORD state, USHORT lport, USHORT rport, DWORD pid, int *others) {
    int n = 0;
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        const MIB_TCPROW_OWNER_PID *r = &t->table[i];
        if (r->dwState == state && r->dwLocalPort == htons(lport) && r->dwRemotePort == htons(rport) &&
            r->dwLocalAddr == htonl(INADDR_LOOPBACK) && (rport == 0 || r->dwRemoteAddr == htonl(INADDR_LOOPBACK))) {
            n++;
            if (r->dwOwningPid != pid) ++*others;
        }
    }
    return n;
}

/* The rows of a port, whatever their state and process: what a failed count saw instead. */
static void log_port(wc_ctx *c, const MIB_TCPTABLE_OWNER_PID *t, USHORT port) {
    wc_log(c, "%lu rows in all", (unsigned long)t->dwNumEntries);
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        const MIB_TCPROW_OWNER_PID *r = &t->table[i];
        if (r->dwLocalPort == htons(port) || r->dwRemotePort == htons(port))
            wc_log(c, "row %lu: state %lu, local 0x%08lx:%u, remote 0x%08lx:%u, process %lu", (unsigned long)i,
                   (unsigned long)r->dwState, (unsigned long)ntohl(r->dwLocalAddr), ntohs((USHORT)r->dwLocalPort),
                   (unsigned long)ntohl(r->dwRemoteAddr), ntohs((USHORT)r->dwRemotePort),
                   (unsigned long)r->dwOwningPid);
    }
}

static void tcp_tables(wc_ctx *c) {
    SOCKADDR_STORAGE la, ca;
    SOCKET l = wc_on_loopback(c, AF_INET, SOCK_STREAM, 1, &la), cl = INVALID_SOCKET, sv = INVALID_SOCKET;
    if (l == INVALID_SOCKET) return;
    cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int alen = sizeof ca;
    if (!wc_check(c,
                  cl != INVALID_SOCKET && connect(cl, (struct sockaddr *)&la, sizeof(SOCKADDR_IN)) == 0 &&
                      (sv = accept(l, NULL, NULL)) != INVALID_SOCKET &&
                      getsockname(cl, (struct sockaddr *)&ca, &alen) == 0,
                  "set-up: a connection to the listener: %d", WSAGetLastError()))
        goto out;
    USHORT lp = port_of(&la), cp = port_of(&ca);
    DWORD pid = GetCurrentProcessId();

    DWORD size = 0;
    DWORD r = GetExtendedTcpTable(NULL, &size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0);
    wc_check(c, r == ERROR_INSUFFICIENT_BUFFER && size >= sizeof(DWORD) + 3 * sizeof(MIB_TCPROW_OWNER_PID),
             "GetExtendedTcpTable with no buffer: %lu, size %lu; expected ERROR_INSUFFICIENT_BUFFER and room for 3 "
             "rows or more",
             (unsigned long)r, (unsigned long)size);
    /* a buffer with room for two rows is too small whatever the host's other sockets do (the case
     * has three of its own): refused, with the size needed, and not written */
    unsigned char two[sizeof(DWORD) + 2 * sizeof(MIB_TCPROW_OWNER_PID)];
    DWORD small = sizeof two;
    memset(two, 0xA5, sizeof two);
    r = GetExtendedTcpTable(two, &small, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0);
    wc_check(c,
             r == ERROR_INSUFFICIENT_BUFFER && small >= sizeof(DWORD) + 3 * sizeof(MIB_TCPROW_OWNER_PID) &&
                 two[0] == 0xA5 && two[sizeof two - 1] == 0xA5,
             "GetExtendedTcpTable into room for two rows: %lu, size %lu, first byte 0x%02x; expected "
             "ERROR_INSUFFICIENT_BUFFER, the size needed, the buffer untouched",
             (unsigned long)r, (unsigned long)small, two[0]);
    r = GetExtendedTcpTable(NULL, NULL, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0);
    wc_check(c, r == ERROR_INVALID_PARAMETER, "GetExtendedTcpTable with pdwSize NULL: %lu; expected %d",
             (unsigned long)r, (int)ERROR_INVALID_PARAMETER);
    /* "called with the ulAf parameter set to AF_INET6 and the TableClass set to
     * TCP_TABLE_BASIC_LISTENER, TCP_TABLE_BASIC_CONNECTIONS, or TCP_TABLE_BASIC_ALL is not
     * supported and returns ERROR_NOT_SUPPORTED" */
    size = 0;
    r = GetExtendedTcpTable(NULL, &size, FALSE, AF_INET6, TCP_TABLE_BASIC_ALL, 0);
    wc_check(c, r == ERROR_NOT_SUPPORTED, "GetExtendedTcpTable(AF_INET6, TCP_TABLE_BASIC_ALL): %lu; expected %d",
             (unsigned long)r, (int)ERROR_NOT_SUPPORTED);
    size = 0;
    r = GetExtendedTcpTable(NULL, &size, FALSE, 99, TCP_TABLE_OWNER_PID_ALL, 0);
    wc_check(c, r == ERROR_INVALID_PARAMETER, "GetExtendedTcpTable of family 99: %lu; expected %d", (unsigned long)r,
             (int)ERROR_INVALID_PARAMETER);

    int others = 0; /* rows of the case's sockets that name another process */
    MIB_TCPTABLE_OWNER_PID *all = get_table(c, tcp_table, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, "OWNER_PID_ALL");
    if (all) {
        int listen = count_tcp(all, MIB_TCP_STATE_LISTEN, lp, 0, pid, &others),
            out = count_tcp(all, MIB_TCP_STATE_ESTAB, cp, lp, pid, &others),
            in = count_tcp(all, MIB_TCP_STATE_ESTAB, lp, cp, pid, &others);
        wc_check(c, listen == 1 && out == 1 && in == 1,
                 "TCP_TABLE_OWNER_PID_ALL: the listener on port %u %d times, the client's end %u->%u %d times, the "
                 "server's %u->%u %d times; expected each once",
                 lp, listen, cp, lp, out, lp, cp, in);
        if (listen != 1 || out != 1 || in != 1 || others) log_port(c, all, lp);
        free(all);
    }
    MIB_TCPTABLE_OWNER_PID *lis = get_table(c, tcp_table, FALSE, AF_INET, TCP_TABLE_OWNER_PID_LISTENER, "LISTENER");
    if (lis) {
        int listen = count_tcp(lis, MIB_TCP_STATE_LISTEN, lp, 0, pid, &others),
            out = count_tcp(lis, MIB_TCP_STATE_ESTAB, cp, lp, pid, &others);
        wc_check(c, listen == 1 && out == 0,
                 "TCP_TABLE_OWNER_PID_LISTENER: the listener %d times, the connection %d times; expected 1 and 0",
                 listen, out);
        free(lis);
    }
    MIB_TCPTABLE_OWNER_PID *con =
        get_table(c, tcp_table, TRUE, AF_INET, TCP_TABLE_OWNER_PID_CONNECTIONS, "CONNECTIONS");
    if (con) {
        int listen = count_tcp(con, MIB_TCP_STATE_LISTEN, lp, 0, pid, &others),
            out = count_tcp(con, MIB_TCP_STATE_ESTAB, cp, lp, pid, &others);
        bool sorted = true;
        for (DWORD i = 1; i < con->dwNumEntries; i++) {
            const MIB_TCPROW_OWNER_PID *a = &con->table[i - 1], *b = &con->table[i];
            unsigned long long ka = (unsigned long long)ntohl(a->dwLocalAddr) << 16 | ntohs((USHORT)a->dwLocalPort),
                               kb = (unsigned long long)ntohl(b->dwLocalAddr) << 16 | ntohs((USHORT)b->dwLocalPort);
            if (ka > kb) sorted = false;
        }
        wc_check(
            c, listen == 0 && out == 1 && sorted,
            "TCP_TABLE_OWNER_PID_CONNECTIONS, sorted: the listener %d times, the connection %d times, in order %s; "
            "expected 0, 1, yes",
            listen, out, sorted ? "yes" : "no");
        free(con);
    }
    wc_check(c, others == 0, "the owning process of the case's TCP rows: %d rows name another than %lu (this one)",
             others, (unsigned long)pid);
    /* GetTcpTable: the same sockets without the process */
    MIB_TCPTABLE *basic = get_table(c, tcp_basic, FALSE, AF_INET, 0, "GetTcpTable");
    if (basic) {
        int listen = 0;
        for (DWORD i = 0; i < basic->dwNumEntries; i++)
            if (basic->table[i].dwState == MIB_TCP_STATE_LISTEN && basic->table[i].dwLocalPort == htons(lp)) listen++;
        wc_check(c, listen == 1, "GetTcpTable: the listener on port %u %d times; expected once", lp, listen);
    }
    free(basic);
out:
    closesocket(cl);
    closesocket(sv);
    closesocket(l);
}

static void udp_and_v6_tables(wc_ctx *c) {
    SOCKADDR_STORAGE ua, l6a;
    SOCKET u = wc_on_loopback(c, AF_INET, SOCK_DGRAM, 0, &ua), l6 = wc_on_loopback(c, AF_INET6, SOCK_STREAM, 1, &l6a);
    DWORD pid = GetCurrentProcessId();
    int others = 0; /* rows of the case's sockets that name another process */
    if (u != INVALID_SOCKET) {
        USHORT up = port_of(&ua);
        MIB_UDPTABLE_OWNER_PID *t = get_table(c, udp_table, FALSE, AF_INET, UDP_TABLE_OWNER_PID, "UDP OWNER_PID");
        if (t) {
            int n = 0;
            for (DWORD i = 0; i < t->dwNumEntries; i++)
                if (t->table[i].dwLocalPort == htons(up) && t->table[i].dwLocalAddr == htonl(INADDR_LOOPBACK)) {
                    n++;
                    if (t->table[i].dwOwningPid != pid) others++;
                }
            wc_check(c, n == 1, "UDP_TABLE_OWNER_PID: the socket bound to 127.0.0.1:%u %d times; expected once", up, n);
            free(t);
        }
        MIB_UDPTABLE *b = get_table(c, udp_basic, TRUE, AF_INET, 0, "GetUdpTable");
        if (b) {
            int n = 0;
            for (DWORD i = 0; i < b->dwNumEntries; i++)
                if (b->table[i].dwLocalPort == htons(up)) n++;
            wc_check(c, n == 1, "GetUdpTable: port %u %d times; expected once", up, n);
        }
        free(b);
        closesocket(u);
    }
    if (l6 != INVALID_SOCKET) {
        USHORT lp = port_of(&l6a);
        MIB_TCP6TABLE_OWNER_PID *t =
            get_table(c, tcp_table, FALSE, AF_INET6, TCP_TABLE_OWNER_PID_LISTENER, "IPv6 OWNER_PID_LISTENER");
        if (t) {
            static const UCHAR loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
            int n = 0;
            for (DWORD i = 0; i < t->dwNumEntries; i++)
                if (t->table[i].dwLocalPort == htons(lp) && memcmp(t->table[i].ucLocalAddr, loop6, 16) == 0 &&
                    t->table[i].dwState == MIB_TCP_STATE_LISTEN) {
                    n++;
                    if (t->table[i].dwOwningPid != pid) others++;
                }
            wc_check(c, n == 1, "the IPv6 table: a listener on [::1]:%u %d times; expected once", lp, n);
            free(t);
        }
        closesocket(l6);
    }
    wc_check(c, others == 0,
             "the owning process of the case's UDP and IPv6 rows: %d rows name another than %lu (this one)", others,
             (unsigned long)pid);
}

static const wc_case cases[] = {
    WC_CASE("S3.iphlp.tcp-table", "S3", "#return-value", WC_MUST,
            "GetExtendedTcpTable answers the size needed and refuses what its page refuses; the listener and both ends "
            "of a connection appear once each with the process, by class, sorted when asked; GetTcpTable lists them",
            tcp_tables),
    WC_CASE("S3.iphlp.udp-and-v6-tables", "S3", "#return-value", WC_MUST,
            "GetExtendedUdpTable and GetUdpTable list a bound datagram socket with its process; the IPv6 TCP table "
            "lists a listener on ::1",
            udp_and_v6_tables),
};

WC_TABLE(wc_endpoint_calls, cases);
