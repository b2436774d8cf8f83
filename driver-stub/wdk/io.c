/*
 * io.c: the I/O manager a callout driver meets: its DRIVER_OBJECT, IoCreateDevice and
 * IoDeleteDevice (FwpsCalloutRegister wants the device object), symbolic links, and
 * IoCompleteRequest; and loading and unloading a driver into a model world (driver.h).
 *
 * Why the unload checks: Driver Verifier reports a driver that unloads with device objects
 * still present, and so does the model, naming the driver, because such a leak outlives the
 * driver on Windows and crashes the machine later.
 */
#include "driver.h"
#include "../kernel/heap.h"
#include "../wfp/wfp_stack.h"

#include <string.h>

#define DEVICE_TAG 0x76654457u /* 'WDev' */

struct ms_driver {
    ms_world *w;
    const char *name;
    DRIVER_OBJECT object;
    UNICODE_STRING registry_path;
    bool loaded;
};

static const wchar_t registry_path[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\wfpcert-vendor";

NTSTATUS IoCreateDevice(PDRIVER_OBJECT driverObject, ULONG deviceExtensionSize, PUNICODE_STRING deviceName,
                        DEVICE_TYPE deviceType, ULONG deviceCharacteristics, BOOLEAN exclusive,
                        PDEVICE_OBJECT *deviceObject) {
    (void)exclusive;
    if (!driverObject || !deviceObject) return STATUS_INVALID_PARAMETER;
    *deviceObject = NULL;
    PDEVICE_OBJECT d = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *d + deviceExtensionSize, DEVICE_TAG);
    if (!d) return STATUS_INSUFFICIENT_RESOURCES;
    memset(d, 0, sizeof *d + deviceExtensionSize);
    d->Size = (USHORT)sizeof *d;
    d->DriverObject = driverObject;
    d->DeviceType = deviceType;
    d->Characteristics = deviceCharacteristics;
    d->Flags = DO_DEVICE_INITIALIZING;
    d->DeviceExtension = deviceExtensionSize ? (PVOID)(d + 1) : NULL;
    if (deviceName) d->wfpcertName = *deviceName;
    d->NextDevice = driverObject->DeviceObject;
    driverObject->DeviceObject = d;
    *deviceObject = d;
    return STATUS_SUCCESS;
}

void IoDeleteDevice(PDEVICE_OBJECT deviceObject) {
    if (!deviceObject) return;
    PDRIVER_OBJECT driver = deviceObject->DriverObject;
    for (PDEVICE_OBJECT *pp = &driver->DeviceObject; *pp; pp = &(*pp)->NextDevice)
        if (*pp == deviceObject) {
            *pp = deviceObject->NextDevice;
            break;
        }
    ExFreePoolWithTag(deviceObject, DEVICE_TAG);
}

/* Nothing opens a device by name in the model; the links are accepted and forgotten. */
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING symbolicLinkName, PUNICODE_STRING deviceName) {
    return symbolicLinkName && deviceName ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING symbolicLinkName) {
    return symbolicLinkName ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

void IoCompleteRequest(PIRP irp, CHAR priorityBoost) { (void)irp, (void)priorityBoost; }

/* ---------------------------------------------------------------- loading */
NTSTATUS ms_driver_load(ms_world *w, const char *name, PDRIVER_INITIALIZE entry, ms_driver **out) {
    *out = NULL;
    if (!entry) return STATUS_INVALID_PARAMETER;
    ms_driver *d = ms_calloc(1, sizeof *d);
    if (!d) return STATUS_INSUFFICIENT_RESOURCES;
    d->w = w;
    d->name = name;
    d->object.Size = (SHORT)sizeof d->object;
    d->object.DriverInit = entry;
    RtlInitUnicodeString(&d->registry_path, registry_path);
    ms_wfp_driver_loading(w, name);
    NTSTATUS st = entry(&d->object, &d->registry_path);
    ms_wfp_driver_loading(w, NULL);
    if (!NT_SUCCESS(st)) {
        /* A DriverEntry that fails must have undone its work itself; what it left is its leak. */
        size_t left = ms_wfp_driver_gone(w, name);
        if (left) {
            ms_lock(w);
            ms_finding_locked(
                w, "verifier: driver %s failed its DriverEntry (0x%08x) with %zu callout(s) still registered", name,
                (unsigned)st, left);
            ms_unlock(w);
        }
        ms_driver_forget(d);
        return st;
    }
    d->loaded = true;
    *out = d;
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------ work items */
#define WORKITEM_TAG 0x74496b57u /* 'WkIt' */

struct _IO_WORKITEM {
    PDEVICE_OBJECT device;
    PIO_WORKITEM_ROUTINE routine;
    PVOID context;
    ms_deferred *node; /* its place in the queue, taken here: IoQueueWorkItem cannot fail */
    bool queued;
};

PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT deviceObject) {
    if (!deviceObject) return NULL;
    PIO_WORKITEM item = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *item, WORKITEM_TAG);
    if (!item) return NULL;
    memset(item, 0, sizeof *item);
    item->device = deviceObject;
    item->node = ms_defer_node_new();
    if (!item->node) {
        ExFreePoolWithTag(item, WORKITEM_TAG);
        return NULL;
    }
    return item;
}

