/*
 * html.c: report.html, one self-contained page for people (a vendor attaches it to a
 * certification request; a developer opens it from CI artefacts).  Inline CSS, an inline SVG
 * chart, no script and no external resource, so it renders the same offline, in a mail
 * client's viewer or in a locked-down browser.  Every text from the run is escaped, and error
 * codes are shown by name and number (errnames.h).
 *
 * Order, most important first, so that the first screen answers "did it pass, and if not,
 * why": the verdict banner (verdict against which reference, target, vendor and driver, the
 * run's options), the failures grouped by signature (html_failures.c), the summary with its
 * chart, the per-clause table, traceability and fingerprint (html_trace.c), the details of
 * every failing case, the run's system information, and the full case list.
 */
#include "reports.h"
#include "errnames.h"
#include "html.h"
#include "writer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_colour[WC_OUTCOME_COUNT] = {
    "#2e7d32", "#c62828", "#ef6c00", "#1565c0", "#757575", "#6a1b9a", "#ad1457", "#000000", "#4e342e",
};

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "h1{font-size:1.2em;margin:0 0 .4em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
    "h3{font-size:1em;margin:.2em 0}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left;vertical-align:top}th{background:#f0f0f0}"
    "td.n{text-align:right}.gap{color:#c62828;font-weight:bold}.unsel{color:#757575}"
    "a.b{display:inline-block;margin:1px;padding:0 4px;border-radius:3px;color:#fff;"
    "text-decoration:none;font-size:12px}"
    "pre,code{font:12px/1.3 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}"
    ".case{border:1px solid #ddd;padding:.5em;margin:.5em 0}.mixed{background:#fff3e0}"
    ".meta td:first-child,.ex td:first-child,.opts td:first-child{font-weight:bold;white-space:nowrap}"
    "#verdict{border-radius:6px;padding:.6em 1em;margin:.3em 0 1em}"
    "#verdict .word{font-size:1.7em;font-weight:bold;color:#fff;padding:0 .3em;border-radius:4px}"
    "#verdict.ok{background:#e8f5e9;border:2px solid #2e7d32}#verdict.ok .word{background:#2e7d32}"
    "#verdict.bad{background:#ffebee;border:2px solid #c62828}#verdict.bad .word{background:#c62828}"
    "#verdict .opts{margin:.4em 0 0;font-size:13px}#verdict .opts td{border:none;padding:0 .8em 0 0}"
    ".group{border-left:4px solid #c62828;background:#fafafa;padding:.3em .7em;margin:.6em 0}"
    ".group .ex{margin:.2em 0;font-size:13px}.count{font-size:1.2em}";

const char *wr_html_outcome_colour(wc_outcome o) {
    return (unsigned)o < WC_OUTCOME_COUNT ? outcome_colour[o] : "#000000";
}
void wr_html_td(FILE *f, const char *text) {
    fputs("<td>", f);
    wr_escape(f, WR_MARKUP, text);
    fputs("</td>", f);
}

void wr_html_kv_row(FILE *f, const char *key, const char *value) {
    fputs("<tr>", f);
    wr_html_td(f, key);
    wr_html_td(f, value);
    fputs("</tr>", f);
}

/* Element ids for cases: "case-" + index, since a case id may hold characters that are not
 * safe in a fragment. */
static size_t case_index(const wr_case *c, const wr_run *r) { return (size_t)(c - r->cases); }
void wr_html_case_badge(FILE *f, const wr_run *r, const wr_case *c) {
    fprintf(f, "<a class=\"b\" style=\"background:%s\" href=\"#case-%zu\" title=\"", outcome_colour[c->outcome],
            case_index(c, r));
    wr_escape(f, WR_MARKUP, wr_outcome_name(c->outcome));
    fputs("\">", f);
    wr_escape(f, WR_MARKUP, c->id);
    fputs("</a> ", f);
}

