#!/bin/sh
# tools/bootstrap.sh: the one entry point for a fresh machine (Debian 12).  It installs the
# Debian packages a command needs, builds with the matching CMake preset and runs the command.
# POSIX sh on purpose: it must run before anything else is installed.  See usage() below.
set -eu

PROG=tools/bootstrap.sh

usage() {
    cat <<EOF
usage: sh $PROG COMMAND [ARGS...]

Commands:
  certify [ARGS...]   build the 'default' preset and run
                      build/default/tools/wfpcert/wfpcert certify ARGS...
                      (certify against the embedded model)
  test                build the 'asan' preset and run ctest --output-on-failure -j2
  nightly             build the 'asan' preset and run the tests labelled nightly (long
                      afl-fuzz runs, the whole catalogue under wine, isolation over the
                      whole catalogue, mutation testing): ctest --preset nightly
  deps [GROUP...]     install the Debian packages of GROUPs (default: base);
                      GROUP is one of: $PKG_GROUPS, or all
  -h, --help          show this help

Package groups (Debian packages, checked with dpkg-query, installed with apt-get):
EOF
    for g in $PKG_GROUPS; do
        printf '  %-8s %s\n' "$g" "$(group_packages "$g")"
    done
    cat <<EOF

The ci group also installs these npm packages into build/npm-tools/ (project-local, not in
git): $NPM_TOOLS
EOF
    cat <<EOF

Run it from anywhere; builds go to build/<preset>/ in the source tree.  As root, missing
packages are installed; otherwise the apt-get line to run is printed and it exits with 2.
Exit status: that of ctest (test) or of wfpcert (certify); 1 when installing, configuring
or building fails; 2 for a usage error, or for missing packages when not root.
EOF
}

# ---------------------------------------------------------------- the package table
# The one place that says which Debian packages each group needs.
PKG_GROUPS="base fuzz html windows ci"
group_packages() {
    case $1 in
        # llvm-14 for llvm-symbolizer (sanitizer stack traces) and llvm-cov; libclang-rt-14-dev
        # for the ASan/UBSan/LSan and libFuzzer runtimes; libxml2-utils for xmllint (reports);
        # zip for the OSS-Fuzz build check (seed corpora are zipped).
        base) echo "cmake gcc make clang libclang-rt-14-dev llvm-14 clang-format-14 libxml2-utils zip" ;;
        fuzz) echo "afl++" ;;
        # A test renders the HTML report in headless chromium.
        html) echo "chromium" ;;
        # netbase: /etc/services, where wine's getaddrinfo finds "http" (S3.host.resolves), as
        # Windows finds it in its own services file.
        windows) echo "mingw-w64 wine netbase" ;;
        # The CI recipes' checks (tools/ci/): node and npm, which install NPM_TOOLS below.  A node
        # that is already there with its npm (NodeSource's, say) is used as it is.
        ci) echo "nodejs npm" ;;
        *) return 1 ;;
    esac
}
# The ci group's npm packages, pinned: a workflow validator (tools/ci/check-recipes.cmake runs it
# on .github/workflows/) and a YAML parser (it reads the workflows and the GitLab template).
# npm installs them into NPM_DIR of the source tree, never globally.
NPM_TOOLS="@action-validator/cli@0.6.0 js-yaml@4.1.0"
NPM_DIR=build/npm-tools

# ---------------------------------------------------------------- output helpers
step() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() {
    # die STATUS MESSAGE...
    status=$1
    shift
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit "$status"
}
# Print a command, then run it; the caller decides what its failure means.
run() {
    printf '+ %s\n' "$*"
    "$@"
}

# ---------------------------------------------------------------- packages
is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# ensure_groups GROUP...: install what is missing from those groups, or say how to; the ci
# group also brings its npm packages.
ensure_groups() {
    ensure_debian_packages "$@"
    case " $* " in *" ci "*) ensure_npm_tools ;; esac
}

