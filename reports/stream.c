/*
 * stream.c: results.jsonl (format in stream.h): written one flushed line per finished case so
 * that an interrupted run loses nothing it finished, and read back for --resume.
 *
 * Reading needs a JSON parser; this one is small and strict, and only as general as the
 * lines this file writes (objects, arrays, strings with every escape, integers, true, false,
 * null).  It lives here, not in a test, because resuming a run is a product feature.
 */
#include "stream.h"
#include "reports.h"
#include "writer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

static FILE *open_in(const char *dir, const char *mode, char *err, size_t cap) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, WR_STREAM_FILE);
    FILE *f = fopen(path, mode);
    if (!f) snprintf(err, cap, "cannot open %s: %s", path, strerror(errno));
    return f;
}

int wr_stream_create(FILE **f, const char *dir, const wr_stream_head *h, char *err, size_t cap) {
    *f = open_in(dir, "wb", err, cap);
    if (!*f) return -1;
    wr_json j;
    wr_json_init(&j, *f);
    j.compact = 1;
    wr_json_obj_begin(&j, NULL);
    wr_json_str(&j, "format", "wfpcert-results-stream");
    wr_json_int(&j, "format_version", 1);
    wr_json_str(&j, "command", h->command);
    wr_json_str(&j, "layout", h->layout);
    wr_json_str(&j, "started_utc", h->started_utc);
    wr_json_arr_begin(&j, "args");
    for (size_t i = 0; i < h->nargs; i++) wr_json_str(&j, NULL, h->args[i]);
    wr_json_arr_end(&j);
    wr_json_obj_end(&j);
    wr_json_finish(&j);
    if (fflush(*f) != 0 || ferror(*f)) {
        snprintf(err, cap, "cannot write %s/%s: %s", dir, WR_STREAM_FILE, strerror(errno));
        fclose(*f);
        *f = NULL;
        return -1;
    }
    return 0;
}

int wr_stream_append(FILE **f, const char *dir, long long whole_bytes, char *err, size_t cap) {
    /* "r+" and a seek: the cut-short tail of a killed run is overwritten, not kept */
    *f = open_in(dir, "r+b", err, cap);
    if (!*f) return -1;
    if (fseek(*f, (long)whole_bytes, SEEK_SET) != 0) {
        snprintf(err, cap, "cannot seek in %s/%s: %s", dir, WR_STREAM_FILE, strerror(errno));
        fclose(*f);
        *f = NULL;
        return -1;
    }
    return 0;
}

