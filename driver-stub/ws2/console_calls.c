/*
 * console_calls.c: the console control handlers of a console program: SetConsoleCtrlHandler and
 * GenerateConsoleCtrlEvent.
 *
 * Why: a console service stops cleanly on Ctrl+C by registering a handler at start-up; without
 * the name such a program does not link against the model, and without GenerateConsoleCtrlEvent
 * a test cannot ask it to stop the way a user does.  The model has no console and no process
 * groups: the process is the console's only process, as a program started in its own console
 * window is.
 *
 * Behaviour, from learn.microsoft.com ("SetConsoleCtrlHandler function", "HandlerRoutine callback
 * function", "GenerateConsoleCtrlEvent function", "CTRL+C and CTRL+BREAK Signals"):
 *   SetConsoleCtrlHandler  adds the routine to the process's list or removes it; with NULL, TRUE
 *       makes the process ignore CTRL+C (not CTRL+BREAK) and FALSE restores it.  Removing a
 *       routine that is not in the list fails (ERROR_INVALID_PARAMETER, the model's answer:
 *       M.SetConsoleCtrlHandler.not-registered).
 *   GenerateConsoleCtrlEvent  CTRL_C_EVENT or CTRL_BREAK_EVENT to process group 0 (the console's
 *       processes, here this one); returns at once.  "The system creates a new thread in the
 *       process to execute the handler function": the routines run on a thread of the model's
 *       own, the last registered first, until one returns TRUE; if none does, the default
 *       handler ends the process (ExitProcess with STATUS_CONTROL_C_EXIT, 0xC000013A).  Another
 *       group, or another event, is refused with ERROR_INVALID_PARAMETER (the model's answer:
 *       M.GenerateConsoleCtrlEvent.refused).
 */
#include "../net/net.h"
#include "../kernel/mutex.h"

#include <stdlib.h>

#define STATUS_CONTROL_C_EXIT 0xC000013Au

static pthread_mutex_t console_mu = MS_MUTEX_INITIALIZER;
static PHANDLER_ROUTINE *routines; /* in the order registered; under console_mu */
static size_t nroutines, cap_routines;
static bool ignore_ctrl_c;

BOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE routine, BOOL add) {
    BOOL ok = TRUE;
    ms_mutex_lock(&console_mu);
    if (!routine) {
        ignore_ctrl_c = add != 0;
    } else if (add) {
        if (nroutines == cap_routines) {
            size_t cap = cap_routines ? cap_routines * 2 : 8;
            PHANDLER_ROUTINE *grown = realloc(routines, cap * sizeof *grown);
            if (grown) routines = grown, cap_routines = cap;
        }
        if (nroutines < cap_routines)
            routines[nroutines++] = routine;
        else
            ok = FALSE;
        if (!ok) ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        size_t i = nroutines;
        while (i > 0 && routines[i - 1] != routine) i--;
        if (i == 0) {
            ok = FALSE;
            ms_set_last_error(ERROR_INVALID_PARAMETER);
        } else {
            for (; i < nroutines; i++) routines[i - 1] = routines[i];
            nroutines--;
        }
    }
    ms_mutex_unlock(&console_mu);
    return ok;
}

/* The handler thread: the routines from the last registered down, until one handles the event. */
static DWORD WINAPI deliver(LPVOID arg) {
    DWORD event = (DWORD)(uintptr_t)arg;
    for (size_t k = 0;; k++) {
        ms_mutex_lock(&console_mu); /* the list may change while a routine runs */
        PHANDLER_ROUTINE r = k < nroutines ? routines[nroutines - 1 - k] : NULL;
        ms_mutex_unlock(&console_mu);
        if (!r) break;
        if (r(event)) return 0;
    }
    ExitProcess(STATUS_CONTROL_C_EXIT); /* the default handler */
    return 0;
}

BOOL GenerateConsoleCtrlEvent(DWORD event, DWORD group) {
    if ((event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT) || group != 0) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_mutex_lock(&console_mu);
    bool ignored = event == CTRL_C_EVENT && ignore_ctrl_c;
    ms_mutex_unlock(&console_mu);
    if (ignored) return TRUE;
    HANDLE t = CreateThread(NULL, 0, deliver, (LPVOID)(uintptr_t)event, 0, NULL);
    if (!t) return FALSE;
    CloseHandle(t);
    return TRUE;
}
