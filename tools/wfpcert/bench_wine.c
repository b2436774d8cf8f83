/*
 * bench_wine.c: `wfpcert bench fuzz --against wine` (issue 16 item 5): the same inputs, the
 * seeds of corpus/<target>/, through the model and through the real Winsock of the Windows
 * build under wine, in one run, so that "the model is at least 10x faster than a real stack"
 * is a measurement and not a claim.
 *
 * Both sides are the plain replay binaries (harness/driver_replay.c, no fuzzer runtime): the
 * model's of this build (<build>/harness/fuzz-<t>-replay, or --model-dir) and the Windows
 * build's (build/mingw/harness/fuzz-<t>-replay.exe, or --mingw-dir) run by wine with
 * WFPCERT_TARGET=native, WINEPREFIX=<mingw dir>/wineprefix and WINEDEBUG=-all, as
 * cmake/wine-run.cmake and the native ctests run them.  The model runs twice: as it fuzzes
 * (scene cache on) and building every input's scenario as the native target must
 * (WFPCERT_SNAPSHOTS=0).
 *
 * Why the difference of two runs: wine takes about a second to start a process, more than a
 * whole corpus takes on the model.  Each side runs the list once (--repeat 1) and K+1 times
 * (--repeat K+1) in one process; (T(K+1) - T(1)) / (K * inputs) is the wall time of one input
 * with the process's start-up, its first pass and its exit left out.  K is chosen per side so
 * that the K passes make at least --model-inputs (5000) or --wine-inputs (1000) executions: the
 * timed work must outweigh the jitter of a start-up (wine's is about a second).  Rounds are interleaved
 * (round, target, side) and the median of the rounds is reported.
 *
 * What is timed: first every input is run once on each side with --per-input, which names
 * each input as it finishes and says whether it ran in full or ended early (the native target
 * could not set its scenario up: without a vendor configuration nothing is redirected, and
 * wine has no WFP).  An input that ends its process there (an oracle finding: wine's answer is
 * not Windows'; a crash) is left out on both sides, named with its reason, and the list goes
 * on after it.  The inputs left are timed, all of them and, separately, those that ran in full
 * on both sides: the like-for-like figure, since an input that ends early does less under wine
 * than on the model.
 *
 * Goal (issue 16 item 5): per target, over the inputs both sides ran in full, wine's time per
 * input at least 10x the model's with the scene cache off (the stricter of the two model
 * figures).  A target with no such input is reported as not measurable; --check exits 1 when a
 * measured goal is missed or when no target could be measured.
 *
 * Exit: 0 measured, 1 a replay failed on the model or in a timed run, or --check and the goal
 * missed; 2 bad usage or a missing piece (the model's binaries, wine, the Windows build, a seed
 * folder: each named with what to install or build).
 */
#define _XOPEN_SOURCE 700
#include "commands.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "campaign.h"
#include "input.h"

#define MAX_TARGETS 16
#define MAX_INPUTS 512
#define GOAL_RATIO 10.0

typedef enum side { S_MODEL, S_MODEL_BUILT, S_WINE, S_COUNT } side;
static const char *const side_names[S_COUNT] = {"model", "model, scene cache off", "wine"};

typedef struct wopts {
    const char *model_dir, *mingw_dir, *corpus, *wine;
    long inputs[2], rounds; /* inputs[0]: the model's, [1]: wine's; timed executions per run */
    int check, keep;
    char *targets[MAX_TARGETS];
    int ntargets;
} wopts;

typedef struct input {
    char *path;
    int early[S_COUNT]; /* ended early on that side (the qualifying pass) */
    int left_out; /* ended its process on some side: not timed */
    char why[200];
} input;

typedef struct tset {
    const char *target;
    input in[MAX_INPUTS];
    int n, nkept, nfull, nearly_wine, nleft_out, model_failed;
    double us[2][S_COUNT][64]; /* [0: every timed input, 1: in full on both][side][round] */
} tset;

static char scratch[] = "/tmp/wfpcert-bench-wine-XXXXXX";

