/*
 * service_calls.c: a Windows service's start-up calls, answered as Windows answers a service
 * program run from a console: StartServiceCtrlDispatcherA/W, RegisterServiceCtrlHandlerA/W,
 * RegisterServiceCtrlHandlerExA/W and SetServiceStatus.
 *
 * Why: most redirect proxies ship as services.  Their main calls StartServiceCtrlDispatcher and,
 * when that fails with ERROR_FAILED_SERVICE_CONTROLLER_CONNECT ("the program is being run as a
 * console application rather than as a service", StartServiceCtrlDispatcherA page), runs its
 * service code in the foreground: exactly what a certification run wants, and only possible if
 * these names link.  The model has no service control manager, so a program under it is always
 * that console program: the dispatcher fails so, a handler cannot be registered for a service
 * the dispatcher never started (NULL, ERROR_SERVICE_NOT_IN_EXE), and SetServiceStatus has no
 * handle to report through (ERROR_INVALID_HANDLE, "SetServiceStatus function").
 */
#include "../net/net.h"

static BOOL console_program(void) {
    ms_set_last_error(ERROR_FAILED_SERVICE_CONTROLLER_CONNECT);
    return FALSE;
}

BOOL StartServiceCtrlDispatcherA(const SERVICE_TABLE_ENTRYA *table) {
    (void)table;
    return console_program();
}

BOOL StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *table) {
    (void)table;
    return console_program();
}

static SERVICE_STATUS_HANDLE no_service(void) {
    ms_set_last_error(ERROR_SERVICE_NOT_IN_EXE);
    return NULL;
}

SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerA(LPCSTR name, LPHANDLER_FUNCTION fn) {
    (void)name, (void)fn;
    return no_service();
}

SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerW(LPCWSTR name, LPHANDLER_FUNCTION fn) {
    (void)name, (void)fn;
    return no_service();
}

SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerExA(LPCSTR name, LPHANDLER_FUNCTION_EX fn, LPVOID ctx) {
    (void)name, (void)fn, (void)ctx;
    return no_service();
}

SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerExW(LPCWSTR name, LPHANDLER_FUNCTION_EX fn, LPVOID ctx) {
    (void)name, (void)fn, (void)ctx;
    return no_service();
}

BOOL SetServiceStatus(SERVICE_STATUS_HANDLE h, LPSERVICE_STATUS status) {
    (void)h, (void)status;
    ms_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}
