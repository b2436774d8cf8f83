/*
 * conform.c: `wfpcert conform`: parse, validate the target settings, select, run, judge,
 * write the run folder, print the summary, and turn it all into the exit status.
 *
 * Validation happens before any case runs (a bad --profile is exit 2 and one clear line, not
 * a run of failures), and the target is opened once in this process for it; each case process
 * then opens its own.
 */
#include "runner.h"
#include "child.h"
#include "expect.h"
#include "judge.h"
#include "os.h"
#include "wfpcert/target.h"
#include "preflight.h"
#include "progress.h"
#include "reports.h"
#include "schedule.h"
#include "select.h"
#include "sysinfo.h"

#include <stdlib.h>
#include <string.h>

#ifndef WFPCERT_VERSION
#define WFPCERT_VERSION "0.0.0"
#endif


/* Opens and closes the target with every setting, so a bad value is a usage error. */
static int validate_target(const wc_settings *s, FILE *err)
{
    struct wt_target *t = NULL;
    char msg[1024];
    if (wc_target_setup(s, &t, msg, sizeof msg) != 0) {
        fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
        return 2;
    }
    wt_close(t);
    return 0;
}

static void list_cases(const size_t *idx, size_t n, const wc_settings *s, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        wr_case c;
        wc_describe_case(&c, idx[i], s);
        fprintf(out, "%-40s %-6s %-12s %s\n", c.id, wr_level_name(c.level), c.clause, c.anchor ? c.anchor : "");
        wr_case_free(&c);
    }
}

static void run_metadata(wr_run *r, const wc_settings *s)
{
    r->tool = wr_strdup("wfpcert " WFPCERT_VERSION);
    r->target = wr_strdup(s->target);
    r->profile = wr_strdup(wc_settings_profile(s));
    r->reference = wr_strdup(wc_settings_reference(s));
    r->command = wr_strdup(s->command);
    r->expectations = wr_strdup(s->expect_file);
    r->jobs = s->jobs;
    r->timeout_ms = s->timeout_ms;
    r->xpass_ok = s->xpass_ok;
    r->strict = s->strict;
    r->knobs = wr_xrealloc(NULL, (s->nknobs ? s->nknobs : 1) * sizeof *r->knobs);
    for (size_t i = 0; i < s->nknobs; i++)
        r->knobs[r->nknobs++] = (wr_kv){wr_strdup(s->knob_names[i]), wr_strdup(s->knob_values[i])};
    r->faults = wr_xrealloc(NULL, (s->nfaults ? s->nfaults : 1) * sizeof *r->faults);
    for (size_t i = 0; i < s->nfaults; i++) r->faults[r->nfaults++] = wr_strdup(s->faults[i]);
    wc_os_utc_now(r->started_utc, sizeof r->started_utc);
}

static int exit_status(const wr_run *r)
{
    for (size_t i = 0; i < r->ncases; i++)
        if (wr_outcome_fails_run(r->cases[i].outcome, r->xpass_ok) ||
            (r->strict && r->cases[i].outcome == WC_NONSTRICT))
            return 1;
    return 0;
}

/* Runs the selection into r; returns 0, or 3 when no case process could be started. */
static int run_cases(const wc_settings *s, const wc_expectations *e, const size_t *idx, size_t n, wr_run *r,
                     FILE *out, FILE *err)
{
    r->cases = wr_xrealloc(NULL, (n ? n : 1) * sizeof *r->cases);
    r->ncases = n;
    unsigned char *decided = wr_xrealloc(NULL, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        decided[i] = !wc_describe_case(&r->cases[i], idx[i], s);
        if (decided[i]) {
            r->cases[i].outcome = WC_UNSUPPORTED;
            wc_judge_waive(&r->cases[i], wc_expect_find(e, r->cases[i].id));
        }
    }
    wc_progress pg;
    char msg[512] = "";
    long long t0 = wc_os_now_us();
    wc_progress_begin(&pg, out, !s->plain && wc_os_isatty(out), r->cases, n);
    int rc = wc_schedule(s, e, idx, r->cases, decided, n, &pg, msg, sizeof msg);
    r->duration_us = wc_os_now_us() - t0;
    wc_judge_consistency(r, out);
    wr_run_count(r);
    r->exit_status = exit_status(r);
    wc_progress_end(&pg, r);
    free(decided);
    if (rc != 0) {
        fprintf(err, "%s: no case could be started: %s\n", wc_cmd_name(), msg);
        return 3; /* the machine, not the command line (README: exit status) */
    }
    return 0;
}

