/*
 * driver_winafl.c: the driver of a fuzz target for WinAFL and Jackalope, the Windows
 * coverage-guided fuzzers that instrument a running binary (DynamoRIO / TinyInst) instead of
 * recompiling it.
 *
 * Both need one function they can find by name and call again and again in the same
 * process: `fuzz_one(path)`.  It is exported (the .exe gets an export table, so the fuzzers
 * find it without a PDB; mingw-w64 writes none) and never inlined, so its address and symbol
 * survive optimisation; it reads the input file afresh on every call (the fuzzer rewrites the
 * file between calls) and hands it to the target's LLVMFuzzerTestOneInput, which already
 * frees everything per input (the same contract as libFuzzer and AFL++ persistent mode).
 * The target is WFPCERT_TARGET's ("native" by default on Windows, "native:FILE" with a
 * vendor configuration); an input the target cannot set up returns 0 like any other.
 *
 *   fuzz-<target>-winafl.exe FILE [N]   runs fuzz_one(FILE) N times (default 1) in one process:
 *                                       what the fuzzers start, and N > 1 tries persistence
 *
 * docs/WINDOWS.md has the WinAFL and Jackalope command lines.  Compiled on Linux it behaves
 * the same, which is how the driver can be tried there.
 */
#include <stdio.h>
#include <stdlib.h>

#include "input.h"
#include "wfpcert/compat.h"
#include "wh.h"

/* exported and never inlined, so WinAFL and Jackalope find it by name (wfpcert/compat.h) */
#define FUZZ_EXPORT WFPCERT_EXPORT WFPCERT_NOINLINE

/* 0 after running the input; 2 when the file cannot be read (the fuzzer's setup is wrong). */
FUZZ_EXPORT int fuzz_one(const char *path) {
    uint8_t *data;
    size_t size;
    char err[512];
    if (wh_read_input(path, &data, &size, err, sizeof err)) {
        fprintf(stderr, "fuzz winafl driver: %s\n", err);
        return 2;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

int main(int argc, char **argv) {
    char *end = NULL;
    long n = argc == 3 ? strtol(argv[2], &end, 10) : 1;
    if (argc < 2 || argc > 3 || (end && (*end || n < 1))) {
        fprintf(stderr, "usage: %s FILE [N]   (WinAFL/Jackalope: -target_method fuzz_one -nargs 1)\n", argv[0]);
        return 2;
    }
    for (long i = 0; i < n; i++) {
        int r = fuzz_one(argv[1]);
        if (r) return r;
    }
    return 0;
}
