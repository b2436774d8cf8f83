/*
 * schedule.c: the parallel loop over case processes.  Portable: the process work is behind
 * spawn.h.  Each slot holds a process and, while one runs, a case with its parser and
 * deadline; the loop hands out cases while slots are free, waits for output or the nearest
 * deadline, kills what overran, and judges what ended.  Results are written into the case's
 * own entry, so the order of results never depends on which process finished first.
 *
 * Workers (--isolation reuse, where spawn.h has them): a slot's process runs case after case,
 * each in a fresh target, and retires after --worker-cases.  A result only counts when it
 * would have been the same in a process of its own:
 *   - a case whose worker died under it (a signal, a sanitizer report, an exit) is run again
 *     in a process of its own, and that run's result stands: whatever an earlier case left
 *     behind cannot be blamed on it;
 *   - a case that overran its time is TIMEOUT (the worker is killed; nothing is run again);
 *   - with LeakSanitizer in the build, the worker checks for leaks when it retires, and its
 *     cases' results wait for that: a clean exit lets them count, a leak runs each of them
 *     again in a process of its own that checks after its one case, so the leak is charged
 *     to the case that made it.  Cases of a worker that died before its check run again in
 *     a new worker.
 * After a worker dies, its slot runs new cases one per process until one of them ends
 * without a crash: a fault that crashes most cases would otherwise cost a worker, its death
 * and a second run for each of them.  Progress is reported when a result counts.
 *
 * Timeouts count from when the case was handed to its process, and leave out the time the
 * process spent waiting for a CPU (wc_proc_queued_us), so that --jobs far above the number
 * of CPUs, or a busy machine, does not turn waiting into TIMEOUTs.
 */
#include "schedule.h"
#include "judge.h"
#include "os.h"
#include "select.h"
#include "spawn.h"
#include "wsys.h"

#include <stdlib.h>
#include <string.h>

typedef enum { RUN_REUSE, RUN_FORK, RUN_FORK_CHECKED } run_how;

typedef struct work {
    size_t i;
    run_how how;
} work;

typedef struct slot {
    wc_proc *proc; /* NULL: free */
    int worker; /* proc runs case after case */
    int has_case; /* a case is running in proc */
    int retiring; /* proc was told to leave */
    int killed; /* its time ran out */
    int forking; /* a worker died here: new cases run one per process until one ends well */
    size_t i; /* index into res of the running case */
    size_t ran; /* cases handed to this worker */
    wc_proto proto;
    long long start_us, deadline_us, queued0_us;
    size_t *batch, nbatch, capbatch; /* results waiting for this worker's leak check */
} slot;

typedef struct sched {
    const wc_settings *s;
    const wc_expectations *e;
    const size_t *idx;
    wr_case *res;
    const unsigned char *decided;
    size_t n, next;
    wc_progress *pg;
    work *queue; /* cases to run again; taken before new ones */
    size_t nq, capq;
    int reuse, leaks;
    size_t started, failed_starts;
    slot *slots; /* jobs slots that run cases, then jobs where workers finish retiring */
    size_t jobs;
    int stopping; /* Ctrl-C or SIGTERM: no new case; what is running is killed and not counted */
} sched;

/* Whether the run was interrupted (os.h).  Checked where a result would count: with Ctrl-C the
 * terminal signals the case processes too, and a case killed by it is no result. */
static int stopping(sched *sc) {
    if (!sc->stopping && wc_os_interrupted()) sc->stopping = 1;
    return sc->stopping;
}

static void on_data(void *ud, size_t k, int stream, const char *buf, size_t n) {
    slot *sl = &((slot *)ud)[k];
    if (!sl->has_case) return; /* a retiring worker's leak report: its cases run again */
    if (stream == WC_STREAM_PROTOCOL)
        wc_proto_feed(&sl->proto, buf, n);
    else
        wc_proto_output(&sl->proto, buf, n);
}

static void push(sched *sc, size_t i, run_how how) {
    if (sc->nq == sc->capq) {
        sc->capq = sc->capq ? 2 * sc->capq : 16;
        sc->queue = wr_xrealloc(sc->queue, sc->capq * sizeof *sc->queue);
    }
    sc->queue[sc->nq++] = (work){i, how};
}

/* Forgets a result that does not count, so the case can run again from its description. */
static void again(sched *sc, size_t i, run_how how) {
    wr_case_free(&sc->res[i]);
    wc_describe_case(&sc->res[i], sc->idx[i], sc->s);
    push(sc, i, how);
}

static void commit(sched *sc, size_t i) { wc_progress_case_done(sc->pg, i); }

static int take(sched *sc, work *w) {
    if (sc->nq) {
        *w = sc->queue[--sc->nq];
        return 1;
    }
    while (sc->next < sc->n) {
        size_t i = sc->next++;
        if (sc->decided[i]) {
            commit(sc, i);
            continue;
        }
        *w = (work){i, sc->reuse ? RUN_REUSE : RUN_FORK};
        return 1;
    }
    return 0;
}

