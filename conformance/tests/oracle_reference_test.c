/*
 * oracle_reference_test.c: the fuzz oracle holds a target that reports no knobs (the native
 * target, a real stack) to the reference, not to whatever it answers.
 *
 * Why: reading the expectation from the target let a real stack pass every documented
 * alternative in every call, so a stack that mixed them, or answered an observed point the
 * documented way, was never caught while fuzzing.  Each check below was seen failing before
 * reference.c: the oracle accepted WSAEINVAL for an unknown code under --reference windows,
 * and accepted C1 (b) after the same target had shown C1 (c).
 */
#include "oracle.h"
#include "reference.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void expect_verdict(const char *what, const char *clause, int want_fail) {
    if ((clause != NULL) != want_fail) {
        printf("FAIL %s: the oracle %s\n", what, clause ? "refused it" : "allowed it");
        failures++;
    } else {
        printf("ok   %s%s%s\n", what, clause ? " -> " : "", clause ? clause : "");
    }
}

static wc_oracle_call query(DWORD cb_out, wc_oracle_mode mode) {
    wc_oracle_call c;
    memset(&c, 0, sizeof c);
    c.code = SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS;
    c.state = WC_ORACLE_S_CONNECTED;
    c.sock_overlapped = 1;
    c.mode = mode;
    c.in = WC_ORACLE_P_NULL;
    c.out = WC_ORACLE_P_VALID;
    c.lpcb = WC_ORACLE_P_VALID;
    c.cb_out = cb_out;
    c.records_len = 100;
    c.context_len = 0;
    c.elevated = 1;
    return c;
}

static wc_oracle_outcome failed_now(int err, DWORD size) {
    wc_oracle_outcome o;
    memset(&o, 0, sizeof o);
    o.ret = SOCKET_ERROR;
    o.err = err;
    o.size_known = 1;
    o.size_before = 0xAAAAAAAAu;
    o.size_after = size;
    o.bytes_match = -1;
    return o;
}

/* A pended QUERY whose completion port packet failed with win32 (Internal: status). */
static wc_oracle_outcome failed_on_port(DWORD win32, LONG status) {
    wc_oracle_outcome o = failed_now(WSA_IO_PENDING, 0xAAAAAAAAu);
    o.collected = 1;
    o.notifications = 1;
    o.comp_err = win32;
    o.internal = (ULONG_PTR)(ULONG)status;
    return o;
}

int main(void) {
    char why[256];
    wc_oracle_call c;
    wc_oracle_outcome o;

    /* A17 is observed on Windows: an unknown code is WSAEOPNOTSUPP, pinned by "windows". */
    wc_oracle_set_reference("windows");
    c = query(16, WC_ORACLE_M_SYNC);
    c.code = 0xDEADBEEFu;
    o = failed_now(WSAEINVAL, 0);
    expect_verdict("windows: unknown code answered WSAEINVAL", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 1);
    o = failed_now(WSAEOPNOTSUPP, 0);
    expect_verdict("windows: unknown code answered WSAEOPNOTSUPP", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 0);
    wc_oracle_set_reference("docs-table");
    o = failed_now(WSAEINVAL, 0);
    expect_verdict("docs-table: unknown code answered WSAEINVAL", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 0);

    /* C1 is open under "windows": any documented alternative, but one throughout. */
    wc_oracle_set_reference("windows");
    c = query(16, WC_ORACLE_M_SYNC);
    o = failed_now(WSAEFAULT, 100);
    expect_verdict("windows: too small, (c) WSAEFAULT with the size", wc_oracle_judge(NULL, &c, &o, why, sizeof why),
                   0);
    o = failed_now(ERROR_INSUFFICIENT_BUFFER, 100);
    expect_verdict("windows: then (b) 122 from the same target", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 1);
    o = failed_now(WSAEFAULT, 100);
    expect_verdict("windows: (c) again", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 0);

    /* A port's 122 cannot tell (b) from (c): it settles nothing. */
    wc_oracle_set_reference("windows");
    c = query(16, WC_ORACLE_M_IOCP);
    o = failed_on_port(ERROR_INSUFFICIENT_BUFFER, (LONG)0xC0000023);
    expect_verdict("windows: too small on a port, 122", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 0);
    c = query(16, WC_ORACLE_M_SYNC);
    o = failed_now(ERROR_INSUFFICIENT_BUFFER, 100);
    expect_verdict("windows: then (b) synchronously", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 0);
    o = failed_now(WSAEINVAL, 0);
    expect_verdict("windows: then (a) synchronously", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 1);

    /* docs-lpcb pins C1 (a): WSAEINVAL with size 0. */
    wc_oracle_set_reference("docs-lpcb");
    o = failed_now(WSAEFAULT, 100);
    expect_verdict("docs-lpcb: too small, (c)", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 1);
    o = failed_now(WSAEINVAL, 0);
    expect_verdict("docs-lpcb: too small, (a)", wc_oracle_judge(NULL, &c, &o, why, sizeof why), 0);

    expect_verdict("an unknown reference is refused", wc_oracle_set_reference("linux") == 0 ? NULL : "refused", 1);
    printf("%d failure(s)\n", failures);
    return failures != 0;
}
