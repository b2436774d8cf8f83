/*
 * model_rules.c: the rules that hold only on the embedded model with its test callout
 * (model_rules.h says why): it runs every case the catalogue does not list as declined, it
 * shows the alternatives its profile selects, and it gives its own pinned answers.  Cases
 * decided before they ran (a profile the case does not apply to) keep the catalogue's own
 * reason and are left alone.
 */
#include "model_rules.h"
#include "case.h"
#include "judge.h"

#include <stdlib.h>
#include <string.h>

int wc_model_rules_apply(const wc_settings *s) {
    const char *callout = getenv("WFPCERT_CALLOUT");
    return s->target && !strcmp(s->target, "model") && !(callout && *callout);
}

static void fail_case(wr_case *c, char *text, const char *expected, const char *actual, FILE *out) {
    wr_case_msg(c, "(run)", 0, text, expected, actual);
    free(c->reason);
    c->reason = text;
    c->raw_outcome = c->outcome = WC_FAIL;
    if (out) fprintf(out, "FAIL          %s  (%s)\n", c->id, text);
}

size_t wc_model_judge_declines(wr_run *r, const unsigned char *ran, FILE *out) {
    size_t failed = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        wr_case *c = &r->cases[i];
        if (!ran[i]) continue;
        const char *why = wc_catalogue_declined(c->id);
        if (c->outcome == WC_UNSUPPORTED && !why) {
            fail_case(c,
                      wr_strfmt("the embedded model declined a case it runs (%s); only the cases "
                                "wc_catalogue_declined lists (conformance/cases/catalogue.c) may be UNSUPPORTED on it",
                                c->reason ? c->reason : "no reason given"),
                      "a run", "UNSUPPORTED", out);
            failed++;
        } else if (why && c->outcome != WC_UNSUPPORTED && out) {
            fprintf(out,
                    "note: %s ran on the embedded model (%s) although the catalogue lists it as declined (%s): "
                    "the list is stale\n",
                    c->id, wr_outcome_name(c->outcome), why);
        }
    }
    return failed;
}

/* What each profile of the model selects (SEMANTICS C1 (a) (b) (c), C2's size probe, C4's
 * SET count, C11's checked input, C12's code for an unknown IOCTL, C23's count after a
 * failed receive), as the cases observe it.  wine selects what windows does on these. */
static const struct {
    const char *profile;
    unsigned long cn;
    const char *alt;
} selects[] = {
    {"windows", 1, "c"},
    {"windows", 2, "probe"},
    {"windows", 4, "zero"},
    {"windows", 11, "check"},
    {"windows", 12, "eopnotsupp"},
    {"windows", 23, "update"},
    {"wine", 1, "c"},
    {"wine", 2, "probe"},
    {"wine", 4, "zero"},
    {"wine", 11, "check"},
    {"wine", 12, "eopnotsupp"},
    {"wine", 23, "update"},
    {"docs-table", 1, "b"},
    {"docs-table", 2, "probe"},
    {"docs-table", 4, "size"},
    {"docs-table", 11, "check"},
    {"docs-table", 12, "einval"},
    {"docs-table", 23, "keep"},
    {"docs-lpcb", 1, "a"},
    {"docs-lpcb", 2, "einval"},
    {"docs-lpcb", 4, "zero"},
    {"docs-lpcb", 11, "check"},
    {"docs-lpcb", 12, "einval"},
    {"docs-lpcb", 23, "keep"},
};

const char *wc_model_profile_alternative(const char *profile, unsigned long cn) {
    for (size_t i = 0; profile && i < sizeof selects / sizeof selects[0]; i++)
        if (selects[i].cn == cn && !strcmp(selects[i].profile, profile)) return selects[i].alt;
    return NULL;
}

