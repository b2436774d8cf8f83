/*
 * selftest_main.c: the runner's self-tests, run by ctest as `wfpcert_conform_selftest test
 * NAME EXPECT_FILE [DIR]` (one ctest entry per NAME), against selftest_catalogue.c and the
 * fake target.  `wfpcert_conform_selftest conform ARGS...` behaves like `wfpcert conform`, for
 * trying the runner by hand.
 *
 * This file includes no Winsock header (only the runner's own), so POSIX headers are fine.
 */
#define _XOPEN_SOURCE 700
#include "judge.h"
#include "model_rules.h"
#include "progress.h"
#include "protocol.h"
#include "runner.h"
#include "settings.h"
#include "wfpcert/testkit.h"

#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *expect_file;

/* ---- running wc_conform with captured streams ---- */

typedef struct result {
    int rc;
    char *out, *err;
    wr_run run;
} result;

static char *read_back(FILE *f) {
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)(n < 0 ? 0 : n) + 1);
    if (s && n > 0 && fread(s, 1, (size_t)n, f) != (size_t)n) s[0] = 0;
    fclose(f);
    return s;
}

/* conform(arg, ..., NULL) runs `wfpcert conform arg ...`. */
static result conform(const char *first, ...) {
    char *argv[64] = {"conform"};
    int argc = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *)) argv[argc++] = (char *)a;
    va_end(ap);
    result r;
    FILE *out = tmpfile(), *err = tmpfile();
    r.rc = wc_conform(argc, argv, out, err, &r.run);
    r.out = read_back(out);
    r.err = read_back(err);
    return r;
}

static void result_free(result *r) {
    free(r->out);
    free(r->err);
    wr_run_free(&r->run);
}

static const wr_case *find(const wr_run *r, const char *id) {
    for (size_t i = 0; i < r->ncases; i++)
        if (strcmp(r->cases[i].id, id) == 0) return &r->cases[i];
    fprintf(stderr, "case %s is not in the run\n", id);
    testkit_failures++;
    static wr_case none;
    return &none;
}

static const char *obs(const wr_case *c, const char *key) {
    for (size_t i = 0; i < c->nobs; i++)
        if (strcmp(c->obs[i].key, key) == 0) return c->obs[i].value;
    return NULL;
}

static int has_log(const wr_case *c, const char *text) {
    for (size_t i = 0; i < c->nlogs; i++)
        if (strcmp(c->logs[i], text) == 0) return 1;
    return 0;
}

#define EXPECT_OUTCOME(run, id, o)                                                                                     \
    testkit_expect_str_(__FILE__, __LINE__, id, wr_outcome_name(find(run, id)->outcome), wr_outcome_name(o))

/* ---- units: protocol, judge, progress, repro ---- */

static void collect(void *ud, const char *line, size_t len) { wc_proto_feed(ud, line, len); }

