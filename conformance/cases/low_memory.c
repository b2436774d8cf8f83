/*
 * low_memory.c: the stack when memory runs out.  Each case walks one everyday scenario (a TCP
 * exchange, overlapped receives with each kind of notification, a UDP exchange with control
 * messages, a redirected connection's QUERY and SET) with the n-th allocation of the stack
 * failing, for n = 1, 2, ... until the scenario no longer reaches the failure.
 *
 * Why: a call that cannot get memory must fail with an error the caller can handle
 * (WSAENOBUFS: "no buffer space is available", as the socket, connect, WSAIoctl and WSASend
 * pages put it; WSA_NOT_ENOUGH_MEMORY), and the stack must stay whole: no crash, no leak, no
 * lost or doubled completion, and the next call works.  A stack that dereferences the NULL
 * of a failed allocation, or drops the completion it could not queue, takes a proxy down on
 * a loaded machine.  Allocation failure can only be injected into the model (the knob
 * fail_alloc); on other targets the cases end as unsupported.
 *
 * The model's os transport (real loopback sockets carry the bytes, a poller thread watches
 * them) is walked too, a TCP and a UDP exchange with each round in a world of its own: the
 * transport's tables are made with a world's first socket, so only a fresh world puts their
 * allocations in every round.  The poller thread allocates nothing for a datagram as it was
 * sent, so the walk makes the same allocations in the same order from run to run.
 */
#include "cases.h"
#if !defined(_WIN32)
#include "wfpcert/sdk/threadpoolapiset.h" /* windows.h has it on Windows */
#endif

#include <stdio.h>
#include <string.h>

#define MAX_STEPS 600 /* far more allocations than any scenario here makes */

typedef struct walk {
    wc_ctx *c;
    unsigned long n; /* the allocation that fails in this round */
    int stopped; /* a call failed as it may: the round ends there */
    int bad; /* a check failed: no further rounds */
} walk;

/* Redirected set-ups that failed after the injected failure, and of them those whose connection
 * reached its original destination instead of the proxy (flow_open). */
static unsigned long let_through, redirects_failed;

/* A check of the round: a failed one ends the walk after this round. */
static int note(walk *k, int ok) {
    if (!ok) k->bad = 1;
    return ok;
}
#define check(k, cond, ...) note((k), wc_check((k)->c, cond, __VA_ARGS__))
#define safety(k, cond, ...) note((k), wc_safety((k)->c, cond, __VA_ARGS__))

static int fired(walk *k) {
    const char *s = wt_get_knob(wc_target(k->c), "fail_alloc");
    return s && strcmp(s, "fired") == 0;
}

/* A call's outcome: ok, or a resource error after the injected failure.  0 ends the round.
 * The error is read here, after the call in the argument list has returned (reading it in
 * that list too would be unsequenced). */
static int went(walk *k, int ok, const char *what) {
    int error = WSAGetLastError();
    if (ok) return 1;
    if (!fired(k)) {
        check(k, 0, "allocation %lu: %s failed with %d before the injected failure", k->n, what, error);
    } else {
        /* WSAENOBUFS, or WSA_NOT_ENOUGH_MEMORY (ERROR_NOT_ENOUGH_MEMORY); through a completion
         * port the Win32 view of STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES; from
         * a kernel32 call also ERROR_OUTOFMEMORY */
        check(k, error == WSAENOBUFS || error == WSA_NOT_ENOUGH_MEMORY || error == 1450 || error == 14,
              "allocation %lu failed: %s answered %d; expected WSAENOBUFS, WSA_NOT_ENOUGH_MEMORY, "
              "ERROR_NO_SYSTEM_RESOURCES or ERROR_OUTOFMEMORY",
              k->n, what, error);
    }
    k->stopped = 1;
    return 0;
}

/* buffer: SO_RCVBUF and SO_SNDBUF of the sockets (0: left as they are). */
static SOCKET loopback_listener(walk *k, int overlapped, DWORD buffer) {
    SOCKET l = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
    if (!went(k, l != INVALID_SOCKET, "socket")) return INVALID_SOCKET;
    if (buffer && !went(k, setsockopt(l, SOL_SOCKET, SO_RCVBUF, (const char *)&buffer, sizeof buffer) == 0,
                        "setsockopt(SO_RCVBUF)")) {
        closesocket(l);
        return INVALID_SOCKET;
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = bind(l, (struct sockaddr *)&a, sizeof a);
    if (went(k, rc == 0, "bind") && went(k, listen(l, 4) == 0, "listen")) return l;
    closesocket(l);
    return INVALID_SOCKET;
}

/* A connected pair through a loopback listener: *cl the client, *sv the accepted end. */
static int pair(walk *k, int overlapped, DWORD buffer, SOCKET *cl, SOCKET *sv) {
    *cl = *sv = INVALID_SOCKET;
    SOCKET l = loopback_listener(k, overlapped, buffer);
    if (l == INVALID_SOCKET) return 0;
    struct sockaddr_in a;
    int len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    *cl = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, overlapped ? WSA_FLAG_OVERLAPPED : 0);
    if (went(k, *cl != INVALID_SOCKET, "socket") &&
        (!buffer || went(k, setsockopt(*cl, SOL_SOCKET, SO_SNDBUF, (const char *)&buffer, sizeof buffer) == 0,
                         "setsockopt(SO_SNDBUF)")) &&
        went(k, connect(*cl, (struct sockaddr *)&a, sizeof a) == 0, "connect")) {
        *sv = accept(l, NULL, NULL);
        went(k, *sv != INVALID_SOCKET, "accept");
    }
    closesocket(l);
    return *sv != INVALID_SOCKET;
}

static void close_all(SOCKET *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] != INVALID_SOCKET) closesocket(s[i]);
}

/* One round with the n-th allocation failing (n 0: none); 1 when the failure was reached.
 * With a transport named, the round runs in a world of its own, opened and switched to that
 * transport before the failure is armed: what a world sets up for its first socket there (the
 * os transport's descriptor tables) is then in every round, not only in the first. */
static int one_round(wc_ctx *c, void (*round)(walk *k), const char *transport, walk *k) {
    wt_target *t = wc_target(c), *own = NULL;
    if (transport && !wc_check(c, wc_open_another(c, &own) == WT_OK, "set-up: a world of its own: %s", wt_error())) {
        k->bad = 1;
        wt_close(own);
        return 0;
    }
    char v[24];
    snprintf(v, sizeof v, "%lu", k->n);
    int reached = 0;
    if (!k->n || wc_check(c, wt_set_knob(t, "fail_alloc", v) == WT_OK, "set-up: fail_alloc %s: %s", v, wt_error())) {
        /* The transport is set up inside the walk: its tables, buffer and poller thread are
         * allocations too, and one that fails must leave nothing behind (the case's leak
         * check) and refuse the transport, never half-make it. */
        int ready = !transport || wt_set_knob(own, "transport", transport) == WT_OK;
        if (!ready && k->n && fired(k))
            k->stopped = 1;
        else if (!ready)
            k->bad = !wc_check(c, 0, "set-up: transport %s: %s", transport, wt_error());
        /* no error left from an earlier round: a call that fails must set its own */
        WSASetLastError(0);
        if (ready) round(k);
        reached = k->n && fired(k);
        wt_set_knob(t, "fail_alloc", "0");
    } else {
        k->bad = 1;
    }
    wt_close(own);
    return reached;
}

