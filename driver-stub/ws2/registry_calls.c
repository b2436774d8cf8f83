/*
 * registry_calls.c: the registry calls a service reads and writes its settings with:
 * RegOpenKeyEx, RegCreateKeyEx, RegQueryValueEx, RegSetValueEx, RegDeleteValue, RegDeleteKey,
 * RegEnumKeyEx, RegEnumValue, RegQueryInfoKey, RegGetValue (each A and W) and RegCloseKey.
 *
 * Why: a Windows proxy keeps its listen port and its upstream in HKEY_LOCAL_MACHINE\SOFTWARE\
 * <vendor>, reads them at start and falls back to defaults when they are missing.  Without these
 * names such a program does not link against the model.  The model's registry is the process's,
 * in memory and empty at start: a freshly installed machine's view of a vendor's keys, so the
 * program takes its defaults unless it (or a test) wrote them first.
 *
 * Behaviour, from learn.microsoft.com ("RegOpenKeyExA function", "RegCreateKeyExA function",
 * "RegQueryValueExA function", "RegSetValueExA function", "RegDeleteKeyA function",
 * "RegDeleteValueA function", "RegCloseKey function"): each call returns its error code (it does
 * not set the last error).  A key is named by a predefined root and a subkey path, its parts
 * matched without regard to case; RegOpenKeyEx of a key not there is ERROR_FILE_NOT_FOUND;
 * RegDeleteKey of "" deletes the key the handle names (Wine's registry tests, as run on Windows);
 * RegCreateKeyEx opens or makes it and every key on its path, and says which through
 * lpdwDisposition (REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY).  RegQueryValueEx of a value
 * not there is ERROR_FILE_NOT_FOUND; with lpData NULL it gives the size in *lpcbData; with a
 * buffer too small, ERROR_MORE_DATA and the size needed (the buffer's contents are not defined);
 * REG_SZ data set without its terminator is given back as it was stored.  RegDeleteKey of a
 * key with subkeys is ERROR_ACCESS_DENIED.  A key handle that is no open key's:
 * ERROR_INVALID_HANDLE.  A handle has the access it was opened with ("Registry Key Security and
 * Access Rights": KEY_QUERY_VALUE to read a value, KEY_SET_VALUE to set or delete one; KEY_READ,
 * KEY_WRITE and the generic rights map onto them), and a call it does not allow is
 * ERROR_ACCESS_DENIED, as a program that opens its key for reading and then writes finds on
 * Windows; the predefined keys allow everything.  Other security, wow64 views,
 * REG_OPTION_VOLATILE and notifications are not modelled (their flags are accepted and ignored).
 * Enumeration ("RegEnumKeyExA function", "RegEnumValueA function", "RegQueryInfoKeyA function"):
 * by index until ERROR_NO_MORE_ITEMS; the pages leave the order open ("subkeys are not ordered"),
 * the model gives subkeys by name without regard to case and values in the order they were first
 * set; a name that does not fit is ERROR_MORE_DATA, data that does not fit ERROR_MORE_DATA with
 * the size needed; names are counted in characters without the terminator; keys have no class;
 * RegQueryInfoKey's largest data is the stored size (UTF-16 for text, never less than what the A
 * call gives).
 * RegGetValue ("RegGetValueA function"): the RRF_RT_ flags restrict the type
 * (ERROR_UNSUPPORTED_TYPE, also for no flag at all, as wine 8.0 answers), RRF_RT_REG_EXPAND_SZ
 * alone without RRF_NOEXPAND and pvData without pcbData are ERROR_INVALID_PARAMETER; a
 * REG_EXPAND_SZ is expanded (ExpandEnvironmentStrings) and given as REG_SZ unless RRF_NOEXPAND,
 * the type checked after that (as wine 8.0 does); text ends with its terminator even when stored
 * without; RRF_ZEROONFAILURE zeroes the buffer of a failed call.
 *
 * A and W: the registry keeps text values (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ) as UTF-16, and
 * the A calls convert them from and to the code page (the RegSetValueExA and RegQueryValueExA
 * pages: "converts the stored Unicode string to an ANSI string"; the model's code page is
 * UTF-8, text_calls.c).  So a value a Unicode program wrote reads back as ANSI text of its own
 * size, and one written with the A call reads back through the W call as two bytes a
 * character.  Key and value names of the W calls are wide text (LPCWSTR), held as UTF-8 like
 * the A names.
 */
