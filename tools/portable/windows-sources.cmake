# windows-sources.cmake: checks that every C file of the Windows build is ISO C11 with its
# compiler extensions only in include/wfpcert/compat.h, so that cl can build what mingw-w64
# builds.  The files, include paths and definitions are the real ones: the script configures
# the Windows tree (cmake/toolchain-mingw64.cmake) and reads its compile_commands.json, so a
# file added to the Windows build is checked without anyone listing it here.
#
#   cmake -DWFPCERT_SOURCE_DIR=<src> -DTREE=<dir> -DMODE=configure -P windows-sources.cmake
#   cmake ... -DMODE=compile -DCOMPILER=gcc|clang "-DFLAGS=<portable flags>" -P ...
#   cmake ... -DMODE=scan -DSCAN=<gnu-scan program> -P ...
#
#   configure  the Windows tree in TREE (configure only, nothing is built)
#   compile    every source once, -fsyntax-only, with the tree's own flags plus FLAGS:
#                gcc    x86_64-w64-mingw32-gcc, compat.h's GNU branch
#                clang  clang for x86_64-w64-mingw32 with -Wgnu, compat.h forced to its ISO
#                       branch (every macro empty), the nearest a Linux machine gets to "no
#                       GNU help at all"
#   scan       gnu-scan over every source and every project header the gcc pass saw them
#              include (its -MMD files), except compat.h
#
# A missing compiler or tree is a SKIP ("windows-sources: SKIP:"), and a failure under CI=true.
cmake_minimum_required(VERSION 3.25)

include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/skip-or-fail.cmake)
macro(skip why)
  wfpcert_skip_or_fail(windows-sources "${why}")
endmacro()

set(db "${TREE}/compile_commands.json")
set(sysroot /usr/x86_64-w64-mingw32) # CMAKE_FIND_ROOT_PATH of cmake/toolchain-mingw64.cmake
string(ASCII 31 sep) # joins the arguments of one command into one list element

if(MODE STREQUAL "configure")
  find_program(MINGW_GCC x86_64-w64-mingw32-gcc)
  if(NOT MINGW_GCC)
    skip("x86_64-w64-mingw32-gcc is not installed (sh tools/bootstrap.sh deps windows)")
  endif()
  file(REMOVE "${db}")
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${WFPCERT_SOURCE_DIR} -B ${TREE}
                          --toolchain ${WFPCERT_SOURCE_DIR}/cmake/toolchain-mingw64.cmake
                          -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
                  RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${db}")
    message(FATAL_ERROR "windows-sources: configuring the Windows tree in ${TREE} failed (${rc}):\n${log}")
  endif()
  message("windows-sources: Windows tree configured in ${TREE}")
  return()
endif()

if(NOT EXISTS "${db}")
  skip("${db} is missing (the portable_c.windows_tree test configures it)")
endif()

# Reads the database into parallel lists: one entry per source file (a file built into several
# programs with the same flags, like driver_replay.c, is checked once).
file(READ "${db}" json)
string(JSON n LENGTH "${json}")
math(EXPR last "${n} - 1")
set(files "")
set(dirs "")
set(cmds "")
foreach(i RANGE ${last})
  string(JSON file GET "${json}" ${i} file)
  string(JSON dir GET "${json}" ${i} directory)
  string(JSON command GET "${json}" ${i} command)
  if(file IN_LIST files)
    continue()
  endif()
  separate_arguments(args UNIX_COMMAND "${command}")
  # The Makefile generator keeps include paths in a response file: take them inline.
  set(expanded "")
  set(skip_next OFF)
  foreach(a IN LISTS args)
    if(skip_next)
      set(skip_next OFF)
    elseif(a STREQUAL "-o")
      set(skip_next ON)
    elseif(a MATCHES "^@(.*)")
      set(rsp "${CMAKE_MATCH_1}")
      if(NOT IS_ABSOLUTE "${rsp}")
        set(rsp "${dir}/${rsp}")
      endif()
      file(READ "${rsp}" rsp_text)
      separate_arguments(rsp_args UNIX_COMMAND "${rsp_text}")
      list(APPEND expanded ${rsp_args})
    else()
      list(APPEND expanded "${a}")
    endif()
  endforeach()
  list(APPEND files "${file}")
  list(APPEND dirs "${dir}")
  string(REPLACE ";" "${sep}" packed "${expanded}") # one list element per command
  list(APPEND cmds "${packed}")
endforeach()
list(LENGTH files nfiles)
if(nfiles EQUAL 0)
  message(FATAL_ERROR "windows-sources: ${db} lists no source file")
endif()

