# flags-catch.cmake: shows that the portable flags of portable_c.gcc and portable_c.clang
# refuse the GNU extensions a compiler can see: each CASE of tests/gnu_extensions.c that the
# compilers must refuse is compiled alone with gcc and with clang, and must fail.  (The other
# cases, __attribute__, __typeof__ and __builtin_*, compile silently: gnu-scan catches them.)
#
#   cmake -DWFPCERT_SOURCE_DIR=<src> "-DFLAGS=<portable flags>" -P flags-catch.cmake
cmake_minimum_required(VERSION 3.25)

find_program(GCC gcc)
find_program(CLANG clang)
if(NOT GCC OR NOT CLANG)
  include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/skip-or-fail.cmake)
  wfpcert_skip_or_fail(flags-catch "needs gcc and clang (sh tools/bootstrap.sh deps base)")
endif()

set(fixture "${WFPCERT_SOURCE_DIR}/tools/portable/tests/gnu_extensions.c")
# statement expression, VLA, case range, zero-length array, ?:, , ##__VA_ARGS__, = {}, 0b101
set(refused 1 2 3 4 5 9 10 11)
foreach(cc ${GCC} ${CLANG})
  # The fixture without a case is ISO C: the flags themselves are not what fails.
  execute_process(COMMAND ${cc} ${FLAGS} -fsyntax-only ${fixture} RESULT_VARIABLE rc ERROR_VARIABLE log)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "flags-catch: ${cc} refuses the fixture without any case:\n${log}")
  endif()
  foreach(n ${refused})
    execute_process(COMMAND ${cc} ${FLAGS} -DCASE=${n} -fsyntax-only ${fixture}
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      message(FATAL_ERROR "flags-catch: ${cc} ${FLAGS} accepts CASE ${n} of ${fixture}")
    endif()
  endforeach()
  message("flags-catch: ${cc} refuses cases ${refused}")
endforeach()
