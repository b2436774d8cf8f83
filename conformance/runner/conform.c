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
#include "model_rules.h"
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
#include "stream.h"

#include <stdlib.h>
#include <string.h>

#ifndef WFPCERT_VERSION
#define WFPCERT_VERSION "0.0.0"
#endif

/* Opens and closes the target with every setting, so a bad value is a usage error. */
static int validate_target(const wc_settings *s, FILE *err) {
    struct wt_target *t = NULL;
    char msg[1024];
    if (wc_target_setup(s, &t, msg, sizeof msg) != 0) {
        fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
        return 2;
    }
    wt_close(t);
    return 0;
}

static void list_cases(const size_t *idx, size_t n, const wc_settings *s, FILE *out) {
    for (size_t i = 0; i < n; i++) {
        wr_case c;
        wc_describe_case(&c, idx[i], s);
        fprintf(out, "%-40s %-6s %-12s %s", c.id, wr_level_name(c.level), c.clause, c.anchor ? c.anchor : "");
        if (s->list_long) fprintf(out, "  %s", c.accepts ? c.accepts : "");
        fputc('\n', out);
        wr_case_free(&c);
    }
}

static void run_metadata(wr_run *r, const wc_settings *s) {
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

static int exit_status(const wr_run *r) {
    for (size_t i = 0; i < r->ncases; i++)
        if (wr_outcome_fails_run(r->cases[i].outcome, r->xpass_ok) ||
            (r->strict && r->cases[i].outcome == WC_NONSTRICT))
            return 1;
    return 0;
}

static wc_run_extra extra_fn;
static void *extra_ud;

void wc_conform_set_extra(wc_run_extra fn, void *ud) {
    extra_fn = fn;
    extra_ud = ud;
}

/* The command this runner serves: certify adds its corpus replay through extra_fn. */
static const char *command_name(void) { return extra_fn ? "certify" : "conform"; }

/* Where the run is written while it goes, and its stream of finished cases. */
typedef struct run_out {
    wr_run_folder folder;
    FILE *stream; /* results.jsonl, NULL with --no-report */
    int stream_failed;
    wr_stream_read rec; /* with --resume: what the interrupted run recorded */
    unsigned char *recorded; /* per selected case: taken from rec, not streamed again */
    wr_run *r;
    FILE *err;
} run_out;

static void stream_case(void *ud, size_t i) {
    run_out *o = ud;
    if (!o->stream || o->recorded[i]) return;
    if (wr_stream_case(o->stream, &o->r->cases[i]) != 0 && !o->stream_failed) {
        o->stream_failed = 1; /* the run goes on; only --resume would miss it */
        fprintf(o->err, "%s: cannot write %s/%s: the run goes on, but could not be resumed\n", wc_cmd_name(),
                o->folder.work, WR_STREAM_FILE);
    }
}

/* Keeps the cases that finished, in order, for a run that was stopped. */
static void keep_finished(wr_run *r, const unsigned char *finished) {
    size_t k = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        if (finished[i])
            r->cases[k++] = r->cases[i];
        else
            wr_case_free(&r->cases[i]);
    }
    r->ncases = k;
}

