/*
 * test_seal.c: the kernel's sealing secret is per world and cannot be guessed (A57;
 * wfp/engine.c).  A blob re-sealed by user-mode code under any key it could know, or taken
 * from another world, must be refused; a blob queried on one socket still works on another
 * socket of the same world (the proxy's normal use); a seeded run repeats its bytes.
 */
#include <stdint.h>
#include <string.h>

#include "../wfp/hmac_sha256.h"
#include "../wfp/records.h"
#include "wfpcert/target_model.h"
#include "unit.h"
#include "unit_fixtures.h"

#define QREC SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define SETREC SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS

/* The constant every world used before keys were per world: the first key a forger tries. */
static const uint8_t OLD_KEY[MS_RECORDS_KEY_SIZE] = "WFPCERT-model-kernel-seal-key-01";

/* A redirected flow's records in a new world. */
static ULONG world_blob(wt_target **t, uint8_t *buf, ULONG cap) {
    *t = fx_open(NULL);
    wt_tcp_flow f;
    SOCKET s = fx_redirected(*t, AF_INET, 0, &f);
    return fx_query(*t, s, QREC, buf, cap);
}

static int set_on_fresh(const uint8_t *blob, ULONG n) {
    SOCKET s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    ASSERT(s != INVALID_SOCKET);
    DWORD cb = 0;
    int rc = WSAIoctl(s, SETREC, (void *)blob, n, NULL, 0, &cb, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    closesocket(s);
    return err;
}

TEST(seal_A57_resealed_under_guessed_keys_refused) {
    uint8_t blob[4096], edit[4096];
    wt_target *t;
    ULONG n = world_blob(&t, blob, sizeof blob);
    ASSERT_GT(n, MS_RECORDS_MAC_SIZE);
    ASSERT_EQ(set_on_fresh(blob, n), 0); /* the genuine blob: another socket, same world */
    static const uint8_t zero[MS_RECORDS_KEY_SIZE];
    const uint8_t *guesses[] = {OLD_KEY, zero};
    for (size_t g = 0; g < 2; g++) {
        memcpy(edit, blob, n);
        edit[n / 3] ^= 0x04; /* an edit a forger wants, then the MAC made anew */
        ms_hmac_sha256(guesses[g], MS_RECORDS_KEY_SIZE, edit, n - MS_RECORDS_MAC_SIZE, edit + n - MS_RECORDS_MAC_SIZE);
        ASSERT(set_on_fresh(edit, n) != 0);
        memcpy(edit, blob, n); /* unedited, re-sealed: still not the world's key */
        ms_hmac_sha256(guesses[g], MS_RECORDS_KEY_SIZE, edit, n - MS_RECORDS_MAC_SIZE, edit + n - MS_RECORDS_MAC_SIZE);
        ASSERT(set_on_fresh(edit, n) != 0);
    }
    return fx_close(t);
}

TEST(seal_A57_blob_from_another_world_refused) {
    uint8_t a[4096], b[4096];
    wt_target *t;
    ULONG na = world_blob(&t, a, sizeof a);
    wt_close(t);
    ULONG nb = world_blob(&t, b, sizeof b);
    ASSERT_EQ(na, nb);
    ASSERT(memcmp(a, b, na) != 0); /* same flow shape, different keys */
    ASSERT(set_on_fresh(a, na) != 0);
    ASSERT_EQ(set_on_fresh(b, nb), 0);
    return fx_close(t);
}

TEST(seal_seeded_worlds_repeat_their_bytes) {
    uint8_t a[4096], b[4096];
    wt_target *t;
    ASSERT_EQ(wt_model_seal_seed(42), WT_OK);
    ULONG na = world_blob(&t, a, sizeof a);
    wt_close(t);
    ASSERT_EQ(wt_model_seal_seed(42), WT_OK);
    ULONG nb = world_blob(&t, b, sizeof b);
    ASSERT_EQ(na, nb);
    ASSERT(memcmp(a, b, na) == 0);
    ASSERT_EQ(set_on_fresh(a, na), 0);
    return fx_close(t);
}