static void test_units(void) {
    wr_case c = {.id = "x", .level = WC_MUST};
    wc_proto p;
    wc_proto_init(&p, &c);
    const char *f[] = {"a\tb\\c\nd\re", "v"};
    wc_proto_emit(collect, &p, 'O', 2, f);
    wc_proto_emit(collect, &p, 'P', 0, NULL);
    const char *fl[] = {"f.c", "12", "text", "exp", "act"};
    wc_proto_emit(collect, &p, 'F', 5, fl);
    wc_proto_feed(&p, "plain output\n\x1ewc\tL\tsplit ", strlen("plain output\n\x1ewc\tL\tsplit "));
    wc_proto_feed(&p, "line\n\x1ewc\tZ\n", 11);
    wc_proto_feed(&p, "cut short", 9);
    wc_proto_finish(&p);
    EXPECT(c.nobs == 1);
    EXPECT_STR(c.obs[0].key, "a\tb\\c\nd\re");
    EXPECT(c.checks == 2 && c.failed_checks == 1);
    EXPECT(c.nmsgs == 1 && c.msgs[0].line == 12);
    EXPECT_STR(c.msgs[0].expected, "exp");
    EXPECT_STR(c.msgs[0].actual, "act");
    EXPECT(has_log(&c, "split line"));
    EXPECT_HAS(c.logs[c.nlogs - 1], "unknown protocol line kind 'Z'");
    EXPECT_STR(c.output, "plain output\ncut short");
    EXPECT(!p.done);

    /* judge: the rules of judge.c, one by one */
    static const struct {
        wc_level level;
        int failed, done, unsupported, setup;
        wc_exit x;
        const char *waiver;
        wc_outcome want;
    } rules[] = {
        {WC_MUST, 0, 1, 0, 0, {WC_EXITED, 0}, NULL, WC_PASS},
        {WC_MUST, 1, 1, 0, 0, {WC_EXITED, 0}, NULL, WC_FAIL},
        {WC_SHOULD, 1, 1, 0, 0, {WC_EXITED, 0}, NULL, WC_NONSTRICT},
        {WC_MAY, 1, 1, 0, 0, {WC_EXITED, 0}, NULL, WC_INFORMATIONAL},
        {WC_IMPL, 0, 1, 0, 0, {WC_EXITED, 0}, NULL, WC_INFORMATIONAL},
        {WC_MUST, 0, 1, 1, 0, {WC_EXITED, 0}, NULL, WC_UNSUPPORTED},
        {WC_MUST, 1, 1, 1, 0, {WC_EXITED, 0}, NULL, WC_FAIL}, /* a check failed before it stopped */
        {WC_MAY, 1, 1, 1, 0, {WC_EXITED, 0}, NULL, WC_INFORMATIONAL},
        {WC_SHOULD, 0, 0, 0, 1, {WC_EXITED, 0}, NULL, WC_FAIL},
        {WC_MUST, 0, 0, 0, 0, {WC_EXITED, 0}, NULL, WC_CRASH},
        {WC_MUST, 0, 1, 0, 0, {WC_EXITED, 1}, NULL, WC_CRASH},
        {WC_MAY, 0, 0, 0, 0, {WC_SIGNALED, 11}, NULL, WC_CRASH},
        {WC_MUST, 0, 0, 0, 0, {WC_TIMED_OUT, 0}, NULL, WC_TIMEOUT},
        {WC_MUST, 1, 1, 0, 0, {WC_EXITED, 0}, "w", WC_XFAIL},
        {WC_SHOULD, 1, 1, 0, 0, {WC_EXITED, 0}, "w", WC_XFAIL},
        {WC_MUST, 0, 0, 0, 0, {WC_TIMED_OUT, 0}, "w", WC_TIMEOUT}, /* XFAIL never covers a hang */
        {WC_MUST, 0, 0, 0, 0, {WC_TIMED_OUT, 0}, "XTIMEOUT: w", WC_XFAIL},
        {WC_MUST, 0, 0, 0, 0, {WC_SIGNALED, 11}, "XFAIL: w", WC_CRASH}, /* nor a crash */
        {WC_MUST, 0, 0, 0, 0, {WC_SIGNALED, 11}, "XCRASH: w", WC_XFAIL},
        {WC_MUST, 1, 1, 0, 0, {WC_EXITED, 0}, "XCRASH: w", WC_FAIL}, /* a crash waiver, a failure */
        {WC_SHOULD, 1, 1, 0, 0, {WC_EXITED, 0}, "XTIMEOUT: w", WC_FAIL},
        {WC_MUST, 0, 1, 0, 0, {WC_EXITED, 0}, "w", WC_XPASS},
        {WC_IMPL, 0, 1, 0, 0, {WC_EXITED, 0}, "w", WC_INFORMATIONAL},
        {WC_MUST, 0, 1, 1, 0, {WC_EXITED, 0}, "w", WC_UNSUPPORTED},
        {WC_MUST, 0, 0, 0, 0, {WC_IN_PROCESS, 0}, NULL, WC_PASS},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        wr_case k = {.id = "k", .level = rules[i].level, .checks = 1, .failed_checks = rules[i].failed};
        wc_proto q = {
            .c = &k, .done = rules[i].done, .unsupported = rules[i].unsupported, .setup_error = rules[i].setup};
        const char *ws = rules[i].waiver;
        wc_waiver wv = {.text = (char *)ws,
                        .line = 1,
                        .covers = !ws                           ? WC_FAIL
                                  : !strncmp(ws, "XCRASH", 6)   ? WC_CRASH
                                  : !strncmp(ws, "XTIMEOUT", 8) ? WC_TIMEOUT
                                                                : WC_FAIL};
        wc_judge(&k, &q, &rules[i].x, 2000, ws ? &wv : NULL);
        if (k.outcome != rules[i].want) {
            fprintf(stderr, "judge rule %zu: got %s, want %s\n", i, wr_outcome_name(k.outcome),
                    wr_outcome_name(rules[i].want));
            testkit_failures++;
        }
        if (rules[i].x.how == WC_SIGNALED) EXPECT_HAS(k.reason, "SIGSEGV");
        if (rules[i].waiver && k.outcome == WC_XFAIL) EXPECT(k.raw_outcome != WC_XFAIL);
        wr_case_free(&k);
    }
    /* safety checks hold at every level; a MUST case with no check is a catalogue error */
    static const struct {
        wc_level level;
        int checks, failed, safety;
        wc_outcome want;
    } safety[] = {
        {WC_IMPL, 2, 1, 1, WC_FAIL},   {WC_MAY, 2, 1, 1, WC_FAIL},           {WC_SHOULD, 2, 1, 1, WC_FAIL},
        {WC_MUST, 2, 1, 1, WC_FAIL},   {WC_IMPL, 2, 1, 0, WC_INFORMATIONAL}, {WC_MUST, 0, 0, 0, WC_FAIL},
        {WC_SHOULD, 0, 0, 0, WC_PASS}, {WC_IMPL, 0, 0, 0, WC_INFORMATIONAL},
    };
    for (size_t i = 0; i < sizeof safety / sizeof safety[0]; i++) {
        wr_case k = {.id = "k",
                     .level = safety[i].level,
                     .checks = safety[i].checks,
                     .failed_checks = safety[i].failed,
                     .safety_failed = safety[i].safety};
        wc_proto q = {.c = &k, .done = 1};
        wc_exit x = {WC_EXITED, 0};
        wc_judge(&k, &q, &x, 2000, NULL);
        if (k.outcome != safety[i].want) {
            fprintf(stderr, "safety rule %zu: got %s, want %s\n", i, wr_outcome_name(k.outcome),
                    wr_outcome_name(safety[i].want));
            testkit_failures++;
        }
        wr_case_free(&k);
    }
    /* one alternative per contradiction: the odd one out fails, "bc" agrees with b and c */
    {
        wr_case cs[4] = {{.id = "a", .level = WC_MUST, .outcome = WC_PASS},
                         {.id = "b", .level = WC_MUST, .outcome = WC_PASS},
                         {.id = "c", .level = WC_IMPL, .outcome = WC_INFORMATIONAL},
                         {.id = "d", .level = WC_MUST, .outcome = WC_PASS}};
        wr_case_observe(&cs[0], "C1.sync", "c");
        wr_case_observe(&cs[1], "C1.ov_iocp", "bc");
        wr_case_observe(&cs[2], "C1.ov_apc", "a");
        wr_case_observe(&cs[3], "C1.ov_event", "c");
        wr_case_observe(&cs[3], "A22.ov_event", "keep");
        wr_run run = {.cases = cs, .ncases = 4};
        size_t n = wc_judge_consistency(&run, NULL);
        EXPECT(n == 1);
        EXPECT(cs[0].outcome == WC_PASS && cs[1].outcome == WC_PASS && cs[3].outcome == WC_PASS);
        EXPECT(cs[2].outcome == WC_FAIL);
        EXPECT_HAS(cs[2].reason, "mixed alternatives: C1.ov_apc = a");
        for (int i = 0; i < 4; i++) wr_case_free(&cs[i]);
    }
    /* the embedded model shows its profile's alternative: C1 (b) throughout is consistent, and
     * still a FAIL under the windows profile, which selects (c) ("bc" agrees with it) */
    {
        wr_case cs[3] = {{.id = "a", .level = WC_MUST, .outcome = WC_PASS},
                         {.id = "b", .level = WC_MUST, .outcome = WC_PASS},
                         {.id = "c", .level = WC_MUST, .outcome = WC_PASS}};
        wr_case_observe(&cs[0], "C1.sync", "b");
        wr_case_observe(&cs[1], "C1.ov_event", "b");
        wr_case_observe(&cs[2], "C1.ov_iocp", "bc");
        wr_run run = {.cases = cs, .ncases = 3};
        EXPECT(wc_judge_consistency(&run, NULL) == 0);
        EXPECT(wc_model_judge_alternatives(&run, "strict", NULL) == 0); /* a profile that selects nothing */
        EXPECT(cs[0].outcome == WC_PASS);
        EXPECT(wc_model_judge_alternatives(&run, "windows", NULL) == 2);
        EXPECT(cs[0].outcome == WC_FAIL && cs[1].outcome == WC_FAIL && cs[2].outcome == WC_PASS);
        EXPECT_HAS(cs[0].reason, "profile windows selects C1 (c), and C1.sync = b");
        for (int i = 0; i < 3; i++) wr_case_free(&cs[i]);
    }
    /* the model's own answers: the pinned value passes, another or an unpinned name fails */
    {
        wr_case cs[3] = {{.id = "a", .level = WC_MUST, .outcome = WC_PASS},
                         {.id = "b", .level = WC_MUST, .outcome = WC_PASS},
                         {.id = "c", .level = WC_MUST, .outcome = WC_PASS}};
        wr_case_observe(&cs[0], "M.records.hops", "64 10055");
        wr_case_observe(&cs[1], "M.records.hops", "63 10055");
        wr_case_observe(&cs[2], "M.no-such-answer", "1");
        wr_run run = {.cases = cs, .ncases = 3};
        EXPECT(wc_model_judge_answers(&run, NULL) == 2);
        EXPECT(cs[0].outcome == WC_PASS && cs[1].outcome == WC_FAIL && cs[2].outcome == WC_FAIL);
        EXPECT_HAS(cs[1].reason, "M.records.hops is \"63 10055\" here, not the \"64 10055\"");
        EXPECT_HAS(cs[2].reason, "M.no-such-answer has no pinned answer");
        for (int i = 0; i < 3; i++) wr_case_free(&cs[i]);
    }

    /* progress: the TTY form rewrites one line; the plain form prints in order */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    wr_case cs[2] = {{.id = "one", .outcome = WC_PASS, .repro = "r1"},
                     {.id = "two", .outcome = WC_FAIL, .repro = "r2"}};
    wc_progress pg;
    wc_progress_begin(&pg, m, 1, cs, 2);
    wc_progress_case_done(&pg, 1);
    wc_progress_case_done(&pg, 0);
    wr_run r = {.cases = cs, .ncases = 2, .exit_status = 1};
    wr_run_count(&r);
    wc_progress_end(&pg, &r);
    fclose(m);
    EXPECT_HAS(buf, "\r\033[K[1/2] FAIL 1");
    EXPECT_HAS(buf, "\r\033[K[2/2] PASS 1 FAIL 1");
    EXPECT_HAS(buf, "reproduce: r2");
    EXPECT(!strstr(buf, "reproduce: r1"));
    free(buf);
    m = open_memstream(&buf, &len);
    wc_progress_begin(&pg, m, 0, cs, 2);
    wc_progress_case_done(&pg, 1);
    fflush(m);
    EXPECT(len == 0); /* two is done, one is not: nothing may be printed yet */
    wc_progress_case_done(&pg, 0);
    wc_progress_end(&pg, &r);
    fclose(m);
    EXPECT(strstr(buf, "one") && strstr(buf, "two") && strstr(buf, "one") < strstr(buf, "two"));
    EXPECT(!strchr(buf, '\r'));
    free(buf);
    wr_case_free(&c);
}

