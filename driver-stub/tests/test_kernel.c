/*
 * test_kernel.c: unit tests of driver-stub/kernel (events, waits, completion ports, alertable
 * sleeps, the handle table and the per-thread last error), driven through the public
 * Winsock names of wfpcert/winsock.h on a model target.
 *
 * Why: every completion the IOCTL assertions look at (A18..A29) travels through these
 * objects.  If an event, a port or the last error misbehaved, the IOCTL tests would blame
 * the wrong layer; these tests pin the plumbing on its own.  Waits never depend on timing:
 * in virtual time (one thread) an unsatisfiable wait ends at once, and where a second thread
 * is involved the test orders the threads explicitly before anything waits.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kernel/keymap.h"
#include "../wdk/driver.h" /* the WDK runtime a driver calls: work items */
#include "unit.h"
#include "unit_fixtures.h"
#include "wfpcert/target.h"
#include "wfpcert/target_model.h"

/* ---- helpers ---- */

static HANDLE new_port(void) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ASSERT_NOT_NULL(port);
    return port;
}

/* A call that failed (the caller says how it can tell) and set this last error. */
static void expect_failed(bool failed, DWORD error) {
    ASSERT(failed);
    ASSERT_EQ(GetLastError(), error);
}

/* Dequeues one successful packet and checks all it carries. */
static void expect_packet(HANDLE port, DWORD timeout, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov) {
    DWORD got_bytes = ~0u;
    ULONG_PTR got_key = 0;
    LPOVERLAPPED got_ov = (LPOVERLAPPED)&got_key;
    ASSERT(GetQueuedCompletionStatus(port, &got_bytes, &got_key, &got_ov, timeout));
    ASSERT_EQ(got_bytes, bytes);
    ASSERT_EQ(got_key, key);
    ASSERT(got_ov == ov);
}

/* The wait result for one event, without blocking. */
static DWORD poll_event(WSAEVENT e) { return WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE); }

/* ---- events ---- */

/* A world with one fresh event in it. */
typedef struct event_world {
    wt_target *t;
    WSAEVENT e;
} event_world;

static event_world event_world_open(void) {
    event_world w = {fx_open(NULL), WSACreateEvent()};
    ASSERT(w.e != WSA_INVALID_EVENT);
    return w;
}

static int event_world_close(event_world *w, bool close_event) {
    if (close_event) ASSERT(WSACloseEvent(w->e));
    return fx_close(w->t);
}

TEST(kernel_event_set_reset_and_poll) {
    event_world w = event_world_open();
    ASSERT_EQ(poll_event(w.e), WSA_WAIT_TIMEOUT); /* created non-signalled */
    ASSERT(WSASetEvent(w.e));
    ASSERT_EQ(poll_event(w.e), WSA_WAIT_EVENT_0);
    ASSERT_EQ(poll_event(w.e), WSA_WAIT_EVENT_0); /* manual reset: a wait does not clear it */
    ASSERT(WSAResetEvent(w.e));
    ASSERT_EQ(poll_event(w.e), WSA_WAIT_TIMEOUT);
    return event_world_close(&w, true);
}

TEST(kernel_event_wait_any_reports_first_signalled) {
    wt_target *t = fx_open(NULL);
    WSAEVENT ev[3] = {WSACreateEvent(), WSACreateEvent(), WSACreateEvent()};
    ASSERT_EQ(WSAWaitForMultipleEvents(3, ev, FALSE, 0, FALSE), WSA_WAIT_TIMEOUT);
    ASSERT(WSASetEvent(ev[2]));
    ASSERT_EQ(WSAWaitForMultipleEvents(3, ev, FALSE, 0, FALSE), WSA_WAIT_EVENT_0 + 2);
    ASSERT(WSASetEvent(ev[1]));
    ASSERT_EQ(WSAWaitForMultipleEvents(3, ev, FALSE, 0, FALSE), WSA_WAIT_EVENT_0 + 1);
    for (int i = 0; i < 3; i++) ASSERT(WSACloseEvent(ev[i]));
    return fx_close(t);
}

