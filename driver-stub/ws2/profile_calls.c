/*
 * profile_calls.c: the .ini file calls older Windows services read and write their settings with:
 * GetPrivateProfileStringA/W, GetPrivateProfileIntA/W and WritePrivateProfileStringA/W.
 *
 * Why: a proxy or a tool of the 2000s keeps its listen port and upstream in vendor.ini next to
 * itself; without these names it does not link against the model.
 *
 * Behaviour, from learn.microsoft.com ("GetPrivateProfileString function",
 * "GetPrivateProfileInt function", "WritePrivateProfileString function"):
 *   the file  "[section]" lines open a section, "key=value" lines follow; section and key names
 *       match without regard to case; blanks around names and values do not count; a value in
 *       single or double quotes is given without them; a line starting with ';' is a comment.  A
 *       name without a folder is looked up in the current folder (the model has no Windows
 *       folder; the model's choice), a backslash is a slash.
 *   GetPrivateProfileString  the value, or lpDefault (NULL: "") without its trailing blanks when
 *       the key or the file is not there (then the last error ERROR_FILE_NOT_FOUND for a file
 *       that is not there); the characters copied without the terminator; a value that does not
 *       fit is cut and terminated, the answer nSize - 1.  lpKeyName NULL gives the section's key
 *       names, lpAppName NULL the section names, each terminated and the list ended by a second
 *       terminator; a list that does not fit is cut, its last name terminated twice, the answer
 *       nSize - 2.
 *   GetPrivateProfileInt  the value's leading decimal digits (a leading '-' allowed), or
 *       nDefault when the key is not there.
 *   WritePrivateProfileString  sets the key (the file and the section made when missing, the
 *       key's line replaced in place); lpString NULL deletes the key, lpKeyName NULL the whole
 *       section.
 */
#include "../net/net.h"
#include "../kernel/mutex.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_mutex_t profile_mu = MS_MUTEX_INITIALIZER; /* one writer at a time, as the system's */

static bool host_file(const char *name, char *out, size_t cap) {
    size_t n = strlen(name);
    if (!n || n >= cap) return false;
    for (size_t i = 0; i <= n; i++) out[i] = name[i] == '\\' ? '/' : name[i];
    return true;
}

/* The whole file, NUL-terminated (free it); NULL when it cannot be read. */
static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (size_t r; buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += r;
        if (n + 1 == cap) {
            char *more = realloc(buf, cap *= 2);
            if (!more) {
                free(buf);
                buf = NULL;
            }
            buf = more;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    return buf;
}

/* [s, e) without blanks at either end. */
static void trim(const char **s, const char **e) {
    while (*s < *e && isspace((unsigned char)**s)) (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1])) (*e)--;
}

static bool same(const char *s, const char *e, const char *name) {
    return (size_t)(e - s) == strlen(name) && strncasecmp(s, name, (size_t)(e - s)) == 0;
}

/* One line of the file: a section's name, or a key and its value, or neither. */
typedef struct line {
    const char *start, *next; /* the line and the one after it */
    const char *sec, *sec_end;
    const char *key, *key_end, *val, *val_end;
} line;

static bool next_line(const char **p, line *l) {
    if (!**p) return false;
    memset(l, 0, sizeof *l);
    l->start = *p;
    const char *e = strchr(*p, '\n');
    l->next = e ? e + 1 : *p + strlen(*p);
    if (!e) e = l->next;
    const char *s = *p;
    trim(&s, &e);
    *p = l->next;
    if (s < e && *s == '[') {
        const char *close = memchr(s, ']', (size_t)(e - s));
        l->sec = s + 1;
        l->sec_end = close ? close : e;
        trim(&l->sec, &l->sec_end);
    } else if (s < e && *s != ';') {
        const char *eq = memchr(s, '=', (size_t)(e - s));
        l->key = s;
        l->key_end = eq ? eq : e;
        trim(&l->key, &l->key_end);
        l->val = eq ? eq + 1 : e;
        l->val_end = e;
        trim(&l->val, &l->val_end);
        if (l->val_end - l->val >= 2 && (*l->val == '"' || *l->val == '\'') && l->val_end[-1] == *l->val)
            l->val++, l->val_end--; /* the quotes are not part of the value */
    }
    return true;
}

