# no-escapes.cmake: runs a command on a pseudo-terminal (util-linux `script`) with one
# environment setting and requires output without terminal escape codes (NO_COLOR, TERM=dumb),
# and, as a control, that the same command without the setting does write them: a test that
# could not see escape codes at all would prove nothing.
#   cmake -DCMD="prog args" -DENVSET=NAME=VALUE -P no-escapes.cmake
find_program(script_path script)
if(NOT script_path)
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "script (util-linux) is not installed, and CI=true")
  endif()
  message("SKIP: script (util-linux) is not installed")
  return()
endif()
string(ASCII 27 esc)
execute_process(COMMAND env -u NO_COLOR -u CI TERM=xterm ${script_path} -qec "${CMD}" /dev/null
                OUTPUT_VARIABLE control ERROR_VARIABLE control_err)
if(NOT control MATCHES "${esc}")
  message(FATAL_ERROR "control run without ${ENVSET} wrote no escape code; the check would prove nothing:\n${control}")
endif()
execute_process(COMMAND env -u NO_COLOR -u CI TERM=xterm ${ENVSET} ${script_path} -qec "${CMD}" /dev/null
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(out MATCHES "${esc}")
  message(FATAL_ERROR "with ${ENVSET} the output still holds escape codes:\n${out}")
endif()