int wr_html_idcmp(const char *a, const char *b) {
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            char *ea, *eb;
            unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
            if (x != y) return x < y ? -1 : 1;
            a = ea, b = eb;
        } else {
            if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++, b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

/* A case id as a badge linking to its failure details, or to its row in the case list. */
void wr_html_case_link(FILE *f, const wr_run *r, const wr_case *c) {
    int detailed = wr_html_case_fails(r, c) || c->outcome == WC_NONSTRICT;
    fprintf(f, "<a class=\"b\" style=\"background:%s\" href=\"#%s-%zu\" title=\"", outcome_colour[c->outcome],
            detailed ? "fail" : "case", case_index(c, r));
    wr_escape(f, WR_MARKUP, wr_outcome_name(c->outcome));
    fputs("\">", f);
    wr_escape(f, WR_MARKUP, c->id);
    fputs("</a> ", f);
}

int wr_html_unselected(const wr_run *r, const char *id) {
    for (size_t i = 0; i < r->sys.nunselected; i++)
        if (strcmp(r->sys.unselected[i], id) == 0) return 1;
    return 0;
}

static const char *or_none(const char *s, const char *none) { return s && *s ? s : none; }

static void opt_row(FILE *f, const char *key, const char *value) {
    fputs("<tr><td>", f);
    wr_escape(f, WR_MARKUP, key);
    fputs("</td><td>", f);
    wr_escape(f, WR_MARKUP, value);
    fputs("</td></tr>", f);
}

/* "netshield.sys 4.2.0.1187, SHA-256 ab12..." from whatever the configuration gave. */
static char *driver_text(const wr_run *r) {
    const wr_sysinfo *s = &r->sys;
    int native = r->target && strncmp(r->target, "native", 6) == 0;
    if (!native && s->driver)
        return wr_strfmt("%s, loaded into the embedded model with --callout%s%s", s->driver,
                         s->driver_sha256 ? ", SHA-256 " : "", s->driver_sha256 ? s->driver_sha256 : "");
    if (!s->driver && !s->driver_version && !s->driver_sha256)
        return wr_strdup(native ? "not stated (add driver, driver_version and driver_file to the configuration)"
                                : "the embedded model with its test callout (no vendor driver)");
    return wr_strfmt("%s%s%s%s%s", or_none(s->driver, "(name not stated)"), s->driver_version ? " " : "",
                     s->driver_version ? s->driver_version : "", s->driver_sha256 ? ", SHA-256 " : "",
                     s->driver_sha256 ? s->driver_sha256 : "");
}

/* "--knob a=b --fault x --expect FILE (3 waivers) --strict --jobs 2 --timeout 30 s" */
static char *options_text(const wr_run *r) {
    char *s = wr_strdup(""), *n;
#define ADD(...) (n = wr_strfmt(__VA_ARGS__), free(s), s = n)
    for (size_t i = 0; i < r->nknobs; i++) ADD("%s--knob %s=%s ", s, r->knobs[i].key, r->knobs[i].value);
    for (size_t i = 0; i < r->nfaults; i++) ADD("%s--fault %s ", s, r->faults[i]);
    if (r->expectations)
        ADD("%s--expect %s (%zu waiver%s) ", s, r->expectations, r->sys.nwaivers, r->sys.nwaivers == 1 ? "" : "s");
    if (r->sys.selection) ADD("%s%s ", s, r->sys.selection);
    if (r->strict) ADD("%s--strict ", s);
    if (r->xpass_ok) ADD("%s--xpass-ok ", s);
    ADD("%s--jobs %d --timeout %g s", s, r->jobs, (double)r->timeout_ms / 1000.0);
#undef ADD
    return s;
}

/* The first thing on the page: the verdict, against what, on what, with which options. */
static void write_banner(const wr_run *r, FILE *f) {
    size_t failing = 0;
    for (size_t i = 0; i < r->ncases; i++) failing += (size_t)wr_html_case_fails(r, &r->cases[i]);
    int ok = r->exit_status == 0, filtered = r->sys.selection != NULL;
    fprintf(f, "<div id=\"verdict\" class=\"%s\"><span class=\"word\">%s</span> ", ok ? "ok" : "bad",
            r->interrupted ? "INTERRUPTED"
            : ok           ? "CONFORMING"
                           : "NOT CONFORMING");
    wr_escapef(f, WR_MARKUP, "against the reference %s", or_none(r->reference, "windows"));
    if (r->interrupted) /* a partial run: no verdict, and the way to finish it */
        fprintf(f,
                ": only %zu of %zu cases finished before the run was stopped, so this is no verdict; "
                "continue it with <code>--resume</code> on this folder",
                r->ncases, r->planned);
    else if (ok)
        fprintf(f, ": every MUST clause held in %zu case%s", r->ncases, r->ncases == 1 ? "" : "s");
    else
        fprintf(f, ": <a href=\"#failures\">%zu of %zu case%s failed the run</a>", failing, r->ncases,
                r->ncases == 1 ? "" : "s");
    if (filtered)
        fprintf(f,
                "<br><b>Filtered run</b>: only the selected cases ran, so this is not a certification; "
                "%zu clause%s and section%s of the catalogue were not selected "
                "(<a href=\"#traceability\">listed under Traceability</a>).",
                r->sys.nunselected, r->sys.nunselected == 1 ? "" : "s", r->sys.nunselected == 1 ? "" : "s");
    fputs("<table class=\"opts\">", f);
    opt_row(f, "Target", or_none(r->target, "model"));
    opt_row(f, "Vendor",
            or_none(r->sys.vendor, r->target && !strncmp(r->target, "native", 6)
                                       ? "not stated (no vendor configuration)"
                                       : "none (the model)"));
    char *driver = driver_text(r), *opts = options_text(r);
    opt_row(f, "Driver", driver);
    opt_row(f, "Profile", or_none(r->profile, "default"));
    opt_row(f, "Options", opts);
    char *host = wr_strfmt("%s, %s", or_none(r->sys.host_os, "unknown"),
                           r->sys.elevated < 0 ? "elevation unknown"
                           : r->sys.elevated   ? "elevated"
                                               : "not elevated");
    opt_row(f, "Host", host);
    char *tool = wr_strfmt("%s, commit %s; started %s UTC", or_none(r->tool, "wfpcert"),
                           or_none(r->sys.commit, "unknown"), r->started_utc);
    opt_row(f, "Tool", tool);
    fputs("</table></div>\n", f);
    free(driver);
    free(opts);
    free(host);
    free(tool);
}

/* Everything the run recorded about itself, for the reviewer who wants to repeat it. */
static void write_meta(const wr_run *r, FILE *f) {
    const wr_sysinfo *s = &r->sys;
    char *elev = wr_strdup(s->elevated < 0 ? "unknown" : s->elevated ? "yes" : "no");
    fputs("<h2 id=\"system\">Run and system information</h2>\n<table class=\"meta\">", f);
    wr_html_kv_row(f, "Tool", r->tool);
    wr_html_kv_row(f, "Commit", or_none(s->commit, "unknown"));
    wr_html_kv_row(f, "Tool build", or_none(s->tool_build, "unknown"));
    wr_html_kv_row(f, "Target", r->target);
    wr_html_kv_row(f, "Reference", or_none(r->reference, "windows"));
    wr_html_kv_row(f, "Profile", r->profile);
    wr_html_kv_row(f, "Host OS", or_none(s->host_os, "unknown"));
    wr_html_kv_row(f, "Host build", or_none(s->host_build, "unknown"));
    wr_html_kv_row(f, "Elevated", elev);
    wr_html_kv_row(f, "Vendor configuration", or_none(s->config, "(none)"));
    wr_html_kv_row(f, "Configuration SHA-256", or_none(s->config_sha256, "-"));
    wr_html_kv_row(f, "Vendor", or_none(s->vendor, "-"));
    wr_html_kv_row(f, "Driver", or_none(s->driver, "-"));
    wr_html_kv_row(f, "Driver version", or_none(s->driver_version, "-"));
    wr_html_kv_row(f, "Driver file", or_none(s->driver_file, "-"));
    wr_html_kv_row(f, "Driver SHA-256", or_none(s->driver_sha256, "-"));
    wr_html_kv_row(f, "Started (UTC)", r->started_utc);
    wr_html_kv_row(f, "Command", r->command);
    wr_html_kv_row(f, "Waivers", r->expectations ? r->expectations : "(none)");
    wr_html_kv_row(f, "Waivers SHA-256", or_none(s->expectations_sha256, "-"));
    wr_html_kv_row(f, "Selection", or_none(s->selection, "the whole catalogue"));
    fputs("<tr><td>Knobs</td><td>", f);
    if (!r->nknobs) fputs("(none)", f);
    for (size_t i = 0; i < r->nknobs; i++)
        wr_escapef(f, WR_MARKUP, "%s%s=%s", i ? ", " : "", r->knobs[i].key, r->knobs[i].value);
    fputs("</td></tr><tr><td>Faults</td><td>", f);
    if (!r->nfaults) fputs("(none)", f);
    for (size_t i = 0; i < r->nfaults; i++) wr_escapef(f, WR_MARKUP, "%s%s", i ? ", " : "", r->faults[i]);
    fprintf(f,
            "</td></tr><tr><td>Duration</td><td>%.3f s</td></tr>"
            "<tr><td>Exit status</td><td>%d (%s)</td></tr></table>\n",
            (double)r->duration_us / 1e6, r->exit_status,
            r->exit_status == 0 ? "every MUST case passed"
            : r->interrupted    ? "interrupted"
                                : "the run failed");
    free(elev);
}

/* Counts table and a horizontal bar chart, one bar per outcome. */
static void write_summary(const wr_run *r, FILE *f) {
    size_t max = 1;
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (r->counts[o] > max) max = r->counts[o];
    fprintf(f, "<h2 id=\"summary\">Summary: %zu cases</h2>\n<table><tr>", r->ncases);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) fprintf(f, "<th>%s</th>", wr_outcome_name((wc_outcome)o));
    fputs("</tr><tr>", f);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) fprintf(f, "<td class=\"n\">%zu</td>", r->counts[o]);
    fputs("</tr></table>\n", f);
    const int row = 22, label = 120, width = 420;
    fprintf(f,
            "<svg role=\"img\" aria-label=\"cases by outcome\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\">\n",
            label + width + 60, row * WC_OUTCOME_COUNT, label + width + 60, row * WC_OUTCOME_COUNT);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) {
        int w = (int)((double)r->counts[o] * width / (double)max);
        int y = o * row;
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">%s</text>", label - 6, y + 15,
                wr_outcome_name((wc_outcome)o));
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", label, y + 3, w, row - 6,
                outcome_colour[o]);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%zu</text>\n", label + w + 4, y + 15, r->counts[o]);
    }
    fputs("</svg>\n", f);
}

