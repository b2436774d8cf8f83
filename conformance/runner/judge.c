/*
 * judge.c: the outcome rules.
 *
 *   1. The process did not end by itself in time                  -> TIMEOUT
 *   2. It died of a signal, exited non-zero, or ended before the
 *      case finished (no D, U or E line)                           -> CRASH (signal name, or
 *                                                                     the status and the first
 *                                                                     sanitizer line of output)
 *   3. The case called wc_unsupported, or the target could not
 *      be opened for it (WT_EUNSUPPORTED), and no check failed
 *      before that (a failed one goes on to the rules below)       -> UNSUPPORTED (reason)
 *   4. The target could not be set up (any other error)           -> FAIL, whatever the level
 *   5. A failed safety check (case.h wc_safety), at any level      -> FAIL
 *   6. Level MAY or IMPL                                           -> INFORMATIONAL (checks and
 *                                                                     observations are logged)
 *   7. Level MUST and not a single check                           -> FAIL (catalogue error)
 *   8. No failed check                                             -> PASS
 *   9. A failed check: MUST -> FAIL, SHOULD -> NON-STRICT
 *
 * Then the expectations file (expect.h): a waived case that ended as its waiver says (FAIL or
 * NON-STRICT for XFAIL, CRASH for XCRASH, TIMEOUT for XTIMEOUT; its report matching match=) is
 * XFAIL (the original outcome is kept in raw_outcome); a waived case that PASSed is XPASS
 * (the waiver is stale); INFORMATIONAL and UNSUPPORTED stay as they are.  A waived case that
 * ended another way, or whose report no longer matches, is a FAIL naming the stale waiver;
 * a case whose waiver has expired is a FAIL naming it, whatever it did.
 */
#include "judge.h"
#include "os.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *wc_signal_name(int sig, char *buf, size_t cap) {
    static const struct {
        int sig;
        const char *name;
    } names[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGFPE, "SIGFPE"},
        {SIGILL, "SIGILL"},   {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},
#ifdef SIGBUS
        {SIGBUS, "SIGBUS"},
#endif
#ifdef SIGKILL
        {SIGKILL, "SIGKILL"},
#endif
#ifdef SIGTRAP
        {SIGTRAP, "SIGTRAP"},
#endif
#ifdef SIGPIPE
        {SIGPIPE, "SIGPIPE"},
#endif
#ifdef SIGSYS
        {SIGSYS, "SIGSYS"},
#endif
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig) return names[i].name;
    snprintf(buf, cap, "signal %d", sig);
    return buf;
}

