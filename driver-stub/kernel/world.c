/*
 * world.c: creating and destroying a model world, its handle table, its threads and its
 * findings.  A fuzz iteration creates and destroys a whole world, so creation allocates
 * almost nothing and teardown frees everything the layers above registered.
 */
#include "world_internal.h"
#include "mutex.h"
#include "heap.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Atomic uint32_t next_serial = 1;
static _Atomic uint64_t next_stamp = 1;
static _Atomic(ms_world *) current_world;
static _Thread_local DWORD last_error;

void ms_set_last_error(DWORD e) { last_error = e; }
DWORD ms_get_last_error(void) { return last_error; }

ms_world *ms_world_create(void) {
    ms_world *w = ms_calloc(1, sizeof *w);
    if (!w) return NULL;
    /* Recursive: a callout may call back into WFP while the stack holds the lock. */
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&w->mu, &ma);
    pthread_mutexattr_destroy(&ma);
    /* Serial 0 is never used, and the serial stays below 2^23 so handles stay positive. */
    uint32_t s = atomic_fetch_add(&next_serial, 1) & 0x7FFFFF;
    w->serial = s ? s : 1;
    w->stamp = atomic_fetch_add(&next_stamp, 1);
    w->free_head = UINT32_MAX;
    w->changes = 1; /* so that a first ms_wait_change (seen 0) returns at once */
    w->winsock = 1;
    ms_config_defaults(&w->cfg);
    ms_process_threads_started();
    return w;
}

/* Events, completion ports and files belong to the kernel: they go with their handle
 * (CloseHandle, WSACloseEvent) or with the world.  Sockets and threads are freed by their owners. */
static void free_kernel_object(ms_slot *s) {
    if (s->type == MS_H_EVENT) ms_free(s->obj);
    if (s->type == MS_H_FILE) {
        ms_file *f = s->obj;
        if (f->std < 0) close(f->fd); /* the standard three stay the process's */
        ms_free(f);
    }
    if (s->type == MS_H_IOCP) {
        ms_iocp *p = s->obj;
        for (ms_iocp_packet *k = p->head; k;) {
            ms_iocp_packet *n = k->next;
            ms_free(k);
            k = n;
        }
        ms_free(p);
    }
}

static void free_thread_apcs(ms_thread *t) {
    ms_apc *a = t->apc_head;
    while (a) {
        ms_apc *n = a->next;
        if (a->drop) a->drop(a->user_ctx);
        ms_free(a);
        a = n;
    }
}

void ms_world_destroy(ms_world *w) {
    if (!w) return;
    /* Only this thread's own hold is a misuse here: a pool or poller thread of the world may be
     * inside a call still (the layers below stop them); then the lock is not ours to judge. */
    if (pthread_mutex_trylock(&w->mu) == 0) {
        unsigned held = w->lock_depth; /* ours: the lock is this thread's now */
        pthread_mutex_unlock(&w->mu);
        if (held) ms_lock_misuse(w, "is still held as the world is destroyed: a call returned without releasing it");
    }
    ms_world *cur = w;
    atomic_compare_exchange_strong(&current_world, &cur, NULL);
    /* Layers above first, so each can still use the ones below while it goes. */
    for (int i = MS_EXT_COUNT - 1; i >= 0; i--) {
        void *e = w->ext[i];
        w->ext[i] = NULL;
        if (e && w->ext_destroy[i]) w->ext_destroy[i](e);
    }
    for (ms_deferred *d = w->def_head; d;) {
        ms_deferred *n = d->next;
        bool kept = d->kept;
        if (d->drop) d->drop(d->arg);
        if (!kept) ms_free(d);
        d = n;
    }
    for (uint32_t i = 0; i < w->nslots; i++) free_kernel_object(&w->slots[i]);
    for (ms_thread *t = w->threads; t;) {
        ms_thread *n = t->next;
        free_thread_apcs(t);
        ms_free(t);
        t = n;
    }
    ms_named_free_all(w);
    ms_free(w->slots);
    ms_free(w->findings);
    pthread_mutex_destroy(&w->mu);
    ms_free(w);
}

ms_world *ms_world_current(void) { return atomic_load(&current_world); }

uint64_t ms_world_virtual_ms(ms_world *w) { return w ? atomic_load_explicit(&w->virtual_ms, memory_order_relaxed) : 0; }