size_t wc_model_judge_alternatives(wr_run *r, const char *profile, FILE *out) {
    size_t failed = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        wr_case *c = &r->cases[i];
        for (size_t k = 0; k < c->nobs; k++) {
            unsigned long cn = wc_contradiction_of(c->obs[k].key);
            const char *want = cn ? wc_model_profile_alternative(profile, cn) : NULL;
            if (!want || wc_alternatives_agree(c->obs[k].value, want)) continue;
            if (c->outcome != WC_FAIL && c->outcome != WC_CRASH && c->outcome != WC_TIMEOUT) {
                fail_case(c,
                          wr_strfmt("the embedded model's profile %s selects C%lu (%s), and %s = %s here: a "
                                    "documented alternative, but not the profile's",
                                    profile, cn, want, c->obs[k].key, c->obs[k].value),
                          want, c->obs[k].value, out);
                failed++;
            }
            break;
        }
    }
    return failed;
}

/* The model's own answers where no page and no Windows run decides (docs/SPEC.md, "The embedded
 * model is held to more", point 3), as the cases observe them (wc_model_answer).  One value for
 * every profile. */
static const struct {
    const char *key, *value, *why;
} answers[] = {
    {"M.inet_ntop.null-address", "NULL 10014", "WSAEFAULT for a NULL pAddr, which Windows reads through"},
    {"M.records.hops", "64 10055",
     "records hold 64 hops, and the connect that would add the 65th fails with WSAENOBUFS"},
    {"M.GetNameInfoW.read-only-host", "10014", "WSAEFAULT for a host buffer Windows would fault writing"},
    {"M.GetHandleInformation.read-only-flags", "0 998",
     "FALSE, ERROR_NOACCESS for an lpdwFlags Windows would fault writing"},
    {"M.WSAGetOverlappedResult.read-only-count", "0 10014",
     "FALSE, WSAEFAULT for an lpcbTransfer Windows would fault writing"},
    {"M.WSAAddressToString.read-only-length", "-1 10014", "WSAEFAULT for a length Windows would fault writing"},
    {"M.AcceptEx.read-only-buffer", "FALSE 10014", "WSAEFAULT for an output buffer it cannot write, at once"},
    {"M.bind.ports-exhausted", "16382 binds, then 10055; after a close 0 on the freed port",
     "the 16,384 dynamic ports (two held by the case) run out with WSAENOBUFS; a port freed is handed out again"},
    {"M.send.room-sized", "131072",
     "a nonblocking sender takes the peer's SO_RCVBUF plus its own SO_SNDBUF (64 KiB each) before WSAEWOULDBLOCK"},
    {"M.send.room", "67108864",
     "a nonblocking sender whose peer sized nothing queues 64 MiB at the peer before WSAEWOULDBLOCK"},
    {"M.WSASendMsg.bad-control", "10022 10022 10022 10022 10022 10022 10022 10022 0 10022",
     "malformed control data refused with WSAEINVAL; an empty header then an unaligned unknown one sent"},
    {"M.listen.backlog-zero", "1", "a listener with backlog 0 queues one connect; the next is refused"},
    {"M.udp.pended-client-closed", "completed 1, proxy -1/10035",
     "the callout completes the one pended classify; the client's held datagram never reaches the proxy"},
    {"M.WSP.after-cleanup", "-1/10093 -1/10093 -1/10093 -1/10093 -1/10093 -1/10093 -1/10093 -1/10093 -1/10093 -1/10093",
     "each provider entry and WPUQueueApc fails with WSANOTINITIALISED in *lpErrno once Winsock is stopped"},
    {"M.extensions.after-cleanup", "10093 10093 10093 10093 10093",
     "AcceptEx, ConnectEx, DisconnectEx, WSARecvMsg and WSASendMsg fail with WSANOTINITIALISED once Winsock is "
     "stopped"},
    {"M.ConnectEx.udp", "FALSE 10022", "WSAEINVAL for a datagram socket"},
    {"M.DisconnectEx.reuse-socket", "FALSE 10045", "TF_REUSE_SOCKET is not in the model: WSAEOPNOTSUPP"},
    {"M.GetAdaptersAddresses.model-host",
     "2/6/1500: 192.0.2.1/24 2001:db8::1/64 gw 192.0.2.254 gw 2001:db8::fe 1/24/4294967295: 127.0.0.1/8 ::1/128",
     "the model's host: an Ethernet adapter with the addresses its name resolves to, and the loopback "
     "pseudo-interface"},
    {"M.TransmitFile.refusals", "FALSE 10038, FALSE 10045",
     "an hFile that is no file (a socket): WSAENOTSOCK, the code of STATUS_INVALID_HANDLE; TF_REUSE_SOCKET with "
     "TF_DISCONNECT: WSAEOPNOTSUPP (no socket reuse in the model)"},
    {"M.TransmitFile.file-pointer", "105",
     "without an OVERLAPPED the file pointer ends after the bytes sent (as Wine; no test on Windows looks)"},
    {"M.accept.read-only-addrlen", "accept 10014, WSAAccept 10014", "WSAEFAULT for a read-only addrlen"},
    {"M.accept.refused-leaves", "2 of 2 connections",
     "accept and WSAAccept refuse an address they cannot hand back before taking a connection"},
    {"M.WSAAddressToString.short-address", "-1 10014, IPv6 -1 10014",
     "WSAEFAULT for an IPv4 or IPv6 address a byte short of its sockaddr"},
    {"M.SO_EXCLUSIVEADDRUSE.after-bind", "10022", "WSAEINVAL: the option belongs before bind"},
    {"M.getaddrinfo.null-hints", "1 entries, socktype 0, protocol 0, canonname NULL",
     "a numeric host with NULL hints: one zeroed entry"},
    {"M.getaddrinfo.localhost", "AF_UNSPEC: ::1 127.0.0.1, AF_INET6: ::1",
     "localhost is ::1 and 127.0.0.1, IPv6 first, without DNS"},
    {"M.getnameinfo.loopback", "127.0.0.1: localhost, ::1: localhost",
     "both loopback addresses are named localhost, without DNS"},
    {"M.getnameinfo.host-too-small", "10014", "a host text that does not fit its buffer: WSAEFAULT, nothing written"},
    {"M.select.writable-after-sd-send", "0 out", "not writable once the sending side is shut: nothing can be sent"},
    {"M.WSASendMsg.records-twice", "-1 10022", "WSAEINVAL: one datagram, one set of records"},
    {"M.AcceptEx.client-waiting", "TRUE 0", "a client already waiting is accepted at once"},
    {"M.AcceptEx.client-and-bytes-waiting", "TRUE 12",
     "a client already waiting with its first bytes is accepted at once, with their count"},
    {"M.AcceptEx.acceptor-bound", "bind 0, AcceptEx FALSE 995",
     "binding sAcceptSocket is allowed; the AcceptEx then ends aborted and its client waits for the next accept"},
    {"M.AcceptEx.other-family", "FALSE 10022", "WSAEINVAL for an IPv6 accept socket on an IPv4 listener"},
    {"M.WSASend.buffer-count", "1024: 0 1024, 1025: 10014 0", "1,024 WSABUFs a call at most, WSAEFAULT past them"},
    {"M.ReleaseSemaphore.zero", "FALSE 87", "a release of 0 is refused: ERROR_INVALID_PARAMETER"},
    {"M.CreateThread.no-start-address", "NULL 87", "no thread without a start address: ERROR_INVALID_PARAMETER"},
    {"M.kernel32.null-out-pointers", "GetExitCodeThread 0 998, WaitForMultipleObjects WAIT_FAILED 998",
     "a NULL exit-code pointer or handle array is ERROR_NOACCESS, not a fault"},
    {"M.getservbyname.null-name", "getservbyname NULL 10014, getprotobyname NULL 10014",
     "a NULL name is WSAEFAULT, not a fault"},
    {"M.InetPtonW.unmapped-text", "-1 10014", "a text at an unmapped address is WSAEFAULT, not a fault"},
    {"M.gethostbyname.localhost-name", "localhost",
     "the hostent of \"localhost\", asked after the host's own name, names localhost"},
    {"M.GetAddrInfoW.unmapped-hints", "10014 10014 NULL",
     "hints at an unmapped address: WSAEFAULT, as the result and the last error"},
    {"M.kernel32.null-pointers",
     "GetQueuedCompletionStatus 0 998, WSAWaitForMultipleEvents WSA_WAIT_FAILED 10014, GetOverlappedResultEx 0 998, "
     "QueueUserAPC 0 87",
     "NULL out-pointers, event arrays and APC routines are refused, not faults"},
    {"M.code-pages.active", "GetACP 65001, GetOEMCP 65001", "the process runs with UTF-8 as its code page"},
    {"M.ExAllocatePoolWithTag.over-64-MiB", "NULL", "the model's pool gives no block over 64 MiB"},
    {"M.threadpool.refused", "no callback: NULL 87, TrySubmitThreadpoolCallback 0 87; an environment: NULL 50",
     "no pool object without a callback; private pools and cleanup groups are not in the model"},
    {"M.GetComputerNameA.null-pointers", "nSize NULL 0 998, lpBuffer NULL 0 998",
     "a NULL nSize or buffer is ERROR_NOACCESS, not a fault"},
    {"M.GetCurrentProcess", "-1, GetCurrentThread a handle of its own",
     "the process pseudo handle is (HANDLE)-1; the thread is named by its own handle"},
    {"M.WaitForMultipleObjects.unmapped-handles", "WAIT_FAILED 998", "a handle array it cannot read is ERROR_NOACCESS"},
    {"M.WSAWaitForMultipleEvents.unmapped-events", "WSA_WAIT_FAILED 10014",
     "an event array it cannot read is WSAEFAULT, as a NULL one is"},
    {"M.HeapCreate.initial-equals-maximum", "made", "a heap whose initial size equals its maximum is made"},
    {"M.HeapCreate.initial-over-maximum", "NULL 87", "an initial size over the maximum: ERROR_INVALID_PARAMETER"},
    {"M.HeapDestroy.process-heap", "0 87", "the process heap is not destroyed: ERROR_INVALID_PARAMETER"},
    {"M.HeapFree.other-heap", "0 87", "a block of another heap is not freed: ERROR_INVALID_PARAMETER"},
    {"M.WSAConnect.caller-data", "-1 10045", "WSAEOPNOTSUPP: TCP/IP carries no connect data"},
    {"M.getsockopt.wfp-options", "4:1 4:1 4:1 4:1", "the four WFP redirect options read back the DWORD 1 set"},
    {"M.setsockopt.wfp-options-on-stream", "-1:10042 -1:10042 -1:10042 -1:10042",
     "the four WFP redirect options refused on a TCP socket with WSAENOPROTOOPT"},
    {"M.setsockopt.ipv4-options-on-ipv6", "10042 10042",
     "IP_TTL and IP_TOS refused on an IPv6 socket with WSAENOPROTOOPT"},
    {"M.FormatMessageA.unwritable-nul", "0 998",
     "FormatMessageA into a buffer whose NUL would land on a guard page: 0, ERROR_NOACCESS"},
    {"M.send.negative-length", "-1:10014 -1:10014", "send and recv with a length of -1: SOCKET_ERROR, WSAEFAULT"},
    {"M.WSAStringToAddressA.null-text", "-1 10014", "WSAStringToAddressA of a NULL text: SOCKET_ERROR, WSAEFAULT"},
    {"M.bind.specific-after-wildcard", "0 0", "127.0.0.1:P bound while another socket holds 0.0.0.0:P: success"},
    {"M.WSARecvMsg.namelen-zero", "0 0 untouched", "WSARecvMsg with a name buffer and namelen 0: delivered, no name"},
    {"M.sendto.blocked-flow", "10013 10013", "two datagrams of a UDP flow a BLOCK filter matches: WSAEACCES each"},
    {"M.WSAGetOverlappedResult.unmapped-arguments", "10014 10014 10014",
     "WSAGetOverlappedResult with an unmapped lpOverlapped, lpcbTransfer or lpdwFlags: WSAEFAULT each"},
    {"M.ConnectEx.unreadable-send-buffer", "FALSE 10014", "ConnectEx with an unmapped send buffer: FALSE, WSAEFAULT"},
    {"M.setsockopt.keepalive-on-udp", "0", "SO_KEEPALIVE set on a UDP socket: taken"},
    {"M.setsockopt.v6only-after-bind", "-1:10022 1",
     "IPV6_V6ONLY set to 0 on a bound IPv6-only socket: WSAEINVAL, the option still 1"},
    {"M.connect.v4-mapped-from-v6-only", "-1:10047 -1:10047 -1:10047",
     "a connect to an IPv4-mapped address from an IPv6-only socket or a dual-stack one bound to ::1, and to ::1 "
     "from a dual-stack socket bound to ::ffff:127.0.0.1: WSAEAFNOSUPPORT"},
    {"M.bind.v4-mapped-on-v6-only", "-1:10047", "an IPv6-only socket's bind to ::ffff:127.0.0.1: WSAEAFNOSUPPORT"},
    {"M.TlsAlloc.exhausted-error", "success kept, exhausted 259",
     "TlsAlloc leaves the last error alone when it succeeds; with every index taken ERROR_NO_MORE_ITEMS"},
    {"M.sendto.v4-mapped-from-v6-only", "-1:10047",
     "an IPv6-only UDP socket's sendto ::ffff:127.0.0.1: WSAEAFNOSUPPORT, nothing sent"},
    {"M.recvfrom.connreset-from", "untouched",
     "recvfrom's lpFrom and lpFromlen with a port-unreachable report (WSAECONNRESET): left as they were"},
    {"M.WSARecvMsg.dual-stack-records-level", "0",
     "a dual-stack socket gets an IPv4 flow's records control message at IPPROTO_IP"},
    {"M.accept.inherits-options", "keepalive 1, rcvbuf 12345, linger 1/7, rcvtimeo 4321",
     "a socket accepted from a listener with SO_KEEPALIVE, SO_RCVBUF, SO_LINGER and SO_RCVTIMEO set reads them back"},
    {"M.shutdown.receive-reset-fionread.queued", "0 0",
     "FIONREAD on a socket whose shutdown(SD_RECEIVE) reset the connection: 0, the queued bytes are gone"},
    {"M.shutdown.receive-reset-fionread.later", "0 0",
     "FIONREAD on a socket whose shut receive side reset the connection when bytes arrived: 0"},
    {"M.shutdown.receive-reset-send.queued", "-1 10054",
     "send on a socket whose shutdown(SD_RECEIVE) reset the connection (bytes were queued): WSAECONNRESET"},
    {"M.shutdown.receive-reset-send.later", "-1 10054",
     "send on a socket whose shut receive side reset the connection when bytes arrived: WSAECONNRESET"},
    {"M.bind.shared-tcp-reaches", "first",
     "a connection to an address two listeners share with SO_REUSEADDR reaches the first bound"},
    {"M.bind.shared-udp-reaches", "first",
     "a datagram to an address two UDP sockets share with SO_REUSEADDR reaches the first bound"},
    {"M.SIO_LOOPBACK_FAST_PATH.connected", "0", "SIO_LOOPBACK_FAST_PATH on a connected TCP socket: taken, no effect"},
    {"M.SIO_LOOPBACK_FAST_PATH.udp", "10045", "SIO_LOOPBACK_FAST_PATH on a UDP socket: WSAEOPNOTSUPP"},
    {"M.SO_CONNECT_TIME.udp", "-1 10042", "getsockopt(SO_CONNECT_TIME) on a UDP socket: WSAENOPROTOOPT"},
    {"M.getsockopt.protocol-infoa-null-short", "-1 10014 1",
     "SO_PROTOCOL_INFOA with a NULL optval and an optlen of 1: WSAEFAULT, the length left alone"},
    {"M.getsockopt.protocol-infow-null-short", "-1 10014 1",
     "SO_PROTOCOL_INFOW with a NULL optval and an optlen of 1: WSAEFAULT, the length left alone"},
    {"M.RegEnumKeyExA.unwritable-name", "998",
     "RegEnumKeyExA with a name buffer on a read-only page: ERROR_NOACCESS, nothing written"},
    {"M.SET.no-input.null", "10014", "SET with lpvInBuffer NULL and a length: WSAEFAULT, at once (A55 is [U])"},
    {"M.SET.no-input.zero", "10014", "SET with a buffer and cbInBuffer 0: WSAEFAULT, at once (A55 is [U])"},
    {"M.SET.no-input.overlapped", "10014, size untouched",
     "SET with no input, overlapped: WSAEFAULT at once, nothing queued, *lpcbBytesReturned as it was"},
    {"M.gethostbyaddr.unknown", "NULL 11001",
     "gethostbyaddr of 192.0.2.55, which no name is known for: NULL, WSAHOST_NOT_FOUND"},
    {"M.WSAAccept.condition-group-in", "0",
     "the GROUP a WSAAccept condition function finds in *g on entry: 0, no group"},
    {"M.classifyOut.handed-in", "outContext 0, flags 0x0, reserved 0",
     "the FWPS_CLASSIFY_OUT0 members a classifyFn is handed that no callout decides: all 0"},
    {"M.SetEnvironmentVariableW.null-name", "FALSE 87",
     "SetEnvironmentVariableW with a NULL name: FALSE, ERROR_INVALID_PARAMETER"},
    {"M.kernel32.success-last-error", "24301 24301 24301 24301",
     "WSACreateEvent, WSASetEvent, WaitForSingleObject and WSACloseEvent that succeed leave the last error as it was"},
    {"M.LocalAlloc.moveable", "NULL 87",
     "LocalAlloc(LMEM_MOVEABLE): refused, ERROR_INVALID_PARAMETER (no handle table)"},
    {"M.StringCch.null", "STRSAFE_E_INVALID_PARAMETER, buf untouched",
     "StringCchCopyA, StringCchCatA, StringCchPrintfA with a NULL string: refused, nothing written"},
    {"M.AcceptEx.getsockname-before-update", "10057",
     "getsockname of an AcceptEx socket before SO_UPDATE_ACCEPT_CONTEXT: WSAENOTCONN"},
    {"M._snprintf_s.nothing", "0, handler 0",
     "_snprintf_s(NULL, 0, 0, ...): 0, nothing written, the invalid parameter handler not called"},
    {"M.SetConsoleCtrlHandler.not-registered", "0 87",
     "SetConsoleCtrlHandler removing a routine not in the list: FALSE, ERROR_INVALID_PARAMETER"},
    {"M.GenerateConsoleCtrlEvent.refused", "0 87",
     "GenerateConsoleCtrlEvent to a process group other than 0: FALSE, ERROR_INVALID_PARAMETER"},
    {"M.keepalive-vals.read-back", "idle 30, interval 2",
     "TCP_KEEPIDLE/TCP_KEEPINTVL give SIO_KEEPALIVE_VALS's times in seconds"},
    {"M.keepalive.defaults", "idle 7200, interval 1, count 10",
     "a new TCP socket keeps alive after 2 hours, probes 1 second apart, 10 probes"},
    {"M.low-memory.unredirected", "0 let through",
     "a connection the test callout cannot redirect for want of memory is blocked, never sent on"},
    {"M.HeapFree.destroyed-heap", "0 6", "FALSE, ERROR_INVALID_HANDLE for a heap HeapDestroy already ended"},
    {"M.HeapReAlloc.destroyed-heap", "NULL", "no block from a heap HeapDestroy already ended"},
    {"M.HeapSize.destroyed-heap", "-1", "HeapSize of a block of a heap HeapDestroy already ended: (SIZE_T)-1"},
    {"M.HeapDestroy.destroyed-heap", "0 6", "FALSE, ERROR_INVALID_HANDLE for a heap HeapDestroy already ended"},
    {"M.WaitForMultipleObjects.success-last-error", "0", "a wait that succeeds leaves the last error as it was"},
    {"M.WSAConnectByName.refused", "0 10061", "a host whose every address refuses: FALSE with the connect's error"},
    {"M.WSAConnectByName.unknown-host", "0 11001", "a name that does not resolve: FALSE with WSAHOST_NOT_FOUND"},
    {"M.GetQueuedCompletionStatusEx.timeout-removed", "0", "a timed-out wait says no entry was removed"},
    {"M.WSAEnumProtocols.datagram-message-size", "65467 65467", "dwMessageSize of the UDP/IPv4 and UDP/IPv6 entries"},
    {"M.WSASocket.family-beside-info", "23", "WSASocketW(AF_INET6, 0, 0) with the IPv4 TCP entry: an IPv6 socket"},
    {"M.WSAEnumProtocols.catalogue", "1001 2/1/6, 1002 2/2/17, 1004 23/1/6, 1005 23/2/17",
     "the catalogue's entries in order: id, family/type/protocol"},
    {"M.WSAConnectByName.datagram-socket", "0 10022", "a UDP socket: FALSE with WSAEINVAL, nothing connected"},
    {"M.WSAConnectByName.remote-too-small", "0 10014",
     "a RemoteAddress buffer smaller than the address: FALSE, WSAEFAULT (the socket stays connected)"},
    {"M.WSARecvFrom.null-count", "0 0, the datagram taken",
     "a blocking receive without lpNumberOfBytesRecvd succeeds and takes the data"},
    {"M.FwpmFilterAdd0.default-sublayer", "classified last, subLayerWeight 0",
     "a filter added with IID_NULL as its sublayer runs after every sublayer added, at weight 0"},
    {"M.GetSystemInfo.processor-mask", "from bit 0, no gap", "dwActiveProcessorMask: processors 0 to n-1"},
    {"M.SET.size-bound", "65536: 10014, 65537: 10022",
     "SET reads 64 KiB at most: a 64 KiB blob past its memory faults, a longer one is refused unread"},
    {"M.FormatMessageA.read-only-buffer", "0 998",
     "0, ERROR_NOACCESS for an lpBuffer FORMAT_MESSAGE_ALLOCATE_BUFFER cannot store its pointer in"},
    {"M.WSASetEvent.tagged-handle", "0 6", "FALSE, WSA_INVALID_HANDLE for an event handle with its low bit set"},
    {"M.WSACloseEvent.tagged-handle", "0 6 1", "FALSE, WSA_INVALID_HANDLE, and the event still open"},
    {"M.WSAEnumNetworkEvents.unreported-codes", "kept 0, zeroed 9, other 0",
     "iErrorCode of events not reported is written 0"},
};