/* ---- whole runs ---- */

static void test_outcomes(void) {
    result r = conform("--plain", "--jobs", "4", "--timeout", "10", "--expect", expect_file, "--no-report", NULL);
    EXPECT(r.rc == 1);
    EXPECT(r.run.ncases == 15);
    EXPECT_OUTCOME(&r.run, "st.pass", WC_PASS);
    EXPECT_OUTCOME(&r.run, "st.fail", WC_FAIL);
    EXPECT_OUTCOME(&r.run, "st.should", WC_NONSTRICT);
    EXPECT_OUTCOME(&r.run, "st.impl", WC_INFORMATIONAL);
    EXPECT_OUTCOME(&r.run, "st.may", WC_INFORMATIONAL);
    EXPECT_OUTCOME(&r.run, "st.unsupported", WC_UNSUPPORTED);
    EXPECT_OUTCOME(&r.run, "st.fail-stopped", WC_FAIL);
    EXPECT_OUTCOME(&r.run, "st.crash", WC_CRASH);
    EXPECT_OUTCOME(&r.run, "st.hang", WC_TIMEOUT);
    EXPECT_OUTCOME(&r.run, "st.waived.fail", WC_XFAIL);
    EXPECT_OUTCOME(&r.run, "st.waived.pass", WC_XPASS);
    EXPECT_OUTCOME(&r.run, "st.knobs", WC_PASS);
    EXPECT_OUTCOME(&r.run, "st.strict-only", WC_UNSUPPORTED);
    EXPECT_OUTCOME(&r.run, "st.exit", WC_CRASH);
    EXPECT_OUTCOME(&r.run, "st.chatty", WC_PASS);

    const wr_case *c = find(&r.run, "st.pass");
    EXPECT(c->checks == 3 && c->failed_checks == 0);
    c = find(&r.run, "st.fail");
    EXPECT(c->checks == 2 && c->failed_checks == 1 && c->nmsgs == 1);
    EXPECT_STR(c->msgs[0].expected, "10022 (0x2726)");
    EXPECT_STR(c->msgs[0].actual, "10014 (0x271e)");
    EXPECT_STR(c->msgs[0].text, "10014");
    EXPECT_STR(obs(c, "C1.sync"), "c");
    EXPECT_STR(c->repro, "wfpcert conform --target model --run-one st.fail");
    c = find(&r.run, "st.unsupported");
    EXPECT_STR(c->reason, "needs a layered provider (LSP)");
    EXPECT(c->failed_checks == 0);
    c = find(&r.run, "st.crash");
    /* Plain: killed by SIGSEGV.  Under ASan the sanitizer reports "SEGV" and, with
     * abort_on_error, the process dies by SIGABRT or exits with a status. */
    EXPECT(c->reason && (strstr(c->reason, "SEGV") || strstr(c->reason, "SIGABRT") || strstr(c->reason, "status")));
    EXPECT(has_log(c, "about to crash"));
    c = find(&r.run, "st.hang");
    EXPECT(c->duration_us >= 9900000 && c->duration_us < 40000000);
    EXPECT_HAS(c->reason, "10.0 s");
    EXPECT(has_log(c, "about to hang"));
    c = find(&r.run, "st.exit");
    EXPECT_HAS(c->reason, "status 3 before the case finished");
    c = find(&r.run, "st.waived.fail");
    EXPECT(c->raw_outcome == WC_FAIL);
    EXPECT_HAS(c->waiver, "known failure");
    c = find(&r.run, "st.strict-only");
    EXPECT_HAS(c->reason, "strict,lenient");
    c = find(&r.run, "st.knobs");
    EXPECT_STR(obs(c, "C2.sync"), "a");
    EXPECT_STR(obs(c, "profile"), "default");
    EXPECT_STR(obs(c, "fault.records-flip"), "off");
    c = find(&r.run, "st.chatty");
    EXPECT(c->checks == 500);
    EXPECT_HAS(c->output, "stdout line\tof the case\n");
    EXPECT_HAS(c->output, "stderr line\n");
    EXPECT_HAS(c->output, "no newline at the end");
    EXPECT(has_log(c, "tab\there, newline\nhere, backslash \\ and \x1ewc\tfake marker"));
    EXPECT_STR(obs(c, "key with\ttab"), "value\nwith newline");

    size_t total = 0;
    for (int o = 0; o < WC_OUTCOME_COUNT; o++) total += r.run.counts[o];
    EXPECT(total == 15 && r.run.counts[WC_CRASH] == 2 && r.run.counts[WC_INFORMATIONAL] == 2);
    EXPECT_HAS(r.out, "FAIL          st.fail");
    EXPECT_HAS(r.out, "    reproduce: wfpcert conform --target model --run-one st.fail");
    EXPECT_HAS(r.out, "NOT conforming");
    result_free(&r);
}

