/*
 * wdm.h (wfpcert): the part of the Windows kernel runtime a WFP callout driver uses, for
 * building a vendor's unchanged driver sources against the wfpcert model on Linux.
 *
 * Names, signatures and values are the WDK's where the documentation states them (pool
 * flags, IRQLs, IRP major codes, CTL_CODE, NTSTATUS values); the implementations are the
 * model's (driver-stub/wdk/): pool memory is tracked per model world so the WFP verifier can
 * tell who owns a redirect context, spin locks are real locks (classifyFn may run on any
 * thread), and DbgPrint output goes to stderr only when WFPCERT_DBGPRINT is set.
 *
 * What is deliberately absent (docs/VENDOR-DRIVER.md): the NDIS data path, WSK, KMDF, the
 * registry, timers and DPCs, MDLs and the I/O manager beyond a device object, its dispatch
 * table, IoCompleteRequest and work items.  A driver that uses one of them fails to compile
 * (an undeclared name, or for a few well-known calls an error that names this page).
 */
#ifndef WFPCERT_WDK_WDM_H
#define WFPCERT_WDK_WDM_H

#include "../winsock.h"

#include <stdarg.h>
#include <string.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A call the model does not provide: using it stops the build with a message. */
#if defined(__clang__)
#define WFPCERT_WDK_MISSING(what)                                                                                      \
    __attribute__((unavailable("wfpcert: " what " is not modelled; see docs/VENDOR-DRIVER.md")))
#elif defined(__GNUC__)
#define WFPCERT_WDK_MISSING(what) __attribute__((error("wfpcert: " what " is not modelled; see docs/VENDOR-DRIVER.md")))
#else
#define WFPCERT_WDK_MISSING(what)
#endif

/* ------------------------------------------------------------- SAL, calling */
#define NTAPI
#define NTSYSAPI
#define NTKERNELAPI
#define FORCEINLINE static inline
#define DECLSPEC_NOINLINE
#ifdef __cplusplus
#define EXTERN_C extern "C"
#define WFPCERT_GUID_DEFINITION extern "C"
#else
#define EXTERN_C extern
#define WFPCERT_GUID_DEFINITION
#endif
#define IN
#define OUT
#define OPTIONAL
#include "../sal.h"
#define _Releases_lock_(l)
#define _Acquires_exclusive_lock_(l)
#define _Releases_exclusive_lock_(l)
#define _Acquires_shared_lock_(l)
#define _Releases_shared_lock_(l)
#define _Guarded_by_(l)
#define _Kernel_requires_resource_held_(r)
#define _Kernel_acquires_resource_(r)
#define _Kernel_releases_resource_(r)

#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define DBG_UNREFERENCED_PARAMETER(p) ((void)(p))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(v) ((void)(v))
#define PAGED_CODE() ((void)0)
#define ASSERT(e) ((void)0)
#define NT_ASSERT(e) ((void)0)
#define C_ASSERT(e) _Static_assert(e, #e)
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RTL_NUMBER_OF(a) ARRAYSIZE(a)
#define CONTAINING_RECORD(address, type, field) ((type *)((char *)(address)-offsetof(type, field)))
#define ALIGN_UP_BY(n, a) (((ULONG_PTR)(n) + (a)-1) & ~((ULONG_PTR)(a)-1))

/* ------------------------------------------------------------------ types */
typedef void VOID;
typedef short SHORT;
typedef char *PSTR;
typedef const char *PCSTR;
typedef UCHAR *PUCHAR;
typedef USHORT *PUSHORT;
typedef LONG *PLONG;
typedef BOOLEAN *PBOOLEAN;
typedef LONGLONG LONG64, *PLONG64;
typedef ULONGLONG ULONG64, *PULONG64, DWORD64;
typedef uint8_t UINT8;
typedef uint16_t UINT16;
typedef int8_t INT8;
typedef int16_t INT16;
typedef UINT8 *PUINT8;
typedef UINT32 *PUINT32;
typedef UINT64 *PUINT64;
typedef SIZE_T *PSIZE_T;
/* PHANDLE: winsock.h */
typedef NTSTATUS *PNTSTATUS;
typedef ULONG_PTR KAFFINITY;
typedef ULONG ACCESS_MASK;
typedef ULONG LOGICAL;
/* Strings the driver writes as L"..." literals: wchar_t, so the literals type-check. */
typedef wchar_t *PWCH, *PWSTR, *NWPSTR;
typedef const wchar_t *PCWCH, *PCWSTR;

