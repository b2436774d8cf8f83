/*
 * sha256.c: hex digests of memory and of files (sha256.h) over the tree's one SHA-256
 * implementation (hmac-sha256.h, linked in as the object library wfpcert_sha256).  Files are
 * read in pieces, so a driver image or a large run folder is never held in memory whole.
 */
#include "sha256.h"
#include "hmac-sha256.h"

#include <stdio.h>

static void to_hex(const uint8_t d[MS_SHA256_DIGEST], char hex[65])
{
    for (int i = 0; i < MS_SHA256_DIGEST; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

void wr_sha256_hex(const void *data, size_t n, char hex[65])
{
    uint8_t d[MS_SHA256_DIGEST];
    ms_sha256(data, n, d);
    to_hex(d, hex);
}

int wr_sha256_file(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    ms_sha256_ctx s;
    uint8_t d[MS_SHA256_DIGEST];
    static unsigned char buf[65536];
    size_t n;
    ms_sha256_init(&s);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) ms_sha256_update(&s, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) return -1;
    ms_sha256_final(&s, d);
    to_hex(d, hex);
    return 0;
}
