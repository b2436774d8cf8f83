/*
 * driver_replay.c: runs fuzz inputs through one target without any fuzzer runtime.
 *
 * Usage: fuzz-<target>-replay [-v] FILE|DIR...
 * Every file (and every file in every folder, in name order) is run once through
 * LLVMFuzzerTestOneInput.  ctest runs each corpus and regression file this way, so a
 * finding stays fixed.  -v prints the decoded steps.  A file that cannot be read, or is
 * larger than 1 MiB, is an error naming it (exit 2); an oracle violation or a sanitizer
 * report aborts, as under the fuzzer.  An input whose scenario the target cannot set up
 * (WFPCERT_TARGET=native without a configuration, wine) ends early, counts as run and is
 * not a finding (exit 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdp.h"
#include "input.h"
#include "wh.h"

static int run_one(const char *path, void *arg) {
    int *count = arg;
    uint8_t *data;
    size_t size;
    char err[512];
    if (wh_read_input(path, &data, &size, err, sizeof err)) {
        fprintf(stderr, "fuzz replay: %s\n", err);
        exit(2);
    }
    if (fdp_logging()) printf("%s (%zu bytes):\n", path, size);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    ++*count;
    return 0;
}

int main(int argc, char **argv) {
    int count = 0, files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            fdp_log_to(stdout, NULL);
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
            return 2;
        }
        files++;
        char err[512];
        if (wh_is_dir(argv[i])) {
            if (wh_each_file(argv[i], run_one, &count, err, sizeof err)) {
                fprintf(stderr, "fuzz replay: %s\n", err);
                return 2;
            }
        } else {
            run_one(argv[i], &count);
        }
    }
    if (!files) {
        fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
        return 2;
    }
    if (wh_inputs_unsupported())
        printf("ran %d input(s); %d ended early: the target cannot set up what they need (not findings)\n", count,
               wh_inputs_unsupported());
    else
        printf("ran %d input(s)\n", count);
    return 0;
}
