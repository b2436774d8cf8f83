/*
 * conio_calls.c: the C runtime's console keyboard and screen calls (conio.h): _kbhit, _getch,
 * _getche, _ungetch, _putch, and their old names without the underscore.
 *
 * Why: console servers and test clients end with "press any key", or serve until a key is
 * pressed (while (!_kbhit()) ...); without these names such a program does not link against
 * the model, and reading the standard input instead would take a redirected file's bytes for
 * keys.  The CRT reads the console itself (CONIN$), not the standard input: so does the
 * model, from the process's controlling terminal, one key at a time, without echo and without
 * waiting for a line (Enter is '\r', as a console gives it; keys that send several bytes, such
 * as the arrows, come as those bytes, not as Windows' two-code pairs).  With no terminal (a job
 * with no console), _kbhit answers 0 and _getch, _getche and _putch EOF, as the CRT does when it
 * cannot open the console.  Pages on learn.microsoft.com: "_getch, _getwch", "_getche,
 * _getwche", "_kbhit", "_ungetch, _ungetwch", "_putch, _putwch".
 */
#include "../kernel/mutex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

static pthread_mutex_t conio_mu = MS_MUTEX_INITIALIZER;
static int console = -2; /* the terminal; -2 until first needed, -1 when there is none */
static int pushed = EOF; /* _ungetch's key, or one _kbhit saw come */

static int console_fd(void) {
    ms_mutex_lock(&conio_mu);
    if (console == -2) console = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    int fd = console;
    ms_mutex_unlock(&conio_mu);
    return fd;
}

static int take_pushed(void) {
    ms_mutex_lock(&conio_mu);
    int c = pushed;
    pushed = EOF;
    ms_mutex_unlock(&conio_mu);
    return c;
}

/* One key from the terminal, not echoed and not waiting for Enter; with wait, until one comes.
 * EOF when none came.  The terminal's settings are put back after. */
static int read_key(int fd, bool wait) {
    struct termios old, raw;
    if (tcgetattr(fd, &old) != 0) return EOF;
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_iflag &= ~(tcflag_t)ICRNL; /* Enter is '\r', as a console gives it */
    raw.c_cc[VMIN] = wait ? 1 : 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &raw) != 0) return EOF;
    unsigned char c;
    ssize_t r;
    do r = read(fd, &c, 1);
    while (r < 0 && errno == EINTR);
    tcsetattr(fd, TCSANOW, &old);
    if (r != 1) return EOF;
    return c == '\n' ? '\r' : c; /* a key typed before the read was translated on its arrival */
}

int _kbhit(void) {
    ms_mutex_lock(&conio_mu);
    bool waiting = pushed != EOF;
    ms_mutex_unlock(&conio_mu);
    if (waiting) return 1;
    int fd = console_fd();
    int c = fd < 0 ? EOF : read_key(fd, false);
    if (c == EOF) return 0;
    ms_mutex_lock(&conio_mu);
    if (pushed == EOF) pushed = c;
    ms_mutex_unlock(&conio_mu);
    return 1;
}

int _getch(void) {
    int c = take_pushed();
    if (c != EOF) return c;
    int fd = console_fd();
    return fd < 0 ? EOF : read_key(fd, true);
}

int _putch(int c) {
    int fd = console_fd();
    unsigned char b = (unsigned char)c;
    return fd >= 0 && write(fd, &b, 1) == 1 ? b : EOF;
}

int _getche(void) {
    int c = _getch();
    if (c != EOF) _putch(c);
    return c;
}

/* "_ungetch": EOF for EOF itself or when a key is already pushed back. */
int _ungetch(int c) {
    if (c == EOF) return EOF;
    ms_mutex_lock(&conio_mu);
    int r = pushed == EOF ? (pushed = c & 0xFF) : EOF;
    ms_mutex_unlock(&conio_mu);
    return r;
}

int kbhit(void) { return _kbhit(); }
int getch(void) { return _getch(); }
int getche(void) { return _getche(); }
int ungetch(int c) { return _ungetch(c); }
int putch(int c) { return _putch(c); }
