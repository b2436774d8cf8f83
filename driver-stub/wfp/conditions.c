/*
 * conditions.c: filter conditions (FWPM_FILTER0.filterCondition): copied when the filter is
 * added, evaluated against a classify's incoming values before the filter's callout runs.
 *
 * Why evaluate them: a vendor's classifyFn is written for the flows its filters admit (a
 * filter on IP_PROTOCOL == TCP, on a remote port, on its own proxy's application id excluded).
 * A model that ignored conditions would call it with flows Windows never hands it, and its
 * findings would not be the driver's.  Why refuse what is not evaluated: a condition the
 * model skipped would make the filter match more than on Windows, silently; refusing it makes
 * DriverEntry fail with a finding naming the field and match type.
 *
 * WFP's rule: conditions on the same field are OR'ed, conditions on different fields AND'ed.
 */
#include "engine_internal.h"
#include "../kernel/heap.h"

#include <string.h>

static const struct {
    const GUID *key;
    int field;
    const char *name;
} fields[] = {
    {&FWPM_CONDITION_IP_PROTOCOL, WFP_CF_PROTO, "IP_PROTOCOL"},
    {&FWPM_CONDITION_IP_LOCAL_PORT, WFP_CF_LOCAL_PORT, "IP_LOCAL_PORT"},
    {&FWPM_CONDITION_IP_REMOTE_PORT, WFP_CF_REMOTE_PORT, "IP_REMOTE_PORT"},
    {&FWPM_CONDITION_IP_LOCAL_ADDRESS, WFP_CF_LOCAL_ADDR, "IP_LOCAL_ADDRESS"},
    {&FWPM_CONDITION_IP_REMOTE_ADDRESS, WFP_CF_REMOTE_ADDR, "IP_REMOTE_ADDRESS"},
    {&FWPM_CONDITION_ALE_APP_ID, WFP_CF_APP_ID, "ALE_APP_ID"},
    {&FWPM_CONDITION_FLAGS, WFP_CF_FLAGS, "FLAGS"},
};

static bool is_ordering(FWP_MATCH_TYPE m) {
    return m == FWP_MATCH_EQUAL || m == FWP_MATCH_NOT_EQUAL || m == FWP_MATCH_GREATER || m == FWP_MATCH_LESS ||
           m == FWP_MATCH_GREATER_OR_EQUAL || m == FWP_MATCH_LESS_OR_EQUAL;
}

/* The value of an integer field's condition, which must be of the field's own type (the
 * "Filtering condition identifiers" page: IP_PROTOCOL is FWP_UINT8, the ports FWP_UINT16; a
 * value of another type does not compare with the field, and FwpmFilterAdd0 answers
 * FWP_E_TYPE_MISMATCH, as it does for a byte blob on a port). */
static bool typed_int(const FWP_VALUE0 *v, int field, UINT64 *out) {
    FWP_DATA_TYPE want = field == WFP_CF_PROTO ? FWP_UINT8 : FWP_UINT16;
    if (v->type != want) return false;
    *out = want == FWP_UINT8 ? v->uint8 : v->uint16;
    return true;
}

/* An incoming value of an integer field (the layer's own types: UINT8, UINT16, UINT32). */
static bool int_value(const FWP_VALUE0 *v, UINT64 *out) {
    switch (v->type) {
    case FWP_UINT8:
        *out = v->uint8;
        return true;
    case FWP_UINT16:
        *out = v->uint16;
        return true;
    case FWP_UINT32:
        *out = v->uint32;
        return true;
    default:
        return false;
    }
}

