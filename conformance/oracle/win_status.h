/*
 * win_status.h: the NTSTATUS values the oracle (conformance/oracle/oracle.c) and the harness
 * compare OVERLAPPED.Internal with, for Windows builds.
 *
 * Why: on Linux wfpcert/winsock.h declares them with the model; the Windows SDK keeps them in
 * ntstatus.h, which clashes with winnt.h unless WIN32_NO_STATUS is set before windows.h, so a
 * user-mode build sees only STATUS_PENDING and a few others.  The values are the ntstatus.h
 * ones, typed LONG (user mode has no NTSTATUS).  conformance/CMakeLists.txt force-includes this
 * file into oracle.c on Windows; it can go once wfpcert/winsock.h defines them there too.
 */
#ifndef WFPCERT_WIN_STATUS_H
#define WFPCERT_WIN_STATUS_H

#include "wfpcert/winsock.h"

#if defined(_WIN32)
#ifndef STATUS_BUFFER_TOO_SMALL
#define STATUS_BUFFER_TOO_SMALL ((LONG)0xC0000023L)
#endif
#ifndef STATUS_NOT_SUPPORTED
#define STATUS_NOT_SUPPORTED ((LONG)0xC00000BBL)
#endif
#ifndef STATUS_CANCELLED
#define STATUS_CANCELLED ((LONG)0xC0000120L)
#endif
#ifndef STATUS_NOT_FOUND
#define STATUS_NOT_FOUND ((LONG)0xC0000225L)
#endif
#endif

#endif /* WFPCERT_WIN_STATUS_H */