int wr_stream_case(FILE *f, const wr_case *c) {
    wr_json j;
    wr_json_init(&j, f);
    j.compact = 1;
    wr_json_obj_begin(&j, NULL);
    wr_json_case(&j, "case", c);
    wr_json_obj_end(&j);
    fputc('\n', f);
    return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

/* ---- a small JSON reader ---- */

typedef enum { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } jv_type;

typedef struct jv {
    jv_type t;
    long long num;
    char *str; /* JV_STR */
    struct jv *items; /* JV_ARR, JV_OBJ (values) */
    char **keys; /* JV_OBJ */
    size_t n;
} jv;

typedef struct jp {
    const char *s, *end;
    const char *error;
} jp;

static void jv_free(jv *v) {
    for (size_t i = 0; i < v->n; i++) {
        jv_free(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}

static void skip_ws(jp *p) {
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n')) p->s++;
}

static int fail(jp *p, const char *why) {
    if (!p->error) p->error = why;
    return -1;
}

static void put_utf8(char **o, size_t *n, unsigned long cp) {
    char *w = *o + *n;
    if (cp < 0x80) {
        w[0] = (char)cp, *n += 1;
    } else if (cp < 0x800) {
        w[0] = (char)(0xC0 | (cp >> 6)), w[1] = (char)(0x80 | (cp & 0x3F)), *n += 2;
    } else if (cp < 0x10000) {
        w[0] = (char)(0xE0 | (cp >> 12)), w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        w[2] = (char)(0x80 | (cp & 0x3F)), *n += 3;
    } else {
        w[0] = (char)(0xF0 | (cp >> 18)), w[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        w[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), w[3] = (char)(0x80 | (cp & 0x3F)), *n += 4;
    }
}

static int hex4(jp *p, unsigned long *cp) {
    if (p->end - p->s < 4) return fail(p, "a short \\u escape");
    *cp = 0;
    for (int i = 0; i < 4; i++) {
        char c = *p->s++;
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return fail(p, "a bad \\u escape");
        *cp = *cp * 16 + (unsigned long)d;
    }
    return 0;
}

static int parse_string(jp *p, char **out) {
    p->s++; /* the opening quote */
    /* escapes never make a string longer, except \u (6 bytes -> at most 4) */
    char *o = wr_xrealloc(NULL, (size_t)(p->end - p->s) + 1);
    size_t n = 0;
    while (p->s < p->end && *p->s != '"') {
        unsigned char c = (unsigned char)*p->s++;
        if (c < 0x20) {
            free(o);
            return fail(p, "a control character in a string");
        }
        if (c != '\\') {
            o[n++] = (char)c;
            continue;
        }
        if (p->s >= p->end) break;
        char e = *p->s++;
        const char *simple = strchr("\"\\/bfnrt", e);
        if (simple && e) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            o[n++] = to[simple - "\"\\/bfnrt"];
        } else if (e == 'u') {
            unsigned long cp, lo;
            if (hex4(p, &cp)) {
                free(o);
                return -1;
            }
            if (cp >= 0xD800 && cp < 0xDC00 && p->end - p->s >= 6 && p->s[0] == '\\' && p->s[1] == 'u') {
                p->s += 2;
                if (hex4(p, &lo)) {
                    free(o);
                    return -1;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(&o, &n, cp);
        } else {
            free(o);
            return fail(p, "an unknown escape");
        }
    }
    if (p->s >= p->end) {
        free(o);
        return fail(p, "an unterminated string");
    }
    p->s++;
    o[n] = 0;
    *out = o;
    return 0;
}

static int parse_value(jp *p, jv *v, int depth);

static int parse_container(jp *p, jv *v, int depth, char close) {
    p->s++;
    v->t = close == '}' ? JV_OBJ : JV_ARR;
    skip_ws(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(p);
        if (v->t == JV_OBJ) {
            if (p->s >= p->end || *p->s != '"') return fail(p, "an object key expected");
            if (parse_string(p, &key)) return -1;
            skip_ws(p);
            if (p->s >= p->end || *p->s != ':') {
                free(key);
                return fail(p, "':' expected");
            }
            p->s++;
        }
        v->items = wr_xrealloc(v->items, (v->n + 1) * sizeof *v->items);
        if (v->t == JV_OBJ) v->keys = wr_xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
        memset(&v->items[v->n], 0, sizeof *v->items);
        if (v->t == JV_OBJ) v->keys[v->n] = key;
        v->n++;
        if (parse_value(p, &v->items[v->n - 1], depth + 1)) return -1;
        skip_ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            return 0;
        }
        return fail(p, "',' or a closing bracket expected");
    }
}

static int parse_value(jp *p, jv *v, int depth) {
    skip_ws(p);
    if (depth > 32) return fail(p, "nested too deeply");
    if (p->s >= p->end) return fail(p, "a value expected");
    char c = *p->s;
    if (c == '{') return parse_container(p, v, depth, '}');
    if (c == '[') return parse_container(p, v, depth, ']');
    if (c == '"') {
        v->t = JV_STR;
        return parse_string(p, &v->str);
    }
    static const struct {
        const char *word;
        jv_type t;
        int b;
    } lits[] = {{"null", JV_NULL, 0}, {"true", JV_BOOL, 1}, {"false", JV_BOOL, 0}};
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(lits[i].word);
        if ((size_t)(p->end - p->s) >= k && !memcmp(p->s, lits[i].word, k)) {
            v->t = lits[i].t;
            v->num = lits[i].b;
            p->s += k;
            return 0;
        }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        char *endp;
        v->t = JV_NUM;
        v->num = strtoll(p->s, &endp, 10);
        if (endp == p->s || endp > p->end) return fail(p, "a bad number");
        p->s = endp;
        return 0;
    }
    return fail(p, "an unexpected character");
}

static const jv *get(const jv *o, const char *key) {
    for (size_t i = 0; o && o->t == JV_OBJ && i < o->n; i++)
        if (!strcmp(o->keys[i], key)) return &o->items[i];
    return NULL;
}

static char *get_str(const jv *o, const char *key) {
    const jv *v = get(o, key);
    return v && v->t == JV_STR ? wr_strdup(v->str) : NULL;
}

static long long get_num(const jv *o, const char *key) {
    const jv *v = get(o, key);
    return v && v->t == JV_NUM ? v->num : 0;
}

static wc_outcome outcome_of(const char *name) {
    for (int o = 0; o < WC_OUTCOME_COUNT; o++)
        if (name && !strcmp(name, wr_outcome_name((wc_outcome)o))) return (wc_outcome)o;
    return WC_OUTCOME_COUNT;
}

/* A case object (json.c's wr_json_case) back into a recorded case. */
static int case_from(const jv *o, wr_recorded *r) {
    memset(r, 0, sizeof *r);
    const jv *id = get(o, "id"), *out = get(o, "outcome"), *raw = get(o, "raw_outcome");
    if (!id || id->t != JV_STR || !out || out->t != JV_STR) return -1;
    wc_outcome oc = outcome_of(out->str), rc = raw && raw->t == JV_STR ? outcome_of(raw->str) : oc;
    if (oc == WC_OUTCOME_COUNT || rc == WC_OUTCOME_COUNT) return -1;
    r->id = wr_strdup(id->str);
    wr_case *c = &r->c;
    c->outcome = oc;
    c->raw_outcome = rc;
    c->reason = get_str(o, "reason");
    c->waiver = get_str(o, "waiver");
    c->output = get_str(o, "output");
    c->duration_us = get_num(o, "duration_us");
    c->checks = (int)get_num(o, "checks");
    c->failed_checks = (int)get_num(o, "failed_checks");
    c->safety_failed = (int)get_num(o, "safety_failed");
    const jv *obs = get(o, "observations"), *msgs = get(o, "messages"), *log = get(o, "log");
    for (size_t i = 0; obs && obs->t == JV_OBJ && i < obs->n; i++)
        if (obs->items[i].t == JV_STR) wr_case_observe(c, obs->keys[i], obs->items[i].str);
    for (size_t i = 0; msgs && msgs->t == JV_ARR && i < msgs->n; i++) {
        const jv *m = &msgs->items[i];
        const jv *file = get(m, "file"), *text = get(m, "text"), *exp = get(m, "expected"), *act = get(m, "actual");
        wr_case_msg(c, file && file->t == JV_STR ? file->str : NULL, (int)get_num(m, "line"),
                    text && text->t == JV_STR ? text->str : "", exp && exp->t == JV_STR ? exp->str : NULL,
                    act && act->t == JV_STR ? act->str : NULL);
    }
    for (size_t i = 0; log && log->t == JV_ARR && i < log->n; i++)
        if (log->items[i].t == JV_STR) wr_case_log(c, log->items[i].str);
    return 0;
}

static int head_from(const jv *o, wr_stream_head *h) {
    const jv *fmt = get(o, "format"), *args = get(o, "args");
    if (!fmt || fmt->t != JV_STR || strcmp(fmt->str, "wfpcert-results-stream") != 0 ||
        get_num(o, "format_version") != 1 || !args || args->t != JV_ARR)
        return -1;
    h->command = get_str(o, "command");
    h->layout = get_str(o, "layout");
    const jv *t = get(o, "started_utc");
    if (t && t->t == JV_STR) snprintf(h->started_utc, sizeof h->started_utc, "%s", t->str);
    h->args = wr_xrealloc(NULL, (args->n ? args->n : 1) * sizeof *h->args);
    for (size_t i = 0; i < args->n; i++) {
        if (args->items[i].t != JV_STR) return -1;
        h->args[h->nargs++] = wr_strdup(args->items[i].str);
    }
    return h->command && h->layout ? 0 : -1;
}

int wr_stream_load(wr_stream_read *s, const char *dir, char *err, size_t cap) {
    memset(s, 0, sizeof *s);
    FILE *f = open_in(dir, "rb", err, cap);
    if (!f) return -1;
    char *text = NULL;
    size_t len = 0, got;
    do {
        text = wr_xrealloc(text, len + 65536 + 1);
        got = fread(text + len, 1, 65536, f);
        len += got;
    } while (got > 0);
    fclose(f);
    text[len] = 0;
    int rc = 0, lineno = 0;
    for (size_t at = 0; at < len && !rc;) {
        char *nl = memchr(text + at, '\n', len - at);
        if (!nl) break; /* cut short by a kill: not a case */
        lineno++;
        jv v = {0};
        jp p = {text + at, nl, NULL};
        int bad = parse_value(&p, &v, 0);
        skip_ws(&p);
        if (!bad && p.s != nl) bad = fail(&p, "text after the value");
        if (!bad && lineno == 1) {
            if (head_from(&v, &s->head) != 0) {
                snprintf(err, cap, "%s/%s:1: not the head of a wfpcert results stream", dir, WR_STREAM_FILE);
                rc = -1;
            }
        } else if (!bad) {
            const jv *c = get(&v, "case");
            s->cases = wr_xrealloc(s->cases, (s->ncases + 1) * sizeof *s->cases);
            if (!c || case_from(c, &s->cases[s->ncases]) != 0) {
                snprintf(err, cap, "%s/%s:%d: not a case line", dir, WR_STREAM_FILE, lineno);
                rc = -1;
            } else {
                s->ncases++;
            }
        } else {
            snprintf(err, cap, "%s/%s:%d: %s", dir, WR_STREAM_FILE, lineno, p.error ? p.error : "bad JSON");
            rc = -1;
        }
        jv_free(&v);
        at = (size_t)(nl - text) + 1;
        s->whole_bytes = (long long)at;
    }
    if (!rc && lineno == 0) {
        snprintf(err, cap, "%s/%s: empty; the run stopped before its first line", dir, WR_STREAM_FILE);
        rc = -1;
    }
    free(text);
    if (rc) wr_stream_read_free(s);
    return rc;
}

void wr_stream_read_free(wr_stream_read *s) {
    free(s->head.command);
    free(s->head.layout);
    for (size_t i = 0; i < s->head.nargs; i++) free(s->head.args[i]);
    free(s->head.args);
    for (size_t i = 0; i < s->ncases; i++) {
        free(s->cases[i].id);
        wr_case_free(&s->cases[i].c);
    }
    free(s->cases);
    memset(s, 0, sizeof *s);
}

void wr_case_take_results(wr_case *dst, wr_case *src) {
    dst->outcome = src->outcome;
    dst->raw_outcome = src->raw_outcome;
    dst->checks = src->checks;
    dst->failed_checks = src->failed_checks;
    dst->safety_failed = src->safety_failed;
    dst->duration_us = src->duration_us;
#define MOVE(field)                                                                                                    \
    free(dst->field);                                                                                                  \
    dst->field = src->field;                                                                                           \
    src->field = NULL
    MOVE(reason);
    MOVE(waiver);
    MOVE(output);
    MOVE(msgs);
    MOVE(obs);
    MOVE(logs);
#undef MOVE
    dst->nmsgs = src->nmsgs;
    dst->nobs = src->nobs;
    dst->nlogs = src->nlogs;
    src->nmsgs = src->nobs = src->nlogs = 0;
}
