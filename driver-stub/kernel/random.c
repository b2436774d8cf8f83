/*
 * random.c: random bytes from the operating system, for the secrets the model's kernel keeps
 * from user mode (the WFP sealing key, wfp/engine.c).  Why not rand(): a user-mode program
 * shares the C library's generator and could replay it; the kernel's secret must not be
 * something the code under test can compute.
 */
#if defined(_WIN32)
#define _CRT_RAND_S /* rand_s: RtlGenRandom underneath */
#include <stdlib.h>
#else
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>
#endif

#include "kernel.h"

bool ms_os_random(void *buf, size_t n) {
    unsigned char *p = buf;
#if defined(_WIN32)
    while (n) {
        unsigned int v;
        if (rand_s(&v) != 0) return false;
        for (size_t i = 0; i < sizeof v && n; i++, n--) *p++ = (unsigned char)(v >> (8 * i));
    }
    return true;
#else
    while (n) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        p += got;
        n -= (size_t)got;
    }
    if (!n) return true;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    while (n) {
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        p += got;
        n -= (size_t)got;
    }
    close(fd);
    return n == 0;
#endif
}
