/*
 * driver_replay.c: runs fuzz inputs through one target without any fuzzer runtime.
 *
 * Usage: fuzz-<target>-replay [-v] [--check-snapshots] [--per-input] [--repeat N] FILE|DIR...
 * Every file (and every file in every folder, in name order) is run once through
 * LLVMFuzzerTestOneInput.  ctest runs each corpus and regression file this way, so a
 * finding stays fixed.  -v prints the decoded steps.  A file that cannot be read, or is
 * larger than 1 MiB, is an error naming it (exit 2); an oracle violation or a sanitizer
 * report aborts, as under the fuzzer.  An input whose scenario the target cannot set up
 * (WFPCERT_TARGET=native without a configuration, wine) ends early, counts as run and is
 * not a finding (exit 0).
 *
 * --check-snapshots runs every file three times: building its scenario (scene cache off),
 * then twice with the cache on (the second time every set-up step is a hit, and files run
 * earlier have left their scenes in the cache too).  The three must observe the same
 * (wh_input_digest); a difference names the file, exit 1.  This is what keeps the speed of
 * starting inputs from snapshots honest.
 *
 * --per-input prints one line per input run ("input: FILE: full" or "ended early", the latter
 * when the target could not set its scenario up), and --repeat N runs the whole list N times
 * in one process: `wfpcert bench fuzz --against wine` times a list run once and N times to
 * leave the process's start-up out, and needs to know which inputs really ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdp.h"
#include "input.h"
#include "wh.h"

static int check_snapshots, mismatches, per_input;

static int run_one(const char *path, void *arg) {
    int *count = arg;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (strcmp(base, "NOTES") == 0 || strncmp(base, "README", 6) == 0) return 0; /* a folder's notes, not an input */
    uint8_t *data;
    size_t size;
    char err[512];
    if (wh_read_input(path, &data, &size, err, sizeof err)) {
        fprintf(stderr, "fuzz replay: %s\n", err);
        exit(2);
    }
    if (wh_fdp_logging()) printf("%s (%zu bytes):\n", path, size);
    if (check_snapshots) {
        uint64_t d[3];
        for (int i = 0; i < 3; i++) {
            wh_set_snapshots(i > 0);
            LLVMFuzzerTestOneInput(data, size);
            d[i] = wh_input_digest();
        }
        if (d[1] != d[0] || d[2] != d[0]) {
            fprintf(stderr, "fuzz replay: %s: built %016llx, from the scene cache %016llx then %016llx\n", path,
                    (unsigned long long)d[0], (unsigned long long)d[1], (unsigned long long)d[2]);
            mismatches++;
        }
    } else {
        int early = wh_inputs_unsupported();
        LLVMFuzzerTestOneInput(data, size);
        if (per_input) {
            printf("input: %s: %s\n", path, wh_inputs_unsupported() > early ? "ended early" : "full");
            fflush(stdout);
        }
    }
    free(data);
    ++*count;
    return 0;
}

static void usage(const char *argv0) {
    fprintf(stderr, "usage: %s [-v] [--check-snapshots] [--per-input] [--repeat N] FILE|DIR...\n", argv0);
}

int main(int argc, char **argv) {
    int count = 0, files = 0, first = 0;
    long repeat = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            wh_fdp_log_to(stdout, NULL);
            continue;
        }
        if (strcmp(argv[i], "--check-snapshots") == 0) {
            check_snapshots = 1;
            continue;
        }
        if (strcmp(argv[i], "--per-input") == 0) {
            per_input = 1;
            continue;
        }
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            char *end;
            repeat = strtol(argv[++i], &end, 10);
            if (*end || repeat < 1 || repeat > 1000000) {
                fprintf(stderr, "fuzz replay: --repeat %s: a number of passes, 1 to 1000000\n", argv[i]);
                return 2;
            }
            continue;
        }
        if (argv[i][0] == '-') {
            usage(argv[0]);
            return 2;
        }
        if (!first) first = i;
        files++;
    }
    for (long pass = 0; files && pass < repeat; pass++)
        for (int i = first; i < argc; i++) {
            if (argv[i][0] == '-') { /* an option, or the value of --repeat */
                i += strcmp(argv[i], "--repeat") == 0;
                continue;
            }
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
        usage(argv[0]);
        return 2;
    }
    if (check_snapshots) {
        unsigned long long hits, misses;
        size_t entries, bytes;
        wh_scene_stats(&hits, &misses, &entries, &bytes);
        printf("scene cache: %llu hit(s), %llu miss(es), %zu scene(s) in %zu bytes; %d input(s) behaved differently\n",
               hits, misses, entries, bytes, mismatches);
        if (mismatches) return 1;
    }
    if (wh_inputs_unsupported())
        printf("ran %d input(s); %d ended early: the target cannot set up what they need (not findings)\n", count,
               wh_inputs_unsupported());
    else
        printf("ran %d input(s)\n", count);
    return 0;
}
