/*
 * records.h: the model kernel's WFP connection-redirect records, as one sealed blob.
 *
 * Why: on Windows the records are an opaque, variable-length blob that the kernel issues when a
 * callout redirects a connection (FWPS_CONNECT_REQUEST0.localRedirectHandle set), that a proxy
 * reads with SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS and hands back unchanged with
 * SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS (SEMANTICS §1.2, §1.3, §5, A33, A49-A59).  The model
 * needs the same contract: a blob user mode can carry but not forge or edit, that describes
 * every hop of a redirect chain (A76-A78), that ranges from about 150 bytes to more than 8 KiB
 * (A49 asks for fuzzing up to at least 8192), and whose parser survives arbitrary bytes (A57).
 *
 * Layout: explicit little-endian serialisation, never a struct copy (the table is in
 * records.c).  Sealing: HMAC-SHA-256 (hmac_sha256.h) under a 32-byte per-world secret that
 * only the model's kernel holds; the tag is the last 32 bytes.
 *
 * Depends on nothing else in the model; plain C11.
 */
#ifndef WFPCERT_WFP_RECORDS_H
#define WFPCERT_WFP_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#define MS_RECORDS_KEY_SIZE 32 /* the per-world sealing secret */
#define MS_RECORDS_MAGIC 0x52524657u /* bytes 'W' 'F' 'R' 'R' as a little-endian u32 */
#define MS_RECORDS_VERSION 1
#define MS_RECORDS_HEADER_SIZE 16
#define MS_RECORDS_HOP_FIXED 100 /* encoded hop without its extension area */
#define MS_RECORDS_MAC_SIZE 32
#define MS_RECORDS_MIN_SIZE (MS_RECORDS_HEADER_SIZE + MS_RECORDS_HOP_FIXED + MS_RECORDS_MAC_SIZE)
#define MS_RECORDS_MAX_HOPS 64
#define MS_RECORDS_MAX_EXT 4096 /* extension (vendor tag) bytes per hop */
#define MS_RECORDS_MAX_SIZE 65536 /* whole blob, header to MAC */

/* Return codes of the ms_records_* functions (0 is success). */
enum {
    MS_REC_OK = 0,
    MS_REC_E_ARG, /* bad argument: NULL pointer, zero hops, ext_len without ext */
    MS_REC_E_SPACE, /* output too small; *len or *n holds the size needed */
    MS_REC_E_TOO_LONG, /* over MS_RECORDS_MAX_HOPS, _MAX_EXT or _MAX_SIZE */
    MS_REC_E_TRUNCATED, /* fewer bytes than the header's total length, or than any blob */
    MS_REC_E_TRAILING, /* more bytes than the header's total length */
    MS_REC_E_MAGIC, /* not a records blob */
    MS_REC_E_VERSION, /* a records blob of a version this model does not speak */
    MS_REC_E_AUTH, /* the MAC does not verify: forged, edited or sealed by another world */
    MS_REC_E_MALFORMED, /* authentic but structurally invalid (internal lengths, reserved bits) */
    MS_REC_E_NOMEM, /* allocation failed */
};

/* A SOCKADDR_STORAGE reduced to what a redirect needs; the values are opaque to this file. */
typedef struct ms_records_addr {
    uint16_t family; /* AF_INET / AF_INET6 as the caller numbers them */
    uint16_t port; /* as the caller stores it (the model uses host order) */
    uint32_t scope_id; /* IPv6 scope id; 0 for IPv4 */
    uint8_t addr[16]; /* IPv4 in the first 4 bytes, the rest zero */
} ms_records_addr;

/* One hop of a redirect chain: one callout's redirect of one connect. */
typedef struct ms_records_hop {
    uint8_t provider_guid[16]; /* redirect handle identity: the provider GUID's bytes */
    uint64_t handle_serial; /* ... and the handle's serial within that provider */
    uint64_t filter_id; /* the redirecting callout's filter id */
    uint64_t flow_id; /* the flow the redirect applied to */
    uint32_t target_pid; /* localRedirectTargetPID */
    uint32_t flags; /* opaque to this file; the WFP model defines its bits */
    ms_records_addr original_remote; /* remote address before the redirect */
    ms_records_addr redirected_to; /* remote address after the redirect */
    const uint8_t *ext; /* optional extension area; borrowed, never owned */
    size_t ext_len; /* 0..MS_RECORDS_MAX_EXT */
} ms_records_hop;

/* ---- Blob level: caller-owned buffers, no allocation. ---- */