TEST(kernel_event_wait_all_needs_every_event) {
    wt_target *t = fx_open(NULL);
    WSAEVENT ev[2] = {WSACreateEvent(), WSACreateEvent()};
    ASSERT(WSASetEvent(ev[0]));
    ASSERT_EQ(WSAWaitForMultipleEvents(2, ev, TRUE, 0, FALSE), WSA_WAIT_TIMEOUT);
    ASSERT(WSASetEvent(ev[1]));
    ASSERT_EQ(WSAWaitForMultipleEvents(2, ev, TRUE, 0, FALSE), WSA_WAIT_EVENT_0);
    ASSERT(WSAResetEvent(ev[0]));
    ASSERT_EQ(WSAWaitForMultipleEvents(2, ev, TRUE, 0, FALSE), WSA_WAIT_TIMEOUT);
    for (int i = 0; i < 2; i++) ASSERT(WSACloseEvent(ev[i]));
    return fx_close(t);
}

/* A finite wait nothing can satisfy ends with WSA_WAIT_TIMEOUT (at once in virtual time). */
TEST(kernel_event_wait_times_out) {
    event_world w = event_world_open();
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &w.e, FALSE, 50, FALSE), WSA_WAIT_TIMEOUT);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &w.e, TRUE, 50, TRUE), WSA_WAIT_TIMEOUT);
    return event_world_close(&w, true);
}

/* An infinite wait on one thread can never end: the model reports it instead of hanging. */
TEST(kernel_infinite_wait_in_virtual_time_is_a_finding) {
    event_world w = event_world_open();
    ASSERT_EQ(wt_findings(w.t, NULL, 0), 0);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &w.e, FALSE, INFINITE, FALSE), WSA_WAIT_TIMEOUT);
    char text[256];
    ASSERT_EQ(wt_findings(w.t, text, sizeof text), 1);
    ASSERT_NOT_NULL(strstr(text, "deadlock"));
    return event_world_close(&w, true);
}

TEST(kernel_event_closed_handle_is_invalid) {
    event_world w = event_world_open();
    ASSERT(WSACloseEvent(w.e));
    WSASetLastError(0);
    expect_failed(!WSACloseEvent(w.e), WSA_INVALID_HANDLE);
    ASSERT(!WSASetEvent(w.e));
    ASSERT(!WSAResetEvent(w.e));
    WSASetLastError(0);
    expect_failed(poll_event(w.e) == WSA_WAIT_FAILED, WSA_INVALID_HANDLE);
    return event_world_close(&w, false);
}

/* Values that never were events (NULL, garbage, a port, the OVERLAPPED low-bit form). */
TEST(kernel_event_calls_reject_non_events) {
    wt_target *t = fx_open(NULL);
    HANDLE port = new_port();
    WSAEVENT e = WSACreateEvent();
    WSAEVENT bad[] = {NULL, (WSAEVENT)(uintptr_t)0x12345678, (WSAEVENT)(uintptr_t)-1, port,
                      (WSAEVENT)((uintptr_t)e | 1)};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        WSASetLastError(0);
        expect_failed(!WSASetEvent(bad[i]), WSA_INVALID_HANDLE);
        ASSERT(!WSACloseEvent(bad[i]));
    }
    ASSERT_EQ(poll_event(e), WSA_WAIT_TIMEOUT); /* the tagged form did not touch the event */
    ASSERT(WSACloseEvent(e));
    ASSERT(CloseHandle(port));
    return fx_close(t);
}