# ensure_debian_packages GROUP...: the Debian packages of those groups.
ensure_debian_packages() {
    step "checking Debian packages of group(s): $*"
    if ! command -v dpkg-query >/dev/null 2>&1; then
        wanted=""
        for g in "$@"; do wanted="$wanted $(group_packages "$g")"; done
        die 2 "dpkg-query not found: this script installs Debian packages. Install the" \
            "equivalents of:$wanted with your system's package manager."
    fi
    missing=""
    for g in "$@"; do
        if [ "$g" = ci ] && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
            continue # a node with its npm is there already
        fi
        for p in $(group_packages "$g"); do
            case " $missing " in *" $p "*) continue ;; esac
            if ! is_installed "$p"; then
                missing="$missing $p"
            fi
        done
    done
    missing=${missing# }
    if [ -z "$missing" ]; then
        note "all installed"
        return 0
    fi
    note "missing: $missing"
    if [ "$(id -u)" -ne 0 ]; then
        printf '%s: error: missing Debian packages: %s\n' "$PROG" "$missing" >&2
        printf 'Install them as root, then run this command again:\n' >&2
        printf '  sudo apt-get install -y --no-install-recommends %s\n' "$missing" >&2
        printf "(If apt-get cannot find a package, run 'sudo apt-get update' first.)\n" >&2
        exit 2
    fi
    # DPkg::Lock::Timeout: wait for another apt run (unattended-upgrades, a colleague) to finish
    # instead of failing at once on its lock.
    # Try without 'apt-get update' first: it is slow and usually not needed; a fresh machine
    # with empty package lists makes the install fail, and then update + retry fixes it.
    step "installing: $missing"
    # shellcheck disable=SC2086 # one word per package, on purpose
    if ! run env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $missing; then
        step "install failed; updating the package lists and retrying"
        run apt-get update || die 1 "apt-get update failed"
        # shellcheck disable=SC2086
        run env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $missing ||
            die 1 "apt-get install failed for: $missing"
    fi
    for p in $missing; do
        is_installed "$p" || die 1 "package $p is still not installed after apt-get install"
    done
}

# ensure_npm_tools: the ci group's npm packages (NPM_TOOLS) in NPM_DIR of the tree; installed
# again only when NPM_TOOLS changes (the stamp file holds the list last installed).
ensure_npm_tools() {
    dir="$ROOT/$NPM_DIR"
    if [ -f "$dir/installed" ] && [ "$(cat "$dir/installed")" = "$NPM_TOOLS" ]; then
        note "npm packages in $NPM_DIR: all installed"
        return 0
    fi
    command -v npm >/dev/null 2>&1 || die 1 "npm not found: install the ci group (sh $PROG deps ci)"
    step "installing npm packages into $NPM_DIR: $NPM_TOOLS"
    mkdir -p "$dir" || die 1 "cannot create $dir"
    # shellcheck disable=SC2086 # one word per package, on purpose
    run npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error $NPM_TOOLS ||
        die 1 "npm install into $dir failed for: $NPM_TOOLS"
    printf '%s\n' "$NPM_TOOLS" >"$dir/installed" || die 1 "cannot write $dir/installed"
}

# ---------------------------------------------------------------- building
jobs() {
    n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
    case $n in '' | *[!0-9]*) n=2 ;; esac
    echo "$n"
}

# configure_reason BINDIR: why BINDIR must be configured, or nothing when it need not be.
# cmake --build re-runs configure by itself when a CMake file it already read changes, but it
# cannot notice a preset change, nor a component's CMakeLists.txt that did not exist when it
# last ran (the top-level adds folders only if they have one); so look for files newer than the
# cache, which every configure rewrites.
configure_reason() {
    if [ ! -f "$1/CMakeCache.txt" ] || { [ ! -f "$1/Makefile" ] && [ ! -f "$1/build.ninja" ]; }; then
        echo "no configured build tree yet"
        return 0
    fi
    newer=$(find . \( -path ./build -o -path ./.git -o -path ./fuzz-state -o -path ./reports/runs \) -prune -o \
        \( -name CMakeLists.txt -o -name CMakePresets.json -o -name '*.cmake' \) \
        -newer "$1/CMakeCache.txt" -print | head -n 1)
    if [ -n "$newer" ]; then
        echo "${newer#./} is newer than $1/CMakeCache.txt"
    fi
}

# build PRESET: configure when needed (see configure_reason), then build incrementally.
build() {
    preset=$1
    bindir="build/$preset"
    reason=$(configure_reason "$bindir")
    if [ -z "$reason" ]; then
        step "configure: $bindir is up to date, skipping"
    else
        step "configure: preset '$preset' into $bindir ($reason)"
        run cmake --preset "$preset" || die 1 "configuring preset '$preset' failed"
    fi
    step "build: preset '$preset'"
    run cmake --build --preset "$preset" --parallel "$(jobs)" || die 1 "building preset '$preset' failed"
}

