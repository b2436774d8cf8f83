# pack-verify.cmake: the submission bundle end to end (wfpcert pack, wfpcert verify-pack).
# A run with waivers is packed and verifies; then a copy with one byte changed, a copy with a
# file appended (GNU tar) and a copy with its end cut off must be exit 1, and things that are
# not packs exit 2; pack refuses what is not a run folder, an existing output, and waivers
# that changed after the run.  The byte edit uses dd (POSIX), the append tar.
#   cmake -DWFPCERT=<wfpcert> -DOUT=<scratch folder> -P pack-verify.cmake
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
file(WRITE ${OUT}/waivers.txt "A17.unknown-code.sync XFAIL kept as a sample waiver\n")

function(run want)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL want)
    message(FATAL_ERROR "${ARGN}: exit status ${rc}, expected ${want}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(out "${out}${err}" PARENT_SCOPE)
endfunction()
function(expect_text re)
  if(NOT out MATCHES "${re}")
    message(FATAL_ERROR "output does not match '${re}':\n${out}")
  endif()
endfunction()

run(1 ${WFPCERT} conform --plain --fault set_no_seal_check --expect ${OUT}/waivers.txt --out ${OUT}/run)
run(0 ${WFPCERT} pack --out ${OUT}/bundle.tar ${OUT}/run)
expect_text("pack: .*bundle[.]tar: 1 run, [0-9]+ files, [0-9]+ bytes, SHA-256 [0-9a-f]+")
run(0 ${WFPCERT} verify-pack ${OUT}/bundle.tar)
expect_text("intact")
run(0 tar tf ${OUT}/bundle.tar)
foreach(f MANIFEST.sha256 VERSIONS.txt waivers/waivers.txt runs/1-run/report.html runs/1-run/results.json runs/1-run/junit.xml)
  expect_text("wfpcert-pack/${f}")
endforeach()

# one byte of the first run file changed (the manifest takes the first 1,536 bytes at most)
file(COPY_FILE ${OUT}/bundle.tar ${OUT}/byte.tar)
run(0 sh -c "printf X | dd of='${OUT}/byte.tar' bs=1 seek=4096 conv=notrunc 2>/dev/null")
run(1 ${WFPCERT} verify-pack ${OUT}/byte.tar)
expect_text("CHANGED: wfpcert-pack/runs/1-run/[a-z.]+ has SHA-256")
# a file added after packing
file(COPY_FILE ${OUT}/bundle.tar ${OUT}/added.tar)
file(WRITE ${OUT}/extra.txt "not part of the run\n")
run(0 tar -C ${OUT} -rf ${OUT}/added.tar extra.txt)
run(1 ${WFPCERT} verify-pack ${OUT}/added.tar)
expect_text("extra[.]txt is in the archive but not in the manifest")
# the archive cut short: its last files are missing
file(SIZE ${OUT}/bundle.tar size)
math(EXPR half "${size} / 2")
run(0 sh -c "head -c ${half} '${OUT}/bundle.tar' > '${OUT}/cut.tar'")
run(1 ${WFPCERT} verify-pack ${OUT}/cut.tar)
expect_text("damaged|missing")

# not packs: exit 2
run(2 ${WFPCERT} verify-pack ${OUT}/waivers.txt)
expect_text("not a wfpcert pack")
run(2 ${WFPCERT} verify-pack ${OUT}/nonexistent.tar)
run(2 ${WFPCERT} verify-pack ${OUT})
run(0 tar -C ${OUT} -cf ${OUT}/plain.tar extra.txt)
run(2 ${WFPCERT} verify-pack ${OUT}/plain.tar)
expect_text("no wfpcert-pack/MANIFEST.sha256")

# pack refuses: not a run folder, an existing output, waivers changed after the run
run(2 ${WFPCERT} pack --out ${OUT}/x.tar ${OUT})
expect_text("is not a run folder")
run(2 ${WFPCERT} pack --out ${OUT}/bundle.tar ${OUT}/run)
expect_text("exists")
file(APPEND ${OUT}/waivers.txt "# edited after the run\n")
run(2 ${WFPCERT} pack --out ${OUT}/y.tar ${OUT}/run)
expect_text("has changed since")
if(EXISTS ${OUT}/y.tar OR EXISTS ${OUT}/y.tar.part)
  message(FATAL_ERROR "a refused pack left a file behind")
endif()
message(STATUS "pack-verify: bundle ${size} bytes")
