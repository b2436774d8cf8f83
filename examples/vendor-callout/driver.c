/*
 * driver.c: the example redirector's DriverEntry, DriverUnload and device control.
 *
 * At load it creates its control device (the service configures the proxy through
 * IOCTL_EXAMPLE_SET_PROXY), creates and caches its redirect handle, and in one management
 * transaction adds its provider, its sublayer, and for ALE_CONNECT_REDIRECT_V4 and _V6 a
 * registered callout, its management object and a filter.  Unload takes it all down in
 * reverse.  Written for the WDK; built unchanged for wfpcert's model.
 */
#include <initguid.h>

#include "redirector.h"

HANDLE gRedirectHandle;
EX_SPIN_LOCK gConfigLock;
EXAMPLE_PROXY_CONFIG gConfig;
volatile LONG gRedirectCount;
volatile LONG gClassifyCount;

PDEVICE_OBJECT gDevice;
static HANDLE gEngine;
static UINT32 gCalloutIds[2];
static UINT64 gFilterIds[2];

static UNICODE_STRING gDeviceName = RTL_CONSTANT_STRING(L"\\Device\\ExampleRedirector");
static UNICODE_STRING gLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleRedirector");

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ExampleUnload;
static DRIVER_DISPATCH ExampleCreateClose;
static DRIVER_DISPATCH ExampleDeviceControl;

static NTSTATUS ExampleCreateClose(_In_ PDEVICE_OBJECT deviceObject, _Inout_ PIRP irp) {
    UNREFERENCED_PARAMETER(deviceObject);
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS ExampleDeviceControl(_In_ PDEVICE_OBJECT deviceObject, _Inout_ PIRP irp) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    UNREFERENCED_PARAMETER(deviceObject);

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_EXAMPLE_SET_PROXY) {
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(EXAMPLE_PROXY_CONFIG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            const EXAMPLE_PROXY_CONFIG *in = (const EXAMPLE_PROXY_CONFIG *)irp->AssociatedIrp.SystemBuffer;
            KIRQL oldIrql = ExAcquireSpinLockExclusive(&gConfigLock);
            gConfig = *in;
            ExReleaseSpinLockExclusive(&gConfigLock, oldIrql);
            status = STATUS_SUCCESS;
        }
    }
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

/* The application id the filters match (EXAMPLE_APP_ID_PATH), UTF-16LE with its terminator,
 * as WFP compares ALE_APP_ID; empty: every application. */
static FWP_BYTE_BLOB gAppId;

