/* Unit tests of the model's processes (issue 13 section 4): PID, image path, token. */
TEST_ENTRY(process_create_names_pid_image_and_token)
TEST_ENTRY(process_token_decides_sio_set)
TEST_ENTRY(process_thread_assignment_is_the_calling_threads_only)
TEST_ENTRY(process_exempting_the_proxy_pid_stops_the_loop)
TEST_ENTRY(process_image_path_match_redirects_only_that_application)
TEST_ENTRY(process_create_without_memory_fails_whole)
