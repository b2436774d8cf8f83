# posix-catch.cmake: shows that `gnu-scan --tree` (portable_c.scan) catches POSIX interfaces in
# what the Windows build compiles: tests/posix_uses.c is preprocessed by mingw-w64 gcc as the
# scan preprocesses the Windows tree, and the scan must report exactly its nine findings.
#
#   cmake -DWFPCERT_SOURCE_DIR=<src> -DSCAN=<gnu-scan> -DWORK=<dir> -P posix-catch.cmake
cmake_minimum_required(VERSION 3.25)

find_program(MINGW_GCC x86_64-w64-mingw32-gcc)
if(NOT MINGW_GCC)
  include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/skip-or-fail.cmake)
  wfpcert_skip_or_fail(posix-catch "x86_64-w64-mingw32-gcc is not installed (sh tools/bootstrap.sh deps windows)")
endif()
set(tests "${WFPCERT_SOURCE_DIR}/tools/portable/tests")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND ${MINGW_GCC} -std=c11 -E -fdirectives-only ${tests}/posix_uses.c -o ${WORK}/posix_uses.i
                RESULT_VARIABLE rc ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "posix-catch: preprocessing ${tests}/posix_uses.c failed:\n${log}")
endif()
execute_process(COMMAND ${SCAN} --tree ${tests} ${WORK}/posix_uses.i RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 1 OR NOT out MATCHES "gnu-scan: 9 finding\\(s\\)")
  message(FATAL_ERROR "posix-catch: want exit 1 and 9 findings from gnu-scan --tree, got exit ${rc}")
endif()
foreach(want "header: dirent.h" "header: pthread.h" "header: unistd.h" "name: strtok_r" "name: S_ISDIR"
             "name: clock_gettime" "name: CLOCK_MONOTONIC" "name: pthread_mutex_t" "name: pthread_mutex_init")
  if(NOT out MATCHES "POSIX-only ${want} ")
    message(FATAL_ERROR "posix-catch: gnu-scan --tree did not report ${want}")
  endif()
endforeach()
