/*
 * heap.c: the model's allocation functions and the restorable arena (heap.h).
 *
 * The arena is a segregated-fit allocator inside one reserved region: every block is a
 * 16-byte header, the payload rounded up to its size class, and a 16-byte red zone; freed
 * blocks go on a per-class list.  All of its state (the bump offset, the live count, the
 * free lists) lives at the start of the region, so saving the used bytes saves the allocator
 * too, and a restored arena hands out the same addresses in the same order as the original:
 * an input run from a snapshot allocates exactly as it would have after building the
 * scenario itself.  The region never moves, so the pointers inside stay valid.
 *
 * Under AddressSanitizer, headers, red zones, the unused tail of a class and freed blocks
 * are poisoned by hand (the region is one mmap to ASan), so an overrun of a model buffer or
 * a use after free still stops the run; the functions that read headers are not
 * instrumented for that reason.
 */
#include "heap.h"
#include "mutex.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HEAP_ASAN 1
#endif

#ifdef HEAP_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) __asan_poison_memory_region((p), (n))
#define UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#define NO_ASAN __attribute__((no_sanitize_address))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#define NO_ASAN
#endif

#define RESERVE ((size_t)1 << 30) /* address space only: pages come as they are touched */
#define HDR 16u
#define RZ 16u
#define SMALL_CLASSES 64u /* 16, 32, ..., 1024 bytes */
#define NCLS (SMALL_CLASSES + 18u) /* then 2 KiB, 4 KiB, ..., 256 MiB */
#define LIVE 0xA110C8EDu
#define FREED 0xF4EEB10Cu

typedef struct block {
    uint32_t state; /* LIVE or FREED */
    uint32_t cls;
    uint64_t word; /* LIVE: the length asked for; FREED: offset of the next free block (0: none) */
} block;

typedef struct arena {
    uint64_t used; /* bytes from the start of the region, this header included */
    uint64_t live;
    uint64_t free_head[NCLS];
} arena;

#define FIRST ((sizeof(arena) + 15u) & ~(size_t)15u)

typedef struct img_chunk img_chunk;

struct ms_heap_image {
    size_t len; /* arena bytes */
    size_t extra; /* the caller's bytes, at the start of bytes[] */
    size_t size; /* bytes of its chunk it takes, this header included */
    img_chunk *chunk; /* the mapping that holds it */
    ms_heap_image *base; /* the image some of its pages are shared with (a reference held), or NULL */
    size_t refs; /* its holder's, one per image based on it, and the arena's while it matches it */
    size_t npages;
    const unsigned char **page; /* npages pointers, into its own bytes or an ancestor's */
    unsigned char bytes[]; /* 16-byte aligned: the header is 64 bytes */
};

static pthread_mutex_t mu = MS_MUTEX_INITIALIZER;
static void arena_image_set(ms_heap_image *img); /* the image the arena's bytes match now (snapshot images) */
static unsigned char *base; /* the region, reserved once */
static int on;

MS_NO_COV static size_t cap_of(uint32_t cls) {
    return cls < SMALL_CLASSES ? (cls + 1u) * 16u : (size_t)2048u << (cls - SMALL_CLASSES);
}

MS_NO_COV static int class_of(size_t n, uint32_t *cls) {
    if (n <= 16u * SMALL_CLASSES) {
        *cls = n ? (uint32_t)((n + 15u) / 16u - 1u) : 0u;
        return 0;
    }
    for (uint32_t c = SMALL_CLASSES; c < NCLS; c++)
        if (cap_of(c) >= n) {
            *cls = c;
            return 0;
        }
    return -1;
}

static arena *A(void) { return (arena *)(void *)base; }
MS_NO_COV static int in_arena(const void *p) {
    return base && (const unsigned char *)p >= base && (const unsigned char *)p < base + RESERVE;
}

