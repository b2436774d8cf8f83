# check.cmake: runs tools/oss-fuzz/build.sh here the way the OSS-Fuzz builder does, and checks
# that OUT then holds every fuzzer with its seed-corpus zip, dictionary and options file, and
# that each fuzzer starts and replays its seeds.  A CMake script (no shell of our own):
#
#   cmake -DWFPCERT_SOURCE_DIR=<src> -DWFPCERT_DIR=<scratch dir> -P tools/oss-fuzz/check.cmake
#
# Prints "oss-fuzz-check: SKIP: <why>" and succeeds when bash, zip or clang's libFuzzer is
# missing (the ctest entry turns that line into a skipped test).
cmake_minimum_required(VERSION 3.25)

macro(skip why)
  if("$ENV{CI}" STREQUAL "true") # the test command installs these: in CI a skip hides a broken set-up
    message(FATAL_ERROR "oss-fuzz-check: ${why}; CI=true, so this is a failure, not a skip")
  endif()
  message("oss-fuzz-check: SKIP: ${why}")
  return()
endmacro()

if(NOT WFPCERT_SOURCE_DIR)
  get_filename_component(WFPCERT_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
endif()
if(NOT WFPCERT_DIR)
  set(WFPCERT_DIR "${CMAKE_CURRENT_BINARY_DIR}/oss-fuzz-check")
endif()
find_program(BASH bash)
find_program(ZIP zip)
find_program(CLANG clang)
if(NOT BASH OR NOT ZIP OR NOT CLANG)
  skip("needs bash, zip and clang (sh tools/bootstrap.sh deps base; apt-get install zip)")
endif()

set(src "${WFPCERT_DIR}/src")
set(work "${WFPCERT_DIR}/work")
set(out "${WFPCERT_DIR}/out")
file(REMOVE_RECURSE "${WFPCERT_DIR}")
file(MAKE_DIRECTORY "${src}" "${work}" "${out}")

# The builder's flags for the address sanitizer with libFuzzer.
set(cflags "-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link")
set(engine "-fsanitize=fuzzer")

file(WRITE "${work}/probe.c" "#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n")
execute_process(COMMAND ${CLANG} -fsanitize=address,fuzzer ${work}/probe.c -o ${work}/probe
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0)
  skip("clang cannot link -fsanitize=fuzzer (install libclang-rt-14-dev)")
endif()

execute_process(
  COMMAND ${CMAKE_COMMAND} -E env CC=clang "CFLAGS=${cflags}" "LIB_FUZZING_ENGINE=${engine}"
          OUT=${out} SRC=${src} WORK=${work} WFPCERT_SRC=${WFPCERT_SOURCE_DIR}
          ${BASH} ${WFPCERT_SOURCE_DIR}/tools/oss-fuzz/build.sh
  OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "oss-fuzz-check: build.sh failed (${rc}):\n${log}")
endif()

# Every fuzz target of harness/ must be there, with its three companions.
file(GLOB sources "${WFPCERT_SOURCE_DIR}/harness/fuzz_*.c")
set(names "")
foreach(s ${sources})
  file(STRINGS "${s}" entry REGEX "LLVMFuzzerTestOneInput|WH_FUZZ_ENTRY")
  if(entry)
    get_filename_component(n "${s}" NAME_WE)
    list(APPEND names ${n})
  endif()
endforeach()
if(NOT names)
  message(FATAL_ERROR "oss-fuzz-check: harness/ has no fuzz_*.c with LLVMFuzzerTestOneInput")
endif()
foreach(n ${names})
  foreach(f ${n} ${n}_seed_corpus.zip ${n}.dict ${n}.options)
    if(NOT EXISTS "${out}/${f}")
      message(FATAL_ERROR "oss-fuzz-check: OUT lacks ${f}")
    endif()
  endforeach()
  file(READ "${out}/${n}.options" opts)
  if(NOT opts MATCHES "\\[libfuzzer\\]" OR NOT opts MATCHES "dict = ${n}\\.dict")
    message(FATAL_ERROR "oss-fuzz-check: ${n}.options does not name ${n}.dict:\n${opts}")
  endif()
  # The fuzzer starts, loads its dictionary and replays its seeds without a finding.
  set(seeds "${work}/check-seeds-${n}")
  file(MAKE_DIRECTORY "${seeds}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar xf ${out}/${n}_seed_corpus.zip WORKING_DIRECTORY ${seeds}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "oss-fuzz-check: ${n}_seed_corpus.zip does not unpack")
  endif()
  execute_process(COMMAND ${out}/${n} -runs=0 -dict=${out}/${n}.dict ${seeds}
                  OUTPUT_VARIABLE flog ERROR_VARIABLE flog RESULT_VARIABLE rc TIMEOUT 300)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "oss-fuzz-check: ${n} fails on its own seeds (${rc}):\n${flog}")
  endif()
  file(GLOB packed "${seeds}/*")
  list(LENGTH packed nseeds)
  message("oss-fuzz-check: ${n}: fuzzer, ${nseeds} seeds, dictionary, options")
endforeach()
