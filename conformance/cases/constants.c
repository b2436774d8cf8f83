/*
 * constants.c: cases A01..A14, the numbers and layouts every caller compiles in (SEMANTICS
 * 1.1, 1.4, 2).
 *
 * Why at run time as well as in winsock.h's static asserts: on the native target these
 * bodies check the Windows SDK the suite was built with (mingw-w64 lacks the three codes,
 * SEMANTICS 1.1), and a report shows each value next to its clause.  A07/A08 depend on the
 * pointer size of the build; the other width is unsupported, not failed.
 */
#include "cases.h"

#include <stdint.h>
#include <string.h>

static void a01(wc_ctx *c) { wc_expect_int(c, (DWORD)SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, 0x980000DCu); }
static void a02(wc_ctx *c) { wc_expect_int(c, (DWORD)SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, 0x980000DDu); }
static void a03(wc_ctx *c) { wc_expect_int(c, (DWORD)SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, 0x980000DEu); }

/* A04: I=1, O=0, T=3 (vendor), vendor 0, codes 220..222 for all three; the input-only bit
 * of the QUERY codes must not stop a QUERY from returning data (checked by A33). */
static void a04(wc_ctx *c) {
    static const DWORD codes[3] = {SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT,
                                   SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS};
    for (int i = 0; i < 3; i++) {
        DWORD v = codes[i];
        wc_check(c, (v & IOC_IN) != 0, "code 0x%08x: IOC_IN not set", (unsigned)v);
        wc_check(c, (v & IOC_OUT) == 0, "code 0x%08x: IOC_OUT set", (unsigned)v);
        wc_check(c, (v & IOC_VOID) == 0, "code 0x%08x: IOC_VOID set", (unsigned)v);
        wc_expect_int(c, (v >> 27) & 3, 3);
        wc_expect_int(c, (v >> 16) & 0x7FF, 0);
        wc_expect_int(c, v & 0xFFFF, 220 + i);
    }
    wc_expect_int(c, (DWORD)_WSAIOW(IOC_VENDOR, 220), 0x980000DCu);
}

static void a05(wc_ctx *c) {
    wc_expect_int(c, IP_WFP_REDIRECT_RECORDS, 60);
    wc_expect_int(c, IP_WFP_REDIRECT_CONTEXT, 70);
    wc_expect_int(c, IPV6_WFP_REDIRECT_RECORDS, 60);
    wc_expect_int(c, IPV6_WFP_REDIRECT_CONTEXT, 70);
}

static void a06(wc_ctx *c) {
    wc_expect_int(c, MSG_TRUNC, 0x100);
    wc_expect_int(c, MSG_CTRUNC, 0x200);
    wc_expect_int(c, MSG_BCAST, 0x400);
    wc_expect_int(c, MSG_MCAST, 0x800);
}

/* A07/A08: the header size, WSA_CMSG_LEN(0/1), WSA_CMSG_SPACE(0/1/8/9) for one pointer size. */
typedef struct cmsg_layout {
    size_t ptr, hdr, len[2], space[4];
} cmsg_layout;
static const cmsg_layout x64 = {8, 16, {16, 17}, {16, 24, 24, 32}};
static const cmsg_layout x86 = {4, 12, {12, 13}, {12, 16, 20, 24}};

static void a07_08(wc_ctx *c) {
    const cmsg_layout *l = wc_current(c)->param;
    if (sizeof(void *) != l->ptr)
        wc_unsupported(c, "this build has %u-byte pointers; the %u-byte layout needs a build for it",
                       (unsigned)sizeof(void *), (unsigned)l->ptr);
    wc_expect_int(c, sizeof(WSACMSGHDR), l->hdr);
    wc_expect_int(c, WSA_CMSG_LEN(0), l->len[0]);
    wc_expect_int(c, WSA_CMSG_LEN(1), l->len[1]);
    static const size_t n[4] = {0, 1, 8, 9};
    for (int i = 0; i < 4; i++) wc_expect_int(c, WSA_CMSG_SPACE(n[i]), l->space[i]);
    WSACMSGHDR h[4];
    wc_expect_int(c, (BYTE *)WSA_CMSG_DATA(&h[0]) - (BYTE *)&h[0], WSA_CMSGDATA_ALIGN(l->hdr));
}

/* A09/C20: cmsg_len is a SIZE_T, so the header is pointer-sized plus two INTs. */
static void a09(wc_ctx *c) {
    wc_expect_int(c, sizeof(((WSACMSGHDR *)0)->cmsg_len), sizeof(SIZE_T));
    wc_expect_int(c, sizeof(WSACMSGHDR), sizeof(void *) == 8 ? 16 : 12);
    wc_observe(c, "C20.-", "%s", sizeof(WSACMSGHDR) == 12 ? "uint" : "size_t");
}

static void a10(wc_ctx *c) {
    if (sizeof(void *) == 8) {
        wc_expect_int(c, sizeof(WSAMSG), 56);
        wc_expect_int(c, offsetof(WSAMSG, Control), 32);
        wc_expect_int(c, offsetof(WSAMSG, dwFlags), 48);
        wc_expect_int(c, sizeof(WSABUF), 16);
    } else {
        wc_expect_int(c, sizeof(WSAMSG), 28);
    }
}

