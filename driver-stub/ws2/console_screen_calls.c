/*
 * console_screen_calls.c: a console program's view of its console: GetConsoleMode and
 * SetConsoleMode, GetConsoleScreenBufferInfo, SetConsoleTextAttribute, SetConsoleTitleA/W and
 * FlushConsoleInputBuffer.
 *
 * Why: command-line clients and services colour their log lines, turn echo off to read a
 * password, size their tables to the window, and above all ask GetConsoleMode whether their
 * output is a console at all (it fails on a redirected handle), taking another path when it is
 * not.  Without these names such a program does not link against the model; answered wrongly,
 * it writes escape sequences into a log file or waits for a line that never comes.
 *
 * The console is the process's terminal: a console handle is a file handle whose descriptor is
 * a terminal, in practice a standard handle that was not redirected (the input handle the
 * keyboard, the others the screen), as on Windows, where GetStdHandle gives the console's
 * buffers unless the stream was redirected.
 * Behaviour, from learn.microsoft.com:
 *   modes  "SetConsoleMode function": a new console has every input mode but
 *       ENABLE_WINDOW_INPUT and ENABLE_VIRTUAL_TERMINAL_INPUT, and both classic output modes
 *       (ENABLE_PROCESSED_OUTPUT, ENABLE_WRAP_AT_EOL_OUTPUT); a bit of neither list is
 *       ERROR_INVALID_PARAMETER (how a program learns that a console lacks virtual terminal
 *       processing).  The terminal follows the input modes a program can see: echo
 *       (ENABLE_ECHO_INPUT), whole lines (ENABLE_LINE_INPUT) and Ctrl+C as a signal
 *       (ENABLE_PROCESSED_INPUT); the terminal's first settings come back when the process ends.
 *   screen  "GetConsoleScreenBufferInfo function": the window is the terminal's rows and
 *       columns (80 x 25 when it does not say), the buffer the same size, the cursor at its
 *       origin (a terminal does not tell), the attributes the last SetConsoleTextAttribute set
 *       (white on black at first).  "SetConsoleTextAttribute function": the FOREGROUND_* and
 *       BACKGROUND_* bits become the terminal's colours for the text written after; white on
 *       black, a new console's colours, is the terminal's own (its theme may differ).
 *   other  SetConsoleTitleA/W: the process always has its console (console_calls.c), so the
 *       title is taken (TRUE); FlushConsoleInputBuffer drops the keys not read yet.
 * Every call on a handle that is not a console handle fails with ERROR_INVALID_HANDLE.
 */
#include "../net/net.h"
#include "../kernel/mutex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define INPUT_MODES 0x03FFu
#define OUTPUT_MODES 0x001Fu

static pthread_mutex_t screen_mu = MS_MUTEX_INITIALIZER;
static DWORD input_mode = INPUT_MODES & ~(DWORD)(ENABLE_WINDOW_INPUT | ENABLE_VIRTUAL_TERMINAL_INPUT);
static DWORD output_mode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT;
static WORD attributes = FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE;
static struct termios first_settings; /* the terminal's before a mode changed it; under screen_mu */
static int first_fd = -1;

static BOOL fail(DWORD e) {
    ms_set_last_error(e);
    return FALSE;
}

/* The terminal behind a console handle and whether it is the input; -1 for any other handle. */
static int console_fd(HANDLE h, bool *input) {
    ms_world *w = ms_world_process();
    if (!w) return -1;
    ms_lock(w);
    ms_file *f = ms_handle_get_locked(w, (uint64_t)(uintptr_t)h, MS_H_FILE);
    int fd = f ? f->fd : -1, std = f ? f->std : -1;
    ms_unlock(w);
    if (fd < 0 || !isatty(fd)) return -1;
    *input = std == 0;
    return fd;
}

static void restore_terminal(void) {
    ms_mutex_lock(&screen_mu);
    if (first_fd >= 0) tcsetattr(first_fd, TCSANOW, &first_settings);
    ms_mutex_unlock(&screen_mu);
}

/* The input modes a terminal has settings for (screen_mu held). */
static void apply_input_mode(int fd, DWORD mode) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return;
    if (first_fd < 0) {
        first_settings = t;
        first_fd = fd;
        atexit(restore_terminal);
    }
    t.c_lflag = (mode & ENABLE_ECHO_INPUT) ? t.c_lflag | ECHO : t.c_lflag & ~(tcflag_t)ECHO;
    t.c_lflag = (mode & ENABLE_LINE_INPUT) ? t.c_lflag | ICANON : t.c_lflag & ~(tcflag_t)ICANON;
    t.c_lflag = (mode & ENABLE_PROCESSED_INPUT) ? t.c_lflag | ISIG : t.c_lflag & ~(tcflag_t)ISIG;
    if (!(mode & ENABLE_LINE_INPUT)) {
        t.c_cc[VMIN] = 1; /* a read returns as soon as a key is there */
        t.c_cc[VTIME] = 0;
    }
    tcsetattr(fd, TCSANOW, &t);
}

