/*
 * campaign.c: `wfpcert fuzz`: a time-boxed fuzz campaign over the targets.
 *
 *   wfpcert fuzz [--seconds N | --nightly] [--jobs N] [--engine libfuzzer|afl] [--targets a,b]
 *                [--bin-dir DIR] [--fast-lane DIR | --no-fast-lane] [--corpus DIR] [--state DIR]
 *                [--reports DIR] [--no-file]
 *
 * For each target: run the engine from the checked-in seeds plus the campaign's own corpus
 * (fuzz-state/<target>/corpus, outside git) for N seconds (default 60; --nightly: 3600);
 * merge what was new back into that corpus (-merge=1); replay every crash to get its
 * signature (the oracle clause, or the top stack frames of the sanitizer report), keep one
 * per signature, minimise it (-minimize_crash) and file it under
 * corpus/regressions/<target>/ with a line in its NOTES (never pruned).  A SARIF log and an
 * HTML page go to reports/runs/fuzz-<UTC time>/.
 *
 * The fast lane (libFuzzer): the same targets built without ASan (preset libfuzzer-fast) run
 * beside the ASan ones for the same time, about twice as many inputs a second, relying on the
 * guard pages and the model heap's own checks.  Nothing it finds is trusted as it is: its new
 * inputs enter the corpus through the ASan build's merge, and its crashes are replayed under
 * ASan, filed only when they fail there too.  Found by default in build/libfuzzer-fast beside
 * the libfuzzer build's folder; --fast-lane DIR names the folder, --no-fast-lane leaves it out.
 *
 * `wfpcert fuzz --proxy MODULE` (WFPCERT_PROXY, inherited by the fuzzers) fuzzes the proxy
 * target, harness/fuzz_proxy.c, unless --targets names others.
 *
 * Exit: 0 nothing found, 1 findings, 2 usage or set-up error (the message names what).
 */
#define _XOPEN_SOURCE 700 /* POSIX 2008 with realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "campaign.h"
#include "input.h"
#include "wh.h"

#define MAX_FINDINGS 64
#define MAX_FILES 4096

typedef struct opts {
    int seconds, jobs, file_findings, max_len;
    const char *engine, *bin_dir, *corpus, *state, *reports;
    char targets[256];
    const char *fast_dir; /* the fast lane's binaries (libFuzzer without ASan), NULL: none */
    int fast_lane; /* -1: when found beside the ASan build, 0: --no-fast-lane, 1: --fast-lane DIR */
} opts;

static int mkdirs(const char *path) {
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) && errno != EEXIST) return -1;
            if (!c) return 0;
            *p = c;
        }
    }
}

