/*
 * setup_calls.c: the plain Winsock calls every proxy makes around the redirect IOCTLs,
 * checked for their own effect.
 *
 * Why: the catalogue uses FIONBIO, send and recv only to set scenes up, so a stack that gets
 * them wrong passed as long as the scene still came up; yet a proxy built on such a stack
 * breaks on every connection.  Mutation testing (docs/MUTANTS.md) found both gaps: FIONBIO
 * taking a short input, and a receive at end of stream returning a byte.
 */
#include "cases.h"

#include <string.h>

/* S3 (SDK-WSAIOCTL, FIONBIO): the input is a u_long; a short or missing one is WSAEFAULT; a
 * non-blocking socket's receive with nothing queued is WSAEWOULDBLOCK, a blocking one's is
 * not asked here (it would wait). */
static void fionbio(wc_ctx *c)
{
    wt_tcp_flow f;
    if (!wk_redirected(c, 0, &f)) return;
    u_long on = 1;
    DWORD cb = WK_SENTINEL;
    int rc = WSAIoctl(f.accepted, FIONBIO, NULL, 0, NULL, 0, &cb, NULL, NULL);
    int err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "FIONBIO without an input: rc=%d err=%d, expected WSAEFAULT",
             rc, err);
    rc = WSAIoctl(f.accepted, FIONBIO, &on, 2, NULL, 0, &cb, NULL, NULL);
    err = rc ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEFAULT, "FIONBIO with a 2-byte input: rc=%d err=%d, expected WSAEFAULT",
             rc, err);
    rc = WSAIoctl(f.accepted, FIONBIO, &on, sizeof on, NULL, 0, &cb, NULL, NULL);
    wc_check(c, rc == 0, "FIONBIO 1: rc=%d err=%d", rc, rc ? WSAGetLastError() : 0);
    char buf[16];
    rc = recv(f.accepted, buf, sizeof buf, 0);
    err = rc < 0 ? WSAGetLastError() : 0;
    wc_check(c, rc == SOCKET_ERROR && err == WSAEWOULDBLOCK,
             "recv on a non-blocking socket with nothing queued: rc=%d err=%d, expected WSAEWOULDBLOCK", rc, err);
}

/* S3 (SDK-RECV): bytes arrive as sent, and after the peer's shutdown a receive returns 0. */
static void stream_bytes_and_eof(wc_ctx *c)
{
    wt_tcp_flow f;
    if (!wk_redirected(c, 0, &f)) return;
    static const char msg[] = "proxied bytes";
    int rc = send(f.client, msg, (int)sizeof msg, 0);
    wc_check(c, rc == (int)sizeof msg, "send: %d (err %d)", rc, rc < 0 ? WSAGetLastError() : 0);
    char buf[64];
    int got = 0;
    while (got < (int)sizeof msg) {
        rc = recv(f.accepted, buf + got, (int)sizeof buf - got, 0);
        if (rc <= 0) break;
        got += rc;
    }
    wc_check(c, got == (int)sizeof msg && memcmp(buf, msg, sizeof msg) == 0,
             "the proxy received %d bytes, not the %d the application sent", got, (int)sizeof msg);
    rc = shutdown(f.client, SD_SEND);
    wc_check(c, rc == 0, "shutdown: %d", rc ? WSAGetLastError() : 0);
    rc = recv(f.accepted, buf, sizeof buf, 0);
    wc_check(c, rc == 0, "recv after the peer's shutdown returned %d (err %d), expected 0", rc,
             rc < 0 ? WSAGetLastError() : 0);
}

static const wc_case cases[] = {
    WK_CASE("S3.fionbio", "S3", "#dwiocontrolcode", WC_MUST,
            "FIONBIO: WSAEFAULT without a u_long; then a non-blocking recv gives WSAEWOULDBLOCK", fionbio),
    WK_CASE("S3.stream-bytes-and-eof", "S3", "#remarks", WC_MUST,
            "the bytes sent arrive unchanged; recv after the peer's shutdown returns 0", stream_bytes_and_eof),
};
WK_TABLE(wk_setup_calls, cases);
