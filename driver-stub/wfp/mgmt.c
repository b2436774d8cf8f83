/*
 * mgmt.c: the management calls a callout driver makes at load and unload that engine.c does
 * not: engine sessions (FwpmEngineOpen0/Close0), transactions, providers, management callout
 * objects (FwpmCalloutAdd0), the FWPM_LAYER_* GUID to layer id mapping, and the call sites
 * the fwpsk.h macros record for the verifier.
 *
 * Why transactions undo rather than defer: a driver adds its objects in one transaction and
 * then reads back ids (FwpmFilterAdd0's id) before committing, so the objects must exist at
 * once; an abort then takes back exactly what the transaction added.  Nothing classifies
 * while a driver loads, so no flow can see a half-built set.
 */
/* Defines the FWPM_LAYER_* GUIDs of fwpmk.h (weak) for the model; a driver's own initguid.h
 * definitions of the same names agree with them. */
#define INITGUID 1
#include "engine_internal.h"
#include "../kernel/heap.h"

#include <string.h>

UINT16 ms_wfp_layer_id(const GUID *k) {
    if (!k) return 0;
    if (IsEqualGUID(k, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V4)) return FWPS_LAYER_ALE_CONNECT_REDIRECT_V4;
    if (IsEqualGUID(k, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V6)) return FWPS_LAYER_ALE_CONNECT_REDIRECT_V6;
    if (IsEqualGUID(k, &FWPM_LAYER_ALE_AUTH_CONNECT_V4)) return FWPS_LAYER_ALE_AUTH_CONNECT_V4;
    if (IsEqualGUID(k, &FWPM_LAYER_ALE_AUTH_CONNECT_V6)) return FWPS_LAYER_ALE_AUTH_CONNECT_V6;
    return 0;
}

/* ------------------------------------------------------------- call sites */
static _Thread_local const char *site_file;
static _Thread_local int site_line;

void WfpcertNoteCallSite(const char *file, int line) {
    site_file = file;
    site_line = line;
}

void ms_wfp_site_take(const char **file, int *line) {
    *file = site_file;
    *line = site_line;
    site_file = NULL;
    site_line = 0;
}

/* --------------------------------------------------------------- sessions */
static ms_wfp_session *session_of(ms_wfp *e, HANDLE h) {
    for (ms_wfp_session *s = e->sessions; s; s = s->next)
        if (s == h) return s;
    return NULL;
}

NTSTATUS FwpmEngineOpen0(const wchar_t *serverName, UINT32 authnService, SEC_WINNT_AUTH_IDENTITY_W *authIdentity,
                         const FWPM_SESSION0 *session, HANDLE *engineHandle) {
    (void)authIdentity;
    if (!engineHandle) return STATUS_FWP_NULL_POINTER;
    *engineHandle = NULL;
    /* Kernel mode opens the local engine only, with the default or NTLM authentication. */
    if (serverName || (authnService != RPC_C_AUTHN_WINNT && authnService != (UINT32)RPC_C_AUTHN_DEFAULT))
        return STATUS_INVALID_PARAMETER;
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_wfp_session *s = ms_calloc(1, sizeof *s);
    if (!s) return STATUS_INSUFFICIENT_RESOURCES;
    /* FWPM_SESSION0: "When this flag is set, any objects added during the session are
     * automatically deleted when the session ends." */
    s->dynamic = session && (session->flags & FWPM_SESSION_FLAG_DYNAMIC);
    ms_lock(e->w);
    s->e = e;
    s->next = e->sessions;
    e->sessions = s;
    ms_unlock(e->w);
    *engineHandle = s;
    return STATUS_SUCCESS;
}

static void free_list(ms_wfp_undo *u) {
    while (u) {
        ms_wfp_undo *n = u->next;
        ms_free(u);
        u = n;
    }
}

static void free_undo(ms_wfp_session *s) {
    free_list(s->undo);
    s->undo = NULL;
    s->in_txn = false;
    s->read_only = false;
}

static void take_back(HANDLE engine, ms_wfp_undo *u);

