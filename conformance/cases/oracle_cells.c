/*
 * oracle_cells.c: every generated cell is judged a second time, by the fuzz oracle.
 *
 * Why: the catalogue's tables (generated.c) and the oracle (conformance/oracle) each say what
 * a WSAIoctl/WSPIoctl call of the three WFP codes must do, one for the certification run and
 * one for the fuzzers.  Two readings of one specification drift apart unless something holds
 * them together: here each cell's call is described to the oracle the way the fuzz harness
 * describes its own calls, and a cell fails when the oracle rejects what the target did.  A
 * target is then held to both readings, and a disagreement between them shows up as a failed
 * cell on the model, where it is settled in one of the two tables (docs/SPEC.md, "One
 * reading").
 *
 * The cells also take what they expect from the oracle's table (generated.c, through
 * wc_cell_call and wc_oracle_expectation_of), so the two judgements are one reading applied
 * twice: the cell's judges check what the catalogue can see (the canary, the bytes, the
 * alternative shown across cases), the oracle the completion's views.
 */
#include "cases.h"
#include "oracle/oracle.h"

#include <string.h>

static wc_oracle_state oracle_state(wc_state st) {
    switch (st) {
    case WC_FRESH:
        return WC_ORACLE_S_FRESH;
    case WC_BOUND:
    case WC_UDP:
        return WC_ORACLE_S_BOUND;
    case WC_LISTENING:
        return WC_ORACLE_S_LISTENING;
    case WC_PLAIN:
    case WC_REDIRECTED:
        return WC_ORACLE_S_CONNECTED;
    case WC_CLOSED:
        return WC_ORACLE_S_CLOSED;
    default:
        return WC_ORACLE_S_NOT_SOCKET;
    }
}

static wc_oracle_mode oracle_mode(int mode) {
    switch (mode) {
    case WC_OV_APC:
        return WC_ORACLE_M_ROUTINE;
    case WC_OV_IOCP:
        return WC_ORACLE_M_IOCP;
    case WC_OV_EVENT:
    case WC_OV_GOR: /* both collect with WSAGetOverlappedResult */
        return WC_ORACLE_M_EVENT;
    default:
        return WC_ORACLE_M_SYNC;
    }
}

static wc_oracle_ptr oracle_lpcb(wc_lpcb l) {
    switch (l) {
    case WC_LPCB_NULL:
        return WC_ORACLE_P_NULL;
    case WC_LPCB_UNMAPPED:
        return WC_ORACLE_P_UNMAPPED;
    case WC_LPCB_READONLY:
        return WC_ORACLE_P_READONLY;
    default:
        return WC_ORACLE_P_VALID;
    }
}

void wc_cell_call(const wc_call *k, const wc_cell_view *v, wc_oracle_call *oc) {
    memset(oc, 0, sizeof *oc);
    oc->code = k->code;
    oc->state = oracle_state(v->state);
    oc->udp = v->state == WC_UDP;
    oc->sock_overlapped = !k->nonov_socket;
    oc->mode = oracle_mode(k->mode);
    oc->wsp = k->entry == WC_WSPIOCTL;
    oc->in = (wc_oracle_ptr)v->in;
    oc->out = (wc_oracle_ptr)v->out;
    oc->lpcb = oracle_lpcb((wc_lpcb)k->lpcb);
    oc->cb_in = k->cbin;
    oc->cb_out = k->cbout;
    oc->records_len = v->records_len;
    oc->context_len = v->context_len;
    oc->in_genuine = v->in_genuine;
    oc->elevated = 1;
    oc->ov_bad = k->ov_ptr != WC_PTR_OWN;
    oc->routine_bad = k->cr_ptr != WC_PTR_OWN;
}

void wc_oracle_cell(wc_ctx *c, const wc_call *k, const wc_cell_view *v) {
    wc_oracle_call oc;
    wc_cell_call(k, v, &oc);

    wc_oracle_outcome o;
    memset(&o, 0, sizeof o);
    o.ret = k->rc;
    o.err = k->rc ? k->err : 0;
    o.size_known = k->lpcb == WC_LPCB_OWN;
    o.size_before = WC_SENTINEL;
    o.size_after = k->size;
    /* wc_run has checked the plumbing (one completion, none early, none after an immediate
     * failure); the oracle is asked about what the completion said. */
    o.collected = k->completed;
    o.notifications = k->completed ? 1 : 0;
    o.comp_ok = k->done_ok;
    o.comp_err = (DWORD)k->done_err;
    o.comp_bytes = k->done_bytes;
    o.internal = k->internal;
    o.internal_high = k->internal_high;
    o.bytes_match = v->bytes_match;

    if (wc_oracle_set_reference(wc_reference(c)) != 0) {
        wc_log(c, "oracle: not asked (it has no reference '%s')", wc_reference(c));
        return;
    }
    char why[512];
    const char *clause = wc_oracle_judge(wc_target(c), &oc, &o, why, sizeof why);
    wc_check(c, clause == NULL, "the oracle rejects this outcome (%s): %s", clause ? clause : "", why);
}
