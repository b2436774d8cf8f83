/*
 * pack.c: `wfpcert pack RUN...` and `wfpcert verify-pack FILE`, the submission bundle that
 * docs/CERTIFICATION.md asks a vendor to send.  One ustar archive (reports/tar.h) holds the
 * run folders, the vendor configuration and the waivers each run used (refused when they
 * changed since the run: the bundle must show what produced the verdict), VERSIONS.txt (tool,
 * commit, host, elevation, driver of every run, from its results.json) and MANIFEST.sha256,
 * the SHA-256 of every other file in `sha256sum -c` form.  verify-pack checks that manifest:
 * a reviewer learns whether anything was changed, added or removed after packing.
 * Each run's results.json is read with reports/results_read.h, the reader wfpcert compare uses.
 */
#include "commands.h"

#include "sha256.h"
#include "sysinfo.h"
#include "tar.h"
#include "results_read.h"
#include "run.h"
#include "wsys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


#define ROOT "wfpcert-pack/"
#define MANIFEST ROOT "MANIFEST.sha256"

typedef struct entry {
    char *path; /* inside the archive, under ROOT */
    unsigned char *data;
    size_t size;
} entry;

typedef struct bundle {
    entry *e;
    size_t n;
} bundle;

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) buf = wr_xrealloc(buf, cap = cap ? cap * 2 : 65536);
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *n = len;
    return buf;
}

static void add(bundle *b, char *path, unsigned char *data, size_t size)
{
    b->e = wr_xrealloc(b->e, (b->n + 1) * sizeof *b->e);
    b->e[b->n++] = (entry){path, data, size};
}

static void bundle_free(bundle *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->e[i].path);
        free(b->e[i].data);
    }
    free(b->e);
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if ((*p == '/' || *p == '\\') && p[1]) b = p + 1;
    return b;
}

/* Every regular file under dir (sorted, recursively) into the bundle as ROOT prefix/... */
static int add_tree(bundle *b, const char *dir, const char *prefix, char *err, size_t cap)
{
    char **names;
    size_t n;
    if (wsys_list_dir(dir, &names, &n) != 0) {
        snprintf(err, cap, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *full = wr_strfmt("%s/%s", dir, names[i]), *in = wr_strfmt("%s/%s", prefix, names[i]);
        if (rc == 0 && wsys_kind(full) == WSYS_DIR) {
            rc = add_tree(b, full, in, err, cap);
        } else if (rc == 0 && wsys_kind(full) == WSYS_FILE) {
            size_t size;
            unsigned char *data = slurp(full, &size);
            if (!data) {
                snprintf(err, cap, "%s: %s", full, strerror(errno));
                rc = -1;
            } else {
                add(b, wr_strfmt(ROOT "%s", in), data, size);
            }
        }
        free(full);
        free(in);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Adds the file a run used (its configuration or waivers) under ROOT folder/, once, after
 * checking it still has the hash the run recorded.  0, or 2 with the message in err. */
static int add_input(bundle *b, const char *run, const char *what, const char *path, const char *want,
                     const char *folder, char *err, size_t cap)
{
    if (!path) return 0;
    size_t size;
    unsigned char *data = slurp(path, &size);
    if (!data) {
        snprintf(err, cap, "%s used the %s %s, which cannot be read now: %s", run, what, path, strerror(errno));
        return 2;
    }
    char hex[65];
    wr_sha256_hex(data, size, hex);
    if (want && strcmp(hex, want) != 0) {
        snprintf(err, cap, "%s used the %s %s with SHA-256 %s; the file has changed since (now %s), so it is not "
                 "what produced that run's verdict: pack the runs again after re-running them",
                 run, what, path, want, hex);
        free(data);
        return 2;
    }
    char *in = wr_strfmt(ROOT "%s/%s", folder, base_name(path));
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->e[i].path, in)) {
            int same = b->e[i].size == size && !memcmp(b->e[i].data, data, size);
            free(in);
            free(data);
            if (same) return 0;
            snprintf(err, cap, "two runs used different %s files named %s; pack them separately", what, base_name(path));
            return 2;
        }
    add(b, in, data, size);
    return 0;
}

static void appendf(char **s, const char *a, const char *v)
{
    char *n = wr_strfmt("%s%s%s", *s, a, v ? v : "(none)");
    free(*s);
    *s = n;
}

/* One run folder: its files, the inputs it used, its lines of VERSIONS.txt. */
static int add_run(bundle *b, const char *dir, size_t index, char **versions, char *err, size_t cap)
{
    wr_prev_run run;
    char why[512];
    if (wsys_kind(dir) != WSYS_DIR) {
        snprintf(err, cap, "%s is not a run folder (a folder with the results.json a run wrote)", dir);
        return 2;
    }
    if (wr_prev_run_read(&run, dir, why, sizeof why) != 0) {
        snprintf(err, cap, "%s is not a run folder: %s", dir, why);
        return 2;
    }
    char *prefix = wr_strfmt("runs/%zu-%s", index, base_name(dir));
    int rc = add_tree(b, dir, prefix, err, cap) ? 2 : 0;
    if (rc == 0)
        rc = add_input(b, dir, "vendor configuration", wr_prev_run_info(&run, "config"),
                       wr_prev_run_info(&run, "config_sha256"), "config", err, cap);
    if (rc == 0)
        rc = add_input(b, dir, "waivers file", wr_prev_run_info(&run, "expectations_file"),
                       wr_prev_run_info(&run, "expectations_sha256"), "waivers", err, cap);
    static const char *const keys[] = {"tool", "commit", "tool_build", "target", "reference", "profile", "host_os",
                                       "host_build", "elevated", "vendor", "driver", "driver_version", "driver_file",
                                       "driver_sha256", "started_utc"};
    appendf(versions, "\n[", prefix);
    appendf(versions, "]", "");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *label = wr_strfmt("\n%-15s ", keys[i]);
        appendf(versions, label, wr_prev_run_info(&run, keys[i]));
        free(label);
    }
    appendf(versions, "\n", "");
    free(prefix);
    wr_prev_run_free(&run);
    return rc;
}

