# Cross-compiling wfpcert for Windows x64 with Debian's mingw-w64 (package group 'windows':
# sh tools/bootstrap.sh deps windows).  Used by the 'mingw' preset in CMakePresets.json.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(WFPCERT_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${WFPCERT_MINGW_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${WFPCERT_MINGW_TRIPLE}-g++)
set(CMAKE_RC_COMPILER ${WFPCERT_MINGW_TRIPLE}-windres)

# Look for libraries and headers only in the mingw sysroot, never in the Linux host's /usr,
# but keep finding host programs (wine, scripts) on the host.
set(CMAKE_FIND_ROOT_PATH /usr/${WFPCERT_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Let ctest run the .exe test programs under wine when it is installed, so the Windows leg can
# run the same tests on Linux.  Without wine the build still works; the tests cannot run.
find_program(WFPCERT_WINE NAMES wine wine64)
if(WFPCERT_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${WFPCERT_WINE})
endif()
