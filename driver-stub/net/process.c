/*
 * process.c: the processes model sockets belong to (issue 13, section 4).
 *
 * A socket belongs to the process current when it was created (an accepted one to its
 * listener's).  A process has what a callout can see of it on Windows: its PID (the
 * PROCESS_ID metadata of a classify), its image path as an application id (ALE_APP_ID and
 * the PROCESS_PATH metadata: the NT path of the image in lower-case UTF-16 with its
 * terminator, what FwpmGetAppIdFromFileName0 gives a service for the same file) and its
 * token's elevation (what SIO_SET checks, A54).
 *
 * Why: a vendor's callout exempts its own proxy's PID and matches the applications it
 * proxies by image path.  With every socket in one process neither can be exercised, and a
 * proxy that relies on "never redirect our own PID" loops.  Two processes always exist: the
 * caller's own (MS_PID_SELF, the proxy of a case) and the redirected application
 * (MS_PID_CLIENT); their elevation is the world's caller privilege (wt_set_elevated).
 */
#include "net.h"
#include "../kernel/heap.h"

#include <stdio.h>
#include <string.h>

#define MAX_PATH_CHARS (MAX_PATH - 1) /* the terminator is counted in MAX_PATH */

typedef struct ms_process {
    DWORD pid;
    bool elevated;
    bool caller_privilege; /* follows the world's caller privilege (the two built-in processes) */
    uint8_t *app_id;
    size_t app_id_len;
} ms_process;

struct ms_processes {
    ms_process p[MS_MAX_PROCESSES];
    int n;
};

static const char self_path[] = "C:\\Program Files\\wfpcert\\model-proxy.exe";
static const char client_path[] = "C:\\Program Files\\wfpcert\\model-app.exe";

const char *ms_process_self_image(void) { return self_path; }

/* "X:\dir\file.exe" becomes \device\harddiskvolumeN\dir\file.exe (C: is volume 1, D: 2, ...);
 * a path that is already an NT path ("\device\...") is kept.  Lower case, '/' taken as '\'. */
MS_NO_COV int ms_app_id_from_path(const char *path, uint8_t *out, size_t cap, size_t *len) {
    char nt[64 + MAX_PATH_CHARS + 1];
    size_t n = 0;
    if (!path) return -1;
    size_t plen = strlen(path);
    if (plen > MAX_PATH_CHARS) return -1;
    if (((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':' &&
        (path[2] == '\\' || path[2] == '/') && path[3]) {
        int volume = (path[0] | 0x20) - 'c' + 1;
        if (volume < 1) return -1; /* A: and B: are no hard disk volumes */
        n = (size_t)snprintf(nt, sizeof nt, "\\device\\harddiskvolume%d", volume);
        path += 2;
    } else if (strncmp(path, "\\device\\", 8) != 0 || !path[8]) {
        return -1; /* relative, UNC or empty: FwpmGetAppIdFromFileName0 would not find the file */
    }
    for (; *path; path++) {
        char c = *path == '/' ? '\\' : *path;
        if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e) return -1; /* the model's paths are ASCII */
        nt[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    nt[n++] = 0;
    *len = 2 * n;
    if (out) {
        if (cap < 2 * n) return -1;
        for (size_t i = 0; i < n; i++) out[2 * i] = (uint8_t)nt[i], out[2 * i + 1] = 0;
    }
    return 0;
}

MS_NO_COV static int add(ms_processes *ps, DWORD pid, const char *path, bool elevated, bool caller_privilege) {
    size_t len;
    if (ps->n == MS_MAX_PROCESSES || ms_app_id_from_path(path, NULL, 0, &len)) return -1;
    ms_process *p = &ps->p[ps->n];
    p->app_id = ms_malloc(len);
    if (!p->app_id) return -1;
    ms_app_id_from_path(path, p->app_id, len, &p->app_id_len);
    p->pid = pid;
    p->elevated = elevated;
    p->caller_privilege = caller_privilege;
    ps->n++;
    return 0;
}

ms_processes *ms_processes_new(void) {
    ms_processes *ps = ms_calloc(1, sizeof *ps);
    if (ps && (add(ps, MS_PID_SELF, self_path, true, true) || add(ps, MS_PID_CLIENT, client_path, true, true))) {
        ms_processes_free(ps);
        return NULL;
    }
    return ps;
}

void ms_processes_free(ms_processes *ps) {
    if (!ps) return;
    for (int i = 0; i < ps->n; i++) ms_free(ps->p[i].app_id);
    ms_free(ps);
}

MS_NO_COV static const ms_process *find(const ms_processes *ps, DWORD pid) {
    for (int i = 0; ps && i < ps->n; i++)
        if (ps->p[i].pid == pid) return &ps->p[i];
    return NULL;
}

int ms_process_create(ms_processes *ps, const char *image_path, bool elevated, DWORD *pid) {
    if (ms_app_id_from_path(image_path, NULL, 0, &(size_t){0})) return WSAEINVAL;
    if (ps->n == MS_MAX_PROCESSES) return WSAEMFILE;
    /* Windows PIDs are multiples of 4; these stay clear of the two built-in ones. */
    DWORD id = 5000 + 4 * (DWORD)ps->n;
    if (add(ps, id, image_path, elevated, false)) return WSAENOBUFS;
    *pid = id;
    return 0;
}

bool ms_process_exists(const ms_processes *ps, DWORD pid) { return find(ps, pid) != NULL; }

const uint8_t *ms_process_app_id(const ms_processes *ps, DWORD pid, size_t *len) {
    const ms_process *p = find(ps, pid);
    *len = p ? p->app_id_len : 0;
    return p ? p->app_id : NULL;
}

bool ms_process_elevated(const ms_processes *ps, DWORD pid, bool caller_privilege) {
    const ms_process *p = find(ps, pid);
    if (!p || p->caller_privilege) return caller_privilege;
    return p->elevated;
}