/* Runs round() for n = 1, 2, ... until a round ends with the failure not reached (transport:
 * as one_round). */
static void walk_in(wc_ctx *c, void (*round)(walk *k), const char *scenario, const char *transport) {
    wt_target *t = wc_target(c);
    if (wt_set_knob(t, "fail_alloc", "0") != WT_OK)
        wc_unsupported(c, "the target cannot make an allocation fail (model knob fail_alloc): %s", wt_error());
    let_through = redirects_failed = 0; /* a worker process runs many cases */
    /* One round first with nothing failing: what the target sets up once (its servers, the
     * thread's record) is then in place, so every round of the walk makes the same
     * allocations and the walk ends only when the scenario's own have all been tried. */
    walk warm = {c, 0, 0, 0};
    one_round(c, round, transport, &warm);
    if (!wc_check(c, !warm.stopped && !warm.bad, "%s failed with no allocation failing", scenario)) return;
    unsigned long n = 1;
    for (; n <= MAX_STEPS; n++) {
        walk k = {c, n, 0, 0};
        int reached = one_round(c, round, transport, &k);
        if (k.bad) return;
        if (!reached) break; /* the scenario made fewer than n allocations: every one was tried */
    }
    wc_check(c, n <= MAX_STEPS, "%s made more than %d allocations", scenario, MAX_STEPS);
    wc_log(c, "%s: %lu allocations, each made to fail once", scenario, n - 1);
    if (redirects_failed) wc_model_answer(c, "low-memory.unredirected", "%lu let through", let_through);
    /* and afterwards the stack works as before */
    walk k = {c, 0, 0, 0};
    one_round(c, round, transport, &k);
    wc_check(c, !k.stopped && !k.bad, "%s failed with no allocation failing, after the rounds", scenario);
}

static void walk_all(wc_ctx *c, void (*round)(walk *k), const char *scenario) { walk_in(c, round, scenario, NULL); }

/* TCP: connect, send, receive, shut down, close. */
static void tcp_round(walk *k) {
    SOCKET s[2];
    if (!pair(k, 0, 0, &s[0], &s[1])) {
        close_all(s, 2);
        return;
    }
    char buf[64];
    int rc = send(s[0], "low memory", 10, 0);
    if (went(k, rc == 10, "send")) {
        rc = recv(s[1], buf, sizeof buf, 0);
        if (went(k, rc == 10, "recv"))
            check(k, memcmp(buf, "low memory", 10) == 0, "allocation %lu: the bytes received differ", k->n);
    }
    if (!k->stopped) went(k, shutdown(s[0], SD_SEND) == 0, "shutdown");
    close_all(s, 2);
}

/* TCP over the os transport, where real loopback sockets carry the bytes and what the kernel
 * cannot take yet waits in the sending socket's backlog: small kernel buffers (SO_SNDBUF,
 * SO_RCVBUF), a first send the kernel takes only part of, a second for which the backlog must
 * grow, the sender closed with its backlog unsent, and every byte read to the end of the
 * stream.  A short send is allowed (the send page: "can be less than the number requested"; a
 * proxy sends the rest); a byte reported sent that never arrives, or one that arrives after
 * its send failed, is not. */
#define OS_FIRST (64u << 10) /* several times what the kernel holds with 8 KiB buffers */
static unsigned char os_bytes[3 * OS_FIRST];

static void os_tcp_round(walk *k) {
    SOCKET s[2];
    if (!pair(k, 0, 8192, &s[0], &s[1])) {
        close_all(s, 2);
        return;
    }
    for (size_t i = 0; i < sizeof os_bytes; i++) os_bytes[i] = (unsigned char)(i * 7 + i / 251);
    size_t sent = 0;
    for (size_t end = OS_FIRST; end <= sizeof os_bytes && !k->stopped; end += 2 * OS_FIRST)
        while (sent < end) {
            int rc = send(s[0], (const char *)os_bytes + sent, (int)(end - sent), 0);
            if (!went(k, rc > 0, "send")) break;
            sent += (size_t)rc;
        }
    closesocket(s[0]); /* with its backlog, which must still arrive */
    s[0] = INVALID_SOCKET;
    size_t got = 0;
    int same = 1;
    static char buf[16384];
    for (int rc, failed = 0; (rc = recv(s[1], buf, sizeof buf, 0)) != 0;) {
        if (!went(k, rc > 0, "recv")) {
            if (k->bad || ++failed > 1) break;
            continue; /* a receive that failed took nothing: the next one gets the bytes */
        }
        same = same && got + (size_t)rc <= sent && memcmp(buf, os_bytes + got, (size_t)rc) == 0;
        got += (size_t)rc;
    }
    check(k, got == sent && same, "allocation %lu: %lu bytes sent and the sender closed: %lu received%s", k->n,
          (unsigned long)sent, (unsigned long)got, same ? "" : ", not the bytes sent");
    close_all(s, 2);
}

static int routine_calls;
static LPWSAOVERLAPPED routine_ov; /* the round's own; an aborted earlier one is not counted */
static void CALLBACK count_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
    (void)error, (void)bytes, (void)flags;
    routine_calls += ov == routine_ov;
}

/* Overlapped WSARecv completed through an event, a completion routine and a completion port:
 * a call that fails says so at once; one that pends completes exactly once.  The buffers and
 * OVERLAPPEDs outlive the sockets: closing aborts what still pends, and the abort writes them. */