/* The plain output without what legitimately differs between two runs: durations, and a
 * sanitizer's crash line (it holds a pid and addresses). */
static char *normalized(const char *s) {
    char *o = calloc(1, strlen(s) + 1), *w = o;
    for (const char *line = s; *line;) {
        size_t len = strcspn(line, "\n") + (line[strcspn(line, "\n")] == '\n');
        const char *open = strstr(line, "  ("), *close = open ? strstr(open, " ms)") : NULL;
        const char *sanitizer = strstr(line, "Sanitizer");
        if (sanitizer && sanitizer < line + len) {
            line += len; /* dropped */
            continue;
        }
        if (open && close && close < line + len) {
            memcpy(w, line, (size_t)(open - line));
            w += open - line;
            memcpy(w, close + 4, (size_t)(line + len - close - 4));
            w += line + len - close - 4;
        } else {
            memcpy(w, line, len);
            w += len;
        }
        line += len;
    }
    return o;
}

static void test_order(void) {
    result a = conform("--plain", "--jobs", "1", "--timeout", "10", "--expect", expect_file, "--no-report", NULL);
    result b = conform("--plain", "--jobs", "4", "--timeout", "10", "--expect", expect_file, "--no-report", NULL);
    EXPECT(a.run.ncases == 15 && b.run.ncases == 15);
    static const char *const order[] = {"st.pass",        "st.fail",        "st.should",      "st.impl",
                                        "st.may",         "st.unsupported", "st.crash",       "st.hang",
                                        "st.waived.fail", "st.waived.pass", "st.knobs",       "st.strict-only",
                                        "st.exit",        "st.chatty",      "st.fail-stopped"};
    for (size_t i = 0; i < 15 && i < a.run.ncases && i < b.run.ncases; i++) {
        EXPECT_STR(a.run.cases[i].id, order[i]);
        EXPECT_STR(b.run.cases[i].id, order[i]);
        EXPECT(a.run.cases[i].outcome == b.run.cases[i].outcome);
    }
    char *sa = normalized(a.out), *sb = normalized(b.out);
    EXPECT_STR(sa, sb);
    /* One process per case, and workers that retire after every third case, print the same. */
    result c = conform("--plain", "--jobs", "3", "--isolation", "fork", "--timeout", "10", "--expect", expect_file,
                       "--no-report", NULL);
    result d = conform("--plain", "--jobs", "2", "--worker-cases", "3", "--timeout", "10", "--expect", expect_file,
                       "--no-report", NULL);
    char *sc = normalized(c.out), *sd = normalized(d.out);
    EXPECT_STR(sa, sc);
    EXPECT_STR(sa, sd);
    free(sa);
    free(sb);
    free(sc);
    free(sd);
    result_free(&a);
    result_free(&b);
    result_free(&c);
    result_free(&d);
}

/* The ids --list prints for the filters, space-separated. */
static char *listed(const char *a1, const char *a2, const char *a3, const char *a4, int *rc) {
    result r = conform("--list", a1, a2, a3, a4, NULL);
    *rc = r.rc;
    char *ids = calloc(1, strlen(r.out) + 1), *w = ids;
    for (const char *p = r.out; *p;) {
        size_t n = strcspn(p, " \n");
        if (w != ids) *w++ = ' ';
        memcpy(w, p, n);
        w += n;
        p = strchr(p, '\n');
        p = p ? p + 1 : "";
    }
    result_free(&r);
    return ids;
}

static void expect_listed(const char *a1, const char *a2, const char *a3, const char *a4, const char *want) {
    int rc;
    char *got = listed(a1, a2, a3, a4, &rc);
    EXPECT(rc == 0);
    EXPECT_STR(got, want);
    free(got);
}

