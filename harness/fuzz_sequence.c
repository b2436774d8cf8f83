/*
 * fuzz_sequence.c: sequences of API calls over several sockets.
 *
 * What: the input is a list of commands (an opcode byte and its arguments, at most 24):
 * create a scenario socket, one control call chosen like fuzz_ioctl, QUERY twice, the proxy
 * step (QUERY, SET on a new socket, connect), send and receive, close, SIO_FLUSH, an
 * overlapped QUERY left pending, alertable waits, wt_pump and wt_complete_pended, and the other
 * Winsock calls of api_calls.c (ConnectEx, select, address text and names).  After
 * every command the target's own checker must have nothing to say, and pending operations
 * must end the way SEMANTICS says when their socket closes (A27, A47) or when they are
 * waited for (A46).
 *
 * Why: single calls cannot show state bugs: records that change between two queries
 * (A42), a pending call forgotten on close (A47), a completion that arrives twice, a flow
 * whose records send the proxy's own connect back to the proxy (A76).
 */
#include <string.h>

#include "wh.h"

#define MAX_COMMANDS 24
#define MAX_HELD 4
#define QUERY_CAP 8192

/* An overlapped QUERY left pending on purpose, judged when it ends. */
typedef struct held {
    wh_sock *s;
    WSAOVERLAPPED *ov;
    WSAEVENT ev;
    uint8_t *out;
    ULONG need;
    int done;
    int flushes; /* its socket's SIO_FLUSH count when it started: a later flush may abort it (A27) */
} held;

typedef struct seq {
    wh_ctx *x;
    held held[MAX_HELD];
    int nheld;
} seq;

static void verifier(wh_ctx *x, const char *after) {
    char text[1024];
    if (wh_findings(x, text, sizeof text) > 0) wh_fail("verifier", "after %s: %s", after, text);
}

static wh_sock *pick_sock(wh_ctx *x) {
    if (!x->nsocks) return NULL;
    return &x->socks[wh_fdp_range(x->in, 0, (uint32_t)x->nsocks - 1)];
}

/* A synchronous QUERY into a heap buffer; returns the length, 0 on failure. */
static ULONG query(wh_ctx *x, wh_sock *s, DWORD code, uint8_t *buf) {
    DWORD cb = 0;
    wh_fdp_c("{ static unsigned char q[%d]; DWORD cb = 0; r = WSAIoctl(%s, 0x%08lXu, NULL, 0, q, sizeof q, &cb, NULL, "
             "NULL); }",
             QUERY_CAP, s->name, (unsigned long)code);
    int r = WSAIoctl(s->s, code, NULL, 0, buf, QUERY_CAP, &cb, NULL, NULL);
    return r == 0 ? cb : 0;
}

static void query_twice(seq *q, wh_sock *s) {
    static uint8_t a[QUERY_CAP], b[QUERY_CAP];
    DWORD code =
        wh_fdp_bool(q->x->in) ? SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT : SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS;
    wh_fdp_step("%s twice on %s", wh_code_name(code), s->name);
    ULONG n1 = query(q->x, s, code, a), n2 = query(q->x, s, code, b);
    if (n1 != n2 || memcmp(a, b, n1) != 0)
        wh_fail("A42", "two QUERYs on %s gave %lu and %lu bytes%s", s->name, (unsigned long)n1, (unsigned long)n2,
                n1 == n2 ? " that differ" : "");
}

/* The proxy step of SEMANTICS 5: QUERY the records, SET them on a new socket, connect. */
static void proxy_step(seq *q, wh_sock *s) {
    static uint8_t rec[QUERY_CAP];
    wh_ctx *x = q->x;
    if (s->kind != WH_S_REDIRECTED || s->closed) return;
    wh_fdp_step("proxy step from %s", s->name);
    ULONG n = query(x, s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, rec);
    if (!n) wh_fail("A33", "QUERY_RECORDS failed on a redirected socket: %d", WSAGetLastError());
    int af = s->original_dst.ss_family == AF_INET6 ? AF_INET6 : AF_INET;
    wh_sock *out = wh_socket(x, WH_S_FRESH, af, 1);
    if (!out) return;
    DWORD cb = 0;
    wh_fdp_c(
        "{ DWORD cb; r = WSAIoctl(%s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, q, %lu, NULL, 0, &cb, NULL, NULL); }",
        out->name, (unsigned long)n);
    if (WSAIoctl(out->s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &cb, NULL, NULL))
        wh_fail("A51", "SET of the records just queried failed on a fresh socket: %d", WSAGetLastError());
    u_long nb = 1;
    ioctlsocket(out->s, FIONBIO, &nb);
    ioctlsocket(s->listener, FIONBIO, &nb);
    wh_fdp_c("{ u_long nb = 1; ioctlsocket(%s, FIONBIO, &nb); connect(%s, (struct sockaddr *)&f%d.original_dst, %d); "
             "wt_complete_pended(t); }",
             out->name, out->name, (int)(s - x->socks) + 1, af == AF_INET6 ? 28 : 16);
    connect(out->s, (struct sockaddr *)&s->original_dst, af == AF_INET6 ? 28 : 16);
    wt_complete_pended(wh_t(x));
    out->state = WC_ORACLE_S_CONNECTED; /* on its way, as far as later commands care */
    if (accept(s->listener, NULL, NULL) != INVALID_SOCKET)
        wh_fail("A76", "the proxy's connect carrying the flow's records came back to the proxy");
}

