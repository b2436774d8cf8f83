/*
 * fuzz_cmsg.c: WSARecvMsg and WSASendMsg control buffers on a redirected UDP flow.
 *
 * What: the proxy socket of a redirected UDP flow receives the flow-creating datagram with
 * the IP_WFP_REDIRECT_RECORDS / _CONTEXT control messages, then later datagrams without
 * them.  The input interleaves receives (control buffer NULL, unmapped, or exactly some
 * length: 0, shorter than a header, one short of what is needed, exactly, more; data
 * buffers that truncate the datagram; a NULL message) with sends from the client through
 * WSASendMsg whose control buffers are built from the input: cmsg_len 0, below the header
 * size, past the buffer, misaligned headers, chains, unknown levels and types, duplicates,
 * oversized records.
 *
 * Why: SEMANTICS 2 lists the hazards of these buffers (A12: cmsg_len 0 never advances;
 * A13: the next header is never length-checked), and a stack writing control data past
 * Control.len (the cmsg_overrun fault) is a memory-safety bug the fuzzer must find: every
 * control buffer is allocated to exactly the length told.
 */
#include <string.h>

#include "wh.h"

#define QMAX 64

/* The control-message lengths one redirected flow carries (records, context) per family,
 * learnt once from a reference world: the target API gives the issued bytes of TCP flows
 * only, and the model is deterministic in these lengths. */
static ULONG ref_len[2][2];
static int ref_done[2];

static void reference(int af) {
    int fi = af == AF_INET6;
    if (ref_done[fi]) return;
    ref_done[fi] = 1;
    wt_target *t;
    if (wt_open(wh_target_spec(), &t) != WT_OK) return;
    wt_udp_flow f;
    static char ctl[16384];
    char data[2048];
    if (wt_udp_redirected(t, af, 0, &f) == WT_OK) {
        GUID g = WSAID_WSARECVMSG;
        LPFN_WSARECVMSG rm = NULL;
        DWORD cb = 0;
        WSAIoctl(f.proxy, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &rm, sizeof rm, &cb, NULL, NULL);
        WSABUF b = {sizeof data, data};
        WSAMSG m = {NULL, 0, &b, 1, {sizeof ctl, ctl}, 0};
        if (rm && rm(f.proxy, &m, &cb, NULL, NULL) == 0) {
            for (WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&m); c && c->cmsg_len >= sizeof *c; c = WSA_CMSG_NXTHDR(&m, c)) {
                if (c->cmsg_type == IP_WFP_REDIRECT_RECORDS) ref_len[fi][0] = (ULONG)(c->cmsg_len - WSA_CMSG_LEN(0));
                if (c->cmsg_type == IP_WFP_REDIRECT_CONTEXT) ref_len[fi][1] = (ULONG)(c->cmsg_len - WSA_CMSG_LEN(0));
            }
        }
    }
    wt_close(t);
}

typedef struct flow {
    wh_ctx *x;
    wh_sock *proxy, *stream;
    LPFN_WSARECVMSG recvmsg;
    LPFN_WSASENDMSG sendmsg;
    DWORD q[QMAX]; /* lengths of the datagrams waiting at the proxy, oldest first */
    int nq, first_pending, want_records, want_context, fi;
} flow;

/* The extension function as "any function" (void (*)(void)); callers convert it to its own type.
 * ISO C converts function pointers only to function pointers, so it never passes through void *. */
typedef void (*any_fn)(void);
static any_fn ext_fn(wh_ctx *x, wh_sock *s, GUID g, const char *what) { /* what: the C variable it is kept in */
    any_fn fn = NULL;
    DWORD cb = 0;
    wh_fdp_c("%s = NULL; { GUID g = %s; DWORD cb; WSAIoctl(%s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &%s, "
             "sizeof %s, &cb, NULL, NULL); }",
             what, what[0] == 'r' ? "WSAID_WSARECVMSG" : "WSAID_WSASENDMSG", s->name, what, what);
    if (WSAIoctl(s->s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &fn, sizeof fn, &cb, NULL, NULL))
        wh_fail("A21", "SIO_GET_EXTENSION_FUNCTION_POINTER for %s failed: %d", what, WSAGetLastError());
    return fn;
}

