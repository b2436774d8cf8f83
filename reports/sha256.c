/*
 * sha256.c: hex digests of memory and of files (sha256.h) over the tree's one SHA-256
 * implementation (hmac_sha256.h, linked in as the object library wfpcert_sha256).  Files are
 * read in pieces, so a driver image or a large run folder is never held in memory whole.
 */
#include "sha256.h"
#include "hmac_sha256.h"

#include <stdio.h>

static void to_hex(const uint8_t d[MS_SHA256_DIGEST], char hex[65]) {
    for (int i = 0; i < MS_SHA256_DIGEST; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

void wr_sha256_hex(const void *data, size_t n, char hex[65]) {
    uint8_t d[MS_SHA256_DIGEST];
    ms_sha256(data, n, d);
    to_hex(d, hex);
}

int wr_sha256_stream(FILE *in, FILE *out, unsigned long long limit, unsigned long long *n, char hex[65]) {
    ms_sha256_ctx s;
    uint8_t d[MS_SHA256_DIGEST];
    unsigned char buf[16384];
    unsigned long long done = 0;
    size_t got;
    ms_sha256_init(&s);
    while (done < limit &&
           (got = fread(buf, 1, limit - done < sizeof buf ? (size_t)(limit - done) : sizeof buf, in)) > 0) {
        ms_sha256_update(&s, buf, got);
        if (out && fwrite(buf, 1, got, out) != got) return -1;
        done += got;
    }
    if (ferror(in)) return -1;
    ms_sha256_final(&s, d);
    to_hex(d, hex);
    if (n) *n = done;
    return 0;
}

int wr_sha256_file(const char *path, char hex[65]) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    int rc = wr_sha256_stream(f, NULL, ~0ull, NULL, hex);
    fclose(f);
    return rc;
}
