/*
 * case.h: what a conformance case is, and the calls a case body uses to judge the target.
 *
 * A case is declared once in the catalogue (a table of wc_case).  The runner runs each case
 * in its own child process with a timeout, so a crash or a hang in one case is recorded as
 * CRASH or TIMEOUT and the run goes on (the libuv test-runner pattern).  Inside the child the
 * body calls wc_check()/wc_expect_*() like Wine's ok(); the runner turns those into one
 * outcome using the case's level:
 *
 *   MUST   a failed check  -> FAIL
 *   SHOULD a failed check  -> NON-STRICT
 *   MAY / IMPL             -> INFORMATIONAL (what was observed is logged)
 *   a failed wc_safety()   -> FAIL at every level
 *   MUST with no check     -> FAIL (a catalogue error: a case that checks nothing proves nothing)
 *
 * and applies the expectations file (waivers) to turn FAIL into XFAIL and PASS into XPASS.
 */
#ifndef WFPCERT_CONFORMANCE_CASE_H
#define WFPCERT_CONFORMANCE_CASE_H

#include <stddef.h>
#include "wfpcert/compat.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "wfpcert/outcome.h" /* wc_level, wc_outcome */

/* Call modes and entry points, for cases generated over the cross product. */
typedef enum { WC_SYNC, WC_OV_EVENT, WC_OV_APC, WC_OV_IOCP, WC_OV_GOR, WC_MODE_COUNT } wc_mode;
typedef enum { WC_WSAIOCTL, WC_WSPIOCTL, WC_ENTRY_COUNT } wc_entry;

typedef struct wc_ctx wc_ctx;
typedef void (*wc_fn)(wc_ctx *ctx);

typedef struct wc_case {
    const char *id; /* stable, e.g. "A34.qr.small.sync.wsa" */
    const char *clause; /* SEMANTICS id(s): "A34" or "A34,C1" */
    const char *anchor; /* seed section anchor: "#cboutbuffer", "#remarks", ... */
    wc_level level;
    const char *profiles; /* NULL: every profile; else comma list of profiles it applies to */
    const char *accepts; /* the outcomes it accepts, in words, for the report */
    wc_fn fn;
    int mode; /* wc_mode, or -1 when not a generated case */
    int entry; /* wc_entry, or -1 */
    const void *param; /* case-specific data */
} wc_case;

/* ---- inside a case body ---- */
wt_target *wc_target(wc_ctx *c);
const wc_case *wc_current(wc_ctx *c);
/* The reference the run is judged against ("windows", "docs-table", "docs-lpcb"; conform
 * --reference).  Cases take what they expect from it, never from the target under test: a
 * target's own knobs would let every stack pass by its own standard. */
const char *wc_reference(wc_ctx *c);
/* Opens another target the way the case's own was opened (target, profile, knobs, faults):
 * on the model another world, i.e. another kernel of the same build.  The case closes it
 * with wt_close before it ends.  WT_OK or the wt_open error (logged). */
int wc_open_another(wc_ctx *c, wt_target **out);
/* Records a check.  A false cond marks the case failed with the message (printf format). */
int wc_check_(wc_ctx *c, int cond, const char *file, int line, const char *fmt, ...) WFPCERT_PRINTF(5, 6);
#define wc_check(c, cond, ...) wc_check_((c), !!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Records a safety check: a write outside the caller's buffers, a failed call that changed a
 * caller's buffer, a double, missing or misdirected completion.  A failed safety check makes
 * the case FAIL whatever its level: levels relax what the documentation leaves open (a result
 * code), never memory safety or completion bookkeeping. */
int wc_safety_(wc_ctx *c, int cond, const char *file, int line, const char *fmt, ...) WFPCERT_PRINTF(5, 6);
#define wc_safety(c, cond, ...) wc_safety_((c), !!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Records a comparison; the report shows the expected and the actual value side by side.
 * `what` names the value (the macros pass the expression text). */
int wc_expect_int_(wc_ctx *c, long long actual, long long expected, const char *file, int line, const char *what);
#define wc_expect_int(c, actual, expected)                                                                             \
    wc_expect_int_((c), (long long)(actual), (long long)(expected), __FILE__, __LINE__, #actual)
int wc_expect_str_(wc_ctx *c, const char *actual, const char *expected, const char *file, int line, const char *what);
#define wc_expect_str(c, actual, expected) wc_expect_str_((c), (actual), (expected), __FILE__, __LINE__, #actual)
/* The target cannot run this case; the reason is reported. Ends the case (the runner
 * longjmps out of the body and closes the target, which frees everything the case made). */
_Noreturn void wc_unsupported(wc_ctx *c, const char *fmt, ...) WFPCERT_PRINTF(2, 3);
/* Logs an observation: key=value pairs feed the fingerprint (e.g. "C1.sync", "b"). */
void wc_observe(wc_ctx *c, const char *key, const char *fmt, ...) WFPCERT_PRINTF(3, 4);
void wc_log(wc_ctx *c, const char *fmt, ...) WFPCERT_PRINTF(2, 3);
/* Records the embedded model's own answer where no page and no Windows run decides, as the
 * observation "M.<name>" = value.  On the model with its test callout the runner fails any
 * value but the one runner/model_rules.c pins (docs/SPEC.md, "The embedded model is held to
 * more"), so the model cannot drift where nothing else holds it; elsewhere it is only reported. */
void wc_model_answer(wc_ctx *c, const char *name, const char *fmt, ...) WFPCERT_PRINTF(3, 4);
/* Whether the case runs on the embedded model: a probe that Windows would answer with an
 * access violation (a NULL pointer no page promises to check) runs only there. */
int wc_on_model(wc_ctx *c);

/* ---- the catalogue ---- */
size_t wc_catalogue_size(void);
const wc_case *wc_catalogue_get(size_t i);
/* Why the embedded model (with the suite's test callout) cannot run case id, or NULL when it
 * runs it.  The runner fails any other case that ends UNSUPPORTED there (runner/model_rules.c). */
const char *wc_catalogue_declined(const char *id);

#endif /* WFPCERT_CONFORMANCE_CASE_H */
