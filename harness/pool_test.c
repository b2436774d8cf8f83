/*
 * pool_test.c: the harness's buffer pool (pool.c) keeps what calloc gave the fuzz targets:
 * exactly the asked bytes usable, a write past them and any use after the input's end an
 * AddressSanitizer report; and it really reuses memory (no fresh pages per input).
 *
 * Why: a pool that handed out its whole slot would silently stop the harness from catching a
 * model that writes past a caller's buffer (the output_overrun fault).  The poisoning checks
 * run where the ASan runtime is present (the asan and libfuzzer presets, as CI builds them);
 * elsewhere (gcc, AFL++, the fast lane) the canaries that stand in for it are checked: a write
 * just past either end of a buffer must show in wh_pool_check.  Exit 0 when everything holds.
 */
#include <stdint.h>
#include <stdio.h>

#include "pool.h"
#include "wfpcert/compat.h"

#if defined(__linux__) && defined(WFPCERT_WEAK) /* as selftest.c: weak symbols where the sanitizer runtimes are */
extern int __asan_address_is_poisoned(void const volatile *addr) WFPCERT_WEAK;
#endif

static int failures;

static void expect(int ok, const char *what, size_t n) {
    if (ok) return;
    printf("FAIL: %s (n = %zu)\n", what, n);
    failures++;
}

/* 1 poisoned, 0 not, -1 when this build cannot tell. */
static int poisoned(const unsigned char *p) {
#if defined(__linux__) && defined(WFPCERT_WEAK) /* as selftest.c: weak symbols where the sanitizer runtimes are */
    if (__asan_address_is_poisoned) return __asan_address_is_poisoned(p) != 0;
#endif
    (void)p;
    return -1;
}

int main(void) {
    static const size_t sizes[] = {0, 1, 7, 8, 13, 64, 65, 1000, 4096, 65537, (size_t)1 << 20, ((size_t)1 << 20) + 1};
    int checked = 0, canaries = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i] ? sizes[i] : 1;
        int cls = -1;
        unsigned char *p = wh_pool_get(n, &cls);
        expect(p != NULL, "a buffer", n);
        if (!p) continue;
        expect(((uintptr_t)p & 15) == 0, "16-byte aligned, as calloc's", n);
        for (size_t k = 0; k < n; k++) p[k] = (unsigned char)k; /* every asked byte is usable */
        int before = poisoned(p - 1), first = poisoned(p), last = poisoned(p + n - 1), past = poisoned(p + n);
        if (first >= 0) {
            checked = 1;
            expect(!first && !last, "the asked bytes are addressable", n);
            expect(past == 1, "the byte past them is poisoned (an overrun is a report)", n);
            expect(before == 1, "the byte before them is poisoned (an underrun is a report)", n);
        }
        if (first < 0) { /* no ASan: the canaries must show a write just past either end */
            long at = 0;
            canaries = 1;
            expect(!wh_pool_check(p, n, &at), "an untouched canary reads intact", n);
            p[n] ^= 0xFF;
            expect(wh_pool_check(p, n, &at) && at == (long)n, "a write one byte past the end is seen", n);
            p[n] ^= 0xFF;
            p[n + WH_POOL_CANARY - 1] ^= 0xFF; /* left changed: the next get must set it again */
            expect(wh_pool_check(p, n, &at) && at == (long)(n + WH_POOL_CANARY - 1), "the last canary byte is seen", n);
            wh_pool_put(p, cls);
            p = wh_pool_get(n, &cls); /* a new get sets the canary again */
            expect(!wh_pool_check(p, n, &at), "the canary is set again by the next get", n);
            p[-1] ^= 0xFF;
            expect(wh_pool_check(p, n, &at) && at == -1, "a write one byte before the start is seen", n);
            p[-1] ^= 0xFF;
        }
        wh_pool_put(p, cls);
        if (first >= 0) expect(poisoned(p) == 1, "a returned buffer is poisoned (a late use is a report)", n);
        int cls2 = -1;
        unsigned char *q = wh_pool_get(n, &cls2);
        expect(q == p && cls2 == cls, "the next input gets the same memory back", n);
        wh_pool_put(q, cls2);
    }
    printf("pool: %d failure(s)%s\n", failures,
           checked    ? ""
           : canaries ? " (no ASan runtime: poisoning not checked; canaries checked)"
                      : "");
    return failures ? 1 : 0;
}
