# readme-figures.cmake: the figures README.md gives for the catalogue as it stands (how many
# cases certify runs, how many of them windows.wine_run runs) are the catalogue's own counts, so
# the first page a user reads cannot fall behind the catalogue (it had: 675 under wine, when the
# subset held 708).  Dated figures elsewhere ("1,442 cases on 661ac83") are history and stay.
#   cmake -DWFPCERT=<wfpcert> -DREADME=<README.md> "-DSUBSET=--match;GLOB;..." -P readme-figures.cmake
function(count_cases out)
  execute_process(COMMAND ${WFPCERT} conform --list ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE listing)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wfpcert conform --list ${ARGN} exited ${rc}")
  endif()
  string(REGEX MATCHALL "[^\n]+" lines "${listing}")
  list(LENGTH lines n)
  if(n EQUAL 0)
    message(FATAL_ERROR "wfpcert conform --list ${ARGN} listed nothing")
  endif()
  # as the prose writes it: 1,503
  if(n GREATER_EQUAL 1000)
    math(EXPR thousands "${n} / 1000")
    math(EXPR rest "${n} % 1000 + 1000")
    string(SUBSTRING "${rest}" 1 3 rest)
    set(n "${thousands},${rest}")
  endif()
  set(${out} "${n}" PARENT_SCOPE)
endfunction()

count_cases(all)
count_cases(wine ${SUBSET})
file(READ ${README} readme)
set(failed "")
foreach(want "catalogue (${all} cases," "`windows.wine_run`, ${wine} of the cases")
  string(FIND "${readme}" "${want}" at)
  if(at EQUAL -1)
    string(APPEND failed "\n  README.md does not say \"${want}\"")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "README.md's figures are not the catalogue's (${all} cases, ${wine} under wine):${failed}")
endif()
message(STATUS "README.md: ${all} cases, ${wine} of them under wine, as the catalogue lists")
