/*
 * selftest.c: `wfpcert selftest`: the suite proves its strength on the model.
 *
 *   --faults       runs the catalogue with each catalogued fault switched on; every fault
 *                  must make the run fail and name at least one clause it broke.  Each fault
 *                  runs over the cases that can observe it: those whose target looked at the
 *                  fault in a fault-free run (wt_faults_consulted); with --full over every
 *                  case, checking that no case outside that set broke.  Writes the table
 *                  fault -> clauses as an HTML page and as Markdown.
 *   --fingerprint  runs the catalogue under each documented-alternative profile and checks
 *                  that the fingerprint (which alternative of C1, C2, C4, C12 the target
 *                  showed) follows the profile.
 *
 *   --isolation    the catalogue with worker processes against one process per case
 *                  (selftest_isolation.c): every case must be decided the same.
 *
 * All go through wc_conform exactly as `wfpcert conform` does, so what is proved here is
 * what a user's run would see.
 */
#define _POSIX_C_SOURCE 200809L
#include "commands.h"
#include "runner.h"
#include "model_rules.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "wfpcert/compat.h"
#include "writer.h"
#include "wsys.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <unistd.h> /* execv */
#endif

static int run_conform(const char *const *args, int nargs, const char *jobs, wr_run *run) {
    char *argv[16];
    int argc = 0;
    argv[argc++] = "conform";
    for (int i = 0; i < nargs; i++) argv[argc++] = (char *)args[i];
    argv[argc++] = "--no-report";
    argv[argc++] = "--jobs";
    argv[argc++] = (char *)jobs;
    argv[argc] = NULL;
    FILE *quiet = fopen("/dev/null", "w");
    memset(run, 0, sizeof *run);
    int rc = wc_conform(argc, argv, quiet ? quiet : stdout, stderr, run);
    if (quiet) fclose(quiet);
    return rc;
}

static bool breaks(wc_outcome o) { return o == WC_FAIL || o == WC_NONSTRICT || o == WC_CRASH || o == WC_TIMEOUT; }

/* Adds each id of a clause list ("A34,C1") to out unless it is there already. */
static void add_ids(const char *clause, char *out, size_t cap) {
    char ids[128];
    snprintf(ids, sizeof ids, "%s", clause);
    for (char *save = NULL, *id = wsys_strtok(ids, ",", &save); id; id = wsys_strtok(NULL, ",", &save)) {
        size_t used = strlen(out), n = strlen(id);
        bool seen = false;
        for (const char *p = strstr(out, id); p && !seen; p = strstr(p + 1, id))
            seen = (p == out || p[-1] == ',') && (p[n] == 0 || p[n] == ',');
        if (!seen && used + n + 2 < cap) snprintf(out + used, cap - used, "%s%s", used ? "," : "", id);
    }
}

/* How many cases a run broke; their distinct clause ids go to out. */
static size_t broken_clauses(const wr_run *r, char *out, size_t cap) {
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        const wr_case *c = &r->cases[i];
        if (!breaks(c->outcome) || !c->clause) continue;
        n++;
        add_ids(c->clause, out, cap);
    }
    return n;
}

/* Runs `conform --fault NAME` (with the flags of the fault table) over the cases in `ids`
 * (all when ids is NULL). */
static int run_fault(const char *fault, char **ids, size_t nids, const char *jobs, wr_run *run) {
    char **argv = malloc((2 * nids + 16) * sizeof *argv);
    if (!argv) abort();
    int argc = 0;
    argv[argc++] = "conform";
    argv[argc++] = "--fault";
    argv[argc++] = (char *)fault; /* plain certify: --strict is no escape for a fault */
    for (size_t i = 0; i < nids; i++) {
        argv[argc++] = "--id";
        argv[argc++] = ids[i];
    }
    argv[argc++] = "--no-report";
    argv[argc++] = "--jobs";
    argv[argc++] = (char *)jobs;
    argv[argc] = NULL;
    FILE *quiet = fopen("/dev/null", "w");
    memset(run, 0, sizeof *run);
    int rc = wc_conform(argc, argv, quiet ? quiet : stdout, stderr, run);
    if (quiet) fclose(quiet);
    free(argv);
    return rc;
}

