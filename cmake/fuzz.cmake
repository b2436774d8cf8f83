# fuzz.cmake: helpers for harness/CMakeLists.txt: one fuzz target built for the chosen engine,
# and one ctest per corpus or regression file.
#
#   wfpcert_fuzz_target(<name>)        harness/fuzz_<name>.c as
#       fuzz-<name>-replay             always (driver_replay.c; no fuzzer runtime; ctest uses it)
#       fuzz-<name>-winafl             Windows only (driver_winafl.c: exported fuzz_one for WinAFL
#                                      and Jackalope); the engines below are not built there
#       fuzz-<name>                    engine libfuzzer (-fsanitize=fuzzer on top of the preset's flags),
#                                      or engine external (linked with WFPCERT_FUZZ_LINK, the
#                                      OSS-Fuzz builder's $LIB_FUZZING_ENGINE: tools/oss-fuzz/build.sh)
#       fuzz-<name>-afl                engine afl (driver_afl.c, persistent mode)
#       fuzz-<name>-afl-cmplog         engine afl, when the compiler supports AFL_LLVM_CMPLOG
#   wfpcert_fuzz_corpus_tests(<name>)  fuzz.<name>.<file> for corpus/<name>/* and corpus/regressions/<name>/*;
#                                      fuzz.<name>.<file>.with-fault for a regression found with a fault
#   wfpcert_fuzz_windows_tests(<name> <seed>)
#                                      Windows builds: fuzz.windows.<name>-winafl and -replay run
#                                      <seed> (under wine through CMAKE_CROSSCOMPILING_EMULATOR)

# Every Linux fuzz binary exports the model's WDK names (ENABLE_EXPORTS), which a vendor driver
# module loaded with WFPCERT_CALLOUT=MODULE (native/driver_module.c) leaves undefined.
function(wfpcert_fuzz_target name)
  set(src ${WFPCERT_HARNESS_DIR}/fuzz_${name}.c)
  add_executable(fuzz-${name}-replay ${src} ${WFPCERT_HARNESS_DIR}/driver_replay.c)
  target_link_libraries(fuzz-${name}-replay PRIVATE wfpcert_harness_core)
  if(NOT WIN32)
    set_target_properties(fuzz-${name}-replay PROPERTIES ENABLE_EXPORTS ON)
  endif()

  if(WIN32)
    add_executable(fuzz-${name}-winafl ${src} ${WFPCERT_HARNESS_DIR}/driver_winafl.c)
    target_link_libraries(fuzz-${name}-winafl PRIVATE wfpcert_harness_core)
    if(NOT WFPCERT_FUZZ_ENGINE STREQUAL "none")
      message(STATUS "harness: WFPCERT_FUZZ_ENGINE=${WFPCERT_FUZZ_ENGINE} is not built on Windows; "
                     "fuzz with WinAFL or Jackalope (docs/WINDOWS.md)")
    endif()
  elseif(WFPCERT_FUZZ_ENGINE STREQUAL "libfuzzer")
    add_executable(fuzz-${name} ${src})
    target_link_libraries(fuzz-${name} PRIVATE wfpcert_harness_core)
    target_link_options(fuzz-${name} PRIVATE -fsanitize=fuzzer)
    set_target_properties(fuzz-${name} PROPERTIES ENABLE_EXPORTS ON)
  elseif(WFPCERT_FUZZ_ENGINE STREQUAL "external")
    # The link set comes from the libraries' own dependencies, never from a hand-kept list.
    add_executable(fuzz-${name} ${src})
    separate_arguments(engine UNIX_COMMAND "${WFPCERT_FUZZ_LINK}")
    target_link_libraries(fuzz-${name} PRIVATE wfpcert_harness_core ${engine})
    set_target_properties(fuzz-${name} PROPERTIES ENABLE_EXPORTS ON)
  elseif(WFPCERT_FUZZ_ENGINE STREQUAL "afl")
    add_executable(fuzz-${name}-afl ${src} ${WFPCERT_HARNESS_DIR}/driver_afl.c)
    target_link_libraries(fuzz-${name}-afl PRIVATE wfpcert_harness_core)
    set_target_properties(fuzz-${name}-afl PROPERTIES ENABLE_EXPORTS ON)
    if(WFPCERT_AFL_CMPLOG)
      # CmpLog wants every comparison of the program instrumented: the harness and a copy of
      # the model built with AFL_LLVM_CMPLOG=1 in the compiler's environment.
      add_executable(fuzz-${name}-afl-cmplog ${src} ${WFPCERT_HARNESS_DIR}/driver_afl.c)
      target_link_libraries(fuzz-${name}-afl-cmplog PRIVATE wfpcert_harness_core_cmplog)
      set_target_properties(fuzz-${name}-afl-cmplog PROPERTIES ENABLE_EXPORTS ON)
      set_target_properties(fuzz-${name}-afl-cmplog PROPERTIES RULE_LAUNCH_COMPILE "env AFL_LLVM_CMPLOG=1"
                                                              RULE_LAUNCH_LINK "env AFL_LLVM_CMPLOG=1")
    endif()
  endif()
