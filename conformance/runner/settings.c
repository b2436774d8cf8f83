/*
 * settings.c: argv -> wc_settings, the --help text, and the repro command line.
 *
 * Every error names the flag and the value that was wrong and returns 2, so a typo in a CI
 * script fails loudly instead of silently running a different selection.  The flags are one
 * table, so the parser and --help cannot drift apart.
 */
#include "settings.h"
#include "oracle/reference.h"
#include "os.h"
#include "wfpcert/outcome.h"
#include "results_read.h"
#include "run.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

#include <stdlib.h>
#include <string.h>

typedef int (*opt_fn)(wc_settings *s, const char *flag, const char *v, FILE *err);

typedef struct opt {
    const char *name;
    const char *arg; /* NULL: a switch */
    opt_fn fn;
    const char *help;
} opt;

static void push(const char ***list, size_t *n, const char *v) {
    *list = wr_xrealloc((void *)*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = v;
}

/* "wfpcert conform" or "wfpcert certify": errors name the sub-command the user typed. */
static const char *cmd_name = "wfpcert conform";
const char *wc_cmd_name(void) { return cmd_name; }

static int bad(FILE *err, const char *flag, const char *v, const char *why) {
    fprintf(err, "%s: %s %s: %s\n", cmd_name, flag, v, why);
    return 2;
}

static int o_knob(wc_settings *s, const char *f, const char *v, FILE *err) {
    const char *eq = strchr(v, '=');
    if (!eq || eq == v) return bad(err, f, v, "expected NAME=VALUE");
    char *name = wr_strfmt("%.*s", (int)(eq - v), v);
    for (size_t i = 0; i < s->nknobs; i++)
        if (strcmp(s->knob_names[i], name) == 0) {
            free(name);
            free(s->knob_values[i]);
            s->knob_values[i] = wr_strdup(eq + 1);
            return 0;
        }
    s->knob_names = wr_xrealloc(s->knob_names, (s->nknobs + 1) * sizeof *s->knob_names);
    s->knob_values = wr_xrealloc(s->knob_values, (s->nknobs + 1) * sizeof *s->knob_values);
    s->knob_names[s->nknobs] = name;
    s->knob_values[s->nknobs++] = wr_strdup(eq + 1);
    return 0;
}

static int o_level(wc_settings *s, const char *f, const char *v, FILE *err) {
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, ",");
        char *one = wr_strfmt("%.*s", (int)n, p);
        int l = wr_level_parse(one);
        free(one);
        if (l < 0) return bad(err, f, v, "unknown level; use must, should, may, impl (comma-separated)");
        s->levels |= 1u << l;
        p += n + (p[n] == ',');
    }
    if (!s->levels) return bad(err, f, "''", "empty level list");
    return 0;
}

static int o_jobs(wc_settings *s, const char *f, const char *v, FILE *err) {
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 1 || n > 256) return bad(err, f, v, "expected a number of jobs from 1 to 256");
    s->jobs = (int)n;
    return 0;
}

static int o_timeout(wc_settings *s, const char *f, const char *v, FILE *err) {
    char *end;
    double secs = strtod(v, &end);
    if (end == v || *end || !(secs >= 0.05 && secs <= 86400))
        return bad(err, f, v, "expected seconds per case, from 0.05 to 86400");
    s->timeout_ms = (long)(secs * 1000 + 0.5);
    return 0;
}

static int o_isolation(wc_settings *s, const char *f, const char *v, FILE *err) {
    if (strcmp(v, "reuse") == 0)
        s->isolation = WC_ISOLATE_REUSE;
    else if (strcmp(v, "fork") == 0)
        s->isolation = WC_ISOLATE_FORK;
    else
        return bad(err, f, v, "expected reuse or fork");
    return 0;
}

static int o_worker_cases(wc_settings *s, const char *f, const char *v, FILE *err) {
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 1 || n > 100000) return bad(err, f, v, "expected a number of cases from 1 to 100000");
    s->worker_cases = (int)n;
    return 0;
}

#define SETTER(fn, field)                                                                                              \
    static int fn(wc_settings *s, const char *f, const char *v, FILE *err) {                                           \
        if (!*v) return bad(err, f, "''", "empty value");                                                              \
        s->field = v;                                                                                                  \
        return 0;                                                                                                      \
    }
#define PUSHER(fn, list, count)                                                                                        \
    static int fn(wc_settings *s, const char *f, const char *v, FILE *err) {                                           \
        if (!*v) return bad(err, f, "''", "empty value");                                                              \
        push(&s->list, &s->count, v);                                                                                  \
        return 0;                                                                                                      \
    }
PUSHER(o_fault, faults, nfaults)
PUSHER(o_id, ids, nids)
PUSHER(o_match, globs, nglobs)
PUSHER(o_exclude, excludes, nexcludes)
PUSHER(o_clause, clauses, nclauses)

