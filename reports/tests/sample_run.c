/*
 * sample_run.c: a run model built by hand, with one case per outcome and text a broken or
 * hostile target could produce (markup, quotes, control characters, invalid UTF-8, a CDATA
 * terminator, non-ASCII).  The writers must turn it into junit.xml that validates, JSON that
 * parses and HTML that renders without errors; the runner is not needed for that.
 */
#include "sample_run.h"

#include <stdlib.h>
#include <string.h>

static const char nasty[] = "<script>alert(\"x\")</script> & ' ]]> \x01\x1f\x7f \xff\xfe \xc3\x28 "
                            "caf\xc3\xa9 \xf0\x9f\x92\xa5 tab\there\nnewline";

static wr_case *add(wr_run *r, const char *id, const char *clause, const char *anchor, wc_level lv, wc_outcome o) {
    r->cases = wr_xrealloc(r->cases, (r->ncases + 1) * sizeof *r->cases);
    wr_case *c = &r->cases[r->ncases++];
    memset(c, 0, sizeof *c);
    c->id = id;
    c->clause = clause;
    c->anchor = anchor;
    c->level = lv;
    c->outcome = c->raw_outcome = o;
    c->accepts = "-1 with WSAEINVAL, or ERROR_INSUFFICIENT_BUFFER with the size";
    c->duration_us = 1234 + (long long)r->ncases;
    c->checks = 3;
    c->repro = wr_strfmt("wfpcert conform --target model --run-one '%s'", id);
    return c;
}

void sample_run_build(wr_run *r) {
    memset(r, 0, sizeof *r);
    r->tool = wr_strdup("wfpcert 0.1.0");
    r->target = wr_strdup("native:/tmp/vendor <conf>.ini");
    r->profile = wr_strdup("strict");
    r->command = wr_strdup(nasty);
    r->knobs = wr_xrealloc(NULL, sizeof *r->knobs);
    r->knobs[0] = (wr_kv){wr_strdup("C1.sync"), wr_strdup("b")};
    r->nknobs = 1;
    r->faults = wr_xrealloc(NULL, sizeof *r->faults);
    r->faults[0] = wr_strdup("records-flip");
    r->nfaults = 1;
    strcpy(r->started_utc, "2025-01-31T12:34:56Z");
    r->duration_us = 2500000;
    r->jobs = 4;
    r->timeout_ms = 2000;
    r->exit_status = 1;
    r->reference = wr_strdup("windows");
    r->sys.vendor = wr_strdup("Contoso NetShield 4.2");
    r->sys.driver = wr_strdup("netshield.sys");
    r->sys.driver_version = wr_strdup("4.2.0.1187");
    r->sys.driver_sha256 = wr_strdup("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    r->sys.elevated = 1;
    r->sys.selection = wr_strdup("--clause 'A3*' --clause A4*");
    r->sys.unselected = wr_xrealloc(NULL, 2 * sizeof *r->sys.unselected);
    r->sys.unselected[r->sys.nunselected++] = wr_strdup("A50");
    r->sys.unselected[r->sys.nunselected++] = wr_strdup(nasty);

    add(r, "A01.value", "A01", "#dwiocontrolcode", WC_MUST, WC_PASS);
    wr_case *c = add(r, "A34.qr.small.sync.wsa", "A34,C1", "#cboutbuffer", WC_MUST, WC_FAIL);
    c->failed_checks = 1;
    wr_case_msg(c, "cases/a34.c", 42, nasty, "WSAEINVAL (10022)", "WSAEFAULT (10014) \x02");
    wr_case_observe(c, "C1.sync", "c");
    c = add(r, "A35.should", "A35", "#remarks", WC_SHOULD, WC_NONSTRICT);
    wr_case_msg(c, "cases/a35.c", 7, "size not preset: err=10055", NULL, NULL);
    c = add(r, "A36.impl.sync", "A36,C1", "#lpcbbytesreturned", WC_IMPL, WC_INFORMATIONAL);
    wr_case_observe(c, "C1.sync", "b");
    wr_case_observe(c, "C1.ov_iocp", "b");
    wr_case_observe(c, "C12", nasty);
    wr_case_log(c, nasty);
    c = add(r, "A37.unsupported", "A37", "#lpthreadid", WC_MUST, WC_UNSUPPORTED);
    c->reason = wr_strdup("native target: needs a layered provider");
    c = add(r, "A38.xfail", "A38", "#lperrno", WC_MUST, WC_XFAIL);
    c->raw_outcome = WC_FAIL;
    c->waiver = wr_strdup("known bug #12 <vendor>");
    c = add(r, "A39.xpass", "A39", "#s", WC_MUST, WC_XPASS);
    c->raw_outcome = WC_PASS;
    c->waiver = wr_strdup("stale waiver");
    c = add(r, "A40.crash", "A40,Z99", "#nope", WC_MUST, WC_CRASH);
    c->reason = wr_strdup("killed by SIGSEGV");
    c->output = wr_strdup(nasty);
    c = add(r, "A41.hang", "A41", "#remarks", WC_MAY, WC_TIMEOUT);
    c->reason = wr_strdup("no result after 2.0 s; killed");
    c = add(r, nasty, nasty, nasty, WC_MUST, WC_PASS);
    wr_case_observe(c, nasty, nasty);
    wr_run_count(r);
}
