/*
 * compat_test.c: exercises every macro of include/wfpcert/compat.h in the branch the build
 * asks for, so that the MSVC and ISO branches, which no compiler on a Linux machine takes by
 * itself, are compiled too (tools/portable/compat-branches.cmake runs the matrix).
 *
 *   -DWANT_BRANCH=1|2|3          the branch compat.h must have taken (1 MSVC, 2 GNU, 3 ISO);
 *                                -DWFPCERT_COMPAT_FORCE_MSVC / _ISO pick one by hand
 *   -DBAD_FORMAT                 adds a call whose format does not match its argument: the GNU
 *                                branch must reject it under -Werror, the others accept it
 *
 * Freestanding headers only (stdarg.h, stddef.h), so that clang can compile it for the MSVC
 * target without the Windows SDK.  Built as a program, main() checks what the macros must not
 * change: the values computed, a thread-local that starts at zero, a weak symbol that is absent.
 */
#include <stdarg.h>
#include <stddef.h>

#include "wfpcert/compat.h"

#ifndef WANT_BRANCH
#error "compile with -DWANT_BRANCH=1 (MSVC), 2 (GNU) or 3 (ISO)"
#endif
_Static_assert(WFPCERT_COMPAT_BRANCH == WANT_BRANCH, "wfpcert/compat.h took another branch than the test asked for");

/* Sums its int arguments; the format only counts them ("%d%d" = two). */
int sum_ints(const char *fmt, ...) WFPCERT_PRINTF(1, 2);
int sum_ints(const char *fmt, ...) {
    va_list ap;
    int total = 0;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++)
        if (p[0] == '%' && p[1] == 'd') total += va_arg(ap, int);
    va_end(ap);
    return total;
}

static WFPCERT_THREAD_LOCAL int per_thread;

WFPCERT_NO_COVERAGE static int plumbing(int x) { return x + 1; }

WFPCERT_EXPORT WFPCERT_NOINLINE int wfpcert_compat_probe(int x);
WFPCERT_EXPORT WFPCERT_NOINLINE int wfpcert_compat_probe(int x) {
    per_thread += x;
    return plumbing(per_thread);
}

#ifdef WFPCERT_WEAK
/* Defined nowhere: with a weak declaration the program links and its address is null. */
extern int wfpcert_compat_absent(void) WFPCERT_WEAK;
#endif

#ifdef BAD_FORMAT
int bad_format(void);
int bad_format(void) { return sum_ints("%d %s", 1, 2); }
#endif

#ifndef NO_MAIN
int main(void) {
    int failures = 0;
    failures += per_thread != 0;
    failures += wfpcert_compat_probe(2) != 3;
    failures += wfpcert_compat_probe(3) != 6;
    failures += sum_ints("%d and %d", 40, 2) != 42;
#ifdef WFPCERT_WEAK
    failures += wfpcert_compat_absent != NULL;
#endif
    return failures;
}
#endif
