/*
 * sysinfo.c: what a run records about where and with what it ran (sysinfo.h), so that a
 * report and a submission bundle (`wfpcert pack`) say which tool, host, driver and waivers
 * produced the verdict without the vendor writing it down by hand.
 *
 * The host part has one branch per system; it includes no Winsock header (case.h's
 * declarations clash with POSIX ones), only what it needs.
 */
#if !defined(_WIN32)
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include "sysinfo.h"
#include "config.h"
#include "select.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#include <windows.h>
#else
#include <sys/utsname.h>
#include <unistd.h>
#endif

#ifndef WFPCERT_VERSION
#define WFPCERT_VERSION "0.0.0"
#endif
#ifndef WFPCERT_BUILD_TYPE
#define WFPCERT_BUILD_TYPE ""
#endif

extern const char wc_build_commit[]; /* build_commit.c, written by cmake/commit.cmake */
size_t wc_catalogue_size(void); /* case.h, whose Winsock declarations cannot come here */

static char *tool_build(void) {
#if defined(__clang__)
    const char *cc = "clang " __clang_version__;
#elif defined(__GNUC__)
    const char *cc = "gcc " __VERSION__;
#else
    const char *cc = "unknown compiler";
#endif
#if defined(__SANITIZE_ADDRESS__)
    const char *san = ", AddressSanitizer";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    const char *san = ", AddressSanitizer";
#else
    const char *san = "";
#endif
#else
    const char *san = "";
#endif
    return wr_strfmt("%s, %s%s, %u-bit", cc, *WFPCERT_BUILD_TYPE ? WFPCERT_BUILD_TYPE : "no build type", san,
                     (unsigned)(sizeof(void *) * 8));
}

#if defined(_WIN32)
static void host(wr_sysinfo *si) {
    /* RtlGetVersion tells the truth where GetVersionEx is shimmed to the manifest's version. */
    typedef LONG(WINAPI * rtl_get_version)(OSVERSIONINFOW *);
    OSVERSIONINFOW v;
    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    HMODULE nt = GetModuleHandleW(L"ntdll.dll");
    rtl_get_version fn = nt ? (rtl_get_version)(void (*)(void))GetProcAddress(nt, "RtlGetVersion") : NULL;
    if (fn && fn(&v) == 0) {
        si->host_os = wr_strfmt("Windows %lu.%lu", (unsigned long)v.dwMajorVersion, (unsigned long)v.dwMinorVersion);
        si->host_build = wr_strfmt("build %lu", (unsigned long)v.dwBuildNumber);
    } else {
        si->host_os = wr_strdup("Windows (version unknown)");
    }
    si->elevated = wc_host_elevated();
}

int wc_host_elevated(void) {
    int elevated = -1;
    HANDLE tok;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        TOKEN_ELEVATION e;
        DWORD got = 0;
        if (GetTokenInformation(tok, TokenElevation, &e, sizeof e, &got)) elevated = e.TokenIsElevated != 0;
        CloseHandle(tok);
    }
    return elevated;
}
#else
static void host(wr_sysinfo *si) {
    struct utsname u;
    if (uname(&u) == 0) {
        si->host_os = wr_strfmt("%s %s %s", u.sysname, u.release, u.machine);
        si->host_build = wr_strdup(u.version);
    } else {
        si->host_os = wr_strdup("unknown");
    }
    si->elevated = wc_host_elevated();
}

int wc_host_elevated(void) { return geteuid() == 0; }
#endif

/* The absolute form of path, so that `wfpcert pack` finds the file from any folder. */
static char *absolute(const char *path) {
#if defined(_WIN32)
    char *full = _fullpath(NULL, path, 0);
#else
    char *full = realpath(path, NULL);
#endif
    char *r = wr_strdup(full ? full : path);
    free(full);
    return r;
}

static char *hash_of(const char *path) {
    char hex[65];
    return path && wr_sha256_file(path, hex) == 0 ? wr_strdup(hex) : NULL;
}

/* A vendor's driver module loaded into the model with --callout (tools/wfpcert/callout.c
 * names it and its vendor in the environment, which worker processes inherit). */
static void model_driver(wr_sysinfo *si) {
    const char *path = getenv("WFPCERT_CALLOUT"), *vendor = getenv("WFPCERT_CALLOUT_VENDOR");
    if (!path || !*path) return;
    const char *base = strrchr(path, '/');
    si->driver = wr_strdup(base ? base + 1 : path);
    si->driver_file = wr_strdup(path);
    si->driver_sha256 = hash_of(path);
    if (!si->driver_sha256) si->driver_sha256 = wr_strdup("(the file could not be read)");
    if (vendor && *vendor) si->vendor = wr_strdup(vendor);
}