static void pack_usage(FILE *f)
{
    fputs("usage: wfpcert pack [--out FILE] [--force] RUN...\n"
          "  Writes one ustar archive (default wfpcert-pack-<UTC time>.tar) with the run folders, the vendor\n"
          "  configuration and waivers each run used, VERSIONS.txt and MANIFEST.sha256; send it with your\n"
          "  certification request (docs/CERTIFICATION.md).  --force replaces an existing FILE.\n"
          "  Exit status: 0 written, 2 a RUN is not a run folder or its inputs changed, 3 FILE cannot be written.\n",
          f);
}

int wf_pack_main(int argc, char **argv)
{
    const char *out = NULL;
    int force = 0;
    const char **runs = NULL;
    size_t nruns = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            pack_usage(stdout);
            free(runs);
            return 0;
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strncmp(argv[i], "--out=", 6)) {
            out = argv[i] + 6;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "wfpcert pack: unknown option '%s'\n", argv[i]);
            pack_usage(stderr);
            free(runs);
            return 2;
        } else {
            runs = wr_xrealloc(runs, (nruns + 1) * sizeof *runs);
            runs[nruns++] = argv[i];
        }
    }
    if (!nruns) {
        fprintf(stderr, "wfpcert pack: name at least one run folder\n");
        pack_usage(stderr);
        return 2;
    }
    char utc[32], deflt[64];
    time_t now = time(NULL);
    strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    strftime(deflt, sizeof deflt, "wfpcert-pack-%Y%m%dT%H%M%SZ.tar", gmtime(&now));
    if (!out) out = deflt;
    struct stat st;
    if (!force && stat(out, &st) == 0) {
        fprintf(stderr, "wfpcert pack: %s exists; choose another --out or add --force\n", out);
        free(runs);
        return 2;
    }
    bundle b = {0};
    char err[1024] = "";
    char *versions = wr_strfmt("packed by        wfpcert %s (commit %s) at %s\n", wc_tool_version(), wc_tool_commit(), utc);
    int rc = 0;
    for (size_t i = 0; i < nruns && rc == 0; i++) rc = add_run(&b, runs[i], i + 1, &versions, err, sizeof err);
    if (rc) {
        fprintf(stderr, "wfpcert pack: %s\n", err);
        bundle_free(&b);
        free(versions);
        free(runs);
        return rc;
    }
    add(&b, wr_strdup(ROOT "VERSIONS.txt"), (unsigned char *)versions, strlen(versions));
    char *manifest = wr_strdup("");
    for (size_t i = 0; i < b.n; i++) {
        char hex[65], *m;
        wr_sha256_hex(b.e[i].data, b.e[i].size, hex);
        m = wr_strfmt("%s%s  %s\n", manifest, hex, b.e[i].path);
        free(manifest);
        manifest = m;
    }
    /* written beside the target and renamed into place: a failed pack leaves no half archive */
    char *tmp = wr_strfmt("%s.part", out);
    FILE *f = fopen(tmp, "wb");
    int bad = !f || wr_tar_add(f, MANIFEST, manifest, strlen(manifest), (long long)now) != 0;
    for (size_t i = 0; i < b.n && !bad; i++)
        bad = wr_tar_add(f, b.e[i].path, b.e[i].data, b.e[i].size, (long long)now) != 0;
    if (!bad) bad = wr_tar_end(f) != 0;
    if (f && fclose(f) != 0) bad = 1;
