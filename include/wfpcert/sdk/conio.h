/*
 * conio.h (wfpcert): the C runtime's console keyboard and screen calls on Linux, for a program
 * built unchanged against include/wfpcert/sdk.  As the CRT's, they read the console's keyboard
 * and write its screen whatever the standard streams were redirected to (the CRT opens CONIN$
 * and CONOUT$); the model's console is the process's controlling terminal.  With none (a
 * program run by a service or a CI job), _kbhit is 0, and _getch, _getche and _putch answer EOF,
 * as the CRT's do when the console cannot be opened.  "_getch, _getwch": a key, not echoed;
 * "_getche": echoed; "_kbhit": nonzero once a key waits; "_ungetch": the key the next _getch
 * reads; "_putch": the character, or EOF.  The old names without the underscore are the same
 * calls.  driver-stub/ws2/conio_calls.c.
 */
#ifndef WFPCERT_SDK_CONIO_H
#define WFPCERT_SDK_CONIO_H
#if defined(_WIN32)
#error "include/wfpcert/sdk stands in for the Windows SDK on Linux only: on Windows drop it from the include path"
#endif

int _kbhit(void);
int _getch(void);
int _getche(void);
int _ungetch(int c);
int _putch(int c);
int kbhit(void);
int getch(void);
int getche(void);
int ungetch(int c);
int putch(int c);

#endif
