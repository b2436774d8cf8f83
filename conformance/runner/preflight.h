/*
 * preflight.h: what a native run checks on the host once, before its first case (preflight.c):
 * elevation (a note) and a free proxy port (an error).  The reports folder is checked by
 * reports/folder.c (wr_check_run_folder) just before.
 */
#ifndef WFPCERT_CONFORMANCE_PREFLIGHT_H
#define WFPCERT_CONFORMANCE_PREFLIGHT_H

#include <stdio.h>
#include "settings.h"

/* 0 ready (notes on out), or the exit status (3 environment, 2 input) after a message on err. */
int wc_preflight(const wc_settings *s, FILE *out, FILE *err);

#endif
