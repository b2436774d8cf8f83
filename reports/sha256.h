/*
 * sha256.h: SHA-256 as hex, for the evidence a run and a submission bundle record: the hash
 * of the vendor's driver file, of the configuration and waivers a run used, and of every file
 * in a bundle's manifest.  The digest itself is the tree's one SHA-256 (FIPS 180-4), the
 * model's driver-stub/wfp/hmac_sha256.c, built once as the object library wfpcert_sha256 so
 * that the reports (which must build where the model does not, on Windows) can use it.
 */
#ifndef WFPCERT_REPORTS_SHA256_H
#define WFPCERT_REPORTS_SHA256_H

#include <stddef.h>
#include <stdio.h>

/* 64 lowercase hex digits and a NUL of the hash of data[0..n). */
void wr_sha256_hex(const void *data, size_t n, char hex[65]);
/* The hash of a whole file as hex; 0, or -1 when it cannot be read (errno set). */
int wr_sha256_file(const char *path, char hex[65]);
/* Reads in until its end or limit bytes, copying what it read to out (NULL: only hashing):
 * the hash as hex and the byte count in *n (may be NULL).  0, or -1 when a read or a write
 * failed.  A file copied into an archive is hashed by the read that copies it. */
int wr_sha256_stream(FILE *in, FILE *out, unsigned long long limit, unsigned long long *n, char hex[65]);

#endif /* WFPCERT_REPORTS_SHA256_H */