static void judge(sched *sc, slot *sl, const wc_exit *x) {
    wr_case *c = &sc->res[sl->i];
    wc_proto_finish(&sl->proto);
    c->duration_us = wc_os_now_us() - sl->start_us;
    wc_judge(c, &sl->proto, x, sc->s->timeout_ms, wc_expect_find(sc->e, c->id));
}

static void begin(sched *sc, slot *sl, size_t i, long long queued0) {
    sl->has_case = 1;
    sl->killed = 0;
    sl->i = i;
    wc_proto_init(&sl->proto, &sc->res[i]);
    sl->start_us = wc_os_now_us();
    sl->deadline_us = sl->start_us + (long long)sc->s->timeout_ms * 1000;
    sl->queued0_us = queued0;
}

static void retire(sched *sc, slot *sl) {
    /* The leak check takes tens of milliseconds under ASan: it goes on beside the next
     * worker, in a slot of the second half, when one is free. */
    for (size_t k = sc->jobs; k < 2 * sc->jobs && sl < sc->slots + sc->jobs; k++) {
        if (sc->slots[k].proc) continue;
        slot *to = &sc->slots[k];
        size_t *spare = to->batch, spare_cap = to->capbatch;
        *to = *sl;
        memset(sl, 0, sizeof *sl);
        sl->batch = spare;
        sl->capbatch = spare_cap;
        sl->forking = to->forking;
        sl = to;
        break;
    }
    wc_proc_retire(sl->proc);
    sl->retiring = 1;
    sl->killed = 0;
    /* The leak check scans the heap; give it the case timeout and some more. */
    sl->deadline_us = wc_os_now_us() + ((long long)sc->s->timeout_ms + 30000) * 1000;
}

static void release(slot *sl) {
    wc_proc_free(sl->proc);
    sl->proc = NULL;
    sl->worker = sl->has_case = sl->retiring = 0;
    sl->nbatch = 0;
    sl->ran = 0;
}

/* Gives slot sl something to do: the next case in its idle worker, or a new process. */
static void fill(sched *sc, slot *sl, char *err, size_t cap) {
    work w;
    if (!take(sc, &w)) {
        if (sl->proc) retire(sc, sl); /* nothing left for it */
        return;
    }
    if (sl->proc) {
        if (w.how == RUN_REUSE && sl->ran < (size_t)sc->s->worker_cases && wc_proc_next(sl->proc, sc->idx[w.i]) == 0) {
            sl->ran++;
            begin(sc, sl, w.i, wc_proc_queued_us(sl->proc));
            return;
        }
        push(sc, w.i, w.how); /* for a new process, in this slot or another */
        retire(sc, sl);
        return;
    }
    if (w.how == RUN_REUSE && sl->forking) w.how = sc->leaks ? RUN_FORK_CHECKED : RUN_FORK;
    int flags = w.how == RUN_REUSE ? WC_PROC_REUSE : w.how == RUN_FORK_CHECKED ? WC_PROC_LEAK_CHECK : 0;
    /* A process that cannot be started says nothing about the case: a loaded machine (or wine,
     * which answered CreateProcess with error 1359 once in 418 starts) may refuse one now and
     * then.  Try again a few times before the case is recorded as not run. */
    sl->proc = wc_proc_start(sc->s, sc->idx[w.i], flags, err, cap);
    for (int retry = 0; !sl->proc && retry < 4 && !stopping(sc); retry++) {
        wsys_sleep_us(50000u << retry);
        sl->proc = wc_proc_start(sc->s, sc->idx[w.i], flags, err, cap);
    }
    begin(sc, sl, w.i, 0);
    if (!sl->proc) {
        sc->res[w.i].reason = wr_strdup(err);
        sc->failed_starts++;
        judge(sc, sl, &(wc_exit){WC_SPAWN_FAILED, 0});
        sl->has_case = 0;
        commit(sc, w.i);
        return;
    }
    sc->started++;
    sl->worker = w.how == RUN_REUSE;
    sl->ran = 1;
}

/* The case in sl is over (x says how). */
static void case_over(sched *sc, slot *sl, const wc_exit *x) {
    size_t i = sl->i;
    sl->has_case = 0;
    if (stopping(sc)) { /* not counted: it runs again when the run is resumed */
        release(sl);
        return;
    }
    if (sl->worker && wc_proc_alive(sl->proc)) { /* ended normally; the worker goes on */
        judge(sc, sl, x);
        if (!sc->leaks) {
            commit(sc, i);
            return;
        }
        if (sl->nbatch == sl->capbatch) {
            sl->capbatch = sl->capbatch ? 2 * sl->capbatch : 64;
            sl->batch = wr_xrealloc(sl->batch, sl->capbatch * sizeof *sl->batch);
        }
        sl->batch[sl->nbatch++] = i;
        return;
    }
    if (sl->worker && x->how != WC_TIMED_OUT) {
        /* The worker died under it: the verdict comes from a process of its own. */
        wc_proto_finish(&sl->proto);
        again(sc, i, RUN_FORK_CHECKED);
        sl->forking = 1;
    } else {
        judge(sc, sl, x);
        commit(sc, i);
        if (!sl->worker && sc->res[i].raw_outcome != WC_CRASH) sl->forking = 0;
    }
    for (size_t b = 0; b < sl->nbatch; b++) again(sc, sl->batch[b], RUN_REUSE); /* never leak-checked */
    release(sl);
}

