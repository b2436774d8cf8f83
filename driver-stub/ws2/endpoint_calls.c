/*
 * endpoint_calls.c: the IP Helper endpoint tables, GetExtendedTcpTable, GetTcpTable,
 * GetExtendedUdpTable and GetUdpTable: the listeners, connections and bound datagram sockets
 * of the host, each with the process that owns it.
 *
 * Why: a local proxy logs which program a connection came from by finding the client's port in
 * the TCP table (the netstat way, older than the redirect context); monitoring tools list the
 * table outright.  Without these such a program does not link against the model; and what they
 * list must be the model's own sockets, as its getsockname and getpeername name them, or the
 * program pins a connection on the wrong process.
 *
 * Behaviour, from learn.microsoft.com ("GetExtendedTcpTable function", "GetTcpTable function",
 * "GetExtendedUdpTable function", "GetUdpTable function", "TCP_TABLE_CLASS enumeration",
 * "MIB_TCPROW_OWNER_PID structure", "MIB_TCP6ROW_OWNER_PID structure"):
 *   rows  TCP: every listening socket (MIB_TCP_STATE_LISTEN, the remote end 0), every connection
 *       (ESTAB; SYN_SENT while a connect is pending; FIN_WAIT2 after the socket's own
 *       shutdown(SD_SEND), CLOSE_WAIT after its peer's).  UDP: every bound socket.  A table holds
 *       one family: AF_INET the IPv4 sockets, AF_INET6 the IPv6 ones (dual-stack included).
 *       Addresses in network order; ports in network order in the low 16 bits of a DWORD; the
 *       owning process is the socket's (the model's process ids).
 *   classes  BASIC (no process), OWNER_PID, OWNER_MODULE (TCP: the module information zeroed, as
 *       the model has no module to name; UDP: ERROR_NOT_SUPPORTED); LISTENER, CONNECTIONS or
 *       ALL.  BASIC is IPv4 only: "called with the ulAf parameter set to AF_INET6 and the
 *       TableClass set to TCP_TABLE_BASIC_... is not supported and returns ERROR_NOT_SUPPORTED"
 *       (the UDP page does not say; the model answers UDP_TABLE_BASIC the same way).
 *       ERROR_INVALID_PARAMETER for a family or class of none of these, and for pdwSize NULL.
 *   sizes  A buffer that is NULL or smaller than the table: ERROR_INSUFFICIENT_BUFFER and the size
 *       needed, the buffer not written.  bOrder sorts by local address, local port, remote
 *       address and remote port; otherwise the order is the sockets' (by handle).
 * GetTcpTable and GetUdpTable are the BASIC IPv4 tables.  No Winsock start is needed: a process
 * with no socket has empty tables.
 */
#include "../net/net.h"
#include "../kernel/heap.h"
#include "wfpcert/iphlpapi.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { ROW_BASIC, ROW_PID, ROW_MODULE };

/* One endpoint, whatever the table's layout. */
typedef struct endpoint {
    uint64_t handle;
    DWORD state, pid;
    uint8_t local[16], remote[16];
    USHORT lport, rport; /* host order */
} endpoint;

typedef struct gather {
    int af, type;
    bool listeners, connections;
    endpoint *rows;
    size_t n, cap;
    bool oom;
} gather;

static DWORD tcp_state(const ms_socket *sk) {
    if (sk->state == SK_LISTENING) return MIB_TCP_STATE_LISTEN;
    if (sk->state == SK_CONNECTING) return MIB_TCP_STATE_SYN_SENT;
    if (sk->shut_send) return MIB_TCP_STATE_FIN_WAIT2;
    if (sk->rx_eof) return MIB_TCP_STATE_CLOSE_WAIT;
    return MIB_TCP_STATE_ESTAB;
}

static void address_of(const SOCKADDR_STORAGE *a, uint8_t out[16], USHORT *port) {
    memset(out, 0, 16);
    if (a->ss_family == AF_INET6)
        memcpy(out, &((const struct sockaddr_in6 *)a)->sin6_addr, 16);
    else
        memcpy(out, &((const struct sockaddr_in *)a)->sin_addr, 4);
    *port = ms_addr_port(a);
}

