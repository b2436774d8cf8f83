/*
 * probe.c: deciding whether a user pointer is valid memory, the way the kernel's
 * ProbeForRead/ProbeForWrite plus its exception handler would.  A caller that passes a
 * guard page, an unmapped address or (for output) a read-only page must get WSAEFAULT,
 * not a crash of the model.  process_vm_readv/writev on our own pid fail with EFAULT on
 * exactly those pages and never raise a signal, so no SIGSEGV handler (which would fight
 * the sanitizers) is needed.  One byte per page is touched, as the kernel does.
 */
#include "probe.h"

#include <stdint.h>
#include <sys/types.h>

#include <pthread.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096u
#define BATCH 256

/* getpid() on every probe showed up in profiles of the fuzzers; the pid is cached and
 * refreshed in a forked child (the conformance runner forks a process per case). */
static pid_t self_pid;
static pthread_once_t pid_once = PTHREAD_ONCE_INIT;
static void refresh_pid(void) { self_pid = getpid(); }
static void init_pid(void) {
    refresh_pid();
    pthread_atfork(NULL, NULL, refresh_pid);
}

static bool probe_pages(void *p, size_t len, bool write) {
    if (len == 0) return true;
    uintptr_t start = (uintptr_t)p;
    if (start == 0 || start + len < start) return false;
    /* Canonical user addresses on x86-64 end below 2^47. */
    if (start + len > ((uintptr_t)1 << 47)) return false;
    uintptr_t first = start & ~(uintptr_t)(PAGE - 1);
    uintptr_t last = (start + len - 1) & ~(uintptr_t)(PAGE - 1);
    static _Thread_local char scratch[BATCH];
    pthread_once(&pid_once, init_pid);
    pid_t me = self_pid;
    for (uintptr_t page = first; page <= last;) {
        struct iovec local[BATCH], remote[BATCH];
        int n = 0;
        for (; n < BATCH && page <= last; n++, page += PAGE) {
            uintptr_t at = page < start ? start : page;
            local[n] = (struct iovec){&scratch[n], 1};
            remote[n] = (struct iovec){(void *)at, 1};
            if (page == last) {
                n++;
                page += PAGE;
                break;
            }
        }
        if (process_vm_readv(me, local, (unsigned long)n, remote, (unsigned long)n, 0) != n)
            return false;
        /* Writing back the bytes just read leaves the buffer as it was. */
        if (write &&
            process_vm_writev(me, local, (unsigned long)n, remote, (unsigned long)n, 0) != n)
            return false;
    }
    return true;
}

bool ms_probe_read(const void *p, size_t len) { return probe_pages((void *)p, len, false); }
bool ms_probe_write(void *p, size_t len) { return probe_pages(p, len, true); }