#include "../net/net.h"
#include "../kernel/mutex.h"
#include "text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct reg_value {
    char *name; /* "" is the key's default value */
    DWORD type;
    BYTE *data;
    DWORD size;
    struct reg_value *next;
} reg_value;

typedef struct reg_key {
    char *path; /* "<root>\\a\\b", lower-cased parts kept as first written */
    reg_value *values;
    FILETIME written; /* made, or a value last set or deleted */
    struct reg_key *next;
} reg_key;

/* Open handles: the key's path per slot (the key may be deleted under it, as on Windows); a
 * handle value is HANDLE_BASE + 4 * slot, so a closed or made-up one is told apart. */
#define MAX_OPEN 1024
#define HANDLE_BASE ((uintptr_t)0x5E000000u)
static char *open_paths[MAX_OPEN];
static REGSAM open_access[MAX_OPEN]; /* the specific rights each handle was opened with */

static pthread_mutex_t mu = MS_MUTEX_INITIALIZER;
static reg_key *keys;

static const char *root_name(HKEY root) {
    if (root == HKEY_LOCAL_MACHINE) return "HKLM";
    if (root == HKEY_CURRENT_USER) return "HKCU";
    if (root == HKEY_CLASSES_ROOT) return "HKCR";
    if (root == HKEY_USERS) return "HKU";
    return NULL;
}

/* The path an open handle names, or NULL (under mu). */
static const char *open_path(HKEY h) {
    uintptr_t v = (uintptr_t)h;
    if (v < HANDLE_BASE || (v - HANDLE_BASE) % 4 || (v - HANDLE_BASE) / 4 >= MAX_OPEN) return NULL;
    return open_paths[(v - HANDLE_BASE) / 4];
}

/* The full path of (parent, sub) in out, or false when parent is no key (under mu). */
static bool full_path(HKEY parent, LPCSTR sub, char *out, size_t cap) {
    const char *base = root_name(parent);
    if (!base && !(base = open_path(parent))) return false;
    size_t n = (size_t)snprintf(out, cap, "%s", base);
    for (const char *p = sub ? sub : ""; *p && n + 2 < cap;) {
        while (*p == '\\') p++;
        if (!*p) break;
        out[n++] = '\\';
        while (*p && *p != '\\' && n + 1 < cap) out[n++] = *p++;
    }
    out[n] = 0;
    return true;
}

static reg_key *find_key(const char *path) {
    for (reg_key *k = keys; k; k = k->next)
        if (!strcasecmp(k->path, path)) return k;
    return NULL;
}

static reg_key *make_key(const char *path) {
    reg_key *k = find_key(path);
    if (k) return k;
    k = calloc(1, sizeof *k);
    if (!k || !(k->path = strdup(path))) {
        free(k);
        return NULL;
    }
    GetSystemTimeAsFileTime(&k->written);
    k->next = keys;
    keys = k;
    return k;
}

/* The specific key rights of a requested mask: the generic ones and MAXIMUM_ALLOWED as Windows
 * maps them for a key (KEY_READ for GENERIC_READ, KEY_WRITE for GENERIC_WRITE). */
static REGSAM specific_rights(REGSAM sam) {
    if (sam & (GENERIC_ALL | MAXIMUM_ALLOWED)) sam |= KEY_ALL_ACCESS;
    if (sam & GENERIC_READ) sam |= KEY_READ;
    if (sam & GENERIC_WRITE) sam |= KEY_WRITE;
    return sam & KEY_ALL_ACCESS;
}

static HKEY handle_for(const char *path, REGSAM sam) {
    for (size_t i = 0; i < MAX_OPEN; i++)
        if (!open_paths[i]) {
            open_access[i] = specific_rights(sam);
            open_paths[i] = strdup(path);
            return open_paths[i] ? (HKEY)(HANDLE_BASE + 4 * i) : NULL;
        }
    return NULL;
}