/* The program's own world, made when it first needs one and kept to the end of the process:
 * kernel32 objects outlive Winsock on Windows, so its last WSACleanup must not take them (a
 * program that waits for its worker threads or closes its port after WSACleanup). */
static ms_world *process_world;
static pthread_mutex_t process_world_mu = MS_MUTEX_INITIALIZER;

ms_world *ms_world_process(void) {
    ms_world *w = atomic_load(&current_world);
    if (w) return w;
    ms_mutex_lock(&process_world_mu);
    w = atomic_load(&current_world);
    if (!w) {
        if (!process_world && (process_world = ms_world_create())) process_world->winsock = 0;
        if ((w = process_world)) atomic_store(&current_world, w);
    }
    ms_mutex_unlock(&process_world_mu);
    return w;
}

ms_world *ms_world_winsock(void) {
    ms_world *w = atomic_load(&current_world);
    return w && atomic_load(&w->winsock) > 0 ? w : NULL;
}

bool ms_winsock_started(void) {
    if (ms_world_winsock()) return true;
    ms_set_last_error(WSANOTINITIALISED);
    return false;
}

int ms_world_winsock_add(ms_world *w, int by) {
    int n = atomic_load(&w->winsock);
    while (n + by >= 0 && !atomic_compare_exchange_weak(&w->winsock, &n, n + by)) {
    }
    return n + by < 0 ? -1 : n + by;
}
void ms_world_set_current(ms_world *w) { atomic_store(&current_world, w); }

/* A short spin before sleeping: with the os transport four threads (the program's, two
 * proxies', the poller) take the lock for every call and hold it briefly; blocking at once
 * turned most hand-offs into a futex wait and wake pair (20 per 64 KiB relayed through a
 * two-proxy chain). */
MS_NO_COV void ms_lock(ms_world *w) {
    for (int i = 0; i < 64; i++) {
        if (pthread_mutex_trylock(&w->mu) == 0) {
            w->lock_depth++;
            return;
        }
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    pthread_mutex_lock(&w->mu);
    w->lock_depth++;
}

/* The model's own lock discipline, checked because nothing else would see it break: a call
 * that releases the lock it never took, or returns still holding it, leaves every other thread
 * racing or waiting forever, while a single-threaded case goes on as if nothing happened.
 * Either is a defect of the model, not of the code under test: the process stops. */
/* Reported once per process: when two threads misuse the lock at the same moment (a pool's
 * threads), the second waits for the first's abort.  Two aborts at once killed a fuzzer in its
 * crash handler before it saved the input, so the finding had no reproducer. */
MS_NO_COV void ms_lock_misuse(ms_world *w, const char *what) {
    static atomic_flag reported = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set(&reported))
        for (;;) pause();
    fprintf(stderr, "model: world %u: the world lock %s\n", (unsigned)w->serial, what);
    abort();
}

MS_NO_COV void ms_unlock(ms_world *w) {
    unsigned d = w->lock_depth;
    w->lock_depth = d - 1;
    if (d == 0 || pthread_mutex_unlock(&w->mu) != 0) ms_lock_misuse(w, "released by a thread that does not hold it");
}

void ms_world_set_ext(ms_world *w, ms_ext_slot slot, void *ext, void (*destroy)(void *)) {
    w->ext[slot] = ext;
    w->ext_destroy[slot] = destroy;
}

void *ms_world_ext(ms_world *w, ms_ext_slot slot) { return w ? w->ext[slot] : NULL; }

void ms_world_set_real_time(ms_world *w, bool real) {
    ms_lock(w);
    w->real_time = real;
    w->real_time_forced = real;
    ms_unlock(w);
}

void ms_world_set_clock(ms_world *w, ms_clock c) {
    ms_lock(w);
    w->clock = c;
    w->real_time = w->real_time_forced = c == MS_CLOCK_REAL;
    if (c != MS_CLOCK_REAL && w->nthreads > 1) w->real_time = true; /* a second thread is in already */
    ms_unlock(w);
}

ms_clock ms_world_clock(ms_world *w) { return w->clock; }

void ms_world_thread_created_locked(ms_world *w) {
    w->made_threads = true;
    if (w->clock != MS_CLOCK_VIRTUAL) w->real_time = true;
}

bool ms_world_made_threads(ms_world *w) {
    ms_lock(w);
    bool made = w->made_threads;
    ms_unlock(w);
    return made;
}

