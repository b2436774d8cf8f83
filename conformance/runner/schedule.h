/*
 * schedule.h: runs the selected cases, each in its own process, up to --jobs at a time,
 * with a per-case timeout.
 */
#ifndef WFPCERT_CONFORMANCE_SCHEDULE_H
#define WFPCERT_CONFORMANCE_SCHEDULE_H

#include "expect.h"
#include "progress.h"
#include "settings.h"

/* Case res[i] is catalogue case idx[i]; res[i] holds its description already.  Cases with
 * decided[i] set are final (not applicable to the profile) and are only reported.  Every
 * other case is run and judged into res[i]; results stay in the given order whatever the
 * number of jobs.  Returns 0, or -1 when no case process could be started at all (the reason
 * is in err). */
int wc_schedule(const wc_settings *s, const wc_expectations *e, const size_t *idx, wr_case *res,
                const unsigned char *decided, size_t n, wc_progress *pg, char *err, size_t cap);

#endif /* WFPCERT_CONFORMANCE_SCHEDULE_H */
