# run-step.cmake: wfpcert_run_step(TEST WHAT COMMAND...), for the `cmake -P` test scripts that
# run a sequence of commands (example-test.cmake, vendor-install-test.cmake): says what it
# does, runs it, and stops the test naming the step and the exit status when it fails.
function(wfpcert_run_step test what)
  message(STATUS "${test}: ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc STREQUAL "0")
    message(FATAL_ERROR "${test}: FAILED at '${what}' (exit status ${_rc})")
  endif()
endfunction()
