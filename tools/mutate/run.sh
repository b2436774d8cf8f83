#!/bin/sh
# tools/mutate/run.sh: mutation testing of driver-stub against plain `wfpcert certify`.
# Thin glue around wfpcert-mutate (mutate.c): copy the tree to a scratch folder, build it once,
# then for each sampled mutant apply it, rebuild, run certify and record killed or survived.
# The source tree is never touched.  See docs/MUTANTS.md.
#
#   sh tools/mutate/run.sh [--seed N] [--count K] [--out DIR] [--asan]
#
# --asan: a mutant that survives the gcc build's certify is built again with the `asan` preset
# (the build CI's tests use) and certified there; if that certify fails the verdict is
# killed-asan (a memory error the gcc build lets pass unseen).  A mutant the asan build refuses
# to compile (clang with -Werror, e.g. a constant index past a shrunken array) is asan-build-failed
# and, like build-failed, left out of the score: it could not land, since CI builds that preset.
# Results: DIR/results.tsv (verdict, seconds, site) and a summary line; DIR defaults to
# build/mutate.  Exit status: 0 when the run completed (whatever the score), 2 for bad usage,
# 1 when the unmutated tree does not build or does not pass certify.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
seed=1
count=40
out="$ROOT/build/mutate"
asan=0
while [ $# -gt 0 ]; do
    case $1 in
        --seed) seed=${2:?--seed needs a value}; shift 2 ;;
        --count) count=${2:?--count needs a value}; shift 2 ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        --asan) asan=1; shift ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
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
abuild() { (cd "$src" && cmake --build --preset asan --target wfpcert -j 2 >"$out/asan-build.log" 2>&1); }
acertify() {
    (cd "$src" && timeout 900 "$src/build/asan/tools/wfpcert/wfpcert" certify --no-report --jobs 2 \
        >"$out/asan-certify.log" 2>&1)
}
if [ "$asan" = 1 ]; then
    (cd "$src" && cmake --preset asan >"$out/asan-configure.log" 2>&1) || {
        echo "tools/mutate/run.sh: configuring the asan copy failed (see $out/asan-configure.log)" >&2
        exit 1
    }
    abuild || { echo "tools/mutate/run.sh: the unmutated asan copy does not build (see $out/asan-build.log)" >&2; exit 1; }
    acertify || {
        echo "tools/mutate/run.sh: the unmutated asan copy does not pass certify (see $out/asan-certify.log)" >&2
        exit 1
    }
fi

files=$(cd "$src" && ls driver-stub/ws2/*.c driver-stub/provider/*.c driver-stub/net/*.c driver-stub/wfp/*.c \
    driver-stub/callout/*.c)
(cd "$src" && "$out/wfpcert-mutate" list --seed "$seed" --count "$count" $files) >"$out/sites.txt"

printf 'verdict\tseconds\tsite\n' >"$out/results.tsv"
killed=0 survived=0 broken=0 akilled=0
while IFS= read -r site; do
    file=${site%%:*}
    cp "$src/$file" "$out/original.c"
    start=$(date +%s)
    (cd "$src" && "$out/wfpcert-mutate" apply "$site")
    if ! build; then
        verdict=build-failed
        broken=$((broken + 1))
    elif certify; then
        if [ "$asan" = 1 ] && ! abuild; then
            verdict=asan-build-failed
            broken=$((broken + 1))
        elif [ "$asan" = 1 ] && ! acertify; then
            verdict=killed-asan
            akilled=$((akilled + 1))
            cp "$out/asan-certify.log" "$out/killed-asan-$akilled.log"
        else
            verdict=survived
            survived=$((survived + 1))
            cp "$out/certify.log" "$out/survivor-$survived.log"
        fi
    else
        verdict=killed
        killed=$((killed + 1))
    fi
    cp "$out/original.c" "$src/$file"
    printf '%s\t%s\t%s\n' "$verdict" "$(($(date +%s) - start))" "$site" >>"$out/results.tsv"
    printf '%-12s %s\n' "$verdict" "$site"
done <"$out/sites.txt"
build || true
[ "$asan" = 1 ] && { abuild || true; }
ran=$((killed + akilled + survived))
if [ "$ran" -gt 0 ]; then score=$((100 * killed / ran)); else score=0; fi
echo "mutants: $((ran + broken)) (seed $seed): killed $killed, survived $survived, did not build $broken;" \
    "killed $score% of those that built ($out/results.tsv)"
if [ "$asan" = 1 ] && [ "$ran" -gt 0 ]; then
    echo "with the asan build for the gcc survivors: killed $((killed + akilled)) ($akilled by asan only)," \
        "$((100 * (killed + akilled) / ran))% of those that built"
fi
