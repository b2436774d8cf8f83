/*
 * results_read.c: a small JSON reader for results.json (results_read.h).  The product has no
 * JSON library and must not grow a dependency for one file format it writes itself, so this
 * parses the whole document into a tree of nodes and then picks out the few fields compare
 * and --rerun-failed use.  Any syntax error is reported with its byte offset: a truncated or
 * hand-edited file must not be half-read as if the missing cases had passed.
 */
#include "results_read.h"
#include "run.h"
#include "wsys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jnode {
    int type;
    char *key; /* in an object */
    char *text; /* J_STR: the decoded string; J_NUM / J_BOOL: the literal */
    struct jnode *kids;
    size_t nkids;
} jnode;

typedef struct jparser {
    const char *s;
    size_t i, n;
    const char *err;
    int depth;
} jparser;

static void ws(jparser *p) {
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i]) p->i++;
}

static int fail(jparser *p, const char *why) {
    if (!p->err) p->err = why;
    return -1;
}

static void put_utf8(char **o, unsigned long u) {
    char *q = *o;
    if (u < 0x80) {
        *q++ = (char)u;
    } else if (u < 0x800) {
        *q++ = (char)(0xC0 | u >> 6), *q++ = (char)(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        *q++ = (char)(0xE0 | u >> 12), *q++ = (char)(0x80 | (u >> 6 & 0x3F)), *q++ = (char)(0x80 | (u & 0x3F));
    } else {
        *q++ = (char)(0xF0 | u >> 18), *q++ = (char)(0x80 | (u >> 12 & 0x3F));
        *q++ = (char)(0x80 | (u >> 6 & 0x3F)), *q++ = (char)(0x80 | (u & 0x3F));
    }
    *o = q;
}

static int hex4(jparser *p, unsigned long *u) {
    if (p->i + 4 > p->n) return fail(p, "a short \\u escape");
    char buf[5] = {0}, *end;
    memcpy(buf, p->s + p->i, 4);
    *u = strtoul(buf, &end, 16);
    if (end != buf + 4) return fail(p, "a bad \\u escape");
    p->i += 4;
    return 0;
}

/* A string at p->i (at its opening quote); the decoded text is malloc'd. */
static int string(jparser *p, char **out) {
    p->i++;
    size_t end = p->i; /* the closing quote bounds the buffer: decoding never grows a string */
    while (end < p->n && p->s[end] != '"') end += p->s[end] == '\\' ? 2 : 1;
    char *buf = wr_xrealloc(NULL, end - p->i + 1), *o = buf;
    while (p->i < p->n && p->s[p->i] != '"') {
        char ch = p->s[p->i++];
        if ((unsigned char)ch < 0x20) break;
        if (ch != '\\') {
            *o++ = ch;
            continue;
        }
        if (p->i >= p->n) break;
        ch = p->s[p->i++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t", *at = strchr(from, ch);
        if (ch && at) {
            *o++ = to[at - from];
        } else if (ch == 'u') {
            unsigned long u, lo;
            if (hex4(p, &u)) break;
            if (u >= 0xD800 && u <= 0xDBFF && p->i + 1 < p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
                p->i += 2;
                if (hex4(p, &lo)) break;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(&o, u);
        } else {
            break;
        }
    }
    if (p->i >= p->n || p->s[p->i] != '"') {
        free(buf);
        return fail(p, "an unterminated or malformed string");
    }
    p->i++;
    *o = 0;
    *out = buf;
    return 0;
}

static void node_free(jnode *j) {
    for (size_t k = 0; k < j->nkids; k++) node_free(&j->kids[k]);
    free(j->kids);
    free(j->key);
    free(j->text);
}

static int value(jparser *p, jnode *j) {
    memset(j, 0, sizeof *j);
    ws(p);
    if (p->i >= p->n) return fail(p, "the document ends early");
    if (++p->depth > 64) return fail(p, "nested too deeply");
    char ch = p->s[p->i];
    int rc = 0;
    if (ch == '{' || ch == '[') {
        j->type = ch == '{' ? J_OBJ : J_ARR;
        char close = ch == '{' ? '}' : ']';
        p->i++;
        ws(p);
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
        } else {
            for (;;) {
                jnode kid;
                char *key = NULL;
                ws(p);
                if (j->type == J_OBJ) {
                    if (p->i >= p->n || p->s[p->i] != '"' || string(p, &key)) {
                        rc = fail(p, "expected a key");
                        break;
                    }
                    ws(p);
                    if (p->i >= p->n || p->s[p->i] != ':') {
                        free(key);
                        rc = fail(p, "expected ':'");
                        break;
                    }
                    p->i++;
                }
                if (value(p, &kid)) {
                    free(key);
                    node_free(&kid);
                    rc = -1;
                    break;
                }
                kid.key = key;
                j->kids = wr_xrealloc(j->kids, (j->nkids + 1) * sizeof *j->kids);
                j->kids[j->nkids++] = kid;
                ws(p);
                if (p->i < p->n && p->s[p->i] == ',') {
                    p->i++;
                    continue;
                }
                if (p->i < p->n && p->s[p->i] == close) {
                    p->i++;
                    break;
                }
                rc = fail(p, j->type == J_OBJ ? "expected ',' or '}'" : "expected ',' or ']'");
                break;
            }
        }
    } else if (ch == '"') {
        j->type = J_STR;
        rc = string(p, &j->text);
    } else {
        size_t n = strspn(p->s + p->i, "-+.0123456789eEtruefalsn");
        if (!n) {
            rc = fail(p, "an unexpected character");
        } else {
            j->text = wr_strfmt("%.*s", (int)n, p->s + p->i);
            j->type = !strcmp(j->text, "null")                                ? J_NULL
                      : !strcmp(j->text, "true") || !strcmp(j->text, "false") ? J_BOOL
                                                                              : J_NUM;
            p->i += n;
        }
    }
    p->depth--;
    return rc;
}

static const jnode *member(const jnode *o, const char *key, int type) {
    for (size_t k = 0; o && o->type == J_OBJ && k < o->nkids; k++)
        if (!strcmp(o->kids[k].key, key)) return o->kids[k].type == type ? &o->kids[k] : NULL;
    return NULL;
}

static char *member_str(const jnode *o, const char *key) {
    const jnode *s = member(o, key, J_STR);
    return s ? wr_strdup(s->text) : NULL;
}

/* The whole file; NULL with a message. */
static char *slurp(const char *path, size_t *len, char *err, size_t cap) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, room = 0, got;
    do {
        if (n + 65536 + 1 > room) buf = wr_xrealloc(buf, room = 2 * room + 65536 + 1);
        got = fread(buf + n, 1, room - n - 1, f);
        n += got;
    } while (got > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, cap, "%s: read error", path);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* The scalars of an object into r->info. */
static void keep_info(wr_prev_run *r, const jnode *o) {
    for (size_t k = 0; o && k < o->nkids; k++) {
        const jnode *j = &o->kids[k];
        if (j->type != J_STR && j->type != J_NUM && j->type != J_BOOL) continue;
        r->info = wr_xrealloc(r->info, (r->ninfo + 1) * sizeof *r->info);
        r->info[r->ninfo++] = (wr_kv){wr_strdup(j->key), wr_strdup(j->text)};
    }
}

const char *wr_prev_run_info(const wr_prev_run *r, const char *key) {
    for (size_t i = 0; i < r->ninfo; i++)
        if (!strcmp(r->info[i].key, key)) return r->info[i].value;
    return NULL;
}

int wr_prev_run_read(wr_prev_run *r, const char *run, char *err, size_t cap) {
    memset(r, 0, sizeof *r);
    enum wsys_kind kind = wsys_kind(run);
    if (kind == WSYS_NONE) {
        snprintf(err, cap, "%s: %s (expected a run folder or its results.json)", run, strerror(errno));
        return -1;
    }
    char *path = kind == WSYS_DIR ? wr_strfmt("%s/results.json", run) : wr_strdup(run);
    if (kind == WSYS_DIR && wsys_kind(path) == WSYS_NONE) {
        snprintf(err, cap, "%s: a folder without results.json; is it a run folder (reports/runs/...)?", run);
        free(path);
        return -1;
    }
    size_t len = 0;
    char *text = slurp(path, &len, err, cap);
    if (!text) {
        free(path);
        return -1;
    }
    jparser p = {text, 0, len, NULL, 0};
    jnode doc;
    int rc = value(&p, &doc);
    ws(&p);
    if (!rc && p.i != p.n) rc = fail(&p, "text after the document");
    free(text);
    if (rc) {
        snprintf(err, cap, "%s: not valid JSON (%s at byte %zu)", path, p.err, p.i);
        node_free(&doc);
        free(path);
        return -1;
    }
    const jnode *fmt = member(&doc, "format", J_STR), *runinfo = member(&doc, "run", J_OBJ),
                *cases = member(&doc, "cases", J_ARR);
    if (!fmt || strcmp(fmt->text, "wfpcert-conformance-results") != 0 || !cases) {
        snprintf(err, cap, "%s: not a wfpcert results.json (no \"format\": \"wfpcert-conformance-results\" and cases)",
                 path);
        node_free(&doc);
        free(path);
        return -1;
    }
    r->path = path;
    r->target = member_str(runinfo, "target");
    r->profile = member_str(runinfo, "profile");
    const jnode *strict = member(runinfo, "strict", J_BOOL);
    r->strict = strict && !strcmp(strict->text, "true");
    const jnode *xpass_ok = member(runinfo, "xpass_ok", J_BOOL);
    r->xpass_ok = xpass_ok && !strcmp(xpass_ok->text, "true");
    keep_info(r, runinfo);
    keep_info(r, member(runinfo, "system", J_OBJ));
    r->cases = wr_xrealloc(NULL, (cases->nkids + 1) * sizeof *r->cases);
    for (size_t k = 0; k < cases->nkids; k++) {
        const jnode *c = &cases->kids[k];
        wr_prev_case pc = {member_str(c, "id"), member_str(c, "clause"), member_str(c, "outcome"),
                           member_str(c, "signature"), member_str(c, "repro")};
        if (!pc.id || !pc.outcome) {
            snprintf(err, cap, "%s: case %zu has no id or outcome", path, k + 1);
            free(pc.id), free(pc.clause), free(pc.outcome), free(pc.signature), free(pc.repro);
            node_free(&doc);
            wr_prev_run_free(r);
            return -1;
        }
        if (!pc.clause) pc.clause = wr_strdup("?");
        r->cases[r->ncases++] = pc;
    }
    node_free(&doc);
    return 0;
}

void wr_prev_run_free(wr_prev_run *r) {
    for (size_t k = 0; k < r->ncases; k++) {
        wr_prev_case *c = &r->cases[k];
        free(c->id), free(c->clause), free(c->outcome), free(c->signature), free(c->repro);
    }
    for (size_t i = 0; i < r->ninfo; i++) free(r->info[i].key), free(r->info[i].value);
    free(r->info);
    free(r->cases);
    free(r->path);
    free(r->target);
    free(r->profile);
    memset(r, 0, sizeof *r);
}

int wr_prev_case_failed(const wr_prev_run *r, const wr_prev_case *c) {
    static const char *const failing[] = {"FAIL", "CRASH", "TIMEOUT"};
    for (size_t k = 0; k < sizeof failing / sizeof failing[0]; k++)
        if (!strcmp(c->outcome, failing[k])) return 1;
    return (r->strict && !strcmp(c->outcome, "NON-STRICT")) || (!r->xpass_ok && !strcmp(c->outcome, "XPASS"));
}
