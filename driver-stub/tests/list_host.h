/* Unit tests of the host's name and the UTF-16 address calls (ws2/host_calls.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(host_name_and_its_addresses)
TEST_ENTRY(host_wide_address_calls_match_the_narrow_ones)
TEST_ENTRY(host_gai_strerror_gives_the_system_text)
TEST_ENTRY(host_disconnect_calls_shut_one_direction)
