#!/bin/sh
# Installs what building and testing sel4emu needs, from Debian's packages,
# when it is missing: the compiler and build tools, and gdb and valgrind for
# the debugging tests. Called by the Makefile; does nothing when everything
# is there.
set -e
missing=""
for pair in cc:gcc make:make cmake:cmake gdb:gdb valgrind:valgrind; do
    tool=${pair%%:*}
    command -v "$tool" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
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
