/*
 * generated.c: the cross product the pages imply, from tables and one generic body.
 *
 * Dimensions: the IOCTL (QR = QUERY_RECORDS, QC = QUERY_CONTEXT, SET), one parameter set to
 * one value (a row of `rows`: each parameter the page documents, #lpvinbuffer through
 * #lpcompletionroutine), the socket state (fresh, bound, listening, plain = connected but not
 * redirected, redirected, udp, closed, notsock), the call mode (sync, event, apc, iocp, gor)
 * and the entry point (WSAIoctl, or the provider's WSPIoctl with lpThreadId and lpErrno).
 * Ids: "<IOCTL>.<param>=<value>.<state>.<mode>.<entry>", e.g. "QR.cbout=small.redirected.iocp.wsp".
 *
 * Which cells run (so the whole catalogue stays fast): every row in every state
 * synchronously through WSAIoctl; every row in the IOCTL's own state (redirected for QUERY,
 * fresh for SET) in every mode through both entry points; the documented call in every state,
 * mode and entry point.
 *
 * What a cell expects is computed from two small tables: what the parameter value means on
 * the IOCTL's own state (param_expect), and what the state means for the documented call
 * (state_expect), combined by `expect` (SEMANTICS 8.3: lpcbBytesReturned, lpOverlapped and
 * the routine are checked before the code is dispatched; the socket before the buffers).
 * Documented alternatives (C1, C2, C4) are all accepted and recorded; an undocumented cell
 * (A41, A48, A56, A58, unused input) is IMPL and only records what it saw.
 */
#include "cases.h"
#include "oracle/oracle.h" /* wc_oracle_ptr, for oracle_cells.c */
#include "wfpcert/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef enum { IO_QR, IO_QC, IO_SET, IO_COUNT } gen_io;
static const char *const io_ids[IO_COUNT] = {"QR", "QC", "SET"};
static const DWORD io_codes[IO_COUNT] = {SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS,
                                         SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT,
                                         SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS};

typedef enum {
    /* QUERY */
    V_BIG,
    V_EXACT,
    V_SMALL,
    V_ULONG,
    V_TINY,
    V_ZERO,
    V_PROBE,
    V_OUT_NULL,
    V_OUT_UNMAPPED,
    V_OUT_RO,
    V_OUT_GUARDED,
    V_IN_BUF,
    V_CBIN,
    V_IN_UNMAPPED,
    /* SET */
    S_RECORDS,
    S_IN_NULL,
    S_IN_UNMAPPED,
    S_IN_GUARDED,
    S_CBIN_ZERO,
    S_CBIN_SHORT,
    S_CBIN_LONG,
    S_CBIN_HUGE,
    S_FLIPPED,
    S_ZEROS,
    S_OUT_BUF,
    S_CBOUT,
    /* both */
    V_LPCB_NULL,
    V_LPCB_UNMAPPED,
    V_LPCB_RO,
    V_OV_UNMAPPED,
    V_OV_IGNORED,
    V_CR_UNMAPPED
} gen_var;

#define M_ALL 0x1Fu
#define M_OV 0x1Eu
#define M_APC (1u << WC_OV_APC)
#define QUERY ((1u << IO_QR) | (1u << IO_QC))
#define SETIO (1u << IO_SET)
#define BOTH (QUERY | SETIO)

typedef struct gen_row {
    unsigned ios; /* the IOCTLs it applies to */
    const char *name; /* "param=value" */
    gen_var var;
    unsigned modes; /* the call modes it applies to */
} gen_row;