# ---------------------------------------------------------------- commands
cmd_certify() {
    ensure_groups base
    caller_dir=$(pwd)
    cd "$ROOT"
    build default
    cd "$caller_dir"
    cli="$ROOT/build/default/tools/wfpcert/wfpcert"
    if [ ! -x "$cli" ]; then
        die 1 "build/default/tools/wfpcert/wfpcert was not built: the wfpcert CLI" \
            "(tools/wfpcert/) is not there yet, or its CMakeLists.txt does not produce" \
            "that program. Missing file: $cli"
    fi
    step "certify: $cli certify${*:+ $*}"
    # From the caller's directory, so relative paths in ARGS mean what the caller meant.
    exec "$cli" certify "$@"
}

cmd_nightly() {
    if [ $# -gt 0 ]; then
        die 2 "'nightly' takes no arguments; got: $*"
    fi
    ensure_groups base html windows ci fuzz
    cd "$ROOT"
    build asan
    step "nightly: ctest --preset nightly"
    status=0
    run ctest --preset nightly || status=$?
    exit "$status"
}

cmd_test() {
    if [ $# -gt 0 ]; then
        die 2 "'test' takes no arguments; got: $*"
    fi
    # windows: the test windows.wine_run builds the mingw-w64 tree and runs its conformance
    # suite under wine (the Win32 run of CI).  ci: the checks of the CI recipes (tools/ci/).
    # fuzz: AFL++ for fuzz.afl_build (harness/afl-check.cmake).
    ensure_groups base html windows ci fuzz
    cd "$ROOT"
    build asan
    step "test: ctest --preset asan --output-on-failure -j2"
    status=0
    run ctest --preset asan --output-on-failure -j2 || status=$?
    if [ "$status" -eq 0 ]; then
        step "test: all tests passed"
    else
        failure_digest build/asan >&2
        printf '%s: error: ctest failed with exit status %s\n' "$PROG" "$status" >&2
    fi
    exit "$status"
}

# The last lines each failed test printed, again at the end of the run: a CI log that keeps
# only its head and tail still shows why a test failed (wine_run's verdict lines, say), where
# ctest's own output put them in the middle of 800 tests.
failure_digest() {
    tdir="$1/Testing/Temporary"
    [ -s "$tdir/LastTestsFailed.log" ] || return 0
    printf "==> test: the end of each failed test's output (whole output: %s/LastTest.log)\n" "$tdir"
    sed 's/^[0-9]*://' "$tdir/LastTestsFailed.log" | while IFS= read -r name; do
        printf -- '--- %s\n' "$name"
        awk -v want="$name" '
            /^[0-9]+\/[0-9]+ Test: / { cur = substr($0, index($0, "Test: ") + 6) }
            cur == want && /^Output:$/ { grab = 1; n = 0; getline; next }
            grab && /^<end of output>$/ { grab = 0 }
            grab { line[n++ % 30] = $0; total = n }
            END { s = total > 30 ? total - 30 : 0; for (i = s; i < total; i++) print line[i % 30] }
        ' "$tdir/LastTest.log"
    done
}

cmd_deps() {
    groups=""
    for g in "$@"; do
        if [ "$g" = all ]; then
            groups="$PKG_GROUPS"
        elif group_packages "$g" >/dev/null; then
            groups="$groups $g"
        else
            die 2 "unknown package group '$g' (groups: $PKG_GROUPS, all)"
        fi
    done
    # shellcheck disable=SC2086 # split into words, on purpose
    ensure_groups ${groups:-base}
}

# ---------------------------------------------------------------- main
ROOT=$(cd "$(dirname "$0")/.." && pwd) || die 1 "cannot find the source tree from $0"
[ -f "$ROOT/CMakePresets.json" ] || die 1 "$ROOT/CMakePresets.json not found: is $0 inside the wfpcert tree?"

if [ $# -eq 0 ]; then
    die 2 "no command given (commands: certify, test, deps; try: sh $PROG --help)"
fi
cmd=$1
shift
case $cmd in
    certify) cmd_certify "$@" ;;
    test) cmd_test "$@" ;;
    nightly) cmd_nightly "$@" ;;
    deps) cmd_deps "$@" ;;
    -h | --help | help) usage ;;
    -*) die 2 "unknown option '$cmd' (try: sh $PROG --help)" ;;
    *) die 2 "unknown command '$cmd' (commands: certify, test, deps; try: sh $PROG --help)" ;;
esac