/* The cases of the fault-free run `base` that can observe fault f: those whose target looked
 * at f (wt_faults_consulted), and every case whose target could not say.  A case that never
 * looked at f runs the same steps with f on, so leaving it out changes no verdict; --full
 * runs every case anyway and checks that. */
static size_t observers(const wr_run *base, int f, char **ids) {
    size_t n = 0;
    for (size_t i = 0; i < base->ncases; i++) {
        const wr_case *c = &base->cases[i];
        if (c->outcome == WC_UNSUPPORTED && !c->faults_known) continue; /* did not run (profile) */
        if (!c->faults_known || (c->faults_consulted >> f & 1)) ids[n++] = (char *)c->id;
    }
    return n;
}

static int faults(const char *jobs, const char *html, const char *md, bool full) {
    wr_run base;
    int rc = run_conform(NULL, 0, jobs, &base);
    if (rc != 0) {
        wr_run_free(&base);
        fprintf(stderr, "wfpcert selftest: the model without faults does not conform (exit %d)\n", rc);
        return 1;
    }
    char **ids = malloc((base.ncases ? base.ncases : 1) * sizeof *ids);
    if (!ids) abort();
    FILE *h = html ? fopen(html, "w") : NULL;
    FILE *m = md ? fopen(md, "w") : NULL;
    if ((html && !h) || (md && !m)) {
        fprintf(stderr, "wfpcert selftest: cannot write %s\n", html && !h ? html : md);
        if (h) fclose(h);
        if (m) fclose(m);
        free(ids);
        wr_run_free(&base);
        return 2;
    }
    if (h)
        fputs(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>wfpcert fault self-test</title>"
            "<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}"
            "table{border-collapse:collapse}.miss{background:#fdd}</style></head><body>"
            "<h1>wfpcert: every catalogued fault against the conformance catalogue</h1>"
            "<p>A fault is caught when the run with it switched on fails: <b>certify</b> when a MUST case "
            "fails or crashes; a fault only SHOULD cases notice is missed.</p>"
            "<table><tr><th>fault</th><th>what a correct suite must notice</th><th>caught by</th><th>cases broken</th>"
            "<th>clauses that caught it</th></tr>\n",
            h);
    if (m) fputs("| fault | caught by | cases broken | clauses that caught it |\n| --- | --- | --- | --- |\n", m);
    int missed = 0, unsound = 0;
    size_t runs = 0;
    for (int f = 0; f < wt_fault_count(); f++) {
        size_t nids = observers(&base, f, ids);
        wr_run r;
        int frc = nids || full ? run_fault(wt_fault_name(f), ids, full ? 0 : nids, jobs, &r) : 0;
        if (!nids && !full) memset(&r, 0, sizeof r); /* no case can see it: missed */
        runs += full ? base.ncases : nids;
        /* With --full: a case that broke but was left out of the observers would have been
         * missed by the narrowed run. */
        for (size_t i = 0; full && i < r.ncases; i++) {
            const wr_case *c = &r.cases[i];
            bool in = false;
            for (size_t k = 0; k < nids && !in; k++) in = !strcmp(ids[k], c->id);
            if (breaks(c->outcome) && !in) {
                printf("%-28s UNSOUND: %s broke (%s) but never looked at the fault\n", wt_fault_name(f), c->id,
                       wr_outcome_name(c->outcome));
                unsound++;
            }
        }
        bool must = false;
        for (size_t i = 0; i < r.ncases; i++)
            must |= r.cases[i].outcome == WC_FAIL || r.cases[i].outcome == WC_CRASH || r.cases[i].outcome == WC_TIMEOUT;
        char clauses[4096];
        size_t n = broken_clauses(&r, clauses, sizeof clauses);
        bool caught = frc == 1 && n > 0 && must; /* NON-STRICT alone does not fail plain certify */
        missed += !caught;
        const char *by = caught ? "certify" : n > 0 ? "MISSED (SHOULD only)" : "MISSED";
        printf("%-28s %-16s %4zu cases broken of %4zu run in %5.1f s  %s\n", wt_fault_name(f), by, n,
               full ? base.ncases : nids, (double)r.duration_us / 1e6, clauses);
        if (m) fprintf(m, "| %s | %s | %zu | %s |\n", wt_fault_name(f), by, n, caught ? clauses : "**missed**");
        if (h) {
            fprintf(h, "<tr%s><td>", caught ? "" : " class=\"miss\"");
            wr_escape(h, WR_MARKUP, wt_fault_name(f));
            fputs("</td><td>", h);
            wr_escape(h, WR_MARKUP, wt_fault_doc(f));
            fprintf(h, "</td><td>%s</td><td>%zu</td><td>", by, n);
            wr_escape(h, WR_MARKUP, caught ? clauses : "MISSED");
            fputs("</td></tr>\n", h);
        }
        wr_run_free(&r);
    }
    if (h) {
        fputs("</table></body></html>\n", h);
        fclose(h);
    }
    if (m) fclose(m);
    printf("%d faults, %d missed; %zu case runs (%s)\n", wt_fault_count(), missed, runs,
           full ? "every case for every fault" : "each fault over the cases that look at it");
    if (full) printf("%d cases broke outside their fault's observers\n", unsound);
    free(ids);
    wr_run_free(&base);
    return missed || unsound ? 1 : 0;
}