/* Bytes a blob of these hops needs; 0 when n is 0 or over a cap, or an ext is invalid. */
size_t ms_records_encoded_size(const ms_records_hop *hops, size_t n);

/*
 * Seal hops[0..n) into out[0..cap).  *len receives the blob size on success and on
 * MS_REC_E_SPACE (so out = NULL, cap = 0 is a size probe).  Same input, same bytes.
 */
int ms_records_seal(const uint8_t key[MS_RECORDS_KEY_SIZE], const ms_records_hop *hops, size_t n, uint8_t *out,
                    size_t cap, size_t *len);

/*
 * Verify and parse a blob.  The fixed 16-byte header is checked first (so truncation and
 * foreign versions get their own codes), then the MAC, and only then any variable-length
 * field.  On success hops[0..min(*n, cap)) are filled and each ext points into blob, so the
 * blob must outlive them; *n is the hop count.  cap < count gives MS_REC_E_SPACE with *n set
 * (hops = NULL, cap = 0 counts).  On other errors *n is 0 and hops[] is unspecified.
 */
int ms_records_open(const uint8_t key[MS_RECORDS_KEY_SIZE], const uint8_t *blob, size_t len, ms_records_hop *hops,
                    size_t cap, size_t *n);

/*
 * How a chain grows when another callout redirects an already-proxied flow: verify old, then
 * write old's hops byte for byte plus one new hop into out, re-sealed.  *len as for seal.
 * out must not overlap old or hop->ext.
 */
int ms_records_extend(const uint8_t key[MS_RECORDS_KEY_SIZE], const uint8_t *old, size_t old_len,
                      const ms_records_hop *hop, uint8_t *out, size_t cap, size_t *len);

/* Header fields without the key, for the repro tool and fuzz dictionaries; nothing verified. */
int ms_records_peek(const uint8_t *blob, size_t len, unsigned *version, size_t *hops, size_t *total);

/* A short English name of an MS_REC_* code; never NULL. */
const char *ms_records_strerror(int code);

/* ---- Object level: a kernel-held, verified, owned copy (the redirectRecords handle). ---- */

typedef struct ms_records ms_records;

/* Seal hops into a new object. */
int ms_records_create(const uint8_t key[MS_RECORDS_KEY_SIZE], const ms_records_hop *hops, size_t n, ms_records **out);
/* Copy blob (e.g. a SET input buffer), then verify the private copy, so later changes to the
 * caller's buffer cannot reach the object. */
int ms_records_import(const uint8_t key[MS_RECORDS_KEY_SIZE], const uint8_t *blob, size_t len, ms_records **out);
/* A new object holding base's hops plus hop (see ms_records_extend). */
int ms_records_create_extended(const uint8_t key[MS_RECORDS_KEY_SIZE], const ms_records *base,
                               const ms_records_hop *hop, ms_records **out);
void ms_records_free(ms_records *r);

const uint8_t *ms_records_bytes(const ms_records *r, size_t *len);
size_t ms_records_count(const ms_records *r);
/* Hop i, with ext pointing into the object; NULL when i is out of range. */
const ms_records_hop *ms_records_hop_at(const ms_records *r, size_t i);

/* ---- FwpsQueryConnectionSioFormatRedirectRecords0 (SEMANTICS §1.3, A50). ---- */

#define MS_STATUS_SUCCESS 0x00000000u
#define MS_STATUS_DATATYPE_MISALIGNMENT 0x80000002u
#define MS_STATUS_INVALID_PARAMETER 0xC000000Du
#define MS_STATUS_BUFFER_TOO_SMALL 0xC0000023u
#define MS_STATUS_NOT_FOUND 0xC0000225u

/*
 * Copy the records "in SIO format" (in the model: the sealed blob itself, byte for byte) to
 * out.  NULL records: STATUS_NOT_FOUND.  out_len < size: STATUS_BUFFER_TOO_SMALL with the
 * size in *bytes_transferred (out may be NULL then).  The DDI leaves a buffer that is not
 * pointer-aligned undefined; the model fails it with STATUS_DATATYPE_MISALIGNMENT so that a
 * caller breaking the rule is caught.  A large enough but NULL out: STATUS_INVALID_PARAMETER.
 * bytes_transferred is optional, as in the DDI.
 */
uint32_t ms_records_format_sio(const ms_records *records, void *out, size_t out_len, size_t *bytes_transferred);
/* The same on a raw sealed blob (NULL blob: STATUS_NOT_FOUND); the blob is not verified. */
uint32_t ms_records_format_sio_blob(const uint8_t *blob, size_t blob_len, void *out, size_t out_len,
                                    size_t *bytes_transferred);

#endif
