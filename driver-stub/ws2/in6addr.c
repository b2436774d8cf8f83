/*
 * in6addr.c: in6addr_any and in6addr_loopback, the two IPv6 addresses ws2_32 exports as data
 * (declared in ws2tcpip.h; Wine's ws2_32 exports them too).
 *
 * Why: a dual-stack service binds to in6addr_any and a client connects to in6addr_loopback by
 * name; without them such a program does not link against the model.
 */
#include "../net/net.h"

const IN6_ADDR in6addr_any = IN6ADDR_ANY_INIT;
const IN6_ADDR in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