static void usage(FILE *f) {
    fprintf(
        f,
        "usage: wfpcert bench fuzz --against wine [--targets a,b] [--model-inputs N] [--wine-inputs N] [--rounds N]\n"
        "                          [--model-dir DIR] [--mingw-dir DIR] [--corpus DIR] [--keep] [--check]\n\n"
        "Replays the seeds of corpus/<target>/ through the model's replay binaries (this build's harness/,\n"
        "or --model-dir) and through the Windows build's under wine (--mingw-dir, default build/mingw:\n"
        "WFPCERT_TARGET=native, WINEPREFIX=<mingw dir>/wineprefix, WINEDEBUG=-all), interleaved, and prints\n"
        "microseconds per input on each side and the ratio wine/model.  Each side runs the list once and\n"
        "K+1 times in one process, the K passes making at least --model-inputs (default 5000) or\n"
        "--wine-inputs (default 1000) executions; the difference leaves start-up out.  Median of --rounds\n"
        "(default 3).  Inputs that end their process under wine (an oracle finding, a crash) are named and\n"
        "left out on both sides; inputs the native target cannot set up (they end early) are counted, and\n"
        "the ratio is also given over the inputs both sides ran in full.  Goal: the model (scene cache\n"
        "off) at least 10x faster over those inputs; --check exits 1 when it is missed or not measurable\n"
        "anywhere.  Targets: ioctl,cmsg,records,sequence,chain plus empty (the baseline).  Run from the\n"
        "source root.\n");
}

static int parse_count(const char *flag, const char *v, long max, long *out) {
    char *end;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || *end || n <= 0 || n > max) {
        fprintf(stderr, "wfpcert bench fuzz: %s wants a number from 1 to %ld, not '%s'\n", flag, max, v ? v : "");
        return -1;
    }
    *out = n;
    return 0;
}

/* <build>/harness seen from this program in <build>/tools/wfpcert. */
static const char *own_harness_dir(void) {
    static char dir[1100];
    char here[900];
    ssize_t len = readlink("/proc/self/exe", here, sizeof here - 1);
    if (len <= 0) return "build/default/harness";
    here[len] = 0;
    char *slash = strrchr(here, '/');
    if (slash) *slash = 0;
    snprintf(dir, sizeof dir, "%s/../../harness", here);
    return dir;
}

static int parse(int argc, char **argv, wopts *o) {
    static char list[512] = "ioctl,cmsg,records,sequence,chain";
    *o = (wopts){own_harness_dir(), "build/mingw", "corpus", NULL, {5000, 1000}, 3, 0, 0, {NULL}, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
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
        } else if (!strcmp(a, "--against")) {
            if (strcmp(v, "wine")) {
                fprintf(stderr, "wfpcert bench fuzz: --against %s: the only real stack it runs is wine\n", v);
                return -1;
            }
            i++;
        } else if (!strcmp(a, "--targets"))
            snprintf(list, sizeof list, "%s", argv[++i]);
        else if (!strcmp(a, "--model-dir"))
            o->model_dir = argv[++i];
        else if (!strcmp(a, "--mingw-dir"))
            o->mingw_dir = argv[++i];
        else if (!strcmp(a, "--corpus"))
            o->corpus = argv[++i];
        else if (!strcmp(a, "--model-inputs") || !strcmp(a, "--wine-inputs")) {
            if (parse_count(a, v, 10000000, &o->inputs[a[2] == 'w'])) return -1;
            i++;
        } else if (!strcmp(a, "--rounds")) {
            if (parse_count(a, v, 64, &o->rounds)) return -1;
            i++;
        } else {
            fprintf(stderr, "wfpcert bench fuzz: %s: not an option of --against wine\n", a);
            return -1;
        }
    }
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

static void bin_path(const wopts *o, const char *t, side s, char *out, size_t cap) {
    if (s == S_WINE)
        snprintf(out, cap, "%s/harness/fuzz-%s-replay.exe", o->mingw_dir, t);
    else
        snprintf(out, cap, "%s/fuzz-%s-replay", o->model_dir, t);
}

