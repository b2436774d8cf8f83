/*
 * declines.h: UNSUPPORTED on the embedded model is a finding.
 * From a real stack "the target cannot" is an honest answer.  The embedded model with the
 * suite's own test callout is the stack every case was written against: a case it declines
 * outside the catalogue's short list (wc_catalogue_declined) means the model lost something
 * it had, and that must not pass as "conforming".
 */
#ifndef WFPCERT_CONFORMANCE_DECLINES_H
#define WFPCERT_CONFORMANCE_DECLINES_H

#include <stdio.h>
#include "run.h"
#include "settings.h"

/* Whether the run is the embedded model with the built-in test callout (no --callout: a
 * vendor's driver may decline more, as may the native target). */
int wc_declines_apply(const wc_settings *s);

/* After the run: fails every case that ran (ran[i] non-zero) and ended UNSUPPORTED although
 * the catalogue does not list it as declined; prints those to out (may be NULL).  A listed
 * case that ran to another outcome is noted on out (the list is stale), not failed.  Returns
 * how many cases it failed. */
size_t wc_declines_judge(wr_run *r, const unsigned char *ran, FILE *out);

#endif /* WFPCERT_CONFORMANCE_DECLINES_H */