/* The first line of the output that names a sanitizer or runtime error, for the reason. */
static char *first_error_line(const char *out) {
    /* In order of preference: "==1==ERROR: AddressSanitizer: SEGV on unknown address" says
     * more than the "AddressSanitizer:DEADLYSIGNAL" line before it. */
    static const char *const keys[] = {"ERROR: ", "runtime error", "Sanitizer", "Assertion", "assert"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (const char *p = out; p && *p;) {
            size_t len = strcspn(p, "\n");
            const char *hit = strstr(p, keys[k]);
            if (hit && hit < p + len) return wr_strfmt("%.*s", (int)(len > 300 ? 300 : len), p);
            p += len + (p[len] == '\n');
        }
    return NULL;
}

static void set_reason(wr_case *c, char *reason) {
    free(c->reason);
    c->reason = reason;
}

static wc_outcome crash_or_none(wr_case *c, const wc_proto *p, const wc_exit *x, long timeout_ms) {
    char buf[32];
    switch (x->how) {
    case WC_TIMED_OUT:
        set_reason(c, wr_strfmt("no result after %.1f s; the case process was killed", (double)timeout_ms / 1000.0));
        return WC_TIMEOUT;
    case WC_SIGNALED:
        set_reason(c, wr_strfmt("the case process was killed by %s", wc_signal_name(x->code, buf, sizeof buf)));
        return WC_CRASH;
    case WC_SPAWN_FAILED:
        return WC_CRASH; /* the reason was set by the scheduler */
    case WC_EXITED:
        if (x->code != 0 || (!p->done && !p->unsupported && !p->setup_error)) {
            char *line = first_error_line(c->output);
            set_reason(c, wr_strfmt("the case process exited with status %d %s%s%s", x->code,
                                    p->done ? "after the case finished" : "before the case finished", line ? ": " : "",
                                    line ? line : ""));
            free(line);
            return WC_CRASH;
        }
        return WC_PASS;
    case WC_IN_PROCESS:
        return WC_PASS;
    }
    return WC_PASS;
}

/* Whether the text occurs anywhere in s: a glob with `*` around it. */
static int occurs(const char *text, const char *s) {
    char *glob = wr_strfmt("*%s*", text);
    int yes = wc_os_glob(glob, s);
    free(glob);
    return yes;
}

/* One failed check as the report shows it: where, what, expected and actual. */
static char *check_text(const wr_msg *m) {
    if (!m->expected) return wr_strfmt("%s:%d: %s", m->file ? m->file : "?", m->line, m->text);
    return wr_strfmt("%s:%d: %s\n  expected: %s\n  actual:   %s", m->file ? m->file : "?", m->line, m->text,
                     m->expected, m->actual ? m->actual : "");
}

/* Why the match= pins do not cover what the case reported, or NULL when they do: each pin
 * must occur in the report, and each failed check must hold one of the pins, so a waiver
 * written for one check never hides another. */
static char *unmatched(const wr_case *c, const wc_waiver *w, const char *report, const char *file) {
    for (size_t i = 0; i < w->nmatch; i++)
        if (!occurs(w->match[i], report))
            return wr_strfmt("stale waiver %s:%d (%s): \"%s\" no longer occurs in what the case reported", file,
                             w->line, w->text, w->match[i]);
    if (c->outcome != WC_FAIL && c->outcome != WC_NONSTRICT) return NULL;
    if ((size_t)c->failed_checks > c->nmsgs)
        return wr_strfmt("the waiver %s:%d (%s) cannot be shown to cover %zu failed checks whose text was not kept",
                         file, w->line, w->text, (size_t)c->failed_checks - c->nmsgs);
    for (size_t i = 0; i < c->nmsgs; i++) {
        char *one = check_text(&c->msgs[i]);
        size_t k = 0;
        while (k < w->nmatch && !occurs(w->match[k], one)) k++;
        char *why = k < w->nmatch
                        ? NULL
                        : wr_strfmt("the waiver %s:%d (%s) does not name the failed check %s:%d (%s)", file, w->line,
                                    w->text, c->msgs[i].file ? c->msgs[i].file : "?", c->msgs[i].line, c->msgs[i].text);
        free(one);
        if (why) return why;
    }
    return NULL;
}

void wc_judge_waive(wr_case *c, const wc_waiver *w) {
    c->raw_outcome = c->outcome;
    if (!w) return;
    /* what the case reported, for match=, before the waiver joins the detail */
    char *report = w->nmatch ? wr_case_detail(c) : NULL;
    free(c->waiver);
    c->waiver = wr_strdup(w->text);
    const char *file = w->file ? w->file : "the waiver list";
    if (w->expired) {
        /* an expiry date is a promise to fix: after it, whatever the case did, the run fails
         * until the waiver is renewed or removed */
        set_reason(c, wr_strfmt("%s%sthe waiver %s:%d expired on %s (%s); fix the case, or renew or remove the "
                                "waiver",
                                c->reason ? c->reason : "", c->reason ? "; " : "", file, w->line, w->expires, w->text));
        c->outcome = WC_FAIL;
        free(report);
        return;
    }
    /* A waiver pins the outcome it waives (expect.h): XFAIL a failed check, XCRASH a crash,
     * XTIMEOUT a hang, and with match= what the case said.  A case that ends another way is
     * not covered: a waiver written for an error code must never turn a new double free into
     * a pass. */
    switch (c->outcome) {
    case WC_FAIL:
    case WC_NONSTRICT:
    case WC_CRASH:
    case WC_TIMEOUT: {
        wc_outcome seen = c->outcome == WC_NONSTRICT ? WC_FAIL : c->outcome;
        char *why = NULL;
        if (seen != w->covers) {
            why = wr_strfmt("stale waiver %s:%d (%s) does not cover a %s", file, w->line, w->text,
                            wr_outcome_name(c->outcome));
        } else if (w->nmatch) {
            why = unmatched(c, w, report, file);
        }
        if (!why) {
            c->outcome = WC_XFAIL;
            break;
        }
        set_reason(c, wr_strfmt("%s%s%s", c->reason ? c->reason : "", c->reason ? "; " : "", why));
        free(why);
        if (c->outcome == WC_NONSTRICT) c->outcome = WC_FAIL; /* a stale waiver is a failure */
        break;
    }
    case WC_PASS:
        c->outcome = WC_XPASS;
        break;
    default:
        break;
    }
    free(report);
}

static wc_outcome verdict(wr_case *c, const wc_proto *p) {
    /* A case that cannot go on is UNSUPPORTED only if nothing failed before it stopped: a check
     * the target already failed is a finding, whatever the case could not do afterwards. */
    if (p->unsupported && !c->failed_checks) return WC_UNSUPPORTED;
    if (p->unsupported)
        set_reason(c, wr_strfmt("%d check(s) failed before the case stopped: %s", c->failed_checks,
                                c->reason ? c->reason : "?"));
    if (p->setup_error) {
        set_reason(c, wr_strfmt("target set-up failed: %s", c->reason ? c->reason : "?"));
        return WC_FAIL;
    }
    if (c->safety_failed) {
        /* levels relax the result code the documentation leaves open, never memory safety or
         * the completion bookkeeping (a write past a buffer in an IMPL case is still a bug) */
        if (c->level != WC_MUST)
            set_reason(c, wr_strfmt("%d safety check(s) failed in a %s case: safety checks hold at every level",
                                    c->safety_failed, c->level == WC_SHOULD ? "SHOULD" : "IMPL/MAY"));
        return WC_FAIL;
    }
    if (c->level == WC_MAY || c->level == WC_IMPL) return WC_INFORMATIONAL;
    if (c->level == WC_MUST && c->checks == 0) {
        set_reason(c, wr_strfmt("catalogue error: a MUST case ended without a single check"));
        return WC_FAIL;
    }
    if (!c->failed_checks) return WC_PASS;
    return c->level == WC_SHOULD ? WC_NONSTRICT : WC_FAIL;
}

void wc_judge(wr_case *c, const wc_proto *p, const wc_exit *x, long timeout_ms, const wc_waiver *waiver) {
    wc_outcome o = crash_or_none(c, p, x, timeout_ms);
    c->outcome = o == WC_PASS ? verdict(c, p) : o;
    wc_judge_waive(c, waiver);
}

/* ---- one alternative throughout ----
 * Where the documentation leaves a choice (a contradiction C<n>), a target may take any
 * documented alternative, but one: a stack that answers C1 (b) synchronously and (c) on a
 * completion port matches no page and no Windows build.  Cases observe the alternative they
 * saw as "C<n>.<mode>" = value; a port that cannot tell (b) from (c) observes "bc", which
 * agrees with either.  The most common value of each contradiction wins; every case that
 * showed another fails, naming both. */
int wc_alternatives_agree(const char *a, const char *b) {
    if (strcmp(a, b) == 0) return 1;
    if (strcmp(a, "bc") == 0) return strcmp(b, "b") == 0 || strcmp(b, "c") == 0;
    if (strcmp(b, "bc") == 0) return strcmp(a, "b") == 0 || strcmp(a, "c") == 0;
    return 0;
}

/* "C12.ov_iocp" -> 12; 0 for any other key. */
unsigned long wc_contradiction_of(const char *key) {
    if (key[0] != 'C' || key[1] < '0' || key[1] > '9') return 0;
    char *end;
    unsigned long n = strtoul(key + 1, &end, 10);
    return *end == '.' || !*end ? n : 0;
}

size_t wc_judge_consistency(wr_run *r, FILE *out) {
    size_t failed = 0;
    for (size_t i = 0; i < r->ncases; i++)
        for (size_t k = 0; k < r->cases[i].nobs; k++) {
            unsigned long cn = wc_contradiction_of(r->cases[i].obs[k].key);
            if (!cn) continue;
            /* the first case that observes cn does the work for all of them */
            int seen_before = 0;
            for (size_t j = 0; j < i && !seen_before; j++)
                for (size_t q = 0; q < r->cases[j].nobs; q++)
                    if (wc_contradiction_of(r->cases[j].obs[q].key) == cn) seen_before = 1;
            if (seen_before) continue;
            /* the value most cases agree with */
            const char *best = NULL;
            size_t best_n = 0;
            for (size_t a = i; a < r->ncases; a++)
                for (size_t x = 0; x < r->cases[a].nobs; x++) {
                    if (wc_contradiction_of(r->cases[a].obs[x].key) != cn) continue;
                    const char *v = r->cases[a].obs[x].value;
                    size_t n = 0;
                    for (size_t b = i; b < r->ncases; b++)
                        for (size_t y = 0; y < r->cases[b].nobs; y++)
                            if (wc_contradiction_of(r->cases[b].obs[y].key) == cn &&
                                wc_alternatives_agree(v, r->cases[b].obs[y].value))
                                n++;
                    if (n > best_n || (n == best_n && best && strcmp(best, "bc") == 0)) {
                        best = v;
                        best_n = n;
                    }
                }
            for (size_t a = i; a < r->ncases; a++) {
                wr_case *c = &r->cases[a];
                for (size_t x = 0; x < c->nobs; x++) {
                    if (wc_contradiction_of(c->obs[x].key) != cn || wc_alternatives_agree(c->obs[x].value, best))
                        continue;
                    char *text = wr_strfmt("mixed alternatives: %s = %s here, while %zu observation(s) showed %s; a "
                                           "target must show one documented alternative throughout (C%lu)",
                                           c->obs[x].key, c->obs[x].value, best_n, best, cn);
                    wr_case_msg(c, "(run)", 0, text, best, c->obs[x].value);
                    if (c->outcome != WC_FAIL && c->outcome != WC_CRASH && c->outcome != WC_TIMEOUT) {
                        c->raw_outcome = c->outcome = WC_FAIL;
                        set_reason(c, wr_strdup(text));
                        failed++;
                        if (out) fprintf(out, "FAIL          %s  (%s)\n", c->id, text);
                    }
                    free(text);
                    break;
                }
            }
        }
    return failed;
}