TEST(kernel_wait_rejects_bad_event_counts_and_arrays) {
    wt_target *t = fx_open(NULL);
    WSAEVENT ev[WSA_MAXIMUM_WAIT_EVENTS + 1];
    for (int i = 0; i <= WSA_MAXIMUM_WAIT_EVENTS; i++) ev[i] = WSACreateEvent();
    WSASetLastError(0);
    expect_failed(WSAWaitForMultipleEvents(0, ev, FALSE, 0, FALSE) == WSA_WAIT_FAILED, WSA_INVALID_PARAMETER);
    expect_failed(WSAWaitForMultipleEvents(WSA_MAXIMUM_WAIT_EVENTS + 1, ev, FALSE, 0, FALSE) == WSA_WAIT_FAILED,
                  WSA_INVALID_PARAMETER);
    ASSERT_EQ(WSAWaitForMultipleEvents(WSA_MAXIMUM_WAIT_EVENTS, ev, FALSE, 0, FALSE), WSA_WAIT_TIMEOUT);
    expect_failed(WSAWaitForMultipleEvents(2, NULL, FALSE, 0, FALSE) == WSA_WAIT_FAILED, WSAEFAULT);
    expect_failed(WSAWaitForMultipleEvents(2, wt_unmapped_address(t), FALSE, 0, FALSE) == WSA_WAIT_FAILED, WSAEFAULT);
    for (int i = 0; i <= WSA_MAXIMUM_WAIT_EVENTS; i++) ASSERT(WSACloseEvent(ev[i]));
    return fx_close(t);
}

/* Handle values carry the world: an event of another world is not an event here (A39's
 * sibling for events). */
TEST(kernel_A39_event_of_another_world_is_invalid) {
    wt_target *t1 = fx_open(NULL);
    WSAEVENT old = WSACreateEvent();
    wt_close(t1);
    wt_target *t2 = fx_open(NULL);
    WSAEVENT mine = WSACreateEvent();
    WSASetLastError(0);
    expect_failed(!WSASetEvent(old), WSA_INVALID_HANDLE);
    WSAEVENT both[2] = {mine, old};
    WSASetLastError(0);
    expect_failed(WSAWaitForMultipleEvents(2, both, FALSE, 0, FALSE) == WSA_WAIT_FAILED, WSA_INVALID_HANDLE);
    ASSERT(WSACloseEvent(mine));
    return fx_close(t2);
}

/* Two worlds open at once: the current one does not accept the other's live event. */
TEST(kernel_A39_event_of_a_live_other_world_is_invalid) {
    wt_target *t1 = fx_open(NULL);
    WSAEVENT e1 = WSACreateEvent();
    wt_target *t2 = fx_open(NULL); /* now the current world */
    expect_failed(!WSASetEvent(e1), WSA_INVALID_HANDLE);
    wt_close(t2);
    return fx_close(t1);
}

/* ---- completion ports ---- */

TEST(kernel_iocp_post_get_round_trip_in_fifo_order) {
    wt_target *t = fx_open(NULL);
    HANDLE port = new_port();
    OVERLAPPED a, b;
    ASSERT(PostQueuedCompletionStatus(port, 123, 0xABC, &a));
    ASSERT(PostQueuedCompletionStatus(port, 0, 0xDEF, &b));
    expect_packet(port, 0, 123, 0xABC, &a);
    expect_packet(port, 0, 0, 0xDEF, &b);
    ASSERT(CloseHandle(port));
    return fx_close(t);
}

/* Nothing queued: FALSE with WAIT_TIMEOUT and *lpOverlapped set to NULL. */
static void expect_get_timeout(HANDLE port, DWORD timeout) {
    DWORD bytes = 7;
    ULONG_PTR key = 7;
    OVERLAPPED dummy;
    LPOVERLAPPED ov = &dummy;
    SetLastError(0);
    expect_failed(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, timeout), WAIT_TIMEOUT);
    ASSERT_NULL(ov);
}

TEST(kernel_iocp_get_timeout_returns_false_and_null_overlapped) {
    wt_target *t = fx_open(NULL);
    HANDLE port = new_port();
    expect_get_timeout(port, 0);
    expect_get_timeout(port, 25); /* virtual time: ends at once, same result */
    ASSERT(CloseHandle(port));
    return fx_close(t);
}