/* ---- per-clause table: each case counts under every clause token it names ---- */

typedef struct clause_row {
    char *id;
    size_t counts[WC_OUTCOME_COUNT], total;
} clause_row;

typedef struct clause_acc {
    clause_row *rows;
    size_t n;
    wc_outcome outcome;
} clause_acc;

static void add_clause(const char *tok, size_t n, void *ud) {
    clause_acc *a = ud;
    size_t i = 0;
    while (i < a->n && !(strlen(a->rows[i].id) == n && strncmp(a->rows[i].id, tok, n) == 0)) i++;
    if (i == a->n) {
        a->rows = wr_xrealloc(a->rows, (a->n + 1) * sizeof *a->rows);
        memset(&a->rows[i], 0, sizeof a->rows[i]);
        a->rows[i].id = wr_strfmt("%.*s", (int)n, tok);
        a->n++;
    }
    a->rows[i].counts[a->outcome]++;
    a->rows[i].total++;
}

static int row_cmp(const void *x, const void *y) {
    return wr_html_idcmp(((const clause_row *)x)->id, ((const clause_row *)y)->id);
}

static void write_clauses(const wr_run *r, FILE *f) {
    clause_acc a = {0};
    for (size_t i = 0; i < r->ncases; i++) {
        a.outcome = r->cases[i].outcome;
        wr_list_tokens(r->cases[i].clause, add_clause, &a);
    }
    if (a.n) qsort(a.rows, a.n, sizeof *a.rows, row_cmp);
    fputs("<h2 id=\"clauses\">Per clause</h2>\n<table><tr><th>Clause</th><th>Cases</th>", f);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) fprintf(f, "<th>%s</th>", wr_outcome_name((wc_outcome)o));
    fputs("</tr>\n", f);
    for (size_t i = 0; i < a.n; i++) {
        fputs("<tr>", f);
        wr_html_td(f, a.rows[i].id);
        fprintf(f, "<td class=\"n\">%zu</td>", a.rows[i].total);
        for (int o = 0; o < WC_OUTCOME_COUNT; o++)
            if (a.rows[i].counts[o])
                fprintf(f, "<td class=\"n\" style=\"color:%s\">%zu</td>", outcome_colour[o], a.rows[i].counts[o]);
            else
                fputs("<td></td>", f);
        fputs("</tr>\n", f);
        free(a.rows[i].id);
    }
    fputs("</table>\n", f);
    free(a.rows);
}

