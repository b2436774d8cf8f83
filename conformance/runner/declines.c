/*
 * declines.c: the runner's rule that the embedded model runs every case the catalogue does
 * not list as declined (declines.h says why).  Cases decided before they ran (a profile the
 * case does not apply to) keep the catalogue's own reason and are left alone.
 */
#include "declines.h"
#include "case.h"

#include <stdlib.h>
#include <string.h>

int wc_declines_apply(const wc_settings *s) {
    const char *callout = getenv("WFPCERT_CALLOUT");
    return s->target && !strcmp(s->target, "model") && !(callout && *callout);
}

size_t wc_declines_judge(wr_run *r, const unsigned char *ran, FILE *out) {
    size_t failed = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        wr_case *c = &r->cases[i];
        if (!ran[i]) continue;
        const char *why = wc_catalogue_declined(c->id);
        if (c->outcome == WC_UNSUPPORTED && !why) {
            char *text =
                wr_strfmt("the embedded model declined a case it runs (%s); only the cases "
                          "wc_catalogue_declined lists (conformance/cases/catalogue.c) may be UNSUPPORTED on it",
                          c->reason ? c->reason : "no reason given");
            wr_case_msg(c, "(run)", 0, text, "a run", "UNSUPPORTED");
            free(c->reason);
            c->reason = text;
            c->raw_outcome = c->outcome = WC_FAIL;
            failed++;
            if (out) fprintf(out, "FAIL          %s  (%s)\n", c->id, text);
        } else if (why && c->outcome != WC_UNSUPPORTED && out) {
            fprintf(out,
                    "note: %s ran on the embedded model (%s) although the catalogue lists it as declined (%s): "
                    "the list is stale\n",
                    c->id, wr_outcome_name(c->outcome), why);
        }
    }
    return failed;
}
