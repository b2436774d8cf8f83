/*
 * gen_seeds.c: writes the seed corpora and dictionaries of corpus/ from the IOCTL
 * descriptor table (conformance/oracle).
 *
 * Usage: wfpcert-gen-seeds DIR          write DIR/<target>/<seed> and DIR/<target>.dict
 *        wfpcert-gen-seeds --check DIR  exit 1 naming every file that differs or is missing
 *
 * Why generated: a seed is only useful if it decodes to the call it is meant to be, and the
 * harnesses decode inputs with wh_fdp_range/wh_fdp_bool (harness/fdp.c).  The encoder below is the
 * inverse of that decoder, so each seed is written as the decisions it stands for ("QUERY
 * RECORDS on a redirected socket, output N-1 bytes, completion port"), and adding a code to
 * the descriptor table adds its seeds.  The output is checked in; the ctest
 * fuzz.seeds_current fails when the table and corpus/ drift apart.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "oracle.h"

/* ------------------------------------------------------------------ encoder */
typedef struct enc {
    unsigned char b[4096];
    size_t n;
} enc;

/* The inverse of wh_fdp_range(lo, hi): as many big-endian bytes as the span needs. */
static void put_range(enc *e, unsigned lo, unsigned hi, unsigned v) {
    unsigned span = hi - lo, off = v - lo;
    int bytes = 0;
    for (unsigned s = span; s; s >>= 8) bytes++;
    for (int i = bytes - 1; i >= 0; i--) e->b[e->n++] = (unsigned char)(off >> (8 * i));
}
static void put_u8(enc *e, unsigned v) { e->b[e->n++] = (unsigned char)v; }
static void put_bytes(enc *e, const void *p, size_t n) {
    memcpy(e->b + e->n, p, n);
    e->n += n;
}

/* ------------------------------------------------------------------ output */
static const char *root;
static int checking, stale;

