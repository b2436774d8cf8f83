/*
 * startup_calls.c: what a service program asks as it starts: whether it runs as a service
 * (StartServiceCtrlDispatcher, RegisterServiceCtrlHandlerEx, SetServiceStatus), its own image
 * path and command line (GetModuleFileNameA/W, GetCommandLineA/W), and the calendar it stamps
 * its log with (FileTimeToSystemTime, SystemTimeToFileTime), and its settings in the registry
 * (RegOpenKeyExA, RegCreateKeyExA, RegQueryValueExA, RegSetValueExA, RegDeleteValueA,
 * RegDeleteKeyA, RegCloseKey and their W forms; under HKEY_CURRENT_USER\Software\wfpcert-case-<pid>,
 * removed after).
 *
 * Why: most redirect proxies are services that fall back to running in the foreground when
 * StartServiceCtrlDispatcher says they were started from a console, find their configuration
 * next to their own image, and log with a SYSTEMTIME.  Each answer below sends such a program
 * down one path or another.  Every case process is a console program, on Windows as on the
 * model.  Pages on learn.microsoft.com: "StartServiceCtrlDispatcherA function"
 * (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT: "the program is being run as a console application
 * rather than as a service"), "SetServiceStatus function" (ERROR_INVALID_HANDLE),
 * "RegisterServiceCtrlHandlerExA function", "GetModuleFileNameA function" (a buffer too small:
 * truncated to nSize characters with the terminator, nSize returned, ERROR_INSUFFICIENT_BUFFER),
 * "GetCommandLineA function", "FileTimeToSystemTime function" (below 0x8000000000000000),
 * "SystemTimeToFileTime function" (wDayOfWeek ignored; an invalid date fails), "FILETIME
 * structure" (100 ns intervals since January 1, 1601, UTC), "RegQueryValueExA function"
 * (ERROR_MORE_DATA and the size needed), "RegCreateKeyExA function" (lpdwDisposition),
 * "RegDeleteKeyA function" (the key must have no subkeys), "RegQueryValueExA function" again
 * for a Unicode program's values ("If the data has the REG_SZ, REG_MULTI_SZ or REG_EXPAND_SZ
 * type, and the ANSI version of this function is used ... this function converts the stored
 * Unicode string to an ANSI string"), "RegSetValueExW function" (cbData: the size of the
 * information, for a string its terminator included).
 */
#include "cases.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void WINAPI never_main(DWORD argc, LPSTR *argv) { (void)argc, (void)argv; }
static DWORD WINAPI never_handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx) {
    (void)control, (void)type, (void)data, (void)ctx;
    return 0;
}

static void service_startup(wc_ctx *c) {
    SERVICE_TABLE_ENTRYA table[] = {{(LPSTR) "wfpcert-case", never_main}, {NULL, NULL}};
    SetLastError(0);
    BOOL ok = StartServiceCtrlDispatcherA(table);
    DWORD e = ok ? 0 : GetLastError();
    wc_check(c, !ok && e == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT,
             "StartServiceCtrlDispatcherA from a console program: %s, error %lu; expected FALSE, "
             "ERROR_FAILED_SERVICE_CONTROLLER_CONNECT (1063)",
             ok ? "TRUE" : "FALSE", (unsigned long)e);
    SetLastError(0);
    SERVICE_STATUS_HANDLE h = RegisterServiceCtrlHandlerExA("wfpcert-case", never_handler, NULL);
    e = GetLastError();
    wc_check(c, h == NULL && e != 0,
             "RegisterServiceCtrlHandlerExA in a program no service control manager started: %p, error %lu; "
             "expected NULL and an error",
             (void *)h, (unsigned long)e);
    wc_log(c, "RegisterServiceCtrlHandlerExA's error: %lu", (unsigned long)e);
    SERVICE_STATUS st;
    memset(&st, 0, sizeof st);
    st.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    st.dwCurrentState = SERVICE_RUNNING;
    ok = SetServiceStatus(NULL, &st);
    e = ok ? 0 : GetLastError();
    wc_check(c, !ok && e == ERROR_INVALID_HANDLE,
             "SetServiceStatus with no handle: %s, error %lu; expected FALSE, ERROR_INVALID_HANDLE",
             ok ? "TRUE" : "FALSE", (unsigned long)e);
}

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    if (n < m) return 0;
    for (size_t i = 0; i < m; i++)
        if (tolower((unsigned char)s[n - m + i]) != tolower((unsigned char)tail[i])) return 0;
    return 1;
}

static void module_file_name(wc_ctx *c) {
    char path[300];
    memset(path, 'x', sizeof path);
    DWORD n = GetModuleFileNameA(NULL, path, sizeof path);
    if (!wc_check(c, n > 0 && n < sizeof path && path[n] == 0 && strlen(path) == n && ends_with(path, ".exe"),
                  "GetModuleFileNameA(NULL): %lu, \"%.*s\"; expected the length of a terminated path ending in .exe",
                  (unsigned long)n, 80, path))
        return;
    char small[4];
    memset(small, 'x', sizeof small);
    SetLastError(0);
    DWORD m = GetModuleFileNameA(NULL, small, sizeof small);
    wc_check(c,
             m == sizeof small && GetLastError() == ERROR_INSUFFICIENT_BUFFER && small[3] == 0 &&
                 memcmp(small, path, 3) == 0,
             "GetModuleFileNameA(NULL) into 4 bytes: %lu, error %lu, \"%.3s\", byte 3 0x%02x (%s); expected 4, "
             "ERROR_INSUFFICIENT_BUFFER and the path's first 3 characters, terminated",
             (unsigned long)m, (unsigned long)GetLastError(), small, (unsigned char)small[3],
             small[3] == path[3] ? "the path's fourth character"
             : small[3] == 'x'   ? "left as it was"
                                 : "another byte");
    WCHAR wide[300];
    DWORD w = GetModuleFileNameW(NULL, wide, 300);
    wc_check(c, w > 0 && wide[w] == 0 && wide[w - 1] == (WCHAR)path[n - 1],
             "GetModuleFileNameW(NULL): %lu; expected a terminated path of its own (the A one has %lu)",
             (unsigned long)w, (unsigned long)n);
    HMODULE ws2 = GetModuleHandleA("ws2_32.dll");
    DWORD k = ws2 ? GetModuleFileNameA(ws2, path, sizeof path) : 0;
    wc_check(c, k > 0 && ends_with(path, "ws2_32.dll"), "GetModuleFileNameA(ws2_32's handle): %lu, \"%.*s\"",
             (unsigned long)k, 80, k ? path : "");
    LPSTR line = GetCommandLineA();
    wc_check(c, line && *line && line == GetCommandLineA(),
             "GetCommandLineA: \"%.40s\"; expected a command line, the same buffer each call", line ? line : "(null)");
}

static FILETIME ft_of(ULONGLONG v) {
    FILETIME ft = {(DWORD)v, (DWORD)(v >> 32)};
    return ft;
}