TEST(kernel_iocp_bad_port_and_bad_out_pointers_fail) {
    wt_target *t = fx_open(NULL);
    HANDLE port = new_port(), bogus = (HANDLE)(uintptr_t)0x4440;
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;
    expect_failed(!GetQueuedCompletionStatus(bogus, &bytes, &key, &ov, 0), ERROR_INVALID_HANDLE);
    SetLastError(0);
    expect_failed(!PostQueuedCompletionStatus(bogus, 1, 1, NULL), ERROR_INVALID_HANDLE);
    ASSERT(PostQueuedCompletionStatus(port, 1, 1, NULL));
    /* Bad out pointers fail without dequeuing: the packet is still there afterwards. */
    ASSERT(!GetQueuedCompletionStatus(port, NULL, &key, &ov, 0));
    ASSERT(!GetQueuedCompletionStatus(port, &bytes, &key, wt_readonly_page(t), 0));
    expect_packet(port, 0, 1, 1, NULL);
    /* INVALID_HANDLE_VALUE with an existing port is no association; a non-handle is refused. */
    expect_failed(CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 0, 0) == NULL, ERROR_INVALID_PARAMETER);
    expect_failed(CreateIoCompletionPort(bogus, port, 0, 0) == NULL, ERROR_INVALID_HANDLE);
    ASSERT(CloseHandle(port));
    return fx_close(t);
}

/* Closing a port or an event frees it at once (LSan sees a leak otherwise), queued packets
 * included; the handle is dead from then on. */
TEST(kernel_close_handle_releases_port_and_event) {
    wt_target *t = fx_open(NULL);
    HANDLE port = new_port();
    ASSERT(PostQueuedCompletionStatus(port, 5, 5, NULL));
    ASSERT(PostQueuedCompletionStatus(port, 6, 6, NULL));
    ASSERT(CloseHandle(port));
    SetLastError(0);
    expect_failed(!CloseHandle(port), ERROR_INVALID_HANDLE);
    ASSERT(!PostQueuedCompletionStatus(port, 1, 1, NULL));
    WSAEVENT e = WSACreateEvent();
    ASSERT(CloseHandle(e));
    ASSERT(!WSASetEvent(e));
    ASSERT(!CloseHandle((HANDLE)(uintptr_t)0x12345678));
    return fx_close(t);
}

/* ---- sleeps and APC-free waits ---- */

TEST(kernel_sleepex_without_apcs_returns_zero) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(SleepEx(0, FALSE), 0);
    ASSERT_EQ(SleepEx(0, TRUE), 0);
    ASSERT_EQ(SleepEx(100, TRUE), 0); /* virtual time: nothing to wait for, so it ends now */
    ASSERT_EQ(wt_findings(t, NULL, 0), 0); /* a sleep that ends is not a deadlock */
    return fx_close(t);
}

/* ---- threads ---- */

static void *set_and_read_error(void *arg) {
    WSASetLastError(5678);
    *(DWORD *)arg = GetLastError();
    return NULL;
}

/* GetLastError and WSAGetLastError are one value, and it belongs to the calling thread. */
TEST(kernel_last_error_is_per_thread) {
    wt_target *t = fx_open(NULL);
    SetLastError(1234);
    ASSERT_EQ(WSAGetLastError(), 1234);
    DWORD seen = 0;
    pthread_t th;
    ASSERT_EQ(pthread_create(&th, NULL, set_and_read_error, &seen), 0);
    ASSERT_EQ(pthread_join(th, NULL), 0);
    ASSERT_EQ(seen, 5678);
    ASSERT_EQ(GetLastError(), 1234);
    /* A failing call sets it on this thread only. */
    expect_failed(!WSASetEvent(NULL), WSA_INVALID_HANDLE);
    return fx_close(t);
}

typedef struct signaller {
    sem_t registered;
    WSAEVENT event;
    HANDLE port;
} signaller;

/* Joins the world first (which turns it to real time), says so, then signals. */
static void *signal_later(void *arg) {
    signaller *s = arg;
    (void)GetCurrentThread();
    sem_post(&s->registered);
    if (s->event) WSASetEvent(s->event);
    if (s->port) PostQueuedCompletionStatus(s->port, 42, 7, NULL);
    return NULL;
}

static void run_signaller(signaller *s, pthread_t *th) {
    ASSERT_EQ(sem_init(&s->registered, 0, 0), 0);
    ASSERT_EQ(pthread_create(th, NULL, signal_later, s), 0);
    ASSERT_EQ(sem_wait(&s->registered), 0);
}

