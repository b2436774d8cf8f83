/*
 * casectx.c: the case-side API of case.h (wc_check, wc_expect_*, wc_observe, wc_log,
 * wc_unsupported) and the body runner used inside a case process.  Every call becomes one
 * protocol line at once, so whatever a case said before it crashed reaches the report.
 */
#include "case.h"
#include "child.h"
#include "wfpcert/target_model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wc_ctx {
    const wc_case *cs;
    wt_target *t;
    wc_line_sink sink;
    void *ud;
    const char *reference; /* --reference: what the case expects, never read from the target */
    const wc_settings *settings; /* how the case's target was opened, for wc_open_another */
    jmp_buf end; /* wc_unsupported() jumps here */
    unsigned char claimed[128]; /* the checker's findings (by line) the case judged itself */
};

static char *vfmt(const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = wr_xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    return s;
}

static void emit(wc_ctx *c, char kind, size_t n, const char *const *fields) {
    wc_proto_emit(c->sink, c->ud, kind, n, fields);
}

wt_target *wc_target(wc_ctx *c) { return c->t; }

void wc_finding_claimed(wc_ctx *c, int index) {
    if (index >= 0 && (size_t)index < 8 * sizeof c->claimed)
        c->claimed[index / 8] |= (unsigned char)(1u << (index % 8));
}

static int claimed(const wc_ctx *c, int index) {
    return index >= 0 && (size_t)index < 8 * sizeof c->claimed && (c->claimed[index / 8] >> (index % 8)) & 1;
}
const wc_case *wc_current(wc_ctx *c) { return c->cs; }
const char *wc_reference(wc_ctx *c) { return c->reference ? c->reference : "windows"; }

static int record(wc_ctx *c, int ok, const char *file, int line, const char *text, const char *expected,
                  const char *actual) {
    if (ok) {
        emit(c, 'P', 0, NULL);
        return 1;
    }
    char ln[16];
    snprintf(ln, sizeof ln, "%d", line);
    const char *f[] = {file, ln, text, expected, actual};
    emit(c, 'F', expected ? 5 : 3, f);
    return 0;
}

/* A failed check's message, with prefix in front ("" or WC_SAFETY_PREFIX). */
static int record_failure(wc_ctx *c, const char *file, int line, const char *prefix, const char *fmt, va_list ap) {
    char *text = vfmt(fmt, ap);
    char *tagged = wr_strfmt("%s%s", prefix, text);
    record(c, 0, file, line, tagged, NULL, NULL);
    free(tagged);
    free(text);
    return 0;
}

int wc_check_(wc_ctx *c, int cond, const char *file, int line, const char *fmt, ...) {
    if (cond) return record(c, 1, NULL, 0, NULL, NULL, NULL);
    va_list ap;
    va_start(ap, fmt);
    record_failure(c, file, line, "", fmt, ap);
    va_end(ap);
    return 0;
}

int wc_safety_(wc_ctx *c, int cond, const char *file, int line, const char *fmt, ...) {
    if (cond) return record(c, 1, NULL, 0, NULL, NULL, NULL);
    va_list ap;
    va_start(ap, fmt);
    record_failure(c, file, line, WC_SAFETY_PREFIX, fmt, ap);
    va_end(ap);
    return 0;
}

int wc_expect_int_(wc_ctx *c, long long actual, long long expected, const char *file, int line, const char *what) {
    if (actual == expected) return record(c, 1, NULL, 0, NULL, NULL, NULL);
    char e[48], a[48];
    snprintf(e, sizeof e, "%lld (0x%llx)", expected, (unsigned long long)expected);
    snprintf(a, sizeof a, "%lld (0x%llx)", actual, (unsigned long long)actual);
    return record(c, 0, file, line, what, e, a);
}

int wc_expect_str_(wc_ctx *c, const char *actual, const char *expected, const char *file, int line, const char *what) {
    int same = (actual && expected) ? strcmp(actual, expected) == 0 : actual == expected;
    if (same) return record(c, 1, NULL, 0, NULL, NULL, NULL);
    return record(c, 0, file, line, what, expected ? expected : "(null)", actual ? actual : "(null)");
}

/* Formats the text of an event and sends it, after key when there is one. */
static void emitv(wc_ctx *c, char kind, const char *key, const char *fmt, va_list ap) {
    char *text = vfmt(fmt, ap);
    const char *f[] = {key, text};
    emit(c, kind, key ? 2 : 1, key ? f : f + 1);
    free(text);
}

void wc_unsupported(wc_ctx *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(c, 'U', NULL, fmt, ap);
    va_end(ap);
    longjmp(c->end, 1);
}

void wc_observe(wc_ctx *c, const char *key, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(c, 'O', key, fmt, ap);
    va_end(ap);
}

void wc_model_answer(wc_ctx *c, const char *name, const char *fmt, ...) {
    char key[128];
    snprintf(key, sizeof key, "M.%s", name);
    va_list ap;
    va_start(ap, fmt);
    emitv(c, 'O', key, fmt, ap);
    va_end(ap);
}

int wc_on_model(wc_ctx *c) { return strcmp(wt_kind(wc_target(c)), "model") == 0; }

void wc_log(wc_ctx *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(c, 'L', NULL, fmt, ap);
    va_end(ap);
}

int wc_open_another(wc_ctx *c, wt_target **out) {
    char err[1024];
    *out = NULL;
    int rc = wc_target_setup(c->settings, out, err, sizeof err);
    if (rc != WT_OK) wc_log(c, "a second target: %s", err);
    return rc;
}