static void test_filters(void) {
    expect_listed("--id", "st.should", "--id", "st.pass", "st.pass st.should");
    expect_listed("--match", "st.w*", NULL, NULL, "st.waived.fail st.waived.pass");
    expect_listed("--level", "should", NULL, NULL, "st.should");
    expect_listed("--level", "MUST,should", "--match", "st.[ps]*", "st.pass st.should st.strict-only");
    expect_listed("--clause", "C1", NULL, NULL, "st.fail st.impl");
    expect_listed("--clause", "C*", NULL, NULL, "st.fail st.impl st.knobs");
    expect_listed("--clause", "A3?", "--level", "must", "st.fail st.unsupported st.crash");
    expect_listed("--level", "impl,may", NULL, NULL, "st.impl st.may");
    /* --exclude overrules every other filter, an --id too */
    expect_listed("--match", "st.w*", "--exclude", "*.pass", "st.waived.fail");

    result r = conform("--clause", "A34", "--level", "impl", NULL);
    EXPECT(r.rc == 2);
    EXPECT_HAS(r.err, "the filters select none of the 15 cases");
    result_free(&r);
    r = conform("--match", "zz*", NULL);
    EXPECT(r.rc == 2);
    result_free(&r);
    r = conform("--id", "st.pass", "--exclude", "st.pa*", NULL);
    EXPECT(r.rc == 2);
    EXPECT_HAS(r.err, "the filters select none of the 15 cases");
    result_free(&r);
    r = conform("--exclude", "*", NULL);
    EXPECT(r.rc == 2);
    EXPECT_HAS(r.err, "the filters select none of the 15 cases");
    result_free(&r);
    r = conform("--plain", "--no-report", "--id", "st.pass", "--id", "st.chatty", NULL);
    EXPECT(r.rc == 0 && r.run.ncases == 2);
    result_free(&r);
}

static void expect_rc(int want, const char *a1, const char *a2, const char *a3, const char *a4, const char *a5) {
    result r = conform("--plain", "--no-report", "--timeout", "10", a1, a2, a3, a4, a5, NULL);
    if (r.rc != want) {
        fprintf(stderr, "exit status %d, want %d for %s %s %s %s %s\n%s%s", r.rc, want, a1, a2 ? a2 : "", a3 ? a3 : "",
                a4 ? a4 : "", a5 ? a5 : "", r.out, r.err);
        testkit_failures++;
    }
    result_free(&r);
}

static void test_exit(void) {
    expect_rc(0, "--id", "st.pass", NULL, NULL, NULL);
    expect_rc(0, "--id", "st.should", NULL, NULL, NULL); /* NON-STRICT */
    expect_rc(0, "--id", "st.impl", "--id", "st.may", NULL); /* INFORMATIONAL */
    expect_rc(0, "--id", "st.unsupported", NULL, NULL, NULL); /* UNSUPPORTED */
    expect_rc(0, "--id", "st.strict-only", NULL, NULL, NULL); /* not this profile */
    expect_rc(0, "--id", "st.waived.fail", "--expect", expect_file, NULL); /* XFAIL */
    expect_rc(1, "--id", "st.waived.pass", "--expect", expect_file, NULL); /* XPASS */
    expect_rc(0, "--id", "st.waived.pass", "--expect", expect_file, "--xpass-ok");
    expect_rc(1, "--id", "st.fail", NULL, NULL, NULL);
    expect_rc(1, "--id", "st.crash", NULL, NULL, NULL);
    expect_rc(1, "--id", "st.exit", NULL, NULL, NULL);
    expect_rc(1, "--id", "st.hang", NULL, NULL, NULL);
    expect_rc(0, "--level", "should,may,impl", NULL, NULL, NULL);
    /* a case the catalogue does not list as declined (case.h wc_catalogue_declined) may not
     * end UNSUPPORTED on the embedded model: FAIL, naming the rule and the case's own reason */
    extern int st_declines_unlisted;
    st_declines_unlisted = 1;
    result r = conform("--plain", "--no-report", "--id", "st.unsupported", NULL);
    EXPECT(r.rc == 1);
    EXPECT_OUTCOME(&r.run, "st.unsupported", WC_FAIL);
    const wr_case *c = find(&r.run, "st.unsupported");
    EXPECT(c && c->reason && strstr(c->reason, "declined a case it runs") &&
           strstr(c->reason, "needs a layered provider (LSP)"));
    result_free(&r);
    /* a vendor's driver may decline more: the rule is off with one loaded */
    setenv("WFPCERT_CALLOUT", "/nonexistent/vendor.so", 1);
    expect_rc(0, "--id", "st.unsupported", NULL, NULL, NULL);
    unsetenv("WFPCERT_CALLOUT");
    st_declines_unlisted = 0;
}

static void expect_usage(const char *needle, const char *a1, const char *a2, const char *a3) {
    result r = conform(a1, a2, a3, NULL);
    if (r.rc != 2 || !strstr(r.err, needle) || r.run.ncases) {
        fprintf(stderr, "%s %s %s: exit %d, want 2 with [%s] in:\n%s\n", a1, a2 ? a2 : "", a3 ? a3 : "", r.rc, needle,
                r.err);
        testkit_failures++;
    }
    result_free(&r);
}

static void test_usage(void) {
    expect_usage("--jobs 0", "--jobs", "0", NULL);
    expect_usage("--jobs x", "--jobs", "x", NULL);
    expect_usage("--jobs needs a value", "--jobs", NULL, NULL);
    expect_usage("--level often", "--level", "often", NULL);
    expect_usage("--level must,often", "--level=must,often", NULL, NULL);
    expect_usage("--timeout -1", "--timeout", "-1", NULL);
    expect_usage("--timeout 2s", "--timeout", "2s", NULL);
    expect_usage("--target bogus: unknown target", "--target", "bogus", NULL);
    expect_usage("--target native: native: the native target needs Windows", "--target", "native", NULL);
    expect_usage("--profile nope: unknown profile", "--profile", "nope", NULL);
    expect_usage("--knob C1: expected NAME=VALUE", "--knob", "C1", NULL);
    expect_usage("--knob zz=a: unknown knob", "--knob", "zz=a", NULL);
    expect_usage("--knob C1=z: knob value", "--knob", "C1=z", NULL);
    expect_usage("--fault nope: unknown fault", "--fault", "nope", NULL);
    expect_usage("--frobnicate: unknown option", "--frobnicate", NULL, NULL);
    expect_usage("stray: unexpected argument", "stray", NULL, NULL);
    expect_usage("--id nope: no such case", "--id", "nope", NULL);
    expect_usage("--run-one nope: no such case", "--run-one", "nope", NULL);
    expect_usage("--protocol needs --run-one", "--protocol", NULL, NULL);
    expect_usage("--expect /nonexistent/waivers: No such file", "--expect", "/nonexistent/waivers", NULL);
    expect_usage("--plain takes no value", "--plain=yes", NULL, NULL);
    expect_usage("--out /tmp/x and --no-report", "--out", "/tmp/x", "--no-report");
    expect_usage("--target '': empty value", "--target", "", NULL);

    /* a catalogue with two cases of one id (selftest_catalogue.c) is refused, in every command */
    extern int st_duplicate_id;
    st_duplicate_id = 1;
    expect_usage("two cases with the id st.pass", "--no-report", NULL, NULL);
    expect_usage("two cases with the id st.pass", "--list", NULL, NULL);
    expect_usage("two cases with the id st.pass", "--run-one", "st.pass", NULL);
    st_duplicate_id = 0;

    result r = conform("--help", NULL);
    EXPECT(r.rc == 0);
    EXPECT_HAS(r.out, "--run-one ID");
    EXPECT_HAS(r.out, "Exit status");
    result_free(&r);
}

