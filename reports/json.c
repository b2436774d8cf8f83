/*
 * json.c: results.json, the machine-readable record of a run: run metadata, counts, and every
 * case with what it expected, what happened, its observations and the command that reproduces
 * it.  Tools diff two of these to see what a change did to a target's conformance.
 */
#include "reports.h"
#include "writer.h"
#include "errnames.h"

#include <stdlib.h>
#include <string.h>

/* "a,b" -> ["a","b"]; NULL (every profile) -> null. */
static void write_list(wr_json *j, const char *key, const char *csv) {
    if (!csv) {
        wr_json_str(j, key, NULL);
        return;
    }
    wr_json_arr_begin(j, key);
    const char *p = csv;
    while (*p) {
        size_t n = strcspn(p, ",");
        char *item = wr_strfmt("%.*s", (int)n, p);
        wr_json_str(j, NULL, item);
        free(item);
        p += n;
        if (*p) p++;
    }
    wr_json_arr_end(j);
}

void wr_json_case(wr_json *j, const char *key, const wr_case *c) {
    wr_json_obj_begin(j, key);
    wr_json_str(j, "id", c->id);
    wr_json_str(j, "clause", c->clause);
    wr_json_str(j, "anchor", c->anchor);
    wr_json_str(j, "level", wr_level_name(c->level));
    write_list(j, "profiles", c->profiles);
    wr_json_str(j, "accepts", c->accepts);
    char *expected = wr_err_annotate(c->accepts);
    wr_json_str(j, "expected", expected);
    free(expected);
    char *actual = wr_case_actual_named(c);
    wr_json_str(j, "actual", actual);
    free(actual);
    wr_json_str(j, "outcome", wr_outcome_name(c->outcome));
    wr_json_str(j, "raw_outcome", wr_outcome_name(c->raw_outcome));
    /* what report.html and wfpcert compare group failures by; null for a pass */
    char *sig = c->outcome == WC_PASS ? NULL : wr_case_signature(c);
    wr_json_str(j, "signature", sig);
    free(sig);
    wr_json_str(j, "reason", c->reason);
    wr_json_str(j, "waiver", c->waiver);
    wr_json_int(j, "duration_us", c->duration_us);
    wr_json_int(j, "checks", c->checks);
    wr_json_int(j, "failed_checks", c->failed_checks);
    wr_json_int(j, "safety_failed", c->safety_failed);
    wr_json_obj_begin(j, "observations");
    for (size_t i = 0; i < c->nobs; i++) wr_json_str(j, c->obs[i].key, c->obs[i].value);
    wr_json_obj_end(j);
    wr_json_arr_begin(j, "messages");
    for (size_t i = 0; i < c->nmsgs; i++) {
        const wr_msg *m = &c->msgs[i];
        wr_json_obj_begin(j, NULL);
        wr_json_str(j, "file", m->file);
        wr_json_int(j, "line", m->line);
        wr_json_str(j, "text", m->text);
        wr_json_str(j, "expected", m->expected);
        wr_json_str(j, "actual", m->actual);
        wr_json_obj_end(j);
    }
    wr_json_arr_end(j);
    wr_json_arr_begin(j, "log");
    for (size_t i = 0; i < c->nlogs; i++) wr_json_str(j, NULL, c->logs[i]);
    wr_json_arr_end(j);
    wr_json_str(j, "output", c->output);
    wr_json_str(j, "repro", c->repro);
    wr_json_obj_end(j);
}

/* Where and with what the run was made (run.h wr_sysinfo); null for what is not known. */
static void write_system(wr_json *j, const wr_sysinfo *s) {
    const struct {
        const char *key, *value;
    } text[] = {
        {"version", s->version},
        {"commit", s->commit},
        {"tool_build", s->tool_build},
        {"host_os", s->host_os},
        {"host_build", s->host_build},
        {"config", s->config},
        {"config_sha256", s->config_sha256},
        {"expectations_file", s->expectations_file},
        {"expectations_sha256", s->expectations_sha256},
        {"vendor", s->vendor},
        {"driver", s->driver},
        {"driver_version", s->driver_version},
        {"driver_file", s->driver_file},
        {"driver_sha256", s->driver_sha256},
        {"selection", s->selection},
    };
    wr_json_obj_begin(j, "system");
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) wr_json_str(j, text[i].key, text[i].value);
    if (s->elevated < 0)
        wr_json_str(j, "elevated", NULL);
    else
        wr_json_bool(j, "elevated", s->elevated);
    wr_json_int(j, "waivers", (long long)s->nwaivers);
    wr_json_arr_begin(j, "unselected_clauses");
    for (size_t i = 0; i < s->nunselected; i++) wr_json_str(j, NULL, s->unselected[i]);
    wr_json_arr_end(j);
    wr_json_obj_end(j);
}

int wr_write_json(const wr_run *r, FILE *f) {
    wr_json j;
    wr_json_init(&j, f);
    wr_json_obj_begin(&j, NULL);
    wr_json_str(&j, "format", "wfpcert-conformance-results");
    wr_json_int(&j, "format_version", 1);
    wr_json_obj_begin(&j, "run");
    wr_json_str(&j, "tool", r->tool);
    wr_json_str(&j, "target", r->target);
    wr_json_str(&j, "profile", r->profile);
    wr_json_obj_begin(&j, "knobs");
    for (size_t i = 0; i < r->nknobs; i++) wr_json_str(&j, r->knobs[i].key, r->knobs[i].value);
    wr_json_obj_end(&j);
    wr_json_arr_begin(&j, "faults");
    for (size_t i = 0; i < r->nfaults; i++) wr_json_str(&j, NULL, r->faults[i]);
    wr_json_arr_end(&j);
    wr_json_str(&j, "command", r->command);
    wr_json_str(&j, "expectations", r->expectations);
    wr_json_str(&j, "started_utc", r->started_utc);
    wr_json_int(&j, "duration_us", r->duration_us);
    wr_json_int(&j, "jobs", r->jobs);
    wr_json_int(&j, "timeout_ms", r->timeout_ms);
    wr_json_bool(&j, "xpass_ok", r->xpass_ok);
    wr_json_str(&j, "reference", r->reference);
    wr_json_bool(&j, "strict", r->strict);
    wr_json_int(&j, "exit_status", r->exit_status);
    write_system(&j, &r->sys);
    /* a run stopped by Ctrl-C or SIGTERM: only the cases that finished, and no verdict */
    wr_json_bool(&j, "interrupted", r->interrupted != 0);
    wr_json_int(&j, "cases_planned", (long long)(r->interrupted ? r->planned : r->ncases));
    wr_json_obj_end(&j);
    wr_json_obj_begin(&j, "counts");
    wr_json_int(&j, "total", (long long)r->ncases);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) wr_json_int(&j, wr_outcome_name((wc_outcome)o), (long long)r->counts[o]);
    wr_json_obj_end(&j);
    wr_json_arr_begin(&j, "cases");
    for (size_t i = 0; i < r->ncases; i++) wr_json_case(&j, NULL, &r->cases[i]);
    wr_json_arr_end(&j);
    wr_json_obj_end(&j);
    wr_json_finish(&j);
    return ferror(f) ? -1 : 0;
}
