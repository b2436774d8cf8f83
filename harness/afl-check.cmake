# afl-check.cmake: the AFL++ leg of CI (issue: "AFL++ is never built in CI").  Builds the
# `afl` preset's persistent binary of one fuzz target with afl-clang-fast in a tree of its own,
# then lets afl-fuzz run it on that target's seeds for a few seconds, and requires that afl-fuzz
# started, executed inputs and found no crash.  One target keeps it cheap; every target shares
# the driver (driver_afl.c) and the build rules (cmake/fuzz.cmake), so one proves the wiring.
#
#   cmake -DWFPCERT_SOURCE_DIR=... -DWFPCERT_DIR=<scratch> [-DWFPCERT_TARGET=ioctl]
#         [-DWFPCERT_SECONDS=8] -P harness/afl-check.cmake
#
# Without afl-clang-fast or afl-fuzz it prints "afl-check: SKIP: ..." (ctest: skipped), and
# under CI=true it fails instead: the test command installs AFL++ (bootstrap group fuzz).
cmake_minimum_required(VERSION 3.25)
if(NOT WFPCERT_TARGET)
  set(WFPCERT_TARGET ioctl)
endif()
if(NOT WFPCERT_SECONDS)
  set(WFPCERT_SECONDS 8)
endif()

include(${CMAKE_CURRENT_LIST_DIR}/../cmake/skip-or-fail.cmake)

find_program(AFL_CC afl-clang-fast)
find_program(AFL_FUZZ afl-fuzz)
if(NOT AFL_CC OR NOT AFL_FUZZ)
  wfpcert_skip_or_fail(afl-check "AFL++ is not installed (sh tools/bootstrap.sh deps fuzz)")
endif()

set(tree ${WFPCERT_DIR}/tree)
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${WFPCERT_SOURCE_DIR} -B ${tree} -DCMAKE_C_COMPILER=${AFL_CC}
          -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DWFPCERT_FUZZ_ENGINE=afl -DWFPCERT_TESTS=OFF
  OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "afl-check: configuring with ${AFL_CC} failed:\n${log}")
endif()
set(bin fuzz-${WFPCERT_TARGET}-afl)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${tree} --target ${bin} --parallel 2
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "afl-check: building ${bin} failed:\n${log}")
endif()
file(GLOB_RECURSE exe ${tree}/harness/${bin})
if(NOT exe)
  message(FATAL_ERROR "afl-check: ${bin} was not built in ${tree}/harness")
endif()

set(seeds ${WFPCERT_SOURCE_DIR}/corpus/${WFPCERT_TARGET})
set(out ${WFPCERT_DIR}/out)
file(REMOVE_RECURSE ${out})
# The machine is CI's, not a tuned fuzzing host: no CPU binding, no core_pattern demands.
set(ENV{AFL_SKIP_CPUFREQ} 1)
set(ENV{AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES} 1)
set(ENV{AFL_NO_AFFINITY} 1)
set(ENV{AFL_NO_UI} 1)
set(ENV{AFL_SKIP_CRASHES} 1)
# afl-fuzz refuses custom sanitizer options (the asan test preset sets some) that lack
# symbolize=0 and abort_on_error=1; keep the rest of them.
foreach(var ASAN_OPTIONS UBSAN_OPTIONS)
  if(NOT "$ENV{${var}}" STREQUAL "")
    set(v "$ENV{${var}}")
    if(NOT v MATCHES "symbolize=")
      string(APPEND v ":symbolize=0")
    endif()
    if(NOT v MATCHES "abort_on_error=")
      string(APPEND v ":abort_on_error=1")
    endif()
    set(ENV{${var}} "${v}")
  endif()
endforeach()
execute_process(COMMAND ${AFL_FUZZ} -i ${seeds} -o ${out} -V ${WFPCERT_SECONDS} -- ${exe}
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc TIMEOUT 300)
file(WRITE ${WFPCERT_DIR}/afl-fuzz.log "${log}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "afl-check: afl-fuzz exited with ${rc} (log: ${WFPCERT_DIR}/afl-fuzz.log):\n${log}")
endif()
file(GLOB stats ${out}/*/fuzzer_stats ${out}/fuzzer_stats)
if(NOT stats)
  message(FATAL_ERROR "afl-check: afl-fuzz wrote no fuzzer_stats under ${out}")
endif()
list(GET stats 0 stats)
file(STRINGS ${stats} execs REGEX "^execs_done")
file(STRINGS ${stats} crashes REGEX "^(saved_crashes|unique_crashes)")
string(REGEX REPLACE "[^0-9]" "" n "${execs}")
string(REGEX REPLACE "[^0-9]" "" c "${crashes}")
if("${n}" STREQUAL "" OR "${n}" EQUAL 0)
  message(FATAL_ERROR "afl-check: afl-fuzz executed no input (${stats})")
endif()
if(NOT "${c}" STREQUAL "" AND NOT "${c}" EQUAL 0)
  message(FATAL_ERROR "afl-check: afl-fuzz found ${c} crash(es) in ${WFPCERT_SECONDS} s: see ${out}")
endif()
message("afl-check: ${bin} under afl-fuzz: ${n} inputs in ${WFPCERT_SECONDS} s, no crash")
