/*
 * records.c: sealing, opening and growing the model's redirect-records blob (see records.h).
 *
 * Blob layout, version 1; every integer little-endian, written and read byte by byte:
 *
 *   offset    size     field
 *   0         4        magic 0x52524657 ("WFRR")
 *   4         2        version, 1
 *   6         2        flags, must be 0
 *   8         4        total length, header to MAC inclusive (MS_RECORDS_MIN_SIZE..65536)
 *   12        2        hop count, 1..64
 *   14        2        reserved, must be 0
 *   16        ...      hop records, oldest redirect first
 *   total-32  32       HMAC-SHA-256(key, bytes [0, total-32))
 *
 *   hop record, 100 + ext_len bytes:
 *   +0        2        hop length, = 100 + ext_len
 *   +2        2        ext_len, 0..4096
 *   +4        16       provider GUID bytes            \ redirect handle identity
 *   +20       8        handle serial                  /
 *   +28       8        filter id
 *   +36       8        flow id
 *   +44       4        target PID
 *   +48       4        flags
 *   +52       24       original remote: family u16, port u16, scope id u32, address[16]
 *   +76       24       redirected-to, same shape
 *   +100      ext_len  extension (vendor tag) bytes
 *
 * The hop length repeats what ext_len implies; the parser demands that they agree, so a blob
 * has exactly one reading.  Parsing allocates nothing and reads nothing before checking that
 * it lies inside the blob; the caps keep every sum far from overflowing a size_t.
 */
#include "records.h"
#include "../kernel/heap.h"

#include <stdlib.h>
#include <string.h>

#include "hmac_sha256.h"

#define ADDR_SIZE 24

/* ---- little-endian byte serialisation ---- */

static uint8_t *put_u16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    return p + 2;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v) {
    put_u16(p, (uint16_t)v);
    return put_u16(p + 2, (uint16_t)(v >> 16));
}

