/*
 * expect.h: the expectations file, a list of waivers:
 *
 *   # comment
 *   A34.qr.small.sync.wsa   XFAIL   the vendor's stack returns WSAEFAULT; tracked in #123
 *
 * One case id, the outcome it waives, and a reason, which is mandatory: a waiver nobody can
 * explain is a hidden failure.  XFAIL waives a failed check (FAIL, NON-STRICT); XCRASH a
 * crash; XTIMEOUT a hang.  A waived case that ends another way is a FAIL naming the waiver
 * (a waiver written for an error code never hides a new crash); one that passes is XPASS.  An entry without a reason, with another word than XFAIL, naming a
 * case the catalogue does not have, or naming a case twice is an error that names the file
 * and line (exit 2), so a stale or mistyped waiver list cannot silently waive nothing.
 */
#ifndef WFPCERT_CONFORMANCE_EXPECT_H
#define WFPCERT_CONFORMANCE_EXPECT_H

#include <stddef.h>
#include <stdio.h>

typedef struct wc_waiver {
    char *id, *reason;
    int line;
} wc_waiver;

typedef struct wc_expectations {
    wc_waiver *w;
    size_t n;
} wc_expectations;

/* known(id) says whether the catalogue has the case.  Returns 0, or 2 after an error on err. */
int wc_expect_load(wc_expectations *e, const char *path, int (*known)(const char *id), FILE *err);
/* The waiver of a case as "WORD: reason" (WORD the outcome it covers), or NULL. */
const char *wc_expect_reason(const wc_expectations *e, const char *id);
void wc_expect_free(wc_expectations *e);

#endif /* WFPCERT_CONFORMANCE_EXPECT_H */
