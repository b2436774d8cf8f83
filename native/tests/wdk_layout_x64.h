/*
 * wdk_layout_x64.h: the x64 Windows sizes and offsets of the WFP structures a callout driver
 * and its registration code hand across the API, as one table two files check at compile
 * time: wdk_layout_windows.c against mingw-w64's own headers (fwptypes.h, fwpmtypes.h; built
 * in the mingw x64 build), wdk_layout_model.c against the WDK-shaped headers a vendor driver
 * compiles with on Linux (include/wfpcert/wdk).  So a driver's structs have the layout they
 * have on Windows, and the numbers themselves are not ours but mingw-w64's.
 *
 * WFPCERT_WDK_LAYOUT_SHARED: structs mingw-w64 declares (x86_64-w64-mingw32/include/fwptypes.h,
 * fwpmtypes.h, mingw-w64 v11/12); the values were read from those headers' x64 layout (sizeof
 * and offsetof printed by a mingw x64 program under wine) and the mingw build re-checks them.
 * WFPCERT_WDK_LAYOUT_KERNEL: FWPS_* structs mingw-w64 does not ship (they are in the WDK's
 * fwpsk.h only); the values follow from their documented declarations (learn.microsoft.com,
 * fwpsk.h reference) under the x64 ABI, and are checked only against our header.
 */
#ifndef WFPCERT_WDK_LAYOUT_X64_H
#define WFPCERT_WDK_LAYOUT_X64_H

/* S(type, sizeof) and O(type, member, offsetof); one type a line, which clang-format would undo */
// clang-format off
#define WFPCERT_WDK_LAYOUT_SHARED(S, O)                                                                            \
    S(FWP_BYTE_BLOB, 16) O(FWP_BYTE_BLOB, data, 8)                                                                   \
    S(FWP_VALUE0, 16) O(FWP_VALUE0, uint64, 8) O(FWP_VALUE0, byteBlob, 8)                                            \
    S(FWP_CONDITION_VALUE0, 16) S(FWP_RANGE0, 32) S(FWP_BYTE_ARRAY16, 16) S(FWP_V6_ADDR_AND_MASK, 17)                \
    S(FWPM_DISPLAY_DATA0, 16) O(FWPM_DISPLAY_DATA0, description, 8)                                                 \
    S(FWPM_SESSION0, 72) O(FWPM_SESSION0, flags, 32) O(FWPM_SESSION0, processId, 40) O(FWPM_SESSION0, sid, 48)      \
    O(FWPM_SESSION0, kernelMode, 64)                                                                                 \
    S(FWPM_PROVIDER0, 64) O(FWPM_PROVIDER0, providerData, 40) O(FWPM_PROVIDER0, serviceName, 56)                     \
    S(FWPM_SUBLAYER0, 72) O(FWPM_SUBLAYER0, providerKey, 40) O(FWPM_SUBLAYER0, providerData, 48)                     \
    O(FWPM_SUBLAYER0, weight, 64)                                                                                    \
    S(FWPM_CALLOUT0, 88) O(FWPM_CALLOUT0, providerData, 48) O(FWPM_CALLOUT0, applicableLayer, 64)                    \
    O(FWPM_CALLOUT0, calloutId, 80)                                                                                  \
    S(FWPM_FILTER_CONDITION0, 40) O(FWPM_FILTER_CONDITION0, matchType, 16)                                           \
    O(FWPM_FILTER_CONDITION0, conditionValue, 24)                                                                    \
    S(FWPM_ACTION0, 20) O(FWPM_ACTION0, calloutKey, 4)                                                               \
    S(FWPM_FILTER0, 200) O(FWPM_FILTER0, providerKey, 40) O(FWPM_FILTER0, providerData, 48)                          \
    O(FWPM_FILTER0, layerKey, 64) O(FWPM_FILTER0, subLayerKey, 80) O(FWPM_FILTER0, weight, 96)                       \
    O(FWPM_FILTER0, numFilterConditions, 112) O(FWPM_FILTER0, filterCondition, 120) O(FWPM_FILTER0, action, 128)     \
    O(FWPM_FILTER0, rawContext, 152) O(FWPM_FILTER0, reserved, 168) O(FWPM_FILTER0, filterId, 176)                   \
    O(FWPM_FILTER0, effectiveWeight, 184)

/* From the documented declarations: FWPS_INCOMING_VALUE0 is one FWP_VALUE0; FWPS_INCOMING_VALUES0
 * is {UINT16 layerId; UINT32 valueCount; FWPS_INCOMING_VALUE0 *incomingValue}; FWPS_CONNECT_REQUEST0
 * starts with two SOCKADDR_STORAGE (128 bytes each), then UINT64 portReservationToken, DWORD
 * localRedirectTargetPID, the previousVersion pointer, UINT64 modifierFilterId and (NTDDI_WIN8)
 * localRedirectHandle, localRedirectContext, SIZE_T localRedirectContextSize. */
#define WFPCERT_WDK_LAYOUT_KERNEL(S, O)                                                                            \
    S(FWPS_INCOMING_VALUE0, 16)                                                                                      \
    S(FWPS_INCOMING_VALUES0, 16) O(FWPS_INCOMING_VALUES0, valueCount, 4) O(FWPS_INCOMING_VALUES0, incomingValue, 8)  \
    O(FWPS_CONNECT_REQUEST0, remoteAddressAndPort, 128) O(FWPS_CONNECT_REQUEST0, portReservationToken, 256)          \
    O(FWPS_CONNECT_REQUEST0, localRedirectTargetPID, 264) O(FWPS_CONNECT_REQUEST0, previousVersion, 272)            \
    O(FWPS_CONNECT_REQUEST0, modifierFilterId, 280) O(FWPS_CONNECT_REQUEST0, localRedirectHandle, 288)              \
    O(FWPS_CONNECT_REQUEST0, localRedirectContext, 296) O(FWPS_CONNECT_REQUEST0, localRedirectContextSize, 304)     \
    S(FWPS_CONNECT_REQUEST0, 312)

// clang-format on
#define WFPCERT_WDK_CHECK_SIZE(T, n) _Static_assert(sizeof(T) == (n), "x64 layout: sizeof(" #T ") != " #n);
#define WFPCERT_WDK_CHECK_OFFSET(T, m, n)                                                                              \
    _Static_assert(offsetof(T, m) == (n), "x64 layout: offsetof(" #T ", " #m ") != " #n);

#endif
