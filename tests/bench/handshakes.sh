#!/bin/sh
# handshakes.sh OUT RESULTS: btiprovd's handshakes per second of its CPU,
# keys only (btiprov-loadgen -x keys: REQUEST to KEY_CONFIRM, no call),
# against the handshake's own cryptography alone in a tight loop
# (handshake-crypto.c): the server's ephemeral key, its share of the KEM
# (HPKE on P-256 for suite 1, RSA-2048 OAEP for suite 2), the key schedule,
# the AEAD and the transcript's hashes and MACs.  OpenSSL's rate for the
# one private-key operation is recorded beside it.  The server runs on
# CPU 0 and so does the reference; the load generator on the others.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
rm -rf "$out/server"
cp -r "$top/server" "$out/server"
make -s -C "$out/server" clean > /dev/null
make -s -C "$out/server" btiprovd btiprov btiprov-loadgen prompts > "$out/server-build.log" 2>&1 ||
	{ cat "$out/server-build.log"; exit 1; }
bin=$out/server/build

. "$top/tests/server/lib.sh"
cat "$pki/server-rsa.pem" "$pki/ca.pem" > "$out/rsa-chain.pem"
server h "$out/handshakes.db" "loops = 1" "rsa_key = $pki/server-rsa.key" \
	"rsa_chain = $out/rsa-chain.pem" "max_sessions = 9000"
server=$(cat "$dir/h.pid") port=$(cat "$dir/h.port")
taskset -a -p -c 0 "$server" > /dev/null

# cpu: the server's CPU time so far, in clock ticks
cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
others=1-$(($(nproc) - 1))

# run SUITE: handshakes per second of server CPU
run() {
	before=$(cpu)
	taskset -c "$others" "$bin/btiprov-loadgen" -x keys -S "$1" -n 8 -r "$2" \
		-s "127.0.0.1:$port" -c "$pki/ca.pem" -H prov.bti.test \
		> "$out/loadgen-$1.log"
	after=$(cpu)
	done=$(awk '{ print $1 }' "$out/loadgen-$1.log")
	wall=$(awk '{ print $4 }' "$out/loadgen-$1.log")
	echo "suite $1: $done handshakes in $wall s, server CPU $(((after - before) * 1000 / hz)) ms" \
		>> "$results/handshakes.txt"
	awk -v n="$done" -v t="$((after - before))" -v hz="$hz" \
		'BEGIN { printf "%d", n * hz / (t > 0 ? t : 1) }'
}

: > "$results/handshakes.txt"
# shellcheck disable=SC2046
cc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$bin/../lib" \
	-o "$out/handshake-crypto" "$top/tests/bench/handshake-crypto.c" \
	"$bin/libbtiprov.a" $(pkg-config --cflags --libs libcrypto)
ref() {
	if [ "$1" = 1 ]; then
		taskset -c 0 "$out/handshake-crypto" 1 "$pki/server-p256.key" \
			"$pki/server-p256.pem" "$pki/ca.pem"
	else
		taskset -c 0 "$out/handshake-crypto" 2 "$pki/server-rsa.key" \
			"$out/rsa-chain.pem"
	fi
}

# figure SUITE ROUNDS: "server reference" from the pair whose ratio is the
# median of three.  This machine's speed drifts by a fifth from one run
# to the next; a server run and a reference run back to back share it.
figure() {
	for _ in 1 2 3; do
		h=$(run "$1" "$2")
		r=$(ref "$1")
		echo "suite $1 reference: $r/s" >> "$results/handshakes.txt"
		echo "$h $r"
	done | awk '{ print $1 / $2, $0 }' |
		sort -n | sed -n '2s/^[^ ]* //p'
}

# shellcheck disable=SC2046
set -- $(figure 1 500) $(figure 2 250)
s1=$1 ref1=$2 s2=$3 ref2=$4
ecdh=$(taskset -c 0 openssl speed -seconds 5 ecdhp256 2> /dev/null |
	awk '/ecdh \(nistp256\)/ { print int($NF) }')
rsa=$(taskset -c 0 openssl speed -seconds 5 rsa2048 2> /dev/null |
	awk '/^rsa 2048 bits/ { print int($(NF - 1)) }')
echo "openssl ecdhp256 $ecdh op/s, rsa2048 private $rsa op/s" >> "$results/handshakes.txt"
awk -v h="$s1" -v r="$ref1" 'BEGIN {
	printf "server handshakes, suite 1: %d per CPU second; reference the handshake'"'"'s cryptography alone: %d/s; ratio %.2f\n", h, r, h / r }'
awk -v h="$s2" -v r="$ref2" 'BEGIN {
	printf "server handshakes, suite 2: %d per CPU second; reference the handshake'"'"'s cryptography alone: %d/s; ratio %.2f\n", h, r, h / r }'
