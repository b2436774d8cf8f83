# Installs the embedded Winsock + WFP model so that vendors can build their own proxy code
# against it out of tree:
#
#   find_package(wfpcert REQUIRED)
#   target_link_libraries(my_proxy PRIVATE wfpcert::model)        # or wfpcert::model_shared
#
# Included at the END of the top-level CMakeLists.txt, after every target exists.  The
# targets themselves are defined in driver-stub/CMakeLists.txt; this file only exports them,
# each guarded with if(TARGET), since a build may leave some out (the model is not built on
# Windows).
# It also registers the ctest test `install_out_of_tree_example` (cmake/example-test.cmake),
# which proves the installed package is usable by a separate project.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WFPCERT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/wfpcert"
    CACHE STRING "Where wfpcertConfig.cmake is installed, relative to the install prefix")

# The public headers: everything out-of-tree code may include.  winsock.h and target.h for
# proxies and harnesses; crt.h for the C runtime's calls the sdk/ headers bring in;
# target_model.h for a harness that loads a vendor's driver into the model; wdk/ for the
# vendor's callout driver itself (it puts include/wfpcert/wdk on its include path and keeps its
# own `#include <ntddk.h>`, `<fwpsk.h>`, `<fwpmk.h>` lines).
install(FILES "${PROJECT_SOURCE_DIR}/include/wfpcert/winsock.h"
              "${PROJECT_SOURCE_DIR}/include/wfpcert/target.h"
              "${PROJECT_SOURCE_DIR}/include/wfpcert/target_model.h"
              "${PROJECT_SOURCE_DIR}/include/wfpcert/proxy.h"
              "${PROJECT_SOURCE_DIR}/include/wfpcert/sal.h"
              "${PROJECT_SOURCE_DIR}/include/wfpcert/crt.h"
              "${PROJECT_SOURCE_DIR}/include/wfpcert/iphlpapi.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/wfpcert"
        COMPONENT Development)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/wfpcert/wdk/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/wfpcert/wdk"
        COMPONENT Development
        FILES_MATCHING PATTERN "*.h")
# sdk/: the Windows SDK header names a program includes, for its unchanged sources on Linux.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/wfpcert/sdk/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/wfpcert/sdk"
        COMPONENT Development
        FILES_MATCHING PATTERN "*.h")

# In-tree target name -> name after the wfpcert:: namespace.
set(_wfpcert_exports "")
foreach(_pair IN ITEMS "wfpcert_model=model" "wfpcert_model_shared=model_shared")
  string(REPLACE "=" ";" _pair "${_pair}")
  list(GET _pair 0 _target)
  list(GET _pair 1 _export_name)
  if(NOT TARGET ${_target})
    continue()
  endif()
  set_target_properties(${_target} PROPERTIES EXPORT_NAME ${_export_name})

  # An exported target must not point consumers into this source or build tree.  A plain
  # absolute include path (target_include_directories(... PUBLIC ${PROJECT_SOURCE_DIR}/include))
  # would make install(EXPORT) fail at generate time; wrapping it in $<BUILD_INTERFACE:> keeps
  # the in-tree build identical, and INCLUDES DESTINATION below supplies the installed path.
  get_target_property(_dirs ${_target} INTERFACE_INCLUDE_DIRECTORIES)
  if(_dirs)
    set(_fixed "")
    foreach(_dir IN LISTS _dirs)
      set(_in_tree FALSE)
      if(IS_ABSOLUTE "${_dir}")
        cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${_dir}" NORMALIZE _in_src)
        cmake_path(IS_PREFIX PROJECT_BINARY_DIR "${_dir}" NORMALIZE _in_bin)
        if(_in_src OR _in_bin)
          set(_in_tree TRUE)
        endif()
      endif()
      if(_in_tree)
        list(APPEND _fixed "$<BUILD_INTERFACE:${_dir}>")
      else()
        list(APPEND _fixed "${_dir}")
      endif()
    endforeach()
    set_target_properties(${_target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_fixed}")
  endif()
  list(APPEND _wfpcert_exports ${_target})
endforeach()

if(NOT _wfpcert_exports)
  message(STATUS "wfpcert: no wfpcert_model target yet; installing headers only, no package")
  return()
endif()

install(TARGETS ${_wfpcert_exports}
        EXPORT wfpcertTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Development
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Runtime
                NAMELINK_COMPONENT Development
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT wfpcertTargets
        NAMESPACE wfpcert::
        FILE wfpcertTargets.cmake
        DESTINATION "${WFPCERT_INSTALL_CMAKEDIR}"
        COMPONENT Development)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/wfpcertConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/wfpcertConfig.cmake"
  INSTALL_DESTINATION "${WFPCERT_INSTALL_CMAKEDIR}")
# 0.x releases may change the model's interface with every minor version, so a consumer that
# asks for 0.1 must not silently get 0.2.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/wfpcertConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/cmake/wfpcertConfig.cmake"
              "${PROJECT_BINARY_DIR}/cmake/wfpcertConfigVersion.cmake"
              "${CMAKE_CURRENT_LIST_DIR}/wfpcert-callout.cmake"
              "${CMAKE_CURRENT_LIST_DIR}/wfpcert-proxy.cmake"
        DESTINATION "${WFPCERT_INSTALL_CMAKEDIR}"
        COMPONENT Development)

# The proof that the package works: install this build into a scratch prefix and build and run
# docs/example-out-of-tree against it.  Not when cross-compiling: the example could not run
# here (and it links the Linux model).
if(BUILD_TESTING AND TARGET wfpcert_model AND NOT CMAKE_CROSSCOMPILING)
  wfpcert_test(NAME install_out_of_tree_example
               COMMAND "${CMAKE_COMMAND}"
                       "-DWFPCERT_BUILD_DIR=${PROJECT_BINARY_DIR}"
                       "-DWFPCERT_CONFIG=$<CONFIG>"
                       "-DWFPCERT_EXAMPLE_DIR=${PROJECT_SOURCE_DIR}/docs/example-out-of-tree"
                       "-DWFPCERT_WORK_DIR=${PROJECT_BINARY_DIR}/install-test"
                       "-DWFPCERT_GENERATOR=${CMAKE_GENERATOR}"
                       "-DWFPCERT_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}"
                       "-DWFPCERT_C_COMPILER=${CMAKE_C_COMPILER}"
                       # The example must be compiled like the installed library (sanitizer
                       # runtimes, for one), or it cannot link against it.
                       "-DWFPCERT_C_FLAGS=${CMAKE_C_FLAGS}"
                       "-DWFPCERT_EXE_LINKER_FLAGS=${CMAKE_EXE_LINKER_FLAGS}"
                       -P "${CMAKE_CURRENT_LIST_DIR}/example-test.cmake"
               LABELS "install" TIMEOUT 600)
endif()
