# Cross-compiling wfpcert for Windows x64 with Debian's mingw-w64 (package group 'windows':
# sh tools/bootstrap.sh deps windows).  Used by the 'mingw' preset in CMakePresets.json and by
# cmake/wine-run.cmake.  The build uses the SDK headers as mingw-w64 ships them; what they lack
# (the SIO_*_WFP_* codes) comes from include/wfpcert/winsock.h, nowhere else.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(WFPCERT_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${WFPCERT_MINGW_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${WFPCERT_MINGW_TRIPLE}-g++)
set(CMAKE_RC_COMPILER ${WFPCERT_MINGW_TRIPLE}-windres)

# C99 printf (%zu, %lld) instead of msvcrt's; Windows 10 APIs visible (CancelSynchronousIo,
# TokenElevation, ...).  Link the GCC runtime statically so the .exe files run on a vendor's
# machine, or under wine, without mingw DLLs next to them.
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1 -D_WIN32_WINNT=0x0A00")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Look for libraries and headers only in the mingw sysroot, never in the Linux host's /usr,
# but keep finding host programs (wine, scripts) on the host.
set(CMAKE_FIND_ROOT_PATH /usr/${WFPCERT_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Let ctest run the .exe test programs under wine when it is installed, so the Windows leg can
# run the same tests on Linux: quietly, and in a wine prefix of the build tree's own (never the
# user's ~/.wine).  Without wine the build still works; those tests are then disabled.
find_program(WFPCERT_WINE NAMES wine wine64)
if(WFPCERT_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_COMMAND} -E env WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix
      WINEDEBUG=-all ${WFPCERT_WINE})
endif()
