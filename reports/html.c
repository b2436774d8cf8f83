/*
 * html.c: report.html, one self-contained page for people (a vendor attaches it to a
 * certification request; a developer opens it from CI artefacts).  Inline CSS, an inline SVG
 * chart, no script and no external resource, so it renders the same offline, in a mail
 * client's viewer or in a locked-down browser.  Every text from the run is escaped.
 *
 * Sections: summary with chart, per-clause table, traceability matrix and fingerprint
 * (html_trace.c), cases that failed with expected vs actual and the repro command, and the
 * full case list.
 */
#include "reports.h"
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
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left;vertical-align:top}th{background:#f0f0f0}"
    "td.n{text-align:right}.gap{color:#c62828;font-weight:bold}"
    "a.b{display:inline-block;margin:1px;padding:0 4px;border-radius:3px;color:#fff;"
    "text-decoration:none;font-size:12px}"
    "pre,code{font:12px/1.3 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}"
    ".case{border:1px solid #ddd;padding:.5em;margin:.5em 0}.mixed{background:#fff3e0}"
    ".meta td:first-child{font-weight:bold}";

void wr_html_td(FILE *f, const char *text)
{
    fputs("<td>", f);
    wr_escape(f, WR_MARKUP, text);
    fputs("</td>", f);
}

void wr_html_kv_row(FILE *f, const char *key, const char *value)
{
    fputs("<tr>", f);
    wr_html_td(f, key);
    wr_html_td(f, value);
    fputs("</tr>", f);
}

/* Element ids for cases: "case-" + index, since a case id may hold characters that are not
 * safe in a fragment. */
static size_t case_index(const wr_case *c, const wr_run *r) { return (size_t)(c - r->cases); }
void wr_html_case_badge(FILE *f, const wr_run *r, const wr_case *c)
{
    fprintf(f, "<a class=\"b\" style=\"background:%s\" href=\"#case-%zu\" title=\"",
            outcome_colour[c->outcome], case_index(c, r));
    wr_escape(f, WR_MARKUP, wr_outcome_name(c->outcome));
    fputs("\">", f);
    wr_escape(f, WR_MARKUP, c->id);
    fputs("</a> ", f);
}

void wr_html_tokens(const char *list, void (*fn)(const char *tok, size_t n, void *ud), void *ud)
{
    const char *p = list ? list : "";
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p)) p++;
        if (*p == '#') p++;
        size_t n = 0;
        while (p[n] && p[n] != ',' && !isspace((unsigned char)p[n])) n++;
        if (n) fn(p, n, ud);
        p += n;
    }
}

int wr_html_idcmp(const char *a, const char *b)
{
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

static void write_meta(const wr_run *r, FILE *f)
{
    fputs("<table class=\"meta\">", f);
    wr_html_kv_row(f, "Tool", r->tool);
    wr_html_kv_row(f, "Target", r->target);
    wr_html_kv_row(f, "Profile", r->profile);
    wr_html_kv_row(f, "Started (UTC)", r->started_utc);
    wr_html_kv_row(f, "Command", r->command);
    wr_html_kv_row(f, "Expectations", r->expectations ? r->expectations : "(none)");
    fputs("<tr><td>Knobs</td><td>", f);
    if (!r->nknobs) fputs("(none)", f);
    for (size_t i = 0; i < r->nknobs; i++)
        wr_escapef(f, WR_MARKUP, "%s%s=%s", i ? ", " : "", r->knobs[i].key, r->knobs[i].value);
    fputs("</td></tr><tr><td>Faults</td><td>", f);
    if (!r->nfaults) fputs("(none)", f);
    for (size_t i = 0; i < r->nfaults; i++) wr_escapef(f, WR_MARKUP, "%s%s", i ? ", " : "", r->faults[i]);
    fprintf(f, "</td></tr><tr><td>Duration</td><td>%.3f s</td></tr>"
               "<tr><td>Exit status</td><td>%d (%s)</td></tr></table>\n",
            (double)r->duration_us / 1e6, r->exit_status,
            r->exit_status == 0 ? "every MUST case passed" : "the run failed");
}

/* Counts table and a horizontal bar chart, one bar per outcome. */
static void write_summary(const wr_run *r, FILE *f)
{
    size_t max = 1;
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (r->counts[o] > max) max = r->counts[o];
    fprintf(f, "<h2 id=\"summary\">Summary: %zu cases</h2>\n<table><tr>", r->ncases);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) fprintf(f, "<th>%s</th>", wr_outcome_name((wc_outcome)o));
    fputs("</tr><tr>", f);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) fprintf(f, "<td class=\"n\">%zu</td>", r->counts[o]);
    fputs("</tr></table>\n", f);
    const int row = 22, label = 120, width = 420;
    fprintf(f, "<svg role=\"img\" aria-label=\"cases by outcome\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\">\n",
            label + width + 60, row * WC_OUTCOME_COUNT, label + width + 60, row * WC_OUTCOME_COUNT);
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) {
        int w = (int)((double)r->counts[o] * width / (double)max);
        int y = o * row;
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">%s</text>", label - 6,
                y + 15, wr_outcome_name((wc_outcome)o));
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", label, y + 3, w,
                row - 6, outcome_colour[o]);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%zu</text>\n", label + w + 4, y + 15,
                r->counts[o]);
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