static void hold_query(seq *q, wh_sock *s) {
    wh_ctx *x = q->x;
    if (q->nheld == MAX_HELD || s->kind != WH_S_REDIRECTED || s->closed || !s->overlapped) return;
    held *h = &q->held[q->nheld];
    h->need = wh_issued(x, s, 0, NULL, 0);
    h->out = wh_alloc(x, QUERY_CAP);
    h->ov = wh_alloc(x, sizeof *h->ov);
    if (!h->out || !h->ov || !h->need || h->need == WC_ORACLE_LEN_UNKNOWN) return; /* unknown: nothing to judge it by */
    wh_set_knob(x, "ioctl_completion", "deferred"); /* so it really pends (A46) */
    h->ev = WSACreateEvent();
    h->ov->hEvent = h->ev;
    h->s = s;
    h->flushes = s->flushes;
    wh_fdp_step("overlapped QUERY_RECORDS on %s, left pending", s->name);
    wh_fdp_c("WSAOVERLAPPED *h%d = calloc(1, sizeof *h%d); h%d->hEvent = WSACreateEvent(); unsigned char *hb%d = "
             "malloc(%d);",
             q->nheld, q->nheld, q->nheld, q->nheld, QUERY_CAP);
    wh_fdp_c(
        "{ DWORD cb; r = WSAIoctl(%s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, hb%d, %d, &cb, h%d, NULL); }",
        s->name, q->nheld, QUERY_CAP, q->nheld);
    DWORD cb = 0xDEADBEEFu;
    int r = WSAIoctl(s->s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, h->out, QUERY_CAP, &cb, h->ov, NULL);
    if (r == 0) {
        h->done = 1; /* a stack may complete at once after all */
    } else if (WSAGetLastError() != WSA_IO_PENDING) {
        wh_fail("A46", "overlapped QUERY_RECORDS on a redirected socket failed: %d", WSAGetLastError());
    }
    q->nheld++;
}

/* Pending QUERYs whose socket is open must now complete with the records (A46); those whose
 * socket closed must have ended, aborted or completed (A27, A47). */
static void settle(seq *q, int wait) {
    static uint8_t want[QUERY_CAP];
    for (int i = 0; i < q->nheld; i++) {
        held *h = &q->held[i];
        if (h->done) continue;
        if (h->s->closed) {
            LONG st = (LONG)h->ov->Internal;
            if (st == (LONG)STATUS_PENDING)
                wh_fail("A47", "a pending QUERY on %s still pends after closesocket", h->s->name);
            if (st != 0 && st != (LONG)STATUS_CANCELLED)
                wh_fail("A47", "a QUERY pending at closesocket ended with 0x%08lx, not STATUS_CANCELLED",
                        (unsigned long)st);
            h->done = 1;
            continue;
        }
        if (!wait) continue;
        DWORD n = 0, fl = 0;
        wh_fdp_c("{ DWORD n, fl; WSAGetOverlappedResult(%s, h%d, &n, TRUE, &fl); }", h->s->name, i);
        if (!WSAGetOverlappedResult(h->s->s, h->ov, &n, TRUE, &fl) && h->s->flushes > h->flushes &&
            WSAGetLastError() == WSA_OPERATION_ABORTED) {
            h->done = 1;
            continue;
        }
        if (!WSAGetOverlappedResult(h->s->s, h->ov, &n, TRUE, &fl))
            wh_fail("A46", "the pending QUERY on %s ended with %d", h->s->name, WSAGetLastError());
        ULONG got = wh_issued(q->x, h->s, 0, want, sizeof want);
        if (n != h->need || got != h->need || memcmp(want, h->out, n) != 0)
            wh_fail("A46", "the pending QUERY on %s completed with %lu bytes, not the %lu-byte blob issued", h->s->name,
                    (unsigned long)n, (unsigned long)h->need);
        h->done = 1;
    }
}

