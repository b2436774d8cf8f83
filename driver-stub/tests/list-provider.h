/* Unit tests of driver-stub/provider (test-provider.c). */
TEST_ENTRY(provider_A31_layered_chain_passes_records_unchanged)
TEST_ENTRY(provider_A30_layered_chain_delivers_one_completion_routine)