static void emit(const char *rel, const void *data, size_t n) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    if (checking) {
        FILE *f = fopen(path, "rb");
        static unsigned char old[1 << 16];
        size_t m = f ? fread(old, 1, sizeof old, f) : 0;
        if (!f || m != n || memcmp(old, data, n) != 0) {
            fprintf(stderr, "stale or missing: %s (run: cmake --build <dir> --target fuzz-seeds)\n", path);
            stale = 1;
        }
        if (f) fclose(f);
        return;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
        *p = 0;
        if (mkdir(dir, 0777) && errno != EEXIST) {
            fprintf(stderr, "wfpcert-gen-seeds: %s: %s\n", dir, strerror(errno));
            exit(2);
        }
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f)) {
        fprintf(stderr, "wfpcert-gen-seeds: %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static void seed(const char *target, const char *name, const enc *e) {
    char rel[256];
    snprintf(rel, sizeof rel, "%s/%s", target, name);
    emit(rel, e->b, e->n);
}

/* ------------------------------------------------------- the harness decisions */
/* Mirrors of the choices in harness/wh.c and the targets (indexes into their tables). */
enum { PROFILE_WINDOWS = 0, PROFILE_DOCS_TABLE = 1 };
enum { SOCK_REDIRECTED = 0, SOCK_FRESH = 3, SOCK_LISTENING = 5, SOCK_PLAIN = 6, SOCK_UDP = 8, SOCK_NOT_SOCKET = 10 };
enum { LEN_ZERO = 0, LEN_ULONG = 2, LEN_NM1 = 3, LEN_N = 4, LEN_1024 = 7, LEN_8192 = 9 };
enum { PTR_NULL = 0, PTR_HEAP = 1, PTR_GUARDED = 2 };
enum { LPCB_HEAP = 0, LPCB_NULL = 4 };

/* wh_choose_profile: profile, then four knob choices (0 = leave the profile's value). */
static void profile_as(enc *e, unsigned which, unsigned completion, unsigned failure) {
    put_range(e, 0, 3, which);
    put_range(e, 0, 2, completion);
    put_range(e, 0, 2, failure);
    put_range(e, 0, 2, 0);
    put_range(e, 0, 2, 0);
}

static void profile(enc *e, unsigned completion, unsigned failure) {
    profile_as(e, PROFILE_WINDOWS, completion, failure);
}

/* wh_random_ioctl for a table entry. */
static void ioctl_call(enc *e, const wc_oracle_ioctl_desc *d, unsigned out_len, unsigned out_ptr, unsigned lpcb,
                       wc_oracle_mode mode) {
    put_range(e, 0, 15, 1); /* not a raw code */
    unsigned at = 0;
    for (const wc_oracle_ioctl_desc *p = wc_oracle_ioctls; p != d; p++) at += p->weight;
    put_range(e, 0, wc_oracle_ioctl_weight_total() - 1, at);
    if (d->kind == WC_ORACLE_K_EXT_POINTER) {
        put_range(e, 0, 11, LEN_N); /* cbInBuffer = sizeof(GUID) */
        put_range(e, 0, 6, PTR_HEAP);
        put_range(e, 0, 3, 1); /* a GUID */
        put_range(e, 0, 2, 0); /* WSARecvMsg's */
    } else {
        put_range(e, 0, 11, d->kind == WC_ORACLE_K_IN_ULONG ? LEN_N : LEN_ZERO);
        put_range(e, 0, 6, d->kind == WC_ORACLE_K_IN_ULONG ? PTR_HEAP : PTR_NULL);
        put_range(e, 0, 512, d->kind == WC_ORACLE_K_IN_ULONG ? 4 : 0);
        if (d->kind == WC_ORACLE_K_IN_ULONG) put_bytes(e, "\1\0\0\0", 4);
    }
    put_range(e, 0, 11, out_len);
    put_range(e, 0, 6, out_ptr);
    put_range(e, 0, 6, lpcb);
    put_range(e, 0, 3, mode);
    put_range(e, 0, 3, 1); /* WSAIoctl */
}

static void ioctl_seed(const char *code, const char *what, unsigned sock, const wc_oracle_ioctl_desc *d,
                       unsigned out_len, unsigned lpcb, wc_oracle_mode mode, unsigned completion) {
    enc e = {.n = 0};
    profile(&e, completion, 0);
    put_range(&e, 0, 11, sock);
    put_range(&e, 0, 1, 0); /* AF_INET */
    put_range(&e, 0, 3, 1); /* overlapped */
    ioctl_call(&e, d, out_len, PTR_HEAP, lpcb, mode);
    char name[160];
    snprintf(name, sizeof name, "%s-%s", code, what);
    seed("ioctl", name, &e);
}

static void gen_ioctl(void) {
    static const char *const modes[] = {"sync", "event", "routine", "iocp"};
    /* The calls every WFP code gets a seed for (query_only: not for SET, which has no output). */
    static const struct {
        const char *what;
        unsigned sock, len, lpcb;
        wc_oracle_mode mode;
        unsigned completion, query_only;
    } family[] = {
        {"redirected-sync", SOCK_REDIRECTED, LEN_N, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 0},
        {"redirected-event", SOCK_REDIRECTED, LEN_N, LPCB_HEAP, WC_ORACLE_M_EVENT, 0, 0},
        {"redirected-routine", SOCK_REDIRECTED, LEN_N, LPCB_HEAP, WC_ORACLE_M_ROUTINE, 0, 0},
        {"redirected-iocp", SOCK_REDIRECTED, LEN_N, LPCB_HEAP, WC_ORACLE_M_IOCP, 0, 0},
        {"redirected-deferred-iocp", SOCK_REDIRECTED, LEN_8192, LPCB_HEAP, WC_ORACLE_M_IOCP, 2, 0},
        {"redirected-too-small", SOCK_REDIRECTED, LEN_NM1, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 1},
        {"redirected-size-probe", SOCK_REDIRECTED, LEN_ZERO, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 1},
        {"plain", SOCK_PLAIN, LEN_1024, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 1},
        {"listening", SOCK_LISTENING, LEN_1024, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 1},
        {"udp", SOCK_UDP, LEN_1024, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 1},
        {"null-lpcb", SOCK_REDIRECTED, LEN_1024, LPCB_NULL, WC_ORACLE_M_SYNC, 0, 0},
        {"not-a-socket", SOCK_NOT_SOCKET, LEN_1024, LPCB_HEAP, WC_ORACLE_M_SYNC, 0, 0},
    };
    for (int i = 0; i < wc_oracle_ioctl_count; i++) {
        const wc_oracle_ioctl_desc *d = &wc_oracle_ioctls[i];
        char lower[64];
        size_t k = 0;
        for (const char *p = d->name; *p && k + 1 < sizeof lower; p++)
            lower[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : (*p == '(' || *p == ')' || *p == ',') ? '_' : *p);
        lower[k] = 0;
        /* Short file names: the ctest names are built from them. */
        static const char *const cut[] = {"sio_", "wfp_connection_redirect_", "_ioc_vendor_", "ioc_"};
        for (size_t c = 0; c < sizeof cut / sizeof cut[0]; c++)
            for (char *p; (p = strstr(lower, cut[c]));)
                memmove(p + (cut[c][0] == '_'), p + strlen(cut[c]), strlen(p + strlen(cut[c])) + 1);
        for (size_t v = 0; d->wfp_family && v < sizeof family / sizeof family[0]; v++) {
            if (family[v].query_only && d->kind == WC_ORACLE_K_SET_RECORDS) continue;
            /* SET has no output: its calls get cbOutBuffer 0 where QUERY gets N. */
            unsigned len = d->kind == WC_ORACLE_K_SET_RECORDS && family[v].len == LEN_N ? LEN_ZERO : family[v].len;
            ioctl_seed(lower, family[v].what, family[v].sock, d, len, family[v].lpcb, family[v].mode,
                       family[v].completion);
        }
        if (!d->wfp_family) ioctl_seed(lower, "sync", SOCK_REDIRECTED, d, LEN_N, LPCB_HEAP, WC_ORACLE_M_SYNC, 0);
        for (int m = 1; d->code == 0xDEADBEEFu && m < 4; m++)
            ioctl_seed(lower, modes[m], SOCK_REDIRECTED, d, LEN_N, LPCB_HEAP, (wc_oracle_mode)m, 0);
    }
}

/* fuzz_records: elevated, family, blob mode, [edits], socket, overlapped, [cb], pointer, out, mode. */
static void records_seed(const char *name, unsigned blob_mode, const unsigned char *edits, size_t nedits, unsigned sock,
                         wc_oracle_mode mode) {
    enc e = {.n = 0};
    profile(&e, 0, 0);
    put_range(&e, 0, 7, 1); /* elevated */
    put_range(&e, 0, 1, 0);
    put_range(&e, 0, 4, blob_mode); /* 0 intact, 1 raw bytes, 2-3 edited, 4 another world's */
    if (blob_mode == 1) {
        put_range(&e, 0, 4096, 8);
        put_bytes(&e, "WFPRECv1", 8);
    } else if (blob_mode == 2 || blob_mode == 3) {
        put_bytes(&e, edits, nedits);
    }
    put_range(&e, 0, 8, sock); /* records' own table: 0..3 fresh, 4 bound, 5 listening, 6 plain, 7 closed, 8 UDP */
    put_range(&e, 0, 3, 1);
    put_range(&e, 0, 7, 1); /* cbInBuffer = the blob's length */
    put_range(&e, 0, 8, 0); /* heap */
    put_range(&e, 0, 3, mode);
    put_range(&e, 0, 15, 1); /* cbOutBuffer 0 */
    seed("records", name, &e);
}

static void gen_records(void) {
    /* Edit lists as fuzz_records decodes them: count-1, then per edit: offset, operation
     * (0 flip, 1 set, 2 truncate, 3 append, 4 repeat), its argument. */
    static const unsigned char flip[] = {0, 40, 0, 3}; /* flip bit 3 of byte 40 */
    static const unsigned char trunc[] = {0, 100, 2}; /* truncate to 100 bytes */
    static const unsigned char length[] = {1, 8, 1, 0xff, 9, 1, 0x7f}; /* two header bytes set */
    static const unsigned char dup[] = {0, 20, 4}; /* repeat bytes 20.. */
    records_seed("intact-fresh-sync", 0, NULL, 0, 0, WC_ORACLE_M_SYNC);
    records_seed("intact-fresh-event", 0, NULL, 0, 0, WC_ORACLE_M_EVENT);
    records_seed("intact-fresh-iocp", 0, NULL, 0, 0, WC_ORACLE_M_IOCP);
    records_seed("intact-bound", 0, NULL, 0, 4, WC_ORACLE_M_SYNC);
    records_seed("intact-connected", 0, NULL, 0, 6, WC_ORACLE_M_SYNC);
    records_seed("raw-bytes", 1, NULL, 0, 0, WC_ORACLE_M_SYNC);
    records_seed("edit-bit-flip", 2, flip, sizeof flip, 0, WC_ORACLE_M_SYNC);
    records_seed("edit-truncate", 2, trunc, sizeof trunc, 0, WC_ORACLE_M_SYNC);
    records_seed("edit-header-bytes", 2, length, sizeof length, 0, WC_ORACLE_M_SYNC);
    records_seed("edit-repeat-slice", 3, dup, sizeof dup, 0, WC_ORACLE_M_ROUTINE);
    records_seed("other-world-fresh-sync", 4, NULL, 0, 0, WC_ORACLE_M_SYNC);
}

/* fuzz_cmsg: family v4, not overlapped, no stream socket, both options left on. */
static void cmsg_prefix(enc *e) {
    e->n = 0;
    put_range(e, 0, 1, 0);
    put_range(e, 0, 1, 0);
    put_range(e, 0, 3, 1);
    put_range(e, 0, 3, 1);
}

/* A receive: Control.len choice (see do_recv's table), a heap control buffer, 2048 data bytes. */
static void cmsg_recv(enc *e, unsigned len_choice) {
    put_range(e, 0, 3, 0);
    put_range(e, 0, 10, len_choice);
    put_range(e, 0, 7, 0);
    put_range(e, 0, 4, 4);
    put_range(e, 0, 15, 1);
}

static void gen_cmsg(void) {
    enc e;
    /* The flow-creating datagram with exactly the control space it needs, then the next one. */
    cmsg_prefix(&e);
    cmsg_recv(&e, 5);
    cmsg_recv(&e, 9);
    seed("cmsg", "recv-exact", &e);
    static const struct {
        const char *name;
        unsigned len;
    } recvs[] = {{"recv-one-short", 4},
                 {"recv-no-control", 0},
                 {"recv-one-byte", 1},
                 {"recv-header-minus-one", 2},
                 {"recv-records-only-space", 7}};
    for (size_t i = 0; i < sizeof recvs / sizeof recvs[0]; i++) {
        cmsg_prefix(&e);
        cmsg_recv(&e, recvs[i].len);
        seed("cmsg", recvs[i].name, &e);
    }
    /* Sends: one records message with the right length, one with cmsg_len 0, a chain of two. */
    static const struct {
        const char *name;
        unsigned n, len_choice, type_choice;
    } sends[] = {{"send-records", 1, 0, 0},
                 {"send-cmsg-len-zero", 1, 2, 0},
                 {"send-below-header", 1, 3, 2},
                 {"send-past-buffer", 1, 4, 1},
                 {"send-chain", 2, 0, 0}};
    for (size_t i = 0; i < sizeof sends / sizeof sends[0]; i++) {
        cmsg_prefix(&e);
        put_range(&e, 0, 3, 2); /* send */
        put_range(&e, 0, 4, sends[i].n);
        for (unsigned k = 0; k < sends[i].n; k++) {
            put_range(&e, 0, 64, 8);
            put_bytes(&e, "RECORDS!", 8);
            put_range(&e, 0, 7, 1); /* aligned */
            put_range(&e, 0, 5, sends[i].len_choice);
            put_range(&e, 0, 4, 0); /* IPPROTO_IP */
            put_range(&e, 0, 4, sends[i].type_choice);
        }
        put_range(&e, 0, 7, 1); /* Control.len as built */
        put_range(&e, 0, 5, 0); /* heap */
        put_range(&e, 0, 64, 4);
        put_bytes(&e, "data", 4);
        put_range(&e, 0, 15, 1);
        seed("cmsg", sends[i].name, &e);
    }
}

/* fuzz_sequence: profile, then opcode bytes with their arguments. */
static void gen_sequence(void) {
    /* After the profile: an opcode byte (op % 12); every opcode but 0 first picks a socket,
     * which costs a byte only once there are two or more.  Opcode 11 is a Winsock call of
     * api_calls.c: its kind (0-11), then its arguments in the order they are decoded. */
    static const struct {
        const char *name;
        unsigned char ops[48];
        size_t n;
        unsigned profile;
    } seqs[] = {
        /* new redirected socket (kind 4), v4, overlapped; query twice; proxy step; wait */
        {"query-twice-proxy-step", {0, 4, 0, 1, 2, 0, 3, 7, 0}, 9, PROFILE_WINDOWS},
        /* redirected; hold an overlapped QUERY; close the socket (A47) */
        {"hold-then-close", {0, 4, 0, 1, 6, 5, 7}, 7, PROFILE_WINDOWS},
        /* redirected; hold; wait for it (A46) */
        {"hold-then-wait", {0, 4, 0, 1, 6, 7}, 6, PROFILE_WINDOWS},
        /* redirected; hold; flush; wait */
        {"hold-flush-wait", {0, 4, 0, 1, 6, 10, 7}, 7, PROFILE_WINDOWS},
        /* the same where SIO_FLUSH aborts what pends (flush=abort, the docs-table profile: A27) */
        {"hold-flush-wait-aborts", {0, 4, 0, 1, 6, 10, 7}, 7, PROFILE_DOCS_TABLE},
        /* redirected; send 5 bytes, recv them at the other end; pump; complete pended.  A send
         * command (4, send_calls.c) picks its call (on a connected flow 0-3: send, WSASend,
         * overlapped WSASend, 3 fill, 4 shutdown(SD_SEND); elsewhere 0-5: send, WSASend,
         * overlapped WSASend, recv, WSARecv, shutdown), the length (1 + v % 64),
         * the bytes, and on a connected flow the receive (0 recv, 1 WSARecv). */
        {"send-recv-pump", {0, 4, 0, 1, 4, 0, 4, 'h', 'e', 'l', 'l', 'o', 0, 8, 9}, 15, PROFILE_WINDOWS},
        /* redirected, not overlapped: WSASend over two WSABUFs, WSARecv into two */
        {"wsasend-wsarecv", {0, 4, 0, 0, 4, 1, 4, 'h', 'e', 'l', 'l', 'o', 1}, 13, PROFILE_WINDOWS},
        /* plain connection: overlapped WSASend with an event, WSAGetOverlappedResult, WSARecv */
        {"wsasend-overlapped", {0, 3, 0, 1, 4, 2, 5, 'r', 'e', 'l', 'a', 'y', '!', 1}, 14, PROFILE_WINDOWS},
        /* redirected: fill the flow until a non-blocking send is refused, drain the other end,
         * and the sender must be writable again; then an ordinary send still arrives */
        {"fill-drain", {0, 4, 0, 0, 4, 3, 4, 0, 3, 'e', 'n', 'd', 0}, 13, PROFILE_WINDOWS},
        /* fresh overlapped TCP socket: overlapped WSASend, WSARecv and send fail with WSAENOTCONN
         * and set the last error; the WSASend's event stays unsignalled */
        {"send-unconnected", {0, 0, 0, 1, 4, 2, 0, 'x', 4, 4, 1, 'y', 'z', 4, 0, 0, 'w'}, 17, PROFILE_WINDOWS},
        /* redirected: shutdown(SD_SEND), then a send fails with WSAESHUTDOWN */
        {"shutdown-then-send", {0, 4, 0, 1, 4, 4, 4, 0, 0, 'x'}, 10, PROFILE_WINDOWS},
        /* fresh TCP socket: shutdown(SD_SEND) is WSAENOTCONN */
        {"shutdown-unconnected", {0, 0, 0, 1, 4, 5}, 6, PROFILE_WINDOWS},
        /* not a socket: WSASend and recv fail with WSAENOTSOCK */
        {"send-not-socket", {0, 8, 0, 0, 4, 1, 0, 'x', 4, 3, 0, 'y'}, 12, PROFILE_WINDOWS},
        /* the UDP proxy's socket is bound, not connected: WSASend without an address is WSAENOTCONN */
        {"send-udp-unconnected", {0, 6, 0, 1, 4, 1, 0, 'x'}, 8, PROFILE_WINDOWS},
        /* UDP proxy and a plain connection; an ioctl on each */
        {"udp-and-plain", {0, 6, 0, 1, 0, 3, 0, 1, 1, 1}, 10, PROFILE_WINDOWS},
        /* fresh socket; SO_UPDATE_CONNECT_CONTEXT on it (unconnected), ConnectEx (IPv4, 4 bytes
         * to send), then the option once connected */
        {"connectex-update", {0, 0, 0, 1, 11, 0, 0, 1, 1, 4, 'd', 'a', 't', 'a'}, 14, PROFILE_WINDOWS},
        /* the same over IPv6, nothing to send, no option before */
        {"connectex-update-v6", {0, 0, 0, 1, 11, 0, 1, 0, 1, 0}, 10, PROFILE_WINDOWS},
        /* plain connection and UDP proxy; select both for reading and writing, timeout {0, 0} */
        {"select-poll", {0, 3, 0, 1, 0, 6, 0, 1, 11, 0, 1, 1, 2, 0, 1, 1, 2, 0, 1, 0, 0, 0}, 22, PROFILE_WINDOWS},
        /* the same, writable set only, timeout {0, 999} */
        {"select-short-wait", {0, 3, 1, 1, 0, 6, 1, 1, 11, 1, 1, 0, 0, 1, 2, 0, 1, 0, 0, 3}, 20, PROFILE_WINDOWS},
        /* inet_ntop of 2001:db8:0:1:1:1:1:1 into its exact size: one zero group is no "::" (RFC 5952 4.2.2) */
        {"ntop-single-zero-group",
         {0, 0, 0, 1, 11, 2, 1, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
         25,
         PROFILE_WINDOWS},
        /* 2001:db8:0:0:1:0:0:1: the first of two equal runs is "::" (RFC 5952 4.2.3), INET6_ADDRSTRLEN */
        {"ntop-equal-runs",
         {0, 0, 0, 1, 11, 2, 1, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0},
         25,
         PROFILE_WINDOWS},
        /* inet_ntop of 192.0.2.33 into one char less than it needs */
        {"ntop-v4-short", {0, 0, 0, 1, 11, 2, 0, 192, 0, 2, 33, 2}, 12, PROFILE_WINDOWS},
        /* getaddrinfo("localhost", "443"), AF_UNSPEC, no flags */
        {"getaddrinfo-localhost", {0, 0, 0, 1, 11, 3, 0, 0, 0, 0x01, 0xbb}, 11, PROFILE_WINDOWS},
        /* getaddrinfo("localhost", AI_NUMERICHOST): EAI_NONAME */
        {"getaddrinfo-localhost-numeric", {0, 0, 0, 1, 11, 3, 0, 1, 2, 0, 80}, 11, PROFILE_WINDOWS},
        /* getaddrinfo of a numeric IPv6 text, AI_NUMERICHOST, port 80 */
        {"getaddrinfo-numeric-v6",
         {0, 0, 0, 1, 11, 3, 2, 0, 2, 0, 80, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0},
         28,
         PROFILE_WINDOWS},
        /* getnameinfo(198.51.100.7 port 8080, NI_NUMERICHOST | NI_NUMERICSERV) into buffers of
         * exactly the texts' sizes */
        {"getnameinfo-numeric", {0, 0, 0, 1, 11, 4, 0, 198, 51, 100, 7, 0x1f, 0x90, 3, 1, 1}, 16, PROFILE_WINDOWS},
        /* getnameinfo(2001:db8::7 port 443, numeric): the largest host buffer, a service one byte short */
        {"getnameinfo-numeric-v6",
         {0, 0, 0, 1, 11, 4, 1, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0x01, 0xbb, 3, 0, 2},
         29,
         PROFILE_WINDOWS},
        /* WSAAddressToStringA of [2001:db8::7%1]:443, then WSAStringToAddressA of the text */
        {"address-string-v6-port",
         {0, 0, 0, 1, 11, 5, 1, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0x01, 0xbb, 1, 1},
         29,
         PROFILE_WINDOWS},
        /* WSAAddressToStringA of 198.51.100.7:8080 into one char less than it needs */
        /* a provider and a callout object of a new key: added, refused, deleted, not found */
        {"wfp-objects", {0, 0, 0, 1, 11, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0}, 19, PROFILE_WINDOWS},
        /* a BLOCK filter (Winsock call 7, filter_calls.c): family, 1 + v % 3 conditions, each
         * on the port (then RANGE or an ordering match) or the address (IPv6: NOT_EQUAL or
         * EQUAL, a bit flipped or not; IPv4: a value near 127.0.0.1, then a mask or an
         * ordering match); values near the listener's port or address (0 the same, 1 one
         * less, 2 one more).  ::1 EQUAL: the connect is blocked */
        {"filter-v6-exact", {0, 0, 0, 1, 11, 7, 1, 0, 0, 0, 0}, 11, PROFILE_WINDOWS},
        /* :: (the last bit of ::1 flipped) EQUAL: the connect to ::1 goes through */
        {"filter-v6-other", {0, 0, 0, 1, 11, 7, 1, 0, 0, 0, 1, 15, 0}, 13, PROFILE_WINDOWS},
        /* 127.0.0.2 under a /8 mask: 127.0.0.1 is blocked */
        {"filter-v4-mask8", {0, 0, 0, 1, 11, 7, 0, 0, 0, 2, 1, 8}, 12, PROFILE_WINDOWS},
        /* the port in [port - 1, port] and the address LESS than 127.0.0.2: both hold, blocked */
        {"filter-port-range-and-addr", {0, 0, 0, 1, 11, 7, 0, 1, 1, 1, 1, 0, 0, 2, 0, 3}, 16, PROFILE_WINDOWS},
        /* the port GREATER than itself: the connect goes through */
        {"filter-port-greater", {0, 0, 0, 1, 11, 7, 0, 0, 1, 0, 2, 0}, 12, PROFILE_WINDOWS},
        /* AcceptEx (Winsock call 8): IPv4, all arguments right: it pends, and closing the accept
         * socket ends it with WSA_OPERATION_ABORTED */
        {"acceptex-pending-abort", {0, 0, 0, 1, 11, 8, 0, 0}, 8, PROFILE_WINDOWS},
        /* AcceptEx (IPv6) with a remote address length of 0: WSAEFAULT, nothing signalled */
        {"acceptex-no-remote-room", {0, 0, 0, 1, 11, 8, 1, 4}, 8, PROFILE_WINDOWS},
        /* inet_pton of an edited IPv4 text (Winsock call 9): 192.0.2.1 with its first
         * character made 'a' (alphabet "0123456789.a :-x" and the NUL): no address, 0 */
        {"pton-letter", {0, 0, 0, 1, 11, 9, 192, 0, 2, 1, 1, 0, 11}, 13, PROFILE_WINDOWS},
        /* 1.0.2.3 with its last character cut (the NUL): "1.0.2.", an empty part, no address */
        {"pton-empty-part", {0, 0, 0, 1, 11, 9, 1, 0, 2, 3, 1, 6, 16}, 13, PROFILE_WINDOWS},
        /* 192.0.2.1 with ".5" appended: five parts, no address */
        {"pton-fifth-part", {0, 0, 0, 1, 11, 9, 192, 0, 2, 1, 2, 9, 10, 10, 5}, 15, PROFILE_WINDOWS},
        /* look-ups (Winsock call 10, lookup_calls.c), first a module (1) or inet_addr (0).  A
         * module: which (ws2_32, mswsock, kernel32), its spelling, the export, how (0-1 the name,
         * 2 edited, 3 an ordinal), where an edit goes (then, edited, cut (1) or case flipped),
         * the ordinal's low byte, an error value.  WS2_32's WSASetLastError sets what
         * WSAGetLastError reads */
        {"getprocaddress-set-error", {0, 0, 0, 1, 11, 10, 1, 0, 1, 2, 0, 0, 0, 0x22}, 14, PROFILE_WINDOWS},
        /* MsWsock.dll's "AccEptEx": NULL, ERROR_PROC_NOT_FOUND */
        {"getprocaddress-case", {0, 0, 0, 1, 11, 10, 1, 1, 2, 0, 2, 3, 0, 0, 0}, 15, PROFILE_WINDOWS},
        /* kernel32's ordinal 0xF010: NULL */
        {"getprocaddress-ordinal", {0, 0, 0, 1, 11, 10, 1, 2, 0, 0, 3, 0, 0x10, 0}, 14, PROFILE_WINDOWS},
        /* inet_addr: parts - 1, a flaw (0-3 none, 4 trailing text, 5 empty part, 6 fifth part, 7
         * "08"), then per part: too wide (0) or not, its value (4 bytes), its radix (0 octal, 1
         * 0x, 2 0X, 3 decimal).  "0x7f.0.00.0X1" is 127.0.0.1 */
        {"inet-addr-radixes",
         {0, 0, 0, 1, 11, 10, 0, 3, 0, 1, 0, 0, 0, 127, 1, 1, 0, 0, 0, 0, 3, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 2},
         33,
         PROFILE_WINDOWS},
        /* "10.0.65538": a last part too wide for its 16 bits, INADDR_NONE */
        {"inet-addr-wide-last",
         {0, 0, 0, 1, 11, 10, 0, 2, 0, 1, 0, 0, 0, 10, 3, 1, 0, 0, 0, 0, 3, 0, 2, 3},
         24,
         PROFILE_WINDOWS},
        /* "0x7f000001 9.9": what follows the space is ignored, 127.0.0.1 */
        {"inet-addr-trailing", {0, 0, 0, 1, 11, 10, 0, 0, 4, 1, 0x7f, 0, 0, 1, 1}, 15, PROFILE_WINDOWS},
        /* events (Winsock call 11, event_calls.c): 0 a connect's FD_CONNECT (IPv6?, refused?),
         * 1 a pending WSARecvFrom (IPv6?, with lpFrom?, a datagram (0-1), a send to a closed port
         * (2) or CancelIoEx (3), 1 + n bytes, the bytes) */
        {"event-connect-v4", {0, 0, 0, 1, 11, 11, 0, 0, 0}, 9, PROFILE_WINDOWS},
        {"event-connect-refused-v6", {0, 0, 0, 1, 11, 11, 0, 1, 1}, 9, PROFILE_WINDOWS},
        {"event-recv-pending-from", {0, 0, 0, 1, 11, 11, 1, 0, 1, 0, 3, 'p', 'e', 'n', 'd'}, 15, PROFILE_WINDOWS},
        {"event-recv-cancelled-from", {0, 0, 0, 1, 11, 11, 1, 0, 1, 3, 0, 'x'}, 12, PROFILE_WINDOWS},
        /* the receiver's own send to a closed port fails it (on the model; a datagram elsewhere) */
        {"event-recv-unreachable-from", {0, 0, 0, 1, 11, 11, 1, 0, 1, 2, 0, 'x'}, 12, PROFILE_WINDOWS},
        /* the same bound to a thread pool's TP_IO (the last byte 1): a datagram, CancelIoEx */
        {"event-recv-pool-datagram", {0, 0, 0, 1, 11, 11, 1, 0, 0, 0, 2, 'a', 'b', 'c', 1}, 15, PROFILE_WINDOWS},
        {"event-recv-pool-cancelled", {0, 0, 0, 1, 11, 11, 1, 1, 1, 3, 0, 'x', 1}, 13, PROFILE_WINDOWS},
        /* 2 (the model only) WPUQueueApc: to this thread (0) or to a WSATHREADID naming none (1), a
         * context */
        {"event-upcall-apc", {0, 0, 0, 1, 11, 11, 2, 0, 0x12, 0x34}, 10, PROFILE_WINDOWS},
        {"event-upcall-apc-nobody", {0, 0, 0, 1, 11, 11, 2, 1, 0x56, 0x78}, 10, PROFILE_WINDOWS},
        {"event-recv-pending-v6", {0, 0, 0, 1, 11, 11, 1, 1, 0, 0, 1, 'u', 'p'}, 13, PROFILE_WINDOWS},
        {"address-string-v4-short", {0, 0, 0, 1, 11, 5, 0, 198, 51, 100, 7, 1, 0x1f, 0x90, 0}, 15, PROFILE_WINDOWS},
    };
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
        enc e = {.n = 0};
        profile_as(&e, seqs[i].profile, 0, 0);
        put_bytes(&e, seqs[i].ops, seqs[i].n);
        seed("sequence", seqs[i].name, &e);
    }
}

/* fuzz_chain: family, vendors, per vendor: weight, port, context, size, pend, trust. */
static void gen_chain(void) {
    for (unsigned nv = 1; nv <= 3; nv++)
        for (unsigned pend = 0; pend < 2; pend++) {
            enc e = {.n = 0};
            put_range(&e, 0, 1, 0);
            put_range(&e, 1, 3, nv);
            for (unsigned v = 0; v < nv; v++) {
                put_range(&e, 1, 255, 200 - 50 * v);
                put_range(&e, 0, 1, v == 0); /* the first matches port 80, the others any port */
                put_range(&e, 0, 3, 1);
                put_range(&e, 0, 1, 1); /* the default 256-byte context */
                put_range(&e, 0, 3, pend ? 0 : 1);
                put_range(&e, 0, 1, 0); /* distrust others: they may proxy again */
            }
            char name[64];
            snprintf(name, sizeof name, "vendors-%u%s", nv, pend ? "-pended" : "");
            seed("chain", name, &e);
        }
}

/* fuzz_proxy: the callout (context, size, pend), the server (refuse, late, first, early,
 * reply, families), the flows (family, bytes, chunks, close, UDP), the stray datagram and the
 * relay buffer, then the order of events (flow, action) until the input ends; 3 in a 0..3
 * choice is the unusual case.  The UDP seeds run with a module that relays UDP (the example);
 * with one that does not, their flows are TCP. */
typedef struct proxy_seed {
    const char *name;
    unsigned no_context, context_pick, pend, refuse, late, send_first, close_early, reply;
    unsigned nflows, v6, bytes, chunk, close, relay;
    const char *order; /* pairs "fa": flow digit, action digit (fuzz_proxy.c's switch) */
    unsigned udp; /* 0 TCP, 1 every flow UDP, 2 TCP and UDP in turn */
    unsigned stray, context_size; /* context_size: with context_pick 4 */
} proxy_seed;

static void gen_proxy(void) {
    static const proxy_seed seeds[] = {
        {"one-flow", 0, 0, 0, 0, 0, 0, 0, 100, 1, 0, 200, 0, 0, 0, "", 0, 0, 0},
        {"one-flow-v6", 0, 0, 0, 0, 0, 0, 0, 100, 1, 1, 200, 0, 0, 0, "", 0, 0, 0},
        {"four-flows", 0, 0, 0, 0, 0, 0, 0, 50, 4, 2, 300, 0, 0, 0, "", 0, 0, 0},
        {"no-context", 1, 0, 0, 0, 0, 0, 0, 10, 2, 0, 100, 0, 0, 0, "", 0, 0, 0},
        {"small-context", 0, 2, 0, 0, 0, 0, 0, 10, 1, 0, 100, 0, 0, 0, "", 0, 0, 0},
        {"context-128", 0, 1, 0, 0, 0, 0, 0, 10, 1, 1, 100, 0, 0, 0, "", 0, 0, 0},
        {"pended", 0, 0, 1, 0, 0, 0, 0, 40, 3, 2, 120, 0, 0, 0, "0200021112", 0, 0, 0},
        {"server-refuses", 0, 0, 0, 1, 0, 0, 0, 0, 2, 2, 50, 0, 0, 0, "", 0, 0, 0},
        {"server-late", 0, 0, 0, 0, 20, 0, 0, 30, 2, 0, 80, 0, 0, 0, "", 0, 0, 0},
        {"server-sends-first", 0, 0, 0, 0, 0, 1, 0, 64, 2, 2, 10, 0, 0, 0, "", 0, 0, 0},
        {"server-closes-early", 0, 0, 0, 0, 0, 0, 1, 20, 2, 0, 200, 0, 0, 0, "", 0, 0, 0},
        {"client-resets", 0, 0, 0, 0, 0, 1, 0, 60, 2, 0, 30, 0, 1, 0, "0200020002000400020000", 0, 0, 0},
        {"short-reads", 0, 0, 0, 0, 0, 0, 0, 60, 2, 2, 250, 5, 0, 7, "", 0, 0, 0},
        {"big", 0, 0, 0, 0, 0, 0, 0, 4000, 2, 2, 4000, 0, 0, 0, "", 0, 0, 0},
        {"client-first-then-proxy", 0, 0, 0, 0, 0, 0, 0, 30, 2, 2, 90, 3, 0, 0, "020212120000030304", 0, 0, 0},
        {"zero-bytes", 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, "", 0, 0, 0},
        {"udp-one-flow", 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 100, 0, 0, 0, "", 1, 0, 0},
        {"udp-four-flows", 0, 0, 0, 0, 0, 0, 0, 0, 4, 2, 50, 16, 0, 0, "", 1, 0, 0},
        {"udp-mixed", 0, 0, 0, 0, 0, 0, 0, 40, 4, 2, 120, 0, 0, 0, "", 2, 0, 0},
        {"udp-many-datagrams", 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 4000, 0, 0, 0, "", 1, 0, 0},
        {"udp-empty-first", 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, "", 1, 0, 0},
        {"udp-stray", 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 30, 0, 0, 0, "0200", 1, 1, 0},
        {"udp-no-context", 1, 0, 0, 0, 0, 0, 0, 0, 2, 2, 30, 0, 0, 0, "", 1, 0, 0},
        {"udp-control-cut", 0, 4, 0, 0, 0, 0, 0, 0, 2, 2, 30, 0, 0, 0, "", 1, 0, 18000},
        {"udp-pended", 0, 0, 1, 0, 0, 0, 0, 0, 3, 2, 60, 0, 0, 0, "0200021112", 1, 0, 0},
        {"udp-server-silent", 0, 0, 0, 0, 0, 0, 1, 0, 2, 2, 40, 0, 0, 0, "", 1, 0, 0},
    };
    for (size_t n = 0; n < sizeof seeds / sizeof seeds[0]; n++) {
        const proxy_seed *q = &seeds[n];
        enc e = {.n = 0};
        put_range(&e, 0, 3, q->no_context ? 3 : 0);
        put_range(&e, 0, 4, q->context_pick);
        if (q->context_pick == 4) put_range(&e, 1, 20000, q->context_size);
        put_range(&e, 0, 3, q->pend ? 3 : 0);
        put_range(&e, 0, 7, q->refuse ? 7 : 0);
        put_range(&e, 0, 3, q->late ? 3 : 0);
        if (q->late) put_range(&e, 1, 40, q->late);
        put_range(&e, 0, 3, q->send_first ? 3 : 0);
        put_range(&e, 0, 7, q->close_early ? 7 : 0);
        put_range(&e, 0, 3, q->reply > 64 ? 3 : 0);
        put_range(&e, 0, q->reply > 64 ? 4096 : 64, q->reply);
        put_range(&e, 0, 2, 0); /* the server listens for both families */
        put_range(&e, 1, 4, q->nflows);
        for (unsigned i = 0; i < q->nflows; i++) {
            put_range(&e, 0, 1, q->v6 == 2 ? i % 2 : q->v6); /* 2: IPv4 and IPv6 in turn */
            unsigned bytes = q->bytes + 7 * i;
            put_range(&e, 0, 3, bytes > 300 ? 3 : 0);
            put_range(&e, 0, bytes > 300 ? 4096 : 300, bytes);
            put_range(&e, 0, 3, q->chunk ? 3 : 0);
            if (q->chunk) put_range(&e, 1, 16, q->chunk);
            put_range(&e, 0, 3, q->close ? 3 : 0);
            put_range(&e, 0, 3, q->udp == 1 || (q->udp == 2 && i % 2) ? 3 : 0);
        }
        put_range(&e, 0, 3, q->stray ? 3 : 0);
        put_range(&e, 0, 3, q->relay ? 3 : 0);
        if (q->relay) put_range(&e, 1, 64, q->relay);
        for (const char *o = q->order; o[0] && o[1]; o += 2) {
            put_range(&e, 0, 3, (unsigned)(o[0] - '0'));
            put_range(&e, 0, 5, (unsigned)(o[1] - '0'));
        }
        seed("proxy", q->name, &e);
    }
}

/* ------------------------------------------------------------- dictionaries */
static void dict_line(char **at, const char *name, const void *p, size_t n) {
    const unsigned char *b = p;
    *at += sprintf(*at, "%s=\"", name);
    for (size_t i = 0; i < n; i++) *at += sprintf(*at, "\\x%02X", b[i]);
    *at += sprintf(*at, "\"\n");
}

static void gen_dicts(void) {
    static char buf[16384];
    char *at = buf;
    at += sprintf(at, "# generated by wfpcert-gen-seeds from the IOCTL descriptor table; do not edit\n");
    for (int i = 0; i < wc_oracle_ioctl_count; i++) {
        char name[64];
        snprintf(name, sizeof name, "code_%08X", (unsigned)wc_oracle_ioctls[i].code);
        DWORD v = wc_oracle_ioctls[i].code; /* little endian, as wh_fdp_u32 reads it */
        dict_line(&at, name, &v, 4);
    }
    static const DWORD sizes[] = {0, 1, 3, 4, 16, 128, 148, 256, 1024, 2048, 8192, 65536, 0x7FFFFFFF, 0xFFFFFFFF};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "size_%lu", (unsigned long)sizes[i]);
        dict_line(&at, name, &sizes[i], 4);
    }
    static const INT levels_types[] = {
        IPPROTO_IP, IPPROTO_IPV6, SOL_SOCKET, IP_WFP_REDIRECT_RECORDS, IP_WFP_REDIRECT_CONTEXT, IP_PKTINFO};
    for (size_t i = 0; i < sizeof levels_types / sizeof levels_types[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "cmsg_int_%d", levels_types[i]);
        dict_line(&at, name, &levels_types[i], 4);
    }
    static const SIZE_T cmsg_lens[] = {0, 8, 16, 17, 24, 164, 272};
    for (size_t i = 0; i < sizeof cmsg_lens / sizeof cmsg_lens[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "cmsg_len_%lu", (unsigned long)cmsg_lens[i]);
        dict_line(&at, name, &cmsg_lens[i], sizeof cmsg_lens[i]);
    }
    static const char *const targets[] = {"ioctl", "cmsg", "records", "sequence", "chain", "empty", "proxy"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "%s.dict", targets[i]);
        emit(rel, buf, (size_t)(at - buf));
    }
}

int main(int argc, char **argv) {
    int i = 1;
    if (i < argc && strcmp(argv[i], "--check") == 0) {
        checking = 1;
        i++;
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: %s [--check] CORPUS_DIR\n", argv[0]);
        return 2;
    }
    root = argv[i];
    gen_ioctl();
    gen_records();
    gen_cmsg();
    gen_sequence();
    gen_chain();
    gen_proxy();
    enc e = {.n = 0};
    put_u8(&e, 0);
    seed("empty", "zero", &e);
    gen_dicts();
    return stale;
}