MS_NO_COV NO_ASAN static void *arena_alloc(size_t n) {
    uint32_t cls;
    if (class_of(n, &cls)) return NULL;
    arena *a = A();
    size_t size = HDR + cap_of(cls) + RZ;
    block *b;
    if (a->free_head[cls]) {
        b = (block *)(void *)(base + a->free_head[cls]);
        a->free_head[cls] = b->word;
    } else {
        if (a->used + size > RESERVE) return NULL;
        b = (block *)(void *)(base + a->used);
        a->used += size;
        POISON(b, size);
    }
    b->state = LIVE;
    b->cls = cls;
    b->word = n;
    a->live++;
    unsigned char *p = (unsigned char *)b + HDR;
    UNPOISON(p, n);
    return p;
}

MS_NO_COV NO_ASAN static block *header_of(void *p) {
    block *b = (block *)(void *)((unsigned char *)p - HDR);
    if (((uintptr_t)p & 15u) || (unsigned char *)b < base + FIRST || (b->state != LIVE && b->state != FREED)) {
        fprintf(stderr, "wfpcert model heap: free of %p, which is not a block of the arena\n", p);
        abort();
    }
    if (b->state == FREED) {
        fprintf(stderr, "wfpcert model heap: double free of %p\n", p);
        abort();
    }
    return b;
}

MS_NO_COV NO_ASAN static void arena_free(void *p) {
    block *b = header_of(p);
    arena *a = A();
    POISON(p, cap_of(b->cls));
    b->state = FREED;
    b->word = a->free_head[b->cls];
    a->free_head[b->cls] = (uint64_t)((unsigned char *)b - base);
    a->live--;
}

MS_NO_COV NO_ASAN static void *arena_realloc(void *p, size_t n) {
    block *b = header_of(p);
    size_t old = (size_t)b->word;
    if (n <= cap_of(b->cls) && n > 0) {
        POISON(p, cap_of(b->cls));
        UNPOISON(p, n);
        b->word = n;
        return p;
    }
    void *q = arena_alloc(n);
    if (!q) return NULL;
    memcpy(q, p, old < n ? old : n);
    arena_free(p);
    return q;
}

/* ------------------------------------------------------------ the four calls */
/* Blocks of the C library's heap the model holds, for the per-case leak check
 * (ms_heap_live_blocks): a world closed must give back everything it took. */
static atomic_long libc_blocks;

MS_NO_COV static void *counted(void *p) {
    if (p) atomic_fetch_add_explicit(&libc_blocks, 1, memory_order_relaxed);
    return p;
}

MS_NO_COV size_t ms_heap_live_blocks(void) {
    long n = atomic_load_explicit(&libc_blocks, memory_order_relaxed);
    ms_mutex_lock(&mu);
    size_t arena_live = on ? (size_t)A()->live : 0;
    ms_mutex_unlock(&mu);
    return (size_t)(n > 0 ? n : 0) + arena_live;
}

/* fail_alloc: allocations left before the one that fails (0: off); fired once it failed. */
static atomic_ulong fail_countdown;
static atomic_int fail_fired;

MS_NO_COV void ms_heap_fail_after(unsigned long n) {
    atomic_store(&fail_fired, 0);
    atomic_store(&fail_countdown, n);
}

MS_NO_COV int ms_heap_fail_state(void) { return atomic_load(&fail_fired) ? 2 : atomic_load(&fail_countdown) ? 1 : 0; }

/* Is this the allocation that must fail?  One relaxed load when the knob is off. */
MS_NO_COV static bool fail_now(void) {
    unsigned long left = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
    while (left) {
        if (atomic_compare_exchange_weak(&fail_countdown, &left, left - 1)) {
            if (left != 1) return false;
            atomic_store(&fail_fired, 1);
            return true;
        }
    }
    return false;
}

MS_NO_COV void *ms_malloc(size_t n) {
    if (fail_now()) return NULL;
    if (!on) return counted(malloc(n));
    ms_mutex_lock(&mu);
    void *p = on ? arena_alloc(n) : counted(malloc(n));
    ms_mutex_unlock(&mu);
    return p;
}

MS_NO_COV void *ms_calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    if (!on) return fail_now() ? NULL : counted(calloc(n, size));
    void *p = ms_malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

