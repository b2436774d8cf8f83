# skip-or-fail.cmake: what a check script does when a tool it needs is missing.  On a
# developer's machine the check is skipped ("<prefix>: SKIP: <why>", which the ctest entry
# takes as its SKIP_REGULAR_EXPRESSION); under CI=true it fails, because the test command
# installs every tool and a skip there would hide a broken set-up (the rule of run-tool.cmake).
#   include(.../cmake/skip-or-fail.cmake)
#   wfpcert_skip_or_fail(my-check "gcc is not installed (sh tools/bootstrap.sh deps base)")
# A macro, so that its return() ends the calling script.
macro(wfpcert_skip_or_fail prefix why)
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "${prefix}: ${why}; CI=true, so this is a failure, not a skip")
  endif()
  message("${prefix}: SKIP: ${why}")
  return()
endmacro()