/* Starts argv with stdout and stderr into log; the child's pid, -1 when it could not fork. */
static pid_t spawn_logged(char *const argv[], const char *log) {
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execv(argv[0], argv);
        fprintf(stderr, "wfpcert fuzz: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

/* The exit status of child pid, 128 + signal when it was killed. */
static int wait_status(pid_t pid) {
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs argv with stdout and stderr into log; returns the exit status, 128+signal when killed
 * (campaign.h; `wfpcert bench fuzz` times its runs with it). */
int wh_run_logged(char *const argv[], const char *log) {
    pid_t pid = spawn_logged(argv, log);
    return pid < 0 ? -1 : wait_status(pid);
}

typedef struct names {
    char *v[MAX_FILES];
    int n;
} names;

static int collect_name(const char *path, void *arg) {
    names *l = arg;
    if (l->n < MAX_FILES) l->v[l->n++] = strdup(path);
    return 0;
}

static void list_files(const char *dir, names *l) {
    char err[256];
    l->n = 0;
    wh_each_file(dir, collect_name, l, err, sizeof err);
}

static void free_names(names *l) {
    for (int i = 0; i < l->n; i++) free(l->v[i]);
    l->n = 0;
}

static void empty_dir(const char *dir) {
    names l;
    list_files(dir, &l);
    for (int i = 0; i < l.n; i++) remove(l.v[i]);
    free_names(&l);
}

static unsigned long long fnv(const char *s) {
    unsigned long long h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The finding's rule and signature from a replay's output: the oracle line, or the
 * sanitizer's kind plus the first three frames outside the sanitizer runtime. */
static int signature(const char *log, wh_finding *f) {
    FILE *in = fopen(log, "r");
    if (!in) return -1;
    char line[2048];
    int frames = 0;
    f->rule[0] = f->signature[0] = f->frame_file[0] = 0;
    f->frame_line = 0;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = 0;
        if (strncmp(line, "wfpcert oracle: ", 16) == 0) {
            snprintf(f->signature, sizeof f->signature, "%.500s", line + 16);
            snprintf(f->rule, sizeof f->rule, "%.*s", (int)strcspn(line + 16, ":"), line + 16);
            break;
        }
        static const char *const kinds[] = {"ERROR: AddressSanitizer: ", "ERROR: LeakSanitizer: "};
        char *k = NULL;
        for (int i = 0; i < 2 && !k; i++)
            if ((k = strstr(line, kinds[i]))) k += strlen(kinds[i]); /* "heap-buffer-overflow on ..." */
        if (k && strncmp(k, "attempting ", 11) == 0) k += 11; /* "attempting double-free on ..." */
        if (k && !f->rule[0]) {
            snprintf(f->rule, sizeof f->rule, "%.*s", (int)strcspn(k, " "), k);
            snprintf(f->signature, sizeof f->signature, "%s", f->rule);
            continue;
        }
        char *u = strstr(line, "runtime error: ");
        if (u && !f->rule[0]) {
            snprintf(f->rule, sizeof f->rule, "undefined-behavior");
            snprintf(f->signature, sizeof f->signature, "ubsan: %s", u + 15);
            char *colon = strchr(line, ':');
            if (colon) {
                snprintf(f->frame_file, sizeof f->frame_file, "%.*s", (int)(colon - line), line);
                f->frame_line = atoi(colon + 1);
            }
            break;
        }
        char *in_fn = strstr(line, " in ");
        if (f->rule[0] && frames < 3 && strstr(line, "    #") == line && in_fn) {
            char fn[128], file[256];
            fn[0] = file[0] = 0;
            sscanf(in_fn + 4, "%127s %255s", fn, file);
            if (strncmp(fn, "__asan", 6) == 0 || strncmp(fn, "__interceptor", 13) == 0 ||
                strncmp(fn, "__mem", 5) == 0 || strstr(fn, "memcpy") || strstr(fn, "memmove") || strstr(fn, "memset"))
                continue;
            if (strcmp(fn, "LLVMFuzzerTestOneInput") == 0)
                frames = 3;
            else {
                size_t at = strlen(f->signature);
                snprintf(f->signature + at, sizeof f->signature - at, " %s %s", frames ? "<" : "in", fn);
                if (!frames && file[0]) {
                    char *c = strchr(file, ':');
                    if (c) {
                        *c = 0;
                        f->frame_line = atoi(c + 1);
                    }
                    snprintf(f->frame_file, sizeof f->frame_file, "%s", file);
                }
                frames++;
            }
        }
    }
    fclose(in);
    if (!f->rule[0]) {
        snprintf(f->rule, sizeof f->rule, "crash");
        snprintf(f->signature, sizeof f->signature, "crash without a sanitizer report (see the log)");
    }
    return 0;
}

static int already_filed(const char *notes, const char *sig) {
    FILE *in = fopen(notes, "r");
    if (!in) return 0;
    char line[2048];
    int hit = 0;
    while (!hit && fgets(line, sizeof line, in)) hit = strstr(line, sig) != NULL;
    fclose(in);
    return hit;
}

static int copy_file(const char *from, const char *to) {
    uint8_t *data;
    size_t n;
    char err[256];
    if (wh_read_input(from, &data, &n, err, sizeof err)) return -1;
    FILE *out = fopen(to, "wb");
    /* The harnesses read a missing byte as 0, so one zero byte replays like an empty input,
     * and `wfpcert repro` (which refuses empty files) can take it. */
    static const uint8_t zero = 0;
    int bad = !out || (n ? fwrite(data, 1, n, out) != n : fwrite(&zero, 1, 1, out) != 1);
    if (out) bad |= fclose(out) != 0;
    free(data);
    return bad ? -1 : 0;
}

long long wh_fuzz_log_executions(const char *log) {
    FILE *in = fopen(log, "r");
    if (!in) return 0;
    char line[1024];
    /* libFuzzer prints "Done N runs" and then stat::number_of_executed_units with the same N
     * (fork mode: the stats once per job); the stats count, "Done" only where they are missing. */
    long long runs = 0, done = 0, v, last = 0;
    while (fgets(line, sizeof line, in)) {
        if (sscanf(line, "stat::number_of_executed_units: %lld", &v) == 1)
            runs += v;
        else if (sscanf(line, "Done %lld runs", &v) == 1)
            done = v;
        else if (strstr(line, "execs_done") && sscanf(strchr(line, ':') + 1, "%lld", &v) == 1)
            runs = v;
        else if (line[0] == '#' && sscanf(line + 1, "%lld", &v) == 1 && v > last)
            last = v; /* fork mode: the last status line */
    }
    fclose(in);
    return runs ? runs : done ? done : last;
}

/* One target: run, merge, triage.  Findings are appended to f. */
/* afl-fuzz refuses to start when ASAN_OPTIONS (or UBSAN_OPTIONS) is set without symbolize=0
 * and abort_on_error=1: it needs crashes as signals, quickly.  A user's (or ctest's) own
 * options are kept; only the two afl-fuzz insists on are added when they are missing. */
static void afl_sanitizer_env(void) {
    static const char *const vars[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *old = getenv(vars[i]);
        if (!old || !*old) continue;
        char v[2048];
        snprintf(v, sizeof v, "%s%s%s", old, strstr(old, "symbolize=") ? "" : ":symbolize=0",
                 strstr(old, "abort_on_error=") ? "" : ":abort_on_error=1");
        setenv(vars[i], v, 1);
    }
}

/* The arguments of one libFuzzer lane: bin fuzzes into run (new inputs), reading corpus and
 * seeds, its crashes to crashes/.  The buffers live in the lane. */
typedef struct lane {
    char a_time[64], a_prefix[1200], a_dict[1200], a_fork[32], a_len[32];
    char *argv[32];
} lane;

static void libfuzzer_lane(const opts *o, lane *l, char *bin, const char *crashes, const char *dict, int jobs,
                           char *run, char *corpus, char *seeds) {
    int n = 0;
    snprintf(l->a_time, sizeof l->a_time, "-max_total_time=%d", o->seconds);
    snprintf(l->a_prefix, sizeof l->a_prefix, "-artifact_prefix=%s/", crashes);
    snprintf(l->a_dict, sizeof l->a_dict, "-dict=%s", dict);
    snprintf(l->a_len, sizeof l->a_len, "-max_len=%d", o->max_len);
    char *fixed[] = {bin,       "-error_exitcode=77", "-timeout_exitcode=78",
                     l->a_time, "-timeout=10",        "-rss_limit_mb=2048",
                     l->a_len,  l->a_prefix,          "-print_final_stats=1"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) l->argv[n++] = fixed[i];
    if (access(dict, R_OK) == 0) l->argv[n++] = l->a_dict;
    if (jobs > 1) { /* fork mode keeps going after a crash and spreads over the cores */
        snprintf(l->a_fork, sizeof l->a_fork, "-fork=%d", jobs);
        l->argv[n++] = l->a_fork;
        l->argv[n++] = "-ignore_crashes=1";
    }
    l->argv[n++] = run;
    l->argv[n++] = corpus;
    l->argv[n++] = seeds;
    l->argv[n] = NULL;
}

static int campaign_target(const opts *o, const char *t, wh_target_run *r, wh_finding *f, int *nf) {
    char bin[1024], replay[1024], dir[1024], cdir[1100], rdir[1100], xdir[1100], seeds[1100], dict[1100], log[1100];
    char fbin[1024], frdir[1100], fxdir[1100], flog[1100];
    int afl = strcmp(o->engine, "afl") == 0, fast = !afl && o->fast_dir;
    snprintf(bin, sizeof bin, "%s/fuzz-%s%s", o->bin_dir, t, afl ? "-afl" : "");
    snprintf(replay, sizeof replay, "%s/fuzz-%s%s", o->bin_dir, t, afl ? "-replay" : "");
    snprintf(fbin, sizeof fbin, "%s/fuzz-%s", fast ? o->fast_dir : "", t);
    if (access(bin, X_OK) || (fast && access(fbin, X_OK))) {
        int lane_missing = access(bin, X_OK) == 0;
        fprintf(stderr, "wfpcert fuzz: %s: %s (build the %s preset, or pass %s)\n", lane_missing ? fbin : bin,
                strerror(errno),
                lane_missing ? "libfuzzer-fast"
                : afl        ? "afl"
                             : "libfuzzer",
                lane_missing ? "--fast-lane DIR or --no-fast-lane" : "--bin-dir");
        return -1;
    }
    snprintf(dir, sizeof dir, "%.900s/%s", o->state, t);
    snprintf(cdir, sizeof cdir, "%s/corpus", dir);
    snprintf(rdir, sizeof rdir, "%s/run", dir);
    snprintf(xdir, sizeof xdir, "%s/crashes", dir);
    snprintf(frdir, sizeof frdir, "%s/run-fast", dir);
    snprintf(fxdir, sizeof fxdir, "%s/crashes-fast", dir);
    snprintf(seeds, sizeof seeds, "%s/%s", o->corpus, t);
    snprintf(dict, sizeof dict, "%s/%s.dict", o->corpus, t);
    if (mkdirs(cdir) || mkdirs(rdir) || mkdirs(xdir) || (fast && (mkdirs(frdir) || mkdirs(fxdir)))) {
        fprintf(stderr, "wfpcert fuzz: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    empty_dir(rdir);
    empty_dir(xdir);
    if (fast) empty_dir(frdir), empty_dir(fxdir);
    memset(r, 0, sizeof *r);
    snprintf(r->target, sizeof r->target, "%s", t);
    r->seconds = o->seconds;
    names before;
    list_files(cdir, &before);

    lane asan, quick;
    char a_time[64], a_out[1200] = "";
    char *argv[32];
    int n = 0;
    snprintf(log, sizeof log, "%s/fuzz.log", dir);
    snprintf(flog, sizeof flog, "%s/fuzz-fast.log", dir);
    pid_t fast_pid = -1;
    if (!afl) {
        libfuzzer_lane(o, &asan, bin, xdir, dict, o->jobs, rdir, cdir, seeds);
        /* The fast lane: the same target without ASan, beside the ASan lane for the same time,
         * in one process (fork mode spreads the ASan lane over --jobs). */
        if (fast) {
            libfuzzer_lane(o, &quick, fbin, fxdir, dict, 1, frdir, cdir, seeds);
            fast_pid = spawn_logged(quick.argv, flog);
        }
    } else {
        snprintf(a_time, sizeof a_time, "%d", o->seconds);
        snprintf(a_out, sizeof a_out, "%s/afl", dir);
        argv[n++] = "/usr/bin/afl-fuzz";
        argv[n++] = "-i";
        argv[n++] = seeds;
        argv[n++] = "-o";
        argv[n++] = a_out;
        argv[n++] = "-V";
        argv[n++] = a_time;
        if (access(dict, R_OK) == 0) {
            argv[n++] = "-x";
            argv[n++] = dict;
        }
        argv[n++] = "--";
        argv[n++] = bin;
        setenv("AFL_NO_UI", "1", 1);
        setenv("AFL_SKIP_CPUFREQ", "1", 1);
        setenv("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1", 1);
        setenv("AFL_NO_AFFINITY", "1", 1);
        afl_sanitizer_env();
        argv[n] = NULL;
    }
    printf("fuzz %s: %d s with %s%s%s\n", t, o->seconds, o->engine, fast ? ", fast lane without ASan beside it: " : "",
           fast ? o->fast_dir : "");
    fflush(stdout);
    r->exit_code = wh_run_logged(afl ? argv : asan.argv, log);
    /* afl-fuzz counts its executions in fuzzer_stats, not in its log (which gave "0 runs") */
    char stats[1300];
    snprintf(stats, sizeof stats, "%s/default/fuzzer_stats", a_out);
    r->runs = wh_fuzz_log_executions(afl ? stats : log);
    if (fast_pid > 0) {
        wait_status(fast_pid);
        r->fast_runs = wh_fuzz_log_executions(flog);
    }

    /* Keep only what adds coverage (libFuzzer's merge); AFL's queue is kept as it is.  The merge
     * runs every new input of both lanes through the ASan build: one that fails there is written
     * to crashes/ and triaged below instead of entering the corpus, so nothing the fast lane found
     * is kept or filed without having run under ASan. */
    if (!afl) {
        char a_prefix[1200];
        snprintf(a_prefix, sizeof a_prefix, "-artifact_prefix=%s/", xdir);
        char *m[] = {bin, "-merge=1", a_prefix, cdir, rdir, fast ? frdir : NULL, NULL};
        char mlog[1100];
        snprintf(mlog, sizeof mlog, "%s/merge.log", dir);
        wh_run_logged(m, mlog);
    }
    names after, crashes, fast_crashes;
    list_files(cdir, &after);
    r->new_inputs = after.n - before.n;
    free_names(&before);
    free_names(&after);
    char adir[1100];
    snprintf(adir, sizeof adir, "%s/afl/default/crashes", dir);
    list_files(afl ? adir : xdir, &crashes);
    fast_crashes.n = 0;
    if (fast) list_files(fxdir, &fast_crashes);
    /* The fast lane's crashes after the ASan lane's, each replayed under ASan before it counts. */
    int moved = 0;
    for (; moved < fast_crashes.n && crashes.n < MAX_FILES; moved++) crashes.v[crashes.n++] = fast_crashes.v[moved];
    for (int i = moved; i < fast_crashes.n; i++) free(fast_crashes.v[i]);
    int first_fast = crashes.n - moved;

    for (int i = 0; i < crashes.n; i++) {
        const char *c = crashes.v[i];
        const char *base = strrchr(c, '/') ? strrchr(c, '/') + 1 : c;
        if (strncmp(base, "slow-unit", 9) == 0 || strncmp(base, "README", 6) == 0) continue;
        wh_finding w;
        memset(&w, 0, sizeof w);
        snprintf(w.target, sizeof w.target, "%s", t);
        char rlog[1100];
        snprintf(rlog, sizeof rlog, "%s/replay.log", dir);
        char *rv[] = {replay, (char *)c, NULL};
        int rc = wh_run_logged(rv, rlog);
        if (i >= first_fast && rc == 0) { /* the ASan build runs it clean: not a finding */
            printf("  fast lane: %s runs clean under ASan; not filed\n", c);
            r->fast_unconfirmed++;
            continue;
        }
        r->crashes++;
        signature(rlog, &w);
        int dup = 0;
        for (int k = 0; k < *nf; k++) dup |= strcmp(f[k].signature, w.signature) == 0 && strcmp(f[k].target, t) == 0;
        char regdir[1024], notes[1100];
        snprintf(regdir, sizeof regdir, "%s/regressions/%s", o->corpus, t);
        snprintf(notes, sizeof notes, "%s/NOTES", regdir);
        if (dup || *nf == MAX_FINDINGS) continue;
        r->unique++;
        /* Minimise (libFuzzer, under ASan); AFL's inputs are filed as found. */
        char min[1100];
        snprintf(min, sizeof min, "%s/minimised", dir);
        const char *best = c;
        if (!afl) {
            char a_min[1200];
            snprintf(a_min, sizeof a_min, "-exact_artifact_path=%s", min);
            char *mv[] = {bin, "-minimize_crash=1", "-max_total_time=20", a_min, (char *)c, NULL};
            char mlog[1100];
            snprintf(mlog, sizeof mlog, "%s/minimise.log", dir);
            remove(min);
            wh_run_logged(mv, mlog);
            struct stat st;
            /* An empty minimum is kept out: repro refuses empty files, and the original reads better. */
            if (stat(min, &st) == 0 && st.st_size > 0) best = min;
        }
        snprintf(w.file, sizeof w.file, "%.500s", best);
        if (o->file_findings && !already_filed(notes, w.signature)) {
            char name[128], dest[1200];
            snprintf(name, sizeof name, "%s-%016llx", w.rule, fnv(w.signature));
            for (char *p = name; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
                    *p = '_';
            snprintf(dest, sizeof dest, "%s/%s", regdir, name);
            if (mkdirs(regdir) == 0 && copy_file(best, dest) == 0) {
                FILE *nf_ = fopen(notes, "a");
                if (nf_) {
                    const char *faults = getenv("WFPCERT_FAULTS");
                    time_t now = time(NULL);
                    char day[32];
                    strftime(day, sizeof day, "%Y-%m-%d", gmtime(&now));
                    /* target= and fault= first: ctest and `wfpcert repro` replay the file with its fault */
                    fprintf(nf_, "%s: %s; target=%s; fault=%s; found by wfpcert fuzz (%s%s, %s, %s%s): %s\n", name,
                            w.rule, t, faults && *faults ? faults : "none", o->engine,
                            i >= first_fast ? " fast lane, confirmed under ASan" : "", day,
                            faults && *faults ? "WFPCERT_FAULTS=" : "no faults", faults && *faults ? faults : "",
                            w.signature);
                    fclose(nf_);
                }
                snprintf(w.file, sizeof w.file, "%.500s", dest);
            }
        }
        f[(*nf)++] = w;
        printf("  finding%s: %s: %s\n    input: %s\n", i >= first_fast ? " (fast lane, confirmed under ASan)" : "",
               w.rule, w.signature, w.file);
    }
    free_names(&crashes); /* the fast lane's names too: they were moved into it */
    printf("  %lld runs", r->runs);
    if (fast) printf(" (+ %lld in the fast lane)", r->fast_runs);
    printf(", %d new corpus inputs, %d crash file(s), %d unique", r->new_inputs, r->crashes, r->unique);
    if (r->fast_unconfirmed) printf(", %d fast-lane crash(es) clean under ASan", r->fast_unconfirmed);
    printf("\n");
    return 0;
}

/* <build>/harness seen from the CLI in <build>/tools/wfpcert (or next to this program): the
 * folder holding fuzz-empty of the engine.  Returns 0 when
 * found; otherwise -1 with this program's folder in out. */
int wh_fuzz_bin_dir(const char *engine, const char *argv0, char *out, size_t cap) {
    char here[900];
    ssize_t len = readlink("/proc/self/exe", here, sizeof here - 1); /* argv[0] may be a sub-command name */
    if (len > 0)
        here[len] = 0;
    else
        snprintf(here, sizeof here, "%s", argv0);
    char *slash = strrchr(here, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(here, sizeof here, ".");
    static const char *const up[] = {"", "/../harness", "/../../harness"};
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
        char probe[1100];
        snprintf(out, cap, "%s%s", here, up[i]);
        snprintf(probe, sizeof probe, "%s/fuzz-empty%s", out, strcmp(engine, "afl") ? "" : "-afl");
        if (access(probe, X_OK) == 0) return 0;
    }
    snprintf(out, cap, "%s", here[0] ? here : ".");
    return -1;
}

static void usage(FILE *to) {
    fprintf(to, "usage: wfpcert fuzz [--seconds N | --nightly] [--jobs N] [--engine libfuzzer|afl] [--targets a,b]\n"
                "                    [--bin-dir DIR] [--fast-lane DIR | --no-fast-lane] [--corpus DIR] [--state DIR]\n"
                "                    [--reports DIR] [--no-file]\n\n"
                "libFuzzer runs an ASan build (--bin-dir) and, beside it, a fast lane built without ASan\n"
                "(preset libfuzzer-fast; found in build/libfuzzer-fast/harness next to the ASan build, or\n"
                "--fast-lane DIR); whatever the fast lane finds is replayed under ASan before it is filed.\n"
                "With --proxy MODULE (a vendor's proxy, built with wfpcert_add_proxy) the target is proxy\n"
                "unless --targets names others; --callout MODULE runs a vendor's driver in every target.\n");
}

int wf_fuzz_main(int argc, char **argv) {
    opts o = {60,
              1,
              1,
              4096,
              "libfuzzer",
              NULL,
              "corpus",
              "fuzz-state",
              "reports/runs",
              "ioctl,cmsg,records,sequence,chain",
              NULL,
              -1};
    static char self_dir[1024];
    int targets_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { /* asked for: stdout, exit 0 */
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--nightly") == 0)
            o.seconds = 3600;
        else if (strcmp(a, "--no-file") == 0)
            o.file_findings = 0;
        else if (strcmp(a, "--no-fast-lane") == 0)
            o.fast_lane = 0;
        else if (!v) {
            fprintf(stderr, "wfpcert fuzz: %s: %s (see --help)\n", a,
                    a[0] == '-' ? "unknown option, or it needs a value" : "unexpected argument");
            return 2;
        } else if (strcmp(a, "--seconds") == 0)
            o.seconds = atoi(argv[++i]);
        else if (strcmp(a, "--jobs") == 0)
            o.jobs = atoi(argv[++i]);
        else if (strcmp(a, "--engine") == 0)
            o.engine = argv[++i];
        else if (strcmp(a, "--targets") == 0) {
            targets_given = 1;
            snprintf(o.targets, sizeof o.targets, "%s", argv[++i]);
        } else if (strcmp(a, "--bin-dir") == 0)
            o.bin_dir = argv[++i];
        else if (strcmp(a, "--fast-lane") == 0)
            o.fast_dir = argv[++i], o.fast_lane = 1;
        else if (strcmp(a, "--corpus") == 0)
            o.corpus = argv[++i];
        else if (strcmp(a, "--state") == 0)
            o.state = argv[++i];
        else if (strcmp(a, "--reports") == 0)
            o.reports = argv[++i];
        else if (strcmp(a, "--max-len") == 0)
            o.max_len = atoi(argv[++i]);
        else {
            fprintf(stderr, "wfpcert fuzz: %s: unknown option (see --help)\n", a);
            return 2;
        }
    }
    if (o.seconds <= 0 || o.jobs <= 0 || (strcmp(o.engine, "libfuzzer") && strcmp(o.engine, "afl"))) {
        fprintf(stderr, "wfpcert fuzz: %s\n",
                o.seconds <= 0 ? "--seconds takes a number of seconds above 0"
                : o.jobs <= 0  ? "--jobs takes a number of jobs above 0"
                               : "--engine takes one of: libfuzzer, afl");
        return 2;
    }
    if (!o.bin_dir) {
        wh_fuzz_bin_dir(o.engine, argv[0], self_dir, sizeof self_dir);
        o.bin_dir = self_dir;
    }
    static char fast_dir[1200];
    if (o.fast_lane == 1 && strcmp(o.engine, "libfuzzer")) {
        fprintf(stderr, "wfpcert fuzz: --fast-lane is a libFuzzer lane; --engine %s has none\n", o.engine);
        return 2;
    }
    if (o.fast_lane < 0 && !strcmp(o.engine, "libfuzzer")) {
        /* build/libfuzzer/harness -> build/libfuzzer-fast/harness */
        char probe[1300];
        snprintf(fast_dir, sizeof fast_dir, "%s/../../libfuzzer-fast/harness", o.bin_dir);
        snprintf(probe, sizeof probe, "%s/fuzz-empty", fast_dir);
        char *real = access(probe, X_OK) == 0 ? realpath(fast_dir, NULL) : NULL;
        if (real) {
            snprintf(fast_dir, sizeof fast_dir, "%s", real);
            free(real);
            o.fast_dir = fast_dir;
        } else
            printf("fast lane: off (no %s; cmake --preset libfuzzer-fast && cmake --build build/libfuzzer-fast)\n",
                   probe);
    }
    if (o.fast_lane == 0) o.fast_dir = NULL;
    if (!wh_is_dir(o.corpus)) {
        fprintf(stderr, "wfpcert fuzz: %s: not a folder (run from the source tree or pass --corpus)\n", o.corpus);
        return 2;
    }
    /* --proxy MODULE (tools/wfpcert/proxy.c) set WFPCERT_PROXY, which the fuzzers inherit: the
     * one target that runs a vendor's proxy is the campaign, unless --targets says otherwise. */
    const char *proxy = getenv("WFPCERT_PROXY");
    if (proxy && *proxy && !targets_given) {
        snprintf(o.targets, sizeof o.targets, "proxy");
        fprintf(stderr, "wfpcert fuzz: --proxy: the target is proxy, with %s as its proxy\n", proxy);
    }
    static wh_finding findings[MAX_FINDINGS];
    static wh_target_run runs[16];
    int nf = 0, nr = 0;
    char list[256];
    snprintf(list, sizeof list, "%s", o.targets);
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && nr < 16; t = strtok_r(NULL, ",", &save)) {
        if (!wh_target_find(t)) {
            fprintf(stderr, "wfpcert fuzz: unknown target '%s'\n", t);
            return 2;
        }
        if (campaign_target(&o, t, &runs[nr], findings, &nf)) return 2;
        nr++;
    }
    time_t now = time(NULL);
    char stamp[32], out[1200], path[1300];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
    snprintf(out, sizeof out, "%s/fuzz-%s-%s", o.reports, stamp, o.engine);
    if (mkdirs(out)) {
        fprintf(stderr, "wfpcert fuzz: %s: %s\n", out, strerror(errno));
        return 2;
    }
    snprintf(path, sizeof path, "%s/fuzz.sarif", out);
    if (wh_write_sarif(path, findings, nf)) fprintf(stderr, "wfpcert fuzz: %s: %s\n", path, strerror(errno));
    snprintf(path, sizeof path, "%s/index.html", out);
    char title[128];
    snprintf(title, sizeof title, "wfpcert fuzz %s (%s, %d s per target)", stamp, o.engine, o.seconds);
    if (wh_write_fuzz_html(path, title, runs, nr, findings, nf))
        fprintf(stderr, "wfpcert fuzz: %s: %s\n", path, strerror(errno));
    printf("reports: %s\n", out);
    return nf ? 1 : 0;
}
