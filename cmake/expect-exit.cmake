# expect-exit.cmake: runs one command and requires its exit status and a message on stderr.
# A regex alone would also match a sanitizer's report of a crash; the status cannot lie.
#   cmake -DCMD="prog;arg;..." -DWANT_RC=2 [-DWANT_ERR=regex] [-DWANT_OUT=regex] [-DWORKDIR=dir]
#         [-DWANT_OUT_FILE=file [-DREGENERATE=text]] -P expect-exit.cmake
# WANT_OUT_FILE: stdout must be that file byte for byte (a reviewed listing); on a difference
# the output is written next to the build and REGENERATE says how to accept it.
if(NOT WORKDIR)
  set(WORKDIR .)
endif()
execute_process(COMMAND ${CMD} WORKING_DIRECTORY ${WORKDIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL WANT_RC)
  message(FATAL_ERROR "${CMD}: exit status ${rc}, expected ${WANT_RC}\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED WANT_ERR AND NOT err MATCHES "${WANT_ERR}")
  message(FATAL_ERROR "${CMD}: stderr does not match '${WANT_ERR}':\n${err}")
endif()
if(DEFINED WANT_OUT AND NOT out MATCHES "${WANT_OUT}")
  message(FATAL_ERROR "${CMD}: stdout does not match '${WANT_OUT}':\n${out}")
endif()
if(DEFINED WANT_OUT_FILE)
  file(READ ${WANT_OUT_FILE} want)
  if(NOT out STREQUAL want)
    get_filename_component(_name ${WANT_OUT_FILE} NAME)
    set(_got ${CMAKE_CURRENT_BINARY_DIR}/${_name}.actual)
    file(WRITE ${_got} "${out}")
    message(FATAL_ERROR "${CMD}: stdout differs from ${WANT_OUT_FILE}\n"
                        "see: diff -u ${WANT_OUT_FILE} ${_got}\n${REGENERATE}")
  endif()
endif()
if(err MATCHES "Sanitizer|runtime error")
  message(FATAL_ERROR "${CMD}: a sanitizer spoke:\n${err}")
endif()
