/* Unit tests of the thread pool's I/O and work objects (ws2/threadpool_calls.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(tp_io_callback_gets_the_operation_result_and_bytes)
TEST_ENTRY(tp_io_binding_errors)
TEST_ENTRY(tp_work_runs_once_per_submission_and_may_block)
TEST_ENTRY(tp_misuse_is_a_finding)
TEST_ENTRY(tp_wait_misuse_is_a_finding)
TEST_ENTRY(tp_timer_queue_timer_without_memory)