static void overlapped_round(walk *k) {
    SOCKET s[2];
    if (!pair(k, 1, 0, &s[0], &s[1])) {
        close_all(s, 2);
        return;
    }
    HANDLE port = NULL;
    WSAOVERLAPPED ov[3];
    char buf[3][16];
    memset(ov, 0, sizeof ov);
    ov[0].hEvent = WSA_INVALID_EVENT;
    routine_ov = &ov[1];
    for (int mode = 0; mode < 3 && !k->stopped; mode++) {
        WSABUF b = {sizeof buf[mode], buf[mode]};
        DWORD got = 0, flags = 0;
        if (mode == 0) {
            ov[0].hEvent = WSACreateEvent();
            if (!went(k, ov[0].hEvent != WSA_INVALID_EVENT, "WSACreateEvent")) break;
        } else if (mode == 2) {
            port = CreateIoCompletionPort((HANDLE)s[1], NULL, 7, 0);
            if (!went(k, port != NULL, "CreateIoCompletionPort")) break;
        }
        routine_calls = 0;
        int rc = WSARecv(s[1], &b, 1, &got, &flags, &ov[mode], mode == 1 ? count_routine : NULL);
        int pending = rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING;
        if (!went(k, rc == 0 || pending, "overlapped WSARecv")) break;
        rc = send(s[0], "x", 1, 0);
        if (!went(k, rc == 1, "send")) break;
        if (mode == 0) {
            DWORD w = WSAWaitForMultipleEvents(1, &ov[0].hEvent, FALSE, 2000, FALSE);
            safety(k, w == WSA_WAIT_EVENT_0, "allocation %lu: the event was not signalled (%lu)", k->n,
                   (unsigned long)w);
            BOOL ok = WSAGetOverlappedResult(s[1], &ov[0], &got, FALSE, &flags);
            check(k, ok && got == 1 && buf[0][0] == 'x', "allocation %lu: WSAGetOverlappedResult %d, %lu bytes", k->n,
                  ok, (unsigned long)got);
        } else if (mode == 1) {
            for (int i = 0; i < 20 && !routine_calls; i++) SleepEx(100, TRUE);
            SleepEx(0, TRUE); /* a second run would come now */
            safety(k, routine_calls == 1, "allocation %lu: the completion routine ran %d times", k->n, routine_calls);
        } else {
            DWORD n = 0;
            ULONG_PTR key = 0;
            LPOVERLAPPED o = NULL;
            BOOL ok = GetQueuedCompletionStatus(port, &n, &key, &o, 2000);
            safety(k, ok && o == &ov[2] && key == 7 && n == 1,
                   "allocation %lu: GetQueuedCompletionStatus %d, overlapped %s, key %lu, %lu bytes", k->n, ok,
                   o == &ov[2] ? "ours" : "another", (unsigned long)key, (unsigned long)n);
        }
    }
    close_all(s, 2);
    SleepEx(0, TRUE); /* an aborted receive's routine runs here, while its OVERLAPPED lives */
    routine_ov = NULL;
    if (ov[0].hEvent != WSA_INVALID_EVENT) WSACloseEvent(ov[0].hEvent);
    if (port) CloseHandle(port);
}

/* UDP with the redirect records' control message asked for.  wait: the datagram may take a
 * moment (os transport: the kernel carries it), so the receive waits for it, up to 2 s (10 ms
 * once the failure has fired: it may have dropped the datagram, as UDP may). */
static void udp_exchange(walk *k, int wait) {
    SOCKET s[2] = {INVALID_SOCKET, INVALID_SOCKET};
    struct sockaddr_in a[2];
    for (int i = 0; i < 2; i++) {
        s[i] = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        if (!went(k, s[i] != INVALID_SOCKET, "socket(UDP)")) break;
        memset(&a[i], 0, sizeof a[i]);
        a[i].sin_family = AF_INET;
        a[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (!went(k, bind(s[i], (struct sockaddr *)&a[i], sizeof a[i]) == 0, "bind(UDP)")) break;
        int len = sizeof a[i];
        getsockname(s[i], (struct sockaddr *)&a[i], &len);
    }
    if (!k->stopped) {
        DWORD on = 1;
        int rc = setsockopt(s[1], IPPROTO_IP, IP_WFP_REDIRECT_RECORDS, (const char *)&on, sizeof on);
        if (went(k, rc == 0, "setsockopt(IP_WFP_REDIRECT_RECORDS)")) {
            rc = sendto(s[0], "datagram", 8, 0, (struct sockaddr *)&a[1], sizeof a[1]);
            if (went(k, rc == 8, "sendto")) {
                char buf[32];
                struct sockaddr_in from;
                int fl = sizeof from;
                u_long nb = 1;
                ioctlsocket(s[1], FIONBIO, &nb);
                if (wait) { /* a datagram the failure may have dropped gets a short wait */
                    fd_set r;
                    FD_ZERO(&r);
                    FD_SET(s[1], &r);
                    struct timeval tv = {fired(k) ? 0 : 2, fired(k) ? 10000 : 0};
                    went(k, select(0, &r, NULL, NULL, &tv) >= 0, "select");
                }
                rc = recvfrom(s[1], buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
                int e = WSAGetLastError();
                if (rc < 0 && e == WSAEWOULDBLOCK && fired(k)) /* UDP may drop a datagram it has no memory for */
                    k->stopped = 1;
                else if (went(k, rc == 8, "recvfrom"))
                    check(k, memcmp(buf, "datagram", 8) == 0 && from.sin_port == a[0].sin_port,
                          "allocation %lu: the datagram or its source differs", k->n);
            }
        }
    }
    close_all(s, 2);
}

static void udp_round(walk *k) { udp_exchange(k, 0); }
static void os_udp_round(walk *k) { udp_exchange(k, 1); }

/* A redirected connection for a round: 0 when its set-up failed.  The set-up is the target's,
 * not the calls under test: only its failures after the injected one are allowed, and they
 * leave nothing to check but one: the connection must not reach its original destination
 * instead.  A callout that cannot get the memory to redirect blocks the flow (WFPSampler's proxy
 * callout blocks on an allocation failure); one that leaves the decision open lets the client
 * past its proxy.  The test callout's answer is pinned (M.low-memory.unredirected), a vendor's
 * reported. */
static int flow_open(walk *k, int overlapped, wt_tcp_flow *f) {
    memset(f, 0, sizeof *f);
    f->client = f->accepted = f->server_listener = INVALID_SOCKET;
    if (wt_tcp_redirected(wc_target(k->c), AF_INET, overlapped, f) == WT_OK) return 1;
    if (!fired(k)) check(k, 0, "allocation %lu: set-up failed first: %s", k->n, wt_error());
    redirects_failed++;
    if (f->server_listener != INVALID_SOCKET) { /* the client connected, to somewhere */
        u_long nb = 1;
        ioctlsocket(f->server_listener, FIONBIO, &nb);
        SOCKET a;
        while ((a = accept(f->server_listener, NULL, NULL)) != INVALID_SOCKET) {
            let_through++;
            wc_log(k->c, "allocation %lu: the connection reached its original destination, not the proxy", k->n);
            closesocket(a);
        }
    }
    k->stopped = 1;
    if (f->client != INVALID_SOCKET) closesocket(f->client);
    if (f->accepted != INVALID_SOCKET) closesocket(f->accepted);
    return 0;
}

static void flow_close(wt_tcp_flow *f) {
    closesocket(f->client);
    closesocket(f->accepted);
    if (f->server_listener != INVALID_SOCKET) {
        u_long nb = 1;
        ioctlsocket(f->server_listener, FIONBIO, &nb);
        SOCKET a;
        while ((a = accept(f->server_listener, NULL, NULL)) != INVALID_SOCKET) closesocket(a);
    }
}

/* A redirected connection: QUERY the records and the context, SET them on the proxy's socket
 * and connect it onward; then close everything. */
static void redirect_round(walk *k) {
    wt_tcp_flow f;
    if (!flow_open(k, 0, &f)) return;
    static BYTE rec[4096];
    DWORD n = 0;
    int rc = WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL);
    if (went(k, rc == 0, "QUERY_RECORDS")) {
        static BYTE ctx[4096];
        DWORD m = 0;
        rc = WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT, NULL, 0, ctx, sizeof ctx, &m, NULL, NULL);
        int ctx_ok = rc == 0 || WSAGetLastError() != WSAENOBUFS; /* no context is no failure here */
        if (went(k, ctx_ok, "QUERY_CONTEXT")) {
            SOCKET out = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            if (went(k, out != INVALID_SOCKET, "socket")) {
                DWORD none = 0;
                rc = WSAIoctl(out, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &none, NULL, NULL);
                if (went(k, rc == 0, "SET_RECORDS"))
                    went(k, connect(out, (struct sockaddr *)&f.original_dst, sizeof(struct sockaddr_in)) == 0,
                         "the proxy's connect");
                closesocket(out);
            }
        }
    }
    flow_close(&f);
}

