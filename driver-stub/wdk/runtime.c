/*
 * runtime.c: the kernel runtime of include/wfpcert/wdk/wdm.h that a callout driver calls
 * besides WFP: IRQL bookkeeping, spin locks, pool allocation by flags, Rtl string helpers,
 * DbgPrint, and the current process.
 *
 * Why real locks: a vendor's classifyFn and its own worker may run on different threads
 * (the model's `clock=real` scenarios and a proxy's threads), so a KSPIN_LOCK must exclude
 * as it does on a multiprocessor.  The IRQL is tracked per thread only so that
 * KeGetCurrentIrql answers what the driver's own raises and lowers imply.
 */
#include "wfpcert/wdk/wdm.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local KIRQL current_irql = PASSIVE_LEVEL;

KIRQL KeGetCurrentIrql(void) { return current_irql; }

void KeRaiseIrql(KIRQL newIrql, PKIRQL oldIrql) {
    if (oldIrql) *oldIrql = current_irql;
    current_irql = newIrql;
}

void KeLowerIrql(KIRQL newIrql) { current_irql = newIrql; }

KIRQL KeRaiseIrqlToDpcLevel(void) {
    KIRQL old = current_irql;
    current_irql = DISPATCH_LEVEL;
    return old;
}

/* ------------------------------------------------------------- spin locks */
static void spin_take(PKSPIN_LOCK lock) {
    while (__atomic_exchange_n(lock, (ULONG_PTR)1, __ATOMIC_ACQUIRE)) sched_yield();
}

static void spin_give(PKSPIN_LOCK lock) { __atomic_store_n(lock, (ULONG_PTR)0, __ATOMIC_RELEASE); }

void KeInitializeSpinLock(PKSPIN_LOCK lock) { *lock = 0; }

void KeAcquireSpinLock(PKSPIN_LOCK lock, PKIRQL oldIrql) {
    spin_take(lock);
    KeRaiseIrql(DISPATCH_LEVEL, oldIrql);
}

void KeReleaseSpinLock(PKSPIN_LOCK lock, KIRQL newIrql) {
    spin_give(lock);
    KeLowerIrql(newIrql);
}

void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK lock) { spin_take(lock); }
void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK lock) { spin_give(lock); }

void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK lock, PKLOCK_QUEUE_HANDLE handle) {
    handle->LockQueue = lock;
    KeAcquireSpinLock(lock, &handle->OldIrql);
}

void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE handle) {
    KeReleaseSpinLock(handle->LockQueue, handle->OldIrql);
}

void KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK lock, PKLOCK_QUEUE_HANDLE handle) {
    handle->LockQueue = lock;
    handle->OldIrql = current_irql;
    spin_take(lock);
}

void KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE handle) { spin_give(handle->LockQueue); }

/* EX_SPIN_LOCK: the sign bit marks a writer, the rest counts readers. */
#define EX_WRITER ((LONG)0x80000000)