/* Every piece before anything runs, each one missing named with what provides it. */
static int check_inputs(wopts *o) {
    int bad = 0;
    struct stat st;
    for (int i = 0; i < o->ntargets; i++) {
        const char *t = o->targets[i];
        char p[1200];
        bin_path(o, t, S_MODEL, p, sizeof p);
        if (access(p, X_OK)) {
            fprintf(stderr,
                    "wfpcert bench fuzz: %s: %s (the model's replay binary: cmake --build <build> --target "
                    "fuzz-%s-replay, or --model-dir DIR)\n",
                    p, strerror(errno), t);
            bad = 1;
        }
        bin_path(o, t, S_WINE, p, sizeof p);
        if (access(p, R_OK)) {
            fprintf(
                stderr,
                "wfpcert bench fuzz: %s: %s (the Windows build: cmake -S . -B build/mingw --toolchain "
                "cmake/toolchain-mingw64.cmake && cmake --build build/mingw, docs/WINDOWS.md; or --mingw-dir DIR)\n",
                p, strerror(errno));
            bad = 1;
        }
        snprintf(p, sizeof p, "%s/%s", o->corpus, t);
        if (stat(p, &st) || !S_ISDIR(st.st_mode)) {
            fprintf(stderr,
                    "wfpcert bench fuzz: %s: no seed folder (unknown target, or not run from the source root?)\n", p);
            bad = 1;
        }
    }
    const char *w = wf_bench_in_path("wine");
    if (!w) w = wf_bench_in_path("wine64");
    if (!w) {
        fprintf(stderr, "wfpcert bench fuzz: wine is not in PATH (apt-get install wine, or sh tools/bootstrap.sh deps "
                        "windows)\n");
        bad = 1;
    } else if (!(o->wine = strdup(w)))
        bad = 1;
    return bad ? -1 : 0;
}

/* The environment of one side: the target the replay opens, the scene cache, wine's prefix. */
static void set_env(const wopts *o, side s) {
    static char prefix[PATH_MAX + 16];
    char abs[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s/wineprefix",
             realpath(o->mingw_dir, abs) ? abs : o->mingw_dir); /* wine wants it absolute */
    setenv("WFPCERT_TARGET", s == S_WINE ? "native" : "model", 1);
    if (s == S_MODEL_BUILT)
        setenv("WFPCERT_SNAPSHOTS", "0", 1);
    else
        unsetenv("WFPCERT_SNAPSHOTS");
    setenv("WINEPREFIX", prefix, 1);
    setenv("WINEDEBUG", "-all", 1);
    unsetenv("DISPLAY"); /* no window may open, whatever happens */
    unsetenv("WFPCERT_FAULTS");
}

/* Runs the replay of t on side s over paths[0..n) with --repeat reps; log gets stdout and
 * stderr.  Returns the exit status and the wall time in *seconds. */
static int run_replay(const wopts *o, const char *t, side s, char **paths, int n, long reps, int per_input,
                      const char *log, double *seconds) {
    static char *argv[MAX_INPUTS + 16];
    char bin[1200], a_reps[32];
    int k = 0;
    bin_path(o, t, s, bin, sizeof bin);
    snprintf(a_reps, sizeof a_reps, "%ld", reps);
    if (s == S_WINE) argv[k++] = (char *)o->wine;
    argv[k++] = bin;
    if (per_input) argv[k++] = "--per-input";
    argv[k++] = "--repeat";
    argv[k++] = a_reps;
    for (int i = 0; i < n; i++) argv[k++] = paths[i];
    argv[k] = NULL;
    set_env(o, s);
    double t0 = wf_bench_now();
    int rc = wh_run_logged(argv, log);
    *seconds = wf_bench_now() - t0;
    return rc;
}

static int collect(const char *path, void *arg) {
    tset *ts = arg;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!strcmp(base, "NOTES") || !strncmp(base, "README", 6)) return 0; /* as the replay skips them */
    if (ts->n == MAX_INPUTS) return -1;
    input *in = &ts->in[ts->n++];
    memset(in, 0, sizeof *in);
    return (in->path = strdup(path)) ? 0 : -1;
}

