/*
 * folder.c: the run folder on disk: reports/runs/<UTC>-<target>-<profile>/ with results.jsonl,
 * junit.xml, results.json, report.html and COMPLETE, and the reports/latest symlink.
 *
 * A run folder must not lie.  While the run goes it is FINAL.partial-PID; at the end its
 * reports are written, then COMPLETE (only when every selected case ran), then it is renamed
 * to its final name, and only then does latest move, and only to a complete run.  A run
 * stopped half-way (Ctrl-C) is renamed too, without COMPLETE, so it can be found and resumed;
 * a run killed outright stays FINAL.partial-PID, which says what it is.
 *
 * A run folder is evidence (a vendor may submit it), so it is never overwritten: a name that
 * is taken gets a numeric suffix (rename never replaces a folder that exists here), so two
 * runs started in the same second cannot share one.  latest is replaced with
 * symlink-to-temporary + rename, which is atomic, so a reader never sees it missing or
 * half-made.  The link is relative so the tree can move.
 *
 * On Windows latest is a relative directory symbolic link when the account may create one
 * (Developer Mode or elevation), and otherwise a one-line text file naming the run folder;
 * paths may use '\\' and a drive letter there.  When latest cannot be moved at all the run
 * is still whole where it is: wr_run_folder_finish says so (1) and gives its path.
 *
 * Folders, file kinds and the process id come from the sys layer (wsys.h), so that what
 * Windows compiles here is ISO C and Win32 only.
 */
#define _POSIX_C_SOURCE 200809L
#include "reports.h"
#include "wsys.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#define IS_SEP(c) ((c) == '/' || (c) == '\\')
#ifndef SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE
#define SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE 0x2
#endif
#else
#include <unistd.h> /* symlink, unlink: update_latest */
#define IS_SEP(c) ((c) == '/')
#endif

/* The last path separator in s, or NULL. */
static char *last_sep(const char *s) {
    const char *hit = NULL;
    for (; *s; s++)
        if (IS_SEP(*s)) hit = s;
    return (char *)hit;
}

static void sanitize(char *s) {
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-') *s = '_';
}

void wr_run_folder_name(const wr_run *r, char *buf, size_t cap) {
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
static int make_dirs(const char *path) {
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
            if (wsys_mkdir(tmp) != 0 && errno != EEXIST) return -1;
            *p = sep;
        }
    return wsys_mkdir(tmp) != 0 && errno != EEXIST ? -1 : 0;
}

static int empty_dir(const char *path) {
    char **names;
    size_t n;
    if (wsys_list_dir(path, &names, &n) != 0) return 0;
    wsys_free_names(names, n);
    return n == 0;
}

typedef int (*writer_fn)(const wr_run *, FILE *);