static void expect_bad_file(const char *content, const char *needle) {
    char path[] = "/tmp/wfpcert-expect-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(content, f);
    fclose(f);
    result r = conform("--expect", path, "--no-report", NULL);
    char where[128];
    snprintf(where, sizeof where, "%s:%s", path, needle);
    if (r.rc != 2 || !strstr(r.err, where)) {
        fprintf(stderr, "expectations [%s]: exit %d, want 2 with [%s] in:\n%s\n", content, r.rc, where, r.err);
        testkit_failures++;
    }
    result_free(&r);
    unlink(path);
}

static void test_expectations(void) {
    expect_bad_file("st.pass XFAIL\n", "1: the XFAIL entry for st.pass has no reason");
    expect_bad_file("st.pass XFAIL   \t \n", "1: the XFAIL entry for st.pass has no reason");
    expect_bad_file("# comment\n\nst.pass\n", "3: expected `ID XFAIL reason`");
    expect_bad_file("nope XFAIL a reason\n", "1: no case with id `nope` in the catalogue");
    expect_bad_file("st.pass XPASS a reason\n", "1: unknown expectation `XPASS` for st.pass; XFAIL");
    expect_bad_file("st.pass SKIP why\n", "1: unknown expectation `SKIP`");
    expect_bad_file("st.pass XFAIL a\n  st.pass XFAIL b\n", "2: st.pass is already waived on line 1");

    char path[] = "/tmp/wfpcert-expect-XXXXXX";
    FILE *f = fdopen(mkstemp(path), "w");
    fputs("  # indented comment\n\n st.pass   XFAIL   reason with # and spaces   \n", f);
    fclose(f);
    result r = conform("--expect", path, "--no-report", "--plain", "--id", "st.pass", NULL);
    EXPECT(r.rc == 1);
    EXPECT_OUTCOME(&r.run, "st.pass", WC_XPASS);
    EXPECT_STR(find(&r.run, "st.pass")->waiver, "XFAIL: reason with # and spaces");
    result_free(&r);
    unlink(path);
}

/* A waiver list holding content (n bytes), run over one case: the exit status, the outcome,
 * and a text the case's reason must hold ("@" stands for the file's path). */
static void waived(const char *content, size_t n, const char *id, int want_rc, wc_outcome want, const char *needle) {
    char path[] = "/tmp/wfpcert-expect-XXXXXX";
    FILE *f = fdopen(mkstemp(path), "w");
    fwrite(content, 1, n, f);
    fclose(f);
    result r = conform("--expect", path, "--no-report", "--plain", "--timeout", "10", "--id", id, NULL);
    char want_text[256] = "";
    if (needle) {
        const char *at = strchr(needle, '@');
        if (at)
            snprintf(want_text, sizeof want_text, "%.*s%s%s", (int)(at - needle), needle, path, at + 1);
        else
            snprintf(want_text, sizeof want_text, "%s", needle);
    }
    const wr_case *c = r.run.ncases ? find(&r.run, id) : NULL;
    if (r.rc != want_rc || (want_rc != 2 && (!c || c->outcome != want)) ||
        (needle && want_rc != 2 && (!c || !c->reason || !strstr(c->reason, want_text))) ||
        (needle && want_rc == 2 && !strstr(r.err, want_text))) {
        fprintf(stderr, "waiver list [%.*s] over %s: exit %d (want %d), outcome %s (want %s), want [%s] in:\n%s\n%s\n",
                (int)n, content, id, r.rc, want_rc, c ? wr_outcome_name(c->outcome) : "-", wr_outcome_name(want),
                want_text, c && c->reason ? c->reason : "(no reason)", r.err);
        testkit_failures++;
    }
    result_free(&r);
    unlink(path);
}
#define WAIVED(text, id, rc, want, needle) waived(text, sizeof text - 1, id, rc, want, needle)

