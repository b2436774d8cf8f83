/*
 * pack.c: `wfpcert pack RUN...` and `wfpcert verify-pack FILE`, the submission bundle that
 * docs/CERTIFICATION.md asks a vendor to send.  One ustar archive (reports/tar.h) holds the
 * run folders, the vendor configuration and the waivers each run used (refused when they
 * changed since the run: the bundle must show what produced the verdict), VERSIONS.txt (tool,
 * commit, host, elevation, driver of every run, from its results.json) and MANIFEST.sha256,
 * the SHA-256 of every other file in `sha256sum -c` form.  verify-pack checks that manifest:
 * a reviewer learns whether anything was changed, added or removed after packing.
 * Each run's results.json is read with reports/results_read.h, the reader wfpcert compare uses.
 *
 * Files are streamed, never held whole: pack hashes each file once while collecting and
 * copies it into the archive with a second read that hashes it again, so a file that changed
 * in between fails the pack instead of contradicting its manifest line; verify-pack reads the
 * archive an entry at a time.  Only VERSIONS.txt and the manifest are built in memory.
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
#include <time.h>

#define ROOT "wfpcert-pack/"
#define MANIFEST ROOT "MANIFEST.sha256"

typedef struct entry {
    char *path; /* inside the archive, under ROOT */
    char *src; /* the file it is copied from, or NULL: data */
    unsigned char *data; /* the bytes of a file made here (VERSIONS.txt) */
    unsigned long long size;
    char hex[65]; /* SHA-256 */
} entry;

typedef struct bundle {
    entry *e;
    size_t n;
} bundle;

/* The size and hash of a file, read once; 0, or -1 with errno set. */
static int hash_file(const char *path, unsigned long long *size, char hex[65]) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    int rc = wr_sha256_stream(f, NULL, ~0ull, size, hex);
    fclose(f);
    return rc;
}

static void add(bundle *b, char *path, char *src, unsigned char *data, unsigned long long size, const char *hex) {
    b->e = wr_xrealloc(b->e, (b->n + 1) * sizeof *b->e);
    entry *e = &b->e[b->n++];
    *e = (entry){path, src, data, size, ""};
    if (hex)
        memcpy(e->hex, hex, 65);
    else
        wr_sha256_hex(data, (size_t)size, e->hex);
}

static void bundle_free(bundle *b) {
    for (size_t i = 0; i < b->n; i++) {
        free(b->e[i].path);
        free(b->e[i].src);
        free(b->e[i].data);
    }
    free(b->e);
}

static const char *base_name(const char *path) {
    const char *b = path;
    for (const char *p = path; *p; p++)
        if ((*p == '/' || *p == '\\') && p[1]) b = p + 1;
    return b;
}

/* Every regular file under dir (sorted, recursively) into the bundle as ROOT prefix/... */
static int add_tree(bundle *b, const char *dir, const char *prefix, char *err, size_t cap) {
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
            unsigned long long size;
            char hex[65];
            if (hash_file(full, &size, hex) != 0) {
                snprintf(err, cap, "%s: %s", full, strerror(errno));
                rc = -1;
            } else {
                add(b, wr_strfmt(ROOT "%s", in), wr_strdup(full), NULL, size, hex);
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
                     const char *folder, char *err, size_t cap) {
    if (!path) return 0;
    unsigned long long size;
    char hex[65];
    if (hash_file(path, &size, hex) != 0) {
        snprintf(err, cap, "%s used the %s %s, which cannot be read now: %s", run, what, path, strerror(errno));
        return 2;
    }
    if (want && strcmp(hex, want) != 0) {
        snprintf(err, cap,
                 "%s used the %s %s with SHA-256 %s; the file has changed since (now %s), so it is not "
                 "what produced that run's verdict: pack the runs again after re-running them",
                 run, what, path, want, hex);
        return 2;
    }
    char *in = wr_strfmt(ROOT "%s/%s", folder, base_name(path));
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->e[i].path, in)) {
            int same = b->e[i].size == size && !strcmp(b->e[i].hex, hex);
            free(in);
            if (same) return 0;
            snprintf(err, cap, "two runs used different %s files named %s; pack them separately", what,
                     base_name(path));
            return 2;
        }
    add(b, in, wr_strdup(path), NULL, size, hex);
    return 0;
}

static void appendf(char **s, const char *a, const char *v) {
    char *n = wr_strfmt("%s%s%s", *s, a, v ? v : "(none)");
    free(*s);
    *s = n;
}

