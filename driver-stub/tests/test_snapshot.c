/*
 * test_snapshot.c: the restorable heap arena and target snapshots (heap.h, wt_snapshot_*).
 *
 * Why these matter: the fuzz harnesses start inputs from snapshots instead of building the
 * scenario, so a snapshot that restored almost the same state would make every fuzz result
 * wrong in a way nothing else would notice.  The tests hold a restored target to the same
 * results, byte for byte, as the original and as a target built from scratch, and hold the
 * arena to its allocator's and AddressSanitizer's duties.
 */
#define _POSIX_C_SOURCE 200809L /* pthread barriers */
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target_model.h"

#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernel/heap.h"
#include "../kernel/kernel.h"
#include "wfpcert/sdk/threadpoolapiset.h"
#include "wfpcert/target.h"
#include "wfpcert/winsock.h"

/* ------------------------------------------------------------------ heap */

TEST(heap_arena_counts_frees_and_reuses_blocks) {
    ASSERT_EQ(ms_heap_arena_begin(), 0);
    ASSERT_EQ(ms_heap_arena_begin(), -1); /* one at a time */
    char *a = ms_malloc(10), *b = ms_calloc(3, 100), *c = ms_malloc(5000);
    ASSERT(a && b && c);
    ASSERT_EQ((uintptr_t)a % 16, 0);
    for (int i = 0; i < 300; i++) ASSERT_EQ(b[i], 0);
    memset(c, 7, 5000);
    char *c2 = ms_realloc(c, 9000); /* moves to a larger class, keeps the bytes */
    ASSERT(c2 && c2 != c && c2[4999] == 7);
    ms_free(a);
    char *a2 = ms_malloc(12); /* same class: the freed block again */
    ASSERT(a2 == a);
    ms_free(a2);
    ASSERT_EQ(ms_heap_arena_end(), 2); /* b and c2 were never freed */
    ASSERT_EQ(ms_heap_arena_begin(), 0); /* ending empties the arena */
    ASSERT_EQ(ms_heap_arena_end(), 0);
    /* Off: the C library's heap, which ms_free tells apart by address. */
    char *d = ms_malloc(8);
    ASSERT_NOT_NULL(d);
    ms_free(d);
    return 0;
}

TEST(heap_restored_arena_allocates_as_the_original) {
    ASSERT_EQ(ms_heap_arena_begin(), 0);
    char *keep = ms_malloc(40);
    strcpy(keep, "kept across the snapshot");
    ms_free(ms_malloc(64)); /* a block on a free list */
    ms_heap_image *img = ms_heap_save(0);
    ASSERT_NOT_NULL(img);
    void *first[3] = {ms_malloc(64), ms_malloc(700), ms_malloc(100000)};
    strcpy(keep, "changed after");
    ASSERT_EQ(ms_heap_load(img), -1); /* the arena is in use */
    ms_free(keep);
    for (int i = 0; i < 3; i++) ms_free(first[i]);
    ASSERT_EQ(ms_heap_arena_end(), 0);
    for (int round = 0; round < 2; round++) {
        ASSERT_EQ(ms_heap_load(img), 0);
        ASSERT(strcmp(keep, "kept across the snapshot") == 0);
        void *again[3] = {ms_malloc(64), ms_malloc(700), ms_malloc(100000)};
        for (int i = 0; i < 3; i++) ASSERT(again[i] == first[i]);
        ASSERT_EQ(ms_heap_arena_end(), 4); /* keep and the three */
    }
    ms_heap_image_free(img);
    return 0;
}

/* An image keeps only the pages that differ from the image the arena was last saved to or
 * loaded from; the others stay its base's, which it keeps alive after the base's own free. */
