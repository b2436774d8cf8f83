/*
 * bench_detect.c: `wfpcert bench detect`: the time a fuzzer takes to find each catalogued
 * fault of the model (issue 16 item 4).  Executions per second (bench fuzz) only matter if
 * they turn into findings; this measures the findings themselves.
 *
 * For every selected fault, engine (libFuzzer with ASan, AFL++ in persistent mode), start
 * (the checked-in seeds, or an empty corpus) and seed 1..N, each fuzz target runs with
 * WFPCERT_FAULTS=<fault> until its first finding or the time budget.  A campaign fuzzes every
 * target, so the fault's time is that of the fastest target; measuring every target costs a
 * run each, so by default the targets are tried one after the other, the one that found the
 * fault for the previous seed first, and the first to find it gives the time: an upper bound of
 * the fastest, which is all a goal needs.  --fastest runs every target, each for at most the
 * best time so far, and takes the shortest.
 * The figure is the median over the seeds, a miss counting as endless.
 *
 * A finding counts only when it is the fault's: its input, replayed on its own, must fail
 * with the fault on and pass with it off.  A crash that persists without the fault is a bug
 * of its own (reported, not counted); one that does not replay is state carried from earlier
 * inputs (reported, not counted).  For a behavioural fault the replay must fail in the
 * oracle ("wfpcert oracle:"), not in a sanitizer: the goal is that the oracle sees it.
 *
 * Goals (docs/PERFORMANCE.md): a memory-safety fault (wt_fault_memory_safety) found in 10 s
 * or less by both engines, a behavioural one in 60 s or less by the oracle; from the seeds and
 * from an empty corpus.  The time is the fuzzer's whole process, start-up and loading of the
 * seeds included: what a user waits for.  --check exits 1 when a goal is missed or was not
 * measured (an engine or a start left out).
 *
 * Mutants (--mutants SEED:COUNT, --mutants-from results.tsv): the same loop for every mutant of
 * tools/mutate that plain certify kills, the fault replaced by the mutant.  A mutant changes the
 * model's code, so it needs builds of its own: the tree (--source, default the current one) is
 * copied to a work folder as tools/mutate/run.sh does (the source tree is never touched), the
 * fuzz targets wanted are built there once unmutated and kept aside (the replay's reference),
 * then per mutant: apply, rebuild the same build folder (only the mutated file recompiles, then
 * the links), detect, restore.  Its finding counts when its input, replayed alone, fails on the
 * mutant's build and passes on the unmutated one; a mutant's class is not known, so its goal is
 * the behavioural one (60 s), and a sanitizer's or a crash's finding counts as found (its kind is
 * shown).  A killed mutant no run found is a miss, named by file:line and mutation.
 *
 * Exit: 0 measured, 1 --check and a goal missed, 2 bad usage or a missing binary or tool.
 */
#include "commands.h"

#ifndef WFPCERT_HAVE_HARNESS /* Windows: the fuzz engines are POSIX here (harness/CMakeLists.txt) */
#include <stdio.h>
int wf_bench_detect_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "wfpcert bench detect: this build has no fuzz campaign (harness/ on Linux)\n");
    return 2;
}
#else
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h> /* INFINITY, isinf: macros, no libm */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

/* E_FAST: the campaign's fast lane (libFuzzer without ASan, preset libfuzzer-fast), measured for
 * information: the goals belong to the two engines, and its findings are replayed under ASan as
 * the campaign replays them. */
enum { E_LIBFUZZER, E_AFL, E_FAST, E_COUNT };
enum { S_SEEDS, S_EMPTY, S_COUNT };
enum { MAX_FAULTS = 64, MAX_TARGETS = 8, MAX_SEEDS = 25, MAX_MUTANTS = 256 };
#define GOAL_MEMORY 10.0 /* seconds, every engine */
#define GOAL_BEHAVIOUR 60.0 /* seconds, by the oracle */

static const char *const engine_names[E_COUNT] = {"libFuzzer", "AFL++", "libFuzzer fast lane"};
static const char *const start_names[S_COUNT] = {"seeds", "empty"};

typedef struct dopts {
    const char *dir[E_COUNT], *corpus, *afl_fuzz;
    int use[E_COUNT], start[S_COUNT], nseeds, keep, check, fastest;
    double budget; /* 0: the goal of the fault's class */
    int faults[MAX_FAULTS], nfaults;
    char *targets[MAX_TARGETS];
    int ntargets;
    /* mutants: from a results.tsv, or a run of tools/mutate/run.sh (mseed, mcount) */
    const char *mutants_from, *source, *work;
    int mseed, mcount, nmutants;
    int mutant; /* the mutant being measured (index in mutants[]), -1: faults */
    char base[E_COUNT][1100]; /* the unmutated builds' binaries, the replay's reference */
    char tree[1100]; /* the copy of the source that the mutants are applied to */
} dopts;

/* A killed mutant of tools/mutate: its site (FILE:OFFSET:LENGTH:KIND:REPLACEMENT, offsets of
 * the tree it was sampled from) and where that is, for a reader (file:line, the mutation). */
typedef struct mutant {
    char site[600], where[800];
    int built; /* 1 built, 0 not yet, -1 did not build */
    double build_secs;
} mutant;
static mutant mutants[MAX_MUTANTS];

/* One cell of the table: a fault under one engine from one start, over the seeds. */
typedef struct cell {
    int fault, e, s;
    double t[MAX_SEEDS]; /* INFINITY: not found within the budget */
    char by[MAX_SEEDS][16];
    char kind[MAX_SEEDS][12];
    double median;
} cell;