NTSTATUS FwpmEngineClose0(HANDLE engineHandle) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    NTSTATUS st = STATUS_INVALID_HANDLE;
    for (ms_wfp_session **pp = &e->sessions; *pp; pp = &(*pp)->next)
        if (*pp == engineHandle) {
            ms_wfp_session *s = *pp;
            *pp = s->next;
            /* An open transaction ends with its session: aborted, as when BFE loses the client. */
            for (ms_wfp_undo *u = s->undo; u; u = u->next) take_back(NULL, u);
            free_undo(s);
            /* and a dynamic session takes with it what it added, newest first (what is gone
             * already, deleted or aborted, is not found again) */
            for (ms_wfp_undo *u = s->added; u; u = u->next) take_back(NULL, u);
            free_list(s->added);
            ms_free(s);
            st = STATUS_SUCCESS;
            break;
        }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpmTransactionBegin0(HANDLE engineHandle, UINT32 flags) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    ms_wfp_session *s = session_of(e, engineHandle);
    NTSTATUS st = !s                           ? STATUS_INVALID_HANDLE
                  : s->in_txn                  ? STATUS_FWP_TXN_IN_PROGRESS
                  : flags > FWPM_TXN_READ_ONLY ? STATUS_INVALID_PARAMETER
                                               : STATUS_SUCCESS;
    if (st == STATUS_SUCCESS) {
        s->in_txn = true;
        s->read_only = flags == FWPM_TXN_READ_ONLY;
    }
    ms_unlock(e->w);
    return st;
}

/* Commit keeps what the transaction added; abort takes it back. */
static NTSTATUS txn_end(HANDLE engineHandle, bool commit) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    ms_wfp_session *s = session_of(e, engineHandle);
    NTSTATUS st = !s ? STATUS_INVALID_HANDLE : !s->in_txn ? STATUS_FWP_NO_TXN_IN_PROGRESS : STATUS_SUCCESS;
    if (st == STATUS_SUCCESS) {
        if (!commit)
            for (ms_wfp_undo *u = s->undo; u; u = u->next) take_back(NULL, u);
        free_undo(s);
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpmTransactionCommit0(HANDLE engineHandle) { return txn_end(engineHandle, true); }
NTSTATUS FwpmTransactionAbort0(HANDLE engineHandle) { return txn_end(engineHandle, false); }

/* "WFP Error Codes", FWP_E_INCOMPATIBLE_TXN: "The call is not allowed from within a read-only
 * transaction": an add or a delete through a session whose transaction is read-only.  A NULL
 * engine (the model's own take-backs) may always change. */
NTSTATUS ms_wfp_may_change_locked(ms_wfp *e, HANDLE engine) {
    ms_wfp_session *s = engine ? session_of(e, engine) : NULL;
    return s && s->in_txn && s->read_only ? STATUS_FWP_INCOMPATIBLE_TXN : STATUS_SUCCESS;
}

static void note(ms_wfp_undo **list, int kind, const GUID *key, UINT64 id) {
    ms_wfp_undo *u = ms_calloc(1, sizeof *u);
    if (!u) return; /* the add stands even if it cannot be taken back */
    u->kind = kind;
    u->key = *key;
    u->id = id;
    u->next = *list;
    *list = u;
}

void ms_wfp_txn_note(HANDLE engine, int kind, const GUID *key, UINT64 id) {
    ms_wfp *e = ms_wfp_current();
    ms_wfp_session *s = e && engine ? session_of(e, engine) : NULL;
    if (!s) return;
    if (s->in_txn) note(&s->undo, kind, key, id);
    if (s->dynamic) note(&s->added, kind, key, id);
}

/* ----------------------------------------------------------- providers etc */
static ms_wfp_object *object_of(ms_wfp *e, int kind, const GUID *key) {
    for (ms_wfp_object *o = e->objects; o; o = o->next)
        if (o->kind == kind && IsEqualGUID(&o->key, key)) return o;
    return NULL;
}

static NTSTATUS object_add(HANDLE engine, int kind, const GUID *key, const GUID *layer, UINT32 *id) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    NTSTATUS st = ms_wfp_may_change_locked(e, engine);
    if (st != STATUS_SUCCESS) {
    } else if (object_of(e, kind, key)) {
        st = STATUS_FWP_ALREADY_EXISTS;
    } else {
        ms_wfp_object *o = ms_calloc(1, sizeof *o);
        if (!o) {
            st = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            o->kind = kind;
            o->key = *key;
            if (layer) o->layer = *layer;
            o->id = ++e->next_object_id;
            o->next = e->objects;
            e->objects = o;
            if (id) *id = o->id;
            ms_wfp_txn_note(engine, kind, key, o->id);
        }
    }
    ms_unlock(e->w);
    return st;
}

/* Does a filter still name the callout in its action?  "WFP Error Codes": FWP_E_IN_USE, "The
 * object is referenced by other objects so cannot be deleted"; a callout's filters go first,
 * as a sublayer's do (engine.c). */
