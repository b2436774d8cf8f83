/*
 * fwpsk.h (wfpcert): the WFP callout API as a connect-redirect callout driver sees it, for
 * building a vendor's unchanged driver against the wfpcert model (driver-stub/wfp).
 *
 * Names, signatures and documented values are the WDK's.  Sources of the values:
 *   - the data field index enums (FWPS_FIELDS_ALE_CONNECT_REDIRECT_V4/V6,
 *     FWPS_FIELDS_ALE_AUTH_CONNECT_V4/V6): the member order of the enumerations documented at
 *     learn.microsoft.com/windows-hardware/drivers/ddi/fwpsk/ (ne-fwpsk-fwps_fields_*), with
 *     the newest members the fwpsk.h pages list; the model fills ALE_APP_ID, ALE_USER_ID
 *     (empty), the addresses, ports and their types, IP_PROTOCOL, FLAGS, ALE_ORIGINAL_APP_ID
 *     and COMPARTMENT_ID, and hands every other index as FWP_EMPTY, so any index below _MAX
 *     is safe to read;
 *   - actions, condition flags, metadata bits, redirect states, classify flags: SEMANTICS 5;
 *   - FWPS_LAYER_* run-time ids: the model's own numbers (a callout must compare them with
 *     the names, never with literals).
 * The metadata structure has the members drivers read, by their names, not the full layout.
 *
 * Not provided (compile-time error): packet injection, stream and datagram data, flow
 * contexts on other layers, ALE endpoint enumeration; see docs/VENDOR-DRIVER.md.
 */
#ifndef WFPCERT_WDK_FWPSK_H
#define WFPCERT_WDK_FWPSK_H

#include "fwpmk.h"
#include "fwptypes.h"
#include "ndis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ----------------------------------------------------------------- layers */
#define FWPS_LAYER_ALE_AUTH_CONNECT_V4 ((UINT16)48)
#define FWPS_LAYER_ALE_AUTH_CONNECT_V6 ((UINT16)50)
#define FWPS_LAYER_ALE_CONNECT_REDIRECT_V4 ((UINT16)52)
#define FWPS_LAYER_ALE_CONNECT_REDIRECT_V6 ((UINT16)53)

typedef enum FWPS_FIELDS_ALE_CONNECT_REDIRECT_V4_ {
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_APP_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_USER_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_ADDRESS_TYPE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_PROTOCOL,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_DESTINATION_ADDRESS_TYPE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_FLAGS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_ORIGINAL_APP_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_PACKAGE_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_ALE_SECURITY_ATTRIBUTE_FQBN_VALUE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_COMPARTMENT_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_MAX
} FWPS_FIELDS_ALE_CONNECT_REDIRECT_V4;

typedef enum FWPS_FIELDS_ALE_CONNECT_REDIRECT_V6_ {
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_APP_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_USER_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_LOCAL_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_LOCAL_ADDRESS_TYPE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_LOCAL_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_PROTOCOL,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_DESTINATION_ADDRESS_TYPE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_IP_REMOTE_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_FLAGS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_ORIGINAL_APP_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_PACKAGE_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_ALE_SECURITY_ATTRIBUTE_FQBN_VALUE,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_COMPARTMENT_ID,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V6_MAX
} FWPS_FIELDS_ALE_CONNECT_REDIRECT_V6;