int wc_model_answer_at(size_t i, const char **key, const char **value, const char **why) {
    if (i >= sizeof answers / sizeof answers[0]) return 0;
    *key = answers[i].key;
    *value = answers[i].value;
    *why = answers[i].why;
    return 1;
}

const char *wc_model_answer_pinned(const char *key) {
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        if (!strcmp(answers[i].key, key)) return answers[i].value;
    return NULL;
}

size_t wc_model_judge_answers(wr_run *r, FILE *out) {
    size_t failed = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        wr_case *c = &r->cases[i];
        for (size_t k = 0; k < c->nobs; k++) {
            const char *key = c->obs[k].key, *got = c->obs[k].value;
            if (strncmp(key, "M.", 2) != 0) continue;
            const char *want = wc_model_answer_pinned(key);
            if (want && !strcmp(want, got)) continue;
            if (c->outcome == WC_FAIL || c->outcome == WC_CRASH || c->outcome == WC_TIMEOUT) break;
            fail_case(
                c,
                want ? wr_strfmt("the embedded model's own answer %s is \"%s\" here, not the \"%s\" docs/SPEC.md "
                                 "pins (no page decides it; the model must not drift)",
                                 key, got, want)
                     : wr_strfmt("observation %s has no pinned answer in runner/model_rules.c: a catalogue error", key),
                want ? want : "a pinned answer", got, out);
            failed++;
            break;
        }
    }
    return failed;
}
