#!/bin/sh
# storm.sh OUT RESULTS: $STORM_DEVICES (10,000) devices provisioned by
# btiprov-loadgen, $STORM_AT_ONCE (400) at a time, arriving at up to 100 a
# second (four times what the PIN checks let through), each keying its
# account number and PIN in real time, against two btiprovd instances sharing a
# throwaway PostgreSQL.  Prints bindings per second against the rate the
# machine's CPUs can check PINs at (scrypt, as btiprov sets them; the one
# cost every binding must pay), the protocol's round trips (REQUEST to
# SERVER_HELLO, KEY_TRANSPORT to KEY_CONFIRM, USER_KEY to PROVISIONED:
# the IVR's audio is not in them) against the 100 ms target, and the
# server's memory per session, from 1000 calls held open on one instance.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
bin=$out/server/build	# built by handshakes.sh
devices=${STORM_DEVICES:-10000} at_once=${STORM_AT_ONCE:-400}
raw=$results/storm.txt
. "$top/tests/server/lib.sh"
pgdir=/tmp/bti-pg-storm-$$	# PostgreSQL runs as its own user: not under $dir
trap '"$top/tests/server/pg.sh" stop "$pgdir"; cleanup' EXIT
BTIPROV_DB=$("$top/tests/server/pg.sh" start "$pgdir")
export BTIPROV_DB

subscriber 5550500 1357 > /dev/null || exit 1
for s in s1 s2; do
	server "$s" "$BTIPROV_DB" "max_sessions = 9000" \
		"session_timeout = 300" "input_timeout = 30" || exit 1
done

# memory: the first instance's growth with 1000 calls held, at its most
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$(cat "$dir/s1.pid")/status"; }
idle=$(rss) most=0
loadgen s1 -- -x voice -n 1000 -d 4 > "$dir/held" 2>&1 &
held=$!
while kill -0 "$held" 2> /dev/null; do
	now=$(rss)
	[ "$now" -le "$most" ] || most=$now
	sleep 0.2
done
wait "$held" || { cat "$dir/held"; exit 1; }
per_session=$(((most - idle) * 1024 / 1000))
echo "memory: $idle KiB idle, $most KiB with 1000 calls held: $per_session bytes a session" > "$raw"

# the reference: scrypt checks a second, one on each CPU
t0=$(date +%s%N)
for _ in 1 2 3 4 5 6 7 8 9 10; do
	openssl kdf -keylen 32 -kdfopt pass:1357 -kdfopt salt:0123456789abcdef \
		-kdfopt n:32768 -kdfopt r:8 -kdfopt p:1 SCRYPT > /dev/null
done
pins=$(awk -v ns="$(($(date +%s%N) - t0))" -v c="$(nproc)" \
	'BEGIN { printf "%.1f", c * 10 / (ns / 1e9) }')
echo "reference: scrypt 2^15 (as btiprov sets PINs), $pins checks/s on $(nproc) CPUs" >> "$raw"

loadgen s1 s2 -- -a 5550500 -P "$dir/pin-5550500" -n "$devices" \
	-j "$at_once" -R 100 > "$dir/storm" 2> "$dir/storm.err" || true
grep -v '^provisioned\|^$' "$dir/storm" >> "$raw"
head -n 5 "$dir/storm.err" >> "$raw"
if all_bound "$dir/storm" 5550500 "$devices" >> "$raw"; then
	correct="all $devices bound correctly"
else
	correct="NOT all $devices bound correctly"
fi
echo "$correct" >> "$raw"

awk -v pins="$pins" -v correct="$correct" -v mem="$per_session" '
	/ provisioned, / { bound = $1; wall = $(NF - 1) }
	/^exchanges/ { p50 = $4; p99 = $7 }
	END {
		rate = wall > 0 ? bound / wall : 0
		printf "provisioning storm, two btiprovd on PostgreSQL: %s, %.1f bindings/s; reference scrypt PIN checks on every CPU: %.1f/s; ratio %.2f\n", correct, rate, pins, rate / pins
		printf "provisioning storm round trips: p50 %.1f ms, p99 %.1f ms; reference the 100 ms target; ratio %.2f\n", p50, p99, p99 / 100
		printf "server memory per session (1000 calls held): %d bytes\n", mem
	}' "$dir/storm"