static void collect(ms_world *w, void *obj, void *arg) {
    (void)w;
    ms_socket *sk = obj;
    gather *g = arg;
    if (sk->af != g->af || sk->type != g->type || !sk->has_local || sk->state == SK_CLOSED) return;
    if (g->type == SOCK_STREAM) {
        bool listening = sk->state == SK_LISTENING;
        bool connection = sk->state == SK_CONNECTING || sk->state == SK_CONNECTED;
        if (!(listening ? g->listeners : connection && g->connections)) return;
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        endpoint *r = ms_realloc(g->rows, cap * sizeof *r);
        if (!r) {
            g->oom = true;
            return;
        }
        g->rows = r;
        g->cap = cap;
    }
    endpoint *e = &g->rows[g->n++];
    memset(e, 0, sizeof *e);
    e->handle = sk->handle;
    e->pid = sk->pid;
    e->state = g->type == SOCK_STREAM ? tcp_state(sk) : 0;
    address_of(&sk->local, e->local, &e->lport);
    if (sk->has_remote && sk->state != SK_LISTENING) address_of(&sk->remote, e->remote, &e->rport);
}

static int by_address(const void *pa, const void *pb) {
    const endpoint *a = pa, *b = pb;
    int c = memcmp(a->local, b->local, 16);
    if (c) return c;
    if (a->lport != b->lport) return a->lport < b->lport ? -1 : 1;
    if ((c = memcmp(a->remote, b->remote, 16)) != 0) return c;
    return a->rport == b->rport ? 0 : a->rport < b->rport ? -1 : 1;
}

static int by_handle(const void *pa, const void *pb) {
    const endpoint *a = pa, *b = pb;
    return a->handle == b->handle ? 0 : a->handle < b->handle ? -1 : 1;
}

static size_t row_size(int af, int type, int layout) {
    if (type == SOCK_DGRAM)
        return af == AF_INET6        ? sizeof(MIB_UDP6ROW_OWNER_PID)
               : layout == ROW_BASIC ? sizeof(MIB_UDPROW)
                                     : sizeof(MIB_UDPROW_OWNER_PID);
    if (af == AF_INET6) return layout == ROW_MODULE ? sizeof(MIB_TCP6ROW_OWNER_MODULE) : sizeof(MIB_TCP6ROW_OWNER_PID);
    return layout == ROW_BASIC ? sizeof(MIB_TCPROW)
           : layout == ROW_PID ? sizeof(MIB_TCPROW_OWNER_PID)
                               : sizeof(MIB_TCPROW_OWNER_MODULE);
}

static DWORD port_field(USHORT port) { return (DWORD)htons(port); }

static DWORD v4(const uint8_t a[16]) {
    DWORD d;
    memcpy(&d, a, 4);
    return d;
}

/* One row in the table's layout; every layout begins with the fields of the one before it
 * (BASIC, then the process, then the module), IPv6 rows excepted, which have their own order. */
static void put_row(uint8_t *at, const endpoint *e, int af, int type, int layout) {
    memset(at, 0, row_size(af, type, layout));
    if (type == SOCK_DGRAM && af == AF_INET6) {
        MIB_UDP6ROW_OWNER_PID *r = (void *)at;
        memcpy(r->ucLocalAddr, e->local, 16);
        r->dwLocalPort = port_field(e->lport);
        r->dwOwningPid = e->pid;
    } else if (type == SOCK_DGRAM) {
        MIB_UDPROW_OWNER_PID *r = (void *)at;
        r->dwLocalAddr = v4(e->local);
        r->dwLocalPort = port_field(e->lport);
        if (layout != ROW_BASIC) r->dwOwningPid = e->pid;
    } else if (af == AF_INET6) {
        MIB_TCP6ROW_OWNER_PID *r = (void *)at;
        memcpy(r->ucLocalAddr, e->local, 16);
        memcpy(r->ucRemoteAddr, e->remote, 16);
        r->dwLocalPort = port_field(e->lport);
        r->dwRemotePort = port_field(e->rport);
        r->dwState = e->state;
        r->dwOwningPid = e->pid;
    } else {
        MIB_TCPROW_OWNER_PID *r = (void *)at;
        r->dwState = e->state;
        r->dwLocalAddr = v4(e->local);
        r->dwLocalPort = port_field(e->lport);
        r->dwRemoteAddr = v4(e->remote);
        r->dwRemotePort = port_field(e->rport);
        if (layout != ROW_BASIC) r->dwOwningPid = e->pid;
    }
}