#if defined(_WIN32)
    if (!bad && force) remove(out); /* rename does not replace a file there */
#endif
    if (!bad && rename(tmp, out) != 0) bad = 1;
    if (bad) {
        fprintf(stderr, "wfpcert pack: cannot write %s: %s\n", out, errno ? strerror(errno) : "a path is too long for ustar");
        remove(tmp);
        rc = 3;
    } else {
        char hex[65] = "";
        wr_sha256_file(out, hex);
        stat(out, &st);
        printf("pack: %s: %zu run%s, %zu files, %lld bytes, SHA-256 %s\n", out, nruns, nruns == 1 ? "" : "s", b.n + 1,
               (long long)st.st_size, hex);
    }
    free(tmp);
    free(manifest);
    bundle_free(&b);
    free(runs);
    return rc;
}

/* ---- verify-pack ---- */

static const wr_tar_entry *find(const wr_tar_entry *e, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].path, path)) return &e[i];
    return NULL;
}

int wf_verify_pack_main(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        puts("usage: wfpcert verify-pack FILE\n"
             "  Checks a bundle written by wfpcert pack: every file listed in its MANIFEST.sha256 is there with\n"
             "  that SHA-256, and nothing else is.  Exit status: 0 intact, 1 changed (a file added, removed or\n"
             "  altered, or a damaged archive), 2 FILE is not a wfpcert pack or cannot be read.");
        return 0;
    }
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "wfpcert verify-pack: usage: wfpcert verify-pack FILE\n");
        return 2;
    }
    const char *file = argv[1];
    enum wsys_kind kind = wsys_kind(file);
    if (kind != WSYS_FILE) {
        fprintf(stderr, "wfpcert verify-pack: %s: %s\n", file, kind == WSYS_NONE ? strerror(errno) : "not a regular file");
        return 2;
    }
    size_t n;
    unsigned char *a = slurp(file, &n);
    if (!a) {
        fprintf(stderr, "wfpcert verify-pack: %s: %s\n", file, strerror(errno));
        return 2;
    }
    wr_tar_entry *e = NULL;
    size_t ne = 0, off = 0;
    char err[256];
    int r, problems = 0;
    wr_tar_entry one;
    while ((r = wr_tar_next(a, n, &off, &one, err, sizeof err)) == 1) {
        e = wr_xrealloc(e, (ne + 1) * sizeof *e);
        e[ne++] = one;
    }
    const wr_tar_entry *man = find(e, ne, MANIFEST);
    if (!ne || !man) { /* not even one good header, or no manifest: not a pack at all */
        fprintf(stderr, "wfpcert verify-pack: %s is not a wfpcert pack (%s)\n", file,
                r < 0 && !ne ? err : "no " MANIFEST);
        free(e);
        free(a);
        return 2;
    }
    if (r < 0) {
        printf("CHANGED: the archive is damaged after %zu entries: %s\n", ne, err);
        problems++;
    }
    char *text = wr_strfmt("%.*s", (int)man->size, (const char *)man->data);
    unsigned char *listed = calloc(ne ? ne : 1, 1);
    size_t lines = 0;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ') {
            printf("CHANGED: the manifest has a malformed line: %.80s\n", line);
            problems++;
        } else {
            const char *path = line + 66;
            const wr_tar_entry *x = find(e, ne, path);
            char hex[65];
            lines++;
            if (!x) {
                printf("CHANGED: %s is listed in the manifest but missing\n", path);
                problems++;
            } else {
                listed[x - e] = 1;
                wr_sha256_hex(x->data, x->size, hex);
                if (strncmp(hex, line, 64) != 0) {
                    printf("CHANGED: %s has SHA-256 %s, the manifest says %.64s\n", path, hex, line);
                    problems++;
                }
                if (x->type != '0') {
                    printf("CHANGED: %s is not a regular file (type '%c')\n", path, x->type);
                    problems++;
                }
            }
        }
        if (!nl) break;
        line = nl + 1;
    }
    for (size_t i = 0; i < ne; i++)
        if (!listed[i] && &e[i] != man) {
            printf("CHANGED: %s is in the archive but not in the manifest\n", e[i].path);
            problems++;
        }
    char hex[65];
    wr_sha256_hex(a, n, hex);
    if (problems)
        printf("%s: NOT intact: %d problem%s\n", file, problems, problems == 1 ? "" : "s");
    else
        printf("%s: intact: %zu files match the manifest; SHA-256 of the pack %s\n", file, lines, hex);
    free(listed);
    free(text);
    free(e);
    free(a);
    return problems ? 1 : 0;
}