static const gen_row rows[] = {
    {QUERY, "cbout=big", V_BIG, M_ALL},
    {QUERY, "cbout=exact", V_EXACT, M_ALL},
    {QUERY, "cbout=small", V_SMALL, M_ALL},
    {QUERY, "cbout=ulong", V_ULONG, M_ALL},
    {QUERY, "cbout=3", V_TINY, M_ALL},
    {QUERY, "cbout=0", V_ZERO, M_ALL},
    {QUERY, "lpvout=null-cbout=0", V_PROBE, M_ALL},
    {QUERY, "lpvout=null", V_OUT_NULL, M_ALL},
    {QUERY, "lpvout=unmapped", V_OUT_UNMAPPED, M_ALL},
    {QUERY, "lpvout=readonly", V_OUT_RO, M_ALL},
    {QUERY, "lpvout=guarded", V_OUT_GUARDED, M_ALL},
    {QUERY, "lpvin=buffer", V_IN_BUF, M_ALL},
    {QUERY, "cbin=16", V_CBIN, M_ALL},
    {QUERY, "lpvin=unmapped", V_IN_UNMAPPED, M_ALL},
    {SETIO, "lpvin=records", S_RECORDS, M_ALL},
    {SETIO, "lpvin=null", S_IN_NULL, M_ALL},
    {SETIO, "lpvin=unmapped", S_IN_UNMAPPED, M_ALL},
    {SETIO, "lpvin=guarded", S_IN_GUARDED, M_ALL},
    {SETIO, "cbin=0", S_CBIN_ZERO, M_ALL},
    {SETIO, "cbin=short", S_CBIN_SHORT, M_ALL},
    {SETIO, "cbin=long", S_CBIN_LONG, M_ALL},
    {SETIO, "cbin=huge", S_CBIN_HUGE, M_ALL},
    {SETIO, "blob=flipped", S_FLIPPED, M_ALL},
    {SETIO, "blob=zeros", S_ZEROS, M_ALL},
    {SETIO, "lpvout=buffer", S_OUT_BUF, M_ALL},
    {SETIO, "cbout=16", S_CBOUT, M_ALL},
    {BOTH, "lpcb=null", V_LPCB_NULL, M_ALL},
    {BOTH, "lpcb=unmapped", V_LPCB_UNMAPPED, M_ALL},
    {BOTH, "lpcb=readonly", V_LPCB_RO, M_ALL},
    {BOTH, "lpov=unmapped", V_OV_UNMAPPED, M_OV},
    {BOTH, "lpov=ignored", V_OV_IGNORED, M_OV},
    {BOTH, "lpcr=unmapped", V_CR_UNMAPPED, M_APC},
};
#define NROWS (sizeof rows / sizeof rows[0])

/* ------------------------------------------------------------ expectations */
typedef enum { GX_OK, GX_FAIL, GX_C1, GX_C2, GX_ANY } xkind;

typedef struct gen_x {
    xkind kind;
    int errs[4];
    int nerr; /* GX_FAIL: 0 = any failure */
    int immediate; /* GX_FAIL: fails before dispatch, nothing queued */
    wc_level level;
    const char *clause;
    const char *anchor;
} gen_x;

static const int c1_codes[] = {WSAEINVAL, ERROR_INSUFFICIENT_BUFFER, WSAEFAULT};