LSTATUS RegOpenKeyExA(HKEY parent, LPCSTR sub, DWORD options, REGSAM sam, PHKEY out) {
    (void)options;
    if (!out) return ERROR_INVALID_PARAMETER;
    char path[1024];
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    if (!full_path(parent, sub, path, sizeof path))
        r = ERROR_INVALID_HANDLE;
    else if (!find_key(path) && strchr(path, '\\')) /* a root itself is always there */
        r = ERROR_FILE_NOT_FOUND;
    else if (!(*out = handle_for(path, sam)))
        r = ERROR_NOT_ENOUGH_MEMORY;
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegCreateKeyExA(HKEY parent, LPCSTR sub, DWORD reserved, LPSTR cls, DWORD options, REGSAM sam,
                        LPSECURITY_ATTRIBUTES sa, PHKEY out, LPDWORD disposition) {
    (void)reserved, (void)cls, (void)options, (void)sa;
    if (!out || !sub) return ERROR_INVALID_PARAMETER;
    char path[1024];
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    if (!full_path(parent, sub, path, sizeof path)) {
        r = ERROR_INVALID_HANDLE;
    } else {
        bool existed = find_key(path) != NULL || !strchr(path, '\\');
        for (char *p = strchr(path, '\\'); p && r == ERROR_SUCCESS; p = strchr(p + 1, '\\')) {
            *p = 0; /* every key on the way */
            if (strchr(path, '\\') && !make_key(path)) r = ERROR_NOT_ENOUGH_MEMORY;
            *p = '\\';
        }
        if (r == ERROR_SUCCESS && strchr(path, '\\') && !make_key(path)) r = ERROR_NOT_ENOUGH_MEMORY;
        if (r == ERROR_SUCCESS && !(*out = handle_for(path, sam))) r = ERROR_NOT_ENOUGH_MEMORY;
        if (r == ERROR_SUCCESS && disposition) *disposition = existed ? REG_OPENED_EXISTING_KEY : REG_CREATED_NEW_KEY;
    }
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegCloseKey(HKEY key) {
    if (root_name(key)) return ERROR_SUCCESS;
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_INVALID_HANDLE;
    if (open_path(key)) {
        size_t i = ((uintptr_t)key - HANDLE_BASE) / 4;
        free(open_paths[i]);
        open_paths[i] = NULL;
        r = ERROR_SUCCESS;
    }
    ms_mutex_unlock(&mu);
    return r;
}

/* The open key of handle `key`, or NULL with *r set (under mu). */
static reg_key *key_of(HKEY key, REGSAM need, LSTATUS *r) {
    char path[1024];
    if (!root_name(key) && open_path(key) && !(open_access[((uintptr_t)key - HANDLE_BASE) / 4] & need)) {
        *r = ERROR_ACCESS_DENIED;
        return NULL;
    }
    if (!full_path(key, NULL, path, sizeof path)) {
        *r = ERROR_INVALID_HANDLE;
        return NULL;
    }
    reg_key *k = find_key(path);
    if (!k && !strchr(path, '\\')) k = make_key(path); /* a root holds values too */
    if (!k) *r = ERROR_KEY_DELETED;
    return k;
}

static reg_value *find_value(reg_key *k, const char *name) {
    for (reg_value *v = k->values; v; v = v->next)
        if (!strcasecmp(v->name, name ? name : "")) return v;
    return NULL;
}

static bool is_text(DWORD type) { return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ; }

/* size bytes of code-page text as UTF-16 in a new block (*out, *out_size); false when out of
 * memory.  The conversions leave the caller's last error as it was: a registry call answers
 * with its return value only. */
static bool widen(const BYTE *data, DWORD size, BYTE **out, DWORD *out_size) {
    DWORD saved = GetLastError();
    int n = size ? MultiByteToWideChar(CP_UTF8, 0, (LPCSTR)data, (int)size, NULL, 0) : 0;
    *out = malloc(n ? (size_t)n * 2 : 1);
    if (*out && n) MultiByteToWideChar(CP_UTF8, 0, (LPCSTR)data, (int)size, (LPWSTR)*out, n);
    *out_size = (DWORD)n * 2;
    SetLastError(saved);
    return *out != NULL;
}

/* The code-page size of stored UTF-16 text, and the text itself into out[0..cap) when out is
 * not NULL.  An odd last byte is no character and is left out. */
static DWORD narrow(const reg_value *v, LPBYTE out, DWORD cap) {
    DWORD saved = GetLastError();
    int units = (int)(v->size / 2);
    int n = units ? WideCharToMultiByte(CP_UTF8, 0, (const WCHAR *)v->data, units, (LPSTR)out, out ? (int)cap : 0, NULL,
                                        NULL)
                  : 0;
    SetLastError(saved);
    return (DWORD)n;
}

static LSTATUS set_value(HKEY key, LPCSTR name, DWORD type, const BYTE *data, DWORD size, bool code_page);

LSTATUS RegSetValueExA(HKEY key, LPCSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size) {
    (void)reserved;
    return set_value(key, name, type, data, size, true);
}

LSTATUS RegSetValueExW(HKEY key, LPCWSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size) {
    (void)reserved;
    char narrow_name[512];
    if (!ms_wide_name(name, narrow_name, sizeof narrow_name)) return ERROR_INVALID_PARAMETER;
    return set_value(key, name ? narrow_name : NULL, type, data, size, false);
}

static LSTATUS set_value(HKEY key, LPCSTR name, DWORD type, const BYTE *data, DWORD size, bool code_page) {
    if (size && (!data || !ms_probe_read(data, size))) return ERROR_NOACCESS;
    BYTE *wide = NULL;
    if (code_page && is_text(type)) {
        if (!widen(data, size, &wide, &size)) return ERROR_NOT_ENOUGH_MEMORY;
        data = wide;
    }
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_SET_VALUE, &r);
    reg_value *v = k ? find_value(k, name) : NULL;
    BYTE *copy = k ? malloc(size ? size : 1) : NULL;
    if (k && !copy) r = ERROR_NOT_ENOUGH_MEMORY;
    if (k && copy && !v) {
        v = calloc(1, sizeof *v);
        if (!v || !(v->name = strdup(name ? name : ""))) {
            free(v);
            v = NULL;
            r = ERROR_NOT_ENOUGH_MEMORY;
        } else {
            v->next = k->values;
            k->values = v;
        }
    }
    if (v && copy) {
        GetSystemTimeAsFileTime(&k->written);
        if (size) memcpy(copy, data, size);
        free(v->data);
        v->data = copy;
        v->type = type;
        v->size = size;
        copy = NULL;
    }
    free(copy);
    ms_mutex_unlock(&mu);
    free(wide);
    return r;
}

static LSTATUS query_value(HKEY key, LPCSTR name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size,
                           bool code_page) {
    if (reserved) return ERROR_INVALID_PARAMETER;
    if (data && !size) return ERROR_INVALID_PARAMETER;
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_QUERY_VALUE, &r);
    reg_value *v = k ? find_value(k, name) : NULL;
    if (k && !v) r = ERROR_FILE_NOT_FOUND;
    if (v) {
        bool convert = code_page && is_text(v->type);
        DWORD need = convert ? narrow(v, NULL, 0) : v->size;
        if (type) *type = v->type;
        if (data && *size < need)
            r = ERROR_MORE_DATA;
        else if (data && need && convert)
            narrow(v, data, need);
        else if (data && need)
            memcpy(data, v->data, need);
        if (size) *size = need;
    }
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegQueryValueExA(HKEY key, LPCSTR name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size) {
    return query_value(key, name, reserved, type, data, size, true);
}

LSTATUS RegQueryValueExW(HKEY key, LPCWSTR name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size) {
    char narrow_name[512];
    if (!ms_wide_name(name, narrow_name, sizeof narrow_name)) return ERROR_FILE_NOT_FOUND;
    return query_value(key, name ? narrow_name : NULL, reserved, type, data, size, false);
}

LSTATUS RegDeleteValueA(HKEY key, LPCSTR name) {
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_SET_VALUE, &r);
    if (k) {
        r = ERROR_FILE_NOT_FOUND;
        for (reg_value **p = &k->values; *p; p = &(*p)->next)
            if (!strcasecmp((*p)->name, name ? name : "")) {
                reg_value *v = *p;
                *p = v->next;
                free(v->name);
                free(v->data);
                free(v);
                GetSystemTimeAsFileTime(&k->written);
                r = ERROR_SUCCESS;
                break;
            }
    }
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegDeleteKeyA(HKEY parent, LPCSTR sub) {
    /* NULL is refused; "" names the key itself, which goes as any other (Wine's registry tests,
     * run on Windows: RegDeleteKeyA(key, "") deletes key).  A predefined key cannot go. */
    if (!sub) return ERROR_INVALID_PARAMETER;
    char path[1024];
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    size_t n = 0;
    if (!full_path(parent, sub, path, sizeof path)) {
        r = ERROR_INVALID_HANDLE;
    } else if (!strchr(path, '\\')) {
        r = ERROR_ACCESS_DENIED;
    } else if (!find_key(path)) {
        r = ERROR_FILE_NOT_FOUND;
    } else {
        n = strlen(path);
        for (reg_key *k = keys; k; k = k->next)
            if (!strncasecmp(k->path, path, n) && k->path[n] == '\\') r = ERROR_ACCESS_DENIED; /* has subkeys */
    }
    for (reg_key **p = &keys; r == ERROR_SUCCESS && *p; p = &(*p)->next)
        if (!strcasecmp((*p)->path, path)) {
            reg_key *k = *p;
            *p = k->next;
            while (k->values) {
                reg_value *v = k->values;
                k->values = v->next;
                free(v->name);
                free(v->data);
                free(v);
            }
            free(k->path);
            free(k);
            break;
        }
    ms_mutex_unlock(&mu);
    return r;
}

/* ---- the W names: wide text, held as the A names are ---- */

LSTATUS RegOpenKeyExW(HKEY parent, LPCWSTR sub, DWORD options, REGSAM sam, PHKEY out) {
    char path[1024];
    if (!ms_wide_name(sub, path, sizeof path)) return ERROR_FILE_NOT_FOUND;
    return RegOpenKeyExA(parent, sub ? path : NULL, options, sam, out);
}

LSTATUS RegCreateKeyExW(HKEY parent, LPCWSTR sub, DWORD reserved, LPWSTR cls, DWORD options, REGSAM sam,
                        LPSECURITY_ATTRIBUTES sa, PHKEY out, LPDWORD disposition) {
    (void)cls;
    char path[1024];
    if (!ms_wide_name(sub, path, sizeof path)) return ERROR_INVALID_PARAMETER;
    return RegCreateKeyExA(parent, sub ? path : NULL, reserved, NULL, options, sam, sa, out, disposition);
}

LSTATUS RegDeleteValueW(HKEY key, LPCWSTR name) {
    char narrow_name[512];
    if (!ms_wide_name(name, narrow_name, sizeof narrow_name)) return ERROR_FILE_NOT_FOUND;
    return RegDeleteValueA(key, name ? narrow_name : NULL);
}

LSTATUS RegDeleteKeyW(HKEY parent, LPCWSTR sub) {
    char path[1024];
    if (!ms_wide_name(sub, path, sizeof path)) return ERROR_FILE_NOT_FOUND;
    return RegDeleteKeyA(parent, sub ? path : NULL);
}

/* ---- enumeration ---- */

static int by_name(const void *a, const void *b) { return strcasecmp(*(char *const *)a, *(char *const *)b); }

/* The names of path's immediate subkeys, sorted without regard to case, in a new array (*n of
 * them); NULL with *n 0 when there are none or no memory (under mu). */
static const char **subkey_names(const char *path, size_t *n) {
    size_t len = strlen(path), count = 0;
    for (reg_key *k = keys; k; k = k->next)
        count += !strncasecmp(k->path, path, len) && k->path[len] == '\\' && !strchr(k->path + len + 1, '\\');
    const char **names = count ? malloc(count * sizeof *names) : NULL;
    *n = names ? count : 0;
    size_t i = 0;
    for (reg_key *k = keys; names && k; k = k->next)
        if (!strncasecmp(k->path, path, len) && k->path[len] == '\\' && !strchr(k->path + len + 1, '\\'))
            names[i++] = k->path + len + 1;
    if (names) qsort(names, count, sizeof *names, by_name);
    return names;
}

/* A name's length in characters of the A or W form, without the terminator. */
static DWORD name_chars(const char *name, bool wide) {
    if (!wide) return (DWORD)strlen(name);
    DWORD saved = GetLastError();
    int units = MultiByteToWideChar(CP_UTF8, 0, name, -1, NULL, 0);
    SetLastError(saved);
    return units > 0 ? (DWORD)units - 1 : 0;
}

/* name into out, of *cch characters with the terminator, as A or W text: ERROR_MORE_DATA when it
 * does not fit, else *cch becomes its length without the terminator. */
static LSTATUS put_name(const char *name, void *out, LPDWORD cch, bool wide) {
    DWORD n = name_chars(name, wide), unit = wide ? sizeof(WCHAR) : 1;
    if (n + 1 > *cch) return ERROR_MORE_DATA;
    if (!ms_probe_write(out, (size_t)(n + 1) * unit)) return ERROR_NOACCESS;
    DWORD saved = GetLastError();
    if (wide)
        MultiByteToWideChar(CP_UTF8, 0, name, -1, out, (int)n + 1);
    else
        memcpy(out, name, n + 1);
    SetLastError(saved);
    *cch = n;
    return ERROR_SUCCESS;
}

/* An empty class where one is asked for. */
static void no_class(void *cls, LPDWORD cch, bool wide) {
    if (cls && cch && *cch && ms_probe_write(cls, wide ? sizeof(WCHAR) : 1)) memset(cls, 0, wide ? sizeof(WCHAR) : 1);
    if (cch && ms_probe_write(cch, sizeof *cch)) *cch = 0;
}

static LSTATUS enum_key(HKEY key, DWORD index, void *name, LPDWORD cch, void *cls, LPDWORD cch_cls, PFILETIME ft,
                        bool wide) {
    if (!name || !cch) return ERROR_INVALID_PARAMETER;
    if (!ms_probe_write(cch, sizeof *cch) || (ft && !ms_probe_write(ft, sizeof *ft))) return ERROR_NOACCESS;
    char path[1024];
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_ENUMERATE_SUB_KEYS, &r);
    size_t n = 0;
    const char **names = k ? subkey_names(k->path, &n) : NULL;
    if (k && index >= n) r = ERROR_NO_MORE_ITEMS;
    if (k && index < n && (r = put_name(names[index], name, cch, wide)) == ERROR_SUCCESS) {
        no_class(cls, cch_cls, wide);
        snprintf(path, sizeof path, "%s\\%s", k->path, names[index]);
        reg_key *sub = find_key(path);
        if (ft && sub) *ft = sub->written;
    }
    free(names);
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegEnumKeyExA(HKEY key, DWORD index, LPSTR name, LPDWORD cch, LPDWORD reserved, LPSTR cls, LPDWORD cch_cls,
                      PFILETIME ft) {
    (void)reserved;
    return enum_key(key, index, name, cch, cls, cch_cls, ft, false);
}

LSTATUS RegEnumKeyExW(HKEY key, DWORD index, LPWSTR name, LPDWORD cch, LPDWORD reserved, LPWSTR cls, LPDWORD cch_cls,
                      PFILETIME ft) {
    (void)reserved;
    return enum_key(key, index, name, cch, cls, cch_cls, ft, true);
}

static LSTATUS enum_value(HKEY key, DWORD index, void *name, LPDWORD cch, LPDWORD reserved, LPDWORD type, LPBYTE data,
                          LPDWORD size, bool wide) {
    if (reserved || !name || !cch || (data && !size)) return ERROR_INVALID_PARAMETER;
    if (!ms_probe_write(cch, sizeof *cch) || (size && !ms_probe_write(size, sizeof *size)) ||
        (type && !ms_probe_write(type, sizeof *type)))
        return ERROR_NOACCESS;
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_QUERY_VALUE, &r);
    size_t count = 0;
    for (reg_value *v = k ? k->values : NULL; v; v = v->next) count++;
    reg_value *v = k ? k->values : NULL; /* newest first: index 0 is the last of the list */
    for (size_t i = 0; v && index < count && i + 1 + index < count; i++) v = v->next;
    if (k && index >= count) r = ERROR_NO_MORE_ITEMS;
    if (k && index < count && (r = put_name(v->name, name, cch, wide)) == ERROR_SUCCESS) {
        bool convert = !wide && is_text(v->type);
        DWORD need = convert ? narrow(v, NULL, 0) : v->size;
        if (type) *type = v->type;
        if (data && *size < need)
            r = ERROR_MORE_DATA;
        else if (data && need && !ms_probe_write(data, need))
            r = ERROR_NOACCESS;
        else if (data && need && convert)
            narrow(v, data, need);
        else if (data && need)
            memcpy(data, v->data, need);
        if (size && r != ERROR_NOACCESS) *size = need;
    }
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegEnumValueA(HKEY key, DWORD index, LPSTR name, LPDWORD cch, LPDWORD reserved, LPDWORD type, LPBYTE data,
                      LPDWORD size) {
    return enum_value(key, index, name, cch, reserved, type, data, size, false);
}

LSTATUS RegEnumValueW(HKEY key, DWORD index, LPWSTR name, LPDWORD cch, LPDWORD reserved, LPDWORD type, LPBYTE data,
                      LPDWORD size) {
    return enum_value(key, index, name, cch, reserved, type, data, size, true);
}

static void put_dword(LPDWORD out, DWORD v) {
    if (out) *out = v;
}

static LSTATUS query_info(HKEY key, void *cls, LPDWORD cch_cls, LPDWORD reserved, LPDWORD subkeys, LPDWORD max_sub,
                          LPDWORD max_cls, LPDWORD values, LPDWORD max_vname, LPDWORD max_vlen, LPDWORD secdesc,
                          PFILETIME ft, bool wide) {
    if (reserved) return ERROR_INVALID_PARAMETER;
    LPDWORD outs[] = {subkeys, max_sub, max_cls, values, max_vname, max_vlen, secdesc};
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
        if (outs[i] && !ms_probe_write(outs[i], sizeof(DWORD))) return ERROR_NOACCESS;
    if (ft && !ms_probe_write(ft, sizeof *ft)) return ERROR_NOACCESS;
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_QUERY_VALUE, &r);
    if (k) {
        size_t n = 0;
        const char **names = subkey_names(k->path, &n);
        DWORD longest = 0, nvalues = 0, longest_name = 0, largest = 0;
        for (size_t i = 0; i < n; i++)
            if (name_chars(names[i], wide) > longest) longest = name_chars(names[i], wide);
        free(names);
        for (reg_value *v = k->values; v; v = v->next) {
            nvalues++;
            if (name_chars(v->name, wide) > longest_name) longest_name = name_chars(v->name, wide);
            if (v->size > largest) largest = v->size;
        }
        no_class(cls, cch_cls, wide);
        put_dword(subkeys, (DWORD)n);
        put_dword(max_sub, longest);
        put_dword(max_cls, 0);
        put_dword(values, nvalues);
        put_dword(max_vname, longest_name);
        put_dword(max_vlen, largest);
        put_dword(secdesc, 0); /* security is not modelled */
        if (ft) *ft = k->written;
    }
    ms_mutex_unlock(&mu);
    return r;
}

