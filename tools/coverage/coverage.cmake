# coverage.cmake: an llvm-cov report of driver-stub/ (the model library) from the conformance
# catalogue, the fuzz corpus and the unit tests.  Run from anywhere with
#
#   cmake -P tools/coverage/coverage.cmake [-D VAR=VALUE ...]    (the -D options go before -P)
#
# Why a cmake script: it needs nothing beyond the tools the build already needs (no shell
# beyond cmake, no Python), and it runs the same on every Linux CI image.
#
# What it does:
#   1. configures and builds the `coverage` preset (clang, -fprofile-instr-generate
#      -fcoverage-mapping, atomic counters, runtime counter relocation; no sanitizers);
#   2. runs each scope with LLVM_PROFILE_FILE=<profiles>/<scope>/%p-%c.profraw.  %c is the
#      continuous mode: counters live in the mapped file from the start, so the forked children
#      that leave with _exit (every conformance case, every unit test, every corpus file under
#      `wfpcert certify`) are counted although they never run the profile runtime's exit hook;
#        conform  `wfpcert conform --no-report` (the whole catalogue, default profile)
#        corpus   fuzz-<target>-replay over corpus/<target>/ and corpus/regressions/<target>/
#                 (the inputs `wfpcert certify` replays; NOTES and README skipped)
#        unit     unit-runner (every unit test, each in its own child)
#        selftest `wfpcert selftest --faults` (every catalogued fault switched on in turn; opt-in:
#                 about 25 s, and it covers the fault branches, not the behaviour certified)
#   3. merges each scope with llvm-profdata, plus conform+corpus ("both") and all three ("all");
#   4. writes llvm-cov reports restricted to the model's sources (driver-stub/ without tests/
#      and bench/): <out>/summary-<scope>.txt (per file: regions, functions, lines, branches),
#      <out>/functions-<scope>.txt (per function) and an HTML tree of "both" in <out>/html/.
#
# Variables (all optional):
#   BUILD_DIR   the build tree (default <source>/build/coverage; git-ignored)
#   OUT_DIR     where the reports go (default <BUILD_DIR>/report)
#   JOBS        parallel build jobs (default 2)
#   SCOPES      which scopes to run, a ;-list of conform, corpus, unit, proxies, selftest (default
#               all but selftest)
#   NO_BUILD    ON: use the existing build as it is
#   LLVM_SUFFIX the tools' version suffix (default -14: llvm-profdata-14, llvm-cov-14; falls
#               back to the unsuffixed names)
# Exit status: 0 when the report was written, non-zero naming the step that failed.  The
# figures are not a gate (the script prints them; docs/COVERAGE.md discusses them).
cmake_minimum_required(VERSION 3.25)

get_filename_component(src "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
if(NOT DEFINED BUILD_DIR)
  set(BUILD_DIR "${src}/build/coverage")
endif()
get_filename_component(BUILD_DIR "${BUILD_DIR}" ABSOLUTE BASE_DIR "${src}")
if(NOT DEFINED OUT_DIR)
  set(OUT_DIR "${BUILD_DIR}/report")
endif()
get_filename_component(OUT_DIR "${OUT_DIR}" ABSOLUTE BASE_DIR "${src}")
if(NOT DEFINED JOBS)
  set(JOBS 2)
endif()
if(NOT DEFINED SCOPES)
  set(SCOPES conform corpus unit proxies)
endif()
if(NOT DEFINED LLVM_SUFFIX)
  set(LLVM_SUFFIX -14)
endif()
foreach(s ${SCOPES})
  if(NOT s MATCHES "^(conform|corpus|unit|proxies|selftest)$")
    message(FATAL_ERROR "coverage: unknown scope '${s}' in SCOPES (conform, corpus, unit, proxies, selftest)")
  endif()
endforeach()

find_program(PROFDATA NAMES llvm-profdata${LLVM_SUFFIX} llvm-profdata)
find_program(LLVMCOV NAMES llvm-cov${LLVM_SUFFIX} llvm-cov)
if(NOT PROFDATA OR NOT LLVMCOV)
  message(FATAL_ERROR "coverage: llvm-profdata${LLVM_SUFFIX} and llvm-cov${LLVM_SUFFIX} are needed "
                      "(Debian: apt-get install llvm-14); found '${PROFDATA}' and '${LLVMCOV}'")
endif()

# Runs a command; stops the script naming it when it fails.  ARGN: the command.
function(cov_run what)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${src}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "coverage: ${what} failed (${rc}): ${cmd}")
  endif()
endfunction()

# 1. Build.  Profiles of anything the build might run go nowhere near the scopes.
unset(ENV{LLVM_PROFILE_FILE})
if(NOT NO_BUILD)
  message(STATUS "coverage: configuring and building the coverage preset in ${BUILD_DIR}")
  cov_run("configure" ${CMAKE_COMMAND} --preset coverage -B "${BUILD_DIR}")
  cov_run("build" ${CMAKE_COMMAND} --build "${BUILD_DIR}" -j ${JOBS})
endif()
set(wfpcert "${BUILD_DIR}/tools/wfpcert/wfpcert")
set(unit "${BUILD_DIR}/driver-stub/unit-runner")
file(GLOB replays "${BUILD_DIR}/harness/fuzz-*-replay")
foreach(f "${wfpcert}" "${unit}")
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "coverage: ${f} is missing (build the coverage preset: cmake --preset coverage && "
                        "cmake --build build/coverage)")
  endif()
endforeach()
if(NOT replays)
  message(FATAL_ERROR "coverage: no ${BUILD_DIR}/harness/fuzz-*-replay (harness/ not built)")
endif()