/* One run folder: its files, the inputs it used, its lines of VERSIONS.txt. */
static int add_run(bundle *b, const char *dir, size_t index, char **versions, char *err, size_t cap) {
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
    static const char *const keys[] = {"tool",    "commit",         "tool_build",  "target",        "reference",
                                       "profile", "host_os",        "host_build",  "elevated",      "vendor",
                                       "driver",  "driver_version", "driver_file", "driver_sha256", "started_utc"};
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

/* One entry into the archive: a file is copied in pieces and must still be what was hashed.
 * 0; 1 when writing failed (errno); 2 when the file changed since it was hashed (err). */
static int write_entry(FILE *f, const entry *e, long long mtime, char *err, size_t cap) {
    if (!e->src) return wr_tar_add(f, e->path, e->data, (size_t)e->size, mtime) != 0;
    if (wr_tar_header(f, e->path, e->size, mtime) != 0) return 1;
    FILE *in = fopen(e->src, "rb");
    unsigned long long got = 0;
    char hex[65];
    int rc = !in || wr_sha256_stream(in, f, e->size, &got, hex) != 0 ? 1 : 0;
    if (!rc && (got != e->size || fgetc(in) != EOF || strcmp(hex, e->hex) != 0)) {
        snprintf(err, cap, "%s changed while it was being packed; pack again once nothing writes to it", e->src);
        rc = 2;
    }
    if (in) fclose(in);
    return rc ? rc : wr_tar_pad(f, e->size) != 0;
}

static void pack_usage(FILE *f) {
    fputs("usage: wfpcert pack [--out FILE] [--force] RUN...\n"
          "  Writes one ustar archive (default wfpcert-pack-<UTC time>.tar) with the run folders, the vendor\n"
          "  configuration and waivers each run used, VERSIONS.txt and MANIFEST.sha256; send it with your\n"
          "  certification request (docs/CERTIFICATION.md).  --force replaces an existing FILE.\n"
          "  Exit status: 0 written, 2 a RUN is not a run folder or its inputs changed, 3 FILE cannot be written.\n",
          f);
}

int wf_pack_main(int argc, char **argv) {
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
    if (!force && wsys_kind(out) != WSYS_NONE) {
        fprintf(stderr, "wfpcert pack: %s exists; choose another --out or add --force\n", out);
        free(runs);
        return 2;
    }
    bundle b = {0};
    char err[1024] = "";
    char *versions =
        wr_strfmt("packed by        wfpcert %s (commit %s) at %s\n", wc_tool_version(), wc_tool_commit(), utc);
    int rc = 0;
    for (size_t i = 0; i < nruns && rc == 0; i++) rc = add_run(&b, runs[i], i + 1, &versions, err, sizeof err);
    if (rc) {
        fprintf(stderr, "wfpcert pack: %s\n", err);
        bundle_free(&b);
        free(versions);
        free(runs);
        return rc;
    }
    add(&b, wr_strdup(ROOT "VERSIONS.txt"), NULL, (unsigned char *)versions, strlen(versions), NULL);
    size_t mlen = 0;
    for (size_t i = 0; i < b.n; i++) mlen += 64 + 2 + strlen(b.e[i].path) + 1;
    char *manifest = wr_xrealloc(NULL, mlen + 1), *m = manifest;
    for (size_t i = 0; i < b.n; i++) m += sprintf(m, "%s  %s\n", b.e[i].hex, b.e[i].path);
    /* written beside the target and renamed into place: a failed pack leaves no half archive */
    char *tmp = wr_strfmt("%s.part", out);
    FILE *f = fopen(tmp, "wb");
    int bad = !f || wr_tar_add(f, MANIFEST, manifest, mlen, (long long)now) != 0;
    for (size_t i = 0; i < b.n && !bad; i++) bad = write_entry(f, &b.e[i], (long long)now, err, sizeof err);
    if (!bad) bad = wr_tar_end(f) != 0;
    if (f && fclose(f) != 0) bad = 1;
#if defined(_WIN32)
    if (!bad && force) remove(out); /* rename does not replace a file there */
#endif
    if (!bad && rename(tmp, out) != 0) bad = 1;
    if (bad) {
        if (bad == 2)
            fprintf(stderr, "wfpcert pack: %s\n", err);
        else
            fprintf(stderr, "wfpcert pack: cannot write %s: %s\n", out,
                    errno ? strerror(errno) : "a path is too long for ustar");
        remove(tmp);
        rc = bad == 2 ? 2 : 3;
    } else {
        char hex[65] = "";
        unsigned long long size = 0;
        wr_sha256_file(out, hex);
        wsys_file_size(out, &size);
        printf("pack: %s: %zu run%s, %zu files, %llu bytes, SHA-256 %s\n", out, nruns, nruns == 1 ? "" : "s", b.n + 1,
               size, hex);
    }
    free(tmp);
    free(manifest);
    bundle_free(&b);
    free(runs);
    return rc;
}

/* ---- verify-pack ---- */

typedef struct seen_entry {
    wr_tar_entry t;
    char hex[65];
} seen_entry;

static const seen_entry *find(const seen_entry *e, size_t n, const char *path) {
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].t.path, path)) return &e[i];
    return NULL;
}