static void usage(FILE *f) {
    fprintf(
        f, "usage: wfpcert bench detect [--engine libfuzzer|afl|both|fast] [--faults all|memory|behaviour|a,b]\n"
           "                            [--targets a,b] [--seeds N] [--from seeds|empty|both] [--budget S]\n"
           "                            [--fastest] [--libfuzzer-dir DIR] [--afl-dir DIR] [--fast-dir DIR] "
           "[--corpus DIR]\n"
           "                            [--keep] [--check]\n"
           "       wfpcert bench detect --mutants SEED:COUNT | --mutants-from RESULTS.tsv [--source DIR] [--work DIR]\n"
           "                            [the options above but --faults and --engine fast]\n\n"
           "Time to the first finding of every catalogued fault (wfpcert list faults), per engine, from the\n"
           "seeds and from an empty corpus, median over seeds 1..N (default 5).  Each target (default ioctl,\n"
           "sequence,records,cmsg,chain) fuzzes with WFPCERT_FAULTS=<fault> until its first finding, the one that\n"
           "found the fault last first; the fault's time is the first target's to find it (an upper bound of\n"
           "the fastest; --fastest runs every target, each for at most the best time so far).  A finding\n"
           "counts when its input fails with the fault and passes without it (behavioural faults: fails in\n"
           "the oracle).  Budget per run: the goal of the fault's class (memory-safety 10 s, behavioural\n"
           "60 s) unless --budget S.  Defaults: both engines, both starts; binaries in build/libfuzzer/harness\n"
           "and build/afl/harness.  Goals: memory-safety faults <= 10 s by both engines, behavioural faults\n"
           "<= 60 s by the oracle; --check exits 1 when one is missed or not measured.  A reduced run for a\n"
           "quick look: --faults output_overrun --seeds 1 --engine libfuzzer --targets ioctl.  Run from the\n"
           "source root.  --engine fast: the campaign's fast lane (build/libfuzzer-fast/harness, --fast-dir),\n"
           "its findings replayed under the libFuzzer ASan build; for information, no goal.\n\n"
           "Mutants: every mutant of tools/mutate that plain certify killed, from RESULTS.tsv (tools/mutate/run.sh\n"
           "--out DIR writes DIR/results.tsv) or from a run of run.sh --seed SEED --count COUNT, stands in for the\n"
           "fault.  The tree the sites were sampled from (--source, default .) is copied to --work (default a\n"
           "folder under /tmp; reused when given again), the fuzz targets are built there with the libfuzzer (and\n"
           "afl) preset, unmutated once and then per mutant (only the mutated file recompiles).  A finding counts\n"
           "when its input fails alone on the mutant's build and passes on the unmutated one.  Goal: 60 s (a\n"
           "mutant's class is not known); a mutant no run found is a miss, named by file:line and mutation.\n");
}

static int mutant_mode(const dopts *o) { return o->mutants_from || o->mcount > 0; }

/* What a table row or a line calls item f: the fault's name, or the mutant's file:line and change. */
static const char *label(const dopts *o, int f) { return mutant_mode(o) ? mutants[f].where : wt_fault_name(f); }

/* fuzz-<t>: what the engine runs; the replay binary runs one input alone (replay 2: the
 * unmutated build's, for a mutant). */
static void bin_path(const dopts *o, int e, const char *t, int replay, char *out, size_t cap) {
    int d = e == E_FAST && replay ? E_LIBFUZZER : e; /* the fast lane's findings replay under ASan */
    snprintf(out, cap, "%s/fuzz-%s%s", replay == 2 ? o->base[d] : o->dir[d], t,
             e == E_AFL ? (replay ? "-replay" : "-afl") : "");
}

/* AFL++'s fork server leaves its process group (setsid), so killing afl-fuzz's group misses it
 * and the persistent-mode target it keeps stopped; each run left such processes behind.  This
 * program is their subreaper (wf_bench_detect_main), so they become its children when afl-fuzz
 * ends: every child still there after a run is killed and reaped. */
static void reap_orphans(void) {
#ifdef __linux__
    DIR *d = opendir("/proc");
    struct dirent *de;
    pid_t self = getpid();
    while (d && (de = readdir(d))) {
        char path[300], buf[512];
        pid_t pid = (pid_t)atoi(de->d_name);
        if (pid <= 0) continue;
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
        FILE *in = fopen(path, "r");
        if (!in) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, in);
        fclose(in);
        buf[n] = 0;
        char *close_paren = strrchr(buf, ')'); /* the command name may hold spaces */
        int ppid = 0;
        if (close_paren && sscanf(close_paren + 1, " %*c %d", &ppid) == 1 && ppid == (int)self) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
    }
    if (d) closedir(d);
#endif
}

/* Runs argv in a process group of its own, output into log, and kills the group after limit
 * seconds.  Returns the exit status (128 + signal), or -1 when killed at the limit or when it
 * could not start; *secs is the wall time until it ended. */
static int run_limited(char *const argv[], const char *log, double limit, double *secs) {
    double t0 = wf_bench_now();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        setpgid(0, 0);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) dup2(fd, 1), dup2(fd, 2), close(fd);
        execv(argv[0], argv);
        fprintf(stderr, "wfpcert bench detect: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);
    int st = 0, killed = 0;
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR)) break;
        if (wf_bench_now() - t0 >= limit) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
            }
            killed = 1;
            break;
        }
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    *secs = wf_bench_now() - t0;
    kill(-pid, SIGKILL); /* what the engine left behind (AFL++'s fork server) */
    reap_orphans();
    if (killed) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The first file in dir whose name starts with one of the prefixes (NULL-terminated). */
static int first_file(const char *dir, const char *const *prefixes, char *out, size_t cap) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *de;
    int found = -1;
    while (found && (de = readdir(d)))
        for (const char *const *p = prefixes; *p && found; p++)
            if (strncmp(de->d_name, *p, strlen(*p)) == 0) {
                snprintf(out, cap, "%s/%s", dir, de->d_name);
                found = 0;
            }
    closedir(d);
    return found;
}

static int log_has(const char *log, const char *what) {
    FILE *in = fopen(log, "r");
    if (!in) return 0;
    char line[2048];
    int hit = 0;
    while (!hit && fgets(line, sizeof line, in)) hit = strstr(line, what) != NULL;
    fclose(in);
    return hit;
}

/* Whether input is fault f's finding: it fails alone with the fault on (kind: "oracle",
 * "sanitizer" or "crash") and passes with it off; for a mutant, fails on the mutant's build and
 * passes on the unmutated one.  Returns 1 yes, 0 no (why says why). */
