/* ws2tcpip.h (wfpcert): a program's `#include <ws2tcpip.h>` on Linux; the model's names are all in
 * winsock2.h here (see there). */
#ifndef WFPCERT_SDK_WS2TCPIP_H
#define WFPCERT_SDK_WS2TCPIP_H
#include "winsock2.h"
#endif
