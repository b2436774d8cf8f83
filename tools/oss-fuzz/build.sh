#!/bin/bash
# build.sh: the OSS-Fuzz / ClusterFuzzLite build of wfpcert's fuzz targets (glue, bash by the
# OSS-Fuzz convention).  The builder image calls it with CC, CFLAGS, LIB_FUZZING_ENGINE, OUT,
# SRC and WORK set; tools/oss-fuzz/check.cmake calls it the same way in CI.
#
# It builds every harness/fuzz_*.c with CMake (engine external) and the given CC/CFLAGS,
# linked with $LIB_FUZZING_ENGINE (so any engine of the builder works: libFuzzer, AFL++,
# honggfuzz), and puts next to each fuzzer in $OUT:
#   fuzz_<t>                  the fuzzer
#   fuzz_<t>_seed_corpus.zip  corpus/<t>/, corpus/regressions/<t>/ and the generated seeds
#   fuzz_<t>.dict             corpus/<t>.dict, else the generated one, else the IOCTL codes
#   fuzz_<t>.options          [libfuzzer] dict = fuzz_<t>.dict (+ corpus/<t>.options if any)

set -euo pipefail

# The checkout: $SRC/wfpcert in the image, or this script's tree when run from it.
ROOT=${WFPCERT_SRC:-$SRC/wfpcert}
if [ ! -f "$ROOT/CMakeLists.txt" ]; then
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fi
BUILD=$WORK/wfpcert-build
JOBS=$(nproc 2>/dev/null || echo 2)

# Engine "external": CMake links each fuzzer with $LIB_FUZZING_ENGINE and the libraries'
# own dependencies, so no list of libraries is kept here.
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE= -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
  -DWFPCERT_TESTS=OFF -DWFPCERT_FUZZ_ENGINE=external -DWFPCERT_FUZZ_LINK="$LIB_FUZZING_ENGINE"

# Seeds and dictionaries generated from the descriptor table, when the generator builds and
# makes any (the checked-in corpus/ is used either way).
SEEDS=$WORK/wfpcert-seeds
rm -rf "$SEEDS"
mkdir -p "$SEEDS"
if cmake --build "$BUILD" --parallel "$JOBS" --target wfpcert-gen-seeds >"$WORK/gen-seeds.log" 2>&1; then
  "$BUILD/harness/wfpcert-gen-seeds" "$SEEDS" >>"$WORK/gen-seeds.log" 2>&1 || echo "build.sh: the seed generator failed; see $WORK/gen-seeds.log"
else
  echo "build.sh: no seed generator in this tree; using corpus/ only"
fi


# Fallback dictionary: the values every target's input is about (SEMANTICS 1.1, 2).
fallback_dict() {
  cat <<'DICT'
# wfpcert fallback dictionary: IOCTL codes and option values, little-endian
sio_query_records="\xdc\x00\x00\x98"
sio_query_context="\xdd\x00\x00\x98"
sio_set_records="\xde\x00\x00\x98"
sio_ale_endpoint="\xcd\x00\x00\x58"
ip_wfp_records="\x3c\x00\x00\x00"
ip_wfp_context="\x46\x00\x00\x00"
size_1024="\x00\x04\x00\x00"
size_8192="\x00\x20\x00\x00"
DICT
}

for src in "$ROOT"/harness/fuzz_*.c; do
  t=$(basename "$src" .c)        # fuzz_ioctl
  short=${t#fuzz_}               # ioctl
  grep -Eq "LLVMFuzzerTestOneInput|WH_FUZZ_ENTRY" "$src" || continue
  cmake --build "$BUILD" --parallel "$JOBS" --target "fuzz-$short"
  cp "$BUILD/harness/fuzz-$short" "$OUT/$t"

  stage=$WORK/seed-$short
  rm -rf "$stage"
  mkdir -p "$stage"
  for dir in "$ROOT/corpus/$short" "$ROOT/corpus/regressions/$short" "$SEEDS/$short"; do
    if [ -d "$dir" ]; then
      find "$dir" -maxdepth 1 -type f ! -name "README*" ! -name NOTES -exec cp {} "$stage/" \;
    fi
  done
  # A zip cannot be empty; libFuzzer starts from the empty input anyway.
  if [ -z "$(ls -A "$stage")" ]; then : >"$stage/empty"; fi
  rm -f "$OUT/${t}_seed_corpus.zip"
  (cd "$stage" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)

  if [ -f "$ROOT/corpus/$short.dict" ]; then
    cp "$ROOT/corpus/$short.dict" "$OUT/$t.dict"
  elif [ -f "$SEEDS/$short.dict" ]; then
    cp "$SEEDS/$short.dict" "$OUT/$t.dict"
  else
    fallback_dict >"$OUT/$t.dict"
  fi

  {
    echo "[libfuzzer]"
    echo "dict = $t.dict"
    if [ -f "$ROOT/corpus/$short.options" ]; then grep -v '^\[libfuzzer\]' "$ROOT/corpus/$short.options"; fi
  } >"$OUT/$t.options"
done