# 2. Run the scopes, each into its own folder of raw profiles.
set(prof "${BUILD_DIR}/profiles")
foreach(scope ${SCOPES})
  file(REMOVE_RECURSE "${prof}/${scope}")
  file(MAKE_DIRECTORY "${prof}/${scope}")
  set(ENV{LLVM_PROFILE_FILE} "${prof}/${scope}/%p-%c.profraw")
  message(STATUS "coverage: running ${scope}")
  if(scope STREQUAL "conform")
    cov_run("wfpcert conform" "${wfpcert}" conform --plain --no-report)
  elseif(scope STREQUAL "unit")
    cov_run("unit tests" "${unit}")
  elseif(scope STREQUAL "selftest")
    cov_run("wfpcert selftest --faults" "${wfpcert}" selftest --faults)
  elseif(scope STREQUAL "proxies")
    # The sample proxies and chains, the only runs of the os transport (real loopback sockets).
    cov_run("proxy chains (ctest proxies.*)" "${CMAKE_CTEST_COMMAND}" --test-dir "${BUILD_DIR}" -R "^proxies\\." -j2)
  else()
    foreach(r ${replays})
      string(REGEX REPLACE ".*/fuzz-(.*)-replay$" "\\1" t "${r}")
      file(GLOB inputs LIST_DIRECTORIES false "${src}/corpus/${t}/*" "${src}/corpus/regressions/${t}/*")
      list(FILTER inputs EXCLUDE REGEX "/(NOTES|README[^/]*)$")
      list(LENGTH inputs n)
      if(n GREATER 0)
        message(STATUS "coverage:   ${t}: ${n} input(s)")
        cov_run("replay of corpus/${t}" "${r}" ${inputs})
      endif()
    endforeach()
  endif()
  unset(ENV{LLVM_PROFILE_FILE})
endforeach()

# 3. Merge: each scope, conform+corpus, and everything run.
set(merged)
foreach(scope ${SCOPES})
  file(GLOB raws "${prof}/${scope}/*.profraw")
  if(NOT raws)
    message(FATAL_ERROR "coverage: ${scope} wrote no profile under ${prof}/${scope}")
  endif()
  cov_run("merge ${scope}" "${PROFDATA}" merge -sparse -o "${prof}/${scope}.profdata" ${raws})
  list(APPEND merged ${scope})
endforeach()
set(combos)
if("conform" IN_LIST SCOPES AND "corpus" IN_LIST SCOPES)
  cov_run("merge both" "${PROFDATA}" merge -sparse -o "${prof}/both.profdata" "${prof}/conform.profdata"
          "${prof}/corpus.profdata")
  list(APPEND combos both)
endif()
list(LENGTH SCOPES nscopes)
if(nscopes GREATER 1)
  set(parts)
  foreach(scope ${SCOPES})
    list(APPEND parts "${prof}/${scope}.profdata")
  endforeach()
  cov_run("merge all" "${PROFDATA}" merge -sparse -o "${prof}/all.profdata" ${parts})
  list(APPEND combos all)
endif()

# 4. Reports over the model's sources.  Every binary that links the model is an object, so a
# function is covered when any of them ran it.
set(objects "${wfpcert}" -object "${unit}")
foreach(r ${replays})
  list(APPEND objects -object "${r}")
endforeach()
set(model_dirs)
foreach(d callout kernel net provider target wfp ws2)
  list(APPEND model_dirs "${src}/driver-stub/${d}")
endforeach()
file(MAKE_DIRECTORY "${OUT_DIR}")
set(table "")
foreach(scope ${merged} ${combos})
  set(p "${prof}/${scope}.profdata")
  execute_process(COMMAND "${LLVMCOV}" report ${objects} -instr-profile "${p}" ${model_dirs}
                  OUTPUT_FILE "${OUT_DIR}/summary-${scope}.txt" RESULT_VARIABLE rc)
  execute_process(COMMAND "${LLVMCOV}" report -show-functions ${objects} -instr-profile "${p}" ${model_dirs}
                  OUTPUT_FILE "${OUT_DIR}/functions-${scope}.txt" RESULT_VARIABLE rc2)
  if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0)
    message(FATAL_ERROR "coverage: llvm-cov report of ${scope} failed (${rc}, ${rc2})")
  endif()
  # TOTAL  regions missed cover  functions missed cover  lines missed cover  branches missed cover
  file(STRINGS "${OUT_DIR}/summary-${scope}.txt" total REGEX "^TOTAL ")
  string(REGEX REPLACE " +" ";" f "${total}")
  list(GET f 3 regions)
  list(GET f 6 functions)
  list(GET f 7 lines_n)
  list(GET f 8 lines_missed)
  list(GET f 9 lines)
  string(APPEND table "  ${scope}\tlines ${lines} (${lines_missed} of ${lines_n} missed)\tfunctions ${functions}\tregions ${regions}\n")
endforeach()
if(combos)
  list(GET combos 0 html_scope)
else()
  list(GET merged 0 html_scope)
endif()
file(REMOVE_RECURSE "${OUT_DIR}/html")
cov_run("llvm-cov show" "${LLVMCOV}" show ${objects} -instr-profile "${prof}/${html_scope}.profdata"
        -format=html -output-dir "${OUT_DIR}/html" -show-line-counts-or-regions -show-expansions
        -project-title "wfpcert driver-stub (${html_scope})" ${model_dirs})

message("\ndriver-stub (the model: callout kernel net provider target wfp ws2) coverage:\n${table}"
        "per file: ${OUT_DIR}/summary-<scope>.txt, per function: ${OUT_DIR}/functions-<scope>.txt\n"
        "HTML (${html_scope}): ${OUT_DIR}/html/index.html")
