/*
 * config.h: a world's behaviour settings: the profile knobs (one per documented
 * alternative where the documentation contradicts itself, SEMANTICS C1..C24) and the
 * fault catalogue (known wrong behaviours of a stack, a callout or a proxy helper, all
 * off by default, switched on to prove that the suite notices them).
 *
 * One table each; the CLI, the reports and the tests list them from here.
 */
#ifndef WFPCERT_KERNEL_CONFIG_H
#define WFPCERT_KERNEL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* ---------------------------------------------------------------- knobs */
typedef enum {
    MS_KNOB_TOO_SMALL, /* C1: afd | table | lpcb */
    MS_KNOB_SIZE_PROBE, /* C2: probe | einval */
    MS_KNOB_UNKNOWN_IOCTL, /* C12: eopnotsupp | einval */
    MS_KNOB_SET_BYTES, /* C4: zero | size | unchanged */
    MS_KNOB_SET_ADMIN, /* C11/A54: check | ignore */
    MS_KNOB_NOT_REDIRECTED, /* A41: einval | not_found */
    MS_KNOB_NO_CONTEXT, /* A44: fwp_not_found | einval | not_found */
    MS_KNOB_IOCTL_COMPLETION, /* A46: immediate | deferred */
    MS_KNOB_OV_FAILURE, /* C1 per mode: pend | immediate */
    MS_KNOB_GOR_FAILURE_SIZE, /* C23: update | keep */
    MS_KNOB_OV_SUCCESS_SIZE, /* A22: by-kind | write | keep */
    MS_KNOB_SET_AFTER_CONNECT, /* A58: reject | accept */
    MS_KNOB_UDP_QUERY, /* A48: einval | eopnotsupp */
    MS_KNOB_FLUSH, /* A17 vs W32-REC: eopnotsupp | abort */
    MS_KNOB_LAYERED, /* provider chain: off | on (a pass-through layered provider) */
    MS_KNOB_RECORDS_SIZE, /* A49: compact | large (each hop carries 3000 bytes of kernel-private data) */
    MS_KNOB_COUNT
} ms_knob;

typedef struct ms_knob_info {
    const char *name;
    const char *values[4]; /* values[0] is the default of the "windows" profile */
    const char *clause;
    const char *doc;
} ms_knob_info;

extern const ms_knob_info ms_knobs[MS_KNOB_COUNT];

typedef struct ms_profile_info {
    const char *name;
    const char *doc;
    const char *settings; /* "knob=value ..." applied over the defaults */
} ms_profile_info;
extern const ms_profile_info ms_profiles[];
extern const int ms_profile_count;

/* ---------------------------------------------------------------- faults */
typedef enum {
    MS_FAULT_WRONG_SMALL_ERROR,
    MS_FAULT_NO_REQUIRED_SIZE,
    MS_FAULT_COPY_DROPS_BYTE,
    MS_FAULT_RECORDS_CHANGE,
    MS_FAULT_CONTEXT_FOR_OTHER,
    MS_FAULT_NO_ABORT_ON_CLOSE,
    MS_FAULT_DOUBLE_COMPLETION,
    MS_FAULT_APC_NOT_ALERTABLE,
    MS_FAULT_CMSG_EVERY_DATAGRAM,
    MS_FAULT_CALLOUT_NO_LOOP_CHECK,
    MS_FAULT_CONTEXT_DOUBLE_FREE,
    MS_FAULT_SET_NO_SEAL_CHECK,
    MS_FAULT_WSP_NO_ERRNO,
    MS_FAULT_OUTPUT_OVERRUN,
    MS_FAULT_CMSG_OVERRUN,
    MS_FAULT_SIZE_ON_PENDING,
    MS_FAULT_NULL_LPCB_DEREF,
    MS_FAULT_NO_IOCP_ON_IMMEDIATE,
    MS_FAULT_INTERNAL_NOT_WRITTEN,
    MS_FAULT_IOCP_WSA_CODE,
    MS_FAULT_EVENT_NOT_SIGNALED,
    MS_FAULT_THREAD_ID_NOT_COPIED,
    MS_FAULT_QUERY_UNCONNECTED_OK,
    MS_FAULT_FLUSH_NO_ABORT,
    MS_FAULT_CALLOUT_NO_APPLY,
    MS_FAULT_RECORDS_TRUNCATED_OK,
    MS_FAULT_CMSG_LEN_WRONG,
    MS_FAULT_EOPNOTSUPP_SIZE_UNTOUCHED,
    MS_FAULT_FAILED_CALL_WRITES,
    MS_FAULT_PORT_WRONG_CODE,
    MS_FAULT_MIXED_ALTERNATIVES,
    MS_FAULT_ACQUIRE_KEEPS_RIGHTS,
    MS_FAULT_CALLOUT_PID_OF_CLIENT,
    MS_FAULT_AUTH_NO_REDIRECT_META,
    MS_FAULT_SEAL_KEY_SHARED,
    MS_FAULT_COUNT
} ms_fault;

typedef struct ms_fault_info {
    const char *name;
    const char *layer; /* stack | callout | proxy */
    bool memory_safety; /* a real memory-safety bug the fuzzers must find */
    const char *doc; /* what a correct suite must notice */
} ms_fault_info;
extern const ms_fault_info ms_faults[MS_FAULT_COUNT];

typedef struct ms_config {
    unsigned char knob[MS_KNOB_COUNT]; /* index into ms_knobs[k].values */
    bool fault[MS_FAULT_COUNT];
    bool elevated;
} ms_config;

void ms_config_defaults(ms_config *c);
/* 0 on success, -1 with a message in err when the name or value is unknown. */
int ms_config_set_knob(ms_config *c, const char *name, const char *value, char *err, size_t n);
int ms_config_set_profile(ms_config *c, const char *name, char *err, size_t n);
int ms_config_set_fault(ms_config *c, const char *name, bool on, char *err, size_t n);
const char *ms_config_knob_value(const ms_config *c, ms_knob k);
int ms_knob_lookup(const char *name);
int ms_fault_lookup(const char *name);
/* Whether two of the suite's names (knobs, their values) are the same: the lookup's compare,
 * made without the C library (see config.c). */
int ms_name_is(const char *a, const char *b);

#endif
