/*
 * share.c: whether a second bind may share an address and port a bound socket already holds,
 * decided by the two sockets' SO_REUSEADDR / SO_EXCLUSIVEADDRUSE and by which of the two is
 * bound to the wildcard address.
 *
 * Why a table: the pages give one.  "Sharing Transport Addresses" (WSK, the transport that
 * Winsock binds through) lists the result for every pair: SUCCESS, INUSE
 * (STATUS_ADDRESS_ALREADY_EXISTS, WSAEADDRINUSE), DENIED (STATUS_ACCESS_DENIED, WSAEACCES) or
 * CHECK (an access check against the first socket's security descriptor; every socket of the
 * model belongs to one user, and Microsoft's networking blog "Changes in Socket Bind" says
 * such a bind succeeds "if both sockets are created under the same user context").  Wine's
 * ws2_32 tests, as run on Windows, agree on every cell they try (test_reuseaddr).  "Using
 * SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" adds that which socket then gets a connection or a
 * datagram is not determined; the model gives it to the first one bound, as those tests saw.
 */
#include "net.h"

enum { OK = 0, INUSE = WSAEADDRINUSE, DENIED = WSAEACCES, CHECK = 0 /* one user: the check passes */ };

static int opt_of(const ms_socket *sk) { return sk->opt_exclusive ? 2 : sk->opt_reuseaddr ? 1 : 0; }

/* [second's option][second specific][first's option][first specific]; option 0 none,
 * 1 SO_REUSEADDR, 2 SO_EXCLUSIVEADDRUSE. */
static const int table[3][2][3][2] = {
    {{{INUSE, OK}, {INUSE, OK}, {INUSE, OK}}, {{CHECK, INUSE}, {CHECK, DENIED}, {DENIED, INUSE}}},
    {{{DENIED, OK}, {OK, OK}, {DENIED, OK}}, {{CHECK, DENIED}, {OK, OK}, {DENIED, DENIED}}},
    {{{INUSE, INUSE}, {INUSE, INUSE}, {INUSE, INUSE}}, {{CHECK, INUSE}, {CHECK, INUSE}, {DENIED, INUSE}}},
};

int ms_bind_share(const ms_socket *second, bool second_wild, const ms_socket *first, bool first_wild) {
    return table[opt_of(second)][!second_wild][opt_of(first)][!first_wild];
}
