/*
 * junit.c: junit.xml in the common Jenkins/Ant form (schema/junit.xsd), so any CI dashboard
 * shows the conformance run without a plug-in.
 *
 * Mapping: classname = the case's clause, name = its id.  FAIL and XPASS are <failure>
 * (the target or the waiver list is wrong); CRASH and TIMEOUT are <error> (the case could not
 * finish); UNSUPPORTED and XFAIL are <skipped> with the reason; PASS, NON-STRICT and
 * INFORMATIONAL pass, and their notes and observations go to <system-out>.
 */
#include "reports.h"
#include "writer.h"
#include "errnames.h"

#include <stdlib.h>

static void attr(FILE *f, const char *name, const char *value) {
    fprintf(f, " %s=\"", name);
    wr_escape(f, WR_MARKUP, value ? value : "");
    fputc('"', f);
}

static void write_system_out(const wr_case *c, FILE *f) {
    if (!c->nobs && !c->nlogs && !c->output && c->outcome != WC_NONSTRICT && c->outcome != WC_INFORMATIONAL) return;
    fputs("      <system-out>", f);
    if (c->outcome == WC_NONSTRICT || c->outcome == WC_INFORMATIONAL) {
        char *d = wr_case_detail_named(c);
        wr_escapef(f, WR_MARKUP, "%s\n%s", wr_outcome_name(c->outcome), d);
        free(d);
    }
    for (size_t i = 0; i < c->nobs; i++) wr_escapef(f, WR_MARKUP, "observed %s=%s\n", c->obs[i].key, c->obs[i].value);
    for (size_t i = 0; i < c->nlogs; i++) wr_escapef(f, WR_MARKUP, "log: %s\n", c->logs[i]);
    if (c->output) wr_escapef(f, WR_MARKUP, "output:\n%s", c->output);
    fputs("</system-out>\n", f);
}

static void write_case(const wr_case *c, FILE *f) {
    fputs("    <testcase", f);
    attr(f, "classname", c->clause);
    attr(f, "name", c->id);
    fprintf(f, " time=\"%.6f\">\n", (double)c->duration_us / 1e6);
    const char *elem = NULL;
    switch (c->outcome) {
    case WC_FAIL:
    case WC_XPASS:
        elem = "failure";
        break;
    case WC_CRASH:
    case WC_TIMEOUT:
        elem = "error";
        break;
    case WC_UNSUPPORTED:
    case WC_XFAIL:
        elem = "skipped";
        break;
    default:
        break;
    }
    if (elem) {
        char *actual = wr_case_actual_named(c), *detail = wr_case_detail_named(c);
        char *message =
            wr_strfmt("%s: %s", wr_outcome_name(c->outcome), c->outcome == WC_XFAIL && c->waiver ? c->waiver : actual);
        fprintf(f, "      <%s", elem);
        attr(f, "message", message);
        attr(f, "type", wr_outcome_name(c->outcome));
        fputc('>', f);
        char *expected = wr_err_annotate(c->accepts);
        wr_escapef(f, WR_MARKUP, "expected: %s\n%s\nreproduce: %s\n", expected, detail, c->repro ? c->repro : "");
        free(expected);
        fprintf(f, "</%s>\n", elem);
        free(actual);
        free(detail);
        free(message);
    }
    write_system_out(c, f);
    fputs("    </testcase>\n", f);
}

int wr_write_junit(const wr_run *r, FILE *f) {
    size_t failures = r->counts[WC_FAIL] + r->counts[WC_XPASS];
    /* an interrupted run carries one more error, run.interrupted, so that no dashboard shows
     * the finished part of a run as a green result */
    size_t errors = r->counts[WC_CRASH] + r->counts[WC_TIMEOUT] + (r->interrupted != 0);
    size_t tests = r->ncases + (r->interrupted != 0);
    size_t skipped = r->counts[WC_UNSUPPORTED] + r->counts[WC_XFAIL];
    double secs = (double)r->duration_us / 1e6;
    char *suite = wr_strfmt("wfpcert.conform.%s.%s", r->target, r->profile);

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
    attr(f, "name", "wfpcert conformance");
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\">\n", tests, failures,
            errors, skipped, secs);
    fputs("  <testsuite", f);
    attr(f, "name", suite);
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\"", tests, failures, errors,
            skipped, secs);
    /* JUnit's timestamp is ISO 8601 without a zone designator. */
    char ts[32];
    snprintf(ts, sizeof ts, "%.19s", r->started_utc);
    attr(f, "timestamp", ts);
    fputs(">\n    <properties>\n", f);
    const char *props[][2] = {{"tool", r->tool},
                              {"target", r->target},
                              {"profile", r->profile},
                              {"command", r->command},
                              {"expectations", r->expectations}};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        if (!props[i][1]) continue;
        fputs("      <property", f);
        attr(f, "name", props[i][0]);
        attr(f, "value", props[i][1]);
        fputs("/>\n", f);
    }
    for (size_t i = 0; i < r->nknobs; i++) {
        char *n = wr_strfmt("knob.%s", r->knobs[i].key);
        fputs("      <property", f);
        attr(f, "name", n);
        attr(f, "value", r->knobs[i].value);
        fputs("/>\n", f);
        free(n);
    }
    for (size_t i = 0; i < r->nfaults; i++) {
        fputs("      <property name=\"fault\"", f);
        attr(f, "value", r->faults[i]);
        fputs("/>\n", f);
    }
    fputs("    </properties>\n", f);
    for (size_t i = 0; i < r->ncases; i++) write_case(&r->cases[i], f);
    if (r->interrupted)
        fprintf(f,
                "    <testcase name=\"run.interrupted\" classname=\"wfpcert.run\" time=\"0\">\n"
                "      <error message=\"the run was stopped after %zu of %zu cases; resume it with --resume\" "
                "type=\"INTERRUPTED\"/>\n    </testcase>\n",
                r->ncases, r->planned);
    fputs("  </testsuite>\n</testsuites>\n", f);
    free(suite);
    return ferror(f) ? -1 : 0;
}
