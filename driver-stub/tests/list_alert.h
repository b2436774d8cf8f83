/* Unit tests of QueueUserAPC and GetOverlappedResult(Ex) (ws2/alert_calls.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(alert_queue_user_apc_runs_in_the_next_alertable_wait)
TEST_ENTRY(alert_queue_user_apc_to_a_started_thread_and_an_ended_one)
TEST_ENTRY(alert_get_overlapped_result_ex_waits_three_ways)
TEST_ENTRY(alert_get_overlapped_result_gives_win32_codes)
