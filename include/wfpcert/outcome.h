/*
 * wfpcert/outcome.h: the levels of a clause and the outcomes of a case: the verdict's words,
 * which the conformance runner decides and the reports write.  Here, in the shared include
 * folder, so that reports/ (below the runner) need not reach into conformance/, and apart
 * from case.h so that code that only reports results does not pull in the Winsock
 * declarations case.h brings with target.h (they clash with some POSIX headers).  Not
 * installed: it is the suite's own vocabulary, not an interface for a vendor.
 */
#ifndef WFPCERT_OUTCOME_H
#define WFPCERT_OUTCOME_H

typedef enum { WC_MUST, WC_SHOULD, WC_MAY, WC_IMPL } wc_level;

typedef enum {
    WC_PASS,
    WC_FAIL,
    WC_NONSTRICT,
    WC_INFORMATIONAL,
    WC_UNSUPPORTED,
    WC_XFAIL,
    WC_XPASS,
    WC_CRASH,
    WC_TIMEOUT,
    WC_OUTCOME_COUNT
} wc_outcome;

/* The prefix a safety check's message carries on the protocol line (case.h wc_safety), so
 * that the runner can count them: a failed safety check is a FAIL at every level. */
#define WC_SAFETY_PREFIX "safety: "

#endif /* WFPCERT_OUTCOME_H */
