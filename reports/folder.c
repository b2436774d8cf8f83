/*
 * folder.c: the run folder on disk: reports/runs/<UTC>-<target>-<profile>/ with junit.xml,
 * results.json and report.html, and the reports/latest symlink.
 *
 * A run folder is evidence (a vendor may submit it), so it is never overwritten: a name that
 * is taken gets a numeric suffix, claimed with mkdir so two runs started in the same second
 * cannot share one.  latest is replaced with symlink-to-temporary + rename, which is atomic,
 * so a reader never sees it missing or half-made.  The link is relative so the tree can move.
 *
 * On Windows (mingw-w64) latest is a relative directory symbolic link when the account may
 * create one (Developer Mode or elevation), and otherwise a one-line text file naming the run
 * folder; paths may use '\\' and a drive letter there.
 */
#define _POSIX_C_SOURCE 200809L
#include "reports.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _WIN32
#include <direct.h>
#include <windows.h>
#define mkdir(path, mode) _mkdir(path)
#define IS_SEP(c) ((c) == '/' || (c) == '\\')
#ifndef SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE
#define SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE 0x2
#endif
#else
#define IS_SEP(c) ((c) == '/')
#endif

/* The last path separator in s, or NULL. */
static char *last_sep(const char *s)
{
    const char *hit = NULL;
    for (; *s; s++)
        if (IS_SEP(*s)) hit = s;
    return (char *)hit;
}

static void sanitize(char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-') *s = '_';
}

void wr_run_folder_name(const wr_run *r, char *buf, size_t cap)
{
    char ts[32] = "", kind[64], profile[64];
    const char *u = r->started_utc;
    size_t k = 0;
    for (; *u && k + 1 < sizeof ts; u++)
        if (isdigit((unsigned char)*u) || *u == 'T' || *u == 'Z') ts[k++] = *u;
    ts[k] = 0;
    const char *target = r->target ? r->target : "model";
    snprintf(kind, sizeof kind, "%.*s", (int)strcspn(target, ":"), target);
    snprintf(profile, sizeof profile, "%s", r->profile ? r->profile : "default");
    sanitize(kind);
    sanitize(profile);
    snprintf(buf, cap, "%s-%s-%s", ts, kind, profile);
}

/* mkdir -p; 0 or -1 with errno. */
static int make_dirs(const char *path)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *p = tmp + 1;
#ifdef _WIN32
    if (tmp[0] && tmp[1] == ':') p = tmp + 2 + IS_SEP(tmp[2]); /* C:\ exists */
#endif
    for (; *p; p++)
        if (IS_SEP(*p)) {
            char sep = *p;
            *p = 0;
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST) return -1;
            *p = sep;
        }
    return mkdir(tmp, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static int empty_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = 0;
    closedir(d);
    return empty;
}

/* Claims base, or base-2, base-3, ...: the first that mkdir creates.  An --out folder is
 * exactly the folder named: made, or already there and empty (the user made it for us), or
 * with force whatever it holds; never a sibling with a suffix the user did not ask for. */
static int claim_dir(const char *base, int out, int force, char *path, size_t cap)
{
    if (out) {
        snprintf(path, cap, "%s", base);
        if (mkdir(path, 0777) == 0) return 0;
        if (errno != EEXIST) return -1;
        if (force || empty_dir(path)) return 0;
        errno = ENOTEMPTY;
        return -1;
    }
    for (int n = 1; n < 10000; n++) {
        if (n == 1)
            snprintf(path, cap, "%s", base);
        else
            snprintf(path, cap, "%s-%d", base, n);
        if (mkdir(path, 0777) == 0) return 0;
        if (errno != EEXIST) return -1;
    }
    errno = EEXIST;
    return -1;
}

typedef int (*writer_fn)(const wr_run *, FILE *);

