/*
 * lookup_calls.c: fuzz_sequence's calls that turn a text into something, each judged: a
 * function's name or ordinal into its address (LoadLibraryA, GetProcAddress), and a dotted
 * address in C notation into its value (inet_addr).
 *
 * Why: a redirect service finds WSAPoll, AcceptEx or GetQueuedCompletionStatusEx at run time
 * and logs or parses peers with inet_addr; the model implements both.  Seed 36's blind sample
 * (docs/PERFORMANCE.md, issue 16 item 4) had mutants that made GetProcAddress find nothing and
 * inet_addr read "0x7f" as no number, which certify killed and no fuzz target reached.
 *
 * Outcomes, computed here from the pages, never read back from the target (learn.microsoft.com:
 * "LoadLibraryA function", "GetProcAddress function", "inet_addr function"):
 * - LoadLibraryA of ws2_32, mswsock or kernel32 in any case, with or without ".dll": the
 *   module (FreeLibrary gives it back); GetProcAddress of a name it exports: the function,
 *   which does what its name says (WSASetLastError/SetLastError set the error the getters then
 *   read back); a name one letter off in case, or cut short: NULL with ERROR_PROC_NOT_FOUND
 *   (names are exact); an ordinal (high word zero) it does not export: NULL with
 *   ERROR_INVALID_ORDINAL or ERROR_PROC_NOT_FOUND.
 * - inet_addr of 1-4 parts, each decimal, octal (a leading 0) or hexadecimal (0x or 0X): the
 *   parts as the page's a.b.c.d, a.b.c (c 16 bits), a.b (b 24 bits) and a (32 bits) forms put
 *   them, in network order; a part too wide for its place, an empty part, a fifth part or an 8
 *   in an octal part: INADDR_NONE.  Text after a space is ignored (Wine's test_inet_addr, run
 *   on Windows, as the model's classic_calls.c records it).
 */
#include <stdio.h>
#include <string.h>

#include "wh.h"

/* ------------------------------------------------------------ module look-ups */

typedef struct module_names {
    const char *spelling[3]; /* one module, as a program may spell it */
    const char *exports[6];
} module_names;

/* Names the model's modules and Windows' both export; none is another's prefix or differs
 * from one only in case, so an edited name is exported by no module. */
static const module_names modules[] = {
    {{"ws2_32.dll", "WS2_32", "Ws2_32.Dll"},
     {"WSAPoll", "inet_ntop", "WSASetLastError", "WSAGetLastError", "getaddrinfo", "WSAEventSelect"}},
    {{"mswsock.dll", "MSWSOCK", "MsWsock.dll"}, {"AcceptEx", "GetAcceptExSockaddrs", NULL}},
    {{"kernel32.dll", "KERNEL32", "Kernel32.DLL"},
     {"GetQueuedCompletionStatusEx", "CreateIoCompletionPort", "QueueUserAPC", "SetLastError", "GetLastError", NULL}},
};

typedef void(WSAAPI *set_error_fn)(int);
typedef int(WSAAPI *get_error_fn)(void);
typedef void(WINAPI *k32_set_error_fn)(DWORD);
typedef DWORD(WINAPI *k32_get_error_fn)(void);

/* The function found for `name` does what its name says, where that is cheap to see. */
static void found_works(const char *name, FARPROC p, DWORD v) {
    DWORD got = v;
    if (!strcmp(name, "WSASetLastError")) {
        ((set_error_fn)(void (*)(void))p)((int)v);
        got = (DWORD)WSAGetLastError();
    } else if (!strcmp(name, "WSAGetLastError")) {
        WSASetLastError((int)v);
        got = (DWORD)((get_error_fn)(void (*)(void))p)();
    } else if (!strcmp(name, "SetLastError")) {
        ((k32_set_error_fn)(void (*)(void))p)(v);
        got = GetLastError();
    } else if (!strcmp(name, "GetLastError")) {
        SetLastError(v);
        got = ((k32_get_error_fn)(void (*)(void))p)();
    }
    if (got != v)
        wh_fail("S3", "%s found by GetProcAddress: the error read back is %lu, not %lu", name, (unsigned long)got,
                (unsigned long)v);
}

