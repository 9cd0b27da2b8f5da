#!/bin/sh
# Installs what building and testing sel4emu needs, from Debian's packages,
# when it is missing: the compiler and build tools, and gdb and valgrind for
# the debugging tests. Called by the Makefile; does nothing when everything
# is there.
#   tools/install-deps.sh fuzz   installs clang and libFuzzer's runtime instead
#                                (the kernel fuzzer: tests/fuzz/run-fuzz.sh)
set -e
missing=""
if [ "${1:-}" = fuzz ]; then
    command -v clang >/dev/null 2>&1 || missing="$missing clang"
    rt=$(clang --print-runtime-dir 2>/dev/null || true)
    [ -n "$rt" ] && [ -f "$rt/libclang_rt.fuzzer-x86_64.a" ] || missing="$missing libclang-rt-dev"
else
    for pair in cc:gcc make:make cmake:cmake gdb:gdb valgrind:valgrind; do
        tool=${pair%%:*}
        command -v "$tool" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
    done
fi
[ -z "$missing" ] && exit 0
echo "sel4emu: installing from Debian's packages:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