/* The process's threads when it first made a world: read once, since a read costs a system
 * call or three and fuzz inputs make worlds by the thousand.  A forked child keeps its
 * parent's count, which only errs towards virtual time. */
static _Atomic long threads_at_first_world;

bool ms_process_threads_started(void) {
    long at = atomic_load_explicit(&threads_at_first_world, memory_order_relaxed);
    if (!at) {
        long now = ms_process_threads();
        atomic_compare_exchange_strong(&threads_at_first_world, &at, now > 0 ? now : -1);
        return false;
    }
    return at > 0 && ms_process_threads() > at;
}

long ms_process_threads(void) {
#ifdef __linux__
    /* Field 20 of /proc/self/stat, counted after the command name's closing parenthesis
     * (the name itself may hold spaces and parentheses). */
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')');
    long threads = 0;
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %ld", &threads) != 1)
        return 0;
    return threads;
#else
    return 0;
#endif
}
ms_config *ms_world_config(ms_world *w) { return &w->cfg; }
/* Every fault the stack's code has looked at in this process, on or off: a case that never
 * looked at a fault behaves the same with it on (wt_faults_consulted). */
static _Atomic unsigned long long faults_consulted;
_Static_assert(MS_FAULT_COUNT <= 64, "the consulted-faults mask has 64 bits");

MS_NO_COV bool ms_fault_on(ms_world *w, ms_fault f) {
    if (!w) return false;
    unsigned long long bit = 1ull << f;
    if (!(atomic_load_explicit(&faults_consulted, memory_order_relaxed) & bit))
        atomic_fetch_or_explicit(&faults_consulted, bit, memory_order_relaxed);
    return w->cfg.fault[f];
}

unsigned long long ms_faults_consulted_take(void) { return atomic_exchange(&faults_consulted, 0); }
int ms_knob_value(ms_world *w, ms_knob k) { return w->cfg.knob[k]; }

void ms_finding_locked(ms_world *w, const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    w->nfindings++;
    /* Keep the first 64 KiB of text; the count keeps going. */
    if (w->findings_len + (size_t)n + 2 > 65536) return;
    char *p = ms_realloc(w->findings, w->findings_len + (size_t)n + 2);
    if (!p) return;
    w->findings = p;
    memcpy(p + w->findings_len, line, (size_t)n);
    w->findings_len += (size_t)n;
    p[w->findings_len++] = '\n';
    p[w->findings_len] = 0;
}

MS_NO_COV int ms_findings(ms_world *w, char *buf, size_t cap) {
    ms_lock(w);
    if (buf && cap) {
        size_t n = w->findings_len < cap - 1 ? w->findings_len : cap - 1;
        if (n) memcpy(buf, w->findings, n);
        buf[n] = 0;
    }
    int count = w->nfindings;
    ms_unlock(w);
    return count;
}

size_t ms_findings_mark(ms_world *w) {
    ms_lock(w);
    size_t mark = w->findings_len;
    ms_unlock(w);
    return mark;
}

static pthread_mutex_t late_mu = MS_MUTEX_INITIALIZER;
static size_t late_count;
static char late_text[2048];

void ms_findings_carry(ms_world *w, size_t mark) {
    ms_lock(w);
    const char *from = w->findings && mark < w->findings_len ? w->findings + mark : "";
    ms_mutex_lock(&late_mu);
    for (const char *p = from; *p; p++) late_count += *p == '\n';
    size_t len = strlen(late_text);
    snprintf(late_text + len, sizeof late_text - len, "%s", from);
    ms_mutex_unlock(&late_mu);
    ms_unlock(w);
}

size_t ms_findings_late_take(char *buf, size_t cap) {
    ms_mutex_lock(&late_mu);
    size_t n = late_count;
    if (buf && cap) {
        snprintf(buf, cap, "%s", late_text);
        size_t len = strlen(buf);
        if (len && buf[len - 1] == '\n') buf[len - 1] = 0; /* one line per finding, none after the last */
    }
    late_count = 0;
    late_text[0] = 0;
    ms_mutex_unlock(&late_mu);
    return n;
}

/* ----------------------------------------------------------------- handles */
#define H_SERIAL_SHIFT 40
#define H_GEN_SHIFT 24
#define H_INDEX_MASK 0x3FFFFFu

static uint64_t encode(const ms_world *w, uint32_t index, uint16_t gen) {
    return ((uint64_t)w->serial << H_SERIAL_SHIFT) | ((uint64_t)gen << H_GEN_SHIFT) | ((uint64_t)(index + 1) << 2);
}

