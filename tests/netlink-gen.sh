#!/bin/sh
# netlink-gen.sh KSRC [--check]: the bti family's request policies and
# split operations, driver/core/netlink-gen.[ch], generated from its YNL
# spec by the generator of the Linux source tree KSRC
# (tools/net/ynl/pyynl/ynl_gen_c.py), the same that generates the kernel's
# own families.  With --check, write nothing and fail if the files differ
# from what the generator makes of the spec now.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$1
check=${2:-}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The generator validates the spec against the schemas beside it, and
# names it by its path below the tree that holds MAINTAINERS.
mkdir -p "$stage/Documentation/netlink/specs" "$stage/raw"
: > "$stage/MAINTAINERS"
cp "$ksrc"/Documentation/netlink/*.yaml "$stage/Documentation/netlink/"
cp "$top/Documentation/netlink/specs/bti.yaml" \
	"$stage/Documentation/netlink/specs/"

rc=0
for ext in c h; do
	part=source
	[ $ext = c ] || part=header
	(cd "$stage" && /usr/bin/python3 \
		"$ksrc/tools/net/ynl/pyynl/ynl_gen_c.py" --mode kernel --$part \
		--spec Documentation/netlink/specs/bti.yaml -o raw/netlink-gen.$ext)
	sed 's|^/\* To regenerate run: .*|/* To regenerate run: make netlink-gen */|' \
		"$stage/raw/netlink-gen.$ext" > "$stage/netlink-gen.$ext"
	dst=$top/driver/core/netlink-gen.$ext
	if [ "$check" = --check ]; then
		diff -u "$dst" "$stage/netlink-gen.$ext" || rc=1
	else
		cp "$stage/netlink-gen.$ext" "$dst"
	fi
done
[ $rc = 0 ] || echo "netlink-gen: the spec changed: make netlink-gen" >&2
exit $rc
