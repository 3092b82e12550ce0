#!/bin/sh
# make-prompts.sh LIST OUTDIR: speak each prompt of LIST into OUTDIR/NAME.ul
# (G.711 mu-law, 8 kHz, mono, no header).  The same inputs give the same
# bytes: espeak-ng and sox draw nothing at random, and sox is told not to
# dither.
set -eu

list=$1 out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$list" | while IFS='	' read -r name text; do
	[ -n "$name" ] || continue
	espeak-ng -v en-us -s 150 -w "$tmp/$name.wav" "$text"
	sox -D -V1 "$tmp/$name.wav" -r 8000 -c 1 -t ul "$out/$name.ul" \
		norm -3
done