static int write_file(const wr_run *r, const char *dir, const char *name, writer_fn fn, char *err, size_t errcap) {
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
static int update_latest(const char *root, const char *leaf, char *err, size_t errcap) {
    char target[4400], tmp[4600], latest[4600];
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
    if (CreateSymbolicLinkA(latest, target,
                            SYMBOLIC_LINK_FLAG_DIRECTORY | SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE) &&
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
static int update_latest(const char *root, const char *leaf, char *err, size_t errcap) {
    char target[4400], tmp[4600], latest[4600];
    snprintf(target, sizeof target, "runs/%s", leaf);
    snprintf(tmp, sizeof tmp, "%s/.latest.%ld", root, wsys_pid());
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

int wr_check_run_folder(const wr_folder_opts *o, char *err, size_t errcap) {
    char dir[4096];
    if (o && o->out_dir) {
        enum wsys_kind kind = wsys_kind(o->out_dir);
        if (kind != WSYS_NONE) {
            if (kind != WSYS_DIR) {
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
    if (make_dirs(dir) != 0 || !wsys_can_write(dir)) {
        snprintf(err, errcap, "cannot write the run folder under %s: %s (checked before the first case)", dir,
                 strerror(errno));
        return -1;
    }
    return 0;
}

/* Where the run folder is written while the run goes: FINAL.partial-PID (-N when taken). */
static int make_work_dir(wr_run_folder *rf, char *err, size_t errcap) {
    for (int n = 1; n < 1000; n++) {
        if (n == 1)
            snprintf(rf->work, sizeof rf->work, "%s" WR_PARTIAL "%ld", rf->final, wsys_pid());
        else
            snprintf(rf->work, sizeof rf->work, "%s" WR_PARTIAL "%ld-%d", rf->final, wsys_pid(), n);
        if (wsys_mkdir(rf->work) == 0) return 0;
        if (errno != EEXIST) break;
    }
    snprintf(err, errcap, "cannot create the run folder %s: %s", rf->work, strerror(errno));
    return -1;
}

int wr_run_folder_begin(wr_run_folder *rf, const wr_run *r, const wr_folder_opts *o, char *err, size_t errcap) {
    memset(rf, 0, sizeof *rf);
    const char *root = o && o->root ? o->root : "reports";
    char parent[4096];
    if (o && o->out_dir) {
        rf->out = 1;
        rf->force = o->force;
        snprintf(rf->final, sizeof rf->final, "%s", o->out_dir);
        snprintf(parent, sizeof parent, "%s", o->out_dir);
        char *slash = last_sep(parent);
        if (slash && slash != parent)
            *slash = 0;
        else
            snprintf(parent, sizeof parent, ".");
    } else {
        char name[256];
        wr_run_folder_name(r, name, sizeof name);
        snprintf(rf->root, sizeof rf->root, "%s", root);
        snprintf(parent, sizeof parent, "%s/runs", root);
        snprintf(rf->final, sizeof rf->final, "%s/%s", parent, name);
    }
    if (make_dirs(parent) != 0) {
        snprintf(err, errcap, "cannot create %s: %s", parent, strerror(errno));
        return -1;
    }
    return make_work_dir(rf, err, errcap);
}

static int exists(const char *path) { return wsys_kind(path) != WSYS_NONE; }

int wr_run_folder_resume(wr_run_folder *rf, const char *run_dir, int runs_layout, char *err, size_t errcap) {
    memset(rf, 0, sizeof *rf);
    char marker[8400];
    if (wsys_kind(run_dir) != WSYS_DIR) {
        snprintf(err, errcap, "--resume %s: not a run folder", run_dir);
        return -1;
    }
    snprintf(marker, sizeof marker, "%s/" WR_COMPLETE_FILE, run_dir);
    if (exists(marker)) {
        snprintf(err, errcap, "--resume %s: the run is complete (it has " WR_COMPLETE_FILE "); nothing to resume",
                 run_dir);
        return -1;
    }
    snprintf(rf->final, sizeof rf->final, "%s", run_dir);
    size_t n = strlen(rf->final);
    while (n > 1 && IS_SEP(rf->final[n - 1])) rf->final[--n] = 0;
    /* a folder still named FINAL.partial-PID (a run killed with no chance to rename it) is
     * continued where it is; a renamed interrupted run goes back to a work name meanwhile */
    char *partial = strstr(rf->final, WR_PARTIAL);
    if (partial && !last_sep(partial)) {
        snprintf(rf->work, sizeof rf->work, "%s", rf->final);
        *partial = 0;
    } else {
        if (make_work_dir(rf, err, errcap) != 0) return -1;
        wsys_rmdir(rf->work);
        if (rename(rf->final, rf->work) != 0) {
            snprintf(err, errcap, "--resume %s: cannot move it to %s while the run goes on: %s", run_dir, rf->work,
                     strerror(errno));
            return -1;
        }
    }
    if (runs_layout) {
        /* FINAL is ROOT/runs/NAME: completing it moves ROOT/latest */
        snprintf(rf->root, sizeof rf->root, "%s", rf->final);
        for (int up = 0; up < 2; up++) {
            char *slash = last_sep(rf->root);
            if (slash)
                *slash = 0;
            else
                snprintf(rf->root, sizeof rf->root, ".");
        }
    } else {
        rf->out = rf->force = 1;
    }
    return 0;
}

/* Moves every entry of from into to (replacing what is there) and removes from. */
static int move_entries(const char *from, const char *to, char *err, size_t errcap) {
    char **names;
    size_t n;
    if (wsys_list_dir(from, &names, &n) != 0) {
        snprintf(err, errcap, "cannot read %s: %s", from, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char a[8400], b[8400];
        snprintf(a, sizeof a, "%s/%s", from, names[i]);
        snprintf(b, sizeof b, "%s/%s", to, names[i]);
#ifdef _WIN32
        remove(b); /* rename does not replace on Windows */
#endif
        if (rename(a, b) != 0) {
            snprintf(err, errcap, "cannot move %s to %s: %s", a, b, strerror(errno));
            rc = -1;
        }
    }
    wsys_free_names(names, n);
    if (!rc) wsys_rmdir(from);
    return rc;
}

/* The work folder becomes the run folder: the final name, or with runs/ a free suffix. */
static int move_into_place(wr_run_folder *rf, char *path, size_t cap, char *err, size_t errcap) {
    if (rf->out) {
        snprintf(path, cap, "%s", rf->final);
        if (rename(rf->work, rf->final) == 0) return 0;
        if (exists(rf->final) && empty_dir(rf->final) && wsys_rmdir(rf->final) == 0 && rename(rf->work, rf->final) == 0)
            return 0;
        if (!exists(rf->final) || !rf->force) {
            snprintf(err, errcap, "cannot move %s to %s: %s (the run is in %s)", rf->work, rf->final, strerror(errno),
                     rf->work);
            return -1;
        }
        /* --force onto a folder that holds files: an older run's marker must not vouch for
         * this one, so it goes first, and the new files replace the old */
        char marker[8400];
        snprintf(marker, sizeof marker, "%s/" WR_COMPLETE_FILE, rf->final);
        remove(marker);
        return move_entries(rf->work, rf->final, err, errcap);
    }
    for (int n = 1; n < 10000; n++) {
        if (n == 1)
            snprintf(path, cap, "%s", rf->final);
        else
            snprintf(path, cap, "%s-%d", rf->final, n);
        /* rename would replace an empty folder: a name is free only when nothing has it */
        if (exists(path)) continue;
        if (rename(rf->work, path) == 0) return 0;
        if (errno != EEXIST && errno != ENOTEMPTY) break;
    }
    snprintf(err, errcap, "cannot move %s to %s: %s (the run is in %s)", rf->work, rf->final, strerror(errno),
             rf->work);
    return -1;
}

int wr_run_folder_finish(wr_run_folder *rf, const wr_run *r, int complete, char *path, size_t cap, char *err,
                         size_t errcap) {
    if (write_file(r, rf->work, "junit.xml", wr_write_junit, err, errcap) ||
        write_file(r, rf->work, "results.json", wr_write_json, err, errcap) ||
        write_file(r, rf->work, "report.html", wr_write_html, err, errcap))
        return -1;
    char marker[8400];
    snprintf(marker, sizeof marker, "%s/" WR_COMPLETE_FILE, rf->work);
    if (complete) {
        /* last of all the files: a folder without it is a run that did not finish */
        FILE *f = fopen(marker, "w");
        if (!f || fprintf(f, "wfpcert run complete; exit status %d\n", r->exit_status) < 0 || fclose(f) != 0) {
            snprintf(err, errcap, "cannot write %s: %s", marker, strerror(errno));
            return -1;
        }
    } else {
        remove(marker);
    }
    if (move_into_place(rf, path, cap, err, errcap) != 0) return -1;
    if (complete && rf->root[0]) {
        const char *leaf = last_sep(path);
        /* the run is whole in path whatever becomes of latest: the caller still names it */
        if (update_latest(rf->root, leaf ? leaf + 1 : path, err, errcap) != 0) return 1;
    }
    return 0;
}

int wr_write_run_folder(const wr_run *r, const wr_folder_opts *o, char *path, size_t cap, char *err, size_t errcap) {
    wr_run_folder rf;
    if (o && o->out_dir && !o->force && exists(o->out_dir) && !empty_dir(o->out_dir)) {
        snprintf(err, errcap, "--out %s: the folder exists and holds files; choose another or add --force", o->out_dir);
        return -1;
    }
    if (wr_run_folder_begin(&rf, r, o, err, errcap) != 0) return -1;
    return wr_run_folder_finish(&rf, r, 1, path, cap, err, errcap);
}
