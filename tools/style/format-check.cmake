# format-check.cmake: the house format (the top-level .clang-format) as a check.  One
# clang-format call over every C file of the tree (build trees, corpus/ and this folder's
# fixtures left out); it fails on any file that clang-format would change, and on any line
# longer than 120 columns (clang-format leaves long strings and comments alone).
#
#   cmake -DROOT=<source dir> [-DFILES="a.c;b.h"] [-DMODE=apply] [-DCLANG_FORMAT=prog] -P format-check.cmake
#
# MODE=apply rewrites the files in place instead (the `format` build target).  FILES replaces
# the tree walk (the ctest style.format_catches uses it on a badly formatted fixture).
cmake_minimum_required(VERSION 3.25)

if(NOT ROOT)
  message(FATAL_ERROR "format-check: ROOT (the source dir) is not set")
endif()
if(NOT CLANG_FORMAT)
  find_program(CLANG_FORMAT NAMES clang-format-14 clang-format)
endif()
if(NOT CLANG_FORMAT)
  message(FATAL_ERROR "format-check: clang-format not found (sh tools/bootstrap.sh deps base)")
endif()

if(NOT FILES)
  file(GLOB_RECURSE FILES RELATIVE "${ROOT}" "${ROOT}/*.c" "${ROOT}/*.h")
  list(FILTER FILES EXCLUDE REGEX "^(build|corpus|reports/latest|tools/style/tests)/")
  list(FILTER FILES EXCLUDE REGEX "(^|/)\\.")
endif()
list(LENGTH FILES n)
if(n EQUAL 0)
  message(FATAL_ERROR "format-check: no C files under ${ROOT}")
endif()

if(MODE STREQUAL "apply")
  execute_process(COMMAND ${CLANG_FORMAT} --style=file -i ${FILES} WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "format-check: ${CLANG_FORMAT} -i failed (${rc})")
  endif()
  message("format-check: formatted ${n} files")
  return()
endif()

execute_process(COMMAND ${CLANG_FORMAT} --style=file --dry-run ${FILES} WORKING_DIRECTORY "${ROOT}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(bad "")
string(REGEX MATCHALL "[^\n]*: warning: code should be clang-formatted" hits "${err}")
foreach(h ${hits})
  string(REGEX REPLACE ":[0-9]+:[0-9]+: warning.*" "" f "${h}")
  list(APPEND bad "${f}")
endforeach()
list(REMOVE_DUPLICATES bad)
if(NOT rc EQUAL 0 AND NOT bad)
  message(FATAL_ERROR "format-check: ${CLANG_FORMAT} failed (${rc}):\n${err}")
endif()

set(long "")
string(ASCII 128 cont_lo) # UTF-8 continuation bytes are 0x80..0xbf: dropping them counts columns, not bytes
string(ASCII 191 cont_hi)
foreach(f ${FILES})
  file(READ "${ROOT}/${f}" text)
  # One list element per line: first take away what CMake's lists treat specially.
  string(REGEX REPLACE "[][;\\]" "_" text "${text}")
  string(REGEX REPLACE "[${cont_lo}-${cont_hi}]" "" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(lineno 0)
  foreach(l IN LISTS lines)
    math(EXPR lineno "${lineno} + 1")
    string(LENGTH "${l}" len)
    if(len GREATER 120)
      list(APPEND long "${f}:${lineno}: ${len} columns")
    endif()
  endforeach()
endforeach()

list(LENGTH bad nbad)
list(LENGTH long nlong)
if(nbad OR nlong)
  list(JOIN bad "\n  " badtxt)
  list(JOIN long "\n  " longtxt)
  message(FATAL_ERROR "format-check: ${nbad} of ${n} files differ from the house format "
                      "(cmake --build <build> --target format rewrites them):\n  ${badtxt}\n"
                      "${nlong} lines over 120 columns:\n  ${longtxt}")
endif()
message("format-check: ${n} files in the house format, no line over 120 columns")