TEST(heap_image_shares_unchanged_pages_with_its_base) {
    ASSERT_EQ(ms_heap_arena_begin(), 0);
    unsigned char *big = ms_malloc(64 * 1024);
    ASSERT_NOT_NULL(big);
    for (size_t i = 0; i < 64 * 1024; i++) big[i] = (unsigned char)(i * 7 + 1);
    ms_heap_image *first = ms_heap_save(0);
    ASSERT_NOT_NULL(first);
    big[40000] ^= 0xFF; /* one byte of one page changed, one small block added */
    char *note = ms_malloc(24);
    strcpy(note, "after the first image");
    ms_heap_image *second = ms_heap_save(0);
    ASSERT_NOT_NULL(second);
    ASSERT_GT(ms_heap_image_size(first), 64 * 1024);
    ASSERT_LT(ms_heap_image_size(second), 4 * 1024); /* the changed pages and a page table */
    ms_free(note);
    ms_free(big);
    ASSERT_EQ(ms_heap_arena_end(), 0);
    ms_heap_image_free(first); /* second still reads its pages */
    ASSERT_EQ(ms_heap_load(second), 0);
    int same = 1;
    for (size_t i = 0; i < 64 * 1024; i++)
        same &= big[i] == (unsigned char)(i == 40000 ? (i * 7 + 1) ^ 0xFF : i * 7 + 1);
    ASSERT(same);
    ASSERT(strcmp(note, "after the first image") == 0);
    ms_free(note);
    ms_free(big);
    ASSERT_EQ(ms_heap_arena_end(), 0);
    ms_heap_image_free(second);
    return 0;
}

/* Runs fn in a child with stderr silenced; returns its wait status. */
static int in_child(void (*fn)(void)) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr)) _exit(4);
        fn();
        _exit(0);
    }
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    return st;
}

static void double_free(void) {
    ms_heap_arena_begin();
    void *p = ms_malloc(32);
    ms_free(p);
    ms_free(p);
}

TEST(heap_arena_double_free_aborts) {
    int st = in_child(double_free);
    ASSERT(WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 4));
    return 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

#ifdef ASAN_BUILD
static void overrun_by_one(void) {
    ms_heap_arena_begin();
    volatile char *p = ms_malloc(13);
    p[13] = 1;
}

static void use_after_free(void) {
    ms_heap_arena_begin();
    volatile char *p = ms_malloc(100);
    ms_free((void *)p);
    p[0] = 1;
}
#endif

TEST(heap_arena_overrun_and_use_after_free_reported_under_asan) {
    /* In every build: a red zone and a header lie between neighbouring blocks, so an overrun
     * past a block's class lands on memory no block owns (ASan then reports it). */
    ASSERT_EQ(ms_heap_arena_begin(), 0);
    char *p = ms_malloc(13), *q = ms_malloc(13);
    ASSERT(p && q);
    ASSERT_GE(q - p, 16 + 16 + 16); /* the class's 16 bytes, the red zone, q's header */
    ms_free(p);
    ms_free(q);
    ASSERT_EQ(ms_heap_arena_end(), 0);
#ifdef ASAN_BUILD
    int a = in_child(overrun_by_one), b = in_child(use_after_free);
    ASSERT(!(WIFEXITED(a) && WEXITSTATUS(a) == 0));
    ASSERT(!(WIFEXITED(b) && WEXITSTATUS(b) == 0));
#endif
    return 0;
}

/* ------------------------------------------------------------------ targets */

/* What a short session on a redirected flow observes, handles left out (their serial part
 * differs between worlds): results, errors, lengths and the bytes returned. */
typedef struct observed {
    unsigned char bytes[4096];
    size_t n;
} observed;

static void note(observed *o, const void *p, size_t n) {
    if (o->n + n > sizeof o->bytes) n = sizeof o->bytes - o->n;
    memcpy(o->bytes + o->n, p, n);
    o->n += n;
}

static void note_int(observed *o, long v) { note(o, &v, sizeof v); }

