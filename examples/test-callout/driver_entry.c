/*
 * driver_entry.c: the suite's own test callout (driver-stub/callout) as a driver module, built
 * by wfpcert_add_callout from its unchanged sources exactly as a vendor's driver is, and
 * loaded with `wfpcert ... --callout test-callout.so` (issue 13 section 2, dogfooding).
 *
 * Why this file: the test callout has no DriverEntry of its own; the model links it in and
 * loads one instance per vendor with a policy (ms_callout_driver_load).  A module has one
 * driver, so DriverEntry loads one instance with the correct callout's policy (the one
 * wt_callout_policy_init gives a case) and DriverUnload unloads it.  What the embedded
 * callout gets from a case (port, proxy port, context) comes from build flags here, set by
 * examples/test-callout/CMakeLists.txt to match the module's vendor configuration.
 */
#include <ntddk.h>

#include "test_callout.h"

#ifndef TEST_CALLOUT_VENDOR
#define TEST_CALLOUT_VENDOR 'M' /* the provider GUID's last byte: no case's vendor letter */
#endif
#ifndef TEST_CALLOUT_WEIGHT
#define TEST_CALLOUT_WEIGHT 0x8000 /* heavier than any case's test callout: this driver classifies first */
#endif
#ifndef TEST_CALLOUT_PROXY_PID
#define TEST_CALLOUT_PROXY_PID 4242 /* the model's proxy, wfpcert itself */
#endif
#ifndef TEST_CALLOUT_REDIRECT_PORT
#error "build with TEST_CALLOUT_REDIRECT_PORT (the configuration's redirect_port)"
#endif
#ifndef TEST_CALLOUT_PROXY_PORT
#error "build with TEST_CALLOUT_PROXY_PORT (the configuration's proxy_port)"
#endif
#ifndef TEST_CALLOUT_BUG_NO_APPLY
#define TEST_CALLOUT_BUG_NO_APPLY 0 /* 1: the planted bug of fault callout_no_apply (A82) */
#endif

static ms_callout_driver *gInstance;

static void TestCalloutUnload(_In_ PDRIVER_OBJECT driverObject) {
    UNREFERENCED_PARAMETER(driverObject);
    (void)ms_callout_driver_unload(gInstance);
    gInstance = NULL;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT driverObject, _In_ PUNICODE_STRING registryPath) {
    UNREFERENCED_PARAMETER(registryPath);
    ms_callout_policy policy = {.vendor = TEST_CALLOUT_VENDOR,
                                .weight = TEST_CALLOUT_WEIGHT,
                                .match_port = TEST_CALLOUT_REDIRECT_PORT,
                                .proxy_port = TEST_CALLOUT_PROXY_PORT,
                                .target_pid = TEST_CALLOUT_PROXY_PID,
                                .with_context = 1,
                                .loop_check = 1,
                                .no_apply = TEST_CALLOUT_BUG_NO_APPLY};
    gInstance = NULL; /* a driver loaded again after an unload starts from nothing */
    NTSTATUS status = ms_callout_driver_load(&policy, &gInstance);
    if (NT_SUCCESS(status)) driverObject->DriverUnload = TestCalloutUnload;
    return status;
}