int wc_target_setup(const wc_settings *s, struct wt_target **out, char *err, size_t cap) {
    wt_target *t = NULL;
    int rc = wt_open(s->target, &t);
    if (rc != WT_OK) {
        snprintf(err, cap, "--target %s: %s", s->target, wt_error());
        return rc;
    }
    if (s->profile && (rc = wt_set_profile(t, s->profile)) != WT_OK)
        snprintf(err, cap, "--profile %s: %s", s->profile, wt_error());
    for (size_t i = 0; rc == WT_OK && i < s->nknobs; i++)
        if ((rc = wt_set_knob(t, s->knob_names[i], s->knob_values[i])) != WT_OK)
            snprintf(err, cap, "--knob %s=%s: %s", s->knob_names[i], s->knob_values[i], wt_error());
    for (size_t i = 0; rc == WT_OK && i < s->nfaults; i++)
        if ((rc = wt_set_fault(t, s->faults[i], 1)) != WT_OK)
            snprintf(err, cap, "--fault %s: %s", s->faults[i], wt_error());
    if (rc != WT_OK) {
        wt_close(t);
        return rc;
    }
    *out = t;
    return WT_OK;
}

/* The target's checker (the WFP verifier and the test callouts' view of the stack on the
 * model) speaks when a callout, the stack or a program broke an obligation (docs/SPEC.md, "The
 * callout's obligations"), so a case that did not ask for the findings expected none: the
 * suite's own callout and clients are correct.  Two kinds of line are notes, not verdicts: a
 * filter condition the model does not evaluate, and a seal that ran out of memory (the
 * low-memory cases provoke it). */
static int a_note(const char *line) {
    return strncmp(line, "wfp: FwpmFilterAdd0 condition", 29) == 0 ||
           strncmp(line, "wfp: redirect records could not be sealed", 41) == 0;
}

static void unprovoked_findings(wc_ctx *c) {
    static char text[16384];
    text[0] = 0;
    if (wt_findings(c->t, text, sizeof text - 1) <= 0) return;
    int index = 0;
    for (char *line = text; *line; index++) {
        size_t len = strcspn(line, "\n");
        char save = line[len];
        line[len] = 0;
        if (*line && !a_note(line) && !claimed(c, index))
            wc_check(c, 0, "the target's checker reported what the case did not provoke: %s", line);
        line[len] = save;
        line += len + (save != 0);
    }
}

void wc_child_run(const wc_settings *s, size_t index, wc_line_sink sink, void *ud) {
    static wc_ctx ctx; /* static: setjmp/longjmp leave it intact, one case per process */
    char err[1024];
    memset(&ctx, 0, sizeof ctx);
    ctx.cs = wc_catalogue_get(index);
    ctx.sink = sink;
    ctx.reference = wc_settings_reference(s);
    ctx.settings = s;
    ctx.ud = ud;
    unsigned long long consulted;
    int tell = wt_faults_consulted(&consulted) == WT_OK; /* and count from here */
    long live_before = wt_model_live_blocks();
    wt_model_held_at_close(NULL, 0); /* what worlds closed before this case held is not its own */
    wt_model_findings_at_close(NULL, 0);
    int rc = wc_target_setup(s, &ctx.t, err, sizeof err);
    if (rc != WT_OK) {
        const char *f[] = {err};
        emit(&ctx, rc == WT_EUNSUPPORTED ? 'U' : 'E', 1, f);
        return;
    }
    long layered_before = wt_model_layered_calls();
    volatile int unsupported = 1; /* until the body returns: wc_unsupported jumps past that */
    if (setjmp(ctx.end) == 0) {
        ctx.cs->fn(&ctx);
        unsupported = 0;
    }
    /* A case that set the layered provider up must have gone through it: one that ran on the
     * base provider instead would pass for both (as wc_use_variant's read-back, for calls).
     * And the other way round: with it off, no call may reach it. */
    const char *layered = wt_get_knob(ctx.t, "layered");
    if (layered_before >= 0 && layered && !unsupported) {
        if (strcmp(layered, "on") == 0)
            wc_check(&ctx, wt_model_layered_calls() > layered_before,
                     "the case ran with the layered provider on, yet no call went through it");
        else
            wc_check(&ctx, wt_model_layered_calls() == layered_before,
                     "the case ran with the layered provider %s, yet %ld call(s) went through it", layered,
                     wt_model_layered_calls() - layered_before);
    }
    if (!unsupported) unprovoked_findings(&ctx);
    wt_close(ctx.t); /* closing may look at faults too (a double free, an abort on close) */
    long live_after = wt_model_live_blocks();
    if (live_before >= 0)
        wc_safety(&ctx, live_after <= live_before,
                  "leak: the closed target still holds %ld of the model's memory blocks", live_after - live_before);
    char held[512];
    long held_blocks = wt_model_held_at_close(held, sizeof held);
    if (held_blocks > 0) /* freed only because the world ended: a leak inside its life */
        wc_safety(&ctx, 0,
                  "leak: %ld of the model's memory blocks or kernel sockets still held after every handle closed (%s)",
                  held_blocks, held);
    char late[1024];
    if (wt_model_findings_at_close(late, sizeof late) > 0) /* a driver's unload, after the case's own look */
        wc_check(&ctx, 0, "the target's checker when the target closed and its drivers unloaded: %s", late);
    if (tell && wt_faults_consulted(&consulted) == WT_OK) {
        char hex[24];
        snprintf(hex, sizeof hex, "%llx", consulted);
        const char *f[] = {hex};
        emit(&ctx, 'Q', 1, f);
    }
    emit(&ctx, 'D', 0, NULL);
}
