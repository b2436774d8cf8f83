/*
 * bench_fuzz.c: `wfpcert bench fuzz`: executions per second of every fuzz target under
 * libFuzzer and under AFL++, each beside the empty target (harness/fuzz_empty.c) built the
 * same way and measured in the same run, so that the figure that matters is a ratio and
 * does not depend on the machine's speed of the day.
 *
 * Why fixed run counts: a fixed time makes the slow targets look better than they are (a
 * larger share of the time goes to the start-up), and two runs of the same command do the
 * same work.  libFuzzer gets -runs=N -seed=S from corpus/<target>/ into a scratch corpus
 * under /tmp (the checked-in corpus is never written); the rate is the executed units it
 * reports (-print_final_stats=1) over the wall time of the whole process.  AFL++ runs
 * afl-fuzz -E N (persistent mode, shared-memory test cases: the fuzz-<target>-afl binaries)
 * with AFL_NO_UI, AFL_SKIP_CPUFREQ and AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES, one instance,
 * and takes execs_per_sec from its fuzzer_stats.
 *
 * The goals (docs/PERFORMANCE.md) are printed under the table: fuzz_ioctl and fuzz_sequence
 * at least 2x the exec/s of an older build's binaries (--reference DIR), run in the same
 * invocation target by target, right after the new ones (issue 16 item 2, which retired the
 * goals against fuzz_empty, 25% and 5%, still printed for information); AFL++ persistent
 * fuzz_ioctl >= 10,000 exec/s on one core.
 *
 * Exit: 0 measured (goals are reported, and fail the run only with --check), 1 a target
 * failed (crash, or no executions reported) or --check and a goal missed, 2 bad usage or a
 * missing binary or tool (the message names what to build).
 */
#include "commands.h"

#ifndef WFPCERT_HAVE_HARNESS /* Windows: the campaign and its runner are POSIX (harness/CMakeLists.txt) */
#include <stdio.h>
int wf_bench_fuzz_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "wfpcert bench fuzz: this build has no fuzz campaign (harness/ on Linux)\n");
    return 2;
}
#else
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "campaign.h"

#define MAX_TARGETS 16
#define MAX_FLAGS 16

/* E_REF: libFuzzer binaries of an older build (--reference DIR), run beside the new ones. */
typedef enum engine { E_LIBFUZZER, E_AFL, E_REF, E_COUNT } engine;
static const char *const engine_names[E_COUNT] = {"libFuzzer", "AFL++", "libFuzzer, reference"};
#define GOAL_VS_REFERENCE 2.0 /* issue 16 item 2: fuzz_ioctl and fuzz_sequence, new / reference */

typedef struct bopts {
    const char *dir[E_COUNT], *corpus, *afl_fuzz; /* dir[E_REF]: --reference */
    long runs[E_COUNT], empty_runs[E_COUNT];
    int use[E_COUNT], seed, keep, check, afl_max_seconds;
    const char *lf_flags[MAX_FLAGS];
    int nlf_flags;
    char *targets[MAX_TARGETS];
    int ntargets;
} bopts;

typedef struct result {
    const char *target;
    engine e;
    long long execs;
    double seconds, rate; /* rate: exec/s */
    int failed;
} result;

static void usage(FILE *f) {
    fprintf(f,
            "usage: wfpcert bench fuzz [--engine libfuzzer|afl|both] [--targets a,b] [--runs N] [--empty-runs N]\n"
            "                          [--afl-runs N] [--afl-empty-runs N] [--seed N] [--libfuzzer-dir DIR]\n"
            "                          [--afl-dir DIR] [--corpus DIR] [--libfuzzer-flag -FLAG=V]... [--reference DIR]\n"
            "                          [--keep] [--check]\n\n"
            "Runs every fuzz target and fuzz_empty with a fixed number of executions and prints exec/s and the\n"
            "ratio to fuzz_empty of the same engine.  Defaults: both engines; targets ioctl,cmsg,records,\n"
            "sequence,chain; libFuzzer -runs 200000 (empty 2000000), AFL++ -E 100000 (empty 1000000); seed 1;\n"
            "binaries in build/libfuzzer/harness (cmake --preset libfuzzer && cmake --build build/libfuzzer) and\n"
            "build/afl/harness (cmake --preset afl && cmake --build build/afl); seeds and dictionaries in corpus/.\n"
            "--libfuzzer-flag passes a flag to every libFuzzer run, empty included.  --reference DIR: the\n"
            "libFuzzer binaries of an older build (copy its build/libfuzzer/harness/fuzz-* aside), each run\n"
            "right after the new one with the same flags; goal: fuzz_ioctl and fuzz_sequence at least 2x the\n"
            "reference's exec/s.  --check: exit 1 when a goal is missed (the 2x goal needs --reference).\n"
            "Run from the source root.  `wfpcert bench fuzz --against wine --help`: the same seeds on the model\n"
            "and through the Windows build's native target under wine.\n");
}