/* Appends name (len bytes) and its terminator to a list in out[0..size); false once full. */
static bool list_add(char *out, DWORD size, DWORD *n, const char *name, size_t len) {
    if (*n + len + 2 > size) {
        size_t room = size > *n + 2 ? size - *n - 2 : 0;
        memcpy(out + *n, name, room);
        *n += (DWORD)room;
        return false;
    }
    memcpy(out + *n, name, len);
    *n += (DWORD)len;
    out[(*n)++] = '\0';
    return true;
}

DWORD GetPrivateProfileStringA(LPCSTR app, LPCSTR key, LPCSTR dflt, LPSTR out, DWORD size, LPCSTR file) {
    char path[PATH_MAX];
    if (!out || !size || !file || !host_file(file, path, sizeof path)) return 0;
    if (!ms_probe_write(out, size)) return 0;
    ms_mutex_lock(&profile_mu);
    char *text = read_all(path);
    int err = errno;
    ms_mutex_unlock(&profile_mu);
    DWORD n = 0;
    if (!app || !key) { /* a list: the section names, or the section's key names */
        bool in = false, full = false;
        const char *p = text ? text : "";
        line l;
        while (!full && next_line(&p, &l)) {
            if (l.sec) {
                in = app && same(l.sec, l.sec_end, app);
                if (!app) full = !list_add(out, size, &n, l.sec, (size_t)(l.sec_end - l.sec));
            } else if (app && in && l.key && l.key < l.key_end) {
                full = !list_add(out, size, &n, l.key, (size_t)(l.key_end - l.key));
            }
        }
        if (size >= 2 && full) { /* cut: the last name terminated twice */
            out[size - 2] = out[size - 1] = '\0';
            n = size - 2;
        } else if (n < size) {
            out[n] = '\0';
        }
        free(text);
        if (!text) ms_set_last_error(ERROR_FILE_NOT_FOUND);
        return full ? size - 2 : n;
    }
    const char *v = NULL, *ve = NULL;
    bool in = false;
    const char *p = text ? text : "";
    line l;
    while (!v && next_line(&p, &l)) {
        if (l.sec)
            in = same(l.sec, l.sec_end, app);
        else if (in && l.key && same(l.key, l.key_end, key))
            v = l.val, ve = l.val_end;
    }
    if (!v) { /* the default, without its trailing blanks */
        v = dflt ? dflt : "";
        ve = v + strlen(v);
        while (ve > v && ve[-1] == ' ') ve--;
    }
    size_t len = (size_t)(ve - v);
    n = len < size - 1 ? (DWORD)len : size - 1;
    memcpy(out, v, n);
    out[n] = '\0';
    free(text);
    if (!text) ms_set_last_error(err == ENOENT ? ERROR_FILE_NOT_FOUND : ERROR_ACCESS_DENIED);
    return n;
}

UINT GetPrivateProfileIntA(LPCSTR app, LPCSTR key, INT dflt, LPCSTR file) {
    char value[64], none[] = "\x01";
    DWORD n = GetPrivateProfileStringA(app, key, none, value, sizeof value, file);
    if (n == 1 && value[0] == '\x01') return (UINT)dflt;
    return (UINT)strtol(value, NULL, 10);
}