/* The parameter value on the IOCTL's own state. */
static gen_x param_expect(gen_io io, gen_var v) {
    switch (v) {
    case V_BIG:
    case V_EXACT:
        return (gen_x){GX_OK, {0}, 0, 0, WC_MUST, "A33", "#cboutbuffer"};
    case V_OUT_GUARDED:
        return (gen_x){GX_OK, {0}, 0, 0, WC_MUST, "A33", "#lpvoutbuffer"};
    case V_SMALL:
    case V_ULONG:
        return (gen_x){GX_C1, {0}, 0, 0, WC_MUST, "A34,C1", "#cboutbuffer"};
    case V_TINY:
        return (gen_x){GX_FAIL, {WSAEINVAL}, 1, 0, WC_MUST, "A36", "#cboutbuffer"};
    case V_ZERO:
        return (gen_x){GX_C2, {0}, 0, 0, WC_MUST, "A35,C2", "#cboutbuffer"};
    case V_PROBE:
        return (gen_x){GX_C2, {0}, 0, 0, WC_MUST, "A35,C2", "#remarks"};
    case V_OUT_NULL:
    case V_OUT_UNMAPPED:
    case V_OUT_RO:
        return (gen_x){GX_FAIL, {WSAEFAULT}, 1, 0, WC_MUST, "A37", "#lpvoutbuffer"};
    case V_IN_BUF:
    case V_IN_UNMAPPED:
        return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "A33", "#lpvinbuffer"}; /* "unused": ignored or refused */
    case V_CBIN:
        return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "A33", "#cbinbuffer"};
    case S_RECORDS:
    case S_IN_GUARDED:
        return (gen_x){GX_OK, {0}, 0, 0, WC_MUST, "A51", "#lpvinbuffer"};
    case S_IN_NULL:
        return (gen_x){GX_FAIL, {0}, 0, 0, WC_SHOULD, "A55", "#lpvinbuffer"};
    case S_CBIN_ZERO:
        return (gen_x){GX_FAIL, {0}, 0, 0, WC_SHOULD, "A55", "#cbinbuffer"};
    case S_IN_UNMAPPED:
        return (gen_x){GX_FAIL, {WSAEFAULT}, 1, 0, WC_MUST, "A53", "#lpvinbuffer"};
    /* A57: the blob is sealed by the kernel; a stack that takes an edited, truncated or forged
     * one lets any program steer where a connection goes.  Which code is open; failing is not. */
    case S_CBIN_SHORT:
    case S_CBIN_HUGE:
        return (gen_x){GX_FAIL, {0}, 0, 0, WC_MUST, "A57", "#cbinbuffer"};
    case S_FLIPPED:
    case S_ZEROS:
        return (gen_x){GX_FAIL, {0}, 0, 0, WC_MUST, "A57", "#lpvinbuffer"};
    case S_CBIN_LONG:
        return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "A57", "#cbinbuffer"};
    case S_OUT_BUF:
        return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "A56", "#lpvoutbuffer"};
    case S_CBOUT:
        return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "A56", "#cboutbuffer"};
    case V_LPCB_NULL:
        return (gen_x){GX_FAIL, {WSAEFAULT}, 1, 1, WC_MUST, "A15,A16", "#lpcbbytesreturned"};
    case V_LPCB_UNMAPPED:
    case V_LPCB_RO:
        return (gen_x){GX_FAIL, {WSAEFAULT}, 1, 1, WC_MUST, "A38", "#lpcbbytesreturned"};
    case V_OV_UNMAPPED:
        return (gen_x){GX_FAIL, {WSAEFAULT}, 1, 1, WC_MUST, "A23", "#lpvoverlapped"};
    case V_CR_UNMAPPED:
        return (gen_x){GX_FAIL, {WSAEFAULT}, 1, 1, WC_MUST, "A23", "#lpcompletionroutine"};
    case V_OV_IGNORED:
        return io == IO_SET ? (gen_x){GX_OK, {0}, 0, 0, WC_MUST, "A32,A51", "#lpvoverlapped"}
                            : (gen_x){GX_OK, {0}, 0, 0, WC_MUST, "A32,A33", "#lpvoverlapped"};
    }
    return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "?", "#description"};
}

/* The documented call in a state. */
static gen_x state_expect(gen_io io, wc_state st) {
    /* A58: SET "needs to be called prior to binding" (WFPSampler); a stack that accepts it later
     * hands records to a connection whose route is already chosen.  The code is open. */
    static const gen_x any_set = {GX_FAIL, {0}, 0, 0, WC_MUST, "A58", "#remarks"};
    switch (st) {
    case WC_CLOSED:
    case WC_NOTSOCK:
        return (gen_x){GX_FAIL, {WSAENOTSOCK}, 1, 1, WC_MUST, "A39", "#s"};
    case WC_FRESH:
    case WC_BOUND:
    case WC_LISTENING:
        if (io == IO_SET) return st == WC_FRESH ? param_expect(io, S_RECORDS) : any_set;
        return (gen_x){GX_FAIL, {WSAENOTCONN}, 1, 0, WC_MUST, "A40", "#return-value"};
    /* A41: QUERY "can only be used if the connection was redirected" (WSK): -1 is required,
     * only the code is open */
    case WC_PLAIN:
        return io == IO_SET ? any_set : (gen_x){GX_FAIL, {0}, 0, 0, WC_MUST, "A41", "#remarks"};
    case WC_REDIRECTED:
        return io == IO_SET ? any_set : param_expect(io, V_BIG);
    case WC_UDP:
        return io == IO_SET ? any_set : (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "A48", "#remarks"};
    default:
        return (gen_x){GX_ANY, {0}, 0, 0, WC_IMPL, "?", "#s"};
    }
}