/* LARGE_INTEGER: wfpcert/winsock.h, included above. */

typedef struct _UNICODE_STRING {
    USHORT Length; /* bytes, without a terminator */
    USHORT MaximumLength; /* bytes */
    PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;
#define RTL_CONSTANT_STRING(s)                                                                                         \
    { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (PWCH)(s) }
#define DECLARE_CONST_UNICODE_STRING(name, s) const UNICODE_STRING name = RTL_CONSTANT_STRING(s)
void RtlInitUnicodeString(PUNICODE_STRING destination, PCWSTR source);

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

FORCEINLINE void InitializeListHead(PLIST_ENTRY h) { h->Flink = h->Blink = h; }
FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *h) { return h->Flink == h; }
FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY e) {
    PLIST_ENTRY f = e->Flink, b = e->Blink;
    b->Flink = f;
    f->Blink = b;
    return f == b;
}
FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY h) {
    PLIST_ENTRY e = h->Flink;
    RemoveEntryList(e);
    return e;
}
FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY h) {
    PLIST_ENTRY e = h->Blink;
    RemoveEntryList(e);
    return e;
}
FORCEINLINE void InsertTailList(PLIST_ENTRY h, PLIST_ENTRY e) {
    e->Flink = h;
    e->Blink = h->Blink;
    h->Blink->Flink = e;
    h->Blink = e;
}
FORCEINLINE void InsertHeadList(PLIST_ENTRY h, PLIST_ENTRY e) {
    e->Flink = h->Flink;
    e->Blink = h;
    h->Flink->Blink = e;
    h->Flink = e;
}

/* ---------------------------------------------------------------- NTSTATUS */
#ifndef NT_SUCCESS
#define NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)
#endif
#define NT_INFORMATION(s) ((((ULONG)(s)) >> 30) == 1)
#define NT_WARNING(s) ((((ULONG)(s)) >> 30) == 2)
#define NT_ERROR(s) ((((ULONG)(s)) >> 30) == 3)
#ifndef STATUS_UNSUCCESSFUL
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001)
#endif
#ifndef STATUS_NOT_IMPLEMENTED
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002)
#endif
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#endif
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#endif
#ifndef STATUS_INVALID_DEVICE_REQUEST
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)
#endif
#ifndef STATUS_OBJECT_NAME_COLLISION
#define STATUS_OBJECT_NAME_COLLISION ((NTSTATUS)0xC0000035)
#endif
#ifndef STATUS_INSUFFICIENT_RESOURCES
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009A)
#endif
#ifndef STATUS_DEVICE_NOT_READY
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3)
#endif
#ifndef STATUS_TOO_MANY_COMMANDS
#define STATUS_TOO_MANY_COMMANDS ((NTSTATUS)0xC00000C1)
#endif
#ifndef STATUS_INTERNAL_ERROR
#define STATUS_INTERNAL_ERROR ((NTSTATUS)0xC00000E5)
#endif
#ifndef STATUS_DEVICE_BUSY
#define STATUS_DEVICE_BUSY ((NTSTATUS)0x80000011)
#endif

/* ------------------------------------------------------------ interlocked */
/* InterlockedIncrement, ...Decrement, ...Exchange, ...ExchangeAdd, ...CompareExchange, their 64-bit
 * forms and the two pointer calls are wfpcert/winsock.h's (included above: one definition for
 * a driver and a service).  The kernel's extras, on any integer type, with full barriers: */
