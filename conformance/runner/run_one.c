/*
 * run_one.c: `wfpcert conform --run-one ID`, one case in this very process: no fork, no
 * timeout, so a developer can put it under a debugger or a sanitizer and see the crash where
 * it happens.  It is the repro command every report prints.
 *
 * With --protocol it prints the raw line protocol instead of a verdict: that is how the
 * Windows side of the spawn seam runs a case in a child process (spawn.h).
 */
#include "child.h"
#include "expect.h"
#include "judge.h"
#include "progress.h"
#include "select.h"

#include <stdlib.h>

static void stdout_sink(void *ud, const char *line, size_t len) {
    fwrite(line, 1, len, (FILE *)ud);
    fflush((FILE *)ud); /* now: the next thing the case does may be to crash */
}

int wc_run_one(const wc_settings *s, const wc_expectations *e, FILE *out, FILE *err) {
    if (wc_catalogue_ids_unique(err)) return 2;
    size_t idx = wc_find_case(s->run_one);
    if (idx == (size_t)-1) {
        fprintf(err, "%s: --run-one %s: no such case (see --list)\n", wc_cmd_name(), s->run_one);
        return 2;
    }
    if (s->protocol) {
        wc_child_run(s, idx, stdout_sink, out);
        return 0;
    }
    wr_case c;
    wc_proto p;
    int applies = wc_describe_case(&c, idx, s);
    wc_proto_init(&p, &c);
    p.unsupported = !applies;
    if (applies) wc_child_run(s, idx, wc_proto_sink, &p);
    wc_proto_finish(&p);
    wc_judge(&c, &p, &(wc_exit){WC_IN_PROCESS, 0}, 0, wc_expect_find(e, c.id));
    fprintf(out, "%s [%s %s %s]\n", c.id, wr_level_name(c.level), c.clause, c.anchor ? c.anchor : "");
    fprintf(out, "  accepts: %s\n  checks: %d, failed: %d\n", c.accepts ? c.accepts : "", c.checks, c.failed_checks);
    for (size_t i = 0; i < c.nobs; i++) fprintf(out, "  observed %s=%s\n", c.obs[i].key, c.obs[i].value);
    for (size_t i = 0; i < c.nlogs; i++) fprintf(out, "  log: %s\n", c.logs[i]);
    wc_progress_print_case(out, &c);
    int rc = wr_outcome_fails_run(c.outcome, s->xpass_ok) || (s->strict && c.outcome == WC_NONSTRICT) ? 1 : 0;
    wr_case_free(&c);
    return rc;
}
