/*
 * bench_certify.c: `wfpcert bench certify`: how long `wfpcert certify` takes with worker
 * processes (--isolation reuse) against one process per case (--isolation fork), at --jobs 1
 * and at --jobs N, measured in one run so the ratios do not depend on the machine's speed of
 * the day.
 *
 * Each configuration is this same executable (/proc/self/exe) run as `certify --no-report
 * --plain --isolation M --jobs J`, its output thrown away; the rounds interleave the four
 * configurations and the figure is the median wall time.  Every run must exit 0 (the model
 * conforms): a failing run is no measurement.
 *
 * Goals (issue 16; docs/PERFORMANCE.md): reuse at least 4x faster than fork at --jobs N, and
 * reuse at --jobs N faster than at --jobs 1.  Exit: 0 measured (goals reported; they fail the
 * run only with --check), 1 a run failed or --check and a goal missed, 2 bad usage.
 */
#define _POSIX_C_SOURCE 200809L
#include "commands.h"
#include <stdio.h>
#ifdef _WIN32
int wf_bench_certify_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "wfpcert bench certify: Windows runs one process per case; there is nothing to compare\n");
    return 2;
}
#else
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

enum { CONFIGS = 4, MAX_ROUNDS = 50 };

/* Runs this program with args; the wall seconds, or -1 when it did not exit 0. */
static double run(char *const *args, int *status) {
    double t0 = wf_bench_now();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) dup2(fd, 1), dup2(fd, 2);
        execv("/proc/self/exe", args);
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0) {
    }
    double t = wf_bench_now() - t0;
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return *status == 0 ? t : -1;
}

static void usage(FILE *f) {
    fprintf(f, "usage: wfpcert bench certify [--rounds N] [--jobs N] [--check]\n\n"
               "Times `wfpcert certify --no-report` with --isolation fork and reuse at --jobs 1 and --jobs N\n"
               "(default: online CPUs, at least 2), N rounds (default 3) interleaved, and prints the median wall\n"
               "times and ratios.  Goals: reuse >= 4x faster than fork at --jobs N; reuse at --jobs N faster than\n"
               "at --jobs 1.  --check: exit 1 when a goal is missed.  Run it from the source root, where certify\n"
               "finds corpus/.\n");
}

int wf_bench_certify_main(int argc, char **argv) {
    int rounds = 3, check = 0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    char jobs_n[24];
    snprintf(jobs_n, sizeof jobs_n, "%ld", cpus < 2 ? 2 : cpus);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check")) {
            check = 1;
        } else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > MAX_ROUNDS) {
                fprintf(stderr, "wfpcert bench certify: --rounds wants 1 to %d, not '%s'\n", MAX_ROUNDS, argv[i]);
                return 2;
            }
            rounds = (int)n;
        } else if (!strcmp(argv[i], "--jobs") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 2 || n > 256) {
                fprintf(stderr, "wfpcert bench certify: --jobs wants 2 to 256, not '%s'\n", argv[i]);
                return 2;
            }
            snprintf(jobs_n, sizeof jobs_n, "%ld", n);
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "wfpcert bench certify: %s: unknown option (see --help)\n", argv[i]);
            return 2;
        }
    }
    static const char *const iso[CONFIGS] = {"fork", "reuse", "fork", "reuse"};
    const char *jobs[CONFIGS] = {"1", "1", jobs_n, jobs_n};
    double t[CONFIGS][MAX_ROUNDS];
    for (int r = 0; r < rounds; r++)
        for (int c = 0; c < CONFIGS; c++) {
            char *args[] = {"wfpcert",      "certify", "--no-report",   "--plain", "--isolation",
                            (char *)iso[c], "--jobs",  (char *)jobs[c], NULL};
            int status = 0;
            t[c][r] = run(args, &status);
            if (t[c][r] < 0) {
                fprintf(stderr,
                        "wfpcert bench certify: `wfpcert certify --isolation %s --jobs %s` exited %d: "
                        "no measurement (does the target conform? run it alone to see)\n",
                        iso[c], jobs[c], status);
                return 1;
            }
        }
    double m[CONFIGS];
    for (int c = 0; c < CONFIGS; c++) m[c] = wf_bench_median(t[c], rounds);
    printf("wfpcert certify, whole catalogue and corpus replay; median wall seconds of %d interleaved rounds\n\n",
           rounds);
    printf("| --jobs | --isolation fork | --isolation reuse | fork / reuse |\n|---|---|---|---|\n");
    for (int c = 0; c < CONFIGS; c += 2)
        printf("| %s | %.2f s | %.2f s | %.2fx |\n", jobs[c], m[c], m[c + 1], m[c] / m[c + 1]);
    double speedup = m[2] / m[3], scale = m[1] / m[3];
    int ok1 = speedup >= 4.0, ok2 = scale > 1.0;
    printf("\ngoal: reuse >= 4x faster than fork at --jobs %s: %.2fx, %s\n", jobs_n, speedup, ok1 ? "met" : "MISSED");
    printf("goal: reuse at --jobs %s faster than at --jobs 1: %.2fx, %s\n", jobs_n, scale, ok2 ? "met" : "MISSED");
    return check && !(ok1 && ok2) ? 1 : 0;
}
#endif
