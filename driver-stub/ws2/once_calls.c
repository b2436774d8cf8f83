/*
 * once_calls.c: InitOnceInitialize and InitOnceExecuteOnce, synchapi.h's one-time
 * initialization.
 *
 * Why: a service fetches its extension pointers (AcceptEx, ConnectEx) or builds a shared table
 * on first use, from whichever thread gets there first, with InitOnceExecuteOnce; without it
 * such a program does not link against the model.
 *
 * Behaviour, from learn.microsoft.com ("InitOnceExecuteOnce function", "PINIT_ONCE_FN callback
 * function", "InitOnceInitialize function"): one caller at a time runs InitFn; the others block
 * until it returns.  TRUE marks the block initialized: every call, then and later, returns TRUE
 * with the context InitFn stored (its low INIT_ONCE_CTX_RESERVED_BITS bits clear) and InitFn
 * never runs again.  FALSE leaves the block uninitialized and fails only the caller that ran
 * InitFn (with the last error InitFn set); one of the blocked callers then runs InitFn itself.
 * An INIT_ONCE_STATIC_INIT or InitOnceInitialize block is uninitialized.
 *
 * The state lives in the block itself (Ptr): 0 uninitialized, 1 being initialized, and when
 * done the context with bit 1 set (the reserved bits make room for it).
 */
#include "../net/net.h"
#include "../kernel/mutex.h"

#include <pthread.h>

#define RUNNING ((uintptr_t)1)
#define DONE ((uintptr_t)2)
#define RESERVED ((uintptr_t)((1u << INIT_ONCE_CTX_RESERVED_BITS) - 1))

static pthread_mutex_t mu = MS_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

void InitOnceInitialize(PINIT_ONCE once) { once->Ptr = NULL; }

BOOL InitOnceExecuteOnce(PINIT_ONCE once, PINIT_ONCE_FN fn, PVOID param, LPVOID *context) {
    if (!once || !fn) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_mutex_lock(&mu);
    while ((uintptr_t)once->Ptr == RUNNING) pthread_cond_wait(&changed, &mu);
    uintptr_t state = (uintptr_t)once->Ptr;
    if (state & DONE) {
        ms_mutex_unlock(&mu);
        if (context) *context = (LPVOID)(state & ~RESERVED);
        return TRUE;
    }
    once->Ptr = (PVOID)RUNNING;
    ms_mutex_unlock(&mu);
    PVOID made = NULL;
    BOOL ok = fn(once, param, &made);
    ms_mutex_lock(&mu);
    once->Ptr = ok ? (PVOID)(((uintptr_t)made & ~RESERVED) | DONE) : NULL;
    pthread_cond_broadcast(&changed);
    ms_mutex_unlock(&mu);
    if (ok && context) *context = (LPVOID)((uintptr_t)made & ~RESERVED);
    return ok ? TRUE : FALSE;
}
