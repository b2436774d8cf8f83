# expect-finding.cmake: runs a fuzz replay that must reproduce its finding (a regression
# replayed with the fault it was found with, cmake/fuzz.cmake), and fails when it exits 0.
# A crash is the expected result here, and ctest's WILL_FAIL does not count a crash as a
# failure, hence this script.
#   cmake -DCMD=<replay binary;file> -DFAULT=<name> -P expect-finding.cmake
set(ENV{WFPCERT_FAULTS} "${FAULT}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if("${rc}" STREQUAL "0")
  message(FATAL_ERROR "no finding: ${CMD} exited 0 with WFPCERT_FAULTS=${FAULT}; the regression no longer "
                      "reproduces with its fault (the suite lost the strength it recorded)\n${out}${err}")
endif()
message("reproduced with WFPCERT_FAULTS=${FAULT}: ${rc}")
