/*
 * compare.c: `wfpcert compare BASE NEW`, what a nightly job runs after each run to say what
 * changed since the last good one.  A pass count hides a case that broke while another was
 * fixed; listing cases one by one buries the cause when one bug fails forty cases.  So the
 * cases are sorted into new failures, fixed and still failing, and each list is grouped by
 * the failure signature results.json records (clause | outcome | first differing value), the
 * same grouping report.html uses.  Exit 1 on any new failure, so the job fails only on a
 * regression, not on failures everyone already knows.
 */
#include "commands.h"
#include "results_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
    fputs("usage: wfpcert compare BASE NEW\n\n"
          "BASE and NEW are run folders (reports/runs/..., or what --out named) or their results.json.\n"
          "Prints the cases that fail in NEW but not in BASE (new failures), fail in BASE but pass in\n"
          "NEW (fixed), and fail in both (still failing), grouped by failure signature: clause,\n"
          "outcome and first differing value.  Failing means FAIL, CRASH or TIMEOUT, XPASS unless\n"
          "the run had --xpass-ok, NON-STRICT when it had --strict.\n\n"
          "Exit status: 0 no new failures; 1 new failures; 2 a run cannot be read.\n",
          f);
}

/* One case in one of the three lists, with the signature it is grouped under. */
typedef struct entry {
    const wr_prev_case *c;
    const char *sig;
    const char *was; /* fixed: what it is in NEW; new failure: what it was in BASE (NULL: not run) */
} entry;

static const char *signature(const wr_prev_case *c) { return c->signature ? c->signature : c->clause; }

static int by_signature(const void *a, const void *b) {
    const entry *x = a, *y = b;
    int d = strcmp(x->sig, y->sig);
    return d ? d : strcmp(x->c->id, y->c->id);
}

static const wr_prev_case *find(const wr_prev_run *r, const char *id) {
    for (size_t k = 0; k < r->ncases; k++)
        if (!strcmp(r->cases[k].id, id)) return &r->cases[k];
    return NULL;
}

/* Prints one list grouped by signature: a heading line per group with its count, then ids. */
static void print_list(const char *title, entry *e, size_t n, const char *was_word) {
    printf("%s: %zu\n", title, n);
    qsort(e, n, sizeof *e, by_signature);
    for (size_t k = 0; k < n;) {
        size_t end = k;
        while (end < n && !strcmp(e[end].sig, e[k].sig)) end++;
        printf("  [%zu] %s\n", end - k, e[k].sig);
        for (; k < end; k++) {
            printf("      %s %s", e[k].c->id, e[k].c->outcome);
            if (was_word) printf(" (%s %s)", was_word, e[k].was ? e[k].was : "not run");
            putchar('\n');
        }
    }
}

int wf_compare_main(int argc, char **argv) {
    const char *paths[2] = {NULL, NULL};
    int npaths = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "wfpcert compare: %s: unknown option (see --help)\n", argv[i]);
            return 2;
        }
        if (npaths == 2) {
            fprintf(stderr, "wfpcert compare: %s: expected two runs, BASE and NEW (see --help)\n", argv[i]);
            return 2;
        }
        paths[npaths++] = argv[i];
    }
    if (npaths != 2) {
        fprintf(stderr, "wfpcert compare: expected two runs, BASE and NEW (see --help)\n");
        return 2;
    }
    wr_prev_run base, cur;
    char err[1024];
    if (wr_prev_run_read(&base, paths[0], err, sizeof err) != 0) {
        fprintf(stderr, "wfpcert compare: BASE %s\n", err);
        return 2;
    }
    if (wr_prev_run_read(&cur, paths[1], err, sizeof err) != 0) {
        fprintf(stderr, "wfpcert compare: NEW %s\n", err);
        wr_prev_run_free(&base);
        return 2;
    }
    printf("base: %s (%zu cases, target %s, profile %s)\n", base.path, base.ncases, base.target ? base.target : "?",
           base.profile ? base.profile : "?");
    printf("new:  %s (%zu cases, target %s, profile %s)\n", cur.path, cur.ncases, cur.target ? cur.target : "?",
           cur.profile ? cur.profile : "?");
    size_t cap = base.ncases + cur.ncases + 1, nnew = 0, nfixed = 0, nstill = 0, ngone = 0;
    entry *fresh = calloc(cap, sizeof *fresh), *fixed = calloc(cap, sizeof *fixed), *still = calloc(cap, sizeof *still);
    if (!fresh || !fixed || !still) {
        fprintf(stderr, "wfpcert compare: out of memory\n");
        free(fresh), free(fixed), free(still);
        wr_prev_run_free(&base), wr_prev_run_free(&cur);
        return 3;
    }
    for (size_t k = 0; k < cur.ncases; k++) {
        const wr_prev_case *c = &cur.cases[k], *b = find(&base, c->id);
        if (!wr_prev_case_failed(&cur, c)) continue;
        if (b && wr_prev_case_failed(&base, b))
            still[nstill++] = (entry){c, signature(c), NULL};
        else
            fresh[nnew++] = (entry){c, signature(c), b ? b->outcome : NULL};
    }
    for (size_t k = 0; k < base.ncases; k++) {
        const wr_prev_case *b = &base.cases[k], *c = find(&cur, b->id);
        if (!wr_prev_case_failed(&base, b)) continue;
        if (!c)
            ngone++; /* not selected in NEW: neither fixed nor failing */
        else if (!wr_prev_case_failed(&cur, c))
            fixed[nfixed++] = (entry){b, signature(b), c->outcome};
    }
    print_list("new failures", fresh, nnew, "was");
    print_list("fixed", fixed, nfixed, "now");
    print_list("still failing", still, nstill, NULL);
    if (ngone) printf("not run in NEW: %zu case(s) that failed in BASE\n", ngone);
    printf("%s\n", nnew ? "REGRESSED: new failures since BASE" : "no new failures since BASE");
    free(fresh), free(fixed), free(still);
    wr_prev_run_free(&base), wr_prev_run_free(&cur);
    return nnew ? 1 : 0;
}