static wc_state primary(gen_io io) { return io == IO_SET ? WC_FRESH : WC_REDIRECTED; }
static int baseline(gen_var v) { return v == V_BIG || v == S_RECORDS; }

static char pool[512 * 1024];
static size_t pool_at;

static const char *intern(const char *fmt, ...) WFPCERT_PRINTF(1, 2);

static const char *intern(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *at = pool + pool_at;
    int n = vsnprintf(at, sizeof pool - pool_at, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof pool - pool_at) return "?";
    pool_at += (size_t)n + 1;
    return at;
}

static wc_level weaker(wc_level a, wc_level b) { return a > b ? a : b; } /* MUST < SHOULD < MAY < IMPL */

/* The cell's expectation: the parameter on this state. */
static gen_x expect(gen_io io, gen_var v, wc_state st) {
    gen_x p = param_expect(io, v), s = state_expect(io, st);
    if (st == primary(io) || baseline(v)) return st == primary(io) ? p : s;
    if (v == V_OV_IGNORED) return s;
    gen_x x;
    if (s.kind == GX_FAIL && s.immediate) { /* not a socket: checked first, but lpcb may be too */
        x = s;
        if (p.kind == GX_FAIL && p.immediate) {
            x.errs[x.nerr++] = WSAEFAULT;
            x.clause = intern("A39,%s", p.clause);
        }
        return x;
    }
    if (p.kind == GX_FAIL && p.immediate) return p; /* SEMANTICS 8.3: before dispatch */
    if (s.kind == GX_FAIL) { /* QUERY on an unconnected or unredirected socket, SET after bind */
        if (p.kind == GX_OK || p.kind == GX_ANY) return s;
        x = s;
        x.level = weaker(s.level, p.level);
        x.clause = intern("%s,%s", s.clause, p.clause);
        if ((p.kind == GX_FAIL && p.nerr == 0) || s.nerr == 0) {
            x.nerr = 0; /* either check may come first: any failure */
        } else {
            const int *add = p.kind == GX_FAIL ? p.errs : c1_codes;
            int n = p.kind == GX_FAIL ? p.nerr : 3;
            for (int i = 0; i < n && x.nerr < 4; i++) x.errs[x.nerr++] = add[i];
        }
        return x;
    }
    /* an undocumented state: a bad parameter still has to fail, with any code */
    if (p.kind == GX_FAIL) {
        x = p;
        x.nerr = 0;
        x.clause = intern("%s,%s", s.clause, p.clause);
        return x;
    }
    return s;
}

/* ------------------------------------------------------------ the cells */
typedef struct gen_param {
    unsigned char io, row, state;
    gen_x x;
} gen_param;

#define MAX_CELLS 1400
static wc_case cells[MAX_CELLS];
static gen_param params[MAX_CELLS];
static size_t ncells;

static void gen_body(wc_ctx *c);