/* The V6 enumeration has the same members, in the same order, as V4. */
#define WFPCERT_FWPS_AUTH_CONNECT_FIELDS(v)                                                                            \
    FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_APP_ID, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_USER_ID,                       \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_LOCAL_ADDRESS, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_LOCAL_ADDRESS_TYPE,   \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_LOCAL_PORT, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_PROTOCOL,                \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_REMOTE_ADDRESS, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_REMOTE_PORT,         \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_REMOTE_USER_ID, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_REMOTE_MACHINE_ID, \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_DESTINATION_ADDRESS_TYPE,                                                 \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_LOCAL_INTERFACE, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_FLAGS,                 \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_INTERFACE_TYPE, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_TUNNEL_TYPE,               \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_INTERFACE_INDEX, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_SUB_INTERFACE_INDEX,      \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_ARRIVAL_INTERFACE,                                                        \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ARRIVAL_INTERFACE_TYPE,                                                      \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ARRIVAL_TUNNEL_TYPE,                                                         \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ARRIVAL_INTERFACE_INDEX,                                                     \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_NEXTHOP_SUB_INTERFACE_INDEX,                                                 \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_IP_NEXTHOP_INTERFACE,                                                        \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_NEXTHOP_INTERFACE_TYPE,                                                      \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_NEXTHOP_TUNNEL_TYPE,                                                         \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_NEXTHOP_INTERFACE_INDEX,                                                     \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ORIGINAL_PROFILE_ID, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_CURRENT_PROFILE_ID,   \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_REAUTHORIZE_REASON, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_PEER_NAME,             \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ORIGINAL_ICMP_TYPE,                                                          \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_INTERFACE_QUARANTINE_EPOCH,                                                  \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_ORIGINAL_APP_ID, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_PACKAGE_ID,       \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_SECURITY_ATTRIBUTE_FQBN_VALUE,                                           \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_ALE_EFFECTIVE_NAME, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_COMPARTMENT_ID,        \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_BITMAP_IP_LOCAL_ADDRESS,                                                     \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_BITMAP_IP_LOCAL_PORT,                                                        \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_BITMAP_IP_REMOTE_ADDRESS,                                                    \
        FWPS_FIELD_ALE_AUTH_CONNECT_##v##_BITMAP_IP_REMOTE_PORT, FWPS_FIELD_ALE_AUTH_CONNECT_##v##_MAX
typedef enum FWPS_FIELDS_ALE_AUTH_CONNECT_V4_ { WFPCERT_FWPS_AUTH_CONNECT_FIELDS(V4) } FWPS_FIELDS_ALE_AUTH_CONNECT_V4;
typedef enum FWPS_FIELDS_ALE_AUTH_CONNECT_V6_ { WFPCERT_FWPS_AUTH_CONNECT_FIELDS(V6) } FWPS_FIELDS_ALE_AUTH_CONNECT_V6;
#define FWPS_FIELD_ALE_AUTH_CONNECT_V4_ICMP_TYPE FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_LOCAL_PORT
#define FWPS_FIELD_ALE_AUTH_CONNECT_V4_ICMP_CODE FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT
#define FWPS_FIELD_ALE_AUTH_CONNECT_V6_ICMP_TYPE FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_LOCAL_PORT
#define FWPS_FIELD_ALE_AUTH_CONNECT_V6_ICMP_CODE FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT

/* NL_ADDRESS_TYPE (nldef.h), the value of the *_ADDRESS_TYPE fields. */
typedef enum { NlatUnspecified, NlatUnicast, NlatAnycast, NlatMulticast, NlatBroadcast, NlatInvalid } NL_ADDRESS_TYPE;

typedef struct FWPS_INCOMING_VALUE0_ {
    FWP_VALUE0 value;
} FWPS_INCOMING_VALUE0;

typedef struct FWPS_INCOMING_VALUES0_ {
    UINT16 layerId;
    UINT32 valueCount;
    FWPS_INCOMING_VALUE0 *incomingValue;
} FWPS_INCOMING_VALUES0;