static void do_recv(flow *f, fdp *in) {
    wh_ctx *x = f->x;
    int stream = f->stream && wh_fdp_range(in, 0, 15) == 0;
    wh_sock *s = stream ? f->stream : f->proxy;
    ULONG need = 0;
    if (f->first_pending && !stream)
        need = (ULONG)((f->want_records ? WSA_CMSG_SPACE(ref_len[f->fi][0]) : 0) +
                       (f->want_context ? WSA_CMSG_SPACE(ref_len[f->fi][1]) : 0));
    ULONG lens[] = {0,
                    1,
                    sizeof(WSACMSGHDR) - 1,
                    sizeof(WSACMSGHDR),
                    need ? need - 1 : 0,
                    need,
                    need + 1,
                    (ULONG)WSA_CMSG_SPACE(ref_len[f->fi][0]),
                    (ULONG)WSA_CMSG_SPACE(ref_len[f->fi][0]) - 1,
                    2048,
                    0};
    unsigned which = wh_fdp_range(in, 0, sizeof lens / sizeof lens[0] - 1);
    ULONG clen = which == sizeof lens / sizeof lens[0] - 1 ? wh_fdp_range(in, 0, 4096) : lens[which];
    static const wh_ptr_kind kinds[] = {WH_P_HEAP,       WH_P_HEAP, WH_P_HEAP,     WH_P_GUARDED,
                                        WH_P_MISALIGNED, WH_P_NULL, WH_P_UNMAPPED, WH_P_READONLY};
    wh_buf ctl = wh_buffer(x, wh_fdp_pick(in, kinds), clen, NULL, 0);
    DWORD caps[] = {0, 1, f->nq && f->q[0] ? f->q[0] - 1 : 0, 64, 2048};
    wh_buf data = wh_buffer(x, WH_P_HEAP, wh_fdp_pick(in, caps), NULL, 0);
    int msg_null = wh_fdp_range(in, 0, 15) == 0;
    WSABUF *wb = wh_alloc(x, sizeof *wb);
    WSAMSG *m = wh_alloc(x, sizeof *m);
    SOCKADDR_STORAGE *from = wh_alloc(x, sizeof *from);
    if (!wb || !m || !from) wh_fail("harness", "out of memory");
    wb->len = data.cb;
    wb->buf = data.p;
    m->name = (LPSOCKADDR)from;
    m->namelen = sizeof *from;
    m->lpBuffers = wb;
    m->dwBufferCount = 1;
    m->Control.len = clen;
    m->Control.buf = ctl.p;
    DWORD bytes = 0xDEADBEEFu;
    wh_fdp_step("WSARecvMsg(%s, %s, control %s/%lu, data %lu)", s->name, msg_null ? "NULL" : "msg",
                ctl.p ? ctl.name : "NULL", (unsigned long)clen, (unsigned long)data.cb);
    wh_fdp_c("{ WSABUF wb = {%lu, (CHAR *)%s}; SOCKADDR_STORAGE from; WSAMSG m = {(LPSOCKADDR)&from, sizeof from, &wb, "
             "1, {%lu, (CHAR *)%s}, 0};",
             (unsigned long)data.cb, data.name, (unsigned long)clen, ctl.name);
    wh_fdp_c("  DWORD n = 0; r = recvmsg_fn(%s, %s, &n, NULL, NULL); printf(\"WSARecvMsg -> %%d err %%d bytes %%lu "
             "control %%lu flags 0x%%lx\\n\", r, r ? WSAGetLastError() : 0, (unsigned long)n, (unsigned "
             "long)m.Control.len, (unsigned long)m.dwFlags); }",
             s->name, msg_null ? "NULL" : "&m");
    int r = f->recvmsg(s->s, msg_null ? NULL : m, &bytes, NULL, NULL);
    int err = r ? WSAGetLastError() : 0;
    char en[64];
    wh_fdp_step("  -> %d, %s, %lu bytes, Control.len %lu, dwFlags 0x%lx", r, wc_oracle_error_name(err, en, sizeof en),
                (unsigned long)bytes, (unsigned long)m->Control.len, (unsigned long)m->dwFlags);
    wc_oracle_recvmsg j;
    memset(&j, 0, sizeof j);
    j.msg_null = msg_null;
    j.control_null = ctl.p == NULL;
    j.control_len_in = clen;
    j.control_bad = ctl.kind != WC_ORACLE_P_VALID;
    j.stream = stream;
    j.queued = !stream && f->nq > 0;
    j.first_of_flow = f->first_pending;
    j.want_records = f->want_records;
    j.want_context = f->want_context;
    j.records_len = ref_len[f->fi][0];
    j.context_len = ref_len[f->fi][1];
    j.datagram_len = f->nq ? f->q[0] : 0;
    j.data_cap = data.cb;
    j.ret = r;
    j.err = err;
    j.bytes = bytes;
    j.control_len_out = m->Control.len;
    j.flags_out = m->dwFlags;
    j.control = ctl.p;
    char why[512];
    const char *clause = wc_oracle_judge_recvmsg(wh_t(x), &j, why, sizeof why);
    if (clause) wh_fail(clause, "WSARecvMsg on %s: %s", s->name, why);
    /* The datagram is gone once it was delivered, whole or truncated (A63). */
    if (j.queued && !msg_null && (r == 0 || err == WSAEMSGSIZE)) {
        memmove(f->q, f->q + 1, (size_t)(f->nq - 1) * sizeof f->q[0]);
        f->nq--;
        f->first_pending = 0;
    }
    wh_sink += bytes;
}