static void test_waiver_pins(void) {
    /* a NUL byte anywhere, also at the start of a line, is not a waiver list */
    WAIVED("st.pass XFAIL a\n\0st.fail XFAIL b\n", "st.fail", 2, WC_FAIL, "@:2: a NUL byte");
    WAIVED("st.fail XFAIL a\nst.pass XFAIL b\0", "st.fail", 2, WC_FAIL, "@:2: a NUL byte");
    /* the message pattern: held while the report matches it, a FAIL naming the waiver after */
    WAIVED("st.fail XFAIL match=10014 known\n", "st.fail", 0, WC_XFAIL, NULL);
    WAIVED("st.fail XFAIL match=\"*expected: 10022 (0x2726)*\" known\n", "st.fail", 0, WC_XFAIL, NULL);
    WAIVED("st.fail XFAIL match=*WSAEFAULT* known\n", "st.fail", 1, WC_FAIL, "stale waiver @:1");
    WAIVED("st.fail XFAIL match=\"*WSAEFAULT*\" known\n", "st.fail", 1, WC_FAIL, "no longer occurs");
    /* st.should fails two checks: waived only when the pins name both, and each pin occurs */
    WAIVED("st.should XFAIL match=\"not preset\" known\n", "st.should", 1, WC_FAIL, "(the second failure: size 8)");
    WAIVED("st.should XFAIL match=\"not preset\" match=\"second failure\" known\n", "st.should", 0, WC_XFAIL, NULL);
    WAIVED("st.should XFAIL match=*size* known\n", "st.should", 0, WC_XFAIL, NULL);
    WAIVED("st.should XFAIL match=*failure* known\n", "st.should", 1, WC_FAIL, "does not name the failed check");
    WAIVED("st.should XFAIL match=preset match=size match=gone known\n", "st.should", 1, WC_FAIL,
           "\"gone\" no longer occurs");
    /* expires=: a FAIL naming the expired waiver after the day, a waiver until then */
    WAIVED("st.fail XFAIL expires=2000-01-01 old\n", "st.fail", 1, WC_FAIL, "@:1 expired on 2000-01-01");
    WAIVED("st.pass XFAIL expires=2000-01-01 old\n", "st.pass", 1, WC_FAIL, "@:1 expired on 2000-01-01");
    WAIVED("st.fail XFAIL expires=2999-12-31 match=10014 new\n", "st.fail", 0, WC_XFAIL, NULL);
    WAIVED("st.fail XFAIL expires=2027-13-01 x\n", "st.fail", 2, WC_FAIL, "@:1: expires=2027-13-01");
    WAIVED("st.fail XFAIL expires=2027-02-30 x\n", "st.fail", 2, WC_FAIL, "@:1: expires=2027-02-30");
    WAIVED("st.fail XFAIL match=\"open x\n", "st.fail", 2, WC_FAIL, "@:1: match=\"open x: no closing");
    WAIVED("st.fail XFAIL match=10014\n", "st.fail", 2, WC_FAIL, "@:1: the XFAIL entry for st.fail has no reason");
    /* a waiver that no longer fits the way the case ends names itself as stale; a crash or
     * a hang is never covered by a waiver for a failed check */
    WAIVED("st.crash XFAIL w\n", "st.crash", 1, WC_CRASH, "stale waiver @:1");
    WAIVED("st.fail XCRASH w\n", "st.fail", 1, WC_FAIL, "stale waiver @:1 (XCRASH: w) does not cover a FAIL");
    WAIVED("st.should XTIMEOUT w\n", "st.should", 1, WC_FAIL, "stale waiver @:1");
}
/* --run-one with up to three more arguments: the exit status and a text of the output. */
static void run_one(int want_rc, const char *needle, const char *id, const char *a1, const char *a2, const char *a3) {
    result r = conform("--run-one", id, a1, a2, a3, NULL);
    if (r.rc != want_rc) {
        fprintf(stderr, "--run-one %s: exit %d, want %d\n", id, r.rc, want_rc);
        testkit_failures++;
    }
    EXPECT_HAS(r.out, needle);
    result_free(&r);
}

static void test_run_one(void) {
    run_one(0, "PASS          st.pass", "st.pass", NULL, NULL, NULL);
    run_one(0, "checks: 3, failed: 0", "st.pass", NULL, NULL, NULL);
    run_one(1, "expected: 10022 (0x2726)\n      actual:   10014 (0x271e)", "st.fail", NULL, NULL, NULL);
    run_one(1, "observed C1.sync=c", "st.fail", NULL, NULL, NULL);
    run_one(0, "UNSUPPORTED   st.unsupported", "st.unsupported", NULL, NULL, NULL);
    run_one(0, "applies to profiles strict,lenient, not default", "st.strict-only", NULL, NULL, NULL);
    run_one(0, "PASS          st.strict-only", "st.strict-only", "--profile", "strict", NULL);
    run_one(1, "XPASS", "st.waived.pass", "--expect", expect_file, NULL);
    run_one(0, "\x1ewc\tO\tC1.sync\tc\n", "st.fail", "--protocol", NULL, NULL);
    run_one(0, "\x1ewc\tF\t", "st.fail", "--protocol", NULL, NULL);
    run_one(0, "\x1ewc\tD\n", "st.fail", "--protocol", NULL, NULL);
}

static void test_knobs(void) {
    result r = conform("--plain", "--no-report", "--profile", "strict", "--knob", "C2=b", "--knob=C2=c", "--fault",
                       "records-flip", "--id", "st.knobs", "--id", "st.strict-only", NULL);
    EXPECT(r.rc == 0);
    const wr_case *c = find(&r.run, "st.knobs");
    EXPECT_STR(obs(c, "C2.sync"), "c");
    EXPECT_STR(obs(c, "profile"), "strict");
    EXPECT_STR(obs(c, "fault.records-flip"), "on");
    EXPECT_STR(c->repro, "wfpcert conform --target model --profile strict --knob C2=c --fault records-flip "
                         "--run-one st.knobs");
    EXPECT_OUTCOME(&r.run, "st.strict-only", WC_PASS);
    EXPECT_STR(r.run.profile, "strict");
    EXPECT(r.run.nknobs == 1 && r.run.nfaults == 1);
    result_free(&r);
    r = conform("--plain", "--no-report", "--target", "model:it's mine", "--id", "st.pass", NULL);
    EXPECT(r.rc == 0);
    EXPECT_STR(find(&r.run, "st.pass")->repro, "wfpcert conform --target 'model:it'\\''s mine' --run-one st.pass");
    result_free(&r);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static void test_report_run(const char *dir) {
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    result r = conform("--plain", "--timeout", "10", "--expect", expect_file, "--out", dir, NULL);
    EXPECT(r.rc == 1);
    char want[4200];
    snprintf(want, sizeof want, "report: %s/report.html", dir);
    EXPECT_HAS(r.out, want);
    result_free(&r);

    char root[] = "/tmp/wfpcert-root-XXXXXX", link[4200], target[4200];
    EXPECT(mkdtemp(root) != NULL);
    r = conform("--plain", "--reports", root, "--id", "st.pass", NULL);
    EXPECT(r.rc == 0);
    snprintf(link, sizeof link, "%s/latest", root);
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n < 0 ? 0 : n] = 0;
    EXPECT(strncmp(target, "runs/", 5) == 0 && strstr(target, "-model-default"));
    EXPECT_HAS(r.out, target);
    result_free(&r);
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- an interrupted run and its resumption ---- */

static int count_lines(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int n = 0, ch;
    while ((ch = fgetc(f)) != EOF) n += ch == '\n';
    fclose(f);
    return n;
}

static int file_has(const char *path, const char *text) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    char *s = read_back(f);
    int has = s && strstr(s, text) != NULL;
    free(s);
    return has;
}

/* The one folder under runs/ whose name holds (or, with want 0, lacks) ".partial-" and that is
 * not skip; "" when none. */