static int o_reference(wc_settings *s, const char *f, const char *v, FILE *err) {
    for (size_t i = 0; wc_oracle_reference_names[i]; i++) /* one table: conformance/oracle/reference.c */
        if (strcmp(v, wc_oracle_reference_names[i]) == 0) {
            s->reference = wc_oracle_reference_names[i];
            return 0;
        }
    return bad(err, f, v, "expected one of: windows (observed Windows behaviour, the default), docs-table, docs-lpcb");
}

/* --rerun-failed RUN: the failed, crashed and timed-out cases of an earlier run become --id
 * selections.  Their ids are kept in s->rerun (owned) for the life of the settings. */
static int o_rerun_failed(wc_settings *s, const char *f, const char *v, FILE *err) {
    wr_prev_run prev;
    char msg[1024];
    if (wr_prev_run_read(&prev, v, msg, sizeof msg) != 0) return bad(err, f, v, msg);
    size_t before = s->nrerun;
    for (size_t k = 0; k < prev.ncases; k++) {
        if (!wr_prev_case_failed(&prev, &prev.cases[k])) continue;
        if (!strcmp(prev.cases[k].id, "corpus.replay")) continue; /* certify's replay is no catalogue case */
        s->rerun = wr_xrealloc(s->rerun, (s->nrerun + 1) * sizeof *s->rerun);
        s->rerun[s->nrerun] = wr_strdup(prev.cases[k].id);
        push(&s->ids, &s->nids, s->rerun[s->nrerun++]);
    }
    wr_prev_run_free(&prev);
    if (s->nrerun == before) s->rerun_nothing = 1;
    return 0;
}

SETTER(o_target, target)
SETTER(o_profile, profile)
SETTER(o_expect, expect_file)
SETTER(o_out, out_dir)
SETTER(o_reports, reports_root)
SETTER(o_run_one, run_one)
SETTER(o_resume, resume)

#define SWITCH(fn, field)                                                                                              \
    static int fn(wc_settings *s, const char *f, const char *v, FILE *err) {                                           \
        s->field = 1;                                                                                                  \
        return 0;                                                                                                      \
    }
SWITCH(o_xpass_ok, xpass_ok)
SWITCH(o_strict, strict)
SWITCH(o_no_report, no_report)
SWITCH(o_force, force)
SWITCH(o_protocol, protocol)
SWITCH(o_list, list)
SWITCH(o_list_long, list_long)
SWITCH(o_plain, plain)
SWITCH(o_help, help)

static const opt opts[] = {
    {"--target", "model|native[:CONFIG]", o_target, "the stack under test (default: " WC_DEFAULT_TARGET ")"},
    {"--profile", "NAME", o_profile,
     "a named set of knob values, one per documented alternative (C1..C24);\n"
     "                                   default: the target's first (wfpcert list profiles)"},
    {"--reference", "windows|docs-table|docs-lpcb", o_reference,
     "what the target is held to: windows pins every [O-W] clause to what Windows was seen to do\n"
     "                                   (default); docs-table and docs-lpcb pin the WFP pages' two texts "
     "(docs/SPEC.md)"},
    {"--knob", "NAME=VALUE", o_knob, "override one knob after the profile (repeatable)"},
    {"--fault", "NAME", o_fault, "switch a catalogued fault on (repeatable)"},
    {"--id", "ID", o_id, "run this case (exact id; repeatable)"},
    {"--match", "GLOB", o_match, "run cases whose id matches (fnmatch; repeatable)"},
    {"--exclude", "GLOB", o_exclude,
     "leave out cases whose id matches, whatever else selects them (fnmatch; repeatable)"},
    {"--clause", "CLAUSE", o_clause, "run cases naming this clause, e.g. A34 or 'C*' (repeatable)"},
    {"--level", "LEVELS", o_level, "run cases of these levels: must,should,may,impl"},
    {"--jobs", "N", o_jobs, "cases run in parallel (default: online CPUs); results keep catalogue order"},
    {"--timeout", "SECONDS", o_timeout,
     "per case, counted while it runs (not while it waits for a CPU); then killed: TIMEOUT (default 30)"},
    {"--isolation", "reuse|fork", o_isolation,
     "reuse: a worker process runs many cases, each in a fresh target, and is replaced after a crash,\n"
     "                                   timeout or leak (default; POSIX); fork: a new process per case"},
    {"--worker-cases", "N", o_worker_cases,
     "with --isolation reuse: cases a worker runs before it retires (default 250)"},
    {"--rerun-failed", "RUN", o_rerun_failed,
     "run only the cases that failed, crashed or timed out in an earlier run (a run folder or its\n"
     "                                   results.json); with other filters, the cases either selects"},
    {"--expect", "FILE", o_expect,
     "waivers: lines `ID XFAIL|XCRASH|XTIMEOUT [match=TEXT]... [expires=YYYY-MM-DD] reason`;\n"
     "                                   with match=, each failed check must hold one of the texts"},
    {"--xpass-ok", NULL, o_xpass_ok, "a waived case that passes (XPASS) does not fail the run"},
    {"--strict", NULL, o_strict, "a missed SHOULD (NON-STRICT) fails the run too (exit 1)"},
    {"--out", "DIR", o_out,
     "write the run folder here instead of reports/runs/... (latest untouched); an existing\n"
     "                                   folder must be empty unless --force"},
    {"--reports", "DIR", o_reports, "the reports root holding runs/ and latest (default: reports)"},
    {"--no-report", NULL, o_no_report, "write no run folder"},
    {"--force", NULL, o_force, "with --out: write into a folder that already holds files (they are replaced)"},
    {"--resume", "RUN", o_resume,
     "continue the interrupted run in folder RUN with its own options (only --jobs and --plain may be\n"
     "                                   added): the cases in its results.jsonl are kept, the others run"},
    {"--run-one", "ID", o_run_one, "run one case in this process (no fork, no timeout): to reproduce"},
    {"--protocol", NULL, o_protocol, "with --run-one: print the runner's line protocol (used by the Windows seam)"},
    {"--list", NULL, o_list, "list the selected cases and exit"},
    {"--long", NULL, o_list_long, "with --list: also what each case accepts (its expectation)"},
    {"--plain", NULL, o_plain,
     "one line per case, no live progress line (also when CI=true, NO_COLOR is set, TERM=dumb\n"
     "                                   or not a TTY)"},
    {"--help", NULL, o_help, "this text"},
};

