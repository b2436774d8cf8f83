/*
 * protocol.h: the line protocol a case process uses to tell the runner what happened.
 *
 * Why a protocol and not shared memory: the case runs in another process (so that a crash
 * or hang cannot take the run down), on Windows even in a re-executed copy of wfpcert, and
 * whatever it managed to say before dying must survive.  Each event is one line, written
 * with a single write so it arrives whole:
 *
 *   <RS>wc<TAB>KIND<TAB>field<TAB>field...<LF>        RS = 0x1e, fields escaped (\\ \t \n \r)
 *
 *   P                                a check passed
 *   F file line text [expected actual] a check failed
 *   O key value                      an observation (fingerprint)
 *   L text                           a log line
 *   U reason                         the target cannot run the case (ends it)
 *   E text                           the target could not be set up for the case
 *   D                                the body returned and the target was closed
 *   Q mask                           the faults the target looked at (hex; wt_faults_consulted)
 *
 * A line that does not start with the marker is ordinary output of the case (printf in a
 * case body, a sanitizer report) and is kept as the case's output, so the protocol can share
 * a stream with stdout (the Windows seam) without losing either.
 */
#ifndef WFPCERT_CONFORMANCE_PROTOCOL_H
#define WFPCERT_CONFORMANCE_PROTOCOL_H

#include <stddef.h>
#include "run.h"

/* Where a case process sends its lines: a pipe, stdout, or straight into a parser. */
typedef void (*wc_line_sink)(void *ud, const char *line, size_t len);

/* Encodes one event (fields may be NULL: written as empty) and hands it to sink. */
void wc_proto_emit(wc_line_sink sink, void *ud, char kind, size_t nfields, const char *const *fields);

/* The parent's side: feeds bytes of a case's stream into its result. */
typedef struct wc_proto {
    wr_case *c;
    int done, unsupported, setup_error;
    char *partial; /* an incomplete last line */
    size_t plen;
    size_t output_len, output_dropped;
    size_t msgs_dropped, logs_dropped;
} wc_proto;

void wc_proto_init(wc_proto *p, wr_case *c);
void wc_proto_feed(wc_proto *p, const char *data, size_t n);
/* Appends bytes to the case's captured output (capped; the rest is counted). */
void wc_proto_output(wc_proto *p, const char *data, size_t n);
/* End of stream: keeps an unterminated last line as output, notes what was dropped. */
void wc_proto_finish(wc_proto *p);
/* A sink that parses lines in-process (for --run-one): ud is a wc_proto. */
void wc_proto_sink(void *ud, const char *line, size_t len);

#endif /* WFPCERT_CONFORMANCE_PROTOCOL_H */