/* One condition into c; false (with what in why) when the model does not evaluate it. */
static bool copy_one(const FWPM_FILTER_CONDITION0 *in, ms_wfp_condition *c, const char **why) {
    memset(c, 0, sizeof *c);
    c->field = -1;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (IsEqualGUID(&in->fieldKey, fields[i].key)) c->field = fields[i].field;
    if (c->field < 0) return *why = "its field", false;
    c->match = in->matchType;
    c->type = in->conditionValue.type;
    const FWP_CONDITION_VALUE0 *v = &in->conditionValue;
    FWP_VALUE0 scalar = {.type = v->type};
    if (v->type == FWP_UINT8) scalar.uint8 = v->uint8;
    if (v->type == FWP_UINT16) scalar.uint16 = v->uint16;
    switch (c->field) {
    case WFP_CF_APP_ID:
        if (v->type != FWP_BYTE_BLOB_TYPE || !v->byteBlob ||
            (c->match != FWP_MATCH_EQUAL && c->match != FWP_MATCH_NOT_EQUAL &&
             c->match != FWP_MATCH_EQUAL_CASE_INSENSITIVE))
            return *why = "its type or match type (ALE_APP_ID: a byte blob, EQUAL or NOT_EQUAL)", false;
        c->blob_len = v->byteBlob->size;
        c->blob = ms_malloc(c->blob_len ? c->blob_len : 1);
        if (!c->blob) return *why = "memory", false;
        if (c->blob_len) memcpy(c->blob, v->byteBlob->data, c->blob_len);
        return true;
    case WFP_CF_FLAGS:
        if (v->type != FWP_UINT32 || (c->match != FWP_MATCH_FLAGS_ALL_SET && c->match != FWP_MATCH_FLAGS_ANY_SET &&
                                      c->match != FWP_MATCH_FLAGS_NONE_SET && c->match != FWP_MATCH_EQUAL))
            return *why = "its type or match type (FLAGS: UINT32 with a FLAGS_* match)", false;
        c->lo = v->uint32;
        return true;
    case WFP_CF_LOCAL_ADDR:
    case WFP_CF_REMOTE_ADDR:
        if (v->type == FWP_V4_ADDR_MASK && v->v4AddrMask && c->match == FWP_MATCH_EQUAL) {
            c->lo = v->v4AddrMask->addr;
            c->hi = v->v4AddrMask->mask;
            return true;
        }
        if (v->type == FWP_BYTE_ARRAY16_TYPE && v->byteArray16 &&
            (c->match == FWP_MATCH_EQUAL || c->match == FWP_MATCH_NOT_EQUAL)) {
            memcpy(c->bytes16, v->byteArray16->byteArray16, 16);
            return true;
        }
        if (v->type == FWP_UINT32 && is_ordering(c->match)) {
            c->lo = v->uint32;
            return true;
        }
        return *why = "its type or match type (addresses: UINT32, V4_ADDR_MASK or BYTE_ARRAY16, EQUAL)", false;
    default: /* protocol and ports: integers, compared or in a range */
        if (v->type == FWP_RANGE_TYPE && v->rangeValue && c->match == FWP_MATCH_RANGE &&
            typed_int(&v->rangeValue->valueLow, c->field, &c->lo) &&
            typed_int(&v->rangeValue->valueHigh, c->field, &c->hi))
            return true;
        if (is_ordering(c->match) && typed_int(&scalar, c->field, &c->lo)) return true;
        return *why = "its type or match type (IP_PROTOCOL a UINT8, a port a UINT16, compared or in a RANGE)", false;
    }
}

void ms_wfp_conditions_free(ms_wfp_condition *c, UINT32 n) {
    for (UINT32 i = 0; c && i < n; i++) ms_free(c[i].blob);
    ms_free(c);
}

NTSTATUS ms_wfp_conditions_copy(ms_wfp *e, const FWPM_FILTER0 *f, ms_wfp_condition **out, UINT32 *n) {
    *out = NULL;
    *n = 0;
    if (!f->numFilterConditions) return STATUS_SUCCESS;
    ms_wfp_condition *c = ms_calloc(f->numFilterConditions, sizeof *c);
    if (!c) return STATUS_INSUFFICIENT_RESOURCES;
    for (UINT32 i = 0; i < f->numFilterConditions; i++) {
        const char *why = NULL;
        if (!copy_one(&f->filterCondition[i], &c[i], &why)) {
            const GUID *k = &f->filterCondition[i].fieldKey;
            ms_finding_locked(e->w,
                              "wfp: FwpmFilterAdd0 condition %u (field %08x-%04x-%04x, match type %d, value type %d): "
                              "the model does not evaluate %s (docs/VENDOR-DRIVER.md)%s%s",
                              (unsigned)i, (unsigned)k->Data1, k->Data2, k->Data3, (int)f->filterCondition[i].matchType,
                              (int)f->filterCondition[i].conditionValue.type, why, e->loading_driver ? "; driver " : "",
                              e->loading_driver ? e->loading_driver : "");
            ms_wfp_conditions_free(c, i + 1);
            return STATUS_FWP_INVALID_PARAMETER;
        }
    }
    *out = c;
    *n = f->numFilterConditions;
    return STATUS_SUCCESS;
}

static bool compare(FWP_MATCH_TYPE m, UINT64 have, const ms_wfp_condition *c) {
    switch (m) {
    case FWP_MATCH_EQUAL:
        return have == c->lo;
    case FWP_MATCH_NOT_EQUAL:
        return have != c->lo;
    case FWP_MATCH_GREATER:
        return have > c->lo;
    case FWP_MATCH_LESS:
        return have < c->lo;
    case FWP_MATCH_GREATER_OR_EQUAL:
        return have >= c->lo;
    case FWP_MATCH_LESS_OR_EQUAL:
        return have <= c->lo;
    case FWP_MATCH_RANGE:
        return have >= c->lo && have <= c->hi;
    case FWP_MATCH_FLAGS_ALL_SET:
        return (have & c->lo) == c->lo;
    case FWP_MATCH_FLAGS_ANY_SET:
        return (have & c->lo) != 0;
    case FWP_MATCH_FLAGS_NONE_SET:
        return (have & c->lo) == 0;
    default:
        return false;
    }
}

static UINT8 fold(UINT8 b) { return b >= 'a' && b <= 'z' ? (UINT8)(b - 'a' + 'A') : b; }

