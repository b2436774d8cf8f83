/*
 * test_process.c: unit tests of the model's processes (issue 13, section 4): creating a
 * process with a PID, an image path and a token; the application id of an image path; the
 * token deciding SIO_SET (A54) per process; and the two things a vendor's callout does with
 * them, exempting its proxy's PID and matching an application by image path, run with the
 * test callout's options that do exactly that (exempt_pid through the PROCESS_ID metadata,
 * app_path through an ALE_APP_ID filter condition).
 *
 * Why: with every socket in one process a callout that exempts its proxy or picks an
 * application cannot be exercised, and a proxy that relies on "never redirect our own PID"
 * loops.  Each matching test has its control: the same scenario without the option must
 * behave the other way, so the test can fail.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>

#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"
#include "../kernel/heap.h" /* ms_heap_fail_after: memory that runs out */

#define PROXY_PORT 50000 /* the model target's default proxy port */

static DWORD create(wt_target *t, const char *path, int elevated) {
    DWORD pid = 0;
    ASSERT_EQ(wt_process_create(t, path, elevated, &pid), WT_OK);
    return pid;
}

/* The UTF-16LE bytes of an ASCII string with its terminator. */
static ULONG utf16(const char *s, UCHAR *out) {
    ULONG n = 0;
    do {
        out[n++] = (UCHAR)*s;
        out[n++] = 0;
    } while (*s++);
    return n;
}

static void nonblocking(SOCKET s) {
    u_long on = 1;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &on), 0);
}

TEST(process_create_names_pid_image_and_token) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(wt_process_id(t, WT_PROCESS_SELF), 4242);
    ASSERT_EQ(wt_process_id(t, WT_PROCESS_CLIENT), 4141);
    DWORD a = create(t, "C:\\Program Files\\Vendor\\Relay.exe", 0);
    DWORD b = create(t, "\\device\\harddiskvolume3\\tools\\agent.exe", 1);
    ASSERT(a != b && a != 4242 && a != 4141 && b != 4242 && b != 4141);
    ASSERT_EQ(a % 4, 0); /* Windows PIDs are multiples of 4 */
    /* The application id: the NT path, lower case, UTF-16 with its terminator. */
    UCHAR want[512], got[512];
    ULONG n = utf16("\\device\\harddiskvolume1\\program files\\vendor\\relay.exe", want), len = 0;
    ASSERT_EQ(wt_app_id("C:\\Program Files\\Vendor\\Relay.exe", got, sizeof got, &len), WT_OK);
    ASSERT_EQ(len, n);
    ASSERT_MEM_EQ(got, want, n);
    ASSERT_EQ(wt_app_id("C:\\a", got, sizeof got, &len), WT_OK); /* the shortest path a drive takes (mutant 203-7) */
    n = utf16("\\device\\harddiskvolume1\\a", want);
    ASSERT_EQ(len, n);
    ASSERT_MEM_EQ(got, want, n);
    ASSERT_EQ(wt_app_id("d:/Tools/X.EXE", got, sizeof got, &len), WT_OK);
    n = utf16("\\device\\harddiskvolume2\\tools\\x.exe", want);
    ASSERT_EQ(len, n);
    ASSERT_MEM_EQ(got, want, n);
    ASSERT_EQ(wt_app_id("C:\\a.exe", got, 4, &len), WT_EINVAL); /* too small: the size is still told */
    ASSERT_EQ(len, utf16("\\device\\harddiskvolume1\\a.exe", want));
    /* Bad input is refused, naming it. */
    DWORD pid = 7;
    ASSERT_EQ(wt_process_create(t, "relay.exe", 0, &pid), WT_EINVAL);
    ASSERT_NOT_NULL(strstr(wt_error(), "'relay.exe'"));
    ASSERT_EQ(pid, 0);
    ASSERT_EQ(wt_process_create(t, NULL, 0, &pid), WT_EINVAL);
    char longpath[300];
    memset(longpath, 'x', sizeof longpath);
    memcpy(longpath, "C:\\", 3);
    longpath[sizeof longpath - 1] = 0;
    ASSERT_EQ(wt_process_create(t, longpath, 0, &pid), WT_EINVAL);
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_SELF, 12345), WT_EINVAL);
    ASSERT_NOT_NULL(strstr(wt_error(), "12345"));
    ASSERT_EQ(wt_process_assign(t, 7, a), WT_EINVAL);
    /* A role given to a process is reported as its PID. */
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_CLIENT, b), WT_OK);
    ASSERT_EQ(wt_process_id(t, WT_PROCESS_CLIENT), b);
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_SELF, a), WT_OK);
    ASSERT_EQ(wt_process_id(t, WT_PROCESS_SELF), a);
    return fx_close(t);
}

