/* Unit tests of the loader calls and mswsock's exports (ws2/module_calls.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(loader_module_handles_and_proc_addresses)
TEST_ENTRY(loader_exported_acceptex_accepts)