void wc_settings_help(FILE *f) {
    fputs("usage: wfpcert conform [OPTIONS]\n\n"
          "Runs the conformance cases against a target, each in its own process with a timeout,\n"
          "and writes junit.xml, results.json and report.html to reports/runs/<UTC>-<target>-<profile>/\n"
          "(reports/latest points at the newest complete run).  Each finished case is streamed to\n"
          "results.jsonl as the run goes; COMPLETE is written last.  Ctrl-C or SIGTERM stops the run,\n"
          "writes the finished cases as a run marked interrupted (no COMPLETE, latest not moved) and\n"
          "exits 130 (143 for SIGTERM); --resume continues it.\n\n",
          f);
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", opts[i].name, opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
        fprintf(f, "  %-32s %s\n", left, opts[i].help);
    }
    fputs("\nFilters combine: a case runs when it matches any --id or --match (if given), any --clause\n"
          "(if given) and any --level (if given).\n\n"
          "Outcomes: PASS; FAIL (a MUST check failed); NON-STRICT (a SHOULD check failed);\n"
          "INFORMATIONAL (MAY/IMPL: what was observed is logged); UNSUPPORTED (the target cannot run\n"
          "it, or the case does not apply to the profile); XFAIL / XPASS (waived in --expect and failed /\n"
          "passed); CRASH (the case process died); TIMEOUT (killed after --timeout).\n\n"
          "Exit status: 0 when no case is FAIL, CRASH, TIMEOUT or XPASS (XPASS allowed with --xpass-ok);\n"
          "1 otherwise; 2 for a usage or input error (bad flag or value, unknown case id, bad\n"
          "expectations file or --rerun-failed run, a report folder that cannot be written); 3 for an\n"
          "environment error (no case process could be started); 128 + the signal when Ctrl-C (130) or\n"
          "SIGTERM (143) interrupted the run.  NO_COLOR or TERM=dumb: as --plain.\n",
          f);
}

static void add_command_word(wc_settings *s, size_t *len, const char *w) {
    size_t n = strlen(w);
    s->command = wr_xrealloc(s->command, *len + n + 2);
    if (*len) s->command[(*len)++] = ' ';
    memcpy(s->command + *len, w, n + 1);
    *len += n;
}

