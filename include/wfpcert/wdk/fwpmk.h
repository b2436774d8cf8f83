/*
 * fwpmk.h (wfpcert): the WFP management API as a kernel-mode callout driver uses it at load
 * and unload: an engine session, a transaction, a provider, a sublayer, callouts and
 * filters, and the layer GUIDs.
 *
 * Structures carry the documented members in the documented order (learn.microsoft.com,
 * "FWPM_FILTER0", "FWPM_SUBLAYER0", "FWPM_CALLOUT0", "FWPM_PROVIDER0", "FWPM_SESSION0"); the
 * layer GUID values are the ones the Windows SDK publishes for these layers (the same values
 * appear in many open-source WFP programs, e.g. OpenVPN's block_dns and eBPF-for-Windows'
 * fwp_um).  The model implements the calls for the four layers a connect-redirect callout
 * uses (ALE_CONNECT_REDIRECT_V4/V6, ALE_AUTH_CONNECT_V4/V6): a filter at any other layer is
 * refused with STATUS_FWP_INVALID_PARAMETER.  Filter conditions on the protocol, the ports,
 * the addresses, the application id and the flags are evaluated as WFP does (conditions on
 * one field OR'ed, different fields AND'ed); a condition on another field, or with a match
 * type the model does not evaluate for it, is refused with STATUS_FWP_INVALID_PARAMETER and a
 * finding that names it.
 */
#ifndef WFPCERT_WDK_FWPMK_H
#define WFPCERT_WDK_FWPMK_H

#include "fwptypes.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STATUS_FWP_CALLOUT_NOT_FOUND ((NTSTATUS)0xC0220001)
#define STATUS_FWP_CONDITION_NOT_FOUND ((NTSTATUS)0xC0220002)
#define STATUS_FWP_FILTER_NOT_FOUND ((NTSTATUS)0xC0220003)
#define STATUS_FWP_LAYER_NOT_FOUND ((NTSTATUS)0xC0220004)
#define STATUS_FWP_PROVIDER_NOT_FOUND ((NTSTATUS)0xC0220005)
#define STATUS_FWP_SUBLAYER_NOT_FOUND ((NTSTATUS)0xC0220007)
#ifndef STATUS_FWP_NOT_FOUND
#define STATUS_FWP_NOT_FOUND ((NTSTATUS)0xC0220008)
#endif
#define STATUS_FWP_ALREADY_EXISTS ((NTSTATUS)0xC0220009)
#define STATUS_FWP_IN_USE ((NTSTATUS)0xC022000A)
#define STATUS_FWP_NO_TXN_IN_PROGRESS ((NTSTATUS)0xC022000D)
#define STATUS_FWP_TXN_IN_PROGRESS ((NTSTATUS)0xC022000E)
#define STATUS_FWP_INCOMPATIBLE_TXN ((NTSTATUS)0xC0220011)
#define STATUS_FWP_NULL_POINTER ((NTSTATUS)0xC022001C)
#define STATUS_FWP_INVALID_PARAMETER ((NTSTATUS)0xC0220035)

#define FWPM_SESSION_FLAG_DYNAMIC 0x00000001
#define FWPM_TXN_READ_ONLY 0x00000001
#define FWPM_FILTER_FLAG_NONE 0x00000000
#define FWPM_FILTER_FLAG_PERSISTENT 0x00000001
#define FWPM_FILTER_FLAG_BOOTTIME 0x00000002
#define FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT 0x00000004
#define FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT 0x00000008
#define FWPM_FILTER_FLAG_PERMIT_IF_CALLOUT_UNREGISTERED 0x00000010
#define FWPM_FILTER_FLAG_DISABLED 0x00000020
#define FWPM_PROVIDER_FLAG_PERSISTENT 0x00000001
#define FWPM_SUBLAYER_FLAG_PERSISTENT 0x00000001
#define FWPM_CALLOUT_FLAG_PERSISTENT 0x00010000
#define FWPM_CALLOUT_FLAG_USES_PROVIDER_CONTEXT 0x00020000
#define RPC_C_AUTHN_DEFAULT 0xFFFFFFFFL
#define RPC_C_AUTHN_WINNT 10

