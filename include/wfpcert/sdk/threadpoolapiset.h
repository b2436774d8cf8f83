/*
 * threadpoolapiset.h (wfpcert): a program's thread-pool calls on Linux, the SDK's
 * threadpoolapiset.h, which windows.h and winsock2.h bring in as on Windows.  A header of its
 * own (not wfpcert/winsock.h) because only programs built against include/wfpcert/sdk and the
 * model's own file use it.
 */
#ifndef WFPCERT_SDK_THREADPOOLAPISET_H
#define WFPCERT_SDK_THREADPOOLAPISET_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif
#include <wfpcert/winsock.h>

/* The thread pool's I/O and work objects, as in threadpoolapiset.h (learn.microsoft.com:
 * "CreateThreadpoolIo", "StartThreadpoolIo", "CancelThreadpoolIo", "WaitForThreadpoolIoCallbacks",
 * "CloseThreadpoolIo", "CreateThreadpoolWork", "SubmitThreadpoolWork",
 * "WaitForThreadpoolWorkCallbacks", "CloseThreadpoolWork", "TrySubmitThreadpoolCallback",
 * "SetEventWhenCallbackReturns").  The default pool only (pcbe NULL; an environment is
 * ERROR_NOT_SUPPORTED).  CreateThreadpoolIo binds the handle to the pool's completion port: a
 * handle bound to a port already is ERROR_INVALID_PARAMETER, one that is no socket
 * ERROR_INVALID_HANDLE.  The callback gets the operation's OVERLAPPED, its Win32 result and
 * its byte count on a pool thread.  StartThreadpoolIo before each overlapped call, and
 * CancelThreadpoolIo after one that did not pend (unless skip-on-success mode queued no
 * packet), are the program's duty: a completion the pool was not told of is not run and is a
 * finding of the model (on Windows it corrupts memory), and so is CloseThreadpoolIo with
 * operations still outstanding.  The Wait* calls wait until every started operation and every
 * submitted callback has run; with fCancelPendingCallbacks those that had not started are
 * dropped.  driver-stub/ws2/threadpool_calls.c. */
typedef struct _TP_CALLBACK_INSTANCE TP_CALLBACK_INSTANCE, *PTP_CALLBACK_INSTANCE;
typedef struct _TP_IO TP_IO, *PTP_IO;
typedef struct _TP_WORK TP_WORK, *PTP_WORK;
typedef struct _TP_TIMER TP_TIMER, *PTP_TIMER;
typedef struct _TP_CALLBACK_ENVIRON_V3 TP_CALLBACK_ENVIRON, *PTP_CALLBACK_ENVIRON;
typedef VOID(CALLBACK *PTP_WIN32_IO_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PVOID Overlapped,
                                              ULONG IoResult, ULONG_PTR NumberOfBytesTransferred, PTP_IO Io);
typedef VOID(CALLBACK *PTP_WORK_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PTP_WORK Work);
typedef VOID(CALLBACK *PTP_SIMPLE_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context);
PTP_IO CreateThreadpoolIo(HANDLE fl, PTP_WIN32_IO_CALLBACK pfnio, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
VOID StartThreadpoolIo(PTP_IO pio);
VOID CancelThreadpoolIo(PTP_IO pio);
VOID WaitForThreadpoolIoCallbacks(PTP_IO pio, BOOL fCancelPendingCallbacks);
VOID CloseThreadpoolIo(PTP_IO pio);
PTP_WORK CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
VOID SubmitThreadpoolWork(PTP_WORK pwk);
VOID WaitForThreadpoolWorkCallbacks(PTP_WORK pwk, BOOL fCancelPendingCallbacks);
VOID CloseThreadpoolWork(PTP_WORK pwk);
BOOL TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK pfns, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
VOID SetEventWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE evt);
/* Timers ("CreateThreadpoolTimer function", "SetThreadpoolTimer function"): pftDueTime negative
 * is relative in 100 ns units, zero or positive an absolute FILETIME, NULL stops new callbacks;
 * msPeriod 0 fires once.  SetThreadpoolTimerEx answers whether the timer was set before. */
typedef VOID(CALLBACK *PTP_TIMER_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PTP_TIMER Timer);
PTP_TIMER CreateThreadpoolTimer(PTP_TIMER_CALLBACK pfnti, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
VOID SetThreadpoolTimer(PTP_TIMER pti, PFILETIME pftDueTime, DWORD msPeriod, DWORD msWindowLength);
BOOL SetThreadpoolTimerEx(PTP_TIMER pti, PFILETIME pftDueTime, DWORD msPeriod, DWORD msWindowLength);
BOOL IsThreadpoolTimerSet(PTP_TIMER pti);
VOID WaitForThreadpoolTimerCallbacks(PTP_TIMER pti, BOOL fCancelPendingCallbacks);
VOID CloseThreadpoolTimer(PTP_TIMER pti);
/* Waits ("CreateThreadpoolWait function", "SetThreadpoolWait function"): one callback when h is
 * signalled (WAIT_OBJECT_0; an auto-reset event is reset as a wait resets it) or pftTimeout
 * passes (WAIT_TIMEOUT; as a timer's due time, NULL for none, zero at once); then the wait must
 * be set again.  h NULL stops new callbacks.  SetThreadpoolWaitEx answers whether the wait was
 * set before.  A mutex is not supported (a finding). */
typedef struct _TP_WAIT TP_WAIT, *PTP_WAIT;
typedef DWORD TP_WAIT_RESULT;
typedef VOID(CALLBACK *PTP_WAIT_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PTP_WAIT Wait,
                                          TP_WAIT_RESULT WaitResult);
PTP_WAIT CreateThreadpoolWait(PTP_WAIT_CALLBACK pfnwa, PVOID pv, PTP_CALLBACK_ENVIRON pcbe);
VOID SetThreadpoolWait(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout);
BOOL SetThreadpoolWaitEx(PTP_WAIT pwa, HANDLE h, PFILETIME pftTimeout, PVOID Reserved);
VOID WaitForThreadpoolWaitCallbacks(PTP_WAIT pwa, BOOL fCancelPendingCallbacks);
VOID CloseThreadpoolWait(PTP_WAIT pwa);

#endif