static void module_call(wh_ctx *x) {
    fdp *in = x->in;
    const module_names *m = &modules[wh_fdp_range(in, 0, 2)];
    const char *spelling = m->spelling[wh_fdp_range(in, 0, 2)];
    int nexports = 0;
    while (nexports < 6 && m->exports[nexports]) nexports++;
    const char *name = m->exports[wh_fdp_range(in, 0, (uint32_t)nexports - 1)];
    int how = (int)wh_fdp_range(in, 0, 3); /* 0-1 the name, 2 edited, 3 an ordinal */
    char edited[64];
    snprintf(edited, sizeof edited, "%s", name);
    size_t len = strlen(edited), at = wh_fdp_range(in, 0, (uint32_t)len - 1);
    if (how == 2 && wh_fdp_bool(in))
        edited[at ? at : 1] = 0; /* cut short (one letter at least stays) */
    else if (how == 2)
        edited[at] = (char)(edited[at] >= 'a' && edited[at] <= 'z'   ? edited[at] - 32
                            : edited[at] >= 'A' && edited[at] <= 'Z' ? edited[at] + 32
                                                                     : '#');
    WORD ordinal = (WORD)(0xF000u | wh_fdp_range(in, 0, 0xFF));
    DWORD v = 0x100u + wh_fdp_range(in, 0, 0xFF); /* an error value no call here sets itself */
    wh_t(x);
    wh_fdp_c("/* module look-ups (lookup_calls.c module_call) */");
    SetLastError(WH_STALE_ERROR);
    HMODULE h = LoadLibraryA(spelling);
    DWORD e = GetLastError();
    if (!h)
        wh_fail("S3", "LoadLibraryA(\"%s\"): NULL, error %lu; the system has the module", spelling, (unsigned long)e);
    SetLastError(WH_STALE_ERROR);
    FARPROC p;
    if (how < 2) {
        wh_fdp_step("GetProcAddress(LoadLibraryA(\"%s\"), \"%s\")", spelling, name);
        wh_fdp_c("p = GetProcAddress(LoadLibraryA(\"%s\"), \"%s\");", spelling, name);
        p = GetProcAddress(h, name);
        e = GetLastError();
        int digest[] = {3101, p != NULL};
        wh_digest_add(digest, sizeof digest);
        if (!p)
            wh_fail("S3", "GetProcAddress(%s, \"%s\"): NULL, error %lu; the module exports it", spelling, name,
                    (unsigned long)e);
        found_works(name, p, v);
        FreeLibrary(h);
        return;
    }
    if (how == 2) {
        wh_fdp_step("GetProcAddress(LoadLibraryA(\"%s\"), \"%s\")", spelling, edited);
        wh_fdp_c("p = GetProcAddress(LoadLibraryA(\"%s\"), \"%s\");", spelling, edited);
        p = GetProcAddress(h, edited);
    } else {
        wh_fdp_step("GetProcAddress(LoadLibraryA(\"%s\"), ordinal 0x%x)", spelling, (unsigned)ordinal);
        wh_fdp_c("p = GetProcAddress(LoadLibraryA(\"%s\"), (LPCSTR)(ULONG_PTR)0x%x);", spelling, (unsigned)ordinal);
        p = GetProcAddress(h, (LPCSTR)(ULONG_PTR)ordinal);
    }
    e = GetLastError();
    FreeLibrary(h);
    int digest[] = {3102, p != NULL, (int)e};
    wh_digest_add(digest, sizeof digest);
    if (how == 2 && (p || e != ERROR_PROC_NOT_FOUND))
        wh_fail("S3",
                "GetProcAddress(%s, \"%s\"): %s, error %lu; expected NULL, ERROR_PROC_NOT_FOUND (names are exact)",
                spelling, edited, p ? "found" : "NULL", (unsigned long)e);
    if (how == 3 && (p || (e != ERROR_INVALID_ORDINAL && e != ERROR_PROC_NOT_FOUND)))
        wh_fail("S3",
                "GetProcAddress(%s, ordinal 0x%x): %s, error %lu; expected NULL, ERROR_INVALID_ORDINAL or "
                "ERROR_PROC_NOT_FOUND",
                spelling, (unsigned)ordinal, p ? "found" : "NULL", (unsigned long)e);
}

