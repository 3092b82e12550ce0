#!/bin/sh
# dtmf.sh OUT RESULTS: the software DTMF detector's cost per 20 ms frame
# against spandsp's dtmf_rx on the same frames (dtmf-cost.c), on the
# speech of tests/dtmf/talk-off.sh and keyed digits, both on CPU 0.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 results=$2
mkdir -p "$out/dtmf"
"$top/tests/dtmf/talk-off.sh" "$out/dtmf" > "$out/dtmf/talk-off.txt"
cc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$top/tests/dtmf/shim" \
	-I"$top/driver/core" -o "$out/dtmf-cost" "$top/tests/bench/dtmf-cost.c" \
	-lspandsp -lm
taskset -c 0 "$out/dtmf-cost" "$out/dtmf/speech.s16" > "$results/dtmf.txt"
read -r bti ref frames < "$results/dtmf.txt"
awk -v b="$bti" -v r="$ref" -v n="$frames" 'BEGIN {
	printf "DTMF detection per 20 ms frame (%d frames of speech and digits): bti %d ns; reference spandsp dtmf_rx %d ns; ratio %.2f\n", n, b, r, b / r
}' | tee -a "$results/dtmf.txt"
