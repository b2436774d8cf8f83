/*
 * env_calls.c: the process's environment, command line, folders and string lengths the kernel32
 * way: GetEnvironmentVariableA/W, SetEnvironmentVariableA/W, ExpandEnvironmentStringsA/W,
 * GetCommandLineA/W, GetTempPathA/W, GetCurrentDirectoryA/W and lstrlenA/W.
 *
 * Why: a service reads its listen port or its log level from the environment at start-up, and
 * older code measures strings with lstrlen; without these names such a program does not link
 * against the model.  They are the process's, not a world's, and need no WSAStartup.
 *
 * Behaviour, from learn.microsoft.com ("GetEnvironmentVariable function", "SetEnvironmentVariable
 * function", "lstrlenA function", and .NET's "Environment.GetEnvironmentVariable": names "aren't
 * case-sensitive on Windows"):
 *   GetEnvironmentVariable  the characters copied, without the terminator; a buffer too small
 *       gets nothing and the answer is the size needed, terminator included; a name not there
 *       is 0 with ERROR_ENVVAR_NOT_FOUND.  Names match without regard to case.
 *   SetEnvironmentVariable  sets the variable (replacing one whose name differs only in case),
 *       or with lpValue NULL deletes it; a name with '=' or empty: ERROR_INVALID_PARAMETER.
 *       The W forms take UTF-16 and store UTF-8 (the process's code page, text_calls.c).
 *   GetTempPath  "the first path found": TMP, TEMP, then (on Linux, where there is no
 *       USERPROFILE or Windows folder) TMPDIR and /tmp; it ends with a separator and is not
 *       checked to exist ("GetTempPath2A function" remarks).  GetCurrentDirectory  the process's
 *       working folder.  Both answer the characters copied without the terminator, and for a
 *       buffer too small (or NULL) the size needed with it, the buffer left as it was.  The
 *       paths are the host's, '/' and all: CreateFile takes them, and a backslash a program
 *       appends is read as a slash (file_calls.c).
 *   ExpandEnvironmentStrings  each %NAME% of a variable that is set becomes its value (names
 *       without regard to case); an unset name and a lone '%' stay as written; the answer is the
 *       characters stored with the terminator, or for a buffer too small (or NULL) the size
 *       needed, the buffer left as it was ("ExpandEnvironmentStringsA function").
 *   lstrlenA/W  the characters before the terminator; NULL is 0.
 */
#include "../net/net.h"
#include "../kernel/mutex.h"
#include "text.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

extern char **environ;
static pthread_mutex_t env_mu = MS_MUTEX_INITIALIZER;

/* The environ entry whose name equals name without regard to case, or NULL (under env_mu). */
static const char *find(const char *name, size_t *name_len) {
    size_t n = strlen(name);
    for (char **e = environ; e && *e; e++)
        if (!strncasecmp(*e, name, n) && (*e)[n] == '=') {
            *name_len = n;
            return *e;
        }
    return NULL;
}

static bool valid_name(const char *name) { return name && *name && !strchr(name, '='); }