static void run_item(ms_world *w, void *arg) {
    (void)w;
    PIO_WORKITEM item = arg;
    item->queued = false; /* the routine may queue it again or free it */
    item->routine(item->device, item->context);
}

static void drop_item(void *arg) { ((PIO_WORKITEM)arg)->queued = false; }

void IoQueueWorkItem(PIO_WORKITEM ioWorkItem, PIO_WORKITEM_ROUTINE workerRoutine, WORK_QUEUE_TYPE queueType,
                     PVOID context) {
    (void)queueType; /* one worker: the model runs items in the order they were queued */
    ms_world *w = ms_world_current();
    if (!w || !ioWorkItem || !workerRoutine) return;
    ms_lock(w);
    if (ioWorkItem->queued) { /* Driver Verifier stops the machine here */
        ms_finding_locked(w, "verifier: IoQueueWorkItem on a work item that is already queued");
    } else {
        ioWorkItem->routine = workerRoutine;
        ioWorkItem->context = context;
        ioWorkItem->queued = true;
        ms_defer_node_locked(w, ioWorkItem->node, run_item, drop_item, ioWorkItem);
    }
    ms_unlock(w);
}

void IoFreeWorkItem(PIO_WORKITEM ioWorkItem) {
    if (!ioWorkItem) return;
    ms_world *w = ms_world_current();
    if (ioWorkItem->queued) {
        if (w) {
            ms_lock(w);
            ms_finding_locked(w, "verifier: IoFreeWorkItem on a work item that is still queued");
            ms_unlock(w);
        }
        return; /* kept: the queue still points at it */
    }
    ms_defer_node_free(ioWorkItem->node);
    ExFreePoolWithTag(ioWorkItem, WORKITEM_TAG);
}

void ms_driver_unload(ms_driver *d) {
    if (!d) return;
    if (d->loaded && d->object.DriverUnload) {
        ms_pump(d->w); /* its queued work items run before it goes (the I/O manager holds the device) */
        d->object.DriverUnload(&d->object);
        /* "Unloading a Callout Driver": the unload function "must not return ... until after it has
         * successfully unregistered all its callouts" */
        size_t callouts = ms_wfp_driver_gone(d->w, d->name);
        if (callouts) {
            ms_lock(d->w);
            ms_finding_locked(
                d->w, "verifier: driver %s returned from its unload function with %zu callout(s) still registered",
                d->name, callouts);
            ms_unlock(d->w);
        }
        int left = 0;
        for (PDEVICE_OBJECT x = d->object.DeviceObject; x; x = x->NextDevice) left++;
        if (left) {
            ms_lock(d->w);
            ms_finding_locked(d->w,
                              "verifier: driver %s unloaded with %d device object(s) not deleted (IoDeleteDevice)",
                              d->name, left);
            ms_unlock(d->w);
        }
    }
    ms_free(d);
}

void ms_driver_forget(ms_driver *d) { ms_free(d); }
