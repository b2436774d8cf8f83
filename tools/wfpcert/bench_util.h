/*
 * bench_util.h: what the `wfpcert bench` sub-commands share: a monotonic clock, the median of
 * their rounds, a PATH lookup for the tools they run and the removal of their scratch folders.
 */
#ifndef WFPCERT_TOOLS_BENCH_UTIL_H
#define WFPCERT_TOOLS_BENCH_UTIL_H

/* Seconds on a monotonic clock. */
double wf_bench_now(void);
/* The median of v[0..n) (sorts v); the mean of the two middle values when n is even. */
double wf_bench_median(double *v, int n);
/* The path of program name in PATH, in a static buffer; NULL when not found. */
const char *wf_bench_in_path(const char *name);
/* Removes dir and everything under it (POSIX; does nothing on Windows). */
void wf_bench_rm_tree(const char *dir);

#endif