/* ---------------------------------------------------------------- metadata */
#define FWPS_METADATA_FIELD_DISCARD_REASON 0x00000001
#define FWPS_METADATA_FIELD_FLOW_HANDLE 0x00000002
#define FWPS_METADATA_FIELD_IP_HEADER_SIZE 0x00000004
#define FWPS_METADATA_FIELD_TRANSPORT_HEADER_SIZE 0x00000008
#define FWPS_METADATA_FIELD_PROCESS_PATH 0x00000010
#define FWPS_METADATA_FIELD_PROCESS_ID 0x00000020
#define FWPS_METADATA_FIELD_TOKEN 0x00000040
#define FWPS_METADATA_FIELD_COMPARTMENT_ID 0x00000400
#define FWPS_METADATA_FIELD_TRANSPORT_ENDPOINT_HANDLE 0x00001000
#define FWPS_METADATA_FIELD_LOCAL_REDIRECT_TARGET_PID 0x10000000
#define FWPS_METADATA_FIELD_ORIGINAL_DESTINATION 0x20000000
#define FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE 0x40000000
#define FWPS_IS_METADATA_FIELD_PRESENT(m, f) ((((m)->currentMetadataValues) & (f)) == (f))

typedef struct FWPS_INCOMING_METADATA_VALUES0_ {
    UINT32 currentMetadataValues;
    UINT32 flags;
    UINT64 reserved;
    UINT64 flowHandle;
    FWP_BYTE_BLOB *processPath; /* the application's image path (UTF-16), as ALE_APP_ID */
    UINT64 token;
    UINT64 processId;
    UINT32 compartmentId;
    UINT64 transportEndpointHandle;
    UINT64 localRedirectTargetPID;
    SOCKADDR *originalDestination;
    HANDLE redirectRecords;
} FWPS_INCOMING_METADATA_VALUES0;

/* ----------------------------------------------------------------- classify */
#define FWPS_RIGHT_ACTION_WRITE 0x00000001
#define FWPS_CLASSIFY_OUT_FLAG_ABSORB 0x00000001
#define FWPS_CLASSIFY_OUT_FLAG_BUFFER_LIMIT_REACHED 0x00000002
#define FWPS_CLASSIFY_OUT_FLAG_NO_MORE_DATA 0x00000004
#define FWPS_CLASSIFY_OUT_FLAG_ALE_FAST_CACHE_CHECK 0x00000008
#define FWPS_CLASSIFY_OUT_FLAG_ALE_FAST_CACHE_POSSIBLE 0x00000010
#define FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS 0x00000001
#define FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT 0x00000001
#define FWPS_FILTER_FLAG_HAS_SECURITY_REALM_PROVIDER_CONTEXT 0x00000002
#define FWPS_FILTER_FLAG_SILENT_MODE 0x00000004

typedef struct FWPS_CLASSIFY_OUT0_ {
    FWP_ACTION_TYPE actionType;
    UINT64 outContext;
    UINT64 filterId;
    UINT32 rights;
    UINT32 flags;
    UINT32 reserved;
} FWPS_CLASSIFY_OUT0;

typedef struct FWPS_ACTION0_ {
    FWP_ACTION_TYPE type;
    UINT32 calloutId;
} FWPS_ACTION0;

typedef struct FWPS_FILTER_CONDITION0_ {
    UINT16 fieldId;
    UINT16 reserved;
    FWP_MATCH_TYPE matchType;
    FWP_CONDITION_VALUE0 conditionValue;
} FWPS_FILTER_CONDITION0;

typedef struct FWPM_PROVIDER_CONTEXT0_ FWPM_PROVIDER_CONTEXT0;

/* One filter structure serves the FWPS_FILTER0..3 names: the later versions only add the
 * provider context members, which the model leaves NULL. */
typedef struct FWPS_FILTER1_ {
    UINT64 filterId;
    FWP_VALUE0 weight;
    UINT16 subLayerWeight;
    UINT16 flags;
    UINT32 numFilterConditions;
    FWPS_FILTER_CONDITION0 *filterCondition;
    FWPS_ACTION0 action;
    UINT64 context;
    FWPM_PROVIDER_CONTEXT0 *providerContext;
} FWPS_FILTER1, FWPS_FILTER0, FWPS_FILTER2, FWPS_FILTER3;