static int write_reports(const wc_settings *s, wr_run *r, FILE *out, FILE *err)
{
    if (s->no_report) return 0;
    char path[4096], msg[1024];
    wr_folder_opts o = {s->reports_root, s->out_dir, s->force};
    if (wr_write_run_folder(r, &o, path, sizeof path, msg, sizeof msg) != 0) {
        fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
        return 2;
    }
    fprintf(out, "report: %s/report.html\n", path);
    r->run_dir = wr_strdup(path);
    return 0;
}

static wc_run_extra extra_fn;
static void *extra_ud;

void wc_conform_set_extra(wc_run_extra fn, void *ud)
{
    extra_fn = fn;
    extra_ud = ud;
}

int wc_conform(int argc, char **argv, FILE *out, FILE *err, wr_run *run)
{
    wc_settings s;
    wc_expectations e = {0};
    size_t *idx = NULL, n = 0;
    wr_run r;
    memset(&r, 0, sizeof r);
    if (run) memset(run, 0, sizeof *run);

    int rc = wc_settings_parse(&s, argc, argv, err);
    if (rc == 0 && s.help) {
        wc_settings_help(out);
        goto done;
    }
    if (rc == 0 && s.expect_file) rc = wc_expect_load(&e, s.expect_file, wc_case_known, err);
    if (rc == 0) rc = validate_target(&s, err);
    if (rc == 0 && s.run_one) {
        rc = wc_run_one(&s, &e, out, err);
        goto done;
    }
    if (rc == 0 && s.rerun_nothing && !s.nids) { /* a clean earlier run: nothing to repeat */
        fprintf(out, "%s: --rerun-failed: the run had no failed, crashed or timed-out case; nothing to run\n",
                wc_cmd_name());
        goto done;
    }
    if (rc == 0) rc = wc_select(&s, &idx, &n, err);
    if (rc == 0 && s.list) {
        list_cases(idx, n, &s, out);
        goto done;
    }
    if (rc != 0) goto done;
    if (!s.no_report) { /* before the first case: an unwritable folder must not cost a whole run */
        char msg[1024];
        wr_folder_opts fo = {s.reports_root, s.out_dir, s.force};
        if (wr_check_run_folder(&fo, msg, sizeof msg) != 0) {
            fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
            rc = 2;
            goto done;
        }
    }
    rc = wc_preflight(&s, out, err); /* native: elevation, the proxy port */
    if (rc != 0) goto done;
    if (!n) fprintf(out, "%s: the catalogue is empty\n", wc_cmd_name());
    run_metadata(&r, &s);
    wc_sysinfo_fill(&r.sys, &s, idx, n, e.n);
    rc = run_cases(&s, &e, idx, n, &r, out, err);
    if (rc == 0 && extra_fn) {
        extra_fn(&r, extra_ud);
        wr_run_count(&r);
        r.exit_status = exit_status(&r);
    }
    if (rc == 0) rc = write_reports(&s, &r, out, err);
    if (rc == 0) rc = r.exit_status;
    if (run) {
        *run = r;
        memset(&r, 0, sizeof r);
    }
done:
    wr_run_free(&r);
    free(idx);
    wc_expect_free(&e);
    wc_settings_free(&s);
    return rc;
}

int wc_conform_main(int argc, char **argv) { return wc_conform(argc, argv, stdout, stderr, NULL); }
