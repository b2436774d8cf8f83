/*
 * proxies_tests.h: the entry points of proxies-runner's own sub-commands (proxies_main.c
 * dispatches; they are test tools, not `wfpcert` commands, so they stay out of commands.h).
 */
#ifndef WFPCERT_PROXIES_TESTS_H
#define WFPCERT_PROXIES_TESTS_H

#include <stddef.h>

/* test_units.c: `proxies-runner unit`, the proxy-level checks; the process exit status. */
int px_unit_main(int argc, char **argv);
/* chain_html_check.c: `proxies-runner html-check FILE`; the process exit status. */
int px_html_check_main(int argc, char **argv);
/* 0 when html is a well-formed, self-contained chain report; otherwise -1 and why (cap bytes). */
int px_html_check(const char *html, char *why, size_t cap);

#endif
