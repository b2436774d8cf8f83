# wfpcert-proxy.cmake: wfpcert_add_proxy(), which builds a vendor's redirect service from its
# own, unchanged sources into a module `wfpcert chain --proxy MODULE` runs as every chain
# vendor's TCP proxy (docs/VENDOR-DRIVER.md, section 5).
#
#   wfpcert_add_proxy(NAME
#     SOURCES service.c relay.c ...          # the service's sources, as they build for Windows
#     [DEFINITIONS NAME=VALUE ...]           # build flags, as the service's project has them
#     [INCLUDE_DIRECTORIES dir ...])         # the service's own include folders
#
# The sources include <wfpcert/winsock.h> (on Windows: the SDK's winsock2.h, mswsock.h, ...)
# and export the three entry points of <wfpcert/proxy.h>.  The module links nothing: its
# Winsock calls resolve against the wfpcert executable that loads it, so the service runs in
# the chain's model world.  Included by the wfpcert tree and by wfpcertConfig.cmake
# (find_package(wfpcert)), which set WFPCERT_INCLUDE_DIR.
include_guard(GLOBAL)

function(wfpcert_add_proxy name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEFINITIONS;INCLUDE_DIRECTORIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "wfpcert_add_proxy(${name}): SOURCES is required")
  endif()
  if(NOT WFPCERT_INCLUDE_DIR)
    message(FATAL_ERROR "wfpcert_add_proxy(${name}): WFPCERT_INCLUDE_DIR is not set (use find_package(wfpcert))")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES PREFIX "" C_STANDARD 11 C_VISIBILITY_PRESET default)
  # The service's own `#include <winsock2.h>` lines resolve to wfpcert/sdk (the model's names).
  target_include_directories(${name} BEFORE PRIVATE "${WFPCERT_INCLUDE_DIR}" "${WFPCERT_INCLUDE_DIR}/wfpcert/sdk"
                             ${ARG_INCLUDE_DIRECTORIES})
  target_compile_definitions(${name} PRIVATE ${ARG_DEFINITIONS})
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    # A Winsock name the model lacks must stop the build, not become an implicit declaration.
    target_compile_options(${name} PRIVATE -Werror=implicit-function-declaration -Werror=incompatible-pointer-types)
  endif()
endfunction()
