/* Unit tests of the Winsock 1.1 era calls (ws2/classic_calls.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(classic_inet_addr_forms_as_windows_parses_them)
TEST_ENTRY(classic_inet_ntoa_per_thread_text)
TEST_ENTRY(classic_services_and_protocols)
TEST_ENTRY(classic_wsahtons_needs_a_socket)
