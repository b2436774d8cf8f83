/*
 * test_records.c: unit tests of driver-stub/wfp/records.c and its MAC, hmac_sha256.c.
 *
 * Why: the records blob is the model's stand-in for the kernel's opaque redirect records
 * (SEMANTICS A33, A49-A59, A76-A78).  These tests pin its contract: the MAC matches the
 * published test vectors, every chain of 1..64 hops survives seal/open, long chains pass
 * 8 KiB, and no bit flip, truncation, padding, wrong key or absurd internal length gets
 * through or crashes the parser.
 */
#include <stdint.h>

#include "../wfp/hmac_sha256.h"
#include "../wfp/records.h"
#include "unit.h"

/* ---- helpers ---- */

static const uint8_t KEY[MS_RECORDS_KEY_SIZE] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/* Bytes the sample hops' extension areas point into. */
static const uint8_t *ext_pattern(void) {
    static uint8_t pattern[MS_RECORDS_MAX_EXT + 64]; /* + the largest offset sample_hop uses */
    for (size_t i = 0; i < sizeof pattern; i++) pattern[i] = (uint8_t)(i * 131 + 7);
    return pattern;
}

/* A hop whose every field is derived from i, so a swapped or shifted field shows. */
static ms_records_hop sample_hop(unsigned i, size_t ext_len) {
    ms_records_hop h;
    memset(&h, 0, sizeof h);
    for (int b = 0; b < 16; b++) h.provider_guid[b] = (uint8_t)(0xA0 + i + b);
    h.handle_serial = 0x1111111100000000ull + i;
    h.filter_id = 0x2222222200000000ull + i * 3;
    h.flow_id = 0x8000000000000000ull | (uint64_t)i << 8;
    h.target_pid = 4000u + i;
    h.flags = 0x80000001u ^ i;
    h.original_remote.family = 2;
    h.original_remote.port = (uint16_t)(443 + i);
    h.original_remote.addr[0] = 93;
    h.original_remote.addr[3] = (uint8_t)i;
    h.redirected_to.family = 23;
    h.redirected_to.port = (uint16_t)(50000 + i);
    h.redirected_to.scope_id = 7 + i;
    h.redirected_to.addr[15] = 1;
    h.ext = ext_len ? ext_pattern() + i % 64 : NULL;
    h.ext_len = ext_len;
    return h;
}

static size_t sample_ext_len(unsigned i) { return (i * 37u) % 300u; }

