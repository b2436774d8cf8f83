/* Unit tests of the address-text calls and SO_EXCLUSIVEADDRUSE (ws2/name_calls.c,
 * net/sockopt.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(names_address_to_string_forms_and_sizes)
TEST_ENTRY(names_string_to_address_forms_and_errors)
TEST_ENTRY(names_getnameinfo_numeric_localhost_and_errors)
TEST_ENTRY(names_gethostbyname_numeric_and_localhost_only)
TEST_ENTRY(names_socket_buffers_read_back)
TEST_ENTRY(names_exclusiveaddruse_excludes_reuseaddr)
TEST_ENTRY(names_dword_options_defaults_and_read_back)
TEST_ENTRY(names_rcvtimeo_ends_blocking_receives)
