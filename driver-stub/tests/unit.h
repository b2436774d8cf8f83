/*
 * unit.h: how a unit test is declared (its assertions are wfpcert/testkit.h's).  Each test
 * is a function declared once with TEST() in a test file and listed once in test_list.h;
 * unit_runner.c runs every test in its own child process with a timeout (the libuv pattern),
 * so one crash cannot take the run down.  A failed ASSERT prints file, line, the expression
 * and the values, then exits the child; a failed EXPECT prints the same, the test goes on and
 * then fails.
 */
#ifndef WFPCERT_UNIT_H
#define WFPCERT_UNIT_H

#include "wfpcert/testkit.h" /* ASSERT*: testkit_fatal is unit_runner.c's */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The body is wrapped so that an EXPECT* that failed fails the test too: testkit_failures is
 * per file (static in testkit.h), so only code in the test's own file can read it. */
#define TEST(name)                                                                                                     \
    static int test_body_##name(void);                                                                                 \
    int test_##name(void) {                                                                                            \
        int r = test_body_##name();                                                                                    \
        return r ? r : testkit_failures != 0;                                                                          \
    }                                                                                                                  \
    static int test_body_##name(void)

#endif
