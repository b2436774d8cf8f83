/*
 * unit_fixtures.c: the shared fixtures of the unit tests (unit_fixtures.h says what each is
 * for).  One copy, so that a fixture fixed is fixed for every file that uses it.
 */
#include "unit_fixtures.h"

#include "unit.h"

#define SIZE_UNSET 0xDEADBEEFu
#define QREC SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define SETREC SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS

wt_target *fx_open(const char *profile) {
    wt_target *t = NULL;
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    ASSERT_NOT_NULL(t);
    if (profile) ASSERT_EQ(wt_set_profile(t, profile), WT_OK);
    return t;
}

wt_target *fx_open_with(const char *knob, const char *value) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(wt_set_knob(t, knob, value), WT_OK);
    return t;
}

int fx_close(wt_target *t) {
    wt_close(t);
    return 0;
}

SOCKET fx_redirected(wt_target *t, int family, int overlapped, wt_tcp_flow *f) {
    int r = wt_tcp_redirected(t, family, overlapped, f);
    if (r != WT_OK) fprintf(stderr, "wt_tcp_redirected: %s\n", wt_error());
    ASSERT_EQ(r, WT_OK);
    ASSERT(f->accepted != INVALID_SOCKET);
    return f->accepted;
}

fx_conn fx_connection(int family, int overlapped) {
    fx_conn c;
    c.t = fx_open(NULL);
    c.s = fx_redirected(c.t, family, overlapped, &c.f);
    return c;
}

ULONG fx_issued(wt_target *t, SOCKET s, int context, void *buf, ULONG cap) {
    static uint8_t scratch[65536];
    if (!buf) {
        buf = scratch;
        cap = sizeof scratch;
    }
    ULONG n = 0;
    int r = context ? wt_issued_context(t, s, buf, cap, &n) : wt_issued_records(t, s, buf, cap, &n);
    if (r != WT_OK) fprintf(stderr, "wt_issued_*: %s\n", wt_error());
    ASSERT_EQ(r, WT_OK);
    ASSERT_GT(n, 0);
    return n;
}

int fx_ioctl(wt_target *t, int via_wsp, SOCKET s, DWORD code, void *in, DWORD cbin, void *out, DWORD cbout, DWORD *cb,
             LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr) {
    if (!via_wsp) return WSAIoctl(s, code, in, cbin, out, cbout, cb, ov, cr) ? WSAGetLastError() : 0;
    WSPPROC_TABLE tab;
    ASSERT_EQ(wt_wsp_table(t, &tab), WT_OK);
    WSATHREADID tid = {GetCurrentThread(), 0};
    int err = 0;
    int r = tab.lpWSPIoctl(s, code, in, cbin, out, cbout, cb, ov, cr, &tid, &err);
    ASSERT(r == 0 || r == SOCKET_ERROR);
    return r ? err : 0;
}

ULONG fx_query(wt_target *t, SOCKET s, DWORD code, void *buf, ULONG cap) {
    DWORD cb = SIZE_UNSET;
    ASSERT_EQ(fx_ioctl(t, 0, s, code, NULL, 0, buf, cap, &cb, NULL, NULL), 0);
    ASSERT(cb > 0 && cb <= cap);
    return cb;
}

SOCKET fx_set_socket(int family, const void *rec, ULONG n) {
    SOCKET s = WSASocket(family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT(s != INVALID_SOCKET);
    DWORD cb = SIZE_UNSET;
    ASSERT_EQ(WSAIoctl(s, SETREC, (void *)rec, n, NULL, 0, &cb, NULL, NULL), 0);
    return s;
}

SOCKET fx_loopback_listener(SOCKADDR_IN *a) {
    SOCKET l = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof *a;
    ASSERT_EQ(bind(l, (struct sockaddr *)a, sizeof *a), 0);
    ASSERT_EQ(getsockname(l, (struct sockaddr *)a, &len), 0);
    ASSERT_EQ(listen(l, 1), 0);
    return l;
}

SOCKET fx_loopback_pair(SOCKET *server) {
    SOCKADDR_IN a;
    SOCKET l = fx_loopback_listener(&a);
    SOCKET c = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT_EQ(connect(c, (struct sockaddr *)&a, sizeof a), 0);
    *server = accept(l, NULL, NULL);
    ASSERT(*server != INVALID_SOCKET);
    closesocket(l);
    return c;
}

OVERLAPPED fx_overlapped(void) {
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    return ov;
}

HANDLE fx_iocp(SOCKET s) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ASSERT_NOT_NULL(port);
    ASSERT(CreateIoCompletionPort((HANDLE)(uintptr_t)s, port, 7, 0) == port);
    return port;
}

