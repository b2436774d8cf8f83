/*
 * child_wait.h: waiting for a child process with a deadline, for certify's corpus replay, which
 * runs each fuzz input in a child: an input on which the stack hangs must end as a failure, not
 * hold the run forever.  (`wfpcert repro` reads its one child's stderr to the end and limits
 * the child with alarm() instead: a lone child with no other threads in the parent.)
 *
 * Usage: wh_child_pipe(fds) before fork; the child calls wh_child_started(fds) and keeps the
 * write end open until it exits; the parent calls wh_child_wait.  Kept apart from wh.h because
 * <wfpcert/winsock.h> renames poll's types.
 */
#ifndef WH_CHILD_WAIT_H
#define WH_CHILD_WAIT_H

#include <sys/types.h>

/* A pipe whose write end the child holds (fds[0] = fds[1] = -1 when none could be made: the
 * wait then has no deadline). */
void wh_child_pipe(int fds[2]);
/* In the child, right after fork. */
void wh_child_started(int fds[2]);
/* In the parent: waits for pid, killing it (SIGKILL) when it has not ended after timeout_ms;
 * *status gets waitpid's status.  Returns 1 when it was killed for time, 0 when it ended by
 * itself, -1 when waitpid failed. */
int wh_child_wait(pid_t pid, int fds[2], long timeout_ms, int *status);

#endif
