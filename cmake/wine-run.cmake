# wine-run.cmake: the Win32 run of CI.  Runs the Windows build of `wfpcert conform --target
# native` under wine and checks that the run completes and writes every report.
#
# Why: the Windows leg (native/, the runner's spawn_win.c/os_win.c, reports' Windows paths)
# must not rot between vendor runs.  Wine gives a real Win32 process model (CreateProcess,
# pipes, TerminateProcess, exit codes) on a Linux CI machine.  Wine implements none of the WFP
# IOCTLs (it answers WSAEOPNOTSUPP), so the redirect cases FAIL or are UNSUPPORTED there.  What
# wine is expected to do is written down as waivers, each with its reason, in
# native/wine-expect.txt (the same format a vendor uses): the run must then be "conforming",
# so a new FAIL, a new CRASH, or a waived case that now passes (XPASS) fails this test.  The
# script also checks that every selected case got a verdict and the reports exist.
#
# No shell: it is a CMake script, run as
#
#   cmake -DWFPCERT_MINGW_DIR=build/mingw [-DWFPCERT_BUILD=ON] [-DWFPCERT_OUT=DIR]
#         [-DWFPCERT_CASE_TIMEOUT=20] [-DWFPCERT_JOBS=2] [-DWFPCERT_SELECT=ARGS] -P cmake/wine-run.cmake
#
#   WFPCERT_MINGW_DIR   the mingw-w64 build tree (the `mingw` preset: build/mingw)
#   WFPCERT_BUILD       ON: configure and build that tree first (needs x86_64-w64-mingw32-gcc)
#   WFPCERT_OUT         the run folder (default: <mingw dir>/wine-run, replaced each time)
#   WFPCERT_SELECT      conform selection options (a ;-list, e.g. --match;*.iocp.wsa); default:
#                       the whole catalogue.  CI runs a subset, the nightly label all of it.
#
# It prints "wine-run: SKIP: <why>" and succeeds when wine, the compiler or the Windows build
# is missing; the ctest entries (native/CMakeLists.txt) turn that line into a skipped test.
# The wine prefix lives in the build tree (<mingw dir>/wineprefix), WINEDEBUG=-all keeps wine
# quiet, and the run uses the native target without a vendor configuration: its sockets stay
# on loopback, so the run needs no network.
cmake_minimum_required(VERSION 3.25)

get_filename_component(_src "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT WFPCERT_SOURCE_DIR)
  set(WFPCERT_SOURCE_DIR "${_src}")
endif()
if(NOT WFPCERT_MINGW_DIR)
  set(WFPCERT_MINGW_DIR "${WFPCERT_SOURCE_DIR}/build/mingw")
endif()
get_filename_component(WFPCERT_MINGW_DIR "${WFPCERT_MINGW_DIR}" ABSOLUTE)
if(NOT WFPCERT_OUT)
  set(WFPCERT_OUT "${WFPCERT_MINGW_DIR}/wine-run")
endif()
if(NOT WFPCERT_CASE_TIMEOUT)
  set(WFPCERT_CASE_TIMEOUT 20)
endif()
if(NOT WFPCERT_JOBS)
  set(WFPCERT_JOBS 2)
endif()

# Ends the script without an error: ctest reports the test as skipped, not failed.  In CI
# (CI=true) a missing tool is a failure: the test command installs it, so a skip there would
# hide a broken set-up.
macro(skip why)
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "wine-run: ${why}; CI=true, so this is a failure, not a skip")
  endif()
  message("wine-run: SKIP: ${why}")
  return()
endmacro()

find_program(WINE NAMES wine wine64)
if(NOT WINE)
  skip("wine is not installed (sh tools/bootstrap.sh deps windows)")
endif()

if(WFPCERT_BUILD)
  find_program(MINGW_CC x86_64-w64-mingw32-gcc)
  if(NOT MINGW_CC)
    skip("x86_64-w64-mingw32-gcc is not installed (sh tools/bootstrap.sh deps windows)")
  endif()
  message("wine-run: building the Windows tree in ${WFPCERT_MINGW_DIR}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${WFPCERT_SOURCE_DIR} -B ${WFPCERT_MINGW_DIR}
            --toolchain ${WFPCERT_SOURCE_DIR}/cmake/toolchain-mingw64.cmake
            -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DWFPCERT_WERROR=ON
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wine-run: configuring the mingw tree failed (${rc})")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WFPCERT_MINGW_DIR} --parallel 2 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wine-run: building the mingw tree failed (${rc})")
  endif()
endif()

set(exe "${WFPCERT_MINGW_DIR}/tools/wfpcert/wfpcert.exe")
if(NOT EXISTS "${exe}")
  skip("no Windows build of wfpcert at ${exe} (build the mingw preset, or pass -DWFPCERT_BUILD=ON)")
endif()

set(ENV{WINEPREFIX} "${WFPCERT_MINGW_DIR}/wineprefix")
set(ENV{WINEDEBUG} "-all")
set(ENV{CI} "true") # one line per case, no live progress line
unset(ENV{DISPLAY}) # no window may open, whatever happens

# A crashing case must end at once with its exception code, as on Windows with error
# dialogs off, instead of starting winedbg (seconds per crash, and the first one can exceed
# the case timeout).  The first wine command also creates the prefix.
execute_process(COMMAND ${WINE} reg delete "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug"
                        /v Debugger /f
                OUTPUT_QUIET ERROR_QUIET TIMEOUT 300)

