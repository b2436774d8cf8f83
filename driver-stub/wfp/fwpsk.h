/*
 * fwpsk.h: the model's WFP kernel API, as a callout driver sees it (a subset of the WDK's
 * fwpsk.h / fwpstypes.h / fwpmk.h).  Names, signatures and the values SEMANTICS gives are
 * the real ones (states, flags, metadata bits, actions, statuses); where SEMANTICS gives
 * only a name (layer ids, field indices), the value is this model's own and says so.
 *
 * A callout written against this header is written the way a real one is: register with
 * FwpsCalloutRegister1, add a filter at ALE_CONNECT_REDIRECT, and in classifyFn acquire a
 * classify handle, acquire writable layer data, modify FWPS_CONNECT_REQUEST0, apply, and
 * release (SEMANTICS 5).
 */
#ifndef WFPCERT_FWPSK_H
#define WFPCERT_FWPSK_H

#include "wfpcert/winsock.h"

#ifndef NTAPI
#define NTAPI
#endif
typedef uint8_t UINT8;
typedef uint16_t UINT16;
typedef LONG NTSTATUS;
typedef void *PSECURITY_DESCRIPTOR;
#ifndef NT_SUCCESS
#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)
#endif

/* ---------------------------------------------------------------- statuses */
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#endif
#ifndef STATUS_INSUFFICIENT_RESOURCES
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009A)
#endif
#ifndef STATUS_TOO_MANY_COMMANDS
#define STATUS_TOO_MANY_COMMANDS ((NTSTATUS)0xC00000C1)
#endif
#define STATUS_FWP_CALLOUT_NOT_FOUND ((NTSTATUS)0xC0220001)
#define STATUS_FWP_ALREADY_EXISTS ((NTSTATUS)0xC0220009)
#define STATUS_FWP_INVALID_PARAMETER ((NTSTATUS)0xC0220035)
#define STATUS_FWP_NULL_POINTER ((NTSTATUS)0xC022001C)

/* ---------------------------------------------------------------- values */
typedef enum FWP_DATA_TYPE_ {
    FWP_EMPTY = 0,
    FWP_UINT8 = 1,
    FWP_UINT16 = 2,
    FWP_UINT32 = 3,
    FWP_UINT64 = 4,
    FWP_BYTE_ARRAY16_TYPE = 11,
} FWP_DATA_TYPE;

typedef struct FWP_BYTE_ARRAY16_ {
    UINT8 byteArray16[16];
} FWP_BYTE_ARRAY16;

typedef struct FWP_VALUE0_ {
    FWP_DATA_TYPE type;
    union {
        UINT8 uint8;
        UINT16 uint16;
        UINT32 uint32;
        UINT64 *uint64;
        FWP_BYTE_ARRAY16 *byteArray16;
    };
} FWP_VALUE0;

typedef struct FWPS_INCOMING_VALUE0_ {
    FWP_VALUE0 value;
} FWPS_INCOMING_VALUE0;

typedef struct FWPS_INCOMING_VALUES0_ {
    UINT16 layerId;
    UINT32 valueCount;
    FWPS_INCOMING_VALUE0 *incomingValue;
} FWPS_INCOMING_VALUES0;

/* Layer ids (model values) and the field indices the model fills, in fwpsk.h's names. */
#define FWPS_LAYER_ALE_CONNECT_REDIRECT_V4 ((UINT16)52)
#define FWPS_LAYER_ALE_CONNECT_REDIRECT_V6 ((UINT16)53)
#define FWPS_LAYER_ALE_AUTH_CONNECT_V4 ((UINT16)48)
#define FWPS_LAYER_ALE_AUTH_CONNECT_V6 ((UINT16)50)
enum {
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_PROTOCOL,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_FLAGS,
    FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_MAX
};
/* The V6 layer and the AUTH_CONNECT layers use the same indices in the model. */
#define FWPS_FIELD_IP_PROTOCOL FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_PROTOCOL
#define FWPS_FIELD_IP_LOCAL_ADDRESS FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_ADDRESS
#define FWPS_FIELD_IP_LOCAL_PORT FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_LOCAL_PORT
#define FWPS_FIELD_IP_REMOTE_ADDRESS FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_ADDRESS
#define FWPS_FIELD_IP_REMOTE_PORT FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_IP_REMOTE_PORT
#define FWPS_FIELD_FLAGS FWPS_FIELD_ALE_CONNECT_REDIRECT_V4_FLAGS

