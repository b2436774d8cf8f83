/*
 * sdk_check.c: a Windows program as it is written for the SDK (its own <winsock2.h>,
 * <ws2tcpip.h> and <strsafe.h>, the C runtime's sprintf_s), built against an installed wfpcert
 * with only WFPCERT_SDK_INCLUDE_DIR on its include path.  If a header the SDK-named ones need was
 * not installed, this does not build; if a call behaves otherwise, it exits 1.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <strsafe.h>

#include <stdio.h>
#include <string.h>

int main(void) {
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        fprintf(stderr, "WSAStartup failed\n");
        return 1;
    }
    char port[8], line[32];
    DWORD value = 4000000000u;
    int n = sprintf_s(port, sizeof port, "%u", 8080u);
    HRESULT hr = StringCchPrintfA(line, sizeof line, "%lu|%s", value, port);
    int ok = n == 4 && SUCCEEDED(hr) && strcmp(line, "4000000000|8080") == 0;
    WSACleanup();
    printf("sdk check: %s\n", ok ? "sprintf_s and StringCchPrintfA as on Windows" : line);
    return ok ? 0 : 1;
}