static void a11(wc_ctx *c) {
    BYTE buf[64];
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.Control.buf = (CHAR *)buf;
    m.Control.len = (ULONG)sizeof(WSACMSGHDR) - 1;
    wc_check(c, WSA_CMSG_FIRSTHDR(&m) == NULL, "FIRSTHDR with Control.len %u < sizeof(WSACMSGHDR)",
             (unsigned)m.Control.len);
    m.Control.len = (ULONG)sizeof(WSACMSGHDR);
    wc_check(c, WSA_CMSG_FIRSTHDR(&m) == (LPWSACMSGHDR)buf, "FIRSTHDR with Control.len = sizeof(WSACMSGHDR)");
}

/* A12 [U][M]: the SDK's NXTHDR makes no progress on cmsg_len 0; recorded, not judged. */
static void a12(wc_ctx *c) {
    _Alignas(8) BYTE buf[128];
    memset(buf, 0, sizeof buf);
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.Control.buf = (CHAR *)buf;
    m.Control.len = sizeof buf;
    LPWSACMSGHDR h = (LPWSACMSGHDR)buf;
    LPWSACMSGHDR n = WSA_CMSG_NXTHDR(&m, h);
    wc_log(c, "NXTHDR on cmsg_len 0 returned %s", n == h ? "the same header" : n ? "a later header" : "NULL");
    wc_check(c, n == h || n == NULL || (BYTE *)n > (BYTE *)h, "NXTHDR moved backwards");
    wc_observe(c, "A12.-", "%s", n == h ? "no-progress" : n ? "progress" : "null");
}

static void a13(wc_ctx *c) {
    _Alignas(8) BYTE buf[64];
    memset(buf, 0, sizeof buf);
    WSAMSG m;
    memset(&m, 0, sizeof m);
    m.Control.buf = (CHAR *)buf;
    m.Control.len = (ULONG)(WSA_CMSG_SPACE(8) + sizeof(WSACMSGHDR) - 1); /* no room for a second header */
    LPWSACMSGHDR h = (LPWSACMSGHDR)buf;
    h->cmsg_len = WSA_CMSG_LEN(8);
    wc_check(c, WSA_CMSG_NXTHDR(&m, h) == NULL, "NXTHDR returned a header that does not fit in Control.len");
    m.Control.len = (ULONG)(WSA_CMSG_SPACE(8) + sizeof(WSACMSGHDR));
    wc_check(c, WSA_CMSG_NXTHDR(&m, h) == (LPWSACMSGHDR)(buf + WSA_CMSGHDR_ALIGN(WSA_CMSG_LEN(8))),
             "NXTHDR did not step to the next aligned header");
}

static void a14(wc_ctx *c) {
    wc_expect_int(c, ERROR_INSUFFICIENT_BUFFER, 122);
    wc_expect_int(c, WSAEFAULT, 10014);
    wc_expect_int(c, WSAEINVAL, 10022);
    wc_expect_int(c, WSAEOPNOTSUPP, 10045);
    wc_expect_int(c, WSAENOTSOCK, 10038);
    wc_expect_int(c, WSAENOTCONN, 10057);
    wc_expect_int(c, WSAEACCES, 10013);
    wc_expect_int(c, WSA_IO_PENDING, 997);
    wc_expect_int(c, WSA_OPERATION_ABORTED, 995);
    wc_expect_int(c, WSA_IO_INCOMPLETE, 996);
    wc_expect_int(c, (DWORD)FWP_E_NOT_FOUND, 0x80320008u);
    wc_check(c, ERROR_INSUFFICIENT_BUFFER < WSABASEERR, "ERROR_INSUFFICIENT_BUFFER is outside the WSA range");
}

static const wc_case cases[] = {
    WC_CASE("A01.records-code", "A01", "#dwiocontrolcode", WC_MUST, "0x980000DC", a01),
    WC_CASE("A02.context-code", "A02", "#dwiocontrolcode", WC_MUST, "0x980000DD", a02),
    WC_CASE("A03.set-code", "A03", "#dwiocontrolcode", WC_MUST, "0x980000DE", a03),
    WC_CASE("A04.code-bits", "A04", "#dwiocontrolcode", WC_MUST, "I=1 O=0 T=3 vendor 0, codes 220..222", a04),
    WC_CASE("A05.cmsg-types", "A05", "#remarks", WC_MUST, "60 and 70 for IP and IPV6", a05),
    WC_CASE("A06.msg-flags", "A06", "#remarks", WC_MUST, "0x100 0x200 0x400 0x800", a06),
    WC_CASE_P("A07.cmsg-x64", "A07", "#remarks", WC_MUST, "16-byte header, LEN 16+n, SPACE 16/24/24/32", a07_08, &x64),
    WC_CASE_P("A08.cmsg-x86", "A08", "#remarks", WC_MUST, "12-byte header, LEN 12+n, SPACE 12/16/20/24", a07_08, &x86),
    WC_CASE("A09.cmsg-len-size_t", "A09,C20", "#remarks", WC_MUST, "cmsg_len is SIZE_T (16-byte header on x64)", a09),
    WC_CASE("A10.wsamsg-layout", "A10", "#remarks", WC_MUST, "x64 56 bytes, Control at 32; x86 28", a10),
    WC_CASE("A11.firsthdr-short", "A11", "#remarks", WC_MUST, "FIRSTHDR NULL below sizeof(WSACMSGHDR)", a11),
    WC_CASE("A12.nxthdr-zero-len", "A12", "#remarks", WC_IMPL, "observed: same header (no progress) or NULL", a12),
    WC_CASE("A13.nxthdr-overflow", "A13", "#remarks", WC_MUST, "NXTHDR NULL when the next header does not fit", a13),
    WC_CASE("A14.error-values", "A14", "#return-value", WC_MUST, "122, 10014, 10022, 10045, ...", a14),
};
WC_TABLE(wc_constants, cases);
