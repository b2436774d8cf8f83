/*
 * unit_runner.c: runs the unit tests listed in test_list.h.  With no argument it runs every
 * test, each in a forked child with a timeout, and prints one line per test; with a test
 * name it runs that one test in-process (ctest calls it this way, one ctest per test, so a
 * failure names the test and the sanitizers report against the test that caused it).
 */
#define _POSIX_C_SOURCE 200809L
#include "unit.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TEST_ENTRY(name) int test_##name(void);
#include "test_list.h"
#undef TEST_ENTRY

static const struct {
    const char *name;
    int (*fn)(void);
} tests[] = {
#define TEST_ENTRY(name) {#name, test_##name},
#include "test_list.h"
#undef TEST_ENTRY
};
#define NTESTS (sizeof tests / sizeof tests[0])

void testkit_fatal(const char *file, int line, const char *expr, const char *detail) {
    fprintf(stderr, "%s:%d: assertion failed: %s%s%s\n", file, line, expr, detail ? ": " : "", detail ? detail : "");
    fflush(stderr);
    abort();
}

static int run_forked(int i, unsigned timeout_s) {
    fflush(stdout); /* else a test whose child process exits through exit() prints our lines again */
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        alarm(timeout_s);
        _exit(tests[i].fn() == 0 ? 0 : 1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st)) return WEXITSTATUS(st) == 0 ? 0 : 1;
    return WTERMSIG(st) == SIGALRM ? 3 : 2;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < NTESTS; i++) puts(tests[i].name);
        return 0;
    }
    if (argc == 2) {
        for (size_t i = 0; i < NTESTS; i++)
            if (strcmp(tests[i].name, argv[1]) == 0) return tests[i].fn() == 0 ? 0 : 1;
        fprintf(stderr, "unit-runner: no test named '%s' (see --list)\n", argv[1]);
        return 2;
    }
    if (argc > 2) {
        fprintf(stderr, "usage: %s [--list | TEST]\n", argv[0]);
        return 2;
    }
    static const char *verdict[] = {"ok", "FAIL", "CRASH", "TIMEOUT"};
    int bad = 0;
    for (size_t i = 0; i < NTESTS; i++) {
        int r = run_forked((int)i, 60);
        if (r < 0) r = 2;
        printf("%-4s %zu - %s\n", verdict[r], i + 1, tests[i].name);
        bad += r != 0;
    }
    printf("%zu tests, %d not ok\n", NTESTS, bad);
    return bad ? 1 : 0;
}
