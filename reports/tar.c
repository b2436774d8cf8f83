/*
 * tar.c: ustar archives written and read as streams (tar.h).  Headers are built field by
 * field as the standard lays them out: octal numbers, "ustar\0" "00", and a checksum that
 * is the byte sum of the header with the checksum field taken as spaces.
 */
#include "tar.h"

#include <stdio.h>
#include <string.h>

enum { BLOCK = 512 };

/* width-1 octal digits and a NUL; values that need more digits (8 GiB files) are cut, which
 * callers prevent by never adding such files. */
static void octal(char *field, size_t width, unsigned long long v) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%0*llo", (int)(width - 1), v);
    memcpy(field, tmp + strlen(tmp) - (width - 1), width - 1);
}

static unsigned checksum(const unsigned char *h) {
    unsigned sum = 0;
    for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : h[i];
    return sum;
}

int wr_tar_header(FILE *f, const char *path, unsigned long long n, long long mtime) {
    unsigned char h[BLOCK];
    memset(h, 0, sizeof h);
    if (n > 077777777777ull) return -1; /* the size field holds 11 octal digits */
    size_t len = strlen(path);
    const char *name = path;
    if (len > 100) { /* split at a '/' so that the name part fits 100 and the prefix 155 */
        const char *cut = NULL;
        for (const char *p = path; *p; p++)
            if (*p == '/' && (size_t)(p - path) <= 155 && strlen(p + 1) <= 100 && p[1]) cut = p;
        if (!cut) return -1;
        memcpy(h + 345, path, (size_t)(cut - path));
        name = cut + 1;
    }
    memcpy(h, name, strlen(name));
    octal((char *)h + 100, 8, 0644);
    octal((char *)h + 108, 8, 0);
    octal((char *)h + 116, 8, 0);
    octal((char *)h + 124, 12, n);
    octal((char *)h + 136, 12, (unsigned long long)(mtime < 0 ? 0 : mtime));
    h[156] = '0';
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memcpy(h + 265, "wfpcert", 7);
    memcpy(h + 297, "wfpcert", 7);
    snprintf((char *)h + 148, 8, "%06o", checksum(h)); /* six digits, NUL, then the space below */
    h[155] = ' ';
    return fwrite(h, 1, BLOCK, f) == BLOCK ? 0 : -1;
}

int wr_tar_pad(FILE *f, unsigned long long n) {
    static const unsigned char zero[BLOCK];
    size_t pad = (size_t)((BLOCK - n % BLOCK) % BLOCK);
    return fwrite(zero, 1, pad, f) == pad ? 0 : -1;
}

int wr_tar_add(FILE *f, const char *path, const void *data, size_t n, long long mtime) {
    if (wr_tar_header(f, path, n, mtime) != 0 || (n && fwrite(data, 1, n, f) != n)) return -1;
    return wr_tar_pad(f, n);
}

int wr_tar_end(FILE *f) {
    static const unsigned char zero[2 * BLOCK];
    return fwrite(zero, 1, sizeof zero, f) == sizeof zero ? 0 : -1;
}

static unsigned long long read_octal(const unsigned char *p, size_t width, int *ok) {
    unsigned long long v = 0;
    size_t i = 0;
    while (i < width && p[i] == ' ') i++;
    size_t digits = 0;
    for (; i < width && p[i] >= '0' && p[i] <= '7'; i++, digits++) v = v * 8 + (unsigned)(p[i] - '0');
    for (; i < width; i++)
        if (p[i] != ' ' && p[i] != 0) *ok = 0;
    if (!digits) *ok = 0;
    return v;
}

int wr_tar_read_header(FILE *f, unsigned long long total, unsigned long long *off, wr_tar_entry *e, char *err,
                       size_t cap) {
    unsigned char h[BLOCK];
    if (*off + BLOCK > total || fread(h, 1, BLOCK, f) != BLOCK) {
        snprintf(err, cap, "the archive ends at byte %llu without its end blocks", total);
        return -1;
    }
    size_t z = 0;
    while (z < BLOCK && !h[z]) z++;
    if (z == BLOCK) return 0;
    int ok = 1;
    unsigned long long sum = read_octal(h + 148, 8, &ok), size = read_octal(h + 124, 12, &ok);
    if (memcmp(h + 257, "ustar", 5) != 0) {
        snprintf(err, cap, "the header at byte %llu is not a ustar header", *off);
        return -1;
    }
    if (!ok || sum != checksum(h)) {
        snprintf(err, cap, "the header at byte %llu has a wrong checksum", *off);
        return -1;
    }
    if (size > total - *off - BLOCK) {
        snprintf(err, cap, "the entry at byte %llu claims %llu bytes, more than the archive holds", *off, size);
        return -1;
    }
    char name[101], prefix[156];
    memcpy(name, h, 100);
    name[100] = 0;
    memcpy(prefix, h + 345, 155);
    prefix[155] = 0;
    snprintf(e->path, sizeof e->path, "%s%s%s", prefix, prefix[0] ? "/" : "", name);
    e->type = h[156] ? (char)h[156] : '0';
    e->size = size;
    *off += BLOCK + ((size + BLOCK - 1) / BLOCK) * BLOCK;
    return 1;
}

int wr_tar_skip_pad(FILE *f, unsigned long long size) {
    unsigned char pad[BLOCK];
    size_t n = (size_t)((BLOCK - size % BLOCK) % BLOCK);
    return fread(pad, 1, n, f) == n ? 0 : -1;
}