/* With a second thread in the world an infinite wait really blocks, and another thread's
 * WSASetEvent ends it (no finding: it was not a deadlock). */
TEST(kernel_infinite_wait_ended_by_another_thread) {
    wt_target *t = fx_open(NULL);
    signaller s = {.event = WSACreateEvent()};
    pthread_t th;
    run_signaller(&s, &th);
    ASSERT_EQ(WSAWaitForMultipleEvents(1, &s.event, TRUE, INFINITE, FALSE), WSA_WAIT_EVENT_0);
    ASSERT_EQ(pthread_join(th, NULL), 0);
    sem_destroy(&s.registered);
    ASSERT_EQ(wt_findings(t, NULL, 0), 0);
    ASSERT(WSACloseEvent(s.event));
    return fx_close(t);
}

TEST(kernel_iocp_infinite_get_ended_by_another_thread) {
    wt_target *t = fx_open(NULL);
    signaller s = {.port = new_port()};
    pthread_t th;
    run_signaller(&s, &th);
    expect_packet(s.port, INFINITE, 42, 7, NULL);
    ASSERT_EQ(pthread_join(th, NULL), 0);
    sem_destroy(&s.registered);
    ASSERT(CloseHandle(s.port));
    return fx_close(t);
}

/* wt_wait_change, the chain runner's idle wait: a first call, and a call after any change (an
 * event set here, another thread's), returns 1 at once; with nothing changed it waits out its
 * bound and returns 0.  In real time only: the knob clock=real, as the os transport sets. */
TEST(kernel_wait_change_sees_changes_and_times_out) {
    wt_target *t = fx_open(NULL);
    ASSERT_EQ(wt_set_knob(t, "clock", "real"), 0);
    unsigned long long seen = 0;
    ASSERT_EQ(wt_wait_change(t, &seen, 0), 1);
    ASSERT_EQ(wt_wait_change(t, &seen, 0), 0);
    ASSERT_EQ(wt_wait_change(t, &seen, 20), 0); /* nothing else runs: the bound passes */
    signaller s = {.event = WSACreateEvent()};
    ASSERT(WSASetEvent(s.event));
    ASSERT_EQ(wt_wait_change(t, &seen, 0), 1);
    ASSERT(WSAResetEvent(s.event));
    (void)wt_wait_change(t, &seen, 0);
    pthread_t th;
    run_signaller(&s, &th); /* sets the event before or during the wait: either way a change */
    ASSERT_EQ(wt_wait_change(t, &seen, 10000), 1);
    ASSERT_EQ(pthread_join(th, NULL), 0);
    sem_destroy(&s.registered);
    ASSERT_EQ(wt_wait_change(t, NULL, 0), WT_EINVAL);
    ASSERT(WSACloseEvent(s.event));
    return fx_close(t);
}

/* Each thread of a world has its own handle, and GetCurrentThread is stable per thread. */
static void *own_thread_handle(void *arg) {
    *(HANDLE *)arg = GetCurrentThread();
    return NULL;
}

TEST(kernel_thread_handles_differ_per_thread) {
    wt_target *t = fx_open(NULL);
    HANDLE mine = GetCurrentThread();
    ASSERT_NOT_NULL(mine);
    ASSERT(GetCurrentThread() == mine);
    HANDLE other = NULL;
    pthread_t th;
    ASSERT_EQ(pthread_create(&th, NULL, own_thread_handle, &other), 0);
    ASSERT_EQ(pthread_join(th, NULL), 0);
    ASSERT_NOT_NULL(other);
    ASSERT(other != mine);
    return fx_close(t);
}

/* kernel/keymap.c, the index behind the WFP engine's flow and pool lists, against a plain
 * array: puts, gets and deletions in an order that makes long probe runs and wraps round the
 * end of the table, so a wrong backward shift on deletion loses or misplaces entries. */