BOOL GetConsoleMode(HANDLE h, LPDWORD mode) {
    bool input;
    if (console_fd(h, &input) < 0) return fail(ERROR_INVALID_HANDLE);
    if (!mode || !ms_probe_write(mode, sizeof *mode)) return fail(ERROR_NOACCESS);
    ms_mutex_lock(&screen_mu);
    *mode = input ? input_mode : output_mode;
    ms_mutex_unlock(&screen_mu);
    return TRUE;
}

BOOL SetConsoleMode(HANDLE h, DWORD mode) {
    bool input;
    int fd = console_fd(h, &input);
    if (fd < 0) return fail(ERROR_INVALID_HANDLE);
    if (mode & ~(input ? INPUT_MODES : OUTPUT_MODES)) return fail(ERROR_INVALID_PARAMETER);
    ms_mutex_lock(&screen_mu);
    if (input) {
        input_mode = mode;
        apply_input_mode(fd, mode);
    } else {
        output_mode = mode;
    }
    ms_mutex_unlock(&screen_mu);
    return TRUE;
}

BOOL GetConsoleScreenBufferInfo(HANDLE h, PCONSOLE_SCREEN_BUFFER_INFO info) {
    bool input;
    int fd = console_fd(h, &input);
    if (fd < 0 || input) return fail(ERROR_INVALID_HANDLE);
    if (!info || !ms_probe_write(info, sizeof *info)) return fail(ERROR_NOACCESS);
    struct winsize ws;
    SHORT cols = 80, rows = 25;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
        cols = ws.ws_col > 0x7FFF ? 0x7FFF : (SHORT)ws.ws_col;
        rows = ws.ws_row > 0x7FFF ? 0x7FFF : (SHORT)ws.ws_row;
    }
    memset(info, 0, sizeof *info);
    info->dwSize.X = info->dwMaximumWindowSize.X = cols;
    info->dwSize.Y = info->dwMaximumWindowSize.Y = rows;
    info->srWindow.Right = (SHORT)(cols - 1);
    info->srWindow.Bottom = (SHORT)(rows - 1);
    ms_mutex_lock(&screen_mu);
    info->wAttributes = attributes;
    ms_mutex_unlock(&screen_mu);
    return TRUE;
}

/* The terminal colour of a console colour's three bits (blue 1, green 2, red 4). */
static int ansi_colour(unsigned bgr) { return (bgr & 4 ? 1 : 0) | (bgr & 2 ? 2 : 0) | (bgr & 1 ? 4 : 0); }

BOOL SetConsoleTextAttribute(HANDLE h, WORD attr) {
    bool input;
    int fd = console_fd(h, &input);
    if (fd < 0 || input) return fail(ERROR_INVALID_HANDLE);
    char sgr[32];
    int n = attr == (FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE) /* a console's first colours */
                ? snprintf(sgr, sizeof sgr, "\033[0m") /* the terminal's own, whatever its theme */
                : snprintf(sgr, sizeof sgr, "\033[0;%d;%dm",
                           (attr & FOREGROUND_INTENSITY ? 90 : 30) + ansi_colour(attr & 7),
                           (attr & BACKGROUND_INTENSITY ? 100 : 40) + ansi_colour((attr >> 4) & 7));
    ms_mutex_lock(&screen_mu);
    attributes = attr;
    ms_mutex_unlock(&screen_mu);
    if (write(fd, sgr, (size_t)n) != n) return fail(ERROR_WRITE_FAULT);
    return TRUE;
}

BOOL SetConsoleTitleA(LPCSTR title) {
    if (!title || !ms_probe_read(title, 1)) return fail(ERROR_NOACCESS);
    return TRUE;
}

BOOL SetConsoleTitleW(LPCWSTR title) {
    if (!title || !ms_probe_read(title, sizeof *title)) return fail(ERROR_NOACCESS);
    return TRUE;
}

BOOL FlushConsoleInputBuffer(HANDLE h) {
    bool input;
    int fd = console_fd(h, &input);
    if (fd < 0 || !input) return fail(ERROR_INVALID_HANDLE);
    tcflush(fd, TCIFLUSH);
    return TRUE;
}
