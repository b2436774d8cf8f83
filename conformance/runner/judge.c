/*
 * judge.c: the outcome rules.
 *
 *   1. The process did not end by itself in time                  -> TIMEOUT
 *   2. It died of a signal, exited non-zero, or ended before the
 *      case finished (no D, U or E line)                           -> CRASH (signal name, or
 *                                                                     the status and the first
 *                                                                     sanitizer line of output)
 *   3. The case called wc_unsupported, or the target could not
 *      be opened for it (WT_EUNSUPPORTED)                          -> UNSUPPORTED (reason)
 *   4. The target could not be set up (any other error)           -> FAIL, whatever the level
 *   5. Level MAY or IMPL                                           -> INFORMATIONAL (checks and
 *                                                                     observations are logged,
 *                                                                     never a failure)
 *   6. No failed check                                             -> PASS
 *   7. A failed check: MUST -> FAIL, SHOULD -> NON-STRICT
 *
 * Then the expectations file: a waived case that ended FAIL, NON-STRICT, CRASH or TIMEOUT is
 * XFAIL (the original outcome is kept in raw_outcome); a waived case that PASSed is XPASS
 * (the waiver is stale); INFORMATIONAL and UNSUPPORTED stay as they are.
 */
#include "judge.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *wc_signal_name(int sig, char *buf, size_t cap)
{
    static const struct { int sig; const char *name; } names[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGFPE, "SIGFPE"}, {SIGILL, "SIGILL"},
        {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},
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
static char *first_error_line(const char *out)
{
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

static void set_reason(wr_case *c, char *reason)
{
    free(c->reason);
    c->reason = reason;
}

static wc_outcome crash_or_none(wr_case *c, const wc_proto *p, const wc_exit *x, long timeout_ms)
{
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
                                    p->done ? "after the case finished" : "before the case finished",
                                    line ? ": " : "", line ? line : ""));
            free(line);
            return WC_CRASH;
        }
        return WC_PASS;
    case WC_IN_PROCESS:
        return WC_PASS;
    }
    return WC_PASS;
}

void wc_judge_waive(wr_case *c, const char *waiver)
{
    c->raw_outcome = c->outcome;
    if (!waiver) return;
    free(c->waiver);
    c->waiver = wr_strdup(waiver);
    switch (c->outcome) {
    case WC_FAIL:
    case WC_NONSTRICT:
    case WC_CRASH:
    case WC_TIMEOUT:
        c->outcome = WC_XFAIL;
        break;
    case WC_PASS:
        c->outcome = WC_XPASS;
        break;
    default:
        break;
    }
}

static wc_outcome verdict(wr_case *c, const wc_proto *p)
{
    if (p->unsupported) return WC_UNSUPPORTED;
    if (p->setup_error) {
        set_reason(c, wr_strfmt("target set-up failed: %s", c->reason ? c->reason : "?"));
        return WC_FAIL;
    }
    if (c->level == WC_MAY || c->level == WC_IMPL) return WC_INFORMATIONAL;
    if (!c->failed_checks) return WC_PASS;
    return c->level == WC_SHOULD ? WC_NONSTRICT : WC_FAIL;
}

void wc_judge(wr_case *c, const wc_proto *p, const wc_exit *x, long timeout_ms, const char *waiver)
{
    wc_outcome o = crash_or_none(c, p, x, timeout_ms);
    c->outcome = o == WC_PASS ? verdict(c, p) : o;
    wc_judge_waive(c, waiver);
}
