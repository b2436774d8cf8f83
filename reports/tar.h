/*
 * tar.h: the POSIX ustar format (IEEE Std 1003.1, pax "ustar Interchange Format"), written and
 * read as a stream (no file is held in memory whole), for the submission bundle of
 * `wfpcert pack` and `wfpcert verify-pack`.
 * ustar because every system a reviewer uses can list and extract it (tar, 7-Zip, Windows'
 * own tar.exe) and it is simple enough to write here without a new dependency.  Only regular
 * files are written; directories are implied by the paths.
 */
#ifndef WFPCERT_REPORTS_TAR_H
#define WFPCERT_REPORTS_TAR_H

#include <stddef.h>
#include <stdio.h>

/* Appends one regular file held in memory.  0, or -1 when the path does not fit ustar's name
 * and prefix fields (100 and 155 bytes split at a '/') or the write failed. */
int wr_tar_add(FILE *f, const char *path, const void *data, size_t n, long long mtime);
/* A file written in pieces: its header saying n bytes follow, then exactly n bytes written by
 * the caller, then wr_tar_pad.  0 or -1 as wr_tar_add. */
int wr_tar_header(FILE *f, const char *path, unsigned long long n, long long mtime);
int wr_tar_pad(FILE *f, unsigned long long n);
/* The two zero blocks that end an archive; 0 or -1. */
int wr_tar_end(FILE *f);

typedef struct wr_tar_entry {
    char path[257];
    unsigned long long size;
    char type; /* '0' regular file; anything else is reported as it is */
} wr_tar_entry;

/* Reads an archive of total bytes from f, a header at a time: call with *off = 0 and f at its
 * start, then again while it returns 1.
 *   1  an entry in e: its e->size bytes follow in f; read them all, then call wr_tar_skip_pad
 *   0  the end of the archive (a zero block)
 *  -1  a header whose checksum or magic is wrong, or an entry running past the end; why in err */
int wr_tar_read_header(FILE *f, unsigned long long total, unsigned long long *off, wr_tar_entry *e, char *err,
                       size_t cap);
/* Reads the padding after an entry of size bytes; 0, or -1 when the archive ends there. */
int wr_tar_skip_pad(FILE *f, unsigned long long size);

#endif /* WFPCERT_REPORTS_TAR_H */
