/*
 * html.h: pieces of report.html shared between html.c (page, verdict banner, summary, tables of
 * cases), html_failures.c (failures grouped by signature) and html_trace.c (traceability
 * matrix and fingerprint).
 */
#ifndef WFPCERT_REPORTS_HTML_H
#define WFPCERT_REPORTS_HTML_H

#include <stdio.h>
#include "run.h"

/* text escaped, with its error codes shown by name and number (errnames.h). */
void wr_html_annotated(FILE *f, const char *text);
/* <td>text</td>, escaped. */
void wr_html_td(FILE *f, const char *text);
/* A case id as a coloured link to its entry in the case list, with the outcome as tooltip. */
void wr_html_case_badge(FILE *f, const wr_run *r, const wr_case *c);
/* <tr><td>key</td><td>value</td></tr>, escaped. */
void wr_html_kv_row(FILE *f, const char *key, const char *value);
/* Natural order of clause ids: "A9" < "A10" < "C2" < "C10". */
int wr_html_idcmp(const char *a, const char *b);

/* The colour of an outcome (text and badges). */
const char *wr_html_outcome_colour(wc_outcome o);
/* A case id as a coloured link to its details: the failure blocks for a failing or NON-STRICT
 * case, else its row in the case list. */
void wr_html_case_link(FILE *f, const wr_run *r, const wr_case *c);
/* Does the case count against the run (FAIL, CRASH, TIMEOUT, XPASS; NON-STRICT with --strict)? */
int wr_html_case_fails(const wr_run *r, const wr_case *c);
/* Was id (a clause or anchor) left out by a filtered run's selection (run.h wr_sysinfo)? */
int wr_html_unselected(const wr_run *r, const char *id);

/* The failures grouped by signature (html_failures.c). */
void wr_html_failure_groups(const wr_run *r, FILE *f);
void wr_html_traceability(const wr_run *r, FILE *f);
void wr_html_fingerprint(const wr_run *r, FILE *f);

#endif /* WFPCERT_REPORTS_HTML_H */
