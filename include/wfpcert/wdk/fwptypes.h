/*
 * fwptypes.h (wfpcert): the base types shared by the WFP management (fwpmk.h) and callout
 * (fwpsk.h) APIs: data types, values, conditions, actions, display data.
 *
 * Member names and enum values are the documented ones (learn.microsoft.com, "FWP_VALUE0",
 * "FWP_DATA_TYPE", "FWP_MATCH_TYPE", "Filtering condition flags"), laid out as C declares
 * them, so a driver's designated and positional initializers mean what they mean on x64
 * Windows.  Security descriptors, SIDs and tokens are opaque pointers here.
 */
#ifndef WFPCERT_WDK_FWPTYPES_H
#define WFPCERT_WDK_FWPTYPES_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void *PSECURITY_DESCRIPTOR;
typedef struct _SID SID;
typedef struct _FWP_TOKEN_INFORMATION FWP_TOKEN_INFORMATION;
typedef struct _FWP_TOKEN_ACCESS_INFORMATION FWP_TOKEN_ACCESS_INFORMATION;
typedef struct _SEC_WINNT_AUTH_IDENTITY_W SEC_WINNT_AUTH_IDENTITY_W;

typedef enum FWP_DATA_TYPE_ {
    FWP_EMPTY = 0,
    FWP_UINT8 = 1,
    FWP_UINT16 = 2,
    FWP_UINT32 = 3,
    FWP_UINT64 = 4,
    FWP_INT8 = 5,
    FWP_INT16 = 6,
    FWP_INT32 = 7,
    FWP_INT64 = 8,
    FWP_FLOAT = 9,
    FWP_DOUBLE = 10,
    FWP_BYTE_ARRAY16_TYPE = 11,
    FWP_BYTE_BLOB_TYPE = 12,
    FWP_SID = 13,
    FWP_SECURITY_DESCRIPTOR_TYPE = 14,
    FWP_TOKEN_INFORMATION_TYPE = 15,
    FWP_TOKEN_ACCESS_INFORMATION_TYPE = 16,
    FWP_UNICODE_STRING_TYPE = 17,
    FWP_BYTE_ARRAY6_TYPE = 18,
    FWP_SINGLE_DATA_TYPE_MAX = 0xff,
    FWP_V4_ADDR_MASK = 0x100,
    FWP_V6_ADDR_MASK = 0x101,
    FWP_RANGE_TYPE = 0x102,
    FWP_DATA_TYPE_MAX = 0x103
} FWP_DATA_TYPE;

typedef struct FWP_BYTE_ARRAY16_ {
    UINT8 byteArray16[16];
} FWP_BYTE_ARRAY16;

typedef struct FWP_BYTE_ARRAY6_ {
    UINT8 byteArray6[6];
} FWP_BYTE_ARRAY6;

/* An application id (ALE_APP_ID) is a byte blob holding the NT path of the image in UTF-16
 * with its terminator. */
typedef struct FWP_BYTE_BLOB_ {
    UINT32 size;
    UINT8 *data;
} FWP_BYTE_BLOB;

typedef struct FWP_V4_ADDR_AND_MASK_ {
    UINT32 addr;
    UINT32 mask;
} FWP_V4_ADDR_AND_MASK;

typedef struct FWP_V6_ADDR_AND_MASK_ {
    UINT8 addr[16];
    UINT8 prefixLength;
} FWP_V6_ADDR_AND_MASK;

/* The members FWP_VALUE0 and FWP_CONDITION_VALUE0 share, in their documented order. */
#define WFPCERT_FWP_VALUE_MEMBERS                                                                                      \
    UINT8 uint8;                                                                                                       \
    UINT16 uint16;                                                                                                     \
    UINT32 uint32;                                                                                                     \
    UINT64 *uint64;                                                                                                    \
    INT8 int8;                                                                                                         \
    INT16 int16;                                                                                                       \
    INT32 int32;                                                                                                       \
    INT64 *int64;                                                                                                      \
    float float32;                                                                                                     \
    double *double64;                                                                                                  \
    FWP_BYTE_ARRAY16 *byteArray16;                                                                                     \
    FWP_BYTE_BLOB *byteBlob;                                                                                           \
    SID *sid;                                                                                                          \
    FWP_BYTE_BLOB *sd;                                                                                                 \
    FWP_TOKEN_INFORMATION *tokenInformation;                                                                           \
    FWP_BYTE_BLOB *tokenAccessInformation;                                                                             \
    wchar_t *unicodeString;                                                                                            \
    FWP_BYTE_ARRAY6 *byteArray6;

typedef struct FWP_VALUE0_ {
    FWP_DATA_TYPE type;
    union {
        WFPCERT_FWP_VALUE_MEMBERS
    };
} FWP_VALUE0;

typedef struct FWP_RANGE0_ {
    FWP_VALUE0 valueLow;
    FWP_VALUE0 valueHigh;
} FWP_RANGE0;

typedef struct FWP_CONDITION_VALUE0_ {
    FWP_DATA_TYPE type;
    union {
        WFPCERT_FWP_VALUE_MEMBERS
        FWP_V4_ADDR_AND_MASK *v4AddrMask;
        FWP_V6_ADDR_AND_MASK *v6AddrMask;
        FWP_RANGE0 *rangeValue;
    };
} FWP_CONDITION_VALUE0;

typedef enum FWP_MATCH_TYPE_ {
    FWP_MATCH_EQUAL = 0,
    FWP_MATCH_GREATER,
    FWP_MATCH_LESS,
    FWP_MATCH_GREATER_OR_EQUAL,
    FWP_MATCH_LESS_OR_EQUAL,
    FWP_MATCH_RANGE,
    FWP_MATCH_FLAGS_ALL_SET,
    FWP_MATCH_FLAGS_ANY_SET,
    FWP_MATCH_FLAGS_NONE_SET,
    FWP_MATCH_EQUAL_CASE_INSENSITIVE,
    FWP_MATCH_NOT_EQUAL,
    FWP_MATCH_PREFIX,
    FWP_MATCH_NOT_PREFIX,
    FWP_MATCH_TYPE_MAX
} FWP_MATCH_TYPE;

typedef enum FWP_DIRECTION_ { FWP_DIRECTION_OUTBOUND = 0, FWP_DIRECTION_INBOUND = 1, FWP_DIRECTION_MAX } FWP_DIRECTION;

/* Actions (WDK-ACTION values; SEMANTICS 5). */
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
#define FWP_ACTION_NONE_NO_MATCH (0x8)

/* Condition flags (WDK-FLAGS; SEMANTICS 5). */
#define FWP_CONDITION_FLAG_IS_LOOPBACK 0x00000001
#define FWP_CONDITION_FLAG_IS_IPSEC_SECURED 0x00000002
#define FWP_CONDITION_FLAG_IS_REAUTHORIZE 0x00000004
#define FWP_CONDITION_FLAG_IS_WILDCARD_BIND 0x00000008
#define FWP_CONDITION_FLAG_IS_CONNECTION_REDIRECTED 0x00100000
#define FWP_CONDITION_FLAG_IS_PROXY_CONNECTION 0x00200000

typedef struct FWPM_DISPLAY_DATA0_ {
    wchar_t *name;
    wchar_t *description;
} FWPM_DISPLAY_DATA0;

#ifdef __cplusplus
}
#endif

#endif /* WFPCERT_WDK_FWPTYPES_H */
