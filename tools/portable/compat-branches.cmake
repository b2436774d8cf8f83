# compat-branches.cmake: compiles tools/portable/compat_test.c in every branch of
# include/wfpcert/compat.h with every compiler this machine has for it, and runs it where it
# can.  The MSVC branch is compiled by clang for the x86_64-pc-windows-msvc target (cl's
# __declspec semantics, no SDK needed); no cl.exe is involved.
#
#   cmake -DWFPCERT_SOURCE_DIR=<src> -DWORK=<dir> "-DFLAGS=<portable flags>" -P compat-branches.cmake
#
# Each row also compiles the test with -DBAD_FORMAT: the GNU branch must reject the mismatched
# format (the printf checking is live), the other branches must accept it (they define the
# macro as nothing).  A missing compiler is a SKIP, and a failure under CI=true.
cmake_minimum_required(VERSION 3.25)

include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/skip-or-fail.cmake)
macro(skip why)
  wfpcert_skip_or_fail(compat-branches "${why}")
endmacro()

set(test_c "${WFPCERT_SOURCE_DIR}/tools/portable/compat_test.c")
file(MAKE_DIRECTORY "${WORK}")
find_program(GCC gcc)
find_program(CLANG clang)
find_program(MINGW_GCC x86_64-w64-mingw32-gcc)
if(NOT GCC OR NOT CLANG)
  skip("needs gcc and clang (sh tools/bootstrap.sh deps base)")
endif()
if(NOT MINGW_GCC)
  skip("needs x86_64-w64-mingw32-gcc (sh tools/bootstrap.sh deps windows)")
endif()

set(common ${FLAGS} -Wall -Wextra "-I${WFPCERT_SOURCE_DIR}/include")

# row(NAME BRANCH RUN|COMPILE COMPILER [ARGS...]): BRANCH 1 MSVC, 2 GNU, 3 ISO.
function(row name branch how)
  set(cc ${ARGN})
  set(defs -DWANT_BRANCH=${branch})
  if(name MATCHES "force-msvc")
    list(APPEND defs -DWFPCERT_COMPAT_FORCE_MSVC)
  elseif(name MATCHES "force-iso")
    list(APPEND defs -DWFPCERT_COMPAT_FORCE_ISO)
  endif()
  set(out "${WORK}/${name}")
  if(how STREQUAL "RUN")
    execute_process(COMMAND ${cc} ${common} ${defs} ${test_c} -o ${out}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "compat-branches: ${name}: does not build:\n${cc} ${common} ${defs}\n${log}")
    endif()
    execute_process(COMMAND ${out} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "compat-branches: ${name}: the program found ${rc} wrong value(s)")
    endif()
  else()
    execute_process(COMMAND ${cc} ${common} ${defs} -DNO_MAIN -c ${test_c} -o ${out}.o
                    RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "compat-branches: ${name}: does not compile:\n${cc} ${common} ${defs}\n${log}")
    endif()
  endif()
  execute_process(COMMAND ${cc} ${common} ${defs} -DNO_MAIN -DBAD_FORMAT -c ${test_c} -o ${out}-bad.o
                  RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(branch EQUAL 2 AND rc EQUAL 0)
    message(FATAL_ERROR "compat-branches: ${name}: the GNU branch accepted a mismatched printf format: "
                        "WFPCERT_PRINTF checks nothing")
  elseif(NOT branch EQUAL 2 AND NOT rc EQUAL 0)
    message(FATAL_ERROR "compat-branches: ${name}: -DBAD_FORMAT should only be refused by the GNU branch:\n${log}")
  endif()
  message("compat-branches: ${name}: branch ${branch} ok (${how})")
endfunction()

row(gcc-gnu 2 RUN ${GCC})
row(gcc-force-iso 3 RUN ${GCC})
row(clang-gnu 2 RUN ${CLANG})
row(clang-force-iso 3 RUN ${CLANG})
row(mingw-gcc-gnu 2 COMPILE ${MINGW_GCC})
row(mingw-gcc-force-iso 3 COMPILE ${MINGW_GCC})
# Not mingw-w64 gcc in the MSVC branch: its __declspec is a macro for __attribute__ and knows no
# __declspec(thread).  clang for the MSVC target defines _MSC_VER and __clang__ (as clang-cl does): the GNU branch,
# since clang understands it; forced, the MSVC branch with __declspec as cl reads it.
row(clang-msvc-target-gnu 2 COMPILE ${CLANG} --target=x86_64-pc-windows-msvc -ffreestanding)
row(clang-msvc-target-force-msvc 1 COMPILE ${CLANG} --target=x86_64-pc-windows-msvc -ffreestanding)
message("compat-branches: every branch of wfpcert/compat.h compiled")
