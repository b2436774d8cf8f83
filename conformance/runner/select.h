/*
 * select.h: which catalogue cases a run takes (--id, --match, --clause, --level), and
 * whether a case applies to the run's profile.
 */
#ifndef WFPCERT_CONFORMANCE_SELECT_H
#define WFPCERT_CONFORMANCE_SELECT_H

#include <stddef.h>
#include <stdio.h>
#include "settings.h"

/* Catalogue indices of the selected cases, in catalogue order (malloc'd).  Returns 0, or 2
 * after an error on err: an --id the catalogue lacks, or filters that match nothing. */
int wc_select(const wc_settings *s, size_t **out, size_t *n, FILE *err);
/* 0, or 2 after naming on err an id two cases of the catalogue share (wc_select and --run-one
 * refuse such a catalogue: a case id must name one case). */
int wc_catalogue_ids_unique(FILE *err);
/* Catalogue index of id, or (size_t)-1. */
size_t wc_find_case(const char *id);
int wc_case_known(const char *id);
/* 1 when the case's profile list is empty or names profile. */
int wc_case_applies(size_t index, const char *profile);
/* Fills the catalogue part of a result (id, clause, anchor, level, profiles, accepts) and its
 * repro command.  Returns 1 when the case applies to the run's profile; otherwise 0 with the
 * reason in c->reason (the case is then UNSUPPORTED without running). */
struct wr_case;
int wc_describe_case(struct wr_case *c, size_t index, const wc_settings *s);

#endif /* WFPCERT_CONFORMANCE_SELECT_H */