/* The contradictions whose synchronous alternative each documented-alternative profile must
 * show; what each profile selects is the runner's table (model_rules.c), which plain certify
 * also holds the model to in every mode. */
static const unsigned long fingerprint_points[] = {1, 2, 4, 12};

static const char *observed(const wr_run *r, const char *key, int *conflicts) {
    const char *v = NULL;
    for (size_t i = 0; i < r->ncases; i++)
        for (size_t k = 0; k < r->cases[i].nobs; k++) {
            const wr_kv *o = &r->cases[i].obs[k];
            if (strcmp(o->key, key)) continue;
            if (v && strcmp(v, o->value)) (*conflicts)++;
            v = o->value;
        }
    return v;
}

static int fingerprint(const char *jobs) {
    int bad = 0;
    const char *profiles[] = {"windows", "docs-table", "docs-lpcb"};
    for (size_t p = 0; p < 3; p++) {
        /* each profile against the reference that takes the same text literally */
        const char *args[] = {"--profile", profiles[p], "--reference", profiles[p]};
        wr_run r;
        int rc = run_conform(args, 4, jobs, &r);
        if (rc != 0) {
            printf("%-11s the model does not conform to --reference %s under its own profile (exit %d)\n", profiles[p],
                   profiles[p], rc);
            bad++;
        }
        for (size_t i = 0; i < sizeof fingerprint_points / sizeof fingerprint_points[0]; i++) {
            char key[16];
            snprintf(key, sizeof key, "C%lu.sync", fingerprint_points[i]);
            const char *want = wc_model_profile_alternative(profiles[p], fingerprint_points[i]);
            int conflicts = 0;
            const char *v = observed(&r, key, &conflicts);
            bool ok = want && v && !strcmp(v, want) && !conflicts;
            bad += !ok;
            printf("%-11s %-9s want %-10s saw %-10s%s\n", profiles[p], key, want ? want : "(none)", v ? v : "(none)",
                   ok          ? ""
                   : conflicts ? "  CONFLICTING"
                               : "  WRONG");
        }
        wr_run_free(&r);
    }
    return bad ? 1 : 0;
}

#if defined(__linux__) && defined(WFPCERT_WEAK)
#define SELFTEST_RESPAWN 1
/* Present in sanitized builds only. */
extern void __sanitizer_print_stack_trace(void) WFPCERT_WEAK;
#endif

/* In a sanitized build every crashing case starts llvm-symbolizer to name the frames of its
 * report, 0.1-0.2 s each: with the faults that crash hundreds of cases that was three
 * quarters of `selftest --faults` under ASan (158 s against 41 s).  The self-tests judge
 * outcomes and never show those reports, so they run again at once with symbolize=0 added
 * (sanitizer flags are read when a process starts, so setting them here would not reach the
 * case processes otherwise).  The findings themselves are untouched: the case still
 * crashes, and its reason still names the error; frames are module+offset. */
