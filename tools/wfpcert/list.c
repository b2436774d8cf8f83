/*
 * list.c: `wfpcert list profiles|knobs|faults`: what can be switched on a target, with the
 * one line each that says what it means (profiles and knobs name the documentation
 * contradiction they settle; faults say what a correct suite must notice), and
 * `wfpcert list clauses`: every clause id the catalogue checks, its strongest level and how
 * many cases check it (docs/SPEC.md says what each clause is and its evidence), and
 * `wfpcert list answers`: the embedded model's own answers where no page decides, as the runner
 * pins them.
 */
#include "case.h"
#include "commands.h"
#include "model_rules.h"
#include "oracle/reference.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print(int n, const char *(*name)(int), const char *(*doc)(int)) {
    for (int i = 0; i < n; i++) printf("%-26s %s\n", name(i), doc(i));
}

typedef struct clause_row {
    char id[8];
    int cases, level; /* the strongest level (wc_level: MUST is 0) */
} clause_row;

/* A before C, then by number: A2 before A10. */
static int clause_cmp(const void *x, const void *y) {
    const clause_row *a = x, *b = y;
    if (a->id[0] != b->id[0]) return a->id[0] - b->id[0];
    return atoi(a->id + 1) - atoi(b->id + 1);
}

static void list_clauses(void) {
    static clause_row rows[256];
    size_t n = 0;
    static const char *const levels[] = {"MUST", "SHOULD", "MAY", "IMPL"};
    for (size_t i = 0; i < wc_catalogue_size(); i++) {
        const wc_case *c = wc_catalogue_get(i);
        for (const char *p = c->clause; p && *p;) {
            size_t len = strcspn(p, ",");
            if (len > 0 && len < sizeof rows[0].id) {
                size_t r = 0;
                while (r < n && (strlen(rows[r].id) != len || strncmp(rows[r].id, p, len) != 0)) r++;
                if (r == n && n < sizeof rows / sizeof rows[0]) {
                    memcpy(rows[n].id, p, len);
                    rows[n].id[len] = 0;
                    rows[n].level = WC_IMPL;
                    n++;
                }
                if (r < n) {
                    rows[r].cases++;
                    if ((int)c->level < rows[r].level) rows[r].level = (int)c->level;
                }
            }
            p += len + (p[len] == ',');
        }
    }
    qsort(rows, n, sizeof rows[0], clause_cmp);
    printf("%-7s %-6s %s\n", "clause", "level", "cases (what each clause is: docs/SPEC.md)");
    for (size_t r = 0; r < n; r++) printf("%-7s %-6s %d\n", rows[r].id, levels[rows[r].level], rows[r].cases);
}

/* Every point the pages leave open, and what each reference expects there (one table:
 * conformance/oracle/reference.c, read by the catalogue and the fuzz oracle alike). */
static void list_references(void) {
    for (size_t r = 0; wc_oracle_reference_names[r]; r++) {
        printf("%s%s\n", r ? "\n" : "", wc_oracle_reference_names[r]);
        for (size_t i = 0; i < wc_oracle_reference_point_count(); i++) {
            const char *point, *pin, *clause, *why;
            if (!wc_oracle_reference_point(i, wc_oracle_reference_names[r], &point, &pin, &clause, &why)) continue;
            printf("  %-17s %-38s %-8s %s\n", point, pin ? pin : "open: any documented, one throughout", clause, why);
        }
    }
}

/* The model's own answers, pinned where no page decides (conformance/runner/model_rules.c). */
static void list_answers(void) {
    const char *key, *value, *why;
    for (size_t i = 0; wc_model_answer_at(i, &key, &value, &why); i++)
        printf("%-42s %-32s  %s\n", key, value, why); /* two spaces before the reason, always */
}

int wf_list_main(int argc, char **argv) {
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wfpcert list profiles|knobs|faults|clauses|references|answers\n\n"
               "What a model target can be switched to (profiles, knobs, faults), every clause\n"
               "the catalogue checks with its strongest level and case count (docs/SPEC.md),\n"
               "what each --reference expects where the pages leave a choice, and the embedded\n"
               "model's own answers where no page decides (held to them on the model).\n");
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr,
                "wfpcert list: name one list: profiles, knobs, faults, clauses, references or answers (see --help)\n");
        return 2;
    }
    if (!strcmp(argv[1], "clauses")) {
        list_clauses();
        return 0;
    }
    if (!strcmp(argv[1], "references")) {
        list_references();
        return 0;
    }
    if (!strcmp(argv[1], "answers")) {
        list_answers();
        return 0;
    }
    if (!strcmp(argv[1], "profiles"))
        print(wt_profile_count(), wt_profile_name, wt_profile_doc);
    else if (!strcmp(argv[1], "knobs"))
        print(wt_knob_count(), wt_knob_name, wt_knob_doc);
    else if (!strcmp(argv[1], "faults"))
        print(wt_fault_count(), wt_fault_name, wt_fault_doc);
    else {
        fprintf(stderr, "wfpcert list: unknown list '%s' (profiles, knobs, faults, clauses, references or answers)\n",
                argv[1]);
        return 2;
    }
    return 0;
}