void ExAcquireSpinLockSharedAtDpcLevel(EX_SPIN_LOCK volatile *lock) {
    for (;;) {
        LONG v = __atomic_load_n(lock, __ATOMIC_RELAXED);
        if (v >= 0 && __atomic_compare_exchange_n(lock, &v, v + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
        sched_yield();
    }
}

void ExReleaseSpinLockSharedFromDpcLevel(EX_SPIN_LOCK volatile *lock) { __atomic_sub_fetch(lock, 1, __ATOMIC_RELEASE); }

void ExAcquireSpinLockExclusiveAtDpcLevel(EX_SPIN_LOCK volatile *lock) {
    for (;;) {
        LONG v = 0;
        if (__atomic_compare_exchange_n(lock, &v, EX_WRITER, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
        sched_yield();
    }
}

void ExReleaseSpinLockExclusiveFromDpcLevel(EX_SPIN_LOCK volatile *lock) {
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

KIRQL ExAcquireSpinLockShared(EX_SPIN_LOCK volatile *lock) {
    KIRQL old = KeRaiseIrqlToDpcLevel();
    ExAcquireSpinLockSharedAtDpcLevel(lock);
    return old;
}

void ExReleaseSpinLockShared(EX_SPIN_LOCK volatile *lock, KIRQL oldIrql) {
    ExReleaseSpinLockSharedFromDpcLevel(lock);
    KeLowerIrql(oldIrql);
}

KIRQL ExAcquireSpinLockExclusive(EX_SPIN_LOCK volatile *lock) {
    KIRQL old = KeRaiseIrqlToDpcLevel();
    ExAcquireSpinLockExclusiveAtDpcLevel(lock);
    return old;
}

void ExReleaseSpinLockExclusive(EX_SPIN_LOCK volatile *lock, KIRQL oldIrql) {
    ExReleaseSpinLockExclusiveFromDpcLevel(lock);
    KeLowerIrql(oldIrql);
}

/* ------------------------------------------------------------------- pool */
/* ExAllocatePoolWithTag and ExFreePoolWithTag are the WFP engine's (driver-stub/wfp/redirect.c):
 * the pool is per world, so the verifier knows who owns a redirect context. */
PVOID ExAllocatePool2(POOL_FLAGS flags, SIZE_T numberOfBytes, ULONG tag) {
    if (!(flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED_EXECUTE))) return NULL;
    PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, numberOfBytes, tag);
    if (p && !(flags & POOL_FLAG_UNINITIALIZED)) memset(p, 0, numberOfBytes);
    return p;
}

PVOID ExAllocatePoolZero(POOL_TYPE poolType, SIZE_T numberOfBytes, ULONG tag) {
    PVOID p = ExAllocatePoolWithTag(poolType, numberOfBytes, tag);
    if (p) memset(p, 0, numberOfBytes);
    return p;
}

void ExFreePool(PVOID p) { ExFreePoolWithTag(p, 0); }

/* ------------------------------------------------------------------- Rtl */
void RtlInitUnicodeString(PUNICODE_STRING d, PCWSTR s) {
    size_t n = s ? wcslen(s) * sizeof(wchar_t) : 0;
    if (n > 0xfffc) n = 0xfffc;
    d->Length = (USHORT)n;
    d->MaximumLength = (USHORT)(s ? n + sizeof(wchar_t) : 0);
    d->Buffer = (PWCH)s;
}

SIZE_T RtlCompareMemory(const void *a, const void *b, SIZE_T length) {
    const UCHAR *x = a, *y = b;
    SIZE_T i = 0;
    while (i < length && x[i] == y[i]) i++;
    return i;
}

static wchar_t fold(wchar_t c, BOOLEAN ci) { return ci && c >= L'a' && c <= L'z' ? c - L'a' + L'A' : c; }

LONG RtlCompareUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci) {
    size_t na = a->Length / sizeof(wchar_t), nb = b->Length / sizeof(wchar_t);
    for (size_t i = 0; i < na && i < nb; i++) {
        wchar_t x = fold(a->Buffer[i], ci), y = fold(b->Buffer[i], ci);
        if (x != y) return x < y ? -1 : 1;
    }
    return na == nb ? 0 : na < nb ? -1 : 1;
}

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN ci) {
    return a->Length == b->Length && RtlCompareUnicodeString(a, b, ci) == 0;
}

/* ------------------------------------------------------------------ debug */
static ULONG dbg_vprint(const char *format, va_list ap) {
    if (!getenv("WFPCERT_DBGPRINT")) return 0; /* STATUS_SUCCESS */
    vfprintf(stderr, format, ap);
    return 0;
}

ULONG DbgPrint(PCSTR format, ...) {
    va_list ap;
    va_start(ap, format);
    ULONG r = dbg_vprint(format, ap);
    va_end(ap);
    return r;
}

ULONG DbgPrintEx(ULONG componentId, ULONG level, PCSTR format, ...) {
    (void)componentId, (void)level;
    va_list ap;
    va_start(ap, format);
    ULONG r = dbg_vprint(format, ap);
    va_end(ap);
    return r;
}

/* ------------------------------------------------------------- processes */
/* The model has one process (PID 4242, driver-stub/net/socket.c) and one thread per caller. */
HANDLE PsGetCurrentProcessId(void) { return (HANDLE)(uintptr_t)4242; }
HANDLE PsGetCurrentThreadId(void) { return (HANDLE)(uintptr_t)1; }