/* A server with many connections at once, in a world of its own: the stack's table of handles
 * starts small and grows as sockets are made and accepted, so one of the growths is among the
 * allocations that fail.  socket() and accept() that cannot get memory fail with WSAENOBUFS
 * ("No buffer space is available"; WSAEMFILE is "no more socket descriptors", a limit, not a
 * shortage), take nothing with them, and the connections made before stay whole. */
#define MANY 24
static void many_round(walk *k) {
    SOCKET l = loopback_listener(k, 0, 0);
    if (l == INVALID_SOCKET) return;
    struct sockaddr_in a;
    int len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    SOCKET s[2 * MANY];
    int n = 0;
    while (n < 2 * MANY && !k->stopped) {
        SOCKET cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (!went(k, cl != INVALID_SOCKET, "socket")) break;
        s[n++] = cl;
        if (!went(k, connect(cl, (struct sockaddr *)&a, sizeof a) == 0, "connect")) break;
        SOCKET sv = accept(l, NULL, NULL);
        if (!went(k, sv != INVALID_SOCKET, "accept")) break;
        s[n++] = sv;
    }
    /* every connection made before the failure still carries its bytes */
    for (int i = 0; i + 1 < n && !k->bad; i += 2) {
        char b[2] = {0};
        if (!went(k, send(s[i], "m", 1, 0) == 1, "send")) continue; /* the failure may come here too */
        int rc = recv(s[i + 1], b, sizeof b, 0);
        if (went(k, rc >= 0, "recv"))
            check(k, rc == 1 && b[0] == 'm', "allocation %lu: connection %d of %d: a byte sent, %d received", k->n,
                  i / 2 + 1, n / 2, rc);
    }
    close_all(s, n);
    closesocket(l);
}

/* A process of the model's (target.h wt_process_create: "A new process ... its PID in *pid"),
 * as S5.application and A54.process-token make them: the call that cannot get memory fails
 * with WT_ENOMEM, and one that succeeds gave a PID that names a process the role can go to. */
static void process_round(walk *k) {
    wt_target *t = wc_target(k->c);
    DWORD pid = 0, self = wt_process_id(t, WT_PROCESS_SELF);
    int rc = wt_process_create(t, "C:\\Program Files\\Vendor\\low-memory.exe", 0, &pid);
    if (rc != WT_OK) {
        check(k, fired(k) && rc == WT_ENOMEM,
              "allocation %lu: wt_process_create: %d (%s); expected WT_ENOMEM after the injected failure", k->n, rc,
              wt_error());
        k->stopped = 1;
        return;
    }
    rc = wt_process_assign(t, WT_PROCESS_SELF, pid);
    check(k, rc == WT_OK, "allocation %lu: wt_process_create succeeded with PID %lu, which names no process: %s", k->n,
          (unsigned long)pid, wt_error());
    wt_process_assign(t, WT_PROCESS_SELF, self);
}

/* A redirected connection that is the first a proxy listener takes, when the listener makes its
 * queue of connections: a flow classified already waits on that allocation, and must end with
 * it when it fails.  The target makes its proxy listener anew when a flow wants the other kind
 * of socket (overlapped or not), so each of the two connections here is a new listener's first;
 * without the switch the listener of the round run before the walk would have its queue. */
static void listener_round(walk *k) {
    wt_tcp_flow f;
    for (int overlapped = 1; overlapped >= 0; overlapped--) {
        if (!flow_open(k, overlapped, &f)) return;
        flow_close(&f);
    }
}

/* A pended operation that ended in failure carries no bytes: Windows leaves InternalHigh 0 after
 * an error status (A18; docs/SPEC.md, "bytes of a failed overlapped completion"), under the
 * windows reference.  Read before the error, which the call leaves in the last error. */
static void failed_carries_nothing(walk *k, BOOL ok, const WSAOVERLAPPED *ov, const char *what) {
    int error = WSAGetLastError();
    if (!ok && strcmp(wc_reference(k->c), "windows") == 0)
        check(k, ov->InternalHigh == 0, "allocation %lu: %s failed with InternalHigh %llu; Windows leaves 0 (A18)",
              k->n, what, (unsigned long long)ov->InternalHigh);
    WSASetLastError(error);
}

/* The proxy's SET of those records on its outgoing socket, pended too: the provider keeps its
 * own copy of the records while the operation waits (one allocation more). */
static void deferred_set(walk *k, WSAOVERLAPPED *ov, BYTE *rec, DWORD len) {
    SOCKET out = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!went(k, out != INVALID_SOCKET, "WSASocket")) return;
    WSAResetEvent(ov->hEvent);
    DWORD n = 0, got = 0, flags = 0;
    int rc = WSAIoctl(out, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, len, NULL, 0, &n, ov, NULL);
    if (rc == 0 || WSAGetLastError() == WSA_IO_PENDING) {
        BOOL ok = WSAGetOverlappedResult(out, ov, &got, TRUE, &flags);
        failed_carries_nothing(k, ok, ov, "the pended SET_RECORDS");
        went(k, ok, "the pended SET_RECORDS");
    } else
        went(k, 0, "SET_RECORDS, overlapped");
    closesocket(out);
}

/* A46: an overlapped QUERY that the provider pends (knob ioctl_completion=deferred) completes
 * once, with the records, or fails with a resource error: it is never lost, nor is the SET of
 * those records that follows. */
static void deferred_round(walk *k) {
    wt_tcp_flow f;
    if (!flow_open(k, 1, &f)) return;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    if (went(k, ov.hEvent != WSA_INVALID_EVENT, "WSACreateEvent")) {
        static BYTE rec[4096];
        DWORD n = 0;
        int rc =
            WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, &ov, NULL);
        if (rc == 0 || WSAGetLastError() == WSA_IO_PENDING) {
            DWORD got = 0, flags = 0;
            BOOL ok = WSAGetOverlappedResult(f.accepted, &ov, &got, TRUE, &flags);
            failed_carries_nothing(k, ok, &ov, "the pended QUERY_RECORDS");
            if (went(k, ok, "the pended QUERY_RECORDS") &&
                check(k, got > 0, "allocation %lu: the pended QUERY_RECORDS completed with %lu bytes", k->n,
                      (unsigned long)got))
                deferred_set(k, &ov, rec, got);
        } else {
            went(k, 0, "QUERY_RECORDS, overlapped");
        }
        WSACloseEvent(ov.hEvent);
    }
    flow_close(&f);
}