typedef enum FWPS_CALLOUT_NOTIFY_TYPE_ {
    FWPS_CALLOUT_NOTIFY_ADD_FILTER,
    FWPS_CALLOUT_NOTIFY_DELETE_FILTER,
    FWPS_CALLOUT_NOTIFY_ADD_FILTER_POST_COMMIT,
    FWPS_CALLOUT_NOTIFY_TYPE_MAX
} FWPS_CALLOUT_NOTIFY_TYPE;

typedef void(NTAPI *FWPS_CALLOUT_CLASSIFY_FN1)(const FWPS_INCOMING_VALUES0 *inFixedValues,
                                               const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues, void *layerData,
                                               const void *classifyContext, const FWPS_FILTER1 *filter,
                                               UINT64 flowContext, FWPS_CLASSIFY_OUT0 *classifyOut);
typedef FWPS_CALLOUT_CLASSIFY_FN1 FWPS_CALLOUT_CLASSIFY_FN2, FWPS_CALLOUT_CLASSIFY_FN3;
typedef NTSTATUS(NTAPI *FWPS_CALLOUT_NOTIFY_FN1)(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey,
                                                 FWPS_FILTER1 *filter);
typedef FWPS_CALLOUT_NOTIFY_FN1 FWPS_CALLOUT_NOTIFY_FN2, FWPS_CALLOUT_NOTIFY_FN3;
typedef void(NTAPI *FWPS_CALLOUT_FLOW_DELETE_NOTIFY_FN0)(UINT16 layerId, UINT32 calloutId, UINT64 flowContext);

#define FWP_CALLOUT_FLAG_CONDITIONAL_ON_FLOW 0x00000001
#define FWP_CALLOUT_FLAG_ALLOW_OFFLOAD 0x00000002
#define FWP_CALLOUT_FLAG_ENABLE_COMMIT_ADD_NOTIFY 0x00000004
#define FWP_CALLOUT_FLAG_ALLOW_MID_STREAM_INSPECTION 0x00000008
#define FWP_CALLOUT_FLAG_ALLOW_RECLASSIFY 0x00000010

typedef struct FWPS_CALLOUT1_ {
    GUID calloutKey;
    UINT32 flags;
    FWPS_CALLOUT_CLASSIFY_FN1 classifyFn;
    FWPS_CALLOUT_NOTIFY_FN1 notifyFn;
    FWPS_CALLOUT_FLOW_DELETE_NOTIFY_FN0 flowDeleteFn;
} FWPS_CALLOUT1, FWPS_CALLOUT2, FWPS_CALLOUT3;

/* deviceObject is the driver's (IoCreateDevice); the model records which driver registered
 * each callout, so the verifier's findings can name it. */
NTSTATUS FwpsCalloutRegister1(void *deviceObject, const FWPS_CALLOUT1 *callout, UINT32 *calloutId);
#define FwpsCalloutRegister2 FwpsCalloutRegister1
#define FwpsCalloutRegister3 FwpsCalloutRegister1
NTSTATUS FwpsCalloutUnregisterById0(const UINT32 calloutId);
NTSTATUS FwpsCalloutUnregisterByKey0(const GUID *calloutKey);

/* ----------------------------------------------------------------- redirect */
typedef enum FWPS_CONNECTION_REDIRECT_STATE_ {
    FWPS_CONNECTION_NOT_REDIRECTED = 0,
    FWPS_CONNECTION_REDIRECTED_BY_SELF = 1,
    FWPS_CONNECTION_REDIRECTED_BY_OTHER = 2,
    FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF = 3,
    FWPS_CONNECTION_REDIRECT_STATE_MAX = 4
} FWPS_CONNECTION_REDIRECT_STATE;

NTSTATUS FwpsRedirectHandleCreate0(const GUID *providerGuid, UINT32 flags, HANDLE *redirectHandle);
void FwpsRedirectHandleDestroy0(HANDLE redirectHandle);
FWPS_CONNECTION_REDIRECT_STATE FwpsQueryConnectionRedirectState0(HANDLE redirectRecords, HANDLE redirectHandle,
                                                                 void **redirectContext);

