/*
 * protocol.c: encoding and parsing of the case-process line protocol (see protocol.h).
 * The parser is defensive: a case process may die in the middle of a line or print
 * anything, and none of that may crash the runner or blow up its memory.
 */
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKER "\x1ewc\t"
enum {
    MARKER_LEN = 4,
    MAX_OUTPUT = 64 * 1024, /* per case: enough for a sanitizer report */
    MAX_MSGS = 200,
    MAX_LOGS = 1000,
    MAX_FIELDS = 8,
};

static size_t escaped_len(const char *s) {
    size_t n = 0;
    for (; s && *s; s++) n += (*s == '\\' || *s == '\t' || *s == '\n' || *s == '\r') ? 2 : 1;
    return n;
}

void wc_proto_emit(wc_line_sink sink, void *ud, char kind, size_t nfields, const char *const *fields) {
    size_t n = MARKER_LEN + 2;
    for (size_t i = 0; i < nfields; i++) n += 1 + escaped_len(fields[i]);
    char *line = wr_xrealloc(NULL, n + 1), *o = line;
    memcpy(o, MARKER, MARKER_LEN);
    o += MARKER_LEN;
    *o++ = kind;
    for (size_t i = 0; i < nfields; i++) {
        *o++ = '\t';
        for (const char *s = fields[i]; s && *s; s++) {
            static const char from[] = "\\\t\n\r", to[] = "\\tnr";
            const char *hit = strchr(from, *s);
            if (hit) {
                *o++ = '\\';
                *o++ = to[hit - from];
            } else {
                *o++ = *s;
            }
        }
    }
    *o++ = '\n';
    sink(ud, line, (size_t)(o - line));
    free(line);
}

void wc_proto_init(wc_proto *p, wr_case *c) {
    memset(p, 0, sizeof *p);
    p->c = c;
}

void wc_proto_output(wc_proto *p, const char *data, size_t n) {
    size_t room = p->output_len < MAX_OUTPUT ? MAX_OUTPUT - p->output_len : 0;
    size_t take = n < room ? n : room;
    p->output_dropped += n - take;
    if (!take) return;
    p->c->output = wr_xrealloc(p->c->output, p->output_len + take + 1);
    memcpy(p->c->output + p->output_len, data, take);
    p->output_len += take;
    p->c->output[p->output_len] = 0;
}

/* Splits a marker line (without marker and newline) in place into unescaped fields. */
static size_t split(char *s, char **fields) {
    size_t n = 0;
    fields[n++] = s;
    char *o = s;
    for (char *i = s; *i; i++) {
        if (*i == '\t') {
            *o++ = 0;
            if (n == MAX_FIELDS) break;
            fields[n++] = o;
        } else if (*i == '\\' && i[1]) {
            i++;
            *o++ = *i == 't' ? '\t' : *i == 'n' ? '\n' : *i == 'r' ? '\r' : *i;
        } else {
            *o++ = *i;
        }
    }
    *o = 0;
    return n;
}

static void event(wc_proto *p, char *body) {
    char *f[MAX_FIELDS];
    size_t n = split(body, f);
    wr_case *c = p->c;
    const char *kind = f[0];
#define FIELD(i) ((i) < n ? f[i] : "")
    if (strcmp(kind, "P") == 0) {
        c->checks++;
    } else if (strcmp(kind, "F") == 0) {
        c->checks++;
        c->failed_checks++;
        if (strncmp(FIELD(3), WC_SAFETY_PREFIX, sizeof WC_SAFETY_PREFIX - 1) == 0) c->safety_failed++;
        if (c->nmsgs < MAX_MSGS)
            wr_case_msg(c, FIELD(1), atoi(FIELD(2)), FIELD(3), n > 5 ? f[4] : NULL, n > 5 ? f[5] : NULL);
        else
            p->msgs_dropped++;
    } else if (strcmp(kind, "O") == 0) {
        wr_case_observe(c, FIELD(1), FIELD(2));
    } else if (strcmp(kind, "L") == 0) {
        if (c->nlogs < MAX_LOGS)
            wr_case_log(c, FIELD(1));
        else
            p->logs_dropped++;
    } else if (strcmp(kind, "U") == 0 || strcmp(kind, "E") == 0) {
        *(kind[0] == 'U' ? &p->unsupported : &p->setup_error) = 1;
        free(c->reason);
        c->reason = wr_strdup(FIELD(1));
    } else if (strcmp(kind, "Q") == 0) {
        c->faults_consulted = strtoull(FIELD(1), NULL, 16);
        c->faults_known = 1;
    } else if (strcmp(kind, "D") == 0) {
        p->done = 1;
    } else {
        char *t = wr_strfmt("runner: unknown protocol line kind '%s'", kind);
        wr_case_log(c, t);
        free(t);
    }
#undef FIELD
}

static void line(wc_proto *p, char *s, size_t len) {
    if (len >= MARKER_LEN && memcmp(s, MARKER, MARKER_LEN) == 0) {
        s[len - (len && s[len - 1] == '\n')] = 0;
        event(p, s + MARKER_LEN);
    } else {
        wc_proto_output(p, s, len);
    }
}

void wc_proto_feed(wc_proto *p, const char *data, size_t n) {
    while (n) {
        const char *nl = memchr(data, '\n', n);
        size_t take = nl ? (size_t)(nl - data) + 1 : n;
        p->partial = wr_xrealloc(p->partial, p->plen + take + 1);
        memcpy(p->partial + p->plen, data, take);
        p->plen += take;
        if (nl) {
            line(p, p->partial, p->plen);
            p->plen = 0;
        } else if (p->plen > MAX_OUTPUT) { /* no newline in sight: it is output, not protocol */
            wc_proto_output(p, p->partial, p->plen);
            p->plen = 0;
        }
        data += take;
        n -= take;
    }
}

void wc_proto_sink(void *ud, const char *s, size_t len) { wc_proto_feed(ud, s, len); }

void wc_proto_finish(wc_proto *p) {
    if (p->plen) wc_proto_output(p, p->partial, p->plen); /* a line cut short by death */
    free(p->partial);
    p->partial = NULL;
    p->plen = 0;
    char note[128];
    if (p->output_dropped) {
        char *o = wr_strfmt("%s\n[runner: %zu more bytes of output dropped]\n", p->c->output ? p->c->output : "",
                            p->output_dropped);
        free(p->c->output);
        p->c->output = o;
        p->output_dropped = 0;
    }
    if (p->msgs_dropped || p->logs_dropped) {
        snprintf(note, sizeof note, "runner: %zu failed-check messages and %zu log lines dropped (limits %d, %d)",
                 p->msgs_dropped, p->logs_dropped, MAX_MSGS, MAX_LOGS);
        wr_case_log(p->c, note);
    }
}
