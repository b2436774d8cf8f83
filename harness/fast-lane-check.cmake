# fast-lane-check.cmake: `wfpcert fuzz` files nothing its fast lane (libFuzzer without ASan)
# found unless the ASan build fails on it too.  A stand-in fast lane reports a seed that runs
# clean as a crash; the campaign must replay it under ASan, say it runs clean and leave it unfiled
# (exit 0, no finding).  Before the replay check such a report was a finding (exit 1).
#   cmake -DFUZZ="<wfpcert>;fuzz" -DBIN_DIR=<libfuzzer harness dir> -DSEED=<a clean seed>
#         -DCORPUS=<corpus dir> -DWORK=<scratch dir> -P fast-lane-check.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/fast)
# The stand-in: writes the seed as a crash file where libFuzzer would and exits as a crash.
file(WRITE ${WORK}/fuzz-ioctl.sh
     "#!/bin/sh\nfor a in \"$@\"; do case $a in -artifact_prefix=*) p=\${a#-artifact_prefix=};; esac; done\n"
     "cp '${SEED}' \"\${p}crash-stand-in\"\necho 'Done 1 runs'\nexit 77\n")
file(COPY ${WORK}/fuzz-ioctl.sh DESTINATION ${WORK}/fast
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
file(RENAME ${WORK}/fast/fuzz-ioctl.sh ${WORK}/fast/fuzz-ioctl)
execute_process(COMMAND ${FUZZ} --seconds 1 --targets ioctl --no-file --bin-dir ${BIN_DIR} --fast-lane ${WORK}/fast
                        --corpus ${CORPUS} --state ${WORK}/state --reports ${WORK}/reports
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "fast lane: [^\n]*crash-stand-in runs clean under ASan; not filed"
   OR out MATCHES "finding")
  message(FATAL_ERROR "wfpcert fuzz with a fast lane whose crash runs clean under ASan: exit ${rc}\n"
                      "stdout: ${out}\nstderr: ${err}")
endif()
message(STATUS "the stand-in's crash was replayed under ASan and not filed")