/* Condition flags (WDK-FLAGS; SEMANTICS 5). */
#define FWP_CONDITION_FLAG_IS_REAUTHORIZE 0x00000004
#define FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED 0x00100000
#define FWP_CONDITION_FLAG_IS_PROXY_CONNECTION 0x00200000

/* Metadata (WDK-META; SEMANTICS 5, A89). */
#define FWPS_METADATA_FIELD_PROCESS_ID 0x00000020
#define FWPS_METADATA_FIELD_LOCAL_REDIRECT_TARGET_PID 0x10000000
#define FWPS_METADATA_FIELD_ORIGINAL_DESTINATION 0x20000000
#define FWPS_METADATA_FIELD_REDIRECT_RECORD_HANDLE 0x40000000
#define FWPS_IS_METADATA_FIELD_PRESENT(m, f) (((m)->currentMetadataValues & (f)) == (f))

typedef struct FWPS_INCOMING_METADATA_VALUES0_ {
    UINT32 currentMetadataValues;
    UINT64 processId;
    HANDLE redirectRecords;
    UINT64 localRedirectTargetPID;
    SOCKADDR *originalDestination;
} FWPS_INCOMING_METADATA_VALUES0;

/* ---------------------------------------------------------------- actions */
#define FWP_ACTION_FLAG_TERMINATING 0x00001000
#define FWP_ACTION_FLAG_NON_TERMINATING 0x00002000
#define FWP_ACTION_FLAG_CALLOUT 0x00004000
typedef UINT32 FWP_ACTION_TYPE;
#define FWP_ACTION_BLOCK (0x1 | FWP_ACTION_FLAG_TERMINATING)
#define FWP_ACTION_PERMIT (0x2 | FWP_ACTION_FLAG_TERMINATING)
#define FWP_ACTION_CALLOUT_TERMINATING (0x3 | FWP_ACTION_FLAG_CALLOUT | FWP_ACTION_FLAG_TERMINATING)
#define FWP_ACTION_CALLOUT_INSPECTION (0x4 | FWP_ACTION_FLAG_CALLOUT | FWP_ACTION_FLAG_NON_TERMINATING)
#define FWP_ACTION_CALLOUT_UNKNOWN (0x5 | FWP_ACTION_FLAG_CALLOUT)
#define FWP_ACTION_CONTINUE (0x6 | FWP_ACTION_FLAG_NON_TERMINATING)
#define FWP_ACTION_NONE (0x7)

#define FWPS_RIGHT_ACTION_WRITE 0x00000001
#define FWPS_CLASSIFY_OUT_FLAG_ABSORB 0x00000001
#define FWPS_CLASSIFY_FLAG_REAUTHORIZE_IF_MODIFIED_BY_OTHERS 0x00000001

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

typedef struct FWPS_FILTER1_ {
    UINT64 filterId;
    FWP_VALUE0 weight;
    UINT16 subLayerWeight;
    UINT16 flags;
    FWPS_ACTION0 action;
    UINT64 context;
} FWPS_FILTER1;

/* ---------------------------------------------------------------- callouts */
typedef enum FWPS_CALLOUT_NOTIFY_TYPE_ {
    FWPS_CALLOUT_NOTIFY_ADD_FILTER,
    FWPS_CALLOUT_NOTIFY_DELETE_FILTER,
    FWPS_CALLOUT_NOTIFY_TYPE_MAX
} FWPS_CALLOUT_NOTIFY_TYPE;

typedef void(NTAPI *FWPS_CALLOUT_CLASSIFY_FN1)(const FWPS_INCOMING_VALUES0 *inFixedValues,
                                               const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
                                               void *layerData, const void *classifyContext,
                                               const FWPS_FILTER1 *filter, UINT64 flowContext,
                                               FWPS_CLASSIFY_OUT0 *classifyOut);
typedef NTSTATUS(NTAPI *FWPS_CALLOUT_NOTIFY_FN1)(FWPS_CALLOUT_NOTIFY_TYPE notifyType,
                                                 const GUID *filterKey, FWPS_FILTER1 *filter);