static NTSTATUS ExampleSetAppId(_In_opt_ const char *ntPath) {
    SIZE_T i, n;
    UINT8 *bytes;
    if (ntPath == NULL) return STATUS_SUCCESS;
    n = strlen(ntPath) + 1;
    bytes = (UINT8 *)ExAllocatePool2(POOL_FLAG_NON_PAGED, n * 2, EXAMPLE_POOL_TAG);
    if (bytes == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    for (i = 0; i < n; i++) {
        bytes[2 * i] = (UINT8)ntPath[i];
        bytes[2 * i + 1] = 0;
    }
    gAppId.size = (UINT32)(n * 2);
    gAppId.data = bytes;
    return STATUS_SUCCESS;
}

static void ExampleFreeAppId(void) {
    if (gAppId.data != NULL) ExFreePoolWithTag(gAppId.data, EXAMPLE_POOL_TAG);
    gAppId.data = NULL;
    gAppId.size = 0;
}

/* The WFP objects of one layer: the run-time callout, its management object and a filter. */
static NTSTATUS ExampleAddLayer(_In_ int index, _In_ const GUID *layerKey, _In_ const GUID *calloutKey,
                                _In_ const GUID *filterKey, _In_ FWPS_CALLOUT_CLASSIFY_FN1 classifyFn) {
    FWPS_CALLOUT1 sCallout = {0};
    FWPM_CALLOUT0 mCallout = {0};
    FWPM_FILTER0 filter = {0};
    FWPM_FILTER_CONDITION0 conditions[3] = {0};
    NTSTATUS status;

    sCallout.calloutKey = *calloutKey;
    sCallout.classifyFn = classifyFn;
    sCallout.notifyFn = ExampleNotify;
    status = FwpsCalloutRegister1(gDevice, &sCallout, &gCalloutIds[index]);
    if (!NT_SUCCESS(status)) return status;

    mCallout.calloutKey = *calloutKey;
    mCallout.displayData.name = L"Example redirector callout";
    mCallout.displayData.description = L"Sends matching connections to the local proxy";
    mCallout.providerKey = (GUID *)&EXAMPLE_PROVIDER_KEY;
    mCallout.applicableLayer = *layerKey;
    status = FwpmCalloutAdd0(gEngine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) return status;

    filter.filterKey = *filterKey;
    filter.displayData.name = L"Example redirector filter";
    filter.providerKey = (GUID *)&EXAMPLE_PROVIDER_KEY;
    filter.layerKey = *layerKey;
    filter.subLayerKey = EXAMPLE_SUBLAYER_KEY;
    filter.weight.type = FWP_UINT8;
    filter.weight.uint8 = 0xf;
    filter.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
    filter.action.calloutKey = *calloutKey;
    /* TCP or UDP only (two conditions on one field are OR'ed); the port is checked in
     * classifyFn because the service may change it at run time. */
    conditions[0].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    conditions[0].matchType = FWP_MATCH_EQUAL;
    conditions[0].conditionValue.type = FWP_UINT8;
    conditions[0].conditionValue.uint8 = IPPROTO_TCP;
    conditions[1] = conditions[0];
    conditions[1].conditionValue.uint8 = IPPROTO_UDP;
    filter.numFilterConditions = 2;
    if (gAppId.data != NULL) { /* and only that application (conditions on two fields are AND'ed) */
        conditions[2].fieldKey = FWPM_CONDITION_ALE_APP_ID;
        conditions[2].matchType = FWP_MATCH_EQUAL;
        conditions[2].conditionValue.type = FWP_BYTE_BLOB_TYPE;
        conditions[2].conditionValue.byteBlob = &gAppId;
        filter.numFilterConditions = 3;
    }
    filter.filterCondition = conditions;
    return FwpmFilterAdd0(gEngine, &filter, NULL, &gFilterIds[index]);
}

static NTSTATUS ExampleRegister(void) {
    FWPM_SESSION0 session = {0};
    FWPM_PROVIDER0 provider = {0};
    FWPM_SUBLAYER0 subLayer = {0};
    NTSTATUS status;

    status = FwpsRedirectHandleCreate0(&EXAMPLE_PROVIDER_KEY, 0, &gRedirectHandle);
    if (!NT_SUCCESS(status)) return status;

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &gEngine);
    if (!NT_SUCCESS(status)) return status;

    status = FwpmTransactionBegin0(gEngine, 0);
    if (!NT_SUCCESS(status)) return status;

    provider.providerKey = EXAMPLE_PROVIDER_KEY;
    provider.displayData.name = L"Example Networks";
    status = FwpmProviderAdd0(gEngine, &provider, NULL);

    if (NT_SUCCESS(status)) {
        subLayer.subLayerKey = EXAMPLE_SUBLAYER_KEY;
        subLayer.displayData.name = L"Example redirector sublayer";
        subLayer.providerKey = (GUID *)&EXAMPLE_PROVIDER_KEY;
        subLayer.weight = 0x8000;
        status = FwpmSubLayerAdd0(gEngine, &subLayer, NULL);
    }
    if (NT_SUCCESS(status))
        status = ExampleAddLayer(0, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V4, &EXAMPLE_CALLOUT_V4_KEY,
                                 &EXAMPLE_FILTER_V4_KEY, ExampleClassifyV4);
    if (NT_SUCCESS(status))
        status = ExampleAddLayer(1, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V6, &EXAMPLE_CALLOUT_V6_KEY,
                                 &EXAMPLE_FILTER_V6_KEY, ExampleClassifyV6);
    if (NT_SUCCESS(status)) {
        status = FwpmTransactionCommit0(gEngine);
#ifdef EXAMPLE_BUG_CLOSE_ENGINE_EARLY
        FwpmEngineClose0(gEngine); /* the bug: the dynamic session, and with it every object it added, ends here */
        gEngine = NULL;
#endif
    } else {
        FwpmTransactionAbort0(gEngine);
    }
    return status;
}

