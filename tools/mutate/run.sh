#!/bin/sh
# tools/mutate/run.sh: mutation testing of driver-stub against plain `wfpcert certify`.
# Thin glue around wfpcert-mutate (mutate.c): copy the tree to a scratch folder, build it once,
# then for each sampled mutant apply it, rebuild, run certify and record killed or survived.
# The source tree is never touched.  See docs/MUTANTS.md.
#
#   sh tools/mutate/run.sh [--seed N] [--count K] [--out DIR]
#
# Results: DIR/results.tsv (verdict, seconds, site) and a summary line; DIR defaults to
# build/mutate.  Exit status: 0 when the run completed (whatever the score), 2 for bad usage,
# 1 when the unmutated tree does not build or does not pass certify.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
seed=1
count=40
out="$ROOT/build/mutate"
while [ $# -gt 0 ]; do
    case $1 in
        --seed) seed=${2:?--seed needs a value}; shift 2 ;;
        --count) count=${2:?--count needs a value}; shift 2 ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "tools/mutate/run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
case $seed$count in *[!0-9]*) echo "tools/mutate/run.sh: --seed and --count take numbers" >&2; exit 2 ;; esac

mkdir -p "$out"
src="$out/src"
rm -rf "$src"
mkdir -p "$src"
# the working tree as it is (committed or not), without builds or git
(cd "$ROOT" && tar --exclude=./build --exclude=./.git --exclude=./reports/runs --exclude=./fuzz-state -cf - .) |
    (cd "$src" && tar -xf -)

cc -O1 -o "$out/wfpcert-mutate" "$ROOT/tools/mutate/mutate.c"
bin="$src/build/default"
(cd "$src" && cmake --preset default >"$out/configure.log" 2>&1) || {
    echo "tools/mutate/run.sh: configuring the copy failed (see $out/configure.log)" >&2
    exit 1
}
build() { (cd "$src" && cmake --build --preset default --target wfpcert -j 2 >"$out/build.log" 2>&1); }
certify() { (cd "$src" && timeout 300 "$bin/tools/wfpcert/wfpcert" certify --no-report --jobs 2 >"$out/certify.log" 2>&1); }
build || { echo "tools/mutate/run.sh: the unmutated copy does not build (see $out/build.log)" >&2; exit 1; }
certify || { echo "tools/mutate/run.sh: the unmutated copy does not pass certify (see $out/certify.log)" >&2; exit 1; }

files=$(cd "$src" && ls driver-stub/ws2/*.c driver-stub/provider/*.c driver-stub/net/*.c driver-stub/wfp/*.c \
    driver-stub/callout/*.c)
(cd "$src" && "$out/wfpcert-mutate" list --seed "$seed" --count "$count" $files) >"$out/sites.txt"

printf 'verdict\tseconds\tsite\n' >"$out/results.tsv"
killed=0 survived=0 broken=0
while IFS= read -r site; do
    file=${site%%:*}
    cp "$src/$file" "$out/original.c"
    start=$(date +%s)
    (cd "$src" && "$out/wfpcert-mutate" apply "$site")
    if ! build; then
        verdict=build-failed
        broken=$((broken + 1))
    elif certify; then
        verdict=survived
        survived=$((survived + 1))
        cp "$out/certify.log" "$out/survivor-$survived.log"
    else
        verdict=killed
        killed=$((killed + 1))
    fi
    cp "$out/original.c" "$src/$file"
    printf '%s\t%s\t%s\n' "$verdict" "$(($(date +%s) - start))" "$site" >>"$out/results.tsv"
    printf '%-12s %s\n' "$verdict" "$site"
done <"$out/sites.txt"
build || true
ran=$((killed + survived))
if [ "$ran" -gt 0 ]; then score=$((100 * killed / ran)); else score=0; fi
echo "mutants: $((ran + broken)) (seed $seed): killed $killed, survived $survived, did not build $broken;" \
    "killed $score% of those that built ($out/results.tsv)"