static void add_clause(const char *tok, size_t n, void *ud)
{
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

static int row_cmp(const void *x, const void *y)
{
    return wr_html_idcmp(((const clause_row *)x)->id, ((const clause_row *)y)->id);
}

static void write_clauses(const wr_run *r, FILE *f)
{
    clause_acc a = {0};
    for (size_t i = 0; i < r->ncases; i++) {
        a.outcome = r->cases[i].outcome;
        wr_html_tokens(r->cases[i].clause, add_clause, &a);
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

static void write_case_block(const wr_run *r, const wr_case *c, FILE *f)
{
    char *actual = wr_case_actual(c), *detail = wr_case_detail(c);
    fprintf(f, "<div class=\"case\"><b>");
    wr_escape(f, WR_MARKUP, c->id);
    fprintf(f, "</b> <span style=\"color:%s\">%s</span> <a href=\"#case-%zu\">(in list)</a><table>",
            outcome_colour[c->outcome], wr_outcome_name(c->outcome), case_index(c, r));
    wr_html_kv_row(f, "Clause", c->clause);
    wr_html_kv_row(f, "Anchor", c->anchor);
    wr_html_kv_row(f, "Level", wr_level_name(c->level));
    wr_html_kv_row(f, "Expected", c->accepts);
    wr_html_kv_row(f, "Actual", actual);
    fputs("</table><pre>", f);
    wr_escape(f, WR_MARKUP, detail);
    for (size_t i = 0; i < c->nlogs; i++) wr_escapef(f, WR_MARKUP, "log: %s\n", c->logs[i]);
    for (size_t i = 0; i < c->nobs; i++) wr_escapef(f, WR_MARKUP, "observed %s=%s\n", c->obs[i].key, c->obs[i].value);
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

static void write_failures(const wr_run *r, FILE *f)
{
    size_t n = 0, ns = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        n += wr_outcome_fails_run(r->cases[i].outcome, r->xpass_ok) || r->cases[i].outcome == WC_XPASS;
        ns += r->cases[i].outcome == WC_NONSTRICT;
    }
    fprintf(f, "<h2 id=\"failures\">Failing cases (%zu)</h2>\n", n);
    if (!n) fputs("<p>None.</p>\n", f);
    for (size_t i = 0; i < r->ncases; i++)
        if (wr_outcome_fails_run(r->cases[i].outcome, r->xpass_ok) || r->cases[i].outcome == WC_XPASS)
            write_case_block(r, &r->cases[i], f);
    fprintf(f, "<h2 id=\"nonstrict\">Not strictly conforming: SHOULD failures (%zu)</h2>\n", ns);
    if (!ns) fputs("<p>None.</p>\n", f);
    for (size_t i = 0; i < r->ncases; i++)
        if (r->cases[i].outcome == WC_NONSTRICT) write_case_block(r, &r->cases[i], f);
}

static void write_all_cases(const wr_run *r, FILE *f)
{
    fputs("<h2 id=\"cases\">All cases</h2>\n<details open><summary>show / hide</summary><table>"
          "<tr><th>Id</th><th>Clause</th><th>Level</th><th>Outcome</th><th>ms</th><th>Actual</th></tr>\n", f);
    for (size_t i = 0; i < r->ncases; i++) {
        const wr_case *c = &r->cases[i];
        char *actual = wr_case_actual(c);
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

int wr_write_html(const wr_run *r, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\"><title>", f);
    wr_escapef(f, WR_MARKUP, "wfpcert conformance: %s / %s", r->target, r->profile);
    fprintf(f, "</title><style>%s</style></head>\n<body>\n<h1>", css);
    wr_escapef(f, WR_MARKUP, "wfpcert conformance report: %s, profile %s", r->target, r->profile);
    fputs("</h1>\n", f);
    write_meta(r, f);
    write_summary(r, f);
    write_clauses(r, f);
    wr_html_traceability(r, f);
    wr_html_fingerprint(r, f);
    write_failures(r, f);
    write_all_cases(r, f);
    fputs("</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}
