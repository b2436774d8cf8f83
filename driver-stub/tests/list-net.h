/* Unit tests of driver-stub/net: TEST_ENTRY(name) lines, names start with the SEMANTICS id they check. */