#define InterlockedAdd(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAdd64(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedXor(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define ReadNoFence(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ReadAcquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define WriteRelease(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define KeMemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* ------------------------------------------------------------- Rtl memory */
#define RtlZeroMemory(d, n) memset((d), 0, (n))
#define RtlFillMemory(d, n, v) memset((d), (v), (n))
#define RtlCopyMemory(d, s, n) memcpy((d), (s), (n))
#define RtlMoveMemory(d, s, n) memmove((d), (s), (n))
#define RtlEqualMemory(a, b, n) (memcmp((a), (b), (n)) == 0)
#define RtlSecureZeroMemory(d, n) memset((d), 0, (n))
SIZE_T RtlCompareMemory(const void *a, const void *b, SIZE_T length);
#define RtlUshortByteSwap(v) __builtin_bswap16((USHORT)(v))
#define RtlUlongByteSwap(v) __builtin_bswap32((ULONG)(v))
#define RtlUlonglongByteSwap(v) __builtin_bswap64((ULONGLONG)(v))
BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN caseInsensitive);
LONG RtlCompareUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN caseInsensitive);

/* ------------------------------------------------------------------ GUIDs */
#define IsEqualGUID(a, b) (memcmp((a), (b), sizeof(GUID)) == 0)
#define InlineIsEqualGUID(a, b) IsEqualGUID(a, b)
/* Without INITGUID a GUID is declared; with it (initguid.h) it is defined once for the whole
 * program: weak, as DECLSPEC_SELECTANY makes it on Windows. */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                                                   \
    WFPCERT_GUID_DEFINITION const GUID __attribute__((weak)) name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) EXTERN_C const GUID name
#endif

/* ------------------------------------------------------------------- IRQL */
typedef UCHAR KIRQL, *PKIRQL;
#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define HIGH_LEVEL 15
/* The model keeps the level per thread: raised by spin locks, lowered on release. */
KIRQL KeGetCurrentIrql(void);
void KeRaiseIrql(KIRQL newIrql, PKIRQL oldIrql);
void KeLowerIrql(KIRQL newIrql);
KIRQL KeRaiseIrqlToDpcLevel(void);

/* ------------------------------------------------------------- spin locks */
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE {
    PKSPIN_LOCK LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
void KeInitializeSpinLock(PKSPIN_LOCK lock);
void KeAcquireSpinLock(PKSPIN_LOCK lock, PKIRQL oldIrql);
void KeReleaseSpinLock(PKSPIN_LOCK lock, KIRQL newIrql);
void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK lock);
void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK lock);
void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK lock, PKLOCK_QUEUE_HANDLE handle);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE handle);
void KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK lock, PKLOCK_QUEUE_HANDLE handle);
void KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE handle);

/* Reader/writer spin lock (EX_SPIN_LOCK is a LONG, zero when free). */
typedef LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;
KIRQL ExAcquireSpinLockShared(EX_SPIN_LOCK volatile *lock);
void ExReleaseSpinLockShared(EX_SPIN_LOCK volatile *lock, KIRQL oldIrql);
KIRQL ExAcquireSpinLockExclusive(EX_SPIN_LOCK volatile *lock);
void ExReleaseSpinLockExclusive(EX_SPIN_LOCK volatile *lock, KIRQL oldIrql);
void ExAcquireSpinLockSharedAtDpcLevel(EX_SPIN_LOCK volatile *lock);
void ExReleaseSpinLockSharedFromDpcLevel(EX_SPIN_LOCK volatile *lock);
void ExAcquireSpinLockExclusiveAtDpcLevel(EX_SPIN_LOCK volatile *lock);
void ExReleaseSpinLockExclusiveFromDpcLevel(EX_SPIN_LOCK volatile *lock);

/* ------------------------------------------------------------------- pool */
typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    PagedPool = 1,
    NonPagedPoolNx = 512,
} POOL_TYPE;
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
/* The model's pool belongs to the model world the call is made in; memory handed to WFP as
 * a redirect context must come from here (A85), and freeing it twice is a finding. */