/* ---- cases ---- */

void wr_html_annotated(FILE *f, const char *text) {
    char *t = wr_err_annotate(text);
    wr_escape(f, WR_MARKUP, t);
    free(t);
}

static void write_case_block(const wr_run *r, const wr_case *c, FILE *f) {
    char *actual = wr_case_actual_named(c), *detail = wr_case_detail_named(c);
    fprintf(f, "<div class=\"case\" id=\"fail-%zu\"><b>", case_index(c, r));
    wr_escape(f, WR_MARKUP, c->id);
    fprintf(f, "</b> <span style=\"color:%s\">%s</span> <a href=\"#case-%zu\">(in list)</a><table>",
            outcome_colour[c->outcome], wr_outcome_name(c->outcome), case_index(c, r));
    wr_html_kv_row(f, "Clause", c->clause);
    wr_html_kv_row(f, "Anchor", c->anchor);
    wr_html_kv_row(f, "Level", wr_level_name(c->level));
    fputs("<tr><td>Expected</td><td>", f);
    wr_html_annotated(f, c->accepts);
    fputs("</td></tr>", f);
    wr_html_kv_row(f, "Actual", actual);
    fputs("</table><pre>", f);
    wr_escape(f, WR_MARKUP, detail);
    for (size_t i = 0; i < c->nlogs; i++) {
        fputs("log: ", f);
        wr_html_annotated(f, c->logs[i]);
        fputs("\n", f);
    }
    for (size_t i = 0; i < c->nobs; i++) {
        char *kv = wr_strfmt("observed %s=%s\n", c->obs[i].key, c->obs[i].value);
        wr_html_annotated(f, kv);
        free(kv);
    }
    if (c->output) {
        fputs("output:\n", f);
        wr_escape(f, WR_MARKUP, c->output);
    }
    fputs("</pre>Reproduce: <code>", f);
    wr_escape(f, WR_MARKUP, c->repro);
    fputs("</code></div>\n", f);
    free(actual);
    free(detail);
}

