/*
 * probe.c: deciding whether a user pointer is valid memory, the way the kernel's
 * ProbeForRead/ProbeForWrite plus its exception handler would.  A caller that passes a
 * guard page, an unmapped address or (for output) a read-only page must get WSAEFAULT,
 * not a crash of the model.  process_vm_readv/writev on our own pid fail with EFAULT on
 * exactly those pages and never raise a signal, so no SIGSEGV handler (which would fight
 * the sanitizers) is needed.  One byte per page is touched, as the kernel does.
 *
 * Those system calls dominated the fuzzers' time (about 17 per input), so pages found good
 * are remembered in a small per-thread cache.  The cache is only as good as the mappings it
 * saw: everything in the model that maps, protects or unmaps memory a caller may name (the
 * target's guard pages, read-only pages and unmapped regions) calls ms_probe_invalidate, and
 * failures are never cached, so a bad page is always asked about again.
 */
#include "probe.h"

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include <pthread.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096u
#define BATCH 256
#define CACHE 1024 /* pages remembered per thread (4 MiB of address space) */

/* getpid() on every probe showed up in profiles of the fuzzers; the pid is cached and
 * refreshed in a forked child (the conformance runner forks a process per case). */
static pid_t self_pid;
static pthread_once_t pid_once = PTHREAD_ONCE_INIT;
static void refresh_pid(void) { self_pid = getpid(); }
static void init_pid(void) {
    refresh_pid();
    pthread_atfork(NULL, NULL, refresh_pid);
}

enum { CAN_READ = 1, CAN_WRITE = 2 };
typedef struct cached_page {
    uintptr_t page;
    unsigned gen;
    unsigned char can;
} cached_page;

static _Atomic unsigned generation = 1;
static _Thread_local cached_page cache[CACHE];

void ms_probe_invalidate(void) { atomic_fetch_add(&generation, 1); }

static cached_page *slot(uintptr_t page) { return &cache[(page / PAGE) % CACHE]; }

static bool known(uintptr_t page, unsigned gen, unsigned char need) {
    const cached_page *c = slot(page);
    return c->page == page && c->gen == gen && (c->can & need) == need;
}

static void remember(uintptr_t page, unsigned gen, unsigned char can) {
    cached_page *c = slot(page);
    if (c->page == page && c->gen == gen) can |= c->can;
    *c = (cached_page){page, gen, can};
}

/* Asks the kernel about the pages of one batch; true when every one is accessible. */
static bool ask(pid_t me, const uintptr_t *at, int n, bool write) {
    static _Thread_local char scratch[BATCH];
    struct iovec local[BATCH], remote[BATCH];
    for (int i = 0; i < n; i++) {
        local[i] = (struct iovec){&scratch[i], 1};
        remote[i] = (struct iovec){(void *)at[i], 1};
    }
    if (process_vm_readv(me, local, (unsigned long)n, remote, (unsigned long)n, 0) != n) return false;
    /* Writing back the bytes just read leaves the buffer as it was. */
    return !write || process_vm_writev(me, local, (unsigned long)n, remote, (unsigned long)n, 0) == n;
}

static bool probe_pages(void *p, size_t len, bool write) {
    if (len == 0) return true;
    uintptr_t start = (uintptr_t)p;
    if (start == 0 || start + len < start) return false;
    /* Canonical user addresses on x86-64 end below 2^47. */
    if (start + len > ((uintptr_t)1 << 47)) return false;
    uintptr_t first = start & ~(uintptr_t)(PAGE - 1);
    uintptr_t last = (start + len - 1) & ~(uintptr_t)(PAGE - 1);
    unsigned char need = write ? CAN_READ | CAN_WRITE : CAN_READ;
    unsigned gen = atomic_load(&generation);
    pthread_once(&pid_once, init_pid);
    uintptr_t batch[BATCH];
    int n = 0;
    for (uintptr_t page = first;; page += PAGE) {
        if (!known(page, gen, need)) batch[n++] = page < start ? start : page;
        bool end = page == last;
        if (n == BATCH || (end && n)) {
            if (!ask(self_pid, batch, n, write)) return false;
            for (int i = 0; i < n; i++) remember(batch[i] & ~(uintptr_t)(PAGE - 1), gen, need);
            n = 0;
        }
        if (end) break;
    }
    return true;
}

bool ms_probe_read(const void *p, size_t len) { return probe_pages((void *)p, len, false); }
bool ms_probe_write(void *p, size_t len) { return probe_pages(p, len, true); }
