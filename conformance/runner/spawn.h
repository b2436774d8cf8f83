/*
 * spawn.h: the platform seam of the runner: start a case in its own process, collect what
 * it writes, kill it when it hangs, learn how it ended.
 *
 * Two ways to use a process:
 *   once    the process runs one case and leaves (fork per case; on Windows the only way);
 *   worker  (POSIX, WC_PROC_REUSE) the process runs cases back to back, each in a fresh
 *           target (wc_child_run opens and closes its own), and takes the next one with
 *           wc_proc_next.  After each case it writes an end marker on both of its streams, so
 *           the parent knows that everything the case wrote has arrived and nothing of the
 *           next case is mixed in.  wc_proc_retire asks it to run LeakSanitizer (when the build
 *           has it) and leave: exit status 0 and no output then mean no case of its batch
 *           leaked.  Why reuse: a fork of the runner costs more than most case bodies (2.9 ms
 *           of CPU with gcc, 10 ms with ASan, against case bodies of 2 ms or less).
 *
 * POSIX (spawn_posix.c): fork; the child runs wc_child_run() directly and writes protocol
 * lines to one pipe and its stdout/stderr to another.
 *
 * Windows (spawn_win.c): CreateProcess of this same executable with
 * `conform --target ... --profile ... --knob ... --fault ... --run-one ID --protocol`, stdout
 * and stderr on one pipe; protocol lines carry a marker (protocol.h), so the parent tells
 * them from ordinary output with the same parser.  One process per case (no workers):
 * wc_proc_reuse_supported() is 0 there.
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

enum {
    WC_PROC_REUSE = 1, /* a worker (only where wc_proc_reuse_supported()) */
    WC_PROC_LEAK_CHECK = 2, /* once: run LeakSanitizer after the case (exit 23 with a report
                               when it leaked); the runner uses it to attribute a worker's leak */
};

/* 1 when this platform has workers. */
int wc_proc_reuse_supported(void);
/* 1 when this build can check for leaks inside a process (LeakSanitizer is linked). */
int wc_proc_leak_checker(void);

/* Starts catalogue case `index` in a new process.  NULL with a message in err when the OS
 * refused. */
wc_proc *wc_proc_start(const wc_settings *s, size_t index, int flags, char *err, size_t cap);

/* A worker between cases (wc_proc_done said the last case ended and the process lives):
 * starts case `index` in it.  0, or -1 when it cannot (then free it and start another). */
int wc_proc_next(wc_proc *p, size_t index);

/* A worker between cases: asks it to check for leaks and leave.  wc_proc_done then reports
 * its exit; wc_proc_stray_output says whether it wrote anything after its last case. */
void wc_proc_retire(wc_proc *p);
int wc_proc_stray_output(const wc_proc *p);

/* Data read from a child: slot is the index into the array given to wc_proc_wait. */
typedef void (*wc_proc_data_fn)(void *ud, size_t slot, int stream, const char *buf, size_t n);

/* Waits at most timeout_ms for any of procs[0..n) (NULL entries are skipped) to write or end,
 * and delivers what was written.  Returns early when something happened. */
void wc_proc_wait(wc_proc *const *procs, size_t n, long timeout_ms, wc_proc_data_fn fn, void *ud);

/* 1 when the current case is over and all its output has been delivered; then *x says how.
 * For a worker whose case ended normally x is {WC_EXITED, 0} and wc_proc_alive is 1; when the
 * process itself ended, x says how (for a retiring worker: its exit). */
int wc_proc_done(wc_proc *p, wc_exit *x);
int wc_proc_alive(const wc_proc *p);

/* Microseconds the process's main thread has spent runnable but waiting for a CPU since it
 * started (Linux: /proc/PID/schedstat); 0 where the system does not say.  The scheduler
 * leaves this time out of a case's timeout, so a loaded machine or --jobs far above the CPU
 * count does not turn waiting into TIMEOUTs. */
long long wc_proc_queued_us(const wc_proc *p);

/* Kills the process (a hang); wc_proc_done then reports it ended once its output is drained.
 * Called again, it stops waiting for output (a grandchild may hold the pipes open). */
void wc_proc_kill(wc_proc *p);

void wc_proc_free(wc_proc *p);

#endif /* WFPCERT_CONFORMANCE_SPAWN_H */
