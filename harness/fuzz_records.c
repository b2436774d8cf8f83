/*
 * fuzz_records.c: SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS with record blobs: arbitrary
 * bytes, and real blobs taken from a redirected flow and then edited (bits flipped, bytes
 * set, truncated, extended, spliced) or left intact.
 *
 * Why: the records are the one opaque thing a proxy hands back to the kernel, so the
 * kernel's parser meets whatever a buggy or hostile proxy sends (A57).  An edited blob must
 * be refused (the set_no_seal_check fault accepts it), and so must another world's intact
 * blob (the seal_key_shared fault, one key for every kernel, accepts it); this world's
 * intact one must be accepted on a fresh socket (A51), and the proxied connect that follows
 * must not be redirected back to the proxy (A59, A76: the loop the records exist to prevent).
 */
#include <string.h>

#include "wh.h"

#define BLOB_MAX 16384

/* Applies up to 8 edits chosen by the input to blob; returns the new length. */
static size_t edit(fdp *in, uint8_t *blob, size_t len) {
    int edits = (int)wh_fdp_range(in, 1, 8);
    for (int i = 0; i < edits; i++) {
        size_t at = len ? wh_fdp_range(in, 0, (uint32_t)len - 1) : 0;
        switch (wh_fdp_range(in, 0, 4)) {
        case 0: /* one bit */
            if (len) blob[at] ^= (uint8_t)(1u << wh_fdp_range(in, 0, 7));
            wh_fdp_step("edit: flip a bit at %zu", at);
            break;
        case 1: /* one byte: lengths and counts inside the blob are the interesting targets */
            if (len) blob[at] = wh_fdp_u8(in);
            wh_fdp_step("edit: byte %zu = 0x%02x", at, len ? blob[at] : 0);
            break;
        case 2: /* truncate */
            len = at;
            wh_fdp_step("edit: truncate to %zu", len);
            break;
        case 3: { /* append input bytes */
            const uint8_t *p;
            size_t n = wh_fdp_bytes(in, wh_fdp_range(in, 1, 64), &p);
            if (len + n > BLOB_MAX) n = BLOB_MAX - len;
            memcpy(blob + len, p, n);
            len += n;
            wh_fdp_step("edit: append %zu bytes", n);
            break;
        }
        default: { /* repeat a slice (a hop duplicated) */
            size_t n = len - at;
            if (len + n > BLOB_MAX) n = BLOB_MAX - len;
            memmove(blob + len, blob + at, n);
            len += n;
            wh_fdp_step("edit: repeat %zu bytes from %zu", n, at);
            break;
        }
        }
    }
    return len;
}