/* A completion-port service's calls: AcceptEx on a listener, ConnectEx from a bound socket,
 * SO_UPDATE_*_CONTEXT, GetAcceptExSockaddrs, then DisconnectEx; every packet dequeued once.
 * With first_bytes, ConnectEx sends them with the connection (lpSendBuffer, dwSendDataLength):
 * its own copy of them is one allocation more, and queueing them at the peer another.  The
 * count its completion reports must be what the acceptee then reads, byte for byte ("the
 * number of bytes that were sent after the connection was established", ConnectEx page): all
 * of them, or fewer only after the injected failure. */
static char first_bytes[] = "the first bytes, sent with the connection";
static DWORD first_len; /* 0: ConnectEx sends nothing */
static int ext(walk *k, SOCKET s, GUID g, void *fn, size_t size, const char *what) {
    DWORD n = 0;
    int rc = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, fn, (DWORD)size, &n, NULL, NULL);
    return went(k, rc == 0, what);
}

static int dequeue(walk *k, HANDLE port, LPOVERLAPPED want, const char *what) {
    DWORD n = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED o = NULL;
    BOOL ok = GetQueuedCompletionStatus(port, &n, &key, &o, 2000);
    return safety(k, ok && o == want, "allocation %lu: %s: GetQueuedCompletionStatus %d, overlapped %s", k->n, what, ok,
                  o == want ? "ours"
                  : o       ? "another"
                            : "none");
}

/* What the acceptee reads is the first `sent` of first_bytes. */
static int first_bytes_arrived(walk *k, SOCKET acceptee, DWORD sent) {
    if (!check(k, sent == first_len || (sent < first_len && fired(k)),
               "allocation %lu: ConnectEx reports %lu of its %lu first bytes sent", k->n, (unsigned long)sent,
               (unsigned long)first_len))
        return 0;
    char got[sizeof first_bytes];
    DWORD have = 0;
    while (have < sent) {
        int r = recv(acceptee, got + have, (int)(sent - have), 0);
        if (!went(k, r > 0, "recv of the first bytes")) return 0;
        have += (DWORD)r;
    }
    return check(k, memcmp(got, first_bytes, sent) == 0, "allocation %lu: the first bytes arrived changed", k->n);
}