static const char *accepts_text(const gen_x *x, gen_io io) {
    switch (x->kind) {
    case GX_OK:
        return io == IO_SET ? "success; *lpcbBytesReturned 0, N or unchanged (C4, recorded)"
                            : "success: size N > 0, exactly the issued N bytes, nothing past the buffer; on every path";
    case GX_C1:
        return "C1: (a) WSAEINVAL+size 0 | (b) 122+size N | (c) WSAEFAULT+size N (recorded; the profile's if fixed)";
    case GX_C2:
        return "C2: size probe (122 or WSAEFAULT, size N) | WSAEINVAL (recorded; the profile's if fixed)";
    case GX_ANY:
        return "undocumented: any result but a crash or a broken completion; recorded";
    case GX_FAIL:
        break;
    }
    char l[64] = "";
    size_t at = 0;
    for (int i = 0; i < x->nerr; i++) at += (size_t)snprintf(l + at, sizeof l - at, "%s%d", i ? "/" : "", x->errs[i]);
    return intern("failure with %s%s", x->nerr ? l : "any error", x->immediate ? ", at once, nothing queued" : "");
}

static void add_cell(gen_io io, size_t r, wc_state st, int mode, int entry) {
    if (ncells == MAX_CELLS) return;
    gen_param *g = &params[ncells];
    g->io = (unsigned char)io;
    g->row = (unsigned char)r;
    g->state = (unsigned char)st;
    g->x = expect(io, rows[r].var, st);
    const char *value = strchr(rows[r].name, '=') + 1;
    cells[ncells] = (wc_case){intern("%s.%.*s=%s.%s.%s.%s", io_ids[io], (int)(value - 1 - rows[r].name), rows[r].name,
                                     value, wc_state_names[st], wc_mode_ids[mode], wc_entry_ids[entry]),
                              g->x.clause,
                              g->x.anchor,
                              g->x.level,
                              NULL,
                              accepts_text(&g->x, io),
                              gen_body,
                              mode,
                              entry,
                              g};
    ncells++;
}

static void build(void) {
    if (ncells) return;
    for (int io = 0; io < IO_COUNT; io++)
        for (size_t r = 0; r < NROWS; r++) {
            if (!(rows[r].ios & (1u << io))) continue;
            for (int st = 0; st < WC_STATE_COUNT; st++) {
                if (rows[r].var == V_OV_IGNORED && st != (int)primary((gen_io)io)) continue;
                for (int m = 0; m < WC_MODE_COUNT; m++) {
                    if (!(rows[r].modes & (1u << m))) continue;
                    for (int e = 0; e < WC_ENTRY_COUNT; e++) {
                        int cell = (m == WC_SYNC && e == WC_WSAIOCTL) || st == (int)primary((gen_io)io) ||
                                   baseline(rows[r].var);
                        if (cell) add_cell((gen_io)io, r, (wc_state)st, m, e);
                    }
                }
            }
        }
}

size_t wc_generated_count(void) {
    build();
    return ncells;
}

const wc_case *wc_generated_get(size_t i) {
    build();
    return i < ncells ? &cells[i] : NULL;
}

/* ------------------------------------------------------------ the body */
static BYTE blob[WC_BUF + 64];
static BYTE issued[WC_BUF];
static BYTE outbuf[WC_BUF + WC_CANARY];
static BYTE inbuf[WC_BUF + 64];

