#!/bin/sh
# Installs the Debian 12 packages verdict needs to build, run and test.
# Run as root on a fresh machine; safe to run again (skips what is there).
# python3-numpy: generated solutions often import it, and the reference
# harnesses (EvalPlus) run where it is installed.
set -eu
packages="
	build-essential gcc g++ make clang libclang-rt-14-dev clang-format
	libseccomp-dev libjansson-dev libsqlite3-dev zlib1g-dev libssl-dev
	libmicrohttpd-dev
	python3 python3-pytest python3-numpy
	jq procps valgrind ca-certificates
"
missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing:$missing; run as root to install them" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