static void file_times(wc_ctx *c) {
    static const struct {
        ULONGLONG ft;
        WORD y, mo, dow, d, h, mi, s, ms;
    } known[] = {
        {0, 1601, 1, 1, 1, 0, 0, 0, 0}, /* a Monday */
        {116444736000000000ull, 1970, 1, 4, 1, 0, 0, 0, 0}, /* the Unix epoch, a Thursday */
        {133537247989990000ull, 2024, 2, 4, 29, 23, 59, 58, 999}, /* a leap day, a Thursday */
        {125963856000000000ull, 2000, 3, 3, 1, 12, 0, 0, 0}, /* the day after a leap day of 400, a Wednesday */
        {125962560000000000ull, 2000, 2, 2, 29, 0, 0, 0, 0}, /* that leap day itself (mutant 199-5), a Tuesday */
        {133485407990000000ull, 2023, 12, 0, 31, 23, 59, 59, 0}, /* a year's last second, a Sunday */

        {0x7FFFFFFFFFFFFFFFull / 10000000ull * 10000000ull, 30828, 9, 4, 14, 2, 48, 5, 0}, /* the last */
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        FILETIME ft = ft_of(known[i].ft), back;
        SYSTEMTIME st;
        memset(&st, 0xFF, sizeof st);
        BOOL ok = FileTimeToSystemTime(&ft, &st);
        wc_check(c,
                 ok && st.wYear == known[i].y && st.wMonth == known[i].mo && st.wDayOfWeek == known[i].dow &&
                     st.wDay == known[i].d && st.wHour == known[i].h && st.wMinute == known[i].mi &&
                     st.wSecond == known[i].s && st.wMilliseconds == known[i].ms,
                 "FileTimeToSystemTime(%llu): %04u-%02u-%02u %02u:%02u:%02u.%03u day %u; expected "
                 "%04u-%02u-%02u %02u:%02u:%02u.%03u day %u",
                 (unsigned long long)known[i].ft, st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond,
                 st.wMilliseconds, st.wDayOfWeek, known[i].y, known[i].mo, known[i].d, known[i].h, known[i].mi,
                 known[i].s, known[i].ms, known[i].dow);
        if (known[i].y > 30827) continue; /* SYSTEMTIME's years end at 30827 ("SYSTEMTIME structure") */
        st.wDayOfWeek = 6; /* ignored */
        ok = ok && SystemTimeToFileTime(&st, &back);
        ULONGLONG v = ((ULONGLONG)back.dwHighDateTime << 32) | back.dwLowDateTime;
        wc_check(c, ok && v == known[i].ft, "SystemTimeToFileTime of that SYSTEMTIME: %llu; expected %llu",
                 ok ? (unsigned long long)v : 0ull, (unsigned long long)known[i].ft);
    }
    FILETIME big = ft_of(0x8000000000000000ull);
    SYSTEMTIME st;
    wc_check(c, !FileTimeToSystemTime(&big, &st), "FileTimeToSystemTime(0x8000000000000000) succeeded");
    /* (not 29 February of a common year: Wine's RtlTimeFieldsToTime, written against native, takes it) */
    SYSTEMTIME bad[] = {{2024, 4, 0, 31, 0, 0, 0, 0},  {2024, 5, 0, 0, 0, 0, 0, 0}, /* day 0 (mutant 191-5) */
                        {2024, 12, 0, 32, 0, 0, 0, 0}, /* 32 December (mutant 205-5) */
                        {2024, 13, 0, 1, 0, 0, 0, 0},  {2024, 1, 0, 1, 24, 0, 0, 0}, {1600, 12, 0, 31, 0, 0, 0, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILETIME ft;
        SetLastError(0);
        BOOL ok = SystemTimeToFileTime(&bad[i], &ft);
        wc_check(c, !ok && GetLastError() == ERROR_INVALID_PARAMETER,
                 "SystemTimeToFileTime(%04u-%02u-%02u %02u:00): %s, error %lu; expected FALSE, ERROR_INVALID_PARAMETER",
                 bad[i].wYear, bad[i].wMonth, bad[i].wDay, bad[i].wHour, ok ? "TRUE" : "FALSE",
                 (unsigned long)GetLastError());
    }
}

static void registry(wc_ctx *c) {
    char base[64], sub[96];
    snprintf(base, sizeof base, "Software\\wfpcert-case-%lu", (unsigned long)GetCurrentProcessId());
    snprintf(sub, sizeof sub, "%s\\Sub", base);
    HKEY k = NULL;
    LSTATUS r = RegOpenKeyExA(HKEY_CURRENT_USER, base, 0, KEY_READ, &k);
    wc_check(c, r == ERROR_FILE_NOT_FOUND, "RegOpenKeyExA of a key not there: %ld; expected ERROR_FILE_NOT_FOUND",
             (long)r);
    DWORD disp = 0;
    r = RegCreateKeyExA(HKEY_CURRENT_USER, sub, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL, &k, &disp);
    if (!wc_check(c, r == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY,
                  "RegCreateKeyExA of a new key and its parent: %ld, disposition %lu; expected 0, REG_CREATED_NEW_KEY",
                  (long)r, (unsigned long)disp))
        return;
    HKEY again = NULL;
    r = RegCreateKeyExA(HKEY_CURRENT_USER, sub, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL, &again, &disp);
    wc_check(c, r == ERROR_SUCCESS && disp == REG_OPENED_EXISTING_KEY,
             "RegCreateKeyExA of the key again: %ld, disposition %lu; expected 0, REG_OPENED_EXISTING_KEY", (long)r,
             (unsigned long)disp);
    if (r == ERROR_SUCCESS) RegCloseKey(again);
    DWORD port = 8080, type = 0, size = 0, got = 0;
    r = RegSetValueExA(k, "Port", 0, REG_DWORD, (const BYTE *)&port, sizeof port);
    wc_check(c, r == ERROR_SUCCESS, "RegSetValueExA(REG_DWORD): %ld", (long)r);
    r = RegQueryValueExA(k, "port", NULL, &type, NULL, &size);
    wc_check(c, r == ERROR_SUCCESS && type == REG_DWORD && size == 4,
             "RegQueryValueExA(\"port\") for its size: %ld, type %lu, size %lu; expected 0, REG_DWORD, 4 (names "
             "without regard to case)",
             (long)r, (unsigned long)type, (unsigned long)size);
    size = 2;
    r = RegQueryValueExA(k, "Port", NULL, NULL, (LPBYTE)&got, &size);
    wc_check(c, r == ERROR_MORE_DATA && size == 4,
             "RegQueryValueExA into 2 bytes: %ld, size %lu; expected ERROR_MORE_DATA and 4", (long)r,
             (unsigned long)size);
    size = sizeof got;
    r = RegQueryValueExA(k, "Port", NULL, NULL, (LPBYTE)&got, &size);
    wc_check(c, r == ERROR_SUCCESS && got == 8080, "RegQueryValueExA: %ld, %lu; expected 0, 8080", (long)r,
             (unsigned long)got);
    static const char up[] = "upstream.example";
    char text[32];
    r = RegSetValueExA(k, "Upstream", 0, REG_SZ, (const BYTE *)up, sizeof up);
    size = sizeof text;
    r = r ? r : RegQueryValueExA(k, "Upstream", NULL, &type, (LPBYTE)text, &size);
    wc_check(c, r == ERROR_SUCCESS && type == REG_SZ && size == sizeof up && strcmp(text, up) == 0,
             "a REG_SZ value back: %ld, type %lu, size %lu; expected 0, REG_SZ, %u", (long)r, (unsigned long)type,
             (unsigned long)size, (unsigned)sizeof up);
    r = RegQueryValueExA(k, "Missing", NULL, NULL, NULL, &size);
    wc_check(c, r == ERROR_FILE_NOT_FOUND, "RegQueryValueExA of a value not there: %ld; expected ERROR_FILE_NOT_FOUND",
             (long)r);
    r = RegDeleteKeyA(HKEY_CURRENT_USER, base);
    wc_check(c, r == ERROR_ACCESS_DENIED, "RegDeleteKeyA of a key with a subkey: %ld; expected ERROR_ACCESS_DENIED",
             (long)r);
    r = RegDeleteValueA(k, "Port");
    LSTATUS r2 = RegQueryValueExA(k, "Port", NULL, NULL, NULL, &size);
    wc_check(c, r == ERROR_SUCCESS && r2 == ERROR_FILE_NOT_FOUND,
             "RegDeleteValueA: %ld, then a query of the value: %ld; expected 0, ERROR_FILE_NOT_FOUND", (long)r,
             (long)r2);
    wc_check(c, RegCloseKey(k) == ERROR_SUCCESS, "RegCloseKey failed");
    /* a closed handle is no key any more: closing it again, or reading through it, is
     * ERROR_INVALID_HANDLE (Wine's registry tests as run on NT; mutant 195-3) */
    r = RegCloseKey(k);
    r2 = RegQueryValueExA(k, "Host", NULL, NULL, NULL, &size);
    wc_check(c, r == ERROR_INVALID_HANDLE && r2 == ERROR_INVALID_HANDLE,
             "RegCloseKey of a closed handle: %ld, RegQueryValueExA through it: %ld; expected ERROR_INVALID_HANDLE (6) "
             "both",
             (long)r, (long)r2);
    r = RegDeleteKeyA(HKEY_CURRENT_USER, sub);
    r2 = r ? r : RegDeleteKeyA(HKEY_CURRENT_USER, base);
    wc_check(c, r == ERROR_SUCCESS && r2 == ERROR_SUCCESS, "RegDeleteKeyA of the subkey: %ld, then its parent: %ld",
             (long)r, (long)r2);
    r = RegOpenKeyExA(HKEY_CURRENT_USER, base, 0, KEY_READ, &k);
    wc_check(c, r == ERROR_FILE_NOT_FOUND, "RegOpenKeyExA of the deleted key: %ld; expected ERROR_FILE_NOT_FOUND",
             (long)r);
}

/* A file made, written and found again at folder + name, then deleted; "" when it all worked, or
 * what failed. */
static const char *file_in(const char *folder, const char *sep, const char *name) {
    char path[MAX_PATH + 160];
    snprintf(path, sizeof path, "%s%s%s", folder, sep, name);
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return "CreateFileA(CREATE_ALWAYS)";
    DWORD n = 0;
    BOOL ok = WriteFile(h, "log", 3, &n, NULL) && n == 3;
    CloseHandle(h);
    if (!ok) return "WriteFile";
    h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return "CreateFileA(OPEN_EXISTING)";
    CloseHandle(h);
    return DeleteFileA(path) ? "" : "DeleteFileA";
}

/* "GetTempPathA function": "the length, in TCHARs, of the string copied to lpBuffer, not
 * including the terminating null character.  If the return value is greater than nBufferLength,
 * the return value is the length, in TCHARs, of the buffer required to hold the path"; the path
 * "ends with a backslash".  "GetCurrentDirectory function": the same two answers.  A service
 * writes its log in the one and finds its configuration in the other. */
static void folders(wc_ctx *c) {
    char tmp[MAX_PATH + 2], cwd[MAX_PATH + 2], name[64];
    snprintf(name, sizeof name, "wfpcert-folders-%lu.log", (unsigned long)GetCurrentProcessId());
    DWORD need = GetTempPathA(0, NULL);
    DWORD n = need > 1 && need <= sizeof tmp ? GetTempPathA(sizeof tmp, tmp) : 0;
    if (!wc_check(c, need > 1 && n == need - 1 && strlen(tmp) == n,
                  "GetTempPathA: %lu for no buffer, then %lu (the text %u long); expected the size needed, then one "
                  "less, the text's length",
                  (unsigned long)need, (unsigned long)n, need > 1 && n ? (unsigned)strlen(tmp) : 0u))
        return;
    wc_check(c, tmp[n - 1] == '\\' || tmp[n - 1] == '/', "GetTempPathA: \"%s\" does not end with a separator", tmp);
    char small[MAX_PATH + 2];
    DWORD again = GetTempPathA(n, small); /* room for the text but not its terminator */
    wc_check(c, again == need, "GetTempPathA into %lu characters: %lu; expected %lu, the size needed", (unsigned long)n,
             (unsigned long)again, (unsigned long)need);
    /* into exactly the size needed, ending where memory ends: the whole text, nothing asked of the
     * memory past it (mutant 201-1 probed a byte more and refused) */
    char *edge = wt_guarded_buffer(wc_target(c), need);
    if (edge) {
        again = GetTempPathA(need, edge);
        wc_check(c, again == n && memcmp(edge, tmp, n + 1) == 0,
                 "GetTempPathA into exactly %lu bytes that end where memory ends: %lu (error %lu); expected %lu and "
                 "the text",
                 (unsigned long)need, (unsigned long)again, (unsigned long)GetLastError(), (unsigned long)n);
    }
    const char *bad = file_in(tmp, "", name);
    wc_check(c, !*bad, "a file in the folder GetTempPathA gave (\"%s\"): %s failed, error %lu", tmp, bad,
             (unsigned long)GetLastError());
    WCHAR wide[MAX_PATH + 2];
    DWORD wneed = GetTempPathW(0, NULL), wn = GetTempPathW(MAX_PATH + 2, wide);
    int same = wneed == need && wn == n;
    for (DWORD i = 0; same && i <= n; i++) same = wide[i] == (WCHAR)(unsigned char)tmp[i];
    wc_check(c, same, "GetTempPathW: %lu for no buffer, then %lu; expected the A form's %lu and %lu, the same text",
             (unsigned long)wneed, (unsigned long)wn, (unsigned long)need, (unsigned long)n);
    need = GetCurrentDirectoryA(0, NULL);
    n = need > 1 && need <= sizeof cwd ? GetCurrentDirectoryA(sizeof cwd, cwd) : 0;
    if (!wc_check(c, need > 1 && n == need - 1 && strlen(cwd) == n,
                  "GetCurrentDirectoryA: %lu for no buffer, then %lu; expected the size needed, then one less",
                  (unsigned long)need, (unsigned long)n))
        return;
    again = GetCurrentDirectoryA(n, small);
    wc_check(c, again == need, "GetCurrentDirectoryA into %lu characters: %lu; expected %lu, the size needed",
             (unsigned long)n, (unsigned long)again, (unsigned long)need);
    /* a file made by its bare name is in that folder: the program's path joined with a backslash */
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (wc_check(c, h != INVALID_HANDLE_VALUE, "CreateFileA(\"%s\"): error %lu", name, (unsigned long)GetLastError())) {
        CloseHandle(h);
        char joined[MAX_PATH + 160];
        snprintf(joined, sizeof joined, "%s\\%s", cwd, name);
        h = CreateFileA(joined, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        wc_check(c, h != INVALID_HANDLE_VALUE,
                 "CreateFileA(\"%s\") of a file made by its bare name: error %lu; expected it found in the current "
                 "folder",
                 joined, (unsigned long)GetLastError());
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
        DeleteFileA(name);
    }
}

/* An ASCII text as the wide one a Unicode program passes (LPCWSTR: the compiler's wchar_t). */
static void wide_text(wchar_t *out, size_t cap, const char *in) {
    size_t i = 0;
    for (; in[i] && i + 1 < cap; i++) out[i] = (wchar_t)(unsigned char)in[i];
    out[i] = 0;
}

/* A Unicode program's settings, and a value one kind of program wrote read by the other: text
 * is converted on the way (two bytes a character through the W calls, one through the A calls),
 * a DWORD is not. */
static void registry_wide(wc_ctx *c) {
    char base[64];
    wchar_t wbase[64], wsub[80];
    snprintf(base, sizeof base, "Software\\wfpcert-case-w%lu", (unsigned long)GetCurrentProcessId());
    wide_text(wbase, 64, base);
    wide_text(wsub, 80, base);
    wcscat(wsub, L"\\Sub");
    HKEY k = NULL;
    DWORD disp = 0;
    LSTATUS r =
        RegCreateKeyExW(HKEY_CURRENT_USER, wsub, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL, &k, &disp);
    if (!wc_check(c, r == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY,
                  "RegCreateKeyExW of a new key: %ld, disposition %lu; expected 0, REG_CREATED_NEW_KEY", (long)r,
                  (unsigned long)disp))
        return;
    char sub[96];
    snprintf(sub, sizeof sub, "%s\\SUB", base);
    HKEY ka = NULL;
    r = RegOpenKeyExA(HKEY_CURRENT_USER, sub, 0, KEY_READ, &ka);
    wc_check(c, r == ERROR_SUCCESS, "RegOpenKeyExA of the key RegCreateKeyExW made (its name in other case): %ld",
             (long)r);
    if (r != ERROR_SUCCESS) ka = k;
    static const WCHAR up[] = {'u', 'p', '.', 'e', 'x', 0};
    r = RegSetValueExW(k, L"Upstream", 0, REG_SZ, (const BYTE *)up, sizeof up);
    wc_check(c, r == ERROR_SUCCESS, "RegSetValueExW(REG_SZ, 12 bytes): %ld", (long)r);
    DWORD type = 0, size = 0;
    r = RegQueryValueExA(ka, "upstream", NULL, &type, NULL, &size);
    wc_check(c, r == ERROR_SUCCESS && type == REG_SZ && size == 6,
             "RegQueryValueExA of a REG_SZ a W call set, for its size: %ld, type %lu, size %lu; expected 0, REG_SZ "
             "and 6 (the ANSI text and its terminator)",
             (long)r, (unsigned long)type, (unsigned long)size);
    char text[16];
    memset(text, 0x5A, sizeof text);
    size = 5;
    r = RegQueryValueExA(ka, "Upstream", NULL, NULL, (LPBYTE)text, &size);
    wc_check(c, r == ERROR_MORE_DATA && size == 6,
             "RegQueryValueExA of it into 5 bytes: %ld, size %lu; expected ERROR_MORE_DATA and 6", (long)r,
             (unsigned long)size);
    size = sizeof text;
    memset(text, 0x5A, sizeof text);
    r = RegQueryValueExA(ka, "Upstream", NULL, &type, (LPBYTE)text, &size);
    wc_check(c, r == ERROR_SUCCESS && size == 6 && memcmp(text, "up.ex", 6) == 0 && (unsigned char)text[6] == 0x5A,
             "RegQueryValueExA of it: %ld, size %lu, \"%.6s\", byte 6 0x%02x; expected 0, 6, \"up.ex\" and its "
             "terminator, nothing after",
             (long)r, (unsigned long)size, text, (unsigned char)text[6]);
    static const char port_text[] = "8080";
    if (ka != k) {
        /* "Registry Key Security and Access Rights": KEY_SET_VALUE is needed to set a value */
        r = RegSetValueExA(ka, "Port", 0, REG_SZ, (const BYTE *)port_text, sizeof port_text);
        LSTATUS r3 = RegQueryValueExA(ka, "Port", NULL, NULL, NULL, &size);
        wc_check(c, r == ERROR_ACCESS_DENIED && r3 == ERROR_FILE_NOT_FOUND,
                 "RegSetValueExA through a handle opened with KEY_READ: %ld, then a query of the value: %ld; expected "
                 "ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND",
                 (long)r, (long)r3);
    }
    r = RegSetValueExA(k, "Port", 0, REG_SZ, (const BYTE *)port_text, sizeof port_text);
    WCHAR wide[8];
    memset(wide, 0x5A, sizeof wide);
    size = 0;
    LSTATUS r2 = r ? r : RegQueryValueExW(k, L"PORT", NULL, &type, NULL, &size);
    wc_check(c, r2 == ERROR_SUCCESS && type == REG_SZ && size == 10,
             "RegQueryValueExW of a REG_SZ set by RegSetValueExA with 5 bytes, for its size: %ld, type %lu, size "
             "%lu; expected 0, REG_SZ and 10 (two bytes a character)",
             (long)r2, (unsigned long)type, (unsigned long)size);
    size = 9;
    r2 = RegQueryValueExW(k, L"Port", NULL, NULL, (LPBYTE)wide, &size);
    wc_check(c, r2 == ERROR_MORE_DATA && size == 10,
             "RegQueryValueExW of it into 9 bytes: %ld, size %lu; expected ERROR_MORE_DATA and 10", (long)r2,
             (unsigned long)size);
    size = sizeof wide;
    r2 = RegQueryValueExW(k, L"Port", NULL, NULL, (LPBYTE)wide, &size);
    wc_check(c,
             r2 == ERROR_SUCCESS && size == 10 && wide[0] == '8' && wide[1] == '0' && wide[3] == '0' && wide[4] == 0 &&
                 wide[5] == 0x5A5A,
             "RegQueryValueExW of it: %ld, size %lu, units %04x %04x %04x; expected 0, 10, L\"8080\" and its "
             "terminator, nothing after",
             (long)r2, (unsigned long)size, wide[0], wide[4], wide[5]);
    DWORD port = 8080, got = 0;
    r = RegSetValueExW(k, L"PortNumber", 0, REG_DWORD, (const BYTE *)&port, sizeof port);
    size = sizeof got;
    r2 = r ? r : RegQueryValueExA(ka, "PortNumber", NULL, &type, (LPBYTE)&got, &size);
    wc_check(c, r2 == ERROR_SUCCESS && type == REG_DWORD && size == 4 && got == 8080,
             "a REG_DWORD set with the W call, read with the A call: %ld, type %lu, size %lu, %lu; expected it as "
             "it was",
             (long)r2, (unsigned long)type, (unsigned long)size, (unsigned long)got);
    /* GENERIC_READ maps onto KEY_READ (a value read, none set); KEY_WRITE allows no read */
    static const struct {
        REGSAM sam;
        const char *name;
        LSTATUS query, set;
    } rights[] = {{GENERIC_READ, "GENERIC_READ", ERROR_SUCCESS, ERROR_ACCESS_DENIED},
                  {KEY_WRITE, "KEY_WRITE", ERROR_ACCESS_DENIED, ERROR_SUCCESS}};
    for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++) {
        HKEY kr = NULL;
        r = RegOpenKeyExA(HKEY_CURRENT_USER, sub, 0, rights[i].sam, &kr);
        if (!wc_check(c, r == ERROR_SUCCESS, "RegOpenKeyExA with %s: %ld", rights[i].name, (long)r)) continue;
        size = sizeof got;
        r = RegQueryValueExA(kr, "PortNumber", NULL, NULL, (LPBYTE)&got, &size);
        r2 = RegSetValueExA(kr, "PortNumber", 0, REG_DWORD, (const BYTE *)&port, sizeof port);
        wc_check(c, r == rights[i].query && r2 == rights[i].set,
                 "through a handle opened with %s: a query %ld, a set %ld; expected %ld and %ld", rights[i].name,
                 (long)r, (long)r2, (long)rights[i].query, (long)rights[i].set);
        RegCloseKey(kr);
    }
    r = RegDeleteValueW(k, L"upstream");
    r2 = RegQueryValueExW(k, L"Upstream", NULL, NULL, NULL, &size);
    wc_check(c, r == ERROR_SUCCESS && r2 == ERROR_FILE_NOT_FOUND,
             "RegDeleteValueW: %ld, then a query of the value: %ld; expected 0, ERROR_FILE_NOT_FOUND", (long)r,
             (long)r2);
    if (ka != k) RegCloseKey(ka);
    RegCloseKey(k);
    r = RegDeleteKeyW(HKEY_CURRENT_USER, wbase);
    wc_check(c, r == ERROR_ACCESS_DENIED, "RegDeleteKeyW of a key with a subkey: %ld; expected ERROR_ACCESS_DENIED",
             (long)r);
    /* "" names the key the handle is open on: it goes (Wine's registry tests, run on Windows) */
    HKEY gone = NULL;
    r = RegOpenKeyExW(HKEY_CURRENT_USER, wsub, 0, KEY_ALL_ACCESS, &gone);
    r2 = r ? r : RegDeleteKeyW(gone, L"");
    LSTATUS r3 = RegOpenKeyExW(HKEY_CURRENT_USER, wsub, 0, KEY_READ, &k);
    wc_check(c, r == ERROR_SUCCESS && r2 == ERROR_SUCCESS && r3 == ERROR_FILE_NOT_FOUND,
             "RegDeleteKeyW(key, L\"\") of a key with no subkey: open %ld, delete %ld, then open again %ld; expected "
             "0, 0, ERROR_FILE_NOT_FOUND",
             (long)r, (long)r2, (long)r3);
    if (!r) RegCloseKey(gone);
    r = RegDeleteKeyA(HKEY_CURRENT_USER, NULL);
    wc_check(c, r == ERROR_INVALID_PARAMETER, "RegDeleteKeyA with lpSubKey NULL: %ld; expected ERROR_INVALID_PARAMETER",
             (long)r);
    r = ERROR_SUCCESS;
    r2 = RegDeleteKeyW(HKEY_CURRENT_USER, wbase);
    wc_check(c, r == ERROR_SUCCESS && r2 == ERROR_SUCCESS, "RegDeleteKeyW of the subkey: %ld, then its parent: %ld",
             (long)r, (long)r2);
    r = RegOpenKeyExW(HKEY_CURRENT_USER, wbase, 0, KEY_READ, &k);
    wc_check(c, r == ERROR_FILE_NOT_FOUND, "RegOpenKeyExW of the deleted key: %ld; expected ERROR_FILE_NOT_FOUND",
             (long)r);
}

/* A service that reads every setting under its key ("RegEnumKeyExA function", "RegEnumValueA
 * function", "RegQueryInfoKeyA function"): by index from 0 until ERROR_NO_MORE_ITEMS, in an order
 * the pages leave open ("subkeys are not ordered"), so the case compares sets; the counts and the
 * longest name agree with what was made; a name that does not fit is ERROR_MORE_DATA, data that
 * does not fit ERROR_MORE_DATA with the size needed; a handle without KEY_ENUMERATE_SUB_KEYS
 * cannot enumerate subkeys (ERROR_ACCESS_DENIED, "Registry Key Security and Access Rights"). */
static void registry_enum(wc_ctx *c) {
    char base[64], path[128];
    snprintf(base, sizeof base, "Software\\wfpcert-case-e%lu", (unsigned long)GetCurrentProcessId());
    static const char *const subs[] = {"Alpha", "beta", "Gamma", "Gamma\\Deep"}; /* Deep is no direct subkey */
    HKEY k = NULL;
    LSTATUS r = ERROR_SUCCESS;
    for (size_t i = 0; i < 4 && r == ERROR_SUCCESS; i++) {
        HKEY s2;
        snprintf(path, sizeof path, "%s\\%s", base, subs[i]);
        r = RegCreateKeyExA(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &s2, NULL);
        if (r == ERROR_SUCCESS) RegCloseKey(s2);
    }
    if (!wc_check(c, r == ERROR_SUCCESS && RegOpenKeyExA(HKEY_CURRENT_USER, base, 0, KEY_READ | KEY_SET_VALUE, &k) == 0,
                  "set-up: the keys under HKCU\\%s: %ld", base, (long)r))
        goto out;
    DWORD port = 8443;
    static const char upstream[] = "198.51.100.7:80";
    r = RegSetValueExA(k, "Port", 0, REG_DWORD, (const BYTE *)&port, sizeof port);
    if (r == ERROR_SUCCESS) r = RegSetValueExA(k, "Upstream", 0, REG_SZ, (const BYTE *)upstream, sizeof upstream);
    if (!wc_check(c, r == ERROR_SUCCESS, "set-up: two values: %ld", (long)r)) goto out;
    DWORD nsub = 0, maxsub = 0, nval = 0, maxname = 0, maxdata = 0;
    r = RegQueryInfoKeyA(k, NULL, NULL, NULL, &nsub, &maxsub, NULL, &nval, &maxname, &maxdata, NULL, NULL);
    wc_check(c,
             r == ERROR_SUCCESS && nsub == 3 && maxsub == 5 && nval == 2 && maxname == 8 && maxdata >= sizeof upstream,
             "RegQueryInfoKeyA: %ld, %lu subkeys (longest %lu), %lu values (longest name %lu, largest data %lu); "
             "expected 3 (5), 2 (8, at least %u)",
             (long)r, (unsigned long)nsub, (unsigned long)maxsub, (unsigned long)nval, (unsigned long)maxname,
             (unsigned long)maxdata, (unsigned)sizeof upstream);
    /* an empty key: nothing to count, and nothing longest (mutant 194-4: largest data 1) */
    HKEY empty = NULL;
    snprintf(path, sizeof path, "%s\\Alpha", base);
    if (RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &empty) == ERROR_SUCCESS) {
        DWORD counts[5] = {9, 9, 9, 9, 9};
        r = RegQueryInfoKeyA(empty, NULL, NULL, NULL, &counts[0], &counts[1], NULL, &counts[2], &counts[3], &counts[4],
                             NULL, NULL);
        wc_check(c, r == ERROR_SUCCESS && !counts[0] && !counts[1] && !counts[2] && !counts[3] && !counts[4],
                 "RegQueryInfoKeyA of a key with no subkey and no value: %ld, %lu %lu %lu %lu %lu; expected 0 and "
                 "all five 0",
                 (long)r, (unsigned long)counts[0], (unsigned long)counts[1], (unsigned long)counts[2],
                 (unsigned long)counts[3], (unsigned long)counts[4]);
        RegCloseKey(empty);
    }
    /* the subkeys: each direct one once, then ERROR_NO_MORE_ITEMS */
    int seen[3] = {0, 0, 0}, others = 0;
    DWORD i = 0;
    char name[32];
    for (;; i++) {
        DWORD cch = sizeof name;
        r = RegEnumKeyExA(k, i, name, &cch, NULL, NULL, NULL, NULL);
        if (r != ERROR_SUCCESS || i > 8) break;
        int hit = 0;
        for (int j = 0; j < 3; j++)
            if (!strcmp(name, subs[j]) && cch == strlen(subs[j])) seen[j]++, hit = 1;
        others += !hit;
    }
    wc_check(c, r == ERROR_NO_MORE_ITEMS && i == 3 && seen[0] == 1 && seen[1] == 1 && seen[2] == 1 && !others,
             "RegEnumKeyExA: %lu names then %ld (Alpha %d, beta %d, Gamma %d times, %d others); expected each once "
             "as made, then ERROR_NO_MORE_ITEMS (259)",
             (unsigned long)i, (long)r, seen[0], seen[1], seen[2], others);
    /* lpcchName counts the terminator going in, not coming out: a buffer of the name's length is short */
    DWORD len = sizeof name, exact = 0, more = 0;
    r = RegEnumKeyExA(k, 0, name, &len, NULL, NULL, NULL, NULL);
    if (r == ERROR_SUCCESS && len > 0) {
        exact = len;
        LSTATUS r1 = RegEnumKeyExA(k, 0, name, &exact, NULL, NULL, NULL, NULL);
        more = len + 1;
        LSTATUS r2 = RegEnumKeyExA(k, 0, name, &more, NULL, NULL, NULL, NULL);
        wc_check(c, r1 == ERROR_MORE_DATA && r2 == ERROR_SUCCESS && more == len,
                 "RegEnumKeyExA of a %lu-character name into %lu characters: %ld, into %lu: %ld with %lu; expected "
                 "ERROR_MORE_DATA, then success with %lu",
                 (unsigned long)len, (unsigned long)len, (long)r1, (unsigned long)len + 1, (long)r2,
                 (unsigned long)more, (unsigned long)len);
    }
    WCHAR wname[32];
    DWORD wcch = 32, found = 0;
    for (i = 0; i < 3; i++, wcch = 32)
        if (RegEnumKeyExW(k, i, wname, &wcch, NULL, NULL, NULL, NULL) == ERROR_SUCCESS && wcch == 4 &&
            wname[0] == 'b' && wname[3] == 'a' && wname[4] == 0)
            found++;
    wc_check(c, found == 1, "RegEnumKeyExW gave \"beta\" as wide text %lu times; expected once", (unsigned long)found);
    /* the values: both, with their types and data; a data buffer too small gets the size */
    int port_ok = 0, up_ok = 0;
    for (i = 0;; i++) {
        BYTE data[64];
        DWORD cch = sizeof name, type = 0, size = sizeof data;
        r = RegEnumValueA(k, i, name, &cch, NULL, &type, data, &size);
        if (r != ERROR_SUCCESS || i > 4) break;
        if (!strcmp(name, "Port") && type == REG_DWORD && size == 4 && !memcmp(data, &port, 4)) port_ok++;
        if (!strcmp(name, "Upstream") && type == REG_SZ && size == sizeof upstream && !memcmp(data, upstream, size))
            up_ok++;
    }
    wc_check(c, r == ERROR_NO_MORE_ITEMS && i == 2 && port_ok == 1 && up_ok == 1,
             "RegEnumValueA: %lu values then %ld (Port as set %d, Upstream as set %d times); expected both once, then "
             "ERROR_NO_MORE_ITEMS",
             (unsigned long)i, (long)r, port_ok, up_ok);
    for (i = 0; i < 2; i++) {
        BYTE small[4];
        DWORD cch = sizeof name, type = 0, size = sizeof small;
        r = RegEnumValueA(k, i, name, &cch, NULL, &type, small, &size);
        if (r == ERROR_SUCCESS) continue; /* Port fits */
        wc_check(c, r == ERROR_MORE_DATA && size == sizeof upstream,
                 "RegEnumValueA of Upstream into 4 bytes: %ld, size %lu; expected ERROR_MORE_DATA and %u", (long)r,
                 (unsigned long)size, (unsigned)sizeof upstream);
    }
    if (wc_on_model(c)) { /* a name buffer the call cannot write: no page says (mutant 199-1) */
        char *ro = wt_readonly_page(wc_target(c));
        DWORD cch = 64;
        r = ro ? RegEnumKeyExA(k, 0, ro, &cch, NULL, NULL, NULL, NULL) : -1;
        wc_model_answer(c, "RegEnumKeyExA.unwritable-name", "%ld", (long)r);
    }
    RegCloseKey(k);
    k = NULL;
    if (RegOpenKeyExA(HKEY_CURRENT_USER, base, 0, KEY_SET_VALUE, &k) == ERROR_SUCCESS) {
        DWORD cch = sizeof name;
        r = RegEnumKeyExA(k, 0, name, &cch, NULL, NULL, NULL, NULL);
        wc_check(c, r == ERROR_ACCESS_DENIED,
                 "RegEnumKeyExA through a KEY_SET_VALUE handle: %ld; expected ERROR_ACCESS_DENIED", (long)r);
    }
out:
    if (k) RegCloseKey(k);
    for (int j = 3; j >= 0; j--) {
        snprintf(path, sizeof path, "%s\\%s", base, subs[j]);
        RegDeleteKeyA(HKEY_CURRENT_USER, path);
    }
    RegDeleteKeyA(HKEY_CURRENT_USER, base);
}

