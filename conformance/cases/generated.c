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
 * What a cell expects comes from the fuzz oracle's table (wc_oracle_expectation_of): the cell
 * describes its call as the fuzz harness describes its own, and the table gives the kind of
 * outcome, the codes, the clause and the level (docs/SPEC.md, "One reading").  Documented
 * alternatives (C1, C2, C4) are all accepted and recorded; a cell the table leaves open
 * (A56, unused input on a SET, A57's extended blob) is IMPL and only records what it saw.
 */
#include "cases.h"
#include "oracle/oracle.h" /* the table every cell reads */
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
    const char *anchor; /* the parameter's section of the page */
} gen_row;

static const gen_row rows[] = {
    {QUERY, "cbout=big", V_BIG, M_ALL, "#cboutbuffer"},
    {QUERY, "cbout=exact", V_EXACT, M_ALL, "#cboutbuffer"},
    {QUERY, "cbout=small", V_SMALL, M_ALL, "#cboutbuffer"},
    {QUERY, "cbout=ulong", V_ULONG, M_ALL, "#cboutbuffer"},
    {QUERY, "cbout=3", V_TINY, M_ALL, "#cboutbuffer"},
    {QUERY, "cbout=0", V_ZERO, M_ALL, "#cboutbuffer"},
    {QUERY, "lpvout=null-cbout=0", V_PROBE, M_ALL, "#remarks"},
    {QUERY, "lpvout=null", V_OUT_NULL, M_ALL, "#lpvoutbuffer"},
    {QUERY, "lpvout=unmapped", V_OUT_UNMAPPED, M_ALL, "#lpvoutbuffer"},
    {QUERY, "lpvout=readonly", V_OUT_RO, M_ALL, "#lpvoutbuffer"},
    {QUERY, "lpvout=guarded", V_OUT_GUARDED, M_ALL, "#lpvoutbuffer"},
    {QUERY, "lpvin=buffer", V_IN_BUF, M_ALL, "#lpvinbuffer"},
    {QUERY, "cbin=16", V_CBIN, M_ALL, "#cbinbuffer"},
    {QUERY, "lpvin=unmapped", V_IN_UNMAPPED, M_ALL, "#lpvinbuffer"},
    {SETIO, "lpvin=records", S_RECORDS, M_ALL, "#lpvinbuffer"},
    {SETIO, "lpvin=null", S_IN_NULL, M_ALL, "#lpvinbuffer"},
    {SETIO, "lpvin=unmapped", S_IN_UNMAPPED, M_ALL, "#lpvinbuffer"},
    {SETIO, "lpvin=guarded", S_IN_GUARDED, M_ALL, "#lpvinbuffer"},
    {SETIO, "cbin=0", S_CBIN_ZERO, M_ALL, "#cbinbuffer"},
    {SETIO, "cbin=short", S_CBIN_SHORT, M_ALL, "#cbinbuffer"},
    {SETIO, "cbin=long", S_CBIN_LONG, M_ALL, "#cbinbuffer"},
    {SETIO, "cbin=huge", S_CBIN_HUGE, M_ALL, "#cbinbuffer"},
    {SETIO, "blob=flipped", S_FLIPPED, M_ALL, "#lpvinbuffer"},
    {SETIO, "blob=zeros", S_ZEROS, M_ALL, "#lpvinbuffer"},
    {SETIO, "lpvout=buffer", S_OUT_BUF, M_ALL, "#lpvoutbuffer"},
    {SETIO, "cbout=16", S_CBOUT, M_ALL, "#cboutbuffer"},
    {BOTH, "lpcb=null", V_LPCB_NULL, M_ALL, "#lpcbbytesreturned"},
    {BOTH, "lpcb=unmapped", V_LPCB_UNMAPPED, M_ALL, "#lpcbbytesreturned"},
    {BOTH, "lpcb=readonly", V_LPCB_RO, M_ALL, "#lpcbbytesreturned"},
    {BOTH, "lpov=unmapped", V_OV_UNMAPPED, M_OV, "#lpvoverlapped"},
    {BOTH, "lpov=ignored", V_OV_IGNORED, M_OV, "#lpvoverlapped"},
    {BOTH, "lpcr=unmapped", V_CR_UNMAPPED, M_APC, "#lpcompletionroutine"},
};
#define NROWS (sizeof rows / sizeof rows[0])

/* ------------------------------------------------------------ expectations */
/* What a cell expects is read from the oracle's table (wc_oracle_expectation_of), not
 * written here: the cell describes its call the way the fuzz harness describes its own, and
 * the table answers with the kind of outcome, the codes, the clause and whether the outcome
 * is required (MUST) or left open (IMPL).  One reading for certification and fuzzing. */
typedef enum { GX_OK, GX_FAIL, GX_C1, GX_C2, GX_ANY } xkind;

typedef struct gen_x {
    xkind kind;
    int errs[8];
    int nerr; /* GX_FAIL: 0 = any failure */
    int immediate; /* GX_FAIL: fails before dispatch, nothing queued */
    wc_level level;
    const char *clause;
    const char *anchor;
} gen_x;