/* Sets the call's parameters for the row; `n` is the blob size (records or context). */
static void set_params(wc_ctx *c, wc_call *k, gen_io io, gen_var v, ULONG n, wc_cell_view *view) {
    wt_target *t = wc_target(c);
    if (io == IO_SET) {
        memcpy(inbuf, blob, n);
        k->in = inbuf;
        k->cbin = n;
    } else {
        k->out = outbuf;
        k->cbout = 1024;
        k->canary = 1;
    }
    ULONG small = n > sizeof(ULONG) + 1 ? n - 1 : 64;
    switch (v) {
    case V_EXACT:
        k->cbout = n ? n : 1024;
        break;
    case V_SMALL:
        k->cbout = small;
        break;
    case V_ULONG:
        k->cbout = sizeof(ULONG);
        break;
    case V_TINY:
        k->cbout = 3;
        break;
    case V_ZERO:
        k->cbout = 0;
        break;
    case V_PROBE:
        k->out = NULL;
        k->cbout = 0;
        k->canary = 0;
        break;
    case V_OUT_NULL:
        k->out = NULL;
        k->canary = 0;
        break;
    case V_OUT_UNMAPPED:
        k->out = wt_unmapped_address(t);
        k->canary = 0;
        break;
    case V_OUT_RO:
        k->out = wt_readonly_page(t);
        k->canary = 0;
        break;
    case V_OUT_GUARDED:
        k->cbout = n ? n : 1024;
        k->out = wt_guarded_buffer(t, k->cbout);
        k->canary = 0;
        break;
    case V_IN_BUF:
        memset(inbuf, 0, 16);
        k->in = inbuf;
        k->cbin = 16;
        break;
    case V_CBIN:
        k->cbin = 16;
        break;
    case V_IN_UNMAPPED:
        k->in = wt_unmapped_address(t);
        k->cbin = 16;
        break;
    case S_IN_NULL:
        k->in = NULL;
        break;
    case S_IN_UNMAPPED:
        k->in = wt_unmapped_address(t);
        break;
    case S_IN_GUARDED:
        k->in = wt_guarded_buffer(t, n);
        if (k->in) memcpy(k->in, blob, n);
        break;
    case S_CBIN_ZERO:
        k->cbin = 0;
        break;
    case S_CBIN_SHORT:
        k->cbin = n - 1;
        break;
    case S_CBIN_LONG:
        memset(inbuf + n, 0, 16);
        k->cbin = n + 16;
        break;
    case S_CBIN_HUGE:
        k->cbin = 0x7fffffffu;
        break;
    case S_FLIPPED:
        inbuf[n / 2] ^= 0x5A;
        break;
    case S_ZEROS:
        memset(inbuf, 0, n);
        break;
    case S_OUT_BUF:
        k->out = outbuf;
        k->cbout = 0;
        break;
    case S_CBOUT:
        k->out = outbuf;
        k->cbout = 16;
        break;
    case V_LPCB_NULL:
        k->lpcb = WC_LPCB_NULL;
        break;
    case V_LPCB_UNMAPPED:
        k->lpcb = WC_LPCB_UNMAPPED;
        break;
    case V_LPCB_RO:
        k->lpcb = WC_LPCB_READONLY;
        break;
    case V_OV_UNMAPPED:
        k->ov_ptr = WC_PTR_UNMAPPED;
        break;
    case V_CR_UNMAPPED:
        k->cr_ptr = WC_PTR_UNMAPPED;
        break;
    case V_OV_IGNORED:
        k->nonov_socket = 1;
        break;
    default:
        break;
    }
    /* what the oracle is told the pointers point at (oracle_cells.c) */
    view->in = !k->in                                                   ? WC_ORACLE_P_NULL
               : v == V_IN_UNMAPPED || v == S_IN_UNMAPPED               ? WC_ORACLE_P_UNMAPPED
               : v == S_CBIN_HUGE || (v == S_IN_GUARDED && k->cbin > n) ? WC_ORACLE_P_SHORT
                                                                        : WC_ORACLE_P_VALID;
    view->out = !k->out               ? WC_ORACLE_P_NULL
                : v == V_OUT_UNMAPPED ? WC_ORACLE_P_UNMAPPED
                : v == V_OUT_RO       ? WC_ORACLE_P_READONLY
                                      : WC_ORACLE_P_VALID;
    if (k->out == outbuf) {
        /* every byte the target returns must be written: fill with the complement */
        for (ULONG i = 0; i < k->cbout && i < n; i++) outbuf[i] = (BYTE)~issued[i];
        wc_canary_fill(outbuf, k->cbout);
    }
}

/* The rest of what the oracle is told: what the stack issued for the socket, whether a SET's
 * input is a blob it issued, whether a QUERY's output is the issued blob. */
