/*
 * writer.h: the one place where report text is escaped, for every format wfpcert writes
 * (JUnit XML, JSON, HTML now; SARIF for fuzz findings later, which is JSON).
 *
 * Case messages come from the target under test, so they can hold anything: quotes, markup,
 * control characters, invalid UTF-8.  Every writer sends such text through here so that a
 * hostile or broken target cannot make a report unparsable.  Invalid UTF-8 becomes U+FFFD in
 * every mode, so each output file is valid UTF-8.
 */
#ifndef WFPCERT_REPORTS_WRITER_H
#define WFPCERT_REPORTS_WRITER_H

#include <stdio.h>

#include "wfpcert/compat.h"

typedef enum {
    WR_JSON, /* inside a JSON string: \" \\ \n ... \u00XX, no surrounding quotes */
    WR_MARKUP, /* XML 1.0 and HTML text or attribute value: & < > " ' as entities; control
                  characters XML forbids (and HTML calls parse errors) become U+FFFD */
} wr_esc;

void wr_escape(FILE *f, wr_esc mode, const char *s); /* NULL writes nothing */
void wr_escape_n(FILE *f, wr_esc mode, const char *s, size_t n);
/* printf, then escape the result as a whole. */
void wr_escapef(FILE *f, wr_esc mode, const char *fmt, ...) WFPCERT_PRINTF(3, 4);

/* A small streaming JSON emitter: it keeps the commas and indentation right, so a writer only
 * says what goes where.  key is NULL for array elements and for the top-level value. */
typedef struct wr_json {
    FILE *f;
    int depth;
    unsigned char has_items[64];
    int compact; /* 1: no newlines or indentation (one JSON value per line: results.jsonl) */
} wr_json;

void wr_json_init(wr_json *j, FILE *f);
void wr_json_obj_begin(wr_json *j, const char *key);
void wr_json_obj_end(wr_json *j);
void wr_json_arr_begin(wr_json *j, const char *key);
void wr_json_arr_end(wr_json *j);
void wr_json_str(wr_json *j, const char *key, const char *value); /* NULL value: null */
void wr_json_int(wr_json *j, const char *key, long long value);
void wr_json_bool(wr_json *j, const char *key, int value);
/* Ends the document with a newline. */
void wr_json_finish(wr_json *j);

#endif /* WFPCERT_REPORTS_WRITER_H */