/* SIO_SET checks the token of the socket's process (A54): one proxy elevated, one not. */
TEST(process_token_decides_sio_set) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f;
    fx_redirected(t, AF_INET, 0, &f);
    char rec[8192];
    DWORD n = fx_query(t, f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, rec, sizeof rec), cb = 0;
    DWORD user = create(t, "C:\\Users\\me\\proxy.exe", 0), admin = create(t, "C:\\Program Files\\V\\proxy.exe", 1);
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_SELF, user), WT_OK);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &cb, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEACCES);
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_SELF, admin), WT_OK);
    s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &cb, NULL, NULL), 0);
    /* The built-in processes keep the caller's privilege (wt_set_elevated). */
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_SELF, 4242), WT_OK);
    ASSERT_EQ(wt_set_elevated(t, 0), WT_OK);
    s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, rec, n, NULL, 0, &cb, NULL, NULL), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEACCES);
    return fx_close(t);
}

/* The SIO_SET answer for a new socket: 0 or the error (the token of its process decides). */
static const char *set_rec;
static DWORD set_len;
static int set_on_new_socket(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    DWORD cb = 0;
    int rc = WSAIoctl(s, SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS, (void *)set_rec, set_len, NULL, 0, &cb, NULL, NULL);
    int e = rc ? WSAGetLastError() : 0;
    closesocket(s);
    return e;
}

static DWORD WINAPI other_thread_sets(LPVOID arg) {
    (void)arg;
    return (DWORD)set_on_new_socket();
}

/* wt_process_assign_thread: the calling thread's sockets belong to the process it names
 * (the chain runner's clients are the application's), other threads' and the roles stay. */
TEST(process_thread_assignment_is_the_calling_threads_only) {
    wt_target *t = fx_open(NULL);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET, 0, &f), WT_OK);
    static char rec[8192];
    DWORD n = 0;
    ASSERT_EQ(WSAIoctl(f.accepted, SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS, NULL, 0, rec, sizeof rec, &n, NULL, NULL),
              0);
    set_rec = rec;
    set_len = n;
    DWORD user = create(t, "C:\\Users\\me\\app.exe", 0);
    ASSERT_EQ(set_on_new_socket(), 0); /* 4242, elevated */
    ASSERT_EQ(wt_process_assign_thread(t, user), WT_OK);
    ASSERT_EQ(set_on_new_socket(), WSAEACCES); /* this thread's socket is the unelevated process's */
    ASSERT_EQ(wt_process_id(t, WT_PROCESS_SELF), 4242); /* the role did not move */
    HANDLE h = CreateThread(NULL, 0, other_thread_sets, NULL, 0, NULL);
    ASSERT_NOT_NULL(h);
    ASSERT_EQ(WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    DWORD code = 1;
    ASSERT(GetExitCodeThread(h, &code));
    ASSERT_EQ(code, 0); /* another thread's socket stays 4242's */
    CloseHandle(h);
    ASSERT_EQ(wt_process_assign_thread(t, 0), WT_OK);
    ASSERT_EQ(set_on_new_socket(), 0);
    ASSERT_EQ(wt_process_assign_thread(t, 12345), WT_EINVAL);
    ASSERT_NOT_NULL(strstr(wt_error(), "12345"));
    ASSERT_EQ(set_on_new_socket(), 0);
    wt_close(t);
    return 0;
}

/* A proxy that relays with a plain connect (no SIO_SET) to the original destination, under
 * a callout that exempts (exempt) or does not exempt its PID.  Returns true when the relay
 * reached the server, false when the callout sent it back to the proxy. */
static bool relay_reaches_server(bool exempt) {
    wt_target *t = fx_open(NULL);
    DWORD proxy = create(t, "C:\\Program Files\\Vendor\\proxy.exe", 1);
    ASSERT_EQ(wt_process_assign(t, WT_PROCESS_SELF, proxy), WT_OK); /* the proxy's sockets from here on */
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', PROXY_PORT);
    p.target_pid = proxy;
    p.exempt_pid = exempt ? proxy : 0;
    ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
    wt_tcp_flow f;
    ASSERT_EQ(wt_tcp_redirected(t, AF_INET6, 0, &f), WT_OK);
    ASSERT_EQ(wt_findings(t, NULL, 0), 0); /* A84: the PID named is the listener's owner */
    SOCKET up = socket(AF_INET6, SOCK_STREAM, 0);
    ASSERT_EQ(connect(up, (struct sockaddr *)&f.original_dst, sizeof f.original_dst), 0);
    nonblocking(f.server_listener);
    nonblocking(f.listener);
    SOCKET at_server = accept(f.server_listener, NULL, NULL);
    SOCKET looped = accept(f.listener, NULL, NULL);
    ASSERT((at_server == INVALID_SOCKET) != (looped == INVALID_SOCKET)); /* one or the other */
    wt_close(t);
    return at_server != INVALID_SOCKET;
}