static ms_slot *decode(ms_world *w, uint64_t h) {
    if (h & 3) return NULL;
    if ((uint32_t)(h >> H_SERIAL_SHIFT) != w->serial) return NULL;
    uint32_t index = (uint32_t)((h >> 2) & H_INDEX_MASK);
    if (index == 0 || index > w->nslots) return NULL;
    ms_slot *s = &w->slots[index - 1];
    if (s->type == MS_H_FREE || s->gen != (uint16_t)(h >> H_GEN_SHIFT)) return NULL;
    return s;
}

MS_NO_COV uint64_t ms_handle_alloc_locked(ms_world *w, ms_htype type, void *obj) {
    uint32_t i;
    if (w->free_head != UINT32_MAX) {
        i = w->free_head;
        w->free_head = w->slots[i].next_free;
    } else {
        if (w->nslots >= H_INDEX_MASK - 1) return 0;
        if (w->nslots == w->capslots) {
            uint32_t cap = w->capslots ? w->capslots * 2 : 32;
            ms_slot *n = ms_realloc(w->slots, cap * sizeof *n);
            if (!n) return 0;
            w->slots = n;
            w->capslots = cap;
        }
        i = w->nslots++;
        w->slots[i].gen = 0;
    }
    ms_slot *s = &w->slots[i];
    s->type = type;
    s->obj = obj;
    s->info = 0;
    s->gen = (uint16_t)(s->gen + 1);
    return encode(w, i, s->gen);
}

bool ms_handles_exhausted_locked(const ms_world *w) {
    return w->free_head == UINT32_MAX && w->nslots >= H_INDEX_MASK - 1;
}

bool ms_handle_info_locked(ms_world *w, uint64_t h, uint8_t mask, uint8_t flags, uint8_t *old) {
    ms_slot *s = decode(w, h);
    if (!s) return false;
    if (old) *old = s->info;
    s->info = (uint8_t)((s->info & ~mask) | (flags & mask));
    return true;
}

void *ms_handle_get_locked(ms_world *w, uint64_t h, ms_htype type) {
    ms_slot *s = decode(w, h);
    return s && s->type == type ? s->obj : NULL;
}

void ms_handle_replace_locked(ms_world *w, uint64_t h, void *obj) {
    ms_slot *s = decode(w, h);
    if (s) s->obj = obj;
}

void ms_handle_free_locked(ms_world *w, uint64_t h) {
    ms_slot *s = decode(w, h);
    if (!s) return;
    /* A thread blocked on a port that goes away must see that now (the wait fails). */
    if (s->type == MS_H_IOCP) ms_wake_port_locked(w, h);
    free_kernel_object(s);
    s->type = MS_H_FREE;
    s->obj = NULL;
    s->next_free = w->free_head;
    w->free_head = (uint32_t)(s - w->slots);
}

void ms_handle_each_locked(ms_world *w, ms_htype type, void (*fn)(ms_world *, void *, void *), void *arg) {
    for (uint32_t i = 0; i < w->nslots; i++)
        if (w->slots[i].type == type) fn(w, w->slots[i].obj, arg);
}

/* --------------------------------------------------------- threads and APCs */
MS_NO_COV ms_thread *ms_thread_self_locked(ms_world *w) {
    pthread_t me = pthread_self();
    for (ms_thread *t = w->threads; t; t = t->next)
        if (pthread_equal(t->tid, me)) return t;
    ms_thread *t = ms_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->tid = me;
    t->handle = ms_handle_alloc_locked(w, MS_H_THREAD, t);
    t->next = w->threads;
    w->threads = t;
    /* A second thread means something else can make progress: waits become real. */
    if (++w->nthreads > 1) w->real_time = true;
    return t;
}

/* The calling thread's record in one world, as it last looked it up.  Valid while the world is
 * the same one (its stamp, never reused), no snapshot was loaded since (a load puts back the
 * thread list of its save) and the thread has not ended there (ms_thread_exit_locked clears it).
 * Only the thread itself reads or writes it, and a record leaves a live world only at that
 * thread's own exit, so the handle cannot go stale under it. */
static _Thread_local struct { uint64_t stamp, loads, handle; } self_cache;