static int is_exe(const char *p) { return access(p, X_OK) == 0; }

/* wh_run_logged (the campaign's runner, harness/campaign.c) with its wall time. */
static int spawn_timed(char *const argv[], const char *log, double *seconds) {
    double t0 = wf_bench_now();
    int rc = wh_run_logged(argv, log);
    *seconds = wf_bench_now() - t0;
    return rc;
}

/* The first number after `key` on a line of file (libFuzzer's final stats, AFL's fuzzer_stats). */
static int read_stat(const char *file, const char *key, double *v) {
    FILE *in = fopen(file, "r");
    if (!in) return -1;
    char line[1024];
    int found = -1;
    size_t k = strlen(key);
    while (found && fgets(line, sizeof line, in)) {
        if (strncmp(line, key, k)) continue;
        char *p = line + k;
        p += strspn(p, " \t:");
        char *end;
        double d = strtod(p, &end);
        if (end != p) *v = d, found = 0;
    }
    fclose(in);
    return found;
}

static void measure(const bopts *o, const char *scratch, const char *t, engine e, result *r) {
    char bin[1024], seeds[1024], dict[1024], work[1100], log[1200], stats[1300];
    memset(r, 0, sizeof *r);
    r->target = t;
    r->e = e;
    int empty = strcmp(t, "empty") == 0;
    engine cfg = e == E_REF ? E_LIBFUZZER : e; /* the reference runs exactly as libFuzzer does */
    long runs = empty ? o->empty_runs[cfg] : o->runs[cfg];
    snprintf(bin, sizeof bin, "%s/fuzz-%s%s", o->dir[e], t, e == E_AFL ? "-afl" : "");
    snprintf(seeds, sizeof seeds, "%s/%s", o->corpus, t);
    snprintf(dict, sizeof dict, "%s/%s.dict", o->corpus, t);
    snprintf(work, sizeof work, "%s/%s-%s", scratch, e == E_AFL ? "afl" : e == E_REF ? "reference" : "libfuzzer", t);
    snprintf(log, sizeof log, "%s.log", work);
    mkdir(work, 0777);
    char a_runs[64], a_seed[64], a_dict[1100], a_v[32];
    char *argv[64];
    int n = 0, rc;
    if (e != E_AFL) {
        snprintf(a_runs, sizeof a_runs, "-runs=%ld", runs);
        snprintf(a_seed, sizeof a_seed, "-seed=%d", o->seed);
        snprintf(a_dict, sizeof a_dict, "-dict=%s", dict);
        argv[n++] = bin;
        argv[n++] = a_seed;
        argv[n++] = a_runs;
        argv[n++] = "-print_final_stats=1";
        argv[n++] = "-error_exitcode=77";
        if (access(dict, R_OK) == 0) argv[n++] = a_dict;
        for (int i = 0; i < o->nlf_flags; i++) argv[n++] = (char *)o->lf_flags[i];
        argv[n++] = work;
        argv[n++] = seeds;
        argv[n] = NULL;
        rc = spawn_timed(argv, log, &r->seconds);
        double v = 0;
        if (read_stat(log, "stat::number_of_executed_units", &v) == 0 || read_stat(log, "Done", &v) == 0)
            r->execs = (long long)v;
        r->rate = r->seconds > 0 ? r->execs / r->seconds : 0;
    } else {
        char a_out[1200];
        snprintf(a_runs, sizeof a_runs, "%ld", runs);
        snprintf(a_v, sizeof a_v, "%d", o->afl_max_seconds);
        snprintf(a_seed, sizeof a_seed, "%d", o->seed);
        snprintf(a_out, sizeof a_out, "%s/out", work);
        argv[n++] = (char *)o->afl_fuzz;
        argv[n++] = "-i";
        argv[n++] = seeds;
        argv[n++] = "-o";
        argv[n++] = a_out;
        argv[n++] = "-s";
        argv[n++] = a_seed;
        argv[n++] = "-E";
        argv[n++] = a_runs;
        argv[n++] = "-V"; /* a safety net only: -E ends the run */
        argv[n++] = a_v;
        if (access(dict, R_OK) == 0) {
            argv[n++] = "-x";
            argv[n++] = dict;
        }
        argv[n++] = "--";
        argv[n++] = bin;
        argv[n] = NULL;
        /* As `wfpcert fuzz --engine afl` runs it (campaign.c). */
        static const char *const env[] = {"AFL_NO_UI", "AFL_SKIP_CPUFREQ", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES",
                                          "AFL_NO_AFFINITY"};
        for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) setenv(env[i], "1", 1);
        rc = spawn_timed(argv, log, &r->seconds);
        snprintf(stats, sizeof stats, "%s/default/fuzzer_stats", a_out);
        double v = 0;
        if (read_stat(stats, "execs_done", &v) == 0) r->execs = (long long)v;
        if (read_stat(stats, "execs_per_sec", &v) == 0) r->rate = v;
        double crashes = 0;
        if (read_stat(stats, "saved_crashes", &crashes) == 0 && crashes > 0) {
            fprintf(stderr, "wfpcert bench fuzz: %s under AFL++ saved %.0f crash(es): %s/default/crashes\n", t, crashes,
                    a_out);
            r->failed = 1;
        }
    }
    if (rc != 0 || r->execs <= 0 || r->rate <= 0) {
        fprintf(stderr, "wfpcert bench fuzz: %s under %s %s (exit %d, %lld executions); see %s\n", t, engine_names[e],
                rc ? "failed" : "reported no executions", rc, r->execs, log);
        r->failed = 1;
    }
}