endfunction()

function(wfpcert_fuzz_corpus_tests name)
  file(GLOB seeds CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/corpus/${name}/*)
  file(GLOB regressions CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/corpus/regressions/${name}/*)
  foreach(f ${seeds} ${regressions})
    get_filename_component(base ${f} NAME)
    if(IS_DIRECTORY ${f} OR base STREQUAL "NOTES" OR base MATCHES "^README")
      continue()
    endif()
    wfpcert_test(NAME fuzz.${name}.${base} COMMAND fuzz-${name}-replay ${f} TIMEOUT 30 LABELS fuzz)
  endforeach()
  # A regression found with a fault is replayed with it too, and must reproduce: otherwise it
  # would only be one more seed.  Its NOTES line names the target and the fault
  # (corpus/regressions/README); a file without one fails fuzz.<name>.<file>.notes.  Undefined
  # behaviour only a sanitizer sees: such files are replayed with their fault only in sanitizer
  # builds (asan; CI runs that one).  A heap overflow shows in every build (ASan, or the harness
  # pool's canaries where there is none: harness/pool.c).
  set(notes ${PROJECT_SOURCE_DIR}/corpus/regressions/${name}/NOTES)
  set(note_lines "")
  if(EXISTS ${notes})
    file(STRINGS ${notes} note_lines)
  endif()
  string(FIND "${CMAKE_C_FLAGS}" "-fsanitize=address" sanitized)
  foreach(f ${regressions})
    get_filename_component(base ${f} NAME)
    if(IS_DIRECTORY ${f} OR base STREQUAL "NOTES" OR base MATCHES "^README")
      continue()
    endif()
    set(fault "")
    set(rule "")
    foreach(line IN LISTS note_lines)
      if(line MATCHES "^${base}: ([A-Za-z0-9-]+); target=${name}; fault=([A-Za-z0-9_,]+);")
        set(rule ${CMAKE_MATCH_1})
        set(fault ${CMAKE_MATCH_2})
      endif()
    endforeach()
    if(fault STREQUAL "")
      wfpcert_test(NAME fuzz.${name}.${base}.notes
                   COMMAND ${CMAKE_COMMAND} -E echo "${notes}: no line `${base}: RULE; target=${name}; fault=NAME|none; ...`"
                   WILL_FAIL LABELS fuzz)
    elseif(NOT fault STREQUAL "none" AND (sanitized GREATER -1 OR NOT rule STREQUAL "undefined-behavior"))
      wfpcert_test(NAME fuzz.${name}.${base}.with-fault
                   COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:fuzz-${name}-replay>;${f}" -DFAULT=${fault}
                           -P ${PROJECT_SOURCE_DIR}/cmake/expect-finding.cmake
                   TIMEOUT 60 LABELS fuzz)
    endif()
  endforeach()
  # The whole corpus in one process, each file built and then started from the scene cache:
  # both must behave alike (driver_replay.c --check-snapshots).
  set(dirs ${PROJECT_SOURCE_DIR}/corpus/${name})
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/regressions/${name})
    list(APPEND dirs ${PROJECT_SOURCE_DIR}/corpus/regressions/${name})
  endif()
  wfpcert_test(NAME fuzz.${name}.scene-cache COMMAND fuzz-${name}-replay --check-snapshots ${dirs}
               TIMEOUT 300 LABELS fuzz)
endfunction()

# The fuzz drivers on Windows: the WinAFL/Jackalope binary's main runs fuzz_one(seed) three
# times in one process (what persistent mode does), and the replay binary runs the seed.
# Under wine, or on Windows without a vendor configuration, the native target cannot redirect
# a flow: the input ends early and both exit 0.  Exit status 0 is the check.
function(wfpcert_fuzz_windows_tests name seed)
  set(disabled FALSE)
  if(CMAKE_CROSSCOMPILING AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
    set(disabled TRUE)
  endif()
  wfpcert_test(NAME fuzz.windows.${name}-winafl COMMAND fuzz-${name}-winafl ${seed} 3
               TIMEOUT 120 LABELS fuzz DISABLED ${disabled})
  wfpcert_test(NAME fuzz.windows.${name}-replay COMMAND fuzz-${name}-replay ${seed}
               TIMEOUT 120 LABELS fuzz DISABLED ${disabled})
endfunction()
