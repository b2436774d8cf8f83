/*
 * spec_ids.c: the specification's identifiers, hard-coded (see spec_ids.h for why).
 *
 * Sources (../shared/spec/ in the workspace, the project's copy of the specification):
 *   - seed page anchors: sio-query-wfp-connection-redirect-records.en.md, the <a name="...">
 *     of each heading, in page order;
 *   - assertions: SEMANTICS.md section 9 numbers A01..A68 and A74..A93 (A69..A73 do not
 *     exist: 88 assertions in all);
 *   - contradictions: SEMANTICS.md section 1.5, C1..C24.
 * When the specification gains an id, add it here; the report then shows it as a gap until
 * a case names it.
 */
#include "spec_ids.h"

#include <stdio.h>

const wr_spec_anchor wr_seed_anchors[] = {
    {"sio_query_wfp_connection_redirect_records-control-code",
     "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS Control Code"},
    {"description", "Description"},
    {"parameters", "Parameters"},
    {"s", "s"},
    {"dwiocontrolcode", "dwIoControlCode"},
    {"lpvinbuffer", "lpvInBuffer"},
    {"cbinbuffer", "cbInBuffer"},
    {"lpvoutbuffer", "lpvOutBuffer"},
    {"cboutbuffer", "cbOutBuffer"},
    {"lpcbbytesreturned", "lpcbBytesReturned"},
    {"lpvoverlapped", "lpvOverlapped"},
    {"lpcompletionroutine", "lpCompletionRoutine"},
    {"lpthreadid", "lpThreadId"},
    {"lperrno", "lpErrno"},
    {"return-value", "Return value"},
    {"remarks", "Remarks"},
    {"see-also", "See also"},
};
const size_t wr_seed_anchor_count = sizeof wr_seed_anchors / sizeof wr_seed_anchors[0];

/* The ranges of existing assertion numbers. */
static const struct { int first, last; } assertion_ranges[] = {{1, 68}, {74, 93}};
enum { CONTRADICTIONS = 24 };

static char assertion_ids[100][12]; /* "A01".."A93"; room for any int keeps -Wformat-truncation quiet */
static char contradiction_ids[CONTRADICTIONS][4];

size_t wr_assertion_count(void) {
    size_t n = 0;
    for (size_t r = 0; r < sizeof assertion_ranges / sizeof assertion_ranges[0]; r++)
        n += (size_t)(assertion_ranges[r].last - assertion_ranges[r].first + 1);
    return n;
}

const char *wr_assertion_id(size_t i) {
    size_t k = i;
    for (size_t r = 0; r < sizeof assertion_ranges / sizeof assertion_ranges[0]; r++) {
        size_t span = (size_t)(assertion_ranges[r].last - assertion_ranges[r].first + 1);
        if (k < span) {
            char *s = assertion_ids[i];
            snprintf(s, sizeof assertion_ids[i], "A%02d", assertion_ranges[r].first + (int)k);
            return s;
        }
        k -= span;
    }
    return NULL;
}

size_t wr_contradiction_count(void) { return CONTRADICTIONS; }

const char *wr_contradiction_id(size_t i) {
    if (i >= CONTRADICTIONS) return NULL;
    snprintf(contradiction_ids[i], sizeof contradiction_ids[i], "C%zu", i + 1);
    return contradiction_ids[i];
}
