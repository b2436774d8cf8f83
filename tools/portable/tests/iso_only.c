/*
 * iso_only.c: ISO C11 that only names GNU extensions, for portable_c.scan_ignores_text:
 * gnu-scan must not report what is in a comment or a literal, nor ISO uses of "..." and "##".
 * __attribute__((unused)), typeof, __builtin_trap, ({ and ?: in this comment are not code.
 */
#include <stdarg.h>
#include <stdio.h>

#define JOIN(a, b) a##b
#define FIRST(...) first_of(__VA_ARGS__)

static const char *message = "__attribute__((format(printf, 1, 2))) and ({ 0; }) in a string";
static const char quote = '\'';

int first_of(int n, ...);
int first_of(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int v = n ? va_arg(ap, int) : 0; // __builtin_va_arg would be the GNU spelling
    va_end(ap);
    return v;
}

int iso_only(int JOIN(x, y)) {
    int flag = xy ? 1 : 0;
    printf("%s %c\n", message, quote);
    return flag + FIRST(1, 2);
}