LSTATUS RegQueryInfoKeyA(HKEY key, LPSTR cls, LPDWORD cch_cls, LPDWORD reserved, LPDWORD subkeys, LPDWORD max_sub,
                         LPDWORD max_cls, LPDWORD values, LPDWORD max_vname, LPDWORD max_vlen, LPDWORD secdesc,
                         PFILETIME ft) {
    return query_info(key, cls, cch_cls, reserved, subkeys, max_sub, max_cls, values, max_vname, max_vlen, secdesc, ft,
                      false);
}

LSTATUS RegQueryInfoKeyW(HKEY key, LPWSTR cls, LPDWORD cch_cls, LPDWORD reserved, LPDWORD subkeys, LPDWORD max_sub,
                         LPDWORD max_cls, LPDWORD values, LPDWORD max_vname, LPDWORD max_vlen, LPDWORD secdesc,
                         PFILETIME ft) {
    return query_info(key, cls, cch_cls, reserved, subkeys, max_sub, max_cls, values, max_vname, max_vlen, secdesc, ft,
                      true);
}

/* ---- RegGetValue ---- */

static DWORD rrf_bit(DWORD type) {
    switch (type) {
    case REG_NONE:
        return RRF_RT_REG_NONE;
    case REG_SZ:
        return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ:
        return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY:
        return RRF_RT_REG_BINARY;
    case REG_DWORD:
        return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ:
        return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD:
        return RRF_RT_REG_QWORD;
    default:
        return 0;
    }
}

