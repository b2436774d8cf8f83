/*
 * driver_afl.c: the AFL++ driver of a fuzz target, in persistent mode with shared-memory
 * test cases (__AFL_FUZZ_INIT / __AFL_LOOP): one process runs many inputs, which is what
 * makes a target that builds and tears down a model world per input cheap enough.
 *
 * Built with afl-clang-fast (preset afl).  Compiled with any other compiler it reads one
 * input from stdin or from the files named, so the file still builds everywhere.
 */
#include <stdio.h>
#include <stdlib.h>

#include "input.h"
#include "wh.h"

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();

int main(void) {
#ifdef __AFL_HAVE_MANUAL_CONTROL
    __AFL_INIT(); /* deferred fork server: start after the process has set itself up */
#endif
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    /* 10000 inputs per process: a leak or a stale global shows long before that. */
    while (__AFL_LOOP(10000)) LLVMFuzzerTestOneInput(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
}

#else

int main(int argc, char **argv) {
    static uint8_t buf[WH_INPUT_MAX];
    if (argc < 2) {
        size_t n = fread(buf, 1, sizeof buf, stdin);
        LLVMFuzzerTestOneInput(buf, n);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        uint8_t *data;
        size_t size;
        char err[512];
        if (wh_read_input(argv[i], &data, &size, err, sizeof err)) {
            fprintf(stderr, "fuzz afl driver: %s\n", err);
            return 2;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    return 0;
}
#endif
