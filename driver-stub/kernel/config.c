/*
 * config.c: the tables of profile knobs, profiles and faults, and setting them by name.
 *
 * The "windows" profile is the default: where the pages contradict each other it follows
 * what Windows was observed to do for sibling AFD IOCTLs (SEMANTICS 4.1), because a proxy
 * tested against the model should meet the behaviour it will meet on Windows.  The
 * "docs-table" and "docs-lpcb" profiles follow each documented alternative literally, so
 * the suite can show that its fingerprint follows the profile.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "heap.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const ms_knob_info ms_knobs[MS_KNOB_COUNT] = {
    [MS_KNOB_TOO_SMALL] =
        {"too_small",
         {"afd", "table", "lpcb"},
         "C1,A34",
         "too-small output buffer: afd = STATUS_BUFFER_TOO_SMALL with the required size (WSAEFAULT "
         "synchronously, 122 through a completion port); table = ERROR_INSUFFICIENT_BUFFER (122) with "
         "the required size everywhere; lpcb = WSAEINVAL with size 0"},
    [MS_KNOB_SIZE_PROBE] =
        {"size_probe",
         {"probe", "einval"},
         "C2,A35",
         "cbOutBuffer 0: probe = the size query of the Remarks; einval = rejected as shorter than a ULONG"},
    [MS_KNOB_UNKNOWN_IOCTL] = {"unknown_ioctl",
                               {"eopnotsupp", "einval"},
                               "C12,A17",
                               "unknown control code: eopnotsupp as observed on Windows, or einval as documented"},
    [MS_KNOB_SET_BYTES] = {"set_bytes",
                           {"zero", "size", "unchanged"},
                           "C4,A52",
                           "*lpcbBytesReturned after a successful SIO_SET: 0, the record size, or left alone"},
    [MS_KNOB_SET_ADMIN] = {"set_admin",
                           {"check", "ignore"},
                           "C11,A54",
                           "SIO_SET from an unelevated caller: check gives WSAEACCES; ignore lets it through"},
    [MS_KNOB_NOT_REDIRECTED] =
        {"not_redirected",
         {"einval", "not_found"},
         "A41",
         "QUERY on a connected socket nobody redirected: STATUS_NOT_FOUND seen as WSAEINVAL or 1168"},
    [MS_KNOB_NO_CONTEXT] =
        {"no_context",
         {"fwp_not_found", "einval", "not_found"},
         "A44",
         "QUERY_CONTEXT without a context: FWP_E_NOT_FOUND (as WFPSampler expects), WSAEINVAL or 1168"},
    [MS_KNOB_IOCTL_COMPLETION] =
        {"ioctl_completion",
         {"immediate", "deferred"},
         "A46",
         "overlapped QUERY/SET: complete at once (returns 0) or pend until the next wait or pump"},
    [MS_KNOB_OV_FAILURE] =
        {"ov_failure",
         {"pend", "immediate"},
         "C1,A24",
         "overlapped call failing in the kernel: WSA_IO_PENDING then a failed completion (like "
         "SIO_GET_INTERFACE_LIST) or an immediate failure with nothing queued (like SIO_ADDRESS_LIST_QUERY)"},
    [MS_KNOB_GOR_FAILURE_SIZE] =
        {"gor_failure_size",
         {"update", "keep"},
         "C23,A29",
         "WSAGetOverlappedResult on a failed operation: update *lpcbTransfer (observed) or keep it (documented)"},
    [MS_KNOB_OV_SUCCESS_SIZE] =
        {"ov_success_size",
         {"by-kind", "write", "keep"},
         "A22",
         "overlapped immediate success: by-kind leaves *lpcbBytesReturned unchanged for input-only "
         "codes (SIO_SET, as Windows did for SIO_KEEPALIVE_VALS) and writes it otherwise; write or "
         "keep do so for every code"},
    [MS_KNOB_SET_AFTER_CONNECT] = {"set_after_connect",
                                   {"reject", "accept"},
                                   "A58",
                                   "SIO_SET on a bound or connected socket: reject with WSAEINVAL, or accept"},
    [MS_KNOB_UDP_QUERY] = {"udp_query",
                           {"einval", "eopnotsupp"},
                           "A48",
                           "SIO_QUERY_* on a UDP socket (records travel as control messages instead)"},
    [MS_KNOB_FLUSH] = {"flush",
                       {"eopnotsupp", "abort"},
                       "A17,A27",
                       "SIO_FLUSH on TCP: eopnotsupp as observed on Windows (nothing aborted), or abort = pending "
                       "operations end with WSA_OPERATION_ABORTED as the WFP pages' error tables say"},
    [MS_KNOB_LAYERED] = {"layered",
                         {"off", "on"},
                         "A31",
                         "route WSAIoctl through a pass-through layered provider above the base provider"},
    [MS_KNOB_RECORDS_SIZE] =
        {"records_size",
         {"compact", "large"},
         "A49",
         "records blob per hop: compact (about 100 bytes) or large (about 3 KB, so that two or three "
         "hops pass the 1,024- and 8,192-byte buffers real proxies use)"},
};

const ms_profile_info ms_profiles[] = {
    {"windows", "default: follows observed Windows behaviour of sibling AFD IOCTLs (SEMANTICS 4.1)", ""},
    {"docs-table",
     "the WFP pages' error table and Remarks taken literally: ERROR_INSUFFICIENT_BUFFER with the "
     "required size, size probe with cbOutBuffer 0, WSAEINVAL for unknown codes",
     "too_small=table size_probe=probe unknown_ioctl=einval set_bytes=size ov_failure=immediate "
     "ov_success_size=write "
     "gor_failure_size=keep flush=abort"},
    {"docs-lpcb",
     "the WFP pages' lpcbBytesReturned paragraph taken literally: WSAEINVAL with size 0, no size "
     "probe (cbOutBuffer must hold a ULONG)",
     "too_small=lpcb size_probe=einval unknown_ioctl=einval set_bytes=zero ov_failure=immediate "
     "ov_success_size=write "
     "gor_failure_size=keep flush=abort"},
    {"wine", "what Wine 8.0's ws2_32 does where it differs (unlisted statuses to WSAEINVAL)",
     "too_small=afd size_probe=probe no_context=einval ov_success_size=write"},
};
const int ms_profile_count = (int)(sizeof ms_profiles / sizeof ms_profiles[0]);

const ms_fault_info ms_faults[MS_FAULT_COUNT] = {
    [MS_FAULT_WRONG_SMALL_ERROR] = {"wrong_small_error", "stack", false,
                                    "a too-small buffer fails with WSAENOBUFS, a code no page allows (A34)"},
    [MS_FAULT_NO_REQUIRED_SIZE] = {"no_required_size", "stack", false,
                                   "a too-small buffer fails without reporting the required size (A34 b/c, A92)"},
    [MS_FAULT_COPY_DROPS_BYTE] =
        {"copy_drops_byte", "stack", false,
         "QUERY copies one byte less than it reports: the blob is not the one issued (A33, A42)"},
    [MS_FAULT_RECORDS_CHANGE] = {"records_change", "stack", false,
                                 "a second QUERY returns different bytes from the first (A42)"},
    [MS_FAULT_CONTEXT_FOR_OTHER] =
        {"context_for_other", "stack", false,
         "FwpsQueryConnectionRedirectState0 hands out the context for REDIRECTED_BY_OTHER (A45, A80)"},
    [MS_FAULT_NO_ABORT_ON_CLOSE] = {"no_abort_on_close", "stack", false,
                                    "closesocket leaves a pending IOCTL pending instead of aborting it (A27, A47)"},
    [MS_FAULT_DOUBLE_COMPLETION] = {"double_completion", "stack", false,
                                    "an overlapped completion is delivered twice (completion routine or port packet)"},
    [MS_FAULT_APC_NOT_ALERTABLE] =
        {"apc_not_alertable", "stack", false,
         "the completion routine runs at once in the caller, outside an alertable wait (A19, A20)"},
    [MS_FAULT_CMSG_EVERY_DATAGRAM] =
        {"cmsg_every_datagram", "stack", false,
         "the redirect control message comes with every datagram, not only the first (A61)"},
    [MS_FAULT_CALLOUT_NO_LOOP_CHECK] =
        {"callout_no_loop_check", "callout", false,
         "the test callout skips the redirect-state and previousVersion checks and loops (A76, A86)"},
    [MS_FAULT_CONTEXT_DOUBLE_FREE] = {"context_double_free", "stack", true,
                                      "the redirect context is freed twice when the flow ends (A85)"},
    [MS_FAULT_SET_NO_SEAL_CHECK] = {"set_no_seal_check", "stack", false,
                                    "SIO_SET accepts a forged or edited record blob (A57)"},
    [MS_FAULT_WSP_NO_ERRNO] = {"wsp_no_errno", "stack", false,
                               "WSPIoctl fails without writing *lpErrno (SDK-WSPIOCTL)"},
    [MS_FAULT_OUTPUT_OVERRUN] = {"output_overrun", "stack", true,
                                 "QUERY writes one byte past the end of the caller's output buffer"},
    [MS_FAULT_CMSG_OVERRUN] = {"cmsg_overrun", "stack", true,
                               "WSARecvMsg writes the redirect control message past Control.len (A63)"},
    [MS_FAULT_SIZE_ON_PENDING] =
        {"size_on_pending", "stack", false,
         "a pending call writes *lpcbBytesReturned, which must stay untouched (A18, SDK-WSAIOCTL)"},
    [MS_FAULT_NULL_LPCB_DEREF] =
        {"null_lpcb_deref", "stack", true,
         "a NULL lpcbBytesReturned is written through instead of failing with WSAEFAULT (A15, A16)"},
    [MS_FAULT_NO_IOCP_ON_IMMEDIATE] = {"no_iocp_on_immediate", "stack", false,
                                       "an overlapped call that succeeds at once queues no completion packet (A21)"},
    [MS_FAULT_INTERNAL_NOT_WRITTEN] = {"internal_not_written", "stack", false,
                                       "completion leaves OVERLAPPED.Internal at STATUS_PENDING (A18, A64)"},
    [MS_FAULT_IOCP_WSA_CODE] = {"iocp_wsa_code", "stack", false,
                                "GetQueuedCompletionStatus reports the WSA code instead of the Win32 code (A18, A24)"},
    [MS_FAULT_EVENT_NOT_SIGNALED] = {"event_not_signaled", "stack", false,
                                     "the OVERLAPPED event is not signalled on completion (SDK-WSAIOCTL)"},
    [MS_FAULT_THREAD_ID_NOT_COPIED] =
        {"thread_id_not_copied", "stack", false,
         "WSPIoctl keeps the lpThreadId pointer instead of copying the WSATHREADID (A31)"},
    [MS_FAULT_QUERY_UNCONNECTED_OK] = {"query_unconnected_ok", "stack", false,
                                       "QUERY on an unconnected socket succeeds with an empty blob (A40)"},
    [MS_FAULT_FLUSH_NO_ABORT] = {"flush_no_abort", "stack", false,
                                 "SIO_FLUSH leaves pending operations pending (W32-REC error table)"},
    [MS_FAULT_CALLOUT_NO_APPLY] = {"callout_no_apply", "callout", false,
                                   "the test callout acquires writable layer data and never applies it (A82)"},
    [MS_FAULT_RECORDS_TRUNCATED_OK] =
        {"records_truncated_ok", "stack", false,
         "QUERY with a too-small buffer copies a truncated blob and reports success (A34)"},
    [MS_FAULT_CMSG_LEN_WRONG] = {"cmsg_len_wrong", "stack", false,
                                 "the redirect control message's cmsg_len is WSA_CMSG_SPACE, not WSA_CMSG_LEN (A60)"},
    [MS_FAULT_EOPNOTSUPP_SIZE_UNTOUCHED] = {"eopnotsupp_size_untouched", "stack", false,
                                            "an unknown code fails without setting *lpcbBytesReturned to 0 (A17)"},
    [MS_FAULT_FAILED_CALL_WRITES] =
        {"failed_call_writes", "stack", false,
         "a too-small QUERY copies what fits into the caller's buffer, then fails (a failed call changed the buffer)"},
    [MS_FAULT_PORT_WRONG_CODE] =
        {"port_wrong_code", "stack", false,
         "a completion port reports 1168 (ERROR_NOT_FOUND) for STATUS_INVALID_PARAMETER, not 87 (A18, exact views)"},
    [MS_FAULT_MIXED_ALTERNATIVES] =
        {"mixed_alternatives", "stack", false,
         "a too-small buffer gets C1 (c) synchronously but C1 (a) when overlapped: two alternatives in one stack (C1)"},
    [MS_FAULT_ACQUIRE_KEEPS_RIGHTS] =
        {"acquire_keeps_rights", "stack", false,
         "FwpsAcquireWritableLayerDataPointer0 leaves classifyOut's action and write right as they were (A81)"},
    [MS_FAULT_CALLOUT_PID_OF_CLIENT] =
        {"callout_pid_of_client", "callout", false,
         "the test callout names the connecting process, not its proxy's, as localRedirectTargetPID (A84)"},
    [MS_FAULT_AUTH_NO_REDIRECT_META] =
        {"auth_no_redirect_meta", "stack", false,
         "ALE_AUTH_CONNECT shows a redirected connection without IS_CONNECTION_REDIRECTED, "
         "LOCAL_REDIRECT_TARGET_PID and ORIGINAL_DESTINATION (A89)"},
    [MS_FAULT_SEAL_KEY_SHARED] =
        {"seal_key_shared", "stack", false,
         "every kernel seals records with the same built-in key, so a blob from another world is accepted (A57)"},
};

void ms_config_defaults(ms_config *c) {
    memset(c, 0, sizeof *c);
    c->elevated = true;
}

/* The knob names are the suite's own constants, never input, so their lookup decides nothing a
 * fuzzer could steer: it is left out of coverage (MS_NO_COV), and it compares without strcmp,
 * whose sanitizer hook would hand each compare to libFuzzer's compare tracing even from
 * uninstrumented code (the oracle looks knobs up several times for every call it judges: a
 * tenth of fuzz_ioctl's compare hooks were these). */