int fx_packet(HANDLE port, LPOVERLAPPED want, BOOL *ok, DWORD *err, DWORD *bytes) {
    ULONG_PTR key = 0;
    LPOVERLAPPED got = NULL;
    *ok = GetQueuedCompletionStatus(port, bytes, &key, &got, 0);
    *err = *ok ? 0 : GetLastError();
    if (!got) return 0;
    ASSERT(got == want);
    ASSERT_EQ(key, 7);
    return 1;
}

fx_completion fx_done;

void CALLBACK fx_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    fx_done.calls++;
    fx_done.error = error;
    fx_done.bytes = bytes;
    fx_done.ov = ov;
    fx_done.flags = flags;
}

int fx_findings(wt_target *t, const char *needle, int *has) {
    static char text[65536];
    int n = wt_findings(t, text, sizeof text);
    if (has) *has = needle && strstr(text, needle) != NULL;
    if (needle && !strstr(text, needle)) fprintf(stderr, "findings (%d):\n%s", n, text);
    return n;
}

SOCKET fx_proxy_forward(wt_target *t, SOCKET accepted, const SOCKADDR_STORAGE *dst, int *err) {
    uint8_t rec[8192];
    ULONG n = fx_query(t, accepted, QREC, rec, sizeof rec);
    SOCKET s = fx_set_socket(dst->ss_family, rec, n);
    int len = dst->ss_family == AF_INET6 ? (int)sizeof(SOCKADDR_IN6) : (int)sizeof(SOCKADDR_IN);
    *err = connect(s, (const struct sockaddr *)dst, len) ? WSAGetLastError() : 0;
    return s;
}

void *fx_extension(SOCKET s, int send) {
    GUID recv_id = WSAID_WSARECVMSG, send_id = WSAID_WSASENDMSG;
    void *fn = NULL;
    DWORD cb = 0;
    ASSERT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, send ? &send_id : &recv_id, sizeof(GUID), &fn, sizeof fn,
                       &cb, NULL, NULL),
              0);
    ASSERT_EQ(cb, sizeof fn);
    ASSERT_NOT_NULL(fn);
    return fn;
}

int fx_recv_msg(SOCKET s, char *data, ULONG datalen, void *control, ULONG cap, WSAMSG *m, DWORD *got) {
    LPFN_WSARECVMSG fn = (LPFN_WSARECVMSG)fx_extension(s, 0);
    static WSABUF b;
    static SOCKADDR_STORAGE from;
    b.len = datalen;
    b.buf = data;
    memset(m, 0, sizeof *m);
    m->name = (LPSOCKADDR)&from;
    m->namelen = sizeof from;
    m->lpBuffers = &b;
    m->dwBufferCount = 1;
    m->Control.buf = control;
    m->Control.len = cap;
    *got = 0;
    return fn(s, m, got, NULL, NULL) ? WSAGetLastError() : 0;
}

const uint8_t *fx_find_cmsg(WSAMSG *m, int type, size_t *len) {
    int guard = 0;
    for (WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(m); c && guard < 16; c = WSA_CMSG_NXTHDR(m, c), guard++) {
        ASSERT(c->cmsg_len >= WSA_CMSG_LEN(0)); /* A12: a parser must not trust cmsg_len 0 */
        if (c->cmsg_type == type) {
            *len = c->cmsg_len - WSA_CMSG_LEN(0);
            return WSA_CMSG_DATA(c);
        }
    }
    return NULL;
}
