# run-tool.cmake: runs a test that needs an outside tool (xmllint, ...).  The test is always
# registered; when the tool is missing it prints "SKIP: ..." (tests set that as their
# SKIP_REGULAR_EXPRESSION) or, with CI=true, fails: the test command installs every tool,
# so a skip in CI would hide a broken set-up.
#   cmake -DTOOL=xmllint "-DARGS=a;b" [-DEXPECT_FAIL=1] -P run-tool.cmake
find_program(tool_path ${TOOL})
if(NOT tool_path)
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "${TOOL} is not installed, and CI=true (sh tools/bootstrap.sh test installs it)")
  endif()
  message("SKIP: ${TOOL} is not installed (sh tools/bootstrap.sh deps base)")
  return()
endif()
execute_process(COMMAND ${tool_path} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT_FAIL)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${TOOL} ${ARGS} accepted what it must reject:\n${out}${err}")
  endif()
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "${TOOL} ${ARGS} failed (${rc}):\n${out}${err}")
endif()
