#!/bin/sh
# Print the directory holding Debian's own kernel image and modules that
# match the installed linux-headers-amd64, unpacked (not installed) once.
set -eu

cache=${BTI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/bti}
headers=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 |
	  grep -o 'linux-headers-[^ ,]*-amd64' | head -n1)
kver=${headers#linux-headers-}
dir=$cache/debian-$kver

if [ ! -f "$dir/.bti-unpacked" ]; then
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get download -qq "linux-image-$kver" >&2)
	dpkg-deb -x "$dir"/deb/*.deb "$dir/root"
	touch "$dir/.bti-unpacked"
fi
echo "$dir"