static void extension_round(walk *k) {
    SOCKET s[4] = {INVALID_SOCKET, INVALID_SOCKET, INVALID_SOCKET, INVALID_SOCKET}; /* listener, acceptee, client */
    HANDLE port = NULL;
    static char out[2 * (sizeof(SOCKADDR_STORAGE) + 16)];
    WSAOVERLAPPED ov[3];
    memset(ov, 0, sizeof ov);
    LPFN_ACCEPTEX accept_ex = NULL;
    LPFN_CONNECTEX connect_ex = NULL;
    LPFN_GETACCEPTEXSOCKADDRS addrs = NULL;
    LPFN_DISCONNECTEX disconnect_ex = NULL;
    s[0] = loopback_listener(k, 1, 0);
    if (s[0] == INVALID_SOCKET) goto out;
    s[1] = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    s[2] = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (!went(k, s[1] != INVALID_SOCKET && s[2] != INVALID_SOCKET, "WSASocket")) goto out;
    if (!ext(k, s[0], (GUID)WSAID_ACCEPTEX, &accept_ex, sizeof accept_ex, "AcceptEx's pointer") ||
        !ext(k, s[2], (GUID)WSAID_CONNECTEX, &connect_ex, sizeof connect_ex, "ConnectEx's pointer") ||
        !ext(k, s[0], (GUID)WSAID_GETACCEPTEXSOCKADDRS, &addrs, sizeof addrs, "GetAcceptExSockaddrs' pointer") ||
        !ext(k, s[2], (GUID)WSAID_DISCONNECTEX, &disconnect_ex, sizeof disconnect_ex, "DisconnectEx's pointer"))
        goto out;
    port = CreateIoCompletionPort((HANDLE)s[0], NULL, 1, 0);
    if (!went(k, port != NULL, "CreateIoCompletionPort")) goto out;
    if (!went(k, CreateIoCompletionPort((HANDLE)s[2], port, 2, 0) == port, "CreateIoCompletionPort (join)")) goto out;
    DWORD got = 0;
    BOOL ok = accept_ex(s[0], s[1], out, 0, sizeof(SOCKADDR_STORAGE) + 16, sizeof(SOCKADDR_STORAGE) + 16, &got, &ov[0]);
    if (!went(k, ok || WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx")) goto out;
    struct sockaddr_in any, to;
    memset(&any, 0, sizeof any);
    any.sin_family = AF_INET;
    int len = sizeof to;
    getsockname(s[0], (struct sockaddr *)&to, &len);
    if (!went(k, bind(s[2], (struct sockaddr *)&any, sizeof any) == 0, "bind before ConnectEx")) goto out;
    ok = connect_ex(s[2], (struct sockaddr *)&to, sizeof to, first_len ? first_bytes : NULL, first_len, NULL, &ov[1]);
    if (!went(k, ok || WSAGetLastError() == ERROR_IO_PENDING, "ConnectEx")) goto out;
    /* both complete, in either order; a ConnectEx that failed for want of memory leaves the
     * AcceptEx pending (no connection came), which the close then aborts */
    DWORD sent = 0;
    for (int i = 0; i < 2; i++) {
        DWORD n = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED o = NULL;
        ok = GetQueuedCompletionStatus(port, &n, &key, &o, 2000);
        if (!safety(k, o == &ov[0] || o == &ov[1], "allocation %lu: AcceptEx/ConnectEx: packet %d %s", k->n, i,
                    o ? "of another OVERLAPPED" : "never came"))
            goto out;
        if (!went(k, ok, o == &ov[0] ? "AcceptEx's completion" : "ConnectEx's completion")) goto out;
        if (o == &ov[1]) sent = n;
    }
    if (first_len && !first_bytes_arrived(k, s[1], sent)) goto out;
    if (!went(k, setsockopt(s[1], SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&s[0], sizeof s[0]) == 0,
              "SO_UPDATE_ACCEPT_CONTEXT") ||
        !went(k, setsockopt(s[2], SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) == 0, "SO_UPDATE_CONNECT_CONTEXT"))
        goto out;
    struct sockaddr *local = NULL, *remote = NULL;
    int llen = 0, rlen = 0;
    addrs(out, 0, sizeof(SOCKADDR_STORAGE) + 16, sizeof(SOCKADDR_STORAGE) + 16, &local, &llen, &remote, &rlen);
    check(k, local && remote && ((struct sockaddr_in *)local)->sin_port == to.sin_port,
          "allocation %lu: GetAcceptExSockaddrs gives no local address at the listener's port", k->n);
    ok = disconnect_ex(s[2], &ov[2], 0, 0);
    if (!went(k, ok || WSAGetLastError() == ERROR_IO_PENDING, "DisconnectEx")) goto out;
    dequeue(k, port, &ov[2], "DisconnectEx");
out:
    close_all(s, 4);
    if (port) CloseHandle(port);
}

/* A redirected UDP flow as a UDP proxy serves it: WSAEventSelect and WSAPoll readiness, then
 * WSARecvMsg with the records' control message, and WSASendMsg of the reply. */
static void udp_proxy_round(walk *k) {
    wt_udp_flow f;
    memset(&f, 0, sizeof f);
    f.client = f.proxy = INVALID_SOCKET;
    if (wt_udp_redirected(wc_target(k->c), AF_INET, 0, &f) != WT_OK) {
        if (!fired(k)) check(k, 0, "allocation %lu: set-up failed first: %s", k->n, wt_error());
        k->stopped = 1;
        if (f.client != INVALID_SOCKET) closesocket(f.client);
        return;
    }
    WSAEVENT ev = WSACreateEvent();
    LPFN_WSARECVMSG recvmsg_fn = NULL;
    LPFN_WSASENDMSG sendmsg_fn = NULL;
    if (!went(k, ev != WSA_INVALID_EVENT, "WSACreateEvent")) goto out;
    if (!went(k, WSAEventSelect(f.proxy, ev, FD_READ) == 0, "WSAEventSelect")) goto out;
    WSANETWORKEVENTS ne;
    if (!went(k, WSAEnumNetworkEvents(f.proxy, ev, &ne) == 0, "WSAEnumNetworkEvents")) goto out;
    WSAEventSelect(f.proxy, NULL, 0);
    WSAPOLLFD pfd = {f.proxy, POLLRDNORM, 0};
    int ready = WSAPoll(&pfd, 1, 0);
    if (!went(k, ready >= 0, "WSAPoll")) goto out;
    if (!(ne.lNetworkEvents & FD_READ) && ready == 0 && fired(k)) { /* the set-up's datagram was dropped */
        k->stopped = 1;
        goto out;
    }
    check(k, (ne.lNetworkEvents & FD_READ) && ready == 1 && (pfd.revents & POLLRDNORM),
          "allocation %lu: the waiting datagram: FD_READ %s, WSAPoll %d (revents %#x)", k->n,
          ne.lNetworkEvents & FD_READ ? "set" : "missing", ready, (unsigned)pfd.revents);
    if (!ext(k, f.proxy, (GUID)WSAID_WSARECVMSG, &recvmsg_fn, sizeof recvmsg_fn, "WSARecvMsg's pointer") ||
        !ext(k, f.proxy, (GUID)WSAID_WSASENDMSG, &sendmsg_fn, sizeof sendmsg_fn, "WSASendMsg's pointer"))
        goto out;
    static char data[2048], control[4096];
    SOCKADDR_STORAGE from;
    WSABUF b = {sizeof data, data};
    WSAMSG m = {(struct sockaddr *)&from, sizeof from, &b, 1, {sizeof control, control}, 0};
    DWORD got = 0;
    if (!went(k, recvmsg_fn(f.proxy, &m, &got, NULL, NULL) == 0, "WSARecvMsg")) goto out;
    int records = 0;
    for (WSACMSGHDR *h = WSA_CMSG_FIRSTHDR(&m); h; h = WSA_CMSG_NXTHDR(&m, h))
        records += h->cmsg_level == IPPROTO_IP && h->cmsg_type == IP_WFP_REDIRECT_RECORDS;
    check(k, got > 0 && records == 1, "allocation %lu: WSARecvMsg: %lu bytes, %d records messages", k->n,
          (unsigned long)got, records);
    WSABUF r = {5, (char *)"reply"};
    WSAMSG sm = {(struct sockaddr *)&from, m.namelen, &r, 1, {0, NULL}, 0};
    DWORD sent = 0;
    went(k, sendmsg_fn(f.proxy, &sm, 0, &sent, NULL, NULL) == 0, "WSASendMsg");
out:
    if (ev != WSA_INVALID_EVENT) WSACloseEvent(ev);
    closesocket(f.client);
}

/* A vendor's callout driver loads (DriverEntry: engine session, provider, sublayer, callouts
 * and filters in one transaction), redirects one connection, and unloads.  A load that could
 * not get memory fails and leaves nothing registered; an unload always ends with the driver
 * gone (tried again with memory when it could not finish). */
static void driver_round(walk *k) {
    wt_target *t = wc_target(k->c);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'D', 50444);
    p.with_context = 1;
    int rc = wt_add_callout(t, &p);
    if (rc != WT_OK) {
        if (!fired(k)) check(k, 0, "allocation %lu: the driver did not load: %s", k->n, wt_error());
        k->stopped = 1;
        return;
    }
    /* a load that succeeded after its allocation failed must have got over it: every allocation
     * from here on succeeds, so the redirects must work */
    int fired_in_load = fired(k);
    /* both families: a load that reported success with one of its filters missing (an add that
     * failed for want of memory and was not passed on) shows as the family it no longer redirects */
    static const int families[] = {AF_INET, AF_INET6};
    for (size_t i = 0; i < sizeof families / sizeof families[0] && !k->stopped; i++) {
        wt_tcp_flow f;
        memset(&f, 0, sizeof f);
        f.client = f.accepted = INVALID_SOCKET;
        if (wt_tcp_redirected(t, families[i], 0, &f) == WT_OK) {
            static BYTE rec[4096];
            DWORD n = 0;
            int q = WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL,
                             NULL);
            went(k, q == 0 && n > 0, "QUERY_RECORDS of the driver's redirect");
        } else if (!fired(k) || fired_in_load) {
            check(k, 0, "allocation %lu: the loaded driver did not redirect over %s: %s", k->n,
                  families[i] == AF_INET ? "IPv4" : "IPv6", wt_error());
        } else {
            k->stopped = 1;
        }
        if (f.client != INVALID_SOCKET) closesocket(f.client);
        if (f.accepted != INVALID_SOCKET) closesocket(f.accepted);
    }
    rc = wt_remove_callout(t, 'D');
    if (rc != WT_OK) {
        if (!fired(k)) check(k, 0, "allocation %lu: the driver did not unload: %s", k->n, wt_error());
        wt_set_knob(t, "fail_alloc", "0");
        check(k, wt_remove_callout(t, 'D') == WT_OK, "allocation %lu: the driver did not unload on a second try: %s",
              k->n, wt_error());
        k->stopped = 1;
    }
}

/* The kernel32 objects around a service's sockets: events, a mutex, a semaphore, a thread
 * that signals, waits on several, and a completion port's posted packets. */
static DWORD WINAPI signal_back(LPVOID arg) {
    SetEvent((HANDLE)arg);
    return 7;
}

