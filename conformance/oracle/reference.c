/*
 * reference.c: the one table of what each reference expects at the points the pages leave
 * open (see reference.h).  docs/SPEC.md, "References", is this table in words; the ctest
 * wfpcert.list_references keeps the two in step.
 *
 * windows (the default) pins what SEMANTICS tags [O-W]: an unknown code answered with
 * WSAEOPNOTSUPP (A17).  The rest are [C] or [U] without an observation, so any documented
 * alternative, one throughout.  docs-table and docs-lpcb take the WFP pages' two texts
 * literally: the error table (ERROR_INSUFFICIENT_BUFFER with the size, the size probe, N
 * bytes after SET) and the lpcbBytesReturned paragraph (WSAEINVAL with size 0, no probe, 0
 * after SET); both read "WSAEINVAL" for an unknown code and keep the size of a failed
 * GetOverlappedResult (C23).
 */
#include "reference.h"

#include <string.h>

const char *const wc_oracle_reference_names[] = {"windows", "docs-table", "docs-lpcb", NULL};

typedef struct point {
    const char *name, *clause, *why;
    const char *pin[3]; /* per reference, in the order of wc_oracle_reference_names; NULL: open */
} point;

static const point points[] = {
    {"too_small", "C1,A34", "a too-small output buffer: (a) lpcb, (b) table, (c) afd", {NULL, "table", "lpcb"}},
    {"size_probe", "C2,A35", "cbOutBuffer 0: the size probe or WSAEINVAL", {NULL, "probe", "einval"}},
    {"set_bytes",
     "C4,A52",
     "*lpcbBytesReturned after a successful SET: zero, size or unchanged",
     {NULL, "size", "zero"}},
    {"unknown_ioctl",
     "C12,A17",
     "an unknown code: WSAEOPNOTSUPP (observed) or WSAEINVAL (the pages)",
     {"eopnotsupp", "einval", "einval"}},
    {"gor_failure_size",
     "C23,A29",
     "a failed WSAGetOverlappedResult: update or keep *lpcbTransfer",
     {NULL, "keep", "keep"}},
    {"not_redirected", "A41", "QUERY on a connection nobody redirected: einval or not_found", {NULL, NULL, NULL}},
    {"no_context", "A44", "QUERY_CONTEXT without a context: fwp_not_found, einval or not_found", {NULL, NULL, NULL}},
    {"udp_query", "A48", "QUERY on a UDP socket: einval or eopnotsupp", {NULL, NULL, NULL}},
};
enum { NPOINTS = sizeof points / sizeof points[0] };

static int index_of(const char *reference) {
    for (int i = 0; reference && wc_oracle_reference_names[i]; i++)
        if (strcmp(reference, wc_oracle_reference_names[i]) == 0) return i;
    return -1;
}

int wc_oracle_reference_known(const char *name) { return index_of(name) >= 0; }

const char *wc_oracle_reference_pin(const char *reference, const char *point) {
    int r = index_of(reference);
    if (r < 0) return NULL;
    for (size_t i = 0; i < NPOINTS; i++)
        if (strcmp(points[i].name, point) == 0) return points[i].pin[r];
    return NULL;
}

size_t wc_oracle_reference_point_count(void) { return NPOINTS; }

int wc_oracle_reference_point(size_t i, const char *reference, const char **point, const char **pin,
                              const char **clause, const char **why) {
    int r = index_of(reference);
    if (r < 0 || i >= NPOINTS) return 0;
    *point = points[i].name;
    *pin = points[i].pin[r];
    *clause = points[i].clause;
    *why = points[i].why;
    return 1;
}