int wc_settings_parse(wc_settings *s, int argc, char **argv, FILE *err) {
    memset(s, 0, sizeof *s);
    s->target = WC_DEFAULT_TARGET;
    s->timeout_ms = 30000;
    s->worker_cases = 250;
    s->jobs = wc_os_cpus();
    const char *ci = getenv("CI"), *term = getenv("TERM"), *no_colour = getenv("NO_COLOR");
    /* no live status line (escape codes) where they are unwanted: CI logs, TERM=dumb terminals
     * (Emacs shells, some IDE consoles) and anyone who set NO_COLOR (no-color.org) */
    s->plain = (ci && strcmp(ci, "true") == 0) || (term && strcmp(term, "dumb") == 0) || (no_colour && *no_colour);
    size_t clen = 0;
    cmd_name = argc > 0 && argv[0] && strcmp(argv[0], "certify") == 0 ? "wfpcert certify" : "wfpcert conform";
    add_command_word(s, &clen, "wfpcert conform");
    for (int i = 1; i < argc; i++) {
        add_command_word(s, &clen, argv[i]);
        const char *a = argv[i], *eq = strchr(a, '=');
        size_t nlen = eq && strncmp(a, "--", 2) == 0 ? (size_t)(eq - a) : strlen(a);
        const opt *o = NULL;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0] && !o; k++)
            if (strlen(opts[k].name) == nlen && strncmp(opts[k].name, a, nlen) == 0) o = &opts[k];
        if (!o) {
            fprintf(err, "%s: %s: %s (see --help)\n", cmd_name, a,
                    a[0] == '-' ? "unknown option" : "unexpected argument; select cases with --id or --match");
            return 2;
        }
        const char *v = NULL;
        if (o->arg) {
            if (eq && a[nlen] == '=')
                v = eq + 1;
            else if (i + 1 < argc) {
                v = argv[++i];
                add_command_word(s, &clen, v);
            } else {
                fprintf(err, "%s: %s needs a value: %s\n", cmd_name, o->name, o->arg);
                return 2;
            }
        } else if (a[nlen] == '=') {
            fprintf(err, "%s: %s takes no value\n", cmd_name, o->name);
            return 2;
        }
        int rc = o->fn(s, o->name, v ? v : "", err);
        if (rc) return rc;
    }
    if (s->protocol && !s->run_one) {
        fprintf(err, "%s: --protocol needs --run-one ID\n", cmd_name);
        return 2;
    }
    if (s->list_long && !s->list) {
        fprintf(err, "%s: --long needs --list\n", cmd_name);
        return 2;
    }
    if (s->out_dir && s->no_report) {
        fprintf(err, "%s: --out %s and --no-report contradict each other\n", cmd_name, s->out_dir);
        return 2;
    }
    return 0;
}

void wc_settings_free(wc_settings *s) {
    for (size_t i = 0; i < s->nknobs; i++) {
        free(s->knob_names[i]);
        free(s->knob_values[i]);
    }
    free(s->knob_names);
    free(s->knob_values);
    free((void *)s->faults);
    free((void *)s->ids);
    free((void *)s->globs);
    free((void *)s->excludes);
    free((void *)s->clauses);
    for (size_t i = 0; i < s->nrerun; i++) free(s->rerun[i]);
    free(s->rerun);
    free(s->command);
    memset(s, 0, sizeof *s);
}

const char *wc_settings_reference(const wc_settings *s) { return s->reference ? s->reference : "windows"; }

/* The target's first profile is its default (the model's and the native target's: windows), so
 * help, reports and folder names call it by the name --profile accepts. */
const char *wc_settings_profile(const wc_settings *s) {
    if (s->profile) return s->profile;
    return wt_profile_count() > 0 ? wt_profile_name(0) : "default";
}

/* Single-quotes a word for a POSIX shell unless it is plainly safe. */
static char *shell_word(const char *w) {
    if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:=,+@%") == strlen(w))
        return wr_strdup(w);
    size_t n = 2;
    for (const char *p = w; *p; p++) n += *p == '\'' ? 4 : 1;
    char *q = wr_xrealloc(NULL, n + 1), *o = q;
    *o++ = '\'';
    for (const char *p = w; *p; p++) {
        if (*p == '\'') {
            memcpy(o, "'\\''", 4);
            o += 4;
        } else {
            *o++ = *p;
        }
    }
    *o++ = '\'';
    *o = 0;
    return q;
}

static void append_words(char **cmd, const char *flag, const char *value) {
    char *w = shell_word(value);
    char *next = wr_strfmt("%s %s %s", *cmd, flag, w);
    free(w);
    free(*cmd);
    *cmd = next;
}

char *wc_settings_repro(const wc_settings *s, const char *id) {
    char *cmd = wr_strdup("wfpcert conform");
    append_words(&cmd, "--target", s->target);
    if (s->profile) append_words(&cmd, "--profile", s->profile);
    if (s->reference) append_words(&cmd, "--reference", s->reference);
    for (size_t i = 0; i < s->nknobs; i++) {
        char *kv = wr_strfmt("%s=%s", s->knob_names[i], s->knob_values[i]);
        append_words(&cmd, "--knob", kv);
        free(kv);
    }
    for (size_t i = 0; i < s->nfaults; i++) append_words(&cmd, "--fault", s->faults[i]);
    /* A vendor driver loaded with --callout (tools/wfpcert/callout.c says which). */
    const char *callout = getenv("WFPCERT_CALLOUT");
    if (callout && *callout) append_words(&cmd, "--callout", callout);
    append_words(&cmd, "--run-one", id);
    return cmd;
}
