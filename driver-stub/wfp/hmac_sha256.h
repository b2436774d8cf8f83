/*
 * hmac_sha256.h: SHA-256 and HMAC-SHA-256, written for the model's WFP kernel.
 *
 * Why: redirect records are sealed blobs that user mode must not be able to forge or edit
 * (design.md "Opaque means opaque"; SEMANTICS A57).  The model's kernel authenticates them
 * with a keyed MAC over a per-world secret.  The suite carries no crypto library, so this is
 * a small, dependency-free implementation of the public specifications:
 *   - SHA-256: NIST FIPS 180-4, "Secure Hash Standard", sections 4.1.2, 4.2.2, 5.1.1, 6.2;
 *   - HMAC:    RFC 2104 (H. Krawczyk et al.), with the SHA-256 test vectors of RFC 4231.
 * It is not hardened against side channels beyond a constant-time tag comparison; the model
 * only needs integrity against a user-mode forger, not a production cipher suite.
 */
#ifndef WFPCERT_WFP_HMAC_SHA256_H
#define WFPCERT_WFP_HMAC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define MS_SHA256_BLOCK 64 /* bytes in one compression-function input block */
#define MS_SHA256_DIGEST 32 /* bytes in a SHA-256 digest and an HMAC-SHA-256 tag */

/* Incremental SHA-256 state; treat the members as private. */
typedef struct ms_sha256_ctx {
    uint32_t h[8]; /* chaining value H(i) */
    uint64_t total; /* message bytes absorbed so far */
    uint8_t block[MS_SHA256_BLOCK]; /* bytes waiting for a full block */
    size_t used; /* how many of block[] are filled */
} ms_sha256_ctx;

void ms_sha256_init(ms_sha256_ctx *s);
void ms_sha256_update(ms_sha256_ctx *s, const void *data, size_t len);
void ms_sha256_final(ms_sha256_ctx *s, uint8_t digest[MS_SHA256_DIGEST]);

/* One-shot SHA-256 of data[0..len). */
void ms_sha256(const void *data, size_t len, uint8_t digest[MS_SHA256_DIGEST]);

/* HMAC-SHA-256 (RFC 2104) of msg[0..msg_len) under key[0..key_len); any key length. */
void ms_hmac_sha256(const uint8_t *key, size_t key_len, const void *msg, size_t msg_len, uint8_t tag[MS_SHA256_DIGEST]);

/* The key's padded blocks absorbed once (two compressions), for many MACs under one key:
 * a world seals every records blob under its one kernel secret. */
typedef struct ms_hmac_key {
    ms_sha256_ctx inner, outer;
} ms_hmac_key;
void ms_hmac_sha256_key(ms_hmac_key *k, const uint8_t *key, size_t key_len);
void ms_hmac_sha256_with(const ms_hmac_key *k, const void *msg, size_t msg_len, uint8_t tag[MS_SHA256_DIGEST]);

/* 1 if a[0..n) == b[0..n), else 0; the time taken does not depend on where they differ. */
int ms_mac_equal(const uint8_t *a, const uint8_t *b, size_t n);

#endif