static int parse_long(const char *flag, const char *v, long *out) {
    char *end;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || *end || n <= 0) {
        fprintf(stderr, "wfpcert bench fuzz: %s wants a positive number, not '%s'\n", flag, v ? v : "");
        return -1;
    }
    *out = n;
    return 0;
}

static int parse(int argc, char **argv, bopts *o) {
    static char list[512] = "ioctl,cmsg,records,sequence,chain";
    *o = (bopts){{"build/libfuzzer/harness", "build/afl/harness", NULL},
                 "corpus",
                 NULL,
                 {200000, 100000, 0},
                 {2000000, 1000000, 0},
                 {1, 1, 0},
                 1,
                 0,
                 0,
                 600,
                 {NULL},
                 0,
                 {NULL},
                 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n = 0;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--keep"))
            o->keep = 1;
        else if (!strcmp(a, "--check"))
            o->check = 1;
        else if (!v) {
            fprintf(stderr, "wfpcert bench fuzz: unknown option or missing value: %s\n", a);
            return -1;
        } else if (!strcmp(a, "--engine")) {
            o->use[E_LIBFUZZER] = !strcmp(v, "libfuzzer") || !strcmp(v, "both");
            o->use[E_AFL] = !strcmp(v, "afl") || !strcmp(v, "both");
            if (!o->use[E_LIBFUZZER] && !o->use[E_AFL]) {
                fprintf(stderr, "wfpcert bench fuzz: --engine %s: libfuzzer, afl or both\n", v);
                return -1;
            }
            i++;
        } else if (!strcmp(a, "--targets"))
            snprintf(list, sizeof list, "%s", argv[++i]);
        else if (!strcmp(a, "--libfuzzer-dir"))
            o->dir[E_LIBFUZZER] = argv[++i];
        else if (!strcmp(a, "--afl-dir"))
            o->dir[E_AFL] = argv[++i];
        else if (!strcmp(a, "--reference"))
            o->dir[E_REF] = argv[++i];
        else if (!strcmp(a, "--corpus"))
            o->corpus = argv[++i];
        else if (!strcmp(a, "--libfuzzer-flag")) {
            if (v[0] != '-' || o->nlf_flags == MAX_FLAGS) {
                fprintf(stderr, "wfpcert bench fuzz: --libfuzzer-flag %s: a libFuzzer flag (-name=value), at most %d\n",
                        v, MAX_FLAGS);
                return -1;
            }
            o->lf_flags[o->nlf_flags++] = argv[++i];
        } else {
            long *num = !strcmp(a, "--runs")             ? &o->runs[E_LIBFUZZER]
                        : !strcmp(a, "--empty-runs")     ? &o->empty_runs[E_LIBFUZZER]
                        : !strcmp(a, "--afl-runs")       ? &o->runs[E_AFL]
                        : !strcmp(a, "--afl-empty-runs") ? &o->empty_runs[E_AFL]
                                                         : NULL;
            if (num) {
                if (parse_long(a, v, num)) return -1;
            } else if (!strcmp(a, "--seed") || !strcmp(a, "--afl-max-seconds")) {
                if (parse_long(a, v, &n) || n > 1000000) return -1;
                *(!strcmp(a, "--seed") ? &o->seed : &o->afl_max_seconds) = (int)n;
            } else {
                fprintf(stderr, "wfpcert bench fuzz: unknown option %s\n", a);
                return -1;
            }
            i++;
        }
    }
    o->use[E_REF] = o->dir[E_REF] && o->use[E_LIBFUZZER];
    o->targets[o->ntargets++] = "empty";
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (o->ntargets == MAX_TARGETS) {
            fprintf(stderr, "wfpcert bench fuzz: at most %d targets\n", MAX_TARGETS - 1);
            return -1;
        }
        if (strcmp(t, "empty")) o->targets[o->ntargets++] = t;
    }
    return 0;
}

