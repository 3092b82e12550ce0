#!/bin/sh
# kernel-source.sh SUITE: print the path of the newest Linux source tarball
# Debian SUITE has (bookworm, trixie, sid, ...).  Bookworm's comes from the
# installed linux-source-6.1; another suite's is downloaded once from
# Debian's archive with an apt state of its own, leaving this machine's
# sources and packages as they were.
set -eu

suite=$1
cache=${BTI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/bti}
mirror=${BTI_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$suite" = bookworm ]; then
	ls /usr/src/linux-source-6.1.tar.xz
	exit 0
fi

apt=$cache/apt-$suite
mkdir -p "$apt/lists/partial" "$apt/archives/partial"
echo "deb $mirror $suite main" > "$apt/sources.list"
set -- -o Dir::Etc::SourceList="$apt/sources.list" \
	-o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$apt/lists" \
	-o Dir::State::status=/dev/null -o Dir::Cache::pkgcache= \
	-o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root
apt-get "$@" update -qq >&2
pkg=$(apt-cache "$@" depends linux-source | sed -n 's/^ *Depends: //p' | head -n1)
[ -n "$pkg" ] || { echo "kernel-source: $suite has no linux-source" >&2; exit 1; }
version=$(apt-cache "$@" show "$pkg" | sed -n 's/^Version: //p' | head -n1)
tarball=$cache/$pkg-$version.tar.xz

if [ ! -f "$tarball" ]; then
	echo "kernel-source: downloading $pkg $version from $suite" >&2
	rm -f "$apt"/archives/*.deb
	(cd "$apt/archives" && apt-get "$@" download -qq "$pkg=$version" >&2)
	dpkg-deb --fsys-tarfile "$apt"/archives/"$pkg"_*.deb |
		tar -xO --wildcards '*/linux-source-*.tar.xz' > "$tarball.tmp"
	mv "$tarball.tmp" "$tarball"
	rm -f "$apt"/archives/*.deb
fi
echo "$tarball"
