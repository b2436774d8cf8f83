/*
 * os.h: the few operating-system services the portable part of the runner needs (clock,
 * terminal, glob, CPU count), so that only os_posix.c (and later os_win32.c) includes
 * platform headers.  Keeping them apart also keeps POSIX headers away from case.h, whose
 * Winsock declarations clash with some of them (socklen_t).
 */
#ifndef WFPCERT_CONFORMANCE_OS_H
#define WFPCERT_CONFORMANCE_OS_H

#include <stddef.h>
#include <stdio.h>

long long wc_os_now_us(void); /* monotonic */
void wc_os_utc_now(char *buf, size_t cap); /* "2025-01-31T12:34:56Z" */
int wc_os_isatty(FILE *f);
int wc_os_glob(const char *pattern, const char *s); /* 1 when s matches (fnmatch rules) */
int wc_os_cpus(void); /* online CPUs, at least 1 */

/* Ctrl-C and SIGTERM during a run: from wc_os_interrupt_begin until wc_os_interrupt_end they
 * only set a flag, so that the runner can stop, keep what finished and write a partial run;
 * a second one ends the process at once.  wc_os_interrupted() is the signal, or 0. */
void wc_os_interrupt_begin(void);
void wc_os_interrupt_end(void);
int wc_os_interrupted(void);

#endif /* WFPCERT_CONFORMANCE_OS_H */