/* The manifest of a pack lists one line per file: far below this unless it is not one. */
#define MANIFEST_MAX (64u << 20)

int wf_verify_pack_main(int argc, char **argv) {
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
        fprintf(stderr, "wfpcert verify-pack: %s: %s\n", file,
                kind == WSYS_NONE ? strerror(errno) : "not a regular file");
        return 2;
    }
    unsigned long long total = 0;
    FILE *a = wsys_file_size(file, &total) == 0 ? fopen(file, "rb") : NULL;
    if (!a) {
        fprintf(stderr, "wfpcert verify-pack: %s: %s\n", file, strerror(errno));
        return 2;
    }
    /* one entry at a time: each file's bytes are hashed as they are read, the manifest kept */
    seen_entry *e = NULL;
    size_t ne = 0;
    unsigned long long off = 0;
    char err[512], *text = NULL;
    int r, problems = 0;
    wr_tar_entry one;
    while ((r = wr_tar_read_header(a, total, &off, &one, err, sizeof err)) == 1) {
        e = wr_xrealloc(e, (ne + 1) * sizeof *e);
        seen_entry *x = &e[ne++];
        x->t = one;
        int bad;
        if (!strcmp(one.path, MANIFEST) && !text && one.size <= MANIFEST_MAX) {
            text = wr_xrealloc(NULL, (size_t)one.size + 1);
            bad = fread(text, 1, (size_t)one.size, a) != one.size;
            text[bad ? 0 : one.size] = 0;
            wr_sha256_hex(text, (size_t)one.size, x->hex);
        } else {
            unsigned long long got = 0;
            bad = wr_sha256_stream(a, NULL, one.size, &got, x->hex) != 0 || got != one.size;
        }
        if (bad || wr_tar_skip_pad(a, one.size) != 0) {
            snprintf(err, sizeof err, "reading the entry %s failed", one.path);
            r = -1;
            break;
        }
    }
    fclose(a);
    const seen_entry *man = find(e, ne, MANIFEST);
    if (!ne || !man || !text) { /* not even one good header, or no manifest: not a pack at all */
        fprintf(stderr, "wfpcert verify-pack: %s is not a wfpcert pack (%s)\n", file,
                r < 0 && !ne ? err : "no " MANIFEST);
        free(e);
        free(text);
        return 2;
    }
    if (r < 0) {
        printf("CHANGED: the archive is damaged after %zu entries: %s\n", ne, err);
        problems++;
    }

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
            const seen_entry *x = find(e, ne, path);
            lines++;
            if (!x) {
                printf("CHANGED: %s is listed in the manifest but missing\n", path);
                problems++;
            } else {
                listed[x - e] = 1;
                if (strncmp(x->hex, line, 64) != 0) {
                    printf("CHANGED: %s has SHA-256 %s, the manifest says %.64s\n", path, x->hex, line);
                    problems++;
                }
                if (x->t.type != '0') {
                    printf("CHANGED: %s is not a regular file (type '%c')\n", path, x->t.type);
                    problems++;
                }
            }
        }
        if (!nl) break;
        line = nl + 1;
    }
    for (size_t i = 0; i < ne; i++)
        if (!listed[i] && &e[i] != man) {
            printf("CHANGED: %s is in the archive but not in the manifest\n", e[i].t.path);
            problems++;
        }
    char hex[65] = "";
    wr_sha256_file(file, hex);
    if (problems)
        printf("%s: NOT intact: %d problem%s\n", file, problems, problems == 1 ? "" : "s");
    else
        printf("%s: intact: %zu files match the manifest; SHA-256 of the pack %s\n", file, lines, hex);
    free(listed);
    free(text);
    free(e);
    return problems ? 1 : 0;
}