MS_NO_COV uint64_t ms_thread_self_handle(ms_world *w) {
    uint64_t loads = ms_heap_loads();
    if (self_cache.handle && self_cache.stamp == w->stamp && self_cache.loads == loads) return self_cache.handle;
    ms_lock(w);
    ms_thread *me = ms_thread_self_locked(w);
    uint64_t h = me ? me->handle : 0;
    ms_unlock(w);
    self_cache.stamp = w->stamp;
    self_cache.loads = loads;
    self_cache.handle = h; /* 0 (no memory for a record): looked up again next time */
    return h;
}

/* The calling thread ends: its record goes, with the APCs still queued to it (a thread that
 * has ended runs none), and its handle, so a completion routine meant for it finds no thread.
 * The system may give a later thread the same pthread_t: without this it would inherit the
 * record, its queue and its handle, and how many records a round of work allocated would
 * depend on whether the last thread had quite finished (seen as a low-memory walk counting 6
 * allocations in one process and 7 in another). */
void ms_thread_exit_locked(ms_world *w) {
    pthread_t me = pthread_self();
    for (ms_thread **pp = &w->threads; *pp; pp = &(*pp)->next) {
        ms_thread *t = *pp;
        if (!pthread_equal(t->tid, me)) continue;
        *pp = t->next;
        self_cache.handle = 0;
        free_thread_apcs(t);
        if (t->handle) ms_handle_free_locked(w, t->handle);
        ms_free(t);
        return;
    }
}

ms_thread *ms_thread_from_handle_locked(ms_world *w, uint64_t h) { return ms_handle_get_locked(w, h, MS_H_THREAD); }

ms_thread *ms_thread_from_object_locked(ms_world *w, uint64_t h) {
    for (ms_thread *t = w->threads; h && t; t = t->next)
        if (t->object == h) return t;
    return NULL;
}

int ms_queue_apc_locked(ms_world *w, ms_thread *t, const ms_apc *apc) {
    ms_apc *a = ms_malloc(sizeof *a);
    if (!a) return -1;
    *a = *apc;
    ms_queue_apc_node_locked(w, t, a);
    return 0;
}

void ms_queue_apc_node_locked(ms_world *w, ms_thread *t, ms_apc *a) {
    a->next = NULL;
    if (t->apc_tail)
        t->apc_tail->next = a;
    else
        t->apc_head = a;
    t->apc_tail = a;
    t->apc_count++;
    ms_wake_locked(w);
}

size_t ms_run_apcs_locked(ms_world *w, ms_thread *t) {
    size_t ran = 0;
    while (t->apc_head) {
        ms_apc *a = t->apc_head;
        t->apc_head = a->next;
        if (!t->apc_head) t->apc_tail = NULL;
        t->apc_count--;
        ms_unlock(w);
        if (a->kind == MS_APC_USER)
            a->user_fn(a->user_ctx);
        else
            a->routine(a->error, a->bytes, a->ov, a->flags);
        ms_free(a);
        ms_lock(w);
        ran++;
    }
    return ran;
}

const char *ms_world_busy_locked(ms_world *w) {
    if (w->def_head) return "deferred work is queued";
    for (ms_thread *t = w->threads; t; t = t->next)
        if (t->apc_head) return "an APC is queued";
    for (uint32_t i = 0; i < w->nslots; i++)
        if (w->slots[i].type == MS_H_IOCP && ((ms_iocp *)w->slots[i].obj)->head) return "a completion packet is queued";
    return NULL;
}

/* ------------------------------------------------------------ held at close */
/* The process's record of what closed worlds still held (kernel.h ms_world_held): a world is
 * gone by the time anyone can ask, and a case may close a second target before its own. */
static pthread_mutex_t held_mu = MS_MUTEX_INITIALIZER;
static size_t held_blocks;
static char held_text[512];

void ms_world_held(size_t blocks, const char *fmt, ...) {
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ms_mutex_lock(&held_mu);
    held_blocks += blocks;
    size_t len = strlen(held_text);
    snprintf(held_text + len, sizeof held_text - len, "%s%s", len ? "; " : "", line);
    ms_mutex_unlock(&held_mu);
}

size_t ms_world_held_take(char *buf, size_t cap) {
    ms_mutex_lock(&held_mu);
    size_t n = held_blocks;
    if (buf && cap) snprintf(buf, cap, "%s", held_text);
    held_blocks = 0;
    held_text[0] = 0;
    ms_mutex_unlock(&held_mu);
    return n;
}
