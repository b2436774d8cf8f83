/*
 * gnu_extensions.c: one GNU extension per CASE, for the tests that must see the portability
 * checks refuse them (tools/portable/CMakeLists.txt).  Cases 1-5 and 9-11 are refused by the
 * compilers under the portable flags (portable_c.flags_catch); gnu-scan reads the whole file,
 * without preprocessing, and must report cases 1, 3, 5-9 and 11: eight findings
 * (portable_c.scan_catches).  Nothing here is ever linked into a program.
 */
#ifndef CASE
#define CASE 0
#endif

#if CASE == 1
int statement_expression(void) {
    return ({
        int y = 1;
        y + 1;
    });
}
#endif

#if CASE == 2
int variable_length_array(int n) {
    int a[n];
    a[0] = n;
    return a[0];
}
#endif

#if CASE == 3
int case_range(int c) {
    switch (c) {
    case 1 ... 5:
        return 1;
    default:
        return 0;
    }
}
#endif

#if CASE == 4
struct zero_length {
    int n;
    int data[0];
};
int zero_length_size(void) { return (int)sizeof(struct zero_length); }
#endif

#if CASE == 5
int omitted_middle(int a, int b) { return a ?: b; }
#endif

#if CASE == 6
__attribute__((unused)) static int attribute(void) { return 6; }
#endif

#if CASE == 7
int typeof_use(int x) {
    __typeof__(x) y = x;
    return y;
}
#endif

#if CASE == 8
int builtin(int x) { return __builtin_expect(x, 0); }
#endif

#if CASE == 9
#include <stdio.h>
#define LOG(fmt, ...) printf(fmt, ##__VA_ARGS__)
void comma_elision(void) { LOG("none\n"); }
#endif

#if CASE == 10
struct pair {
    int a, b;
};
struct pair empty_initializer(void) {
    struct pair p = {};
    return p;
}
#endif

#if CASE == 11
int binary_constant(void) { return 0b101; }
#endif

int gnu_extensions_fixture(void);
int gnu_extensions_fixture(void) { return CASE; }
