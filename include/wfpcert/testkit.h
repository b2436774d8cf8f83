/*
 * wfpcert/testkit.h: the one set of assertions every test program of the tree uses (not
 * installed).  Two kinds, as in Wine's ok() and libuv's ASSERT:
 *   EXPECT*  a failed check prints file, line, the expression (and the values, or a message)
 *            and counts in testkit_failures; the test goes on, so one run shows every failure.
 *            A program ends with `return testkit_report();`.
 *   ASSERT*  a failed check prints the same and calls testkit_fatal(), which the runner of
 *            the program defines (driver-stub's unit runner: end the test's child process).
 * One test program is one translation unit using EXPECT*, so the counter can be static.
 */
#ifndef WFPCERT_TESTKIT_H
#define WFPCERT_TESTKIT_H

#include <stdio.h>
#include <string.h>

static int testkit_failures;

#define EXPECT(cond)                                                                                                   \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);                                        \
            testkit_failures++;                                                                                        \
        }                                                                                                              \
    } while (0)
/* EXPECT with a printf-style message saying what was seen. */
#define EXPECT_MSG(cond, ...)                                                                                          \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: expected %s: ", __FILE__, __LINE__, #cond);                                        \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
            testkit_failures++;                                                                                        \
        }                                                                                                              \
    } while (0)
#define EXPECT_STR(a, b) testkit_expect_str_(__FILE__, __LINE__, #a, (a), (b))
#define EXPECT_HAS(hay, needle) testkit_expect_has_(__FILE__, __LINE__, #hay, (hay), (needle))

static inline void testkit_expect_str_(const char *file, int line, const char *what, const char *got,
                                       const char *want) {
    if (got && want && strcmp(got, want) == 0) return;
    fprintf(stderr, "%s:%d: %s is [%s], want [%s]\n", file, line, what, got ? got : "(null)", want ? want : "(null)");
    testkit_failures++;
}

static inline void testkit_expect_has_(const char *file, int line, const char *what, const char *hay,
                                       const char *needle) {
    if (hay && strstr(hay, needle)) return;
    fprintf(stderr, "%s:%d: %s lacks [%s]; it is:\n%s\n", file, line, what, needle, hay ? hay : "(null)");
    testkit_failures++;
}

/* The exit status of a program of EXPECTs: 0 when every check held. */
static inline int testkit_report(void) {
    if (testkit_failures) fprintf(stderr, "%d check(s) failed\n", testkit_failures);
    return testkit_failures ? 1 : 0;
}

/* Fatal checks.  testkit_fatal is the runner's: it does not return. */
void testkit_fatal(const char *file, int line, const char *expr, const char *detail);

#undef ASSERT /* wfpcert/wdk/wdm.h's no-op kernel ASSERT; the tests' own checks */
#define ASSERT(expr)                                                                                                   \
    do {                                                                                                               \
        if (!(expr)) testkit_fatal(__FILE__, __LINE__, #expr, NULL);                                                   \
    } while (0)
#define ASSERT_INT_(a, op, b)                                                                                          \
    do {                                                                                                               \
        long long a_ = (long long)(a), b_ = (long long)(b);                                                            \
        if (!(a_ op b_)) {                                                                                             \
            char d_[96];                                                                                               \
            snprintf(d_, sizeof d_, "%lld (0x%llx) vs %lld (0x%llx)", a_, (unsigned long long)a_, b_,                  \
                     (unsigned long long)b_);                                                                          \
            testkit_fatal(__FILE__, __LINE__, #a " " #op " " #b, d_);                                                  \
        }                                                                                                              \
    } while (0)
#define ASSERT_EQ(a, b) ASSERT_INT_(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_INT_(a, !=, b)
#define ASSERT_GT(a, b) ASSERT_INT_(a, >, b)
#define ASSERT_GE(a, b) ASSERT_INT_(a, >=, b)
#define ASSERT_LT(a, b) ASSERT_INT_(a, <, b)
#define ASSERT_LE(a, b) ASSERT_INT_(a, <=, b)
#define ASSERT_NULL(p) ASSERT((p) == NULL)
#define ASSERT_NOT_NULL(p) ASSERT((p) != NULL)
#define ASSERT_MEM_EQ(a, b, n) ASSERT(memcmp((a), (b), (n)) == 0)

#endif /* WFPCERT_TESTKIT_H */
