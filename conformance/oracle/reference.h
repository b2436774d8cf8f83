/*
 * reference.h: the references a target is judged against (conform/certify --reference, the
 * fuzz oracle's WFPCERT_REFERENCE), as one table that the catalogue and the fuzz oracle both
 * read.
 *
 * Where the pages leave a choice (a contradiction, or an undocumented code), a reference
 * either pins one alternative or leaves it open.  An open point accepts any documented
 * alternative, but one throughout: the catalogue checks that after the run (judge.c), the
 * fuzz oracle by holding a target to the first alternative it showed.  Alternatives are
 * spelled as the model's knob values (`wfpcert list knobs`), which is only a vocabulary: what
 * a case expects never comes from the target under test.
 */
#ifndef WFPCERT_ORACLE_REFERENCE_H
#define WFPCERT_ORACLE_REFERENCE_H

#include <stddef.h>

/* The references, in order ("windows" first: the default); NULL-terminated. */
extern const char *const wc_oracle_reference_names[];

/* 1 when name is a reference. */
int wc_oracle_reference_known(const char *name);

/* The alternative reference pins for the open point (knob name), or NULL when it leaves it
 * open.  An unknown reference pins nothing. */
const char *wc_oracle_reference_pin(const char *reference, const char *point);

/* The points of one reference, one line each ("point = value (clause): why"), for
 * `wfpcert list references`; i < count. */
size_t wc_oracle_reference_point_count(void);
int wc_oracle_reference_point(size_t i, const char *reference, const char **point, const char **pin,
                              const char **clause, const char **why);

#endif /* WFPCERT_ORACLE_REFERENCE_H */