DWORD GetEnvironmentVariableA(LPCSTR name, LPSTR buf, DWORD size) {
    if (!valid_name(name)) {
        ms_set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    ms_mutex_lock(&env_mu);
    size_t nl = 0;
    const char *e = find(name, &nl);
    DWORD r = 0, err = 0;
    if (!e) {
        err = ERROR_ENVVAR_NOT_FOUND;
    } else {
        size_t len = strlen(e + nl + 1);
        if (len + 1 > size || !buf) {
            r = (DWORD)(len + 1);
        } else {
            memcpy(buf, e + nl + 1, len + 1);
            r = (DWORD)len;
        }
    }
    ms_mutex_unlock(&env_mu);
    if (err) ms_set_last_error(err);
    return r;
}

BOOL SetEnvironmentVariableA(LPCSTR name, LPCSTR value) {
    if (!valid_name(name)) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_mutex_lock(&env_mu);
    size_t nl = 0;
    const char *e = find(name, &nl);
    char *old = NULL;
    if (e && (old = malloc(nl + 1))) {
        memcpy(old, e, nl);
        old[nl] = 0;
        unsetenv(old); /* the name in its old case goes; the new one takes its place */
    }
    free(old);
    int rc = value ? setenv(name, value, 1) : 0;
    ms_mutex_unlock(&env_mu);
    if (rc) {
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

/* UTF-16 to UTF-8 in out (cap bytes); false when it does not convert or fit. */
static bool narrow(const WCHAR *in, char *out, int cap) {
    return in && WideCharToMultiByte(CP_UTF8, 0, in, -1, out, cap, NULL, NULL) > 0;
}

#define ENV_TEXT_MAX 32768 /* "The maximum size of a user-defined environment variable is 32,767 characters" */

/* A name in UTF-8 in memory of its own (free it), or NULL: no name, or none that converts.  A
 * name is bounded only by the block's 32,767 characters, not by a buffer of the model's. */
static char *narrow_name(const WCHAR *in) {
    int n = in ? WideCharToMultiByte(CP_UTF8, 0, in, -1, NULL, 0, NULL, NULL) : 0;
    char *out = n > 0 ? malloc((size_t)n) : NULL;
    if (out && WideCharToMultiByte(CP_UTF8, 0, in, -1, out, n, NULL, NULL) <= 0) {
        free(out);
        out = NULL;
    }
    return out;
}

DWORD GetEnvironmentVariableW(const WCHAR *name, LPWSTR buf, DWORD size) {
    char *n8 = narrow_name(name);
    char *v8 = n8 ? malloc(4 * ENV_TEXT_MAX) : NULL;
    if (!v8) {
        ms_set_last_error(n8 ? ERROR_NOT_ENOUGH_MEMORY : ERROR_ENVVAR_NOT_FOUND);
        free(n8);
        return 0;
    }
    DWORD r = GetEnvironmentVariableA(n8, v8, 4 * ENV_TEXT_MAX);
    if (r && r < 4 * ENV_TEXT_MAX) {
        int need = MultiByteToWideChar(CP_UTF8, 0, v8, -1, NULL, 0); /* terminator included */
        if (need <= 0 || (DWORD)need > size || !buf) {
            r = need > 0 ? (DWORD)need : 0;
        } else {
            MultiByteToWideChar(CP_UTF8, 0, v8, -1, buf, need);
            r = (DWORD)(need - 1);
        }
    } else if (r) {
        r = 0;
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    }
    free(v8);
    free(n8);
    return r;
}

BOOL SetEnvironmentVariableW(const WCHAR *name, const WCHAR *value) {
    char *n8 = narrow_name(name);
    if (!n8) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    char *v8 = value ? malloc(4 * ENV_TEXT_MAX) : NULL;
    BOOL ok = !value || (v8 && narrow(value, v8, 4 * ENV_TEXT_MAX));
    if (ok)
        ok = SetEnvironmentVariableA(n8, v8);
    else
        ms_set_last_error(v8 ? ERROR_INVALID_PARAMETER : ERROR_NOT_ENOUGH_MEMORY);
    free(v8);
    free(n8);
    return ok;
}

/* ---- ExpandEnvironmentStrings ("ExpandEnvironmentStringsA function") ---- */

typedef struct text_buf {
    char *p;
    size_t len, cap;
    bool failed;
} text_buf;

static void append(text_buf *t, const char *s, size_t n) {
    if (t->failed) return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *p = realloc(t->p, cap);
        if (!p) {
            t->failed = true;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = 0;
}

/* src with each %NAME% of a variable that is set replaced by its value, the name matched without
 * regard to case; a name not set, and a '%' without a closing one, stay as written.  A new UTF-8
 * text (free it), or NULL without memory. */
static char *expand(const char *src) {
    text_buf t = {NULL, 0, 0, false};
    append(&t, "", 0);
    ms_mutex_lock(&env_mu);
    for (const char *p = src; *p && !t.failed;) {
        const char *end = *p == '%' ? strchr(p + 1, '%') : NULL;
        if (!end || end == p + 1) {
            append(&t, p, 1);
            p++;
            continue;
        }
        char *name = strndup(p + 1, (size_t)(end - p - 1));
        size_t nl = 0;
        const char *e = name && valid_name(name) ? find(name, &nl) : NULL;
        if (e)
            append(&t, e + nl + 1, strlen(e + nl + 1));
        else
            append(&t, p, (size_t)(end - p) + 1);
        t.failed |= name == NULL;
        free(name);
        p = end + 1;
    }
    ms_mutex_unlock(&env_mu);
    if (t.failed) {
        free(t.p);
        return NULL;
    }
    return t.p;
}

DWORD ExpandEnvironmentStringsA(LPCSTR src, LPSTR dst, DWORD size) {
    if (!src) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    char *out = expand(src);
    if (!out) {
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD need = (DWORD)strlen(out) + 1; /* characters, terminator included */
    if (dst && size >= need && ms_probe_write(dst, need)) memcpy(dst, out, need);
    free(out);
    return need;
}

DWORD ExpandEnvironmentStringsW(LPCWSTR src, LPWSTR dst, DWORD size) {
    char *src8 = src ? malloc(4 * ENV_TEXT_MAX) : NULL;
    char *out = src8 && ms_wide_name(src, src8, 4 * ENV_TEXT_MAX) ? expand(src8) : NULL;
    free(src8);
    if (!out) {
        ms_set_last_error(src ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER);
        return 0;
    }
    int need = MultiByteToWideChar(CP_UTF8, 0, out, -1, NULL, 0); /* terminator included */
    if (need > 0 && dst && size >= (DWORD)need && ms_probe_write(dst, (size_t)need * sizeof(WCHAR)))
        MultiByteToWideChar(CP_UTF8, 0, out, -1, dst, need);
    free(out);
    return need > 0 ? (DWORD)need : 0;
}

int lstrlenA(LPCSTR s) { return s ? (int)strlen(s) : 0; }

int lstrlenW(const WCHAR *w) {
    int n = 0;
    while (w && w[n]) n++;
    return n;
}

LPSTR lstrcpyA(LPSTR lpString1, LPCSTR lpString2) {
    if (!lpString1 || !lpString2) return NULL;
    return strcpy(lpString1, lpString2);
}

LPSTR lstrcatA(LPSTR lpString1, LPCSTR lpString2) {
    if (!lpString1 || !lpString2) return NULL;
    return strcat(lpString1, lpString2);
}

/* "GetCommandLineA function": the process's command line as one string, the same buffer for
 * the life of the process; each argument quoted when it holds a space or a tab, as a program's
 * own quoting would have it. */
static char cmdline[4096];
static WCHAR cmdline_w[4096];
static pthread_once_t cmdline_once = PTHREAD_ONCE_INIT;

static void read_cmdline(void) {
    FILE *f = fopen("/proc/self/cmdline", "rb");
    char raw[4096];
    size_t n = f ? fread(raw, 1, sizeof raw - 1, f) : 0;
    if (f) fclose(f);
    raw[n] = 0;
    size_t out = 0;
    for (size_t i = 0; i < n && out + 4 < sizeof cmdline;) {
        const char *arg = raw + i;
        size_t len = strlen(arg);
        bool quote = !len || strpbrk(arg, " \t") != NULL;
        if (out) cmdline[out++] = ' ';
        if (quote) cmdline[out++] = '"';
        for (size_t k = 0; k < len && out + 3 < sizeof cmdline; k++) cmdline[out++] = arg[k];
        if (quote) cmdline[out++] = '"';
        i += len + 1;
    }
    cmdline[out] = 0;
    if (!MultiByteToWideChar(CP_UTF8, 0, cmdline, -1, cmdline_w, (int)(sizeof cmdline_w / sizeof cmdline_w[0])))
        cmdline_w[0] = 0;
}

LPSTR GetCommandLineA(void) {
    pthread_once(&cmdline_once, read_cmdline);
    return cmdline;
}

LPWSTR GetCommandLineW(void) {
    pthread_once(&cmdline_once, read_cmdline);
    return cmdline_w;
}

/* ---- the temporary and the working folder ---- */

/* path into buf the GetTempPath way: its length, or the size needed (terminator included) when
 * buf is NULL or too small; 0 with ERROR_NOACCESS for a buffer that cannot be written. */
static DWORD put_path(const char *path, LPSTR buf, DWORD size) {
    size_t n = strlen(path);
    if (!buf || size < n + 1) return (DWORD)(n + 1);
    if (!ms_probe_write(buf, n + 1)) {
        ms_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    memcpy(buf, path, n + 1);
    return (DWORD)n;
}

/* The same in UTF-16, counted in WCHARs. */
static DWORD put_path_w(const char *path, LPWSTR buf, DWORD size) {
    DWORD saved = GetLastError();
    int need = MultiByteToWideChar(CP_UTF8, 0, path, -1, NULL, 0); /* terminator included */
    SetLastError(saved);
    if (need <= 0) return 0;
    if (!buf || size < (DWORD)need) return (DWORD)need;
    if (!ms_probe_write(buf, (size_t)need * sizeof *buf)) {
        ms_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    MultiByteToWideChar(CP_UTF8, 0, path, -1, buf, need);
    SetLastError(saved);
    return (DWORD)need - 1;
}

/* The temporary folder, with its separator, in out. */
static void temp_folder(char *out, size_t cap) {
    static const char *const vars[] = {"TMP", "TEMP", "TMPDIR"};
    const char *dir = NULL;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !dir; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) dir = v;
    }
    if (!dir) dir = "/tmp";
    size_t n = strlen(dir);
    bool sep = n && (dir[n - 1] == '/' || dir[n - 1] == '\\');
    snprintf(out, cap, "%s%s", dir, sep ? "" : "/");
}

DWORD GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer) {
    char dir[PATH_MAX + 2];
    temp_folder(dir, sizeof dir);
    return put_path(dir, lpBuffer, nBufferLength);
}

DWORD GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer) {
    char dir[PATH_MAX + 2];
    temp_folder(dir, sizeof dir);
    return put_path_w(dir, lpBuffer, nBufferLength);
}

/* The working folder in dir; false, with the last error set, when the host has none to give. */
static bool working_folder(char *dir, size_t cap) {
    if (getcwd(dir, cap)) return true;
    ms_set_last_error(ERROR_FILE_NOT_FOUND);
    return false;
}

DWORD GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer) {
    char dir[PATH_MAX];
    return working_folder(dir, sizeof dir) ? put_path(dir, lpBuffer, nBufferLength) : 0;
}

DWORD GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer) {
    char dir[PATH_MAX];
    return working_folder(dir, sizeof dir) ? put_path_w(dir, lpBuffer, nBufferLength) : 0;
}
