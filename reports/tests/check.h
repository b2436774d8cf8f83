/*
 * check.h: the assertions of the reports and runner self-tests.  A failed check prints where
 * and what and counts; the test goes on so one run shows every failure.  One test binary is
 * one translation unit using this header, so the counter can be static.
 */
#ifndef WFPCERT_TESTS_CHECK_H
#define WFPCERT_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                                                                   \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);                                        \
            failures++;                                                                                                \
        }                                                                                                              \
    } while (0)
#define EXPECT_STR(a, b) expect_str_(__FILE__, __LINE__, #a, (a), (b))
#define EXPECT_HAS(hay, needle) expect_has_(__FILE__, __LINE__, #hay, (hay), (needle))

static inline void expect_str_(const char *file, int line, const char *what, const char *got, const char *want) {
    if (got && want && strcmp(got, want) == 0) return;
    fprintf(stderr, "%s:%d: %s is [%s], want [%s]\n", file, line, what, got ? got : "(null)", want ? want : "(null)");
    failures++;
}

static inline void expect_has_(const char *file, int line, const char *what, const char *hay, const char *needle) {
    if (hay && strstr(hay, needle)) return;
    fprintf(stderr, "%s:%d: %s lacks [%s]; it is:\n%s\n", file, line, what, needle, hay ? hay : "(null)");
    failures++;
}

#endif /* WFPCERT_TESTS_CHECK_H */
