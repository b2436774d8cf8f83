/*
 * list.c: `wfpcert list profiles|knobs|faults`: what can be switched on a target, with the
 * one line each that says what it means (profiles and knobs name the documentation
 * contradiction they settle; faults say what a correct suite must notice).
 */
#include "commands.h"
#include "wfpcert/target.h"

#include <stdio.h>
#include <string.h>

static void print(int n, const char *(*name)(int), const char *(*doc)(int)) {
    for (int i = 0; i < n; i++) printf("%-26s %s\n", name(i), doc(i));
}

int wf_list_main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: wfpcert list profiles|knobs|faults\n");
        return 2;
    }
    if (!strcmp(argv[1], "profiles"))
        print(wt_profile_count(), wt_profile_name, wt_profile_doc);
    else if (!strcmp(argv[1], "knobs"))
        print(wt_knob_count(), wt_knob_name, wt_knob_doc);
    else if (!strcmp(argv[1], "faults"))
        print(wt_fault_count(), wt_fault_name, wt_fault_doc);
    else {
        fprintf(stderr, "wfpcert list: unknown list '%s' (profiles, knobs or faults)\n", argv[1]);
        return 2;
    }
    return 0;
}
