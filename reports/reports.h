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
int wr_write_html(const wr_run *r, FILE *f);

/* Where a run folder goes.  With out_dir set, the run is written there (created with parents;
 * when it exists and is not empty a suffix -2, -3, ... is added) and latest is not touched.
 * Otherwise it is root/runs/<UTC timestamp>-<target>-<profile>[-N]/ and root/latest is
 * replaced atomically by a relative symlink to it. */
typedef struct wr_folder_opts {
    const char *root;    /* default "reports" */
    const char *out_dir; /* NULL: under root/runs */
    int force;           /* --force: write into an out_dir that already holds files */
} wr_folder_opts;

/* Before any case runs: whether the run folder could be written (an --out folder that holds
 * files without force, a reports root that cannot be created or written).  0, or -1 with a
 * message naming the folder in err. */
int wr_check_run_folder(const wr_folder_opts *o, char *err, size_t errcap);

/* Writes the three files.  On success returns 0 and the folder path in path (cap bytes);
 * otherwise -1 with a message naming the file in err. */
int wr_write_run_folder(const wr_run *r, const wr_folder_opts *o, char *path, size_t cap, char *err,
                        size_t errcap);

/* The folder name for a run: "<UTC timestamp>-<target kind>-<profile>" with every character
 * that is not [A-Za-z0-9._-] replaced by '_' (a target spec can hold a path). */
void wr_run_folder_name(const wr_run *r, char *buf, size_t cap);

#endif /* WFPCERT_REPORTS_H */
