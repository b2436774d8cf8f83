/*
 * catalogue.c: wc_catalogue_size/get for the runner (case.h): the hand-written cases of each
 * area in SEMANTICS order (A01..A68, A74..A93), then the generated cross product.
 *
 * Why a join and not one table: each area file keeps its cases next to their bodies, and the
 * generated cells are built at run time from generated.c's tables.  The order is fixed, so an
 * index means the same case in the runner and in its child processes.
 */
#include "cases.h"

#include <string.h>

static const wc_table *const areas[] = {&wc_constants,      &wc_plumbing,
                                        &wc_query,          &wc_set,
                                        &wc_udp_cases,      &wc_wfp,
                                        &wc_consumers,      &wc_setup_calls,
                                        &wc_winsock_calls,  &wc_wfp_api,
                                        &wc_win32_surface,  &wc_socket_calls,
                                        &wc_host_calls,     &wc_stack_calls,
                                        &wc_alternatives,   &wc_low_memory,
                                        &wc_classic_calls,  &wc_k32_calls,
                                        &wc_data_calls,     &wc_alert_calls,
                                        &wc_observer_cases, &wc_protocol_calls,
                                        &wc_sockopt_sizes,  &wc_dual_stack,
                                        &wc_bind_share,     &wc_fast_path,
                                        &wc_crt_calls,      &wc_file_calls,
                                        &wc_pool_calls,     &wc_timer_calls,
                                        &wc_wait_calls,     &wc_endpoint_calls,
                                        &wc_startup_calls,  &wc_transmit_calls,
                                        &wc_adapter_calls};
#define NAREAS (sizeof areas / sizeof areas[0])

static size_t hand_written(void) {
    size_t n = 0;
    for (size_t a = 0; a < NAREAS; a++) n += areas[a]->n;
    return n;
}

size_t wc_catalogue_size(void) { return hand_written() + wc_generated_count(); }

const wc_case *wc_catalogue_get(size_t i) {
    for (size_t a = 0; a < NAREAS; a++) {
        if (i < areas[a]->n) return &areas[a]->cases[i];
        i -= areas[a]->n;
    }
    return wc_generated_get(i);
}

/* The embedded model runs every case but these; each says what the model lacks.  On it, any
 * other case that ends UNSUPPORTED has lost something the model had (a callout table one slot
 * short made the sixteen-vendor chain decline, and certify said "conforming"). */
static const struct {
    const char *id, *why;
} declined[] = {
    {"A08.cmsg-x86", "the 4-byte control-message layout needs a build with 4-byte pointers"},
    {"A25.sibling-required-size", "the model has no SIO_ADDRESS_LIST_QUERY"},
    {"A26.sibling-cbout-1", "the model has no SIO_ADDRESS_LIST_QUERY"},
    {"A50.kernel-sio-format", "a kernel helper that user-mode code cannot call"},
    {"A79.state-values", "a kernel enum visible only inside the callout"},
    {"A80.context-only-self", "an out-parameter visible only inside the callout"},
    {"A87.hop-limit", "a sample policy that wt_callout_policy cannot set"},
    {"A90.other-traffic", "raw sockets and a callout for them"},
};

const char *wc_catalogue_declined(const char *id) {
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++)
        if (!strcmp(declined[i].id, id)) return declined[i].why;
    return NULL;
}