static void ExampleUnregister(void) {
    int i;
    for (i = 0; i < 2; i++) {
        if (gFilterIds[i]) FwpmFilterDeleteById0(gEngine, gFilterIds[i]);
        gFilterIds[i] = 0;
    }
    if (gEngine) {
        FwpmCalloutDeleteByKey0(gEngine, &EXAMPLE_CALLOUT_V4_KEY);
        FwpmCalloutDeleteByKey0(gEngine, &EXAMPLE_CALLOUT_V6_KEY);
        FwpmSubLayerDeleteByKey0(gEngine, &EXAMPLE_SUBLAYER_KEY);
        FwpmProviderDeleteByKey0(gEngine, &EXAMPLE_PROVIDER_KEY);
    }
    for (i = 0; i < 2; i++) {
#ifndef EXAMPLE_BUG_NO_UNREGISTER
        if (gCalloutIds[i]) FwpsCalloutUnregisterById0(gCalloutIds[i]);
#endif
        gCalloutIds[i] = 0;
    }
#ifndef EXAMPLE_BUG_NO_ENGINE_CLOSE
    if (gEngine) FwpmEngineClose0(gEngine);
#endif
    gEngine = NULL;
#ifndef EXAMPLE_BUG_NO_HANDLE_DESTROY
    if (gRedirectHandle) FwpsRedirectHandleDestroy0(gRedirectHandle);
#endif
    gRedirectHandle = NULL;
}

static void ExampleUnload(_In_ PDRIVER_OBJECT driverObject) {
    UNREFERENCED_PARAMETER(driverObject);
    ExampleUnregister();
    ExampleFreeAppId();
    IoDeleteSymbolicLink(&gLinkName);
    if (gDevice) IoDeleteDevice(gDevice);
    gDevice = NULL;
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "example-redirector: unloaded after %ld redirects\n",
               (long)gRedirectCount);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT driverObject, _In_ PUNICODE_STRING registryPath) {
    NTSTATUS status;
    UNREFERENCED_PARAMETER(registryPath);

    gConfigLock = 0;
    gConfig.ProxyPid = EXAMPLE_PROXY_PID;
    gConfig.ProxyPort = EXAMPLE_PROXY_PORT;
    gConfig.RedirectPort = EXAMPLE_REDIRECT_PORT;
    gRedirectCount = 0;
    gClassifyCount = 0;
#ifdef EXAMPLE_APP_ID_PATH
    status = ExampleSetAppId(EXAMPLE_APP_ID_PATH);
#else
    status = ExampleSetAppId(NULL);
#endif
    if (!NT_SUCCESS(status)) return status;

    status =
        IoCreateDevice(driverObject, 0, &gDeviceName, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE, &gDevice);
    if (!NT_SUCCESS(status)) {
        ExampleFreeAppId();
        return status;
    }
    status = IoCreateSymbolicLink(&gLinkName, &gDeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(gDevice);
        gDevice = NULL;
        ExampleFreeAppId();
        return status;
    }
    driverObject->MajorFunction[IRP_MJ_CREATE] = ExampleCreateClose;
    driverObject->MajorFunction[IRP_MJ_CLOSE] = ExampleCreateClose;
    driverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ExampleDeviceControl;
    driverObject->DriverUnload = ExampleUnload;
    gDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    status = ExampleRegister();
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "example-redirector: registration failed 0x%08x\n",
                   (unsigned)status);
        ExampleUnload(driverObject);
    }
    return status;
}