typedef void(NTAPI *FWPS_CALLOUT_FLOW_DELETE_NOTIFY_FN0)(UINT16 layerId, UINT32 calloutId,
                                                         UINT64 flowContext);

typedef struct FWPS_CALLOUT1_ {
    GUID calloutKey;
    UINT32 flags;
    FWPS_CALLOUT_CLASSIFY_FN1 classifyFn;
    FWPS_CALLOUT_NOTIFY_FN1 notifyFn;
    FWPS_CALLOUT_FLOW_DELETE_NOTIFY_FN0 flowDeleteFn;
} FWPS_CALLOUT1;

NTSTATUS FwpsCalloutRegister1(void *deviceObject, const FWPS_CALLOUT1 *callout, UINT32 *calloutId);
NTSTATUS FwpsCalloutUnregisterById0(const UINT32 calloutId);

/* Management (fwpmk.h), reduced: sublayers carry a weight; filters name a layer, a sublayer,
 * a weight and a callout.  A heavier sublayer classifies first, then a heavier filter. */
typedef struct FWPM_SUBLAYER0_ {
    GUID subLayerKey;
    UINT16 weight;
} FWPM_SUBLAYER0;

typedef struct FWPM_ACTION0_ {
    FWP_ACTION_TYPE type;
    GUID calloutKey;
} FWPM_ACTION0;

typedef struct FWPM_FILTER0_ {
    GUID filterKey;
    UINT16 layerId; /* the model names layers by their FWPS id */
    GUID subLayerKey;
    UINT64 weight;
    FWPM_ACTION0 action;
    UINT64 rawContext;
    UINT64 filterId; /* out */
} FWPM_FILTER0;

NTSTATUS FwpmSubLayerAdd0(HANDLE engineHandle, const FWPM_SUBLAYER0 *subLayer, PSECURITY_DESCRIPTOR sd);
NTSTATUS FwpmFilterAdd0(HANDLE engineHandle, const FWPM_FILTER0 *filter, PSECURITY_DESCRIPTOR sd,
                        UINT64 *id);
NTSTATUS FwpmFilterDeleteById0(HANDLE engineHandle, UINT64 id);

/* ---------------------------------------------------------------- redirect */
typedef enum FWPS_CONNECTION_REDIRECT_STATE_ {
    FWPS_CONNECTION_NOT_REDIRECTED = 0,
    FWPS_CONNECTION_REDIRECTED_BY_SELF = 1,
    FWPS_CONNECTION_REDIRECTED_BY_OTHER = 2,
    FWPS_CONNECTION_PREVIOUSLY_REDIRECTED_BY_SELF = 3,
    FWPS_CONNECTION_REDIRECT_STATE_MAX = 4
} FWPS_CONNECTION_REDIRECT_STATE;

NTSTATUS FwpsRedirectHandleCreate0(const GUID *providerGuid, UINT32 flags, HANDLE *redirectHandle);
void FwpsRedirectHandleDestroy0(HANDLE redirectHandle);
FWPS_CONNECTION_REDIRECT_STATE FwpsQueryConnectionRedirectState0(HANDLE redirectRecords,
                                                                 HANDLE redirectHandle,
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
NTSTATUS FwpsPendClassify0(UINT64 classifyHandle, UINT64 filterId, UINT32 flags,
                           FWPS_CLASSIFY_OUT0 *classifyOut);
void FwpsCompleteClassify0(UINT64 classifyHandle, UINT32 flags, const FWPS_CLASSIFY_OUT0 *classifyOut);
NTSTATUS FwpsQueryConnectionSioFormatRedirectRecords0(HANDLE redirectRecords, void *outputBuffer,
                                                      SIZE_T outputBufferLength, SIZE_T *bytesTransferred);

/* Pool memory: a callout allocates localRedirectContext here, so the model knows whose it is. */
typedef enum { NonPagedPoolNx = 512 } POOL_TYPE;
void *ExAllocatePoolWithTag(POOL_TYPE type, SIZE_T size, ULONG tag);
void ExFreePoolWithTag(void *p, ULONG tag);

#endif /* WFPCERT_FWPSK_H */
