#!/bin/sh
# voice.sh OUT RESULTS: how many voice channels btiprovd carries on one
# core in real time.  Each channel is a call the load generator
# (btiprov-loadgen -x voice, on the other CPUs) holds open keying DTMF,
# 50 packets a second, the calls coming in at 100 a second (each hears a
# 5 s prompt first); the server, on CPU 0, decrypts each packet and
# listens for keys in it (having played its prompt, it sends nothing
# until the next).  A count passes if, held $VOICE_SECONDS (60) once every
# call is up, the server took none of the device's frames more than a
# frame time after it arrived (its log's call-ended lines count them), no
# UDP socket dropped a packet, and the load generator kept time, falling
# behind by a tick at most once in a thousand (else the count measured
# it, not the server).  The reference is the count one core would carry
# if a packet cost only libsrtp2's srtp_unprotect and spandsp's DTMF
# receiver (voice-cost.c), measured on CPU 0 in the same run.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
seconds=${VOICE_SECONDS:-60}
bin=$out/server/build	# built by handshakes.sh
raw=$results/voice.txt

# shellcheck disable=SC2046
cc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$bin/../lib" -I"$bin/../btiprovd" \
	-o "$out/voice-cost" "$top/tests/bench/voice-cost.c" \
	"$bin/obj/btiprovd/keypad.o" "$bin/libbtiprov.a" \
	$(pkg-config --cflags --libs libcrypto sqlite3 libpq json-c spandsp) \
	$(pkg-config --cflags --libs --static libsrtp2) -pthread -lm
ns=$(taskset -c 0 "$out/voice-cost")
limit=$((1000000000 / (ns * 50)))
echo "reference: $ns ns a packet (srtp_unprotect + DTMF receiver), $limit channels at 50 packets/s" > "$raw"

. "$top/tests/server/lib.sh"
server v "$out/voice.db" "loops = 1" "max_sessions = 9000" "input_timeout = 120" \
	"session_timeout = 300"
server=$(cat "$dir/v.pid") port=$(cat "$dir/v.port") log=$dir/v.log
taskset -a -p -c 0 "$server" > /dev/null

drops() { awk '/^Udp:/ { if (h) print $4 + $7; h = 1 }' /proc/net/snmp; }
others=1-$(($(nproc) - 1))

# settle: the server idle again, its last trial's sessions ended
settle() {
	for _ in $(seq 120); do
		a=$(awk '{ print $14 + $15 }' "/proc/$server/stat")
		sleep 0.5
		[ $(($(awk '{ print $14 + $15 }' "/proc/$server/stat") - a)) -le 1 ] && return
	done
}

# trial N: 0 if N calls go for $seconds with no frame late or lost
trial() {
	before=$(drops)
	logged=$(wc -l < "$log")
	taskset -c "$others" "$bin/btiprov-loadgen" -x voice -n "$1" -d "$seconds" -R 100 \
		-s "127.0.0.1:$port" -c "$pki/ca.pem" -H prov.bti.test \
		> "$out/voice-$1.log" 2>&1 || true
	dropped=$(($(drops) - before))
	settle
	line=$(grep 'calls held' "$out/voice-$1.log" || echo "no result")
	heard=$(tail -n +$((logged + 1)) "$log" |
		sed -n 's/.*event=call-ended .* frames=\([0-9]*\) late=\([0-9]*\)/\1 \2/p' |
		awk '{ f += $1; l += $2 } END { printf "%d %d", f, l }')
	echo "$1 channels: $line; server: $heard (frames heard, late); $dropped UDP packets dropped" >> "$raw"
	echo "$line $heard" | awk -v n="$1" -v d="$dropped" -v s="$seconds" '
		$1 == n && $11 <= s * 50 / 1000 && $13 >= n * 50 * s * 0.95 &&
			$14 == 0 && d == 0 { ok = 1 }
		END { exit !ok }'
}

# from 500 up, doubling while it passes, then halving the gap
lo=0 hi=0 n=500
for _ in 1 2 3 4 5 6 7; do
	if trial "$n"; then lo=$n; else hi=$n; fi
	if [ "$hi" = 0 ]; then
		n=$((n * 2))
	elif [ $((hi - lo)) -le $((hi / 20)) ] || [ $((hi - lo)) -le 100 ]; then
		break
	else
		n=$(((lo + hi) / 2))
	fi
done
# what a packet costs with the keys of that many channels open, both ways
[ "$lo" = 0 ] || echo "$(taskset -c 0 "$out/voice-cost" $((2 * lo))) ns a packet with the keys of $lo channels open" >> "$raw"
awk -v c="$lo" -v l="$limit" -v ns="$ns" -v s="$seconds" 'BEGIN {
	printf "voice channels on one server core: %d with no late frame in %d s; reference libsrtp2 unprotect + spandsp DTMF (%d ns a packet): %d channels; ratio %.2f\n", c, s, ns, l, c / l }'