/* Runs the selection into r; returns 0, or 3 when no case process could be started. */
static int run_cases(const wc_settings *s, const wc_expectations *e, const size_t *idx, size_t n, wr_run *r, run_out *o,
                     FILE *out, FILE *err) {
    r->cases = wr_xrealloc(NULL, (n ? n : 1) * sizeof *r->cases);
    r->ncases = r->planned = n;
    unsigned char *decided = wr_xrealloc(NULL, n ? n : 1);
    o->recorded = wr_xrealloc(NULL, n ? n : 1);
    o->r = r;
    size_t taken = 0;
    for (size_t i = 0; i < n; i++) {
        decided[i] = !wc_describe_case(&r->cases[i], idx[i], s);
        o->recorded[i] = 0;
        for (size_t k = 0; k < o->rec.ncases; k++)
            if (o->rec.cases[k].id && !strcmp(o->rec.cases[k].id, r->cases[i].id)) {
                /* finished before the interruption: its result stands */
                wr_case_take_results(&r->cases[i], &o->rec.cases[k].c);
                free(o->rec.cases[k].id);
                o->rec.cases[k].id = NULL;
                decided[i] = o->recorded[i] = 1;
                taken++;
                break;
            }
        if (decided[i] && !o->recorded[i]) {
            r->cases[i].outcome = WC_UNSUPPORTED;
            wc_judge_waive(&r->cases[i], wc_expect_find(e, r->cases[i].id));
        }
    }
    if (s->resume)
        fprintf(out, "%s: resuming %s: %zu of %zu cases were recorded, %zu to run\n", wc_cmd_name(), s->resume, taken,
                n, n - taken);
    wc_progress pg;
    char msg[512] = "";
    long long t0 = wc_os_now_us();
    wc_progress_begin(&pg, out, !s->plain && wc_os_isatty(out), r->cases, n);
    pg.on_final = stream_case;
    pg.ud = o;
    wc_os_interrupt_begin();
    int rc = wc_schedule(s, e, idx, r->cases, decided, n, &pg, msg, sizeof msg);
    r->interrupted = wc_os_interrupted();
    wc_os_interrupt_end();
    r->duration_us = wc_os_now_us() - t0;
    if (r->interrupted) {
        keep_finished(r, pg.finished);
        r->exit_status = 128 + r->interrupted;
    } else {
        wc_judge_consistency(r, out);
        if (wc_model_rules_apply(s)) {
            for (size_t i = 0; i < n; i++) decided[i] = !decided[i] || o->recorded[i]; /* now: it ran */
            wc_model_judge_declines(r, decided, out);
            if (!s->nknobs) { /* a knob may select another alternative, or change an answer */
                wc_model_judge_alternatives(r, wc_settings_profile(s), out);
                wc_model_judge_answers(r, out);
            }
        }
    }
    wr_run_count(r);
    if (!r->interrupted) r->exit_status = exit_status(r);
    wc_progress_end(&pg, r);
    free(decided);
    if (rc != 0 && !r->interrupted) {
        fprintf(err, "%s: no case could be started: %s\n", wc_cmd_name(), msg);
        return 3; /* the machine, not the command line (README: exit status) */
    }
    return 0;
}

/* The arguments of the run being resumed, and the few that may be added to them. */
static int resume_settings(wc_settings *s, int argc, char **argv, run_out *o, char ***rargv, FILE *err) {
    const char *run_dir = s->resume;
    char **extra = wr_xrealloc(NULL, (size_t)argc * sizeof *extra);
    int nextra = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int with_value = !strcmp(a, "--resume") || !strcmp(a, "--jobs");
        if (with_value || !strncmp(a, "--resume=", 9)) {
            if (strncmp(a, "--resume", 8) != 0) extra[nextra++] = argv[i], extra[nextra++] = argv[i + 1];
            i += with_value;
        } else if (!strncmp(a, "--jobs=", 7) || !strcmp(a, "--plain")) {
            extra[nextra++] = argv[i];
        } else {
            fprintf(err,
                    "%s: --resume %s: %s: a resumed run keeps the options it was started with (only "
                    "--jobs and --plain may be added)\n",
                    wc_cmd_name(), run_dir, a);
            free(extra);
            return 2;
        }
    }
    char msg[1024];
    if (wr_stream_load(&o->rec, run_dir, msg, sizeof msg) != 0) {
        fprintf(err, "%s: --resume %s: %s\n", wc_cmd_name(), run_dir, msg);
        free(extra);
        return 2;
    }
    if (strcmp(o->rec.head.command, command_name()) != 0) {
        fprintf(err, "%s: --resume %s: that is a `wfpcert %s` run; resume it with wfpcert %s --resume %s\n",
                wc_cmd_name(), run_dir, o->rec.head.command, o->rec.head.command, run_dir);
        free(extra);
        return 2;
    }
    size_t n = 1 + o->rec.head.nargs + (size_t)nextra + 2;
    char **av = *rargv = wr_xrealloc(NULL, n * sizeof *av);
    int ac = 0;
    av[ac++] = argv[0];
    for (size_t i = 0; i < o->rec.head.nargs; i++) av[ac++] = o->rec.head.args[i];
    for (int i = 0; i < nextra; i++) av[ac++] = extra[i];
    av[ac] = NULL;
    free(extra);
    wc_settings_free(s);
    int rc = wc_settings_parse(s, ac, av, err);
    if (rc == 0 && (s->no_report || s->resume)) {
        fprintf(err, "%s: --resume %s: its recorded options cannot be resumed\n", wc_cmd_name(), run_dir);
        rc = 2;
    }
    s->resume = run_dir;
    return rc;
}