MS_NO_COV int ms_name_is(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/* The oracle asks for knobs by name on every call it judges, nearly always with the same few
 * string constants: a small cache keyed by the pointer (and checked, a buffer may be reused)
 * saves most of the string compares. */
MS_NO_COV int ms_knob_lookup(const char *name) {
    static _Thread_local const char *seen[32];
    static _Thread_local int seen_k[32];
    unsigned slot = (unsigned)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15ull) >> 59); /* 0..31 */
    if (name && seen[slot] == name && ms_name_is(ms_knobs[seen_k[slot]].name, name)) return seen_k[slot];
    for (int k = 0; k < MS_KNOB_COUNT; k++)
        if (ms_name_is(ms_knobs[k].name, name)) {
            seen[slot] = name;
            seen_k[slot] = k;
            return k;
        }
    return -1;
}

int ms_fault_lookup(const char *name) {
    for (int f = 0; f < MS_FAULT_COUNT; f++)
        if (strcmp(ms_faults[f].name, name) == 0) return f;
    return -1;
}

int ms_config_set_knob(ms_config *c, const char *name, const char *value, char *err, size_t n) {
    int k = ms_knob_lookup(name);
    if (k < 0) {
        int o = snprintf(err, n, "unknown knob '%s'; the knobs:", name);
        for (int i = 0; i < MS_KNOB_COUNT && o > 0 && (size_t)o < n; i++)
            o += snprintf(err + o, n - (size_t)o, "%s %s", i ? "," : "", ms_knobs[i].name);
        return -1;
    }
    for (int v = 0; v < 4 && ms_knobs[k].values[v]; v++)
        if (strcmp(ms_knobs[k].values[v], value) == 0) {
            c->knob[k] = (unsigned char)v;
            return 0;
        }
    /* the valid values in the message: the user should not have to look them up */
    int o = snprintf(err, n, "knob '%s' has no value '%s'; its values:", name, value);
    for (int v = 0; v < 4 && ms_knobs[k].values[v] && o > 0 && (size_t)o < n; v++)
        o += snprintf(err + o, n - (size_t)o, "%s %s", v ? "," : "", ms_knobs[k].values[v]);
    return -1;
}