TEST(kernel_keymap_matches_a_plain_array) {
    enum { N = 5000 };
    static uint64_t keys[N];
    static int live[N];
    ms_keymap m;
    memset(&m, 0, sizeof m);
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        keys[i] = i % 3 ? x : (uint64_t)i; /* sequential ids and scattered addresses */
        ASSERT(ms_keymap_put(&m, keys[i], &live[i]));
        live[i] = 1;
        if (i % 4 == 3) { /* drop an older one: holes in the middle of probe runs */
            int j = (int)((x >> 7) % (uint64_t)i);
            if (live[j]) {
                ms_keymap_del(&m, keys[j]);
                live[j] = 0;
            }
        }
    }
    size_t count = 0;
    for (int i = 0; i < N; i++) {
        ASSERT(ms_keymap_get(&m, keys[i]) == (live[i] ? (void *)&live[i] : NULL));
        count += live[i] != 0;
    }
    ASSERT_EQ(m.len, count);
    for (int i = 0; i < N; i++)
        if (live[i]) ms_keymap_del(&m, keys[i]);
    ASSERT_EQ(m.len, 0);
    for (int i = 0; i < N; i++) ASSERT_NULL(ms_keymap_get(&m, keys[i]));
    ms_keymap_free(&m);
    return 0;
}

/* ---- work items (driver-stub/wdk/io.c) ---- */
static int item_runs;
static PVOID item_context;
static void count_run(PDEVICE_OBJECT device, PVOID context) {
    (void)device;
    item_runs++;
    item_context = context;
}

/* A queued work item runs at the next defined point (wt_pump, any wait), once, with its
 * context; queueing it again while queued and freeing it while queued are reported, as
 * Driver Verifier stops the machine for both. */
TEST(kernel_work_item_runs_at_the_next_pump_once) {
    wt_target *t = fx_open(NULL);
    static DRIVER_OBJECT driver;
    memset(&driver, 0, sizeof driver);
    PDEVICE_OBJECT device = NULL;
    ASSERT_EQ(IoCreateDevice(&driver, 0, NULL, FILE_DEVICE_NETWORK, 0, FALSE, &device), STATUS_SUCCESS);
    ASSERT_NULL(IoAllocateWorkItem(NULL));
    PIO_WORKITEM item = IoAllocateWorkItem(device);
    ASSERT_NOT_NULL(item);
    item_runs = 0;
    IoQueueWorkItem(item, count_run, DelayedWorkQueue, &item_runs);
    ASSERT_EQ(item_runs, 0); /* not inside the call that queued it */
    ASSERT_EQ(wt_findings(t, NULL, 0), 0);
    IoQueueWorkItem(item, count_run, DelayedWorkQueue, NULL); /* still queued */
    IoFreeWorkItem(item); /* still queued: kept, reported */
    char text[512];
    ASSERT_EQ(wt_findings(t, text, sizeof text), 2);
    ASSERT_NOT_NULL(strstr(text, "already queued"));
    ASSERT_NOT_NULL(strstr(text, "still queued"));
    ASSERT(wt_pump(t) >= 1);
    ASSERT_EQ(item_runs, 1);
    ASSERT(item_context == &item_runs);
    wt_pump(t);
    ASSERT_EQ(item_runs, 1); /* once */
    IoFreeWorkItem(item);
    IoDeleteDevice(device);
    return fx_close(t) == WT_OK ? 0 : 1;
}

/* The model's lock discipline (kernel/world.c): a release without the lock, and a world
 * destroyed while a call still holds it, stop the process; a balanced, nested use does not. */
static int lock_child(int how) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr)) _exit(4);
        ms_world *w = ms_world_create();
        if (!w) _exit(4);
        ms_lock(w);
        ms_lock(w); /* nested, as a callout calling back into WFP */
        ms_unlock(w);
        if (how != 2) ms_unlock(w); /* 2: one level left held */
        if (how == 1) ms_unlock(w); /* 1: one release too many */
        ms_world_destroy(w);
        _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 1000 + WEXITSTATUS(status);
}

TEST(kernel_lock_misuse_stops_the_process) {
    ASSERT_EQ(lock_child(0), 1000);
    ASSERT_EQ(lock_child(1), SIGABRT);
    ASSERT_EQ(lock_child(2), SIGABRT);
    return 0;
}
