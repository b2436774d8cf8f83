/*
 * html.h: pieces of report.html shared between html.c (page, summary, tables of cases) and
 * html_trace.c (traceability matrix and fingerprint).
 */
#ifndef WFPCERT_REPORTS_HTML_H
#define WFPCERT_REPORTS_HTML_H

#include <stdio.h>
#include "run.h"

/* <td>text</td>, escaped. */
void wr_html_td(FILE *f, const char *text);
/* A case id as a coloured link to its entry in the case list, with the outcome as tooltip. */
void wr_html_case_badge(FILE *f, const wr_run *r, const wr_case *c);
/* <tr><td>key</td><td>value</td></tr>, escaped. */
void wr_html_kv_row(FILE *f, const char *key, const char *value);
/* Calls fn for each token of a "A34,C1" or "#remarks #lperrno" list (separators: comma and
 * blanks; a leading '#' is dropped). */
void wr_html_tokens(const char *list, void (*fn)(const char *tok, size_t n, void *ud), void *ud);
/* Natural order of clause ids: "A9" < "A10" < "C2" < "C10". */
int wr_html_idcmp(const char *a, const char *b);

void wr_html_traceability(const wr_run *r, FILE *f);
void wr_html_fingerprint(const wr_run *r, FILE *f);

#endif /* WFPCERT_REPORTS_HTML_H */
