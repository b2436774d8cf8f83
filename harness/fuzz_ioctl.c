/*
 * fuzz_ioctl.c: one WSAIoctl or WSPIoctl call on a prepared socket, judged by the oracle.
 *
 * What the input decides, in order: the profile and the knobs that shape overlapped calls;
 * the socket (fresh, bound, listening, connected but not redirected, redirected TCP at the
 * proxy or the client end, the UDP proxy of a redirected flow, closed, not a socket); then
 * the call (wh_random_ioctl): the control code, weighted to the WFP family and its
 * neighbours by the descriptor table; input and output pointers (NULL, heap, next to a
 * guard page, misaligned, short of the length told, read-only, unmapped) and lengths;
 * lpcbBytesReturned; the mode (synchronous, event, completion routine, completion port)
 * and WSAIoctl versus WSPIoctl.
 *
 * Why: this is where the documentation contradicts itself most (SEMANTICS C1, C2, C12) and
 * where two memory-safety faults live (output_overrun, null_lpcb_deref); one call per input
 * keeps every finding a one-liner to read.
 */
#include "wh.h"

int wh_fuzz_ioctl(const uint8_t *data, size_t size) {
    fdp in;
    wh_fdp_init(&in, data, size);
    wh_ctx x;
    wh_begin(&x, &in);
    wh_choose_profile(&x);
    static const wh_sock_kind kinds[] = {WH_S_REDIRECTED, WH_S_REDIRECTED, WH_S_REDIRECTED, WH_S_FRESH,
                                         WH_S_BOUND,      WH_S_LISTENING,  WH_S_PLAIN,      WH_S_REDIRECTED_CLIENT,
                                         WH_S_UDP_PROXY,  WH_S_CLOSED,     WH_S_NOT_SOCKET, WH_S_FRESH};
    wh_sock_kind kind = wh_fdp_pick(&in, kinds);
    int af = wh_fdp_bool(&in) ? AF_INET6 : AF_INET;
    int overlapped = wh_fdp_range(&in, 0, 3) != 0;
    wh_sock *s = wh_socket(&x, kind, af, overlapped);
    if (!s) wh_fail("harness", "the model refused to build the scenario socket");
    wh_random_ioctl(&x, s);
    wh_end(&x);
    return 0;
}

#ifndef WFPCERT_NO_FUZZ_ENTRY
WH_FUZZ_ENTRY(wh_fuzz_ioctl)
#endif