static void win32_round(walk *k) {
    HANDLE h[5] = {NULL, NULL, NULL, NULL, NULL}; /* event, mutex, semaphore, thread, port */
    h[0] = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!went(k, h[0] != NULL, "CreateEvent")) goto out;
    h[1] = CreateMutexW(NULL, FALSE, NULL);
    if (!went(k, h[1] != NULL, "CreateMutex")) goto out;
    h[2] = CreateSemaphoreW(NULL, 0, 2, NULL);
    if (!went(k, h[2] != NULL, "CreateSemaphore")) goto out;
    LONG prev = -1;
    if (!went(k, ReleaseSemaphore(h[2], 1, &prev), "ReleaseSemaphore")) goto out;
    check(k, prev == 0, "allocation %lu: ReleaseSemaphore's previous count %ld", k->n, (long)prev);
    DWORD id = 0;
    h[3] = CreateThread(NULL, 0, signal_back, h[0], 0, &id);
    if (!went(k, h[3] != NULL, "CreateThread")) goto out;
    DWORD w = WaitForSingleObject(h[3], 5000);
    check(k, w == WAIT_OBJECT_0, "allocation %lu: the thread did not end (%lu)", k->n, (unsigned long)w);
    DWORD code = 0;
    check(k, GetExitCodeThread(h[3], &code) && code == 7, "allocation %lu: the thread's exit code %lu", k->n,
          (unsigned long)code);
    w = WaitForMultipleObjects(3, h, TRUE, 0); /* the event set, the mutex free, the semaphore at 1 */
    check(k, w == WAIT_OBJECT_0, "allocation %lu: WaitForMultipleObjects of three signalled objects: %lu", k->n,
          (unsigned long)w);
    if (w == WAIT_OBJECT_0) ReleaseMutex(h[1]);
    h[4] = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    if (!went(k, h[4] != NULL, "CreateIoCompletionPort")) goto out;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    if (!went(k, PostQueuedCompletionStatus(h[4], 3, 9, &ov), "PostQueuedCompletionStatus")) goto out;
    DWORD n = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED o = NULL;
    BOOL ok = GetQueuedCompletionStatus(h[4], &n, &key, &o, 1000);
    safety(k, ok && n == 3 && key == 9 && o == &ov, "allocation %lu: the posted packet: %d, %lu bytes, key %lu", k->n,
           ok, (unsigned long)n, (unsigned long)key);
out:
    for (int i = 0; i < 5; i++)
        if (h[i]) CloseHandle(h[i]);
}

/* The thread pool: a simple callback and a work object submitted twice.  A call that cannot
 * get memory fails (FALSE or NULL) and runs nothing; one that succeeds runs each callback once. */
static volatile LONG pool_runs;

static VOID CALLBACK pool_simple(PTP_CALLBACK_INSTANCE inst, PVOID ctx) {
    (void)inst;
    InterlockedIncrement(&pool_runs);
    SetEvent((HANDLE)ctx);
}

static VOID CALLBACK pool_work(PTP_CALLBACK_INSTANCE inst, PVOID ctx, PTP_WORK work) {
    (void)inst;
    (void)ctx;
    (void)work;
    InterlockedIncrement(&pool_runs);
}

static void threadpool_round(walk *k) {
    pool_runs = 0;
    HANDLE ran = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!went(k, ran != NULL, "CreateEvent")) return;
    if (went(k, TrySubmitThreadpoolCallback(pool_simple, ran, NULL), "TrySubmitThreadpoolCallback")) {
        DWORD w = WaitForSingleObject(ran, 5000);
        safety(k, w == WAIT_OBJECT_0 && pool_runs == 1, "allocation %lu: the submitted callback ran %ld times", k->n,
               (long)pool_runs);
    } else {
        Sleep(10);
        safety(k, pool_runs == 0, "allocation %lu: a refused TrySubmitThreadpoolCallback ran its callback", k->n);
    }
    CloseHandle(ran);
    if (k->stopped) return;
    pool_runs = 0;
    PTP_WORK work = CreateThreadpoolWork(pool_work, NULL, NULL);
    if (!went(k, work != NULL, "CreateThreadpoolWork")) return;
    SubmitThreadpoolWork(work);
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    safety(k, pool_runs == 2, "allocation %lu: a work object submitted twice ran %ld times", k->n, (long)pool_runs);
    /* once more after its callbacks are done and nothing of it is queued: SubmitThreadpoolWork
     * cannot fail, so this one runs too, whatever allocation fails */
    SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    safety(k, pool_runs == 3,
           "allocation %lu: a work object submitted again after its callbacks ended ran %ld times in all", k->n,
           (long)pool_runs);
    CloseThreadpoolWork(work);
}

/* Names: getaddrinfo and GetAddrInfoW of "localhost" for a stream service in both families.  A result list is
 * memory the stack made for the caller: with any one allocation failing, the call fails with
 * EAI_MEMORY ("getaddrinfo": WSA_NOT_ENOUGH_MEMORY) and hands out nothing, so what it had made
 * of the list before must be given back (the runner counts the model's blocks around the
 * case), or it gives both addresses with the port, and freeaddrinfo takes them all back. */