int wh_fuzz_records(const uint8_t *data, size_t size) {
    static uint8_t real[BLOB_MAX], blob[BLOB_MAX];
    fdp in;
    wh_fdp_init(&in, data, size);
    wh_other_world_records(AF_INET, NULL, 0); /* made before any world of the input's is open */
    wh_ctx x;
    wh_begin(&x, &in);
    wh_choose_profile(&x);
    if (wh_fdp_range(&in, 0, 7) == 0) wh_unelevate(&x);
    int af = wh_fdp_bool(&in) ? AF_INET6 : AF_INET;
    wh_sock *src = wh_socket(&x, WH_S_REDIRECTED, af, 1);
    if (!src) wh_fail("harness", "no redirected flow");
    ULONG n = wh_issued(&x, src, 0, real, sizeof real);
    if (n == WC_ORACLE_LEN_UNKNOWN) { /* a target that cannot tell (native): the records the proxy is given */
        DWORD got = 0;
        wh_t(&x);
        wh_fdp_c("static unsigned char real[%d]; { DWORD cb; WSAIoctl(%s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, "
                 "NULL, 0, "
                 "real, sizeof real, &cb, NULL, NULL); }",
                 BLOB_MAX, src->name);
        n = WSAIoctl(src->s, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, real, sizeof real, &got, NULL, NULL)
                ? 0
                : got;
    }
    if (n == 0 || n == WC_ORACLE_LEN_UNKNOWN || n > sizeof real)
        wh_fail("harness", "the redirected flow carries no records");

    /* The blob: intact (A51), edited (A57), raw input bytes (genuineness unknown), or the intact
     * records of another world's flow (genuine there, not here: A57). */
    size_t len;
    int genuine, other = 0;
    switch (wh_fdp_range(&in, 0, 4)) {
    case 0:
        memcpy(blob, real, n);
        len = n;
        genuine = 1;
        wh_fdp_step("blob: the flow's records, intact (%zu bytes)", len);
        break;
    case 1: {
        const uint8_t *p;
        len = wh_fdp_bytes(&in, wh_fdp_range(&in, 0, 4096), &p);
        memcpy(blob, p, len);
        genuine = -1;
        wh_fdp_step("blob: %zu bytes of input", len);
        break;
    }
    case 4:
        len = wh_other_world_records(af, blob, sizeof blob);
        if (!len) wh_unsupported(&x, "open a second world for its records");
        genuine = 0;
        other = 1;
        wh_fdp_step("blob: records another world issued for its own flow (%zu bytes)", len);
        wh_fdp_c("/* the blob: records a second target issued for a redirected flow (wh_other_world_records) */");
        break;
    default:
        memcpy(blob, real, n);
        len = edit(&in, blob, n);
        genuine = len == n && memcmp(blob, real, n) == 0;
        wh_fdp_step("blob: the flow's records, edited (%zu bytes, %s)", len, genuine ? "unchanged" : "changed");
        break;
    }

    /* The socket SET goes to: mostly a fresh one, as a proxy would (A51, A58). */
    static const wh_sock_kind kinds[] = {WH_S_FRESH,     WH_S_FRESH, WH_S_FRESH,  WH_S_FRESH,    WH_S_BOUND,
                                         WH_S_LISTENING, WH_S_PLAIN, WH_S_CLOSED, WH_S_UDP_PROXY};
    wh_sock_kind kind = wh_fdp_pick(&in, kinds); /* decisions in a fixed order: arguments have none */
    int overlapped = wh_fdp_range(&in, 0, 3) != 0;
    wh_sock *dst = wh_socket(&x, kind, af, overlapped);
    if (!dst) wh_fail("harness", "no socket to SET on");
    static const wh_ptr_kind ptrs[] = {WH_P_HEAP,  WH_P_HEAP,     WH_P_HEAP, WH_P_GUARDED, WH_P_MISALIGNED,
                                       WH_P_SHORT, WH_P_UNMAPPED, WH_P_NULL, WH_P_READONLY};
    wh_ioctl_args a;
    memset(&a, 0, sizeof a);
    a.sock = dst;
    a.code = SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS;
    /* cbInBuffer usually the blob's length; sometimes off by a little (a truncated blob). */
    DWORD cb = (DWORD)len;
    if (wh_fdp_range(&in, 0, 7) == 0) cb = wh_pick_len(&in, (DWORD)len);
    if (cb > len && cb <= BLOB_MAX) memset(blob + len, 0, cb - len);
    a.in = wh_buffer(&x, wh_fdp_pick(&in, ptrs), cb, blob, cb < len ? cb : len);
    /* Judged on the bytes the call reads (cb of them): an edited blob cut back to its original
     * length is the intact blob again, and a read-only page holds zeros, not the blob. */
    int reads_real = cb == n && a.in.filled >= cb && memcmp(blob, real, n) == 0;
    a.in_genuine = other ? 0 : reads_real ? 1 : genuine == -1 && a.in.filled >= cb ? -1 : 0;
    a.lpcb = WH_P_HEAP;
    a.mode = (wc_oracle_mode)wh_fdp_range(&in, 0, 3);
    a.out = wh_buffer(&x, WH_P_NULL, wh_fdp_range(&in, 0, 15) == 0 ? 4 : 0, NULL, 0);
    int r = wh_ioctl(&x, &a);

    /* The proxied connect: after a successful SET it must reach the server, not the proxy. */
    if (r == 0 && dst->kind == WH_S_FRESH && a.in_genuine == 1) {
        wh_fdp_step("connect(%s) to the original destination; then accept on the proxy listener", dst->name);
        wh_fdp_c("{ u_long nb = 1; ioctlsocket(%s, FIONBIO, &nb); connect(%s, (struct sockaddr *)&f1.original_dst, %d);"
                 " wt_complete_pended(t); }",
                 dst->name, dst->name, af == AF_INET6 ? 28 : 16);
        u_long nb = 1;
        ioctlsocket(dst->s, FIONBIO, &nb);
        ioctlsocket(src->listener, FIONBIO, &nb);
        connect(dst->s, (struct sockaddr *)&src->original_dst, af == AF_INET6 ? 28 : 16);
        wt_complete_pended(wh_t(&x));
        SOCKET again = accept(src->listener, NULL, NULL);
        if (again != INVALID_SOCKET)
            wh_fail("A76",
                    "the proxy's own connect, carrying the flow's records, was redirected back to the proxy (a loop)");
    }
    wh_end(&x);
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
WH_FUZZ_ENTRY(wh_fuzz_records)
#endif