/* Before the first case: the work folder and its stream (or, resuming, the old ones). */
static int open_run_folder(const wc_settings *s, int argc, char **argv, wr_run *r, run_out *o, FILE *out, FILE *err) {
    char msg[1024];
    if (s->resume) {
        if (wr_run_folder_resume(&o->folder, s->resume, !strcmp(o->rec.head.layout, "runs"), msg, sizeof msg) != 0 ||
            wr_stream_append(&o->stream, o->folder.work, o->rec.whole_bytes, msg, sizeof msg) != 0) {
            fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
            return 2;
        }
        if (o->rec.head.started_utc[0]) snprintf(r->started_utc, sizeof r->started_utc, "%s", o->rec.head.started_utc);
    } else {
        wr_folder_opts fo = {s->reports_root, s->out_dir, s->force};
        wr_stream_head h = {(char *)command_name(), s->out_dir ? "out" : "runs", "", argv + 1, (size_t)(argc - 1)};
        snprintf(h.started_utc, sizeof h.started_utc, "%s", r->started_utc);
        if (wr_run_folder_begin(&o->folder, r, &fo, msg, sizeof msg) != 0 ||
            wr_stream_create(&o->stream, o->folder.work, &h, msg, sizeof msg) != 0) {
            fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
            return 2;
        }
    }
    fprintf(out, "%s: writing the run in %s\n", wc_cmd_name(), o->folder.work);
    return 0;
}

static int write_reports(const wc_settings *s, wr_run *r, run_out *o, FILE *out, FILE *err) {
    if (s->no_report) return 0;
    char path[4600], msg[1024];
    if (o->stream) fclose(o->stream);
    o->stream = NULL;
    int moved = wr_run_folder_finish(&o->folder, r, !r->interrupted, path, sizeof path, msg, sizeof msg);
    if (moved < 0) {
        fprintf(err, "%s: %s\n", wc_cmd_name(), msg);
        return 2;
    }
    fprintf(out, "report: %s/report.html\n", path);
    /* the run is whole; only the pointer to the newest one is stale, so the verdict stands */
    if (moved > 0)
        fprintf(err, "%s: warning: %s; latest still names an older run, this one is %s\n", wc_cmd_name(), msg, path);
    if (r->interrupted)
        fprintf(out,
                "interrupted: %zu of %zu cases are in %s (not COMPLETE; latest not moved); continue with: "
                "wfpcert %s --resume %s\n",
                r->ncases, r->planned, path, command_name(), path);
    r->run_dir = wr_strdup(path);
    return 0;
}

int wc_conform(int argc, char **argv, FILE *out, FILE *err, wr_run *run) {
    wc_settings s;
    wc_expectations e = {0};
    size_t *idx = NULL, n = 0;
    wr_run r;
    run_out o;
    char **rargv = NULL;
    memset(&r, 0, sizeof r);
    memset(&o, 0, sizeof o);
    o.err = err;
    if (run) memset(run, 0, sizeof *run);

    int rc = wc_settings_parse(&s, argc, argv, err);
    if (rc == 0 && s.help) {
        wc_settings_help(out);
        goto done;
    }
    if (rc == 0 && s.resume) rc = resume_settings(&s, argc, argv, &o, &rargv, err);
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
    if (!s.no_report && !s.resume) { /* before the first case: an unwritable folder must not cost a whole run */
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
    if (!s.no_report) rc = open_run_folder(&s, argc, argv, &r, &o, out, err);
    if (rc == 0) rc = run_cases(&s, &e, idx, n, &r, &o, out, err);
    if (rc == 0 && extra_fn && !r.interrupted) {
        extra_fn(&r, extra_ud);
        wr_run_count(&r);
        r.exit_status = exit_status(&r);
    }
    if (rc == 0) rc = write_reports(&s, &r, &o, out, err);
    if (rc == 0) rc = r.exit_status;
    if (run) {
        *run = r;
        memset(&r, 0, sizeof r);
    }
done:
    if (o.stream) fclose(o.stream);
    free(o.recorded);
    wr_stream_read_free(&o.rec);
    free(rargv);
    wr_run_free(&r);
    free(idx);
    wc_expect_free(&e);
    wc_settings_free(&s);
    return rc;
}

int wc_conform_main(int argc, char **argv) { return wc_conform(argc, argv, stdout, stderr, NULL); }