/* RegGetValue ("RegGetValueA function"): what a program of Vista and later reads its settings with:
 * a value of a key or of its subkey, its type restricted by RRF_RT_ flags (ERROR_UNSUPPORTED_TYPE
 * for another), the size for no buffer, ERROR_MORE_DATA and the size for a short one, text with its
 * terminator, a REG_EXPAND_SZ expanded unless RRF_NOEXPAND (as wine 8.0 does), no type allowed by no
 * RRF_RT_ flag (wine 8.0's ERROR_UNSUPPORTED_TYPE) and ERROR_INVALID_PARAMETER for pvData without
 * pcbData. */
static void registry_get_value(wc_ctx *c) {
    char base[64];
    snprintf(base, sizeof base, "Software\\wfpcert-case-g%lu", (unsigned long)GetCurrentProcessId());
    HKEY k = NULL;
    LSTATUS r = RegCreateKeyExA(HKEY_CURRENT_USER, base, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    if (!wc_check(c, r == ERROR_SUCCESS, "set-up: RegCreateKeyExA: %ld", (long)r)) return;
    DWORD port = 8443;
    static const char host[] = "proxy.example", path[] = "%WFPCERT_CASE_ROOT%\\logs";
    SetEnvironmentVariableA("WFPCERT_CASE_ROOT", "C:\\vendor");
    r = RegSetValueExA(k, "Port", 0, REG_DWORD, (const BYTE *)&port, sizeof port);
    if (!r) r = RegSetValueExA(k, "Host", 0, REG_SZ, (const BYTE *)host, sizeof host);
    if (!r) r = RegSetValueExA(k, "Logs", 0, REG_EXPAND_SZ, (const BYTE *)path, sizeof path);
    if (!wc_check(c, r == ERROR_SUCCESS, "set-up: three values: %ld", (long)r)) goto out;
    DWORD v = 0, type = 99, size = sizeof v;
    r = RegGetValueA(HKEY_CURRENT_USER, base, "Port", RRF_RT_REG_DWORD, &type, &v, &size);
    wc_check(c, r == ERROR_SUCCESS && v == port && type == REG_DWORD && size == 4,
             "RegGetValueA of a DWORD through the subkey path: %ld, %lu, type %lu, size %lu; expected 0, %lu, "
             "REG_DWORD, 4",
             (long)r, (unsigned long)v, (unsigned long)type, (unsigned long)size, (unsigned long)port);
    size = 0;
    r = RegGetValueA(k, NULL, "Host", RRF_RT_REG_SZ, NULL, NULL, &size);
    DWORD need = size;
    char text[64];
    memset(text, '#', sizeof text);
    size = 4;
    LSTATUS r2 = RegGetValueA(k, NULL, "Host", RRF_RT_REG_SZ, NULL, text, &size);
    DWORD got = sizeof text;
    LSTATUS r3 = RegGetValueA(k, NULL, "Host", RRF_RT_REG_SZ, &type, text, &got);
    wc_check(c,
             r == ERROR_SUCCESS && need == sizeof host && r2 == ERROR_MORE_DATA && size == sizeof host &&
                 r3 == ERROR_SUCCESS && got == sizeof host && strcmp(text, host) == 0 && type == REG_SZ,
             "RegGetValueA of a REG_SZ: the size %lu (%ld), into 4 bytes %ld with %lu, then %ld, %lu bytes \"%.20s\"; "
             "expected %u, ERROR_MORE_DATA with %u, then the text and its terminator",
             (unsigned long)need, (long)r, (long)r2, (unsigned long)size, (long)r3, (unsigned long)got,
             r3 == ERROR_SUCCESS ? text : "", (unsigned)sizeof host, (unsigned)sizeof host);
    /* a REG_SZ stored without its terminator comes back with one (mutant: the terminator not added) */
    r = RegSetValueExA(k, "Bare", 0, REG_SZ, (const BYTE *)"abc", 3);
    got = sizeof text;
    memset(text, '#', sizeof text);
    r2 = r ? r : RegGetValueA(k, NULL, "Bare", RRF_RT_REG_SZ, NULL, text, &got);
    wc_check(
        c, r2 == ERROR_SUCCESS && got == 4 && memcmp(text, "abc", 4) == 0,
        "RegGetValueA of a REG_SZ stored as 3 bytes without a terminator: %ld, %lu bytes; expected \"abc\" and its "
        "terminator, 4",
        (long)r2, (unsigned long)got);
    size = sizeof v;
    r = RegGetValueA(k, NULL, "Host", RRF_RT_REG_DWORD, NULL, &v, &size);
    wc_check(c, r == ERROR_UNSUPPORTED_TYPE,
             "RegGetValueA of a REG_SZ restricted to RRF_RT_REG_DWORD: %ld; expected ERROR_UNSUPPORTED_TYPE (1630)",
             (long)r);
    got = sizeof text;
    type = 99;
    r = RegGetValueA(k, NULL, "Logs", RRF_RT_REG_SZ, &type, text, &got);
    wc_check(c, r == ERROR_SUCCESS && type == REG_SZ && strcmp(text, "C:\\vendor\\logs") == 0,
             "RegGetValueA of a REG_EXPAND_SZ as RRF_RT_REG_SZ: %ld, type %lu, \"%.30s\"; expected it expanded, "
             "REG_SZ, \"C:\\vendor\\logs\"",
             (long)r, (unsigned long)type, r == ERROR_SUCCESS ? text : "");
    got = sizeof text;
    r = RegGetValueA(k, NULL, "Logs", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, text, &got);
    wc_check(c, r == ERROR_SUCCESS && type == REG_EXPAND_SZ && strcmp(text, path) == 0,
             "RegGetValueA of a REG_EXPAND_SZ with RRF_NOEXPAND: %ld, type %lu; expected the text as stored, "
             "REG_EXPAND_SZ",
             (long)r, (unsigned long)type);
    size = sizeof v;
    r = RegGetValueA(k, NULL, "Port", 0, NULL, &v, &size);
    r2 = RegGetValueA(k, NULL, "Port", RRF_RT_ANY, NULL, &v, NULL);
    r3 = RegGetValueA(k, NULL, "Missing", RRF_RT_ANY, NULL, NULL, &size);
    wc_check(c, r == ERROR_UNSUPPORTED_TYPE && r2 == ERROR_INVALID_PARAMETER && r3 == ERROR_FILE_NOT_FOUND,
             "RegGetValueA with no RRF_RT_ flag: %ld, with pvData and no pcbData: %ld, of a value not there: %ld; "
             "expected ERROR_UNSUPPORTED_TYPE (no type allowed), ERROR_INVALID_PARAMETER, ERROR_FILE_NOT_FOUND",
             (long)r, (long)r2, (long)r3);
out:
    SetEnvironmentVariableA("WFPCERT_CASE_ROOT", NULL);
    RegCloseKey(k);
    RegDeleteKeyA(HKEY_CURRENT_USER, base);
}

/* .ini files ("GetPrivateProfileString function": the characters copied without the terminator;
 * quotes around a value discarded; lpDefault's trailing blanks stripped; a value that does not fit
 * cut to nSize - 1; lpKeyName NULL lists the section's keys, lpAppName NULL the sections, each
 * terminated, the list by a second terminator; "WritePrivateProfileString function": lpString
 * NULL deletes the key, lpKeyName NULL the section; "GetPrivateProfileInt function": the key's
 * integer, or nDefault).  Sections and keys without regard to case, blanks around names and
 * values not counted (Wine's kernel32 profile tests as run on Windows). */
/* wide holds the ASCII text as the W calls take it; true when it fits. */
static bool widen(const char *text, wchar_t *wide, size_t cap) {
    size_t n = strlen(text);
    if (n >= cap) return false;
    for (size_t i = 0; i <= n; i++) wide[i] = (wchar_t)(unsigned char)text[i];
    return true;
}

/* Whether the first n UTF-16 units of w are the n bytes of a (NULs included). */
static bool units_are(const WCHAR *w, const char *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (w[i] != (WCHAR)(unsigned char)a[i]) return false;
    return true;
}

/* The W forms on the file ini_files left: Port 9443, [Cache] Size 64 ("GetPrivateProfileStringW":
 * sizes in characters, the same cuts as the A form's). */
static void ini_files_wide(wc_ctx *c, const char *path) {
    wchar_t wpath[MAX_PATH + 64];
    if (!widen(path, wpath, sizeof wpath / sizeof *wpath)) return;
    WCHAR w[64];
    DWORD n = GetPrivateProfileStringW(L"proxy", L"PORT", L"x", w, 64, wpath);
    wc_check(c, n == 4 && units_are(w, "9443", 5), "GetPrivateProfileStringW(proxy, PORT): %lu; expected 4, \"9443\"",
             (unsigned long)n);
    for (size_t i = 0; i < 64; i++) w[i] = 0x2323;
    n = GetPrivateProfileStringW(L"Proxy", L"Port", L"", w, 3, wpath);
    wc_check(c, n == 2 && units_are(w, "94", 3) && w[3] == 0x2323,
             "GetPrivateProfileStringW into 3 characters: %lu; expected 2, \"94\" and nothing past the buffer",
             (unsigned long)n);
    for (size_t i = 0; i < 64; i++) w[i] = 0x2323;
    n = GetPrivateProfileStringW(NULL, NULL, L"", w, 64, wpath);
    wc_check(c, n == 12 && units_are(w, "Proxy\0Cache\0\0", 13),
             "GetPrivateProfileStringW(NULL, NULL): %lu; expected 12, \"Proxy\", \"Cache\" and the second terminator",
             (unsigned long)n);
    for (size_t i = 0; i < 64; i++) w[i] = 0x2323;
    n = GetPrivateProfileStringW(NULL, NULL, L"", w, 10, wpath);
    wc_check(c, n == 8 && units_are(w, "Proxy\0Ca\0\0", 10) && w[10] == 0x2323,
             "GetPrivateProfileStringW(NULL, NULL) into 10 characters: %lu; expected 8 (nSize - 2), \"Proxy\", "
             "\"Ca\" terminated twice, nothing past the buffer",
             (unsigned long)n);
    UINT size = GetPrivateProfileIntW(L"Cache", L"Size", 0, wpath),
         none = GetPrivateProfileIntW(L"Cache", L"No", 7, wpath);
    wc_check(c, size == 64 && none == 7, "GetPrivateProfileIntW: %u, and %u for a key not there; expected 64, 7", size,
             none);
    BOOL ok = WritePrivateProfileStringW(L"Proxy", L"Mode", L"fast", wpath);
    char buf[16];
    n = GetPrivateProfileStringA("Proxy", "Mode", "", buf, sizeof buf, path);
    wc_check(c, ok && n == 4 && strcmp(buf, "fast") == 0,
             "WritePrivateProfileStringW(Proxy, Mode, fast): %d, then GetPrivateProfileStringA %lu \"%s\"; expected "
             "TRUE and \"fast\"",
             ok, (unsigned long)n, buf);
}

static void ini_files(wc_ctx *c) {
    char path[MAX_PATH + 64];
    HANDLE h;
    if (!wc_temp_new(c, "settings", ".ini", path, sizeof path, &h)) return;
    static const char text[] = "; vendor settings\r\n[Proxy]\r\n  Port = 8443  \r\nUpstream=\"198.51.100.7:80\"\r\n"
                               "[Log]\r\nLevel=debug\r\nMark=xyzx\r\n";
    DWORD put = 0;
    BOOL wrote = WriteFile(h, text, sizeof text - 1, &put, NULL);
    CloseHandle(h);
    if (!wc_check(c, wrote, "set-up: writing the .ini file \"%s\": error %lu", path, (unsigned long)GetLastError())) {
        DeleteFileA(path);
        return;
    }
    char buf[64];
    DWORD n = GetPrivateProfileStringA("proxy", "PORT", "x", buf, sizeof buf, path);
    wc_check(c, n == 4 && strcmp(buf, "8443") == 0,
             "GetPrivateProfileStringA(proxy, PORT): %lu \"%s\"; expected 4 "
             "\"8443\" (names in any case, blanks dropped)",
             (unsigned long)n, buf);
    n = GetPrivateProfileStringA("Proxy", "Upstream", "", buf, sizeof buf, path);
    wc_check(c, n == 15 && strcmp(buf, "198.51.100.7:80") == 0,
             "GetPrivateProfileStringA of a quoted value: %lu \"%s\"; expected the value without its quotes",
             (unsigned long)n, buf);
    n = GetPrivateProfileStringA("Proxy", "Missing", "fallback  ", buf, sizeof buf, path);
    wc_check(c, n == 8 && strcmp(buf, "fallback") == 0,
             "GetPrivateProfileStringA of a key not there, default \"fallback  \": %lu \"%s\"; expected \"fallback\"",
             (unsigned long)n, buf);
    n = GetPrivateProfileStringA("Log", "Mark", "", buf, sizeof buf, path);
    wc_check(c, n == 4 && strcmp(buf, "xyzx") == 0,
             "GetPrivateProfileStringA of a value that starts and ends with the same letter: %lu \"%s\"; expected "
             "\"xyzx\" whole (only quotes are dropped; mutant 203-8)",
             (unsigned long)n, buf);
    memset(buf, '#', sizeof buf);
    n = GetPrivateProfileStringA("Proxy", "Upstream", "", buf, 6, path);
    wc_check(
        c, n == 5 && strcmp(buf, "198.5") == 0 && buf[6] == '#',
        "GetPrivateProfileStringA into 6 characters: %lu \"%.8s\"; expected 5 \"198.5\" and nothing past the buffer",
        (unsigned long)n, buf);
    char list[64];
    memset(list, '#', sizeof list);
    n = GetPrivateProfileStringA("Proxy", NULL, "", list, sizeof list, path);
    wc_check(c, n == 14 && memcmp(list, "Port\0Upstream\0\0", 15) == 0,
             "GetPrivateProfileStringA(Proxy, NULL): %lu; expected 14, \"Port\", \"Upstream\" and the list's second "
             "terminator",
             (unsigned long)n);
    memset(list, '#', sizeof list);
    n = GetPrivateProfileStringA(NULL, NULL, "", list, sizeof list, path);
    wc_check(c, n == 10 && memcmp(list, "Proxy\0Log\0\0", 11) == 0,
             "GetPrivateProfileStringA(NULL, NULL): %lu; expected 10, \"Proxy\", \"Log\" and the second terminator",
             (unsigned long)n);
    memset(list, '#', sizeof list);
    n = GetPrivateProfileStringA(NULL, NULL, "", list, 9, path); /* room for "Proxy" and "L", then two ends */
    wc_check(c, n == 7 && memcmp(list, "Proxy\0L\0\0", 9) == 0 && list[9] == '#',
             "GetPrivateProfileStringA(NULL, NULL) into 9 characters: %lu, bytes %02x %02x %02x %02x %02x %02x %02x "
             "%02x %02x %02x; expected 7 (nSize - 2), \"Proxy\", \"L\" terminated twice (mutant 201-3), nothing past "
             "the buffer",
             (unsigned long)n, (unsigned char)list[0], (unsigned char)list[1], (unsigned char)list[2],
             (unsigned char)list[3], (unsigned char)list[4], (unsigned char)list[5], (unsigned char)list[6],
             (unsigned char)list[7], (unsigned char)list[8], (unsigned char)list[9]);
    UINT port = GetPrivateProfileIntA("Proxy", "Port", 80, path),
         dflt = GetPrivateProfileIntA("Proxy", "None", 80, path);
    wc_check(c, port == 8443 && dflt == 80, "GetPrivateProfileIntA: %u, and %u for a key not there; expected 8443, 80",
             port, dflt);
    BOOL w1 = WritePrivateProfileStringA("Proxy", "Port", "9443", path);
    BOOL w2 = WritePrivateProfileStringA("Cache", "Size", "64", path);
    BOOL w3 = WritePrivateProfileStringA("Log", NULL, NULL, path);
    BOOL w4 = WritePrivateProfileStringA("Proxy", "Upstream", NULL, path);
    UINT p2 = GetPrivateProfileIntA("Proxy", "Port", 80, path), size = GetPrivateProfileIntA("Cache", "Size", 0, path);
    n = GetPrivateProfileStringA("Log", "Level", "none", buf, sizeof buf, path);
    DWORD n2 = GetPrivateProfileStringA("Proxy", "Upstream", "none", list, sizeof list, path);
    wc_check(c,
             w1 && w2 && w3 && w4 && p2 == 9443 && size == 64 && strcmp(buf, "none") == 0 && strcmp(list, "none") == 0,
             "WritePrivateProfileStringA: set %d, new section %d, section deleted %d, key deleted %d; then Port %u, "
             "Size %u, Level \"%s\", Upstream \"%s\"; expected 9443, 64 and both gone",
             w1, w2, w3, w4, p2, size, buf, n2 ? list : "");
    memset(list, '#', sizeof list);
    n = GetPrivateProfileStringA(NULL, NULL, "", list, sizeof list, path);
    wc_check(
        c, n == 12 && memcmp(list, "Proxy\0Cache\0\0", 13) == 0,
        "the sections after the writes: %lu; expected 12, \"Proxy\", \"Cache\" (the deleted section's line gone too)",
        (unsigned long)n);
    ini_files_wide(c, path);
    DeleteFileA(path);
}

static const wc_case cases[] = {
    WC_CASE("S3.k32.registry", "S3", "#remarks", WC_MUST,
            "RegOpenKeyExA of a key not there, RegCreateKeyExA's dispositions, values set and read back "
            "(ERROR_MORE_DATA with the size for a short buffer), RegDeleteKeyA refusing a key with a subkey",
            registry),
    WC_CASE("S3.k32.registry-wide", "S3", "#remarks", WC_MUST,
            "the W registry calls: keys and values by wide names; a REG_SZ a W call set reads back through "
            "RegQueryValueExA as ANSI text of its own size, one the A call set through RegQueryValueExW as two "
            "bytes a character; a REG_DWORD as it was",
            registry_wide),
    WC_CASE("S3.k32.registry-get-value", "S3", "#remarks", WC_MUST,
            "RegGetValueA: a DWORD through a subkey path, a REG_SZ's size, ERROR_MORE_DATA and text with its "
            "terminator, ERROR_UNSUPPORTED_TYPE outside the RRF_RT_ flags, a REG_EXPAND_SZ expanded as REG_SZ or kept "
            "with RRF_NOEXPAND, ERROR_UNSUPPORTED_TYPE for no flag, ERROR_INVALID_PARAMETER for pvData without pcbData",
            registry_get_value),
    WC_CASE(
        "S3.k32.registry-enum", "S3", "#remarks", WC_MUST,
        "RegQueryInfoKeyA counts subkeys and values and their longest names; RegEnumKeyExA/W and RegEnumValueA give "
        "each direct subkey and value once, then ERROR_NO_MORE_ITEMS; ERROR_MORE_DATA for a short name, and for "
        "short data with the size; no enumeration without KEY_ENUMERATE_SUB_KEYS",
        registry_enum),
    WC_CASE(
        "S3.k32.ini-files", "S3", "#remarks", WC_MUST,
        "GetPrivateProfileStringA: names in any case, blanks and quotes dropped, the default's trailing blanks, a "
        "value cut to nSize - 1, lists of keys and sections; GetPrivateProfileIntA; WritePrivateProfileStringA sets, "
        "adds a section, deletes a key and a section",
        ini_files),
    WC_CASE("S3.k32.folders", "S3", "#remarks", WC_MUST,
            "GetTempPathA/W and GetCurrentDirectoryA: the size needed for no buffer or one too small, then the "
            "path's length; the temporary path ends with a separator and takes a file, a file made by its bare "
            "name is in the current folder",
            folders),
    WC_CASE("S3.k32.service-startup", "S3", "#remarks", WC_MUST,
            "a console program: StartServiceCtrlDispatcherA fails with ERROR_FAILED_SERVICE_CONTROLLER_CONNECT, "
            "RegisterServiceCtrlHandlerExA with NULL, SetServiceStatus(NULL) with ERROR_INVALID_HANDLE",
            service_startup),
    WC_CASE("S3.k32.module-file-name", "S3", "#remarks", WC_MUST,
            "GetModuleFileNameA/W name the program's .exe and ws2_32.dll; a short buffer gets nSize, "
            "ERROR_INSUFFICIENT_BUFFER, a terminated prefix; GetCommandLineA is one buffer",
            module_file_name),
    WC_CASE("S3.k32.file-times", "S3", "#remarks", WC_MUST,
            "FileTimeToSystemTime and SystemTimeToFileTime: 1601, the Unix epoch, a leap day, the last FILETIME, "
            "and back; 2^63 and invalid dates fail with ERROR_INVALID_PARAMETER",
            file_times),
};

WC_TABLE(wc_startup_calls, cases);