/* The file's text with the key set (or deleted, or its section deleted); a new block. */
static char *rewrite(const char *text, const char *app, const char *key, const char *value) {
    size_t cap = strlen(text) + strlen(app) + (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 16;
    char *out = malloc(cap), *o = out;
    if (!out) return NULL;
    bool in = false, found_sec = false, done = false;
    const char *p = text;
    line l;
    while (next_line(&p, &l)) {
        bool keep = true;
        if (l.sec) {
            if (in && !done && key && value) { /* the key was not in its section: add it at its end */
                o += sprintf(o, "%s=%s\n", key, value);
                done = true;
            }
            in = same(l.sec, l.sec_end, app);
            found_sec |= in;
            if (in && !key) keep = false;
        } else if (in && !key) {
            keep = false;
        } else if (in && l.key && same(l.key, l.key_end, key) && !done) {
            keep = false;
            if (value) o += sprintf(o, "%s=%s\n", key, value);
            done = true;
        }
        if (keep) {
            memcpy(o, l.start, (size_t)(l.next - l.start));
            o += l.next - l.start;
            if (o > out && o[-1] != '\n') *o++ = '\n';
        }
    }
    if (!done && key && value && found_sec) /* its section ends the file */
        o += sprintf(o, "%s=%s\n", key, value);
    else if (!done && key && value)
        o += sprintf(o, "[%s]\n%s=%s\n", app, key, value);
    *o = '\0';
    return out;
}

BOOL WritePrivateProfileStringA(LPCSTR app, LPCSTR key, LPCSTR value, LPCSTR file) {
    char path[PATH_MAX];
    if (!app || !file || !host_file(file, path, sizeof path)) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_mutex_lock(&profile_mu);
    char *text = read_all(path);
    char *out = rewrite(text ? text : "", app, key, value);
    FILE *f = out ? fopen(path, "wb") : NULL;
    bool ok = f && fputs(out, f) >= 0;
    if (f && fclose(f)) ok = false;
    ms_mutex_unlock(&profile_mu);
    free(text);
    free(out);
    if (!ok) ms_set_last_error(out ? ERROR_ACCESS_DENIED : ERROR_NOT_ENOUGH_MEMORY);
    return ok;
}

/* ------------------------------------------------------------------ W forms */
/* The W forms are the A ones on UTF-8 names (the file's text is UTF-8 too), with their answers'
 * sizes counted in UTF-16 units: the same cuts at nSize - 1 and nSize - 2 as the A forms. */
#define PROFILE_NAME_MAX 1024
#define PROFILE_TEXT_MAX 32768

/* A W name as UTF-8 in buf; NULL for NULL (a list is asked for) or a name too long. */
static const char *narrow(LPCWSTR in, char *buf, bool *bad) {
    if (!in) return NULL;
    if (ms_wide_name(in, buf, PROFILE_NAME_MAX)) return buf;
    *bad = true;
    return NULL;
}

DWORD GetPrivateProfileStringW(LPCWSTR app, LPCWSTR key, LPCWSTR dflt, LPWSTR out, DWORD size, LPCWSTR file) {
    char a[PROFILE_NAME_MAX], k[PROFILE_NAME_MAX], d[PROFILE_NAME_MAX], f[PROFILE_NAME_MAX];
    bool bad = false;
    const char *an = narrow(app, a, &bad), *kn = narrow(key, k, &bad), *dn = narrow(dflt, d, &bad),
               *fn = narrow(file, f, &bad);
    if (bad || !out || !size || !fn || !ms_probe_write(out, (size_t)size * sizeof *out)) return 0;
    char *text = malloc(PROFILE_TEXT_MAX);
    if (!text) return 0;
    /* the whole answer, its terminator included (a list's names each end with one too) */
    DWORD n = GetPrivateProfileStringA(an, kn, dn, text, PROFILE_TEXT_MAX, fn);
    DWORD saved = GetLastError();
    int units = MultiByteToWideChar(CP_UTF8, 0, text, (int)n + 1, NULL, 0);
    WCHAR *w = units > 0 ? malloc((size_t)units * sizeof *w) : NULL;
    DWORD len = w && MultiByteToWideChar(CP_UTF8, 0, text, (int)n + 1, w, units) == units ? (DWORD)units - 1 : 0;
    free(text);
    bool list = !app || !key;
    DWORD r = !list || len + 1 <= size ? (len < size - 1 ? len : size - 1) : (size >= 2 ? size - 2 : 0);
    if (w) memcpy(out, w, (size_t)r * sizeof *out);
    out[r] = 0;
    if (list && len + 1 > size && size >= 2) out[size - 1] = 0; /* a list cut: its last name terminated twice */
    free(w);
    SetLastError(saved);
    return r;
}

UINT GetPrivateProfileIntW(LPCWSTR app, LPCWSTR key, INT dflt, LPCWSTR file) {
    char a[PROFILE_NAME_MAX], k[PROFILE_NAME_MAX], f[PROFILE_NAME_MAX];
    bool bad = false;
    const char *an = narrow(app, a, &bad), *kn = narrow(key, k, &bad), *fn = narrow(file, f, &bad);
    return bad ? (UINT)dflt : GetPrivateProfileIntA(an, kn, dflt, fn);
}

BOOL WritePrivateProfileStringW(LPCWSTR app, LPCWSTR key, LPCWSTR value, LPCWSTR file) {
    char a[PROFILE_NAME_MAX], k[PROFILE_NAME_MAX], v[PROFILE_NAME_MAX], f[PROFILE_NAME_MAX];
    bool bad = false;
    const char *an = narrow(app, a, &bad), *kn = narrow(key, k, &bad), *vn = narrow(value, v, &bad),
               *fn = narrow(file, f, &bad);
    if (bad) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return WritePrivateProfileStringA(an, kn, vn, fn);
}
