/*
 * child.h: what runs inside a case process, and the target set-up it shares with the parent.
 *
 * The parent opens the target once before the run only to validate --target, --profile,
 * --knob and --fault (a bad value is a usage error, exit 2, not a hundred failed cases); each
 * case process then opens its own fresh target the same way.  Declared without case.h so
 * that the POSIX spawn code can call it without the Winsock declarations.
 */
#ifndef WFPCERT_CONFORMANCE_CHILD_H
#define WFPCERT_CONFORMANCE_CHILD_H

#include <stddef.h>
#include "protocol.h"
#include "settings.h"

struct wt_target;

/* Opens s->target and applies profile, knobs and faults in that order.  0, or the wt_*
 * error code with a message naming the flag and value in err. */
int wc_target_setup(const wc_settings *s, struct wt_target **out, char *err, size_t cap);

/* Runs case `index` of the catalogue here: opens the target, runs the body, closes the
 * target, and reports every event through sink (protocol.h), ending with D unless the body
 * never returns.  Does not exit. */
void wc_child_run(const wc_settings *s, size_t index, wc_line_sink sink, void *ud);

/* `--run-one ID`: the case in this very process (no fork, no timeout), judged and printed;
 * with --protocol the raw protocol is printed instead.  Returns the exit status. */
struct wc_expectations;
int wc_run_one(const wc_settings *s, const struct wc_expectations *e, FILE *out, FILE *err);

#endif /* WFPCERT_CONFORMANCE_CHILD_H */
