#!/bin/sh
# btiprovd on SQLite when the store's disk fills: the device and the log
# are told, the store keeps what it had, and once there is room the next
# device binds.  The store sits on a small tmpfs of its own (root only).
# TAP on stdout.
# usage: disk-full.sh SERVER-BUILD-DIR
set -u

bin=$(cd "$1" && pwd)
prefix=disk_full
. "$(dirname "$0")/lib.sh"
disk=$dir/disk
store=$disk/store.db
export BTIPROV_DB=$store

mkdir -p "$disk"
if ! mount -t tmpfs -o size=4m bti-test "$disk"; then
	echo "1..1"
	echo "not ok 1 - ${prefix}_tmpfs (mounting one needs root)"
	exit 1
fi
unmount() { umount "$disk" 2> /dev/null; cleanup; }
trap unmount EXIT

subscriber 5550600 3691 > /dev/null
server s1 "$store" || exit 1

# the store as it stands: bindings, audit records, and SQLite's own check
snapshot() {
	"$bin/btiprov" bindings > "$dir/$1.bindings" &&
		"$bin/btiprov" audit > "$dir/$1.audit" &&
		/usr/bin/python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA integrity_check").fetchone()[0])' "$store" > "$dir/$1.integrity" &&
		grep -qx ok "$dir/$1.integrity"
}

one_device() {
	loadgen s1 -- -a 5550600 -P "$dir/pin-5550600" > "$dir/$1" 2>&1
}

first_binds() {
	one_device first && grep -q '1 provisioned, 0 failed' "$dir/first"
}

# Fill the disk, then a device: refused with the reason, in its ERROR, in
# the server's log and in its metrics, and the store holds exactly what it
# held.
refused_when_full() {
	snapshot before || return 1
	dd if=/dev/zero of="$disk/filler" bs=4k 2> /dev/null
	! one_device full &&
		grep -q 'sent ERROR 11' "$dir/full" &&
		grep -q 'reason="store: disk full"' "$dir/s1.log" &&
		/usr/bin/python3 "$top/tests/server/metrics.py" "$dir/s1.log" |
		grep -qx 'btiprovd_store_errors_total{error="disk_full"} [1-9][0-9]*'
}

nothing_half_written() {
	snapshot after &&
		cmp "$dir/before.bindings" "$dir/after.bindings" &&
		cmp "$dir/before.audit" "$dir/after.audit"
}

binds_once_there_is_room() {
	rm -f "$disk/filler"
	one_device again && grep -q '1 provisioned, 0 failed' "$dir/again" &&
		cat "$dir/first" "$dir/again" > "$dir/both" &&
		all_bound "$dir/both" 5550600 2
}

echo "1..5"
t first_binds first_binds
t refused_when_full refused_when_full
t nothing_half_written nothing_half_written
t binds_once_there_is_room binds_once_there_is_room
t server_clean stopped_clean s1
