/*
 * proxy_common.c: the helpers both sample redirect services share (see proxy_common.h).
 *
 * The query follows what real consumers had to learn (SEMANTICS 6): Windows and its pages
 * disagree on the too-small answer (C1: ERROR_INSUFFICIENT_BUFFER or WSAEFAULT with the
 * required size, or WSAEINVAL with size 0), so the probe accepts every documented shape and
 * never loops: one probe, one sized call.
 */
#include "proxy_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PX_FALLBACK_SIZE 8192 /* A49: WFPSampler's records buffer */

void px_blob_free(px_blob *b) {
    if (!b) return;
    free(b->bytes);
    b->bytes = NULL;
    b->len = 0;
}

int px_blob_copy(px_blob *dst, const void *src, ULONG len) {
    dst->bytes = malloc(len ? len : 1);
    dst->len = 0;
    if (!dst->bytes) return WSAENOBUFS;
    if (len) memcpy(dst->bytes, src, len);
    dst->len = len;
    return 0;
}

int px_query_blob(SOCKET s, DWORD code, px_blob *out, px_query_info *info) {
    memset(out, 0, sizeof *out);
    memset(info, 0, sizeof *info);
    DWORD got = 0;
    /* The size probe of the Remarks: no buffer, cbOutBuffer 0 (A35).  A success here would
     * claim bytes were copied into nothing; treat it as "nothing to read". */
    if (WSAIoctl(s, code, NULL, 0, NULL, 0, &got, NULL, NULL) == 0) return WSAEINVAL;
    int err = WSAGetLastError();
    info->probe_error = err;
    ULONG size;
    if ((err == ERROR_INSUFFICIENT_BUFFER || err == WSAEFAULT) && got > 0) {
        size = got; /* A34 (b)/(c), the rama retry of A92 */
    } else if (err == WSAEINVAL && got == 0) {
        size = PX_FALLBACK_SIZE; /* A34 (a) / C2: no size given; a buffer large enough in practice */
        info->fallback_8192 = 1;
    } else {
        return err; /* not redirected, no context, not connected, ... */
    }
    BYTE *buf = malloc(size);
    if (!buf) return WSAENOBUFS;
    info->retried = 1;
    got = 0;
    if (WSAIoctl(s, code, NULL, 0, buf, size, &got, NULL, NULL) != 0) {
        err = WSAGetLastError();
        free(buf);
        return err; /* still too small after the one retry: give up, never loop */
    }
    if (got == 0 || got > size) { /* A33: a synchronous success cannot report 0 bytes */
        free(buf);
        return WSAEINVAL;
    }
    out->bytes = buf;
    out->len = got;
    return 0;
}

int px_context_original_dst(const px_blob *ctx, SOCKADDR_STORAGE *dst) {
    if (!ctx || !ctx->bytes || ctx->len < sizeof(SOCKADDR_STORAGE)) return 0;
    SOCKADDR_STORAGE a;
    memcpy(&a, ctx->bytes, sizeof a); /* the blob need not be aligned */
    if (a.ss_family != AF_INET && a.ss_family != AF_INET6) return 0;
    *dst = a;
    return 1;
}

/* ------------------------------------------------------------- addresses */
int px_addr_len(const SOCKADDR_STORAGE *a) {
    return a->ss_family == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in);
}

int px_addr_equal(const SOCKADDR_STORAGE *a, const SOCKADDR_STORAGE *b) {
    if (a->ss_family != b->ss_family) return 0;
    if (a->ss_family == AF_INET) {
        const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
        return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }
    const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
    return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
}

USHORT px_addr_port(const SOCKADDR_STORAGE *a) { return ntohs(((const struct sockaddr_in *)a)->sin_port); }

void px_addr_loopback(int af, USHORT port, SOCKADDR_STORAGE *out) {
    memset(out, 0, sizeof *out);
    out->ss_family = (ADDRESS_FAMILY)af;
    if (af == AF_INET)
        ((struct sockaddr_in *)out)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else
        ((struct sockaddr_in6 *)out)->sin6_addr.s6_addr[15] = 1;
    ((struct sockaddr_in *)out)->sin_port = htons(port);
}

ULONG px_addr_hash(const SOCKADDR_STORAGE *a) {
    const BYTE *p = (const BYTE *)a;
    int len = px_addr_len(a);
    ULONG h = 2166136261u; /* FNV-1a over the address as laid out */
    for (int i = 0; i < len; i++) {
        /* sin6_flowinfo and the padding of sockaddr_in carry no identity */
        if (a->ss_family == AF_INET && i >= 8) break;
        if (a->ss_family == AF_INET6 && i >= 4 && i < 8) continue;
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

/* ------------------------------------------------------------- tampering */
const char *px_tamper_name(px_tamper t) {
    static const char *const names[] = {"none", "edit", "truncate", "forge"};
    return (unsigned)t < 4 ? names[t] : "?";
}

int px_tamper_parse(const char *s, px_tamper *out) {
    for (int i = 0; i < 4; i++)
        if (strcmp(s, px_tamper_name((px_tamper)i)) == 0) {
            *out = (px_tamper)i;
            return 0;
        }
    return -1;
}

int px_tamper_apply(px_tamper t, const px_blob *in, px_blob *out) {
    int e = px_blob_copy(out, in->bytes, in->len);
    if (e || !out->len) return e;
    switch (t) {
    case PX_TAMPER_EDIT:
        out->bytes[out->len / 2] ^= 0x01;
        break;
    case PX_TAMPER_TRUNCATE:
        out->len--;
        break;
    case PX_TAMPER_FORGE:
        /* Keep a plausible header so only the seal can tell: everything after it is made up. */
        for (ULONG i = out->len > 16 ? 16 : 0; i < out->len; i++) out->bytes[i] = (BYTE)(0xA5 ^ i);
        break;
    default:
        break;
    }
    return 0;
}

/* ---------------------------------------------------------------- reports */
int px_report(px_observer obs, void *ctx, const px_flow_ref *f, px_event_kind kind, int error, const char *what,
              const px_blob *records, const px_blob *context, const SOCKADDR_STORAGE *upstream_local) {
    if (!obs) return 0;
    px_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.vendor = f->vendor;
    ev.proxy_port = f->port;
    ev.proto = f->proto;
    ev.accepted = f->accepted;
    ev.upstream = f->upstream;
    ev.client = *f->client;
    if (upstream_local) ev.upstream_local = *upstream_local;
    ev.original_dst = *f->original_dst;
    ev.records = records;
    ev.context = context;
    ev.error = error;
    ev.what = what;
    ev.bytes_up = f->bytes[1];
    ev.bytes_down = f->bytes[0];
    return obs(ctx, &ev);
}

/* ------------------------------------------------------ completion loops */
int px_drain(HANDLE port, DWORD wait_ms, int max, px_completion fn, void *ctx) {
    int n = 0;
    for (DWORD wait = wait_ms; n < max; wait = 0) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED ov = NULL;
        BOOL ok = GetQueuedCompletionStatus(port, &bytes, &key, &ov, wait);
        if (!ov) break; /* timeout (or a port failure): nothing more now */
        fn(ctx, ov, ok, bytes, ok ? 0 : GetLastError());
        n++;
    }
    return n;
}

void px_drain_aborts(HANDLE port, int (*busy)(void *ctx), px_completion fn, void *ctx) {
    /* A transport that completes the aborts on another thread gets a moment to do so. */
    for (int idle = 0; port && busy(ctx) && idle < 200;)
        if (!px_drain(port, 10, 1, fn, ctx)) idle++;
}
