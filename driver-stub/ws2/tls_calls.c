/*
 * tls_calls.c: thread local storage the kernel32 way: TlsAlloc, TlsFree, TlsGetValue and
 * TlsSetValue.
 *
 * Why: a service keeps each worker's per-connection context in a TLS slot it allocated once,
 * as older Winsock servers do; without these names it does not link against the model.  They
 * belong to the process, not to a world, and need no WSAStartup.
 *
 * Behaviour, from learn.microsoft.com ("TlsAlloc function", "TlsFree function", "TlsGetValue
 * function", "TlsSetValue function", "Thread Local Storage"):
 *   TlsAlloc  an index, whose slot in every thread, this one and those to come, holds NULL;
 *       TLS_OUT_OF_INDEXES when none is left.  The model has TLS_MINIMUM_AVAILABLE (64) plus
 *       1,024 indexes, as Windows does.
 *   TlsSetValue, TlsGetValue  the calling thread's slot; TlsGetValue "calls SetLastError to
 *       clear a thread's last error value when it succeeds", so a NULL value with error 0 is a
 *       stored NULL.  An index past the last (or TLS_OUT_OF_INDEXES): FALSE or NULL with
 *       ERROR_INVALID_PARAMETER.  Within the range nothing more is checked: "TlsGetValue"
 *       "performs minimal parameter validation ... it succeeds if dwTlsIndex is in the range 0
 *       through (TLS_MINIMUM_AVAILABLE - 1)", so a freed index answers its cleared slot, NULL
 *       with the error cleared, as Windows does (and Wine's kernelbase); a TlsSetValue there is
 *       stored and lost again when the index is handed out.
 *   TlsFree  the index becomes free (a second TlsFree fails with ERROR_INVALID_PARAMETER); a
 *       later TlsAlloc that hands it out again gives every thread NULL there (a generation per
 *       index tells a stale value from a fresh one).
 */
#include "../net/net.h"
#include "../kernel/mutex.h"

#include <stdint.h>

#define MS_TLS_INDEXES (TLS_MINIMUM_AVAILABLE + 1024)

/* Generation 0: never allocated.  Odd: allocated.  Even and non-zero: freed. */
static uint32_t generation[MS_TLS_INDEXES];
static pthread_mutex_t tls_mu = MS_MUTEX_INITIALIZER;

typedef struct {
    uint32_t generation; /* the index's generation when this thread stored value */
    void *value;
} tls_slot;
static _Thread_local tls_slot slots[MS_TLS_INDEXES];

DWORD TlsAlloc(void) {
    DWORD found = TLS_OUT_OF_INDEXES;
    ms_mutex_lock(&tls_mu);
    for (DWORD i = 0; i < MS_TLS_INDEXES && found == TLS_OUT_OF_INDEXES; i++)
        if (!(generation[i] & 1)) {
            generation[i]++;
            found = i;
        }
    ms_mutex_unlock(&tls_mu);
    if (found == TLS_OUT_OF_INDEXES) ms_set_last_error(ERROR_NO_MORE_ITEMS);
    return found;
}

/* The index's generation now (odd while allocated, even once freed). */
static uint32_t generation_of(DWORD i) {
    ms_mutex_lock(&tls_mu);
    uint32_t g = generation[i];
    ms_mutex_unlock(&tls_mu);
    return g;
}

BOOL TlsFree(DWORD i) {
    bool ok = false;
    if (i < MS_TLS_INDEXES) {
        ms_mutex_lock(&tls_mu);
        if ((ok = generation[i] & 1)) generation[i]++;
        ms_mutex_unlock(&tls_mu);
    }
    if (!ok) ms_set_last_error(ERROR_INVALID_PARAMETER);
    return ok;
}

BOOL TlsSetValue(DWORD i, LPVOID value) {
    if (i >= MS_TLS_INDEXES) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    slots[i] = (tls_slot){generation_of(i), value};
    return TRUE;
}

LPVOID TlsGetValue(DWORD i) {
    if (i >= MS_TLS_INDEXES) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    uint32_t g = generation_of(i);
    ms_set_last_error(ERROR_SUCCESS);
    /* a value stored under another generation was cleared by a TlsFree or TlsAlloc since */
    return slots[i].generation == g ? slots[i].value : NULL;
}