/* The first line of log that starts with prefix, without its newline, into out; 0 when found. */
static int log_line(const char *log, const char *prefix, char *out, size_t cap) {
    FILE *f = fopen(log, "r");
    if (!f) return -1;
    char line[2048];
    int found = -1;
    while (found && fgets(line, sizeof line, f))
        if (!strncmp(line, prefix, strlen(prefix))) {
            line[strcspn(line, "\r\n")] = 0;
            snprintf(out, cap, "%s", line);
            found = 0;
        }
    fclose(f);
    return found;
}

/* The qualifying pass of side s: every input not yet left out, once, --per-input.  Marks the
 * inputs that ended early; an input that ends the process is left out with its reason and the
 * list goes on after it.  Returns the number left out on this side, -1 when the replay fails in
 * a way that names no input. */
static int qualify(const wopts *o, tset *ts, side s) {
    char *paths[MAX_INPUTS];
    int idx[MAX_INPUTS], n = 0, left = 0, run = 0;
    for (int i = 0; i < ts->n; i++)
        if (!ts->in[i].left_out) idx[n] = i, paths[n++] = ts->in[i].path;
    for (int from = 0; from < n; run++) {
        char log[1200];
        snprintf(log, sizeof log, "%s/%s-%s-qualify-%d.log", scratch, ts->target, s == S_WINE ? "wine" : "model", run);
        double sec;
        int rc = run_replay(o, ts->target, s, paths + from, n - from, 1, 1, log, &sec);
        /* Which inputs finished: their lines, in order. */
        FILE *f = fopen(log, "r");
        int done = 0;
        char line[2048];
        while (f && fgets(line, sizeof line, f)) {
            if (strncmp(line, "input: ", 7) || from + done >= n) continue;
            input *in = &ts->in[idx[from + done]];
            size_t pl = strlen(in->path);
            if (strncmp(line + 7, in->path, pl) || strncmp(line + 7 + pl, ": ", 2)) break; /* not the expected input */
            in->early[s] = !strncmp(line + 9 + pl, "ended early", 11);
            done++;
        }
        if (f) fclose(f);
        if (rc == 0 && from + done == n) break;
        if (from + done >= n) {
            fprintf(stderr, "wfpcert bench fuzz: %s on %s: every input finished, then exit %d; see %s\n", ts->target,
                    side_names[s], rc, log);
            return -1;
        }
        input *bad = &ts->in[idx[from + done]];
        char why[180];
        if (log_line(log, "wfpcert oracle: ", why, sizeof why))
            snprintf(why, sizeof why, "exit %d (no oracle line)", rc);
        snprintf(bad->why, sizeof bad->why, "%s: %s", side_names[s], why);
        bad->left_out = 1;
        left++;
        from += done + 1;
    }
    return left;
}

#define RUN_FAILED (-1e30)

/* The per-input time of side s over the inputs of set (0: every kept input, 1: in full on both):
 * (T(K+1) - T(1)) / (K * n), in microseconds (at or below 0 when start-up jitter outweighed the
 * work); RUN_FAILED when a run failed or counted differently. */
static double time_set(const wopts *o, tset *ts, side s, int set, int round) {
    char *paths[MAX_INPUTS];
    int n = 0, early = 0;
    for (int i = 0; i < ts->n; i++) {
        input *in = &ts->in[i];
        if (in->left_out || (set && (in->early[S_WINE] || in->early[S_MODEL]))) continue;
        paths[n++] = in->path;
        early += in->early[s];
    }
    if (!n) return RUN_FAILED;
    double sec[2];
    /* K passes more than the first: at least the side's --*-inputs executions to time */
    long k = (o->inputs[s == S_WINE] + n - 1) / n, reps[2] = {1, k + 1};
    for (int j = 0; j < 2; j++) {
        char log[1200], want[128], got[256];
        snprintf(log, sizeof log, "%s/%s-%s-%s-r%d-x%ld.log", scratch, ts->target,
                 s == S_WINE    ? "wine"
                 : s == S_MODEL ? "model"
                                : "model-built",
                 set ? "full" : "all", round, reps[j]);
        int rc = run_replay(o, ts->target, s, paths, n, reps[j], 0, log, &sec[j]);
        /* the summary must count what the qualifying pass saw, once per pass */
        if (early)
            snprintf(want, sizeof want, "ran %ld input(s); %ld ended early", n * reps[j], early * reps[j]);
        else
            snprintf(want, sizeof want, "ran %ld input(s)", n * reps[j]);
        if (rc || log_line(log, "ran ", got, sizeof got) || strncmp(got, want, strlen(want)) ||
            (!early && strlen(got) != strlen(want))) {
            fprintf(stderr, "wfpcert bench fuzz: %s on %s: exit %d, expected \"%s\"; see %s\n", ts->target,
                    side_names[s], rc, want, log);
            return RUN_FAILED;
        }
    }
    return (sec[1] - sec[0]) / ((double)k * n) * 1e6;
}

