/* Unit tests of driver-stub/ws2: TEST_ENTRY(name) lines, names start with the SEMANTICS id they check. */
