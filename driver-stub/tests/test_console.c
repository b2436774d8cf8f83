/*
 * test_console.c: unit tests of ws2/console_screen_calls.c and ws2/conio_calls.c on a real
 * terminal and without one: a child process gets a new pseudo-terminal as its controlling
 * terminal and standard streams, and the test plays the keyboard and reads the screen from the
 * pty's other side; another child has no terminal at all.
 *
 * Why: these calls answer differently on a terminal and off it, and ctest and CI jobs run with
 * none, so the console paths would otherwise never run: the modes a new console has, what
 * SetConsoleMode refuses and what it does to the terminal, the window's size, the colours
 * written, the keys _getch reads; and, with no terminal, the refusals a program uses to tell
 * that its output is redirected and the EOF of the keyboard calls.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* posix_openpt, ptsname */
#endif
#include "unit.h"
#include "wfpcert/target.h"
#include "wfpcert/sdk/conio.h"

#include <fcntl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Starts body in a child whose controlling terminal and standard streams are a new pty of 30
 * rows and 100 columns; *master is the pty's other side. */
static pid_t on_terminal(int *master, int (*body)(void)) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT(m >= 0);
    ASSERT(grantpt(m) == 0 && unlockpt(m) == 0);
    char name[128];
    ASSERT(ptsname_r(m, name, sizeof name) == 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    ASSERT(pid >= 0);
    if (pid == 0) {
        setsid();
        int s = open(name, O_RDWR);
        if (s < 0 || ioctl(s, TIOCSCTTY, 0) != 0) _exit(90);
        struct winsize ws = {.ws_row = 30, .ws_col = 100};
        ioctl(s, TIOCSWINSZ, &ws);
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        close(m);
        _exit(body());
    }
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    *master = m;
    return pid;
}

static void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* What the pty's master has to read now, without waiting (the master is non-blocking). */
static size_t read_now(int m, char *buf, size_t n, size_t cap) {
    ssize_t r;
    while (n < cap - 1 && (r = read(m, buf + n, cap - 1 - n)) > 0) n += (size_t)r;
    buf[n] = '\0';
    return n;
}

/* Everything the child writes until it exits (at most cap - 1 bytes, terminated); its status. */
static int drain_until_exit(int m, pid_t pid, char *got, size_t cap) {
    size_t n = 0;
    int st = -1;
    for (int waited = 0; waited < 10000; waited += 20) {
        n = read_now(m, got, n, cap);
        if (waitpid(pid, &st, WNOHANG) == pid) break;
        pause_ms(20);
    }
    read_now(m, got, n, cap);
    return st;
}

/* Waits (up to 5 s) until the child has written `text`. */
static bool wait_for_text(int m, const char *text) {
    char buf[256];
    size_t n = 0;
    for (int waited = 0; waited < 5000; waited += 20) {
        n = read_now(m, buf, n, sizeof buf);
        if (strstr(buf, text)) return true;
        pause_ms(20);
    }
    return false;
}