static int write_file(const wr_run *r, const char *dir, const char *name, writer_fn fn, char *err,
                      size_t errcap)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errcap, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = fn(r, f);
    if (fclose(f) != 0 || rc != 0) {
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

#ifdef _WIN32
static int update_latest(const char *root, const char *leaf, char *err, size_t errcap)
{
    char target[4200], tmp[4200], latest[4200];
    snprintf(target, sizeof target, "runs\\%s", leaf);
    snprintf(tmp, sizeof tmp, "%s/.latest.%lu", root, (unsigned long)GetCurrentProcessId());
    snprintf(latest, sizeof latest, "%s/latest", root);
    DWORD attr = GetFileAttributesA(latest);
    if (attr != INVALID_FILE_ATTRIBUTES &&
        !((attr & FILE_ATTRIBUTE_DIRECTORY) ? RemoveDirectoryA(latest) : DeleteFileA(latest))) {
        snprintf(err, errcap, "cannot replace %s: Windows error %lu", latest, GetLastError());
        return -1;
    }
    /* Checked afterwards: some Win32 implementations (wine 8) report success and make nothing. */
    if (CreateSymbolicLinkA(latest, target, SYMBOLIC_LINK_FLAG_DIRECTORY | SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE) &&
        GetFileAttributesA(latest) != INVALID_FILE_ATTRIBUTES)
        return 0;
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "runs/%s\n", leaf) < 0 || fclose(f) != 0 ||
        !MoveFileExA(tmp, latest, MOVEFILE_REPLACE_EXISTING)) {
        snprintf(err, errcap, "cannot point %s at %s: %s", latest, target, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}
#else
static int update_latest(const char *root, const char *leaf, char *err, size_t errcap)
{
    char target[4200], tmp[4200], latest[4200];
    snprintf(target, sizeof target, "runs/%s", leaf);
    snprintf(tmp, sizeof tmp, "%s/.latest.%ld", root, (long)getpid());
    snprintf(latest, sizeof latest, "%s/latest", root);
    unlink(tmp); /* a leftover of a killed run with our pid */
    if (symlink(target, tmp) != 0 || rename(tmp, latest) != 0) {
        snprintf(err, errcap, "cannot point %s at %s: %s", latest, target, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
#endif

int wr_check_run_folder(const wr_folder_opts *o, char *err, size_t errcap)
{
    char dir[4096];
    if (o && o->out_dir) {
        struct stat st;
        if (stat(o->out_dir, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                snprintf(err, errcap, "--out %s: not a folder", o->out_dir);
                return -1;
            }
            if (!o->force && !empty_dir(o->out_dir)) {
                snprintf(err, errcap, "--out %s: the folder exists and holds files; choose another or add --force",
                         o->out_dir);
                return -1;
            }
            snprintf(dir, sizeof dir, "%s", o->out_dir);
        } else {
            snprintf(dir, sizeof dir, "%s", o->out_dir);
            char *slash = last_sep(dir);
            if (slash && slash != dir)
                *slash = 0;
            else
                snprintf(dir, sizeof dir, ".");
        }
    } else {
        snprintf(dir, sizeof dir, "%s/runs", o && o->root ? o->root : "reports");
    }
    if (make_dirs(dir) != 0 || access(dir, W_OK) != 0) {
        snprintf(err, errcap, "cannot write the run folder under %s: %s (checked before the first case)", dir,
                 strerror(errno));
        return -1;
    }
    return 0;
}

int wr_write_run_folder(const wr_run *r, const wr_folder_opts *o, char *path, size_t cap, char *err,
                        size_t errcap)
{
    char base[8192], name[256];
    const char *root = o && o->root ? o->root : "reports";
    wr_run_folder_name(r, name, sizeof name);
    if (o && o->out_dir) {
        snprintf(base, sizeof base, "%s", o->out_dir);
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", o->out_dir);
        char *slash = last_sep(parent);
        if (slash && slash != parent) {
            *slash = 0;
            if (make_dirs(parent) != 0) {
                snprintf(err, errcap, "cannot create %s: %s", parent, strerror(errno));
                return -1;
            }
        }
    } else {
        char runs[4096];
        snprintf(runs, sizeof runs, "%s/runs", root);
        if (make_dirs(runs) != 0) {
            snprintf(err, errcap, "cannot create %s: %s", runs, strerror(errno));
            return -1;
        }
        snprintf(base, sizeof base, "%s/%s", runs, name);
    }
    if (claim_dir(base, o && o->out_dir, o && o->force, path, cap) != 0) {
        if (errno == ENOTEMPTY)
            snprintf(err, errcap, "--out %s: the folder exists and holds files; choose another or add --force", base);
        else
            snprintf(err, errcap, "cannot create a run folder at %s: %s", base, strerror(errno));
        return -1;
    }
    if (write_file(r, path, "junit.xml", wr_write_junit, err, errcap) ||
        write_file(r, path, "results.json", wr_write_json, err, errcap) ||
        write_file(r, path, "report.html", wr_write_html, err, errcap))
        return -1;
    if (!(o && o->out_dir)) {
        const char *leaf = last_sep(path);
        return update_latest(root, leaf ? leaf + 1 : path, err, errcap);
    }
    return 0;
}