/* The stored type and bytes of a value (text as UTF-16), copied out (free *data). */
static LSTATUS read_value(HKEY key, const char *name, DWORD *type, BYTE **data, DWORD *size) {
    ms_mutex_lock(&mu);
    LSTATUS r = ERROR_SUCCESS;
    reg_key *k = key_of(key, KEY_QUERY_VALUE, &r);
    reg_value *v = k ? find_value(k, name) : NULL;
    if (k && !v) r = ERROR_FILE_NOT_FOUND;
    if (v && !(*data = malloc(v->size ? v->size : 1))) r = ERROR_NOT_ENOUGH_MEMORY;
    if (v && *data) {
        memcpy(*data, v->data, v->size);
        *type = v->type;
        *size = v->size;
    }
    ms_mutex_unlock(&mu);
    return r;
}

/* Stored UTF-16 text as the caller gets it: terminated, expanded when asked, then in the A or W
 * form; the bytes in a new block (*out, *size).  false without memory. */
static bool text_out(const BYTE *raw, DWORD stored, bool expand, bool wide, BYTE **out, DWORD *size) {
    DWORD saved = GetLastError();
    size_t units = stored / 2;
    WCHAR *w = malloc((units + 1) * sizeof(WCHAR));
    bool ok = w != NULL;
    if (ok) {
        memcpy(w, raw, units * sizeof(WCHAR));
        if (!units || w[units - 1]) w[units++] = 0; /* the terminator a stored text may lack */
    }
    char *u8 = NULL;
    int n8 = ok ? WideCharToMultiByte(CP_UTF8, 0, w, (int)units, NULL, 0, NULL, NULL) : 0;
    if (ok && (expand || !wide)) {
        ok = n8 > 0 && (u8 = malloc((size_t)n8)) && WideCharToMultiByte(CP_UTF8, 0, w, (int)units, u8, n8, NULL, NULL);
        if (ok && expand) {
            DWORD need = ExpandEnvironmentStringsA(u8, NULL, 0);
            char *x = need ? malloc(need) : NULL;
            ok = x && ExpandEnvironmentStringsA(u8, x, need) == need;
            free(u8);
            u8 = x;
            n8 = (int)need;
            if (ok && wide) { /* back to UTF-16 */
                int nw = MultiByteToWideChar(CP_UTF8, 0, u8, n8, NULL, 0);
                WCHAR *again = nw > 0 ? malloc((size_t)nw * sizeof(WCHAR)) : NULL;
                ok = again && MultiByteToWideChar(CP_UTF8, 0, u8, n8, again, nw) == nw;
                free(w);
                w = again;
                units = ok ? (size_t)nw : 0;
            }
        }
    }
    if (ok && wide) {
        *out = (BYTE *)w;
        *size = (DWORD)(units * sizeof(WCHAR));
        w = NULL;
    } else if (ok) {
        *out = (BYTE *)u8;
        *size = (DWORD)n8;
        u8 = NULL;
    }
    free(w);
    free(u8);
    SetLastError(saved);
    return ok;
}