typedef struct FWPS_CONNECT_REQUEST0_ {
    SOCKADDR_STORAGE localAddressAndPort;
    SOCKADDR_STORAGE remoteAddressAndPort;
    UINT64 portReservationToken;
    DWORD localRedirectTargetPID;
    struct FWPS_CONNECT_REQUEST0_ *previousVersion;
    UINT64 modifierFilterId;
    HANDLE localRedirectHandle;
    void *localRedirectContext;
    SIZE_T localRedirectContextSize;
} FWPS_CONNECT_REQUEST0;

NTSTATUS FwpsAcquireClassifyHandle0(void *classifyContext, UINT32 flags, UINT64 *classifyHandle);
void FwpsReleaseClassifyHandle0(UINT64 classifyHandle);
NTSTATUS FwpsAcquireWritableLayerDataPointer0(UINT64 classifyHandle, UINT64 filterId, UINT32 flags,
                                              void **writableLayerData, FWPS_CLASSIFY_OUT0 *classifyOut);
void FwpsApplyModifiedLayerData0(UINT64 classifyHandle, void *modifiedLayerData, UINT32 flags);
NTSTATUS FwpsPendClassify0(UINT64 classifyHandle, UINT64 filterId, UINT32 flags, FWPS_CLASSIFY_OUT0 *classifyOut);
void FwpsCompleteClassify0(UINT64 classifyHandle, UINT32 flags, const FWPS_CLASSIFY_OUT0 *classifyOut);
NTSTATUS FwpsQueryConnectionSioFormatRedirectRecords0(HANDLE redirectRecords, void *outputBuffer,
                                                      SIZE_T outputBufferLength, SIZE_T *bytesTransferred);

/* Call sites: the verifier names the file and line of the call a finding is about (the
 * acquire that was never applied, the apply of data never acquired).  WfpcertNoteCallSite
 * only records them; define WFPCERT_NO_CALL_SITES to leave the calls as they are. */
void WfpcertNoteCallSite(const char *file, int line);
#ifndef WFPCERT_NO_CALL_SITES
#define FwpsAcquireWritableLayerDataPointer0(...)                                                                      \
    (WfpcertNoteCallSite(__FILE__, __LINE__), FwpsAcquireWritableLayerDataPointer0(__VA_ARGS__))
#define FwpsApplyModifiedLayerData0(...)                                                                               \
    (WfpcertNoteCallSite(__FILE__, __LINE__), FwpsApplyModifiedLayerData0(__VA_ARGS__))
#define FwpsPendClassify0(...) (WfpcertNoteCallSite(__FILE__, __LINE__), FwpsPendClassify0(__VA_ARGS__))
#define FwpsCompleteClassify0(...) (WfpcertNoteCallSite(__FILE__, __LINE__), FwpsCompleteClassify0(__VA_ARGS__))
#define FwpsReleaseClassifyHandle0(...)                                                                                \
    (WfpcertNoteCallSite(__FILE__, __LINE__), FwpsReleaseClassifyHandle0(__VA_ARGS__))
#endif

/* ------------------------------------------------------------ not modelled */
NTSTATUS FwpsFlowAssociateContext0(UINT64 flowId, UINT16 layerId, UINT32 calloutId, UINT64 flowContext)
    WFPCERT_WDK_MISSING("FwpsFlowAssociateContext0 (flow contexts)");
NTSTATUS FwpsInjectionHandleCreate0(ADDRESS_FAMILY af, UINT32 flags, HANDLE *injectionHandle)
    WFPCERT_WDK_MISSING("FwpsInjectionHandleCreate0 (packet injection)");
NTSTATUS FwpsAllocateCloneNetBufferList0(PNET_BUFFER_LIST original, void *a, void *b, ULONG flags,
                                         PNET_BUFFER_LIST *clone)
    WFPCERT_WDK_MISSING("FwpsAllocateCloneNetBufferList0 (the NDIS data path)");

#ifdef __cplusplus
}
#endif

#endif /* WFPCERT_WDK_FWPSK_H */
