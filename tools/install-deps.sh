#!/bin/sh
# Installs what building sel4emu needs, from Debian's packages, when it is
# missing. Called by the Makefile; does nothing when everything is there.
set -e
missing=""
for tool in cc make cmake; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] && exit 0
echo "sel4emu: installing build tools (missing:$missing)" >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq gcc make cmake >/dev/null