static int addr_equal(const ms_records_addr *a, const ms_records_addr *b) {
    return a->family == b->family && a->port == b->port && a->scope_id == b->scope_id &&
           memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static int hop_equal(const ms_records_hop *a, const ms_records_hop *b) {
    return memcmp(a->provider_guid, b->provider_guid, 16) == 0 && a->handle_serial == b->handle_serial &&
           a->filter_id == b->filter_id && a->flow_id == b->flow_id && a->target_pid == b->target_pid &&
           a->flags == b->flags && addr_equal(&a->original_remote, &b->original_remote) &&
           addr_equal(&a->redirected_to, &b->redirected_to) && a->ext_len == b->ext_len &&
           (a->ext_len == 0 || memcmp(a->ext, b->ext, a->ext_len) == 0);
}

/* Seal n sample hops with ext_len bytes each (or the varying sample length if SIZE_MAX). */
static size_t seal_sample(uint8_t *buf, size_t cap, size_t n, size_t ext_len) {
    ms_records_hop hops[MS_RECORDS_MAX_HOPS];
    for (unsigned i = 0; i < n; i++) hops[i] = sample_hop(i, ext_len == SIZE_MAX ? sample_ext_len(i) : ext_len);
    size_t len = 0;
    ASSERT_EQ(ms_records_seal(KEY, hops, n, buf, cap, &len), MS_REC_OK);
    return len;
}

/* Recompute the MAC of an edited blob with the real key, to reach the checks behind it. */
static void reseal(uint8_t *blob, size_t len) {
    ms_hmac_sha256(KEY, sizeof KEY, blob, len - MS_RECORDS_MAC_SIZE, blob + len - MS_RECORDS_MAC_SIZE);
}

static void flip_bit(uint8_t *bytes, size_t bit) { bytes[bit / 8] ^= (uint8_t)(1u << bit % 8); }

static void poke_u16(uint8_t *p, unsigned v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void poke_u32(uint8_t *p, uint32_t v) {
    poke_u16(p, v & 0xFFFF);
    poke_u16(p + 2, v >> 16);
}

/* Open a heap copy of exactly len bytes, so that under ASan any read past the end is caught. */
static int open_blob(const uint8_t *blob, size_t len) {
    ms_records_hop hops[MS_RECORDS_MAX_HOPS];
    size_t n = 0;
    uint8_t *exact = malloc(len ? len : 1);
    ASSERT_NOT_NULL(exact);
    if (len) memcpy(exact, blob, len);
    int rc = ms_records_open(KEY, exact, len, hops, MS_RECORDS_MAX_HOPS, &n);
    free(exact);
    return rc;
}

static void unhex(const char *hex, uint8_t *out) {
    for (size_t i = 0; hex[2 * i]; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

/* ---- the MAC ---- */

static void check_sha256(const void *msg, size_t len, const char *want_hex) {
    uint8_t got[32], want[32];
    ms_sha256(msg, len, got);
    unhex(want_hex, want);
    ASSERT_MEM_EQ(got, want, 32);
}

/* NIST FIPS 180-4 example messages (NIST "Cryptographic Standards and Guidelines" examples). */
TEST(records_mac_sha256_fips180_vectors) {
    check_sha256("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_sha256("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_sha256(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check_sha256(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    uint8_t *million = malloc(1000000);
    ASSERT_NOT_NULL(million);
    memset(million, 'a', 1000000);
    check_sha256(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
    return 0;
}

/*
 * Messages whose padding lands on each side of a block boundary (55, 56, 63, 64, 65, 119, 120
 * bytes of "a").  Not among FIPS 180-4's examples: the digests were cross-checked with GNU
 * coreutils sha256sum.
 */
TEST(records_mac_sha256_padding_boundaries) {
    static const struct {
        size_t len;
        const char *digest;
    } edge[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    };
    uint8_t a[120];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) check_sha256(a, edge[i].len, edge[i].digest);
    return 0;
}

/* Feeding a message in pieces of every size gives the one-shot digest (block-boundary code). */
TEST(records_mac_sha256_split_updates_agree) {
    uint8_t msg[300], whole[32], parts[32];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 7 + 1);
    for (size_t len = 0; len <= sizeof msg; len += 13) {
        ms_sha256(msg, len, whole);
        for (size_t chunk = 1; chunk <= 130; chunk++) {
            ms_sha256_ctx s;
            ms_sha256_init(&s);
            for (size_t off = 0; off < len; off += chunk)
                ms_sha256_update(&s, msg + off, len - off < chunk ? len - off : chunk);
            ms_sha256_final(&s, parts);
            ASSERT_MEM_EQ(whole, parts, 32);
        }
    }
    return 0;
}

/* RFC 4231 section 4, HMAC-SHA-256 test cases 1 to 7 (case 5 compares 128 bits, as it says). */
TEST(records_mac_hmac_sha256_rfc4231_vectors) {
    static const struct {
        uint8_t key_byte;
        size_t key_len;
        const char *data;
        uint8_t data_byte;
        size_t data_len;
        size_t tag_len;
        const char *tag;
    } v[] = {
        {0x0b, 20, "Hi There", 0, 8, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {0, 0, "what do ya want for nothing?", 0, 28, 32,
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {0xaa, 20, NULL, 0xdd, 50, 32, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {0, 25, NULL, 0xcd, 50, 32, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {0x0c, 20, "Test With Truncation", 0, 20, 16, "a3b6167473100ee06e0c796c2955552b"},
        {0xaa, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 0, 54, 32,
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {0xaa, 131,
         "This is a test using a larger than block-size key and a larger than block-size data."
         " The key needs to be hashed before being used by the HMAC algorithm.",
         0, 152, 32, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t key[131], data[152], tag[32], want[32];
        size_t key_len = v[i].key_len;
        if (i == 1) { /* case 2: key "Jefe" */
            memcpy(key, "Jefe", 4);
            key_len = 4;
        } else if (i == 3) { /* case 4: key 0x01..0x19 */
            for (size_t b = 0; b < 25; b++) key[b] = (uint8_t)(b + 1);
        } else {
            memset(key, v[i].key_byte, key_len);
        }
        if (v[i].data)
            memcpy(data, v[i].data, v[i].data_len);
        else
            memset(data, v[i].data_byte, v[i].data_len);
        ASSERT(v[i].data == NULL || strlen(v[i].data) == v[i].data_len);
        ms_hmac_sha256(key, key_len, data, v[i].data_len, tag);
        unhex(v[i].tag, want);
        ASSERT_MEM_EQ(tag, want, v[i].tag_len);
    }
    return 0;
}

/* Keys one byte short of SHA-256's 64-byte block, exactly one block, and one byte past it: only
 * the last is hashed first (RFC 2104 section 2), and RFC 4231 has no key of exactly 64 bytes.
 * The tags were computed with OpenSSL 3.0 (`printf wfpcert | openssl dgst -sha256 -mac HMAC
 * -macopt hexkey:6161...`). */
TEST(records_mac_hmac_sha256_keys_around_the_block) {
    static const struct {
        size_t key_len;
        const char *tag;
    } v[] = {
        {63, "fc9198bc4039f48893c4161d67f8b7951eed31c8d7182a18362d7519daf6f950"},
        {64, "f7ee97aa3a5f66096fed0dd60b47af8df31286549dd66b34209ba338c8a7a9e1"},
        {65, "35d92b731bd9e0c6c907cd55123f2f0457cf88670bf6d23d3cb955c892f6a7a6"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t key[65], tag[32], want[32];
        memset(key, 'a', v[i].key_len);
        ms_hmac_sha256(key, v[i].key_len, "wfpcert", 7, tag);
        unhex(v[i].tag, want);
        ASSERT_MEM_EQ(tag, want, 32);
    }
    return 0;
}

TEST(records_mac_equal_compares_every_byte) {
    uint8_t a[32], b[32];
    for (int i = 0; i < 32; i++) a[i] = b[i] = (uint8_t)i;
    ASSERT_EQ(ms_mac_equal(a, b, 32), 1);
    for (int i = 0; i < 32; i++) {
        b[i] ^= 0x80;
        ASSERT_EQ(ms_mac_equal(a, b, 32), 0);
        b[i] ^= 0x80;
    }
    ASSERT_EQ(ms_mac_equal(a, b, 0), 1);
    return 0;
}

/* ---- seal / open ---- */

TEST(records_A33_round_trip_1_to_64_hops) {
    static uint8_t blob[MS_RECORDS_MAX_SIZE];
    ms_records_hop in[MS_RECORDS_MAX_HOPS], out[MS_RECORDS_MAX_HOPS];
    for (size_t n = 1; n <= MS_RECORDS_MAX_HOPS; n++) {
        for (size_t i = 0; i < n; i++) in[i] = sample_hop((unsigned)i, sample_ext_len((unsigned)i));
        size_t len = 0, got = 0, want = ms_records_encoded_size(in, n);
        ASSERT_EQ(ms_records_seal(KEY, in, n, blob, sizeof blob, &len), MS_REC_OK);
        ASSERT_EQ(len, want);
        ASSERT_EQ(ms_records_open(KEY, blob, len, out, MS_RECORDS_MAX_HOPS, &got), MS_REC_OK);
        ASSERT_EQ(got, n);
        for (size_t i = 0; i < n; i++) {
            ASSERT(hop_equal(&in[i], &out[i]));
            ASSERT(out[i].ext == NULL || (out[i].ext > blob && out[i].ext < blob + len));
        }
    }
    return 0;
}

/* A33/A49: one hop is small (a 1,024-byte buffer is "for example" sufficient). */
TEST(records_A49_one_hop_fits_1024_bytes) {
    ms_records_hop h = sample_hop(0, 0);
    ASSERT_EQ(ms_records_encoded_size(&h, 1), MS_RECORDS_MIN_SIZE);
    ASSERT_LE(MS_RECORDS_MIN_SIZE, 1024);
    ASSERT_LT(MS_RECORDS_MIN_SIZE, 200);
    return 0;
}

/* A49: the suite must fuzz N up to at least 8192, so the model must be able to exceed it. */
TEST(records_A49_long_chain_exceeds_8192_bytes) {
    static uint8_t blob[MS_RECORDS_MAX_SIZE];
    size_t len = seal_sample(blob, sizeof blob, MS_RECORDS_MAX_HOPS, 32);
    ASSERT_GT(len, 8192);
    ASSERT_EQ(open_blob(blob, len), MS_REC_OK);
    /* near the 64 KiB cap: 64 hops with 920-byte extensions */
    len = seal_sample(blob, sizeof blob, MS_RECORDS_MAX_HOPS, 920);
    ASSERT_EQ(len, 16 + 64 * 1020 + 32);
    ASSERT_EQ(open_blob(blob, len), MS_REC_OK);
    return 0;
}

TEST(records_cap_65_hops_is_too_long) {
    ms_records_hop hops[MS_RECORDS_MAX_HOPS + 1];
    for (unsigned i = 0; i <= MS_RECORDS_MAX_HOPS; i++) hops[i] = sample_hop(i, 0);
    uint8_t blob[16];
    size_t len = 0;
    ASSERT_EQ(ms_records_encoded_size(hops, MS_RECORDS_MAX_HOPS + 1), 0);
    ASSERT_EQ(ms_records_seal(KEY, hops, MS_RECORDS_MAX_HOPS + 1, blob, sizeof blob, &len), MS_REC_E_TOO_LONG);
    return 0;
}

TEST(records_cap_64kib_and_ext_are_too_long) {
    ms_records_hop hops[MS_RECORDS_MAX_HOPS];
    for (unsigned i = 0; i < MS_RECORDS_MAX_HOPS; i++) hops[i] = sample_hop(i, MS_RECORDS_MAX_EXT);
    size_t len = 0;
    ASSERT_EQ(ms_records_encoded_size(hops, MS_RECORDS_MAX_HOPS), 0);
    ASSERT_EQ(ms_records_seal(KEY, hops, MS_RECORDS_MAX_HOPS, NULL, 0, &len), MS_REC_E_TOO_LONG);
    ASSERT_EQ(ms_records_encoded_size(hops, 15), 16 + 15 * 4196 + 32); /* 15 fit */
    ASSERT_EQ(ms_records_encoded_size(hops, 16), 0); /* 16 do not */
    /* an extension of exactly the cap is a hop like any other, sealed and opened */
    static uint8_t one[16 + 4196 + 32];
    ms_records_hop back;
    size_t got = 0;
    ASSERT_EQ(ms_records_seal(KEY, hops, 1, one, sizeof one, &len), MS_REC_OK);
    ASSERT_EQ(len, sizeof one);
    ASSERT_EQ(ms_records_open(KEY, one, len, &back, 1, &got), MS_REC_OK);
    ASSERT_EQ(got, 1);
    ASSERT(hop_equal(&hops[0], &back));
    hops[0].ext_len = MS_RECORDS_MAX_EXT + 1;
    ASSERT_EQ(ms_records_seal(KEY, hops, 1, NULL, 0, &len), MS_REC_E_TOO_LONG);
    hops[0].ext_len = SIZE_MAX; /* a sum that would wrap must not */
    ASSERT_EQ(ms_records_encoded_size(hops, 1), 0);
    ASSERT_EQ(ms_records_seal(KEY, hops, 1, NULL, 0, &len), MS_REC_E_TOO_LONG);
    return 0;
}

TEST(records_seal_rejects_bad_arguments) {
    ms_records_hop h = sample_hop(1, 0);
    uint8_t blob[MS_RECORDS_MIN_SIZE];
    size_t len = 0;
    ASSERT_EQ(ms_records_seal(NULL, &h, 1, blob, sizeof blob, &len), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_seal(KEY, &h, 0, blob, sizeof blob, &len), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_seal(KEY, NULL, 1, blob, sizeof blob, &len), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_seal(KEY, &h, 1, blob, sizeof blob, NULL), MS_REC_E_ARG);
    h.ext_len = 5; /* ext_len without ext */
    ASSERT_EQ(ms_records_seal(KEY, &h, 1, blob, sizeof blob, &len), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_encoded_size(&h, 1), 0);
    ASSERT_EQ(ms_records_encoded_size(NULL, 0), 0);
    return 0;
}

/* A34-style size probe: too small an output reports the size and writes nothing. */
TEST(records_seal_too_small_reports_size_untouched) {
    ms_records_hop h = sample_hop(2, 10);
    size_t need = ms_records_encoded_size(&h, 1), len = 0;
    ASSERT_EQ(need, MS_RECORDS_MIN_SIZE + 10);
    ASSERT_EQ(ms_records_seal(KEY, &h, 1, NULL, 0, &len), MS_REC_E_SPACE);
    ASSERT_EQ(len, need);
    uint8_t blob[MS_RECORDS_MIN_SIZE + 10], fill[sizeof blob];
    memset(blob, 0xAA, sizeof blob);
    memset(fill, 0xAA, sizeof fill);
    len = 0;
    ASSERT_EQ(ms_records_seal(KEY, &h, 1, blob, need - 1, &len), MS_REC_E_SPACE);
    ASSERT_EQ(len, need);
    ASSERT_MEM_EQ(blob, fill, sizeof blob);
    ASSERT_EQ(ms_records_seal(KEY, &h, 1, blob, need, &len), MS_REC_OK);
    return 0;
}

/* Deterministic model: the same hops under the same key give the same bytes. */
TEST(records_seal_is_deterministic) {
    uint8_t a[2048], b[2048];
    size_t la = seal_sample(a, sizeof a, 5, SIZE_MAX), lb = seal_sample(b, sizeof b, 5, SIZE_MAX);
    ASSERT_EQ(la, lb);
    ASSERT_MEM_EQ(a, b, la);
    return 0;
}

TEST(records_open_count_probe_and_short_cap) {
    uint8_t blob[2048];
    size_t len = seal_sample(blob, sizeof blob, 5, 3), n = 99;
    ASSERT_EQ(ms_records_open(KEY, blob, len, NULL, 0, &n), MS_REC_E_SPACE);
    ASSERT_EQ(n, 5);
    ms_records_hop hops[4];
    ASSERT_EQ(ms_records_open(KEY, blob, len, hops, 4, &n), MS_REC_E_SPACE);
    ASSERT_EQ(n, 5);
    for (unsigned i = 0; i < 4; i++) {
        ms_records_hop want = sample_hop(i, 3);
        ASSERT(hop_equal(&hops[i], &want));
    }
    ASSERT_EQ(ms_records_open(KEY, blob, len, NULL, 3, &n), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_open(KEY, blob, len, hops, 4, NULL), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_open(NULL, blob, len, hops, 4, &n), MS_REC_E_ARG);
    ASSERT_EQ(n, 0);
    return 0;
}

/* ---- tampering (A57: corrupted or truncated blobs must fail, never crash) ---- */

TEST(records_A57_every_bit_flip_rejected) {
    uint8_t blob[512];
    size_t len = seal_sample(blob, sizeof blob, 2, 4);
    ASSERT_EQ(len, 16 + 2 * 104 + 32);
    for (size_t bit = 0; bit < len * 8; bit++) {
        flip_bit(blob, bit);
        int rc = open_blob(blob, len);
        flip_bit(blob, bit);
        ASSERT_NE(rc, MS_REC_OK);
        ASSERT_NE(rc, MS_REC_E_SPACE);
        if (bit / 8 >= 12) ASSERT_EQ(rc, MS_REC_E_AUTH); /* hop count, body and MAC */
    }
    ASSERT_EQ(open_blob(blob, len), MS_REC_OK);
    return 0;
}

TEST(records_A57_truncated_blob_rejected) {
    uint8_t blob[512];
    size_t len = seal_sample(blob, sizeof blob, 2, 4);
    for (size_t k = 0; k < len; k++) ASSERT_EQ(open_blob(blob, k), MS_REC_E_TRUNCATED);
    /* a truncation that also rewrites the total-length field is still caught, by the MAC */
    for (size_t k = MS_RECORDS_MIN_SIZE; k < len; k++) {
        uint8_t cut[512];
        memcpy(cut, blob, k);
        poke_u32(cut + 8, (uint32_t)k);
        ASSERT_EQ(open_blob(cut, k), MS_REC_E_AUTH);
    }
    return 0;
}

TEST(records_A57_appended_bytes_rejected) {
    uint8_t blob[600];
    size_t len = seal_sample(blob, sizeof blob, 2, 4);
    memset(blob + len, 0, sizeof blob - len);
    for (size_t extra = 1; extra <= 64; extra++) ASSERT_EQ(open_blob(blob, len + extra), MS_REC_E_TRAILING);
    return 0;
}

TEST(records_A57_wrong_key_rejected) {
    uint8_t blob[512], key[MS_RECORDS_KEY_SIZE];
    size_t len = seal_sample(blob, sizeof blob, 3, 8), n = 0;
    ms_records_hop hops[3];
    for (size_t bit = 0; bit < sizeof key * 8; bit++) {
        memcpy(key, KEY, sizeof key);
        flip_bit(key, bit);
        ASSERT_EQ(ms_records_open(key, blob, len, hops, 3, &n), MS_REC_E_AUTH);
        ASSERT_EQ(n, 0);
    }
    /* another world's blob differs only in its MAC */
    uint8_t other[512];
    ms_records_hop in[3];
    for (unsigned i = 0; i < 3; i++) in[i] = sample_hop(i, 8);
    size_t olen = 0;
    ASSERT_EQ(ms_records_seal(key, in, 3, other, sizeof other, &olen), MS_REC_OK);
    ASSERT_EQ(olen, len);
    ASSERT_MEM_EQ(other, blob, len - MS_RECORDS_MAC_SIZE);
    ASSERT(memcmp(other + len - 32, blob + len - 32, 32) != 0);
    return 0;
}

TEST(records_A57_bad_magic_and_version_rejected) {
    uint8_t blob[512];
    size_t len = seal_sample(blob, sizeof blob, 1, 0);
    blob[0] = 'X';
    ASSERT_EQ(open_blob(blob, len), MS_REC_E_MAGIC);
    blob[0] = 'W';
    poke_u16(blob + 4, 2);
    ASSERT_EQ(open_blob(blob, len), MS_REC_E_VERSION);
    reseal(blob, len); /* even with a valid MAC, a foreign version is refused */
    ASSERT_EQ(open_blob(blob, len), MS_REC_E_VERSION);
    poke_u16(blob + 4, 0);
    ASSERT_EQ(open_blob(blob, len), MS_REC_E_VERSION);
    return 0;
}

TEST(records_A55_null_and_tiny_inputs_rejected) {
    size_t n = 7;
    ASSERT_EQ(ms_records_open(KEY, NULL, 0, NULL, 0, &n), MS_REC_E_TRUNCATED);
    ASSERT_EQ(ms_records_open(KEY, NULL, 100, NULL, 0, &n), MS_REC_E_ARG);
    uint8_t tiny[MS_RECORDS_MIN_SIZE] = {0x57, 0x46, 0x52, 0x52, 1, 0};
    poke_u32(tiny + 8, 50); /* header claims a 50-byte blob: shorter than any real one */
    ASSERT_EQ(open_blob(tiny, 50), MS_REC_E_TRUNCATED);
    poke_u32(tiny + 8, 0);
    ASSERT_EQ(open_blob(tiny, 50), MS_REC_E_TRAILING);
    ASSERT_EQ(open_blob(tiny, 1), MS_REC_E_TRUNCATED);
    return 0;
}

/* Every internal length made absurd, the MAC recomputed with the real key. */
static int edited(const uint8_t *blob, size_t len, size_t off, unsigned v16) {
    uint8_t copy[1024];
    memcpy(copy, blob, len);
    poke_u16(copy + off, v16);
    reseal(copy, len);
    return open_blob(copy, len);
}

TEST(records_A57_absurd_length_fields_rejected) {
    uint8_t blob[1024];
    size_t len = seal_sample(blob, sizeof blob, 2, 4);
    const size_t hop0 = 16, hop1 = 16 + 104;
    ASSERT_EQ(edited(blob, len, 12, 0), MS_REC_E_MALFORMED); /* hop count 0 */
    ASSERT_EQ(edited(blob, len, 12, 1), MS_REC_E_MALFORMED); /* fewer hops than bytes */
    ASSERT_EQ(edited(blob, len, 12, 3), MS_REC_E_MALFORMED); /* more hops than bytes */
    ASSERT_EQ(edited(blob, len, 12, 65), MS_REC_E_TOO_LONG); /* over the cap */
    ASSERT_EQ(edited(blob, len, 12, 0xFFFF), MS_REC_E_TOO_LONG);
    ASSERT_EQ(edited(blob, len, 6, 1), MS_REC_E_MALFORMED); /* flags */
    ASSERT_EQ(edited(blob, len, 14, 0x8000), MS_REC_E_MALFORMED); /* reserved */
    ASSERT_EQ(edited(blob, len, hop0, 0xFFFF), MS_REC_E_MALFORMED);
    ASSERT_EQ(edited(blob, len, hop0, 0), MS_REC_E_MALFORMED);
    ASSERT_EQ(edited(blob, len, hop0, 99), MS_REC_E_MALFORMED);
    ASSERT_EQ(edited(blob, len, hop0, 105), MS_REC_E_MALFORMED);
    ASSERT_EQ(edited(blob, len, hop0 + 2, 0xFFFF), MS_REC_E_TOO_LONG);
    ASSERT_EQ(edited(blob, len, hop0 + 2, 5), MS_REC_E_MALFORMED);
    ASSERT_EQ(edited(blob, len, hop1, 0xFFFF), MS_REC_E_MALFORMED);
    ASSERT_EQ(edited(blob, len, hop1 + 2, 4096), MS_REC_E_MALFORMED);
    /* the last hop claims consistent but longer lengths that run into the MAC */
    uint8_t copy[1024];
    memcpy(copy, blob, len);
    poke_u16(copy + hop1, 100 + 40);
    poke_u16(copy + hop1 + 2, 40);
    reseal(copy, len);
    ASSERT_EQ(open_blob(copy, len), MS_REC_E_MALFORMED);
    /* total-length field: absurd values are refused before the MAC is even computed */
    memcpy(copy, blob, len);
    poke_u32(copy + 8, 0xFFFFFFFFu);
    ASSERT_EQ(open_blob(copy, len), MS_REC_E_TOO_LONG);
    poke_u32(copy + 8, MS_RECORDS_MAX_SIZE + 1);
    ASSERT_EQ(open_blob(copy, len), MS_REC_E_TOO_LONG);
    poke_u32(copy + 8, (uint32_t)len + 1);
    ASSERT_EQ(open_blob(copy, len), MS_REC_E_TRUNCATED);
    /* authentic bytes left over between the last hop and the MAC */
    uint8_t padded[1024];
    memcpy(padded, blob, len - 32);
    memset(padded + len - 32, 0, 8);
    poke_u32(padded + 8, (uint32_t)len + 8);
    reseal(padded, len + 8);
    ASSERT_EQ(open_blob(padded, len + 8), MS_REC_E_MALFORMED);
    /* a second hop whose 4-byte prefix fits but whose fixed part would run past the blob */
    uint8_t one[512], shorthop[512];
    size_t one_len = seal_sample(one, sizeof one, 1, 0);
    memcpy(shorthop, one, one_len - 32);
    poke_u16(shorthop + one_len - 32, 100);
    poke_u16(shorthop + one_len - 30, 0);
    poke_u16(shorthop + 12, 2);
    poke_u32(shorthop + 8, (uint32_t)one_len + 4);
    reseal(shorthop, one_len + 4);
    ASSERT_EQ(open_blob(shorthop, one_len + 4), MS_REC_E_MALFORMED);
    return 0;
}

TEST(records_peek_reads_header_without_key) {
    uint8_t blob[2048];
    size_t len = seal_sample(blob, sizeof blob, 7, 2), hops = 0, total = 0;
    unsigned version = 0;
    ASSERT_EQ(ms_records_peek(blob, len, &version, &hops, &total), MS_REC_OK);
    ASSERT_EQ(version, MS_RECORDS_VERSION);
    ASSERT_EQ(hops, 7);
    ASSERT_EQ(total, len);
    ASSERT_EQ(ms_records_peek(blob, 16, NULL, NULL, NULL), MS_REC_OK);
    ASSERT_EQ(ms_records_peek(blob, 15, &version, &hops, &total), MS_REC_E_TRUNCATED);
    ASSERT_EQ(ms_records_peek(NULL, 0, &version, &hops, &total), MS_REC_E_TRUNCATED);
    ASSERT_EQ(ms_records_peek(NULL, 64, &version, &hops, &total), MS_REC_E_ARG); /* no blob, yet a length */
    poke_u16(blob + 4, 9);
    ASSERT_EQ(ms_records_peek(blob, len, &version, NULL, NULL), MS_REC_OK);
    ASSERT_EQ(version, 9);
    blob[3] = 0;
    ASSERT_EQ(ms_records_peek(blob, len, &version, NULL, NULL), MS_REC_E_MAGIC);
    return 0;
}

TEST(records_strerror_names_every_code) {
    for (int c = MS_REC_OK; c <= MS_REC_E_NOMEM; c++) {
        const char *s = ms_records_strerror(c);
        ASSERT_NOT_NULL(s);
        ASSERT(strcmp(s, "unknown records error") != 0);
        for (int d = MS_REC_OK; d < c; d++) ASSERT(strcmp(s, ms_records_strerror(d)) != 0);
    }
    ASSERT(strcmp(ms_records_strerror(-1), "unknown records error") == 0);
    ASSERT(strcmp(ms_records_strerror(MS_REC_E_NOMEM + 1), "unknown records error") == 0);
    return 0;
}

/* ---- extend (A77/A78: a second callout redirects an already-proxied flow) ---- */

TEST(records_A77_extend_keeps_earlier_hops_byte_identical) {
    static uint8_t cur[MS_RECORDS_MAX_SIZE], next[MS_RECORDS_MAX_SIZE], whole[MS_RECORDS_MAX_SIZE];
    ms_records_hop all[MS_RECORDS_MAX_HOPS];
    all[0] = sample_hop(0, sample_ext_len(0));
    size_t len = 0;
    ASSERT_EQ(ms_records_seal(KEY, all, 1, cur, sizeof cur, &len), MS_REC_OK);
    for (unsigned n = 2; n <= MS_RECORDS_MAX_HOPS; n++) {
        all[n - 1] = sample_hop(n - 1, sample_ext_len(n - 1));
        size_t next_len = 0, whole_len = 0, got = 0;
        ASSERT_EQ(ms_records_extend(KEY, cur, len, &all[n - 1], next, sizeof next, &next_len), MS_REC_OK);
        ASSERT_EQ(next_len, len + 100 + all[n - 1].ext_len);
        ASSERT_MEM_EQ(next + 16, cur + 16, len - 16 - 32); /* earlier hops untouched */
        ASSERT_EQ(ms_records_seal(KEY, all, n, whole, sizeof whole, &whole_len), MS_REC_OK);
        ASSERT_EQ(whole_len, next_len); /* growing equals sealing the chain at once */
        ASSERT_MEM_EQ(whole, next, next_len);
        ASSERT_EQ(ms_records_open(KEY, next, next_len, NULL, 0, &got), MS_REC_E_SPACE);
        ASSERT_EQ(got, n);
        memcpy(cur, next, next_len);
        len = next_len;
    }
    size_t l = 0;
    ASSERT_EQ(ms_records_extend(KEY, cur, len, &all[0], next, sizeof next, &l), MS_REC_E_TOO_LONG);
    return 0;
}

TEST(records_A77_extend_rejects_forged_base_and_small_output) {
    uint8_t blob[512], out[512];
    size_t len = seal_sample(blob, sizeof blob, 2, 0), l = 0;
    ms_records_hop h = sample_hop(9, 0);
    ASSERT_EQ(ms_records_extend(KEY, blob, len, &h, NULL, 0, &l), MS_REC_E_SPACE);
    ASSERT_EQ(l, len + 100);
    ASSERT_EQ(ms_records_extend(KEY, blob, len, &h, out, len + 99, &l), MS_REC_E_SPACE);
    blob[40] ^= 1;
    ASSERT_EQ(ms_records_extend(KEY, blob, len, &h, out, sizeof out, &l), MS_REC_E_AUTH);
    blob[40] ^= 1;
    ASSERT_EQ(ms_records_extend(KEY, blob, len - 1, &h, out, sizeof out, &l), MS_REC_E_TRUNCATED);
    h.ext_len = MS_RECORDS_MAX_EXT + 1;
    ASSERT_EQ(ms_records_extend(KEY, blob, len, &h, out, sizeof out, &l), MS_REC_E_TOO_LONG);
    ASSERT_EQ(ms_records_extend(KEY, blob, len, NULL, out, sizeof out, &l), MS_REC_E_ARG);
    return 0;
}

/* ---- the kernel-held object ---- */

TEST(records_object_create_import_extend) {
    ms_records_hop in[3];
    for (unsigned i = 0; i < 3; i++) in[i] = sample_hop(i, 6);
    ms_records *r = NULL, *copy = NULL, *longer = NULL;
    ASSERT_EQ(ms_records_create(KEY, in, 3, &r), MS_REC_OK);
    ASSERT_EQ(ms_records_count(r), 3);
    for (unsigned i = 0; i < 3; i++) ASSERT(hop_equal(ms_records_hop_at(r, i), &in[i]));
    ASSERT_NULL(ms_records_hop_at(r, 3));
    size_t len = 0;
    const uint8_t *bytes = ms_records_bytes(r, &len);
    ASSERT_EQ(len, ms_records_encoded_size(in, 3));

    /* import copies, then verifies the copy: later edits to the source cannot reach it */
    uint8_t src[512];
    memcpy(src, bytes, len);
    ASSERT_EQ(ms_records_import(KEY, src, len, &copy), MS_REC_OK);
    memset(src, 0, len);
    ASSERT_EQ(ms_records_count(copy), 3);
    ASSERT(hop_equal(ms_records_hop_at(copy, 2), &in[2]));
    size_t clen = 0;
    ASSERT_MEM_EQ(ms_records_bytes(copy, &clen), bytes, len);

    ms_records_hop next = sample_hop(3, 0);
    ASSERT_EQ(ms_records_create_extended(KEY, copy, &next, &longer), MS_REC_OK);
    ASSERT_EQ(ms_records_count(longer), 4);
    ASSERT(hop_equal(ms_records_hop_at(longer, 3), &next));
    ASSERT(hop_equal(ms_records_hop_at(longer, 0), &in[0]));

    ms_records_free(r);
    ms_records_free(copy);
    ms_records_free(longer);
    ms_records_free(NULL);
    return 0;
}

/* The object form grows a chain to exactly MS_RECORDS_MAX_HOPS and no further, as the blob
 * form does (records_cap_65_hops_is_too_long); mutation testing, seed 14: a create_extended
 * that stopped at 63 passed every case, no chain of certify being that long. */
TEST(records_cap_object_extends_to_64_hops_not_65) {
    static ms_records_hop in[MS_RECORDS_MAX_HOPS];
    for (unsigned i = 0; i < MS_RECORDS_MAX_HOPS; i++) in[i] = sample_hop(i, 0);
    ms_records *r = NULL, *full = NULL, *over = (ms_records *)&over;
    ASSERT_EQ(ms_records_create(KEY, in, MS_RECORDS_MAX_HOPS - 1, &r), MS_REC_OK);
    ASSERT_EQ(ms_records_create_extended(KEY, r, &in[MS_RECORDS_MAX_HOPS - 1], &full), MS_REC_OK);
    ASSERT_EQ(ms_records_count(full), MS_RECORDS_MAX_HOPS);
    ASSERT(hop_equal(ms_records_hop_at(full, MS_RECORDS_MAX_HOPS - 1), &in[MS_RECORDS_MAX_HOPS - 1]));
    ASSERT_EQ(ms_records_create_extended(KEY, full, &in[0], &over), MS_REC_E_TOO_LONG);
    ASSERT_NULL(over);
    /* bad arguments: no out at all, or no base (out reset) */
    ASSERT_EQ(ms_records_create_extended(KEY, r, &in[0], NULL), MS_REC_E_ARG);
    over = (ms_records *)&over;
    ASSERT_EQ(ms_records_create_extended(KEY, NULL, &in[0], &over), MS_REC_E_ARG);
    ASSERT_NULL(over);
    ms_records_free(r);
    ms_records_free(full);
    return 0;
}

TEST(records_A57_import_rejects_and_leaves_nothing) {
    uint8_t blob[512];
    size_t len = seal_sample(blob, sizeof blob, 2, 0);
    ms_records *r = (ms_records *)&r; /* must be reset to NULL on failure */
    blob[len - 1] ^= 0x40;
    ASSERT_EQ(ms_records_import(KEY, blob, len, &r), MS_REC_E_AUTH);
    ASSERT_NULL(r);
    blob[len - 1] ^= 0x40;
    ASSERT_EQ(ms_records_import(KEY, blob, len - 1, &r), MS_REC_E_TRUNCATED);
    ASSERT_EQ(ms_records_import(KEY, blob, 1u << 20, &r), MS_REC_E_TRAILING);
    ASSERT_EQ(ms_records_import(KEY, NULL, 0, &r), MS_REC_E_TRUNCATED);
    ASSERT_EQ(ms_records_import(NULL, blob, len, &r), MS_REC_E_ARG);
    ASSERT_EQ(ms_records_import(KEY, blob, len, NULL), MS_REC_E_ARG);
    ASSERT_NULL(r);
    ms_records_hop h = sample_hop(0, 0);
    ASSERT_EQ(ms_records_create(KEY, &h, 0, &r), MS_REC_E_ARG);
    ASSERT_NULL(r);
    return 0;
}

/* ---- FwpsQueryConnectionSioFormatRedirectRecords0 (A50) ---- */

static ms_records *sample_object(size_t n) {
    ms_records_hop in[MS_RECORDS_MAX_HOPS];
    for (unsigned i = 0; i < n; i++) in[i] = sample_hop(i, 32);
    ms_records *r = NULL;
    ASSERT_EQ(ms_records_create(KEY, in, n, &r), MS_REC_OK);
    return r;
}

TEST(records_A50_format_success_copies_sio_bytes) {
    ms_records *r = sample_object(4);
    size_t len = 0, bt = 0;
    const uint8_t *bytes = ms_records_bytes(r, &len);
    uint64_t out[1024]; /* pointer-aligned, as the DDI demands */
    ASSERT_EQ(ms_records_format_sio(r, out, sizeof out, &bt), MS_STATUS_SUCCESS);
    ASSERT_EQ(bt, len);
    ASSERT_MEM_EQ(out, bytes, len);
    ASSERT_EQ(ms_records_format_sio(r, out, len, NULL), MS_STATUS_SUCCESS); /* exact, no count */
    ASSERT_EQ(open_blob((const uint8_t *)out, len), MS_REC_OK); /* what SET will be handed */
    ms_records_free(r);
    return 0;
}

TEST(records_A50_format_buffer_too_small_gives_required_size) {
    ms_records *r = sample_object(64); /* a long chain: more than 8 KiB */
    size_t len = 0, bt = 0;
    ms_records_bytes(r, &len);
    ASSERT_EQ(len, 16 + 64 * 132 + 32);
    ASSERT_EQ(ms_records_format_sio(r, NULL, 0, &bt), MS_STATUS_BUFFER_TOO_SMALL);
    ASSERT_EQ(bt, len);
    uint64_t *out = malloc(8192);
    ASSERT_NOT_NULL(out);
    memset(out, 0x5A, 8192);
    bt = 0;
    ASSERT_EQ(ms_records_format_sio(r, out, 8192, &bt), MS_STATUS_BUFFER_TOO_SMALL);
    ASSERT_EQ(bt, len);
    ASSERT_EQ(((uint8_t *)out)[0], 0x5A); /* nothing transferred */
    bt = 0;
    ASSERT_EQ(ms_records_format_sio(r, out, len - 1, &bt), MS_STATUS_BUFFER_TOO_SMALL);
    ASSERT_EQ(bt, len);
    ASSERT_EQ(ms_records_format_sio(r, out, 1, NULL), MS_STATUS_BUFFER_TOO_SMALL);
    free(out);
    ms_records_free(r);
    return 0;
}

TEST(records_A50_format_null_records_not_found) {
    uint64_t out[64];
    size_t bt = 1234;
    ASSERT_EQ(ms_records_format_sio(NULL, out, sizeof out, &bt), MS_STATUS_NOT_FOUND);
    ASSERT_EQ(bt, 0);
    ASSERT_EQ(ms_records_format_sio(NULL, NULL, 0, NULL), MS_STATUS_NOT_FOUND);
    ASSERT_EQ(ms_records_format_sio_blob(NULL, 0, out, sizeof out, &bt), MS_STATUS_NOT_FOUND);
    return 0;
}

TEST(records_A50_format_misaligned_or_null_buffer_fails) {
    ms_records *r = sample_object(1);
    size_t len = 0, bt = 99;
    ms_records_bytes(r, &len);
    uint64_t out[256];
    ASSERT_EQ(ms_records_format_sio(r, (uint8_t *)out + 1, sizeof out - 1, &bt), MS_STATUS_DATATYPE_MISALIGNMENT);
    ASSERT_EQ(bt, 0);
    ASSERT_EQ(ms_records_format_sio(r, NULL, len, &bt), MS_STATUS_INVALID_PARAMETER);
    ms_records_free(r);
    return 0;
}
