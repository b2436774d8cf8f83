# ctest test `install_out_of_tree_example` (registered in cmake/install.cmake): proves that an
# installed wfpcert is usable the way a vendor uses it, from a separate project that only knows
# the install prefix.  Run as a script:
#
#   cmake -DWFPCERT_BUILD_DIR=... -DWFPCERT_EXAMPLE_DIR=... -DWFPCERT_WORK_DIR=... \
#         [-DWFPCERT_CONFIG=Debug] [-DWFPCERT_GENERATOR=...] [-DWFPCERT_MAKE_PROGRAM=...] \
#         [-DWFPCERT_C_COMPILER=...] [-DWFPCERT_C_FLAGS=...] [-DWFPCERT_EXE_LINKER_FLAGS=...] \
#         -P cmake/example-test.cmake
#
# Steps: cmake --install the build into WORK_DIR/prefix; configure and build the example with
# CMAKE_PREFIX_PATH=WORK_DIR/prefix; check find_package took the package from that prefix (and
# not from some copy installed on the machine); run the example.
if(NOT CMAKE_SCRIPT_MODE_FILE)
  # include()d by mistake: this file does its work only under cmake -P.
  message(AUTHOR_WARNING "cmake/example-test.cmake is a 'cmake -P' script; "
                         "cmake/install.cmake registers it as a test. Not including it.")
  return()
endif()

foreach(_required WFPCERT_BUILD_DIR WFPCERT_EXAMPLE_DIR WFPCERT_WORK_DIR)
  if(NOT DEFINED ${_required} OR "${${_required}}" STREQUAL "")
    message(FATAL_ERROR "example-test.cmake: -D${_required}=... is required")
  endif()
endforeach()

set(_prefix "${WFPCERT_WORK_DIR}/prefix")
set(_build "${WFPCERT_WORK_DIR}/example-build")
# Start from nothing, so a stale prefix or cache from an earlier run cannot make it pass.
file(REMOVE_RECURSE "${WFPCERT_WORK_DIR}")
file(MAKE_DIRECTORY "${WFPCERT_WORK_DIR}")

include("${CMAKE_CURRENT_LIST_DIR}/run-step.cmake")
macro(_step what)
  wfpcert_run_step(install_out_of_tree_example "${what}" ${ARGN})
endmacro()

set(_config_args "")
if(WFPCERT_CONFIG)
  set(_config_args --config "${WFPCERT_CONFIG}")
endif()

_step("install ${WFPCERT_BUILD_DIR} into ${_prefix}"
      "${CMAKE_COMMAND}" --install "${WFPCERT_BUILD_DIR}" --prefix "${_prefix}" ${_config_args})

set(_configure_args
    -S "${WFPCERT_EXAMPLE_DIR}" -B "${_build}"
    "-DCMAKE_PREFIX_PATH=${_prefix}"
    # Only the scratch prefix may satisfy find_package: no user package registry.
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    "-DCMAKE_C_FLAGS=${WFPCERT_C_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${WFPCERT_EXE_LINKER_FLAGS}")
if(WFPCERT_GENERATOR)
  list(APPEND _configure_args -G "${WFPCERT_GENERATOR}")
endif()
if(WFPCERT_MAKE_PROGRAM)
  list(APPEND _configure_args "-DCMAKE_MAKE_PROGRAM=${WFPCERT_MAKE_PROGRAM}")
endif()
if(WFPCERT_C_COMPILER)
  list(APPEND _configure_args "-DCMAKE_C_COMPILER=${WFPCERT_C_COMPILER}")
endif()
if(WFPCERT_CONFIG)
  list(APPEND _configure_args "-DCMAKE_BUILD_TYPE=${WFPCERT_CONFIG}")
endif()
_step("configure the example against ${_prefix}" "${CMAKE_COMMAND}" ${_configure_args})

# find_package searches CMAKE_PREFIX_PATH first, but make sure: a wfpcert already installed in
# /usr/local would otherwise let this test pass without testing this build's package.
file(STRINGS "${_build}/CMakeCache.txt" _dir_line REGEX "^wfpcert_DIR:")
string(REGEX REPLACE "^wfpcert_DIR:[A-Z]+=" "" _found_dir "${_dir_line}")
cmake_path(IS_PREFIX _prefix "${_found_dir}" NORMALIZE _from_prefix)
if(NOT _from_prefix)
  message(FATAL_ERROR "install_out_of_tree_example: FAILED: find_package(wfpcert) used "
                      "'${_found_dir}', not the package installed into ${_prefix}")
endif()

_step("build the example" "${CMAKE_COMMAND}" --build "${_build}" ${_config_args})

# Single-config generators put a program in the build folder, multi-config ones in a
# per-configuration subfolder.  Both programs run: the proxy check (wfpcert/winsock.h) and the
# SDK check (the installed include/wfpcert/sdk headers, as an unchanged Windows program sees them).
foreach(_program wfpcert_example_proxy wfpcert_example_sdk)
  set(_exe "")
  foreach(_candidate "${_build}/${_program}" "${_build}/${WFPCERT_CONFIG}/${_program}" "${_build}/${_program}.exe"
                     "${_build}/${WFPCERT_CONFIG}/${_program}.exe")
    if(EXISTS "${_candidate}" AND NOT IS_DIRECTORY "${_candidate}")
      set(_exe "${_candidate}")
      break()
    endif()
  endforeach()
  if(NOT _exe)
    message(FATAL_ERROR "install_out_of_tree_example: FAILED: the build produced no "
                        "${_program} program under ${_build}")
  endif()
  _step("run ${_exe}" "${_exe}")
endforeach()
message(STATUS "install_out_of_tree_example: PASS")