static int attribute(const dopts *o, int e, const char *t, int f, const char *input, const char *work, char *kind,
                     size_t kcap, const char **why) {
    char bin[1024], log[1200];
    bin_path(o, e, t, 1, bin, sizeof bin);
    snprintf(log, sizeof log, "%s/replay-with.log", work);
    char *argv[] = {bin, (char *)input, NULL};
    double secs;
    if (o->mutant < 0) setenv("WFPCERT_FAULTS", wt_fault_name(f), 1);
    int with = run_limited(argv, log, 30, &secs);
    unsetenv("WFPCERT_FAULTS");
    snprintf(kind, kcap, "%s",
             log_has(log, "wfpcert oracle: ") ? "oracle"
             : log_has(log, "Sanitizer")      ? "sanitizer"
                                              : "crash");
    if (with == 0) return *why = "does not fail when replayed alone (state carried from earlier inputs?)", 0;
    snprintf(log, sizeof log, "%s/replay-without.log", work);
    if (o->mutant >= 0) bin_path(o, e, t, 2, bin, sizeof bin);
    if (run_limited(argv, log, 30, &secs) != 0)
        return *why = o->mutant >= 0 ? "fails on the unmutated build too (a bug of its own)"
                                     : "fails without the fault too (a bug of its own)",
               0;
    if (o->mutant >= 0) return 1; /* a mutant's class is not known: whatever catches it, found */
    if (!wt_fault_memory_safety(f) && strcmp(kind, "oracle") != 0)
        return *why = "found by a sanitizer or a crash, not by the oracle", 0;
    return 1;
}

/* One fuzzing run: engine e, target t, fault f, seed k, from start s, at most limit seconds.
 * Returns the seconds to the fault's first finding, INFINITY when none counted. */
static double detect_once(const dopts *o, const char *scratch, int e, const char *t, int f, int s, int k, double limit,
                          char *kind, size_t kcap) {
    char work[1024], corpus[1100], art[1100], log[1100], empty[1100], bin[1024], seeds[1024], dict[1024];
    char what[32];
    snprintf(what, sizeof what, "mutant%d", o->mutant + 1); /* a site holds slashes */
    snprintf(work, sizeof work, "%s/%s-%s-%s-%s-%d", scratch,
             e == E_AFL    ? "afl"
             : e == E_FAST ? "fast"
                           : "libfuzzer",
             o->mutant >= 0 ? what : wt_fault_name(f), t, start_names[s], k);
    snprintf(corpus, sizeof corpus, "%s/corpus", work);
    snprintf(art, sizeof art, "%s/findings", work);
    snprintf(empty, sizeof empty, "%s/empty", work);
    snprintf(log, sizeof log, "%s/fuzz.log", work);
    bin_path(o, e, t, 0, bin, sizeof bin);
    snprintf(seeds, sizeof seeds, "%s/%s", o->corpus, t);
    snprintf(dict, sizeof dict, "%s/%s.dict", o->corpus, t);
    mkdir(work, 0777);
    mkdir(corpus, 0777);
    mkdir(art, 0777);
    char a_seed[32], a_time[32], a_prefix[1200], a_dict[1100];
    char *argv[40];
    int n = 0;
    snprintf(a_time, sizeof a_time, e == E_AFL ? "%d" : "-max_total_time=%d", (int)limit + (limit > (int)limit));
    if (e != E_AFL) {
        snprintf(a_seed, sizeof a_seed, "-seed=%d", k);
        snprintf(a_prefix, sizeof a_prefix, "-artifact_prefix=%s/", art);
        snprintf(a_dict, sizeof a_dict, "-dict=%s", dict);
        /* the campaign's flags (harness/campaign.c) */
        char *fixed[] = {bin,
                         a_seed,
                         a_time,
                         "-timeout=10",
                         "-rss_limit_mb=2048",
                         "-max_len=4096",
                         "-error_exitcode=77",
                         "-timeout_exitcode=78",
                         a_prefix};
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) argv[n++] = fixed[i];
        if (access(dict, R_OK) == 0) argv[n++] = a_dict;
        argv[n++] = corpus;
        if (s == S_SEEDS) argv[n++] = seeds;
    } else {
        /* afl-fuzz wants one input at least: the empty start is one byte, 0, which the targets
         * read like an empty input (their missing bytes are 0). */
        if (s == S_EMPTY) {
            char one[1200];
            mkdir(empty, 0777);
            snprintf(one, sizeof one, "%s/zero", empty);
            FILE *z = fopen(one, "wb");
            if (z) fputc(0, z), fclose(z);
        }
        snprintf(a_seed, sizeof a_seed, "%d", k);
        char *fixed[] = {
            (char *)o->afl_fuzz, "-i", s == S_SEEDS ? seeds : empty, "-o", art, "-s", a_seed, "-V", a_time};
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) argv[n++] = fixed[i];
        if (access(dict, R_OK) == 0) argv[n++] = "-x", argv[n++] = dict;
        argv[n++] = "--";
        argv[n++] = bin;
    }
    argv[n] = NULL;
    double secs = 0;
    if (o->mutant < 0) setenv("WFPCERT_FAULTS", wt_fault_name(f), 1);
    int rc = run_limited(argv, log, limit, &secs);
    unsetenv("WFPCERT_FAULTS");
    char found[1300], dir[1300];
    static const char *const lf_prefixes[] = {"crash-", "leak-", "timeout-", "oom-", NULL};
    static const char *const afl_prefixes[] = {"id:", NULL};
    int have = -1;
    if (e != E_AFL)
        have = first_file(art, lf_prefixes, found, sizeof found);
    else {
        snprintf(dir, sizeof dir, "%s/default/crashes", art);
        if ((have = first_file(dir, afl_prefixes, found, sizeof found))) {
            snprintf(dir, sizeof dir, "%s/default/hangs", art);
            have = first_file(dir, afl_prefixes, found, sizeof found);
        }
        /* every seed crashed at the start: afl-fuzz refuses to run; the fault is in the seeds */
        if (have && log_has(log, "valid input seed that does not crash")) {
            DIR *d = opendir(seeds);
            struct dirent *de;
            while (have && d && (de = readdir(d)))
                if (de->d_name[0] != '.') {
                    snprintf(found, sizeof found, "%s/%s", seeds, de->d_name);
                    const char *why;
                    char kd[12];
                    if (attribute(o, e, t, f, found, work, kd, sizeof kd, &why)) have = 0;
                }
            if (d) closedir(d);
        }
    }
    if (have) {
        if (rc > 0 && rc != 77 && e != E_AFL)
            fprintf(stderr, "  %s under %s: exit %d without a finding; see %s\n", t, engine_names[e], rc, log);
        return INFINITY;
    }
    const char *why = "";
    if (!attribute(o, e, t, f, found, work, kind, kcap, &why)) {
        printf("  %s, seed %d, %s: a finding that is not the fault's: %s (%s)\n", t, k, start_names[s], why, found);
        return INFINITY;
    }
    return secs <= limit ? secs : INFINITY;
}

