/*
 * redirector.h: the example redirector driver's shared declarations: its GUIDs, its
 * configuration and the classify functions.
 *
 * This driver is written for the WDK, as a vendor's connect-redirect callout is: it sends
 * TCP and UDP connections to one destination port to the vendor's local proxy, exempts the
 * proxy's own process, lets the proxy's outbound connection through (the redirect state),
 * and hands the proxy the original destination as the redirect context.  wfpcert builds it
 * unchanged against its WDK-shaped headers (wfpcert_add_callout) to certify it on Linux.
 */
#ifndef EXAMPLE_REDIRECTOR_H
#define EXAMPLE_REDIRECTOR_H

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

#define EXAMPLE_POOL_TAG 'rdxE'

/* Defaults until the service configures the driver (IOCTL_EXAMPLE_SET_PROXY). */
#ifndef EXAMPLE_REDIRECT_PORT
#define EXAMPLE_REDIRECT_PORT 443
#endif
#ifndef EXAMPLE_PROXY_PORT
#define EXAMPLE_PROXY_PORT 50443
#endif
#ifndef EXAMPLE_PROXY_PID
#define EXAMPLE_PROXY_PID 0 /* 0: no proxy yet, nothing is redirected */
#endif

/* Every EXAMPLE_PEND_EVERY-th redirect is pended and finished by a work item, as a service
 * that asks user mode about a flow would; 0 never pends. */
#ifndef EXAMPLE_PEND_EVERY
#define EXAMPLE_PEND_EVERY 2
#endif

/* The one application whose connections are redirected, as the service would name it: the
 * application id (NT path, lower case) FwpmGetAppIdFromFileName0 gives for its image.  Not
 * defined: every application. */
/* #define EXAMPLE_APP_ID_PATH "\\device\\harddiskvolume1\\program files\\vendor\\app.exe" */

#define IOCTL_EXAMPLE_SET_PROXY CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _EXAMPLE_PROXY_CONFIG {
    ULONG ProxyPid;
    USHORT ProxyPort; /* host order */
    USHORT RedirectPort; /* host order */
} EXAMPLE_PROXY_CONFIG;

DEFINE_GUID(EXAMPLE_PROVIDER_KEY, 0x5e1f0c2a, 0x6b1d, 0x4c70, 0x9a, 0x3e, 0x21, 0x7d, 0x44, 0x0b, 0x8e, 0x01);
DEFINE_GUID(EXAMPLE_SUBLAYER_KEY, 0x5e1f0c2a, 0x6b1d, 0x4c70, 0x9a, 0x3e, 0x21, 0x7d, 0x44, 0x0b, 0x8e, 0x02);
DEFINE_GUID(EXAMPLE_CALLOUT_V4_KEY, 0x5e1f0c2a, 0x6b1d, 0x4c70, 0x9a, 0x3e, 0x21, 0x7d, 0x44, 0x0b, 0x8e, 0x03);
DEFINE_GUID(EXAMPLE_CALLOUT_V6_KEY, 0x5e1f0c2a, 0x6b1d, 0x4c70, 0x9a, 0x3e, 0x21, 0x7d, 0x44, 0x0b, 0x8e, 0x04);
DEFINE_GUID(EXAMPLE_FILTER_V4_KEY, 0x5e1f0c2a, 0x6b1d, 0x4c70, 0x9a, 0x3e, 0x21, 0x7d, 0x44, 0x0b, 0x8e, 0x05);
DEFINE_GUID(EXAMPLE_FILTER_V6_KEY, 0x5e1f0c2a, 0x6b1d, 0x4c70, 0x9a, 0x3e, 0x21, 0x7d, 0x44, 0x0b, 0x8e, 0x06);

/* driver.c */
extern HANDLE gRedirectHandle;
extern EX_SPIN_LOCK gConfigLock;
extern EXAMPLE_PROXY_CONFIG gConfig;
extern volatile LONG gRedirectCount;
extern volatile LONG gClassifyCount; /* redirects decided, to pick the ones to pend */
extern PDEVICE_OBJECT gDevice; /* the work items that finish pended classifies belong to it */

/* classify.c */
void NTAPI ExampleClassifyV4(_In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
                             _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, _Inout_opt_ void *layerData,
                             _In_opt_ const void *classifyContext, _In_ const FWPS_FILTER1 *filter,
                             _In_ UINT64 flowContext, _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut);
void NTAPI ExampleClassifyV6(_In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
                             _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, _Inout_opt_ void *layerData,
                             _In_opt_ const void *classifyContext, _In_ const FWPS_FILTER1 *filter,
                             _In_ UINT64 flowContext, _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut);
NTSTATUS NTAPI ExampleNotify(_In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType, _In_ const GUID *filterKey,
                             _Inout_ FWPS_FILTER1 *filter);

#endif