if(MODE STREQUAL "scan")
  if(NOT SCAN OR NOT EXISTS "${SCAN}")
    message(FATAL_ERROR "windows-sources: the gnu-scan program '${SCAN}' is missing")
  endif()
  # The headers are the ones the gcc pass saw each source include (its -MMD files): exactly the
  # project headers of the Windows build, not the model's that share a folder with them.
  file(GLOB deps "${TREE}/portable-deps/*.d")
  if(NOT deps)
    skip("no dependency files in ${TREE}/portable-deps (portable_c.gcc writes them)")
  endif()
  set(headers "")
  foreach(d IN LISTS deps)
    file(READ "${d}" text)
    string(REPLACE "\\\n" " " text "${text}")
    string(REGEX REPLACE "^[^:]*: " "" text "${text}")
    separate_arguments(text UNIX_COMMAND "${text}")
    foreach(h IN LISTS text)
      if(h MATCHES "\\.h$")
        get_filename_component(h "${h}" REALPATH) # reports/../conformance is conformance
        list(APPEND headers "${h}")
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES headers)
  list(FILTER headers EXCLUDE REGEX "/include/wfpcert/compat\\.h$")
  list(LENGTH headers nheaders)
  execute_process(COMMAND ${SCAN} ${files} ${headers} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "windows-sources: gnu-scan found compiler extensions in the Windows build (exit ${rc})")
  endif()
  message("windows-sources: scanned ${nfiles} sources and ${nheaders} headers")
  return()
endif()

if(NOT MODE STREQUAL "compile")
  message(FATAL_ERROR "windows-sources: MODE must be configure, compile or scan (got '${MODE}')")
endif()
if(COMPILER STREQUAL "gcc")
  find_program(CC_PATH x86_64-w64-mingw32-gcc)
  set(cc ${CC_PATH})
  set(extra "")
elseif(COMPILER STREQUAL "clang")
  find_program(CC_PATH clang)
  set(cc ${CC_PATH} --target=x86_64-w64-mingw32 --sysroot=${sysroot})
  set(extra -Wgnu -DWFPCERT_COMPAT_FORCE_ISO)
else()
  message(FATAL_ERROR "windows-sources: COMPILER must be gcc or clang (got '${COMPILER}')")
endif()
if(NOT CC_PATH)
  skip("${COMPILER} for x86_64-w64-mingw32 is not installed (sh tools/bootstrap.sh deps base windows)")
endif()
if(NOT IS_DIRECTORY "${sysroot}/include")
  skip("the mingw-w64 headers are not in ${sysroot}/include (sh tools/bootstrap.sh deps windows)")
endif()

# The gcc pass also writes each source's project headers (-MMD) for the scan.
set(depdir "${TREE}/portable-deps")
if(COMPILER STREQUAL "gcc")
  file(REMOVE_RECURSE "${depdir}")
  file(MAKE_DIRECTORY "${depdir}")
endif()

# command_of(I OUT): the compile command of source I, with our compiler and flags.
function(command_of i out)
  list(GET cmds ${i} packed)
  string(REPLACE "${sep}" ";" args "${packed}")
  list(REMOVE_AT args 0) # the tree's compiler: ours instead
  set(deps "")
  if(COMPILER STREQUAL "gcc")
    set(deps -MMD -MF ${depdir}/${i}.d)
  endif()
  set(${out} ${cc} ${args} ${FLAGS} ${extra} -fsyntax-only ${deps} PARENT_SCOPE)
endfunction()

# Two files at a time (execute_process runs its COMMANDs side by side); a failing file is
# compiled again alone so that its diagnostics are shown whole.  The database's paths are
# absolute once the response files are expanded, so both run in the first one's folder.
set(failed "")
math(EXPR last "${nfiles} - 1")
foreach(i RANGE 0 ${last} 2)
  math(EXPR j "${i} + 1")
  command_of(${i} c1)
  list(GET dirs ${i} d1)
  if(j LESS nfiles)
    command_of(${j} c2)
    execute_process(COMMAND ${c1} COMMAND ${c2} WORKING_DIRECTORY ${d1} RESULTS_VARIABLE rcs OUTPUT_QUIET ERROR_QUIET)
  else()
    execute_process(COMMAND ${c1} WORKING_DIRECTORY ${d1} RESULTS_VARIABLE rcs OUTPUT_QUIET ERROR_QUIET)
  endif()
  set(k ${i})
  foreach(rc IN LISTS rcs)
    if(NOT rc EQUAL 0)
      command_of(${k} c)
      list(GET dirs ${k} d)
      execute_process(COMMAND ${c} WORKING_DIRECTORY ${d} RESULT_VARIABLE rc1 OUTPUT_VARIABLE log ERROR_VARIABLE log)
      if(NOT rc1 EQUAL 0)
        list(GET files ${k} f)
        list(APPEND failed "${f}")
        message("windows-sources: ${COMPILER}: ${f}:\n${log}")
      endif()
    endif()
    math(EXPR k "${k} + 1")
  endforeach()
endforeach()
list(LENGTH failed nfailed)
if(nfailed)
  string(REPLACE ";" "\n  " flist "${failed}")
  message(FATAL_ERROR "windows-sources: ${COMPILER}: ${nfailed} of ${nfiles} files are not ISO C11 "
                      "under ${FLAGS} ${extra}:\n  ${flist}")
endif()
message("windows-sources: ${COMPILER}: ${nfiles} files of the Windows build compile with ${FLAGS} ${extra}")
