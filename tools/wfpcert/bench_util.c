/*
 * bench_util.c: helpers of the `wfpcert bench` sub-commands (bench_util.h), kept in one place
 * so that every benchmark times, takes medians and cleans up the same way.
 */
#ifndef _WIN32
#define _XOPEN_SOURCE 700 /* nftw */
#endif
#include "bench_util.h"
#include "wsys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef _WIN32
#include <ftw.h>
#include <unistd.h>
#endif

double wf_bench_now(void) { return (double)wsys_monotonic_ns() / 1e9; }

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double wf_bench_median(double *v, int n) {
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#ifndef _WIN32
const char *wf_bench_in_path(const char *name) {
    static char found[1024];
    const char *path = getenv("PATH");
    if (!path) path = "/usr/bin:/bin";
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(found, sizeof found, "%.*s/%s", (int)n, p, name);
        if (n && access(found, X_OK) == 0) return found;
        p += n + (p[n] == ':');
    }
    return NULL;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void wf_bench_rm_tree(const char *dir) { nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS); }
#else
const char *wf_bench_in_path(const char *name) { return (void)name, NULL; }
void wf_bench_rm_tree(const char *dir) { (void)dir; }
#endif