int ms_config_set_profile(ms_config *c, const char *name, char *err, size_t n) {
    for (int p = 0; p < ms_profile_count; p++) {
        if (strcmp(ms_profiles[p].name, name) != 0) continue;
        memset(c->knob, 0, sizeof c->knob);
        char buf[512];
        snprintf(buf, sizeof buf, "%s", ms_profiles[p].settings);
        for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
            char *eq = strchr(tok, '=');
            if (!eq) continue;
            *eq = 0;
            if (ms_config_set_knob(c, tok, eq + 1, err, n) < 0) return -1;
        }
        return 0;
    }
    int o = snprintf(err, n, "unknown profile '%s'; the profiles:", name);
    for (int p = 0; p < ms_profile_count && o > 0 && (size_t)o < n; p++)
        o += snprintf(err + o, n - (size_t)o, "%s %s%s", p ? "," : "", ms_profiles[p].name, p ? "" : " (the default)");
    return -1;
}

int ms_config_set_fault(ms_config *c, const char *name, bool on, char *err, size_t n) {
    int f = ms_fault_lookup(name);
    if (f < 0) {
        snprintf(err, n, "unknown fault '%s' (wfpcert list faults names them)", name);
        return -1;
    }
    c->fault[f] = on;
    return 0;
}

MS_NO_COV const char *ms_config_knob_value(const ms_config *c, ms_knob k) { return ms_knobs[k].values[c->knob[k]]; }