static void session(wt_target *t, const wt_tcp_flow *f, observed *o) {
    char rec[1024];
    DWORD cb = 0;
    int r = WSAIoctl(f->accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &cb, NULL, NULL);
    note_int(o, r);
    note_int(o, (long)cb);
    note(o, rec, cb);
    r = WSAIoctl(f->accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, NULL, 0, rec, sizeof rec, &cb, NULL, NULL);
    note_int(o, r ? WSAGetLastError() : 0);
    SOCKET out = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    r = WSAIoctl(out, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, 3, NULL, 0, &cb, NULL, NULL);
    note_int(o, r ? WSAGetLastError() : 0);
    char msg[] = "through the proxy";
    note_int(o, send(f->client, msg, sizeof msg, 0));
    char got[64];
    int n = recv(f->accepted, got, sizeof got, 0);
    note_int(o, n);
    if (n > 0) note(o, got, (size_t)n);
    closesocket(out);
    note_int(o, closesocket(f->client));
    char text[256];
    note_int(o, wt_findings(t, text, sizeof text));
}

TEST(snapshot_restored_target_behaves_as_original_and_as_fresh) {
    observed fresh = {0}, orig = {0}, again[2];
    memset(again, 0, sizeof again);
    wt_tcp_flow f, f0;
    wt_target *t;
    /* the same seed before each world: the two worlds seal under the same key, so their
     * records (part of what a session observes) can be compared byte for byte */
    ASSERT_EQ(wt_model_seal_seed(7), WT_OK);
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 0, &f0), WT_OK);
    session(t, &f0, &fresh);
    wt_close(t);

    ASSERT_EQ(wt_model_seal_seed(7), WT_OK);
    ASSERT_EQ(wt_open_restorable("model", &t), WT_OK);
    wt_target *other;
    ASSERT_EQ(wt_open_restorable("model", &other), WT_EINVAL); /* one per process */
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 0, &f), WT_OK);
    wt_snapshot *s;
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_OK);
    ASSERT_GT(wt_snapshot_size(s), 0);
    ASSERT_EQ(wt_snapshot_restore(s, &other), WT_EINVAL); /* t is still open */
    session(t, &f, &orig);
    wt_close(t);
    for (int i = 0; i < 2; i++) {
        wt_target *r;
        ASSERT_EQ(wt_snapshot_restore(s, &r), WT_OK);
        ASSERT(r == t); /* the same place, so the flow's handles name the same sockets */
        session(r, &f, &again[i]);
        wt_close(r);
    }
    wt_snapshot_free(s);
    ASSERT_GT(fresh.n, 40);
    ASSERT_EQ(orig.n, fresh.n);
    ASSERT_MEM_EQ(orig.bytes, fresh.bytes, fresh.n);
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ(again[i].n, orig.n);
        ASSERT_MEM_EQ(again[i].bytes, orig.bytes, orig.n);
    }
    return 0;
}

TEST(snapshot_refused_while_work_names_user_memory) {
    wt_target *t;
    wt_snapshot *s = NULL;
    ASSERT_EQ(wt_open("model", &t), WT_OK);
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_EINVAL); /* not restorable */
    wt_close(t);
    ASSERT_EQ(wt_open_restorable("model", &t), WT_OK);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 1, &f), WT_OK);
    /* A receive left pending names the caller's buffer and OVERLAPPED. */
    char buf[16];
    WSABUF wb = {sizeof buf, buf};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD flags = 0;
    ASSERT_EQ(WSARecv(f.accepted, &wb, 1, NULL, &flags, &ov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_EINVAL);
    ASSERT(strstr(wt_error(), "pending") != NULL);
    ASSERT_NULL(s);
    closesocket(f.accepted);
    /* Regions handed out are the caller's memory, not the world's. */
    ASSERT_NOT_NULL(wt_readonly_page(t));
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_EINVAL);
    ASSERT(strstr(wt_error(), "region") != NULL);
    return fx_close(t);
}

/* A world whose program started threads (here a thread pool's) is torn down by wt_discard, its
 * threads joined, never dropped with its memory: the fuzz harnesses drop most inputs' worlds,
 * and a pool thread left running read its zeroed pool from the next input's restored arena. */
static VOID CALLBACK nothing_to_do(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    (void)inst, (void)ctx, (void)work;
}

