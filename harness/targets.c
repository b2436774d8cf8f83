/*
 * targets.c: the fuzz targets by name.  The target files are compiled a second time with
 * WFPCERT_NO_FUZZ_ENTRY for this table, so one process (repro, the campaign's self checks)
 * can run any of them; each fuzzer binary still links exactly one LLVMFuzzerTestOneInput.
 */
#include <string.h>

#include "wh.h"

int wh_fuzz_ioctl(const uint8_t *data, size_t size);
int wh_fuzz_cmsg(const uint8_t *data, size_t size);
int wh_fuzz_records(const uint8_t *data, size_t size);
int wh_fuzz_sequence(const uint8_t *data, size_t size);
int wh_fuzz_chain(const uint8_t *data, size_t size);
int wh_fuzz_empty(const uint8_t *data, size_t size);
int wh_fuzz_proxy(const uint8_t *data, size_t size);

const wh_target_info wh_targets[] = {
    {"ioctl", wh_fuzz_ioctl, "one WSAIoctl/WSPIoctl call on a prepared socket"},
    {"cmsg", wh_fuzz_cmsg, "WSASendMsg/WSARecvMsg control buffers on a redirected UDP flow"},
    {"records", wh_fuzz_records, "SIO_SET with arbitrary and mutated real record blobs"},
    {"sequence", wh_fuzz_sequence, "API call sequences over several sockets"},
    {"chain", wh_fuzz_chain, "proxy/callout topologies of 1-3 vendors"},
    {"empty", wh_fuzz_empty, "does nothing: the benchmark baseline"},
    {"proxy", wh_fuzz_proxy, "a vendor's proxy module (WFPCERT_PROXY) under hostile flows"},
};
const int wh_target_count = (int)(sizeof wh_targets / sizeof wh_targets[0]);

const wh_target_info *wh_target_find(const char *name) {
    for (int i = 0; name && i < wh_target_count; i++)
        if (strcmp(wh_targets[i].name, name) == 0) return &wh_targets[i];
    return NULL;
}