/* Builds a control buffer of up to 4 messages from the input; returns its length. */
static size_t build_control(fdp *in, uint8_t *buf, size_t cap, int *records) {
    size_t at = 0;
    int n = (int)wh_fdp_range(in, 0, 4);
    *records = 0;
    for (int i = 0; i < n; i++) {
        const uint8_t *p;
        size_t dlen = wh_fdp_bytes(in, wh_fdp_range(in, 0, 64), &p);
        if (wh_fdp_range(in, 0, 7) == 0) at += wh_fdp_range(in, 1, 7); /* a misaligned header */
        if (at + WSA_CMSG_SPACE(dlen) > cap) break;
        static const INT levels[] = {IPPROTO_IP, IPPROTO_IP, IPPROTO_IPV6, SOL_SOCKET, 0x7fffffff};
        static const INT types[] = {IP_WFP_REDIRECT_RECORDS, IP_WFP_REDIRECT_RECORDS, IP_WFP_REDIRECT_CONTEXT,
                                    IP_PKTINFO, -1};
        WSACMSGHDR h;
        size_t lens[] = {WSA_CMSG_LEN(dlen), WSA_CMSG_LEN(dlen), 0, sizeof(WSACMSGHDR) / 2, WSA_CMSG_LEN(dlen) + 64, 0};
        unsigned which = wh_fdp_range(in, 0, 5);
        h.cmsg_len = which == 5 ? (SIZE_T)wh_fdp_u32(in) : (SIZE_T)lens[which];
        h.cmsg_level = wh_fdp_pick(in, levels);
        h.cmsg_type = wh_fdp_pick(in, types);
        memcpy(buf + at, &h, sizeof h);
        memcpy(buf + at + WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)), p, dlen);
        *records +=
            (h.cmsg_level == IPPROTO_IP || h.cmsg_level == IPPROTO_IPV6) && h.cmsg_type == IP_WFP_REDIRECT_RECORDS;
        at += WSA_CMSG_SPACE(dlen);
    }
    return at;
}

