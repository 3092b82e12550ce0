#!/bin/sh
# flood.sh OUT RESULTS: a real device's time to provision while btiprovd
# is flooded, against its time with no flood.  The server keeps its
# defaults for what a flood meets (request_timeout 10 s, 16 sessions from
# an address) and carries 64 sessions; the flood, from 127.0.0.2, holds
# ten times that many connections open, each opened again as soon as the
# server ends it (tests/server/flood.py): idle connections, then REQUESTs
# that go no further.  Meanwhile $FLOOD_DEVICES (5) devices from
# 127.0.0.1 provision one after another, keying their account number and
# PIN in real time.  Prints their mean time to provision, which the IVR's
# prompts and keying set, and the p99 of their protocol round trips,
# which the server's load sets, each against the same with no flood.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
bin=$out/server/build	# built by handshakes.sh
devices=${FLOOD_DEVICES:-5} sessions=64
raw=$results/flood.txt
. "$top/tests/server/lib.sh"
export BTIPROV_DB="$out/flood.db"
rm -f "$BTIPROV_DB"

subscriber 5550600 2468 > /dev/null
server f "$BTIPROV_DB" "loops = 1" "max_sessions = $sessions" \
	"request_timeout = 10" "max_per_address = 16" "max_per_prefix = 32" \
	"session_timeout = 60" "input_timeout = 20"
server=$(cat "$dir/f.pid") port=$(cat "$dir/f.port")
taskset -a -p -c 0 "$server" > /dev/null
others=1-$(($(nproc) - 1))

# devices NAME: the devices provision; "SECONDS P99" of their run
devices() {
	taskset -c "$others" "$bin/btiprov-loadgen" -s "127.0.0.1:$port" \
		-c "$pki/ca.pem" -H prov.bti.test -a 5550600 \
		-P "$dir/pin-5550600" -n "$devices" -j 1 > "$out/flood-$1.log"
	grep -q "^$devices provisioned, 0 failed" "$out/flood-$1.log" ||
		{ cat "$out/flood-$1.log" >&2; return 1; }
	awk -v n="$devices" '/^exchanges/ { p99 = $7 }
		/provisioned, .* failed in/ { s = $6 }
		END { printf "%.2f %.2f\n", s / n, p99 }' "$out/flood-$1.log"
}

# flooded MODE: the devices' figures under a flood of MODE
flooded() {
	taskset -c "$others" /usr/bin/python3 "$top/tests/server/flood.py" \
		"$port" 127.0.0.2 3600 "$((10 * sessions))" "$1" \
		> "$out/flood-$1.count" &
	flood=$!
	sleep 2
	devices "$1" || { kill -TERM "$flood"; wait "$flood"; return 1; }
	kill -TERM "$flood"
	wait "$flood"
	echo "flood ($1): $(cat "$out/flood-$1.count")" >> "$raw"
	# a flood that never filled its address's share was no flood: the
	# figures would be the quiet ones again
	awk '$1 == "busy" && $2 > 0 { took = 1 } END { exit !took }' \
		"$out/flood-$1.count" ||
		{ echo "flood.sh: the $1 flood was never turned away" >&2; return 1; }
}

devices quiet > "$out/flood-quiet.figures"
read -r quiet_s quiet_p99 < "$out/flood-quiet.figures"
echo "no flood: $devices devices, $quiet_s s each, round trips p99 $quiet_p99 ms" > "$raw"
for mode in idle request; do
	flooded "$mode" > "$out/flood-$mode.figures"
	read -r s p99 < "$out/flood-$mode.figures"
	echo "$mode flood: $s s each, round trips p99 $p99 ms" >> "$raw"
	awk -v m="$mode" -v s="$s" -v q="$quiet_s" -v p="$p99" -v qp="$quiet_p99" \
		-v c="$((10 * sessions))" 'BEGIN {
		printf "under a flood of %d %s connections from one address: a device provisions in %.2f s, round trips p99 %.1f ms; reference no flood: %.2f s, p99 %.1f ms; ratio %.2f\n",
			c, m == "idle" ? "idle" : "REQUEST-only", s, p, q, qp, s / q }'
done