/* Every failing and NON-STRICT case in full, the targets of the failure groups' links. */
static void write_failure_details(const wr_run *r, FILE *f) {
    size_t n = 0;
    for (size_t i = 0; i < r->ncases; i++)
        n += wr_html_case_fails(r, &r->cases[i]) || r->cases[i].outcome == WC_NONSTRICT;
    fprintf(f, "<h2 id=\"details\">Details of the failing and NON-STRICT cases (%zu)</h2>\n", n);
    if (!n) fputs("<p>None.</p>\n", f);
    for (size_t i = 0; i < r->ncases; i++)
        if (wr_html_case_fails(r, &r->cases[i])) write_case_block(r, &r->cases[i], f);
    for (size_t i = 0; i < r->ncases; i++)
        if (!wr_html_case_fails(r, &r->cases[i]) && r->cases[i].outcome == WC_NONSTRICT)
            write_case_block(r, &r->cases[i], f);
}

static void write_all_cases(const wr_run *r, FILE *f) {
    fputs("<h2 id=\"cases\">All cases</h2>\n<details open><summary>show / hide</summary><table>"
          "<tr><th>Id</th><th>Clause</th><th>Level</th><th>Outcome</th><th>ms</th><th>Actual</th></tr>\n",
          f);
    for (size_t i = 0; i < r->ncases; i++) {
        const wr_case *c = &r->cases[i];
        char *actual = wr_case_actual_named(c);
        fprintf(f, "<tr id=\"case-%zu\">", i);
        wr_html_td(f, c->id);
        wr_html_td(f, c->clause);
        wr_html_td(f, wr_level_name(c->level));
        fprintf(f, "<td style=\"color:%s\">%s</td><td class=\"n\">%.1f</td>", outcome_colour[c->outcome],
                wr_outcome_name(c->outcome), (double)c->duration_us / 1000.0);
        wr_html_td(f, actual);
        fputs("</tr>\n", f);
        free(actual);
    }
    fputs("</table></details>\n", f);
}

int wr_write_html(const wr_run *r, FILE *f) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\"><title>",
          f);
    wr_escapef(f, WR_MARKUP, "wfpcert: %s: %s / %s", r->exit_status == 0 ? "CONFORMING" : "NOT CONFORMING", r->target,
               r->profile);
    fprintf(f, "</title><style>%s</style></head>\n<body>\n<h1>", css);
    wr_escapef(f, WR_MARKUP, "wfpcert conformance report: %s, profile %s", r->target, r->profile);
    fputs("</h1>\n", f);
    write_banner(r, f);
    wr_html_failure_groups(r, f);
    write_summary(r, f);
    write_clauses(r, f);
    wr_html_traceability(r, f);
    wr_html_fingerprint(r, f);
    write_failure_details(r, f);
    write_meta(r, f);
    write_all_cases(r, f);
    fputs("</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}
