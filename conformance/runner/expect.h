/*
 * expect.h: the expectations file, a list of waivers:
 *
 *   # comment
 *   A34.qr.small.sync.wsa   XFAIL   the vendor's stack returns WSAEFAULT; tracked in #123
 *   A35.x   XFAIL  match="*10014*"  expires=2027-06-30   fixed in release 4.3
 *
 * One case id, the outcome it waives, optional pins, and a reason, which is mandatory: a
 * waiver nobody can explain is a hidden failure.  XFAIL waives a failed check (FAIL,
 * NON-STRICT); XCRASH a crash; XTIMEOUT a hang.  The optional pins, between the word and the
 * reason:
 *   match=TEXT         the waiver holds only while TEXT occurs in what the case reported
 *                      (reason, failed checks with expected and actual values); `*` and `?`
 *                      are wildcards; "double quotes" let TEXT hold spaces.  It may be
 *                      given more than once.  A case that failed checks is waived only when
 *                      every failed check holds one of the texts and every text is in one:
 *                      a waiver written for one check never hides another (Wine's
 *                      todo_wine is per check for the same reason);
 *   expires=YYYY-MM-DD after that day (UTC) the waiver waives nothing: its case is a FAIL
 *                      naming the expired waiver.
 * A waived case that ends another way, or whose report no longer matches, is a FAIL naming
 * the stale waiver (a waiver written for an error code never hides a new crash); one that
 * passes is XPASS.  An entry without a reason, with another word than XFAIL/XCRASH/XTIMEOUT,
 * a bad pin, naming a case the catalogue does not have, or naming a case twice is an error
 * that names the file and line (exit 2), and so is a file that is not text (a folder, a
 * byte-order mark, a NUL byte), so a stale or mistyped waiver list cannot silently waive
 * nothing.
 */
#ifndef WFPCERT_CONFORMANCE_EXPECT_H
#define WFPCERT_CONFORMANCE_EXPECT_H

#include <stddef.h>
#include <stdio.h>
#include "wfpcert/outcome.h"

typedef struct wc_waiver {
    char *id, *reason;
    const char *file; /* the expectations file, for naming the waiver in a verdict */
    int line;
    wc_outcome covers; /* WC_FAIL (XFAIL: also NON-STRICT), WC_CRASH or WC_TIMEOUT */
    char **match; /* the match= pins, in the order given */
    size_t nmatch;
    char expires[11]; /* expires= day, "" when none */
    int expired; /* today (UTC, when loaded) is after expires */
    char *text; /* how reports show it: "XFAIL: reason", with the pins when given */
} wc_waiver;

typedef struct wc_expectations {
    wc_waiver *w;
    size_t n;
    char *path;
} wc_expectations;

/* known(id) says whether the catalogue has the case.  Returns 0, or 2 after an error on err. */
int wc_expect_load(wc_expectations *e, const char *path, int (*known)(const char *id), FILE *err);
/* The same with the day to judge expires= against ("YYYY-MM-DD"; NULL: today, UTC). */
int wc_expect_load_on(wc_expectations *e, const char *path, int (*known)(const char *id), const char *today, FILE *err);
/* The waiver of a case, or NULL. */
const wc_waiver *wc_expect_find(const wc_expectations *e, const char *id);
void wc_expect_free(wc_expectations *e);

#endif /* WFPCERT_CONFORMANCE_EXPECT_H */