# How many cases the catalogue selects: every one must come back with a verdict.
execute_process(COMMAND ${WINE} ${exe} conform --target native ${WFPCERT_SELECT} --list
                OUTPUT_VARIABLE listing ERROR_VARIABLE list_err RESULT_VARIABLE rc TIMEOUT 300)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wine-run: `wfpcert conform --target native --list` under wine failed (${rc}):\n"
                      "${listing}${list_err}")
endif()
string(REGEX MATCHALL "[^\n]+" list_lines "${listing}")
list(LENGTH list_lines listed)

file(REMOVE_RECURSE "${WFPCERT_OUT}")
string(TIMESTAMP t0 "%s")
execute_process(
  COMMAND ${WINE} ${exe} conform --target native ${WFPCERT_SELECT} --plain --jobs ${WFPCERT_JOBS}
          --timeout ${WFPCERT_CASE_TIMEOUT} --out ${WFPCERT_OUT}
          --expect ${WFPCERT_SOURCE_DIR}/native/wine-expect.txt
  WORKING_DIRECTORY ${WFPCERT_MINGW_DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 1500)
string(TIMESTAMP t1 "%s")
math(EXPR seconds "${t1} - ${t0}")
file(WRITE "${WFPCERT_MINGW_DIR}/wine-run.log" "${out}\n--- stderr ---\n${err}")
# 0 conforming, 1 not conforming: both mean the run completed.  2 is a usage or environment
# error; anything else (a crash of the runner, a wine failure, the timeout) is a broken run.
if(NOT rc MATCHES "^[01]$")
  message(FATAL_ERROR "wine-run: the run did not complete (status ${rc}); output in "
                      "${WFPCERT_MINGW_DIR}/wine-run.log:\n${out}\n${err}")
endif()

foreach(f junit.xml results.json report.html)
  if(NOT EXISTS "${WFPCERT_OUT}/${f}")
    message(FATAL_ERROR "wine-run: ${WFPCERT_OUT}/${f} was not written")
  endif()
  file(SIZE "${WFPCERT_OUT}/${f}" size)
  if(size EQUAL 0)
    message(FATAL_ERROR "wine-run: ${WFPCERT_OUT}/${f} is empty")
  endif()
endforeach()
file(READ "${WFPCERT_OUT}/junit.xml" junit)
file(READ "${WFPCERT_OUT}/report.html" html)
if(NOT junit MATCHES "<testsuites?[ >]" OR NOT junit MATCHES "</testsuites?>")
  message(FATAL_ERROR "wine-run: junit.xml has no complete <testsuite>")
endif()
if(NOT html MATCHES "</html>")
  message(FATAL_ERROR "wine-run: report.html is cut short (no </html>)")
endif()

# results.json must parse, and hold one verdict per listed case.
file(READ "${WFPCERT_OUT}/results.json" json)
string(JSON ncases ERROR_VARIABLE jerr LENGTH "${json}" cases)
if(jerr)
  message(FATAL_ERROR "wine-run: results.json does not parse: ${jerr}")
endif()
if(NOT ncases EQUAL listed)
  message(FATAL_ERROR "wine-run: ${listed} cases were listed but results.json holds ${ncases}")
endif()
set(summary "")
foreach(o PASS FAIL NON-STRICT INFORMATIONAL UNSUPPORTED XFAIL XPASS CRASH TIMEOUT)
  string(JSON n ERROR_VARIABLE jerr GET "${json}" counts ${o})
  if(jerr)
    message(FATAL_ERROR "wine-run: results.json has no count for ${o}")
  endif()
  string(APPEND summary " ${o} ${n}")
endforeach()
message("wine-run: ${ncases} cases in ${seconds} s, exit status ${rc}:${summary}")
# The verdicts wine is expected to give: everything not waived in native/wine-expect.txt holds.
# Cases that pass wine an unmapped or read-only pointer may crash or hang (wine does not check
# the pointer; which of the two happens varies): tolerated there, and counted.
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "(^|\n)(FAIL|CRASH|TIMEOUT|XPASS|NON-STRICT) +[^ \n]+" found "${out}")
  set(unexpected "")
  set(tolerated 0)
  foreach(line IN LISTS found)
    string(REPLACE "\n" "" line "${line}")
    if(line MATCHES "^(CRASH|TIMEOUT) +[^ ]*=(unmapped|readonly)\\.")
      math(EXPR tolerated "${tolerated} + 1")
    else()
      list(APPEND unexpected "${line}")
    endif()
  endforeach()
  message("wine-run: ${tolerated} crash(es) or hang(s) on unmapped or read-only pointers, tolerated under wine")
  if(NOT found)
    message(FATAL_ERROR "wine-run: the run was not conforming (status ${rc}) but named no failing case; see "
                        "${WFPCERT_MINGW_DIR}/wine-run.log")
  endif()
endif()
if(unexpected)
  list(JOIN unexpected "\n  " unexpected)
  message(FATAL_ERROR "wine-run: outcomes that native/wine-expect.txt does not expect (a new failure or crash "
                      "under wine, or a waiver that no longer fits):\n  ${unexpected}\n"
                      "(log: ${WFPCERT_MINGW_DIR}/wine-run.log)")
endif()
message("wine-run: reports in ${WFPCERT_OUT} (junit.xml, results.json, report.html); log in "
        "${WFPCERT_MINGW_DIR}/wine-run.log")
