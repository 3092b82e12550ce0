#!/bin/sh
# Install what building and testing bti needs, from Debian, if anything is
# missing, and the packages named as arguments.  Safe to run again.
set -eu

pkgs="build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
      kmod pkg-config python3 python3-yaml python3-jsonschema python3-cryptography
      util-linux keyutils iproute2
      linux-source-6.1 linux-headers-amd64 qemu-system-x86 busybox-static
      libnl-3-dev libnl-genl-3-dev libjson-c-dev libsrtp2-dev
      libcmocka-dev libsqlite3-dev libspandsp-dev libpq-dev postgresql
      libmicrohttpd-dev
      espeak-ng sox sparse cppcheck asterisk-core-sounds-en-wav
      debhelper dh-dkms dkms dpkg-dev lintian debootstrap
      dt-schema device-tree-compiler $*"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
[ "$(id -u)" = 0 ] || { echo "deps: run as root to install$missing" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends $missing > /dev/null
