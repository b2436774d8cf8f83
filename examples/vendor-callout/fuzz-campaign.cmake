# fuzz-campaign.cmake: a short `wfpcert fuzz --callout MODULE` campaign on vendor driver modules
# (issue 13 section 2): libFuzzer runs the fuzz targets with the driver as the callout of every
# world an input opens, and the campaign must end with no finding.  Nightly (ctest label
# nightly): it builds the `libfuzzer` preset's fuzz targets, wfpcert and the drivers in a tree
# of its own, then runs each driver for SECONDS per target.
#
#   cmake -DWFPCERT_SOURCE_DIR=... -DWFPCERT_DIR=<scratch> [-DWFPCERT_DRIVERS=a;b]
#         [-DWFPCERT_MODULES=/path/x.so;...] [-DWFPCERT_TARGETS=ioctl,sequence] [-DWFPCERT_SECONDS=30]
#         [-DWFPCERT_PROXIES=example-proxy] [-DWFPCERT_PROXY_MODULES=/path/p.so;...]
#         -P fuzz-campaign.cmake
#
# WFPCERT_MODULES: modules built elsewhere (a vendor's own project against the installed
# package: vendor.install_out_of_tree_callout), fuzzed the same way after the drivers.
# WFPCERT_PROXIES (built in the tree) and WFPCERT_PROXY_MODULES (built elsewhere): vendors'
# proxies, each fuzzed by `wfpcert fuzz --proxy MODULE` on the proxy target (harness/fuzz_proxy.c)
# for SECONDS, which must end with no finding too.
#
# Without clang's libFuzzer it prints "fuzz-campaign: SKIP: ..." (ctest: skipped), and under
# CI=true it fails instead.  Findings are not filed into the source tree (--no-file): the
# campaign's reports, state and logs stay in WFPCERT_DIR.
cmake_minimum_required(VERSION 3.25)
if(NOT WFPCERT_DRIVERS)
  set(WFPCERT_DRIVERS example-redirector)
endif()
if(NOT WFPCERT_TARGETS)
  set(WFPCERT_TARGETS ioctl)
endif()
if(NOT WFPCERT_SECONDS)
  set(WFPCERT_SECONDS 30)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/skip-or-fail.cmake)

# libFuzzer is clang's (-fsanitize=fuzzer); a clang without its runtime cannot link a fuzzer.
find_program(CLANG clang)
set(probe ${WFPCERT_DIR}/probe)
file(MAKE_DIRECTORY ${probe})
file(WRITE ${probe}/probe.c "int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n")
set(rc 1)
if(CLANG)
  execute_process(COMMAND ${CLANG} -fsanitize=fuzzer,address ${probe}/probe.c -o ${probe}/probe RESULT_VARIABLE rc
                  OUTPUT_QUIET ERROR_QUIET)
endif()
if(NOT rc EQUAL 0)
  wfpcert_skip_or_fail(fuzz-campaign "clang with libFuzzer is not installed (sh tools/bootstrap.sh deps base)")
endif()

set(tree ${WFPCERT_DIR}/tree)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WFPCERT_SOURCE_DIR} --preset libfuzzer -B ${tree} -DWFPCERT_TESTS=OFF
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz-campaign: configuring the libfuzzer preset in ${tree} failed:\n${log}")
endif()
string(REPLACE "," ";" targets "${WFPCERT_TARGETS}")
set(bins wfpcert ${WFPCERT_DRIVERS} ${WFPCERT_PROXIES})
foreach(t ${targets})
  list(APPEND bins fuzz-${t})
endforeach()
if(WFPCERT_PROXIES OR WFPCERT_PROXY_MODULES)
  list(APPEND bins fuzz-proxy)
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${tree} --parallel 2 --target ${bins}
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz-campaign: building ${bins} failed:\n${log}")
endif()

# One campaign: `wfpcert fuzz --callout` with the module as the callout of every world, or
# (kind proxy) `wfpcert fuzz --proxy` with the module as the proxy of the proxy target.
function(campaign driver module)
  set(kind callout)
  set(targets_of_kind ${WFPCERT_TARGETS})
  set(loaded "callout driver ${driver} [(].*[)] loaded from")
  if(ARGV2 STREQUAL "proxy")
    set(kind proxy)
    set(targets_of_kind proxy)
    set(loaded "proxy ${driver} loaded from")
  endif()
  set(work ${WFPCERT_DIR}/${driver})
  file(REMOVE_RECURSE ${work})
  file(MAKE_DIRECTORY ${work})
  execute_process(COMMAND ${tree}/tools/wfpcert/wfpcert fuzz --${kind} ${module} --seconds ${WFPCERT_SECONDS}
                          --targets ${targets_of_kind} --bin-dir ${tree}/harness --no-fast-lane --no-file
                          --corpus ${WFPCERT_SOURCE_DIR}/corpus --state ${work}/state --reports ${work}/reports
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  file(WRITE ${work}/campaign.log "${out}\n${err}")
  message("fuzz-campaign: ${driver}:\n${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fuzz-campaign: wfpcert fuzz --${kind} ${driver}.so exited with ${rc} "
                        "(0 is no finding; log: ${work}/campaign.log):\n${out}\n${err}")
  endif()
  if(NOT out MATCHES "\n  [1-9][0-9]* runs")
    message(FATAL_ERROR "fuzz-campaign: wfpcert fuzz --${kind} ${driver}.so ran no input:\n${out}\n${err}")
  endif()
  if(NOT err MATCHES "${loaded}")
    message(FATAL_ERROR "fuzz-campaign: wfpcert did not say it loaded ${driver}:\n${err}")
  endif()
endfunction()

foreach(driver ${WFPCERT_DRIVERS})
  file(GLOB_RECURSE module ${tree}/examples/${driver}.so)
  if(NOT module)
    message(FATAL_ERROR "fuzz-campaign: ${driver}.so was not built under ${tree}/examples")
  endif()
  campaign(${driver} ${module})
endforeach()
foreach(module ${WFPCERT_MODULES})
  if(NOT EXISTS ${module})
    message(FATAL_ERROR "fuzz-campaign: WFPCERT_MODULES names ${module}, which does not exist")
  endif()
  get_filename_component(driver ${module} NAME_WE)
  campaign(${driver} ${module})
endforeach()
foreach(proxy ${WFPCERT_PROXIES})
  file(GLOB_RECURSE module ${tree}/examples/${proxy}.so)
  if(NOT module)
    message(FATAL_ERROR "fuzz-campaign: ${proxy}.so was not built under ${tree}/examples")
  endif()
  campaign(${proxy} ${module} proxy)
endforeach()
foreach(module ${WFPCERT_PROXY_MODULES})
  if(NOT EXISTS ${module})
    message(FATAL_ERROR "fuzz-campaign: WFPCERT_PROXY_MODULES names ${module}, which does not exist")
  endif()
  get_filename_component(proxy ${module} NAME_WE)
  campaign(${proxy} ${module} proxy)
endforeach()