static int modes_and_screen(void) {
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode = 0;
    ASSERT(GetConsoleMode(in, &mode));
    ASSERT_EQ(mode, 0x1F7); /* every input mode but window and virtual terminal input */
    ASSERT(GetConsoleMode(out, &mode));
    ASSERT_EQ(mode, ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT);
    SetLastError(0);
    ASSERT(!SetConsoleMode(out, 0x20)); /* an input mode on the screen */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    ASSERT(SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING));
    ASSERT(GetConsoleMode(out, &mode));
    ASSERT_EQ(mode, 7);
    CONSOLE_SCREEN_BUFFER_INFO info;
    ASSERT(GetConsoleScreenBufferInfo(out, &info));
    ASSERT_EQ(info.dwSize.X, 100);
    ASSERT_EQ(info.dwSize.Y, 30);
    ASSERT_EQ(info.srWindow.Left, 0);
    ASSERT_EQ(info.srWindow.Right, 99);
    ASSERT_EQ(info.srWindow.Bottom, 29);
    ASSERT_EQ(info.wAttributes, FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE);
    SetLastError(0);
    ASSERT(!GetConsoleScreenBufferInfo(in, &info)); /* the keyboard has no screen */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    ASSERT(SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE));
    ASSERT(GetConsoleScreenBufferInfo(out, &info));
    ASSERT_EQ(info.wAttributes, FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE);
    /* echo and whole lines off, as a password prompt has them */
    ASSERT(GetConsoleMode(in, &mode));
    ASSERT(SetConsoleMode(in, mode & ~(DWORD)(ENABLE_ECHO_INPUT | ENABLE_LINE_INPUT)));
    struct termios t;
    ASSERT(tcgetattr(0, &t) == 0);
    ASSERT(!(t.c_lflag & ECHO) && !(t.c_lflag & ICANON));
    ASSERT(SetConsoleMode(in, mode));
    ASSERT(tcgetattr(0, &t) == 0);
    ASSERT((t.c_lflag & ECHO) && (t.c_lflag & ICANON));
    ASSERT(SetConsoleTitleA("wfpcert console test"));
    ASSERT(FlushConsoleInputBuffer(in));
    SetLastError(0);
    ASSERT(!FlushConsoleInputBuffer(out));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    return 0;
}

TEST(console_modes_screen_and_colours_on_a_terminal) {
    int m;
    pid_t pid = on_terminal(&m, modes_and_screen);
    char got[4096];
    int st = drain_until_exit(m, pid, got, sizeof got);
    close(m);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) fprintf(stderr, "the child said: %s\n", got);
    ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    ASSERT(strstr(got, "\033[0;91;44m") != NULL); /* bright red on blue */
    return 0;
}

static int keyboard(void) {
    ASSERT_EQ(_kbhit(), 0); /* nothing typed yet */
    (void)write(1, "ready\n", 6);
    bool hit = false;
    for (int waited = 0; waited < 5000 && !(hit = _kbhit() != 0); waited += 10) pause_ms(10);
    ASSERT(hit);
    ASSERT_EQ(_getch(), 'a');
    ASSERT_EQ(_getch(), 'b');
    ASSERT_EQ(_getch(), '\r'); /* Enter, as a console gives it */
    ASSERT_EQ(_ungetch('z'), 'z');
    ASSERT_EQ(_ungetch('y'), EOF); /* one key only */
    ASSERT(_kbhit());
    ASSERT_EQ(_getch(), 'z');
    ASSERT_EQ(_putch('!'), '!');
    return 0;
}

TEST(conio_reads_the_terminal_keyboard) {
    int m;
    pid_t pid = on_terminal(&m, keyboard);
    ASSERT(wait_for_text(m, "ready"));
    ASSERT_EQ(write(m, "ab\r", 3), 3);
    char got[4096];
    int st = drain_until_exit(m, pid, got, sizeof got);
    close(m);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) fprintf(stderr, "the child said: %s\n", got);
    ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    ASSERT(strchr(got, '!') != NULL);
    return 0;
}

static int no_terminal(void) {
    ASSERT_EQ(_kbhit(), 0);
    ASSERT_EQ(_getch(), EOF);
    ASSERT_EQ(_putch('x'), EOF);
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode = 0;
    SetLastError(0);
    ASSERT(!GetConsoleMode(out, &mode)); /* a pipe: redirected */
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ASSERT(!SetConsoleTextAttribute(out, FOREGROUND_GREEN));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ASSERT(!SetConsoleMode(out, 3));
    ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    return 0;
}

TEST(console_calls_without_a_terminal) {
    int p[2];
    ASSERT(pipe(p) == 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    ASSERT(pid >= 0);
    if (pid == 0) {
        setsid(); /* no controlling terminal from here on */
        dup2(p[1], 1);
        close(p[0]);
        _exit(no_terminal());
    }
    close(p[1]);
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    close(p[0]);
    ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
