/*
 * reports.h: what the reports library writes from a run (run.h), for the runner and the CLI.
 *
 * A run folder holds junit.xml (for CI dashboards), results.json (for tools and for diffing
 * runs) and report.html (for people: one self-contained page a vendor can attach to a
 * certification request).  The folder is never overwritten; reports/latest points at the
 * newest one.
 */
#ifndef WFPCERT_REPORTS_H
#define WFPCERT_REPORTS_H

#include <stdio.h>
#include "run.h"

int wr_write_junit(const wr_run *r, FILE *f);
int wr_write_json(const wr_run *r, FILE *f);
/* One case as results.json holds it (also one line of results.jsonl, in compact mode). */
struct wr_json;
void wr_json_case(struct wr_json *j, const char *key, const wr_case *c);
int wr_write_html(const wr_run *r, FILE *f);

/* Where a run folder goes.  With out_dir set, the run goes exactly there (created with its
 * parents; a folder that holds files only with force) and latest is not touched.  Otherwise it
 * is root/runs/<UTC timestamp>-<target>-<profile>[-N]/ and root/latest is replaced
 * atomically by a relative symlink to it when the run is complete. */
typedef struct wr_folder_opts {
    const char *root; /* default "reports" */
    const char *out_dir; /* NULL: under root/runs */
    int force; /* --force: write into an out_dir that already holds files */
} wr_folder_opts;

/* Before any case runs: whether the run folder could be written (an --out folder that holds
 * files without force, a reports root that cannot be created or written).  0, or -1 with a
 * message naming the folder in err. */
int wr_check_run_folder(const wr_folder_opts *o, char *err, size_t errcap);

/* A run folder being written (folder.c says why it is written this way). */
#define WR_PARTIAL ".partial-"
#define WR_COMPLETE_FILE "COMPLETE"
typedef struct wr_run_folder {
    char final[4400]; /* where the run ends up (with runs/, a -N suffix may be added) */
    char work[4500]; /* where it is written meanwhile: FINAL.partial-PID */
    char root[4400]; /* the reports root whose latest moves when the run completes; "" for --out */
    int out, force; /* --out: exactly final; force: final may already hold files */
} wr_run_folder;

/* Creates the work folder of a new run (after wr_check_run_folder).  0, or -1 with a message. */
int wr_run_folder_begin(wr_run_folder *rf, const wr_run *r, const wr_folder_opts *o, char *err, size_t errcap);
/* Continues the interrupted run in run_dir (a renamed one, or one still named .partial-PID);
 * runs_layout: it lives in ROOT/runs/ and moves ROOT/latest when complete.  Refuses a
 * complete run.  0, or -1 with a message. */
int wr_run_folder_resume(wr_run_folder *rf, const char *run_dir, int runs_layout, char *err, size_t errcap);
/* Writes junit.xml, results.json and report.html into the work folder, then COMPLETE when
 * complete, renames it into place (its path in path) and, when complete, moves latest.
 * 0; 1 when the run is in place in path but latest could not be moved (why in err); -1 with
 * a message when the run could not be written or moved into place. */
int wr_run_folder_finish(wr_run_folder *rf, const wr_run *r, int complete, char *path, size_t cap, char *err,
                         size_t errcap);

/* begin + finish in one, for a run record made elsewhere (tests, tools).  On success returns
 * 0 and the folder path in path (cap bytes); 1 and the path as wr_run_folder_finish does;
 * otherwise -1 with a message naming the file. */
int wr_write_run_folder(const wr_run *r, const wr_folder_opts *o, char *path, size_t cap, char *err, size_t errcap);

/* The folder name for a run: "<UTC timestamp>-<target kind>-<profile>" with every character
 * that is not [A-Za-z0-9._-] replaced by '_' (a target spec can hold a path). */
void wr_run_folder_name(const wr_run *r, char *buf, size_t cap);

#endif /* WFPCERT_REPORTS_H */