static void do_send(flow *f, fdp *in) {
    wh_ctx *x = f->x;
    static uint8_t scratch[1024];
    int records = 0;
    int stream = f->stream && wh_fdp_range(in, 0, 15) == 0;
    size_t built = build_control(in, scratch, sizeof scratch, &records);
    ULONG clen = (ULONG)built;
    if (wh_fdp_range(in, 0, 7) == 0) clen = wh_fdp_range(in, 0, (uint32_t)built); /* Control.len cut short */
    static const wh_ptr_kind kinds[] = {WH_P_HEAP, WH_P_HEAP, WH_P_HEAP, WH_P_MISALIGNED, WH_P_NULL, WH_P_UNMAPPED};
    wh_buf ctl = wh_buffer(x, wh_fdp_pick(in, kinds), clen, scratch, clen);
    const uint8_t *p;
    size_t dlen = wh_fdp_bytes(in, wh_fdp_range(in, 0, 64), &p);
    wh_buf data = wh_buffer(x, WH_P_HEAP, (DWORD)dlen, p, dlen);
    DWORD flags = wh_fdp_range(in, 0, 15) == 0 ? wh_fdp_u32(in) : 0;
    WSABUF *wb = wh_alloc(x, sizeof *wb);
    WSAMSG *m = wh_alloc(x, sizeof *m);
    if (!wb || !m) wh_fail("harness", "out of memory");
    wb->len = data.cb;
    wb->buf = data.p;
    m->name = (LPSOCKADDR)&f->proxy->original_dst;
    m->namelen = f->fi ? (INT)sizeof(struct sockaddr_in6) : (INT)sizeof(struct sockaddr_in);
    m->lpBuffers = wb;
    m->dwBufferCount = 1;
    m->Control.len = clen;
    m->Control.buf = ctl.p;
    SOCKET s = stream ? f->stream->s : f->proxy->peer;
    wh_fdp_step("WSASendMsg(%s, control %s/%lu with %d records message(s), %zu data bytes, flags 0x%lx)",
                stream ? f->stream->name : "the client", ctl.p ? ctl.name : "NULL", (unsigned long)clen, records, dlen,
                (unsigned long)flags);
    wh_fdp_c(
        "{ WSABUF wb = {%zu, (CHAR *)%s}; WSAMSG m = {(LPSOCKADDR)&u1.original_dst, %d, &wb, 1, {%lu, (CHAR *)%s}, 0};",
        dlen, data.name, (int)m->namelen, (unsigned long)clen, ctl.name);
    wh_fdp_c("  DWORD n = 0; r = sendmsg_fn(%s, &m, 0x%lxu, &n, NULL, NULL); printf(\"WSASendMsg -> %%d err %%d\\n\", "
             "r, r ? WSAGetLastError() : 0); }",
             stream ? f->stream->name : "u1.client", (unsigned long)flags);
    DWORD bytes = 0;
    int r = f->sendmsg(s, m, flags, &bytes, NULL, NULL);
    wc_oracle_sendmsg j;
    memset(&j, 0, sizeof j);
    j.control_null = ctl.p == NULL;
    j.control_len = clen;
    j.control_bad = ctl.kind != WC_ORACLE_P_VALID;
    j.stream = stream;
    j.flags = flags;
    /* What the stack can see is Control.len bytes, not what was built. */
    j.malformed = ctl.kind == WC_ORACLE_P_VALID && wc_oracle_cmsg_count(ctl.p, clen, &j.records_cmsgs) < 0;
    j.genuine = 0; /* input bytes are never a sealed blob */
    j.data_len = (DWORD)dlen;
    j.ret = r;
    j.err = r ? WSAGetLastError() : 0;
    j.bytes = bytes;
    char en[64], why[512];
    wh_fdp_step("  -> %d, %s", r, wc_oracle_error_name(j.err, en, sizeof en));
    const char *clause = wc_oracle_judge_sendmsg(wh_t(x), &j, why, sizeof why);
    if (clause) wh_fail(clause, "WSASendMsg: %s", why);
    if (r == 0 && !stream && f->nq < QMAX) f->q[f->nq++] = (DWORD)dlen; /* the same flow: to the proxy */
}

