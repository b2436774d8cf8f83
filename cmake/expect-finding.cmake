# expect-finding.cmake: runs a fuzz replay that must reproduce its finding (a regression
# replayed with the fault it was found with, cmake/fuzz.cmake; `wfpcert repro` on one), and
# fails when it exits 0.  A crash, and a sanitizer report, are the expected result here:
# ctest's WILL_FAIL does not count a crash as a failure, and expect-exit.cmake refuses a
# sanitizer report, hence this script.
#   cmake -DCMD=<program;args> [-DFAULT=<name>] [-DWANT_OUT=<regex>] [-DWANT_ERR=<regex>] -P expect-finding.cmake
if(DEFINED FAULT)
  set(ENV{WFPCERT_FAULTS} "${FAULT}")
endif()
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if("${rc}" STREQUAL "0")
  message(FATAL_ERROR "no finding: ${CMD} exited 0 (WFPCERT_FAULTS=$ENV{WFPCERT_FAULTS}); the regression no "
                      "longer reproduces with its fault (the suite lost the strength it recorded)\n${out}${err}")
endif()
if(DEFINED WANT_OUT AND NOT out MATCHES "${WANT_OUT}")
  message(FATAL_ERROR "${CMD}: stdout does not match '${WANT_OUT}':\n${out}")
endif()
if(DEFINED WANT_ERR AND NOT err MATCHES "${WANT_ERR}")
  message(FATAL_ERROR "${CMD}: stderr does not match '${WANT_ERR}':\n${err}")
endif()
message("reproduced (WFPCERT_FAULTS=$ENV{WFPCERT_FAULTS}): ${rc}")