/* A worker ended between cases: retired, or died. */
static void worker_over(sched *sc, slot *sl, const wc_exit *x) {
    if (stopping(sc)) {
        release(sl);
        return;
    }
    int clean = !sl->killed && x->how == WC_EXITED && x->code == 0 && !wc_proc_stray_output(sl->proc);
    for (size_t b = 0; b < sl->nbatch; b++) {
        if (clean)
            commit(sc, sl->batch[b]);
        else
            again(sc, sl->batch[b], RUN_FORK_CHECKED);
    }
    release(sl);
}

/* 1 when sl's process has run out of time (its run-queue wait left out); otherwise the
 * deadline moves to when it could. */
static int overdue(sched *sc, slot *sl, long long now) {
    if (now < sl->deadline_us) return 0;
    if (sl->has_case && !sl->killed) {
        long long queued = wc_proc_queued_us(sl->proc) - sl->queued0_us;
        long long ran = now - sl->start_us - (queued > 0 ? queued : 0), limit = (long long)sc->s->timeout_ms * 1000;
        if (ran < limit) {
            sl->deadline_us = now + (limit - ran);
            return 0;
        }
    }
    return 1;
}

/* Reads what sl's process has written so far: on a busy machine this loop may get a CPU long
 * after the case ended, and a case whose end is waiting in the pipe did not hang. */
static void drain(slot *sl) {
    for (int r = 0; r < 16; r++) wc_proc_wait(&sl->proc, 1, 0, on_data, sl);
}

static void expire(slot *sl, long long now) {
    wc_proc_kill(sl->proc); /* a second time: stop waiting for its pipes */
    if (sl->killed) return;
    sl->killed = 1;
    sl->deadline_us = now + 1000000; /* drain for up to 1 s, then give up */
}

int wc_schedule(const wc_settings *s, const wc_expectations *e, const size_t *idx, wr_case *res,
                const unsigned char *decided, size_t n, wc_progress *pg, char *err, size_t cap) {
    sched sc = {.s = s, .e = e, .idx = idx, .res = res, .decided = decided, .n = n, .pg = pg};
    sc.reuse = s->isolation == WC_ISOLATE_REUSE && wc_proc_reuse_supported();
    sc.leaks = sc.reuse && wc_proc_leak_checker();
    size_t jobs = (size_t)(s->jobs > 0 ? s->jobs : 1), all = 2 * jobs;
    slot *slots = calloc(all, sizeof *slots);
    wc_proc **procs = calloc(all, sizeof *procs);
    sc.slots = slots;
    sc.jobs = jobs;
    if (!slots || !procs) abort();
    for (int killed_all = 0;;) {
        if (stopping(&sc) && !killed_all) {
            for (size_t k = 0; k < all; k++)
                if (slots[k].proc) wc_proc_kill(slots[k].proc);
            killed_all = 1;
        }
        for (size_t k = 0; k < jobs && !sc.stopping; k++) {
            slot *sl = &slots[k];
            if (!sl->proc || (!sl->has_case && !sl->retiring)) fill(&sc, sl, err, cap);
        }
        int busy = 0;
        long long now = wc_os_now_us(), nearest = -1;
        for (size_t k = 0; k < all; k++) {
            procs[k] = slots[k].proc;
            if (!procs[k]) continue;
            busy = 1;
            if (nearest < 0 || slots[k].deadline_us < nearest) nearest = slots[k].deadline_us;
        }
        if (!busy) {
            if (!sc.stopping && (sc.nq || sc.next < n)) continue;
            break;
        }
        long wait_ms = nearest > now ? (long)((nearest - now + 999) / 1000) : 0;
        wc_proc_wait(procs, all, wait_ms, on_data, slots);

        now = wc_os_now_us();
        for (size_t k = 0; k < all; k++) {
            slot *sl = &slots[k];
            if (!sl->proc) continue;
            wc_exit x;
            if (!wc_proc_done(sl->proc, &x)) {
                if (!overdue(&sc, sl, now)) continue;
                if (!sl->killed) drain(sl);
                if (!wc_proc_done(sl->proc, &x)) {
                    expire(sl, now);
                    continue;
                }
            }
            if (sl->has_case)
                case_over(&sc, sl, &x);
            else
                worker_over(&sc, sl, &x);
        }
    }
    for (size_t k = 0; k < all; k++) free(slots[k].batch);
    free(slots);
    free(procs);
    free(sc.queue);
    return sc.started == 0 && sc.failed_starts > 0 ? -1 : 0;
}