int wh_fuzz_cmsg(const uint8_t *data, size_t size) {
    fdp in;
    wh_fdp_init(&in, data, size);
    int af = wh_fdp_bool(&in) ? AF_INET6 : AF_INET;
    reference(af); /* before this input's world: a target is the process's current world */
    wh_ctx x;
    wh_begin(&x, &in);
    flow f;
    memset(&f, 0, sizeof f);
    f.x = &x;
    f.fi = af == AF_INET6;
    f.proxy = wh_socket(&x, WH_S_UDP_PROXY, af, wh_fdp_bool(&in));
    if (!f.proxy) wh_fail("harness", "no UDP flow");
    f.q[f.nq++] = 23; /* wt_udp_redirected's flow-creating datagram, "flow-creating datagram" + NUL */
    f.first_pending = f.want_records = f.want_context = 1;
    wh_t(&x); /* from here on the input works on the running target */
    u_long nb = 1; /* nothing may block: an empty queue is WSAEWOULDBLOCK, not a hang */
    wh_fdp_c("{ u_long nb = 1; ioctlsocket(%s, FIONBIO, &nb); }", f.proxy->name);
    ioctlsocket(f.proxy->s, FIONBIO, &nb);
    f.recvmsg = (LPFN_WSARECVMSG)ext_fn(&x, f.proxy, (GUID)WSAID_WSARECVMSG, "recvmsg_fn");
    f.sendmsg = (LPFN_WSASENDMSG)ext_fn(&x, f.proxy, (GUID)WSAID_WSASENDMSG, "sendmsg_fn");
    if (wh_fdp_range(&in, 0, 3) == 0) f.stream = wh_socket(&x, WH_S_REDIRECTED, af, 0);
    if (wh_fdp_range(&in, 0, 3) == 0) { /* the proxy may ask for only one of the two (A60) */
        int which = wh_fdp_bool(&in);
        int level = af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
        DWORD off = 0;
        wh_fdp_step("setsockopt(%s, %s, off)", f.proxy->name,
                    which ? "IP_WFP_REDIRECT_CONTEXT" : "IP_WFP_REDIRECT_RECORDS");
        wh_fdp_c("{ DWORD off = 0; setsockopt(%s, %d, %d, (const char *)&off, 4); }", f.proxy->name, level,
                 which ? IP_WFP_REDIRECT_CONTEXT : IP_WFP_REDIRECT_RECORDS);
        setsockopt(f.proxy->s, level, which ? IP_WFP_REDIRECT_CONTEXT : IP_WFP_REDIRECT_RECORDS, (const char *)&off, 4);
        if (which)
            f.want_context = 0;
        else
            f.want_records = 0;
    }
    for (int step = 0; step < 8 && wh_fdp_remaining(&in); step++) {
        switch (wh_fdp_range(&in, 0, 3)) {
        case 0:
        case 1:
            do_recv(&f, &in);
            break;
        case 2:
            do_send(&f, &in);
            break;
        default: {
            const uint8_t *p;
            size_t n = wh_fdp_bytes(&in, wh_fdp_range(&in, 0, 100), &p);
            wh_fdp_step("another datagram of %zu bytes from the client", n);
            wh_fdp_c_bytes("{ static const unsigned char more[]", p, n);
            wh_fdp_c("  wt_udp_send_more(t, &u1, more, %zu); }", n);
            wt_udp_flow uf = {f.proxy->peer, f.proxy->s, f.proxy->original_dst, 1};
            if (wt_udp_send_more(wh_t(&x), &uf, p, (int)n) == WT_OK && f.nq < QMAX) f.q[f.nq++] = (DWORD)n;
            break;
        }
        }
    }
    wh_end(&x);
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
WH_FUZZ_ENTRY(wh_fuzz_cmsg)
#endif