/* The blob sizes a cell's expectation is computed for before anything runs: the suite's
 * test callout's records and its 256-byte context.  A cell re-reads the table with the
 * sizes the target issued and is UNSUPPORTED when those change what it expects. */
#define NOMINAL_RECORDS 200u
#define NOMINAL_CONTEXT 256u

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

static BYTE inbuf[WC_BUF + 64];
static BYTE outbuf[WC_BUF + WC_CANARY];

/* The row's call, but for where its pointers point: sizes, lpcb, lpOverlapped, the
 * routine, the socket's attribute, and what the oracle is told the pointers point at.
 * `n` is the blob's size (the records SET replays, or what QUERY returns). */
static void shape(wc_call *k, gen_io io, gen_var v, ULONG n, wc_cell_view *view) {
    if (io == IO_SET) {
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
    case V_OUT_GUARDED:
        k->cbout = n ? n : 1024;
        k->canary = v == V_EXACT;
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
    case V_OUT_RO:
        k->canary = 0;
        break;
    case V_IN_BUF:
    case V_IN_UNMAPPED:
        k->in = inbuf;
        k->cbin = 16;
        break;
    case V_CBIN:
        k->cbin = 16;
        break;
    case S_IN_NULL:
        k->in = NULL;
        break;
    case S_CBIN_ZERO:
        k->cbin = 0;
        break;
    case S_CBIN_SHORT:
        k->cbin = n - 1;
        break;
    case S_CBIN_LONG:
        k->cbin = n + 16;
        break;
    case S_CBIN_HUGE:
        k->cbin = 0x7fffffffu;
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
    view->in = !k->in                                     ? WC_ORACLE_P_NULL
               : v == V_IN_UNMAPPED || v == S_IN_UNMAPPED ? WC_ORACLE_P_UNMAPPED
               : v == S_CBIN_HUGE                         ? WC_ORACLE_P_SHORT
                                                          : WC_ORACLE_P_VALID;
    view->out = !k->out               ? WC_ORACLE_P_NULL
                : v == V_OUT_UNMAPPED ? WC_ORACLE_P_UNMAPPED
                : v == V_OUT_RO       ? WC_ORACLE_P_READONLY
                                      : WC_ORACLE_P_VALID;
    /* SET: the exact blob (1); one edited, emptied, cut short or claimed far longer (0); the
     * blob with bytes after it (-1: whether those make it another blob is not documented) */
    if (io == IO_SET)
        view->in_genuine = v == S_CBIN_LONG ? -1 : !k->in || v == S_FLIPPED || v == S_ZEROS || k->cbin != n ? 0 : 1;
}

/* The table's answer for a cell's call, in the cell's terms. */
static gen_x expectation(const wc_call *k, const wc_cell_view *view) {
    wc_oracle_call oc;
    wc_oracle_expectation e;
    wc_cell_call(k, view, &oc);
    wc_oracle_expectation_of(&oc, &e);
    static const xkind kinds[] = {[WC_ORACLE_X_OK] = GX_OK,
                                  [WC_ORACLE_X_FAIL] = GX_FAIL,
                                  [WC_ORACLE_X_TOO_SMALL] = GX_C1,
                                  [WC_ORACLE_X_PROBE] = GX_C2,
                                  [WC_ORACLE_X_OPEN] = GX_ANY};
    gen_x x;
    memset(&x, 0, sizeof x);
    x.kind = kinds[e.kind];
    x.nerr = e.nerr;
    memcpy(x.errs, e.errs, sizeof x.errs);
    x.immediate = e.immediate;
    x.level = e.kind == WC_ORACLE_X_OPEN ? WC_IMPL : WC_MUST;
    x.clause = intern("%s", e.clause);
    return x;
}

/* The cell's expectation before anything runs: its call with the nominal blob sizes. */
static gen_x expect(gen_io io, size_t r, wc_state st, int mode, int entry) {
    wc_call k;
    wc_cell_view view = {st, 0, 0, 0, 0, -1, -1};
    wc_call_init(&k, INVALID_SOCKET, io_codes[io], mode, entry);
    ULONG n = io == IO_QC ? NOMINAL_CONTEXT : NOMINAL_RECORDS;
    if (st == WC_REDIRECTED) {
        view.records_len = NOMINAL_RECORDS;
        view.context_len = NOMINAL_CONTEXT;
    }
    shape(&k, io, rows[r].var, n, &view);
    gen_x x = expectation(&k, &view);
    /* The page's section: the socket's when the socket decides (not a socket; QUERY on a
     * socket with nothing to return; SET after bind), the parameter's otherwise.  Pointer
     * checks made before dispatch decide on any socket that is one. */
    gen_var v = rows[r].var;
    int before_dispatch =
        v == V_LPCB_NULL || v == V_LPCB_UNMAPPED || v == V_LPCB_RO || v == V_OV_UNMAPPED || v == V_CR_UNMAPPED;
    x.anchor = st == WC_CLOSED || st == WC_NOTSOCK              ? "#s"
               : before_dispatch || st == primary(io)           ? rows[r].anchor
               : io != IO_SET && st != WC_PLAIN && st != WC_UDP ? "#return-value"
                                                                : "#remarks";
    return x;
}

/* ------------------------------------------------------------ the cells */
typedef struct gen_param {
    unsigned char io, row, state;
    gen_x x; /* what the table expects with the nominal sizes */
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
    char l[256] = "", nb[64];
    size_t at = 0;
    for (int i = 0; i < x->nerr && at < sizeof l; i++)
        at += (size_t)snprintf(l + at, sizeof l - at, "%s%s", i ? " | " : "",
                               wc_oracle_error_name(x->errs[i], nb, sizeof nb));
    return intern("failure with %s%s", x->nerr ? l : "any error", x->immediate ? ", at once, nothing queued" : "");
}

static void add_cell(gen_io io, size_t r, wc_state st, int mode, int entry) {
    if (ncells == MAX_CELLS) return;
    gen_param *g = &params[ncells];
    g->io = (unsigned char)io;
    g->row = (unsigned char)r;
    g->state = (unsigned char)st;
    g->x = expect(io, r, st, mode, entry);
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

/* Points the call's pointers where the row says and fills the buffers; `n` is the blob size. */
static void place(wc_ctx *c, wc_call *k, gen_io io, gen_var v, ULONG n) {
    wt_target *t = wc_target(c);
    if (io == IO_SET) memcpy(inbuf, blob, n);
    switch (v) {
    case V_OUT_UNMAPPED:
        k->out = wt_unmapped_address(t);
        break;
    case V_OUT_RO:
        k->out = wt_readonly_page(t);
        break;
    case V_OUT_GUARDED:
        k->out = wt_guarded_buffer(t, k->cbout);
        break;
    case V_IN_BUF:
        memset(inbuf, 0, 16);
        break;
    case V_IN_UNMAPPED:
    case S_IN_UNMAPPED:
        k->in = wt_unmapped_address(t);
        break;
    case S_IN_GUARDED:
        k->in = wt_guarded_buffer(t, n);
        if (k->in) memcpy(k->in, blob, n);
        break;
    case S_CBIN_LONG:
        memset(inbuf + n, 0, 16);
        break;
    case S_FLIPPED:
        inbuf[n / 2] ^= 0x5A;
        break;
    case S_ZEROS:
        memset(inbuf, 0, n);
        break;
    default:
        break;
    }
    if (k->out == outbuf) {
        /* every byte the target returns must be written: fill with the complement */
        for (ULONG i = 0; i < k->cbout && i < n; i++) outbuf[i] = (BYTE)~issued[i];
        wc_canary_fill(outbuf, k->cbout);
    }
}

/* What the stack issued for the socket, as the table is told it. */
static void describe_issued(wc_ctx *c, gen_io io, SOCKET s, ULONG n, wc_cell_view *view) {
    if (io == IO_SET || view->state != WC_REDIRECTED) return;
    ULONG other = 0;
    static BYTE scratch[WC_BUF];
    if (!wc_issued(c, s, io != IO_QC, scratch, WC_BUF, &other)) other = WC_ORACLE_LEN_UNKNOWN;
    view->records_len = io == IO_QC ? other : n;
    view->context_len = io == IO_QC ? n : other;
}

static const char *const kind_names[] = {"success", "failure", "C1", "C2", "open"};

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

    wc_call k;
    wc_cell_view view = {st, 0, 0, 0, 0, -1, -1};
    wc_call_init(&k, sc.s, io_codes[io], cs->mode, cs->entry);
    shape(&k, io, row->var, n, &view);
    describe_issued(c, io, sc.s, n, &view);
    /* The table again, with the sizes this target issued: a cell whose meaning they change
     * (a 4-byte blob is not too small for a ULONG-sized buffer) says so and stops. */
    gen_x x = expectation(&k, &view);
    if (x.kind != g->x.kind || x.immediate != g->x.immediate)
        wc_unsupported(c, "with the %u-byte blob this target issued the table expects %s, not the %s this cell is for",
                       (unsigned)n, kind_names[x.kind], kind_names[g->x.kind]);
    place(c, &k, io, row->var, n);
    wc_run(c, &k);

    char o[96];
    wc_log(c, "%s: %s", cs->id, wc_call_outcome(&k, o, sizeof o));
    int observe = st == primary(io);
    switch (x.kind) {
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
        wc_judge_fail(c, &k, x.errs, x.nerr, x.immediate);
        break;
    case GX_ANY:
        if (baseline(row->var)) {
            int w32, e = wc_final_error(&k, &w32);
            char key[48];
            snprintf(key, sizeof key, "%s.%s.%s.%s", g->x.clause, io_ids[io], wc_state_names[st], wc_mode_keys[k.mode]);
            if (e == 0)
                wc_observe(c, key, "ok");
            else
                wc_observe(c, key, "%s=%d", w32 ? "win32" : "err", e);
        }
        break;
    }
    if (io != IO_SET && k.rc == 0 && have_issued && k.out == outbuf && k.size == n && n <= k.cbout)
        view.bytes_match = memcmp(outbuf, issued, n) == 0;
    wc_oracle_cell(c, &k, &view);
}