static LSTATUS get_value(HKEY key, const char *sub, const char *name, DWORD flags, LPDWORD ptype, void *out,
                         LPDWORD size, bool wide) {
    if ((out && !size) || ((flags & RRF_RT_ANY) == RRF_RT_REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)))
        return ERROR_INVALID_PARAMETER;
    if ((size && !ms_probe_write(size, sizeof *size)) || (ptype && !ms_probe_write(ptype, sizeof *ptype)))
        return ERROR_NOACCESS;
    DWORD cap = size ? *size : 0;
    HKEY h = key;
    LSTATUS r = ERROR_SUCCESS;
    if (sub && *sub) r = RegOpenKeyExA(key, sub, 0, KEY_QUERY_VALUE, &h);
    bool opened = sub && *sub && r == ERROR_SUCCESS;
    DWORD type = 0, stored = 0, need = 0;
    BYTE *raw = NULL, *res = NULL;
    if (r == ERROR_SUCCESS) r = read_value(h, name, &type, &raw, &stored);
    if (opened) RegCloseKey(h);
    if (r == ERROR_SUCCESS) {
        bool expand = type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND);
        if (!is_text(type)) {
            res = raw, raw = NULL, need = stored;
        } else if (!text_out(raw, stored, expand, wide, &res, &need)) {
            r = ERROR_NOT_ENOUGH_MEMORY;
        }
        if (expand) type = REG_SZ; /* what the caller gets is expanded text */
        if (r == ERROR_SUCCESS && !(flags & rrf_bit(type))) r = ERROR_UNSUPPORTED_TYPE;
    }
    if (r == ERROR_SUCCESS) {
        if (ptype) *ptype = type;
        if (out && cap < need)
            r = ERROR_MORE_DATA;
        else if (out && need && !ms_probe_write(out, need))
            r = ERROR_NOACCESS;
        else if (out && need)
            memcpy(out, res, need);
        if (size && r != ERROR_NOACCESS) *size = need;
    }
    if (r != ERROR_SUCCESS && out && cap && (flags & RRF_ZEROONFAILURE) && ms_probe_write(out, cap))
        memset(out, 0, cap);
    free(raw);
    free(res);
    return r;
}

LSTATUS RegGetValueA(HKEY key, LPCSTR sub, LPCSTR name, DWORD flags, LPDWORD type, PVOID data, LPDWORD size) {
    return get_value(key, sub, name, flags, type, data, size, false);
}

LSTATUS RegGetValueW(HKEY key, LPCWSTR sub, LPCWSTR name, DWORD flags, LPDWORD type, PVOID data, LPDWORD size) {
    char sub8[1024], name8[512];
    if (!ms_wide_name(sub, sub8, sizeof sub8) || !ms_wide_name(name, name8, sizeof name8)) return ERROR_FILE_NOT_FOUND;
    return get_value(key, sub ? sub8 : NULL, name ? name8 : NULL, flags, type, data, size, true);
}
