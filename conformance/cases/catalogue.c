/*
 * catalogue.c: wc_catalogue_size/get for the runner (case.h): the hand-written cases of each
 * area in SEMANTICS order (A01..A68, A74..A93), then the generated cross product.
 *
 * Why a join and not one table: each area file keeps its cases next to their bodies, and the
 * generated cells are built at run time from generated.c's tables.  The order is fixed, so an
 * index means the same case in the runner and in its child processes.
 */
#include "cases.h"

static const wc_table *const areas[] = {&wc_constants,     &wc_plumbing,    &wc_query,         &wc_set,
                                        &wc_udp_cases,     &wc_wfp,         &wc_consumers,     &wc_setup_calls,
                                        &wc_winsock_calls, &wc_wfp_api,     &wc_win32_surface, &wc_socket_calls,
                                        &wc_host_calls,    &wc_stack_calls, &wc_alternatives,  &wc_low_memory,
                                        &wc_classic_calls, &wc_k32_calls,   &wc_data_calls,    &wc_alert_calls};
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
