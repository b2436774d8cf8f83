/*
 * spawn.h: the platform seam of the runner: start a case in its own process, collect what
 * it writes, kill it when it hangs, learn how it ended.
 *
 * POSIX (spawn_posix.c): fork; the child runs wc_child_run() directly and writes protocol
 * lines to one pipe and its stdout/stderr to another.
 *
 * Windows (a later issue; the runner is not built there yet): CreateProcess of this same executable with
 * `conform --target ... --profile ... --knob ... --fault ... --run-one ID --protocol`, stdout
 * and stderr on one pipe; protocol lines carry a marker (protocol.h), so the parent tells
 * them from ordinary output with the same parser.  Reading uses overlapped pipe I/O or one
 * thread per pipe; TerminateProcess on timeout; the exit code (or an NTSTATUS such as
 * 0xC0000005 for an access violation) is reported as WC_EXITED / WC_SIGNALED.
 *
 * The scheduler (schedule.c) uses only these functions.
 */
#ifndef WFPCERT_CONFORMANCE_SPAWN_H
#define WFPCERT_CONFORMANCE_SPAWN_H

#include <stddef.h>
#include "judge.h"
#include "settings.h"

typedef struct wc_proc wc_proc;

enum { WC_STREAM_PROTOCOL = 0, WC_STREAM_OUTPUT = 1 };

/* Starts catalogue case `index`.  NULL with a message in err when the OS refused. */
wc_proc *wc_proc_start(const wc_settings *s, size_t index, char *err, size_t cap);

/* Data read from a child: slot is the index into the array given to wc_proc_wait. */
typedef void (*wc_proc_data_fn)(void *ud, size_t slot, int stream, const char *buf, size_t n);

/* Waits at most timeout_ms for any of procs[0..n) (NULL entries are skipped) to write or end,
 * and delivers what was written.  Returns early when something happened. */
void wc_proc_wait(wc_proc *const *procs, size_t n, long timeout_ms, wc_proc_data_fn fn, void *ud);

/* 1 when the process has ended and all its output has been delivered; then *x says how. */
int wc_proc_done(wc_proc *p, wc_exit *x);

/* Kills the process (a hang); wc_proc_done then reports it ended once its output is drained.
 * Called again, it stops waiting for output (a grandchild may hold the pipes open). */
void wc_proc_kill(wc_proc *p);

void wc_proc_free(wc_proc *p);

#endif /* WFPCERT_CONFORMANCE_SPAWN_H */