static uint8_t *put_u64(uint8_t *p, uint64_t v) {
    put_u32(p, (uint32_t)v);
    return put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t *put_bytes(uint8_t *p, const uint8_t *src, size_t n) {
    if (n > 0) memcpy(p, src, n);
    return p + n;
}

static uint16_t get_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get_u32(const uint8_t *p) { return get_u16(p) | (uint32_t)get_u16(p + 2) << 16; }
static uint64_t get_u64(const uint8_t *p) { return get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

/* ---- hops ---- */

static int check_hop(const ms_records_hop *h) {
    if (h->ext_len > MS_RECORDS_MAX_EXT) return MS_REC_E_TOO_LONG;
    if (h->ext_len > 0 && h->ext == NULL) return MS_REC_E_ARG;
    return MS_REC_OK;
}

/* Total blob size for hops[0..n), or an error; the caps bound the sum below 64 * 4196. */
static int measure(const ms_records_hop *hops, size_t n, size_t *size) {
    if (hops == NULL || n == 0) return MS_REC_E_ARG;
    if (n > MS_RECORDS_MAX_HOPS) return MS_REC_E_TOO_LONG;
    size_t total = MS_RECORDS_HEADER_SIZE + MS_RECORDS_MAC_SIZE;
    for (size_t i = 0; i < n; i++) {
        int rc = check_hop(&hops[i]);
        if (rc != MS_REC_OK) return rc;
        total += MS_RECORDS_HOP_FIXED + hops[i].ext_len;
    }
    if (total > MS_RECORDS_MAX_SIZE) return MS_REC_E_TOO_LONG;
    *size = total;
    return MS_REC_OK;
}

static uint8_t *put_addr(uint8_t *p, const ms_records_addr *a) {
    p = put_u16(p, a->family);
    p = put_u16(p, a->port);
    p = put_u32(p, a->scope_id);
    return put_bytes(p, a->addr, sizeof a->addr);
}

static const uint8_t *get_addr(const uint8_t *p, ms_records_addr *a) {
    a->family = get_u16(p);
    a->port = get_u16(p + 2);
    a->scope_id = get_u32(p + 4);
    memcpy(a->addr, p + 8, sizeof a->addr);
    return p + ADDR_SIZE;
}

/* Write one checked hop at p; returns the byte after it. */
static uint8_t *put_hop(uint8_t *p, const ms_records_hop *h) {
    p = put_u16(p, (uint16_t)(MS_RECORDS_HOP_FIXED + h->ext_len));
    p = put_u16(p, (uint16_t)h->ext_len);
    p = put_bytes(p, h->provider_guid, sizeof h->provider_guid);
    p = put_u64(p, h->handle_serial);
    p = put_u64(p, h->filter_id);
    p = put_u64(p, h->flow_id);
    p = put_u32(p, h->target_pid);
    p = put_u32(p, h->flags);
    p = put_addr(p, &h->original_remote);
    p = put_addr(p, &h->redirected_to);
    return put_bytes(p, h->ext, h->ext_len);
}

/* Read one hop whose hop_len bytes at p are known to lie inside the blob. */
static void get_hop(const uint8_t *p, ms_records_hop *h) {
    h->ext_len = get_u16(p + 2);
    memcpy(h->provider_guid, p + 4, sizeof h->provider_guid);
    h->handle_serial = get_u64(p + 20);
    h->filter_id = get_u64(p + 28);
    h->flow_id = get_u64(p + 36);
    h->target_pid = get_u32(p + 44);
    h->flags = get_u32(p + 48);
    p = get_addr(p + 52, &h->original_remote);
    p = get_addr(p, &h->redirected_to);
    h->ext = h->ext_len > 0 ? p : NULL;
}

/* ---- header, envelope and MAC ---- */

typedef struct header {
    uint32_t magic;
    unsigned version, flags, reserved;
    size_t total, hops;
} header;

static int read_header(const uint8_t *blob, size_t len, header *h) {
    if (blob == NULL && len > 0) return MS_REC_E_ARG;
    if (len < MS_RECORDS_HEADER_SIZE) return MS_REC_E_TRUNCATED;
    h->magic = get_u32(blob);
    h->version = get_u16(blob + 4);
    h->flags = get_u16(blob + 6);
    h->total = get_u32(blob + 8);
    h->hops = get_u16(blob + 12);
    h->reserved = get_u16(blob + 14);
    return h->magic == MS_RECORDS_MAGIC ? MS_REC_OK : MS_REC_E_MAGIC;
}

static void write_header(uint8_t *out, size_t total, size_t hops) {
    uint8_t *p = put_u32(out, MS_RECORDS_MAGIC);
    p = put_u16(p, MS_RECORDS_VERSION);
    p = put_u16(p, 0);
    p = put_u32(p, (uint32_t)total);
    p = put_u16(p, (uint16_t)hops);
    put_u16(p, 0);
}

/*
 * Only the fixed header is read before the MAC: enough to tell a truncated, padded or
 * foreign-version blob from a forged one, without trusting any variable-length field.
 */
static int check_envelope(const uint8_t *blob, size_t len, header *h) {
    int rc = read_header(blob, len, h);
    if (rc != MS_REC_OK) return rc;
    if (h->version != MS_RECORDS_VERSION) return MS_REC_E_VERSION;
    if (h->total > MS_RECORDS_MAX_SIZE) return MS_REC_E_TOO_LONG;
    if (h->total > len) return MS_REC_E_TRUNCATED;
    if (h->total < len) return MS_REC_E_TRAILING;
    if (len < MS_RECORDS_MIN_SIZE) return MS_REC_E_TRUNCATED;
    return MS_REC_OK;
}

/* A world seals every blob under its one secret, so the keyed HMAC state is kept (per
 * thread) for the last key seen rather than derived again for every blob. */
static void compute_mac(const uint8_t *key, const uint8_t *blob, size_t total, uint8_t tag[MS_RECORDS_MAC_SIZE]) {
    static _Thread_local uint8_t last[MS_RECORDS_KEY_SIZE];
    static _Thread_local ms_hmac_key state;
    static _Thread_local int have;
    if (!have || memcmp(last, key, sizeof last) != 0) {
        ms_hmac_sha256_key(&state, key, MS_RECORDS_KEY_SIZE);
        memcpy(last, key, sizeof last);
        have = 1;
    }
    ms_hmac_sha256_with(&state, blob, total - MS_RECORDS_MAC_SIZE, tag);
}

static int check_mac(const uint8_t *key, const uint8_t *blob, size_t total) {
    uint8_t tag[MS_RECORDS_MAC_SIZE];
    compute_mac(key, blob, total, tag);
    return ms_mac_equal(tag, blob + total - MS_RECORDS_MAC_SIZE, MS_RECORDS_MAC_SIZE) ? MS_REC_OK : MS_REC_E_AUTH;
}

/*
 * Walk the hop records of a blob whose envelope passed; fill hops[0..cap) and report the
 * count.  Every read is preceded by a check against the bytes left before the MAC.
 */
static int parse_hops(const uint8_t *blob, const header *h, ms_records_hop *hops, size_t cap, size_t *count) {
    if (h->flags != 0 || h->reserved != 0 || h->hops == 0) return MS_REC_E_MALFORMED;
    if (h->hops > MS_RECORDS_MAX_HOPS) return MS_REC_E_TOO_LONG;
    size_t off = MS_RECORDS_HEADER_SIZE, end = h->total - MS_RECORDS_MAC_SIZE;
    for (size_t i = 0; i < h->hops; i++) {
        if (end - off < 4) return MS_REC_E_MALFORMED;
        size_t hop_len = get_u16(blob + off), ext_len = get_u16(blob + off + 2);
        if (ext_len > MS_RECORDS_MAX_EXT) return MS_REC_E_TOO_LONG;
        if (hop_len != MS_RECORDS_HOP_FIXED + ext_len || end - off < hop_len) return MS_REC_E_MALFORMED;
        if (i < cap) get_hop(blob + off, &hops[i]);
        off += hop_len;
    }
    if (off != end) return MS_REC_E_MALFORMED;
    *count = h->hops;
    return MS_REC_OK;
}

/* Envelope, MAC, then structure: the order records.h promises. */
static int verify(const uint8_t *key, const uint8_t *blob, size_t len, ms_records_hop *hops, size_t cap,
                  size_t *count) {
    header h;
    int rc = check_envelope(blob, len, &h);
    if (rc == MS_REC_OK) rc = check_mac(key, blob, len);
    if (rc == MS_REC_OK) rc = parse_hops(blob, &h, hops, cap, count);
    return rc;
}

/* Header and MAC for a blob whose hop records are already in place at out + 16. */
static void finish_blob(const uint8_t *key, uint8_t *out, size_t total, size_t hops) {
    write_header(out, total, hops);
    compute_mac(key, out, total, out + total - MS_RECORDS_MAC_SIZE);
}

/* ---- blob-level API ---- */

size_t ms_records_encoded_size(const ms_records_hop *hops, size_t n) {
    size_t size = 0;
    return measure(hops, n, &size) == MS_REC_OK ? size : 0;
}

int ms_records_seal(const uint8_t key[MS_RECORDS_KEY_SIZE], const ms_records_hop *hops, size_t n, uint8_t *out,
                    size_t cap, size_t *len) {
    if (key == NULL || len == NULL) return MS_REC_E_ARG;
    size_t size = 0;
    int rc = measure(hops, n, &size);
    if (rc != MS_REC_OK) return rc;
    *len = size;
    if (out == NULL || cap < size) return MS_REC_E_SPACE;
    uint8_t *p = out + MS_RECORDS_HEADER_SIZE;
    for (size_t i = 0; i < n; i++) p = put_hop(p, &hops[i]);
    finish_blob(key, out, size, n);
    return MS_REC_OK;
}

int ms_records_open(const uint8_t key[MS_RECORDS_KEY_SIZE], const uint8_t *blob, size_t len, ms_records_hop *hops,
                    size_t cap, size_t *n) {
    if (n == NULL) return MS_REC_E_ARG;
    *n = 0;
    if (key == NULL || (hops == NULL && cap > 0)) return MS_REC_E_ARG;
    size_t count = 0;
    int rc = verify(key, blob, len, hops, cap, &count);
    if (rc != MS_REC_OK) return rc;
    *n = count;
    return count > cap ? MS_REC_E_SPACE : MS_REC_OK;
}

int ms_records_extend(const uint8_t key[MS_RECORDS_KEY_SIZE], const uint8_t *old, size_t old_len,
                      const ms_records_hop *hop, uint8_t *out, size_t cap, size_t *len) {
    if (key == NULL || hop == NULL || len == NULL) return MS_REC_E_ARG;
    size_t count = 0;
    int rc = verify(key, old, old_len, NULL, 0, &count);
    if (rc == MS_REC_OK) rc = check_hop(hop);
    if (rc != MS_REC_OK) return rc;
    size_t size = old_len + MS_RECORDS_HOP_FIXED + hop->ext_len;
    if (count + 1 > MS_RECORDS_MAX_HOPS || size > MS_RECORDS_MAX_SIZE) return MS_REC_E_TOO_LONG;
    *len = size;
    if (out == NULL || cap < size) return MS_REC_E_SPACE;
    size_t old_hops = old_len - MS_RECORDS_HEADER_SIZE - MS_RECORDS_MAC_SIZE;
    memcpy(out + MS_RECORDS_HEADER_SIZE, old + MS_RECORDS_HEADER_SIZE, old_hops);
    put_hop(out + MS_RECORDS_HEADER_SIZE + old_hops, hop);
    finish_blob(key, out, size, count + 1);
    return MS_REC_OK;
}

int ms_records_peek(const uint8_t *blob, size_t len, unsigned *version, size_t *hops, size_t *total) {
    header h;
    int rc = read_header(blob, len, &h);
    if (rc != MS_REC_OK) return rc;
    if (version) *version = h.version;
    if (hops) *hops = h.hops;
    if (total) *total = h.total;
    return MS_REC_OK;
}

const char *ms_records_strerror(int code) {
    static const char *const names[] = {
        [MS_REC_OK] = "success",
        [MS_REC_E_ARG] = "invalid argument",
        [MS_REC_E_SPACE] = "output buffer too small",
        [MS_REC_E_TOO_LONG] = "too many hops or bytes",
        [MS_REC_E_TRUNCATED] = "blob truncated",
        [MS_REC_E_TRAILING] = "bytes after the end of the blob",
        [MS_REC_E_MAGIC] = "not a redirect-records blob",
        [MS_REC_E_VERSION] = "unsupported records version",
        [MS_REC_E_AUTH] = "records MAC does not verify",
        [MS_REC_E_MALFORMED] = "records structure invalid",
        [MS_REC_E_NOMEM] = "out of memory",
    };
    if (code < 0 || (size_t)code >= sizeof names / sizeof names[0] || names[code] == NULL)
        return "unknown records error";
    return names[code];
}

/* ---- object-level API ---- */

struct ms_records {
    size_t len, n;
    uint8_t *blob; /* len bytes, stored right after hops[n] */
    ms_records_hop hops[]; /* ext pointers point into blob */
};

/* One allocation for the object, its hops and its blob; n <= 64 and len <= 64 KiB. */
static ms_records *alloc_records(size_t n, size_t len) {
    ms_records *r = ms_malloc(sizeof *r + n * sizeof r->hops[0] + len);
    if (r == NULL) return NULL;
    r->len = len;
    r->n = n;
    r->blob = (uint8_t *)&r->hops[n];
    return r;
}

/* Fill r->hops from r->blob, which this module sealed itself. */
static int index_own_blob(ms_records *r) {
    header h;
    size_t count = 0;
    int rc = check_envelope(r->blob, r->len, &h);
    if (rc == MS_REC_OK) rc = parse_hops(r->blob, &h, r->hops, r->n, &count);
    if (rc == MS_REC_OK && count != r->n) rc = MS_REC_E_MALFORMED;
    return rc;
}

/* Common tail of the constructors: keep r on success, free it on failure. */
static int finish_object(ms_records *r, int rc, ms_records **out) {
    if (rc == MS_REC_OK) rc = index_own_blob(r);
    if (rc != MS_REC_OK) {
        ms_free(r);
        return rc;
    }
    *out = r;
    return MS_REC_OK;
}

int ms_records_create(const uint8_t key[MS_RECORDS_KEY_SIZE], const ms_records_hop *hops, size_t n, ms_records **out) {
    if (out == NULL) return MS_REC_E_ARG;
    *out = NULL;
    size_t size = 0;
    int rc = key == NULL ? MS_REC_E_ARG : measure(hops, n, &size);
    if (rc != MS_REC_OK) return rc;
    ms_records *r = alloc_records(n, size);
    if (r == NULL) return MS_REC_E_NOMEM;
    return finish_object(r, ms_records_seal(key, hops, n, r->blob, size, &size), out);
}

int ms_records_import(const uint8_t key[MS_RECORDS_KEY_SIZE], const uint8_t *blob, size_t len, ms_records **out) {
    if (out == NULL) return MS_REC_E_ARG;
    *out = NULL;
    if (key == NULL) return MS_REC_E_ARG;
    header h;
    int rc = check_envelope(blob, len, &h); /* bounds len before anything is allocated */
    if (rc != MS_REC_OK) return rc;
    size_t claimed = h.hops < MS_RECORDS_MAX_HOPS ? h.hops : MS_RECORDS_MAX_HOPS;
    ms_records *r = alloc_records(claimed, len);
    if (r == NULL) return MS_REC_E_NOMEM;
    memcpy(r->blob, blob, len);
    size_t count = 0;
    rc = verify(key, r->blob, len, NULL, 0, &count);
    if (rc == MS_REC_OK && count != claimed) rc = MS_REC_E_MALFORMED; /* caller's bytes moved */
    return finish_object(r, rc, out);
}

int ms_records_create_extended(const uint8_t key[MS_RECORDS_KEY_SIZE], const ms_records *base,
                               const ms_records_hop *hop, ms_records **out) {
    if (out == NULL) return MS_REC_E_ARG;
    *out = NULL;
    if (key == NULL || base == NULL || hop == NULL) return MS_REC_E_ARG;
    int rc = check_hop(hop);
    if (rc != MS_REC_OK) return rc;
    size_t size = base->len + MS_RECORDS_HOP_FIXED + hop->ext_len;
    if (base->n + 1 > MS_RECORDS_MAX_HOPS || size > MS_RECORDS_MAX_SIZE) return MS_REC_E_TOO_LONG;
    ms_records *r = alloc_records(base->n + 1, size);
    if (r == NULL) return MS_REC_E_NOMEM;
    rc = ms_records_extend(key, base->blob, base->len, hop, r->blob, size, &size);
    return finish_object(r, rc, out);
}

void ms_records_free(ms_records *r) { ms_free(r); }

const uint8_t *ms_records_bytes(const ms_records *r, size_t *len) {
    if (len) *len = r ? r->len : 0;
    return r ? r->blob : NULL;
}

size_t ms_records_count(const ms_records *r) { return r ? r->n : 0; }

const ms_records_hop *ms_records_hop_at(const ms_records *r, size_t i) { return r && i < r->n ? &r->hops[i] : NULL; }

/* ---- FwpsQueryConnectionSioFormatRedirectRecords0 ---- */

static uint32_t report(size_t *bytes_transferred, size_t value, uint32_t status) {
    if (bytes_transferred) *bytes_transferred = value;
    return status;
}

uint32_t ms_records_format_sio_blob(const uint8_t *blob, size_t blob_len, void *out, size_t out_len,
                                    size_t *bytes_transferred) {
    if (blob == NULL) return report(bytes_transferred, 0, MS_STATUS_NOT_FOUND);
    if (out_len < blob_len) return report(bytes_transferred, blob_len, MS_STATUS_BUFFER_TOO_SMALL);
    if (out == NULL) return report(bytes_transferred, 0, MS_STATUS_INVALID_PARAMETER);
    if ((uintptr_t)out % _Alignof(void *) != 0) return report(bytes_transferred, 0, MS_STATUS_DATATYPE_MISALIGNMENT);
    memcpy(out, blob, blob_len);
    return report(bytes_transferred, blob_len, MS_STATUS_SUCCESS);
}

uint32_t ms_records_format_sio(const ms_records *records, void *out, size_t out_len, size_t *bytes_transferred) {
    if (records == NULL) return report(bytes_transferred, 0, MS_STATUS_NOT_FOUND);
    return ms_records_format_sio_blob(records->blob, records->len, out, out_len, bytes_transferred);
}