static int parse_num(const char *flag, const char *v, double lo, double hi, double *out) {
    char *end;
    double d = v ? strtod(v, &end) : 0;
    if (!v || *end || end == v || !(d >= lo && d <= hi)) {
        fprintf(stderr, "wfpcert bench detect: %s wants a number from %g to %g, not '%s'\n", flag, lo, hi, v ? v : "");
        return -1;
    }
    *out = d;
    return 0;
}

static int parse_faults(const char *v, dopts *o) {
    int all = !strcmp(v, "all"), mem = !strcmp(v, "memory"), beh = !strcmp(v, "behaviour");
    o->nfaults = 0;
    if (all || mem || beh) {
        for (int i = 0; i < wt_fault_count() && o->nfaults < MAX_FAULTS; i++)
            if (all || (mem && wt_fault_memory_safety(i)) || (beh && !wt_fault_memory_safety(i)))
                o->faults[o->nfaults++] = i;
        return 0;
    }
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int f = -1;
        for (int i = 0; i < wt_fault_count(); i++)
            if (!strcmp(wt_fault_name(i), tok)) f = i;
        if (f < 0 || o->nfaults == MAX_FAULTS) {
            fprintf(stderr, "wfpcert bench detect: --faults %s: unknown fault (wfpcert list faults names them)\n", tok);
            return -1;
        }
        o->faults[o->nfaults++] = f;
    }
    return 0;
}

/* The mutants of a tools/mutate results.tsv (verdict, seconds, site) that certify killed (gcc or asan). */
static int read_results(const char *path, dopts *o) {
    FILE *in = fopen(path, "r");
    if (!in) {
        fprintf(stderr, "wfpcert bench detect: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int ln = 0, bad = 0;
    o->nmutants = 0;
    while (!bad && fgets(line, sizeof line, in)) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (!*line || (ln == 1 && !strncmp(line, "verdict\t", 8))) continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL, file[600], kind[64];
        long off, len;
        bad = !t2 || sscanf(t2 + 1, "%599[^:]:%ld:%ld:%63[^:]:", file, &off, &len, kind) != 4 || off < 0 || len < 0;
        if (bad) break;
        *t1 = 0;
        if (strcmp(line, "killed") && strcmp(line, "killed-asan")) continue; /* both builds count */
        if (o->nmutants == MAX_MUTANTS) {
            fprintf(stderr, "wfpcert bench detect: %s: more than %d killed mutants\n", path, MAX_MUTANTS);
            fclose(in);
            return -1;
        }
        mutant *m = &mutants[o->nmutants++];
        memset(m, 0, sizeof *m);
        snprintf(m->site, sizeof m->site, "%s", t2 + 1);
        memcpy(m->where, m->site, sizeof m->site); /* file:line once the tree is there */
    }
    fclose(in);
    if (bad) {
        fprintf(stderr,
                "wfpcert bench detect: %s:%d: not a line of tools/mutate/run.sh's results.tsv (verdict, seconds, "
                "FILE:OFFSET:LENGTH:KIND:REPLACEMENT)\n",
                path, ln);
        return -1;
    }
    if (!o->nmutants) {
        fprintf(stderr, "wfpcert bench detect: %s: no mutant in it was killed by certify (nothing to measure)\n", path);
        return -1;
    }
    return 0;
}

static int parse(int argc, char **argv, dopts *o) {
    static char list[256] = "ioctl,sequence,records,cmsg,chain";
    *o = (dopts){0};
    o->dir[E_LIBFUZZER] = "build/libfuzzer/harness", o->dir[E_AFL] = "build/afl/harness";
    o->dir[E_FAST] = "build/libfuzzer-fast/harness";
    o->corpus = "corpus";
    o->use[E_LIBFUZZER] = o->use[E_AFL] = 1;
    o->start[S_SEEDS] = o->start[S_EMPTY] = 1;
    o->nseeds = 5;
    o->source = ".";
    o->mutant = -1;
    int faults_given = 0, corpus_given = 0;
    if (parse_faults("all", o)) return -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        double d;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--keep"))
            o->keep = 1;
        else if (!strcmp(a, "--fastest"))
            o->fastest = 1;
        else if (!strcmp(a, "--check"))
            o->check = 1;
        else if (!v || v[0] == '-') {
            fprintf(stderr, "wfpcert bench detect: %s: unknown option, or it needs a value (see --help)\n", a);
            return -1;
        } else if (!strcmp(a, "--engine") && !strcmp(v, "fast")) {
            o->use[E_LIBFUZZER] = o->use[E_AFL] = 0, o->use[E_FAST] = 1;
            i++;
        } else if (!strcmp(a, "--engine") || !strcmp(a, "--from")) {
            int *use = !strcmp(a, "--engine") ? o->use : o->start;
            const char *one = use == o->use ? "libfuzzer" : "seeds", *two = use == o->use ? "afl" : "empty";
            use[0] = !strcmp(v, one) || !strcmp(v, "both");
            use[1] = !strcmp(v, two) || !strcmp(v, "both");
            if (use == o->use) use[E_FAST] = 0;
            if (!use[0] && !use[1]) {
                fprintf(stderr, "wfpcert bench detect: %s %s: %s, %s%s or both\n", a, v, one, two,
                        use == o->use ? ", fast" : "");
                return -1;
            }
            i++;
        } else if (!strcmp(a, "--faults")) {
            faults_given = 1;
            if (parse_faults(argv[++i], o)) return -1;
        } else if (!strcmp(a, "--mutants")) {
            char *end;
            long seed = strtol(v, &end, 10), count = -1;
            if (end != v && *end == ':' && end[1]) count = strtol(end + 1, &end, 10);
            if (seed < 0 || count < 1 || count > MAX_MUTANTS || *end || v[0] == ':') {
                fprintf(
                    stderr,
                    "wfpcert bench detect: --mutants %s: wants SEED:COUNT (tools/mutate/run.sh's --seed and --count, "
                    "COUNT from 1 to %d)\n",
                    v, MAX_MUTANTS);
                return -1;
            }
            o->mseed = (int)seed, o->mcount = (int)count;
            i++;
        } else if (!strcmp(a, "--mutants-from"))
            o->mutants_from = argv[++i];
        else if (!strcmp(a, "--source") || !strcmp(a, "--work")) {
            if (strchr(v, '\'')) { /* they go into sh -c commands, single-quoted */
                fprintf(stderr, "wfpcert bench detect: %s %s: a folder name with a ' is not supported\n", a, v);
                return -1;
            }
            *(!strcmp(a, "--source") ? &o->source : &o->work) = argv[++i];
        } else if (!strcmp(a, "--targets"))
            snprintf(list, sizeof list, "%s", argv[++i]);
        else if (!strcmp(a, "--libfuzzer-dir"))
            o->dir[E_LIBFUZZER] = argv[++i];
        else if (!strcmp(a, "--afl-dir"))
            o->dir[E_AFL] = argv[++i];
        else if (!strcmp(a, "--fast-dir"))
            o->dir[E_FAST] = argv[++i];
        else if (!strcmp(a, "--corpus"))
            o->corpus = argv[++i], corpus_given = 1;
        else if (!strcmp(a, "--seeds")) {
            if (parse_num(a, argv[++i], 1, MAX_SEEDS, &d)) return -1;
            o->nseeds = (int)d;
        } else if (!strcmp(a, "--budget")) {
            if (parse_num(a, argv[++i], 1, 3600, &d)) return -1;
            o->budget = d;
        } else {
            fprintf(stderr, "wfpcert bench detect: %s: unknown option (see --help)\n", a);
            return -1;
        }
    }
    if (mutant_mode(o)) {
        const char *clash = o->mutants_from && o->mcount ? "--mutants and --mutants-from"
                            : faults_given               ? "--faults and --mutants"
                            : o->use[E_FAST]             ? "--engine fast and --mutants"
                                                         : NULL;
        if (clash) {
            fprintf(stderr, "wfpcert bench detect: %s: one or the other\n", clash);
            return -1;
        }
        if (o->mutants_from && read_results(o->mutants_from, o)) return -1;
        static char corpus[1100];
        snprintf(corpus, sizeof corpus, "%s/corpus", o->source); /* the seeds of the mutated tree */
        if (!corpus_given) o->corpus = corpus;
    } else if (!o->nfaults) {
        fprintf(stderr, "wfpcert bench detect: this target has no fault catalogue\n");
        return -1;
    }
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (o->ntargets == MAX_TARGETS || !strcmp(t, "empty")) {
            fprintf(stderr, "wfpcert bench detect: --targets %s: %s\n", t,
                    strcmp(t, "empty") ? "too many targets" : "fuzz_empty finds nothing by design");
            return -1;
        }
        o->targets[o->ntargets++] = t;
    }
    return 0;
}

