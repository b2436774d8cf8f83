# warnings-build.cmake: the tree built with gcc and -Werror in a build folder of its own, so
# that a warning fails the tests whichever compiler CI uses for the main build (clang).
#
#   cmake -DWFPCERT_SOURCE_DIR=<src> -DWORK=<build dir> -P warnings-build.cmake
cmake_minimum_required(VERSION 3.25)
find_program(GCC gcc)
if(NOT GCC)
  message(FATAL_ERROR "warnings-build: gcc not found (sh tools/bootstrap.sh deps base)")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WFPCERT_SOURCE_DIR} -B ${WORK} -DCMAKE_C_COMPILER=${GCC}
                        -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS_DEBUG=-O1" -DWFPCERT_WERROR=ON
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "warnings-build: configuring ${WORK} failed (${rc}):\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} --parallel 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "[^\n]*(warning|error):[^\n]*" found "${out}")
  list(JOIN found "\n" found)
  message(FATAL_ERROR "warnings-build: gcc -Werror build failed (${rc}):\n${found}")
endif()
message("warnings-build: gcc, -Wall -Wextra -Werror: no warning")