/* Where the profile says SIO_FLUSH aborts (A27 reading of the WFP error tables), what pended
 * on a socket has ended by the time a successful SIO_FLUSH on it returns, whichever command
 * made the call (the flush command, or a random ioctl that drew SIO_FLUSH). */
static void flushed(seq *q, const char *after) {
    const char *flush = NULL;
    for (int k = 0; k < q->nheld; k++) {
        held *h = &q->held[k];
        if (h->done || h->s->closed || h->s->flushes == h->flushes) continue;
        if (!flush) flush = wt_get_knob(wh_t(q->x), "flush");
        if (flush && strcmp(flush, "abort") == 0 && (LONG)h->ov->Internal == (LONG)STATUS_PENDING)
            wh_fail("A27", "after %s: SIO_FLUSH on %s returned with an operation on it still pending", after,
                    h->s->name);
    }
}

int wh_fuzz_sequence(const uint8_t *data, size_t size) {
    fdp in;
    wh_fdp_init(&in, data, size);
    wh_ctx x;
    wh_begin(&x, &in);
    seq q;
    memset(&q, 0, sizeof q);
    q.x = &x;
    wh_choose_profile(&x);
    for (int i = 0; i < MAX_COMMANDS && wh_fdp_remaining(&in); i++) {
        unsigned op = wh_fdp_u8(&in) % 12;
        wh_sock *s = op ? pick_sock(&x) : NULL;
        if (op && !s) op = 0; /* the first command always makes a socket */
        if (op) wh_t(&x); /* every other command works on the running target */
        static const char *const names[] = {"new socket", "ioctl",           "query twice", "proxy step",
                                            "send/recv",  "close",           "hold query",  "wait",
                                            "pump",       "complete pended", "flush",       "winsock call"};
        switch (op) {
        case 0: {
            if (x.nsocks >= WH_MAX_SOCKS - 2) break; /* proxy steps need room too */
            wh_sock_kind k = (wh_sock_kind)wh_fdp_range(&in, 0, WH_S_COUNT - 1);
            int af = wh_fdp_bool(&in) ? AF_INET6 : AF_INET; /* decisions in a fixed order */
            int overlapped = wh_fdp_range(&in, 0, 3) != 0;
            wh_socket(&x, k, af, overlapped);
            break;
        }
        case 1:
            wh_random_ioctl(&x, s);
            break;
        case 2:
            if (s->kind == WH_S_REDIRECTED && !s->closed) query_twice(&q, s);
            break;
        case 3:
            proxy_step(&q, s);
            break;
        case 4:
            wh_data_call(&x, s);
            break;
        case 5:
            if (!s->closed && s->kind != WH_S_NOT_SOCKET) {
                wh_close_socket(&x, s);
                settle(&q, 0);
            }
            break;
        case 6:
            hold_query(&q, s);
            break;
        case 7:
            wh_fdp_step("alertable wait");
            wh_alertable_wait(&x);
            settle(&q, 1);
            break;
        case 8:
            wh_fdp_step("wt_pump");
            wh_fdp_c("wt_pump(t);");
            wh_sink += (uintptr_t)wt_pump(wh_t(&x));
            break;
        case 9:
            wh_fdp_step("wt_complete_pended");
            wh_fdp_c("wt_complete_pended(t);");
            wh_sink += (uintptr_t)wt_complete_pended(wh_t(&x));
            break;
        case 11:
            wh_api_call(&x, s);
            break;
        default: {
            wh_ioctl_args a;
            memset(&a, 0, sizeof a);
            a.sock = s;
            a.code = SIO_FLUSH;
            a.in.name[0] = a.out.name[0] = 0;
            a.lpcb = WH_P_HEAP;
            a.in_genuine = -1;
            wh_ioctl(&x, &a);
            settle(&q, 0);
            break;
        }
        }
        flushed(&q, names[op]);
        verifier(&x, names[op]);
    }
    settle(&q, 1);
    wh_end(&x);
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
WH_FUZZ_ENTRY(wh_fuzz_sequence)
#endif