typedef struct FWPM_SESSION0_ {
    GUID sessionKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    UINT32 txnWaitTimeoutInMSec;
    DWORD processId;
    SID *sid;
    wchar_t *username;
    BOOL kernelMode;
} FWPM_SESSION0;

typedef struct FWPM_PROVIDER0_ {
    GUID providerKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    FWP_BYTE_BLOB providerData;
    wchar_t *serviceName;
} FWPM_PROVIDER0;

typedef struct FWPM_SUBLAYER0_ {
    GUID subLayerKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    UINT16 weight;
} FWPM_SUBLAYER0;

typedef struct FWPM_CALLOUT0_ {
    GUID calloutKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    GUID applicableLayer;
    UINT32 calloutId;
} FWPM_CALLOUT0;

typedef struct FWPM_FILTER_CONDITION0_ {
    GUID fieldKey;
    FWP_MATCH_TYPE matchType;
    FWP_CONDITION_VALUE0 conditionValue;
} FWPM_FILTER_CONDITION0;

typedef struct FWPM_ACTION0_ {
    FWP_ACTION_TYPE type;
    union {
        GUID filterType;
        GUID calloutKey;
    };
} FWPM_ACTION0;

/* weight: FWP_EMPTY (the engine picks), FWP_UINT8 (a weight range 0-15) or FWP_UINT64 (an
 * exact weight; uint64 points at it). */
typedef struct FWPM_FILTER0_ {
    GUID filterKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    GUID layerKey;
    GUID subLayerKey;
    FWP_VALUE0 weight;
    UINT32 numFilterConditions;
    FWPM_FILTER_CONDITION0 *filterCondition;
    FWPM_ACTION0 action;
    union {
        UINT64 rawContext;
        GUID providerContextKey;
    };
    GUID *reserved;
    UINT64 filterId;
    FWP_VALUE0 effectiveWeight;
} FWPM_FILTER0;

/* Sessions and transactions.  The engine handle names the model world the driver was loaded
 * in; objects added inside a transaction exist only once it commits (an abort drops them). */
NTSTATUS FwpmEngineOpen0(const wchar_t *serverName, UINT32 authnService, SEC_WINNT_AUTH_IDENTITY_W *authIdentity,
                         const FWPM_SESSION0 *session, HANDLE *engineHandle);
NTSTATUS FwpmEngineClose0(HANDLE engineHandle);
NTSTATUS FwpmTransactionBegin0(HANDLE engineHandle, UINT32 flags);
NTSTATUS FwpmTransactionCommit0(HANDLE engineHandle);
NTSTATUS FwpmTransactionAbort0(HANDLE engineHandle);

NTSTATUS FwpmProviderAdd0(HANDLE engineHandle, const FWPM_PROVIDER0 *provider, PSECURITY_DESCRIPTOR sd);
NTSTATUS FwpmProviderDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS FwpmSubLayerAdd0(HANDLE engineHandle, const FWPM_SUBLAYER0 *subLayer, PSECURITY_DESCRIPTOR sd);
NTSTATUS FwpmSubLayerDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS FwpmCalloutAdd0(HANDLE engineHandle, const FWPM_CALLOUT0 *callout, PSECURITY_DESCRIPTOR sd, UINT32 *id);
NTSTATUS FwpmCalloutDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS FwpmCalloutDeleteById0(HANDLE engineHandle, UINT32 id);
NTSTATUS FwpmFilterAdd0(HANDLE engineHandle, const FWPM_FILTER0 *filter, PSECURITY_DESCRIPTOR sd, UINT64 *id);
NTSTATUS FwpmFilterDeleteById0(HANDLE engineHandle, UINT64 id);
NTSTATUS FwpmFilterDeleteByKey0(HANDLE engineHandle, const GUID *key);

