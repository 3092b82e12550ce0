#!/bin/sh
# voice.sh OUT RESULTS: how many voice channels one core of btiprovd
# carries, from the server's CPU time per channel-second at the highest
# load the load generator holds in real time.  Each channel is a call the
# load generator (btiprov-loadgen -x voice, on the other CPUs) holds open
# keying DTMF, 50 packets a second, the calls coming in at 100 a second
# (each hears a 5 s prompt first); the server, on CPU 0, opens each packet
# and listens for keys in it (having played its prompt, it sends nothing
# until the next).  A load is held if, for $VOICE_SECONDS (60) once every
# call is up, the server took none of the device's frames more than a
# frame time after it arrived (its log's call-ended lines count them), no
# UDP socket dropped a packet, and the load generator kept time, falling
# behind by a tick at most once in a thousand.  The server's CPU time is
# taken over the held time less its first and last few seconds.  The
# reference is what one packet costs at the least: OpenSSL's AES-128-GCM
# open of it and spandsp's DTMF receiver on its 160 samples
# (voice-cost.c), measured on CPU 0 in the same run.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
seconds=${VOICE_SECONDS:-60}
bin=$out/server/build	# built by handshakes.sh
raw=$results/voice.txt

# libsrtp2 on NSS, as Debian builds it: voice-cost.c starts NSS once
libs="libsrtp2 libcrypto spandsp" nss=
if pkg-config --libs --static libsrtp2 | grep -q -- -lnss3; then
	libs="$libs nss" nss=-DBP_SRTP_NSS
fi
# shellcheck disable=SC2046,SC2086
cc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$bin/../lib" $nss \
	-o "$out/voice-cost" "$top/tests/bench/voice-cost.c" \
	"$bin/libbtiprov.a" $(pkg-config --cflags --libs $libs) -lm
taskset -c 0 "$out/voice-cost" > "$out/voice-cost.txt"
ns=$(awk '$1 == "openssl" || $1 == "dtmf_rx" { n += $2 } END { print n }' \
	"$out/voice-cost.txt")
echo "reference: $ns ns a packet (OpenSSL AES-128-GCM open + DTMF receiver)" > "$raw"
cat "$out/voice-cost.txt" >> "$raw"

. "$top/tests/server/lib.sh"
server v "$out/voice.db" "loops = 1" "max_sessions = 9000" "input_timeout = 120" \
	"session_timeout = 300"
server=$(cat "$dir/v.pid") port=$(cat "$dir/v.port") log=$dir/v.log
taskset -a -p -c 0 "$server" > /dev/null

drops() { awk '/^Udp:/ { if (h) print $4 + $7; h = 1 }' /proc/net/snmp; }
# stolen: clock ticks the host has kept this machine's CPUs from it, which
# makes frames late that no program here held up
stolen() { awk '$1 == "cpu" { print $9 }' /proc/stat; }
cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
others=1-$(($(nproc) - 1))

# calls: the server's sessions in a call now, asked from the other CPUs
calls() {
	taskset -c "$others" /usr/bin/python3 "$top/tests/server/metrics.py" "$log" |
		awk '$1 == "btiprovd_sessions{stage=\"call\"}" { print $2 }'
}

# usage N: the server's CPU time per channel-second, in ns, once all N
# calls are up and the last has heard its prompt, until shortly before
# they end; 0 if they never were all up
usage() {
	up=0
	for _ in $(seq 600); do
		[ "$(calls)" -ge "$1" ] && { up=1; break; }
		sleep 0.2
	done
	[ "$up" = 1 ] || { echo 0; return; }
	sleep 6
	c0=$(cpu) t0=$(date +%s%N)
	sleep $((seconds - 15))
	c1=$(cpu) t1=$(date +%s%N)
	echo "$c0 $c1 $t0 $t1" | awk -v n="$1" -v hz="$hz" '{
		printf "%d", ($2 - $1) / hz * 1e9 / (n * ($4 - $3) / 1e9) }'
}

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
	before=$(drops) stole=$(stolen)
	logged=$(wc -l < "$log")
	taskset -c "$others" "$bin/btiprov-loadgen" -x voice -n "$1" -d "$seconds" -R 100 \
		-s "127.0.0.1:$port" -c "$pki/ca.pem" -H prov.bti.test \
		> "$out/voice-$1.log" 2>&1 &
	lg=$!
	used=$(usage "$1")
	wait "$lg" || true
	dropped=$(($(drops) - before))
	stole=$((($(stolen) - stole) * 1000 / hz))
	settle
	line=$(grep 'calls held' "$out/voice-$1.log" || echo "no result")
	heard=$(tail -n +$((logged + 1)) "$log" |
		sed -n 's/.*event=call-ended .* frames=\([0-9]*\) late=\([0-9]*\)/\1 \2/p' |
		awk '{ f += $1; l += $2 } END { printf "%d %d", f, l }')
	echo "$1 channels: $line; server: $heard (frames heard, late); $dropped UDP packets dropped; server CPU $used ns per channel-second; host took $stole ms of CPU" >> "$raw"
	echo "$line $heard" | awk -v n="$1" -v d="$dropped" -v s="$seconds" -v u="$used" '
		$1 == n && $11 <= s * 50 / 1000 && $13 >= n * 50 * s * 0.95 &&
			$14 == 0 && d == 0 && u > 0 { ok = 1 }
		END { exit !ok }' || return 1
	held=$used
}

# from 500 up, doubling while it passes, then halving the gap
[ "$seconds" -ge 20 ] || { echo "voice: VOICE_SECONDS is at least 20"; exit 1; }
lo=0 hi=0 n=500 held=0
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
[ "$lo" != 0 ] || { echo "voice: no load held"; cat "$raw"; exit 1; }
awk -v c="$lo" -v used="$held" -v ns="$ns" 'BEGIN {
	printf "voice channels per server core: %d held in real time at %d ns of server CPU per channel-second, %d per core; reference OpenSSL AES-128-GCM open + spandsp DTMF receiver (%d ns a packet): %d per core; ratio %.2f\n",
		c, used, 1e9 / used, ns, 1e9 / (50 * ns), 50 * ns / used }'
