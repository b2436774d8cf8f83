/*
 * driver_winafl.c: the driver of a fuzz target for WinAFL and Jackalope, the Windows
 * coverage-guided fuzzers that instrument a running binary (DynamoRIO / TinyInst) instead of
 * recompiling it.
 *
 * Both need one function they can find by name and call again and again in the same
 * process: `fuzz_one(path)`.  It is exported and never inlined, so its address and symbol
 * survive optimisation; it reads the input file afresh on every call (the fuzzer rewrites the
 * file between calls) and hands it to the target's LLVMFuzzerTestOneInput, which already
 * frees everything per input (the same contract as libFuzzer and AFL++ persistent mode).
 *
 *   fuzz-<target>-winafl.exe FILE     runs fuzz_one(FILE) once (what the fuzzers start)
 *
 * docs/WINDOWS.md has the WinAFL and Jackalope command lines and the MSVC build.  Compiled
 * on Linux it behaves the same, which is how the driver is tested there.
 */
#include <stdio.h>
#include <stdlib.h>

#include "input.h"
#include "wh.h"

#if defined(_WIN32) /* MSVC, clang-cl and mingw-w64 gcc alike */
#define FUZZ_EXPORT __declspec(dllexport) __declspec(noinline)
#elif defined(__GNUC__)
#define FUZZ_EXPORT __attribute__((visibility("default"), noinline, used))
#else
#define FUZZ_EXPORT
#endif

/* 0 after running the input; 2 when the file cannot be read (the fuzzer's setup is wrong). */
FUZZ_EXPORT int fuzz_one(const char *path)
{
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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE   (WinAFL/Jackalope: -target_method fuzz_one -nargs 1)\n", argv[0]);
        return 2;
    }
    return fuzz_one(argv[1]);
}
