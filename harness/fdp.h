/*
 * fdp.h: a small FuzzedDataProvider for C, and the decoded-call log.
 *
 * What: the harnesses turn the fuzzer's bytes into decisions (a bool, a byte, a number in a
 * range, a run of bytes) through these functions, always from the front of the input, so
 * that a prefix of an input decodes to the same first decisions (the fuzzer's mutations
 * then stay local).  Running out of input yields zeros, never an error: every input is a
 * valid program.
 *
 * Why a log here: a crash file is only useful if a person can read what it did.  Harnesses
 * describe each call as a step (wh_fdp_step) and, when asked, as C source (wh_fdp_c) for
 * `wfpcert repro --emit-c`.  Both are off in fuzzing, where they cost one branch.
 */
#ifndef WFPCERT_FDP_H
#define WFPCERT_FDP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wfpcert/compat.h"

typedef struct fdp {
    const uint8_t *data;
    size_t size, pos;
} fdp;

void wh_fdp_init(fdp *f, const uint8_t *data, size_t size);
int wh_fdp_bool(fdp *f);
uint8_t wh_fdp_u8(fdp *f);
uint32_t wh_fdp_u32(fdp *f);
/* A value in [lo, hi] (inclusive); takes as few bytes as the range needs. */
uint32_t wh_fdp_range(fdp *f, uint32_t lo, uint32_t hi);
/* Up to n bytes (fewer when the input ends); returns how many were taken and points *p at them. */
size_t wh_fdp_bytes(fdp *f, size_t n, const uint8_t **p);
size_t wh_fdp_remaining(const fdp *f);
/* Picks one of n values from a table, by index. */
#define wh_fdp_pick(f, table) ((table)[wh_fdp_range((f), 0, (uint32_t)(sizeof(table) / sizeof((table)[0])) - 1)])

/* printf-style checking of the log's formats (wfpcert/compat.h says how each compiler does it). */
#define WH_FDP_FORMAT(f, a) WFPCERT_PRINTF(f, a)

/* ------------------------------------------------------------ the decoded-call log */
/* Steps go to `steps` (readable lines), C statements to `c_out`; NULL switches either off. */
void wh_fdp_log_to(FILE *steps, FILE *c_out);
int wh_fdp_logging(void); /* steps on */
int wh_fdp_emitting(void); /* C on */
void wh_fdp_step(const char *fmt, ...) WH_FDP_FORMAT(1, 2);
void wh_fdp_c(const char *fmt, ...) WH_FDP_FORMAT(1, 2);
/* C source for a byte array: "{0x01, 0x02, ...}". */
void wh_fdp_c_bytes(const char *decl, const void *p, size_t n);

#endif /* WFPCERT_FDP_H */
