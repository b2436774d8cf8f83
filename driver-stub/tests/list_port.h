/* Unit tests of the completion-port calls and of immediate completion (ws2/port_calls.c,
 * net/op.c): TEST_ENTRY(name) lines. */
TEST_ENTRY(port_skip_on_success_send_recv_ioctl)
TEST_ENTRY(port_immediate_success_still_queues_packet_without_skip)
TEST_ENTRY(port_skip_on_success_pended_ioctl_gets_its_packet)
TEST_ENTRY(port_cancelioex_aborts_each_pending_operation_once)
TEST_ENTRY(port_cancelio_only_the_calling_threads_operations)
TEST_ENTRY(port_gqcs_ex_batches_failures_and_alertable)