/* vendor, driver and the driver file's hash from the native target's configuration. */
static void vendor_config(wr_sysinfo *si, const char *target) {
    if (target && strncmp(target, "native", 6) != 0) model_driver(si);
    if (!target || strncmp(target, "native:", 7) != 0 || !target[7]) return;
    si->config = absolute(target + 7);
    si->config_sha256 = hash_of(si->config);
    nt_config *c = calloc(1, sizeof *c);
    char err[512];
    if (c && nt_config_load(c, si->config, err, sizeof err) == 0) {
        si->vendor = wr_strdup(c->vendor);
        if (c->driver[0]) si->driver = wr_strdup(c->driver);
        if (c->driver_version[0]) si->driver_version = wr_strdup(c->driver_version);
        if (c->driver_file[0]) {
            si->driver_file = wr_strdup(c->driver_file);
            si->driver_sha256 = hash_of(c->driver_file);
            if (!si->driver_sha256) si->driver_sha256 = wr_strdup("(the file could not be read)");
        }
    }
    free(c);
}

static void append(char **s, const char *opt, const char *v) {
    char *n = wr_strfmt("%s%s%s %s", *s ? *s : "", *s ? " " : "", opt, v);
    free(*s);
    *s = n;
}

static char *selection(const wc_settings *s) {
    char *sel = NULL;
    for (size_t i = 0; i < s->nids; i++) append(&sel, "--id", s->ids[i]);
    for (size_t i = 0; i < s->nglobs; i++) append(&sel, "--match", s->globs[i]);
    for (size_t i = 0; i < s->nexcludes; i++) append(&sel, "--exclude", s->excludes[i]);
    for (size_t i = 0; i < s->nclauses; i++) append(&sel, "--clause", s->clauses[i]);
    for (int l = 0; l < 4; l++)
        if (s->levels & (1u << l)) append(&sel, "--level", wr_level_name((wc_level)l));
    return sel;
}

/* ---- the clauses a filtered run left out ---- */

typedef struct token_set {
    char **t;
    size_t n;
} token_set;

static int has(const token_set *s, const char *tok, size_t n) {
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->t[i]) == n && strncmp(s->t[i], tok, n) == 0) return 1;
    return 0;
}

static void add_token(const char *tok, size_t n, void *ud) {
    token_set *s = ud;
    if (has(s, tok, n)) return;
    s->t = wr_xrealloc(s->t, (s->n + 1) * sizeof *s->t);
    s->t[s->n++] = wr_strfmt("%.*s", (int)n, tok);
}

static void unselected(wr_sysinfo *si, const wc_settings *s, const size_t *idx, size_t n) {
    token_set all = {0}, chosen = {0};
    size_t total = wc_catalogue_size(), k = 0;
    for (size_t i = 0; i < total; i++) {
        wr_case c;
        memset(&c, 0, sizeof c);
        wc_describe_case(&c, i, s);
        int picked = k < n && idx[k] == i; /* idx is in catalogue order */
        k += (size_t)picked;
        wr_list_tokens(c.clause, add_token, picked ? &chosen : &all);
        wr_list_tokens(c.anchor, add_token, picked ? &chosen : &all);
        wr_case_free(&c);
    }
    for (size_t i = 0; i < all.n; i++) {
        if (!has(&chosen, all.t[i], strlen(all.t[i]))) {
            si->unselected = wr_xrealloc(si->unselected, (si->nunselected + 1) * sizeof *si->unselected);
            si->unselected[si->nunselected++] = all.t[i];
        } else {
            free(all.t[i]);
        }
    }
    for (size_t i = 0; i < chosen.n; i++) free(chosen.t[i]);
    free(all.t);
    free(chosen.t);
}

const char *wc_tool_version(void) { return WFPCERT_VERSION; }
const char *wc_tool_commit(void) { return wc_build_commit[0] ? wc_build_commit : "unknown"; }

void wc_sysinfo_fill(wr_sysinfo *si, const wc_settings *s, const size_t *idx, size_t n, size_t nwaivers) {
    si->version = wr_strdup(wc_tool_version());
    si->commit = wr_strdup(wc_tool_commit());
    si->tool_build = tool_build();
    host(si);
    vendor_config(si, s->target);
    if (s->expect_file) {
        si->expectations_file = absolute(s->expect_file);
        si->expectations_sha256 = hash_of(s->expect_file);
    }
    si->nwaivers = nwaivers;
    si->selection = selection(s);
    if (si->selection) unselected(si, s, idx, n);
}