/* Every binary, the seeds and afl-fuzz before anything runs. */
static int check_inputs(dopts *o) {
    static const char *const build[E_COUNT] = {
        "cmake --preset libfuzzer && cmake --build build/libfuzzer -j2",
        "cmake --preset afl && cmake --build build/afl -j2",
        "cmake --preset libfuzzer-fast && cmake --build build/libfuzzer-fast -j2"};
    static const char *const flag[E_COUNT] = {"--libfuzzer-dir", "--afl-dir", "--fast-dir"};
    int bad = 0;
    struct stat st;
    if (mutant_mode(o)) { /* the binaries are built from the source's copy; the source must be a tree */
        char mut[1200];
        snprintf(mut, sizeof mut, "%s/tools/mutate/mutate.c", o->source);
        if (access(mut, R_OK)) {
            fprintf(stderr, "wfpcert bench detect: --source %s: not a wfpcert source tree (%s: %s)\n", o->source, mut,
                    strerror(errno));
            bad = 1;
        }
        if (!wf_bench_in_path("cmake") || !wf_bench_in_path("cc")) {
            fprintf(stderr, "wfpcert bench detect: --mutants: cmake and cc must be in PATH (the mutants are built)\n");
            bad = 1;
        }
    }
    for (int e = 0; e < E_COUNT && !mutant_mode(o); e++)
        for (int i = 0; o->use[e] && i < o->ntargets; i++)
            for (int replay = 0; replay < 1 + (e != E_LIBFUZZER); replay++) {
                char bin[1024];
                bin_path(o, e, o->targets[i], replay, bin, sizeof bin);
                if (access(bin, X_OK)) {
                    fprintf(stderr, "wfpcert bench detect: %s: %s (build it: %s; or pass %s)\n", bin, strerror(errno),
                            build[e == E_FAST && replay ? E_LIBFUZZER : e],
                            flag[e == E_FAST && replay ? E_LIBFUZZER : e]);
                    bad = 1;
                }
            }
    if (o->use[E_AFL] && !(o->afl_fuzz = wf_bench_in_path("afl-fuzz"))) {
        fprintf(stderr, "wfpcert bench detect: afl-fuzz is not in PATH (sh tools/bootstrap.sh deps fuzz; or --engine "
                        "libfuzzer)\n");
        bad = 1;
    }
    for (int i = 0; i < o->ntargets; i++) {
        char seeds[1024];
        snprintf(seeds, sizeof seeds, "%s/%s", o->corpus, o->targets[i]);
        if (stat(seeds, &st) || !S_ISDIR(st.st_mode)) {
            fprintf(stderr,
                    "wfpcert bench detect: %s: no seed folder (unknown target, or not run from the source "
                    "root: --corpus DIR)\n",
                    seeds);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

/* afl-fuzz refuses ASan options without symbolize=0 and abort_on_error=1, and a finding need
 * not be symbolised to be timed (the replay decides what it is): both are added when absent. */
static void sanitizer_env(void) {
    const char *old = getenv("ASAN_OPTIONS");
    char v[2048];
    snprintf(v, sizeof v, "%s%s%s%s", old ? old : "", old && *old ? ":" : "",
             strstr(old ? old : "", "symbolize=") ? "" : "symbolize=0:",
             strstr(old ? old : "", "abort_on_error=") ? "" : "abort_on_error=1");
    setenv("ASAN_OPTIONS", v, 1);
    static const char *const afl[] = {"AFL_NO_UI", "AFL_SKIP_CPUFREQ", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES",
                                      "AFL_NO_AFFINITY", "AFL_BENCH_UNTIL_CRASH"};
    for (size_t i = 0; i < sizeof afl / sizeof afl[0]; i++) setenv(afl[i], "1", 1);
}

/* ---- Mutants: the source's copy, its builds, one mutant at a time ---- */

static const char *const preset_of[E_COUNT] = {"libfuzzer", "afl", "libfuzzer-fast"};

/* sh -c cmd (its folders single-quoted: parse refuses a ' in them); 0 when it exited 0. */
static int run_sh(const char *cmd) {
    int st = system(cmd);
    return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Builds engine e's fuzz targets in the copy; only what changed recompiles. */
static int build_engine(const dopts *o, int e, const char *log) {
    char cmd[4096];
    int n = snprintf(cmd, sizeof cmd, "cd '%s' && nice cmake --build build/%s -j2 --target", o->tree, preset_of[e]);
    for (int i = 0; i < o->ntargets && n < (int)sizeof cmd - 200; i++)
        n += snprintf(cmd + n, sizeof cmd - (size_t)n, e == E_AFL ? " fuzz-%s-afl fuzz-%s-replay" : " fuzz-%s",
                      o->targets[i], o->targets[i]);
    snprintf(cmd + n, sizeof cmd - (size_t)n, " >'%s' 2>&1", log);
    return run_sh(cmd);
}

static char *slurp(const char *path, long *len) {
    FILE *in = fopen(path, "rb");
    char *b = NULL;
    if (in && !fseek(in, 0, SEEK_END) && (*len = ftell(in)) >= 0 && !fseek(in, 0, SEEK_SET) &&
        (b = malloc((size_t)*len + 1)) && fread(b, 1, (size_t)*len, in) == (size_t)*len)
        b[*len] = 0;
    else
        free(b), b = NULL;
    if (in) fclose(in);
    return b;
}

static int spill(const char *path, const char *b, long len) {
    FILE *out = fopen(path, "wb");
    int ok = out && fwrite(b, 1, (size_t)len, out) == (size_t)len;
    if (out && fclose(out)) ok = 0;
    return ok ? 0 : -1;
}

/* A mutant left applied by a run that was stopped: WORK/original.path names its file, whose
 * unmutated bytes are WORK/original.c. */
static void restore_pending(const dopts *o) {
    char p[1200], c[1200], file[1200];
    snprintf(p, sizeof p, "%s/original.path", o->work);
    snprintf(c, sizeof c, "%s/original.c", o->work);
    long n, m;
    char *name = slurp(p, &n), *body = slurp(c, &m);
    if (name && body) {
        snprintf(file, sizeof file, "%s/%s", o->tree, name);
        if (!spill(file, body, m)) unlink(p);
    }
    free(name), free(body);
}

/* The copy of the source (as tools/mutate/run.sh makes it; reused when WORK already holds one),
 * wfpcert-mutate, and the unmutated fuzz targets of every engine, kept in WORK/base-<preset>. */
static int mutants_setup(dopts *o, const char *scratch) {
    static char work[1100];
    char cmd[4096], log[1300], marker[1200];
    if (!o->work) snprintf(work, sizeof work, "%s/mutants", scratch), o->work = work;
    mkdir(o->work, 0777);
    snprintf(o->tree, sizeof o->tree, "%s/src", o->work);
    snprintf(marker, sizeof marker, "%s/tools/mutate/mutate.c", o->tree);
    double t0 = wf_bench_now();
    if (access(marker, R_OK) == 0)
        restore_pending(o);
    else {
        mkdir(o->tree, 0777);
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && tar --exclude=./build --exclude=./.git --exclude=./reports/runs --exclude=./fuzz-state "
                 "-cf - . | (cd '%s' && tar -xf -)",
                 o->source, o->tree);
        if (run_sh(cmd)) {
            fprintf(stderr, "wfpcert bench detect: --source %s: cannot copy it to %s\n", o->source, o->tree);
            return -1;
        }
    }
    if (!o->mutants_from) { /* --mutants SEED:COUNT: which of them certify kills, by tools/mutate */
        snprintf(log, sizeof log, "%s/mutate.log", o->work);
        printf("bench detect: tools/mutate/run.sh --seed %d --count %d (certify on every mutant; %s)\n", o->mseed,
               o->mcount, log);
        fflush(stdout);
        snprintf(cmd, sizeof cmd, "cd '%s' && sh tools/mutate/run.sh --seed %d --count %d --out '%s/mutate' >'%s' 2>&1",
                 o->tree, o->mseed, o->mcount, o->work, log);
        static char tsv[1200];
        snprintf(tsv, sizeof tsv, "%s/mutate/results.tsv", o->work);
        if (run_sh(cmd) || read_results(tsv, o)) {
            fprintf(stderr, "wfpcert bench detect: --mutants %d:%d: tools/mutate/run.sh failed (see %s)\n", o->mseed,
                    o->mcount, log);
            return -1;
        }
    }
    snprintf(cmd, sizeof cmd, "cc -O1 -o '%s/wfpcert-mutate' '%s/tools/mutate/mutate.c'", o->work, o->tree);
    if (run_sh(cmd)) {
        fprintf(stderr, "wfpcert bench detect: %s/tools/mutate/mutate.c: does not compile\n", o->tree);
        return -1;
    }
    for (int e = 0; e < E_COUNT; e++) {
        if (!o->use[e]) continue;
        snprintf(log, sizeof log, "%s/build-%s.log", o->work, preset_of[e]);
        snprintf(cmd, sizeof cmd, "cd '%s' && { test -f build/%s/CMakeCache.txt || cmake --preset %s; } >'%s' 2>&1",
                 o->tree, preset_of[e], preset_of[e], log);
        if (run_sh(cmd) || build_engine(o, e, log)) {
            fprintf(stderr, "wfpcert bench detect: %s: the unmutated copy does not build with preset %s (see %s)\n",
                    o->tree, preset_of[e], log);
            return -1;
        }
        snprintf(o->base[e], sizeof o->base[e], "%s/base-%s", o->work, preset_of[e]);
        snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/build/%s/harness/'fuzz-* '%s/'", o->base[e], o->tree,
                 preset_of[e], o->base[e]);
        static char dirs[E_COUNT][1200];
        snprintf(dirs[e], sizeof dirs[e], "%s/build/%s/harness", o->tree, preset_of[e]);
        o->dir[e] = dirs[e];
        if (run_sh(cmd)) {
            fprintf(stderr, "wfpcert bench detect: cannot copy the unmutated binaries to %s\n", o->base[e]);
            return -1;
        }
    }
    /* file:line for a reader: the sites hold byte offsets of the copy's files */
    for (int i = 0; i < o->nmutants; i++) {
        mutant *m = &mutants[i];
        char file[700], kind[64];
        long off = 0, len = 0, n = 0;
        sscanf(m->site, "%699[^:]:%ld:%ld:%63[^:]:", file, &off, &len, kind);
        const char *repl = m->site;
        for (int k = 0; k < 4 && repl; k++) repl = strchr(repl, ':') ? strchr(repl, ':') + 1 : NULL;
        char path[1900];
        snprintf(path, sizeof path, "%s/%s", o->tree, file);
        char *b = slurp(path, &n);
        int line = 1;
        for (long j = 0; b && j < off && j < n; j++) line += b[j] == '\n';
        snprintf(m->where, sizeof m->where, "%s:%d: %s '%.*s' -> '%s'", file, line, kind,
                 b && off + len <= n ? (int)len : 0, b && off + len <= n ? b + off : "", repl ? repl : "");
        free(b);
    }
    printf("bench detect: %d killed mutant(s); copy %s, unmutated builds %.0f s\n", o->nmutants, o->tree,
           wf_bench_now() - t0);
    fflush(stdout);
    return 0;
}

/* Applies mutant i to the copy and rebuilds what it changes; *original keeps the file's bytes for
 * mutant_restore.  Returns 0, or -1 when the mutant does not apply or build (m->built -1). */
static int mutant_apply(const dopts *o, int i, char **original, long *olen) {
    mutant *m = &mutants[i];
    char file[700], path[1900], p[1200], c[1200], spec[1800], tool[1200], log[1300];
    double t0 = wf_bench_now(), secs;
    snprintf(file, sizeof file, "%.*s", (int)strcspn(m->site, ":"), m->site);
    snprintf(path, sizeof path, "%s/%s", o->tree, file);
    snprintf(p, sizeof p, "%s/original.path", o->work);
    snprintf(c, sizeof c, "%s/original.c", o->work);
    *original = slurp(path, olen);
    m->built = -1;
    if (!*original || spill(c, *original, *olen) || spill(p, file, (long)strlen(file))) return -1;
    snprintf(spec, sizeof spec, "%s/%s", o->tree, m->site); /* no shell: a replacement may hold quotes */
    snprintf(tool, sizeof tool, "%s/wfpcert-mutate", o->work);
    snprintf(log, sizeof log, "%s/apply.log", o->work);
    char *argv[] = {tool, "apply", spec, NULL};
    if (run_limited(argv, log, 60, &secs) != 0) return -1;
    for (int e = 0; e < E_COUNT; e++) {
        snprintf(log, sizeof log, "%s/build-mutant%d-%s.log", o->work, i + 1, preset_of[e]);
        if (o->use[e] && build_engine(o, e, log)) return -1;
    }
    m->built = 1;
    m->build_secs = wf_bench_now() - t0;
    return 0;
}

static void mutant_restore(const dopts *o, const char *original, long olen, int i) {
    char file[700], path[1900], p[1200];
    snprintf(file, sizeof file, "%.*s", (int)strcspn(mutants[i].site, ":"), mutants[i].site);
    snprintf(path, sizeof path, "%s/%s", o->tree, file);
    snprintf(p, sizeof p, "%s/original.path", o->work);
    if (original && !spill(path, original, olen)) unlink(p);
}

static void fmt_time(double t, char *out, size_t cap) {
    if (isinf(t))
        snprintf(out, cap, "-");
    else
        snprintf(out, cap, "%.2f", t);
}

int wf_bench_detect_main(int argc, char **argv) {
    dopts o;
    if (parse(argc, argv, &o)) return 2;
    if (check_inputs(&o)) return 2;
#ifdef __linux__
    prctl(PR_SET_CHILD_SUBREAPER, 1); /* reap_orphans */
#endif
    char scratch[] = "/tmp/wfpcert-bench-detect-XXXXXX";
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "wfpcert bench detect: cannot create a folder under /tmp: %s\n", strerror(errno));
        return 2;
    }
    double t_all = wf_bench_now();
    if (mutant_mode(&o) && (mutants_setup(&o, scratch) || check_inputs(&o))) {
        if (!o.keep) wf_bench_rm_tree(scratch);
        return 2;
    }
    sanitizer_env(); /* after the builds: AFL_* and ASAN_OPTIONS are for the fuzzers */
    static cell cells[(MAX_FAULTS > MAX_MUTANTS ? MAX_FAULTS : MAX_MUTANTS) * E_COUNT * S_COUNT];
    int nc = 0, nitems = mutant_mode(&o) ? o.nmutants : o.nfaults;
    double build_secs = 0;
    for (int fi = 0; fi < nitems; fi++) {
        char *original = NULL;
        long olen = 0;
        if (mutant_mode(&o)) {
            o.mutant = fi;
            int bad = mutant_apply(&o, fi, &original, &olen);
            if (!bad) build_secs += mutants[fi].build_secs;
            printf("bench detect: mutant %d of %d, %s: %s\n", fi + 1, o.nmutants, mutants[fi].where,
                   bad ? "does not apply or build here (not measured)" : "built");
            fflush(stdout);
            if (bad) {
                mutant_restore(&o, original, olen, fi);
                free(original);
                continue;
            }
        }
        /* The target that found the fault last goes first: the others then only get as long as it
         * took (a fault only one target reaches would otherwise cost the others' whole budget). */
        int lead = 0;
        for (int e = 0; e < E_COUNT; e++)
            for (int s = 0; s < S_COUNT; s++) {
                if (!o.use[e] || !o.start[s]) continue;
                int f = mutant_mode(&o) ? fi : o.faults[fi];
                cell *c = &cells[nc++];
                memset(c, 0, sizeof *c);
                c->fault = f, c->e = e, c->s = s;
                double goal = !mutant_mode(&o) && wt_fault_memory_safety(f) ? GOAL_MEMORY : GOAL_BEHAVIOUR;
                double budget = o.budget > 0 ? o.budget : goal;
                for (int k = 1; k <= o.nseeds; k++) {
                    double best = INFINITY;
                    int won = lead;
                    for (int j = 0; j < o.ntargets; j++) {
                        int i = (lead + j) % o.ntargets;
                        double limit = budget < best ? budget : best;
                        char kind[12] = "";
                        double t = detect_once(&o, scratch, e, o.targets[i], f, s, k, limit, kind, sizeof kind);
                        if (t < best) {
                            best = t;
                            snprintf(c->by[k - 1], sizeof c->by[0], "%s", o.targets[i]);
                            snprintf(c->kind[k - 1], sizeof c->kind[0], "%s", kind);
                            won = i;
                        }
                        if (!isinf(best) && !o.fastest) break; /* an upper bound of the fastest: enough for the goal */
                    }
                    lead = won;
                    c->t[k - 1] = best;
                    char a[32];
                    fmt_time(best, a, sizeof a);
                    if (isinf(best))
                        printf("bench detect: %s under %s from %s, seed %d: not found\n", label(&o, f), engine_names[e],
                               start_names[s], k);
                    else
                        printf("bench detect: %s under %s from %s, seed %d: %s s by fuzz_%s (%s)\n", label(&o, f),
                               engine_names[e], start_names[s], k, a, c->by[k - 1], c->kind[k - 1]);
                    fflush(stdout);
                }
                double v[MAX_SEEDS];
                memcpy(v, c->t, sizeof v[0] * (size_t)o.nseeds);
                c->median = wf_bench_median(v, o.nseeds);
            }
        if (mutant_mode(&o)) {
            mutant_restore(&o, original, olen, fi);
            free(original);
            o.mutant = -1;
        }
    }

    printf("\n| %s | class | engine | from | median s | each seed: s (target, found by) | goal | |\n"
           "|---|---|---|---|---|---|---|---|\n",
           mutant_mode(&o) ? "mutant" : "fault");
    int missed = 0;
    for (int i = 0; i < nc; i++) {
        cell *c = &cells[i];
        int mem = !mutant_mode(&o) && wt_fault_memory_safety(c->fault);
        double goal = mem ? GOAL_MEMORY : GOAL_BEHAVIOUR;
        char m[32];
        fmt_time(c->median, m, sizeof m);
        printf("| %s | %s | %s | %s | %s | ", label(&o, c->fault),
               mem               ? "memory"
               : mutant_mode(&o) ? "not known"
                                 : "behaviour",
               engine_names[c->e], start_names[c->s], m);
        for (int k = 0; k < o.nseeds; k++) {
            char a[32];
            fmt_time(c->t[k], a, sizeof a);
            if (isinf(c->t[k]))
                printf("%s%s", k ? ", " : "", a);
            else
                printf("%s%s (%s, %s)", k ? ", " : "", a, c->by[k], c->kind[k]);
        }
        int ok = c->median <= goal;
        missed |= !ok && c->e != E_FAST;
        printf(" | %.0f s | %s |\n", goal, c->e == E_FAST ? "(information)" : ok ? "met" : "MISSED");
    }
    /* A killed mutant that no engine found from any start with any seed: the fuzz targets' miss. */
    int nmiss = 0;
    for (int fi = 0; mutant_mode(&o) && fi < o.nmutants; fi++) {
        int found = 0, measured = 0;
        for (int i = 0; i < nc; i++)
            for (int k = 0; cells[i].fault == fi && k < o.nseeds; k++) measured = 1, found |= !isinf(cells[i].t[k]);
        if (!measured) {
            printf("%snot measured (does not apply or build in this copy): %s (site %s)\n", nmiss++ ? "" : "\n",
                   mutants[fi].where, mutants[fi].site);
            missed = 1;
        } else if (!found)
            printf("%smiss: %s (site %s): certify kills it, no fuzzer found it\n", nmiss++ ? "" : "\n",
                   mutants[fi].where, mutants[fi].site);
    }
    if (mutant_mode(&o))
        printf("\nmutant builds: %.0f s for %d mutant(s) (apply, rebuild of the mutated file and the links)\n",
               build_secs, o.nmutants);
    /* What a full run measures and this one did not: counted as missed under --check. */
    printf("\n%d %s, %d seed(s) each, targets", nitems, mutant_mode(&o) ? "mutant(s)" : "fault(s)", o.nseeds);
    for (int i = 0; i < o.ntargets; i++) printf("%s%s", i ? "," : " ", o.targets[i]);
    printf("; budget per run %s; %.0f s in all; scratch %s\n", o.budget > 0 ? "--budget" : "the goal",
           wf_bench_now() - t_all, scratch);
    int any_mem = 0;
    for (int fi = 0; fi < o.nfaults && !mutant_mode(&o); fi++) any_mem |= wt_fault_memory_safety(o.faults[fi]);
    if (any_mem && !(o.use[E_LIBFUZZER] && o.use[E_AFL])) {
        printf("goal not measured: memory-safety faults by both engines (this run left one out)\n");
        missed = 1;
    }
    if (!(o.start[S_SEEDS] && o.start[S_EMPTY])) {
        printf("goal not measured: from the seeds and from an empty corpus (this run left one out)\n");
        missed = 1;
    }
    printf("goals: %s\n", missed ? "MISSED (or not measured)" : "met");
    if (!o.keep)
        wf_bench_rm_tree(scratch);
    else
        printf("scratch kept: %s\n", scratch);
    return o.check && missed ? 1 : 0;
}
#endif /* WFPCERT_HAVE_HARNESS */