static void run_folder(const char *root, const char *skip, int partial, char *out, size_t cap) {
    char runs[4200];
    snprintf(runs, sizeof runs, "%s/runs", root);
    out[0] = 0;
    DIR *d = opendir(runs);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && !!strstr(e->d_name, ".partial-") == partial && (!skip || strcmp(e->d_name, skip)))
            snprintf(out, cap, "%s/%s", runs, e->d_name);
    if (d) closedir(d);
}

/* Ctrl-C in the middle of a run (SIGINT to the runner and its case processes, as a terminal
 * sends it): the finished cases are written as a run marked interrupted, without COMPLETE,
 * latest stays where it was, and the exit status is 130; --resume then runs the rest and ends
 * with the verdict of a full run. */
static void test_interrupt_resume(const char *root) {
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    result r = conform("--plain", "--reports", root, "--id", "st.pass", NULL);
    EXPECT(r.rc == 0);
    result_free(&r);
    char link[4200], before[4200], after[4200], dir[4200], partial[4200], path[4400];
    snprintf(link, sizeof link, "%s/latest", root);
    ssize_t n = readlink(link, before, sizeof before - 1);
    before[n < 0 ? 0 : n] = 0;
    EXPECT(n > 0);

    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0); /* a process group of its own, like a job in a shell */
        if (!freopen("/dev/null", "w", stdout)) _exit(99);
        char *argv[] = {"conform",   "--plain", "--reports", (char *)root,        "--jobs", "1", "--isolation", "fork",
                        "--timeout", "10",      "--expect",  (char *)expect_file, NULL};
        _exit(wc_conform_main(12, argv));
    }
    setpgid(pid, pid);
    /* wait until the seven cases before st.hang are in results.jsonl (after its head line) */
    int lines = -1;
    for (int tries = 0; tries < 1200 && lines < 8; tries++) {
        run_folder(root, NULL, 1, partial, sizeof partial);
        snprintf(path, sizeof path, "%s/results.jsonl", partial);
        lines = partial[0] ? count_lines(path) : -1;
        if (lines < 8) nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    EXPECT(lines >= 8);
    kill(-pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 130) {
        fprintf(stderr, "interrupted run: status 0x%x, want exit 130\n", status);
        testkit_failures++;
    }
    const char *leaf = strrchr(before, '/');
    run_folder(root, leaf ? leaf + 1 : before, 0, dir, sizeof dir);
    EXPECT(dir[0] != 0);
    run_folder(root, NULL, 1, partial, sizeof partial);
    EXPECT(partial[0] == 0); /* renamed into place */
    snprintf(path, sizeof path, "%s/COMPLETE", dir);
    EXPECT(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/results.json", dir);
    EXPECT(file_has(path, "\"interrupted\": true"));
    EXPECT(file_has(path, "\"exit_status\": 130"));
    EXPECT(file_has(path, "\"id\": \"st.crash\""));
    EXPECT(!file_has(path, "\"id\": \"st.hang\""));
    snprintf(path, sizeof path, "%s/junit.xml", dir);
    EXPECT(file_has(path, "run.interrupted"));
    snprintf(path, sizeof path, "%s/report.html", dir);
    EXPECT(file_has(path, ">INTERRUPTED</span>"));
    n = readlink(link, after, sizeof after - 1);
    after[n < 0 ? 0 : n] = 0;
    EXPECT_STR(after, before);

    /* resumed: only the rest runs, and the verdict is that of a full run */
    result res = conform("--resume", dir, "--plain", NULL);
    EXPECT_HAS(res.out, "7 of 15 cases were recorded, 8 to run");
    result full = conform("--plain", "--jobs", "1", "--isolation", "fork", "--timeout", "10", "--expect", expect_file,
                          "--no-report", NULL);
    EXPECT(res.rc == full.rc && full.rc == 1);
    EXPECT(res.run.ncases == full.run.ncases && full.run.ncases == 15);
    for (size_t i = 0; i < res.run.ncases && i < full.run.ncases; i++) {
        EXPECT_STR(res.run.cases[i].id, full.run.cases[i].id);
        EXPECT_STR(wr_outcome_name(res.run.cases[i].outcome), wr_outcome_name(full.run.cases[i].outcome));
    }
    EXPECT(!res.run.interrupted);
    snprintf(path, sizeof path, "%s/COMPLETE", dir);
    EXPECT(access(path, F_OK) == 0);
    snprintf(path, sizeof path, "%s/results.json", dir);
    EXPECT(file_has(path, "\"interrupted\": false"));
    n = readlink(link, after, sizeof after - 1);
    after[n < 0 ? 0 : n] = 0;
    EXPECT(strstr(dir, after) != NULL); /* latest moved to the completed run */
    result_free(&res);
    result_free(&full);

    /* a complete run is not resumed, and a resumed run keeps its options */
    r = conform("--resume", dir, NULL);
    EXPECT(r.rc == 2 && strstr(r.err, "the run is complete"));
    result_free(&r);
    r = conform("--resume", dir, "--strict", NULL);
    EXPECT(r.rc == 2 && strstr(r.err, "keeps the options it was started with"));
    result_free(&r);
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "conform") == 0) return wc_conform_main(argc - 1, argv + 1);
    if (argc < 4 || strcmp(argv[1], "test") != 0) {
        fprintf(stderr, "usage: %s test NAME EXPECT_FILE [DIR] | conform ARGS...\n", argv[0]);
        return 2;
    }
    expect_file = argv[3];
    const char *name = argv[2];
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"units", test_units},
        {"outcomes", test_outcomes},
        {"order", test_order},
        {"filters", test_filters},
        {"exit", test_exit},
        {"usage", test_usage},
        {"expectations", test_expectations},
        {"waiver_pins", test_waiver_pins},
        {"run_one", test_run_one},
        {"knobs", test_knobs},
    };
    int ran = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        if (strcmp(tests[i].name, name) == 0) tests[i].fn(), ran = 1;
    if (strcmp(name, "report_run") == 0 && argc == 5) test_report_run(argv[4]), ran = 1;
    if (strcmp(name, "interrupt_resume") == 0 && argc == 5) test_interrupt_resume(argv[4]), ran = 1;
    if (!ran) {
        fprintf(stderr, "unknown test %s\n", name);
        return 2;
    }
    if (testkit_failures)
        fprintf(stderr, "%s: %d failure(s)\n", name, testkit_failures);
    else
        printf("%s: ok\n", name);
    return testkit_failures ? 1 : 0;
}