/* The median of the rounds; -1 when a run failed or the median is not above 0 (jitter). */
static double median_of(const tset *ts, int set, side s, int rounds) {
    double v[64];
    for (int r = 0; r < rounds; r++) {
        if (ts->us[set][s][r] == RUN_FAILED) return -1;
        v[r] = ts->us[set][s][r];
    }
    double m = wf_bench_median(v, rounds);
    return m > 0 ? m : -1;
}

static void put_us(double us) {
    if (us > 0)
        printf(" %.1f |", us);
    else
        printf(" - |");
}

static void put_ratio(double wine, double model) {
    if (wine > 0 && model > 0)
        printf(" %.1fx |", wine / model);
    else
        printf(" - |");
}

int wf_bench_fuzz_wine_main(int argc, char **argv) {
    static wopts o;
    if (parse(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    if (check_inputs(&o)) return 2;
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "wfpcert bench fuzz: cannot create a folder under /tmp: %s\n", strerror(errno));
        return 2;
    }
    static tset ts[MAX_TARGETS];
    int failed = 0;

    /* wine's automatic debugger off in the build's prefix (as cmake/wine-run.cmake does): an
     * input that ends in an exception must end its process at once.  The first wine command also
     * creates the prefix, which takes a while. */
    printf("bench fuzz: wine prefix %s/wineprefix (%s)\n", o.mingw_dir, o.wine);
    fflush(stdout);
    {
        char log[1200];
        snprintf(log, sizeof log, "%s/wine-reg.log", scratch);
        char *reg[] = {
            (char *)o.wine, "reg",      "delete", "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug",
            "/v",           "Debugger", "/f",     NULL};
        set_env(&o, S_WINE);
        wh_run_logged(reg, log);
    }

    for (int i = 0; i < o.ntargets; i++) {
        tset *t = &ts[i];
        t->target = o.targets[i];
        char dir[1100], err[512];
        snprintf(dir, sizeof dir, "%s/%s", o.corpus, t->target);
        if (wh_each_file(dir, collect, t, err, sizeof err) || t->n == 0) {
            fprintf(stderr, "wfpcert bench fuzz: %s: %s\n", dir, t->n ? err : "no inputs");
            return 2;
        }
        printf("bench fuzz: %s: %d input(s): the qualifying pass ...\n", t->target, t->n);
        fflush(stdout);
        int lm = qualify(&o, t, S_MODEL), lw = lm < 0 ? 0 : qualify(&o, t, S_WINE);
        for (int j = 0; j < t->n; j++) t->in[j].early[S_MODEL_BUILT] = t->in[j].early[S_MODEL];
        if (lm != 0 || lw < 0) {
            if (lm) fprintf(stderr, "wfpcert bench fuzz: %s: the model's replay failed on its own seeds\n", t->target);
            t->model_failed = failed = 1;
            continue;
        }
        for (int j = 0; j < t->n; j++) {
            input *in = &t->in[j];
            if (in->left_out) {
                t->nleft_out++;
                printf("  left out: %s (%s)\n", in->path, in->why);
                continue;
            }
            t->nkept++;
            t->nearly_wine += in->early[S_WINE];
            t->nfull += !in->early[S_WINE] && !in->early[S_MODEL];
        }
    }

    for (long r = 0; r < o.rounds; r++)
        for (int i = 0; i < o.ntargets; i++) {
            tset *t = &ts[i];
            if (t->model_failed || !t->nkept) continue;
            printf("bench fuzz: round %ld of %ld: %s ...\n", r + 1, o.rounds, t->target);
            fflush(stdout);
            for (int set = 0; set < 2; set++) {
                if (set && (t->nfull == 0 || t->nfull == t->nkept)) continue; /* none, or the same as set 0 */
                for (side s = 0; s < S_COUNT; s++) {
                    double us = time_set(&o, t, s, set, (int)r);
                    if (us == RUN_FAILED) failed = 1;
                    t->us[set][s][r] = us;
                }
            }
        }

    printf("\n| target | inputs | left out (ended the process under wine) | ended early under wine | model us/input | "
           "model, scene cache off | wine us/input | wine/model | wine/model, cache off |\n"
           "|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < o.ntargets; i++) {
        tset *t = &ts[i];
        double m = median_of(t, 0, S_MODEL, (int)o.rounds), mb = median_of(t, 0, S_MODEL_BUILT, (int)o.rounds),
               w = median_of(t, 0, S_WINE, (int)o.rounds);
        printf("| fuzz_%s | %d | %d | %d |", t->target, t->n, t->nleft_out, t->nearly_wine);
        put_us(m), put_us(mb), put_us(w), put_ratio(w, m), put_ratio(w, mb);
        printf("\n");
    }
    printf("\nThe inputs both sides ran in full:\n\n"
           "| target | inputs | model us/input | model, scene cache off | wine us/input | wine/model | "
           "wine/model, cache off |\n|---|---|---|---|---|---|---|\n");
    int measured = 0, missed = 0;
    double goal_ratio[MAX_TARGETS];
    for (int i = 0; i < o.ntargets; i++) {
        tset *t = &ts[i];
        int set = t->nfull && t->nfull < t->nkept; /* the same inputs as every kept one: set 0 */
        double m = t->nfull ? median_of(t, set, S_MODEL, (int)o.rounds) : -1,
               mb = t->nfull ? median_of(t, set, S_MODEL_BUILT, (int)o.rounds) : -1,
               w = t->nfull ? median_of(t, set, S_WINE, (int)o.rounds) : -1;
        goal_ratio[i] = w > 0 && mb > 0 ? w / mb : -1;
        printf("| fuzz_%s | %d |", t->target, t->nfull);
        put_us(m), put_us(mb), put_us(w), put_ratio(w, m), put_ratio(w, mb);
        printf("\n");
    }
    printf("\nEach figure: the median of %ld round(s) of (T(list x (K+1)) - T(list x 1)) / (K x inputs), wall "
           "clock, K passes making at least %ld executions on the model, %ld under wine; model: %s, wine: "
           "%s/harness (WFPCERT_TARGET=native); scratch %s\n",
           o.rounds, o.inputs[0], o.inputs[1], o.model_dir, o.mingw_dir, scratch);
    printf("\ngoal: the model (scene cache off) at least %.0fx faster than wine per input, over the inputs both ran "
           "in full:\n",
           GOAL_RATIO);
    for (int i = 0; i < o.ntargets; i++) {
        tset *t = &ts[i];
        if (!strcmp(t->target, "empty")) continue; /* the baseline: no target, nothing to compare */
        if (goal_ratio[i] < 0) {
            printf("  fuzz_%s: not measurable: %s\n", t->target,
                   t->model_failed ? "the model's replay failed"
                   : t->nfull      ? "a timed run failed"
                                   : "no input ran in full under wine (the native target could not set them up)");
            if (t->nfull || t->model_failed) missed = 1;
            continue;
        }
        measured++;
        printf("  fuzz_%s: %.1fx over %d input(s), %s\n", t->target, goal_ratio[i], t->nfull,
               goal_ratio[i] >= GOAL_RATIO ? "met" : "MISSED");
        missed |= goal_ratio[i] < GOAL_RATIO;
    }
    if (!measured) {
        printf("  no target measured: the goal counts as missed\n");
        missed = 1;
    }
    if (!o.keep && !failed)
        wf_bench_rm_tree(scratch);
    else
        printf("scratch kept: %s\n", scratch);
    return failed || (o.check && missed) ? 1 : 0;
}
