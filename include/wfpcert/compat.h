/*
 * wfpcert/compat.h: the only place where code that builds for Windows may use compiler
 * extensions.  The Windows side (runner, catalogue, CLI, native/, fuzz drivers, reports,
 * proxies) must compile with MSVC as well as with gcc and clang, so a GNU attribute written in
 * a source file would break the vendors' toolchain.  Each macro below is an annotation that
 * helps a compiler check or place code; none of them changes what the program does, so every
 * branch may define it as nothing.  The ctest portable_c.* (tools/portable/) fails on a GNU
 * extension anywhere else, and compiles tools/portable/compat_test.c in every branch.
 *
 * Branches (WFPCERT_COMPAT_BRANCH says which one was taken):
 *   1 MSVC  cl.exe (not clang-cl, which understands the GNU spelling)
 *   2 GNU   gcc, clang, clang-cl, mingw-w64
 *   3 ISO   anything else: every macro is empty
 * WFPCERT_COMPAT_FORCE_MSVC and WFPCERT_COMPAT_FORCE_ISO pick a branch by hand, so that the
 * branches MSVC and other compilers take are compiled on a machine without them.
 */
#ifndef WFPCERT_COMPAT_H
#define WFPCERT_COMPAT_H

#if defined(WFPCERT_COMPAT_FORCE_MSVC) ||                                                                              \
    (defined(_MSC_VER) && !defined(__clang__) && !defined(WFPCERT_COMPAT_FORCE_ISO))
#define WFPCERT_COMPAT_BRANCH 1
#elif (defined(__GNUC__) || defined(__clang__)) && !defined(WFPCERT_COMPAT_FORCE_ISO)
#define WFPCERT_COMPAT_BRANCH 2
#else
#define WFPCERT_COMPAT_BRANCH 3
#endif

#if WFPCERT_COMPAT_BRANCH == 1
/* ------------------------------------------------------------------ MSVC */
/* printf checking: cl has none outside /analyze; the C runtime prints C99 formats (%zu, %lld)
 * since Visual Studio 2015, so the formats need nothing either. */
#define WFPCERT_PRINTF(fmt_index, first_arg)
#define WFPCERT_NOINLINE __declspec(noinline)
/* fuzz_one of the WinAFL driver: in the export table, so the fuzzers find it without a PDB */
#define WFPCERT_EXPORT __declspec(dllexport)
/* no per-function coverage switch of cl is used: under /fsanitize=fuzzer the scene cache is counted */
#define WFPCERT_NO_COVERAGE
/* thread-local storage: __declspec(thread) is Microsoft's long-standing spelling (whether a given cl
 * takes C11 _Thread_local was not checked: no cl on the machines this was written on) */
#define WFPCERT_THREAD_LOCAL __declspec(thread)

#elif WFPCERT_COMPAT_BRANCH == 2
/* ------------------------------------------------------------------ gcc, clang, mingw-w64 */
/* mingw-w64's "printf" archetype is msvcrt's (no %zu); the build prints through mingw-w64's
 * C99 printf (__USE_MINGW_ANSI_STDIO, cmake/toolchain-mingw64.cmake), which is gnu_printf. */
#if defined(__MINGW32__)
#define WFPCERT_PRINTF(fmt_index, first_arg) __attribute__((format(gnu_printf, fmt_index, first_arg)))
#else
#define WFPCERT_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#endif
#define WFPCERT_NOINLINE __attribute__((noinline))
#if defined(_WIN32)
#define WFPCERT_EXPORT __declspec(dllexport)
#else
/* an executable's dynamic symbol table holds it only when it is used and visible */
#define WFPCERT_EXPORT __attribute__((visibility("default"), used))
#endif
#if defined(__clang__)
/* noinline: an uninstrumented helper inlined into an instrumented caller is instrumented there
 * (a hash loop over a caller's buffer took a coverage counter per byte in wh_ioctl) */
#define WFPCERT_NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#else
#define WFPCERT_NO_COVERAGE
#endif
/* A symbol that is there only in some builds (the sanitizer runtimes); test its address
 * before calling.  Only this branch has it: code using it must check #ifdef WFPCERT_WEAK. */
#define WFPCERT_WEAK __attribute__((weak))
#define WFPCERT_THREAD_LOCAL _Thread_local

#else
/* ------------------------------------------------------------------ ISO C11 */
#define WFPCERT_PRINTF(fmt_index, first_arg)
#define WFPCERT_NOINLINE
#define WFPCERT_EXPORT
#define WFPCERT_NO_COVERAGE
#define WFPCERT_THREAD_LOCAL _Thread_local
#endif

#endif /* WFPCERT_COMPAT_H */
