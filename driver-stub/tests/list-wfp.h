/* Unit tests of driver-stub/wfp: TEST_ENTRY(name) lines, names start with the SEMANTICS id they check. */