static bool blob_equal(const FWP_BYTE_BLOB *b, const ms_wfp_condition *c, bool ci) {
    if (!b || b->size != c->blob_len) return false;
    for (UINT32 i = 0; i < c->blob_len; i++)
        if (ci ? fold(b->data[i]) != fold(c->blob[i]) : b->data[i] != c->blob[i]) return false;
    return true;
}

static bool one_matches(const ms_wfp_condition *c, const FWP_VALUE0 *v) {
    if (c->field == WFP_CF_APP_ID) {
        bool eq =
            v->type == FWP_BYTE_BLOB_TYPE && blob_equal(v->byteBlob, c, c->match == FWP_MATCH_EQUAL_CASE_INSENSITIVE);
        return c->match == FWP_MATCH_NOT_EQUAL ? !eq : eq;
    }
    if (c->type == FWP_BYTE_ARRAY16_TYPE) {
        bool eq = v->type == FWP_BYTE_ARRAY16_TYPE && v->byteArray16 && memcmp(v->byteArray16, c->bytes16, 16) == 0;
        return c->match == FWP_MATCH_NOT_EQUAL ? !eq : eq;
    }
    UINT64 have;
    if (!int_value(v, &have)) return false; /* an IPv6 value against an IPv4 condition, or EMPTY */
    if (c->type == FWP_V4_ADDR_MASK) return (have & c->hi) == (c->lo & c->hi);
    return compare(c->match, have, c);
}

bool ms_wfp_conditions_match(const ms_wfp_condition *c, UINT32 n, const FWPS_INCOMING_VALUE0 *vals,
                             const UINT32 index[WFP_CF_COUNT]) {
    for (int field = 0; field < WFP_CF_COUNT; field++) {
        bool seen = false, any = false;
        for (UINT32 i = 0; i < n; i++)
            if (c[i].field == field) {
                seen = true;
                any |= one_matches(&c[i], &vals[index[field]].value);
            }
        if (seen && !any) return false;
    }
    return true;
}

/* The conditions as classifyFn and notifyFn see them in FWPS_FILTER1.filterCondition: the
 * "FWPS_FILTER_CONDITION0" page gives fieldId as the layer's data field identifier (not the
 * FWPM condition key), with the match type and value the filter was added with.  The values
 * point into c, which lives as long as the filter; a driver that reads its own conditions back
 * (to learn the port range it filters on) finds what it added. */
FWPS_FILTER_CONDITION0 *ms_wfp_conditions_kernel(ms_wfp_condition *c, UINT32 n, UINT16 layer) {
    if (!n) return NULL;
    FWPS_FILTER_CONDITION0 *k = ms_calloc(n, sizeof *k);
    if (!k) return NULL;
    for (UINT32 i = 0; i < n; i++) {
        FWP_CONDITION_VALUE0 *v = &k[i].conditionValue;
        k[i].fieldId = ms_wfp_field_id(layer, c[i].field);
        k[i].matchType = c[i].match;
        v->type = c[i].type;
        FWP_DATA_TYPE scalar = c[i].field == WFP_CF_PROTO ? FWP_UINT8 : FWP_UINT16;
        switch (c[i].type) {
        case FWP_UINT8:
            v->uint8 = (UINT8)c[i].lo;
            break;
        case FWP_UINT16:
            v->uint16 = (UINT16)c[i].lo;
            break;
        case FWP_UINT32:
            v->uint32 = (UINT32)c[i].lo;
            break;
        case FWP_RANGE_TYPE:
            c[i].shown.range.valueLow = (FWP_VALUE0){.type = scalar};
            c[i].shown.range.valueHigh = (FWP_VALUE0){.type = scalar};
            if (scalar == FWP_UINT8) {
                c[i].shown.range.valueLow.uint8 = (UINT8)c[i].lo;
                c[i].shown.range.valueHigh.uint8 = (UINT8)c[i].hi;
            } else {
                c[i].shown.range.valueLow.uint16 = (UINT16)c[i].lo;
                c[i].shown.range.valueHigh.uint16 = (UINT16)c[i].hi;
            }
            v->rangeValue = &c[i].shown.range;
            break;
        case FWP_V4_ADDR_MASK:
            c[i].shown.v4 = (FWP_V4_ADDR_AND_MASK){(UINT32)c[i].lo, (UINT32)c[i].hi};
            v->v4AddrMask = &c[i].shown.v4;
            break;
        case FWP_BYTE_ARRAY16_TYPE:
            memcpy(c[i].shown.a16.byteArray16, c[i].bytes16, 16);
            v->byteArray16 = &c[i].shown.a16;
            break;
        default: /* FWP_BYTE_BLOB_TYPE: copy_one admits no other */
            c[i].shown.bb = (FWP_BYTE_BLOB){c[i].blob_len, c[i].blob};
            v->byteBlob = &c[i].shown.bb;
            break;
        }
    }
    return k;
}