PVOID ExAllocatePoolWithTag(POOL_TYPE poolType, SIZE_T numberOfBytes, ULONG tag);
PVOID ExAllocatePool2(POOL_FLAGS flags, SIZE_T numberOfBytes, ULONG tag);
PVOID ExAllocatePoolZero(POOL_TYPE poolType, SIZE_T numberOfBytes, ULONG tag);
void ExFreePoolWithTag(PVOID p, ULONG tag);
void ExFreePool(PVOID p);

/* ------------------------------------------------------------------ debug */
#define DPFLTR_IHVNETWORK_ID 0
#define DPFLTR_IHVDRIVER_ID 77
#define DPFLTR_DEFAULT_ID 101
#define DPFLTR_ERROR_LEVEL 0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL 2
#define DPFLTR_INFO_LEVEL 3
/* Written to stderr only when WFPCERT_DBGPRINT is set (the conformance report stays clean). */
ULONG DbgPrint(PCSTR format, ...) __attribute__((format(printf, 1, 2)));
ULONG DbgPrintEx(ULONG componentId, ULONG level, PCSTR format, ...) __attribute__((format(printf, 3, 4)));
#define KdPrint(args) ((void)0)
#define KdPrintEx(args) ((void)0)
#define DbgBreakPoint() ((void)0)

/* ------------------------------------------------------- devices, drivers */
#define CTL_CODE(deviceType, function, method, access)                                                                 \
    (((ULONG)(deviceType) << 16) | ((ULONG)(access) << 14) | ((ULONG)(function) << 2) | (ULONG)(method))
#define DEVICE_TYPE_FROM_CTL_CODE(c) (((ULONG)(c)&0xffff0000) >> 16)
#define METHOD_FROM_CTL_CODE(c) ((ULONG)((c)&3))
#define METHOD_BUFFERED 0
#define METHOD_IN_DIRECT 1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER 3
#define FILE_ANY_ACCESS 0
#define FILE_READ_ACCESS 0x0001
#define FILE_WRITE_ACCESS 0x0002
/* FILE_READ_DATA and FILE_WRITE_DATA: winsock.h (fileapi.h's access rights) */
typedef ULONG DEVICE_TYPE;
#define FILE_DEVICE_NETWORK 0x00000012
#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_SECURE_OPEN 0x00000100
#define FILE_AUTOGENERATED_DEVICE_NAME 0x00000080
#define DO_BUFFERED_IO 0x00000004
#define DO_DIRECT_IO 0x00000010
#define DO_DEVICE_INITIALIZING 0x00000080

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#define IRP_MJ_SHUTDOWN 0x10
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b
#define IO_NO_INCREMENT 0

typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR Flags;
    UCHAR Control;
    union {
        struct {
            ULONG OutputBufferLength;
            ULONG InputBufferLength;
            ULONG IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
    } Parameters;
    struct _DEVICE_OBJECT *DeviceObject;
    PVOID FileObject;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

typedef struct _IRP {
    IO_STATUS_BLOCK IoStatus;
    union {
        PVOID SystemBuffer; /* METHOD_BUFFERED: input in, output out */
    } AssociatedIrp;
    PVOID UserBuffer;
    IO_STACK_LOCATION wfpcertStack; /* the model's one stack location */
} IRP, *PIRP;

struct _DRIVER_OBJECT;
struct _DEVICE_OBJECT;
typedef NTSTATUS DRIVER_INITIALIZE(struct _DRIVER_OBJECT *driverObject, PUNICODE_STRING registryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;
typedef void DRIVER_UNLOAD(struct _DRIVER_OBJECT *driverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;
typedef NTSTATUS DRIVER_DISPATCH(struct _DEVICE_OBJECT *deviceObject, struct _IRP *irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;

typedef struct _DEVICE_OBJECT {
    SHORT Type;
    USHORT Size;
    struct _DRIVER_OBJECT *DriverObject;
    struct _DEVICE_OBJECT *NextDevice;
    ULONG Flags;
    ULONG Characteristics;
    PVOID DeviceExtension;
    DEVICE_TYPE DeviceType;
    UNICODE_STRING wfpcertName;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

typedef struct _DRIVER_OBJECT {
    SHORT Type;
    SHORT Size;
    PDEVICE_OBJECT DeviceObject; /* the driver's devices, newest first */
    ULONG Flags;
    PVOID DriverStart;
    ULONG DriverSize;
    PVOID DriverSection;
    PVOID DriverExtension;
    UNICODE_STRING DriverName;
    PUNICODE_STRING HardwareDatabase;
    PVOID FastIoDispatch;
    PDRIVER_INITIALIZE DriverInit;
    PVOID DriverStartIo;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

/* The model keeps device objects in pool memory of the current world; a driver must delete
 * what it created (IoDeleteDevice) in its unload routine. */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT driverObject, ULONG deviceExtensionSize, PUNICODE_STRING deviceName,
                        DEVICE_TYPE deviceType, ULONG deviceCharacteristics, BOOLEAN exclusive,
                        PDEVICE_OBJECT *deviceObject);
void IoDeleteDevice(PDEVICE_OBJECT deviceObject);
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING symbolicLinkName, PUNICODE_STRING deviceName);
NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING symbolicLinkName);
void IoCompleteRequest(PIRP irp, CHAR priorityBoost);
#define IofCompleteRequest IoCompleteRequest
FORCEINLINE PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP irp) { return &irp->wfpcertStack; }

/* Processes: the model's classify runs in the caller's context; these name it. */
typedef PVOID PEPROCESS;
HANDLE PsGetCurrentProcessId(void);
HANDLE PsGetCurrentThreadId(void);

/* Work items: how a callout finishes a pended classify from a system worker thread.  The
 * model runs a queued item at its next defined point (any wait, wt_pump), with the world's
 * lock held, as one worker would; an item still queued when the driver unloads runs first
 * (the I/O manager keeps the device, and so the driver, until its items have run). */
typedef struct _IO_WORKITEM *PIO_WORKITEM;
typedef enum _WORK_QUEUE_TYPE {
    CriticalWorkQueue,
    DelayedWorkQueue,
    HyperCriticalWorkQueue,
    NormalWorkQueue,
    BackgroundWorkQueue,
    RealTimeWorkQueue,
    SuperCriticalWorkQueue,
    MaximumWorkQueue,
    CustomPriorityWorkQueue = 32
} WORK_QUEUE_TYPE;
typedef VOID IO_WORKITEM_ROUTINE(PDEVICE_OBJECT DeviceObject, PVOID Context);
typedef IO_WORKITEM_ROUTINE *PIO_WORKITEM_ROUTINE;
PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT deviceObject);
void IoQueueWorkItem(PIO_WORKITEM ioWorkItem, PIO_WORKITEM_ROUTINE workerRoutine, WORK_QUEUE_TYPE queueType,
                     PVOID context);
void IoFreeWorkItem(PIO_WORKITEM ioWorkItem);

/* ------------------------------------------------------------ not modelled */
typedef struct _KDPC KDPC, *PKDPC;
typedef struct _KTIMER KTIMER, *PKTIMER;
typedef struct _MDL MDL, *PMDL;
void KeInitializeDpc(PKDPC dpc, PVOID routine, PVOID context) WFPCERT_WDK_MISSING("KeInitializeDpc (DPCs)");
BOOLEAN KeInsertQueueDpc(PKDPC dpc, PVOID a, PVOID b) WFPCERT_WDK_MISSING("KeInsertQueueDpc (DPCs)");
void KeInitializeTimer(PKTIMER timer) WFPCERT_WDK_MISSING("KeInitializeTimer (kernel timers)");
PMDL IoAllocateMdl(PVOID va, ULONG length, BOOLEAN secondary, BOOLEAN chargeQuota, PIRP irp)
    WFPCERT_WDK_MISSING("IoAllocateMdl (MDLs)");
NTSTATUS ZwOpenKey(PHANDLE keyHandle, ACCESS_MASK access, PVOID attributes)
    WFPCERT_WDK_MISSING("ZwOpenKey (the registry)");

#ifdef __cplusplus
}
#endif

#endif /* WFPCERT_WDK_WDM_H */