TEST(discard_joins_the_threads_a_world_started) {
    long before = ms_process_threads();
    ASSERT(before > 0);
    wt_target *t;
    wt_snapshot *s = NULL;
    ASSERT_EQ(wt_open_restorable("model", &t), WT_OK);
    PTP_WORK w = CreateThreadpoolWork(nothing_to_do, NULL, NULL);
    ASSERT_NOT_NULL(w);
    SubmitThreadpoolWork(w);
    WaitForThreadpoolWorkCallbacks(w, FALSE);
    CloseThreadpoolWork(w);
    ASSERT(ms_process_threads() > before);
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_EINVAL);
    ASSERT(strstr(wt_error(), "threads") != NULL);
    wt_discard(t);
    ASSERT_EQ(ms_process_threads(), before);
    return 0;
}

/* A thread's cached handle (ms_thread_self_handle) does not outlive a snapshot load: the world
 * put back has no record of a thread that first named itself after the save, and by then the
 * handle's slot may name another object (here the opening thread's record, made first after the
 * load).  A second thread, whose TLS outlives the close and the restore. */
typedef struct {
    pthread_barrier_t step;
    uint64_t before;
    int own_record;
} cache_probe;

static void *probe_thread(void *arg) {
    cache_probe *p = arg;
    p->before = ms_thread_self_handle(ms_world_winsock()); /* made now, after the save */
    pthread_barrier_wait(&p->step); /* the target is closed and restored, a socket made */
    pthread_barrier_wait(&p->step);
    ms_world *w = ms_world_winsock();
    uint64_t after = ms_thread_self_handle(w);
    ms_lock(w);
    p->own_record = ms_thread_from_handle_locked(w, after) == ms_thread_self_locked(w);
    ms_unlock(w);
    return NULL;
}

TEST(snapshot_load_forgets_the_threads_cached_handle) {
    wt_target *t;
    ASSERT_EQ(wt_open_restorable("model", &t), WT_OK);
    wt_snapshot *s;
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_OK);
    cache_probe p = {.before = 0};
    pthread_barrier_init(&p.step, NULL, 2);
    pthread_t th;
    ASSERT_EQ(pthread_create(&th, NULL, probe_thread, &p), 0);
    pthread_barrier_wait(&p.step);
    wt_close(t);
    wt_target *r;
    ASSERT_EQ(wt_snapshot_restore(s, &r), WT_OK);
    SOCKET sk = socket(AF_INET, SOCK_STREAM, 0); /* this thread's record takes the first free slot */
    ASSERT(sk != INVALID_SOCKET);
    pthread_barrier_wait(&p.step);
    pthread_join(th, NULL);
    pthread_barrier_destroy(&p.step);
    ASSERT(p.before != 0);
    ASSERT(p.own_record);
    closesocket(sk);
    wt_close(r);
    wt_snapshot_free(s);
    return 0;
}

/* A target restored from a snapshot keeps the callouts added to it: a vendor's callout added
 * before the snapshot classifies the connections made after each restore (mutant 202-5: the
 * instance table's first slot was never given back to a restored callout, which then saw
 * nothing). */
TEST(snapshot_restored_target_keeps_its_added_callouts) {
    wt_target *t;
    ASSERT_EQ(wt_open_restorable("model", &t), WT_OK);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'B', 47001);
    ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
    wt_snapshot *s;
    ASSERT_EQ(wt_snapshot_take(t, &s), WT_OK);
    wt_discard(t); /* as a fuzzer drops a scene: the callouts disowned, not unloaded */
    for (int i = 0; i < 3; i++) {
        wt_target *r;
        wt_tcp_flow f;
        wt_callout_view before, after;
        ASSERT_EQ(wt_snapshot_restore(s, &r), WT_OK);
        ASSERT_EQ(wt_callout_view_get(r, 'B', &before), WT_OK);
        ASSERT_EQ(wt_tcp_redirected(r, AF_INET, 0, &f), WT_OK);
        ASSERT_EQ(wt_callout_view_get(r, 'B', &after), WT_OK);
        ASSERT_GT(after.classified, before.classified);
        if (i < 2)
            wt_discard(r);
        else
            wt_close(r);
    }
    wt_snapshot_free(s);
    return 0;
}
