/* Unit tests of the machine, calendar and heap calls (ws2/sysinfo_calls.c, heap_calls.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(k32_system_info_is_x64_with_the_host_processors)
TEST_ENTRY(k32_current_process_is_the_pseudo_handle)
TEST_ENTRY(k32_system_and_local_time_agree_with_the_file_time)
TEST_ENTRY(k32_heap_alloc_zeroes_sizes_and_frees)
TEST_ENTRY(k32_heap_realloc_keeps_contents_and_zeroes_growth)
TEST_ENTRY(k32_heap_fixed_size_and_destroy)
