/*
 * schedule.c: the parallel loop over case processes.  Portable: the process work is behind
 * spawn.h.  Each running case has a slot with its parser and deadline; the loop starts cases
 * while slots are free, waits for output or the nearest deadline, kills what overran, and
 * judges what ended.  Results are written into the case's own entry, so the order of results
 * never depends on which process finished first.
 */
#include "schedule.h"
#include "judge.h"
#include "os.h"
#include "spawn.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    wc_proc *proc;
    size_t i; /* index into res */
    wc_proto proto;
    long long start_us, deadline_us;
} slot;

static void on_data(void *ud, size_t k, int stream, const char *buf, size_t n)
{
    slot *sl = &((slot *)ud)[k];
    if (stream == WC_STREAM_PROTOCOL)
        wc_proto_feed(&sl->proto, buf, n);
    else
        wc_proto_output(&sl->proto, buf, n);
}

static void finish(const wc_settings *s, const wc_expectations *e, slot *sl, wr_case *c, const wc_exit *x,
                   wc_progress *pg)
{
    wc_proto_finish(&sl->proto);
    c->duration_us = wc_os_now_us() - sl->start_us;
    wc_judge(c, &sl->proto, x, s->timeout_ms, wc_expect_reason(e, c->id));
    wc_progress_case_done(pg, sl->i);
}

int wc_schedule(const wc_settings *s, const wc_expectations *e, const size_t *idx, wr_case *res,
                const unsigned char *decided, size_t n, wc_progress *pg, char *err, size_t cap)
{
    size_t jobs = (size_t)(s->jobs > 0 ? s->jobs : 1), next = 0, running = 0, started = 0, failed_starts = 0;
    slot *slots = calloc(jobs, sizeof *slots);
    wc_proc **procs = calloc(jobs, sizeof *procs);
    if (!slots || !procs) abort();
    for (;;) {
        for (size_t k = 0; k < jobs && next < n; k++) {
            if (procs[k]) continue;
            size_t i = next++;
            if (decided[i]) {
                wc_progress_case_done(pg, i);
                continue;
            }
            slot *sl = &slots[k];
            memset(sl, 0, sizeof *sl);
            sl->i = i;
            wc_proto_init(&sl->proto, &res[i]);
            sl->start_us = wc_os_now_us();
            sl->deadline_us = sl->start_us + (long long)s->timeout_ms * 1000;
            procs[k] = wc_proc_start(s, idx[i], err, cap);
            if (!procs[k]) {
                res[i].reason = wr_strdup(err);
                failed_starts++;
                finish(s, e, sl, &res[i], &(wc_exit){WC_SPAWN_FAILED, 0}, pg);
                continue;
            }
            started++;
            running++;
        }
        if (!running && next >= n) break;
        if (!running) continue;

        long long now = wc_os_now_us(), nearest = -1;
        for (size_t k = 0; k < jobs; k++)
            if (procs[k] && (nearest < 0 || slots[k].deadline_us < nearest)) nearest = slots[k].deadline_us;
        long wait_ms = nearest > now ? (long)((nearest - now + 999) / 1000) : 0;
        wc_proc_wait(procs, jobs, wait_ms, on_data, slots);

        now = wc_os_now_us();
        for (size_t k = 0; k < jobs; k++) {
            if (!procs[k]) continue;
            wc_exit x;
            if (now >= slots[k].deadline_us) {
                wc_proc_kill(procs[k]);
                slots[k].deadline_us = now + 1000000; /* drain for up to 1 s, then give up */
            }
            if (!wc_proc_done(procs[k], &x)) continue;
            finish(s, e, &slots[k], &res[slots[k].i], &x, pg);
            wc_proc_free(procs[k]);
            procs[k] = NULL;
            running--;
        }
    }
    free(slots);
    free(procs);
    return started == 0 && failed_starts > 0 ? -1 : 0;
}
