/*
 * hmac_sha256.c: SHA-256 (NIST FIPS 180-4) and HMAC (RFC 2104), for sealing redirect records.
 * Written from the two specifications; section numbers below refer to FIPS 180-4.  Checked
 * against the FIPS 180-4 example messages and the RFC 4231 HMAC-SHA-256 test cases in
 * driver-stub/tests/test_records.c.
 */
/* Left out of the fuzzers' coverage (WFPCERT_NO_COVERAGE): hashing decides nothing the fuzzers
 * could steer; its rounds were edges and compare hooks on every sealed blob, bookkeeping for
 * libFuzzer and no information (docs/PERFORMANCE.md, "Per-input churn"). */
#include "hmac_sha256.h"
#include "wfpcert/compat.h" /* WFPCERT_NO_COVERAGE */

#include <string.h>

/* §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* §5.3.3: the initial hash value, from the square roots of the first 8 primes. */
static const uint32_t H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* The round functions are macros: as functions they would have to be WFPCERT_NO_COVERAGE, which
 * also means noinline (wfpcert/compat.h), and six calls a round were most of a seal's time. */
#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* §4.1.2 functions. */
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BIG_SIGMA0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BIG_SIGMA1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SMALL_SIGMA0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SMALL_SIGMA1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

/* SHA-256 words are big-endian (§3.1); read and write them byte by byte, never by cast. */
WFPCERT_NO_COVERAGE static uint32_t load_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

WFPCERT_NO_COVERAGE static void store_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* §6.2.2: one application of the compression function to a 64-byte block. */
WFPCERT_NO_COVERAGE static void compress(uint32_t h[8], const uint8_t block[MS_SHA256_BLOCK]) {
    uint32_t w[64];
    for (int t = 0; t < 16; t++) w[t] = load_be32(block + 4 * t);
    for (int t = 16; t < 64; t++) w[t] = SMALL_SIGMA1(w[t - 2]) + w[t - 7] + SMALL_SIGMA0(w[t - 15]) + w[t - 16];

    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = k + BIG_SIGMA1(e) + CH(e, f, g) + K[t] + w[t];
        uint32_t t2 = BIG_SIGMA0(a) + MAJ(a, b, c);
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

WFPCERT_NO_COVERAGE void ms_sha256_init(ms_sha256_ctx *s) {
    memcpy(s->h, H0, sizeof H0);
    s->total = 0;
    s->used = 0;
}

WFPCERT_NO_COVERAGE void ms_sha256_update(ms_sha256_ctx *s, const void *data, size_t len) {
    if (len == 0) return; /* data may be NULL then; memcpy must not see it */
    const uint8_t *p = data;
    s->total += len;
    if (s->used > 0) { /* top up the partial block first */
        size_t take = MS_SHA256_BLOCK - s->used;
        if (take > len) take = len;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        len -= take;
        if (s->used < MS_SHA256_BLOCK) return;
        compress(s->h, s->block);
        s->used = 0;
    }
    for (; len >= MS_SHA256_BLOCK; p += MS_SHA256_BLOCK, len -= MS_SHA256_BLOCK) compress(s->h, p);
    if (len > 0) memcpy(s->block, p, len);
    s->used = len;
}

/* §5.1.1 padding: a 1 bit, zeros up to 56 mod 64 bytes, then the bit length, big-endian. */
WFPCERT_NO_COVERAGE void ms_sha256_final(ms_sha256_ctx *s, uint8_t digest[MS_SHA256_DIGEST]) {
    uint64_t bits = s->total * 8;
    s->block[s->used++] = 0x80;
    if (s->used > MS_SHA256_BLOCK - 8) {
        memset(s->block + s->used, 0, MS_SHA256_BLOCK - s->used);
        compress(s->h, s->block);
        s->used = 0;
    }
    memset(s->block + s->used, 0, MS_SHA256_BLOCK - 8 - s->used);
    store_be32(s->block + 56, (uint32_t)(bits >> 32));
    store_be32(s->block + 60, (uint32_t)bits);
    compress(s->h, s->block);
    for (int i = 0; i < 8; i++) store_be32(digest + 4 * i, s->h[i]);
    memset(s, 0, sizeof *s); /* the state is key-derived inside HMAC: do not leave it behind */
}

WFPCERT_NO_COVERAGE void ms_sha256(const void *data, size_t len, uint8_t digest[MS_SHA256_DIGEST]) {
    ms_sha256_ctx s;
    ms_sha256_init(&s);
    ms_sha256_update(&s, data, len);
    ms_sha256_final(&s, digest);
}

/*
 * RFC 2104 §2: H(K XOR opad, H(K XOR ipad, text)), with K zero-padded to the block size B = 64
 * and a key longer than B first replaced by H(key).
 */
WFPCERT_NO_COVERAGE void ms_hmac_sha256_key(ms_hmac_key *k, const uint8_t *key, size_t key_len) {
    uint8_t k0[MS_SHA256_BLOCK] = {0};
    if (key_len > MS_SHA256_BLOCK)
        ms_sha256(key, key_len, k0);
    else if (key_len > 0)
        memcpy(k0, key, key_len);
    uint8_t pad[MS_SHA256_BLOCK];
    for (int i = 0; i < MS_SHA256_BLOCK; i++) pad[i] = k0[i] ^ 0x36;
    ms_sha256_init(&k->inner);
    ms_sha256_update(&k->inner, pad, sizeof pad);
    for (int i = 0; i < MS_SHA256_BLOCK; i++) pad[i] = k0[i] ^ 0x5c;
    ms_sha256_init(&k->outer);
    ms_sha256_update(&k->outer, pad, sizeof pad);
    memset(k0, 0, sizeof k0);
    memset(pad, 0, sizeof pad);
}

WFPCERT_NO_COVERAGE void ms_hmac_sha256_with(const ms_hmac_key *k, const void *msg, size_t msg_len,
                                             uint8_t tag[MS_SHA256_DIGEST]) {
    uint8_t inner[MS_SHA256_DIGEST];
    ms_sha256_ctx s = k->inner;
    ms_sha256_update(&s, msg, msg_len);
    ms_sha256_final(&s, inner);
    s = k->outer;
    ms_sha256_update(&s, inner, sizeof inner);
    ms_sha256_final(&s, tag);
}

WFPCERT_NO_COVERAGE void ms_hmac_sha256(const uint8_t *key, size_t key_len, const void *msg, size_t msg_len,
                                        uint8_t tag[MS_SHA256_DIGEST]) {
    ms_hmac_key k;
    ms_hmac_sha256_key(&k, key, key_len);
    ms_hmac_sha256_with(&k, msg, msg_len, tag);
    memset(&k, 0, sizeof k);
}

WFPCERT_NO_COVERAGE int ms_mac_equal(const uint8_t *a, const uint8_t *b, size_t n) {
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++) diff |= (uint8_t)(a[i] ^ b[i]);
    return diff == 0;
}
