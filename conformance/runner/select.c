/*
 * select.c: case selection.  Filters of one kind are alternatives (any --match), filters of
 * different kinds must all hold (a --match and a --level), and an --exclude overrules them all
 * (a run that must leave one case out, say where its target cannot run it safely).  An exact --id that does not exist
 * and a filter set that selects nothing are usage errors: in CI they are typos, and a run of
 * zero cases would report success.
 */
#include "select.h"
#include "case.h"
#include "os.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

size_t wc_find_case(const char *id) {
    for (size_t i = 0; i < wc_catalogue_size(); i++)
        if (strcmp(wc_catalogue_get(i)->id, id) == 0) return i;
    return (size_t)-1;
}

int wc_case_known(const char *id) { return wc_find_case(id) != (size_t)-1; }

/* Does the comma/blank separated list contain a token matching pattern (glob)? */
static int list_matches(const char *list, const char *pattern) {
    char tok[128];
    for (const char *p = list ? list : ""; *p;) {
        p += strspn(p, ", \t");
        size_t n = strcspn(p, ", \t");
        if (n && n < sizeof tok) {
            memcpy(tok, p, n);
            tok[n] = 0;
            if (wc_os_glob(pattern, tok)) return 1;
        }
        p += n;
    }
    return 0;
}

int wc_case_applies(size_t index, const char *profile) {
    const char *profiles = wc_catalogue_get(index)->profiles;
    if (!profiles || !*profiles) return 1;
    for (const char *p = profiles; *p;) {
        p += strspn(p, ", \t");
        size_t n = strcspn(p, ", \t");
        if (n && strlen(profile) == n && strncmp(p, profile, n) == 0) return 1;
        p += n;
    }
    return 0;
}

static int selected(const wc_settings *s, const wc_case *c) {
    for (size_t i = 0; i < s->nexcludes; i++)
        if (wc_os_glob(s->excludes[i], c->id)) return 0;
    int by_name = !s->nids && !s->nglobs;
    for (size_t i = 0; i < s->nids && !by_name; i++) by_name = strcmp(c->id, s->ids[i]) == 0;
    for (size_t i = 0; i < s->nglobs && !by_name; i++) by_name = wc_os_glob(s->globs[i], c->id);
    int by_clause = !s->nclauses;
    for (size_t i = 0; i < s->nclauses && !by_clause; i++) by_clause = list_matches(c->clause, s->clauses[i]);
    int by_level = !s->levels || (s->levels & (1u << c->level));
    return by_name && by_clause && by_level;
}

static int by_id(const void *a, const void *b) {
    return strcmp(wc_catalogue_get(*(const size_t *)a)->id, wc_catalogue_get(*(const size_t *)b)->id);
}

/* A case id names one case: --id, waivers, reruns and reports all find a case by it, so a
 * catalogue with two cases of one id would run, waive or compare the wrong one. */
int wc_catalogue_ids_unique(FILE *err) {
    size_t total = wc_catalogue_size(), *order = wr_xrealloc(NULL, (total ? total : 1) * sizeof *order);
    for (size_t i = 0; i < total; i++) order[i] = i;
    qsort(order, total, sizeof *order, by_id);
    int rc = 0;
    for (size_t i = 1; i < total && !rc; i++)
        if (by_id(&order[i - 1], &order[i]) == 0) {
            fprintf(err, "%s: the catalogue has two cases with the id %s (a defect of the catalogue)\n", wc_cmd_name(),
                    wc_catalogue_get(order[i])->id);
            rc = 2;
        }
    free(order);
    return rc;
}

int wc_select(const wc_settings *s, size_t **out, size_t *n, FILE *err) {
    *out = NULL;
    *n = 0;
    if (wc_catalogue_ids_unique(err)) return 2;
    for (size_t i = 0; i < s->nids; i++)
        if (!wc_case_known(s->ids[i])) {
            fprintf(err, "%s: --id %s: no such case (see --list)\n", wc_cmd_name(), s->ids[i]);
            return 2;
        }
    size_t total = wc_catalogue_size();
    *out = wr_xrealloc(NULL, (total ? total : 1) * sizeof **out);
    for (size_t i = 0; i < total; i++)
        if (selected(s, wc_catalogue_get(i))) (*out)[(*n)++] = i;
    if (!*n && total && (s->nids || s->nglobs || s->nexcludes || s->nclauses || s->levels)) {
        fprintf(err, "%s: the filters select none of the %zu cases\n", wc_cmd_name(), total);
        free(*out);
        *out = NULL;
        return 2;
    }
    return 0;
}

int wc_describe_case(wr_case *c, size_t index, const wc_settings *s) {
    const wc_case *cs = wc_catalogue_get(index);
    memset(c, 0, sizeof *c);
    c->id = cs->id;
    c->clause = cs->clause;
    c->anchor = cs->anchor;
    c->level = cs->level;
    c->profiles = cs->profiles;
    c->accepts = cs->accepts;
    c->repro = wc_settings_repro(s, cs->id);
    if (wc_case_applies(index, wc_settings_profile(s))) return 1;
    c->reason = wr_strfmt("the case applies to profiles %s, not %s", cs->profiles, wc_settings_profile(s));
    return 0;
}