static bool callout_in_use(const ms_wfp *e, const GUID *key) {
    for (size_t j = 0; j < e->nfilters; j++)
        if (e->filters[j].live && (e->filters[j].f.action.type & FWP_ACTION_FLAG_CALLOUT) &&
            IsEqualGUID(&e->filters[j].callout_key, key))
            return true;
    return false;
}

static NTSTATUS object_delete(HANDLE engine, int kind, const GUID *key, UINT32 id) {
    ms_wfp *e = ms_wfp_current();
    if (!e) return STATUS_DEVICE_NOT_READY;
    ms_lock(e->w);
    NTSTATUS st = ms_wfp_may_change_locked(e, engine);
    if (st == STATUS_SUCCESS) st = STATUS_FWP_NOT_FOUND;
    for (ms_wfp_object **pp = &e->objects; *pp && st == STATUS_FWP_NOT_FOUND; pp = &(*pp)->next) {
        ms_wfp_object *o = *pp;
        if (o->kind == kind && (key ? IsEqualGUID(&o->key, key) : o->id == id)) {
            if (kind == WFP_OBJ_CALLOUT && callout_in_use(e, &o->key)) {
                st = STATUS_FWP_IN_USE;
                break;
            }
            *pp = o->next;
            ms_free(o);
            st = STATUS_SUCCESS;
            break;
        }
    }
    ms_unlock(e->w);
    return st;
}

NTSTATUS FwpmProviderAdd0(HANDLE engine, const FWPM_PROVIDER0 *provider, PSECURITY_DESCRIPTOR sd) {
    (void)sd;
    if (!provider) return STATUS_FWP_NULL_POINTER;
    return object_add(engine, WFP_OBJ_PROVIDER, &provider->providerKey, NULL, NULL);
}

NTSTATUS FwpmProviderDeleteByKey0(HANDLE engine, const GUID *key) {
    if (!key) return STATUS_FWP_NULL_POINTER;
    NTSTATUS st = object_delete(engine, WFP_OBJ_PROVIDER, key, 0);
    return st == STATUS_FWP_NOT_FOUND ? STATUS_FWP_PROVIDER_NOT_FOUND : st;
}

NTSTATUS FwpmCalloutAdd0(HANDLE engine, const FWPM_CALLOUT0 *callout, PSECURITY_DESCRIPTOR sd, UINT32 *id) {
    (void)sd;
    if (!callout) return STATUS_FWP_NULL_POINTER;
    if (!ms_wfp_layer_id(&callout->applicableLayer)) return STATUS_FWP_INVALID_PARAMETER;
    return object_add(engine, WFP_OBJ_CALLOUT, &callout->calloutKey, &callout->applicableLayer, id);
}

NTSTATUS FwpmCalloutDeleteByKey0(HANDLE engine, const GUID *key) {
    if (!key) return STATUS_FWP_NULL_POINTER;
    NTSTATUS st = object_delete(engine, WFP_OBJ_CALLOUT, key, 0);
    return st == STATUS_FWP_NOT_FOUND ? STATUS_FWP_CALLOUT_NOT_FOUND : st;
}

NTSTATUS FwpmCalloutDeleteById0(HANDLE engine, UINT32 id) {
    NTSTATUS st = object_delete(engine, WFP_OBJ_CALLOUT, NULL, id);
    return st == STATUS_FWP_NOT_FOUND ? STATUS_FWP_CALLOUT_NOT_FOUND : st;
}

static void take_back(HANDLE engine, ms_wfp_undo *u) {
    switch (u->kind) {
    case WFP_OBJ_FILTER:
        FwpmFilterDeleteById0(engine, u->id);
        break;
    case WFP_OBJ_SUBLAYER:
        FwpmSubLayerDeleteByKey0(engine, &u->key);
        break;
    default:
        object_delete(NULL, u->kind, &u->key, 0);
        break;
    }
}

void ms_wfp_mgmt_destroy(ms_wfp *e) {
    for (ms_wfp_object *o = e->objects; o;) {
        ms_wfp_object *n = o->next;
        ms_free(o);
        o = n;
    }
    e->objects = NULL;
    for (ms_wfp_session *s = e->sessions; s;) {
        ms_wfp_session *n = s->next;
        free_undo(s);
        free_list(s->added);
        ms_free(s);
        s = n;
    }
    e->sessions = NULL;
}