TEST(process_exempting_the_proxy_pid_stops_the_loop) {
    ASSERT(relay_reaches_server(true));
    ASSERT(!relay_reaches_server(false)); /* the control: the same relay loops back to the proxy */
    return 0;
}

/* A callout for one application by image path (an ALE_APP_ID filter condition) redirects
 * that application's connections and leaves another application's alone. */
TEST(process_image_path_match_redirects_only_that_application) {
    wt_target *t = fx_open(NULL);
    DWORD browser = create(t, "c:/apps/browser.exe", 0), other = create(t, "C:\\Apps\\updater.exe", 0);
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', PROXY_PORT);
    p.app_path = "C:\\APPS\\Browser.EXE"; /* the same file: application ids are lower case */
    ASSERT_EQ(wt_add_callout(t, &p), WT_OK);
    for (int af = AF_INET; af; af = af == AF_INET ? AF_INET6 : 0) {
        wt_tcp_flow f;
        ASSERT_EQ(wt_process_assign(t, WT_PROCESS_CLIENT, browser), WT_OK);
        ASSERT_EQ(wt_tcp_redirected(t, af, 0, &f), WT_OK);
        ASSERT_EQ(wt_process_assign(t, WT_PROCESS_CLIENT, other), WT_OK);
        ASSERT_EQ(wt_tcp_redirected(t, af, 0, &f), WT_ESTACK); /* not redirected ... */
        ASSERT_NOT_NULL(strstr(wt_error(), "not redirected"));
        nonblocking(f.server_listener);
        ASSERT(accept(f.server_listener, NULL, NULL) != INVALID_SOCKET); /* ... it went to the server */
        /* UDP alike: FIONREAD is the size of the first datagram at the proxy (0: none). */
        wt_udp_flow u;
        u_long queued = 1;
        ASSERT_EQ(wt_udp_redirected(t, af, 0, &u), WT_OK);
        ASSERT_EQ(ioctlsocket(u.proxy, FIONREAD, &queued), 0);
        ASSERT_EQ(queued, 0);
        ASSERT_EQ(wt_process_assign(t, WT_PROCESS_CLIENT, browser), WT_OK);
        ASSERT_EQ(wt_udp_redirected(t, af, 0, &u), WT_OK);
        ASSERT_EQ(ioctlsocket(u.proxy, FIONREAD, &queued), 0);
        ASSERT_GT(queued, 0);
    }
    ASSERT_EQ(wt_findings(t, NULL, 0), 0);
    p.app_path = "browser.exe"; /* a path the model cannot turn into an id is refused, named */
    p.vendor = 'B';
    ASSERT_EQ(wt_add_callout(t, &p), WT_EINVAL);
    ASSERT_NOT_NULL(strstr(wt_error(), "'browser.exe'"));
    return fx_close(t);
}

/* No memory for some allocation of a process creation: the creation fails whole (WT_ENOMEM
 * whenever an allocation failed during it), and the next one works (mutant 199-7: a failed
 * application id still made a process, without one). */
TEST(process_create_without_memory_fails_whole) {
    wt_target *t = fx_open(NULL);
    int failed = 0;
    for (unsigned long n = 1; n <= 8; n++) {
        DWORD pid = 77;
        ms_heap_fail_after(n);
        int r = wt_process_create(t, "C:\\Program Files\\Vendor\\Relay.exe", 0, &pid);
        int state = ms_heap_fail_state();
        ms_heap_fail_after(0);
        if (state == 2) {
            failed++;
            ASSERT_EQ(r, WT_ENOMEM);
            ASSERT_EQ(pid, 0);
        } else {
            ASSERT_EQ(r, WT_OK);
        }
    }
    ASSERT(failed > 0);
    DWORD again = create(t, "C:\\Program Files\\Vendor\\Relay.exe", 0);
    ASSERT(again != 0 && again != 4242 && again != 4141);
    return fx_close(t);
}
