#!/bin/sh
# srtp.sh OUT RESULTS: what opening one voice packet costs on each SRTP
# backend (voice-cost.c, srtp-libre.c), with one channel's keys held and
# with a thousand's, on CPU 0.  The libraries must seal the first packet
# alike, or they are not doing the same work.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
raw=$results/srtp-backends.txt

# voice-cost is built by voice.sh
# shellcheck disable=SC2046
cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$out/srtp-libre" \
	"$top/tests/bench/srtp-libre.c" $(pkg-config --cflags --libs libre spandsp)

: > "$raw"
for n in 1 1000; do
	for p in voice-cost srtp-libre; do
		taskset -c 0 "$out/$p" "$n" > "$out/$p-$n"
		sed "s/^/$n /" "$out/$p-$n" >> "$raw"
	done
done
[ "$(awk 'NF == 4 { print $4 }' "$raw" | sort -u | wc -l)" = 1 ] ||
	{ echo "srtp: the libraries seal the same packet differently"; cat "$raw"; exit 1; }
awk '$1 == 1000 { ns[$2] = $3 } END {
	if (!ns["libsrtp2"] || !ns["libsrtp2+ossl"] || !ns["libre"] || !ns["openssl"])
		exit 1
	printf "SRTP open of a voice packet, 1000 channels keyed: libsrtp2 on NSS (Debian'"'"'s build) %d ns; libsrtp2 with AES-GCM on OpenSSL %d ns; libre 1.1.0 %d ns; reference OpenSSL AES-128-GCM alone %d ns; ratio %.2f\n",
		ns["libsrtp2"], ns["libsrtp2+ossl"], ns["libre"], ns["openssl"], ns["libsrtp2+ossl"] / ns["openssl"]
}' "$raw" > "$out/srtp-figure"
tee -a "$raw" < "$out/srtp-figure"
