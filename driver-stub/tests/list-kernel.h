/* Unit tests of driver-stub/kernel: TEST_ENTRY(name) lines, names start with the SEMANTICS id they check. */