/* ------------------------------------------------------------ inet_addr */

/* The widest value each part may hold when the text has n parts: the last fills what the
 * others leave. */
static uint32_t part_max(int i, int n) {
    static const uint32_t last[4] = {0xffffffffu, 0xffffffu, 0xffffu, 0xffu};
    return i < n - 1 ? 0xffu : last[n - 1];
}

static void inet_addr_call(wh_ctx *x) {
    fdp *in = x->in;
    int n = 1 + (int)wh_fdp_range(in, 0, 3);
    int flaw = (int)wh_fdp_range(in, 0, 7); /* 0-3 none; 4 trailing text; 5 empty part; 6 fifth part; 7 "08" */
    char text[96];
    size_t k = 0;
    uint32_t value = 0;
    int valid = 1;
    for (int i = 0; i < n; i++) {
        uint32_t max = part_max(i, n), v;
        if (wh_fdp_range(in, 0, 3) == 0) { /* now and then just too wide */
            v = max == 0xffffffffu ? max : max + 1 + wh_fdp_range(in, 0, 3);
            if (max != 0xffffffffu) valid = 0;
        } else {
            v = wh_fdp_range(in, 0, 0xffffffffu) % (max == 0xffffffffu ? max : max + 1);
        }
        if (i) k += (size_t)snprintf(text + k, sizeof text - k, flaw == 5 && i == n - 1 ? ".." : ".");
        switch (wh_fdp_range(in, 0, 3)) {
        case 0:
            k += (size_t)snprintf(text + k, sizeof text - k, "0%o", v);
            break;
        case 1:
            k += (size_t)snprintf(text + k, sizeof text - k, "0x%x", v);
            break;
        case 2:
            k += (size_t)snprintf(text + k, sizeof text - k, "0X%X", v);
            break;
        default:
            k += (size_t)snprintf(text + k, sizeof text - k, "%u", v);
            break;
        }
        if (valid) value |= i < n - 1 ? v << (24 - 8 * i) : v;
    }
    if (flaw == 5 && n > 1) valid = 0;
    if (flaw == 6 && n == 4) {
        k += (size_t)snprintf(text + k, sizeof text - k, ".1");
        valid = 0;
    }
    if (flaw == 7) {
        k += (size_t)snprintf(text + k, sizeof text - k, ".08");
        valid = 0;
    }
    if (flaw == 4) k += (size_t)snprintf(text + k, sizeof text - k, " 9.9"); /* ignored */
    u_long want = valid ? htonl(value) : INADDR_NONE;
    wh_t(x);
    wh_fdp_step("inet_addr(\"%s\")", text);
    wh_fdp_c("/* inet_addr of a dotted text in C notation (lookup_calls.c inet_addr_call) */");
    wh_fdp_c("r = inet_addr(\"%s\");", text);
    u_long r = inet_addr(text);
    uint32_t digest[] = {3103u, (uint32_t)r};
    wh_digest_add(digest, sizeof digest);
    if (r != want) {
        const uint8_t *a = (const uint8_t *)&r, *b = (const uint8_t *)&want;
        wh_fail("S3", "inet_addr(\"%s\"): %u.%u.%u.%u; expected %u.%u.%u.%u%s", text, a[0], a[1], a[2], a[3], b[0],
                b[1], b[2], b[3], valid ? "" : " (INADDR_NONE)");
    }
}

/* ------------------------------------------------------------ dispatch */

void wh_lookup_call(wh_ctx *x) {
    if (wh_fdp_bool(x->in))
        module_call(x);
    else
        inet_addr_call(x);
}
