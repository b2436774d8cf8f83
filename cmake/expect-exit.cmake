# expect-exit.cmake: runs one command and requires its exit status and a message on stderr.
# A regex alone would also match a sanitizer's report of a crash; the status cannot lie.
#   cmake -DCMD="prog;arg;..." -DWANT_RC=2 [-DWANT_ERR=regex] [-DWANT_OUT=regex] [-DWORKDIR=dir]
#         -P expect-exit.cmake
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
if(err MATCHES "Sanitizer|runtime error")
  message(FATAL_ERROR "${CMD}: a sanitizer spoke:\n${err}")
endif()
