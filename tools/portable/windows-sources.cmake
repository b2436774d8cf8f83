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
#   scan       every source preprocessed by x86_64-w64-mingw32-gcc -E -fdirectives-only
#              (the Windows build's conditionals resolved, macros and comments kept), then
#              `gnu-scan --tree`: every project file those name (the sources and exactly the
#              project headers the Windows build includes, not compat.h) is scanned as
#              written for compiler extensions, and the preprocessed text for POSIX-only
#              headers and names, which cl cannot build (the sys layer's *_win.c files hold
#              the system calls).  Preprocessing costs a fraction of a compile, and the
#              scan needs no other test's output.
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
  set(COMPILER gcc) # the preprocessing for --posix
elseif(NOT MODE STREQUAL "compile")
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

set(ppdir "${TREE}/portable-pp") # the scan's preprocessed sources

if(MODE STREQUAL "scan")
  if(NOT SCAN OR NOT EXISTS "${SCAN}")
    message(FATAL_ERROR "windows-sources: the gnu-scan program '${SCAN}' is missing")
  endif()
  file(REMOVE_RECURSE "${ppdir}")
  file(MAKE_DIRECTORY "${ppdir}")
endif()

# command_of(I OUT): the compile command of source I, with our compiler and flags.
function(command_of i out)
  list(GET cmds ${i} packed)
  string(REPLACE "${sep}" ";" args "${packed}")
  list(REMOVE_AT args 0) # the tree's compiler: ours instead
  if(MODE STREQUAL "scan")
    set(${out} ${cc} ${args} -E -fdirectives-only -o ${ppdir}/${i}.i PARENT_SCOPE)
    return()
  endif()
  set(${out} ${cc} ${args} ${FLAGS} ${extra} -fsyntax-only PARENT_SCOPE)
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
if(MODE STREQUAL "scan")
  if(nfailed)
    message(FATAL_ERROR "windows-sources: preprocessing failed for ${nfailed} of ${nfiles} files")
  endif()
  file(GLOB pp "${ppdir}/*.i")
  execute_process(COMMAND ${SCAN} --tree ${WFPCERT_SOURCE_DIR} ${pp} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "windows-sources: gnu-scan found what cl cannot build in the Windows tree (exit ${rc}): "
                        "compiler extensions belong in include/wfpcert/compat.h, POSIX-only interfaces in the "
                        "sys layer's per-system files (sys/wsys.h)")
  endif()
  file(REMOVE_RECURSE "${ppdir}") # some 300 MB
  return()
endif()
if(nfailed)
  string(REPLACE ";" "\n  " flist "${failed}")
  message(FATAL_ERROR "windows-sources: ${COMPILER}: ${nfailed} of ${nfiles} files are not ISO C11 "
                      "under ${FLAGS} ${extra}:\n  ${flist}")
endif()
message("windows-sources: ${COMPILER}: ${nfiles} files of the Windows build compile with ${FLAGS} ${extra}")
