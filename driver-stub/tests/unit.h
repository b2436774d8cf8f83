/*
 * unit.h: the assertions unit tests use.  Each test is a function declared once with TEST()
 * in a test file and listed once in test_list.h; unit_runner.c runs every test in its own
 * child process with a timeout (the libuv pattern), so one crash cannot take the run down.
 * A failed ASSERT prints file, line, the expression and the values, then exits the child.
 */
#ifndef WFPCERT_UNIT_H
#define WFPCERT_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST(name) int test_##name(void)

void unit_fail(const char *file, int line, const char *expr, const char *detail);

#undef ASSERT /* wfpcert/wdk/wdm.h's no-op kernel ASSERT; the tests' own checks */
#define ASSERT(expr)                                                                                                   \
    do {                                                                                                               \
        if (!(expr)) unit_fail(__FILE__, __LINE__, #expr, NULL);                                                       \
    } while (0)

#define ASSERT_INT_(a, op, b)                                                                                          \
    do {                                                                                                               \
        long long a_ = (long long)(a), b_ = (long long)(b);                                                            \
        if (!(a_ op b_)) {                                                                                             \
            char d_[96];                                                                                               \
            snprintf(d_, sizeof d_, "%lld (0x%llx) vs %lld (0x%llx)", a_, (unsigned long long)a_, b_,                  \
                     (unsigned long long)b_);                                                                          \
            unit_fail(__FILE__, __LINE__, #a " " #op " " #b, d_);                                                      \
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

#endif
