# wfpcert_test(): the one way a test is registered in this tree, so that every folder names its
# tests' properties the same way and one place can change what every test gets.
#
#   wfpcert_test(NAME <name> COMMAND <command> [<arg>...]
#                [LABELS <label>...] [TIMEOUT <seconds>] [WORKING_DIRECTORY <dir>]
#                [ENVIRONMENT <var=value>...] [DEPENDS <test>...]
#                [FIXTURES_SETUP <fixture>...] [FIXTURES_REQUIRED <fixture>...]
#                [SKIP_REGULAR_EXPRESSION <regex>] [FAIL_REGULAR_EXPRESSION <regex>]
#                [SKIP_RETURN_CODE <code>] [DISABLED <bool>] [WILL_FAIL] [RUN_SERIAL])
#
# A property is set only when given, so a test has exactly the properties its call names
# (ctest's own defaults otherwise: no timeout but the global one, no labels).  The labels in
# use are in docs/HACKING.md (fuzz, install, slow, nightly).  Sanitizer options come from the
# presets' test environment (CMakePresets.json), not from here.  A folder may wrap this in a
# function of its own (proxies_test, wfpcert_usage_test) only to build the command.
function(wfpcert_test)
  # Parsed by hand rather than with cmake_parse_arguments: a one-value keyword takes the next
  # argument as it is, so that FAIL_REGULAR_EXPRESSION "TIMEOUT" is a regex, not a keyword, and
  # a command argument holding ';' stays one argument.
  set(opts WILL_FAIL RUN_SERIAL)
  set(one NAME TIMEOUT WORKING_DIRECTORY SKIP_REGULAR_EXPRESSION FAIL_REGULAR_EXPRESSION SKIP_RETURN_CODE DISABLED)
  set(multi COMMAND LABELS ENVIRONMENT DEPENDS FIXTURES_SETUP FIXTURES_REQUIRED)
  foreach(k IN LISTS opts one multi)
    unset(T_${k})
  endforeach()
  set(mode "")
  set(i 0)
  while(i LESS ARGC)
    set(a "${ARGV${i}}")
    if(a IN_LIST opts)
      set(T_${a} TRUE)
      set(mode "")
    elseif(a IN_LIST one)
      math(EXPR i "${i} + 1")
      if(NOT i LESS ARGC)
        message(FATAL_ERROR "wfpcert_test(${T_NAME}): ${a} needs a value")
      endif()
      set(T_${a} "${ARGV${i}}")
      set(mode "")
    elseif(a IN_LIST multi)
      set(mode ${a})
      set(T_${a} "")
    elseif(mode)
      string(REPLACE ";" "\\;" a "${a}")
      list(APPEND T_${mode} "${a}")
    else()
      message(FATAL_ERROR "wfpcert_test(${T_NAME}): unexpected argument '${a}'")
    endif()
    math(EXPR i "${i} + 1")
  endwhile()
  if(NOT T_NAME OR NOT T_COMMAND)
    message(FATAL_ERROR "wfpcert_test: NAME and COMMAND are required (got NAME '${T_NAME}')")
  endif()
  set(wd)
  if(DEFINED T_WORKING_DIRECTORY)
    set(wd WORKING_DIRECTORY ${T_WORKING_DIRECTORY})
  endif()
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND} ${wd})
  # One call a property: a list value (LABELS a b) stays one value.
  foreach(p TIMEOUT SKIP_REGULAR_EXPRESSION FAIL_REGULAR_EXPRESSION SKIP_RETURN_CODE LABELS ENVIRONMENT DEPENDS
            FIXTURES_SETUP FIXTURES_REQUIRED)
    if(DEFINED T_${p})
      set_tests_properties(${T_NAME} PROPERTIES ${p} "${T_${p}}")
    endif()
  endforeach()
  foreach(p WILL_FAIL RUN_SERIAL DISABLED)
    if(T_${p})
      set_tests_properties(${T_NAME} PROPERTIES ${p} TRUE)
    endif()
  endforeach()
endfunction()