static void names_round(walk *k) {
    ADDRINFOA hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo("localhost", "80", &hints, &res);
    WSASetLastError(rc); /* getaddrinfo returns its code; went() reads it from here */
    if (!went(k, rc == 0, "getaddrinfo(localhost, 80)")) return;
    int v4 = 0, v6 = 0;
    for (ADDRINFOA *a = res; a; a = a->ai_next) {
        if (a->ai_family == AF_INET && a->ai_addr && ntohs(((struct sockaddr_in *)a->ai_addr)->sin_port) == 80) v4++;
        if (a->ai_family == AF_INET6 && a->ai_addr && ntohs(((struct sockaddr_in6 *)a->ai_addr)->sin6_port) == 80) v6++;
    }
    check(k, v4 == 1 && v6 == 1,
          "allocation %lu: getaddrinfo(localhost, 80) gave %d IPv4 and %d IPv6 entries with port 80", k->n, v4, v6);
    freeaddrinfo(res);
    /* the wide form ("GetAddrInfoW"), whose list is made from a narrow one: both given back */
    ADDRINFOW whints, *wres = NULL;
    memset(&whints, 0, sizeof whints);
    whints.ai_family = AF_UNSPEC;
    whints.ai_socktype = SOCK_STREAM;
    static const WCHAR wname[] = {'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0}, wport[] = {'8', '0', 0};
    rc = GetAddrInfoW(wname, wport, &whints, &wres);
    WSASetLastError(rc);
    if (!went(k, rc == 0, "GetAddrInfoW(localhost, 80)")) return;
    int n = 0;
    for (ADDRINFOW *a = wres; a; a = a->ai_next) n += a->ai_family == AF_INET || a->ai_family == AF_INET6;
    check(k, n == 2, "allocation %lu: GetAddrInfoW(localhost, 80) gave %d entries, expected 2", k->n, n);
    FreeAddrInfoW(wres);
}

static void tcp(wc_ctx *c) { walk_all(c, tcp_round, "a TCP exchange"); }
static void names(wc_ctx *c) { walk_all(c, names_round, "getaddrinfo and GetAddrInfoW of localhost"); }
static void os_tcp(wc_ctx *c) { walk_in(c, os_tcp_round, "a TCP exchange over the os transport", "os"); }
static void overlapped(wc_ctx *c) { walk_all(c, overlapped_round, "overlapped receives"); }
static void udp(wc_ctx *c) { walk_all(c, udp_round, "a UDP exchange"); }
static void os_udp(wc_ctx *c) { walk_in(c, os_udp_round, "a UDP exchange over the os transport", "os"); }
static void redirect(wc_ctx *c) { walk_all(c, redirect_round, "a redirected connection's QUERY and SET"); }
static void listener(wc_ctx *c) { walk_all(c, listener_round, "a new proxy listener's first redirected connection"); }
static void many(wc_ctx *c) { walk_in(c, many_round, "a server with 24 connections open", "sim"); }
static void process(wc_ctx *c) { walk_all(c, process_round, "a new process"); }
static void deferred(wc_ctx *c) {
    if (wc_want_knob(c, "ioctl_completion", "deferred") != WT_OK)
        wc_unsupported(c, "the target cannot be asked to pend QUERY (model knob ioctl_completion)");
    walk_all(c, deferred_round, "an overlapped QUERY and SET the provider pends");
}
static void win32(wc_ctx *c) { walk_all(c, win32_round, "events, a mutex, a semaphore, a thread and a port"); }
static void threadpool(wc_ctx *c) {
    /* each round in a world of its own: the pool itself (its port, its threads) is made in the walk */
    walk_in(c, threadpool_round, "a thread-pool callback and a work object", "sim");
}
static void driver(wc_ctx *c) {
    /* a target whose driver stays until it closes (a vendor's module) cannot run the walk */
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'D', 50444);
    if (wt_add_callout(wc_target(c), &p) != WT_OK)
        wc_unsupported(c, "the target cannot load a callout: %s", wt_error());
    int rc = wt_remove_callout(wc_target(c), 'D');
    if (rc == WT_EUNSUPPORTED) wc_unsupported(c, "the target cannot unload its callout: %s", wt_error());
    if (!wc_check(c, rc == WT_OK, "set-up: the unload of a driver just loaded: %s", wt_error())) return;
    walk_all(c, driver_round, "a callout driver's load, redirect and unload");
}
static void extension(wc_ctx *c) {
    first_len = 0;
    walk_all(c, extension_round, "AcceptEx, ConnectEx and DisconnectEx on a port");
}
static void extension_first_bytes(wc_ctx *c) {
    first_len = (DWORD)strlen(first_bytes);
    walk_all(c, extension_round, "ConnectEx with first bytes, AcceptEx and DisconnectEx on a port");
}
static void udp_proxy(wc_ctx *c) { walk_all(c, udp_proxy_round, "a UDP proxy's readiness, WSARecvMsg and WSASendMsg"); }

static const wc_case cases[] = {
    WC_CASE("S3.low-memory.tcp", "S3", "#remarks", WC_MUST,
            "with any one allocation failing: WSAENOBUFS or success, the bytes intact, no crash or leak", tcp),
    WC_CASE("S3.low-memory.os-tcp", "S3", "#remarks", WC_MUST,
            "over the model's os transport, with any one allocation failing: a send is whole, short or WSAENOBUFS, "
            "and every byte it took arrives, after a close too",
            os_tcp),
    WC_CASE("S3.low-memory.overlapped", "S3", "#remarks", WC_MUST,
            "event, routine and port receives with any one allocation failing: fail at once or complete once",
            overlapped),
    WC_CASE("S3.low-memory.udp", "S3", "#remarks", WC_MUST,
            "a UDP exchange with any one allocation failing: WSAENOBUFS or success, the datagram intact", udp),
    WC_CASE("S3.low-memory.os-udp", "S3", "#remarks", WC_MUST,
            "over the model's os transport, with any one allocation failing: WSAENOBUFS or success, the datagram "
            "intact or dropped",
            os_udp),
    WC_CASE("S3.low-memory.names", "S3", "#remarks", WC_MUST,
            "getaddrinfo and GetAddrInfoW with any one allocation failing: EAI_MEMORY and nothing kept, or both "
            "addresses, all given back by freeaddrinfo and FreeAddrInfoW",
            names),
    WC_CASE("S3.low-memory.win32", "S3", "#remarks", WC_MUST,
            "kernel32 objects, a thread and posted packets with any one allocation failing: NULL or FALSE, or work",
            win32),
    WC_CASE("S3.low-memory.threadpool", "S3", "#remarks", WC_MUST,
            "TrySubmitThreadpoolCallback and a work object submitted twice with any one allocation failing: FALSE or "
            "NULL and nothing run, or each callback run once",
            threadpool),
    WC_CASE("S3.low-memory.extension", "S3", "#remarks", WC_MUST,
            "AcceptEx, ConnectEx, DisconnectEx with any one allocation failing: fail at once or complete once",
            extension),
    WC_CASE("S3.low-memory.connectex-data", "S3", "#remarks", WC_MUST,
            "ConnectEx with a send buffer, with any one allocation failing: it fails at once or completes once, and "
            "the acceptee reads the bytes it reports sent",
            extension_first_bytes),
    WC_CASE(
        "A66.low-memory", "A66,A67", "#remarks", WC_MUST,
        "a UDP proxy's WSAEventSelect, WSAPoll, WSARecvMsg (records) and WSASendMsg with any one allocation failing",
        udp_proxy),
    WC_CASE("A74.low-memory", "A74,A80", "#remarks", WC_MUST,
            "a callout driver's load, redirect and unload with any one allocation failing: it loads or leaves nothing",
            driver),
    WC_CASE("A33.low-memory", "A33,A56", "#remarks", WC_MUST,
            "QUERY and SET with any one allocation failing: WSAENOBUFS or success, and the next flow works", redirect),
    WC_CASE("S3.low-memory.listener", "S3", "#remarks", WC_MUST,
            "a new proxy listener's first redirected connection with any one allocation failing: WSAENOBUFS or "
            "success, and its flow ends",
            listener),
    WC_CASE("S3.low-memory.many-sockets", "S3", "#remarks", WC_MUST,
            "a server making and accepting 24 connections, in a world of its own, with any one allocation failing: "
            "socket and accept WSAENOBUFS or success, the connections made before intact, no leak",
            many),
    WC_CASE("S5.low-memory.process", "S5", "#remarks", WC_MUST,
            "a new process with any one allocation failing: WT_ENOMEM, or a PID that names a process", process),
    WC_CASE("A46.low-memory", "A46", "#remarks", WC_MUST,
            "an overlapped QUERY and SET the provider pends, with any one allocation failing: each fails at once or "
            "completes once, never lost",
            deferred),
};

WC_TABLE(wc_low_memory, cases);
