# ctest test `vendor.install_out_of_tree_callout` (examples/vendor-callout/CMakeLists.txt): a
# vendor builds its driver (and, given WFPCERT_PROXY_DIR, its redirect service) from its own
# project against an
# installed wfpcert, with nothing but find_package(wfpcert), wfpcert_add_callout() and
# wfpcert_add_proxy(); certify passes the driver and the chains (a-b, three, three on the os
# transport) pass the proxy.
#
#   cmake -DWFPCERT_BUILD_DIR=... -DWFPCERT_WFPCERT=path/to/wfpcert -DWFPCERT_DRIVER_DIR=...
#         -DWFPCERT_WORK_DIR=... [-DWFPCERT_PROXY_DIR=...] [-DWFPCERT_C_COMPILER=...]
#         [-DWFPCERT_C_FLAGS=...] -P cmake/vendor-install-test.cmake
#
# Proves the package installs the WDK-shaped headers, wfpcert/proxy.h and the CMake functions,
# and that modules built from them load into the wfpcert that runs them.
foreach(_required WFPCERT_BUILD_DIR WFPCERT_WFPCERT WFPCERT_DRIVER_DIR WFPCERT_WORK_DIR)
  if(NOT DEFINED ${_required} OR "${${_required}}" STREQUAL "")
    message(FATAL_ERROR "vendor-install-test.cmake: -D${_required}=... is required")
  endif()
endforeach()
set(_prefix "${WFPCERT_WORK_DIR}/prefix")
set(_project "${WFPCERT_WORK_DIR}/vendor-project")
file(REMOVE_RECURSE "${WFPCERT_WORK_DIR}")
file(MAKE_DIRECTORY "${_project}")

include("${CMAKE_CURRENT_LIST_DIR}/run-step.cmake")
set(_test vendor.install_out_of_tree_callout)
set(_proxy_lines "")
if(WFPCERT_PROXY_DIR)
  set(_proxy_lines "wfpcert_add_proxy(vendor-proxy SOURCES \"${WFPCERT_PROXY_DIR}/proxy.c\")\n")
endif()
macro(_step what)
  wfpcert_run_step(${_test} "${what}" ${ARGN})
endmacro()

# The vendor's own project: its sources where they are, the package from the prefix only.
file(WRITE "${_project}/CMakeLists.txt" "cmake_minimum_required(VERSION 3.20)
project(vendor_driver C)
find_package(wfpcert REQUIRED)
wfpcert_add_callout(vendor-driver
  SOURCES \"${WFPCERT_DRIVER_DIR}/driver.c\" \"${WFPCERT_DRIVER_DIR}/classify.c\"
  CONFIG \"${WFPCERT_DRIVER_DIR}/vendor.conf\"
  DEFINITIONS EXAMPLE_PROXY_PID=4242)
${_proxy_lines}")
_step("install ${WFPCERT_BUILD_DIR} into ${_prefix}" "${CMAKE_COMMAND}" --install "${WFPCERT_BUILD_DIR}" --prefix "${_prefix}")
set(_args -S "${_project}" -B "${_project}/build" "-DCMAKE_PREFIX_PATH=${_prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
          "-DCMAKE_C_FLAGS=${WFPCERT_C_FLAGS}")
if(WFPCERT_C_COMPILER)
  list(APPEND _args "-DCMAKE_C_COMPILER=${WFPCERT_C_COMPILER}")
endif()
_step("configure the vendor's project" "${CMAKE_COMMAND}" ${_args})
_step("build the driver module (and the proxy)" "${CMAKE_COMMAND}" --build "${_project}/build")
_step("certify it" "${WFPCERT_WFPCERT}" certify --plain --no-report --callout "${_project}/build/vendor-driver.so")
if(WFPCERT_PROXY_DIR)
  set(_proxy "${_project}/build/vendor-proxy.so")
  _step("chain a-b through the proxy" "${WFPCERT_WFPCERT}" chain --quiet --topology a-b --flows 32 --proxy "${_proxy}")
  _step("chain three through the proxy" "${WFPCERT_WFPCERT}" chain --quiet --topology three --flows 32 --proxy "${_proxy}")
  _step("chain three on the os transport" "${WFPCERT_WFPCERT}" chain --quiet --topology three --flows 32
        --transport os --proxy "${_proxy}")
endif()
