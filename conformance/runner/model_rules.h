/*
 * model_rules.h: what the embedded model must show beyond conformance.
 * A real stack may decline a case ("the target cannot") and may take any documented
 * alternative where the pages leave a choice, as long as it takes one throughout.  The
 * embedded model with the suite's own test callout is the stack every case was written
 * against, and each of its profiles is defined by the alternatives it selects: a case it
 * declines outside the catalogue's short list (wc_catalogue_declined), an alternative other
 * than its profile's, or an answer of its own (where no page decides) other than the one
 * docs/SPEC.md pins, means the model lost or changed something, and that must not pass
 * as "conforming" (a callout table one slot short made the sixteen-vendor chain decline, and
 * certify passed).
 */
#ifndef WFPCERT_CONFORMANCE_MODEL_RULES_H
#define WFPCERT_CONFORMANCE_MODEL_RULES_H

#include <stdio.h>
#include "run.h"
#include "settings.h"

/* Whether the run is the embedded model with the built-in test callout (no --callout: a
 * vendor's driver may decline more, as may the native target). */
int wc_model_rules_apply(const wc_settings *s);

/* After the run: fails every case that ran (ran[i] non-zero) and ended UNSUPPORTED although
 * the catalogue does not list it as declined; prints those to out (may be NULL).  A listed
 * case that ran to another outcome is noted on out (the list is stale), not failed.  Returns
 * how many cases it failed. */
size_t wc_model_judge_declines(wr_run *r, const unsigned char *ran, FILE *out);

/* The alternative of contradiction C<cn> that the model's profile selects ("c", "probe", ...),
 * or NULL when the profile selects none for it (or is not one of the model's). */
const char *wc_model_profile_alternative(const char *profile, unsigned long cn);

/* After the run, when no --knob changed the profile: fails every case whose observation of a
 * contradiction disagrees with the alternative the profile selects; prints those to out (may
 * be NULL).  Returns how many cases it failed. */
size_t wc_model_judge_alternatives(wr_run *r, const char *profile, FILE *out);

/* The i-th pinned answer: its key ("M.<name>"), value and why the model answers so; 0 past the
 * last (wfpcert list answers). */
int wc_model_answer_at(size_t i, const char **key, const char **value, const char **why);

/* The value docs/SPEC.md pins for the model's own answer `key` ("M.<name>"), or NULL. */
const char *wc_model_answer_pinned(const char *key);

/* After the run, when no --knob changed the model: fails every case whose "M.<name>"
 * observation differs from the pinned answer, or has none pinned; prints those to out (may be
 * NULL).  Returns how many cases it failed. */
size_t wc_model_judge_answers(wr_run *r, FILE *out);

#endif /* WFPCERT_CONFORMANCE_MODEL_RULES_H */