NTSTATUS FwpmProviderContextAdd0(HANDLE engineHandle, const void *providerContext, PSECURITY_DESCRIPTOR sd, UINT64 *id)
    WFPCERT_WDK_MISSING("FwpmProviderContextAdd0 (provider contexts)");
NTSTATUS FwpmNetEventSubscribe0(HANDLE engineHandle, const void *subscription, void *callback, void *context,
                                HANDLE *eventsHandle) WFPCERT_WDK_MISSING("FwpmNetEventSubscribe0 (net events)");

/* Layer GUIDs (FWPM_LAYER_*): the values the Windows SDK publishes. */
DEFINE_GUID(FWPM_LAYER_ALE_AUTH_CONNECT_V4, 0xc38d57d1, 0x05a7, 0x4c33, 0x90, 0x4f, 0x7f, 0xbc, 0xee, 0xe6, 0x0e, 0x82);
DEFINE_GUID(FWPM_LAYER_ALE_AUTH_CONNECT_V6, 0x4a72393b, 0x319f, 0x44bc, 0x84, 0xc3, 0xba, 0x54, 0xdc, 0xb3, 0xb6, 0xb4);
DEFINE_GUID(FWPM_LAYER_ALE_CONNECT_REDIRECT_V4, 0xc6e63c8c, 0xb784, 0x4562, 0xaa, 0x7d, 0x0a, 0x67, 0xcf, 0xca, 0xf9,
            0xa3);
DEFINE_GUID(FWPM_LAYER_ALE_CONNECT_REDIRECT_V6, 0x587e54a7, 0x8046, 0x42ba, 0xa0, 0xaa, 0xb7, 0x16, 0x25, 0x0f, 0xc7,
            0xfd);

/* Filter condition fields (FWPM_CONDITION_*), the published GUIDs.  The model evaluates
 * conditions on these fields (docs/VENDOR-DRIVER.md); FwpmFilterAdd0 refuses a condition it
 * cannot evaluate rather than let the filter match more than it would on Windows. */
DEFINE_GUID(FWPM_CONDITION_IP_PROTOCOL, 0x3971ef2b, 0x623e, 0x4f9a, 0x8c, 0xb1, 0x6e, 0x79, 0xb8, 0x06, 0xb9, 0xa7);
DEFINE_GUID(FWPM_CONDITION_IP_LOCAL_PORT, 0x0c1ba1af, 0x5765, 0x453f, 0xaf, 0x22, 0xa8, 0xf7, 0x91, 0xac, 0x77, 0x5b);
DEFINE_GUID(FWPM_CONDITION_IP_REMOTE_PORT, 0xc35a604d, 0xd22b, 0x4e1a, 0x91, 0xb4, 0x68, 0xf6, 0x74, 0xee, 0x67, 0x4b);
DEFINE_GUID(FWPM_CONDITION_IP_LOCAL_ADDRESS, 0xd9ee00de, 0xc1ef, 0x4617, 0xbf, 0xe3, 0xff, 0xd8, 0xf5, 0xa0, 0x89,
            0x57);
DEFINE_GUID(FWPM_CONDITION_IP_REMOTE_ADDRESS, 0xb235ae9a, 0x1d64, 0x49b8, 0xa4, 0x4c, 0x5f, 0xf3, 0xd9, 0x09, 0x50,
            0x45);
DEFINE_GUID(FWPM_CONDITION_ALE_APP_ID, 0xd78e1e87, 0x8644, 0x4ea5, 0x94, 0x37, 0xd8, 0x09, 0xec, 0xef, 0xc9, 0x71);
DEFINE_GUID(FWPM_CONDITION_FLAGS, 0x632ce23b, 0x5167, 0x435c, 0x86, 0xd7, 0xe9, 0x03, 0x68, 0x4a, 0xa8, 0x0c);

#ifdef __cplusplus
}
#endif

#endif /* WFPCERT_WDK_FWPMK_H */
