# fuzz.cmake: helpers for harness/CMakeLists.txt: one fuzz target built for the chosen engine,
# and one ctest per corpus or regression file.
#
#   wfpcert_fuzz_target(<name>)        harness/fuzz_<name>.c as
#       fuzz-<name>-replay             always (driver_replay.c; no fuzzer runtime; ctest uses it)
#       fuzz-<name>                    engine libfuzzer (-fsanitize=fuzzer on top of the preset's flags)
#       fuzz-<name>-afl                engine afl (driver_afl.c, persistent mode)
#       fuzz-<name>-afl-cmplog         engine afl, when the compiler supports AFL_LLVM_CMPLOG
#   wfpcert_fuzz_corpus_tests(<name>)  fuzz.<name>.<file> for corpus/<name>/* and corpus/regressions/<name>/*

function(wfpcert_fuzz_target name)
  set(src ${WFPCERT_HARNESS_DIR}/fuzz_${name}.c)
  add_executable(fuzz-${name}-replay ${src} ${WFPCERT_HARNESS_DIR}/driver_replay.c)
  target_link_libraries(fuzz-${name}-replay PRIVATE wfpcert_harness_core)

  if(WFPCERT_FUZZ_ENGINE STREQUAL "libfuzzer")
    add_executable(fuzz-${name} ${src})
    target_link_libraries(fuzz-${name} PRIVATE wfpcert_harness_core)
    target_link_options(fuzz-${name} PRIVATE -fsanitize=fuzzer)
  elseif(WFPCERT_FUZZ_ENGINE STREQUAL "afl")
    add_executable(fuzz-${name}-afl ${src} ${WFPCERT_HARNESS_DIR}/driver_afl.c)
    target_link_libraries(fuzz-${name}-afl PRIVATE wfpcert_harness_core)
    if(WFPCERT_AFL_CMPLOG)
      # CmpLog wants every comparison of the program instrumented: the harness and a copy of
      # the model built with AFL_LLVM_CMPLOG=1 in the compiler's environment.
      add_executable(fuzz-${name}-afl-cmplog ${src} ${WFPCERT_HARNESS_DIR}/driver_afl.c)
      target_link_libraries(fuzz-${name}-afl-cmplog PRIVATE wfpcert_harness_core_cmplog)
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
    add_test(NAME fuzz.${name}.${base} COMMAND fuzz-${name}-replay ${f})
    set_tests_properties(fuzz.${name}.${base} PROPERTIES TIMEOUT 30 LABELS fuzz)
  endforeach()
endfunction()
