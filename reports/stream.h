/*
 * stream.h: results.jsonl, the run as it goes: a first line naming the run (the arguments it
 * was started with), then one line per case as soon as its result is final.  A run that is
 * stopped (Ctrl-C, SIGTERM, kill -9, a power cut) keeps every case it finished, and
 * `wfpcert conform --resume RUN` reads them back and runs only the others.
 *
 *   {"format":"wfpcert-results-stream","format_version":1,"command":"conform",
 *    "layout":"runs"|"out","started_utc":"...","args":["--target","model",...]}
 *   {"case":{...the case object of results.json...}}
 *
 * Each line is flushed when written.  A last line cut short by a kill is not a case: the
 * reader drops it (its case runs again) and says how many bytes were whole, so the writer can
 * append after them.
 */
#ifndef WFPCERT_REPORTS_STREAM_H
#define WFPCERT_REPORTS_STREAM_H

#include <stddef.h>
#include <stdio.h>
#include "run.h"

#define WR_STREAM_FILE "results.jsonl"

typedef struct wr_stream_head {
    char *command; /* "conform" or "certify" */
    char *layout; /* "runs": the folder lives in ROOT/runs/ and moves ROOT/latest; "out": --out */
    char started_utc[32];
    char **args; /* the run's arguments after the command name */
    size_t nargs;
} wr_stream_head;

/* One recorded case: its id and its results (c.id and the other catalogue strings are NULL). */
typedef struct wr_recorded {
    char *id;
    wr_case c;
} wr_recorded;

typedef struct wr_stream_read {
    wr_stream_head head;
    wr_recorded *cases;
    size_t ncases;
    long long whole_bytes; /* the length of the file up to its last whole line */
} wr_stream_read;

/* Creates DIR/results.jsonl with the head line; *f stays open for wr_stream_case.  0, or -1
 * with a message naming the file. */
int wr_stream_create(FILE **f, const char *dir, const wr_stream_head *h, char *err, size_t cap);
/* Opens DIR/results.jsonl for appending after its first whole_bytes bytes. */
int wr_stream_append(FILE **f, const char *dir, long long whole_bytes, char *err, size_t cap);
/* Appends one case line and flushes it.  0, or -1 when it could not be written. */
int wr_stream_case(FILE *f, const wr_case *c);

/* Reads DIR/results.jsonl.  0, or -1 with a message naming the file and line. */
int wr_stream_load(wr_stream_read *s, const char *dir, char *err, size_t cap);
void wr_stream_read_free(wr_stream_read *s);

/* Moves the results of a recorded case (outcome, reason, checks, messages, observations,
 * log, output, duration) into a case that holds its catalogue description. */
void wr_case_take_results(wr_case *dst, wr_case *src);

#endif /* WFPCERT_REPORTS_STREAM_H */