MS_NO_COV void *ms_realloc(void *p, size_t n) {
    if (!p) return ms_malloc(n);
    if (n && fail_now()) return NULL; /* the old block stays the caller's */
    if (!in_arena(p)) {
        void *q = realloc(p, n);
        if (!q && n == 0) atomic_fetch_sub_explicit(&libc_blocks, 1, memory_order_relaxed); /* freed */
        return q;
    }
    ms_mutex_lock(&mu);
    void *q = arena_realloc(p, n);
    ms_mutex_unlock(&mu);
    return q;
}

MS_NO_COV void ms_free(void *p) {
    if (!p) return;
    if (!in_arena(p)) {
        atomic_fetch_sub_explicit(&libc_blocks, 1, memory_order_relaxed);
        free(p);
        return;
    }
    ms_mutex_lock(&mu);
    arena_free(p);
    ms_mutex_unlock(&mu);
}

/* ------------------------------------------------------------ arena on and off */
MS_NO_COV static int reserve(void) {
    if (base) return 0;
    void *p = mmap(NULL, RESERVE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return -1;
    base = p;
    return 0;
}

MS_NO_COV NO_ASAN static void reset(void) {
    arena *a = A();
    UNPOISON(base, a->used ? a->used : FIRST);
    memset(base, 0, a->used ? a->used : FIRST);
    a->used = FIRST;
}

MS_NO_COV int ms_heap_arena_begin(void) {
    ms_mutex_lock(&mu);
    int r = -1;
    if (!on && reserve() == 0) {
        reset();
        arena_image_set(NULL);
        on = 1;
        r = 0;
    }
    ms_mutex_unlock(&mu);
    return r;
}

MS_NO_COV size_t ms_heap_arena_end(void) {
    ms_mutex_lock(&mu);
    size_t live = on ? (size_t)A()->live : 0;
    on = 0; /* the bytes stay: the next begin or load overwrites them */
    arena_image_set(NULL);
    ms_mutex_unlock(&mu);
    return live;
}

/* Poisons what no block owns, after the region's bytes were replaced wholesale. */
MS_NO_COV NO_ASAN static void repoison(void) {
    arena *a = A();
    POISON(base + FIRST, a->used - FIRST);
    for (size_t off = FIRST; off < a->used;) {
        block *b = (block *)(void *)(base + off);
        if (b->state == LIVE) UNPOISON((unsigned char *)b + HDR, (size_t)b->word);
        off += HDR + cap_of(b->cls) + RZ;
    }
}

/* ------------------------------------------------------------ snapshot images */
/* Images are carved from chunks of mapped memory whose pages are populated when they are
 * mapped, and a chunk whose images are all freed is kept for the next ones.  A fuzzer saves
 * a scene thousands of times (each a few dozen kilobytes); a mapping per image cost a system
 * call and then a page fault per page it was copied into, and on a virtual machine each fault
 * is a trap to the hypervisor: that was most of a save, and a seventh of fuzz_sequence.
 * Mapped, not malloc()ed: a fuzzer keeps thousands of these, and a block kept from one input
 * to the next makes libFuzzer run a whole leak check (which scans every heap block it can
 * reach). */
#define IMG_CHUNK ((size_t)4 << 20)
#define IMG_SPARE 16 /* empty chunks kept: what a scene cache emptied and refilled needs again */

struct img_chunk {
    size_t size; /* of the mapping */
    size_t used; /* bytes carved, this header included */
    size_t live; /* images in it not freed yet */
    img_chunk *next; /* on the spare list */
};

#define CHUNK_HDR ((sizeof(img_chunk) + 15u) & ~(size_t)15u)

static img_chunk *img_current; /* where new images are carved */
static img_chunk *img_spare;
static int img_nspare;

MS_NO_COV static img_chunk *chunk_map(size_t size) {
    void *m;
#if defined(MADV_HUGEPAGE) && defined(MADV_POPULATE_WRITE)
    if (size == IMG_CHUNK) {
        /* On huge pages, aligned to 2 MiB, their page tables filled writable at once: a fresh
         * 4 KiB page first written costs tens of microseconds on a virtual machine, more than
         * the copy into it. */
        size_t huge = (size_t)2 << 20;
        unsigned char *raw = mmap(NULL, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) return NULL;
        unsigned char *at = (unsigned char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
        if (at > raw) munmap(raw, (size_t)(at - raw));
        if (at + size < raw + size + huge) munmap(at + size, (size_t)(raw + size + huge - (at + size)));
        madvise(at, size, MADV_HUGEPAGE);
        madvise(at, size, MADV_POPULATE_WRITE); /* where the kernel has it; else pages come as written */
        m = at;
    } else
#endif
    {
        m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) return NULL;
    }
    img_chunk *c = m;
    c->size = size;
    c->used = CHUNK_HDR;
    c->live = 0;
    c->next = NULL;
    return c;
}

/* An empty chunk: kept as a spare while there is room, else unmapped. */
MS_NO_COV static void chunk_retire(img_chunk *c) {
    if (c->size == IMG_CHUNK && img_nspare < IMG_SPARE) {
        c->used = CHUNK_HDR;
        c->next = img_spare;
        img_spare = c;
        img_nspare++;
    } else {
        UNPOISON(c, c->size); /* the address range may be mapped again, for anything */
        munmap(c, c->size);
    }
}

MS_NO_COV static ms_heap_image *image_get(size_t size) {
    img_chunk *c;
    if (size > IMG_CHUNK / 4) { /* a big image has a mapping of its own */
        c = chunk_map(CHUNK_HDR + size);
    } else {
        if (!img_current || img_current->used + size > img_current->size) {
            img_chunk *full = img_current;
            if (img_spare) {
                img_current = img_spare;
                img_spare = img_spare->next;
                img_nspare--;
            } else {
                img_current = chunk_map(IMG_CHUNK);
            }
            if (full && full->live == 0) chunk_retire(full);
        }
        c = img_current;
    }
    if (!c) return NULL;
    ms_heap_image *img = (ms_heap_image *)(void *)((unsigned char *)c + c->used);
    UNPOISON(img, size);
    c->used += size;
    c->live++;
    img->size = size;
    img->chunk = c;
    return img;
}

/* Under ASan a freed image is poisoned: a copy from it (an image freed while another still
 * shares its pages) is a report. */
MS_NO_COV static void image_put(ms_heap_image *img) {
    img_chunk *c = img->chunk;
    POISON(img, img->size);
    if (--c->live) return;
    if (c == img_current)
        c->used = CHUNK_HDR; /* empty: carved again from the start */
    else
        chunk_retire(c);
}

/* ------------------------------------------------------------ pages shared with a base */
/* An image keeps only the pages of the arena that differ from its base, the image the arena
 * was last loaded from or saved to, and points at the base's copy of the others.  A scene is
 * saved right after one step on its parent's state, which changes a few of its pages: whole
 * images were most of the fresh memory a fuzzer writes, and on a virtual machine a fresh page
 * costs more than the copy into it.  An image holds a reference on its base, so an ancestor
 * whose pages are shared outlives its holder's free; the scene cache frees a whole tree at once. */
#define PAGE 256u /* halves fuzz_sequence's image bytes, where 4 KiB pages saved a tenth */
#define MAX_SHARED_PAGES 65536u /* an arena past 16 MiB is saved whole */

static ms_heap_image *arena_image; /* what the arena's bytes last matched since it was begun (a reference) */
static unsigned char page_own[MAX_SHARED_PAGES]; /* ms_heap_save's scratch: page i is copied */

/* Not MS_NO_COV: only uncovered functions call it, and inlined into them it is uncovered too. */
static size_t page_len(size_t len, size_t i) { return len - i * PAGE < PAGE ? len - i * PAGE : PAGE; }

/* Equal bytes, compared by words: memcmp's interceptor would hand the arena's bytes to the
 * fuzzer's compare hook, and they are not the input's. */
MS_NO_COV NO_ASAN static int same_bytes(const unsigned char *a, const unsigned char *b, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) return 0;
    }
    for (; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

MS_NO_COV static void image_unref(ms_heap_image *img) {
    while (img && --img->refs == 0) {
        ms_heap_image *b = img->base;
        image_put(img);
        img = b;
    }
}

MS_NO_COV static void arena_image_set(ms_heap_image *img) {
    if (img) img->refs++;
    image_unref(arena_image);
    arena_image = img;
}

MS_NO_COV ms_heap_image *ms_heap_save(size_t extra) {
    ms_mutex_lock(&mu);
    ms_heap_image *img = NULL;
    if (on) {
        size_t len = (size_t)A()->used, np = (len + PAGE - 1) / PAGE, own = 0;
        ms_heap_image *b = np <= MAX_SHARED_PAGES ? arena_image : NULL;
        int shares = 0;
        UNPOISON(base, len);
        for (size_t i = 0; i < np; i++) {
            size_t n = page_len(len, i);
            int same = b && i < b->npages && i * PAGE + n <= b->len && same_bytes(b->page[i], base + i * PAGE, n);
            if (b) page_own[i] = (unsigned char)!same;
            shares |= same;
            own += same ? 0 : n;
        }
        extra = (extra + 15u) & ~(size_t)15u;
        size_t table = (np * sizeof(void *) + 15u) & ~(size_t)15u;
        img = image_get((sizeof *img + extra + table + own + 15u) & ~(size_t)15u);
        if (img) {
            img->len = len;
            img->extra = extra;
            img->base = shares ? b : NULL;
            if (img->base) img->base->refs++;
            img->refs = 1;
            img->npages = np;
            img->page = (const unsigned char **)(void *)(img->bytes + extra);
            memset(img->bytes, 0, extra); /* a reused chunk holds an older image's bytes */
            unsigned char *data = img->bytes + extra + table;
            for (size_t i = 0; i < np;) {
                if (b && !page_own[i]) {
                    img->page[i] = b->page[i];
                    i++;
                    continue;
                }
                size_t j = i; /* a run of own pages: one copy */
                while (j + 1 < np && (!b || page_own[j + 1])) j++;
                size_t n = (j - i) * PAGE + page_len(len, j);
                memcpy(data, base + i * PAGE, n);
                for (size_t k = i; k <= j; k++) img->page[k] = data + (k - i) * PAGE;
                data += n;
                i = j + 1;
            }
            arena_image_set(img);
        }
        repoison();
    }
    ms_mutex_unlock(&mu);
    return img;
}

static _Atomic uint64_t loads;

MS_NO_COV uint64_t ms_heap_loads(void) { return atomic_load(&loads); }

MS_NO_COV int ms_heap_load(const ms_heap_image *img) {
    ms_mutex_lock(&mu);
    int r = -1;
    if (!on && img && reserve() == 0) {
        size_t now = (size_t)A()->used;
        UNPOISON(base, now > img->len ? now : img->len);
        for (size_t i = 0, j; i < img->npages; i = j + 1) { /* pages next to each other at both ends: one copy */
            for (j = i; j + 1 < img->npages && img->page[j + 1] == img->page[j] + PAGE;) j++;
            memcpy(base + i * PAGE, img->page[i], (j - i) * PAGE + page_len(img->len, j));
        }
        if (now > img->len) memset(base + img->len, 0, now - img->len); /* never-used memory reads as zero, as before */
        repoison();
        arena_image_set((ms_heap_image *)(uintptr_t)img); /* its reference count is the arena's to keep */
        on = 1;
        atomic_fetch_add(&loads, 1);
        r = 0;
    }
    ms_mutex_unlock(&mu);
    return r;
}

size_t ms_heap_image_size(const ms_heap_image *img) { return img ? img->size : 0; } /* its own bytes */
void *ms_heap_image_extra(ms_heap_image *img) { return img->bytes; }
MS_NO_COV void ms_heap_image_free(ms_heap_image *img) {
    if (!img) return;
    ms_mutex_lock(&mu);
    image_unref(img);
    ms_mutex_unlock(&mu);
}
