/*
 * sysinfo.h: fills the system information of a run (run.h wr_sysinfo): tool version and
 * commit, host and elevation, the vendor configuration's vendor and driver with the driver
 * file's hash, the waivers file's hash, and for a filtered run what it left out.  Kept apart
 * from conform.c because it is the one place that reads the host and the vendor's files.
 */
#ifndef WFPCERT_CONFORMANCE_SYSINFO_H
#define WFPCERT_CONFORMANCE_SYSINFO_H

#include <stddef.h>
#include "run.h"
#include "settings.h"

/* The version and the source commit of this build, for what else records them (wfpcert pack). */
const char *wc_tool_version(void);
const char *wc_tool_commit(void);

/* 1 administrator (elevated token) / root, 0 not, -1 unknown: for the run record and the
 * preflight of a native run (preflight.c). */
int wc_host_elevated(void);

/* idx/n: the selected catalogue indices; nwaivers: entries of the expectations file. */
void wc_sysinfo_fill(wr_sysinfo *si, const wc_settings *s, const size_t *idx, size_t n, size_t nwaivers);

#endif /* WFPCERT_CONFORMANCE_SYSINFO_H */
