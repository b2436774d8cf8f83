/*
 * fake_target.c: a stand-in for the wt_* functions the runner uses (see fake_target.h).
 * Accepts target "model" (and "model:anything"); "native" is WT_EUNSUPPORTED as on Linux;
 * profiles default, strict and lenient; knobs C1, C2, C12; faults records-flip and
 * context-drop.  Anything else fails with a message, as the real target would.
 */
#include "fake_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const profiles[] = {"default", "strict", "lenient"};
static const char *const knobs[] = {"C1", "C2", "C12"};
static const char *const faults[] = {"records-flip", "context-drop"};
enum { NKNOBS = sizeof knobs / sizeof knobs[0], NFAULTS = sizeof faults / sizeof faults[0] };

struct wt_target {
    char profile[32];
    char knob[NKNOBS][32];
    int fault[NFAULTS];
};

static char last_error[256];

static int fail(int rc, const char *fmt, const char *what) {
    snprintf(last_error, sizeof last_error, fmt, what);
    return rc;
}

static int find(const char *const *list, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0) return (int)i;
    return -1;
}

int wt_open(const char *spec, wt_target **out) {
    if (strncmp(spec, "native", 6) == 0) return fail(WT_EUNSUPPORTED, "%s: the native target needs Windows", spec);
    if (strcmp(spec, "model") != 0 && strncmp(spec, "model:", 6) != 0)
        return fail(WT_EINVAL, "unknown target `%s`; use model or native[:CONFIG]", spec);
    wt_target *t = calloc(1, sizeof *t);
    if (!t) return WT_ENOMEM;
    strcpy(t->profile, "default");
    for (int i = 0; i < NKNOBS; i++) strcpy(t->knob[i], "a");
    *out = t;
    return WT_OK;
}

void wt_close(wt_target *t) { free(t); }
const char *wt_kind(const wt_target *t) { return "model"; }
const char *wt_error(void) { return last_error; }

/* The runner names the default profile by the target's first (reports, folder names). */
int wt_profile_count(void) { return 3; }
const char *wt_profile_name(int i) { return i >= 0 && i < 3 ? profiles[i] : NULL; }

int wt_set_profile(wt_target *t, const char *profile) {
    if (find(profiles, 3, profile) < 0) return fail(WT_EINVAL, "unknown profile `%s`", profile);
    snprintf(t->profile, sizeof t->profile, "%s", profile);
    for (int i = 0; i < NKNOBS; i++) strcpy(t->knob[i], strcmp(profile, "strict") == 0 ? "b" : "a");
    return WT_OK;
}

int wt_set_knob(wt_target *t, const char *knob, const char *value) {
    int k = find(knobs, NKNOBS, knob);
    if (k < 0) return fail(WT_EINVAL, "unknown knob `%s`", knob);
    if (strlen(value) != 1 || value[0] < 'a' || value[0] > 'd')
        return fail(WT_EINVAL, "knob value `%s` is not one of a, b, c, d", value);
    strcpy(t->knob[k], value);
    return WT_OK;
}

const char *wt_get_knob(const wt_target *t, const char *knob) {
    if (strcmp(knob, "profile") == 0) return t->profile;
    int k = find(knobs, NKNOBS, knob);
    return k < 0 ? NULL : t->knob[k];
}

int wt_set_fault(wt_target *t, const char *fault, int on) {
    int f = find(faults, NFAULTS, fault);
    if (f < 0) return fail(WT_EINVAL, "unknown fault `%s`", fault);
    t->fault[f] = on;
    return WT_OK;
}

int fake_fault_on(const wt_target *t, const char *name) {
    int f = find(faults, NFAULTS, name);
    return f >= 0 && t->fault[f];
}

/* The fake keeps no model heap: the runner's leak check does not apply (as on native). */
long wt_model_live_blocks(void) { return -1; }
long wt_model_held_at_close(char *buf, size_t cap) {
    if (buf && cap) buf[0] = 0;
    return -1;
}
long wt_model_findings_at_close(char *buf, size_t cap) {
    if (buf && cap) buf[0] = 0;
    return -1;
}
long wt_model_layered_calls(void) { return -1; }
/* The fake has no checker: nothing to report. */
int wt_findings(wt_target *t, char *buf, size_t cap) {
    (void)t;
    if (buf && cap) buf[0] = 0;
    return 0;
}

int wt_faults_consulted(unsigned long long *mask) {
    *mask = 0;
    return WT_EUNSUPPORTED; /* the fake has no fault catalogue to narrow */
}
