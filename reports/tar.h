/*
 * tar.h: the POSIX ustar format (IEEE Std 1003.1, pax "ustar Interchange Format"), written and
 * read in memory, for the submission bundle of `wfpcert pack` and `wfpcert verify-pack`.
 * ustar because every system a reviewer uses can list and extract it (tar, 7-Zip, Windows'
 * own tar.exe) and it is simple enough to write here without a new dependency.  Only regular
 * files are written; directories are implied by the paths.
 */
#ifndef WFPCERT_REPORTS_TAR_H
#define WFPCERT_REPORTS_TAR_H

#include <stddef.h>
#include <stdio.h>

/* Appends one regular file.  0, or -1 when the path does not fit ustar's name and prefix
 * fields (100 and 155 bytes split at a '/') or the write failed. */
int wr_tar_add(FILE *f, const char *path, const void *data, size_t n, long long mtime);
/* The two zero blocks that end an archive; 0 or -1. */
int wr_tar_end(FILE *f);

typedef struct wr_tar_entry {
    char path[257];
    const unsigned char *data; /* points into the archive */
    size_t size;
    char type; /* '0' regular file; anything else is reported as it is */
} wr_tar_entry;

/* Walks an archive in memory: call with *off = 0, then again while it returns 1.
 *   1  an entry in e (*off moves past it)
 *   0  the end of the archive (a zero block)
 *  -1  a header whose checksum or magic is wrong, or an entry running past the end; why in err */
int wr_tar_next(const unsigned char *a, size_t n, size_t *off, wr_tar_entry *e, char *err, size_t cap);

#endif /* WFPCERT_REPORTS_TAR_H */