/* The table of one family and socket type, its rows after the count (8-byte aligned when a row
 * holds a 64-bit field, as the SDK's structures lay them out). */
static DWORD table(void *out, PDWORD size, BOOL order, int af, int type, int layout, bool listeners, bool connections) {
    if (!size || !ms_probe_write(size, sizeof *size)) return ERROR_INVALID_PARAMETER;
    gather g = {af, type, listeners, connections, NULL, 0, 0, false};
    ms_world *w = ms_world_winsock();
    if (w) {
        ms_lock(w);
        ms_handle_each_locked(w, MS_H_SOCKET, collect, &g);
        ms_unlock(w);
    }
    if (g.oom) {
        ms_free(g.rows);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t head = layout == ROW_MODULE ? offsetof(MIB_TCPTABLE_OWNER_MODULE, table) : sizeof(DWORD);
    size_t row = row_size(af, type, layout);
    size_t need = head + (g.n ? g.n : 1) * row; /* the structure has room for one row (ANY_SIZE) */
    if (!out || *size < need) {
        ms_free(g.rows);
        *size = (DWORD)need;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    if (!ms_probe_write(out, need)) {
        ms_free(g.rows);
        return ERROR_INVALID_PARAMETER;
    }
    if (g.n) qsort(g.rows, g.n, sizeof *g.rows, order ? by_address : by_handle);
    memset(out, 0, head);
    DWORD n = (DWORD)g.n;
    memcpy(out, &n, sizeof n);
    for (size_t i = 0; i < g.n; i++) put_row((uint8_t *)out + head + i * row, &g.rows[i], af, type, layout);
    ms_free(g.rows);
    return NO_ERROR;
}

DWORD WINAPI GetExtendedTcpTable(PVOID out, PDWORD size, BOOL order, ULONG af, TCP_TABLE_CLASS cls, ULONG reserved) {
    (void)reserved;
    if ((af != AF_INET && af != AF_INET6) || (unsigned)cls > TCP_TABLE_OWNER_MODULE_ALL) return ERROR_INVALID_PARAMETER;
    if (af == AF_INET6 && cls <= TCP_TABLE_BASIC_ALL) return ERROR_NOT_SUPPORTED;
    int kind = (int)cls % 3; /* LISTENER, CONNECTIONS, ALL */
    int layout = cls <= TCP_TABLE_BASIC_ALL ? ROW_BASIC : cls <= TCP_TABLE_OWNER_PID_ALL ? ROW_PID : ROW_MODULE;
    return table(out, size, order, (int)af, SOCK_STREAM, layout, kind != 1, kind != 0);
}

ULONG WINAPI GetTcpTable(PMIB_TCPTABLE out, PULONG size, BOOL order) {
    return GetExtendedTcpTable(out, (PDWORD)size, order, AF_INET, TCP_TABLE_BASIC_ALL, 0);
}

DWORD WINAPI GetExtendedUdpTable(PVOID out, PDWORD size, BOOL order, ULONG af, UDP_TABLE_CLASS cls, ULONG reserved) {
    (void)reserved;
    if ((af != AF_INET && af != AF_INET6) || (unsigned)cls > UDP_TABLE_OWNER_MODULE) return ERROR_INVALID_PARAMETER;
    /* the model has no module to name; IPv6 without the process: as the TCP page says of TCP */
    if (cls == UDP_TABLE_OWNER_MODULE || (af == AF_INET6 && cls == UDP_TABLE_BASIC)) return ERROR_NOT_SUPPORTED;
    return table(out, size, order, (int)af, SOCK_DGRAM, cls == UDP_TABLE_BASIC ? ROW_BASIC : ROW_PID, true, true);
}

ULONG WINAPI GetUdpTable(PMIB_UDPTABLE out, PULONG size, BOOL order) {
    return GetExtendedUdpTable(out, (PDWORD)size, order, AF_INET, UDP_TABLE_BASIC, 0);
}
