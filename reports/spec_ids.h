/*
 * spec_ids.h: the identifiers of the specification that the traceability matrix must cover,
 * so that a clause with no case shows up as a gap instead of silently missing.
 */
#ifndef WFPCERT_REPORTS_SPEC_IDS_H
#define WFPCERT_REPORTS_SPEC_IDS_H

#include <stddef.h>

typedef struct wr_spec_anchor {
    const char *anchor; /* without '#' */
    const char *title;
} wr_spec_anchor;

extern const wr_spec_anchor wr_seed_anchors[];
extern const size_t wr_seed_anchor_count;

/* SEMANTICS.md assertion ids ("A01".."A93", with the numbers that do not exist left out) and
 * contradiction ids ("C1".."C24").  i < count; the string is static. */
size_t wr_assertion_count(void);
const char *wr_assertion_id(size_t i);
size_t wr_contradiction_count(void);
const char *wr_contradiction_id(size_t i);

#endif /* WFPCERT_REPORTS_SPEC_IDS_H */