static void without_symbolizer(int argc, char **argv) {
#ifdef SELFTEST_RESPAWN
    if (!__sanitizer_print_stack_trace || getenv("WFPCERT_SELFTEST_SYMBOLIZE")) return;
    static const char *const vars[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS"};
    for (size_t i = 0; i < 2; i++) {
        const char *old = getenv(vars[i]);
        if (old && strstr(old, "symbolize=")) continue; /* the user chose */
        char *v = malloc(strlen(old ? old : "") + 16);
        if (!v) return;
        sprintf(v, "%s%ssymbolize=0", old ? old : "", old && *old ? ":" : "");
        setenv(vars[i], v, 1);
        free(v);
    }
    setenv("WFPCERT_SELFTEST_SYMBOLIZE", "0", 1);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args) return;
    args[0] = "wfpcert";
    for (int i = 0; i < argc; i++) args[i + 1] = argv[i];
    fflush(NULL);
    execv("/proc/self/exe", args);
    free(args); /* exec failed: go on with the symbolizer */
#else
    (void)argc, (void)argv;
#endif
}

int wf_selftest_main(int argc, char **argv) {
    const char *jobs = "2", *html = NULL, *md = NULL;
    int mode = 0;
    bool full = false, quick = false;
    const char *mutants = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: wfpcert selftest --faults [--full]|--fingerprint|--isolation [--quick]|--mutants N [--jobs "
                   "N] [--html FILE] "
                   "[--markdown FILE]\n\n"
                   "  --faults       every catalogued fault must make plain certify fail (docs/FAULTS.md)\n"
                   "  --fingerprint  each documented-alternative profile passes its own reference\n"
                   "  --isolation    worker processes decide every case as one process per case does\n"
                   "                 (--quick: the hand-written cases and two modes' generated cells)\n"
                   "  --mutants N    N source mutants of driver-stub through plain certify (docs/MUTANTS.md)\n");
            return 0;
        }
        if (!strcmp(argv[i], "--faults"))
            mode |= 1;
        else if (!strcmp(argv[i], "--fingerprint"))
            mode |= 2;
        else if (!strcmp(argv[i], "--isolation"))
            mode |= 4;
        else if (!strcmp(argv[i], "--mutants") && i + 1 < argc)
            mutants = argv[++i];
        else if (!strcmp(argv[i], "--full"))
            full = true;
        else if (!strcmp(argv[i], "--quick"))
            quick = true;
        else if (!strcmp(argv[i], "--jobs") && i + 1 < argc)
            jobs = argv[++i];
        else if (!strcmp(argv[i], "--html") && i + 1 < argc)
            html = argv[++i];
        else if (!strcmp(argv[i], "--markdown") && i + 1 < argc)
            md = argv[++i];
        else {
            fprintf(stderr, "wfpcert selftest: %s: unknown option, or it needs a value (see --help)\n", argv[i]);
            return 2;
        }
    }
    if (mutants) {
        /* mutation testing rebuilds the tree once per mutant: the source tree's glue does it */
        for (const char *p = mutants; *p; p++)
            if (*p < '0' || *p > '9') {
                fprintf(stderr, "wfpcert selftest: --mutants takes a number of mutants, not '%s'\n", mutants);
                return 2;
            }
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "sh '%s/tools/mutate/run.sh' --count %s", WFPCERT_SOURCE_DIR, mutants);
        int st = system(cmd);
        return st == 0 ? 0 : 1;
    }
    if (!mode) {
        fprintf(stderr, "wfpcert selftest: say what to prove: --faults, --fingerprint, --isolation or --mutants N "
                        "(see --help)\n");
        return 2;
    }
    without_symbolizer(argc, argv);
    int rc = 0;
    if (mode & 2) rc |= fingerprint(jobs);
    if (mode & 4) rc |= wf_selftest_isolation(jobs, quick);
    if (mode & 1) rc |= faults(jobs, html, md, full);
    return rc;
}
