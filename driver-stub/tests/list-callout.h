/* Unit tests of driver-stub/callout: TEST_ENTRY(name) lines, names start with the SEMANTICS id they check. */