static void describe(wc_ctx *c, const wc_call *k, gen_io io, gen_var v, SOCKET s, ULONG n, int have_issued,
                     wc_cell_view *view) {
    if (io == IO_SET) {
        /* the exact blob (1); one edited, emptied, cut short or claimed far longer (0); the blob with bytes after
         * it (-1: whether those make it another blob is not documented) */
        view->in_genuine = v == S_CBIN_LONG ? -1 : v == S_FLIPPED || v == S_ZEROS || k->cbin != n ? 0 : 1;
        return;
    }
    if (view->state != WC_REDIRECTED) return;
    ULONG other = 0;
    static BYTE scratch[WC_BUF];
    if (!wc_issued(c, s, io != IO_QC, scratch, WC_BUF, &other)) other = WC_ORACLE_LEN_UNKNOWN;
    view->records_len = io == IO_QC ? other : n;
    view->context_len = io == IO_QC ? n : other;
    if (k->rc == 0 && have_issued && k->out == outbuf && k->size == n && n <= k->cbout)
        view->bytes_match = memcmp(outbuf, issued, n) == 0;
}

static void gen_body(wc_ctx *c) {
    const wc_case *cs = wc_current(c);
    const gen_param *g = cs->param;
    gen_io io = (gen_io)g->io;
    const gen_row *row = &rows[g->row];
    wc_state st = (wc_state)g->state;
    int nonov = row->var == V_OV_IGNORED;
    ULONG n = 0;
    int have_issued = 0;

    /* SET replays records a redirected connection of this target issued. */
    if (io == IO_SET) {
        wt_tcp_flow src;
        if (!wc_redirected(c, 1, &src)) return;
        n = wc_query_blob(c, src.accepted, 0, blob, WC_BUF);
        if (!n) return;
    }
    wc_scene sc;
    if (!wc_scene_make(c, st, !nonov, &sc)) return;
    if (io != IO_SET && st == WC_REDIRECTED) {
        have_issued = wc_issued(c, sc.s, io == IO_QC, issued, WC_BUF, &n);
        if (!have_issued) {
            n = wc_query_blob(c, sc.s, io == IO_QC, issued, WC_BUF); /* the first QUERY stands in (A42) */
            if (!n) return;
            have_issued = 1;
        }
    }
    if (row->var == V_ULONG && n && n <= sizeof(ULONG))
        wc_unsupported(c, "the blob is %u bytes: a ULONG-sized buffer is not too small", (unsigned)n);

    wc_call k;
    wc_cell_view view = {st, 0, 0, 0, 0, -1, -1};
    wc_call_init(&k, sc.s, io_codes[io], cs->mode, cs->entry);
    set_params(c, &k, io, row->var, n, &view);
    wc_run(c, &k);

    char o[96];
    wc_log(c, "%s: %s", cs->id, wc_call_outcome(&k, o, sizeof o));
    const gen_x *x = &g->x;
    int observe = st == primary(io);
    switch (x->kind) {
    case GX_OK:
        if (io == IO_SET)
            wc_judge_set_ok(c, &k, k.cbin, observe && row->var == S_RECORDS);
        else
            wc_judge_query_ok(c, &k, have_issued ? issued : NULL, n, observe && row->var == V_BIG);
        break;
    case GX_C1:
        wc_judge_c1(c, &k, n, observe && row->var == V_SMALL);
        break;
    case GX_C2:
        wc_judge_c2(c, &k, n, observe && row->var == V_PROBE);
        break;
    case GX_FAIL:
        wc_judge_fail(c, &k, x->errs, x->nerr, x->immediate);
        break;
    case GX_ANY:
        if (baseline(row->var)) {
            int w32, e = wc_final_error(&k, &w32);
            char key[48];
            snprintf(key, sizeof key, "%s.%s.%s.%s", x->clause, io_ids[io], wc_state_names[st], wc_mode_keys[k.mode]);
            if (e == 0)
                wc_observe(c, key, "ok");
            else
                wc_observe(c, key, "%s=%d", w32 ? "win32" : "err", e);
        }
        break;
    }
    describe(c, &k, io, row->var, sc.s, n, have_issued, &view);
    wc_oracle_cell(c, &k, &view);
}
