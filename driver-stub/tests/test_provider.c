/*
 * test_provider.c: the provider chain.  With knob layered=on every WSA call goes through a
 * pass-through layered provider stacked on the base provider, as an LSP would sit on
 * Windows; blobs and completions must come through it byte for byte and exactly once.
 */
#include "../provider/provider.h"
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

static int routine_runs;
static DWORD routine_bytes;

static void CALLBACK routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    (void)err, (void)ov, (void)flags;
    routine_runs++;
    routine_bytes = bytes;
}

TEST(provider_A31_layered_chain_passes_records_unchanged) {
    wt_target *t = fx_open_with("layered", "on");
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 1, &f), WT_OK);
    unsigned long before = ms_provider_layered_calls();
    uint8_t got[4096], issued[4096];
    DWORD n = 0;
    ASSERT_EQ(WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, got, sizeof got, &n, NULL, NULL),
              0);
    ULONG want = 0;
    ASSERT_EQ(wt_issued_records(t, f.accepted, issued, sizeof issued, &want), WT_OK);
    ASSERT_EQ(n, want);
    ASSERT_MEM_EQ(got, issued, want);
    ASSERT_EQ(ms_provider_layered_calls(), before + 1); /* the one WSPIoctl, through the layer once */
    return fx_close(t);
}

/* The layered provider sees each WSASend on its way to the base provider (the chain's own
 * count: every call of the table goes through the layer once). */
TEST(provider_layered_chain_counts_each_send) {
    wt_target *t = fx_open_with("layered", "on");
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 0, &f), WT_OK);
    char byte = 'x';
    WSABUF b = {1, &byte};
    DWORD sent = 0;
    unsigned long before = ms_provider_layered_calls();
    ASSERT_EQ(WSASend(f.client, &b, 1, &sent, 0, NULL, NULL), 0);
    ASSERT_EQ(sent, 1);
    ASSERT_EQ(ms_provider_layered_calls(), before + 1);
    return fx_close(t);
}

TEST(provider_A30_layered_chain_delivers_one_completion_routine) {
    wt_target *t = fx_open_with("layered", "on");
    ASSERT_EQ(wt_set_knob(t, "ioctl_completion", "deferred"), WT_OK);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 1, &f), WT_OK);
    static uint8_t out[4096];
    static WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD n = 0xDEADBEEF;
    routine_runs = 0;
    ASSERT_EQ(
        WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, out, sizeof out, &n, &ov, routine),
        SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    ASSERT_EQ(n, 0xDEADBEEF); /* not updated while pending */
    ASSERT_EQ(routine_runs, 0);
    ASSERT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    ASSERT_EQ(routine_runs, 1);
    ULONG want = 0;
    ASSERT_EQ(wt_issued_records(t, f.accepted, NULL, 0, &want), WT_EINVAL); /* only the size */
    ASSERT_EQ(routine_bytes, want);
    ASSERT_EQ(SleepEx(0, TRUE), 0); /* nothing more */
    ASSERT_EQ(routine_runs, 1);
    return fx_close(t);
}

/* A53 on the deferred path: an unreadable SET input fails at once, nothing pends. */
TEST(provider_A53_deferred_set_unreadable_input_fails_at_once) {
    wt_target *t = fx_open_with("ioctl_completion", "deferred");
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ASSERT_NE(s, INVALID_SOCKET);
    static WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Internal = 0x1234;
    DWORD n = 0xDEADBEEF;
    ASSERT_EQ(WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, wt_unmapped_address(t), 200, NULL, 0, &n, &ov, NULL),
              SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEFAULT);
    ASSERT_EQ(ov.Internal, 0x1234); /* nothing started */
    ASSERT_EQ(wt_pump(t), 0);
    return fx_close(t);
}

/* A46 with SET: the input is captured when the call is made, so the caller may reuse its
 * buffer at once; the completion judges the bytes it was given. */
TEST(provider_A46_deferred_set_captures_input_at_call) {
    wt_target *t = fx_open_with("ioctl_completion", "deferred");
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 1, &f), WT_OK);
    static uint8_t rec[4096];
    ULONG n = 0;
    ASSERT_EQ(wt_issued_records(t, f.accepted, rec, sizeof rec, &n), WT_OK);
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    static WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    DWORD cb = 0;
    ASSERT_EQ(WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &cb, &ov, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
    memset(rec, 0x5a, n); /* the caller reuses its buffer before the SET completes */
    ASSERT_EQ(wt_pump(t), 1);
    ASSERT_EQ(ov.Internal, 0); /* the captured, genuine blob was accepted */
    /* The proxied connect is now the callout's own (BY_SELF): it reaches the server. */
    ASSERT_EQ(connect(s, (struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in)), 0);
    /* ... and not the proxy again: nothing new waits on the proxy's listener. */
    ASSERT_EQ(accept(f.listener, NULL, NULL), INVALID_SOCKET);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    return fx_close(t);
}
