/* Unit tests of the console calls (ws2/console_screen_calls.c, ws2/conio_calls.c) on a pty and
 * without a terminal: TEST_ENTRY(name) lines. */
TEST_ENTRY(console_modes_screen_and_colours_on_a_terminal)
TEST_ENTRY(conio_reads_the_terminal_keyboard)
TEST_ENTRY(console_calls_without_a_terminal)