/* Every binary, the seeds and afl-fuzz before anything runs: a half-measured table is no use. */
static int check_inputs(bopts *o) {
    static const char *const build[E_COUNT] = {"cmake --preset libfuzzer && cmake --build build/libfuzzer -j2",
                                               "cmake --preset afl && cmake --build build/afl -j2",
                                               "the libfuzzer preset of the older tree"};
    static const char *const flag[E_COUNT] = {"--libfuzzer-dir", "--afl-dir", "--reference"};
    int bad = 0;
    for (int e = 0; e < E_COUNT; e++) {
        if (!o->use[e]) continue;
        for (int i = 0; i < o->ntargets; i++) {
            char bin[1024];
            snprintf(bin, sizeof bin, "%s/fuzz-%s%s", o->dir[e], o->targets[i], e == E_AFL ? "-afl" : "");
            if (!is_exe(bin)) {
                fprintf(stderr, "wfpcert bench fuzz: %s: %s (build it: %s; or pass %s, or --engine %s)\n", bin,
                        strerror(errno), build[e], flag[e], e == E_AFL ? "libfuzzer" : "afl");
                bad = 1;
                break;
            }
        }
    }
    if (o->use[E_AFL] && !(o->afl_fuzz = wf_bench_in_path("afl-fuzz"))) {
        fprintf(stderr,
                "wfpcert bench fuzz: afl-fuzz is not in PATH (apt-get install afl++, or sh tools/bootstrap.sh deps "
                "fuzz; or --engine libfuzzer)\n");
        bad = 1;
    }
    struct stat st;
    if (stat(o->corpus, &st) || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "wfpcert bench fuzz: %s: not a folder (run from the source root, or --corpus DIR)\n",
                o->corpus);
        return -1;
    }
    for (int i = 0; i < o->ntargets; i++) {
        char seeds[1024];
        snprintf(seeds, sizeof seeds, "%s/%s", o->corpus, o->targets[i]);
        if (stat(seeds, &st) || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "wfpcert bench fuzz: %s: no seed folder (unknown target?)\n", seeds);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

static const char *fmt_int(double v, char *buf, size_t cap) {
    char raw[32], *out = buf;
    snprintf(raw, sizeof raw, "%.0f", v);
    size_t n = strlen(raw);
    for (size_t i = 0; i < n && (size_t)(out - buf) + 2 < cap; i++) {
        *out++ = raw[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n) *out++ = ',';
    }
    *out = 0;
    return buf;
}

/* One goal line: a ratio to empty (percent) when empty is given, else a rate.  Returns 1 when missed. */
static int goal(const char *what, double rate, double empty, double want) {
    char a[32];
    if (!rate) {
        printf("  %s: not measured\n", what);
        return 1;
    }
    double got = empty ? 100.0 * rate / empty : rate;
    if (empty)
        printf("  %s: %.2f%%, %s\n", what, got, got >= want ? "met" : "MISSED");
    else
        printf("  %s: %s exec/s, %s\n", what, fmt_int(got, a, sizeof a), got >= want ? "met" : "MISSED");
    return got < want;
}

int wf_bench_fuzz_main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) /* the real-stack comparison is a benchmark of its own (bench_wine.c) */
        if (!strcmp(argv[i], "--against")) return wf_bench_fuzz_wine_main(argc, argv);
    bopts o;
    if (parse(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    if (check_inputs(&o)) return 2;
    char scratch[] = "/tmp/wfpcert-bench-fuzz-XXXXXX";
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "wfpcert bench fuzz: cannot create a folder under /tmp: %s\n", strerror(errno));
        return 2;
    }
    static result res[E_COUNT * MAX_TARGETS];
    int nres = 0, failed = 0;
    /* libFuzzer and its reference target by target, one right after the other, then AFL++. */
    static const engine order[][2] = {{E_LIBFUZZER, E_REF}, {E_AFL, E_COUNT}};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (int i = 0; i < o.ntargets; i++)
            for (int j = 0; j < 2; j++) {
                engine e = order[k][j];
                if (e == E_COUNT || !o.use[e]) continue;
                printf("bench fuzz: %s under %s ...\n", o.targets[i], engine_names[e]);
                fflush(stdout);
                result *r = &res[nres++];
                measure(&o, scratch, o.targets[i], e, r);
                failed |= r->failed;
            }

    printf("\n| target | engine | executions | wall s | exec/s | ratio to empty |\n|---|---|---|---|---|---|\n");
    double empty_rate[E_COUNT] = {0}, ioctl_rate[E_COUNT] = {0}, seq_rate[E_COUNT] = {0};
    for (int i = 0; i < nres; i++) {
        result *r = &res[i];
        if (!strcmp(r->target, "empty") && !r->failed) empty_rate[r->e] = r->rate;
        if (!strcmp(r->target, "ioctl") && !r->failed) ioctl_rate[r->e] = r->rate;
        if (!strcmp(r->target, "sequence") && !r->failed) seq_rate[r->e] = r->rate;
        char a[32], b[32];
        printf("| fuzz_%s | %s | %s | %.2f | %s | ", r->target, engine_names[r->e],
               fmt_int((double)r->execs, a, sizeof a), r->seconds,
               r->failed ? "failed" : fmt_int(r->rate, b, sizeof b));
        if (r->failed || !empty_rate[r->e])
            printf("- |\n");
        else
            printf("%.2f%% |\n", 100.0 * r->rate / empty_rate[r->e]);
    }
    printf("\nlibFuzzer: -seed=%d, -runs=%ld (fuzz_empty %ld)", o.seed, o.runs[E_LIBFUZZER], o.empty_runs[E_LIBFUZZER]);
    for (int i = 0; i < o.nlf_flags; i++) printf(" %s", o.lf_flags[i]);
    printf("; AFL++: -s %d -E %ld (fuzz_empty %ld), no CmpLog; scratch %s\n", o.seed, o.runs[E_AFL],
           o.empty_runs[E_AFL], scratch);

    /* The goals. */
    int missed = 0;
    printf("\ngoals:\n");
    if (o.use[E_LIBFUZZER]) {
        /* Issue 16 item 2; the earlier goals against fuzz_empty (25%, 5%) were retired there as out
         * of reach with libFuzzer's own bookkeeping, and are printed for information only. */
        if (empty_rate[E_LIBFUZZER])
            printf("  (information) fuzz_ioctl %.2f%%, fuzz_sequence %.2f%% of fuzz_empty\n",
                   100.0 * ioctl_rate[E_LIBFUZZER] / empty_rate[E_LIBFUZZER],
                   100.0 * seq_rate[E_LIBFUZZER] / empty_rate[E_LIBFUZZER]);
        static const char *const names[2] = {"fuzz_ioctl", "fuzz_sequence"};
        const double *now_rates[2] = {&ioctl_rate[E_LIBFUZZER], &seq_rate[E_LIBFUZZER]};
        const double *ref_rates[2] = {&ioctl_rate[E_REF], &seq_rate[E_REF]};
        for (int g = 0; g < 2; g++) {
            if (!o.use[E_REF] || !*ref_rates[g] || !*now_rates[g]) {
                printf("  %s >= %.0fx the reference build's exec/s: not measured%s\n", names[g], GOAL_VS_REFERENCE,
                       o.use[E_REF] ? "" : " (needs --reference DIR)");
                missed = 1;
                continue;
            }
            double x = *now_rates[g] / *ref_rates[g];
            printf("  %s >= %.0fx the reference build's exec/s: %.2fx, %s\n", names[g], GOAL_VS_REFERENCE, x,
                   x >= GOAL_VS_REFERENCE ? "met" : "MISSED");
            missed |= x < GOAL_VS_REFERENCE;
        }
    }
    if (o.use[E_AFL])
        missed |= goal("AFL++ persistent fuzz_ioctl >= 10,000 exec/s on one core", ioctl_rate[1], 0, 10000);
    if (!o.keep && !failed)
        wf_bench_rm_tree(scratch);
    else
        printf("scratch kept: %s\n", scratch);
    return failed || (o.check && missed) ? 1 : 0;
}
#endif /* WFPCERT_HAVE_HARNESS */
