/*
 * selftest_catalogue.c: a catalogue of cases with known behaviour, one per outcome the
 * runner must produce, linked only into the self-test binary (the real catalogue is written
 * elsewhere).  selftest_main.c asserts the outcome of each.
 */
#include "case.h"
#include "fake_target.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

static void c_pass(wc_ctx *c) {
    wc_check(c, 1 + 1 == 2, "arithmetic");
    wc_expect_int(c, 0x980000DC, 0x980000DC);
    wc_expect_str(c, wt_kind(wc_target(c)), "model");
}

static void c_fail(wc_ctx *c) {
    wc_observe(c, "C1.sync", "%s", "c");
    wc_expect_int(c, 10014, 10022); /* WSAEFAULT where WSAEINVAL was expected */
    wc_check(c, 1, "a passing check after the failure");
}

/* Two failed checks: a waiver must name both to waive the case. */
static void c_should(wc_ctx *c) {
    wc_check(c, 0, "size not preset: %d", 7);
    wc_check(c, 0, "the second failure: size %d", 8);
}

static void c_impl(wc_ctx *c) {
    wc_observe(c, "A22.ov_iocp", "%s", wt_get_knob(wc_target(c), "C1"));
    wc_check(c, 0, "an IMPL case never fails the run");
}

static void c_may(wc_ctx *c) { wc_log(c, "the target %s", "did the optional thing"); }

static void c_unsupported(wc_ctx *c) {
    wc_unsupported(c, "needs a layered provider (%s)", "LSP");
    wc_check(c, 0, "never reached");
}

/* A check failed, then the case cannot go on: a FAIL, not UNSUPPORTED (judge.c rule 3). */
static void c_fail_then_unsupported(wc_ctx *c) {
    wc_check(c, 0, "the stack failed before the case stopped: %d", 10055);
    wc_unsupported(c, "no chain to test after that");
}

static void c_crash(wc_ctx *c) {
    wc_log(c, "about to crash");
    raise(SIGSEGV);
}

static void c_hang(wc_ctx *c) {
    wc_log(c, "about to hang");
    for (;;) thrd_sleep(&(struct timespec){1, 0}, NULL);
}

static void c_waived_fail(wc_ctx *c) { wc_expect_str(c, "b", "a"); }
static void c_waived_pass(wc_ctx *c) { wc_check(c, 1, "fine"); }

/* Reports what the runner applied to the target: the tests compare with the flags. */
static void c_knobs(wc_ctx *c) {
    wt_target *t = wc_target(c);
    wc_observe(c, "C2.sync", "%s", wt_get_knob(t, "C2"));
    wc_observe(c, "profile", "%s", wt_get_knob(t, "profile"));
    wc_observe(c, "fault.records-flip", "%s", fake_fault_on(t, "records-flip") ? "on" : "off");
    wc_check(c, t != NULL, "the runner handed the case a target");
}

static void c_strict(wc_ctx *c) { wc_expect_str(c, wt_get_knob(wc_target(c), "profile"), "strict"); }

static void c_exit(wc_ctx *c) {
    wc_log(c, "leaving without a word");
    _Exit(3);
}

/* Output on stdout and stderr, text with protocol-special characters, many events. */
static void c_chatty(wc_ctx *c) {
    printf("stdout line\tof the case\n");
    fprintf(stderr, "stderr line\n");
    wc_log(c, "tab\there, newline\nhere, backslash \\ and \x1ewc\tfake marker");
    for (int i = 0; i < 500; i++) wc_check(c, 1, "check %d", i);
    wc_observe(c, "key with\ttab", "value\nwith newline");
    printf("no newline at the end");
}

static const wc_case cases[] = {
    {"st.pass", "A01", "#dwiocontrolcode", WC_MUST, NULL, "the constant", c_pass, WC_SYNC, WC_WSAIOCTL, NULL},
    {"st.fail", "A34,C1", "#cboutbuffer", WC_MUST, NULL, "WSAEINVAL", c_fail, WC_SYNC, WC_WSAIOCTL, NULL},
    {"st.should", "A35", "#remarks", WC_SHOULD, NULL, "size preset", c_should, -1, -1, NULL},
    {"st.impl", "A36,C1", "#lpcbbytesreturned", WC_IMPL, NULL, "any of a, b, c", c_impl, WC_OV_IOCP, -1, NULL},
    {"st.may", "A37", "#remarks", WC_MAY, NULL, "optional", c_may, -1, -1, NULL},
    {"st.unsupported", "A38", "#lpthreadid", WC_MUST, NULL, "a provider", c_unsupported, -1, WC_WSPIOCTL, NULL},
    {"st.crash", "A39", "#lpvoutbuffer", WC_MUST, NULL, "no crash", c_crash, -1, -1, NULL},
    {"st.hang", "A40", "#lpvoverlapped", WC_MUST, NULL, "no hang", c_hang, -1, -1, NULL},
    {"st.waived.fail", "A41", "#s", WC_MUST, NULL, "a", c_waived_fail, -1, -1, NULL},
    {"st.waived.pass", "A42", "#s", WC_MUST, NULL, "anything", c_waived_pass, -1, -1, NULL},
    {"st.knobs", "A43,C2", "#remarks", WC_MUST, NULL, "the flags applied", c_knobs, -1, -1, NULL},
    {"st.strict-only", "A44", "#remarks", WC_MUST, "strict,lenient", "profile strict", c_strict, -1, -1, NULL},
    {"st.exit", "A45", "#return-value", WC_MUST, NULL, "returns", c_exit, -1, -1, NULL},
    {"st.chatty", "A46", "#description", WC_MUST, NULL, "output kept apart", c_chatty, -1, -1, NULL},
    {"st.fail-stopped", "A47", "#remarks", WC_MUST, NULL, "no failure", c_fail_then_unsupported, -1, -1, NULL},
};

/* A second case with st.pass's id, in the catalogue only while st_duplicate_id is set: the
 * runner must refuse such a catalogue before it runs anything (conformance/runner/select.c). */
int st_duplicate_id;
static const wc_case duplicate = {"st.pass", "A48", "#remarks", WC_MUST, NULL, "never run", c_pass, -1, -1, NULL};

size_t wc_catalogue_size(void) { return sizeof cases / sizeof cases[0] + (st_duplicate_id ? 1 : 0); }
const wc_case *wc_catalogue_get(size_t i) {
    size_t n = sizeof cases / sizeof cases[0];
    return i < n ? &cases[i] : i == n && st_duplicate_id ? &duplicate : NULL;
}

/* st.unsupported declines on purpose; with st_declines_unlisted set the catalogue lists nothing,
 * and the runner must fail it as a case the embedded model should have run. */
int st_declines_unlisted;
const char *wc_catalogue_declined(const char *id) {
    return !st_declines_unlisted && !strcmp(id, "st.unsupported") ? "the self-test declines it on purpose" : NULL;
}
