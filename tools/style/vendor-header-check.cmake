# vendor-header-check.cmake: include/wfpcert/target.h is the vendor's header: it must compile on
# its own, and it must declare none of the model's hooks, which live in target_model.h
# (docs/HACKING.md, "Who may include whom").  Every wt_ function that target_model.h declares is
# tried with target.h alone, and each try must fail to compile; a header that gained one of
# them back would let a vendor's code depend on the model without saying so.
#
#   cmake -DROOT=<source dir> -DCC=<C compiler> -DWORK=<scratch dir> -P vendor-header-check.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY "${WORK}")
set(flags -std=c11 -fsyntax-only -Werror=implicit-function-declaration "-I${ROOT}/include")

# 1. The vendor's calls compile with target.h alone.
file(WRITE "${WORK}/vendor_only.c" [=[
#include "wfpcert/target.h"
int vendor_only(void) {
    wt_target *t;
    if (wt_open("model", &t)) return 1;
    wt_callout_policy p;
    wt_callout_policy_init(&p, 'A', 50000);
    wt_tcp_flow f;
    int r = wt_add_callout(t, &p) || wt_tcp_redirected(t, AF_INET, 0, &f);
    (void)wt_guarded_buffer(t, 16);
    wt_close(t);
    return r;
}
]=])
execute_process(COMMAND ${CC} ${flags} -c "${WORK}/vendor_only.c" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "vendor-header-check: target.h alone does not compile a vendor's calls:\n${err}")
endif()

# 2. No model hook is visible through it.
file(READ "${ROOT}/include/wfpcert/target_model.h" model)
string(REGEX MATCHALL "[ *](wt_[a-z_]+)\\(" decls "${model}")
set(names "")
foreach(d ${decls})
  string(REGEX REPLACE "^[ *](wt_[a-z_]+)\\($" "\\1" n "${d}")
  list(APPEND names ${n})
endforeach()
list(REMOVE_DUPLICATES names)
list(LENGTH names count)
if(count LESS 10)
  message(FATAL_ERROR "vendor-header-check: found only ${count} functions in target_model.h: ${names}")
endif()
set(leaked "")
foreach(n ${names})
  file(WRITE "${WORK}/try_${n}.c" "#include \"wfpcert/target.h\"\nvoid *probe(void) { return (void *)&${n}; }\n")
  execute_process(COMMAND ${CC} ${flags} -c "${WORK}/try_${n}.c" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    list(APPEND leaked ${n})
  endif()
endforeach()
if(leaked)
  message(FATAL_ERROR "vendor-header-check: target.h declares model hooks: ${leaked}")
endif()
message("vendor-header-check: target.h compiles alone and declares none of the ${count} model hooks")
